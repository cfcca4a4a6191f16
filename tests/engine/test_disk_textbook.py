"""The textbook disk queue, worked by hand for every policy.

Queue (request index: cylinder), all arriving at tick 0, head at 53, disk of
200 cylinders (0-199), seek_time 1 unless stated:

    0: 98   1: 183   2: 37   3: 122   4: 14   5: 124   6: 65   7: 67

Each test lists the services as ``cylinder: movement [start, finish]``.  With
everything arriving at 0 the services run back to back, so a start is the
previous finish and a finish is the start plus movement x seek_time.
"""
from __future__ import annotations

import pytest

from kernel_engine.disk import run_requests, serve

QUEUE = [98, 183, 37, 122, 14, 124, 65, 67]
REQUESTS = [{"cylinder": c, "arrival": 0} for c in QUEUE]


def textbook(policy: str, direction: str = "up", seek_time: int = 1) -> dict:
    config = {"policy": policy, "cylinders": 200, "head": 53,
              "direction": direction, "seek_time": seek_time}
    return run_requests(config, REQUESTS)


def assert_served(result: dict, cylinders: list[int], total: int, returned: int,
                  times: dict[int, tuple[int, int]]) -> None:
    """``cylinders`` in service order; ``times``: cylinder -> (start, finish)."""
    assert [QUEUE[i] for i in result["order"]] == cylinders
    assert result["total_movement"] == total
    assert result["return_movement"] == returned
    assert {r["cylinder"]: (r["start"], r["finish"]) for r in result["requests"]} == times
    assert all(r["arrival"] == 0 for r in result["requests"])


def test_fcfs_moves_640_cylinders_in_arrival_order():
    # 53->98: 45 [0,45]     98->183: 85 [45,130]   183->37: 146 [130,276]
    # 37->122: 85 [276,361] 122->14: 108 [361,469]  14->124: 110 [469,579]
    # 124->65: 59 [579,638] 65->67: 2 [638,640]     total 640
    result = textbook("fcfs")
    assert result["order"] == [0, 1, 2, 3, 4, 5, 6, 7]
    assert_served(result, QUEUE, 640, 0, {
        98: (0, 45), 183: (45, 130), 37: (130, 276), 122: (276, 361),
        14: (361, 469), 124: (469, 579), 65: (579, 638), 67: (638, 640)})


def test_sstf_always_takes_the_closest_request_236():
    # 53->65: 12 [0,12]     65->67: 2 [12,14]      67->37: 30 [14,44] (98 is 31 away)
    # 37->14: 23 [44,67]    14->98: 84 [67,151]    98->122: 24 [151,175]
    # 122->124: 2 [175,177] 124->183: 59 [177,236] total 236
    result = textbook("sstf")
    assert result["order"] == [6, 7, 2, 4, 0, 3, 5, 1]
    assert_served(result, [65, 67, 37, 14, 98, 122, 124, 183], 236, 0, {
        65: (0, 12), 67: (12, 14), 37: (14, 44), 14: (44, 67),
        98: (67, 151), 122: (151, 175), 124: (175, 177), 183: (177, 236)})


def test_scan_down_sweeps_to_cylinder_0_then_up_236():
    # 53->37: 16 [0,16]     37->14: 23 [16,39]
    # 14->0->65: 14 + 65 = 79 [39,118] (the edge trip belongs to 65's service)
    # 65->67: 2 [118,120]   67->98: 31 [120,151]   98->122: 24 [151,175]
    # 122->124: 2 [175,177] 124->183: 59 [177,236] total 236; the head stops at 183
    result = textbook("scan", "down")
    assert_served(result, [37, 14, 65, 67, 98, 122, 124, 183], 236, 0, {
        37: (0, 16), 14: (16, 39), 65: (39, 118), 67: (118, 120),
        98: (120, 151), 122: (151, 175), 124: (175, 177), 183: (177, 236)})


def test_scan_up_travels_to_199_before_turning_331():
    # 53->65: 12 [0,12]  65->67: 2 [12,14]  67->98: 31 [14,45]  98->122: 24 [45,69]
    # 122->124: 2 [69,71]  124->183: 59 [71,130]
    # 183->199->37: 16 + 162 = 178 [130,308]  37->14: 23 [308,331]  total 331
    result = textbook("scan", "up")
    assert_served(result, [65, 67, 98, 122, 124, 183, 37, 14], 331, 0, {
        65: (0, 12), 67: (12, 14), 98: (14, 45), 122: (45, 69),
        124: (69, 71), 183: (71, 130), 37: (130, 308), 14: (308, 331)})


def test_cscan_up_goes_to_199_returns_to_0_and_goes_on_up_382():
    # ... 124->183: 59 [71,130] as in SCAN up (130 cylinders so far)
    # 183->199: 16, jump 199->0: 199 (the return movement), 0->14: 14
    #   14's service: 16 + 199 + 14 = 229 [130,359]
    # 14->37: 23 [359,382]    total 130 + 229 + 23 = 382, return 199
    result = textbook("cscan", "up")
    assert_served(result, [65, 67, 98, 122, 124, 183, 14, 37], 382, 199, {
        65: (0, 12), 67: (12, 14), 98: (14, 45), 122: (45, 69),
        124: (69, 71), 183: (71, 130), 14: (130, 359), 37: (359, 382)})


def test_cscan_down_goes_to_0_returns_to_199_and_goes_on_down_386():
    # 53->37: 16 [0,16]  37->14: 23 [16,39]
    # 14->0: 14, jump 0->199: 199, 199->183: 16; 183's service: 229 [39,268]
    # 183->124: 59 [268,327]  124->122: 2 [327,329]  122->98: 24 [329,353]
    # 98->67: 31 [353,384]    67->65: 2 [384,386]
    # total 16 + 23 + 229 + 59 + 2 + 24 + 31 + 2 = 386, return 199
    result = textbook("cscan", "down")
    assert_served(result, [37, 14, 183, 124, 122, 98, 67, 65], 386, 199, {
        37: (0, 16), 14: (16, 39), 183: (39, 268), 124: (268, 327),
        122: (327, 329), 98: (329, 353), 67: (353, 384), 65: (384, 386)})


def test_look_up_turns_at_183_instead_of_199_299():
    # ... 124->183: 59 [71,130] as in SCAN up
    # 183->37: 146 [130,276]  37->14: 23 [276,299]   total 299
    result = textbook("look", "up")
    assert_served(result, [65, 67, 98, 122, 124, 183, 37, 14], 299, 0, {
        65: (0, 12), 67: (12, 14), 98: (14, 45), 122: (45, 69),
        124: (69, 71), 183: (71, 130), 37: (130, 276), 14: (276, 299)})


def test_look_down_turns_at_14_instead_of_0_208():
    # 53->37: 16 [0,16]  37->14: 23 [16,39]  14->65: 51 [39,90]  65->67: 2 [90,92]
    # 67->98: 31 [92,123]  98->122: 24 [123,147]  122->124: 2 [147,149]
    # 124->183: 59 [149,208]  total 208
    result = textbook("look", "down")
    assert_served(result, [37, 14, 65, 67, 98, 122, 124, 183], 208, 0, {
        37: (0, 16), 14: (16, 39), 65: (39, 90), 67: (90, 92),
        98: (92, 123), 122: (123, 147), 124: (147, 149), 183: (149, 208)})


def test_clook_up_jumps_from_183_back_to_14_322():
    # ... 124->183: 59 [71,130] as in SCAN up
    # jump 183->14: 169 [130,299] (all of it return movement)  14->37: 23 [299,322]
    # total 130 + 169 + 23 = 322, return 169
    result = textbook("clook", "up")
    assert_served(result, [65, 67, 98, 122, 124, 183, 14, 37], 322, 169, {
        65: (0, 12), 67: (12, 14), 98: (14, 45), 122: (45, 69),
        124: (69, 71), 183: (71, 130), 14: (130, 299), 37: (299, 322)})


def test_clook_down_jumps_from_14_back_to_183_326():
    # 53->37: 16 [0,16]  37->14: 23 [16,39]  jump 14->183: 169 [39,208]
    # 183->124: 59 [208,267]  124->122: 2 [267,269]  122->98: 24 [269,293]
    # 98->67: 31 [293,324]    67->65: 2 [324,326]
    # total 16 + 23 + 169 + 59 + 2 + 24 + 31 + 2 = 326, return 169
    result = textbook("clook", "down")
    assert_served(result, [37, 14, 183, 124, 122, 98, 67, 65], 326, 169, {
        37: (0, 16), 14: (16, 39), 183: (39, 208), 124: (208, 267),
        122: (267, 269), 98: (269, 293), 67: (293, 324), 65: (324, 326)})


def test_cscan_up_with_seek_time_2_takes_twice_the_ticks():
    # Same route as seek_time 1, each cylinder now costs 2 ticks:
    # 65: 24 [0,24]  67: 4 [24,28]  98: 62 [28,90]  122: 48 [90,138]
    # 124: 4 [138,142]  183: 118 [142,260]  14: 229 x 2 = 458 [260,718]
    # 37: 46 [718,764]; movement is still counted in cylinders: 382, return 199
    result = textbook("cscan", "up", seek_time=2)
    assert_served(result, [65, 67, 98, 122, 124, 183, 14, 37], 382, 199, {
        65: (0, 24), 67: (24, 28), 98: (28, 90), 122: (90, 138),
        124: (138, 142), 183: (142, 260), 14: (260, 718), 37: (718, 764)})


@pytest.mark.parametrize("policy,direction", [
    ("fcfs", "up"), ("sstf", "up"), ("scan", "up"), ("scan", "down"), ("cscan", "down"),
    ("look", "up"), ("look", "down"), ("clook", "up"), ("clook", "down")])
def test_seek_time_2_doubles_every_tick_but_not_the_movement(policy, direction):
    # All requests arrive at 0 and the disk never idles, so every start and
    # finish is a sum of movements x seek_time: doubling seek_time doubles them.
    once = textbook(policy, direction, seek_time=1)
    twice = textbook(policy, direction, seek_time=2)
    assert twice["order"] == once["order"]
    assert twice["total_movement"] == once["total_movement"]
    assert twice["return_movement"] == once["return_movement"]
    assert [(r["start"], r["finish"]) for r in twice["requests"]] == [
        (2 * r["start"], 2 * r["finish"]) for r in once["requests"]]


def test_scan_up_turn_shows_the_edge_trip_in_its_path_and_reason():
    _, services = serve({"policy": "scan", "head": 53, "direction": "up"}, REQUESTS)
    turn = services[6]
    assert (turn.cylinder, turn.movement, turn.path) == (37, 178, (183, 199, 37))
    assert turn.reason == ("SCAN: nothing at or above 183; the head goes up to 199, "
                           "turns, and comes down to 37")


def test_cscan_up_turn_reports_the_jump_alone_as_return_movement():
    _, services = serve({"policy": "cscan", "head": 53, "direction": "up"}, REQUESTS)
    turn = services[6]
    assert (turn.cylinder, turn.movement, turn.return_movement) == (14, 229, 199)
    assert turn.path == (183, 199, 0, 14)
    assert turn.reason == ("C-SCAN: nothing at or above 183; the head goes to 199 and "
                           "returns to 0, then moves up to 14")


def test_clook_up_turn_is_all_return_movement():
    _, services = serve({"policy": "clook", "head": 53, "direction": "up"}, REQUESTS)
    turn = services[6]
    assert (turn.cylinder, turn.movement, turn.return_movement, turn.path) == (
        14, 169, 169, (183, 14))


def test_reasons_read_like_the_textbook():
    _, sstf = serve({"policy": "sstf", "head": 53}, REQUESTS)
    assert sstf[0].reason == "SSTF: cylinder 65 is the closest to the head at 53 (12 cylinders)"
    _, scan = serve({"policy": "scan", "head": 53, "direction": "up"}, REQUESTS)
    assert scan[2].reason == "SCAN moving up: 98 is the next request at or above 67"
    _, look = serve({"policy": "look", "head": 53, "direction": "up"}, REQUESTS)
    assert look[6].reason == ("LOOK: nothing at or above 183; the head turns there "
                              "and goes down to 37")
    _, fcfs = serve({"policy": "fcfs", "head": 53}, REQUESTS)
    assert fcfs[0].reason == ("FCFS: request 0 (cylinder 98) arrived first; the head moves "
                              "from 53 to 98 (45 cylinders)")
