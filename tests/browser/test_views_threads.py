"""The threads view in the builder's player: lanes by process, locks, the wait-for graph."""
from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from kernel_engine import Run, presets
from kernel_engine.kernel.delta import apply_step
from tests.browser.helpers import current_step
from tests.browser.views_support import click_in_view, open_finished_run, seek
from tests.stack import Stack


def first_wait(preset: str, who: str, waits_for: str) -> tuple[int, int]:
    """(step, tick) of the first step of the preset's trace at which `who` is blocked on `waits_for`
    (written as the contract does, "mutex:fork1"; steps give {"on": "mutex", "target": "fork1"})."""
    on, _, target = waits_for.partition(":")
    state: dict[str, Any] = {}
    for step in Run(presets.load(preset)):
        state = apply_step(state, step)
        blocked = state.get("blocked", {})
        if blocked.get(who) == {"on": on, "target": target}:
            return int(step["i"]), int(step["t"])
    raise AssertionError(f"{who} never waits for {waits_for} in {preset}")


def test_the_philosophers_deadlock_is_drawn_as_a_red_ring(page: Page, stack: Stack) -> None:
    result = open_finished_run(page, stack, "dining-philosophers")
    view = page.locator(".threads-root")
    page.locator(".player").press("End")
    assert result["status"] == "deadlock"
    assert result["deadlock"]["cycle"] == ["phil0", "phil1", "phil2", "phil3", "phil4"]
    note = view.locator(".deadlock-text")
    expect(note).to_contain_text("stuck in a cycle of waits")
    expect(note).to_contain_text("phil0 waits for mutex fork1; phil1 waits for mutex fork2")
    expect(note).to_contain_text("phil4 waits for mutex fork0")
    expect(view.locator(".waitfor-edge.cycle")).to_have_count(10)
    expect(view.locator(".waitfor-edge.cycle[data-from='thread:phil4'][data-to='mutex:fork0']")).to_have_count(1)
    expect(view.locator(".waitfor-edge.cycle[data-from='mutex:fork0'][data-to='thread:phil0']")).to_have_count(1)
    expect(view.locator(".waitfor-legend.cycle")).to_be_visible()
    # Each fork is held by the philosopher on its right and wanted by the one on its left.
    fork1 = view.locator(".locks-table tr[data-lock='mutex:fork1']")
    expect(fork1.locator(".lock-holder .chip")).to_have_text("phil1")
    expect(fork1.locator(".lock-waiters .chip")).to_have_text(["phil0"])
    expect(view.locator(".locks-table tbody tr")).to_have_count(5)


def test_the_threads_are_lanes_under_their_process(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "dining-philosophers")
    view = page.locator(".threads-root")
    page.locator(".player").press("End")
    expect(view.locator(".threads-process")).to_have_count(1)
    expect(view.locator(".threads-process")).to_have_attribute("data-process", "table")
    lanes = view.locator(".threads-lane")
    assert lanes.evaluate_all("ls => ls.map((l) => [l.dataset.process, l.dataset.thread])") == [
        ["table", name] for name in ("table", "phil0", "phil1", "phil2", "phil3", "phil4")]
    # phil0 took fork0 and thought for 2 ticks (0-1 and 5-6, round robin): it has waited for fork1 since t=6.
    assert first_wait("dining-philosophers", "phil0", "mutex:fork1")[1] == 6
    wait = view.locator(".threads-wait[data-who=phil0][data-on='mutex:fork1']")
    expect(wait).to_have_attribute("data-start", "6")
    expect(wait).to_have_class("threads-wait open")
    # The table waits to join phil0 from the start.
    expect(view.locator(".threads-wait[data-who=table][data-on='join:phil0']")).to_have_attribute("data-start", "0")


def test_before_the_deadlock_there_is_no_cycle_and_a_button_shows_it(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "dining-philosophers")
    view = page.locator(".threads-root")
    player = page.locator(".player")
    player.press("Home")
    expect(view.locator(".waitfor-edge.cycle")).to_have_count(0)
    click_in_view(view.locator("[data-part=show-deadlock]"))
    expect(player).to_have_attribute("data-tick", "10")
    expect(view.locator(".waitfor-edge.cycle")).to_have_count(10)
    expect(view.locator("[data-part=show-deadlock]")).to_have_count(0)


def test_clicking_a_wait_shows_the_step_where_it_began(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "dining-philosophers")
    view = page.locator(".threads-root")
    page.locator(".player").press("End")
    step, tick = first_wait("dining-philosophers", "phil2", "mutex:fork3")
    click_in_view(view.locator(".threads-wait[data-who=phil2][data-on='mutex:fork3'] rect"))
    expect(page.locator(".player")).to_have_attribute("data-tick", str(tick))
    assert current_step(page) == step


def test_a_producer_waiting_on_an_empty_semaphore(page: Page, stack: Stack) -> None:
    result = open_finished_run(page, stack, "producer-consumer")
    view = page.locator(".threads-root")
    assert result["status"] == "completed"
    step, _ = first_wait("producer-consumer", "producer", "sem:empty")
    seek(page, step)
    empty = view.locator(".locks-table tr[data-lock='sem:empty']")
    expect(empty.locator(".lock-holder [data-value]")).to_have_attribute("data-value", "0")
    expect(empty.locator(".lock-waiters .chip")).to_have_text(["producer"])
    expect(view.locator(".waitfor-edge.waits[data-from='thread:producer'][data-to='sem:empty']")).to_have_count(1)
    expect(view.locator(".waitfor-edge.cycle")).to_have_count(0)
    expect(view.locator(".threads-deadlock")).to_be_hidden()
    # At the end both semaphores are back where they started: full 0, empty 2.
    page.locator(".player").press("End")
    expect(view.locator(".locks-table tr[data-lock='sem:empty'] [data-value]")).to_have_attribute("data-value", "2")
    expect(view.locator(".locks-table tr[data-lock='sem:full'] [data-value]")).to_have_attribute("data-value", "0")


def test_the_llm_os_workers_take_turns_on_the_gradients_mutex(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "llm-os-combined")
    view = page.locator(".threads-root")
    # Only the trainer has threads of its own: it alone gets a heading over its lanes.
    expect(view.locator(".threads-process")).to_have_count(1)
    expect(view.locator(".threads-lane[data-process=trainer]")).to_have_count(3)
    step, _ = first_wait("llm-os-combined", "worker_b", "mutex:gradients")
    seek(page, step)
    gradients = view.locator(".locks-table tr[data-lock='mutex:gradients']")
    expect(gradients.locator(".lock-holder .chip")).to_have_text("worker_a")
    expect(gradients.locator(".lock-waiters .chip")).to_have_text(["worker_b"])
    expect(view.locator(".waitfor-edge.holds[data-from='mutex:gradients'][data-to='thread:worker_a']")).to_have_count(1)


def test_the_table_button_lists_each_thread_under_its_process(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "producer-consumer")
    view = page.locator(".threads-root")
    page.locator(".player").press("End")
    view.locator(".chart-table-toggle").click()
    expect(view.locator(".threads-canvas")).to_be_hidden()
    rows = view.locator(".threads-table tbody tr")
    assert rows.evaluate_all("rs => rs.map((r) => [r.cells[0].textContent, r.cells[1].textContent])") == [
        ["shop", "shop"], ["shop", "producer"], ["shop", "consumer"]]
    expect(rows.nth(0).locator("td").nth(2)).to_contain_text("thread producer to finish (0–14)")
