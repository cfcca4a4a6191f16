"""An instructor's pages at a phone's width (390 px) fit it: no sideways
scrolling from a menu of long preset titles or the course's join link."""
from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from tests.stack import Stack
from tests.web.people import PASSWORD, make_people_on_stack

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def alice(page: Page, stack: Stack) -> Page:
    world = make_people_on_stack(stack)
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/courses/"))
    page.os101 = world["os101"]  # type: ignore[attr-defined]
    return page


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def overflowing(page: Page) -> list[str]:
    """The innermost elements whose right edge passes the viewport (for the failure message)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5))
        .slice(0, 8).map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 60)}`)""")


def test_the_new_session_form_fits_a_phone(alice: Page) -> None:
    alice.goto("/sessions/new/?preset=cpu-srt-four")
    expect(alice.locator("#id_preset")).to_be_visible()
    assert page_width(alice) <= PHONE["width"]


_ASSIGNMENT_WITH_DEADLINE = """
import datetime, django
django.setup()
from django.utils import timezone
from playground.accounts.models import Course
from playground.grading.demo import demo_definition
from playground.grading.models import Assignment
Assignment.objects.create(course=Course.objects.get(pk=%d), title="Open practice", mode="practice",
                          deadline=timezone.now() + datetime.timedelta(days=7), **demo_definition())
"""


def test_the_course_page_with_its_join_link_fits_a_phone(alice: Page, stack: Stack) -> None:
    """The join link once widened the page (454 px), and so did the assignments table with a
    deadline column (396 px)."""
    from tests.stack import PYTHON, REPO

    done = subprocess.run([PYTHON, "-c", _ASSIGNMENT_WITH_DEADLINE % alice.os101],  # type: ignore[attr-defined]
                          cwd=REPO, env=stack.env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    alice.goto(f"/courses/{alice.os101}/")  # type: ignore[attr-defined]
    expect(alice.locator("[data-assignments]")).to_be_visible()
    expect(alice.locator("[data-enrollment-code]")).to_be_visible()
    assert page_width(alice) <= PHONE["width"], overflowing(alice)


@pytest.mark.parametrize("view", ["/s/{slug}/", "/s/{slug}/embed"])
def test_a_shared_link_and_its_embed_fit_a_phone(page: Page, stack: Stack, view: str) -> None:
    """The scenario summary's process table kept a 24rem minimum, wider than a phone's page."""
    from kernel_engine import presets
    from tests.web.helpers import http_json

    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": presets.load("priority-five")})
    assert status == 201
    page.set_viewport_size(PHONE)
    page.goto(view.format(slug=body["slug"]))
    expect(page.locator(".summary-table").first).to_be_visible()
    assert page_width(page) <= PHONE["width"]


@pytest.mark.parametrize("preset", ["cpu-srt-four", "memory-first-fit-8mb"])
def test_the_worksheet_and_its_key_fit_a_phone(page: Page, stack: Stack, preset: str) -> None:
    """The times and allocations tables keep a 36rem minimum (cells to write in):
    the page was 607 px wide.  Each wide table scrolls in a box of its own that
    a keyboard can reach and a screen reader names."""
    from kernel_engine import presets
    from tests.browser.worksheets import open_worksheet
    from tests.web.helpers import http_json

    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": presets.load(preset)})
    assert status == 201
    page.set_viewport_size(PHONE)
    open_worksheet(page, f"/s/{body['slug']}/worksheet/?key=1")
    expect(page.locator('[data-part="answer-key"]')).to_be_attached()
    assert page_width(page) <= PHONE["width"], overflowing(page)
    tables = page.locator(".worksheet table")
    assert tables.count() >= 2
    for i in range(tables.count()):
        box = tables.nth(i).locator("xpath=..")
        expect(box).to_have_class(re.compile(r"\btable-scroll\b"))
        expect(box).to_have_attribute("tabindex", "0")
        expect(box).to_have_attribute("aria-label", re.compile(r"\S"))
    # On paper nothing is cut off: the boxes do not scroll (or clip) when printed.
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.worksheet .table-scroll')).overflowX") == "visible"
