"""Time ``cnreport.parse`` on hostile inputs at doubling sizes.

    .venv/bin/python benchmarks/hostile.py                # 1k .. 64k chars, every case
    .venv/bin/python benchmarks/hostile.py 256            # 1k .. 256k chars
    .venv/bin/python benchmarks/hostile.py 64 yi digits   # only some cases
    .venv/bin/python benchmarks/hostile.py --list         # case names
    .venv/bin/python benchmarks/hostile.py --layers 16 project   # each layer alone

For each case and size it prints the length in characters, the best time of a
few runs, the ratio to the previous size and the throughput.  With linear cost
the ratio stays near 2; a ratio near 4 means quadratic work.  A case stops
growing once one run takes longer than ``LIMIT`` seconds.  ``--layers`` times
each layer function alone instead of ``parse``, to find the one that grows.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from typing import Any

import cnreport

LIMIT = 20.0  # seconds for one run; past this a case stops growing
SUSPECT = 3.0  # a doubling ratio above this is flagged


def _repeat(unit: str) -> Callable[[int], str]:
    def make(n: int) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    return make


_POOL = "0123456789.-%xX亿万千百十一二三四五六七八九零两约近超余多元美吨亩家个项目公司有限河渠支沟年月日产，。、（）()"


def _random(n: int) -> str:
    rng = random.Random(20210720)
    return "".join(rng.choice(_POOL) for _ in range(n))


CASES: dict[str, Callable[[int], str]] = {
    "yi": _repeat("亿"),  # 亿亿亿...
    "dotted": _repeat("1."),  # 1.1.1.1...
    "spaced_points": _repeat("共2 . 3万元，"),  # decimal points spaced off their numbers, each closed up
    "masked": _repeat("x"),  # xxxx...
    "numerals": _repeat("一二三四五六七八九十"),
    "wanyi": _repeat("万亿"),
    "range": _repeat("6-8家"),
    "digits": _repeat("1"),  # one long number
    "approx": _repeat("约近超"),
    "project": _repeat("年产项目"),
    "company": _repeat("有限公司"),
    "brackets": _repeat("（"),
    "lunar": _repeat("农历闰正月廿"),  # lunar marks and months with no day
    "ranges": _repeat("从3月1日到"),  # from-to ranges that never close
    "weeks": _repeat("上上周第一个星期"),
    "offsets": _repeat("三个半月后内"),
    "dates": _repeat("2020.01-1·"),  # numeric dates glued together
    "project_list": _repeat("城东污水处理厂建设、"),  # one clause of thousands of projects, each with a status noun
    "kept_away": _repeat("“城东形象工程”"),  # quoted names after no verb, read back to the list's start
    "spent_on": _repeat("投资1亿元实施城东污水处理厂、"),  # money spent on each item of one long list
    "commas": _repeat("上半年，全县完成固定资产投资12.5亿元，同比增长6.3%，新增企业8家，"),  # one sentence of figures
    "aims": _repeat("力争产值增长6%，税收增长5%，"),  # one sentence of aims and the figures after them
    "random": _random,
}


Target = tuple[str, Callable[[str], Any], Callable[[Any], object]]


def _targets(layers: bool) -> list[Target]:
    """What to time: ``parse``, or each layer alone on its prepared input."""
    if not layers:
        return [("parse", _same, cnreport.parse)]
    from cnreport.entities import extract_entities
    from cnreport.normalize import normalize
    from cnreport.quantities import extract_quantities
    from cnreport.records import build_records
    from cnreport.structure import extract_document
    from cnreport.times import extract_times

    return [
        ("normalize", _same, normalize),
        ("quantities", normalize, extract_quantities),
        ("entities", normalize, lambda n: extract_entities(n, None)),
        ("times", normalize, lambda n: extract_times(n, None)),
        ("structure", normalize, extract_document),
        ("records", cnreport.parse, build_records),
    ]


def _same(text: str) -> str:
    return text


def _time(func: Callable[[Any], object], arg: Any) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        func(arg)
        best = min(best, time.perf_counter() - start)
        if best > 1.0:  # one run of a slow size is enough
            break
    return best


def main(argv: list[str]) -> int:
    if "--list" in argv:
        print("\n".join(CASES))
        return 0
    layers = "--layers" in argv
    argv = [a for a in argv if a != "--layers"]
    max_k = 64
    names = list(CASES)
    rest = [a for a in argv if not a.isdigit()]
    sizes = [a for a in argv if a.isdigit()]
    if sizes:
        max_k = int(sizes[0])
    if rest:
        unknown = [a for a in rest if a not in CASES]
        if unknown:
            print(f"unknown case {unknown[0]!r}; cases: {', '.join(CASES)}", file=sys.stderr)
            return 2
        names = rest
    targets = _targets(layers)
    for _, prepare, func in targets:  # load rules and dictionaries once
        func(prepare("1-6月完成规上工业总产值61.52亿元，同比增长12.5%。"))

    worst: list[tuple[float, str]] = []
    for name in names:
        print(f"\n{name}: {CASES[name](24)!r}...")
        print(f"{'chars':>9} {'target':<10} {'seconds':>9} {'ratio':>6} {'chars/s':>11}")
        previous: dict[str, float] = {}
        k = 1
        while k <= max_k:
            text = CASES[name](k * 1024)
            slowest = 0.0
            for target, prepare, func in targets:
                seconds = max(_time(func, prepare(text)), 1e-9)
                slowest = max(slowest, seconds)
                before = previous.get(target)
                ratio = seconds / before if before else float("nan")
                # ratios of sub-millisecond timings are noise
                flag = "  <- superlinear?" if before and ratio > SUSPECT and seconds > 1e-3 else ""
                print(f"{len(text):>9} {target:<10} {seconds:>9.4f} {ratio:>6.2f} {len(text) / seconds:>11,.0f}{flag}")
                if before and seconds > 1e-3:
                    worst.append((ratio, f"{name}, {target}"))
                previous[target] = seconds
            if slowest > LIMIT:
                print(f"  (stopped: one run took over {LIMIT:.0f} s)")
                break
            k *= 2
    if worst:
        ratio, where = max(worst)
        print(f"\nhighest doubling ratio: {ratio:.2f} ({where})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
