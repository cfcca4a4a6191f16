"""The chart-interaction modules alone, in Chromium without the web stack, on
steps from the real engine: the zoom window's arithmetic, fill patterns,
and a streaming Gantt chart's details and click-to-seek.

The harness page and its static server come from test_modules.py.
"""
from __future__ import annotations

from playwright.sync_api import Page

from kernel_engine import Run, presets
from tests.browser.test_modules import harness, static_server  # noqa: F401 - fixtures

JS = "/static/playground/js"


def test_zooming_keeps_the_anchor_tick_in_place_and_stays_inside_the_run(harness: Page) -> None:  # noqa: F811
    seen = harness.evaluate(f"""async () => {{
        const {{ Zoom }} = await import("{JS}/zoom.js");
        const zoom = new Zoom();
        let changes = 0;
        zoom.onChange(() => {{ changes += 1; }});
        const span = 1000;
        const out = {{ fit: zoom.window(span) }};
        zoom.zoomBy(4, span, 100);            // 250 ticks in view, t=100 stays 10% from the left
        out.in4 = zoom.window(span);
        zoom.panBy(-1, span);                 // a whole window earlier: stops at 0
        out.panned = zoom.window(span);
        out.revealInside = zoom.reveal(200, span);
        out.revealed = zoom.reveal(900, span) && zoom.window(span);
        zoom.zoomBy(1000, span);              // never narrower than 4 ticks
        out.narrowest = zoom.window(span);
        out.tiny = zoom.window(3);            // a 3-tick run cannot zoom at all
        zoom.fit();
        out.back = zoom.window(span);
        out.changes = changes;
        return out;
    }}""")
    assert seen["fit"] == {"start": 0, "end": 1000, "level": 1, "fit": True}
    assert seen["in4"] == {"start": 75, "end": 325, "level": 4, "fit": False}
    assert (seen["panned"]["start"], seen["panned"]["end"]) == (0, 250)
    assert seen["revealInside"] is False
    # t=900 would go 10% from the left (875), but the window stops at the run's end.
    assert (seen["revealed"]["start"], seen["revealed"]["end"]) == (750, 1000)
    assert seen["narrowest"]["end"] - seen["narrowest"]["start"] == 4
    assert seen["tiny"]["fit"] is True
    assert seen["back"]["fit"] is True and seen["back"]["start"] == 0
    assert seen["changes"] == 5


def test_each_process_gets_its_own_pattern_as_well_as_its_colour(harness: Page) -> None:  # noqa: F811
    seen = harness.evaluate(f"""async () => {{
        const {{ FillPatterns, PATTERNS }} = await import("{JS}/patterns.js");
        const scenario = {{ processes: Array.from({{ length: 10 }}, (_, k) => ({{ name: `P${{k + 1}}` }})) }};
        const fills = new FillPatterns(scenario, new harness.Palette(scenario));
        const names = scenario.processes.map((p) => p.name);
        const defs = fills.defs(names);
        fills.define(defs, ["P1", "stranger"]);     // P1 is there already; a name not in the scenario is added
        return {{ kinds: PATTERNS.length, patterns: names.map((n) => fills.patternOf(n)),
                  ids: names.map((n) => fills.id(n)), held: defs.querySelectorAll("pattern").length,
                  marks: [...defs.querySelectorAll("pattern")].slice(0, 3).map((p) => p.dataset.pattern) }};
    }}""")
    assert seen["patterns"] == [k % seen["kinds"] for k in range(10)]
    assert len(set(seen["ids"])) == 10  # colour and pattern together tell all ten apart
    assert seen["held"] == 11
    assert seen["marks"] == ["plain", "rising", "falling"]


def test_a_streaming_chart_explains_the_running_bar_and_asks_to_seek_to_its_dispatch(harness: Page) -> None:  # noqa: F811
    run = Run(presets.load("srtf-four"))
    steps = list(run)
    # Step 3 is t=3 (P4 arrives): P2, dispatched at t=1 when it preempted P1, is still running.
    seen = harness.evaluate(f"""async ([steps, result, scenario]) => {{
        const {{ onSeekRequest }} = await import("{JS}/chart-seek.js");
        const store = new harness.StepStore();
        store.append(0, steps.slice(0, 8));
        const root = document.createElement("div");
        root.style.width = "900px";
        document.getElementById("stage").append(root);
        const gantt = new harness.Gantt(root, {{ palette: new harness.Palette(scenario), scenario }});
        const view = (i) => ({{ index: i, t: store.tickAt(i), state: store.stateAt(i), events: store.eventsAt(i),
            store, result: store.result, finished: store.finished, maxTick: store.lastTick() }});
        const asked = [];
        onSeekRequest(root, (detail) => asked.push(detail));
        gantt.render(view(3));
        const open = root.querySelector('rect.gantt-open[data-who="P2"]');
        open.dispatchEvent(new PointerEvent("pointerover", {{ bubbles: true }}));
        const lines = [...root.querySelectorAll(".chart-tooltip-line")].map((n) => n.textContent);
        open.dispatchEvent(new MouseEvent("click", {{ bubbles: true }}));
        store.append(8, steps.slice(8));
        store.finish(result);
        gantt.render(view(store.length - 1));
        return {{ lines, asked, openAfter: root.querySelectorAll("rect.gantt-open").length,
                  bars: root.querySelectorAll("rect.gantt-bar").length }};
    }}""", [steps, run.result, presets.load("srtf-four")])
    assert seen["lines"] == ["P2 on CPU 0", "From t=1, still running at t=3", "Length: 2 ticks",
                             "Why it was dispatched: SRT: P2 has the smallest remaining time (4; next best 7)",
                             "Click, or press Enter, to go to this step."]
    assert seen["asked"] == [{"step": 1, "tick": 1}]
    assert seen["openAfter"] == 0 and seen["bars"] == len(run.result["cpu"]["gantt"])


def test_a_disk_bar_explains_its_request_and_seeks_to_the_service(harness: Page) -> None:  # noqa: F811
    # SSTF from cylinder 53: the first request served is 65, from t=0 to t=12.
    run = Run(presets.load("disk-textbook-sstf"))
    steps = list(run)
    seen = harness.evaluate(f"""async ([steps, result, scenario]) => {{
        const {{ onSeekRequest }} = await import("{JS}/chart-seek.js");
        const store = new harness.StepStore();
        store.append(0, steps);
        store.finish(result);
        const root = document.createElement("div");
        document.getElementById("stage").append(root);
        const gantt = new harness.Gantt(root, {{ palette: new harness.Palette(scenario), scenario }});
        const asked = [];
        onSeekRequest(root, (detail) => asked.push(detail));
        const last = store.length - 1;
        gantt.render({{ index: last, t: store.tickAt(last), state: store.stateAt(last), events: store.eventsAt(last),
            store, result, finished: true, maxTick: store.lastTick() }});
        const first = root.querySelector('rect.gantt-disk-bar[data-start="0"]');
        first.focus();
        const lines = [...root.querySelectorAll(".chart-tooltip-line")].map((n) => n.textContent);
        first.dispatchEvent(new KeyboardEvent("keydown", {{ key: "Enter", bubbles: true }}));
        return {{ lines, asked, focusable: root.querySelectorAll('rect.gantt-disk-bar[tabindex]').length }};
    }}""", [steps, run.result, presets.load("disk-textbook-sstf")])
    assert seen["lines"][:4] == ["Disk, cylinder 65", "From t=0 to t=12", "Length: 12 ticks",
                                 "Why this request: SSTF: cylinder 65 is the closest to the head at 53 (12 cylinders)"]
    assert seen["asked"] == [{"step": 0, "tick": 0}]
    assert seen["focusable"] == len(run.result["io"]["requests"])
