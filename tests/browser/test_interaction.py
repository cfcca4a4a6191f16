"""Chart interaction on the live stack: details on hover and focus, click-to-seek
(Gantt bars and memory blocks), patterns, and the table views.

The numbers are the textbook SRT example (srtf-four: P1..P4 arrive at 0..3
needing 8, 4, 9, 5 ticks): P1 0-1, P2 1-5, P4 5-10, P1 10-17, P3 17-26.
Step indices come from the engine itself (it is deterministic, so the
server's run has the same steps).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from kernel_engine import Run, presets
from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.stack import Stack

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
P1_REASON = "SRT: P1 is the only ready thread (remaining time 8)"
P2_REASON = "SRT: P2 has the smallest remaining time (4; next best 7)"


def open_finished(page: Page, preset: str) -> None:
    """The builder running `preset` to its end, paused at the last step."""
    page.goto(f"/build/?preset={preset}&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")


def bar(page: Page, who: str, start: int):
    return page.locator(f'.gantt-svg rect.gantt-bar[data-who="{who}"][data-start="{start}"]')


def engine_step_of(preset: str, kind: str, **fields: object) -> tuple[int, int]:
    """(index, tick) of the first step of `preset` with an event of `kind` matching `fields`."""
    for step in Run(presets.load(preset)):
        for event in step["events"]:
            if event["kind"] == kind and all(event.get(k) == v for k, v in fields.items()):
                return step["i"], step["t"]
    raise AssertionError(f"no {kind} event with {fields} in {preset}")


def expect_at(page: Page, *, step: int | None = None, tick: int | None = None) -> None:
    """Wait until the player shows `step` and/or `tick` (it redraws on the next frame)."""
    player = page.locator(".player")
    if step is not None:
        expect(player).to_have_attribute("data-step", str(step))
    if tick is not None:
        expect(player).to_have_attribute("data-tick", str(tick))


def axe_violations(page: Page, *selectors: str) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations inside `selectors` (the charts this file owns)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async ([include, tags]) => {
        const r = await axe.run({ include }, { runOnly: { type: "tag", values: tags } });
        return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
    }""", [[[s] for s in selectors], WCAG_21_AA])


def tooltip_lines(page: Page, scope: str = ".gantt-canvas"):
    return page.locator(f"{scope} .chart-tooltip .chart-tooltip-line")


def test_hovering_a_bar_shows_who_when_how_long_and_why(page: Page, stack: Stack) -> None:
    open_finished(page, "srtf-four")
    bar(page, "P2", 1).hover()
    tip = page.locator(".gantt-canvas .chart-tooltip")
    expect(tip).to_be_visible()
    expect(tooltip_lines(page)).to_contain_text([
        "P2 on CPU 0", "From t=1 to t=5", "Length: 4 ticks", f"Why it was dispatched: {P2_REASON}",
    ])
    # While shown, the bar points at its details (screen readers read them after its name).
    expect(bar(page, "P2", 1)).to_have_attribute("aria-describedby", tip.get_attribute("id") or "?")
    # The browser's own title tooltip is parked while ours shows, and comes back after.
    expect(bar(page, "P2", 1).locator("title")).to_have_count(0)
    page.mouse.move(5, 5)
    expect(tip).to_be_hidden()
    expect(bar(page, "P2", 1).locator("title")).to_have_count(1)


def test_bars_are_reached_and_explained_from_the_keyboard(page: Page, stack: Stack) -> None:
    open_finished(page, "srtf-four")
    # The chart is one tab stop after its tools: Tab from the "Fit" area reaches the first bar.
    page.locator(".gantt-root .chart-table-toggle").focus()
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.tagName") == "BUTTON":
        page.keyboard.press("Tab")  # the zoom buttons that are enabled
    expect(bar(page, "P1", 0)).to_be_focused()
    expect(tooltip_lines(page)).to_contain_text(["P1 on CPU 0", "From t=0 to t=1", "Length: 1 tick",
                                                 f"Why it was dispatched: {P1_REASON}"])
    page.keyboard.press("ArrowRight")
    expect(bar(page, "P2", 1)).to_be_focused()
    expect(tooltip_lines(page).nth(3)).to_have_text(f"Why it was dispatched: {P2_REASON}")
    # Only one bar is in the tab order at a time (roving tabindex).
    expect(page.locator('.gantt-svg rect[role=button][tabindex="0"]')).to_have_count(1)
    # Enter seeks to the step of P2's dispatch: its preemption of P1 at t=1.
    page.keyboard.press("Enter")
    step, tick = engine_step_of("srtf-four", "dispatch", who="P2")
    assert tick == 1
    expect_at(page, step=step, tick=1)
    expect(page.locator(".gantt-cursor")).to_have_attribute("data-tick", "1")
    # The focus survives the seek's redraw; End and Home go to the ends of the lane.
    expect(bar(page, "P2", 1)).to_be_focused()
    page.keyboard.press("End")
    expect(bar(page, "P3", 17)).to_be_focused()
    page.keyboard.press("Home")
    expect(bar(page, "P1", 0)).to_be_focused()
    # By thread, ↓ goes to the next process's lane: from P1's first bar to P2's.
    page.locator('.gantt-mode[data-mode="thread"]').click()
    bar(page, "P1", 0).focus()
    page.keyboard.press("ArrowDown")
    expect(bar(page, "P2", 1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(bar(page, "P1", 0)).to_be_focused()


def test_clicking_a_bar_seeks_to_the_step_that_dispatched_it(page: Page, stack: Stack) -> None:
    open_finished(page, "srtf-four")
    bar(page, "P4", 5).click()
    step, tick = engine_step_of("srtf-four", "dispatch", who="P4")
    assert tick == 5
    expect_at(page, step=step, tick=5)
    expect(page.locator(".player")).to_have_attribute("data-playing", "false")
    # P1's second bar starts at 10: its dispatch step, not its first one at 0.
    bar(page, "P1", 10).click()
    expect_at(page, step=engine_step_of("srtf-four", "segment", who="P4")[0], tick=10)


def test_clicking_a_memory_block_seeks_to_its_allocation(page: Page, stack: Stack) -> None:
    # First fit on holes of 100, 500, 200, 300, 600 KB: r212 at t=0, r417 at t=1, r112 at t=2.
    page.goto("/build/?preset=fit-textbook&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player-slider").fill("2")
    blocks = page.locator(".memory-svg rect.memory-block")
    expect(blocks).to_have_count(3)
    r417 = page.locator('.memory-svg rect.memory-block[data-ref="r417"]')
    r417.hover()
    expect(tooltip_lines(page, ".memory-canvas").first).to_have_text("r417 of P")
    expect(tooltip_lines(page, ".memory-canvas").nth(2)).to_contain_text("Allocated at t=1: first fit:")
    r417.click()
    assert engine_step_of("fit-textbook", "alloc", ref="r417")[0] == 1
    expect_at(page, step=1)
    expect(blocks).to_have_count(2)
    # The keyboard does the same: focus r212 and press Enter.
    page.locator('.memory-svg rect.memory-block[data-ref="r212"]').focus()
    page.keyboard.press("Enter")
    expect_at(page, step=0)


def test_bars_and_blocks_have_a_pattern_per_process_as_well_as_a_colour(page: Page, stack: Stack) -> None:
    open_finished(page, "srtf-four")
    fills = {who: bar(page, who, start).get_attribute("fill") for who, start in
             [("P1", 0), ("P2", 1), ("P3", 17), ("P4", 5)]}
    assert all(f and f.startswith("url(#") for f in fills.values())
    assert len(set(fills.values())) == 4
    patterns = [page.locator(f"pattern{f[4:-1]}").get_attribute("data-pattern") for f in fills.values()]
    assert len(set(patterns)) == 4, patterns  # four different marks, not just four colours
    assert bar(page, "P1", 10).get_attribute("fill") == fills["P1"]


def test_the_gantt_table_lists_each_bar_with_its_reason_and_seeks(page: Page, stack: Stack) -> None:
    open_finished(page, "srtf-four")
    toggle = page.locator(".gantt-root .chart-table-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".gantt-svg")).to_have_count(0)
    rows = page.locator(".gantt-table tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(1).locator("th")).to_have_text("P2 on CPU 0")
    expect(rows.nth(1).locator("td")).to_have_text(["t=1", "t=5", "4 ticks", P2_REASON, "Go to t=1"])
    # At t=5 only the bars begun by then are listed.
    rows.nth(2).get_by_role("button").click()
    expect_at(page, tick=5)
    expect(rows).to_have_count(3)
    expect(page.locator(".gantt-table caption")).to_have_text("Gantt chart as a table, up to t = 5")
    toggle.click()
    expect(page.locator(".gantt-svg rect.gantt-bar")).to_have_count(5)


def test_the_memory_table_lists_blocks_and_holes_in_address_order(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=fit-textbook&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player-slider").fill("2")
    page.locator(".memory-root .chart-table-toggle").click()
    rows = page.locator(".memory-table tbody tr")
    kinds = [row.get_attribute("data-kind") for row in rows.all()]
    starts = [int(row.get_attribute("data-start") or -1) for row in rows.all()]
    assert starts == sorted(starts)
    assert kinds.count("block") == 3 and kinds.count("hole") == 5
    row = page.locator('.memory-table tbody tr[data-kind="block"]').nth(2)  # r417, at 1500 KB
    expect(row.locator("th")).to_have_text("r417 of P")
    row.get_by_role("button").click()
    expect_at(page, step=1)


def test_the_charts_pass_axe_as_charts_and_as_tables(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=fit-textbook&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player-slider").fill("2")
    page.locator('.memory-svg rect.memory-block[data-ref="r417"]').focus()  # a tooltip open
    assert axe_violations(page, ".gantt-root", ".memory-root") == []
    page.locator(".gantt-root .chart-table-toggle").click()
    page.locator(".memory-root .chart-table-toggle").click()
    assert axe_violations(page, ".gantt-root", ".memory-root") == []


def test_the_reasons_in_chart_details_follow_the_page_language(page: Page, stack: Stack) -> None:
    # The engine's reasons are English; translate.js rewrites them for a Chinese page.
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": stack.base_url}])
    open_finished(page, "srtf-four")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    bar(page, "P2", 1).hover()
    reason = page.locator(".gantt-canvas .chart-tooltip .chart-tooltip-line.reason")
    expect(reason).to_have_text(re.compile(r"[\u4e00-\u9fff]"))
    assert "smallest remaining time" not in (reason.text_content() or "")
