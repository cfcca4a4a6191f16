"""The engine's limits: each refused with a message that names the limit."""
from __future__ import annotations

from kernel_engine.scenario import normalize, problems


def lines(raw: object) -> list[str]:
    return [str(p) for p in problems(raw)]


def one(program: list, **fields: object) -> dict:
    return {"processes": [{"name": "P", "program": program}], **fields}


CPU_1 = {"op": "cpu", "ticks": 1}


def test_at_most_100000_processes():
    job = {"name": "P", "burst": 1}
    assert lines({"processes": [job] * 100_001}) == [
        "processes: at most 100,000 processes are allowed, got 100,001"]


def test_exactly_100000_processes_are_fine():
    processes = [{"name": f"P{i}", "burst": 1} for i in range(100_000)]
    assert len(normalize({"processes": processes})["processes"]) == 100_000


def test_at_most_a_million_ops_counting_thread_programs():
    # The thread's program pushes the total past the limit: 1 spawn + 999,999
    # ops in main + 1 op in the thread = 1,000,001.
    thread = {"op": "spawn", "thread": "T", "program": [CPU_1]}
    program = [thread] + [CPU_1] * 999_999
    assert lines(one(program)) == [
        "processes: the scenario has more than 1,000,000 ops (counting thread programs); "
        "at most 1,000,000 are allowed"]


def test_max_ticks_may_not_exceed_ten_million():
    found = lines(one([CPU_1], limits={"max_ticks": 10_000_001}))
    assert found == ["limits.max_ticks: must be at most 10,000,000 (the engine's limit on "
                     "ticks), got 10000001"]
    assert normalize(one([CPU_1], limits={"max_ticks": 50}))["limits"] == {"max_ticks": 50}


def test_op_ticks_and_arrivals_are_at_most_ten_million():
    raw = {"processes": [{"name": "P", "arrival": 10_000_001,
                          "program": [{"op": "cpu", "ticks": 10_000_001},
                                      {"op": "io", "ticks": 10_000_000}]}]}
    assert lines(raw) == [
        "processes[0].arrival: must be at most 10,000,000 (the engine's limit on ticks), "
        "got 10000001",
        "processes[0].program[0].ticks: must be at most 10,000,000 (the engine's limit on "
        "ticks), got 10000001",
    ]


def test_memory_is_at_most_a_terabyte():
    assert normalize(one([CPU_1], memory={"size": "1TB"}))["memory"]["size"] == 1 << 40
    assert lines(one([CPU_1], memory={"size": "2TB"})) == [
        'memory.size: must be at most 1TB (1,099,511,627,776 bytes), got "2TB"']


def test_at_most_100000_disk_requests():
    assert lines({"io_requests": [{"cylinder": 1}] * 100_001}) == [
        "io_requests: at most 100,000 disk requests are allowed, got 100,001"]


def test_a_message_body_is_at_most_64_kb_of_json():
    body = "x" * 70_000
    assert lines(one([{"op": "publish", "topic": "t", "body": body}])) == [
        "processes[0].program[0].body: is 70,002 bytes as JSON; at most 65,536 are allowed"]


def test_call_args_are_at_most_64_kb_of_json():
    args = {"a": [[1] * 40_000], "b": [[1]]}
    found = lines(one([{"op": "call", "fn": "math.matmul", "args": args}]))
    assert found == ["processes[0].program[0].args: is 80,019 bytes as JSON; at most 65,536 "
                     "are allowed"]


def test_title_and_description_lengths():
    found = lines(one([CPU_1], title="t" * 201, description="d" * 5_001))
    assert found == ["title: must be at most 200 characters, got 201",
                     "description: must be at most 5,000 characters, got 5,001"]


def test_a_deeply_nested_body_is_refused_without_a_crash():
    body: object = "leaf"
    for _ in range(5_000):
        body = [body]
    found = lines(one([{"op": "publish", "topic": "t", "body": body}]))
    assert found == ["processes[0].program[0].body: nests too deeply to be a message or an "
                     "argument"]


def test_bodies_nest_at_most_64_levels():
    body: object = 1
    for _ in range(65):
        body = {"x": body}
    found = lines(one([{"op": "publish", "topic": "t", "body": body}]))
    assert found == ["processes[0].program[0].body: nests more than 64 levels deep"]


def test_a_number_too_long_to_print_is_still_reported():
    found = lines({"processes": [{"name": "A", "burst": 10 ** 5000}]})
    assert found == ["processes[0].burst: must be at most 10,000,000 (the engine's limit on "
                     "ticks), got a number too large to show"]


def test_digits_too_big_for_a_browser_number_are_refused_for_their_size():
    # The builder sends digits past 2^53 as the text typed: the problem is
    # their size (quoted as typed), not that they are text.
    typed = "123456789012345678901234567890"
    assert lines({"processes": [{"name": "P", "burst": typed}]}) == [
        f'processes[0].burst: must be at most 10,000,000 (the engine\'s limit on ticks), got "{typed}"']
    assert lines({"processes": [{"name": "P", "burst": "9" * 5000}]})[0].startswith(
        "processes[0].burst: must be at most 10,000,000")


def test_digits_within_the_limit_as_text_are_still_not_a_number():
    assert lines({"processes": [{"name": "P", "burst": "5"}]}) == [
        'processes[0].burst: must be a positive integer, got "5"']
