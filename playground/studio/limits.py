"""The playground's limits on what one run may cost (docs/web.md).

The engine runs any valid scenario; a shared web server must not.  Before a
run is queued, ``limit_problems`` counts processes and ops and checks the
tick cap, the cores and the length of names, and estimates the run's cost
(processes x ticks x cores, see ``estimated_work``) so that a scenario too
heavy to run is refused before it is queued.  The LLM device jumps the
clock from iteration to iteration, so a scenario with an ``llm`` section is
bounded by iterations and tokens instead of ticks (``llm_problems``): its
estimated iterations (``kernel_engine.llm.config.estimated_iterations``),
its tokens and iterations x requests (what every iteration sorts).  The
worker then runs ``engine_scenario(raw)``, which adds the playground's
``limits.max_ticks`` (the engine's own limit for an LLM scenario) and
``llm.max_iterations`` when the user set none (a run that reaches either
ends with the engine's status ``"limit"`` and a reason).  A run that still
produces more than ``PLAYGROUND_MAX_STEPS`` steps or
``PLAYGROUND_MAX_RUN_BYTES`` of steps is stopped by the worker and marked
failed (``tasks.py``).
"""
from __future__ import annotations

import copy
from typing import Any

from django.conf import settings

from kernel_engine.llm.config import MAX_ITERATIONS as ENGINE_MAX_ITERATIONS
from kernel_engine.llm.config import estimated_iterations, generate_ops, requested_tokens
from kernel_engine.scenario.fields import MAX_TICKS as ENGINE_MAX_TICKS
from kernel_engine.i18n import define, gettext_noop
from playground.studio.payloads import problem

TOO_MANY_PROCESSES = define("web.limit.processes", gettext_noop(
    "the playground runs at most {n} processes, this scenario has {m}"))
TOO_MANY_OPS = define("web.limit.ops", gettext_noop(
    "the playground runs at most {n} ops and disk requests in all, this scenario has {m}"))
TOO_MANY_TICKS = define("web.limit.ticks", gettext_noop("the playground runs at most {n} ticks, got {m}"))
LLM_PROGRAM_TICKS = define("web.limit.llm_program_ticks", gettext_noop(
    "the programs ask for about {ticks} ticks of CPU and disk, over the playground's limit of "
    "{n} (the LLM device is bounded by iterations, programs still by ticks): use shorter programs"))
LLM_ITERATIONS_ASKED = define("web.limit.llm_iterations_asked", gettext_noop(
    "the playground runs at most {n} LLM iterations, got {m}"))
LLM_TOKENS = define("web.limit.llm_tokens", gettext_noop(
    "the LLM requests and generate ops ask for {tokens} tokens (prompt + output, times n), "
    "over the playground's limit of {n}: use fewer or shorter requests"))
LLM_ITERATIONS = define("web.limit.llm_iterations", gettext_noop(
    "this run would take about {iterations} LLM iterations (estimated from its requests, batch "
    "limits and KV pool), over the playground's limit of {n}: use fewer or shorter requests, "
    "a larger batch or a paged KV policy"))
LLM_WORK = define("web.limit.llm_work", gettext_noop(
    "this run would cost about {work} request-iterations ({requests} requests x {iterations} "
    "iterations), over the playground's limit of {n}: use fewer requests"))
TOO_MANY_CORES = define("web.limit.cores", gettext_noop("the playground runs at most {n} cores, got {m}"))
NAME_TOO_LONG = define("web.limit.name_length", gettext_noop(
    "the playground takes names of at most {n} characters, this one has {m}"))
MORE_LONG_NAMES = define("web.limit.more_long_names", gettext_noop(
    "and {k} more names longer than {n} characters"))
TOO_MUCH_WORK = define("web.limit.work", gettext_noop(
    "this run would cost about {work} process-ticks x cores ({processes} processes x {ticks} "
    "ticks x {cores} cores), over the playground's limit of {n}: use fewer processes or cores, "
    "or shorter programs"))


def count_ops(program: list[dict[str, Any]]) -> int:
    """Ops in a normalized program, counting the programs of spawned threads."""
    total = 0
    for op in program:
        total += 1
        inner = op.get("program")
        if isinstance(inner, list):
            total += count_ops(inner)
    return total


def limit_problems(raw: dict[str, Any], normalized: dict[str, Any]) -> list[dict[str, str]]:
    """``[{"path", "message"}]`` for each playground limit the scenario exceeds.

    ``raw`` is the scenario as sent, ``normalized`` what ``kernel_engine.validate``
    made of it (so every count here is over valid data).
    """
    problems: list[dict[str, str]] = []
    max_processes = settings.PLAYGROUND_MAX_PROCESSES
    processes = normalized.get("processes", [])
    if len(processes) > max_processes:
        problems.append(problem("processes", TOO_MANY_PROCESSES.say(n=max_processes, m=len(processes))))
    max_ops = settings.PLAYGROUND_MAX_OPS
    ops = sum(count_ops(p.get("program", [])) for p in processes)
    ops += len(normalized.get("io_requests", []))
    if ops > max_ops:
        problems.append(problem("processes", TOO_MANY_OPS.say(n=max_ops, m=ops)))
    problems.extend(_core_and_name_problems(normalized))
    max_ticks = tick_cap(normalized)
    raw_limits = raw.get("limits")
    if isinstance(raw_limits, dict) and "max_ticks" in raw_limits:
        asked = normalized.get("limits", {}).get("max_ticks", raw_limits["max_ticks"])
        if isinstance(asked, int) and asked > max_ticks:
            problems.append(problem("limits.max_ticks", TOO_MANY_TICKS.say(n=max_ticks, m=asked)))
    problems.extend(_work_problems(normalized))
    problems.extend(llm_problems(raw, normalized))
    return problems


def tick_cap(normalized: dict[str, Any]) -> int:
    """The playground's tick cap for this scenario.

    ``PLAYGROUND_MAX_TICKS``, except with an LLM device: its iterations
    last tens of ticks each and cost one step whatever their length (a
    reservation run of preset ``llm-paging`` spans about 190,000 ticks in
    10,000 iterations), so such a run is bounded by iterations and tokens
    (``llm_problems``) and keeps only the engine's own tick limit.
    """
    return ENGINE_MAX_TICKS if normalized.get("llm") else settings.PLAYGROUND_MAX_TICKS


def llm_problems(raw: dict[str, Any], normalized: dict[str, Any]) -> list[dict[str, str]]:
    """The LLM device's limits: iterations asked and estimated, tokens, iterations x requests."""
    llm = normalized.get("llm")
    if not llm:
        return []
    problems: list[dict[str, str]] = []
    # The clock may pass the tick cap while the device works; programs may not.
    _, program_ticks, _ = estimated_work(normalized, cap=ENGINE_MAX_TICKS)
    if program_ticks > settings.PLAYGROUND_MAX_TICKS:
        problems.append(problem("processes", LLM_PROGRAM_TICKS.say(
            ticks=f"{program_ticks:,}", n=f"{settings.PLAYGROUND_MAX_TICKS:,}")))
    cap = settings.PLAYGROUND_MAX_LLM_ITERATIONS
    raw_llm = raw.get("llm")
    asked = isinstance(raw_llm, dict) and "max_iterations" in raw_llm
    if asked and llm["max_iterations"] > cap:
        problems.append(problem("llm.max_iterations", LLM_ITERATIONS_ASKED.say(
            n=f"{cap:,}", m=f"{llm['max_iterations']:,}")))
    ops = generate_ops(normalized.get("processes", []))
    tokens, max_tokens = requested_tokens(llm, ops), settings.PLAYGROUND_MAX_LLM_TOKENS
    if tokens > max_tokens:
        problems.append(problem("llm.requests", LLM_TOKENS.say(
            tokens=f"{tokens:,}", n=f"{max_tokens:,}")))
    # Without a max_iterations of the user's the normalized default would hide
    # the estimate: the playground's cap is what it is compared with.
    bound = llm["max_iterations"] if asked else ENGINE_MAX_ITERATIONS
    iterations = estimated_iterations({**llm, "max_iterations": bound}, ops)
    if iterations > cap:
        problems.append(problem("llm", LLM_ITERATIONS.say(
            iterations=f"{iterations:,}", n=f"{cap:,}")))
        return problems
    requests = len(llm["requests"]) + len(ops)
    work, max_work = iterations * requests, settings.PLAYGROUND_MAX_WORK
    if work > max_work:
        problems.append(problem("llm", LLM_WORK.say(
            work=f"{work:,}", requests=f"{requests:,}", iterations=f"{iterations:,}",
            n=f"{max_work:,}")))
    return problems


# Keys whose string values name something that every step repeats (a
# process, a thread, a lock, a block, a topic): their length multiplies the
# size of every step.
_NAME_KEYS = ("name", "thread", "as", "ref", "mutex", "sem", "topic")
# At most this many name problems are listed; the rest are counted.
_NAME_PROBLEMS_SHOWN = 5


def _long_names(value: Any, path: str, limit: int) -> list[tuple[str, int]]:
    """``(path, length)`` of every name longer than ``limit`` inside ``value``."""
    found: list[tuple[str, int]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if key in _NAME_KEYS and isinstance(item, str) and len(item) > limit:
                found.append((where, len(item)))
            elif isinstance(item, (dict, list)):
                found.extend(_long_names(item, where, limit))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_long_names(item, f"{path}[{index}]", limit))
    return found


def _core_and_name_problems(normalized: dict[str, Any]) -> list[dict[str, str]]:
    problems: list[dict[str, str]] = []
    max_cores = settings.PLAYGROUND_MAX_CORES
    cores = normalized.get("cpu", {}).get("cores", 1)
    if isinstance(cores, int) and cores > max_cores:
        problems.append(problem("cpu.cores", TOO_MANY_CORES.say(n=max_cores, m=cores)))
    max_name = settings.PLAYGROUND_MAX_NAME_LENGTH
    long_names = _long_names(normalized.get("processes", []), "processes", max_name)
    long_names += [(f"semaphores.{name}", len(name)) for name in normalized.get("semaphores", {})
                   if len(name) > max_name]
    for path, length in long_names[:_NAME_PROBLEMS_SHOWN]:
        problems.append(problem(path, NAME_TOO_LONG.say(n=max_name, m=length)))
    if len(long_names) > _NAME_PROBLEMS_SHOWN:
        problems.append(problem("processes", MORE_LONG_NAMES.say(
            k=len(long_names) - _NAME_PROBLEMS_SHOWN, n=max_name)))
    return problems


def _op_ticks(program: list[dict[str, Any]]) -> int:
    """Ticks a program asks for: its cpu and device ticks, and one per other op."""
    total = 0
    for op in program:
        ticks = op.get("ticks") if op.get("op") in ("cpu", "io") else None
        total += ticks if isinstance(ticks, int) and ticks > 0 else 1
        inner = op.get("program")
        if isinstance(inner, list):
            total += _op_ticks(inner)
    return total


def estimated_work(normalized: dict[str, Any], cap: int | None = None) -> tuple[int, int, int]:
    """``(processes, ticks, cores)``: what a run of ``normalized`` roughly costs.

    ``ticks`` is when the last process arrives plus the ticks every program
    asks for shared among the cores, within ``cap`` (by default the tick
    cap and the scenario's ``limits.max_ticks``).  The engine's
    time and the size of every step grow with processes and cores, and the
    number of steps with ticks, so their product bounds the run's cost.
    """
    processes = normalized.get("processes", [])
    cores = normalized.get("cpu", {}).get("cores", 1)
    cores = cores if isinstance(cores, int) and cores > 0 else 1
    asked = sum(_op_ticks(p.get("program", [])) for p in processes)
    last_arrival = max((p.get("arrival", 0) for p in processes), default=0)
    if cap is None:
        cap = min(tick_cap(normalized),
                  normalized.get("limits", {}).get("max_ticks", ENGINE_MAX_TICKS))
    ticks = min(cap, last_arrival + -(-asked // cores))
    return len(processes), ticks, cores


def _work_problems(normalized: dict[str, Any]) -> list[dict[str, str]]:
    processes, ticks, cores = estimated_work(normalized)
    work, max_work = processes * ticks * cores, settings.PLAYGROUND_MAX_WORK
    if work <= max_work:
        return []
    return [problem("processes", TOO_MUCH_WORK.say(
        work=f"{work:,}", processes=processes, ticks=f"{ticks:,}", cores=cores, n=f"{max_work:,}"))]


def engine_scenario(raw: dict[str, Any]) -> dict[str, Any]:
    """A copy of valid ``raw`` with the playground's caps, for the worker to run.

    A ``limits.max_ticks`` (or ``llm.max_iterations``) the user set, already
    checked to be within the cap, is kept; otherwise the cap is added: the
    tick cap (the engine's own with an LLM device) and the iteration cap.
    """
    scenario = copy.deepcopy(raw)
    limits = scenario.get("limits")
    if not isinstance(limits, dict):
        limits = {}
        scenario["limits"] = limits
    llm = scenario.get("llm")
    if isinstance(llm, dict):
        limits.setdefault("max_ticks", ENGINE_MAX_TICKS)
        llm.setdefault("max_iterations", settings.PLAYGROUND_MAX_LLM_ITERATIONS)
    else:
        limits.setdefault("max_ticks", settings.PLAYGROUND_MAX_TICKS)
    return scenario
