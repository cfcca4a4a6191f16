"""``POST /api/embeds/``: an instructor signs embed options for a course page.

    POST /api/embeds/  {"slug", "hide": [part], "lock": [part], "days": N}
         -> 201 {"opts", "url", "days"}

Only instructors (of any course) and staff may sign: the options decide
what readers of an embed may change, so a student must not be able to
mint unlocked ones.  The share page's embed code is signed by the server
with fixed options (answers hidden, policies locked).
"""
from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode

from playground.accounts.roles import is_instructor
from playground.studio.api import api_view
from playground.studio.embed import LOCKABLE, MAX_OPTIONS_DAYS, PARTS, sign_options
from playground.studio.models import Scenario
from playground.studio.payloads import ApiError, only_fields, read_json_object


def _parts(body: dict, key: str, allowed: tuple[str, ...]) -> list[str]:
    value = body.get(key, [])
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ApiError.one(400, key, "must be a list of part names")
    unknown = [p for p in value if p not in allowed]
    if unknown:
        raise ApiError.one(400, key, f"unknown part {unknown[0]!r}; the parts are "
                                     f"{', '.join(allowed)}")
    return value


@api_view("POST")
def embeds_create(request: HttpRequest) -> JsonResponse:
    """Sign ``hide``/``lock`` for ``slug`` for ``days`` days (1..365, default 365)."""
    user = request.user
    if not user.is_authenticated:
        raise ApiError.one(401, "", "log in as an instructor to sign embed options")
    if not (user.is_staff or is_instructor(user)):
        raise ApiError.one(403, "", "only instructors can sign embed options")
    body = read_json_object(request)
    only_fields(body, ("slug", "hide", "lock", "days"))
    slug = body.get("slug")
    if not isinstance(slug, str) or not Scenario.objects.filter(slug=slug).exists():
        raise ApiError.one(404, "slug", "no saved scenario has this slug")
    hide, lock = _parts(body, "hide", PARTS), _parts(body, "lock", LOCKABLE)
    days = body.get("days", MAX_OPTIONS_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_OPTIONS_DAYS:
        raise ApiError.one(400, "days", f"must be a whole number from 1 to {MAX_OPTIONS_DAYS}")
    opts = sign_options(slug, hide, lock, days)
    url = request.build_absolute_uri(reverse("studio:embed", args=[slug]))
    return JsonResponse({"opts": opts, "url": f"{url}?{urlencode({'opts': opts})}",
                         "days": days}, status=201)
