"""The library's three entry points: ``call``, ``check_call`` and ``functions``.

The kernel runs a ``call`` op with ``call(fn, args, rng)``; the scenario
validator checks the op beforehand with ``check_call(fn, args, path)``; the
web app and the docs list what there is with ``functions()``.  Functions are
found by name in the registry (``("library", "math.matmul")``).
"""
from __future__ import annotations

import difflib
from typing import Any

import numpy

from .. import registry
from ..errors import Problem
from ..i18n import define, gettext_noop
from . import cost
from .base import CallFailure, CallResult, LibraryFunction
from .checks import describe, key

#: Problems quoted in a run-time error sentence before "and N more".
_QUOTED = 1

NOT_A_NAME = define("library.fn.name", gettext_noop(
    'must be a function name like "math.matmul", got {described}; valid functions are: {names}'))
UNKNOWN_HINT = define("library.fn.did_you_mean", gettext_noop(
    "unknown function {name}; did you mean {other}? valid functions are: {names}"))
UNKNOWN = define("library.fn.unknown", gettext_noop("unknown function {name}; valid functions are: {names}"))
#: A call's error made of its first problem, and how many more there are.
CALL_PROBLEM = define("library.call.problem", gettext_noop("{fn}: {path}: {problem}"))
CALL_PROBLEM_AND_ONE = define("library.call.problem_and_one", gettext_noop(
    "{fn}: {path}: {problem} (and 1 more problem)"))
CALL_PROBLEM_AND_MORE = define("library.call.problem_and_more", gettext_noop(
    "{fn}: {path}: {problem} (and {n} more problems)"))


def lookup(fn: Any) -> LibraryFunction | None:
    """The library function named ``fn``, or None if there is none."""
    if not isinstance(fn, str):
        return None
    try:
        cls = registry.get("library", fn)
    except KeyError:
        return None
    return cls(fn)


def unknown_function(fn: Any, path: str) -> Problem:
    """The problem of a name that is not in the library, listing the valid ones."""
    valid = registry.names("library")
    at = key(path, "fn")
    if not isinstance(fn, str):
        return Problem(at, NOT_A_NAME.say(described=describe(fn), names=", ".join(valid)))
    close = difflib.get_close_matches(fn, valid, n=1)
    # Quoted as Python quotes them ('math.log2'): {name} holds the quotes too.
    return Problem(at, UNKNOWN_HINT.say(name=repr(fn), other=repr(close[0]), names=", ".join(valid))
                   if close else UNKNOWN.say(name=repr(fn), names=", ".join(valid)))


def check_args(fn: Any, args: Any, path: str, *, static: bool) -> list[Problem]:
    """Problems of a call; ``static`` skips ``{"$ref": ...}`` values (see checks.py)."""
    func = lookup(fn)
    if func is None:
        return [unknown_function(fn, path)]
    return func.check(args, path, static=static)


def check_call(fn: Any, args: Any, path: str) -> list[Problem]:
    """Static problems of a ``call`` op, for the scenario validator.

    Checks that ``fn`` names a library function (the problem lists the valid
    names), that ``args`` has no unknown or missing argument, and every
    literal value: types, ragged matrices, sizes and bounds, and shapes that
    cannot meet when both are literal.  Values that are ``{"$ref": name}``,
    or hold one, are checked only where literal.  Paths look like
    ``f"{path}.args.a[1]"`` (and ``f"{path}.fn"`` for the name).
    """
    return check_args(fn, args, path, static=True)


def call(fn: str, args: dict[str, Any], rng: numpy.random.Generator) -> CallResult:
    """Run library function ``fn`` on ``args`` (references already resolved).

    Never raises for bad input: a call that cannot run returns
    ``CallResult(None, ticks, error)`` with a sentence a student can read.
    Arguments that fail their checks cost 1 tick; a failure found while
    computing (a singular matrix) costs the work done to find it.  Random
    numbers come only from ``rng``, so the same seed gives the same result.
    """
    func = lookup(fn)
    if func is None:
        return CallResult(None, 1, unknown_function(fn, "").message)
    problems = func.check(args, "", static=False)
    if problems:
        return CallResult(None, 1, _sentence(fn, problems))
    try:
        outcome = func.run(func.with_defaults(args), rng)
    except CallFailure as failure:
        return CallResult(None, cost.ticks(failure.work), failure.message)
    return CallResult(outcome.value, cost.ticks(outcome.work), None)


def functions() -> list[dict[str, Any]]:
    """``[{"name", "summary", "args": {name: description}, "example": {...}}]``
    for every function, in registration order (for UIs and docs)."""
    described = []
    for name in registry.names("library"):
        func = lookup(name)
        assert func is not None  # the name came from the registry
        described.append(func.describe())
    return described


def _sentence(fn: str, problems: list[Problem]) -> str:
    """One readable error from a call's problems: the first, and how many more."""
    first = problems[0]  # _QUOTED of them; its path is never empty ("args...")
    more = len(problems) - _QUOTED
    if more == 0:
        return CALL_PROBLEM.say(fn=fn, path=first.path, problem=first.message)
    if more == 1:
        return CALL_PROBLEM_AND_ONE.say(fn=fn, path=first.path, problem=first.message)
    return CALL_PROBLEM_AND_MORE.say(fn=fn, path=first.path, problem=first.message, n=f"{more:,}")
