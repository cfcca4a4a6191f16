"""Embed locks and hides that hold against the reader: signed, expiring
options; no unlocking by editing the address; hidden parts out of the page
and out of the run answer (issue 14 §5)."""
from __future__ import annotations

import time
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from kernel_engine import presets
from playground.studio.embed import sign_options
from playground.studio.models import Run
from playground.studio.services import save_scenario
from tests.web.helpers import post_json
from tests.web.people import People, people  # noqa: F401  (fixture)
from tests.web.test_share_embed import control, embed_config, embed_run, signed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_worker() -> Any:
    with mock.patch("playground.studio.services.run_scenario.delay") as delay:
        yield delay


@pytest.fixture
def riddle() -> str:
    """A scenario whose description holds the answer, as teachers write them."""
    scenario = presets.load("cpu-srt-four")
    scenario["description"] = "ANSWER: the average wait is 6.5"
    return save_scenario(scenario).slug


def test_an_embed_without_signed_options_unlocks_nothing(client: Client, riddle: str) -> None:
    response = client.get(f"/s/{riddle}/embed")
    page = response.content.decode()
    assert " disabled" in control(page, "cpu.policy")
    assert " disabled" in control(page, "processes[1].burst")
    token = embed_config(response)["token"]
    body = embed_run(client, riddle, token, {"cpu.policy": "fcfs", "processes[1].burst": 1}).json()
    assert body["applied"] == [] and body["ignored"] == ["cpu.policy", "processes[1].burst"]


def test_dropping_lock_from_the_address_does_not_unlock(client: Client, riddle: str) -> None:
    # The author signed lock=policy; the reader edits the address to add
    # nothing (or any lock= of their own): policy stays locked.
    page = client.get(f"/s/{riddle}/embed?{signed(riddle, lock=('policy',))}").content.decode()
    assert " disabled" in control(page, "cpu.policy")
    assert " disabled" not in control(page, "processes[1].burst")
    # Unsigned options only take more away.
    more = client.get(f"/s/{riddle}/embed?{signed(riddle, lock=('policy',))}&lock=builder")
    assert " disabled" in control(more.content.decode(), "processes[1].burst")


def test_a_hidden_description_is_neither_in_the_page_nor_in_the_run_answer(
        client: Client, riddle: str) -> None:
    response = client.get(f"/s/{riddle}/embed?{signed(riddle, hide=('description', 'answers'))}")
    assert "ANSWER" not in response.content.decode()
    # The run the page starts answers with the scenario minus the hidden part.
    body = embed_run(client, riddle, embed_config(response)["token"], {}).json()
    assert "description" not in body["scenario"]
    assert Run.objects.get(id=body["id"]).scenario_dict()["description"].startswith("ANSWER")


def test_an_unsigned_hide_also_leaves_the_part_out(client: Client, riddle: str) -> None:
    response = client.get(f"/s/{riddle}/embed?hide=description")
    assert "ANSWER" not in response.content.decode()


@pytest.mark.parametrize("opts, message", [
    ("forged:token", "were not signed by this server"),
    ("OTHER", "belong to another scenario"),
    ("EXPIRED", "have expired"),
])
def test_bad_signed_options_are_explained_on_the_page(client: Client, riddle: str, opts: str,
                                                      message: str) -> None:
    if opts == "OTHER":
        opts = sign_options(save_scenario(presets.load("rr-q4")).slug, [], [], 30)
    elif opts == "EXPIRED":
        opts = sign_options(riddle, [], [], 1, now=time.time() - 3 * 86400)
    response = client.get(f"/s/{riddle}/embed?opts={opts}")
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("who, status", [
    ("anonymous", 401), ("bob", 403), ("frank", 403), ("alice", 201), ("erin", 201),
])
def test_only_instructors_sign_embed_options(people: People, riddle: str, who: str,
                                             status: int) -> None:
    client = Client()
    if who != "anonymous":
        client.force_login(people.by_name(who))
    response = post_json(client, "/api/embeds/", {"slug": riddle, "hide": ["answers"],
                                                  "lock": ["builder"], "days": 7})
    assert response.status_code == status
    if status == 201:
        url = response.json()["url"]
        page = Client().get(url.replace("http://testserver", "")).content.decode()
        assert " disabled" in control(page, "processes[0].burst")
        assert " disabled" not in control(page, "cpu.policy")


def test_signing_checks_its_input(people: People, riddle: str) -> None:
    client = Client()
    client.force_login(people.alice)
    bad = post_json(client, "/api/embeds/", {"slug": riddle, "lock": ["answers"], "days": 0})
    assert bad.status_code == 400 and bad.json()["errors"][0]["path"] == "lock"
    days = post_json(client, "/api/embeds/", {"slug": riddle, "days": 1000})
    assert days.status_code == 400 and days.json()["errors"][0]["path"] == "days"
    missing = post_json(client, "/api/embeds/", {"slug": "aaaaaaaaaa"})
    assert missing.status_code == 404
