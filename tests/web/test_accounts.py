"""Accounts: sign up, log in and out, courses, enrollment codes, roles."""
from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client

from playground.accounts import roles
from playground.accounts.models import CODE_ALPHABET, CODE_LENGTH, Course, Membership, normalize_code
from tests.web.people import PASSWORD, People, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_a_new_course_gets_an_eight_character_code_without_look_alikes() -> None:
    course = Course.objects.create(title="OS 101")
    assert len(course.enrollment_code) == CODE_LENGTH
    assert set(course.enrollment_code) <= set(CODE_ALPHABET)
    assert not set("0O1IL2Z5S8B") & set(CODE_ALPHABET)


def test_codes_are_unique_across_courses() -> None:
    codes = {Course.objects.create(title=f"C{i}").enrollment_code for i in range(30)}
    assert len(codes) == 30


def test_a_typed_code_is_read_without_case_spaces_or_dashes() -> None:
    assert normalize_code(" acef-gh jk ") == "ACEFGHJK"


def test_roles_of_the_test_people(people: People) -> None:
    course = people.os101
    assert roles.is_instructor(people.alice, course)
    assert not roles.is_student(people.alice, course)
    assert roles.is_student(people.bob, course) and not roles.is_instructor(people.bob, course)
    assert not roles.is_instructor(people.dave, course)
    assert roles.is_instructor(people.dave)  # of some course
    assert roles.is_instructor(people.erin, course) and roles.is_admin(people.erin)
    assert not roles.is_instructor(people.bob) and not roles.is_admin(people.alice)
    assert list(roles.courses_taught(people.alice)) == [course]
    assert list(roles.courses_enrolled(people.bob)) == [course]
    assert set(roles.courses_taught(people.erin)) == {course, people.other_course}


def test_an_anonymous_user_has_no_role(people: People) -> None:
    from django.contrib.auth.models import AnonymousUser

    nobody = AnonymousUser()
    assert not roles.is_instructor(nobody) and not roles.is_student(nobody, people.os101)
    assert not roles.is_admin(nobody) and not roles.courses_taught(nobody).exists()


def test_a_deactivated_instructor_loses_the_role(people: People) -> None:
    people.alice.is_active = False
    people.alice.save()
    assert not roles.is_instructor(people.alice, people.os101)


def test_a_student_signs_up_and_is_logged_in(client: Client) -> None:
    response = client.post("/accounts/signup/", {
        "username": "grace", "password1": "round-robin-77", "password2": "round-robin-77"})
    assert response.status_code == 302 and response["Location"] == "/courses/join/"
    assert client.get("/courses/").context["user"].username == "grace"


def test_signup_refuses_mismatched_passwords(client: Client) -> None:
    response = client.post("/accounts/signup/", {
        "username": "grace", "password1": "round-robin-77", "password2": "round-robin-78"})
    assert response.status_code == 200
    assert not User.objects.filter(username="grace").exists()
    assert response.context["form"].errors["password2"]


def test_login_and_logout(client: Client, people: People) -> None:
    response = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/courses/"
    assert client.get("/courses/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405  # a link cannot log out
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/courses/").status_code == 302


def test_login_goes_back_to_next_but_never_off_site(client: Client, people: People) -> None:
    ok = client.post("/accounts/login/?next=/courses/join/",
                     {"username": "bob", "password": PASSWORD, "next": "/courses/join/"})
    assert ok["Location"] == "/courses/join/"
    client.post("/accounts/logout/")
    evil = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD,
                                            "next": "https://evil.example/"})
    assert evil["Location"] == "/courses/"


def test_a_wrong_password_is_refused(client: Client, people: People) -> None:
    response = client.post("/accounts/login/", {"username": "bob", "password": "guess"})
    assert response.status_code == 200 and response.context["form"].errors


def test_pages_redirect_anonymous_visitors_to_login(client: Client, people: People) -> None:
    response = client.get(f"/courses/{people.os101.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/courses/{people.os101.pk}/"


def test_a_student_joins_with_the_code_typed_loosely(client: Client, people: People) -> None:
    client.force_login(people.frank)
    code = people.os101.enrollment_code
    typed = f"{code[:4].lower()}-{code[4:]}"
    response = client.post("/courses/join/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/courses/{people.os101.pk}/"
    assert roles.is_student(people.frank, people.os101)


def test_an_unknown_code_is_refused_with_a_readable_error(client: Client, people: People) -> None:
    client.force_login(people.frank)
    response = client.post("/courses/join/", {"code": "AAAA-AAAA"})
    assert response.status_code == 200
    assert "No course has the code AAAAAAAA" in response.content.decode()
    bad = client.post("/courses/join/", {"code": "0000"})
    assert "8 letters and digits" in bad.content.decode()
    assert not Membership.objects.filter(user=people.frank).exists()


def test_an_instructor_joining_their_own_course_stays_instructor(client: Client,
                                                                 people: People) -> None:
    client.force_login(people.alice)
    client.post("/courses/join/", {"code": people.os101.enrollment_code})
    assert Membership.objects.get(user=people.alice, course=people.os101).role == "instructor"


def test_joining_is_rate_limited(client: Client, people: People, settings: object) -> None:
    client.force_login(people.frank)
    statuses = [client.post("/courses/join/", {"code": "AAAAAAAA"}).status_code
                for _ in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429


def test_an_instructor_creates_a_course_and_teaches_it(client: Client, people: People) -> None:
    client.force_login(people.alice)
    response = client.post("/courses/", {"title": "  Operating   Systems  II "})
    course = Course.objects.get(title="Operating Systems II")
    assert response["Location"] == f"/courses/{course.pk}/"
    assert roles.is_instructor(people.alice, course)


def test_a_student_cannot_create_a_course(client: Client, people: People) -> None:
    client.force_login(people.bob)
    response = client.post("/courses/", {"title": "Mine"})
    assert response.status_code == 403
    assert not Course.objects.filter(title="Mine").exists()


def test_the_add_course_permission_makes_a_new_instructor(client: Client, people: People) -> None:
    from django.contrib.auth.models import Permission

    people.frank.user_permissions.add(Permission.objects.get(codename="add_course"))
    client.force_login(User.objects.get(pk=people.frank.pk))
    client.post("/courses/", {"title": "Compilers"})
    assert roles.is_instructor(people.frank, Course.objects.get(title="Compilers"))


def test_the_instructor_sees_the_code_and_roster(client: Client, people: People) -> None:
    client.force_login(people.alice)
    page = client.get(f"/courses/{people.os101.pk}/").content.decode()
    assert people.os101.enrollment_code in page
    assert "bob" in page and "carol" in page


def test_a_student_sees_the_course_but_not_the_code_or_roster(client: Client,
                                                             people: People) -> None:
    client.force_login(people.bob)
    response = client.get(f"/courses/{people.os101.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert people.os101.enrollment_code not in page and "carol" not in page


def test_outsiders_get_403_on_the_course_page(client: Client, people: People) -> None:
    for outsider in (people.dave, people.frank):
        client.force_login(outsider)
        response = client.get(f"/courses/{people.os101.pk}/")
        assert response.status_code == 403
        assert "accounts/forbidden.html" in [t.name for t in response.templates]


def test_a_missing_course_is_404(client: Client, people: People) -> None:
    client.force_login(people.erin)
    assert client.get("/courses/99999/").status_code == 404


def test_a_new_code_stops_the_old_one(client: Client, people: People) -> None:
    old = people.os101.enrollment_code
    client.force_login(people.bob)
    assert client.post(f"/courses/{people.os101.pk}/code/").status_code == 403
    client.force_login(people.alice)
    client.post(f"/courses/{people.os101.pk}/code/")
    people.os101.refresh_from_db()
    assert people.os101.enrollment_code != old


def test_api_me_for_anonymous_and_members(client: Client, people: People) -> None:
    assert client.get("/api/me/").json() == {"user": None, "courses": []}
    client.force_login(people.bob)
    body = client.get("/api/me/").json()
    assert body["user"]["username"] == "bob" and not body["user"]["is_staff"]
    assert body["courses"] == [{"id": people.os101.pk, "title": "OS 101", "role": "student"}]


def test_forms_need_the_csrf_token(people: People) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.frank)
    response = strict.post("/courses/join/", {"code": people.os101.enrollment_code})
    assert response.status_code == 403
    assert not roles.is_student(people.frank, people.os101)


def test_course_titles_are_escaped(client: Client, people: People) -> None:
    course = Course.objects.create(title="<script>alert(1)</script>")
    Membership.objects.create(user=people.alice, course=course, role="instructor")
    client.force_login(people.alice)
    page = client.get(f"/courses/{course.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_the_nav_offers_login_or_logout(client: Client, people: People) -> None:
    assert "Log in" in client.get("/").content.decode()
    client.force_login(people.bob)
    page = client.get("/").content.decode()
    assert "Log out bob" in page and "My courses" in page


# --- Limits that stop guessers, not classes ---------------------------------

@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/"])
def test_wrong_passwords_from_one_address_are_limited_on_both_login_pages(
        people: People, login_url: str) -> None:
    from playground.accounts.views import LOGIN_FAILURES_PER_MINUTE

    guesser = Client()
    statuses = [guesser.post(login_url, {"username": "erin", "password": f"guess-{n}"}).status_code
                for n in range(LOGIN_FAILURES_PER_MINUTE + 1)]
    assert statuses[:-1] == [200] * LOGIN_FAILURES_PER_MINUTE and statuses[-1] == 429
    # Even the right password waits now, on either page: one budget for both.
    for url in ("/accounts/login/", "/admin/login/"):
        right = guesser.post(url, {"username": "erin", "password": PASSWORD})
        assert right.status_code == 429 and right["Retry-After"] == "60"
    assert "_auth_user_id" not in guesser.session


def test_a_class_signs_in_at_once_from_one_address(people: People) -> None:
    User = get_user_model()
    User.objects.bulk_create([User(username=f"s{n:03d}", password=make_password(PASSWORD))
                              for n in range(200)])
    for n in range(200):
        response = Client(REMOTE_ADDR="203.0.113.10").post(
            "/accounts/login/", {"username": f"s{n:03d}", "password": PASSWORD})
        assert response.status_code == 302, n


def test_sign_ups_are_limited_per_address_per_hour(settings: Any) -> None:
    settings.PLAYGROUND_SIGNUPS_PER_HOUR = 3
    statuses = [Client().post("/accounts/signup/", {
        "username": f"farm{n}", "password1": "round-robin-77", "password2": "round-robin-77"}
    ).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert get_user_model().objects.filter(username__startswith="farm").count() == 3
