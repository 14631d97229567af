"""Throughput of ``cnreport.parse_many`` with 1 and 2 (or more) processes.

    .venv/bin/python benchmarks/parallel.py                  # ../shared/reports, 1 and 2 processes
    .venv/bin/python benchmarks/parallel.py --processes 1 2 4 --batch-size 4
    .venv/bin/python benchmarks/parallel.py --repeat 3

The texts are the reports in ../shared/reports (82 reports, about 1.25 million
characters), or the examples when that folder is absent.  Each figure is the best
of ``--repeat`` calls of ``parse_many`` over all texts; a call with N > 1 processes
includes starting its worker pool, each worker loading the rules once, because that
is what a caller pays.  The rules are loaded in this process first, so 1 process is
timed warm.  The ratio is the speed-up over 1 process; ``os.cpu_count()`` is printed
because no ratio can exceed the cores there are.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import cnreport

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT.parent / "shared" / "reports"


def load_texts() -> list[str]:
    if REPORTS.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))]
    print(f"reports not found at {REPORTS}: timing the examples, repeated")
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))] * 40


def run(texts: list[str], processes: list[int], batch_size: int = 8, repeat: int = 2) -> dict[int, float]:
    """Print and return the best seconds of ``parse_many`` over ``texts`` for each process count."""
    chars = sum(map(len, texts))
    print(f"{len(texts)} texts, {chars:,} characters; {os.cpu_count()} CPUs; batch size {batch_size}")
    cnreport.parse(texts[0])  # rules loaded in this process
    base = None
    seconds: dict[int, float] = {}
    for n in processes:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            results = list(cnreport.parse_many(texts, n_process=n, batch_size=batch_size))
            best = min(best, time.perf_counter() - start)
        failed = sum(isinstance(r, cnreport.Failure) for r in results)
        base = base or best
        seconds[n] = best
        print(
            f"  n_process={n:<3} {best:7.2f} s   {chars / best:>10,.0f} chars/s   {len(texts) / best:6.1f} docs/s"
            f"   x{base / best:.2f}   failures: {failed}"
        )
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2], metavar="N")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    run(load_texts(), args.processes, args.batch_size, args.repeat)


if __name__ == "__main__":
    main()
