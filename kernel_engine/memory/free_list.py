"""The free list: holes in list order, with the mechanics every fit policy shares.

Rules (CONTRACT.md "Memory", docs/memory.md):

- A block is cut from the low end of a hole; the rest of the hole stays in
  the hole's place in the list.  A hole cut to size 0 leaves the list.
  Cutting never re-sorts the list, even when the order is by size.
- A hole given back is placed by ``order``: ``insert_front`` at the head,
  ``insert_back`` at the tail; ``address``, ``size_asc`` and ``size_desc``
  append it and then stably re-sort the whole list, so it lands after the
  holes with an equal key.
- With ``coalesce``, a hole given back first merges with the holes that touch
  it in memory (the one ending where it starts, the one starting where it
  ends).  Those neighbours leave the list and the merged hole is placed as
  above: so under ``insert_front`` it goes to the head, under
  ``insert_back`` to the tail, under the sorted orders where its key puts it.

Costs: neighbours are found in O(1) through two dicts (start -> hole and
end -> hole); the largest hole and the smallest hole of at least n bytes in
O(log n) through a sorted list of sizes.  Under ``address`` order a hole's
place is found by bisecting on starts; under the size orders a freed hole is
bisected into place while the list is still sorted, and only a list left out
of order by cuts is re-sorted (Python's sort is stable, as the rule needs).
"""
from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Sequence


class Hole:
    """A free range ``[start, start + size)``.  Mutable: a cut moves ``start`` up."""

    __slots__ = ("start", "size")

    def __init__(self, start: int, size: int) -> None:
        self.start = start
        self.size = size

    @property
    def end(self) -> int:
        """One past the hole's last byte."""
        return self.start + self.size

    def __repr__(self) -> str:
        return f"Hole(start={self.start}, size={self.size})"


def _by_start(hole: Hole) -> int:
    return hole.start


def _by_size(hole: Hole) -> int:
    return hole.size


def _by_size_desc(hole: Hole) -> int:
    return -hole.size


# The sort key of each sorted order; insert_front/insert_back have none.
_KEYS: dict[str, Callable[[Hole], int]] = {
    "address": _by_start, "size_asc": _by_size, "size_desc": _by_size_desc,
}


class FreeList:
    """Holes in list order.  ``entries`` is the list itself: read it, never change it."""

    def __init__(self, order: str, coalesce: bool) -> None:
        self.order = order
        self.coalesce = coalesce
        self.entries: list[Hole] = []
        self.total = 0
        self._key = _KEYS.get(order)
        self._at_start: dict[int, Hole] = {}
        self._at_end: dict[int, Hole] = {}
        self._sizes: list[int] = []  # every hole's size, ascending (a multiset)
        # Under a size order, False once a cut has left a hole out of place:
        # the next free must then re-sort the whole list.
        self._in_order = True

    def __len__(self) -> int:
        return len(self.entries)

    def snapshot(self) -> list[list[int]]:
        """``[[start, size], ...]`` in list order."""
        return [[h.start, h.size] for h in self.entries]

    def largest(self) -> int:
        """The largest hole's size, 0 when the list is empty."""
        return self._sizes[-1] if self._sizes else 0

    def smallest_at_least(self, need: int) -> int | None:
        """The smallest hole size that is >= ``need``, or None if no hole is that big."""
        i = bisect_left(self._sizes, need)
        return self._sizes[i] if i < len(self._sizes) else None

    def index_of(self, hole: Hole) -> int:
        """The hole's position in the list."""
        if self._key is None or not self._in_order:
            return self.entries.index(hole)
        # Sorted: skip straight to the first hole with an equal key; the
        # identity search from there only crosses holes with that same key.
        lo = bisect_left(self.entries, self._key(hole), key=self._key)
        return self.entries.index(hole, lo)

    def cut(self, index: int, need: int) -> tuple[int, bool]:
        """Cut ``need`` bytes from the low end of the hole at ``index``.

        Returns ``(start of the cut block, whether the hole is now empty and
        left the list)``.  The caller has checked that the hole holds ``need``.
        """
        hole = self.entries[index]
        start = hole.start
        self._forget_size(hole.size)
        del self._at_start[start]
        hole.start += need
        hole.size -= need
        self.total -= need
        if hole.size == 0:
            del self.entries[index]
            del self._at_end[hole.end]
            return start, True
        self._at_start[hole.start] = hole
        insort(self._sizes, hole.size)
        if self._key is not None and self._in_order:
            self._in_order = self._fits_between_neighbours(index)
        return start, False

    def add(self, start: int, size: int) -> tuple[Hole, list[Hole]]:
        """Give ``[start, start + size)`` back to the list.

        Returns the hole that now holds those bytes, and the neighbours merged
        into it (left one first; empty without ``coalesce``).  The caller
        guarantees that the range is not free already.
        """
        absorbed: list[Hole] = []
        if self.coalesce:
            left = self._at_end.get(start)
            right = self._at_start.get(start + size)
            absorbed = [h for h in (left, right) if h is not None]
            for neighbour in absorbed:
                self._remove(neighbour)
            if left is not None:
                size += start - left.start
                start = left.start
            if right is not None:
                size += right.size
        hole = Hole(start, size)
        self._place(hole)
        return hole, absorbed

    # -- internals ---------------------------------------------------------

    def _fits_between_neighbours(self, index: int) -> bool:
        """Is the hole at ``index`` still in sorted place (so no re-sort is needed)?"""
        key, entries = self._key, self.entries
        assert key is not None
        k = key(entries[index])
        if index > 0 and key(entries[index - 1]) > k:
            return False
        return index + 1 == len(entries) or k <= key(entries[index + 1])

    def _place(self, hole: Hole) -> None:
        if self.order == "insert_front":
            self.entries.insert(0, hole)
        elif self.order == "insert_back":
            self.entries.append(hole)
        elif self._in_order:
            # "Append, then stably re-sort" on a sorted list is exactly an
            # insertion after every hole with an equal key: bisect right.
            insort(self.entries, hole, key=self._key)
        else:
            self.entries.append(hole)
            self.entries.sort(key=self._key)
            self._in_order = True
        self._at_start[hole.start] = hole
        self._at_end[hole.end] = hole
        insort(self._sizes, hole.size)
        self.total += hole.size

    def _remove(self, hole: Hole) -> None:
        del self.entries[self.index_of(hole)]
        del self._at_start[hole.start]
        del self._at_end[hole.end]
        self._forget_size(hole.size)
        self.total -= hole.size

    def _forget_size(self, size: int) -> None:
        del self._sizes[bisect_left(self._sizes, size)]


def first_with_size(entries: Sequence[Hole], size: int) -> int:
    """Index of the first hole in list order whose size is exactly ``size`` (it exists)."""
    return next(i for i, h in enumerate(entries) if h.size == size)
