"""axe-core on every page, in English and in Chinese: no WCAG 2.1 A or AA violation.

axe-core is vendored under tests/browser/vendor/axe-core/ (npm package,
with its licence) and injected into each page after it has settled: a
builder with a finished run, a shared scenario, a run page, the 404 page,
the account pages, the library and compare pages.
"""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import BrowserContext, Page

from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.stack import Stack

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ["en", "zh-hans"]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs() -> None:
    call_command("compile_translations", verbosity=0)


@pytest.fixture(scope="module")
def shared_slug(stack: Stack) -> str:
    """A saved scenario to open at /s/<slug>/."""
    body = json.dumps({"scenario": {"title": "SRT on three processes", "cpu": {"policy": "srt"},
                                    "processes": [{"name": "P1", "arrival": 0, "burst": 8},
                                                  {"name": "P2", "arrival": 1, "burst": 4},
                                                  {"name": "P3", "arrival": 2, "burst": 9}]}})
    request = urllib.request.Request(f"{stack.base_url}/api/scenarios/", data=body.encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["slug"]


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


def assert_accessible(page: Page) -> None:
    found = violations(page)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_gallery_has_no_violations(page: Page, stack: Stack, lang: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto("/")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_builder_with_a_finished_run_has_no_violations(page: Page, stack: Stack, lang: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto("/build/?preset=llm-os-combined&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shared_page_and_its_run_have_no_violations(page: Page, stack: Stack, lang: str,
                                                         shared_slug: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto(f"/s/{shared_slug}/")
    assert_accessible(page)
    page.locator("[data-part=run]").first.click()
    run_id = wait_for_finished_run(page)
    assert_accessible(page)
    page.goto(f"/runs/{run_id}/")
    wait_for_finished_run(page)
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", ["/s/aaaaaaaaaa/", "/accounts/login/", "/accounts/signup/",
                                  "/library/", "/compare/"])
def test_the_other_pages_have_no_violations(page: Page, stack: Stack, lang: str, path: str) -> None:
    in_language(page.context, stack.base_url, lang)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
