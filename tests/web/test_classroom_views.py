"""Starting, joining, projecting and ending live sessions: the permission matrix.

People (tests/web/people.py): alice teaches OS 101, bob and carol take it,
dave teaches another course, erin is staff, frank is in no course.
"""
from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from playground.classroom.models import LiveSession, Participant
from tests.web.people import People, people  # noqa: F401  (the fixture)
from tests.web.test_classroom_support import live_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """The test people's passwords are hashed once per test: make that cheap."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def client_for(person: Any) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


@pytest.mark.parametrize("who, status", [
    ("anonymous", 302), ("bob", 403), ("frank", 403), ("dave", 200), ("alice", 200), ("erin", 200),
])
def test_only_instructors_and_staff_may_open_the_new_session_form(people: People, who: str, status: int) -> None:
    response = client_for(people.by_name(who)).get("/sessions/new/")
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=/sessions/new/")


def test_an_instructor_starts_a_session_from_a_preset_for_their_course(people: People) -> None:
    response = client_for(people.alice).post("/sessions/new/", {
        "preset": "cpu-srt-four", "course": people.os101.pk, "open": "on"})
    session = LiveSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/sessions/{session.code}/"
    assert session.instructor == people.alice and session.course == people.os101
    assert session.title == "Shortest remaining time first"
    assert session.run.status == "queued" and session.run.scenario_id == session.scenario_id
    assert len(session.code) == 8


def test_an_instructor_starts_a_session_from_a_saved_link(people: People) -> None:
    from kernel_engine import presets
    from playground.studio.services import save_scenario

    slug = save_scenario(presets.load("disk-textbook-sstf")).slug
    client = client_for(people.alice)
    assert f'value="{slug}"' in client.get(f"/sessions/new/?slug={slug}").content.decode()
    response = client.post("/sessions/new/", {"slug": slug, "title": "Disk day"})
    assert response.status_code == 302
    assert LiveSession.objects.get().title == "Disk day"


def test_an_instructor_of_another_course_cannot_start_one_for_os101(people: People) -> None:
    response = client_for(people.dave).post("/sessions/new/", {
        "preset": "cpu-srt-four", "course": people.os101.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not LiveSession.objects.exists()


def test_a_student_cannot_start_a_session(people: People) -> None:
    response = client_for(people.bob).post("/sessions/new/", {"preset": "cpu-srt-four"})
    assert response.status_code == 403
    assert not LiveSession.objects.exists()


def test_the_form_wants_exactly_one_scenario_and_an_existing_link(people: People) -> None:
    client = client_for(people.alice)
    both = client.post("/sessions/new/", {"preset": "cpu-srt-four", "slug": "abcdefghij"})
    assert "not both" in both.content.decode()
    missing = client.post("/sessions/new/", {"slug": "abcdefghij"})
    assert "No saved scenario has the link code abcdefghij" in missing.content.decode()
    assert not LiveSession.objects.exists()


@pytest.mark.parametrize("who, outcome", [
    ("anonymous", "login"), ("frank", 403), ("dave", 403),
    ("bob", "joined"), ("alice", "lead"), ("erin", "lead"),
])
def test_joining_a_closed_course_session(people: People, who: str, outcome: Any) -> None:
    session = live_session(people.alice, course=people.os101, open=False)
    client = client_for(people.by_name(who))
    response = client.post(f"/join/{session.code}/")
    if outcome == "login":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif outcome == 403:
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and response["Location"] == f"/sessions/{session.code}/"
    joined = Participant.objects.filter(session=session)
    assert [p.display_name for p in joined] == (["Bob"] if outcome == "joined" else [])


def test_an_anonymous_visitor_joins_an_open_session_with_a_name(people: People) -> None:
    session = live_session(people.alice, course=people.os101, open=True)
    client = Client()
    page = client.get(f"/join/{session.code.lower()}/")
    assert page.status_code == 200 and 'name="display_name"' in page.content.decode()
    response = client.post(f"/join/{session.code}/", {"display_name": "  Grace   Hopper "})
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.display_name == "Grace Hopper" and participant.user is None
    # The browser is remembered: the session page now shows the student view.
    view = client.get(f"/sessions/{session.code}/")
    assert view.status_code == 200
    assert '"role": "student"' in view.content.decode()
    assert client.post(f"/join/{session.code}/", {"display_name": "Again"}).status_code == 302
    assert Participant.objects.count() == 1


def test_a_display_name_is_required_and_duplicates_are_numbered(people: People) -> None:
    session = live_session(people.alice, open=True)
    empty = Client().post(f"/join/{session.code}/", {"display_name": "   "})
    assert empty.status_code == 200 and "Enter the name" in empty.content.decode()
    control = Client().post(f"/join/{session.code}/", {"display_name": "a\x07b"})
    assert "control characters" in control.content.decode()
    for _ in range(2):
        Client().post(f"/join/{session.code}/", {"display_name": "Ada"})
    assert sorted(Participant.objects.values_list("display_name", flat=True)) == ["Ada", "Ada (2)"]


def test_a_student_who_has_not_joined_is_sent_to_the_join_page(people: People) -> None:
    session = live_session(people.alice, course=people.os101, open=False)
    response = client_for(people.bob).get(f"/sessions/{session.code}/")
    assert response.status_code == 302 and response["Location"] == f"/join/{session.code}/"


@pytest.mark.parametrize("who, status", [
    ("anonymous", 302), ("bob", 403), ("dave", 403), ("frank", 403), ("alice", 200), ("erin", 200),
])
def test_only_leads_open_the_projector(people: People, who: str, status: int) -> None:
    session = live_session(people.alice, course=people.os101)
    response = client_for(people.by_name(who)).get(f"/sessions/{session.code}/projector/")
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert '<svg class="qr-code"' in html
        assert f"http://testserver/join/{session.code}/" in html


@pytest.mark.parametrize("who, status", [
    ("anonymous", 302), ("bob", 403), ("dave", 403), ("erin", 302), ("alice", 302),
])
def test_only_leads_end_a_session(people: People, who: str, status: int) -> None:
    session = live_session(people.alice, course=people.os101)
    response = client_for(people.by_name(who)).post(f"/sessions/{session.code}/end/")
    assert response.status_code == status
    session.refresh_from_db()
    assert (session.ended is not None) == (who in ("alice", "erin"))


def test_an_ended_session_cannot_be_joined(people: People) -> None:
    session = live_session(people.alice, open=True)
    client_for(people.alice).post(f"/sessions/{session.code}/end/")
    # To a visitor without a seat an ended session looks like no session at all.
    assert Client().get(f"/join/{session.code}/").status_code == 404
    assert "This session has ended." in client_for(people.alice).get(
        f"/sessions/{session.code}/").content.decode()


def test_the_join_code_form_goes_to_the_session_in_any_case(people: People) -> None:
    session = live_session(people.alice, open=True)
    response = Client().get("/join/", {"code": f" {session.code.lower()} "})
    assert response.status_code == 302 and response["Location"] == f"/join/{session.code}/"
    bad = Client().get("/join/", {"code": "no!"})
    assert bad.status_code == 200 and "8 letters and digits" in bad.content.decode()
    assert Client().get("/join/ZZZZZ/").status_code == 404


def test_the_course_page_lists_live_sessions_for_students_and_all_for_instructors(people: People) -> None:
    live = live_session(people.alice, course=people.os101, open=False)
    ended = live_session(people.alice, course=people.os101, preset="disk-textbook-sstf")
    client_for(people.alice).post(f"/sessions/{ended.code}/end/")
    student_page = client_for(people.bob).get(f"/courses/{people.os101.pk}/").content.decode()
    assert f'data-join-session="{live.code}"' in student_page and ended.code not in student_page
    teacher_page = client_for(people.alice).get(f"/courses/{people.os101.pk}/").content.decode()
    assert live.code in teacher_page and ended.code in teacher_page


def test_titles_are_escaped_on_the_session_pages(people: People) -> None:
    session = live_session(people.alice, open=True, preset="cpu-srt-four")
    LiveSession.objects.filter(pk=session.pk).update(title="<script>alert(1)</script>")
    html = client_for(people.alice).get(f"/sessions/{session.code}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_forms_need_a_csrf_token(people: People) -> None:
    session = live_session(people.alice, open=True)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/join/{session.code}/", {"display_name": "Eve"}).status_code == 403
    strict.force_login(people.alice)
    assert strict.post(f"/sessions/{session.code}/end/").status_code == 403


def test_after_the_end_the_instructor_sees_each_question_with_its_counts(people: People) -> None:
    from playground.classroom.models import Answer, Question

    session = live_session(people.alice, course=people.os101, open=False)
    question = Question.objects.create(session=session, kind="next_process", prompt="Which process runs next?",
                                       choices_json='["P1","P2","P3","P4"]', correct_json='"P4"', step=3)
    for student, value in ((people.bob, '"P4"'), (people.carol, '"P1"')):
        participant = Participant.objects.create(session=session, user=student, display_name=student.first_name)
        Answer.objects.create(question=question, participant=participant, value_json=value)
    client_for(people.alice).post(f"/sessions/{session.code}/end/")
    html = client_for(people.alice).get(f"/sessions/{session.code}/").content.decode()
    assert "Which process runs next?" in html and "<strong>P4</strong>" in html
    assert "P4: 1" in html and "P1: 1" in html and "P2: 0" in html
    student_view = client_for(people.bob).get(f"/sessions/{session.code}/").content.decode()
    assert "This session has ended." in student_view and "P1: 1" not in student_view


def test_the_ended_page_says_each_question_in_the_pages_language(people: People) -> None:
    # Asked in English (stored so), reviewed in Chinese: the fixed words follow
    # the page, the process name stays as the scenario typed it.
    from playground.classroom.models import Question

    session = live_session(people.alice, course=people.os101, open=False)
    Question.objects.create(session=session, kind="waiting_time", params_json='{"process": "P1"}',
                            prompt="How many ticks will P1 spend waiting in the ready queue in total?",
                            choices_json="null", correct_json="9", step=0)
    client_for(people.alice).post(f"/sessions/{session.code}/end/")
    html = client_for(people.alice).get(f"/sessions/{session.code}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "P1 总共会在就绪队列中等待多少个时钟周期？" in html
    assert "How many ticks" not in html
