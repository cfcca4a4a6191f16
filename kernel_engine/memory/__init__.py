"""Memory allocators: first, next, best and worst fit over a free list, and buddy.

::

    from kernel_engine.memory import make_allocator
    allocator = make_allocator({"size": 2100, "policy": "best_fit"})
    out = allocator.alloc(212)   # AllocOutcome(addr, start, block, searched, reason)
    allocator.free(out.addr)     # FreeOutcome(start, block, merged, reason)

Each policy is registered as ``("memory", name)``; ``make_allocator`` looks
the name up in the registry, so adding a policy touches one file.  The rules
students see are in docs/memory.md.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import registry
# The fits register before buddy: the registry's order is the menu's order.
from .fits import BestFit, FirstFit, NextFit, WorstFit  # isort: skip
from .buddy import Buddy  # isort: skip
from .base import Allocator
from .config import ORDERS, MemoryConfig, read_config, read_section
from .list_allocator import FreeListAllocator
from .outcomes import AllocOutcome, FreeOutcome

# A new module in this package registers itself: no list to edit.
registry.import_package(__name__, __path__)

__all__ = [
    "make_allocator", "Allocator", "AllocOutcome", "FreeOutcome", "MemoryConfig",
    "read_config", "read_section", "ORDERS", "FreeListAllocator",
    "FirstFit", "NextFit", "BestFit", "WorstFit", "Buddy",
]


def make_allocator(config: Mapping[str, Any] | MemoryConfig) -> Allocator:
    """A fresh allocator for a (normalized) memory section.

    Missing keys take their defaults; an invalid section raises
    ``ScenarioError`` (a ValueError) naming each problem's JSON path.
    """
    if not isinstance(config, MemoryConfig):
        config = read_config(config)
    cls = registry.get("memory", config.policy)
    return cls(config)
