"""Reading JSON request bodies at the edge, and the API's error payloads.

Every API error has one shape: ``{"errors": [{"path", "message"}]}`` where
``path`` is a JSON path into what the client sent ("" for the body as a
whole).  Views raise ``ApiError`` and ``api.py`` turns it into a response.
A message made as data (``kernel_engine.i18n``) also carries its
``message_key`` and ``message_args``, so that a page renders it in its
language (docs/i18n.md).
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse

from kernel_engine.errors import Problem
from kernel_engine.i18n import define, gettext_noop

BODY_TOO_BIG = define("web.body.too_big", gettext_noop("the request body is larger than {n} KB"))
NOT_JSON_TYPE = define("web.body.content_type", gettext_noop(
    "the Content-Type must be application/json, got {value}"))
EMPTY_BODY = define("web.json.empty", gettext_noop("invalid JSON: the body is empty"))
INVALID_JSON = define("web.json.invalid", gettext_noop("invalid JSON: {detail}"))
BODY_NOT_OBJECT = define("web.body.object", gettext_noop("the body must be a JSON object, got {value}"))
SCENARIO_REQUIRED = define("web.scenario.required", gettext_noop("required: the scenario to use, a JSON object"))
#: The 429 of ``rate_limit``, by (what is counted, who is counted).
TOO_MANY = {
    ("runs", "your address"): define("web.rate.runs.address", gettext_noop(
        "too many runs from your address; try again in {n} s")),
    ("runs", "your account"): define("web.rate.runs.account", gettext_noop(
        "too many runs from your account; try again in {n} s")),
    ("library calls", "your address"): define("web.rate.library.address", gettext_noop(
        "too many library calls from your address; try again in {n} s")),
    ("library calls", "your account"): define("web.rate.library.account", gettext_noop(
        "too many library calls from your account; try again in {n} s")),
    ("saved scenarios", "your address"): define("web.rate.saves.address", gettext_noop(
        "too many saved scenarios from your address; try again in {n} s")),
    ("saved scenarios", "your account"): define("web.rate.saves.account", gettext_noop(
        "too many saved scenarios from your account; try again in {n} s")),
}


def problem(path: str, message: str) -> dict[str, Any]:
    """``{"path", "message"}`` (with ``message_key``/``message_args`` for a message made as data)."""
    return Problem(path, message).as_dict()


class ApiError(Exception):
    """An answer other than success: an HTTP status and a list of problems."""

    def __init__(self, status: int, errors: list[dict[str, str]],
                 headers: dict[str, str] | None = None):
        super().__init__(f"{status}: {errors}")
        self.status = status
        self.errors = errors
        self.headers = headers or {}

    @classmethod
    def one(cls, status: int, path: str, message: str, **headers: str) -> ApiError:
        """An error with a single problem."""
        return cls(status, [problem(path, message)], headers)

    def response(self) -> JsonResponse:
        """The JSON response that reports this error."""
        response = JsonResponse({"errors": self.errors}, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


def _too_big(limit: int) -> ApiError:
    return ApiError.one(413, "", BODY_TOO_BIG.say(n=limit // 1024))


# Deeper JSON than this is refused: no scenario needs more than a handful of
# levels, and recursive code downstream must never meet Python's limit.
MAX_JSON_DEPTH = 64

JSON_MEDIA_TYPE = "application/json"


def read_json_object(request: HttpRequest) -> dict[str, Any]:
    """The request body parsed as a JSON object.

    Raises ``ApiError`` 413 when the body is over
    ``PLAYGROUND_MAX_BODY_BYTES`` (checked on Content-Length before reading,
    and again on what was read), 400 when the Content-Type is not
    ``application/json`` (so a cross-site form cannot post it), when it is
    not UTF-8 JSON, not an object, nested deeper than ``MAX_JSON_DEPTH``, or
    holds a number JSON cannot carry or a string that is not text.
    """
    media_type = (request.META.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    if media_type != JSON_MEDIA_TYPE:
        raise ApiError.one(400, "", NOT_JSON_TYPE.say(value=media_type or "none"))
    limit = settings.PLAYGROUND_MAX_BODY_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ApiError.one(400, "", "the Content-Length header is not a number") from None
    if declared > limit:
        raise _too_big(limit)
    try:
        raw = request.body
    except RequestDataTooBig:
        raise _too_big(limit) from None
    if len(raw) > limit:
        raise _too_big(limit)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError.one(400, "", INVALID_JSON.say(detail=f"the body is not UTF-8 ({exc.reason})")) from None
    if not text.strip():
        raise ApiError.one(400, "", EMPTY_BODY.say())
    try:
        body = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise ApiError.one(
            400, "", INVALID_JSON.say(detail=f"{exc.msg} at line {exc.lineno} column {exc.colno}")
        ) from None
    except RecursionError:
        raise ApiError.one(400, "", INVALID_JSON.say(detail=f"nested deeper than {MAX_JSON_DEPTH} "
                                                            "levels")) from None
    except ValueError as exc:  # NaN, 1e999, an integer of more than 4300 digits
        raise ApiError.one(400, "", INVALID_JSON.say(detail=str(exc))) from None
    if not isinstance(body, dict):
        raise ApiError.one(400, "", BODY_NOT_OBJECT.say(value=_kind(body)))
    _check_values(body)
    return body


def loads_json_text(text: str) -> Any:
    """``text`` parsed as JSON with the API's rules, for JSON typed into a form.

    Raises ``json.JSONDecodeError`` when it is not JSON; ``ValueError``
    (with a readable message) for NaN, Infinity, a number too large or
    nesting deep enough to overflow the parser; ``ApiError`` 400 with the
    value's path for nesting over ``MAX_JSON_DEPTH``, NUL or a lone surrogate.
    """
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
    _check_values(value)
    return value


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def _check_values(body: dict[str, Any]) -> None:
    """Refuse nesting over ``MAX_JSON_DEPTH`` and strings that are not storable text.

    Iterative, so that checking cannot itself overflow the stack.  A string
    with a lone surrogate (``"\\ud800"``) cannot be written as UTF-8, and NUL
    cannot be stored by PostgreSQL: both are refused with their path.
    """
    pending: list[tuple[Any, str, int]] = [(body, "", 1)]
    while pending:
        value, path, depth = pending.pop()
        if isinstance(value, str):
            _check_text(value, path)
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > MAX_JSON_DEPTH:
            raise ApiError.one(400, path, f"nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(value, dict):
            for key, item in value.items():
                inner = f"{path}.{key}" if path else key
                _check_text(key, inner)
                pending.append((item, inner, depth + 1))
        else:
            pending.extend((item, f"{path}[{index}]", depth + 1)
                           for index, item in enumerate(value))


def _check_text(text: str, path: str) -> None:
    if "\x00" in text:
        raise ApiError.one(400, path, "a string holds the character NUL (\\u0000)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError.one(400, path, "a string holds a lone surrogate (\\ud800-\\udfff), "
                                      "which is not text") from None


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN and Infinity; JSON does not.
    raise ValueError(f"{name} is not valid JSON")


def _kind(value: Any) -> str:
    """A JSON type name for messages: object, array, string, ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def only_fields(body: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Raise 400 naming every field of ``body`` that is not in ``allowed``."""
    expected = ", ".join(repr(a) for a in allowed)
    unknown = [key for key in body if key not in allowed]
    if unknown:
        raise ApiError(400, [
            {"path": key, "message": f"unknown field; expected {expected}"} for key in unknown
        ])


def scenario_field(body: dict[str, Any]) -> dict[str, Any]:
    """``body["scenario"]``, which must be a JSON object."""
    if "scenario" not in body:
        raise ApiError.one(400, "scenario", SCENARIO_REQUIRED.say())
    scenario = body["scenario"]
    if not isinstance(scenario, dict):
        raise ApiError.one(400, "scenario", f"must be a JSON object, got {_kind(scenario)}")
    return scenario


def rate_limit(request: "HttpRequest", bucket: str, per_minute: int, what: str) -> None:
    """Count one request of this client in ``bucket``; 429 with Retry-After when over.

    The client is the account when logged in, else the address
    (``ratelimit.client_key``).  ``what`` names the requests in the message
    ("runs", "library calls").
    """
    from playground.studio import ratelimit

    key = ratelimit.client_key(request)
    retry_after = ratelimit.spend(bucket, key, per_minute)
    if retry_after is not None:
        who = "your account" if key.startswith("user:") else "your address"
        message = (TOO_MANY[what, who].say(n=retry_after) if (what, who) in TOO_MANY
                   else f"too many {what} from {who}; try again in {retry_after} s")
        raise ApiError.one(429, "", message, **{"Retry-After": str(retry_after)})


# A query string's whole number: ASCII digits only ("²".isdigit() is true but
# int("²") fails), and at most 15 of them, so any database's integer column
# holds it (a longer one overflows SQLite's 64 bits).
QUERY_WHOLE = re.compile(r"[0-9]{1,15}")


def query_whole(value: str | None, max_digits: int = 15) -> int | None:
    """``value`` read as a whole number of 1 to ``max_digits`` ASCII digits, else None."""
    if value is None or len(value) > max_digits or not QUERY_WHOLE.fullmatch(value):
        return None
    return int(value)
