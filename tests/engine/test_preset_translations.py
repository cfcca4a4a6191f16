"""Preset translations kept beside the presets (kernel_engine/presets/i18n/zh.json)."""
from __future__ import annotations

import re

import pytest

from kernel_engine import presets

HAN = re.compile(r"[\u4e00-\u9fff]")

# Every built-in preset is translated: the zh gallery shows its card, and a
# preset added without a Chinese title or summary fails here, not in QA.
@pytest.mark.parametrize("name", presets.names())
def test_every_built_in_preset_has_a_chinese_title_and_summary(name: str) -> None:
    texts = presets.translation(name, "zh")
    assert HAN.search(texts.get("title", "")), f"{name} has no Chinese title in presets/i18n/zh.json"
    assert HAN.search(texts.get("summary", "")), f"{name} has no Chinese summary in presets/i18n/zh.json"


def test_the_chinese_gallery_shows_no_english_card() -> None:
    untranslated = [entry["name"] for entry in presets.catalog("zh")
                    if not (HAN.search(entry["title"]) and HAN.search(entry["summary"]))]
    assert untranslated == []


def test_the_translation_file_names_only_presets_that_exist() -> None:
    assert set(presets._translations("zh")) <= set(presets.names())


def test_a_preset_with_checkpoints_has_one_translated_prompt_per_checkpoint() -> None:
    for name in presets.names():
        checkpoints = presets.load(name).get("checkpoints") or []
        prompts = presets.translation(name, "zh").get("prompts")
        if checkpoints:
            assert prompts is not None and len(prompts) == len(checkpoints), name
            assert all(HAN.search(prompt) for prompt in prompts), name
        translated = presets.translated(name, "zh")
        assert [c["t"] for c in translated.get("checkpoints") or []] == [c["t"] for c in checkpoints]


def test_the_chinese_catalog_translates_titles_and_keeps_names_and_order() -> None:
    english, chinese = presets.catalog(), presets.catalog("zh")
    assert [e["name"] for e in chinese] == [e["name"] for e in english]
    fit = next(e for e in chinese if e["name"] == "fit-textbook")
    assert fit["title"] == "五个空闲区上的首次、最佳与最差适应"
    assert fit["checkpoints"] is True


def test_a_preset_without_a_translation_shows_in_english() -> None:
    assert presets.translation("fcfs-convoy", "fr") == {}
    assert presets.translated("fcfs-convoy", None) == presets.load("fcfs-convoy")
    assert presets.language_of("zh-hans") == "zh" and presets.language_of("en") is None


def test_at_least_three_presets_carry_checkpoints_for_practice_pages() -> None:
    assert sum(entry["checkpoints"] for entry in presets.catalog()) >= 3
