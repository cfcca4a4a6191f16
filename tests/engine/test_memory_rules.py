"""The free-list rules of CONTRACT.md "Memory", one small heap at a time."""
from __future__ import annotations

import pytest

from kernel_engine import registry
from kernel_engine.errors import ScenarioError
from kernel_engine.memory import make_allocator
from kernel_engine.scenario import problems


def heap(policy="first_fit", **memory):
    return make_allocator({"policy": policy, **memory})


def state(allocator):
    return (allocator.free_list(), allocator.blocks(), allocator.used, allocator.peak)


# -- orders ------------------------------------------------------------------

def test_address_order_puts_a_freed_hole_between_its_neighbours():
    allocator = heap(size=1000, coalesce=False)
    a, b, c = (allocator.alloc(100) for _ in range(3))
    allocator.free(c.addr)
    allocator.free(a.addr)
    assert allocator.free_list() == [[0, 100], [200, 100], [300, 700]]


def test_size_asc_cut_stays_in_place_until_a_free_re_sorts_the_list():
    allocator = heap(size=1000, coalesce=False, order="size_asc",
                     holes=[[0, 100], [200, 300], [600, 200]])
    assert allocator.free_list() == [[0, 100], [600, 200], [200, 300]]
    out = allocator.alloc(250)
    assert (out.addr, out.searched) == (200, 3)
    # An allocation never re-sorts: the 50 bytes left stay at the tail.
    assert allocator.free_list() == [[0, 100], [600, 200], [450, 50]]
    allocator.free(out.addr)
    assert allocator.free_list() == [[450, 50], [0, 100], [600, 200], [200, 250]]


def test_size_asc_freed_hole_lands_after_holes_of_equal_size():
    allocator = heap(size=1000, coalesce=False, order="size_asc",
                     holes=[[0, 100], [200, 300], [600, 100]])
    out = allocator.alloc(100)  # the whole [0, 100) hole: the list stays sorted
    assert allocator.free_list() == [[600, 100], [200, 300]]
    allocator.free(out.addr)
    assert allocator.free_list() == [[600, 100], [0, 100], [200, 300]]


def test_size_desc_keeps_the_largest_hole_at_the_head():
    allocator = heap(size=1000, coalesce=False, order="size_desc",
                     holes=[[0, 300], [400, 100], [600, 200]])
    assert allocator.free_list() == [[0, 300], [600, 200], [400, 100]]
    out = allocator.alloc(250)
    assert (out.addr, out.searched) == (0, 1)
    assert allocator.free_list() == [[250, 50], [600, 200], [400, 100]]
    allocator.free(out.addr)
    assert allocator.free_list() == [[0, 250], [600, 200], [400, 100], [250, 50]]


def test_insert_front_and_insert_back_place_freed_holes_at_head_and_tail():
    front = heap(size=1000, order="insert_front", coalesce=False)
    back = heap(size=1000, order="insert_back", coalesce=False)
    for allocator in (front, back):
        a, _, c = (allocator.alloc(100) for _ in range(3))
        allocator.free(a.addr)
        allocator.free(c.addr)
    assert front.free_list() == [[200, 100], [0, 100], [300, 700]]
    assert back.free_list() == [[300, 700], [0, 100], [200, 100]]


def test_insert_back_puts_a_merged_hole_at_the_tail():
    allocator = heap(size=1000, order="insert_back")
    a, b, c, d = (allocator.alloc(100) for _ in range(4))
    allocator.free(a.addr)
    allocator.free(c.addr)
    assert allocator.free_list() == [[400, 600], [0, 100], [200, 100]]
    assert allocator.free(b.addr).merged == [[0, 100], [200, 100]]
    assert allocator.free_list() == [[400, 600], [0, 300]]
    allocator.free(d.addr)
    assert allocator.free_list() == [[0, 1000]]


def test_insert_front_moves_a_merged_hole_to_the_head():
    allocator = heap(size=1000, order="insert_front")
    a, _, c, d = (allocator.alloc(100) for _ in range(4))
    allocator.free(d.addr)
    allocator.free(a.addr)
    assert allocator.free_list() == [[0, 100], [300, 700]]
    allocator.free(c.addr)  # merges with [300, 700), which was second
    assert allocator.free_list() == [[200, 800], [0, 100]]


def test_holes_are_listed_as_if_freed_one_by_one_in_the_order_given():
    holes = [[0, 100], [500, 50], [200, 100]]
    assert heap(size=1000, holes=holes).free_list() == [[0, 100], [200, 100], [500, 50]]
    assert heap(size=1000, holes=holes, order="insert_back").free_list() == holes
    assert heap(size=1000, holes=holes, order="insert_front").free_list() == holes[::-1]
    assert heap(size=1000, holes=holes, order="size_asc").free_list() == [
        [500, 50], [0, 100], [200, 100]]


def test_touching_holes_merge_at_start_only_with_coalesce():
    holes = [[0, 100], [100, 50]]
    assert heap(size=1000, holes=holes).free_list() == [[0, 150]]
    assert heap(size=1000, holes=holes, coalesce=False).free_list() == holes


# -- sizing ------------------------------------------------------------------

def test_size_is_rounded_up_to_align_then_the_header_is_added():
    allocator = heap(size=1000, align=8, header=4)
    out = allocator.alloc(10)
    assert (out.start, out.block, out.addr) == (0, 20, 4)
    assert out.reason == ("first fit: the hole at 0 (1000 bytes) is the first that holds "
                          "20 (10 bytes rounded up to a multiple of 8, plus 4 bytes of header)")
    out = allocator.alloc(16)
    assert (out.start, out.block, out.addr) == (20, 20, 24)
    assert allocator.blocks() == [[0, 20, 4], [20, 20, 24]]
    assert allocator.free(4).block == 20


def test_a_base_offsets_every_address():
    allocator = heap(size=1000, base=4096)
    out = allocator.alloc(100)
    assert (out.addr, allocator.free_list()) == (4096, [[4196, 900]])


def test_sizes_that_are_not_positive_integers_are_refused():
    allocator = heap(size=1000)
    for bad in (0, -5, 1.5, "8", True):
        with pytest.raises(ValueError, match="positive whole number of bytes"):
            allocator.alloc(bad)


# -- next fit's rover --------------------------------------------------------

def test_next_fit_rover_moves_on_when_its_hole_is_used_up_and_wraps_to_the_head():
    allocator = heap("next_fit", size=1000, holes=[[0, 60], [200, 50], [400, 100]])
    out = allocator.alloc(100)
    assert (out.addr, out.searched) == (400, 3)
    # [400, 500) was used up and was last: the rover wraps to the head.
    out = allocator.alloc(40)
    assert (out.addr, out.searched) == (0, 1)
    out = allocator.alloc(30)  # from [40, 60): too small; then [200, 250)
    assert (out.addr, out.searched) == (200, 2)
    assert allocator.free_list() == [[40, 20], [230, 20]]


def test_next_fit_rover_follows_its_hole_into_a_merge():
    allocator = heap("next_fit", size=1000)
    a, _, c = (allocator.alloc(100) for _ in range(3))
    allocator.free(a.addr)
    allocator.free(c.addr)  # merges with [300, 1000), the rover's hole
    assert allocator.free_list() == [[0, 100], [200, 800]]
    out = allocator.alloc(50)
    assert (out.addr, out.searched) == (200, 1)
    failed = allocator.alloc(5000)
    assert (failed.addr, failed.searched) == (None, 2)
    out = allocator.alloc(10)  # the failure left the rover at [250, 1000)
    assert (out.addr, out.searched) == (250, 1)


def test_next_fit_rover_keeps_its_hole_when_a_free_re_sorts_the_list():
    allocator = heap("next_fit", size=1000, coalesce=False, order="size_desc",
                     holes=[[0, 300], [400, 100], [600, 200]])
    assert allocator.alloc(250).addr == 0
    out = allocator.alloc(150)
    assert (out.addr, out.searched) == (600, 2)
    allocator.free(0)
    assert allocator.free_list() == [[0, 250], [400, 100], [250, 50], [750, 50]]
    out = allocator.alloc(40)  # the rover is [750, 800), now last in the list
    assert (out.addr, out.searched) == (750, 1)


# -- coalescing and freeing --------------------------------------------------

def test_free_merges_with_the_holes_on_both_sides():
    allocator = heap(size=300)
    a, b, c = (allocator.alloc(100) for _ in range(3))
    allocator.free(a.addr)
    allocator.free(c.addr)
    freed = allocator.free(b.addr)
    assert (freed.start, freed.block, freed.merged) == (100, 100, [[0, 100], [200, 100]])
    assert freed.reason == ("freed 100 bytes at 100, merged with the holes at 0 and 200 "
                            "into one hole of 300 bytes at 0")
    assert allocator.free_list() == [[0, 300]]


def test_without_coalesce_touching_holes_stay_apart():
    allocator = heap(size=300, coalesce=False)
    a, b, c = (allocator.alloc(100) for _ in range(3))
    for out in (a, c, b):
        assert allocator.free(out.addr).merged == []
    assert allocator.free_list() == [[0, 100], [100, 100], [200, 100]]
    assert allocator.alloc(150).addr is None  # 300 bytes free, no hole of 150


def test_freeing_an_address_that_is_not_a_live_block_raises():
    allocator = heap(size=1000, header=8)
    out = allocator.alloc(100)
    with pytest.raises(ValueError, match="no live block"):
        allocator.free(out.start)  # the block's start, not the user's pointer
    allocator.free(out.addr)
    with pytest.raises(ValueError, match="cannot free address 8"):
        allocator.free(out.addr)


@pytest.mark.parametrize("policy", ["first_fit", "next_fit", "best_fit", "worst_fit", "buddy"])
def test_a_failed_allocation_changes_nothing(policy):
    allocator = heap(policy, size=1024)
    allocator.alloc(300)
    allocator.alloc(200)
    before = state(allocator)
    out = allocator.alloc(600)
    assert (out.addr, out.start, out.block) == (None, None, 0)
    assert out.reason.startswith("no ")
    assert state(allocator) == before


# -- numbers -----------------------------------------------------------------

def test_fragmentation_is_one_minus_largest_over_total():
    allocator = heap(size=10, holes=[[0, 1], [5, 2]])
    assert allocator.fragmentation() == 1 - 2 / 3
    allocator.alloc(2)
    assert allocator.fragmentation() == 0.0  # one hole left
    allocator.alloc(1)
    assert (allocator.free_list(), allocator.fragmentation()) == ([], 0.0)


def test_used_and_peak_count_whole_blocks():
    allocator = heap(size=1000, header=16)
    a = allocator.alloc(100)
    b = allocator.alloc(50)
    allocator.free(a.addr)
    assert (allocator.used, allocator.peak) == (66, 182)
    allocator.free(b.addr)
    assert (allocator.used, allocator.peak, allocator.largest_free()) == (0, 182, 1000)


# -- configuration -----------------------------------------------------------

def test_every_policy_is_registered_by_its_contract_name():
    assert registry.names("memory") == ["first_fit", "next_fit", "best_fit", "worst_fit", "buddy"]


def test_a_bad_memory_section_lists_every_problem_with_its_path():
    # Worded as a scenario's problems: the memory section has one reader.
    with pytest.raises(ScenarioError) as caught:
        make_allocator({"size": "8XB", "polcy": "best_fit", "order": "random",
                        "align": 0, "coalesce": "yes"})
    assert [str(p) for p in caught.value.problems] == [
        "memory.polcy: unknown field; did you mean 'policy'?",
        'memory.size: must be a size in bytes or a string like "8MB", got "8XB"',
        'memory.order: must be one of "address", "size_asc", "size_desc", "insert_front", '
        '"insert_back", got "random"',
        'memory.coalesce: must be true or false, got "yes"',
        "memory.align: must be a positive size, got 0",
    ]


def test_holes_must_lie_inside_the_heap_and_not_overlap():
    with pytest.raises(ScenarioError) as caught:
        make_allocator({"size": 1000, "base": 100, "policy": "worst_fit",
                        "holes": [[100, 50], [120, 10], [1050, 100], [0, 10], "x"]})
    assert [str(p) for p in caught.value.problems] == [
        "memory.holes[2]: the hole 1,050..1,150 is outside memory (100..1,100)",
        "memory.holes[3]: the hole 0..10 is outside memory (100..1,100)",
        'memory.holes[4]: must be a [start, size] pair, got "x"',
        "memory.holes: holes overlap: the hole at 100 (50 bytes) runs into the hole at 120",
    ]


def test_the_buddy_order_rule_is_written_once_for_scenarios_and_allocators():
    direct = pytest.raises(ScenarioError)
    with direct as caught:
        make_allocator({"policy": "buddy", "order": "size_asc"})
    assert problems({"memory": {"policy": "buddy", "order": "size_asc"},
                     "processes": [{"name": "A", "burst": 1}]}) == caught.value.problems


def test_unknown_policy_names_the_choices():
    with pytest.raises(ScenarioError, match="unknown policy 'quick_fit'; "
                                           "choose one of first_fit, next_fit"):
        make_allocator({"policy": "quick_fit"})
