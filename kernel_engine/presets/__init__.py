"""Built-in scenarios: one JSON file per preset, listed in ``index.json``.

Each ``<name>.json`` is a plain, contract-clean scenario with a ``title``
and a ``description`` (a paragraph for students: what to watch and the
textbook answer).  ``index.json`` lists the names in gallery order with
their category, so the scenarios themselves carry no extra fields.

    names()    -> ["llm-os-combined", "fcfs-convoy", ...]   (gallery order)
    load(name) -> a fresh dict (safe to modify); KeyError on an unknown name
    catalog()  -> [{"name", "title", "summary", "category"}, ...]
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["CATEGORIES", "names", "load", "catalog"]

#: Gallery sections, in display order.
CATEGORIES = ("cpu", "memory", "vm", "disk", "ipc", "threads", "library", "combined")

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


def summary(description: str) -> str:
    """The first sentence of a description."""
    return _SENTENCE_END.split(description.strip(), maxsplit=1)[0]


def catalog() -> list[dict[str, str]]:
    """One entry per preset, in gallery order: name, title, summary, category."""
    out = []
    for name, category in _index():
        scenario = load(name)
        out.append({"name": name, "title": scenario.get("title", name),
                    "summary": summary(scenario.get("description", "")),
                    "category": category})
    return out
