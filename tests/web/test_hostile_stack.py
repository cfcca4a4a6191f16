"""Hostile requests against the real stack (Daphne, Redis, a worker): no 5xx,
and every /api/ error is JSON.  bench/hostile.py sends 10,000 of them."""
from __future__ import annotations

import json

import pytest

from kernel_engine import presets
from tests.hostile import Probe, fire, send
from tests.stack import Stack
from tests.web.helpers import http_json

pytestmark = pytest.mark.slow


def test_four_hundred_hostile_requests_get_no_server_error(stack: Stack) -> None:
    _, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/",
                           {"scenario": presets.load("cpu-srt-four")})
    tally = fire(stack.base_url, stack.ws_url, 400, seed=15, slug=body["slug"], websockets=20)
    assert tally.server_errors == []
    assert tally.html_api_errors == []
    assert tally.total_5xx == 0


@pytest.mark.parametrize("content_type, body", [
    ("multipart/form-data; boundary=x", b""),
    ("multipart/form-data; boundary=x", b"--x\r\nnonsense"),
    ("multipart/form-data", b"--x--"),
    ("application/x-www-form-urlencoded", b"%zz=%%"),
    ("text/plain", b'{"scenario": {}}'),
])
def test_a_form_body_reaches_django_and_gets_the_api_error(stack: Stack, content_type: str,
                                                           body: bytes) -> None:
    # Under Daphne, Twisted used to refuse a malformed multipart body itself
    # with an empty 400, before Django saw it.
    status, got_type, answer = send(stack.base_url, Probe(
        "POST", "/api/runs/", "", body, {"Content-Type": content_type}))
    assert status == 400 and got_type.startswith("application/json")
    assert "Content-Type must be application/json" in json.loads(answer)["errors"][0]["message"]


def test_a_bad_host_header_under_api_is_answered_in_json(stack: Stack) -> None:
    status, got_type, answer = send(stack.base_url, Probe(
        "GET", "/api/runs/abc/", "", b"", {"Host": "evil.example"}))
    assert status == 400 and got_type.startswith("application/json")
    assert json.loads(answer)["errors"]
