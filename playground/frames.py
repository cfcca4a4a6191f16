"""The wire shape of the run websocket: the only place steps become frames.

Every frame is a JSON object with a ``type``:

- ``{"type": "run.steps", "from": N, "steps": [...]}``: consecutive steps
  starting at index N;
- ``{"type": "run.finished", "result": {...}}``: the engine's result; when
  that frame would be larger than the frame limit,
  ``{"type": "run.finished", "summary": {...}, "result_url": "/api/runs/<id>/result"}``
  instead (``finished_text``), and the URL returns the whole result;
- ``{"type": "run.failed", "error": "..."}``: one line a student can read,
  with ``error_key`` and ``error_args`` when it was made as data
  (``kernel_engine.i18n``: the browser says it in the page's language);
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

from kernel_engine.i18n import Reason

# Bytes a steps frame adds around its steps (type, "from" and braces), with room to spare.
STEPS_FRAME_OVERHEAD = 64
# A top-level entry of the result goes into a summary when its JSON is this small.
SUMMARY_ENTRY_BYTES = 4096


def dumps(value: Any) -> str:
    """Compact JSON, UTF-8 text kept as is; NaN/Infinity refused (not JSON)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def steps_frame(start: int, steps: list[dict[str, Any]]) -> dict[str, Any]:
    """A batch of consecutive steps; ``steps[k]`` is step ``start + k``."""
    return {"type": "run.steps", "from": start, "steps": steps}


def finished_frame(result: dict[str, Any]) -> dict[str, Any]:
    """The run ended; ``result`` is what ``kernel_engine.simulate`` returns."""
    return {"type": "run.finished", "result": result}


def failed_frame(error: str, error_key: str | None = None,
                 error_args: dict[str, Any] | None = None) -> dict[str, Any]:
    """The run stopped; ``error`` is one line a student can read.

    ``error_key`` and ``error_args`` (the error as data) are added when the
    key is given, or when ``error`` is a ``Reason``.
    """
    if not error_key and isinstance(error, Reason):
        error_key, error_args = error.key, error.args
    frame: dict[str, Any] = {"type": "run.failed", "error": str(error)}
    if error_key:
        frame["error_key"], frame["error_args"] = error_key, error_args or {}
    return frame


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


def encode_finished_elsewhere(summary: dict[str, Any], result_url: str) -> str:
    """The final frame of a run whose result is fetched from ``result_url``."""
    return dumps({"type": "run.finished", "summary": summary, "result_url": result_url})


def result_summary(result: dict[str, Any]) -> dict[str, Any]:
    """The small top-level entries of a result (status, ticks, averages ...).

    Bounded: at most ``SUMMARY_ENTRY_BYTES`` per entry, so a summary stays
    far under any frame limit whatever the result holds.
    """
    return {key: value for key, value in result.items()
            if len(dumps(value).encode("utf-8")) <= SUMMARY_ENTRY_BYTES}


def result_url(run_id: str) -> str:
    """Where the whole result of a run is served (``GET``)."""
    return f"/api/runs/{run_id}/result"


def finished_text(run_id: str, result_json: str, max_frame_bytes: int) -> str:
    """The ``run.finished`` frame for a result: whole when it fits, else a summary and URL."""
    whole = encode_finished(result_json)
    if len(whole.encode("utf-8")) <= max_frame_bytes:
        return whole
    return encode_finished_elsewhere(result_summary(json.loads(result_json)), result_url(run_id))
