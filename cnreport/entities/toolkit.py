"""What every label module shares: character classes, word matching, the
dictionary, walking back to where a name starts, lists and brackets.

Everything here works on the *normalised* text (``normalize.py``), where
``，`` is ``,`` and ``（`` is ``(``; offsets are the same as in the caller's text.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..lazy import once
from ..segment import cache_dir
from ..wordtable import write_cache_file

if TYPE_CHECKING:
    from ..wordtable import WordTable

__all__ = [
    "CLOSE",
    "HARD",
    "LIST_END",
    "MASK",
    "NAME_SHAPE",
    "OPEN",
    "QUOTES",
    "SOFT",
    "Candidate",
    "Lexicon",
    "Matcher",
    "all_cjk",
    "bracket_close",
    "bracket_open",
    "bucket",
    "clause_start",
    "is_cjk",
    "lexicon",
    "list_items_before",
    "past_note",
]

# what ends a clause: a name never runs over these
HARD = frozenset('。;:!?\n\r\t“”"《》〈〉【】[]「」『』|…')
# list separators and commas: a name never runs over these either
SOFT = frozenset("、,")
OPEN = frozenset("(")
CLOSE = frozenset(")")
QUOTES = frozenset("“”\"‘’'「」『』《》")
# characters standing for a masked part of a name (xx公司, 某某科技)
MASK = frozenset("xX*×○某")
# the particle that closes a list (甲、乙等5家企业): grammar, like the marks above
LIST_END = "等"


# jieba's tags of names: a common word with one of them may still close a name (黄河, 湖南),
# and a one-character lead-in word that closes one is part of it (华为, 美的)
NAME_TAGS = frozenset({"ns", "nr", "nrt", "nz", "nt", "nrfg"})


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def all_cjk(s: str) -> bool:
    return bool(s) and all("\u4e00" <= c <= "\u9fff" for c in s)


# the size classes of the corpus statistic (in how many training reports a string occurs)
CORPUS_BUCKETS = (0, 1, 2, 4, 8)


def bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 3, 4, 6, 9, 14)) -> str:
    """A coarse size class of ``n`` for a feature name: the largest edge not above ``n``."""
    out = edges[0]
    for e in edges:
        if n >= e:
            out = e
    return str(out)


@dataclass(slots=True)
class Candidate:
    """A span some rule proposes for a label; the model decides whether it is one.

    ``head`` is where the word that closed the name starts (its suffix or head
    word); ``source`` names the proposing rule (``companies.toml:head:科技``,
    ``list:companies.toml:list_cue:1``, ``gazetteer``); ``feats`` are the
    features of the proposing rule, added to the shared ones; ``group`` ties
    together the alternatives one rule offers at one place (the starts of one
    head, the lengths of one opening), of which one at most is right.
    """

    start: int
    end: int
    head: int
    source: str
    feats: list[str] = field(default_factory=list)
    score: float = 0.0
    group: tuple[str, int] | None = None  # the candidates one rule offers at one place (starts of one head)


# the kinds of feature ``Run.name_shape`` gives, one of each per candidate
NAME_SHAPE = ("nwords", "shape", "tags", "tag0", "tagz", "singles", "cut")


class Matcher:
    """All occurrences of many words in a text, through an Aho-Corasick automaton.

    ``values`` maps each word to what a match carries (a head class, a label).
    Building is one pass over the words; matching one pass over the text.  With
    ``keep=True`` (the shipped gazetteers: tens of thousands of words, a tenth of a
    second to build) the automaton is kept in ``segment.cache_dir()`` under a digest
    of the words and their values, and later processes load it in a fifth of the time.
    """

    __slots__ = ("_auto", "size")

    def __init__(self, values: dict[str, Any], *, keep: bool = False) -> None:
        import ahocorasick

        folder = cache_dir() if keep else None
        path = folder / f"automaton-{_digest(values)}.pickle" if folder is not None else None
        auto = _load_automaton(path, ahocorasick.Automaton) if path is not None else None
        if auto is None:
            auto = ahocorasick.Automaton()
            for word, value in values.items():
                if word:
                    auto.add_word(word, (len(word), value))
            if len(auto):
                auto.make_automaton()
            if path is not None:
                write_cache_file(path, lambda f: pickle.dump(auto, f, protocol=pickle.HIGHEST_PROTOCOL))
        self.size = len(auto)
        self._auto = auto

    def find(self, text: str) -> Iterator[tuple[int, int, Any]]:
        """``(start, end, value)`` of every occurrence, overlapping ones included, by end."""
        if not self.size:
            return
        for last, (n, value) in self._auto.iter(text):
            yield last + 1 - n, last + 1, value


# the format of a kept automaton: a new one when its contents or pyahocorasick's pickles change
_AUTOMATON_FORMAT = 1


def _digest(values: dict[str, Any]) -> str:
    """A digest of the words, their values (in order) and the automaton library's version."""
    try:
        version = metadata.version("pyahocorasick")
    except metadata.PackageNotFoundError:
        version = "?"
    data = f"{_AUTOMATON_FORMAT}\x00{version}\x00{values!r}"  # insertion order is kept: the same dict, the same text
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _load_automaton(path: Path, kind: type) -> Any:
    """The kept automaton at ``path``, or None when it is missing or damaged (then it is built again).
    The file sits in this user's private cache directory, which only this user can write."""
    try:
        with open(path, "rb") as f:
            auto = pickle.load(f)
    except (OSError, EOFError, ValueError, TypeError, AttributeError, pickle.UnpicklingError):
        return None
    return auto if isinstance(auto, kind) else None


class Lexicon:
    """jieba's dictionary as facts about words: how frequent, what part of speech.

    Used for features around a candidate (the word before it, the word it
    opens with, whether its name is a common word), never as the matcher.
    ``freq(w)`` is jieba's frequency (0 for no word), ``tag(w, default)`` its
    part of speech, ``cut_ends(text)`` the boundaries of jieba's best cut
    (its dictionary, no HMM): all read from ``cnreport.wordtable``.
    """

    __slots__ = ("cut_ends", "cuts_at", "freq", "tag")

    def __init__(self, table: WordTable) -> None:
        self.freq = table.freq
        self.tag = table.tag
        self.cut_ends = table.cut_ends
        self.cuts_at = table.cuts_at

    def is_word(self, w: str) -> bool:
        return self.freq(w) > 0

    def word_before(self, t: str, s: int, lo: int = 0) -> str:
        """The longest dictionary word (2 to 4 characters) that ends at ``s``, or the character before."""
        freq = self.freq
        for k in (4, 3, 2):
            if s - k >= lo and freq(t[s - k : s]):
                return t[s - k : s]
        return t[s - 1] if s > lo else ""

    def word_at(self, t: str, s: int, hi: int) -> str:
        """The longest dictionary word (2 to 4 characters) that starts at ``s``, not past ``hi``."""
        freq = self.freq
        for k in (4, 3, 2):
            if s + k <= hi and freq(t[s : s + k]):
                return t[s : s + k]
        return t[s] if s < hi else ""

    def plain(self, s: str, min_freq: int) -> bool:
        """Whether ``s`` reads end to end as dictionary words, the longest first: words of three
        or four characters, and of two that are at least ``min_freq`` frequent (户外运动, 玉石珠宝;
        not 惠友 nor 庆铃, whose two characters are no common word)."""
        freq = self.freq
        i, n = 0, len(s)
        while i < n:
            for k in (4, 3, 2):
                if i + k <= n and (freq(s[i : i + k]) >= min_freq or (k > 2 and freq(s[i : i + k]))):
                    i += k
                    break
            else:
                return False
        return n > 0

    def crosses(self, t: str, s: int, min_freq: int) -> bool:
        """Whether a common word (at least ``min_freq`` frequent) runs over the boundary at ``s``."""
        freq = self.freq
        for a in (s - 1, s - 2, s - 3):
            if a < 0:
                break
            for b in (s + 1, s + 2, s + 3):
                if b - a > 4 or b > len(t):
                    continue
                if freq(t[a:b]) >= min_freq:
                    return True
        return False

    def common_words(self, s: str, min_freq: int) -> int:
        """How many common words of two or more characters a left-to-right longest match finds in ``s``."""
        freq = self.freq
        i, n, count = 0, len(s), 0
        while i < n:
            for k in (4, 3, 2):
                if i + k <= n and freq(s[i : i + k]) >= min_freq:
                    count += 1
                    i += k
                    break
            else:
                i += 1
        return count


@once
def lexicon() -> Lexicon:
    """jieba's dictionary of the library (with the quantity lexicon) and jieba's tags (loaded once)."""
    from ..segment import word_table

    return Lexicon(word_table())


def bracket_open(t: str, close: int, lo: int, marks: frozenset[str] = HARD) -> int:
    """Where the short bracketed part whose ``)`` stands at ``close`` opens (锦川电子(柳湾)有限公司:
    the ``(`` before 柳湾): the nearest ``(``, thirty characters long at most with both brackets
    and not before ``lo``; -1 when there is none or one of ``marks`` stands between."""
    j = t.rfind("(", max(0, lo, close - 29), close)
    return j if j >= 0 and not any(x in marks for x in t[j + 1 : close]) else -1


def bracket_close(t: str, open_: int, hi: int, marks: frozenset[str] = HARD) -> int:
    """Where the short bracketed part whose ``(`` stands at ``open_`` closes: the nearest ``)``,
    thirty characters long at most with both brackets and before ``hi``; -1 when there is none
    or one of ``marks`` stands between."""
    k = t.find(")", open_ + 1, min(hi, open_ + 30))
    return k if k >= 0 and not any(x in marks for x in t[open_ + 1 : k]) else -1


def clause_start(t: str, end: int, limit: int, *, stop: Iterable[str] = ()) -> int:
    """Where the clause ending at ``end`` starts, at most ``limit`` characters back.

    The walk stops after a hard or soft punctuation mark, an opening bracket or a
    character of ``stop``, and steps over a short bracketed part (锦川电子(柳湾)有限公司)
    and a short quoted part inside a name (中心镇“六大提升”工程, “气代煤”改造工程).
    """
    stops = frozenset(stop)
    lo = max(0, end - limit)
    i = end
    while i > lo:
        c = t[i - 1]
        if c in CLOSE:
            j = bracket_open(t, i - 1, lo)
            if j < 0:
                break
            i = j
            continue
        if c == "”":  # a quoted part of a name
            j = t.rfind("“", max(lo, i - 14), i - 1)
            if j < 0 or i - j < 4 or any(x in HARD or x in SOFT for x in t[j + 1 : i - 1]):
                break
            i = j
            continue
        if c in HARD or c in SOFT or c in OPEN or c in stops:
            break
        i -= 1
    return i


def list_items_before(t: str, end: int, *, max_items: int = 30, max_len: int = 40) -> list[tuple[int, int]]:
    """The items of a 、-list that ends at ``end`` (after any 等), last item first.

    The first item of the list runs back to the clause start; callers decide
    where inside it the name starts.
    """
    out: list[tuple[int, int]] = []
    e = end
    if e > 0 and t[e - 1] == LIST_END:
        e -= 1
    while e > 0 and len(out) < max_items:
        j = clause_start(t, e, max_len)
        out.append((j, e))
        if j > 0 and t[j - 1] == "、":
            e = j - 1
            continue
        break
    return out


def bracket_items(t: str, start: int, reach: int = 200) -> list[tuple[int, int]]:
    """The items of a bracketed 、-list that opens at ``start`` (right after its opening bracket:
    项目3个(甲、乙、丙等)), first item first, the 等 that closes the list left out; none where
    no closing bracket stands within ``reach`` characters or a hard mark comes before it.  After
    a colon (项目3个:甲、乙、丙,协议投资), the list runs to the next comma or hard mark."""
    if start > 0 and t[start - 1] == ":":
        close = next((i for i in range(start, min(len(t), start + reach)) if t[i] in HARD or t[i] == ","), -1)
        if close < 0:
            return []
    else:
        close = t.find(")", start, start + reach)
        if close < 0 or any(c in HARD for c in t[start:close]):
            return []
    items = []
    s = start
    for i in range(start, close + 1):
        if i == close or t[i] == "、":
            e = i - 1 if t[i - 1 : i] == LIST_END else i
            if e > s:
                items.append((s, e))
            s = i + 1
    return items


def split_last_join(
    t: str,
    items: list[tuple[int, int]],
    joins: tuple[str, ...],
    lone: tuple[str, ...] = (),
    word_at: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int]]:
    """``items`` (last item first, as ``list_items_before`` gives them) with the last item cut
    at a word that joins a list's last two items (甲、乙和丙: 乙, 丙), where two characters or
    more stand on either side; a word inside a name (和远气体) has fewer before it, and with
    ``word_at`` (whether ``t[j:k]`` is a word of its own: ``Run.joins_at``) a join inside a
    word is none (甲、远图和平科技: 和平).  A list of one item is cut only at one of ``lone``
    (甲和乙2家企业, not 与某某等企业)."""
    if len(items) == 1:
        joins = lone
    if not items or not joins:
        return items
    s, e = items[0]
    for j in range(e - 3, s + 1, -1):
        w = next((w for w in joins if t.startswith(w, j)), None)
        if w is None:
            continue
        for longer in joins:  # the whole join that ends where this one does (以及, not 及)
            k = j + len(w) - len(longer)
            if len(longer) > len(w) and k >= s and t.startswith(longer, k):
                j, w = k, longer
        if j - s >= 2 and j + len(w) <= e - 2 and (word_at is None or word_at(j, j + len(w))):
            return [(j + len(w), e), (s, j), *items[1:]]
    return items


@dataclass(frozen=True, slots=True)
class SharedRules:
    """The rules every label reads (``rules/entities.toml``)."""

    leads: Matcher
    lead_words: frozenset[str]
    long_leads: tuple[str, ...]  # the lead-in words of two characters or more

    def list_items(self, t: str, end: int, word_at: Callable[[int, int], bool] | None = None) -> list[tuple[int, int]]:
        """The items of the 、-list that ends at ``end``, last item first, the last one cut at
        the word that joins it (``list_items_before``, ``split_last_join``, with ``word_at``)."""
        return split_last_join(t, list_items_before(t, end), self.list_joins, self.lone_joins, word_at)

    def opens_with_lead(self, name: str) -> bool:
        """Whether ``name`` opens with a lead-in word of two characters or more and goes on after it."""
        words = self.lead_words
        return any(len(name) > k and name[:k] in words for k in (2, 3, 4))

    build_words: Matcher  # the words that present works as being built (开工, 建成, 签约)
    examples: tuple[Any, ...]
    conjunctions: frozenset[str] = frozenset()  # the lead-in words of class "conjunction" (和, 与)
    list_joins: tuple[str, ...] = ()  # the words that join the last item of a list (甲、乙和丙)
    lone_joins: tuple[str, ...] = ()  # those that join two names with no list before them (甲和乙)
    join_ends: frozenset[str] = frozenset()  # the last characters of ``list_joins``
    enumeration: re.Pattern[str] | None = None  # an enumeration mark before a name (一是, 1., (一))
    count: re.Pattern[str] | None = None  # a count (两座, 13个) or a pointer (该): HeadLabel.counted
    note: re.Pattern[str] | None = None  # a bracketed figure after a name (（总投资2亿元）): Run.right


def past_note(t: str, e: int) -> int:
    """Where what follows a name that ends at ``e`` in ``t`` starts: past a bracketed figure right
    after it, a note on the name (某某项目（总投资2亿元）|已开工建设: ``[[note]]`` of
    ``rules/entities.toml``), else ``e``.  A bracket that is part of a name ((一期), (S604)) holds
    no such figure."""
    if e >= len(t) or t[e] != "(":
        return e
    note = shared_rules().note
    m = note.match(t, e) if note is not None else None
    return m.end() if m else e


@once
def shared_rules() -> SharedRules:
    from ..loader import Example, RuleError, rule_files
    from .registry import Table, pattern_union, read_table, words_of

    tables = (
        Table("lead_in", ("words",), ("class",)),
        Table("build_cue", ("words",)),
        Table("list_join", ("words",), ("class",)),
        Table("enumeration", ("pattern",), ("id",)),
        Table("count", ("pattern",), ("id",)),
        Table("note", ("pattern",), ("id",)),
    )
    names = sorted(t.name for t in tables)
    for source, data in rule_files("entities.toml"):
        for key in data:
            if key not in names:
                raise RuleError(f"{source}: unknown table [[{key}]] (this file takes {', '.join(names)})")
    exs: list[Example] = []

    def classes(table: Table, default: str) -> dict[str, str]:
        """Each word of ``table`` with its entry's class (``default`` where none is given)."""
        entries = read_table("entities.toml", table, exs)
        return {w: str(e.get("class", default)) for _at, e in entries for w in e["words"]}

    leads = classes(tables[0], "lead")
    cues = words_of("entities.toml", tables[1], exs)
    join_class = classes(tables[2], "join")
    joins = tuple(sorted(join_class, key=len, reverse=True))  # the longest first (以及 before 及)
    lone = tuple(w for w, cls in join_class.items() if cls != "preposition")
    enumeration = pattern_union("entities.toml", tables[3], exs)
    count = pattern_union("entities.toml", tables[4], exs)
    note = pattern_union("entities.toml", tables[5], exs)
    long = tuple(w for w in leads if len(w) >= 2)
    conjunctions = frozenset(w for w, cls in leads.items() if cls == "conjunction")
    return SharedRules(
        Matcher(leads),
        frozenset(leads),
        long,
        Matcher({w: w for w in cues}),
        tuple(exs),
        conjunctions,
        joins,
        lone,
        frozenset(w[-1] for w in joins),
        enumeration,
        count,
        note,
    )
