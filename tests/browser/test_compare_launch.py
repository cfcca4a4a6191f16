"""The builder's "Compare policies" lists the problems that stop it, and
takes the list away once the scenario is edited (it stayed, stale)."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.stack import Stack


def test_the_problems_that_stopped_a_comparison_go_once_they_are_fixed(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=cpu-srt-four")
    burst = page.get_by_label("Burst of process 1", exact=True)
    burst.fill("")
    page.locator("[data-part=compare]").click()
    problems = page.locator("[data-part=compare-result]")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("Fix these problems before comparing:")
    expect(problems).to_contain_text("processes[0]")
    burst.fill("8")
    expect(problems).to_be_hidden()
    expect(page).to_have_url("/build/?preset=cpu-srt-four")
