"""KV-cache policies: where each request's key/value states live on the GPU.

A policy is registered as ``("llm_kv", name)``.  The device asks it to
``admit`` a request (reserve what admission needs), to ``grow`` a running
request to a number of slots per sample (the paged policies allocate blocks
on demand; the contiguous ones reserved everything at admission), and to
``release`` it.  ``categories`` splits the pool into the contract's five
kinds of bytes (used, reserved, internal, external, free), which always sum
to the pool.  Units: slots are token states, one sample each.
"""
from __future__ import annotations

from typing import Any

from ..i18n import Reason, define, gettext_noop
from ..memory import make_allocator
from ..registry import register

NO_HOLE = define("llm.kv.no_hole", gettext_noop("{policy}: {who} waits, no hole of {size}"))
NO_BLOCKS = define("llm.kv.no_blocks", gettext_noop(
    "{policy}: {who} waits, needs {n} blocks, {free} free"))


def show_bytes(n: int) -> str:
    """A size for sentences, in binary units with one decimal: 1.6 GB."""
    for unit, k in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= k:
            return f"{n / k:.1f} {unit}"
    return f"{n} B"


class KvPolicy:
    """What every KV policy shares: the pool, the bytes of one token state."""

    name = ""
    paged = False

    def __init__(self, config: dict, kv_per_token: int, pool: int) -> None:
        self.config = config
        self.kvpt = kv_per_token
        self.pool = pool

    def slots_for(self, req: Any) -> int:
        """Token slots per sample a contiguous region reserves (contiguous policies)."""
        raise NotImplementedError

    def summary(self, req: Any) -> list[int]:
        """``[blocks, shared]`` held by ``req`` (contiguous: one region, never shared)."""
        raise NotImplementedError


class Contiguous(KvPolicy):
    """One region per request, cut by the kernel's allocator at admission."""

    def __init__(self, config: dict, kv_per_token: int, pool: int) -> None:
        super().__init__(config, kv_per_token, pool)
        self.allocator = make_allocator({"size": pool, "policy": config["allocator"]})
        self.regions: dict[str, tuple[int, int, int, Any]] = {}  # id -> (addr, asked, block, req)

    def region_bytes(self, req: Any) -> int:
        return self.slots_for(req) * req.n * self.kvpt

    def admit(self, req: Any, slots: int) -> Reason | None:
        asked = self.region_bytes(req)
        out = self.allocator.alloc(asked)
        if out.addr is None:
            return NO_HOLE.say(policy=self.name, who=req.id, size=show_bytes(asked))
        self.regions[req.id] = (out.addr, asked, out.block, req)
        return None

    def need(self, req: Any) -> int:
        return self.region_bytes(req)

    def grow(self, req: Any, slots: int) -> int:
        return 0  # the region holds the final length already

    def release(self, req: Any) -> int:
        """Free the request's region; the bytes it held."""
        addr, asked, block, _ = self.regions.pop(req.id)
        self.allocator.free(addr)
        return asked

    def held_bytes(self, req: Any) -> int:
        return self.regions[req.id][1] if req.id in self.regions else 0

    def categories(self, waiting_need: int | None) -> dict[str, int]:
        kvpt = self.kvpt
        used = reserved = internal = external = 0
        for _, asked, block, req in self.regions.values():
            held = req.slots * req.n * kvpt
            final = req.final_len * req.n * kvpt
            used += held
            reserved += final - held
            internal += asked - final
            external += block - asked   # the allocator's rounding
        free = 0
        for _, size in self.allocator.free_list():
            if waiting_need is not None and size < waiting_need:
                external += size
            else:
                free += size
        return {"used": used, "reserved": reserved, "internal": internal,
                "external": external, "free": free}

    def summary(self, req: Any) -> list[int]:
        return [1, 0] if req.id in self.regions else [0, 0]

    def table(self) -> list[list]:
        """``[[start, bytes, owner]]`` of every region, by address."""
        return sorted([addr, block, req.id] for addr, _, block, req in self.regions.values())


@register("llm_kv", "contiguous_max")
class ContiguousMax(Contiguous):
    """Reserve ``max_seq_len`` slots at admission, as servers before paging did."""

    name = "contiguous_max"
    title = "Contiguous, maximum length"

    def slots_for(self, req: Any) -> int:
        return self.config["max_seq_len"]


@register("llm_kv", "contiguous_pow2")
class ContiguousPow2(Contiguous):
    """Reserve prompt + output rounded up to a power of two."""

    name = "contiguous_pow2"
    title = "Contiguous, power of two"

    def slots_for(self, req: Any) -> int:
        return 1 << (req.final_len - 1).bit_length()


@register("llm_kv", "contiguous_exact")
class ContiguousExact(Contiguous):
    """Reserve exactly prompt + output (an oracle: a server cannot know the output length)."""

    name = "contiguous_exact"
    title = "Contiguous, exact length (oracle)"

    def slots_for(self, req: Any) -> int:
        return req.final_len
