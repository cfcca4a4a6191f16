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


# Django registers the User and Group admins itself; we register them again
# over PlaygroundAdmin, so they answer forged ids as our own admins do.
FORGED_IDS = ["abc", "²", "123456789012345678901234567890", ""]


@pytest.mark.parametrize("model", ["auth/user", "auth/group"])
@pytest.mark.parametrize("page", ["²/change/", "123456789012345678901234567890/change/", "abc/change/",
                                  "²/delete/", "123456789012345678901234567890/history/",
                                  "?_changelist_filters=%25%FF%00", "add/?_changelist_filters=q%3D%25"])
def test_a_user_or_group_page_for_a_forged_id_is_not_found_or_redirected(
        people: People, model: str, page: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(people.erin)
    response = client.get(f"/admin/{model}/{page}", follow=True)
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("object_id", ["²", "123456789012345678901234567890"])
def test_the_password_page_of_a_forged_user_id_is_not_found(people: People, object_id: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(people.erin)
    assert client.get(f"/admin/auth/user/{object_id}/password/").status_code == 404


@pytest.mark.parametrize("model", ["auth/user", "auth/group"])
@pytest.mark.parametrize("ticked", FORGED_IDS)
def test_deleting_forged_users_or_groups_deletes_nothing_and_says_so(
        people: People, model: str, ticked: str) -> None:
    from django.contrib.auth.models import Group, User

    Group.objects.create(name="TAs")
    users, groups = User.objects.count(), Group.objects.count()
    client = Client(raise_request_exception=False)
    client.force_login(people.erin)
    response = client.post(f"/admin/{model}/", {"action": "delete_selected", "_selected_action": ticked},
                           follow=True)
    assert response.status_code == 200
    assert "Items must be selected" in response.content.decode()
    assert (User.objects.count(), Group.objects.count()) == (users, groups)


def test_the_user_admin_keeps_djangos_password_forms(people: People) -> None:
    client = Client()
    client.force_login(people.erin)
    assert "password1" in client.get("/admin/auth/user/add/").content.decode()
    change = client.get(f"/admin/auth/user/{people.bob.pk}/change/").content.decode()
    assert 'href="../password/"' in change  # UserAdmin's "change the password" link
    response = client.post("/admin/auth/user/add/", {"username": "grace", "usable_password": "true",
                                                      "password1": "a-long-pass-phrase-9",
                                                      "password2": "a-long-pass-phrase-9"})
    assert response.status_code == 302
    from django.contrib.auth.models import User

    assert User.objects.get(username="grace").check_password("a-long-pass-phrase-9")


def test_deleting_a_real_user_by_action_still_works(people: People) -> None:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(people.erin)
    client.post("/admin/auth/user/", {"action": "delete_selected", "_selected_action": str(people.frank.pk),
                                      "post": "yes"})
    assert not User.objects.filter(username="frank").exists()
