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
from playground.studio import store

# Keyframes come every 32 steps (docs/internals.md); reading this far back
# finds one without reading the whole run.
KEYFRAME_LOOKBACK = 64


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
    """The full state at ``step`` ({} when the run has no such step)."""
    for lookback in (KEYFRAME_LOOKBACK, step + 1):
        start = max(0, step - lookback + 1)
        window = []
        for item in steps_from(run_id, start):
            if item.get("i", start + len(window)) > step:
                break
            window.append(item)
        keyframes = [k for k, item in enumerate(window) if item.get("keyframe") or item.get("i") == 0]
        if keyframes:
            state: dict[str, Any] = {}
            for item in window[keyframes[-1]:]:
                state = apply_step(state, item)
            return state
        if start == 0:
            break
    return {}
