"""Textbook exercises, worked by hand, checked op by op.

Silberschatz, *Operating System Concepts*, exercise 8.x / 9.x: "Given five
memory partitions of 100 KB, 500 KB, 200 KB, 300 KB and 600 KB (in order),
how would the first-fit, best-fit and worst-fit algorithms place processes
of 212 KB, 417 KB, 112 KB and 426 KB (in order)?"  Here a KB is one byte and
the partitions are laid out as holes with gaps (allocated memory) between:

    hole:   [0,100)  [200,700)  [800,1000)  [1100,1400)  [1500,2100)
    size:    100       500         200          300          600
"""
from __future__ import annotations

from kernel_engine.memory import make_allocator
from kernel_engine.units import parse_size

PARTITIONS = [[0, 100], [200, 500], [800, 200], [1100, 300], [1500, 600]]


def partitions(policy: str):
    return make_allocator({"size": 2100, "policy": policy, "holes": PARTITIONS})


def run(allocator, sizes):
    """[(addr, searched, free list after)] for each request in turn."""
    return [(out.addr, out.searched, allocator.free_list())
            for out in (allocator.alloc(s) for s in sizes)]


def test_first_fit_places_212_417_112_and_426_must_wait():
    assert run(partitions("first_fit"), [212, 417, 112, 426]) == [
        (200, 2, [[0, 100], [412, 288], [800, 200], [1100, 300], [1500, 600]]),
        (1500, 5, [[0, 100], [412, 288], [800, 200], [1100, 300], [1917, 183]]),
        # 112 goes into the 288 bytes left of the 500-byte partition.
        (412, 2, [[0, 100], [524, 176], [800, 200], [1100, 300], [1917, 183]]),
        # No hole holds 426: every entry was examined, nothing changed.
        (None, 5, [[0, 100], [524, 176], [800, 200], [1100, 300], [1917, 183]]),
    ]


def test_best_fit_places_all_four():
    assert run(partitions("best_fit"), [212, 417, 112, 426]) == [
        (1100, 5, [[0, 100], [200, 500], [800, 200], [1312, 88], [1500, 600]]),
        (200, 5, [[0, 100], [617, 83], [800, 200], [1312, 88], [1500, 600]]),
        (800, 5, [[0, 100], [617, 83], [912, 88], [1312, 88], [1500, 600]]),
        (1500, 5, [[0, 100], [617, 83], [912, 88], [1312, 88], [1926, 174]]),
    ]


def test_worst_fit_places_three_and_426_must_wait():
    assert run(partitions("worst_fit"), [212, 417, 112, 426]) == [
        (1500, 5, [[0, 100], [200, 500], [800, 200], [1100, 300], [1712, 388]]),
        (200, 5, [[0, 100], [617, 83], [800, 200], [1100, 300], [1712, 388]]),
        # 112 goes into the 388 bytes left of the 600-byte partition.
        (1712, 5, [[0, 100], [617, 83], [800, 200], [1100, 300], [1824, 276]]),
        (None, 5, [[0, 100], [617, 83], [800, 200], [1100, 300], [1824, 276]]),
    ]


def test_next_fit_searches_on_from_where_it_stopped():
    assert run(partitions("next_fit"), [212, 417, 112, 426]) == [
        (200, 2, [[0, 100], [412, 288], [800, 200], [1100, 300], [1500, 600]]),
        # Starts at the remainder of the 500-byte hole (412): 412, 800, 1100, 1500.
        (1500, 4, [[0, 100], [412, 288], [800, 200], [1100, 300], [1917, 183]]),
        # Starts at 1917, which holds 112 at once, though 412 is earlier in the list.
        (1917, 1, [[0, 100], [412, 288], [800, 200], [1100, 300], [2029, 71]]),
        (None, 5, [[0, 100], [412, 288], [800, 200], [1100, 300], [2029, 71]]),
    ]


def test_reasons_name_the_decision_with_its_numbers():
    assert partitions("first_fit").alloc(212).reason == (
        "first fit: the hole at 200 (500 bytes) is the first that holds 212")
    assert partitions("best_fit").alloc(212).reason == (
        "best fit: the hole at 1100 (300 bytes) is the smallest that holds 212")
    worst = partitions("worst_fit")
    for size in (212, 417, 112):
        worst.alloc(size)
    assert worst.alloc(426).reason == "no hole holds 426 bytes (largest is 300)"


def test_first_fit_on_8mb_with_merging_always_lands_at_address_0():
    # shared/examples/memory-first-fit-8mb.json (the contract example): 1MB, free, 2MB, free, 3MB, free.
    allocator = make_allocator({"size": parse_size("8MB"), "policy": "first_fit",
                                "coalesce": True})
    for size in ("1MB", "2MB", "3MB"):
        out = allocator.alloc(parse_size(size))
        assert (out.addr, out.block, out.searched) == (0, parse_size(size), 1)
        assert allocator.free_list() == [[parse_size(size), 8388608 - parse_size(size)]]
        freed = allocator.free(out.addr)
        assert freed.merged == [[parse_size(size), 8388608 - parse_size(size)]]
        assert allocator.free_list() == [[0, 8388608]]
    assert (allocator.used, allocator.peak) == (0, parse_size("3MB"))


def test_buddy_tanenbaum_70k_35k_80k_then_frees_merge_back_to_one_megabyte():
    # Tanenbaum, Modern Operating Systems: a 1 MB buddy heap; A=70K, B=35K,
    # C=80K, free A, D=60K, free B, free D, free C.
    K = 1024
    buddy = make_allocator({"size": 1024 * K, "policy": "buddy"})
    a = buddy.alloc(70 * K)
    assert (a.addr, a.block, a.searched) == (0, 128 * K, 1)
    assert buddy.free_list() == [[128 * K, 128 * K], [256 * K, 256 * K], [512 * K, 512 * K]]
    b = buddy.alloc(35 * K)
    assert (b.addr, b.block, b.searched) == (128 * K, 64 * K, 3)
    c = buddy.alloc(80 * K)
    assert (c.addr, c.block, c.searched) == (256 * K, 128 * K, 3)
    assert buddy.free_list() == [[192 * K, 64 * K], [384 * K, 128 * K], [512 * K, 512 * K]]
    assert buddy.free(a.addr).merged == []  # its buddy (B's half) is split, not free
    d = buddy.alloc(60 * K)
    assert (d.addr, d.block) == (192 * K, 64 * K)  # the 64K hole fits exactly: no split
    assert buddy.free(b.addr).merged == []  # its buddy D is live
    assert buddy.free(d.addr).merged == [[128 * K, 64 * K], [0, 128 * K]]
    assert buddy.free_list() == [[0, 256 * K], [384 * K, 128 * K], [512 * K, 512 * K]]
    assert buddy.free(c.addr).merged == [[384 * K, 128 * K], [0, 256 * K], [512 * K, 512 * K]]
    assert buddy.free_list() == [[0, 1024 * K]]
    assert (buddy.used, buddy.peak) == (0, 320 * K)
