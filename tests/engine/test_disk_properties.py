"""Properties every disk schedule has, checked on random workloads.

Besides the invariants (each request served once, services back to back and
never overlapping, seek time = distance x seek_time, the head on the disk),
each schedule is compared with a plain reference model written from the
textbook rules: it looks at every pending request at every decision, which
is slow but obviously right, while the engine uses binary searches.
"""
from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from kernel_engine import registry
from kernel_engine.disk import run_requests, serve

#: Every registered policy: a new one is checked here without being named.
POLICIES = registry.names("io")


@dataclass
class Workload:
    config: dict
    requests: list[dict]


@st.composite
def workloads(draw: st.DrawFn) -> Workload:
    cylinders = draw(st.integers(1, 120))
    config = {"policy": draw(st.sampled_from(POLICIES)), "cylinders": cylinders,
              "head": draw(st.integers(0, cylinders - 1)),
              "direction": draw(st.sampled_from(["up", "down"])),
              "seek_time": draw(st.integers(0, 3))}
    requests = draw(st.lists(st.fixed_dictionaries({
        "cylinder": st.integers(0, cylinders - 1), "arrival": st.integers(0, 150)}),
        max_size=25))
    return Workload(config, requests)


def reference(config: dict, requests: list[dict]) -> tuple[list[int], list[int], int, int]:
    """(order, finish per request, total movement, return movement) by the textbook rules."""
    last = config["cylinders"] - 1
    head, direction, policy = config["head"], config["direction"], config["policy"]
    waiting = sorted(range(len(requests)), key=lambda i: (requests[i]["arrival"], i))
    pending: list[int] = []  # in arrival order
    order: list[int] = []
    finish = [0] * len(requests)
    now = total = returned = 0
    while waiting or pending:
        if not pending:
            now = max(now, requests[waiting[0]]["arrival"])
        while waiting and requests[waiting[0]]["arrival"] <= now:
            pending.append(waiting.pop(0))

        def cyl(i: int) -> int:
            return requests[i]["cylinder"]

        def closest(candidates: list[int]) -> int:
            return min(candidates, key=lambda i: (abs(cyl(i) - head), i))

        ahead = [i for i in pending if (cyl(i) >= head if direction == "up" else cyl(i) <= head)]
        if policy == "fcfs":
            pick, distance = pending[0], abs(cyl(pending[0]) - head)
        elif policy == "sstf":
            pick = closest(pending)
            distance = abs(cyl(pick) - head)
        elif ahead:
            pick = closest(ahead)
            distance = abs(cyl(pick) - head)
        elif policy in ("scan", "look"):
            pick = closest(pending)  # everything is behind: the closest comes first
            edge = (last if direction == "up" else 0) if policy == "scan" else head
            distance = abs(edge - head) + abs(cyl(pick) - edge)
            direction = "down" if direction == "up" else "up"
        else:  # cscan / clook: the farthest request behind, in the same direction
            pick = min(pending, key=lambda i: (cyl(i) if direction == "up" else -cyl(i), i))
            if policy == "cscan":
                edge, other = (last, 0) if direction == "up" else (0, last)
                distance = abs(edge - head) + last + abs(cyl(pick) - other)
                returned += last
            else:
                distance = abs(cyl(pick) - head)
                returned += distance
        pending.remove(pick)
        order.append(pick)
        total += distance
        now += distance * config["seek_time"]
        finish[pick] = now
        head = cyl(pick)
    return order, finish, total, returned


@settings(max_examples=300, deadline=None)
@given(workloads())
def test_every_policy_matches_the_textbook_reference(w: Workload):
    result = run_requests(w.config, w.requests)
    order, finish, total, returned = reference(w.config, w.requests)
    assert result["order"] == order
    assert [r["finish"] for r in result["requests"]] == finish
    assert (result["total_movement"], result["return_movement"]) == (total, returned)


@settings(max_examples=200, deadline=None)
@given(workloads())
def test_schedules_keep_the_disk_invariants(w: Workload):
    disk, services = serve(w.config, w.requests)
    cylinders, seek_time = w.config["cylinders"], w.config["seek_time"]
    # Every request is served exactly once.
    assert sorted(s.index for s in services) == list(range(len(w.requests)))
    head = w.config["head"]
    previous_finish = 0
    for k, s in enumerate(services):
        # The route starts where the last one ended, stays on the disk, ends at the request.
        assert s.path[0] == head and s.path[-1] == s.cylinder
        assert all(0 <= c < cylinders for c in s.path)
        assert s.movement == sum(abs(b - a) for a, b in zip(s.path, s.path[1:]))
        assert 0 <= s.return_movement <= s.movement
        assert s.finish - s.start == s.movement * seek_time
        # Never before its arrival; never overlapping the previous service; and
        # the disk does not idle while anything has arrived.
        assert s.start >= w.requests[s.index].get("arrival", 0)
        assert s.start >= previous_finish
        unserved = [w.requests[t.index]["arrival"] for t in services[k:]]
        assert s.start == max(previous_finish, min(unserved))
        head, previous_finish = s.cylinder, s.finish
    assert disk.total_movement == sum(s.movement for s in services)
    assert disk.return_movement == sum(s.return_movement for s in services)
    assert disk.head == head and not disk.busy and disk.pending() == []


@settings(max_examples=100, deadline=None)
@given(workloads())
def test_only_cscan_and_clook_have_return_movement(w: Workload):
    result = run_requests(w.config, w.requests)
    if w.config["policy"] not in ("cscan", "clook"):
        assert result["return_movement"] == 0


def test_twenty_thousand_pending_requests_are_served_without_rescanning_the_queue():
    # All arrive at once: a scheduler that looked at every pending request per
    # decision would do 2 x 10^8 comparisons here; binary searches take a blink.
    cylinders = [(i * 7919) % 5000 for i in range(20000)]
    for policy in ("sstf", "scan", "clook"):
        result = run_requests({"policy": policy, "cylinders": 5000, "head": 2500},
                              [{"cylinder": c, "arrival": 0} for c in cylinders])
        assert sorted(result["order"]) == list(range(20000))
