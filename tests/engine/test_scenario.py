"""Scenario validation and normalization: top-level fields, sections, defaults."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kernel_engine import registry
from kernel_engine.errors import ScenarioError
from kernel_engine.scenario import normalize, problems

CONTRACT_EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CONTRACT_POLICIES = {
    "cpu": {"fcfs", "sjf", "srt", "rr", "priority", "priority_preemptive", "mlfq", "lottery"},
    "memory": {"first_fit", "next_fit", "best_fit", "worst_fit", "buddy"},
    "io": {"fcfs", "sstf", "scan", "cscan", "look", "clook"},
}


def lines(raw: object) -> list[str]:
    """Every problem of ``raw`` as the command line prints it."""
    return [str(p) for p in problems(raw)]


def scenario(**fields: object) -> dict:
    """A valid one-process scenario with ``fields`` laid over it."""
    return {"version": 1, "processes": [{"name": "P1", "burst": 5}], **fields}


def shared_example(name: str) -> dict:
    path = CONTRACT_EXAMPLES / name
    return json.loads(path.read_text("utf-8"))


# -- the messages of the contract ---------------------------------------------

def test_bad_negative_burst_example_reports_every_problem_at_once():
    found = lines(shared_example("bad-negative-burst.json"))
    cpu_names = ", ".join(registry.names("cpu"))
    assert found == [
        f"cpu.policy: unknown policy 'round-robin-typo'; choose one of {cpu_names}",
        "processes[0].burst: must be a positive integer, got -3",
        "processes[1].name: duplicate process name 'P1' (also processes[0])",
        'processes[1].arrival: must be a non-negative integer, got "soon"',
    ]


@pytest.mark.parametrize("kind", ["cpu", "memory", "io"])
def test_every_contract_policy_is_accepted(kind):
    # The contract may grow new policies; it never drops one.
    assert CONTRACT_POLICIES[kind] <= set(registry.names(kind))
    for policy in sorted(CONTRACT_POLICIES[kind]):
        assert problems(scenario(**{kind: {"policy": policy}})) == [], policy


def test_unknown_memory_and_disk_policies_list_the_registered_names():
    found = lines(scenario(memory={"policy": "first-fit"}, io={"policy": "elevator"}))
    assert found == [
        f"memory.policy: unknown policy 'first-fit'; choose one of "
        f"{', '.join(registry.names('memory'))}",
        f"io.policy: unknown policy 'elevator'; choose one of {', '.join(registry.names('io'))}",
    ]


def test_policy_must_be_a_string():
    assert lines(scenario(cpu={"policy": 3})) == [
        "cpu.policy: must be a policy name (a string), got 3"]


def test_misspelt_process_field_suggests_the_right_one():
    raw = {"processes": [{"name": "P1", "brust": 5}]}
    assert lines(raw) == [
        "processes[0].brust: unknown field; did you mean 'burst'?",
        'processes[0]: needs a "burst" (CPU ticks) or a "program" (a list of ops)',
    ]


def test_unknown_field_without_a_close_match_lists_the_fields():
    assert lines(scenario(answers={"waiting": 17})) == [
        "answers: unknown field; a scenario takes: version, title, description, seed, cpu, "
        "memory, io, ipc, threads, semaphores, limits, processes, io_requests, checkpoints, "
        "vm, resources, llm"]


def test_misspelt_section_field_suggests_the_right_one():
    assert lines(scenario(cpu={"polcy": "rr"})) == [
        "cpu.polcy: unknown field; did you mean 'policy'?"]


def test_memory_size_with_a_bad_unit_is_refused():
    assert lines(scenario(memory={"size": "8 MiBs"})) == [
        'memory.size: must be a size in bytes or a string like "8MB", got "8 MiBs"']


def test_version_must_be_1():
    assert lines(scenario(version=2)) == [
        "version: must be 1 (the only version of the format), got 2"]


def test_scenario_must_be_a_json_object():
    assert lines([1, 2]) == ["a scenario must be a JSON object, got [1, 2]"]


def test_a_scenario_needs_processes_or_disk_requests():
    message = ('processes: a scenario needs at least one process ("processes") or one disk '
               'request ("io_requests")')
    assert lines({"version": 1}) == [message]
    assert lines({"processes": [], "io_requests": []}) == [message]


def test_disk_requests_alone_are_a_scenario():
    out = normalize({"io_requests": [{"cylinder": 98}]})
    assert out["processes"] == []
    assert out["io_requests"] == [{"cylinder": 98, "arrival": 0}]


def test_normalize_raises_scenario_error_listing_every_problem():
    with pytest.raises(ScenarioError) as info:
        normalize({"cpu": {"quantum": 0}, "processes": [{"name": "A", "burst": 0}]})
    assert [str(p) for p in info.value.problems] == [
        "cpu.quantum: must be a positive integer, got 0",
        "processes[0].burst: must be a positive integer, got 0",
    ]


# -- types ----------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [(2.5, "2.5"), (2.0, "2.0"), (True, "true"),
                                          ("2", '"2"')])
def test_integers_must_be_json_integers(value, shown):
    assert lines(scenario(cpu={"quantum": value})) == [
        f"cpu.quantum: must be a positive integer, got {shown}"]


@pytest.mark.parametrize("value, shown", [(1, "1"), ("true", '"true"'), (0, "0")])
def test_booleans_must_be_json_booleans(value, shown):
    assert lines(scenario(memory={"coalesce": value})) == [
        f"memory.coalesce: must be true or false, got {shown}"]


def test_choices_name_their_options():
    assert lines(scenario(io={"direction": "left"}, threads={"model": "green"})) == [
        'io.direction: must be "up" or "down", got "left"',
        'threads.model: must be "kernel" or "user", got "green"',
    ]


def test_free_list_order_names_all_five_orders():
    assert lines(scenario(memory={"order": "random"})) == [
        'memory.order: must be one of "address", "size_asc", "size_desc", "insert_front", '
        '"insert_back", got "random"']


def test_a_section_must_be_an_object():
    assert lines(scenario(cpu="rr")) == ['cpu: must be an object, got "rr"']


# -- defaults and units -----------------------------------------------------------

def test_every_default_is_filled_in():
    assert normalize({"processes": [{"name": "P1", "burst": 3}]}) == {
        "version": 1, "title": "", "description": "", "seed": 0,
        "cpu": {"policy": "fcfs", "quantum": 2, "cores": 1, "context_switch": 0,
                "tie_break": "arrival", "requeue": "after_arrivals",
                "mlfq": {"quanta": [2, 4, 8], "allotments": [1, 1, 1], "boost": 0,
                         "io_stay": False, "io_bump": False}},
        "memory": {"size": 1048576, "base": 0, "policy": "first_fit", "coalesce": True,
                   "header": 0, "align": 1, "order": "address", "holes": None,
                   "record_free_list": True},
        "io": {"policy": "fcfs", "cylinders": 200, "head": 0, "direction": "up",
               "seek_time": 1},
        "ipc": {"send": "async", "capacity": None},
        "threads": {"model": "kernel", "quantum": 1, "deadlock": "detect"},
        "semaphores": {},
        "limits": {"max_ticks": 10_000_000},
        "processes": [{"name": "P1", "arrival": 0, "priority": 0, "tickets": 1,
                       "program": [{"op": "cpu", "ticks": 3}]}],
        "io_requests": [],
        "checkpoints": [],
    }


@pytest.mark.parametrize("size, expected", [("512KB", 524288), ("8MB", 8388608),
                                            ("1GB", 1 << 30), ("8mb", 8388608),
                                            (4096, 4096), ("4096", 4096)])
def test_sizes_are_bytes_with_binary_units(size, expected):
    assert normalize(scenario(memory={"size": size}))["memory"]["size"] == expected


def test_memory_sizes_in_holes_take_units_too():
    out = normalize(scenario(memory={"size": "1MB", "holes": [[0, "64KB"], ["512KB", 1024]]}))
    assert out["memory"]["holes"] == [[0, 65536], [524288, 1024]]


def test_holes_must_lie_inside_memory_and_not_overlap():
    found = lines(scenario(memory={"size": 1000, "holes": [[0, 100], [50, 100], [950, 100]]}))
    assert found == [
        "memory.holes[2]: the hole 950..1,050 is outside memory (0..1,000)",
        "memory.holes: holes overlap: the hole at 0 (100 bytes) runs into the hole at 50",
    ]


def test_buddy_keeps_its_free_list_by_address():
    assert lines(scenario(memory={"policy": "buddy", "order": "size_asc"})) == [
        'memory.order: the buddy allocator keeps its free blocks by address, so order '
        'must be "address", got "size_asc"']


def test_mlfq_levels_need_as_many_allotments_as_quanta():
    found = lines(scenario(cpu={"policy": "mlfq", "mlfq": {"quanta": [2, 4], "allotments": [1]}}))
    assert found == ["cpu.mlfq.allotments: must have one entry per level, as many as quanta "
                     "(2), got 1"]


def test_mlfq_quanta_must_be_positive():
    found = lines(scenario(cpu={"mlfq": {"quanta": [2, 0, 8]}}))
    assert found == ["cpu.mlfq.quanta[1]: must be a positive integer, got 0"]


def test_disk_head_and_requests_must_be_on_the_disk():
    found = lines({"io": {"cylinders": 200, "head": 200},
                   "io_requests": [{"cylinder": 98}, {"cylinder": 200, "arrival": 1}]})
    assert found == ["io.head: must be a cylinder from 0 to 199, got 200",
                     "io_requests[1].cylinder: must be a cylinder from 0 to 199, got 200"]


def test_ipc_capacity_is_null_or_positive():
    assert normalize(scenario(ipc={"capacity": None}))["ipc"]["capacity"] is None
    assert normalize(scenario(ipc={"capacity": 4}))["ipc"]["capacity"] == 4
    assert lines(scenario(ipc={"capacity": 0})) == [
        "ipc.capacity: must be a positive integer, got 0"]


def test_semaphore_initial_values_are_non_negative_integers():
    assert lines(scenario(semaphores={"empty": 3, "full": -1})) == [
        "semaphores.full: must be a non-negative integer, got -1"]


def test_shared_good_examples_normalize():
    good = sorted(p for p in CONTRACT_EXAMPLES.glob("*.json") if not p.name.startswith("bad-"))
    assert good, "the shared examples are missing"
    for path in good:
        out = normalize(json.loads(path.read_text("utf-8")))
        assert out["version"] == 1, path.name


def test_checkpoints_travel_with_the_scenario_and_are_validated():
    from kernel_engine import ScenarioError, validate

    good = {"processes": [{"name": "A", "burst": 2}],
            "checkpoints": [{"t": 1, "kind": "next_process", "prompt": "Who runs next?"}]}
    assert validate(good)["checkpoints"] == [
        {"t": 1, "kind": "next_process", "prompt": "Who runs next?", "params": {}}]
    bad = dict(good, checkpoints=[{"t": -1, "kind": "guess", "prompt": "?"}])
    try:
        validate(bad)
    except ScenarioError as err:
        paths = [p.path for p in err.problems]
    assert paths == ["checkpoints[0].t", "checkpoints[0].kind"]
