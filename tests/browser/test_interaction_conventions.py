"""The builder's convention switches (cpu.tie_break, cpu.requeue), end to end:
the form sets them in the scenario, the engine follows them, and the Gantt
chart shows what changes.  Textbooks differ on both:

- tie-break: SJF with A (arrives 0, 4 ticks), B (arrives 2, 3 ticks) and
  C (arrives 1, 3 ticks), listed A, B, C.  At t=4 B and C tie on length:
  "earlier arrival" runs C first, "list position" runs B first.
- requeue: RR q=2 with P1 (arrives 0, 4 ticks) and P2 (arrives 2, 2 ticks).
  At t=2 P1's quantum ends as P2 arrives: "after arrivals" queues P2 first
  (P1 0-2, P2 2-4, P1 4-6); "before arrivals" queues P1 first (P1 0-4, P2 4-6).
"""
from __future__ import annotations

import json
import re
import time
import urllib.request
from typing import Any

from playwright.sync_api import Page, expect

from tests.stack import Stack
from tests.web.helpers import http_json

RUN_TIMEOUT_MS = 30_000

TIE = {
    "version": 1, "title": "Equal bursts: who goes first?", "cpu": {"policy": "sjf"},
    "processes": [{"name": "A", "arrival": 0, "burst": 4}, {"name": "B", "arrival": 2, "burst": 3},
                  {"name": "C", "arrival": 1, "burst": 3}],
}
REQUEUE = {
    "version": 1, "title": "Quantum ends as a process arrives", "cpu": {"policy": "rr", "quantum": 2},
    "processes": [{"name": "P1", "arrival": 0, "burst": 4}, {"name": "P2", "arrival": 2, "burst": 2}],
}


def save(stack: Stack, scenario: dict[str, Any]) -> str:
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": scenario})
    assert status == 201, body
    return str(body["slug"])


def run_and_read_bars(page: Page, stack: Stack) -> list[tuple[str, int, int]]:
    """Press Run, wait for a new run to finish and be drawn, and read its Gantt bars in time order.

    A change in the form also reruns the scenario by itself (live editing),
    so the panel may move to yet another run while we look: the run's id,
    whether it finished and its bars are read in one snapshot, until one
    finished run shows as many bars as its result has segments.
    """
    panel = page.locator(".run-panel")
    before = panel.get_attribute("data-run") if panel.count() else None
    page.locator('[data-part="run"]').click()
    if before:
        expect(panel).not_to_have_attribute("data-run", before, timeout=RUN_TIMEOUT_MS)
    segments: dict[str, int] = {}
    deadline = time.monotonic() + RUN_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        snapshot = page.evaluate("""() => {
            const panel = document.querySelector(".run-panel");
            return { run: panel && panel.dataset.run, finished: panel && panel.dataset.finished,
                     bars: [...document.querySelectorAll(".gantt-svg rect.gantt-bar")].map(
                         (b) => [b.dataset.who || "", Number(b.dataset.start), Number(b.dataset.end)]) };
        }""")
        run_id = snapshot["run"]
        if run_id and snapshot["finished"] == "true":
            if run_id not in segments:
                with urllib.request.urlopen(f"{stack.base_url}/api/runs/{run_id}/", timeout=10) as response:
                    segments[run_id] = len(json.load(response)["result"]["cpu"]["gantt"])
            if len(snapshot["bars"]) == segments[run_id]:
                return sorted((tuple(bar) for bar in snapshot["bars"]), key=lambda b: b[1])
        # The chart redraws on the next animation frame after the run finishes.
        time.sleep(0.1)
    raise AssertionError(f"no finished run showed its bars within {RUN_TIMEOUT_MS} ms")


def choose(page: Page, path: str, value: str) -> None:
    """Pick `value` in the builder's select for `path` and wait until the server agrees it is valid."""
    page.locator(f'.field[data-path="{path}"] select').select_option(value)
    expect(page.locator('[data-part="validation"]')).to_have_text("Scenario is valid.")


def scenario_json(page: Page) -> dict[str, Any]:
    page.locator("#tab-json").click()
    text = page.locator('[data-part="json-editor"]').input_value()
    page.locator("#tab-form").click()
    return json.loads(text)


def test_the_tie_break_switch_changes_who_runs_first_among_equals(page: Page, stack: Stack) -> None:
    page.goto(f"/build/?fork={save(stack, TIE)}")
    tie = page.locator('.field[data-path="cpu.tie_break"] select')
    expect(tie).to_have_value("arrival")
    assert run_and_read_bars(page, stack) == [("A", 0, 4), ("C", 4, 7), ("B", 7, 10)]
    choose(page, "cpu.tie_break", "index")
    assert scenario_json(page)["cpu"]["tie_break"] == "index"
    assert run_and_read_bars(page, stack) == [("A", 0, 4), ("B", 4, 7), ("C", 7, 10)]
    # The choice is part of the scenario: it survives a reload (draft) and a shared link.
    page.reload()
    expect(page.locator('.field[data-path="cpu.tie_break"] select')).to_have_value("index")
    page.locator('[data-part="share"]').click()
    link = page.locator(".share-result .share-link")
    expect(link).to_have_value(re.compile(r"/s/[a-z2-7]+/$"))
    with urllib.request.urlopen(link.input_value().rstrip("/") + ".json", timeout=10) as response:
        assert json.load(response)["cpu"]["tie_break"] == "index"


def test_the_requeue_switch_changes_who_follows_an_expired_quantum(page: Page, stack: Stack) -> None:
    page.goto(f"/build/?fork={save(stack, REQUEUE)}")
    expect(page.locator('.field[data-path="cpu.requeue"] select')).to_have_value("after_arrivals")
    assert run_and_read_bars(page, stack) == [("P1", 0, 2), ("P2", 2, 4), ("P1", 4, 6)]
    choose(page, "cpu.requeue", "before_arrivals")
    assert scenario_json(page)["cpu"]["requeue"] == "before_arrivals"
    # RR merges consecutive slices of one thread: P1 keeps the CPU for 0-4.
    assert run_and_read_bars(page, stack) == [("P1", 0, 4), ("P2", 4, 6)]
    choose(page, "cpu.requeue", "after_arrivals")
    assert run_and_read_bars(page, stack) == [("P1", 0, 2), ("P2", 2, 4), ("P1", 4, 6)]
