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
end -> hole).  The list itself is a ``HoleSeq`` (hole_seq.py): a tree over
short runs of holes in list order with the largest hole per subtree, so the
first hole that fits (from the head or from a rank) is found by descending,
in O(log n).  Holes of each size are kept in list order too (``by_size``), for
best and worst fit.  The sorted orders never re-sort the whole list: list
order is always sorted by a stored key; a cut under a size order leaves the
hole's key as it was (the hole keeps its place) and marks it *stale*, and the
next free re-keys only the stale holes, where a stable re-sort puts them.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import Any

from .hole_seq import HoleSeq

#: lower than any label, for bisecting to the start of a key's run
_LOWEST = float("-inf")


class Hole:
    """A free range ``[start, start + size)``.  Mutable: a cut moves ``start`` up."""

    __slots__ = ("start", "size", "k", "label", "block")

    def __init__(self, start: int, size: int) -> None:
        self.start = start
        self.size = size
        #: list-order key (orders other than address): the sort key when the
        #: hole was last placed, and a label ordering holes of one key
        self.k = 0
        self.label = 0
        #: the run of the HoleSeq that holds it
        self.block: Any = None

    @property
    def end(self) -> int:
        """One past the hole's last byte."""
        return self.start + self.size

    def __repr__(self) -> str:
        return f"Hole(start={self.start}, size={self.size})"


#: The list-order keys: a hole's start (address order), else ``(k, label)``.
#: ``attrgetter`` runs in C, and bisecting calls a key at every step.
_by_start: Callable[[Hole], int] = attrgetter("start")
_by_label: Callable[[Hole], tuple[int, float]] = attrgetter("k", "label")


def _size_key(order: str, size: int) -> int:
    return size if order == "size_asc" else -size


class FreeList:
    """Holes in list order (see the module docstring).  Iterate it for list order."""

    def __init__(self, order: str, coalesce: bool) -> None:
        self.order = order
        self.coalesce = coalesce
        self.total = 0
        self._at_start: dict[int, Hole] = {}
        self._at_end: dict[int, Hole] = {}
        self._sizes: list[int] = []  # every hole's size, ascending (a multiset)
        #: size -> the holes of that size, in list order (keys ascending)
        self.by_size: dict[int, list[Hole]] = {}
        self._sized = order in ("size_asc", "size_desc")
        #: holes cut since the last free under a size order (keys out of date)
        self._stale: set[Hole] = set()
        if order == "address":
            self._key: Callable[[Hole], Any] = _by_start
        else:
            self._key = _by_label
        self.seq = HoleSeq(self._key)

    def __len__(self) -> int:
        return len(self.seq)

    def __iter__(self) -> Iterator[Hole]:
        return iter(self.seq)

    def snapshot(self) -> list[list[int]]:
        """``[[start, size], ...]`` in list order."""
        return [[h.start, h.size] for h in self.seq]

    def largest(self) -> int:
        """The largest hole's size, 0 when the list is empty."""
        return self._sizes[-1] if self._sizes else 0

    def smallest_at_least(self, need: int) -> int | None:
        """The smallest hole size that is >= ``need``, or None if no hole is that big."""
        i = bisect_left(self._sizes, need)
        return self._sizes[i] if i < len(self._sizes) else None

    def first_of_size(self, size: int) -> Hole:
        """The first hole in list order whose size is exactly ``size`` (it exists)."""
        return self.by_size[size][0]

    def rank(self, hole: Hole) -> int:
        """The hole's position in the list."""
        return self.seq.rank(hole)

    def first_fit(self, need: int, start: int = 0) -> tuple[int, Hole] | None:
        """``(rank, hole)``: the first hole at rank >= ``start`` that holds ``need``."""
        return self.seq.first_fit(need, start)

    def cut(self, hole: Hole, need: int) -> tuple[int, bool]:
        """Cut ``need`` bytes from the low end of ``hole``.

        Returns ``(start of the cut block, whether the hole is now empty and
        left the list)``.  The caller has checked that the hole holds ``need``.
        """
        start = hole.start
        self._forget_size(hole)
        del self._at_start[start]
        hole.start += need
        hole.size -= need
        self.total -= need
        if hole.size == 0:
            self.seq.remove(hole)
            self._stale.discard(hole)
            del self._at_end[hole.end]
            return start, True
        self._at_start[hole.start] = hole
        self._note_size(hole)
        self.seq.resized(hole)
        if self._sized:
            self._stale.add(hole)
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

    def _place(self, hole: Hole) -> None:
        seq = self.seq
        if self._stale:
            self._resort()
        if self.order == "insert_front":
            hole.k, hole.label = 0, (self._key(seq.head())[1] - 1 if len(seq) else 0)
        elif self.order == "insert_back":
            hole.k, hole.label = 0, (self._key(seq.tail())[1] + 1 if len(seq) else 0)
        elif self._sized:
            # Appended, then stably sorted: after every hole with an equal key.
            self._label_at_end(hole, _size_key(self.order, hole.size))
        seq.insert(hole)
        self._at_start[hole.start] = hole
        self._at_end[hole.end] = hole
        self._note_size(hole)
        self.total += hole.size

    def _label_at_end(self, hole: Hole, k: int) -> None:
        """Key ``hole`` to sort after every hole whose key is ``k``."""
        hole.k = k
        i = self.seq.position((k + 1, _LOWEST))
        last = self.seq.at(i - 1) if i else None
        hole.label = last.label + 1 if last is not None and last.k == k else 0

    def _label_at_front(self, hole: Hole, k: int) -> None:
        """Key ``hole`` to sort before every hole whose key is ``k``."""
        hole.k = k
        i = self.seq.position((k, _LOWEST))
        first = self.seq.at(i) if i < len(self.seq) else None
        hole.label = first.label - 1 if first is not None and first.k == k else 0

    def _resort(self) -> None:
        """What a stable re-sort does to the holes cut since the last one.

        The other holes keep their order.  A stale hole whose new key equals
        theirs goes after them under size_asc (it was larger, so later) and
        before them under size_desc; stale holes of one new key keep their
        list order among themselves.
        """
        stale = sorted(self._stale, key=self._key)
        self._stale.clear()
        ascending = self.order == "size_asc"
        for hole in stale if ascending else reversed(stale):
            self._reindex(hole, remove=True)
            k = _size_key(self.order, hole.size)
            if ascending:
                self._label_at_end(hole, k)
            else:
                self._label_at_front(hole, k)
            self._reindex(hole, remove=False)

    def _reindex(self, hole: Hole, remove: bool) -> None:
        """Take ``hole`` out of the list and its size's list, or put it back by its key."""
        same = self.by_size[hole.size]
        if remove:
            self.seq.remove(hole)
            same.remove(hole)
        else:
            self.seq.insert(hole)
            same.insert(bisect_right(same, self._key(hole), key=self._key), hole)

    def _remove(self, hole: Hole) -> None:
        self.seq.remove(hole)
        self._stale.discard(hole)
        del self._at_start[hole.start]
        del self._at_end[hole.end]
        self._forget_size(hole)
        self.total -= hole.size

    def _note_size(self, hole: Hole) -> None:
        insort(self._sizes, hole.size)
        same = self.by_size.get(hole.size)
        if same is None:
            self.by_size[hole.size] = [hole]
        else:
            same.insert(bisect_right(same, self._key(hole), key=self._key), hole)

    def _forget_size(self, hole: Hole) -> None:
        del self._sizes[bisect_left(self._sizes, hole.size)]
        same = self.by_size[hole.size]
        if len(same) == 1:
            del self.by_size[hole.size]
        else:
            same.remove(hole)
