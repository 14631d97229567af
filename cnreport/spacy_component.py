"""cnreport in spaCy: the ``"cnreport"`` pipeline component and a tokenizer.

The component parses each Doc's text with ``cnreport.parse`` and sets

- ``doc._.cnreport``: the ``Report``;
- ``doc.spans["cnreport"]``: in text order (the longer first where two start
  together), a span per entity (labels ``COMPANY``, ``PROJECT``,
  ``WATER``, ``PLACE``) and per quantity (its kind in capitals: ``MONEY``,
  ``PERCENT``, ``COUNT``, ``AREA`` ...), with ``span._.cnreport`` the item itself;
- ``doc.ents``: the entities, where they do not overlap (the longer one wins).

Spans need whole tokens, and no segmenter knows where cnreport's items begin:
a token that an item's first or last character falls inside is split there, so
every span's characters are exactly its item's, whatever the tokenizer (spaCy's
Chinese tokenizer with ``char``, ``jieba`` or ``pkuseg``, or this module's
``cnreport.Tokenizer.v1``).  Put the component first, before components that
tag or parse tokens.

The factory is registered on import and through the ``spacy_factories`` entry
point, so ``nlp.add_pipe("cnreport")`` works without importing this module:

>>> import spacy
>>> nlp = spacy.blank("zh")
>>> _ = nlp.add_pipe("cnreport")
>>> doc = nlp("对瑞丰科技年产3万吨项目追加投资1.2亿元")
>>> [(s.text, s.label_) for s in doc.spans["cnreport"]]
[('瑞丰科技年产3万吨项目', 'PROJECT'), ('瑞丰科技', 'COMPANY'), ('3万吨', 'MASS'), ('1.2亿元', 'MONEY')]
>>> [(e.text, e.label_) for e in doc.ents]
[('瑞丰科技年产3万吨项目', 'PROJECT')]
>>> doc.spans["cnreport"][3]._.cnreport.value
Decimal('120000000')

``cnreport.Tokenizer.v1`` gives spaCy cnreport's tokens (``cnreport.tokenize``):

>>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "cnreport.Tokenizer.v1"}}})
>>> [t.text for t in nlp("新增规上企业1.9万家")]
['新增规上企业', '1.9万家']

A Doc that carries a Report serialises (``doc.to_bytes()``, ``DocBin`` with
user data): importing this module (which loading a pipeline with the component
does) registers a msgpack encoder and decoder for Reports with srsly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from itertools import pairwise
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import DummyTokenizer, filter_spans, get_words_and_spaces, registry
from spacy.vocab import Vocab

from .chars import LONE_SURROGATE
from .report import parse
from .segment import SEGMENTERS
from .tokenize import tokenize
from .types import Entity, Quantity, Report

__all__ = ["CnreportComponent", "CnreportTokenizer", "align_tokens", "create_tokenizer", "make_cnreport", "span_label"]

if not Doc.has_extension("cnreport"):
    Doc.set_extension("cnreport", default=None)


def _span_item(span: Span) -> Entity | Quantity | None:
    report = span.doc._.cnreport
    if not isinstance(report, Report):
        return None
    items: tuple[Entity | Quantity, ...] = (*report.entities, *report.quantities)
    for item in items:
        if item.start == span.start_char and item.end == span.end_char and span_label(item) == span.label_:
            return item
    return None


if not Span.has_extension("cnreport"):
    Span.set_extension("cnreport", getter=_span_item)


def span_label(item: Entity | Quantity) -> str:
    """The span label of an item: the entity's label, or the quantity's kind in capitals."""
    if isinstance(item, Entity):
        return item.label.value
    return item.kind.value.upper()


def align_tokens(doc: Doc, offsets: Iterable[int]) -> Doc:
    """Split every token of ``doc`` that one of ``offsets`` (character offsets) falls
    strictly inside, so that each offset is a token boundary.  Trailing whitespace
    stays with the last piece; a parsed token's first piece keeps its head."""
    cuts = sorted(set(offsets))
    if not cuts:
        return doc
    splits: list[tuple[Any, list[str]]] = []
    k = 0
    for token in doc:
        a = token.idx
        b = a + len(token.text)
        while k < len(cuts) and cuts[k] <= a:
            k += 1
        inner = []
        while k < len(cuts) and cuts[k] < b:
            inner.append(cuts[k])
            k += 1
        if inner:
            bounds = [a, *inner, b]
            splits.append((token, [doc.text[x:y] for x, y in pairwise(bounds)]))
    if splits:
        parsed = doc.has_annotation("DEP")
        with doc.retokenize() as retok:
            for token, orths in splits:
                first = token.head if parsed and token.head.i != token.i else (token, 0)
                retok.split(token, orths, heads=[first] + [(token, 0)] * (len(orths) - 1))
    return doc


def _iso_date(value: object) -> date | None:
    """The component's ``reference_date`` setting: an ISO date (2021-07-15), or None."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise TypeError(
            f"the reference_date setting must be an ISO date string like 2021-07-15, got {type(value).__name__}"
        )
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(
            f"the reference_date setting must be an ISO date like 2021-07-15, got {value!r}: {exc}"
        ) from None


class CnreportComponent:
    """The ``"cnreport"`` pipeline component (see the module's documentation)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "cnreport",
        *,
        spans_key: str = "cnreport",
        set_ents: bool = True,
        reference_date: str | None = None,
        gazetteer: dict[str, list[str]] | None = None,
    ) -> None:
        if not isinstance(spans_key, str) or not spans_key:
            raise ValueError(f"spans_key must be a non-empty string, got {spans_key!r}")
        self.name = name
        self.spans_key = spans_key
        self.set_ents = set_ents
        self.reference_date = _iso_date(reference_date)
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        report = parse(doc.text, reference_date=self.reference_date, gazetteer=self.gazetteer)
        return self.annotate(doc, report)

    def annotate(self, doc: Doc, report: Report) -> Doc:
        """Set the spans, the entities and ``doc._.cnreport`` from ``report``,
        a Report of ``doc.text``."""
        if report.text != doc.text:
            raise ValueError("report.text is not the text of the Doc")
        items: list[Entity | Quantity] = sorted(
            (*report.entities, *report.quantities), key=lambda i: (i.start, -i.end, span_label(i))
        )
        doc = align_tokens(doc, (x for item in items for x in (item.start, item.end)))
        spans, entities = [], []
        for item in items:
            span = doc.char_span(item.start, item.end, label=span_label(item))
            if span is None:  # an edge inside whitespace: cannot happen with cnreport's items
                span = doc.char_span(item.start, item.end, label=span_label(item), alignment_mode="expand")
            if span is not None:
                spans.append(span)
                if isinstance(item, Entity):
                    entities.append(span)
        doc.spans[self.spans_key] = spans
        if self.set_ents:
            doc.ents = filter_spans(entities)
        doc._.cnreport = report
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(
    "cnreport",
    default_config={"spans_key": "cnreport", "set_ents": True, "reference_date": None, "gazetteer": None},
)
def make_cnreport(
    nlp: Language,
    name: str,
    spans_key: str,
    set_ents: bool,
    reference_date: str | None,
    gazetteer: dict[str, list[str]] | None,
) -> CnreportComponent:
    """``nlp.add_pipe("cnreport", config={...})``: ``spans_key`` (default
    ``"cnreport"``), ``set_ents`` (default true), ``reference_date`` (ISO date
    for relative times) and ``gazetteer`` ({label: [names]}) as in ``parse``."""
    return CnreportComponent(
        nlp, name, spans_key=spans_key, set_ents=set_ents, reference_date=reference_date, gazetteer=gazetteer
    )


class CnreportTokenizer(DummyTokenizer):
    """A spaCy tokenizer giving ``cnreport.tokenize``'s tokens (whitespace kept as spaCy keeps it)."""

    def __init__(self, vocab: Vocab, segmenter: str = "jieba", pkuseg_model: str | None = None) -> None:
        if segmenter not in SEGMENTERS:
            raise ValueError(f"segmenter must be one of {list(SEGMENTERS)}, got {segmenter!r}")
        self.vocab = vocab
        self.segmenter = segmenter
        self.pkuseg_model = pkuseg_model

    def __call__(self, text: str) -> Doc:
        odd = LONE_SURROGATE.search(text) if isinstance(text, str) and not text.isascii() else None
        if odd is not None:
            raise ValueError(
                f"a spaCy Doc holds its text as UTF-8, which cannot hold the lone surrogate "
                f"U+{ord(odd.group()):04X} at offset {odd.start()}: replace it (cnreport.parse reads such a text)"
            )
        tokens = tokenize(text, self.segmenter, pkuseg_model=self.pkuseg_model)
        words, spaces = get_words_and_spaces([t.text for t in tokens], text)
        return Doc(self.vocab, words=words, spaces=spaces)


@registry.tokenizers("cnreport.Tokenizer.v1")  # type: ignore[untyped-decorator]
def create_tokenizer(
    segmenter: str = "jieba", pkuseg_model: str | None = None
) -> Callable[[Language], CnreportTokenizer]:
    """``[nlp.tokenizer] @tokenizers = "cnreport.Tokenizer.v1"`` with ``segmenter``
    (jieba, pkuseg or char) and, for pkuseg, ``pkuseg_model`` (a folder)."""

    def make(nlp: Language) -> CnreportTokenizer:
        return CnreportTokenizer(nlp.vocab, segmenter, pkuseg_model)

    return make


# ---------------------------------------------------------------------------
# a Report inside a Doc's user data survives msgpack (doc.to_bytes, DocBin)

_MARK = "__cnreport_report__"


def encode_report(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, Report):
        return {_MARK: obj.to_dict()}
    return obj if chain is None else chain(obj)


def decode_report(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    if isinstance(obj, dict) and _MARK in obj:
        return Report.from_dict(obj[_MARK])
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("cnreport.report", func=encode_report)
srsly.msgpack_decoders.register("cnreport.report", func=decode_report)
