"""Hostile-input benchmark: 10,000 generated bad requests against the real stack.

Starts the live stack of tests/stack.py (Redis, a Celery worker, Daphne),
sends hostile bodies, headers, content types and methods to every JSON
endpoint and a few pages, plus hostile websocket connections and messages
(tests/hostile.py), and prints, per endpoint, the answers by status class.
Goal: 0 responses 5xx, 0 /api/ errors that are not JSON.

    .venv/bin/python bench/hostile.py [--requests 10000] [--websockets 200] [--seed 14]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

from kernel_engine import presets  # noqa: E402
from tests.hostile import fire  # noqa: E402
from tests.stack import live_stack  # noqa: E402
from tests.web.helpers import http_json  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--websockets", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    with live_stack() as stack:
        _, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/",
                               {"scenario": presets.load("cpu-srt-four")})
        started = time.monotonic()
        tally = fire(stack.base_url, stack.ws_url, args.requests, seed=args.seed,
                     slug=body["slug"], websockets=args.websockets)
        seconds = time.monotonic() - started
    width = max(len(name) for name in tally.by_endpoint)
    print(f"{'endpoint':<{width}}  {'2xx':>6} {'3xx':>6} {'4xx':>6} {'5xx':>6} {'broken':>6}")
    for name, counts in sorted(tally.by_endpoint.items()):
        print(f"{name:<{width}}  {counts['2xx']:>6} {counts['3xx']:>6} {counts['4xx']:>6} "
              f"{counts['5xx']:>6} {counts['0xx']:>6}")
    print(f"\n{args.requests} requests and {args.websockets} websockets in {seconds:.1f} s "
          f"(seed {args.seed}): {tally.total_5xx} answers 5xx (goal 0), "
          f"{len(tally.html_api_errors)} /api/ errors not in JSON (goal 0)")
    for line in (tally.server_errors + tally.html_api_errors)[:20]:
        print("  " + line[:300])
    return 0 if tally.total_5xx == 0 and not tally.html_api_errors else 1


if __name__ == "__main__":
    sys.exit(main())
