"""Tokens with true offsets, aligned with what the library extracts.

``tokenize(text_or_report, segmenter="jieba")`` cuts the normalised text with a
backend of ``cnreport.segment`` (``"jieba"``, ``"pkuseg"`` or ``"char"``), then
aligns the cuts with what the library extracts:

- a quantity is always one token (``61.52亿元``);
- given a ``Report``, no token crosses the first or last character of one of
  its entities either, so every entity and quantity is a run of whole tokens
  (what spaCy spans need).  Given a text, entities are not looked for (that
  would cost more than the segmenter); the names the rules know (gazetteers,
  indicator names) are in the segmenter's dictionary all the same.

Whitespace is not a token; in text wrapped into lines (``cnreport.wrapping``) a quantity
that runs over a wrap is still one token, and holds the break (``3.\\n2亿元``).

>>> [t.text for t in tokenize("完成投资61.52亿元")]
['完成', '投资', '61.52亿元']
>>> [t.text for t in tokenize("新建厂房3.2万平方米", segmenter="char")]
['新', '建', '厂', '房', '3.2万平方米']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from heapq import merge
from itertools import pairwise

from .loader import tolerate_packs
from .normalize import normalize
from .segment import SEGMENTERS, cache_dir, cuts, jieba_pos_tokenizer, jieba_tokenizer, lexicon
from .types import Entity, Quantity, Report, Token

__all__ = [
    "SEGMENTERS",
    "aligned_cuts",
    "cache_dir",
    "jieba_pos_tokenizer",  # the entity and quantity rules' jieba, kept here for them
    "jieba_tokenizer",
    "lexicon",
    "tokenize",
]


def aligned_cuts(
    text: str, cut: list[int], whole: Iterable[Quantity | Entity | Token], edges: Iterable[Quantity | Entity | Token]
) -> list[int]:
    """``cut`` (sorted offsets into ``text``) without the offsets inside an item of
    ``whole``, and with the first and last offset of every item of ``whole`` and ``edges``."""
    n = len(text)
    inside = bytearray(n + 1)
    add: set[int] = set()
    for item in whole:
        if item.end - item.start > 1:
            inside[item.start + 1 : item.end] = b"\x01" * (item.end - item.start - 1)
        add.update((item.start, item.end))
    for item in edges:
        add.update((item.start, item.end))
    kept = [c for c in cut if not inside[c]] if add else cut
    out: list[int] = []
    last = -1
    for c in merge(kept, sorted(c for c in add if 0 <= c <= n)):
        if c != last:
            out.append(c)
            last = c
    return out


@tolerate_packs
def tokenize(
    text: str | Report,
    segmenter: str = "jieba",
    *,
    pkuseg_model: str | os.PathLike[str] | None = None,
) -> tuple[Token, ...]:
    """The tokens of ``text`` (a string or a ``Report``).

    ``segmenter`` is ``"jieba"`` (default: jieba with the library's lexicon),
    ``"pkuseg"`` (spaCy's Chinese tokenizer with spacy-pkuseg and the model
    folder ``pkuseg_model``, or ``$CNREPORT_PKUSEG_MODEL``) or ``"char"``.
    Offsets point into the text and a quantity is one token; given a
    ``Report``, no token crosses the edge of one of its entities.
    """
    if isinstance(text, Report):
        report: Report | None = text
        source = text.text
    elif isinstance(text, str):
        report, source = None, text
    else:
        hint = ": decode it first" if isinstance(text, bytes | bytearray) else ""
        raise TypeError(f"text must be str or Report, got {type(text).__name__}{hint}")
    if not isinstance(segmenter, str) or segmenter not in SEGMENTERS:
        raise ValueError(f"segmenter must be one of {list(SEGMENTERS)}, got {segmenter!r}")
    norm = normalize(source)
    cut = cuts(norm.text, segmenter, pkuseg_model=pkuseg_model)
    if report is None:
        from .quantities import extract_quantities

        quantities: tuple[Quantity, ...] = extract_quantities(norm)
        entities: tuple[Entity, ...] = ()
    else:
        quantities, entities = report.quantities, report.entities
    cut = aligned_cuts(source, cut, quantities, entities)
    out = []
    for a, b in pairwise(cut):
        piece = source[a:b]
        if not piece.isspace():
            out.append(Token(a, b, piece))
    return tuple(out)
