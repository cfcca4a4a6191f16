"""Virtual memory with several threads: OPT knows the run's real future, a segfault kills the process."""
from __future__ import annotations

from kernel_engine import iter_steps, simulate


def two_threads(policy: str, fault_ticks: int = 3, frames: int = 3) -> dict:
    """Process P and its thread T, interleaved access by access by round robin."""
    return {"version": 1, "cpu": {"policy": "rr", "quantum": 1},
            "vm": {"frames": frames, "page_size": 1, "replacement": policy,
                   "fault_ticks": fault_ticks},
            "processes": [{"name": "P", "program": [
                {"op": "spawn", "thread": "T",
                 "program": [{"op": "touch", "pages": [1, 2, 3, 1, 2, 3, 4, 1]}]},
                {"op": "touch", "pages": [5, 1, 6, 2, 5, 1, 3, 6]}]}]}


def textbook_opt(pages: list[int], frames: int) -> tuple[int, list[int | None]]:
    """OPT by the book on a known reference string: (faults, the victim page of each access)."""
    held: list[int] = []
    faults, victims = 0, []
    for i, page in enumerate(pages):
        victim = None
        if page not in held:
            faults += 1
            if len(held) == frames:
                def next_use(p: int) -> tuple[int, int]:
                    later = [j for j in range(i + 1, len(pages)) if pages[j] == p]
                    return (later[0] if later else len(pages), -p)  # never again: lowest page
                victim = max(held, key=next_use)
                held.remove(victim)
            held.append(page)
        victims.append(victim)
    return faults, victims


def test_opt_with_two_threads_evicts_by_the_order_the_threads_really_ran_in() -> None:
    result = simulate(two_threads("opt"))
    accesses = result["vm"]["accesses"]
    string = [a["page"] for a in accesses]
    # The interleaved string is neither thread's program order...
    assert string[:4] == [5, 1, 1, 2]
    # ...and OPT on the run matches OPT by the book on that very string.
    faults, victims = textbook_opt(string, 3)
    assert result["vm"]["faults"] == faults
    assert [a["evicted"]["page"] if a["evicted"] else None for a in accesses] == victims
    assert result["vm"]["opt_future"] == {"rehearsals": 4, "exact": True}


def test_opt_with_threads_faults_no_more_than_the_other_policies_on_the_same_workload() -> None:
    opt = simulate(two_threads("opt"))["vm"]["faults"]
    for policy in ("fifo", "lru", "clock", "second_chance"):
        assert opt <= simulate(two_threads(policy))["vm"]["faults"], policy


def test_when_faults_cost_nothing_one_rehearsal_confirms_the_order() -> None:
    result = simulate(two_threads("opt", fault_ticks=0))
    string = [a["page"] for a in result["vm"]["accesses"]]
    assert result["vm"]["faults"] == textbook_opt(string, 3)[0]
    assert result["vm"]["opt_future"]["exact"] is True


def test_one_thread_needs_no_rehearsal() -> None:
    result = simulate({"version": 1, "vm": {"frames": 3, "page_size": 1, "replacement": "opt"},
                       "processes": [{"name": "P", "program": [{"op": "touch", "pages": [1, 2, 3, 4, 1]}]}]})
    assert "opt_future" not in result["vm"]


def crashing(**cpu) -> dict:
    """P's thread W loops on the CPU, its thread R waits on the disk, its main thread
    touches two pages and then an address outside the 8-bit space; Q computes."""
    return {"version": 1, "cpu": {"policy": "rr", "quantum": 2, **cpu},
            "io": {"cylinders": 200, "seek_time": 5},
            "vm": {"frames": 4, "page_size": 16, "address_bits": 8, "replacement": "lru"},
            "processes": [
                {"name": "P", "program": [
                    {"op": "spawn", "thread": "W", "program": [{"op": "cpu", "ticks": 50}]},
                    {"op": "spawn", "thread": "R", "program": [
                        {"op": "io", "cylinder": 150}, {"op": "cpu", "ticks": 40}]},
                    {"op": "touch", "pages": [1, 2]},
                    {"op": "access", "addr": 300},
                    {"op": "cpu", "ticks": 30}]},
                {"name": "Q", "program": [{"op": "touch", "pages": [3]}, {"op": "cpu", "ticks": 6}]}]}


def test_a_segfault_kills_every_thread_of_the_process_and_frees_its_frames() -> None:
    result = simulate(crashing())
    assert result["status"] == "completed"
    [error] = result["errors"]
    assert error["who"] == "P" and error["addr"] == 300 and error["process"] == "P"
    assert "segmentation fault" in error["message"] and "300" in error["message"]
    assert "W" in error["message"] and "R" in error["message"]
    assert error["frames_freed"] == [0, 2]  # P's pages 1 and 2; Q's page 3 came between
    # Nobody of P runs after the fault: W's 50 ticks and R's 40 are never done.
    crash = error["t"]
    bars_after = [g for g in result["cpu"]["gantt"] if g["who"] in ("P", "W", "R") and g["end"] > crash]
    assert bars_after == []
    assert result["processes"]["P"]["finish"] == crash
    # Q's page is all that is left in memory.
    assert [f for f in result["vm"]["frames"] if f] == [{"who": "Q", "page": 3}]


def test_the_steps_say_who_was_killed_and_why() -> None:
    steps = list(iter_steps(crashing()))
    events = [e for s in steps for e in s["events"]]
    [error] = [e for e in events if e["kind"] == "error"]
    assert error["reason"].startswith("P accesses address 300, outside P's 8-bit address space")
    ends = {e["who"]: e["reason"] for e in events if e["kind"] == "finish"}
    assert ends["W"] == "W is killed: P of the same process caused a segmentation fault"
    assert ends["R"] == "R is killed: P of the same process caused a segmentation fault"


def test_a_segfault_kills_the_process_under_every_ready_queue() -> None:
    for cpu in ({"policy": "fcfs"}, {"policy": "sjf"}, {"policy": "lottery"}, {"policy": "mlfq"},
                {"policy": "priority_rr"}, {"policy": "rr", "cores": 2}):
        result = simulate(crashing(**cpu))
        crash = result["errors"][0]["t"]
        assert not [g for g in result["cpu"]["gantt"]
                    if g["who"] in ("P", "W", "R") and g["end"] > crash], cpu
        assert result["processes"]["Q"]["finish"] is not None, cpu


def test_a_segfault_kills_threads_waiting_for_a_lock_and_in_the_user_thread_library() -> None:
    for model in ("kernel", "user"):
        result = simulate({
            "version": 1, "cpu": {"policy": "rr", "quantum": 2}, "threads": {"model": model, "quantum": 1},
            "vm": {"frames": 4, "page_size": 16, "address_bits": 8},
            "processes": [
                {"name": "P", "program": [
                    {"op": "spawn", "thread": "X", "program": [
                        {"op": "lock", "mutex": "m"}, {"op": "cpu", "ticks": 20}, {"op": "unlock", "mutex": "m"}]},
                    {"op": "spawn", "thread": "Y", "program": [
                        {"op": "lock", "mutex": "m"}, {"op": "cpu", "ticks": 2}, {"op": "unlock", "mutex": "m"}]},
                    {"op": "cpu", "ticks": 3}, {"op": "access", "addr": 999}, {"op": "cpu", "ticks": 5}]},
                {"name": "Q", "program": [{"op": "cpu", "ticks": 4}, {"op": "io", "cylinder": 3},
                                          {"op": "cpu", "ticks": 1}]}]})
        assert result["status"] == "completed", model
        crash = result["errors"][0]["t"]
        assert "(P, X, Y)" in result["errors"][0]["message"], model
        assert not [g for g in result["cpu"]["gantt"] if g["who"] in ("P", "X", "Y") and g["end"] > crash + 1], model
        assert result["processes"]["P"]["finish"] <= crash + 1, model


def test_rehearsals_are_bounded_and_a_run_that_did_not_settle_says_so() -> None:
    from random import Random

    from kernel_engine.vm.rehearsal import MAX_REHEARSALS

    draw = Random(2)
    pages = [[draw.randint(0, 12) for _ in range(800)] for _ in range(2)]
    result = simulate({"version": 1, "cpu": {"policy": "rr", "quantum": 2},
                       "vm": {"frames": 4, "page_size": 1, "replacement": "opt", "fault_ticks": 3,
                              "record": "none"},
                       "processes": [{"name": "P", "program": [
                           {"op": "spawn", "thread": "T", "program": [{"op": "touch", "pages": pages[0]}]},
                           {"op": "touch", "pages": pages[1]}]}]})
    assert result["vm"]["opt_future"] == {"rehearsals": MAX_REHEARSALS, "exact": False}
    assert result["vm"]["hits"] + result["vm"]["faults"] == 1600
