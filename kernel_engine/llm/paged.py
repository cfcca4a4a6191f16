"""Paged KV policies (vLLM's PagedAttention): fixed-size blocks on demand.

Each sample of a request has a block table (a list of physical block
numbers); a block holds ``block_size`` token slots.  ``paged_shared`` counts
references: the full blocks of a named prefix are shared by every running
request with that prefix (computed once, by the first request to prefill
them), the ``n`` samples of a request share their prompt blocks, and the
last partial prompt block is copied n − 1 times when the samples first
write into it (copy-on-write).  A block goes back to the free list only at
reference count zero.

Physical block numbers are real and deterministic: a new block (a grown
table's, or a copy-on-write copy) is always the lowest-numbered free one,
so freed blocks are reused lowest number first.  Traced steps show them
(:meth:`Paged.block_view`); summary runs never build that view.
"""
from __future__ import annotations

from typing import Any

from ..i18n import Reason
from ..registry import register
from .kv import NO_BLOCKS, KvPolicy

#: A pool of more blocks than this gets no block tables in its steps (the summary only).
TABLE_MAX_BLOCKS = 4096
#: Nor does a step whose tables would hold more entries than this (samples sharing
#: a block count it once each).
TABLE_MAX_ENTRIES = 4096


@register("llm_kv", "paged")
class Paged(KvPolicy):
    """Blocks of ``block_size`` slots, allocated as a sequence grows."""

    name = "paged"
    title = "Paged (PagedAttention)"
    paged = True
    sharing = False

    def __init__(self, config: dict, kv_per_token: int, pool: int) -> None:
        super().__init__(config, kv_per_token, pool)
        self.bs = config["block_size"]
        self.block_bytes = self.bs * kv_per_token
        self.nblocks = pool // self.block_bytes
        # Plain lists: the device touches single blocks, where numpy's scalars are slow.
        self.ref = [0] * self.nblocks
        #: slots filled in each block, and the most it will hold for its owner (0 when free)
        self.filled = [0] * self.nblocks
        self.limit = [0] * self.nblocks
        # Free blocks, lowest number first (popped from the end).
        self.free_blocks = list(range(self.nblocks - 1, -1, -1))
        self.tables: dict[str, list[list[int]]] = {}
        self.cow_copies = 0
        #: prefix name -> its shared full blocks (paged_shared)
        self.prefix_blocks: dict[str, list[int]] = {}

    # -- the device's interface ---------------------------------------------
    def admit(self, req: Any, slots: int) -> Reason | None:
        self.tables[req.id] = [[] for _ in range(req.n)]
        if self.sharing and req.prefix is not None and req.slots == 0:
            self._share_prefix(req)
        short = self.grow(req, slots)
        if short:
            self.release(req)
            return NO_BLOCKS.say(policy=self.name, who=req.id, n=short + len(self.free_blocks),
                                 free=len(self.free_blocks))
        return None

    def need_blocks(self, req: Any, slots: int) -> int:
        """Blocks ``req`` must add to hold ``slots`` slots per sample."""
        tables = self.tables.get(req.id)
        want = -(-slots // self.bs)
        if tables is None:
            return want * req.n
        return sum(max(0, want - len(t)) for t in tables) + self._copies_due(req, slots)

    def grow(self, req: Any, slots: int) -> int:
        """Allocate what ``slots`` slots per sample need; 0, or the blocks short (nothing done)."""
        need = self.need_blocks(req, slots)
        if need > len(self.free_blocks):
            return need - len(self.free_blocks)
        self._copy_on_write(req, slots)
        want = -(-slots // self.bs)
        final = req.final_len
        for table in self.tables[req.id]:
            start = max(0, len(table) - 1)   # earlier blocks are full already
            while len(table) < want:
                b = self.free_blocks.pop()
                self.ref[b] = 1
                self.limit[b] = min(self.bs, max(0, final - len(table) * self.bs))
                table.append(b)
            for k in range(start, len(table)):
                b = table[k]
                self.filled[b] = max(self.filled[b], min(self.bs, slots - k * self.bs))
        if self.sharing and req.prefix is not None:
            self._publish_prefix(req)
        return 0

    def release(self, req: Any) -> int:
        """Drop every reference of ``req``; the blocks that became free."""
        freed = 0
        seen: list[int] = []
        for table in self.tables.pop(req.id, []):
            for b in table:
                self.ref[b] -= 1
                if self.ref[b] == 0:
                    self.filled[b] = self.limit[b] = 0
                    self.free_blocks.append(b)
                    seen.append(b)
                    freed += 1
        if seen:
            self.free_blocks.sort(reverse=True)
            for name, blocks in list(self.prefix_blocks.items()):
                if self.ref[blocks[0]] == 0:
                    del self.prefix_blocks[name]
        return freed

    def held_bytes(self, req: Any) -> int:
        return sum(len(t) for t in self.tables.get(req.id, [])) * self.block_bytes

    def need(self, req: Any) -> int:
        return self.need_blocks(req, max(req.slots, 1)) * self.block_bytes

    def categories(self, waiting_need: int | None) -> dict[str, int]:
        kvpt = self.kvpt
        used = sum(self.filled)     # free blocks hold 0 in both lists
        limit = sum(self.limit)
        count = self.nblocks - len(self.free_blocks)
        return {"used": used * kvpt, "reserved": (limit - used) * kvpt,
                "internal": (count * self.bs - limit) * kvpt,
                "external": self.pool - self.nblocks * self.block_bytes,
                "free": (self.nblocks - count) * self.block_bytes}

    def summary(self, req: Any) -> list[int]:
        blocks = {b for t in self.tables.get(req.id, []) for b in t}
        return [len(blocks), sum(1 for b in blocks if self.ref[b] > 1)]

    def block_view(self, running: list) -> dict[str, Any] | None:
        """The physical pool for a step, or None above the cap.

        ``{"tables": {id: [block, ...]}, "samples": {id: n}, "refs": [[block, count], ...]}``:
        each running request's block table, physical block numbers in logical
        order (requests in ``running``'s order), the samples of the requests that
        have more than one, and the reference count of every block held more than
        once, by block number (any other block in a table is held once; a block
        in no table is free).  The n samples of a request have tables of one
        length; its entry lists them interleaved, logical block i of sample k at
        index i·n + k (n = 1: the table itself), so a step's patch appends the
        blocks a request grew by instead of resending it.

        None when the pool has more than ``TABLE_MAX_BLOCKS`` blocks, the tables
        more than ``TABLE_MAX_ENTRIES`` entries, or a list would be cut by a
        step's bound (``delta.LIMIT`` entries): a step never carries a partial table.
        """
        from ..kernel.delta import LIMIT  # traced runs only: the kernel is loaded then

        if self.nblocks > TABLE_MAX_BLOCKS:
            return None
        tables: dict[str, list[int]] = {}
        samples: dict[str, int] = {}
        entries = 0
        for req in running:
            held = self.tables.get(req.id)
            if not held:
                continue
            entries += len(held) * len(held[0])
            if entries > TABLE_MAX_ENTRIES or len(held) * len(held[0]) > LIMIT:
                return None
            if len(held) == 1:
                tables[req.id] = list(held[0])   # a copy: the table grows in place
            else:
                if any(len(t) != len(held[0]) for t in held):
                    raise AssertionError(f"the samples of {req.id} hold tables of different lengths")
                tables[req.id] = [b for logical in zip(*held) for b in logical]
                samples[req.id] = len(held)
        # Every held block is in a running request's table (swapped and finished
        # requests hold none); without sharing no block is held twice.
        refs = [[b, count] for b, count in enumerate(self.ref) if count > 1] if self.sharing else []
        if len(tables) > LIMIT or len(refs) > LIMIT:
            return None
        return {"tables": tables, "samples": samples, "refs": refs}

    def table(self) -> list[list]:
        """``[[block, owner, refcount, filled]]`` of every live block, by number."""
        owner: dict[int, str] = {}
        for rid, tables in self.tables.items():
            for t in tables:
                for b in t:
                    owner.setdefault(b, rid)
        return [[b, owner[b], self.ref[b], self.filled[b]] for b in sorted(owner)]

    # -- sharing (paged_shared only) ----------------------------------------
    def _copies_due(self, req: Any, slots: int) -> int:
        return 0

    def _copy_on_write(self, req: Any, slots: int) -> None:
        return None

    def _share_prefix(self, req: Any) -> None:
        return None

    def _publish_prefix(self, req: Any) -> None:
        return None


@register("llm_kv", "paged_shared")
class PagedShared(Paged):
    """Paged with reference counts: shared prefixes, shared samples, copy-on-write."""

    name = "paged_shared"
    title = "Paged, shared blocks (copy-on-write)"
    sharing = True

    def need_blocks(self, req: Any, slots: int) -> int:
        tables = self.tables.get(req.id)
        want = -(-slots // self.bs)
        if tables is None:  # the samples share the prompt's blocks
            return want
        if req.n == 1 or slots <= req.prompt:
            return max(0, want - len(tables[0]))
        return sum(max(0, want - len(t)) for t in tables) + self._copies_due(req, slots)

    def grow(self, req: Any, slots: int) -> int:
        tables = self.tables[req.id]
        if req.n > 1 and slots <= req.prompt:
            # The samples still share the prompt: grow the first table, point the others at it.
            need = max(0, -(-slots // self.bs) - len(tables[0]))
            if need > len(self.free_blocks):
                return need - len(self.free_blocks)
            first = tables[0]
            before = len(first)
            self.tables[req.id] = [first]
            saved_n, req.n = req.n, 1
            try:
                super().grow(req, slots)
            finally:
                req.n = saved_n
                self.tables[req.id] = [first] + [list(first) for _ in range(req.n - 1)]
            for t in self.tables[req.id][1:]:
                for b in t[before:]:
                    self.ref[b] += 1
            self._publish_prefix(req)
            return 0
        if req.n > 1 and req.slots < req.prompt:
            # The prompt's blocks are shared first; the first token then copies the partial one.
            short = self.grow(req, req.prompt)
            if short:
                return short
        return super().grow(req, slots)

    def _copies_due(self, req: Any, slots: int) -> int:
        tables = self.tables.get(req.id)
        if not tables or req.n == 1 or slots <= req.prompt:
            return 0
        last = [t[-1] for t in tables if t]
        # Samples that share their last block with another sample must copy it first.
        return sum(1 for k, b in enumerate(last) if self.ref[b] > 1 and b in last[k + 1:]
                   and self.filled[b] < self.bs)

    def _copy_on_write(self, req: Any, slots: int) -> None:
        tables = self.tables[req.id]
        for k, table in enumerate(tables):
            if not table:
                continue
            b = table[-1]
            if self.ref[b] > 1 and self.filled[b] < self.bs and any(
                    t and t[-1] == b for t in tables[k + 1:]):
                copy = self.free_blocks.pop()
                self.ref[b] -= 1
                self.ref[copy] = 1
                self.filled[copy] = self.filled[b]
                self.limit[copy] = self.limit[b]
                table[-1] = copy
                self.cow_copies += 1

    def _share_prefix(self, req: Any) -> None:
        blocks = self.prefix_blocks.get(req.prefix)
        if not blocks:
            return
        for t in self.tables[req.id]:
            t.extend(blocks)
        for b in blocks:
            self.ref[b] += len(self.tables[req.id])
        req.slots = req.shared_slots = len(blocks) * self.bs

    def _publish_prefix(self, req: Any) -> None:
        if req.prefix in self.prefix_blocks:
            return
        full = min(req.prefix_len, req.slots) // self.bs
        if full == req.prefix_len // self.bs and full > 0:
            self.prefix_blocks[req.prefix] = list(self.tables[req.id][0][:full])
