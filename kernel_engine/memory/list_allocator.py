"""An allocator over a free list of holes; a fit policy only chooses the hole.

``FreeListAllocator`` owns everything but the choice (template method, as in
SimPy's resources): sizing the request, cutting the block, giving it back
with coalescing, the numbers and the sentences.  A policy overrides
``choose`` and, if it words its decision differently, ``explain``.  Policies
with memory of their own (next fit's rover) hear about every cut and merge
through ``after_cut`` and ``after_merge``.
"""
from __future__ import annotations

from abc import abstractmethod
from typing import ClassVar

from .base import Allocator
from ..i18n import Text, define, gettext_noop
from .config import MemoryConfig
from .free_list import FreeList, Hole
from .outcomes import AllocOutcome, FreeOutcome


NO_HOLE = define("memory.alloc.no_hole", gettext_noop("no hole holds {need} bytes (largest is {n})"))
NOTHING_FREE = define("memory.alloc.nothing_free",
                      gettext_noop("no hole holds {need} bytes (nothing is free)"))
NO_HOLE_HOW = define("memory.alloc.no_hole_how",
                     gettext_noop("no hole holds {need} bytes ({how}; largest is {n})"))
NOTHING_FREE_HOW = define("memory.alloc.nothing_free_how",
                          gettext_noop("no hole holds {need} bytes ({how}; nothing is free)"))
FREED = define("memory.free", gettext_noop("freed {size} bytes at {addr}"))
FREED_MERGED = define("memory.free.merged", gettext_noop(
    "freed {size} bytes at {addr}, merged with the hole at {start} into one hole of "
    "{n} bytes at {first}"))
FREED_MERGED_TWO = define("memory.free.merged_two", gettext_noop(
    "freed {size} bytes at {addr}, merged with the holes at {start} and {end} into "
    "one hole of {n} bytes at {first}"))

class FreeListAllocator(Allocator):
    """The shared base of ``first_fit``, ``next_fit``, ``best_fit`` and ``worst_fit``.

    At start the free list holds the whole heap as one hole, or the
    configured ``holes``, given back one by one in the order listed (so
    ``order`` places them, and with ``coalesce`` touching holes merge).
    """

    # How ``explain`` words the choice, without and with how the size was
    # made ("the hole at {addr} ({size} bytes) is the first that holds {need}").
    CHOSEN: Text
    CHOSEN_HOW: Text
    #: Whether ``choose`` reads the free list's size index (``first_of_size``,
    #: ``smallest_at_least``); policies that do not are spared its upkeep.
    by_size: ClassVar[bool] = False

    def __init__(self, config: MemoryConfig) -> None:
        super().__init__(config)
        self.holes = FreeList(config.order, config.coalesce, self.by_size)
        ranges = config.holes if config.holes is not None else ((config.base, config.size),)
        for start, size in ranges:
            self.holes.add(start, size)
        self.capacity = self.holes.largest()

    # -- the policy's hooks ------------------------------------------------

    @abstractmethod
    def choose(self, need: int) -> tuple[Hole | None, int]:
        """Pick the hole for a block of ``need`` bytes.

        ``self.holes`` is the free list (read only: ``first_fit``,
        ``first_of_size``, ``rank``, iteration in list order).  Returns
        ``(the chosen hole or None, number of entries examined)``.  The
        chosen hole must hold ``need`` bytes.
        """

    def explain(self, hole: Hole, need: int, how: str) -> str:
        """The sentence for choosing ``hole`` for ``need`` bytes (``how``: how they were made)."""
        if how:
            return self.CHOSEN_HOW.say(addr=hole.start, size=hole.size, need=need, how=how)
        return self.CHOSEN.say(addr=hole.start, size=hole.size, need=need)

    def after_cut(self, hole: Hole, emptied: bool) -> None:
        """Called after a block was cut from ``hole``.

        ``emptied`` means the hole was used up and left the list.
        """

    def after_merge(self, absorbed: list[Hole], merged: Hole) -> None:
        """Called after a free merged the holes ``absorbed`` into ``merged``."""

    # -- the allocator -----------------------------------------------------

    def alloc(self, size: int) -> AllocOutcome:
        need = self.block_size(size)
        how = self.sizing(size, need) if need != size else ""
        hole, searched = self.choose(need)
        if hole is None:
            too_large = self.too_large(need)
            if too_large is not None:
                return AllocOutcome(None, None, 0, searched, too_large)
            if len(self.holes):
                text = NO_HOLE_HOW if how else NO_HOLE
                args = {"need": need, "n": self.holes.largest()}
            else:
                text = NOTHING_FREE_HOW if how else NOTHING_FREE
                args = {"need": need}
            if how:
                args["how"] = how
            return AllocOutcome(None, None, 0, searched, text.say(**args))
        if hole.size < need:
            raise AssertionError(f"{self.title.lower()} chose the hole at {hole.start} "
                                 f"({hole.size} bytes) for {need} bytes")
        reason = self.explain(hole, need, how)
        start, emptied = self.holes.cut(hole, need)
        self.after_cut(hole, emptied)
        return AllocOutcome(self._take(start, need), start, need, searched, reason)

    def free(self, addr: int) -> FreeOutcome:
        start, block = self._give_back(addr)
        hole, absorbed = self.holes.add(start, block)
        if not absorbed:
            reason = FREED.say(size=block, addr=start)
        else:
            self.after_merge(absorbed, hole)
            if len(absorbed) == 1:
                reason = FREED_MERGED.say(size=block, addr=start, start=absorbed[0].start,
                                          n=hole.size, first=hole.start)
            else:
                reason = FREED_MERGED_TWO.say(size=block, addr=start, start=absorbed[0].start,
                                              end=absorbed[1].start, n=hole.size, first=hole.start)
        return FreeOutcome(start, block, [[h.start, h.size] for h in absorbed] if absorbed else [],
                           reason)

    def free_list(self) -> list[list[int]]:
        return self.holes.snapshot()

    def largest_free(self) -> int:
        return self.holes.largest()

    def total_free(self) -> int:
        return self.holes.total
