"""Gold of our own on real reports: windows, annotation import, review and scoring.

The gold lives in ``tests/data/real/``: ``windows.json`` lists the windows (a
report file of ``../shared/reports``, its sha256, a character range and the
split, ``blind`` or ``train``), and ``entities/<window>.json`` holds the
annotations of one window as offsets into the report file.  No report text is
stored in the repository: every command reads the texts from ``../shared``.

    python benchmarks/gold.py windows              # list the windows
    python benchmarks/gold.py show WINDOW          # the window's text with offsets per line
    python benchmarks/gold.py import WINDOW FILE   # a TSV of LABEL<TAB>name lines -> offsets
                                                   # (--labels L...: only these labels are
                                                   # replaced, the window's others are kept)
    python benchmarks/gold.py select-gaps MIN      # every free stretch of MIN characters or more
                                                   # of the training reports as a window
                                                   # (--blind ROUND: of the blind reports, as blind
                                                   # windows; --kind prov|county; --labels L...)
    python benchmarks/gold.py select-blind ROUND   # one more blind window per blind province's
                                                   # report and per blind county report without one
    python benchmarks/gold.py export WINDOW        # the window's gold back as a TSV
    python benchmarks/gold.py ignore WINDOW A B    # mark page chrome in a window (not scored)
    python benchmarks/gold.py review WINDOW        # every annotation in its context, and
                                                   # unannotated repeats of annotated names
    python benchmarks/gold.py agree [--least N]    # names annotated in some training windows
                                                   # and left bare in others, most disagreed first
    python benchmarks/gold.py score [--split blind|train|all] [--labels ...]
    python benchmarks/gold.py score-quantities     # quantities/<window>.json against parse
                                                   # (--train: quantities_train/, read for errors)

The TSV an annotator writes lists the entities in reading order, one per line:
``LABEL<TAB>name`` with an optional third column: ``alt=COMPANY`` (a list item
that reads equally as a company), ``optional`` (a reading the guide leaves open)
or ``note=...``.  Entities that start at the same character may come in any
order.  ``import`` finds each name at or after the previous one's start, so the
same name written twice is two entities in order.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
WINDOWS = REAL / "windows.json"
ENTITIES = REAL / "entities"
QUANTITIES = REAL / "quantities"
# windows annotated the same way and read for errors to fix the rules (the ones above never are)
QUANTITIES_TRAIN = REAL / "quantities_train"
# the kinds ../shared/gold/GUIDE.md lists; a quantity of another kind is not scored
GUIDE_KINDS = frozenset(
    "money percent percentage_point count mass area length volume energy power electricity duration voltage "
    "data_size other".split()
)
LABELS = ("COMPANY", "PROJECT", "WATER", "PLACE")


def shared_reports() -> Path:
    """``../shared/reports`` beside the repository (or ``$CNREPORT_SHARED/reports``)."""
    import os

    base = Path(os.environ.get("CNREPORT_SHARED", ROOT.parent / "shared"))
    return base / "reports"


def load_windows() -> list[dict[str, Any]]:
    return json.loads(WINDOWS.read_text(encoding="utf-8"))


def window(wid: str) -> dict[str, Any]:
    for w in load_windows():
        if w["id"] == wid:
            return w
    raise SystemExit(f"no window {wid!r} in {WINDOWS}")


def report_text(file: str, sha256: str | None = None) -> str:
    path = shared_reports() / file
    data = path.read_bytes()
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise SystemExit(f"{path} changed: its sha256 is not the one the gold was made on")
    return data.decode("utf-8")


def load_gold(wid: str) -> list[dict[str, Any]]:
    path = ENTITIES / f"{wid}.json"
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["entities"]


CUES = re.compile(r"公司|集团|项目|工程|铁路|高速|机场|水库|[河湖渠江]|镇|村|县|市")


def _stretch(rng: Any, text: str, starts: list[int], size: int) -> tuple[int, int]:
    """A random stretch of ``text`` of about ``size`` characters, from one of ``starts`` (line
    and sentence starts) to the first start ``size`` characters on or the text's end."""
    a = rng.choice([x for x in starts if x <= max(0, len(text) - size)] or [0])
    return a, next((x for x in starts if x >= a + size), len(text))


def select_windows(seed: int = 2026, size: int = 3000) -> list[dict[str, Any]]:
    """The windows, chosen once before any tuning (kept for the record).

    Regions are split first, so that no county or province of the blind set
    is seen in training: 9 of the provincial reports and 3 of the counties are
    blind.  Each chosen report gives one window of about ``size`` characters,
    from a line or sentence start to a line or sentence end: of five random candidates, the one with the
    most surface cues (公司, 项目, 河, 镇 ...) so that windows are not empty of names.
    """
    import random

    rng = random.Random(seed)
    manifest = json.loads((shared_reports() / "manifest.json").read_text(encoding="utf-8"))
    by_region: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in manifest:
        kind, region = m["id"].split("-")[:2]
        by_region[f"{kind}-{region}"].append(m)
    provs = sorted(r for r in by_region if r.startswith("prov-"))
    counties = sorted(r for r in by_region if r.startswith("county-"))
    blind = set(rng.sample(provs, 9)) | set(rng.sample(counties, 3))
    chosen: list[tuple[dict[str, Any], str]] = []
    for region in provs + counties:
        docs = sorted(by_region[region], key=lambda m: m["id"])
        split = "blind" if region in blind else "train"
        if region.startswith("prov-"):
            picks = docs
        else:
            picks = rng.sample(docs, min(2, len(docs)))
        chosen.extend((m, split) for m in picks)
    out = []
    for m, split in chosen:
        text = (shared_reports() / f"{m['id']}.txt").read_text(encoding="utf-8")
        starts = [0] + [i + 1 for i, c in enumerate(text) if c in "\n。"]
        best = None
        for _ in range(5):
            a, b = _stretch(rng, text, starts, size)
            cues = len(CUES.findall(text, a, b))
            if best is None or cues > best[0]:
                best = (cues, a, b)
        assert best is not None
        out.append(
            {
                "id": f"{m['id']}@{best[1]}",
                "file": f"{m['id']}.txt",
                "sha256": m["sha256"],
                "start": best[1],
                "end": best[2],
                "split": split,
            }
        )
    return out


def select_more(n: int, seed: int, size: int = 3000) -> list[dict[str, Any]]:
    """More training windows, for companies, projects and water only: from reports of the
    training regions, not overlapping a chosen window, the most company and project cues first."""
    import random

    rng = random.Random(seed)
    have = load_windows()
    blind = {"-".join(w["file"].split("-")[:2]) for w in have if w["split"] == "blind"}
    manifest = json.loads((shared_reports() / "manifest.json").read_text(encoding="utf-8"))
    cues = re.compile(r"公司|集团|项目|工程|企业|[河渠]")
    pool = []
    for m in manifest:
        region = "-".join(m["id"].split("-")[:2])
        if region in blind:
            continue
        text = (shared_reports() / f"{m['id']}.txt").read_text(encoding="utf-8")
        taken = [(w["start"], w["end"]) for w in have if w["file"] == f"{m['id']}.txt"]
        starts = [0] + [i + 1 for i, c in enumerate(text) if c in "\n。"]
        for _ in range(8):
            a, b = _stretch(rng, text, starts, size)
            if any(a < y and x < b for x, y in taken):
                continue
            pool.append((len(cues.findall(text, a, b)), m, a, b))
    pool.sort(key=lambda x: (-x[0], x[1]["id"], x[2]))
    out: list[dict[str, Any]] = []
    used: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for _n, m, a, b in pool:
        if len(out) >= n:
            break
        if any(a < y and x < b for x, y in used[m["id"]]) or len(used[m["id"]]) >= 1:
            continue
        used[m["id"]].append((a, b))
        out.append(
            {
                "id": f"{m['id']}@{a}",
                "file": f"{m['id']}.txt",
                "sha256": m["sha256"],
                "start": a,
                "end": b,
                "split": "train",
                "labels": ["COMPANY", "PROJECT", "WATER"],
            }
        )
    return out


def select_blind(round_: int, seed: int, size: int = 3000) -> list[dict[str, Any]]:
    """More blind windows, to measure with (never to read for errors): one from each blind
    province's report and one from each blind county report that has none yet, where no
    window lies, of eight random stretches the one with the most surface cues (as the first
    round chose).  Only the choice is printed; the annotators read the texts."""
    import random

    rng = random.Random(seed)
    have = load_windows()
    blind = {"-".join(w["file"].split("-")[:2]) for w in have if w["split"] == "blind"}
    manifest = json.loads((shared_reports() / "manifest.json").read_text(encoding="utf-8"))
    out: list[dict[str, Any]] = []
    for m in sorted(manifest, key=lambda m: m["id"]):
        if "-".join(m["id"].split("-")[:2]) not in blind:
            continue
        file = f"{m['id']}.txt"
        taken = [(w["start"], w["end"]) for w in have if w["file"] == file]
        if m["id"].startswith("county-") and taken:
            continue
        text = report_text(file, m["sha256"])
        starts = [0] + [i + 1 for i, c in enumerate(text) if c in "\n。"]
        best = None
        for _ in range(8):
            a, b = _stretch(rng, text, starts, size)
            if any(a < y and x < b for x, y in taken):
                continue
            cues = len(CUES.findall(text, a, b))
            if best is None or cues > best[0]:
                best = (cues, a, b)
        if best is None:
            continue
        out.append(
            {
                "id": f"{m['id']}@{best[1]}",
                "file": file,
                "sha256": m["sha256"],
                "start": best[1],
                "end": best[2],
                "split": "blind",
                "round": round_,
            }
        )
    return out


def select_gaps(
    least: int, blind_round: int | None = None, kind: str | None = None, labels: list[str] | None = None
) -> list[dict[str, Any]]:
    """Every stretch of ``least`` characters or more of a report that no window covers, as a
    window of its own (from the stretch's start to its end): of the training regions' reports,
    or with ``blind_round`` of the blind regions' reports, as blind windows of that round (to
    measure with, never to read for errors).  ``kind`` (``prov`` or ``county``) keeps the
    reports of one kind; ``labels`` the labels the new windows are annotated and scored for."""
    have = load_windows()
    blind = {"-".join(w["file"].split("-")[:2]) for w in have if w["split"] == "blind"}
    manifest = json.loads((shared_reports() / "manifest.json").read_text(encoding="utf-8"))
    out: list[dict[str, Any]] = []
    for m in sorted(manifest, key=lambda m: m["id"]):
        if ("-".join(m["id"].split("-")[:2]) in blind) != (blind_round is not None):
            continue
        if kind is not None and not m["id"].startswith(f"{kind}-"):
            continue
        n = len(report_text(f"{m['id']}.txt", m["sha256"]))
        taken = sorted((w["start"], w["end"]) for w in have if w["file"] == f"{m['id']}.txt")
        edge = 0
        for a, b in [*taken, (n, n)]:
            if a - edge >= least:
                w: dict[str, Any] = {
                    "id": f"{m['id']}@{edge}",
                    "file": f"{m['id']}.txt",
                    "sha256": m["sha256"],
                    "start": edge,
                    "end": a,
                    "split": "train" if blind_round is None else "blind",
                }
                if blind_round is not None:
                    w["round"] = blind_round
                if labels and set(labels) != set(LABELS):
                    w["labels"] = [label for label in LABELS if label in labels]
                out.append(w)
            edge = max(edge, b)
    return out


def cmd_select_gaps(a: argparse.Namespace) -> None:
    have = load_windows()
    if a.blind is not None and any(w.get("round") == a.blind for w in have):
        raise SystemExit(f"round {a.blind} is chosen already")
    extra = select_gaps(a.least, a.blind, a.kind, a.labels)
    WINDOWS.write_text(json.dumps(have + extra, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    size = sum(w["end"] - w["start"] for w in extra)
    print(f"{len(extra)} windows added ({size} characters): " + " ".join(w["id"] for w in extra))


def cmd_select_more(a: argparse.Namespace) -> None:
    have = load_windows()
    extra = select_more(a.n, a.seed)
    WINDOWS.write_text(json.dumps(have + extra, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(extra)} windows added: " + " ".join(w["id"] for w in extra))


def cmd_select_blind(a: argparse.Namespace) -> None:
    have = load_windows()
    if any(w.get("round") == a.round for w in have):
        raise SystemExit(f"round {a.round} is chosen already")
    extra = select_blind(a.round, a.seed)
    WINDOWS.write_text(json.dumps(have + extra, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(extra)} blind windows added: " + " ".join(w["id"] for w in extra))


def cmd_select(a: argparse.Namespace) -> None:
    if WINDOWS.exists() and not a.force:
        raise SystemExit(f"{WINDOWS} exists: the windows are chosen once (--force to choose again)")
    REAL.mkdir(parents=True, exist_ok=True)
    ws = select_windows(a.seed)
    WINDOWS.write_text(json.dumps(ws, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(ws)} windows: {dict(Counter(w['split'] for w in ws))}")


def cmd_windows(_: argparse.Namespace) -> None:
    for w in load_windows():
        done = (ENTITIES / f"{w['id']}.json").exists()
        print(
            f"{w['id']:32} {w['split']:6} {w['file']:28} {w['start']:>6}-{w['end']:<6} {'annotated' if done else '-'}"
        )


def cmd_show(a: argparse.Namespace) -> None:
    w = window(a.window)
    text = report_text(w["file"], w["sha256"])
    pos = w["start"]
    for line in text[w["start"] : w["end"]].splitlines(keepends=True):
        print(f"[{pos}] {line.rstrip()}")
        pos += len(line)


def _parse_tsv(path: Path) -> list[tuple[str, str, dict[str, Any]]]:
    items = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise SystemExit(f"{path}:{n}: need LABEL<TAB>name, got {line!r}")
        label, name = parts[0].strip(), parts[1]
        if label not in LABELS:
            raise SystemExit(f"{path}:{n}: label must be one of {LABELS}, got {label!r}")
        if not name or name != name.strip():
            raise SystemExit(f"{path}:{n}: the name {name!r} is empty or has spaces around it")
        extra: dict[str, Any] = {}
        for field in parts[2:]:
            field = field.strip()
            if not field:
                continue
            if field == "optional":
                extra["optional"] = True
            elif field.startswith("alt="):
                extra["alt"] = field[4:]
            elif field.startswith("note="):
                extra["note"] = field[5:]
            else:
                raise SystemExit(f"{path}:{n}: unknown column {field!r} (alt=LABEL, optional, note=...)")
        items.append((label, name, extra))
    return items


def cmd_import(a: argparse.Namespace) -> None:
    w = window(a.window)
    text = report_text(w["file"], w["sha256"])
    items = _parse_tsv(Path(a.file))
    only = set(a.labels or LABELS)
    wrong = sorted({label for label, _, _ in items} - only)
    if wrong:
        raise SystemExit(f"the TSV holds {wrong}, but --labels names only {sorted(only)}")
    # the window's gold of the labels this import leaves alone
    kept = [e for e in load_gold(w["id"]) if e["label"] not in only]
    out = []
    cursor = w["start"]
    problems = []
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)

    ignored = _ignored(w["id"])

    def is_taken(at: int, n: int, label: str) -> bool:  # labels never nest within one label; chrome holds none
        return any(a < at + n and at < b for a, b in taken[label]) or any(a <= at < b for a, b in ignored)

    for label, name, extra in items:
        # the next occurrence at or after the previous entity's start that this label
        # has not taken yet (the same name twice in a row is two entities)
        at = text.find(name, cursor, w["end"])
        while at >= 0 and is_taken(at, len(name), label):
            at = text.find(name, at + 1, w["end"])
        if at < 0:
            # allow entities that start at the same place as the previous one in any order
            at = text.find(name, max(w["start"], cursor - 60), w["end"])
            while at >= 0 and is_taken(at, len(name), label):
                at = text.find(name, at + 1, w["end"])
            if at < 0:
                problems.append(f"not found after offset {cursor}: {label}\t{name}")
                continue
        taken[label].append((at, at + len(name)))
        cursor = at
        out.append({"start": at, "end": at + len(name), "label": label, **extra})
    if problems:
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(f"{len(problems)} names not found in reading order; fix the TSV and import again")
    out.extend(kept)
    seen = set()
    for e in out:
        key = (e["start"], e["end"], e["label"])
        if key in seen:
            raise SystemExit(f"duplicate entity {key} {text[e['start'] : e['end']]}")
        seen.add(key)
    out.sort(key=lambda e: (e["start"], -e["end"], e["label"]))
    ENTITIES.mkdir(parents=True, exist_ok=True)
    ignore = ignored
    inside = [e for e in out if any(a <= e["start"] < b for a, b in ignore)]
    if inside:
        raise SystemExit(
            f"{len(inside)} entities lie in an ignored span (page chrome), e.g. "
            f"{text[inside[0]['start'] : inside[0]['end']]} at {inside[0]['start']}: take them out of the TSV"
        )
    doc = {
        "window": w["id"],
        "file": w["file"],
        "sha256": w["sha256"],
        "range": [w["start"], w["end"]],
        "ignore": ignore,
        "entities": out,
    }
    before = Counter(e["label"] for e in load_gold(w["id"]))
    (ENTITIES / f"{w['id']}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    after = Counter(e["label"] for e in out)
    print(f"{len(out)} entities written to {ENTITIES / (w['id'] + '.json')}: {dict(after)}")
    print("replaced: " + ", ".join(f"{label} {before[label]} -> {after[label]}" for label in LABELS if label in only))
    if "labels" in w and not only <= set(w["labels"]):
        # the window is scored and trained on the labels it lists: an imported label joins them
        labels = [label for label in LABELS if label in set(w["labels"]) | only]
        windows = load_windows()
        for x in windows:
            if x["id"] == w["id"]:
                if len(labels) == len(LABELS):
                    del x["labels"]
                else:
                    x["labels"] = labels
        WINDOWS.write_text(json.dumps(windows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{w['id']} in {WINDOWS.name} now carries {', '.join(labels)}")


def _ignored(wid: str) -> list[list[int]]:
    path = ENTITIES / f"{wid}.json"
    if not path.exists():
        return []
    return [list(x) for x in json.loads(path.read_text(encoding="utf-8")).get("ignore", [])]


def cmd_ignore(a: argparse.Namespace) -> None:
    """Mark page chrome inside a window: nothing in it is annotated or scored."""
    w = window(a.window)
    if not w["start"] <= a.start < a.end <= w["end"]:
        raise SystemExit(f"the span must lie inside the window {w['start']}-{w['end']}")
    path = ENTITIES / f"{w['id']}.json"
    doc = (
        json.loads(path.read_text(encoding="utf-8"))
        if path.exists()
        else {
            "window": w["id"],
            "file": w["file"],
            "sha256": w["sha256"],
            "range": [w["start"], w["end"]],
            "entities": [],
        }
    )
    spans = sorted({tuple(x) for x in doc.get("ignore", [])} | {(a.start, a.end)})
    doc["ignore"] = [list(x) for x in spans]
    dropped = [e for e in doc["entities"] if a.start <= e["start"] < a.end]
    doc["entities"] = [e for e in doc["entities"] if not a.start <= e["start"] < a.end]
    ENTITIES.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    text = report_text(w["file"], w["sha256"])
    print(f"ignored {a.start}-{a.end} ({text[a.start : a.start + 20]!r}...); {len(dropped)} entities inside it removed")


def cmd_export(a: argparse.Namespace) -> None:
    w = window(a.window)
    text = report_text(w["file"], w["sha256"])
    for e in load_gold(w["id"]):
        cols = [e["label"], text[e["start"] : e["end"]]]
        if e.get("alt"):
            cols.append(f"alt={e['alt']}")
        if e.get("optional"):
            cols.append("optional")
        if e.get("note"):
            cols.append(f"note={e['note']}")
        print("\t".join(cols))


def cmd_review(a: argparse.Namespace) -> None:
    w = window(a.window)
    text = report_text(w["file"], w["sha256"])
    gold = load_gold(w["id"])
    for e in gold:
        s, t = e["start"], e["end"]
        extra = " ".join(f"{k}={v}" for k, v in e.items() if k not in ("start", "end", "label"))
        left = text[max(w["start"], s - 12) : s].replace("\n", "⏎")
        right = text[t : min(w["end"], t + 12)].replace("\n", "⏎")
        print(f"{s:>6} {e['label']:8} {left:>12}【{text[s:t]}】{right}  {extra}")
    spans = {(e["start"], e["end"]) for e in gold}
    names: dict[str, set[str]] = defaultdict(set)
    for e in gold:
        names[text[e["start"] : e["end"]]].add(e["label"])
    missing = []
    for name, labels in names.items():
        at = text.find(name, w["start"], w["end"])
        while at >= 0:
            if (at, at + len(name)) not in spans:
                missing.append((at, name, "/".join(sorted(labels))))
            at = text.find(name, at + 1, w["end"])
    if missing:
        print("\nunannotated repeats of annotated names (right when they sit inside a longer name of the same label):")
        for at, name, labels in sorted(missing):
            left = text[max(w["start"], at - 10) : at].replace("\n", "⏎")
            right = text[at + len(name) : at + len(name) + 10].replace("\n", "⏎")
            print(f"{at:>6} {labels:8} {left:>10}【{name}】{right}")


def disagreements(least: int = 2) -> list[tuple[str, str, int, list[tuple[str, int, str]]]]:
    """Names annotated with a label in the training windows and left bare elsewhere in them:
    ``(label, name, times annotated, [(window, offset, context), ...])`` for every name of two
    characters or more left bare ``least`` times or more, most disagreed first.  A bare
    occurrence is one inside no annotation of the same label, not annotated under another label
    (a choice between labels, not an omission) and not in page chrome.  Only the
    training windows are read: the blind ones are never looked at for errors."""
    windows = [w for w in load_windows() if w["split"] == "train" and (ENTITIES / f"{w['id']}.json").exists()]
    texts: dict[str, str] = {}
    golds: dict[str, dict[str, Any]] = {}
    annotated: Counter[tuple[str, str]] = Counter()
    for w in windows:
        if w["file"] not in texts:
            texts[w["file"]] = report_text(w["file"], w["sha256"])
        golds[w["id"]] = json.loads((ENTITIES / f"{w['id']}.json").read_text(encoding="utf-8"))
        text = texts[w["file"]]
        for e in golds[w["id"]]["entities"]:
            if not e.get("optional") and e["end"] - e["start"] >= 2:
                annotated[(e["label"], text[e["start"] : e["end"]])] += 1
    by_label: dict[str, set[str]] = defaultdict(set)
    for label, name in annotated:
        by_label[label].add(name)
    bare: dict[tuple[str, str], list[tuple[str, int, str]]] = defaultdict(list)
    for w in windows:
        text, g = texts[w["file"]], golds[w["id"]]
        ignore = [tuple(x) for x in g.get("ignore", [])]
        spans = {(e["start"], e["end"]) for e in g["entities"]}  # the same span under another label: a choice
        for label in w.get("labels", LABELS):
            held = [(e["start"], e["end"]) for e in g["entities"] if e["label"] == label]
            for name in by_label.get(label, ()):
                at = text.find(name, w["start"], w["end"])
                while at >= 0:
                    end = at + len(name)
                    inside = any(a <= at and end <= b for a, b in held) or (at, end) in spans
                    if not inside and not any(a <= at < b for a, b in ignore):
                        context = text[max(w["start"], at - 8) : at] + "【" + name + "】" + text[end : end + 8]
                        bare[(label, name)].append((w["id"], at, context.replace("\n", "⏎")))
                    at = text.find(name, at + 1, w["end"])
    rows = [
        (label, name, annotated[(label, name)], where) for (label, name), where in bare.items() if len(where) >= least
    ]
    rows.sort(key=lambda r: (-min(r[2], len(r[3])), -len(r[3]), r[0], r[1]))
    return rows


def cmd_agree(a: argparse.Namespace) -> None:
    for label, name, times, where in disagreements(a.least)[: a.top]:
        print(f"{label:8} {name}  annotated {times}, bare {len(where)}")
        for wid, at, context in where[:3]:
            print(f"    {wid} {at:>6} {context}")


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(split: str = "blind", labels: tuple[str, ...] = LABELS, show: int = 0, **parse_kwargs: Any) -> dict[str, Any]:
    """Per label tp/fp/fn of ``cnreport.parse`` on the annotated windows of one split."""
    import cnreport
    from cnreport.entities.train import entity_diff

    tallies = {label: [0, 0, 0] for label in labels}
    errors: list[tuple[str, str, str, str]] = []
    texts: dict[str, Any] = {}
    for w in load_windows():
        if split != "all" and w["split"] != split:
            continue
        path = ENTITIES / f"{w['id']}.json"
        if not path.exists():
            continue
        if w["file"] not in texts:
            text = report_text(w["file"], w["sha256"])
            texts[w["file"]] = (text, cnreport.parse(text, **parse_kwargs))
        text, report = texts[w["file"]]
        window_gold = json.loads(path.read_text(encoding="utf-8"))
        gold = window_gold["entities"]
        lo, hi = w["start"], w["end"]
        ign = [tuple(x) for x in window_gold.get("ignore", [])]
        pred = [
            (e.start, e.end, e.label.value)
            for e in report.entities
            if lo <= e.start < hi and not any(a <= e.start < b for a, b in ign)
        ]
        mine = tuple(label for label in labels if label in w.get("labels", LABELS))
        for label, (tp, extra, missed) in entity_diff(gold, pred, mine).items():
            tallies[label][0] += tp
            tallies[label][1] += len(extra)
            tallies[label][2] += len(missed)
            errors.extend((w["id"], label, "extra", text[s:t]) for s, t in extra)
            errors.extend((w["id"], label, "missed", text[s:t]) for s, t in missed)
    if show:
        for e in errors[:show]:
            print("\t".join(e))
    return {label: {"tp": t[0], "fp": t[1], "fn": t[2], "prf": _prf(*t)} for label, t in tallies.items()}


def cmd_score(a: argparse.Namespace) -> None:
    result = score(a.split, tuple(a.labels), a.show_errors)
    print(f"{'label':8} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn   (split: {a.split})")
    for label, r in result.items():
        p, rc, f = r["prf"]
        print(f"{label:8} {p:6.3f} {rc:6.3f} {f:6.3f}  {r['tp']}/{r['fp']}/{r['fn']}")


def _same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-12 + 1e-9 * abs(float(b))


def score_quantities(show: int = 0, folder: Path = QUANTITIES) -> dict[str, tuple[int, int, int]]:
    """tp/fp/fn of ``cnreport.parse``'s quantities on ``quantities/<window>.json`` (or the
    windows of another ``folder``), matched as ``../shared/eval/score.py`` matches them: the
    same span, unit and value (or range); and of the spans alone."""
    import cnreport

    tally = {"quantity": [0, 0, 0], "quantity span": [0, 0, 0]}
    for path in sorted(folder.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        text = report_text(g["file"], g["sha256"])
        lo, hi = g["range"]
        ign = [tuple(x) for x in g.get("ignore", [])]
        preds = [
            q
            for q in cnreport.parse(text).quantities
            if lo <= q.start < hi and not any(a <= q.start < b for a, b in ign) and q.kind.value in GUIDE_KINDS
        ]
        # an optional item (a reading the guide leaves open) counts neither way
        optional = {(x["start"], x["end"]) for x in g["quantities"] if x.get("optional")}
        golds = {
            (x["start"], x["end"]): {**x, "text": text[x["start"] : x["end"]]}
            for x in g["quantities"]
            if not x.get("optional")
        }
        preds = [q for q in preds if (q.start, q.end) not in optional]
        spans = {(q.start, q.end) for q in preds}
        both = len(spans & set(golds))
        for key, tp, npred in (("quantity span", both, len(spans)),):
            tally[key][0] += tp
            tally[key][1] += npred - tp
            tally[key][2] += len(golds) - tp
        tp = 0
        for q in preds:
            x = golds.get((q.start, q.end))
            ranged = x is not None and (x.get("low") is not None or x.get("high") is not None)
            if (
                x is not None
                and q.unit == x["unit"]
                and (
                    (_same_number(q.low, x.get("low")) and _same_number(q.high, x.get("high")))
                    if ranged
                    else _same_number(q.value, x.get("value"))
                )
            ):
                tp += 1
            elif show:
                want = f"{x['unit']} {x.get('value')}" if x else "-"
                print(f"{g['window']}\t{'wrong' if x else 'extra'}\t{q.text}\t{q.unit} {q.value}\tgold {want}")
        if show:
            for (s, t), x in golds.items():
                if (s, t) not in spans:
                    print(f"{g['window']}\tmissed\t{x['text']}\t{x['unit']} {x.get('value')}")
        tally["quantity"][0] += tp
        tally["quantity"][1] += len(preds) - tp
        tally["quantity"][2] += len(golds) - tp
    return {k: (v[0], v[1], v[2]) for k, v in tally.items()}


def cmd_score_quantities(a: argparse.Namespace) -> None:
    folder = QUANTITIES_TRAIN if a.train else QUANTITIES
    for name, (tp, fp, fn) in score_quantities(a.show_errors, folder).items():
        p, r, f = _prf(tp, fp, fn)
        print(f"{name:14} P {p:.3f} R {r:.3f} F1 {f:.3f}  {tp}/{fp}/{fn}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("windows").set_defaults(fn=cmd_windows)
    p = sub.add_parser("select")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--force", action="store_true")
    p.set_defaults(fn=cmd_select)
    p = sub.add_parser("select-more")
    p.add_argument("n", type=int)
    p.add_argument("--seed", type=int, default=2027)
    p.set_defaults(fn=cmd_select_more)
    p = sub.add_parser("select-blind")
    p.add_argument("round", type=int)
    p.add_argument("--seed", type=int, default=2031)
    p.set_defaults(fn=cmd_select_blind)
    p = sub.add_parser("show")
    p.add_argument("window")
    p.set_defaults(fn=cmd_show)
    p = sub.add_parser("import")
    p.add_argument("window")
    p.add_argument("file")
    p.add_argument("--labels", nargs="+", choices=LABELS, help="replace only these labels' items")
    p.set_defaults(fn=cmd_import)
    p = sub.add_parser("select-gaps")
    p.add_argument("least", type=int, metavar="MIN")
    p.add_argument("--blind", type=int, metavar="ROUND", help="the blind reports' stretches, as blind windows of ROUND")
    p.add_argument("--kind", choices=["prov", "county"], help="only the reports of this kind")
    p.add_argument("--labels", nargs="+", choices=LABELS, help="the labels the new windows are annotated for")
    p.set_defaults(fn=cmd_select_gaps)
    p = sub.add_parser("ignore")
    p.add_argument("window")
    p.add_argument("start", type=int)
    p.add_argument("end", type=int)
    p.set_defaults(fn=cmd_ignore)
    p = sub.add_parser("export")
    p.add_argument("window")
    p.set_defaults(fn=cmd_export)
    p = sub.add_parser("review")
    p.add_argument("window")
    p.set_defaults(fn=cmd_review)
    p = sub.add_parser("agree")
    p.add_argument("--least", type=int, default=2, help="list a name left bare this often or more")
    p.add_argument("--top", type=int, default=60, help="how many names to list")
    p.set_defaults(fn=cmd_agree)
    p = sub.add_parser("score")
    p.add_argument("--split", default="blind", choices=["blind", "train", "all"])
    p.add_argument("--labels", nargs="+", default=list(LABELS))
    p.add_argument("--show-errors", type=int, default=0)
    p.set_defaults(fn=cmd_score)
    p = sub.add_parser("score-quantities")
    p.add_argument("--show-errors", action="store_true")
    p.add_argument("--train", action="store_true", help="the windows of quantities_train/, read for errors")
    p.set_defaults(fn=cmd_score_quantities)
    a = ap.parse_args(argv)
    a.fn(a)


if __name__ == "__main__":
    main()
