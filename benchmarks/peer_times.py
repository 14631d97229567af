"""Score cnreport on a peer's table of time cases.

    .venv/bin/python benchmarks/peer_times.py PATH            # the fraction passed
    .venv/bin/python benchmarks/peer_times.py PATH --details  # and every miss

The table is not part of this repository: pass its path.  Two formats are read:

- a Python test module holding lists of ``[text, time_base, expected]`` items,
  as in the time-parser tests of JioNLP (``test/test_time_parser.py``, shipped in
  its 1.3.x wheels on PyPI).  The module is read with ``ast`` and never run:
  ``time_base`` may be a timestamp (read in China's time zone, UTC+8), a name
  bound to one at module level, ``datetime.datetime(...)``, ``time.time()``
  (today), a list ``[year, month, day, ...]`` or a dict ``{'year': ...}``;
  ``expected`` is a dict whose ``time`` is ``[start, end]``.  Only the first list
  of the module counts: the later ones test options of the peer's own API
  (future dates for bare days, instances of a repeated time).
- a TSV of our own: ``text<TAB>reference<TAB>first<TAB>last`` (ISO dates).

A time base that gives no day is read as the middle of what it names: a year
alone as 1 July, a month alone as its 15th.  Cases compared are points and
spans with two finite ends; durations (``time_delta``), repeated times
(``time_period``) and spans open at one end (``inf``) are counted apart: they
are not days in cnreport's model.  A case passes when the longest time
expression cnreport finds in the text (the first of equal ones) covers exactly
the expected days: ``first_day`` is the day of the start and ``last_day`` the
day of the end (an end at 00:00:00 after the start is the end of the day before).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import cnreport

CHINA = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class Case:
    text: str
    reference: date | None
    first: date | None
    last: date | None
    skip: str = ""  # why the case is not compared ("" when it is)


def _literal(node: ast.AST, names: dict[str, Any]) -> Any:
    """A literal value of the module: constants, lists, dicts, bound names and the two calls the tables use."""
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        target = ast.unparse(node.func)
        if target == "time.time" and not node.args:
            return datetime.now(CHINA).replace(tzinfo=None)
        if target == "datetime.datetime":
            return datetime(*[_literal(a, names) for a in node.args])
    if isinstance(node, ast.List):
        return [_literal(e, names) for e in node.elts]
    if isinstance(node, ast.Dict):
        return {_literal(k, names): _literal(v, names) for k, v in zip(node.keys, node.values, strict=True) if k}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_literal(node.operand, names)
    return ast.literal_eval(node)


def _base(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, CHINA).date()
    if isinstance(value, dict):
        value = [value.get("year"), value.get("month"), value.get("day")]
    if isinstance(value, list):
        y, m, d = [*value, None, None, None][:3]
        if y is None or y == -1:
            return None
        if m is None or m == -1:
            return date(y, 7, 1)
        return date(y, m, 15 if d is None or d == -1 else d)
    raise ValueError(f"a time base the table gives is not understood: {value!r}")


def _ends(expected: Any) -> tuple[date | None, date | None, str]:
    if not isinstance(expected, dict):
        return None, None, "no expected value"
    kind = expected.get("type", "")
    if kind in ("time_delta", "time_period"):
        return None, None, kind
    span = expected.get("time")
    if not isinstance(span, list) or len(span) != 2 or not all(isinstance(s, str) for s in span):
        return None, None, "unknown"
    if "inf" in span[0] or "inf" in span[1]:
        return None, None, "open-ended"
    start = datetime.strptime(span[0], "%Y-%m-%d %H:%M:%S")
    end = datetime.strptime(span[1], "%Y-%m-%d %H:%M:%S")
    last = end.date()
    if end.time() == datetime.min.time() and end > start:
        last -= timedelta(days=1)
    return start.date(), last, ""


def read_python_table(path: Path) -> list[Case]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, Any] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, (int, float)):
                names[node.targets[0].id] = node.value.value
    tables = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.List)
        and len(node.value.elts) > 0
        and all(isinstance(e, ast.List) and len(e.elts) >= 3 for e in node.value.elts)
    ]
    if not tables:
        raise SystemExit(f"{path}: no list of [text, time_base, expected] items found")
    cases = []
    for item in tables[0].elts:
        assert isinstance(item, ast.List)
        text = _literal(item.elts[0], names)
        base = _literal(item.elts[1], names)
        first, last, skip = _ends(_literal(item.elts[-1], names))
        cases.append(Case(text, _base(base), first, last, skip))
    return cases


def read_tsv_table(path: Path) -> list[Case]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise SystemExit(f"{path}:{n}: expected text, reference, first, last separated by tabs")
        text, ref, first, last = parts
        reference = date.fromisoformat(ref) if ref else None
        cases.append(Case(text, reference, date.fromisoformat(first), date.fromisoformat(last)))
    return cases


def run(case: Case) -> tuple[bool, str]:
    """Whether cnreport gives the expected days, and what it gave."""
    times = cnreport.parse(case.text, reference_date=case.reference).times
    if not times:
        return False, "no time found"
    best = max(times, key=lambda t: (t.end - t.start, -t.start))
    got = f"{best.text} {best.kind.value} {best.first_day}..{best.last_day}"
    return (best.first_day, best.last_day) == (case.first, case.last), got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path, help="the peer's table (a Python test module or a TSV)")
    ap.add_argument("--details", action="store_true", help="print every case that fails")
    args = ap.parse_args(argv)
    cases = read_python_table(args.path) if args.path.suffix == ".py" else read_tsv_table(args.path)
    compared = [c for c in cases if not c.skip]
    skipped = Counter(c.skip for c in cases if c.skip)
    passed = 0
    for c in compared:
        ok, got = run(c)
        passed += ok
        if not ok and args.details:
            print(f"MISS {c.text!r} ref {c.reference}: expected {c.first}..{c.last}, got {got}")
    rate = passed / len(compared) if compared else 0.0
    print(f"{args.path.name}: {len(cases)} cases, {len(compared)} compared (points and spans of days)")
    if skipped:
        print("not compared: " + ", ".join(f"{k} {v}" for k, v in sorted(skipped.items())))
    print(f"passed {passed}/{len(compared)} = {rate:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
