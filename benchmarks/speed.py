"""Throughput of ``cnreport.parse`` and of each layer, in characters per second.

    .venv/bin/python benchmarks/speed.py                 # cnreport, and JioNLP if importable
    .venv/bin/python benchmarks/speed.py --repeat 10
    .venv/bin/python benchmarks/speed.py --big 10        # also one 10-million-character text
    /tmp/jio-venv/bin/python benchmarks/speed.py --jionlp-only

The texts are the corpus in ../shared/corpus (skipped with a message when it is
absent) and the reports in examples/.  Each figure is the best of ``--repeat``
passes over all texts, after one warm-up pass that loads rules and dictionaries.
``--jionlp-only`` times JioNLP's money extractor without importing cnreport, so
it can run in a separate virtual environment that has only jionlp installed.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def load_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    if CORPUS.is_dir():
        texts += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    else:
        print(f"corpus not found at {CORPUS}: timing the examples only")
    texts += [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*.txt"))]
    return texts


def best_rate(func: Callable[[Any], object], inputs: list[Any], chars: int, repeat: int) -> tuple[float, float]:
    """(chars per second, seconds) of the best of ``repeat`` passes over ``inputs``."""
    for item in inputs:  # warm-up: rule files, dictionaries, caches
        func(item)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in inputs:
            func(item)
        best = min(best, time.perf_counter() - start)
    return chars / best, best


def row(name: str, rate: float, seconds: float) -> None:
    if seconds < 1e-4:  # a layer that returns at once does no work yet
        print(f"  {name:<34} {'-':>12}           {seconds * 1000:>8.1f} ms per pass (no work done)")
        return
    print(f"  {name:<34} {rate:>12,.0f} chars/s   {seconds * 1000:>8.1f} ms per pass")


def time_jionlp(texts: list[str], chars: int, repeat: int) -> None:
    try:
        import jionlp as jio  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        print("jionlp not installed (pip install jionlp, e.g. in a separate venv, then --jionlp-only)")
        return
    found = sum(len(jio.ner.extract_money(t)) for t in texts)
    rate, seconds = best_rate(jio.ner.extract_money, texts, chars, repeat)
    print(f"JioNLP {getattr(jio, '__version__', '?')}: {found} money items")
    row("jio.ner.extract_money", rate, seconds)


def layers(texts: list[str], reports: list[Any]) -> list[tuple[str, Callable[[Any], object], list[Any]]]:
    """``(name, function, inputs)`` of each layer alone, on ``texts`` and their ``reports``."""
    import cnreport
    from cnreport.entities import extract_entities
    from cnreport.normalize import normalize
    from cnreport.quantities import extract_quantities
    from cnreport.records import build_records
    from cnreport.structure import extract_document
    from cnreport.times import extract_times

    norms = [normalize(t) for t in texts]
    return [
        ("normalize", normalize, texts),
        ("extract_quantities(norm)", extract_quantities, norms),
        ("extract_entities(norm)", lambda n: extract_entities(n, None), norms),
        ("extract_times(norm)", lambda n: extract_times(n, None), norms),
        ("extract_document(norm)", extract_document, norms),
        ("build_records(report)", build_records, reports),
        ("tokenize (jieba, not in parse)", cnreport.tokenize, texts),
    ]


def time_cnreport(texts: list[str], chars: int, repeat: int) -> None:
    import cnreport
    from cnreport.types import Kind

    reports = [cnreport.parse(t) for t in texts]
    money = sum(1 for r in reports for q in r.quantities if q.kind is Kind.MONEY)
    print(f"cnreport {cnreport.__version__}: {money} money items, {sum(len(r.quantities) for r in reports)} quantities")
    row("parse (all layers)", *best_rate(cnreport.parse, texts, chars, repeat))
    for name, func, inputs in layers(texts, reports):
        try:
            row(name, *best_rate(func, inputs, chars, repeat))
        except Exception as exc:  # a layer under construction should not stop the others
            print(f"  {name:<34} failed: {type(exc).__name__}: {exc}")


def time_big(texts: list[str], size: int) -> None:
    import cnreport

    joined = "\n\n".join(texts)
    big = (joined * (size // len(joined) + 1))[:size]
    start = time.perf_counter()
    report = cnreport.parse(big)
    seconds = time.perf_counter() - start
    print(f"one text of {len(big):,} characters: {len(report.quantities):,} quantities")
    row("parse (all layers), one big text", len(big) / seconds, seconds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="passes over the texts; the best is kept (default 5)")
    ap.add_argument("--big", type=float, default=0, metavar="M", help="also parse one text of M million characters")
    ap.add_argument("--jionlp-only", action="store_true", help="time JioNLP only, without importing cnreport")
    args = ap.parse_args()
    named = load_texts()
    texts = [t for _, t in named]
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} texts, {chars:,} characters, best of {args.repeat} passes")
    if not args.jionlp_only:
        time_cnreport(texts, chars, args.repeat)
        if args.big > 0:
            time_big(texts, int(args.big * 1_000_000))
    time_jionlp(texts, chars, args.repeat)


if __name__ == "__main__":
    main()
