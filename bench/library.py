"""Library benchmark: the slowest ``POST /api/library/call/`` the web bounds allow.

    python bench/library.py            # a table of worst cases, CPU ms each
    python bench/library.py --check    # exit 1 if one is over the goal

A library call runs in the web process (playground/studio/library_budget.py
says why that is safe).  This times, in this process, the call of each
function at the corners of its bounds: the largest inputs a 256 KB body
can carry, the longest text, the largest vocabulary, and ``nn.train`` at
the library's multiply-add bound and at the web's epochs x layers bound.
Calls the web refuses are listed as refused.  Goal: every call <= 400 ms of
CPU (the machine is shared: compare with a run made just before).
"""
from __future__ import annotations

import argparse
import json
import random
import string
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy  # noqa: E402

from kernel_engine import library  # noqa: E402
from playground.studio.library_budget import call_problems  # noqa: E402

GOAL_MS = 400.0
MAX_BODY = 256 * 1024


def cases() -> list[tuple[str, str, dict[str, Any]]]:
    rng = numpy.random.default_rng(1)
    square = rng.integers(0, 9, (180, 180)).tolist()  # two of them fill a 256 KB body
    words = " ".join(random.Random(1).choice(["the", "kernel", "schedules", "threads", "a"])
                     for _ in range(5000))[:20_000]
    letters = "".join(random.Random(2).choice(string.ascii_letters + " ") for _ in range(20_000))
    tiny = {"x": [[0.5]], "y": [[1.0]]}
    wide = {"x": rng.random((1, 50)).round(2).tolist(), "y": rng.random((1, 50)).round(2).tolist()}
    return [
        ("matmul 180 x 180 (a full body)", "math.matmul", {"a": square, "b": square}),
        ("add 180 x 180", "math.add", {"a": square, "b": square}),
        ("inverse 200 x 200", "math.inverse",
         {"a": (numpy.eye(200) * 2 + rng.random((200, 200)) * 0.01).round(1).tolist()}),
        ("random 256 x 256", "math.random", {"shape": [256, 256], "distribution": "normal"}),
        ("tokenize 20,000 characters", "text.tokenize", {"text": words}),
        ("pos_tag 20,000 characters", "text.pos_tag", {"text": words}),
        ("bpe 20,000 random letters, vocab 5,000", "text.tokenize",
         {"text": letters, "method": "bpe", "vocab_size": 5000}),
        ("train 1 layer x 10,000 epochs", "nn.train", {**tiny, "epochs": 10_000}),
        ("train 9 tiny layers x 1,111 epochs", "nn.train", {**tiny, "hidden": [1] * 8, "epochs": 1_111}),
        ("train 9 tiny layers x 10,000 epochs", "nn.train", {**tiny, "hidden": [1] * 8, "epochs": 10_000}),
        ("train 9 layers of 50 x 1,111 epochs", "nn.train", {**wide, "hidden": [50] * 8, "epochs": 1_111}),
        ("train 128 samples x 256 -> 256 x 2 epochs", "nn.train",
         {"x": rng.random((128, 256)).round(1).tolist(), "y": rng.random((128, 1)).round(1).tolist(),
          "hidden": [256], "epochs": 2}),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a call is over the goal")
    args = parser.parse_args()
    library.call("text.tokenize", {"text": "warm up"}, numpy.random.default_rng(0))  # loads spaCy once
    print(f"{'call':44} {'body KB':>8} {'CPU ms':>8} {'out KB':>8}  answer")
    worst = 0.0
    for name, fn, call_args in cases():
        body = len(json.dumps({"fn": fn, "args": call_args}))
        refused = [p["message"] for p in library.check_call(fn, call_args, "")] or \
            [p["message"] for p in call_problems(fn, call_args)]
        if body > MAX_BODY:
            refused = [f"body over {MAX_BODY // 1024} KB"]
        if refused:
            print(f"{name:44} {body / 1024:8.1f} {'-':>8} {'-':>8}  400: {refused[0][:60]}")
            continue
        start = time.process_time()
        result = library.call(fn, call_args, numpy.random.default_rng(0))
        ms = (time.process_time() - start) * 1000
        worst = max(worst, ms)
        out = len(json.dumps(result.as_dict())) / 1024
        print(f"{name:44} {body / 1024:8.1f} {ms:8.1f} {out:8.1f}  200")
    print(f"goal: every call <= {GOAL_MS:.0f} ms of CPU; slowest {worst:.0f} ms: "
          f"{'met' if worst <= GOAL_MS else 'MISSED'}")
    return 1 if args.check and worst > GOAL_MS else 0


if __name__ == "__main__":
    sys.exit(main())
