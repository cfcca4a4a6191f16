"""The wire shape of the run websocket: the only place steps become frames.

Every frame is a JSON object with a ``type``:

- ``{"type": "run.steps", "from": N, "steps": [...]}``: consecutive steps
  starting at index N;
- ``{"type": "run.finished", "result": {...}}``: the engine's result;
- ``{"type": "run.failed", "error": "..."}``: one line a student can read;
- ``{"type": "error", "error": "..."}``: the client sent something (clients
  are not meant to send anything).

Steps and results travel between worker, database and consumer as JSON
text already; ``encode_steps`` and ``encode_finished`` splice that text into
a frame without decoding it, and give the same bytes as
``encode(steps_frame(...))`` (tests/web/test_frames_golden.py pins both against
tests/golden/frames_*.json).
"""
from __future__ import annotations

import json
from typing import Any


def dumps(value: Any) -> str:
    """Compact JSON, UTF-8 text kept as is; NaN/Infinity refused (not JSON)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def steps_frame(start: int, steps: list[dict[str, Any]]) -> dict[str, Any]:
    """A batch of consecutive steps; ``steps[k]`` is step ``start + k``."""
    return {"type": "run.steps", "from": start, "steps": steps}


def finished_frame(result: dict[str, Any]) -> dict[str, Any]:
    """The run ended; ``result`` is what ``kernel_engine.simulate`` returns."""
    return {"type": "run.finished", "result": result}


def failed_frame(error: str) -> dict[str, Any]:
    """The run stopped; ``error`` is one line a student can read."""
    return {"type": "run.failed", "error": error}


def error_frame(error: str) -> dict[str, Any]:
    """The client did something the socket does not accept."""
    return {"type": "error", "error": error}


def encode(frame: dict[str, Any]) -> str:
    """The text sent on the socket for ``frame``."""
    return dumps(frame)


def encode_steps(start: int, steps_json: str) -> str:
    """``encode(steps_frame(start, steps))`` where ``steps_json == dumps(steps)``."""
    return f'{{"type":"run.steps","from":{int(start)},"steps":{steps_json}}}'


def encode_finished(result_json: str) -> str:
    """``encode(finished_frame(result))`` where ``result_json == dumps(result)``."""
    return f'{{"type":"run.finished","result":{result_json}}}'
