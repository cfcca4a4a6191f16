"""The four fit policies: each only chooses a hole (see list_allocator.py).

Every policy searches the free list in list order.  ``searched`` counts the
entries examined, as the textbook counts them: first and next fit stop at the
first hole that fits (or examine all when none does); best and worst fit
always examine the whole list, and among equal holes take the first in list
order.  None of them scans: the free list finds the first hole that fits by
descending a tree over list order (its rank gives ``searched``), and the
first hole of a given size from its per-size index, so ``searched`` reports
what the textbook search examines without examining it.
"""
from __future__ import annotations

from ..i18n import define, gettext_noop
from ..registry import register
from .config import MemoryConfig
from .free_list import Hole
from .list_allocator import FreeListAllocator


@register("memory", "first_fit")
class FirstFit(FreeListAllocator):
    """First fit: the first hole in list order that is big enough."""

    title = "First fit"
    CHOSEN = define("memory.first_fit.chosen", gettext_noop(
        "first fit: the hole at {addr} ({size} bytes) is the first that holds {need}"))
    CHOSEN_HOW = define("memory.first_fit.chosen_how", gettext_noop(
        "first fit: the hole at {addr} ({size} bytes) is the first that holds {need} ({how})"))

    def choose(self, need: int) -> tuple[Hole | None, int]:
        found = self.holes.seq.first_fit(need)
        if found is None:
            return None, len(self.holes)
        rank, hole = found
        return hole, rank + 1


@register("memory", "next_fit")
class NextFit(FreeListAllocator):
    """Next fit: first fit, but each search starts where the last one stopped.

    The *rover* is the hole the next search starts from (None: the head).

    - After an allocation it points at the hole the block was cut from, whose
      remainder keeps its place in the list.
    - If that cut used the whole hole (it leaves the list), the rover moves to
      the hole that followed it, or wraps to the head if it was the last one
      (None if the list is now empty).
    - If a free merges the rover's hole with the freed block, the rover
      follows the merged hole, wherever the order places it.
    - A free that re-sorts the list moves holes, not the rover: it keeps
      pointing at the same hole, which may now sit at another position.
    - A failed search leaves the rover where it was.
    """

    title = "Next fit"
    FROM_HEAD = define("memory.next_fit.from_head", gettext_noop(
        "next fit: searching from the head of the list, the hole at {addr} ({size} bytes) "
        "is the first that holds {need}"))
    FROM_HEAD_HOW = define("memory.next_fit.from_head_how", gettext_noop(
        "next fit: searching from the head of the list, the hole at {addr} ({size} bytes) "
        "is the first that holds {need} ({how})"))
    ON_FROM = define("memory.next_fit.on_from", gettext_noop(
        "next fit: searching on from the hole at {start}, the hole at {addr} ({size} bytes) "
        "is the first that holds {need}"))
    ON_FROM_HOW = define("memory.next_fit.on_from_how", gettext_noop(
        "next fit: searching on from the hole at {start}, the hole at {addr} ({size} bytes) "
        "is the first that holds {need} ({how})"))

    def __init__(self, config: MemoryConfig) -> None:
        self.rover: Hole | None = None
        self._began_at: int | None = None  # where the last search started
        self._chosen_rank = 0  # the chosen hole's place in the list
        super().__init__(config)

    def choose(self, need: int) -> tuple[Hole | None, int]:
        holes = self.holes
        n = len(holes)
        if need > holes.largest():
            return None, n
        rover, seq = self.rover, holes.seq
        if rover is None:
            begin, self._began_at = 0, None
            found = seq.first_fit(need)
        else:
            begin, self._began_at = seq.rank(rover), rover.start
            found = seq.first_fit_after(rover, need) or seq.first_fit(need)
        assert found is not None, "the sorted sizes promised a hole that holds the request"
        rank, hole = found
        self._chosen_rank = rank
        return hole, (rank - begin) % n + 1

    def explain(self, hole: Hole, need: int, how: str) -> str:
        args = {"addr": hole.start, "size": hole.size, "need": need}
        if how:
            args["how"] = how
        if self._began_at is None:
            return (self.FROM_HEAD_HOW if how else self.FROM_HEAD).say(**args)
        return (self.ON_FROM_HOW if how else self.ON_FROM).say(start=self._began_at, **args)

    def after_cut(self, hole: Hole, emptied: bool) -> None:
        if not emptied:
            self.rover = hole
            return
        # The hole that followed the emptied one is now at its rank.
        holes = self.holes
        if not len(holes):
            self.rover = None
        else:
            rank = self._chosen_rank
            self.rover = holes.seq.at(rank if rank < len(holes) else 0)

    def after_merge(self, absorbed: list[Hole], merged: Hole) -> None:
        if any(h is self.rover for h in absorbed):
            self.rover = merged


@register("memory", "best_fit")
class BestFit(FreeListAllocator):
    """Best fit: the smallest hole that is big enough (the first of equals)."""

    by_size = True
    title = "Best fit"
    CHOSEN = define("memory.best_fit.chosen", gettext_noop(
        "best fit: the hole at {addr} ({size} bytes) is the smallest that holds {need}"))
    CHOSEN_HOW = define("memory.best_fit.chosen_how", gettext_noop(
        "best fit: the hole at {addr} ({size} bytes) is the smallest that holds {need} ({how})"))

    def choose(self, need: int) -> tuple[Hole | None, int]:
        holes = self.holes
        best = holes.smallest_at_least(need)
        if best is None:
            return None, len(holes)
        return holes.first_of_size(best), len(holes)


@register("memory", "worst_fit")
class WorstFit(FreeListAllocator):
    """Worst fit: the largest hole, if it is big enough (the first of equals)."""

    by_size = True
    title = "Worst fit"

    def choose(self, need: int) -> tuple[Hole | None, int]:
        largest = self.holes.largest()
        if largest < need:
            return None, len(self.holes)
        return self.holes.first_of_size(largest), len(self.holes)

    CHOSEN = define("memory.worst_fit.chosen", gettext_noop(
        "worst fit: the hole at {addr} ({size} bytes) is the largest, and it holds {need}"))
    CHOSEN_HOW = define("memory.worst_fit.chosen_how", gettext_noop(
        "worst fit: the hole at {addr} ({size} bytes) is the largest, and it holds {need} ({how})"))
