"""Zooming the Gantt chart (buttons, ctrl+wheel, panning) and the "fit" view of a
1,000-tick run on 20 lanes, on the live stack."""
from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.stack import Stack
from tests.web.helpers import http_json


def twenty_lanes() -> dict[str, Any]:
    """20 processes of 50 ticks under RR with a 1-tick quantum: 1,000 ticks, a bar per tick."""
    return {
        "version": 1, "title": "Twenty processes, round robin q=1",
        "cpu": {"policy": "rr", "quantum": 1},
        "processes": [{"name": f"P{k}", "arrival": k - 1, "burst": 50} for k in range(1, 21)],
    }


def save(stack: Stack, scenario: dict[str, Any]) -> str:
    """POST /api/scenarios/ straight to the server; the slug."""
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": scenario})
    assert status == 201, body
    return str(body["slug"])


def svg_window(page: Page) -> tuple[float, float]:
    chart = page.locator(".gantt-root .gantt-svg")
    return float(chart.get_attribute("data-start") or "nan"), float(chart.get_attribute("data-end") or "nan")


def test_zoom_buttons_narrow_the_window_and_fit_brings_the_whole_run_back(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=srtf-four&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")
    label = page.locator(".gantt-root .zoom-range")
    expect(label).to_have_text("t = 0 to 26 (whole run)")
    assert svg_window(page) == (0, 26)
    page.locator(".gantt-root .zoom-in").click()  # 2x, around the middle (t=13)
    expect(label).to_have_text("t = 6.5 to 19.5 of 26")
    assert svg_window(page) == (6.5, 19.5)
    # Zoomed in, bars are wider: P3 (17-26) is cut at the window's edge.
    page.locator(".gantt-root .zoom-earlier").click()
    expect(label).to_have_text("t = 0 to 13 of 26")
    expect(page.locator('.gantt-svg rect.gantt-bar[data-who="P2"]')).to_have_count(1)
    width_2x = page.locator('.gantt-svg rect.gantt-bar[data-who="P2"]').bounding_box()["width"]
    page.locator(".gantt-root .zoom-fit").click()
    expect(label).to_have_text("t = 0 to 26 (whole run)")
    width_1x = page.locator('.gantt-svg rect.gantt-bar[data-who="P2"]').bounding_box()["width"]
    assert abs(width_2x - 2 * width_1x) < 1.5
    expect(page.locator(".gantt-root .zoom-fit")).to_be_disabled()
    expect(page.locator(".gantt-root .zoom-out")).to_be_disabled()


def test_ctrl_wheel_zooms_around_the_pointer_and_shift_wheel_pans(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=srtf-four&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")
    p4 = page.locator('.gantt-svg rect.gantt-bar[data-who="P4"]')  # 5-10: its middle is t=7.5
    box = p4.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.down("Control")
    for _ in range(3):
        page.mouse.wheel(0, -100)
    page.keyboard.up("Control")
    controls = page.locator(".gantt-root .zoom-controls")
    expect(controls).not_to_have_attribute("data-level", "1")
    start, end = svg_window(page)
    assert 0 < start < 7.5 < end < 26
    # The tick under the pointer stays under the pointer.
    box_after = p4.bounding_box()
    middle_after = box_after["x"] + box_after["width"] / 2
    assert abs(middle_after - (box["x"] + box["width"] / 2)) < 2
    page.keyboard.down("Shift")
    page.mouse.wheel(0, 100)
    page.keyboard.up("Shift")
    later_start, later_end = svg_window(page)
    assert later_start > start and abs((later_end - later_start) - (end - start)) < 1e-6
    # A plain wheel scrolls the page, never the chart.
    page.mouse.wheel(0, 100)
    assert svg_window(page) == (later_start, later_end)


def test_a_zoomed_chart_follows_the_cursor_while_the_run_plays(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=srtf-four&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("Home")
    for _ in range(2):
        page.locator(".gantt-root .zoom-in").click()  # 4x: 6.5 ticks in view
    earlier = page.locator(".gantt-root .zoom-earlier")
    while earlier.is_enabled():
        earlier.click()  # half a window at a time, down to t=0
    assert svg_window(page) == (0, 6.5)
    page.locator(".player").press("End")  # t=26, far out of the window
    expect(page.locator(".gantt-cursor")).to_have_attribute("data-tick", "26")
    start, end = svg_window(page)
    assert start <= 26 <= end and end - start == 6.5


def test_fit_view_shows_a_thousand_ticks_on_twenty_lanes_without_scrolling(page: Page, stack: Stack) -> None:
    slug = save(stack, twenty_lanes())
    page.goto(f"/build/?fork={slug}&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator('.gantt-mode[data-mode="thread"]').click()
    chart = page.locator(".gantt-root .gantt-svg")
    expect(chart).to_have_attribute("data-lanes", "20")
    expect(page.locator(".gantt-root .zoom-range")).to_have_text("t = 0 to 1000 (whole run)")
    expect(page.locator(".gantt-svg rect.gantt-bar")).to_have_count(1000)
    labels = page.locator(".gantt-root .gantt-lane-label")
    expect(labels).to_have_count(20)
    expect(labels.first).to_have_text("P1")
    expect(labels.last).to_have_text("P20")
    # Nothing scrolls: the chart fits the widget's width and the window's height.
    sizes = page.evaluate("""() => {
        const canvas = document.querySelector('.gantt-root .gantt-canvas');
        const svg = canvas.querySelector('svg');
        return { canvasScroll: canvas.scrollWidth, canvasClient: canvas.clientWidth,
                 svgWidth: svg.getBoundingClientRect().width, svgHeight: svg.getBoundingClientRect().height,
                 pageScroll: document.documentElement.scrollWidth, pageClient: document.documentElement.clientWidth,
                 viewport: window.innerHeight };
    }""")
    assert sizes["canvasScroll"] <= sizes["canvasClient"]
    assert sizes["svgWidth"] <= sizes["canvasClient"]
    assert sizes["pageScroll"] <= sizes["pageClient"]
    assert sizes["svgHeight"] < sizes["viewport"] * 0.6, sizes
    # It still plays: at 8x the cursor moves on while the chart stays whole.
    player = page.locator(".player")
    player.press("+")
    player.press("+")
    player.press("+")
    expect(page.locator(".player-speed")).to_have_value("8")
    player.press(" ")
    expect(player).to_have_attribute("data-playing", "true")
    page.wait_for_timeout(1000)
    player.press(" ")
    # Paused is drawn on the next animation frame, with the step playback reached: wait, then read it.
    expect(player).to_have_attribute("data-playing", "false")
    tick = int(player.get_attribute("data-tick") or 0)
    assert tick >= 10
    expect(page.locator(".gantt-cursor")).to_have_attribute("data-tick", str(tick))
    expect(page.locator(".gantt-svg rect.gantt-bar")).to_have_count(1000)
