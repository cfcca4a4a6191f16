"""An instructor writes an assignment on the LLM device in the browser; a student's
answers are graded by the worker.

Alice fills the New assignment form with two requests on a 64-token pool
(tests/web/test_grading_llm.py computes the answers by hand): b is preempted
first, 53.125% of the pool holds token states during iteration 1, and b's
first token comes 17 ticks after it arrives.  Bob answers the first two
right and the third wrong: 2 / 3.
"""
from __future__ import annotations

import json
import re

from playwright.sync_api import Browser, expect

from tests.browser.helpers import RUN_TIMEOUT_MS
from tests.browser.test_grading import logged_in
from tests.stack import Stack
from tests.web.people import make_people_on_stack
from tests.web.test_grading_llm import TWO_REQUESTS

QUESTIONS = [
    {"id": "first", "kind": "llm_preempted", "params": {}, "points": 1},
    {"id": "pool", "kind": "llm_kv_used", "params": {"iteration": 1}, "points": 1},
    {"id": "ttft", "kind": "llm_ttft", "params": {"request": "b"}, "points": 1},
]


def test_an_instructor_asks_about_the_llm_device_and_a_student_is_graded(
        browser: Browser, stack: Stack) -> None:
    ids = make_people_on_stack(stack)
    alice_context, alice = logged_in(browser, stack, "alice")
    bob_context, bob = logged_in(browser, stack, "bob")
    try:
        alice.goto(f"/courses/{ids['os101']}/assignments/new/")
        alice.locator("#id_title").fill("Paging the KV cache")
        alice.locator("#id_template").fill(json.dumps(TWO_REQUESTS))
        alice.locator("#id_variations_text").fill("[]")
        alice.locator("#id_questions_text").fill(json.dumps(QUESTIONS))
        alice.locator("form button[type=submit]").last.click()
        expect(alice).to_have_url(re.compile(r"/assignments/\d+/manage/$"))
        assignment = int(re.findall(r"/assignments/(\d+)/manage/", alice.url)[0])

        bob.goto(f"/courses/{ids['os101']}/")
        bob.locator(f"[data-assignment-id='{assignment}'] a").click()
        expect(bob.locator("[data-page=assignment]")).to_be_visible()
        form = bob.locator("[data-form=answers]")
        expect(form).to_contain_text("Which request is preempted first, under the scenario's "
                                     "KV policy and scheduling?")
        expect(form).to_contain_text("A request name as the run shows it, e.g. g17")
        bob.locator("[name='q_first']").fill("b")
        bob.locator("[name='q_pool']").fill("53.1")
        bob.locator("[name='q_ttft']").fill("34")
        form.locator("button[type=submit]").click()
        expect(bob.locator(".banner")).to_contain_text("Answers saved (submission 1)")

        alice.goto(f"/assignments/{assignment}/manage/")
        alice.locator("[data-action=grade]").click()
        progress = alice.locator("[data-batch-progress]")
        expect(progress).to_have_attribute("data-status", "finished", timeout=RUN_TIMEOUT_MS)
        alice.reload()
        expect(alice.locator("[data-student=bob] [data-score]")).to_have_text("2 / 3")
        alice.locator("[data-action=release]").click()
        expect(alice.locator("[data-released]")).to_have_attribute("data-released", "true")

        bob.reload()
        expect(bob.locator("[data-feedback] caption")).to_have_text("Score: 2 / 3")
        expect(bob.locator("[data-question=first]")).to_have_attribute("data-correct", "true")
        expect(bob.locator("[data-question=pool]")).to_have_attribute("data-correct", "true")
        expect(bob.locator("[data-question=ttft]")).to_have_attribute("data-correct", "false")
        expect(bob.locator("[data-question=ttft]")).to_contain_text("17")
    finally:
        alice_context.close()
        bob_context.close()
