"""The built-in presets: every one valid, described, and true to its description."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from kernel_engine import presets, simulate
from kernel_engine.scenario import problems

CONTRACT_EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PRESET_DIR = resources.files("kernel_engine.presets")


def test_the_index_lists_every_preset_file_once():
    files = sorted(p.name[:-5] for p in PRESET_DIR.iterdir()
                   if p.name.endswith(".json") and p.name != "index.json")
    assert sorted(presets.names()) == files
    assert len(set(presets.names())) == len(presets.names())


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_is_a_valid_scenario(name):
    assert [str(p) for p in problems(presets.load(name))] == []


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_has_a_title_and_a_one_paragraph_description(name):
    scenario = presets.load(name)
    assert 0 < len(scenario["title"]) <= 200
    description = scenario["description"]
    assert 200 <= len(description) <= 5000 and "\n" not in description


def test_catalog_entries_are_in_gallery_order_with_known_categories():
    catalog = presets.catalog()
    assert [entry["name"] for entry in catalog] == presets.names()
    assert {entry["category"] for entry in catalog} == set(presets.CATEGORIES)
    for entry in catalog:
        assert set(entry) == {"name", "title", "summary", "category", "checkpoints"}
        description = presets.load(entry["name"])["description"]
        assert description.startswith(entry["summary"])
        assert entry["summary"].endswith((".", "!", "?")) and len(entry["summary"]) < 400


def test_summary_is_the_first_sentence():
    assert presets.summary("SCAN moves the arm. It turns at 0.5 of the way.") == \
        "SCAN moves the arm."


def test_load_gives_a_fresh_copy_each_time():
    first = presets.load("fcfs-convoy")
    first["processes"].clear()
    assert len(presets.load("fcfs-convoy")["processes"]) == 3


def test_an_unknown_preset_is_a_key_error_listing_the_names():
    with pytest.raises(KeyError) as info:
        presets.load("index")
    assert "choose one of llm-os-combined, " in str(info.value)


def test_every_shared_example_ships_as_a_preset_with_a_description():
    examples = sorted(p for p in CONTRACT_EXAMPLES.glob("*.json") if not p.name.startswith("bad-"))
    assert examples
    for path in examples:
        preset = presets.load(path.stem)
        assert preset.pop("description")
        assert preset == json.loads(path.read_text("utf-8")), path.name


# -- the answers the descriptions promise --------------------------------------

def run(name: str) -> dict:
    return simulate(presets.load(name), summary=True)


def waiting(name: str) -> float:
    return run(name)["averages"]["waiting"]


@pytest.mark.parametrize("name, average_wait", [
    ("fcfs-convoy", 17.0), ("sjf-four", 7.0), ("srtf-four", 6.5), ("cpu-srt-four", 6.5),
    ("rr-q4", 17 / 3), ("priority-five", 8.2), ("seed-srt-three", 8 / 3),
    ("rr-two-cores", 2.5), ("mlfq-three-levels", 2.5),
])
def test_cpu_presets_give_the_textbook_average_wait(name, average_wait):
    assert waiting(name) == pytest.approx(average_wait)


@pytest.mark.parametrize("name, order, movement, returning", [
    ("disk-textbook-fcfs", [98, 183, 37, 122, 14, 124, 65, 67], 640, 0),
    ("disk-textbook-sstf", [65, 67, 37, 14, 98, 122, 124, 183], 236, 0),
    ("disk-sstf", [65, 67, 37, 14, 98, 122, 124, 183], 236, 0),
    ("disk-textbook-scan", [37, 14, 65, 67, 98, 122, 124, 183], 236, 0),
    ("disk-textbook-cscan", [65, 67, 98, 122, 124, 183, 14, 37], 382, 199),
    ("disk-textbook-look", [65, 67, 98, 122, 124, 183, 37, 14], 299, 0),
    ("disk-textbook-clook", [65, 67, 98, 122, 124, 183, 14, 37], 322, 169),
    ("seed-io-queue", [98, 183, 37, 122], 361, 0),
])
def test_disk_presets_give_the_textbook_order_and_movement(name, order, movement, returning):
    io = run(name)["io"]
    assert [io["requests"][i]["cylinder"] for i in io["order"]] == order
    assert (io["total_movement"], io["return_movement"]) == (movement, returning)


def placements(name: str) -> dict[str, int | None]:
    return {op["ref"]: op["addr"] for op in run(name)["memory"]["ops"] if op["op"] == "alloc"}


def test_fit_textbook_first_fit_cannot_place_426_kb():
    kb = 1024
    assert placements("fit-textbook") == {"r212": 200 * kb, "r417": 1500 * kb,
                                          "r112": 412 * kb, "r426": None}


def test_buddy_preset_places_blocks_at_the_textbook_addresses():
    kb = 1024
    assert placements("buddy-1mb") == {"A": 0, "B": 128 * kb, "C": 256 * kb, "D": 192 * kb}


def test_dining_philosophers_deadlock_unless_forks_are_ordered():
    deadlocked = run("dining-philosophers")
    assert deadlocked["status"] == "deadlock"
    assert sorted(deadlocked["deadlock"]["cycle"]) == [f"phil{i}" for i in range(5)]
    assert run("dining-philosophers-ordered")["status"] == "completed"


def test_pub_sub_copies_each_publish_to_every_subscriber():
    messages = run("pub-sub")["ipc"]["messages"]
    assert sorted((m["topic"], m["to"]) for m in messages) == [
        ("sports", "bob"), ("sports", "carol"), ("weather", "alice"), ("weather", "bob")]


def test_seed_matmul_gives_the_product():
    (call,) = run("seed-matmul")["calls"]
    assert call["value"] == [[19, 22], [43, 50]]


@pytest.mark.parametrize("name", ["llm-os-combined", "producer-consumer", "request-reply",
                                  "seed-message-passing", "seed-three-threads-rr",
                                  "threads-rr-mutex", "lottery-two"])
def test_workload_presets_run_to_completion(name):
    result = run(name)
    assert result["status"] == "completed"
    assert not result.get("errors")
