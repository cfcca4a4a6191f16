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

from ..i18n import Reason, define, gettext_noop
from ..kernel.handlers import handles
from ..kernel.waits import Wait
from .wait_texts import wait_text

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.loop import Kernel
    from ..kernel.process import Thread


LOCKS = define("threads.lock", gettext_noop("{who} locks mutex {mutex}"))
ALREADY_HELD = define("threads.lock.already", gettext_noop("{who} already holds mutex {mutex}"))
WAITS_MUTEX = define("threads.lock.wait", gettext_noop("{who} waits: mutex {mutex} is held by {holder}"))
NOT_HOLDER = define("threads.unlock.not_holder",
                    gettext_noop("{who} cannot unlock mutex {mutex}: it is held by {holder}"))
NOBODY_HOLDS = define("threads.unlock.nobody", gettext_noop("{who} cannot unlock mutex {mutex}: nobody holds it"))
UNLOCKS = define("threads.unlock", gettext_noop("{who} unlocks mutex {mutex}"))
PASSES = define("threads.lock.passes", gettext_noop("mutex {mutex} passes to {who}, first in line"))
NOW_HOLDS = define("threads.lock.holds", gettext_noop("{who} now holds mutex {mutex}"))
TAKES_PERMIT = define("threads.sem.take", gettext_noop("{who} takes a permit of {sem} ({n} left)"))
WAITS_SEM = define("threads.sem.wait", gettext_noop("{who} waits: semaphore {sem} is 0"))
SIGNALS_TO = define("threads.sem.signal_to", gettext_noop("{who} signals {sem}: the permit goes to {other}"))
GETS_PERMIT = define("threads.sem.gets", gettext_noop("{who} gets a permit of {sem}"))
SIGNALS = define("threads.sem.signal", gettext_noop("{who} signals {sem} ({n} available)"))
DEADLOCK = define("threads.deadlock", gettext_noop("deadlock: {links}; each holds what the next one needs"))
STUCK = define("threads.stuck",
               gettext_noop("no thread can run again: {links}, and nothing left can wake them"))
# A link keeps the contract's token in "on" and says it as a keyed sentence in
# "wait" (wait_texts.py), which the templates show: a translation then names
# the wait in words and separates the links its own way ("；" in Chinese).
WAITS_FOR = define("threads.waits_for", gettext_noop("{who} waits for {wait}"))
WAITS_FOR_THEN = define("threads.waits_for_then", gettext_noop("{who} waits for {wait}, {links}"))

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
        kernel.emit("lock", who=th.name, mutex=name, reason=LOCKS.say(who=th.name, mutex=name))
        return True
    if m.holder is th:
        return _runtime_error(kernel, th, "lock", ALREADY_HELD.say(who=th.name, mutex=name))
    m.waiters.append(th)
    kernel.block(th, Wait("mutex", name), WAITS_MUTEX.say(who=th.name, mutex=name, holder=m.holder.name))
    return False


@handles("unlock")
def _unlock(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    name = op["mutex"]
    m = sync_state(kernel).mutex(name)
    if m.holder is not th:
        message = (NOT_HOLDER.say(who=th.name, mutex=name, holder=m.holder.name) if m.holder
                   else NOBODY_HOLDS.say(who=th.name, mutex=name))
        return _runtime_error(kernel, th, "unlock", message)
    kernel.emit("unlock", who=th.name, mutex=name, reason=UNLOCKS.say(who=th.name, mutex=name))
    if m.waiters:
        nxt = m.waiters.popleft()
        m.holder = nxt
        kernel.emit("lock", who=nxt.name, mutex=name,
                    reason=PASSES.say(mutex=name, who=nxt.name))
        kernel.complete_blocked(nxt, None, NOW_HOLDS.say(who=nxt.name, mutex=name))
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
                    reason=TAKES_PERMIT.say(who=th.name, sem=name, n=s.value))
        return True
    s.waiters.append(th)
    kernel.block(th, Wait("sem", name), WAITS_SEM.say(who=th.name, sem=name))
    return False


@handles("sem_signal")
def _sem_signal(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    name = op["sem"]
    s = sync_state(kernel).semaphores[name]
    if s.waiters:
        nxt = s.waiters.popleft()
        kernel.emit("sem_signal", who=th.name, sem=name,
                    reason=SIGNALS_TO.say(who=th.name, sem=name, other=nxt.name))
        kernel.complete_blocked(nxt, None, GETS_PERMIT.say(who=nxt.name, sem=name))
    else:
        s.value += 1
        kernel.emit("sem_signal", who=th.name, sem=name,
                    reason=SIGNALS.say(who=th.name, sem=name, n=s.value))
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
    said = {th.name: wait_text(th.waiting_on) for th in blocked}
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
        reason = DEADLOCK.say(links=_links(cycle, waits, said))
    else:
        cycle = [th.name for th in blocked]
        reason = STUCK.say(links=_links(cycle, waits, said))
    return {"cycle": cycle, "waits": waits, "reason": reason}


def _links(names: list[str], waits: dict[str, str], said: dict[str, Reason | str]) -> Reason:
    """"a waits for mutex:m, b waits for sem:s": nested from the last link."""
    links = WAITS_FOR.say(who=names[-1], on=waits[names[-1]], wait=said[names[-1]])
    for name in reversed(names[:-1]):
        links = WAITS_FOR_THEN.say(who=name, on=waits[name], links=links, wait=said[name])
    return links
