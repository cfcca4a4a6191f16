"""The compare page's choice of what to compare (playground/studio/compare_variants.py):
a subsystem, two to four policies, and the settings compare may change."""
from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from kernel_engine import presets, registry, simulate
from kernel_engine.llm.config import BATCH_MODES
from playground.studio.compare_variants import SUBSYSTEMS, Variant, read_variants, scenario_of

pytestmark = pytest.mark.django_db


def variants_of(client: Client, query: str) -> tuple[int, list[dict], str]:
    response = client.get(f"/compare/?{query}")
    page = response.content.decode()
    found = re.search(r'<script id="compare-variants" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no compare-variants data on the page"
    return response.status_code, json.loads(found.group(1)), page


def test_memory_allocators_are_compared_with_their_list_order(client: Client) -> None:
    status, variants, page = variants_of(
        client, "preset=fit-textbook&subsystem=memory&policy=best_fit&policy=first_fit")
    assert status == 200
    assert [v["id"] for v in variants] == ["first_fit", "best_fit"]  # the scenario's own first
    assert variants[0]["shown"] == {"order": "address"}
    assert "<h1>Compare memory allocators</h1>" in page


def test_a_list_order_is_a_variant_of_its_own(client: Client) -> None:
    _status, variants, _page = variants_of(
        client, "preset=fit-textbook&subsystem=memory&policy=first_fit&policy=first_fit:order=size_asc")
    assert [(v["policy"], v["settings"]) for v in variants] == [("first_fit", {}), ("first_fit", {"order": "size_asc"})]
    assert variants[1]["label"] == "First fit (order size_asc)"


def test_rr_quantum_from_the_form_field_or_the_address(client: Client) -> None:
    _s, by_field, _p = variants_of(client, "preset=srtf-four&policy=srt&policy=rr&rr.quantum=3")
    _s, by_address, _p = variants_of(client, "preset=srtf-four&policy=srt&policy=rr:quantum=3")
    assert by_field == by_address
    assert by_field[1]["id"] == "rr:quantum=3" and by_field[1]["shown"] == {"quantum": 3}
    # The scenario's own quantum (the default, 2) is no change at all.
    _s, same, _p = variants_of(client, "preset=srtf-four&policy=srt&policy=rr&rr.quantum=2")
    assert same[1]["id"] == "rr" and same[1]["shown"] == {"quantum": 2}


def test_the_picker_shows_rr_quantum_and_the_list_orders(client: Client) -> None:
    cpu = client.get("/compare/?preset=srtf-four").content.decode()
    assert re.search(r'<input type="number"[^>]*name="rr\.quantum" value="2"', cpu)
    memory = client.get("/compare/?preset=fit-textbook&subsystem=memory").content.decode()
    assert 'value="first_fit:order=size_asc"' in memory
    assert re.search(r'<input type="checkbox" name="policy" value="best_fit" checked>', memory)


@pytest.mark.parametrize("query, says", [
    ("preset=srtf-four&policy=srt&policy=rr:quantum=0", "rr: quantum must be a whole number of ticks"),
    ("preset=srtf-four&policy=srt&policy=fcfs:quantum=3", "fcfs has no setting “quantum” to compare."),
    ("preset=fit-textbook&subsystem=memory&policy=first_fit&policy=best_fit:order=sideways",
     "best_fit: order must be one of address"),
    ("preset=fit-textbook&subsystem=memory&policy=first_fit&policy=quick_fit",
     "There is no memory allocator named “quick_fit”"),
    ("preset=srtf-four&subsystem=io", "This scenario has no “io” section"),
    ("preset=srtf-four&subsystem=gpu", "There is nothing called “gpu” to compare"),
    ("preset=disk-textbook-sstf&subsystem=io&policy=sstf", "Pick two to four policies to compare; you picked 1."),
])
def test_a_wrong_choice_is_a_sentence_and_a_400(client: Client, query: str, says: str) -> None:
    status, variants, page = variants_of(client, query)
    assert status == 400 and variants == []
    assert says in page.replace("&ldquo;", "“").replace("&rdquo;", "”")


def test_the_variant_scenario_replaces_only_the_policy_and_its_settings() -> None:
    scenario = presets.load("fit-textbook")
    ran = scenario_of(scenario, SUBSYSTEMS["memory"], Variant("buddy"))
    assert ran["memory"]["policy"] == "buddy" and ran["memory"]["order"] == "address"
    assert ran["processes"] == scenario["processes"] and scenario["memory"]["policy"] == "first_fit"
    variants, errors = read_variants(SUBSYSTEMS["io"], ["scan:direction=down", "look"], {},
                                     presets.load("disk-textbook-sstf"))
    assert errors == [] and [v.id for v in variants] == ["scan:direction=down", "look"]


def where_of(page: str) -> dict:
    found = re.search(r'<script id="compare-where" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no compare-where data on the page"
    return json.loads(found.group(1))


def test_page_replacement_policies_come_from_the_registry_with_frames_as_a_setting(client: Client) -> None:
    page = client.get("/compare/?preset=vm-textbook-fifo&subsystem=vm").content.decode()
    assert "<h1>Compare page replacement policies</h1>" in page
    offered = re.findall(r'<input type="checkbox" name="policy" value="([a-z0-9_]+)"', page)
    assert offered == registry.names("vm")
    # The textbook's trio is ticked: the scenario's FIFO, OPT and LRU.
    ticked = re.findall(r'<input type="checkbox" name="policy" value="([a-z0-9_]+)" checked>', page)
    assert ticked == ["fifo", "lru", "opt"]
    assert re.search(r'<input type="number"[^>]*name="lru\.frames" value="3"', page)
    assert where_of(page) == {"path": ["vm"], "field": "replacement"}


def test_the_textbook_string_under_fifo_opt_and_lru(client: Client) -> None:
    status, variants, _page = variants_of(
        client, "preset=vm-textbook-fifo&subsystem=vm&policy=opt&policy=lru&policy=fifo")
    assert status == 200
    assert [v["id"] for v in variants] == ["fifo", "lru", "opt"]
    assert variants[0]["label"] == "FIFO" and variants[0]["shown"] == {"frames": 3}
    scenario = presets.load("vm-textbook-fifo")
    faults = {v["id"]: simulate(scenario_of(scenario, SUBSYSTEMS["vm"], Variant(v["policy"])))["vm"]["faults"]
              for v in variants}
    assert faults == {"fifo": 15, "lru": 12, "opt": 9}


def test_the_picker_leaves_out_opt_where_processes_share_the_frames(client: Client) -> None:
    page = client.get("/compare/?preset=vm-thrashing&subsystem=vm").content.decode()
    ticked = re.findall(r'<input type="checkbox" name="policy" value="([a-z0-9_]+)" checked>', page)
    assert ticked == ["fifo", "lru"]  # the scenario's LRU and FIFO; OPT would be refused
    status, _variants, page = variants_of(client, "preset=vm-thrashing&subsystem=vm&policy=lru&policy=opt")
    assert status == 400 and "opt cannot run this scenario" in page


def test_frames_are_a_variant_setting_of_every_policy(client: Client) -> None:
    _s, variants, _p = variants_of(client, "preset=vm-belady-fifo-3&subsystem=vm&policy=fifo&policy=fifo:frames=4")
    assert [(v["policy"], v["settings"]) for v in variants] == [("fifo", {}), ("fifo", {"frames": 4})]
    scenario = presets.load("vm-belady-fifo-3")
    runs = [simulate(scenario_of(scenario, SUBSYSTEMS["vm"], Variant(v["policy"], v["settings"]))) for v in variants]
    assert [r["vm"]["faults"] for r in runs] == [9, 10]  # Belady's anomaly


def test_llm_dimensions_replace_only_their_own_policy(client: Client) -> None:
    status, variants, page = variants_of(
        client, "preset=llm-convoy&subsystem=llm_scheduling&policy=fcfs&policy=rr:quantum_tokens=16")
    assert status == 200 and "<h1>Compare LLM request scheduling</h1>" in page
    assert [v["id"] for v in variants] == ["fcfs", "rr:quantum_tokens=16"]
    assert where_of(page) == {"path": ["llm", "scheduling"], "field": "policy"}
    scenario = presets.load("llm-convoy")
    ran = scenario_of(scenario, SUBSYSTEMS["llm_scheduling"], Variant("rr", {"quantum_tokens": 16}))
    assert ran["llm"]["scheduling"] == {**scenario["llm"]["scheduling"], "policy": "rr", "quantum_tokens": 16}
    assert ran["llm"]["requests"] == scenario["llm"]["requests"]
    # A section the preset leaves out is made, its parent kept.
    kv = scenario_of(scenario, SUBSYSTEMS["llm_kv"], Variant("contiguous_max"))
    assert kv["llm"]["kv"] == {"policy": "contiguous_max"} and kv["llm"]["batching"] == scenario["llm"]["batching"]


def test_llm_kv_policies_come_from_the_registry_and_the_engine_default_is_ticked(client: Client) -> None:
    page = client.get("/compare/?preset=llm-convoy&subsystem=llm_kv").content.decode()
    offered = re.findall(r'<input type="checkbox" name="policy" value="([a-z0-9_]+)"', page)
    assert offered == registry.names("llm_kv")
    ticked = re.findall(r'<input type="checkbox" name="policy" value="([a-z0-9_]+)" checked>', page)
    assert set(ticked) == {"paged", "contiguous_max"}  # the engine's default (the preset names none)
    batching = client.get("/compare/?preset=llm-convoy&subsystem=llm_batching").content.decode()
    assert re.findall(r'<input type="checkbox" name="policy" value="([a-z0-9_]+)"', batching) == BATCH_MODES
    # The links to the other comparisons name every part the scenario has.
    assert 'data-subsystem="llm_kv"' in batching and 'data-subsystem="vm"' not in batching


@pytest.mark.parametrize("query, says", [
    ("preset=vm-textbook-fifo&subsystem=vm&policy=fifo&policy=lru:frames=0",
     "lru: frames must be a whole number of frames from 1 to 1,000,000"),
    ("preset=vm-textbook-fifo&subsystem=vm&policy=fifo&policy=belady",
     "There is no page replacement policy named “belady”"),
    ("preset=srtf-four&subsystem=vm", "This scenario has no “vm” section"),
    ("preset=srtf-four&subsystem=llm_kv", "This scenario has no “llm” section"),
    ("preset=llm-convoy&subsystem=llm_scheduling&policy=fcfs&policy=fcfs:quantum_tokens=5",
     "fcfs has no setting “quantum_tokens” to compare."),
])
def test_a_wrong_vm_or_llm_choice_is_a_sentence_and_a_400(client: Client, query: str, says: str) -> None:
    status, variants, page = variants_of(client, query)
    assert status == 400 and variants == []
    assert says in page.replace("&ldquo;", "“").replace("&rdquo;", "”")
