"""The disk device: one head, one pending queue, one request served at a time.

The kernel drives a :class:`Disk` over simulated time::

    disk = make_disk(normalized["io"])
    disk.submit(index, cylinder, now)   # a request joins the pending queue
    svc = disk.start_next(now)          # idle + something pending: start serving
    disk.complete(svc.finish)           # the head reached the request

Contract (docs/disk.md has the worked examples):

* A service is non-preemptive.  Its seek takes ``movement * seek_time``
  ticks, from ``start`` to ``finish``; a request on the head's own cylinder
  finishes at its start.
* The policy chooses when the disk is idle, among the requests submitted so
  far; the caller submits the arrivals of tick t before calling
  ``start_next(t)``.  A request that arrives during a service (even while the
  head travels to an edge) waits for the next decision.
* ``movement`` includes a sweep's edge trip and the C-SCAN/C-LOOK return
  jump; ``return_movement`` is that jump alone.  ``total_movement`` and
  ``return_movement`` on the disk add up every service started so far.
* ``head`` is where the head was when the current service started; it
  becomes the request's cylinder at :meth:`Disk.complete`.  ``direction``
  is the sweep direction chosen for the current (or last) service.
* With nothing pending the head stays where it is.

Misuse (a request submitted twice, time going backwards, completing at the
wrong tick) raises :class:`DiskError`: an engine bug, never a student's.
"""
from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any, NamedTuple

from ..errors import ScenarioError
from ..registry import get
from ..scenario.fields import is_int
from .config import read_config
from .policy import Choice, DiskPolicy, Direction


class DiskError(ValueError):
    """The disk was driven in a way its contract forbids."""


class Service(NamedTuple):
    """One request's service: chosen at ``start``, done at ``finish``.

    ``movement`` counts every cylinder the head crosses to get there (edge
    trip and return jump included); ``return_movement`` is the C-SCAN/C-LOOK
    jump alone (0 otherwise).  ``path`` lists the cylinders where the head
    changes course, from where it was to the request: ``(183, 199, 0, 14)``
    for C-SCAN's wrap-around, ``(53, 65)`` for a plain seek.  (A NamedTuple:
    immutable and compared by value without the dataclasses import, which
    costs the command line's start-up several ms.)
    """

    index: int
    cylinder: int
    start: int
    finish: int
    movement: int
    return_movement: int
    reason: str
    path: tuple[int, ...]


class Disk:
    """A disk whose head is moved by a scheduling policy (see the module docstring)."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        settings, problems = read_config(config)
        if problems:
            raise ScenarioError(problems)
        self.policy_name: str = settings["policy"]
        self.cylinders: int = settings["cylinders"]
        self.seek_time: int = settings["seek_time"]
        self.head: int = settings["head"]
        self.direction: Direction = settings["direction"]
        self.total_movement = 0
        self.return_movement = 0
        self._policy: DiskPolicy = get("io", self.policy_name)(self.cylinders)
        self._queue = self._policy.queue_class()
        self._serving: Service | None = None
        self._submitted: set[int] = set()
        # The latest tick the disk has been told about; time never goes back.
        self._clock = 0

    @property
    def busy(self) -> bool:
        """True while a request is being served."""
        return self._serving is not None

    @property
    def serving(self) -> int | None:
        """Index of the request in service, or None when the disk is idle."""
        return self._serving.index if self._serving is not None else None

    @property
    def current(self) -> Service | None:
        """The service in progress, or None when the disk is idle."""
        return self._serving

    def pending(self) -> list[int]:
        """Indices of the requests waiting for service, in arrival order."""
        return self._queue.indices()

    @property
    def pending_count(self) -> int:
        """How many requests are waiting (cheaper than ``len(pending())``)."""
        return len(self._queue)

    def snapshot(self) -> dict[str, Any]:
        """The ``disk`` state key of a step: head, direction, pending, serving."""
        return {"head": self.head, "direction": self.direction,
                "pending": self.pending(), "serving": self.serving}

    def submit(self, index: int, cylinder: int, now: int) -> None:
        """Request ``index`` for ``cylinder`` joins the pending queue at tick ``now``.

        It is considered at the next decision (``start_next``), never by a
        service already under way.
        """
        self._check_clock(now, "submit")
        if not is_int(index) or index < 0:
            raise DiskError(f"a request index must be a non-negative integer, got {index!r}")
        if index in self._submitted:
            raise DiskError(f"request {index} was already submitted to the disk")
        if not is_int(cylinder) or not 0 <= cylinder < self.cylinders:
            raise DiskError(f"request {index} asks for cylinder {cylinder!r}; this disk has "
                            f"cylinders 0 to {self.cylinders - 1}")
        self._clock = now
        self._submitted.add(index)
        self._queue.add(index, cylinder)

    def start_next(self, now: int) -> Service | None:
        """If idle with requests pending, let the policy choose one and start it.

        Returns the :class:`Service` (its ``finish`` is when to call
        :meth:`complete`), or None when the disk is busy or nothing is pending.
        """
        self._check_clock(now, "start_next")
        self._clock = now
        if self._serving is not None or len(self._queue) == 0:
            return None
        choice = self._policy.choose(self._queue, self.head, self.direction)
        try:
            self._queue.remove(choice.index, choice.cylinder)
        except ValueError:
            raise DiskError(f"{self._policy.title} chose request {choice.index} at cylinder "
                            f"{choice.cylinder}, which is not pending") from None
        path, movement, return_movement = self._route(choice)
        service = Service(index=choice.index, cylinder=choice.cylinder, start=now,
                          finish=now + movement * self.seek_time, movement=movement,
                          return_movement=return_movement, reason=choice.reason, path=path)
        self._serving = service
        self.direction = choice.direction
        self.total_movement += movement
        self.return_movement += return_movement
        return service

    def complete(self, now: int) -> Service:
        """The request in service is done at tick ``now``; the disk is idle again.

        ``now`` must be the service's ``finish``.  Returns the finished service.
        """
        service = self._serving
        if service is None:
            raise DiskError(f"complete() at tick {now}, but the disk is not serving a request")
        if now != service.finish:
            raise DiskError(f"request {service.index} finishes at tick {service.finish}, "
                            f"not at tick {now}")
        self._check_clock(now, "complete")
        self._clock = now
        self.head = service.cylinder
        self._serving = None
        return service

    def _check_clock(self, now: int, action: str) -> None:
        """DiskError unless ``now`` is a tick no earlier than any the disk has seen."""
        if not is_int(now) or now < self._clock:
            raise DiskError(f"{action}() at tick {now!r}, but the disk is already at tick "
                            f"{self._clock}; time cannot go backwards")

    def _route(self, choice: Choice) -> tuple[tuple[int, ...], int, int]:
        """The head's stops, the movement and the return movement of ``choice``."""
        stops = [self.head]
        if choice.edge is not None:
            stops.append(choice.edge)
        return_movement = 0
        if choice.jump_to is not None:
            return_movement = abs(choice.jump_to - stops[-1])
            stops.append(choice.jump_to)
        stops.append(choice.cylinder)
        outside = [c for c in stops if not 0 <= c < self.cylinders]
        if outside:
            raise DiskError(f"{self._policy.title} routed the head to cylinder {outside[0]}, "
                            f"outside 0 to {self.cylinders - 1}")
        movement = sum(abs(b - a) for a, b in pairwise(stops))
        # Drop repeated stops (C-LOOK jumps onto the request itself; SCAN may
        # already sit on the edge) so the path shows only real course changes.
        path = tuple(c for k, c in enumerate(stops) if k == 0 or c != stops[k - 1])
        return path, movement, return_movement


def make_disk(config: Mapping[str, Any]) -> Disk:
    """A :class:`Disk` for a scenario's ``io`` settings (missing fields take defaults).

    Raises ScenarioError, listing every problem with its ``io.*`` path, when
    the settings are not usable.
    """
    return Disk(config)
