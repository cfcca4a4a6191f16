"""The disk over time: arrivals during service, idle heads, ties, corner cases.

Disk of 200 cylinders (0-199), seek_time 1 unless stated.  Each test gives
the services by hand as ``cylinder: movement [start, finish]``.
"""
from __future__ import annotations

import pytest

from kernel_engine.disk import DiskError, make_disk, run_requests, serve
from kernel_engine.errors import ScenarioError
from kernel_engine.registry import names


def requests(*pairs: tuple[int, int]) -> list[dict[str, int]]:
    """``(cylinder, arrival)`` pairs as request objects."""
    return [{"cylinder": c, "arrival": a} for c, a in pairs]


def times(result: dict) -> list[tuple[int, int]]:
    return [(r["start"], r["finish"]) for r in result["requests"]]


def test_sstf_considers_a_request_that_arrives_during_a_seek_at_the_next_decision():
    # t=0: pending 98, 150; 98 is closer to 53.  53->98: 45 [0,45]
    # t=10: 60 arrives; it is closer, but the seek to 98 is not preempted.
    # t=45: 60 is 38 away, 150 is 52 away.  98->60: 38 [45,83]
    # 60->150: 90 [83,173]; total 45 + 38 + 90 = 173
    result = run_requests({"policy": "sstf", "head": 53},
                          requests((98, 0), (60, 10), (150, 0)))
    assert result["order"] == [0, 1, 2]
    assert result["total_movement"] == 173
    assert times(result) == [(0, 45), (45, 83), (83, 173)]


def test_a_request_arriving_at_the_decision_tick_is_already_pending():
    # FCFS: 53->98: 45 [0,45].  Request 1 arrives at 45, the tick the disk
    # becomes idle: it is pending before that decision.  98->20: 78 [45,123]
    result = run_requests({"policy": "fcfs", "head": 53}, requests((98, 0), (20, 45)))
    assert times(result) == [(0, 45), (45, 123)]


def test_an_idle_scan_head_stays_where_it_is_instead_of_sweeping_to_the_edge():
    # 53->98: 45 [0,45]; nothing pending, the head rests at 98 until t=100.
    # t=100: 98->120: 22 [100,122] (not 98->199->... : no sweep while idle)
    result = run_requests({"policy": "scan", "head": 53, "direction": "up"},
                          requests((98, 0), (120, 100)))
    assert result["total_movement"] == 45 + 22
    assert times(result) == [(0, 45), (100, 122)]


def test_scan_with_nothing_ahead_after_idling_still_sweeps_to_the_edge():
    # 53->120: 67 [0,67]; idle at 120, direction still up.
    # t=200: 40 arrives; nothing at or above 120, so SCAN goes on to 199 and
    # turns: 120->199->40 = 79 + 159 = 238 [200,438]
    _, services = serve({"policy": "scan", "head": 53, "direction": "up"},
                        requests((120, 0), (40, 200)))
    last = services[1]
    assert (last.start, last.finish, last.movement, last.path) == (200, 438, 238, (120, 199, 40))


def test_look_with_nothing_ahead_after_idling_turns_at_the_head():
    # As above, but LOOK turns at 120: 120->40 = 80 [200,280]
    disk, services = serve({"policy": "look", "head": 53, "direction": "up"},
                           requests((120, 0), (40, 200)))
    assert (services[1].start, services[1].finish, services[1].path) == (200, 280, (120, 40))
    assert (disk.head, disk.direction) == (40, "down")


def test_scan_misses_a_request_arriving_behind_the_head_on_its_way_to_the_edge():
    # t=0: 150->180: 30 [0,30].  t=30: nothing at or above 180, so the head
    # goes 180->199->100: 19 + 99 = 118 [30,148].  At t=40 a request for 190
    # arrives; the head passes 190 on its way to 199, but the service was
    # decided at t=30: 190 waits for the next decision.
    # t=148: head at 100 moving down, nothing at or below: 100->0->190:
    # 100 + 190 = 290 [148,438].  Total 30 + 118 + 290 = 438
    result = run_requests({"policy": "scan", "head": 150, "direction": "up"},
                          requests((180, 0), (100, 0), (190, 40)))
    assert result["order"] == [0, 1, 2]
    assert result["total_movement"] == 438
    assert times(result) == [(0, 30), (30, 148), (148, 438)]


def test_sstf_tie_goes_to_the_earlier_request():
    # Head at 50: 60 and 40 are both 10 away; request 0 (60) goes first.
    # 50->60: 10 [0,10]  60->40: 20 [10,30]
    result = run_requests({"policy": "sstf", "head": 50}, requests((60, 0), (40, 0)))
    assert result["order"] == [0, 1]
    assert times(result) == [(0, 10), (10, 30)]
    # Listed the other way round, 40 is now the earlier request.
    flipped = run_requests({"policy": "sstf", "head": 50}, requests((40, 0), (60, 0)))
    assert flipped["order"] == [0, 1]
    assert [r["cylinder"] for r in flipped["requests"]] == [40, 60]


def test_sstf_tie_reason_names_both_cylinders():
    _, services = serve({"policy": "sstf", "head": 50}, requests((60, 0), (40, 0)))
    assert services[0].reason == ("SSTF: cylinders 60 and 40 are both 10 cylinders from the "
                                  "head at 50; the earlier request (0) goes first, to 60")


def test_two_requests_on_one_cylinder_go_in_index_order_for_every_policy():
    for policy in names("io"):
        # Head at 100, moving down: 90 (1), then 80 twice (0 before 2).
        result = run_requests({"policy": policy, "head": 100, "direction": "down"},
                              requests((80, 0), (90, 0), (80, 0)))
        assert result["order"].index(0) < result["order"].index(2), policy


def test_a_request_at_the_head_finishes_at_its_start():
    # FCFS, head at 53: 53->53: 0 [0,0], then 53->98: 45 [0,45]
    result = run_requests({"policy": "fcfs", "head": 53}, requests((53, 0), (98, 0)))
    assert times(result) == [(0, 0), (0, 45)]


def test_scan_down_serves_the_request_under_the_head_before_sweeping():
    # Head at 53 moving down; 53 is "at or below" the head: 0 [0,0].
    # Then nothing at or below 53: 53->0->60 = 53 + 60 = 113 [0,113]
    result = run_requests({"policy": "scan", "head": 53, "direction": "down"},
                          requests((60, 0), (53, 0)))
    assert result["order"] == [1, 0]
    assert times(result) == [(0, 113), (0, 0)]


def test_scan_from_the_edge_turns_without_an_edge_trip():
    # Head already at 199 moving up: 199->150: 49 [0,49]
    _, services = serve({"policy": "scan", "head": 199, "direction": "up"},
                        requests((150, 0)))
    assert (services[0].movement, services[0].path) == (49, (199, 150))
    assert services[0].reason == ("SCAN: nothing at or above 199; the head is already at the "
                                  "edge 199, turns, and goes down to 150")


def test_cscan_down_from_cylinder_0_jumps_to_199_at_once():
    # Head at 0 moving down: jump 0->199: 199, then 199->150: 49; 248 [0,248]
    result = run_requests({"policy": "cscan", "head": 0, "direction": "down"},
                          requests((150, 0)))
    assert (result["total_movement"], result["return_movement"]) == (248, 199)
    assert times(result) == [(0, 248)]


def test_the_disk_reports_its_state_between_decisions():
    disk = make_disk({"policy": "scan", "cylinders": 200, "head": 53,
                      "direction": "up", "seek_time": 2})
    disk.submit(0, 98, 0)
    disk.submit(1, 20, 0)
    assert disk.pending() == [0, 1] and not disk.busy and disk.serving is None
    first = disk.start_next(0)
    assert first is not None and (first.index, first.finish) == (0, 90)  # 45 cylinders x 2
    # The head is still at 53 while it moves; it reaches 98 at completion.
    assert disk.snapshot() == {"head": 53, "direction": "up", "pending": [1], "serving": 0}
    assert disk.start_next(10) is None  # busy: no second service
    disk.submit(2, 150, 30)
    disk.complete(90)
    assert (disk.head, disk.pending(), disk.busy) == (98, [1, 2], False)
    assert disk.start_next(90).index == 2  # 150 is ahead; 20 is behind
    assert disk.total_movement == 45 + 52


def test_with_seek_time_0_every_service_finishes_at_its_start():
    # SSTF from 53 with free seeks: time stands still, movement is still counted.
    result = run_requests({"policy": "sstf", "head": 53, "seek_time": 0},
                          requests((98, 0), (183, 0), (37, 0), (122, 0),
                                   (14, 0), (124, 0), (65, 0), (67, 5)))
    # 67 arrives at 5, after the other seven were served in an instant at 0:
    # 53->65->37->14->98->122->124->183 = 12+28+23+84+24+2+59 = 232, then 183->67 = 116
    assert result["order"] == [6, 2, 4, 0, 3, 5, 1, 7]
    assert result["total_movement"] == 232 + 116
    assert times(result) == [(0, 0)] * 7 + [(5, 5)]


def test_completing_at_the_wrong_tick_is_a_disk_error():
    disk = make_disk({"policy": "fcfs", "head": 53})
    disk.submit(0, 98, 0)
    disk.start_next(0)
    with pytest.raises(DiskError, match="request 0 finishes at tick 45, not at tick 44"):
        disk.complete(44)


def test_misusing_the_disk_raises_clear_disk_errors():
    disk = make_disk({"policy": "sstf"})
    with pytest.raises(DiskError, match="the disk is not serving a request"):
        disk.complete(0)
    disk.submit(0, 10, 5)
    with pytest.raises(DiskError, match="request 0 was already submitted"):
        disk.submit(0, 20, 5)
    with pytest.raises(DiskError, match="cylinders 0 to 199"):
        disk.submit(1, 200, 5)
    with pytest.raises(DiskError, match="time cannot go backwards"):
        disk.start_next(4)


def test_a_service_must_complete_before_later_arrivals_are_submitted():
    # The kernel handles tick 45 (completion) before tick 50 (an arrival);
    # completing at 45 after being told about tick 50 would rewind time.
    disk = make_disk({"policy": "fcfs", "head": 53})
    disk.submit(0, 98, 0)
    disk.start_next(0)  # finishes at 45
    disk.submit(1, 20, 50)
    rewinds = r"complete\(\) at tick 45, but the disk is already at tick 50"
    with pytest.raises(DiskError, match=rewinds):
        disk.complete(45)


def test_bad_disk_settings_name_every_problem_with_its_path():
    # Worded as a scenario's problems: the disk section has one reader.
    with pytest.raises(ScenarioError) as caught:
        make_disk({"policy": "elevator", "cylinders": 200, "head": 250,
                   "direction": "left", "seek_time": -1, "speed": 3})
    assert [str(p) for p in caught.value.problems] == [
        "io.speed: unknown field; this object takes: policy, cylinders, head, direction, seek_time",
        "io.head: must be a cylinder from 0 to 199, got 250",
        "io.policy: unknown policy 'elevator'; choose one of " + ", ".join(names("io")),
        'io.direction: must be "up" or "down", got "left"',
        "io.seek_time: must be a non-negative integer, got -1",
    ]


def test_a_disk_needs_at_least_one_cylinder():
    with pytest.raises(ScenarioError, match="io.cylinders: must be a positive integer, got -3"):
        make_disk({"cylinders": -3})
    with pytest.raises(ScenarioError, match="io.cylinders: must be a positive integer, got true"):
        make_disk({"cylinders": True})


def test_bad_requests_name_every_problem_with_its_path():
    with pytest.raises(ScenarioError) as caught:
        run_requests({"policy": "fcfs"}, [{"cylinder": 98}, {"cylinder": 250, "arrival": -1},
                                          {"arrival": 3}, 7])
    assert [str(p) for p in caught.value.problems] == [
        "io_requests[1].cylinder: must be a cylinder from 0 to 199, got 250",
        "io_requests[1].arrival: must be a non-negative integer, got -1",
        "io_requests[2].cylinder: missing; this field is required",
        'io_requests[3]: must be a disk request like {"cylinder": 98, "arrival": 0}, got 7',
    ]


def test_requests_must_be_a_list():
    with pytest.raises(ScenarioError, match="io_requests: must be an array of disk requests"):
        run_requests({}, {"cylinder": 98})  # type: ignore[arg-type]


def test_no_requests_means_no_movement():
    assert run_requests({"policy": "cscan"}, []) == {
        "order": [], "total_movement": 0, "return_movement": 0, "requests": []}


def test_the_six_policies_are_registered_under_io():
    assert names("io") == ["fcfs", "sstf", "scan", "cscan", "look", "clook"]
