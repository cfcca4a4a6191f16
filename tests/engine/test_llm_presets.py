"""The LLM presets' lessons, as their descriptions state them (docs/llm.md)."""
from __future__ import annotations

import copy
import json
import statistics

import kernel_engine as ke
from kernel_engine.presets import load

LLM_PRESETS = ["llm-paging", "llm-continuous-batching", "llm-chunked-prefill", "llm-convoy"]


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


def test_llm_presets_fit_the_playground_limits():
    for name in LLM_PRESETS:
        sizes = [len(json.dumps(step)) for step in ke.iter_steps(load(name))]
        assert len(sizes) <= 50_000
        assert max(sizes) <= 512 * 1024
        assert sum(sizes) <= 20 * 1024 * 1024
