"""The contract between the kernel and a CPU scheduling policy.

A policy owns the ready queue and nothing else: the kernel tells it when a
thread becomes ready (``add``), asks it whom to run (``pop``) and, for
preemptive policies, whether the best ready thread should take a core from a
running one (``preempts``).  Quanta live on the thread (``quantum_left``) so
the kernel can slice without knowing the policy.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..i18n import define, gettext_noop

if TYPE_CHECKING:  # pragma: no cover
    import numpy

    from ..kernel.process import Thread

FIRST = define("cpu.first", gettext_noop("{who} is first in the ready queue"))
PREEMPTS = define("cpu.preempt", gettext_noop("{who} preempts {victim}"))

#: How a thread came to be ready; policies may treat them differently.
ARRIVE, WAKE, EXPIRE, PREEMPT = "arrive", "wake", "expire", "preempt"


class CpuPolicy:
    """Base class: a FIFO ready queue with no quantum and no preemption."""

    #: May a newly ready thread take a core from a running one?
    preemptive = False
    #: Does a running thread get sliced by ``quantum_left``?
    uses_quantum = False
    #: Traits the registry exports (``registry.describe``): the scenario
    #: settings the policy reads besides ``policy`` (``quantum``, ``mlfq``,
    #: ``tickets``, ``priority``), and its short name in sentences ("SRT").
    settings: tuple[str, ...] = ()
    label = ""

    def __init__(self, config: dict, rng: "numpy.random.Generator") -> None:
        self.config = config
        self.rng = rng
        self.quantum = config["quantum"]
        tie = config.get("tie_break", "arrival")
        # Ties go to the earlier arrival, then to the earlier position.
        self.tie = (lambda th: (th.arrival, th.order)) if tie == "arrival" else (lambda th: (th.order,))
        self.tie_by_arrival = tie == "arrival"
        #: When a quantum expires at the instant another thread arrives, who
        #: enters the ready queue first?  The kernel reads this flag.
        self.expired_first = config.get("requeue", "after_arrivals") == "before_arrivals"
        #: True exactly when a thread is ready.  The loop tests it several
        #: times an instant; a policy whose ready queue is one container (a
        #: deque, a list, a dict) sets it to that container, whose truth
        #: Python tests without a call.  By default it is the policy itself
        #: (its ``__len__``).  The container must be changed in place, never
        #: replaced, as the loop keeps a reference to it.
        self.has_ready = self

    # -- the ready queue -------------------------------------------------
    def add(self, th: "Thread", now: int, how: str) -> None:
        raise NotImplementedError

    def pop(self, now: int) -> "Thread | None":
        raise NotImplementedError

    def peek(self) -> "Thread | None":
        """The thread ``pop`` would return, without removing it."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def ready(self) -> Iterator["Thread"]:
        """Ready threads in queue order (for snapshots)."""
        raise NotImplementedError

    def remove(self, th: "Thread") -> bool:
        """Take ``th`` out of the ready queue (its process was killed); False if
        it is not there.  O(ready threads): killing is rare."""
        raise NotImplementedError

    def snapshot(self) -> list:
        return [th.name for th in self.ready()]

    # -- hooks ------------------------------------------------------------
    def on_dispatch(self, th: "Thread") -> None:
        """A thread is about to run: set its ``quantum_left`` if sliced."""
        th.quantum_left = self.quantum if self.uses_quantum else None

    def on_quantum_used(self, th: "Thread") -> None:
        """The thread used its whole quantum (before it is requeued)."""

    def on_block(self, th: "Thread") -> None:
        """The thread left the CPU to wait (I/O, a lock, a message)."""

    def preempts(self, ready: "Thread", running: "Thread") -> bool:
        """Should ``ready`` take the core of ``running`` now?"""
        return False

    def victim_key(self, th: "Thread"):
        """Among running threads, the one with the largest key is preempted first."""
        return 0

    def next_timer(self, now: int) -> int | None:
        """The next instant after ``now`` at which ``on_timer`` must run."""
        return None

    def on_timer(self, now: int) -> str | None:
        """A timer fired; returns a reason to show, or None."""
        return None

    # -- explanations (only called when a trace is being recorded) --------
    def why(self, th: "Thread", now: int) -> str:
        return FIRST.say(who=th.name)

    def why_preempt(self, ready: "Thread", running: "Thread") -> str:
        return PREEMPTS.say(who=ready.name, victim=running.name)
