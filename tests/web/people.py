"""The test people, shared by the accounts, grading and classroom tests.

- alice: instructor of "OS 101"
- bob, carol: students of "OS 101"
- dave: instructor of "Networks 201" (another course)
- erin: staff (admin), member of no course
- frank: an account in no course (a stranger)

Everyone's password is ``PASSWORD``.  ``make_people()`` is idempotent (it
gets or creates), so it may run in a test database or, through
``make_people_on_stack(stack)``, in a live stack's database.

Use in pytest-django tests::

    from tests.web.people import people  # noqa: F401  (the fixture)

    def test_x(client, people):
        client.force_login(people.bob)
"""
from __future__ import annotations

import functools
import json
import subprocess
from dataclasses import dataclass
from typing import Any

import pytest

PASSWORD = "kernel-panic-42"
COURSE_TITLE = "OS 101"
OTHER_COURSE_TITLE = "Networks 201"
NAMES = ("alice", "bob", "carol", "dave", "erin", "frank")


@dataclass
class People:
    """The users and courses of one test database."""

    alice: Any
    bob: Any
    carol: Any
    dave: Any
    erin: Any
    frank: Any
    os101: Any
    other_course: Any

    def by_name(self, name: str) -> Any:
        """A user by first name ("alice") or None for "anonymous"."""
        return None if name == "anonymous" else getattr(self, name)


def _user(username: str, *, staff: bool = False) -> Any:
    from django.contrib.auth.models import User

    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": username.capitalize(), "email": f"{username}@example.edu",
                  "is_staff": staff, "is_superuser": staff},
    )
    if created:
        user.password = _password_hash()
        user.save(update_fields=["password"])
    return user


@functools.cache
def _password_hash() -> str:
    # Hashing is slow by design (about 0.3 s); one hash serves every user,
    # and logging in with PASSWORD still checks it for real.
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


def _course(title: str) -> Any:
    from playground.accounts.models import Course

    course = Course.objects.filter(title=title).order_by("pk").first()
    return course or Course.objects.create(title=title)


def _member(user: Any, course: Any, role: str) -> None:
    from playground.accounts.models import Membership

    Membership.objects.get_or_create(user=user, course=course, defaults={"role": role})


def make_people() -> People:
    """Create (or fetch) the six people and two courses; needs database access."""
    os101 = _course(COURSE_TITLE)
    other = _course(OTHER_COURSE_TITLE)
    people = People(alice=_user("alice"), bob=_user("bob"), carol=_user("carol"),
                    dave=_user("dave"), erin=_user("erin", staff=True), frank=_user("frank"),
                    os101=os101, other_course=other)
    _member(people.alice, os101, "instructor")
    _member(people.bob, os101, "student")
    _member(people.carol, os101, "student")
    _member(people.dave, other, "instructor")
    return people


@pytest.fixture
def people(db: None) -> People:
    """The test people in the test database."""
    return make_people()


_ON_STACK_SCRIPT = """
import json, django
django.setup()
from tests.web.people import make_people
p = make_people()
print(json.dumps({"users": {n: getattr(p, n).pk for n in %r},
                  "os101": p.os101.pk, "other_course": p.other_course.pk}))
"""


def make_people_on_stack(stack: Any) -> dict[str, Any]:
    """Create the people in a live stack's database (tests/stack.py).

    Returns ``{"users": {name: id}, "os101": id, "other_course": id}``.
    """
    from tests.stack import PYTHON, REPO

    done = subprocess.run([PYTHON, "-c", _ON_STACK_SCRIPT % (NAMES,)], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"could not create the test people:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])
