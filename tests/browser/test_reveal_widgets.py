"""The reveal rule, widget by widget: with a question pending at step k, no
widget holds anything that only exists after step k (issue 11, section 1).

For each widget the test mounts two real run panels (tests/browser/harness/
panel.html, fed the real engine's steps) with "show the whole run" off, as a
student's page has it:

- one that was given only the steps 0 .. k, as if the run had got no further;
- one that was given the whole run and its result, with the cursor at k.

The widget's markup (text, attributes, SVG) must be the same in both, with
its chart and with its table view: so nothing in it depends on a step after
k or on the result.  Downloads are checked apart: the result's CSV and JSON
are not offered before the last step.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from kernel_engine import Run, presets
from tests.browser.conftest import artifact_path
from tests.browser.test_modules import static_server  # noqa: F401 - a fixture


@pytest.fixture
def panel_page(browser: Browser, static_server: str,  # noqa: F811 - the fixture
               request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{static_server}/tests/browser/harness/panel.html")
    page.wait_for_function("window.panelHarnessReady === true")
    yield page
    page.screenshot(path=str(artifact_path(f"reveal-{request.node.name}")), full_page=True)
    context.close()
    assert errors == []


# (widget, its root's selector, a preset that gives it plenty to reveal)
WIDGETS = [
    ("gantt", ".gantt-root", "llm-os-combined"),
    ("memory map", ".memory-root", "memory-first-fit-8mb"),
    ("disk head", ".disk-root", "disk-textbook-scan"),
    ("queues", ".queues-root", "llm-os-combined"),
    ("event log", ".log-root", "llm-os-combined"),
    ("metrics", ".metrics-root", "cpu-srt-four"),
    ("messages", ".ipc-root", "request-reply"),
    ("threads", ".threads-root", "producer-consumer"),
]


def engine_run(preset: str) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    scenario = presets.load(preset)
    run = Run(scenario)
    return scenario, list(run), run.result


def markup(page: Page, run: dict[str, Any], selector: str) -> tuple[str, str]:
    """The widget's markup with its chart, then with its table view."""
    page.evaluate("(run) => panelHarness.mount(run)", run)
    chart = page.evaluate("(s) => panelHarness.widgetMarkup(s)", selector)
    page.evaluate("() => panelHarness.showTables(true)")
    table = page.evaluate("(s) => panelHarness.widgetMarkup(s)", selector)
    return chart, table


@pytest.mark.parametrize("widget, selector, preset", WIDGETS, ids=[w[0] for w in WIDGETS])
def test_nothing_after_the_cursor_reaches_the_widget(panel_page: Page, widget: str, selector: str,
                                                     preset: str) -> None:
    scenario, steps, result = engine_run(preset)
    k = len(steps) // 2  # the question is about what happens at step k + 1
    assert k >= 2
    only_so_far = {"scenario": scenario, "steps": steps[:k + 1], "reveal": "cursor", "at": k}
    everything = {"scenario": scenario, "steps": steps, "result": result, "reveal": "cursor", "at": k}
    known, known_table = markup(panel_page, only_so_far, selector)
    shown, shown_table = markup(panel_page, everything, selector)
    assert known, f"no {widget} on the page"
    assert shown == known, f"the {widget} shows something from after step {k}"
    assert shown_table == known_table, f"the {widget}'s table shows something from after step {k}"
    # And the rule is not vacuous: with "show the whole run" on, the future does show.
    panel_page.evaluate("(run) => panelHarness.mount(run)", {**everything, "reveal": "toggle"})
    whole = panel_page.evaluate("(s) => panelHarness.widgetMarkup(s)", selector)
    # The queues and the memory map show one step's state, the log the past, in either mode.
    if widget not in ("queues", "event log", "memory map"):
        assert whole != known, f"the {widget} would show the whole run the same way"


def test_downloads_wait_for_the_last_step(panel_page: Page) -> None:
    scenario, steps, result = engine_run("cpu-srt-four")
    run = {"scenario": scenario, "steps": steps, "result": result, "reveal": "cursor", "at": 3}
    panel_page.evaluate("(run) => panelHarness.mount(run)", run)
    assert panel_page.locator("[data-export=csv]").is_disabled()
    assert panel_page.locator("[data-export=json]").is_disabled()
    assert panel_page.locator(".player-whole-run").count() == 0  # no way to switch the rule off
    panel_page.evaluate(f"() => panelHarness.seek({len(steps) - 1})")
    assert panel_page.locator("[data-export=csv]").is_enabled()


def test_show_the_whole_run_is_an_explicit_toggle_of_free_exploration(panel_page: Page) -> None:
    """On the run page the box is offered and ticked; unticking it applies the reveal rule."""
    scenario, steps, result = engine_run("cpu-srt-four")
    k = 3
    only_so_far = {"scenario": scenario, "steps": steps[:k + 1], "reveal": "cursor", "at": k}
    panel_page.evaluate("(run) => panelHarness.mount(run)", only_so_far)
    known = panel_page.evaluate("() => panelHarness.widgetMarkup('.gantt-root')")
    panel_page.evaluate("(run) => panelHarness.mount(run)",
                        {"scenario": scenario, "steps": steps, "result": result, "at": k})
    box = panel_page.locator(".player-whole-run")
    assert box.is_checked()
    assert panel_page.evaluate("() => panelHarness.widgetMarkup('.gantt-root')") != known
    box.uncheck()
    panel_page.evaluate(f"() => panelHarness.seek({k})")
    assert panel_page.evaluate("() => panelHarness.widgetMarkup('.gantt-root')") == known
