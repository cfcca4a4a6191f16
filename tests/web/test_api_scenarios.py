"""POST /api/scenarios/, POST /api/validate/, GET /s/<slug>.json, slugs."""
from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from playground.studio.canonical import SLUG_LENGTH, canonical_json, slug_candidates
from tests.web.helpers import load_example, post_json

pytestmark = pytest.mark.django_db


def test_slug_is_ten_lowercase_base32_characters(srt_four: dict[str, Any]) -> None:
    slug = slug_candidates(canonical_json(srt_four))[0]
    assert len(slug) == SLUG_LENGTH == 10
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz234567")


def test_slug_ignores_key_order_and_whitespace(srt_four: dict[str, Any]) -> None:
    shuffled = json.loads(json.dumps(dict(reversed(list(srt_four.items()))), indent=4))
    assert canonical_json(shuffled) == canonical_json(srt_four)
    assert slug_candidates(canonical_json(shuffled)) == slug_candidates(canonical_json(srt_four))


def test_one_tick_more_gives_another_slug(srt_four: dict[str, Any]) -> None:
    longer = json.loads(json.dumps(srt_four))
    longer["processes"][0]["burst"] += 1
    assert slug_candidates(canonical_json(longer))[0] != slug_candidates(canonical_json(srt_four))[0]


def test_saving_a_scenario_answers_201_with_slug_and_absolute_url(
        client: Client, srt_four: dict[str, Any]) -> None:
    response = post_json(client, "/api/scenarios/", {"scenario": srt_four})
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == slug_candidates(canonical_json(srt_four))[0]
    assert body["url"] == f"http://testserver/s/{body['slug']}/"


def test_saving_the_same_scenario_twice_gives_the_same_slug(
        client: Client, srt_four: dict[str, Any]) -> None:
    first = post_json(client, "/api/scenarios/", {"scenario": srt_four}).json()
    reordered = dict(reversed(list(srt_four.items())))
    second = post_json(client, "/api/scenarios/", {"scenario": reordered})
    assert second.status_code == 201
    assert second.json()["slug"] == first["slug"]


def test_saved_json_is_the_canonical_bytes(client: Client, srt_four: dict[str, Any]) -> None:
    srt_four["title"] = "SRT — 四个进程"
    slug = post_json(client, "/api/scenarios/", {"scenario": srt_four}).json()["slug"]
    response = client.get(f"/s/{slug}.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.content == canonical_json(srt_four).encode("utf-8")


def test_invalid_scenario_lists_problems_with_their_paths(client: Client) -> None:
    response = post_json(client, "/api/scenarios/",
                         {"scenario": load_example("bad-negative-burst.json")})
    assert response.status_code == 400
    errors = response.json()["errors"]
    paths = {e["path"] for e in errors}
    assert "processes[0].burst" in paths
    burst = next(e for e in errors if e["path"] == "processes[0].burst")
    assert "-3" in burst["message"]


def test_unknown_scenario_field_is_refused_with_its_path(
        client: Client, srt_four: dict[str, Any]) -> None:
    srt_four["cpu"]["quantumm"] = 2
    response = post_json(client, "/api/scenarios/", {"scenario": srt_four})
    assert response.status_code == 400
    assert any(e["path"].startswith("cpu") and "quantumm" in e["path"] + e["message"]
               for e in response.json()["errors"])


def test_unknown_envelope_field_is_refused(client: Client, srt_four: dict[str, Any]) -> None:
    response = post_json(client, "/api/scenarios/", {"scenario": srt_four, "owner": "alice"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"path": "owner", "message": "unknown field; expected 'scenario'"}]


def test_missing_scenario_is_refused(client: Client) -> None:
    response = post_json(client, "/api/scenarios/", {})
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "scenario"


def test_scenario_that_is_not_an_object_is_refused(client: Client) -> None:
    response = post_json(client, "/api/scenarios/", {"scenario": [1, 2]})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"path": "scenario", "message": "must be a JSON object, got an array"}]


def test_invalid_json_gets_400_naming_line_and_column(client: Client) -> None:
    response = client.post("/api/scenarios/", data='{"scenario": {', content_type="application/json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["path"] == ""
    assert error["message"].startswith("invalid JSON: ")
    assert "line 1 column" in error["message"]


def test_nan_is_not_json(client: Client) -> None:
    response = client.post("/api/validate/", data='{"scenario": {"seed": NaN}}',
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "invalid JSON: NaN is not valid JSON"


def test_body_over_256_kb_gets_413(client: Client, srt_four: dict[str, Any]) -> None:
    srt_four["description"] = "x" * (256 * 1024)
    response = post_json(client, "/api/scenarios/", {"scenario": srt_four})
    assert response.status_code == 413
    assert response.json()["errors"] == [
        {"path": "", "message": "the request body is larger than 256 KB",
         "message_key": "web.body.too_big", "message_args": {"n": 256}}]


def test_get_on_a_post_endpoint_gets_405_json(client: Client) -> None:
    response = client.get("/api/scenarios/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["errors"][0]["message"] == "use POST here, not GET"


def test_validate_accepts_a_valid_scenario(client: Client, srt_four: dict[str, Any]) -> None:
    response = post_json(client, "/api/validate/", {"scenario": srt_four})
    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_validate_reports_every_problem(client: Client) -> None:
    response = post_json(client, "/api/validate/",
                         {"scenario": load_example("bad-negative-burst.json")})
    assert response.status_code == 400
    paths = [e["path"] for e in response.json()["errors"]]
    assert "processes[0].burst" in paths
    assert len(paths) >= 3  # the policy typo, the burst, the duplicate name / arrival


def test_validate_applies_the_run_limits(client: Client, srt_four: dict[str, Any]) -> None:
    srt_four["limits"] = {"max_ticks": 200_000}
    response = post_json(client, "/api/validate/", {"scenario": srt_four})
    assert response.status_code == 400
    assert response.json()["errors"] == [{
        "path": "limits.max_ticks",
        "message": "the playground runs at most 100000 ticks, got 200000",
        "message_key": "web.limit.ticks", "message_args": {"n": 100000, "m": 200000}}]


def test_saving_scenarios_is_rate_limited_per_address_apart_from_runs(
        client: Client, settings: Any, srt_four: dict[str, Any]) -> None:
    settings.PLAYGROUND_RUNS_PER_MINUTE = 2
    for burst in (1, 2):
        srt_four["processes"][0]["burst"] = burst
        assert post_json(client, "/api/scenarios/", {"scenario": srt_four}).status_code == 201
    srt_four["processes"][0]["burst"] = 3
    refused = post_json(client, "/api/scenarios/", {"scenario": srt_four})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    [error] = refused.json()["errors"]
    assert error["path"] == ""
    assert error["message"].startswith("too many saved scenarios from your address; try again in ")
    # Runs have their own budget: saving more does not use it up.
    assert post_json(client, "/api/runs/", {"scenario": srt_four}).status_code == 202
