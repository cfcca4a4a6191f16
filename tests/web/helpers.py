"""Helpers shared by the web tests: JSON requests and textbook scenarios."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.test import Client

# The contract's example scenarios, kept inside the repository (tests/examples).
CONTRACT_EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load_example(name: str) -> dict[str, Any]:
    """A scenario from tests/examples (the contract's examples)."""
    return json.loads((CONTRACT_EXAMPLES / name).read_text())


def post_json(client: Client, path: str, body: Any, **extra: Any) -> Any:
    """POST ``body`` as JSON with the test client."""
    return client.post(path, data=json.dumps(body), content_type="application/json", **extra)


def round_robin(burst: int, title: str = "") -> dict[str, Any]:
    """RR q=1 on two jobs of ``burst`` ticks: a step per tick, 2 * burst + 1 steps."""
    return {
        "version": 1,
        "title": title or f"Two jobs of {burst} ticks under RR q=1",
        "cpu": {"policy": "rr", "quantum": 1},
        "processes": [
            {"name": "A", "arrival": 0, "burst": burst},
            {"name": "B", "arrival": 0, "burst": burst},
        ],
    }


def http_json(method: str, url: str, body: Any = None,
              timeout: float = 30.0) -> tuple[int, Any, dict[str, str]]:
    """One HTTP request to a live server: (status, decoded JSON body, headers)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), dict(error.headers)


# --- the live stack (tests/stack.py) -------------------------------------------

def post_run(stack: Any, scenario: dict[str, Any]) -> dict[str, Any]:
    """POST /api/runs/ on a live stack; the 202 answer."""
    status, body, _ = http_json("POST", f"{stack.base_url}/api/runs/", {"scenario": scenario})
    assert status == 202, body
    return body


def run_state(stack: Any, run_id: str) -> dict[str, Any]:
    """GET /api/runs/<id>/ on a live stack."""
    status, body, _ = http_json("GET", f"{stack.base_url}/api/runs/{run_id}/")
    assert status == 200, body
    return body


def wait_for(condition: Any, seconds: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"{what} did not happen within {seconds} s")
