"""Train the entity model from annotated reports, deterministically.

    python -m cnreport.entities.train [--shared DIR] [--gold DIR] [--choose | --cv] [--out FILE]

reads the gold (the development set in ``SHARED/gold`` with its texts in
``SHARED/corpus``, the training windows of our own in ``tests/data/real``
with their texts in ``SHARED/reports``, and the sentences and paragraphs of our own in
``tests/data/entities_sentences.jsonl``; the blind windows are never read),
proposes every label's candidates with the rules, and fits one logistic
regression per label (scikit-learn, liblinear, L2) on the candidates'
features: a candidate is positive when its span is a gold entity of the label.
The regularisation and the decision threshold of each label are the ones the
shipped model records (``--settings FILE``: another model file's); ``--choose``
chooses them again by cross-validation grouped by region, so a region's
reports never train the fold that scores them (``choose``: the most
regularised of the settings tied with the best), and writes the model with
them. Settings tied within a few items are common, and which one wins may turn
on the last bits of another machine's arithmetic: kept in the model file, the
settings make the retraining the same everywhere.  ``--cv`` prints the
cross-validated figures and the candidates' recall (how many gold entities
the rules propose at all) without writing a model.

Training needs the ``train`` extra (``pip install cnreport[train]``); the
library reads the written ``model.json`` with no dependency.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from .. import wrapping
from ..normalize import Normalized, normalize
from .core import MODEL_FILE, EntityExtractor, Model, Run, _best
from .registry import modules
from .toolkit import CORPUS_BUCKETS, Candidate, Matcher, bucket

__all__ = ["Doc", "load_documents", "main"]

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_GOLD = REPO / "tests" / "data" / "real"
LABELS = ("PLACE", "WATER", "COMPANY", "PROJECT")
CS = (0.3, 1.0, 3.0, 10.0)
# the longest string the corpus statistics count: generic phrases are short (重点项目, 民生工程)
_DF_LEN = 8
MIN_DF = 2  # the corpus statistics keep the strings of this many reports or more
# weights smaller than this are left out of the model file and out of the cross-validation's
# models: 40 % of the features, 4.6 MB of a process's memory (docs/entities.md)
MIN_WEIGHT = 0.02
SETTLE = 0.0005  # settings whose cross-validated F1 lie this close count as tied (choose): a few items
THRESHOLDS = tuple(round(0.1 + 0.05 * i, 2) for i in range(15))


@dataclass
class Doc:
    """An annotated text: the ranges that were annotated, the labels annotated in
    them, the gold spans per label and the spans the guide leaves open."""

    name: str
    group: str
    text: str
    ranges: list[tuple[int, int]]
    labels: tuple[str, ...]
    gold: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    optional: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    ignore: list[tuple[int, int]] = field(default_factory=list)
    in_corpus: bool = True
    items: list[dict[str, Any]] = field(default_factory=list)

    def counts(self, start: int) -> bool:
        """Whether a candidate starting at ``start`` is scored."""
        return any(a <= start < b for a, b in self.ranges) and not any(a <= start < b for a, b in self.ignore)


def _span(pair: Any) -> tuple[int, int]:
    return int(pair[0]), int(pair[1])


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add(doc: Doc, e: dict[str, Any]) -> None:
    span = (e["start"], e["end"])
    for label in {e["label"], e.get("alt")} - {None}:
        (doc.optional if e.get("optional") else doc.gold).setdefault(label, set()).add(span)
    doc.items.append(e)


def entity_diff(
    gold: list[dict[str, Any]], pred: list[tuple[int, int, str]], labels: tuple[str, ...] | list[str]
) -> dict[str, tuple[int, list[tuple[int, int]], list[tuple[int, int]]]]:
    """Per label: how many predicted ``(start, end, label)`` are right, the spans that are
    wrong and the spans missed, against gold items (dicts with ``start``, ``end``, ``label``
    and maybe ``alt`` and ``optional``), counted as ``../shared/eval/score.py`` counts them: a
    gold item with an ``alt`` label counts once, as whichever of its labels the prediction chose
    (found under either, it is right; missed under its own label but found under the other, it
    is no miss); an optional item counts neither way.  One difference: an optional item frees
    its span only for its own labels (the development scorer frees the span for every label,
    which would take a place that is also a bare, optional project item out of the places)."""
    out = {}
    for label in labels:
        mine = [g for g in gold if label in (g["label"], g.get("alt"))]
        opt = {(g["start"], g["end"]) for g in mine if g.get("optional")}
        gset = {(g["start"], g["end"]) for g in mine if not g.get("optional")}
        strict = {(g["start"], g["end"]): g.get("alt") for g in mine if not g.get("optional") and g["label"] == label}
        pset = {(a, b) for a, b, lab in pred if lab == label} - opt
        missed = [k for k in strict if k not in pset and not (strict[k] and (k[0], k[1], strict[k]) in pred)]
        out[label] = (len(pset & gset), sorted(pset - gset), sorted(missed))
    return out


def entity_tallies(
    gold: list[dict[str, Any]], pred: list[tuple[int, int, str]], labels: tuple[str, ...] | list[str]
) -> dict[str, tuple[int, int, int]]:
    """tp/fp/fn per label, as :func:`entity_diff` counts them."""
    diff = entity_diff(gold, pred, labels)
    return {label: (tp, len(extra), len(missed)) for label, (tp, extra, missed) in diff.items()}


def load_documents(shared: Path, gold: Path, split: str = "train") -> list[Doc]:
    """The annotated documents of a split: ``train`` (the development set and our
    training windows) or ``blind`` (our blind windows only)."""
    docs: list[Doc] = []
    if split == "train" and (shared / "gold").is_dir():
        for gf in sorted((shared / "gold").glob("*.json")):
            g = json.loads(gf.read_text(encoding="utf-8"))
            text = (shared / "corpus" / g["doc"]).read_text(encoding="utf-8")
            doc = Doc(
                g["doc"],
                f"dev:{g['doc']}",
                text,
                [_span(g.get("range", (0, len(text))))],
                ("COMPANY", "PROJECT", "WATER"),
                ignore=[_span(x) for x in g.get("ignore", [])],
            )
            for e in g["entities"]:
                _add(doc, e)
            docs.append(doc)
    sentences = gold.parent / "entities_sentences.jsonl"
    if split == "train" and sentences.is_file():
        # sentences and paragraphs written in the style of the reports, every entity annotated
        for n, line in enumerate(sentences.read_text(encoding="utf-8").splitlines()):
            row = json.loads(line)
            doc = Doc(
                f"sentence {n + 1}", f"sentences:{n % 5}", row["text"], [(0, len(row["text"]))], LABELS, in_corpus=False
            )
            for start, end, label, *alt in row["entities"]:
                _add(doc, {"start": start, "end": end, "label": label, **({"alt": alt[0]} if alt else {})})
            docs.append(doc)
    windows = json.loads((gold / "windows.json").read_text(encoding="utf-8"))
    for w in windows:
        if w["split"] != split:
            continue
        path = gold / "entities" / f"{w['id']}.json"
        if not path.exists():
            continue
        data = (shared / "reports" / w["file"]).read_bytes()
        if _sha(data) != w["sha256"]:
            raise SystemExit(f"{w['file']} changed since the gold was made (sha256 differs)")
        g = json.loads(path.read_text(encoding="utf-8"))
        region = region_of(w["file"])
        labels = tuple(w.get("labels", LABELS))
        doc = Doc(
            w["id"],
            region,
            data.decode("utf-8"),
            [_span(g["range"])],
            labels,
            ignore=[_span(x) for x in g.get("ignore", [])],
        )
        for e in g["entities"]:
            _add(doc, e)
        docs.append(doc)
    return docs


def corpus_texts(shared: Path, gold: Path) -> dict[str, str]:
    """The reports the corpus statistics are counted on: every report of a training region
    (never a blind region's, nor the development corpus, whose text stays out of the model)."""
    windows = json.loads((gold / "windows.json").read_text(encoding="utf-8"))
    blind = {region_of(w["file"]) for w in windows if w["split"] == "blind"}
    out: dict[str, str] = {}
    for p in sorted((shared / "reports").glob("*.txt")):
        if region_of(p.name) not in blind:
            out[p.name] = p.read_text(encoding="utf-8")
    return out


def fold_classes(texts: Mapping[str, str], held: Iterable[str]) -> dict[str, str]:
    """The word classes a cross-validation fold reads: built from ``texts`` less the reports of the
    ``held`` regions, as ``python -m cnreport.entities.clusters`` builds the shipped ones, k-means
    starting from the shipped classes (so that two versions of the texts or of the rules compare
    on nearly the same classes). The start is the mean of the fold's own vectors of each shipped
    class's words: the held-out reports shaped the shipped grouping, never a vector of the fold."""
    from .clusters import DATA, classes_of, read

    out = set(held)
    seed = read(DATA)
    classes = max(seed.values(), default=63) + 1  # as many as the shipped file holds
    return classes_of((t for name, t in sorted(texts.items()) if region_of(name) not in out), classes, seed=seed)


def region_of(name: str) -> str:
    """The region a report of ``../shared/reports`` is of, from its file name
    (``county-qingyuan-2021.txt``: ``county-qingyuan``), as the folds group documents."""
    return "-".join(Path(name).stem.split("-")[:2])


class CorpusCounts(NamedTuple):
    """In how many training reports each string the rules propose occurs: in all of them
    (``total``), and in the reports of each region (``by_region``: one county's reports over
    the years, one province's).  A report of a region the model never read finds its names
    counted only in other regions' reports: the whole extractor's cross-validation
    (``pipeline_cv``) reads each fold's reports with the counts ``without`` its regions, as the
    blind windows and a new report are read.  The training samples, and so the candidates'
    cross-validation that chooses the settings (``cross_validate``), read every report less
    its own (``collect``)."""

    total: dict[str, int]
    by_region: dict[str, dict[str, int]]

    def other(self, s: str, regions: tuple[str, ...]) -> int:
        """In how many reports of regions other than ``regions`` ``s`` occurs, as the model
        reads the statistic: 0 under ``MIN_DF`` reports, as for a string the model file leaves out."""
        n = self.total.get(s, 0) - sum(self.by_region.get(r, {}).get(s, 0) for r in regions)
        return n if n >= MIN_DF else 0

    def without(self, regions: tuple[str, ...] = ()) -> dict[str, int]:
        """The statistic a report of none of ``regions`` is read with (``()``: the shipped one)."""
        return {s: n for s in self.total if (n := self.other(s, regions))}


def corpus_counts(texts: dict[str, str], ex: EntityExtractor) -> CorpusCounts:
    """In how many texts, and in how many texts of each region, each string the rules propose occurs."""
    strings: set[str] = set()
    for text in texts.values():
        run = Run(ex, normalize(text))
        for mod in ex.modules:
            part = getattr(mod, "counts_name_part", False)
            for c in mod.propose(run):
                if 2 <= c.end - c.start <= _DF_LEN:
                    strings.add(run.t[c.start : c.end])
                if part and c.start < c.head < c.end and 2 <= c.head - c.start <= _DF_LEN:
                    strings.add(run.t[c.start : c.head])  # the name part (ncg=)
    matcher = Matcher({s: s for s in strings})
    total: dict[str, int] = defaultdict(int)
    by_region: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, text in texts.items():
        mine = by_region[region_of(name)]
        for s in {key for _a, _b, key in matcher.find(normalize(text).text)}:
            total[s] += 1
            mine[s] += 1
    return CorpusCounts(dict(sorted(total.items())), {r: dict(c) for r, c in sorted(by_region.items())})


@dataclass
class Sample:
    doc: int
    label: str
    span: tuple[int, int]
    feats: list[str]
    y: int
    group: tuple[str, int] | None = None


def collect(
    docs: list[Doc], ex: EntityExtractor, df: dict[str, int], texts: Mapping[str, str]
) -> tuple[list[Sample], dict[str, list[int]]]:
    """Every scored candidate of every document, with features and its gold answer;
    and per label [gold entities, gold entities proposed] for the candidates' recall."""
    samples: list[Sample] = []
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, doc in enumerate(docs):
        norm = normalize(doc.text)
        run = Run(ex, norm)
        gold = {label: sorted(spans) for label, spans in doc.gold.items()}
        found = run.collect(gold)
        own = doc.in_corpus and any(doc.text == t for t in texts.values())
        for label in doc.labels:
            spans = {(c.start, c.end) for c, _ in found.get(label, [])}
            golds = {g for g in doc.gold.get(label, set()) if doc.counts(g[0])}
            recall[label][0] += len(golds)
            recall[label][1] += len(golds & spans)
            for c, feats in found.get(label, []):
                if not doc.counts(c.start) or (c.start, c.end) in doc.optional.get(label, set()):
                    continue
                if own:  # the statistics of the other reports, not of this one
                    s = norm.text[c.start : c.end]
                    part = any(f.startswith("ncg=") for f in feats)
                    feats = [f for f in feats if not f.startswith(("cg=", "ncg="))]
                    feats.append(f"cg={bucket(max(0, df.get(s, 0) - 1), CORPUS_BUCKETS)}")
                    if part:
                        name = norm.text[c.start : c.head]
                        feats.append(f"ncg={bucket(max(0, df.get(name, 0) - 1), CORPUS_BUCKETS)}")
                samples.append(Sample(i, label, (c.start, c.end), feats, int((c.start, c.end) in golds), c.group))
    return samples, recall


class TrainingSet(NamedTuple):
    """What the training command and the benchmark scripts start from: the training documents,
    their candidates (features and gold answers), the corpus statistics those were read with,
    per label [gold entities, gold entities proposed], how many reports the statistics count,
    and the counts by region the statistics come from (for the cross-validation)."""

    docs: list[Doc]
    samples: list[Sample]
    df: dict[str, int]
    recall: dict[str, list[int]]
    reports: int
    counts: CorpusCounts


def training_set(shared: Path, gold: Path) -> TrainingSet:
    """The training gold of ``gold`` (texts in ``shared``) read as the model is trained on it."""
    texts = corpus_texts(shared, gold)
    counts = corpus_counts(texts, EntityExtractor(model=Model({}, {}, {})))
    df = counts.without()
    docs = load_documents(shared, gold, "train")
    samples, recall = collect(docs, EntityExtractor(model=Model({}, df, {})), df, texts)
    return TrainingSet(docs, samples, df, recall, len(texts), counts)


def _matrix(x: Any) -> Any:
    """A CSR matrix with 32-bit indices, as liblinear takes them, each row's columns in order
    (the sums of the solver then run in one order, whatever order the features came in)."""
    import numpy as np

    x = x.tocsr()
    x.sort_indices()
    x.indices = x.indices.astype(np.int32)
    x.indptr = x.indptr.astype(np.int32)
    return x


def _fit(samples: list[Sample], c: float) -> tuple[Any, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    samples = sorted(samples, key=lambda s: (s.doc, s.span))  # one order in every process
    x = _matrix(vec.fit_transform([dict.fromkeys(s.feats, 1) for s in samples]))
    y = [s.y for s in samples]
    # liblinear shuffles the samples in its coordinate descent: a fixed seed makes the
    # command write the same model in every process
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    clf.fit(x, y)
    clf.coef_[abs(clf.coef_) < MIN_WEIGHT] = 0.0  # the model the file keeps, scored as it is kept
    return vec, clf


def _scores(vec: Any, clf: Any, samples: list[Sample]) -> list[float]:
    x = _matrix(vec.transform([dict.fromkeys(s.feats, 1) for s in samples]))
    return [float(p) for p in clf.predict_proba(x)[:, 1]]


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _decode(
    samples: list[Sample], scores: list[float], threshold: float, containers_first: bool = False
) -> set[tuple[int, tuple[int, int]]]:
    by_doc: dict[int, list[Candidate]] = defaultdict(list)
    for s, p in zip(samples, scores, strict=True):
        by_doc[s.doc].append(Candidate(s.span[0], s.span[1], s.span[1], "", score=p))
    return {(d, (c.start, c.end)) for d, cands in by_doc.items() for c in _best(cands, threshold, containers_first)}


def region_folds(docs: list[Doc], folds: int = 5) -> dict[str, int]:
    """Each document group (a region, the development set, the paragraphs) and its fold: the
    groups in sorted order dealt round the folds, the same in every script that cross-validates."""
    return {g: i % folds for i, g in enumerate(sorted({d.group for d in docs}))}


def best_threshold(
    docs: list[Doc], samples: list[Sample], scores: dict[int, float], label: str, scored: set[int]
) -> tuple[float, float, list[int]]:
    """(F1, threshold, [tp, fp, fn]) of ``label``'s candidates in the documents ``scored`` (their
    indices), each sample's score in ``scores`` under its ``id``, at the best of ``THRESHOLDS``:
    the overlaps of the label's candidates settled as the library settles them."""
    counted = [s for s in samples if s.label == label and s.doc in scored and id(s) in scores]
    golds = {
        (i, g)
        for i in scored
        if label in docs[i].labels
        for g in docs[i].gold.get(label, set())
        if docs[i].counts(g[0])
    }
    best = (0.0, 0.0, [0, 0, len(golds)])
    for th in THRESHOLDS:
        pred = _decode(counted, [scores[id(s)] for s in counted], th)
        tp = len(pred & golds)
        counts = [tp, len(pred) - tp, len(golds) - tp]
        best = max(best, (_f1(*counts)[2], th, counts), key=lambda r: r[0])
    return best


def cross_validate(
    docs: list[Doc], samples: list[Sample], label: str, folds: int = 5, errors: list[str] | None = None
) -> dict[tuple[float, float], list[int]]:
    """tp/fp/fn of every (C, threshold) over folds grouped by region; with ``errors``,
    the wrong and missed spans of the best setting are added to it."""
    fold_of = region_folds(docs, folds)
    mine = [s for s in samples if s.label == label]
    containers_first = any(m.containers_first for m in modules() if m.label.value == label)
    golds = {
        (i, g) for i, d in enumerate(docs) if label in d.labels for g in d.gold.get(label, set()) if d.counts(g[0])
    }
    out: dict[tuple[float, float], list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in CS:
        preds: dict[float, set[tuple[int, tuple[int, int]]]] = defaultdict(set)
        for k in range(folds):
            train = [s for s in mine if fold_of[docs[s.doc].group] != k]
            test = [s for s in mine if fold_of[docs[s.doc].group] == k]
            if not test or not any(s.y for s in train):
                continue
            vec, clf = _fit(train, c)
            scores = _scores(vec, clf, test)
            for th in THRESHOLDS:
                preds[th] |= _decode(test, scores, th, containers_first)
        for th in THRESHOLDS:
            tp = len(preds[th] & golds)
            out[(c, th)] = [tp, len(preds[th]) - tp, len(golds) - tp]
        best_th = max(THRESHOLDS, key=lambda th: _f1(*out[(c, th)])[2])
        if errors is not None and _f1(*out[(c, best_th)])[2] >= max((_f1(*v)[2] for v in out.values()), default=0):
            errors.clear()
            for d, (a, b) in sorted(preds[best_th] - golds):
                t = docs[d].text
                errors.append(f"extra  {docs[d].name[:20]:20} {t[max(0, a - 8) : a]:>8}【{t[a:b]}】{t[b : b + 6]}")
            for d, (a, b) in sorted(golds - preds[best_th]):
                t = docs[d].text
                errors.append(f"missed {docs[d].name[:20]:20} {t[max(0, a - 8) : a]:>8}【{t[a:b]}】{t[b : b + 6]}")
    return out


def word_classes_digest() -> str:
    """The sha256 of the word classes the features read (``entities/data/clusters.tsv``): a model
    file names the classes it was trained with, since a rebuild may number them otherwise."""
    data = (resources.files("cnreport.entities") / "data" / "clusters.tsv").read_bytes()
    return hashlib.sha256(data).hexdigest()


def recorded_settings(path: Path, labels: list[str]) -> dict[str, tuple[float, float]]:
    """Each label's (C, threshold) as the model file at ``path`` records them."""
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))["labels"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise SystemExit(f"no settings read from {path} ({e}): pass --settings FILE or --choose") from e
    missing = [label for label in labels if label not in recorded]
    if missing:
        raise SystemExit(f"{path} has no settings for {', '.join(missing)}: pass --choose to choose them")
    return {label: (float(recorded[label]["C"]), float(recorded[label]["threshold"])) for label in labels}


def choose(cv: dict[tuple[float, float], list[int]]) -> tuple[float, float]:
    """The (C, threshold) to ship: of the settings whose cross-validated F1 is within
    ``SETTLE`` of the best, the smallest C (the most regularised model), and with it the
    highest threshold.  Settings that tie within a few items are common, and which of them
    scores highest can turn on the floating-point sums of the machine; within the margin the
    choice does not."""
    if not cv:
        raise ValueError("choose needs the cross-validated tallies of at least one setting")
    best = max(_f1(*v)[2] for v in cv.values())
    near = [key for key, v in cv.items() if _f1(*v)[2] >= best - SETTLE]
    c = min(key[0] for key in near)
    return c, max(th for cc, th in near if cc == c)


def _weights(vec: Any, clf: Any) -> dict[str, float]:
    return {
        name: round(float(w), 4)
        for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        if abs(w) >= MIN_WEIGHT
    }


def fit_model(
    samples: list[Sample],
    settings: dict[str, tuple[float, float]],
    df: dict[str, int],
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The model file's data: one logistic regression per label at its (C, threshold)."""
    labels: dict[str, Any] = {}
    for label, (c, th) in settings.items():
        mine = [s for s in samples if s.label == label]
        if not any(s.y for s in mine):
            continue
        vec, clf = _fit(mine, c)
        labels[label] = {
            "bias": round(float(clf.intercept_[0]), 4),
            "threshold": th,
            "C": c,
            "weights": dict(sorted(_weights(vec, clf).items())),
        }
    return {"format": 1, "meta": meta or {}, "labels": labels, "corpus_df": df}


# Why a gold name was missed, from the first cause to the last: no proposal overlaps it; only
# proposals of other spans overlap it (the rules start or end it elsewhere); its span was
# proposed and scored under the label's threshold; it scored over the threshold and lost to an
# overlapping name (of its label, or of a label that took the name from it)
MISS_REASONS = ("unproposed", "overlapped", "under", "lost")


def miss_reason(proposed: list[tuple[int, int, float]], span: tuple[int, int], threshold: float) -> str:
    """Which of ``MISS_REASONS`` a missed ``span`` is, given the label's scored proposals
    ``(start, end, score)`` in the same text."""
    a, b = span
    exact = [score for s, e, score in proposed if (s, e) == span]
    if not exact:
        return "overlapped" if any(s < b and a < e for s, e, _ in proposed) else "unproposed"
    return "under" if max(exact) < threshold else "lost"


@dataclass(slots=True)
class Proposal:
    """A label's scored proposal, ``[start, end)`` in the caller's text."""

    start: int
    end: int
    label: str
    score: float


def proposals(ex: EntityExtractor, text: str) -> dict[str, list[tuple[int, int, float]]]:
    """Every label's scored proposals in ``text``, read as ``ex.extract`` reads it (a wrapped
    text joined, a long one in pieces), each ``(start, end, score)`` in ``text``'s offsets."""

    def layer(norm: Normalized) -> tuple[Proposal, ...]:
        out = []
        for a, run in ex._runs(norm, keep=True):
            run.run()
            to = run.norm.to_original
            for label, cands in (run.proposed or {}).items():
                out += [Proposal(to(c.start) + a, to(c.end) + a, label, c.score) for c in cands]
        return tuple(out)

    found: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    for p in wrapping.read(normalize(text), layer):
        found[p.label].append((p.start, p.end, p.score))
    return dict(found)


def score_extractor(
    ex: EntityExtractor,
    docs: list[Doc],
    tallies: dict[str, list[int]],
    errors: list[str] | None = None,
    misses: list[tuple[str, str, str]] | None = None,
    audit: list[dict[str, Any]] | None = None,
) -> None:
    """Run the whole extractor on ``docs`` and add tp/fp/fn per label to ``tallies``; with
    ``errors``, each wrong and missed span in its context; with ``misses``, each missed span
    as ``(label, reason, context)``, the reason one of ``MISS_REASONS``; with ``audit``, each
    wrong and missed span as a record of offsets into the document's text (``audit_record``)."""
    for doc in docs:
        ents = ex.extract(doc.text)
        pred = [(e.start, e.end, e.label.value) for e in ents if doc.counts(e.start)]
        golds = [g for g in doc.items if doc.counts(g["start"])]
        diff = entity_diff(golds, pred, doc.labels)
        found = proposals(ex, doc.text) if misses is not None and any(m for _, _, m in diff.values()) else {}
        for label, (tp, extra, missed) in diff.items():
            t = tallies.setdefault(label, [0, 0, 0])
            t[0] += tp
            t[1] += len(extra)
            t[2] += len(missed)
            for kind, spans in (("extra ", extra), ("missed", missed)):
                for a, b in spans:
                    context = f"{doc.text[max(0, a - 8) : a]:>8}【{doc.text[a:b]}】{doc.text[b : b + 6]}"
                    if errors is not None:
                        errors.append(f"{label} {kind} {doc.name[:20]:20} {context}")
                    if misses is not None and kind == "missed":
                        why = miss_reason(found.get(label, []), (a, b), ex.threshold(label))
                        misses.append((label, why, f"{doc.name[:20]:20} {context}"))
                    if audit is not None:
                        audit.append(audit_record(doc, label, kind.strip(), a, b))


def audit_record(doc: Doc, label: str, kind: str, a: int, b: int) -> dict[str, Any]:
    """A disagreement of the extractor with the gold, for a reader who checks the gold by the
    guide: the document (a window's id), the label, ``extra`` (taken, not in the gold) or
    ``missed`` (in the gold, not taken), the offsets into the document's text (a window's report
    file), the span and fifty characters either side; and the gold's labels over the span."""
    over = sorted({g["label"] for g in doc.items if g["start"] < b and a < g["end"]})
    return {
        "document": doc.name,
        "label": label,
        "kind": kind,
        "start": a,
        "end": b,
        "text": doc.text[a:b],
        "gold_over_span": over,
        "context": doc.text[max(0, a - 50) : b + 50],
    }


def pipeline_cv(
    docs: list[Doc],
    samples: list[Sample],
    settings: dict[str, tuple[float, float]],
    df: dict[str, int] | CorpusCounts,
    folds: int = 5,
    errors: list[str] | None = None,
    misses: list[tuple[str, str, str]] | None = None,
    audit: list[dict[str, Any]] | None = None,
) -> dict[str, list[int]]:
    """Whole-extractor figures over folds grouped by region: each fold scored by a model
    trained on the others (recurrence and labels decided before included).  With the corpus
    ``CorpusCounts``, a fold's reports are read with the statistics of the other regions only,
    as a new region's report is; a plain mapping is read as it is by every fold."""
    return pipeline_cv_parts(docs, samples, settings, df, lambda d: "", folds, errors, misses, audit=audit).get("", {})


def pipeline_cv_parts(
    docs: list[Doc],
    samples: list[Sample],
    settings: dict[str, tuple[float, float]],
    df: dict[str, int] | CorpusCounts,
    part: Callable[[Doc], str],
    folds: int = 5,
    errors: list[str] | None = None,
    misses: list[tuple[str, str, str]] | None = None,
    texts: Mapping[str, str] | None = None,
    audit: list[dict[str, Any]] | None = None,
) -> dict[str, dict[str, list[int]]]:
    """``pipeline_cv`` with the figures of each part of the documents apart (the windows and
    the paragraphs of our own): ``{part(doc): {label: [tp, fp, fn]}}``; ``errors`` and
    ``misses`` (and ``audit``) as ``score_extractor`` fills them.

    With ``texts`` (the reports the corpus statistics are counted on, ``corpus_texts``) each
    fold also reads word classes built from its training regions' reports only, and its
    training candidates are read again with them (``fold_classes``): the shipped classes were
    built on every training report, the held-out ones too, and give their names the classes
    of their own contexts. Slower (the candidates are read once per fold)."""
    fold_of = region_folds(docs, folds)
    parts: dict[str, dict[str, list[int]]] = {}
    for k in range(folds):
        held = tuple(g for g, fold in fold_of.items() if fold == k)
        train = [s for s in samples if fold_of[docs[s.doc].group] != k]
        if isinstance(df, CorpusCounts):  # the fold's regions read as new ones: no statistic of theirs
            df_k = df.without(held)
        else:
            df_k = df
        classes = None
        if texts is not None:
            classes = fold_classes(texts, held)
            base = df.without() if isinstance(df, CorpusCounts) else df
            reader = EntityExtractor(model=Model({}, base, {}, word_classes=classes))
            train, _recall = collect([d for d in docs if fold_of[d.group] != k], reader, base, texts)
        model = dataclasses.replace(Model.from_json(fit_model(train, settings, df_k)), word_classes=classes)
        ex = EntityExtractor(model=model)
        for d in docs:
            if fold_of[d.group] == k:
                score_extractor(ex, [d], parts.setdefault(part(d), {}), errors, misses, audit)
    return parts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    shipped = Path(__file__).resolve().parent / MODEL_FILE
    ap.add_argument("--out", type=Path, default=shipped)
    ap.add_argument(
        "--settings",
        type=Path,
        default=shipped,
        help="the model file whose labels' C and threshold to train with (the shipped model)",
    )
    ap.add_argument("--choose", action="store_true", help="choose C and threshold again by cross-validation")
    ap.add_argument("--cv", action="store_true", help="print cross-validated figures; write nothing")
    ap.add_argument("--fast", action="store_true", help="with --cv: candidates only, not the whole extractor")
    ap.add_argument("--errors", metavar="LABEL", help="with --cv: print the cross-validated errors of LABEL")
    ap.add_argument(
        "--audit",
        type=Path,
        metavar="FILE",
        help="with --cv: write every cross-validated disagreement with the gold (of --errors LABEL, or of "
        "every label) to FILE as JSON, with offsets and context, for a review of the gold by the guide",
    )
    ap.add_argument("--labels", nargs="+", default=list(LABELS), help="train or score these labels only")
    a = ap.parse_args(argv)
    if a.audit and not a.cv:
        ap.error("--audit writes the cross-validation's disagreements: add --cv")
    if not (a.shared / "reports").is_dir():
        raise SystemExit(f"{a.shared}/reports not found: pass --shared DIR (the folder with gold/, corpus/, reports/)")
    docs, samples, df, recall, reports, counts = training_set(a.shared, a.gold)
    print(f"{len(docs)} documents, {len(samples)} candidates, corpus statistics on {reports} reports", file=sys.stderr)
    recorded = None if a.choose or a.cv else recorded_settings(a.settings, a.labels)
    settings: dict[str, tuple[float, float]] = {}
    for label in a.labels:
        total, found = recall[label]
        if recorded is not None:
            c, th = recorded[label]
            how = f"from {a.settings.name}; --choose to choose again"
        else:
            cv = cross_validate(docs, samples, label)
            c, th = choose(cv)
            p, r, f = _f1(*cv[(c, th)])
            how = f"cv P {p:.3f} R {r:.3f} F1 {f:.3f}"
        print(
            f"{label:8} candidates' recall {found}/{total} = {found / max(1, total):.3f}   "
            f"C={c}, threshold={th} ({how})",
            file=sys.stderr,
        )
        settings[label] = (c, th)
    if a.cv and a.fast:
        return
    if a.cv:
        errs2: list[str] = []
        audit: list[dict[str, Any]] | None = [] if a.audit else None
        tallies = pipeline_cv(docs, samples, settings, counts, errors=errs2, audit=audit)
        for label, (tp, fp, fn) in tallies.items():
            p, r, f = _f1(tp, fp, fn)
            print(
                f"{label:8} whole extractor, cross-validated: P {p:.3f} R {r:.3f} F1 {f:.3f} ({tp}/{fp}/{fn})",
                file=sys.stderr,
            )
        if a.errors:
            for line in errs2:
                if line.startswith(a.errors):
                    print(line.replace("\n", "⏎"))
        if audit is not None:
            keep = [r for r in audit if not a.errors or r["label"] == a.errors]
            a.audit.write_text(json.dumps(keep, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"{len(keep)} disagreements written to {a.audit}", file=sys.stderr)
        return
    meta = {"documents": len(docs), "candidates": len(samples), "word_classes": word_classes_digest()}
    model = fit_model(samples, settings, df, meta)
    a.out.write_text(
        json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(f"model written to {a.out} ({a.out.stat().st_size // 1024} KB)", file=sys.stderr)


if __name__ == "__main__":
    main()
