"""On a Chinese page the dining philosophers' deadlock reads in Chinese: each wait in
words ("互斥锁 fork1", "线程 phil0 结束"), never the engine's token ("mutex:fork1",
"join:phil0"), and the waits are separated by a Chinese "；", never an ASCII ";"."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.stack import Stack

ENGINE_TOKEN = re.compile(r"\b(io|mutex|sem|join|reply|recv|receiver|send|mailbox|page|resources|llm):\S")


def test_the_chinese_deadlock_message_names_each_wait_in_words(page: Page, stack: Stack) -> None:
    page.goto("/")
    page.locator("#language-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto("/build/?preset=dining-philosophers&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")
    note = page.locator(".threads-deadlock .deadlock-text")
    expect(note).to_contain_text("phil0 等待 互斥锁 fork1；phil1 等待 互斥锁 fork2")
    summary = page.locator(".run-error", has_text="死锁")
    expect(summary).to_contain_text("table → 线程 phil0 结束")
    logged = page.locator(".log-row[data-kind=deadlock] .log-reason")
    expect(logged).to_contain_text("phil0 等待互斥锁 fork1；phil1 等待互斥锁 fork2")
    texts = [note.text_content() or "", summary.first.text_content() or "", logged.text_content() or ""]
    assert [t for t in texts if ENGINE_TOKEN.search(t) or ";" in t] == [], texts


def test_a_deadlock_stored_before_its_waits_were_sentences_shows_its_english_not_a_placeholder(
        page: Page, stack: Stack) -> None:
    page.goto("/")
    page.locator("#language-select").select_option("zh-hans")
    # Choosing a language reloads the page: wait for it, or the next goto aborts it.
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto("/build/")
    english = "deadlock: a waits for mutex:m, b waits for mutex:n; each holds what the next one needs"
    rendered = page.evaluate("""async (english) => {
        const { translateReason } = await import("/static/playground/js/translate.js");
        const link = (who, on, links) => ({ key: links ? "threads.waits_for_then" : "threads.waits_for",
                                            args: links ? { who, on, links } : { who, on } });
        return translateReason({ reason: english, reason_key: "threads.deadlock",
                                 reason_args: { links: link("a", "mutex:m", link("b", "mutex:n")) } });
    }""", english)
    assert rendered == english
