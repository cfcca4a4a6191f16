"""Reading a stored run's steps for the classroom (synchronous ORM code).

The studio stores each run's steps in ``StepChunk`` rows; these helpers
read them lazily and rebuild the full state at one step, the same way the
player does (the last keyframe at or before it, then each later step's
changes, ``kernel_engine.kernel.delta.apply_step``).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kernel_engine.kernel.delta import apply_step
from kernel_engine.kernel.trace import keyframe_at_or_before
from playground.studio import store


def steps_from(run_id: str, start: int) -> Iterator[dict[str, Any]]:
    """The run's stored steps from ``start`` on, read a few chunks at a time."""
    index = start
    while True:
        batches = store.stored_batches(run_id, index)
        if not batches:
            return
        for first, count, text in batches:
            yield from json.loads(text)
            index = first + count


def state_at(run_id: str, step: int) -> dict[str, Any]:
    """The full state at ``step`` (at the last step held when the run has none so far)."""
    state: dict[str, Any] = {}
    start = keyframe_at_or_before(step)
    for item in steps_from(run_id, start):
        if item.get("i", start) > step:
            return state
        state = apply_step(state, item)
        if item.get("i") == step:
            return state
    return state


def keyframe_at(run_id: str, step: int) -> dict[str, Any] | None:
    """Stored step ``step`` sent as a keyframe: its ``state`` is the whole state
    at ``step`` (``state_at``), with no ``patch`` or ``gone``; None when the run
    has no step ``step`` stored (yet).  What a stream that starts at ``step``
    begins with, so that a reader can rebuild every later step from it."""
    for item in steps_from(run_id, step):
        resumed = {key: value for key, value in item.items() if key not in ("patch", "gone")}
        resumed["state"] = state_at(run_id, step)
        resumed["keyframe"] = True
        return resumed
    return None
