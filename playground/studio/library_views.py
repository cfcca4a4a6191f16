"""The function library page (``/library/``) and its JSON endpoint.

``GET /library/`` (optionally ``?fn=math.inverse``) lists every function of
``kernel_engine.library`` with a form per function, pre-filled with the
library's example.  The page data is written with ``json_script`` under the
ids "library-functions" (``library.functions()``) and "library-selected"
(the function to open first).

``POST /api/library/call/`` ``{"fn", "args", "seed"}`` runs one call:

- 200 ``{"fn", "seed", "value", "ticks", "error"}``: the engine's
  ``CallResult``; ``error`` is a sentence when the call could not compute
  a value (a singular matrix), as ``python -m kernel_engine call`` prints it;
- 400 ``{"errors": [{"path", "message"}]}``: the body, the function name
  or the arguments are wrong (paths ``fn``, ``args.a[1]``, ``seed``);
- 413 over ``PLAYGROUND_MAX_BODY_BYTES``; 429 (with ``Retry-After``) over
  ``PLAYGROUND_RUNS_PER_MINUTE`` calls per client address per minute, counted
  apart from runs.

The call runs in this process under a work bound (``library_budget.py``
explains why that is safe, and adds the one bound the library lacks: 400 at
``args.epochs`` for too many ``nn.train`` epochs x layers), so one call costs
at most a fraction of a second of this process's time.
"""
from __future__ import annotations

from typing import Any

import numpy
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from kernel_engine import library
from kernel_engine.i18n import define, gettext_noop
from kernel_engine.scenario.fields import MAX_SEED
from playground.studio.api import api_view
from playground.studio.library_budget import call_problems
# _kind names a JSON value's type the way every other API error does ("got an array").
from playground.studio.payloads import ApiError, _kind, only_fields, problem, rate_limit, read_json_object

#: Fields of a call request.
CALL_FIELDS = ("fn", "args", "seed")

REFERENCE_HERE = define("web.library.reference", gettext_noop(
    "a reference to an earlier call only works inside a scenario's program; write the value itself here"))


@require_GET
@ensure_csrf_cookie
def library_page(request: HttpRequest) -> HttpResponse:
    """Every library function with a form to call it; ``?fn=`` opens one (404 if unknown)."""
    functions = library.functions()
    names = [f["name"] for f in functions]
    selected = request.GET.get("fn") or names[0]
    if selected not in names:
        raise Http404(_("The library has no function named “%(name)s”.") % {"name": selected})
    context = {"functions": functions, "selected": selected, "families": _families(functions)}
    return render(request, "studio/library.html", context)


def _families(functions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The functions grouped by the part of their name before the dot, in library order."""
    labels = {"math": _("Matrices and random numbers"), "text": _("Text"), "nn": _("Neural networks")}
    families: dict[str, dict[str, Any]] = {}
    for function in functions:
        key = function["name"].split(".", 1)[0]
        family = families.setdefault(key, {"key": key, "label": labels.get(key, key), "functions": []})
        family["functions"].append(function)
    return list(families.values())


def _read_fn(body: dict[str, Any]) -> str:
    if "fn" not in body:
        raise ApiError.one(400, "fn", 'required: the function to call, e.g. "math.matmul"')
    fn = body["fn"]
    if not isinstance(fn, str) or not fn:
        raise ApiError.one(400, "fn", f'must be a function name like "math.matmul", got {_kind(fn)}')
    return fn


def _read_seed(body: dict[str, Any]) -> int:
    seed = body.get("seed", 0)
    # bool is an int in Python; true is not a seed.
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ApiError.one(400, "seed", f"must be a whole number from 0 to {MAX_SEED}, got {_kind(seed)}")
    if not 0 <= seed <= MAX_SEED:
        raise ApiError.one(400, "seed", f"must be a whole number from 0 to {MAX_SEED}, got {seed}")
    return seed


def _reference_paths(value: Any, path: str) -> list[str]:
    """Paths of every ``{"$ref": ...}`` inside ``value``.

    A reference names the value of an earlier call in a scenario; a call made
    on its own has no earlier calls, so a reference here is a mistake.
    """
    if isinstance(value, dict):
        if "$ref" in value:
            return [path]
        return [p for k, v in value.items() for p in _reference_paths(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _reference_paths(v, f"{path}[{i}]")]
    return []


def _check_args(fn: str, args: Any) -> None:
    """Raise 400 with every problem of calling ``fn`` with ``args``."""
    problems = [p.as_dict() for p in library.check_call(fn, args, "")]
    if not problems and isinstance(args, dict):
        problems = [problem(path, REFERENCE_HERE.say()) for path in _reference_paths(args, "args")]
    if not problems and isinstance(args, dict):
        problems = call_problems(fn, args)
    if problems:
        raise ApiError(400, problems)


@api_view("POST")
def library_call(request: HttpRequest) -> JsonResponse:
    """``{"fn", "args", "seed"}`` -> 200 ``{"fn", "seed", "value", "ticks", "error"}``."""
    rate_limit(request, "library", settings.PLAYGROUND_RUNS_PER_MINUTE, "library calls")
    body = read_json_object(request)
    only_fields(body, CALL_FIELDS)
    fn = _read_fn(body)
    args = body.get("args", {})
    seed = _read_seed(body)
    _check_args(fn, args)
    result = library.call(fn, args, numpy.random.default_rng(seed))
    return JsonResponse({"fn": fn, "seed": seed, **result.as_dict()})
