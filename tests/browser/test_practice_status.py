"""A practice page fetches its run a window at a time; once the first steps
are in, its status line stops saying "Connecting to run …"."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import RUN_TIMEOUT_MS
from tests.stack import Stack


def test_a_practice_page_holding_its_first_steps_is_no_longer_connecting(page: Page, stack: Stack) -> None:
    page.goto("/practice/preset/fit-textbook/")
    panel = page.locator(".run-panel")
    expect(page.locator(".player")).to_have_attribute("data-step", "0", timeout=RUN_TIMEOUT_MS)
    # Stopped before the first checkpoint (t = 1): the run is not finished, and not connecting either.
    expect(panel).to_have_attribute("data-status", "live")
    expect(panel.locator(".run-status")).to_contain_text("is streaming")
    expect(panel).not_to_have_attribute("data-finished", "true")
