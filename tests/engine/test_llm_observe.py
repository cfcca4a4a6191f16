"""``kernel_engine.llm.observe``: the LLM facts grading reads, equal to the steps' own."""
from __future__ import annotations

import pytest

import kernel_engine as ke
from kernel_engine.kernel.delta import apply_step
from kernel_engine.llm.observe import observe

RAW = {"llm": {"gpu": {"kv_pool_bytes": 819200 * 1024},
               "generate": {"count": 12, "interval": 0, "prompt_cycle": [16, 48, 112, 304],
                            "output_cycle": [24, 96, 160, 512], "output_stride": 3}}}


def from_steps(raw: dict) -> tuple[list[str], list[int]]:
    """The preemption order and the pool's used bytes per iteration, read from the steps."""
    state: dict = {}
    preempted, used = [], []
    for step in ke.iter_steps(raw):
        state = apply_step(state, step)
        for e in step["events"]:
            if e["kind"] == "llm_preempt":
                preempted.append(e["who"])
            elif e["kind"] == "llm_iteration":
                used.append(state["llm"]["kv"]["used"])
    return preempted, used


@pytest.mark.parametrize("preemption", ["recompute", "swap"])
def test_the_observation_matches_what_the_steps_show(preemption):
    raw = {"llm": {**RAW["llm"], "scheduling": {"preemption": preemption}}}
    seen = observe(raw)
    preempted, used = from_steps(raw)
    assert len(preempted) > 3
    assert seen.preempted == preempted
    assert seen.used == used
    assert seen.pool == 819200 * 1024
    assert seen.result["llm"] == ke.simulate(raw)["llm"]


def test_a_callers_budget_can_stop_the_run():
    calls = []

    def budget(n: int) -> None:
        calls.append(n)
        if n == 5:
            raise TimeoutError("over budget")

    with pytest.raises(TimeoutError):
        observe(RAW, budget)
    assert calls == [1, 2, 3, 4, 5]


def test_a_scenario_without_an_llm_device_observes_nothing():
    seen = observe({"processes": [{"name": "A", "burst": 3}]})
    assert (seen.preempted, seen.used, seen.pool) == ([], [], 0)
    assert seen.result["status"] == "completed"
