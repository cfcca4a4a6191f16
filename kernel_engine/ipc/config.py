"""The ``ipc`` section of a scenario: its one reader (``scenario`` delegates here)."""
from __future__ import annotations

from typing import Any

from ..scenario.fields import MAX_COUNT, Checker

FIELDS = ("send", "capacity")


def read_section(check: Checker, raw: dict) -> dict[str, Any]:
    """The normalized ``ipc`` section: how sends behave and how much a mailbox holds."""
    ipc = check.section(raw, "ipc", "", FIELDS)
    capacity = None
    if ipc.get("capacity") is not None:
        capacity = check.integer(ipc, "capacity", "ipc", None, 1, MAX_COUNT)
    return {"send": check.choice(ipc, "send", "ipc", "async", ["async", "sync"]),
            "capacity": capacity}
