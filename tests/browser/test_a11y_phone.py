"""The player at a phone's width (390 px) passes axe: tables that scroll
sideways there can be scrolled from the keyboard."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.stack import Stack

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("preset", ["producer-consumer", "fit-textbook", "disk-textbook-scan", "vm-textbook-lru"])
def test_a_finished_run_at_phone_width_passes_axe(page: Page, stack: Stack, preset: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/build/?preset={preset}&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    page.locator(".player").press("End")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})).violations.map((v) =>
        ({id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}))""")
    assert found == [], json.dumps(found, indent=1)
