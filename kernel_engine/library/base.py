"""What every library function is: its arguments, its checks, its run.

A library function is a small class registered as ``("library", name)``::

    @register("library", "math.transpose")
    class Transpose(LibraryFunction):
        \"\"\"Swap the rows and columns of a matrix.\"\"\"
        params = {"a": Param("the matrix to transpose")}
        example = {"a": [[1, 2, 3]]}

        def check_args(self, ck, args, path): ...   # shapes, sizes, choices
        def run(self, args, rng): ...               # -> Outcome(value, work)

``check`` does the checks every function shares (args is an object, no
unknown or missing argument) and then asks ``check_args`` for the rest.
``run`` only ever sees arguments that passed ``check(static=False)``, with
every default filled in; a failure that only the computation can find (a
singular matrix, a diverging training) raises ``CallFailure``.
"""
from __future__ import annotations

import copy
import difflib
import json
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy

from ..errors import Problem
from ..i18n import Reason, Text, define, gettext_noop
from .checks import Checker, describe, key

#: Marks an argument without a default: the caller must give it.
REQUIRED = object()

ARGS_NOT_OBJECT = define("library.args.object", gettext_noop(
    "must be an object of named arguments like {example}, got {described}"))
NOT_AN_ARGUMENT_HINT = define("library.args.unknown.did_you_mean", gettext_noop(
    "is not an argument of {fn}; did you mean '{name}'? it takes {names}"))
NOT_AN_ARGUMENT = define("library.args.unknown", gettext_noop("is not an argument of {fn}; it takes {names}"))
NO_ARGUMENTS = define("library.args.none", gettext_noop("is not an argument of {fn}; it takes no arguments"))
MISSING = define("library.args.missing", gettext_noop("is missing: {fn} needs {name}, {description}"))
WITH_DEFAULT = define("library.args.default", gettext_noop("{description} (default {value})"))


@dataclass(frozen=True)
class Param:
    """One argument: what it is (for docs and messages) and its default."""

    description: str
    default: Any = REQUIRED

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass(frozen=True)
class Outcome:
    """What a successful run computed: a JSON-ready value and the work done."""

    value: Any
    work: int


class CallFailure(Exception):
    """The call cannot produce a value; ``message`` is a sentence for the student.

    ``work`` is what was spent before the failure was found, so that a
    singular matrix still costs the elimination that discovered it.
    """

    def __init__(self, message: str, work: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.work = work


@dataclass(frozen=True)
class CallResult:
    """The result of ``call``: ``value`` (None on failure), ``ticks`` >= 1 and
    ``error`` (None, or a sentence a student can read)."""

    value: Any
    ticks: int
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """``{"value", "ticks", "error"}``, and ``error_key``/``error_args`` for an error made as data."""
        out = {"value": self.value, "ticks": self.ticks, "error": self.error}
        if isinstance(self.error, Reason):
            out["error_key"], out["error_args"] = self.error.key, self.error.args
        return out


class LibraryFunction:
    """Base class of the library's functions (see the module docstring)."""

    #: Arguments by name, in the order the docs list them.
    params: ClassVar[dict[str, Param]] = {}
    #: Arguments that work, shown in ``functions()`` and the docs.
    example: ClassVar[dict[str, Any]] = {}

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def summary(self) -> str:
        """The first paragraph of the class docstring, on one line."""
        first = (self.__doc__ or self.name).strip().split("\n\n")[0]
        return " ".join(first.split())

    def summary_text(self) -> Text:
        """The summary as data: its key renders it in the page's language."""
        return define(f"library.{self.name}.summary", self.summary)

    def description(self, name: str) -> Reason:
        """What argument ``name`` is (its description), as data."""
        return define(f"library.{self.name}.arg.{name}", self.params[name].description).say()

    # -- checking ----------------------------------------------------------
    def check(self, args: Any, path: str, *, static: bool) -> list[Problem]:
        """Every problem of ``args``; paths are ``{path}.args.<name>...``."""
        ck = Checker(static)
        at = key(path, "args")
        if ck.unknown(args):
            return []
        if not isinstance(args, dict):
            ck.add(at, ARGS_NOT_OBJECT.say(example=_example_text(self.example), described=describe(args)))
            return ck.problems
        for name in args:
            if name not in self.params:
                close = difflib.get_close_matches(str(name), list(self.params), n=1)
                # (argument names are identifiers: quoted as '{name}', as repr() would)
                ck.add(key(at, name), NOT_AN_ARGUMENT_HINT.say(fn=self.name, name=close[0],
                                                               names=", ".join(self.params))
                       if close else NOT_AN_ARGUMENT.say(fn=self.name, names=", ".join(self.params))
                       if self.params else NO_ARGUMENTS.say(fn=self.name))
        missing = [name for name, p in self.params.items() if p.required and name not in args]
        for name in missing:
            ck.add(key(at, name), MISSING.say(fn=self.name, name=name, description=self.description(name)))
        if not missing:  # an unknown extra argument does not stop the other checks
            known = {name: value for name, value in args.items() if name in self.params}
            self.check_args(ck, self.with_defaults(known), at)
        return ck.problems

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        """Add the problems particular to this function (args has its defaults)."""
        raise NotImplementedError

    def with_defaults(self, args: dict[str, Any]) -> dict[str, Any]:
        """``args`` with the default of every argument not given."""
        filled = {name: p.default for name, p in self.params.items() if not p.required}
        filled.update(args)
        return filled

    # -- running -----------------------------------------------------------
    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        """Compute the value; ``args`` passed ``check`` and has its defaults."""
        raise NotImplementedError

    # -- describing --------------------------------------------------------
    def describe(self) -> dict[str, Any]:
        """``{"name", "summary", "summary_key", "args", "arg_texts", "example"}`` for UIs and docs.

        ``args`` maps each argument to its English description; ``arg_texts``
        to the same sentence as data (``{"key", "args"}``), for other languages.
        """
        args, texts = {}, {}
        for name, param in self.params.items():
            text = self.description(name)
            # A default of None means "it depends": the description says on what.
            if not param.required and param.default is not None:
                text = WITH_DEFAULT.say(description=text, value=_default_text(param.default))
            args[name] = str(text)
            texts[name] = text.as_data()
        # A copy: a caller that edits the example must not edit the class.
        # The summary as data too: its key renders it in the page's language.
        return {"name": self.name, "summary": self.summary, "summary_key": self.summary_text().key,
                "args": args, "arg_texts": texts, "example": copy.deepcopy(self.example)}


def _default_text(value: Any) -> str:
    return json.dumps(value)


def _example_text(example: dict[str, Any]) -> str:
    return json.dumps(example) if example else "{}"


__all__ = ["REQUIRED", "Param", "Outcome", "CallFailure", "CallResult", "LibraryFunction"]
