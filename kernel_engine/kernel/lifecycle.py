"""The kernel's side of threads: born, made ready, blocked, woken, finished.

``ThreadControl`` is the part of ``Kernel`` that moves a thread through its
life: a process's arrival makes its main thread, ``spawn`` makes others,
``_run_instant_ops`` runs the zero-cost ops at a thread's program counter,
``block`` and ``complete_blocked`` put it to sleep and wake it, and
``_thread_done`` ends it.  Split from loop.py to keep each file about one
thing; the op handlers call ``block``, ``complete_blocked``, ``new_thread``,
``make_ready_now`` and ``kill_thread``.
"""
from __future__ import annotations

from typing import Any

from ..cpu.base import ARRIVE, WAKE
from ..i18n import define, gettext_noop
from .dispatch import RUN
from .handlers import HANDLERS
from .ops import free_process_memory
from .process import COST_OPS, Process, Thread
from .waits import Wait

#: What ``_run_instant_ops`` reports besides ``RUN``.
BLOCKED, DONE = "blocked", "done"


ARRIVES = define("kernel.arrive", gettext_noop("{who} arrives"))
FINISHED = define("kernel.finish", gettext_noop("{who} finished its program"))
GOES_ON = define("kernel.wake", gettext_noop("{who} can go on"))
JOINED = define("kernel.joined", gettext_noop("{who} joined {thread}"))


class ThreadControl:
    """Mixin of ``Kernel`` (see the module docstring)."""

    def _arrive(self, proc: Process, t: int) -> None:
        """``proc`` arrives at ``t``: its main thread is made and is ready."""
        # What new_thread does, written out: one arrival per process,
        # the most common event of a large workload.
        name, index = proc.name, proc.index
        th = Thread(name, next(self._uid), index, proc, proc.program, t)
        proc.threads.append(th)
        self.threads[name] = th
        if self.pending_joins and name in self.pending_joins:
            self._joins_waiting(th)
        proc.live_threads += 1
        if self.user_threads:
            self.threads_lib.on_arrival(th)
        if self.tracer is not None:
            self.emit("arrive", who=proc.name, reason=ARRIVES.say(who=proc.name))
        # What _make_ready does (a new thread is never done).
        th.state = "ready"
        self._ready_added = True
        self.policy.add(th, t, ARRIVE)

    def new_thread(self, name: str, proc: Process, program: list[dict], t: int,
                   order: int | None = None) -> Thread:
        th = Thread(name, next(self._uid), next(self._spawn_order) if order is None else order,
                    proc, program, t)
        proc.threads.append(th)
        self.threads[name] = th
        if self.pending_joins and name in self.pending_joins:
            self._joins_waiting(th)
        return th

    def _joins_waiting(self, th: Thread) -> None:
        """``th`` was just made: the threads that joined it before now wait on it."""
        for joiner in self.pending_joins.pop(th.name, ()):
            th.joiners.append(joiner)
            joiner.waiting_on = Wait("join", th.name)

    def make_ready_now(self, th: Thread) -> None:
        """A new thread is ready (buffered like a wake-up while slices settle)."""
        if self.threads_lib.on_spawn(th):
            return
        th.state = "ready"
        if self._wake_buffer is not None:
            self._wake_buffer.append((th, ARRIVE))
        else:
            self._ready_added = True
            self.policy.add(th, self.now, ARRIVE)

    def _make_ready(self, th: Thread, how: str) -> None:
        if th.done:
            return  # killed while it waited to be queued
        th.state = "ready"
        self._ready_added = True
        self.policy.add(th, self.now, how)

    def block(self, th: Thread, on: Wait, reason: str) -> None:
        """Put a running thread to sleep until ``complete_blocked`` wakes it."""
        th.state = "blocked"
        th.waiting_on = on
        th.blocked_since = self.now
        self.blocked[th.name] = th
        self.policy.on_block(th)
        if self.tracer is not None:
            self.emit("block", who=th.name, on=on.text, reason=reason)

    def complete_blocked(self, th: Thread, value: Any, reason: str | None = None) -> None:
        """Finish the op ``th`` is blocked in (binding ``value`` to its ``as``) and wake it."""
        if th.done:
            return  # killed while it waited: the wake-up finds nobody
        op = th.program[th.pc]
        name = op.get("as")
        if name and value is not None:
            th.process.values[name] = value
        th.pc += 1
        waited = self.now - th.blocked_since
        th.blocked_total += waited
        category = th.waiting_on.category
        by = th.process.blocked_by
        by[category] = by.get(category, 0) + waited
        th.blocked_since = None
        th.waiting_on = None
        del self.blocked[th.name]
        if self.tracer is not None:
            self.emit("wake", who=th.name, reason=reason or GOES_ON.say(who=th.name))
        if self.threads_lib.on_wake(th):
            th.state = "ready"
            return
        if self._wake_buffer is not None:
            th.state = "ready"
            self._wake_buffer.append((th, WAKE))
        else:
            self._make_ready(th, WAKE)

    def _run_instant_ops(self, th: Thread) -> str:
        """Run the zero-cost ops at the thread's program counter."""
        program = th.program
        while th.pc < len(program):
            op = program[th.pc]
            kind = op["op"]
            if kind in COST_OPS:
                return RUN
            if not HANDLERS[kind](self, th, op):
                return BLOCKED
            th.pc += 1
        self._thread_done(th)
        return DONE

    def kill_thread(self, th: Thread, reason: str) -> None:
        """End ``th`` now, wherever it is: on a core, in the ready queue or blocked
        (its process was killed).  A wake-up that comes for it later is dropped."""
        if th.core is not None:
            core = self.cores[th.core]
            if not core.switching:
                self._account(core, self.now)
            self._release(core, self.now)
        elif th.state == "blocked":
            del self.blocked[th.name]
            th.blocked_total += self.now - th.blocked_since
            th.blocked_since = None
            th.waiting_on = None
        elif th.state == "ready":
            self.policy.remove(th)  # False when it waits in the thread library or a buffer
        th.pc = len(th.program)
        th.op_left = None
        self._thread_done(th, reason)

    def _thread_done(self, th: Thread, reason: str | None = None) -> None:
        th.done = True
        th.state = "done"
        th.finish = self.now
        if self.tracer is not None:
            self.emit("finish", who=th.name, reason=reason or FINISHED.say(who=th.name))
        if th.joiners:
            for joiner in th.joiners:
                self.complete_blocked(joiner, None, JOINED.say(who=joiner.name, thread=th.name))
            th.joiners.clear()
        proc = th.process
        proc.live_threads -= 1
        if proc.live_threads == 0:
            proc.finish = self.now
            if proc.refs:
                free_process_memory(self, proc)
            if self.resources is not None:
                self.resources.process_ended(proc.name)
