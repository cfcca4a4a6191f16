"""Question kinds on the LLM device (docs/grading.md, docs/llm.md).

- ``llm_ttft``: a request's time to first token, ``result.llm.requests[R].ttft``;
- ``llm_preempted``: which request the ``preemption``-th preemption of the
  run (counted from 0; default 0, the first) takes off the GPU, or None
  ("none") when the run preempts fewer times.  A teacher asks "which
  request is preempted first?" after showing the paging preset: the answer
  follows from the priority rule (the lowest-priority running request goes)
  and is visible in the player's log, whatever the step numbering;
- ``llm_kv_used``: the share of the KV pool holding token states (``used``
  ÷ pool, in percent, as ``result.llm.kv`` gives shares) during iteration
  ``iteration`` (counted from 1, as each iteration's reason says
  "iteration 12: ...").

``policy`` re-runs the variant under that KV policy (``llm.kv.policy``) and
``scheduling`` under that scheduling policy (``llm.scheduling.policy``), the
rest unchanged: one template asks "under contiguous_max" and "under paged".
The preemption order and the pool at an iteration come from the run's steps
(``LlmTrace``), which the solver records once per pair of overrides.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Protocol

from kernel_engine.kernel.delta import apply_step
from playground.grading.errors import QuestionError

#: param name -> the ``llm`` field it overrides (its values: that registry's names)
OVERRIDES = {"policy": ("kv", "policy"), "scheduling": ("scheduling", "policy")}


@dataclass
class LlmTrace:
    """What the LLM questions read from a run's steps, and its result."""

    #: request ids in the order they were preempted
    preempted: list[str] = field(default_factory=list)
    #: iteration (from 1) -> percent of the pool holding token states during it
    used_share: dict[int, float] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)
    _state: dict[str, Any] = field(default_factory=dict, repr=False)

    def read(self, step: dict[str, Any]) -> None:
        """Take one step in run order (steps carry state patches: rebuild it)."""
        self._state = apply_step(self._state, step)
        for event in step["events"]:
            kind = event["kind"]
            if kind == "llm_preempt":
                self.preempted.append(event["who"])
            elif kind == "llm_iteration":
                kv = self._state["llm"]["kv"]
                pool = sum(kv.values())
                self.used_share[event["n"]] = 100 * kv["used"] / pool if pool else 0.0


class TracesLlm(Protocol):
    scenario: dict[str, Any]

    def llm_trace(self, params: dict[str, Any]) -> LlmTrace: ...


def llm_variant(scenario: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """``scenario`` with the question's ``policy`` and ``scheduling`` overrides."""
    if not isinstance(scenario.get("llm"), dict):
        raise QuestionError("this scenario has no LLM device (no “llm” section)")
    wanted = {name: params[name] for name in OVERRIDES if params.get(name)}
    if not wanted:
        return scenario
    scenario = copy.deepcopy(scenario)
    for name, value in wanted.items():
        section, key = OVERRIDES[name]
        part = scenario["llm"].get(section)
        scenario["llm"][section] = {**(part if isinstance(part, dict) else {}), key: value}
    return scenario


def ttft(solver: TracesLlm, params: dict[str, Any]) -> int:
    """Ticks from the request's arrival to its first token."""
    requests = solver.llm_trace(params).result["llm"]["requests"]
    rid = params["request"]
    record = requests.get(rid)
    if record is None:
        shown = ", ".join(list(requests)[:5]) + (" ..." if len(requests) > 5 else "")
        raise QuestionError(f"there is no LLM request named “{rid}” in this run "
                            f"(its requests: {shown or 'none'})")
    if record["ttft"] is None:
        raise QuestionError(f"request “{rid}” produces no token before the run stops")
    return record["ttft"]


def preempted(solver: TracesLlm, params: dict[str, Any]) -> str | None:
    """The request the ``preemption``-th preemption takes (None: fewer preemptions)."""
    order = solver.llm_trace(params).preempted
    k = params.get("preemption", 0)
    return order[k] if k < len(order) else None


def kv_used(solver: TracesLlm, params: dict[str, Any]) -> float:
    """Percent of the KV pool holding token states during the iteration."""
    shares = solver.llm_trace(params).used_share
    n = params["iteration"]
    if n not in shares:
        raise QuestionError(f"iteration {n} does not happen: this run makes {len(shares)} "
                            f"LLM iterations (counted from 1)")
    return shares[n]
