"""The grading task: one submission of one batch.

Acknowledged late and rejected when the worker is lost: a worker killed
mid-task hands the message back and another worker grades it; since
``grade_one`` updates the grade in place, the second run changes nothing
if the first had finished.  Only database trouble (SQLite busy, a dropped
connection) is retried; a grading failure is recorded, not retried.
"""
from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from playground.grading.batches import grade_one


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True,
             autoretry_for=(OperationalError, InterfaceError), retry_backoff=1,
             retry_backoff_max=30, max_retries=8, soft_time_limit=120, time_limit=150)
def grade_submission(batch_id: int, submission_id: int) -> None:
    """Grade submission ``submission_id`` for batch ``batch_id`` (ids, re-fetched); idempotent."""
    grade_one(batch_id, submission_id)
