"""FCFS and SSTF: schedulers that do not sweep.

* ``fcfs`` serves requests in the order they arrived.
* ``sstf`` (shortest seek time first) serves the pending request closest to
  the head; on a tie (two requests equally far, one on each side, or two on
  one cylinder) the earlier request, the one with the lower index, goes first.
"""
from __future__ import annotations

from ..i18n import define, gettext_noop
from ..registry import register
from .policy import Choice, DiskPolicy, Direction, PendingQueue, travel_direction
from .queues import ArrivalQueue, CylinderQueue


def sorted_queue(queue: PendingQueue, policy: DiskPolicy) -> CylinderQueue:
    """``queue`` as a :class:`CylinderQueue`; TypeError if the disk built another shape."""
    if not isinstance(queue, CylinderQueue):
        raise TypeError(f"{policy.title} needs a CylinderQueue, got {type(queue).__name__}")
    return queue


@register("io", "fcfs")
class FirstComeFirstServed(DiskPolicy):
    """First come, first served: requests are served in arrival order."""

    queue_class = ArrivalQueue
    title = "FCFS"
    UNDER = define("io.fcfs.under", gettext_noop(
        "FCFS: request {i} (cylinder {cylinder}) arrived first and is right under the "
        "head, so it is served without moving"))
    MOVES = define("io.fcfs.moves", gettext_noop(
        "FCFS: request {i} (cylinder {cylinder}) arrived first; the head moves from "
        "{head} to {cylinder} ({n} cylinders)"))
    MOVES_ONE = define("io.fcfs.moves_one", gettext_noop(
        "FCFS: request {i} (cylinder {cylinder}) arrived first; the head moves from "
        "{head} to {cylinder} ({n} cylinder)"))

    def choose(self, queue: PendingQueue, head: int, direction: Direction) -> Choice:
        if not isinstance(queue, ArrivalQueue):
            raise TypeError(f"FCFS needs an ArrivalQueue, got {type(queue).__name__}")
        oldest = queue.oldest()
        if oldest is None:
            raise ValueError("FCFS was asked to choose from an empty queue")
        distance = abs(oldest.cylinder - head)
        if distance == 0:
            reason = self.UNDER.say(i=oldest.index, cylinder=oldest.cylinder)
        else:
            text = self.MOVES_ONE if distance == 1 else self.MOVES
            reason = text.say(i=oldest.index, cylinder=oldest.cylinder, head=head, n=distance)
        return Choice(oldest, travel_direction(head, oldest.cylinder, direction), reason)


@register("io", "sstf")
class ShortestSeekTimeFirst(DiskPolicy):
    """Shortest seek time first: the pending request closest to the head."""

    title = "SSTF"
    UNDER = define("io.sstf.under", gettext_noop(
        "SSTF: cylinder {cylinder} is right under the head (0 cylinders), the closest possible"))
    CLOSEST = define("io.sstf.closest", gettext_noop(
        "SSTF: cylinder {cylinder} is the closest to the head at {head} ({n} cylinders)"))
    CLOSEST_ONE = define("io.sstf.closest_one", gettext_noop(
        "SSTF: cylinder {cylinder} is the closest to the head at {head} ({n} cylinder)"))
    TIED = define("io.sstf.tied", gettext_noop(
        "SSTF: cylinders {cylinder} and {m} are both {n} cylinders from the head at "
        "{head}; the earlier request ({i}) goes first, to {cylinder}"))
    TIED_ONE = define("io.sstf.tied_one", gettext_noop(
        "SSTF: cylinders {cylinder} and {m} are both {n} cylinder from the head at "
        "{head}; the earlier request ({i}) goes first, to {cylinder}"))

    def choose(self, queue: PendingQueue, head: int, direction: Direction) -> Choice:
        pending = sorted_queue(queue, self)
        # The closest request is the first one at or above the head or the
        # last one at or below it: two binary searches, not a scan.
        above = pending.at_or_above(head)
        below = pending.at_or_below(head)
        candidates = [r for r in (above, below) if r is not None]
        if not candidates:
            raise ValueError("SSTF was asked to choose from an empty queue")
        best = min(candidates, key=lambda r: (abs(r.cylinder - head), r.index))
        distance = abs(best.cylinder - head)
        tied = (above is not None and below is not None and above.cylinder != below.cylinder
                and abs(above.cylinder - head) == abs(below.cylinder - head))
        if distance == 0:
            reason = self.UNDER.say(cylinder=best.cylinder)
        elif tied:
            other = below if best is above else above
            assert other is not None  # tied implies both sides have a request
            text = self.TIED_ONE if distance == 1 else self.TIED
            reason = text.say(cylinder=best.cylinder, m=other.cylinder, n=distance, head=head,
                              i=best.index)
        else:
            text = self.CLOSEST_ONE if distance == 1 else self.CLOSEST
            reason = text.say(cylinder=best.cylinder, head=head, n=distance)
        return Choice(best, travel_direction(head, best.cylinder, direction), reason)
