"""Properties of every allocator on random sequences of allocs and frees.

After each op: bytes are conserved, nothing overlaps or leaves the heap (or
the configured holes), coalesced holes never touch, ``peak`` is the highest
``used``, user pointers respect ``align``.  For the fit policies each op is
also replayed on a plain reference model of the free list (the contract's
rules written as simply as possible), which must agree exactly.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kernel_engine import registry
from kernel_engine.memory import ORDERS, make_allocator

SORT_KEYS = {"address": lambda h: h[0], "size_asc": lambda h: h[1],
             "size_desc": lambda h: -h[1]}


@st.composite
def memories(draw, policy):
    """A memory section whose header, base and hole starts are multiples of align."""
    align = draw(st.sampled_from([1, 2, 4, 8]))
    base = draw(st.sampled_from([0, 64, 4096]))
    memory = {"policy": policy, "align": align, "base": base,
              "header": draw(st.sampled_from([0, 8, 16])),
              "coalesce": draw(st.booleans()),
              "order": draw(st.sampled_from(registry.get("memory", policy).orders or ORDERS))}
    # A scenario's memory holds at least one header and one alignment unit.
    if draw(st.booleans()):
        memory["size"] = draw(st.integers(16, 3000))
        return memory
    # Holes laid out low to high with gaps of at least one unit, then listed
    # in a random order (the order they are given in matters).
    layout = draw(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 80)),
                           min_size=1, max_size=6))
    holes, cursor = [], base
    for gap, units in layout:
        start = cursor + gap * align
        holes.append([start, units * align])
        cursor = start + (units + 1) * align
    memory["holes"] = draw(st.permutations(holes))
    memory["size"] = max(cursor - base, 16)
    return memory


OPS = st.lists(st.one_of(st.tuples(st.just("alloc"), st.integers(1, 400)),
                         st.tuples(st.just("free"), st.integers(0, 1000))),
               max_size=40)


def expected_cut(before, index, need):
    """The free list after cutting ``need`` bytes from entry ``index``."""
    start, size = before[index]
    rest = [] if size == need else [[start + need, size - need]]
    return before[:index] + rest + before[index + 1:]


def expected_free(before, start, size, order, coalesce):
    """The free list after giving back ``[start, start + size)``."""
    holes = [list(h) for h in before]
    if coalesce:
        for h in [h for h in holes if h[0] + h[1] == start or h[0] == start + size]:
            holes.remove(h)
            start, size = min(start, h[0]), size + h[1]
    if order == "insert_front":
        return [[start, size]] + holes
    return sorted(holes + [[start, size]], key=SORT_KEYS.get(order, lambda h: 0))


def expected_choice(policy, before, need):
    """(index or None, searched) for the policies with no memory of their own."""
    fits = [i for i, (_, size) in enumerate(before) if size >= need]
    if not fits:
        return None, len(before)
    if policy == "first_fit":
        return fits[0], fits[0] + 1
    pick = min if policy == "best_fit" else max
    best = pick(before[i][1] for i in fits)
    return next(i for i in fits if before[i][1] == best), len(before)


def check_invariants(allocator, memory, initial_free, peak_seen):
    base, size = memory["base"], memory["size"]
    free, blocks = allocator.free_list(), allocator.blocks()
    assert allocator.used + sum(s for _, s in free) == initial_free
    assert allocator.used == sum(b for _, b, _ in blocks)
    assert allocator.peak == peak_seen >= allocator.used
    assert allocator.largest_free() == max((s for _, s in free), default=0)
    total = sum(s for _, s in free)
    assert allocator.fragmentation() == (1 - allocator.largest_free() / total if total else 0.0)
    ranges = sorted([tuple(h) for h in free] + [(s, b) for s, b, _ in blocks])
    for (s1, n1), (s2, _) in zip(ranges, ranges[1:]):
        assert s1 + n1 <= s2, f"{s1}..{s1 + n1} overlaps {s2}"
    allowed = memory.get("holes") or [[base, size]]
    for start, n in ranges:
        assert any(h <= start and start + n <= h + hn for h, hn in allowed)
    for start, block, addr in blocks:
        assert addr == start + memory["header"] and addr % memory["align"] == 0
    if memory["policy"] == "buddy":
        assert free == sorted(free)
        for start, n in free + [b[:2] for b in blocks]:
            assert n & (n - 1) == 0 and (start - base) % n == 0
        if memory["coalesce"]:
            for start, n in free:
                assert [base + ((start - base) ^ n), n] not in free
    elif memory["coalesce"]:
        by_address = sorted(free)
        for (s1, n1), (s2, _) in zip(by_address, by_address[1:]):
            assert s1 + n1 < s2, f"the holes at {s1} and {s2} touch"


def run_ops(memory, ops):
    allocator = make_allocator(memory)
    initial_free = sum(s for _, s in allocator.free_list())
    assert initial_free == sum(n for _, n in memory.get("holes") or [[0, memory["size"]]])
    live, peak_seen, fit = [], 0, memory["policy"] != "buddy"
    for op, value in ops:
        before = allocator.free_list()
        if op == "alloc":
            out = allocator.alloc(value)
            if out.addr is None:
                assert allocator.free_list() == before and out.block == 0
                assert out.searched == len(before)
            else:
                live.append(out.addr)
            if fit:
                need = allocator.block_size(value)
                if memory["policy"] != "next_fit":
                    index, searched = expected_choice(memory["policy"], before, need)
                    assert (out.searched, out.start) == (
                        searched, None if index is None else before[index][0])
                if out.addr is not None:
                    index = [h[0] for h in before].index(out.start)
                    assert allocator.free_list() == expected_cut(before, index, need)
        elif live:
            addr = live.pop(value % len(live))
            out = allocator.free(addr)
            if fit:
                assert allocator.free_list() == expected_free(
                    before, out.start, out.block, memory["order"], memory["coalesce"])
        peak_seen = max(peak_seen, allocator.used)
        check_invariants(allocator, memory, initial_free, peak_seen)


@settings(max_examples=120, deadline=None)
@given(data=st.data(), ops=OPS)
def test_first_fit_agrees_with_the_rules_on_random_ops(data, ops):
    run_ops(data.draw(memories("first_fit")), ops)


@settings(max_examples=120, deadline=None)
@given(data=st.data(), ops=OPS)
def test_next_fit_keeps_every_invariant_on_random_ops(data, ops):
    run_ops(data.draw(memories("next_fit")), ops)


@settings(max_examples=120, deadline=None)
@given(data=st.data(), ops=OPS)
def test_best_fit_agrees_with_the_rules_on_random_ops(data, ops):
    run_ops(data.draw(memories("best_fit")), ops)


@settings(max_examples=120, deadline=None)
@given(data=st.data(), ops=OPS)
def test_worst_fit_agrees_with_the_rules_on_random_ops(data, ops):
    run_ops(data.draw(memories("worst_fit")), ops)


@settings(max_examples=120, deadline=None)
@given(data=st.data(), ops=OPS)
def test_buddy_keeps_every_invariant_on_random_ops(data, ops):
    run_ops(data.draw(memories("buddy")), ops)
