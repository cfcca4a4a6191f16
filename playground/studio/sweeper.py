"""Housekeeping of runs, on Celery beat: nothing stuck, nothing kept forever.

- ``sweep_runs`` (every few seconds): a ``running`` run whose heartbeat is
  older than ``PLAYGROUND_HEARTBEAT_STALE_SECONDS`` lost its worker (a
  whole worker killed leaves its message unacknowledged in Redis for the
  broker's visibility timeout, an hour); a ``queued`` run that old was
  never picked up (its message was lost, e.g. in a Redis restart).  Either
  is sent again, within the two attempts a run gets in all, or failed with
  a message saying why.
- ``expire_runs`` (hourly, and ``manage.py expire_runs``): deletes runs
  older than ``PLAYGROUND_RUN_RETENTION_DAYS`` and their steps, except runs
  a live session uses.
"""
from __future__ import annotations

import datetime
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from playground.studio.events import failed_event, group_name
from playground.studio.models import MAX_ATTEMPTS, Run, RunStatus, StepChunk

log = logging.getLogger(__name__)

# Bounded work per sweep and per deletion batch (SQLite holds one writer).
SWEEP_BATCH = 100
EXPIRE_BATCH = 200


def _stale_runs(now: datetime.datetime) -> list[tuple[str, str, int]]:
    stale = now - datetime.timedelta(seconds=settings.PLAYGROUND_HEARTBEAT_STALE_SECONDS)
    open_runs = Run.objects.filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
    lost = open_runs.filter(Q(heartbeat__lt=stale) | Q(heartbeat__isnull=True, created__lt=stale))
    return list(lost.order_by("created").values_list("id", "status", "attempts")[:SWEEP_BATCH])


def sweep_runs() -> dict[str, int]:
    """Re-queue or fail stale runs; ``{"requeued": n, "failed": m}``."""
    from playground.studio.store import ATTEMPTS_EXHAUSTED, fail_run
    from playground.studio.tasks import run_scenario

    now = timezone.now()
    requeued = failed = 0
    for run_id, status, attempts in _stale_runs(now):
        if attempts >= MAX_ATTEMPTS:
            step_count = Run.objects.filter(id=run_id).values_list("step_count", flat=True).first()
            if fail_run(run_id, step_count or 0, ATTEMPTS_EXHAUSTED):
                failed += 1
                log.warning("run %s: no sign of life after its last attempt: failed", run_id)
                _tell_watchers(run_id, failed_event(step_count or 0, ATTEMPTS_EXHAUSTED))
            continue
        # The heartbeat moves on, so the run is sent again at most once per
        # stale period; the attempt count makes duplicates do nothing.
        with transaction.atomic():
            touched = Run.objects.filter(id=run_id, status=status, attempts=attempts).update(
                heartbeat=now)
        if not touched:
            continue
        try:
            run_scenario.apply_async((run_id,), {"resend_of": attempts})
        except Exception as exc:  # the broker is down: the next sweep tries again
            log.warning("run %s: could not be sent again (%s)", run_id, exc)
            continue
        requeued += 1
        log.warning("run %s (%s, %d attempts): no sign of life, sent again",
                    run_id, status, attempts)
    return {"requeued": requeued, "failed": failed}


def _tell_watchers(run_id: str, event: dict[str, Any]) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(group_name(run_id), event)
    except Exception as exc:  # watchers read the failure when they reconnect
        log.warning("run %s: could not tell watchers (%s)", run_id, exc)


def expire_runs(now: datetime.datetime | None = None) -> int:
    """Delete runs past their retention, and their steps; how many runs."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PLAYGROUND_RUN_RETENTION_DAYS)
    expired = Run.objects.filter(created__lt=cutoff, live_sessions__isnull=True)
    deleted = 0
    while True:
        ids = list(expired.values_list("id", flat=True)[:EXPIRE_BATCH])
        if not ids:
            return deleted
        # Steps first, in their own statements: one run may hold thousands of chunks.
        while True:
            chunk_ids = list(StepChunk.objects.filter(run_id__in=ids)
                             .values_list("id", flat=True)[:EXPIRE_BATCH * 10])
            if not chunk_ids:
                break
            StepChunk.objects.filter(id__in=chunk_ids).delete()
        deleted += Run.objects.filter(id__in=ids).delete()[1].get("studio.Run", 0)
