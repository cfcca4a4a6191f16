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
end -> hole), kept only with ``coalesce``.  The list itself is a ``HoleSeq`` (hole_seq.py): a tree over
short runs of holes in list order with the largest hole per subtree, so the
first hole that fits (from the head or from a rank) is found by descending,
in O(log n).  For best and worst fit (``by_size``), holes of each size are
kept in list order too, and the distinct sizes in a sorted list.  The sorted
orders never re-sort the whole list: list order is always sorted by a stored
key; a cut under a size order leaves the hole's key as it was (the hole keeps
its place) and marks it *stale*, and the next free re-keys only the stale
holes, where a stable re-sort puts them.  Holes of one key are ordered by a
label from two counters: one that only grows (a hole placed after every
hole with its key) and one that only falls (placed before them).  The key
and the label are packed into one int (``_packed``), which bisects compare
at C speed, without a tuple per step.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from itertools import count
from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import Any

from .hole_seq import HoleSeq


class Hole:
    """A free range ``[start, start + size)``.  Mutable: a cut moves ``start`` up."""

    __slots__ = ("start", "size", "key", "block")

    def __init__(self, start: int, size: int) -> None:
        self.start = start
        self.size = size
        #: list-order key (orders other than address): the sort key when the
        #: hole was last placed and a label ordering holes of one key, packed
        self.key = 0
        #: the run of the HoleSeq that holds it
        self.block: Any = None

    @property
    def end(self) -> int:
        """One past the hole's last byte."""
        return self.start + self.size

    def __repr__(self) -> str:
        return f"Hole(start={self.start}, size={self.size})"


#: The list-order keys: a hole's start (address order), else its packed key.
#: ``attrgetter`` runs in C, and bisecting calls a key at every step.
_by_start: Callable[[Hole], int] = attrgetter("start")
_by_key: Callable[[Hole], int] = attrgetter("key")

#: A label is kept in [0, 2**64) as ``_MIDDLE + label`` (labels count ops, far
#: fewer than 2**63), so ``_packed(k, label) >> _SHIFT == k`` and packed keys
#: compare as the tuples ``(k, label)`` do.
_SHIFT = 64
_MIDDLE = 1 << 63


def _packed(k: int, label: int) -> int:
    """The one int that sorts as ``(k, label)``."""
    return (k << _SHIFT) + _MIDDLE + label


class FreeList:
    """Holes in list order (see the module docstring).  Iterate it for list order."""

    def __init__(self, order: str, coalesce: bool, by_size: bool = False) -> None:
        """``by_size``: keep the per-size index that ``smallest_at_least`` and
        ``first_of_size`` read (best and worst fit); first and next fit skip its cost."""
        self.order = order
        self.coalesce = coalesce
        self.total = 0
        self._at_start: dict[int, Hole] = {}
        self._at_end: dict[int, Hole] = {}
        self._indexed = by_size
        #: the distinct hole sizes, ascending (one entry per key of ``by_size``:
        #: a multiset of every hole's size would move thousands of entries per op)
        self._sizes: list[int] = []
        #: size -> the holes of that size, in list order (keys ascending)
        self.by_size: dict[int, list[Hole]] = {}
        self._sized = order in ("size_asc", "size_desc")
        # Labels for "after every hole of its key" and "before every one".
        self._after = count(1).__next__
        self._before = count(-1, -1).__next__
        #: holes cut since the last free under a size order (keys out of date)
        self._stale: set[Hole] = set()
        if order == "address":
            self._key: Callable[[Hole], Any] = _by_start
        else:
            self._key = _by_key
        self.seq = HoleSeq(self._key)

    def __len__(self) -> int:
        return self.seq.count

    def __iter__(self) -> Iterator[Hole]:
        return iter(self.seq)

    def snapshot(self) -> list[list[int]]:
        """``[[start, size], ...]`` in list order."""
        return [[h.start, h.size] for h in self.seq]

    def largest(self) -> int:
        """The largest hole's size, 0 when the list is empty."""
        return self.seq.largest()

    def smallest_at_least(self, need: int) -> int | None:
        """The smallest hole size that is >= ``need``, or None if no hole is that big (``by_size`` only)."""
        i = bisect_left(self._sizes, need)
        return self._sizes[i] if i < len(self._sizes) else None

    def first_of_size(self, size: int) -> Hole:
        """The first hole in list order whose size is exactly ``size`` (it exists; ``by_size`` only)."""
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
        indexed, coalesce = self._indexed, self.coalesce
        if indexed:
            self._forget_size(hole)
        if coalesce:
            del self._at_start[start]
        hole.start += need
        hole.size -= need
        self.total -= need
        if hole.size == 0:
            self.seq.remove(hole)
            self._stale.discard(hole)
            if coalesce:
                del self._at_end[hole.end]
            return start, True
        if coalesce:
            self._at_start[hole.start] = hole
        if indexed:
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
        order = self.order
        if order == "insert_front":
            hole.key = _MIDDLE + self._before()  # k is 0: before every hole
        elif order == "insert_back":
            hole.key = _MIDDLE + self._after()
        elif self._sized:
            # Appended, then stably sorted: after every hole with an equal key.
            hole.key = _packed(hole.size if order == "size_asc" else -hole.size, self._after())
        seq.insert(hole)
        if self.coalesce:  # the neighbours' lookup serves merging only
            self._at_start[hole.start] = hole
            self._at_end[hole.end] = hole
        if self._indexed:
            self._note_size(hole)
        self.total += hole.size

    def _resort(self) -> None:
        """What a stable re-sort does to the holes cut since the last one.

        The other holes keep their order.  A stale hole whose new key equals
        theirs goes after them under size_asc (it was larger, so later) and
        before them under size_desc; stale holes of one new key keep their
        list order among themselves.
        """
        stale = sorted(self._stale, key=self._key) if len(self._stale) > 1 else list(self._stale)
        self._stale.clear()
        ascending = self.order == "size_asc"
        seq, indexed = self.seq, self._indexed
        for hole in stale if ascending else reversed(stale):
            # A cut hole only shrank, so it can only move toward the head
            # (size_asc) or the tail (size_desc); when the neighbour on that
            # side does not pass it, a re-sort leaves it where it is (the
            # neighbour's key is current: holes still stale lie the other way).
            # Then only its key changes, in place: the case of a big hole cut
            # again and again, and no index needs to change.
            if ascending:
                k = hole.size
                side = seq.neighbour(hole, -1)
                if side is None or side.key >> _SHIFT <= k:
                    hole.key = _packed(k, self._after())
                    seq.rekeyed(hole)
                    continue
            else:
                k = -hole.size
                side = seq.neighbour(hole, 1)
                if side is None or side.key >> _SHIFT >= k:
                    hole.key = _packed(k, self._before())
                    seq.rekeyed(hole)
                    continue
            if indexed:
                self._forget_size(hole)
            seq.remove(hole)
            hole.key = _packed(k, self._after() if ascending else self._before())
            seq.insert(hole)
            if indexed:
                self._note_size(hole)

    def _remove(self, hole: Hole) -> None:
        self.seq.remove(hole)
        self._stale.discard(hole)
        del self._at_start[hole.start]
        del self._at_end[hole.end]
        if self._indexed:
            self._forget_size(hole)
        self.total -= hole.size

    def _note_size(self, hole: Hole) -> None:
        same = self.by_size.get(hole.size)
        if same is None:
            self.by_size[hole.size] = [hole]
            insort(self._sizes, hole.size)
        else:
            same.insert(bisect_right(same, self._key(hole), key=self._key), hole)

    def _forget_size(self, hole: Hole) -> None:
        """Take ``hole`` out of the size index (before its key or size changes)."""
        same = self.by_size[hole.size]
        if len(same) == 1:
            del self.by_size[hole.size]
            del self._sizes[bisect_left(self._sizes, hole.size)]
        else:  # keys are unique: bisect finds the hole itself
            key = self._key
            del same[bisect_left(same, key(hole), key=key)]
