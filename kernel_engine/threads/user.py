"""User-level (many-to-one) threads: the classic lesson of lightweight threads.

With ``threads.model: "user"`` the CPU policy schedules *processes*: each
process has one active thread in the kernel's eyes, and a thread library
inside the process round-robins its other runnable threads every
``threads.quantum`` ticks of the process's CPU time, on the same core and
without a kernel context switch.

Synchronisation between threads (``lock``, ``sem_wait``, ``join``) is the
library's business: a thread that waits there lets the library run another
of its process's threads.  But a blocking system call (``io``, ``recv``,
``request``, a blocking ``send``) blocks the one kernel thread the process
has, so *every* thread of the process waits until it completes, even those
that could run.
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from ..i18n import define, gettext_noop

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.loop import Kernel
    from ..kernel.process import Thread

SYSCALL_BLOCKS = define("threads.user.syscall",
                        gettext_noop("{who}'s system call blocks all of {process}'s user threads"))

#: Waits handled by the thread library; every other wait is a system call.
USER_LEVEL_WAITS = frozenset({"mutex", "sem", "join"})


class KernelThreads:
    """The one-to-one model (``threads.model: "kernel"``): no thread library.

    Every thread is the kernel's to schedule, so each hook does nothing;
    the kernel calls them all the same and never asks which model runs.
    """

    #: no library quantum: a thread runs until the CPU policy stops it
    quantum: int | None = None

    def on_arrival(self, th: "Thread") -> None:
        """A process's main thread arrived."""

    def on_spawn(self, th: "Thread") -> bool:
        """True when the library keeps the new thread (never here)."""
        return False

    def on_wake(self, th: "Thread") -> bool:
        """True when the woken thread waits in the library (never here)."""
        return False

    def after_stop(self, th: "Thread") -> "Thread | None":
        """The thread to run next on the same core: none, the core is free."""
        return None

    def rotate(self, th: "Thread") -> "Thread | None":
        """Never called: without a library quantum no thread uses one up."""
        return None

    def forget(self, process: str) -> None:
        """The process was killed: nothing waits in a library."""


def thread_library(kernel: "Kernel") -> "KernelThreads | UserThreads":
    """The thread library of the scenario's ``threads.model``."""
    return UserThreads(kernel) if kernel.scenario["threads"]["model"] == "user" else KernelThreads()


class UserThreads:
    """The many-to-one model: a library inside each process round-robins its threads."""

    def __init__(self, kernel: "Kernel") -> None:
        self.kernel = kernel
        self.quantum: int = kernel.scenario["threads"]["quantum"]
        #: the thread each process runs in the kernel's eyes (None: all wait in the library)
        self.active: dict[str, "Thread | None"] = {}
        #: runnable threads waiting inside their process, in round-robin order
        self.queue: dict[str, deque["Thread"]] = {}

    def on_arrival(self, th: "Thread") -> None:
        self.active[th.process.name] = th
        self.queue[th.process.name] = deque()

    def forget(self, process: str) -> None:
        """The process was killed: the threads waiting in its library go with it."""
        self.queue[process].clear()

    def on_spawn(self, th: "Thread") -> bool:
        """A new thread waits in its process's library queue (True: handled here)."""
        th.state = "ready"
        self.queue[th.process.name].append(th)
        return True

    def on_wake(self, th: "Thread") -> bool:
        """True when the woken thread waits in the library instead of the kernel."""
        proc = th.process.name
        active = self.active.get(proc)
        if active is th:
            return False  # its system call returned: the process is ready again
        if active is None:
            self.active[proc] = th
            return False
        self.queue[proc].append(th)
        return True

    def _take_next(self, th: "Thread") -> "Thread | None":
        proc = th.process.name
        queue = self.queue[proc]
        if not queue:
            self.active[proc] = None
            return None
        nxt = queue.popleft()
        # The process keeps its place with the CPU scheduler: the next thread
        # inherits what is left of the kernel's quantum and its MLFQ level.
        nxt.quantum_left, nxt.level, nxt.allot_left = th.quantum_left, th.level, th.allot_left
        self.active[proc] = nxt
        return nxt

    def after_stop(self, th: "Thread") -> "Thread | None":
        """``th`` finished or waits: the thread to run next on the same core, if any."""
        if th.state == "blocked" and th.waiting_on.on not in USER_LEVEL_WAITS:
            # A system call: the whole process waits with it.
            self.kernel.emit("block", who=th.process.name, on=th.waiting_on.text,
                             reason=SYSCALL_BLOCKS.say(who=th.name, process=th.process.name))
            return None
        return self._take_next(th)

    def rotate(self, th: "Thread") -> "Thread | None":
        """``th`` used its library quantum: the next runnable thread, or None to go on."""
        if not self.queue[th.process.name]:
            th.user_left = self.quantum
            return None
        th.state = "ready"
        self.queue[th.process.name].append(th)
        return self._take_next(th)
