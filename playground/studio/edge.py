"""Middleware at the request edge: JSON errors under /api/, the Content-Security-Policy.

``ApiJsonErrorsMiddleware`` sits first in ``MIDDLEWARE`` so it sees every
response, including the ones Django makes from an exception raised in any
inner middleware or view (400 from a bad Host header, 404, 405, 500): under
``/api/`` none of them may reach a script as an HTML page.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, JsonResponse

log = logging.getLogger(__name__)

API_PREFIX = "/api/"

# Headers an error keeps when its body is replaced.
_KEPT_HEADERS = ("Allow", "Retry-After", "Vary", "Content-Language",
                 "Strict-Transport-Security", "Content-Security-Policy")

_MESSAGES = {
    400: "bad request",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "the request body is too large",
    500: "internal error: the server failed to answer this request",
    502: "bad gateway",
    503: "the service is unavailable for a moment; try again",
}

Handler = Callable[[HttpRequest], HttpResponseBase]


def is_json(response: HttpResponseBase) -> bool:
    """Whether ``response`` already carries JSON."""
    return (response.get("Content-Type") or "").startswith("application/json")


def json_error(status: int, message: str) -> JsonResponse:
    """``{"errors": [{"path": "", "message"}]}`` with ``status``."""
    return JsonResponse({"errors": [{"path": "", "message": message}]}, status=status)


class ApiJsonErrorsMiddleware:
    """Rewrite every non-JSON error answer under ``/api/`` as the API's JSON error."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (response.status_code < 400 or not request.path.startswith(API_PREFIX)
                or is_json(response)):
            return response
        status = response.status_code
        message = _MESSAGES.get(status) or f"the request failed (HTTP {status})"
        if status == 404:
            message = f"no API endpoint at {request.path}"
        elif status == 405:
            message = f"{request.method} is not allowed here"
        replaced = json_error(status, message)
        for name in _KEPT_HEADERS:
            if name in response:
                replaced[name] = response[name]
        return replaced


class ContentSecurityPolicyMiddleware:
    """Send ``PLAYGROUND_CONTENT_SECURITY_POLICY`` on every HTML page (empty: none).

    The pages load scripts only from the site's own files (no inline script,
    no ``on...=`` handler), so ``script-src 'self'`` stops injected script.
    """

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy = settings.PLAYGROUND_CONTENT_SECURITY_POLICY
        if not policy:
            return response
        existing = response.get("Content-Security-Policy")
        if existing is None:
            response["Content-Security-Policy"] = policy
        elif "script-src" not in existing:
            # A view's own directives (the embed's frame-ancestors) plus ours.
            response["Content-Security-Policy"] = f"{existing}; {policy}"
        return response


def leave_request_bodies_to_django() -> None:
    """Stop Twisted (under Daphne) from parsing form bodies itself.

    Twisted parses every ``multipart/form-data`` and urlencoded POST into
    its own ``request.args``, which Daphne never reads, and answers a body
    it cannot parse with an empty 400 and a closed connection, before
    Django (and so the JSON errors of ``/api/``) ever sees the request.
    Django parses forms itself, with its own limits.  Harmless when not
    running under Daphne.
    """
    try:
        from daphne.http_protocol import WebRequest
    except ImportError:  # pragma: no cover - served by another ASGI server
        return
    if getattr(WebRequest, "_playground_forms_left_to_django", False):
        return
    original = WebRequest.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("parsePOSTFormSubmission", False)
        original(self, *args, **kwargs)

    WebRequest.__init__ = __init__  # type: ignore[method-assign]
    WebRequest._playground_forms_left_to_django = True  # type: ignore[attr-defined]
