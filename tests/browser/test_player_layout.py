"""One screen (issue 11, section 2): the player of a scenario with CPU, memory and disk at 1440 x 900.

Without scrolling, the page shows the controls, the Gantt chart, the memory
map, the queues (what runs, what is ready) and the current step's reasons in
the event log, and names what it plays.  Panels collapse and move, and the
arrangement survives a reload (localStorage).  Real stack (tests/stack.py).
"""
from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.stack import Stack

COMBINED = "/build/?preset=llm-os-combined&run=1"
ON_SCREEN = [".player-controls", ".gantt-root svg.gantt-svg", ".memory-root svg.memory-svg",
             ".queues-root .queue-running", ".queues-root .queue-ready", ".log-root .log-row.current"]


def open_combined(page: Page) -> None:
    page.goto(COMBINED)
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("Home")
    # Step 9 (t=10): the trainer's quantum expires and it is dispatched again,
    # a step with reasons (step 8 is an LLM iteration alone).
    for _ in range(9):
        page.locator(".player-forward").click()
    expect(page.locator(".player")).to_have_attribute("data-step", "9")
    page.evaluate("() => window.scrollTo(0, 0)")


def panel_keys(page: Page) -> list[str]:
    return page.locator(".run-grid > [data-panel]").evaluate_all("(ps) => ps.map((p) => p.dataset.panel)")


def test_the_combined_preset_plays_on_one_screen(browser: Browser, stack: Stack) -> None:
    context = browser.new_context(base_url=stack.base_url, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        open_combined(page)
        expect(page.locator("[data-part=run-title]")).to_have_text(
            "Playing: An LLM operating system at work: the tour of everything")
        assert page.evaluate("window.scrollY") == 0
        for selector in ON_SCREEN:
            box = page.locator(selector).first.bounding_box()
            assert box is not None, selector
            assert box["y"] >= 0 and box["y"] + box["height"] <= 900, (selector, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1440, (selector, box)
        # The current reason is on screen, in the page's words.
        expect(page.locator(".log-root .log-row.current .log-reason").first).to_be_in_viewport()
    finally:
        context.close()


def test_panels_collapse_and_move_and_the_layout_is_remembered(browser: Browser, stack: Stack) -> None:
    context = browser.new_context(base_url=stack.base_url, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        open_combined(page)
        assert panel_keys(page)[:3] == ["memory", "queues", "log"]
        disk = page.locator(".run-grid > [data-panel=disk]")
        disk.locator("[data-panel-action=collapse]").click()
        expect(disk).to_have_attribute("data-collapsed", "true")
        expect(disk.locator("svg.disk-svg")).to_be_hidden()
        expect(disk.locator("h3")).to_be_visible()
        page.locator(".run-grid > [data-panel=log] [data-panel-action=earlier]").click()
        page.locator(".run-grid > [data-panel=log] [data-panel-action=earlier]").click()
        assert panel_keys(page)[:3] == ["log", "memory", "queues"]
        expect(page.locator(".run-grid > [data-panel=log] [data-panel-action=earlier]")).to_be_focused()

        open_combined(page)  # a reload: the same arrangement
        assert panel_keys(page)[:3] == ["log", "memory", "queues"]
        expect(page.locator(".run-grid > [data-panel=disk]")).to_have_attribute("data-collapsed", "true")
        page.locator(".run-grid > [data-panel=disk] [data-panel-action=collapse]").click()
        expect(page.locator(".run-grid > [data-panel=disk] svg.disk-svg")).to_be_visible()
    finally:
        context.close()
