"""os.bankers: the banker's algorithm on the classic five processes and three types.

The state (Silberschatz, Operating System Concepts): available 3 3 2.

        allocation   max      need
    P0   0 1 0      7 5 3    7 4 3
    P1   2 0 0      3 2 2    1 2 2
    P2   3 0 2      9 0 2    6 0 0
    P3   2 1 1      2 2 2    0 1 1
    P4   0 0 2      4 3 3    4 3 1

The contract's scan goes in index order and restarts from P0 after each
process it lets finish.  By hand: work 332 lets P1 finish (122 ≤ 332) →
532; P0 (743) and P2 (600) do not fit, P3 (011) does → 743; restart: P0
fits exactly → 753; P2 → 10 5 5; P4 → 10 5 7.  Sequence 1, 3, 0, 2, 4
(the book, which scans on instead of restarting, prints 1, 3, 4, 0, 2).
"""
from __future__ import annotations

import itertools

import numpy
import pytest

from kernel_engine import simulate
from kernel_engine.library import call
from kernel_engine.threads.banker import need_of, safety

AVAILABLE = [3, 3, 2]
MAX = [[7, 5, 3], [3, 2, 2], [9, 0, 2], [2, 2, 2], [4, 3, 3]]
ALLOCATION = [[0, 1, 0], [2, 0, 0], [3, 0, 2], [2, 1, 1], [0, 0, 2]]
NEED = [[7, 4, 3], [1, 2, 2], [6, 0, 0], [0, 1, 1], [4, 3, 1]]

# After P1's request (1, 0, 2) is granted.
AVAILABLE_AFTER_P1 = [2, 3, 0]
ALLOCATION_AFTER_P1 = [[0, 1, 0], [3, 0, 2], [3, 0, 2], [2, 1, 1], [0, 0, 2]]


def bankers(**args):
    return call("os.bankers", args, numpy.random.default_rng(0))


def test_the_classic_state_is_safe_with_the_restarting_scan_sequence() -> None:
    res = bankers(available=AVAILABLE, max=MAX, allocation=ALLOCATION)
    assert res.error is None
    assert res.value == {"need": NEED, "safe": True, "sequence": [1, 3, 0, 2, 4]}
    assert "granted" not in res.value


def test_p1_request_1_0_2_is_granted() -> None:
    res = bankers(available=AVAILABLE, max=MAX, allocation=ALLOCATION,
                  request={"process": 1, "vector": [1, 0, 2]})
    assert res.error is None
    assert res.value["granted"] is True
    assert res.value["safe"] is True
    assert res.value["need"] == NEED
    # The state after the grant: work 230 lets P1 (now needing 020) go first.
    assert res.value["sequence"] == [1, 3, 0, 2, 4]


def test_p4_request_3_3_0_after_p1_is_refused_for_lack_of_resources() -> None:
    res = bankers(available=AVAILABLE_AFTER_P1, max=MAX, allocation=ALLOCATION_AFTER_P1,
                  request={"process": 4, "vector": [3, 3, 0]})
    assert res.error is None
    assert res.value["granted"] is False
    assert res.value["refused"] == "above_available"
    # safe and sequence describe the current state, which is safe.
    assert res.value["safe"] is True
    assert res.value["sequence"] == [1, 3, 0, 2, 4]


def test_p0_request_0_2_0_after_p1_would_be_unsafe() -> None:
    res = bankers(available=AVAILABLE_AFTER_P1, max=MAX, allocation=ALLOCATION_AFTER_P1,
                  request={"process": 0, "vector": [0, 2, 0]})
    assert res.error is None
    assert res.value["granted"] is False
    assert res.value["safe"] is False
    assert res.value["refused"] == "unsafe"
    assert res.value["sequence"] == []  # available 2 1 0 fits nobody's need


def test_a_request_above_need_is_an_error_with_no_value() -> None:
    res = bankers(available=AVAILABLE, max=MAX, allocation=ALLOCATION,
                  request={"process": 3, "vector": [0, 2, 0]})
    assert res.value is None
    assert "more than its need [0, 1, 1]" in res.error


def test_the_call_record_of_a_request_above_need_has_error_and_null_value() -> None:
    result = simulate({"version": 1, "processes": [{"name": "T", "program": [
        {"op": "call", "fn": "os.bankers", "as": "answer",
         "args": {"available": AVAILABLE, "max": MAX, "allocation": ALLOCATION,
                  "request": {"process": 3, "vector": [0, 2, 0]}}}]}]})
    [record] = result["calls"]
    assert record["value"] is None
    assert record["error"]


@pytest.mark.parametrize("args, path, words", [
    ({"available": [3, 3], "max": MAX, "allocation": ALLOCATION}, "max", "one per resource type"),
    ({"available": AVAILABLE, "max": MAX, "allocation": ALLOCATION[:4]}, "allocation",
     "one per process"),
    ({"available": [3, -1, 2], "max": MAX, "allocation": ALLOCATION}, "available[1]", "0 or more"),
    ({"available": AVAILABLE, "max": MAX, "allocation": [[8, 0, 0]] + ALLOCATION[1:]},
     "allocation[0][0]", "more than its max 7"),
    ({"available": AVAILABLE, "max": MAX, "allocation": ALLOCATION,
      "request": {"process": 5, "vector": [0, 0, 0]}}, "request.process", "from 0 to 4"),
    ({"available": AVAILABLE, "max": MAX, "allocation": ALLOCATION,
      "request": {"who": 1}}, "request", '"process"'),
])
def test_bad_matrices_are_refused_with_the_place_and_the_rule(args, path, words) -> None:
    res = bankers(**args)
    assert res.value is None
    assert path in res.error and words in res.error


def _finishes(available, need, allocation, sequence) -> bool:
    work = list(available)
    for i in sequence:
        if any(n > w for n, w in zip(need[i], work)):
            return False
        work = [w + a for w, a in zip(work, allocation[i])]
    return True


def test_a_safe_states_sequence_really_completes_and_unsafe_means_no_order_does() -> None:
    rng = numpy.random.default_rng(12)
    for _ in range(300):
        n, m = int(rng.integers(1, 5)), int(rng.integers(1, 4))
        maximum = rng.integers(0, 6, size=(n, m)).tolist()
        allocation = [[int(rng.integers(0, x + 1)) for x in row] for row in maximum]
        available = rng.integers(0, 4, size=m).tolist()
        need = need_of(maximum, allocation)
        found = safety(available, need, allocation)
        if found.safe:
            assert sorted(found.sequence) == list(range(n))
            assert _finishes(available, need, allocation, found.sequence)
        else:
            assert not any(_finishes(available, need, allocation, order)
                           for order in itertools.permutations(range(n)))
