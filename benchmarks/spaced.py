"""What spaces in a report's lines, as PDF and word-processor exports leave them, cost ``cnreport.parse``.

    .venv/bin/python benchmarks/spaced.py               # every 4th report of ../shared/reports
    .venv/bin/python benchmarks/spaced.py --every 1     # all of them

Each report is written three ways:

- **letter-spaced**: every character of every line followed by a space, as a PDF-to-text tool
  writes a justified or spaced-out line (``河 北 恒 远 化 工 有 限 公 司``);
- **lists with spaces**: every ``、`` between two items written as a space, as a table's cells, a slide or a list
  of headlines separate their items (``甲公司 乙公司 丙项目``);
- **spaced numbers and letters**: a space between Chinese and a number or a Latin word, as
  some editors and typesetters put one (``完成 12.5 亿元``, ``Mini LED 项目``).

For each it prints how many of the distinct (name, label) entities, (unit, value) quantities,
section headings and indicator and project rows of the report as published are found again,
and how many new ones appear; first as ``parse`` reads such text (letter spaces taken out,
``cnreport.wrapping.letter_spaces``; a space between two words a boundary of names,
``cnreport.entities.core.separated``), then as the library read it before (both turned off).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

from wrapped import KINDS, cells, found  # the same counts as the wrapping benchmark

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

_CJK_ASCII = re.compile(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[\u4e00-\u9fff])")


def letter_spaced(text: str) -> str:
    """Every character of every line followed by one space (the line's spaces dropped first)."""
    return "\n".join(" ".join(line.replace(" ", "")) for line in text.split("\n"))


# a 、 between two items, not the one after a heading's numeral (一、)
_LIST_MARK = re.compile(r"(?<=[^\s一二三四五六七八九十百0-9])、(?=\S)")


def list_spaces(text: str) -> str:
    """Every ``、`` between two items written as a space."""
    return _LIST_MARK.sub(" ", text)


def number_spaces(text: str) -> str:
    """A space between a Chinese character and a letter, a digit or ``%`` next to it."""
    return _CJK_ASCII.sub(" ", text)


WAYS: list[tuple[str, Callable[[str], str]]] = [
    ("letter-spaced", letter_spaced),
    ("lists with spaces", list_spaces),
    ("spaced numbers and letters", number_spaces),
]


def before() -> ExitStack:
    """The library as it read spaces before: no letter spaces taken out, no space a boundary."""
    stack = ExitStack()
    stack.enter_context(mock.patch("cnreport.wrapping.letter_spaces", return_value=[]))
    stack.enter_context(mock.patch("cnreport.wrapping.typeset_spaces", return_value=[]))
    stack.enter_context(mock.patch("cnreport.entities.core.separated", side_effect=lambda t: t))
    return stack


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--every", type=int, default=4, help="take every n-th report (default 4)")
    a = ap.parse_args(argv)
    files = sorted((a.shared / "reports").glob("*.txt"))
    if not files:
        print(f"no reports in {a.shared / 'reports'}", file=sys.stderr)
        return 1
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files][:: a.every]
    plain = [found(t) for t in texts]
    with before():
        plain_before = [found(t) for t in texts]
    same = sum(p == q for p, q in zip(plain, plain_before, strict=True))
    print(f"{len(texts)} reports, {sum(map(len, texts)):,} characters; read the same as before: {same}")
    print("| written | read | " + " | ".join(f"{k} found again | new" for k in KINDS) + " |")
    print("| --- | --- | " + " | ".join("--- | ---" for _k in KINDS) + " |")
    for name, way in WAYS:
        changed = [way(t) for t in texts]
        for label, now in (("now", True), ("before", False)):
            if now:
                got = [found(c) for c in changed]
            else:
                with before():
                    got = [found(c) for c in changed]
            print(f"| {name} | {label} | {' | '.join(cells(plain, got))} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
