"""WATER: rivers, canals, ditches, lakes, reservoirs and water sources.

Candidates come from the gazetteer (every occurrence), from numbered canals,
and from head words (河, 渠, 湖, 水库) at every plausible start; a section
after a water body (李庄段) may extend any of them.  Unlike a company or a place,
a water body the model took is not looked for again where it recurs: those
recurrences were wrong as often as right (docs/accuracy-history.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..types import Label
from .base import GENERIC, HEAD, NAME, NOT_AFTER, HeadLabel, data_gazetteer, pattern_table
from .registry import HeadRule, Table, pattern_union, patterns_of, register, words_of
from .toolkit import NAME_SHAPE, Candidate, Matcher, is_cjk

if TYPE_CHECKING:
    from .core import Run

__all__ = ["Water"]


@register
class Water(HeadLabel):
    label = Label.WATER
    rule_file = "water.toml"
    tables = (
        HEAD,
        NAME,
        pattern_table("numbered"),
        pattern_table("section"),
        pattern_table("collective"),
        GENERIC,
        NOT_AFTER,
        Table("allow_after", ("words",)),
        Table("direction", ("words",)),
        Table("context_after", ("words",)),
        Table("river_context", ("words",)),
        Table("county_end", ("words",)),
        Table("province_section", ("words",)),
    )
    default_min = 1
    default_max = 4
    back = 12
    start_after_mark = True  # 某湖—某新河: windows cross-validated WATER 0.870 -> 0.875
    generic_names_nothing = True  # 病险水库, 灌溉渠, 大中型水库: kinds of works
    gazetteer = "water"
    exclusive_with = ("PLACE",)
    never_inside = ("COMPANY",)  # 长江 of 长江存储 names the firm: the gold holds no river inside a firm's name
    local_sources = ("water.toml:rivers",)  # 黑龙江 among rivers: not the province elsewhere
    sure_wins = True  # a known river with its direction wins over the shorter name the model prefers
    char_features = False  # a list of names decides: the characters learn the training regions' names

    def __init__(self) -> None:
        super().__init__()
        self.numbered = patterns_of(self.rule_file, self.table("numbered"), self.examples)
        self.sections = patterns_of(self.rule_file, self.table("section"), self.examples)
        self.collective = pattern_union(self.rule_file, self.table("collective"), self.examples)
        self.allow_after = tuple(words_of(self.rule_file, self.table("allow_after"), self.examples))
        self.directions = frozenset(words_of(self.rule_file, self.table("direction"), self.examples))
        self.context_after = frozenset(words_of(self.rule_file, self.table("context_after"), self.examples))
        self.river_context = tuple(words_of(self.rule_file, self.table("river_context"), self.examples))
        self.province_sections = tuple(words_of(self.rule_file, self.table("province_section"), self.examples))
        county_end = words_of(self.rule_file, self.table("county_end"), self.examples)
        self.county_end = tuple(county_end)
        places = data_gazetteer("places")
        self._full_places = frozenset(n for n, cls in places.items() if cls != "county" or n.endswith(county_end))
        # the names of provinces, cities and counties three characters long or more, full and
        # short (黑龙江, 江北区; a two-character one is too often a word's start: 和平 in 沙河和平河)
        self._divisions = Matcher(
            {n: cls for n, cls in places.items() if cls in ("province", "city", "county") and len(n) > 2}, keep=True
        )
        self._provinces = Matcher({n: cls for n, cls in places.items() if cls == "province"})
        # the divisions whose names a head word closes (黑河, 牡丹江, 怒江, 黑龙江): among known
        # water bodies alone, each is a river's name too (``among_rivers``)
        heads = tuple(w for rule in self.heads for w in rule.words)
        self._headed_divisions = Matcher(
            {n: cls for n, cls in places.items() if cls in ("province", "city", "county") and n.endswith(heads)}
        )
        # provinces and prefecture-level cities, whatever their length: a section of works in one
        # of them opens with its name (某某高铁湖南段, 某某铁路江门至茂名段)
        self._sectioned = Matcher({n: cls for n, cls in places.items() if cls in ("province", "city")})

    def propose(self, run: Run) -> Iterator[Candidate]:
        t = run.t
        base = list(self.name_candidates(run))
        # a known water body with a direction before it (北易水, 小清河, 南拒马河)
        for c in list(base):
            if c.start > 0 and t[c.start - 1] in self.directions:
                base.append(Candidate(c.start - 1, c.end, c.end, c.source, [*c.feats, "direction"]))
        base.extend(self.head_candidates(run))
        base.extend(self.among_rivers(run))
        for _id, pattern in self.numbered:
            for m in pattern.finditer(t):
                feats = ["hc=numbered"]
                if m.start() == 0 or not is_cjk(t[m.start() - 1]) or run.lead_before(m.start()):
                    feats.append("rule")
                base.append(Candidate(m.start(), m.end(), m.end(), f"{self.rule_file}:numbered", feats))
        # a section of a road, a park or a zone named after a water body is none of its own
        yield from self.with_sections(run, base, self.sections, self.not_after_names)

    def admissible(self, run: Run, c: Candidate) -> bool:
        """No name runs on into a word that makes it a zone, a place or a building (东湖经济开发区)
        or into a division's full name (沙河市); a name that a head word closed is no division
        (湛江 is a city, 海淀 a district); a known water body keeps its name even when a county
        shares it (唐河)."""
        t = run.t
        if self.collective is not None and self.collective.fullmatch(t, c.start, c.end):
            return False  # 两河, 三河两岸: water bodies counted together, no name
        # a head running on into a word (河道, 江堤) is no name; a section closes one (某河李庄段|堤防)
        heads_end = not c.source.startswith("gazetteer") and "section" not in c.feats
        blockers = self.not_after if heads_end else self.not_after_names
        if t.startswith(blockers, c.end) and not t.startswith(self.allow_after, c.end):
            return False  # 东湖经济开发区, 西湖大学: the water word names something else
        if t.startswith(self.county_end, c.end) and t[c.start : c.end + 1] in data_gazetteer("places"):
            return False  # 沙河市, 唐河县: the name runs on into a known division's full name
        if self.cuts_division(run, c.start):
            return False  # 黑|龙江: the end of a division's name
        if not c.source.startswith("gazetteer") and self.word_before_province(run, c):
            return False  # 美丽江|西: a slogan's word before a province's name
        if c.source.startswith("gazetteer") or "rivers" in c.feats:
            return True
        # a county's short name may be a river's (唐河, 沙河); a province, a city or a full name is not
        return (
            data_gazetteer("places").get(t[c.start : c.end], "county") == "county"
            and t[c.start : c.end] not in self._full_places
        )

    def among_rivers(self, run: Run) -> Iterator[Candidate]:
        """A division's name that a head word closes (黑河, 牡丹江, 怒江, 黑龙江), where it opens
        its phrase and a word of ``[[river_context]]`` follows it (黑河流域, 怒江干流), or it
        closes an item of a 、-list whose other items are all known water bodies, one of them at
        least no place's name (黑河 among 疏勒河 and 石羊河; 嫩江 beside 松花江 is a place's name
        too): the river there, which the rules are sure of.  It takes that span only
        (``local_sources``): elsewhere the text's place of that name stays a place.  A name of
        a numeral and a head word (三河 of 三河两岸) counts rivers: ``[[collective]]`` makes it
        inadmissible."""
        t = run.t
        found = list(self._headed_divisions.find(t))
        if not found:
            return
        places = data_gazetteer("places")
        # the known water bodies: where each ends, and where each starts with where it ends;
        # whether it is no place's name
        closes: dict[int, bool] = {}
        opens: dict[int, tuple[int, bool]] = {}
        for s, e, _cls in self.name_matcher.find(t):
            closes[e] = t[s:e] not in places
            opens[s] = (e, closes[e])

        def holds(a: int, b: int, last: bool) -> bool | None:
            """Whether a known water body closes the item (推进湘江), or opens the list's last
            item, whose end the list does not tell (石羊河 of 石羊河流域综合治理): None where none
            does, else whether it is no place's name."""
            if b in closes:
                return closes[b]
            if last and a in opens:
                return opens[a][1]
            return None

        for s, e, _cls in found:
            # the name opens its item or phrase: after the mark, a lead-in word (推进黑河) or no
            # character of a name (not 兰溪 of 木兰溪, 红河 of 大红河)
            if s and t[s - 1] != "、" and is_cjk(t[s - 1]) and not run.lead_before(s):
                continue
            if t.startswith(self.river_context, e):  # 黑河流域, 怒江干流
                yield Candidate(s, e, e, f"{self.rule_file}:rivers", ["rule", "rivers"])
                continue
            if not t.startswith("、", e):  # it closes its item (not 嫩江 of 嫩江湾旅游区)
                continue
            sibs = run.siblings(s, e)[0]
            last = max((item for item in sibs if item[0] > s), default=None)
            held = [holds(a, b, (a, b) == last) for a, b in sibs]
            if held and None not in held and any(held):
                yield Candidate(s, e, e, f"{self.rule_file}:rivers", ["rule", "rivers"])

    def cuts_division(self, run: Run, s: int) -> bool:
        """Whether the name of a division runs over the start ``s`` of a name where jieba's best
        cut of the text has no boundary either: 龙江 in 黑龙江.  (Over the end, a division's
        name is often the water word and what follows: 某某湖南侧, 黄河口.)"""
        inside = run.memo("water:inside_divisions", lambda: _inside(self._divisions, run.t))
        return s in inside and not run.cuts_at(s)

    def word_before_province(self, run: Run, c: Candidate) -> bool:
        """Whether a name closed by a head word is a common word (美丽, 幸福: a thousand
        occurrences or more in jieba's dictionary) before the first character of a province's
        name that jieba's best cut keeps whole (美丽江西, 幸福河南): a slogan, no water body.
        A place's name before the head stays (涞源湖南侧: 涞源 is rare as a word)."""
        inside = run.memo("water:inside_provinces", lambda: _inside(self._provinces, run.t))
        if c.end not in inside or run.cuts_at(c.end):
            return False
        return run.lex.freq(run.t[c.start : c.head]) >= 1000

    def sure(self, run: Run, c: Candidate) -> bool:
        """A known water body with a direction before it (南拒马河, 北易水) is the longer name,
        unless the direction character belongs to a word before it (扩大白洋淀: 扩大) or
        forms one with the name's first characters, or a head word runs the name on (北易水河)."""
        if "rivers" in c.feats:
            return True
        if "direction" not in c.feats:
            return False
        t, lex = run.t, run.lex
        if any(s == 0 for s, _e, _rule in self.head_matcher.find(t[c.end : c.end + 3])):
            return False
        return not (c.start > 0 and lex.crosses(t, c.start, 50)) and not lex.crosses(t, c.start + 1, 50)

    def skip_head(self, run: Run, hs: int, he: int, rule: HeadRule) -> bool:
        if run.t.startswith(self.allow_after, he):
            return self.inside_word(run, hs, he)
        if self.opens_province_section(run, hs, he):
            return True
        return super().skip_head(run, hs, he, rule)

    def opens_province_section(self, run: Run, hs: int, he: int) -> bool:
        """Whether the head word opens a province's or a city's name that jieba's best cut keeps
        whole and that a section word follows (湖 of 某某高铁湖南段, 江 of 某某铁路江门至茂名段):
        a works' stretch there."""
        t = run.t
        if not self.province_sections or run.cuts_at(he):
            return False
        return any(
            a == 0 and hs + b > he and t.startswith(self.province_sections, hs + b)
            for a, b, _cls in self._sectioned.find(t[hs : hs + 8])
        )

    def features(self, run: Run, c: Candidate) -> list[str]:
        t = run.t
        whole = t[c.start : c.end]
        f = []
        if whole in data_gazetteer("places"):
            f.append(f"also=place:{data_gazetteer('places')[whole]}")
        after = t[c.end : c.end + 2]
        if after in self.context_after:
            f.append(f"wa={after}")
        return f + run.context_pairs(c)

    late = NAME_SHAPE

    def late_features(self, run: Run, c: Candidate) -> list[str]:
        return run.name_shape(c)


def _inside(names: Matcher, t: str) -> frozenset[int]:
    """The offsets strictly inside an occurrence in ``t`` of one of ``names``."""
    return frozenset(p for a, b, _cls in names.find(t) for p in range(a + 1, b))
