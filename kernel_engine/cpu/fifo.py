"""First-come first-served and round robin: one FIFO ready queue."""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Iterator

from ..i18n import define, gettext_noop
from ..registry import register
from .base import CpuPolicy

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.process import Thread


class FifoPolicy(CpuPolicy):
    def __init__(self, config: dict, rng) -> None:
        super().__init__(config, rng)
        self.ready_queue: deque["Thread"] = deque()
        self.has_ready = self.ready_queue

    def add(self, th: "Thread", now: int, how: str) -> None:
        self.ready_queue.append(th)

    def pop(self, now: int) -> "Thread | None":
        return self.ready_queue.popleft() if self.ready_queue else None

    def peek(self) -> "Thread | None":
        return self.ready_queue[0] if self.ready_queue else None

    def __len__(self) -> int:
        return len(self.ready_queue)

    def ready(self) -> Iterator["Thread"]:
        return iter(self.ready_queue)

    def remove(self, th: "Thread") -> bool:
        if th not in self.ready_queue:
            return False
        self.ready_queue.remove(th)
        return True


@register("cpu", "fcfs")
class FirstComeFirstServed(FifoPolicy):
    """First come, first served: run each thread until it finishes or blocks."""

    title = "First come, first served (FCFS)"
    label = "FCFS"

    LONGEST = define("cpu.fcfs.longest", gettext_noop("FCFS: {who} has waited longest in the ready queue"))
    LONGEST_OTHERS = define("cpu.fcfs.longest_others", gettext_noop(
        "FCFS: {who} has waited longest in the ready queue; {n} still waiting"))

    def why(self, th: "Thread", now: int) -> str:
        waiting = len(self.ready_queue)
        if waiting:
            return self.LONGEST_OTHERS.say(who=th.name, n=waiting)
        return self.LONGEST.say(who=th.name)


@register("cpu", "rr")
class RoundRobin(FifoPolicy):
    """Round robin: FIFO order, each thread runs for at most one quantum."""

    title = "Round robin (RR)"
    label = "RR"
    uses_quantum = True
    settings = ("quantum",)

    HEAD = define("cpu.rr.head",
                  gettext_noop("RR: {who} is at the head of the ready queue; it may run {n} ticks"))
    HEAD_ONE = define("cpu.rr.head_one",
                      gettext_noop("RR: {who} is at the head of the ready queue; it may run {n} tick"))

    def why(self, th: "Thread", now: int) -> str:
        return (self.HEAD_ONE if self.quantum == 1 else self.HEAD).say(who=th.name, n=self.quantum)
