"""The part every allocator shares: live blocks, sizing, and the numbers shown.

An allocator hands out *blocks*: ``[start, block)`` ranges of the heap.  The
user's pointer is ``start + header``; the header bytes belong to the block.
This base keeps the live blocks, ``used`` and ``peak``, and computes
``fragmentation``; subclasses own the free space (a free list of holes, or
the buddy system's power-of-two blocks).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_left, insort
from typing import ClassVar

from ..i18n import define, gettext_noop
from .config import MemoryConfig
from .outcomes import AllocOutcome, FreeOutcome


ROUNDED = define("memory.size.rounded", gettext_noop("{n} bytes rounded up to a multiple of {align}"))
ROUNDED_HEADER = define("memory.size.rounded_header", gettext_noop(
    "{n} bytes rounded up to a multiple of {align}, plus {header} bytes of header"))
WITH_HEADER = define("memory.size.header", gettext_noop("{n} bytes, plus {header} bytes of header"))
TOO_LARGE = define("memory.alloc.too_large", gettext_noop(
    "no block of {need} bytes can ever be free here: the largest possible block is {n} bytes"))

class Allocator(ABC):
    """A memory allocator over the heap ``base .. base + size``.

    Contract (docs/memory.md, CONTRACT.md "Memory"):

    - ``alloc(size)`` never raises for a request that does not fit: it
      returns an ``AllocOutcome`` with ``addr`` None and changes nothing.  It
      raises ValueError only for a size that is not a positive integer.
    - ``free(addr)`` takes a user pointer returned by ``alloc``; it raises
      ValueError when no live block has that pointer (the kernel checks refs
      first, so this is an invariant violation, not a user error).
    - ``used`` is the bytes in live blocks (headers and rounding included),
      ``peak`` the most ``used`` has ever been.
    - No structure grows with the heap's size, only with the number of
      holes and blocks, so heaps of 2**40 bytes are fine.
    """

    # Shown in the web app's policy menu (``registry.describe``); in lower
    # case it starts each allocation's reason ("first fit: the hole at ...").
    title: ClassVar[str] = ""
    #: The free-list orders it supports (``memory.order``), None for all of
    #: them; checked once, by the memory section's reader.
    orders: ClassVar[tuple[str, ...] | None] = None
    #: The memory settings it reads besides size and base (``registry.describe``).
    settings: ClassVar[tuple[str, ...]] = ("order", "coalesce", "header", "align")

    def __init__(self, config: MemoryConfig) -> None:
        self.config = config
        self.used = 0
        self.peak = 0
        # start -> block size of every live block, and the starts in address
        # order (kept sorted with bisect, so ``blocks()`` never sorts).
        self._live: dict[int, int] = {}
        self._live_starts: list[int] = []
        #: The largest block this memory can ever give (its largest hole when
        #: all is free); subclasses set it once their free space is built.
        self.capacity = 0

    # -- what subclasses provide -------------------------------------------

    @abstractmethod
    def alloc(self, size: int) -> AllocOutcome:
        """Allocate ``size`` bytes (see the class docstring)."""

    @abstractmethod
    def free(self, addr: int) -> FreeOutcome:
        """Give back the block whose user pointer is ``addr``."""

    @abstractmethod
    def free_list(self) -> list[list[int]]:
        """The free space as ``[[start, size], ...]`` in the free list's order."""

    @abstractmethod
    def largest_free(self) -> int:
        """The size of the largest hole (0 when nothing is free)."""

    @abstractmethod
    def total_free(self) -> int:
        """The number of free bytes."""

    # -- shared ------------------------------------------------------------

    def blocks(self) -> list[list[int]]:
        """Live blocks as ``[[start, block_size, user_addr], ...]`` by address."""
        header = self.config.header
        return [[s, self._live[s], s + header] for s in self._live_starts]

    def fragmentation(self) -> float:
        """External fragmentation: ``1 - largest free / total free``.

        Computed exactly as that formula (not ``(total - largest) / total``,
        which can differ in the last bit), and 0.0 when nothing is free.
        """
        total = self.total_free()
        if total == 0:
            return 0.0
        return 1 - self.largest_free() / total

    def block_size(self, size: int) -> int:
        """Bytes a request of ``size`` needs: ``size`` rounded up to ``align``, plus ``header``.

        Raises ValueError for anything but a positive integer.
        """
        if type(size) is not int and (isinstance(size, bool) or not isinstance(size, int)) or size < 1:
            raise ValueError(f"an allocation must ask for a positive whole number "
                             f"of bytes, got {size!r}")
        align = self.config.align
        return -(-size // align) * align + self.config.header

    def sizing(self, size: int, need: int) -> str:
        """How ``size`` became ``need`` bytes, as a clause ("" when it did not change)."""
        if need == size:
            return ""
        align, header = self.config.align, self.config.header
        if need - header != size:
            text = ROUNDED_HEADER if header else ROUNDED
        else:
            text = WITH_HEADER
        return text.say(n=size, align=align, header=header) if header else text.say(n=size, align=align)

    def too_large(self, need: int, block: int | None = None) -> str | None:
        """The reason a request of ``need`` bytes (sized) fails, if it exceeds the memory, else None.

        A request larger than the memory is valid (``malloc`` returns NULL):
        it fails at run time with this sentence, which names the largest
        block the memory can ever give, not as a validation error.
        ``block`` is what the allocator would cut (buddy: a power of two).
        """
        if need <= self.config.size:
            return None
        return TOO_LARGE.say(need=need if block is None else block, n=self.capacity)

    def _take(self, start: int, block: int) -> int:
        """Record a new live block; return the user's pointer."""
        self._live[start] = block
        insort(self._live_starts, start)
        used = self.used = self.used + block
        if used > self.peak:
            self.peak = used
        return start + self.config.header

    def _give_back(self, addr: int) -> tuple[int, int]:
        """Forget the live block with user pointer ``addr``; return ``(start, block)``."""
        is_int = type(addr) is int or isinstance(addr, int) and not isinstance(addr, bool)
        start = addr - self.config.header if is_int else None
        if start is None or start not in self._live:
            raise ValueError(f"cannot free address {addr!r}: no live block has that "
                             f"user pointer")
        block = self._live.pop(start)
        del self._live_starts[bisect_left(self._live_starts, start)]
        self.used -= block
        return start, block
