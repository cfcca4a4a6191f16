"""The builder shows only the sections a scenario uses (issue 11, section 2).

CPU scheduling and the processes are always on the form; memory, the disk,
messages, threads, virtual memory and the LLM device only when the scenario
names them or its ops need them, with "Add ..." buttons for the others.
"""
from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.browser.helpers import wait_for_finished_run
from tests.browser.test_i18n import choose_chinese, compiled_catalogs  # noqa: F401 - a fixture
from tests.stack import Stack

OPTIONAL = ["memory", "disk", "messages", "threads", "vm", "llm"]


def section(page: Page, key: str):
    return page.locator(f'[data-part="settings"] fieldset[data-section="{key}"]')


def add_button(page: Page, key: str):
    return page.locator(f'.section-adders [data-add="{key}"]')


def scenario_json(page: Page) -> dict:
    page.locator("#tab-json").click()
    text = page.locator('[data-part="json-editor"]').input_value()
    page.locator("#tab-form").click()
    return json.loads(text)


def test_a_cpu_scenario_shows_only_cpu_and_offers_the_other_sections(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=cpu-srt-four")
    expect(page.locator('[data-part="validation"]')).to_have_text("Scenario is valid.")
    expect(page.locator('.field[data-path="cpu.policy"]')).to_be_visible()
    expect(page.locator('[data-part="processes"] .process')).to_have_count(4)
    for key in OPTIONAL:
        expect(section(page, key)).to_have_count(0)
        expect(add_button(page, key)).to_be_visible()
    expect(page.locator('[data-part="requests-section"]')).to_be_hidden()
    expect(add_button(page, "memory")).to_have_text("Add memory")
    expect(add_button(page, "disk")).to_have_text("Add disk")
    expect(add_button(page, "messages")).to_have_text("Add messages")


def test_adding_memory_gives_it_defaults_and_removing_it_takes_them_out(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=cpu-srt-four")
    add_button(page, "memory").click()
    expect(section(page, "memory")).to_be_visible()
    expect(section(page, "memory").locator("legend")).to_have_text("Memory")
    expect(page.locator('.field[data-path="memory.size"] input')).to_have_value("1MB")
    expect(add_button(page, "memory")).to_have_count(0)
    assert scenario_json(page)["memory"] == {"size": "1MB", "policy": "first_fit"}
    expect(page.locator('[data-part="validation"]')).to_have_text("Scenario is valid.")
    # Emptying a field keeps the section on the form while it is being edited.
    page.locator('.field[data-path="memory.size"] input').fill("")
    expect(section(page, "memory")).to_be_visible()
    section(page, "memory").locator('[data-remove="memory"]').click()
    expect(section(page, "memory")).to_have_count(0)
    expect(add_button(page, "memory")).to_be_visible()
    assert "memory" not in scenario_json(page)


def test_an_added_disk_runs_as_it_is(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=cpu-srt-four")
    add_button(page, "disk").click()
    expect(section(page, "disk")).to_be_visible()
    expect(page.locator('[data-part="requests-section"]')).to_be_visible()
    expect(page.locator('[data-part="io-requests"] .io-request')).to_have_count(3)
    expect(page.locator('[data-part="validation"]')).to_have_text("Scenario is valid.")
    page.locator('[data-part="run"]').click()
    wait_for_finished_run(page)
    expect(page.locator(".run-panel .disk-root")).to_be_visible()
    expect(page.locator(".gantt-root rect.gantt-disk-bar")).to_have_count(3)
    section(page, "disk").locator('[data-remove="disk"]').click()
    expect(page.locator('[data-part="requests-section"]')).to_be_hidden()
    saved = scenario_json(page)
    assert "io" not in saved and "io_requests" not in saved


def test_a_preset_shows_the_sections_it_uses(page: Page, stack: Stack) -> None:
    page.goto("/build/?preset=llm-os-combined")
    for key in ["memory", "disk", "messages", "threads", "llm"]:
        expect(section(page, key)).to_be_visible()
    expect(add_button(page, "vm")).to_be_visible()
    expect(page.locator('[data-part="requests-section"]')).to_be_visible()
    # Its programs allocate memory: the section cannot go while they do.
    expect(section(page, "memory").locator('[data-remove="memory"]')).to_be_disabled()
    expect(section(page, "memory").locator(".section-needed")).to_be_visible()
    page.goto("/build/?preset=vm-textbook-lru")
    expect(section(page, "vm")).to_be_visible()
    expect(section(page, "vm").locator(".hint:not(.section-needed)")).to_have_text("Edit these settings in the JSON tab.")
    for key in ["memory", "disk", "messages", "threads", "llm"]:
        expect(section(page, key)).to_have_count(0)


def test_the_sections_speak_chinese(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.goto("/build/?preset=cpu-srt-four")
    expect(add_button(page, "memory")).to_have_text("添加内存")
    expect(add_button(page, "disk")).to_have_text("添加磁盘")
    expect(add_button(page, "messages")).to_have_text("添加消息")
    add_button(page, "messages").click()
    expect(section(page, "messages").locator("legend")).to_have_text("消息")
    remove = section(page, "messages").locator('[data-remove="messages"]')
    expect(remove).to_have_text("移除")
    expect(remove).to_have_attribute("aria-label", "移除“消息”部分")
    remove.click()
    expect(section(page, "messages")).to_have_count(0)
