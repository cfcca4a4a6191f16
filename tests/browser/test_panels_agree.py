"""Every panel reads the same state of the same step (issue 11, section 3).

Each built-in preset is mounted in a real run panel (tests/browser/harness/
panel.html, fed the real engine's steps through mountRun's feed, no server),
and the player is moved to every step of every preset.  At each step the
head, the running and ready processes, the lock holders and the memory
blocks that each panel shows (the queues, the disk head, the threads view,
the memory map) must equal the engine's state at that step, for every step of
every preset (about 9,500 steps in all, most of them the LLM presets').

Before the fix, the disk-head panel reported its own interpolation of the
seek ("cylinder 71" at t = 22 of llm-os-combined) while the queues panel
reported the engine's head ("cylinder 50").
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from kernel_engine import Run, presets
from kernel_engine.kernel.delta import apply_step
from tests.browser.conftest import artifact_path
from tests.browser.test_modules import static_server  # noqa: F401 - a fixture


@pytest.fixture
def panel_page(browser: Browser, static_server: str,  # noqa: F811 - the fixture
               request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{static_server}/tests/browser/harness/panel.html")
    page.wait_for_function("window.panelHarnessReady === true")
    yield page
    page.screenshot(path=str(artifact_path(f"panel-{request.node.name}")), full_page=True)
    context.close()
    assert errors == []


def engine_run(preset: str) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    scenario = presets.load(preset)
    run = Run(scenario)
    return scenario, list(run), run.result


def states_of(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The full state at each step, built the way docs/internals.md says."""
    state: dict[str, Any] = {}
    out = []
    for step in steps:
        state = apply_step(state, step)
        out.append(state)
    return out


def expected_ready(state: dict[str, Any]) -> list[list[str]] | None:
    ready = state.get("ready")
    if isinstance(ready, list):
        return ready if ready and all(isinstance(r, list) for r in ready) else [ready]
    if isinstance(state.get("levels"), list):
        return state["levels"]
    return None


def check_step(preset: str, state: dict[str, Any], seen: dict[str, Any]) -> None:
    where = f"{preset} step {seen['step']}"
    running = [entry["who"] if entry else None for entry in state.get("running") or []]
    assert seen["running"] == running, where
    ready = expected_ready(state)
    if ready is not None:
        assert seen["ready"] == ready, where
    disk = state.get("disk")
    if disk:
        head = disk["head"]
        assert seen["queuesHead"] == head, f"{where}: the queues panel's head"
        assert seen["armHead"] == head, f"{where}: the disk panel's head"
        assert seen["armDiamond"] == head, f"{where}: the head drawn on the disk chart"
        assert seen["armPending"] == disk["pending"], where
        serving = disk["serving"]
        if serving is None:
            assert seen["armServing"] == "idle" and seen["queuesServing"] == "idle", where
        else:
            assert seen["armServing"].startswith(f"#{serving}:"), where
            assert seen["queuesServing"] == f"serving request #{serving}", where
    for name, lock in (state.get("locks") or {}).items():
        if "holder" in lock:
            assert seen["queueLocks"][name]["holder"] == lock["holder"], f"{where}: {name} in the queues"
            assert seen["queueLocks"][name]["waiters"] == lock["waiters"], f"{where}: {name} in the queues"
            if seen["threadLocks"] is not None and name in seen["threadLocks"]:
                assert seen["threadLocks"][name]["holder"] == lock["holder"], f"{where}: {name} in the threads view"
    if seen["blocks"] is not None:
        memory = state.get("memory") or {}
        blocks = sorted([start, size, owner] for start, size, owner, *_ in memory.get("blocks") or [])
        assert seen["blocks"] == blocks, f"{where}: the memory map"


def walked_presets() -> list:
    """Every preset; the LLM device's long runs (up to 3,311 steps) get a longer timeout:
    the check is the same at every step, there are just more of them."""
    return [pytest.param(name, marks=pytest.mark.timeout(900)) if name.startswith("llm-") else name
            for name in presets.names()]


@pytest.mark.parametrize("preset", walked_presets())
def test_every_panel_shows_the_engine_state_at_every_step(panel_page: Page, preset: str) -> None:
    scenario, steps, result = engine_run(preset)
    count = panel_page.evaluate("(run) => panelHarness.mount(run)",
                                {"scenario": scenario, "steps": steps, "result": result})
    assert count == len(steps)
    seen = panel_page.evaluate("() => panelHarness.walk()")
    assert [s["step"] for s in seen] == list(range(len(steps)))
    for state, reading in zip(states_of(steps), seen):
        check_step(preset, state, reading)


def test_the_combined_preset_at_t22_names_one_head(panel_page: Page) -> None:
    """The case from the issue: at t = 22 the head has left 50 for 120; both panels say 50."""
    scenario, steps, result = engine_run("llm-os-combined")
    at = max(k for k, step in enumerate(steps) if step["t"] <= 22)
    panel_page.evaluate("(run) => panelHarness.mount(run)",
                        {"scenario": scenario, "steps": steps, "result": result, "at": at})
    seen = panel_page.evaluate("() => panelHarness.readings()")
    assert seen["armHead"] == seen["queuesHead"] == seen["armDiamond"] == 50


COLUMNS = ["arrival", "burst", "start", "finish", "turnaround", "waiting", "response"]


@pytest.mark.parametrize("preset", presets.names())
def test_metrics_as_of_the_last_step_are_the_results(panel_page: Page, preset: str) -> None:
    """The figures the metrics widget shows before the end, worked out from the steps so far,
    are the result's once every step is in, and a process shows finish, turnaround, waiting
    and burst only from the step it finishes."""
    scenario, steps, result = engine_run(preset)
    so_far = panel_page.evaluate("(run) => panelHarness.metricsSoFar(run)", {"scenario": scenario, "steps": steps})
    last = so_far[-1]
    for name, figures in result["processes"].items():
        # A process that never finished (a deadlock) shows "—" where the result has the CPU it used.
        columns = COLUMNS if figures["finish"] is not None else ["arrival", "start", "finish", "turnaround",
                                                                 "waiting", "response"]
        assert {c: last[name][c] for c in columns} == {c: figures[c] for c in columns}, f"{preset} {name}"
    finish_step = {name: next((k for k, step in enumerate(steps)
                               if any(e["kind"] == "finish" and e.get("who") == name for e in step["events"])), None)
                   for name in result["processes"]}
    for k, figures in enumerate(so_far):
        for name, row in figures.items():
            done = finish_step[name] is not None and finish_step[name] <= k
            for column in ("finish", "turnaround", "waiting", "burst"):
                assert (row[column] is not None) == done, f"{preset} {name} {column} at step {k}"
