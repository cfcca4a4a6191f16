"""CPU scheduling policies, registered by name as ("cpu", name)."""
from __future__ import annotations

from . import fifo, keyed, lottery, mlfq  # noqa: F401  (registers the policies)
from .base import ARRIVE, EXPIRE, PREEMPT, WAKE, CpuPolicy

__all__ = ["CpuPolicy", "ARRIVE", "WAKE", "EXPIRE", "PREEMPT"]
