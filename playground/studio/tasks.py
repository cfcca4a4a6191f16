"""The run task: run a scenario and stream its steps to watchers.

``run_scenario(run_id)`` claims the run (``store.claim_run``: a new
attempt), runs ``kernel_engine.Run`` on it and, batch by batch, stores the
steps (``StepChunk``) and then tells the group ``run.<id>`` (one
``group_send`` per batch).  The whole stream runs inside the worker
process's event loop (``in_worker_loop``): the engine is iterated in the
loop's thread, database writes go through ``database_sync_to_async``.

Budgets (docs/web.md "Limits"): a batch never makes a websocket frame over
``PLAYGROUND_MAX_FRAME_BYTES``; a run stops when its stored steps would pass
``PLAYGROUND_MAX_RUN_BYTES`` or ``PLAYGROUND_MAX_STEPS``, when its result is
over ``PLAYGROUND_MAX_RESULT_BYTES``, or after ``PLAYGROUND_RUN_SECONDS``
(Celery's soft and hard time limits sit above that as a backstop).

Failures are the student's to read, not the worker's to retry: an invalid
scenario, a run over a budget or an engine crash marks the run ``failed``
with one line (the traceback goes to the log only) and the worker takes the
next task.  A run whose worker is lost comes back (re-delivery, or the
sweeper, ``sweeper.py``) for a second attempt at most.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from channels.db import database_sync_to_async
from channels.layers import BaseChannelLayer, get_channel_layer
from django.conf import settings

# Imported at module level so the engine is loaded when the worker starts,
# not on the first run (which would delay its first frame).
from kernel_engine import Run as EngineRun
from kernel_engine import ScenarioError
from kernel_engine.errors import Problem
from kernel_engine.i18n import Reason, define, gettext_noop
from playground.frames import STEPS_FRAME_OVERHEAD, dumps, finished_text
from playground.studio import store, sweeper
from playground.studio.events import failed_event, finished_event, group_name, steps_event

log = logging.getLogger(__name__)

# A batch is sent when it holds this many steps, would pass the frame
# limit, or has waited this long; the first batch goes out sooner so a
# student sees the run start at once.
BATCH_MAX_STEPS = 250
BATCH_MAX_SECONDS = 0.1
FIRST_BATCH_SECONDS = 0.02
# The final event is retried this long while the channel layer is down
# (a Redis restart); steps events are not: consumers fill gaps from the database.
FINAL_SEND_SECONDS = 60.0


# Why a run failed, said as data (kernel_engine.i18n): the English text is
# ``Run.error``; the key and values travel beside it so a page renders the
# sentence in its own language (``error_key``/``error_args``).
RUN_TIME = define("web.run.time", gettext_noop(
    "the run computed for more than {n} s, the playground's limit for one run; "
    "make the workload smaller"))
RUN_STEPS = define("web.run.steps", gettext_noop(
    "the run made more than {n} steps, the playground's limit for one run; "
    "make the workload smaller"))
STEP_BYTES = define("web.run.step_bytes", gettext_noop(
    "step {index} is {size} KiB, over the playground's limit of {n} KiB for one step; "
    "use fewer processes or shorter names"))
RUN_BYTES = define("web.run.bytes", gettext_noop(
    "the run's steps passed {n}, the playground's limit for one run; make the workload smaller"))
RESULT_BYTES = define("web.run.result_bytes", gettext_noop(
    "the run's result is {size}, over the playground's limit of {n} for one result; "
    "make the workload smaller"))
INVALID = define("web.run.invalid", gettext_noop("the scenario is invalid: {problems}"))
# A problem of an invalid scenario, and two or more of them joined: nested
# sentences, so each problem is rendered from its own key.
PROBLEM_AT = define("web.run.problem_at", gettext_noop("{path}: {message}"))
PROBLEMS = define("web.run.problems", gettext_noop("{first}; {rest}"))
INTERNAL = define("web.run.internal", gettext_noop(
    "the simulation stopped with an internal error ({name}: {detail})"))
INTERNAL_BARE = define("web.run.internal_bare", gettext_noop(
    "the simulation stopped with an internal error ({name})"))


class BudgetExceeded(Exception):
    """The run passed one of the playground's budgets; ``args[0]`` (a ``Reason``) says which."""


_worker_loops = threading.local()  # one loop per thread: a thread pool's workers run tasks side by side


def in_worker_loop(coro: Any) -> Any:
    """Run ``coro`` to completion on this worker thread's one event loop.

    The loop is kept from task to task: the channel layer keeps a Redis
    connection pool per loop, so a new loop per run (``asyncio.run``) paid
    for new connections at every run, on the path from an edit in the
    builder to its chart (bench/live_edit.py).  A run that ends in an
    exception closes the loop as ``asyncio.run`` would (pending tasks
    cancelled) and the next run starts a new one.
    """
    loop = getattr(_worker_loops, "loop", None)
    if loop is None or loop.is_closed():
        loop = _worker_loops.loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    except BaseException:
        _worker_loops.loop = None
        try:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
        raise


def _soft_seconds() -> int:
    return settings.PLAYGROUND_RUN_SECONDS + 30


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True,
             soft_time_limit=_soft_seconds(), time_limit=_soft_seconds() + 30)
def run_scenario(run_id: str, resend_of: int | None = None) -> None:
    """Run the scenario of run ``run_id`` and stream it; idempotent.

    A completed or failed run is left alone; a run left ``running`` by a
    worker that died restarts from step 0, replacing its stored steps.
    ``resend_of`` is set by the sweeper: the attempt count it saw, so that
    a re-send that is no longer needed does nothing.
    """
    try:
        in_worker_loop(stream_run(run_id, resend_of=resend_of))
    except SoftTimeLimitExceeded:
        # Raised outside the engine loop (while a database call ran): fail it here.
        log.warning("run %s: over Celery's soft time limit", run_id)
        state = store.run_state(run_id)
        store.fail_run(run_id, state.step_count if state else 0, time_message())


def time_message() -> Reason:
    """The run passed ``PLAYGROUND_RUN_SECONDS``."""
    return RUN_TIME.say(n=settings.PLAYGROUND_RUN_SECONDS)


def failure_message(exc: BaseException) -> Reason:
    """One line telling a student why the run stopped (a ``Reason``: text, key and values)."""
    if isinstance(exc, ScenarioError):
        return INVALID.say(problems=_problem_list(exc.problems))
    if isinstance(exc, BudgetExceeded):
        return exc.args[0]
    if isinstance(exc, SoftTimeLimitExceeded):
        return time_message()
    detail = (str(exc).strip().splitlines() or [""])[0][:200]
    name = type(exc).__name__
    return INTERNAL.say(name=name, detail=detail) if detail else INTERNAL_BARE.say(name=name)


def _problem_list(problems: list[Problem]) -> Reason | str:
    """The problems joined by "; " (as ``str(problem)`` says each), as nested sentences."""
    said = [PROBLEM_AT.say(path=p.path, message=p.message) if p.path else p.message
            for p in problems]
    if not said:
        return ""
    joined = said[-1]
    for one in reversed(said[:-1]):
        joined = PROBLEMS.say(first=one, rest=joined)
    return joined


async def stream_run(run_id: str, layer: BaseChannelLayer | None = None,
                     resend_of: int | None = None) -> None:
    """Run, store and broadcast one run (the body of ``run_scenario``)."""
    layer = layer or get_channel_layer()
    group = group_name(run_id)
    try:
        claim = await database_sync_to_async(store.claim_run)(run_id, resend_of)
    except store.AttemptsExhausted as exc:
        log.warning("run %s: failed after its last attempt", run_id)
        await send_final(layer, group, failed_event(exc.args[0], exc.args[1]))
        return
    if claim is None:
        log.info("run %s: nothing to do (unknown, finished or claimed since)", run_id)
        return
    sent = 0
    try:
        engine_run = EngineRun(claim.scenario)
        sent = await _stream_steps(engine_run, layer, group, run_id, claim.attempt)
        result_json = dumps(engine_run.result)
        _check_result_size(result_json)
        await database_sync_to_async(store.complete_run)(run_id, claim.attempt, sent, result_json)
    except store.Superseded:
        log.info("run %s: attempt %d superseded by a later one", run_id, claim.attempt)
        return
    except Exception as exc:  # any failure ends the run, never the worker
        message = failure_message(exc)
        if not isinstance(exc, (ScenarioError, BudgetExceeded, SoftTimeLimitExceeded)):
            log.exception("run %s: the engine failed", run_id)
        # Steps stored so far stay: a student can see how far it got.
        sent = await database_sync_to_async(_stored_count)(run_id, sent)
        if await database_sync_to_async(store.fail_run)(run_id, sent, message, claim.attempt):
            await send_final(layer, group, failed_event(sent, message))
        return
    frame = finished_text(run_id, result_json, settings.PLAYGROUND_MAX_FRAME_BYTES)
    await send_final(layer, group, finished_event(sent, frame))


def size_text(size: int) -> str:
    """``size`` bytes as people read it: 20 MB, 1.5 MB, 300 KB."""
    if size >= 1_000_000:
        return f"{size / 1e6:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1000))} KB"


def _check_result_size(result_json: str) -> None:
    size, limit = len(result_json.encode("utf-8")), settings.PLAYGROUND_MAX_RESULT_BYTES
    if size > limit:
        raise BudgetExceeded(RESULT_BYTES.say(size=size_text(size), n=size_text(limit)))


def _stored_count(run_id: str, fallback: int) -> int:
    state = store.run_state(run_id)
    return state.step_count if state is not None else fallback


async def send_final(layer: BaseChannelLayer, group: str, event: dict[str, Any]) -> None:
    """Send the final event, retrying while the channel layer is unreachable.

    The outcome is in the database already; a watcher that misses the event
    anyway reads it when it reconnects.
    """
    deadline = time.monotonic() + FINAL_SEND_SECONDS
    delay = 0.25
    while True:
        if await announce(layer, group, event):
            return
        if time.monotonic() + delay > deadline:
            log.error("%s: gave up sending %s", group, event["type"])
            return
        await asyncio.sleep(delay)
        delay = min(delay * 2, 4.0)


async def announce(layer: BaseChannelLayer, group: str, event: dict[str, Any]) -> bool:
    """Send ``event`` to ``group``; False (logged) when the channel layer cannot be reached."""
    try:
        await layer.group_send(group, event)
    except Exception as exc:  # redis-py raises several types for a lost server
        log.warning("%s: could not send %s (%s: %s)", group, event["type"],
                    type(exc).__name__, exc)
        return False
    return True


class _Budget:
    """The byte, step and time budgets of one attempt."""

    def __init__(self) -> None:
        self.max_steps = settings.PLAYGROUND_MAX_STEPS
        self.max_bytes = settings.PLAYGROUND_MAX_RUN_BYTES
        self.max_step_bytes = settings.PLAYGROUND_MAX_FRAME_BYTES - STEPS_FRAME_OVERHEAD
        self.deadline = time.monotonic() + settings.PLAYGROUND_RUN_SECONDS
        self.bytes = 0

    def spend(self, index: int, size: int) -> None:
        """Count step ``index`` of ``size`` bytes; ``BudgetExceeded`` when over a budget."""
        if index >= self.max_steps:
            raise BudgetExceeded(RUN_STEPS.say(n=self.max_steps))
        if size > self.max_step_bytes:
            raise BudgetExceeded(STEP_BYTES.say(index=index, size=f"{size / 1024:.0f}",
                                                n=self.max_step_bytes // 1024))
        self.bytes += size + 1
        if self.bytes > self.max_bytes:
            raise BudgetExceeded(RUN_BYTES.say(n=size_text(self.max_bytes)))
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(time_message())


async def _stream_steps(engine_run: Any, layer: BaseChannelLayer, group: str,
                        run_id: str, attempt: int) -> int:
    """Iterate the engine, storing and sending batches; the number of steps sent.

    Steps made before a failure are still stored and sent (the ``finally``),
    so a student sees how far the run got.
    """
    budget = _Budget()
    sent = 0
    batch: list[str] = []  # each step's JSON
    batch_bytes = 0
    wait = FIRST_BATCH_SECONDS
    batch_began = time.monotonic()
    try:
        for step in engine_run:
            text = dumps(step)
            size = len(text.encode("utf-8"))
            budget.spend(sent + len(batch), size)
            if batch and batch_bytes + size + 1 > budget.max_step_bytes:
                full, batch, batch_bytes = batch, [], 0
                sent = await _send_batch(layer, group, run_id, attempt, sent, full)
                batch_began = time.monotonic()
            batch.append(text)
            batch_bytes += size + 1
            if len(batch) >= BATCH_MAX_STEPS or time.monotonic() - batch_began >= wait:
                full, batch, batch_bytes = batch, [], 0
                sent = await _send_batch(layer, group, run_id, attempt, sent, full)
                wait = BATCH_MAX_SECONDS
                batch_began = time.monotonic()
    finally:
        if batch:
            sent = await _send_batch(layer, group, run_id, attempt, sent, batch)
    return sent


async def _send_batch(layer: BaseChannelLayer, group: str, run_id: str, attempt: int,
                      start: int, batch: list[str]) -> int:
    """Store, then announce, steps ``start`` ..; the index after the batch."""
    steps_json = "[" + ",".join(batch) + "]"
    await database_sync_to_async(store.save_chunk)(run_id, attempt, start, len(batch),
                                                   steps_json)
    # A lost announcement is not retried: the next one (or the final event)
    # makes every watcher read the gap from the database.
    await announce(layer, group, steps_event(start, len(batch), steps_json))
    return start + len(batch)


@shared_task(ignore_result=True, soft_time_limit=60, time_limit=90)
def sweep_runs() -> dict[str, int]:
    """Celery beat, every few seconds: re-queue or fail runs nobody is working on."""
    return sweeper.sweep_runs()


@shared_task(ignore_result=True, soft_time_limit=600, time_limit=660)
def expire_runs() -> int:
    """Celery beat, hourly: delete runs past their retention and their steps."""
    return sweeper.expire_runs()
