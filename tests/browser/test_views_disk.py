"""The disk view in the builder's player: the head's path, the pending queue, the movement."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import current_step
from tests.browser.views_support import click_in_view, open_finished_run, seek
from tests.stack import Stack

# Silberschatz's queue: requests 0..7 for cylinders 98, 183, 37, 122, 14, 124, 65, 67, head at 53.
SSTF_ORDER = [65, 67, 37, 14, 98, 122, 124, 183]


def test_sstf_draws_one_stop_per_request_in_service_order(page: Page, stack: Stack) -> None:
    result = open_finished_run(page, stack, "disk-textbook-sstf")
    disk = page.locator(".disk-root")
    page.locator(".player").press("End")
    stops = disk.locator("circle.disk-stop")
    expect(stops).to_have_count(8)
    assert [int(c) for c in stops.evaluate_all("cs => cs.map((c) => c.dataset.cylinder)")] == SSTF_ORDER
    assert SSTF_ORDER == [result["io"]["requests"][k]["cylinder"] for k in result["io"]["order"]]
    expect(disk.locator("[data-part=moved]")).to_have_text("236 cylinders")
    expect(disk.locator("[data-part=result-movement]")).to_have_text("total movement 236, of which return 0")
    expect(disk.locator(".disk-order li")).to_have_text([str(c) for c in SSTF_ORDER])
    expect(disk.locator(".disk-head")).to_have_attribute("data-cylinder", "183")


def test_the_pending_queue_and_the_movement_follow_the_cursor(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "disk-textbook-sstf")
    disk = page.locator(".disk-root")
    player = page.locator(".player")
    player.press("Home")
    # At t=0 the head leaves 53 for 65 (request #6); the seven others wait in arrival order.
    expect(disk.locator("[data-part=serving]")).to_have_text("#6: cylinder 65")
    expect(disk.locator(".disk-queue li")).to_have_text([
        "#0: cylinder 98", "#1: cylinder 183", "#2: cylinder 37", "#3: cylinder 122",
        "#4: cylinder 14", "#5: cylinder 124", "#7: cylinder 67"])
    expect(disk.locator("svg .disk-pending")).to_have_count(7)
    expect(disk.locator("[data-part=moved]")).to_have_text("0 cylinders")
    # Step 3 is t=44: 53 -> 65 -> 67 -> 37 is 12 + 2 + 30 = 44 cylinders, and 14 is next.
    seek(page, 3)
    expect(player).to_have_attribute("data-tick", "44")
    expect(disk.locator("[data-part=moved]")).to_have_text("44 cylinders")
    expect(disk.locator("[data-part=serving]")).to_have_text("#4: cylinder 14")
    expect(disk.locator(".disk-queue li")).to_have_count(4)
    expect(disk.locator(".disk-order li.current")).to_have_text("14")
    # The path after the cursor is drawn faded: the stops still to come are "future".
    expect(disk.locator(".disk-stop-group.future")).to_have_count(4)


def test_cscan_dashes_the_return_sweep_and_counts_it_apart(page: Page, stack: Stack) -> None:
    result = open_finished_run(page, stack, "disk-textbook-cscan")
    disk = page.locator(".disk-root")
    page.locator(".player").press("End")
    expect(disk.locator("line.disk-path.return")).to_have_count(1)
    expect(disk.locator("line.disk-path.return")).to_have_attribute("data-from", "199")
    expect(disk.locator("line.disk-path.return")).to_have_attribute("data-to", "0")
    assert result["io"]["return_movement"] == 199
    expect(disk.locator("[data-part=returned]")).to_have_text("199 cylinders")
    expect(disk.locator("[data-part=moved]")).to_have_text(f"{result['io']['total_movement']} cylinders")


def test_clicking_a_stop_shows_the_step_where_its_service_began(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "disk-textbook-sstf")
    disk = page.locator(".disk-root")
    page.locator(".player").press("End")
    # 98 is the fifth service: it begins at step 4 (t=67), when the head leaves 14.
    click_in_view(disk.locator("circle.disk-stop[data-cylinder='98']"))
    expect(page.locator(".player")).to_have_attribute("data-tick", "67")
    assert current_step(page) == 4
    # The same from the keyboard: the stops are one tab stop, arrows move, Enter seeks.
    focused = disk.locator(".disk-stop-group[tabindex='0']")
    focused.focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(page.locator(".player")).to_have_attribute("data-tick", "12")


def test_the_table_button_lists_the_services(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "disk-textbook-sstf")
    disk = page.locator(".disk-root")
    disk.locator(".chart-table-toggle").click()
    expect(disk.locator(".disk-canvas")).to_be_hidden()
    rows = disk.locator(".disk-table tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.nth(0).locator("td")).to_have_text(["1", "6", "65", "0", "0", "12", "12"])
    expect(rows.nth(7).locator("td")).to_have_text(["8", "1", "183", "0", "177", "236", "59"])
