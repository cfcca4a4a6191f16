"""axe-core on the pages behind a login, in English and in Chinese: no WCAG 2.1 A or AA violation.

The people of tests/web/people.py on the live stack: alice teaches "OS 101",
bob takes it, frank is in no course.  OS 101 gets two assignments of the
textbook demo (SRT and SSTF): "Open practice", in practice mode with a
deadline and no submission, and "Graded exam", which bob answered (one
answer wrong), graded and released.  The pages:

- bob: his courses, the course page, joining a course, each assignment
  (the answer form; the released grade with feedback and the solution
  run), his submission;
- alice: her courses, the course page with its roster and panels, a new
  assignment (empty, then sent with its errors), editing one, the manage
  page with grades, the sessions list, "start a session";
- frank: the 403 page of a course he is not in;
- a live session in three browsers: alice's console with an open poll,
  bob's view of the poll, a guest's join page, the projector, and the page
  of the ended session for alice and for bob.
"""
from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import artifact_path
from tests.browser.helpers import RUN_TIMEOUT_MS
from tests.browser.test_a11y import LANGUAGES, assert_accessible, in_language
from tests.stack import PYTHON, REPO, Stack
from tests.web.people import PASSWORD, make_people_on_stack

#: ``open_as(name, lang)``: a page logged in as ``name`` ("guest": anonymous) in ``lang``.
OpenAs = Callable[[str, str], Page]

# Two assignments of OS 101; bob's answers to the second, graded and released.
_WORLD = """
import datetime, json, django
django.setup()
from django.utils import timezone
from playground.accounts.models import Course
from playground.grading import services
from playground.grading.tasks import grade_one
from playground.grading.demo import DEMO_QUESTIONS, demo_definition, scripted_answers
from playground.grading.models import Assignment
from django.contrib.auth.models import User
course = Course.objects.get(pk=%d)
bob = User.objects.get(username="bob")
practice = Assignment.objects.create(
    course=course, title="Open practice", mode="practice", instructions="Work it out by hand.",
    deadline=timezone.now() + datetime.timedelta(days=7), **demo_definition())
exam = Assignment.objects.create(course=course, title="Graded exam", mode="exam", **demo_definition())
answers = scripted_answers(services.variant_for(exam, bob), DEMO_QUESTIONS, {"order"})
submission = services.submit(exam, bob, answers)
grade_one(None, submission.pk)
services.release_grades(exam)
print(json.dumps({"practice": practice.pk, "exam": exam.pk, "submission": submission.pk}))
"""


@pytest.fixture(scope="module")
def world(stack: Stack) -> dict[str, Any]:
    """The people, OS 101's id and the two assignments (see the module docstring)."""
    people = make_people_on_stack(stack)
    done = subprocess.run([PYTHON, "-c", _WORLD % people["os101"]], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return {**people, **json.loads(done.stdout.strip().splitlines()[-1])}


@pytest.fixture
def open_context(browser: Browser, stack: Stack,
                 request: pytest.FixtureRequest) -> Iterator[OpenAs]:
    """``open_context(name, lang)``: a page in a fresh browser context, logged in as
    ``name`` (or anonymous for "guest"); a screenshot of each page at the end."""
    opened: list[tuple[str, BrowserContext, Page]] = []

    def open_as(name: str, lang: str) -> Page:
        context = browser.new_context(base_url=stack.base_url, viewport={"width": 1400, "height": 1000},
                                      bypass_csp=True)  # axe-core is injected inline; test_csp.py checks the policy
        in_language(context, stack.base_url, lang)
        page = context.new_page()
        opened.append((name, context, page))
        if name != "guest":
            page.goto("/accounts/login/")
            page.fill("#id_username", name)
            page.fill("#id_password", PASSWORD)
            page.locator("form[action='/accounts/login/'] button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/courses/$"))
        return page

    yield open_as
    for name, context, page in opened:
        try:
            page.screenshot(path=str(artifact_path(f"{request.node.name}-{name}")), full_page=True)
        except Exception as err:  # a crashed page: the test's own result stands
            print(f"screenshot failed: {err}")
        context.close()


def visit(page: Page, path: str, lang: str) -> None:
    """Open ``path``, let its scripts settle, and check it."""
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert_accessible(page, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_students_pages_have_no_violations(open_context: OpenAs, world: dict[str, Any],
                                             lang: str) -> None:
    bob = open_context("bob", lang)
    assert_accessible(bob, lang)  # /courses/
    visit(bob, f"/courses/{world['os101']}/", lang)
    visit(bob, "/courses/join/", lang)
    visit(bob, f"/assignments/{world['practice']}/", lang)
    expect(bob.locator("[data-form=answers]")).to_be_visible()
    # The released exam: the grade, the feedback table and the solution's run.
    bob.goto(f"/assignments/{world['exam']}/")
    expect(bob.locator("[data-feedback]")).to_be_visible()
    expect(bob.locator("#solution .run-panel")).to_have_attribute("data-finished", "true",
                                                                  timeout=RUN_TIMEOUT_MS)
    assert_accessible(bob, lang)
    visit(bob, f"/assignments/{world['exam']}/submissions/{world['submission']}/", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_instructors_pages_have_no_violations(open_context: OpenAs, world: dict[str, Any],
                                                 lang: str) -> None:
    alice = open_context("alice", lang)
    assert_accessible(alice, lang)  # /courses/, with the form to create a course
    visit(alice, f"/courses/{world['os101']}/", lang)
    visit(alice, f"/courses/{world['os101']}/assignments/new/", lang)
    # Sent empty: every required field says what it needs.
    alice.locator("form button[type=submit]").last.click()
    expect(alice.locator(".field-error").first).to_be_visible()
    assert_accessible(alice, lang)
    visit(alice, f"/assignments/{world['practice']}/edit/", lang)
    visit(alice, f"/assignments/{world['exam']}/manage/", lang)
    expect(alice.locator("[data-student=bob] [data-score]")).to_have_text("8 / 10")
    visit(alice, "/sessions/", lang)
    visit(alice, "/sessions/new/?preset=cpu-srt-four", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_forbidden_page_has_no_violations(open_context: OpenAs, world: dict[str, Any],
                                              lang: str) -> None:
    frank = open_context("frank", lang)
    response = frank.goto(f"/courses/{world['os101']}/")
    assert response is not None and response.status == 403
    assert_accessible(frank, lang)


def start_session(page: Page) -> str:
    """alice starts a session on the textbook SRT example; its code once the run is done."""
    page.goto("/sessions/new/?preset=cpu-srt-four")
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/sessions/[A-Z0-9]{8}/$"))
    expect(page.locator(".run-panel")).to_have_attribute("data-finished", "true", timeout=RUN_TIMEOUT_MS)
    expect(page.locator("[data-page=session]")).to_have_attribute("data-connection", "live")
    code = page.locator("[data-page=session]").get_attribute("data-code")
    assert code
    return code


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_live_session_has_no_violations_for_anyone(open_context: OpenAs, world: dict[str, Any],
                                                     lang: str) -> None:
    alice = open_context("alice", lang)
    code = start_session(alice)
    assert_accessible(alice, lang)

    guest = open_context("guest", lang)
    visit(guest, f"/join/{code}/", lang)  # the display-name form
    bob = open_context("bob", lang)
    visit(bob, f"/join/{code}/", lang)
    bob.locator("[data-join]").click()
    expect(bob.locator(".player")).to_have_attribute("data-step", "0", timeout=RUN_TIMEOUT_MS)
    assert_accessible(bob, lang)

    # A poll: alice's console with the histogram, bob's choices, then the reveal.
    for _ in range(3):
        alice.locator(".player-forward").click()
    alice.locator('[data-ask="next_process"]').click()
    expect(bob.locator("[data-part=poll]")).to_have_attribute("data-state", "open")
    bob.locator('[data-part=poll] [data-choice="P4"]').click()
    expect(alice.locator("[data-part=poll] .histogram")).to_have_attribute("data-answered", "1")
    assert_accessible(alice, lang)
    assert_accessible(bob, lang)
    alice.locator("[data-part=reveal]").click()
    expect(bob.locator("[data-part=correct]")).to_contain_text("P4")
    assert_accessible(bob, lang)

    projector = alice.context.new_page()
    projector.goto(f"/sessions/{code}/projector/")
    expect(projector.locator("[data-part=presence]")).to_have_attribute("data-present", "1")
    assert_accessible(projector, lang)
    projector.close()

    # Ended: the results for alice, a closing note for bob.
    alice.once("dialog", lambda dialog: dialog.accept())
    alice.locator("[data-part=end]").click()
    expect(alice.locator("[data-page=session-ended]")).to_be_visible()
    assert_accessible(alice, lang)
    visit(bob, f"/sessions/{code}/", lang)
