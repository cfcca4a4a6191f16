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
from django.db.models import F
from django.utils import timezone

from playground.grading.models import Assignment, Grade, GradingBatch, whole
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
    """The batch's progress (see ``GradingBatch.progress``) and ``"engine"``: ``engine_changes``."""
    return {**batch.progress(), "engine": engine_changes(batch)}


# A re-grade lists at most this many moved grades (the count is always whole).
MOVED_LISTED = 100


def engine_changes(batch: GradingBatch) -> dict[str, Any]:
    """What a re-grade changed: ``{"versions", "previous_versions", "changed", "moved_count", "moved"}``.

    ``versions``: the engine versions the batch's grades were computed with
    (one, unless workers ran different engines); ``previous_versions``: those
    of the gradings they replaced.  ``changed`` is true when the engine
    changed since the last grading of any of these submissions.  ``moved``
    lists (by student name, at most ``MOVED_LISTED``) the grades whose score
    differs from the grading before: ``{"student", "submission", "before",
    "after", "previous_engine_version", "engine_version"}``.
    """
    grades = Grade.objects.filter(batch=batch)
    versions = sorted(set(grades.values_list("engine_version", flat=True)) - {""})
    previous = sorted(set(grades.values_list("previous_engine_version", flat=True)) - {""})
    changed = grades.exclude(previous_engine_version="").exclude(
        previous_engine_version=F("engine_version")).exists()
    moved = (grades.filter(previous_score__isnull=False, error="")
             .exclude(previous_score=F("score")).select_related("student")
             .order_by("student__username"))
    return {
        "versions": versions,
        "previous_versions": previous,
        "changed": changed,
        "moved_count": moved.count(),
        "moved": [{"student": g.student.get_username(), "submission": g.submission_id,
                   "before": whole(g.previous_score), "after": whole(g.score),
                   "previous_engine_version": g.previous_engine_version,
                   "engine_version": g.engine_version}
                  for g in moved[:MOVED_LISTED]],
    }
