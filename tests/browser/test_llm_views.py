"""The LLM device's views (issue 13, "In the browser"): the batch Gantt chart,
the KV block grid, the KV memory timeline and the requests table.

Most tests mount a real run panel on the real engine's steps (tests/browser/
harness/panel.html, no server) and compare what each view shows at a step
with the engine's state at that step and its result; the reveal test mounts
the panel twice, with the steps up to k only and with the whole run, and
requires the same markup.  The language and accessibility tests run a
preset on the real stack, as a student opens it.
"""
from __future__ import annotations

import copy
import csv
import functools
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from kernel_engine import Run, presets
from kernel_engine.kernel.delta import apply_step
from tests.browser.conftest import artifact_path
from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.browser.test_a11y import assert_accessible, in_language
from tests.browser.test_chart_labels import TEXT_BOXES, label_problems, sized_panel  # noqa: F401 - a fixture
from tests.browser.test_modules import static_server  # noqa: F401 - a fixture
from tests.stack import Stack

LLM_ROOTS = [".llm-requests-root", ".llm-kv-root", ".llm-memory-root", ".llm-batches-root"]
KINDS = ["used", "reserved", "internal", "external", "free"]
KV_PER_TOKEN = 2 * 40 * 5120 * 2  # the default 13B model: 800 KiB per token state


@functools.cache
def _engine_run(preset: str, kv: tuple = (), scheduling: tuple = (), count: int | None = None,
                gpu: tuple = ()) -> tuple[Any, ...]:
    scenario = presets.load(preset)
    scenario["llm"].setdefault("kv", {}).update(dict(kv))
    scenario["llm"].setdefault("scheduling", {}).update(dict(scheduling))
    scenario["llm"].setdefault("gpu", {}).update(dict(gpu))
    if count is not None:
        scenario["llm"]["generate"]["count"] = count
    run = Run(scenario)
    return scenario, list(run), run.result


def engine_run(preset: str, kv: dict | None = None, scheduling: dict | None = None, count: int | None = None,
               gpu: dict | None = None) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """The preset (with `kv`, `scheduling` and `gpu` changes, and `count` generated requests
    instead of its own, to keep the browser's work small) run by the engine: scenario, steps, result."""
    return copy.deepcopy(_engine_run(preset, tuple(sorted((kv or {}).items())),
                                     tuple(sorted((scheduling or {}).items())), count,
                                     tuple(sorted((gpu or {}).items()))))


def state_at(steps: list[dict[str, Any]], k: int) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for step in steps[:k + 1]:
        state = apply_step(state, step)
    return state


def events_up_to(steps: list[dict[str, Any]], k: int, kind: str) -> list[dict[str, Any]]:
    return [e for step in steps[:k + 1] for e in step["events"] if e["kind"] == kind]


def shown(x: float | None) -> str:
    """A figure as the table shows it: at most one decimal, "—" when not known yet."""
    if x is None:
        return "—"
    rounded = round(x, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


@pytest.fixture
def panel_page(browser: Browser, static_server: str,  # noqa: F811 - the fixture
               request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{static_server}/tests/browser/harness/panel.html")
    page.add_style_tag(url=f"{static_server}/static/playground/css/views.css")
    page.wait_for_function("window.panelHarnessReady === true")
    yield page
    page.screenshot(path=str(artifact_path(f"llm-{request.node.name}")), full_page=True)
    context.close()
    assert errors == []


def mount(page: Page, scenario: dict[str, Any], steps: list[dict[str, Any]], result: dict[str, Any] | None,
          at: int, reveal: str = "cursor") -> None:
    page.evaluate("(run) => panelHarness.mount(run)",
                  {"scenario": scenario, "steps": steps, "result": result, "at": at, "reveal": reveal})


def check_timeline(page: Page, state: dict[str, Any]) -> None:
    kv = state["llm"]["kv"]
    readout = page.locator(".llm-memory-root .llm-kv-readout dd")
    assert readout.evaluate_all("(dds) => dds.map((d) => [d.dataset.kind, Number(d.dataset.bytes)])") == \
        [[k, kv[k]] for k in KINDS]


def pool_blocks(scenario: dict[str, Any], kv: dict[str, int]) -> int:
    block = scenario["llm"]["kv"].get("block_size", 16) * KV_PER_TOKEN
    return (sum(kv.values()) - kv["external"]) // block


def engine_pool(scenario: dict[str, Any], llm: dict[str, Any]) -> list[tuple[str, tuple[str, ...], int]]:
    """Each block of the pool from the step's tables: (free | own | shared, owners, reference count)."""
    owners: dict[int, list[str]] = {}
    for rid, table in llm["tables"].items():
        for b in table:
            if rid not in owners.setdefault(b, []):
                owners[b].append(rid)
    refs = dict(llm["refs"])
    pool = []
    for b in range(pool_blocks(scenario, llm["kv"])):
        if b not in owners:
            pool.append(("free", (), 0))
        else:
            count = refs.get(b, 1)
            pool.append(("shared" if count > 1 else "own", tuple(owners[b]), count))
    return pool


def drawn_pool(page: Page) -> list[tuple[str, tuple[str, ...], int]]:
    """Each block the grid draws, by block number, read from its groups (kind, owners in the title, count)."""
    groups = page.locator(".llm-kv-root .llm-kv-run").evaluate_all(
        "(gs) => gs.map((g) => ({kind: ['own', 'shared', 'free'].find((k) => g.classList.contains(`llm-kv-${k}`)),"
        " blocks: g.dataset.blocks.split(' ').filter(Boolean).map(Number), cells: Number(g.dataset.cells),"
        " refs: Number(g.dataset.refs), owners: g.owners || [], title: g.querySelector('title').textContent,"
        " labels: [...g.querySelectorAll('text')].map((t) => t.textContent)}))")
    pool: dict[int, tuple[str, tuple[str, ...], int]] = {}
    for group in groups:
        assert len(group["blocks"]) == group["cells"]
        for owner in group["owners"]:
            assert owner in group["title"]
        assert all(label == f"×{group['refs']}" for label in group["labels"])
        for b in group["blocks"]:
            assert b not in pool, f"block {b} drawn twice"
            pool[b] = (group["kind"], tuple(group["owners"]), group["refs"])
    assert sorted(pool) == list(range(len(pool))), "every block of the pool, none missing"
    return [pool[b] for b in range(len(pool))]


def check_grid(page: Page, scenario: dict[str, Any], state: dict[str, Any]) -> None:
    llm = state["llm"]
    policy = scenario["llm"]["kv"].get("policy", "paged")
    if policy.startswith("paged") and "tables" in llm:
        # Every block where it lies, with its owners and its exact reference count.
        assert drawn_pool(page) == engine_pool(scenario, llm)
        return
    runs = page.locator(".llm-kv-root .llm-kv-run").evaluate_all(
        "(gs) => gs.map((g) => [g.dataset.key, g.dataset.owner, Number(g.dataset.cells)])")
    owners = [key for key, owner, _ in runs if owner and ":" not in key]
    assert owners == [r for r in llm["running"] if r in llm["blocks"]]
    cells = {key: n for key, _, n in runs}
    kv = llm["kv"]
    if policy.startswith("paged"):
        block = scenario["llm"]["kv"].get("block_size", 16) * KV_PER_TOKEN
        nblocks = (sum(kv.values()) - kv["external"]) // block
        allocated = (kv["used"] + kv["reserved"] + kv["internal"]) // block
        own = {rid: b - s for rid, (b, s) in llm["blocks"].items()}
        per = -(-nblocks // 1600)   # a pool above 1,600 blocks draws several per cell
        assert {o: cells[o] for o in owners} == {o: -(-own[o] // per) for o in owners}
        assert cells.get("shared", 0) == -(-(allocated - sum(own.values())) // per)
        assert cells["free"] == -(-(nblocks - allocated) // per)
        if policy == "paged_shared" and any(s for _, s in llm["blocks"].values()):
            assert cells["shared"] > 0
    else:
        # Each region is drawn at its size: nothing falls back to totals by category.
        assert "used" not in cells
        if owners and policy == "contiguous_max":
            assert any(key.endswith(":internal") for key in cells)


def check_batches(page: Page, steps: list[dict[str, Any]], k: int) -> None:
    arrived = [e["who"] for e in events_up_to(steps, k, "llm_arrive")]
    rows = page.locator(".llm-batches-root g.llm-row").evaluate_all("(gs) => gs.map((g) => g.dataset.request)")
    assert rows == arrived
    iteration = next((e for e in steps[k]["events"] if e["kind"] == "llm_iteration"), None)
    current = page.locator(".llm-batches-root rect.llm-bar.current").evaluate_all(
        "(rs) => rs.map((r) => [r.closest('g').dataset.request, r.dataset.kind])")
    expected = [[m[0], "swap" if m[1] == "swap_in" else m[1]] for m in iteration["batch"]] if iteration else []
    assert sorted(current) == sorted(expected)


def check_requests(page: Page, steps: list[dict[str, Any]], result: dict[str, Any], k: int) -> None:
    t = steps[k]["t"]
    finished = {e["who"] for e in events_up_to(steps, k, "llm_finish")}
    preempted: dict[str, int] = {}
    for e in events_up_to(steps, k, "llm_preempt"):
        preempted[e["who"]] = preempted.get(e["who"], 0) + 1
    rows = page.locator(".llm-requests-root tbody tr").evaluate_all(
        "(trs) => trs.map((tr) => [tr.dataset.request, ...['ttft', 'tpot', 'e2e', 'preemptions']"
        ".map((f) => tr.querySelector(`[data-field=${f}]`).textContent)])")
    records = result["llm"]["requests"]
    assert rows, "no request rows"
    for rid, ttft, tpot, e2e, preemptions in rows:
        record = records[rid]
        done = rid in finished
        first_known = record["first_token"] is not None and record["first_token"] <= t
        assert ttft == (shown(record["ttft"]) if first_known else "—"), (rid, k)
        assert tpot == (shown(record["tpot"]) if done else "—"), (rid, k)
        assert e2e == (shown(record["e2e"]) if done else "—"), (rid, k)
        assert preemptions == str(preempted.get(rid, 0)), (rid, k)


# (preset, kv changes, scheduling changes, generated requests): the presets' lessons on fewer requests.
CASES = [
    ("llm-paging", {}, {}, 60),
    ("llm-paging", {"policy": "contiguous_max"}, {}, 12),
    ("llm-prefix-sharing", {}, {}, None),
    ("llm-chunked-prefill", {}, {}, None),
    ("llm-swap-recompute", {}, {"preemption": "swap"}, 30),
]


@pytest.mark.parametrize("preset, kv, scheduling, count", CASES,
                         ids=["paged", "contiguous_max", "paged_shared", "chunked", "swap"])
def test_each_view_shows_the_engine_state_at_the_steps_looked_at(panel_page: Page, preset: str, kv: dict,
                                                                 scheduling: dict, count: int | None) -> None:
    scenario, steps, result = engine_run(preset, kv, scheduling, count)
    if scheduling.get("preemption") == "swap":
        assert events_up_to(steps, len(steps) - 1, "llm_preempt")[0]["how"] == "swap"
    mount(panel_page, scenario, steps, result, 0)
    last = len(steps) - 1
    state: dict[str, Any] = {}
    done = -1
    for k in (1, last // 7, last // 3, (2 * last) // 3, last):
        panel_page.evaluate(f"() => panelHarness.seek({k})")
        for step in steps[done + 1:k + 1]:
            state = apply_step(state, step)
        done = k
        check_timeline(panel_page, state)
        check_grid(panel_page, scenario, state)
        check_batches(panel_page, steps, k)
        check_requests(panel_page, steps, result, k)


def widget_markup(page: Page, run: dict[str, Any], selector: str) -> tuple[str, str]:
    page.evaluate("(run) => panelHarness.mount(run)", run)
    chart = page.evaluate("(s) => panelHarness.widgetMarkup(s)", selector)
    page.evaluate("() => panelHarness.showTables(true)")
    table = page.evaluate("(s) => panelHarness.widgetMarkup(s)", selector)
    return chart, table


@pytest.mark.parametrize("preset, kv, count", [("llm-prefix-sharing", {}, None),
                                               ("llm-paging", {"policy": "contiguous_max"}, 12)],
                         ids=["paged_shared", "contiguous_max"])
@pytest.mark.parametrize("selector", LLM_ROOTS)
def test_nothing_after_the_cursor_reaches_an_llm_view(panel_page: Page, preset: str, kv: dict, count: int | None,
                                                      selector: str) -> None:
    scenario, steps, result = engine_run(preset, kv, count=count)
    k = len(steps) // 2  # a question about step k + 1 is pending
    known, known_table = widget_markup(panel_page, {"scenario": scenario, "steps": steps[:k + 1], "reveal": "cursor", "at": k},
                                       selector)
    shown_now, shown_table = widget_markup(panel_page, {"scenario": scenario, "steps": steps, "result": result,
                                                        "reveal": "cursor", "at": k}, selector)
    assert "<svg" in known or "<table" in known
    assert shown_now == known
    assert shown_table == known_table
    # Not vacuous: the charts over time would reach further with the whole run shown.
    if selector in (".llm-memory-root", ".llm-batches-root"):
        panel_page.evaluate("(run) => panelHarness.mount(run)",
                            {"scenario": scenario, "steps": steps, "result": result, "at": k, "reveal": "toggle"})
        assert panel_page.evaluate("(s) => panelHarness.widgetMarkup(s)", selector) != known


def test_a_scenario_without_an_llm_section_has_no_llm_panel(panel_page: Page) -> None:
    scenario, steps, result = (lambda r: (presets.load("cpu-srt-four"), list(r), r.result))(Run(presets.load("cpu-srt-four")))
    mount(panel_page, scenario, steps, result, len(steps) - 1)
    expect(panel_page.locator(".run-grid > [data-panel]")).not_to_have_count(0)
    for selector in LLM_ROOTS:
        expect(panel_page.locator(selector)).to_have_count(0)


def test_the_cpu_chart_of_a_scenario_without_processes_points_to_the_llm_panels(panel_page: Page) -> None:
    scenario, steps, result = engine_run("llm-convoy")
    mount(panel_page, scenario, steps, result, 3)
    expect(panel_page.locator(".gantt-root .widget-empty")).to_have_text(
        "This scenario has no processes: its requests go to the LLM device, "
        "in the charts of the LLM panels.")
    cpu_only, cpu_steps, cpu_result = (lambda r: (presets.load("cpu-srt-four"), list(r), r.result))(
        Run(presets.load("cpu-srt-four")))
    mount(panel_page, cpu_only, cpu_steps, cpu_result, 0)
    expect(panel_page.locator(".gantt-root")).not_to_contain_text("no processes")


def test_the_bars_are_reached_by_keyboard_and_seek_to_their_step(panel_page: Page) -> None:
    scenario, steps, result = engine_run("llm-chunked-prefill")
    last = len(steps) - 1
    mount(panel_page, scenario, steps, result, last)
    bars = panel_page.locator(".llm-batches-root [data-seek-step]")
    stops = bars.evaluate_all("(bs) => bs.filter((b) => b.getAttribute('tabindex') === '0').length")
    assert stops == 1  # the chart is one tab stop
    bars.first.focus()
    panel_page.keyboard.press("ArrowRight")
    second = bars.nth(1)
    expect(second).to_be_focused()
    target = second.get_attribute("data-seek-step")
    panel_page.keyboard.press("Enter")
    expect(panel_page.locator(".player")).to_have_attribute("data-step", target)


def test_each_chart_has_a_table_view(panel_page: Page) -> None:
    scenario, steps, result = engine_run("llm-prefix-sharing")
    k = len(steps) // 2
    mount(panel_page, scenario, steps, result, k)
    panel_page.evaluate("() => panelHarness.showTables(true)")
    iterations = len(events_up_to(steps, k, "llm_iteration"))
    batches = panel_page.locator(".llm-batches-root table.llm-batch-table tbody tr")
    expect(batches).to_have_count(min(40, iterations))
    last_iteration = events_up_to(steps, k, "llm_iteration")[-1]
    expect(batches.last).to_have_attribute("data-iteration", str(last_iteration["n"]))
    state = state_at(steps, k)
    owners = [r for r in state["llm"]["running"] if r in state["llm"]["blocks"]]
    expect(panel_page.locator(".llm-kv-root table.llm-kv-table tbody tr")).to_have_count(len(owners))
    expect(panel_page.locator(".llm-memory-root table.llm-timeline-table tbody tr")).not_to_have_count(0)
    # A row's button goes to its step.
    panel_page.locator(".llm-batches-root .llm-table-seek").first.click()
    first_listed = events_up_to(steps, k, "llm_iteration")[-min(40, iterations)]
    expect(panel_page.locator(".player")).to_have_attribute("data-tick", str(first_listed["start"]))


def sample_tables(llm: dict[str, Any], rid: str) -> list[list[int]]:
    n = llm["samples"].get(rid, 1)
    return [llm["tables"][rid][k::n] for k in range(n)]


def test_choosing_a_request_shows_its_block_table_and_highlights_its_blocks(panel_page: Page) -> None:
    scenario, steps, result = engine_run("llm-prefix-sharing")
    k = len(steps) // 3
    llm = state_at(steps, k)["llm"]
    chosen = next(rid for rid in llm["tables"] if llm["samples"].get(rid, 1) > 1)  # one with samples
    mount(panel_page, scenario, steps, result, k)
    panel_page.locator(".llm-kv-root select.llm-kv-choose").select_option(chosen)
    highlighted = panel_page.locator(".llm-kv-root g.llm-kv-run[data-highlight]").evaluate_all(
        "(gs) => gs.flatMap((g) => g.dataset.blocks.split(' ').map(Number))")
    assert sorted(highlighted) == sorted(set(llm["tables"][chosen]))
    dimmed = panel_page.locator(".llm-kv-root g.llm-kv-run:not([data-highlight])").evaluate_all(
        "(gs) => gs.every((g) => g.style.opacity === '0.3')")
    assert dimmed
    panel_page.evaluate("() => panelHarness.showTables(true)")
    rows = panel_page.locator(".llm-kv-root table.llm-kv-block-table tbody tr").evaluate_all(
        "(trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent))")
    refs = dict(llm["refs"])
    tables = sample_tables(llm, chosen)
    assert len(tables) == llm["samples"][chosen]
    assert rows == [[str(i)] + [f"{t[i]} (×{refs[t[i]]})" if t[i] in refs else str(t[i]) for t in tables]
                    for i in range(len(tables[0]))]
    # Copy-on-write: the samples share their first blocks and hold their last ones alone.
    assert tables[0][0] == tables[1][0] and tables[0][-1] != tables[1][-1]
    held = panel_page.locator(".llm-kv-root table.llm-kv-block-rows tbody tr").evaluate_all(
        "(trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent))")
    assert held == [[str(b), ", ".join(owners), str(count)]
                    for b, (kind, owners, count) in enumerate(engine_pool(scenario, llm)) if kind != "free"]


def test_pointing_at_a_shared_block_highlights_every_request_that_holds_it(panel_page: Page) -> None:
    scenario, steps, result = engine_run("llm-prefix-sharing")
    k = len(steps) // 3
    llm = state_at(steps, k)["llm"]
    mount(panel_page, scenario, steps, result, k)
    shared = panel_page.locator(".llm-kv-root g.llm-kv-shared").first
    owners = shared.evaluate("(g) => g.owners")
    assert len(owners) > 1   # the prefix's blocks
    # (the player, fixed at the bottom of the page, may cover the grid: the pointer's event itself)
    shared.locator("path").first.dispatch_event("pointerover")
    lit = panel_page.locator(".llm-kv-root g.llm-kv-run[data-highlight]").evaluate_all(
        "(gs) => gs.map((g) => g.owners)")
    assert lit and all(set(o) & set(owners) for o in lit)
    assert {o for group in lit for o in group} >= set(owners)
    refs = dict(llm["refs"])
    assert {refs[b] for b in shared.evaluate("(g) => g.dataset.blocks.split(' ').map(Number)")} == {
        shared.evaluate("(g) => Number(g.dataset.refs)")}
    panel_page.locator(".llm-kv-root svg.llm-kv-svg").dispatch_event("pointerleave")
    expect(panel_page.locator(".llm-kv-root g.llm-kv-run[data-highlight]")).to_have_count(0)


def test_the_blocks_csv_lists_every_block_of_the_engine_step(panel_page: Page) -> None:
    scenario, steps, result = engine_run("llm-prefix-sharing")
    k = (2 * len(steps)) // 3
    llm = state_at(steps, k)["llm"]
    mount(panel_page, scenario, steps, result, k)
    with panel_page.expect_download() as info:
        panel_page.locator(".llm-kv-root .llm-kv-csv").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode()) and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["block", "owners", "reference_count"]
    assert rows[1:] == [[str(b), ";".join(owners), str(count)]
                        for b, (_, owners, count) in enumerate(engine_pool(scenario, llm))]
    assert info.value.suggested_filename == f"kv-blocks-t{steps[k]['t']}.csv"


def test_a_step_without_block_tables_groups_the_blocks_by_owner(panel_page: Page) -> None:
    # A pool of 4,097 blocks is above the engine's cap: its steps carry the summary only.
    scenario, steps, result = engine_run("llm-paging", count=30, gpu={"kv_pool_bytes": 4097 * 16 * KV_PER_TOKEN})
    k = len(steps) // 2
    state = state_at(steps, k)
    assert "tables" not in state["llm"]
    mount(panel_page, scenario, steps, result, k)
    check_grid(panel_page, scenario, state)
    expect(panel_page.locator(".llm-kv-root .llm-kv-notes")).to_contain_text("no block tables")
    expect(panel_page.locator(".llm-kv-root .llm-kv-csv")).to_be_disabled()
    expect(panel_page.locator(".llm-kv-root select.llm-kv-choose")).to_be_disabled()


@pytest.mark.parametrize("preset, kv, count", [("llm-paging", {}, 60), ("llm-paging", {"policy": "contiguous_max"}, 12),
                                               ("llm-prefix-sharing", {}, None), ("llm-agents", {}, None)],
                         ids=["paged", "contiguous_max", "paged_shared", "agents"])
def test_no_llm_chart_label_overlaps_another_or_is_clipped(sized_panel: Page, preset: str, kv: dict,
                                                         count: int | None) -> None:
    scenario, steps, result = engine_run(preset, kv, count=count)
    for at in (len(steps) // 2, len(steps) - 1):
        mount(sized_panel, scenario, steps, result, at, reveal="toggle")
        charts = [c for c in sized_panel.evaluate(TEXT_BOXES) if c["chart"].startswith("llm-")]
        assert {c["chart"] for c in charts} >= {"llm-batch-svg", "llm-timeline-svg", "llm-kv-svg"}
        assert sum(len(c["texts"]) for c in charts) > 0
        problems = label_problems(charts)
        assert not problems, f"{preset} at step {at}:\n" + "\n".join(problems)


def open_preset(page: Page, preset: str) -> None:
    page.goto(f"/build/?preset={preset}&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")


def test_the_views_speak_chinese(page: Page, stack: Stack) -> None:
    in_language(page.context, stack.base_url, "zh-hans")
    open_preset(page, "llm-convoy")
    expect(page.locator(".llm-batches-root h3")).to_have_text("LLM 批次")
    expect(page.locator(".llm-kv-root h3")).to_have_text("KV 缓存块")
    expect(page.locator(".llm-memory-root h3")).to_have_text("KV 内存随时间变化")
    expect(page.locator(".llm-memory-root .llm-legend li").first).to_contain_text("已用")
    expect(page.locator(".llm-requests-root thead th").nth(3)).to_have_text("首词元时间")
    # The last step's decision (a request finishes) in the page's language, from its reason key.
    decision = page.locator(".llm-requests-root .llm-decision").first
    expect(decision.locator(".llm-decision-kind")).to_have_text("已结束")
    assert "finished" not in decision.locator(".llm-decision-reason").inner_text()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_llm_views_have_no_accessibility_violations(page: Page, stack: Stack, lang: str) -> None:
    in_language(page.context, stack.base_url, lang)
    open_preset(page, "llm-prefix-sharing")
    expect(page.locator(".llm-batches-root svg.llm-batch-svg")).to_be_visible()
    assert_accessible(page, lang)
    page.locator(".llm-batches-root .chart-table-toggle").click()
    page.locator(".llm-kv-root .chart-table-toggle").click()
    page.locator(".llm-memory-root .chart-table-toggle").click()
    expect(page.locator(".llm-batches-root table")).to_be_visible()
    assert_accessible(page, lang)
    # A request's block table, its blocks highlighted in the grid, at an iteration with requests running.
    page.locator(".llm-batches-root .llm-table-seek").first.click()
    page.locator(".llm-kv-root select.llm-kv-choose").select_option(index=1)
    expect(page.locator(".llm-kv-root table.llm-kv-block-table")).to_be_visible()
    assert_accessible(page, lang)
    page.locator(".llm-kv-root .chart-table-toggle").click()
    expect(page.locator(".llm-kv-root g.llm-kv-run[data-highlight]").first).to_be_attached()
    assert_accessible(page, lang)


def test_playing_moves_the_batches_on_and_no_bar_passes_the_cursor(panel_page: Page) -> None:
    scenario, steps, result = engine_run("llm-chunked-prefill")
    k = len(steps) // 2
    mount(panel_page, scenario, steps, result, k)
    panel_page.locator(".player-speed").select_option("8")
    panel_page.locator(".player-play").click()
    panel_page.wait_for_timeout(1500)
    panel_page.locator(".player-play").click()
    expect(panel_page.locator(".player")).to_have_attribute("data-playing", "false")
    at = int(panel_page.locator(".player").get_attribute("data-step"))
    assert at > k
    check_batches(panel_page, steps, at)
    # Under the reveal rule the time axis ends at the cursor's tick: every bar ends there
    # (a bar of the iteration just begun shows as a 3 px stub past it).
    axis_end = float(panel_page.locator(".llm-batches-root .llm-batch-axis .axis-line").get_attribute("x2"))
    ends = panel_page.locator(".llm-batches-root rect.llm-bar").evaluate_all(
        "(rs) => rs.map((r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width')))")
    assert ends and max(ends) <= axis_end + 3.01


@pytest.mark.parametrize("preset", ["llm-os-combined", "llm-chunked-prefill"])
def test_every_step_reads_as_text_without_a_missing_value(panel_page: Page, preset: str) -> None:
    scenario, steps, result = engine_run(preset)
    mount(panel_page, scenario, steps, result, 0, reveal="toggle")
    texts = panel_page.evaluate("""async ([count, roots]) => {
        const out = [];
        for (let i = 0; i < count; i += 1) {
            await panelHarness.seek(i);
            out.push(roots.map((r) => document.querySelector(r).textContent));
        }
        return out;
    }""", [len(steps), LLM_ROOTS])
    assert len(texts) == len(steps)
    for i, widget_texts in enumerate(texts):
        for text in widget_texts:
            assert "[object" not in text and "undefined" not in text and "NaN" not in text, (i, text[:300])
