"""Where JSON text goes wrong, found by the builder's own scan (json-problems.js),
not read from the browser's English JSON.parse message."""
from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page

from kernel_engine import presets
from tests.browser.test_modules import harness, static_server  # noqa: F401  (fixtures)

IMPORT = "await import('/static/playground/js/json-problems.js')"


def where(page: Page, text: str) -> dict[str, Any] | None:
    """{line, column, kind, detail} of the first problem in `text`, or None."""
    return page.evaluate(f"""async (text) => {{
        const m = {IMPORT};
        const problem = m.findJsonProblem(text);
        if (!problem) return null;
        return {{ ...m.lineAndColumn(text, problem.offset), kind: problem.kind, detail: problem.detail ?? null }};
    }}""", text)


@pytest.mark.parametrize("text, line, column, kind, detail", [
    ('{"a": 1,}', 1, 9, "trailingComma", "}"),
    ('[1, 2,\n ]', 2, 2, "trailingComma", "]"),
    ('{\n  "a": [1, 2\n}', 3, 1, "arrayNext", None),
    ('[1, 2 3]', 1, 7, "arrayNext", None),
    ('{"a": 1 "b": 2}', 1, 9, "objectNext", None),
    ("{'a': 1}", 1, 2, "singleQuote", None),
    ('{a: 1}', 1, 2, "name", None),
    ('{"a" 1}', 1, 6, "colon", None),
    ('{"a": tru}', 1, 7, "word", "tru"),
    ('{"a": None}', 1, 7, "word", "None"),
    ('{"a": "x', 1, 7, "unclosedString", None),
    ('{"a": "x\ny"}', 1, 9, "lineInString", None),
    ('{"a": "x\ty"}', 1, 9, "controlInString", None),
    ('{"a": "\\q"}', 1, 8, "escape", None),
    ('{"a": "\\u12G4"}', 1, 8, "escape", None),
    ('{"a": 01}', 1, 7, "number", None),
    ('{"a": 1.}', 1, 7, "number", None),
    ('{"a": -}', 1, 7, "number", None),
    ('{"a": 1} x', 1, 10, "trailing", None),
    ('', 1, 1, "end", None),
    ('{"a": [1, {"b": 2', 1, 18, "end", None),
    ('{"a": #}', 1, 7, "character", "#"),
    # Columns count characters: 名 and 😀 are one column each.
    ('{"名😀": 1,,}', 1, 10, "name", None),
])
def test_the_first_problem_is_named_with_its_line_and_column(
        harness: Page, text: str, line: int, column: int, kind: str, detail: str | None) -> None:  # noqa: F811
    assert where(harness, text) == {"line": line, "column": column, "kind": kind, "detail": detail}


def test_the_scan_agrees_with_json_parse_on_every_cut_and_every_deleted_character(harness: Page) -> None:  # noqa: F811
    # Every prefix of a real scenario, and the scenario with each character
    # deleted in turn: a problem is found exactly when JSON.parse refuses.
    text = json.dumps(presets.load("cpu-srt-four"), indent=2, ensure_ascii=False)
    disagreements = harness.evaluate(f"""async (text) => {{
        const m = {IMPORT};
        const out = [];
        const parses = (t) => {{ try {{ JSON.parse(t); return true; }} catch {{ return false; }} }};
        const check = (t) => {{ if ((m.findJsonProblem(t) === null) !== parses(t)) out.push(t); }};
        for (let i = 0; i <= text.length; i += 1) check(text.slice(0, i));
        for (let i = 0; i < text.length; i += 1) check(text.slice(0, i) + text.slice(i + 1));
        return out.slice(0, 5);
    }}""", text)
    assert disagreements == []


def test_the_message_quotes_neither_the_browsers_words_nor_nothing(harness: Page) -> None:  # noqa: F811
    message = harness.evaluate(f"""async () => ({IMPORT}).jsonProblemMessage('{{"a": 1,}}')""")
    assert message == "Not valid JSON yet: line 1, column 9: a comma cannot come right before “}”"
    assert harness.evaluate(f"""async () => ({IMPORT}).jsonProblemMessage('{{"a": 1}}')""") is None
