"""The translations of the engine's sentences, for the browser (translate.js).

``GET /i18n/reasons/<lang>.json`` answers with everything translate.js needs
to turn an engine sentence ("SRT: P2 preempts P1: 4 ticks left < 7") into
the language ``lang``::

    {"language": "zh-hans",
     "patterns": {"number": "...", ...},        # what each kind of placeholder matches
     "placeholders": {"n": "number", ...},       # placeholder name -> kind
     "templates": [["{who} arrives", "{who} 到达"], ...]}   # most specific first

The templates are kernel_engine/reasons.py's, plus the few sentences the
playground itself writes about a scenario or a run (``WEB_MESSAGES``).
Their translations come from Django's catalogs (locale/<lang>/LC_MESSAGES/
django.po), so one ``makemessages`` finds them and one .po file holds them.
A template without a translation is sent with an empty string: the browser
then keeps the English sentence.  An unknown language is a 404.
"""
from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from kernel_engine import reasons

#: Sentences the playground (not the engine) writes into validation errors,
#: failed runs and refused requests that a page shows: playground/studio/
#: limits.py, payloads.py, tasks.py, services.py, api.py, library_views.py,
#: library_budget.py and embed.py.  Each must be written exactly as there, placeholders aside.
WEB_MESSAGES = (
    gettext_noop("the playground runs at most {n} processes, this scenario has {m}"),
    gettext_noop("the playground runs at most {n} ops and disk requests in all, this scenario "
                 "has {m}"),
    gettext_noop("the playground runs at most {n} ticks, got {m}"),
    gettext_noop("the scenario is invalid: {problem}"),
    gettext_noop("the run made more than {n} steps, the playground's limit for one run; make "
                 "the workload smaller"),
    gettext_noop("the simulation stopped with an internal error ({detail})"),
    gettext_noop("the request body is larger than {n} KB"),
    gettext_noop("invalid JSON: the body is empty"),
    gettext_noop("invalid JSON: {detail}"),
    gettext_noop("the body must be a JSON object, got {value}"),
    gettext_noop("required: the scenario to use, a JSON object"),
    gettext_noop("the engine could not check this scenario (an internal error, logged)"),
    gettext_noop("too many runs from your address; try again in {n} s"),
    gettext_noop("too many library calls from your address; try again in {n} s"),
    gettext_noop("too many runs from your account; try again in {n} s"),
    gettext_noop("too many library calls from your account; try again in {n} s"),
    gettext_noop("the Content-Type must be application/json, got {value}"),
    gettext_noop("too many saved scenarios from your address; try again in {n} s"),
    gettext_noop("too much training for one call here: {n} epochs x {m} layers is {k} "
                 "layer-epochs, and a call from the web may do at most {t}; use fewer epochs or "
                 "layers, or train inside a scenario (runs go to a worker)"),
    gettext_noop("a reference to an earlier call only works inside a scenario's program; "
                 "write the value itself here"),
    gettext_noop("this token was not issued by this server; reload the embedded page"),
    gettext_noop("this token belongs to another scenario; reload the embedded page"),
    gettext_noop("this token has expired; reload the embedded page"),
)


def _language(lang: str) -> str:
    """``lang`` if the site offers it (404 otherwise)."""
    offered = {code for code, _ in settings.LANGUAGES}
    if lang not in offered:
        raise Http404(f"no translations for language {lang!r}")
    return lang


def catalog(lang: str) -> dict[str, object]:
    """The catalog of ``lang`` (see the module docstring)."""
    with translation.override(lang):
        def lookup(template: str) -> str:
            translated = gettext(template)
            # gettext gives the msgid back when there is no translation;
            # English is the source language, so it is its own translation.
            return translated if translated != template or lang == "en" else ""

        out = reasons.catalog_json(lookup, extra=WEB_MESSAGES)
    return {"language": lang, **out}


@require_GET
@cache_control(public=True, max_age=300)
def reasons_catalog(request: HttpRequest, lang: str) -> JsonResponse:
    """``GET /i18n/reasons/<lang>.json``: the catalog of ``lang``."""
    return JsonResponse(catalog(_language(lang)), json_dumps_params={"ensure_ascii": False})
