"""``parse``: one pass from text to a ``Report``."""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import MAXYEAR, MINYEAR, date, datetime
from typing import Protocol, TypeVar

from . import wrapping
from .entities import core as entity_core
from .entities import extract_entities, modules, toolkit
from .loader import on_forget, tolerate_packs
from .normalize import Normalized, normalize
from .numbers import CN_NUMERAL_CHARS
from .quantities import extract_quantities
from .records import build_records
from .structure import dated_year, extract_document, past_year
from .times import after_part, extract_times, outline_date, plan_spans, review_spans, time_rules
from .types import Entity, Kind, Label, Quantity, Report, SiteKind, SiteSpan, TimeExpression

__all__ = ["parse"]

# the entity layer's caches of the rules, built afresh when a rule pack is left out
on_forget(
    toolkit.shared_rules.cache_clear,
    modules.cache_clear,
    entity_core.default_extractor.cache_clear,
    entity_core._extractor_for.cache_clear,
)

_NO_REFERENCE = (
    "no reference date: the text gives no date of its own, so relative times (今年, 上半年, 1-6月) "
    "are left unresolved; pass parse(text, reference_date=datetime.date(...)) to resolve them"
)

_INFERRED_REFERENCE = (
    "no reference date: the text gives no date of delivery (at most the page's own date, of another "
    "year), so relative times (今年, 全年) are resolved against {0}, {1}; pass "
    "parse(text, reference_date=datetime.date(...)) to resolve them against another date"
)


def _check_text(text: object) -> str:
    if isinstance(text, str):
        return text
    hint = ": decode it first, e.g. data.decode('utf-8')" if isinstance(text, bytes | bytearray) else ""
    raise TypeError(f"text must be str, got {type(text).__name__}{hint}")


def _check_reference(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"reference_date must be a datetime.date or None, got {type(value).__name__} ({value!r})")


def _check_gazetteer(value: object) -> dict[str, tuple[str, ...]] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError(f"gazetteer must be a mapping of label to names, got {type(value).__name__}")
    labels = {label.value for label in Label}
    out: dict[str, tuple[str, ...]] = {}
    for key, names in value.items():
        label = key.value if isinstance(key, Label) else key
        if label not in labels:
            raise ValueError(f"gazetteer label must be one of {sorted(labels)}, got {key!r}")
        if isinstance(names, str) or not isinstance(names, Iterable):
            raise TypeError(f"gazetteer[{key!r}] must be a list of names, got {type(names).__name__}")
        items = tuple(names)
        bad = [n for n in items if not isinstance(n, str) or not n]
        if bad:
            raise TypeError(f"gazetteer[{key!r}] must hold non-empty strings, got {bad[0]!r}")
        out[label] = items
    return out


@tolerate_packs
def parse(
    text: str,
    *,
    reference_date: date | None = None,
    gazetteer: Mapping[str, Iterable[str]] | None = None,
    doc_id: str | None = None,
) -> Report:
    """Parse one report.

    ``reference_date`` resolves relative times (今年, 1-6月); without it the
    report's own publication date is used, and without that they stay
    unresolved.  ``gazetteer`` adds names the rules cannot see, by label
    (``{"COMPANY": ["某某科技"]}``).  ``doc_id`` is carried into ``cnreport.tables(report)``.

    >>> r = parse("上半年园区规上工业总产值48.3亿元，同比增长9.6%。")
    >>> [(q.text, q.unit, q.value) for q in r.quantities]
    [('48.3亿元', 'CNY', Decimal('4830000000')), ('9.6%', '%', Decimal('9.6'))]
    """
    text = _check_text(text)
    reference = _check_reference(reference_date)
    names = _check_gazetteer(gazetteer)
    if doc_id is not None and not isinstance(doc_id, str):
        raise TypeError(f"doc_id must be str or None, got {type(doc_id).__name__}")
    # a text wrapped into lines (out of a PDF) is read with the wraps taken out; every span
    # then points back into the caller's text, breaks inside it included
    report = wrapping.read(normalize(text), lambda norm: _parse(norm, reference, names, doc_id))
    return report if report.text is text else dataclasses.replace(report, text=text)


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...


_S = TypeVar("_S", bound=_Spanned)


def _days_unknown(times: tuple[TimeExpression, ...], inferred: date | None) -> tuple[TimeExpression, ...]:
    """With a reference inferred from a year alone (its first day), a time that a word for the
    present resolves to that one day (今天, 截至目前, 今年以来: the first of January to itself)
    is unresolved: the year is known, the day is not (元旦, 1月1日 of that year keep theirs)."""
    if inferred is None:
        return times
    rules = time_rules()
    # what may stand beside the word for the present: 截至, 以来, 起 (not 1月1日, 元旦)
    beside = sorted({*rules.as_of, *rules.suffixes, *rules.range_start}, key=len, reverse=True)

    def by_the_present(text: str) -> bool:
        rest = text
        for w in sorted(rules.now_words, key=len, reverse=True):
            rest = rest.replace(w, "")
        if rest == text:
            return False
        for w in beside:
            rest = rest.replace(w, "")
        return rest.strip() == ""

    return tuple(
        dataclasses.replace(t, first_day=None, last_day=None)
        if t.first_day == t.last_day == inferred and by_the_present(t.text)
        else t
        for t in times
    )


def _report_only(found: tuple[_S, ...], site: list[tuple[int, int]]) -> tuple[_S, ...]:
    """The items of ``found`` that start in none of the ``site`` spans (sorted, apart)."""
    if not site:
        return found
    starts = [a for a, _b in site]

    def on_site(x: _S) -> bool:
        i = bisect_right(starts, x.start) - 1
        return i >= 0 and x.start < site[i][1]

    if not any(map(on_site, found)):
        return found
    return tuple(x for x in found if not on_site(x))


def _outside_companies(quantities: tuple[Quantity, ...], entities: tuple[Entity, ...]) -> tuple[Quantity, ...]:
    """The quantities less the counts in Chinese numerals that open or stand inside a company's
    name the entities hold (三棵树, 三只松鼠: a brand, not three trees)."""
    names = sorted((e.start, e.end) for e in entities if e.label is Label.COMPANY)  # apart: labels never nest
    if not names:
        return quantities
    starts = [a for a, _b in names]

    def in_name(q: Quantity) -> bool:
        if q.kind is not Kind.COUNT or q.text[:1] not in CN_NUMERAL_CHARS:
            return False
        i = bisect_right(starts, q.start) - 1
        return i >= 0 and q.end < names[i][1]

    return tuple(q for q in quantities if not in_name(q))


def _parse(
    norm: Normalized, reference: date | None, names: Mapping[str, Iterable[str]] | None, doc_id: str | None
) -> Report:
    text = norm.original
    doc = extract_document(norm)
    inferred = None
    if reference is None:
        reference = doc.published
        # the year the headings point to (the reviewed year is the one before: a report is
        # delivered at the start of its year), else the one a report's title names
        # (2021年某县政府工作报告) unless the page is dated earlier (规划和2035年远景目标纲要)
        day = outline_date(doc.sections)
        year, source = (day.year if day else None), "the year its headings point to"
        if year is None:
            year, source = dated_year(doc.title), "the year its title names"
            if year is not None and reference is not None and year > reference.year:
                year = None
            if year is not None and doc.title:
                # 某县2022年上半年工作总结: 1 July; a summary of a last quarter stays in its year
                day = after_part(normalize(doc.title).text, year)
        if year is None and reference is None:  # 刚刚过去的2016年 in a report that dates nothing else
            year, source = past_year(norm.text), "the year it calls just past"
        # no date of delivery, or only the page's own date, of another year (a report of 2022
        # posted again in 2023): that year is the better guess
        page_only = reference is not None and reference == doc.page_date and year != reference.year
        if (reference is None or page_only) and year is not None and MINYEAR < year < MAXYEAR:
            # the day after a part of a year its headings or title review (…上半年工作总结: 1 July)
            reference = inferred = day if day is not None and day.year == year else date(year, 1, 1)
    # what the page says of itself (来源：某某日报, 作者：…) and prints after the report (share
    # links, other pages' titles, a tag cloud) is no part of it: its places, dates and figures
    # are not the report's
    spans = tuple(SiteSpan(a, b, SiteKind.FIELD) for a, b in doc.page_fields)
    if doc.page_end is not None:
        spans += (SiteSpan(doc.page_end, len(text), SiteKind.TAIL),)
    site = [(x.start, x.end) for x in spans]
    entities = _report_only(extract_entities(norm, names), site)
    report = Report(
        text=text,
        quantities=_outside_companies(_report_only(extract_quantities(norm), site), entities),
        entities=entities,
        times=_days_unknown(
            _report_only(
                extract_times(
                    norm, reference, review_spans(doc.sections, reference), plan_spans(doc.sections, reference)
                ),
                site,
            ),
            inferred,
        ),
        title=doc.title,
        published=doc.published,
        page_date=doc.page_date,
        issuer=doc.issuer,
        doc_number=doc.doc_number,
        reference_date=reference,
        sections=doc.sections,
        doc_id=doc_id,
        site=spans,
    )
    if reference is None and any(t.first_day is None and not t.masked for t in report.times):
        report = dataclasses.replace(report, warnings=(_NO_REFERENCE,))
    elif inferred is not None:
        report = dataclasses.replace(report, warnings=(_INFERRED_REFERENCE.format(inferred.isoformat(), source),))
    indicators, projects = build_records(report, norm)
    if indicators or projects:
        report = dataclasses.replace(report, indicators=indicators, projects=projects)
    return report
