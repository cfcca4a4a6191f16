"""The disk and the allocator driven by programs, on the kernel's clock."""
from __future__ import annotations

from kernel_engine import simulate

from .helpers import bars

TEXTBOOK_QUEUE = [98, 183, 37, 122, 14, 124, 65, 67]


def test_io_requests_alone_give_the_textbook_sstf_answer():
    result = simulate({"version": 1, "io": {"policy": "sstf", "cylinders": 200, "head": 53},
                       "io_requests": [{"cylinder": c, "arrival": 0} for c in TEXTBOOK_QUEUE]})
    assert result["io"]["total_movement"] == 236
    assert result["io"]["order"] == [6, 7, 2, 4, 0, 3, 5, 1]
    assert result["ticks"] == 236


def test_process_blocks_on_the_disk_until_its_request_is_served():
    result = simulate({"version": 1, "io": {"policy": "fcfs", "head": 50, "seek_time": 2},
                       "processes": [
                           {"name": "A", "program": [{"op": "cpu", "ticks": 2}, {"op": "io", "cylinder": 60},
                                                     {"op": "cpu", "ticks": 1}]},
                           {"name": "B", "burst": 30}]})
    req = result["io"]["requests"][0]
    assert (req["arrival"], req["start"], req["finish"], req["who"]) == (2, 2, 22, "A")
    # B runs while A waits for the disk; FCFS lets B finish before A returns.
    assert bars(result) == [("A", 0, 2), ("B", 2, 32), ("A", 32, 33)]
    assert result["processes"]["A"]["blocked"] == {"io": 20}
    assert result["processes"]["A"]["waiting"] == 10


def test_disk_requests_from_programs_are_indexed_after_io_requests():
    result = simulate({"version": 1, "io": {"policy": "fcfs", "head": 0},
                       "io_requests": [{"cylinder": 10, "arrival": 0}],
                       "processes": [{"name": "A", "program": [{"op": "io", "cylinder": 5}]}]})
    assert result["io"]["order"] == [0, 1]
    assert [r["cylinder"] for r in result["io"]["requests"]] == [10, 5]
    assert result["processes"]["A"]["finish"] == 15


def test_fixed_latency_device_blocks_exactly_n_ticks():
    result = simulate({"version": 1, "processes": [
        {"name": "A", "program": [{"op": "io", "ticks": 7}, {"op": "cpu", "ticks": 1}]}]})
    assert result["processes"]["A"]["finish"] == 8
    assert result["io"]["requests"] == []


def test_textbook_first_fit_placements_through_programs():
    holes = [[0, 100], [200, 500], [800, 200], [1100, 300], [1500, 600]]
    program = [{"op": "alloc", "size": s, "as": f"r{s}"} for s in (212, 417, 112, 426)]
    result = simulate({"version": 1, "memory": {"size": 2100, "policy": "first_fit", "holes": holes},
                       "processes": [{"name": "P", "program": program + [{"op": "cpu", "ticks": 1}]}]})
    allocs = [(o["size"], o["addr"], o["t"]) for o in result["memory"]["ops"] if o["op"] == "alloc"]
    assert allocs == [(212, 200, 0), (417, 1500, 1), (112, 412, 2), (426, None, 3)]
    assert result["memory"]["failed"] == 1


def test_free_of_a_ref_whose_allocation_failed_is_a_failed_op():
    result = simulate({"version": 1, "memory": {"size": 100},
                       "processes": [{"name": "P", "program": [{"op": "alloc", "size": 60, "as": "a"},
                                                               {"op": "alloc", "size": 60, "as": "big"},
                                                               {"op": "free", "ref": "big"}]}]})
    free = result["memory"]["ops"][2]
    assert free["op"] == "free" and free["addr"] is None and "not allocated now" in free["error"]
    assert result["status"] == "completed"


def test_summary_leaves_out_free_list_snapshots_only():
    scenario = {"version": 1, "memory": {"size": 100},
                "processes": [{"name": "P", "program": [{"op": "alloc", "size": 10, "as": "a"}]}]}
    full, summary = simulate(scenario), simulate(scenario, summary=True)
    assert "free_list" in full["memory"]["ops"][0] and "free_list" not in summary["memory"]["ops"][0]
    for op in full["memory"]["ops"]:
        op.pop("free_list")
    assert full == summary


def test_call_value_flows_into_a_later_message():
    result = simulate({"version": 1, "processes": [
        {"name": "M", "program": [
            {"op": "call", "fn": "math.matmul", "args": {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}, "as": "c"},
            {"op": "send", "to": "R", "body": {"$ref": "c"}}]},
        {"name": "R", "program": [{"op": "recv", "as": "m"}]}]})
    assert result["calls"][0]["value"] == [[19, 22], [43, 50]]
    assert result["ipc"]["messages"][0]["body"] == [[19, 22], [43, 50]]


def test_singular_inverse_is_a_clear_error_in_the_result():
    result = simulate({"version": 1, "processes": [
        {"name": "M", "program": [{"op": "call", "fn": "math.inverse", "args": {"a": [[1, 2], [2, 4]]}}]}]})
    assert result["status"] == "completed"
    assert "singular" in result["calls"][0]["error"]
