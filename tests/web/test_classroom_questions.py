"""Predict-then-reveal answers computed from the engine's own runs (textbook numbers)."""
from __future__ import annotations

from typing import Any

import pytest

from kernel_engine import Run, presets
from kernel_engine.kernel.delta import apply_step
from playground.classroom.questions import (
    Unanswerable, check_answer_value, is_correct, make_question)


def run_of(preset: str) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    scenario = presets.load(preset)
    engine = Run(scenario)
    steps = list(engine)
    return scenario, steps, engine.result


def state_at(steps: list[dict[str, Any]], i: int) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for step in steps[: i + 1]:
        state = apply_step(state, step)
    return state


def ask(preset: str, kind: str, at: int, **params: Any):
    scenario, steps, result = run_of(preset)
    return make_question(kind, params, steps_after=iter(steps[at + 1:]), state=state_at(steps, at),
                         scenario=scenario, result=result)


def test_srt_next_process_after_p4_arrives_is_p4_when_p2_finishes() -> None:
    # SRT on P1..P4 (8, 4, 9, 5 ticks arriving 0..3): at t=3 P2 runs; at t=5 P4 (5 < 7) goes next.
    question = ask("cpu-srt-four", "next_process", at=3)
    assert question.correct == "P4"
    assert question.choices == ["P1", "P2", "P3", "P4"]


def test_srt_next_process_at_the_start_is_p2_preempting_p1() -> None:
    assert ask("cpu-srt-four", "next_process", at=0).correct == "P2"


def test_no_dispatch_after_the_last_step_is_unanswerable() -> None:
    scenario, steps, _ = run_of("cpu-srt-four")
    with pytest.raises(Unanswerable, match="No process is dispatched"):
        ask("cpu-srt-four", "next_process", at=len(steps) - 1)


def test_srt_waiting_time_of_p1_is_nine_and_p2_zero() -> None:
    assert ask("cpu-srt-four", "waiting_time", at=0, process="P1").correct == 9
    assert ask("cpu-srt-four", "waiting_time", at=5, process="P2").correct == 0


def test_waiting_time_of_an_unknown_process_names_the_known_ones() -> None:
    with pytest.raises(Unanswerable, match="P1, P2, P3, P4"):
        ask("cpu-srt-four", "waiting_time", at=0, process="P9")


def test_sstf_from_53_serves_65_first_then_67() -> None:
    # Silberschatz: head at 53, queue 98 183 37 122 14 124 65 67 -> 65, 67, 37, 14, ...
    first = ask("disk-textbook-sstf", "next_disk", at=-1)
    assert first.correct == "65"
    after_65 = ask("disk-textbook-sstf", "next_disk", at=0)
    assert after_65.correct == "67"
    assert set(after_65.choices or []) >= {"67", "37", "14", "98", "122", "124", "183"}
    assert "65" not in (after_65.choices or [])  # already served


def test_first_fit_next_allocation_of_2mb_gets_address_zero() -> None:
    # 8 MB, first fit: a (1 MB) is freed and merged, so b (2 MB) is cut at 0 again.
    question = ask("memory-first-fit-8mb", "next_address", at=1)
    assert question.correct == 0
    assert question.choices is None
    assert "2MB" in question.prompt  # sizes in units (issue 11 §6)


def test_answer_values_are_checked_by_kind() -> None:
    assert check_answer_value("next_process", ["P1", "P2"], "P2") is None
    assert check_answer_value("next_process", ["P1", "P2"], "P7") is not None
    assert check_answer_value("waiting_time", None, 9) is None
    assert check_answer_value("waiting_time", None, None) is not None
    assert check_answer_value("next_address", None, None) is None  # "it fails"
    assert check_answer_value("waiting_time", None, True) is not None
    assert check_answer_value("waiting_time", None, 1e300) is not None


def test_whole_floats_match_integer_answers() -> None:
    assert is_correct(9, 9.0)
    assert not is_correct(9, 9.5)
    assert is_correct(None, None)


def test_an_allocation_prompt_reads_in_the_language_it_is_shown_in() -> None:
    # The prompt is built from the question's facts when shown, so a class
    # question asked in one language reads in each student's own.
    from django.utils import translation

    from playground.classroom.questions import prompt_text

    question = ask("memory-first-fit-8mb", "next_address", at=1)
    with translation.override("zh-hans"):
        chinese = prompt_text(question.kind, question.params)
    with translation.override("en"):
        english = prompt_text(question.kind, question.params)
    assert english == question.prompt
    assert english == "P allocates 2MB (b). What address will it get?"
    assert chinese == "P 分配 2MB（b）。它会得到什么地址？"
