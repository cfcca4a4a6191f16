"""The elevator family: SCAN, C-SCAN, LOOK and C-LOOK.

All four serve, in the current direction, the next pending request *at or
beyond* the head ("at": a request on the head's own cylinder is served first,
with no movement).  They differ only in what happens when nothing is left
ahead:

* ``scan``:  travel on to the edge (0 or ``cylinders - 1``), turn, and serve
  the closest request on the way back.
* ``cscan``: travel on to the edge, jump to the opposite edge (the return
  movement), and go on in the same direction to the first request.
* ``look``:  turn right where the head is (at the last request served) and
  serve the closest request on the way back.
* ``clook``: jump from the head straight to the farthest pending request on
  the other side (the return movement) and go on in the same direction.

The edge trip and the return jump belong to the service of the request
served after the turn.  A turn is only ever decided when a request is pending:
with nothing pending the head stays where it is.
"""
from __future__ import annotations

from ..registry import register
from .policy import Choice, DiskPolicy, Direction, PendingQueue
from .queues import CylinderQueue, Request
from .simple import sorted_queue


def opposite(direction: Direction) -> Direction:
    """The other sweep direction."""
    return "down" if direction == "up" else "up"


def beyond(direction: Direction) -> str:
    """``"above"`` when moving up, ``"below"`` when moving down (for reasons)."""
    return "above" if direction == "up" else "below"


def next_ahead(queue: CylinderQueue, head: int, direction: Direction) -> Request | None:
    """The closest pending request at or beyond ``head`` in ``direction``."""
    return queue.at_or_above(head) if direction == "up" else queue.at_or_below(head)


def farthest_behind(queue: CylinderQueue, direction: Direction) -> Request:
    """The pending request farthest back: the lowest when moving up, else the highest.

    Only called when nothing is ahead, so every pending request is behind.
    """
    found = queue.lowest() if direction == "up" else queue.highest()
    if found is None:
        raise ValueError("a disk policy was asked to choose from an empty queue")
    return found


def ahead_choice(title: str, request: Request, head: int, direction: Direction) -> Choice:
    """The common case of every sweep: serve the next request ahead."""
    if request.cylinder == head:
        reason = (f"{title} moving {direction}: {request.cylinder} is right under the head, "
                  f"so it is served without moving")
    else:
        reason = (f"{title} moving {direction}: {request.cylinder} is the next request at or "
                  f"{beyond(direction)} {head}")
    return Choice(request, direction, reason)


@register("io", "scan")
class Scan(DiskPolicy):
    """SCAN (elevator): sweep to the edge of the disk, then turn around."""

    title = "SCAN"
    settings = ("direction",)

    def choose(self, queue: PendingQueue, head: int, direction: Direction) -> Choice:
        pending = sorted_queue(queue, self)
        ahead = next_ahead(pending, head, direction)
        if ahead is not None:
            return ahead_choice(self.title, ahead, head, direction)
        edge = self.last_cylinder if direction == "up" else 0
        turned = opposite(direction)
        # Everything pending is behind the head: after the turn, the closest
        # of them is the first one the head meets.
        target = next_ahead(pending, head, turned)
        if target is None:
            raise ValueError("SCAN was asked to choose from an empty queue")
        if head == edge:
            trip = f"the head is already at the edge {edge}, turns, and goes {turned}"
        else:
            trip = f"the head goes {direction} to {edge}, turns, and comes {turned}"
        reason = (f"SCAN: nothing at or {beyond(direction)} {head}; {trip} "
                  f"to {target.cylinder}")
        return Choice(target, turned, reason, edge=edge)


@register("io", "cscan")
class CircularScan(DiskPolicy):
    """C-SCAN: sweep one way to the edge, jump back to the other edge, sweep again."""

    title = "C-SCAN"
    settings = ("direction",)

    def choose(self, queue: PendingQueue, head: int, direction: Direction) -> Choice:
        pending = sorted_queue(queue, self)
        ahead = next_ahead(pending, head, direction)
        if ahead is not None:
            return ahead_choice(self.title, ahead, head, direction)
        edge, other_edge = (self.last_cylinder, 0) if direction == "up" else (0, self.last_cylinder)
        target = farthest_behind(pending, direction)
        going = "goes to" if head != edge else "is at"
        reason = (f"C-SCAN: nothing at or {beyond(direction)} {head}; the head {going} {edge} "
                  f"and returns to {other_edge}, then moves {direction} to {target.cylinder}")
        return Choice(target, direction, reason, edge=edge, jump_to=other_edge)


@register("io", "look")
class Look(DiskPolicy):
    """LOOK: sweep only as far as the last pending request, then turn around."""

    title = "LOOK"
    settings = ("direction",)

    def choose(self, queue: PendingQueue, head: int, direction: Direction) -> Choice:
        pending = sorted_queue(queue, self)
        ahead = next_ahead(pending, head, direction)
        if ahead is not None:
            return ahead_choice(self.title, ahead, head, direction)
        turned = opposite(direction)
        target = next_ahead(pending, head, turned)
        if target is None:
            raise ValueError("LOOK was asked to choose from an empty queue")
        reason = (f"LOOK: nothing at or {beyond(direction)} {head}; the head turns there "
                  f"and goes {turned} to {target.cylinder}")
        return Choice(target, turned, reason)


@register("io", "clook")
class CircularLook(DiskPolicy):
    """C-LOOK: sweep one way to the last request, jump back to the farthest one."""

    title = "C-LOOK"
    settings = ("direction",)

    def choose(self, queue: PendingQueue, head: int, direction: Direction) -> Choice:
        pending = sorted_queue(queue, self)
        ahead = next_ahead(pending, head, direction)
        if ahead is not None:
            return ahead_choice(self.title, ahead, head, direction)
        target = farthest_behind(pending, direction)
        extreme = "lowest" if direction == "up" else "highest"
        reason = (f"C-LOOK: nothing at or {beyond(direction)} {head}; the head jumps back to "
                  f"{target.cylinder}, the {extreme} pending request, and moves {direction} "
                  f"from there")
        # The jump lands on the request itself: its whole seek is return movement.
        return Choice(target, direction, reason, jump_to=target.cylinder)
