"""Errors a user of the engine can meet, with messages a student can read."""
from __future__ import annotations

from typing import Any


class Problem:
    """One thing wrong with a scenario: where (a JSON path) and what.

    A message made as data (``kernel_engine.i18n``) also has its ``key`` and
    ``args``, which ``as_dict`` adds as ``message_key`` and ``message_args``.
    Immutable and compared by value.  (A plain class, not a dataclass: the
    dataclasses module costs the command line's start-up several ms.)
    """

    __slots__ = ("path", "message")
    path: str
    message: str

    def __init__(self, path: str, message: str) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "message", message)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.path, self.message) == (other.path, other.message)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.path, self.message))

    def __repr__(self) -> str:
        return f"Problem(path={self.path!r}, message={self.message!r})"

    def __reduce__(self) -> tuple:
        return (Problem, (self.path, self.message))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    @property
    def key(self) -> str | None:
        """The message's key, when it was made as data."""
        return getattr(self.message, "key", None)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "message": str(self.message)}
        if self.key is not None:
            out["message_key"] = self.key
            out["message_args"] = self.message.args  # type: ignore[attr-defined]
        return out


class ScenarioError(ValueError):
    """The scenario is invalid.  ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def as_list(self) -> list[dict[str, Any]]:
        return [p.as_dict() for p in self.problems]
