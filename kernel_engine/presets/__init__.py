"""Built-in scenarios: one JSON file per preset, listed in ``index.json``.

Each ``<name>.json`` is a plain, contract-clean scenario with a ``title``
and a ``description`` (a paragraph for students: what to watch and the
textbook answer).  ``index.json`` lists the names in gallery order with
their category, so the scenarios themselves carry no extra fields.

    names()    -> ["llm-os-combined", "fcfs-convoy", ...]   (gallery order)
    load(name) -> a fresh dict (safe to modify); KeyError on an unknown name
    catalog()  -> [{"name", "title", "summary", "category", "checkpoints"}, ...]
    catalog("zh") -> the same, titles and summaries in Simplified Chinese
                     where ``i18n/zh.json`` has them (English otherwise)
    translated(name, "zh") -> load(name) with its title, description and
                     checkpoint prompts translated where there is a translation

Translations live beside the presets, in ``i18n/<language>.json``:
``{name: {"title", "summary", "description"?, "prompts"?: [one per
checkpoint]}}``.  A preset missing from the file shows in English, and
``tests/engine/test_preset_translations.py`` fails until it is translated.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["CATEGORIES", "LANGUAGES", "names", "load", "catalog", "translation", "translated"]

#: Languages with preset translations (the file ``i18n/<code>.json``).
LANGUAGES = ("zh",)

#: Gallery sections, in display order.
CATEGORIES = ("cpu", "memory", "vm", "disk", "ipc", "threads", "library", "llm", "combined")

# The end of a description's first sentence: a full stop, ! or ? followed by
# a space and a capital letter (so "1.5" or "e.g. fcfs" do not end it).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")


@lru_cache(maxsize=1)
def _index() -> tuple[tuple[str, str], ...]:
    raw = json.loads(resources.files(__name__).joinpath("index.json").read_text("utf-8"))
    return tuple((entry["name"], entry["category"]) for entry in raw["presets"])


@lru_cache(maxsize=None)
def _text(name: str) -> str:
    # Text is cached, never the parsed dict: every load() parses afresh, so a
    # caller that edits its copy cannot change what the next caller gets.
    return resources.files(__name__).joinpath(f"{name}.json").read_text("utf-8")


def names() -> list[str]:
    """Preset names in gallery order."""
    return [name for name, _ in _index()]


def load(name: str) -> dict[str, Any]:
    """A fresh copy of preset ``name``; KeyError naming the valid presets if unknown."""
    if name not in dict(_index()):
        raise KeyError(f"unknown preset {name!r}; choose one of {', '.join(names())}")
    return json.loads(_text(name))


@lru_cache(maxsize=None)
def _translations(language: str) -> dict[str, dict[str, Any]]:
    if language not in LANGUAGES:
        return {}
    text = resources.files(__name__).joinpath("i18n", f"{language}.json").read_text("utf-8")
    return json.loads(text)


def language_of(code: str | None) -> str | None:
    """The preset language for a Django language code ("zh-hans" -> "zh"), or None."""
    base = (code or "").lower().split("-")[0].split("_")[0]
    return base if base in LANGUAGES else None


def translation(name: str, language: str | None) -> dict[str, Any]:
    """Preset ``name``'s translated texts in ``language`` ({} when there are none)."""
    if not language:
        return {}
    entry = _translations(language).get(name)
    return dict(entry) if isinstance(entry, dict) else {}


def translated(name: str, language: str | None) -> dict[str, Any]:
    """``load(name)`` with title, description and checkpoint prompts in ``language`` where translated."""
    scenario = load(name)
    texts = translation(name, language)
    if isinstance(texts.get("title"), str):
        scenario["title"] = texts["title"]
    description = texts.get("description") or texts.get("summary")
    if isinstance(description, str):
        scenario["description"] = description
    prompts = texts.get("prompts")
    checkpoints = scenario.get("checkpoints")
    if isinstance(prompts, list) and isinstance(checkpoints, list) and len(prompts) == len(checkpoints):
        for checkpoint, prompt in zip(checkpoints, prompts):
            if isinstance(checkpoint, dict) and isinstance(prompt, str):
                checkpoint["prompt"] = prompt
    return scenario


def summary(description: str) -> str:
    """The first sentence of a description."""
    return _SENTENCE_END.split(description.strip(), maxsplit=1)[0]


def catalog(language: str | None = None) -> list[dict[str, Any]]:
    """One entry per preset, in gallery order: name, title, summary, category, checkpoints.

    ``checkpoints`` says whether the preset carries any (it has a practice
    page).  With ``language``, title and summary are translated where the
    preset has a translation.
    """
    out = []
    for name, category in _index():
        scenario = load(name)
        texts = translation(name, language)
        out.append({"name": name,
                    "title": texts.get("title") or scenario.get("title", name),
                    "summary": texts.get("summary") or summary(scenario.get("description", "")),
                    "category": category,
                    "checkpoints": bool(scenario.get("checkpoints"))})
    return out
