"""The one Celery task: run a scenario and stream its steps to watchers.

``run_scenario(run_id)`` re-fetches the run, runs ``kernel_engine.Run`` on
it and, batch by batch, stores the steps (``StepChunk``) and then tells the
group ``run.<id>`` (one ``group_send`` per batch).  The whole stream runs
inside one event loop (``asyncio.run``): the engine is iterated in the
loop's thread, database writes go through ``database_sync_to_async``.

Failures are the student's to read, not the worker's to retry: an invalid
scenario, a run over the step limit or an engine crash marks the run
``failed`` with one line (the traceback goes to the log only) and the
worker takes the next task.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from celery import shared_task
from channels.db import database_sync_to_async
from channels.layers import BaseChannelLayer, get_channel_layer
from django.conf import settings

# Imported at module level so the engine is loaded when the worker starts,
# not on the first run (which would delay its first frame).
from kernel_engine import Run as EngineRun
from kernel_engine import ScenarioError
from playground.frames import dumps
from playground.studio import store
from playground.studio.events import failed_event, finished_event, group_name, steps_event

log = logging.getLogger(__name__)

# A batch is sent when it holds this many steps or has waited this long;
# the first batch goes out sooner so a student sees the run start at once.
BATCH_MAX_STEPS = 250
BATCH_MAX_SECONDS = 0.1
FIRST_BATCH_SECONDS = 0.02


class StepLimitExceeded(Exception):
    """The run produced more steps than the playground stores for one run."""


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_scenario(run_id: str) -> None:
    """Run the scenario of run ``run_id`` and stream it; idempotent.

    A completed or failed run is left alone; a run left ``running`` by a
    worker that died restarts from step 0, replacing its stored steps.
    """
    asyncio.run(stream_run(run_id))


def failure_message(exc: BaseException) -> str:
    """One line telling a student why the run stopped."""
    if isinstance(exc, ScenarioError):
        return "the scenario is invalid: " + "; ".join(str(p) for p in exc.problems)
    if isinstance(exc, StepLimitExceeded):
        return (f"the run made more than {exc.args[0]} steps, the playground's limit "
                "for one run; make the workload smaller")
    detail = (str(exc).strip().splitlines() or [""])[0][:200]
    name = type(exc).__name__
    return (f"the simulation stopped with an internal error ({name}: {detail})"
            if detail else f"the simulation stopped with an internal error ({name})")


async def stream_run(run_id: str, layer: BaseChannelLayer | None = None) -> None:
    """Run, store and broadcast one run (the body of ``run_scenario``)."""
    scenario = await database_sync_to_async(store.claim_run)(run_id)
    if scenario is None:
        log.info("run %s: nothing to do (unknown or already finished)", run_id)
        return
    layer = layer or get_channel_layer()
    group = group_name(run_id)
    sent = 0
    try:
        engine_run = EngineRun(scenario)
        sent = await _stream_steps(engine_run, layer, group, run_id)
        result_json = dumps(engine_run.result)
    except Exception as exc:  # any failure ends the run, never the worker
        message = failure_message(exc)
        if not isinstance(exc, (ScenarioError, StepLimitExceeded)):
            log.exception("run %s: the engine failed", run_id)
        # Steps stored so far stay: a student can see how far it got.
        sent = await database_sync_to_async(_stored_count)(run_id, sent)
        await database_sync_to_async(store.fail_run)(run_id, sent, message)
        await layer.group_send(group, failed_event(sent, message))
        return
    await database_sync_to_async(store.complete_run)(run_id, sent, result_json)
    await layer.group_send(group, finished_event(sent, result_json))


def _stored_count(run_id: str, fallback: int) -> int:
    state = store.run_state(run_id)
    return state.step_count if state is not None else fallback


async def _stream_steps(engine_run: Any, layer: BaseChannelLayer, group: str,
                        run_id: str) -> int:
    """Iterate the engine, storing and sending batches; the number of steps sent.

    Steps made before a failure are still stored and sent (the ``finally``),
    so a student sees how far the run got.
    """
    max_steps = settings.PLAYGROUND_MAX_STEPS
    sent = 0
    batch: list[dict[str, Any]] = []
    wait = FIRST_BATCH_SECONDS
    batch_began = time.monotonic()
    try:
        for step in engine_run:
            if sent + len(batch) >= max_steps:
                raise StepLimitExceeded(max_steps)
            batch.append(step)
            if len(batch) >= BATCH_MAX_STEPS or time.monotonic() - batch_began >= wait:
                full, batch = batch, []
                sent = await _send_batch(layer, group, run_id, sent, full)
                wait = BATCH_MAX_SECONDS
                batch_began = time.monotonic()
    finally:
        if batch:
            sent = await _send_batch(layer, group, run_id, sent, batch)
    return sent


async def _send_batch(layer: BaseChannelLayer, group: str, run_id: str, start: int,
                      batch: list[dict[str, Any]]) -> int:
    """Store, then announce, steps ``start`` ..; the index after the batch."""
    steps_json = dumps(batch)
    await database_sync_to_async(store.save_chunk)(run_id, start, len(batch), steps_json)
    await layer.group_send(group, steps_event(start, len(batch), steps_json))
    return start + len(batch)
