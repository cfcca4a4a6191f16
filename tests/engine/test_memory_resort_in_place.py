"""A hole cut under a size order is re-sorted at the next free, as a stable sort places it.

The free list re-keys a cut hole in place when the sort would not move it
(the common case: the rest of the heap, cut again and again), and moves it
otherwise.  These cases sit on the boundary: the cut hole ends up equal to
its neighbour (a stable sort keeps the two in their list order), or just
passes it.  Each is checked against the plain list scan, with runs of two
holes so that the neighbour is often in the next run.
"""
from __future__ import annotations

import pytest

from kernel_engine.memory import hole_seq, make_allocator

from .list_scan_allocator import ListScan


@pytest.fixture(autouse=True)
def tiny_runs(monkeypatch):
    monkeypatch.setattr(hole_seq, "LOAD", 2)


def free_list_after(order: str, policy: str, size: int) -> list[list[int]]:
    """Cut ``size`` bytes from the 500-byte hole, then free them (the free re-sorts the cut hole).

    Returns the free list after the free; asserts that the engine and the
    list scan agree on every answer and on the list.
    """
    memory = {"policy": policy, "order": order, "size": 4000, "coalesce": False,
              "holes": [[0, 100], [200, 100], [1000, 500], [3000, 40]]}
    engine, reference = make_allocator(memory), ListScan(memory)
    out = engine.alloc(size)
    assert out.start == 1000 and (out.start, out.searched) == reference.alloc(size)
    engine.free(out.addr)
    reference.free(out.start, out.block)
    assert engine.free_list() == reference.snapshot()
    return engine.free_list()


FITS = ["first_fit", "next_fit", "best_fit", "worst_fit"]


@pytest.mark.parametrize("policy", FITS)
def test_a_hole_cut_to_its_neighbours_size_keeps_its_place_in_ascending_order(policy):
    # The 500-byte hole, cut to 100 bytes, is equal to the two before it: it stays after them.
    assert free_list_after("size_asc", policy, 400) == [
        [3000, 40], [0, 100], [200, 100], [1400, 100], [1000, 400]]


@pytest.mark.parametrize("policy", FITS)
def test_a_hole_cut_below_its_neighbours_moves_ahead_of_them(policy):
    assert free_list_after("size_asc", policy, 401) == [
        [3000, 40], [1401, 99], [0, 100], [200, 100], [1000, 401]]


@pytest.mark.parametrize("policy", FITS)
def test_in_descending_order_a_cut_hole_equal_to_the_next_stays_before_it(policy):
    assert free_list_after("size_desc", policy, 400) == [
        [1000, 400], [1400, 100], [0, 100], [200, 100], [3000, 40]]


@pytest.mark.parametrize("policy", FITS)
def test_in_descending_order_a_cut_hole_smaller_than_the_next_moves_behind_them(policy):
    assert free_list_after("size_desc", policy, 401) == [
        [1000, 401], [0, 100], [200, 100], [1401, 99], [3000, 40]]


@pytest.mark.parametrize("order", ["size_asc", "size_desc"])
def test_the_largest_hole_cut_again_and_again_stays_where_the_sort_puts_it(order):
    memory = {"policy": "worst_fit", "order": order, "size": 4000, "coalesce": False, "holes": [[0, 100], [200, 100], [1000, 500], [3000, 40]]}
    engine, reference = make_allocator(memory), ListScan(memory)
    for size in [30, 7, 30, 1, 64, 5, 30, 30, 100, 3] * 3:
        out = engine.alloc(size)
        assert (out.start, out.searched) == reference.alloc(size)
        if out.addr is not None:  # gives back a small hole: the cut one is re-sorted
            engine.free(out.addr)
            reference.free(out.start, out.block)
        assert engine.free_list() == reference.snapshot()
