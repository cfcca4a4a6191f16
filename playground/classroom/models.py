"""Live classroom sessions: who leads, who joined, what was asked and answered.

A ``LiveSession`` plays one run of one scenario for a class.  Its playback
state (``step``, ``playing``, ``speed``) lives in the database so that a
student who joins late, or whose socket drops, lands on the instructor's
current step; ``seq`` grows by one with every change, so a client can drop
a state frame older than one it already applied.

JSON values (a question's choices and correct answer, an answer's value)
are stored as text, like the studio's models: they go out on the socket as
they are.
"""
from __future__ import annotations

import json
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from playground.accounts.models import Course
from playground.classroom.questions import prompt_text
from playground.studio.models import Run, Scenario

# Upper-case letters and digits that cannot be mistaken for each other when
# read off a projector from the back row: no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V.
CODE_ALPHABET = "ACEFGHJKMNPRTWXY34679"
# 21**8 is about 38 billion codes; with lookups throttled per address
# (CLASSROOM_JOIN_MISSES_PER_MINUTE) guessing a live one takes centuries.
CODE_LENGTH = 8
# Codes made before codes grew to 8 characters still work.
LEGACY_CODE_LENGTH = 5

# The player's speeds (static/playground/js/player.js SPEEDS).
SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0)


def new_session_code() -> str:
    """A random join code such as "K7M4RX9A" (21**8, about 38 billion codes)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_session_code(text: str) -> str:
    """A code as typed ("k7m 4r") in canonical form ("K7M4R")."""
    return "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")


class LiveSession(models.Model):
    """One live lecture on one run, led by ``instructor``.

    ``open`` sessions let anyone join with a display name; closed ones only
    logged-in users (members of ``course`` when there is one).
    """

    code = models.CharField(_("join code"), max_length=8, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200, blank=True)
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="live_sessions",
                                 verbose_name=_("scenario"))
    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="live_sessions",
                            verbose_name=_("run"))
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="led_sessions", verbose_name=_("instructor"))
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="live_sessions", verbose_name=_("course"))
    open = models.BooleanField(_("open to anyone with the code"), default=False)
    # Locked: nobody new may join; everyone already seated stays.
    locked = models.BooleanField(_("locked to new participants"), default=False)
    step = models.PositiveIntegerField(_("current step"), default=0)
    playing = models.BooleanField(_("playing"), default=False)
    speed = models.FloatField(_("speed"), default=1.0)
    seq = models.PositiveBigIntegerField(default=0, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    ended = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Give a new session a code no other session has."""
        if not self.code:
            self.code = self._unused_code()
        super().save(*args, **kwargs)

    @staticmethod
    def _unused_code() -> str:
        # Codes are never reused, so an old link cannot land in a new class.
        while True:
            code = new_session_code()
            if not LiveSession.objects.filter(code=code).exists():
                return code

    @property
    def is_live(self) -> bool:
        """True until the instructor ends the session."""
        return self.ended is None

    def state(self) -> dict[str, Any]:
        """The playback state as sent to clients."""
        return {"step": self.step, "playing": self.playing, "speed": self.speed, "seq": self.seq}


class Participant(models.Model):
    """Someone who joined a session: a user, or an anonymous visitor with a name.

    ``connections`` counts the sockets open now (a student may have two
    tabs); the participant is present while it is above zero.
    """

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE,
                                related_name="participants", verbose_name=_("session"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="session_participations",
                             verbose_name=_("user"))
    display_name = models.CharField(_("display name"), max_length=40)
    connections = models.PositiveIntegerField(default=0)
    joined = models.DateTimeField(_("joined"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), auto_now=True)

    class Meta:
        ordering = ["display_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_participant_per_user",
                                    condition=models.Q(user__isnull=False)),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.display_name} in {self.session_id}"

    @property
    def connected(self) -> bool:
        return self.connections > 0

    def presence(self) -> dict[str, Any]:
        """What the instructor's presence list shows about this participant."""
        return {"id": self.pk, "name": self.display_name, "connected": self.connected}


class Question(models.Model):
    """A predict-then-reveal question asked at ``step`` of the session's run.

    ``choices_json`` is a JSON list of strings for a multiple-choice question
    and ``null`` for a number; ``correct_json`` is the answer the engine
    computed, sent to students only once ``revealed`` is set.
    """

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE,
                                related_name="questions", verbose_name=_("session"))
    kind = models.CharField(_("kind"), max_length=32)
    params_json = models.TextField(default="{}")
    prompt = models.CharField(_("prompt"), max_length=300)
    choices_json = models.TextField(default="null")
    correct_json = models.TextField()
    step = models.PositiveIntegerField(_("step"))
    asked = models.DateTimeField(_("asked"), auto_now_add=True)
    revealed = models.DateTimeField(_("revealed"), null=True, blank=True)

    class Meta:
        ordering = ["session", "asked", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.prompt

    @property
    def said_prompt(self) -> str:
        """The prompt in the active language (names as the scenario typed them);
        the stored one, in the asker's language, when its facts were not kept."""
        return prompt_text(self.kind, self.params) or self.prompt

    @property
    def choices(self) -> list[str] | None:
        return json.loads(self.choices_json)

    @property
    def correct(self) -> Any:
        return json.loads(self.correct_json)

    @property
    def params(self) -> dict[str, Any]:
        return json.loads(self.params_json)

    @property
    def is_open(self) -> bool:
        return self.revealed is None


class Answer(models.Model):
    """One participant's answer to one question; changeable until the reveal."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("question"))
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE,
                                    related_name="answers", verbose_name=_("participant"))
    value_json = models.TextField()
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "participant"],
                                    name="one_answer_per_participant"),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.value_json}"

    @property
    def value(self) -> Any:
        return json.loads(self.value_json)
