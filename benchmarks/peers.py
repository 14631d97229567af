"""The quantity layer on the public test tables of peer libraries.

The tables are not in this repository: give their paths on the command line
(a file or a folder; docs/quantities.md says where to get them).  Two formats
are read:

- JioNLP's money tests (``test/test_money_parser.py`` of its source
  distribution): the ``[text, {'num', 'case', 'definition'}]`` pairs of
  ``parse_money`` and the ``[text, [{'text', 'offset', 'type'}]]`` pairs of
  ``extract_money``.  The file is read with ``ast``, never imported.
- Microsoft Recognizers-Text specs (``Specs/NumberWithUnit/Chinese/*.json``,
  ``Specs/Number/Chinese/PercentModel.json``): lists of ``{"Input",
  "Results": [{"Text", "TypeName", "Resolution"}]}``.

Every case runs ``cnreport.parse`` on the case's text; the script prints the
fraction of cases passed per table and overall, and with ``-v`` every failure.

    .venv/bin/python benchmarks/peers.py /tmp/peers/jionlp-py39/test
    .venv/bin/python benchmarks/peers.py -v /path/to/Recognizers-Text/Specs

What counts as passed:

- a ``parse_money`` case: exactly one money quantity, whose value (to the
  cent) and currency are the table's, and whose precision agrees: accurate is
  no approx; blur is about or more_than; blur- nearly or at_most; blur+
  at_least or more_than.  A blurred range ``[a, b]`` passes as low/high
  ``a``/``b`` or as ``a`` more than (3000多 is 3000, more than: the same
  reading at cnreport's grain).  The currency is looked up in cnreport's own
  unit table, so 港元 is HKD.
- an ``extract_money`` item: a money quantity with the same offsets.
- a Recognizers result: a quantity with the same text and value (and the
  same currency or unit where the spec's unit name maps to a cnreport unit);
  an input with no results passes when no quantity of the model's kinds is
  found.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import cnreport
from cnreport.loader import quantity_rules
from cnreport.types import Approx, Kind, Quantity

_CENT = Decimal("0.01")
_DEFINITION: dict[str, set[Approx | None]] = {
    "accurate": {None},
    "blur": {Approx.ABOUT, Approx.MORE_THAN},
    "blur-": {Approx.NEARLY, Approx.AT_MOST},
    "blur+": {Approx.AT_LEAST, Approx.MORE_THAN},
}
# Recognizers' unit names for the units cnreport knows (its Chinese dimension specs).
_RECOGNIZERS_UNITS = {
    "Meter": "m",
    "Kilometer": "km",
    "Centimeter": "cm",
    "Millimeter": "mm",
    "Decimeter": "dm",
    "Nanometer": "nm",
    "Micrometer": "μm",
    "Mile": "mi",
    "Foot": "ft",
    "Inch": "in",
    "Knot": "nmi",
    "Square meter": "m2",
    "Square kilometer": "km2",
    "Square centimetre": "cm2",
    "Hectare": "ha",
    "Mu": "mu",
    "Acre": "acre",
    "Cubic meter": "m3",
    "Liter": "L",
    "Milliliter": "mL",
    "Gallon": "gal",
    "Kilogram": "kg",
    "Gram": "g",
    "Milligram": "mg",
    "Ton": "t",
    "Jin": "jin",
    "Pound": "lb",
    "Ounce": "oz",
    "Kilometer per hour": "km/hour",
    "Meter per second": "m/second",
    "Kilobyte": "KB",
    "Megabyte": "MB",
    "Gigabyte": "GB",
    "Terabyte": "TB",
    "Petabyte": "PB",
    "C": "°C",
}
_MODEL_KINDS = {
    "currency": {Kind.MONEY},
    "percentage": {Kind.PERCENT},
    "dimension": {Kind.LENGTH, Kind.AREA, Kind.VOLUME, Kind.MASS, Kind.DATA_SIZE, Kind.RATE},
    "temperature": {Kind.OTHER},
    "age": {Kind.DURATION},
}


@dataclass(frozen=True, slots=True)
class Case:
    table: str
    text: str
    expected: Any
    kind: str  # "parse", "extract", "spec"


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    passed: bool
    got: str


# ---------------------------------------------------------------------------
# reading the tables


def _literal(node: ast.AST) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def jionlp_cases(path: Path) -> Iterator[Case]:
    """The money cases of a JioNLP test file, read with ``ast``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    table = f"JioNLP {path.name}"
    for node in ast.walk(tree):
        if not isinstance(node, ast.List):
            continue
        value = _literal(node)
        if not isinstance(value, list):
            continue
        for item in value:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
                continue
            text, want = item
            if isinstance(want, dict) and "num" in want:
                yield Case(table, text, want, "parse")
            elif isinstance(want, list) and all(isinstance(w, dict) and "offset" in w for w in want):
                for w in want:
                    if w.get("type", "money") == "money":
                        yield Case(table, text, w, "extract")


def recognizers_cases(path: Path) -> Iterator[Case]:
    """The cases of a Recognizers-Text spec file (a JSON list of inputs and results)."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    table = f"Recognizers {path.parent.name}/{path.name}"
    model = path.stem.replace("Model", "").lower()
    for entry in data if isinstance(data, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("Input"), str):
            continue
        results = entry.get("Results") or []
        if not results:
            yield Case(table, entry["Input"], {"model": model, "none": True}, "spec")
        for r in results:
            yield Case(table, entry["Input"], {"model": model, **r}, "spec")


def cases(paths: list[Path]) -> Iterator[Case]:
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.suffix == ".py" and "money" in f.name:
                yield from jionlp_cases(f)
            elif f.suffix == ".json" and f.stem.endswith("Model") and "Chinese" in f.parts:
                yield from recognizers_cases(f)
            elif f.suffix == ".json" and not path.is_dir():
                yield from recognizers_cases(f)


# ---------------------------------------------------------------------------
# judging


def _describe(qs: tuple[Quantity, ...]) -> str:
    return "; ".join(
        f"{q.text} {q.kind.value} {q.unit} {q.value if q.low is None else f'{q.low}..{q.high}'}"
        + (f" {q.approx.value}" if q.approx else "")
        for q in qs
    )


def _currency(name: str) -> str | None:
    for u in quantity_rules().units:
        if u.surface == name and u.kind is Kind.MONEY:
            return u.unit
    return None


def _cents(v: Decimal | None) -> Decimal | None:
    return None if v is None else v.quantize(_CENT)


def judge_parse(case: Case, qs: tuple[Quantity, ...]) -> bool:
    want = case.expected
    money = [q for q in qs if q.kind is Kind.MONEY]
    if len(money) != 1:
        return False
    q = money[0]
    if _currency(want.get("case", "元")) != q.unit:
        return False
    approx = _DEFINITION.get(want.get("definition", "accurate"), {None})
    num = want["num"]
    if isinstance(num, list):
        low, high = (Decimal(str(n)) for n in num)
        as_range = _cents(q.low) == low.quantize(_CENT) and _cents(q.high) == high.quantize(_CENT)
        as_floor = _cents(q.value) == low.quantize(_CENT) and q.approx in {Approx.MORE_THAN, Approx.ABOUT}
        return as_range or as_floor
    return _cents(q.value) == Decimal(str(num)).quantize(_CENT) and q.approx in approx


def judge_extract(case: Case, qs: tuple[Quantity, ...]) -> bool:
    start, end = case.expected["offset"]
    return any(q.kind is Kind.MONEY and (q.start, q.end) == (start, end) for q in qs)


def _spec_value(raw: Any) -> Decimal | None:
    if raw is None:
        return None
    try:
        return Decimal(str(raw).replace("%", "").replace(",", "").strip())
    except InvalidOperation:
        return None


def judge_spec(case: Case, qs: tuple[Quantity, ...]) -> bool:
    want = case.expected
    kinds = _MODEL_KINDS.get(want["model"], set(Kind))
    if want.get("none"):
        return not any(q.kind in kinds for q in qs)
    text = want.get("Text", "")
    res = want.get("Resolution") or {}
    value = _spec_value(res.get("value"))
    for q in qs:
        if q.text.lower() != text.lower() and text.lower() not in q.text.lower():
            continue
        if value is not None and q.value != value:
            continue
        iso = res.get("isoCurrency")
        unit = _RECOGNIZERS_UNITS.get(res.get("unit", ""))
        if iso and q.unit != iso:
            continue
        if not iso and unit and q.unit != unit:
            continue
        return True
    return False


def run(all_cases: list[Case]) -> list[Outcome]:
    out = []
    for case in all_cases:
        qs = cnreport.parse(case.text).quantities
        judge = {"parse": judge_parse, "extract": judge_extract, "spec": judge_spec}[case.kind]
        out.append(Outcome(case, judge(case, qs), _describe(qs)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", type=Path, help="test files or folders of a peer library")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every failure")
    args = ap.parse_args(argv)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    all_cases = list(cases(args.paths))
    if not all_cases:
        print("no peer test cases found under the paths given", file=sys.stderr)
        return 1
    outcomes = run(all_cases)
    tables: dict[str, list[Outcome]] = {}
    for o in outcomes:
        tables.setdefault(o.case.table, []).append(o)
    print(f"{'table':50s} {'passed':>7s} {'cases':>6s} {'fraction':>9s}")
    for table, rows in tables.items():
        passed = sum(o.passed for o in rows)
        print(f"{table:50s} {passed:7d} {len(rows):6d} {passed / len(rows):9.3f}")
    total = sum(o.passed for o in outcomes)
    print(f"{'all':50s} {total:7d} {len(outcomes):6d} {total / len(outcomes):9.3f}")
    if args.verbose:
        for o in outcomes:
            if not o.passed:
                want = o.case.expected
                print(f"FAIL [{o.case.kind}] {o.case.text!r}\n     want {want}\n     got  {o.got or '(nothing)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
