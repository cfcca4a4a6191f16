"""A straightforward list-scan allocator: the contract's rules, one Python list, no index.

The reference the engine's indexed free list must agree with, answer for
answer (``test_memory_against_list_scan.py``); the benchmark keeps its own
copy.  Holes are ``[start, size]`` lists, so the next-fit rover can point at
one by identity.
"""
from __future__ import annotations

SORT_KEYS = {"address": lambda h: h[0], "size_asc": lambda h: h[1], "size_desc": lambda h: -h[1]}


class ListScan:
    def __init__(self, memory: dict) -> None:
        self.policy, self.order = memory["policy"], memory.get("order", "address")
        self.coalesce = memory.get("coalesce", True)
        self.header, self.align = memory.get("header", 0), memory.get("align", 1)
        self.holes: list[list[int]] = []
        self.rover: list[int] | None = None
        for start, size in memory.get("holes") or [[memory.get("base", 0), memory["size"]]]:
            self.free(start, size)

    def need(self, size: int) -> int:
        return -(-size // self.align) * self.align + self.header

    def alloc(self, size: int) -> tuple[int | None, int]:
        """(start of the block or None, searched)."""
        need, holes = self.need(size), self.holes
        n = len(holes)
        index, searched = None, n
        if self.policy == "first_fit":
            for i, (_, s) in enumerate(holes):
                if s >= need:
                    index, searched = i, i + 1
                    break
        elif self.policy == "next_fit":
            begin = 0 if self.rover is None else next(i for i, h in enumerate(holes) if h is self.rover)
            for k in range(n):
                if holes[(begin + k) % n][1] >= need:
                    index, searched = (begin + k) % n, k + 1
                    break
        else:
            for i, (_, s) in enumerate(holes):
                if s >= need and (index is None or (s < holes[index][1] if self.policy == "best_fit"
                                                    else s > holes[index][1])):
                    index = i
        if index is None:
            return None, searched
        hole = holes[index]
        start = hole[0]
        hole[0] += need
        hole[1] -= need
        if hole[1]:
            self.rover = hole
        else:
            del holes[index]
            self.rover = (holes[index] if index < len(holes) else holes[0]) if holes else None
        return start, searched

    def free(self, start: int, size: int) -> None:
        holes, follow = self.holes, False
        if self.coalesce:
            for h in [h for h in holes if h[0] + h[1] == start or h[0] == start + size]:
                holes.remove(h)
                start, size = min(start, h[0]), size + h[1]
                follow = follow or h is self.rover
        merged = [start, size]
        if follow:
            self.rover = merged  # the rover follows its hole into the merge
        if self.order == "insert_front":
            holes.insert(0, merged)
        else:
            holes.append(merged)
            if self.order in SORT_KEYS:
                holes.sort(key=SORT_KEYS[self.order])

    def snapshot(self) -> list[list[int]]:
        return [list(h) for h in self.holes]
