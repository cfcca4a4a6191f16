"""The front end's modules on their own, in Chromium, without the web stack.

tests/browser/harness/ is served as static files together with static/;
steps come from the real engine (kernel_engine.Run), so the store and the
chart are checked against what the server will actually send.  The run
socket is driven by a scripted WebSocket to reproduce drops, duplicates and
gaps that a live server only produces by accident.
"""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from kernel_engine import Run, presets
from kernel_engine.kernel.delta import apply_step
from tests.browser.conftest import artifact_path

REPO = Path(__file__).resolve().parents[2]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def static_server() -> Iterator[str]:
    """The repository served over HTTP on a free loopback port."""
    handler = functools.partial(QuietHandler, directory=str(REPO))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def harness(browser: Browser, static_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{static_server}/tests/browser/harness/index.html")
    page.wait_for_function("window.harnessReady === true")
    yield page
    page.screenshot(path=str(artifact_path(f"harness-{request.node.name}")), full_page=True)
    context.close()
    assert errors == []


def engine_steps(preset: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    run = Run(presets.load(preset))
    steps = list(run)
    return steps, run.result


def test_socket_delivers_each_step_once_in_order_despite_duplicates(harness: Page) -> None:
    delivered = harness.evaluate("""() => {
        const { log, sockets } = harness.scriptedRun();
        const ws = sockets[0];
        ws.frame({ type: "run.steps", from: 0, steps: [{ i: 0 }, { i: 1 }, { i: 2 }] });
        ws.frame({ type: "run.steps", from: 1, steps: [{ i: 1 }, { i: 2 }, { i: 3 }] });  // overlaps
        ws.frame({ type: "run.steps", from: 0, steps: [{ i: 0 }] });                      // stale
        ws.frame({ type: "run.steps", from: 4, steps: [{ i: 4 }] });
        ws.frame({ type: "run.finished", result: { ticks: 9 } });
        return { url: ws.url, log, closed: ws.closedByClient };
    }""")
    assert delivered["url"] == "ws://example.test/ws/runs/abc/?from=0"
    assert [s["at"] for s in delivered["log"]["steps"]] == [0, 1, 2, 3, 4]
    assert [s["i"] for s in delivered["log"]["steps"]] == [0, 1, 2, 3, 4]
    assert delivered["log"]["finished"] == {"ticks": 9}
    assert delivered["log"]["statuses"][-1] == "finished"
    assert delivered["closed"] is True


def test_socket_reconnects_from_the_next_step_after_a_drop(harness: Page) -> None:
    urls = harness.evaluate("""async () => {
        const { log, sockets } = harness.scriptedRun();
        sockets[0].frame({ type: "run.steps", from: 0, steps: [{ i: 0 }, { i: 1 }] });
        sockets[0].drop();
        await new Promise((resolve) => setTimeout(resolve, 20));
        // The server resends from 2 on, as the contract says.
        sockets[1].frame({ type: "run.steps", from: 2, steps: [{ i: 2 }] });
        sockets[1].frame({ type: "run.finished", result: {} });
        return { urls: sockets.map((s) => s.url), at: log.steps.map((s) => s.at), statuses: log.statuses };
    }""")
    assert urls["urls"] == ["ws://example.test/ws/runs/abc/?from=0", "ws://example.test/ws/runs/abc/?from=2"]
    assert urls["at"] == [0, 1, 2]
    assert "reconnecting" in urls["statuses"]


def test_socket_asks_again_for_a_gap_instead_of_skipping_steps(harness: Page) -> None:
    seen = harness.evaluate("""() => {
        const { log, sockets } = harness.scriptedRun();
        sockets[0].frame({ type: "run.steps", from: 0, steps: [{ i: 0 }] });
        sockets[0].frame({ type: "run.steps", from: 3, steps: [{ i: 3 }] });  // 1 and 2 are missing
        return { urls: sockets.map((s) => s.url), at: log.steps.map((s) => s.at), closed: sockets[0].closedByClient };
    }""")
    assert seen["at"] == [0]
    assert seen["closed"] is True
    assert seen["urls"][-1] == "ws://example.test/ws/runs/abc/?from=1"


def test_socket_fetches_a_large_result_from_the_url_of_the_final_frame(harness: Page) -> None:
    seen = harness.evaluate("""async () => {
        const { log, sockets } = harness.scriptedRun();
        sockets[0].frame({ type: "run.steps", from: 0, steps: [{ i: 0 }] });
        sockets[0].frame({ type: "run.finished", summary: { status: "completed", ticks: 9 },
                           result_url: "/tests/browser/harness/large-result.json" });
        for (let k = 0; k < 100 && !log.finished; k += 1) {
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return { finished: log.finished, statuses: log.statuses, closed: sockets[0].closedByClient };
    }""")
    assert seen["finished"] == {"status": "completed", "ticks": 9, "processes": {"A": {"finish": 9}}}
    assert seen["statuses"][-1] == "finished"
    assert seen["closed"] is True


def test_socket_reports_a_result_it_could_not_fetch(harness: Page) -> None:
    seen = harness.evaluate("""async () => {
        const { log, sockets } = harness.scriptedRun();
        sockets[0].frame({ type: "run.finished", summary: {}, result_url: "/no/such/result" });
        for (let k = 0; k < 100 && !log.failed; k += 1) {
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return { failed: log.failed, finished: log.finished };
    }""")
    assert seen["failed"].startswith("The run finished, but its result could not be loaded.")
    assert seen["finished"] is None


def test_socket_reports_an_unknown_run_and_stops(harness: Page) -> None:
    seen = harness.evaluate("""() => {
        const { log, sockets } = harness.scriptedRun();
        sockets[0].drop(4404);
        return { failed: log.failed, count: sockets.length };
    }""")
    assert "does not exist" in seen["failed"]
    assert seen["count"] == 1


def crowded(policy: str, processes: int, burst: int) -> dict[str, Any]:
    return {"version": 1, "cpu": {"policy": policy, "quantum": 1, "cores": 2},
            "processes": [{"name": f"P{n}", "burst": burst, "arrival": n % 3} for n in range(processes)]}


STORE_RUNS = {
    # Lottery on two long jobs makes more than 32 steps: a second keyframe.
    "lottery": presets.load("lottery-two"),
    # Round robin rotates a 40-name queue: patches ({drop, append}) on nearly every step.
    "round robin": crowded("rr", 40, 3),
    # MLFQ moves jobs between levels: patches that edit one level in place.
    "mlfq": crowded("mlfq", 30, 10),
    # 230 jobs: the queue is bounded to 200 names and {"more": N}.
    "bounded": crowded("rr", 230, 1),
}


@pytest.mark.parametrize("name", STORE_RUNS)
def test_store_rebuilds_the_state_at_every_step_from_keyframes_and_deltas(harness: Page, name: str) -> None:
    run = Run(STORE_RUNS[name])
    steps = list(run)
    assert len(steps) > 33 and steps[32]["keyframe"]
    if name != "lottery":
        assert sum(1 for s in steps if "ready" in s.get("patch", {})) > len(steps) // 4
    expected = []
    state: dict[str, Any] = {}
    for step in steps:
        state = apply_step(state, step)
        expected.append(state)
    order = list(range(len(steps)))[::-1] + list(range(len(steps)))  # backwards, then forwards
    got = harness.evaluate("""([steps, order]) => {
        const store = new harness.StepStore();
        store.append(0, steps.slice(0, 10));
        store.append(5, steps.slice(5));            // overlapping batch: only new steps are added
        return { length: store.length, states: order.map((i) => [i, store.stateAt(i)]) };
    }""", [steps, order])
    assert got["length"] == len(steps)
    for i, state in got["states"]:
        assert state == expected[i], f"state at step {i}"


def test_store_takes_a_resumed_stream_that_begins_with_a_keyframe_between_keyframes(
        harness: Page) -> None:
    # A socket resumed with ?from=40 sends step 40 as a keyframe (its whole state).
    steps = list(Run(STORE_RUNS["round robin"]))
    expected = []
    state: dict[str, Any] = {}
    for step in steps:
        state = apply_step(state, step)
        expected.append(state)
    resumed = {key: value for key, value in steps[40].items() if key not in ("patch", "gone")}
    resumed.update(state=expected[40], keyframe=True)
    assert "ready" in steps[41].get("patch", {})  # later steps still patch it
    order = list(range(len(steps)))[::-1] + list(range(len(steps)))
    got = harness.evaluate("""([steps, resumed, order]) => {
        const store = new harness.StepStore();
        store.append(0, steps.slice(0, 40));
        store.stateAt(39);                          // a cached state from before the keyframe
        store.append(40, [resumed, ...steps.slice(41)]);
        return order.map((i) => [i, store.stateAt(i)]);
    }""", [steps, resumed, order])
    for i, state in got:
        assert state == expected[i], f"state at step {i}"


def test_gantt_while_streaming_shows_closed_segments_and_the_running_bar(harness: Page) -> None:
    steps, result = engine_steps("cpu-srt-four")
    # At step 4 (t=5) P2 has finished: closed bars P1 0-1 and P2 1-5, and P4 is running.
    drawn = harness.evaluate("""([steps, result, scenario]) => {
        const store = new harness.StepStore();
        store.append(0, steps);
        const root = document.createElement("div");
        document.getElementById("stage").append(root);
        const gantt = new harness.Gantt(root, { palette: new harness.Palette(scenario), scenario });
        const view = (i) => ({ index: i, t: store.tickAt(i), state: store.stateAt(i), events: store.eventsAt(i),
            store, result: store.result, finished: store.finished, maxTick: store.lastTick() });
        const bars = () => [...root.querySelectorAll("rect.gantt-bar")].map((r) =>
            [r.dataset.who, Number(r.dataset.start), Number(r.dataset.end), r.classList.contains("gantt-open")]);
        gantt.render(view(4));
        const streaming = bars();
        store.finish(result);
        gantt.render(view(4));
        return { streaming, finished: bars(), cursor: root.querySelector(".gantt-cursor").dataset.tick };
    }""", [steps, result, presets.load("cpu-srt-four")])
    assert drawn["streaming"] == [["P1", 0, 1, False], ["P2", 1, 5, False], ["P4", 5, 5, True]]
    assert drawn["cursor"] == "5"
    assert [b[:3] for b in drawn["finished"]] == [[s["who"], s["start"], s["end"]] for s in result["cpu"]["gantt"]]


@pytest.mark.parametrize("preset", [
    "dining-philosophers", "producer-consumer", "pub-sub", "request-reply", "mlfq-three-levels",
    "buddy-1mb", "disk-textbook-clook", "llm-os-combined",
])
def test_every_widget_renders_every_step_of_a_preset_as_readable_text(harness: Page, preset: str) -> None:
    steps, result = engine_steps(preset)
    texts = harness.evaluate("([steps, result, scenario]) => harness.renderEverything(steps, result, scenario)",
                             [steps, result, presets.load(preset)])
    assert len(texts) == len(steps) + 1
    for i, widget_texts in enumerate(texts):
        for text in widget_texts:
            # A value that slipped through as an object or a missing field shows up as these words.
            assert "[object" not in text and "undefined" not in text and "NaN" not in text, (i, text)


def test_a_queue_longer_than_a_step_shows_is_counted_not_garbled(harness: Page) -> None:
    # 230 jobs: a step lists the first 200 names of the ready queue and {"more": N}.
    scenario = crowded("rr", 230, 1)
    run = Run(scenario)
    steps = list(run)
    state: dict[str, Any] = {}
    for step in steps[:3]:
        state = apply_step(state, step)
    assert state["ready"][-1] == {"more": 24}  # at t=2 all have arrived: 4 done, 2 run, 224 wait
    texts = harness.evaluate("([steps, result, scenario]) => harness.renderEverything(steps, result, scenario)",
                             [steps, run.result, scenario])
    queues = [widget_texts[3] for widget_texts in texts]
    assert "… 24 more" in queues[2]
    for i, widget_texts in enumerate(texts):
        for text in widget_texts:
            assert "[object" not in text and "undefined" not in text and "NaN" not in text, (i, text)
