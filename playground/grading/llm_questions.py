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
The preemption order and the pool at each iteration come from
``kernel_engine.llm.observe`` (the device's decisions, without recording
steps), once per pair of overrides.
"""
from __future__ import annotations

import copy
from typing import Any, Protocol

from kernel_engine.llm.observe import Observation
from playground.grading.errors import QuestionError

#: param name -> the ``llm`` field it overrides (its values: that registry's names)
OVERRIDES = {"policy": ("kv", "policy"), "scheduling": ("scheduling", "policy")}


class RunsLlm(Protocol):
    scenario: dict[str, Any]

    def llm_run(self, params: dict[str, Any]) -> Observation: ...


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


def ttft(solver: RunsLlm, params: dict[str, Any]) -> int:
    """Ticks from the request's arrival to its first token."""
    requests = solver.llm_run(params).result["llm"]["requests"]
    rid = params["request"]
    record = requests.get(rid)
    if record is None:
        shown = ", ".join(list(requests)[:5]) + (" ..." if len(requests) > 5 else "")
        raise QuestionError(f"there is no LLM request named “{rid}” in this run "
                            f"(its requests: {shown or 'none'})")
    if record["ttft"] is None:
        raise QuestionError(f"request “{rid}” produces no token before the run stops")
    return record["ttft"]


def preempted(solver: RunsLlm, params: dict[str, Any]) -> str | None:
    """The request the ``preemption``-th preemption takes (None: fewer preemptions)."""
    order = solver.llm_run(params).preempted
    k = params.get("preemption", 0)
    return order[k] if k < len(order) else None


def kv_used(solver: RunsLlm, params: dict[str, Any]) -> float:
    """Percent of the KV pool holding token states during the iteration."""
    seen = solver.llm_run(params)
    n = params["iteration"]
    if n > len(seen.used):
        raise QuestionError(f"iteration {n} does not happen: this run makes {len(seen.used)} "
                            f"LLM iterations (counted from 1)")
    return 100 * seen.used[n - 1] / seen.pool
