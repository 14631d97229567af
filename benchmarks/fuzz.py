"""A long fuzzing campaign: stretches of the real reports, edited at random, through every output.

    .venv/bin/python benchmarks/fuzz.py                      # ten minutes, seed 0
    .venv/bin/python benchmarks/fuzz.py --minutes 60 --seed 3 --out /tmp/fuzz

Each round takes a stretch of 40 to 3,000 characters of a report of ``../shared/reports``, edits
it (odd characters put in, characters taken out or repeated, one replaced by any of the Basic
Multilingual Plane), at times cuts it into lines of one width as a copy out of a PDF is, and then
checks what ``tests/test_fuzz.py`` checks once per example, many thousand times over:

- ``parse`` (with no reference date, an ordinary one or one at the calendar's edges, and at times
  a user's names) gives a Report whose every span (quantities, entities, times, indicator and project
  rows, sections) lies in the text and reads the text it claims;
- the Report round-trips through JSON;
- ``tables`` gives rows that Arrow takes with the declared types and Parquet writes;
- ``render`` gives a page and ``panel_rows`` its rows.

A text that fails is written to ``--out`` (``fail-SEED-N.txt``, UTF-8 with lone surrogates kept)
with its traceback printed, and the campaign goes on; the last line counts the rounds and the
failures.  The exit code is 1 when anything failed.  The property test runs sixty examples in the
suite; this script is for the hours that find what sixty do not.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
import traceback
from datetime import date
from pathlib import Path

import cnreport
from cnreport import Report
from cnreport.panel import panel_rows
from cnreport.tables import TYPES, to_arrow

REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports"
ODD = [
    *"\n\t\r\u3000 \u200b\ufeff\u2028\u0301\x00\x1f（）“”《》、%至—…",
    "\r\n",
    "\ud800",
    "\U0001f600",
    "<b>",
    "&amp;",
]


def edit(text: str, rnd: random.Random) -> str:
    chars = list(text)
    for _ in range(rnd.randint(0, 12)):
        if not chars:
            break
        i = rnd.randrange(len(chars))
        op = rnd.random()
        if op < 0.35:
            chars.insert(i, rnd.choice(ODD))
        elif op < 0.55:
            del chars[i : i + rnd.randint(1, 5)]
        elif op < 0.75:
            chars[i:i] = chars[i : i + rnd.randint(1, 40)]
        else:
            chars[i] = chr(rnd.randint(0x20, 0xFFFD))
    out = "".join(chars)
    if rnd.random() < 0.3:
        width = rnd.choice((8, 17, 30, 45, 60))
        out = "\n".join(out[i : i + width] for i in range(0, len(out), width))
    return out


# no date, an ordinal one, and the calendar's edges (a year before 1 or after 9999 must not be built)
REFERENCES = [None, None, date(2021, 7, 20), date(2026, 1, 20), date(1, 1, 1), date(1, 2, 1), date(9999, 12, 31)]


def check(text: str, n: int, rnd: random.Random) -> None:
    # a user's names: a few pieces of the text itself, so that they are found in it
    pieces = [text[i : i + rnd.randint(2, 6)] for i in range(0, len(text), 97)]
    names = {"COMPANY": [p for p in pieces[:3] if p.strip()], "WATER": [p for p in pieces[3:5] if p.strip()]}
    report = cnreport.parse(
        text, doc_id=f"fuzz-{n}", reference_date=rnd.choice(REFERENCES), gazetteer=names if rnd.random() < 0.3 else None
    )
    assert report.text is text
    spans = [(x.start, x.end, x.text) for x in (*report.quantities, *report.entities, *report.times)]
    for row in (*report.indicators, *report.projects):
        spans.append((row.start, row.end, text[row.start : row.end]))
    for top in report.sections:
        for sec in top.walk():
            spans.append((sec.start, sec.end, text[sec.start : sec.end]))
    for start, end, piece in spans:
        assert 0 <= start <= end <= len(text), (start, end, len(text))
        assert text[start:end] == piece, (start, end, piece)
    assert Report.from_dict(json.loads(report.to_json())) == report
    try:
        import pyarrow.parquet as pq
    except ImportError:
        pq = None
    for name, rows in cnreport.tables(report).items():
        table = to_arrow(rows, TYPES[name])
        if pq is not None:
            pq.write_table(table, io.BytesIO())
    cnreport.render(report)
    panel_rows(report, region="某县", year=2024)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="where failing texts are written")
    args = ap.parse_args(argv)
    files = sorted(REPORTS.glob("*.txt"))
    if not files:
        print(f"no reports in {REPORTS}: the campaign needs ../shared/reports", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in files]
    rnd = random.Random(args.seed)
    stop = time.monotonic() + args.minutes * 60
    rounds = failures = 0
    while time.monotonic() < stop:
        source = rnd.choice(texts)
        start = rnd.randrange(len(source))
        text = edit(source[start : start + rnd.choice((40, 300, 1500, 3000))], rnd)
        rounds += 1
        try:
            check(text, rounds, rnd)
        except Exception:
            failures += 1
            args.out.mkdir(parents=True, exist_ok=True)
            path = args.out / f"fail-{args.seed}-{rounds}.txt"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            print(f"FAILED round {rounds}: {path}", flush=True)
            traceback.print_exc()
    print(f"{rounds} rounds, {failures} failed (seed {args.seed}, {args.minutes:g} minutes)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
