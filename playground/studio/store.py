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

from kernel_engine.i18n import Reason, define, gettext_noop
from playground.engine_version import engine_version
from playground.frames import dumps
from playground.studio.limits import engine_scenario
from playground.studio.models import FINAL_STATUSES, MAX_ATTEMPTS, Run, RunStatus, StepChunk

ATTEMPTS_EXHAUSTED = define("web.run.attempts", gettext_noop(
    "the run stopped twice before it finished (its worker was lost or ran out of time); "
    "it may be too heavy for the playground: make the workload smaller and run it again")).say()


class Superseded(Exception):
    """Another attempt has claimed the run since this worker did: stop quietly."""


class AttemptsExhausted(Exception):
    """The run had its two attempts; it is now marked failed with ``args[1]``.

    ``args[0]`` is its stored step count, for the final event.
    """


@dataclass(frozen=True)
class Claim:
    """A worker's hold on a run: which attempt it is and what to run."""

    attempt: int
    scenario: dict[str, Any]


@dataclass(frozen=True)
class RunState:
    """What a consumer needs to know about a run at one moment."""

    status: str
    step_count: int
    result_json: str
    error: str
    # The error as data (kernel_engine.i18n): "" and {} for a run that has none.
    error_key: str = ""
    error_args: dict[str, Any] | None = None

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


def run_state(run_id: str) -> RunState | None:
    """The run's status, step count, result text and error (with its key); None if no such run."""
    row = (Run.objects.filter(id=run_id)
           .values_list("status", "step_count", "result_json", "error", "error_key",
                        "error_args").first())
    return RunState(*row) if row is not None else None


def claim_run(run_id: str, resend_of: int | None = None) -> Claim | None:
    """Mark the run running as a new attempt; the attempt and the scenario to run.

    None when there is nothing to do: no such run, it already completed or
    failed (a task delivered twice leaves a finished run alone), or
    ``resend_of`` (the attempt count when the sweeper re-sent the run) is
    out of date because a worker claimed it since.  A run found ``running``
    was interrupted (its worker died and the task came back): its partial
    chunks are deleted and it starts over; the engine is deterministic, so
    it produces the same steps again.  A run that already had
    ``MAX_ATTEMPTS`` is failed instead: ``AttemptsExhausted``.
    """
    with transaction.atomic():
        run = Run.objects.select_for_update().filter(id=run_id).first()
        if run is None or run.is_final:
            return None
        if resend_of is not None and run.attempts != resend_of:
            return None
        if run.attempts < MAX_ATTEMPTS:
            StepChunk.objects.filter(run=run).delete()
            now = timezone.now()
            run.status = RunStatus.RUNNING
            run.started = now
            run.heartbeat = now
            run.step_count = 0
            run.attempts += 1
            run.engine_version = engine_version()  # this worker's engine computes the steps
            run.save(update_fields=["status", "started", "heartbeat", "step_count", "attempts",
                                    "engine_version"])
            return Claim(run.attempts, engine_scenario(run.scenario_dict()))
        fail_run(run_id, run.step_count, ATTEMPTS_EXHAUSTED)
    # Raised once the failure is committed (inside the block it would roll back).
    raise AttemptsExhausted(run.step_count, ATTEMPTS_EXHAUSTED)


def save_chunk(run_id: str, attempt: int, start: int, count: int, steps_json: str) -> None:
    """Store steps ``start`` .. ``start + count - 1``, advance the step count, beat the heart.

    ``Superseded`` (nothing stored) when ``attempt`` is no longer the run's latest.
    """
    with transaction.atomic():
        updated = Run.objects.filter(id=run_id, attempts=attempt, status=RunStatus.RUNNING).update(
            step_count=start + count, heartbeat=timezone.now())
        if not updated:
            raise Superseded(run_id)
        StepChunk.objects.create(run_id=run_id, start=start, end=start + count,
                                 steps_json=steps_json)


def complete_run(run_id: str, attempt: int, step_count: int, result_json: str) -> None:
    """Record the result of a run that ran to its end; ``Superseded`` if another attempt holds it."""
    updated = Run.objects.filter(id=run_id, attempts=attempt, status=RunStatus.RUNNING).update(
        status=RunStatus.COMPLETED, step_count=step_count, result_json=result_json,
        error="", finished=timezone.now(),
    )
    if not updated:
        raise Superseded(run_id)


def fail_run(run_id: str, step_count: int, error: str, attempt: int | None = None) -> bool:
    """Record that a run stopped with ``error`` (one readable line); False if it was not open.

    An ``error`` made as data (a ``Reason``) is stored with its key and
    values (``error_key``, ``error_args``) beside the English text.  With
    ``attempt``, only while that attempt still holds the run.
    """
    rows = Run.objects.filter(id=run_id).exclude(status__in=FINAL_STATUSES)
    if attempt is not None:
        rows = rows.filter(attempts=attempt)
    key, args = (error.key, error.args) if isinstance(error, Reason) else ("", {})
    return bool(rows.update(status=RunStatus.FAILED, step_count=step_count, error=str(error),
                            error_key=key, error_args=args, finished=timezone.now()))


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


def chunk_index(run_id: str, start: int, stop: int | None = None,
                limit: int = 8) -> list[tuple[int, int, int]]:
    """``(chunk id, start, end)`` of the stored chunks holding steps from ``start``
    (up to ``stop``), in order, at most ``limit``; no text is read."""
    chunks = StepChunk.objects.filter(run_id=run_id, end__gt=start)
    if stop is not None:
        chunks = chunks.filter(start__lt=stop)
    return list(chunks.order_by("start").values_list("id", "start", "end")[:limit])


def chunk_texts(chunk_ids: list[int]) -> dict[int, str]:
    """The stored steps (JSON text) of each chunk id that still exists."""
    return dict(StepChunk.objects.filter(id__in=chunk_ids).values_list("id", "steps_json"))
