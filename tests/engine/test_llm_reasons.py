"""Every LLM iteration says why it costs what it costs (docs/llm.md, "Steps")."""
from __future__ import annotations

import pytest

import kernel_engine as ke
from kernel_engine.i18n import KEYS, render

CHAT = {"count": 12, "interval": 0,
        "prompt_cycle": [16, 48, 112, 304], "output_cycle": [24, 96, 160, 512],
        "output_stride": 3}
SMALL_GPU = {"kv_pool_bytes": 819200 * 1024}   # 1024 token states of a 13B model


def iterations(raw: dict) -> list[dict]:
    return [e for step in ke.iter_steps(raw) for e in step["events"] if e["kind"] == "llm_iteration"]


def test_one_request_prefills_then_decodes_memory_bound():
    # The worked example of docs/llm.md: prefill 100 tokens (17 ticks), then 2 decodes.
    events = iterations({"llm": {"requests": [{"id": "r", "prompt": 100, "output": 3}]}})
    assert [e["reason"] for e in events] == [
        "iteration 1: batch of 1 (1 prefill of 100 tokens), 100 tokens, 17 ticks (memory-bound)",
        "iteration 2: batch of 1 (1 decode), 1 token, 17 ticks (memory-bound)",
        "iteration 3: batch of 1 (1 decode), 1 token, 17 ticks (memory-bound)",
    ]
    first = events[0]
    assert first["reason_key"] == "llm.iteration"
    assert first["reason_args"]["mix"] == {"key": "llm.mix.p", "args": {
        "d": 0, "p": 1, "pt": "100", "s": 0}}
    assert first["reason_args"]["bound"] == {"key": "llm.bound.memory", "args": {}}


def test_a_long_prompt_is_compute_bound_and_a_mixed_batch_names_both_kinds():
    raw = {"llm": {"kv": {"max_seq_len": 4096},
                   "requests": [{"id": "a", "prompt": 40, "output": 4},
                                {"id": "b", "arrival": 10, "prompt": 2000, "output": 2}]}}
    second = iterations(raw)[1]
    # a decodes while b prefills 2,000 tokens: ceil(2 * 13e9 * 2001 / 3.12e11) = 167 ticks.
    assert second["reason"] == ("iteration 2: batch of 2 (1 decode, 1 prefill of 2,000 tokens), "
                                "2,001 tokens, 167 ticks (compute-bound)")


def test_a_static_batch_names_its_padding():
    raw = {"llm": {"batching": {"mode": "request_level"},
                   "requests": [{"id": "a", "prompt": 10, "output": 2},
                                {"id": "b", "prompt": 30, "output": 4}]}}
    reasons = [e["reason"] for e in iterations(raw)]
    assert reasons[0] == ("iteration 1: batch of 2 (2 prefill of 40 tokens), 40 tokens + 20 of "
                          "padding, 17 ticks (memory-bound)")
    # a is done after its second token, and pads the batch until b's fourth.
    assert reasons[2] == ("iteration 3: batch of 2 (1 decode), 1 token + 1 of padding, "
                          "17 ticks (memory-bound)")


def test_swapping_in_names_the_pcie_time():
    raw = {"llm": {"gpu": SMALL_GPU, "generate": CHAT,
                   "scheduling": {"preemption": "swap"}}}
    events = iterations(raw)
    swapped = [e for e in events if any(m[1] == "swap_in" for m in e["batch"])]
    assert swapped, "a 1,024-token pool must swap under this load"
    for e in swapped:
        assert e["reason_args"]["bound"]["key"] in ("llm.bound.memory.swap", "llm.bound.compute.swap")
        assert "swapped in" in e["reason"] and "moving swapped blocks over PCIe" in e["reason"]


@pytest.mark.parametrize("policy", ["contiguous_max", "paged", "paged_shared"])
def test_every_iteration_has_a_reason_that_renders_from_its_key(policy):
    raw = {"llm": {"gpu": SMALL_GPU, "generate": CHAT, "kv": {"policy": policy, "max_seq_len": 1024},
                   "batching": {"chunked_prefill": True, "max_batch_tokens": 128}}}
    events = iterations(raw)
    assert events
    for n, e in enumerate(events, 1):
        assert e["reason"].startswith(f"iteration {n}: batch of {e['seqs']} (")
        assert f", {e['ticks']:,} ticks (" in e["reason"]
        assert render(e["reason_key"], e["reason_args"]) == e["reason"]


def test_the_iteration_templates_are_registered():
    for key in ("llm.iteration", "llm.iteration.padded", "llm.mix.dps", "llm.mix.padding",
                "llm.bound.memory", "llm.bound.compute.swap"):
        assert key in KEYS


def test_a_run_over_its_iteration_bound_stops_with_a_reason_not_a_deadlock():
    raw = {"llm": {"max_iterations": 3, "requests": []},
           "processes": [{"name": "A", "program": [
               {"op": "generate", "prompt": 100, "output": 10, "as": "reply"},
               {"op": "cpu", "ticks": 1}]}]}
    steps = list(ke.iter_steps(raw))
    limits = [e for s in steps for e in s["events"] if e["kind"] == "limit"]
    assert [e["reason"] for e in limits] == [
        "the LLM device reached llm.max_iterations (3) and stopped"]
    assert limits[0]["reason_key"] == "llm.limit"
    res = ke.simulate(raw)
    assert res["status"] == "limit"   # A waits for ever on its reply: stopped, not deadlocked
    assert res["llm"]["iterations"] == 3 and res["llm"]["unfinished"] == ["A#0"]
