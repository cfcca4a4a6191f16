"""Steps: deltas plus keyframes rebuild the full state at any step."""
from __future__ import annotations

import json

import pytest

from kernel_engine import iter_steps, presets, simulate
from kernel_engine.kernel import trace as trace_module


def state_at(steps: list[dict], i: int) -> dict:
    """What a player does to seek: last keyframe at or before i, then the deltas."""
    start = max(j for j in range(i + 1) if steps[j]["keyframe"])
    state: dict = {}
    for step in steps[start:i + 1]:
        state.update(step["state"])
    return state


@pytest.mark.parametrize("name", ["llm-os-combined", "rr-q4", "fit-textbook", "dining-philosophers",
                                  "disk-textbook-cscan", "producer-consumer"])
def test_seeking_from_keyframes_gives_the_full_state_of_every_step(name, monkeypatch):
    scenario = presets.load(name)
    steps = list(iter_steps(scenario))
    monkeypatch.setattr(trace_module, "KEYFRAME_EVERY", 1)
    full = list(iter_steps(scenario))
    assert len(full) == len(steps)
    for i in range(len(steps)):
        assert state_at(steps, i) == full[i]["state"], f"step {i}"


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
