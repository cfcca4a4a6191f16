"""POST /api/runs/ and GET /api/runs/<id>/: queueing, limits, rate limit, 404s."""
from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.test import Client

from playground.studio.models import Run, RunStatus, Scenario
from tests.web.helpers import post_json, round_robin

pytestmark = pytest.mark.django_db


def test_posting_a_scenario_queues_a_run_after_commit(
        client: Client, srt_four: dict[str, Any],
        django_capture_on_commit_callbacks: Any) -> None:
    with mock.patch("playground.studio.services.run_scenario.delay") as delay, \
            django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_json(client, "/api/runs/", {"scenario": srt_four})
    assert response.status_code == 202
    body = response.json()
    assert body == {"id": body["id"], "status": "queued", "ws": f"/ws/runs/{body['id']}/"}
    assert len(callbacks) == 1
    delay.assert_called_once_with(body["id"])
    run = Run.objects.get(id=body["id"])
    assert run.status == RunStatus.QUEUED
    assert run.scenario_dict() == srt_four


def test_a_run_can_start_from_a_saved_slug(client: Client, srt_four: dict[str, Any]) -> None:
    slug = post_json(client, "/api/scenarios/", {"scenario": srt_four}).json()["slug"]
    response = post_json(client, "/api/runs/", {"slug": slug})
    assert response.status_code == 202
    run = Run.objects.get(id=response.json()["id"])
    assert run.scenario == Scenario.objects.get(slug=slug)
    assert run.scenario_dict() == srt_four


def test_unknown_slug_is_a_json_404(client: Client) -> None:
    response = post_json(client, "/api/runs/", {"slug": "aaaaaaaaaa"})
    assert response.status_code == 404
    assert response.json()["errors"] == [
        {"path": "slug", "message": "no saved scenario has the slug 'aaaaaaaaaa'"}]


def test_scenario_and_slug_together_are_refused(client: Client, srt_four: dict[str, Any]) -> None:
    response = post_json(client, "/api/runs/", {"scenario": srt_four, "slug": "aaaaaaaaaa"})
    assert response.status_code == 400
    assert "not both or neither" in response.json()["errors"][0]["message"]


def test_invalid_scenario_is_not_run(client: Client) -> None:
    scenario = round_robin(5)
    scenario["processes"][1]["burst"] = -3
    response = post_json(client, "/api/runs/", {"scenario": scenario})
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "processes[1].burst"
    assert not Run.objects.exists()


def test_more_processes_than_the_limit_are_refused(client: Client, settings: Any) -> None:
    settings.PLAYGROUND_MAX_PROCESSES = 3
    scenario = {"version": 1, "processes": [
        {"name": f"P{k}", "arrival": 0, "burst": 1} for k in range(4)]}
    response = post_json(client, "/api/runs/", {"scenario": scenario})
    assert response.status_code == 400
    assert response.json()["errors"] == [{
        "path": "processes",
        "message": "the playground runs at most 3 processes, this scenario has 4",
        # the message as data too, for a page in another language (docs/i18n.md)
        "message_key": "web.limit.processes", "message_args": {"n": 3, "m": 4}}]


def test_ops_of_spawned_threads_count_toward_the_op_limit(client: Client, settings: Any) -> None:
    settings.PLAYGROUND_MAX_OPS = 3
    scenario = {"version": 1, "processes": [{"name": "main", "arrival": 0, "program": [
        {"op": "spawn", "thread": "T1", "program": [
            {"op": "cpu", "ticks": 1}, {"op": "cpu", "ticks": 1}]},
        {"op": "join", "thread": "T1"},
    ]}]}
    response = post_json(client, "/api/runs/", {"scenario": scenario})
    assert response.status_code == 400
    assert "this scenario has 4" in response.json()["errors"][0]["message"]


def test_max_ticks_above_the_cap_is_refused(client: Client, srt_four: dict[str, Any]) -> None:
    srt_four["limits"] = {"max_ticks": 100_001}
    response = post_json(client, "/api/runs/", {"scenario": srt_four})
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "limits.max_ticks"


def test_the_31st_run_in_a_minute_gets_429_with_retry_after(
        client: Client, srt_four: dict[str, Any], settings: Any) -> None:
    settings.PLAYGROUND_RUNS_PER_MINUTE = 30
    for _ in range(30):
        assert post_json(client, "/api/runs/", {"scenario": srt_four}).status_code == 202
    response = post_json(client, "/api/runs/", {"scenario": srt_four})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    [error] = response.json()["errors"]
    assert error["path"] == ""
    assert error["message"].startswith("too many runs from your address")
    assert Run.objects.count() == 30


def test_the_rate_limit_is_per_client_address(
        client: Client, srt_four: dict[str, Any], settings: Any) -> None:
    settings.PLAYGROUND_RUNS_PER_MINUTE = 1
    assert post_json(client, "/api/runs/", {"scenario": srt_four}).status_code == 202
    assert post_json(client, "/api/runs/", {"scenario": srt_four}).status_code == 429
    other = post_json(client, "/api/runs/", {"scenario": srt_four}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 202


def test_a_queued_run_reports_its_status_without_result(
        client: Client, srt_four: dict[str, Any]) -> None:
    run_id = post_json(client, "/api/runs/", {"scenario": srt_four}).json()["id"]
    response = client.get(f"/api/runs/{run_id}/")
    assert response.status_code == 200
    assert response.json() == {"id": run_id, "status": "queued", "error": None,
                               "error_key": None, "error_args": None,
                               "step_count": 0, "ws": f"/ws/runs/{run_id}/",
                               "engine_version": None}


def test_a_completed_run_reports_its_result(client: Client) -> None:
    run = Run.objects.create(scenario_json="{}", status=RunStatus.COMPLETED,
                             result_json='{"status":"completed","ticks":26}', step_count=8)
    body = client.get(f"/api/runs/{run.id}/").json()
    assert body["status"] == "completed"
    assert body["result"] == {"status": "completed", "ticks": 26}


def test_a_failed_run_reports_its_error(client: Client) -> None:
    run = Run.objects.create(scenario_json="{}", status=RunStatus.FAILED, error="too many steps")
    body = client.get(f"/api/runs/{run.id}/").json()
    assert body["status"] == "failed"
    assert body["error"] == "too many steps"
    assert "result" not in body


def test_unknown_run_is_a_json_404(client: Client) -> None:
    response = client.get("/api/runs/nosuchrun/")
    assert response.status_code == 404
    assert response.json()["errors"] == [{"path": "", "message": "no run has the id 'nosuchrun'"}]


def test_unknown_api_url_is_a_json_404(client: Client) -> None:
    response = client.get("/api/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["message"] == "no API endpoint at /api/nothing-here/"
