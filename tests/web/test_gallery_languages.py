"""The gallery in Simplified Chinese, and practice pages of built-in presets out of the box."""
from __future__ import annotations

import pytest
from django.test import Client

from kernel_engine import presets

pytestmark = pytest.mark.django_db


def test_the_gallery_in_chinese_shows_translated_card_titles_and_summaries(client: Client) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "五个空闲区上的首次、最佳与最差适应" in page
    assert "经典习题" in page
    assert "First, best and worst fit on five holes" not in page


def test_the_english_gallery_keeps_the_english_titles(client: Client) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "First, best and worst fit on five holes" in page


def test_a_preset_with_checkpoints_has_a_practice_link_that_lands_on_its_practice_page(client: Client) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/practice/preset/fit-textbook/"' in page
    assert 'href="/practice/preset/fcfs-convoy/"' not in page
    first = client.get("/practice/preset/fit-textbook/")
    assert first.status_code == 302 and first["Location"].startswith("/practice/")
    again = client.get("/practice/preset/fit-textbook/")
    assert again["Location"] == first["Location"]  # one saved copy, not one per visit
    practice = client.get(first["Location"])
    assert practice.status_code == 200
    assert "First fit: where is the 417 KB request placed?" in practice.content.decode()


def test_the_chinese_practice_page_asks_the_translated_prompts(client: Client) -> None:
    response = client.get("/practice/preset/disk-textbook-sstf/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "SSTF 先服务哪个柱面" in page or "SSTF \\u5148" in page


@pytest.mark.parametrize("name", ["fcfs-convoy", "no-such-preset"])
def test_a_preset_without_checkpoints_or_unknown_has_no_practice_page(client: Client, name: str) -> None:
    assert client.get(f"/practice/preset/{name}/").status_code == 404


def test_three_presets_carry_checkpoints() -> None:
    assert {"srtf-four", "fit-textbook", "disk-textbook-sstf"} <= {
        e["name"] for e in presets.catalog() if e["checkpoints"]}


def _embedded(page: str, script_id: str) -> object:
    import json
    import re

    found = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', page, re.S)
    assert found, script_id
    return json.loads(found.group(1))


def test_a_chinese_gallery_card_opens_the_builder_with_its_chinese_title(client: Client) -> None:
    """The card said 最短剩余时间优先: the builder it opens says so too, not "Shortest remaining time first"."""
    zh = _embedded(client.get("/build/?preset=cpu-srt-four", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode(),
                   "initial-scenario")
    assert zh["title"] == "最短剩余时间优先" and "四个进程" in zh["description"]
    assert zh["processes"] == presets.load("cpu-srt-four")["processes"]  # the workload is the preset's
    en = _embedded(client.get("/build/?preset=cpu-srt-four", HTTP_ACCEPT_LANGUAGE="en").content.decode(),
                   "initial-scenario")
    assert en == presets.load("cpu-srt-four")


def test_the_chinese_compare_page_of_a_preset_names_its_workload_in_chinese(client: Client) -> None:
    page = client.get("/compare/?preset=cpu-srt-four", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert _embedded(page, "scenario")["title"] == "最短剩余时间优先"
    assert "Shortest remaining time first" not in page
