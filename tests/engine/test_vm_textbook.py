"""Page replacement on the textbook reference strings (Silberschatz, ch. 10)."""
from __future__ import annotations

import pytest

from kernel_engine import simulate
from tests.engine.vm_helpers import BELADY, TEXTBOOK, faults, run_string, table


def test_belady_anomaly_fifo_faults_more_with_more_frames() -> None:
    assert faults(BELADY, 3, "fifo") == 9
    assert faults(BELADY, 4, "fifo") == 10


@pytest.mark.parametrize("policy, expected", [("fifo", 15), ("opt", 9), ("lru", 12)])
def test_the_textbook_string_with_three_frames(policy: str, expected: int) -> None:
    result = run_string(TEXTBOOK, 3, policy)
    assert result["vm"]["faults"] == expected
    assert result["vm"]["hits"] == len(TEXTBOOK) - expected
    assert result["vm"]["per_process"]["P"]["faults"] == expected


def test_fifo_table_matches_the_book_column_by_column() -> None:
    rows = table(run_string(TEXTBOOK, 3, "fifo"))
    assert rows[:4] == [[7, None, None], [7, 0, None], [7, 0, 1], [2, 0, 1]]
    assert rows[5] == [2, 3, 1]   # 3 replaces 0, the oldest
    assert rows[-1] == [7, 0, 1]


def test_lru_says_which_page_was_used_longest_ago() -> None:
    result = run_string(TEXTBOOK, 3, "lru")
    fourth = result["vm"]["accesses"][3]   # page 2 arrives: 7 was used at t=0
    assert fourth["evicted"] == {"who": "P", "page": 7}
    assert "LRU: page 7 was used longest ago, at t=0" in fourth["reason"]


def test_opt_evicts_the_page_used_furthest_ahead_and_never_used_ones_lowest_first() -> None:
    result = run_string(TEXTBOOK, 3, "opt")
    fourth = result["vm"]["accesses"][3]   # 7 is next used at access 17, the furthest
    assert fourth["evicted"] == {"who": "P", "page": 7}
    # Pages 1, 2 and 3, none used again, with page 4 arriving: the lowest goes.
    never = run_string([1, 2, 3, 4], 3, "opt")["vm"]["accesses"][3]
    assert never["evicted"] == {"who": "P", "page": 1}
    assert "OPT: page 1 is never used again" in never["reason"]


def test_clock_explains_the_hand_and_the_use_bit() -> None:
    result = run_string([1, 2, 3, 4], 3, "clock")
    fourth = result["vm"]["accesses"][3]
    # Every use bit is 1: the hand clears frames 0, 1, 2 and takes frame 0.
    assert fourth["evicted"] == {"who": "P", "page": 1}
    assert "clock: hand at frame 0, page 1's use bit is 0" in fourth["reason"]


def test_clock_spares_a_page_used_since_the_hand_passed() -> None:
    # 1 2 3 fill; 4 clears all bits and takes frame 0 (page 1); 2 is used
    # again; 5: the hand at frame 1 finds page 2's bit set, clears it, and
    # takes frame 2 (page 3).
    result = run_string([1, 2, 3, 4, 2, 5], 3, "clock")
    assert result["vm"]["accesses"][5]["evicted"] == {"who": "P", "page": 3}


def test_second_chance_and_clock_are_the_same_algorithm() -> None:
    for pages in (BELADY, TEXTBOOK):
        assert faults(pages, 3, "second_chance") == faults(pages, 3, "clock")


def test_random_is_seeded() -> None:
    runs = [run_string(TEXTBOOK, 3, "random", seed=5) for _ in range(2)]
    assert runs[0] == runs[1]


def test_two_bit_clock_keeps_a_used_page_through_two_sweeps() -> None:
    result = run_string([1, 2, 3, 4], 3, "clock", clock_bits=2)
    # counters start at 3: the hand sweeps three times, clearing 9 steps, then takes frame 0
    assert "use bits cleared on the way: 9" in result["vm"]["accesses"][3]["reason"]


def test_record_modes_keep_large_runs_linear() -> None:
    accesses = run_string(TEXTBOOK, 3, "lru", record="accesses")["vm"]
    assert len(accesses["accesses"]) == 20 and "frames" not in accesses["accesses"][0]
    none = run_string(TEXTBOOK, 3, "lru", record="none")["vm"]
    assert none["accesses"] == [] and none["faults"] == 12


def test_the_contract_record_fields() -> None:
    first = run_string([1], 3, "lru")["vm"]["accesses"][0]
    assert {k: first[k] for k in ("t", "who", "page", "offset", "paddr", "tlb_hit", "hit",
                                  "evicted", "frames")} == {
        "t": 0, "who": "P", "page": 1, "offset": 0, "paddr": 0, "tlb_hit": False, "hit": False,
        "evicted": None, "frames": [{"who": "P", "page": 1}, None, None]}


@pytest.mark.parametrize("name, faults_expected", [
    ("vm-belady-fifo-3", 9), ("vm-belady-fifo-4", 10), ("vm-textbook-fifo", 15),
    ("vm-textbook-opt", 9), ("vm-textbook-lru", 12), ("vm-clock", 14), ("vm-tlb-loop", 4),
    ("vm-two-level", 3), ("vm-thrashing", 72)])
def test_the_presets_give_the_numbers_their_descriptions_promise(name, faults_expected) -> None:
    from kernel_engine import presets

    scenario = presets.load(name)
    result = simulate(scenario)
    assert result["status"] == "completed"
    assert result["vm"]["faults"] == faults_expected
    assert f"{faults_expected}" in scenario["description"] or name == "vm-two-level"


def test_thrashing_stops_when_the_frames_cover_the_working_sets() -> None:
    from kernel_engine import presets

    scenario = presets.load("vm-thrashing")
    thrashing = simulate(scenario)
    scenario["vm"]["frames"] = 12
    enough = simulate(scenario)
    assert enough["vm"]["faults"] == 12
    assert enough["cpu"]["utilization"] > thrashing["cpu"]["utilization"] + 0.25
