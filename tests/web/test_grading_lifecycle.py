"""A grading batch's life: it always ends, a submission gets two attempts, a
stuck batch is swept, and batches.py -> tasks.py is the only import direction
(issues 9 and 15)."""
from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from playground.celery import app as celery_app
from playground.grading import batches, tasks
from playground.grading.models import Assignment, BatchStatus, Grade, GradingBatch
from tests.web.people import People, people  # noqa: F401  (fixture)
from tests.web.test_grading_flow import answer, exam  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def ago(seconds: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def test_a_batch_whose_submission_was_deleted_before_grading_finishes(
        exam: Assignment, people: People) -> None:
    bob, carol = answer(exam, people.bob), answer(exam, people.carol)
    batch = batches.start_batch(exam)  # recorded, not queued: on_commit is not run here
    carol.delete()  # e.g. the student's account was removed
    tasks.grade_one(batch.pk, bob.pk)
    assert tasks.grade_one(batch.pk, carol.pk) is None
    progress = batches.batch_progress(batch)
    assert (progress["status"], progress["done"], progress["skipped"], progress["total"]) == \
        (BatchStatus.FINISHED, 1, 1, 2)


def test_a_batch_is_finished_by_the_last_grade_even_when_the_deleted_ones_ran_first(
        exam: Assignment, people: People) -> None:
    bob, carol = answer(exam, people.bob), answer(exam, people.carol)
    batch = batches.start_batch(exam)
    carol_id = carol.pk
    carol.delete()
    tasks.grade_one(batch.pk, carol_id)
    assert batches.batch_progress(batch)["status"] == BatchStatus.QUEUED
    tasks.grade_one(batch.pk, bob.pk)
    assert batches.batch_progress(batch)["status"] == BatchStatus.FINISHED


def test_a_submission_that_killed_its_worker_twice_gets_a_failed_grade(
        exam: Assignment, people: People) -> None:
    bob = answer(exam, people.bob)
    batch = batches.start_batch(exam)
    # Two earlier deliveries began grading it and never finished.
    assert batch.claim_attempt(bob.pk) and batch.claim_attempt(bob.pk)
    grade = tasks.grade_one(batch.pk, bob.pk)
    assert grade is not None and grade.error == tasks.LOST_TWICE and grade.score == 0
    progress = batches.batch_progress(batch)
    assert (progress["status"], progress["failed"]) == (BatchStatus.FINISHED, 1)


def test_a_duplicate_delivery_uses_no_attempt(exam: Assignment, people: People) -> None:
    bob = answer(exam, people.bob)
    batch = batches.start_batch(exam)
    tasks.grade_one(batch.pk, bob.pk)
    tasks.grade_one(batch.pk, bob.pk)
    batch.refresh_from_db()
    assert batch.attempts == {str(bob.pk): 1}
    assert Grade.objects.get().error == ""


def test_the_sweeper_sends_again_what_a_stuck_batch_has_not_graded(
        exam: Assignment, people: People) -> None:
    bob, carol = answer(exam, people.bob), answer(exam, people.carol)
    batch = batches.start_batch(exam)
    tasks.grade_one(batch.pk, bob.pk)  # carol's task was lost with its worker
    GradingBatch.objects.filter(pk=batch.pk).update(heartbeat=ago(31))
    celery_app.conf.task_always_eager = True
    try:
        assert tasks.sweep_batches() == 1
    finally:
        celery_app.conf.task_always_eager = False
    progress = batches.batch_progress(batch)
    assert (progress["status"], progress["done"]) == (BatchStatus.FINISHED, 2)
    assert Grade.objects.get(submission=carol).error == ""


def test_the_sweeper_leaves_a_moving_batch_alone(exam: Assignment, people: People) -> None:
    answer(exam, people.bob)
    batches.start_batch(exam)  # its heartbeat is fresh
    assert tasks.sweep_batches() == 0


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, wherever the import statement is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("worker_side", ["tasks.py", "models.py", "grader.py"])
def test_imports_go_one_way_from_batches_to_the_worker_side(worker_side: str) -> None:
    grading = Path(batches.__file__).parent
    assert "playground.grading.tasks" in imported_modules(grading / "batches.py")
    assert "playground.grading.batches" not in imported_modules(grading / worker_side)
