"""The check set: hand-checked metadata, outline, times and indicator rows of real reports.

Every check file describes one report of ``../shared/reports`` by offsets into
that file (with the file's sha256), so the repository carries no report text
beyond short names (indicator names, units).  ``docs/checkset.md`` says how to
annotate, field by field.

    python benchmarks/checkset.py show FILE [--from N] [--to N] [--find TEXT]
        the report with the offset of each line (blind reports need --blind-ok)
    python benchmarks/checkset.py import ANNOTATION.tsv [--dir DIR] [--force]
        an annotator's TSV (surfaces as written) -> DIR/<report>.json (offsets only)
    python benchmarks/checkset.py export REPORT [--dir DIR]
        a check file back as a TSV with the surfaces, to review it
    python benchmarks/checkset.py score [--dir DIR] [--split train|blind|all] [--details]
        the library against the check files, per part

``--dir`` defaults to ``tests/data/real/check``; blind check files may live
anywhere until they are scored (``--dir /elsewhere``).  A report's split is
fixed by its region (``BLIND_REGIONS``), never by the file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "tests" / "data" / "real" / "check"

# Regions whose reports are annotated by others and scored only at the end.
BLIND_REGIONS = (
    "prov-fujian",
    "prov-heilongjiang",
    "prov-jiangsu",
    "prov-liaoning",
    "prov-qinghai",
    "prov-shaanxi",
    "prov-shanxi",
    "prov-xinjiang",
    "prov-yunnan",
    "county-quyang",
    "county-rongcheng",
    "county-shunping",
)

STANCES = ("review", "plan", "problem", "other")
STATUSES = ("actual", "estimate", "target")
APPROX = ("more_than", "about", "nearly", "at_least", "at_most")
# Stripped before titles and issuers are compared: spaces, broken characters, quotes of the page.
_NOISE = re.compile(r"[\s?？\u3000\ufffd]+")


def shared_reports() -> Path:
    """``../shared/reports`` beside the repository (or ``$CNREPORT_SHARED/reports``)."""
    base = Path(os.environ.get("CNREPORT_SHARED", ROOT.parent / "shared"))
    return base / "reports"


def split_of(report: str) -> str:
    """``blind`` for the reports of a blind region, else ``train``."""
    name = report.removesuffix(".txt")
    return "blind" if any(name.startswith(r + "-") for r in BLIND_REGIONS) else "train"


def report_bytes(file: str) -> bytes:
    return (shared_reports() / file).read_bytes()


def report_text(file: str, sha256: str | None = None) -> str:
    data = report_bytes(file)
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise SystemExit(f"{file} changed: its sha256 is not the one the check file was made on")
    return data.decode("utf-8")


def squeeze(text: str | None) -> str:
    """A title or issuer without spaces and broken characters."""
    return _NOISE.sub("", text or "")


_QUOTE_MARKS = re.compile("[“”‘’\"'「」『』]")


def _bare(name: str | None) -> str:
    """An indicator name without spaces, broken characters and quote marks (typography, not words)."""
    return _QUOTE_MARKS.sub("", squeeze(name))


# ---------------------------------------------------------------------------
# values


def dec(text: str, at: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise SystemExit(f"{at}: {text!r} is not a number") from None


def iso(text: str, at: str) -> str | None:
    if text in ("-", ""):
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise SystemExit(f"{at}: {text!r} is not a date (YYYY-MM-DD) or -") from None


def _approx(word: str, at: str) -> str:
    if word not in APPROX:
        raise SystemExit(f"{at}: approx {word!r} is not one of {APPROX}")
    return word


def parse_value(text: str, at: str) -> dict[str, Any] | None:
    """``-`` | ``NUMBER UNIT [APPROX]``: a level as the library gives it (5.2e12 CNY)."""
    parts = text.split()
    if parts in ([], ["-"]):
        return None
    if len(parts) not in (2, 3):
        raise SystemExit(f"{at}: a value is 'NUMBER UNIT [approx]', got {text!r}")
    return {
        "value": str(dec(parts[0], at)),
        "unit": parts[1],
        "approx": _approx(parts[2], at) if len(parts) == 3 else None,
    }


def parse_change(text: str, at: str) -> dict[str, Any] | None:
    """``-`` | ``VALUE UNIT [APPROX] [from=START]``; VALUE is a number, ``LOW~HIGH`` or ``?`` (none)."""
    parts = text.split()
    if parts in ([], ["-"]):
        return None
    if len(parts) < 2:
        raise SystemExit(f"{at}: a change is 'VALUE UNIT [approx] [from=START]', got {text!r}")
    out: dict[str, Any] = {"value": None, "low": None, "high": None, "unit": parts[1], "approx": None, "from": None}
    head = parts[0]
    if "~" in head:
        lo, hi = head.split("~", 1)
        out["low"], out["high"] = str(dec(lo, at)), str(dec(hi, at))
    elif head != "?":
        out["value"] = str(dec(head, at))
    for extra in parts[2:]:
        if extra.startswith("from="):
            out["from"] = str(dec(extra[5:], at))
        else:
            out["approx"] = _approx(extra, at)
    return out


def parse_period(text: str, at: str) -> dict[str, Any] | None:
    """``-`` | ``FIRST..LAST`` (ISO days, inclusive)."""
    if text.strip() in ("-", ""):
        return None
    if ".." not in text:
        raise SystemExit(f"{at}: a period is FIRST..LAST, got {text!r}")
    a, b = text.split("..", 1)
    return {"first": iso(a.strip(), at), "last": iso(b.strip(), at)}


# ---------------------------------------------------------------------------
# import: surfaces as written -> offsets


@dataclass
class _Cursor:
    """Finds each surface at or after the previous one of its kind (or at an ``@offset`` hint)."""

    text: str
    at: dict[str, int] = field(default_factory=dict)

    def find(self, kind: str, surface: str, where: str) -> tuple[int, int]:
        hint = None
        start = self.at.get(kind, 0)
        m = re.fullmatch(r"(.*)@(>?)(\d+)", surface)
        if m:
            surface = m.group(1)
            if m.group(2):
                start = int(m.group(3))
            else:
                hint = start = int(m.group(3))
        if not surface:
            raise SystemExit(f"{where}: empty surface")
        i = self.text.find(surface, start)
        # a number is never found inside a longer one (5% in 6.5%)
        while i > 0 and surface[0].isdigit() and (self.text[i - 1].isdigit() or self.text[i - 1] == "."):
            i = self.text.find(surface, i + 1)
        if i < 0 or (hint is not None and i != hint):
            what = f"at {hint}" if hint is not None else f"at or after {start}"
            raise SystemExit(f"{where}: {surface!r} not found {what}")
        self.at[kind] = i + 1
        return i, i + len(surface)


def import_tsv(path: Path) -> dict[str, Any]:
    lines = path.read_text(encoding="utf-8").splitlines()
    file = None
    for line in lines:
        if line.startswith("file\t"):
            file = line.split("\t", 1)[1].strip()
            break
    if file is None:
        raise SystemExit(f"{path}: the first field line must be 'file<TAB>REPORT.txt'")
    data = report_bytes(file)
    text = data.decode("utf-8")
    cur = _Cursor(text)
    out: dict[str, Any] = {
        "file": file,
        "sha256": hashlib.sha256(data).hexdigest(),
        "split": split_of(file),
        "meta": {},
        "outline": [],
        "times": [],
        "rows": [],
    }
    for n, line in enumerate(lines, 1):
        at = f"{path}:{n}"
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        key = cols[0]
        if key == "file":
            continue
        if key in ("title", "issuer"):
            if len(cols) != 2:
                raise SystemExit(f"{at}: {key}<TAB>SURFACE (or -)")
            out["meta"][key] = None if cols[1] == "-" else list(cur.find("meta", cols[1], at))
        elif key in ("published", "page_date"):
            if len(cols) != 2:
                raise SystemExit(f"{at}: {key}<TAB>YYYY-MM-DD (or -)")
            out["meta"][key] = iso(cols[1], at)
        elif key == "section":
            if len(cols) != 3 or cols[2] not in STANCES:
                raise SystemExit(f"{at}: section<TAB>HEADING<TAB>{'|'.join(STANCES)}")
            s, e = cur.find("section", cols[1], at)
            out["outline"].append({"heading": [s, e], "stance": cols[2]})
        elif key == "time":
            if len(cols) != 4:
                raise SystemExit(f"{at}: time<TAB>SURFACE<TAB>FIRST<TAB>LAST")
            s, e = cur.find("time", cols[1], at)
            out["times"].append({"span": [s, e], "first": iso(cols[2], at), "last": iso(cols[3], at)})
        elif key == "notime":
            if len(cols) != 2:
                raise SystemExit(f"{at}: notime<TAB>SURFACE")
            s, e = cur.find("time", cols[1], at)
            out["times"].append({"span": [s, e], "none": True})
        elif key == "row":
            if len(cols) != 7:
                raise SystemExit(f"{at}: row<TAB>ANCHOR<TAB>NAME<TAB>VALUE<TAB>CHANGE<TAB>PERIOD<TAB>STATUS")
            if cols[6] not in STATUSES:
                raise SystemExit(f"{at}: status must be one of {STATUSES}")
            s, e = cur.find("row", cols[1], at)
            out["rows"].append(
                {
                    "anchor": [s, e],
                    "name": cols[2],
                    "value": parse_value(cols[3], at),
                    "change": parse_change(cols[4], at),
                    "period": parse_period(cols[5], at),
                    "status": cols[6],
                }
            )
        else:
            raise SystemExit(f"{at}: unknown line kind {key!r}")
    missing = [k for k in ("title", "published", "page_date", "issuer") if k not in out["meta"]]
    if missing:
        raise SystemExit(f"{path}: missing {', '.join(missing)} (write - for none)")
    return out


def check_files(directory: Path) -> list[dict[str, Any]]:
    if not directory.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]


# ---------------------------------------------------------------------------
# scoring


def _d(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _same_num(a: Any, b: Any) -> bool:
    da, db = _d(a), _d(b)
    return da == db


def _days(obj: Any) -> tuple[str | None, str | None]:
    if obj is None:
        return None, None
    first, last = obj.first_day, obj.last_day
    return (first.isoformat() if first else None, last.isoformat() if last else None)


def score_meta(gold: dict[str, Any], report: Any, text: str, notes: list[str]) -> tuple[int, int]:
    right = total = 0
    meta = gold["meta"]
    for key in ("title", "issuer"):
        want = None if meta[key] is None else squeeze(text[meta[key][0] : meta[key][1]])
        got = squeeze(getattr(report, key)) or None
        total += 1
        if want == got:
            right += 1
        else:
            notes.append(f"{key}: want {want!r}, got {got!r}")
    for key, attr in (("published", "published"), ("page_date", "page_date")):
        want = meta[key]
        value = getattr(report, attr, None)
        got = value.isoformat() if value else None
        total += 1
        if want == got:
            right += 1
        else:
            notes.append(f"{key}: want {want}, got {got}")
    tops = {sec.heading_start: sec for sec in report.sections}
    used = set()
    for sec in gold["outline"]:
        total += 1
        s, e = sec["heading"]
        got = tops.get(s)
        if got is None:
            notes.append(f"section missing at {s}: {text[s:e]!r}")
        elif got.stance.value != sec["stance"]:
            used.add(s)
            notes.append(f"section {text[s:e]!r}: want {sec['stance']}, got {got.stance.value}")
        else:
            used.add(s)
            right += 1
    for s, sec in tops.items():
        if s not in used:
            total += 1
            notes.append(f"section extra at {s}: {sec.heading[:30]!r}")
    return right, total


def score_times(gold: dict[str, Any], report: Any, text: str, notes: list[str]) -> tuple[int, int, int]:
    """(right with both days, exact span, total)."""
    right = exact = 0
    for t in gold["times"]:
        s, e = t["span"]
        over = [x for x in report.times if x.start < e and s < x.end]
        if t.get("none"):
            if over:
                notes.append(f"not a time {text[s:e]!r}@{s}: got {[x.text for x in over]}")
            else:
                right += 1
                exact += 1
            continue
        want = (t["first"], t["last"])
        hit = next((x for x in over if _days(x) == want), None)
        if hit is not None:
            right += 1
            exact += (hit.start, hit.end) == (s, e)
        else:
            got = [(x.text, *_days(x)) for x in over]
            notes.append(f"time {text[s:e]!r}@{s}: want {want[0]}..{want[1]}, got {got}")
    return right, exact, len(gold["times"])


def _row_fields(row: dict[str, Any], ind: Any) -> dict[str, bool]:
    got_value = ind.value
    want_value = row["value"]
    if want_value is None:
        value_ok = got_value is None
    else:
        value_ok = (
            got_value is not None
            and _same_num(got_value.value, want_value["value"])
            and got_value.unit == want_value["unit"]
            and (got_value.approx.value if got_value.approx else None) == want_value["approx"]
        )
    ch, want_ch = ind.change, row["change"]
    if want_ch is None:
        change_ok = ch is None
    else:
        change_ok = (
            ch is not None
            and _same_num(ch.value, want_ch["value"])
            and _same_num(getattr(ch, "low", None), want_ch["low"])
            and _same_num(getattr(ch, "high", None), want_ch["high"])
            and ch.unit == want_ch["unit"]
            and (ch.approx.value if getattr(ch, "approx", None) else None) == want_ch["approx"]
            and _same_num(getattr(ch, "from_value", None), want_ch["from"])
        )
    want_p = row["period"]
    got_p = _days(ind.period)
    period_ok = got_p == (None, None) if want_p is None else got_p == (want_p["first"], want_p["last"])
    return {
        "name": _bare(ind.name) == _bare(row["name"]),
        "value": value_ok,
        "change": change_ok,
        "period": period_ok,
        "status": ind.status.value == row["status"],
    }


def score_rows(
    gold: dict[str, Any], report: Any, text: str, notes: list[str], per_field: Counter[str]
) -> tuple[int, int]:
    right = 0
    for row in gold["rows"]:
        s, e = row["anchor"]
        cands = [i for i in report.indicators if i.value is not None and i.value.start < e and s < i.value.end]
        if not cands and row["value"] is None:
            cands = [i for i in report.indicators if i.value is None and i.start <= s < i.end]
        if not cands:
            notes.append(f"row {row['name']!r}@{s}: no row")
            continue
        scored = [(sum(f.values()), _row_fields(row, i), i) for i in cands for f in [_row_fields(row, i)]]
        best = max(scored, key=lambda x: x[0])
        fields_ok, ind = best[1], best[2]
        for k, ok in fields_ok.items():
            per_field[k] += ok
        if all(fields_ok.values()):
            right += 1
        else:
            bad = [k for k, ok in fields_ok.items() if not ok]
            notes.append(f"row {row['name']!r}@{s}: wrong {bad}; got {_row_repr(ind)}")
    return right, len(gold["rows"])


def _row_repr(ind: Any) -> str:
    v = ind.value
    value = f"{v.value} {v.unit} {v.approx.value if v.approx else ''}".strip() if v else "-"
    ch = ind.change
    change = "-"
    if ch is not None:
        rng = f"{getattr(ch, 'low', None)}~{getattr(ch, 'high', None)}" if getattr(ch, "low", None) is not None else ""
        appr = getattr(ch, "approx", None)
        change = f"{rng or ch.value} {ch.unit} {appr.value if appr else ''} from={getattr(ch, 'from_value', None)}"
    first, last = _days(ind.period)
    return f"name={ind.name!r} value={value} change={change} period={first}..{last} status={ind.status.value}"


def tally(files: list[dict[str, Any]], details: bool = False, out: Any = None) -> tuple[Counter[str], Counter[str]]:
    """Right and total counts of ``cnreport.parse`` on check files (and right counts per row
    field); with ``out``, a line per report printed to it (and every miss with ``details``)."""
    import cnreport

    tot: Counter[str] = Counter()
    per_field: Counter[str] = Counter()
    for g in files:
        text = report_text(g["file"], g["sha256"])
        report = cnreport.parse(text)
        notes: list[str] = []
        mr, mt = score_meta(g, report, text, notes)
        tr, te, tt = score_times(g, report, text, notes)
        rr, rt = score_rows(g, report, text, notes, per_field)
        tot.update(meta_right=mr, meta_total=mt, time_right=tr, time_exact=te, time_total=tt, row_right=rr,
                   row_total=rt, reports=1)
        if out is not None:
            print(f"{g['file']:28} meta {mr:>3}/{mt:<3} times {tr:>3}/{tt:<3} rows {rr:>3}/{rt:<3}", file=out)
            if details:
                for note in notes:
                    print(f"    {note}", file=out)
    return tot, per_field


def cmd_score(a: argparse.Namespace) -> None:
    files = check_files(Path(a.dir))
    if a.split != "all":
        files = [f for f in files if split_of(f["file"]) == a.split]
    if not files:
        raise SystemExit(f"no check files for split {a.split!r} in {a.dir}")
    tot, per_field = tally(files, a.details, sys.stdout)

    def ratio(r: int, t: int) -> str:
        return f"{r / t:.3f} ({r}/{t})" if t else "-"

    print()
    print(f"split {a.split}: {tot['reports']} reports")
    print(f"metadata+outline fields right  {ratio(tot['meta_right'], tot['meta_total'])}")
    print(f"times right (both days)        {ratio(tot['time_right'], tot['time_total'])}"
          f"   exact span {ratio(tot['time_exact'], tot['time_total'])}")
    print(f"indicator rows, every field    {ratio(tot['row_right'], tot['row_total'])}")
    if tot["row_total"]:
        print("  per field: " + ", ".join(f"{k} {per_field[k] / tot['row_total']:.3f}"
                                          for k in ("name", "value", "change", "period", "status")))


# ---------------------------------------------------------------------------
# commands


def cmd_show(a: argparse.Namespace) -> None:
    if split_of(a.file) == "blind" and not a.blind_ok:
        raise SystemExit(f"{a.file} is a blind report: only its annotators open it (--blind-ok)")
    text = report_text(a.file if a.file.endswith(".txt") else a.file + ".txt")
    if a.find:
        for m in re.finditer(re.escape(a.find), text):
            lo = max(0, m.start() - 30)
            print(f"[{m.start()}] …{text[lo : m.end() + 30]}…".replace("\n", "⏎"))
        return
    pos = 0
    lo, hi = a.start or 0, a.end or len(text)
    for line in text.splitlines(keepends=True):
        if pos + len(line) > lo and pos < hi:
            print(f"[{pos}] {line.rstrip()}")
        pos += len(line)


def cmd_import(a: argparse.Namespace) -> None:
    data = import_tsv(Path(a.tsv))
    out = Path(a.dir) / (data["file"].removesuffix(".txt") + ".json")
    if out.exists() and not a.force:
        raise SystemExit(f"{out} exists (--force to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {len(data['outline'])} sections, {len(data['times'])} times, {len(data['rows'])} rows")


def _fmt_value(v: dict[str, Any] | None) -> str:
    return "-" if v is None else " ".join(x for x in (v["value"], v["unit"], v["approx"]) if x)


def _fmt_change(c: dict[str, Any] | None) -> str:
    if c is None:
        return "-"
    head = f"{c['low']}~{c['high']}" if c["low"] is not None else (c["value"] or "?")
    parts = [head, c["unit"], c["approx"] or "", f"from={c['from']}" if c["from"] is not None else ""]
    return " ".join(p for p in parts if p)


def cmd_export(a: argparse.Namespace) -> None:
    path = Path(a.dir) / (a.report.removesuffix(".txt").removesuffix(".json") + ".json")
    g = json.loads(path.read_text(encoding="utf-8"))
    if g["split"] == "blind" and not a.blind_ok:
        raise SystemExit(f"{path} is a blind check file (--blind-ok)")
    text = report_text(g["file"], g["sha256"])

    def surf(span: list[int] | None) -> str:
        return "-" if span is None else f"{text[span[0]:span[1]]}@{span[0]}"

    m = g["meta"]
    print(f"file\t{g['file']}")
    print(f"title\t{surf(m['title'])}")
    print(f"published\t{m['published'] or '-'}")
    print(f"page_date\t{m['page_date'] or '-'}")
    print(f"issuer\t{surf(m['issuer'])}")
    for s in g["outline"]:
        print(f"section\t{surf(s['heading'])}\t{s['stance']}")
    for t in g["times"]:
        if t.get("none"):
            print(f"notime\t{surf(t['span'])}")
            continue
        print(f"time\t{surf(t['span'])}\t{t['first'] or '-'}\t{t['last'] or '-'}")
    for r in g["rows"]:
        p = r["period"]
        period = "-" if p is None else f"{p['first']}..{p['last']}"
        print("\t".join(["row", surf(r["anchor"]), r["name"], _fmt_value(r["value"]), _fmt_change(r["change"]),
                         period, r["status"]]))


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("show", help="a report with the offset of each line")
    s.add_argument("file")
    s.add_argument("--from", dest="start", type=int)
    s.add_argument("--to", dest="end", type=int)
    s.add_argument("--find")
    s.add_argument("--blind-ok", action="store_true")
    s.set_defaults(func=cmd_show)
    s = sub.add_parser("import", help="an annotator's TSV -> a check file of offsets")
    s.add_argument("tsv")
    s.add_argument("--dir", default=str(CHECK))
    s.add_argument("--force", action="store_true")
    s.set_defaults(func=cmd_import)
    s = sub.add_parser("export", help="a check file back as a TSV")
    s.add_argument("report")
    s.add_argument("--dir", default=str(CHECK))
    s.add_argument("--blind-ok", action="store_true")
    s.set_defaults(func=cmd_export)
    s = sub.add_parser("score", help="score the library per part")
    s.add_argument("--dir", default=str(CHECK))
    s.add_argument("--split", choices=("train", "blind", "all"), default="train")
    s.add_argument("--details", action="store_true")
    s.set_defaults(func=cmd_score)
    a = p.parse_args(argv)
    a.func(a)


if __name__ == "__main__":
    sys.exit(main())
