"""The Gantt table of a long run lists the last 300 bars begun by the
cursor, and says so: a 10,000-bar run drew every row on each step (4 s)."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.stack import Stack
from tests.web.helpers import http_json

# Round robin with quantum 1: every tick is a bar of its own.
PROCESSES, BURST = 20, 40


def test_the_table_of_a_long_run_lists_its_last_300_bars(page: Page, stack: Stack) -> None:
    scenario = {"title": "Many short slices", "cpu": {"policy": "rr", "quantum": 1},
                "processes": [{"name": f"P{i}", "arrival": 0, "burst": BURST} for i in range(PROCESSES)]}
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": scenario})
    assert status == 201
    page.goto(f"/build/?fork={body['slug']}&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")
    page.locator(".gantt-root .chart-table-toggle").click()
    rows = page.locator(".gantt-table tbody tr")
    expect(rows).to_have_count(300)
    total = PROCESSES * BURST
    expect(page.locator(".gantt-table caption")).to_have_text(
        f"Gantt chart as a table, up to t = {total}: the last 300 of {total} bars")
    # The last row is the run's last slice; the first is slice 500 (t = 500).
    expect(rows.last.locator("td").first).to_have_text(f"t={total - 1}")
    expect(rows.first.locator("td").first).to_have_text(f"t={total - 300}")
