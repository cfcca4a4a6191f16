"""The pending queues the disk policies search."""
from __future__ import annotations

import pytest

from kernel_engine.disk.queues import ArrivalQueue, CylinderQueue, Request


def textbook_queue(queue: ArrivalQueue | CylinderQueue) -> None:
    for index, cylinder in enumerate([98, 183, 37, 122, 14, 124, 65, 67]):
        queue.add(index, cylinder)


def test_cylinder_queue_finds_the_neighbours_of_the_head_at_53():
    queue = CylinderQueue()
    textbook_queue(queue)
    assert queue.at_or_above(53) == Request(65, 6)
    assert queue.at_or_below(53) == Request(37, 2)
    assert (queue.lowest(), queue.highest()) == (Request(14, 4), Request(183, 1))
    assert queue.at_or_above(184) is None and queue.at_or_below(13) is None


def test_cylinder_queue_counts_the_head_cylinder_as_at_or_beyond():
    queue = CylinderQueue()
    textbook_queue(queue)
    assert queue.at_or_above(65) == queue.at_or_below(65) == Request(65, 6)


def test_cylinder_queue_gives_the_earlier_request_on_a_shared_cylinder():
    queue = CylinderQueue()
    for index, cylinder in [(3, 80), (1, 80), (2, 90), (0, 90)]:
        queue.add(index, cylinder)
    assert queue.at_or_below(85) == Request(80, 1)
    assert queue.at_or_above(85) == Request(90, 0)
    assert queue.highest() == Request(90, 0)


def test_cylinder_queue_lists_pending_requests_in_arrival_order():
    queue = CylinderQueue()
    textbook_queue(queue)
    queue.remove(6, 65)
    assert queue.indices() == [0, 1, 2, 3, 4, 5, 7] and len(queue) == 7
    with pytest.raises(ValueError, match="request 6 at cylinder 65 is not pending"):
        queue.remove(6, 65)


def test_arrival_queue_serves_the_oldest_and_can_drop_any_request():
    queue = ArrivalQueue()
    textbook_queue(queue)
    assert queue.oldest() == Request(98, 0)
    queue.remove(0, 98)
    queue.remove(4, 14)  # not the oldest: found by a linear search
    assert queue.indices() == [1, 2, 3, 5, 6, 7]
    with pytest.raises(ValueError):
        queue.remove(4, 14)
    assert ArrivalQueue().oldest() is None
