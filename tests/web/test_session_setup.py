"""Session setup lists the built-in scenarios by title, one entry per workload (issue 11 §6)."""
from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from kernel_engine import presets
from playground.classroom.forms import preset_aliases
from playground.classroom.models import LiveSession
from tests.web.people import People, people  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def preset_menu(page: str) -> dict[str, str]:
    """value -> label of the preset menu's options."""
    menu = re.search(r'<select name="preset"[^>]*>(.*?)</select>', page, re.S)
    assert menu, "no preset menu on the page"
    return {value: label.strip() for value, label in
            re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', menu.group(1))}


def form_page(people: People, **headers: str) -> str:
    client = Client()
    client.force_login(people.alice)
    return client.get("/sessions/new/", **headers).content.decode()


def test_the_menu_shows_titles_not_slugs(people: People) -> None:
    menu = preset_menu(form_page(people))
    assert menu["fit-textbook"] == "First, best and worst fit on five holes"
    assert all(label != value for value, label in menu.items() if value)


def test_two_presets_with_the_same_workload_are_one_entry(people: People) -> None:
    menu = preset_menu(form_page(people))
    assert "srtf-four" in menu and "cpu-srt-four" not in menu
    assert preset_aliases()["cpu-srt-four"] == "srtf-four"
    assert len([v for v in menu if v]) == len(set(preset_aliases().values())) < len(presets.names())


def test_the_menu_is_grouped_by_subject(people: People) -> None:
    page = form_page(people)
    assert '<optgroup label="Memory allocation">' in page
    assert '<optgroup label="Disk scheduling">' in page


def test_the_menu_in_chinese_shows_chinese_titles(people: People) -> None:
    menu = preset_menu(form_page(people, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert menu["fit-textbook"] == "五个空闲区上的首次、最佳与最差适应"


def test_a_link_naming_the_merged_preset_selects_the_listed_one(people: People) -> None:
    page = form_page(people, QUERY_STRING="preset=cpu-srt-four")
    assert re.search(r'<option value="srtf-four" selected>', page)


def test_the_merged_name_and_an_unknown_one_when_posted(people: People) -> None:
    client = Client()
    client.force_login(people.alice)
    assert client.post("/sessions/new/", {"preset": "cpu-srt-four"}).status_code == 302
    assert LiveSession.objects.get().title == "Shortest remaining time first"
    refused = client.post("/sessions/new/", {"preset": "no-such-preset"})
    assert refused.status_code == 200
    assert "There is no built-in scenario named" in refused.content.decode()


def test_a_session_started_from_the_chinese_menu_has_the_chinese_title(people: People) -> None:
    """The instructor picked 最短剩余时间优先 from the menu: the session (and what students see) says so."""
    client = Client()
    client.force_login(people.alice)
    response = client.post("/sessions/new/", {"preset": "srtf-four"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302
    session = LiveSession.objects.get()
    assert session.title == presets.translation("srtf-four", "zh")["title"]
    assert session.scenario.as_dict()["processes"] == presets.load("srtf-four")["processes"]
