"""A failed run's message in Chinese (issue 9): the run.failed frame brings the
error's key and values (``error_key``/``error_args``), and the run panel
renders the key's Chinese template, live and when the run page is opened
after the run failed.

The stack here has a step budget of 5, so the textbook SRT example (8
steps) fails on it at once, for real.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.helpers import RUN_TIMEOUT_MS, api_run
from tests.stack import Stack, live_stack

STEP_BUDGET = 5
CHINESE = f"这次运行超过了 {STEP_BUDGET} 步，这是本平台单次运行的上限；请减小工作负载"
ENGLISH = (f"the run made more than {STEP_BUDGET} steps, the playground's limit for one run; "
           "make the workload smaller")


@pytest.fixture(scope="module")
def tight_stack() -> Iterator[Stack]:
    call_command("compile_translations", verbosity=0)  # the .mo files the server reads
    with live_stack({"PLAYGROUND_MAX_STEPS": str(STEP_BUDGET)}) as running:
        yield running


def expect_failure_text(page: Page, text: str) -> None:
    """The run panel says ``text``, and so does every other place that shows the failure."""
    expect(page.locator(".run-panel > .run-error")).to_have_text(text)
    shown = page.locator(".run-error").all_text_contents()
    assert shown and all(line == text for line in shown), shown


def failed_run_id(page: Page) -> str:
    panel = page.locator(".run-panel")
    expect(panel).to_have_attribute("data-failed", "true", timeout=RUN_TIMEOUT_MS)
    run_id = panel.get_attribute("data-run")
    assert run_id
    return run_id


def test_a_run_over_the_step_budget_says_why_in_chinese(page: Page, tight_stack: Stack) -> None:
    page.goto(f"{tight_stack.base_url}/")
    page.locator("#language-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto(f"{tight_stack.base_url}/build/?preset=cpu-srt-four&run=1")
    run_id = failed_run_id(page)
    expect_failure_text(page, CHINESE)
    # The server keeps the English line, and the key and values it was said with.
    stored = api_run(tight_stack.base_url, run_id)
    assert (stored["error"], stored["error_key"], stored["error_args"]) == (
        ENGLISH, "web.run.steps", {"n": STEP_BUDGET})
    # Opened after the run failed, the run page replays it from the database: Chinese too.
    page.goto(f"{tight_stack.base_url}/runs/{run_id}/")
    failed_run_id(page)
    expect_failure_text(page, CHINESE)
    # A practice page reads a failed run through its window (playground/classroom/
    # practice.py), whose reply carries the same key: the same sentence.
    said = page.evaluate("""async (reply) => {
        await import("/static/playground/js/classroom/practice-feed.js");
        const { failureText } = await import("/static/playground/js/socket.js");
        return failureText(reply);
    }""", stored)
    assert said == CHINESE


def test_an_english_page_shows_the_english_line(page: Page, tight_stack: Stack) -> None:
    page.goto(f"{tight_stack.base_url}/build/?preset=cpu-srt-four&run=1")
    failed_run_id(page)
    expect_failure_text(page, ENGLISH)
