"""HTML pages: which template, what context, the json_script data, 404s."""
from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from kernel_engine import library, presets, registry
from playground.studio.models import Run, RunStatus
from tests.web.helpers import post_json

pytestmark = pytest.mark.django_db


def template_names(response: Any) -> list[str]:
    return [t.name for t in response.templates]


def json_script(response: Any, element_id: str) -> Any:
    """The value a page hands to its scripts under ``element_id``."""
    match = re.search(
        rf'<script id="{re.escape(element_id)}" type="application/json">(.*?)</script>',
        response.content.decode(), re.S)
    assert match, f"no json_script with id {element_id!r}"
    return json.loads(match.group(1))


def test_home_shows_the_preset_gallery(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "studio/home.html" in template_names(response)
    assert response.context["catalog"] == presets.catalog()
    assert "csrftoken" in response.cookies


def test_builder_hands_policies_and_library_to_its_scripts(client: Client) -> None:
    response = client.get("/build/")
    assert response.status_code == 200
    assert "studio/builder.html" in template_names(response)
    # The registry's entries, with a docstring's ``setting`` markup shown plain in the help.
    expected = {kind: [{**p, "help": p["help"].replace("``", "")} for p in registry.describe(kind)]
                for kind in ("cpu", "memory", "io")}
    assert json_script(response, "policies") == expected
    assert json_script(response, "library-functions") == json.loads(
        json.dumps(library.functions()))
    assert json_script(response, "initial-scenario") is None
    assert json_script(response, "autorun") is False


def test_builder_loads_a_preset_and_runs_it_on_request(client: Client) -> None:
    name = presets.names()[0]
    response = client.get(f"/build/?preset={name}&run=1")
    assert json_script(response, "initial-scenario") == presets.load(name)
    assert json_script(response, "autorun") is True


def test_builder_does_not_autorun_without_a_scenario(client: Client) -> None:
    assert json_script(client.get("/build/?run=1"), "autorun") is False


def test_builder_forks_a_saved_scenario(client: Client, srt_four: dict[str, Any]) -> None:
    slug = post_json(client, "/api/scenarios/", {"scenario": srt_four}).json()["slug"]
    response = client.get(f"/build/?fork={slug}")
    assert json_script(response, "initial-scenario") == srt_four
    assert json_script(response, "autorun") is False


def test_builder_with_an_unknown_preset_is_a_404_page(client: Client) -> None:
    response = client.get("/build/?preset=no-such-preset")
    assert response.status_code == 404
    assert "404.html" in template_names(response)


def test_shared_page_shows_the_saved_scenario(client: Client, srt_four: dict[str, Any]) -> None:
    slug = post_json(client, "/api/scenarios/", {"scenario": srt_four}).json()["slug"]
    response = client.get(f"/s/{slug}/")
    assert response.status_code == 200
    assert "studio/shared.html" in template_names(response)
    assert response.context["slug"] == slug
    assert response.context["title"] == srt_four["title"]
    assert response.context["share_url"] == f"http://testserver/s/{slug}/"
    assert response.context["json_url"] == f"/s/{slug}.json"
    assert json_script(response, "scenario") == srt_four


def test_a_script_tag_in_a_title_is_escaped_on_the_shared_page(
        client: Client, srt_four: dict[str, Any]) -> None:
    srt_four["title"] = "<script>alert('pwned')</script>"
    slug = post_json(client, "/api/scenarios/", {"scenario": srt_four}).json()["slug"]
    html = client.get(f"/s/{slug}/").content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html


def test_unknown_slug_is_the_html_404_page(client: Client) -> None:
    response = client.get("/s/aaaaaaaaaa/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "404.html" in template_names(response)
    assert 'href="/"' in response.content.decode()


def test_unknown_page_is_the_html_404_page(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "404.html" in template_names(response)


def test_run_page_hands_run_info_and_scenario_to_its_scripts(
        client: Client, srt_four: dict[str, Any]) -> None:
    run = Run.objects.create(scenario_json=json.dumps(srt_four), status=RunStatus.RUNNING)
    response = client.get(f"/runs/{run.id}/")
    assert response.status_code == 200
    assert "studio/run.html" in template_names(response)
    assert json_script(response, "run-info") == {
        "id": run.id, "status": "running", "ws": f"/ws/runs/{run.id}/"}
    assert json_script(response, "scenario") == srt_four


def test_unknown_run_page_is_the_html_404_page(client: Client) -> None:
    response = client.get("/runs/nosuchrun/")
    assert response.status_code == 404
    assert "404.html" in template_names(response)


def test_the_javascript_catalog_is_served(client: Client) -> None:
    response = client.get("/jsi18n/")
    assert response.status_code == 200
    assert "gettext" in response.content.decode()
