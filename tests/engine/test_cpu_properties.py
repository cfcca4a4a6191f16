"""Invariants that hold for every CPU policy on any CPU-only workload."""
from __future__ import annotations

import json
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from kernel_engine import registry, simulate

#: Every registered policy: a new one is checked here without being named.
POLICIES = registry.names("cpu")


@st.composite
def cpu_workloads(draw):
    n = draw(st.integers(1, 7))
    processes = [{"name": f"P{i}", "arrival": draw(st.integers(0, 15)), "burst": draw(st.integers(1, 9)),
                  "priority": draw(st.integers(0, 4)), "tickets": draw(st.integers(1, 5))} for i in range(n)]
    cpu = {"policy": draw(st.sampled_from(POLICIES)), "quantum": draw(st.integers(1, 4)),
           "cores": draw(st.integers(1, 3)), "context_switch": draw(st.integers(0, 2)),
           "tie_break": draw(st.sampled_from(["arrival", "index"])),
           "requeue": draw(st.sampled_from(["after_arrivals", "before_arrivals"])),
           "mlfq": {"quanta": [1, 2, 4], "allotments": [1, 2, 1], "boost": draw(st.sampled_from([0, 5, 11])),
                    "io_stay": False, "io_bump": False}}
    return {"version": 1, "seed": draw(st.integers(0, 1000)), "cpu": cpu, "processes": processes}


@settings(max_examples=150, deadline=None)
@given(cpu_workloads())
def test_every_process_runs_exactly_its_burst_on_one_core_at_a_time(scenario):
    result = simulate(scenario)
    assert result["status"] == "completed"
    ran = defaultdict(int)
    by_core = defaultdict(list)
    by_who = defaultdict(list)
    for seg in result["cpu"]["gantt"]:
        assert seg["end"] > seg["start"]
        ran[seg["who"]] += seg["end"] - seg["start"]
        by_core[seg["core"]].append((seg["start"], seg["end"]))
        by_who[seg["who"]].append((seg["start"], seg["end"]))
    for spans in list(by_core.values()) + list(by_who.values()):
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert end <= start, "a core ran two threads, or a thread ran on two cores, at once"
    for p in scenario["processes"]:
        got = result["processes"][p["name"]]
        assert ran[p["name"]] == p["burst"]
        assert got["waiting"] == got["turnaround"] - p["burst"]
        assert got["start"] >= p["arrival"]
        assert got["response"] >= 0


@settings(max_examples=60, deadline=None)
@given(cpu_workloads())
def test_running_a_scenario_twice_gives_identical_json(scenario):
    assert json.dumps(simulate(scenario)) == json.dumps(simulate(scenario))


@settings(max_examples=60, deadline=None)
@given(cpu_workloads())
def test_steps_end_with_the_same_gantt_as_the_result(scenario):
    traced = simulate(scenario, trace=True)
    segments = [{k: e[k] for k in ("core", "who", "start", "end")}
                for step in traced["steps"] for e in step["events"] if e["kind"] == "segment"]
    key = lambda s: (s["start"], s["core"])  # noqa: E731
    assert sorted(segments, key=key) == traced["cpu"]["gantt"]
    plain = simulate(scenario)
    traced.pop("steps")
    assert traced == plain
