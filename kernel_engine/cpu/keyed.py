"""Policies that pick the ready thread with the smallest key: SJF, SRT, priority.

The ready queue is a heap of ``(key, *tie, thread)`` (the parts of the
tie written into the entry, which orders them as a tuple of their own
would, without a call and a tuple per thread made ready); a ready thread's
key does not change while it waits, so the heap stays valid.  The tie ends
with the thread's ``order``, which no two threads share, so two entries
never compare their threads.
"""
from __future__ import annotations

import heapq
from operator import methodcaller
from typing import TYPE_CHECKING, Iterator

from ..i18n import Text, define, gettext_noop
from ..registry import register
from .base import CpuPolicy

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.process import Thread


class KeyedPolicy(CpuPolicy):
    #: Why a thread was dispatched: it was alone, or its key was the smallest
    #: (``{who}``, ``{n}`` its key, ``{m}`` the next best); why it preempted
    #: (``{n}`` its key, ``{m}`` the victim's; ``PREEMPT_ONE`` when ``n`` is 1).
    ONLY: Text
    SMALLEST: Text
    PREEMPT: Text
    PREEMPT_ONE: Text | None = None

    def __init__(self, config: dict, rng) -> None:
        super().__init__(config, rng)
        self.heap: list = []
        self.has_ready = self.heap

    def key(self, th: "Thread") -> int:
        raise NotImplementedError

    def add(self, th: "Thread", now: int, how: str) -> None:
        if self.tie_by_arrival:
            entry = (self.key(th), th.arrival, th.order, th)
        else:
            entry = (self.key(th), th.order, th)
        heapq.heappush(self.heap, entry)

    def pop(self, now: int) -> "Thread | None":
        return heapq.heappop(self.heap)[-1] if self.heap else None

    def peek(self) -> "Thread | None":
        return self.heap[0][-1] if self.heap else None

    def __len__(self) -> int:
        return len(self.heap)

    def ready(self) -> Iterator["Thread"]:
        return (entry[-1] for entry in sorted(self.heap))

    def remove(self, th: "Thread") -> bool:
        kept = [entry for entry in self.heap if entry[-1] is not th]
        if len(kept) == len(self.heap):
            return False
        self.heap[:] = kept  # in place: ``has_ready`` is this list
        heapq.heapify(self.heap)
        return True

    def victim_key(self, th: "Thread"):
        # Preempt the running thread with the worst key; among equals, the
        # one that arrived last.
        return (self.key(th), self.tie(th))

    def preempts(self, ready: "Thread", running: "Thread") -> bool:
        # Strictly better only: an equal key never preempts.  The loop asks
        # about the head of the queue, whose key is in its heap entry.
        heap = self.heap
        if heap and heap[0][-1] is ready:
            return heap[0][0] < self.key(running)
        return self.key(ready) < self.key(running)

    def why_preempt(self, ready: "Thread", running: "Thread") -> str:
        n = self.key(ready)
        text = self.PREEMPT_ONE if n == 1 and self.PREEMPT_ONE is not None else self.PREEMPT
        return text.say(who=ready.name, victim=running.name, n=n, m=self.key(running))

    def why(self, th: "Thread", now: int) -> str:
        others = [e[0] for e in self.heap]
        if not others:
            return self.ONLY.say(who=th.name, n=self.key(th))
        return self.SMALLEST.say(who=th.name, n=self.key(th), m=min(others))


@register("cpu", "sjf")
class ShortestJobFirst(KeyedPolicy):
    """Shortest job first (non-preemptive): the shortest next CPU burst runs."""

    title = "Shortest job first (SJF)"
    label = "SJF"
    ONLY = define("cpu.sjf.only", gettext_noop("SJF: {who} is the only ready thread (burst {n})"))
    SMALLEST = define("cpu.sjf.smallest",
                      gettext_noop("SJF: {who} has the smallest burst ({n}; next best {m})"))

    #: ``th.burst_left()``: called as ``self.key(th)`` (a methodcaller is
    #: not a method, so it does not bind ``self``): one call per key, not two.
    key = methodcaller("burst_left")


@register("cpu", "srt")
class ShortestRemainingTime(KeyedPolicy):
    """Shortest remaining time first (preemptive SJF)."""

    title = "Shortest remaining time (SRT)"
    label = "SRT"
    preemptive = True
    ONLY = define("cpu.srt.only",
                  gettext_noop("SRT: {who} is the only ready thread (remaining time {n})"))
    SMALLEST = define("cpu.srt.smallest",
                      gettext_noop("SRT: {who} has the smallest remaining time ({n}; next best {m})"))
    PREEMPT = define("cpu.srt.preempt", gettext_noop("SRT: {who} preempts {victim}: {n} ticks left < {m}"))
    PREEMPT_ONE = define("cpu.srt.preempt_one",
                         gettext_noop("SRT: {who} preempts {victim}: {n} tick left < {m}"))

    #: ``th.burst_left()``: called as ``self.key(th)`` (a methodcaller is
    #: not a method, so it does not bind ``self``): one call per key, not two.
    key = methodcaller("burst_left")


@register("cpu", "priority")
class Priority(KeyedPolicy):
    """Priority (non-preemptive): the lowest priority number runs first."""

    title = "Priority (non-preemptive)"
    label = gettext_noop("Priority")
    settings = ("priority",)
    ONLY = define("cpu.priority.only",
                  gettext_noop("Priority: {who} is the only ready thread (priority number {n})"))
    SMALLEST = define("cpu.priority.smallest", gettext_noop(
        "Priority: {who} has the smallest priority number ({n}; next best {m})"))
    PREEMPT = define("cpu.priority.preempt",
                     gettext_noop("Priority: {who} preempts {victim}: priority number {n} < {m}"))

    def key(self, th: "Thread") -> int:
        return th.priority


@register("cpu", "priority_preemptive")
class PriorityPreemptive(Priority):
    """Priority (preemptive): a higher-priority arrival takes the CPU at once."""

    title = "Priority (preemptive)"
    label = gettext_noop("Preemptive priority")
    preemptive = True
