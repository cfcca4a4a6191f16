"""The admin's change pages answer an id that is not one (a typo, "abc", a
huge number) as the admin always does, never with a 500."""
from __future__ import annotations

import pytest
from django.test import Client

from playground.grading.demo import demo_definition
from playground.grading.models import Assignment, GradingBatch
from tests.web.people import People, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

MODELS = ["accounts/course", "accounts/membership", "classroom/answer", "classroom/livesession",
          "grading/assignment", "grading/grade", "grading/gradingbatch", "grading/submission",
          "studio/run", "studio/scenario"]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("object_id", ["abc", "99999999999999999999", "-1"])
def test_a_change_page_for_an_id_that_is_not_one_redirects_with_a_message(
        people: People, model: str, object_id: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(people.erin)
    response = client.get(f"/admin/{model}/{object_id}/change/")
    assert response.status_code in (302, 404)


def test_a_grading_batch_change_page_shows_its_progress(people: People) -> None:
    exam = Assignment.objects.create(course=people.os101, title="Exam", mode="exam", **demo_definition())
    batch = GradingBatch.objects.create(assignment=exam, created_by=people.alice, total=0)
    client = Client()
    client.force_login(people.erin)
    response = client.get(f"/admin/grading/gradingbatch/{batch.pk}/change/")
    assert response.status_code == 200
    assert response.context["progress"]["total"] == 0


@pytest.mark.parametrize("model, action", [
    ("grading/gradingbatch", "resume"), ("grading/assignment", "grade"), ("grading/assignment", "delete_selected"),
    ("classroom/livesession", "delete_selected"), ("accounts/course", "delete_selected")])
@pytest.mark.parametrize("ticked", ["abc", "99999999999999999999", ""])
def test_an_action_on_ids_that_are_not_ids_changes_nothing_and_says_so(
        people: People, model: str, action: str, ticked: str) -> None:
    Assignment.objects.create(course=people.os101, title="Exam", mode="exam", **demo_definition())
    client = Client(raise_request_exception=False)
    client.force_login(people.erin)
    response = client.post(f"/admin/{model}/", {"action": action, "_selected_action": ticked}, follow=True)
    assert response.status_code == 200
    assert "Items must be selected" in response.content.decode()
    assert Assignment.objects.count() == 1


def test_an_action_on_a_real_id_still_runs(people: People) -> None:
    exam = Assignment.objects.create(course=people.os101, title="Exam", mode="exam", **demo_definition())
    client = Client()
    client.force_login(people.erin)
    client.post("/admin/grading/assignment/", {"action": "release", "_selected_action": str(exam.pk)})
    exam.refresh_from_db()
    assert exam.grades_released
