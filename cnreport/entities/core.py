"""One extraction run: candidates from every label module, shared features, the
model's decision, and the spans that win.

For each label in turn (places, water, companies, projects), the label module
proposes candidate spans from its rules; each candidate gets the shared
features (what stands before and after it, the word it opens with, how common
its name part is as a word, how often it recurs in the report and in the
training reports) and the module's own; the model scores it; the best
candidates that do not overlap within the label win.  A name that won is found
again wherever it recurs in the report at a word boundary.  Names the caller
passes in a gazetteer always win.
"""

from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise, repeat
from typing import Any, TypeVar

from .. import wrapping
from ..chars import CJK
from ..lazy import BUILD_LOCK, once
from ..normalize import Normalized, normalize
from ..types import Entity, Label
from .base import data_gazetteer
from .registry import LabelModule, modules
from .toolkit import (
    CLOSE,
    CORPUS_BUCKETS,
    HARD,
    LIST_END,
    MASK,
    NAME_TAGS,
    OPEN,
    QUOTES,
    SOFT,
    Candidate,
    Lexicon,
    Matcher,
    bracket_close,
    bracket_open,
    bucket,
    clause_start,
    is_cjk,
    lexicon,
    past_note,
    shared_rules,
    split_last_join,
)

__all__ = ["EntityExtractor", "Model", "Run", "default_extractor", "extract_entities", "load_model"]

MODEL_FILE = "model.json"
# texts longer than this are read in pieces of about this many characters (memory stays bounded)
CHUNK = 100_000
# a word at least this frequent in jieba's dictionary is a common word
COMMON = 500
# the marks that end a list item either way (a 等 that closes a list does too: ``Run.closes_list``)
ITEM_EDGE = HARD | SOFT | CLOSE
# what a bracketed part of a list item cannot hold (a bracket holding a 、 holds a list; the
# nearest brackets pair up only when no other bracket stands between, either way)
ITEM_MARKS = HARD | SOFT | OPEN | CLOSE
_T = TypeVar("_T")
# the kinds of feature ``Run.late_shared`` gives, one of each per candidate
LATE_SHARED = ("pw", "pt", "pwc", "cross", "ncw", "end_cross")
# jieba's tags of the words after which a name may start: verbs, conjunctions, prepositions,
# adverbs, adjectives and set phrases
# jieba's tags of a word that a lead-in word opens where the cut glued the next word on (新建县, 以东)
_GLUED_TAGS = NAME_TAGS | {"f"}
_BOUNDARY_TAGS = frozenset(
    {"v", "vn", "vd", "vi", "vg", "c", "p", "d", "ad", "a", "l", "i", "u", "uj", "ul", "f", "m", "q", "r"}
)
# coarse classes of small numbers, as ``toolkit.bucket`` gives them, looked up instead of computed
_B_LEN = tuple(bucket(i) for i in range(15))
_B_DF = tuple(bucket(i, (0, 1, 2, 3, 5)) for i in range(6))
_B_CG = tuple(bucket(i, CORPUS_BUCKETS) for i in range(9))


def _freq_class(f: int) -> str:
    return "0" if f < 1 else "1" if f < 50 else "50" if f < 500 else "500" if f < 5000 else "5000"


# a name the model gave at least this score is found again wherever it recurs
_RECUR = 0.3
# a list item no proposal of the label scores this much for is read as no name of it
# (``Run.plain_lists``), and a two-character word this frequent is a common word there
_PLAIN_ITEM = 0.1
_PLAIN_FREQ = 50
# the kinds of proposing rule the features tell apart (any other is a head word)
_SOURCES = frozenset({"list", "gazetteer", "again", "quote", "prefix", "tail", "brand"})


@dataclass(frozen=True, slots=True)
class LabelWeights:
    bias: float
    threshold: float
    weights: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Model:
    """Logistic-regression weights per label, and corpus statistics the features read.

    ``corpus_df`` counts in how many training reports a candidate string occurs
    (generic phrases such as 重点项目 occur in most of them, names in few).
    ``word_classes`` maps a word to its class (the features ``fwc``, ``nzc``, ``rwc`` and
    ``pwc``); None reads the shipped classes (``entities/data/clusters.tsv``). Only the
    cross-validation gives other ones: each fold's classes built without its held-out reports.
    """

    labels: Mapping[str, LabelWeights]
    corpus_df: Mapping[str, int]
    meta: Mapping[str, Any]
    word_classes: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    _bounds: dict[tuple[str, tuple[str, ...]], float] = field(default_factory=dict, compare=False, repr=False)

    def score(self, label: str, feats: Iterable[str]) -> float:
        """The model's probability that a candidate with ``feats`` is a name of ``label``."""
        lw = self.labels.get(label)
        if lw is None:
            return 0.0
        return _sigmoid(lw.bias + self.weigh(label, feats))

    def weigh(self, label: str, feats: Iterable[str], seen: Iterable[str] = ()) -> float:
        """The sum of the weights of ``feats`` (without the bias), each feature once and none
        of ``seen`` (a feature that a candidate has twice, such as the ending of two items
        of its list, is one column of the training matrix)."""
        keys = dict.fromkeys(feats)  # in order: the same sum in every process
        for f in seen:
            keys.pop(f, None)
        return float(sum(map(self.labels[label].weights.get, keys, repeat(0.0))))

    def bound(self, label: str, kinds: tuple[str, ...]) -> float:
        """The most that one feature of each of ``kinds`` (``kind=value``) can add to a
        candidate's weight: the sum of each kind's largest positive weight."""
        key = (label, kinds)
        hit = self._bounds.get(key)
        if hit is None:
            top = dict.fromkeys(kinds, 0.0)
            for f, w in self.labels[label].weights.items():
                k = f.partition("=")[0]
                if k in top and w > top[k]:
                    top[k] = w
            hit = self._bounds[key] = sum(top.values())
        return hit

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Model:
        if data.get("format") != 1:
            raise ValueError("not a cnreport entity model (format 1)")
        # the labels share their feature names and equal weights: one object each, not one per label
        names: dict[str, str] = {}
        values: dict[float, float] = {}
        labels = {
            k: LabelWeights(
                float(v["bias"]),
                float(v["threshold"]),
                {names.setdefault(f, f): values.setdefault(w, w) for f, w in v["weights"].items()},
            )
            for k, v in data["labels"].items()
        }
        return cls(labels, dict(data.get("corpus_df", {})), dict(data.get("meta", {})))


# what a name of nothing but these shows: spaces, line and paragraph separators, controls and
# format characters (zero widths, the byte-order mark); a private-use or newer character is a name
_BLANK = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@once
def load_model() -> Model | None:
    """The model shipped in the package (``entities/model.json``), or None when there is none."""
    f = resources.files("cnreport.entities") / MODEL_FILE
    if not f.is_file():
        return None
    return Model.from_json(json.loads(f.read_text(encoding="utf-8")))


def _kind_of(c: str) -> str:
    """A class of the character next to a candidate."""
    if not c or c in HARD:  # the start or end of the text is a sentence boundary like 。
        return "P"
    if c == "、":
        return "S"
    if c in SOFT:
        return "C"
    if c in OPEN:
        return "O"
    if c in CLOSE:
        return "K"
    if c in QUOTES:
        return "Q"
    if c.isdigit():
        return "D"
    if c.isspace():
        return "W"
    if c in MASK:
        return "M"
    if c.isascii():
        return "A"
    if is_cjk(c):
        return "H"
    return "X"


class _Kinds(dict[str, str]):
    """``_kind_of`` of every character asked for, remembered (a few thousand characters at most)."""

    def __missing__(self, c: str) -> str:
        kind = self[c] = _kind_of(c)
        return kind


_kind = _Kinds().__getitem__
# an ASCII letter in a name
_LATIN = re.compile(r"[A-Za-z]")


class Run:
    """One call of ``extract``: the text, the dictionary, and what each label decided.

    ``t`` is the text the rules read (:func:`rules_text`): ``norm.text`` with the spaces that
    separate words written as tabs, so that no name runs over a table's or a list's spaces, and
    a full stop written as a half-width point after a Chinese character written as ``。``."""

    def __init__(self, ex: EntityExtractor, norm: Normalized, *, keep: bool = False) -> None:
        self.ex = ex
        self.norm = norm
        # with ``keep``, each label's scored proposals are kept here after ``run`` (to tell
        # why a name was missed: ``train.proposals``); a parse keeps none
        self.proposed: dict[str, list[Candidate]] | None = {} if keep else None
        self.t = rules_text(norm.text)
        self.n = len(norm.text)
        self._lex: Lexicon | None = None
        self.accepted: dict[str, list[Candidate]] = {}
        self._counts: dict[str, int] = {}
        self._leads: list[int] | None = None
        self._hard: list[int] | None = None
        self._at_before: dict[int, tuple[str, str, bool]] = {}
        self._at_after: dict[int, tuple[str, str]] = {}
        self._index: dict[str, tuple[list[int], list[int], set[tuple[int, int]], dict[int, int]]] = {}
        self._cuts: dict[int, bool] = {}
        self._memo: dict[str, Any] = {}

    @property
    def lex(self) -> Lexicon:
        if self._lex is None:
            self._lex = lexicon()
        return self._lex

    @property
    def classes(self) -> Mapping[str, str]:
        """The class of each frequent word of the reports (``entities/data/clusters.tsv``, built by
        ``python -m cnreport.entities.clusters``): word -> class number, as text; the model's own
        where it carries them (``Model.word_classes``)."""
        model = self.ex.model
        if model is not None and model.word_classes is not None:
            return model.word_classes
        return data_gazetteer("clusters")

    def memo(self, key: str, build: Callable[[], _T]) -> _T:
        """What a label module computes once per text (its cue offsets, its evidence tables),
        under ``key``: ``build()`` on the first call, the same value after."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]  # type: ignore[no-any-return]

    def cuts_at(self, p: int) -> bool:
        """Whether jieba's best segmentation (its dictionary, no HMM) of the text around
        ``p`` puts a word boundary there: 完成/长沙/机场 has one before 长沙 although 成长
        is a word.  Eight characters on either side decide it (cached per offset)."""
        if p <= 0 or p >= self.n:
            return True
        hit = self._cuts.get(p)
        if hit is None:
            hit = self._cuts[p] = self.lex.cuts_at(self.t, p, 8)
        return hit

    def right(self, e: int) -> int:
        """Where what follows a name that ends at ``e`` starts (``past_note``)."""
        return past_note(self.t, e)

    # -- where names start ---------------------------------------------------------

    def lead_spans(self) -> list[tuple[int, int, str]]:
        """The lead-in words (推进, 引进, 与 ...) in the text: ``(start, end, class)``."""
        return self.memo("lead_spans", lambda: list(self.ex.shared.leads.find(self.t)))

    def lead_ends(self) -> list[int]:
        """Sorted ends of the lead-in words (推进, 引进, 与 ...) in the text."""
        if self._leads is None:
            # conjunctions (与, 和) stand inside names too (和远气体): they end no context for sure
            self._leads = sorted({e for s, e, cls in self.lead_spans() if cls != "conjunction" and self._is_lead(s, e)})
        return self._leads

    def _is_lead(self, s: int, e: int) -> bool:
        """Whether the lead-in word at ``s:e`` is one in this text.  The best cut of the text ends
        a word where it ends (it may close a longer word: 位于, 充分发挥), or it is cut at its
        start and inside, a word of the cut running on past it (打|造成: the cut's choice
        between two words that overlap); not where it starts inside a word (市内 of 城市|内涝)
        or opens a longer one (保障 of 保障性).  One of one character does not close a name the
        dictionary knows (华为, 美的).  Where the longer word it opens is a name or a direction
        (新建县, 以东), the cut glued the text's next word on, and it still counts."""
        cuts_at, lex = self.cuts_at, self.lex
        if not cuts_at(e):
            if e - s > 1 and cuts_at(s) and any(cuts_at(k) for k in range(s + 1, e)):
                return True
            # the longer word it opens is a name or a direction the cut glued on (新建|县, 以|东)
            word = lex.word_at(self.t, s, min(self.n, s + 4))
            return len(word) > e - s and lex.tag(word, "") in _GLUED_TAGS
        return e - s > 1 or s == 0 or lex.tag(self.t[s - 1 : e], "") not in NAME_TAGS

    def build_starts(self) -> list[int]:
        """Sorted starts of the build words (开工, 建成, 签约 ...) in the text."""
        return self.memo("build_starts", lambda: sorted(s for s, _e, _ in self.ex.shared.build_words.find(self.t)))

    def hard_marks(self) -> list[int]:
        """Sorted offsets of the marks that end a clause (。;: newline quotes ...)."""
        if self._hard is None:
            t = self.t
            self._hard = [i for i, ch in enumerate(t) if ch in HARD]
        return self._hard

    def lead_before(self, s: int) -> bool:
        """Whether a lead-in word ends right at ``s``."""
        leads = self.lead_ends()
        i = bisect_right(leads, s) - 1
        return i >= 0 and leads[i] == s

    def rule_start(self, cs: int, hs: int, lo: int) -> int:
        """Where the rules alone start a name whose own part ends at ``hs``: after the
        last lead-in word between the clause start ``cs`` and ``hs - lo``, past an
        enumeration mark (一是, 1., (一)) or masked characters."""
        leads = self.lead_ends()
        i = bisect_right(leads, hs - lo) - 1
        p = leads[i] if i >= 0 and leads[i] > cs else cs
        t = self.t
        enum = self.ex.shared.enumeration
        m = enum.match(t, p, hs) if enum is not None else None
        if m and m.end() < hs:
            p = m.end()
        while p < hs and t[p] in MASK:
            p += 1
        return p

    def name_starts(
        self,
        hs: int,
        lo: int,
        hi: int,
        *,
        back: int = 40,
        stop: str = "",
        after: tuple[str, ...] = (),
        after_mark: bool = False,
    ) -> list[tuple[int, int]]:
        """The starts ``p`` a name whose own part ends at ``hs`` may have (``lo`` to ``hi``
        characters long): not before the clause start, not inside a common word (but right
        after one of ``after``, the head of a larger name: 吴店镇|东风村, and with ``after_mark``
        right after a punctuation mark: 某湖—|某新河),
        each with its distance from where the rules alone would start it (0: there)."""
        t = self.t
        cs = clause_start(t, hs, max(back, hi), stop=stop)
        rs = self.rule_start(cs, hs, lo)
        out = []
        lex = self.lex
        lead_words = self.ex.shared.lead_words
        for p in range(max(cs, hs - hi), hs - lo + 1):
            c = t[p]
            if not (is_cjk(c) or c.isalnum() or c in QUOTES):
                continue
            if p not in (cs, rs):
                # elsewhere a name starts after a verb, a conjunction or a preposition that the
                # dictionary knows (提升清苑中学, 甲和乙), never inside a common word
                # 甲和乙: a conjunction or a preposition before p; 某镇|某村: a larger name's head
                after_lead = t[p - 1] in lead_words or (bool(after) and t.endswith(after, 0, p))
                if not after_lead and lex.tag(lex.word_before(t, p, cs), "") not in _BOUNDARY_TAGS:
                    if not (after_mark and not (is_cjk(t[p - 1]) or t[p - 1].isalnum())):
                        continue
                if not after_lead and lex.crosses(t, p, COMMON) and not self.cuts_at(p):
                    continue  # inside a common word, unless the best segmentation cuts there (确保/康达)
            out.append((p, p - rs))
        return out

    def counts(self, spans: Iterable[tuple[int, int]]) -> None:
        """Count, in one pass, how often the strings of ``spans`` occur in the text, and the
        strings one character longer on either side (whether a name stands free of its context)."""
        t = self.t
        strings = set()
        for a, b in spans:
            strings.add(t[a:b])
            strings.add(t[max(0, a - 1) : b])
            strings.add(t[a : b + 1])
        todo = {s: 0 for s in strings if s and s not in self._counts}
        if not todo:
            return
        for _s, _e, key in Matcher({k: k for k in todo}).find(self.t):
            todo[key] += 1
        self._counts.update(todo)

    def count(self, s: str) -> int:
        return self._counts.get(s, 0)

    def accept(self, label: str, chosen: list[Candidate]) -> None:
        """Record what a label decided, indexed for the labels decided after it."""
        chosen = sorted(chosen, key=lambda c: (c.start, c.end))
        self.accepted[label] = chosen
        starts = [c.start for c in chosen]
        reach: list[int] = []  # the furthest end of the entities starting at or before each
        top = -1
        for c in chosen:
            top = max(top, c.end)
            reach.append(top)
        spans = {(c.start, c.end) for c in chosen}
        by_start: dict[int, int] = {}
        for c in chosen:
            by_start[c.start] = max(by_start.get(c.start, 0), c.end)
        self._index[label] = (starts, reach, spans, by_start)

    def starts_with_accepted(self, label: str, s: int, e: int) -> int:
        """The end of the longest accepted ``label`` entity that starts at ``s`` inside ``[s, e)``, or 0."""
        index = self._index.get(label)
        if index is None:
            return 0
        end = index[3].get(s, 0)
        return end if end <= e else 0

    def inside_accepted(self, label: str, s: int, e: int) -> bool:
        """Whether an accepted ``label`` entity holds ``[s, e)``."""
        index = self._index.get(label)
        if index is None:
            return False
        i = bisect_right(index[0], s) - 1
        return i >= 0 and index[1][i] >= e

    # -- shared features ---------------------------------------------------------

    def _before(self, p: int) -> tuple[str, str, bool]:
        """The dictionary word before ``p``, its tag, and whether a common word runs over ``p`` (cached)."""
        hit = self._at_before.get(p)
        if hit is None:
            lex, t = self.lex, self.t
            word = lex.word_before(t, p)
            hit = (word, lex.tag(word, "?"), lex.crosses(t, p, COMMON))
            self._at_before[p] = hit
        return hit

    def _after(self, p: int) -> tuple[str, str]:
        """The dictionary word that starts at ``p`` (four characters at most) and its tag (cached)."""
        hit = self._at_after.get(p)
        if hit is None:
            lex = self.lex
            word = lex.word_at(self.t, p, min(self.n, p + 4))
            hit = (word, lex.tag(word, "?"))
            self._at_after[p] = hit
        return hit

    def shared_features(self, c: Candidate, mod: LabelModule) -> list[str]:
        t, lex = self.t, self.lex
        n = self.n
        s, e, h = c.start, c.end, c.head
        name = t[s:h]
        whole = t[s:e]
        head = t[h:e]
        kind = c.source.split(":", 1)[0]
        src = kind if kind in _SOURCES else "head"
        nl = _B_LEN[min(h - s, 14)]
        lc = t[s - 1] if s > 0 else ""
        lk = _kind(lc)
        f = [
            f"src={src}",
            f"hd={head}",
            f"nl={nl}",
            f"tl={_B_LEN[min(e - s, 14)]}",
            f"lb={lk}",
            f"lc={lc}",
            f"hd|lb={head}|{lk}",
            f"src|lb={src}|{lk}",
        ]
        if e - s <= 4:
            fw = lex.word_at(t, s, e)
            ft = lex.tag(fw, "?")
        else:
            fw, ft = self._after(s)
        f.append(f"fw={fw}")
        f.append(f"ft={ft}")
        classes = self.classes  # the class of a word by the words around it in the reports
        if fw in classes:
            f.append(f"fwc={classes[fw]}")
        if h > s + 1:
            zw = lex.word_before(t, h, s)  # the last word of the name part
            if zw in classes:
                f.append(f"nzc={classes[zw]}")
        f.append(f"fc={t[s]}")
        f.append(f"ec={t[e - 1]}")
        core = name or whole
        if mod.char_features:
            for ch in dict.fromkeys(core[:8]):  # in order: the same features, in the same order, in every process
                if "\u4e00" <= ch <= "\u9fff":
                    f.append(f"ch={ch}")
        f.append(f"n2={core[:2]}")
        f.append(f"z2={core[-2:]}")
        freq = lex.freq
        if name:
            nf = freq(name)
            f.append(f"nw={_freq_class(nf)}")
            if nf:
                f.append(f"nt={lex.tag(name, '?')}")
            f.append(f"hd|nl={head}|{nl}")
        wf = freq(whole)
        f.append(f"ww={_freq_class(wf)}")
        if wf:
            f.append(f"wt={lex.tag(whole, '?')}")
        if any(map(str.isdigit, whole)):
            f.append("digit")
        if lk == "M" or not MASK.isdisjoint(whole):
            f.append("mask")
        if _LATIN.search(whole):
            f.append("latin")
        r = self.right(e)  # past a bracketed figure after the name
        rc = t[r] if r < n else ""
        rk = _kind(rc)
        f.append(f"rb={rk}")
        f.append(f"rc={rc}")
        if rk == "H":
            rw, rt = self._after(r)
            f.append(f"rw={rw}")
            f.append(f"rt={rt}")
            if rw in classes:
                f.append(f"rwc={classes[rw]}")
        counts = self._counts
        n_whole = counts.get(whole, 0)
        f.append(f"df={_B_DF[min(n_whole, 5)]}")
        if n_whole >= 2:
            if e < n and counts.get(t[s : e + 1], 0) < n_whole:
                f.append("right_free")
            if s > 0 and counts.get(t[s - 1 : e], 0) < n_whole:
                f.append("left_free")
        lead_words = self.ex.shared.lead_words
        if t[s : s + 2] in lead_words or t[s : s + 3] in lead_words or t[s : s + 4] in lead_words:
            f.append("first_lead")
        elif t[s] in lead_words:
            f.append(f"first_char_lead={t[s]}")
        model = self.ex.model
        if model is not None:
            f.append(f"cg={_B_CG[min(model.corpus_df.get(whole, 0), 8)]}")
        for label, (_starts, _reach, spans, _by_start) in self._index.items():
            if (s, e) in spans:
                f.append(f"same={label}")
            elif self.inside_accepted(label, s, e):
                f.append(f"in={label}")
        if lc == "、" or rc == "、" or self.join_before(s) >= 0:
            f.extend(self.list_features(s, e, mod))
        return f

    def late_shared(self, c: Candidate) -> list[str]:
        """The shared features that read the dictionary around a candidate, one of each kind
        of ``LATE_SHARED``: the word before it, its tag and its class, whether a common word runs over
        its start or its end, how many common words its name part holds."""
        t, n = self.t, self.n
        s, e, h = c.start, c.end, c.head
        f = []
        if s > 0 and _kind(t[s - 1]) == "H":
            pw, pt, cross = self._before(s)
            f.append(f"pw={pw}")
            f.append(f"pt={pt}")
            if pw in self.classes:
                f.append(f"pwc={self.classes[pw]}")
            if cross:
                f.append("cross")
        if h > s:
            f.append(f"ncw={min(self.lex.common_words(t[s:h], COMMON), 3)}")
        if e < n and self._before(e)[2]:
            f.append("end_cross")
        return f

    def list_features(self, s: int, e: int, mod: LabelModule) -> list[str]:
        """The 、-list a candidate stands in (甲、乙、丙): how many items, where it stands, what its
        siblings end with, whether they close with one of the label's head words, and which of
        them an earlier label took.  Twenty characters per item at most, ten items each way."""
        sibs, left, right = self.siblings(s, e)
        t = self.t
        pos = "first" if left == 0 else "last" if right == 0 else "mid"
        f = [f"li_n={_B_LEN[min(left + right + 1, 14)]}", f"li_pos={pos}"]
        head_matcher = getattr(mod, "head_matcher", None)
        heads = 0
        for a, b in sibs:
            sib = t[a:b]
            if sib.endswith(")") and sib.rfind("(") > 0:  # the name before its bracketed part (某高铁(北段))
                sib = sib[: sib.rfind("(")]
            if head_matcher is not None and any(q == len(sib) for _p, q, _r in head_matcher.find(sib)):
                heads += 1
            for label, (_starts, _reach, spans, _by_start) in self._index.items():
                if (a, b) in spans:
                    f.append(f"li_sib={label}")
            f.append(f"li_sibz={sib[-2:]}")
        f.append(f"li_sibhead={0 if heads == 0 else 1 if heads < len(sibs) else 2}")
        return f

    def join_before(self, s: int) -> int:
        """Where the word that joins a 、-list's last item starts, when one ends at ``s`` (甲、乙和丙:
        丙 stands after 和, 乙 between a 、 and 和, two characters or more), or -1."""
        t = self.t
        if s < 3 or t[s - 1] not in self.ex.shared.join_ends:
            return -1
        for w in self.ex.shared.list_joins:  # the longest first (以及 before 及)
            j = s - len(w)
            if j >= 2 and t.startswith(w, j):
                if not self.joins_at(j, s):
                    return -1
                a = self.item_start(j)
                return j if j - a >= 2 and a > 0 and t[a - 1] == "、" else -1
        return -1

    def joins_at(self, j: int, k: int) -> bool:
        """Whether the join word ``[j, k)`` stands as a word of its own in jieba's best cut, not
        inside one (参与, 及时, 和平路)."""
        return self.cuts_at(j) and self.cuts_at(k)

    def item_start(self, b: int) -> int:
        """Where a list item that ends at ``b`` starts: after the mark, the 等 closing a list
        (``closes_list``) or the bracket before it, as ``item_stop`` ends one going forward, twenty
        characters back at most (the first item of a list runs back to its clause's start).  A
        short bracketed part that holds no mark belongs to the item after its first characters
        (丙(北段)、丁: 丙(北段)), not when the item opens with it (、(一期)丙、: 丙)."""
        t = self.t
        a = b
        bracket = (-1, -1)  # the last bracketed part stepped over: where it opens and closes
        while a > 0 and b - a < 20:
            ch = t[a - 1]
            if ch in CLOSE:  # a bracketed part of the item (丙(北段)), not a bracket around the list
                j = bracket_open(t, a - 1, b - 20, ITEM_MARKS)
                if j < 0:
                    break
                bracket = (j, bracket[1] if a == bracket[0] else a)  # (一)(二)丙: both open the item
                a = j
                continue
            if ch in ITEM_EDGE or ch in OPEN or (ch == LIST_END and self.closes_list(a - 1)):
                break
            a -= 1
        return bracket[1] if a == bracket[0] else a  # a bracket that opens the item is not part of it

    def ends_item_at(self, p: int) -> bool:
        """Whether a list item going on at ``p`` ends there: at a 等 that closes the list
        (``closes_list``) or a word that joins its last item (``joins_at``: 甲、乙和丙), not at a
        character of a word (高等, 和平)."""
        if self.t[p] == LIST_END:
            return self.closes_list(p)
        return bool(self.join_at(p))

    def join_at(self, p: int) -> str:
        """The word that joins a list's last item (和, 以及) starting at ``p`` where it stands as a
        word of its own (``joins_at``), or ""."""
        t = self.t
        w = next((w for w in self.ex.shared.list_joins if t.startswith(w, p)), "")
        return w if w and self.joins_at(p, p + len(w)) else ""

    def closes_list(self, p: int) -> bool:
        """Whether the 等 at ``p`` stands as a word of its own in jieba's best cut, as the 等 that
        closes a list does (甲、乙等企业), not inside a word (高等, 等离子, 中等职业)."""
        return self.cuts_at(p) and self.cuts_at(p + 1)

    def siblings(self, s: int, e: int) -> tuple[list[tuple[int, int]], int, int]:
        """The other items of the 、-list ``[s, e)`` stands in, and how many stand before and after
        it; the word that joins the list's last item parts two items as a 、 does (甲、乙和丙)."""
        t, n = self.t, self.n
        sibs: list[tuple[int, int]] = []
        left = 0
        b = s - 1 if s > 0 and t[s - 1] == "、" else self.join_before(s)  # where the item before ends
        while b >= 0 and left < 10:
            a = self.item_start(b)
            if a < b:
                sibs.append((a, b))
            left += 1
            b = a - 1
            if b < 0 or t[b] != "、":
                break
        right = 0
        a = e
        joins = self.ex.shared.list_joins
        if left and t[s - 1] == "、" and a < n and t[a] != "、":  # 乙 of 甲、乙和丙: 丙 after the join
            w = self.join_at(a)
            b = self.item_stop(a + len(w), a + len(w) + 20) if w else a
            if b - a - len(w) >= 2:
                sibs.append((a + len(w), b))
                right = 1
        while a < n and t[a] == "、" and right < 10:
            b = self.item_stop(a + 1, a + 20)
            if b > a + 1:
                if b >= n or t[b] != "、":  # the last item, cut at the word that joins it
                    items = split_last_join(t, [(a + 1, b)], joins, joins, self.joins_at)
                    sibs.extend(items)
                    right += len(items)
                    break
                sibs.append((a + 1, b))
            right += 1
            a = b
        return sibs, left, right

    def context_pairs(self, c: Candidate) -> list[str]:
        """The two characters on either side of a candidate, and the classes of those characters
        (on the right, those after a bracketed figure that follows it: ``right``)."""
        t, n = self.t, self.n
        s, e = c.start, self.right(c.end)  # past a bracketed figure after the name
        lk = _kind(t[s - 1]) if s > 0 else "P"
        lk2 = _kind(t[s - 2]) if s >= 2 else "P"
        rk = _kind(t[e]) if e < n else "P"
        rk2 = _kind(t[e + 1]) if e + 1 < n else "P"
        return [f"l2={t[max(0, s - 2) : s]}", f"r2={t[e : e + 2]}", f"lk2={lk2}{lk}", f"rk2={rk}{rk2}", f"lr={lk}{rk}"]

    def name_shape(self, c: Candidate) -> list[str]:
        """How jieba's best cut (its dictionary, no HMM) splits the name part (the whole candidate
        when it has no head), twelve characters at most: how many words, their lengths, their
        tags (1 for a character that is a word, ? for none), how many single characters; and
        whether the cut in context has a boundary at the candidate's start, head and end."""
        lex, t = self.lex, self.t
        s, h, e = c.start, c.head, c.end
        seg = (t[s:h] or t[s:e])[:12]
        ends = lex.cut_ends(seg)
        pieces = [seg[a:b] for a, b in pairwise(ends)]
        tags = [lex.tag(w, "?") if len(w) > 1 else ("1" if lex.freq(w) else "?") for w in pieces]
        singles = sum(1 for w in pieces if len(w) == 1)
        return [  # the kinds of NAME_SHAPE, in its order
            f"nwords={min(len(pieces), 5)}",
            f"shape={'.'.join(str(min(len(w), 4)) for w in pieces[:4])}",
            f"tags={'+'.join(tags[:4])}",
            f"tag0={tags[0] if tags else ''}",
            f"tagz={tags[-1] if tags else ''}",
            f"singles={min(singles, 3)}",
            f"cut={int(self.cuts_at(s))}{int(self.cuts_at(h)) if h < e else '-'}{int(self.cuts_at(e))}",
        ]

    def features(self, c: Candidate, mod: LabelModule) -> list[str]:
        """Every feature of a candidate (what the model is trained on)."""
        return (
            self.shared_features(c, mod)
            + c.feats
            + mod.features(self, c)
            + self.late_shared(c)
            + mod.late_features(self, c)
        )

    # -- decision ------------------------------------------------------------------

    def decide(self, mod: LabelModule, cands: list[Candidate]) -> list[Candidate]:
        label = mod.label.value
        model = self.ex.model
        threshold = self.ex.threshold(label)
        certain: set[int] = set()  # the proposals the rules are sure of
        # the lowest score a list item beside a taken name is taken from (a brand's, when lower)
        list_least = threshold * min(mod.list_floor, mod.name_list_floor or 1.0)
        lowest = list_least if mod.list_floor else threshold  # a list item's score counts too
        if model is None or not self.ex.reads_model(label):
            # the rules alone: a candidate the proposing rule itself would keep
            for c in cands:
                c.score = 1.0 if "rule" in c.feats else 0.0
        else:
            bias = model.labels[label].bias
            # The costly features come last, in stages. A candidate that even the best weights
            # of the stages left could not lift over the threshold is rejected there, without
            # them: the same decisions, and half the candidates never read their dictionary
            # context.
            stages: list[tuple[float, Callable[[Candidate], list[str]]]] = [
                (model.bound(label, LATE_SHARED), self.late_shared)
            ]
            if mod.late:
                stages.append((model.bound(label, mod.late), lambda c: mod.late_features(self, c)))
            total = sum(lift for lift, _ in stages)
            if 0.0 < lowest < 1.0:
                floor = math.log(lowest / (1.0 - lowest)) - 1e-9
            else:
                floor = -math.inf if lowest <= 0.0 else math.inf
            for c in cands:
                sure = mod.sure(self, c)
                if sure:
                    certain.add(id(c))
                if sure and mod.sure_wins:
                    c.score = 1.0
                    continue
                feats = self.shared_features(c, mod) + c.feats + mod.features(self, c)
                z = bias + model.weigh(label, feats)
                left = total
                for lift, late in stages:
                    if not sure and z + left < floor:
                        z += left  # an upper bound of its score, still under the threshold
                        break
                    more = late(c)
                    z += model.weigh(label, more, seen=feats)
                    feats = feats + more
                    left -= lift
                # what the rules are sure of is taken, unless an overlapping proposal is likelier
                # (与某某有限公司 against 某某有限公司)
                c.score = max(_sigmoid(z), threshold) if sure else _sigmoid(z)
                if self.proposed is None:
                    c.feats = []  # read no more once scored, unless kept to tell why
        if mod.mention_pool and self.ex.reads_model(label):
            # the scores under ``lowest`` are bounds from the stages, not scores: none of them counts
            _pool_mentions(self.t, cands, max(mod.mention_pool, lowest), certain)
        chosen = _best(cands, threshold, mod.containers_first)
        if certain and mod.sure_over_short:
            chosen = _sure_over_short([c for c in cands if id(c) in certain], chosen)
        if mod.list_floor and self.ex.reads_model(label):
            chosen += self.list_neighbours(
                cands,
                chosen,
                threshold * mod.list_floor,
                threshold * mod.opening_floor,
                list_least,
            )
        if mod.plain_list_cap and self.ex.reads_model(label):
            chosen = self.plain_lists(cands, chosen, mod.plain_list_cap, certain)
        if mod.agreement_cap and self.ex.reads_model(label):
            chosen = _agreed(self.t, cands, chosen, threshold, mod.agreement_cap, certain)
        return chosen

    def plain_lists(
        self, cands: list[Candidate], chosen: list[Candidate], cap: float, sure: Collection[int] = ()
    ) -> list[Candidate]:
        """``chosen`` less the names its lists read otherwise: a name taken with a score under
        ``cap``, not one the rules are sure of (the ids of ``sure``), that is or opens an item of
        a 、-list with two other items or more, where at least half of those read as common words
        and no proposal of ``cands`` that starts inside one of them scores ``_PLAIN_ITEM``.  A sector
        among sectors (玉石珠宝 of 户外运动、玉石珠宝、国际贸易) or a grain among grains (小米 of
        黄花菜、小米、荞麦) may look like a firm on its own; its list tells what it is.  A list
        of brands (惠友、冠兴、华旺) is not plain, however low its other items score."""
        # where the proposals that score _PLAIN_ITEM or more start
        likely = sorted({c.start for c in cands if c.score >= _PLAIN_ITEM})
        t, plain = self.t, self.lex.plain
        kept = []
        for c in chosen:
            if c.score < cap and id(c) not in sure:
                sibs = self.siblings(c.start, self.item_end(c.start, c.end) or c.end)[0]
                if (
                    len(sibs) >= 2
                    and not any(bisect_left(likely, a) < bisect_left(likely, b) for a, b in sibs)
                    and 2 * sum(plain(t[a:b], _PLAIN_FREQ) for a, b in sibs) >= len(sibs)
                ):
                    continue
            kept.append(c)
        return kept

    def list_neighbours(
        self,
        cands: list[Candidate],
        chosen: list[Candidate],
        floor: float,
        opening: float = 0.0,
        names: float | None = None,
    ) -> list[Candidate]:
        """The items of a list share their label: the proposals in a 、-list (its last item after
        the word that joins it too) next to an item of ``chosen`` that score ``floor`` or more
        (甲、乙、丙 when 甲 won), a whole item of the list before a part of one, each one taken
        letting its neighbours in; a proposal that reads as no common words (a brand: 庆铃 of
        庆铃、上汽红岩、鑫源) from ``names`` (``floor`` when not given); and, where a name of
        ``chosen`` or of those opens an item of a list (甲某某项目、乙某某项目), the proposals that
        open another item of it and score ``opening`` or more (乙)."""
        won = {(c.start, c.end) for c in chosen}
        slots = {sib for c in chosen for sib in self.siblings(c.start, c.end)[0]}
        taken = bytearray(self.n)
        for c in chosen:
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        t = self.t
        extra = []
        least = floor if names is None else min(floor, names)
        for c in sorted(cands, key=lambda c: ((c.start, c.end) not in slots, -c.score)):
            if c.score < least or 1 in taken[c.start : c.end]:
                continue
            if c.score < floor and self.lex.plain(t[c.start : c.end], _PLAIN_FREQ):
                continue
            in_list = t[max(0, c.start - 1) : c.start] == "、" or t[c.end : c.end + 1] == "、"
            if not in_list and self.join_before(c.start) < 0:
                continue
            if any(sib in won for sib in self.siblings(c.start, c.end)[0]):
                extra.append(c)
                won.add((c.start, c.end))
                taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        if opening:
            extra += self.item_openings(cands, chosen + extra, opening, taken)
        return extra

    def item_openings(
        self, cands: list[Candidate], chosen: list[Candidate], floor: float, taken: bytearray
    ) -> list[Candidate]:
        """In a 、-list whose items a name of ``chosen`` opens (甲某某项目、乙某某项目), the proposals
        that open another item without filling it and score ``floor`` or more (乙)."""
        openings: dict[int, int] = {}  # the start of each other item -> its end
        for c in chosen:
            b = self.item_end(c.start, c.end)
            if b:
                for a, e in self.siblings(c.start, b)[0]:
                    openings.setdefault(a, e)
        extra = []
        for c in sorted(cands, key=lambda c: -c.score) if openings else ():
            if c.score < floor or c.end >= openings.get(c.start, 0) or 1 in taken[c.start : c.end]:
                continue
            extra.append(c)
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        return extra

    def item_stop(self, p: int, limit: int, start: int | None = None) -> int:
        """Where a list item that goes on at ``p`` stops: the first mark, closing bracket, 等 closing
        a list (``closes_list``) or the text's end, and ``limit`` at most.  A short bracketed part
        that holds no mark goes with the item after its first characters (丙(北段)、丁: 丙(北段));
        a bracket that holds a mark, closes too late or opens the item (which starts at ``start``,
        ``p`` when not given) ends it (甲(乙、丙))."""
        t, n = self.t, min(self.n, limit)
        first = p if start is None else start  # where the item starts
        while p < n:
            ch = t[p]
            if ch in OPEN:  # a bracketed part of the item (丙(北段)) goes with it; a list's bracket ends it
                k = bracket_close(t, p, n, ITEM_MARKS) if p > first else -1
                if k < 0:
                    break
                p = k + 1
                continue
            if ch in ITEM_EDGE or (ch == LIST_END and self.closes_list(p)):
                break
            p += 1
        return p

    def item_end(self, s: int, e: int) -> int:
        """The end of the 、-list item that ``[s, e)`` opens and does not fill (甲 of 甲某某项目、乙某某项目),
        or 0 when it opens none."""
        t, n = self.t, self.n
        b = self.item_stop(e, s + 20, s)
        if b == e or b - s >= 20:
            return 0
        if (b < n and t[b] == "、") or (s > 0 and t[s - 1] == "、"):
            return b
        return 0

    def candidates(self, mod: LabelModule) -> list[Candidate]:
        """The label's proposals, one per span, with the text's counts of their strings, and
        how often the same string is proposed elsewhere."""
        cands = _dedupe([c for c in mod.propose(self) if 0 <= c.start < c.end <= self.n and mod.admissible(self, c)])
        if not cands:
            return cands
        self.counts((c.start, c.end) for c in cands)
        t = self.t
        spans: dict[str, int] = {}
        bounded: dict[str, int] = {}
        for c in cands:
            key = t[c.start : c.end]
            spans[key] = spans.get(key, 0) + 1
            if c.start == 0 or not is_cjk(t[c.start - 1]) or self.lead_before(c.start):
                bounded[key] = bounded.get(key, 0) + 1
        # within a group of alternatives: which is the longest of those that recur most
        groups: dict[tuple[str, int], list[Candidate]] = {}
        for c in cands:
            if c.group is not None:
                groups.setdefault(c.group, []).append(c)
        for members in groups.values():
            if len(members) < 2:
                continue
            top = max(self.count(t[c.start : c.end]) for c in members)
            best = max((c for c in members if self.count(t[c.start : c.end]) == top), key=lambda c: c.end - c.start)
            if top >= 2:
                best.feats.append("group_recurs_most")
            members.sort(key=lambda c: (c.start, c.end))
            members[0].feats.append("group_first")
            members[-1].feats.append("group_last")
            longest = max(members, key=lambda c: c.end - c.start)
            longest.feats.append("group_longest")
            shortest = min(members, key=lambda c: c.end - c.start)
            shortest.feats.append("group_shortest")
        for c in cands:
            key = t[c.start : c.end]
            c.feats.append(f"rec={bucket(spans[key], (1, 2, 3, 5))}")
            if bounded.get(key, 0) >= 2:
                c.feats.append("bounded_again")
        return cands

    def collect(self, gold: Mapping[str, list[tuple[int, int]]]) -> dict[str, list[tuple[Candidate, list[str]]]]:
        """Every label's candidates with their features, the labels decided before it
        taken from ``gold`` (for training: what the model would see were the earlier
        labels right)."""
        out: dict[str, list[tuple[Candidate, list[str]]]] = {}
        for mod in self.ex.modules:
            label = mod.label.value
            out[label] = [(c, self.features(c, mod)) for c in self.candidates(mod)]
            self.accept(label, [Candidate(a, b, b, "gold") for a, b in gold.get(label, ())])
        return out

    def run(self) -> tuple[Entity, ...]:
        user = self.ex.user_matches(self.norm.text)  # a user's name as written, spaces and all
        for mod in self.ex.modules:
            label = mod.label.value
            cands = self.candidates(mod)
            if self.proposed is not None:
                self.proposed[label] = cands
            chosen = mod.widen(self, self.decide(mod, cands))
            chosen = self.again(mod, chosen)
            chosen = self.unquoted(chosen)
            mine = [u for u in user if u[2] == label]
            if mine:
                taken = [(u[0], u[1]) for u in mine]
                chosen = [c for c in chosen if not any(a < c.end and c.start < b for a, b in taken)]
                chosen += [Candidate(a, b, b, "gazetteer", score=1.0) for a, b, _ in mine]
            chosen, local = self.local(mod, chosen)
            for other in mod.exclusive_with:
                chosen = self.exclusive(other, chosen)
            chosen += local
            self.accept(label, chosen)
            same = self._index[label][2]
            opened: dict[int, int] = {}  # where the names just taken that end at each point open
            for c in self.accepted[label]:
                opened[c.end] = min(opened.get(c.end, c.start), c.start)
            for earlier in self.ex.modules:  # what lies strictly inside a name just taken
                before = kept = self.accepted.get(earlier.label.value, [])
                if label in earlier.never_inside:
                    inside = self.inside_accepted
                    kept = [c for c in kept if (c.start, c.end) in same or not inside(label, c.start, c.end)]
                if label in earlier.never_closing:
                    kept = [c for c in kept if opened.get(c.end, c.start) >= c.start]
                if len(kept) < len(before):
                    self.accept(earlier.label.value, kept)
            del cands, chosen  # freed before the next label proposes: a long text has many
        out = [(c.start, c.end, name, c.source) for name, kept in self.accepted.items() for c in kept]
        original = self.norm.original
        ents = []
        # one string object per name, however often the text names it
        names: dict[str, str] = {}
        for s, e, label, source in out:
            a, b = self.norm.to_original(s), self.norm.to_original(e)
            text = original[a:b]
            text = names.setdefault(text, text)
            name = self.norm.text[s:e]  # not the rules' text: a user's name may hold a space
            if " " in name:  # 年产 5 万吨 as 年产5万吨; Mini LED keeps its space
                name = _BESIDE_CHINESE.sub("", name)
            # one string object where the name is the text as written, and one per rule:
            # a long report holds hundreds of thousands of entities
            name = names.setdefault(name, name)
            ents.append(Entity(a, b, text, Label(label), text if name == text else name, sys.intern(source)))
        ents.sort(key=lambda x: (x.start, x.end, x.label.value))
        return tuple(ents)

    def unquoted(self, chosen: list[Candidate]) -> list[Candidate]:
        """A name that is a whole quotation (“某某”) is the name inside the marks, as the gold
        writes it (126 quoted names of the training windows, none with its marks); a name that
        goes on after the quotation (“三百”工程) keeps them."""
        t = self.t
        out: list[Candidate] = []
        seen = set()
        for c in chosen:
            if c.end - c.start > 3 and t[c.start] in _OPEN_QUOTE and t[c.end - 1] == _OPEN_QUOTE[t[c.start]]:
                inner = t[c.start + 1 : c.end - 1]
                if not any(ch in QUOTES for ch in inner):
                    c = Candidate(
                        c.start + 1,
                        c.end - 1,
                        min(max(c.head, c.start + 1), c.end - 1),
                        c.source,
                        c.feats,
                        score=c.score,
                    )
            if (c.start, c.end) not in seen:
                seen.add((c.start, c.end))
                out.append(c)
        return out

    def local(self, mod: LabelModule, chosen: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
        """``chosen`` less the names of ``mod.local_sources`` and what else it took at their spans,
        and those names: each takes its own span from the labels of ``mod.exclusive_with``
        (dropped there) and leaves the name's other occurrences to ``exclusive``."""
        local = [c for c in chosen if c.source in mod.local_sources]
        if not local:
            return chosen, []
        spans = {(c.start, c.end) for c in local}
        for other in mod.exclusive_with:
            if before := self.accepted.get(other):
                self.accept(other, [c for c in before if (c.start, c.end) not in spans])
        rest = [c for c in chosen if (c.start, c.end) not in spans]
        return rest, list({(c.start, c.end): c for c in local}.values())

    def exclusive(self, other: str, chosen: list[Candidate]) -> list[Candidate]:
        """``chosen`` (of the label being decided) and ``other``'s accepted names (a label decided
        before it), settled name by name where the two took the same span: the label that took
        more of the other items of the 、-lists the name stands in (``list_votes``), or else the
        label whose best score for that name in the text is higher, takes every occurrence of the
        name that either took (one name, one meaning in a text), the other none.  A user's gazetteer entry outranks
        every score and is never given up; where the two rank the same (both a user's, or both
        sure, as every name is with the rules alone), both keep what they took."""
        before = self.accepted.get(other)
        if not before:
            return chosen
        t = self.t
        both = {t[a:b] for a, b in {(c.start, c.end) for c in chosen} & {(c.start, c.end) for c in before}}
        if not both:
            return chosen

        def rank(cands: list[Candidate]) -> dict[str, tuple[bool, float, str]]:
            top: dict[str, tuple[bool, float, str]] = {}
            for c in cands:
                name = t[c.start : c.end]
                if name in both:
                    top[name] = max(top.get(name, (False, 0.0, "")), (c.source == "gazetteer", c.score, c.source))
            return top

        mine, rival = rank(chosen), rank(before)
        votes = self.list_votes(both, chosen, before)
        for name, vote in votes.items():  # a list names one kind of thing: its other items decide
            # between two scores, not over a user's name, nor where both are as sure
            if vote and not (mine[name][0] or rival[name][0]) and mine[name][:2] != rival[name][:2]:
                mine[name] = (False, float(vote > 0), mine[name][2])
                rival[name] = (False, float(vote < 0), rival[name][2])
        won = {name: mine[name][2] for name in both if mine[name][:2] > rival[name][:2]}
        lost = {name: rival[name][2] for name in both if mine[name][:2] < rival[name][:2]}
        keep_mine = [c for c in chosen if t[c.start : c.end] not in lost]
        keep_theirs = [c for c in before if t[c.start : c.end] not in won]
        keep_mine += _taken_over(t, keep_mine, [c for c in before if t[c.start : c.end] in won], won)
        keep_theirs += _taken_over(t, keep_theirs, [c for c in chosen if t[c.start : c.end] in lost], lost)
        self.accept(other, keep_theirs)
        return keep_mine

    def list_votes(self, names: set[str], mine: list[Candidate], theirs: list[Candidate]) -> dict[str, int]:
        """For each of ``names``, taken by two labels, how many more of the other items of the
        、-lists it stands in hold a name only ``mine`` took than a name only ``theirs`` took
        (沅江 among 湘江、资江 and 澧水 is a river, 晋江 among 泉州 and 莆田 a city)."""
        t = self.t

        def holders(cands: list[Candidate]) -> tuple[set[int], set[int]]:
            return {c.start for c in cands}, {c.end for c in cands}

        m_starts, m_ends = holders(mine)
        o_starts, o_ends = holders(theirs)
        votes: dict[str, int] = {}
        seen: set[tuple[int, int]] = set()
        for c in mine + theirs:
            name = t[c.start : c.end]
            if name not in names or (c.start, c.end) in seen:
                continue
            seen.add((c.start, c.end))
            if not ((c.start and t[c.start - 1] == "、") or (c.end < self.n and t[c.end] == "、")):
                continue
            vote = votes.get(name, 0)
            for a, b in self.siblings(c.start, c.end)[0]:
                # an item holds a name when one opens or closes it (推进湘江 closes with 湘江)
                m = a in m_starts or b in m_ends
                o = a in o_starts or b in o_ends
                vote += m - o
            votes[name] = vote
        return votes

    def again(self, mod: LabelModule, chosen: list[Candidate]) -> list[Candidate]:
        """Find again, at word boundaries, the names of a recurring label that won (companies, water)."""
        if not getattr(mod, "recurs", False) or not chosen:
            return chosen
        sure = [c for c in chosen if c.score >= _RECUR and c.end - c.start >= 2]
        names = {self.t[c.start : c.end] for c in sure}
        names |= {n for c in sure for n in mod.short_forms(self, c)}  # type: ignore[attr-defined]
        if not names:
            return chosen
        taken = bytearray(self.n)
        for c in chosen:
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        extra = []
        for s, e, _ in Matcher({n: n for n in names}).find(self.t):
            if 1 in taken[s:e] or not mod.recurrence_ok(self, s, e):  # type: ignore[attr-defined]
                continue
            taken[s:e] = b"\x01" * (e - s)
            extra.append(Candidate(s, e, e, f"again:{mod.rule_file}", score=0.5))
        return chosen + extra


def _taken_over(t: str, mine: list[Candidate], given: list[Candidate], source: dict[str, str]) -> list[Candidate]:
    """The spans of ``given`` that overlap none of ``mine``, as candidates of the label of
    ``mine``, each with the source of that label's best proposal of its name (``source``)."""
    taken = bytearray(len(t))
    for c in mine:
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    out = []
    for c in given:
        if 1 in taken[c.start : c.end]:
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        out.append(Candidate(c.start, c.end, c.end, source[t[c.start : c.end]], score=c.score))
    return out


def _pool_mentions(t: str, cands: list[Candidate], least: float, skip: Collection[int] = ()) -> None:
    """Raise the score of each proposal of a name proposed at two places or more to the
    likelihood that one of them at least is the label's, their scores read as independent
    evidence (1 - (1 - p1)(1 - p2)...): a firm the text names five times in the slots of firms
    (甲二期, 甲地块, 甲、乙等企业), each too weakly alone.  Only proposals scoring ``least`` or
    more count and are raised, and none of ``skip`` (the ids of those the rules are sure of)."""
    by_name: dict[str, list[Candidate]] = {}
    for c in cands:
        if c.score >= least and id(c) not in skip:
            by_name.setdefault(t[c.start : c.end], []).append(c)
    for same in by_name.values():
        if len(same) < 2:
            continue
        pooled = 1.0 - math.prod(1.0 - c.score for c in same)
        for c in same:
            c.score = max(c.score, pooled)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per span: the first proposal, with the features of all of them."""
    by_span: dict[tuple[int, int], Candidate] = {}
    for c in cands:
        prev = by_span.get((c.start, c.end))
        if prev is None:
            by_span[(c.start, c.end)] = c
        else:
            prev.feats.extend(f for f in c.feats if f not in prev.feats)
            if prev.head != c.head:
                prev.head = max(prev.head, c.head)
    return list(by_span.values())


def _filled(d: Candidate, inside: list[Candidate]) -> bool:
    """Whether candidates of ``inside`` (all within ``d``) follow one another from its start to its end."""
    ends = {d.start}
    for c in inside:  # in order of their starts
        if c.start in ends:
            ends.add(c.end)
    return d.end in ends


def _agreed(
    t: str,
    cands: list[Candidate],
    chosen: list[Candidate],
    threshold: float,
    cap: float,
    sure: Collection[int] = (),
) -> list[Candidate]:
    """``chosen`` less the names that the rest of text ``t`` reads otherwise: a name taken with a
    score under ``cap`` whose proposals (``cands``, the best score at each place the same string
    is proposed) stand at two places or more and average under ``threshold``. A sector written
    four times (康养食品) may be taken once where its context looks like a firm's; the other three
    readings outvote that one, where a firm's name the model is sure of somewhere is kept, and so
    is what the rules are sure of (the ids of ``sure``). A proposal that the staged decision
    rejected early counts with the upper bound of its score, so the mean errs towards keeping
    the name."""
    best: dict[str, dict[int, float]] = {}
    for c in cands:
        at = best.setdefault(t[c.start : c.end], {})
        if c.score > at.get(c.start, -1.0):
            at[c.start] = c.score
    kept = []
    for c in chosen:
        at = best.get(t[c.start : c.end], {})
        if c.score < cap and id(c) not in sure and len(at) >= 2 and sum(at.values()) < threshold * len(at):
            continue
        kept.append(c)
    return kept


def _sure_over_short(sure: list[Candidate], chosen: list[Candidate]) -> list[Candidate]:
    """``chosen``, where a proposal of ``sure`` that was not chosen overlaps one chosen proposal
    only, which starts where it starts and ends inside it: it takes that one's place."""
    taken = {id(c) for c in chosen}
    for c in sure:
        if id(c) in taken:
            continue
        over = [x for x in chosen if x.start < c.end and c.start < x.end]
        if len(over) == 1 and over[0].start == c.start and over[0].end < c.end:
            chosen = [x for x in chosen if x is not over[0]] + [c]
            taken = (taken - {id(over[0])}) | {id(c)}
    return chosen


def _best(cands: list[Candidate], threshold: float, containers_first: bool = False) -> list[Candidate]:
    """The candidates at or above ``threshold`` that win against every overlapping better one;
    with ``containers_first``, a candidate at or above the threshold inside a longer one that
    is too ranks after every other passing one (海南 inside 海南自由贸易港 when both pass), unless
    passing candidates fill the longer one end to end (保定市 and 清苑区 in 保定市清苑区)."""
    chosen = []
    occupied: set[int] = set()
    inner: set[int] = set()
    if containers_first:
        over = sorted((c for c in cands if c.score >= threshold), key=lambda c: (c.start, -c.end))
        for i, d in enumerate(over):
            inside = []
            for c in over[i + 1 :]:
                if c.start >= d.end:
                    break
                if c.end <= d.end:
                    inside.append(c)
            if inside and not _filled(d, inside):
                inner.update(id(c) for c in inside)
    for c in sorted(cands, key=lambda c: (c.score < threshold, id(c) in inner, -c.score, -(c.end - c.start), c.start)):
        if c.score < threshold:
            break
        if any(i in occupied for i in range(c.start, c.end)):
            continue
        chosen.append(c)
        occupied.update(range(c.start, c.end))
    return chosen


class EntityExtractor:
    """Finds COMPANY, PROJECT, WATER and PLACE entities; build once, reuse for every report.

    ``gazetteer`` adds names the rules cannot see, by label
    (``{"COMPANY": ["某某科技"]}``); they win over everything they overlap.
    ``rules_only`` decides by the rules alone, without the shipped model (for
    comparison; see docs/accuracy.md).

    >>> ex = EntityExtractor(gazetteer={"COMPANY": ["蓝鲸"]})
    >>> [(e.text, e.label.value, e.rule) for e in ex.extract("走访蓝鲸并座谈")]
    [('蓝鲸', 'COMPANY', 'gazetteer')]
    """

    def __init__(
        self,
        gazetteer: Mapping[str, Iterable[str]] | None = None,
        *,
        model: Model | None = None,
        rules_only: bool = False,
    ) -> None:
        labels = {m.label.value for m in modules()}
        user: dict[str, list[str]] = {}
        for key, names in (gazetteer or {}).items():
            label = key.value if isinstance(key, Label) else key
            if label not in labels:
                raise ValueError(f"gazetteer label must be one of {sorted(labels)}, got {key!r}")
            if isinstance(names, str) or not isinstance(names, Iterable):
                raise TypeError(f"gazetteer[{key!r}] must be a list of names, got {type(names).__name__}")
            for name in names:
                if not isinstance(name, str):
                    raise TypeError(f"gazetteer[{key!r}] must hold names (str), got {type(name).__name__} {name!r}")
                if all(ch.isspace() or unicodedata.category(ch) in _BLANK for ch in name):
                    raise ValueError(f"gazetteer[{key!r}] must hold names that are not blank, got {name!r}")
                given = user.setdefault(normalize(name.strip()).text, [])
                if label not in given:  # a name given twice is one entry
                    given.append(label)
        self._user = Matcher(user) if user else None
        self.shared = shared_rules()
        self.modules = modules()
        self.model = model if model is not None else load_model()
        self.rules_only = rules_only

    def reads_model(self, label: str) -> bool:
        """Whether the model decides ``label`` (else the rules alone do)."""
        return self.model is not None and not self.rules_only and label in self.model.labels

    def threshold(self, label: str) -> float:
        """The score a proposal of ``label`` needs to be taken: the model's threshold, or 0.5
        where the rules alone decide (they score what they would keep 1, the rest 0)."""
        return self.model.labels[label].threshold if self.model is not None and self.reads_model(label) else 0.5

    def user_matches(self, t: str) -> list[tuple[int, int, str]]:
        if self._user is None:
            return []
        out: list[tuple[int, int, str]] = []
        best: dict[int, tuple[int, list[str]]] = {}
        for s, e, labels in self._user.find(t):
            if s not in best or e > best[s][0]:
                best[s] = (e, labels)
        last = -1
        for s in sorted(best):
            e, labels = best[s]
            if s < last:
                continue
            out.extend((s, e, label) for label in labels)
            last = e
        return out

    def extract(self, norm: Normalized | str) -> tuple[Entity, ...]:
        """The entities of a text (or of a ``Normalized`` text), sorted by offset."""
        if isinstance(norm, str):
            norm = normalize(norm)
        if not isinstance(norm, Normalized):
            raise TypeError(f"extract needs a str or Normalized, got {type(norm).__name__}")
        if not norm.text:
            return ()
        # a text wrapped into lines (out of a PDF) is read with the wraps taken out, and each
        # entity spans the caller's text, breaks inside it included
        return wrapping.read(norm, self._extract)

    def _extract(self, norm: Normalized) -> tuple[Entity, ...]:
        out: list[Entity] = []
        for a, run in self._runs(norm):
            ents = run.run()
            if not a:
                out.extend(ents)
                continue
            for e in ents:
                out.append(Entity(e.start + a, e.end + a, e.text, e.label, e.name, e.rule))
        return tuple(out)

    def _runs(self, norm: Normalized, *, keep: bool = False) -> Iterator[tuple[int, Run]]:
        """The runs that read ``norm`` (not yet run), each with the offset of its piece: one
        run, or for a very long text one per piece, cut at line or sentence ends, so that
        memory stays bounded (a name's recurrence and counts are then those of its piece).
        ``keep`` keeps each label's scored proposals in ``Run.proposed``."""
        if len(norm.text) <= CHUNK:
            yield 0, Run(self, norm, keep=keep)
            return
        for a, b in _pieces(norm.text, CHUNK):
            yield a, Run(self, Normalized(norm.original[a:b], norm.text[a:b]), keep=keep)


# Spaces that stand between words, not inside a run of letters and digits (Mini LED) or
# between a number and a word (年产 5 万吨): the cells of a table or a list written with
# spaces (甲项目 乙公司, | 甲公司 |), a title and a name (县长 某某)
_SPACES = re.compile(r"(?<![A-Za-z0-9]) +(?![A-Za-z0-9])")
# a space beside a Chinese character, which a name leaves out (a typesetter's space)
_BESIDE_CHINESE = re.compile(f"(?<=[{CJK}]) +| +(?=[{CJK}])")


_OPEN_QUOTE = {"“": "”", "「": "」", "『": "』", "《": "》"}


def separated(text: str) -> str:
    """``text`` with the spaces that separate words (``_SPACES``) written as tabs, which end
    a name as a line end does; the same length, so every offset stays.  A name written with
    such a space (某某 科技集团, 西门子 (中国) 有限公司) is cut there.

    >>> separated("| 1 | 恒远化工有限公司 | 年产 5 万吨项目 | Mini LED |").replace(chr(9), "_")
    '| 1 |_恒远化工有限公司_|_年产 5 万吨项目_| Mini LED |'
    """
    return _SPACES.sub(lambda m: "\t" * len(m.group()), text)


# a full stop written as a half-width point after a Chinese character (完工.某某公司, 见效.1-9月):
# a decimal point or the point of a numbered item follows a digit (1.5亿元, 1.项目)
_POINT_STOP = re.compile(f"(?<=[{CJK}])\\.")


def rules_text(text: str) -> str:
    """The text the rules read: ``text`` with the spaces that separate words written as tabs
    (:func:`separated`) and a half-width point that ends a sentence after a Chinese character
    (web text written in half-width marks) written as ``。``; the same length, so every offset
    stays.

    >>> rules_text("主体完工.某某电气公司投产,产值1.5亿元.")
    '主体完工。某某电气公司投产,产值1.5亿元。'
    """
    if " " in text:
        text = separated(text)
    return _POINT_STOP.sub("。", text) if "." in text else text


def _pieces(text: str, size: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces of about ``size`` characters, cut after a line
    end or a sentence end where there is one in the piece's last quarter."""
    a, n = 0, len(text)
    while a < n:
        b = min(n, a + size)
        if b < n:
            cut = max(text.rfind("\n", a + size * 3 // 4, b), text.rfind("。", a + size * 3 // 4, b))
            if cut > a:
                b = cut + 1
        yield a, b
        a = b


@once
def default_extractor() -> EntityExtractor:
    """The extractor with the package's rules and model and no user gazetteer, built once."""
    return EntityExtractor()


def extract_entities(norm: Normalized, gazetteer: Mapping[str, Iterable[str]] | None = None) -> tuple[Entity, ...]:
    """The entities of ``norm``, sorted by offset; ``gazetteer`` adds names by label."""
    if gazetteer:
        with BUILD_LOCK:  # threads that bring the same gazetteer at once build one extractor
            ex = _extractor_for(tuple((k, tuple(v)) for k, v in gazetteer.items()))
        return ex.extract(norm)
    return default_extractor().extract(norm)


@lru_cache(maxsize=16)
def _extractor_for(gazetteer: tuple[tuple[str, tuple[str, ...]], ...]) -> EntityExtractor:
    return EntityExtractor(gazetteer=dict(gazetteer))
