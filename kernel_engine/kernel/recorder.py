"""What a run leaves behind for its result, besides the threads' own numbers.

The kernel and the op handlers write here; ``result.py`` reads it once the
run is over.  Steps (the trace) are the tracer's business, bars the Gantt
recorder's.
"""
from __future__ import annotations

from typing import Any

from ..i18n import Reason


class Recorder:
    """Memory ops, library calls and the runtime errors of one run, in order."""

    def __init__(self, *, summary: bool) -> None:
        #: leave out per-op free-list snapshots (the result's ``--summary``)
        self.summary = summary
        #: the result's ``memory.ops``
        self.mem_ops: list[dict] = []
        #: allocations that found no hole
        self.failed_allocs = 0
        #: the result's ``calls``: every ``call`` op in the order it completed
        self.calls: list[dict] = []
        #: the result's ``errors``: misuse the run survived (a double free...)
        self.errors: list[dict] = []

    def error(self, t: int, who: str, op: str, message: str, **extra: Any) -> None:
        """A thread misused an op at ``t``; the run goes on.

        A message made as data keeps its key and values beside it
        (``message_key``, ``message_args``), as a reason does.
        """
        record = {"t": t, "who": who, "op": op, "message": str(message), **extra}
        if isinstance(message, Reason):
            record["message_key"] = message.key
            record["message_args"] = message.args
        self.errors.append(record)
