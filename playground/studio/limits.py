"""The playground's limits on what one run may cost (docs/web.md).

The engine runs any valid scenario; a shared web server must not.  Before a
run is queued, ``limit_problems`` counts processes and ops and checks the
tick cap, the cores and the length of names, and estimates the run's cost
(processes x ticks x cores, see ``estimated_work``) so that a scenario too
heavy to run is refused before it is queued.  The worker then runs
``engine_scenario(raw)``, which adds the playground's ``limits.max_ticks``
when the user set none (a run that reaches it ends with the engine's status
``"limit"``).  A run that still produces more than ``PLAYGROUND_MAX_STEPS``
steps or ``PLAYGROUND_MAX_RUN_BYTES`` of steps is stopped by the worker and
marked failed (``tasks.py``).
"""
from __future__ import annotations

import copy
from typing import Any

from django.conf import settings

from kernel_engine.i18n import define, gettext_noop
from playground.studio.payloads import problem

TOO_MANY_PROCESSES = define("web.limit.processes", gettext_noop(
    "the playground runs at most {n} processes, this scenario has {m}"))
TOO_MANY_OPS = define("web.limit.ops", gettext_noop(
    "the playground runs at most {n} ops and disk requests in all, this scenario has {m}"))
TOO_MANY_TICKS = define("web.limit.ticks", gettext_noop("the playground runs at most {n} ticks, got {m}"))


def count_ops(program: list[dict[str, Any]]) -> int:
    """Ops in a normalized program, counting the programs of spawned threads."""
    total = 0
    for op in program:
        total += 1
        inner = op.get("program")
        if isinstance(inner, list):
            total += count_ops(inner)
    return total


def limit_problems(raw: dict[str, Any], normalized: dict[str, Any]) -> list[dict[str, str]]:
    """``[{"path", "message"}]`` for each playground limit the scenario exceeds.

    ``raw`` is the scenario as sent, ``normalized`` what ``kernel_engine.validate``
    made of it (so every count here is over valid data).
    """
    problems: list[dict[str, str]] = []
    max_processes = settings.PLAYGROUND_MAX_PROCESSES
    processes = normalized.get("processes", [])
    if len(processes) > max_processes:
        problems.append(problem("processes", TOO_MANY_PROCESSES.say(n=max_processes, m=len(processes))))
    max_ops = settings.PLAYGROUND_MAX_OPS
    ops = sum(count_ops(p.get("program", [])) for p in processes)
    ops += len(normalized.get("io_requests", []))
    if ops > max_ops:
        problems.append(problem("processes", TOO_MANY_OPS.say(n=max_ops, m=ops)))
    problems.extend(_core_and_name_problems(normalized))
    max_ticks = settings.PLAYGROUND_MAX_TICKS
    raw_limits = raw.get("limits")
    if isinstance(raw_limits, dict) and "max_ticks" in raw_limits:
        asked = normalized.get("limits", {}).get("max_ticks", raw_limits["max_ticks"])
        if isinstance(asked, int) and asked > max_ticks:
            problems.append(problem("limits.max_ticks", TOO_MANY_TICKS.say(n=max_ticks, m=asked)))
    problems.extend(_work_problems(normalized))
    return problems


# Keys whose string values name something that every step repeats (a
# process, a thread, a lock, a block, a topic): their length multiplies the
# size of every step.
_NAME_KEYS = ("name", "thread", "as", "ref", "mutex", "sem", "topic")
# At most this many name problems are listed; the rest are counted.
_NAME_PROBLEMS_SHOWN = 5


def _long_names(value: Any, path: str, limit: int) -> list[tuple[str, int]]:
    """``(path, length)`` of every name longer than ``limit`` inside ``value``."""
    found: list[tuple[str, int]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if key in _NAME_KEYS and isinstance(item, str) and len(item) > limit:
                found.append((where, len(item)))
            elif isinstance(item, (dict, list)):
                found.extend(_long_names(item, where, limit))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_long_names(item, f"{path}[{index}]", limit))
    return found


def _core_and_name_problems(normalized: dict[str, Any]) -> list[dict[str, str]]:
    problems: list[dict[str, str]] = []
    max_cores = settings.PLAYGROUND_MAX_CORES
    cores = normalized.get("cpu", {}).get("cores", 1)
    if isinstance(cores, int) and cores > max_cores:
        problems.append({"path": "cpu.cores",
                         "message": f"the playground runs at most {max_cores} cores, got {cores}"})
    max_name = settings.PLAYGROUND_MAX_NAME_LENGTH
    long_names = _long_names(normalized.get("processes", []), "processes", max_name)
    long_names += [(f"semaphores.{name}", len(name)) for name in normalized.get("semaphores", {})
                   if len(name) > max_name]
    for path, length in long_names[:_NAME_PROBLEMS_SHOWN]:
        problems.append({"path": path, "message": f"the playground takes names of at most "
                                                  f"{max_name} characters, this one has {length}"})
    if len(long_names) > _NAME_PROBLEMS_SHOWN:
        problems.append({"path": "processes",
                         "message": f"and {len(long_names) - _NAME_PROBLEMS_SHOWN} more names "
                                    f"longer than {max_name} characters"})
    return problems


def _op_ticks(program: list[dict[str, Any]]) -> int:
    """Ticks a program asks for: its cpu and device ticks, and one per other op."""
    total = 0
    for op in program:
        ticks = op.get("ticks") if op.get("op") in ("cpu", "io") else None
        total += ticks if isinstance(ticks, int) and ticks > 0 else 1
        inner = op.get("program")
        if isinstance(inner, list):
            total += _op_ticks(inner)
    return total


def estimated_work(normalized: dict[str, Any]) -> tuple[int, int, int]:
    """``(processes, ticks, cores)``: what a run of ``normalized`` roughly costs.

    ``ticks`` is when the last process arrives plus the ticks every program
    asks for shared among the cores, within the tick cap.  The engine's
    time and the size of every step grow with processes and cores, and the
    number of steps with ticks, so their product bounds the run's cost.
    """
    processes = normalized.get("processes", [])
    cores = normalized.get("cpu", {}).get("cores", 1)
    cores = cores if isinstance(cores, int) and cores > 0 else 1
    asked = sum(_op_ticks(p.get("program", [])) for p in processes)
    last_arrival = max((p.get("arrival", 0) for p in processes), default=0)
    cap = min(settings.PLAYGROUND_MAX_TICKS,
              normalized.get("limits", {}).get("max_ticks", settings.PLAYGROUND_MAX_TICKS))
    ticks = min(cap, last_arrival + -(-asked // cores))
    return len(processes), ticks, cores


def _work_problems(normalized: dict[str, Any]) -> list[dict[str, str]]:
    processes, ticks, cores = estimated_work(normalized)
    work, max_work = processes * ticks * cores, settings.PLAYGROUND_MAX_WORK
    if work <= max_work:
        return []
    return [{"path": "processes",
             "message": f"this run would cost about {work:,} process-ticks x cores "
                        f"({processes} processes x {ticks:,} ticks x {cores} cores), over "
                        f"the playground's limit of {max_work:,}: use fewer processes or "
                        "cores, or shorter programs"}]


def engine_scenario(raw: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``raw`` with the playground's tick cap, for the worker to run.

    A ``limits.max_ticks`` the user set (already checked to be within the
    cap) is kept; otherwise the cap is added.
    """
    scenario = copy.deepcopy(raw)
    limits = scenario.get("limits")
    if not isinstance(limits, dict):
        limits = {}
        scenario["limits"] = limits
    limits.setdefault("max_ticks", settings.PLAYGROUND_MAX_TICKS)
    return scenario
