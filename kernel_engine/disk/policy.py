"""What a disk scheduling policy is: one hook that chooses the next request.

The :class:`~kernel_engine.disk.device.Disk` owns the pending queue, the head
and the clock.  When the disk becomes idle with requests pending, it calls the
policy's :meth:`DiskPolicy.choose` once and gets back a :class:`Choice`: which
request to serve next, the route the head takes to reach it, the sweep
direction afterwards, and a sentence explaining why.  The policy never moves
the head or edits the queue itself.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, Literal, NamedTuple, Union

from .queues import ArrivalQueue, CylinderQueue, Request

Direction = Literal["up", "down"]
PendingQueue = Union[ArrivalQueue, CylinderQueue]


class Choice(NamedTuple):
    """The policy's decision for one service.

    The head's route is ``head -> edge -> jump_to -> cylinder``, where
    ``edge`` and ``jump_to`` are optional stops:

    * ``edge``: a cylinder the head travels to before turning (SCAN and
      C-SCAN go to cylinder 0 or ``cylinders - 1``).
    * ``jump_to``: the cylinder the head *jumps back* to.  The leg that ends
      there is the return movement (C-SCAN: edge to opposite edge; C-LOOK:
      farthest request to the farthest pending request on the other side, in
      which case ``jump_to == cylinder``).

    ``direction`` is the sweep direction once this service is done.  (A
    NamedTuple rather than a dataclass: see ``device.Service``.)
    """

    request: Request
    direction: Direction
    reason: str
    edge: int | None = None
    jump_to: int | None = None

    @property
    def index(self) -> int:
        return self.request.index

    @property
    def cylinder(self) -> int:
        return self.request.cylinder


class DiskPolicy(ABC):
    """Base class of disk schedulers.  Subclasses override :meth:`choose`.

    ``queue_class`` is the shape of pending queue the policy searches; the
    disk builds one of that class and passes it to every :meth:`choose` call.
    ``title`` is the policy's name as students read it ("C-SCAN").
    """

    queue_class: ClassVar[type[ArrivalQueue] | type[CylinderQueue]] = CylinderQueue
    title: ClassVar[str] = ""
    #: The ``io`` settings it reads besides cylinders, head and seek_time.
    settings: ClassVar[tuple[str, ...]] = ()

    def __init__(self, cylinders: int) -> None:
        self.cylinders = cylinders

    @property
    def last_cylinder(self) -> int:
        """The highest cylinder number (cylinders run 0 .. cylinders - 1)."""
        return self.cylinders - 1

    @abstractmethod
    def choose(self, queue: PendingQueue, head: int, direction: Direction) -> Choice:
        """Choose the next request to serve.

        Called only when ``queue`` is not empty and the disk is idle, with the
        head's cylinder and the current sweep direction.  Must return a
        :class:`Choice` naming a request that is in ``queue``.
        """


def travel_direction(head: int, cylinder: int, direction: Direction) -> Direction:
    """The way the head moves from ``head`` to ``cylinder`` (unchanged if it stays)."""
    if cylinder > head:
        return "up"
    if cylinder < head:
        return "down"
    return direction
