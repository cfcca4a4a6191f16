"""Batch grading from the web side: record a batch, queue its tasks, resume, report.

``start_batch(assignment)`` records a ``GradingBatch`` naming each student's
latest submission and, once that row is committed, queues a group with one
``grade_submission(batch_id, submission_id)`` task per submission.  When the
broker cannot be reached the batch is marked ``queue_failed`` with the
reason; the submissions are untouched and "Grade" can simply be run again.

The worker side (``grade_one``, the sweeper) lives in ``tasks.py`` and the
batch's lifecycle on ``GradingBatch``: this module imports them, never the
other way round.  Progress counts the grades that point at the batch,
never a counter that a retry could bump twice.
"""
from __future__ import annotations

import logging
from typing import Any

from celery import group
from django.db import transaction
from django.utils import timezone

from playground.grading.models import Assignment, GradingBatch
from playground.grading.services import latest_submissions
from playground.grading.tasks import grade_submission

log = logging.getLogger(__name__)


def start_batch(assignment: Assignment, user: Any = None) -> GradingBatch:
    """Create a batch over every student's latest submission and queue it after commit."""
    ids = list(latest_submissions(assignment).values_list("pk", flat=True))
    with transaction.atomic():
        batch = GradingBatch.objects.create(assignment=assignment, created_by=user,
                                            submission_ids=ids, total=len(ids),
                                            heartbeat=timezone.now())
        if not ids:
            batch.finish()
        else:
            # The workers re-fetch the batch by id: they must see the committed row.
            transaction.on_commit(lambda: queue(batch, ids))
    batch.refresh_from_db()
    return batch


def queue(batch: GradingBatch, submission_ids: list[int]) -> bool:
    """Send one task per submission as a Celery group; False (batch marked) if the broker is down."""
    try:
        group(grade_submission.si(batch.pk, sid) for sid in submission_ids).apply_async()
    except Exception as exc:  # kombu raises several types for "cannot reach the broker"
        log.warning("batch %s: could not queue %d tasks: %s", batch.pk, len(submission_ids), exc)
        batch.mark_queue_failed(exc)
        return False
    # Fast workers may have finished the whole batch during apply_async:
    # only a batch still open goes (back) to "queued".
    batch.mark_queued()
    return True


def missing_ids(batch: GradingBatch) -> list[int]:
    """Submissions of the batch still to grade (see ``GradingBatch.missing_ids``)."""
    return batch.missing_ids()


def resume_batch(batch: GradingBatch) -> int:
    """Queue again the submissions of ``batch`` still ungraded (after a lost worker); how many."""
    ids = batch.missing_ids()
    if ids:
        queue(batch, ids)
    else:
        batch.finish()
    return len(ids)


def batch_progress(batch: GradingBatch) -> dict[str, Any]:
    """The batch's progress (see ``GradingBatch.progress``)."""
    return batch.progress()
