"""From the gallery to an animated Gantt chart, and the player's controls."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import api_run, current_step, current_tick, pause_player, wait_for_finished_run
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
    assert current_step(page) == last - 1
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
