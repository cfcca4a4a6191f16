"""Resources with declared maxima: ``acquire``/``release`` and the banker in the kernel.

With top-level ``resources`` (units of each type) every process may
``acquire`` and ``release`` vectors of units.  ``threads.deadlock`` says
what an acquire that cannot be served at once does:

- ``"detect"`` (default): granted whenever the units are free, otherwise
  the thread waits; a deadlock is found at the end like any other.
- ``"avoid"``: the banker's algorithm (``banker.py``): granted only when the
  state after the grant is safe; otherwise the thread waits, and the
  reason names the unsafe state and the processes that could not finish.

Every decision is kept in the result's ``resources.checks`` with the safe
sequence the check found.  A release wakes the waiters that can now be
served, oldest first; so does a process that ends still holding units
(they return to available).  A request beyond the declared ``max`` or a release
of units not held is a runtime error (``errors``); the program goes on.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import define, gettext_noop
from ..kernel.handlers import handles
from ..kernel.waits import Wait
from . import banker

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.loop import Kernel
    from ..kernel.process import Thread

GRANTED = define("threads.acquire.granted", gettext_noop("{who} acquires {vector}; {available} left"))
GRANTED_SAFE = define("threads.acquire.safe", gettext_noop(
    "{who} acquires {vector}: the state stays safe (safe sequence {sequence}); {available} left"))
WAITS_FREE = define("threads.acquire.wait", gettext_noop(
    "{who} waits: it asks for {vector} but only {available} is free"))
WAITS_UNSAFE = define("threads.acquire.unsafe", gettext_noop(
    "{who} waits: granting {vector} would leave an unsafe state (available {available} after it); "
    "{stuck} could not finish"))
ABOVE_MAX = define("threads.acquire.above_max", gettext_noop(
    "{who} asks for {vector}, more than its remaining claim {need} (max − allocation)"))
RELEASES = define("threads.release", gettext_noop("{who} releases {vector}; {available} free"))
NOT_HELD = define("threads.release.not_held", gettext_noop(
    "{who} cannot release {vector}: it holds only {held}"))
RETURNED = define("threads.release.at_exit", gettext_noop(
    "{who} ended holding {vector}: the units return; {available} free"))
NOW_GETS = define("threads.acquire.later", gettext_noop("{who} now gets {vector}; {available} left"))


def _v(vector: list[int]) -> str:
    return "(" + ", ".join(str(x) for x in vector) + ")"


class Resources:
    """Available units, each process's allocation and max, the waiting acquires."""

    def __init__(self, kernel: "Kernel", totals: list[int], avoid: bool) -> None:
        self.kernel = kernel
        self.avoid = avoid
        self.available = list(totals)
        procs = kernel.scenario["processes"]
        self.names = [p["name"] for p in procs]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.maximum = [list(p["max"]) if p.get("max") is not None else list(totals) for p in procs]
        self.allocation = [[0] * len(totals) for _ in procs]
        self.waiting: list[tuple["Thread", list[int]]] = []
        self.checks: list[dict[str, Any]] = []

    def need(self, i: int) -> list[int]:
        return [m - a for m, a in zip(self.maximum[i], self.allocation[i])]

    def _names(self, indices: list[int]) -> str:
        return ", ".join(self.names[i] for i in indices)

    def decide(self, th: "Thread", vector: list[int]) -> tuple[bool, str]:
        """Grant ``vector`` to ``th``'s process if allowed; (granted, reason)."""
        i = self.index[th.process.name]
        if self.avoid:
            decision = banker.decide(self.available, self.maximum, self.allocation, i, vector)
            sequence = decision.safety.sequence
            self.checks.append({"t": self.kernel.now, "who": th.name, "process": th.process.name,
                                "request": list(vector), "granted": decision.granted,
                                "safe": decision.safety.safe,
                                "sequence": [self.names[j] for j in sequence],
                                "why": decision.why})
            if decision.granted:
                self._apply(i, vector)
                return True, GRANTED_SAFE.say(who=th.name, vector=_v(vector),
                                              sequence=self._names(sequence),
                                              available=_v(self.available))
            if decision.why == "unsafe":
                after = [a - r for a, r in zip(self.available, vector)]
                stuck = decision.safety.stuck(len(self.names))
                return False, WAITS_UNSAFE.say(who=th.name, vector=_v(vector), available=_v(after),
                                               stuck=self._names(stuck))
            return False, WAITS_FREE.say(who=th.name, vector=_v(vector), available=_v(self.available))
        if banker.fits(vector, self.available):
            self._apply(i, vector)
            return True, GRANTED.say(who=th.name, vector=_v(vector), available=_v(self.available))
        return False, WAITS_FREE.say(who=th.name, vector=_v(vector), available=_v(self.available))

    def _apply(self, i: int, vector: list[int]) -> None:
        self.available = [a - r for a, r in zip(self.available, vector)]
        self.allocation[i] = [a + r for a, r in zip(self.allocation[i], vector)]

    def wake_waiters(self) -> None:
        """After a release: serve every waiting acquire that can go now, oldest first."""
        still = []
        for th, vector in self.waiting:
            granted, _ = self.decide(th, vector)
            if granted:
                self.kernel.complete_blocked(th, None, NOW_GETS.say(
                    who=th.name, vector=_v(vector), available=_v(self.available)))
            else:
                still.append((th, vector))
        self.waiting = still

    def process_ended(self, name: str) -> None:
        """A process ended holding units: they return to available (and waiters may go)."""
        i = self.index[name]
        held = self.allocation[i]
        if not any(held):
            return
        self.available = [a + h for a, h in zip(self.available, held)]
        self.allocation[i] = [0] * len(held)
        self.kernel.emit("release", who=name, vector=list(held), implicit=True,
                         reason=RETURNED.say(who=name, vector=_v(held), available=_v(self.available)))
        self.wake_waiters()

    def snapshot(self) -> dict[str, Any]:
        """Step state ``resources``: the banker's matrices."""
        return {"available": list(self.available), "processes": list(self.names),
                "max": [list(r) for r in self.maximum],
                "allocation": [list(r) for r in self.allocation],
                "need": [self.need(i) for i in range(len(self.names))],
                "last_check": self.checks[-1] if self.checks else None}

    def result(self) -> dict[str, Any]:
        out = self.snapshot()
        del out["last_check"]
        return {**out, "checks": self.checks, "mode": "avoid" if self.avoid else "detect"}


def make_resources(kernel: "Kernel") -> Resources | None:
    totals = kernel.scenario.get("resources")
    if not totals:
        return None
    return Resources(kernel, totals, kernel.scenario["threads"].get("deadlock") == "avoid")


@handles("acquire")
def _acquire(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    res: Resources = kernel.resources
    vector = op["vector"]
    i = res.index[th.process.name]
    need = res.need(i)
    if not banker.fits(vector, need):
        message = ABOVE_MAX.say(who=th.name, vector=_v(vector), need=_v(need))
        kernel.record.error(kernel.now, th.name, "acquire", message)
        kernel.emit("error", who=th.name, reason=message)
        return True
    granted, reason = res.decide(th, vector)
    if granted:
        kernel.emit("acquire", who=th.name, vector=list(vector), reason=reason)
        return True
    res.waiting.append((th, list(vector)))
    kernel.block(th, Wait("resources", _v(vector), f"resources:{_v(vector)}"), reason)
    return False


@handles("release")
def _release(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    res: Resources = kernel.resources
    vector = op["vector"]
    i = res.index[th.process.name]
    held = res.allocation[i]
    if not banker.fits(vector, held):
        message = NOT_HELD.say(who=th.name, vector=_v(vector), held=_v(held))
        kernel.record.error(kernel.now, th.name, "release", message)
        kernel.emit("error", who=th.name, reason=message)
        return True
    res.available = [a + r for a, r in zip(res.available, vector)]
    res.allocation[i] = [a - r for a, r in zip(held, vector)]
    kernel.emit("release", who=th.name, vector=list(vector),
                reason=RELEASES.say(who=th.name, vector=_v(vector), available=_v(res.available)))
    res.wake_waiters()
    return True
