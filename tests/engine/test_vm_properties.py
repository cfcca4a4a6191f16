"""Properties of page replacement that hold for every reference string."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kernel_engine import registry
from tests.engine.vm_helpers import run_string

strings = st.lists(st.integers(0, 9), min_size=1, max_size=40)
frame_counts = st.integers(1, 5)


@settings(max_examples=60, deadline=None)
@given(pages=strings, frames=frame_counts)
def test_frames_never_hold_a_page_twice(pages, frames) -> None:
    for policy in registry.names("vm"):
        for access in run_string(pages, frames, policy)["vm"]["accesses"]:
            held = [(f["who"], f["page"]) for f in access["frames"] if f]
            assert len(held) == len(set(held)), (policy, access)


@settings(max_examples=80, deadline=None)
@given(pages=strings, frames=frame_counts)
def test_lru_never_evicts_a_page_used_more_recently_than_another_resident(pages, frames) -> None:
    accesses = run_string(pages, frames, "lru")["vm"]["accesses"]
    last_use: dict[int, int] = {}
    for i, access in enumerate(accesses):
        if access["evicted"] is not None:
            victim = access["evicted"]["page"]
            before = accesses[i - 1]["frames"]
            residents = [f["page"] for f in before if f]
            assert all(last_use[victim] <= last_use[p] for p in residents)
        last_use[access["page"]] = i


@settings(max_examples=80, deadline=None)
@given(pages=strings, frames=frame_counts)
def test_opt_faults_no_more_than_any_other_policy(pages, frames) -> None:
    best = run_string(pages, frames, "opt")["vm"]["faults"]
    for policy in registry.names("vm"):
        assert best <= run_string(pages, frames, policy, seed=7)["vm"]["faults"], policy


@settings(max_examples=40, deadline=None)
@given(pages=strings, frames=frame_counts)
def test_hits_plus_faults_is_the_number_of_accesses_and_a_fault_loads_the_page(pages, frames) -> None:
    for policy in registry.names("vm"):
        vm = run_string(pages, frames, policy)["vm"]
        assert vm["hits"] + vm["faults"] == len(pages)
        for access in vm["accesses"]:
            assert {"who": "P", "page": access["page"]} in access["frames"]
