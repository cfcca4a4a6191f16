"""Checking the values a student writes as call arguments.

One set of checks serves two moments:

* before the run (``static=True``), the scenario validator checks what is
  literal; a ``{"$ref": name}`` is only known once an earlier call has run,
  so it is skipped wherever it appears, and a shape that depends on it is
  "unknown" (``None``) and compared with nothing;
* at run time (``static=False``) the kernel has put the real values in, so
  everything is checked, and a leftover ``{"$ref": ...}`` is just an object
  where a number or a list belongs.

Each check adds ``Problem``s to a ``Checker`` and returns what it learned
(a number, a shape) or ``None`` when the value is unknown or wrong, so that
later checks can go on without repeating the same complaint.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

from ..errors import Problem
from .limits import MAX_DIM, MAX_INT, MAX_VECTOR

#: A shape as numpy writes it: () a number, (n,) a vector, (rows, cols) a matrix.
Shape = tuple[int, ...]

#: Bad numbers reported per array before the rest are summed up in one line.
_REPORTED_PER_ARRAY = 5


def is_ref(value: Any) -> bool:
    """Is ``value`` a reference ``{"$ref": name}`` to an earlier result?"""
    return isinstance(value, dict) and "$ref" in value


def describe(value: Any) -> str:
    """A short description of a JSON value for messages: "a string 'abc'"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:17] + "..."
        return f"a string {shown!r}"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def plural(n: int, word: str) -> str:
    """ "1 row", "3 rows"."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def describe_shape(shape: Shape) -> str:
    """ "a number", "a vector of 3 numbers", "a 2x3 matrix"."""
    if len(shape) == 0:
        return "a number"
    if len(shape) == 1:
        return f"a vector of {plural(shape[0], 'number')}"
    return f"a {shape[0]}x{shape[1]} matrix"


def key(path: str, name: str) -> str:
    """The path of field ``name`` under ``path`` ("" is the top)."""
    return f"{path}.{name}" if path else name


def index(path: str, i: int) -> str:
    """The path of item ``i`` of the list at ``path``."""
    return f"{path}[{i}]"


class Checker:
    """Collects the problems of one call's arguments."""

    def __init__(self, static: bool) -> None:
        self.static = static
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def unknown(self, value: Any) -> bool:
        """True when ``value`` is a reference whose value comes at run time."""
        return self.static and is_ref(value)

    @property
    def ok(self) -> bool:
        return not self.problems


def number(ck: Checker, value: Any, path: str, *, integer: bool = False) -> int | float | None:
    """A finite JSON number (``integer``: a whole one), or None after a problem.

    Booleans are refused although Python counts them as ints: ``true`` in a
    matrix is a typo, not a 1.  Integers beyond 2**53 are refused because
    floats and JavaScript cannot hold them exactly.
    """
    if ck.unknown(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        ck.add(path, f"must be {'an integer' if integer else 'a number'}, got {describe(value)}")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        ck.add(path, f"must be a finite number, got {value!r}")
        return None
    if integer and not isinstance(value, int):
        if value.is_integer():
            ck.add(path, f"must be an integer, got {value!r}; write it without a decimal point")
        else:
            ck.add(path, f"must be an integer, got {value!r}")
        return None
    if isinstance(value, int) and abs(value) > MAX_INT:
        ck.add(path, f"integer {value} is too large: integers must be between -2**53 and 2**53 "
                     f"({MAX_INT}); write larger numbers as floats like 1e20")
        return None
    return value


def integer_in(ck: Checker, value: Any, path: str, low: int, high: int,
               what: str = "") -> int | None:
    """An integer in ``low`` .. ``high`` (inclusive), or None after a problem."""
    n = number(ck, value, path, integer=True)
    if n is None:
        return None
    if not low <= n <= high:
        if n < low and low == 1:
            ck.add(path, f"must be a positive integer{what}, got {n}")
        else:
            ck.add(path, f"must be an integer from {low} to {high}{what}, got {n}")
        return None
    return int(n)


def string(ck: Checker, value: Any, path: str, max_length: int) -> str | None:
    """A string of at most ``max_length`` characters, or None after a problem."""
    if ck.unknown(value):
        return None
    if not isinstance(value, str):
        ck.add(path, f"must be a string, got {describe(value)}")
        return None
    if len(value) > max_length:
        ck.add(path, f"is {len(value):,} characters long; at most {max_length:,} are allowed")
        return None
    return value


def choice(ck: Checker, value: Any, path: str, options: Sequence[str]) -> str | None:
    """One of ``options`` (exact), or None after a problem listing them."""
    if ck.unknown(value):
        return None
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(f'"{o}"' for o in options)
        ck.add(path, f"must be one of {listed}, got {describe(value)}")
        return None
    return value


class _Numbers:
    """Checks the numbers of one array, reporting only the first few bad ones."""

    def __init__(self, ck: Checker, integer: bool) -> None:
        self.ck, self.integer, self.bad = ck, integer, 0

    def check(self, value: Any, path: str) -> bool:
        if self.ck.unknown(value):
            return True
        if isinstance(value, list):
            problem = "must be a number, got a list (a matrix has two levels of brackets, no more)"
        else:
            probe = Checker(self.ck.static)
            number(probe, value, path, integer=self.integer)
            if probe.ok:
                return True
            problem = probe.problems[0].message
        self.bad += 1
        if self.bad <= _REPORTED_PER_ARRAY:
            self.ck.add(path, problem)
        return False

    def summary(self, path: str) -> None:
        extra = self.bad - _REPORTED_PER_ARRAY
        if extra > 0:
            kind = "an integer" if self.integer else "a number"
            self.ck.add(path, f"and {plural(extra, 'more value')} that "
                              f"{'are' if extra > 1 else 'is'} not {kind}")


_ARRAY_HELP = {
    1: "a vector (a list of numbers, e.g. [1, 2, 3])",
    2: "a matrix (a list of rows, e.g. [[1, 2], [3, 4]])",
    None: "a matrix (a list of rows, e.g. [[1, 2], [3, 4]]) or a vector (a list of numbers)",
}


def array(ck: Checker, value: Any, path: str, *, ndim: int | None = None,
          integer: bool = False, allow_number: bool = False) -> Shape | None:
    """The shape of a vector or matrix, or None if unknown or wrong.

    ``ndim`` 1 or 2 demands a vector or a matrix; None accepts either (and
    a plain number with ``allow_number``).  Rows must all have the same
    length; sizes are bounded by MAX_DIM and MAX_VECTOR.  The shape is
    None whenever a reference hides a dimension, so that callers only
    compare shapes that are fully literal.
    """
    if ck.unknown(value):
        return None
    if allow_number and isinstance(value, (int, float)) and not isinstance(value, bool):
        return () if number(ck, value, path, integer=integer) is not None else None
    if not isinstance(value, list):
        ck.add(path, f"must be {_ARRAY_HELP[ndim]}, got {describe(value)}")
        return None
    if not value:
        ck.add(path, f"must not be empty: write {_ARRAY_HELP[ndim]}")
        return None
    literal = [item for item in value if not ck.unknown(item)]
    is_matrix = any(isinstance(item, list) for item in literal)
    if not literal:  # every item is a reference: nothing to tell yet
        return None
    if ndim == 1 and is_matrix:
        ck.add(path, f"must be {_ARRAY_HELP[1]}, got a list of rows")
        return None
    if ndim == 2 and not is_matrix:
        ck.add(path, f"must be {_ARRAY_HELP[2]}, got a list of numbers; "
                     f"write a single row as [[1, 2, 3]]")
        return None
    if is_matrix:
        return _matrix(ck, value, path, integer)
    return _vector(ck, value, path, integer)


def _vector(ck: Checker, value: list, path: str, integer: bool) -> Shape | None:
    if len(value) > MAX_VECTOR:
        ck.add(path, f"has {len(value):,} numbers; a vector may hold at most {MAX_VECTOR:,}")
        return None
    numbers = _Numbers(ck, integer)
    # A reference in place of a number does not change the shape.
    ok = all([numbers.check(item, index(path, i)) for i, item in enumerate(value)])
    numbers.summary(path)
    return (len(value),) if ok else None


def _matrix(ck: Checker, value: list, path: str, integer: bool) -> Shape | None:
    if len(value) > MAX_DIM:
        ck.add(path, f"has {len(value)} rows; a matrix may have at most {MAX_DIM}")
        return None
    numbers = _Numbers(ck, integer)
    width: int | None = None  # the length of the first literal row
    width_row = 0
    ok, known = True, True  # known: no row is a reference (its length is unknown)
    for r, row in enumerate(value):
        at = index(path, r)
        if ck.unknown(row):
            known = False
            continue
        if not isinstance(row, list):
            ck.add(at, f"must be a row (a list of numbers), got {describe(row)}; "
                       f"every item of a matrix is a row")
            ok = False
            continue
        if not row:
            ck.add(at, "is an empty row; every row needs at least one number")
            ok = False
            continue
        if len(row) > MAX_DIM:
            ck.add(at, f"has {len(row)} numbers; a matrix may have at most {MAX_DIM} columns")
            ok = False
            continue
        if width is None:
            width, width_row = len(row), r
        elif len(row) != width:
            ck.add(at, f"has {plural(len(row), 'number')} but row {width_row} has {width}; "
                       f"all rows of a matrix must have the same length")
            ok = False
            continue
        for c, item in enumerate(row):
            ok = numbers.check(item, index(at, c)) and ok
    numbers.summary(path)
    if not (ok and known) or width is None:
        return None
    return (len(value), width)
