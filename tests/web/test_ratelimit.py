"""The per-address run budget: fixed one-minute windows kept in the cache."""
from __future__ import annotations

from playground.studio.ratelimit import spend


def test_within_the_budget_nothing_is_owed() -> None:
    assert [spend("runs", "10.0.0.1", 3, now=120.0) for _ in range(3)] == [None, None, None]


def test_over_the_budget_retry_after_counts_to_the_next_minute() -> None:
    for _ in range(3):
        spend("runs", "10.0.0.1", 3, now=170.0)
    assert spend("runs", "10.0.0.1", 3, now=170.0) == 10


def test_a_new_minute_starts_a_new_budget() -> None:
    for _ in range(4):
        spend("runs", "10.0.0.1", 3, now=170.0)
    assert spend("runs", "10.0.0.1", 3, now=180.0) is None


def test_a_limit_of_zero_turns_the_budget_off() -> None:
    assert all(spend("runs", "10.0.0.1", 0, now=170.0) is None for _ in range(100))
