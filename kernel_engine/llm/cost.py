"""The cost of an iteration in ticks (docs/llm.md, "The model").

ticks = max(⌈2 · params · tokens / F⌉, ⌈(params · bytes_per_value + kv_bytes_per_token ·
context) / B⌉) + swap, with F and B the FLOPs and bytes per tick.  Decoding
reads every weight once per iteration whatever the batch: below the knee
(tokens where compute catches up with the weights' reading) extra sequences
are nearly free, which is why batching pays.
"""
from __future__ import annotations

from .config import kv_bytes_per_token


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


class CostModel:
    """Integer tick costs from the model and GPU settings."""

    def __init__(self, config: dict) -> None:
        model, gpu = config["model"], config["gpu"]
        self.params = model["params"]
        self.weights = model["params"] * model["bytes_per_value"]
        self.kvpt = kv_bytes_per_token(model)
        tick_us = gpu["tick_us"]
        # FLOPs, bytes and PCIe bytes per tick, as exact fractions (x / 10^6).
        self.flops_num = gpu["flops_per_s"] * tick_us
        self.bw_num = gpu["mem_bw"] * tick_us
        self.pcie_num = gpu["pcie_bw"] * tick_us

    def compute_ticks(self, tokens: int) -> int:
        return _ceil_div(2 * self.params * tokens * 10**6, self.flops_num)

    def memory_ticks(self, context: int) -> int:
        return _ceil_div((self.weights + self.kvpt * context) * 10**6, self.bw_num)

    def iteration_ticks(self, tokens: int, context: int) -> int:
        """Ticks of an iteration computing ``tokens`` over ``context`` cached + new states."""
        return max(self.compute_ticks(tokens), self.memory_ticks(context))

    def swap_ticks(self, nbytes: int) -> int:
        """Ticks to move ``nbytes`` over PCIe (0 for nothing)."""
        return _ceil_div(nbytes * 10**6, self.pcie_num) if nbytes else 0

    def knee(self) -> int:
        """Tokens per iteration where compute starts to cost more than reading the weights."""
        return self.weights * self.flops_num // (2 * self.params * self.bw_num)
