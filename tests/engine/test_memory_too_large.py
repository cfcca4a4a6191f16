"""An allocation larger than the memory: valid, and a failed op at run time (malloc returns NULL)."""
from __future__ import annotations

import pytest

from kernel_engine import simulate, validate


def heap_of(size, *program, policy="first_fit", **memory):
    return {"version": 1, "memory": {"size": size, "policy": policy, **memory},
            "processes": [{"name": "P1", "program": list(program)}]}


def alloc(size, name):
    return {"op": "alloc", "size": size, "as": name}


@pytest.mark.parametrize("policy", ["first_fit", "next_fit", "best_fit", "worst_fit"])
def test_malloc_of_101_bytes_in_a_100_byte_heap_returns_null(policy):
    scenario = heap_of(100, alloc(101, "big"), alloc(40, "small"), policy=policy)
    validate(scenario)  # no ScenarioError
    ops = simulate(scenario)["memory"]["ops"]
    assert ops[0]["addr"] is None
    assert ops[0]["reason"] == ("no block of 101 bytes can ever be free here: "
                                "the largest possible block is 100 bytes")
    assert ops[0]["reason_key"] == "memory.alloc.too_large"
    assert ops[1]["addr"] == 0  # the program goes on


def test_the_largest_possible_block_is_the_largest_hole_when_all_is_free():
    # Two separate holes of 30 and 20 bytes in a 100-byte heap.
    ops = simulate(heap_of(100, alloc(101, "a"), holes=[[0, 30], [50, 20]]))["memory"]["ops"]
    assert ops[0]["addr"] is None
    assert ops[0]["reason_args"] == {"need": 101, "n": 30}


def test_buddy_says_the_largest_block_it_can_make():
    ops = simulate(heap_of("1KB", alloc("2KB", "a"), policy="buddy"))["memory"]["ops"]
    assert ops[0]["addr"] is None
    assert ops[0]["reason_args"] == {"need": 2048, "n": 1024}


def test_a_request_that_fits_the_memory_but_not_now_keeps_the_usual_reason():
    ops = simulate(heap_of(100, alloc(60, "a"), alloc(60, "b")))["memory"]["ops"]
    assert ops[1]["addr"] is None
    assert ops[1]["reason_key"] == "memory.alloc.no_hole"
    # Not larger than the memory, though no hole can ever hold it: the usual reason.
    ops = simulate(heap_of(100, alloc(40, "a"), holes=[[0, 30], [50, 20]]))["memory"]["ops"]
    assert ops[0]["reason_key"] == "memory.alloc.no_hole"
