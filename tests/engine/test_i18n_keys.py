"""Reasons as data: every key the engine can emit has a template in every language.

The keys are the ones registered in code (``kernel_engine.i18n.all_keys``),
not a sample of runs: a new policy that defines a sentence and forgets its
translation fails here.  The Simplified Chinese templates are the
translations of the English ones in locale/zh_Hans/LC_MESSAGES/django.po.
"""
from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from kernel_engine import iter_steps, presets, simulate
from kernel_engine.i18n import KEYS, Reason, all_keys, define, fields, render

ZH_CATALOG = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def zh_templates() -> dict[str, str]:
    """English template -> its Simplified Chinese translation (translated entries only)."""
    return {e.msgid: e.msgstr for e in polib.pofile(str(ZH_CATALOG)) if e.msgstr and not e.obsolete}


def missing_translations(keys: dict, catalog: dict[str, str]) -> list[str]:
    """Keys whose template has no translation, or one with other placeholders."""
    out = []
    for key, text in sorted(keys.items()):
        target = catalog.get(text.template)
        if not target:
            out.append(f"{key}: no translation of {text.template!r}")
        elif set(PLACEHOLDER.findall(target)) != set(PLACEHOLDER.findall(text.template)):
            out.append(f"{key}: the translation's placeholders differ from {text.template!r}")
    return out


LOCALE = ZH_CATALOG.parents[2]


def catalogs() -> dict[str, dict[str, str]]:
    """Every language of the site but English (the templates' own): locale name -> catalog."""
    return {folder.name: {e.msgid: e.msgstr for e in polib.pofile(str(folder / "LC_MESSAGES" / "django.po"))
                          if e.msgstr and not e.obsolete}
            for folder in sorted(LOCALE.iterdir()) if (folder / "LC_MESSAGES" / "django.po").exists()}


def test_every_key_the_engine_can_emit_has_a_template_in_every_language() -> None:
    keys = all_keys()
    assert len(keys) > 100  # the kernel, every policy, ipc and threads registered theirs
    # Not only reasons: the validation problems of every section and op, the
    # library's errors, checks, summaries and argument descriptions.
    for part in ("problem.op.", "problem.vm.", "problem.llm.", "problem.memory.hole", "problem.what.",
                 "library.fn.", "library.call.", "library.matrix.", "library.nn.", "library.count.",
                 "library.math.matmul.arg.", "library.os.bankers.summary"):
        assert any(key.startswith(part) for key in keys), part
    assert all(text.template.strip() for text in keys.values())  # English: the template itself
    languages = catalogs()
    assert "zh_Hans" in languages
    for language, catalog in languages.items():
        assert missing_translations(keys, catalog) == [], language


def test_a_key_without_a_translation_is_found() -> None:
    text = define("test.untranslated", "{who} does something no catalog has heard of")
    try:
        assert missing_translations({"test.untranslated": text}, zh_templates()) == [
            "test.untranslated: no translation of '{who} does something no catalog has heard of'"]
    finally:
        del KEYS["test.untranslated"]


def every_reason(result: dict) -> list[dict]:
    """Every record of a traced run that carries a reason: events, memory ops, the deadlock."""
    records = [e for step in result["steps"] for e in step["events"] if "reason" in e]
    records += result["memory"]["ops"]
    if result["deadlock"]:
        records.append(result["deadlock"])
    return records


@pytest.mark.parametrize("name", presets.names())
def test_every_reason_of_every_preset_is_data_that_renders_to_its_english_text(name: str) -> None:
    result = simulate(presets.load(name), trace=True)
    records = every_reason(result)
    assert records, f"preset {name} wrote no reasons at all"
    for record in records:
        assert "reason_key" in record, f"{name}: no key for {record['reason']!r}"
        assert render(record["reason_key"], record["reason_args"]) == record["reason"]


def test_a_chinese_page_renders_a_preemption_from_its_key() -> None:
    steps = iter_steps(presets.load("cpu-srt-four"))
    preempt = next(e for step in steps for e in step["events"] if e["kind"] == "preempt")
    assert preempt["reason_key"] == "cpu.srt.preempt"
    assert preempt["reason_args"] == {"who": "P2", "victim": "P1", "n": 4, "m": 7}
    assert render(preempt["reason_key"], preempt["reason_args"], zh_templates()) == \
        "SRT：P2 抢占 P1：剩余 4 个时钟周期 < 7"


def test_nested_reasons_travel_as_key_and_args() -> None:
    scenario = {"memory": {"size": 64, "align": 8},
                "processes": [{"name": "A", "program": [{"op": "alloc", "size": 5, "as": "x"}]}]}
    alloc = simulate(scenario)["memory"]["ops"][0]
    assert alloc["reason"] == ("first fit: the hole at 0 (64 bytes) is the first that holds 8 "
                               "(5 bytes rounded up to a multiple of 8)")
    assert alloc["reason_args"]["how"] == {"key": "memory.size.rounded", "args": {"n": 5, "align": 8}}


def test_plain_text_keeps_only_its_reason() -> None:
    assert fields("free text") == {"reason": "free text"}
    said = define("cpu.first", "{who} is first in the ready queue").say(who="T1")
    assert isinstance(said, Reason) and fields(said) == {
        "reason": "T1 is first in the ready queue", "reason_key": "cpu.first", "reason_args": {"who": "T1"}}


def test_the_contracts_validation_problem_is_data_too() -> None:
    from kernel_engine.scenario import problems

    bad = {"processes": [{"name": "A", "burst": 1}, {"name": "B", "burst": -3}]}
    [problem] = problems(bad)
    assert problem.as_dict() == {"path": "processes[1].burst",
                                 "message": "must be a positive integer, got -3",
                                 "message_key": "problem.int.positive", "message_args": {"value": "-3"}}
    assert render(problem.key, problem.as_dict()["message_args"], zh_templates()) != problem.message
