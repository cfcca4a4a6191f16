"""Batch grading: queue a Celery group, grade one submission, report progress.

``start_batch(assignment)`` records a ``GradingBatch`` naming each student's
latest submission and, once that row is committed, queues a group with one
``grade_submission(batch_id, submission_id)`` task per submission.  When the
broker cannot be reached the batch is marked ``queue_failed`` with the
reason; the submissions are untouched and "Grade" can simply be run again.

``grade_one`` is idempotent: the grade is ``update_or_create``d by
submission, so a task delivered twice (a worker killed after grading but
before acknowledging) leaves one row with the same score.  Progress counts
the grades that point at the batch, never a counter that a retry could
bump twice.
"""
from __future__ import annotations

import logging
from typing import Any

from celery import group
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from playground.grading.grader import grade_answers
from playground.engine_version import engine_version
from playground.grading.models import (Assignment, BatchStatus, Grade, GradingBatch, Submission,
                                       whole)
from playground.grading.services import latest_submissions

log = logging.getLogger(__name__)


def start_batch(assignment: Assignment, user: Any = None) -> GradingBatch:
    """Create a batch over every student's latest submission and queue it after commit."""
    ids = list(latest_submissions(assignment).values_list("pk", flat=True))
    with transaction.atomic():
        batch = GradingBatch.objects.create(assignment=assignment, created_by=user,
                                            submission_ids=ids, total=len(ids))
        if not ids:
            _finish(batch.pk)
        else:
            # The workers re-fetch the batch by id: they must see the committed row.
            transaction.on_commit(lambda: queue(batch.pk, ids))
    batch.refresh_from_db()
    return batch


def queue(batch_id: int, submission_ids: list[int]) -> bool:
    """Send one task per submission as a Celery group; False (batch marked) if the broker is down."""
    from playground.grading.tasks import grade_submission

    try:
        group(grade_submission.si(batch_id, sid) for sid in submission_ids).apply_async()
    except Exception as exc:  # kombu raises several types for "cannot reach the broker"
        log.warning("batch %s: could not queue %d tasks: %s", batch_id, len(submission_ids), exc)
        GradingBatch.objects.filter(pk=batch_id).update(
            status=BatchStatus.QUEUE_FAILED,
            error=f"the task queue could not be reached ({type(exc).__name__}); "
                  "the submissions are safe: grade again when the queue is back")
        return False
    # Fast workers may have finished the whole batch during apply_async:
    # only a batch still open goes (back) to "queued".
    GradingBatch.objects.filter(pk=batch_id, finished__isnull=True).update(
        status=BatchStatus.QUEUED, error="")
    return True


def missing_ids(batch: GradingBatch) -> list[int]:
    """Submissions of the batch that have no grade from it yet."""
    graded = set(Grade.objects.filter(batch=batch).values_list("submission_id", flat=True))
    return [sid for sid in batch.submission_ids if sid not in graded]


def resume_batch(batch: GradingBatch) -> int:
    """Queue again the submissions of ``batch`` still ungraded (after a lost worker); how many."""
    ids = missing_ids(batch)
    if ids:
        queue(batch.pk, ids)
    else:
        _finish(batch.pk)
    return len(ids)


def grade_one(batch_id: int | None, submission_id: int) -> Grade | None:
    """Grade one submission for ``batch_id``; None if the submission is gone.

    Only transient failures (the database) raise, for the task to retry; a
    variant the engine rejects is stored as the grade's ``error``.
    """
    submission = (Submission.objects.select_related("assignment")
                  .filter(pk=submission_id).first())
    if submission is None:
        log.info("submission %s was deleted before grading", submission_id)
        _maybe_finish(batch_id)
        return None
    assignment = submission.assignment
    fields: dict[str, Any] = {"assignment": assignment, "student_id": submission.student_id,
                              "batch_id": batch_id, "engine_version": engine_version()}
    fields.update(_previous_grading(submission_id, batch_id))
    try:
        outcome = grade_answers(submission.scenario(), assignment.questions, submission.answers)
    except Exception as exc:  # a deterministic failure: retrying would fail the same way
        log.exception("submission %s could not be graded", submission_id)
        fields.update(score=0, max_score=assignment.total_points, feedback=[],
                      error=f"could not grade this submission: {type(exc).__name__}: {exc}"[:500])
    else:
        fields.update(score=outcome.score, max_score=outcome.max_score,
                      feedback=outcome.feedback, error="")
    grade, _created = Grade.objects.update_or_create(submission=submission, defaults=fields)
    _maybe_finish(batch_id)
    return grade


def _previous_grading(submission_id: int, batch_id: int | None) -> dict[str, Any]:
    """The score and engine a re-grade replaces, to keep on the new grade.

    A task delivered twice within one batch finds its own grade: it keeps
    what that grade recorded as before, not the batch's own score.
    """
    before = (Grade.objects.filter(submission_id=submission_id)
              .values("batch_id", "score", "error", "engine_version",
                      "previous_score", "previous_engine_version").first())
    if before is None:
        return {"previous_score": None, "previous_engine_version": ""}
    if batch_id is not None and before["batch_id"] == batch_id:
        return {"previous_score": before["previous_score"],
                "previous_engine_version": before["previous_engine_version"]}
    # A grade that failed had no score to move from.
    return {"previous_score": None if before["error"] else before["score"],
            "previous_engine_version": before["engine_version"]}


def _maybe_finish(batch_id: int | None) -> None:
    if batch_id is None:
        return
    batch = GradingBatch.objects.filter(pk=batch_id, finished__isnull=True).first()
    if batch is not None and Grade.objects.filter(batch_id=batch_id).count() >= batch.total:
        _finish(batch_id)


def _finish(batch_id: int) -> None:
    # The filter makes finishing happen once, whichever task gets here first.
    GradingBatch.objects.filter(pk=batch_id, finished__isnull=True).update(
        status=BatchStatus.FINISHED, finished=timezone.now(), error="")


def batch_progress(batch: GradingBatch) -> dict[str, Any]:
    """``{"id", "assignment", "status", "total", "done", "failed", "finished", "error", "engine"}``.

    ``done`` counts graded submissions (failed ones included), ``failed``
    those that could not be graded; ``engine`` is ``engine_changes(batch)``.
    """
    grades = Grade.objects.filter(batch=batch)
    done = grades.count()
    batch.refresh_from_db(fields=["status", "finished", "error"])
    return {
        "id": batch.pk, "assignment": batch.assignment_id, "status": batch.status,
        "total": batch.total, "done": done, "failed": grades.exclude(error="").count(),
        "finished": batch.finished.isoformat() if batch.finished else None,
        "error": batch.error,
        "engine": engine_changes(batch),
    }


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
