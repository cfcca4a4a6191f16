"""The buddy system: power-of-two blocks that split in halves and merge back.

Rules (docs/memory.md):

- A request is sized like every allocator's (rounded up to ``align``, plus
  ``header``), then rounded up to a power of two: that is the block.
- Offsets are measured from ``base``.  A block of size 2**k starts at an
  offset that is a multiple of 2**k; its *buddy* is the block of the same
  size at ``offset XOR 2**k``.
- The heap need not be a power of two: at start it is cut, from the low end,
  into the largest blocks that fit and are aligned (12 MB -> 8 MB + 4 MB).
  Configured ``holes`` are cut the same way, and the bytes outside them are
  never free.  A block merges only with a free buddy of its own size, so a
  block never grows past the piece it came from.
- To allocate, the smallest free block that holds the request is taken (the
  lowest address among equals), as best fit on the list of free blocks:
  ``searched`` is the number of free blocks.  It is halved until it has the
  request's size; each upper half becomes a free block.
- On free, with ``coalesce`` (the default), the block merges with its buddy
  while the buddy is free and whole, then with the bigger block's buddy, and
  so on.  With ``coalesce: false`` blocks are never merged back.
- The free list is by address.  ``order`` must be ``address``.

Costs: free blocks are kept per size (sorted starts, at most 41 sizes for a
2**40-byte heap) and all together by address, so an allocation or a free
costs O(log n) searches plus one list insertion per split or merge.
"""
from __future__ import annotations

from bisect import bisect_left, insort

from ..i18n import define, gettext_noop
from ..registry import register
from .base import Allocator
from .config import MemoryConfig
from .outcomes import AllocOutcome, FreeOutcome


SIZED = define("memory.buddy.sized", gettext_noop("{size} bytes need a block of {block} bytes"))
SIZED_HOW = define("memory.buddy.sized_how",
                   gettext_noop("{how}, make {need} bytes, which need a block of {block} bytes"))
HALVED_ONCE = define("memory.buddy.halved_once", gettext_noop(
    "buddy: {sized}; the smallest free block that holds it, {n} bytes at {addr}, is halved once"))
HALVED = define("memory.buddy.halved", gettext_noop(
    "buddy: {sized}; the smallest free block that holds it, {n} bytes at {addr}, is halved {k} times"))
EXACT = define("memory.buddy.exact",
               gettext_noop("buddy: {sized}; the free block at {addr} has exactly that size"))
NO_BLOCK = define("memory.buddy.no_block",
                  gettext_noop("no free block holds {block} bytes (largest is {n})"))
NOTHING_FREE = define("memory.buddy.nothing_free",
                      gettext_noop("no free block holds {block} bytes (nothing is free)"))
NO_BLOCK_SIZED = define("memory.buddy.no_block_sized",
                        gettext_noop("no free block holds {block} bytes ({sized}; largest is {n})"))
NOTHING_FREE_SIZED = define("memory.buddy.nothing_free_sized",
                            gettext_noop("no free block holds {block} bytes ({sized}; nothing is free)"))
FREED = define("memory.buddy.free", gettext_noop("freed the block of {size} bytes at {addr}"))
FREED_MERGED = define("memory.buddy.free_merged", gettext_noop(
    "freed the block of {size} bytes at {addr}, merged with {steps}, making one block of "
    "{n} bytes at {start}"))
BUDDY = define("memory.buddy.step", gettext_noop("its buddy at {addr} ({n} bytes)"))
BUDDY_THEN = define("memory.buddy.step_then", gettext_noop("its buddy at {addr} ({n} bytes), then {steps}"))

def aligned_pieces(offset: int, size: int) -> list[tuple[int, int]]:
    """``[offset, offset + size)`` cut into the largest aligned power-of-two blocks.

    Greedy from the low end: each piece is as large as both the space left
    and the alignment of its offset allow.  ``aligned_pieces(0, 12)`` is
    ``[(0, 8), (8, 4)]``; ``aligned_pieces(2, 8)`` is ``[(2, 2), (4, 4), (8, 2)]``.
    """
    pieces = []
    end = offset + size
    while offset < end:
        piece = 1 << ((end - offset).bit_length() - 1)  # largest power of two that fits
        if offset:
            piece = min(piece, offset & -offset)  # the offset's alignment
        pieces.append((offset, piece))
        offset += piece
    return pieces


@register("memory", "buddy")
class Buddy(Allocator):
    """Buddy system: power-of-two blocks, split in halves and merged with their buddy."""

    title = "Buddy system"
    # Its free blocks are kept by address: no other order makes sense.
    orders = ("address",)
    settings = ("coalesce", "header", "align")

    def __init__(self, config: MemoryConfig) -> None:
        super().__init__(config)
        self._size_at: dict[int, int] = {}       # start -> size of every free block
        self._starts: list[int] = []             # free starts, by address
        self._by_size: dict[int, list[int]] = {}  # size -> free starts of that size
        self._total = 0
        ranges = config.holes if config.holes is not None else ((config.base, config.size),)
        for start, size in ranges:
            for offset, piece in aligned_pieces(start - config.base, size):
                self._merge_and_add(config.base + offset, piece)
        self.capacity = self.largest_free()

    # -- the allocator -----------------------------------------------------

    def alloc(self, size: int) -> AllocOutcome:
        need = self.block_size(size)
        block = 1 << (need - 1).bit_length()
        how = self.sizing(size, need)
        sized = (SIZED_HOW.say(how=how, need=need, block=block) if how
                 else SIZED.say(size=size, block=block))
        searched = len(self._starts)
        fitting = [s for s in self._by_size if s >= block]
        if not fitting:
            too_large = self.too_large(need, block)
            if too_large is not None:
                return AllocOutcome(None, None, 0, searched, too_large)
            args = {"block": block}
            if block != size:
                args["sized"] = sized
            if searched:
                text = NO_BLOCK_SIZED if block != size else NO_BLOCK
                args["n"] = self.largest_free()
            else:
                text = NOTHING_FREE_SIZED if block != size else NOTHING_FREE
            return AllocOutcome(None, None, 0, searched, text.say(**args))
        source = min(fitting)
        start = self._by_size[source][0]
        self._remove(start)
        halves = 0
        piece = source
        while piece > block:
            piece //= 2
            self._add(start + piece, piece)
            halves += 1
        if halves == 1:
            reason = HALVED_ONCE.say(sized=sized, n=source, addr=start)
        elif halves:
            reason = HALVED.say(sized=sized, n=source, addr=start, k=halves)
        else:
            reason = EXACT.say(sized=sized, addr=start)
        return AllocOutcome(self._take(start, block), start, block, searched, reason)

    def free(self, addr: int) -> FreeOutcome:
        start, block = self._give_back(addr)
        merged = self._merge_and_add(start, block)
        if not merged:
            reason = FREED.say(size=block, addr=start)
        else:
            # "its buddy at a (n bytes), then its buddy at b (m bytes)": nested from the last.
            steps = BUDDY.say(addr=merged[-1][0], n=merged[-1][1])
            for s, n in reversed(merged[:-1]):
                steps = BUDDY_THEN.say(addr=s, n=n, steps=steps)
            final_start = min([start] + [s for s, _ in merged])
            reason = FREED_MERGED.say(size=block, addr=start, steps=steps,
                                      n=block << len(merged), start=final_start)
        return FreeOutcome(start, block, merged, reason)

    def free_list(self) -> list[list[int]]:
        return [[s, self._size_at[s]] for s in self._starts]

    def largest_free(self) -> int:
        return max(self._by_size, default=0)

    def total_free(self) -> int:
        return self._total

    # -- internals ---------------------------------------------------------

    def buddy_of(self, start: int, size: int) -> int:
        """The address of the buddy of the ``size``-byte block at ``start``."""
        base = self.config.base
        return base + ((start - base) ^ size)

    def _merge_and_add(self, start: int, size: int) -> list[list[int]]:
        """Free ``[start, start + size)``, merging with free buddies when coalescing.

        Returns the buddies merged, ``[start, size]`` each, in merge order.
        """
        merged: list[list[int]] = []
        while self.config.coalesce:
            buddy = self.buddy_of(start, size)
            if self._size_at.get(buddy) != size:
                break
            self._remove(buddy)
            merged.append([buddy, size])
            start = min(start, buddy)
            size *= 2
        self._add(start, size)
        return merged

    def _add(self, start: int, size: int) -> None:
        self._size_at[start] = size
        insort(self._starts, start)
        insort(self._by_size.setdefault(size, []), start)
        self._total += size

    def _remove(self, start: int) -> None:
        size = self._size_at.pop(start)
        del self._starts[bisect_left(self._starts, start)]
        same = self._by_size[size]
        del same[bisect_left(same, start)]
        if not same:
            del self._by_size[size]  # so that ``largest_free`` sees only real sizes
        self._total -= size
