"""``memory.record_free_list``: with false, memory.ops records omit the free list."""
from __future__ import annotations

import json

from kernel_engine import simulate, validate
from kernel_engine.errors import ScenarioError


def churn(n: int, record: bool | None = None) -> dict:
    """n allocations of 8 bytes, then every other one freed: the list grows to n/2 holes."""
    program = [{"op": "alloc", "size": 8, "as": f"b{i}"} for i in range(n)]
    program += [{"op": "free", "ref": f"b{i}"} for i in range(0, n, 2)]
    memory = {"size": 8 * n, "coalesce": False}
    if record is not None:
        memory["record_free_list"] = record
    return {"version": 1, "memory": memory, "processes": [{"name": "P1", "program": program}]}


def test_by_default_every_record_carries_the_free_list():
    ops = simulate(churn(4))["memory"]["ops"]
    assert all("free_list" in op for op in ops)


def test_false_leaves_the_list_out_and_keeps_every_other_field():
    full = simulate(churn(40))
    lean = simulate(churn(40, record=False))
    assert all("free_list" not in op for op in lean["memory"]["ops"])
    assert [{k: v for k, v in op.items() if k != "free_list"} for op in full["memory"]["ops"]] \
        == lean["memory"]["ops"]
    assert lean["memory"]["free_list"] == full["memory"]["free_list"]


def test_without_the_list_the_result_grows_linearly_with_the_ops():
    def size(n, record):
        return len(json.dumps(simulate(churn(n, record=record))))
    # Doubling the ops doubles the lean result; with the lists it grows as ops x holes.
    assert size(400, False) < 2.2 * size(200, False)
    assert size(400, True) > 3 * size(200, True)


def test_it_must_be_a_boolean():
    scenario = churn(2)
    scenario["memory"]["record_free_list"] = "no"
    try:
        validate(scenario)
    except ScenarioError as err:
        assert [p.path for p in err.problems] == ["memory.record_free_list"]
    else:
        raise AssertionError("a string was accepted")
