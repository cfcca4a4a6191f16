"""The free list's holes in list order, searchable by size and position in O(log n) steps.

``HoleSeq`` keeps the holes in short runs (*blocks* of at most ``2 * LOAD``
holes, the layout of ``sortedcontainers``) under a segment tree over the
blocks that stores, per subtree, the number of holes and the largest hole.
So the rank of a hole, the hole at a rank, and the first hole at or after a
rank that holds ``need`` bytes each take O(log n) tree steps plus a pass
over one block, done by C loops (``list.index``, ``max``, ``bisect``).  A
pointer tree per hole would be O(log n) too, but slower in CPython by a
large constant.

The sequence does not decide where a hole goes: the free list gives a key
(``key(hole)``) under which list order is sorted, and ``insert`` bisects
on it (over the blocks' last keys, kept in a list so that C bisects them).
"""
from __future__ import annotations

from bisect import bisect_right
from operator import add
from collections.abc import Callable, Iterator
from typing import Any

#: Holes per block between splits; a block splits at twice this.  Larger
#: blocks mean fewer tree rebuilds (each O(blocks)) but longer scans inside a
#: block: 64 measured fastest at 80,000 ops (bench/alloc_table.py).
LOAD = 64


class Block:
    """A run of holes in list order, with their sizes alongside (for C-level max and scans)."""

    __slots__ = ("holes", "sizes", "index")

    def __init__(self, holes: list, index: int) -> None:
        self.holes = holes
        self.sizes = [h.size for h in holes]
        self.index = index


class HoleSeq:
    """Holes in list order (see the module docstring).  Each hole gets a ``block`` attribute."""

    def __init__(self, key: Callable[[Any], Any]) -> None:
        self.key = key
        self.blocks: list[Block] = []
        self.count = 0
        self._cap = 1
        self._len = [0, 0]
        self._max = [0, 0]
        #: where ``_position`` last found a hole in its block
        self._hint = 0
        #: the key of each block's last hole (a cut may raise a key in place:
        #: ``resized`` keeps this up to date)
        self._lasts: list = []

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator:
        for block in self.blocks:
            yield from block.holes

    # -- the tree over blocks ---------------------------------------------

    def _rebuild(self, first: int, lens: list[int], maxes: list[int]) -> None:
        """Rebuild the tree from each block's hole count and largest hole.

        Called after the blocks from ``first`` on were split or dropped (once
        every ~LOAD changes): those are renumbered, and the inner nodes are
        recomputed a level at a time by C-speed loops, so a rebuild costs
        O(blocks) cheap steps and never looks inside a block.
        """
        blocks = self.blocks
        for i in range(first, len(blocks)):
            blocks[i].index = i
        n = len(blocks)
        cap = 1
        while cap < n:
            cap *= 2
        pad = [0] * (cap - n)
        tree_lens = [0] * cap + lens + pad
        tree_maxes = [0] * cap + maxes + pad
        h = cap // 2
        while h:
            tree_lens[h:2 * h] = map(add, tree_lens[2 * h:4 * h:2], tree_lens[2 * h + 1:4 * h:2])
            # (the builtin ``max`` of two is a call with argument parsing per
            # node: five times slower than this comparison)
            tree_maxes[h:2 * h] = [a if a > b else b for a, b in
                                   zip(tree_maxes[2 * h:4 * h:2], tree_maxes[2 * h + 1:4 * h:2])]
            h //= 2
        self._cap, self._len, self._max = cap, tree_lens, tree_maxes

    def _leaves(self) -> tuple[list[int], list[int]]:
        """Each block's hole count and largest hole, as the tree holds them."""
        cap, n = self._cap, len(self.blocks)
        return self._len[cap:cap + n], self._max[cap:cap + n]

    def _refresh(self, block: Block, delta: int, size: int, grew: bool) -> None:
        """A block gained (``delta`` 1), lost (-1) or resized (0) a hole of ``size`` bytes.

        ``grew``: ``size`` is the hole's new size (added or grown), else the
        old one (removed or shrunk).  Counts change along the whole path to
        the root; the largest size only where it changes, which is rarely.
        """
        leaf = self._cap + block.index
        lens, maxes = self._len, self._max
        if delta:
            i = leaf
            while i:
                lens[i] += delta
                i >>= 1
        if grew:
            if size <= maxes[leaf]:
                return
            m = size
        else:
            if size < maxes[leaf]:
                return  # the largest hole of the block is still there
            m = max(block.sizes)
            if m == size:
                return
        i = leaf
        while True:
            maxes[i] = m
            i >>= 1
            if not i:
                return
            a, b = maxes[2 * i], maxes[2 * i + 1]
            m = a if a > b else b
            if maxes[i] == m:
                return

    def _before(self, index: int) -> int:
        """Holes in the blocks before block ``index``."""
        i = self._cap + index
        total = 0
        lens = self._len
        while i > 1:
            if i & 1:
                total += lens[i - 1]
            i //= 2
        return total

    def _first_block_with(self, need: int, after: int) -> int | None:
        """The first block with index > ``after`` whose largest hole holds ``need``."""
        maxes, cap = self._max, self._cap
        i = cap + after + 1
        if after + 1 >= len(self.blocks):
            return None
        # Climb while the subtree to the right of the path cannot hold need.
        while maxes[i] < need:
            while i & 1:
                i //= 2
                if i <= 1:
                    return None
            i += 1
        while i < cap:
            i = 2 * i if maxes[2 * i] >= need else 2 * i + 1
        return i - cap if i - cap < len(self.blocks) else None

    # -- queries ------------------------------------------------------------

    def _position(self, hole: Any, holes: list) -> int:
        """``holes.index(hole)`` (``holes``: its block's), remembered for the next call.

        One op asks for the same hole's place several times (next fit: the
        rover's rank, the search from it, the cut), and ``list.index`` walks
        up to 128 holes each time; a remembered place is checked by identity,
        so a stale one is never trusted.
        """
        j = self._hint
        if j < len(holes) and holes[j] is hole:
            return j
        j = self._hint = holes.index(hole)
        return j

    def rank(self, hole: Any) -> int:
        """The hole's position in the list (0 = head)."""
        block = hole.block
        return self._before(block.index) + self._position(hole, block.holes)

    def first_fit(self, need: int, start: int = 0) -> tuple[int, Any] | None:
        """``(rank, hole)`` of the first hole at rank >= ``start`` that holds ``need``, or None."""
        maxes = self._max
        if start >= self.count or maxes[1] < need:
            return None
        if start:
            block, offset = self._locate(start)
            return self._first_fit_at(block, offset, need)
        # From the head: descend from the root (it holds need), counting
        # the holes of every subtree passed on the left.
        lens, cap = self._len, self._cap
        i, before = 1, 0
        while i < cap:
            i *= 2
            if maxes[i] < need:
                before += lens[i]
                i += 1
        return self._first_in(self.blocks[i - cap], before, need)

    def first_fit_after(self, hole: Any, need: int) -> tuple[int, Any] | None:
        """``(rank, hole)`` of the first hole at or after ``hole`` that holds ``need``, or None.

        ``first_fit(need, rank(hole))`` without finding the hole's block by its rank.
        """
        if self._max[1] < need:
            return None
        block = hole.block
        return self._first_fit_at(block, self._position(hole, block.holes), need)

    def _first_fit_at(self, block: Block, offset: int, need: int) -> tuple[int, Any] | None:
        """The first hole from ``block.holes[offset]`` on that holds ``need`` (the root holds it)."""
        if self._max[self._cap + block.index] >= need:  # else skip the block at once
            j = offset
            for size in block.sizes[offset:]:
                if size >= need:
                    self._hint = j  # the cut asks for its place next
                    return self._before(block.index) + j, block.holes[j]
                j += 1
        found = self._first_block_with(need, block.index)
        if found is None:
            return None
        return self._first_in(self.blocks[found], self._before(found), need)

    def _first_in(self, block: Block, before: int, need: int) -> tuple[int, Any]:
        """``(rank, hole)`` of the first hole of ``block`` that holds ``need`` (one does);
        ``before`` is how many holes precede the block."""
        j = 0
        for size in block.sizes:
            if size >= need:
                break
            j += 1
        self._hint = j  # the cut asks for its place next
        return before + j, block.holes[j]

    def _locate(self, rank: int) -> tuple[Block, int]:
        """The block holding the hole at ``rank``, and its offset there."""
        lens, cap = self._len, self._cap
        i = 1
        while i < cap:
            if lens[2 * i] > rank:
                i = 2 * i
            else:
                rank -= lens[2 * i]
                i = 2 * i + 1
        return self.blocks[i - cap], rank

    def at(self, rank: int) -> Any:
        """The hole at ``rank``."""
        block, offset = self._locate(rank)
        return block.holes[offset]

    def neighbour(self, hole: Any, step: int) -> Any:
        """The hole just before (``step`` -1) or after (1) ``hole`` in the list, or None."""
        block = hole.block
        holes = block.holes
        j = self._position(hole, holes) + step
        if 0 <= j < len(holes):
            return holes[j]
        index = block.index + step
        if 0 <= index < len(self.blocks):
            return self.blocks[index].holes[0 if step > 0 else -1]
        return None

    def largest(self) -> int:
        """The largest hole's size, 0 when there is none."""
        return self._max[1]

    def head(self) -> Any:
        return self.blocks[0].holes[0]

    def tail(self) -> Any:
        return self.blocks[-1].holes[-1]

    # -- changes ------------------------------------------------------------

    def insert(self, hole: Any) -> None:
        """Put ``hole`` after every hole whose key is <= its key."""
        blocks = self.blocks
        self.count += 1
        key = self.key
        k = key(hole)
        if not blocks:
            self.blocks = [Block([hole], 0)]
            hole.block = self.blocks[0]
            self._lasts = [k]
            self._rebuild(0, [1], [hole.size])
            return
        # The first block whose last hole's key is > k (else the last block).
        # The tail and the head are tried first: insert_back and insert_front
        # place every hole there, without a bisect.
        lasts = self._lasts
        if k >= lasts[-1]:
            lo = len(blocks) - 1
            block = blocks[lo]
            holes = block.holes
            j = len(holes)
        else:
            block = blocks[0]
            holes = block.holes
            if k < key(holes[0]):
                lo = j = 0
            else:
                lo = bisect_right(lasts, k)
                block = blocks[lo]
                holes = block.holes
                j = bisect_right(holes, k, key=key)
        holes.insert(j, hole)
        block.sizes.insert(j, hole.size)
        hole.block = block
        if j == len(holes) - 1:
            self._lasts[lo] = k
        if len(holes) > 2 * LOAD:
            lens, maxes = self._leaves()
            half = len(holes) // 2
            tail = Block(holes[half:], 0)
            del holes[half:]
            del block.sizes[half:]
            for h in tail.holes:
                h.block = tail
            blocks.insert(lo + 1, tail)
            lens[lo:lo + 1] = [len(holes), len(tail.holes)]
            maxes[lo:lo + 1] = [max(block.sizes), max(tail.sizes)]
            self._lasts[lo:lo + 1] = [key(holes[-1]), key(tail.holes[-1])]
            self._rebuild(lo, lens, maxes)
            return
        # _refresh(block, 1, hole.size, True), the counts written out: once per free.
        leaf = self._cap + block.index
        lens = self._len
        i = leaf
        while i:
            lens[i] += 1
            i >>= 1
        if hole.size > self._max[leaf]:
            self._refresh(block, 0, hole.size, True)

    def remove(self, hole: Any) -> None:
        block = hole.block
        holes = block.holes
        j = self._position(hole, holes)
        del holes[j]
        size = block.sizes.pop(j)
        hole.block = None
        self.count -= 1
        if not holes:
            index = block.index
            lens, maxes = self._leaves()
            del lens[index], maxes[index], self._lasts[index], self.blocks[index]
            self._rebuild(index, lens, maxes)
            return
        if j == len(holes):
            self._lasts[block.index] = self.key(holes[-1])
        # _refresh(block, -1, size, False), the counts written out.
        leaf = self._cap + block.index
        lens = self._len
        i = leaf
        while i:
            lens[i] -= 1
            i >>= 1
        if size >= self._max[leaf]:
            self._refresh(block, 0, size, False)

    def rekeyed(self, hole: Any) -> None:
        """The hole's key changed in place, and its place in the list did not."""
        block = hole.block
        if block.holes[-1] is hole:
            self._lasts[block.index] = self.key(hole)

    def resized(self, hole: Any) -> None:
        """The hole's size (and maybe its key) changed in place (a cut): update its block."""
        block = hole.block
        sizes = block.sizes
        holes = block.holes
        if holes[-1] is hole:
            self._lasts[block.index] = self.key(hole)
        j = self._position(hole, holes)
        old = sizes[j]
        sizes[j] = hole.size
        if hole.size < old:
            if old < self._max[self._cap + block.index]:
                return  # a cut, and the block's largest hole is another one
            self._refresh(block, 0, old, False)
        else:
            self._refresh(block, 0, hole.size, True)
