"""Arrivals in the loop: read in arrival order, and instants of arrivals only.

The kernel walks the processes by arrival time instead of popping arrival
events from its heap, and runs instants in which only processes arrive
(every core busy, FCFS) one after the other without the checks that cannot
act.  These tests pin what a student sees through that path: every arrival
still has its own step, ties keep list order, an arrival at the tick a job
ends joins the queue before the next dispatch, and a summary run, a traced
run and a run with more cores agree with the textbook.
"""
from __future__ import annotations

from kernel_engine import simulate

from .helpers import bars, jobs, run_cpu, waits


def _scenario(policy: str, processes: list[dict], **cpu) -> dict:
    return {"version": 1, "cpu": {"policy": policy, **cpu}, "processes": processes}


def test_each_arrival_while_the_core_is_busy_has_its_own_step() -> None:
    # P1 runs 0-10; P2..P5 arrive at 1..4 and only join the queue.
    scenario = _scenario("fcfs", jobs(10, 2, 2, 2, 2, arrivals=[0, 1, 2, 3, 4]))
    traced = simulate(scenario, trace=True)
    arrivals = {step["t"]: [e["who"] for e in step["events"] if e["kind"] == "arrive"]
                for step in traced["steps"]}
    assert {t: who for t, who in arrivals.items() if who} == {
        0: ["P1"], 1: ["P2"], 2: ["P3"], 3: ["P4"], 4: ["P5"]}
    assert bars(traced) == [("P1", 0, 10), ("P2", 10, 12), ("P3", 12, 14), ("P4", 14, 16), ("P5", 16, 18)]
    assert waits(traced) == {"P1": 0, "P2": 9, "P3": 10, "P4": 11, "P5": 12}


def test_processes_arriving_together_keep_their_list_order() -> None:
    # Listed out of arrival order: Y arrives first; X and Z tie at 5 and keep list order.
    processes = [{"name": "X", "arrival": 5, "burst": 1}, {"name": "Y", "arrival": 2, "burst": 4},
                 {"name": "Z", "arrival": 5, "burst": 1}, {"name": "W", "arrival": 5, "burst": 1}]
    result = run_cpu("fcfs", processes)
    assert bars(result) == [("Y", 2, 6), ("X", 6, 7), ("Z", 7, 8), ("W", 8, 9)]
    assert list(result["processes"]) == ["X", "Y", "Z", "W"]  # the result keeps list order


def test_an_arrival_at_the_tick_a_job_ends_is_ready_before_the_next_dispatch() -> None:
    # P1 ends at 4, when P3 (burst 1) arrives; P2 (burst 3) has waited since 1.
    # SJF sees both and picks the shorter: P3 arrived in the same instant.
    result = run_cpu("sjf", jobs(4, 3, 1, arrivals=[0, 1, 4]))
    assert bars(result) == [("P1", 0, 4), ("P3", 4, 5), ("P2", 5, 8)]


def test_srt_preempts_on_arrival_while_others_only_queue() -> None:
    # P1 (8) runs; P2 (9) and P3 (7) arrive and only queue; P4 (2) preempts at 3.
    result = run_cpu("srt", jobs(8, 9, 7, 2, arrivals=[0, 1, 2, 3]))
    assert bars(result) == [("P1", 0, 3), ("P4", 3, 5), ("P1", 5, 10), ("P3", 10, 17), ("P2", 17, 26)]


def test_round_robin_expiries_and_arrivals_keep_the_textbook_order() -> None:
    # Quantum 2: P1's quantum ends at 2 when P2 arrives; P2 queues first (after_arrivals).
    result = run_cpu("rr", jobs(5, 3, arrivals=[0, 2]), quantum=2)
    assert bars(result) == [("P1", 0, 2), ("P2", 2, 4), ("P1", 4, 6), ("P2", 6, 7), ("P1", 7, 8)]


def test_a_summary_run_and_a_traced_run_give_the_same_result() -> None:
    processes = [{"name": f"P{i}", "arrival": (i * 7) % 23, "burst": 1 + (i * 5) % 9,
                  "priority": i % 4} for i in range(40)]
    for policy in ("fcfs", "sjf", "srt", "rr", "priority", "priority_preemptive"):
        for cores in (1, 2, 3):
            scenario = _scenario(policy, processes, quantum=3, cores=cores, context_switch=cores - 1)
            traced = simulate(scenario, trace=True)
            traced.pop("steps")
            assert simulate(scenario, summary=True) == traced == simulate(scenario), (policy, cores)


def test_the_run_stops_at_max_ticks_between_arrivals() -> None:
    scenario = _scenario("fcfs", jobs(50, 1, 1, arrivals=[0, 10, 30]))
    scenario["limits"] = {"max_ticks": 20}
    result = simulate(scenario)
    assert result["status"] == "limit" and result["ticks"] == 20
    assert result["processes"]["P3"]["start"] is None  # it never arrived
    assert "P3" not in result["threads"]
