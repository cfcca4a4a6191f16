"""Browser benchmark: does the Gantt chart's "fit" view of a 1,000-tick run on
20 lanes still animate smoothly?

    python bench/browser.py                  # 4 s of playback per measure
    python bench/browser.py --seconds 2 --check

Starts the live stack of tests/stack.py, runs 20 processes of 50 ticks
under round robin with a 1-tick quantum (1,000 ticks, a Gantt bar per tick,
1,000 steps), opens the run's page in Chromium (Playwright) with the chart
by thread (20 lanes), and measures, in fit view and zoomed in 8x:

- frames per second, counted with requestAnimationFrame while the player
  plays at 8x (its fastest speed, 24 steps a second), and while the page
  seeks one step every frame (60 steps a second: the headroom);
- the time to render one step: from the frame the player draws a step in
  to the end of its style and layout (the player, every widget of the run
  panel, and the browser's layout; painting excluded), over ``--steps``
  steps: median, p95 and worst; and the same for each widget's render
  alone, so that a slow step names its widget.

Then, over the LLM preset llm-paging (2,371 steps) in the panel harness
(tests/browser/harness/panel.html, served as static files), the mean time
of one step forward (every widget's render and the browser's layout) early
in the run and late in it, and per LLM widget: a redraw that grew with the
cursor would show as a late mean well above the early one.

Goals: at least 50 frames a second at 8x, and one step rendered in at most
16 ms at p95 (one frame at 60 Hz).  ``--check`` exits 1 when a goal is
missed.  The machine is shared: compare runs made one after the other.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from kernel_engine import Run, presets  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.test_modules import REPO, QuietHandler  # noqa: E402
from tests.stack import Stack, live_stack  # noqa: E402
from tests.web.helpers import http_json  # noqa: E402

FPS_GOAL = 50.0
RENDER_GOAL_MS = 16.0
LANES = 20
BURST = 50


def workload() -> dict[str, Any]:
    """20 processes x 50 ticks, RR q=1: 1,000 ticks with a context switch at every tick."""
    return {
        "version": 1, "title": f"{LANES} lanes x {LANES * BURST} ticks",
        "cpu": {"policy": "rr", "quantum": 1},
        "processes": [{"name": f"P{k}", "arrival": k - 1, "burst": BURST} for k in range(1, LANES + 1)],
    }


def finished_run(stack: Stack) -> str:
    """Run the workload on the stack and wait for it; the run id."""
    status, body, _ = http_json("POST", f"{stack.base_url}/api/runs/", {"scenario": workload()})
    if status != 202:
        raise SystemExit(f"POST /api/runs/ answered {status}: {body}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        _, run, _ = http_json("GET", f"{stack.base_url}/api/runs/{body['id']}/")
        if run["status"] == "completed":
            return str(run["id"])
        if run["status"] == "failed":
            raise SystemExit(f"the benchmark run failed: {run['error']}")
        time.sleep(0.2)
    raise SystemExit("the benchmark run did not finish within 60 s")


# Counts animation frames for `ms` milliseconds; `seek` presses → on the player every frame.
FRAMES_JS = """async ([ms, seek]) => {
    const player = document.querySelector(".player");
    const right = () => player.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    return await new Promise((resolve) => {
        let frames = 0, worst = 0, start = null, last = null;
        const tick = (now) => {
            if (start === null) start = last = now;
            frames += 1;
            worst = Math.max(worst, now - last);
            last = now;
            if (seek) right();
            if (now - start < ms) requestAnimationFrame(tick);
            else resolve({ fps: (frames - 1) / ((now - start) / 1000), worstMs: worst });
        };
        requestAnimationFrame(tick);
    });
}"""

# The cost of one step: rAF callbacks run in the order they were asked for, so
# `before` runs just ahead of the player's render in the same frame, and `after`
# just behind it, where reading the layout makes the browser do style and layout.
RENDER_JS = """async (steps) => {
    const player = document.querySelector(".player");
    const times = [];
    for (let k = 0; k < steps; k += 1) {
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        let t0 = 0;
        const done = new Promise((resolve) => {
            requestAnimationFrame(() => { t0 = performance.now(); });
            player.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
            requestAnimationFrame(() => {
                document.body.getBoundingClientRect();
                resolve(performance.now() - t0);
            });
        });
        times.push(await done);
    }
    return times;
}"""


# Times every widget's render(view) from outside: the page's modules are
# imported again by URL, which gives the very same module objects, and
# each widget class's render is wrapped.  Widgets a page does not have are skipped.
WIDGETS = {"Gantt chart": ("gantt.js", "Gantt"), "Event log": ("log.js", "EventLog"),
           "Queues": ("queues.js", "Queues"), "Metrics": ("metrics.js", "Metrics")}
INSTRUMENT_JS = """async (widgets) => {
    window.benchTimes = {};
    for (const [name, [file, cls]] of Object.entries(widgets)) {
        const module = await import(`/static/playground/js/${file}`);
        const proto = module[cls] && module[cls].prototype;
        if (!proto || proto.benchWrapped) continue;
        const render = proto.render;
        window.benchTimes[name] = [];
        proto.render = function (view) {
            const t0 = performance.now();
            try { return render.call(this, view); } finally { window.benchTimes[name].push(performance.now() - t0); }
        };
        proto.benchWrapped = true;
    }
}"""


def open_run(page: Page, stack: Stack, run_id: str) -> None:
    """The run's page, finished and paused at its first step, the chart by thread."""
    page.goto(f"{stack.base_url}/runs/{run_id}/")
    page.locator(".run-panel[data-finished=true]").wait_for(timeout=60_000)
    page.locator('.gantt-mode[data-mode="thread"]').click()
    page.locator(f'.gantt-svg[data-lanes="{LANES}"]').wait_for()
    page.locator(".player").press("Home")


def percentiles(times: list[float]) -> tuple[float, float, float]:
    """(median, p95, max) of a non-empty list."""
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1]


def measure(page: Page, seconds: float, steps: int) -> dict[str, Any]:
    """Frames per second while playing at 8x and while seeking every frame; render times."""
    player = page.locator(".player")
    player.press("Home")
    page.locator(".player-speed").select_option("8")
    player.press(" ")
    play = page.evaluate(FRAMES_JS, [seconds * 1000, False])
    player.press(" ")
    player.press("Home")
    seek = page.evaluate(FRAMES_JS, [seconds * 1000, True])
    player.press("Home")
    page.evaluate("() => { for (const name in window.benchTimes) window.benchTimes[name] = []; }")
    p50, p95, worst = percentiles(page.evaluate(RENDER_JS, steps))
    widgets = {name: percentiles(times) for name, times in page.evaluate("window.benchTimes").items() if times}
    return {"play_fps": play["fps"], "play_worst": play["worstMs"], "seek_fps": seek["fps"],
            "p50": p50, "p95": p95, "max": worst, "widgets": widgets}


LLM_PRESET = "llm-paging"
LLM_WINDOWS = (100, 2000)
LLM_WIDGETS = {"LLM batches": ("llm-batch-gantt.js", "LlmBatchGantt"), "LLM requests": ("llm-requests.js", "LlmRequests"),
               "KV grid": ("llm-kv-grid.js", "LlmKvGrid"), "KV timeline": ("llm-kv-timeline.js", "LlmKvTimeline")}

# Mean ms of `count` steps forward from `from`: seek, then force style and layout in the same task.
FORWARD_JS = """async ([from, count]) => {
    await panelHarness.seek(from);
    for (const name in window.benchTimes) window.benchTimes[name] = [];
    let total = 0;
    for (let i = from + 1; i <= from + count; i += 1) {
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        let t0 = 0;
        total += await new Promise((resolve) => {
            requestAnimationFrame(() => { t0 = performance.now(); });
            panelHarness.panel.player.seek(i);
            requestAnimationFrame(() => {
                document.body.getBoundingClientRect();
                resolve(performance.now() - t0);
            });
        });
    }
    const widgets = Object.fromEntries(Object.entries(window.benchTimes).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / Math.max(1, v.length)]));
    return { mean: total / count, widgets };
}"""


def llm_forward_steps(playwright: Any, steps: int) -> list[tuple[int, dict[str, Any]]]:
    """[(from step, {mean, widgets})] for each of LLM_WINDOWS over LLM_PRESET in the panel harness."""
    scenario = presets.load(LLM_PRESET)
    run = Run(scenario)
    payload = {"scenario": scenario, "steps": list(run), "result": run.result}
    handler = functools.partial(QuietHandler, directory=str(REPO))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    try:
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.goto(f"{base}/tests/browser/harness/panel.html")
        page.wait_for_function("window.panelHarnessReady === true")
        page.evaluate("(run) => panelHarness.mount(run)", payload)
        page.evaluate(INSTRUMENT_JS, LLM_WIDGETS)
        return [(at, page.evaluate(FORWARD_JS, [at, steps])) for at in LLM_WINDOWS]
    finally:
        browser.close()
        server.shutdown()
        server.server_close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="seconds of playback per fps measure (default 4)")
    parser.add_argument("--steps", type=int, default=200, help="steps timed for the render cost (default 200)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit(f"Chromium is not installed at {CHROMIUM}")
    rows = []
    with live_stack() as stack, sync_playwright() as playwright:
        run_id = finished_run(stack)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_run(page, stack, run_id)
            page.evaluate(INSTRUMENT_JS, WIDGETS)
            bars = page.locator(".gantt-svg rect.gantt-bar").count()
            rows.append(("fit: 1,000 ticks x 20 lanes", measure(page, args.seconds, args.steps)))
            for _ in range(3):
                page.locator(".gantt-root .zoom-in").click()
            rows.append(("zoomed in 8x (125 ticks)", measure(page, args.seconds, args.steps)))
        finally:
            browser.close()
    print(f"\nGantt chart of a {LANES * BURST}-tick run on {LANES} lanes ({bars} bars in fit view), Chromium headless\n")
    header = f"{'view':<30} {'fps 8x':>8} {'worst gap':>10} {'fps seek/frame':>15} {'step p50':>9} {'p95':>8} {'max':>8}"
    print(header)
    print("-" * len(header))
    missed = []
    for name, m in rows:
        print(f"{name:<30} {m['play_fps']:>8.1f} {m['play_worst']:>8.1f}ms {m['seek_fps']:>15.1f} "
              f"{m['p50']:>7.2f}ms {m['p95']:>6.2f}ms {m['max']:>6.2f}ms")
        if m["play_fps"] < FPS_GOAL:
            missed.append(f"{name}: {m['play_fps']:.1f} fps at 8x < {FPS_GOAL:.0f}")
        if m["p95"] > RENDER_GOAL_MS:
            missed.append(f"{name}: one step p95 {m['p95']:.2f} ms > {RENDER_GOAL_MS:.0f} ms")
    print("\nOne step, widget by widget (render(view) only, without the browser's layout):\n")
    header = f"{'view':<30} {'widget':<14} {'p50':>8} {'p95':>8} {'max':>8}"
    print(header)
    print("-" * len(header))
    for name, m in rows:
        for widget, (p50, p95, worst) in m["widgets"].items():
            print(f"{name:<30} {widget:<14} {p50:>6.2f}ms {p95:>6.2f}ms {worst:>6.2f}ms")
    with sync_playwright() as playwright:
        llm = llm_forward_steps(playwright, min(args.steps, 100))
    print(f"\nOne step forward over {LLM_PRESET} (panel harness; render of every widget and layout), mean:\n")
    header = f"{'from step':<10} {'step':>8} " + " ".join(f"{name:>13}" for name in LLM_WIDGETS)
    print(header)
    print("-" * len(header))
    for at, m in llm:
        print(f"{at:<10} {m['mean']:>6.2f}ms " + " ".join(f"{m['widgets'].get(name, 0):>11.2f}ms" for name in LLM_WIDGETS))
    print(f"\nGoals: >= {FPS_GOAL:.0f} fps at 8x, one step <= {RENDER_GOAL_MS:.0f} ms at p95.")
    for line in missed:
        print(f"MISSED: {line}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
