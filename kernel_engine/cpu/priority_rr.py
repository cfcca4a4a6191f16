"""Priority scheduling with round robin among equal priorities (``priority_rr``).

The textbook's "priority scheduling with round-robin": the highest priority
(lowest number) runs; processes of equal priority share the CPU in round
robin with ``quantum``.  A newly ready process of higher priority preempts;
the preempted one goes back to the head of its priority's queue and keeps
the rest of its quantum.  A quantum that expires with no equal-priority
process ready is renewed: the kernel puts the process back and, being alone
at the top, it is dispatched again with no context switch.
"""
from __future__ import annotations

import heapq
from collections import deque
from typing import TYPE_CHECKING, Iterator

from ..i18n import define, gettext_noop
from ..registry import register
from .base import PREEMPT, CpuPolicy

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.process import Thread


@register("cpu", "priority_rr")
class PriorityRoundRobin(CpuPolicy):
    """Preemptive priority; round robin with ``quantum`` among equal priorities."""

    title = "Priority with round robin"
    label = gettext_noop("Priority RR")
    uses_quantum = True
    preemptive = True
    settings = ("quantum", "priority")

    ONLY = define("cpu.priority_rr.only", gettext_noop(
        "Priority RR: {who} is the only ready thread (priority number {n}); it may run {m} ticks"))
    HEAD = define("cpu.priority_rr.head", gettext_noop(
        "Priority RR: {who} is at the head of the queue of priority number {n}, the highest "
        "ready; it may run {m} ticks"))
    PREEMPT = define("cpu.priority_rr.preempt", gettext_noop(
        "Priority RR: {who} preempts {victim}: priority number {n} < {m}; {victim} goes back "
        "to the head of its queue with {k} ticks of its quantum"))

    def __init__(self, config: dict, rng) -> None:
        super().__init__(config, rng)
        #: one FIFO queue per priority number, and a heap of the numbers
        #: that have a queue (an emptied queue is dropped lazily)
        self.queues: dict[int, deque["Thread"]] = {}
        self.priorities: list[int] = []
        self.count = 0
        #: preempted threads, which keep the rest of their quantum
        self.kept: set["Thread"] = set()

    def _queue(self, priority: int) -> deque["Thread"]:
        queue = self.queues.get(priority)
        if queue is None:
            queue = self.queues[priority] = deque()
            heapq.heappush(self.priorities, priority)
        return queue

    def _top(self) -> deque["Thread"] | None:
        while self.priorities:
            queue = self.queues[self.priorities[0]]
            if queue:
                return queue
            del self.queues[heapq.heappop(self.priorities)]
        return None

    def add(self, th: "Thread", now: int, how: str) -> None:
        queue = self._queue(th.priority)
        if how == PREEMPT:
            self.kept.add(th)
            queue.appendleft(th)
        else:
            queue.append(th)
        self.count += 1

    def pop(self, now: int) -> "Thread | None":
        queue = self._top()
        if queue is None:
            return None
        self.count -= 1
        return queue.popleft()

    def peek(self) -> "Thread | None":
        queue = self._top()
        return queue[0] if queue else None

    def __len__(self) -> int:
        return self.count

    def ready(self) -> Iterator["Thread"]:
        for priority in sorted(p for p, q in self.queues.items() if q):
            yield from self.queues[priority]

    def remove(self, th: "Thread") -> bool:
        queue = self.queues.get(th.priority)
        if queue is None or th not in queue:
            return False
        queue.remove(th)
        self.count -= 1
        self.kept.discard(th)
        return True

    def on_dispatch(self, th: "Thread") -> None:
        if th in self.kept:
            self.kept.discard(th)
        else:
            th.quantum_left = self.quantum

    def preempts(self, ready: "Thread", running: "Thread") -> bool:
        return ready.priority < running.priority

    def victim_key(self, th: "Thread"):
        return (th.priority, self.tie(th))

    def why(self, th: "Thread", now: int) -> str:
        left = th.quantum_left if th in self.kept else self.quantum
        if not self.count:
            return self.ONLY.say(who=th.name, n=th.priority, m=left)
        return self.HEAD.say(who=th.name, n=th.priority, m=left)

    def why_preempt(self, ready: "Thread", running: "Thread") -> str:
        return self.PREEMPT.say(who=ready.name, victim=running.name, n=ready.priority,
                                m=running.priority, k=running.quantum_left)
