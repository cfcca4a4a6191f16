"""What the session socket does, apart from the socket (synchronous ORM code).

The consumer calls these through ``database_sync_to_async``.  Every change
is written to the database *before* it is announced on the channel layer,
so a client that connects at any moment gets a state at least as new as
the last frame it missed.  Refusals that need the database (a step past
the run's end, a question that is not open) raise ``Refused``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from channels import DEFAULT_CHANNEL_LAYER
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from playground.classroom import access, questions
from playground.classroom.models import Answer, LiveSession, Participant, Question
from playground.classroom.protocol import Message, public_question
from playground.classroom.runsteps import state_at, steps_from
from playground.frames import dumps
from playground.studio import ratelimit, store
from playground.studio.models import Run, RunStatus

LEAD = "lead"
STUDENT = "student"
HISTOGRAM_BINS = 12  # distinct numeric answers shown; the rest are counted as "other"


class Refused(Exception):
    """A well-formed message that cannot be carried out now; the reason is for the sender."""


@dataclass(frozen=True)
class Connection:
    """Who is on a socket: the session, the role, and the participant for students."""

    session_id: int
    code: str
    role: str
    participant_id: int | None
    run_id: str


SESSION_LAYER = "sessions"


def layer_alias() -> str:
    """The channel layer of session sockets: ``sessions`` (Redis pub/sub) when
    configured, else ``default`` (tests run on one in-memory layer)."""
    return SESSION_LAYER if SESSION_LAYER in settings.CHANNEL_LAYERS else DEFAULT_CHANNEL_LAYER


def group_name(code: str) -> str:
    """Everyone in the session: state, questions, reveals."""
    return f"session.{code}"


def lead_group_name(code: str) -> str:
    """The instructor's sockets only: presence and live histograms."""
    return f"session.{code}.lead"


def open_connection(code: str, user: Any, django_session: Any,
                    address: str = "unknown") -> Connection | tuple[int, str]:
    """The connection for this visitor, or ``(close code, reason)`` when refused.

    Against guessing codes, a visitor with no seat who cannot lead is told
    one and the same thing (close code 4404, one reason) whether the code is
    unknown, the session ended or it is locked, and each such miss is counted
    for ``address`` in the ``join-misses`` bucket the join page also spends
    (``CLASSROOM_JOIN_MISSES_PER_MINUTE``); over the budget the socket closes
    with 4429.  Someone who leads or has a seat learns that the session
    ended (4410).
    """
    session = LiveSession.objects.filter(code=code).first()
    if session is not None and access.can_lead(user, session):
        if not session.is_live:
            return 4410, _("This session has ended.")
        return Connection(session.pk, session.code, LEAD, None, session.run_id)
    participant = (access.participant_for(session, user, django_session)
                   if session is not None else None)
    if participant is None:
        return missed_code(code, address)
    if not session.is_live:
        return 4410, _("This session has ended.")
    # The join view checked may_join when the participant was created.
    return Connection(session.pk, session.code, STUDENT, participant.pk, session.run_id)


def missed_code(code: str, address: str) -> tuple[int, str]:
    """The one refusal for a code that leads nowhere for this visitor, counted as a miss."""
    limit = settings.CLASSROOM_JOIN_MISSES_PER_MINUTE
    if ratelimit.peek("join-misses", address) >= limit:
        return 4429, _("Too many wrong session codes from your address; "
                       "wait a minute and try again.")
    ratelimit.spend("join-misses", address, limit)
    return 4404, _("You are not in an open session with the code %(code)s. Join it at "
                   "/join/%(code)s/ with the code on the projector.") % {"code": code}


def session_info(session: LiveSession, lead: bool = True) -> dict[str, Any]:
    """What a client needs to show the session's run.

    Only the instructor is given the run (its id streams every step); a
    student's steps come through the session socket, up to the
    instructor's step (``student_steps``).
    """
    info: dict[str, Any] = {"code": session.code, "title": session.title, "open": session.open}
    if lead:
        info["run"] = {"id": session.run_id, "ws": f"/ws/runs/{session.run_id}/"}
        info["step_count"] = session.run.step_count
    return info


# --- A student's steps: never past the instructor's step ----------------------

# A welcome or catch-up carries at most this many steps per frame.
STEPS_PER_FRAME = 500
# A state change carries its new steps to the whole group when it moves on
# at most this many (playback moves one at a time); after a longer jump
# each student's socket reads what it lacks, keeping channel messages small.
STEPS_PER_STATE = 64


def step_texts(run_id: str, start: int, stop: int) -> list[str]:
    """Stored steps ``start`` .. ``stop - 1``, each as its own JSON text."""
    texts: list[str] = []
    while start + len(texts) < stop:
        batches = store.stored_batches(run_id, start + len(texts), stop)
        if not batches:
            break
        for _first, _count, text in batches:
            texts.extend(dumps(step) for step in json.loads(text))
    return texts


def steps_frame_text(first: int, texts: list[str]) -> str:
    """``session.steps`` ``{from, steps}``, joined from already-encoded steps."""
    return f'{{"type":"session.steps","from":{first},"steps":[{",".join(texts)}]}}'


def with_steps(state_text: str, first: int, texts: list[str]) -> str:
    """A ``session.state`` frame's text with ``"steps": {from, steps}`` added (for students)."""
    return f'{state_text[:-1]},"steps":{{"from":{first},"steps":[{",".join(texts)}]}}}}'


def final_result(run_id: str, step: int) -> str | None:
    """The run's result as JSON text when ``step`` is its last step and it completed, else None."""
    row = Run.objects.filter(pk=run_id).values_list("status", "step_count", "result_json").first()
    if row is None or row[0] != RunStatus.COMPLETED or step < row[1] - 1 or not row[2]:
        return None
    return row[2]


def result_frame_text(result_json: str) -> str:
    """``session.result`` ``{result}``: sent to students once the instructor is at the last step."""
    return f'{{"type":"session.result","result":{result_json}}}'


def student_catch_up(run_id: str, sent: int, step: int) -> tuple[list[str], int, str | None]:
    """Frames that bring a student holding steps ``0 .. sent - 1`` to ``step``.

    Returns the frames (texts), the new count of steps held, and the result
    text when ``step`` is the run's last (the caller sends it once).
    """
    texts = step_texts(run_id, sent, step + 1) if step >= sent else []
    frames = [steps_frame_text(sent + k, texts[k:k + STEPS_PER_FRAME])
              for k in range(0, len(texts), STEPS_PER_FRAME)]
    return frames, sent + len(texts), final_result(run_id, step)


def welcome(conn: Connection) -> dict[str, Any]:
    """The first frame on a socket: role, session, state, the latest question."""
    session = LiveSession.objects.select_related("run").get(pk=conn.session_id)
    you = None
    if conn.participant_id is not None:
        participant = Participant.objects.get(pk=conn.participant_id)
        you = {"id": participant.pk, "name": participant.display_name}
    frame: dict[str, Any] = {"type": "session.welcome", "role": conn.role, "you": you,
                             "session": session_info(session, conn.role == LEAD),
                             "state": session.state(),
                             "question": None}
    if conn.role != LEAD:
        # The first steps a student's page shows (the rest, if any, follow in session.steps).
        upto = min(session.step + 1, STEPS_PER_FRAME)
        frame["steps"] = {"from": 0, "steps": [json.loads(t) for t in step_texts(session.run_id, 0, upto)]}
    question = session.questions.order_by("-asked", "-id").first()
    if question is not None:
        frame["question"] = public_question(question)
        if conn.participant_id is not None:
            mine = Answer.objects.filter(question=question, participant_id=conn.participant_id).first()
            if mine is not None:  # absent when unanswered: null is an answer (a failed allocation)
                frame["answer"] = mine.value
        counts, answered = histogram(question)
        if not question.is_open:
            frame["revealed"] = {"correct": question.correct, "counts": counts, "answered": answered}
        elif conn.role == LEAD:
            frame["histogram"] = {"counts": counts, "answered": answered}
    return frame


# --- Presence ---------------------------------------------------------------

def presence_list(session_id: int) -> list[dict[str, Any]]:
    """Every participant of the session, for the instructor's list."""
    return [p.presence() for p in Participant.objects.filter(session_id=session_id)]


def change_presence(participant_id: int, delta: int) -> tuple[dict[str, Any], int] | None:
    """Count a socket opening (+1) or closing (-1); the participant and the present count."""
    with transaction.atomic():
        updated = Participant.objects.filter(pk=participant_id)
        if delta < 0:
            updated = updated.filter(connections__gt=0)
        updated.update(connections=F("connections") + delta, last_seen=timezone.now())
        participant = Participant.objects.filter(pk=participant_id).first()
        if participant is None:
            return None
        present = Participant.objects.filter(session_id=participant.session_id,
                                             connections__gt=0).count()
    return participant.presence(), present


# --- Driving playback ---------------------------------------------------------

def _step_count(run_id: str) -> int:
    return Run.objects.filter(pk=run_id).values_list("step_count", flat=True).first() or 0


def drive(conn: Connection, message: Message) -> tuple[dict[str, Any], int]:
    """Apply play/pause/seek/speed; the new state (with ``seq`` advanced) and the step before."""
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=conn.session_id)
        if not session.is_live:
            raise Refused(_("This session has ended."))
        before = session.step
        if message.type == "seek":
            step = message.fields["step"]
            count = _step_count(session.run_id)
            if step >= max(count, 1):
                raise Refused(_("seek: step %(step)s is past the run's last step (%(last)s)")
                              % {"step": step, "last": max(count - 1, 0)})
            session.step = step
        elif message.type == "play":
            session.playing = True
        elif message.type == "pause":
            session.playing = False
        elif message.type == "speed":
            session.speed = message.fields["speed"]
        session.seq += 1
        session.save(update_fields=["step", "playing", "speed", "seq"])
        return session.state(), before


# --- Questions ----------------------------------------------------------------

def ask(conn: Connection, kind: str, params: dict[str, Any]) -> tuple[Question, dict[str, Any]]:
    """Ask a question at the session's current step; it pauses playback.

    Returns the question and the new playback state.  Refused while another
    question is open, before the run has completed, or when the engine's run
    cannot answer it from here.
    """
    session = LiveSession.objects.select_related("run").get(pk=conn.session_id)
    if not session.is_live:
        raise Refused(_("This session has ended."))
    if session.questions.filter(revealed__isnull=True).exists():
        raise Refused(_("Reveal the open question before asking another."))
    run = session.run
    if run.status != RunStatus.COMPLETED:
        raise Refused(_("The run has not finished yet; ask once it has.")
                      if run.status != RunStatus.FAILED else
                      _("The run failed, so the engine cannot answer questions about it."))
    try:
        spec = questions.make_question(
            kind, params, steps_after=steps_from(run.pk, session.step + 1),
            state=state_at(run.pk, session.step), scenario=run.scenario_dict(),
            result=run.result())
    except questions.Unanswerable as exc:
        raise Refused(str(exc)) from None
    with transaction.atomic():
        question = Question.objects.create(
            session=session, kind=spec.kind, params_json=dumps(spec.params),
            prompt=spec.prompt[:300], choices_json=dumps(spec.choices),
            correct_json=dumps(spec.correct), step=session.step)
        locked = LiveSession.objects.select_for_update().get(pk=session.pk)
        locked.playing = False
        locked.seq += 1
        locked.save(update_fields=["playing", "seq"])
    return question, locked.state()


def _open_question(conn: Connection, question_id: int) -> Question:
    question = Question.objects.filter(pk=question_id, session_id=conn.session_id).first()
    if question is None:
        raise Refused(_("There is no question %(id)s in this session.") % {"id": question_id})
    if not question.is_open:
        raise Refused(_("This question has been revealed; answers are closed."))
    return question


def answer(conn: Connection, question_id: int, value: Any) -> tuple[Any, list[dict[str, Any]], int]:
    """Store (or change) the participant's answer; the stored value and the new counts."""
    question = _open_question(conn, question_id)
    problem = questions.check_answer_value(question.kind, question.choices, value)
    if problem is not None:
        raise Refused(_("answer: %(problem)s") % {"problem": problem})
    value = questions.normalize_value(value, question.choices)
    Answer.objects.update_or_create(question=question, participant_id=conn.participant_id,
                                    defaults={"value_json": dumps(value)})
    counts, answered = histogram(question)
    return value, counts, answered


def reveal(conn: Connection, question_id: int) -> tuple[Question, list[dict[str, Any]], int]:
    """Close the question and give its correct answer with the final counts."""
    with transaction.atomic():
        question = _open_question(conn, question_id)
        question.revealed = timezone.now()
        question.save(update_fields=["revealed"])
    counts, answered = histogram(question)
    return question, counts, answered


def histogram(question: Question) -> tuple[list[dict[str, Any]], int]:
    """``([{"answer", "count"}], how many answered)``: counts only, never names.

    A choice question lists every choice in order (zeros included); a number
    question its most common answers, then ``{"other": true, "count"}``.
    """
    rows = (Answer.objects.filter(question=question).values("value_json")
            .annotate(n=Count("id")).values_list("value_json", "n"))
    tally = {json.loads(text): n for text, n in rows}
    answered = sum(tally.values())
    choices = question.choices
    if choices is not None:
        return [{"answer": c, "count": tally.get(c, 0)} for c in choices], answered
    ranked = sorted(tally.items(), key=lambda item: (-item[1], item[0] is None, item[0] or 0))
    shown = sorted(ranked[:HISTOGRAM_BINS], key=lambda item: (item[0] is None, item[0] or 0))
    counts: list[dict[str, Any]] = [{"answer": v, "count": n} for v, n in shown]
    rest = sum(n for _, n in ranked[HISTOGRAM_BINS:])
    if rest:
        counts.append({"answer": None, "other": True, "count": rest})
    return counts, answered


def end_session(session: LiveSession) -> bool:
    """Mark the session ended; False if it already was."""
    updated = LiveSession.objects.filter(pk=session.pk, ended__isnull=True).update(
        ended=timezone.now(), playing=False, seq=F("seq") + 1)
    return bool(updated)
