"""The run permalink page, the error page, and the display preferences."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import api_run, wait_for_finished_run
from tests.stack import Stack


def test_the_run_permalink_replays_a_finished_run(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=rr-q4&run=1")
    run_id = wait_for_finished_run(page)
    page.locator(".run-link").click()
    expect(page).to_have_url(f"{stack.base_url}/runs/{run_id}/")
    wait_for_finished_run(page)
    segments = api_run(stack.base_url, run_id)["result"]["cpu"]["gantt"]
    expect(page.locator(".gantt-svg rect.gantt-bar")).to_have_count(len(segments))
    # A finished run opens paused at its first step, for stepping through.
    expect(page.locator(".player")).to_have_attribute("data-step", "0")
    expect(page.locator(".player")).to_have_attribute("data-playing", "false")
    expect(page.locator(".metrics-table")).to_be_visible()


def test_an_unknown_link_shows_the_not_found_page_with_a_way_home(page: Page, stack: Stack) -> None:
    response = page.goto("/s/aaaaaaaaaa/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    page.locator(".error-page a[href='/']").click()
    expect(page.locator("a.card").first).to_be_visible()


def test_large_type_and_high_contrast_are_remembered(page: Page, stack: Stack) -> None:
    page.goto("/")
    size_before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.locator("[data-pref=large]").click()
    page.locator("[data-pref=contrast]").click()
    page.reload()
    expect(page.locator("html")).to_have_class("pref-large pref-contrast")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") > size_before
    expect(page.locator("[data-pref=large]")).to_have_attribute("aria-pressed", "true")


def test_the_gallery_filter_shows_one_category(page: Page, stack: Stack) -> None:
    page.goto("/")
    page.locator("[data-filter=memory]").click()
    expect(page.locator('[data-category="memory"]')).to_be_visible()
    expect(page.locator('[data-category="cpu"]')).to_be_hidden()
    page.locator("[data-filter=all]").click()
    expect(page.locator('[data-category="cpu"]')).to_be_visible()
