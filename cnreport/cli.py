"""The ``cnreport`` command.

    cnreport parse FILE...            one JSON object per file, one per line
    cnreport parse --indent 2 FILE    pretty-printed
    cnreport parse -                  read standard input

Files are read as UTF-8 (a BOM is dropped).  A file that cannot be read or
decoded is reported on standard error and the others are still parsed; the
exit code is then 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import __version__
from .report import parse

__all__ = ["main"]


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2020-07-30, got {value!r}") from None


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="cnreport", description="Chinese work reports as typed data.")
    ap.add_argument("--version", action="version", version=f"cnreport {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse report files and print each as JSON")
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files, or - for standard input")
    p.add_argument(
        "--reference-date", type=_date, metavar="YYYY-MM-DD", help="resolve relative times against this date"
    )
    p.add_argument("--indent", type=int, default=None, metavar="N", help="pretty-print with N spaces")
    p.add_argument("--no-text", action="store_true", help="leave the report text out of the output")
    return ap


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8-sig")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    failed = 0
    out = sys.stdout
    for name in args.files:
        try:
            text = _read(name)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"cnreport: {name}: {exc}", file=sys.stderr)
            failed += 1
            continue
        report = parse(text, reference_date=args.reference_date, doc_id=name)
        data = report.to_dict()
        if args.no_text:
            data.pop("text", None)
        out.write(json.dumps(data, ensure_ascii=False, indent=args.indent) + "\n")
    out.flush()
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
