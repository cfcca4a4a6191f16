"""The compare page's reasoning on real engine steps, in Chromium without the
web stack: the first tick where runs diverge and the decision behind it
(compare-divergence.js), the best of each average (compare-averages.js),
and the shared time axis one player drives (compare-timeline.js).

The harness page and its static server come from test_modules.py.
"""
from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from kernel_engine import Run, presets
from tests.browser.test_modules import harness, static_server  # noqa: F401 - fixtures

DIVERGENCE = "/static/playground/js/compare-divergence.js"


def runs_of(scenario: dict[str, Any], policies: list[str]) -> list[dict[str, Any]]:
    """[{policy, steps}] for `scenario` under each policy, from the engine."""
    out = []
    for policy in policies:
        variant = {**scenario, "cpu": {**scenario.get("cpu", {}), "policy": policy}}
        out.append({"policy": policy, "steps": list(Run(variant))})
    return out


def diverge(page: Page, runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """{text, t, core, reasons} from the page's modules, or None when the runs never differ."""
    return page.evaluate("""async ([url, runs]) => {
        const m = await import(url);
        const found = m.firstDivergence(runs.map((r) => ({ ...r, label: m.policyShortName(r.policy) })));
        if (!found) return null;
        return { text: m.divergenceText(found), t: found.t, core: found.core,
                 kinds: found.decisions.map((d) => d.kind), reasons: found.decisions.map(m.decisionReason) };
    }""", [DIVERGENCE, runs])


def test_srt_and_fcfs_part_at_t1_where_srt_preempts_p1_for_p2(harness: Page) -> None:  # noqa: F811
    found = diverge(harness, runs_of(presets.load("srtf-four"), ["srt", "fcfs"]))
    assert found is not None
    assert found["text"] == "t=1: SRT preempts P1 for P2; FCFS keeps P1"
    assert found["kinds"] == ["preempt", "keep"]
    assert found["reasons"] == [
        "SRT: P2 preempts P1: 4 ticks left < 7",
        "running since t=0: FCFS: P1 has waited longest in the ready queue",
    ]


def test_the_order_of_the_runs_is_the_order_of_the_sentence(harness: Page) -> None:  # noqa: F811
    found = diverge(harness, runs_of(presets.load("srtf-four"), ["fcfs", "srt"]))
    assert found is not None and found["text"] == "t=1: FCFS keeps P1; SRT preempts P1 for P2"


def test_round_robin_parts_from_fcfs_when_the_first_quantum_ends(harness: Page) -> None:  # noqa: F811
    # RR q=2: P1 runs 0-2, its quantum ends at t=2 and P2 (waiting since 1) goes next.
    found = diverge(harness, runs_of(presets.load("srtf-four"), ["rr", "fcfs"]))
    assert found is not None
    assert found["text"] == "t=2: RR switches from P1 to P2 when the quantum ends; FCFS keeps P1"
    assert found["reasons"][0] == "RR: P2 is at the head of the ready queue; it may run 2 ticks"


def test_sjf_and_fcfs_part_when_the_first_job_finishes(harness: Page) -> None:  # noqa: F811
    # Both run P1 (8 ticks) first; at t=8 SJF takes the shortest waiting job, P2 (4), as FCFS does;
    # at t=12 SJF takes P4 (5) where FCFS takes P3 (9), the next in arrival order.
    found = diverge(harness, runs_of(presets.load("srtf-four"), ["sjf", "fcfs"]))
    assert found is not None
    assert found["text"] == "t=12: SJF dispatches P4 after P2 finishes; FCFS dispatches P3 after P2 finishes"
    assert found["kinds"] == ["finish", "finish"]


def test_two_cores_name_the_core_where_the_runs_part(harness: Page) -> None:  # noqa: F811
    # Two cores, P1..P4 need 6, 4, 4, 2: at t=2 RR q=2 hands core 0 from P1 to P3 (and core 1
    # from P2 to P4); FCFS lets both run on.  Core 0 is named, the first that differs.
    found = diverge(harness, runs_of(presets.load("rr-two-cores"), ["rr", "fcfs"]))
    assert found is not None
    assert found["text"] == "t=2 on CPU 0: RR switches from P1 to P3 when the quantum ends; FCFS keeps P1"


def test_runs_that_never_differ_have_no_divergence(harness: Page) -> None:  # noqa: F811
    # Each job arrives after the previous one finished: every policy runs them in turn.
    apart = {"version": 1, "processes": [{"name": "P1", "arrival": 0, "burst": 3},
                                         {"name": "P2", "arrival": 5, "burst": 2}]}
    assert diverge(harness, runs_of(apart, ["fcfs", "srt", "rr"])) is None


def test_the_best_average_is_the_lowest_and_ties_share_it(harness: Page) -> None:  # noqa: F811
    best = harness.evaluate("""async () => {
        const m = await import("/static/playground/js/compare-averages.js");
        return [[6.5, 8.75, 12.75], [3, 3, 12], [null, 2, 4], [null, null]].map((v) => [...m.bestIndices(v)]);
    }""")
    assert best == [[0], [0, 1], [1], []]


def test_one_timeline_covers_every_tick_of_the_longest_run(harness: Page) -> None:  # noqa: F811
    runs = runs_of(presets.load("srtf-four"), ["srt", "fcfs"])
    seen = harness.evaluate("""async (runs) => {
        const { CompareTimeline } = await import("/static/playground/js/compare-timeline.js");
        const stores = runs.map((r) => { const s = new harness.StepStore(); s.append(0, r.steps); return s; });
        const timeline = new CompareTimeline(stores.map((store, k) => ({ label: runs[k].policy, store })));
        const streaming = timeline.length;           // neither has finished: ticks known in both
        stores.forEach((s) => s.finish({ ticks: 26 }));
        const at = (t) => [0, 1].map((k) => { const v = timeline.viewOf(k, t); return [v.index, v.t, v.state.running]; });
        return { streaming, finished: timeline.length, span: timeline.span(), at1: at(1), at12: at(12) };
    }""", runs)
    assert seen["streaming"] == 26  # the last step of both is at t=26: ticks 0..25 are complete
    assert seen["finished"] == 27 and seen["span"] == 26
    srt_at1, fcfs_at1 = seen["at1"]
    assert srt_at1[1] == fcfs_at1[1] == 1
    assert srt_at1[2] == [{"who": "P2", "since": 1}]
    assert fcfs_at1[2] == [{"who": "P1", "since": 0}]  # FCFS has a step at t=1 (P2 arrives), P1 still runs
