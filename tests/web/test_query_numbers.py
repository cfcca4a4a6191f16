"""Whole numbers in query strings: a superscript digit ("²" passes
``str.isdigit``) or a number too large for the database is a clear 400 or
404, never a 500."""
from __future__ import annotations

import pytest
from django.test import Client

from playground.grading.demo import demo_definition
from playground.grading.models import Assignment
from playground.studio.models import Run, RunStatus
from tests.web.people import People, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NOT_A_NUMBER = ["²", "١٢", "9" * 30, "-1", "1.5", " 1"]


@pytest.mark.parametrize("student", NOT_A_NUMBER)
def test_an_instructor_asking_for_a_variant_by_a_strange_id_gets_404(people: People, student: str) -> None:
    exam = Assignment.objects.create(course=people.os101, title="Exam", mode="exam", **demo_definition())
    client = Client(raise_request_exception=False)
    client.force_login(people.alice)
    response = client.get(f"/api/assignments/{exam.pk}/variant/", {"student": student})
    assert response.status_code == 404
    assert response.json()["errors"][0]["path"] == "student"


def test_an_instructor_asking_for_a_students_variant_by_id_gets_it(people: People) -> None:
    exam = Assignment.objects.create(course=people.os101, title="Exam", mode="exam", **demo_definition())
    client = Client()
    client.force_login(people.alice)
    response = client.get(f"/api/assignments/{exam.pk}/variant/", {"student": str(people.bob.pk)})
    assert response.status_code == 200 and "scenario" in response.json()


@pytest.mark.parametrize("field", ["from", "before_step", "before_tick"])
@pytest.mark.parametrize("value", NOT_A_NUMBER)
def test_a_practice_window_with_a_strange_bound_is_a_json_400(field: str, value: str) -> None:
    run = Run.objects.create(scenario_json="{}", status=RunStatus.COMPLETED)
    response = Client(raise_request_exception=False).get(f"/practice/runs/{run.id}/steps/", {field: value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == field


@pytest.mark.parametrize("course", NOT_A_NUMBER)
def test_the_new_session_form_ignores_a_strange_course_id(people: People, course: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(people.alice)
    response = client.get("/sessions/new/", {"preset": "cpu-srt-four", "course": course})
    assert response.status_code == 200
