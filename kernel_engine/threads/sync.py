"""Mutexes and counting semaphores, and what a deadlock looks like.

A mutex is handed over in FIFO order: ``unlock`` gives it straight to the
first waiter, whose ``lock`` then completes.  A semaphore's ``sem_signal``
likewise passes its permit to the first waiter, or raises the count when
nobody waits.  Misuse (unlocking a mutex you do not hold, locking one you
already hold) is recorded as a runtime error and the program goes on.
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from ..kernel.handlers import handles
from ..kernel.waits import Wait

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.loop import Kernel
    from ..kernel.process import Thread


class Mutex:
    __slots__ = ("holder", "waiters")

    def __init__(self) -> None:
        self.holder: "Thread | None" = None
        self.waiters: deque["Thread"] = deque()


class Semaphore:
    __slots__ = ("value", "waiters")

    def __init__(self, value: int) -> None:
        self.value = value
        self.waiters: deque["Thread"] = deque()


class SyncState:
    def __init__(self, kernel: "Kernel") -> None:
        self.mutexes: dict[str, Mutex] = {}
        self.semaphores = {name: Semaphore(v) for name, v in kernel.scenario["semaphores"].items()}

    def mutex(self, name: str) -> Mutex:
        m = self.mutexes.get(name)
        if m is None:
            m = self.mutexes[name] = Mutex()
        return m

    def snapshot(self) -> dict:
        out: dict[str, dict] = {}
        for name, m in self.mutexes.items():
            out[f"mutex:{name}"] = {"holder": m.holder.name if m.holder else None,
                                    "waiters": [th.name for th in m.waiters]}
        for name, s in self.semaphores.items():
            out[f"sem:{name}"] = {"value": s.value, "waiters": [th.name for th in s.waiters]}
        return out


def sync_state(kernel: "Kernel") -> SyncState:
    if kernel.sync is None:
        kernel.sync = SyncState(kernel)
    return kernel.sync


def _runtime_error(kernel: "Kernel", th: "Thread", op: str, message: str) -> bool:
    kernel.record.error(kernel.now, th.name, op, message)
    kernel.emit("error", who=th.name, reason=message)
    return True


@handles("lock")
def _lock(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    name = op["mutex"]
    m = sync_state(kernel).mutex(name)
    if m.holder is None:
        m.holder = th
        kernel.emit("lock", who=th.name, mutex=name, reason=f"{th.name} locks mutex {name}")
        return True
    if m.holder is th:
        return _runtime_error(kernel, th, "lock", f"{th.name} already holds mutex {name}")
    m.waiters.append(th)
    kernel.block(th, Wait("mutex", name), f"{th.name} waits: mutex {name} is held by {m.holder.name}")
    return False


@handles("unlock")
def _unlock(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    name = op["mutex"]
    m = sync_state(kernel).mutex(name)
    if m.holder is not th:
        held = f"it is held by {m.holder.name}" if m.holder else "nobody holds it"
        return _runtime_error(kernel, th, "unlock", f"{th.name} cannot unlock mutex {name}: {held}")
    kernel.emit("unlock", who=th.name, mutex=name, reason=f"{th.name} unlocks mutex {name}")
    if m.waiters:
        nxt = m.waiters.popleft()
        m.holder = nxt
        kernel.emit("lock", who=nxt.name, mutex=name,
                    reason=f"mutex {name} passes to {nxt.name}, first in line")
        kernel.complete_blocked(nxt, None, f"{nxt.name} now holds mutex {name}")
    else:
        m.holder = None
    return True


@handles("sem_wait")
def _sem_wait(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    name = op["sem"]
    s = sync_state(kernel).semaphores[name]
    if s.value > 0:
        s.value -= 1
        kernel.emit("sem_wait", who=th.name, sem=name,
                    reason=f"{th.name} takes a permit of {name} ({s.value} left)")
        return True
    s.waiters.append(th)
    kernel.block(th, Wait("sem", name), f"{th.name} waits: semaphore {name} is 0")
    return False


@handles("sem_signal")
def _sem_signal(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    name = op["sem"]
    s = sync_state(kernel).semaphores[name]
    if s.waiters:
        nxt = s.waiters.popleft()
        kernel.emit("sem_signal", who=th.name, sem=name,
                    reason=f"{th.name} signals {name}: the permit goes to {nxt.name}")
        kernel.complete_blocked(nxt, None, f"{nxt.name} gets a permit of {name}")
    else:
        s.value += 1
        kernel.emit("sem_signal", who=th.name, sem=name,
                    reason=f"{th.name} signals {name} ({s.value} available)")
    return True


def describe_deadlock(kernel: "Kernel") -> dict:
    """Nothing can run again: name a wait-for cycle, or every stuck thread.

    A thread waiting for a mutex waits for its holder; following those
    edges from each blocked thread finds a cycle when there is one (the
    dining philosophers).  Waits with no single holder (a semaphore, an
    empty mailbox, a join) are listed in ``waits``.
    """
    blocked = sorted(kernel.blocked.values(), key=lambda th: th.order)
    waits = {th.name: th.waiting_on.text for th in blocked}
    holder_of: dict[str, "Thread"] = {}
    if kernel.sync is not None:
        for name, m in kernel.sync.mutexes.items():
            if m.holder is not None:
                holder_of[f"mutex:{name}"] = m.holder
    cycle: list[str] = []
    for start in blocked:
        path: list["Thread"] = []
        seen: dict[str, int] = {}
        th: "Thread | None" = start
        while th is not None and th.name not in seen and th.state == "blocked":
            seen[th.name] = len(path)
            path.append(th)
            th = holder_of.get(th.waiting_on.text if th.waiting_on else "")
        if th is not None and th.name in seen:
            cycle = [t.name for t in path[seen[th.name]:]]
            break
    if cycle:
        links = ", ".join(f"{name} waits for {waits[name]}" for name in cycle)
        reason = f"deadlock: {links}; each holds what the next one needs"
    else:
        cycle = [th.name for th in blocked]
        links = ", ".join(f"{th.name} waits for {waits[th.name]}" for th in blocked)
        reason = f"no thread can run again: {links}, and nothing left can wake them"
    return {"cycle": cycle, "waits": waits, "reason": reason}
