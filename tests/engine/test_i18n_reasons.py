"""Every sentence the engine writes is data: a key and values that render to its English text.

A sentence without a key could not be shown in another language (nothing
matches English back), so these tests run every preset, the generated runs
and the bad scenarios of tests/engine/i18n_corpus.py, call the library with
bad arguments, and fail on any reason, problem or error that has no key or
whose key does not render to the English text beside it.  A static check
finds the writers that would make a bare sentence.
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import numpy
import pytest

from kernel_engine import iter_steps, library, presets, simulate
from kernel_engine.i18n import KEYS, render
from kernel_engine.scenario import problems as scenario_problems
from tests.engine.i18n_corpus import BAD_CALLS, BAD_SCENARIOS, GENERATED_RUNS
from tests.engine.test_i18n_keys import zh_templates

ENGINE = Path(__file__).resolve().parents[2] / "kernel_engine"
# The matmul shapes problem, its shapes and counts rendered from their own keys.
ZH_MATMUL = "无法将1x3 矩阵与1x2 矩阵相乘：a 有3 列，而 b 有1 行；两者必须相等"


def unkeyed(text: str, key: str | None, args: Any) -> list[str]:
    """[] when ``key`` and ``args`` render to ``text``; else what is wrong."""
    if key is None:
        return [f"no key: {text!r}"]
    if key not in KEYS:
        return [f"unknown key {key}: {text!r}"]
    rendered = render(key, args)
    return [] if rendered == text else [f"{key} renders {rendered!r}, not {text!r}"]


def check_run(scenario: dict) -> tuple[list[str], list[str]]:
    """(every reason and error the run writes, what is wrong with their keys)."""
    sentences, wrong = [], []
    for step in iter_steps(scenario):
        for event in step["events"]:
            if "reason" in event:
                sentences.append(event["reason"])
                wrong += unkeyed(event["reason"], event.get("reason_key"), event.get("reason_args"))
            if event.get("error"):
                # A failed call's error travels inside its reason, as data; any
                # other error is a part of its keyed reason (translate.js shows that).
                nested = (event.get("reason_args") or {}).get("error")
                sentences.append(event["error"])
                if isinstance(nested, dict):
                    wrong += unkeyed(event["error"], nested["key"], nested["args"])
                elif event["error"] not in event.get("reason", ""):
                    wrong.append(f"an error outside its reason: {event['error']!r}")
    result = simulate(scenario)
    for record in result["errors"]:
        wrong += unkeyed(record["message"], record.get("message_key"), record.get("message_args"))
    return sentences, wrong


@pytest.mark.parametrize("name", presets.names())
def test_every_reason_of_every_preset_is_data(name: str) -> None:
    sentences, wrong = check_run(presets.load(name))
    assert sentences, f"preset {name} wrote no reasons at all"
    assert wrong == []


@pytest.mark.parametrize("label", sorted(GENERATED_RUNS))
def test_every_reason_of_the_generated_runs_is_data(label: str) -> None:
    scenario, expected = GENERATED_RUNS[label]
    sentences, wrong = check_run(scenario)
    # Each generated run exists to reach one sentence: make sure it still does.
    assert any(expected in s for s in sentences), f"{label}: no sentence contains {expected!r}"
    assert wrong == []


@pytest.mark.parametrize("label", sorted(BAD_SCENARIOS))
def test_every_validation_problem_of_the_bad_corpus_is_data(label: str) -> None:
    scenario, expected_path = BAD_SCENARIOS[label]
    found = scenario_problems(scenario)
    assert any(p.path == expected_path for p in found), (
        f"{label}: expected a problem at {expected_path!r}, got {found}")
    wrong = []
    for problem in found:
        record = problem.as_dict()
        wrong += unkeyed(record["message"], record.get("message_key"), record.get("message_args"))
    assert wrong == []


@pytest.mark.parametrize("label", sorted(BAD_CALLS))
def test_every_error_of_a_failed_library_call_is_data(label: str) -> None:
    fn, args, expected = BAD_CALLS[label]
    answer = library.call(fn, args, numpy.random.default_rng(0)).as_dict()
    assert expected in (answer["error"] or ""), answer
    assert unkeyed(answer["error"], answer.get("error_key"), answer.get("error_args")) == []


def test_every_library_summary_and_argument_description_is_data() -> None:
    for fn in library.functions():
        assert render(fn["summary_key"], {}) == fn["summary"]
        for name, text in fn["args"].items():
            data = fn["arg_texts"][name]
            assert unkeyed(text, data["key"], data["args"]) == [], (fn["name"], name)


def test_a_function_name_with_a_digit_is_kept_and_the_sentence_around_it_translated() -> None:
    # The regular expressions of old read a function name as letters only:
    # "math.log2" never matched, so its error stayed English in a Chinese page.
    answer = library.call("math.log2", {}, numpy.random.default_rng(0)).as_dict()
    assert answer["error"].startswith("unknown function 'math.log2'; did you mean 'math.")
    zh = render(answer["error_key"], answer["error_args"], zh_templates())
    assert zh.startswith("未知函数 'math.log2'；你是想用 'math.") and "可用的函数有：math.matmul" in zh


def test_a_nested_problem_renders_in_turn_in_chinese() -> None:
    scenario = {"processes": [{"name": "P", "program": [
        {"op": "call", "fn": "math.matmul", "args": {"a": [[1, 2, 3]], "b": [[1, 2]]}}]}]}
    [problem] = scenario_problems(scenario)
    record = problem.as_dict()
    assert record["message_args"]["shape"] == {"key": "library.shape.matrix", "args": {"rows": 1, "cols": 3}}
    zh = render(record["message_key"], record["message_args"], zh_templates())
    assert zh == ZH_MATMUL, zh


# -- the writers themselves --------------------------------------------------------

#: Calls whose argument at this position is a sentence a student reads.
SENTENCE_ARGUMENTS = {"add": 1, "Problem": 1, "CallFailure": 0}


def bare_sentences(tree: ast.AST) -> list[int]:
    """Lines that pass literal English (a string or an f-string) where a sentence belongs."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        position = SENTENCE_ARGUMENTS.get(name)
        if position is None or len(node.args) <= position:
            continue
        argument = node.args[position]
        if isinstance(argument, ast.JoinedStr) or (
                isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            lines.append(node.lineno)
    return lines


def test_no_engine_module_writes_a_problem_or_an_error_as_bare_english() -> None:
    found = {}
    for path in sorted(ENGINE.rglob("*.py")):
        lines = bare_sentences(ast.parse(path.read_text("utf-8")))
        if lines:
            found[str(path.relative_to(ENGINE))] = lines
    assert found == {}, "define the sentence beside its writer and say() it (docs/i18n.md)"


def test_the_static_check_finds_a_bare_sentence() -> None:
    tree = ast.parse('check.add(where, f"must be {x}")\nraise CallFailure("it broke")\n'
                     'check.add(where, NOT_A_NUMBER.say(value=x))\n')
    assert bare_sentences(tree) == [1, 2]
