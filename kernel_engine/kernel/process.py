"""Processes and threads as the kernel sees them."""
from __future__ import annotations

from typing import Any

from .waits import Wait

#: Ops that take CPU time; every other op runs in an instant.
COST_OPS = frozenset({"cpu", "alloc", "free", "call", "access"})
#: A CPU burst ends where a thread must wait for a device.
BURST_ENDS = frozenset({"io", "generate"})


def static_cost(op: dict) -> int:
    """CPU ticks an op takes, as far as is known before it runs."""
    kind = op["op"]
    if kind == "cpu":
        return op["ticks"]
    if kind in COST_OPS:
        return 1  # alloc and free cost one tick; a call at least one
    return 0


class Process:
    """A process: a name, its threads, its memory refs and its named values."""

    __slots__ = ("name", "index", "arrival", "priority", "tickets", "program", "threads",
                 "live_threads", "refs", "values", "finish",
                 "pending_requests", "blocked_by")

    def __init__(self, spec: dict, index: int) -> None:
        self.name: str = spec["name"]
        self.index = index
        self.arrival: int = spec["arrival"]
        self.priority: int = spec["priority"]
        self.tickets: int = spec["tickets"]
        #: the program of its main thread
        self.program: list[dict] = spec["program"]
        self.threads: list[Thread] = []
        self.live_threads = 0
        #: ref name -> user address of a live block (absent once freed or failed).
        self.refs: dict[str, int] = {}
        #: values bound with ``as`` (messages, call results), shared by threads.
        self.values: dict[str, Any] = {}
        #: requests received and not yet answered, oldest first.
        self.pending_requests: list = []
        self.finish: int | None = None
        #: ticks its threads spent blocked, by what they waited for ("io", "recv", ...)
        self.blocked_by: dict[str, int] = {}


class Thread:
    """A schedulable thread running a program of ops."""

    __slots__ = ("name", "uid", "order", "process", "program", "pc", "op_left",
                 "arrival", "priority", "tickets", "first_dispatch", "finish",
                 "cpu_used", "blocked_total", "blocked_since", "waiting_on",
                 "quantum_left", "level", "allot_left", "done", "core",
                 "until_io", "joiners", "pending_value", "state", "user_left",
                 "op_cost")

    def __init__(self, name: str, uid: int, order: int, process: Process,
                 program: list[dict], arrival: int) -> None:
        self.name = name
        self.uid = uid
        #: Position used to break ties: a process's index, or after all
        #: processes for spawned threads, in spawn order.
        self.order = order
        self.process = process
        self.program = program
        self.pc = 0
        #: Ticks left in the current op once it has started, else None.
        self.op_left: int | None = None
        #: what the current op counts for in ``until_io`` (its static cost)
        self.op_cost = 0
        self.arrival = arrival
        self.priority = process.priority
        self.tickets = process.tickets
        self.first_dispatch: int | None = None
        self.finish: int | None = None
        self.cpu_used = 0
        self.blocked_total = 0
        self.blocked_since: int | None = None
        #: What a blocked thread waits for (None while it is not blocked).
        self.waiting_on: Wait | None = None
        self.quantum_left: int | None = None
        self.level: int | None = None
        self.allot_left = 0
        self.done = False
        self.core: int | None = None
        self.joiners: list[Thread] = []
        #: A value handed to this thread while it was blocked (a reply).
        self.pending_value: Any = None
        self.state = "new"
        #: ticks left of the user-level thread library's quantum (user model only)
        self.user_left: int | None = None
        #: CPU ticks from each op to the end of its burst; made on the first
        #: ``burst_left`` (only SJF and SRT ask, so FCFS and RR never pay).
        self.until_io: list[int] | None = None

    def burst_left(self) -> int:
        """Ticks left in the current CPU burst (up to the next I/O op)."""
        pc = self.pc
        if pc >= len(self.program):
            return 0
        until_io = self.until_io
        if until_io is None:
            until_io = self.until_io = _burst_table(self.program)
        if self.op_left is None:
            return until_io[pc]
        return until_io[pc] - self.op_cost + self.op_left



def _burst_table(program: list[dict]) -> list[int]:
    """For each op index, the CPU ticks from it up to the next burst end."""
    if len(program) == 1:  # one op (a plain CPU burst, say): no loop
        op = program[0]
        if op["op"] == "cpu":
            return [op["ticks"]]
        return [static_cost(op) if op["op"] not in BURST_ENDS else 0]
    table = [0] * len(program)
    acc = 0
    for i in range(len(program) - 1, -1, -1):
        op = program[i]
        if op["op"] in BURST_ENDS:
            acc = 0
        else:
            acc += static_cost(op)
        table[i] = acc
    return table
