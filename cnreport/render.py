"""A review page: the report's text with its entities and quantities highlighted by
displaCy, and its indicator and project tables below.

``render(report_or_text)`` returns one self-contained HTML page (UTF-8, no
script, no external resource).  Each paragraph is drawn by displaCy's span
style, which shows overlapping items (a company inside a project name, a
quantity inside either) as stacked underlines, each labelled with the entity
label or the quantity's kind and the item's number.  The number links to the
item's row in the table of items (what the library read: ``6152000000 CNY``,
the normalised name, the rule), which links to the indicator or project row
that uses the item.  Every row shows the offsets of its source text.  The page
needs spaCy (``pip install 'cnreport[spacy]'``).

>>> page = render("园区完成投资1.2亿元。")
>>> page.startswith("<!DOCTYPE html>") and "1.2亿元" in page and "120000000 CNY" in page
True
>>> 'href="#item-1">1</a>' in page
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from itertools import pairwise
from typing import Any

from .report import parse
from .types import Change, Entity, Indicator, ProjectRecord, Quantity, Report, TimeExpression

__all__ = ["COLORS", "render"]

# label -> background: entities in distinct hues, quantities in warm ones
COLORS = {
    "COMPANY": "#7aecec",
    "PROJECT": "#bfe1d9",
    "WATER": "#9cc9fc",
    "PLACE": "#c5b4fa",
    "MONEY": "#ffcf7a",
    "PERCENT": "#fec38f",
    "PERCENTAGE_POINT": "#fec38f",
    "COUNT": "#f2e28c",
    "MASS": "#f7c5a4",
    "AREA": "#f7c5a4",
    "LENGTH": "#f7c5a4",
    "VOLUME": "#f7c5a4",
    "ENERGY": "#f7c5a4",
    "POWER": "#f7c5a4",
    "ELECTRICITY": "#f7c5a4",
    "DURATION": "#f7c5a4",
    "VOLTAGE": "#f7c5a4",
    "DATA_SIZE": "#f7c5a4",
    "OTHER": "#e4e7d2",
}

# displaCy's span templates with class names, so that the page can be read back
_TEMPLATES = {
    "span": (
        '<span class="cnr-token" style="font-weight: bold; display: inline-block; position: relative; '
        'height: {total_height}px;">{text}{span_slices}{span_starts}</span>'
    ),
    "slice": (
        '<span class="cnr-slice" data-top="{top_offset}" style="background: {bg}; top: {top_offset}px; '
        'height: 4px; left: -1px; width: calc(100% + 2px); position: absolute;"></span>'
    ),
    "start": (
        '<span class="cnr-start" data-top="{top_offset}" style="background: {bg}; top: {top_offset}px; '
        "height: 4px; border-top-left-radius: 3px; border-bottom-left-radius: 3px; left: -1px; "
        'width: calc(100% + 2px); position: absolute;"><span class="cnr-label" style="background: {bg}; '
        "z-index: 10; color: #000; top: -0.5em; padding: 2px 3px; position: absolute; font-size: 0.6em; "
        'font-weight: bold; line-height: 1; border-radius: 3px; white-space: nowrap;">{label}{kb_link}</span></span>'
    ),
}

_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       font-size: 16px; margin: 2rem auto; max-width: 72rem; padding: 0 1.5rem; color: #222; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.2rem; margin-top: 2.5rem; }}
dl.meta {{ display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }}
dl.meta dt {{ font-weight: bold; }} dl.meta dd {{ margin: 0; }}
#text .spans {{ margin-bottom: 0.8rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9rem; }}
th, td {{ border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }} td.num {{ text-align: right; white-space: nowrap; }}
tr:target {{ background: #fff6cc; }} td a {{ white-space: nowrap; }}
</style>
</head>
<body>
<h1>{title}</h1>
{meta}
<h2>Text</h2>
<section id="text">
{text}
</section>
<h2>Items ({n_items})</h2>
<section id="items">
{items}
</section>
<h2>Indicators ({n_indicators})</h2>
<section id="indicators">
{indicators}
</section>
<h2>Projects ({n_projects})</h2>
<section id="projects">
{projects}
</section>
</body>
</html>
"""


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def quantity_value(q: Quantity) -> str:
    """What the library read from a quantity, for a reader: ``6152000000 CNY``,
    ``6–8 家``, ``masked 亿元``, with the approximation after it."""
    if q.masked:
        shown = f"masked {q.unit}"
    elif q.value is None and (q.low is not None or q.high is not None):
        shown = f"{_number(q.low)}–{_number(q.high)} {q.unit}"
    else:
        shown = f"{_number(q.value)} {q.unit}"
    return f"{shown} ({q.approx.value})" if q.approx else shown


def _change(c: Change | None) -> str:
    if c is None:
        return ""
    if c.masked:
        return f"masked {c.unit} ({c.basis.value})"
    against = f", against {c.against}" if c.against else ""
    return f"{_number(c.value)} {c.unit} ({c.basis.value}{against})"


def _period(t: TimeExpression | None) -> str:
    if t is None:
        return ""
    days = f" [{t.first_day} – {t.last_day}]" if t.first_day and t.last_day else ""
    return f"{t.text}{days}"


def _quantity_cell(q: Quantity | None) -> str:
    return "" if q is None else f"{q.text} = {quantity_value(q)}"


def _label(item: Entity | Quantity) -> str:
    return item.label.value if isinstance(item, Entity) else item.kind.value.upper()


def _links(report: Report) -> dict[tuple[int, int, str], str]:
    """The anchor of the table row that uses each item, by (start, end, label)."""
    out: dict[tuple[int, int, str], str] = {}
    for i, ind in enumerate(report.indicators, 1):
        for q in (ind.value, ind.progress):
            if q is not None:
                out.setdefault((q.start, q.end, _label(q)), f"indicator-{i}")
    for i, pr in enumerate(report.projects, 1):
        for q in (pr.investment, pr.spent, pr.capacity, pr.group_total):
            if q is not None:
                out.setdefault((q.start, q.end, _label(q)), f"project-{i}")
        for e in report.entities:
            if e.label.value == "PROJECT" and pr.start <= e.start and e.end <= pr.end and e.name == pr.name:
                out.setdefault((e.start, e.end, "PROJECT"), f"project-{i}")
    return out


def _paragraphs(text: str, items: Sequence[Entity | Quantity]) -> list[tuple[int, int]]:
    """``(start, end)`` of each line with text, never cutting an item."""
    inside = bytearray(len(text) + 1)
    for item in items:
        inside[item.start + 1 : item.end] = b"\x01" * max(0, item.end - item.start - 1)
    out = []
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n" and not inside[i]:
            if text[start:i].strip():
                out.append((start, i))
            start = i + 1
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _items(report: Report) -> list[Entity | Quantity]:
    """The highlighted items in text order, the longer first where two start together."""
    return sorted((*report.entities, *report.quantities), key=lambda i: (i.start, -i.end, _label(i)))


def _displacy_docs(report: Report, items: Sequence[Entity | Quantity]) -> list[dict[str, Any]]:
    numbers = {id(it): n for n, it in enumerate(items, 1)}
    text = report.text
    docs: list[dict[str, Any]] = []
    k = 0
    for a, b in _paragraphs(text, items):
        while k < len(items) and items[k].start < a:
            k += 1
        para = []
        while k < len(items) and items[k].start < b:
            para.append(items[k])
            k += 1
        cuts = sorted({a, b, *(x for it in para for x in (it.start, it.end))})
        index = {c: i for i, c in enumerate(cuts)}
        spans = []
        for it in para:
            n = numbers[id(it)]
            spans.append(
                {
                    "start_token": index[it.start],
                    "end_token": index[it.end],
                    "label": _label(it),
                    "kb_id": str(n),
                    "kb_url": f"#item-{n}",
                }
            )
        tokens = [text[x:y] for x, y in pairwise(cuts)]
        docs.append({"text": text[a:b], "tokens": tokens, "spans": spans, "settings": {"lang": "zh"}})
    return docs


@dataclass(frozen=True, slots=True)
class _Link:
    """A table cell that links to a row of the page."""

    text: str
    anchor: str


_Row = tuple[str, Sequence["str | _Link"]]


def _cell(value: str | _Link, numeric: bool) -> str:
    inner = escape(value) if isinstance(value, str) else f'<a href="#{value.anchor}">{escape(value.text)}</a>'
    return f'<td class="num">{inner}</td>' if numeric else f"<td>{inner}</td>"


def _table(headers: Iterable[str], rows: Iterable[_Row], numeric: set[int]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for anchor, cells in rows:
        tds = "".join(_cell(c, j in numeric) for j, c in enumerate(cells))
        body.append(f'<tr id="{anchor}">{tds}</tr>')
    if not body:
        return "<p>None found.</p>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _item_rows(items: Sequence[Entity | Quantity], links: dict[tuple[int, int, str], str]) -> list[_Row]:
    rows: list[_Row] = []
    for n, it in enumerate(items, 1):
        label = _label(it)
        read = quantity_value(it) if isinstance(it, Quantity) else it.name
        rule = it.rule if isinstance(it, Entity) else ""
        anchor = links.get((it.start, it.end, label))
        used: str | _Link = _Link(anchor.replace("-", " "), anchor) if anchor else ""
        rows.append((f"item-{n}", [str(n), label, it.text, read, rule, used, f"{it.start}–{it.end}"]))
    return rows


def _indicator_rows(indicators: Sequence[Indicator]) -> list[_Row]:
    rows: list[_Row] = [
        (
            f"indicator-{i}",
            [
                str(i),
                ind.name,
                ind.indicator or "",
                _quantity_cell(ind.value),
                _change(ind.change),
                _quantity_cell(ind.progress),
                _period(ind.period),
                ind.status.value,
                ind.stance.value,
                ind.region or "",
                f"{ind.start}–{ind.end}",
            ],
        )
        for i, ind in enumerate(indicators, 1)
    ]
    return rows


def _project_rows(projects: Sequence[ProjectRecord]) -> list[_Row]:
    rows: list[_Row] = [
        (
            f"project-{i}",
            [
                str(i),
                pr.name,
                pr.company or "",
                _quantity_cell(pr.investment),
                _quantity_cell(pr.spent),
                _quantity_cell(pr.capacity),
                pr.status or "",
                _period(pr.period),
                pr.group or "",
                _quantity_cell(pr.group_total),
                pr.stance.value,
                f"{pr.start}–{pr.end}",
            ],
        )
        for i, pr in enumerate(projects, 1)
    ]
    return rows


def _meta(report: Report) -> str:
    fields = [
        ("Issuer", report.issuer),
        ("Published", report.published.isoformat() if report.published else None),
        ("Document number", report.doc_number),
        ("Reference date", report.reference_date.isoformat() if report.reference_date else None),
        ("Document id", report.doc_id),
        (
            "Site matter",
            None
            if report.page_end is None
            else f"from character {report.page_end} on (the web page's own, not read as the report)",
        ),
        (
            "Found",
            f"{len(report.quantities)} quantities, {len(report.entities)} entities, "
            f"{len(report.times)} times, {len(report.indicators)} indicators, {len(report.projects)} projects",
        ),
    ]
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in fields if v)
    return f'<dl class="meta">{rows}</dl>'


_ITEM_COLUMNS = ("#", "label", "text", "read as", "rule", "used in", "offsets")
_INDICATOR_COLUMNS = (
    "#",
    "name",
    "indicator",
    "value",
    "change",
    "progress",
    "period",
    "status",
    "stance",
    "region",
    "offsets",
)
_PROJECT_COLUMNS = (
    "#",
    "name",
    "company",
    "investment",
    "spent",
    "capacity",
    "status",
    "period",
    "group",
    "group total",
    "stance",
    "offsets",
)


def render(report: Report | str) -> str:
    """The review page of ``report`` (a ``Report``, or a text that is parsed first) as HTML."""
    if isinstance(report, str):
        report = parse(report)
    elif not isinstance(report, Report):
        raise TypeError(f"report must be a Report or str, got {type(report).__name__}")
    try:
        from spacy import displacy
    except ImportError:
        raise ImportError("cnreport.render needs spaCy's displaCy: pip install 'cnreport[spacy]'") from None
    items = _items(report)
    docs = _displacy_docs(report, items)
    text = ""
    if docs:
        options = {"colors": COLORS, "template": _TEMPLATES}
        text = displacy.render(docs, style="span", manual=True, jupyter=False, options=options)
    item_table = _table(_ITEM_COLUMNS, _item_rows(items, _links(report)), {0, 6})
    indicators = _table(
        _INDICATOR_COLUMNS,
        _indicator_rows(report.indicators),
        {0, 10},
    )
    projects = _table(_PROJECT_COLUMNS, _project_rows(report.projects), {0, len(_PROJECT_COLUMNS) - 1})
    return _PAGE.format(
        title=escape(report.title or report.doc_id or "cnreport"),
        meta=_meta(report),
        text=text,
        n_items=len(items),
        items=item_table,
        n_indicators=len(report.indicators),
        n_projects=len(report.projects),
        indicators=indicators,
        projects=projects,
    )
