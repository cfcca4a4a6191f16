"""The LLM device: cost model, KV accounting, batch limits, sharing (docs/llm.md)."""
from __future__ import annotations

import json

import pytest

import kernel_engine as ke
from kernel_engine.llm.device import LlmDevice
from kernel_engine.scenario import validate

CHAT = {"count": 40, "interval": 0,
        "prompt_cycle": [16, 32, 48, 80, 112, 160, 208, 256, 304, 394],
        "output_cycle": [24, 48, 96, 160, 256, 320, 400, 512, 760, 804], "output_stride": 3}
SMALL_GPU = {"kv_pool_bytes": 819200 * 4096}   # 4096 token states of a 13B model


def scenario(**llm) -> dict:
    return {"llm": {"gpu": SMALL_GPU, "generate": CHAT, **llm}}


def run_device(raw: dict) -> tuple[LlmDevice, list[dict]]:
    """Drive the device alone, checking invariants at every iteration."""
    config = validate(raw)["llm"]
    events: list[dict] = []
    device = LlmDevice(config, lambda kind, **f: events.append({"kind": kind, **f}))
    for spec in config["requests"]:
        device.add(spec, spec["arrival"])
    t = 0
    while device.has_work:
        end = device.start(t)
        assert end is not None
        yield_check(device, config)
        device.end(end)
        t = end
    return device, events


def yield_check(device: LlmDevice, config: dict) -> None:
    kv = device.kv_now
    assert sum(kv.values()) == config["gpu"]["kv_pool_bytes"]
    assert all(v >= 0 for v in kv.values())
    it = device.current
    assert it.seqs <= config["batching"]["max_batch_seqs"]
    assert it.tokens <= config["batching"]["max_batch_tokens"] or len(it.members) == 1
    if device.kv.paged:
        seqs = sum(r.n for r in device.running)
        # unfilled slots: less than one block per sequence
        assert _partial_waste(device) < max(1, seqs) * device.kv.bs
        live = {b for tables in device.kv.tables.values() for t in tables for b in t}
        for b in live:
            holders = sum(t.count(b) for tables in device.kv.tables.values() for t in tables)
            assert device.kv.ref[b] == holders
        assert not (set(device.kv.free_blocks) & live)


def _partial_waste(device: LlmDevice) -> int:
    kv = device.kv
    return sum(kv.bs - int(kv.filled[t[-1]]) for tables in kv.tables.values() for t in tables if t)


def test_cost_model_on_a_hand_computed_iteration():
    # 13B at 2 bytes: weights 26e9 B; B = 1.555e9 B/tick, F = 3.12e11 FLOP/tick.
    # One request, prompt 100: prefill computes 100 tokens over 101 slots:
    # compute ceil(2*13e9*100/3.12e11) = ceil(8.33) = 9; memory ceil((26e9 + 819200*101)/1.555e9)
    # = ceil(16.77) = 17 -> 17 ticks.  Then 2 decodes of 17 ticks: first token at 17, finish at 51.
    raw = {"llm": {"requests": [{"id": "r", "prompt": 100, "output": 3}]}}
    res = ke.simulate(raw)["llm"]
    assert res["requests"]["r"] == {"arrival": 0, "first_token": 17, "finish": 51, "ttft": 17,
                                    "tpot": 17.0, "e2e": 51, "norm_latency": 17.0,
                                    "preemptions": 0}
    assert res["iterations"] == 3
    # A prefill of 2048 tokens is compute-bound: ceil(2*13e9*2048/3.12e11) = 171 ticks.
    big = {"llm": {"requests": [{"id": "r", "prompt": 2000, "output": 1}],
                   "kv": {"max_seq_len": 2048}}}
    assert ke.simulate(big)["llm"]["requests"]["r"]["finish"] == -(-2 * 13 * 10**9 * 2000 // (312 * 10**9))


@pytest.mark.parametrize("policy", ["contiguous_max", "contiguous_pow2", "contiguous_exact",
                                    "paged", "paged_shared"])
@pytest.mark.parametrize("preemption", ["recompute", "swap"])
def test_kv_categories_sum_to_the_pool_and_limits_hold(policy, preemption):
    raw = scenario(kv={"policy": policy, "allocator": "buddy" if policy == "contiguous_pow2" else "first_fit"},
                   scheduling={"preemption": preemption},
                   batching={"max_batch_seqs": 12, "max_batch_tokens": 1024})
    device, _ = run_device(raw)
    assert all(r.finish is not None for r in device.requests.values())
    res = ke.simulate(raw)["llm"]
    assert sum(res["kv"].values()) == pytest.approx(100.0)
    assert res["max_batch"] <= 12


def test_paged_waste_is_below_one_block_per_sequence():
    raw = scenario(kv={"policy": "paged", "block_size": 32})
    config = validate(raw)["llm"]
    device = LlmDevice(config, lambda *a, **k: None)
    for spec in config["requests"]:
        device.add(spec, 0)
    t = 0
    while device.has_work:
        end = device.start(t)
        seqs = sum(r.n for r in device.running)
        assert _partial_waste(device) < max(1, seqs) * device.kv.bs
        wasted = device.kv_now["internal"] + device.kv_now["reserved"]
        assert wasted < max(1, seqs) * device.kv.block_bytes
        device.end(end)
        t = end


def test_blocks_are_freed_only_at_reference_count_zero():
    raw = {"llm": {"kv": {"policy": "paged_shared", "block_size": 16}, "prefixes": {"sys": 64},
                   "requests": [{"id": f"r{i}", "arrival": 20 * i, "prompt": 100, "output": 40 + i,
                                 "prefix": "sys"} for i in range(6)]}}
    device, _ = run_device(raw)
    # all six shared the prefix's four full blocks while they overlapped
    assert device.kv.categories(None)["free"] == device.kv.nblocks * device.kv.block_bytes


@pytest.mark.parametrize("prompt,copies", [(100, 3), (96, 0)])
def test_copy_on_write_copies_n_minus_one_per_partial_prompt(prompt, copies):
    raw = {"llm": {"kv": {"policy": "paged_shared", "block_size": 16},
                   "requests": [{"id": "a", "prompt": prompt, "output": 20, "n": 4},
                                {"id": "b", "prompt": 50, "output": 5, "n": 1}]}}
    res = ke.simulate(raw)["llm"]
    assert res["cow_copies"] == copies
    device, _ = run_device(raw)
    assert device.kv.cow_copies == copies


def test_runs_are_byte_identical_twice():
    raw = scenario(kv={"policy": "paged_shared"}, scheduling={"policy": "rr", "quantum_tokens": 16})
    one = json.dumps(list(ke.iter_steps(raw)), sort_keys=True)
    two = json.dumps(list(ke.iter_steps(raw)), sort_keys=True)
    assert one == two
    assert ke.simulate(raw) == ke.simulate(raw)


def test_an_llm_only_scenario_is_valid_and_bad_fields_say_why():
    assert validate({"llm": {"requests": [{"id": "r", "prompt": 5, "output": 5}]}})["processes"] == []
    with pytest.raises(ke.ScenarioError) as err:
        validate({"llm": {"kv": {"policy": "pages"}, "requests": [
            {"id": "r", "prompt": 5000, "output": 5}]}})
    text = str(err.value)
    assert "llm.kv.policy" in text and "max_seq_len" in text
    with pytest.raises(ke.ScenarioError, match="needs an \"llm\" section"):
        validate({"processes": [{"name": "A", "program": [{"op": "generate", "prompt": 4,
                                                            "output": 4}]}]})


def test_a_generate_op_blocks_its_thread_until_the_last_token():
    raw = {"llm": {"requests": []},
           "processes": [{"name": "A", "program": [{"op": "cpu", "ticks": 2},
                                                   {"op": "generate", "prompt": 100, "output": 3,
                                                    "as": "reply"},
                                                   {"op": "cpu", "ticks": 1}]}]}
    res = ke.simulate(raw)
    assert res["llm"]["requests"]["A#0"]["arrival"] == 2
    assert res["llm"]["requests"]["A#0"]["finish"] == 2 + 51
    assert res["processes"]["A"]["finish"] == 2 + 51 + 1
    assert res["processes"]["A"]["blocked"] == {"llm": 51}


def test_max_iterations_stops_the_device_with_a_reason():
    raw = scenario(max_iterations=10)
    res = ke.simulate(raw)
    assert res["status"] == "limit" and res["llm"]["iterations"] == 10


@pytest.mark.parametrize("raw,message", [
    ({"llm": 5}, "llm: must be an object, got 5"),
    ({"llm": {"requests": [{"id": "a", "prompt": 3}]}}, "llm.requests[0].output: missing"),
    ({"llm": {"gpu": {"kv_pool_bytes": 1000}, "requests": [{"id": "a", "prompt": 3, "output": 2}]}},
     "llm.requests[0]: needs 13,107,200 bytes of KV cache at most"),
    ({"llm": {"requests": [{"id": "a", "prompt": 3, "output": 2, "n": 99}]}},
     "llm.requests[0].n: must be at most 16, got 99"),
    ({"llm": {"prefixes": {"sys": 10}, "requests": [{"id": "a", "prompt": 5, "output": 2,
                                                    "prefix": "sys"}]}},
     "llm.requests[0].prompt: must count the prefix's 10 tokens too, got 5"),
    ({"llm": {"generate": {"count": 3, "prompt_cycle": [0], "output_cycle": [4]}}},
     "llm.generate.prompt_cycle[0]: must be a positive integer, got 0"),
    ({"llm": {"max_iterations": 10**9, "requests": [{"id": "a", "prompt": 3, "output": 2}]}},
     "llm.max_iterations: must be at most 200,000 (the engine's limit)"),
])
def test_a_bad_llm_section_is_refused_with_its_path(raw, message):
    with pytest.raises(ke.ScenarioError) as err:
        validate(raw)
    assert any(str(p).startswith(message) for p in err.value.problems), err.value.problems


def test_a_generate_op_that_could_never_fit_is_refused():
    with pytest.raises(ke.ScenarioError, match="processes\\[0\\].program\\[0\\]: needs"):
        validate({"llm": {"gpu": {"kv_pool_bytes": 10**6}},
                  "processes": [{"name": "A", "program": [{"op": "generate", "prompt": 4,
                                                            "output": 4}]}]})


@pytest.mark.parametrize("batching", [{"mode": "request_level", "max_batch_seqs": 8},
                                      {"chunked_prefill": True, "max_batch_tokens": 128},
                                      {"max_batch_seqs": 6, "max_batch_tokens": 512}])
@pytest.mark.parametrize("policy", ["fcfs", "shortest_remaining_tokens", "rr"])
def test_every_batching_and_scheduling_keeps_the_invariants(batching, policy):
    raw = scenario(kv={"policy": "paged_shared"}, batching=batching,
                   scheduling={"policy": policy, "quantum_tokens": 16, "preemption": "swap"})
    device, events = run_device(raw)
    assert all(r.finish is not None and r.generated == r.output for r in device.requests.values())
    assert device.swapped_bytes == 0
    assert device.kv.categories(None)["free"] == device.kv.nblocks * device.kv.block_bytes
    preempts = [e for e in events if e["kind"] == "llm_preempt"]
    assert all(e["reason"].key in ("llm.preempt", "llm.rr.rotate") for e in preempts)


def test_each_iteration_is_a_step_with_the_pool_split():
    raw = scenario(kv={"policy": "contiguous_max"})
    pool = SMALL_GPU["kv_pool_bytes"]
    iterations = 0
    for step in ke.iter_steps(raw):
        iterations += sum(e["kind"] == "llm_iteration" for e in step["events"])
        if "llm" in step["state"]:
            assert sum(step["state"]["llm"]["kv"].values()) == pool
    assert iterations == ke.simulate(raw)["llm"]["iterations"]
    waits = [e for step in ke.iter_steps(raw) for e in step["events"] if e["kind"] == "llm_wait"]
    assert waits[0]["reason"] == "contiguous_max: g2 waits, no hole of 1.6 GB"
