"""The playground's limits on what one run may cost (docs/web.md).

The engine runs any valid scenario; a shared web server must not.  Before a
run is queued, ``limit_problems`` counts processes and ops and checks the
tick cap; the worker then runs ``engine_scenario(raw)``, which adds the
playground's ``limits.max_ticks`` when the user set none (a run that reaches
it ends with the engine's status ``"limit"``).  A run that still produces
more than ``PLAYGROUND_MAX_STEPS`` steps is stopped by the worker and marked
failed.
"""
from __future__ import annotations

import copy
from typing import Any

from django.conf import settings


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
        problems.append({
            "path": "processes",
            "message": f"the playground runs at most {max_processes} processes, "
                       f"this scenario has {len(processes)}",
        })
    max_ops = settings.PLAYGROUND_MAX_OPS
    ops = sum(count_ops(p.get("program", [])) for p in processes)
    ops += len(normalized.get("io_requests", []))
    if ops > max_ops:
        problems.append({
            "path": "processes",
            "message": f"the playground runs at most {max_ops} ops and disk requests "
                       f"in all, this scenario has {ops}",
        })
    max_ticks = settings.PLAYGROUND_MAX_TICKS
    raw_limits = raw.get("limits")
    if isinstance(raw_limits, dict) and "max_ticks" in raw_limits:
        asked = normalized.get("limits", {}).get("max_ticks", raw_limits["max_ticks"])
        if isinstance(asked, int) and asked > max_ticks:
            problems.append({
                "path": "limits.max_ticks",
                "message": f"the playground runs at most {max_ticks} ticks, got {asked}",
            })
    return problems


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
