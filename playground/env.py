"""Strict readers for settings that come from environment variables.

Each helper returns a typed value or raises ``ImproperlyConfigured`` naming
the variable and what it expected, so a typo such as ``DEBUG=ture`` stops the
server at start-up instead of silently meaning something else.
"""
from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def envstr(name: str, default: str) -> str:
    """The variable's value, or ``default`` when it is unset or empty."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def envbool(name: str, default: str) -> bool:
    """``true``/``false`` (also 1/0, yes/no, on/off; any case), nothing else."""
    value = envstr(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false, got {os.environ.get(name)!r}"
    )


def envint(name: str, default: str, *, minimum: int = 0) -> int:
    """A whole number not below ``minimum``."""
    raw = envstr(name, default).strip()
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def envlist(name: str, default: str) -> list[str]:
    """A comma-separated list; blanks around items and empty items dropped."""
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def envchoice(name: str, default: str, choices: list[str]) -> str:
    """One of ``choices`` exactly (case as listed)."""
    value = envstr(name, default).strip()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value
