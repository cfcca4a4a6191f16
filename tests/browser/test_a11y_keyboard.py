"""Keyboard only: gallery -> builder -> run -> step -> seek, never touching the mouse.

Tab reaches every control with a visible focus ring; Enter follows a card;
the player answers Space, arrows, Home/End and the speed keys.
"""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import current_step, wait_for_finished_run
from tests.stack import Stack

MAX_TABS = 80


def tab_until(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches ``selector`` (fail after MAX_TABS)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focus_ring_is_visible(page: Page) -> bool:
    """The focused element draws an outline or a box shadow (never nothing)."""
    return page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
    }""")


def test_gallery_to_a_stepped_and_seeked_run_with_the_keyboard_alone(page: Page, stack: Stack) -> None:
    page.goto("/")
    tab_until(page, "a.card[data-preset='rr-q4']")
    assert focus_ring_is_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{stack.base_url}/build/?preset=rr-q4&run=1")
    wait_for_finished_run(page)
    player = page.locator(".player")

    tab_until(page, ".player-play")
    assert focus_ring_is_visible(page)
    if player.get_attribute("data-playing") == "true":
        page.keyboard.press("Space")  # Space pauses the autoplay...
    expect(player).to_have_attribute("data-playing", "false")
    page.keyboard.press("Home")
    expect(player).to_have_attribute("data-step", "0")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(player).to_have_attribute("data-step", "2")
    page.keyboard.press("ArrowLeft")
    expect(player).to_have_attribute("data-step", "1")
    page.keyboard.press("End")
    expect(player).not_to_have_attribute("data-step", "1")
    last = current_step(page)
    assert last > 2

    # The seek slider follows the arrows and Home/End when it has the focus.
    tab_until(page, ".player input[type=range]")
    assert focus_ring_is_visible(page)
    page.keyboard.press("Home")
    expect(player).to_have_attribute("data-step", "0")
    page.keyboard.press("ArrowRight")
    expect(player).to_have_attribute("data-step", "1")
    page.keyboard.press("End")
    expect(player).to_have_attribute("data-step", str(last))

    # Speed keys, then Space plays from the start again.
    speed = page.locator(".player-speed")
    before = float(speed.input_value())
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("+")
    assert float(speed.input_value()) == before * 2
    page.keyboard.press("-")
    assert float(speed.input_value()) == before
    page.keyboard.press("Home")
    page.keyboard.press("Space")
    expect(player).to_have_attribute("data-playing", "true")
    page.keyboard.press("Space")
    expect(player).to_have_attribute("data-playing", "false")


def test_the_event_log_scrolls_from_the_keyboard(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=rr-q4&run=1")
    wait_for_finished_run(page)
    tab_until(page, ".log-list")
    assert focus_ring_is_visible(page)
    expect(page.locator(".log-list")).to_have_attribute("aria-label", "Event log")
