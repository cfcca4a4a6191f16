"""Shared steps of the browser tests: start runs, wait for them, read the player."""
from __future__ import annotations

import json
import urllib.request
from typing import Any

from playwright.sync_api import Page, expect

RUN_TIMEOUT_MS = 30_000


def wait_for_finished_run(page: Page) -> str:
    """Wait until the run panel on the page has received run.finished; its run id."""
    panel = page.locator(".run-panel")
    expect(panel).to_have_attribute("data-finished", "true", timeout=RUN_TIMEOUT_MS)
    run_id = panel.get_attribute("data-run")
    assert run_id
    return run_id


def api_run(base_url: str, run_id: str) -> dict[str, Any]:
    """GET /api/runs/<id>/ straight from the server (not through the page)."""
    with urllib.request.urlopen(f"{base_url}/api/runs/{run_id}/", timeout=10) as response:
        return json.load(response)


def current_tick(page: Page) -> int:
    """The tick the player shows now (its data-tick, mirrored in the "t = N" label)."""
    value = page.locator(".player").get_attribute("data-tick")
    assert value is not None
    return int(value)


def current_step(page: Page) -> int:
    value = page.locator(".player").get_attribute("data-step")
    assert value is not None
    return int(value)


def pause_player(page: Page) -> None:
    """Stop the autoplay that a run starts with, so that seeking stays put."""
    player = page.locator(".player")
    if player.get_attribute("data-playing") == "true":
        page.locator(".player-play").click()
    expect(player).to_have_attribute("data-playing", "false")
