"""Steps shared by the subsystem view tests (test_views_*.py)."""
from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page

from tests.browser.helpers import api_run, pause_player, wait_for_finished_run
from tests.stack import Stack


def open_finished_run(page: Page, stack: Stack, preset: str) -> dict[str, Any]:
    """Run a preset from the builder, wait for its result and pause the player; the result."""
    page.goto(f"/build/?preset={preset}&run=1")
    run_id = wait_for_finished_run(page)
    pause_player(page)
    return api_run(stack.base_url, run_id)["result"]


def click_in_view(item: Locator) -> None:
    """Click `item` once scrolled to the middle of the window, clear of the sticky player bar."""
    item.evaluate("(node) => node.scrollIntoView({block: 'center'})")
    item.click()


def seek(page: Page, step: int) -> None:
    """Move the player to step `step` with its slider."""
    page.locator(".player-slider").fill(str(step))
