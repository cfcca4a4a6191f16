"""FIFO, LRU, second chance, clock and random replacement (OPT is opt.py).

Each keeps just enough order to answer ``victim`` in O(1): FIFO a queue of
frames in load order, LRU an ordered dict moved to the end on every use,
second chance the FIFO queue plus the use bit, clock a hand over the
frames with a use counter ``clock_bits`` wide, random a seeded draw.
"""
from __future__ import annotations

from collections import OrderedDict, deque

from ..i18n import Reason, define, gettext_noop
from ..registry import register
from .base import Replacement, Resident

FIFO_VICTIM = define("vm.fifo.victim", gettext_noop(
    "FIFO: page {page} of {owner} has been in memory longest, since t={t}"))
LRU_VICTIM = define("vm.lru.victim", gettext_noop("LRU: page {page} was used longest ago, at t={t}"))
SECOND_VICTIM = define("vm.second_chance.victim", gettext_noop(
    "second chance: page {page} is the oldest page whose reference bit is 0 "
    "(pages given a second chance: {n})"))
CLOCK_VICTIM = define("vm.clock.victim", gettext_noop(
    "clock: hand at frame {frame}, page {page}'s use bit is 0 (use bits cleared on the way: {n})"))
RANDOM_VICTIM = define("vm.random.victim", gettext_noop(
    "random: frame {frame} was drawn (page {page} of {owner})"))


@register("vm", "fifo")
class Fifo(Replacement):
    """First in, first out: evict the page loaded longest ago."""

    title = "FIFO"
    label = "FIFO"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.queue: deque[int] = deque()

    def loaded(self, frame: int, page: Resident, t: int) -> None:
        self.queue.append(frame)

    def freed(self, frame: int) -> None:
        self.queue.remove(frame)  # O(frames), only when a process is killed

    def victim(self, t: int) -> int:
        return self.queue.popleft()

    def why(self, frame: int, page: Resident, t: int) -> Reason:
        return FIFO_VICTIM.say(page=page.page, owner=page.who, t=page.loaded)


@register("vm", "lru")
class Lru(Replacement):
    """Least recently used: evict the page whose last use is oldest."""

    title = "LRU"
    label = "LRU"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.order: OrderedDict[int, None] = OrderedDict()

    def loaded(self, frame: int, page: Resident, t: int) -> None:
        self.order[frame] = None

    def used(self, frame: int, page: Resident, t: int) -> None:
        self.order.move_to_end(frame)

    def freed(self, frame: int) -> None:
        del self.order[frame]

    def victim(self, t: int) -> int:
        return self.order.popitem(last=False)[0]

    def why(self, frame: int, page: Resident, t: int) -> Reason:
        return LRU_VICTIM.say(page=page.page, t=page.last_used)


@register("vm", "second_chance")
class SecondChance(Replacement):
    """FIFO with a reference bit: a used page goes to the back of the queue once."""

    title = "Second chance"
    label = "second chance"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.queue: deque[int] = deque()

    def loaded(self, frame: int, page: Resident, t: int) -> None:
        page.use = 1  # the faulting access references the page
        self.queue.append(frame)

    def used(self, frame: int, page: Resident, t: int) -> None:
        page.use = 1

    def freed(self, frame: int) -> None:
        self.queue.remove(frame)  # O(frames), only when a process is killed

    def victim(self, t: int) -> int:
        self.spared = 0
        while True:  # at most one pass: every bit cleared on the way
            frame = self.queue.popleft()
            page = self.resident[frame]
            if page.use:
                page.use = 0
                self.queue.append(frame)
                self.spared += 1
                continue
            return frame

    def why(self, frame: int, page: Resident, t: int) -> Reason:
        return SECOND_VICTIM.say(page=page.page, n=self.spared)


@register("vm", "clock")
class Clock(Replacement):
    """A hand sweeps the frames: a page with use bit 1 has it cleared, one at 0 goes."""

    title = "Clock"
    label = "clock"
    settings = ("clock_bits",)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.top = (1 << self.config["clock_bits"]) - 1
        self.position = 0  # index into self.frames

    def loaded(self, frame: int, page: Resident, t: int) -> None:
        # A freshly loaded page has been used: its counter starts full, and
        # the hand moves past the frame it just filled.
        page.use = self.top
        if self.frames[self.position] == frame:
            self.position = (self.position + 1) % len(self.frames)

    def used(self, frame: int, page: Resident, t: int) -> None:
        page.use = self.top

    def victim(self, t: int) -> int:
        self.cleared = 0
        while True:  # at most top + 1 sweeps
            frame = self.frames[self.position]
            page = self.resident[frame]
            if page.use == 0:
                return frame
            page.use -= 1
            self.cleared += 1
            self.position = (self.position + 1) % len(self.frames)

    def why(self, frame: int, page: Resident, t: int) -> Reason:
        return CLOCK_VICTIM.say(frame=frame, page=page.page, n=self.cleared)

    def hand(self) -> int | None:
        return self.frames[self.position]


@register("vm", "random")
class Random(Replacement):
    """Evict a frame drawn at random (from the scenario's seed)."""

    title = "Random"
    label = "random"

    def victim(self, t: int) -> int:
        return self.frames[int(self.rng.integers(len(self.frames)))]

    def why(self, frame: int, page: Resident, t: int) -> Reason:
        return RANDOM_VICTIM.say(frame=frame, page=page.page, owner=page.who)
