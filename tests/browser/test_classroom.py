"""A live session in three browsers: an instructor and two students.

alice (instructor of OS 101) starts a session on the textbook SRT example;
bob joins logged in, Grace joins anonymously with a display name.  The
instructor steps and both students' players follow; a poll is answered and
the instructor's histogram updates; Grace detaches, explores, and follows
again.  Real Redis, Celery worker and Daphne (tests/stack.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import artifact_path
from tests.browser.helpers import RUN_TIMEOUT_MS
from tests.stack import Stack
from tests.web.people import PASSWORD, make_people_on_stack

FAST_MS = 5_000  # a mirrored step must arrive well within this


@pytest.fixture
def contexts(browser: Browser, stack: Stack, request: pytest.FixtureRequest) -> Iterator[dict[str, Page]]:
    """Three browser contexts (separate cookies): alice, bob, grace."""
    make_people_on_stack(stack)
    opened: list[BrowserContext] = []
    pages: dict[str, Page] = {}
    for name in ("alice", "bob", "grace"):
        context = browser.new_context(base_url=stack.base_url, viewport={"width": 1300, "height": 900})
        opened.append(context)
        pages[name] = context.new_page()
    yield pages
    for name, page in pages.items():
        try:
            page.screenshot(path=str(artifact_path(f"{request.node.name}-{name}")), full_page=True)
        except Exception as err:  # a crashed page: the test's own result stands
            print(f"screenshot failed: {err}")
    for context in opened:
        context.close()


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/courses/"))


def start_session(page: Page) -> str:
    page.goto("/sessions/new/?preset=cpu-srt-four")
    expect(page.locator("#id_open")).to_be_checked()
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/sessions/[A-Z0-9]{8}/$"))
    code = page.locator("[data-page=session]").get_attribute("data-code")
    assert code
    expect(page.locator(".run-panel")).to_have_attribute("data-finished", "true", timeout=RUN_TIMEOUT_MS)
    expect(page.locator("[data-page=session]")).to_have_attribute("data-connection", "live")
    return code


def player_step(page: Page) -> str | None:
    return page.locator(".player").get_attribute("data-step")


def test_the_instructor_drives_two_students_through_a_poll(contexts: dict[str, Page]) -> None:
    alice, bob, grace = contexts["alice"], contexts["bob"], contexts["grace"]
    log_in(alice, "alice")
    code = start_session(alice)

    # A student's page never opens the run's own socket (it streams every step).
    student_sockets: list[str] = []
    for student in (bob, grace):
        student.on("websocket", lambda ws: student_sockets.append(ws.url))
    log_in(bob, "bob")
    bob.goto(f"/join/{code}/")
    bob.locator("[data-join]").click()
    grace.goto(f"/join/{code.lower()}/")
    grace.fill("#id_display_name", "Grace")
    grace.locator("[data-join]").click()
    for student in (bob, grace):
        expect(student).to_have_url(re.compile(rf"/sessions/{code}/$"))
        expect(student.locator("[data-part=follow]")).to_have_attribute("data-following", "true")
        expect(student.locator(".player")).to_have_attribute("data-step", "0", timeout=RUN_TIMEOUT_MS)

    presence = alice.locator("[data-part=presence]")
    expect(presence).to_have_attribute("data-present", "2")
    expect(presence.locator('[data-participant="Grace"]')).to_have_attribute("data-connected", "true")
    expect(presence.locator('[data-participant="Bob"]')).to_have_attribute("data-connected", "true")

    # The instructor steps three times: both students land on step 3 (t = 3).
    for _ in range(3):
        alice.locator(".player-forward").click()
    expect(alice.locator(".player")).to_have_attribute("data-step", "3")
    for student in (bob, grace):
        expect(student.locator(".player")).to_have_attribute("data-step", "3", timeout=FAST_MS)
        expect(student.locator(".player")).to_have_attribute("data-tick", "3")

    # Predict: which process runs next?  (SRT: P4, when P2 finishes at t = 5.)
    alice.locator('[data-ask="next_process"]').click()
    for student in (bob, grace):
        expect(student.locator("[data-part=poll]")).to_have_attribute("data-state", "open")
    # With the question open at step 3, a student's page holds steps 0 .. 3 and shows
    # nothing later: no bar past t = 3, no finish time, no run id.
    expect(bob.locator(".player-slider")).to_have_attribute("max", "3")
    ends = bob.locator(".gantt-root rect[data-end]").evaluate_all("(bars) => bars.map((b) => Number(b.dataset.end))")
    assert ends and max(ends) <= 3, ends
    finishes = bob.locator(".metrics-root tbody td:nth-child(5)").all_text_contents()
    assert finishes == ["—", "—", "—", "—"], finishes
    html = bob.content()
    assert "/ws/runs/" not in html and "player-whole-run" not in html
    assert all("/ws/runs/" not in url for url in student_sockets), student_sockets
    bob.locator('[data-part=poll] [data-choice="P4"]').click()
    grace.locator('[data-part=poll] [data-choice="P1"]').click()
    expect(bob.locator("[data-part=mine]")).to_contain_text("P4")
    histogram = alice.locator("[data-part=poll] .histogram")
    expect(histogram).to_have_attribute("data-answered", "2")
    expect(histogram.locator('[data-answer="P4"]')).to_have_attribute("data-count", "1")
    expect(histogram.locator('[data-answer="P1"]')).to_have_attribute("data-count", "1")
    expect(histogram.locator('[data-answer="P2"]')).to_have_attribute("data-count", "0")
    # Grace changes her mind before the reveal.
    grace.locator('[data-part=poll] [data-choice="P4"]').click()
    expect(histogram.locator('[data-answer="P4"]')).to_have_attribute("data-count", "2")

    alice.locator("[data-part=reveal]").click()
    for page in (alice, bob, grace):
        expect(page.locator("[data-part=poll]")).to_have_attribute("data-state", "revealed")
        expect(page.locator("[data-part=correct]")).to_contain_text("P4")

    # Grace detaches to explore: stepping back leaves her at step 2 ...
    grace.locator(".player-back").click()
    expect(grace.locator("[data-part=follow]")).to_have_attribute("data-following", "false")
    expect(grace.locator(".player")).to_have_attribute("data-step", "2")
    # ... while the instructor moves on and bob follows.
    alice.locator(".player-forward").click()
    expect(bob.locator(".player")).to_have_attribute("data-step", "4", timeout=FAST_MS)
    expect(grace.locator("[data-part=follow]")).to_have_attribute("data-lead-step", "4", timeout=FAST_MS)
    assert player_step(grace) == "2"
    # "Follow" jumps her back to the instructor's step.
    grace.locator("[data-part=follow-button]").click()
    expect(grace.locator(".player")).to_have_attribute("data-step", "4")
    expect(grace.locator("[data-part=follow]")).to_have_attribute("data-following", "true")


def test_the_projector_shows_the_code_the_qr_code_and_who_is_present(contexts: dict[str, Page]) -> None:
    alice, bob = contexts["alice"], contexts["bob"]
    log_in(alice, "alice")
    code = start_session(alice)
    alice.goto(f"/sessions/{code}/projector/")
    expect(alice.locator("[data-part=code]")).to_have_text(code)
    expect(alice.locator("svg.qr-code")).to_be_visible()
    expect(alice.locator("[data-part=presence]")).to_have_attribute("data-present", "0")
    log_in(bob, "bob")
    bob.goto(f"/join/{code}/")
    bob.locator("[data-join]").click()
    expect(alice.locator("[data-part=presence]")).to_have_attribute("data-present", "1", timeout=FAST_MS)
    bob.close()
    expect(alice.locator("[data-part=presence]")).to_have_attribute("data-present", "0", timeout=FAST_MS)
