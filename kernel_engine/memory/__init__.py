"""Memory allocators: first, next, best and worst fit over a free list, and buddy.

::

    from kernel_engine.memory import make_allocator
    allocator = make_allocator({"size": 2100, "policy": "best_fit"})
    out = allocator.alloc(212)   # AllocOutcome(addr, start, block, searched, reason)
    allocator.free(out.addr)     # FreeOutcome(start, block, merged, reason)

Each policy is registered as ``("memory", name)``; ``make_allocator`` looks
the name up in the registry, so adding a policy touches one file.  The rules
students see are in docs/memory.md.  The names below are imported on first
use: a run loads only the allocator it uses.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import registry
from .config import ORDERS, MemoryConfig, read_config, read_section

if TYPE_CHECKING:  # pragma: no cover
    from .base import Allocator

#: The module that registers each policy, in menu order (the fits, then buddy).
POLICY_MODULES = {"first_fit": "fits", "next_fit": "fits", "best_fit": "fits",
                  "worst_fit": "fits", "buddy": "buddy"}

__all__ = [
    "make_allocator", "Allocator", "AllocOutcome", "FreeOutcome", "MemoryConfig",
    "read_config", "read_section", "ORDERS", "FreeListAllocator",
    "FirstFit", "NextFit", "BestFit", "WorstFit", "Buddy",
]

__getattr__ = registry.lazy_exports(__name__, {
    "Allocator": "base", "AllocOutcome": "outcomes", "FreeOutcome": "outcomes",
    "FreeListAllocator": "list_allocator", "FirstFit": "fits", "NextFit": "fits",
    "BestFit": "fits", "WorstFit": "fits", "Buddy": "buddy",
})


def make_allocator(config: Mapping[str, Any] | MemoryConfig) -> Allocator:
    """A fresh allocator for a (normalized) memory section.

    Missing keys take their defaults; an invalid section raises
    ``ScenarioError`` (a ValueError) naming each problem's JSON path.
    """
    if not isinstance(config, MemoryConfig):
        config = read_config(config)
    cls = registry.get("memory", config.policy)
    return cls(config)
