"""``result.llm``: per-request latencies and the device's totals (docs/llm.md)."""
from __future__ import annotations

from typing import Any

from .device import LlmDevice

KV_KINDS = ("used", "reserved", "internal", "external", "free")


def request_record(req) -> dict[str, Any]:
    done = req.finish is not None
    first = req.first_token
    e2e = req.finish - req.arrival if done else None
    return {
        "arrival": req.arrival, "first_token": first, "finish": req.finish,
        "ttft": first - req.arrival if first is not None else None,
        "tpot": ((req.finish - first) / (req.output - 1) if done and req.output > 1 else
                 (0.0 if done else None)),
        "e2e": e2e, "norm_latency": e2e / req.output if done else None,
        "preemptions": req.preemptions,
    }


def kv_shares(device: LlmDevice) -> dict[str, float]:
    """The pool's time-weighted shares in percent over the first arrival..last finish span."""
    area = device.kv_area
    total = sum(area.values())
    if total == 0:
        return {k: (100.0 if k == "free" else 0.0) for k in KV_KINDS}
    shares = {k: round(100.0 * area[k] / total, 4) for k in KV_KINDS}
    shares["free"] = round(100.0 - sum(shares[k] for k in KV_KINDS[:-1]), 4)
    return shares


def build(device: LlmDevice) -> dict[str, Any]:
    reqs = device.requests
    tokens = sum(r.output * r.n for r in reqs.values() if r.finish is not None)
    span = ((device.last_finish - device.first_arrival)
            if device.last_finish is not None and device.first_arrival is not None else 0)
    kv = device.kv
    return {
        "policy": kv.name,
        "requests": {rid: request_record(r) for rid, r in reqs.items()},
        "throughput": tokens / span if span else 0.0,
        "mean_batch": device.seq_sum / device.iterations if device.iterations else 0.0,
        "max_batch": device.max_batch,
        "iterations": device.iterations,
        "preemptions": device.preemptions,
        "recomputed_tokens": device.recomputed,
        "swap_ticks": device.swap_ticks,
        "cow_copies": getattr(kv, "cow_copies", 0),
        "kv": kv_shares(device),
        "kv_pool_bytes": kv.pool,
        "unfinished": sorted(rid for rid, r in reqs.items() if r.finish is None),
    }
