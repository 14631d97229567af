"""Every speed and memory figure of docs/performance.md, in one run.

    .venv/bin/python benchmarks/performance.py                 # everything (about 10 minutes)
    .venv/bin/python benchmarks/performance.py --quick         # smaller texts, one pass (about 2 minutes)
    .venv/bin/python benchmarks/performance.py --only parse jionlp --texts report
    .venv/bin/python benchmarks/performance.py --skip memory --repeat 5

Sections (``--only`` / ``--skip``):

- ``parse``: ``cnreport.parse`` with all layers, then each layer alone, in characters per second;
- ``jionlp``: JioNLP's ``jio.ner.extract_money`` and ``extract_time`` on the same texts, and the
  ratio of ``parse`` to each (JioNLP is the optional ``bench`` extra, never needed at run time:
  ``pip install -e ".[bench]"``; without it these lines are skipped);
- ``tokens``: each segmenter backend against bare ``jieba.lcut``, and runs of 年 (``tokenize`` linear);
- ``parallel``: ``parse_many`` with 1 and 2 processes on ../shared/reports;
- ``cold``: fresh processes: ``python -c "import cnreport; cnreport.parse('1亿元')"``, one CLI call,
  and bare Python and bare jieba for scale; the median of ``--cold-runs`` runs after one warm-up
  run that builds the caches (jieba's dictionary, and Python's bytecode even where
  PYTHONDONTWRITEBYTECODE is set: an installed package has its bytecode);
- ``memory``: peak memory of a child process (its VmHWM, the figure ``ru_maxrss`` gives for a
  process not forked from a large one) and time per character of ``parse`` on 100 KB and 10 MB
  (here a MB is a million characters) of report text, in the library and through the CLI;
- ``layers``: where a long report's memory goes, in a child process with ``tracemalloc``: what each
  layer keeps and its working memory beyond that, per million characters of report text.

Texts (``--texts``): ``corpus``, the development corpus (../shared/corpus) repeated to about 1 M
characters; ``report``, the longest report of ../shared/reports; ``reports``, ../shared/reports
as a whole.  Each throughput figure is the best of ``--repeat`` passes after a warm-up pass.
The machine (CPU, cores, Python) and its load average are printed with the figures: the
development machine is shared, and a ratio measured under load is a ratio between two starved runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import parallel
import speed
import tokens

import cnreport

SECTIONS = ("parse", "jionlp", "tokens", "parallel", "cold", "memory", "layers")
TEXTS = ("corpus", "report", "reports")
SENTENCE = "2024年全县完成固定资产投资12.5亿元，新建高标准农田3万亩。"
JIONLP_MISSING = (
    "JioNLP is not installed: its lines are skipped. It is the optional `bench` extra, never a"
    ' runtime dependency: .venv/bin/pip install -e ".[bench]"'
)

# Peak memory of a child is its VmHWM (/proc/self/status), written to standard error at exit.  The
# child's ru_maxrss would be wrong on Linux: it starts from the parent's peak at fork, and this
# parent holds every text and report of the run.
_PEAK = """
import atexit, sys
def _peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("VmHWM " + line.split()[1] + "\\n")
atexit.register(_peak)
"""

# A child process: parse the text of a file (after loading the rules on a short text), print the
# best seconds of ``repeat`` parses.
_CHILD = (
    _PEAK
    + """
import time
from pathlib import Path
import cnreport
text = Path(sys.argv[1]).read_text(encoding="utf-8")
cnreport.parse("1亿元")
best = float("inf")
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    cnreport.parse(text)
    best = min(best, time.perf_counter() - start)
print(best)
"""
)

# The command line, as its console script runs it, with the same peak written at exit.
_CLI = _PEAK + "from cnreport.cli import entry_point\nsys.argv[0] = 'cnreport'\nsys.exit(entry_point())\n"

# Per layer, in one child: what it keeps (its results, and caches it fills) and the peak beyond
# what it had at its start, traced by tracemalloc (Python's own allocations, not the allocator's
# free space), in MB per million characters.
_LAYERS = """
import gc, sys, tracemalloc
from pathlib import Path
import cnreport
from cnreport.entities import extract_entities
from cnreport.normalize import normalize
from cnreport.quantities import extract_quantities
from cnreport.records import build_records
from cnreport.structure import extract_document
from cnreport.times import extract_times
text = Path(sys.argv[1]).read_text(encoding="utf-8")
per = len(text) / 1e6
cnreport.parse(text[:30000])
gc.collect()
tracemalloc.start()
def layer(name, make):
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    out = make()
    now, peak = tracemalloc.get_traced_memory()
    print(f"  {name:12} keeps {(now - before) / 1e6 / per:6.1f} MB  works {(peak - now) / 1e6 / per:6.1f} MB beyond it")
    return out
norm = layer("normalize", lambda: normalize(text))
layer("document", lambda: extract_document(norm))
layer("quantities", lambda: extract_quantities(norm))
layer("entities", lambda: extract_entities(norm))
layer("times", lambda: extract_times(norm, None))
report = cnreport.parse(text)
layer("records", lambda: build_records(report, norm))
"""


def child_env() -> dict[str, str]:
    """The environment of timed child processes: bytecode is written and read, as in any install."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "?"
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def heading(title: str) -> None:
    print(f"\n== {title}   ({load()})", flush=True)


def texts_named(name: str, quick: bool) -> tuple[str, list[str]]:
    """A label and the texts of one of TEXTS."""
    if name == "corpus":
        texts = tokens.load_texts(0.1 if quick else 1.0, examples=False)
        return "development corpus repeated", texts
    reports = parallel.load_texts()
    if name == "report":
        longest = max(reports, key=len)
        return "one real report (the longest of ../shared/reports)", [longest]
    if quick:
        reports = reports[:10]
    return f"../shared/reports as a whole{' (first 10, --quick)' if quick else ''}", reports


def jionlp_functions() -> list[tuple[str, Callable[[str], object]]]:
    import jionlp as jio  # type: ignore[import-not-found,import-untyped,unused-ignore]

    return [("jio.ner.extract_money", jio.ner.extract_money), ("jio.ner.extract_time", jio.ner.extract_time)]


def throughput(texts: list[str], repeat: int, sections: set[str]) -> None:
    chars = sum(map(len, texts))
    parse_rate = None
    if "parse" in sections:
        rate, seconds = speed.best_rate(cnreport.parse, texts, chars, repeat)
        parse_rate = rate
        speed.row("parse (all layers)", rate, seconds)
        reports = [cnreport.parse(t) for t in texts]
        for name, func, inputs in speed.layers(texts, reports):
            speed.row(name, *speed.best_rate(func, inputs, chars, repeat))
    if "jionlp" in sections:
        if importlib.util.find_spec("jionlp") is None:
            print(f"  {JIONLP_MISSING}")
            return
        if parse_rate is None:
            parse_rate, _ = speed.best_rate(cnreport.parse, texts, chars, repeat)
            speed.row("parse (all layers)", parse_rate, chars / parse_rate)
        for name, func in jionlp_functions():
            # extract_time logs a traceback for each phrase it cannot read; silenced, as it would be in use
            logging.disable(logging.CRITICAL)
            try:
                rate, seconds = speed.best_rate(func, texts, chars, repeat)
            finally:
                logging.disable(logging.NOTSET)
            speed.row(name, rate, seconds)
            target = " (target: x1.5 or more)" if name.endswith("money") else ""
            print(f"    parse / {name.rsplit('.', 1)[1]}: x{parse_rate / rate:.2f}{target}")


def cold_start(runs: int) -> None:
    script = Path(sys.executable).with_name("cnreport")
    cli = (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from cnreport.cli import entry_point; entry_point()"]
    )
    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "tiny.txt"
        tiny.write_text("1亿元\n", encoding="utf-8")
        line = Path(folder) / "line.txt"
        line.write_text(SENTENCE + "\n", encoding="utf-8")
        py = sys.executable
        commands = [
            ("python -c pass (the interpreter alone)", [py, "-c", "pass"]),
            ("import jieba; jieba.lcut('1亿元')", [py, "-c", "import jieba; jieba.lcut('1亿元')"]),
            ("import cnreport; cnreport.parse('1亿元')", [py, "-c", "import cnreport; cnreport.parse('1亿元')"]),
            ("cnreport parse tiny.txt (the CLI, 1亿元)", [*cli, "parse", str(tiny), "--no-progress"]),
            ("import cnreport; cnreport.parse(sentence)", [py, "-c", f"import cnreport; cnreport.parse({SENTENCE!r})"]),
            ("cnreport parse line.txt (the CLI, sentence)", [*cli, "parse", str(line), "--no-progress"]),
            ("import cnreport; cnreport.tokenize('1亿元')", [py, "-c", "import cnreport; cnreport.tokenize('1亿元')"]),
        ]
        print(f"sentence: {SENTENCE}")
        print(f"median of {runs} fresh processes, after one warm-up run (targets: library 1.0 s, CLI 1.5 s)")
        for name, argv in commands:
            tokens.wall_times(argv, 1, child_env())  # warm-up: jieba's cache, bytecode, the page cache
            times = tokens.wall_times(argv, runs, child_env())
            print(f"  {name:<44} {statistics.median(times):6.2f} s   (best {min(times):.2f}, worst {max(times):.2f})")


def child_run(argv: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak resident MB, standard output) of one child process."""
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=child_env(), check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[:3]} exited with {proc.returncode}: {proc.stderr[-500:]}")
    peaks = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("VmHWM ")]
    return seconds, int(peaks[-1]) / 1024 if peaks else float("nan"), proc.stdout


def memory(sizes: list[int]) -> None:
    joined = "\n\n".join(parallel.load_texts())
    print("one text cut from ../shared/reports joined and repeated; peak = VmHWM of the child process")
    _, base, _ = child_run([sys.executable, "-c", _PEAK + "import cnreport; cnreport.parse('1亿元')"])
    print(f"  a process that parses '1亿元' peaks at {base:,.0f} MB")
    print("  targets for 10 M chars: time per char within x1.3 of 100 K chars; peak 300 MB or less")
    per_char: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"{size}.txt"
            path.write_text((joined * (size // len(joined) + 1))[:size], encoding="utf-8")
            repeat = 3 if size <= 1_000_000 else 1
            _, peak, out = child_run([sys.executable, "-c", _CHILD, str(path), str(repeat)])
            seconds = float(out.split()[-1])
            per_char[size] = seconds / size
            ratio = f"x{per_char[size] / per_char[sizes[0]]:.2f} of {sizes[0]:,}" if size != sizes[0] else ""
            print(
                f"  parse, {size:>10,} chars  {seconds:8.2f} s  {seconds / size * 1e6:6.2f} µs/char"
                f"  peak {peak:7,.0f} MB  {ratio}",
                flush=True,
            )
            limit = str(path.stat().st_size + 1)
            wall, peak, _ = child_run(
                [
                    sys.executable,
                    "-c",
                    _CLI,
                    "parse",
                    str(path),
                    "-o",
                    os.devnull,
                    "--no-progress",
                    "--max-bytes",
                    limit,
                ]
            )
            print(f"  CLI,   {size:>10,} chars  {wall:8.2f} s  (whole call)        peak {peak:7,.0f} MB", flush=True)


def layer_memory(size: int) -> None:
    joined = "\n\n".join(parallel.load_texts())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "text.txt"
        path.write_text((joined * (size // len(joined) + 1))[:size], encoding="utf-8")
        print(f"{size:,} characters cut from ../shared/reports; each layer run alone on the normalised text")
        print(
            subprocess.run(
                [sys.executable, "-c", _LAYERS, str(path)], capture_output=True, text=True, check=True, env=child_env()
            ).stdout,
            end="",
        )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--only", nargs="+", choices=SECTIONS, metavar="SECTION", help=f"run only these: {', '.join(SECTIONS)}"
    )
    ap.add_argument("--skip", nargs="+", choices=SECTIONS, default=[], metavar="SECTION", help="leave these out")
    ap.add_argument("--texts", nargs="+", choices=TEXTS, default=list(TEXTS), help="texts for parse, jionlp and tokens")
    ap.add_argument(
        "--quick", action="store_true", help="0.1 M chars of corpus, 10 reports, one pass, memory up to 1 M"
    )
    ap.add_argument(
        "--repeat", type=int, help="passes for each throughput figure; the best is kept (default 3, quick 1)"
    )
    ap.add_argument("--cold-runs", type=int, help="fresh processes for each cold start (default 7, quick 3)")
    ap.add_argument("--sizes", type=int, nargs="+", metavar="CHARS", help="memory sizes (default 100000 10000000)")
    args = ap.parse_args()
    sections = set(args.only or SECTIONS) - set(args.skip)
    repeat = args.repeat or (1 if args.quick else 3)
    cold_runs = args.cold_runs or (3 if args.quick else 7)
    sizes = args.sizes or ([100_000, 1_000_000] if args.quick else [100_000, 10_000_000])

    import jieba

    print(f"machine: {machine()}")
    print(f"cnreport {cnreport.__version__}, jieba {jieba.__version__}", end="")
    if importlib.util.find_spec("jionlp") is not None:
        from importlib.metadata import version

        print(f", jionlp {version('jionlp')}", end="")
    print(f"; best of {repeat} passes; {load()}")
    cnreport.parse("1亿元")
    texts: dict[str, tuple[str, list[str]]] = {name: texts_named(name, args.quick) for name in args.texts}
    for label, items in texts.values():
        if sections & {"parse", "jionlp"}:
            heading(f"throughput on {label}: {len(items)} texts, {sum(map(len, items)):,} characters")
            throughput(items, repeat, sections)
    if "tokens" in sections:
        for label, items in texts.values():
            heading(f"segmenters against bare jieba.lcut on {label}: {sum(map(len, items)):,} characters")
            tokens.backends(items, repeat)
        heading("tokenize on runs of one character")
        tokens.long_runs(31_250 if args.quick else 125_000)
    if "parallel" in sections:
        heading("parse_many with 1 and 2 processes (target: 2 processes x1.7 or more)")
        parallel.run(texts_named("reports", args.quick)[1], [1, 2], repeat=max(1, min(repeat, 2)))
    if "cold" in sections:
        heading("cold start")
        cold_start(cold_runs)
    if "memory" in sections:
        heading("memory and time per character")
        memory(sizes)
    if "layers" in sections:
        heading("memory by layer, per million characters (tracemalloc)")
        layer_memory(1_000_000 if not args.quick else 200_000)
    print(f"\ndone; {load()}")


if __name__ == "__main__":
    main()
