"""Channel-layer events from the worker to the run consumers.

The worker sends one event per batch to the group ``run.<id>``; every
consumer watching that run handles it (``"run.steps"`` -> ``run_steps``).
Steps and results travel as JSON text, ready to splice into frames.

- ``{"type": "run.steps", "start": N, "count": C, "steps_json": "[...]"}``
- ``{"type": "run.finished", "step_count": K, "frame": "{...}"}``: ``frame``
  is the final frame to send as is (``frames.finished_text``: never over the
  frame limit, so the event stays small whatever the result)
- ``{"type": "run.failed", "step_count": K, "error": "...", "error_key": "...",
  "error_args": {...}}``: the error as text, and as data when it was made
  as data (``kernel_engine.i18n``; otherwise no key)
"""
from __future__ import annotations

from typing import Any

from kernel_engine.i18n import Reason


def group_name(run_id: str) -> str:
    """The channel group of a run's watchers."""
    return f"run.{run_id}"


def steps_event(start: int, count: int, steps_json: str) -> dict[str, Any]:
    """Steps ``start`` .. ``start + count - 1``, already stored."""
    return {"type": "run.steps", "start": start, "count": count, "steps_json": steps_json}


def finished_event(step_count: int, frame: str) -> dict[str, Any]:
    """The run completed after ``step_count`` steps, all stored; ``frame`` is its final frame."""
    return {"type": "run.finished", "step_count": step_count, "frame": frame}


def failed_event(step_count: int, error: str) -> dict[str, Any]:
    """The run failed after ``step_count`` stored steps; a ``Reason`` adds its key and values."""
    event: dict[str, Any] = {"type": "run.failed", "step_count": step_count, "error": str(error)}
    if isinstance(error, Reason):
        event["error_key"], event["error_args"] = error.key, error.args
    return event
