"""Errors a user of the engine can meet, with messages a student can read."""
from __future__ import annotations

from typing import Any


class Frozen:
    """An immutable value over its ``__slots__``: compared, hashed, shown and
    pickled by those values.  (What ``@dataclass(frozen=True, slots=True)``
    gives, without the dataclasses module, which costs the command line's
    start-up several ms.)  A subclass lists its fields in ``__slots__`` and
    stores them with ``_set`` in its ``__init__``.
    """

    __slots__ = ()

    def _set(self, *values: Any) -> None:
        for name, value in zip(self.__slots__, values):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple:
        return (type(self), self._values())


class Problem(Frozen):
    """One thing wrong with a scenario: where (a JSON path) and what.

    A message made as data (``kernel_engine.i18n``) also has its ``key`` and
    ``args``, which ``as_dict`` adds as ``message_key`` and ``message_args``.
    Immutable and compared by value (``Frozen``).
    """

    __slots__ = ("path", "message")
    path: str
    message: str

    def __init__(self, path: str, message: str) -> None:
        self._set(path, message)

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
