"""The Content-Security-Policy (``script-src 'self'``) breaks no page: every
page runs its scripts with the policy enforced and the console reports no
violation (issue 14 §5).  The other browser tests bypass the policy only to
inject axe-core (conftest.py); here it is enforced."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from kernel_engine import presets
from tests.browser.helpers import wait_for_finished_run
from tests.stack import Stack
from tests.web.helpers import http_json


@pytest.fixture
def strict_page(browser: Browser, stack: Stack) -> Iterator[tuple[Page, list[str]]]:
    """A page whose context enforces the site's CSP, and the violations it logs."""
    context = browser.new_context(base_url=stack.base_url, bypass_csp=False)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: violations.append(f"page error: {error}"))
    yield page, violations
    context.close()


def saved_slug(stack: Stack) -> str:
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/",
                                {"scenario": presets.load("cpu-srt-four")})
    assert status == 201
    return body["slug"]


@pytest.mark.parametrize("path", ["/", "/build/", "/library/", "/join/", "/accounts/signup/",
                                  "/accounts/login/", "/admin/login/"])
def test_a_page_runs_under_the_policy_without_a_violation(strict_page: tuple[Page, list[str]],
                                                          path: str) -> None:
    page, violations = strict_page
    response = page.goto(path)
    assert response is not None and response.ok
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_shared_page_and_the_embed_play_a_run_under_the_policy(
        strict_page: tuple[Page, list[str]], stack: Stack) -> None:
    page, violations = strict_page
    slug = saved_slug(stack)
    page.goto(f"/s/{slug}/")
    page.locator('[data-part="run"], button:has-text("Run")').first.click()
    wait_for_finished_run(page)
    page.goto(f"/s/{slug}/embed")
    page.locator('[data-part="run"]').click()
    wait_for_finished_run(page)
    expect(page.locator(".gantt-svg rect.gantt-bar").first).to_be_visible()
    assert violations == []


def test_an_instructor_leads_a_live_session_under_the_policy(
        strict_page: tuple[Page, list[str]], stack: Stack) -> None:
    from tests.browser.test_classroom import log_in, start_session
    from tests.web.people import make_people_on_stack

    page, violations = strict_page
    make_people_on_stack(stack)
    log_in(page, "alice")
    page.goto("/courses/")
    code = start_session(page)  # the session page's scripts and its websocket
    page.locator('[data-part="lock"]').click()
    expect(page.locator('[data-part="unlock"]')).to_be_visible()
    page.goto(f"/sessions/{code}/projector/")
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_worksheet_pages_load_under_the_policy(strict_page: tuple[Page, list[str]],
                                                  stack: Stack) -> None:
    page, violations = strict_page
    slug = saved_slug(stack)
    response = page.goto(f"/s/{slug}/worksheet/")
    assert response is not None and response.status in (200, 202)
    page.wait_for_load_state("networkidle")
    assert violations == []
