"""Question kinds: what an assignment may ask, each answered by re-running the engine.

A question is ``{"id", "kind", "params", "points", "tolerance"}``.  Its kind
says which params it takes, how to read the student's answer
(``answers.py``) and how to get the expected value from the result of
``kernel_engine.simulate`` on the student's variant:

| kind | params | expected |
|---|---|---|
| average_waiting | policy? (cpu) | ``averages.waiting`` |
| average_turnaround | policy? (cpu) | ``averages.turnaround`` |
| finish_time | process, policy? | ``processes[P].finish`` |
| waiting_time | process, policy? | ``processes[P].waiting`` |
| context_switches | policy? | ``cpu.context_switches`` |
| alloc_address | op | ``memory.ops[op].addr`` (null if it failed) |
| fragmentation_after | op | 1 - largest / total free after ``memory.ops[op]`` |
| total_head_movement | policy? (io) | ``io.total_movement`` |
| service_order | policy? (io), as? | ``io.order`` as cylinders (default) or indices |
| deadlock | (none) | ``status == "deadlock"`` |
| page_faults | policy? (vm), process? | ``vm.faults`` (or ``vm.per_process[P].faults``) |
| victim_at | access, policy? (vm) | the page ``vm.accesses[access]`` evicted (null: none) |
| frames_after | access, policy? (vm) | the pages in the frames after that access, frame order, empty frames left out |
| bankers_safe | call | is the state of the call-th ``os.bankers`` call safe |
| bankers_sequence | call | a safe sequence of that state; any valid one earns the points |
| bankers_granted | call | is that call's request granted |
| llm_ttft | request, policy? (llm_kv), scheduling? | ``llm.requests[R].ttft`` |
| llm_preempted | preemption?, policy?, scheduling? | the request the k-th preemption takes (null: none) |
| llm_kv_used | iteration, policy?, scheduling? | percent of the KV pool used by token states then |

``policy`` re-runs the variant under that policy (the rest of the variant
unchanged), so one template can ask "under FCFS" and "under SJF".  ``access``
counts from 0 over ``result.vm.accesses`` (every access of every process, in
time order); ``call`` counts from 0 over the ``os.bankers`` call ops of the
variant in program order (processes in order), whose literal arguments are
the textbook state.  ``op``
counts from 0 over ``result.memory.ops`` (frees and implicit frees
included), as the player's memory log lists them.  The LLM kinds (and
their ``policy``, a KV policy) are described in ``llm_questions.py``.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any, Callable

from kernel_engine import registry, simulate
from kernel_engine.llm.config import SCHEDULING
from kernel_engine.llm.observe import Observation, observe
from kernel_engine.threads import banker
from playground.grading import llm_questions
from playground.grading.answers import ADDRESS, LIST, NAME, NUMBER, YESNO
from playground.grading.errors import QuestionError


#: The field that names a section's policy when it is not ``policy``.
POLICY_FIELDS = {"vm": "replacement"}


class Solver:
    """The engine's results for one variant, computed once per policy override.

    ``result(kind_of_policy, policy)`` re-runs the variant with
    ``cpu.policy`` or ``io.policy`` replaced; ``(None, None)`` is the variant
    as written.  Runs are deterministic, so caching them changes nothing.
    """

    def __init__(self, scenario: dict[str, Any]):
        self.scenario = scenario
        self._results: dict[tuple[str | None, str | None], dict[str, Any]] = {}
        self._llm: dict[tuple[str | None, str | None], Observation] = {}

    def result(self, section: str | None = None, policy: str | None = None) -> dict[str, Any]:
        key = (section, policy) if policy else (None, None)
        if key not in self._results:
            scenario = self.scenario
            if policy:
                scenario = copy.deepcopy(scenario)
                part = scenario.get(section)
                field = POLICY_FIELDS.get(section, "policy")
                scenario[section] = {**(part if isinstance(part, dict) else {}), field: policy}
            self._results[key] = self.simulate(scenario)
        return self._results[key]

    def simulate(self, scenario: dict[str, Any]) -> dict[str, Any]:
        """One engine run (a hook: the definition check runs it under a budget)."""
        return simulate(scenario)

    def llm_run(self, params: dict[str, Any]) -> Observation:
        """The LLM device's decisions on the variant under the question's overrides."""
        key = (params.get("policy"), params.get("scheduling"))
        if key not in self._llm:
            self._llm[key] = observe(llm_questions.llm_variant(self.scenario, params),
                                     self.on_llm_iteration)
        return self._llm[key]

    def on_llm_iteration(self, n: int) -> None:
        """Called as each LLM iteration of ``llm_run`` starts (a hook for a budget)."""

    @property
    def runs(self) -> int:
        """How many engine runs were made (for tests and the benchmark)."""
        return len(self._results) + len(self._llm)


@dataclass(frozen=True)
class Kind:
    """One question kind: its answer type, its params, how to get the answer."""

    name: str
    answer_type: str
    params: dict[str, str]            # param name -> "process" | "op" | "cpu" | "io" | "as"
    required: tuple[str, ...]
    expected: Callable[[Solver, dict[str, Any]], Any]
    default_tolerance: float = 0.0
    #: When set, decides whether a read answer earns the points (several
    #: answers can be right: any safe sequence); ``expected`` is then one of them.
    accepts: Callable[[Solver, dict[str, Any], Any], bool] | None = None


def _cpu(solver: Solver, params: dict[str, Any]) -> dict[str, Any]:
    return solver.result("cpu", params.get("policy"))


def _io(solver: Solver, params: dict[str, Any]) -> dict[str, Any]:
    return solver.result("io", params.get("policy"))


def _process(result: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    name = params["process"]
    record = result.get("processes", {}).get(name)
    if record is None:
        raise QuestionError(f"there is no process named “{name}” in this scenario")
    return record


def _memory_op(result: dict[str, Any], params: dict[str, Any], *, alloc: bool) -> dict[str, Any]:
    ops = result.get("memory", {}).get("ops", [])
    k = params["op"]
    if k >= len(ops):
        raise QuestionError(f"memory op {k} does not happen: this scenario makes "
                            f"{len(ops)} memory ops (counted from 0)")
    if alloc and ops[k].get("op") != "alloc":
        raise QuestionError(f"memory op {k} is a “{ops[k].get('op')}”, not an allocation")
    return ops[k]


def _fragmentation_after(solver: Solver, params: dict[str, Any]) -> float:
    record = _memory_op(solver.result(), params, alloc=False)
    holes = record.get("free_list")
    if holes is None:
        raise QuestionError("the result has no free list for this op")
    total = sum(size for _, size in holes)
    # The engine's own formula (memory/base.py): 1 - largest / total, 0 when full.
    return 0.0 if total == 0 else 1 - max(size for _, size in holes) / total


def _service_order(solver: Solver, params: dict[str, Any]) -> list[int]:
    io = _io(solver, params).get("io") or {}
    order = list(io.get("order", []))
    if params.get("as", "cylinders") == "indices":
        return order
    requests = io.get("requests", [])
    return [requests[i]["cylinder"] for i in order]


def _vm_result(solver: Solver, params: dict[str, Any]) -> dict[str, Any]:
    result = solver.result("vm", params.get("policy"))
    if result.get("vm") is None:
        raise QuestionError("this scenario has no virtual memory (no “vm” section)")
    return result["vm"]


def _page_faults(solver: Solver, params: dict[str, Any]) -> int:
    vm = _vm_result(solver, params)
    if "process" not in params:
        return vm["faults"]
    record = vm["per_process"].get(params["process"])
    if record is None:
        raise QuestionError(f"there is no process named “{params['process']}” in this scenario")
    return record["faults"]


def _access(solver: Solver, params: dict[str, Any]) -> dict[str, Any]:
    accesses = _vm_result(solver, params)["accesses"]
    k = params["access"]
    if k >= len(accesses):
        raise QuestionError(f"access {k} is not recorded: this run records {len(accesses)} "
                            f"accesses (counted from 0; vm.record must be \"table\")")
    return accesses[k]


def _frames_after(solver: Solver, params: dict[str, Any]) -> list[int]:
    record = _access(solver, params)
    if "frames" not in record:
        raise QuestionError("frame contents need vm.record \"table\"")
    return [f["page"] for f in record["frames"] if f is not None]


def _bankers_args(solver: Solver, params: dict[str, Any]) -> dict[str, Any]:
    calls = []

    def walk(program: list) -> None:
        for op in program:
            if isinstance(op, dict) and op.get("op") == "call" and op.get("fn") == "os.bankers":
                calls.append(op.get("args") or {})
            elif isinstance(op, dict) and op.get("op") == "spawn":
                walk(op.get("program") or [])

    for proc in solver.scenario.get("processes", []):
        walk(proc.get("program") or [])
    k = params["call"]
    if k >= len(calls):
        raise QuestionError(f"os.bankers call {k} does not exist: this scenario makes "
                            f"{len(calls)} (counted from 0)")
    args = calls[k]
    if "$ref" in json.dumps(args):
        raise QuestionError(f"os.bankers call {k} takes values from earlier ops; write its "
                            f"matrices out")
    return args


def _bankers_state(solver: Solver, params: dict[str, Any]) -> tuple[list, list, list]:
    args = _bankers_args(solver, params)
    return args["available"], args["max"], args["allocation"]


def _bankers_safety(solver: Solver, params: dict[str, Any]) -> banker.Safety:
    available, maximum, allocation = _bankers_state(solver, params)
    return banker.safety(available, banker.need_of(maximum, allocation), allocation)


def _any_safe_sequence(solver: Solver, params: dict[str, Any], given: Any) -> bool:
    available, maximum, allocation = _bankers_state(solver, params)
    need = banker.need_of(maximum, allocation)
    if sorted(given) != list(range(len(need))):
        return False  # every process exactly once
    work = list(available)
    for i in given:
        if not banker.fits(need[i], work):
            return False
        work = [w + a for w, a in zip(work, allocation[i])]
    return True


def _bankers_sequence(solver: Solver, params: dict[str, Any]) -> list[int]:
    found = _bankers_safety(solver, params)
    if not found.safe:
        raise QuestionError(f"the state of os.bankers call {params['call']} is not safe: it "
                            f"has no safe sequence")
    return found.sequence


def _bankers_granted(solver: Solver, params: dict[str, Any]) -> bool:
    args = _bankers_args(solver, params)
    request = args.get("request")
    if not request:
        raise QuestionError(f"os.bankers call {params['call']} makes no request")
    decision = banker.decide(args["available"], args["max"], args["allocation"],
                             request["process"], request["vector"])
    return decision.granted


#: The LLM kinds' overrides: param -> the registry its values come from.
_LLM_POLICIES = {"policy": "llm_kv", "scheduling": "llm_scheduling"}

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("average_waiting", NUMBER, {"policy": "cpu"}, (),
         lambda s, p: _cpu(s, p)["averages"]["waiting"], 0.01),
    Kind("average_turnaround", NUMBER, {"policy": "cpu"}, (),
         lambda s, p: _cpu(s, p)["averages"]["turnaround"], 0.01),
    Kind("finish_time", NUMBER, {"process": "process", "policy": "cpu"}, ("process",),
         lambda s, p: _process(_cpu(s, p), p)["finish"]),
    Kind("waiting_time", NUMBER, {"process": "process", "policy": "cpu"}, ("process",),
         lambda s, p: _process(_cpu(s, p), p)["waiting"]),
    Kind("context_switches", NUMBER, {"policy": "cpu"}, (),
         lambda s, p: _cpu(s, p)["cpu"]["context_switches"]),
    Kind("alloc_address", ADDRESS, {"op": "op"}, ("op",),
         lambda s, p: _memory_op(s.result(), p, alloc=True).get("addr")),
    Kind("fragmentation_after", NUMBER, {"op": "op"}, ("op",), _fragmentation_after, 0.001),
    Kind("total_head_movement", NUMBER, {"policy": "io"}, (),
         lambda s, p: (_io(s, p).get("io") or {}).get("total_movement", 0)),
    Kind("service_order", LIST, {"policy": "io", "as": "as"}, (), _service_order),
    Kind("deadlock", YESNO, {}, (), lambda s, p: s.result().get("status") == "deadlock"),
    Kind("page_faults", NUMBER, {"policy": "vm", "process": "process"}, (), _page_faults),
    Kind("victim_at", ADDRESS, {"access": "op", "policy": "vm"}, ("access",),
         lambda s, p: (_access(s, p)["evicted"] or {}).get("page")),
    Kind("frames_after", LIST, {"access": "op", "policy": "vm"}, ("access",), _frames_after),
    Kind("bankers_safe", YESNO, {"call": "op"}, ("call",), lambda s, p: _bankers_safety(s, p).safe),
    Kind("bankers_sequence", LIST, {"call": "op"}, ("call",), _bankers_sequence,
         accepts=_any_safe_sequence),
    Kind("bankers_granted", YESNO, {"call": "op"}, ("call",), _bankers_granted),
    Kind("llm_ttft", NUMBER, {"request": "request", **_LLM_POLICIES}, ("request",),
         llm_questions.ttft),
    Kind("llm_preempted", NAME, {"preemption": "op", **_LLM_POLICIES}, (),
         llm_questions.preempted),
    Kind("llm_kv_used", NUMBER, {"iteration": "iteration", **_LLM_POLICIES}, ("iteration",),
         llm_questions.kv_used, 0.1),
)}

ORDER_FORMS = ("cylinders", "indices")
#: How a problem names a policy registry.
POLICY_WORDS = {"llm_kv": "KV"}


def param_problems(kind: Kind, params: Any) -> list[tuple[str, str]]:
    """Shape problems of a question's params as (sub-path, message); [] when fine.

    Checks names and types only; whether the process or op exists in the
    template is found by computing the answer (``definition.py``).
    """
    if not isinstance(params, dict):
        return [("params", "must be an object such as {\"process\": \"P2\"}")]
    problems: list[tuple[str, str]] = []
    for name in params:
        if name not in kind.params:
            allowed = ", ".join(kind.params) or "none"
            problems.append((f"params.{name}", f"“{kind.name}” takes no “{name}” "
                                               f"(params it takes: {allowed})"))
    for name in kind.required:
        if name not in params:
            problems.append((f"params.{name}", f"“{kind.name}” needs “{name}”"))
    for name, value in params.items():
        what = kind.params.get(name)
        if what == "process" and (not isinstance(value, str) or not value):
            problems.append((f"params.{name}", "must be a process name such as \"P2\""))
        elif what == "op" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            problems.append((f"params.{name}", "must be a whole number from 0: the position "
                                               "among the memory ops, accesses, calls or preemptions"))
        elif what in ("cpu", "io", "vm", "llm_kv") and value not in registry.names(what):
            choices = ", ".join(registry.names(what))
            problems.append((f"params.{name}", f"unknown {POLICY_WORDS.get(what, what)} policy "
                                               f"{json.dumps(value)}; one of: {choices}"))
        elif what == "llm_scheduling" and value not in SCHEDULING:
            problems.append((f"params.{name}", f"unknown LLM scheduling policy "
                                               f"{json.dumps(value)}; one of: "
                                               f"{', '.join(SCHEDULING)}"))
        elif what == "request" and (not isinstance(value, str) or not value):
            problems.append((f"params.{name}", "must be a request name such as \"g3\""))
        elif what == "iteration" and (isinstance(value, bool) or not isinstance(value, int)
                                      or value < 1):
            problems.append((f"params.{name}", "must be a whole number from 1: the LLM "
                                               "iteration, as its reason numbers it"))
        elif what == "as" and value not in ORDER_FORMS:
            problems.append((f"params.{name}", "must be \"cylinders\" or \"indices\""))
    return problems


def expected_answer(question: dict[str, Any], solver: Solver) -> Any:
    """The right answer to ``question`` on the solver's variant.

    Raises QuestionError when the variant lacks what the question names.
    """
    kind = KINDS[question["kind"]]
    return kind.expected(solver, question.get("params") or {})


def tolerance_of(question: dict[str, Any]) -> float:
    """The question's tolerance, or its kind's default when not given."""
    value = question.get("tolerance")
    return KINDS[question["kind"]].default_tolerance if value is None else float(value)
