"""A character tagger beside the entity model: its own F1, and what its probabilities add.

    pip install torch                      # not a dependency of cnreport: this script only
    .venv/bin/python benchmarks/char_tagger.py               # five folds, about 35 minutes
    .venv/bin/python benchmarks/char_tagger.py --epochs 2    # a quick look

A bidirectional LSTM over characters (the character, the two bigrams around it, jieba's cut
as B/M/E/S and whether a name of the places, water bodies, listed companies or trade names
starts, goes on or ends there) with one B/I/O head per label, trained on the training gold
(windows, development set, paragraphs of our own) in the five folds by region that
``python -m cnreport.entities.train`` cross-validates with.  Printed, per label on the
windows and the development set:

- the tagger alone (each fold tagged by the tagger trained on the other four);
- the learned decision on the candidates of the rules, cross-validated over the same folds,
  with its features only and with four features read from the tagger's out-of-fold
  probabilities (the B probability at the candidate's start, the lowest I probability inside,
  whether the next character continues it, whether the tagger's own best span is the
  candidate), each at its best threshold, the C of the shipped model.

Those are the candidates' figures, before recurrence and the settling of overlaps between
labels (``benchmarks/accuracy.py --cv`` gives the whole layer's).
"""

from __future__ import annotations

import argparse
import random
import sys
import unicodedata
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

from cnreport.entities import core
from cnreport.entities.base import data_gazetteer
from cnreport.entities.train import (
    DEFAULT_GOLD,
    DEFAULT_SHARED,
    LABELS,
    Doc,
    Sample,
    _f1,
    _fit,
    _scores,
    best_threshold,
    entity_diff,
    recorded_settings,
    region_folds,
    training_set,
)

HEADS = list(LABELS)
O, B, I = 0, 1, 2  # noqa: E741
IGNORE = -100


def char(c: str) -> str:
    n = unicodedata.normalize("NFKC", c)
    return n if len(n) == 1 else c


def pieces(doc: Doc, size: int) -> list[tuple[int, int]]:
    """The annotated ranges in pieces of at most ``size`` characters, cut after a sentence end."""
    out = []
    for a, b in doc.ranges:
        s = a
        while s < b:
            e = min(b, s + size)
            if e < b:
                cut = max(doc.text.rfind(x, s + size // 2, e) for x in "。；\n")
                e = cut + 1 if cut > s else e
            out.append((s, e))
            s = e
    return out


def tags(doc: Doc, s: int, e: int) -> Any:
    """B/I/O per label and character of ``doc.text[s:e]``; IGNORE where the label is not
    annotated, on optional spans and ignored stretches.  Within a label the longer of two
    overlapping gold spans wins."""
    import numpy as np

    y = np.full((len(HEADS), e - s), IGNORE, dtype=np.int64)
    for j, label in enumerate(HEADS):
        if label not in doc.labels:
            continue
        y[j] = O
        taken = np.zeros(e - s, dtype=bool)
        for a, b in sorted(doc.gold.get(label, ()), key=lambda g: g[0] - g[1]):
            if a >= s and b <= e and not taken[a - s : b - s].any():
                taken[a - s : b - s] = True
                y[j, a - s] = B
                y[j, a - s + 1 : b - s] = I
        for a, b in doc.optional.get(label, ()):
            if a >= s and b <= e:
                y[j, a - s : b - s] = IGNORE
    for a, b in doc.ignore:
        lo, hi = max(a, s), min(b, e)
        if lo < hi:
            y[:, lo - s : hi - s] = IGNORE
    return y


def _trade_names() -> list[str]:
    """The trade names the company rules read (``entities/data/brands.txt``)."""
    f = resources.files("cnreport.entities") / "data" / "brands.txt"
    return [n for n in f.read_text(encoding="utf-8").splitlines() if n and not n.startswith("#")]


class Encoder:
    """Characters and bigrams of the training text, the cut and the gazetteers."""

    def __init__(self, texts: list[str]) -> None:
        import ahocorasick

        chars = Counter(c for t in texts for c in t)
        self.chars = {c: i + 2 for i, c in enumerate(sorted(c for c, n in chars.items() if n >= 2))}
        bigrams = Counter(t[i : i + 2] for t in texts for i in range(len(t) - 1))
        self.bigrams = {b: i + 2 for i, b in enumerate(sorted(b for b, n in bigrams.items() if n >= 3))}
        lists = [
            [n for n in data_gazetteer("places") if len(n) > 1],
            [n for n in data_gazetteer("water") if len(n) > 1],
            [n for n in data_gazetteer("companies") if len(n) > 1],
            [n for n in _trade_names() if len(n) > 1],
        ]
        self.automata = []
        for names in lists:
            auto = ahocorasick.Automaton()
            for n in names:
                auto.add_word(n, len(n))
            auto.make_automaton()
            self.automata.append(auto)

    def __call__(self, t: str) -> tuple[Any, ...]:
        import jieba
        import numpy as np

        n = len(t)
        x = np.array([self.chars.get(c, 1) for c in t], dtype=np.int64)
        right = np.array([self.bigrams.get(t[i : i + 2], 1) for i in range(n)], dtype=np.int64)
        left = np.array([1] + [self.bigrams.get(t[i - 1 : i + 1], 1) for i in range(1, n)], dtype=np.int64)
        cut = np.zeros(n, dtype=np.int64)  # 1 S, 2 B, 3 M, 4 E
        i = 0
        for w in jieba.cut(t, HMM=False):
            if len(w) == 1:
                cut[i] = 1
            else:
                cut[i], cut[i + 1 : i + len(w) - 1], cut[i + len(w) - 1] = 2, 3, 4
            i += len(w)
        # 1 inside a name, 2 a name ends, 3 a name starts: where names overlap, the higher wins
        gaz = np.zeros((n, len(self.automata)), dtype=np.int64)
        for j, auto in enumerate(self.automata):
            for end, size in auto.iter(t):
                start = end - size + 1
                np.maximum(gaz[start + 1 : end, j], 1, out=gaz[start + 1 : end, j])
                gaz[end, j] = max(gaz[end, j], 2)
                gaz[start, j] = 3
        return x, right, left, cut, gaz


def network(enc: Encoder, hidden: int) -> Any:
    import torch
    from torch import nn

    class Tagger(nn.Module):  # type: ignore[misc,unused-ignore]
        def __init__(self) -> None:
            super().__init__()
            self.char = nn.Embedding(len(enc.chars) + 2, 64, padding_idx=0)
            self.bigram = nn.Embedding(len(enc.bigrams) + 2, 32, padding_idx=0)
            self.cut = nn.Embedding(5, 8)
            self.gaz = nn.ModuleList([nn.Embedding(4, 8) for _ in enc.automata])
            self.drop = nn.Dropout(0.25)
            size = 64 + 2 * 32 + 8 + 8 * len(enc.automata)
            self.lstm = nn.LSTM(size, hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden, 3 * len(HEADS))

        def forward(self, x: Any, right: Any, left: Any, cut: Any, gaz: Any) -> Any:
            parts = [self.char(x), self.bigram(right), self.bigram(left), self.cut(cut)]
            parts += [emb(gaz[:, :, j]) for j, emb in enumerate(self.gaz)]
            h, _ = self.lstm(self.drop(torch.cat(parts, -1)))
            return self.out(self.drop(h)).view(x.shape[0], x.shape[1], len(HEADS), 3)

    return Tagger()


def batch(rows: list[tuple[Any, ...]]) -> list[Any]:
    import numpy as np
    import torch

    n = max(len(r[0]) for r in rows)
    out = []
    for k in range(len(rows[0])):
        first = rows[0][k]
        fill = IGNORE if k == 5 else 0
        arr = np.full((len(rows), n, *first.shape[1:]), fill, dtype=np.int64)
        for i, r in enumerate(rows):
            arr[i, : len(r[k])] = r[k]
        out.append(torch.from_numpy(arr))
    return out


def fold_probabilities(
    docs: list[Doc], train: list[int], test: list[int], epochs: int, hidden: int, size: int
) -> dict[int, Any]:
    """Train on the documents ``train`` and return, for each of ``test``, the B/I/O
    probabilities of every character of its text (O where it was not tagged)."""
    import numpy as np
    import torch
    from torch import nn

    torch.manual_seed(0)
    rng = random.Random(0)
    texts = {i: "".join(char(c) for c in docs[i].text) for i in set(train) | set(test)}
    enc = Encoder([texts[i][s:e] for i in train for s, e in pieces(docs[i], size)])
    rows = [(*enc(texts[i][s:e]), tags(docs[i], s, e).T) for i in train for s, e in pieces(docs[i], size)]
    net = network(enc, hidden)
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    loss_of = nn.CrossEntropyLoss(ignore_index=IGNORE)
    for _ in range(epochs):
        net.train()
        rows.sort(key=lambda r: (len(r[0]) // 20, rng.random()))  # like lengths together
        batches = [rows[i : i + 32] for i in range(0, len(rows), 32)]
        rng.shuffle(batches)
        for b in batches:
            *xs, y = batch(b)
            loss = loss_of(net(*xs).reshape(-1, 3), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
    net.eval()
    out: dict[int, Any] = {}
    with torch.no_grad():
        for i in test:
            p = np.zeros((len(docs[i].text) + 1, len(HEADS), 3), dtype=np.float32)
            p[:, :, O] = 1.0
            spans = pieces(docs[i], size)
            for k in range(0, len(spans), 64):
                part = spans[k : k + 64]
                xs = batch([enc(texts[i][s:e]) for s, e in part])
                probs = torch.softmax(net(*xs), -1).numpy()
                for (s, e), pr in zip(part, probs, strict=True):
                    p[s:e] = pr[: e - s]
            out[i] = p
    return out


def best_spans(p: Any, j: int) -> list[tuple[int, int]]:
    """The tagger's own spans of label ``j``: a B or an I that opens one, the I's after it."""
    seq = p[:, j].argmax(-1)
    spans, k, n = [], 0, len(seq) - 1
    while k < n:
        if seq[k] != O:
            s = k
            k += 1
            while k < n and seq[k] == I:
                k += 1
            spans.append((s, k))
        else:
            k += 1
    return spans


def bucket(p: float) -> int:
    return sum(p >= x for x in (0.05, 0.2, 0.5, 0.8))


def tagger_features(p: Any, j: int, a: int, b: int) -> list[str]:
    f = [f"nnb={bucket(float(p[a, j, B]))}", f"nne={bucket(1.0 - float(p[b, j, I]))}"]
    if b - a > 1:
        f.append(f"nni={bucket(float(p[a + 1 : b, j, I].min()))}")
    seq = p[a : b + 1, j].argmax(-1)
    if seq[0] == B and all(t == I for t in seq[1:-1]) and seq[-1] != I:
        f.append("nnx")
    return f


def decision_f1(
    docs: list[Doc], samples: list[Sample], label: str, c: float, fold_of: dict[str, int], scored: set[int]
) -> tuple[float, float, list[int]]:
    """(F1, threshold, [tp, fp, fn]) of the learned decision over the folds, at its best threshold."""
    mine = [s for s in samples if s.label == label]
    scores: dict[int, float] = {}
    for k in sorted(set(fold_of.values())):
        train = [s for s in mine if fold_of[docs[s.doc].group] != k]
        test = [s for s in mine if fold_of[docs[s.doc].group] == k]
        if test and any(s.y for s in train):
            vec, clf = _fit(train, c)
            scores.update(zip((id(s) for s in test), _scores(vec, clf, test), strict=True))
    return best_threshold(docs, mine, scores, label, scored)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--piece", type=int, default=200, help="characters per training piece")
    ap.add_argument("--folds", type=int, default=5)
    a = ap.parse_args(argv)
    try:
        import torch
    except ImportError:
        raise SystemExit("this script trains with PyTorch, which cnreport does not need: pip install torch") from None
    if not (a.shared / "reports").is_dir():
        raise SystemExit(f"{a.shared}/reports not found: pass --shared DIR")
    torch.set_num_threads(2)
    docs, samples, *_rest = training_set(a.shared, DEFAULT_GOLD)
    fold_of = region_folds(docs, a.folds)
    probs: dict[int, Any] = {}
    for k in range(a.folds):
        train = [i for i, d in enumerate(docs) if fold_of[d.group] != k]
        test = [i for i, d in enumerate(docs) if fold_of[d.group] == k]
        probs.update(fold_probabilities(docs, train, test, a.epochs, a.hidden, a.piece))
        print(f"fold {k + 1} of {a.folds} tagged", file=sys.stderr)
    scored = {i for i, d in enumerate(docs) if not d.name.startswith("sentence")}
    alone: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for i in sorted(scored):
        doc = docs[i]
        pred = [(s, e, lab) for j, lab in enumerate(HEADS) for s, e in best_spans(probs[i], j) if doc.counts(s)]
        golds = [g for g in doc.items if doc.counts(g["start"])]
        for label, (tp, extra, missed) in entity_diff(golds, pred, doc.labels).items():
            for n, v in enumerate((tp, len(extra), len(missed))):
                alone[label][n] += v
    settings = recorded_settings(Path(core.__file__).parent / core.MODEL_FILE, HEADS)
    read = [
        Sample(s.doc, s.label, s.span, s.feats + tagger_features(probs[s.doc], HEADS.index(s.label), *s.span), s.y)
        for s in samples
    ]
    print(f"{len(scored)} documents (windows and development set), {a.folds} folds by region, {a.epochs} epochs")
    print("| | " + " | ".join(HEADS) + " |")
    print("| --- |" + " --- |" * len(HEADS))
    print("| the tagger alone | " + " | ".join(f"{_f1(*alone[lab])[2]:.3f}" for lab in HEADS) + " |")
    for name, rows in (("the decision", samples), ("the decision reading the tagger", read)):
        cells = []
        for label in HEADS:
            f1, th, counts = decision_f1(docs, rows, label, settings[label][0], fold_of, scored)
            cells.append(f"{f1:.3f} ({th}: {counts[0]}/{counts[1]}/{counts[2]})")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
