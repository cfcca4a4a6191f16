"""Policy and allocator names in the page's language, for every menu.

The engine's registry (``kernel_engine.registry.describe``) publishes each
policy's ``title``, ``help`` and short ``label`` in English; their
translations are in django.po (msgid = the English text), so a page's
menus (builder, compare) read them through here.  A name without a
translation (a policy added since) stays in English.
"""
from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from kernel_engine import registry

TRANSLATED_FIELDS = ("title", "help", "label")
# The help text is a docstring's first line, which may mark a setting's
# name as reStructuredText literal (``quantum``); a tooltip shows it plain.
RST_LITERAL = re.compile(r"``(.+?)``")


def described(kind: str) -> list[dict[str, Any]]:
    """``registry.describe(kind)`` with title, help and label in the active language."""
    out = []
    for entry in registry.describe(kind):
        entry = dict(entry)
        for key in TRANSLATED_FIELDS:
            if isinstance(entry.get(key), str) and entry[key]:
                entry[key] = RST_LITERAL.sub(r"\1", _(entry[key]))
        out.append(entry)
    return out
