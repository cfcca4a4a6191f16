"""CPU scheduling against published textbook answers (Silberschatz, OSTEP)."""
from __future__ import annotations

import pytest

from .helpers import bars, jobs, run_cpu, waits


def test_fcfs_convoy_effect_average_wait_is_17():
    result = run_cpu("fcfs", jobs(24, 3, 3))
    assert waits(result) == {"P1": 0, "P2": 24, "P3": 27}
    assert result["averages"]["waiting"] == 17.0
    assert bars(result) == [("P1", 0, 24), ("P2", 24, 27), ("P3", 27, 30)]


def test_fcfs_short_jobs_first_average_wait_is_3():
    result = run_cpu("fcfs", jobs(3, 3, 24, names=["P2", "P3", "P1"]))
    assert result["averages"]["waiting"] == 3.0


def test_sjf_runs_shortest_burst_first_average_wait_is_7():
    result = run_cpu("sjf", jobs(6, 8, 7, 3))
    assert waits(result) == {"P1": 3, "P2": 16, "P3": 9, "P4": 0}
    assert result["averages"]["waiting"] == 7.0


def test_srtf_textbook_average_wait_is_6_5():
    result = run_cpu("srt", jobs(8, 4, 9, 5, arrivals=[0, 1, 2, 3]))
    assert waits(result) == {"P1": 9, "P2": 0, "P3": 15, "P4": 2}
    assert result["averages"]["waiting"] == 6.5
    assert bars(result) == [("P1", 0, 1), ("P2", 1, 5), ("P4", 5, 10), ("P1", 10, 17), ("P3", 17, 26)]


def test_srt_preempts_on_strictly_shorter_job():
    # P2 arrives with 3 left while P1 has 4 left: strictly shorter, so it preempts.
    result = run_cpu("srt", jobs(5, 3, arrivals=[0, 1]))
    assert bars(result) == [("P1", 0, 1), ("P2", 1, 4), ("P1", 4, 8)]


def test_srt_does_not_preempt_on_equal_remaining_time():
    # At t=1 P1 has 4 left and P2 needs 4: equal, so P1 keeps the CPU.
    result = run_cpu("srt", jobs(5, 4, arrivals=[0, 1]))
    assert bars(result) == [("P1", 0, 5), ("P2", 5, 9)]


def test_rr_quantum_4_average_wait_is_17_over_3():
    result = run_cpu("rr", jobs(24, 3, 3), quantum=4)
    assert waits(result) == {"P1": 6, "P2": 4, "P3": 7}
    assert result["averages"]["waiting"] == pytest.approx(17 / 3, abs=0)
    assert bars(result) == [("P1", 0, 4), ("P2", 4, 7), ("P3", 7, 10), ("P1", 10, 30)]


def test_rr_job_not_longer_than_quantum_finishes_in_its_slice():
    result = run_cpu("rr", jobs(2, 2), quantum=2)
    assert bars(result) == [("P1", 0, 2), ("P2", 2, 4)]
    assert result["cpu"]["context_switches"] == 1


def test_rr_q1_three_five_tick_jobs_make_14_context_switches():
    result = run_cpu("rr", jobs(5, 5, 5), quantum=1)
    assert result["cpu"]["context_switches"] == 14
    assert len(result["cpu"]["gantt"]) == 15


def test_nonpreemptive_priority_average_wait_is_8_2():
    result = run_cpu("priority", jobs(10, 1, 2, 1, 5, priorities=[3, 1, 4, 5, 2]))
    assert waits(result) == {"P1": 6, "P2": 0, "P3": 16, "P4": 18, "P5": 1}
    assert result["averages"]["waiting"] == pytest.approx(8.2, abs=1e-12)


def test_preemptive_priority_takes_the_cpu_at_arrival():
    result = run_cpu("priority_preemptive", jobs(4, 2, arrivals=[0, 1], priorities=[2, 1]))
    assert bars(result) == [("P1", 0, 1), ("P2", 1, 3), ("P1", 3, 6)]


def test_nonpreemptive_priority_waits_for_the_running_job():
    result = run_cpu("priority", jobs(4, 2, arrivals=[0, 1], priorities=[2, 1]))
    assert bars(result) == [("P1", 0, 4), ("P2", 4, 6)]


def test_arrival_enters_ready_queue_before_expired_process_by_default():
    # P1's quantum expires at t=2 exactly when P3 arrives: P3 queues first.
    procs = jobs(4, 2, 2, arrivals=[0, 0, 2])
    after = run_cpu("rr", procs, quantum=2)
    assert bars(after) == [("P1", 0, 2), ("P2", 2, 4), ("P3", 4, 6), ("P1", 6, 8)]
    procs = jobs(4, 1, 2, arrivals=[0, 1, 2])
    after = run_cpu("rr", procs, quantum=2)
    assert bars(after)[:3] == [("P1", 0, 2), ("P2", 2, 3), ("P3", 3, 5)]
    before = run_cpu("rr", procs, quantum=2, requeue="before_arrivals")
    assert bars(before)[:3] == [("P1", 0, 2), ("P2", 2, 3), ("P1", 3, 5)]


def test_ties_go_to_earlier_arrival_then_list_position():
    # P2 arrived earlier than P1 but is listed later; both have burst 3 when P0 ends.
    procs = [{"name": "P0", "arrival": 0, "burst": 5},
             {"name": "P1", "arrival": 2, "burst": 3},
             {"name": "P2", "arrival": 1, "burst": 3}]
    by_arrival = run_cpu("sjf", procs)
    assert [b[0] for b in bars(by_arrival)] == ["P0", "P2", "P1"]
    by_index = run_cpu("sjf", procs, tie_break="index")
    assert [b[0] for b in bars(by_index)] == ["P0", "P1", "P2"]


def test_idle_cpu_jumps_to_next_arrival():
    result = run_cpu("fcfs", jobs(2, 3, arrivals=[0, 10]))
    assert bars(result) == [("P1", 0, 2), ("P2", 10, 13)]
    assert result["cpu"]["utilization"] == 5 / 13
    assert result["ticks"] == 13


def test_context_switch_cost_delays_the_next_thread_and_counts_as_waiting():
    result = run_cpu("fcfs", jobs(3, 3), context_switch=1)
    assert bars(result) == [("P1", 0, 3), ("P2", 4, 7)]
    assert result["processes"]["P2"]["waiting"] == 4
    assert result["cpu"]["context_switches"] == 1
    assert result["cpu"]["switch_ticks"] == 1


def test_two_cores_share_one_ready_queue():
    result = run_cpu("fcfs", jobs(4, 3, 2), cores=2)
    assert sorted((g["core"], g["who"], g["start"], g["end"]) for g in result["cpu"]["gantt"]) == [
        (0, "P1", 0, 4), (1, "P2", 0, 3), (1, "P3", 3, 5)]
    assert result["ticks"] == 5
    assert result["cpu"]["utilization"] == 9 / 10


def test_response_is_first_dispatch_minus_arrival():
    result = run_cpu("rr", jobs(3, 3, 3), quantum=1)
    assert [p["response"] for p in result["processes"].values()] == [0, 1, 2]
