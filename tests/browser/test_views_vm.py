"""The virtual-memory and banker views in the builder's player."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_a11y import assert_accessible, in_language
from tests.browser.views_support import open_finished_run, seek
from tests.stack import Stack


def test_the_textbook_table_fills_as_the_run_plays(page: Page, stack: Stack) -> None:
    result = open_finished_run(page, stack, "vm-textbook-lru")
    assert result["vm"]["faults"] == 12
    vm = page.locator(".vm-root")
    page.locator(".player").press("End")
    expect(vm.locator(".vm-textbook caption")).to_have_text(
        "Frame contents after each access: 12 faults in 20 accesses")
    expect(vm.locator(".vm-frames tbody tr")).to_have_count(3)
    expect(vm.locator(".vm-frames tbody td:nth-child(2)")).to_have_text(["1", "0", "7"])
    page.locator(".player").press("Home")
    # The first step holds only the first access: the reveal rule shows nothing later.
    expect(vm.locator(".vm-textbook caption")).to_have_text(
        "Frame contents after each access: 1 faults in 1 accesses")
    expect(vm.locator(".vm-split")).to_contain_text("page fault")
    seek(page, 3)
    expect(vm.locator(".vm-split dd").last).to_have_text("page 7 of P")


def test_the_banker_view_shows_the_matrices_and_the_safe_sequence(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "bankers-classic")
    banker = page.locator(".banker-root")
    page.locator(".player").press("End")
    expect(banker.locator(".banker-available")).to_have_text("Available: 10 5 7")
    expect(banker.locator(".banker-table tbody tr")).to_have_count(5)
    expect(banker.locator(".banker-safe, .banker-unsafe")).to_contain_text("P0 asks for 0 2 0")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("preset", ["vm-two-level", "bankers-classic"])
def test_the_vm_and_banker_views_have_no_accessibility_violations(page: Page, stack: Stack,
                                                                   lang: str, preset: str) -> None:
    in_language(page.context, stack.base_url, lang)
    open_finished_run(page, stack, preset)
    page.locator(".player").press("End")
    expect(page.locator(".vm-root, .banker-root").first).to_be_visible()
    assert_accessible(page, lang)
