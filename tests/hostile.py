"""Hostile requests against a live stack: bodies, headers, content types, websocket messages.

Used by tests/web/test_hostile_stack.py (a few hundred) and bench/hostile.py
(10,000).  ``fire(stack, count, seed)`` sends them and tallies, per
endpoint, the answers by status class; the goal is no 5xx at all, and every
``/api/`` error answered as JSON.  The generator is seeded: a failure can be
replayed with the same seed.
"""
from __future__ import annotations

import http.client
import json
import random
import socket
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from kernel_engine import presets
from tests.web.wsclient import HandshakeError, WebSocket

PRESETS = ("cpu-srt-four", "rr-q4", "fit-textbook", "llm-os-combined")


@dataclass
class Probe:
    """One hostile request: where it goes, and what it carries."""

    method: str
    path: str
    endpoint: str  # the tally's row: a path pattern, not the random path
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Tally:
    """Answers per endpoint: status classes, 5xx examples, non-JSON API errors."""

    by_endpoint: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    server_errors: list[str] = field(default_factory=list)
    html_api_errors: list[str] = field(default_factory=list)

    def count(self, endpoint: str, status: int) -> None:
        self.by_endpoint[endpoint][f"{status // 100}xx"] += 1

    @property
    def total_5xx(self) -> int:
        return sum(c["5xx"] for c in self.by_endpoint.values())


# --- Values and bodies ---------------------------------------------------------

def hostile_value(rng: random.Random) -> Any:
    """A JSON value that a field does not expect."""
    return rng.choice([
        None, True, -1, 0, 2**63, -(2**70), 1e308, -1e-308, 0.5, "", "x" * rng.choice([1, 300, 70_000]),
        "\u202e\u0000", "<script>alert(1)</script>", [], [None] * 50, {}, {"$ref": "x"},
        [[[[[]]]]], {"a": {"b": {"c": [1, {"d": []}]}}}, "../../etc/passwd", "NaN", "1e999",
    ])


def mutate(rng: random.Random, value: Any, depth: int = 0) -> Any:
    """``value`` with one random leaf (or key) replaced by something hostile."""
    if isinstance(value, dict) and value and depth < 8:
        key = rng.choice(list(value))
        copy = dict(value)
        roll = rng.random()
        if roll < 0.1:
            del copy[key]
        elif roll < 0.2:
            copy[rng.choice(["", "__proto__", "x" * 200, "processes", key + "_"])] = hostile_value(rng)
        else:
            copy[key] = mutate(rng, value[key], depth + 1)
        return copy
    if isinstance(value, list) and value and depth < 8:
        copy = list(value)
        index = rng.randrange(len(copy))
        if rng.random() < 0.1:
            copy.extend(copy * rng.choice([1, 10, 100]))
        else:
            copy[index] = mutate(rng, copy[index], depth + 1)
        return copy
    return hostile_value(rng)


def hostile_body(rng: random.Random) -> bytes:
    """A body that is not what an endpoint wants, in one of many ways."""
    scenario = presets.load(rng.choice(PRESETS))
    kind = rng.randrange(14)
    if kind == 0:
        depth = rng.choice([100, 1_000, 50_000])
        return ('{"scenario": ' + "[" * depth + "]" * depth + "}").encode()
    if kind == 1:
        depth = rng.choice([100, 5_000])
        return ('{"scenario": ' + '{"a": ' * depth + "1" + "}" * depth + "}").encode()
    if kind == 2:
        return rng.randbytes(rng.choice([1, 100, 5_000]))
    if kind == 3:
        return b'{"scenario": "' + bytes([0xff, 0xfe, 0xc3]) + b'"}'
    if kind == 4:
        return b'{"scenario": ' + rng.choice([b"1e999", b"9" * 5000, b"-0", b"NaN", b"Infinity"]) + b"}"
    if kind == 5:
        return rng.choice([b"[]", b'"s"', b"null", b"true", b"12", b"", b"   ", b"{", b'{"a":1}}'])
    if kind == 6:
        return json.dumps({"scenario": scenario, "extra": hostile_value(rng)}).encode()
    if kind == 7:
        return b'{"scenario": {"title": "\\ud800\\udc00\\ud800", "processes": "\\u0000"}}'
    if kind == 8:
        return json.dumps({"scenario": scenario}).encode() * rng.choice([2, 50])
    if kind == 9:
        return json.dumps({"slug": hostile_value(rng)}).encode()
    if kind == 10:
        return json.dumps({"fn": hostile_value(rng), "args": mutate(rng, {"a": [[1, 2]]})}).encode()
    if kind == 11:
        return json.dumps({"token": hostile_value(rng), "changes": mutate(rng, {"cpu.policy": "rr"})}).encode()
    if kind == 12:
        return json.dumps({"answers": mutate(rng, {"wait-srt": "6.5", "order": "1,2"})}).encode()
    return json.dumps({"scenario": mutate(rng, scenario)}, allow_nan=True).encode()


CONTENT_TYPES = ["application/json", "application/json", "application/json",
                 "application/json; charset=latin-1", "text/plain", "",
                 "multipart/form-data; boundary=x", "multipart/form-data",
                 "application/x-www-form-urlencoded", "application/xml", "application/json; x=\x7f"]


def probes(rng: random.Random, slug: str) -> Iterator[Probe]:
    """An endless stream of hostile requests to the playground's endpoints."""
    posts = [("/api/scenarios/", "POST /api/scenarios/"), ("/api/validate/", "POST /api/validate/"),
             ("/api/runs/", "POST /api/runs/"), ("/api/library/call/", "POST /api/library/call/"),
             (f"/s/{slug}/embed/runs/", "POST /s/<slug>/embed/runs/"),
             ("/api/embeds/", "POST /api/embeds/"),
             ("/api/assignments/1/submissions/", "POST /api/assignments/<id>/submissions/")]
    while True:
        roll = rng.random()
        if roll < 0.7:
            path, endpoint = rng.choice(posts)
            headers = {"Content-Type": rng.choice(CONTENT_TYPES)}
            if rng.random() < 0.2:
                headers["X-Forwarded-For"] = rng.choice(["1.2.3.4", "x" * 500, ", , ,", "::1, evil"])
            if rng.random() < 0.1:
                headers["Host"] = rng.choice(["evil.example", "127.0.0.1:1", "a" * 300])
            yield Probe("POST", path, endpoint, hostile_body(rng), headers)
        elif roll < 0.8:
            method = rng.choice(["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "POST"])
            path, endpoint = rng.choice(posts + [(f"/api/runs/{rng.choice(['zz', 'a' * 32, 'x'])}/",
                                                  "/api/runs/<id>/"),
                                                 ("/api/nothing/here", "/api/<unknown>")])
            yield Probe(method, path, f"{method} {endpoint.split(' ')[-1]}")
        else:
            junk = rng.choice(["opts=" + "A" * rng.choice([1, 5000]), "hide=answers,x&lock=%00",
                               "opts=eyJ9:x:y", "lock=" + ",".join(["policy"] * 500), "hide=%ff%fe"])
            choice = rng.randrange(5)
            if choice == 0:
                yield Probe("GET", f"/s/{slug}/embed?{junk}", "GET /s/<slug>/embed")
            elif choice == 1:
                code = "".join(rng.choice("ACEFGHJK0!~") for _ in range(rng.choice([1, 8, 16])))
                yield Probe("GET", f"/join/{code}/", "GET /join/<code>/")
            elif choice == 2:
                yield Probe("GET", f"/i18n/reasons/{rng.choice(['en', 'xx', 'zh-hans', '..'])}.json",
                            "GET /i18n/reasons/<lang>.json")
            elif choice == 3:
                yield Probe("POST", "/accounts/login/", "POST /accounts/login/", rng.randbytes(200),
                            {"Content-Type": rng.choice(CONTENT_TYPES)})
            else:
                yield Probe("GET", f"/s/{slug}/worksheet/?key={rng.choice(['2', '', '%00'])}",
                            "GET /s/<slug>/worksheet/")


# --- Sending -------------------------------------------------------------------

def send(base_url: str, probe: Probe, timeout: float = 60.0) -> tuple[int, str, bytes]:
    """``(status, content type, body)``; status 0 when the connection broke."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.putrequest(probe.method, probe.path, skip_host="Host" in probe.headers,
                        skip_accept_encoding=True)
        for name, value in probe.headers.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(probe.body)))
        conn.endheaders(probe.body)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    except (OSError, http.client.HTTPException) as exc:
        return 0, type(exc).__name__, b""
    finally:
        conn.close()


def ws_probe(stack_ws_url: str, rng: random.Random) -> tuple[str, int, str]:
    """One hostile websocket: ``(endpoint, close code, what happened)``; 1011 is its 5xx.

    Code 0: the connection broke while reading, or the server did not close
    within 30 s.  A reset while the client is still sending means the server
    had already refused the socket (a bad ``from``, an unknown run) and
    dropped it; the close frame is then lost with the reset: counted as a
    refusal (4000), not a failure.
    """
    target = rng.choice([f"/ws/runs/{rng.choice(['zz', 'a' * 40, 'abc'])}/?from={rng.choice(['-1', 'x', '1e9', ''])}",
                         f"/ws/sessions/{rng.choice(['ZZZZZZZZ', 'x', 'A' * 16])}/"])
    endpoint = "WS /ws/runs/<id>/" if "/runs/" in target else "WS /ws/sessions/<code>/"
    try:
        with WebSocket(stack_ws_url + target, timeout=30) as socket_:
            messages = [rng.choice(["", "{", "[]", "null", json.dumps({"type": "answer"}),
                                    json.dumps({"type": "seek", "step": 2**70}), "x" * 100_000,
                                    json.dumps({"type": hostile_value(rng)})])
                        for _ in range(rng.choice([1, 3]))]
            try:
                for message in messages:
                    socket_.send_text(message)
            except OSError:
                return endpoint, 4000, target
            while socket_.recv() is not None:
                pass
            return endpoint, socket_.close_code or 1005, target
    except HandshakeError:
        return endpoint, 403, target  # refused before the upgrade (no Origin, say)
    except (OSError, socket.timeout) as exc:
        return endpoint, 0, f"{target}: {type(exc).__name__} {exc}"


def fire(base_url: str, ws_url: str, count: int, seed: int = 14, slug: str = "",
         websockets: int = 0) -> Tally:
    """Send ``count`` hostile HTTP requests and ``websockets`` hostile sockets; the tally."""
    rng = random.Random(seed)
    tally = Tally()
    stream = probes(rng, slug or "aaaaaaaaaa")
    for _ in range(count):
        probe = next(stream)
        status, content_type, body = send(base_url, probe)
        tally.count(probe.endpoint, status)
        if status >= 500 or status == 0:
            tally.server_errors.append(f"{status} {probe.method} {probe.path[:80]} "
                                       f"{probe.headers} {probe.body[:120]!r} -> {body[:200]!r}")
        if (probe.path.startswith("/api/") and status >= 400 and probe.method != "HEAD"
                and not content_type.startswith("application/json")):
            tally.html_api_errors.append(f"{status} {probe.method} {probe.path[:80]} {content_type!r} "
                                         f"{probe.headers} {body[:100]!r}")
    for _ in range(websockets):
        endpoint, code, what = ws_probe(ws_url, rng)
        # 1011 (or a broken connection) is a socket's 5xx; a refused handshake
        # or a 4xxx close code is its 4xx; a clean close its 2xx.
        tally.count(endpoint, 500 if code in (1011, 0) else 400 if code == 403 or code >= 4000 else 200)
        if code in (1011, 0):
            tally.server_errors.append(f"websocket {endpoint} closed with {code} ({what[:200]})")
    return tally
