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

from ..i18n import define, gettext_noop
from ..registry import register
from .policy import Choice, DiskPolicy, Direction, PendingQueue
from .queues import CylinderQueue, Request
from .simple import sorted_queue


# Every sweep serving the next request ahead (``{policy}`` is its title, "C-SCAN").
UNDER = {"up": define("io.sweep.under_up", gettext_noop(
             "{policy} moving up: {cylinder} is right under the head, so it is served without moving")),
         "down": define("io.sweep.under_down", gettext_noop(
             "{policy} moving down: {cylinder} is right under the head, so it is served without moving"))}
AHEAD = {"up": define("io.sweep.ahead_up", gettext_noop(
             "{policy} moving up: {cylinder} is the next request at or above {head}")),
         "down": define("io.sweep.ahead_down", gettext_noop(
             "{policy} moving down: {cylinder} is the next request at or below {head}"))}

def opposite(direction: Direction) -> Direction:
    """The other sweep direction."""
    return "down" if direction == "up" else "up"


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
        reason = UNDER[direction].say(policy=title, cylinder=request.cylinder)
    else:
        reason = AHEAD[direction].say(policy=title, cylinder=request.cylinder, head=head)
    return Choice(request, direction, reason)


@register("io", "scan")
class Scan(DiskPolicy):
    """SCAN (elevator): sweep to the edge of the disk, then turn around."""

    title = "SCAN"
    settings = ("direction",)
    TO_EDGE = {"up": define("io.scan.to_edge_up", gettext_noop(
                   "SCAN: nothing at or above {head}; the head goes up to {edge}, turns, and comes "
                   "down to {cylinder}")),
               "down": define("io.scan.to_edge_down", gettext_noop(
                   "SCAN: nothing at or below {head}; the head goes down to {edge}, turns, and "
                   "comes up to {cylinder}"))}
    AT_EDGE = {"up": define("io.scan.at_edge_up", gettext_noop(
                   "SCAN: nothing at or above {head}; the head is already at the edge {edge}, "
                   "turns, and goes down to {cylinder}")),
               "down": define("io.scan.at_edge_down", gettext_noop(
                   "SCAN: nothing at or below {head}; the head is already at the edge {edge}, "
                   "turns, and goes up to {cylinder}"))}

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
        texts = self.AT_EDGE if head == edge else self.TO_EDGE
        reason = texts[direction].say(head=head, edge=edge, cylinder=target.cylinder)
        return Choice(target, turned, reason, edge=edge)


@register("io", "cscan")
class CircularScan(DiskPolicy):
    """C-SCAN: sweep one way to the edge, jump back to the other edge, sweep again."""

    title = "C-SCAN"
    settings = ("direction",)
    TO_EDGE = {"up": define("io.cscan.to_edge_up", gettext_noop(
                   "C-SCAN: nothing at or above {head}; the head goes to {edge} and returns to "
                   "{start}, then moves up to {cylinder}")),
               "down": define("io.cscan.to_edge_down", gettext_noop(
                   "C-SCAN: nothing at or below {head}; the head goes to {edge} and returns to "
                   "{start}, then moves down to {cylinder}"))}
    AT_EDGE = {"up": define("io.cscan.at_edge_up", gettext_noop(
                   "C-SCAN: nothing at or above {head}; the head is at {edge} and returns to "
                   "{start}, then moves up to {cylinder}")),
               "down": define("io.cscan.at_edge_down", gettext_noop(
                   "C-SCAN: nothing at or below {head}; the head is at {edge} and returns to "
                   "{start}, then moves down to {cylinder}"))}

    def choose(self, queue: PendingQueue, head: int, direction: Direction) -> Choice:
        pending = sorted_queue(queue, self)
        ahead = next_ahead(pending, head, direction)
        if ahead is not None:
            return ahead_choice(self.title, ahead, head, direction)
        edge, other_edge = (self.last_cylinder, 0) if direction == "up" else (0, self.last_cylinder)
        target = farthest_behind(pending, direction)
        texts = self.TO_EDGE if head != edge else self.AT_EDGE
        reason = texts[direction].say(head=head, edge=edge, start=other_edge, cylinder=target.cylinder)
        return Choice(target, direction, reason, edge=edge, jump_to=other_edge)


@register("io", "look")
class Look(DiskPolicy):
    """LOOK: sweep only as far as the last pending request, then turn around."""

    title = "LOOK"
    settings = ("direction",)
    TURNS = {"up": define("io.look.turn_up", gettext_noop(
                 "LOOK: nothing at or above {head}; the head turns there and goes down to {cylinder}")),
             "down": define("io.look.turn_down", gettext_noop(
                 "LOOK: nothing at or below {head}; the head turns there and goes up to {cylinder}"))}

    def choose(self, queue: PendingQueue, head: int, direction: Direction) -> Choice:
        pending = sorted_queue(queue, self)
        ahead = next_ahead(pending, head, direction)
        if ahead is not None:
            return ahead_choice(self.title, ahead, head, direction)
        turned = opposite(direction)
        target = next_ahead(pending, head, turned)
        if target is None:
            raise ValueError("LOOK was asked to choose from an empty queue")
        reason = self.TURNS[direction].say(head=head, cylinder=target.cylinder)
        return Choice(target, turned, reason)


@register("io", "clook")
class CircularLook(DiskPolicy):
    """C-LOOK: sweep one way to the last request, jump back to the farthest one."""

    title = "C-LOOK"
    settings = ("direction",)
    JUMPS = {"up": define("io.clook.jump_up", gettext_noop(
                 "C-LOOK: nothing at or above {head}; the head jumps back to {cylinder}, the "
                 "lowest pending request, and moves up from there")),
             "down": define("io.clook.jump_down", gettext_noop(
                 "C-LOOK: nothing at or below {head}; the head jumps back to {cylinder}, the "
                 "highest pending request, and moves down from there"))}

    def choose(self, queue: PendingQueue, head: int, direction: Direction) -> Choice:
        pending = sorted_queue(queue, self)
        ahead = next_ahead(pending, head, direction)
        if ahead is not None:
            return ahead_choice(self.title, ahead, head, direction)
        target = farthest_behind(pending, direction)
        reason = self.JUMPS[direction].say(head=head, cylinder=target.cylinder)
        # The jump lands on the request itself: its whole seek is return movement.
        return Choice(target, direction, reason, jump_to=target.cylinder)
