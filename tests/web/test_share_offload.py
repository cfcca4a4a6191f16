"""Previews and worksheets on the live stack: the worker renders them, Daphne never does.

Real Daphne, Celery worker and Redis (tests/stack.py, with a step cap of
20,000).  The first request for a slug is answered at once with a
placeholder (202) while the worker runs the scenario; later requests get the
chart, the worksheet with its key, or a sentence saying the run is too large.
"""
from __future__ import annotations

import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from kernel_engine import presets, simulate
from tests.stack import Stack
from tests.web.helpers import http_json

pytestmark = pytest.mark.slow

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def heavy(processes: int = 300, burst: int = 100) -> dict[str, Any]:
    """Round robin with quantum 1 over many processes: more steps than the stack's cap of 20,000."""
    return {"version": 1, "title": "Many processes under RR q=1",
            "cpu": {"policy": "rr", "quantum": 1},
            "processes": [{"name": f"P{k}", "burst": burst} for k in range(processes)]}


def save(stack: Stack, scenario: dict[str, Any]) -> str:
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": scenario})
    assert status == 201, body
    return str(body["slug"])


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def until_ready(url: str, seconds: float = 90) -> tuple[int, bytes, dict[str, str]]:
    """GET ``url`` every half second until it is no longer 202 (being prepared)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body, headers = get(url)
        if status != 202:
            return status, body, headers
        assert int(headers["Retry-After"]) >= 1
        time.sleep(0.5)
    raise AssertionError(f"{url} still being prepared after {seconds} s")


def test_a_heavy_preview_answers_at_once_with_a_placeholder_then_says_it_is_too_large(
        stack: Stack) -> None:
    slug = save(stack, heavy())
    url = f"{stack.base_url}/s/{slug}/preview.png"
    status, placeholder, headers = get(url)
    assert status == 202  # answered while the worker is still running it
    assert placeholder.startswith(PNG_SIGNATURE)
    assert "no-store" in headers["Cache-Control"]
    assert "ETag" not in headers
    status, image, headers = until_ready(url)
    assert status == 200
    assert image.startswith(PNG_SIGNATURE) and image != placeholder
    assert "max-age=604800" in headers["Cache-Control"] and headers["ETag"]
    # The worker said why there is no chart: the runs' step limit.
    assert "render" in stack.log("worker") and f"of {slug}: too_large" in stack.log("worker")


def test_a_heavy_worksheet_is_prepared_by_the_worker_and_says_the_run_is_too_large(
        stack: Stack) -> None:
    slug = save(stack, heavy(burst=101))
    url = f"{stack.base_url}/s/{slug}/worksheet/"
    status, page, headers = get(url)
    assert status == 202
    assert "This worksheet is being prepared" in page.decode()
    assert '<meta http-equiv="refresh"' in page.decode()
    status, page, _ = until_ready(url)
    assert status == 200
    text = page.decode()
    assert ("This scenario is larger than the playground runs here: the run makes more than "
            "20000 steps, the playground&#x27;s limit for one run.") in text
    assert 'data-part="answer-key"' not in text
    assert "worksheet-processes" in text  # the problem itself is still printed


def test_a_preset_worksheet_gets_the_engines_key_from_the_worker(stack: Stack) -> None:
    scenario = presets.load("cpu-srt-four")
    scenario["title"] = "SRT, rendered by the worker"
    slug = save(stack, scenario)
    status, page, _ = until_ready(f"{stack.base_url}/s/{slug}/worksheet/")
    assert status == 200
    key = page.decode().split('data-part="answer-key"', 1)[1]
    result = simulate(scenario)
    for name, figures in result["processes"].items():
        assert f'data-who="{name}"' in key
        assert f'data-value="{figures["turnaround"]!r}"' in key
    # The same render serves the preview: no second wait.
    status, image, headers = get(f"{stack.base_url}/s/{slug}/preview.png")
    assert status == 200 and image.startswith(PNG_SIGNATURE)
    status, _, _ = get(f"{stack.base_url}/s/{slug}/preview.png", {"If-None-Match": headers["ETag"]})
    assert status == 304


def test_the_home_page_answers_while_the_worker_renders_a_heavy_preview(stack: Stack) -> None:
    slug = save(stack, heavy(processes=500, burst=60))
    assert get(f"{stack.base_url}/s/{slug}/preview.png")[0] == 202
    # Daphne does not compute: the home page is served while the render is still pending.
    status, _, _ = get(f"{stack.base_url}/")
    assert status == 200
    assert get(f"{stack.base_url}/s/{slug}/preview.png")[0] == 202
    assert until_ready(f"{stack.base_url}/s/{slug}/preview.png")[0] == 200
