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

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel import Kernel
    from ..thread import Process, Thread

#: Waits handled by the thread library; every other wait is a system call.
USER_LEVEL_WAITS = ("mutex:", "sem:", "join:")


class UserThreads:
    def __init__(self, kernel: "Kernel") -> None:
        self.kernel = kernel
        self.quantum: int = kernel.scenario["threads"]["quantum"]
        #: the thread each process runs in the kernel's eyes (None: all wait in the library)
        self.active: dict[str, "Thread | None"] = {}
        #: runnable threads waiting inside their process, in round-robin order
        self.queue: dict[str, deque["Thread"]] = {}
        self.switches = 0

    def on_arrival(self, th: "Thread") -> None:
        self.active[th.process.name] = th
        self.queue[th.process.name] = deque()

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
        self.switches += 1
        return nxt

    def after_stop(self, th: "Thread") -> "Thread | None":
        """``th`` finished or waits: the thread to run next on the same core, if any."""
        if th.state == "blocked" and not (th.waiting_on or "").startswith(USER_LEVEL_WAITS):
            # A system call: the whole process waits with it.
            self.kernel.emit("block", who=th.process.name, on=th.waiting_on,
                             reason=f"{th.name}'s system call blocks all of {th.process.name}'s user threads")
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

    def waiting_in(self, proc: "Process") -> list[str]:
        return [th.name for th in self.queue.get(proc.name, ())]
