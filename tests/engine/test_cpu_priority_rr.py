"""Priority scheduling with round robin among equal priorities (``priority_rr``)."""
from __future__ import annotations

from .helpers import bars, jobs, run_cpu, waits


def test_silberschatz_priority_with_round_robin():
    # Silberschatz, Operating System Concepts (10th ed.), section 5.3.4:
    # P1..P5, bursts 4, 5, 8, 7, 3, priorities 3, 2, 2, 1, 3, quantum 2.
    # P4 runs alone at priority 1; P2 and P3 alternate; when P2 ends at 16,
    # P3's quanta are renewed without a switch; then P1 and P5 alternate.
    result = run_cpu("priority_rr", jobs(4, 5, 8, 7, 3, priorities=[3, 2, 2, 1, 3]), quantum=2)
    assert bars(result) == [("P4", 0, 7), ("P2", 7, 9), ("P3", 9, 11), ("P2", 11, 13),
                            ("P3", 13, 15), ("P2", 15, 16), ("P3", 16, 20), ("P1", 20, 22),
                            ("P5", 22, 24), ("P1", 24, 26), ("P5", 26, 27)]
    assert waits(result) == {"P1": 22, "P2": 11, "P3": 12, "P4": 0, "P5": 24}


def test_renewed_quanta_cost_no_context_switch():
    # P4's 7 ticks are 4 quanta of 2 with no one of its priority ready, and
    # P3's last 4 ticks 2 quanta: 11 bars, so 10 switches, none for a renewal.
    result = run_cpu("priority_rr", jobs(4, 5, 8, 7, 3, priorities=[3, 2, 2, 1, 3]), quantum=2)
    assert len(bars(result)) == 11
    assert result["cpu"]["context_switches"] == 10


def test_a_preempted_process_returns_to_the_head_of_its_queue_with_the_rest_of_its_quantum():
    # A and B share priority 2 (quantum 3); C (priority 1) arrives at t=1 and
    # preempts A, which has 2 ticks of its quantum left.  A then runs 3-5
    # ahead of B, not a fresh quantum of 3.
    procs = jobs(5, 5, 2, arrivals=[0, 0, 1], priorities=[2, 2, 1], names=["A", "B", "C"])
    result = run_cpu("priority_rr", procs, quantum=3)
    assert bars(result) == [("A", 0, 1), ("C", 1, 3), ("A", 3, 5), ("B", 5, 8), ("A", 8, 10), ("B", 10, 12)]


def test_an_equal_priority_arrival_does_not_preempt():
    procs = jobs(4, 2, arrivals=[0, 1], priorities=[1, 1], names=["A", "B"])
    result = run_cpu("priority_rr", procs, quantum=3)
    assert bars(result) == [("A", 0, 3), ("B", 3, 5), ("A", 5, 6)]
