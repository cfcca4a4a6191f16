"""The compare page on the live stack: the same workload under two to four CPU
policies, one player for every chart, the first divergence named with its
decision, the averages side by side with the best marked, and the ways in
(builder, shared page) and the errors a hand-edited address gets.

Textbook numbers (srtf-four, Silberschatz): SRT waits 6.5 on average and
turns around in 13; FCFS waits 8.75, turns around in 15.25, but switches
context only 3 times (SRT 4).
"""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import RUN_TIMEOUT_MS, api_run
from tests.browser.test_interaction import axe_violations
from tests.stack import Stack

SRT_VS_FCFS = "/compare/?preset=srtf-four&policy=srt&policy=fcfs"


def wait_compared(page: Page) -> None:
    """Wait until every run on the compare page finished and the results are drawn."""
    expect(page.locator("[data-page=compare]")).to_have_attribute("data-compared", "true", timeout=RUN_TIMEOUT_MS)


def pause(page: Page) -> None:
    player = page.locator(".player")
    if player.get_attribute("data-playing") == "true":
        page.locator(".player-play").click()
    expect(player).to_have_attribute("data-playing", "false")


def cursors(page: Page) -> list[str | None]:
    return [c.get_attribute("data-tick") for c in page.locator(".compare-charts .gantt-cursor").all()]


def test_srt_and_fcfs_are_compared_and_their_first_divergence_named(page: Page, stack: Stack) -> None:
    page.goto(SRT_VS_FCFS)
    wait_compared(page)
    expect(page.locator(".compare-divergence-text")).to_have_text("t=1: SRT preempts P1 for P2; FCFS keeps P1")
    expect(page.locator('.compare-reasons li[data-policy="srt"]')).to_have_text("SRT — SRT: P2 preempts P1: 4 ticks left < 7")
    expect(page.locator('.compare-reasons li[data-policy="fcfs"]')).to_contain_text("running since t=0: FCFS:")
    # One chart per policy, in the order: the scenario's own policy first.
    variants = page.locator(".compare-variant")
    expect(variants).to_have_count(2)
    assert [v.get_attribute("data-policy") for v in variants.all()] == ["srt", "fcfs"]
    # Each run went through the runs API with only its policy replaced, and each chart draws its result.
    for status in page.locator(".compare-status").all():
        run = api_run(stack.base_url, status.get_attribute("data-run") or "?")
        policy = status.get_attribute("data-policy")
        assert run["status"] == "completed"
        segments = run["result"]["cpu"]["gantt"]
        bars = page.locator(f'.compare-variant[data-policy="{policy}"] rect.gantt-bar')
        expect(bars).to_have_count(len(segments))
    fcfs = page.locator('.compare-variant[data-policy="fcfs"] rect.gantt-bar')
    assert sorted((b.get_attribute("data-who"), int(b.get_attribute("data-start") or -1)) for b in fcfs.all()) == [
        ("P1", 0), ("P2", 8), ("P3", 12), ("P4", 21)]


def test_averages_are_side_by_side_with_the_best_marked(page: Page, stack: Stack) -> None:
    page.goto(SRT_VS_FCFS)
    wait_compared(page)
    table = page.locator(".compare-averages")
    expect(table.locator("thead th")).to_have_text(["Measure", "SRT", "FCFS"])

    def cell(metric: str, policy: str):
        return table.locator(f'td[data-metric="{metric}"][data-policy="{policy}"]')

    expected = {"waiting": ("6.5", "8.75", "srt"), "turnaround": ("13", "15.25", "srt"),
                "response": ("4.25", "8.75", "srt"), "context_switches": ("4", "3", "fcfs")}
    for metric, (srt, fcfs, best) in expected.items():
        expect(cell(metric, "srt")).to_have_text(re.compile(rf"^{re.escape(srt)}"))
        expect(cell(metric, "fcfs")).to_have_text(re.compile(rf"^{re.escape(fcfs)}"))
        worse = "fcfs" if best == "srt" else "srt"
        expect(cell(metric, best)).to_have_attribute("data-best", "true")
        expect(cell(metric, best).locator(".best-mark")).to_have_text("best")  # words, not only colour
        expect(cell(metric, worse)).to_have_attribute("data-best", "false")
        expect(cell(metric, worse).locator(".best-mark")).to_have_count(0)


def test_one_player_moves_the_cursor_of_every_chart(page: Page, stack: Stack) -> None:
    page.goto("/compare/?preset=srtf-four&policy=srt&policy=fcfs&policy=rr")
    wait_compared(page)
    pause(page)
    player = page.locator(".player")
    player.press("Home")
    expect(player).to_have_attribute("data-tick", "0")
    page.locator(".player-slider").fill("7")
    expect(player).to_have_attribute("data-tick", "7")
    assert cursors(page) == ["7", "7", "7"]
    player.press("ArrowRight")
    expect(page.locator(".compare-charts .gantt-cursor").last).to_have_attribute("data-tick", "8")
    assert cursors(page) == ["8", "8", "8"]
    # The divergence's button goes to its tick in every chart.
    page.locator(".compare-goto").click()
    expect(player).to_have_attribute("data-tick", "1")
    assert cursors(page) == ["1", "1", "1"]
    # Clicking a bar in one chart (FCFS runs P3 from 12) moves them all there.
    page.locator('.compare-variant[data-policy="fcfs"] rect.gantt-bar[data-who="P3"]').click()
    expect(player).to_have_attribute("data-tick", "12")
    assert cursors(page) == ["12", "12", "12"]
    # All charts share one time axis, and the zoom keeps them on it.
    page.locator(".compare-toolbar .zoom-in").click()
    windows = {(c.get_attribute("data-start"), c.get_attribute("data-end")) for c in page.locator(".compare-charts .gantt-svg").all()}
    assert windows == {("6.5", "19.5")}
    expect(page.locator(".compare-toolbar .zoom-range")).to_have_text("t = 6.5 to 19.5 of 26")


def test_the_builder_opens_the_compare_page_on_the_scenario_being_edited(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=srtf-four")
    page.locator('.field[data-path="processes[1].burst"] input').fill("2")  # P2 now needs 2 ticks
    expect(page.locator('[data-part="validation"]')).to_have_text("Scenario is valid.")
    page.locator('[data-part="compare"]').click()
    expect(page).to_have_url(re.compile(r"/compare/\?slug=[a-z2-7]{10,}$"))
    # The picker starts with the scenario's policy and a contrast ticked.
    checked = page.locator(".compare-picker input[type=checkbox]:checked")
    expect(checked).to_have_count(2)
    assert [c.get_attribute("value") for c in checked.all()] == ["fcfs", "srt"]
    page.locator(".compare-picker input[value=rr]").check()
    page.locator('[data-part="compare"]').click()
    expect(page).to_have_url(re.compile(r"policy=fcfs&policy=srt&policy=rr$"))
    wait_compared(page)
    assert [v.get_attribute("data-policy") for v in page.locator(".compare-variant").all()] == ["srt", "fcfs", "rr"]
    # The edited burst reached every run: SRT's P2 bar is 1-3.
    expect(page.locator('.compare-variant[data-policy="srt"] rect.gantt-bar[data-who="P2"]')).to_have_attribute("data-end", "3")
    page.locator('[data-part="back"]').click()
    expect(page).to_have_url(re.compile(r"/s/[a-z2-7]{10,}/$"))


def test_a_shared_scenario_links_to_the_compare_page(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=srtf-four")
    page.locator('[data-part="share"]').click()
    link = page.locator(".share-result .share-link")
    expect(link).to_have_value(re.compile(r"/s/[a-z2-7]{10,}/$"))
    page.goto(link.input_value())
    page.locator('[data-part="compare"]').click()
    expect(page).to_have_url(re.compile(r"/compare/\?slug=[a-z2-7]{10,}$"))
    expect(page.locator("h1")).to_have_text("Compare CPU policies")
    page.locator('[data-part="compare"]').click()
    wait_compared(page)
    expect(page.locator(".compare-divergence-text")).to_have_text("t=1: SRT preempts P1 for P2; FCFS keeps P1")


def test_a_bad_choice_in_the_address_is_explained(page: Page, stack: Stack) -> None:
    response = page.goto("/compare/?preset=srtf-four&policy=srt&policy=fastest")
    assert response is not None and response.status == 400
    errors = page.locator('[data-part="errors"]')
    expect(errors).to_contain_text("There is no CPU policy named “fastest”; the policies are fcfs, sjf, srt,")
    expect(page.locator(".compare-variant")).to_have_count(0)
    response = page.goto("/compare/?preset=srtf-four&policy=srt")
    assert response is not None and response.status == 400
    expect(errors).to_have_text("Pick two to four policies to compare; you picked 1.")
    response = page.goto("/compare/?preset=srtf-four" + "".join(f"&policy={p}" for p in ["fcfs", "sjf", "srt", "rr", "mlfq"]))
    assert response is not None and response.status == 400
    expect(errors).to_have_text("Pick two to four policies to compare; you picked 5.")
    response = page.goto("/compare/")
    assert response is not None and response.status == 400
    expect(errors).to_contain_text("open it from the builder or from a shared scenario")
    response = page.goto("/compare/?preset=no-such-preset&policy=srt&policy=fcfs")
    assert response is not None and response.status == 404


def test_the_compare_page_with_its_results_passes_axe(page: Page, stack: Stack) -> None:
    page.goto(SRT_VS_FCFS)
    wait_compared(page)
    pause(page)
    page.locator('.compare-variant[data-policy="fcfs"] .chart-table-toggle').click()  # one chart as a table
    page.locator('.compare-variant[data-policy="srt"] rect.gantt-bar[data-who="P2"]').hover()  # a tooltip open
    assert axe_violations(page, "[data-page=compare]") == []
