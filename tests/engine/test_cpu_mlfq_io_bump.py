"""MLFQ with ``io_bump``: a job back from I/O goes to the head of its level.

OSTEP's ``mlfq.py -I`` ("move a job to the front of its queue when it
finishes I/O") behaves as the contract says; the first test is worked by
hand with its rules below.
"""
from __future__ import annotations

from kernel_engine import simulate

from .helpers import bars


def io_every_four(name: str, rounds: int) -> dict:
    return {"name": name, "arrival": 0,
            "program": [{"op": "cpu", "ticks": 4}, {"op": "io", "ticks": 2}] * rounds + [{"op": "cpu", "ticks": 4}]}


def one_level(io_bump: bool, *procs: dict) -> dict:
    return simulate({"version": 1, "cpu": {"policy": "mlfq", "mlfq": {
        "quanta": [5], "allotments": [1], "io_bump": io_bump}}, "processes": list(procs)})


def test_a_job_back_from_io_runs_at_once_ahead_of_the_job_running_at_its_level():
    # mlfq.py -n 1 -q 5 -i 2 -I -l 0,12,4:0,8,4, worked by hand with its rules
    # (a running job stays at the head of its queue; -I inserts at the front):
    # A runs 0-4 (1 tick of quantum left) and starts I/O; B runs from 4.  At
    # t=6 A is back at the head, ahead of B, and runs at once; its quantum
    # ends at 7 and it goes to the tail; B goes on with the 3 ticks it kept.
    result = one_level(True, io_every_four("A", 2), io_every_four("B", 1))
    assert bars(result) == [("A", 0, 4), ("B", 4, 6), ("A", 6, 7), ("B", 7, 9), ("A", 9, 11),
                            ("B", 11, 12), ("A", 12, 13), ("B", 13, 15), ("A", 15, 17),
                            ("B", 17, 18), ("A", 18, 20)]


def test_without_io_bump_the_job_back_from_io_waits_at_the_tail():
    result = one_level(False, io_every_four("A", 2), io_every_four("B", 1))
    assert bars(result) == [("A", 0, 4), ("B", 4, 8), ("A", 8, 12), ("B", 12, 16), ("A", 16, 20)]


def test_several_jobs_back_in_one_instant_go_to_the_head_so_the_last_one_runs_first():
    # A starts a 3-tick I/O at t=1, B a 2-tick one at t=2: both end at t=4,
    # A's first (issue order).  Each goes to the head, so B, then A, then C,
    # which was running and keeps the rest of its quantum.
    def job(io_ticks):
        return [{"op": "cpu", "ticks": 1}, {"op": "io", "ticks": io_ticks}, {"op": "cpu", "ticks": 1}]
    result = one_level(True, {"name": "A", "program": job(3)}, {"name": "B", "program": job(2)},
                       {"name": "C", "burst": 6})
    assert bars(result) == [("A", 0, 1), ("B", 1, 2), ("C", 2, 4), ("B", 4, 5), ("A", 5, 6), ("C", 6, 10)]


def test_io_bump_and_requeue_do_not_change_mlfq_without_io():
    procs = [{"name": "A", "burst": 7}, {"name": "B", "burst": 5}]
    base = simulate({"version": 1, "cpu": {"policy": "mlfq"}, "processes": procs})
    other = simulate({"version": 1, "cpu": {"policy": "mlfq", "requeue": "after_arrivals",
                                            "mlfq": {"io_bump": True}}, "processes": procs})
    assert bars(base) == bars(other)
