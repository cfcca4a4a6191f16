"""What a blocked thread waits for, as data.

Steps show a wait as ``{"on": "disk", "target": 5}`` so that a player reads
its parts instead of parsing a string; the result's ``deadlock.waits`` keeps
the contract's strings (``"mutex:m2"``), which :attr:`Wait.text` writes.
"""
from __future__ import annotations

from typing import Any, NamedTuple


class Wait(NamedTuple):
    """One wait: ``on`` names what kind of thing (``mutex``, ``disk``, ``recv``...),
    ``target`` which one (a mutex name, a request index, a process...).

    ``on`` is also the category of the result's ``processes[...].blocked``.
    A NamedTuple (immutable, compared and shown by its fields like the
    frozen dataclass it was) so that the command line's start-up does not
    import ``dataclasses`` and ``inspect`` for it.
    """

    on: str
    target: Any
    #: the contract's spelling when it is not ``on:target`` (a device wait
    #: reads ``io:5 ticks``, a disk wait ``io:3``)
    spelled: str | None = None

    @property
    def text(self) -> str:
        """The contract's string, e.g. ``"mutex:m2"`` or ``"join:T1"``."""
        return self.spelled if self.spelled is not None else f"{self.on}:{self.target}"

    @property
    def category(self) -> str:
        """What the result's per-process ``blocked`` ticks are filed under."""
        return self.text.split(":")[0]

    def as_dict(self) -> dict[str, Any]:
        return {"on": self.on, "target": self.target}


def disk(request: int) -> Wait:
    """Waiting for disk request ``request``."""
    return Wait("disk", request, f"io:{request}")


def device(ticks: int) -> Wait:
    """Waiting ``ticks`` ticks for a fixed-latency device."""
    return Wait("device", ticks, f"io:{ticks} ticks")
