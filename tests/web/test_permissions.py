"""The permission matrix: who gets what from every accounts and grading view and endpoint.

Actors: anonymous; bob (a student of OS 101, owner of the submission under
test); carol (another student of OS 101); dave (instructor of another
course); alice (instructor of OS 101); erin (staff).  Pages answer
anonymous visitors with a redirect to the login page, the API with 401.
"""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from playground.grading import batches, services, tasks
from playground.grading.demo import demo_definition, scripted_answers
from playground.grading.models import Assignment, Grade, Submission
from tests.web.helpers import post_json
from tests.web.people import People, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

ACTORS = ("anonymous", "bob", "carol", "dave", "alice", "erin")
LOGIN = "login"  # a redirect to /accounts/login/


@pytest.fixture
def world(people: People) -> dict[str, Any]:
    """An exam in OS 101 with bob's graded (unreleased) submission and its batch."""
    exam = Assignment.objects.create(course=people.os101, title="Exam", **demo_definition())
    variant = services.variant_for(exam, people.bob)
    submission = services.submit(exam, people.bob, scripted_answers(variant, exam.questions))
    batch = batches.start_batch(exam)  # recorded; on_commit is not run in these tests
    tasks.grade_one(batch.pk, submission.pk)
    return {"people": people, "a": exam.pk, "s": submission.pk, "b": batch.pk,
            "c": people.os101.pk, "bob": people.bob.pk}


# (method, url, {actor: expected status}); "login" = 302 to the login page.
PAGES = [
    ("get", "/courses/", dict(anonymous=LOGIN, bob=200, carol=200, dave=200, alice=200, erin=200)),
    ("get", "/courses/join/", dict(anonymous=LOGIN, bob=200, carol=200, dave=200, alice=200, erin=200)),
    ("get", "/courses/{c}/", dict(anonymous=LOGIN, bob=200, carol=200, dave=403, alice=200, erin=200)),
    ("post", "/courses/{c}/code/", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=302, erin=302)),
    ("get", "/assignments/{a}/", dict(anonymous=LOGIN, bob=200, carol=200, dave=403, alice=302, erin=302)),
    ("post", "/assignments/{a}/submit/", dict(anonymous=LOGIN, bob=302, carol=302, dave=403, alice=403, erin=403)),
    ("post", "/assignments/{a}/new-variant/", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=403, erin=403)),
    ("post", "/assignments/{a}/reveal/", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=403, erin=403)),
    ("get", "/assignments/{a}/submissions/{s}/", dict(anonymous=LOGIN, bob=200, carol=403, dave=403, alice=200, erin=200)),
    ("get", "/assignments/{a}/submissions/{s}/solution/", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=302, erin=302)),
    ("get", "/courses/{c}/assignments/new/", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=200, erin=200)),
    ("get", "/assignments/{a}/edit/", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=200, erin=200)),
    ("get", "/assignments/{a}/manage/", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=200, erin=200)),
    ("post", "/assignments/{a}/grade/", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=302, erin=302)),
    ("post", "/assignments/{a}/batches/{b}/resume/", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=302, erin=302)),
    ("post", "/assignments/{a}/release/", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=302, erin=302)),
    ("get", "/assignments/{a}/grades.csv", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=200, erin=200)),
    ("get", "/assignments/{a}/results.zip", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=200, erin=200)),
    ("get", "/assignments/{a}/submissions/{s}/results.json", dict(anonymous=LOGIN, bob=403, carol=403, dave=403, alice=200, erin=200)),
    ("get", "/admin/grading/assignment/", dict(anonymous=302, bob=302, carol=302, dave=302, alice=302, erin=200)),
    ("get", "/admin/grading/gradingbatch/{b}/change/", dict(anonymous=302, bob=302, carol=302, dave=302, alice=302, erin=200)),
]

API = [
    ("get", "/api/me/", dict(anonymous=200, bob=200, carol=200, dave=200, alice=200, erin=200)),
    ("get", "/api/assignments/{a}/variant/", dict(anonymous=401, bob=200, carol=200, dave=403, alice=400, erin=400)),
    ("get", "/api/assignments/{a}/variant/?student={bob}", dict(anonymous=401, bob=403, carol=403, dave=403, alice=200, erin=200)),
    ("post", "/api/assignments/{a}/submissions/", dict(anonymous=401, bob=201, carol=201, dave=403, alice=403, erin=403)),
    ("get", "/api/assignments/{a}/grade/", dict(anonymous=401, bob=200, carol=200, dave=403, alice=403, erin=403)),
    ("get", "/api/grading/batches/{b}/", dict(anonymous=401, bob=403, carol=403, dave=403, alice=200, erin=200)),
]


def client_for(world: dict[str, Any], actor: str) -> Client:
    client = Client()
    user = world["people"].by_name(actor)
    if user is not None:
        client.force_login(user)
    return client


def call(client: Client, method: str, url: str) -> Any:
    if method == "get":
        return client.get(url)
    if url.startswith("/api/"):
        return post_json(client, url, {"answers": {"wait-srt": "6.5"}})
    return client.post(url, {"q_wait-srt": "6.5", "released": "1"})


@pytest.mark.parametrize("method, url, expected", PAGES + API,
                         ids=[f"{m} {u}" for m, u, _ in PAGES + API])
@pytest.mark.parametrize("actor", ACTORS)
def test_the_permission_matrix(world: dict[str, Any], actor: str, method: str, url: str,
                               expected: dict[str, Any]) -> None:
    response = call(client_for(world, actor), method, url.format(**world))
    want = expected[actor]
    if want == LOGIN:
        assert response.status_code == 302, response.content[:300]
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == want, response.content[:300]
    if url.startswith("/api/") and response.status_code in (401, 403):
        assert response.json()["errors"][0]["message"]


@pytest.mark.parametrize("url", ["/assignments/999999/", "/api/assignments/999999/variant/",
                                 "/assignments/999999/manage/", "/courses/999999/"])
def test_missing_objects_are_404_for_everyone_logged_in(world: dict[str, Any], url: str) -> None:
    assert client_for(world, "erin").get(url).status_code == 404


def test_a_student_never_sees_unreleased_grades_or_expected_answers(world: dict[str, Any]) -> None:
    assert Grade.objects.filter(submission_id=world["s"]).exists()  # graded, not released
    bob = client_for(world, "bob")
    page = bob.get(f"/assignments/{world['a']}/").content.decode()
    detail = bob.get(f"/assignments/{world['a']}/submissions/{world['s']}/").content.decode()
    for html in (page, detail):
        assert "data-feedback" not in html and "Expected" not in html
    assert bob.get(f"/api/assignments/{world['a']}/grade/").json() == {"released": False}
    assert bob.get(f"/assignments/{world['a']}/").context["solution"] is None


def test_a_student_never_sees_another_students_answers_or_grade(world: dict[str, Any]) -> None:
    exam = Assignment.objects.get(pk=world["a"])
    services.release_grades(exam)
    bob_answers = Submission.objects.get(pk=world["s"]).answers
    carol = client_for(world, "carol")
    page = carol.get(f"/assignments/{world['a']}/").content.decode()
    assert "data-feedback" not in page  # carol has no submission, so no grade
    assert bob_answers["order"] not in page
    assert carol.get(f"/api/assignments/{world['a']}/grade/").json()["score"] is None
    assert carol.get(f"/assignments/{world['a']}/submissions/{world['s']}/").status_code == 403
    assert carol.get(f"/assignments/{world['a']}/submissions/{world['s']}/solution/").status_code == 403


def test_after_release_the_owner_reaches_the_solution_run(world: dict[str, Any],
                                                          django_capture_on_commit_callbacks: Any) -> None:
    services.release_grades(Assignment.objects.get(pk=world["a"]))
    with django_capture_on_commit_callbacks(execute=False):  # the run is not actually streamed
        response = client_for(world, "bob").get(
            f"/assignments/{world['a']}/submissions/{world['s']}/solution/")
    assert response.status_code == 302 and response["Location"].startswith("/runs/")


def test_the_course_page_lists_assignments_to_members_only(world: dict[str, Any]) -> None:
    url = f"/courses/{world['c']}/"
    assert "Exam" in client_for(world, "bob").get(url).content.decode()
    assert "New assignment" in client_for(world, "alice").get(url).content.decode()
    assert "New assignment" not in client_for(world, "bob").get(url).content.decode()


def test_the_admin_grade_action_opens_the_batch_with_live_progress(world: dict[str, Any],
                                                                    django_capture_on_commit_callbacks: Any) -> None:
    erin = client_for(world, "erin")
    with django_capture_on_commit_callbacks(execute=False):
        response = erin.post("/admin/grading/assignment/",
                             {"action": "grade", "_selected_action": [world["a"]]})
    assert response.status_code == 302 and "/admin/grading/gradingbatch/" in response["Location"]
    page = erin.get(response["Location"]).content.decode()
    assert "data-batch-progress" in page and "/api/grading/batches/" in page


def test_an_instructor_creates_an_assignment_with_clear_errors(world: dict[str, Any]) -> None:
    alice = client_for(world, "alice")
    url = f"/courses/{world['c']}/assignments/new/"
    bad = alice.post(url, {"title": "Bad", "mode": "exam", "template": "{\"processes\": []",
                           "variations_text": "[]", "questions_text": "[]"})
    assert bad.status_code == 400 and "not valid JSON" in bad.content.decode()
    definition = demo_definition()
    good = alice.post(url, {"title": "Quiz 2", "mode": "practice",
                            "template": definition["template_json"],
                            "variations_text": '[{"path": "processes[*].burst", "min": 1, "max": 9}]',
                            "questions_text": '[{"id": "w", "kind": "average_waiting", "points": 1}]'})
    assert good.status_code == 302
    assert Assignment.objects.get(title="Quiz 2").variations[0]["max"] == 9
