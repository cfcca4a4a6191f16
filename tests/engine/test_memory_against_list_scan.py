"""The indexed free list gives the same answers as a plain list scan, op for op.

Every fit policy under every list order: the block's address, ``searched``
and the free list after each op match ``ListScan`` (list_scan_allocator.py).
Long runs with small requests grow the list to hundreds of holes, and the
index's runs are made tiny so that they split and empty all the time.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernel_engine.memory import ORDERS, hole_seq, make_allocator

from .list_scan_allocator import ListScan

FITS = ["first_fit", "next_fit", "best_fit", "worst_fit"]

OPS = st.lists(st.tuples(st.booleans(), st.integers(1, 40), st.integers(0, 10_000)),
               min_size=50, max_size=400)


@pytest.fixture(autouse=True)
def tiny_runs(monkeypatch):
    monkeypatch.setattr(hole_seq, "LOAD", 2)


def replay(memory: dict, ops: list) -> None:
    engine, reference = make_allocator(memory), ListScan(memory)
    assert engine.free_list() == reference.snapshot()
    live: list[tuple[int, int, int]] = []  # (user addr, start, block)
    for is_alloc, size, pick in ops:
        if is_alloc or not live:
            out = engine.alloc(size)
            start, searched = reference.alloc(size)
            assert (out.start, out.searched) == (start, searched)
            if out.addr is not None:
                live.append((out.addr, out.start, out.block))
        else:
            addr, start, block = live.pop(pick % len(live))
            engine.free(addr)
            reference.free(start, block)
        assert engine.free_list() == reference.snapshot()


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("policy", FITS)
@settings(max_examples=25, deadline=None)
@given(ops=OPS, coalesce=st.booleans(), header=st.sampled_from([0, 4]))
def test_every_fit_policy_and_order_agrees_with_the_list_scan(policy, order, ops, coalesce, header):
    replay({"policy": policy, "order": order, "size": 3000, "coalesce": coalesce,
            "header": header}, ops)


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("policy", FITS)
@settings(max_examples=10, deadline=None)
@given(ops=OPS)
def test_agreement_from_configured_holes(policy, order, ops):
    holes = [[500, 300], [0, 100], [1000, 50], [200, 200]]
    replay({"policy": policy, "order": order, "size": 2000, "coalesce": False, "holes": holes}, ops)
