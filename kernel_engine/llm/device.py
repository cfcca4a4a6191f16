"""The LLM device: iteration-level (or request-level) batching over a KV policy.

One call to :meth:`LlmDevice.start` runs one iteration at instant ``t``:
it decides the batch (admissions, preemptions, prefill chunks, decodes),
applies it, and returns the instant the iteration ends (its cost in ticks,
:func:`cost.iteration_ticks`).  :meth:`LlmDevice.end` then records the
tokens' times and returns the requests that finished.  The rules are those
of the engine's contract for the LLM device (docs/llm.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .. import registry
from ..i18n import define, gettext_noop
from . import paged  # noqa: F401  (registers the paged policies)
from .config import kv_bytes_per_token
from .cost import CostModel
from .explain import iteration_reason

ADMIT = define("llm.admit", gettext_noop("{policy}: {who} admitted ({what})"))
PREEMPT = define("llm.preempt", gettext_noop(
    "{policy}: {who} preempted ({how}), lowest priority, {n} blocks short"))
ROTATE = define("llm.rr.rotate", gettext_noop(
    "rr: {who} preempted ({how}) after {n} tokens, to the tail of the waiting queue"))
BATCH_FULL = define("llm.wait.seqs", gettext_noop("{who} waits: the batch holds {n} sequences already"))
NO_BUDGET = define("llm.wait.tokens", gettext_noop("{who} waits: {n} prompt tokens, {m} left in the token budget"))
FINISH = define("llm.finish", gettext_noop("{who} finished: {n} tokens generated"))
#: Words inside sentences, themselves translatable (nested reasons).
WORDS = {w: define(f"llm.word.{w.replace(' ', '_')}", w) for w in (
    gettext_noop("prefill"), gettext_noop("recompute"), gettext_noop("swap"),
    gettext_noop("swap in"))}
SWAP_FULL = define("llm.swap.full", gettext_noop("{who} is recomputed instead: swap space holds no more blocks"))


#: waiting requests a step names (the rest are counted)
SHOWN = 16


@dataclass(eq=False)
class Request:
    id: str
    arrival: int
    prompt: int
    output: int
    prefix: str | None
    n: int
    index: int
    prefix_len: int = 0
    state: str = "pending"     # waiting, running, swapped (waiting, blocks in CPU memory), done
    generated: int = 0         # tokens produced per sample
    slots: int = 0             # token states held per sample
    target: int = 0            # slots the pending prefill reaches
    shared_slots: int = 0
    swapped_bytes: int = 0
    since: int = 0             # tokens produced since last scheduled (rr)
    order: int = 0             # rr queue position
    preemptions: int = 0
    first_token: int | None = None
    finish: int | None = None
    thread: Any = None
    pending_first: bool = False

    @property
    def final_len(self) -> int:
        return self.prompt + self.output

    @property
    def prefilling(self) -> bool:
        return self.slots < self.target


@dataclass
class Iteration:
    """One iteration's batch: ``[[id, kind, tokens]]`` and its cost."""
    members: list = field(default_factory=list)
    tokens: int = 0
    seqs: int = 0
    context: int = 0
    swap_bytes: int = 0
    padded: int = 0


class LlmDevice:
    """The serving GPU: its queues, its KV policy, its counters."""

    def __init__(self, config: dict, emit: Callable[..., None]) -> None:
        self.config = config
        self.emit = emit
        kvpt = kv_bytes_per_token(config["model"])
        self.kv = registry.get("llm_kv", config["kv"]["policy"])(
            config["kv"], kvpt, config["gpu"]["kv_pool_bytes"])
        self.cost = CostModel(config)
        self.batching = config["batching"]
        self.sched = config["scheduling"]
        self.requests: dict[str, Request] = {}
        self.waiting: list[Request] = []
        self.running: list[Request] = []
        self.iterations = 0
        self.seq_sum = 0
        self.max_batch = 0
        self.preemptions = 0
        self.recomputed = 0
        self.swap_ticks = 0
        self.swapped_bytes = 0      # in CPU memory now
        self.busy_until: int | None = None
        self.current: Iteration | None = None
        self._order = 0
        self.kv_area = {k: 0 for k in ("used", "reserved", "internal", "external", "free")}
        self.kv_now = self.kv.categories(None)
        self.kv_since: int | None = None
        self.first_arrival: int | None = None
        self.last_finish: int | None = None
        self._waits_said: dict[str, str] = {}

    # -- requests -----------------------------------------------------------
    def add(self, spec: dict, t: int, thread: Any = None) -> Request:
        prefix = spec.get("prefix")
        req = Request(spec["id"], t, spec["prompt"], spec["output"], prefix, spec.get("n", 1),
                      len(self.requests),
                      prefix_len=self.config["prefixes"].get(prefix, 0) if prefix else 0)
        req.thread = thread
        req.state = "waiting"
        req.target = req.prompt
        req.order = self._next_order()
        self.requests[req.id] = req
        self.waiting.append(req)
        if self.first_arrival is None:
            self._account(t)
            self.first_arrival = t
        return req

    def _next_order(self) -> int:
        self._order += 1
        return self._order

    def key(self, req: Request) -> tuple:
        """Priority: smaller runs first (fcfs: arrival; SRT: tokens left; rr: queue order)."""
        policy = self.sched["policy"]
        if policy == "shortest_remaining_tokens":
            return (req.output - req.generated, req.arrival, req.index)
        if policy == "rr":
            return (req.order, req.index)
        return (req.arrival, req.index)

    @property
    def has_work(self) -> bool:
        return bool(self.waiting or self.running)

    # -- time-weighted KV shares --------------------------------------------
    def _account(self, t: int) -> None:
        if self.kv_since is not None:
            span = t - self.kv_since
            for k, v in self.kv_now.items():
                self.kv_area[k] += v * span
        self.kv_since = t

    def _refresh_kv(self, t: int) -> None:
        self._account(t)
        need = None
        if self.waiting and not self.kv.paged:  # holes smaller than the head's need are lost
            need = self.kv.need(min(self.waiting, key=self.key))
        self.kv_now = self.kv.categories(need)

    # -- one iteration --------------------------------------------------------
    def start(self, t: int) -> int | None:
        """Run one iteration from ``t``; the instant it ends (None: nothing could run)."""
        it = Iteration()
        self.current = it
        self.iterations += 1
        budget = [self.batching["max_batch_tokens"]]
        if self.batching["mode"] == "request_level":
            self._request_level(it, budget, t)
        else:
            self._iteration_level(it, budget, t)
        if not it.members:
            self.iterations -= 1
            self._refresh_kv(t)
            return None
        swap_ticks = self.cost.swap_ticks(it.swap_bytes)
        self.swap_ticks += swap_ticks
        ticks = self.cost.iteration_ticks(it.tokens + it.padded, it.context) + swap_ticks
        self.seq_sum += it.seqs
        self.max_batch = max(self.max_batch, it.seqs)
        self._refresh_kv(t)
        self.busy_until = t + ticks
        reason = iteration_reason(self.iterations, it.members, it.seqs, it.tokens, it.padded,
                                  it.context, ticks, swap_ticks, self.cost)
        self.emit("llm_iteration", n=self.iterations, start=t, end=t + ticks,
                  batch=it.members, tokens=it.tokens, seqs=it.seqs, ticks=ticks, reason=reason)
        return t + ticks

    def _iteration_level(self, it: Iteration, budget: list[int], t: int) -> None:
        if self.sched["policy"] == "rr":
            self._rotate(t)
        preempted = False
        scheduled: set[str] = set()
        for req in sorted(self.running, key=self.key):
            if req.state != "running":
                continue
            slots, tokens, kind = self._work(req, budget[0], not it.members)
            if tokens == 0:
                continue
            while True:
                short = self.kv.grow(req, slots)
                if short == 0:
                    break
                victim = max((r for r in self.running if r.id not in scheduled), key=self.key)
                self._preempt(victim, t, PREEMPT, n=short)
                preempted = True
                if victim is req:
                    break
            if req.state != "running":
                continue
            scheduled.add(req.id)
            self._apply(it, req, slots, tokens, kind, budget)
        if not preempted:
            self._admit(it, budget, t, scheduled)

    def _request_level(self, it: Iteration, budget: list[int], t: int) -> None:
        live = [r for r in self.running if r.state == "running"]
        if not live:
            self._admit(it, budget, t, set(), padded=True)
            return
        scheduled: set[str] = set()
        for req in sorted(live, key=self.key):
            if req.state != "running":
                continue
            scheduled.add(req.id)
            if req.generated >= req.output:  # done, padding until the batch's longest ends
                it.padded += req.n
                it.seqs += req.n
                it.context += req.slots * req.n
                continue
            slots, tokens, kind = self._work(req, 1 << 60, True)
            while True:
                short = self.kv.grow(req, slots)
                if short == 0:
                    break
                # a finished member only pads the batch: it holds its blocks until the end
                victim = max((r for r in self.running if r is req or (
                    r.id not in scheduled and r.generated < r.output)), key=self.key)
                self._preempt(victim, t, PREEMPT, n=short)
                if victim is req:
                    break
            if req.state == "running":
                self._apply(it, req, slots, tokens, kind, budget)

    def _work(self, req: Request, budget: int, alone: bool) -> tuple[int, int, str]:
        """(slots per sample after this iteration, tokens computed, kind) within ``budget``."""
        if req.prefilling:
            todo = self._prefill_tokens(req, req.slots, req.target)
            if todo <= budget or (alone and not self.batching["chunked_prefill"]):
                return req.target + 1, todo, "prefill"   # the last position yields a token
            if not self.batching["chunked_prefill"] or budget <= 0:
                return req.slots, 0, ""
            if req.slots >= req.prompt:  # recomputing generated tokens: one per sample
                end = req.slots + budget // req.n
            elif req.slots + budget <= req.prompt:
                end = req.slots + budget
            else:
                end = req.prompt + (budget - (req.prompt - req.slots)) // req.n
            if end <= req.slots:
                return req.slots, 0, ""
            if end >= req.target:
                return req.target + 1, self._prefill_tokens(req, req.slots, req.target), "prefill"
            return end, self._prefill_tokens(req, req.slots, end), "prefill"
        if req.n > budget:
            return req.slots, 0, ""
        return req.slots + 1, req.n, "decode"

    def _prefill_tokens(self, req: Request, a: int, b: int) -> int:
        prompt_part = max(0, min(b, req.prompt) - a)
        return prompt_part + req.n * max(0, b - max(a, req.prompt))

    def _apply(self, it: Iteration, req: Request, slots: int, tokens: int, kind: str,
               budget: list[int]) -> None:
        produced = slots > req.target   # a decode, a swap-in, or the end of a prefill
        req.slots = slots
        if produced:
            req.generated += 1
            req.since += 1
            req.target = req.slots
            req.pending_first = req.pending_first or req.generated == 1
        budget[0] -= tokens
        it.tokens += tokens
        it.seqs += req.n
        it.context += req.slots * req.n
        it.members.append([req.id, kind, tokens])

    def _preempt(self, req: Request, t: int, why, **args) -> None:
        how = self.sched["preemption"]
        if how == "swap":
            held = self.kv.held_bytes(req)
            if self.swapped_bytes + held > self.kv.pool:  # swap space is as large as the GPU's
                how = "recompute"
                self.emit("llm_swap_full", who=req.id, reason=SWAP_FULL.say(who=req.id))
            else:
                req.swapped_bytes = held
                self.swapped_bytes += held
                self.current.swap_bytes += held
        self.kv.release(req)
        if how == "recompute":
            req.target = req.prompt + req.generated
            req.slots = 0
            req.shared_slots = 0
        self.running.remove(req)
        req.state = "swapped" if how == "swap" else "waiting"
        req.preemptions += 1
        self.preemptions += 1
        if why is ROTATE:
            req.order = self._next_order()
        self.waiting.append(req)
        reason = why.say(policy=self.kv.name, who=req.id, how=WORDS[how].say(), **args)
        self.emit("llm_preempt", who=req.id, how=how, reason=reason)

    def _rotate(self, t: int) -> None:
        """rr: when requests wait and the batch is full, expired requests go to the tail."""
        if not self.waiting:
            return
        head = min(self.waiting, key=self.key)
        for req in sorted(self.running, key=lambda r: r.order):
            if self._fits(head):
                return
            if req.since >= self.sched["quantum_tokens"]:
                n = req.since
                self._preempt(req, t, ROTATE, n=n)

    def _fits(self, head: Request) -> bool:
        seqs = sum(r.n for r in self.running)
        if seqs + head.n > self.batching["max_batch_seqs"]:
            return False
        need = head.swapped_bytes if head.state == "swapped" else self.kv.need(head)
        free = self.kv.categories(None)["free"]
        return need <= free

    def _admit(self, it: Iteration, budget: list[int], t: int, scheduled: set[str],
               padded: bool = False) -> None:
        seqs = sum(r.n for r in self.running)
        for req in sorted(self.waiting, key=self.key):
            if seqs + req.n > self.batching["max_batch_seqs"]:
                self._say_wait(req, BATCH_FULL.say(who=req.id, n=seqs))
                return
            swapped = req.state == "swapped"
            if swapped:
                slots, tokens, kind = req.slots + 1, req.n, "decode"
                if tokens > budget[0]:
                    self._say_wait(req, NO_BUDGET.say(who=req.id, n=tokens, m=budget[0]))
                    return
            else:
                slots, tokens, kind = self._work(req, budget[0], not it.members)
                if padded and it.members:
                    tokens = max(tokens, req.prompt)
                if tokens == 0 or (padded and tokens > budget[0] and it.members):
                    self._say_wait(req, NO_BUDGET.say(who=req.id, n=req.target - req.slots,
                                                      m=budget[0]))
                    return
            first_slots = req.slots if swapped else slots
            refusal = self.kv.admit(req, first_slots)
            if refusal is None and swapped:
                if self.kv.grow(req, slots):
                    self.kv.release(req)
                    refusal = "short"
            if refusal is not None:
                if refusal != "short":
                    self._say_wait(req, refusal)
                return
            if swapped:
                it.swap_bytes += req.swapped_bytes
                self.swapped_bytes -= req.swapped_bytes
                req.swapped_bytes = 0
            elif req.target > req.prompt:
                self.recomputed += self._prefill_tokens(req, req.slots, req.target)
            self.waiting.remove(req)
            self.running.append(req)
            req.state = "running"
            req.since = 0
            self._waits_said.pop(req.id, None)
            seqs += req.n
            what = "swap in" if swapped else ("recompute" if req.target > req.prompt else "prefill")
            self.emit("llm_admit", who=req.id, reason=ADMIT.say(policy=self.kv.name, who=req.id,
                                                                     what=WORDS[what].say()))
            self._apply(it, req, slots, tokens, "swap_in" if swapped else kind, budget)
        if padded and it.members:  # a static batch pads every prompt to the longest
            prompts = [self.requests[m[0]].prompt for m in it.members]
            it.padded += max(prompts) * len(prompts) - sum(prompts)

    def snapshot(self) -> dict[str, Any]:
        """The device for a step: queues (waiting: the first ``SHOWN`` and a count), the
        pool split in bytes, and per running request ``[blocks, shared blocks]`` (a
        contiguous region counts as one block).  A paged pool within the cap adds
        ``tables``, ``samples`` and ``refs`` (:meth:`paged.Paged.block_view`)."""
        waiting = sorted(self.waiting, key=self.key)
        state = {
            "running": [r.id for r in sorted(self.running, key=self.key)],
            "waiting": [r.id for r in waiting[:SHOWN]],
            "waiting_count": len(waiting),
            "swapped": [r.id for r in waiting if r.state == "swapped"][:SHOWN],
            "kv": dict(self.kv_now),
            "blocks": {r.id: self.kv.summary(r) for r in self.running},
            "busy_until": self.busy_until,
        }
        if self.kv.paged:
            view = self.kv.block_view(self.running)
            if view is not None:
                state.update(view)
        return state

    def _say_wait(self, req: Request, reason: str) -> None:
        if self._waits_said.get(req.id) != reason:
            self._waits_said[req.id] = reason
            self.emit("llm_wait", who=req.id, reason=reason)

    def end(self, t: int) -> list[Request]:
        """The iteration that started last ends at ``t``: token times, finished requests."""
        self.busy_until = None
        done = []
        for rid, kind, _ in self.current.members:
            req = self.requests[rid]
            if req.pending_first:
                req.first_token = t
                req.pending_first = False
            if req.generated >= req.output and req.finish is None:
                done.append(req)
        request_level = self.batching["mode"] == "request_level"
        if request_level and any(r.generated < r.output for r in self.running):
            done = []   # a static batch returns when its longest member ends
        elif request_level:
            done = [r for r in self.running if r.finish is None]
        for req in done:
            req.finish = t
            req.state = "done"
            self.kv.release(req)
            self.running.remove(req)
            self.last_finish = t
            self.emit("llm_finish", who=req.id, reason=FINISH.say(who=req.id, n=req.generated * req.n))
        self._refresh_kv(t)
        return done
