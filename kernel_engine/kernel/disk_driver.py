"""The kernel's side of the disk: requests, who waits for them, and when they finish."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..disk import make_disk
from ..i18n import define, gettext_noop

if TYPE_CHECKING:  # pragma: no cover
    from .loop import Kernel
    from .process import Thread

ARRIVES = define("io.request.arrive", gettext_noop("request {i} for cylinder {cylinder} arrives"))
DONE = define("io.request.done", gettext_noop("request {i} (cylinder {cylinder}) is done; {who} is ready"))


class DiskDriver:
    """Feeds requests to the disk scheduler and wakes the threads they belong to.

    ``requests`` lists every disk request: the scenario's ``io_requests``
    first, then ``io`` ops in the order they were issued; ``order`` lists
    their indices in service order (the result's ``io`` section).
    """

    def __init__(self, kernel: "Kernel", config: dict) -> None:
        self.kernel = kernel
        self.disk = make_disk(config)
        self.requests: list[dict] = []
        self.order: list[int] = []
        self.waiters: dict[int, "Thread"] = {}

    def add_scheduled(self, cylinder: int, arrival: int) -> int:
        """A request of the scenario's ``io_requests``, arriving later."""
        self.requests.append({"cylinder": cylinder, "arrival": arrival, "start": None, "finish": None})
        return len(self.requests) - 1

    def arrive(self, index: int, t: int) -> None:
        cylinder = self.requests[index]["cylinder"]
        self.disk.submit(index, cylinder, t)
        self.kernel.emit("disk_request", request=index, cylinder=cylinder,
                         reason=ARRIVES.say(i=index, cylinder=cylinder))

    def submit(self, th: "Thread", cylinder: int) -> int:
        """``th`` asks for ``cylinder`` now; it is woken when the request is served."""
        now = self.kernel.now
        index = len(self.requests)
        self.requests.append({"cylinder": cylinder, "arrival": now,
                              "start": None, "finish": None, "who": th.name})
        self.waiters[index] = th
        self.disk.submit(index, cylinder, now)
        return index

    def kick(self, t: int) -> bool:
        """Start the next request if the disk is idle; True if that woke a thread now."""
        kernel = self.kernel
        disk = self.disk
        woke = False
        while not disk.busy and disk.pending_count:
            svc = disk.start_next(t)
            if svc is None:
                break
            req = self.requests[svc.index]
            req["start"], req["finish"] = svc.start, svc.finish
            self.order.append(svc.index)
            kernel.emit("disk", request=svc.index, cylinder=svc.cylinder, start=svc.start,
                        finish=svc.finish, movement=svc.movement, reason=svc.reason)
            if svc.finish == t:
                woke |= self.done(svc.index, t)
            else:
                kernel.schedule_disk_done(svc.finish, svc.index)
        return woke

    def done(self, index: int, t: int) -> bool:
        """Request ``index`` finished at ``t``; True if a thread was waiting for it."""
        self.disk.complete(t)
        th = self.waiters.pop(index, None)
        if th is None:
            return False
        cylinder = self.requests[index]["cylinder"]
        self.kernel.complete_blocked(th, None, DONE.say(i=index, cylinder=cylinder, who=th.name))
        return True
