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
from collections.abc import Sequence

from .base import Allocator
from .config import MemoryConfig
from .free_list import FreeList, Hole
from .outcomes import AllocOutcome, FreeOutcome


class FreeListAllocator(Allocator):
    """The shared base of ``first_fit``, ``next_fit``, ``best_fit`` and ``worst_fit``.

    At start the free list holds the whole heap as one hole, or the
    configured ``holes``, given back one by one in the order listed (so
    ``order`` places them, and with ``coalesce`` touching holes merge).
    """

    # How ``explain`` words the choice: "the hole at 100 (500 bytes) <verdict> 212".
    verdict = ""

    def __init__(self, config: MemoryConfig) -> None:
        super().__init__(config)
        self.holes = FreeList(config.order, config.coalesce)
        ranges = config.holes if config.holes is not None else ((config.base, config.size),)
        for start, size in ranges:
            self.holes.add(start, size)

    # -- the policy's hooks ------------------------------------------------

    @abstractmethod
    def choose(self, entries: Sequence[Hole], need: int) -> tuple[int | None, int]:
        """Pick the hole for a block of ``need`` bytes.

        ``entries`` is the free list in list order (read only).  Returns
        ``(index of the chosen hole or None, number of entries examined)``.
        The chosen hole must hold ``need`` bytes.
        """

    def explain(self, hole: Hole, need: int, wanted: str) -> str:
        """The sentence for choosing ``hole``; ``wanted`` is ``need`` in words."""
        return (f"{self.title.lower()}: the hole at {hole.start} ({hole.size} bytes) "
                f"{self.verdict} {wanted}")

    def after_cut(self, index: int, hole: Hole, emptied: bool) -> None:
        """Called after a block was cut from ``hole`` (which was at ``index``).

        ``emptied`` means the hole was used up and left the list, so the hole
        that followed it is now at ``index``.
        """

    def after_merge(self, absorbed: list[Hole], merged: Hole) -> None:
        """Called after a free merged the holes ``absorbed`` into ``merged``."""

    # -- the allocator -----------------------------------------------------

    def alloc(self, size: int) -> AllocOutcome:
        need = self.block_size(size)
        how = self.sizing(size, need)
        entries = self.holes.entries
        index, searched = self.choose(entries, need)
        if index is None:
            largest = self.holes.largest()
            tail = f"largest is {largest}" if entries else "nothing is free"
            detail = f"{how}; {tail}" if how else tail
            return AllocOutcome(None, None, 0, searched,
                                f"no hole holds {need} bytes ({detail})")
        hole = entries[index]
        if hole.size < need:
            raise AssertionError(f"{self.title.lower()} chose the hole at {hole.start} "
                                 f"({hole.size} bytes) for {need} bytes")
        reason = self.explain(hole, need, f"{need} ({how})" if how else f"{need}")
        start, emptied = self.holes.cut(index, need)
        self.after_cut(index, hole, emptied)
        return AllocOutcome(self._take(start, need), start, need, searched, reason)

    def free(self, addr: int) -> FreeOutcome:
        start, block = self._give_back(addr)
        hole, absorbed = self.holes.add(start, block)
        reason = f"freed {block} bytes at {start}"
        if absorbed:
            self.after_merge(absorbed, hole)
            places = " and ".join(str(h.start) for h in absorbed)
            noun = "holes" if len(absorbed) > 1 else "hole"
            reason += (f", merged with the {noun} at {places} into one hole "
                       f"of {hole.size} bytes at {hole.start}")
        merged = [[h.start, h.size] for h in absorbed]
        return FreeOutcome(start, block, merged, reason)

    def free_list(self) -> list[list[int]]:
        return self.holes.snapshot()

    def largest_free(self) -> int:
        return self.holes.largest()

    def total_free(self) -> int:
        return self.holes.total
