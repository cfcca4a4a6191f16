"""A graded assignment in the browser: bob answers, alice grades and releases, bob sees it.

Runs on the live stack (a real Celery worker grades the batch).  Bob's
answers are computed from the variant his page shows, with one question
answered wrong on purpose: his grade must be 8 / 10.
"""
from __future__ import annotations

import json
import subprocess
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, expect

from playground.grading.demo import DEMO_QUESTIONS, scripted_answers
from tests.browser.conftest import artifact_path
from tests.browser.helpers import RUN_TIMEOUT_MS
from tests.stack import PYTHON, REPO, Stack
from tests.web.people import PASSWORD, make_people_on_stack

_CREATE = """
import django; django.setup()
from playground.accounts.models import Course
from playground.grading.demo import demo_definition
from playground.grading.models import Assignment
a = Assignment.objects.create(course=Course.objects.get(pk=%d), title="Browser exam",
                              mode="exam", **demo_definition())
print(a.pk)
"""


def create_assignment(stack: Stack, course_id: int) -> int:
    done = subprocess.run([PYTHON, "-c", _CREATE % course_id], cwd=REPO, env=stack.env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().splitlines()[-1])


def logged_in(browser: Browser, stack: Stack, username: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=stack.base_url, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page).to_have_url(f"{stack.base_url}/courses/")
    return context, page


def test_a_student_submits_the_instructor_grades_and_releases(browser: Browser,
                                                               stack: Stack) -> None:
    ids: dict[str, Any] = make_people_on_stack(stack)
    assignment = create_assignment(stack, ids["os101"])
    bob_context, bob = logged_in(browser, stack, "bob")
    alice_context, alice = logged_in(browser, stack, "alice")
    try:
        # Bob opens the assignment from his course page: his variant, no solution yet.
        bob.goto(f"/courses/{ids['os101']}/")
        bob.locator(f"[data-assignment-id='{assignment}'] a").click()
        expect(bob.locator("[data-page=assignment]")).to_be_visible()
        expect(bob.locator("[data-part=variant-summary]")).not_to_be_empty()
        expect(bob.locator(".run-panel")).to_have_count(0)
        variant = json.loads(bob.locator("#variant-scenario").text_content() or "{}")
        answers = scripted_answers(variant, DEMO_QUESTIONS, {"order"})
        for qid, text in answers.items():
            bob.locator(f"[name='q_{qid}']").fill(text)
        bob.locator("[data-form=answers] button[type=submit]").click()
        expect(bob.locator(".banner")).to_contain_text("Answers saved (submission 1)")

        # Alice grades on the manage page and watches the batch finish.
        alice.goto(f"/assignments/{assignment}/manage/")
        alice.locator("[data-action=grade]").click()
        progress = alice.locator("[data-batch-progress]")
        expect(progress).to_have_attribute("data-status", "finished", timeout=RUN_TIMEOUT_MS)
        expect(progress.locator("[data-done]")).to_have_text("1")
        alice.reload()
        expect(alice.locator("[data-student=bob] [data-score]")).to_have_text("8 / 10")
        expect(alice.locator("[data-student=carol] [data-score]")).to_have_text("—")

        # Before release bob sees no grade; after release, grade, feedback and the solution run.
        bob.reload()
        expect(bob.locator("[data-part=grade]")).to_have_count(0)
        alice.locator("[data-action=release]").click()
        expect(alice.locator("[data-released]")).to_have_attribute("data-released", "true")
        bob.reload()
        expect(bob.locator("[data-feedback] caption")).to_have_text("Score: 8 / 10")
        expect(bob.locator("[data-question=order]")).to_have_attribute("data-correct", "false")
        expect(bob.locator("[data-question=movement]")).to_have_attribute("data-correct", "true")
        expect(bob.locator("#solution .run-panel")).to_have_attribute(
            "data-finished", "true", timeout=RUN_TIMEOUT_MS)
        expect(bob.locator("[data-form=answers]")).to_have_count(0)  # closed after release
        bob.screenshot(path=str(artifact_path("grading-student-after-release")), full_page=True)
        alice.screenshot(path=str(artifact_path("grading-instructor-manage")), full_page=True)
    finally:
        bob_context.close()
        alice_context.close()
