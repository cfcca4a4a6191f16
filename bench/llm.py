"""LLM device benchmark: iterations per second on the paging preset, and growth with requests.

Run: .venv/bin/python bench/llm.py   (prints a table; no assertion)
"""
from __future__ import annotations

import copy
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kernel_engine as ke  # noqa: E402
from kernel_engine.presets import load  # noqa: E402


def measure(scenario: dict) -> tuple[int, float]:
    start = time.perf_counter()
    result = ke.simulate(scenario)
    return result["llm"]["iterations"], time.perf_counter() - start


def main() -> None:
    measure(load("llm-convoy"))  # warm up: imports, numpy's first calls
    print(f"{'policy':<16}{'requests':>9}{'iterations':>11}{'steps':>8}{'seconds':>9}"
          f"{'iter/s':>9}")
    for policy in ("paged", "contiguous_max"):
        for count in (50, 100, 200, 400):
            scenario = copy.deepcopy(load("llm-paging"))
            scenario["llm"]["kv"]["policy"] = policy
            scenario["llm"]["generate"]["count"] = count
            iterations, seconds = measure(scenario)
            steps = sum(1 for _ in ke.iter_steps(scenario)) if count <= 200 else None
            shown = f"{steps:>8}" if steps is not None else f"{'-':>8}"
            print(f"{policy:<16}{count:>9}{iterations:>11}{shown}{seconds:>9.2f}"
                  f"{iterations / seconds:>9.0f}")


if __name__ == "__main__":
    main()
