"""The four fit policies: each only chooses a hole (see list_allocator.py).

Every policy searches the free list in list order.  ``searched`` counts the
entries examined, as the textbook counts them: first and next fit stop at the
first hole that fits (or examine all when none does); best and worst fit
always examine the whole list, and among equal holes take the first in list
order.  Where the sorted list of sizes already tells the answer (no hole is
big enough; the size of the best or worst hole) the scan is cut short, but
``searched`` still reports what the textbook search examines.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..i18n import define, gettext_noop
from ..registry import register
from .config import MemoryConfig
from .free_list import Hole, first_with_size
from .list_allocator import FreeListAllocator


@register("memory", "first_fit")
class FirstFit(FreeListAllocator):
    """First fit: the first hole in list order that is big enough."""

    title = "First fit"
    CHOSEN = define("memory.first_fit.chosen", gettext_noop(
        "first fit: the hole at {addr} ({size} bytes) is the first that holds {need}"))
    CHOSEN_HOW = define("memory.first_fit.chosen_how", gettext_noop(
        "first fit: the hole at {addr} ({size} bytes) is the first that holds {need} ({how})"))

    def choose(self, entries: Sequence[Hole], need: int) -> tuple[int | None, int]:
        if need > self.holes.largest():
            return None, len(entries)
        for i, hole in enumerate(entries):
            if hole.size >= need:
                return i, i + 1
        raise AssertionError("the sorted sizes promised a hole that holds the request")


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
        super().__init__(config)

    def choose(self, entries: Sequence[Hole], need: int) -> tuple[int | None, int]:
        n = len(entries)
        if need > self.holes.largest():
            return None, n
        begin = 0 if self.rover is None else self.holes.index_of(self.rover)
        self._began_at = None if self.rover is None else self.rover.start
        for k in range(n):
            i = (begin + k) % n
            if entries[i].size >= need:
                return i, k + 1
        raise AssertionError("the sorted sizes promised a hole that holds the request")

    def explain(self, hole: Hole, need: int, how: str) -> str:
        args = {"addr": hole.start, "size": hole.size, "need": need}
        if how:
            args["how"] = how
        if self._began_at is None:
            return (self.FROM_HEAD_HOW if how else self.FROM_HEAD).say(**args)
        return (self.ON_FROM_HOW if how else self.ON_FROM).say(start=self._began_at, **args)

    def after_cut(self, index: int, hole: Hole, emptied: bool) -> None:
        if not emptied:
            self.rover = hole
            return
        entries = self.holes.entries
        if not entries:
            self.rover = None
        else:
            self.rover = entries[index] if index < len(entries) else entries[0]

    def after_merge(self, absorbed: list[Hole], merged: Hole) -> None:
        if any(h is self.rover for h in absorbed):
            self.rover = merged


@register("memory", "best_fit")
class BestFit(FreeListAllocator):
    """Best fit: the smallest hole that is big enough (the first of equals)."""

    title = "Best fit"
    CHOSEN = define("memory.best_fit.chosen", gettext_noop(
        "best fit: the hole at {addr} ({size} bytes) is the smallest that holds {need}"))
    CHOSEN_HOW = define("memory.best_fit.chosen_how", gettext_noop(
        "best fit: the hole at {addr} ({size} bytes) is the smallest that holds {need} ({how})"))

    def choose(self, entries: Sequence[Hole], need: int) -> tuple[int | None, int]:
        best = self.holes.smallest_at_least(need)
        if best is None:
            return None, len(entries)
        return first_with_size(entries, best), len(entries)


@register("memory", "worst_fit")
class WorstFit(FreeListAllocator):
    """Worst fit: the largest hole, if it is big enough (the first of equals)."""

    title = "Worst fit"

    def choose(self, entries: Sequence[Hole], need: int) -> tuple[int | None, int]:
        largest = self.holes.largest()
        if largest < need:
            return None, len(entries)
        return first_with_size(entries, largest), len(entries)

    CHOSEN = define("memory.worst_fit.chosen", gettext_noop(
        "worst fit: the hole at {addr} ({size} bytes) is the largest, and it holds {need}"))
    CHOSEN_HOW = define("memory.worst_fit.chosen_how", gettext_noop(
        "worst fit: the hole at {addr} ({size} bytes) is the largest, and it holds {need} ({how})"))
