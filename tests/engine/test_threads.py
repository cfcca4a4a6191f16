"""Threads: spawn and join, FIFO mutexes, counting semaphores, deadlock detection."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kernel_engine import simulate

from .helpers import bars


def critical(mutex: str, ticks: int) -> list[dict]:
    return [{"op": "lock", "mutex": mutex}, {"op": "cpu", "ticks": ticks}, {"op": "unlock", "mutex": mutex}]


def philosophers(n: int, ordered: bool) -> dict:
    threads = []
    for i in range(n):
        left, right = f"fork{i}", f"fork{(i + 1) % n}"
        if ordered and i == n - 1:
            left, right = right, left  # the last one picks up the lower-numbered fork first
        # Each thinks for 2 ticks holding its first fork: with a 1-tick quantum
        # everyone picks up a fork before anyone reaches for the second.
        program = [{"op": "lock", "mutex": left}, {"op": "cpu", "ticks": 2},
                   {"op": "lock", "mutex": right}, {"op": "cpu", "ticks": 2},
                   {"op": "unlock", "mutex": right}, {"op": "unlock", "mutex": left}]
        threads.append({"op": "spawn", "thread": f"Phil{i}", "program": program})
    joins = [{"op": "join", "thread": f"Phil{i}"} for i in range(n)]
    return {"version": 1, "cpu": {"policy": "rr", "quantum": 1},
            "processes": [{"name": "table", "program": threads + joins}]}


def test_three_threads_round_robin_with_one_mutex():
    program = [{"op": "spawn", "thread": "T1", "program": critical("m", 2)},
               {"op": "spawn", "thread": "T2", "program": critical("m", 2)},
               {"op": "spawn", "thread": "T3", "program": [{"op": "cpu", "ticks": 3}]},
               {"op": "join", "thread": "T1"}, {"op": "join", "thread": "T2"}, {"op": "join", "thread": "T3"}]
    result = simulate({"version": 1, "cpu": {"policy": "rr", "quantum": 1},
                       "processes": [{"name": "main", "program": program}]})
    # T2 finds m held by T1 at t=1 and waits; T1 hands m over at t=3.
    assert bars(result) == [("T1", 0, 1), ("T3", 1, 2), ("T1", 2, 3), ("T3", 3, 4),
                            ("T2", 4, 5), ("T3", 5, 6), ("T2", 6, 7)]
    assert result["threads"]["T2"]["blocked"] == 2
    assert result["processes"]["main"]["finish"] == 7


def test_mutex_is_handed_to_waiters_in_fifo_order():
    program = [{"op": "spawn", "thread": f"T{i}", "program": critical("m", 1)} for i in range(1, 4)]
    result = simulate({"version": 1, "cpu": {"policy": "rr", "quantum": 1, "cores": 3},
                       "processes": [{"name": "main", "program": program}]}, trace=True)
    holders = [e["who"] for s in result["steps"] for e in s["events"] if e["kind"] == "lock"]
    assert holders == ["T1", "T2", "T3"]


def test_unlocking_a_mutex_you_do_not_hold_is_a_runtime_error():
    result = simulate({"version": 1, "processes": [
        {"name": "P", "program": [{"op": "unlock", "mutex": "m"}, {"op": "cpu", "ticks": 1}]}]})
    assert result["status"] == "completed"
    assert result["errors"] == [{"t": 0, "who": "P", "op": "unlock",
                                 "message": "P cannot unlock mutex m: nobody holds it",
                                 "message_key": "threads.unlock.nobody",
                                 "message_args": {"who": "P", "mutex": "m"}}]


def test_semaphore_counts_permits_and_blocks_at_zero():
    worker = [{"op": "sem_wait", "sem": "slots"}, {"op": "cpu", "ticks": 2}, {"op": "sem_signal", "sem": "slots"}]
    program = [{"op": "spawn", "thread": f"W{i}", "program": worker} for i in range(3)]
    result = simulate({"version": 1, "cpu": {"policy": "fcfs", "cores": 3}, "semaphores": {"slots": 2},
                       "processes": [{"name": "pool", "program": program}]})
    finishes = sorted(t["finish"] for name, t in result["threads"].items() if name.startswith("W"))
    assert finishes == [2, 2, 4]


def test_producer_consumer_with_semaphores():
    producer = [op for i in range(3) for op in (
        {"op": "sem_wait", "sem": "empty"}, {"op": "cpu", "ticks": 1}, {"op": "sem_signal", "sem": "full"})]
    consumer = [op for i in range(3) for op in (
        {"op": "sem_wait", "sem": "full"}, {"op": "cpu", "ticks": 2}, {"op": "sem_signal", "sem": "empty"})]
    result = simulate({"version": 1, "cpu": {"policy": "rr", "quantum": 1}, "semaphores": {"empty": 1, "full": 0},
                       "processes": [{"name": "Producer", "program": producer},
                                     {"name": "Consumer", "program": consumer}]})
    assert result["status"] == "completed"
    assert result["processes"]["Consumer"]["finish"] == 9


def test_dining_philosophers_deadlock_is_detected_with_its_cycle():
    result = simulate(philosophers(5, ordered=False))
    assert result["status"] == "deadlock"
    cycle = result["deadlock"]["cycle"]
    assert sorted(cycle) == [f"Phil{i}" for i in range(5)]
    waits = result["deadlock"]["waits"]
    for i in range(5):
        assert waits[f"Phil{i}"] == f"mutex:fork{(i + 1) % 5}"


def test_dining_philosophers_with_ordered_forks_finish():
    result = simulate(philosophers(5, ordered=True))
    assert result["status"] == "completed"
    assert result["deadlock"] is None


def test_two_threads_locking_in_opposite_order_deadlock():
    a = [{"op": "lock", "mutex": "m1"}, {"op": "cpu", "ticks": 2}, {"op": "lock", "mutex": "m2"}]
    b = [{"op": "lock", "mutex": "m2"}, {"op": "cpu", "ticks": 2}, {"op": "lock", "mutex": "m1"}]
    result = simulate({"version": 1, "cpu": {"policy": "rr", "quantum": 1}, "processes": [
        {"name": "main", "program": [{"op": "spawn", "thread": "T1", "program": a},
                                     {"op": "spawn", "thread": "T2", "program": b}]}]})
    assert result["deadlock"]["cycle"] == ["T1", "T2"]
    assert result["deadlock"]["waits"] == {"T1": "mutex:m2", "T2": "mutex:m1"}


def test_threads_share_their_process_allocations():
    program = [{"op": "alloc", "size": 100, "as": "buf"},
               {"op": "spawn", "thread": "Freer", "program": [{"op": "free", "ref": "buf"}]},
               {"op": "join", "thread": "Freer"}]
    result = simulate({"version": 1, "memory": {"size": 1000}, "processes": [{"name": "P", "program": program}]})
    ops = [(o["who"], o["op"], o.get("error")) for o in result["memory"]["ops"]]
    assert ops == [("P", "alloc", None), ("Freer", "free", None)]


def test_live_blocks_are_freed_implicitly_when_the_process_ends():
    result = simulate({"version": 1, "memory": {"size": 1000},
                       "processes": [{"name": "P", "program": [{"op": "alloc", "size": 100, "as": "leak"}]}]})
    last = result["memory"]["ops"][-1]
    assert (last["op"], last["implicit"], last["t"]) == ("free", True, 1)
    assert result["memory"]["free_list"] == [[0, 1000]]


@st.composite
def locking_workloads(draw):
    n = draw(st.integers(2, 5))
    threads = []
    for i in range(n):
        program = []
        for _ in range(draw(st.integers(1, 3))):
            program += [{"op": "cpu", "ticks": draw(st.integers(1, 3))}]
            program += critical(draw(st.sampled_from(["a", "b"])), draw(st.integers(1, 3)))
        threads.append({"op": "spawn", "thread": f"T{i}", "program": program})
    cpu = {"policy": draw(st.sampled_from(["rr", "fcfs", "srt", "mlfq"])), "quantum": draw(st.integers(1, 3)),
           "cores": draw(st.integers(1, 3))}
    return {"version": 1, "cpu": cpu, "processes": [{"name": "main", "program": threads}]}


@settings(max_examples=80, deadline=None)
@given(locking_workloads())
def test_a_mutex_never_has_two_holders_at_any_tick(scenario):
    result = simulate(scenario, trace=True)
    assert result["status"] == "completed"
    holder: dict[str, str | None] = {"a": None, "b": None}
    for step in result["steps"]:
        for e in step["events"]:
            if e["kind"] == "unlock":
                assert holder[e["mutex"]] == e["who"]
                holder[e["mutex"]] = None
            elif e["kind"] == "lock":
                assert holder[e["mutex"]] is None
                holder[e["mutex"]] = e["who"]
    # And each critical section's CPU ticks run while the thread holds the lock:
    # no two threads inside the same mutex overlap on the Gantt chart.
    assert holder == {"a": None, "b": None}
