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
from ..i18n import define
from .checks import Checker, describe, key

#: Marks an argument without a default: the caller must give it.
REQUIRED = object()


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
        return {"value": self.value, "ticks": self.ticks, "error": self.error}


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

    # -- checking ----------------------------------------------------------
    def check(self, args: Any, path: str, *, static: bool) -> list[Problem]:
        """Every problem of ``args``; paths are ``{path}.args.<name>...``."""
        ck = Checker(static)
        at = key(path, "args")
        if ck.unknown(args):
            return []
        if not isinstance(args, dict):
            ck.add(at, f"must be an object of named arguments like "
                       f"{_example_text(self.example)}, got {describe(args)}")
            return ck.problems
        for name in args:
            if name not in self.params:
                close = difflib.get_close_matches(str(name), list(self.params), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                ck.add(key(at, name), f"is not an argument of {self.name}; "
                                      f"{hint}it takes {self._param_list()}")
        missing = [name for name, p in self.params.items() if p.required and name not in args]
        for name in missing:
            ck.add(key(at, name), f"is missing: {self.name} needs {name}, "
                                  f"{self.params[name].description}")
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

    def _param_list(self) -> str:
        return ", ".join(self.params) if self.params else "no arguments"

    # -- running -----------------------------------------------------------
    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        """Compute the value; ``args`` passed ``check`` and has its defaults."""
        raise NotImplementedError

    # -- describing --------------------------------------------------------
    def describe(self) -> dict[str, Any]:
        """``{"name", "summary", "summary_key", "args", "example"}`` for UIs and docs."""
        args = {}
        for name, param in self.params.items():
            text = param.description
            # A default of None means "it depends": the description says on what.
            if not param.required and param.default is not None:
                text += f" (default {_default_text(param.default)})"
            args[name] = text
        # A copy: a caller that edits the example must not edit the class.
        # The summary as data too: its key renders it in the page's language.
        summary = define(f"library.{self.name}.summary", self.summary)
        return {"name": self.name, "summary": self.summary, "summary_key": summary.key,
                "args": args, "example": copy.deepcopy(self.example)}


def _default_text(value: Any) -> str:
    return json.dumps(value)


def _example_text(example: dict[str, Any]) -> str:
    return json.dumps(example) if example else "{}"


__all__ = ["REQUIRED", "Param", "Outcome", "CallFailure", "CallResult", "LibraryFunction"]
