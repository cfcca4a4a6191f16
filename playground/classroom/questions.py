"""Predict-then-reveal questions the engine can answer, computed from a run.

Each kind looks at what the stored run did *after* the step the class is
on (or, for ``waiting_time``, at the run's result) and produces a
``QuestionSpec``: the prompt, the choices (None for a number) and the
correct answer.  The facts a prompt quotes (who allocates, the head's
cylinder, the process asked about) are kept in the question's ``params``,
so ``prompt_text`` can say the prompt again in each reader's language.
Nothing here touches the database; ``runsteps.py`` feeds the steps in, so
the rules are tested on the engine's own output.

Kinds:

- ``next_process``: which thread is dispatched next, after this step?
- ``next_address``: what address will the next allocation return
  (``None`` when it fails)?
- ``next_disk``: which cylinder does the disk serve next?
- ``waiting_time``: how long does process ``params["process"]`` wait in the
  ready queue, in total?
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kernel_engine.units import format_size
from playground.grading.answers import parse_quantity

KINDS = ("next_process", "next_address", "next_disk", "waiting_time")
# Kinds answered with a number; the others pick one of ``choices``.
NUMBER_KINDS = ("next_address", "waiting_time")
# Kinds whose correct answer may be null (a failed allocation returns null).
NULLABLE_KINDS = ("next_address",)
MAX_NUMBER = 10**15
PROCESS_NAME_MAX = 64


class Unanswerable(Exception):
    """The question cannot be asked here; the message tells the instructor why."""


@dataclass(frozen=True)
class QuestionSpec:
    """A question ready to store: what students see, and the hidden answer."""

    kind: str
    params: dict[str, Any]  # what was asked: the facts the prompt quotes (see prompt_text)
    prompt: str
    choices: list[str] | None
    correct: Any


def _events_after(steps: Iterable[dict[str, Any]], kind: str) -> Iterator[tuple[dict, dict]]:
    """``(step, event)`` for every event of ``kind`` in ``steps``, in order."""
    for step in steps:
        for event in step.get("events") or ():
            if event.get("kind") == kind:
                yield step, event


def thread_names(scenario: dict[str, Any], result: dict[str, Any] | None) -> list[str]:
    """Every process and thread name, in scenario order, then spawned threads."""
    names: list[str] = []
    for process in scenario.get("processes") or ():
        name = process.get("name") if isinstance(process, dict) else None
        if isinstance(name, str) and name not in names:
            names.append(name)
    for name in ((result or {}).get("threads") or {}):
        if name not in names:
            names.append(name)
    return names


def next_process(steps_after: Iterable[dict[str, Any]], scenario: dict[str, Any],
                 result: dict[str, Any] | None) -> QuestionSpec:
    """The next ``dispatch`` after the current step."""
    for _step, event in _events_after(steps_after, "dispatch"):
        who = str(event.get("who"))
        choices = thread_names(scenario, result)
        if who not in choices:
            choices.append(who)
        return QuestionSpec("next_process", {}, prompt_text("next_process", {}), choices, who)
    raise Unanswerable(_("No process is dispatched after this step: step back and ask again."))


def next_address(steps_after: Iterable[dict[str, Any]]) -> QuestionSpec:
    """The next ``alloc`` after the current step: its user pointer, None if it fails."""
    for _step, event in _events_after(steps_after, "alloc"):
        size, ref = event.get("size"), event.get("ref")
        params = {"who": str(event.get("who", "?")),
                  "size": size if isinstance(size, int) and size > 0 else None,
                  "ref": ref if isinstance(ref, str) and ref else None}
        addr = event.get("addr")
        return QuestionSpec("next_address", params, prompt_text("next_address", params), None,
                            addr if isinstance(addr, int) else None)
    raise Unanswerable(_("No allocation happens after this step."))


def next_disk(steps_after: Iterable[dict[str, Any]], state: dict[str, Any],
              result: dict[str, Any] | None) -> QuestionSpec:
    """The next disk service after the current step, as a cylinder.

    The choices are the cylinders pending at the current step (from the
    step's disk state and the result's request list), plus the answer.
    """
    requests = ((result or {}).get("io") or {}).get("requests") or []
    pending = (state.get("disk") or {}).get("pending") or []
    cylinders = {requests[k]["cylinder"] for k in pending
                 if isinstance(k, int) and 0 <= k < len(requests)}
    for _step, event in _events_after(steps_after, "disk"):
        cylinder = event.get("cylinder")
        if not isinstance(cylinder, int):
            continue
        cylinders.add(cylinder)
        head = (state.get("disk") or {}).get("head")
        params = {"head": head if isinstance(head, int) else None}
        return QuestionSpec("next_disk", params, prompt_text("next_disk", params),
                            [str(c) for c in sorted(cylinders)], str(cylinder))
    raise Unanswerable(_("The disk serves no request after this step."))


def waiting_time(params: dict[str, Any], result: dict[str, Any] | None) -> QuestionSpec:
    """Process ``params["process"]``'s total waiting time from the run's result."""
    name = params.get("process")
    if not isinstance(name, str) or not name or len(name) > PROCESS_NAME_MAX:
        raise Unanswerable(_("Choose the process to ask about."))
    processes = (result or {}).get("processes") or {}
    if name not in processes:
        known = ", ".join(processes) or _("none")
        raise Unanswerable(_("There is no process named %(name)s (processes: %(known)s).")
                           % {"name": name, "known": known})
    params = {"process": name}
    return QuestionSpec("waiting_time", params, prompt_text("waiting_time", params), None,
                        processes[name]["waiting"])


def prompt_text(kind: str, params: dict[str, Any]) -> str | None:
    """The prompt of a question of ``kind`` asked with ``params``, in the active language.

    The fixed words are translated; the names the scenario gives (a process,
    an allocation's reference) stay as typed.  None when ``params`` lack the
    facts the prompt quotes (a question stored before they were kept).
    """
    if kind == "next_process":
        return _("Which process runs next?")
    if kind == "next_address" and "who" in params:
        size, ref = params.get("size"), params.get("ref")
        return _("%(who)s allocates %(size)s (%(ref)s). What address will it get?") % {
            "who": params["who"],
            "size": format_size(size) if isinstance(size, int) and size > 0 else "?",
            "ref": ref if isinstance(ref, str) and ref else _("unnamed"),
        }
    if kind == "next_disk" and "head" in params:
        head = params["head"]
        if isinstance(head, int):
            return (_("The head is at cylinder %(head)s. Which cylinder does the disk serve next?")
                    % {"head": head})
        return _("Which cylinder does the disk serve next?")
    if kind == "waiting_time" and isinstance(params.get("process"), str):
        return _("How many ticks will %(name)s spend waiting in the ready queue in total?") % {
            "name": params["process"]}
    return None


def make_question(kind: str, params: dict[str, Any], *, steps_after: Iterable[dict[str, Any]],
                  state: dict[str, Any], scenario: dict[str, Any],
                  result: dict[str, Any] | None) -> QuestionSpec:
    """The question of ``kind`` at the step whose full state is ``state``.

    ``steps_after`` yields the run's steps after that step, in order (read
    lazily: most answers lie a few steps ahead).  Raises ``Unanswerable``.
    """
    if kind == "next_process":
        return next_process(steps_after, scenario, result)
    if kind == "next_address":
        return next_address(steps_after)
    if kind == "next_disk":
        return next_disk(steps_after, state, result)
    if kind == "waiting_time":
        return waiting_time(params, result)
    raise Unanswerable(_("Unknown question kind %(kind)r.") % {"kind": kind})


def _as_number(value: Any) -> Any:
    """Text typed in a number box ("426KB", "0x6a800", "7.5") as its number; else unchanged."""
    if isinstance(value, str) and len(value) <= PROCESS_NAME_MAX:
        try:
            return parse_quantity(value)
        except (ValueError, ZeroDivisionError, OverflowError):
            return value
    return value


def check_answer_value(kind: str, choices: list[str] | None, value: Any) -> str | None:
    """None when ``value`` is a well-formed answer to such a question, else why not.

    A number question takes a JSON number or the text of the answer box in
    any form ``parse_quantity`` reads (436224, "426KB", "0x6a800").
    """
    if choices is not None:
        if not isinstance(value, str) or value not in choices:
            return _("pick one of the choices")
        return None
    value = _as_number(value)
    if value is None:
        return None if kind in NULLABLE_KINDS else _("enter a number")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _("enter a number")
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        return _("enter a number between -10^15 and 10^15")
    return None


def normalize_value(value: Any, choices: list[str] | None = None) -> Any:
    """Whole floats become ints, so 24.0 and 24 count as the same answer.

    For a number question (no ``choices``) typed text becomes its number;
    a choice ("98", a cylinder) stays the text of the choice.
    """
    if choices is None:
        value = _as_number(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def is_correct(correct: Any, value: Any) -> bool:
    """Whether an answer (already checked) equals the correct one."""
    return normalize_value(value) == normalize_value(correct)
