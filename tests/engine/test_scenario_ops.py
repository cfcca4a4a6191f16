"""Scenario validation of processes, programs and ops, and their cross-references."""
from __future__ import annotations

import pytest

from kernel_engine.scenario import normalize, problems


def lines(raw: object) -> list[str]:
    return [str(p) for p in problems(raw)]


def one(program: list, **fields: object) -> dict:
    """A scenario whose single process P runs ``program``."""
    return {"processes": [{"name": "P", "program": program}], **fields}


def op(kind: str, **fields: object) -> dict:
    return {"op": kind, **fields}


# -- processes ------------------------------------------------------------------

def test_burst_becomes_a_one_op_program():
    out = normalize({"processes": [{"name": "A", "arrival": 2, "burst": 8, "priority": 3}]})
    assert out["processes"] == [{"name": "A", "arrival": 2, "priority": 3, "tickets": 1,
                                 "program": [{"op": "cpu", "ticks": 8}]}]


def test_a_process_gives_burst_or_program_not_both():
    raw = {"processes": [{"name": "A", "burst": 3, "program": [op("cpu", ticks=3)]}]}
    assert lines(raw) == ['processes[0]: give either "burst" or "program", not both']


def test_a_process_needs_a_name():
    assert lines({"processes": [{"burst": 3}]}) == [
        "processes[0].name: missing; give a process name"]


def test_a_program_is_a_non_empty_list():
    assert lines(one([])) == ["processes[0].program: must be a non-empty list of ops, got []"]


def test_lottery_tickets_are_positive():
    assert lines({"processes": [{"name": "A", "burst": 3, "tickets": 0}]}) == [
        "processes[0].tickets: must be a positive integer, got 0"]


# -- op kinds and their fields ------------------------------------------------

def test_every_op_is_normalized_with_every_field():
    program = [op("alloc", size="1KB", **{"as": "buf"}),
               op("io", cylinder=98), op("io", ticks=3),
               op("recv"), op("reply"), op("send", to="P"),
               op("call", fn="math.matmul", args={"a": [[1]], "b": [[2]]}),
               op("free", ref="buf")]
    out = normalize(one(program))["processes"][0]["program"]
    assert out == [
        {"op": "alloc", "size": 1024, "as": "buf"},
        {"op": "io", "cylinder": 98, "ticks": None},
        {"op": "io", "cylinder": None, "ticks": 3},
        {"op": "recv", "from": None, "as": None},
        {"op": "reply", "to": None, "body": None},
        {"op": "send", "to": "P", "body": None},
        {"op": "call", "fn": "math.matmul", "args": {"a": [[1]], "b": [[2]]}, "as": None},
        {"op": "free", "ref": "buf"},
    ]


def test_misspelt_op_kind_suggests_the_right_one():
    assert lines(one([op("alocate", size=10)])) == [
        "processes[0].program[0].op: unknown op 'alocate'; did you mean 'alloc'?"]


def test_an_op_needs_a_kind():
    assert lines(one([{"ticks": 3}])) == [
        'processes[0].program[0].op: missing; every op names its kind, e.g. "op": "cpu"']


def test_misspelt_op_field_suggests_the_right_one():
    assert lines(one([op("cpu", tick=3)])) == [
        "processes[0].program[0].tick: unknown field; did you mean 'ticks'?",
        "processes[0].program[0].ticks: missing; this field is required",
    ]


def test_cpu_ticks_are_at_least_one():
    assert lines(one([op("cpu", ticks=0)])) == [
        "processes[0].program[0].ticks: must be a positive integer, got 0"]


def test_alloc_size_is_positive_and_may_exceed_the_memory():
    # A request larger than the memory is valid: it fails at run time.
    found = lines(one([op("alloc", size=0), op("alloc", size="16MB")], memory={"size": "8MB"}))
    assert found == ["processes[0].program[0].size: must be a positive size, got 0"]


def test_io_needs_exactly_one_of_cylinder_or_ticks():
    found = lines(one([op("io"), op("io", cylinder=10, ticks=2)]))
    assert found == [
        'processes[0].program[0]: an io op needs exactly one of "cylinder" (a disk request) '
        'or "ticks" (a fixed-latency device), got neither',
        'processes[0].program[1]: an io op needs exactly one of "cylinder" (a disk request) '
        'or "ticks" (a fixed-latency device), not both',
    ]


def test_io_cylinder_must_be_on_the_disk_and_ticks_positive():
    found = lines(one([op("io", cylinder=200), op("io", ticks=0)], io={"cylinders": 200}))
    assert found == ["processes[0].program[0].cylinder: must be a cylinder from 0 to 199, got 200",
                     "processes[0].program[1].ticks: must be a positive integer, got 0"]


def test_call_is_checked_by_the_function_library():
    found = lines(one([op("call", fn="math.matmull", args={})]))
    assert len(found) == 1
    assert found[0].startswith("processes[0].program[0].fn: unknown function 'math.matmull'; "
                               "did you mean 'math.matmul'?")


def test_call_args_must_be_an_object():
    assert lines(one([op("call", fn="math.matmul", args=[1, 2])])) == [
        "processes[0].program[0].args: must be an object of named arguments, got [1, 2]"]


def test_bodies_must_be_plain_json():
    assert lines(one([op("send", to="P", body=float("nan"))])) == [
        "processes[0].program[0].body: must be plain JSON (strings, numbers, true/false, null, "
        "arrays and objects; no NaN or Infinity)"]


# -- references -----------------------------------------------------------------

def test_free_of_a_ref_that_is_never_allocated_lists_the_allocations():
    program = [op("alloc", size=10, **{"as": "a"}), op("alloc", size=10, **{"as": "b"}),
               op("cpu", ticks=1), op("free", ref="buf")]
    assert lines(one(program)) == [
        "processes[0].program[3].ref: 'buf' is never allocated in process P "
        "(allocations: a, b)"]


def test_free_in_a_process_that_allocates_nothing():
    assert lines(one([op("free", ref="buf")])) == [
        "processes[0].program[0].ref: 'buf' is never allocated in process P "
        "(it allocates nothing with \"as\")"]


def test_threads_share_their_process_allocations():
    program = [op("spawn", thread="T1", program=[op("alloc", size=10, **{"as": "shared"})]),
               op("join", thread="T1"), op("free", ref="shared")]
    assert lines(one(program)) == []


def test_another_process_allocation_does_not_count():
    raw = {"processes": [
        {"name": "A", "program": [op("alloc", size=10, **{"as": "buf"})]},
        {"name": "B", "program": [op("free", ref="buf")]}]}
    assert lines(raw) == ["processes[1].program[0].ref: 'buf' is never allocated in process B "
                          "(it allocates nothing with \"as\")"]


def test_a_value_reference_must_be_bound_in_the_same_process():
    program = [op("recv", **{"as": "question"}),
               op("send", to="P", body={"q": {"$ref": "question"}, "a": [{"$ref": "answer"}]})]
    assert lines(one(program)) == [
        "processes[0].program[1].body.a[0]: 'answer' is never bound with \"as\" in process P "
        "(bound: question)"]


def test_an_allocation_name_is_not_a_value():
    program = [op("alloc", size=10, **{"as": "buf"}), op("send", to="P", body={"$ref": "buf"})]
    assert lines(one(program)) == [
        "processes[0].program[1].body: 'buf' names a memory block (from alloc), not a value; "
        "only recv, request and call bind values with \"as\""]


def test_call_args_may_refer_to_earlier_results():
    program = [op("call", fn="math.matmul", args={"a": [[1, 2]], "b": [[3], [4]]}, **{"as": "c"}),
               op("call", fn="math.transpose", args={"a": {"$ref": "c"}}),
               op("call", fn="math.transpose", args={"a": {"$ref": "d"}})]
    assert lines(one(program)) == [
        "processes[0].program[2].args.a: 'd' is never bound with \"as\" in process P (bound: c)"]


def test_a_reference_has_exactly_one_key():
    assert lines(one([op("send", to="P", body={"$ref": "x", "extra": 1})])) == [
        'processes[0].program[0].body: a reference must look like {"$ref": "name"}, '
        'got {"$ref": "x", "extra": 1}']


def test_messages_go_to_processes_that_exist():
    raw = {"processes": [
        {"name": "A", "program": [op("send", to="C", body="hi"), op("recv", **{"from": "B"})]},
        {"name": "B", "program": [op("request", to="A", body=1)]}]}
    assert lines(raw) == ["processes[0].program[0].to: no process is named 'C' "
                          "(processes: A, B)"]


def test_join_names_a_thread_spawned_in_the_same_process():
    raw = {"processes": [
        {"name": "A", "program": [op("spawn", thread="T1", program=[op("cpu", ticks=1)]),
                                  op("join", thread="T1")]},
        {"name": "B", "program": [op("join", thread="T1")]}]}
    assert lines(raw) == ["processes[1].program[0].thread: no thread 'T1' is spawned in "
                          "process B (it spawns none)"]


def test_thread_names_are_unique_across_the_scenario():
    raw = {"processes": [
        {"name": "A", "program": [op("spawn", thread="T1", program=[op("cpu", ticks=1)])]},
        {"name": "B", "program": [op("spawn", thread="T1", program=[op("cpu", ticks=1)])]}]}
    assert lines(raw) == ["processes[1].program[0].thread: duplicate thread name 'T1' "
                          "(also processes[0].program[0].thread)"]


def test_a_thread_may_not_take_a_process_name():
    raw = {"processes": [
        {"name": "A", "program": [op("spawn", thread="B", program=[op("cpu", ticks=1)])]},
        {"name": "B", "burst": 1}]}
    assert lines(raw) == ["processes[0].program[0].thread: 'B' is already a process name; "
                          "a thread needs a name of its own"]


def test_semaphores_must_be_declared():
    program = [op("sem_wait", sem="empty"), op("sem_signal", sem="full")]
    assert lines(one(program, semaphores={"empty": 2})) == [
        "processes[0].program[1].sem: semaphore 'full' is not declared in \"semaphores\" "
        "(declared: empty)"]
    assert lines(one(program[:1])) == [
        "processes[0].program[0].sem: semaphore 'empty' is not declared in \"semaphores\" "
        "(none are declared; add \"semaphores\": {\"empty\": 1})"]


def nested(depth: int) -> list:
    """A program whose spawns nest ``depth`` levels deep."""
    program: list = [op("cpu", ticks=1)]
    for level in range(depth, 0, -1):
        program = [op("spawn", thread=f"T{level}", program=program)]
    return program


def test_spawns_nest_up_to_eight_levels():
    assert lines(one(nested(8))) == []
    found = lines(one(nested(9)))
    # The ninth spawn sits under eight others; its program is the one refused.
    deepest = "processes[0].program[0]" + ".program[0]" * 8 + ".program"
    assert found == [f"{deepest}: spawn programs nest more than 8 deep; at most 8 levels "
                     f"are allowed"]


@pytest.mark.parametrize("name", ["", "   ", 7, "x" * 65])
def test_names_are_short_non_empty_strings(name):
    found = lines({"processes": [{"name": name, "burst": 1}]})
    assert len(found) == 1 and found[0].startswith("processes[0].name: must be")
