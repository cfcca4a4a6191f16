"""The compare page's choice of what to compare (playground/studio/compare_variants.py):
a subsystem, two to four policies, and the settings compare may change."""
from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from kernel_engine import presets
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
