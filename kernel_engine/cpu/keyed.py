"""Policies that pick the ready thread with the smallest key: SJF, SRT, priority.

The ready queue is a heap of ``(key, tie, seq, thread)``; a ready thread's
key does not change while it waits, so the heap stays valid.
"""
from __future__ import annotations

import heapq
import itertools
from typing import TYPE_CHECKING, Iterator

from ..reason_texts import gettext_noop
from ..registry import register
from .base import CpuPolicy

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.process import Thread


class KeyedPolicy(CpuPolicy):
    #: What the key measures, for explanations.
    measure = "key"

    def __init__(self, config: dict, rng) -> None:
        super().__init__(config, rng)
        self.heap: list = []
        self._seq = itertools.count()

    def key(self, th: "Thread") -> int:
        raise NotImplementedError

    def add(self, th: "Thread", now: int, how: str) -> None:
        heapq.heappush(self.heap, (self.key(th), self.tie(th), next(self._seq), th))

    def pop(self, now: int) -> "Thread | None":
        return heapq.heappop(self.heap)[3] if self.heap else None

    def peek(self) -> "Thread | None":
        return self.heap[0][3] if self.heap else None

    def __len__(self) -> int:
        return len(self.heap)

    def ready(self) -> Iterator["Thread"]:
        return (entry[3] for entry in sorted(self.heap))

    def victim_key(self, th: "Thread"):
        # Preempt the running thread with the worst key; among equals, the
        # one that arrived last.
        return (self.key(th), self.tie(th))

    def preempts(self, ready: "Thread", running: "Thread") -> bool:
        # Strictly better only: an equal key never preempts.
        return self.key(ready) < self.key(running)

    def why_preempt(self, ready: "Thread", running: "Thread") -> str:
        return (f"{self.short}: {ready.name} preempts {running.name}: "
                f"{self.describe(self.key(ready))} < {self.key(running)}")

    def describe(self, key: int) -> str:
        return f"{self.measure} {key}"

    def why(self, th: "Thread", now: int) -> str:
        others = [e[0] for e in self.heap]
        if not others:
            return f"{self.short}: {th.name} is the only ready thread ({self.measure} {self.key(th)})"
        return (f"{self.short}: {th.name} has the smallest {self.measure} ({self.key(th)}; "
                f"next best {min(others)})")


@register("cpu", "sjf")
class ShortestJobFirst(KeyedPolicy):
    """Shortest job first (non-preemptive): the shortest next CPU burst runs."""

    title = "Shortest job first (SJF)"
    short = "SJF"
    label = "SJF"
    measure = "burst"

    def key(self, th: "Thread") -> int:
        return th.burst_left()


@register("cpu", "srt")
class ShortestRemainingTime(KeyedPolicy):
    """Shortest remaining time first (preemptive SJF)."""

    title = "Shortest remaining time (SRT)"
    short = "SRT"
    label = "SRT"
    measure = "remaining time"
    preemptive = True

    def key(self, th: "Thread") -> int:
        return th.burst_left()

    def describe(self, key: int) -> str:
        return f"{key} tick{'s' if key != 1 else ''} left"


@register("cpu", "priority")
class Priority(KeyedPolicy):
    """Priority (non-preemptive): the lowest priority number runs first."""

    title = "Priority (non-preemptive)"
    short = "Priority"
    label = gettext_noop("Priority")
    settings = ("priority",)
    measure = "priority number"

    def key(self, th: "Thread") -> int:
        return th.priority


@register("cpu", "priority_preemptive")
class PriorityPreemptive(Priority):
    """Priority (preemptive): a higher-priority arrival takes the CPU at once."""

    title = "Priority (preemptive)"
    label = gettext_noop("Preemptive priority")
    preemptive = True
