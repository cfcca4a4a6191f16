"""Which engine computed something: the version recorded on runs and grades and put in
cache keys, so that a link or a released grade can be explained after the engine changes.

Callers (runs, grades, cached previews and worksheets) use ``engine_version()`` and
nothing else.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import kernel_engine

ENGINE_DIR = Path(kernel_engine.__file__).resolve().parent
# What can change a step or a result: the code and the built-in presets.
SOURCE_SUFFIXES = (".py", ".json")


@functools.cache
def engine_version() -> str:
    """``"<release>+<digest>"``, e.g. ``"1.0.0+3f2a9c0d51e7"``; at most 40 characters.

    The release is ``kernel_engine.__version__``; the digest (12 hex digits)
    covers the engine's source files, so any change to the engine gives a new
    version even when nobody bumped the release.  Every process running the
    same checkout computes the same string; it is computed once per process.
    """
    return f"{kernel_engine.__version__}+{source_digest(ENGINE_DIR)}"


def source_digest(folder: Path) -> str:
    """12 hex digits of SHA-256 over the names and bytes of the source files under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*")
                       if p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
