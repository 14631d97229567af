"""Flat rows per table, for pandas, pyarrow or csv.

``tables(report)`` gives every layer of a report as rows.  Every row is a dict
of plain scalars (str, int, float, bool or None) with the same keys in every
row of a table, starting with ``doc_id``, so a list of rows goes straight into
``pandas.DataFrame``, ``pyarrow.Table.from_pylist`` or ``csv.DictWriter``.
``TYPES`` gives each column's type and ``arrow_schema`` the matching pyarrow
schema (dates, given as ISO strings in the rows, become ``date32`` there).

>>> import cnreport
>>> r = cnreport.parse("全镇新增企业5家。", doc_id="town-2020")
>>> cnreport.tables(r)["quantities"][0]["text"], cnreport.tables(r)["documents"][0]["chars"]
('5家', 9)
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from .chars import LONE_SURROGATE
from .types import Report, _jsonable

if TYPE_CHECKING:
    import pyarrow

    from .batch import Failure
    from .types import Change, Quantity, Section, TimeExpression

__all__ = ["COLUMNS", "TYPES", "arrow_schema", "schema_of", "tables", "to_arrow"]

Row = dict[str, Any]

COLUMNS: dict[str, tuple[str, ...]] = {
    "quantities": (
        "doc_id",
        "start",
        "end",
        "text",
        "kind",
        "unit",
        "value",
        "approx",
        "masked",
        "low",
        "high",
        "to",
        "section",
    ),
    "entities": ("doc_id", "start", "end", "text", "label", "name", "rule", "section"),
    "times": ("doc_id", "start", "end", "text", "kind", "first_day", "last_day", "masked", "section"),
    "indicators": (
        "doc_id",
        "start",
        "end",
        "name",
        "indicator",
        "value",
        "unit",
        "value_text",
        "value_masked",
        "approx",
        "value_low",
        "value_high",
        "change",
        "change_unit",
        "change_basis",
        "change_masked",
        "change_against",
        "change_approx",
        "change_low",
        "change_high",
        "change_from",
        "progress",
        "progress_text",
        "period",
        "period_first_day",
        "period_last_day",
        "status",
        "stance",
        "region",
    ),
    "projects": (
        "doc_id",
        "start",
        "end",
        "name",
        "company",
        "investment",
        "investment_unit",
        "investment_text",
        "spent",
        "spent_unit",
        "spent_text",
        "capacity",
        "capacity_unit",
        "capacity_text",
        "status",
        "period",
        "period_first_day",
        "period_last_day",
        "group",
        "group_total",
        "group_total_unit",
        "stance",
    ),
    "sections": ("doc_id", "id", "parent", "level", "marker", "heading", "start", "end", "stance"),
    "documents": (
        "doc_id",
        "title",
        "published",
        "issuer",
        "doc_number",
        "reference_date",
        "chars",
        "page_end",
        "error",
    ),
}

ColumnType = Literal["str", "int", "float", "bool", "date"]

_INT = {"start", "end", "id", "parent", "level", "chars", "page_end"}
_FLOAT = {
    "value",
    "low",
    "high",
    "to",
    "value_low",
    "value_high",
    "change",
    "change_low",
    "change_high",
    "change_from",
    "progress",
    "investment",
    "spent",
    "capacity",
    "group_total",
}
_BOOL = {"masked", "value_masked", "change_masked"}
_DATE = {
    "first_day",
    "last_day",
    "period_first_day",
    "period_last_day",
    "published",
    "reference_date",
}


def _type(column: str) -> ColumnType:
    if column in _INT:
        return "int"
    if column in _FLOAT:
        return "float"
    if column in _BOOL:
        return "bool"
    if column in _DATE:
        return "date"
    return "str"


TYPES: dict[str, dict[str, ColumnType]] = {name: {c: _type(c) for c in cols} for name, cols in COLUMNS.items()}
"""The type of every column: ``value`` columns are floats (exact values are in the JSON output),
dates are ISO strings in the rows and ``date32`` in ``arrow_schema``."""

SOURCED_DOCUMENTS: dict[str, ColumnType] = {
    **{k: v for k, v in TYPES["documents"].items() if k != "error"},
    "source": "str",
    "encoding": "str",
    "error": "str",
}
"""The ``documents`` columns of a run over files (the CLI's, Dask's): where each input came from,
and why it could not be read or parsed, last."""


def schema_of(columns: dict[str, ColumnType]) -> pyarrow.Schema:
    """The pyarrow schema of columns given as name: type (needs pyarrow)."""
    import pyarrow as pa

    kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32()}
    return pa.schema([(name, kinds[kind]) for name, kind in columns.items()])


def arrow_schema(table: str, extra: dict[str, ColumnType] | None = None) -> pyarrow.Schema:
    """The pyarrow schema of ``table``, with ``extra`` columns appended (needs pyarrow)."""
    return schema_of({**TYPES[table], **(extra or {})})


def _typed(value: Any, kind: ColumnType) -> Any:
    """A row value as pyarrow takes it for a column of type ``kind``; what does not fit becomes None."""
    if value is None:
        return None
    if kind == "date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return None
    if kind == "float":
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if kind == "int":
        if isinstance(value, int):
            return int(value)
        try:
            return int(str(value))
        except ValueError:
            return None
    if kind == "bool":
        return value if isinstance(value, bool) else None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    # a lone surrogate, which Arrow cannot hold, is written as U+FFFD: one character for one, so
    # that offsets into the text still hold
    return text if text.isascii() else LONE_SURROGATE.sub("\ufffd", text)


def to_arrow(rows: list[Row], columns: dict[str, ColumnType]) -> pyarrow.Table:
    """Rows as a pyarrow Table with the given columns and types (dates as ``date32``; needs pyarrow)."""
    import pyarrow as pa

    data = {name: [_typed(row.get(name), kind) for row in rows] for name, kind in columns.items()}
    return pa.Table.from_pydict(data, schema=schema_of(columns))


def _q(prefix: str, q: Quantity | None) -> Row:
    return {
        prefix: None if q is None else _jsonable(q.value),
        f"{prefix}_unit": None if q is None else q.unit,
        f"{prefix}_text": None if q is None else q.text,
    }


def _t(prefix: str, t: TimeExpression | None) -> Row:
    return {
        prefix: None if t is None else t.text,
        f"{prefix}_first_day": None if t is None or t.first_day is None else t.first_day.isoformat(),
        f"{prefix}_last_day": None if t is None or t.last_day is None else t.last_day.isoformat(),
    }


def _c(c: Change | None) -> Row:
    return {
        "change": None if c is None else _jsonable(c.value),
        "change_unit": None if c is None else c.unit,
        "change_basis": None if c is None else c.basis.value,
        "change_masked": None if c is None else c.masked,
        "change_against": None if c is None else (c.against or None),
        **change_extent(c),
    }


def change_extent(c: Change | None) -> Row:
    """What a change gives beyond its value: 左右 or 以上 (``change_approx``), the ends of a range
    (增长6%—6.5%: ``change_low``, ``change_high``) and the start of a from-to pair
    (从12件提高到19件: ``change_from``)."""
    return {
        "change_approx": None if c is None or c.approx is None else c.approx.value,
        "change_low": None if c is None else _jsonable(c.low),
        "change_high": None if c is None else _jsonable(c.high),
        "change_from": None if c is None else _jsonable(c.from_value),
    }


def _section_path(report: Report, offset: int) -> str | None:
    sec = report.section_at(offset)
    return sec.heading if sec is not None else None


def tables(report: Report | Failure) -> dict[str, list[Row]]:
    """All tables of one report, by name; see ``COLUMNS`` for their columns and ``TYPES`` for their types.

    ``quantities``, ``entities``, ``times``, ``indicators``, ``projects`` and
    ``sections`` hold a row per item; ``documents`` one row for the report.  A ``Failure`` of
    ``parse_many`` gives its ``documents`` row, with the ``error``, and no other rows, so that a
    table of documents built from a batch keeps every document, as the CLI's and Dask's do.
    """
    from .batch import Failure

    out: dict[str, list[Row]] = {name: [] for name in COLUMNS}
    if isinstance(report, Failure):
        out["documents"].append({"doc_id": report.doc_id, "error": f"{report.error}: {report.message}"})
        return {name: [{k: row.get(k) for k in COLUMNS[name]} for row in rows] for name, rows in out.items()}
    if not isinstance(report, Report):
        raise TypeError(f"tables takes one Report or Failure (of parse or parse_many), got {type(report).__name__}")
    doc = report.doc_id
    for q in report.quantities:
        out["quantities"].append({"doc_id": doc, **q.to_dict(), "section": _section_path(report, q.start)})
    for e in report.entities:
        out["entities"].append({"doc_id": doc, **e.to_dict(), "section": _section_path(report, e.start)})
    for t in report.times:
        out["times"].append({"doc_id": doc, **t.to_dict(), "section": _section_path(report, t.start)})
    for i in report.indicators:
        value = _q("value", i.value)
        progress = _q("progress", i.progress)
        out["indicators"].append(
            {
                "doc_id": doc,
                "start": i.start,
                "end": i.end,
                "name": i.name,
                "indicator": i.indicator,
                "value": value["value"],
                "unit": value["value_unit"],
                "value_text": value["value_text"],
                "value_masked": None if i.value is None else i.value.masked,
                "approx": None if i.value is None or i.value.approx is None else i.value.approx.value,
                "value_low": None if i.value is None else _jsonable(i.value.low),
                "value_high": None if i.value is None else _jsonable(i.value.high),
                **_c(i.change),
                "progress": progress["progress"],
                "progress_text": progress["progress_text"],
                **_t("period", i.period),
                "status": i.status.value,
                "stance": i.stance.value,
                "region": i.region,
            }
        )
    for p in report.projects:
        inv, cap, total = _q("investment", p.investment), _q("capacity", p.capacity), _q("group_total", p.group_total)
        out["projects"].append(
            {
                "doc_id": doc,
                "start": p.start,
                "end": p.end,
                "name": p.name,
                "company": p.company,
                **inv,
                **_q("spent", p.spent),
                **cap,
                "status": p.status,
                **_t("period", p.period),
                "group": p.group,
                "group_total": total["group_total"],
                "group_total_unit": total["group_total_unit"],
                "stance": p.stance.value,
            }
        )
    counter = 0

    def walk(sections: tuple[Section, ...], parent: int | None) -> None:
        nonlocal counter
        for s in sections:
            counter += 1
            me = counter
            out["sections"].append(
                {
                    "doc_id": doc,
                    "id": me,
                    "parent": parent,
                    "level": s.level,
                    "marker": s.marker,
                    "heading": s.heading,
                    "start": s.start,
                    "end": s.end,
                    "stance": s.stance.value,
                }
            )
            walk(s.children, me)

    walk(report.sections, None)
    out["documents"].append(
        {
            "doc_id": doc,
            "title": report.title,
            "published": _jsonable(report.published),
            "issuer": report.issuer,
            "doc_number": report.doc_number,
            "reference_date": _jsonable(report.reference_date),
            "chars": len(report.text),
            "page_end": report.page_end,
        }
    )
    return {name: [{k: row.get(k) for k in COLUMNS[name]} for row in rows] for name, rows in out.items()}
