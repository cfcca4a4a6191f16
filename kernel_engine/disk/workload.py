"""Disk-only workloads: a list of requests arriving over time, served to the end.

:func:`serve` drives a :class:`~kernel_engine.disk.device.Disk` the way the
kernel does, jumping from one event time to the next (an arrival or the end
of a service), never tick by tick, so a seek of 10^6 ticks costs one step.
At each event time t, in order: the service ending at t completes, the
requests arriving at t join the queue, then the disk chooses (and keeps
choosing while it picks requests under the head, which take no time).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ScenarioError
from .config import check_requests
from .device import Disk, Service, make_disk


def serve(config: Mapping[str, Any],
          requests: list[Mapping[str, Any]]) -> tuple[Disk, list[Service]]:
    """Serve every request; the disk at the end and the services in service order.

    ``requests`` are ``{"cylinder", "arrival"}`` objects (``arrival``
    defaults to 0); a request's index is its position in the list.  Raises
    ScenarioError with every problem in ``config`` or ``requests``.
    """
    disk = make_disk(config)
    problems = check_requests(requests, disk.cylinders)
    if problems:
        raise ScenarioError(problems)
    arrivals = [request.get("arrival", 0) for request in requests]
    # Same-tick arrivals join in list order, so FCFS and ties follow the index.
    by_arrival = sorted(range(len(requests)), key=lambda i: (arrivals[i], i))
    services: list[Service] = []
    upcoming = 0  # position in by_arrival of the next request to arrive
    while True:
        in_service = disk.current
        next_times = [in_service.finish] if in_service is not None else []
        if upcoming < len(by_arrival):
            next_times.append(arrivals[by_arrival[upcoming]])
        if not next_times:
            break  # idle, nothing pending, nothing more to come
        now = min(next_times)
        if in_service is not None and in_service.finish == now:
            disk.complete(now)
        while upcoming < len(by_arrival) and arrivals[by_arrival[upcoming]] == now:
            index = by_arrival[upcoming]
            disk.submit(index, requests[index]["cylinder"], now)
            upcoming += 1
        while (started := disk.start_next(now)) is not None:
            services.append(started)
            if started.finish > now:
                break
            disk.complete(now)  # a request under the head is done at once
    return disk, services


def run_requests(config: Mapping[str, Any], requests: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The ``io`` part of a result for a disk-only workload.

    Returns ``{"order": [index, ...] in service order, "total_movement",
    "return_movement", "requests": [{"cylinder", "arrival", "start",
    "finish"}, ...] in input order}``.  Raises ScenarioError on bad input.
    """
    disk, services = serve(config, requests)
    served = {service.index: service for service in services}
    records = [{"cylinder": request["cylinder"], "arrival": request.get("arrival", 0),
                "start": served[i].start, "finish": served[i].finish}
               for i, request in enumerate(requests)]
    return {"order": [service.index for service in services],
            "total_movement": disk.total_movement,
            "return_movement": disk.return_movement,
            "requests": records}
