"""Compare page replacement policies (issue 12): the textbook reference string
7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1 with 3 frames under
FIFO, LRU and OPT side by side (15, 12 and 9 faults), the first access where
they evict different pages, frames as a setting (Belady's anomaly), the reveal
rule, and the same page in Chinese.

At access 6 (page 3) the frames hold 2, 0, 1: FIFO evicts 0 (loaded longest
ago), LRU evicts 1 (used longest ago), OPT evicts 1 (next used furthest ahead).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_compare import wait_compared
from tests.browser.test_i18n import choose_chinese, compiled_catalogs  # noqa: F401  (a fixture)
from tests.stack import Stack

TEXTBOOK = "/compare/?preset=vm-textbook-fifo&subsystem=vm&policy=fifo&policy=opt&policy=lru"


def cell(page: Page, metric: str, variant: str):
    return page.locator(f'.compare-averages td[data-metric="{metric}"][data-variant="{variant}"]')


def test_fifo_lru_and_opt_side_by_side_on_the_textbook_string(page: Page, stack: Stack) -> None:
    page.goto(TEXTBOOK)
    expect(page.locator("h1")).to_have_text("Compare page replacement policies")
    wait_compared(page)
    expect(page.locator(".compare-divergence-text")).to_have_text(
        "access 6 (page 3): FIFO evicts page 0; LRU evicts page 1; OPT evicts page 1")
    expect(page.locator('.compare-reasons li[data-variant="fifo"]')).to_contain_text(
        "FIFO: page 0 of P has been in memory longest")
    expect(page.locator('.compare-reasons li[data-variant="opt"]')).to_contain_text("OPT: page 1 is next used furthest ahead")
    for policy, faults in (("fifo", "15"), ("lru", "12"), ("opt", "9")):
        expect(cell(page, "faults", policy)).to_have_text(re.compile(rf"^{faults}"))
    expect(cell(page, "faults", "opt")).to_have_attribute("data-best", "true")
    expect(cell(page, "faults", "fifo")).to_have_attribute("data-best", "false")
    # One page-frame view per policy, each with the textbook table (a real table).
    expect(page.locator(".compare-variant .vm-view")).to_have_count(3)
    page.locator(".compare-goto").click()
    expect(page.locator(".player")).to_have_attribute("data-tick", "5")
    fifo = page.locator('.compare-variant[data-variant="fifo"] .vm-textbook caption')
    expect(fifo).to_have_text("Frame contents after each access: 5 faults in 6 accesses")
    lru = page.locator('.compare-variant[data-variant="lru"] .vm-frames tbody td:first-of-type')
    expect(lru).to_have_text(["2", "0", "3"])


def test_frames_are_a_setting_and_show_beladys_anomaly(page: Page, stack: Stack) -> None:
    page.goto("/compare/?preset=vm-belady-fifo-3&subsystem=vm")
    frames = page.locator('.compare-picker input[name="fifo.frames"]')
    expect(frames).to_have_value("3")
    # FIFO, OPT and LRU are ticked: leave OPT out.
    expect(page.locator('.compare-picker input[name="policy"]:checked')).to_have_count(3)
    page.locator('.compare-picker input[value="opt"]').uncheck()
    page.locator('.compare-picker input[name="lru.frames"]').fill("4")
    page.locator('[data-part="compare"]').click()
    expect(page).to_have_url(re.compile(r"policy=fifo&policy=lru&lru.frames=4$"))
    wait_compared(page)
    expect(page.locator('.compare-settings li[data-variant="lru:frames=4"]')).to_have_text("LRU (frames 4) — 4 frames")
    expect(cell(page, "faults", "fifo")).to_have_text(re.compile(r"^9"))
    expect(cell(page, "faults", "lru:frames=4")).to_have_text(re.compile(r"^8"))


def test_with_the_whole_run_hidden_the_figures_and_the_difference_wait_for_the_cursor(page: Page, stack: Stack) -> None:
    page.goto(TEXTBOOK)
    wait_compared(page)
    page.locator(".player-whole-run").uncheck()
    page.locator(".player-first").click()
    expect(page.locator(".compare-divergence-text")).to_have_text("No difference up to the cursor yet.")
    expect(page.locator(".compare-averages caption")).to_contain_text("Up to t=0")
    expect(cell(page, "faults", "fifo")).to_have_text(re.compile(r"^1"))
    for _ in range(5):
        page.locator(".player-forward").click()
    expect(page.locator(".player")).to_have_attribute("data-tick", "5")
    expect(page.locator(".compare-divergence-text")).to_contain_text("access 6 (page 3)")
    expect(cell(page, "faults", "fifo")).to_have_text(re.compile(r"^5"))
    page.locator(".player-last").click()
    expect(page.locator(".compare-averages caption")).to_have_text("The whole runs side by side (the best is marked)")
    expect(cell(page, "faults", "fifo")).to_have_text(re.compile(r"^15"))


def test_the_page_replacement_comparison_in_chinese(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.goto(TEXTBOOK)
    wait_compared(page)
    text = page.locator(".compare-divergence-text")
    expect(text).to_have_text("第 6 次访问（页 3）：FIFO 换出页 0；LRU 换出页 1；OPT 换出页 1")
    expect(page.locator('.compare-averages tr[data-metric="faults"] th')).to_have_text("缺页次数")
    expect(page.locator("h1")).to_have_text("比较页面置换算法")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_page_replacement_comparison_passes_axe(page: Page, stack: Stack, lang: str) -> None:
    from tests.browser.test_interaction import axe_violations

    if lang != "en":
        choose_chinese(page)
    page.goto(TEXTBOOK)
    wait_compared(page)
    assert axe_violations(page, "[data-page=compare]") == []
