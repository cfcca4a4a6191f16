"""The builder's Run button and live editing (issue 11, section 2).

Pressing Run on an invalid scenario says why and puts the focus on the
first problem.  Once a run is on screen, an edit to a valid scenario reruns
it by itself (after a short quiet time, one run per burst of keystrokes) and
the chart is replaced in place.  Real stack (tests/stack.py).
"""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import RUN_TIMEOUT_MS, wait_for_finished_run
from tests.browser.test_builder_and_share import field
from tests.stack import Stack


def test_run_on_an_invalid_scenario_says_why_and_focuses_the_first_problem(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=cpu-srt-four")
    expect(page.locator('[data-part="validation"]')).to_have_text("Scenario is valid.")
    field(page, "processes[2].burst").locator("input").fill("-3")
    field(page, "processes[1].burst").locator("input").fill("0")
    page.locator('[data-part="run"]').click()
    expect(page.locator('[data-part="run-refused"]')).to_have_text(
        "The scenario cannot run: 2 problems. The first is highlighted below.")
    expect(field(page, "processes[1].burst").locator("input")).to_be_focused()
    expect(field(page, "processes[1].burst").locator(".field-error")).to_have_text("must be a positive integer, got 0")
    expect(page.locator(".run-panel")).to_have_count(0)


def test_an_edit_reruns_the_scenario_and_the_chart_updates_in_place(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=cpu-srt-four&run=1")
    wait_for_finished_run(page)
    first_run = page.locator(".run-panel").get_attribute("data-run")
    last_end = "(bars) => Math.max(...bars.map((b) => Number(b.dataset.end)))"
    before = page.locator(".gantt-root rect.gantt-bar").evaluate_all(last_end)
    burst = field(page, "processes[0].burst").locator("input")
    burst.click()
    # A burst of keystrokes: 8 -> 81 -> 8 -> 18 ... ends as 18, and makes one run.
    runs_before = int(page.locator("[data-page=builder]").get_attribute("data-runs") or 0)
    burst.press("End")
    page.keyboard.press("Backspace")
    page.keyboard.type("18", delay=30)
    panel = page.locator(".run-panel")
    expect(panel).not_to_have_attribute("data-run", first_run or "", timeout=RUN_TIMEOUT_MS)
    expect(panel).to_have_attribute("data-finished", "true", timeout=RUN_TIMEOUT_MS)
    expect(page.locator(".gantt-root rect.gantt-bar").first).to_be_visible()
    after = page.locator(".gantt-root rect.gantt-bar").evaluate_all(last_end)
    assert after == before + 10, (before, after)  # P1 needs 10 ticks more
    assert int(page.locator("[data-page=builder]").get_attribute("data-runs") or 0) == runs_before + 1
    # The focus stayed in the form, on the field being edited.
    expect(burst).to_be_focused()
