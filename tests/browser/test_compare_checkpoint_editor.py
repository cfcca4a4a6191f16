"""The builder's checkpoint editor (issue 11 §7): place a question at the
player's step, choose its kind, see its answer from the run, and find it on
the practice page of the saved scenario.

srtf-four (P1..P4 arriving at 0..3 needing 8, 4, 9, 5 ticks: P1 0-1, P2 1-5,
P4 5-10, P1 10-17, P3 17-26) ships with three checkpoints; P3 waits 15.
"""
from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import RUN_TIMEOUT_MS, pause_player, wait_for_finished_run
from tests.stack import Stack


def test_a_question_is_placed_at_the_players_tick_with_its_answer_from_the_run(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=srtf-four&run=1")
    editor = page.locator("[data-part=checkpoint-editor]")
    # The preset's own three checkpoints, each with the run's answer.
    expect(editor.locator("[data-part=checkpoint-list] li")).to_have_count(3)
    wait_for_finished_run(page)
    pause_player(page)
    expect(editor.locator('li[data-checkpoint="0"] [data-part=checkpoint-answer]')).to_have_text("answer: P2")
    expect(editor.locator('li[data-checkpoint="2"] [data-part=checkpoint-answer]')).to_have_text("answer: 15")

    # Move the player to t = 10 and ask which process runs there.
    page.locator(".player-slider").fill("5")
    expect(page.locator(".player")).to_have_attribute("data-tick", "10")
    editor.locator("[data-part=checkpoint-here]").click()
    expect(editor.locator("[data-part=checkpoint-tick]")).to_have_value("10")
    editor.locator("[data-part=checkpoint-kind]").select_option("next_process")
    expect(editor.locator("[data-part=checkpoint-prompt]")).to_have_value("Which process runs at t = 10?")
    expect(editor.locator("[data-part=checkpoint-preview]")).to_have_text("The run's answer: P1")
    editor.locator("[data-part=checkpoint-add]").click()
    expect(editor.locator("[data-part=checkpoint-list] li")).to_have_count(4)

    # A figure of the run: P4's turnaround (10 - 3 = 7).
    editor.locator("[data-part=checkpoint-kind]").select_option("metric")
    editor.locator("[data-part=checkpoint-metric]").select_option("turnaround")
    editor.locator("[data-part=checkpoint-process]").fill("P4")
    expect(editor.locator("[data-part=checkpoint-preview]")).to_have_text("The run's answer: 7")
    editor.locator("[data-part=checkpoint-add]").click()

    # The checkpoints are part of the scenario, in tick order.
    scenario = json.loads(page.locator("[data-part=json-editor]").input_value())
    assert [(c["t"], c["kind"]) for c in scenario["checkpoints"]] == [
        (1, "next_process"), (5, "next_process"), (10, "next_process"), (10, "metric"), (17, "metric")]
    assert scenario["checkpoints"][3]["params"] == {"metric": "turnaround", "process": "P4"}

    # Removing one takes it out of the scenario.
    editor.locator('li[data-checkpoint="0"] [data-part=checkpoint-remove]').click()
    expect(editor.locator("[data-part=checkpoint-list] li")).to_have_count(4)

    # Saved and shared, the scenario's practice page asks the new question.
    page.locator('[data-part="share"]').click()
    link = page.locator(".share-result .share-link")
    expect(link).to_have_value(re.compile(r"/s/[a-z2-7]{10,}/$"))
    slug = link.input_value().rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"/practice/{slug}/")
    box = page.locator("[data-part=checkpoints]")
    expect(box).to_have_attribute("data-active", "0", timeout=RUN_TIMEOUT_MS)
    expect(box).to_contain_text("P2 finishes at t = 5. Which process runs next?")
