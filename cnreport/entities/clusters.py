"""Word classes learned from unannotated reports, shipped as data.

    python -m cnreport.entities.clusters [--shared DIR] [--classes 64] [--out FILE] [--fresh]

rebuilds ``cnreport/entities/data/clusters.tsv``: each word that occurs at
least ``min_count`` times in the reports of the training regions (the texts the
model's corpus statistics are counted on: no blind region's report, nor the
development corpus) falls in one of ``classes`` classes by the words around it.
A word's contexts are the words one and two places before and after it, each
position its own column; the counts are weighed by positive pointwise mutual
information (contexts smoothed to the power 0.75), reduced to 100 dimensions by a
truncated SVD, and the unit vectors grouped by k-means (scikit-learn, the
``train`` extra; fixed seeds); a word none of whose neighbours is frequent has no
vector and no class. k-means starts from the classes already in ``--out`` (the mean
vector of each class's words), so that a rebuild after a small change of the texts keeps
nearly every word in its class and every class its number, and a rebuild on the same texts
writes the same file; ``--fresh`` draws them anew. Drawn anew, the classes are one of many
groupings that fit about equally well: two numbers changed in one report move most words to
other classes (an adjusted Rand index of about 0.5 between the two), where the seeded rebuild
keeps 0.97. The words are jieba's best cut of each line with the
library's dictionary; the features look a word up as the dictionary word of two
to four characters (or the one character) before, at or after a candidate.

The classes gather words by what they do in a report: verbs that open a task
(加快, 推进, 深化), heads of institutions and parks (集团, 产业园, 实验室), counters
and units (亿元, 家, 万亩). The entity model reads
the class of the word before a candidate, the word it opens with, the last word
of its name part and the word after it: a word the annotated windows never showed
beside a name still tells the model what kind of word it is.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import pairwise
from pathlib import Path
from typing import Any

__all__ = ["build", "classes_of", "main", "ppmi", "read", "words_of"]

DATA = Path(__file__).resolve().parent / "data" / "clusters.tsv"
CONTEXT = (-2, -1, 1, 2)


def words_of(texts: Iterable[str]) -> list[list[str]]:
    """Each line of each text as its words (the library's dictionary cut, no HMM), blanks left out."""
    from ..normalize import normalize
    from .toolkit import lexicon

    cut_ends = lexicon().cut_ends
    lines: list[list[str]] = []
    for text in texts:
        for line in normalize(text).text.split("\n"):
            ends = cut_ends(line)
            words = [w for a, b in pairwise(ends) if (w := line[a:b].strip())]
            if words:
                lines.append(words)
    return lines


def ppmi(lines: list[list[str]], vocab: list[str]) -> Any:
    """The words of ``vocab`` (rows) by their contexts (a word of ``vocab`` at one of the places
    of ``CONTEXT``: one column per word and place), weighed by positive pointwise mutual
    information, p(w, c) / (p(w) p(c)) with the contexts' counts raised to the power 0.75."""
    import numpy as np
    import scipy.sparse as sp

    index = {w: i for i, w in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    for line in lines:
        ids = [index.get(w, -1) for w in line]
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for slot, d in enumerate(CONTEXT):
                j = i + d
                if 0 <= j < len(ids) and ids[j] >= 0:
                    rows.append(a)
                    cols.append(ids[j] * len(CONTEXT) + slot)
    n = len(vocab)
    m = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n * len(CONTEXT))).tocsr().tocoo()
    total = m.data.sum()
    row_p = np.asarray(m.sum(axis=1)).ravel() / total
    col_w = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_p = col_w / col_w.sum()
    pmi = np.log(m.data / total / row_p[m.row] / col_p[m.col])
    keep = pmi > 0
    return sp.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)


def build(
    lines: list[list[str]],
    classes: int = 64,
    *,
    min_count: int = 5,
    dims: int = 100,
    seed: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """word -> class of every word seen ``min_count`` times or more in ``lines`` that has a
    frequent word beside it somewhere.

    With ``seed`` (word -> class of an earlier build, the classes numbered 0 to ``classes`` - 1)
    k-means starts from the mean vector of each earlier class's words, so that classes built again
    on slightly changed text keep their words and their numbers; a class none of whose words is
    left starts at a centre of k-means drawn from nothing (the one farthest from the other starts),
    and with no word of the seed left the classes are those drawn from nothing, numbered anew."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD

    if classes < 1 or dims < 1:
        raise ValueError(f"classes and dims must be 1 or more, got classes={classes!r}, dims={dims!r}")
    if seed is not None:
        if odd := [c for c in seed.values() if not isinstance(c, int) or isinstance(c, bool)][:3]:
            raise TypeError(f"the seed's classes must be int, got {odd!r}")
        if bad := sorted({c for c in seed.values() if not 0 <= c < classes}):
            raise ValueError(f"the seed's classes must be numbered 0 to {classes - 1}, got {bad[:5]!r}")
    counts = Counter(w for line in lines for w in line)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    if len(vocab) < 2:
        raise ValueError(f"too few words to group: {len(vocab)} seen {min_count} times or more")
    weights = ppmi(lines, vocab)
    vectors = TruncatedSVD(min(dims, len(vocab) - 1), random_state=0).fit_transform(weights)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    has_context = np.diff(weights.indptr) > 0  # a row with no weight: no vector, no class
    k = min(classes, len(vocab))
    if seed and k == classes:
        starts = _starts(vectors, [seed.get(w, -1) if ok else -1 for w, ok in zip(vocab, has_context, strict=True)], k)
        found = KMeans(k, init=starts, n_init=1, random_state=0).fit_predict(vectors)
    else:
        found = KMeans(k, n_init=4, random_state=0).fit_predict(vectors)
    return {w: int(c) for w, c, ok in zip(vocab, found, has_context, strict=True) if ok}


def _starts(vectors: Any, earlier: list[int], k: int) -> Any:
    """k-means' starting centres: the mean vector of each earlier class's words (``earlier``: each
    row's earlier class, -1 for none). Classes with no word left start at the centres k-means
    finds from nothing, each at the one farthest from the centres already placed."""
    import numpy as np
    from sklearn.cluster import KMeans

    labels = np.asarray(earlier)
    starts = np.zeros((k, vectors.shape[1]))
    empty = []
    for c in range(k):
        rows = labels == c
        if rows.any():
            starts[c] = vectors[rows].mean(axis=0)
        else:
            empty.append(c)
    if empty:
        fresh = list(KMeans(k, n_init=4, random_state=0).fit(vectors).cluster_centers_)
        unit = [v / (np.linalg.norm(v) + 1e-12) for v in fresh]  # farthest by angle, as the vectors are read
        placed = [starts[c] / (np.linalg.norm(starts[c]) + 1e-12) for c in range(k) if c not in empty]
        for c in empty:
            i = int(np.argmin([max((float(u @ q) for q in placed), default=0.0) for u in unit]))
            starts[c] = fresh.pop(i)
            placed.append(unit.pop(i))
    return starts


def classes_of(texts: Iterable[str], classes: int = 64, seed: Mapping[str, int] | None = None) -> dict[str, str]:
    """The word classes of ``texts`` as the features read them (word -> class number, as text),
    built as ``main`` builds the shipped file (from ``seed``, the shipped classes, when given):
    what a cross-validation fold reads, from the reports of its training regions only."""
    return {w: str(c) for w, c in build(words_of(texts), classes, seed=seed).items()}


def read(path: Path) -> dict[str, int]:
    """The classes a file written by ``write`` holds (word -> class); ValueError naming the file
    and the line when it holds something else."""
    out: dict[str, int] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line and not line.startswith("#"):
            word, _, c = line.partition("\t")
            if not word or not c.isdigit():
                raise ValueError(f"{path}:{n}: not a word class (word, a tab, a class number): {line[:40]!r}")
            out[word] = int(c)
    return out


def write(path: Path, classes: dict[str, int], note: str) -> None:
    lines = [f"{w}\t{c}" for w, c in sorted(classes.items())]
    path.write_text(f"# {note}\n" + "\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    from .train import DEFAULT_GOLD, DEFAULT_SHARED, corpus_texts

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the folder with reports/ (../shared)")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="the windows' gold (tests/data/real)")
    ap.add_argument("--classes", type=int, default=64, help="how many classes (1 or more)")
    ap.add_argument(
        "--out", type=Path, default=DATA, help="the file to write, and to start from unless --fresh (the shipped one)"
    )
    ap.add_argument(
        "--fresh", action="store_true", help="draw the classes anew instead of starting from those in --out"
    )
    a = ap.parse_args(argv)
    if a.classes < 1:
        ap.error(f"--classes must be 1 or more, got {a.classes}")
    texts = corpus_texts(a.shared, a.gold)
    if not texts:
        raise SystemExit(f"no reports found in {a.shared / 'reports'}")
    seed = None
    if not a.fresh and a.out.is_file():
        try:
            seed = read(a.out)
        except (ValueError, UnicodeDecodeError) as exc:
            print(f"{a.out} holds no word classes ({exc}): drawing them anew")
        if seed and (top := max(seed.values())) >= a.classes:
            print(f"{a.out} holds classes numbered up to {top}, not 0 to {a.classes - 1}: drawing them anew")
            seed = None
    found = build(words_of(texts.values()), a.classes, seed=seed)
    note = f"word classes of {len(texts)} training-region reports, {a.classes} classes"
    write(a.out, found, f"{note}: python -m cnreport.entities.clusters")
    print(f"{len(found)} words in {len(set(found.values()))} classes written to {a.out}")


if __name__ == "__main__":
    main()
