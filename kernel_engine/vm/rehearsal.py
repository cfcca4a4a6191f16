"""OPT's future when a process has several threads: the run's own reference order.

OPT evicts the page whose next use lies furthest ahead in the reference
string.  For one thread that string is the program's access order.  With
several threads the string is the order the scheduler interleaves their
accesses in, and that order depends on the faults (a fault blocks its
thread while the others run), which depend on OPT's own choices.

The engine therefore rehearses: it runs the scenario silently assuming an
order (first the program order, each spawned thread's accesses where it is
spawned), records the order the run really produced, and runs again
assuming that one, until the order assumed is the order produced (a fixed
point: OPT then knew exactly the future that happened).  The real run uses
that order.  Each rehearsal is a whole run with ``record: "none"``, so OPT
stays O(log n) per access within a run.  How many runs it takes grows with
the faults whose timing changes the interleaving (classroom workloads of a
few dozen accesses per thread settle in 2 to 15 runs; two threads of 200
random accesses took 27 to 57).  The rehearsals are bounded, by
``MAX_REHEARSALS`` runs and by ``REHEARSAL_ACCESSES`` accesses over all of
them, so a large workload costs a bounded multiple of one run: should the
orders not settle within the bound, the real run assumes the last order
observed, and ``result.vm.opt_future.exact`` says false.
"""
from __future__ import annotations

from contextvars import ContextVar
from typing import Any

#: Runs tried before giving up on a fixed point, and the accesses they may do in all.
MAX_REHEARSALS = 16
REHEARSAL_ACCESSES = 200_000

#: The future a rehearsal run assumes (None outside a rehearsal).
_ASSUMED: ContextVar[dict[str, list[int]] | None] = ContextVar("vm_assumed_future", default=None)
#: Marks a rehearsal that assumes program order.
PROGRAM_ORDER: dict[str, list[int]] = {"program order": []}


def has_threads(program: list[dict]) -> bool:
    return any(op["op"] == "spawn" for op in program)


def needs_rehearsal(scenario: dict, needs_future: bool) -> bool:
    """OPT in a scenario where some process spawns threads, outside a rehearsal."""
    return (needs_future and _ASSUMED.get() is None
            and any(has_threads(p["program"]) for p in scenario["processes"]))


def assumed() -> tuple[dict[str, list[int]] | None, bool]:
    """Inside a rehearsal: (the future to assume or None for program order, True)."""
    future = _ASSUMED.get()
    if future is None:
        return None, False
    return (None if future is PROGRAM_ORDER else future), True


def rehearse(scenario: dict) -> tuple[dict[str, list[int]], dict[str, Any]]:
    """The reference order OPT should assume, and ``{"rehearsals", "exact"}``."""
    from ..kernel.loop import Kernel  # the kernel imports this package

    quiet = {**scenario, "vm": {**scenario["vm"], "record": "none"}}
    future: dict[str, list[int]] = PROGRAM_ORDER
    done = 0
    for n in range(1, MAX_REHEARSALS + 1):
        token = _ASSUMED.set(future)
        try:
            kernel = Kernel(quiet, summary=True)
            for _ in kernel.steps():
                pass
        finally:
            _ASSUMED.reset(token)
        observed = kernel.vm.observed
        if observed == kernel.vm.assumed:
            return observed, {"rehearsals": n, "exact": True}
        future = observed
        done += sum(map(len, observed.values()))
        if done + done // n > REHEARSAL_ACCESSES:
            break  # another run would go over the budget
    return future, {"rehearsals": n, "exact": False}
