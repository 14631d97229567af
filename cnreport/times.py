"""Time expressions resolved against a reference date (placeholder until the rules land)."""

from __future__ import annotations

from datetime import date

from .normalize import Normalized
from .types import TimeExpression

__all__ = ["extract_times"]


def extract_times(norm: Normalized, reference: date | None) -> tuple[TimeExpression, ...]:
    """The time expressions of ``norm``, sorted by offset."""
    return ()
