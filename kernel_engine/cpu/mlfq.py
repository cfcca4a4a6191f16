"""Multi-level feedback queue, with the rules of the contract (OSTEP's MLFQ).

Level 0 is the highest.  Each tick, in order: (1) every ``boost`` ticks all
jobs return to the top; (2) arrivals, then I/O completions, join the tail of
their level (with ``io_bump`` each I/O completion, in issue order, goes to
the head of its level, ahead of a job running there, which waits behind
them with the rest of its quantum); (3) the head of the highest non-empty queue runs; (4) a job that
used its quantum loses an allotment, dropping a level when it has none left,
and goes to the tail; (5) a job that starts I/O leaves the queue (with
``io_stay`` its quantum and allotment are refreshed).
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Iterator

from ..i18n import define, gettext_noop
from ..registry import register
from .base import PREEMPT, WAKE, CpuPolicy

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.process import Thread


@register("cpu", "mlfq")
class MultiLevelFeedbackQueue(CpuPolicy):
    """Multi-level feedback queue: jobs that use whole quanta sink to lower levels."""

    title = "Multi-level feedback queue (MLFQ)"
    label = "MLFQ"
    uses_quantum = True
    settings = ("mlfq",)
    preemptive = True

    def __init__(self, config: dict, rng) -> None:
        super().__init__(config, rng)
        m = config["mlfq"]
        self.quanta: list[int] = list(m["quanta"])
        self.allotments: list[int] = list(m["allotments"])
        self.boost: int = m["boost"]
        self.io_stay: bool = m["io_stay"]
        self.io_bump: bool = m["io_bump"]
        self.levels: list[deque["Thread"]] = [deque() for _ in self.quanta]
        self.count = 0
        # In the per-tick model a job whose quantum ran out at the end of the
        # last tick is back in its queue before this tick's arrivals join.
        self.expired_first = True
        #: Every unfinished job the policy has seen, for boosts.
        self.jobs: list["Thread"] = []
        #: The instant the policy was last told about, and the jobs that
        #: io_bump put at the head of their queue at ``bump_time``: they go
        #: ahead of the job running at their level, and of each other.
        self.now = 0
        self.bump_time = -1
        self.bumped: set["Thread"] = set()

    def _fresh(self, th: "Thread", level: int) -> None:
        th.level = level
        th.quantum_left = self.quanta[level]
        th.allot_left = self.allotments[level]

    def add(self, th: "Thread", now: int, how: str) -> None:
        if th.level is None:
            self._fresh(th, 0)
            self.jobs.append(th)
        self.now = now
        queue = self.levels[th.level]
        if how == WAKE and self.io_bump:
            # Each completion goes to the head, so the last one runs first.
            if self.bump_time != now:
                self.bump_time, self.bumped = now, set()
            self.bumped.add(th)
            queue.appendleft(th)
        elif how == PREEMPT:
            # A preempted job is still the head of its own queue, as in the
            # per-tick model, but behind the jobs io_bump put there just now.
            ahead = 0
            if self.bump_time == now:
                while ahead < len(queue) and queue[ahead] in self.bumped:
                    ahead += 1
            queue.insert(ahead, th)
        else:
            queue.append(th)
        self.count += 1

    def pop(self, now: int) -> "Thread | None":
        self.now = now
        for queue in self.levels:
            if queue:
                self.count -= 1
                return queue.popleft()
        return None

    def peek(self) -> "Thread | None":
        for queue in self.levels:
            if queue:
                return queue[0]
        return None

    def __len__(self) -> int:
        return self.count

    def ready(self) -> Iterator["Thread"]:
        for queue in self.levels:
            yield from queue

    def remove(self, th: "Thread") -> bool:
        for queue in self.levels:
            if th in queue:
                queue.remove(th)
                self.count -= 1
                return True
        return False

    def snapshot(self) -> list:
        return [[th.name for th in queue] for queue in self.levels]

    def on_dispatch(self, th: "Thread") -> None:
        # The job keeps what is left of its quantum at its level.
        if th.quantum_left is None:
            th.quantum_left = self.quanta[th.level]

    def on_quantum_used(self, th: "Thread") -> None:
        th.allot_left -= 1
        if th.allot_left <= 0:
            self._fresh(th, min(th.level + 1, len(self.quanta) - 1))
        else:
            th.quantum_left = self.quanta[th.level]

    def on_block(self, th: "Thread") -> None:
        if self.io_stay:
            self._fresh(th, th.level)

    def preempts(self, ready: "Thread", running: "Thread") -> bool:
        if ready.level < running.level:
            return True
        # io_bump: a job just back from I/O goes ahead of the one running at
        # its level (but not ahead of another job bumped in the same instant).
        return (ready.level == running.level and self.bump_time == self.now
                and ready in self.bumped and running not in self.bumped)

    def victim_key(self, th: "Thread"):
        return th.level

    HEAD = define("cpu.mlfq.head", gettext_noop(
        "MLFQ: {who} is at the head of level {level}, the highest non-empty queue "
        "({n} of {m} ticks left in its quantum)"))
    PREEMPTS = define("cpu.mlfq.preempt", gettext_noop(
        "MLFQ: {who} (level {level}) preempts {victim} (level {m}); {victim} keeps "
        "{n} ticks of its quantum"))
    BUMPS = define("cpu.mlfq.bump", gettext_noop(
        "MLFQ io_bump: {who} is back from I/O at the head of level {level}, ahead of "
        "{victim}, which keeps {n} ticks of its quantum"))
    BOOST = define("cpu.mlfq.boost", gettext_noop("MLFQ boost at t={t}: every job moves to the top level"))

    def why_preempt(self, ready: "Thread", running: "Thread") -> str:
        if ready.level == running.level:
            return self.BUMPS.say(who=ready.name, level=ready.level, victim=running.name,
                                  n=running.quantum_left)
        return self.PREEMPTS.say(who=ready.name, level=ready.level, victim=running.name,
                                m=running.level, n=running.quantum_left)

    def next_timer(self, now: int) -> int | None:
        if self.boost <= 0:
            return None
        return (now // self.boost + 1) * self.boost

    def on_timer(self, now: int) -> str | None:
        if self.boost <= 0 or now <= 0 or now % self.boost:
            return None
        top = self.levels[0]
        # Lower levels move up lowest level first, keeping their order.
        for queue in reversed(self.levels[1:]):
            top.extend(queue)
            queue.clear()
        self.jobs = [th for th in self.jobs if not th.done]
        for th in self.jobs:
            self._fresh(th, 0)
        return self.BOOST.say(t=now)

    def why(self, th: "Thread", now: int) -> str:
        return self.HEAD.say(who=th.name, level=th.level, n=th.quantum_left, m=self.quanta[th.level])
