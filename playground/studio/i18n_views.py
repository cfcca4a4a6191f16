"""The templates of every sentence made as data, for the browser (translate.js).

``GET /i18n/reasons/<lang>.json`` answers with the template of every key in
the language ``lang``::

    {"language": "zh-hans",
     "keys": {"cpu.srt.preempt": ["SRT: {who} preempts {victim}: {n} ticks left < {m}",
                                  "SRT：{who} 抢占 {victim}：剩余 {n} 个时钟周期 < {m}"], ...}}

The keys are those the engine registers in code (``kernel_engine.i18n.all_keys``:
reasons, validation problems, library errors, summaries and argument
descriptions) and those of the playground's own refusals that a page shows
(``web.*``, defined beside the views that write them).  A record carries
its key and values beside its English text; translate.js fills the key's
template with them, so nothing is matched back from English.

The translations come from Django's catalogs (locale/<lang>/LC_MESSAGES/
django.po, msgid = the English template).  A template without a translation
is sent with an empty string: the browser then keeps the English sentence.
An unknown language is a 404.
"""
from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from kernel_engine.i18n import Text, all_keys


def every_key() -> dict[str, Text]:
    """Every key a page may meet: the engine's and the playground's own (``web.*``)."""
    # Importing the views that write the playground's refusals defines their keys.
    from playground.studio import (embed, library_budget, library_views, limits,  # noqa: F401
                                   payloads, services, store, tasks)

    return all_keys()


def _language(lang: str) -> str:
    """``lang`` if the site offers it (404 otherwise)."""
    offered = {code for code, _ in settings.LANGUAGES}
    if lang not in offered:
        raise Http404(f"no translations for language {lang!r}")
    return lang


@lru_cache(maxsize=8)
def catalog(lang: str) -> dict[str, object]:
    """The catalog of ``lang`` (see the module docstring); built once per process."""
    with translation.override(lang):
        def lookup(template: str) -> str:
            translated = gettext(template)
            # gettext gives the msgid back when there is no translation;
            # English is the source language, so it is its own translation.
            return translated if translated != template or lang == "en" else ""

        keys = {key: [text.template, lookup(text.template)] for key, text in sorted(every_key().items())}
    return {"language": lang, "keys": keys}


@require_GET
@cache_control(public=True, max_age=300)
def reasons_catalog(request: HttpRequest, lang: str) -> JsonResponse:
    """``GET /i18n/reasons/<lang>.json``: the catalog of ``lang``."""
    return JsonResponse(catalog(_language(lang)), json_dumps_params={"ensure_ascii": False})
