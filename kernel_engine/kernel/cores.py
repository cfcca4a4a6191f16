"""CPU cores and the Gantt bars they draw."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .loop import Kernel
    from .process import Thread


class Core:
    """One CPU core: who runs on it, until when, and the bar being drawn."""

    __slots__ = ("index", "thread", "run_start", "slice_end", "switching", "last",
                 "seg_who", "seg_start", "seg_end", "busy_ticks")

    def __init__(self, index: int) -> None:
        self.index = index
        self.thread: Thread | None = None
        self.run_start = 0
        self.slice_end = 0
        #: paying the context-switch cost until ``slice_end``
        self.switching = False
        #: the thread this core ran last (a context switch is a change of it)
        self.last: Thread | None = None
        #: The Gantt bar being drawn: who, since when, and where it stopped
        #: (None while running).  A stopped bar stays open until the end of
        #: the instant, in case the same thread goes on at once.
        self.seg_who: str | None = None
        self.seg_start = 0
        self.seg_end: int | None = None
        self.busy_ticks = 0


class GanttRecorder:
    """Keeps the bars as ``(start, core, who, end)`` (the result makes them
    ``{"core", "who", "start", "end"}``, sorted: a tuple is cheaper to make,
    and tuples sort by start then core without a key).

    Consecutive slices of the same thread on the same core make one bar;
    idle time and zero-length runs make none.  The kernel draws the bar
    being drawn on each core (``Core.seg_*``: ``CoreControl._begin`` starts
    or extends it, ``_release`` stops it, once per slice, without a call);
    this class closes them.
    """

    def __init__(self, kernel: "Kernel") -> None:
        self.kernel = kernel
        self.bars: list[tuple[int, int, str, int]] = []

    def close(self, core: Core) -> None:
        """The bar on ``core`` is final (called at the end of each instant for stopped bars)."""
        start, end = core.seg_start, core.seg_end
        if end is not None and end > start:
            self.bars.append((start, core.index, core.seg_who, end))
            if self.kernel.tracer is not None:
                self.kernel.emit("segment", lane=f"core {core.index}", core=core.index,
                                 who=core.seg_who, start=start, end=end)
        core.seg_who, core.seg_end = None, None

    def close_all(self, cores: list[Core], t: int) -> None:
        """The run ended at ``t``: every open bar ends there."""
        for core in cores:
            if core.seg_who is not None:
                if core.seg_end is None:
                    core.seg_end = t
                self.close(core)
