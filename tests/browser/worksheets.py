"""Opening a worksheet in the browser, waiting through "being prepared".

The first visit to a worksheet gets a page that reloads itself every two
seconds while a worker computes the answer key; tests wait for the
worksheet itself before they look at it.
"""
from __future__ import annotations

from playwright.sync_api import Page, expect

#: A render waits behind whatever the stack's single worker is doing.
READY_MS = 60_000


def wait_for_worksheet(page: Page) -> None:
    """Wait until the page shows the worksheet (not the "being prepared" page)."""
    expect(page.locator('[data-page="worksheet"]')).to_be_attached(timeout=READY_MS)


def open_worksheet(page: Page, path: str) -> None:
    """Go to a worksheet and wait until it is ready."""
    page.goto(path)
    wait_for_worksheet(page)
