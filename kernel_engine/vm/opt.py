"""OPT (Belady's optimal): evict the page whose next use lies furthest ahead.

It needs the future, which a simulation has: each process's reference
string, read from its program before the run (``future.py``).  The memory
manager sets ``Resident.next_use`` (the index of the page's next access in
its process's string, ``NEVER`` when there is none) before every
``loaded``/``used``; a heap keyed (-next use, page number) then gives the
victim in O(log n), the contract's tie rule included: pages never used
again count as furthest, and among those the lowest page number goes.
Stale heap entries (a page used again since) are skipped when popped.
"""
from __future__ import annotations

import heapq

from ..i18n import Reason, define, gettext_noop
from ..registry import register
from .base import Replacement, Resident
from .future import NEVER

OPT_NEXT = define("vm.opt.victim", gettext_noop(
    "OPT: page {page} is next used furthest ahead, at access {n} of {owner}"))
OPT_NEVER = define("vm.opt.never", gettext_noop("OPT: page {page} is never used again"))


@register("vm", "opt")
class Opt(Replacement):
    """Optimal: evict the page not needed for the longest time (needs the future)."""

    title = "OPT (optimal)"
    label = "OPT"
    needs_future = True

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.heap: list[tuple[int, int, int, int]] = []
        #: frame -> the next_use its live heap entry carries
        self.live: dict[int, int] = {}

    def _push(self, frame: int, page: Resident) -> None:
        self.live[frame] = page.next_use
        heapq.heappush(self.heap, (-page.next_use, page.page, frame, page.next_use))
        if len(self.heap) > 4 * len(self.frames) + 64:
            # Keep the heap proportional to the frames, not to the accesses.
            self.heap = [(-n, self.resident[f].page, f, n) for f, n in self.live.items()]
            heapq.heapify(self.heap)

    def loaded(self, frame: int, page: Resident, t: int) -> None:
        self._push(frame, page)

    def used(self, frame: int, page: Resident, t: int) -> None:
        self._push(frame, page)

    def freed(self, frame: int) -> None:
        self.live.pop(frame, None)  # its heap entries are stale now

    def victim(self, t: int) -> int:
        while True:
            _, number, frame, next_use = heapq.heappop(self.heap)
            if self.live.get(frame) != next_use or self.resident[frame].page != number:
                continue  # stale: the page was used again, or the frame changed hands
            del self.live[frame]
            return frame

    def why(self, frame: int, page: Resident, t: int) -> Reason:
        if page.next_use >= NEVER:
            return OPT_NEVER.say(page=page.page)
        return OPT_NEXT.say(page=page.page, n=page.next_use, owner=page.who)
