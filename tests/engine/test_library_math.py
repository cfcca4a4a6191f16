"""math.*: products, sums, transposes, inverses and seeded random numbers."""
from __future__ import annotations

import json

import numpy
import pytest

from kernel_engine.library import CallResult, call


def run(fn: str, seed: int = 0, **args: object) -> CallResult:
    return call(fn, args, numpy.random.default_rng(seed))


def assert_plain_json(value: object) -> None:
    """Only Python ints, floats, strings, lists and dicts: no numpy types."""
    if isinstance(value, list):
        for item in value:
            assert_plain_json(item)
    elif isinstance(value, dict):
        for item in value.values():
            assert_plain_json(item)
    else:
        assert type(value) in (int, float, str, bool, type(None)), type(value)


# -- math.matmul -------------------------------------------------------------

def test_matmul_of_two_2x2_matrices_is_the_textbook_product() -> None:
    res = run("math.matmul", a=[[1, 2], [3, 4]], b=[[5, 6], [7, 8]])
    assert res == CallResult([[19, 22], [43, 50]], 1, None)
    assert all(type(x) is int for row in res.value for x in row)


def test_matmul_with_a_float_gives_floats() -> None:
    res = run("math.matmul", a=[[1.5, 0], [0, 1]], b=[[2, 0], [0, 2]])
    assert res.value == [[3.0, 0.0], [0.0, 2.0]]
    assert type(res.value[0][0]) is float


def test_matmul_of_matrix_and_vector_follows_numpy() -> None:
    assert run("math.matmul", a=[[1, 2], [3, 4]], b=[5, 6]).value == [17, 39]
    assert run("math.matmul", a=[5, 6], b=[[1, 2], [3, 4]]).value == [23, 34]
    assert run("math.matmul", a=[1, 2, 3], b=[4, 5, 6]).value == 32


def test_matmul_cost_is_multiply_adds_over_a_thousand_rounded_up() -> None:
    ones = [[1] * 10 for _ in range(10)]
    assert run("math.matmul", a=ones, b=ones).ticks == 1          # 1,000 multiply-adds
    wide = [[1] * 11 for _ in range(10)]
    assert run("math.matmul", a=ones, b=wide).ticks == 2          # 1,100
    big = [[1] * 100 for _ in range(100)]
    assert run("math.matmul", a=big, b=big).ticks == 1_000        # 1,000,000


def test_matmul_with_mismatched_shapes_fails_with_a_sentence() -> None:
    res = run("math.matmul", a=[[1, 2, 3], [4, 5, 6]], b=[[1, 2], [3, 4]])
    assert res.value is None and res.ticks == 1
    assert res.error == ("math.matmul: args.b: cannot multiply a 2x3 matrix by a 2x2 matrix: "
                         "a has 3 columns but b has 2 rows; they must be equal")


def test_matmul_refuses_an_integer_product_that_could_overflow() -> None:
    res = run("math.matmul", a=[[2**40]], b=[[2**40]])
    assert res.value is None and "overflow 64-bit integers" in res.error
    assert run("math.matmul", a=[[2.0**40]], b=[[2**40]]).value == [[2.0**80]]


def test_matmul_float_overflow_is_an_error_not_infinity() -> None:
    res = run("math.matmul", a=[[1e200]], b=[[1e200]])
    assert res.value is None and res.error.startswith("the result overflowed")


# -- math.add and math.transpose ---------------------------------------------

def test_add_of_equal_shapes_adds_elementwise() -> None:
    res = run("math.add", a=[[1, 2], [3, 4]], b=[[10, 20], [30, 40]])
    assert res == CallResult([[11, 22], [33, 44]], 1, None)


def test_add_stretches_a_number_and_a_row_over_a_matrix() -> None:
    assert run("math.add", a=[[1, 2], [3, 4]], b=10).value == [[11, 12], [13, 14]]
    assert run("math.add", a=[[1, 2], [3, 4]], b=[100, 200]).value == [[101, 202], [103, 204]]
    assert run("math.add", a=[[1], [2]], b=[10, 20]).value == [[11, 21], [12, 22]]


def test_add_of_shapes_that_do_not_broadcast_fails() -> None:
    res = run("math.add", a=[[1, 2], [3, 4]], b=[1, 2, 3])
    assert res.value is None
    assert "cannot add a 2x2 matrix and a vector of 3 numbers" in res.error


def test_transpose_turns_rows_into_columns() -> None:
    res = run("math.transpose", a=[[1, 2, 3], [4, 5, 6]])
    assert res == CallResult([[1, 4], [2, 5], [3, 6]], 1, None)


def test_transpose_wants_a_matrix_and_says_how_to_write_a_row() -> None:
    res = run("math.transpose", a=[1, 2, 3])
    assert res.value is None and "[[1, 2, 3]]" in res.error


# -- math.inverse ------------------------------------------------------------

def test_inverse_of_the_textbook_2x2_matrix() -> None:
    res = run("math.inverse", a=[[4, 7], [2, 6]])  # det = 10
    assert res.error is None
    assert numpy.allclose(res.value, [[0.6, -0.7], [-0.2, 0.4]])
    assert numpy.allclose(numpy.array([[4, 7], [2, 6]]) @ numpy.array(res.value), numpy.eye(2))


def test_inverse_of_a_singular_matrix_is_an_error() -> None:
    # The second row is twice the first: the rows are dependent, det = 0.
    res = run("math.inverse", a=[[1, 2], [2, 4]])
    assert res == CallResult(None, 1, "matrix is singular: it has no inverse")


def test_inverse_finds_singularity_hidden_by_rounding() -> None:
    # Row 3 = row 1 + row 2; elimination in floats leaves a tiny pivot, not 0.
    res = run("math.inverse", a=[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.5, 0.7, 0.9]])
    assert res.error == "matrix is singular: it has no inverse"


def test_inverse_of_a_non_square_matrix_is_refused() -> None:
    res = run("math.inverse", a=[[1, 2, 3], [4, 5, 6]])
    assert res.value is None
    assert "must be a square matrix to have an inverse, got a 2x3 matrix" in res.error


def test_inverse_costs_n_cubed_multiply_adds() -> None:
    identity = numpy.eye(20).tolist()
    assert run("math.inverse", a=identity).ticks == 8  # 20**3 = 8,000


# -- math.random -------------------------------------------------------------

def test_random_with_the_same_seed_gives_the_same_numbers() -> None:
    first = run("math.random", seed=7, shape=[3, 4])
    again = run("math.random", seed=7, shape=[3, 4])
    assert first.value == again.value


def test_random_with_different_seeds_gives_different_numbers() -> None:
    one, two = run("math.random", seed=1, shape=[5]), run("math.random", seed=2, shape=[5])
    assert one.value != two.value


def test_random_shapes_are_matrices_or_vectors() -> None:
    matrix = run("math.random", shape=[2, 3]).value
    assert len(matrix) == 2 and all(len(row) == 3 for row in matrix)
    vector = run("math.random", shape=[5]).value
    assert len(vector) == 5 and all(0.0 <= x < 1.0 for x in vector)


def test_random_integers_lie_in_low_up_to_but_not_including_high() -> None:
    dice = run("math.random", shape=[1000], distribution="integers", low=1, high=7).value
    assert set(dice) == {1, 2, 3, 4, 5, 6}
    assert all(type(x) is int for x in dice)


def test_random_normal_has_the_asked_mean_and_spread() -> None:
    draws = numpy.array(run("math.random", shape=[10_000], distribution="normal",
                            mean=5.0, std=2.0).value)
    assert abs(draws.mean() - 5.0) < 0.1 and abs(draws.std() - 2.0) < 0.1


def test_random_costs_a_tick_per_thousand_numbers() -> None:
    assert run("math.random", shape=[2, 3]).ticks == 1
    assert run("math.random", shape=[256, 256]).ticks == 66  # 65,536 numbers


def test_random_refuses_arguments_of_another_distribution() -> None:
    res = run("math.random", shape=[3], distribution="normal", low=0)
    assert res.error == ('math.random: args.low: does not apply to distribution "normal" '
                         '(it is used by "uniform" and "integers")')


def test_random_refuses_an_empty_range() -> None:
    res = run("math.random", shape=[3], distribution="integers", low=5, high=5)
    assert "high must be greater than low" in res.error


@pytest.mark.parametrize("fn, args", [
    ("math.matmul", {"a": [[1.5, 2]], "b": [[3], [4]]}),
    ("math.add", {"a": [1, 2], "b": [0.5, 0.5]}),
    ("math.inverse", {"a": [[2, 0], [0, 4]]}),
    ("math.random", {"shape": [2, 2], "distribution": "normal"}),
])
def test_math_values_are_plain_json(fn: str, args: dict) -> None:
    res = call(fn, args, numpy.random.default_rng(0))
    assert res.error is None
    assert_plain_json(res.value)
    assert json.loads(json.dumps(res.value)) == res.value
