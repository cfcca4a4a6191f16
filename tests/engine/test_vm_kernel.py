"""Virtual memory inside the kernel: ticks, blocking faults, the TLB, two levels, dirty pages."""
from __future__ import annotations

import json

import pytest

from kernel_engine import ScenarioError, iter_steps, simulate, validate
from tests.engine.vm_helpers import TEXTBOOK


def scenario(vm: dict, *processes: dict, **extra) -> dict:
    return {"version": 1, "vm": vm, "processes": list(processes), **extra}


def proc(name: str, *ops: dict, arrival: int = 0) -> dict:
    return {"name": name, "arrival": arrival, "program": list(ops)}


def test_an_access_takes_one_tick_and_a_fault_blocks_for_fault_ticks() -> None:
    result = simulate(scenario({"frames": 2, "fault_ticks": 5},
                               proc("P", {"op": "touch", "pages": [0, 0]})))
    # t0: access (fault) runs one tick; blocked 1..6; t6: the hit runs one tick.
    assert result["ticks"] == 7
    assert [a["t"] for a in result["vm"]["accesses"]] == [0, 6]
    assert result["processes"]["P"]["blocked"] == {"page": 5}


def test_another_process_runs_while_a_fault_is_served() -> None:
    result = simulate(scenario({"frames": 2, "fault_ticks": 4},
                               proc("P", {"op": "touch", "pages": [0]}),
                               proc("Q", {"op": "cpu", "ticks": 3})))
    bars = [(g["who"], g["start"], g["end"]) for g in result["cpu"]["gantt"]]
    assert bars == [("P", 0, 1), ("Q", 1, 4)]
    assert result["processes"]["P"]["finish"] == 5


def test_each_access_is_a_step_event_with_its_translation() -> None:
    steps = list(iter_steps(scenario({"frames": 2, "page_size": 256, "address_bits": 12},
                                     proc("P", {"op": "access", "addr": 0x2A7}))))
    [event] = [e for s in steps for e in s["events"] if e["kind"] == "access"]
    assert (event["page"], event["offset"], event["frame"], event["paddr"]) == (2, 0xA7, 0, 0xA7)
    assert event["reason"] == ("P reads address 679 (page 2, offset 167): no TLB; page fault: "
                               "page 2 goes into free frame 0, physical address 167")
    assert steps[0]["state"]["vm"]["frames"][0]["page"] == 2


def test_an_address_outside_the_address_space_kills_the_process_and_the_run_goes_on() -> None:
    result = simulate(scenario({"frames": 2, "page_size": 256, "address_bits": 10},
                               proc("P", {"op": "access", "addr": 1024}, {"op": "cpu", "ticks": 5}),
                               proc("Q", {"op": "cpu", "ticks": 2})))
    assert result["status"] == "completed"
    [error] = result["errors"]
    assert error["who"] == "P" and "segmentation fault" in error["message"]
    assert result["processes"]["P"]["burst"] == 1  # the cpu op after it never ran
    assert result["vm"]["segfaults"] == 1


def test_faults_through_the_disk_use_page_mod_cylinders() -> None:
    result = simulate(scenario({"frames": 2, "fault_device": "disk", "page_size": 1},
                               proc("P", {"op": "touch", "pages": [205, 3]}),
                               io={"cylinders": 200, "seek_time": 1}))
    assert [r["cylinder"] for r in result["io"]["requests"]] == [5, 3]
    assert result["processes"]["P"]["blocked"]["page"] > 0


def test_a_write_sets_the_dirty_bit_and_a_dirty_victim_is_written_back() -> None:
    result = simulate(scenario({"frames": 1, "page_size": 1, "replacement": "fifo",
                                "fault_ticks": 2},
                               proc("P", {"op": "access", "addr": 0, "write": True},
                                    {"op": "access", "addr": 1})))
    assert result["vm"]["write_backs"] == 1
    second = result["vm"]["accesses"][1]
    assert second["write_back"] is True and "written back" in second["reason"]
    # fault 1: 2 ticks; fault 2 writes back first: 4 ticks
    assert result["processes"]["P"]["blocked"] == {"page": 6}


def test_a_tlb_turns_a_loop_over_an_array_into_hits() -> None:
    loop = [{"op": "access", "addr": a} for _ in range(3) for a in range(0, 1024, 128)]
    result = simulate(scenario({"frames": 4, "page_size": 256, "address_bits": 16, "tlb": 4},
                               proc("P", *loop)))
    vm = result["vm"]
    assert vm["faults"] == 4
    assert vm["tlb_hits"] == 24 - 4  # only the first touch of each page misses


def test_the_tlb_is_flushed_on_a_switch_between_processes() -> None:
    def run(flush: bool) -> dict:
        return simulate(scenario({"frames": 4, "page_size": 1, "tlb": 4, "tlb_flush_on_switch": flush},
                                 proc("A", {"op": "touch", "pages": [0, 0, 0, 0]}),
                                 proc("B", {"op": "touch", "pages": [0, 0, 0, 0]}),
                                 cpu={"policy": "rr", "quantum": 1}))["vm"]
    assert run(False)["tlb_hits"] > run(True)["tlb_hits"]
    assert run(True)["tlb_flushes"] > 0


def test_two_level_translation_splits_the_page_number() -> None:
    steps = list(iter_steps(scenario({"frames": 2, "page_size": 1024, "address_bits": 16,
                                      "table": "two_level", "split": [3, 3]},
                                     proc("P", {"op": "access", "addr": 0b101_110_0000000111}))))
    [event] = [e for s in steps for e in s["events"] if e["kind"] == "access"]
    assert (event["page"], event["outer"], event["inner"], event["offset"]) == (0b101110, 5, 6, 7)
    assert "outer index 5, inner index 6; offset 7" in event["reason"]


def test_local_frames_keep_each_process_in_its_share() -> None:
    result = simulate(scenario({"frames": 4, "page_size": 1, "frames_split": "local",
                                "frames_per_process": {"A": 1, "B": 3}, "replacement": "opt"},
                               proc("A", {"op": "touch", "pages": [1, 2, 1, 2]}),
                               proc("B", {"op": "touch", "pages": [1, 2, 1, 2]})))
    assert result["vm"]["per_process"]["A"]["faults"] == 4
    assert result["vm"]["per_process"]["B"]["faults"] == 2


@pytest.mark.parametrize("vm, path, words", [
    ({"replacement": "opt"}, "vm.replacement", "one process"),
    ({"page_size": 1000}, "vm.page_size", "power of two"),
    ({"table": "two_level", "split": [2, 3]}, "vm.split", "add up"),
    ({"frames_split": "local", "frames_per_process": {"A": 1}}, "vm.frames_per_process", "B"),
    ({"replacement": "belady"}, "vm.replacement", "unknown policy"),
])
def test_bad_vm_sections_are_refused_with_the_rule(vm, path, words) -> None:
    with pytest.raises(ScenarioError) as caught:
        validate(scenario(vm, proc("A", {"op": "touch", "pages": [1]}),
                          proc("B", {"op": "touch", "pages": [1]})))
    assert any(p.path == path and words in p.message for p in caught.value.problems), \
        caught.value.problems


def test_touch_without_a_vm_section_is_refused() -> None:
    with pytest.raises(ScenarioError) as caught:
        validate({"version": 1, "processes": [proc("A", {"op": "touch", "pages": [1]})]})
    assert "vm" in caught.value.problems[0].message


def test_runs_are_byte_identical_twice() -> None:
    s = scenario({"frames": 3, "replacement": "random", "tlb": 2, "page_size": 1},
                 proc("A", {"op": "touch", "pages": TEXTBOOK}),
                 proc("B", {"op": "touch", "pages": TEXTBOOK[::-1]}),
                 cpu={"policy": "rr", "quantum": 2}, seed=3)
    assert json.dumps(simulate(s)) == json.dumps(simulate(s))
    assert json.dumps(list(iter_steps(s))) == json.dumps(list(iter_steps(s)))
