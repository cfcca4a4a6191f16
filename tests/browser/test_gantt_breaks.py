"""A long idle stretch does not squash the busy part of the Gantt chart (issue 11, section 2).

The run: P1 and P2 keep the CPU busy from t=0 to t=20, then nothing runs
until P3 arrives at t=500.  Drawn to scale, the first 20 ticks would take 4%
of the chart.  In the fit view the idle stretch is drawn narrow, with a
break on the time axis, and the busy ticks share the width.  The panels are
real run panels (tests/browser/harness/panel.html) fed the engine's steps.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from kernel_engine import Run
from tests.browser.conftest import artifact_path
from tests.browser.test_chart_labels import TEXT_BOXES, label_problems
from tests.browser.test_modules import static_server  # noqa: F401 - a fixture

LATE_ARRIVAL = {
    "version": 1, "title": "A late arrival",
    "cpu": {"policy": "fcfs"},
    "processes": [{"name": "P1", "arrival": 0, "burst": 12}, {"name": "P2", "arrival": 2, "burst": 8},
                  {"name": "P3", "arrival": 500, "burst": 5}],
}


def late_run() -> dict[str, Any]:
    run = Run(LATE_ARRIVAL)
    steps = list(run)
    return {"scenario": LATE_ARRIVAL, "steps": steps, "result": run.result}


def step_at(run: dict[str, Any], tick: int) -> int:
    """The index of the first step at `tick`."""
    return next(k for k, step in enumerate(run["steps"]) if step["t"] == tick)


@pytest.fixture(params=[390, 1440], ids=["390px", "1440px"])
def panel_page(browser: Browser, static_server: str,  # noqa: F811 - the fixture
               request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{static_server}/tests/browser/harness/panel.html")
    page.wait_for_function("window.panelHarnessReady === true")
    yield page
    page.screenshot(path=str(artifact_path(f"gantt-breaks-{request.node.name}")), full_page=True)
    context.close()
    assert errors == []


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def test_the_busy_part_keeps_a_readable_width_and_the_axis_shows_the_break(panel_page: Page) -> None:
    run = late_run()
    panel_page.evaluate("(run) => panelHarness.mount(run)", {**run, "at": len(run["steps"]) - 1})
    chart = panel_page.locator(".gantt-root .gantt-svg")
    expect(chart).to_have_attribute("data-breaks", "20-500")
    lanes = panel_page.evaluate("""() => {
        const svg = document.querySelector('.gantt-root .gantt-svg');
        const bars = [...svg.querySelectorAll('rect.gantt-bar')].map((r) => r.getBoundingClientRect());
        const band = svg.querySelector('rect.gantt-break').getBoundingClientRect();
        const clip = svg.querySelector('clipPath rect');
        return { plotWidth: Number(clip.getAttribute('width')), bars: bars.map((b) => b.width),
                 band: band.width, bandHeight: band.height };
    }""")
    # 25 busy ticks share the plot: P1's 12 ticks take about half of it, not 2%.
    p1, p2, p3 = lanes["bars"]
    assert p1 > 0.4 * lanes["plotWidth"], lanes
    assert abs(p1 / p2 - 12 / 8) < 0.05 and abs(p1 / p3 - 12 / 5) < 0.05, lanes  # to one scale
    # The idle stretch is a visible band, narrow but there, and the axis has a break mark.
    assert 8 <= lanes["band"] <= 28 and lanes["bandHeight"] > 10, lanes
    assert panel_page.locator(".gantt-root rect.gantt-break").get_attribute("aria-label") \
        == "t = 20 to 500: nothing runs (drawn narrow)"
    expect(panel_page.locator(".gantt-root .axis-break")).to_have_count(1)
    labels = panel_page.locator(".gantt-root .gantt-axis .axis-label").all_text_contents()
    assert {"0", "20", "500"} <= set(labels), labels  # the jump reads on the axis
    assert labels == sorted(labels, key=int), labels
    # No axis label runs into another or out of the chart.
    assert not label_problems(panel_page.evaluate(TEXT_BOXES))


def test_zooming_in_draws_the_axis_to_scale_and_fit_brings_the_break_back(panel_page: Page) -> None:
    run = late_run()
    panel_page.evaluate("(run) => panelHarness.mount(run)", {**run, "at": len(run["steps"]) - 1})
    chart = panel_page.locator(".gantt-root .gantt-svg")
    panel_page.locator(".gantt-root .zoom-in").click()
    expect(chart).to_have_attribute("data-breaks", "")
    expect(panel_page.locator(".gantt-root .axis-break")).to_have_count(0)
    panel_page.locator(".gantt-root .zoom-fit").click()
    expect(chart).to_have_attribute("data-breaks", "20-500")
    expect(panel_page.locator(".gantt-root .zoom-range")).to_have_text("t = 0 to 505 (whole run)")


def test_a_click_on_the_compressed_axis_seeks_to_the_tick_under_it(panel_page: Page) -> None:
    run = late_run()
    panel_page.evaluate("(run) => panelHarness.mount(run)", {**run, "at": 0})
    player = panel_page.locator(".player")
    axis_y = panel_page.evaluate("""() => {
        const line = document.querySelector('.gantt-root .gantt-axis .axis-line');
        return line.getBoundingClientRect().top + 3;
    }""")

    def x_of(tick: float) -> float:
        # Where the chart draws `tick`: the edges of the bars and of the break band are known ticks.
        return float(panel_page.evaluate("""(tick) => {
            const svg = document.querySelector('.gantt-root .gantt-svg');
            const left = svg.getBoundingClientRect().left;
            const band = svg.querySelector('rect.gantt-break');
            const p1 = svg.querySelector('rect.gantt-bar[data-who="P1"]');
            const p3 = svg.querySelector('rect.gantt-bar[data-who="P3"]');
            const x = (r) => Number(r.getAttribute('x'));
            const w = (r) => Number(r.getAttribute('width'));
            if (tick <= 12) return left + x(p1) + (w(p1) * tick) / 12;
            return left + x(p3) + (w(p3) * (tick - 500)) / 5;
        }""", tick))

    # On a bar the click goes to the bar's dispatch; below it, on the axis, to the tick.
    panel_page.mouse.click(x_of(502.5), axis_y)
    expect(player).to_have_attribute("data-tick", "500")
    expect(player).to_have_attribute("data-step", str(step_at(run, 500)))
    panel_page.mouse.click(x_of(7), axis_y)
    expect(player).to_have_attribute("data-tick", "2")  # the last step at or before t=7
    # A click on the break band lands in the idle stretch: the step at t=20.
    band = box(panel_page, ".gantt-root rect.gantt-break")
    panel_page.mouse.click(band["x"] + band["width"] / 2, band["y"] + band["height"] / 2)
    expect(player).to_have_attribute("data-tick", "20")


@pytest.mark.parametrize("tick", [12, 20, 500])
def test_the_break_obeys_the_reveal_rule(panel_page: Page, tick: int) -> None:
    """With only the steps up to the cursor known, the chart is the same as with the whole run hidden past it."""
    run = late_run()
    k = step_at(run, tick)
    so_far = {"scenario": LATE_ARRIVAL, "steps": run["steps"][:k + 1], "reveal": "cursor", "at": k}
    panel_page.evaluate("(run) => panelHarness.mount(run)", so_far)
    known = panel_page.evaluate("() => panelHarness.widgetMarkup('.gantt-root')")
    panel_page.evaluate("(run) => panelHarness.mount(run)", {**run, "reveal": "cursor", "at": k})
    assert panel_page.evaluate("() => panelHarness.widgetMarkup('.gantt-root')") == known
    chart = panel_page.locator(".gantt-root .gantt-svg")
    # Before P3 arrives nothing hints at it: no break, an axis ending at the cursor.
    expect(chart).to_have_attribute("data-breaks", "20-500" if tick == 500 else "")
    expect(chart).to_have_attribute("data-end", str(tick))
