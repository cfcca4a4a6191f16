"""Scenarios that test the playground's budgets (docs/web.md "Limits")."""
from __future__ import annotations

from typing import Any


def crowded_round_robin(processes: int, cores: int, burst: int,
                        name_length: int = 32) -> dict[str, Any]:
    """``processes`` jobs of ``burst`` ticks with long names under RR q=1 on ``cores`` cores.

    Every tick each core expires one job and dispatches the next, so steps
    grow with cores and names (the ready queue travels as a rotation, not
    whole): the shape of a run that costs bytes.
    """
    return {
        "version": 1,
        "title": f"{processes} jobs of {burst} ticks on {cores} cores",
        "cpu": {"policy": "rr", "quantum": 1, "cores": cores},
        "processes": [{"name": f"P{i}-".ljust(name_length, "x"), "arrival": 0, "burst": burst}
                      for i in range(processes)],
    }


def heavy_scenario() -> dict[str, Any]:
    """The abusive request of issue 14: 500 processes named with 64 characters, 64 cores,
    RR quantum 1, bursts of 12,800 (3.7 GB of steps if it ran)."""
    return crowded_round_robin(500, 64, 12_800, name_length=64)


# 80 jobs x 300 ticks on 5 cores: about 18.1 MB of steps (within the 20 MB
# budget), 4,801 steps, and a result of about 1.9 MB (over one frame).
EDGE_OF_BUDGET = (80, 5, 300)
# 100 jobs x 290 ticks on 5 cores: about 22 MB of steps in 5,801, over the budget.
OVER_BUDGET = (100, 5, 290)


def steps_of(processes: int, cores: int, burst: int) -> int:
    """How many steps ``crowded_round_robin`` makes: one per tick, and one at the end."""
    return processes * burst // cores + 1
