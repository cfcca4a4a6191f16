"""No chart label overlaps another or is clipped, on a phone, a tablet and a projector (issue 11, section 4).

Presets with every kind of chart (the Gantt chart, the memory map and its
address axis, the disk arm with its cylinder axis, the message diagram with
its process headers) are mounted in a real run panel (tests/browser/harness/
panel.html with the site's style sheets) at 390, 768 and 1440 px, at a step
in the middle of the run and at the last one.  In every SVG chart, the box
of each text must lie inside the chart, and no two text boxes may overlap.

Before the fix, the memory axis's last label ("16M") stuck out of the chart
at every width, and the disk and memory axes' numbers ran into each other at
390 px.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.test_modules import static_server  # noqa: F401 - a fixture
from tests.browser.test_panels_agree import engine_run

PRESETS = ["llm-os-combined", "memory-first-fit-8mb", "buddy-1mb", "disk-textbook-scan",
           "ipc-two-processes", "request-reply", "pub-sub", "producer-consumer"]
WIDTHS = [390, 768, 1440]

# Every text box of every chart, as the browser laid it out.
TEXT_BOXES = """() => [...document.querySelectorAll('.run-panel svg')].filter((chart) => {
  const box = chart.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && !chart.closest('[hidden]');
}).map((chart) => {
  const box = chart.getBoundingClientRect();
  const texts = [...chart.querySelectorAll('text')].filter((t) => t.textContent.trim() !== ''
    && getComputedStyle(t).display !== 'none' && getComputedStyle(t).visibility !== 'hidden'
    && t.getBoundingClientRect().width > 0).map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent.trim(), cls: t.getAttribute('class') || '',
               left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    });
  return { chart: chart.getAttribute('class') || chart.getAttribute('aria-label') || 'svg',
           left: box.left, right: box.right, top: box.top, bottom: box.bottom, texts };
})"""

SLACK = 0.5  # px: antialiasing


def overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (min(a["right"], b["right"]) - max(a["left"], b["left"]) > SLACK
            and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > SLACK)


def label_problems(charts: list[dict[str, Any]]) -> list[str]:
    problems = []
    for chart in charts:
        texts = chart["texts"]
        for t in texts:
            if (t["left"] < chart["left"] - SLACK or t["right"] > chart["right"] + SLACK
                    or t["top"] < chart["top"] - SLACK or t["bottom"] > chart["bottom"] + SLACK):
                problems.append(f"{chart['chart']}: {t['text']!r} ({t['cls']}) is clipped")
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                if overlap(a, b):
                    problems.append(f"{chart['chart']}: {a['text']!r} ({a['cls']}) overlaps "
                                    f"{b['text']!r} ({b['cls']})")
    return problems


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def sized_panel(browser: Browser, static_server: str,  # noqa: F811 - the fixture
                request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{static_server}/tests/browser/harness/panel.html")
    for sheet in ("builder", "views", "interact"):
        page.add_style_tag(url=f"{static_server}/static/playground/css/{sheet}.css")
    page.wait_for_function("window.panelHarnessReady === true")
    yield page
    context.close()
    assert errors == []


@pytest.mark.parametrize("preset", PRESETS)
def test_no_chart_label_overlaps_another_or_is_clipped(sized_panel: Page, preset: str) -> None:
    scenario, steps, result = engine_run(preset)
    for at in (len(steps) // 2, len(steps) - 1):
        sized_panel.evaluate("(run) => panelHarness.mount(run)",
                             {"scenario": scenario, "steps": steps, "result": result, "at": at})
        charts = sized_panel.evaluate(TEXT_BOXES)
        assert sum(len(c["texts"]) for c in charts) > 0
        problems = label_problems(charts)
        assert not problems, f"{preset} at step {at}:\n" + "\n".join(problems)
