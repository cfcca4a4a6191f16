"""The grading worker: grade one submission of one batch; sweep stuck batches.

Imports go one way: ``batches.py`` (queueing, from the web side) imports
this module; this module imports only models and the grader.

``grade_submission`` is acknowledged late and rejected when the worker is
lost: a worker killed mid-task hands the message back and another worker
grades it.  Since ``grade_one`` updates the grade in place, the second run
changes nothing if the first had finished.  A submission gets two attempts
in all (``GradingBatch.claim_attempt``); one that kills its worker twice is
recorded as a failed grade instead of being handed back for ever.  Only
database trouble (SQLite busy, a dropped connection) is retried; a grading
failure is recorded, not retried.
"""
from __future__ import annotations

import datetime
import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from playground.engine_version import engine_version
from playground.grading.grader import grade_answers
from playground.grading.models import BatchStatus, Grade, GradingBatch, Submission

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 2
LOST_TWICE = ("could not grade this submission: grading it stopped twice before it finished "
              "(its worker was lost or ran out of time)")


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True,
             autoretry_for=(OperationalError, InterfaceError), retry_backoff=1,
             retry_backoff_max=30, max_retries=8, soft_time_limit=120, time_limit=150)
def grade_submission(batch_id: int, submission_id: int) -> None:
    """Grade submission ``submission_id`` for batch ``batch_id`` (ids, re-fetched); idempotent."""
    grade_one(batch_id, submission_id)


def grade_one(batch_id: int | None, submission_id: int) -> Grade | None:
    """Grade one submission for ``batch_id``; None if the submission is gone or already graded.

    Only transient failures (the database) raise, for the task to retry; a
    variant the engine rejects is stored as the grade's ``error``.
    """
    batch = GradingBatch.objects.filter(pk=batch_id).first() if batch_id is not None else None
    submission = (Submission.objects.select_related("assignment")
                  .filter(pk=submission_id).first())
    if submission is None:
        log.info("submission %s was deleted before grading", submission_id)
        if batch is not None:
            batch.finish_if_done()
        return None
    if batch is not None:
        if Grade.objects.filter(submission=submission, batch=batch).exists():
            batch.finish_if_done()  # a duplicate delivery: already graded by this batch
            return None
        if not batch.claim_attempt(submission_id, MAX_ATTEMPTS):
            if Grade.objects.filter(submission=submission, batch=batch).exists():
                return None  # an earlier attempt finished after all: keep its grade
            return _record(batch, submission, score=0, feedback=[], error=LOST_TWICE)
    assignment = submission.assignment
    try:
        outcome = grade_answers(submission.scenario(), assignment.questions, submission.answers)
    except Exception as exc:  # a deterministic failure: retrying would fail the same way
        log.exception("submission %s could not be graded", submission_id)
        return _record(batch, submission, score=0, feedback=[],
                       error=f"could not grade this submission: {type(exc).__name__}: {exc}"[:500])
    return _record(batch, submission, score=outcome.score, feedback=outcome.feedback, error="",
                   max_score=outcome.max_score)


def _record(batch: GradingBatch | None, submission: Submission, *, score: float,
            feedback: list[Any], error: str, max_score: float | None = None) -> Grade:
    assignment = submission.assignment
    fields: dict[str, Any] = {
        "assignment": assignment, "student_id": submission.student_id,
        "batch_id": batch.pk if batch is not None else None, "score": score,
        "max_score": assignment.total_points if max_score is None else max_score,
        "feedback": feedback, "error": error, "engine_version": engine_version(),
        **_previous_grading(submission.pk, batch.pk if batch is not None else None),
    }
    grade, _created = Grade.objects.update_or_create(submission=submission, defaults=fields)
    if batch is not None:
        batch.beat()
        batch.finish_if_done()
    return grade


def _previous_grading(submission_id: int, batch_id: int | None) -> dict[str, Any]:
    """The score and engine a re-grade replaces, kept on the new grade (``engine_changes``).

    A grade this same batch already recorded keeps what it recorded as before.
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


@shared_task(ignore_result=True, soft_time_limit=60, time_limit=90)
def sweep_batches() -> int:
    """Celery beat: queue again the ungraded submissions of batches that stopped moving.

    A batch still ``queued`` whose heartbeat is older than
    ``PLAYGROUND_HEARTBEAT_STALE_SECONDS`` lost its tasks (a whole worker
    killed, a Redis restart).  Its missing submissions are sent again; one
    that already had its two attempts gets a failed grade (``grade_one``).
    Returns how many submissions were sent.
    """
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.PLAYGROUND_HEARTBEAT_STALE_SECONDS)
    sent = 0
    for batch in GradingBatch.objects.filter(status=BatchStatus.QUEUED, finished__isnull=True,
                                             heartbeat__lt=stale)[:20]:
        if batch.finish_if_done():
            continue
        # The heartbeat moves on first: a batch is sent again once per stale period.
        GradingBatch.objects.filter(pk=batch.pk).update(heartbeat=now)
        missing = batch.missing_ids()
        try:
            for sid in missing:
                grade_submission.delay(batch.pk, sid)
        except Exception as exc:  # the broker is down: the next sweep tries again
            log.warning("batch %s: could not be sent again (%s)", batch.pk, exc)
            continue
        sent += len(missing)
        log.warning("batch %s: no progress, %d submissions sent again", batch.pk, len(missing))
    return sent
