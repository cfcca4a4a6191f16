"""Checkpoints in self-paced practice: the player stops, asks, checks, remembers.

The textbook SRT example (P1..P4 arriving at 0..3 needing 8, 4, 9, 5
ticks: P1 0-1, P2 1-5, P4 5-10, P1 10-17, P3 17-26) saved with three
checkpoints, played on /practice/<slug>/.  Each stops playback on the step
before its tick, so the answer is not on screen yet.
"""
from __future__ import annotations

from playwright.sync_api import Page, expect

from kernel_engine import presets
from tests.browser.helpers import RUN_TIMEOUT_MS
from tests.stack import Stack
from tests.web.helpers import http_json


def srt_with_checkpoints(stack: Stack) -> str:
    scenario = presets.load("cpu-srt-four")
    scenario["title"] = "SRT with checkpoints"
    scenario["checkpoints"] = [
        {"t": 5, "kind": "next_process", "prompt": "Which process runs at t = 5?"},
        {"t": 10, "kind": "queue", "prompt": "What is in the ready queue at t = 10?"},
        {"t": 17, "kind": "metric", "prompt": "How long does P1 wait in all?",
         "params": {"process": "P1", "metric": "waiting"}},
    ]
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": scenario})
    assert status == 201, body
    return body["slug"]


def test_playback_stops_at_each_checkpoint_and_answers_survive_a_reload(page: Page, stack: Stack) -> None:
    slug = srt_with_checkpoints(stack)
    page.goto(f"/practice/{slug}/")
    box = page.locator("[data-part=checkpoints]")
    player = page.locator(".player")

    # t = 5 is step 4; playback stops on step 3 (t = 3), before P4 is dispatched.
    expect(box).to_have_attribute("data-active", "0", timeout=RUN_TIMEOUT_MS)
    expect(player).to_have_attribute("data-step", "3")
    expect(player).to_have_attribute("data-playing", "false")
    box.locator('[data-choice="P4"]').click()
    expect(box.locator("[data-part=checkpoint-verdict]")).to_have_text("Right: P4.")
    box.locator("[data-part=checkpoint-continue]").click()

    # At t = 10 P4 finishes and P1 runs: only P3 is left waiting.  A wrong guess.
    expect(box).to_have_attribute("data-active", "1")
    expect(player).to_have_attribute("data-tick", "5")
    box.locator("[data-part=checkpoint-input]").fill("P1, P3")
    box.locator("[data-part=checkpoint-input]").press("Enter")
    expect(box.locator("[data-part=checkpoint-verdict]")).to_have_text("Not quite: the run says P3.")
    expect(box.locator('li[data-checkpoint="0"]')).to_have_class("right")
    expect(box.locator('li[data-checkpoint="1"]')).to_have_class("wrong")

    # After a reload the answers are still there, and playback only stops at
    # the unanswered checkpoint: t = 17, on step 5 (t = 10).
    page.reload()
    expect(box.locator('li[data-checkpoint="0"]')).to_have_class("right", timeout=RUN_TIMEOUT_MS)
    expect(box.locator('li[data-checkpoint="1"]')).to_have_class("wrong")
    expect(box).to_have_attribute("data-active", "2", timeout=RUN_TIMEOUT_MS)
    expect(player).to_have_attribute("data-tick", "10")
    box.locator("[data-part=checkpoint-input]").fill("9")
    box.locator("[data-part=checkpoint-input]").press("Enter")
    expect(box.locator("[data-part=checkpoint-verdict]")).to_have_text("Right: 9.")
    box.locator("[data-part=checkpoint-continue]").click()
    expect(player).to_have_attribute("data-tick", "26", timeout=RUN_TIMEOUT_MS)
    expect(box).to_have_attribute("data-active", "")


def test_a_scenario_without_checkpoints_plays_through(page: Page, stack: Stack) -> None:
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/",
                                {"scenario": presets.load("cpu-srt-four")})
    page.goto(f"/practice/{body['slug']}/")
    expect(page.locator(".player")).to_have_attribute("data-tick", "26", timeout=RUN_TIMEOUT_MS)
    expect(page.locator("[data-part=checkpoints]")).to_be_hidden()


def test_no_control_passes_an_unanswered_checkpoint(page: Page, stack: Stack) -> None:
    """Play, End (button and key), Home then Play, the slider and arrows all stop on step 3.

    The page holds only the steps before the checkpoint: the slider's last
    position is step 3, and the Gantt chart has no bar past t = 3.
    """
    slug = srt_with_checkpoints(stack)
    page.goto(f"/practice/{slug}/")
    box = page.locator("[data-part=checkpoints]")
    player = page.locator(".player")
    expect(box).to_have_attribute("data-active", "0", timeout=RUN_TIMEOUT_MS)
    expect(player).to_have_attribute("data-step", "3")
    expect(page.locator(".player-slider")).to_have_attribute("max", "3")

    def back_to_start() -> None:
        page.locator(".player-first").click()
        expect(player).to_have_attribute("data-step", "0")

    back_to_start()
    page.locator(".player-last").click()
    expect(player).to_have_attribute("data-step", "3")

    back_to_start()
    player.focus()
    page.keyboard.press("End")
    expect(player).to_have_attribute("data-step", "3")

    back_to_start()
    page.locator(".player-play").click()
    expect(player).to_have_attribute("data-step", "3")
    expect(player).to_have_attribute("data-playing", "false")

    back_to_start()
    page.locator(".player-slider").fill("20")
    expect(player).to_have_attribute("data-step", "3")

    player.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(player).to_have_attribute("data-step", "3")
    expect(player).to_have_attribute("data-tick", "3")
    expect(box).to_have_attribute("data-active", "0")
    ends = page.locator(".gantt-root svg [data-end]").evaluate_all(
        "(bars) => bars.map((b) => Number(b.dataset.end))")
    assert all(end <= 3 for end in ends), ends
