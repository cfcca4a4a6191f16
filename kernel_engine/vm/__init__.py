"""Virtual memory: paging, page replacement and the TLB.

Replacement policies are registered as ``("vm", name)``, one class each
(``policies.py``: fifo, lru, second_chance, clock, random; ``opt.py``);
``memory.py`` is the memory manager (frames, page tables, TLB, counts),
``kernel_side.py`` what the kernel does with an access, ``config.py`` the
scenario's ``vm`` section.  docs/vm.md explains the policies and the bits.
"""
from __future__ import annotations

from ..registry import import_package, present_in_order

# The policies register themselves, in the menus' order.
from . import policies, opt  # noqa: F401, I001

import_package(__name__, __path__)
present_in_order("vm", ["fifo", "lru", "opt", "clock", "second_chance", "random"])
