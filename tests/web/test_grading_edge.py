"""Grading at the request edge: answers saved whatever Redis does, an exam
closed once its feedback was seen, export entries named by account id."""
from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from playground.accounts.models import Membership
from playground.grading import services
from playground.grading.demo import demo_definition, scripted_answers
from playground.grading.models import Assignment, Submission
from tests.stack import free_port
from tests.web.helpers import post_json
from tests.web.people import People, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(people: People) -> Assignment:
    return Assignment.objects.create(course=people.os101, title="Scheduling exam",
                                     mode="exam", **demo_definition())


@pytest.fixture
def redis_down(settings: Any) -> None:
    """The cache (the rate limiter's store) on a port where nothing listens."""
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}


def right_answers(client: Client, exam: Assignment) -> dict[str, Any]:
    variant = client.get(f"/api/assignments/{exam.pk}/variant/").json()["scenario"]
    return scripted_answers(variant, exam.questions)


def test_answers_sent_while_redis_is_down_are_all_saved(exam: Assignment, people: People,
                                                        redis_down: None) -> None:
    client = Client()
    client.force_login(people.bob)
    answers = right_answers(client, exam)
    api = [post_json(client, f"/api/assignments/{exam.pk}/submissions/", {"answers": answers})
           for _ in range(3)]
    assert [r.status_code for r in api] == [201, 201, 201]
    form = client.post(f"/assignments/{exam.pk}/submit/",
                       {f"q_{qid}": value for qid, value in answers.items()})
    assert form.status_code == 302
    assert Submission.objects.filter(student=people.bob).count() == 4


def test_an_exam_takes_no_answers_once_its_feedback_was_seen(exam: Assignment, people: People,
                                                             django_capture_on_commit_callbacks: Any
                                                             ) -> None:
    from playground.celery import app as celery_app
    from playground.grading import batches

    client = Client()
    client.force_login(people.bob)
    submit = f"/api/assignments/{exam.pk}/submissions/"
    assert post_json(client, submit, {"answers": right_answers(client, exam)}).status_code == 201
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            batches.start_batch(exam)
    finally:
        celery_app.conf.task_always_eager = False
    services.release_grades(exam)
    assert client.get(f"/api/assignments/{exam.pk}/grade/").json()["score"] == 10
    services.release_grades(exam, released=False)  # the instructor hides the grades again

    again = post_json(client, submit, {"answers": right_answers(client, exam)})
    assert again.status_code == 409
    assert "seen your exam's feedback" in again.json()["errors"][0]["message"]
    page = client.get(f"/assignments/{exam.pk}/")
    assert page.context["may_submit"] is False
    # Carol never saw feedback: she may still answer while grades are hidden.
    other = Client()
    other.force_login(people.carol)
    assert post_json(other, submit, {"answers": right_answers(other, exam)}).status_code == 201


def test_the_zip_names_entries_by_account_id_even_for_a_username_of_dots(
        exam: Assignment, people: People) -> None:
    dots = get_user_model().objects.create_user("..", password="x" * 20)
    Membership.objects.create(course=people.os101, user=dots, role="student")
    variant = services.variant_for(exam, dots)
    services.submit(exam, dots, scripted_answers(variant, exam.questions))
    client = Client()
    client.force_login(people.alice)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/assignments/{exam.pk}/results.zip").content))
    assert archive.namelist() == [f"user-{dots.pk}/results.json"]
    assert all(".." not in name.split("/") for name in archive.namelist())
