"""Companies, projects, water bodies and places (placeholder until the rules land)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .normalize import Normalized
from .types import Entity

__all__ = ["extract_entities"]


def extract_entities(
    norm: Normalized, gazetteer: Mapping[str, Iterable[str]] | None = None
) -> tuple[Entity, ...]:
    """The entities of ``norm``, sorted by offset."""
    return ()
