"""CSRF for a JSON API that anonymous scripts may call.

Rule: a request to ``/api/`` is CSRF-checked only when it carries an
authenticated session.  Forging a request matters only when the browser
attaches credentials the attacker lacks; an anonymous API call carries
none, so a script may POST JSON without first fetching a token.  Pages,
forms, the admin and ``/i18n/`` keep Django's full check.
"""
from __future__ import annotations

from typing import Any, Callable

from django.http import HttpRequest, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware

API_PREFIX = "/api/"


class ApiCsrfMiddleware(CsrfViewMiddleware):
    """Django's ``CsrfViewMiddleware``, skipped for anonymous ``/api/`` calls."""

    def process_view(self, request: HttpRequest, callback: Callable[..., Any],
                     callback_args: tuple[Any, ...],
                     callback_kwargs: dict[str, Any]) -> HttpResponseBase | None:
        # process_view runs after every middleware's request phase, so
        # request.user (AuthenticationMiddleware) is already there.
        if request.path.startswith(API_PREFIX) and not request.user.is_authenticated:
            return None
        return super().process_view(request, callback, callback_args, callback_kwargs)
