"""The buddy system: power-of-two split and merge (see also test_memory_textbook)."""
from __future__ import annotations

from kernel_engine.memory import make_allocator
from kernel_engine.memory.buddy import aligned_pieces

K = 1024


def buddy(**memory):
    return make_allocator({"policy": "buddy", **memory})


def test_a_request_splits_the_heap_in_halves_down_to_its_power_of_two():
    allocator = buddy(size=1024 * K)
    out = allocator.alloc(70 * K)
    assert (out.start, out.block) == (0, 128 * K)
    assert out.reason == ("buddy: 71680 bytes need a block of 131072 bytes; the smallest free "
                          "block that holds it, 1048576 bytes at 0, is halved 3 times")


def test_an_exact_free_block_is_taken_without_splitting():
    allocator = buddy(size=1024)
    allocator.alloc(512)
    out = allocator.alloc(512)
    assert (out.start, out.block, out.searched) == (512, 512, 1)
    assert out.reason == ("buddy: 512 bytes need a block of 512 bytes; the free block at 512 "
                          "has exactly that size")
    assert allocator.free_list() == []


def test_the_smallest_free_block_wins_and_the_lowest_address_among_equals():
    allocator = buddy(size=1024)
    a = allocator.alloc(128)  # 0; leaves 128 at 128, 256 at 256, 512 at 512
    allocator.alloc(128)      # 128
    allocator.free(a.addr)    # 0 (its buddy at 128 is live: no merge)
    allocator.alloc(200)      # 256, the 256-byte block: the smallest that holds it
    assert allocator.free_list() == [[0, 128], [512, 512]]
    out = allocator.alloc(100)
    assert (out.start, out.searched) == (0, 2)


def test_free_merges_with_the_buddy_then_the_bigger_blocks_buddy():
    allocator = buddy(size=1024)
    a, b = allocator.alloc(256), allocator.alloc(256)
    assert allocator.free_list() == [[512, 512]]
    assert allocator.free(a.addr).merged == []
    freed = allocator.free(b.addr)
    assert freed.merged == [[0, 256], [512, 512]]
    assert freed.reason == ("freed the block of 256 bytes at 256, merged with its buddy at "
                            "0 (256 bytes), then its buddy at 512 (512 bytes), making one "
                            "block of 1024 bytes at 0")
    assert allocator.free_list() == [[0, 1024]]


def test_header_and_align_apply_before_rounding_to_a_power_of_two():
    allocator = buddy(size=1024, align=16, header=16)
    assert allocator.alloc(100).block == 128   # 112 + 16 = 128 exactly
    out = allocator.alloc(113)                  # 128 + 16 = 144 -> 256
    assert (out.block, out.start, out.addr) == (256, 256, 272)
    assert out.reason.startswith("buddy: 113 bytes rounded up to a multiple of 16, plus 16 "
                                 "bytes of header, make 144 bytes, which need a block of 256 bytes")


def test_a_heap_that_is_not_a_power_of_two_is_cut_into_aligned_pieces_that_never_merge():
    allocator = buddy(size=12 * K)
    assert allocator.free_list() == [[0, 8 * K], [8 * K, 4 * K]]
    big, small = allocator.alloc(8 * K), allocator.alloc(4 * K)
    assert (big.start, small.start) == (0, 8 * K)
    allocator.free(big.addr)
    assert allocator.free(small.addr).merged == []
    assert allocator.free_list() == [[0, 8 * K], [8 * K, 4 * K]]
    assert allocator.alloc(9 * K).reason == ("no free block holds 16384 bytes (9216 bytes need "
                                             "a block of 16384 bytes; largest is 8192)")


def test_aligned_pieces_are_as_large_as_space_and_alignment_allow():
    assert aligned_pieces(0, 12) == [(0, 8), (8, 4)]
    assert aligned_pieces(2, 8) == [(2, 2), (4, 4), (8, 2)]
    assert aligned_pieces(0, 1 << 40) == [(0, 1 << 40)]


def test_buddies_are_found_relative_to_the_base():
    allocator = buddy(size=1024, base=1000)
    out = allocator.alloc(100)
    assert (out.addr, out.block) == (1000, 128)
    assert allocator.free_list() == [[1128, 128], [1256, 256], [1512, 512]]
    allocator.free(out.addr)
    assert allocator.free_list() == [[1000, 1024]]


def test_holes_are_cut_into_aligned_pieces_and_the_rest_is_never_free():
    allocator = buddy(size=16, holes=[[2, 8]])
    assert allocator.free_list() == [[2, 2], [4, 4], [8, 2]]
    out = allocator.alloc(3)
    assert (out.start, out.block, out.searched) == (4, 4, 3)
    allocator.free(out.addr)
    assert allocator.free_list() == [[2, 2], [4, 4], [8, 2]]


def test_without_coalesce_split_blocks_never_merge_back():
    allocator = buddy(size=1024, coalesce=False)
    out = allocator.alloc(100)
    assert allocator.free(out.addr).merged == []
    assert allocator.free_list() == [[0, 128], [128, 128], [256, 256], [512, 512]]
    assert allocator.alloc(600).addr is None
    assert allocator.fragmentation() == 1 - 512 / 1024


def test_a_terabyte_heap_costs_no_memory_per_byte():
    allocator = buddy(size=1 << 40)
    out = allocator.alloc(1)
    assert (out.start, out.block) == (0, 1)
    assert len(allocator.free_list()) == 40
    allocator.free(out.addr)
    assert allocator.free_list() == [[0, 1 << 40]]
