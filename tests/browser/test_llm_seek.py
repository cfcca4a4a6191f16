"""Scrubbing through a long LLM run: a step forward costs the same late in the
run as early on (the LLM batch chart and the requests table are drawn
incrementally), and drawing step by step gives the very chart a jump gives.

The panel harness (tests/browser/harness/panel.html) plays the real engine's
steps of preset llm-paging (2,371 steps).  A MutationObserver counts the DOM
nodes each forward step adds, removes or changes in the LLM panels: nothing
is timed, so the bound holds on a loaded machine.  Before the change, every
step drew the batch chart and the requests table afresh, so the count grew
with the bars and rows drawn so far.
"""
from __future__ import annotations

import functools
from typing import Any

from playwright.sync_api import Page

from kernel_engine import Run, presets
from tests.browser.test_modules import static_server  # noqa: F401 - a fixture
from tests.browser.test_panels_agree import panel_page  # noqa: F401 - a fixture

PRESET = "llm-paging"
INCREMENTAL_ROOTS = [".llm-batches-root", ".llm-requests-root"]
LLM_ROOTS = INCREMENTAL_ROOTS + [".llm-kv-root", ".llm-memory-root"]
EARLY, LATE, STEPS = 200, 2000, 12
# Nodes a forward step may touch in all the LLM panels, wherever the cursor is: the rows of the batch
# (at most the batch's size), the open waits, the strip's last iterations, the band, the KV grid's
# groups (at most the pool's blocks) and the timeline's bands.  About 700 at step 200, 300 at 2,000.
TOUCHED_BOUND = 1000

# Counts the nodes added (with their descendants), removed or changed in `roots` by each step forward.
TOUCHES_JS = """async ([roots, from, count]) => {
    const size = (node) => 1 + (node.querySelectorAll ? node.querySelectorAll("*").length : 0);
    const counts = [];
    for (let i = from + 1; i <= from + count; i += 1) {
        let touched = 0;
        const tally = (records) => {
            for (const r of records) {
                if (r.type === "childList") {
                    for (const node of r.addedNodes) touched += size(node);
                    touched += r.removedNodes.length;
                } else touched += 1;
            }
        };
        const observer = new MutationObserver(tally);
        for (const selector of roots) {
            observer.observe(document.querySelector(selector), { subtree: true, childList: true, attributes: true, characterData: true });
        }
        await panelHarness.seek(i);
        tally(observer.takeRecords());
        observer.disconnect();
        counts.push(touched);
    }
    const drawn = roots.reduce((n, s) => n + document.querySelector(s).querySelectorAll("*").length, 0);
    return { counts, drawn };
}"""


@functools.cache
def engine_run(preset: str) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    scenario = presets.load(preset)
    run = Run(scenario)
    return scenario, list(run), run.result


def arrivals(steps: list[dict[str, Any]]) -> set[int]:
    """The steps where a request arrives: the chart gains a row there and is drawn afresh."""
    return {k for k, step in enumerate(steps) if any(e["kind"] == "llm_arrive" for e in step["events"])}


def touches(page: Page, at: int, roots: list[str]) -> tuple[dict[int, int], int]:
    """{step: nodes touched by the step forward to it} for STEPS steps after `at`, and the nodes drawn at the end."""
    scenario, steps, result = engine_run(PRESET)
    page.evaluate("(run) => panelHarness.mount(run)", {"scenario": scenario, "steps": steps, "result": result, "at": at})
    seen = page.evaluate(TOUCHES_JS, [roots, at, STEPS])
    return dict(zip(range(at + 1, at + STEPS + 1), seen["counts"])), seen["drawn"]


def test_a_step_forward_late_in_an_llm_run_touches_no_more_nodes_than_early(panel_page: Page) -> None:
    _, steps, _ = engine_run(PRESET)
    assert len(steps) > LATE + STEPS
    new_rows = arrivals(steps)
    early, _ = touches(panel_page, EARLY, LLM_ROOTS)
    late, drawn = touches(panel_page, LATE, LLM_ROOTS)
    late_steps = [k for k in late if k not in new_rows]
    assert len(late_steps) >= STEPS // 2, "the late window should be mostly steps without arrivals"
    for k in late_steps:
        assert late[k] <= TOUCHED_BOUND, f"step {k} touched {late[k]} nodes of the LLM panels"
        # Drawing the batch chart and the requests table afresh touched every node of them (4,400 here).
        assert late[k] < drawn / 4, f"step {k} touched {late[k]} of the {drawn} nodes of the LLM panels"
    assert max(early.values()) <= TOUCHED_BOUND


def test_the_batch_chart_and_requests_drawn_step_by_step_are_those_drawn_at_once(panel_page: Page) -> None:
    """Forward over 60 steps (arrivals, finishes and preemptions among them), then a fresh panel at the last."""
    scenario, steps, result = engine_run(PRESET)
    start, end = 1500, 1560
    run = {"scenario": scenario, "steps": steps, "result": result, "at": start}
    panel_page.evaluate("(run) => panelHarness.mount(run)", run)
    panel_page.evaluate("async ([a, b]) => { for (let i = a + 1; i <= b; i += 1) await panelHarness.seek(i); }", [start, end])
    selector = ", ".join(INCREMENTAL_ROOTS)
    walked = panel_page.evaluate("(s) => panelHarness.widgetMarkup(s)", selector)
    panel_page.evaluate("(run) => panelHarness.mount(run)", {**run, "at": end})
    assert panel_page.evaluate("(s) => panelHarness.widgetMarkup(s)", selector) == walked
