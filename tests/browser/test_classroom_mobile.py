"""A live session on a phone (issue 11, section 4): the open question is pinned at the top.

alice leads from a laptop; bob follows on a 390 px wide phone.  Before any
question, bob's question box sits in the page's flow; when alice asks, the
box is pinned at the top of bob's screen wherever he has scrolled (not
2,400 px below the run), says "New question!" and takes his answer there.
Real Redis, Celery worker and Daphne (tests/stack.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import artifact_path
from tests.browser.helpers import RUN_TIMEOUT_MS
from tests.browser.test_classroom import log_in, start_session
from tests.stack import Stack
from tests.web.people import make_people_on_stack

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def lead_and_phone(browser: Browser, stack: Stack, request: pytest.FixtureRequest) -> Iterator[tuple[Page, Page]]:
    make_people_on_stack(stack)
    laptop = browser.new_context(base_url=stack.base_url, viewport={"width": 1300, "height": 900})
    phone = browser.new_context(base_url=stack.base_url, viewport=PHONE, is_mobile=True, has_touch=True)
    alice, bob = laptop.new_page(), phone.new_page()
    yield alice, bob
    bob.screenshot(path=str(artifact_path(f"{request.node.name}-bob")))
    laptop.close()
    phone.close()


def box_top(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box["y"]


def test_an_open_question_is_pinned_at_the_top_of_a_phone(lead_and_phone: tuple[Page, Page]) -> None:
    alice, bob = lead_and_phone
    log_in(alice, "alice")
    code = start_session(alice)
    log_in(bob, "bob")
    bob.goto(f"/join/{code}/")
    bob.locator("[data-join]").click()
    expect(bob).to_have_url(re.compile(rf"/sessions/{code}/$"))
    expect(bob.locator(".player")).to_have_attribute("data-step", "0", timeout=RUN_TIMEOUT_MS)
    poll = bob.locator("[data-part=poll]")
    # No question: the box is in the flow, below the run.
    assert box_top(bob, "[data-part=poll]") > box_top(bob, ".player-area")
    expect(poll.locator("[data-part=new-question]")).to_have_count(0)

    bob.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    alice.locator('[data-ask="next_process"]').click()
    expect(poll).to_have_attribute("data-state", "open")
    expect(poll.locator("[data-part=new-question]")).to_have_text("New question!")
    # Pinned: at the top of the screen wherever bob has scrolled, and whole on screen;
    # at the top of the page it comes first, above the run.
    for scroll in ("document.body.scrollHeight", "document.body.scrollHeight / 2", "0"):
        bob.evaluate(f"() => window.scrollTo(0, {scroll})")
        box = poll.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["y"] >= -1 and box["y"] + box["height"] <= PHONE["height"], (scroll, box)
        if scroll != "0":
            assert box["y"] <= 1, (scroll, box)
    assert box_top(bob, "[data-part=poll]") < box_top(bob, ".player-area")
    expect(poll.locator('[data-choice="P4"]')).to_be_in_viewport()
    poll.locator('[data-choice="P4"]').click()
    expect(bob.locator("[data-part=mine]")).to_contain_text("P4")
    expect(poll.locator("[data-part=new-question]")).to_have_count(0)
    # Once revealed, the box goes back into the flow.
    alice.locator("[data-part=reveal]").click()
    expect(poll).to_have_attribute("data-state", "revealed")
    bob.evaluate("() => window.scrollTo(0, 0)")
    assert box_top(bob, "[data-part=poll]") > box_top(bob, ".player-area")
