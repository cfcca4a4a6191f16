"""Errors a user of the engine can meet, with messages a student can read."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where (a JSON path) and what.

    A message made as data (``kernel_engine.i18n``) also has its ``key`` and
    ``args``, which ``as_dict`` adds as ``message_key`` and ``message_args``.
    """

    path: str
    message: str

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
