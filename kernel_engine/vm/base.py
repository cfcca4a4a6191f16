"""What a page-replacement policy is: it watches one pool of frames and picks victims.

A pool is the frames one choice is made among: all frames (``frames_split:
"global"``) or one process's share (``"local"``).  The memory manager tells
the policy what happens to the frames of its pool and asks it for a victim
only when the pool is full::

    @register("vm", "fifo")
    class Fifo(Replacement):
        def loaded(self, frame, page, t): ...   # a page was read into frame
        def used(self, frame, page, t): ...     # a resident page was accessed again
        def freed(self, frame): ...             # a killed process's frame was emptied
        def victim(self, t) -> frame            # which frame to empty
        def why(self, frame, page, t) -> Reason # why that one (asked only when explaining)

``page`` is a :class:`Resident` (owner, page number, use counter, dirty
bit, load and last-use times).  Each call is O(1) (OPT: O(log n)) so that
a million accesses stay linear.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..i18n import Reason

if TYPE_CHECKING:  # pragma: no cover  (numpy is imported at the first random draw)
    import numpy


@dataclass
class Resident:
    """A page in a frame: whose, which, and its bits."""

    who: str
    page: int
    loaded: int
    last_used: int
    use: int = 1
    dirty: bool = False
    #: OPT: the index of this page's next use in its process's reference string
    next_use: int = 0


class Replacement:
    """Base class of the replacement policies (see the module docstring)."""

    #: Menu text and short name in sentences.
    title: ClassVar[str] = ""
    label: ClassVar[str] = ""
    #: vm settings it reads besides ``replacement``.
    settings: ClassVar[tuple[str, ...]] = ()
    #: True when it needs each process's future (OPT).
    needs_future: ClassVar[bool] = False

    def __init__(self, frames: list[int], resident: list["Resident | None"], config: dict[str, Any],
                 rng: numpy.random.Generator) -> None:
        self.frames = frames
        #: every frame's page (shared with the memory manager; read only here)
        self.resident = resident
        self.config = config
        self.rng = rng

    def loaded(self, frame: int, page: Resident, t: int) -> None:
        """``page`` was read into ``frame`` at ``t``."""

    def used(self, frame: int, page: Resident, t: int) -> None:
        """The page in ``frame`` was accessed again at ``t``."""

    def freed(self, frame: int) -> None:
        """``frame`` was emptied without a choice (its process was killed): forget it."""

    def victim(self, t: int) -> int:
        """The frame to empty (every frame of the pool is full)."""
        raise NotImplementedError

    def why(self, frame: int, page: Resident, t: int) -> Reason:
        """Why the last ``victim`` chose ``frame`` (holding ``page``); only asked
        when the run is explained (a trace, or ``record: "table"``), so that
        counting a million accesses builds no sentences."""
        raise NotImplementedError

    def hand(self) -> int | None:
        """The clock hand's frame, for the page-frame view (None without a hand)."""
        return None
