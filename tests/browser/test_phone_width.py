"""An instructor's pages at a phone's width (390 px) fit it: no sideways
scrolling from a menu of long preset titles or the course's join link."""
from __future__ import annotations

import re

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


def test_the_new_session_form_fits_a_phone(alice: Page) -> None:
    alice.goto("/sessions/new/?preset=cpu-srt-four")
    expect(alice.locator("#id_preset")).to_be_visible()
    assert page_width(alice) <= PHONE["width"]


def test_the_course_page_with_its_join_link_fits_a_phone(alice: Page) -> None:
    alice.goto(f"/courses/{alice.os101}/")  # type: ignore[attr-defined]
    expect(alice.locator("[data-enrollment-code]")).to_be_visible()
    assert page_width(alice) <= PHONE["width"]


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
