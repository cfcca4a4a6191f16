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
from ..i18n import Reason, define, gettext_noop
from .limits import MAX_DIM, MAX_INT, MAX_VECTOR

#: A shape as numpy writes it: () a number, (n,) a vector, (rows, cols) a matrix.
Shape = tuple[int, ...]

#: Bad numbers reported per array before the rest are summed up in one line.
_REPORTED_PER_ARRAY = 5

# What a value is (``describe``), what a shape is (``describe_shape``): phrases
# inside the problems below, translated in turn (kernel_engine.i18n).
A_STRING = define("library.value.string", gettext_noop("a string {value}"))
A_LIST = define("library.value.list", gettext_noop("a list of {n}"))
AN_EMPTY_LIST = define("library.value.empty_list", gettext_noop("an empty list"))
AN_OBJECT = define("library.value.object", gettext_noop("an object"))
A_NUMBER = define("library.shape.number", gettext_noop("a number"))
A_VECTOR = define("library.shape.vector", gettext_noop("a vector of {count}"))
A_MATRIX = define("library.shape.matrix", gettext_noop("a {rows}x{cols} matrix"))
#: ``plural(n, word)``: "1 row", "3 rows", by word.
COUNTED = {word: (define(f"library.count.{word}.one", one), define(f"library.count.{word}.many", many))
           for word, one, many in (
               ("number", gettext_noop("1 number"), gettext_noop("{n} numbers")),
               ("row", gettext_noop("1 row"), gettext_noop("{n} rows")),
               ("column", gettext_noop("1 column"), gettext_noop("{n} columns")),
               ("label", gettext_noop("1 label"), gettext_noop("{n} labels")),
               ("target", gettext_noop("1 target"), gettext_noop("{n} targets")),
               ("output", gettext_noop("1 output"), gettext_noop("{n} outputs")))}

NOT_A_NUMBER = define("library.number", gettext_noop("must be a number, got {described}"))
NOT_AN_INTEGER = define("library.integer", gettext_noop("must be an integer, got {described}"))
NOT_FINITE = define("library.number.finite", gettext_noop("must be a finite number, got {value}"))
WHOLE_FLOAT = define("library.integer.point", gettext_noop(
    "must be an integer, got {value}; write it without a decimal point"))
NOT_WHOLE = define("library.integer.fraction", gettext_noop("must be an integer, got {value}"))
TOO_LARGE = define("library.integer.too_large", gettext_noop(
    "integer {n} is too large: integers must be between -2**53 and 2**53 ({m}); write larger "
    "numbers as floats like 1e20"))
NOT_POSITIVE = define("library.integer.positive", gettext_noop("must be a positive integer, got {n}"))
NOT_POSITIVE_WHAT = define("library.integer.positive_what", gettext_noop(
    "must be a positive integer ({what}), got {n}"))
NOT_IN_RANGE = define("library.integer.range", gettext_noop("must be an integer from {lo} to {hi}, got {n}"))
NOT_IN_RANGE_WHAT = define("library.integer.range_what", gettext_noop(
    "must be an integer from {lo} to {hi} ({what}), got {n}"))
#: What an integer counts (``integer_in``'s ``what``), by its English word.
WHAT = {word: define(f"library.what.{key}", word) for key, word in (
    ("rows", gettext_noop("rows")), ("columns", gettext_noop("columns")),
    ("vector", gettext_noop("numbers in the vector")), ("units", gettext_noop("units in the layer")))}
NOT_A_STRING = define("library.string", gettext_noop("must be a string, got {described}"))
STRING_TOO_LONG = define("library.string.too_long", gettext_noop(
    "is {n} characters long; at most {m} are allowed"))
NOT_ONE_OF = define("library.choice", gettext_noop("must be one of {options}, got {described}"))
NUMBER_NOT_LIST = define("library.number.list", gettext_noop(
    "must be a number, got a list (a matrix has two levels of brackets, no more)"))
#: "and N more values that are not a number/an integer": (one, many) by integer.
MORE_BAD = {
    False: (define("library.more.number.one", gettext_noop("and 1 more value that is not a number")),
            define("library.more.number.many", gettext_noop("and {n} more values that are not a number"))),
    True: (define("library.more.integer.one", gettext_noop("and 1 more value that is not an integer")),
           define("library.more.integer.many", gettext_noop("and {n} more values that are not an integer"))),
}
#: The array problems by what was asked: 1 a vector, 2 a matrix, None either.
NOT_AN_ARRAY = {
    1: define("library.vector", gettext_noop(
        "must be a vector (a list of numbers, e.g. [1, 2, 3]), got {described}")),
    2: define("library.matrix", gettext_noop(
        "must be a matrix (a list of rows, e.g. [[1, 2], [3, 4]]), got {described}")),
    None: define("library.array", gettext_noop(
        "must be a matrix (a list of rows, e.g. [[1, 2], [3, 4]]) or a vector (a list of numbers), "
        "got {described}")),
}
EMPTY_ARRAY = {
    1: define("library.vector.empty", gettext_noop(
        "must not be empty: write a vector (a list of numbers, e.g. [1, 2, 3])")),
    2: define("library.matrix.empty", gettext_noop(
        "must not be empty: write a matrix (a list of rows, e.g. [[1, 2], [3, 4]])")),
    None: define("library.array.empty", gettext_noop(
        "must not be empty: write a matrix (a list of rows, e.g. [[1, 2], [3, 4]]) or a vector "
        "(a list of numbers)")),
}
VECTOR_OF_ROWS = define("library.vector.rows", gettext_noop(
    "must be a vector (a list of numbers, e.g. [1, 2, 3]), got a list of rows"))
MATRIX_OF_NUMBERS = define("library.matrix.numbers", gettext_noop(
    "must be a matrix (a list of rows, e.g. [[1, 2], [3, 4]]), got a list of numbers; write a "
    "single row as [[1, 2, 3]]"))
VECTOR_TOO_LONG = define("library.vector.too_long", gettext_noop("has {n} numbers; a vector may hold at most {m}"))
TOO_MANY_ROWS = define("library.matrix.rows", gettext_noop("has {n} rows; a matrix may have at most {m}"))
NOT_A_ROW = define("library.matrix.row", gettext_noop(
    "must be a row (a list of numbers), got {described}; every item of a matrix is a row"))
EMPTY_ROW = define("library.matrix.empty_row", gettext_noop(
    "is an empty row; every row needs at least one number"))
TOO_MANY_COLUMNS = define("library.matrix.columns", gettext_noop(
    "has {n} numbers; a matrix may have at most {m} columns"))
RAGGED = define("library.matrix.ragged", gettext_noop(
    "has {count} but row {r} has {n}; all rows of a matrix must have the same length"))


def is_ref(value: Any) -> bool:
    """Is ``value`` a reference ``{"$ref": name}`` to an earlier result?"""
    return isinstance(value, dict) and "$ref" in value


def describe(value: Any) -> str:
    """A short description of a JSON value for messages: "a string 'abc'".

    A phrase is a :class:`~kernel_engine.i18n.Reason` (translated in turn);
    a number, ``null``, ``true`` and ``false`` are plain text.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:17] + "..."
        return A_STRING.say(value=repr(shown))
    if isinstance(value, list):
        return A_LIST.say(n=len(value)) if value else AN_EMPTY_LIST.say()
    if isinstance(value, dict):
        return AN_OBJECT.say()
    return type(value).__name__


def plural(n: int, word: str) -> Reason:
    """ "1 row", "3 rows" (``word`` is one of ``COUNTED``)."""
    one, many = COUNTED[word]
    return one.say() if n == 1 else many.say(n=f"{n:,}")


def describe_shape(shape: Shape) -> Reason:
    """ "a number", "a vector of 3 numbers", "a 2x3 matrix"."""
    if len(shape) == 0:
        return A_NUMBER.say()
    if len(shape) == 1:
        return A_VECTOR.say(count=plural(shape[0], "number"))
    return A_MATRIX.say(rows=shape[0], cols=shape[1])


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
        ck.add(path, (NOT_AN_INTEGER if integer else NOT_A_NUMBER).say(described=describe(value)))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        ck.add(path, NOT_FINITE.say(value=repr(value)))
        return None
    if integer and not isinstance(value, int):
        if value.is_integer():
            ck.add(path, WHOLE_FLOAT.say(value=repr(value)))
        else:
            ck.add(path, NOT_WHOLE.say(value=repr(value)))
        return None
    if isinstance(value, int) and abs(value) > MAX_INT:
        ck.add(path, TOO_LARGE.say(n=value, m=MAX_INT))
        return None
    return value


def integer_in(ck: Checker, value: Any, path: str, low: int, high: int,
               what: str = "") -> int | None:
    """An integer in ``low`` .. ``high`` (inclusive), or None after a problem.

    ``what`` (a key of ``WHAT``) says what the integer counts, in the problem.
    """
    n = number(ck, value, path, integer=True)
    if n is None:
        return None
    if not low <= n <= high:
        counted = WHAT[what].say() if what else None
        if n < low and low == 1:
            ck.add(path, NOT_POSITIVE_WHAT.say(what=counted, n=n) if counted is not None
                   else NOT_POSITIVE.say(n=n))
        else:
            ck.add(path, NOT_IN_RANGE_WHAT.say(lo=low, hi=high, what=counted, n=n)
                   if counted is not None else NOT_IN_RANGE.say(lo=low, hi=high, n=n))
        return None
    return int(n)


def string(ck: Checker, value: Any, path: str, max_length: int) -> str | None:
    """A string of at most ``max_length`` characters, or None after a problem."""
    if ck.unknown(value):
        return None
    if not isinstance(value, str):
        ck.add(path, NOT_A_STRING.say(described=describe(value)))
        return None
    if len(value) > max_length:
        ck.add(path, STRING_TOO_LONG.say(n=f"{len(value):,}", m=f"{max_length:,}"))
        return None
    return value


def choice(ck: Checker, value: Any, path: str, options: Sequence[str]) -> str | None:
    """One of ``options`` (exact), or None after a problem listing them."""
    if ck.unknown(value):
        return None
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(f'"{o}"' for o in options)
        ck.add(path, NOT_ONE_OF.say(options=listed, described=describe(value)))
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
            problem = NUMBER_NOT_LIST.say()
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
            one, many = MORE_BAD[self.integer]
            self.ck.add(path, many.say(n=f"{extra:,}") if extra > 1 else one.say())


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
        ck.add(path, NOT_AN_ARRAY[ndim].say(described=describe(value)))
        return None
    if not value:
        ck.add(path, EMPTY_ARRAY[ndim].say())
        return None
    literal = [item for item in value if not ck.unknown(item)]
    is_matrix = any(isinstance(item, list) for item in literal)
    if not literal:  # every item is a reference: nothing to tell yet
        return None
    if ndim == 1 and is_matrix:
        ck.add(path, VECTOR_OF_ROWS.say())
        return None
    if ndim == 2 and not is_matrix:
        ck.add(path, MATRIX_OF_NUMBERS.say())
        return None
    if is_matrix:
        return _matrix(ck, value, path, integer)
    return _vector(ck, value, path, integer)


def _vector(ck: Checker, value: list, path: str, integer: bool) -> Shape | None:
    if len(value) > MAX_VECTOR:
        ck.add(path, VECTOR_TOO_LONG.say(n=f"{len(value):,}", m=f"{MAX_VECTOR:,}"))
        return None
    numbers = _Numbers(ck, integer)
    # A reference in place of a number does not change the shape.
    ok = all([numbers.check(item, index(path, i)) for i, item in enumerate(value)])
    numbers.summary(path)
    return (len(value),) if ok else None


def _matrix(ck: Checker, value: list, path: str, integer: bool) -> Shape | None:
    if len(value) > MAX_DIM:
        ck.add(path, TOO_MANY_ROWS.say(n=len(value), m=MAX_DIM))
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
            ck.add(at, NOT_A_ROW.say(described=describe(row)))
            ok = False
            continue
        if not row:
            ck.add(at, EMPTY_ROW.say())
            ok = False
            continue
        if len(row) > MAX_DIM:
            ck.add(at, TOO_MANY_COLUMNS.say(n=len(row), m=MAX_DIM))
            ok = False
            continue
        if width is None:
            width, width_row = len(row), r
        elif len(row) != width:
            ck.add(at, RAGGED.say(count=plural(len(row), "number"), r=width_row, n=width))
            ok = False
            continue
        for c, item in enumerate(row):
            ok = numbers.check(item, index(at, c)) and ok
    numbers.summary(path)
    if not (ok and known) or width is None:
        return None
    return (len(value), width)
