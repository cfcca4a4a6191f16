"""The printable worksheet, reached from a shared link, as the printer sees it."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kernel_engine import presets, simulate
from tests.browser.conftest import artifact_path
from tests.stack import Stack
from tests.browser.worksheets import open_worksheet, wait_for_worksheet
from tests.web.helpers import http_json

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def test_the_worksheet_prints_blank_tables_then_the_key_on_a_new_page(page: Page, stack: Stack) -> None:
    scenario = presets.load("cpu-srt-four")
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": scenario})
    assert status == 201
    page.goto(f"/s/{body['slug']}/")
    page.locator('[data-part="worksheet"]').click()
    expect(page).to_have_url(f"{stack.base_url}/s/{body['slug']}/worksheet/")
    wait_for_worksheet(page)
    expect(page.locator(".worksheet h1")).to_have_text("Shortest remaining time first")

    blank = page.locator(".worksheet-exercises .worksheet-times tbody tr")
    expect(blank).to_have_count(4)
    expect(page.locator(".worksheet-exercises [data-value]")).to_have_count(0)

    result = simulate(scenario)
    key = page.locator('[data-part="answer-key"]')
    for name, figures in result["processes"].items():
        cells = key.locator(f'.worksheet-times tr[data-who="{name}"] td')
        expect(cells).to_have_text([str(figures[c]) for c in ("start", "finish", "turnaround", "waiting", "response")])
    expect(key.locator("rect.key-bar")).to_have_count(len(result["cpu"]["gantt"]))

    page.emulate_media(media="print")
    styles = page.evaluate("""() => ({
        keyBreak: getComputedStyle(document.querySelector('[data-part="answer-key"]')).breakBefore,
        header: getComputedStyle(document.querySelector('.site-header')).display,
        tools: getComputedStyle(document.querySelector('.worksheet-tools')).display,
    })""")
    assert styles == {"keyBreak": "page", "header": "none", "tools": "none"}
    page.screenshot(path=str(artifact_path("worksheet-print")), full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    # The key on a page of its own: at least two pages (page objects, not the /Pages tree).
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 2


def test_without_the_key_the_worksheet_has_no_answers(page: Page, stack: Stack) -> None:
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/",
                                {"scenario": presets.load("disk-textbook-sstf")})
    assert status == 201
    open_worksheet(page, f"/s/{body['slug']}/worksheet/")
    page.get_by_role("link", name="Show it without the answer key").click()
    expect(page.locator('[data-part="answer-key"]')).to_have_count(0)
    expect(page.locator(".worksheet-slots li")).to_have_count(8)
    expect(page.locator("[data-value]")).to_have_count(0)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_worksheet_passes_axe(page: Page, stack: Stack, lang: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": stack.base_url}])
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/",
                                {"scenario": presets.load("llm-os-combined")})
    assert status == 201
    open_worksheet(page, f"/s/{body['slug']}/worksheet/")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})).violations.map((v) =>
        ({id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}))""")
    assert found == [], json.dumps(found, indent=1)


def test_a_worksheet_being_prepared_reloads_itself_until_it_is_ready(page: Page, stack: Stack) -> None:
    scenario = presets.load("cpu-srt-four")
    scenario["title"] = "Prepared while you wait"
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": scenario})
    assert status == 201
    response = page.goto(f"/s/{body['slug']}/worksheet/")
    assert response is not None and response.status == 202
    expect(page.locator(".worksheet-preparing")).to_contain_text("This worksheet is being prepared")
    wait_for_worksheet(page)  # no click: the page reloaded by itself
    expect(page.locator('[data-part="answer-key"]')).to_be_attached()
    expect(page.locator(".worksheet h1")).to_have_text("Prepared while you wait")
