"""Tokens against bare jieba: throughput of each segmenter backend, long runs, cold start.

    .venv/bin/python benchmarks/tokens.py                       # about 1 MB of report text
    .venv/bin/python benchmarks/tokens.py --size 0.2 --repeat 3
    .venv/bin/python benchmarks/tokens.py --pkuseg-model PATH   # also the pkuseg backend

The text is the development corpus (../shared/corpus) and the example reports,
repeated to ``--size`` million characters and timed report by report.  Each
figure is the best of ``--repeat`` passes; ``jieba.lcut`` and each backend take
turns report by report, so that a busy machine slows both alike.  ``ratio`` is
the backend's time over bare ``jieba.lcut``'s (jieba's own dictionary, its own
HMM): the target for ``tokenize`` is at most 1.10.

If rjieba (the jieba-rs binding) is importable it is timed too, and the script
counts the lines where its words differ from jieba's.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def load_texts(size: float, examples: bool = True) -> list[str]:
    """The corpus (and the examples, or the examples alone when the corpus is absent), repeated to ``size`` M chars."""
    texts: list[str] = []
    if CORPUS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    else:
        print(f"corpus not found at {CORPUS}: timing the examples only")
    if examples or not texts:
        texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    out: list[str] = []
    total = 0
    while total < size * 1_000_000:
        for t in texts:
            out.append(t)
            total += len(t)
    return out


def timed(func: Callable[[Any], object], inputs: list[Any]) -> float:
    start = time.perf_counter()
    for item in inputs:
        func(item)
    return time.perf_counter() - start


def compare(
    name: str,
    func: Callable[[Any], object],
    inputs: list[Any],
    base: Callable[[str], object],
    texts: list[str],
    repeat: int,
) -> float:
    """Time ``func`` on ``inputs`` against ``base`` on ``texts``, report by report in turn; the ratio."""
    for item in inputs[:3]:  # warm-up
        func(item)
    best = best_base = float("inf")
    clock = time.perf_counter
    for _ in range(repeat):
        ours = theirs = 0.0
        for text, item in zip(texts, inputs, strict=True):
            t0 = clock()
            base(text)
            t1 = clock()
            func(item)
            t2 = clock()
            theirs += t1 - t0
            ours += t2 - t1
        best, best_base = min(best, ours), min(best_base, theirs)
    chars = sum(len(t) for t in texts)
    print(f"  {name:<36} {chars / best:>12,.0f} chars/s  {best:8.2f} s   ratio {best / best_base:5.2f}")
    return best / best_base


def wall_times(argv: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    """Wall-clock seconds of ``runs`` fresh processes running ``argv``, one after the other."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        out.append(time.perf_counter() - start)
    return out


def cold(code: str) -> float:
    return min(wall_times([sys.executable, "-c", code], 3))


def backends(texts: list[str], repeat: int, pkuseg_model: str | None = None) -> None:
    """Each segmenter backend against bare ``jieba.lcut`` on ``texts``, report by report."""
    import jieba

    import cnreport
    from cnreport import segment

    jieba.setLogLevel(logging.WARNING)
    jieba.lcut("预热")
    cnreport.tokenize("预热")
    chars = sum(len(t) for t in texts)
    lcut = jieba.lcut
    best_jieba = min(timed(lcut, texts) for _ in range(repeat))
    print(f"  {'jieba.lcut (bare jieba)':<36} {chars / best_jieba:>12,.0f} chars/s  {best_jieba:8.2f} s")

    compare("tokenize(text)", cnreport.tokenize, texts, lcut, texts, repeat)
    reports = [cnreport.parse(t) for t in dict.fromkeys(texts)]
    by_text = {r.text: r for r in reports}
    compare("tokenize(report)", cnreport.tokenize, [by_text[t] for t in texts], lcut, texts, repeat)
    compare("segment.cuts (jieba backend alone)", segment.cuts, texts, lcut, texts, repeat)
    compare("tokenize(text, 'char')", lambda t: cnreport.tokenize(t, "char"), texts, lcut, texts, repeat)
    if pkuseg_model:
        model = pkuseg_model
        compare(
            "tokenize(text, 'pkuseg')",
            lambda t: cnreport.tokenize(t, "pkuseg", pkuseg_model=model),
            texts,
            lcut,
            texts,
            repeat,
        )
    else:
        print("  tokenize(text, 'pkuseg')             (no --pkuseg-model given)")
    try:
        import rjieba  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        print("  rjieba                               (not installed: pip install rjieba)")
    else:
        rj = rjieba.Jieba()
        compare("rjieba.cut (jieba-rs)", rj.cut, texts, lcut, texts, repeat)
        lines = [line for t in dict.fromkeys(texts) for line in t.splitlines() if line.strip()]
        differ = sum(1 for line in lines if rj.cut(line) != jieba.lcut(line))
        print(f"  rjieba's words differ from jieba's on {differ} of {len(lines)} lines")


def long_runs(longest: int) -> None:
    """``tokenize`` and ``jieba.lcut`` on runs of 年 doubling up to ``longest`` characters."""
    import jieba

    import cnreport

    print("long runs of one character (jieba.lcut stops once a run takes over 20 s):")
    n = longest // 8
    jieba_done = False
    while n <= longest:
        run = "年" * n
        start = time.perf_counter()
        cnreport.tokenize(run)
        ours = time.perf_counter() - start
        theirs = "-"
        if not jieba_done:
            start = time.perf_counter()
            jieba.lcut(run)
            seconds = time.perf_counter() - start
            theirs = f"{seconds:7.2f} s"
            jieba_done = seconds > 20
        print(f"  {n:>9,} x 年   tokenize {ours:6.2f} s   jieba.lcut {theirs}")
        n *= 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=float, default=1.0, help="million characters of text (default 1)")
    ap.add_argument("--repeat", type=int, default=5, help="passes; the best is kept (default 5)")
    ap.add_argument("--pkuseg-model", help="a pkuseg model folder, to time the pkuseg backend too")
    ap.add_argument("--runs", type=int, default=125_000, help="length of the longest run of one character")
    args = ap.parse_args()

    import jieba

    texts = load_texts(args.size)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} reports, {chars:,} characters, best of {args.repeat} passes; jieba {jieba.__version__}")
    backends(texts, args.repeat, args.pkuseg_model)

    long_runs(args.runs)

    print("cold start (best of 3 fresh processes, dictionary cache in place):")
    base = cold("import jieba, logging; jieba.setLogLevel(logging.WARNING); jieba.lcut('1亿元')")
    ours = cold("import cnreport; cnreport.tokenize('1亿元')")
    print(f"  import jieba; jieba.lcut(...)         {base:6.2f} s")
    print(f"  import cnreport; tokenize(...)        {ours:6.2f} s")


if __name__ == "__main__":
    main()
