"""The function library page (/library/): what it shows is what the engine computes.

Each test calls the engine itself (kernel_engine.library.call, seeded as
the page is) and compares with what the page shows: the exact number behind
every table cell (data-value, JavaScript's shortest round-trip form of the
float), the tokens, the tags, the merges and every epoch's loss.
"""
from __future__ import annotations

import json
from typing import Any

import numpy
import pytest
from playwright.sync_api import Page, expect

from kernel_engine import library
from tests.stack import Stack

SHOWN = """(root) => {
    const value = (n) => Number(n.dataset.value);
    return {
        tables: [...root.querySelectorAll("table.value-matrix")].map((t) => ({
            matrix: t.classList.contains("matrix"),
            rows: [...t.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map(value)),
            text: [...t.querySelectorAll("tbody td")].map((td) => td.textContent),
        })),
        numbers: [...root.querySelectorAll(".value-number")].map(value),
        tokens: [...root.querySelectorAll(".value-tokens .token")].map((x) => x.textContent),
        tags: [...root.querySelectorAll(".tag-chip")].map((x) => [x.dataset.token, x.dataset.tag]),
        merges: [...root.querySelectorAll(".value-merges li")].map((li) => [li.dataset.left, li.dataset.right]),
        loss: [...root.querySelectorAll(".value-loss td")].map(value),
        lossPoints: root.querySelector(".loss-line") ? Number(root.querySelector(".loss-line").dataset.count) : null,
        sequence: root.querySelector(".value-sequence") ? root.querySelector(".value-sequence").textContent : null,
    };
}"""


def is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def is_matrix(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(
        isinstance(r, list) and r and all(map(is_number, r)) and len(r) == len(v[0]) for r in v)


def is_vector(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(map(is_number, v))


def table(v: list[Any]) -> dict[str, Any]:
    return {"matrix": is_matrix(v), "rows": v if is_matrix(v) else [v]}


def layer_tables(layers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for layer in layers for t in (table(layer["w"]), table(layer["b"]))]


def expected_view(value: Any) -> dict[str, Any]:
    """What the page must show for an engine value (library-values.js's rules, from the engine's side)."""
    shown: dict[str, Any] = {"tables": [], "numbers": [], "tokens": [], "tags": [], "merges": [], "loss": [],
                             "sequence": None}
    if is_number(value):
        shown["numbers"] = [value]
    elif is_matrix(value) or is_vector(value):
        shown["tables"] = [table(value)]
    elif isinstance(value, list) and all(isinstance(p, list) and len(p) == 2 for p in value):
        shown["tags"] = value
    elif isinstance(value, list):
        shown["tokens"] = value
    elif "merges" in value:
        shown.update(tokens=value["tokens"], merges=value["merges"], numbers=[value["vocab_size"]])
    elif "need" in value:  # os.bankers: the need matrix and the safe sequence
        shown["tables"] = [table(value["need"])]
        shown["sequence"] = "Safe sequence: " + ", ".join(f"P{k}" for k in value["sequence"])
    elif "model" in value:
        shown.update(loss=value["loss"], tables=layer_tables(value["model"]["layers"]))
    else:
        shown.update(numbers=[value["loss"]], tables=layer_tables(value["grads"]))
    return shown


def call_on_page(page: Page, fn: str, args: dict[str, str] | None = None, seed: int | None = None) -> dict[str, Any]:
    """Open fn's form, type `args` (field name -> text) and the seed, press Call; what the value shows."""
    page.goto(f"/library/?fn={fn}")
    for name, text in (args or {}).items():
        page.locator(f"textarea[data-arg={name}]").fill(text)
    if seed is not None:
        page.locator("#library-seed").fill(str(seed))
    page.locator("[data-part=call-button]").click()
    result = page.locator(".library-result")
    expect(result).to_be_visible()
    expect(result).to_have_attribute("data-fn", fn)
    shown = page.locator(".library-value").evaluate(SHOWN)
    # Every rounded cell is its exact value to six significant digits.
    for t in shown["tables"]:
        exact = [x for row in t["rows"] for x in row]
        assert [float(text) for text in t.pop("text")] == pytest.approx(exact, rel=1e-5, abs=1e-12)
    return shown


@pytest.mark.parametrize("function", library.functions(), ids=lambda f: f["name"])
def test_each_example_shows_the_engines_value(page: Page, stack: Stack, function: dict[str, Any]) -> None:
    shown = call_on_page(page, function["name"])
    expected = library.call(function["name"], function["example"], numpy.random.default_rng(0))
    assert expected.error is None
    points = shown.pop("lossPoints")
    assert shown == expected_view(json.loads(json.dumps(expected.value)))
    assert points == (len(expected.value["loss"]) if function["name"] == "nn.train" else None)
    expect(page.locator("[data-part=cost]")).to_have_text(
        f"Cost: {expected.ticks} tick" + ("" if expected.ticks == 1 else "s"))
    assert json.loads(page.locator("[data-part=json]").text_content() or "") == json.loads(json.dumps(expected.value))


def test_the_seed_gives_the_engines_random_numbers(page: Page, stack: Stack) -> None:
    args = {"shape": [3, 4], "distribution": "normal", "mean": 10, "std": 2}
    # The example's low and high belong to "integers": emptied, they are left out.
    shown = call_on_page(page, "math.random", {"shape": "[3, 4]", "distribution": "normal", "low": "", "high": "",
                                               "mean": "10", "std": "2"}, seed=7)
    expected = library.call("math.random", args, numpy.random.default_rng(7)).value
    assert shown["tables"] == [{"matrix": True, "rows": expected}]
    expect(page.locator(".library-result")).to_have_attribute("data-seed", "7")


def test_bpe_shows_the_textbook_merges_and_the_tokens_they_build(page: Page, stack: Stack) -> None:
    # Jurafsky & Martin's corpus: low x5, lowest x2, newer x6, wider x3, new x2.
    corpus = "low low low low low lowest lowest newer newer newer newer newer newer wider wider wider new new"
    shown = call_on_page(page, "text.tokenize", {"text": "lower newest", "method": "bpe", "train_text": corpus,
                                                "vocab_size": "19"})
    expected = library.call("text.tokenize", {"text": "lower newest", "method": "bpe", "train_text": corpus,
                                              "vocab_size": 19}, numpy.random.default_rng(0)).value
    assert shown["merges"] == expected["merges"] == [
        ["e", "r"], ["er", "</w>"], ["n", "e"], ["ne", "w"], ["l", "o"], ["lo", "w"], ["new", "er</w>"], ["low", "</w>"]]
    assert shown["tokens"] == expected["tokens"] == ["low", "er</w>", "new", "e", "s", "t", "</w>"]
    # Picking "er</w>" marks the merges that built it: e + r (1), then er + </w> (2).
    page.locator("button.token", has_text="er</w>").click()
    expect(page.locator(".value-merges li.picked")).to_have_count(2)
    assert page.locator(".value-merges li").evaluate_all(
        "lis => lis.map((li, k) => li.classList.contains('picked') ? k + 1 : 0).filter(Boolean)") == [1, 2]


def test_pos_tags_are_token_tag_chips(page: Page, stack: Stack) -> None:
    shown = call_on_page(page, "text.pos_tag", {"tagset": "universal"})
    expected = library.call("text.pos_tag", {"text": "The kernel schedules the threads.", "tagset": "universal"},
                            numpy.random.default_rng(0)).value
    assert shown["tags"] == expected
    assert [tag for _, tag in shown["tags"]] == ["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"]


def test_a_ragged_matrix_is_shown_under_its_field(page: Page, stack: Stack) -> None:
    page.goto("/library/?fn=math.matmul")
    page.locator("textarea[data-arg=a]").fill("[[1, 2], [3]]")
    page.locator("[data-part=call-button]").click()
    error = page.locator("#arg-a-error")
    expect(error).to_be_visible()
    expect(error).to_have_text("a[1]: has 1 number but row 0 has 2; all rows of a matrix must have the same length")
    expect(page.locator("textarea[data-arg=a]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-part=errors]")).to_contain_text("args.a[1]")
    expect(page.locator(".library-result")).to_be_hidden()


def test_text_that_is_not_json_is_caught_before_sending(page: Page, stack: Stack) -> None:
    page.goto("/library/?fn=math.transpose")
    page.locator("textarea[data-arg=a]").fill("[[1, 2]")
    page.locator("[data-part=call-button]").click()
    expect(page.locator("#arg-a-error")).to_contain_text("is not valid JSON")


def test_a_singular_matrix_says_why_it_has_no_inverse(page: Page, stack: Stack) -> None:
    page.goto("/library/?fn=math.inverse")
    page.locator("textarea[data-arg=a]").fill("[[1, 2], [2, 4]]")
    page.locator("[data-part=call-button]").click()
    failure = page.locator("[data-part=failure]")
    expect(failure).to_have_text("matrix is singular: it has no inverse")
    expect(page.locator(".library-value")).to_have_text("The call has no value.")


def test_the_library_is_reachable_from_the_header_and_lists_every_function(page: Page, stack: Stack) -> None:
    page.goto("/")
    page.locator(".site-nav a[href='/library/']").click()
    links = page.locator(".library-nav a[data-fn]")
    expect(links).to_have_count(len(library.functions()))
    expect(page.locator(".library-nav a[aria-current=page]")).to_have_attribute("data-fn", "math.matmul")
    page.locator(".library-nav a[data-fn='nn.train']").click()
    expect(page.locator("#library-fn-heading")).to_have_text("nn.train")
    # The form starts from the example; Ctrl+Enter calls from inside a field.
    expect(page.locator("textarea[data-arg=epochs]")).to_have_value("100")
    page.locator("textarea[data-arg=epochs]").fill("5")
    page.locator("textarea[data-arg=epochs]").press("Control+Enter")
    expect(page.locator(".value-loss tbody tr")).to_have_count(5)
    page.locator("[data-part=reset]").click()
    expect(page.locator("textarea[data-arg=epochs]")).to_have_value("100")
