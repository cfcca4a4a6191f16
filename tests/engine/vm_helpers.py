"""Builders for the virtual-memory tests: a reference string run under a policy."""
from __future__ import annotations

from typing import Any

from kernel_engine import simulate

BELADY = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]
TEXTBOOK = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1]


def run_string(pages: list[int], frames: int, policy: str, **vm: Any) -> dict:
    """One process touching ``pages`` with ``frames`` frames under ``policy``."""
    return simulate({"version": 1, "seed": vm.pop("seed", 0),
                     "vm": {"frames": frames, "replacement": policy, "page_size": 1,
                            "address_bits": 16, **vm},
                     "processes": [{"name": "P", "program": [{"op": "touch", "pages": pages}]}]})


def faults(pages: list[int], frames: int, policy: str, **vm: Any) -> int:
    return run_string(pages, frames, policy, **vm)["vm"]["faults"]


def table(result: dict) -> list[list[int | None]]:
    """The textbook table: the pages in each frame after every access."""
    return [[f["page"] if f else None for f in a["frames"]] for a in result["vm"]["accesses"]]
