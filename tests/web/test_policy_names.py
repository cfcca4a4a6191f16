"""Policy and allocator names in Simplified Chinese in every menu (builder, compare, embed)."""
from __future__ import annotations

import json
import re

import polib
import pytest
from django.conf import settings
from django.test import Client

from kernel_engine import registry

pytestmark = pytest.mark.django_db

# A disk scheduler's title is its acronym (SSTF, C-LOOK): the same in Chinese.
ACRONYM = re.compile(r"^[A-Z][A-Z-]*$")

def test_every_policy_title_help_and_label_has_a_chinese_translation() -> None:
    """Every kind of policy the registry holds (CPU, memory, disk, page
    replacement, KV cache), so a policy added without its translation fails here."""
    po = polib.pofile(str(settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    translated = {e.msgid for e in po if e.msgstr}
    policy_kinds = [kind for kind in registry.kinds() if kind != "library"]
    assert {"cpu", "memory", "io", "vm", "llm_kv"} <= set(policy_kinds)
    missing = [f"{kind}.{p['name']}.{field}: {p[field]}" for kind in policy_kinds
               for p in registry.describe(kind)
               for field in ("title", "help", "label")
               if p[field] not in translated and not ACRONYM.match(p[field])]
    assert missing == []


def test_the_builder_menus_carry_chinese_policy_names(client: Client) -> None:
    page = client.get("/build/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    found = re.search(r'<script id="policies" type="application/json">(.*?)</script>', page, re.S)
    assert found
    policies = json.loads(found.group(1))
    titles = {p["name"]: p["title"] for p in policies["memory"]}
    assert titles["best_fit"] == "最佳适应" and titles["buddy"] == "伙伴系统"
    assert {p["name"]: p["title"] for p in policies["cpu"]}["rr"] == "时间片轮转（RR）"


def test_the_compare_picker_and_heading_are_in_chinese(client: Client) -> None:
    page = client.get("/compare/?preset=fit-textbook&subsystem=memory", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<h1>比较内存分配算法</h1>" in page
    assert "<span>最坏适应</span>" in page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_policy_help_shows_no_docstring_markup(client: Client, language: str) -> None:
    """A policy's help is its docstring's first line; the tooltip shows
    "round robin with quantum", not the docstring's ``quantum``."""
    page = client.get("/build/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    found = re.search(r'<script id="policies" type="application/json">(.*?)</script>', page, re.S)
    assert found
    policies = json.loads(found.group(1))
    helps = {p["name"]: p["help"] for p in policies["cpu"]}
    assert "quantum" in helps["priority_rr"]
    assert [h for kind in policies.values() for p in kind for h in [p["help"]] if "``" in h] == []
