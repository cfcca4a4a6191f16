"""Every sentence the engine writes, as a template that can be translated.

Reasons made as data (``reason_key``, ``kernel_engine.i18n``) are rendered
from their key and need none of the matching below; it remains for the
sentences without a key (validation problems, library errors, the result's
``errors`` messages) and for text that lost its key.  Their templates are
listed here together, so that one catalog serves both.

The engine explains itself in English: each event's ``reason``
(docs/internals.md, "Steps"), each validation problem's ``message``
(``Problem``), each failed library call's ``error``.  This module lists the
shapes of those sentences as templates with ``{name}`` placeholders, so that a
user interface can show them in another language without the engine knowing
about languages (it never imports Django)::

    template:  "SRT: {who} preempts {victim}: {n} ticks left < {m}"
    sentence:  "SRT: P2 preempts P1: 4 ticks left < 7"
    zh-hans:   "SRT：P2 抢占 P1：剩余 4 个时钟周期 < 7"

Contract:

- ``TEMPLATES`` holds every template, most specific first (the most literal
  text first, then in the order written here); :func:`match` tries them in
  that order, so a general template ("{who} waits for {on}") never hides a
  specific one ("{who} waits for {thread} to finish").
- A placeholder is ``{`` + a lowercase identifier + ``}``; any other brace is
  literal text (``{"empty": 3}``).  What a placeholder may hold depends on
  its name (``PLACEHOLDERS``): a number, a JSON path, a function name, a
  nested sentence (translated in turn, and required to be a known template),
  a phrase (translated when it is a known template, else kept as it is), or
  any value (a process name, JSON a student typed), kept as it is.  A name
  used twice in one template must hold the same text both times.
- :func:`translate` fills a template's translation with the values of the
  sentence; values are never translated.  A sentence that matches no template
  is returned unchanged, so an engine newer than its catalog still shows
  English rather than nothing.
- tests/engine/test_i18n_reasons.py runs every preset, a set of generated
  scenarios and a corpus of bad scenarios, and fails on any sentence (or
  nested sentence) that no template matches: a new engine sentence must be
  added here, and then translated (docs/i18n.md).

``gettext_noop`` marks each template for Django's ``makemessages`` (xgettext
finds the call by its name); it returns the template unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Mapping

from .i18n import all_keys
from .library_texts import LIBRARY_GROUPS
from .problem_texts import PROBLEM_GROUPS

__all__ = ["PLACEHOLDERS", "TEMPLATES", "Template", "Match", "match", "translate",
           "placeholder_names", "uncovered", "catalog_json"]

#: What each kind of placeholder matches, as a regular expression written in
#: the subset that Python and JavaScript read alike (static/.../translate.js
#: builds the same expressions from ``placeholders_json()``).
PATTERNS: dict[str, str] = {
    # 12, -3, 1,048,576, 0.25, 1e-05
    "number": r"-?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?",
    # processes[1].burst, args.a[0][2], cpu.mlfq.quanta
    "path": r"[A-Za-z_$][\w$]*(?:\[\d+\]|\.[\w$-]+)*",
    # math.matmul, nn.train
    "fn": r"[a-z]+\.[a-z_]+",
    # "up", "down"
    "direction": r"up|down",
    "sentence": r"[\s\S]+?",
    "phrase": r"[\s\S]+?",
    "value": r"[\s\S]+?",
}

#: Placeholder name -> kind.  Names not listed hold a "value".
PLACEHOLDERS: dict[str, str] = {
    **dict.fromkeys(("n", "m", "k", "i", "r", "t", "lo", "hi", "addr", "start", "size",
                     "block", "need", "align", "header", "head", "edge", "cylinder", "level",
                     "total", "tickets", "epoch", "cols", "rows", "first", "last",
                     "base", "end"), "number"),
    "path": "path",
    "fn": "fn",
    "direction": "direction",
    # Nested sentences: part of the engine's wording, so they must be templates too.
    **dict.fromkeys(("reason", "error", "problem", "hint", "how", "sized", "steps",
                     "links", "what", "description", "count", "count2", "extra"),
                    "sentence"),
    # Phrases: translated when they are templates (a shape, a described value).
    **dict.fromkeys(("shape", "shape2", "described"), "phrase"),
}

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def placeholder_names(text: str) -> list[str]:
    """The placeholder names of ``text`` in order, repeats included."""
    return _PLACEHOLDER.findall(text)


def _kind(name: str) -> str:
    return PLACEHOLDERS.get(name, "value")


@dataclass(frozen=True)
class Template:
    """One sentence shape; ``regex`` matches a whole sentence of that shape."""

    text: str
    regex: re.Pattern[str]
    #: Characters of literal text: more means more specific.
    literal: int
    #: The longest literal piece, a cheap test before the regular expression.
    anchor: str

    @classmethod
    def parse(cls, text: str) -> "Template":
        parts: list[str] = []
        seen: set[str] = set()
        pos = 0
        literal_pieces = []
        for m in _PLACEHOLDER.finditer(text):
            piece = text[pos:m.start()]
            literal_pieces.append(piece)
            parts.append(re.escape(piece))
            name = m.group(1)
            if name in seen:
                parts.append(f"(?P={name})")
            else:
                seen.add(name)
                parts.append(f"(?P<{name}>{PATTERNS[_kind(name)]})")
            pos = m.end()
        literal_pieces.append(text[pos:])
        parts.append(re.escape(text[pos:]))
        return cls(text, re.compile("".join(parts)), sum(map(len, literal_pieces)),
                   max(literal_pieces, key=len))


@dataclass(frozen=True)
class Match:
    """A sentence read as a template: the template and each placeholder's text."""

    template: Template
    values: dict[str, str]
    #: For sentence and phrase placeholders that matched a template in turn.
    nested: dict[str, "Match"]


def _ordered(texts: Iterable[str]) -> tuple[Template, ...]:
    unique = list(dict.fromkeys(texts))
    templates = [Template.parse(t) for t in unique]
    # Most literal text first; sorted() is stable, so ties keep the order written.
    return tuple(sorted(templates, key=lambda t: -t.literal))


#: Every template, most specific first.
TEMPLATES: tuple[Template, ...] = _ordered(
    [*(text.template for text in all_keys().values()),
     *(text for group in (*PROBLEM_GROUPS, *LIBRARY_GROUPS) for text in group)])


@lru_cache(maxsize=4096)
def match(sentence: str) -> Match | None:
    """The first template that matches all of ``sentence`` (nested parts read too), or None."""
    for template in TEMPLATES:
        if template.anchor not in sentence:
            continue
        found = template.regex.fullmatch(sentence)
        if found is None:
            continue
        values = found.groupdict()
        nested = {}
        for name, text in values.items():
            if _kind(name) in ("sentence", "phrase"):
                inner = match(text)
                if inner is not None:
                    nested[name] = inner
        return Match(template, values, nested)
    return None


def uncovered(sentence: str) -> list[str]:
    """The parts of ``sentence`` that no template covers: [] when it is fully covered.

    The sentence itself must match a template, and so must every nested
    sentence placeholder, recursively (phrases may stay as they are).
    """
    found = match(sentence)
    if found is None:
        return [sentence]
    missing: list[str] = []
    for name, text in found.values.items():
        if _kind(name) != "sentence":
            continue
        if name in found.nested:
            missing += uncovered(text)
        else:
            missing.append(text)
    return missing


def translate(sentence: str, lookup: Callable[[str], str] | Mapping[str, str]) -> str:
    """``sentence`` in another language; ``lookup`` maps a template to its translation.

    Values stay as they are; nested sentences and phrases are translated in
    turn.  A template without a translation (missing or empty) leaves the
    sentence in English.
    """
    get = lookup.get if isinstance(lookup, Mapping) else lookup
    found = match(sentence)
    if found is None:
        return sentence
    target = get(found.template.text)
    if not target:
        return sentence
    out = {name: (translate(text, lookup) if name in found.nested else text)
           for name, text in found.values.items()}
    return _PLACEHOLDER.sub(lambda m: out.get(m.group(1), m.group(0)), target)


def catalog_json(lookup: Callable[[str], str], extra: Iterable[str] = ()) -> dict[str, object]:
    """What translate.js needs: patterns, placeholder kinds and ``[template, translation]``
    pairs in matching order (most specific first).

    ``extra`` adds templates that the engine does not write (the web app's
    own messages); they are ordered among the engine's by the same rule.
    """
    templates = _ordered([*(t.text for t in TEMPLATES), *extra])
    return {
        "patterns": PATTERNS,
        "placeholders": PLACEHOLDERS,
        "templates": [[t.text, lookup(t.text)] for t in templates],
        # Reasons made as data: key -> [English template, translation].
        "keys": {key: [text.template, lookup(text.template)] for key, text in all_keys().items()},
    }
