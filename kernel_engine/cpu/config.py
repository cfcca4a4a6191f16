"""The ``cpu`` section of a scenario: its one reader (``scenario`` delegates here)."""
from __future__ import annotations

from typing import Any

from ..i18n import define, gettext_noop
from ..scenario.fields import MAX_CORES, MAX_LEVELS, MAX_TICKS, Checker, index, join, show

FIELDS = ("policy", "quantum", "cores", "context_switch", "tie_break", "requeue", "mlfq")
MLFQ_FIELDS = ("quanta", "allotments", "boost", "io_stay", "io_bump")
DEFAULT_QUANTA = [2, 4, 8]
DEFAULT_ALLOTMENTS = [1, 1, 1]
_TICK_LIMIT = " (the engine's limit on ticks)"
LEVELS_MISMATCH = define("problem.mlfq.allotments", gettext_noop(
    "must have one entry per level, as many as quanta ({n}), got {m}"))
NOT_LEVELS = define("problem.mlfq.levels", gettext_noop(
    "must be a list of 1 to {n} positive integers, one per level, got {value}"))


def read_section(check: Checker, raw: dict) -> dict[str, Any]:
    """The normalized ``cpu`` section of the scenario ``raw`` (problems go to ``check``)."""
    cpu = check.section(raw, "cpu", "", FIELDS)
    return {
        "policy": check.policy(cpu, "policy", "cpu", "fcfs", "cpu"),
        "quantum": check.ticks(cpu, "quantum", "cpu", 2),
        "cores": check.integer(cpu, "cores", "cpu", 1, 1, MAX_CORES, " (the engine's limit)"),
        "context_switch": check.ticks(cpu, "context_switch", "cpu", 0, lo=0),
        "tie_break": check.choice(cpu, "tie_break", "cpu", "arrival", ["arrival", "index"]),
        "requeue": check.choice(cpu, "requeue", "cpu", "after_arrivals",
                                ["after_arrivals", "before_arrivals"]),
        "mlfq": _mlfq(check, cpu),
    }


def _mlfq(check: Checker, cpu: dict) -> dict[str, Any]:
    mlfq = check.section(cpu, "mlfq", "cpu", MLFQ_FIELDS)
    quanta = _levels(check, mlfq, "quanta", DEFAULT_QUANTA)
    allotments = _levels(check, mlfq, "allotments", DEFAULT_ALLOTMENTS)
    if quanta is not None and allotments is not None and len(quanta) != len(allotments):
        check.add("cpu.mlfq.allotments", LEVELS_MISMATCH.say(n=len(quanta), m=len(allotments)))
    return {
        "quanta": quanta,
        "allotments": allotments,
        "boost": check.ticks(mlfq, "boost", "cpu.mlfq", 0, lo=0),
        "io_stay": check.boolean(mlfq, "io_stay", "cpu.mlfq", False),
        "io_bump": check.boolean(mlfq, "io_bump", "cpu.mlfq", False),
    }


def _levels(check: Checker, mlfq: dict, key: str, default: list[int]) -> list[int] | None:
    """One positive integer per MLFQ level (level 0 is the highest)."""
    where = join("cpu.mlfq", key)
    value = mlfq.get(key, default)
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_LEVELS:
        check.add(where, NOT_LEVELS.say(n=MAX_LEVELS, value=show(value)))
        return None
    out = [check.int_value(v, index(where, i), 1, MAX_TICKS, _TICK_LIMIT)
           for i, v in enumerate(value)]
    return None if None in out else list(out)  # type: ignore[arg-type]
