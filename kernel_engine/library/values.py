"""Between JSON values and numpy arrays.

Arguments arrive as JSON (lists of Python ints and floats) and results must
leave as JSON: no numpy types, and no NaN or infinity, which JSON cannot
write.  Integers stay integers: a list of ints becomes an int64 array, and
``to_json`` turns it back into Python ints.
"""
from __future__ import annotations

from typing import Any

import numpy

from ..i18n import define, gettext_noop
from .base import CallFailure

OVERFLOW = define("library.overflow", gettext_noop(
    "the result overflowed: a value is too large for a floating-point number (beyond about 1.8e308)"))

#: The largest magnitude an int64 holds.
INT64_MAX = 2**63 - 1


def as_array(value: Any) -> numpy.ndarray:
    """A checked JSON number, vector or matrix as an array: int64 when every
    number is an int, float64 otherwise."""
    arr = numpy.asarray(value)
    if arr.dtype.kind not in "if":  # checks.py admits only ints and floats
        raise TypeError(f"not a numeric array: {arr.dtype}")
    return arr


def is_integer(arr: numpy.ndarray) -> bool:
    """Does the array hold integers (so that results can stay integers)?"""
    return arr.dtype.kind == "i"


def to_json(arr: numpy.ndarray | numpy.generic, work: int = 0) -> Any:
    """The array as JSON: nested lists of Python ints or floats (a 0-d array
    becomes a plain number).  A result that overflowed to infinity (or NaN)
    cannot be written as JSON, so it fails with a sentence instead; ``work``
    is charged for the computation that overflowed."""
    arr = numpy.asarray(arr)
    if arr.dtype.kind == "f" and not numpy.isfinite(arr).all():
        raise CallFailure(OVERFLOW.say(), work)
    return arr.tolist()


def max_abs(arr: numpy.ndarray) -> int:
    """The largest magnitude in an integer array, as an exact Python int."""
    return max(abs(int(arr.max())), abs(int(arr.min())))
