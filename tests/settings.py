"""Settings for the in-process tests (pytest-django): the playground's own.

The playground refuses to start without ``SECRET_KEY`` unless ``DEBUG`` is
on; the in-process tests keep the development values they always had
(``make run`` sets the same ones).  The live stack (tests/stack.py) runs
its processes with ``DEBUG=false`` and a random key instead.
"""
from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "tests-only-insecure-key-never-use-in-production")

from playground.settings import *  # noqa: E402,F401,F403
