"""The event log and the queues name what a thread waits for, and every lock,
in words ("waits for mutex buffer", "semaphore full"), never with the
engine's tokens ("mutex:buffer", "sem:full")."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.stack import Stack

# The engine's spelling of a wait in a block event: "mutex:m", "sem:full", "join:T1", "io:6 ticks".
ENGINE_TOKEN = re.compile(r"\b(io|mutex|sem|join|reply|recv|send|mailbox|page|resources):\S")


def log_facts_at_the_end(page: Page, preset: str) -> list[str]:
    page.goto(f"/build/?preset={preset}&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")
    expect(page.locator(".log-row").last).to_be_visible()
    return page.locator(".log-facts").all_text_contents()


def test_the_log_names_the_mutex_semaphore_and_thread_a_process_waits_for(page: Page, stack: Stack) -> None:
    facts = log_facts_at_the_end(page, "producer-consumer")
    waits = [f for f in facts if "waits for" in f]
    assert waits, facts
    assert [f for f in facts if ENGINE_TOKEN.search(f)] == []
    assert any("waits for mutex buffer" in f for f in waits), waits
    assert any("waits for semaphore" in f for f in waits), waits


def test_the_chinese_log_names_a_device_wait_in_chinese(page: Page, stack: Stack) -> None:
    page.goto("/")
    page.locator("#language-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    facts = log_facts_at_the_end(page, "bankers-classic")
    assert [f for f in facts if ENGINE_TOKEN.search(f) or "ticks" in f] == []
    assert any("等待设备" in f or "设备" in f for f in facts), facts


def test_the_queues_name_locks_and_semaphores_in_words(page: Page, stack: Stack) -> None:
    """The threads view says "mutex buffer"; the queues' list of locks says the same."""
    page.goto("/build/?preset=producer-consumer&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")
    labels = page.locator(".queue-locks .queue-label")
    expect(labels).to_have_count(3)
    assert sorted(labels.all_text_contents()) == ["mutex buffer", "semaphore empty", "semaphore full"]
