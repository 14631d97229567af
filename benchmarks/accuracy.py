"""Entity accuracy: per label precision, recall and F1, rules alone against rules and model.

    python benchmarks/accuracy.py            # the blind windows (also by kind of report) and the development set
    python benchmarks/accuracy.py --cv       # also the training gold, cross-validated by region (minutes)
    python benchmarks/accuracy.py --cv --misses            # and why the cross-validation misses names
    python benchmarks/accuracy.py --cv --misses COMPANY    # and each missed company, with its reason
    python benchmarks/accuracy.py --cv --shipped-classes   # faster: every fold reads the shipped word classes

The blind windows are gold of our own on real reports of regions never used for tuning or
training (tests/data/real, texts in ../shared/reports); the development set is the five
annotated reports of ../shared (part of the model's training data, so its figures measure fit).
The cross-validated figures score each region's training windows with a model trained on the
other regions' gold, in all and by kind of report (provincial windows, county windows, the
development set's work summaries); the held-out development set is scored by a model trained on
all the other gold. The companies are also told by how they stand in the gold, opening a works
name (华泰 of 华泰锂电隔膜项目) or standing free (``standing_tallies``), on the blind windows by
kind of report and, with ``--cv``, on the cross-validation. The blind figures come with the
interval that holds 95 % of the F1s of samples of the blind reports drawn with replacement, each
report with all its windows (``interval_table``). docs/accuracy.md records the output.

Each fold of the cross-validation reads word classes built from its training regions' reports
only (``fold_classes``; k-means starts from the shipped classes, each fold with its own words'
vectors, so two versions of the rules or texts compare on nearly the same classes), and its
training candidates are read again with them: the shipped
classes were built on every training report, so they would give a held-out region's names the
classes of their own contexts, which a new report's names never have (the figures read about
0.005 higher that way). ``--shipped-classes`` skips the rebuild, for a quicker comparison of two
versions of the rules, which the shipped classes favour alike.

``--misses`` sorts the names the cross-validation misses (training windows, development set and
paragraphs together) by their first cause: no proposal overlaps them (``unproposed``), only
proposals of other spans do (``overlapped``: the rules start or end the name elsewhere), their
span was proposed and scored under the threshold (``under``), or it scored over it and lost to
an overlapping name (``lost``). It is read on the training gold only, never on the blind windows.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cnreport.entities import EntityExtractor, core
from cnreport.entities.train import (
    DEFAULT_GOLD,
    DEFAULT_SHARED,
    MISS_REASONS,
    Doc,
    Model,
    _f1,
    corpus_texts,
    fit_model,
    load_documents,
    pipeline_cv_parts,
    recorded_settings,
    score_extractor,
    training_set,
)
from cnreport.entities.train import (
    EntityExtractor as _Extractor,
)

LABELS = ("COMPANY", "PROJECT", "WATER", "PLACE")


def table(
    title: str,
    rows: dict[str, dict[str, list[int]]],
    keys: tuple[str, ...] = LABELS,
    head: str = "label",
    in_gold: bool = False,
) -> str:
    """A markdown table: one line per key of ``keys`` (the labels), one column per entry of
    ``rows``, each cell the key's P, R and F1 with its tp/fp/fn (and with ``in_gold`` how many
    names the gold holds)."""
    out = [f"**{title}**", "", f"| {head} | " + " | ".join(rows) + " |", "| --- |" + " --- |" * len(rows)]
    for key in keys:
        cells = []
        for tallies in rows.values():
            if key not in tallies:
                cells.append("-")
                continue
            tp, fp, fn = tallies[key]
            p, r, f = _f1(tp, fp, fn)
            cells.append(
                f"P {p:.3f} R {r:.3f} **F1 {f:.3f}** ({tp}/{fp}/{fn})" + (f"; {tp + fn} in the gold" if in_gold else "")
            )
        out.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def miss_table(misses: list[tuple[str, str, str]]) -> str:
    """How many missed names each reason of ``MISS_REASONS`` accounts for, per label."""
    out = [
        "**Why the cross-validation misses names (windows, development set and paragraphs)**",
        "",
        "| label | " + " | ".join(MISS_REASONS) + " | missed |",
        "| --- |" + " ---: |" * (len(MISS_REASONS) + 1),
    ]
    for label in LABELS:
        mine = [why for lab, why, _ in misses if lab == label]
        out.append(f"| {label} | " + " | ".join(str(mine.count(r)) for r in MISS_REASONS) + f" | {len(mine)} |")
    return "\n".join(out)


# the parts of the training gold, by kind of report: provincial and county government work
# reports (the windows), the development set's work summaries, and the paragraphs of our own
KINDS = ("provincial windows", "county windows", "development set")


def kind_of(d: Doc) -> str:
    if d.name.startswith("sentence"):
        return "paragraphs"
    if d.group.startswith("dev:"):
        return "development set"
    return "provincial windows" if d.name.startswith("prov-") else "county windows"


def summed(parts: Iterable[dict[str, list[int]]]) -> dict[str, list[int]]:
    """The tallies of several parts added up, label by label."""
    out: dict[str, list[int]] = {}
    for tallies in parts:
        for label, counts in tallies.items():
            out[label] = [a + b for a, b in zip(out.get(label, [0, 0, 0]), counts, strict=True)]
    return out


def scores(docs: list[Doc], ex: EntityExtractor, audit: list[dict[str, Any]] | None = None) -> dict[str, list[int]]:
    tallies: dict[str, list[int]] = {}
    score_extractor(ex, docs, tallies, audit=audit)
    return tallies


def interval_table(docs: list[Doc], tallies: dict[str, dict[str, list[int]]], draws: int = 2000, seed: int = 0) -> str:
    """Each label's F1 on ``docs`` with the interval that holds 95 % of the F1s of ``draws``
    samples of their reports, drawn with replacement (the windows of one report stay together:
    a report is what a user brings, and its windows share its names and its style)."""
    reports: dict[str, list[Doc]] = {}
    for d in docs:
        reports.setdefault(d.name.split("@", 1)[0], []).append(d)
    parts = [summed(tallies[d.name] for d in ds) for ds in reports.values()]
    rng = random.Random(seed)
    samples = [summed(rng.choices(parts, k=len(parts))) for _ in range(draws)]
    whole = summed(parts)
    out = [
        f"**Blind windows, F1 with the interval of 95 % of {draws:,} samples of their {len(parts)} reports**",
        "",
        "| label | F1 | interval |",
        "| --- | ---: | ---: |",
    ]
    for label in LABELS:
        if label not in whole:
            continue
        f1s = sorted(_f1(*sample.get(label, [0, 0, 0]))[2] for sample in samples)
        lo, hi = f1s[int(0.025 * draws)], f1s[int(0.975 * draws) - 1]
        out.append(f"| {label} | {_f1(*whole[label])[2]:.3f} | {lo:.3f} to {hi:.3f} |")
    return "\n".join(out)


STANDINGS = ("opening a works name", "standing free")


def standing_tallies(
    doc: Doc, extra: Iterable[tuple[int, int]], missed: Iterable[tuple[int, int]]
) -> dict[str, list[int]]:
    """tp/fp/fn of the companies of ``doc`` by how they stand in its gold: opening a works name
    (华泰 of 华泰锂电隔膜项目: a gold project starts where the company starts and runs on past
    it) or standing free; ``extra`` and ``missed`` are the extractor's wrong and missed company
    spans (as ``entity_diff`` gives them), a wrong one sorted by where it stands in the gold. The
    items counted are those whose own label is COMPANY (an item that reads as a company or a
    project counts under neither)."""
    works = [(g["start"], g["end"]) for g in doc.items if "PROJECT" in (g["label"], g.get("alt"))]

    def kind(a: int, b: int) -> str:
        return STANDINGS[0] if any(s == a and e > b for s, e in works) else STANDINGS[1]

    out = {k: [0, 0, 0] for k in STANDINGS}
    lost = set(missed)
    for g in doc.items:
        span = (g["start"], g["end"])
        if g["label"] == "COMPANY" and not g.get("alt") and not g.get("optional") and doc.counts(g["start"]):
            out[kind(*span)][2 if span in lost else 0] += 1
    for a, b in extra:
        out[kind(a, b)][1] += 1
    return out


def standings(docs: list[Doc], audit: list[dict[str, Any]]) -> dict[str, list[int]]:
    """``standing_tallies`` of ``docs`` added up, their wrong and missed companies read from the
    ``audit`` records of ``score_extractor``."""
    wrong: dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}
    for r in audit:
        if r["label"] == "COMPANY":
            wrong.setdefault(r["document"], ([], []))[r["kind"] == "missed"].append((r["start"], r["end"]))
    return summed(standing_tallies(d, *wrong.get(d.name, ([], []))) for d in docs)


def standing_table(columns: dict[str, dict[str, list[int]]]) -> str:
    """The companies by how they stand (``standing_tallies``), one column per set of windows."""
    title = "Companies by how they stand in the gold, rules and model"
    return table(title, columns, keys=STANDINGS, head="companies", in_gold=True)


def by_round(docs: list[Doc]) -> dict[int, list[Doc]]:
    """The blind windows by the round that chose them: round 1 when the regions were split; later
    rounds carry ``"round"`` in windows.json (more windows of the same blind regions, annotated
    and checked the same way)."""
    windows = json.loads((DEFAULT_GOLD / "windows.json").read_text(encoding="utf-8"))
    round_of = {w["id"]: int(w.get("round", 1)) for w in windows}
    out: dict[int, list[Doc]] = {}
    for d in docs:
        out.setdefault(round_of.get(d.name, 1), []).append(d)
    return dict(sorted(out.items()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--cv", action="store_true", help="also cross-validate on the training gold (slow)")
    ap.add_argument(
        "--misses",
        nargs="*",
        metavar="LABEL",
        help="with --cv: why the cross-validation misses names, and each missed name of these labels",
    )
    ap.add_argument(
        "--shipped-classes",
        action="store_true",
        help="with --cv: every fold reads the shipped word classes (quicker; reads about 0.005 high)",
    )
    a = ap.parse_args(argv)
    if a.shipped_classes and not a.cv:
        ap.error("--shipped-classes is a setting of --cv: add --cv")
    if a.misses is not None and not a.cv:
        ap.error("--misses reads the cross-validation: add --cv")
    if a.misses and not set(a.misses) <= set(LABELS):
        ap.error(f"--misses takes labels of {', '.join(LABELS)}, got {' '.join(a.misses)}")
    if not (a.shared / "reports").is_dir():
        raise SystemExit(f"{a.shared}/reports not found: pass --shared DIR")
    model, rules = EntityExtractor(), EntityExtractor(rules_only=True)
    blind = load_documents(a.shared, DEFAULT_GOLD, "blind")
    dev = [d for d in load_documents(a.shared, DEFAULT_GOLD, "train") if d.group.startswith("dev:")]
    # each blind window read once by each extractor; every table below adds up some of them
    blind_audit: list[dict[str, Any]] = []
    by_model = {d.name: scores([d], model, blind_audit) for d in blind}
    by_rules = {d.name: scores([d], rules) for d in blind}

    def of(tallies: dict[str, dict[str, list[int]]], docs: list[Doc]) -> dict[str, list[int]]:
        return summed(tallies[d.name] for d in docs)

    print(
        table(
            f"Blind windows ({len(blind)} windows of 12 regions)",
            {"rules alone": of(by_rules, blind), "rules and model": of(by_model, blind)},
        )
    )
    print()
    print(interval_table(blind, by_model))
    print()
    # the same blind windows by kind of report: the provincial and the county reports
    kinds = {k: [d for d in blind if kind_of(d) == k] for k in KINDS[:2]}
    print(
        table(
            "Blind windows by kind of report, rules and model",
            {f"{k} ({len(ds)})": of(by_model, ds) for k, ds in kinds.items()},
        )
    )
    print()
    # the companies that open a works name (华泰 of 华泰锂电隔膜项目) are the harder kind
    print(standing_table({f"blind {k} ({len(ds)})": standings(ds, blind_audit) for k, ds in kinds.items()}))
    print()
    rounds = by_round(blind)
    first = rounds.get(1, [])
    print(
        table(
            f"Blind windows of the first round ({len(first)} windows, annotated before any tuning)",
            {"rules alone": of(by_rules, first), "rules and model": of(by_model, first)},
        )
    )
    print()
    print(
        table(
            "Blind windows by round, rules and model",
            {f"round {r} ({len(ds)})": of(by_model, ds) for r, ds in rounds.items()},
        )
    )
    print()
    print(
        table(
            f"Development set ({len(dev)} reports, in the model's training data)",
            {"rules alone": scores(dev, rules), "rules and model": scores(dev, model)},
        )
    )
    if a.cv:
        print("\ncross-validating ...", file=sys.stderr)
        docs, samples, df, _recall, _reports, counts = training_set(a.shared, DEFAULT_GOLD)
        # the settings the shipped model was trained with (python -m cnreport.entities.train --choose)
        settings = recorded_settings(Path(core.__file__).parent / core.MODEL_FILE, list(LABELS))
        print()
        # the paragraphs of our own are written to be read: their figures are printed apart
        misses: list[tuple[str, str, str]] | None = [] if a.misses is not None else None
        cv_audit: list[dict[str, Any]] = []
        parts = pipeline_cv_parts(
            docs,
            samples,
            settings,
            counts,
            kind_of,
            errors=None,
            misses=misses,
            texts=None if a.shipped_classes else corpus_texts(a.shared, DEFAULT_GOLD),
            audit=cv_audit,
        )
        n_par = sum(d.name.startswith("sentence") for d in docs)
        print(
            table(
                f"Training windows and development set, cross-validated by region ({len(docs) - n_par} documents)",
                {"rules and model": summed(parts[k] for k in KINDS)},
            )
        )
        print()
        n_kind = {k: sum(kind_of(d) == k for d in docs) for k in KINDS}
        print(
            table(
                "The same, by kind of report",
                {f"{k} ({n_kind[k]})": parts[k] for k in KINDS},
            )
        )
        print()
        print(
            standing_table(
                {f"{k} ({n_kind[k]})": standings([d for d in docs if kind_of(d) == k], cv_audit) for k in KINDS}
            )
        )
        print()
        print(
            table(
                f"Sentences and paragraphs of our own, cross-validated ({n_par})",
                {"rules and model": parts["paragraphs"]},
            )
        )
        if misses is not None:
            print()
            print(miss_table(misses))
            for label, why, line in misses:
                if label in a.misses:
                    print(f"{label:8} {why:10} {line}".replace("\n", "⏎"))
        # the development set whole, with a model that never saw it: its reports are of another
        # kind (work summaries of a zone, a township, a bureau) than the government work reports
        # of the windows, the nearest figure to reports of that kind that nobody annotated
        held = {i for i, d in enumerate(docs) if d.group.startswith("dev:")}
        ex = _Extractor(model=Model.from_json(fit_model([s for s in samples if s.doc not in held], settings, df)))
        print()
        print(
            table(
                f"Development set held out ({len(held)} reports, a model trained on everything else)",
                {"rules and model": scores([docs[i] for i in sorted(held)], ex)},
            )
        )


if __name__ == "__main__":
    main()
