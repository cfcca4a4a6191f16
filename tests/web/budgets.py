"""Scenarios that test the playground's budgets (docs/web.md "Limits")."""
from __future__ import annotations

from typing import Any


def crowded_round_robin(processes: int, cores: int, burst: int,
                        name_length: int = 32) -> dict[str, Any]:
    """``processes`` jobs of ``burst`` ticks with long names under RR q=1 on ``cores`` cores.

    Every step carries the whole ready queue, so steps grow with processes
    and names: the shape of a run that costs bytes.
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


# 60 jobs x 300 ticks on 4 cores: about 18.2 MB of steps (within the 20 MB
# budget), 4,501 steps, and a result of about 1.4 MB (over one frame).
EDGE_OF_BUDGET = (60, 4, 300)
# 100 jobs x 170 ticks on 4 cores: about 23 MB of steps, over the budget.
OVER_BUDGET = (100, 4, 170)
