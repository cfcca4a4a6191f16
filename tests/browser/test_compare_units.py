"""Sizes in units (issue 11 §6): the browser reads answers and writes reasons in KB/MB.

units.js reads every answer box the way parse_quantity does on the server
(tests/web/test_answer_units.py); the memory reasons show "426 KB", not
436224 bytes; the fit-textbook preset's practice page, reached from the
gallery, takes an address typed in hex.
"""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import RUN_TIMEOUT_MS, wait_for_finished_run

FORMS = {"426KB": 436224, "426 KB": 436224, "436224": 436224, "0x6a800": 436224, "426KiB": 436224,
         "7.5": 7.5, "7,5": 7.5, "13/4": 3.25, "1.5KB": 1536,
         "1.3B": None, "12XB": None, "four": None, "": None, "0x": None}


def test_units_js_reads_every_form_of_a_size_like_the_server(page: Page) -> None:
    page.goto("/")
    read = page.evaluate("""async (forms) => {
        const { parseQuantity } = await import("/static/playground/js/units.js");
        return Object.fromEntries(forms.map((f) => [f, parseQuantity(f)]));
    }""", list(FORMS))
    assert read == FORMS


def test_a_failed_allocation_says_its_sizes_in_units(page: Page) -> None:
    page.goto("/build/?preset=fit-textbook&run=1")
    wait_for_finished_run(page)
    page.locator(".player").press("End")
    expect(page.locator(".log-list")).to_contain_text("no hole holds 426 KB (largest is 300 KB)",
                                                      timeout=RUN_TIMEOUT_MS)


def test_the_chinese_reason_says_its_sizes_in_units_too(page: Page) -> None:
    page.set_extra_http_headers({"Accept-Language": "zh-hans"})
    page.goto("/build/?preset=fit-textbook&run=1")
    wait_for_finished_run(page)
    page.locator(".player").press("End")
    expect(page.locator(".log-list")).to_contain_text("没有空闲块能容纳 426 KB（最大的是 300 KB）",
                                                      timeout=RUN_TIMEOUT_MS)


def test_the_practice_page_of_a_preset_takes_an_address_in_hex(page: Page) -> None:
    page.goto("/")
    page.locator('a[href="/practice/preset/fit-textbook/"]').click()
    box = page.locator("[data-part=checkpoints]")
    expect(box).to_have_attribute("data-active", "0", timeout=RUN_TIMEOUT_MS)
    box.locator("[data-part=checkpoint-input]").fill("0x177000")
    box.locator("[data-part=checkpoint-input]").press("Enter")
    expect(box.locator("[data-part=checkpoint-verdict]")).to_contain_text("Right")
    box.locator("[data-part=checkpoint-continue]").click()
    expect(box).to_have_attribute("data-active", "1", timeout=RUN_TIMEOUT_MS)
    box.locator("[data-part=checkpoint-input]").fill("412 KB")
    box.locator("[data-part=checkpoint-input]").press("Enter")
    expect(box.locator("[data-part=checkpoint-verdict]")).to_contain_text("Right")


def test_the_chinese_gallery_shows_translated_cards(page: Page) -> None:
    page.set_extra_http_headers({"Accept-Language": "zh-hans"})
    page.goto("/")
    card = page.locator('a.card[data-preset="fit-textbook"]')
    expect(card.locator(".card-title")).to_have_text("五个空闲区上的首次、最佳与最差适应")
