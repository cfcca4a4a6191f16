"""Canonical JSON and content-addressed slugs for saved scenarios.

A scenario's canonical JSON is ``json.dumps(scenario, sort_keys=True,
separators=(",", ":"), ensure_ascii=False)``: key order and whitespace in
what a client sent do not matter, so the same scenario always gets the same
slug, and a slug names exactly one text forever.
"""
from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

SLUG_LENGTH = 10


def canonical_json(scenario: Any) -> str:
    """The one text that stands for ``scenario``."""
    return json.dumps(scenario, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def slug_candidates(canonical: str) -> list[str]:
    """Slugs for ``canonical``, shortest first: lowercase base32 of its sha256.

    The first (10 characters, 50 bits) is the slug; the longer ones exist
    only to step around a collision with a different scenario.
    """
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    text = base64.b32encode(digest).decode("ascii").rstrip("=").lower()
    return [text[:n] for n in range(SLUG_LENGTH, len(text) + 1, 4)]
