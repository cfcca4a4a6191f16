"""CPU scheduling policies, registered by name as ("cpu", name)."""
from __future__ import annotations

from ..registry import import_package, present_in_order
from . import fifo, keyed, lottery, mlfq, priority_rr  # noqa: F401  (registers the policies)
from .base import ARRIVE, EXPIRE, PREEMPT, WAKE, CpuPolicy

# Forms and error messages list the policies as the contract does.
present_in_order("cpu", ["fcfs", "sjf", "srt", "rr", "priority", "priority_preemptive", "priority_rr", "mlfq", "lottery"])

# A new module in this package registers itself: no list to edit.
import_package(__name__, __path__)

__all__ = ["CpuPolicy", "ARRIVE", "WAKE", "EXPIRE", "PREEMPT"]
