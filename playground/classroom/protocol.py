"""The session websocket's messages: parsing what clients send, building frames.

Every message, both ways, is a small JSON object with a ``type``.

Client to server (``parse`` checks each; anything else is refused with an
``error`` frame and changes nothing):

====================  ==============================================  ===========
type                  fields                                          who
====================  ==============================================  ===========
``play``, ``pause``   none                                            instructor
``seek``              ``step``: whole number, 0 .. step count - 1     instructor
``speed``             ``speed``: one of 0.5, 1, 2, 4, 8               instructor
``ask``               ``kind``: a question kind; ``process`` (str)    instructor
                      for ``waiting_time``
``reveal``            ``question``: the open question's id            instructor
``answer``            ``question``: id; ``answer``: a choice (str),   student
                      a number, or null (a failed allocation)
====================  ==============================================  ===========

Server to client: see the ``*_frame`` builders below; docs/classroom.md
has the table.  Students are never sent a question's correct answer before
``question.revealed``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from playground.classroom.models import SPEEDS
from playground.classroom.questions import KINDS, NULLABLE_KINDS, PROCESS_NAME_MAX, prompt_text
from playground.frames import dumps

MAX_MESSAGE_CHARS = 1024
MAX_ID = 2**53  # ids travel as JSON numbers: keep them exact in JavaScript

DRIVE_TYPES = ("play", "pause", "seek", "speed")
LEAD_TYPES = (*DRIVE_TYPES, "ask", "reveal")
STUDENT_TYPES = ("answer",)
FIELDS: dict[str, tuple[str, ...]] = {
    "play": (), "pause": (), "seek": ("step",), "speed": ("speed",),
    "ask": ("kind", "process"), "reveal": ("question",), "answer": ("question", "answer"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "seek": ("step",), "speed": ("speed",), "ask": ("kind",),
    "reveal": ("question",), "answer": ("question", "answer"),
}


class ProtocolError(Exception):
    """A client message that is refused; ``str()`` is the reason sent back."""


@dataclass(frozen=True)
class Message:
    """A checked client message: ``type`` and its typed fields."""

    type: str
    fields: dict[str, Any] = field(default_factory=dict)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def parse(text: str | None) -> Message:
    """Decode and shape-check one client message, or raise ``ProtocolError``.

    Checks here need no database: the step's upper bound, whether a question
    is open and whether the sender may send this type are the consumer's.
    """
    if text is None:
        raise ProtocolError(_("send JSON text, not binary"))
    if len(text) > MAX_MESSAGE_CHARS:
        raise ProtocolError(_("message too long (at most %(n)s characters)")
                            % {"n": MAX_MESSAGE_CHARS})
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):  # RecursionError: 1,000 "[" fit in one message
        raise ProtocolError(_("not valid JSON")) from None
    if not isinstance(data, dict):
        raise ProtocolError(_("a message must be a JSON object"))
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in FIELDS:
        raise ProtocolError(_("unknown message type %(type)s; expected one of %(known)s")
                            % {"type": json.dumps(kind)[:40], "known": ", ".join(FIELDS)})
    allowed = FIELDS[kind]
    unknown = [key for key in data if key != "type" and key not in allowed]
    if unknown:
        raise ProtocolError(_("%(type)s: unknown field %(field)s")
                            % {"type": kind, "field": json.dumps(unknown[0])[:40]})
    missing = [key for key in REQUIRED.get(kind, ()) if key not in data]
    if missing:
        raise ProtocolError(_("%(type)s: missing field %(field)s")
                            % {"type": kind, "field": missing[0]})
    fields = {key: data[key] for key in allowed if key in data}
    _check_fields(kind, fields)
    return Message(kind, fields)


def _check_fields(kind: str, fields: dict[str, Any]) -> None:
    if kind == "seek":
        step = fields["step"]
        if not _whole(step) or step < 0:
            raise ProtocolError(_("seek: step must be a whole number from 0"))
    elif kind == "speed":
        speed = fields["speed"]
        if isinstance(speed, bool) or not isinstance(speed, (int, float)) or float(speed) not in SPEEDS:
            raise ProtocolError(_("speed: must be one of %(speeds)s")
                                % {"speeds": ", ".join(f"{s:g}" for s in SPEEDS)})
        fields["speed"] = float(speed)
    elif kind == "ask":
        if fields["kind"] not in KINDS:
            raise ProtocolError(_("ask: kind must be one of %(kinds)s") % {"kinds": ", ".join(KINDS)})
        process = fields.get("process")
        if fields["kind"] == "waiting_time":
            if not isinstance(process, str) or not 0 < len(process) <= PROCESS_NAME_MAX:
                raise ProtocolError(_("ask: waiting_time needs process, a process name"))
        elif process is not None:
            raise ProtocolError(_("ask: process goes only with waiting_time"))
    elif kind in ("reveal", "answer"):
        question = fields["question"]
        if not _whole(question) or not 0 < question < MAX_ID:
            raise ProtocolError(_("%(type)s: question must be a question's id") % {"type": kind})
        if kind == "answer":
            answer = fields["answer"]
            if isinstance(answer, str):
                if not 0 < len(answer) <= 64:
                    raise ProtocolError(_("answer: a choice is 1 to 64 characters"))
            elif answer is not None and (isinstance(answer, bool)
                                         or not isinstance(answer, (int, float))):
                raise ProtocolError(_("answer: must be a choice, a number or null"))


# --- Frames, server to client ----------------------------------------------

def encode(frame: dict[str, Any]) -> str:
    return dumps(frame)


def error_frame(message: str) -> dict[str, Any]:
    """The client's last message was refused; nothing changed."""
    return {"type": "error", "error": message}


def state_frame(state: dict[str, Any]) -> dict[str, Any]:
    """The instructor's playback: ``step``, ``playing``, ``speed``, ``seq``."""
    return {"type": "session.state", **state}


def question_facts(question: Any) -> dict[str, Any]:
    """What a question's frame is made of, as plain JSON (it crosses the channel layer)."""
    return {"id": question.pk, "kind": question.kind, "params": question.params,
            "prompt": question.prompt, "choices": question.choices, "step": question.step}


def said_question(facts: dict[str, Any]) -> dict[str, Any]:
    """A question as students see it before the reveal: no correct answer.

    The prompt is said in the active language (the reader's socket's), not
    in the language of the instructor who asked; the stored prompt is kept
    for a question whose facts were not stored.
    """
    prompt = prompt_text(facts["kind"], facts["params"]) or facts["prompt"]
    return {"id": facts["id"], "kind": facts["kind"], "prompt": prompt,
            "choices": facts["choices"], "nullable": facts["kind"] in NULLABLE_KINDS,
            "step": facts["step"]}


def public_question(question: Any) -> dict[str, Any]:
    """``said_question`` of a stored question."""
    return said_question(question_facts(question))


def asked_frame(facts: dict[str, Any]) -> dict[str, Any]:
    """A question was asked (``facts`` from ``question_facts``), said in the active language."""
    return {"type": "question.asked", "question": said_question(facts)}


def answered_frame(question_id: int, value: Any) -> dict[str, Any]:
    """To the student who answered: what the server recorded."""
    return {"type": "question.answered", "question": question_id, "answer": value}


def histogram_frame(question_id: int, counts: list[dict[str, Any]], answered: int) -> dict[str, Any]:
    """To the instructor: how many gave each answer (no names)."""
    return {"type": "question.histogram", "question": question_id, "counts": counts,
            "answered": answered}


def revealed_frame(question: Any, counts: list[dict[str, Any]], answered: int) -> dict[str, Any]:
    """To everyone: the correct answer and the final counts."""
    return {"type": "question.revealed", "question": question.pk, "correct": question.correct,
            "counts": counts, "answered": answered}


def presence_frame(participants: list[dict[str, Any]]) -> dict[str, Any]:
    """To the instructor: everyone who joined, and who is connected now."""
    present = sum(1 for p in participants if p["connected"])
    return {"type": "presence", "participants": participants, "present": present}


def presence_changed_frame(participant: dict[str, Any], present: int) -> dict[str, Any]:
    """To the instructor: one participant connected or left."""
    return {"type": "presence.changed", "participant": participant, "present": present}


def ended_frame() -> dict[str, Any]:
    return {"type": "session.ended"}
