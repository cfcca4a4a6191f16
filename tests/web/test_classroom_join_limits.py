"""Joining a live session against guessers and fillers, without breaking a class:
long codes, throttled misses, one answer for every code that leads nowhere,
a lock, a seat cap, and a 200-student class behind one school address."""
from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from playground.classroom.models import CODE_ALPHABET, CODE_LENGTH, LiveSession, Participant
from tests.web.people import People, people  # noqa: F401  (the fixture)
from tests.web.test_classroom_support import live_session

pytestmark = pytest.mark.django_db


def lead(people: People) -> Client:
    client = Client()
    client.force_login(people.alice)
    return client


def test_codes_are_eight_characters_of_the_projector_alphabet(people: People) -> None:
    codes = {live_session(people.alice, open=True).code for _ in range(20)}
    assert all(len(code) == CODE_LENGTH == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert len(codes) == 20


def test_unknown_ended_and_locked_codes_look_the_same_to_a_visitor(people: People) -> None:
    ended = live_session(people.alice, open=True)
    lead(people).post(f"/sessions/{ended.code}/end/")
    locked = live_session(people.alice, open=True)
    lead(people).post(f"/sessions/{locked.code}/lock/", {"locked": "1"})
    pages = {}
    for code in ("XXXXXXXX", ended.code, locked.code):
        response = Client().get(f"/join/{code}/")
        page = response.content.decode().replace(code, "CODE")
        pages[code] = (response.status_code,
                       re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page))
    assert len(set(pages.values())) == 1
    assert next(iter(pages.values()))[0] == 404


def test_a_guesser_is_stopped_after_a_few_misses_a_minute(people: People, settings: Any) -> None:
    settings.CLASSROOM_JOIN_MISSES_PER_MINUTE = 5
    real = live_session(people.alice, open=True)
    guesser = Client()
    statuses = [guesser.get(f"/join/{'A' * 7}{c}/").status_code for c in CODE_ALPHABET[:7]]
    assert statuses == [404] * 5 + [429] * 2
    # Even a right guess now waits: the throttle is on the address, not the code.
    blocked = guesser.get(f"/join/{real.code}/")
    assert blocked.status_code == 429 and blocked["Retry-After"] == "60"
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.4").get(f"/join/{real.code}/")
    assert other.status_code == 200


def test_a_locked_session_keeps_its_students_and_takes_no_new_ones(people: People) -> None:
    session = live_session(people.alice, open=True)
    seated = Client()
    assert seated.post(f"/join/{session.code}/", {"display_name": "Ada"}).status_code == 302
    lead(people).post(f"/sessions/{session.code}/lock/", {"locked": "1"})
    assert LiveSession.objects.get(pk=session.pk).locked
    assert 'data-part="unlock"' in lead(people).get(f"/sessions/{session.code}/").content.decode()
    assert Client().post(f"/join/{session.code}/", {"display_name": "Eve"}).status_code == 404
    # Ada, already seated, goes straight back to the session.
    again = seated.get(f"/join/{session.code}/")
    assert again.status_code == 302 and again["Location"] == f"/sessions/{session.code}/"
    lead(people).post(f"/sessions/{session.code}/lock/", {"locked": "0"})
    assert Client().post(f"/join/{session.code}/", {"display_name": "Eve"}).status_code == 302
    assert Participant.objects.filter(session=session).count() == 2


def test_only_the_instructor_may_lock(people: People) -> None:
    session = live_session(people.alice, open=True)
    student = Client()
    student.force_login(people.bob)
    assert student.post(f"/sessions/{session.code}/lock/", {"locked": "1"}).status_code == 403
    assert not LiveSession.objects.get(pk=session.pk).locked


def test_a_full_session_refuses_the_next_seat(people: People, settings: Any) -> None:
    settings.CLASSROOM_MAX_SEATS = 3
    session = live_session(people.alice, open=True)
    statuses = [Client().post(f"/join/{session.code}/", {"display_name": f"S{n}"}).status_code
                for n in range(4)]
    assert statuses == [302, 302, 302, 409]
    assert Participant.objects.filter(session=session).count() == 3


def test_two_hundred_students_join_from_one_school_address(people: People) -> None:
    session = live_session(people.alice, open=True)
    for n in range(200):
        student = Client(REMOTE_ADDR="203.0.113.10")
        assert student.get(f"/join/{session.code}/").status_code == 200
        response = student.post(f"/join/{session.code}/", {"display_name": f"Student {n}"})
        assert response.status_code == 302, (n, response.status_code)
        assert student.get(f"/sessions/{session.code}/").status_code == 200
    assert Participant.objects.filter(session=session).count() == 200
