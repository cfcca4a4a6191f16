"""The ``io`` section of a scenario and its ``io_requests``: their one reader.

``read_section`` and ``read_requests`` read them for ``scenario``, which
walks the whole document.  A disk is also built on its own (``make_disk``,
``serve``: tests, benchmarks, the web app's disk widget): ``check_config``
and ``check_requests`` run the same readers alone and return the same
problems, worded the same way (``io.head: must be a cylinder from 0 to 199,
got 250``).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Problem
from ..i18n import define, gettext_noop
from ..scenario.fields import (MAX_CYLINDERS, MAX_IO_REQUESTS, REQUIRED, Checker, index, join,
                               show)

FIELDS = ("policy", "cylinders", "head", "direction", "seek_time")
REQUEST_FIELDS = ("cylinder", "arrival")
DIRECTIONS = ("up", "down")

NOT_A_CYLINDER = define("problem.cylinder", gettext_noop("must be a cylinder from 0 to {n}, got {value}"))
NOT_A_REQUEST = define("problem.disk_request.object", gettext_noop(
    'must be a disk request like {"cylinder": 98, "arrival": 0}, got {value}'))


def read_section(check: Checker, raw: dict) -> dict[str, Any]:
    """The normalized ``io`` section of the scenario ``raw`` (problems go to ``check``)."""
    io = check.section(raw, "io", "", FIELDS)
    cylinders = check.integer(io, "cylinders", "io", 200, 1, MAX_CYLINDERS,
                              " (the engine's limit)")
    head = check.integer(io, "head", "io", 0, 0)
    if head is not None and cylinders is not None and head >= cylinders:
        check.add("io.head", NOT_A_CYLINDER.say(n=cylinders - 1, value=show(head)))
        head = None
    return {
        "policy": check.policy(io, "policy", "io", "fcfs", "io"),
        "cylinders": cylinders,
        "head": head,
        "direction": check.choice(io, "direction", "io", "up", list(DIRECTIONS)),
        "seek_time": check.ticks(io, "seek_time", "io", 1, lo=0),
    }


def read_requests(check: Checker, raw: object, cylinders: int | None) -> list[dict[str, int]]:
    """``io_requests``: ``{"cylinder", "arrival"}`` requests on a disk of ``cylinders``."""
    raw = check.array(raw, "io_requests", "disk requests", MAX_IO_REQUESTS)
    if not raw:
        return []
    out = []
    for i, req in enumerate(raw):
        where = index("io_requests", i)
        if not isinstance(req, dict):
            check.add(where, NOT_A_REQUEST.say(value=show(req)))
            continue
        check.unknown(req, REQUEST_FIELDS, where, what="a disk request")
        cylinder = check.integer(req, "cylinder", where, REQUIRED, 0)
        if cylinder is not None and cylinders is not None and cylinder >= cylinders:
            check.add(join(where, "cylinder"), NOT_A_CYLINDER.say(n=cylinders - 1, value=show(cylinder)))
        out.append({"cylinder": cylinder, "arrival": check.ticks(req, "arrival", where, 0, lo=0)})
    return out


def read_config(config: object) -> tuple[dict[str, Any], list[Problem]]:
    """A disk's settings on their own: (the normalized section, every problem)."""
    check = Checker()
    section = read_section(check, {"io": dict(config) if isinstance(config, Mapping) else config})
    return section, check.problems


def check_config(config: object) -> list[Problem]:
    """Problems with a disk's settings; an empty list when they are usable."""
    return read_config(config)[1]


def check_requests(requests: object, cylinders: int) -> list[Problem]:
    """Problems with a list of ``{"cylinder", "arrival"}`` disk requests."""
    check = Checker()
    read_requests(check, requests, cylinders)
    return check.problems
