"""What a link and a grade were computed with: the engine version on runs and grades.

A run records the engine of the worker that computed it; ``GET /api/runs/<id>/``
and the run page show it.  A grade records the engine it was marked with, and
a re-grade says when the engine changed since the last grading and which
grades moved.  (An older engine is played by a grade or run whose stored
version and score are those an older engine left.)
"""
from __future__ import annotations

import io
import json
import re
import shutil
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

import kernel_engine
from playground.celery import app as celery_app
from playground.engine_version import ENGINE_DIR, engine_version, source_digest
from playground.grading import batches, services
from playground.grading.demo import demo_definition, scripted_answers
from playground.grading.models import Assignment, Grade, GradingBatch, Submission
from playground.grading.tasks import grade_one
from playground.studio import store
from playground.studio.canonical import canonical_json
from playground.studio.models import Run, RunStatus
from tests.stack import Stack
from tests.web.people import People, people  # noqa: F401  (fixture)

OLD_ENGINE = "0.9.0+000000000000"


# --- The version ------------------------------------------------------------

def test_the_version_is_the_release_and_a_digest_of_the_engine_source() -> None:
    version = engine_version()
    assert re.fullmatch(r"[0-9][0-9A-Za-z.\-]*\+[0-9a-f]{12}", version), version
    assert version.startswith(kernel_engine.__version__ + "+")
    assert len(version) <= Run._meta.get_field("engine_version").max_length


def test_any_change_to_the_engine_source_gives_a_new_version(tmp_path: Path) -> None:
    copy = tmp_path / "kernel_engine"
    shutil.copytree(ENGINE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert source_digest(copy) == source_digest(ENGINE_DIR)
    errors = copy / "errors.py"
    errors.write_text(errors.read_text() + "\n# one more line\n")
    assert source_digest(copy) != source_digest(ENGINE_DIR)


# --- Runs -------------------------------------------------------------------

@pytest.mark.django_db
def test_a_worker_records_its_engine_when_it_claims_a_run(srt_four: dict[str, Any]) -> None:
    run = Run.objects.create(scenario_json=canonical_json(srt_four))
    assert run.engine_version == ""  # queued: no engine has touched it
    store.claim_run(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert run.engine_version == engine_version()


@pytest.mark.django_db
def test_a_saved_run_shows_its_engine_in_the_api_and_on_its_page(
        client: Client, srt_four: dict[str, Any]) -> None:
    run = Run.objects.create(scenario_json=canonical_json(srt_four), status=RunStatus.COMPLETED,
                             result_json="{}", engine_version=OLD_ENGINE)
    assert client.get(f"/api/runs/{run.id}/").json()["engine_version"] == OLD_ENGINE
    page = client.get(f"/runs/{run.id}/").content.decode()
    assert f"Computed with engine {OLD_ENGINE}" in page


@pytest.mark.django_db
def test_a_queued_run_has_no_engine_yet(client: Client, srt_four: dict[str, Any]) -> None:
    run = Run.objects.create(scenario_json=canonical_json(srt_four))
    assert client.get(f"/api/runs/{run.id}/").json()["engine_version"] is None
    assert "Computed with engine" not in client.get(f"/runs/{run.id}/").content.decode()


@pytest.mark.django_db
def test_a_solution_run_of_another_engine_is_not_reused(srt_four: dict[str, Any],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    saved = services.save_scenario(srt_four)
    old = Run.objects.create(scenario=saved, scenario_json=canonical_json(srt_four),
                             status=RunStatus.COMPLETED, result_json="{}",
                             engine_version=OLD_ENGINE)
    started: list[Run] = []
    monkeypatch.setattr(services, "start_run",  # the broker is not part of this test
                        lambda scenario, saved: started.append(
                            Run.objects.create(scenario=saved, scenario_json=canonical_json(scenario)))
                        or started[-1])
    fresh = services.solution_run(srt_four)
    assert fresh.pk != old.pk and started == [fresh]
    Run.objects.filter(pk=fresh.pk).update(status=RunStatus.COMPLETED,
                                           engine_version=engine_version())
    assert services.solution_run(srt_four).pk == fresh.pk  # today's engine's run is reused


def test_a_run_on_the_live_stack_is_stamped_by_its_worker(stack: Stack,
                                                         srt_four: dict[str, Any]) -> None:
    created = post_json_live(stack, "/api/runs/", {"scenario": srt_four})
    detail: dict[str, Any] = {}
    for _ in range(200):
        with urllib.request.urlopen(f"{stack.base_url}/api/runs/{created['id']}/") as response:
            detail = json.load(response)
        if detail["status"] == "completed":
            break
        time.sleep(0.05)
    assert detail["status"] == "completed"
    assert detail["engine_version"] == engine_version()  # the worker runs this checkout


def post_json_live(stack: Stack, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(f"{stack.base_url}{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


# --- Grades -----------------------------------------------------------------

@pytest.fixture
def exam(people: People) -> Assignment:
    return Assignment.objects.create(course=people.os101, title="Scheduling exam",
                                     mode="exam", **demo_definition())


@pytest.fixture
def grade_now(django_capture_on_commit_callbacks: Any) -> Callable[[Assignment], GradingBatch]:
    """Grade the assignment with Celery eager (the tasks run inline)."""

    def run(assignment: Assignment) -> GradingBatch:
        celery_app.conf.task_always_eager = True
        try:
            with django_capture_on_commit_callbacks(execute=True):
                batch = batches.start_batch(assignment)
        finally:
            celery_app.conf.task_always_eager = False
        batch.refresh_from_db()
        return batch

    return run


def answer(assignment: Assignment, student: Any) -> Submission:
    variant = services.variant_for(assignment, student)
    return services.submit(assignment, student, scripted_answers(variant, assignment.questions))


def as_if_an_older_engine_graded(student: Any, score: float) -> None:
    """Leave the student's grade as an older engine, which found another solution, left it."""
    Grade.objects.filter(student=student).update(engine_version=OLD_ENGINE, score=score)


@pytest.mark.django_db
def test_a_grade_records_its_engine_and_a_first_grading_moves_nothing(
        exam: Assignment, people: People, grade_now: Any) -> None:
    answer(exam, people.bob)
    batch = grade_now(exam)
    grade = Grade.objects.get(student=people.bob)
    assert grade.engine_version == engine_version() and grade.previous_score is None
    engine = batches.batch_progress(batch)["engine"]
    assert engine == {"versions": [engine_version()], "previous_versions": [],
                      "changed": False, "moved_count": 0, "moved": []}


@pytest.mark.django_db
def test_regrading_after_an_engine_change_says_so_and_lists_the_grades_that_moved(
        exam: Assignment, people: People, grade_now: Any) -> None:
    answer(exam, people.bob)
    answer(exam, people.carol)
    grade_now(exam)
    full = Grade.objects.get(student=people.bob).score
    as_if_an_older_engine_graded(people.bob, full - 4)
    as_if_an_older_engine_graded(people.carol, full)  # same score under the old engine
    engine = batches.batch_progress(grade_now(exam))["engine"]
    assert engine["changed"] is True
    assert engine["versions"] == [engine_version()]
    assert engine["previous_versions"] == [OLD_ENGINE]
    assert engine["moved_count"] == 1
    assert engine["moved"] == [{"student": "bob", "submission": Grade.objects.get(
        student=people.bob).submission_id, "before": full - 4, "after": full,
        "previous_engine_version": OLD_ENGINE, "engine_version": engine_version()}]


@pytest.mark.django_db
def test_regrading_with_the_same_engine_reports_no_change(exam: Assignment, people: People,
                                                          grade_now: Any) -> None:
    answer(exam, people.bob)
    grade_now(exam)
    engine = batches.batch_progress(grade_now(exam))["engine"]
    assert engine["changed"] is False and engine["moved_count"] == 0
    assert engine["previous_versions"] == [engine_version()]


@pytest.mark.django_db
def test_a_task_delivered_twice_keeps_the_grade_it_replaced(exam: Assignment,
                                                            people: People, grade_now: Any) -> None:
    submission = answer(exam, people.bob)
    grade_now(exam)
    full = Grade.objects.get(student=people.bob).score
    as_if_an_older_engine_graded(people.bob, full - 2)
    batch = batches.start_batch(exam)  # recorded, not queued: on_commit is not run here
    grade_one(batch.pk, submission.pk)
    grade_one(batch.pk, submission.pk)  # the same task again
    grade = Grade.objects.get(student=people.bob)
    assert (grade.previous_score, grade.previous_engine_version) == (full - 2, OLD_ENGINE)


@pytest.mark.django_db
def test_the_manage_page_says_the_engine_changed_and_which_grades_moved(
        client: Client, exam: Assignment, people: People, grade_now: Any) -> None:
    answer(exam, people.bob)
    grade_now(exam)
    full = Grade.objects.get(student=people.bob).score
    as_if_an_older_engine_graded(people.bob, full - 4)
    grade_now(exam)
    client.force_login(people.alice)
    page = client.get(f"/assignments/{exam.pk}/manage/").content.decode()
    assert f"The engine changed since the last grading (it was {OLD_ENGINE})." in page
    assert "1 grade moved since the last grading" in page
    assert f"bob: {batches.whole(full - 4)} → {batches.whole(full)}" in page


@pytest.mark.django_db
def test_grade_assignment_says_the_engine_changed_and_which_grades_moved(
        exam: Assignment, people: People, grade_now: Any) -> None:
    answer(exam, people.bob)
    grade_now(exam)
    full = Grade.objects.get(student=people.bob).score
    as_if_an_older_engine_graded(people.bob, full - 4)
    grade_now(exam)
    err = io.StringIO()
    # --resume --wait on the finished batch: the command's report, without a worker.
    call_command("grade_assignment", str(exam.pk), "--resume", "--wait", "--timeout", "20",
                 stderr=err)
    text = err.getvalue()
    assert f"the engine changed since the last grading: {OLD_ENGINE} -> {engine_version()}" in text
    assert "1 grades moved since the last grading:" in text
    assert f"{batches.whole(full - 4)} -> {batches.whole(full)}" in text and "bob (submission" in text

