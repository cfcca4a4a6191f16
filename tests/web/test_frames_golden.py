"""The websocket wire shape, pinned by tests/golden/frames_*.json."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playground import frames

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def golden(name: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"frames_{name}.json").read_text(encoding="utf-8"))


def assert_same_wire(frame: dict[str, Any], expected: dict[str, Any]) -> None:
    """Same content and the same key order once encoded."""
    assert frames.encode(frame) == json.dumps(expected, ensure_ascii=False,
                                              separators=(",", ":"))


def test_steps_frame_matches_golden() -> None:
    expected = golden("steps")
    assert_same_wire(frames.steps_frame(7, expected["steps"]), expected)


def test_encode_steps_splices_stored_text_into_the_same_bytes() -> None:
    expected = golden("steps")
    steps_json = frames.dumps(expected["steps"])
    assert frames.encode_steps(7, steps_json) == frames.encode(frames.steps_frame(7, expected["steps"]))


def test_finished_frame_matches_golden_with_full_precision_floats() -> None:
    expected = golden("finished")
    frame = frames.finished_frame(expected["result"])
    assert_same_wire(frame, expected)
    assert '"throughput":0.15384615384615385' in frames.encode(frame)


def test_encode_finished_splices_stored_result_into_the_same_bytes() -> None:
    result = golden("finished")["result"]
    assert frames.encode_finished(frames.dumps(result)) == frames.encode(frames.finished_frame(result))


def test_failed_frame_matches_golden() -> None:
    expected = golden("failed")
    assert_same_wire(frames.failed_frame(expected["error"]), expected)


def test_error_frame_matches_golden() -> None:
    expected = golden("error")
    assert_same_wire(frames.error_frame(expected["error"]), expected)


def test_frames_keep_non_ascii_names_as_text() -> None:
    assert '"进程"' in frames.encode(frames.steps_frame(7, golden("steps")["steps"]))
