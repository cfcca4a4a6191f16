"""The LLM presets' lessons, as their descriptions state them (docs/llm.md)."""
from __future__ import annotations

import copy
import json
import statistics

import kernel_engine as ke
from kernel_engine.presets import load

LLM_PRESETS = ["llm-paging", "llm-continuous-batching", "llm-chunked-prefill", "llm-convoy",
               "llm-swap-recompute", "llm-prefix-sharing", "llm-agents", "llm-os-combined"]


def with_llm(name: str, **changes) -> dict:
    scenario = copy.deepcopy(load(name))
    for section, values in changes.items():
        scenario["llm"].setdefault(section, {}).update(values)
    return scenario


def token_share(kv: dict) -> float:
    """Share of the KV memory in use (not free) that holds real token states."""
    return 100 * kv["used"] / (100 - kv["free"])


def test_paging_uses_memory_for_tokens_and_batches_far_more():
    paged = ke.simulate(load("llm-paging"))["llm"]
    reserved = ke.simulate(with_llm("llm-paging", kv={"policy": "contiguous_max"}))["llm"]
    assert 20 <= token_share(reserved["kv"]) <= 38
    assert token_share(paged["kv"]) >= 94
    assert 2 <= paged["throughput"] / reserved["throughput"] <= 4
    assert paged["mean_batch"] >= 3.5 * reserved["mean_batch"]


def test_continuous_batching_cuts_mean_latency_four_times():
    def mean_e2e(s):
        return statistics.mean(r["e2e"] for r in ke.simulate(s)["llm"]["requests"].values())
    continuous = mean_e2e(load("llm-continuous-batching"))
    static = mean_e2e(with_llm("llm-continuous-batching", batching={"mode": "request_level"}))
    assert static >= 4 * continuous


def longest_gap(scenario: dict) -> int:
    """The longest iteration that carried a decode: the longest wait for a next token."""
    return max(e["end"] - e["start"] for step in ke.iter_steps(scenario) for e in step["events"]
               if e["kind"] == "llm_iteration" and any(m[1] == "decode" for m in e["batch"]))


def test_chunked_prefill_shortens_the_longest_gap_between_tokens():
    chunked = longest_gap(load("llm-chunked-prefill"))
    whole = longest_gap(with_llm("llm-chunked-prefill", batching={"chunked_prefill": False,
                                                                 "max_batch_tokens": 2048}))
    assert chunked * 4 <= whole


def test_shortest_remaining_tokens_breaks_the_convoy():
    def short_latency(policy):
        res = ke.simulate(with_llm("llm-convoy", scheduling={"policy": policy}))["llm"]
        return statistics.mean(r["e2e"] for k, r in res["requests"].items() if k.startswith("short"))
    fcfs, srt, rr = (short_latency(p) for p in ("fcfs", "shortest_remaining_tokens", "rr"))
    assert fcfs >= 10 * srt
    assert srt < rr < fcfs


def test_swap_pays_pcie_recompute_pays_tokens_and_big_blocks_waste():
    runs = {}
    for size in (16, 128):
        for how in ("recompute", "swap"):
            runs[size, how] = ke.simulate(with_llm("llm-swap-recompute", kv={"block_size": size},
                                                   scheduling={"preemption": how}))
    for size in (16, 128):
        recompute, swap = runs[size, "recompute"]["llm"], runs[size, "swap"]["llm"]
        assert recompute["preemptions"] > 0 and recompute["recomputed_tokens"] > 0
        assert recompute["swap_ticks"] == 0
        assert swap["swap_ticks"] > 0 and swap["recomputed_tokens"] == 0
        # the recomputed tokens ride under the knee: cheaper than the PCIe round trips here
        assert runs[size, "recompute"]["ticks"] < runs[size, "swap"]["ticks"]
    assert runs[16, "recompute"]["llm"]["throughput"] > runs[128, "recompute"]["llm"]["throughput"]


def test_prefix_sharing_and_parallel_samples_fit_more_sequences():
    shared = ke.simulate(load("llm-prefix-sharing"))["llm"]
    private = ke.simulate(with_llm("llm-prefix-sharing", kv={"policy": "paged"}))["llm"]
    assert private["cow_copies"] == 0
    partial = sum(1 for r in load("llm-prefix-sharing")["llm"]["requests"]
                  if r["n"] > 1 and r["prompt"] % 16)
    assert shared["cow_copies"] >= 3 * partial
    assert shared["mean_batch"] >= 2.5 * private["mean_batch"]
    assert shared["throughput"] >= 1.8 * private["throughput"]


def test_round_robin_cuts_the_agents_wait_for_the_llm():
    def agents_wait(policy):
        res = ke.simulate(with_llm("llm-agents", scheduling={"policy": policy}))
        assert res["status"] == "completed"
        return statistics.mean(res["processes"][f"agent{i}"]["blocked"]["llm"] for i in range(4))
    assert agents_wait("fcfs") >= 3 * agents_wait("rr")


def test_the_combined_preset_has_an_llm_device_on_the_same_clock():
    res = ke.simulate(load("llm-os-combined"))
    assert res["status"] == "completed"
    (rid, request), = res["llm"]["requests"].items()
    assert rid == "model#0" and request["finish"] <= res["processes"]["model"]["finish"]


def test_llm_presets_fit_the_playground_limits():
    for name in LLM_PRESETS:
        sizes = [len(json.dumps(step)) for step in ke.iter_steps(load(name))]
        assert len(sizes) <= 50_000
        assert max(sizes) <= 512 * 1024
        assert sum(sizes) <= 20 * 1024 * 1024
