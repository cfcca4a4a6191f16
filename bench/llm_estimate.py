"""The LLM run-cost estimate against real runs, and what grading's LLM questions cost.

Run: .venv/bin/python bench/llm_estimate.py   (prints two tables; no assertion)

1. For every LLM preset and the paging preset's policy variants: the
   playground's estimate (``estimated_iterations``, docs/llm.md), the real
   iterations, their ratio and the run's ticks (the playground refuses an
   estimate over ``PLAYGROUND_MAX_LLM_ITERATIONS``, 20,000 by default).
2. Answering the LLM question kinds on the paging preset: the device
   observed (``kernel_engine.llm.observe``, what grading does) against
   rebuilding every step's state (what reading the trace would cost).
"""
from __future__ import annotations

import copy
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kernel_engine as ke  # noqa: E402
from kernel_engine.kernel.delta import apply_step  # noqa: E402
from kernel_engine.llm.config import estimated_iterations, generate_ops  # noqa: E402
from kernel_engine.llm.observe import observe  # noqa: E402
from kernel_engine.presets import load, names  # noqa: E402


def variants() -> list[tuple[str, dict]]:
    out = [(name, load(name)) for name in names() if name.startswith("llm-")]
    for change in ({"kv": {"policy": "contiguous_max"}}, {"kv": {"policy": "contiguous_pow2"}},
                   {"kv": {"policy": "contiguous_exact"}}, {"batching": {"mode": "request_level"}},
                   {"generate": {"interval": 400}}):
        scenario = copy.deepcopy(load("llm-paging"))
        for section, fields in change.items():
            scenario["llm"][section] = {**scenario["llm"].get(section, {}), **fields}
        (section, fields), = change.items()
        out.append((f"llm-paging {next(iter(fields.values()))}", scenario))
    return out


def estimates() -> None:
    print(f"{'scenario':<40}{'estimate':>9}{'real':>8}{'ratio':>7}{'ticks':>9}")
    for label, scenario in variants():
        normalized = ke.validate(scenario)
        estimate = estimated_iterations(normalized["llm"], generate_ops(normalized["processes"]))
        result = ke.simulate(scenario)
        real = result["llm"]["iterations"]
        print(f"{label:<40}{estimate:>9,}{real:>8,}{real / estimate:>7.2f}{result['ticks']:>9,}")


def from_steps(scenario: dict) -> int:
    state: dict = {}
    iterations = 0
    for step in ke.iter_steps(scenario):
        state = apply_step(state, step)
        iterations += sum(e["kind"] == "llm_iteration" for e in step["events"])
    return iterations


def grading_cost() -> None:
    print(f"\n{'kv policy':<16}{'observe s':>10}{'steps s':>9}{'speed-up':>9}")
    for policy in ("paged", "contiguous_max"):
        scenario = copy.deepcopy(load("llm-paging"))
        scenario["llm"]["kv"]["policy"] = policy
        start = time.perf_counter()
        observe(scenario)
        observed = time.perf_counter() - start
        start = time.perf_counter()
        from_steps(scenario)
        stepped = time.perf_counter() - start
        print(f"{policy:<16}{observed:>10.2f}{stepped:>9.2f}{stepped / observed:>9.1f}")


if __name__ == "__main__":
    estimates()
    grading_cost()
