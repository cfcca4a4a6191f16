"""Stepping through a paged LLM run: the KV block grid and the KV memory
timeline update in place on a step forward (only the groups of blocks that
changed, the bands' outlines and the cursor), and what they show after
walking forward is what a jump to the same step draws.

Same harness and counting as test_llm_seek.py (preset llm-paging, 2,371
steps, a MutationObserver counting the nodes each forward step adds, removes
or changes; nothing is timed).  Before the change, each step drew both
panels afresh: every group of the grid with its title and cells, every
pattern, band, label and tick of the timeline, and the readout.
"""
from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from kernel_engine.kernel.delta import apply_step
from tests.browser.test_llm_seek import TOUCHES_JS, arrivals, engine_run
from tests.browser.test_modules import static_server  # noqa: F401 - a fixture
from tests.browser.test_panels_agree import panel_page  # noqa: F401 - a fixture

PRESET = "llm-paging"
KV_ROOTS = [".llm-kv-root", ".llm-memory-root"]
LATE, STEPS = 2000, 12
# A step forward redraws the groups whose blocks changed at this step or the one before (their new-block
# marks fade): a handful of groups of a few nodes each, plus the timeline's 5 bands, its cursor and readout.
# About 15-35 nodes after step 2,000, where drawing both panels afresh touched 150 (and 250 at step 1,000).
TOUCHED_BOUND = 80

# The two panels' markup with each group's cells in one sorted path: a step forward marks the cells that
# changed since the step before (class "new", their own path), a jump has no step before to compare with.
MARKUP_JS = """(roots) => roots.map((selector) => {
    const root = document.querySelector(selector).cloneNode(true);
    for (const group of root.querySelectorAll("g.llm-kv-run")) {
        const paths = [...group.querySelectorAll("path.llm-kv-cell")];
        if (!paths.length) continue;
        const cells = paths.flatMap((p) => p.getAttribute("d").split(/(?=M)/)).sort();
        paths[0].setAttribute("d", cells.join(""));
        paths[0].setAttribute("class", "llm-kv-cell");
        for (const extra of paths.slice(1)) extra.remove();
    }
    return root.outerHTML.replace(/\\b(clip|pattern|hatch|grad|fill|tooltip)[-_]?\\d+/g, "$1-N");
}).join("\\n")"""


def mount(page: Page, at: int) -> None:
    scenario, steps, result = engine_run(PRESET)
    page.evaluate("(run) => panelHarness.mount(run)", {"scenario": scenario, "steps": steps, "result": result, "at": at})


def test_a_step_forward_late_in_a_paged_run_touches_a_bounded_part_of_the_kv_panels(panel_page: Page) -> None:
    _, steps, _ = engine_run(PRESET)
    mount(panel_page, LATE)
    seen = panel_page.evaluate(TOUCHES_JS, [KV_ROOTS, LATE, STEPS])
    counts = dict(zip(range(LATE + 1, LATE + STEPS + 1), seen["counts"]))
    assert panel_page.locator(".llm-kv-root g.llm-kv-run").count() > 10, "the grid draws the pool by block number"
    quiet = [k for k in counts if k not in arrivals(steps)]
    assert len(quiet) >= STEPS // 2
    for k in quiet:
        assert counts[k] <= TOUCHED_BOUND, f"step {k} touched {counts[k]} nodes of the KV panels"
        assert counts[k] < seen["drawn"] / 4, f"step {k} touched {counts[k]} of the {seen['drawn']} nodes drawn"


def test_the_kv_panels_walked_forward_show_what_a_jump_shows(panel_page: Page) -> None:
    """Forward over 60 steps (admissions, finishes and preemptions among them), then jumps to the last."""
    start, end = 1500, 1560
    mount(panel_page, start)
    panel_page.evaluate("async ([a, b]) => { for (let i = a + 1; i <= b; i += 1) await panelHarness.seek(i); }",
                        [start, end])
    walked = panel_page.evaluate(MARKUP_JS, KV_ROOTS)
    assert panel_page.locator(".llm-kv-root path.llm-kv-cell.new").count() > 0, "a step forward marks new blocks"
    panel_page.evaluate("async (i) => { await panelHarness.seek(10); await panelHarness.seek(i); }", end)
    assert panel_page.evaluate(MARKUP_JS, KV_ROOTS) == walked
    assert panel_page.locator(".llm-kv-root path.llm-kv-cell.new").count() == 0, "a jump has no step before to compare"
    mount(panel_page, end)
    assert panel_page.evaluate(MARKUP_JS, KV_ROOTS) == walked


def test_the_kv_tables_step_forward_row_by_row_and_show_what_a_jump_shows(panel_page: Page) -> None:
    """The table views: the held blocks (one row per block) and the latest splits change by their changed rows."""
    _, steps, _ = engine_run(PRESET)
    start, end = 1500, 1530
    mount(panel_page, start)
    panel_page.evaluate("() => panelHarness.showTables(true)")
    assert panel_page.locator(".llm-kv-root table.llm-kv-block-rows tbody tr").count() > 100
    seen = panel_page.evaluate(TOUCHES_JS, [KV_ROOTS, start, end - start])
    counts = dict(zip(range(start + 1, end + 1), seen["counts"]))
    quiet = [k for k in counts if k not in arrivals(steps)]
    assert len(quiet) >= (end - start) // 2
    for k in quiet:
        # Drawing the tables afresh touched every row (a thousand nodes and more here).
        assert counts[k] < seen["drawn"] / 8, f"step {k} touched {counts[k]} of the {seen['drawn']} nodes drawn"
    walked = panel_page.evaluate(MARKUP_JS, KV_ROOTS)
    panel_page.evaluate("async (i) => { await panelHarness.seek(10); await panelHarness.seek(i); }", end)
    assert panel_page.evaluate(MARKUP_JS, KV_ROOTS) == walked


def test_the_browser_rebuilds_per_request_table_patches_as_the_engine_does(panel_page: Page) -> None:
    """steps.js applies the nested patches (a table appended to, a request's table set or deleted) exactly."""
    steps = engine_run("llm-prefix-sharing")[1]
    table_patches = [s["patch"]["llm"]["edit"]["tables"] for s in steps
                     if "tables" in s.get("patch", {}).get("llm", {}).get("edit", {})]
    assert any("set" in p for p in table_patches) and any("edit" in p for p in table_patches)
    assert any("del" in p for p in table_patches)
    expected = []
    state: dict[str, Any] = {}
    for step in steps:
        state = apply_step(state, step)
        expected.append(state)
    got = panel_page.evaluate("""async (steps) => {
        const { applyStep } = await import("/static/playground/js/steps.js");
        let state = {};
        return steps.map((step) => (state = applyStep(state, step)));
    }""", steps)
    for i, state in enumerate(got):
        assert state == expected[i], f"state at step {i}"
