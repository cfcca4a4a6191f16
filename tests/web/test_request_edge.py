"""The request edge: hostile bodies get JSON 400s, every /api/ error is JSON,
the client's address survives a proxy, and a limiter without its store lets
requests through (issues 14 §3-§4, 15 §2)."""
from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest
from django.test import Client, RequestFactory

from playground.studio import ratelimit
from playground.studio.edge import ApiJsonErrorsMiddleware
from tests.stack import free_port

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000

# (what it is, body bytes, Content-Type): each must be a JSON 400 with errors.
HOSTILE_BODIES = [
    ("nesting deeper than Python's recursion limit", ('{"scenario": ' + DEEP + "}").encode(), None),
    ("nesting deeper than the playground's limit", ('{"scenario": ' + "[" * 70 + "]" * 70 + "}").encode(), None),
    ("invalid UTF-8", b'{"scenario": "\xff\xfe"}', None),
    ("a number too large for a float", b'{"scenario": 1e999}', None),
    ("an integer of 5000 digits", b'{"scenario": ' + b"9" * 5000 + b"}", None),
    ("NaN", b'{"scenario": NaN}', None),
    ("an array at the top", b"[1, 2]", None),
    ("a string at the top", b'"scenario"', None),
    ("null", b"null", None),
    ("an empty body", b"", None),
    ("a lone surrogate", b'{"scenario": {"title": "\\ud800"}}', None),
    ("a NUL character", b'{"scenario": {"title": "a\\u0000b"}}', None),
    ("a cross-site form's text/plain", b'{"scenario": {}}', "text/plain"),
    ("a form encoding", b"scenario=1", "application/x-www-form-urlencoded"),
    ("multipart", b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n",
     "multipart/form-data; boundary=x"),
    ("broken multipart", b"--x\r\nnonsense", "multipart/form-data; boundary=x"),
    ("no Content-Type", b'{"scenario": {}}', ""),
]


def post_raw(client: Client, path: str, body: bytes, content_type: str | None) -> Any:
    return client.generic("POST", path, body,
                          content_type="application/json" if content_type is None else content_type)


@pytest.mark.parametrize("endpoint", ["/api/scenarios/", "/api/validate/", "/api/library/call/"])
@pytest.mark.parametrize("what, body, content_type", HOSTILE_BODIES,
                         ids=[case[0] for case in HOSTILE_BODIES])
def test_a_hostile_body_gets_a_json_400_naming_the_problem(
        client: Client, endpoint: str, what: str, body: bytes, content_type: str | None) -> None:
    response = post_raw(client, endpoint, body, content_type)
    assert response.status_code == 400, (what, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert errors and all({"path", "message"} <= set(e) for e in errors)


def test_the_deepest_allowed_error_names_the_path_where_it_got_too_deep(client: Client) -> None:
    body = '{"scenario": {"processes": ' + "[" * 70 + "]" * 70 + "}}"
    response = post_raw(client, "/api/validate/", body.encode(), None)
    [error] = response.json()["errors"]
    assert error["path"].startswith("scenario.processes[0][0]")
    assert "nested deeper than 64" in error["message"]


def test_text_plain_is_refused_so_a_cross_site_form_cannot_post_json(client: Client) -> None:
    response = post_raw(client, "/api/scenarios/", b'{"scenario": {}}', "text/plain")
    [error] = response.json()["errors"]
    assert error == {"path": "", "message": "the Content-Type must be application/json, "
                                            "got text/plain",
                     "message_key": "web.body.content_type", "message_args": {"value": "text/plain"}}


def test_json_with_a_charset_is_read(client: Client) -> None:
    response = post_raw(client, "/api/validate/", b'{"scenario": {}}',
                        "application/json; charset=utf-8")
    assert response.status_code == 400  # an empty scenario: the engine's errors, with paths
    assert all(e["path"] for e in response.json()["errors"])


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/api/no-such-thing/", 404),
    ("GET", "/api/scenarios/", 405),
    ("DELETE", "/api/runs/", 405),
    ("POST", "/api/me/", 405),
])
def test_api_errors_are_json_whatever_the_status(client: Client, method: str, path: str,
                                                 status: int) -> None:
    response = client.generic(method, path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["message"]


def _failing_view(request: HttpRequest) -> Any:
    raise RuntimeError("the database fell over")


def test_a_crash_under_api_answers_json_500_and_elsewhere_the_page() -> None:
    # Django turns the exception into its 500 page; the edge turns that into JSON.
    handler = ApiJsonErrorsMiddleware(convert_exception_to_response(_failing_view))
    api = handler(RequestFactory().post("/api/runs/"))
    assert api.status_code == 500
    assert json.loads(api.content)["errors"][0]["message"].startswith("internal error")
    page = handler(RequestFactory().get("/build/"))
    assert page.status_code == 500
    assert not page["Content-Type"].startswith("application/json")


def test_the_retry_after_header_survives_the_rewrite() -> None:
    from django.http import HttpResponse

    def busy(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("<h1>busy</h1>", status=503)
        response["Retry-After"] = "5"
        return response

    response = ApiJsonErrorsMiddleware(busy)(RequestFactory().get("/api/runs/x/"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "errors" in json.loads(response.content)


# --- The client's address behind proxies -----------------------------------

def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings: Any) -> None:
    settings.PLAYGROUND_TRUSTED_PROXIES = 0
    assert ratelimit.address_from("10.0.0.9", "1.2.3.4") == "10.0.0.9"


def test_behind_one_proxy_the_right_most_address_is_the_client(settings: Any) -> None:
    # nginx's $proxy_add_x_forwarded_for appends the address it saw to
    # whatever the visitor sent: only the last entry is nginx's own word.
    settings.PLAYGROUND_TRUSTED_PROXIES = 1
    assert ratelimit.address_from("127.0.0.1", "6.6.6.6, 5.5.5.5, 203.0.113.7") == "203.0.113.7"


def test_behind_two_proxies_the_second_from_the_right_is_the_client(settings: Any) -> None:
    settings.PLAYGROUND_TRUSTED_PROXIES = 2
    assert ratelimit.address_from("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2") == "203.0.113.7"


def test_a_visitor_forging_the_header_still_spends_their_own_budget(client: Client,
                                                                     settings: Any) -> None:
    settings.PLAYGROUND_TRUSTED_PROXIES = 1
    settings.PLAYGROUND_RUNS_PER_MINUTE = 2
    statuses = [client.post("/api/library/call/", data="{}", content_type="application/json",
                            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 198.51.100.1").status_code
                for n in range(4)]
    assert statuses[-1] == 429


def test_websocket_scopes_read_the_same_address(settings: Any) -> None:
    settings.PLAYGROUND_TRUSTED_PROXIES = 1
    scope = {"client": ("127.0.0.1", 5000),
             "headers": [(b"x-forwarded-for", b"6.6.6.6, 203.0.113.7")]}
    assert ratelimit.scope_address(scope) == "203.0.113.7"


# --- A limiter without its store ---------------------------------------------

@pytest.fixture
def redis_nowhere(settings: Any) -> None:
    """The cache on a port where nothing listens, as when Redis is down."""
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}


def test_a_limiter_that_cannot_reach_its_store_lets_the_request_through(
        redis_nowhere: None, caplog: pytest.LogCaptureFixture) -> None:
    assert all(ratelimit.spend("runs", "10.0.0.1", 1) is None for _ in range(3))
    assert "store is unreachable" in caplog.text


def test_logged_in_users_are_counted_per_account_not_per_address(settings: Any) -> None:
    from django.contrib.auth import get_user_model

    settings.PLAYGROUND_RUNS_PER_MINUTE = 2
    User = get_user_model()
    statuses = []
    for name in ("ada", "grace", "barbara"):  # one school address, three accounts
        client = Client(REMOTE_ADDR="203.0.113.10")
        client.force_login(User.objects.create_user(name, password="x" * 20))
        token = client.get("/build/").cookies["csrftoken"].value
        statuses.append([client.post("/api/library/call/", data="{}", content_type="application/json",
                                     HTTP_X_CSRFTOKEN=token).status_code for _ in range(3)])
    assert statuses == [[400, 400, 429]] * 3
    over = client.post("/api/library/call/", data="{}", content_type="application/json",
                       HTTP_X_CSRFTOKEN=token)
    assert "from your account" in over.json()["errors"][0]["message"]
