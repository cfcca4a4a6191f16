"""Patches between bounded views: applying one gives exactly the new view."""
from __future__ import annotations

import json
import random

from kernel_engine.kernel.delta import LIMIT, apply_patch, bounded, diff, encode


def changed(rng: random.Random, queue: list) -> list:
    """A queue after one of the moves a kernel makes."""
    out = list(queue)
    move = rng.randrange(5)
    if move == 0 and out:
        out.append(out.pop(0))                        # round robin
    elif move == 1:
        out.insert(rng.randrange(len(out) + 1), f"N{rng.randrange(1000)}")  # priority insert
    elif move == 2 and out:
        del out[rng.randrange(len(out))]              # a process leaves
    elif move == 3:
        out = out[rng.randrange(len(out) + 1):] + [f"A{rng.randrange(1000)}"]
    else:
        rng.shuffle(out)
    return out


def test_every_list_change_round_trips():
    rng = random.Random(7)
    queue = [f"P{n}" for n in range(30)]
    for _ in range(2000):
        after = changed(rng, queue)
        patch = diff(queue, after)
        rebuilt = after if patch is None else apply_patch(queue, patch)
        assert rebuilt == after and queue is not rebuilt
        queue = after


def test_nested_collections_round_trip_and_keep_their_order():
    rng = random.Random(11)
    state = {"levels": [[f"P{n}" for n in range(8)], [], []], "boxes": {"a": [{"from": "b", "body": 1}]}}
    for _ in range(500):
        after = json.loads(json.dumps(state))
        level = rng.randrange(3)
        after["levels"][level] = changed(rng, after["levels"][level])
        box = rng.choice("abcd")
        after["boxes"].setdefault(box, []).append({"from": "x", "body": rng.randrange(9)})
        if rng.random() < 0.3:
            after["boxes"].pop(rng.choice(list(after["boxes"])))
        change = encode(state, after)
        rebuilt = dict(state, **change["state"])
        for key, patch in change.get("patch", {}).items():
            rebuilt[key] = apply_patch(state[key], patch)
        assert json.dumps(rebuilt) == json.dumps(after)
        state = after


def test_a_long_collection_shows_its_first_entries_and_how_many_more():
    names = [f"P{n}" for n in range(LIMIT + 5)]
    assert bounded(names) == names[:LIMIT] + [{"more": 5}]
    blocked = {name: {"on": "disk"} for name in names}
    view = bounded({"blocked": blocked})["blocked"]
    assert len(view) == LIMIT + 1 and view["more"] == 5 and list(view)[:2] == ["P0", "P1"]
    assert bounded(names[:LIMIT]) is not None and bounded(names[:LIMIT]) == names[:LIMIT]


def test_a_rotation_is_sent_as_drop_and_append():
    queue = [f"P{n}" for n in range(40)]
    assert diff(queue, queue[2:] + ["P0", "P1"]) == {"drop": 2, "append": ["P0", "P1"]}
    assert diff(queue, queue[:10] + queue[11:]) == {"splice": [10, 1, []]}
    assert diff(["A"], ["B"]) is None
