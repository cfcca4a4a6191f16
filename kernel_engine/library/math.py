"""math.*: matrix product, sum, transpose, inverse and random numbers.

Vectors and matrices are JSON lists, as numpy reads them: a vector is a list
of numbers, a matrix a list of rows.  Integer inputs give integer results
(except the inverse, whose entries are fractions in general).
"""
from __future__ import annotations

from math import isfinite
from typing import Any

import numpy

from ..i18n import define, gettext_noop
from ..registry import register
from . import cost
from .base import CallFailure, LibraryFunction, Outcome, Param
from .checks import (Checker, Shape, array, choice, describe, describe_shape, index,
                     integer_in, key, number, plural)
from .limits import MAX_DIM, MAX_VECTOR
from .values import INT64_MAX, as_array, is_integer, max_abs, to_json

CANNOT_MULTIPLY = define("library.math.matmul.shapes", gettext_noop(
    "cannot multiply {shape} by {shape2}: a has {count} but b has {count2}; they must be equal"))
INT_OVERFLOW = define("library.math.matmul.overflow", gettext_noop(
    "the integer product could overflow 64-bit integers; write one of the numbers as a float "
    "(e.g. 2.0) to compute in floating point"))
CANNOT_ADD = define("library.math.add.shapes", gettext_noop(
    "cannot add {shape} and {shape2}: the shapes must be equal, or match from the right with 1 "
    "where they differ (numpy broadcasting)"))
NOT_SQUARE = define("library.math.inverse.square", gettext_noop(
    "must be a square matrix to have an inverse, got {shape} ({rows} rows, {cols} columns)"))
SINGULAR = define("library.math.inverse.singular", gettext_noop("matrix is singular: it has no inverse"))
NOT_FOR_DISTRIBUTION = define("library.math.random.unused", gettext_noop(
    'does not apply to distribution "{name}" (it is used by {names})'))
NEGATIVE_STD = define("library.math.random.std", gettext_noop("must be at least 0, got {n}"))
EMPTY_RANGE = define("library.math.random.range", gettext_noop(
    "high must be greater than low, got low {lo} and high {hi}"))
RANGE_TOO_WIDE = define("library.math.random.wide", gettext_noop(
    "the range high - low is too wide for a float (beyond about 1.8e308)"))
NOT_A_SHAPE = define("library.math.random.shape", gettext_noop(
    "must be [rows, cols] for a matrix or [n] for a vector, got {described}"))


def product_dims(sa: Shape, sb: Shape) -> tuple[int, int, int, Shape] | str:
    """``(n, m, k, result shape)`` of ``a @ b`` (n x m times m x k, a vector
    standing for 1 x m on the left or m x 1 on the right, as in numpy), or a
    sentence saying why the shapes do not fit."""
    n, m = (1, sa[0]) if len(sa) == 1 else sa
    m2, k = (sb[0], 1) if len(sb) == 1 else sb
    if m != m2:
        return CANNOT_MULTIPLY.say(shape=describe_shape(sa), shape2=describe_shape(sb),
                                   count=plural(m, "column" if len(sa) == 2 else "number"),
                                   count2=plural(m2, "row" if len(sb) == 2 else "number"))
    out = tuple(d for d, keep in ((n, len(sa) == 2), (k, len(sb) == 2)) if keep)
    return n, m, k, out


@register("library", "math.matmul")
class MatMul(LibraryFunction):
    """Matrix product a x b (rows of a times columns of b)."""

    params = {"a": Param("the left matrix, n x m (or a vector of m numbers)"),
              "b": Param("the right matrix, m x k (or a vector of m numbers)")}
    example = {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        sa = array(ck, args["a"], key(path, "a"))
        sb = array(ck, args["b"], key(path, "b"))
        if sa is not None and sb is not None:
            dims = product_dims(sa, sb)
            if isinstance(dims, str):
                ck.add(key(path, "b"), dims)

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        a, b = as_array(args["a"]), as_array(args["b"])
        dims = product_dims(a.shape, b.shape)
        assert not isinstance(dims, str), dims  # check_args refused it
        n, m, k, _ = dims
        work = cost.matmul_work(n, m, k)
        if is_integer(a) and is_integer(b) and max_abs(a) * max_abs(b) * m > INT64_MAX:
            # int64 would wrap around silently; refuse rather than lie.
            raise CallFailure(INT_OVERFLOW.say(), work)
        with numpy.errstate(all="ignore"):  # overflow is reported by to_json
            product = a @ b
        return Outcome(to_json(product, work), work)


def broadcast_shape(sa: Shape, sb: Shape) -> Shape | None:
    """numpy's broadcasting rule: align the shapes at the right; each pair of
    dimensions must be equal or one of them 1.  None if they do not fit."""
    out: list[int] = []
    for i in range(1, max(len(sa), len(sb)) + 1):
        da = sa[-i] if i <= len(sa) else 1
        db = sb[-i] if i <= len(sb) else 1
        if da != db and 1 not in (da, db):
            return None
        out.append(max(da, db))
    return tuple(reversed(out))


@register("library", "math.add")
class Add(LibraryFunction):
    """Element-wise sum a + b (a number or a row vector stretches over a matrix, as in numpy)."""

    params = {"a": Param("a number, vector or matrix"),
              "b": Param("a number, vector or matrix of the same shape as a, or one that "
                         "broadcasts to it")}
    example = {"a": [[1, 2], [3, 4]], "b": [[10, 20], [30, 40]]}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        sa = array(ck, args["a"], key(path, "a"), allow_number=True)
        sb = array(ck, args["b"], key(path, "b"), allow_number=True)
        if sa is not None and sb is not None and broadcast_shape(sa, sb) is None:
            ck.add(key(path, "b"), CANNOT_ADD.say(shape=describe_shape(sa), shape2=describe_shape(sb)))

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        a, b = as_array(args["a"]), as_array(args["b"])
        # Integers are at most 2**53, so an int64 sum cannot overflow.
        with numpy.errstate(all="ignore"):
            total = a + b
        work = cost.elementwise_work(max(1, total.size))
        return Outcome(to_json(total, work), work)


@register("library", "math.transpose")
class Transpose(LibraryFunction):
    """Transpose: row i of a becomes column i of the result."""

    params = {"a": Param("a matrix (write a vector as a one-row matrix [[1, 2, 3]])")}
    example = {"a": [[1, 2, 3], [4, 5, 6]]}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        array(ck, args["a"], key(path, "a"), ndim=2)

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        a = as_array(args["a"])
        return Outcome(to_json(a.T), cost.elementwise_work(a.size))


@register("library", "math.inverse")
class Inverse(LibraryFunction):
    """Inverse of a square matrix (a x inverse = identity); fails on a singular matrix."""

    params = {"a": Param("a square matrix, n x n")}
    example = {"a": [[4, 7], [2, 6]]}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        shape = array(ck, args["a"], key(path, "a"), ndim=2)
        if shape is not None and shape[0] != shape[1]:
            ck.add(key(path, "a"), NOT_SQUARE.say(shape=describe_shape(shape), rows=shape[0], cols=shape[1]))

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        a = as_array(args["a"]).astype(numpy.float64)
        work = cost.inverse_work(a.shape[0])
        largest = float(numpy.abs(a).max())
        if largest == 0.0:
            raise CallFailure(SINGULAR.say(), work)
        # inverse(a) = inverse(a / s) / s.  With s = 2**e, the power of two
        # just above the largest entry, the scaling is exact (ldexp only moves
        # exponents), and the elimination works on entries of at most 1, so
        # entries near 1e308 do not overflow midway.
        e = int(numpy.frexp(largest)[1])
        scaled = numpy.ldexp(a, -e)
        # A matrix that is singular in exact arithmetic rarely gives an exactly
        # zero pivot in floating point ([[1, 2], [3, 6]] does not), and inv()
        # would answer with huge meaningless numbers.  The rank, from the
        # singular values with numpy's standard tolerance, tells honestly.
        if numpy.linalg.matrix_rank(scaled) < a.shape[0]:
            raise CallFailure(SINGULAR.say(), work)
        try:
            inverse = numpy.linalg.inv(scaled)
        except numpy.linalg.LinAlgError:
            raise CallFailure(SINGULAR.say(), work) from None
        with numpy.errstate(all="ignore"):  # overflow is reported by to_json
            inverse = numpy.ldexp(inverse, -e)
        return Outcome(to_json(inverse, work), work)


_DISTRIBUTIONS = ("uniform", "normal", "integers")
#: Which arguments each distribution reads, and their defaults.
_DISTRIBUTION_ARGS: dict[str, dict[str, int | float]] = {
    "uniform": {"low": 0.0, "high": 1.0},
    "normal": {"mean": 0.0, "std": 1.0},
    "integers": {"low": 0, "high": 10},
}


@register("library", "math.random")
class Random(LibraryFunction):
    """Random numbers from the scenario's seeded generator (same seed, same numbers)."""

    params = {
        "shape": Param(f"[rows, cols] for a matrix (each at most {MAX_DIM}) or [n] for a "
                       f"vector (at most {MAX_VECTOR:,})"),
        "distribution": Param('"uniform" (low <= x < high), "normal" (mean, std) or '
                              '"integers" (whole numbers, low <= x < high)', "uniform"),
        "low": Param("lower bound, included (uniform: default 0.0; integers: default 0)", None),
        "high": Param("upper bound, excluded (uniform: default 1.0; integers: default 10)", None),
        "mean": Param("centre of the normal distribution (default 0.0)", None),
        "std": Param("standard deviation of the normal distribution, >= 0 (default 1.0)", None),
    }
    example = {"shape": [2, 3], "distribution": "integers", "low": 1, "high": 7}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        _check_shape(ck, args["shape"], key(path, "shape"))
        dist = choice(ck, args["distribution"], key(path, "distribution"), _DISTRIBUTIONS)
        if dist is None:
            return
        for name in ("low", "high", "mean", "std"):
            if args[name] is not None and name not in _DISTRIBUTION_ARGS[dist]:
                users = " and ".join(f'"{d}"' for d, names in _DISTRIBUTION_ARGS.items()
                                     if name in names)
                ck.add(key(path, name), NOT_FOR_DISTRIBUTION.say(name=dist, names=users))
        given = [name for name in _DISTRIBUTION_ARGS[dist] if args[name] is not None]
        checked = [number(ck, args[name], key(path, name), integer=dist == "integers")
                   for name in given]
        if None in checked:
            return
        p = _parameters(dist, args)
        if dist == "normal" and p["std"] < 0:
            ck.add(key(path, "std"), NEGATIVE_STD.say(n=str(p["std"])))
        if dist != "normal" and p["low"] >= p["high"]:
            ck.add(key(path, "high" if "high" in given else "low"),
                   EMPTY_RANGE.say(lo=str(p["low"]), hi=str(p["high"])))
        elif dist == "uniform" and not isfinite(p["high"] - p["low"]):
            # numpy draws low + (high - low) * u, and refuses an infinite range.
            ck.add(key(path, "high"), RANGE_TOO_WIDE.say())

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        dist = args["distribution"]
        p = _parameters(dist, args)
        shape = tuple(args["shape"])
        if dist == "uniform":
            draws = rng.uniform(p["low"], p["high"], size=shape)
        elif dist == "normal":
            draws = rng.normal(p["mean"], p["std"], size=shape)
        else:
            draws = rng.integers(p["low"], p["high"], size=shape)
        work = cost.elementwise_work(draws.size)
        return Outcome(to_json(draws, work), work)


def _parameters(dist: str, args: dict[str, Any]) -> dict[str, int | float]:
    """The distribution's parameters: its defaults, overridden by those given."""
    given = {name: args[name] for name in _DISTRIBUTION_ARGS[dist] if args[name] is not None}
    return {**_DISTRIBUTION_ARGS[dist], **given}


def _check_shape(ck: Checker, value: Any, path: str) -> None:
    if ck.unknown(value):
        return
    if not isinstance(value, list) or len(value) not in (1, 2):
        ck.add(path, NOT_A_SHAPE.say(described=describe(value)))
        return
    limit = MAX_DIM if len(value) == 2 else MAX_VECTOR
    for i, dim in enumerate(value):
        what = ("rows", "columns")[i] if len(value) == 2 else "numbers in the vector"
        integer_in(ck, dim, index(path, i), 1, limit, what)
