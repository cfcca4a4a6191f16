"""Assignments end to end in one process: variants, submissions, batches, release.

Celery runs eagerly here (tasks inline, ``transaction.on_commit`` callbacks
executed); a real worker grades in test_grading_live.py.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from kombu import pools as kombu_pools
from django.utils import timezone

from playground.celery import app as celery_app
from playground.grading import batches, services, tasks
from playground.grading.demo import demo_definition, scripted_answers
from playground.grading.models import (Assignment, BatchStatus, Grade, GradingBatch,
                                       StudentVariant, Submission)
from tests.stack import free_port
from tests.web.helpers import post_json
from tests.web.people import People, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(people: People) -> Assignment:
    return Assignment.objects.create(course=people.os101, title="Scheduling exam",
                                     mode="exam", **demo_definition())


@pytest.fixture
def practice(people: People) -> Assignment:
    return Assignment.objects.create(course=people.os101, title="Scheduling practice",
                                     mode="practice", **demo_definition())


@pytest.fixture
def grade_now(django_capture_on_commit_callbacks: Any) -> Callable[..., GradingBatch]:
    """Start a batch with Celery eager: its on_commit queueing runs, and the tasks run inline."""

    def run(assignment: Assignment, user: Any = None) -> GradingBatch:
        celery_app.conf.task_always_eager = True
        try:
            with django_capture_on_commit_callbacks(execute=True):
                batch = batches.start_batch(assignment, user)
        finally:
            celery_app.conf.task_always_eager = False
        batch.refresh_from_db()
        return batch

    return run


def answer(assignment: Assignment, student: Any, wrong: set[str] = frozenset()) -> Submission:
    variant = services.variant_for(assignment, student)
    return services.submit(assignment, student,
                           scripted_answers(variant, assignment.questions, wrong))


# --- Variants ---------------------------------------------------------------

def test_an_exam_variant_is_the_same_on_every_visit(exam: Assignment, people: People) -> None:
    first = services.variant_for(exam, people.bob)
    assert services.variant_for(exam, people.bob) == first
    assert services.variant_for(exam, people.carol) != first


def test_an_exam_refuses_a_new_variant(exam: Assignment, people: People) -> None:
    with pytest.raises(services.GradingError, match="exam"):
        services.new_variant(exam, people.bob)
    client = Client()
    client.force_login(people.bob)
    assert client.post(f"/assignments/{exam.pk}/new-variant/").status_code == 403


def test_practice_offers_a_new_variant_and_keeps_it(practice: Assignment, people: People) -> None:
    first = services.variant_for(practice, people.bob)
    assert services.new_variant(practice, people.bob) == 1
    second = services.variant_for(practice, people.bob)
    assert second != first and services.variant_for(practice, people.bob) == second
    assert StudentVariant.objects.get(assignment=practice, student=people.bob).counter == 1


def test_a_variant_is_titled_with_its_number(practice: Assignment, people: People) -> None:
    assert services.variant_for(practice, people.bob)["title"].endswith("variant 1")


# --- Submissions ------------------------------------------------------------

def test_resubmission_keeps_history_and_the_latest_counts(exam: Assignment, people: People) -> None:
    first = answer(exam, people.bob, {"order"})
    second = answer(exam, people.bob)
    assert (first.number, second.number) == (1, 2)
    assert Submission.objects.filter(assignment=exam, student=people.bob).count() == 2
    assert list(services.latest_submissions(exam)) == [second]


def test_a_submission_after_the_deadline_is_marked_late(exam: Assignment, people: People) -> None:
    exam.deadline = timezone.now() - timedelta(minutes=1)
    exam.save()
    assert answer(exam, people.bob).late


def test_a_submission_keeps_the_variant_the_student_saw(practice: Assignment,
                                                         people: People) -> None:
    shown = services.variant_for(practice, people.bob)
    submission = answer(practice, people.bob)
    services.new_variant(practice, people.bob)
    assert submission.scenario() == shown and submission.variant_counter == 0


def test_unreadable_answers_save_nothing(exam: Assignment, people: People) -> None:
    with pytest.raises(services.GradingError) as caught:
        services.submit(exam, people.bob, {"wait-srt": "lots"})
    assert "not a number" in caught.value.errors["wait-srt"]
    assert not Submission.objects.exists()


def test_answers_are_closed_once_grades_are_out(exam: Assignment, people: People) -> None:
    services.release_grades(exam)
    with pytest.raises(services.GradingError, match="Grades are out"):
        answer(exam, people.bob)


def test_practice_reveal_closes_the_variant_until_a_new_one(practice: Assignment,
                                                            people: People) -> None:
    assert not services.reveal_allowed(practice, people.bob)
    answer(practice, people.bob)
    assert services.reveal_allowed(practice, people.bob)
    services.mark_revealed(practice, people.bob)
    with pytest.raises(services.GradingError, match="seen this variant"):
        answer(practice, people.bob)
    services.new_variant(practice, people.bob)
    assert answer(practice, people.bob).variant_counter == 1


def test_the_answers_form_saves_and_shows_errors(exam: Assignment, people: People) -> None:
    client = Client()
    client.force_login(people.bob)
    bad = client.post(f"/assignments/{exam.pk}/submit/", {"q_wait-srt": "six and a half"})
    assert bad.status_code == 400 and "not a number" in bad.content.decode()
    ok = client.post(f"/assignments/{exam.pk}/submit/", {"q_wait-srt": "6.5", "q_order": "1, 2"})
    assert ok.status_code == 302
    assert Submission.objects.get(student=people.bob).answers["wait-srt"] == "6.5"


def test_submissions_are_rate_limited(exam: Assignment, people: People) -> None:
    client = Client()
    client.force_login(people.bob)
    statuses = [post_json(client, f"/api/assignments/{exam.pk}/submissions/",
                          {"answers": {"wait-srt": "1"}}).status_code for _ in range(11)]
    assert statuses[:10] == [201] * 10 and statuses[10] == 429


# --- Batches ----------------------------------------------------------------

def test_grading_scores_each_latest_submission(exam: Assignment, people: People, grade_now: Any) -> None:
    answer(exam, people.bob)
    answer(exam, people.carol, {"order", "wait-fcfs"})
    batch = grade_now(exam, people.alice)
    scores = {g.student.username: (g.score, g.max_score) for g in Grade.objects.all()}
    assert scores == {"bob": (10, 10), "carol": (6, 10)}
    progress = batches.batch_progress(batch)
    assert (progress["status"], progress["done"], progress["total"], progress["failed"]) == \
        ("finished", 2, 2, 0)


def test_feedback_gives_expected_given_points_per_question(exam: Assignment, people: People,
                                                           grade_now: Any) -> None:
    answer(exam, people.carol, {"order"})
    grade_now(exam)
    feedback = {f["id"]: f for f in Grade.objects.get().feedback}
    order = feedback["order"]
    assert order["correct"] is False and order["earned"] == 0 and order["points"] == 2
    assert order["expected"] != order["given"] and order["expected_text"]
    assert feedback["movement"]["correct"] is True


def test_grading_twice_gives_the_same_grades_and_no_duplicates(exam: Assignment, people: People,
                                                                grade_now: Any) -> None:
    answer(exam, people.bob, {"switches"})
    answer(exam, people.carol)
    grade_now(exam)
    before = {g.submission_id: (g.score, g.feedback) for g in Grade.objects.all()}
    second = grade_now(exam)
    after = {g.submission_id: (g.score, g.feedback) for g in Grade.objects.all()}
    assert after == before and Grade.objects.count() == 2
    assert set(Grade.objects.values_list("batch_id", flat=True)) == {second.pk}


def test_a_task_delivered_twice_grades_once(exam: Assignment, people: People) -> None:
    submission = answer(exam, people.bob)
    batch = batches.start_batch(exam)  # not queued: on_commit is not run here
    tasks.grade_one(batch.pk, submission.pk)
    tasks.grade_one(batch.pk, submission.pk)
    assert Grade.objects.count() == 1
    assert batches.batch_progress(batch)["done"] == 1


def test_resume_queues_only_the_ungraded(exam: Assignment, people: People) -> None:
    bob, carol = answer(exam, people.bob), answer(exam, people.carol)
    batch = batches.start_batch(exam)  # recorded, not queued: on_commit is not run here
    tasks.grade_one(batch.pk, bob.pk)  # as if the worker died before carol's task
    assert batches.missing_ids(batch) == [carol.pk]
    celery_app.conf.task_always_eager = True
    try:
        assert batches.resume_batch(batch) == 1
    finally:
        celery_app.conf.task_always_eager = False
    assert batches.batch_progress(batch)["status"] == BatchStatus.FINISHED


def test_an_empty_batch_is_finished_at_once(exam: Assignment) -> None:
    assert batches.start_batch(exam).status == BatchStatus.FINISHED


class BrokerDown:
    """Celery pointed at a port nobody listens on, until ``restore()``."""

    def __init__(self) -> None:
        conf = celery_app.conf
        self.saved = (conf.broker_url, conf.broker_connection_retry, conf.task_publish_retry)
        conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
        # Fail at once rather than retry for seconds against a closed port.
        conf.broker_connection_retry = False
        conf.task_publish_retry = False
        _forget_connections()

    def restore(self) -> None:
        conf = celery_app.conf
        conf.broker_url, conf.broker_connection_retry, conf.task_publish_retry = self.saved
        _forget_connections()


@pytest.fixture
def broker_down() -> Iterator[BrokerDown]:
    down = BrokerDown()
    try:
        yield down
    finally:
        down.restore()


def _forget_connections() -> None:
    # Celery caches its connection and producer pools for the first broker
    # URL it used, and kombu keeps them in global registries by URL; drop
    # them all so the next publish uses the current URL (a pool closed but
    # left registered would fail every later publish, eager ones too).
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_a_submission_is_saved_while_the_broker_is_down_and_graded_later(
        exam: Assignment, people: People, broker_down: BrokerDown,
        django_capture_on_commit_callbacks: Any, grade_now: Any) -> None:
    client = Client()
    client.force_login(people.bob)
    variant = client.get(f"/api/assignments/{exam.pk}/variant/").json()["scenario"]
    response = post_json(client, f"/api/assignments/{exam.pk}/submissions/",
                         {"answers": scripted_answers(variant, exam.questions)})
    assert response.status_code == 201
    assert Submission.objects.filter(student=people.bob).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        failed = batches.start_batch(exam)
    failed.refresh_from_db()
    assert failed.status == BatchStatus.QUEUE_FAILED
    assert "could not be reached" in failed.error and not Grade.objects.exists()

    broker_down.restore()  # the queue is back
    assert grade_now(exam).status == BatchStatus.FINISHED
    assert Grade.objects.get(student=people.bob).score == 10


# --- Release and exports ----------------------------------------------------

def test_release_shows_grade_feedback_and_solution(exam: Assignment, people: People,
                                                   grade_now: Any) -> None:
    answer(exam, people.bob, {"order"})
    grade_now(exam)
    client = Client()
    client.force_login(people.bob)
    hidden = client.get(f"/assignments/{exam.pk}/")
    assert hidden.context["grade"] is None and hidden.context["solution"] is None
    assert client.get(f"/api/assignments/{exam.pk}/grade/").json() == {"released": False}
    services.release_grades(exam)
    shown = client.get(f"/assignments/{exam.pk}/")
    assert shown.context["grade"].score == 8 and shown.context["solution"]["id"]
    assert 'data-question="order" data-correct="false"' in shown.content.decode()
    body = client.get(f"/api/assignments/{exam.pk}/grade/").json()
    assert body["score"] == 8 and len(body["feedback"]) == 6


def test_the_csv_has_a_row_per_student_and_a_column_per_question(exam: Assignment,
                                                                  people: People,
                                                                  grade_now: Any) -> None:
    people.carol.first_name = "=cmd|' /C calc'!A0"
    people.carol.save()
    answer(exam, people.bob)
    answer(exam, people.carol, {"order"})
    grade_now(exam)
    client = Client()
    client.force_login(people.alice)
    response = client.get(f"/assignments/{exam.pk}/grades.csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == ("username,name,submission,submitted,late,wait-srt,wait-fcfs,p2-finish,"
                        "switches,movement,order,total,max,error")
    assert lines[1].startswith("bob,Bob,1,") and lines[1].endswith(",2,2,1,1,2,2,10,10,")
    assert lines[2].startswith("carol,'=cmd") and ",0,8,10," in lines[2]


def test_results_json_follows_gradescope(exam: Assignment, people: People, grade_now: Any) -> None:
    submission = answer(exam, people.carol, {"order"})
    grade_now(exam)
    client = Client()
    client.force_login(people.alice)
    body = json.loads(client.get(
        f"/assignments/{exam.pk}/submissions/{submission.pk}/results.json").content)
    assert (body["score"], body["max_score"]) == (8, 10) and len(body["tests"]) == 6
    order = [t for t in body["tests"] if t["name"].startswith("order")][0]
    assert order["status"] == "failed" and order["max_score"] == 2 and "expected" in order["output"]
    assert body["extra_data"]["student"] == "carol"


def test_the_zip_holds_a_results_json_per_student(exam: Assignment, people: People,
                                                  grade_now: Any) -> None:
    import io
    import zipfile

    answer(exam, people.bob)
    answer(exam, people.carol)
    grade_now(exam)
    client = Client()
    client.force_login(people.alice)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/assignments/{exam.pk}/results.zip").content))
    # Named by account id, never by a username (which could be "..").
    assert sorted(archive.namelist()) == sorted([f"user-{people.bob.pk}/results.json",
                                                 f"user-{people.carol.pk}/results.json"])
