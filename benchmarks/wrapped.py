"""What wrapping a report into lines, as a PDF-to-text tool does, costs ``cnreport.parse``.

    .venv/bin/python benchmarks/wrapped.py               # every 4th report of ../shared/reports
    .venv/bin/python benchmarks/wrapped.py --every 1     # all of them
    .venv/bin/python benchmarks/wrapped.py --widths 24 40
    .venv/bin/python benchmarks/wrapped.py --pages --every 3   # PDF pages: wraps and line ends

Each report is wrapped two ways at each width: after every ``width`` characters (a plain-text
tool) and at a printed width of ``width`` Chinese characters, where a Latin letter, a digit or
a half-width mark takes half (a PDF).  For each way it prints how many of the distinct
(name, label) entities, (unit, value) quantities, section headings and indicator and project
rows of the report as published are found again in the wrapped one, and how many new ones
appear; first as ``parse`` reads wrapped text (the wraps taken out, ``cnreport.wrapping``),
then with the wraps read as line ends, as the library read them before.  It also prints how
many of the reports as published are taken for wrapped (the figure should be 0: such a report
would be read with some of its line ends taken out).

With ``--pages`` it lays each report out as PDF pages instead (paragraphs indented and wrapped
at printed widths 18 to 45, a footer every 34 lines) and prints how many texts are taken for
wrapped, how many of the wraps ``soft_breaks`` takes out and how many of the real line ends
(a paragraph's, a heading's) it takes out with them.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import cnreport
from cnreport.wrapping import soft_breaks

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def wrap_chars(text: str, width: float) -> str:
    """Every line cut after ``width`` characters."""
    w = int(width)
    return "\n".join("\n".join(line[i : i + w] for i in range(0, len(line), w)) for line in text.split("\n"))


def wrap_width(text: str, width: float) -> str:
    """Every line cut at a printed width of ``width`` Chinese characters."""
    out = []
    for line in text.split("\n"):
        cur: list[str] = []
        w = 0.0
        for c in line:
            cw = 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5
            if w + cw > width:
                out.append("".join(cur))
                cur, w = [], 0.0
            cur.append(c)
            w += cw
        out.append("".join(cur))
    return "\n".join(out)


KINDS = ("entities", "quantities", "headings", "rows")


def found(text: str) -> tuple[set[tuple[str, str]], ...]:
    """The distinct (name, label) entities, (unit, value) quantities, section headings and
    indicator and project rows (name, value) of ``text``."""
    r = cnreport.parse(text)
    headings = {(s.heading, str(s.level)) for top in r.sections for s in top.walk()}
    rows = {(i.name, str(i.value.value) if i.value else "") for i in r.indicators}
    rows |= {(p.name, p.company or "") for p in r.projects}
    return (
        {(e.name, e.label.value) for e in r.entities},
        {(q.unit, str(q.value)) for q in r.quantities},
        headings,
        rows,
    )


def cells(plain: list[tuple[set[tuple[str, str]], ...]], got: list[tuple[set[tuple[str, str]], ...]]) -> list[str]:
    """For each of ``KINDS``: how many of what ``found`` gave for the texts as published
    (``plain``) it gives again for the texts changed (``got``), and how many new ones."""
    out = []
    for k in range(len(KINDS)):
        total = sum(len(p[k]) for p in plain)
        again = sum(len(p[k] & g[k]) for p, g in zip(plain, got, strict=True))
        new = sum(len(g[k] - p[k]) for p, g in zip(plain, got, strict=True))
        out += [f"{again}/{total} = {again / max(1, total):.3f}", str(new)]
    return out


def page(text: str, width: float) -> tuple[str, set[int], set[int]]:
    """``text`` laid out as PDF pages: each paragraph indented by two ideographic spaces and
    wrapped at a printed width of ``width``, a footer (``— 3 —``) after every 34 lines.
    Returns the paged text and the offsets of its wrapping and of its real line breaks."""
    lines: list[tuple[str, bool]] = []  # a line, and whether a wrap ends it
    for para in text.split("\n"):
        para = para.strip(" \u3000\t\r")
        if para:
            wrapped = wrap_width("\u3000\u3000" + para, width).split("\n")
            lines += [(line, k < len(wrapped) - 1) for k, line in enumerate(wrapped)]
    out: list[str] = []
    wraps: set[int] = set()
    ends: set[int] = set()
    at = 0
    for k, (line, wrap) in enumerate(lines):
        out.append(line)
        at += len(line)
        if k == len(lines) - 1:
            break
        (wraps if wrap else ends).add(at)
        sep = f"\n\n— {k // 34 + 1} —\n\n" if (k + 1) % 34 == 0 else "\n"
        out.append(sep)
        at += len(sep)
    return "".join(out), wraps, ends


def pages(texts: list[str], widths: list[float]) -> None:
    """How many of the wraps of PDF pages ``soft_breaks`` takes out, and how many real line
    ends it takes for wraps."""
    print("| printed width | texts taken for wrapped | wraps taken out | real line ends taken out |")
    print("| --- | --- | --- | --- |")
    for width in widths:
        seen = total_wraps = total_ends = got = wrong = 0
        for t in texts:
            paged, wraps, ends = page(t, width)
            cuts = soft_breaks(paged)
            taken = {a + paged[a:b].index("\n") for a, b in cuts}
            seen += bool(cuts)
            total_wraps += len(wraps)
            total_ends += len(ends)
            got += len(taken & wraps)
            wrong += len(taken & ends)
        print(
            f"| {width:g} | {seen}/{len(texts)} | {got}/{total_wraps} = {got / max(1, total_wraps):.3f} "
            f"| {wrong}/{total_ends} = {wrong / max(1, total_ends):.4f} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--every", type=int, default=4, help="take every n-th report (default 4)")
    ap.add_argument("--widths", type=float, nargs="+", default=[24.0, 38.0])
    ap.add_argument("--pages", action="store_true", help="only the PDF pages (indented, with footers), widths 18 to 45")
    a = ap.parse_args(argv)
    files = sorted((a.shared / "reports").glob("*.txt"))
    if not files:
        print(f"no reports in {a.shared / 'reports'}", file=sys.stderr)
        return 1
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    flagged = sum(bool(soft_breaks(t)) for t in texts)
    print(f"reports as published taken for wrapped: {flagged} of {len(texts)}")
    texts = texts[:: a.every]
    if a.pages:
        pages(texts, [18.0, 22.0, 26.0, 30.0, 34.0, 38.0, 42.0, 45.0])
        return 0
    plain = [found(t) for t in texts]
    ways: list[tuple[str, Callable[[str, float], str]]] = [("characters", wrap_chars), ("printed width", wrap_width)]
    print(f"{len(texts)} reports, {sum(map(len, texts)):,} characters")
    print("| wrap | width | read | " + " | ".join(f"{k} found again | new" for k in KINDS) + " |")
    print("| --- | --- | --- | " + " | ".join("--- | ---" for _k in KINDS) + " |")
    for name, wrap in ways:
        for width in a.widths:
            wrapped = [wrap(t, width) for t in texts]
            for label, joined in (("wraps taken out", True), ("wraps as line ends", False)):
                if joined:
                    got = [found(w) for w in wrapped]
                else:
                    with mock.patch("cnreport.wrapping.soft_breaks", return_value=[]):
                        got = [found(w) for w in wrapped]
                print(f"| {name} | {width:g} | {label} | {' | '.join(cells(plain, got))} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
