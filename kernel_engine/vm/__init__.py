"""Virtual memory: paging, page replacement and the TLB.

Replacement policies are registered as ``("vm", name)``, one class each
(``policies.py``: fifo, lru, second_chance, clock, random; ``opt.py``);
``memory.py`` is the memory manager (frames, page tables, TLB, counts),
``kernel_side.py`` what the kernel does with an access, ``config.py`` the
scenario's ``vm`` section.  docs/vm.md explains the policies and the bits.
Importing this package loads nothing: a lookup imports the module that
registers the name (``POLICY_MODULES``), a listing imports them all.
"""
from __future__ import annotations

from ..registry import lazy_exports

#: The module that registers each policy, in the menus' order.  A new module
#: in this package registers itself: no list to edit.
POLICY_MODULES = {"fifo": "policies", "lru": "policies", "opt": "opt", "clock": "policies",
                  "second_chance": "policies", "random": "policies"}

__getattr__ = lazy_exports(__name__, {})
