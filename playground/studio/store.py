"""Reading and writing a run's state and steps (synchronous ORM code).

The worker (``tasks.py``) and the consumer (``consumers.py``) call these
through ``database_sync_to_async``.  Write order is the invariant both rely
on: a chunk is saved before its event is sent, and the final status is
saved before the final event, so whatever a consumer hears about is already
in the database.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from playground.engine_version import engine_version
from playground.frames import dumps
from playground.studio.limits import engine_scenario
from playground.studio.models import FINAL_STATUSES, Run, RunStatus, StepChunk


@dataclass(frozen=True)
class RunState:
    """What a consumer needs to know about a run at one moment."""

    status: str
    step_count: int
    result_json: str
    error: str

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


def run_state(run_id: str) -> RunState | None:
    """The run's status, step count, result text and error; None if no such run."""
    row = (Run.objects.filter(id=run_id)
           .values_list("status", "step_count", "result_json", "error").first())
    return RunState(*row) if row is not None else None


def claim_run(run_id: str) -> dict[str, Any] | None:
    """Mark the run running and return the scenario for the engine.

    None when there is nothing to do: no such run, or it already completed
    or failed (a task delivered twice leaves a finished run alone).  A run
    found ``running`` was interrupted (its worker died and the task came
    back): its partial chunks are deleted and it starts over; the engine is
    deterministic, so it produces the same steps again.
    """
    with transaction.atomic():
        run = Run.objects.select_for_update().filter(id=run_id).first()
        if run is None or run.is_final:
            return None
        StepChunk.objects.filter(run=run).delete()
        run.status = RunStatus.RUNNING
        run.started = timezone.now()
        run.step_count = 0
        run.engine_version = engine_version()  # this worker's engine computes the steps
        run.save(update_fields=["status", "started", "step_count", "engine_version"])
        return engine_scenario(run.scenario_dict())


def save_chunk(run_id: str, start: int, count: int, steps_json: str) -> None:
    """Store steps ``start`` .. ``start + count - 1`` and advance the step count."""
    with transaction.atomic():
        StepChunk.objects.create(run_id=run_id, start=start, end=start + count,
                                 steps_json=steps_json)
        Run.objects.filter(id=run_id).update(step_count=start + count)


def complete_run(run_id: str, step_count: int, result_json: str) -> None:
    """Record the result of a run that ran to its end."""
    Run.objects.filter(id=run_id).update(
        status=RunStatus.COMPLETED, step_count=step_count, result_json=result_json,
        error="", finished=timezone.now(),
    )


def fail_run(run_id: str, step_count: int, error: str) -> None:
    """Record that a run stopped with ``error`` (one readable line)."""
    Run.objects.filter(id=run_id).update(
        status=RunStatus.FAILED, step_count=step_count, error=error,
        finished=timezone.now(),
    )


def stored_batches(run_id: str, start: int, stop: int | None = None,
                   max_chunks: int = 40) -> list[tuple[int, int, str]]:
    """Stored steps from ``start`` (up to ``stop``, exclusive) as ``(first, count, JSON list)``.

    Reads at most ``max_chunks`` chunks; call again from the end of the last
    batch for more.  A whole chunk keeps its stored text; one cut at
    ``start`` or ``stop`` is re-encoded.  Returns [] when nothing is stored
    from ``start`` on.
    """
    chunks = StepChunk.objects.filter(run_id=run_id, end__gt=start)
    if stop is not None:
        chunks = chunks.filter(start__lt=stop)
    batches: list[tuple[int, int, str]] = []
    expected = start
    for chunk_start, chunk_end, text in chunks.order_by("start").values_list(
            "start", "end", "steps_json")[:max_chunks]:
        if chunk_start > expected:
            break  # never skip a step: stop at a hole (only while a run restarts)
        lo = expected - chunk_start
        hi = (min(chunk_end, stop) if stop is not None else chunk_end) - chunk_start
        if lo > 0 or hi < chunk_end - chunk_start:
            steps = json.loads(text)[lo:hi]
            text = dumps(steps)
        batches.append((expected, hi - lo, text))
        expected = chunk_start + hi
    return batches
