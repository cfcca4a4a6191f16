"""/s/<slug>/ links to the classroom: "Start a live session" for instructors,
"Practice with checkpoints" for everyone when the scenario has checkpoints."""
from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from playground.studio.services import save_scenario
from tests.web.people import People, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

# docs/classroom.md's example: stop before t = 5 and t = 10 of the textbook SRT workload.
CHECKPOINTS = [
    {"t": 5, "kind": "next_process", "prompt": "Which process runs at t = 5?"},
    {"t": 10, "kind": "queue", "prompt": "What is in the ready queue at t = 10?"},
]


@pytest.fixture
def plain_slug(srt_four: dict[str, Any]) -> str:
    return save_scenario(srt_four).slug


@pytest.fixture
def checkpoint_slug(srt_four: dict[str, Any]) -> str:
    return save_scenario({**srt_four, "checkpoints": CHECKPOINTS}).slug


def link(client: Client, slug: str, part: str) -> str | None:
    """The href of the shared page's link marked data-part=``part``, or None if the page has none."""
    response = client.get(f"/s/{slug}/")
    assert response.status_code == 200
    match = re.search(rf'<a [^>]*data-part="{part}" href="([^"]*)"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


def log_in(client: Client, people: People, who: str) -> None:
    user = people.by_name(who)
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("who", ["alice", "dave", "erin"])
def test_an_instructor_or_admin_may_start_a_live_session_from_a_shared_scenario(
        client: Client, people: People, plain_slug: str, who: str) -> None:
    log_in(client, people, who)
    assert link(client, plain_slug, "start-session") == f"/sessions/new/?slug={plain_slug}"


@pytest.mark.parametrize("who", ["anonymous", "bob", "frank"])
def test_students_strangers_and_visitors_see_no_live_session_link(
        client: Client, people: People, plain_slug: str, who: str) -> None:
    log_in(client, people, who)
    assert link(client, plain_slug, "start-session") is None
    assert "Start a live session" not in client.get(f"/s/{plain_slug}/").content.decode()


def test_the_live_session_link_opens_the_session_form_on_that_scenario(
        client: Client, people: People, plain_slug: str) -> None:
    client.force_login(people.alice)
    href = link(client, plain_slug, "start-session")
    assert href is not None
    form = client.get(href)
    assert form.status_code == 200
    assert re.search(rf'<input [^>]*name="slug"[^>]*value="{plain_slug}"', form.content.decode())


@pytest.mark.parametrize("who", ["anonymous", "bob", "alice"])
def test_a_scenario_with_checkpoints_links_everyone_to_its_practice_page(
        client: Client, people: People, checkpoint_slug: str, who: str) -> None:
    log_in(client, people, who)
    href = link(client, checkpoint_slug, "practice")
    assert href == f"/practice/{checkpoint_slug}/"
    practice = client.get(href)
    assert practice.status_code == 200
    assert "Which process runs at t = 5?" in html.unescape(practice.content.decode())


def test_a_scenario_without_checkpoints_has_no_practice_link(client: Client, plain_slug: str) -> None:
    assert link(client, plain_slug, "practice") is None
    assert "Practice with checkpoints" not in client.get(f"/s/{plain_slug}/").content.decode()


def test_an_empty_checkpoint_list_is_no_reason_to_practice(client: Client, srt_four: dict[str, Any]) -> None:
    slug = save_scenario({**srt_four, "checkpoints": []}).slug
    assert link(client, slug, "practice") is None
