"""``manage.py compile_translations``: turn every locale/**/*.po into its .mo file.

Django's own ``compilemessages`` needs GNU gettext's ``msgfmt``; this command
uses polib (a requirement) so that setting the playground up needs nothing
outside the virtualenv.  The .mo files are build output: they are not in git
(.gitignore) and scripts/setup-venv and bin/run-playground make them.

A .mo file is rewritten only when its .po file is newer, so running the
command on every start costs nothing.  ``--check`` also fails (exit 1) when
a catalog has an untranslated or fuzzy entry, naming each; translators use it
before they commit.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def catalogs() -> list[Path]:
    """Every .po file under the project's LOCALE_PATHS, sorted."""
    found: list[Path] = []
    for folder in settings.LOCALE_PATHS:
        found.extend(sorted(Path(folder).glob("*/LC_MESSAGES/*.po")))
    return found


def problems(po: polib.POFile) -> list[str]:
    """The msgids of entries that are untranslated or fuzzy (obsolete ones do not count)."""
    out = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    out += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    return out


class Command(BaseCommand):
    help = "Compile locale/**/*.po into .mo files with polib (no GNU gettext needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true",
                            help="fail if any entry is untranslated or fuzzy")
        parser.add_argument("--force", action="store_true",
                            help="rewrite every .mo file, even an up-to-date one")

    def handle(self, *args: Any, **options: Any) -> None:
        found = catalogs()
        if not found:
            raise CommandError(f"no .po files under {', '.join(map(str, settings.LOCALE_PATHS))}")
        failures: list[str] = []
        written = 0
        for path in found:
            try:
                po = polib.pofile(str(path))
            except (OSError, ValueError) as exc:  # polib raises IOError/ValueError on bad syntax
                raise CommandError(f"{path}: cannot read it: {exc}") from None
            if options["check"]:
                failures += [f"{path}: {p}" for p in problems(po)]
            mo = path.with_suffix(".mo")
            if options["force"] or not mo.exists() or mo.stat().st_mtime < path.stat().st_mtime:
                # Fuzzy entries are left out, as msgfmt does: a guess is not a translation.
                po.save_as_mofile(str(mo))
                written += 1
        if failures:
            raise CommandError("catalogs are incomplete:\n" + "\n".join(failures))
        self.stdout.write(f"{len(found)} catalogs, {written} compiled")
