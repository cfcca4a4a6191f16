"""``manage.py keyed_messages``: keep every keyed template in each locale's django.po.

Run it after ``makemessages`` (docs/i18n.md).  ``makemessages`` finds the
templates written as literals in ``gettext_noop(...)``; a template made at
run time (a library function's summary is its docstring, an argument's
description may be built from the library's limits) is invisible to it,
so it marks their entries obsolete (``#~``).  This command asks the code
instead (``i18n_views.every_key()``: every key of the engine and of the
playground) and, in each catalog, brings an obsolete entry of a template
back with its translation, or adds a missing template at the end,
untranslated (``compile_translations --check`` and tests/web/test_i18n.py
then name it until someone translates it).  Other entries are left as
they are.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.core.management.base import BaseCommand, CommandParser

from playground.studio.i18n_views import every_key
from playground.studio.management.commands.compile_translations import catalogs


def _entry(block: str) -> polib.POEntry | None:
    """The one entry written in ``block`` (a catalog's text between blank lines), or None."""
    try:
        entries = list(polib.pofile(block))
    except (OSError, ValueError):
        return None
    return entries[0] if len(entries) == 1 else None


def keep_templates(text: str, templates: dict[str, str]) -> tuple[str, int, int]:
    """``text`` (a django.po) with each of ``templates`` (template -> where) live in it.

    An obsolete entry of a template is taken out and written again, live, at
    the end with its translation; a missing one is added there, untranslated.
    The rest of the file is kept byte for byte (polib would rewrap it).
    Returns (the new text, restored, added).
    """
    blocks = text.rstrip("\n").split("\n\n")
    live = {e.msgid for e in polib.pofile(text) if not e.obsolete}
    kept, old = [], {}
    for block in blocks:
        lines = block.strip("\n").splitlines()
        if lines and all(line.startswith("#~") for line in lines):
            entry = _entry("\n".join(line[3:] if line.startswith("#~ ") else line[2:] for line in lines))
            if entry is not None and entry.msgid in templates and entry.msgid not in live:
                old[entry.msgid] = entry.msgstr
                continue
        kept.append(block)
    added = []
    for template, where in sorted(templates.items()):
        if template not in live:
            added.append(str(polib.POEntry(msgid=template, msgstr=old.get(template, ""),
                                           occurrences=[(where, "")])).rstrip("\n"))
    restored = sum(1 for template in old if template in templates)
    return "\n\n".join(kept + added) + "\n", restored, len(added) - restored


class Command(BaseCommand):
    help = "Keep every template registered in code (reasons, problems, library texts) in django.po."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("catalog", nargs="*", help="django.po files (default: every locale's)")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(p) for p in options["catalog"]] or [p for p in catalogs() if p.name == "django.po"]
        templates = {text.template: "kernel_engine" if not key.startswith("web.") else "playground"
                     for key, text in every_key().items()}
        for path in paths:
            text, restored, added = keep_templates(path.read_text("utf-8"), templates)
            if restored or added:
                path.write_text(text, "utf-8")
            self.stdout.write(f"{path}: {restored} restored, {added} added")
