"""What an allocation or a free did, as the kernel records it."""
from __future__ import annotations

from typing import NamedTuple


class AllocOutcome(NamedTuple):
    """The result of ``Allocator.alloc(size)`` (immutable; a named tuple, made once per op).

    ``addr`` is the user's pointer (``start + header``) and ``start`` the
    block's first byte; both are ``None`` when no hole holds the request, and
    then ``block`` is 0 and nothing in the allocator changed.  ``block`` is
    the number of bytes cut (the size rounded up to ``align``, plus
    ``header``; for the buddy allocator, that rounded up to a power of two).
    ``searched`` counts the free-list entries examined.  ``reason`` is one
    sentence that names the decision with its numbers.
    """

    addr: int | None
    start: int | None
    block: int
    searched: int
    reason: str

    @property
    def ok(self) -> bool:
        """True when the allocation succeeded."""
        return self.addr is not None


class FreeOutcome(NamedTuple):
    """The result of ``Allocator.free(addr)`` (immutable; a named tuple, made once per op).

    ``start`` and ``block`` describe the block given back; ``merged`` lists
    the free neighbours (buddies, for the buddy allocator) that were merged
    with it, as ``[start, size]`` pairs in the order they were merged (by
    address for the fit policies).
    """

    start: int
    block: int
    merged: list[list[int]]  # no default: a shared empty list could be changed by a caller
    reason: str = ""
