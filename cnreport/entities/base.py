"""What label modules whose names close with a head word share: reading the
``[[head]]``, ``[[name]]``, ``[[generic]]`` and ``[[not_after]]`` tables, and
proposing a candidate at every plausible start before each head."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar

from ..lazy import once
from ..loader import name_words
from .registry import HeadRule, LabelModule, Table, heads_of, words_of
from .toolkit import NAME_TAGS, Candidate, Matcher, all_cjk

if TYPE_CHECKING:
    from .core import Run

__all__ = [
    "GENERIC",
    "HEAD",
    "NAME",
    "NOT_AFTER",
    "HeadLabel",
    "Names",
    "brand_names",
    "data_gazetteer",
    "pattern_table",
    "relative",
]

# the tables most label files share, with their schema
# ``gazetteer``: the entry's words are a shipped list's (``entities/data/<name>.tsv``), in place of ``words``
HEAD = Table("head", (), ("words", "gazetteer", "class", "min_name", "max_name"))
# ``then``: the entry's names are each word followed by each of these (皖 + 北: 皖北), not the
# words alone
NAME = Table("name", ("words",), ("class", "then"))
GENERIC = Table("generic", ("words",))
NOT_AFTER = Table("not_after", ("words",), ("heads_only",))
# places.toml's one-character names of the provinces, which the companies' rules read too
ABBREVIATION = Table("abbreviation", ("words",))


def pattern_table(name: str) -> Table:
    """A table of regular expressions, each with an optional id."""
    return Table(name, ("pattern",), ("id",))


def relative(rel: int) -> str:
    """A feature for how far a start lies from where the rules alone start the name."""
    if rel == 0:
        return "rel=0"
    side = "L" if rel < 0 else "R"
    return f"rel={side}{min(abs(rel), 3)}"


@once
def data_gazetteer(name: str) -> dict[str, str]:
    """A shipped gazetteer (``entities/data/<name>.tsv``): name -> class."""
    f = resources.files("cnreport.entities") / "data" / f"{name}.tsv"
    out: dict[str, str] = {}
    for line in f.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, cls = line.partition("\t")
            out[key] = cls or name
    return out


class Names:
    """A large set of names held compactly, as ``cnreport.wordtable`` holds jieba's words: per
    first character one string of the names, sorted, each after a ``"\\n"``; the distinct
    second characters in order, and where each one's names begin.  A lookup searches a few
    names; 280,000 names take about 5 MB, not the 31 MB of a set of strings."""

    __slots__ = ("_buckets", "size")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._buckets: dict[str, tuple[str, str, array[int]]] = {}
        self.size = 0
        self._fill(sorted({n for n in names if isinstance(n, str)}))

    @classmethod
    def from_sorted(cls, names: Iterable[str]) -> Names:
        """The names of a sorted stream without duplicates (a shipped file, read line by line:
        never all in memory as strings at once)."""
        out = cls()
        out._fill(names, check=True)
        return out

    def _fill(self, names: Iterable[str], check: bool = False) -> None:
        group: list[str] = []
        last = ""
        for name in names:
            if not name or "\n" in name:
                continue
            if check and name <= last:
                raise ValueError(f"names must come sorted and distinct: {last!r} before {name!r}")
            last = name
            if group and group[0][0] != name[0]:
                self._add(group)
                group = []
            group.append(name)
        if group:
            self._add(group)

    def _add(self, group: list[str]) -> None:
        seconds: list[str] = []
        starts = array("I")
        pos = 0
        for name in group:
            second = name[1:2] or "\0"
            if not seconds or seconds[-1] != second:
                seconds.append(second)
                starts.append(pos)
            pos += len(name) + 1
        self._buckets[group[0][0]] = ("\n" + "\n".join(group) + "\n", "".join(seconds), starts)
        self.size += len(group)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str) or not name or "\n" in name:
            return False
        hit = self._buckets.get(name[0])
        if hit is None:
            return False
        bucket, seconds, starts = hit
        k = seconds.find(name[1:2] or "\0")
        if k < 0:
            return False
        end = starts[k + 1] + 1 if k + 1 < len(starts) else len(bucket)
        return bucket.find(f"\n{name}\n", starts[k], end) >= 0

    def __len__(self) -> int:
        return self.size


@once
def brand_names() -> Names:
    """The trade names of Chinese firms (``entities/data/brands.txt``, one per line: 宁德时代,
    中海油, 潍柴): evidence for the model, read on first use, never a verdict."""
    f = resources.files("cnreport.entities") / "data" / "brands.txt"
    with f.open("r", encoding="utf-8") as lines:
        return Names.from_sorted(line.rstrip("\n") for line in lines if not line.startswith("#"))


# a name matcher of this many names or more is kept in the cache directory (the gazetteers)
_KEEP = 2000


class HeadLabel(LabelModule):
    """A label whose names close with a head word (科技, 项目, 河, 镇).

    For each head in the text, every start back to the clause start that does
    not cut a common word (or that follows a head of a larger name listed in the
    label's ``[[start_after]]`` table: 吴店镇|东风村, with the feature ``after_head``)
    is a candidate; the model picks.  Names in
    ``[[name]]`` tables (and in the shipped gazetteer ``gazetteer``, when set)
    are candidates wherever they occur.
    """

    default_min: ClassVar[int] = 2
    default_max: ClassVar[int] = 6
    back: ClassVar[int] = 40  # how far back a clause may start
    stop: ClassVar[str] = ""  # characters a name never runs back over
    # whether a name may also start right after any punctuation mark (某湖—|某新河—|某湖): the
    # items of a chain of rivers and lakes
    start_after_mark: ClassVar[bool] = False
    # whether a name part that counts or points back to the kind its head names (两座|水库,
    # 该|水库, 三个|支渠: ``[[count]]`` of entities.toml, ``counted``) proposes nothing;
    # programmes' names open with counts (“五个一工程”, “八项民生工程”)
    counts_name_nothing: ClassVar[bool] = True
    # whether a name part of two characters or more made of generic words alone proposes
    # nothing (病险|水库, 灌溉|渠: kinds of works, no names), rather than being a feature
    generic_names_nothing: ClassVar[bool] = False
    # whether a name part of two characters that opens with a generic one (大|华, 新|奥) is
    # read by the model, with the feature ``gen2``, where it is no generic word itself and no
    # common word of jieba's dictionary (大型, 其他 stay generic): firms' trade names often open so
    generic_pair_is_read: ClassVar[bool] = False
    gazetteer: ClassVar[str] = ""  # a shipped gazetteer file in entities/data/

    def __init__(self) -> None:
        super().__init__()
        names = {t.name for t in self.tables}
        self.heads: tuple[HeadRule, ...] = ()
        if "head" in names:
            self.heads = heads_of(
                self.rule_file,
                self.table("head"),
                self.examples,
                min_name=self.default_min,
                max_name=self.default_max,
                gazetteer=data_gazetteer,
            )
        self.head_matcher = Matcher({w: rule for rule in self.heads for w in rule.words})
        self.head_words = frozenset(w for rule in self.heads for w in rule.words)
        self.generic = (
            frozenset(words_of(self.rule_file, self.table("generic"), self.examples))
            if "generic" in names
            else frozenset()
        )
        # what may not follow a head word (河道, 河长), and of those what may not follow a known name
        # either (东湖经济开发区; but 汉江堤防 holds 汉江): ``heads_only`` entries bind head words only
        after: list[str] = []
        after_names: list[str] = []
        if "not_after" in names:
            for _at, entry in self._read("not_after"):
                after.extend(entry["words"])
                if not entry.get("heads_only", False):
                    after_names.extend(entry["words"])
        self.not_after = tuple(after)
        self.not_after_names = tuple(after_names)
        # the heads of larger names a name may start right after (吴店镇东风村: 镇, then the village)
        self.start_after = (
            words_of(self.rule_file, self.table("start_after"), self.examples) if "start_after" in names else ()
        )
        known: dict[str, str] = dict(data_gazetteer(self.gazetteer)) if self.gazetteer else {}
        if "name" in names:
            for at, entry in self._read("name"):
                cls = str(entry.get("class", "name"))
                for w in name_words(entry, at):
                    if "then" in entry:
                        known.setdefault(w, cls)  # a pair that is a division (晋中, 渝北) stays one
                    else:
                        known[w] = cls
        self.known = known
        self.name_matcher = Matcher(known, keep=len(known) >= _KEEP)

    def _read(self, table: str) -> Iterator[tuple[str, dict[str, Any]]]:
        from .registry import read_table

        yield from read_table(self.rule_file, self.table(table), self.examples)

    # -- proposals ---------------------------------------------------------------

    def is_generic(self, name: str) -> bool:
        """Whether a name part is only generic words (全市, 重点, 城乡), or two characters the
        first of which is one (a feature: 一亩 of the spring 一亩泉 is one)."""
        g = self.generic
        if not name or name in g or (name[0] in g and len(name) <= 2):
            return True
        return self.all_generic(name)

    def names_pair(self, run: Run, name: str) -> bool:
        """Whether a two-character name part that opens with a generic character may be a
        name: it is no generic word, and jieba's dictionary has it as no word or as a name
        (大华, 新奥; not 大型, 本地, 其他)."""
        if len(name) != 2 or name in self.generic or self.all_generic(name):
            return False
        lex = run.lex
        return lex.freq(name) == 0 or lex.tag(name, "") in NAME_TAGS

    def counted(self, count: re.Pattern[str], name: str, whole: str) -> bool:
        """Whether a name part counts or points back to the kind its head names: it is a count or
        a pointer (两座|水库, 十个|村, 该|水库), or one stands before a head word of the label
        (三个|支渠). A count that opens a name of its own (三座塔村, 六个核桃饮品有限公司) is no such."""
        m = count.match(name)
        return m is not None and (m.end() == len(name) or whole[m.end() :] in self.head_words)

    def all_generic(self, name: str) -> bool:
        """Whether ``name`` is a run of generic words from end to end (病险, 大中型, 灌溉)."""
        g = self.generic
        n = len(name)
        ok = [False] * (n + 1)
        ok[0] = True
        for i in range(n):
            if ok[i]:
                for k in range(1, min(6, n - i) + 1):
                    if name[i : i + k] in g:
                        ok[i + k] = True
        return ok[n]

    def skip_head(self, run: Run, hs: int, he: int, rule: HeadRule) -> bool:
        """Whether a head is no head here: a word follows it (市 in 市场, 区 in 区域), or a
        one-character head ends a common word with the character before it (村 in 农村,
        河 in 江河): a word, not a name."""
        t = run.t
        if t.startswith(self.not_after, he):
            return True
        return self.inside_word(run, hs, he)

    def inside_word(self, run: Run, hs: int, he: int) -> bool:
        """Whether a one-character head ends a common word with the character before it."""
        t = run.t
        if he - hs == 1 and hs > 0:
            word = t[hs - 1 : he]
            lex = run.lex
            if lex.freq(word) >= 500 and lex.tag(word, "n") not in NAME_TAGS:
                return True
        return False

    def head_candidates(self, run: Run) -> Iterator[Candidate]:
        t = run.t
        count = run.ex.shared.count if self.counts_name_nothing else None
        for hs, he, rule in self.head_matcher.find(t):
            if self.skip_head(run, hs, he, rule):
                continue
            head = t[hs:he]
            for p, rel in run.name_starts(
                hs,
                rule.min_name,
                rule.max_name,
                back=self.back,
                stop=self.stop,
                after=self.start_after,
                after_mark=self.start_after_mark,
            ):
                name = t[p:hs]
                if count is not None and self.counted(count, name, t[p:he]):
                    continue
                if self.generic_names_nothing and len(name) >= 2 and self.all_generic(name):
                    continue
                feats = [f"hc={rule.cls}", relative(rel)]
                if rel and self.start_after and t.endswith(self.start_after, 0, p):
                    feats.append("after_head")
                if len(head) == 1 and not all_cjk(name):
                    continue
                if self.is_generic(name):
                    if self.generic_pair_is_read and self.names_pair(run, name):
                        feats.extend(("gen2", "rule") if rel == 0 else ("gen2",))
                    else:
                        feats.append("gen")
                elif rel == 0:
                    feats.append("rule")
                if name in self.known:
                    feats.append(f"kn={self.known[name]}")
                yield Candidate(p, he, hs, f"{self.rule_file}:head:{head}", feats, group=("h", he))

    def with_sections(
        self, run: Run, base: list[Candidate], sections: tuple[tuple[str, Any], ...], blocked: tuple[str, ...] = ()
    ) -> Iterator[Candidate]:
        """``base``, and each of them run on over a section that follows it (某某河李庄段, 某某高铁(北段)),
        unless a word of ``blocked`` follows it (某湖|路北延段: the section of a road named after it)."""
        t = run.t
        for c in base:
            yield c
            if blocked and t.startswith(blocked, c.end):
                continue
            for _id, pattern in sections:
                sec = pattern.match(t, c.end)
                if sec and sec.end() > c.end:
                    yield Candidate(c.start, sec.end(), c.head, c.source, [*c.feats, "section"])

    def name_candidates(self, run: Run) -> Iterator[Candidate]:
        t = run.t
        for s, e, cls in self.name_matcher.find(t):
            feats = [f"gz={cls}", f"gzl={min(e - s, 5)}"]
            if s == 0 or not all_cjk(t[s - 1 : s]) or run.lead_before(s):
                feats.append("rule")
            yield Candidate(s, e, e, f"gazetteer:{self.label.value}", feats)
