"""Playback moves in ticks, not events (issue 11, section 2).

The FCFS convoy (P1 runs 24 ticks, then P2 and P3 run 3 each) is mounted in
a real run panel (tests/browser/harness/panel.html) and played at 8× (32
ticks a second).  The 24-tick burst must stay on screen about eight times
as long as a 3-tick one; between steps the view's `now` flows through the
fractions of a tick (so the running bar grows smoothly), never past the
next step's tick; with reduced motion it moves in whole ticks.  The step
buttons still move one decision at a time.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.test_modules import static_server  # noqa: F401 - a fixture
from tests.browser.test_panels_agree import engine_run

# Records every drawing of the player: [ms, step, t, now, "render" | "flow"].
RECORD = """() => {
  window.drawn = [];
  const note = (kind) => (view) => window.drawn.push([performance.now(), view.index, view.t, view.now, kind]);
  panelHarness.panel.player.addWidget({ render: note("render"), flow: note("flow") });
}"""


@pytest.fixture(params=["no-preference", "reduce"])
def convoy(browser: Browser, static_server: str,  # noqa: F811 - the fixture
           request: pytest.FixtureRequest) -> Iterator[tuple[Page, str]]:
    context = browser.new_context(viewport={"width": 1300, "height": 900}, reduced_motion=request.param)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{static_server}/tests/browser/harness/panel.html")
    page.wait_for_function("window.panelHarnessReady === true")
    scenario, steps, result = engine_run("fcfs-convoy")
    assert [s["t"] for s in steps] == [0, 24, 27, 30]
    page.evaluate("(run) => panelHarness.mount(run)", {"scenario": scenario, "steps": steps, "result": result})
    yield page, request.param
    context.close()
    assert errors == []


def test_time_flows_in_ticks_and_a_long_burst_plays_longer(convoy: tuple[Page, str]) -> None:
    page, motion = convoy
    page.evaluate(RECORD)
    page.select_option(".player-speed", "8")
    page.locator(".player-play").click()
    page.wait_for_function("document.querySelector('.player').dataset.step === '3'", timeout=10_000)
    drawn = page.evaluate("window.drawn")
    entered = {}
    for ms, step, *_ in drawn:
        entered.setdefault(step, ms)
    long_burst = entered[1] - entered[0]   # 24 ticks at 32 a second: 750 ms
    short_burst = entered[2] - entered[1]  # 3 ticks: about 94 ms
    assert 600 < long_burst < 1200, entered
    assert long_burst > 4 * short_burst, entered
    # Between steps, time flows, never past the next step's tick.
    nows = [now for _ms, step, t, now, kind in drawn if kind == "flow" and step == 0]
    assert len(nows) > 5 and all(0 <= now <= 24 for now in nows), nows
    if motion == "reduce":
        assert all(now == int(now) for now in nows), nows
    else:
        assert any(now != int(now) for now in nows), nows
    # The running bar grew with it: mid-burst, P1's open bar ended at the flowing clock.
    assert sorted(set(round(n) for n in nows)) != [0]


def test_the_step_buttons_move_one_decision_at_a_time(convoy: tuple[Page, str]) -> None:
    page, _motion = convoy
    player = page.locator(".player")
    page.locator(".player-first").click()
    page.locator(".player-forward").click()
    page.wait_for_function("document.querySelector('.player').dataset.step === '1'")
    assert player.get_attribute("data-tick") == "24"
    assert page.locator(".player-forward").get_attribute("aria-label") == "Next decision (→)"
