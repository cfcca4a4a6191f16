"""Every sentence the engine writes matches a template of kernel_engine/reasons.py.

A sentence no template matches could not be translated: the user interface
would show it in English inside a Chinese page.  These tests run every
preset, a set of generated scenarios that reach the engine's rarer sentences,
and a corpus of bad scenarios (tests/engine/i18n_corpus.py), and fail on any
sentence, or nested sentence, that no template covers.
"""
from __future__ import annotations

import re

import pytest

from kernel_engine import iter_steps, library, presets
from kernel_engine.scenario import problems as scenario_problems
from kernel_engine.reasons import TEMPLATES, match, placeholder_names, translate, uncovered
from tests.engine.i18n_corpus import BAD_SCENARIOS, GENERATED_RUNS


def sentences_of_run(scenario: dict) -> list[str]:
    """Every reason and error the run writes, in its steps and its result."""
    out: list[str] = []
    run_steps = list(iter_steps(scenario))
    for step in run_steps:
        for event in step["events"]:
            for key in ("reason", "error"):
                if isinstance(event.get(key), str):
                    out.append(event[key])
    return out


def assert_covered(sentences: list[str]) -> None:
    missing = sorted({part for s in sentences for part in uncovered(s)})
    assert missing == [], "sentences no template matches:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", presets.names())
def test_every_reason_of_every_preset_matches_a_template(name: str) -> None:
    sentences = sentences_of_run(presets.load(name))
    assert sentences, f"preset {name} wrote no reasons at all"
    assert_covered(sentences)


@pytest.mark.parametrize("label", sorted(GENERATED_RUNS))
def test_every_reason_of_the_generated_runs_matches_a_template(label: str) -> None:
    scenario, expected = GENERATED_RUNS[label]
    sentences = sentences_of_run(scenario)
    # Each generated run exists to reach one sentence: make sure it still does.
    assert any(expected in s for s in sentences), f"{label}: no sentence contains {expected!r}"
    assert_covered(sentences)


@pytest.mark.parametrize("label", sorted(BAD_SCENARIOS))
def test_every_validation_message_of_the_bad_corpus_matches_a_template(label: str) -> None:
    scenario, expected_path = BAD_SCENARIOS[label]
    problems = scenario_problems(scenario)
    assert any(p.path == expected_path for p in problems), (
        f"{label}: expected a problem at {expected_path!r}, got {problems}")
    assert_covered([p.message for p in problems])


def test_every_library_summary_and_argument_description_matches_a_template() -> None:
    texts = []
    for fn in library.functions():
        texts.append(fn["summary"])
        texts.extend(fn["args"].values())
    assert_covered(texts)


def test_a_translation_keeps_the_values_and_reorders_them() -> None:
    zh = {"SRT: {who} preempts {victim}: {n} ticks left < {m}":
          "SRT：剩余 {n} 个时钟周期 < {m}，{who} 抢占 {victim}"}
    assert translate("SRT: P2 preempts P1: 4 ticks left < 7", zh) == \
        "SRT：剩余 4 个时钟周期 < 7，P2 抢占 P1"


def test_a_nested_sentence_is_translated_in_turn() -> None:
    zh = {"{who} ended: its block {ref} is freed. {reason}": "{who} 结束：释放它的块 {ref}。{reason}",
          "freed {size} bytes at {addr}": "在 {addr} 释放了 {size} 字节"}
    assert translate("B ended: its block buf is freed. freed 1024 bytes at 0", zh) == \
        "B 结束：释放它的块 buf。在 0 释放了 1024 字节"


def test_a_sentence_without_template_or_translation_stays_english() -> None:
    assert translate("a sentence the engine never wrote", {}) == "a sentence the engine never wrote"
    assert translate("P1 arrives", {"{who} arrives": ""}) == "P1 arrives"


def test_a_repeated_placeholder_must_hold_the_same_text() -> None:
    found = match("x cannot free buf: buf is not allocated now (it was freed already, or its "
                  "allocation failed)")
    assert found is not None and found.values == {"who": "x", "ref": "buf"}
    other = match("x cannot free buf: other is not allocated now (it was freed already, or its "
                  "allocation failed)")
    assert other is not None and other.template.text.startswith("{ref} is not allocated")


def test_the_specific_template_wins_over_the_general_one() -> None:
    found = match("trainer waits for worker_a to finish")
    assert found is not None and found.template.text == "{who} waits for {thread} to finish"
    found = match("request 3 for cylinder 98 arrives")
    assert found is not None and found.template.text == "request {i} for cylinder {cylinder} arrives"


def test_an_identity_catalog_gives_back_every_preset_sentence() -> None:
    identity = {t.text: t.text for t in TEMPLATES}
    for name in ("llm-os-combined", "dining-philosophers", "buddy-1mb", "disk-textbook-cscan"):
        for sentence in sentences_of_run(presets.load(name)):
            assert translate(sentence, identity) == sentence


def test_templates_are_unique_and_use_only_known_placeholder_syntax() -> None:
    texts = [t.text for t in TEMPLATES]
    assert len(texts) == len(set(texts))
    for text in texts:
        # A brace that opens a placeholder-looking name must be a placeholder.
        stray = re.findall(r"\{[A-Z][A-Za-z0-9_]*\}", text)
        assert stray == [], f"{text!r}: placeholder names are lowercase"
        assert all(name == name.lower() for name in placeholder_names(text))
