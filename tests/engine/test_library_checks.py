"""check_call: the problems the scenario validator reports, with their JSON paths."""
from __future__ import annotations

import json

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernel_engine.i18n import render
from kernel_engine.library import call, check_call, functions

AT = "processes[0].program[2]"
NAMES = ["math.matmul", "math.add", "math.transpose", "math.inverse", "math.random",
         "text.tokenize", "text.pos_tag", "nn.forward", "nn.backward", "nn.train", "os.bankers"]


def problems(fn: str, args: object) -> list[str]:
    return [str(p) for p in check_call(fn, args, AT)]


def test_a_valid_call_has_no_problems() -> None:
    assert problems("math.matmul", {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}) == []


def test_an_unknown_function_lists_the_valid_names() -> None:
    [problem] = check_call("math.matmult", {}, AT)
    assert problem.path == f"{AT}.fn"
    assert problem.message == (f"unknown function 'math.matmult'; did you mean 'math.matmul'? "
                               f"valid functions are: {', '.join(NAMES)}")


def test_unknown_and_missing_arguments_are_named() -> None:
    assert problems("math.matmul", {"a": [[1]], "c": 1}) == [
        f"{AT}.args.c: is not an argument of math.matmul; it takes a, b",
        f"{AT}.args.b: is missing: math.matmul needs b, the right matrix, m x k "
        f"(or a vector of m numbers)",
    ]


def test_args_must_be_an_object() -> None:
    [problem] = problems("math.transpose", [[1, 2]])
    assert problem.startswith(f"{AT}.args: must be an object of named arguments like ")


def test_a_ragged_matrix_names_the_short_row() -> None:
    assert problems("math.transpose", {"a": [[1, 2], [3]]}) == [
        f"{AT}.args.a[1]: has 1 number but row 0 has 2; all rows of a matrix must have "
        f"the same length"]


def test_values_that_are_not_numbers_are_named_one_by_one() -> None:
    assert problems("math.transpose", {"a": [[1, True], ["2", None]]}) == [
        f"{AT}.args.a[0][1]: must be a number, got true",
        f"{AT}.args.a[1][0]: must be a number, got a string '2'",
        f"{AT}.args.a[1][1]: must be a number, got null"]


def test_a_huge_bad_matrix_gives_a_few_problems_and_a_count() -> None:
    found = problems("math.transpose", {"a": [["x"] * 10] * 10})
    assert len(found) == 6
    assert found[-1] == f"{AT}.args.a: and 95 more values that are not a number"


def test_literal_shapes_that_cannot_multiply_are_reported() -> None:
    assert problems("math.matmul", {"a": [[1, 2, 3]], "b": [[1, 2]]}) == [
        f"{AT}.args.b: cannot multiply a 1x3 matrix by a 1x2 matrix: a has 3 columns but "
        f"b has 1 row; they must be equal"]


def test_references_are_checked_only_where_literal() -> None:
    ref = {"$ref": "c"}
    assert problems("math.matmul", {"a": ref, "b": [[1, 2]]}) == []
    assert problems("math.matmul", {"a": [[1, 2], ref], "b": [[1, 2]]}) == []
    # A reference in place of a number keeps the matrix's shape known.
    assert problems("math.matmul", {"a": [[1, ref]], "b": [[1, 2, 3]]}) != []
    # The literal rows are still checked against each other.
    assert problems("math.matmul", {"a": [[1, 2], ref, [3]], "b": ref}) == [
        f"{AT}.args.a[2]: has 1 number but row 0 has 2; all rows of a matrix must have "
        f"the same length"]
    assert problems("nn.forward", {"model": ref, "x": [[1, 2]]}) == []
    assert check_call("text.tokenize", ref, AT) == []


def test_at_run_time_a_leftover_reference_is_a_wrong_value() -> None:
    res = call("math.transpose", {"a": {"$ref": "m"}}, numpy.random.default_rng(0))
    assert res.value is None and "got an object" in res.error


@pytest.mark.parametrize("fn, args, expected", [
    ("math.transpose", {"a": [[1]] * 257},
     "args.a: has 257 rows; a matrix may have at most 256"),
    ("math.transpose", {"a": [[1] * 257]},
     "args.a[0]: has 257 numbers; a matrix may have at most 256 columns"),
    ("math.add", {"a": [1] * 65_537, "b": 1},
     "args.a: has 65,537 numbers; a vector may hold at most 65,536"),
    ("math.add", {"a": 2**60, "b": 1},
     "args.a: integer 1152921504606846976 is too large: integers must be between -2**53 and "
     "2**53 (9007199254740992); write larger numbers as floats like 1e20"),
    ("math.add", {"a": float("nan"), "b": 1}, "args.a: must be a finite number, got nan"),
    ("math.random", {"shape": [300, 2]},
     "args.shape[0]: must be an integer from 1 to 256 (rows), got 300"),
    ("math.random", {"shape": [2.0]},
     "args.shape[0]: must be an integer, got 2.0; write it without a decimal point"),
    ("text.tokenize", {"text": "a", "method": "bpe", "vocab_size": 5_001},
     "args.vocab_size: must be an integer from 1 to 5000, got 5001"),
    ("nn.train", {"x": [[1]], "y": [[1]], "epochs": 10_001},
     "args.epochs: must be an integer from 1 to 10000, got 10001"),
    ("nn.train", {"x": [[1]], "y": [[1]], "hidden": [1] * 9},
     "args.hidden: has 9 layers; at most 8 hidden layers are allowed"),
    ("nn.train", {"x": [[1]], "y": [[1]], "lr": 0},
     "args.lr: must be a positive number, got 0"),
])
def test_every_input_is_bounded(fn: str, args: dict, expected: str) -> None:
    assert f"{AT}.{expected}" in problems(fn, args)


def test_model_problems_name_the_layer() -> None:
    model = {"layers": [{"w": [[1, 2], [3, 4]], "b": [0, 0]}, {"w": [[1], [2], [3]], "b": [0]}]}
    assert problems("nn.forward", {"model": model, "x": [[1, 2]]}) == [
        f"{AT}.args.model.layers[1].w: has 3 rows but layer 0 has 2 outputs (the columns "
        f"of its w); w needs one row per input of the layer"]


def test_cross_entropy_targets_must_be_probabilities() -> None:
    model = {"layers": [{"w": [[1, 2]], "b": [0, 0]}], "loss": "cross_entropy"}
    assert problems("nn.backward", {"model": model, "x": [[1]], "y": [[0.5, 0.6]]}) == [
        f"{AT}.args.y[0]: must be probabilities for cross_entropy: numbers >= 0 that add up "
        f"to 1 (a one-hot row like [0, 1, 0] names a class)"]


def test_functions_describes_every_function_with_a_working_example() -> None:
    described = functions()
    assert [f["name"] for f in described] == NAMES
    for f in described:
        assert set(f) == {"name", "summary", "summary_key", "args", "arg_texts", "example"}
        assert f["summary_key"] == f"library.{f['name']}.summary"
        # Each description as data too, rendering to its English text.
        assert {name: render(t["key"], t["args"]) for name, t in f["arg_texts"].items()} == f["args"]
        assert f["summary"] and all(isinstance(d, str) and d for d in f["args"].values())
        assert check_call(f["name"], f["example"], "") == [], f["name"]
        res = call(f["name"], f["example"], numpy.random.default_rng(0))
        assert res.error is None and res.ticks >= 1, (f["name"], res.error)
        json.dumps(f)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.floats() | st.text(max_size=5)
    | st.sampled_from(["tanh", "relu", "mse", "cross_entropy", "bpe", "normal", "integers"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["a", "b", "x", "y", "model", "layers", "w", "loss", "$ref"]),
        inner, max_size=3),
    max_leaves=12)
ARG_NAMES = ["a", "b", "x", "y", "model", "text", "shape", "hidden", "method", "epochs",
             "distribution", "low", "high", "mean", "std", "lr", "vocab_size", "loss",
             "activation", "tagset", "train_text", "available", "max", "allocation", "request"]


@settings(max_examples=300, deadline=None)
@given(fn=st.sampled_from(NAMES),
       args=st.dictionaries(st.sampled_from(ARG_NAMES), json_values, max_size=5))
def test_no_input_makes_call_or_check_call_raise(fn: str, args: dict) -> None:
    found = check_call(fn, args, "p")
    res = call(fn, args, numpy.random.default_rng(0))
    assert res.ticks >= 1
    assert (res.error is None) == (res.value is not None)
    json.dumps(res.as_dict(), allow_nan=False)  # strict JSON: no NaN, no Infinity
    if res.error is None:
        assert found == []  # what runs was valid before the run too


@settings(max_examples=200, deadline=None)
@given(a=st.lists(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=2,
                           max_size=2), min_size=2, max_size=2),
       fn=st.sampled_from(["math.matmul", "math.add", "math.inverse", "math.transpose"]))
def test_extreme_numbers_give_a_value_or_a_sentence(a: list, fn: str) -> None:
    args = {"a": a} if fn in ("math.inverse", "math.transpose") else {"a": a, "b": a}
    res = call(fn, args, numpy.random.default_rng(0))
    assert (res.error is None) == (res.value is not None)
    json.dumps(res.as_dict(), allow_nan=False)
