"""Block tables in the steps of a paged KV pool (docs/llm.md, "Steps"): each
running request's logical -> physical block numbers and every shared block's
reference count, as vLLM's block manager keeps them."""
from __future__ import annotations

import json
from typing import Any

import kernel_engine as ke
from kernel_engine import presets
from kernel_engine.kernel.delta import LIMIT, apply_step
from kernel_engine.llm.paged import TABLE_MAX_BLOCKS

KV_PER_TOKEN = 2 * 40 * 5120 * 2    # the default 13B model: 800 KiB per token state
BLOCK = 16


def pool_of(blocks: int) -> dict:
    return {"kv_pool_bytes": blocks * BLOCK * KV_PER_TOKEN}


def llm_states(raw: dict) -> list[dict[str, Any]]:
    """``state.llm`` after each step that has one, as a reader rebuilds it from the patches."""
    state: dict[str, Any] = {}
    out = []
    for step in ke.iter_steps(raw):
        state = apply_step(state, step)
        if "llm" in state:
            out.append(state["llm"])
    return out


def samples(state: dict[str, Any], rid: str) -> list[list[int]]:
    """The tables of each sample of ``rid`` (logical block i of sample k at index i * n + k)."""
    n = state["samples"].get(rid, 1)
    return [state["tables"][rid][k::n] for k in range(n)]


def test_a_request_gets_the_lowest_free_blocks_in_logical_order():
    raw = {"llm": {"gpu": pool_of(64), "kv": {"policy": "paged"},
                   "requests": [{"id": "a", "prompt": 40, "output": 2},
                                {"id": "b", "prompt": 20, "output": 2}]}}
    first = llm_states(raw)[0]
    # a: 41 slots after its prefill -> 3 blocks; b: 21 slots -> 2 blocks.
    assert first["tables"] == {"a": [0, 1, 2], "b": [3, 4]}
    assert first["refs"] == []
    assert first["blocks"] == {"a": [3, 0], "b": [2, 0]}   # the summary stays as it was


def test_two_samples_share_prompt_blocks_with_refcount_two():
    # Prompt 32 fills blocks 0 and 1, held by both samples; the first token goes
    # into a block of each sample's own.
    raw = {"llm": {"gpu": pool_of(64), "kv": {"policy": "paged_shared"},
                   "requests": [{"id": "r", "prompt": 32, "output": 3, "n": 2}]}}
    first = llm_states(raw)[0]
    assert samples(first, "r") == [[0, 1, 2], [0, 1, 3]]
    assert first["refs"] == [[0, 2], [1, 2]]
    assert first["samples"] == {"r": 2}
    assert first["blocks"] == {"r": [4, 2]}


def test_copy_on_write_gives_the_writer_a_new_physical_block():
    # A chunk of 36 prompt tokens: blocks 0, 1 and the partial block 2 are shared by
    # both samples.  The next iteration writes into block 2: sample 0 gets a copy
    # (block 3, the lowest free), sample 1 keeps block 2, now held once.
    raw = {"llm": {"gpu": pool_of(64), "kv": {"policy": "paged_shared"},
                   "batching": {"chunked_prefill": True, "max_batch_tokens": 36},
                   "requests": [{"id": "r", "prompt": 40, "output": 3, "n": 2}]}}
    states = llm_states(raw)
    assert samples(states[0], "r") == [[0, 1, 2], [0, 1, 2]]
    assert states[0]["refs"] == [[0, 2], [1, 2], [2, 2]]
    assert samples(states[1], "r") == [[0, 1, 3], [0, 1, 2]]
    assert states[1]["refs"] == [[0, 2], [1, 2]]


def test_a_shared_prefix_is_held_by_every_request_that_uses_it():
    raw = {"llm": {"gpu": pool_of(64), "kv": {"policy": "paged_shared"}, "prefixes": {"system": 32},
                   "requests": [{"id": "a", "prompt": 40, "output": 8, "prefix": "system"},
                                {"id": "b", "prompt": 40, "output": 8, "prefix": "system", "arrival": 30},
                                {"id": "c", "prompt": 40, "output": 8, "prefix": "system", "arrival": 30}]}}
    last_three = next(s for s in llm_states(raw) if len(s["tables"]) == 3)
    assert [t[:2] for t in last_three["tables"].values()] == [[0, 1]] * 3
    assert last_three["refs"][:2] == [[0, 3], [1, 3]]


def test_freed_blocks_are_reused_lowest_number_first():
    # a holds blocks 0-2 and finishes after its first token; b holds 3 and 4.  c
    # arrives later and gets 0 and 1; b's next block is 2, not 5.
    raw = {"llm": {"gpu": pool_of(64), "kv": {"policy": "paged"},
                   "requests": [{"id": "a", "prompt": 40, "output": 1},
                                {"id": "b", "prompt": 20, "output": 20},
                                {"id": "c", "prompt": 20, "output": 40, "arrival": 30}]}}
    states = llm_states(raw)
    assert states[0]["tables"] == {"a": [0, 1, 2], "b": [3, 4]}
    with_c = next(s for s in states if "c" in s["tables"])
    assert with_c["tables"]["c"] == [0, 1]
    grown = next(s for s in states if len(s["tables"]["b"]) == 3)
    assert grown["tables"]["b"] == [3, 4, 2]


def test_reference_counts_match_the_tables_and_the_summary_at_every_step():
    for state in llm_states(presets.load("llm-prefix-sharing")):
        n = {rid: len(set(t)) for rid, t in state["tables"].items()}
        held: dict[int, int] = {}
        for table in state["tables"].values():
            for b in table:
                held[b] = held.get(b, 0) + 1
        refs = dict(state["refs"])
        assert refs == {b: k for b, k in held.items() if k > 1}
        assert [b for b, _ in state["refs"]] == sorted(refs)
        assert {rid: [n[rid], sum(1 for b in set(t) if b in refs)] for rid, t in state["tables"].items()} \
            == state["blocks"]


def test_block_table_omitted_above_the_cap():
    requests = [{"id": "r", "prompt": 40, "output": 2}]
    at_cap = {"llm": {"gpu": pool_of(TABLE_MAX_BLOCKS), "requests": requests}}
    above = {"llm": {"gpu": pool_of(TABLE_MAX_BLOCKS + 1), "requests": requests}}
    assert all("tables" in s and "samples" in s and "refs" in s for s in llm_states(at_cap))
    states = llm_states(above)
    assert states and not any("tables" in s or "samples" in s or "refs" in s for s in states)
    assert states[0]["blocks"] == {"r": [3, 0]}


def test_a_table_longer_than_a_step_shows_is_omitted_not_cut():
    long = (LIMIT + 1) * BLOCK    # LIMIT + 1 blocks once its first token is in
    raw = {"llm": {"gpu": pool_of(1024), "kv": {"max_seq_len": 4096},
                   "requests": [{"id": "long", "prompt": long - 1, "output": 2},
                                {"id": "short", "prompt": 20, "output": 40}]}}
    states = llm_states(raw)
    assert "tables" not in states[0]
    after = next(s for s in states if "long" not in s["running"])
    assert after["tables"] == {"short": after["tables"]["short"]}


def test_contiguous_steps_carry_no_block_tables():
    raw = {"llm": {"gpu": pool_of(64), "kv": {"policy": "contiguous_max", "max_seq_len": 64},
                   "requests": [{"id": "a", "prompt": 40, "output": 2}]}}
    assert not any("tables" in s for s in llm_states(raw))


def test_a_growing_table_is_sent_as_an_append():
    # Six requests crossing a block boundary at different iterations: a step
    # patches the one table that grew instead of resending them all.
    requests = [{"id": f"r{k}", "prompt": 10 + k, "output": 20} for k in range(6)]
    raw = {"llm": {"gpu": pool_of(64), "requests": requests}}
    edits = [step["patch"]["llm"]["edit"]["tables"]["edit"] for step in ke.iter_steps(raw)
             if "tables" in step.get("patch", {}).get("llm", {}).get("edit", {})]
    # r0-r5 hold blocks 0-5; r5, the longest prompt, passes 16 slots first: block 6.
    assert {"r5": {"append": [6]}} in edits
    assert all(len(edit) == 1 for edit in edits)


def test_results_do_not_depend_on_tracing():
    raw = presets.load("llm-prefix-sharing")
    traced = ke.Run(raw)
    for _ in traced:
        pass
    assert json.dumps(traced.result["llm"]) == json.dumps(ke.simulate(raw)["llm"])
