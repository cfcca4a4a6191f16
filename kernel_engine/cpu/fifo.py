"""First-come first-served and round robin: one FIFO ready queue."""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Iterator

from ..registry import register
from .base import CpuPolicy

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.process import Thread


class FifoPolicy(CpuPolicy):
    def __init__(self, config: dict, rng) -> None:
        super().__init__(config, rng)
        self.ready_queue: deque["Thread"] = deque()

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


@register("cpu", "fcfs")
class FirstComeFirstServed(FifoPolicy):
    """First come, first served: run each thread until it finishes or blocks."""

    title = "First come, first served (FCFS)"
    label = "FCFS"

    def why(self, th: "Thread", now: int) -> str:
        waiting = len(self.ready_queue)
        tail = f"; {waiting} still waiting" if waiting else ""
        return f"FCFS: {th.name} has waited longest in the ready queue{tail}"


@register("cpu", "rr")
class RoundRobin(FifoPolicy):
    """Round robin: FIFO order, each thread runs for at most one quantum."""

    title = "Round robin (RR)"
    label = "RR"
    uses_quantum = True
    settings = ("quantum",)

    def why(self, th: "Thread", now: int) -> str:
        return (f"RR: {th.name} is at the head of the ready queue; "
                f"it may run {self.quantum} tick{'s' if self.quantum != 1 else ''}")
