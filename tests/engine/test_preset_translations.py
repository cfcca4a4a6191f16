"""Preset translations kept beside the presets (kernel_engine/presets/i18n/zh.json)."""
from __future__ import annotations

import re

import pytest

from kernel_engine import presets

HAN = re.compile(r"[\u4e00-\u9fff]")

# The presets there were when they were translated.  A preset added since
# shows in English until it is translated (presets/__init__.py): a new one
# does not fail this test, but should be added here with its translation.
TRANSLATED = (
    "llm-os-combined", "fcfs-convoy", "sjf-four", "srtf-four", "cpu-srt-four", "seed-srt-three", "rr-q4",
    "rr-two-cores", "priority-five", "mlfq-three-levels", "lottery-two", "memory-first-fit-8mb",
    "seed-memory-first-fit", "fit-textbook", "buddy-1mb", "vm-belady-fifo-3", "vm-belady-fifo-4",
    "vm-textbook-fifo", "vm-textbook-opt", "vm-textbook-lru", "vm-clock", "vm-tlb-loop", "vm-two-level",
    "vm-thrashing", "disk-textbook-fcfs", "disk-textbook-sstf", "disk-sstf", "disk-textbook-scan",
    "disk-textbook-cscan", "disk-textbook-look", "disk-textbook-clook", "seed-io-queue", "ipc-two-processes",
    "seed-message-passing", "request-reply", "pub-sub", "threads-rr-mutex", "seed-three-threads-rr",
    "producer-consumer", "dining-philosophers", "dining-philosophers-ordered", "bankers-classic",
    "bankers-exercise", "library-matmul-nn", "seed-matmul", "seed-nn-train",
)


@pytest.mark.parametrize("name", [name for name in TRANSLATED if name in presets.names()])
def test_every_built_in_preset_has_a_chinese_title_and_summary(name: str) -> None:
    texts = presets.translation(name, "zh")
    assert HAN.search(texts.get("title", "")), f"{name} has no Chinese title in presets/i18n/zh.json"
    assert HAN.search(texts.get("summary", "")), f"{name} has no Chinese summary in presets/i18n/zh.json"


def test_the_translation_file_names_only_presets_that_exist() -> None:
    assert set(presets._translations("zh")) <= set(presets.names())


def test_a_preset_with_checkpoints_has_one_translated_prompt_per_checkpoint() -> None:
    for name in presets.names():
        checkpoints = presets.load(name).get("checkpoints") or []
        prompts = presets.translation(name, "zh").get("prompts")
        if checkpoints and name in TRANSLATED:
            assert prompts is not None and len(prompts) == len(checkpoints), name
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
