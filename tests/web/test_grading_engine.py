"""Grading without the database: answers, question kinds, definitions, variants.

Expected values are the textbooks' own: SRT on Silberschatz's four
processes waits 6.5 on average (FCFS 8.75); SSTF from cylinder 53 moves
the head 236 cylinders (FCFS 640); first fit in 1024 bytes.
"""
from __future__ import annotations

import copy
from typing import Any

import pytest

from playground.grading import answers
from playground.grading.definition import definition_problems
from playground.grading.demo import DEMO_QUESTIONS, DEMO_TEMPLATE, DEMO_VARIATIONS, scripted_answers
from playground.grading.grader import answer_problems, grade_answers
from playground.grading.paths import PathError, resolve
from playground.grading.variants import draw_variant
from tests.web.helpers import load_example

MEMORY: dict[str, Any] = {
    "version": 1, "title": "First fit in 1 KB",
    "memory": {"size": 1024, "policy": "first_fit"},
    "processes": [{"name": "P", "arrival": 0, "program": [
        {"op": "alloc", "size": 100, "as": "a"}, {"op": "alloc", "size": 200, "as": "b"},
        {"op": "free", "ref": "a"}, {"op": "alloc", "size": 50, "as": "c"},
        {"op": "alloc", "size": 900, "as": "d"}]}],
}

DEADLOCK: dict[str, Any] = {
    "version": 1, "cpu": {"policy": "rr", "quantum": 1},
    "processes": [
        {"name": "A", "arrival": 0, "program": [
            {"op": "lock", "mutex": "m1"}, {"op": "cpu", "ticks": 2}, {"op": "lock", "mutex": "m2"},
            {"op": "unlock", "mutex": "m2"}, {"op": "unlock", "mutex": "m1"}]},
        {"name": "B", "arrival": 0, "program": [
            {"op": "lock", "mutex": "m2"}, {"op": "cpu", "ticks": 2}, {"op": "lock", "mutex": "m1"},
            {"op": "unlock", "mutex": "m1"}, {"op": "unlock", "mutex": "m2"}]},
    ],
}


def q(qid: str, kind: str, points: float = 1, **params: Any) -> dict[str, Any]:
    return {"id": qid, "kind": kind, "params": params, "points": points}


def by_id(outcome: Any) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in outcome.feedback}


# --- Question kinds on textbook scenarios -----------------------------------

def test_srt_average_waiting_is_6_5_and_fcfs_is_8_75() -> None:
    srt = load_example("cpu-srt-four.json")
    outcome = grade_answers(srt, [q("srt", "average_waiting", 2),
                                  q("fcfs", "average_waiting", 2, policy="fcfs")],
                            {"srt": "6.5", "fcfs": "35/4"})
    assert (outcome.score, outcome.max_score) == (4, 4)
    assert by_id(outcome)["fcfs"]["expected"] == 8.75
    assert outcome.engine_runs == 2  # once as written, once under FCFS


def test_srt_finish_waiting_turnaround_and_context_switches() -> None:
    srt = load_example("cpu-srt-four.json")
    questions = [q("f2", "finish_time", process="P2"), q("w1", "waiting_time", process="P1"),
                 q("t", "average_turnaround"), q("cs", "context_switches")]
    outcome = grade_answers(srt, questions, {"f2": "5", "w1": "9", "t": "13", "cs": "4"})
    assert [f["correct"] for f in outcome.feedback] == [True, True, True, True]


def test_sstf_movement_236_and_its_service_order() -> None:
    sstf = load_example("disk-sstf.json")
    questions = [q("m", "total_head_movement"), q("m-fcfs", "total_head_movement", policy="fcfs"),
                 q("order", "service_order"), q("idx", "service_order", **{"as": "indices"})]
    outcome = grade_answers(sstf, questions, {"m": "236", "m-fcfs": "640",
                                              "order": "65, 67, 37, 14, 98, 122, 124, 183",
                                              "idx": "[6, 7, 2, 4, 0, 3, 5, 1]"})
    assert outcome.score == 4


def test_a_list_answer_must_match_exactly() -> None:
    sstf = load_example("disk-sstf.json")
    outcome = grade_answers(sstf, [q("order", "service_order")],
                            {"order": "65 67 37 14 98 122 183 124"})
    assert outcome.score == 0
    assert by_id(outcome)["order"]["expected_text"] == "65, 67, 37, 14, 98, 122, 124, 183"


def test_first_fit_addresses_a_failed_allocation_and_fragmentation() -> None:
    questions = [q("c", "alloc_address", op=3), q("d", "alloc_address", op=4),
                 {**q("frag", "fragmentation_after", op=2), "tolerance": 0.0001}]
    outcome = grade_answers(MEMORY, questions, {"c": "0x0", "d": "null", "frag": "0.1214"})
    assert outcome.score == 3
    # After freeing a: holes of 100 and 724 bytes, 1 - 724/824.
    assert by_id(outcome)["frag"]["expected"] == pytest.approx(1 - 724 / 824)


def test_worst_fit_puts_c_in_the_big_hole() -> None:
    worst = copy.deepcopy(MEMORY)
    worst["memory"]["policy"] = "worst_fit"
    outcome = grade_answers(worst, [q("c", "alloc_address", op=3)], {"c": "0"})
    assert by_id(outcome)["c"]["expected"] == 300 and outcome.score == 0


def test_deadlock_yes_under_rr_and_no_under_fcfs() -> None:
    assert grade_answers(DEADLOCK, [q("d", "deadlock")], {"d": "yes"}).score == 1
    fcfs = {**DEADLOCK, "cpu": {"policy": "fcfs"}}
    assert grade_answers(fcfs, [q("d", "deadlock")], {"d": "yes"}).score == 0


def test_tolerance_decides_numeric_answers() -> None:
    srt = load_example("cpu-srt-four.json")
    loose = {**q("w", "average_waiting"), "tolerance": 0.1}
    strict = {**q("w", "average_waiting"), "tolerance": 0}
    assert grade_answers(srt, [loose], {"w": "6.55"}).score == 1
    assert grade_answers(srt, [strict], {"w": "6.55"}).score == 0
    assert grade_answers(srt, [strict], {"w": "6.5"}).score == 1


def test_blank_and_unreadable_answers_score_zero_with_a_note() -> None:
    srt = load_example("cpu-srt-four.json")
    outcome = grade_answers(srt, [q("a", "average_waiting"), q("b", "finish_time", process="P2")],
                            {"b": "five"})
    a, b = outcome.feedback
    assert (a["given_text"], a["earned"]) == ("(no answer)", 0)
    assert b["earned"] == 0 and "not a number" in b["note"]


def test_a_question_the_variant_cannot_answer_is_left_out_of_the_score() -> None:
    srt = load_example("cpu-srt-four.json")
    outcome = grade_answers(srt, [q("ok", "finish_time", process="P2"),
                                  q("gone", "finish_time", process="P9")], {"ok": "5"})
    assert (outcome.score, outcome.max_score) == (1, 1)
    assert "no process named “P9”" in by_id(outcome)["gone"]["note"]


# --- Reading answers --------------------------------------------------------

@pytest.mark.parametrize("raw, value", [("6.5", 6.5), ("6,5", 6.5), ("13/4", 3.25), (" 7 ", 7),
                                        (7, 7), ("", answers.BLANK)])
def test_numbers_are_read_as_students_write_them(raw: Any, value: Any) -> None:
    assert answers.read(answers.NUMBER, raw) == value  # BLANK compares by identity


@pytest.mark.parametrize("raw, value", [("1048576", 1048576), ("0x100000", 1048576),
                                        ("1MB", 1048576), ("null", None), ("FAILED", None)])
def test_addresses_accept_bytes_hex_sizes_and_null(raw: str, value: Any) -> None:
    assert answers.read(answers.ADDRESS, raw) == value


def test_unreadable_answers_explain_what_is_expected() -> None:
    with pytest.raises(answers.AnswerError, match="not a number"):
        answers.read(answers.NUMBER, "six")
    with pytest.raises(answers.AnswerError, match="yes or no"):
        answers.read(answers.YESNO, "maybe")
    with pytest.raises(answers.AnswerError, match="not a whole number"):
        answers.read(answers.LIST, "98, x")
    with pytest.raises(answers.AnswerError, match="too long"):
        answers.read(answers.LIST, "1," * 2000)
    with pytest.raises(answers.AnswerError, match="not an object"):
        answers.read(answers.NUMBER, {"a": 1})


def test_answer_problems_name_the_question() -> None:
    questions = [q("w", "average_waiting"), q("d", "deadlock")]
    assert answer_problems(questions, {"w": "6.5", "d": "no"}) == {}
    problems = answer_problems(questions, {"w": "lots", "zz": "1"})
    assert set(problems) == {"w", "zz"} and "no question" in problems["zz"]


# --- Definitions ------------------------------------------------------------

def test_the_demo_definition_is_valid() -> None:
    assert definition_problems(DEMO_TEMPLATE, DEMO_VARIATIONS, DEMO_QUESTIONS) == []


def test_an_invalid_template_is_reported_with_its_path() -> None:
    bad = load_example("bad-negative-burst.json")
    problems = definition_problems(bad, [], DEMO_QUESTIONS)
    assert problems and all(p["path"].startswith("template") for p in problems)
    assert any("processes[" in p["path"] for p in problems)


def test_variation_paths_must_exist_and_ranges_be_sane() -> None:
    problems = definition_problems(DEMO_TEMPLATE, [
        {"path": "processes[7].burst", "min": 1, "max": 3},
        {"path": "cpu.quantum", "min": 1, "max": 3},
        {"path": "processes[*].burst", "min": 5, "max": 2, "step": 0},
        {"path": "processes[0]", "min": 1, "max": 2},
    ], DEMO_QUESTIONS)
    text = {p["path"]: p["message"] for p in problems}
    assert "has no element [7] (it has 4)" in text["variations[0].path"]
    assert "no field “quantum”" in text["variations[1].path"]
    assert "at least min (5)" in text["variations[2].max"]
    assert "at least 1" in text["variations[2].step"]
    assert "not at an object" in text["variations[3].path"]


def test_questions_are_checked_for_ids_kinds_params_points() -> None:
    problems = definition_problems(DEMO_TEMPLATE, [], [
        q("a", "average_waiting", policy="fifo"),
        q("a", "finish_time"),
        {"id": "b c", "kind": "telepathy", "points": 1},
        {**q("d", "service_order"), "points": 0, "tolerance": 1},
    ])
    text = {p["path"]: p["message"] for p in problems}
    assert "unknown cpu policy \"fifo\"" in text["questions[0].params.policy"]
    assert "used by an earlier question" in text["questions[1].id"]
    assert "needs “process”" in text["questions[1].params.process"]
    assert "letters, digits" in text["questions[2].id"]
    assert "must be one of" in text["questions[2].kind"]
    assert "above 0" in text["questions[3].points"]
    assert "compared exactly" in text["questions[3].tolerance"]


def test_a_question_about_a_missing_process_or_op_is_caught_before_grading() -> None:
    problems = definition_problems(DEMO_TEMPLATE, DEMO_VARIATIONS,
                                   [q("f", "finish_time", process="P9"),
                                    q("m", "alloc_address", op=0)])
    assert [p["path"] for p in problems] == ["questions[0]", "questions[1]"]
    assert "the template" in problems[0]["message"] and "memory op 0" in problems[1]["message"]


def test_a_memory_op_that_is_a_free_in_some_variants_is_caught() -> None:
    # op 2 is "free a" in the template: not an allocation.
    problems = definition_problems(MEMORY, [], [q("x", "alloc_address", op=2)])
    assert "is a “free”, not an allocation" in problems[0]["message"]


# --- Variants ---------------------------------------------------------------

def test_paths_resolve_wildcards_in_document_order() -> None:
    assert resolve(DEMO_TEMPLATE, "processes[*].burst") == [
        ("processes", i, "burst") for i in range(4)]
    with pytest.raises(PathError, match="cannot read"):
        resolve(DEMO_TEMPLATE, "processes[-1].burst")


def test_a_variant_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    one = draw_variant(DEMO_TEMPLATE, DEMO_VARIATIONS, (12, 34, 0))
    again = draw_variant(DEMO_TEMPLATE, DEMO_VARIATIONS, (12, 34, 0))
    other_student = draw_variant(DEMO_TEMPLATE, DEMO_VARIATIONS, (12, 35, 0))
    next_variant = draw_variant(DEMO_TEMPLATE, DEMO_VARIATIONS, (12, 34, 1))
    assert one == again
    assert one != other_student and one != next_variant


def test_variant_values_stay_in_range_and_on_the_step() -> None:
    variations = [{"path": "processes[*].burst", "min": 2, "max": 10, "step": 2},
                  {"path": "io_requests[*].cylinder", "min": 0, "max": 199}]
    for student in range(40):
        variant = draw_variant(DEMO_TEMPLATE, variations, (1, student, 0))
        assert all(p["burst"] in (2, 4, 6, 8, 10) for p in variant["processes"])
        assert all(0 <= r["cylinder"] <= 199 for r in variant["io_requests"])


def test_size_variations_accept_units_and_write_bytes() -> None:
    variant = draw_variant(MEMORY, [{"path": "processes[0].program[0].size",
                                     "min": "64B", "max": "128B", "step": 64}], (1, 1, 0))
    assert variant["processes"][0]["program"][0]["size"] in (64, 128)


def test_the_template_is_never_changed_by_drawing() -> None:
    before = copy.deepcopy(DEMO_TEMPLATE)
    draw_variant(DEMO_TEMPLATE, DEMO_VARIATIONS, (3, 4, 5))
    assert DEMO_TEMPLATE == before


def test_scripted_answers_are_right_unless_asked_wrong() -> None:
    variant = draw_variant(DEMO_TEMPLATE, DEMO_VARIATIONS, (7, 8, 0))
    right = scripted_answers(variant, DEMO_QUESTIONS)
    assert grade_answers(variant, DEMO_QUESTIONS, right).score == 10
    wrong = scripted_answers(variant, DEMO_QUESTIONS, {"order", "wait-fcfs"})
    assert grade_answers(variant, DEMO_QUESTIONS, wrong).score == 6
