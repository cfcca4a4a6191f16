"""Grading questions on the LLM device (no database needed).

The pool holds 64 token states of a 13B model (4 blocks of 16); requests a
and b (prompt 16, output 40) arrive together.  Iteration 1 prefills both
(32 tokens, 17 ticks: both get their first token at 17) and each then holds
17 states: 34 of 64 = 53.125% of the pool.  At iteration 17 a needs a third
block and none is free: b, the lowest priority under fcfs, is preempted, and
a alone holds 33 states (51.5625%).  Under contiguous_max (reserve 64 states)
a takes the whole pool, b waits, nobody is preempted, and at iteration 1 a's
17 states are 26.5625% of the pool.
"""
from __future__ import annotations

import time
from typing import Any

import pytest

from kernel_engine import presets
from playground.grading.answers import AnswerError, read_name
from playground.grading.definition import CHECK_SECONDS, definition_problems
from playground.grading.demo import scripted_answers
from playground.grading.grader import grade_answers
from playground.grading.labels import describe
from playground.grading.questions import KINDS, param_problems

TWO_REQUESTS: dict[str, Any] = {
    "version": 1,
    "llm": {"gpu": {"kv_pool_bytes": 819200 * 64},
            "kv": {"policy": "paged", "block_size": 16, "max_seq_len": 64},
            "requests": [{"id": "a", "prompt": 16, "output": 40},
                         {"id": "b", "prompt": 16, "output": 40}]}}


def q(qid: str, kind: str, **params: Any) -> dict[str, Any]:
    return {"id": qid, "kind": kind, "params": params, "points": 1}


def feedback(scenario: dict, questions: list[dict], given: dict) -> dict[str, dict]:
    return {r["id"]: r for r in grade_answers(scenario, questions, given).feedback}


def test_time_to_first_token_of_a_request() -> None:
    out = feedback(TWO_REQUESTS, [q("right", "llm_ttft", request="b"),
                                  q("wrong", "llm_ttft", request="a")],
                   {"right": "17", "wrong": "34"})
    assert out["right"]["expected"] == 17 and out["right"]["correct"]
    assert out["wrong"]["expected"] == 17 and not out["wrong"]["correct"]


def test_which_request_is_preempted_first_and_none_when_nobody_is() -> None:
    questions = [q("first", "llm_preempted"), q("second", "llm_preempted", preemption=1),
                 q("reserved", "llm_preempted", policy="contiguous_max"),
                 q("guess", "llm_preempted")]
    out = feedback(TWO_REQUESTS, questions,
                   {"first": " “b” ", "second": "none", "reserved": "None", "guess": "a"})
    assert out["first"]["expected"] == "b" and out["first"]["correct"]
    assert out["second"]["expected"] is None and out["second"]["correct"]
    assert out["second"]["expected_text"] == "none"
    assert out["reserved"]["expected"] is None and out["reserved"]["correct"]
    assert not out["guess"]["correct"] and out["guess"]["given_text"] == "a"


def test_share_of_the_kv_pool_holding_token_states_at_an_iteration() -> None:
    questions = [q("both", "llm_kv_used", iteration=1), q("alone", "llm_kv_used", iteration=17),
                 q("reserved", "llm_kv_used", iteration=1, policy="contiguous_max"),
                 q("off", "llm_kv_used", iteration=1)]
    out = feedback(TWO_REQUESTS, questions,
                   {"both": "53.1", "alone": "51.5625", "reserved": "17/64*100", "off": "53.3"})
    assert out["both"]["expected"] == 53.125 and out["both"]["correct"]  # within 0.1 points
    assert out["alone"]["expected"] == 51.5625 and out["alone"]["correct"]
    assert out["reserved"]["expected"] == 26.5625
    assert not out["reserved"]["correct"]  # "17/64*100" is not a number the box reads
    assert "is not a number" in out["reserved"]["note"]
    assert not out["off"]["correct"]


def test_one_traced_run_answers_every_question_under_the_same_policies() -> None:
    questions = [q("t", "llm_ttft", request="a"), q("p", "llm_preempted"),
                 q("k", "llm_kv_used", iteration=2),
                 q("kc", "llm_kv_used", iteration=2, policy="contiguous_max")]
    assert grade_answers(TWO_REQUESTS, questions, {}).engine_runs == 2


def test_scheduling_overrides_change_who_is_preempted() -> None:
    # Shortest remaining tokens: a (output 40) ranks below c (output 30) and is preempted.
    scenario = {**TWO_REQUESTS, "llm": {**TWO_REQUESTS["llm"], "requests": [
        {"id": "a", "prompt": 16, "output": 40}, {"id": "c", "prompt": 16, "output": 30}]}}
    out = feedback(scenario, [q("fcfs", "llm_preempted"),
                              q("srt", "llm_preempted", scheduling="shortest_remaining_tokens")], {})
    assert out["fcfs"]["expected"] == "c"
    assert out["srt"]["expected"] == "a"


def test_a_name_answer_is_read_as_typed() -> None:
    assert read_name("  g17 ") == "g17"
    assert read_name("'agent0#1'") == "agent0#1"
    assert read_name("NONE") is None
    with pytest.raises(AnswerError):
        read_name(17)
    with pytest.raises(AnswerError):
        read_name("g" * 101)


@pytest.mark.parametrize("kind,params,path,message", [
    ("llm_ttft", {}, "params.request", "“llm_ttft” needs “request”"),
    ("llm_ttft", {"request": 3}, "params.request", "must be a request name such as \"g3\""),
    ("llm_kv_used", {"iteration": 0}, "params.iteration",
     "must be a whole number from 1: the LLM iteration, as its reason numbers it"),
    ("llm_preempted", {"policy": "lru"}, "params.policy",
     "unknown KV policy \"lru\"; one of: contiguous_max, contiguous_pow2, contiguous_exact, "
     "paged, paged_shared"),
    ("llm_preempted", {"scheduling": "sjf"}, "params.scheduling",
     "unknown LLM scheduling policy \"sjf\"; one of: fcfs, shortest_remaining_tokens, rr"),
    ("llm_preempted", {"process": "P1"}, "params.process",
     "“llm_preempted” takes no “process” (params it takes: preemption, policy, scheduling)"),
])
def test_llm_params_are_checked(kind: str, params: dict, path: str, message: str) -> None:
    assert (path, message) in param_problems(KINDS[kind], params)


def test_a_definition_with_llm_questions_is_accepted_and_bad_ones_say_why() -> None:
    assert definition_problems(TWO_REQUESTS, [], [q("t", "llm_ttft", request="a"),
                                                  q("k", "llm_kv_used", iteration=3)]) == []
    problems = definition_problems(TWO_REQUESTS, [], [
        q("t", "llm_ttft", request="zz"), q("k", "llm_kv_used", iteration=999)])
    assert problems == [
        {"path": "questions[0]", "message": "cannot be answered on the template: there is no "
                                            "LLM request named “zz” in this run (its requests: a, b)"},
        {"path": "questions[1]", "message": "cannot be answered on the template: iteration 999 "
                                            "does not happen: this run makes 64 LLM iterations "
                                            "(counted from 1)"}]
    cpu_only = {"version": 1, "processes": [{"name": "P", "burst": 3}]}
    [problem] = definition_problems(cpu_only, [], [q("p", "llm_preempted")])
    assert problem["message"].endswith("this scenario has no LLM device (no “llm” section)")


def test_varied_templates_are_answered_per_variant_and_scripted_answers_earn_every_point() -> None:
    variations = [{"path": "llm.requests[1].output", "min": 20, "max": 40, "step": 10}]
    questions = [q("t", "llm_ttft", request="b"), q("p", "llm_preempted"),
                 q("k", "llm_kv_used", iteration=1)]
    assert definition_problems(TWO_REQUESTS, variations, questions) == []
    given = scripted_answers(TWO_REQUESTS, questions)
    assert given == {"t": "17", "p": "b", "k": "53.1250"}
    assert grade_answers(TWO_REQUESTS, questions, given).score == 3
    wrong = scripted_answers(TWO_REQUESTS, questions, {"p"})
    assert wrong["p"] == "none" and grade_answers(TWO_REQUESTS, questions, wrong).score == 2


def test_each_llm_question_reads_as_a_sentence() -> None:
    assert describe(q("t", "llm_ttft", request="g3")) == (
        "How many ticks after it arrives does request g3 get its first token, under the "
        "scenario's KV policy and scheduling?")
    assert describe(q("p", "llm_preempted", policy="paged")) == (
        "Which request is preempted first, under paged? Write “none” if no request is preempted.")
    assert describe(q("k", "llm_kv_used", iteration=12, scheduling="rr")) == (
        "During LLM iteration 12, what percent of the KV cache pool holds token states, with "
        "rr scheduling?")


def test_llm_questions_on_a_heavy_template_stop_at_the_check_budget() -> None:
    # Preset 1's 200 requests under three KV policies, on the template and 8 variants:
    # far more than the 3 s the form may spend; the LLM runs stop at the clock too.
    template = presets.load("llm-paging")
    variations = [{"path": "llm.generate.count", "min": 150, "max": 200, "step": 10}]
    questions = [q(f"k{i}", "llm_kv_used", iteration=100, policy=policy)
                 for i, policy in enumerate(["paged", "contiguous_max", "contiguous_pow2"])]
    started = time.monotonic()
    [problem] = definition_problems(template, variations, questions)
    assert problem["path"] == "template"
    assert problem["message"].startswith("too big to check here: ")
    assert time.monotonic() - started < CHECK_SECONDS + 2
