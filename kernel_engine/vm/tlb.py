"""The translation lookaside buffer: a small cache of page -> frame entries.

Entries are keyed by (process, page), so without a flush the TLB behaves
as if it were tagged with address-space ids; ``tlb_flush_on_switch``
empties it whenever the accessing process changes (a context switch to
another address space).  Replacement is ``lru`` or ``fifo``, O(1) each.
"""
from __future__ import annotations

from collections import OrderedDict

TLB_REPLACEMENTS = ("lru", "fifo")


class Tlb:
    def __init__(self, size: int, replacement: str, flush_on_switch: bool) -> None:
        self.size = size
        self.lru = replacement == "lru"
        self.flush_on_switch = flush_on_switch
        self.entries: OrderedDict[tuple[str, int], int] = OrderedDict()
        self.owner: str | None = None
        self.flushes = 0

    def switch_to(self, who: str) -> bool:
        """The CPU now runs ``who``'s accesses; True if that flushed the TLB."""
        flushed = False
        if self.owner is not None and who != self.owner and self.flush_on_switch and self.entries:
            self.entries.clear()
            self.flushes += 1
            flushed = True
        self.owner = who
        return flushed

    def lookup(self, who: str, page: int) -> int | None:
        """The frame cached for (who, page), or None on a miss."""
        if not self.size:
            return None
        frame = self.entries.get((who, page))
        if frame is not None and self.lru:
            self.entries.move_to_end((who, page))
        return frame

    def insert(self, who: str, page: int, frame: int) -> None:
        if not self.size:
            return
        key = (who, page)
        if key not in self.entries and len(self.entries) >= self.size:
            self.entries.popitem(last=False)
        self.entries[key] = frame

    def drop(self, who: str, page: int) -> None:
        """A page was evicted: its entry must not translate any more."""
        self.entries.pop((who, page), None)

    def snapshot(self) -> list[dict]:
        return [{"who": who, "page": page, "frame": frame}
                for (who, page), frame in self.entries.items()]
