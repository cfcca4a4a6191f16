"""The Chinese user interface, end to end: switch, reload, gallery, builder, player, log.

The language menu in the header posts to Django's set_language, which keeps
the choice in the ``django_language`` cookie; the engine's reasons are
translated in the browser by translate.js from /i18n/reasons/zh-hans.json.
"""
from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.stack import Stack

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs() -> None:
    """The .mo files the server reads (set-up makes them; make sure they are current)."""
    call_command("compile_translations", verbosity=0)


def choose_chinese(page: Page) -> None:
    page.goto("/")
    page.locator("#language-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def test_the_language_menu_switches_to_chinese_and_a_reload_keeps_it(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text("看操作系统如何思考")
    expect(page.locator(".site-nav a[href='/']")).to_have_text("场景库")
    expect(page.locator("[data-filter=cpu]")).to_have_text("CPU 调度")
    expect(page.locator("#language-select")).to_have_value("zh-hans")
    # And back: the same menu returns to English.
    page.locator("#language-select").select_option("en")
    expect(page.locator("h1")).to_have_text("Watch an operating system think")


def test_the_builder_the_player_and_the_event_log_speak_chinese(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.goto("/build/?preset=cpu-srt-four&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    expect(page.locator("#processes-heading")).to_have_text("进程")
    expect(page.locator("[data-part=run]").first).to_have_text("运行")
    expect(page.locator(".player-play")).to_have_attribute("aria-label", "播放（空格）")
    expect(page.get_by_role("slider", name="跳到某一步")).to_be_visible()
    page.locator(".player").press("End")
    reasons = page.locator(".log-reason").all_text_contents()
    assert reasons, "the log shows reasons"
    assert all(HAN.search(text) for text in reasons), reasons
    # The textbook moment of SRT, in Chinese, with the values untouched.
    assert any(re.fullmatch(r"SRT：P\d 抢占 P\d：剩余 \d+ 个时钟周期 < \d+", t) for t in reasons), reasons
    expect(page.locator(".log-kind").first).to_have_text("到达")


def test_a_validation_error_from_the_engine_is_shown_in_chinese(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.goto("/build/?preset=cpu-srt-four")
    burst = page.get_by_label("进程 1 的 CPU 区间")
    burst.fill("-3")
    error = page.locator(".has-error .field-error").first
    expect(error).to_have_text("必须是正整数，实际是 -3", timeout=10_000)


def test_english_pages_load_no_reason_catalog(page: Page, stack: Stack) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/build/?preset=rr-q4&run=1")
    wait_for_finished_run(page)
    assert not [url for url in requested if "/i18n/reasons/" in url]
    expect(page.locator(".log-reason").first).to_contain_text("arrives")
