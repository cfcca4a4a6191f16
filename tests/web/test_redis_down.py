"""Redis down loses nothing (issue 15 §2): with the real Redis of a live stack
stopped, every answer students submit is saved, and the JSON API answers JSON.

The stack is this module's own (tests/stack.py): stopping the Redis of the
session's shared stack would disturb the tests that run after this one.
"""
from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from kernel_engine import presets
from tests.stack import PYTHON, REPO, Stack, live_stack, stop

pytestmark = pytest.mark.slow

STUDENTS = 5
PASSWORD = "demo-pass-123"


@pytest.fixture(scope="module")
def own_stack() -> Iterator[Stack]:
    with live_stack() as running:
        yield running


def manage(stack: Stack, *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def in_stack(stack: Stack, code: str) -> str:
    """Run ORM code in the stack's environment; what it printed."""
    script = "import django; django.setup()\n" + code
    done = subprocess.run([PYTHON, "-c", script], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class Browser:
    """A student's cookie jar over plain HTTP, logged in through the login form."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  NoRedirect())

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, method: str, path: str, data: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        request = urllib.request.Request(self.base_url + path, data=data, method=method,
                                         headers={"Referer": self.base_url + path, **(headers or {})})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read()

    def log_in(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                       "csrfmiddlewaretoken": self.csrf()}).encode()
        status, _, _ = self.request("POST", "/accounts/login/", form,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"{username} could not log in"

    def post_json(self, path: str, body: Any) -> tuple[int, str, bytes]:
        return self.request("POST", path, json.dumps(body).encode(),
                            {"Content-Type": "application/json", "X-CSRFToken": self.csrf()})

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str, bytes]:
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf()}).encode()
        return self.request("POST", path, data, {"Content-Type": "application/x-www-form-urlencoded"})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def demo_course_answers(stack: Stack, students: int) -> tuple[int, dict[str, Any]]:
    """A demo course of ``students`` without answers: its assignment's id and,
    per student username, the answers that student's variant calls for."""
    out = manage(stack, "seed_demo_course", "--students", str(students), "--no-answers")
    found = re.search(r"^assignment (\d+)$", out, re.M)
    assert found, f"seed_demo_course named no assignment: {out!r}"
    assignment = int(found.group(1))
    answers = json.loads(in_stack(stack, (
        "import json\n"
        "from django.contrib.auth.models import User\n"
        "from playground.grading.demo import scripted_answers\n"
        "from playground.grading.models import Assignment\n"
        "from playground.grading.services import variant_for\n"
        f"a = Assignment.objects.get(pk={assignment})\n"
        "print(json.dumps({u.username: scripted_answers(variant_for(a, u), a.questions)\n"
        "      for u in User.objects.filter(username__startswith='demo-student-')}))")))
    return assignment, answers


def test_answers_submitted_while_redis_is_down_are_all_saved(own_stack: Stack) -> None:
    assignment, answers = demo_course_answers(own_stack, STUDENTS)
    students = {name: Browser(own_stack.base_url) for name in answers}
    for name, browser in students.items():
        browser.log_in(name)

    stop(own_stack.processes.pop("redis"))  # Redis is down from here on

    statuses = []
    for name, browser in students.items():
        for _ in range(4):
            status, content_type, _ = browser.post_json(
                f"/api/assignments/{assignment}/submissions/", {"answers": answers[name]})
            statuses.append(status)
            assert content_type.startswith("application/json")
        status, _, _ = browser.post_form(f"/assignments/{assignment}/submit/",
                                         {f"q_{qid}": value for qid, value in answers[name].items()})
        statuses.append(status)
    assert statuses == ([201] * 4 + [302]) * STUDENTS
    saved = in_stack(own_stack, "from playground.grading.models import Submission\n"
                                f"print(Submission.objects.filter(assignment_id={assignment}).count())")
    assert saved == str(5 * STUDENTS)

    # The rest of the JSON API answers in JSON too, even where it needs Redis.
    anyone = Browser(own_stack.base_url)
    for path, body in [("/api/runs/", {"slug": "nosuchslug0"}),
                       ("/api/runs/", {"scenario": presets.load("cpu-srt-four")}),
                       ("/api/validate/", {"scenario": {}}),
                       ("/api/library/call/", {"fn": "math.add", "args": {"a": 1, "b": 2}})]:
        status, content_type, answer = anyone.request(
            "POST", path, json.dumps(body).encode(), {"Content-Type": "application/json"})
        assert content_type.startswith("application/json"), (path, status, answer[:200])
        assert status < 500 or json.loads(answer)["errors"], (path, status)
    assert "store is unreachable" in own_stack.log("web")
