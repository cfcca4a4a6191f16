"""The disk's pending queue, in the two shapes a scheduler can need.

A disk policy declares which shape it wants (``DiskPolicy.queue_class``) and
the :class:`~kernel_engine.disk.device.Disk` builds and owns the queue:

* :class:`ArrivalQueue` keeps requests in arrival order (a deque), so FCFS
  takes the oldest in O(1).
* :class:`CylinderQueue` keeps requests sorted by ``(cylinder, index)``, so
  SSTF and the sweeps find "the next request at or above the head" with a
  binary search (O(log n)) instead of looking at every pending request.

Both answer :meth:`indices` in arrival order (for snapshots), ``len()``,
:meth:`add` and :meth:`remove`.  A request is identified by its ``index``
(its position in the overall request list); ``cylinder`` travels with it.
"""
from __future__ import annotations

import bisect
from collections import deque
from typing import NamedTuple


class Request(NamedTuple):
    """A pending request: where it is and who it is.

    Fields are ordered ``(cylinder, index)`` so that tuples sort by cylinder
    first and, on the same cylinder, the earlier request (lower index) first.
    """

    cylinder: int
    index: int


# Sorts after every (cylinder, index) with the same cylinder: indices are ints.
_AFTER_EVERY_INDEX = float("inf")
# Sorts before every (cylinder, index) with the same cylinder: indices are >= 0.
_BEFORE_EVERY_INDEX = -1


class ArrivalQueue:
    """Pending requests in the order they arrived (first in, first out)."""

    def __init__(self) -> None:
        self._requests: deque[Request] = deque()

    def __len__(self) -> int:
        return len(self._requests)

    def add(self, index: int, cylinder: int) -> None:
        """Append a request that has just arrived."""
        self._requests.append(Request(cylinder, index))

    def oldest(self) -> Request | None:
        """The request that arrived first, or None when the queue is empty."""
        return self._requests[0] if self._requests else None

    def remove(self, index: int, cylinder: int) -> None:
        """Take a pending request out of the queue (ValueError if it is not there).

        FCFS always removes the oldest, which is O(1); any other request is
        found by a linear search, which only a policy outside the textbook
        would ask for.
        """
        request = Request(cylinder, index)
        if self._requests and self._requests[0] == request:
            self._requests.popleft()
        else:
            self._requests.remove(request)

    def indices(self) -> list[int]:
        """Pending request indices in arrival order."""
        return [request.index for request in self._requests]


class CylinderQueue:
    """Pending requests sorted by cylinder, with arrival order kept for display.

    ``_by_cylinder`` is a sorted list of :class:`Request` tuples searched with
    :mod:`bisect`; ``_arrival`` maps index -> cylinder in insertion order, so
    that :meth:`indices` can list the queue as it arrived.
    """

    def __init__(self) -> None:
        self._by_cylinder: list[Request] = []
        self._arrival: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._by_cylinder)

    def add(self, index: int, cylinder: int) -> None:
        """Insert a request that has just arrived, keeping the cylinder order."""
        bisect.insort(self._by_cylinder, Request(cylinder, index))
        self._arrival[index] = cylinder

    def remove(self, index: int, cylinder: int) -> None:
        """Take a pending request out of the queue (ValueError if it is not there)."""
        request = Request(cylinder, index)
        at = bisect.bisect_left(self._by_cylinder, request)
        if at == len(self._by_cylinder) or self._by_cylinder[at] != request:
            raise ValueError(f"request {index} at cylinder {cylinder} is not pending")
        del self._by_cylinder[at]
        del self._arrival[index]

    def indices(self) -> list[int]:
        """Pending request indices in arrival order."""
        return list(self._arrival)

    def at_or_above(self, cylinder: int) -> Request | None:
        """The lowest pending request at or above ``cylinder`` (earliest on ties)."""
        at = bisect.bisect_left(self._by_cylinder, (cylinder, _BEFORE_EVERY_INDEX))
        return self._by_cylinder[at] if at < len(self._by_cylinder) else None

    def at_or_below(self, cylinder: int) -> Request | None:
        """The highest pending request at or below ``cylinder`` (earliest on ties)."""
        at = bisect.bisect_right(self._by_cylinder, (cylinder, _AFTER_EVERY_INDEX)) - 1
        if at < 0:
            return None
        # ``at`` is the *last* request on that cylinder; step back to its first
        # one so that, on one cylinder, the earlier request is served first.
        found = self._by_cylinder[at].cylinder
        first = bisect.bisect_left(self._by_cylinder, (found, _BEFORE_EVERY_INDEX))
        return self._by_cylinder[first]

    def lowest(self) -> Request | None:
        """The pending request on the lowest cylinder (earliest on ties)."""
        return self._by_cylinder[0] if self._by_cylinder else None

    def highest(self) -> Request | None:
        """The pending request on the highest cylinder (earliest on ties)."""
        if not self._by_cylinder:
            return None
        return self.at_or_below(self._by_cylinder[-1].cylinder)
