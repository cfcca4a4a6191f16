"""Steps: deltas plus keyframes rebuild the full state at any step."""
from __future__ import annotations

import json

import pytest

from kernel_engine import iter_steps, presets, simulate
from kernel_engine.kernel import trace as trace_module
from kernel_engine.kernel.delta import apply_step


def state_at(steps: list[dict], i: int) -> dict:
    """What a player does to seek: last keyframe at or before i, then the deltas."""
    start = max(j for j in range(i + 1) if steps[j]["keyframe"])
    state: dict = {}
    for step in steps[start:i + 1]:
        state = apply_step(state, step)
    return state


def crowded_round_robin(count: int, cores: int, burst: int) -> dict:
    return {"version": 1, "cpu": {"policy": "rr", "quantum": 1, "cores": cores},
            "processes": [{"name": f"P{n}", "burst": burst} for n in range(count)]}


def assert_every_step_rebuilds(scenario: dict, monkeypatch) -> list[dict]:
    steps = list(iter_steps(scenario))
    monkeypatch.setattr(trace_module, "KEYFRAME_EVERY", 1)
    full = list(iter_steps(scenario))
    assert len(full) == len(steps)
    for i in range(len(steps)):
        # Same keys and values, entries in the same order: a player lists them as it gets them.
        rebuilt = {key: json.dumps(value) for key, value in state_at(steps, i).items()}
        assert rebuilt == {key: json.dumps(value) for key, value in full[i]["state"].items()}, f"step {i}"
    return steps


@pytest.mark.parametrize("name", ["llm-os-combined", "llm-prefix-sharing", "llm-chunked-prefill",
                                  "rr-q4", "fit-textbook", "dining-philosophers",
                                  "disk-textbook-cscan", "producer-consumer", "mlfq-three-levels",
                                  "request-reply", "buddy-1mb", "pub-sub", "threads-rr-mutex",
                                  "vm-clock", "vm-tlb-loop", "vm-thrashing", "bankers-classic"])
def test_seeking_from_keyframes_gives_the_full_state_of_every_step(name, monkeypatch):
    assert_every_step_rebuilds(presets.load(name), monkeypatch)


def test_a_crowded_queue_is_bounded_and_still_rebuilds(monkeypatch):
    steps = assert_every_step_rebuilds(crowded_round_robin(230, 2, 3), monkeypatch)
    ready = steps[0]["state"]["ready"]
    assert len(ready) == 201 and ready[-1] == {"more": 28}
    assert ready[:2] == ["P2", "P3"]


def test_a_round_robin_step_carries_the_rotation_not_the_queue():
    steps = list(iter_steps(crowded_round_robin(40, 2, 20)))
    rotations = [s["patch"]["ready"] for s in steps if not s["keyframe"] and "ready" in s.get("patch", {})]
    assert rotations and {"drop": 2, "append": ["P0", "P1"]} in rotations
    assert all("ready" not in s["state"] for s in steps[1:40] if not s["keyframe"])


def test_steps_are_numbered_and_in_time_order():
    steps = list(iter_steps(presets.load("llm-os-combined")))
    assert [s["i"] for s in steps] == list(range(len(steps)))
    assert all(a["t"] <= b["t"] for a, b in zip(steps, steps[1:]))
    assert steps[0]["keyframe"] and steps[32 % len(steps)]["keyframe"] if len(steps) > 32 else steps[0]["keyframe"]


def test_every_decision_carries_a_reason():
    result = simulate(presets.load("llm-os-combined"), trace=True)
    decisions = {"dispatch", "preempt", "expire", "block", "wake", "alloc", "free", "disk"}
    for step in result["steps"]:
        for event in step["events"]:
            if event["kind"] in decisions:
                assert isinstance(event.get("reason"), str) and event["reason"], event


def test_srt_preemption_reason_names_both_remaining_times():
    result = simulate({"version": 1, "cpu": {"policy": "srt"},
                       "processes": [{"name": "P1", "burst": 8}, {"name": "P2", "arrival": 1, "burst": 4}]},
                      trace=True)
    reasons = [e["reason"] for s in result["steps"] for e in s["events"] if e["kind"] == "preempt"]
    assert reasons == ["SRT: P2 preempts P1: 4 ticks left < 7"]


def test_the_same_scenario_gives_the_same_bytes_with_trace():
    scenario = presets.load("llm-os-combined")
    a = json.dumps(simulate(scenario, trace=True), sort_keys=False)
    assert json.dumps(simulate(scenario, trace=True), sort_keys=False) == a


def test_run_that_reaches_max_ticks_stops_with_status_limit():
    result = simulate({"version": 1, "limits": {"max_ticks": 10},
                       "processes": [{"name": "A", "burst": 100}]})
    assert (result["status"], result["ticks"]) == ("limit", 10)
    assert result["processes"]["A"]["finish"] is None
    assert result["cpu"]["gantt"] == [{"core": 0, "who": "A", "start": 0, "end": 10}]
