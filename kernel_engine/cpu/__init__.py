"""CPU scheduling policies, registered by name as ("cpu", name).

Importing this package loads no policy: ``registry.get("cpu", name)``
imports the one module that registers ``name`` (``POLICY_MODULES``), so a
run pays only for the policy it uses; ``registry.names("cpu")`` imports
them all.  A new module in this package registers itself: no list to edit
(listing it here too only spares it being found by importing every module).
"""
from __future__ import annotations

from ..registry import lazy_exports
from .base import ARRIVE, EXPIRE, PREEMPT, WAKE, CpuPolicy

#: The module that registers each policy, in the order forms and error
#: messages list the policies (the contract's order).
POLICY_MODULES = {
    "fcfs": "fifo", "sjf": "keyed", "srt": "keyed", "rr": "fifo", "priority": "keyed",
    "priority_preemptive": "keyed", "priority_rr": "priority_rr", "mlfq": "mlfq",
    "lottery": "lottery",
}

__all__ = ["CpuPolicy", "ARRIVE", "WAKE", "EXPIRE", "PREEMPT"]

__getattr__ = lazy_exports(__name__, {})
