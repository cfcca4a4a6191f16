"""os.bankers: the banker's algorithm as one call (the classroom exercise).

The algorithm is ``threads/banker.py``, the same one the kernel runs with
``threads.deadlock: "avoid"``; this module checks the matrices and shapes
the answer as the contract says: ``need``, ``safe``, ``sequence`` and, with
a ``request``, ``granted``.  Beyond the contract the value says which state
``safe`` and ``sequence`` describe (``checked``: ``"request"`` for the
state after the request, ``"current"`` otherwise) and, for a refused
request, ``refused`` (``"above_available"`` or ``"unsafe"``).
"""
from __future__ import annotations

from typing import Any

import numpy

from ..i18n import define, gettext_noop
from ..registry import register
from ..threads import banker
from .base import CallFailure, LibraryFunction, Outcome, Param
from .checks import Checker, array, describe, index, integer_in, key, plural

#: Processes and resource types of one call (the textbook has 5 and 3).
MAX_PROCESSES = 256
MAX_TYPES = 64

NEGATIVE = define("library.os.bankers.negative", gettext_noop("must be 0 or more (units of a resource), got {n}"))
TOO_MANY_TYPES = define("library.os.bankers.types", gettext_noop("has {n} resource types; at most {m} are allowed"))
TOO_MANY_PROCESSES = define("library.os.bankers.processes", gettext_noop(
    "has {n} processes; at most {m} are allowed"))
ROW_LENGTH = define("library.os.bankers.row_length", gettext_noop(
    "rows have {count} but available has {n}: one per resource type"))
ROW_COUNT = define("library.os.bankers.row_count", gettext_noop("has {count} but max has {n}: one per process"))
OVER_MAX = define("library.os.bankers.over_max", gettext_noop(
    "process {i} holds {n} units of type {t}, more than its max {m}"))
NOT_A_REQUEST = define("library.os.bankers.request", gettext_noop(
    'must be {"process": i, "vector": [...]}, got {described}'))
REQUEST_LENGTH = define("library.os.bankers.request_length", gettext_noop("has {count} but available has {n}"))
ABOVE_NEED = define("library.os.bankers.above_need", gettext_noop(
    "process {i} requests {vector}, more than its need {need_row} (max − allocation): a process "
    "may not ask beyond its declared maximum"))


def _non_negative(ck: Checker, value: Any, path: str) -> bool:
    """True when every literal number of a vector or matrix is >= 0."""
    rows = value if value and isinstance(value[0], list) else [value]
    ok = True
    for r, row in enumerate(rows):
        for c, item in enumerate(row):
            if isinstance(item, int) and not isinstance(item, bool) and item < 0:
                where = index(index(path, r), c) if rows is value else index(path, c)
                ck.add(where, NEGATIVE.say(n=item))
                ok = False
    return ok


@register("library", "os.bankers")
class Bankers(LibraryFunction):
    """Banker's algorithm: need, whether the state is safe with a safe sequence, and whether a request may be granted."""

    params = {
        "available": Param("free units of each resource type, e.g. [3, 3, 2]"),
        "max": Param("each process's maximum claim, one row per process"),
        "allocation": Param("what each process holds now, one row per process"),
        "request": Param('optional: {"process": i, "vector": [...]}, a request to decide', None),
    }
    example = {"available": [3, 3, 2],
               "max": [[7, 5, 3], [3, 2, 2], [9, 0, 2], [2, 2, 2], [4, 3, 3]],
               "allocation": [[0, 1, 0], [2, 0, 0], [3, 0, 2], [2, 1, 1], [0, 0, 2]],
               "request": {"process": 1, "vector": [1, 0, 2]}}

    def check_args(self, ck: Checker, args: dict[str, Any], path: str) -> None:
        shapes = {}
        for name, ndim in (("available", 1), ("max", 2), ("allocation", 2)):
            at = key(path, name)
            shape = array(ck, args[name], at, ndim=ndim, integer=True)
            if shape is not None and _non_negative(ck, args[name], at):
                shapes[name] = shape
        if "available" in shapes and shapes["available"][0] > MAX_TYPES:
            ck.add(key(path, "available"), TOO_MANY_TYPES.say(n=shapes["available"][0], m=MAX_TYPES))
            return
        for name in ("max", "allocation"):
            if name in shapes and shapes[name][0] > MAX_PROCESSES:
                ck.add(key(path, name), TOO_MANY_PROCESSES.say(n=shapes[name][0], m=MAX_PROCESSES))
                return
        if len(shapes) == 3:
            types = shapes["available"][0]
            for name in ("max", "allocation"):
                if shapes[name][1] != types:
                    ck.add(key(path, name), ROW_LENGTH.say(count=plural(shapes[name][1], "number"), n=types))
                    return
            if shapes["max"][0] != shapes["allocation"][0]:
                ck.add(key(path, "allocation"), ROW_COUNT.say(count=plural(shapes["allocation"][0], "row"),
                                                              n=shapes["max"][0]))
                return
            for p, (mrow, arow) in enumerate(zip(args["max"], args["allocation"])):
                for t, (m, a) in enumerate(zip(mrow, arow)):
                    if a > m:
                        ck.add(index(index(key(path, "allocation"), p), t),
                               OVER_MAX.say(i=p, n=a, t=t, m=m))
                        return
        self._check_request(ck, args["request"], key(path, "request"), shapes)

    def _check_request(self, ck: Checker, request: Any, path: str, shapes: dict) -> None:
        if request is None or ck.unknown(request):
            return
        if not isinstance(request, dict) or set(request) != {"process", "vector"}:
            ck.add(path, NOT_A_REQUEST.say(described=describe(request)))
            return
        count = shapes["max"][0] if "max" in shapes else MAX_PROCESSES
        integer_in(ck, request["process"], key(path, "process"), 0, count - 1)
        shape = array(ck, request["vector"], key(path, "vector"), ndim=1, integer=True)
        if shape is not None and _non_negative(ck, request["vector"], key(path, "vector")):
            if "available" in shapes and shape[0] != shapes["available"][0]:
                ck.add(key(path, "vector"), REQUEST_LENGTH.say(count=plural(shape[0], "number"),
                                                             n=shapes["available"][0]))

    def run(self, args: dict[str, Any], rng: numpy.random.Generator) -> Outcome:
        available, maximum, allocation = args["available"], args["max"], args["allocation"]
        need = banker.need_of(maximum, allocation)
        n, m = len(maximum), len(available)
        work = n * n * m  # at most n scans of n rows of m comparisons
        request = args["request"]
        if request is None:
            found = banker.safety(available, need, allocation)
            return Outcome({"need": need, "safe": found.safe, "sequence": found.sequence}, work)
        process, vector = request["process"], request["vector"]
        decision = banker.decide(available, maximum, allocation, process, vector)
        if decision.why == "above_need":
            raise CallFailure(ABOVE_NEED.say(i=process, vector=str(vector), need_row=str(need[process])),
                              work)
        value = {"need": need, "safe": decision.safety.safe,
                 "sequence": decision.safety.sequence, "granted": decision.granted,
                 "checked": "current" if decision.why == "above_available" else "request"}
        if not decision.granted:
            value["refused"] = decision.why
        return Outcome(value, work)
