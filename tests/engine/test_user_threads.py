"""User-level threads: a blocking system call blocks every thread of the process."""
from __future__ import annotations

from kernel_engine import simulate

from .helpers import bars


def workload(model: str) -> dict:
    program = [{"op": "spawn", "thread": "Reader", "program": [{"op": "io", "ticks": 5}, {"op": "cpu", "ticks": 1}]},
               {"op": "spawn", "thread": "Worker", "program": [{"op": "cpu", "ticks": 3}]},
               {"op": "join", "thread": "Reader"}, {"op": "join", "thread": "Worker"}]
    return {"version": 1, "cpu": {"policy": "fcfs"}, "threads": {"model": model, "quantum": 1},
            "processes": [{"name": "App", "program": program}, {"name": "Other", "burst": 1}]}


def test_kernel_threads_run_while_a_sibling_waits_for_io():
    result = simulate(workload("kernel"))
    assert bars(result) == [("Other", 0, 1), ("Worker", 1, 4), ("Reader", 6, 7)]
    assert result["processes"]["App"]["finish"] == 7


def test_user_thread_blocking_call_blocks_the_whole_process():
    result = simulate(workload("user"))
    # Reader's I/O blocks App's only kernel thread: Worker is runnable but
    # cannot run, so after Other the CPU idles until the I/O completes at t=5.
    assert bars(result) == [("Other", 0, 1), ("Reader", 5, 6), ("Worker", 6, 9)]
    assert result["threads"]["Worker"]["start"] == 6
    assert result["processes"]["App"]["finish"] == 9


def test_user_threads_round_robin_inside_their_process_without_kernel_switches():
    program = [{"op": "spawn", "thread": "A", "program": [{"op": "cpu", "ticks": 2}]},
               {"op": "spawn", "thread": "B", "program": [{"op": "cpu", "ticks": 2}]}]
    result = simulate({"version": 1, "cpu": {"policy": "fcfs"}, "threads": {"model": "user", "quantum": 1},
                       "processes": [{"name": "P", "program": program}]})
    assert bars(result) == [("A", 0, 1), ("B", 1, 2), ("A", 2, 3), ("B", 3, 4)]
    assert result["cpu"]["context_switches"] == 0


def test_user_level_mutex_wait_lets_a_sibling_run():
    crit = [{"op": "lock", "mutex": "m"}, {"op": "cpu", "ticks": 2}, {"op": "unlock", "mutex": "m"}]
    program = [{"op": "spawn", "thread": "T1", "program": crit},
               {"op": "spawn", "thread": "T2", "program": crit},
               {"op": "spawn", "thread": "T3", "program": [{"op": "cpu", "ticks": 1}]}]
    result = simulate({"version": 1, "threads": {"model": "user", "quantum": 1},
                       "processes": [{"name": "P", "program": program}]})
    assert result["status"] == "completed"
    # T2 waits for m inside the library, so T3 runs instead of the CPU idling.
    assert bars(result) == [("T1", 0, 1), ("T3", 1, 2), ("T1", 2, 3), ("T2", 3, 5)]
