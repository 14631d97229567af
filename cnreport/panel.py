"""From a folder of reports to a panel: one tidy row per region, year, indicator and period.

``panel(reports)`` turns parsed reports into rows with the columns of
``COLUMNS``: the document, its region and year, the indicator (canonical id and
name as written), the figure's period, value with range and approximation,
change, status and offsets.  Region and year come from ``manifest`` (or the
``fields`` given per document) and otherwise from the report's title.

Duplicates.  A report often quotes a figure more than once (in the summary and
again in its section), gives an estimate before the final number, and gives
both the past year's result and the coming year's target.  Within one
document, rows are grouped by (indicator, area, period, target or observed,
and, for a row with no level, its change's basis when it is on the period before, 环比, or
a gap to another area or time, 比全省平均水平高 with its base); then

1. targets (``status == "target"``, the plan) and observed figures (actual or
   estimate, the review) are never merged: they are different rows;
2. among observed figures, an actual one drops the estimates of its group;
3. rows that agree (equal value and change where both give one) are the same
   figure quoted again: one row is kept, the one giving the most (value and
   change), the earliest on ties, and ``mentions`` counts the quotes;
4. when figures of one group disagree, the first in the text is kept and
   ``conflicts`` counts the others.

Rows of different documents are never merged: ``doc_id`` is part of every
row, so a figure restated in next year's report stays a row of that report.
``dedupe=False`` gives every indicator row as found.

>>> import cnreport
>>> text = (
...     "一、2020年工作回顾\\n全年地区生产总值预计55亿元。全年地区生产总值完成56亿元，增长5.9%。"
...     "地区生产总值增长5.9%，好于预期。\\n二、2021年工作安排\\n地区生产总值增长6%以上。"
... )
>>> reports = [cnreport.parse(text, doc_id="reports/boye-2021.txt")]
>>> rows = cnreport.panel(reports, manifest={"boye-2021": {"region": "博野县", "year": 2021}})
>>> for r in rows:
...     print(r["region"], r["year"], r["indicator"], r["value"], r["change"], r["status"], r["mentions"])
博野县 2021 gdp 5600000000 5.9 actual 2
博野县 2021 gdp None 6 target 1
"""

from __future__ import annotations

import csv
import io
import json
import numbers
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .tables import ColumnType, change_extent, schema_of
from .types import Basis, Indicator, Label, Report, Status, _jsonable

if TYPE_CHECKING:
    import pyarrow

__all__ = ["COLUMNS", "TYPES", "ManifestError", "arrow_schema", "load_manifest", "panel", "panel_rows"]

Row = dict[str, Any]

TYPES: dict[str, ColumnType] = {
    "doc_id": "str",
    "region": "str",
    "year": "int",
    "indicator": "str",
    "name": "str",
    "area": "str",
    "period": "str",
    "period_first_day": "date",
    "period_last_day": "date",
    "value": "float",
    "low": "float",
    "high": "float",
    "unit": "str",
    "approx": "str",
    "masked": "bool",
    "value_text": "str",
    "change": "float",
    "change_unit": "str",
    "change_basis": "str",
    "change_against": "str",
    "change_approx": "str",
    "change_low": "float",
    "change_high": "float",
    "change_from": "float",
    "progress": "float",
    "status": "str",
    "stance": "str",
    "start": "int",
    "end": "int",
    "mentions": "int",
    "conflicts": "int",
}
"""Every column of the panel and its type (as ``TYPES`` of the ``cnreport.tables`` module)."""

COLUMNS: tuple[str, ...] = tuple(TYPES)


class ManifestError(ValueError):
    """A manifest that cannot be read; the message names the file and the problem."""


def arrow_schema() -> pyarrow.Schema:
    """The pyarrow schema of the panel (needs pyarrow)."""
    return schema_of(TYPES)


# ---------------------------------------------------------------------------
# manifests

_ID_KEYS = ("id", "doc_id", "file")


def _manifest_entries(path: Path) -> list[Mapping[str, Any]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ManifestError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: not UTF-8; save the manifest as UTF-8") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ManifestError(f"{path}: not valid JSON (line {exc.lineno}): {exc.msg}") from None
        if isinstance(data, dict):
            data = [{"id": key, **value} if isinstance(value, dict) else value for key, value in data.items()]
        if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
            raise ManifestError(f"{path}: expected a list of objects with id, region and year")
        return data
    if path.suffix.lower() == ".csv":
        return list(csv.DictReader(io.StringIO(text)))
    raise ManifestError(f"{path}: a manifest is a .json or .csv file")


def load_manifest(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Read a manifest (JSON: a list of objects, or an object keyed by id; CSV: a header row).

    Each entry needs an ``id`` (or ``doc_id``, or ``file``) and may give
    ``region``, ``year`` and anything else; the result maps id to entry.
    An id matches a document whose ``doc_id`` is the id, or whose file name
    or file stem is (``county-boye-2021`` matches ``reports/county-boye-2021.txt``).
    """
    p = Path(path)
    out: dict[str, dict[str, Any]] = {}
    for n, entry in enumerate(_manifest_entries(p), start=1):
        key = next((entry[k] for k in _ID_KEYS if entry.get(k) not in (None, "")), None)
        if key is None:
            raise ManifestError(f"{p}: entry {n} has no id (give an id, doc_id or file column)")
        key = str(key)
        if key in out:
            raise ManifestError(f"{p}: id {key!r} appears twice (entries {list(out).index(key) + 1} and {n})")
        try:
            _year(entry.get("year"))
        except ValueError as exc:
            raise ManifestError(f"{p}: entry {n} ({key}): {exc}") from None
        out[key] = dict(entry)
    return out


def _lookup(manifest: Mapping[str, Mapping[str, Any]], doc_id: str | None) -> Mapping[str, Any]:
    if doc_id is None:
        return {}
    for key in (doc_id, Path(doc_id).name, Path(doc_id).stem):
        if key in manifest:
            return manifest[key]
    return {}


# ---------------------------------------------------------------------------
# region and year


_YEAR_TEXT = re.compile(r"([0-9]+)(?:\.0*)?")  # 2021, or 2021.0 as pandas writes a column with gaps


def _year(value: object) -> int | None:
    """A manifest's or a table's year: an int, or a whole number written as a float or as text
    (2021, 2021.0, "2021", "2021.0": a column with gaps comes out of pandas as floats); None when
    it is empty.  Anything else raises ``ValueError``."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):  # int, numpy.int64
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):  # float, numpy.float64
        number = float(value)
        if number != number:  # NaN: no year
            return None
        if number.is_integer():
            return int(number)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()  # full-width digits too
        if not text:
            return None
        m = _YEAR_TEXT.fullmatch(text)
        if m is not None:
            return int(m.group(1))
    raise ValueError(f"the year {value!r} is no year: give a whole number such as 2021, or leave it empty")


def _title_span(report: Report) -> tuple[int, int] | None:
    if not report.title:
        return None
    at = report.text.find(report.title)
    return (at, at + len(report.title)) if at >= 0 else None


def document_region(report: Report) -> str | None:
    """The first place named in the report's title (2026年江苏省政府工作报告 gives 江苏省), or None."""
    span = _title_span(report)
    if span is None:
        return None
    for e in report.entities:
        if e.label is Label.PLACE and span[0] <= e.start and e.end <= span[1]:
            return e.name or e.text
    return None


def document_year(report: Report) -> int | None:
    """The year of the first dated time in the report's title (2026年江苏省政府工作报告 and
    桐溪镇2020年上半年工作报告 give 2026 and 2020), or None."""
    span = _title_span(report)
    if span is None:
        return None
    for t in report.times:
        if span[0] <= t.start and t.end <= span[1] and t.first_day is not None:
            return t.first_day.year
    return None


# ---------------------------------------------------------------------------
# rows


def _row(report: Report, i: Indicator, region: str | None, year: int | None) -> Row:
    v, c, p = i.value, i.change, i.period
    return {
        "doc_id": report.doc_id,
        "region": region,
        "year": year,
        "indicator": i.indicator,
        "name": i.name,
        "area": i.region,
        "period": None if p is None else p.text,
        "period_first_day": None if p is None else _jsonable(p.first_day),
        "period_last_day": None if p is None else _jsonable(p.last_day),
        "value": None if v is None else _jsonable(v.value),
        "low": None if v is None else _jsonable(v.low),
        "high": None if v is None else _jsonable(v.high),
        "unit": None if v is None else v.unit,
        "approx": None if v is None or v.approx is None else v.approx.value,
        "masked": None if v is None else v.masked,
        "value_text": None if v is None else v.text,
        "change": None if c is None else _jsonable(c.value),
        "change_unit": None if c is None else c.unit,
        "change_basis": None if c is None else c.basis.value,
        "change_against": None if c is None else (c.against or None),
        **change_extent(c),
        "progress": None if i.progress is None else _jsonable(i.progress.value),
        "status": i.status.value,
        "stance": i.stance.value,
        "start": i.start,
        "end": i.end,
        "mentions": 1,
        "conflicts": 0,
    }


def _key(row: Row) -> tuple[Any, ...]:
    if row["period_first_day"] is not None:
        period: tuple[Any, ...] = (row["period_first_day"], row["period_last_day"])
    else:
        period = (row["period"],)
    observed = row["status"] != Status.TARGET.value
    # a change on the period before (环比) or a gap to another area or time (比全省平均水平高) is a
    # figure of its own beside the change on the year before; a from-to pair (由52.2%提高到58.1%,
    # no change figure) is its end's level quoted again
    # (a level with its gap to another area is the level quoted again: 达到45.2%，高于全省…)
    basis: tuple[Any, ...] | None = None
    if row["value"] is None and row["change_basis"] == Basis.PREVIOUS_PERIOD.value:
        basis = (row["change_basis"],)
    elif row["value"] is None and row["change_basis"] == Basis.COMPARISON.value and row["change"] is not None:
        basis = (row["change_basis"], row["change_against"])
    return (row["indicator"] or row["name"], row["area"], period, observed, basis)


def _figure(row: Row) -> tuple[Any, ...]:
    return (
        row["value"],
        row["low"],
        row["high"],
        row["unit"],
        row["change"],
        row["change_low"],
        row["change_high"],
        row["change_unit"],
    )


def _agree(a: Row, b: Row) -> bool:
    """The same figure: equal where both give a value, and equal changes where both give one."""
    for fields in (("value", "low", "high", "unit"), ("change", "change_low", "change_high", "change_unit")):
        x = tuple(a[f] for f in fields)
        y = tuple(b[f] for f in fields)
        if any(v is not None for v in x) and any(v is not None for v in y) and x != y:
            return False
    return True


def _richness(row: Row) -> int:
    return sum(row[f] is not None for f in ("value", "low", "change", "change_low", "progress", "period_first_day"))


def _dedupe(rows: list[Row]) -> list[Row]:
    groups: dict[tuple[Any, ...], list[Row]] = {}
    for row in rows:
        groups.setdefault(_key(row), []).append(row)
    kept: list[Row] = []
    for group in groups.values():
        if any(r["status"] == Status.ACTUAL.value for r in group):
            group = [r for r in group if r["status"] != Status.ESTIMATE.value]
        first = group[0]
        same = [r for r in group if _agree(first, r)]
        best = max(same, key=_richness)  # max keeps the earliest of equals
        others = {_figure(r) for r in group if not _agree(first, r)}
        kept.append({**best, "mentions": len(same), "conflicts": len(others)})
    kept.sort(key=lambda r: r["start"])
    return kept


def panel_rows(report: Report, *, region: str | None = None, year: int | None = None, dedupe: bool = True) -> list[Row]:
    """The panel rows of one report; ``region`` and ``year`` default to the report's title."""
    region = region if region is not None else document_region(report)
    year = year if year is not None else document_year(report)
    rows = [_row(report, i, region, year) for i in report.indicators]
    return _dedupe(rows) if dedupe else rows


def panel(
    reports: Iterable[object],
    manifest: Mapping[str, Mapping[str, Any]] | str | os.PathLike[str] | None = None,
    *,
    dedupe: bool = True,
) -> list[Row]:
    """One tidy table (a list of rows with ``COLUMNS``) of the indicator figures of ``reports``.

    ``manifest`` maps document ids to entries with ``region`` and ``year``
    (or is the path of a manifest file, see ``load_manifest``); documents it
    does not name take region and year from their title.  A ``Failure``
    from ``parse_many`` is skipped; anything else that is no ``Report`` raises
    ``TypeError``, and a year that is no whole number ``ValueError``.  The
    duplicate rule is in the module's documentation.
    """
    if isinstance(manifest, str | os.PathLike):
        manifest = load_manifest(manifest)
    if manifest is not None and not isinstance(manifest, Mapping):
        raise TypeError(f"manifest must be a mapping of id to entry, a path or None, got {type(manifest).__name__}")
    if isinstance(reports, Report | str):
        raise TypeError(f"reports must be an iterable of Report, got one {type(reports).__name__}")
    if not isinstance(reports, Iterable):
        raise TypeError(f"reports must be an iterable of Report, got {type(reports).__name__}")
    from .batch import Failure  # here, not at the top: importing cnreport stays light

    out: list[Row] = []
    for index, report in enumerate(reports):
        if isinstance(report, Failure):
            continue
        if not isinstance(report, Report):
            got = type(report).__name__
            raise TypeError(f"reports must hold Report (or parse_many's Failure), got {got} at position {index}")
        entry = _lookup(manifest or {}, report.doc_id)
        region = entry.get("region")
        try:
            year = _year(entry.get("year"))
        except ValueError as exc:
            raise ValueError(f"manifest entry for {report.doc_id!r}: {exc}") from None
        out.extend(
            panel_rows(
                report,
                region=str(region) if region not in (None, "") else None,
                year=year,
                dedupe=dedupe,
            )
        )
    return out
