"""Browser tests: Playwright (sync API) driving Debian's Chromium.

The live stack (tests/stack.py: Redis, a Celery worker, Daphne on a fresh
database) is started once per session and gives the base URL.  Every test
that uses ``page`` leaves a screenshot in test-artifacts/browser/, named
after the test and its outcome, so a failure can be looked at afterwards.

Chromium is /usr/bin/chromium.  Without it the tests are skipped on a
developer's machine, but fail when the CI variable is set: CI must never
pass by testing nothing.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.stack import Stack, live_stack

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def require_chromium() -> None:
    """Skip (or, under CI, fail) when Chromium is not installed."""
    if CHROMIUM.exists():
        return
    message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options, pointed at Debian's Chromium, headless."""
    require_chromium()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    """The live stack for the whole browser session."""
    with live_stack() as running:
        yield running


@pytest.fixture(scope="session")
def base_url(stack: Stack) -> str:
    """Relative page.goto("/build/") calls resolve against the live stack."""
    return stack.base_url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A desktop-sized window: the player, chart and form side by side.

    ``bypass_csp``: the accessibility tests inject axe-core as an inline
    script, which the site's Content-Security-Policy refuses; test_csp.py
    checks the policy in contexts of its own, without the bypass.
    """
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000},
            "bypass_csp": True}


def artifact_path(name: str) -> Path:
    """test-artifacts/browser/<name>.png, with the folder created."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember each phase's report on the item, for the screenshot fixture."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def screenshot_after_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test that opened ``page``: a full-page screenshot, named by outcome."""
    if "page" not in request.fixturenames:
        yield
        return
    # Asked for during setup, so that the page outlives this fixture's teardown.
    page = request.getfixturevalue("page")
    yield
    report = getattr(request.node, "report_call", None)
    outcome = "failed" if report is None or report.failed else "passed"
    try:
        page.screenshot(path=str(artifact_path(f"{request.node.name}-{outcome}")), full_page=True)
    except Exception as err:  # the page may be gone after a crash; the test result stands
        print(f"screenshot failed: {err}")
