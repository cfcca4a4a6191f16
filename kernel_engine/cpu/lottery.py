"""Lottery scheduling: each quantum, a ticket is drawn from the seeded generator.

Ready threads hold slots in a Fenwick tree of ticket counts, so a draw and
an update cost O(log n) instead of a walk over every ready thread.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..i18n import define, gettext_noop
from ..registry import register
from .base import CpuPolicy

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.process import Thread


class _TicketTree:
    """Prefix sums of tickets over slots (a Fenwick tree that grows)."""

    def __init__(self) -> None:
        self.tree = [0]          # 1-based
        self.values = [0]

    def append(self, tickets: int) -> int:
        self.tree.append(0)
        self.values.append(0)
        slot = len(self.values) - 1
        # The new node covers (slot - lowbit(slot), slot]: fold in the
        # values it covers, then set its own.
        low = slot - (slot & -slot)
        self.tree[slot] = sum(self.values[low + 1:slot])
        self.set(slot, tickets)
        return slot

    def set(self, slot: int, tickets: int) -> None:
        delta = tickets - self.values[slot]
        self.values[slot] = tickets
        i = slot
        while i < len(self.tree):
            self.tree[i] += delta
            i += i & -i

    def total(self) -> int:
        s, i = 0, len(self.tree) - 1
        while i > 0:
            s += self.tree[i]
            i -= i & -i
        return s

    def find(self, target: int) -> int:
        """The slot holding the ``target``-th ticket (0-based)."""
        pos, rest = 0, target
        step = 1 << (len(self.tree).bit_length())
        while step:
            nxt = pos + step
            if nxt < len(self.tree) and self.tree[nxt] <= rest:
                pos = nxt
                rest -= self.tree[nxt]
            step >>= 1
        return pos + 1


@register("cpu", "lottery")
class Lottery(CpuPolicy):
    """Lottery: each quantum goes to a ready thread drawn with odds equal to its tickets."""

    title = "Lottery"
    label = gettext_noop("Lottery")
    uses_quantum = True
    settings = ("quantum", "tickets")

    def __init__(self, config: dict, rng) -> None:
        super().__init__(config, rng)
        self.tickets = _TicketTree()
        self.slot_of: dict[int, int] = {}
        self.thread_at: dict[int, "Thread"] = {}
        self.has_ready = self.thread_at
        self._last_draw: tuple[int, int] = (0, 0)

    def add(self, th: "Thread", now: int, how: str) -> None:
        slot = self.slot_of.get(th.uid)
        if slot is None:
            slot = self.tickets.append(th.tickets)
            self.slot_of[th.uid] = slot
        else:
            self.tickets.set(slot, th.tickets)
        self.thread_at[slot] = th

    def pop(self, now: int) -> "Thread | None":
        if not self.thread_at:
            return None
        total = self.tickets.total()
        winner = int(self.rng.integers(total))
        slot = self.tickets.find(winner)
        th = self.thread_at.pop(slot)
        self.tickets.set(slot, 0)
        self._last_draw = (winner, total)
        return th

    def peek(self) -> "Thread | None":
        # The winner is only known once drawn; report the first in slot order.
        return self.thread_at[min(self.thread_at)] if self.thread_at else None

    def __len__(self) -> int:
        return len(self.thread_at)

    def ready(self) -> Iterator["Thread"]:
        return (self.thread_at[s] for s in sorted(self.thread_at))

    def remove(self, th: "Thread") -> bool:
        slot = self.slot_of.get(th.uid)
        if slot is None or self.thread_at.get(slot) is not th:
            return False
        del self.thread_at[slot]
        self.tickets.set(slot, 0)
        return True

    DRAWN = define("cpu.lottery.drawn", gettext_noop(
        "Lottery: ticket {n} of {total} was drawn; it belongs to {who} ({tickets} tickets)"))
    DRAWN_ONE = define("cpu.lottery.drawn_one", gettext_noop(
        "Lottery: ticket {n} of {total} was drawn; it belongs to {who} ({tickets} ticket)"))

    def why(self, th: "Thread", now: int) -> str:
        winner, total = self._last_draw
        text = self.DRAWN_ONE if th.tickets == 1 else self.DRAWN
        return text.say(n=winner, total=total, who=th.name, tickets=th.tickets)
