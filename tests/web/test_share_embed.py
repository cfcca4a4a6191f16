"""/s/<slug>/embed and its runs: framing, hide/lock options, locked fields ignored by the server.

The author's options come signed (``opts=``, embed.sign_options); ``signed()``
makes that part of an address as the share page or ``POST /api/embeds/`` would.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any
from unittest import mock

import pytest
from django.http import QueryDict
from django.test import Client

from kernel_engine import presets
from playground.studio.embed import make_token, parse_options, sign_options
from playground.studio.models import Run, Scenario
from playground.studio.services import save_scenario
from tests.web.helpers import post_json

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_worker() -> Any:
    """Runs are only queued here: the Celery task is not sent anywhere."""
    with mock.patch("playground.studio.services.run_scenario.delay") as delay:
        yield delay


@pytest.fixture
def srt_slug() -> str:
    return save_scenario(presets.load("cpu-srt-four")).slug


def embed_config(response: Any) -> dict[str, Any]:
    match = re.search(r'<script id="embed-config" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    assert match, "the embed hands its config to embed.js"
    return json.loads(match.group(1))


def signed(slug: str, hide: tuple[str, ...] = (), lock: tuple[str, ...] = (), days: int = 30) -> str:
    """``opts=<token>``: the author's options for ``slug``, as an embed address carries them."""
    return "opts=" + sign_options(slug, list(hide), list(lock), days)


def control(page: str, path: str) -> str:
    """The <input> or <select> tag that edits ``path``."""
    match = re.search(rf'<(?:input|select)[^>]*data-path="{re.escape(path)}"[^>]*>', page)
    assert match, f"no control for {path}"
    return match.group(0)


def test_only_the_embed_may_be_framed_by_other_sites(client: Client, srt_slug: str) -> None:
    embed = client.get(f"/s/{srt_slug}/embed")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert embed["Content-Security-Policy"].startswith("frame-ancestors *; script-src 'self'")
    assert client.get(f"/s/{srt_slug}/embed/").status_code == 200
    page = client.get(f"/s/{srt_slug}/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors" not in page["Content-Security-Policy"]


def test_the_embed_has_no_site_chrome_and_sets_no_cookie(client: Client, srt_slug: str) -> None:
    response = client.get(f"/s/{srt_slug}/embed")
    page = response.content.decode()
    assert 'class="site-header"' not in page and 'class="site-footer"' not in page
    assert "<h1 class=\"scenario-title\">Shortest remaining time first</h1>" in page
    # A third-party iframe gets no cookies anyway; the embed does not rely on any.
    assert not response.cookies


def test_locked_policy_controls_are_disabled(client: Client, srt_slug: str) -> None:
    page = client.get(f"/s/{srt_slug}/embed?{signed(srt_slug, lock=('policy',))}").content.decode()
    assert " disabled" in control(page, "cpu.policy")
    assert " disabled" in control(page, "cpu.quantum")
    assert " disabled" not in control(page, "processes[1].burst")
    assert 'selected>Shortest remaining time (SRT)</option>' in page


def test_hidden_parts_are_not_rendered_at_all(client: Client, srt_slug: str) -> None:
    response = client.get(f"/s/{srt_slug}/embed?hide=builder,description&hide=answers")
    page = response.content.decode()
    assert 'data-path="processes[0].burst"' not in page
    assert 'data-part="description"' not in page
    assert "Open in the LLM-OS Playground" not in page  # it would show the answers
    assert embed_config(response)["hideAnswers"] is True
    assert 'data-path="cpu.policy"' in page


@pytest.mark.parametrize(("query", "message"), [
    ("hide=answer", "hide: there is no part named 'answer'; the parts are scenario, "
                    "description, policy, builder, answers"),
    ("lock=answers", "lock: the 'answers' part has no controls to lock; only policy, "
                     "builder can be locked (use hide= to leave it out)"),
])
def test_a_bad_option_is_explained_on_the_page(client: Client, srt_slug: str,
                                               query: str, message: str) -> None:
    response = client.get(f"/s/{srt_slug}/embed?{query}")
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert response["Content-Security-Policy"].startswith("frame-ancestors *")


def test_unknown_query_parameters_from_course_platforms_are_left_alone() -> None:
    options = parse_options(QueryDict("utm_source=lms&lock=Policy,+builder"))
    assert options.lock == {"policy", "builder"}
    assert options.editable() == []


def embed_run(client: Client, slug: str, token: str, changes: dict[str, Any]) -> Any:
    return post_json(client, f"/s/{slug}/embed/runs/", {"token": token, "changes": changes})


def test_a_locked_policy_changed_in_devtools_is_ignored_by_the_server(client: Client,
                                                                     srt_slug: str) -> None:
    token = embed_config(client.get(f"/s/{srt_slug}/embed?{signed(srt_slug, lock=('policy',))}"))["token"]
    response = embed_run(client, srt_slug, token, {"cpu.policy": "fcfs", "cpu.quantum": 5})
    assert response.status_code == 202
    body = response.json()
    assert body["ignored"] == ["cpu.policy", "cpu.quantum"]
    assert body["applied"] == []
    run = Run.objects.get(id=body["id"])
    # Nothing changed: the saved scenario runs, linked to its slug.
    assert run.scenario == Scenario.objects.get(slug=srt_slug)
    assert run.scenario_dict() == presets.load("cpu-srt-four")
    assert body["scenario"] == presets.load("cpu-srt-four")


def test_a_hidden_part_cannot_be_changed_either(client: Client, srt_slug: str) -> None:
    token = embed_config(client.get(f"/s/{srt_slug}/embed?hide=builder"))["token"]
    body = embed_run(client, srt_slug, token, {"processes[0].burst": 1}).json()
    assert body["ignored"] == ["processes[0].burst"]
    assert Run.objects.get(id=body["id"]).scenario_dict()["processes"][0]["burst"] == 8


def test_an_unlocked_part_runs_the_readers_values(client: Client, srt_slug: str) -> None:
    token = embed_config(client.get(f"/s/{srt_slug}/embed?{signed(srt_slug, lock=('builder',))}"))["token"]
    body = embed_run(client, srt_slug, token, {"cpu.policy": "rr", "cpu.quantum": 3,
                                               "processes[1].burst": 6}).json()
    assert body["applied"] == ["cpu.policy", "cpu.quantum"]
    assert body["ignored"] == ["processes[1].burst"]
    run = Run.objects.get(id=body["id"])
    assert run.scenario is None  # another scenario than the saved one
    ran = run.scenario_dict()
    assert ran["cpu"] == {"policy": "rr", "quantum": 3}
    assert ran["processes"][1]["burst"] == 4
    assert body["scenario"] == ran


def test_setting_a_saved_value_again_runs_the_saved_scenario(client: Client, srt_slug: str) -> None:
    token = embed_config(client.get(f"/s/{srt_slug}/embed?{signed(srt_slug)}"))["token"]
    body = embed_run(client, srt_slug, token, {"cpu.policy": "srt", "cpu.quantum": 2}).json()
    assert Run.objects.get(id=body["id"]).scenario_id == srt_slug


def test_a_bad_value_is_reported_at_its_field(client: Client, srt_slug: str) -> None:
    token = embed_config(client.get(f"/s/{srt_slug}/embed?{signed(srt_slug)}"))["token"]
    response = embed_run(client, srt_slug, token, {"processes[1].burst": -3})
    assert response.status_code == 400
    assert response.json() == {"errors": [
        {"path": "processes[1].burst", "message": "must be a positive integer, got -3",
         # The engine's problems are data too (issue 9): the key and values beside the text.
         "message_key": "problem.int.positive", "message_args": {"value": "-3"}}]}


@pytest.mark.parametrize(("changes", "path", "message"), [
    ({"title": "mine"}, "changes.title", "this field cannot be changed in an embedded scenario"),
    ({"processes[9].burst": 2}, "changes.processes[9].burst", "the scenario has no such process"),
])
def test_fields_outside_the_embed_are_refused(client: Client, srt_slug: str,
                                              changes: dict[str, Any], path: str, message: str) -> None:
    token = embed_config(client.get(f"/s/{srt_slug}/embed?{signed(srt_slug)}"))["token"]
    response = embed_run(client, srt_slug, token, changes)
    assert response.status_code == 400
    assert response.json() == {"errors": [{"path": path, "message": message}]}


def test_a_program_has_no_burst_to_change(client: Client) -> None:
    slug = save_scenario(presets.load("fit-textbook")).slug
    token = embed_config(client.get(f"/s/{slug}/embed?{signed(slug)}"))["token"]
    response = embed_run(client, slug, token, {"processes[0].burst": 3})
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "changes.processes[0].burst"


def test_a_token_only_works_for_its_own_scenario(client: Client, srt_slug: str) -> None:
    other = save_scenario(presets.load("rr-q4")).slug
    response = embed_run(client, srt_slug, make_token(other, parse_options(QueryDict(""))), {})
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "token"
    forged = embed_run(client, srt_slug, "eyJzbHVnIjoieCJ9:forged:sig", {})
    assert forged.status_code == 400
    assert "reload the embedded page" in forged.json()["errors"][0]["message"]
    missing = post_json(client, f"/s/{srt_slug}/embed/runs/", {"changes": {}})
    assert missing.json() == {"errors": [
        {"path": "token", "message": "required: the token of the embedded page"}]}


def test_embed_runs_need_no_csrf_token_and_count_against_the_run_budget(
        srt_slug: str, settings: Any) -> None:
    settings.PLAYGROUND_RUNS_PER_MINUTE = 1
    client = Client(enforce_csrf_checks=True)
    token = embed_config(client.get(f"/s/{srt_slug}/embed"))["token"]
    assert embed_run(client, srt_slug, token, {}).status_code == 202
    throttled = embed_run(client, srt_slug, token, {})
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) >= 1


def test_embed_runs_of_an_unknown_slug_are_404(client: Client) -> None:
    response = post_json(client, "/s/aaaaaaaaaa/embed/runs/", {"token": "x", "changes": {}})
    assert response.status_code == 404
    assert client.get("/s/aaaaaaaaaa/embed").status_code == 404


def test_the_shared_page_offers_an_embed_code_that_survives_any_title(client: Client) -> None:
    scenario = presets.load("cpu-srt-four")
    scenario["title"] = 'SRT "live" <demo>'
    slug = save_scenario(scenario).slug
    page = client.get(f"/s/{slug}/").content.decode()
    match = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S)
    assert match
    snippet = html.unescape(match.group(1))  # what the teacher copies
    opts = sign_options(slug, ["answers"], ["policy"], 365)
    assert snippet == (f'<iframe src="http://testserver/s/{slug}/embed?opts={opts}" '
                       'width="100%" height="760" title="SRT &quot;live&quot; &lt;demo&gt;" '
                       'loading="lazy"></iframe>')
    assert f'href="/s/{slug}/worksheet/"' in page
