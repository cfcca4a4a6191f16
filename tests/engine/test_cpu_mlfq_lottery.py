"""MLFQ (the contract's per-tick rules, as in OSTEP) and lottery scheduling."""
from __future__ import annotations

import json

from kernel_engine import simulate

from .helpers import bars, jobs


def mlfq(processes, **mlfq_cfg):
    cfg = {"quanta": [2, 4, 8], "allotments": [1, 1, 1], "boost": 0}
    cfg.update(mlfq_cfg)
    return simulate({"version": 1, "cpu": {"policy": "mlfq", "mlfq": cfg}, "processes": processes})


def test_mlfq_new_job_preempts_lower_level_and_the_victim_keeps_its_quantum():
    # A drops to level 1 at t=2; B arrives at t=3 on level 0 and preempts it.
    # A keeps 3 of its 4 ticks and is still the head of level 1 when B drops.
    result = mlfq(jobs(10, 3, arrivals=[0, 3], names=["A", "B"]))
    assert bars(result) == [("A", 0, 3), ("B", 3, 5), ("A", 5, 8), ("B", 8, 9), ("A", 9, 13)]


def test_mlfq_boost_moves_every_job_to_the_top_queue():
    procs = jobs(6, 6, names=["A", "B"])
    without = mlfq(procs, quanta=[1, 10], allotments=[1, 1])
    assert bars(without) == [("A", 0, 1), ("B", 1, 2), ("A", 2, 7), ("B", 7, 12)]
    boosted = mlfq(procs, quanta=[1, 10], allotments=[1, 1], boost=4)
    assert bars(boosted) == [("A", 0, 1), ("B", 1, 2), ("A", 2, 5), ("B", 5, 6), ("A", 6, 8), ("B", 8, 12)]
    assert boosted["cpu"]["context_switches"] == 5


def test_mlfq_allotment_keeps_a_job_on_its_level_for_several_quanta():
    # With 2 allotments on level 0, A runs two quanta there before dropping.
    # Its first quantum ends at t=2, the instant B arrives: as in the per-tick
    # model, A is back in its queue before B joins, so A runs again first.
    result = mlfq(jobs(8, 2, arrivals=[0, 2], names=["A", "B"]), quanta=[2, 4], allotments=[2, 1])
    assert bars(result) == [("A", 0, 4), ("B", 4, 6), ("A", 6, 10)]


def test_mlfq_interactive_job_that_never_uses_its_quantum_stays_on_top():
    prog = [{"op": "cpu", "ticks": 1}, {"op": "io", "ticks": 1}] * 3
    procs = [{"name": "Interactive", "arrival": 0, "program": prog},
             {"name": "Batch", "arrival": 0, "burst": 12}]
    result = mlfq(procs, quanta=[2, 4], allotments=[1, 1], io_stay=True)
    # Back from I/O at t=2 it joins level 0 behind Batch, which still has a
    # tick of its level-0 quantum; at t=5 Batch is on level 1 and is preempted.
    runs = [b for b in bars(result) if b[0] == "Interactive"]
    assert runs == [("Interactive", 0, 1), ("Interactive", 3, 4), ("Interactive", 5, 6)]
    assert result["processes"]["Interactive"]["blocked"] == {"io": 3}


def test_lottery_is_reproducible_from_the_seed():
    scenario = {"version": 1, "seed": 7, "cpu": {"policy": "lottery", "quantum": 1},
                "processes": [{"name": "A", "burst": 30, "tickets": 3}, {"name": "B", "burst": 30, "tickets": 1}]}
    first = json.dumps(simulate(scenario))
    assert json.dumps(simulate(scenario)) == first
    other = dict(scenario, seed=8)
    assert json.dumps(simulate(other)) != first


def test_lottery_shares_the_cpu_in_proportion_to_tickets():
    scenario = {"version": 1, "seed": 1, "cpu": {"policy": "lottery", "quantum": 1},
                "processes": [{"name": "A", "burst": 400, "tickets": 3}, {"name": "B", "burst": 400, "tickets": 1}]}
    result = simulate(scenario)
    a_ticks = sum(g["end"] - g["start"] for g in result["cpu"]["gantt"] if g["who"] == "A" and g["end"] <= 200)
    a_ticks += sum(max(0, 200 - g["start"]) for g in result["cpu"]["gantt"]
                   if g["who"] == "A" and g["start"] < 200 < g["end"])
    assert 0.65 <= a_ticks / 200 <= 0.85
