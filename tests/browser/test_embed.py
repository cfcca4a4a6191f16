"""The embedded scenario in a course page's iframe: hidden parts, locked controls, framing."""
from __future__ import annotations

import html
import json
import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from django.test import override_settings

from kernel_engine import presets, simulate
from playground.studio.embed import sign_options
from tests.browser.helpers import api_run, wait_for_finished_run
from tests.stack import Stack
from tests.web.helpers import http_json

# What SRT and FCFS make of the textbook's four processes (P1..P4: 8, 4, 9, 5 ticks).
SRT_BARS = [("P1", 0, 1), ("P2", 1, 5), ("P4", 5, 10), ("P1", 10, 17), ("P3", 17, 26)]
FCFS_BARS = [("P1", 0, 8), ("P2", 8, 12), ("P3", 12, 21), ("P4", 21, 26)]


def saved_slug(stack: Stack, preset: str = "cpu-srt-four") -> str:
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/",
                                {"scenario": presets.load(preset)})
    assert status == 201
    return body["slug"]


def signed(stack: Stack, slug: str, hide: tuple[str, ...] = (), lock: tuple[str, ...] = ()) -> str:
    """``opts=<token>``: the author's options, signed with the stack's key as the share page does."""
    with override_settings(SECRET_KEY=stack.env["SECRET_KEY"]):
        return "opts=" + sign_options(slug, list(hide), list(lock), 30)


def bars_of(run: dict) -> list[tuple[str, int, int]]:
    return [(s["who"], s["start"], s["end"]) for s in run["result"]["cpu"]["gantt"]]


def test_a_locked_policy_is_disabled_and_a_devtools_change_is_not_applied(page: Page, stack: Stack) -> None:
    slug = saved_slug(stack)
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(f"/s/{slug}/embed?{signed(stack, slug, hide=('answers',), lock=('policy',))}")
    policy = page.locator("#embed-cpu_policy")
    expect(policy).to_be_disabled()
    expect(page.locator("#embed-cpu_quantum")).to_be_disabled()
    expect(policy).to_have_value("srt")
    expect(page.locator("#policy-lock-note")).to_be_visible()
    expect(page.locator(".site-header")).to_have_count(0)

    # What a reader could do in devtools: re-enable the control and pick FCFS.
    page.evaluate("""() => {
        const select = document.querySelector("#embed-cpu_policy");
        select.disabled = false;
        select.value = "fcfs";
        select.dispatchEvent(new Event("change", { bubbles: true }));
    }""")
    expect(policy).to_have_value("fcfs")
    page.locator('[data-part="run"]').click()
    run_id = wait_for_finished_run(page)
    embed = page.locator("[data-page=embed]")
    expect(embed).to_have_attribute("data-ignored", "cpu.policy")
    expect(page.locator('[data-part="status"]')).to_contain_text("Locked settings kept their saved values")
    run = api_run(stack.base_url, run_id)
    assert bars_of(run) == SRT_BARS
    assert run["result"] == simulate({**presets.load("cpu-srt-four"), "limits": {"max_ticks": 100_000}})
    expect(page.locator(".gantt-svg rect.gantt-bar")).to_have_count(len(SRT_BARS))
    # Answers hidden: no metrics, no downloads, no link to the full run page.
    expect(page.locator(".metrics-root")).to_have_count(0)
    expect(page.locator(".export-bar")).to_have_count(0)
    expect(page.locator(".run-link")).to_have_count(0)
    expect(page.locator(".embed-open")).to_have_count(0)
    # The page holds only what it has shown: its steps came a window at a time, never
    # over the run's socket (which streams every step at once).
    assert sockets == []


def test_an_unlocked_policy_runs_the_readers_choice(page: Page, stack: Stack) -> None:
    slug = saved_slug(stack)
    page.goto(f"/s/{slug}/embed?{signed(stack, slug, lock=('builder',))}")
    expect(page.locator('input[data-path="processes[0].burst"]')).to_be_disabled()
    page.locator("#embed-cpu_policy").select_option("fcfs")
    page.locator('[data-part="run"]').click()
    run_id = wait_for_finished_run(page)
    expect(page.locator("[data-page=embed]")).to_have_attribute("data-applied", "cpu.policy")
    assert bars_of(api_run(stack.base_url, run_id)) == FCFS_BARS
    expect(page.locator(".metrics-root")).to_be_visible()
    # Links leave the iframe for a new tab instead of replacing the exercise.
    expect(page.locator(".run-link")).to_have_attribute("target", "_blank")
    page.locator('[data-part="reset"]').click()
    expect(page.locator("#embed-cpu_policy")).to_have_value("srt")


def test_a_bad_burst_is_explained_next_to_its_field(page: Page, stack: Stack) -> None:
    slug = saved_slug(stack)
    page.goto(f"/s/{slug}/embed?{signed(stack, slug)}")
    burst = page.locator('input[data-path="processes[1].burst"]')
    burst.fill("-3")
    page.locator('[data-part="run"]').click()
    error = page.locator('.field[data-path="processes[1].burst"] .field-error')
    expect(error).to_have_text("must be a positive integer, got -3")
    expect(burst).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".run-panel")).to_have_count(0)
    burst.fill("2")
    page.locator('[data-part="run"]').click()
    run_id = wait_for_finished_run(page)
    expect(error).to_be_hidden()
    assert api_run(stack.base_url, run_id)["result"]["processes"]["P2"]["burst"] == 2


class CoursePage(http.server.BaseHTTPRequestHandler):
    """A course page on another site: it frames whatever ``?src=`` names."""

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        src = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("src", [""])[0]
        body = (f'<!doctype html><html lang="en"><title>Week 3</title><h1>Course page</h1>'
                f'<iframe title="exercise" src="{html.escape(src)}" width="1200" height="900"></iframe>'
                ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def course_site() -> Iterator[str]:
    """``http://localhost:<port>``: another site than the playground's 127.0.0.1.

    Also on the loopback interface, so Chromium's local-network checks (a
    public page may not frame a local one) do not get in the way.
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CoursePage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def framed(page: Page, course_site: str, src: str) -> FrameLocator:
    """Open the course page with ``src`` in its iframe; the frame."""
    page.goto(f"{course_site}/week-3?{urllib.parse.urlencode({'src': src})}")
    return page.frame_locator("iframe")


def test_a_course_page_can_frame_the_embed_but_not_the_rest_of_the_site(
        page: Page, stack: Stack, course_site: str) -> None:
    slug = saved_slug(stack)
    frame = framed(page, course_site, f"{stack.base_url}/s/{slug}/embed?hide=builder,description")
    expect(frame.locator("h1.scenario-title")).to_have_text("Shortest remaining time first")
    expect(frame.locator('input[data-path="processes[0].burst"]')).to_have_count(0)
    expect(frame.locator(".scenario-description")).to_have_count(0)
    frame.locator('[data-part="run"]').click()
    expect(frame.locator(".run-panel")).to_have_attribute("data-finished", "true", timeout=30_000)
    expect(frame.locator(".gantt-svg rect.gantt-bar")).to_have_count(len(SRT_BARS))

    # The ordinary shared page refuses to be framed (X-Frame-Options: DENY):
    # the browser loads it, then shows its error page in the frame instead.
    with page.expect_response(f"{stack.base_url}/s/{slug}/") as shared:
        blocked = framed(page, course_site, f"{stack.base_url}/s/{slug}/")
    assert shared.value.headers["x-frame-options"] == "DENY"
    for _ in range(50):
        if any(f.url.startswith("chrome-error://") for f in page.frames):
            break
        page.wait_for_timeout(100)
    assert [f.url for f in page.frames][1].startswith("chrome-error://")
    expect(blocked.locator("h1.scenario-title")).to_have_count(0)


def test_bad_options_are_explained_in_the_frame(page: Page, stack: Stack) -> None:
    slug = saved_slug(stack)
    response = page.goto(f"/s/{slug}/embed?lock=answers")
    assert response is not None and response.status == 400
    expect(page.locator(".embed-problems")).to_contain_text(
        "lock: the 'answers' part has no controls to lock")


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_embed_with_a_finished_run_passes_axe(page: Page, stack: Stack, lang: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": stack.base_url}])
    slug = saved_slug(stack, "llm-os-combined")
    page.goto(f"/s/{slug}/embed?lock=policy")
    page.locator('[data-part="run"]').click()
    wait_for_finished_run(page)
    page.add_script_tag(path=str(AXE))
    # The chart widgets are the views' own (test_a11y.py checks them on every page);
    # this test is about what the embed adds: its head, controls, summary and downloads.
    found = page.evaluate("""async () => (await axe.run({exclude: [[".run-grid"], [".gantt-root"]]}, {runOnly: {type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})).violations.map((v) =>
        ({id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}))""")
    assert found == [], json.dumps(found, indent=1)


def test_run_waits_for_the_page_to_be_ready_when_the_chinese_catalog_is_slow(page: Page, stack: Stack) -> None:
    # On a Chinese page the embed's script starts once the reasons catalog is in (translate.js).
    # Until then a click on Run must not submit the bare form (it reloaded the page without
    # its options, with no run: what a slow catalog made of the zh axe test).
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": stack.base_url}])
    held = []
    page.route("**/i18n/reasons/**", lambda route: held.append(route))
    slug = saved_slug(stack)
    page.goto(f"/s/{slug}/embed?lock=policy")
    run = page.locator('[data-part="run"]')
    expect(run).to_be_disabled()
    run.click(force=True)  # what an impatient reader does
    page.wait_for_timeout(300)
    assert page.url.endswith(f"/s/{slug}/embed?lock=policy")
    assert held, "the page asked for its catalog"
    for route in held:
        route.continue_()
    run.click()
    wait_for_finished_run(page)
    assert page.url.endswith(f"/s/{slug}/embed?lock=policy")
