"""The kernel: one discrete-event loop on integer ticks.

Time jumps from one instant to the next event (an arrival, the end of a
running slice, a device completion, a policy timer); nothing loops over idle
ticks.  Within an instant the order is fixed, so runs are deterministic:

1. running slices that end now are accounted; a thread whose op finished
   runs its following zero-cost ops at once; a used-up quantum is noted;
2. quantum-expired threads re-queue before arrivals when the policy says
   so (``cpu.requeue: before_arrivals``, and always for MLFQ);
3. a policy timer (the MLFQ boost) fires;
4. arrivals (in list order), then device completions and other wake-ups (in
   issue order), join the ready queue;
5. expired threads re-queue after arrivals (the default);
6. idle cores take the next ready thread, and preemptive policies let a
   strictly better ready thread take a core, until nothing changes;
7. an idle disk starts its next request.

The loop does not know which policy runs: it talks to the CPU policy, the
allocator, the disk and the op handlers through their small interfaces.
"""
from __future__ import annotations

import heapq
import itertools
from operator import attrgetter
from typing import Any, Iterator

from .. import registry
from ..i18n import define, gettext_noop
from ..cpu.base import EXPIRE, CpuPolicy
from ..memory import make_allocator
from ..threads.user import thread_library
from .cores import Core, GanttRecorder
from .disk_driver import DiskDriver
from .dispatch import RUN, CoreControl
from .lifecycle import DONE, ThreadControl
from .ops import finish_cost_op
from .process import Process, Thread
from .recorder import Recorder
from .rng import LazyRng

# Event priorities inside one instant: disk request arrivals, then wake-ups
# in issue order.  Process arrivals come before both; they are not heap
# events (``Kernel._arrivals``).
_DISK_ARRIVE, _WAKE = 1, 2

#: The lists of an instant in which no slice ended (an empty tuple: nothing
#: to make, and ``in`` and ``for`` work on it).
_NONE_YET: tuple = ()

EXPIRED = define("kernel.expire", gettext_noop("{who} used its whole quantum and goes back to the ready queue"))
LIMIT = define("kernel.limit", gettext_noop("the run reached limits.max_ticks ({n}) and stopped"))


def _start_access(kernel: "Kernel", th: Thread, op: dict, t: int) -> None:
    # A virtual-memory access (only a scenario with a ``vm`` section has them).
    from ..vm import kernel_side
    kernel_side.start_access(kernel, th, op, t)


class Kernel(CoreControl, ThreadControl):
    """Runs one normalized scenario.  Iterate ``steps()``, then read ``result``."""

    def __init__(self, scenario: dict, *, trace: bool = False, summary: bool = False) -> None:
        self.scenario = scenario
        self.rng = LazyRng(scenario["seed"])
        cpu = scenario["cpu"]
        self.policy = registry.get("cpu", cpu["policy"])(cpu, self.rng)
        self.context_switch_cost: int = cpu["context_switch"]
        #: the policy's dispatch hook, or None when it is the base one, which
        #: only sets ``quantum_left`` to ``dispatch_quantum`` (the kernel does
        #: that without a call: a call per dispatch saved)
        self.on_dispatch = (None if type(self.policy).on_dispatch is CpuPolicy.on_dispatch
                            else self.policy.on_dispatch)
        self.dispatch_quantum: int | None = self.policy.quantum if self.policy.uses_quantum else None
        #: the policy's used-quantum hook, or None when it does nothing
        self.on_quantum_used = (None if type(self.policy).on_quantum_used is CpuPolicy.on_quantum_used
                                else self.policy.on_quantum_used)
        self.cores = [Core(i) for i in range(cpu["cores"])]
        self.allocator = make_allocator(scenario["memory"])
        self.disks = DiskDriver(self, scenario["io"])
        # The disk, its requests and service order, as metrics and trace read them.
        self.disk = self.disks.disk
        self.disk_requests = self.disks.requests
        self.disk_order = self.disks.order
        self.max_ticks: int = scenario["limits"]["max_ticks"]
        self.now = 0
        self.status = "completed"
        self._events: list = []
        #: issue order: breaks ties between events of one instant and priority
        self._seq = itertools.count()
        self._uid = itertools.count()
        self.processes = [Process(p, i) for i, p in enumerate(scenario["processes"])]
        self.process_by_name = {p.name: p for p in self.processes}
        self.threads: dict[str, Thread] = {}
        self._spawn_order = itertools.count(len(self.processes))
        self.context_switches = 0
        self._ready_added = False
        #: events handled (heap events popped + slices ended), for benchmarks
        self.event_count = 0
        self.switch_ticks = 0
        self.bars = GanttRecorder(self)
        self.record = Recorder(summary=summary or not scenario["memory"]["record_free_list"])
        self.deadlock: dict | None = None
        self.blocked: dict[str, Thread] = {}
        self.ipc = None            # set by ipc handlers on first use
        self.sync = None           # mutexes and semaphores, likewise
        #: wake-ups caused by running threads while an instant is settling;
        #: they join the ready queue after arrivals (see the module docstring).
        self._wake_buffer: list[Thread] | None = None
        #: the list ``_wake_buffer`` is during an instant (emptied after it)
        self._woken: list[Thread] = []
        #: user address -> (process, ref) of every live block, for snapshots
        self.block_owner: dict[int, tuple[str, str]] = {}
        #: joins of threads that have not been spawned yet
        self.pending_joins: dict[str, list[Thread]] = {}
        self.tracer = None
        if trace:
            from .trace import Tracer  # steps and their deltas: traced runs only
            self.tracer = Tracer(self)
        #: the thread library: one-to-one (does nothing) or many-to-one
        self.threads_lib = thread_library(self)
        #: many-to-one threads: only then do the library's hooks do anything
        self.user_threads = scenario["threads"]["model"] == "user"
        self.result: dict | None = None
        #: virtual memory (None without a ``vm`` section) and each thread's
        #: access outcome until its ``page_wait`` reads it
        # The subsystems a scenario does not use are never imported (start-up
        # time); the op packages register their handlers on first use
        # (``handlers.OP_MODULES``).
        self.vm = None
        self.vm_start_access = _start_access
        if scenario.get("vm") is not None:
            from ..vm import kernel_side
            self.vm = kernel_side.make_vm(self)
        self.vm_pending: dict = {}
        #: the banker's resources (None without top-level ``resources``)
        self.resources = None
        if scenario.get("resources"):
            from ..threads import avoid
            self.resources = avoid.make_resources(self)
        # The first events in one list, heapified once: the same order of
        # events as a push each (the sequence number makes every key unique).
        #: processes in order of arrival (list order among equals): arrivals
        #: are not heap events, the loop walks this list (see ``steps``)
        self._arrivals = sorted(self.processes, key=attrgetter("arrival"))
        seq, events = self._seq, self._events
        for r in scenario["io_requests"]:
            index = self.disks.add_scheduled(r["cylinder"], r["arrival"])
            events.append((r["arrival"], _DISK_ARRIVE, next(seq), ("disk_arrive", index)))
        heapq.heapify(events)
        self._timer_at = self.policy.next_timer(0) if self.processes else None
        #: the LLM device (an ``llm`` section), on the same clock
        self.llm = None
        if scenario.get("llm"):
            from ..llm.driver import LlmDriver
            self.llm = LlmDriver(self, scenario["llm"])

    # -- the event heap ------------------------------------------------------
    def _push(self, time: int, prio: int, payload: tuple) -> None:
        heapq.heappush(self._events, (time, prio, next(self._seq), payload))

    def emit(self, kind: str, **fields: Any) -> None:
        """Record an event of this instant in the trace (no-op without a trace)."""
        if self.tracer is not None:
            self.tracer.event(kind, fields)

    # -- the loop -------------------------------------------------------------
    def steps(self) -> Iterator[dict]:
        """Run to the end, yielding a step per instant when tracing."""
        from .result import build_result

        # One pass per instant, in the order of the module docstring.  This
        # is the hot path of every run, traced or not: what it reads every
        # instant is bound once here, the usual cases are written out rather
        # than calls to a helper, and an instant in which no slice ends makes
        # no list.
        tracer, max_ticks = self.tracer, self.max_ticks
        events, cores, policy = self._events, self.cores, self.policy
        pop_event, handle_event = heapq.heappop, self._handle_event
        make_ready, begin = self._make_ready, self._begin
        on_dispatch, dispatch_quantum = self.on_dispatch, self.dispatch_quantum
        library_quantum, switch_cost = self.threads_lib.quantum, self.context_switch_cost
        # ``has_ready`` is tested, not ``len(policy)``: see CpuPolicy.
        has_ready, pop_ready = policy.has_ready, policy.pop
        expired_first, preemptive = policy.expired_first, policy.preemptive
        on_quantum_used = self.on_quantum_used
        disk_requests, kick_disk, llm = self.disk_requests, self.disks.kick, self.llm
        user_threads = self.user_threads
        woken_by_running = self._woken
        bars, close_bar = self.bars.bars, self.bars.close
        handled = self.event_count  # slices ended and events popped (stored at each step)
        timer_at = self._timer_at  # changes only when the timer fires (step 3)
        # Arrivals are read from a list in arrival order, not popped from the
        # heap: ``next_arrival`` is the time of ``arrivals[arrived]``.
        arrive, arrivals, arrived = self._arrive, self._arrivals, 0
        next_arrival = arrivals[0].arrival if arrivals else None
        while True:
            # The next instant: the next arrival, the first event, the first
            # end of a running slice, or the policy's timer.
            t = next_arrival
            if events:
                first = events[0][0]
                if t is None or first < t:
                    t = first
            ends = None  # the first end of a slice
            for core in cores:
                if core.thread is not None and (ends is None or core.slice_end < ends):
                    ends = core.slice_end
            if ends is not None and (t is None or ends < t):
                t = ends
            if t is None:
                break  # nothing can ever happen again
            if timer_at is not None and timer_at < t:
                t = timer_at
            if t > max_ticks:
                self.status = "limit"
                self.now = max_ticks
                self.emit("limit", reason=LIMIT.say(n=max_ticks))
                break
            self.now = t
            # A preemption can only be due when a thread became ready this
            # instant: running threads only get closer to done.  (Only a
            # preemptive policy reads the flag.)
            if preemptive:
                self._ready_added = False
            resume: list[Core] | tuple = _NONE_YET
            if t == next_arrival and t != ends and t != timer_at and (not events or events[0][0] != t):
                # Only arrivals now (most instants of a large workload): no
                # slice ended, so steps 1-3 and 5 have nothing to do.  While
                # every core is busy, a non-preemptive policy only queues
                # them, and no device waits for a kick, step 6 has nothing
                # to do either: the instants of arrivals before the next
                # other event are run here one after the other.
                queue_only = not preemptive and ends is not None and not disk_requests and llm is None
                if queue_only:
                    for core in cores:
                        if core.thread is None:
                            queue_only = False
                            break
                while True:
                    handled += 1
                    arrive(arrivals[arrived], t)
                    arrived += 1
                    if arrived == len(arrivals):
                        next_arrival = None
                    else:
                        next_arrival = arrivals[arrived].arrival
                        if next_arrival == t:
                            continue
                    if not queue_only:
                        break
                    if tracer is not None:
                        self.event_count = handled
                        step = tracer.flush(t)
                        if step is not None:
                            yield step
                    if (next_arrival is None or next_arrival >= ends or next_arrival > max_ticks
                            or (events and events[0][0] <= next_arrival)
                            or (timer_at is not None and timer_at <= next_arrival)):
                        break
                    t = self.now = next_arrival
                if queue_only:
                    continue  # the instant is over (its step yielded)
            else:
                # Wake-ups caused by running threads wait until arrivals joined.
                self._wake_buffer = woken_by_running
                expired: list[Thread] | tuple = _NONE_YET
                settled: list[Thread] | tuple = _NONE_YET  # threads in ``resume`` already at a cost op
                # 1. slices that end now (a core that runs on is accounted when
                # its thread's counters are read: see ``_account``)
                if ends == t:
                    for core in cores:
                        th = core.thread
                        if th is None or core.slice_end != t:
                            continue
                        if core.switching:
                            core.switching = False
                            if resume is _NONE_YET:
                                resume, settled = [], []
                            resume.append(core)
                            continue
                        ran = t - core.run_start
                        if ran:  # what _account does
                            th.cpu_used += ran
                            th.op_left -= ran
                            if th.quantum_left is not None:
                                th.quantum_left -= ran
                            if th.user_left is not None:
                                th.user_left -= ran
                            core.busy_ticks += ran
                            core.run_start = t
                        handled += 1
                        quantum_used = th.quantum_left == 0
                        if quantum_used and on_quantum_used is not None:
                            on_quantum_used(th)
                        if th.op_left == 0:
                            if th.program[th.pc]["op"] == "call":
                                finish_cost_op(self, th)
                            else:  # what finish_cost_op does for every other op
                                th.pc += 1
                                th.op_left = None
                        # The usual outcomes without a call: a thread still in its op
                        # (its quantum ran out), or at the end of its program.
                        if th.op_left is not None:
                            outcome = RUN
                        elif th.pc == len(th.program):
                            self._thread_done(th)
                            outcome = DONE
                        else:
                            outcome = self._run_instant_ops(th)
                        if outcome != RUN and user_threads:
                            # The user-thread library may hand the core to
                            # another thread of the process (``_stop``).
                            if self._stop(core, th, t):
                                if resume is _NONE_YET:
                                    resume, settled = [], []
                                resume.append(core)
                        elif outcome != RUN or quantum_used:
                            # The core is free.  What _release does (about once
                            # per slice): the core is not switching here, and
                            # the bar stops now unless the thread goes on at once.
                            core.thread = None
                            th.core = None
                            if th.state == "running":
                                th.state = "ready"
                            if core.seg_who is not None and core.seg_end is None:
                                core.seg_end = t
                            if outcome == RUN:  # its quantum is used up
                                if expired is _NONE_YET:
                                    expired = []
                                expired.append(th)
                                if tracer is not None:
                                    self.emit("expire", core=core.index, who=th.name,
                                              reason=EXPIRED.say(who=th.name))
                        else:
                            if resume is _NONE_YET:
                                resume, settled = [], []
                            nxt = self.threads_lib.rotate(th) if th.user_left == 0 else None
                            if nxt is not None:
                                self._release(core, t)
                                self._put_on_core(core, nxt, t)
                            else:
                                # At an op with a cost: _begin need not run its instant ops again.
                                settled.append(th)
                            resume.append(core)
                # 2. re-queue before arrivals
                if expired and expired_first:
                    for th in expired:
                        make_ready(th, EXPIRE)
                # 3. policy timer
                if t == timer_at:
                    self._fire_timer(t, resume)
                    timer_at = self._timer_at
                # 4. arrivals, then device completions, then threads woken in step 1
                self._wake_buffer = None
                while next_arrival == t:
                    handled += 1
                    arrive(arrivals[arrived], t)
                    arrived += 1
                    next_arrival = arrivals[arrived].arrival if arrived < len(arrivals) else None
                while events and events[0][0] == t:
                    handled += 1
                    handle_event(pop_event(events)[3], t)
                if woken_by_running:
                    for th, how in woken_by_running:
                        make_ready(th, how)
                    woken_by_running.clear()
                # 5. re-queue after arrivals
                if expired and not expired_first:
                    for th in expired:
                        make_ready(th, EXPIRE)
                # 6a. threads that go on (their slice or context switch ended)
                for core in resume:
                    th = core.thread
                    if th is not None:
                        begin(core, t, th in settled)
            # 6. dispatch and preempt until stable; 7. the disk
            while True:
                if has_ready:
                    for core in cores:
                        while core.thread is None and has_ready:
                            # The dispatch: the policy's next thread takes
                            # the core, after a context switch if it is not
                            # the thread the core ran last.
                            th = pop_ready(t)
                            if tracer is not None:
                                self.emit("dispatch", core=core.index, who=th.name, reason=policy.why(th, t))
                            core.thread = th
                            th.core = core.index
                            th.state = "running"
                            if th.first_dispatch is None:
                                th.first_dispatch = t
                            if on_dispatch is None:
                                th.quantum_left = dispatch_quantum  # what CpuPolicy.on_dispatch does
                            else:
                                on_dispatch(th)
                            th.user_left = library_quantum
                            last = core.last
                            core.last = th
                            if last is not th and last is not None:
                                self.context_switches += 1
                                if switch_cost:
                                    core.switching = True
                                    core.slice_end = t + switch_cost
                                    self.switch_ticks += switch_cost
                                    continue
                            begin(core, t)
                if disk_requests and kick_disk(t):
                    continue
                if llm is not None:
                    llm.kick(t)
                if not (preemptive and self._ready_added and has_ready and self._preempt_one(t)):
                    break
            # Bars that did not go on in this instant are final now: what
            # GanttRecorder.close does, written out for an untraced run (a
            # bar ends about once per slice).
            for core in cores:
                end = core.seg_end
                if end is not None:
                    if tracer is not None:
                        close_bar(core)
                    else:
                        if end > core.seg_start:
                            bars.append((core.seg_start, core.index, core.seg_who, end))
                        core.seg_who = core.seg_end = None
            if tracer is not None:
                self.event_count = handled
                step = tracer.flush(t)
                if step is not None:
                    yield step
        self.event_count = handled
        for core in self.cores:
            if core.thread is not None and not core.switching:
                self._account(core, self.now)
        self.bars.close_all(self.cores, self.now)
        if self.status == "completed" and self.blocked:
            from ..threads.sync import describe_deadlock
            self.status = "deadlock"
            self.deadlock = describe_deadlock(self)
            self.emit("deadlock", reason=self.deadlock["reason"])
        if self.tracer is not None:
            step = self.tracer.flush(self.now, final=True)
            if step is not None:
                yield step
        self.result = build_result(self)

    # -- events ---------------------------------------------------------------
    def _handle_event(self, payload: tuple, t: int) -> None:
        kind = payload[0]
        if kind == "wake":
            self.complete_blocked(payload[1], None)
        elif kind == "disk_arrive":
            self.disks.arrive(payload[1], t)
        elif kind == "disk_done":
            self.disks.done(payload[1], t)
        elif kind.startswith("llm_"):
            self.llm.handle(payload, t)

    def submit_disk_request(self, th: Thread, cylinder: int) -> int:
        return self.disks.submit(th, cylinder)

    def schedule_disk_done(self, at: int, index: int) -> None:
        self._push(at, _WAKE, ("disk_done", index))

    def schedule_wake(self, th: Thread, at: int) -> None:
        self._push(at, _WAKE, ("wake", th))
