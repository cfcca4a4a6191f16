"""The sentence an ``llm_iteration`` event says (docs/llm.md, "Steps").

"iteration 12: batch of 5 (3 decode, 2 prefill of 1,024 tokens), 1,027
tokens, 88 ticks (compute-bound)": the batch's mix of work is a nested
reason (only the kinds present are named), and so are the tokens computed
("1 token") and what bounds the cost (reading weights and KV cache, or
computing; plus a swap's PCIe time).
"""
from __future__ import annotations

from ..i18n import Reason, define, gettext_noop
from .cost import CostModel

ITERATION = define("llm.iteration", gettext_noop(
    "iteration {n}: batch of {seqs} ({mix}), {tokens}, {ticks} ticks ({bound})"))
ITERATION_PADDED = define("llm.iteration.padded", gettext_noop(
    "iteration {n}: batch of {seqs} ({mix}), {tokens} + {padded} of padding, "
    "{ticks} ticks ({bound})"))
#: The tokens computed: "1 token" reads better than "1 tokens" (a lone decode).
ONE_TOKEN = define("llm.tokens.one", gettext_noop("1 token"))
TOKENS = define("llm.tokens", gettext_noop("{n} tokens"))

#: The batch's mix, keyed by which kinds are present: (decode, prefill, swap in).
MIXES = {
    (True, False, False): define("llm.mix.d", gettext_noop("{d} decode")),
    (False, True, False): define("llm.mix.p", gettext_noop("{p} prefill of {pt} tokens")),
    (True, True, False): define("llm.mix.dp", gettext_noop("{d} decode, {p} prefill of {pt} tokens")),
    (False, False, True): define("llm.mix.s", gettext_noop("{s} swapped in")),
    (True, False, True): define("llm.mix.ds", gettext_noop("{d} decode, {s} swapped in")),
    (False, True, True): define("llm.mix.ps", gettext_noop(
        "{p} prefill of {pt} tokens, {s} swapped in")),
    (True, True, True): define("llm.mix.dps", gettext_noop(
        "{d} decode, {p} prefill of {pt} tokens, {s} swapped in")),
}
#: Only padding runs: finished members of a request-level batch wait for its longest.
MIX_PADDING = define("llm.mix.padding", gettext_noop("only padding"))

MEMORY_BOUND = define("llm.bound.memory", gettext_noop("memory-bound"))
COMPUTE_BOUND = define("llm.bound.compute", gettext_noop("compute-bound"))
MEMORY_BOUND_SWAP = define("llm.bound.memory.swap", gettext_noop(
    "memory-bound, {s} of them moving swapped blocks over PCIe"))
COMPUTE_BOUND_SWAP = define("llm.bound.compute.swap", gettext_noop(
    "compute-bound, {s} of them moving swapped blocks over PCIe"))


def _grouped(n: int) -> str:
    return f"{n:,}"


def iteration_reason(n: int, members: list, seqs: int, tokens: int, padded: int,
                     context: int, ticks: int, swap_ticks: int, cost: CostModel) -> Reason:
    """Why iteration ``n`` costs ``ticks``: its batch's mix, its tokens and what bounds it.

    ``members`` is the batch ``[[id, kind, tokens]]``; ``tokens`` the tokens
    computed (``padded`` more when a static batch pads), ``context`` the
    token states read.
    """
    decode = sum(1 for m in members if m[1] == "decode")
    prefill = [m[2] for m in members if m[1] == "prefill"]
    swapped = sum(1 for m in members if m[1] == "swap_in")
    shape = (decode > 0, bool(prefill), swapped > 0)
    mix = (MIXES[shape].say(d=decode, p=len(prefill), pt=_grouped(sum(prefill)), s=swapped)
           if any(shape) else MIX_PADDING.say())
    memory = cost.memory_ticks(context) >= cost.compute_ticks(tokens + padded)
    if swap_ticks:
        bound = (MEMORY_BOUND_SWAP if memory else COMPUTE_BOUND_SWAP).say(s=_grouped(swap_ticks))
    else:
        bound = (MEMORY_BOUND if memory else COMPUTE_BOUND).say()
    computed = ONE_TOKEN.say() if tokens == 1 else TOKENS.say(n=_grouped(tokens))
    args = {"n": n, "seqs": seqs, "mix": mix, "tokens": computed,
            "ticks": _grouped(ticks), "bound": bound}
    if padded:
        return ITERATION_PADDED.say(padded=_grouped(padded), **args)
    return ITERATION.say(**args)
