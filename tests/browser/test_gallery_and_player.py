"""From the gallery to an animated Gantt chart, the player's controls, and
the event log that follows them."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from kernel_engine import Run
from tests.browser.helpers import api_run, current_step, current_tick, pause_player, wait_for_finished_run
from tests.browser.test_modules import harness, static_server  # noqa: F401 - fixtures
from tests.stack import Stack

# The textbook SRT example (P1..P4 arrive at 0..3 needing 8, 4, 9, 5 ticks).
SRT_TICKS_BY_STEP_END = 26


def open_srt_from_the_gallery(page: Page) -> str:
    page.goto("/")
    page.locator('a.card[data-preset="cpu-srt-four"]').click()
    expect(page).to_have_url(re.compile(r"/build/\?preset=cpu-srt-four&run=1$"))
    return wait_for_finished_run(page)


def test_a_gallery_card_runs_srt_and_draws_one_bar_per_result_segment(page: Page, stack: Stack) -> None:
    run_id = open_srt_from_the_gallery(page)
    run = api_run(stack.base_url, run_id)
    assert run["status"] == "completed"
    segments = run["result"]["cpu"]["gantt"]
    bars = page.locator(".gantt-svg rect.gantt-bar")
    expect(bars).to_have_count(len(segments))
    drawn = sorted(
        (bar.get_attribute("data-who"), int(bar.get_attribute("data-start") or -1), int(bar.get_attribute("data-end") or -1))
        for bar in bars.all()
    )
    assert drawn == sorted((s["who"], s["start"], s["end"]) for s in segments)
    # SRT preempts P1 for P2 at t=1, then runs P4, P1 and P3: five bars.
    assert drawn == sorted([("P1", 0, 1), ("P2", 1, 5), ("P4", 5, 10), ("P1", 10, 17), ("P3", 17, 26)])
    assert all(bar.locator("title").text_content() for bar in bars.all())


def test_step_back_forward_and_seek_move_the_current_tick(page: Page, stack: Stack) -> None:
    open_srt_from_the_gallery(page)
    pause_player(page)
    player = page.locator(".player")
    player.press("End")
    expect(player).to_have_attribute("data-tick", str(SRT_TICKS_BY_STEP_END))
    last = current_step(page)

    player.press("ArrowLeft")
    # The player redraws on the next animation frame: wait for it before reading the tick.
    expect(player).to_have_attribute("data-step", str(last - 1))
    back_tick = current_tick(page)
    assert back_tick < SRT_TICKS_BY_STEP_END
    expect(page.locator(".player-tick")).to_have_text(f"t = {back_tick}")

    page.locator(".player-forward").click()
    expect(player).to_have_attribute("data-tick", str(SRT_TICKS_BY_STEP_END))
    page.locator(".player-back").click()
    expect(player).to_have_attribute("data-tick", str(back_tick))

    # Step 1 of the SRT trace is P2's arrival at t=1, where it preempts P1.
    page.locator(".player-slider").fill("1")
    expect(player).to_have_attribute("data-tick", "1")
    expect(page.locator(".log-row.current").first).to_be_visible()
    expect(page.locator(".gantt-cursor")).to_have_attribute("data-tick", "1")

    player.press("Home")
    expect(player).to_have_attribute("data-tick", "0")

    speed = page.locator(".player-speed")
    expect(speed).to_have_value("1")
    player.press("+")
    expect(speed).to_have_value("2")
    player.press("-")
    player.press("-")
    expect(speed).to_have_value("0.5")
    player.press(" ")
    expect(player).to_have_attribute("data-playing", "true")
    player.press(" ")
    expect(player).to_have_attribute("data-playing", "false")


def test_the_memory_map_shows_each_allocation_of_a_memory_preset(page: Page, stack: Stack) -> None:
    # First fit on 8 MB: allocate 1 MB (a), free it, 2 MB (b), free, 3 MB (c), free.
    page.goto("/build/?preset=memory-first-fit-8mb&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    player = page.locator(".player")
    player.press("Home")
    block = page.locator(".memory-svg rect.memory-block")
    expect(block).to_have_count(1)
    expect(block).to_have_attribute("data-ref", "a")
    expect(block).to_have_attribute("data-size", str(1 << 20))
    expect(block).to_have_attribute("data-start", "0")
    player.press("ArrowRight")  # a is freed and merged back: one 8 MB hole
    expect(block).to_have_count(0)
    expect(page.locator(".memory-svg rect.memory-hole")).to_have_count(1)
    expect(page.locator(".memory-svg rect.memory-hole")).to_have_attribute("data-size", str(8 << 20))
    player.press("ArrowRight")
    expect(block).to_have_attribute("data-ref", "b")
    expect(block).to_have_attribute("data-size", str(2 << 20))
    expect(page.locator(".memory-fragmentation")).to_have_text("0%")


def test_a_failed_allocation_is_flagged_on_the_memory_map(page: Page, stack: Stack) -> None:
    # Holes of 100, 500, 200, 300 and 600 KB under first fit: 426 KB fits nowhere.
    page.goto("/build/?preset=fit-textbook&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player-slider").fill("3")
    failed = page.locator(".memory-event.failed")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("r426")
    expect(page.locator(".memory-svg rect.memory-block")).to_have_count(3)


# The event log on its own (the harness page of test_modules.py, no web stack), on
# steps from the real engine: round robin with a 1-tick quantum on 14 processes of
# 12 ticks makes 168 ticks (169 steps) and 350 listed events, more than the 300 rows the log keeps.
LOG_SCENARIO = {
    "version": 1, "title": "RR q=1, 14 x 12 ticks",
    "cpu": {"policy": "rr", "quantum": 1},
    "processes": [{"name": f"P{k}", "arrival": k - 1, "burst": 12} for k in range(1, 15)],
}

# Renders one EventLog through the steps as the player would, and a brand-new
# EventLog at each step for comparison; a row is [class, step, kind, text].
LOG_JS = """async (steps) => {
    const { EventLog } = await import("/static/playground/js/log.js");
    const store = new harness.StepStore();
    store.append(0, steps);
    const view = (i) => ({ index: i, step: store.step(i), t: store.tickAt(i), state: store.stateAt(i),
        events: store.eventsAt(i), store, result: null, finished: false, maxTick: store.lastTick() });
    const stage = document.getElementById("stage");
    stage.replaceChildren();
    const root = document.createElement("div");
    stage.append(root);
    const log = new EventLog(root);
    const shown = (r) => JSON.stringify([r.querySelector(".log-note").textContent,
        [...r.querySelectorAll(".log-list li")].map((li) => [li.className, li.dataset.step, li.dataset.kind, li.textContent])]);
    const rebuilt = (i) => {
        const fresh = document.createElement("div");
        new EventLog(fresh).render(view(i));
        return shown(fresh);
    };
    const out = { steps: store.length, differ: [], kept: 0, redrawn: 0 };
    log.render(view(-1));
    out.empty = { rows: root.querySelectorAll("li").length, note: root.querySelector(".log-note").textContent };
    for (let i = 0; i < store.length; i += 1) {
        const newest = root.querySelector(".log-list").lastElementChild;
        log.render(view(i));
        if (newest) out[newest.isConnected ? "kept" : "redrawn"] += 1;
        if (shown(root) !== rebuilt(i)) out.differ.push(i);
        if (i === 1) {
            out.atOne = [...root.querySelectorAll("li.current")].map((li) => [li.dataset.step, li.dataset.kind]);
        }
    }
    const list = root.querySelector(".log-list");
    out.atEnd = { rows: list.children.length, note: root.querySelector(".log-note").textContent,
        firstStep: Number(list.firstElementChild.dataset.step), tabindex: list.getAttribute("tabindex"),
        label: list.getAttribute("aria-label"), scrolled: list.scrollTop > 0 };
    // A backward seek redraws the list; a jump forward again shows what a rebuild shows.
    const old = list.lastElementChild;
    log.render(view(10));
    out.back = { oldKept: old.isConnected, same: shown(root) === rebuilt(10), rows: list.children.length };
    log.render(view(store.length - 1));
    out.jump = shown(root) === rebuilt(store.length - 1);
    // The player renders again when steps stream in or the run finishes: the rows stay as they are.
    const last = list.lastElementChild;
    log.render({ ...view(store.length - 1), finished: true });
    out.unchangedOnFinish = last.isConnected && list.lastElementChild === last;
    return out;
}"""


def test_the_event_log_appends_rows_when_stepping_forward_and_matches_a_full_redraw(harness: Page) -> None:  # noqa: F811
    run = Run(LOG_SCENARIO)
    seen = harness.evaluate(LOG_JS, list(run))
    assert seen["steps"] == 169
    assert seen["empty"] == {"rows": 0, "note": "Events appear here as the run streams."}
    # Every step shows exactly the rows a full redraw would show ...
    assert seen["differ"] == []
    # ... but moving forward one step never redraws the rows already there.
    assert seen["kept"] == 168 and seen["redrawn"] == 0
    # At t=1 P1's quantum expires, P2 arrives and is dispatched: the current step's three rows.
    assert seen["atOne"] == [["1", "expire"], ["1", "arrive"], ["1", "dispatch"]]
    # 350 events: the oldest 50 were dropped and the note says so; the list stays a named tab stop.
    at_end = seen["atEnd"]
    assert at_end["rows"] == 300 and at_end["note"] == "Showing the last 300 events."
    assert at_end["firstStep"] > 0 and at_end["scrolled"]
    assert (at_end["tabindex"], at_end["label"]) == ("0", "Event log")
    assert seen["back"] == {"oldKept": False, "same": True, "rows": 32}
    assert seen["jump"] is True
    assert seen["unchangedOnFinish"] is True
