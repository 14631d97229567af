"""The entity model's learner against gradient-boosted trees on the same candidates and features.

    pip install lightgbm                 # not a dependency of cnreport: this script only
    .venv/bin/python benchmarks/learners.py                    # four labels, about 8 minutes
    .venv/bin/python benchmarks/learners.py --labels COMPANY   # one label

The learned decision of the entity layer is a logistic regression over the sparse features of
each candidate the rules propose (``python -m cnreport.entities.train``).  A linear model cannot
weigh two features together (a trade name *and* a product after it), which trees can.  This
script scores, over the five folds by region the training command cross-validates with
(training windows, development set and the paragraphs of our own in the training folds; the
windows and the development set scored):

- the logistic regression with the C of the shipped model;
- gradient-boosted trees (LightGBM) on the same features, those seen three times or more in
  the training folds;
- the mean of the two probabilities;
- the logistic regression with the conjunctions of a trade-name feature (``kb``, ``kbp``) with
  the candidate's boundary, source and next word's class.

Each at its best threshold over the folds, the overlaps of a label's candidates settled as the
library settles them.  These are the candidates' figures, before recurrence and the settling of
overlaps between labels (``benchmarks/accuracy.py --cv`` gives the whole layer's).
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

from cnreport.entities import core
from cnreport.entities.train import (
    DEFAULT_GOLD,
    DEFAULT_SHARED,
    LABELS,
    Doc,
    Sample,
    _fit,
    _scores,
    best_threshold,
    recorded_settings,
    region_folds,
    training_set,
)

MIN_COUNT = 3  # a feature the trees read is seen this often in the training folds


def trees(train: list[Sample], test: list[Sample], seed: int = 0) -> list[float]:
    """Out-of-fold probabilities of gradient-boosted trees trained on ``train``."""
    import lightgbm
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(s.feats, 1) for s in train]).astype(np.float32).tocsc()
    keep = np.flatnonzero(np.asarray((x > 0).sum(axis=0)).ravel() >= MIN_COUNT)
    x = x[:, keep].tocsr()
    xt = vec.transform([dict.fromkeys(s.feats, 1) for s in test]).astype(np.float32).tocsc()[:, keep].tocsr()
    model = lightgbm.LGBMClassifier(
        n_estimators=300,
        learning_rate=0.05,
        num_leaves=15,
        min_child_samples=10,
        colsample_bytree=0.5,
        subsample=0.8,
        subsample_freq=1,
        reg_lambda=1.0,
        random_state=seed,
        n_jobs=1,
        verbose=-1,
    )
    model.fit(x, [s.y for s in train])
    return [float(p) for p in model.predict_proba(xt)[:, 1]]


def conjunctions(feats: list[str]) -> list[str]:
    """The features with a trade-name feature joined to the boundary, source and next word's class."""
    names = [f for f in feats if f.startswith(("kb=", "kbp="))]
    if not names:
        return feats
    other = [f for f in feats if f.startswith(("lb=", "rb=", "src=", "rt="))]
    return [*feats, *(f"{a}&{b}" for a in names for b in other)]


def compare(
    docs: list[Doc], samples: list[Sample], label: str, c: float, fold_of: dict[str, int], scored: set[int]
) -> dict[str, tuple[float, float, list[int]]]:
    mine = [s for s in samples if s.label == label]
    joined = [copy.copy(s) for s in mine]
    for s in joined:
        s.feats = conjunctions(s.feats)
    linear: dict[int, float] = {}
    boosted: dict[int, float] = {}
    conj: dict[int, float] = {}
    for k in sorted(set(fold_of.values())):
        train = [s for s in mine if fold_of[docs[s.doc].group] != k]
        test = [s for s in mine if fold_of[docs[s.doc].group] == k]
        if not test or not any(s.y for s in train):
            continue
        vec, clf = _fit(train, c)
        linear.update(zip((id(s) for s in test), _scores(vec, clf, test), strict=True))
        boosted.update(zip((id(s) for s in test), trees(train, test), strict=True))
        jt = [s for s in joined if fold_of[docs[s.doc].group] != k]
        jx = [s for s in joined if fold_of[docs[s.doc].group] == k]
        vec, clf = _fit(jt, c)
        # keyed by the original sample, so that one decoding reads every learner
        conj.update(zip((id(s) for s in test), _scores(vec, clf, jx), strict=True))
    mean = {i: (linear[i] + boosted[i]) / 2 for i in linear}
    return {
        "logistic regression (shipped)": best_threshold(docs, mine, linear, label, scored),
        "gradient-boosted trees": best_threshold(docs, mine, boosted, label, scored),
        "mean of the two": best_threshold(docs, mine, mean, label, scored),
        "logistic regression, trade-name conjunctions": best_threshold(docs, mine, conj, label, scored),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--labels", nargs="+", default=list(LABELS), choices=list(LABELS))
    ap.add_argument("--folds", type=int, default=5)
    a = ap.parse_args(argv)
    try:
        import lightgbm  # noqa: F401
    except ImportError:
        raise SystemExit("this script needs LightGBM: pip install lightgbm") from None
    if not (a.shared / "reports").is_dir():
        raise SystemExit(f"{a.shared}/reports not found: pass --shared DIR")
    docs, samples, *_rest = training_set(a.shared, DEFAULT_GOLD)
    fold_of = region_folds(docs, a.folds)
    scored = {i for i, d in enumerate(docs) if not d.name.startswith("sentence")}
    settings = recorded_settings(Path(core.__file__).parent / core.MODEL_FILE, list(LABELS))
    print(f"{len(scored)} documents scored (windows and development set), {a.folds} folds by region")
    print()
    print("| label | learner | F1 | threshold | tp/fp/fn |")
    print("| --- | --- | --- | --- | --- |")
    for label in a.labels:
        for name, (f1, th, counts) in compare(docs, samples, label, settings[label][0], fold_of, scored).items():
            print(f"| {label} | {name} | {f1:.3f} | {th:g} | {'/'.join(map(str, counts))} |", flush=True)
        print(f"{label} done", file=sys.stderr)


if __name__ == "__main__":
    main()
