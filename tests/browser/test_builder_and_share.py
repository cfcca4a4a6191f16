"""The builder (inline validation, drafts) and shared links (share, open, fork)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import artifact_path
from tests.browser.helpers import wait_for_finished_run
from tests.stack import Stack

SRT_TITLE = "Shortest remaining time first"
SRT_PROCESSES = ["P1", "P2", "P3", "P4"]


def field(page: Page, path: str):
    """The form field that edits `path` (its wrapper carries data-path)."""
    return page.locator(f'.field[data-path="{path}"]')


def test_a_negative_burst_is_explained_next_to_its_field(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=cpu-srt-four")
    expect(page.locator('[data-part="validation"]')).to_have_text("Scenario is valid.")
    field(page, "processes[1].burst").locator("input").fill("-3")
    error = field(page, "processes[1].burst").locator(".field-error")
    expect(error).to_be_visible()
    expect(error).to_have_text("must be a positive integer, got -3")
    expect(field(page, "processes[1].burst").locator("input")).to_have_attribute("aria-invalid", "true")
    # Only row 2 is wrong: row 1's burst has no message.
    expect(field(page, "processes[0].burst").locator(".field-error")).to_be_hidden()
    # Fixing it clears the message.
    field(page, "processes[1].burst").locator("input").fill("4")
    expect(error).to_be_hidden()
    expect(page.locator('[data-part="validation"]')).to_have_text("Scenario is valid.")


HUGE = "123456789012345678901234567890"


@pytest.mark.parametrize("preset, path", [("cpu-srt-four", "processes[1].burst"),
                                          ("memory-first-fit-8mb", "memory.size")])
def test_a_huge_number_is_quoted_as_typed(page: Page, stack: Stack, preset: str, path: str) -> None:
    """Past 2^53 a browser's number is rounded (1.2345678901234568e+29): digits
    it cannot hold exactly go to the server as typed, and its message quotes them."""
    page.goto(f"/build/?preset={preset}")
    expect(page.locator('[data-part="validation"]')).to_have_text("Scenario is valid.")
    field(page, path).locator("input").fill(HUGE)
    error = field(page, path).locator(".field-error")
    expect(error).to_contain_text(f'got "{HUGE}"')
    expect(error).to_contain_text("must be at most")  # its size is what is wrong, not its type
    expect(error).not_to_contain_text("e+")
    # A number the browser holds exactly still goes as a number.
    field(page, path).locator("input").fill("9007199254740991")
    expect(error).to_contain_text("got 9007199254740991")


def test_a_draft_survives_a_reload_and_reset_brings_the_preset_back(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=cpu-srt-four")
    field(page, "title").locator("input").fill("My own SRT")
    field(page, "processes[2].burst").locator("input").fill("11")
    page.reload()
    expect(page.locator('[data-part="draft-banner"]')).to_be_visible()
    expect(field(page, "title").locator("input")).to_have_value("My own SRT")
    expect(field(page, "processes[2].burst").locator("input")).to_have_value("11")
    page.locator('[data-part="reset"]').click()
    expect(field(page, "title").locator("input")).to_have_value(SRT_TITLE)
    expect(field(page, "processes[2].burst").locator("input")).to_have_value("9")
    page.reload()
    expect(page.locator('[data-part="draft-banner"]')).to_be_hidden()
    expect(field(page, "title").locator("input")).to_have_value(SRT_TITLE)


def test_the_json_tab_and_the_form_stay_in_step(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=cpu-srt-four")
    field(page, "processes[0].name").locator("input").fill("Alpha")
    page.locator("#tab-json").click()
    editor = page.locator('[data-part="json-editor"]')
    expect(editor).to_have_value(re.compile(r'"name": "Alpha"'))
    editor.fill(editor.input_value().replace('"Alpha"', '"Beta"'))
    expect(page.locator('[data-part="json-status"]')).to_have_text("JSON is valid; the form follows it.")
    page.locator("#tab-form").click()
    expect(field(page, "processes[0].name").locator("input")).to_have_value("Beta")


def test_save_share_open_in_a_fresh_browser_and_fork(page: Page, browser: Browser, stack: Stack) -> None:
    page.goto("/build/?preset=cpu-srt-four")
    page.locator('[data-part="share"]').click()
    link = page.locator(".share-result .share-link")
    expect(link).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/s/[a-z2-7]{10,}/$"))
    url = link.input_value()

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        shared = fresh.new_page()
        shared.goto(url)
        expect(shared.locator("h1.scenario-title")).to_have_text(SRT_TITLE)
        expect(shared.locator(".scenario-processes tbody th.process-name")).to_have_text(SRT_PROCESSES)
        expect(shared.locator('[data-part="link"]')).to_have_value(url)
        shared.locator('[data-part="run"]').click()
        wait_for_finished_run(shared)
        expect(shared.locator(".gantt-svg rect.gantt-bar")).to_have_count(5)
        shared.screenshot(path=str(artifact_path("shared-page-after-run")), full_page=True)

        shared.locator('[data-part="fork"]').click()
        expect(shared).to_have_url(re.compile(r"/build/\?fork=[a-z2-7]+$"))
        expect(field(shared, "title").locator("input")).to_have_value(SRT_TITLE)
        names = [field(shared, f"processes[{i}].name").locator("input").input_value() for i in range(4)]
        assert names == SRT_PROCESSES
        shared.screenshot(path=str(artifact_path("forked-builder")), full_page=True)
    finally:
        fresh.close()


def test_a_script_title_renders_as_text(page: Page, browser: Browser, stack: Stack) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    title = "<script>alert('title')</script><b>bold</b>"
    page.goto("/build/?preset=cpu-srt-four")
    field(page, "title").locator("input").fill(title)
    field(page, "processes[0].name").locator("input").fill("<img src=x onerror=alert('n')>")
    expect(page.locator('[data-part="validation"]')).to_have_text("Scenario is valid.")
    page.locator('[data-part="share"]').click()
    url = page.locator(".share-result .share-link").input_value()
    page.locator('[data-part="run"]').click()
    wait_for_finished_run(page)

    page.goto(url)
    expect(page.locator("h1.scenario-title")).to_have_text(title)
    assert page.locator("h1.scenario-title script, h1.scenario-title b").count() == 0
    expect(page.locator(".scenario-processes th.process-name").first).to_have_text("<img src=x onerror=alert('n')>")
    assert page.locator("img").count() == 0
    page.locator('[data-part="run"]').click()
    wait_for_finished_run(page)
    expect(page.locator('.gantt-svg rect.gantt-bar[data-who^="<img"]').first).to_be_attached()
    assert dialogs == []


def test_the_quantum_field_follows_what_the_registry_says_each_policy_reads(page: Page, stack: Stack) -> None:
    from kernel_engine import registry

    page.goto("/build/?preset=cpu-srt-four")
    policy = field(page, "cpu.policy").locator("select")
    quantum = field(page, "cpu.quantum")
    for entry in registry.describe("cpu"):
        policy.select_option(entry["name"])
        if "quantum" in entry["settings"]:
            expect(quantum).to_be_visible()
        else:
            expect(quantum).to_be_hidden()
    # Lottery slices by cpu.quantum too: the builder once hid the field for it.
    policy.select_option("lottery")
    expect(quantum).to_be_visible()
