"""The LLM device costs iterations, not ticks: the playground bounds it by
iterations and tokens (issue 13; docs/web.md, "Limits").

The reservation run of preset ``llm-paging`` (kv.policy contiguous_max)
spans 188,506 ticks, almost twice the playground's tick cap, in under
10,000 iterations: it must run from the browser, while a scenario whose
estimated iterations pass the cap is refused before it is queued.
"""
from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client

from kernel_engine import presets, validate
from kernel_engine.llm.config import estimated_iterations
from playground.studio.limits import engine_scenario
from playground.studio.models import Run, RunStatus
from tests.stack import Stack
from tests.web.helpers import post_json, post_run, run_state, wait_for
from tests.web.test_run_task import make_run, stored_steps, stream_and_listen


def reservation() -> dict[str, Any]:
    """Preset 1, reserving max_seq_len per request as servers did before paging."""
    scenario = presets.load("llm-paging")
    scenario["llm"]["kv"]["policy"] = "contiguous_max"
    return scenario


def spread_out(interval: int) -> dict[str, Any]:
    """Preset 1's 200 requests arriving ``interval`` ticks apart: each runs nearly alone."""
    scenario = presets.load("llm-paging")
    scenario["llm"]["generate"]["interval"] = interval
    return scenario


@pytest.mark.django_db
def test_the_reservation_run_is_estimated_near_its_real_iterations(client: Client) -> None:
    estimate = estimated_iterations(validate(reservation())["llm"])
    assert 9_000 <= estimate <= 11_000   # the run takes 9,956
    response = post_json(client, "/api/validate/", {"scenario": reservation()})
    assert response.status_code == 200, response.json()


def test_an_llm_run_gets_the_iteration_cap_instead_of_the_tick_cap(settings: Any) -> None:
    settings.PLAYGROUND_MAX_LLM_ITERATIONS = 1234
    capped = engine_scenario(reservation())
    assert capped["llm"]["max_iterations"] == 1234
    assert capped["limits"]["max_ticks"] == 10_000_000   # the engine's own limit
    mine = reservation()
    mine["llm"]["max_iterations"] = 50
    assert engine_scenario(mine)["llm"]["max_iterations"] == 50
    assert engine_scenario({"processes": []})["limits"]["max_ticks"] == settings.PLAYGROUND_MAX_TICKS


@pytest.mark.django_db
def test_a_scenario_estimated_over_the_iteration_cap_is_refused_at_post(client: Client) -> None:
    response = post_json(client, "/api/runs/", {"scenario": spread_out(5000)})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"] == [{"path": "llm", "message": (
        "this run would take about 50,064 LLM iterations (estimated from its requests, batch "
        "limits and KV pool), over the playground's limit of 20,000: use fewer or shorter "
        "requests, a larger batch or a paged KV policy"),
        "message_key": "web.limit.llm_iterations",
        "message_args": {"iterations": "50,064", "n": "20,000"}}]
    assert not Run.objects.exists()


@pytest.mark.django_db
def test_asking_for_more_iterations_or_tokens_than_the_playground_runs_is_refused(
        client: Client, settings: Any) -> None:
    settings.PLAYGROUND_MAX_LLM_TOKENS = 50_000
    scenario = reservation()
    scenario["llm"]["max_iterations"] = 30_000
    response = post_json(client, "/api/runs/", {"scenario": scenario})
    assert response.status_code == 400
    by_path = {e["path"]: e["message"] for e in response.json()["errors"]}
    assert by_path["llm.max_iterations"] == ("the playground runs at most 20,000 LLM iterations, "
                                             "got 30,000")
    assert by_path["llm.requests"] == (
        "the LLM requests and generate ops ask for 99,800 tokens (prompt + output, times n), "
        "over the playground's limit of 50,000: use fewer or shorter requests")


@pytest.mark.django_db
def test_many_requests_times_many_iterations_is_refused_as_too_costly(
        client: Client, settings: Any) -> None:
    settings.PLAYGROUND_MAX_WORK = 1_000_000
    response = post_json(client, "/api/runs/", {"scenario": reservation()})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["path"] == "llm"
    assert error["message"].startswith("this run would cost about 1,971,600 request-iterations "
                                       "(200 requests x 9,858 iterations), over the playground's "
                                       "limit of 1,000,000")


@pytest.mark.django_db
def test_an_llm_run_may_ask_for_more_ticks_than_the_tick_cap(client: Client) -> None:
    scenario = reservation()
    scenario["limits"] = {"max_ticks": 500_000}
    assert post_json(client, "/api/validate/", {"scenario": scenario}).status_code == 200
    cpu_only = {"version": 1, "limits": {"max_ticks": 500_000},
                "processes": [{"name": "A", "burst": 3}]}
    response = post_json(client, "/api/validate/", {"scenario": cpu_only})
    assert response.json()["errors"] == [{"path": "limits.max_ticks", "message":
                                          "the playground runs at most 100000 ticks, got 500000",
                                          "message_key": "web.limit.ticks",
                                          "message_args": {"n": 100000, "m": 500000}}]


@pytest.mark.django_db
def test_programs_beside_an_llm_device_are_still_bounded_by_ticks(client: Client) -> None:
    scenario = reservation()
    scenario["processes"] = [{"name": "crunch", "program": [{"op": "cpu", "ticks": 150_000}]}]
    response = post_json(client, "/api/runs/", {"scenario": scenario})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"path": "processes", "message": (
        "the programs ask for about 150,000 ticks of CPU and disk, over the playground's limit "
        "of 100,000 (the LLM device is bounded by iterations, programs still by ticks): use "
        "shorter programs"), "message_key": "web.limit.llm_program_ticks",
        "message_args": {"ticks": "150,000", "n": "100,000"}}]
    scenario["processes"][0]["program"][0]["ticks"] = 90_000
    assert post_json(client, "/api/validate/", {"scenario": scenario}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_worker_stops_an_llm_run_at_the_iteration_cap_with_a_reason(settings: Any) -> None:
    settings.PLAYGROUND_MAX_LLM_ITERATIONS = 40
    run = make_run(copy.deepcopy(spread_out(0)))
    stream_and_listen(run.id)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETED
    result = run.result()
    assert result["status"] == "limit" and result["llm"]["iterations"] == 40
    assert len(result["llm"]["unfinished"]) > 150
    events = [e for step in stored_steps(run) for e in step["events"] if e["kind"] == "limit"]
    assert [e["reason"] for e in events] == [
        "the LLM device reached llm.max_iterations (40) and stopped"]


def test_the_reservation_preset_runs_from_the_browser_within_the_budgets(stack: Stack) -> None:
    run = post_run(stack, reservation())
    wait_for(lambda: run_state(stack, run["id"])["status"] in ("completed", "failed"), 120,
             "the reservation run")
    state = run_state(stack, run["id"])
    assert state["status"] == "completed", state.get("error")
    result = state["result"]
    assert result["status"] == "completed"
    assert result["ticks"] == 188_506          # beyond the 100,000-tick cap of other runs
    assert result["llm"]["iterations"] == 9_956
    assert result["llm"]["unfinished"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in presets.names() if n.startswith("llm-")])
def test_every_llm_preset_passes_the_playground_limits(client: Client, name: str) -> None:
    response = post_json(client, "/api/validate/", {"scenario": presets.load(name)})
    assert response.status_code == 200, response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("change", [{"kv": {"policy": p}} for p in (
    "contiguous_max", "contiguous_pow2", "contiguous_exact", "paged_shared")] + [
    {"batching": {"mode": "request_level"}}])
def test_the_paging_presets_variants_pass_too(client: Client, change: dict) -> None:
    scenario = presets.load("llm-paging")
    for section, fields in change.items():
        scenario["llm"][section] = {**scenario["llm"].get(section, {}), **fields}
    response = post_json(client, "/api/validate/", {"scenario": scenario})
    assert response.status_code == 200, response.json()
