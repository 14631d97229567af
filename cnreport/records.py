"""Indicator and project rows built from the other layers (placeholder until the rules land)."""

from __future__ import annotations

from .types import Indicator, ProjectRecord, Report

__all__ = ["build_records"]


def build_records(report: Report) -> tuple[tuple[Indicator, ...], tuple[ProjectRecord, ...]]:
    """The indicator rows and project rows of a report whose layers are filled in."""
    return (), ()
