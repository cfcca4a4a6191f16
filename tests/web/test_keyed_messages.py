"""``manage.py keyed_messages``: the templates makemessages cannot see stay in django.po.

A library function's summary is its docstring: ``makemessages`` never finds
it and marks its entry obsolete.  The command brings such an entry back with
its translation and adds a template no catalog has yet, leaving the rest of
the file byte for byte.
"""
from __future__ import annotations

from pathlib import Path

import polib
from django.core.management import call_command

from playground.studio.management.commands.keyed_messages import keep_templates

HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
LIVE = '#: kernel_engine/kernel/loop.py\nmsgid "{who} arrives"\nmsgstr "{who} 到达"\n'
OBSOLETE = ('#~ msgid "Transpose: row i of a becomes column i of the result."\n'
            '#~ msgstr "转置：a 的第 i 行变成结果的第 i 列。"\n')
GONE = '#~ msgid "a sentence nobody says any more"\n#~ msgstr "没人再说的句子"\n'
TEMPLATES = {"{who} arrives": "kernel_engine",
             "Transpose: row i of a becomes column i of the result.": "kernel_engine",
             "a sentence the catalog has never seen": "kernel_engine"}


def test_an_obsolete_template_comes_back_translated_and_a_new_one_is_added() -> None:
    text, restored, added = keep_templates(HEAD + LIVE + "\n" + OBSOLETE + "\n" + GONE, TEMPLATES)
    assert (restored, added) == (1, 1)
    assert text.startswith(HEAD + LIVE + "\n" + GONE)  # the rest is kept as it was
    entries = {e.msgid: e for e in polib.pofile(text)}
    transpose = entries["Transpose: row i of a becomes column i of the result."]
    assert not transpose.obsolete and transpose.msgstr == "转置：a 的第 i 行变成结果的第 i 列。"
    assert entries["a sentence the catalog has never seen"].msgstr == ""
    assert entries["a sentence nobody says any more"].obsolete
    # Run again: nothing left to do.
    assert keep_templates(text, TEMPLATES) == (text, 0, 0)


def test_the_catalog_in_the_repository_needs_nothing(tmp_path: Path) -> None:
    catalog = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    copy = tmp_path / "django.po"
    copy.write_bytes(catalog.read_bytes())
    call_command("keyed_messages", str(copy), verbosity=0)
    assert copy.read_bytes() == catalog.read_bytes()
