"""Title, date, issuer, document number and outline (placeholder until the rules land)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .normalize import Normalized
from .types import Section

__all__ = ["DocumentInfo", "extract_document"]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    title: str | None = None
    published: date | None = None
    issuer: str | None = None
    doc_number: str | None = None
    sections: tuple[Section, ...] = ()


def extract_document(norm: Normalized) -> DocumentInfo:
    """The metadata and outline of ``norm``."""
    return DocumentInfo()
