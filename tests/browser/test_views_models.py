"""The subsystem views' models in Chromium, on steps from the real engine.

No web stack: the modules are imported into the widget harness page
(tests/browser/harness/, served with static/) and fed kernel_engine.Run's
steps, so the geometry and bookkeeping behind the disk, message and thread
views are checked against what the engine itself reports.
"""
from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from kernel_engine import Run, presets
from tests.browser.test_modules import harness, static_server  # noqa: F401  (fixtures)

#: A mailbox of one message and synchronous sends: a sender that waits for
#: room, a publish copy dropped at a full mailbox, a process that publishes
#: to itself, and a run that ends with B waiting for a message from C.
MAILBOX_OF_ONE: dict[str, Any] = {
    "version": 1,
    "title": "A mailbox of one message",
    "cpu": {"policy": "rr", "quantum": 1},
    "ipc": {"send": "sync", "capacity": 1},
    "processes": [
        {"name": "B", "arrival": 0, "program": [
            {"op": "subscribe", "topic": "news"}, {"op": "cpu", "ticks": 3},
            {"op": "recv"}, {"op": "recv"}, {"op": "cpu", "ticks": 1}, {"op": "recv"}, {"op": "recv", "from": "C"}]},
        {"name": "A", "arrival": 0, "program": [
            {"op": "send", "to": "B", "body": 1}, {"op": "send", "to": "B", "body": 2},
            {"op": "publish", "topic": "news", "body": "x"}, {"op": "cpu", "ticks": 1}]},
        {"name": "C", "arrival": 0, "program": [
            {"op": "subscribe", "topic": "news"}, {"op": "publish", "topic": "news", "body": "self"},
            {"op": "recv"}, {"op": "cpu", "ticks": 2}, {"op": "send", "to": "B", "body": "late"}]},
    ],
}

MESSAGES_BOTH_WAYS = """async ([steps, result, scenario]) => {
    const { StepStore } = await import("/static/playground/js/steps.js");
    const { messagesFromEvents, messagesFromResult } = await import("/static/playground/js/ipc-model.js");
    const { threadOwners } = await import("/static/playground/js/thread-owners.js");
    const store = new StepStore();
    store.append(0, steps);
    const owners = threadOwners(scenario);
    const pick = (m) => ({ from: m.from, to: m.to, kind: m.kind, topic: m.topic, sent: m.sent, delivered: m.delivered,
        received: m.received, dropped: m.dropped, pairNo: m.pairNo, group: m.group, sendStep: m.sendStep,
        deliverStep: m.deliverStep, recvStep: m.recvStep });
    return { streamed: messagesFromEvents(store, owners).map(pick),
             finished: messagesFromResult(result, store, owners).map(pick) };
}"""


def engine_run(scenario: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    run = Run(scenario)
    steps = list(run)
    return steps, run.result


def messages_both_ways(page: Page, scenario: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    steps, result = engine_run(scenario)
    return page.evaluate(MESSAGES_BOTH_WAYS, [steps, result, scenario]), result["ipc"]["messages"]


@pytest.mark.parametrize("scenario", [
    presets.load("request-reply"), presets.load("pub-sub"), presets.load("llm-os-combined"),
    presets.load("ipc-two-processes"), presets.load("seed-message-passing"), MAILBOX_OF_ONE,
], ids=["request-reply", "pub-sub", "llm-os-combined", "ipc-two-processes", "seed-message-passing", "mailbox-of-one"])
def test_messages_rebuilt_from_the_events_are_the_results_records(harness: Page, scenario: dict[str, Any]) -> None:  # noqa: F811
    got, records = messages_both_ways(harness, scenario)
    finished = got["finished"]
    assert [(m["from"], m["to"], m["sent"], m["delivered"], m["received"]) for m in finished] == \
        [(r["from"], r["to"], r["sent"], r["delivered"], r["received"]) for r in records]
    # Every record is located in the steps: sent, and delivered and received when it was.
    for m, r in zip(finished, records):
        assert m["sendStep"] is not None, m
        assert (m["deliverStep"] is not None) == (r["delivered"] is not None), m
        assert (m["recvStep"] is not None) == (r["received"] is not None), m
    # While streaming, the same messages come from the events alone (a dropped copy leaves no event).
    keep = ("from", "to", "kind", "topic", "sent", "delivered", "received", "pairNo", "sendStep", "deliverStep", "recvStep")
    delivered = [{k: m[k] for k in keep} for m in finished if not m["dropped"]]
    assert [{k: m[k] for k in keep} for m in got["streamed"]] == delivered


def test_each_reply_is_paired_with_the_request_it_answers(harness: Page) -> None:  # noqa: F811
    got, _ = messages_both_ways(harness, presets.load("request-reply"))
    pairs = [(m["kind"], m["from"], m["to"], m["pairNo"]) for m in got["finished"]]
    # alice asked first, so the server's first reply is hers: pair #1; bob's is #2.
    assert pairs == [("request", "alice", "server", 1), ("request", "bob", "server", 2),
                     ("reply", "server", "alice", 1), ("reply", "server", "bob", 2)]


def test_one_publish_is_one_group_of_copies_for_its_subscribers(harness: Page) -> None:  # noqa: F811
    got, _ = messages_both_ways(harness, presets.load("pub-sub"))
    groups = [(m["group"], m["topic"], m["to"]) for m in got["finished"]]
    assert groups == [(1, "weather", "alice"), (1, "weather", "bob"), (2, "sports", "bob"), (2, "sports", "carol")]
    assert [m["group"] for m in got["streamed"]] == [1, 1, 2, 2]


def test_a_copy_dropped_at_a_full_mailbox_stays_in_its_publish(harness: Page) -> None:  # noqa: F811
    got, _ = messages_both_ways(harness, MAILBOX_OF_ONE)
    dropped = [m for m in got["finished"] if m["dropped"]]
    assert [(m["from"], m["to"], m["topic"], m["group"]) for m in dropped] == [("C", "B", "news", 1)]
    assert [m["group"] for m in got["finished"] if m["kind"] == "publish"] == [1, 1, 2, 2]


DISK_AT_THE_END = """async ([steps, result, scenario]) => {
    const { StepStore } = await import("/static/playground/js/steps.js");
    const { DiskIndex, diskLegs, diskSettings, movementAt } = await import("/static/playground/js/disk-view.js");
    const store = new StepStore();
    store.append(0, steps);
    const index = new DiskIndex();
    index.update(store);
    const settings = diskSettings(scenario);
    const legs = diskLegs(index.services, settings);
    const path = [settings.head, ...legs.flatMap((leg) => leg.pieces.map((p) => p.to))];
    const returns = legs.flatMap((leg) => leg.pieces.filter((p) => p.isReturn).map((p) => [p.from, p.to]));
    return { path, returns, end: movementAt(legs, result.ticks, settings), middle: movementAt(legs, 6, settings) };
}"""


@pytest.mark.parametrize(("preset", "path", "returns"), [
    # Silberschatz's queue 98, 183, 37, 122, 14, 124, 65, 67 with the head at 53.
    ("disk-textbook-sstf", [53, 65, 67, 37, 14, 98, 122, 124, 183], []),
    ("disk-textbook-scan", [53, 37, 14, 0, 65, 67, 98, 122, 124, 183], []),
    ("disk-textbook-cscan", [53, 65, 67, 98, 122, 124, 183, 199, 0, 14, 37], [[199, 0]]),
    ("disk-textbook-clook", [53, 65, 67, 98, 122, 124, 183, 14, 37], [[183, 14]]),
])
def test_the_head_path_turns_where_the_policy_turns_and_adds_up_to_the_results_movement(
        harness: Page, preset: str, path: list[int], returns: list[list[int]]) -> None:  # noqa: F811
    steps, result = engine_run(presets.load(preset))
    got = harness.evaluate(DISK_AT_THE_END, [steps, result, presets.load(preset)])
    assert got["path"] == path
    assert got["returns"] == returns
    assert got["end"]["total"] == result["io"]["total_movement"]
    assert got["end"]["returning"] == result["io"]["return_movement"]
    assert got["end"]["head"] == path[-1]
    # One tick per cylinder: 6 ticks after the start the head has moved 6 cylinders.
    assert got["middle"]["total"] == 6


WAIT_FOR_AT_EVERY_STEP = """async ([steps, deadlock]) => {
    const { StepStore } = await import("/static/playground/js/steps.js");
    const { waitForGraph } = await import("/static/playground/js/wait-for-graph.js");
    const store = new StepStore();
    store.append(0, steps);
    return steps.map((_, i) => waitForGraph(store.stateAt(i), i === steps.length - 1 ? deadlock : null));
}"""


def test_the_philosophers_wait_for_graph_closes_into_a_ring_of_ten_arrows(harness: Page) -> None:  # noqa: F811
    steps, result = engine_run(presets.load("dining-philosophers"))
    graphs = harness.evaluate(WAIT_FOR_AT_EVERY_STEP, [steps, result["deadlock"]])
    final = graphs[-1]
    cycle = sorted((e["from"], e["to"]) for e in final["edges"] if e["cycle"])
    expected = sorted([(f"thread:phil{i}", f"mutex:fork{(i + 1) % 5}") for i in range(5)]
                      + [(f"mutex:fork{i}", f"thread:phil{i}") for i in range(5)])
    assert cycle == expected
    # The table joins phil0: it waits, but is not part of the cycle.
    assert {"from": "thread:table", "to": "thread:phil0", "kind": "waits", "cycle": False} in final["edges"]
    # The cycle closes only when phil4 reaches for fork0: no earlier step has one.
    assert not any(e["cycle"] for graph in graphs[:-2] for e in graph["edges"])


def test_producer_and_consumer_never_wait_in_a_cycle(harness: Page) -> None:  # noqa: F811
    steps, result = engine_run(presets.load("producer-consumer"))
    assert result["status"] == "completed"
    graphs = harness.evaluate(WAIT_FOR_AT_EVERY_STEP, [steps, None])
    assert any(e["kind"] == "waits" and e["to"] == "sem:empty" for graph in graphs for e in graph["edges"])
    assert not any(e["cycle"] for graph in graphs for e in graph["edges"])


RENDER_EVERY_STEP = """async ([steps, result, scenario]) => {
    const { StepStore } = await import("/static/playground/js/steps.js");
    const { Palette } = await import("/static/playground/js/palette.js");
    const { DiskArm } = await import("/static/playground/js/disk-arm.js");
    const { IpcDiagram } = await import("/static/playground/js/ipc-diagram.js");
    const { ThreadsView } = await import("/static/playground/js/threads-view.js");
    const store = new StepStore();
    const palette = new Palette(scenario);
    const stage = document.getElementById("stage");
    stage.replaceChildren();
    const root = () => stage.appendChild(document.createElement("div"));
    const widgets = [new DiskArm(root(), { scenario }), new IpcDiagram(root(), { palette, scenario }),
        new ThreadsView(root(), { palette, scenario })];
    const view = (i) => ({ index: i, step: store.step(i), t: store.tickAt(i), state: store.stateAt(i),
        events: store.eventsAt(i), store, result: store.result, finished: store.finished, maxTick: store.lastTick() });
    const texts = [];
    // As the run streams (one more step each time), then finished, stepping back from the end.
    for (let i = 0; i < steps.length; i += 1) {
        store.append(i, [steps[i]]);
        for (const w of widgets) w.render(view(i));
        texts.push(stage.textContent);
    }
    store.finish(result);
    for (let i = steps.length - 1; i >= 0; i -= 1) {
        for (const w of widgets) w.render(view(i));
        texts.push(stage.textContent);
    }
    return texts;
}"""


@pytest.mark.parametrize("preset", [
    "request-reply", "pub-sub", "dining-philosophers", "producer-consumer", "llm-os-combined",
    "disk-textbook-sstf", "disk-textbook-cscan", "threads-rr-mutex", "seed-io-queue",
])
def test_every_view_renders_every_step_as_readable_text(harness: Page, preset: str) -> None:  # noqa: F811
    steps, result = engine_run(presets.load(preset))
    texts = harness.evaluate(RENDER_EVERY_STEP, [steps, result, presets.load(preset)])
    assert len(texts) == 2 * len(steps)
    for i, text in enumerate(texts):
        assert "[object" not in text and "undefined" not in text and "NaN" not in text, (i, text)
