"""axe-core on every public page, in English and in Chinese: no WCAG 2.1 A or AA violation.

axe-core is vendored under tests/browser/vendor/axe-core/ (npm package,
with its licence) and injected into each page after it has settled: the
gallery; the builder with a finished run (then with a tooltip, every chart
as a table, large type and high contrast), with an inline error and on its
JSON tab; a shared scenario, its run and the run page; the compare page
with its runs done; the library page with a value drawn; the worksheet;
the embedded scenario (plain, locked, and with a bad option); self-paced
practice stopped at a checkpoint; the join pages, the account pages (a
login error too), the 404 page and the compare page's refusals.  The pages
behind a login (courses, grading, live sessions) are in
test_a11y_classroom.py, which uses the helpers below.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import BrowserContext, Page, expect

from kernel_engine import presets
from tests.browser.helpers import RUN_TIMEOUT_MS, pause_player, wait_for_finished_run
from tests.browser.worksheets import open_worksheet
from tests.stack import Stack
from tests.web.helpers import http_json

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ["en", "zh-hans"]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs() -> None:
    call_command("compile_translations", verbosity=0)


def save_scenario(stack: Stack, scenario: dict[str, Any]) -> str:
    """Save ``scenario`` through the API; its slug."""
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": scenario})
    assert status == 201, body
    return str(body["slug"])


@pytest.fixture(scope="module")
def shared_slug(stack: Stack) -> str:
    """A saved scenario to open at /s/<slug>/ (and its worksheet and embed)."""
    return save_scenario(stack, {"title": "SRT on three processes", "cpu": {"policy": "srt"},
                                 "processes": [{"name": "P1", "arrival": 0, "burst": 8},
                                               {"name": "P2", "arrival": 1, "burst": 4},
                                               {"name": "P3", "arrival": 2, "burst": 9}]})


@pytest.fixture(scope="module")
def practice_slug(stack: Stack) -> str:
    """The textbook SRT example with a checkpoint at t = 5 (who runs: P4)."""
    scenario = presets.load("cpu-srt-four")
    scenario["checkpoints"] = [{"t": 5, "kind": "next_process", "prompt": "Which process runs at t = 5?"}]
    return save_scenario(stack, scenario)


def in_language(context: BrowserContext, base_url: str, lang: str) -> None:
    """What the language menu does: Django's language cookie."""
    context.add_cookies([{"name": "django_language", "value": lang, "url": base_url}])


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return r.violations.map((v) => ({id: v.id, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary)}));
        }""", WCAG_21_AA)
    return result


def assert_accessible(page: Page, lang: str | None = None) -> None:
    """No violation; with ``lang``, the page is also served in that language."""
    if lang is not None:
        expect(page.locator("html")).to_have_attribute("lang", lang)
    found = violations(page)
    assert found == [], f"{page.url}\n" + json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_gallery_has_no_violations(page: Page, stack: Stack, lang: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto("/")
    assert_accessible(page, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_builder_with_a_finished_run_has_no_violations(page: Page, stack: Stack, lang: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto("/build/?preset=llm-os-combined&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")
    assert_accessible(page, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_table_views_a_tooltip_and_the_projector_preferences_have_no_violations(
        page: Page, stack: Stack, lang: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto("/build/?preset=llm-os-combined&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")
    # A Gantt bar's details, shown by keyboard focus.
    page.locator(".gantt-canvas rect.gantt-bar").first.focus()
    expect(page.locator(".gantt-canvas .chart-tooltip")).to_be_visible()
    assert_accessible(page, lang)
    # Every chart as a table.
    for toggle in page.locator(".chart-table-toggle").all():
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)
    # Large type and high contrast, as on a classroom projector.
    for toggle in page.locator("[data-pref]").all():
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_builder_with_an_inline_error_and_its_json_tab_have_no_violations(
        page: Page, stack: Stack, lang: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto("/build/?preset=cpu-srt-four")
    # The burst of process 1 set to -3: the engine's problem, next to the field.
    page.locator('.field[data-path="processes[0].burst"] input').fill("-3")
    expect(page.locator(".has-error .field-error").first).to_be_visible(timeout=10_000)
    assert_accessible(page, lang)
    page.locator("#tab-json").click()
    expect(page.locator('[data-part="json-editor"]')).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shared_page_and_its_run_have_no_violations(page: Page, stack: Stack, lang: str,
                                                         shared_slug: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto(f"/s/{shared_slug}/")
    assert_accessible(page, lang)
    page.locator("[data-part=run]").first.click()
    run_id = wait_for_finished_run(page)
    assert_accessible(page)
    page.goto(f"/runs/{run_id}/")
    wait_for_finished_run(page)
    assert_accessible(page, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compare_page_with_its_runs_done_has_no_violations(page: Page, stack: Stack, lang: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto("/compare/?preset=srtf-four&policy=srt&policy=fcfs")
    expect(page.locator("[data-page=compare]")).to_have_attribute("data-compared", "true",
                                                                 timeout=RUN_TIMEOUT_MS)
    pause_player(page)
    assert_accessible(page, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_library_page_with_a_value_has_no_violations(page: Page, stack: Stack, lang: str) -> None:
    in_language(page.context, stack.base_url, lang)
    # Training draws the most: matrices, a loss plot and its table.
    page.goto("/library/?fn=nn.train")
    page.locator("[data-part=call-button]").click()
    expect(page.locator(".library-result")).to_have_attribute("data-fn", "nn.train")
    assert_accessible(page, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_worksheet_has_no_violations(page: Page, stack: Stack, lang: str, shared_slug: str) -> None:
    in_language(page.context, stack.base_url, lang)
    open_worksheet(page, f"/s/{shared_slug}/worksheet/")
    assert_accessible(page, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("options", ["", "?hide=answers&lock=policy,builder"])
def test_the_embedded_scenario_with_its_run_has_no_violations(page: Page, stack: Stack, lang: str,
                                                               shared_slug: str, options: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto(f"/s/{shared_slug}/embed{options}")
    page.locator("[data-part=run]").click()
    wait_for_finished_run(page)
    pause_player(page)
    assert_accessible(page, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_stopped_at_a_checkpoint_has_no_violations(page: Page, stack: Stack, lang: str,
                                                             practice_slug: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto(f"/practice/{practice_slug}/")
    box = page.locator("[data-part=checkpoints]")
    expect(box).to_have_attribute("data-active", "0", timeout=RUN_TIMEOUT_MS)
    assert_accessible(page, lang)
    # Answered: the verdict and the continue button are on the page too.
    box.locator('[data-choice="P4"]').click()
    expect(box.locator("[data-part=checkpoint-verdict]")).not_to_be_empty()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", [
    "/s/aaaaaaaaaa/",  # the 404 page
    "/accounts/login/", "/accounts/signup/",
    "/courses/",  # anonymous: "log in first"
    "/join/", "/join/ZZZZZ/",  # the join-code form; no such session
    "/compare/", "/compare/?preset=srtf-four&policy=nope",  # what the compare page says when it cannot compare
])
def test_the_other_pages_have_no_violations(page: Page, stack: Stack, lang: str, path: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert_accessible(page, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_bad_embed_option_is_explained_without_violations(page: Page, stack: Stack, lang: str,
                                                             shared_slug: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto(f"/s/{shared_slug}/embed?hide=nothing")
    expect(page.locator(".embed-problems")).to_be_visible()
    assert_accessible(page, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_login_error_has_no_violations(page: Page, stack: Stack, lang: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto("/accounts/login/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "not-the-password")
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page.locator("[data-form-errors]")).to_be_visible()
    assert_accessible(page, lang)
