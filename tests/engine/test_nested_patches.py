"""Nested collections are patched where they changed (docs/internals.md, "Steps"):
a dict of block tables sends the tables that changed, not the dict."""
from __future__ import annotations

from typing import Any

import kernel_engine as ke
from kernel_engine import presets
from kernel_engine.kernel.delta import apply_patch, diff, encode, weight

KV_PER_TOKEN = 2 * 40 * 5120 * 2    # the default 13B model: 800 KiB per token state
BLOCK = 16


def test_weight_counts_entries_at_every_depth():
    assert weight(7) == 1
    assert weight([1, 2, 3]) == 4
    assert weight({"a": [0, 1, 2], "b": [3]}) == 1 + 4 + 2
    assert weight([[0, 2], [1, 2]]) == 1 + 3 + 3


def test_admitting_requests_sets_only_the_new_tables():
    tables = {f"r{k}": list(range(10 * k, 10 * k + 10)) for k in range(20)}
    admitted = dict(tables, r20=[200, 201], r21=[202])
    assert diff(tables, admitted) == {"set": {"r20": [200, 201], "r21": [202]}}


def test_tables_inside_a_state_dict_are_patched_not_resent():
    # The shape of state.llm: a table growing by a block is an append in place,
    # even though the tables together weigh far more than their keys.
    before = {"llm": {"running": ["a", "b"], "tables": {"a": list(range(40)), "b": list(range(40, 90))}}}
    after = {"llm": {"running": ["a", "b"], "tables": {"a": list(range(40)) + [90],
                                                      "b": list(range(40, 90)) + [91]}}}
    change = encode(before, after)
    assert change["state"] == {}
    assert change["patch"] == {"llm": {"edit": {"tables": {"edit": {"a": {"append": [90]},
                                                                     "b": {"append": [91]}}}}}}
    assert apply_patch(before["llm"], change["patch"]["llm"]) == after["llm"]


def steps_setting_whole_tables(raw: dict[str, Any]) -> list[int]:
    """Steps (not keyframes) that resend ``llm.tables`` whole although the reader has it
    (an emptied dict, all requests gone at once, is cheapest sent whole)."""
    found = []
    had_tables = False
    for step in ke.iter_steps(raw):
        llm_patch = step.get("patch", {}).get("llm", {})
        whole = step["state"].get("llm", {}).get("tables") or llm_patch.get("set", {}).get("tables")
        if whole and had_tables and not step["keyframe"]:
            found.append(step["i"])
        if step["keyframe"] or "llm" in step["state"]:
            had_tables = "tables" in step["state"].get("llm", {})
        elif "llm" in step.get("gone", ()):
            had_tables = False
        else:
            had_tables = had_tables or "tables" in llm_patch.get("set", {})
    return found


def test_a_paged_run_never_resends_its_tables_whole_between_keyframes():
    # Requests arriving in bursts: each admission adds tables to a dict that is already there.
    requests = [{"id": f"r{k}", "prompt": 20 + 7 * k, "output": 30, "arrival": 5 * (k // 4)}
                for k in range(16)]
    raw = {"llm": {"gpu": {"kv_pool_bytes": 256 * BLOCK * KV_PER_TOKEN}, "kv": {"policy": "paged"},
                   "requests": requests}}
    assert steps_setting_whole_tables(raw) == []
    assert steps_setting_whole_tables(presets.load("llm-prefix-sharing")) == []
