"""The kernel's side of the cores: who runs where, for how long, and who gives way.

``CoreControl`` is the part of ``Kernel`` that puts threads on cores and
takes them off: dispatching (with the context-switch cost), starting or
resuming a slice, the thread library's user-level switches, and
preemption.  Split from loop.py to keep each file about one thing; the
loop calls these methods and they call back ``_run_instant_ops``,
``_make_ready`` and ``emit``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..cpu.base import PREEMPT
from ..i18n import define, gettext_noop
from .ops import start_cost_op
from .process import COST_OPS

if TYPE_CHECKING:  # pragma: no cover
    from .cores import Core
    from .process import Thread

LIBRARY_SWITCH = define("threads.user.switch",
                        gettext_noop("the thread library of {process} switches to {who}"))

#: What ``_run_instant_ops`` reports when the thread reached an op with a cost.
RUN = "run"


class CoreControl:
    """Mixin of ``Kernel`` (see the module docstring)."""

    def _account(self, core: Core, t: int) -> None:
        """Charge the thread running on ``core`` (not switching) for its ticks up to ``t``.

        A core that runs on is not accounted at every instant: the loop
        accounts a slice when it ends, and whoever reads a running thread's
        counters before then accounts its core first (preemption, the
        policy timer, killing a thread, the end of the run).  Accounting
        twice in one instant charges nothing the second time.
        """
        ran = t - core.run_start
        if ran:
            th = core.thread
            th.cpu_used += ran
            th.op_left -= ran
            if th.quantum_left is not None:
                th.quantum_left -= ran
            if th.user_left is not None:
                th.user_left -= ran
            core.busy_ticks += ran
            core.run_start = t

    def _begin(self, core: Core, t: int, at_cost_op: bool = False) -> None:
        """The thread on ``core`` starts (or goes on) running at ``t``.

        ``at_cost_op``: the thread's next op is known to have a cost (its
        instant ops ran already in this instant), so none runs here.
        """
        th = core.thread
        op_left = th.op_left
        # Once per slice, so the usual cases are tested here without a call:
        # a thread in the middle of an op (op_left set) or at an op with a
        # cost has no instant op to run, and most ops with a cost are ``cpu``.
        if op_left is None:
            program, pc = th.program, th.pc
            op = program[pc] if pc < len(program) else None
            if op is not None and op["op"] == "cpu":  # what start_cost_op does for it
                th.op_cost = th.op_left = op_left = op["ticks"]
            else:
                if not at_cost_op and (op is None or op["op"] not in COST_OPS):
                    while self._run_instant_ops(th) != RUN:
                        if not self._stop(core, th, t):
                            return
                        th = core.thread
                    op_left = th.op_left
                if op_left is None:
                    op = th.program[th.pc]
                    if op["op"] == "cpu":
                        th.op_cost = th.op_left = op_left = op["ticks"]
                    else:
                        start_cost_op(self, th, t)
                        op_left = th.op_left
        run = op_left
        quantum_left = th.quantum_left
        if quantum_left is not None and quantum_left < run:
            run = quantum_left
        if th.user_left is not None and th.user_left < run:
            run = th.user_left
        core.run_start = t
        core.slice_end = t + run
        # The Gantt bar: the same thread going on at once on the same core
        # makes one longer bar; anyone else starts a new one, and the bar
        # before it ends.
        name = th.name
        if core.seg_who == name and (core.seg_end is None or core.seg_end == t):
            core.seg_end = None
        else:
            if core.seg_who is not None:
                end = core.seg_end
                if end is None:
                    end = core.seg_end = t
                if self.tracer is not None:
                    self.bars.close(core)
                elif end > core.seg_start:
                    # What GanttRecorder.close does untraced: a bar ends
                    # here about once per slice (one thread after another).
                    self.bars.bars.append((core.seg_start, core.index, core.seg_who, end))
            core.seg_who, core.seg_start, core.seg_end = name, t, None

    def _stop(self, core: Core, th: Thread, t: int) -> bool:
        """``th`` finished or blocked on ``core``; True if another thread now holds the core.

        Only the user-thread library hands the core straight to another
        thread (of the same process); otherwise the core is free.
        """
        nxt = self.threads_lib.after_stop(th) if self.user_threads else None
        self._release(core, t)
        if nxt is None:
            return False
        self._put_on_core(core, nxt, t)
        return True

    def _put_on_core(self, core: Core, th: Thread, t: int) -> None:
        """A user-level switch: the thread library runs ``th`` in its process's place."""
        if self.tracer is not None:
            self.emit("dispatch", core=core.index, who=th.name, user_level=True,
                      reason=LIBRARY_SWITCH.say(process=th.process.name, who=th.name))
        core.thread = th
        core.last = th
        th.core = core.index
        th.state = "running"
        th.user_left = self.threads_lib.quantum
        if th.first_dispatch is None:
            th.first_dispatch = t

    def _release(self, core: Core, t: int) -> None:
        th = core.thread
        core.thread = None
        core.switching = False
        if th is not None:
            th.core = None
            if th.state == "running":
                th.state = "ready"
        if core.seg_who is not None and core.seg_end is None:
            core.seg_end = t  # the bar stops here, unless the thread goes on at once

    def _preempt_one(self, t: int) -> bool:
        policy = self.policy
        candidate = policy.peek()
        if candidate is None:
            return False
        # The victim: the running thread with the largest ``victim_key`` (the
        # last such core).  A key is only computed once there are two to
        # compare: on one core none is.
        core, worst = None, None
        for c in self.cores:
            if c.thread is not None and not c.switching:
                self._account(c, t)  # keys and quanta of running threads are read below
                if core is None:
                    core = c
                    continue
                if worst is None:
                    worst = policy.victim_key(core.thread)
                key = policy.victim_key(c.thread)
                if key >= worst:
                    core, worst = c, key
        if core is None:
            return False
        victim = core.thread
        if not policy.preempts(candidate, victim):
            return False
        if self.tracer is not None:
            self.emit("preempt", core=core.index, who=victim.name, by=candidate.name,
                      reason=policy.why_preempt(candidate, victim))
        self._release(core, t)
        self._make_ready(victim, PREEMPT)
        return True

    def _fire_timer(self, t: int, resume: list[Core]) -> None:
        # The running jobs are the heads of their queues in the per-tick
        # model, so they take part in the timer's reshuffle.
        for core in reversed(self.cores):
            th = core.thread
            if th is not None and not core.switching:
                if core in resume:
                    # Its slice ended now (accounted) or its context switch
                    # did (nothing ran yet).
                    resume.remove(core)
                else:
                    self._account(core, t)  # it was running on: charge it up to now
                self._release(core, t)
                self._make_ready(th, PREEMPT)
        reason = self.policy.on_timer(t)
        if reason:
            self.emit("boost", reason=reason)
        self._timer_at = self.policy.next_timer(t)
