"""CSRF: anonymous JSON API calls need no token; a logged-in session does."""
from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice() -> User:
    return User.objects.create_user("alice", password="correct horse battery staple")


def csrf_client() -> Client:
    """A client that enforces CSRF as a browser would meet it."""
    return Client(enforce_csrf_checks=True)


def test_anonymous_script_can_post_json_without_a_token(srt_four: dict[str, Any]) -> None:
    response = csrf_client().post("/api/scenarios/", data=json.dumps({"scenario": srt_four}),
                                  content_type="application/json")
    assert response.status_code == 201


def test_logged_in_post_without_token_is_refused_with_json_403(
        alice: User, srt_four: dict[str, Any]) -> None:
    client = csrf_client()
    client.force_login(alice)
    response = client.post("/api/scenarios/", data=json.dumps({"scenario": srt_four}),
                           content_type="application/json")
    assert response.status_code == 403
    [error] = response.json()["errors"]
    assert error["message"].startswith("CSRF check failed")


def test_logged_in_post_with_the_cookie_token_in_the_header_works(
        alice: User, srt_four: dict[str, Any]) -> None:
    client = csrf_client()
    client.force_login(alice)
    # What the page's script does: echo the csrftoken cookie in X-CSRFToken.
    token = "abcdefghijklmnopqrstuvwxyzABCDEF"
    client.cookies["csrftoken"] = token
    response = client.post("/api/scenarios/", data=json.dumps({"scenario": srt_four}),
                           content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_forms_outside_the_api_keep_the_full_check() -> None:
    response = csrf_client().post("/i18n/", {"language": "zh-hans"})
    assert response.status_code == 403
