"""A lecture hall behind one school address joins a live session on the real
stack (Daphne, Redis-backed limits): 200 students, one address, all seated."""
from __future__ import annotations

import pytest

from tests.stack import Stack
from tests.web.test_redis_down import Browser, in_stack

pytestmark = pytest.mark.slow


def test_two_hundred_students_join_from_one_address(stack: Stack) -> None:
    code = in_stack(stack, (
        "from django.contrib.auth.models import User\n"
        "from tests.web.test_classroom_support import live_session\n"
        "teacher, _ = User.objects.get_or_create(username='hall-teacher')\n"
        "print(live_session(teacher, open=True).code)"))
    statuses = []
    for n in range(200):
        student = Browser(stack.base_url)  # every one from 127.0.0.1
        student.request("GET", f"/join/{code}/")
        status, _, _ = student.post_form(f"/join/{code}/", {"display_name": f"Student {n}"})
        statuses.append(status)
        if n % 50 == 0:  # and they land in the session
            assert student.request("GET", f"/sessions/{code}/")[0] == 200
    assert statuses == [302] * 200
    seated = in_stack(stack, "from playground.classroom.models import Participant\n"
                             f"print(Participant.objects.filter(session__code='{code}').count())")
    assert seated == "200"
