"""PLACE: administrative divisions, named regions, and zones used as places.

Candidates come from the gazetteer of divisions and countries (every
occurrence), from the ``[[name]]`` regions of ``rules/places.toml``, from
head words (李庄村, 某某经济开发区, 某某都市圈) at every plausible start, and from
the divisions that name a practice in quotes (“某某经验”).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..lazy import BUILD_LOCK
from ..types import Label
from .base import ABBREVIATION, GENERIC, HEAD, NAME, NOT_AFTER, HeadLabel, data_gazetteer
from .gazetteers import county_short, province_short
from .registry import Table, register, words_of
from .toolkit import QUOTES, Candidate, Matcher, all_cjk, is_cjk

if TYPE_CHECKING:
    from .core import Run

__all__ = ["Places"]

# how often jieba's dictionary may hold a county's short name, unless it tags it a place name,
# for the county's towns to be proposed where a text names it (town_candidates)
_COUNTY_WORD = 100


@register
class Places(HeadLabel):
    label = Label.PLACE
    rule_file = "places.toml"
    tables = (
        HEAD,
        NAME,
        GENERIC,
        NOT_AFTER,
        Table("full_name_end", ("words",)),
        Table("division_after", ("words",)),
        Table("organ_after", ("words",)),
        Table("water_after", ("words",)),
        Table("short_form_head", ("words",)),
        Table("start_after", ("words",)),
        Table("named_after", ("words",)),
        ABBREVIATION,
    )
    default_min = 1
    default_max = 6
    back = 16
    gazetteer = "places"
    recurs = True
    # windows cross-validated by region: PLACE 0.873 -> 0.879 (31 more found, 38 fewer wrong)
    containers_first = True
    never_closing = ("WATER",)  # 兰溪 of 木兰溪: no place of the training gold closes a water name
    char_features = False  # a list of names decides: the characters learn the training regions' names

    def __init__(self) -> None:
        super().__init__()
        self.division_after = words_of(self.rule_file, self.table("division_after"), self.examples)
        # the provinces' one-character names are the companies' rules' (川渝 is no firm); read
        # here only so that the table is checked and its examples run with the places' ones
        words_of(self.rule_file, ABBREVIATION, self.examples)
        self.organ_after = words_of(self.rule_file, self.table("organ_after"), self.examples)
        self.water_after = words_of(self.rule_file, self.table("water_after"), self.examples)
        # the heads that, right after a place, may open a longer name: (word, is a water word)
        self.longer_heads = tuple((w, False) for w in self.division_after) + tuple((w, True) for w in self.water_after)
        self.short_form_heads = words_of(self.rule_file, self.table("short_form_head"), self.examples)
        self.practices = Matcher({w: w for w in words_of(self.rule_file, self.table("named_after"), self.examples)})
        places = data_gazetteer("places")
        # the short forms in the gazetteer: the names a division's head word was taken from
        self.full_end = words_of(self.rule_file, self.table("full_name_end"), self.examples)
        full = {n for n in places if n.endswith(self.full_end)}
        self.short_names = frozenset(n for n in places if n not in full and places[n] != "country")
        # each province by its full and short names; each county's towns by their short names,
        # under the county's full and short names; the provinces' towns and the counties'
        # villages are read on first use
        provinces = [name for name, cls in places.items() if cls == "province"]
        self.provinces = {key: name for name in provinces for key in {name, province_short(name)} - {""}}
        self.towns = self._by_county(data_gazetteer("towns"))
        self._province_towns: dict[str, str] | None = None
        self._villages: dict[str, tuple[str, ...]] | None = None

    def propose(self, run: Run) -> Iterator[Candidate]:
        base = list(self.name_candidates(run))
        yield from base
        yield from self.town_candidates(run, base)
        yield from self.head_candidates(run)
        yield from self.practice_candidates(run)

    def practice_candidates(self, run: Run) -> Iterator[Candidate]:
        """A division that gives its name to a practice in quotes (“某某经验”, “某某模式”: the
        ``[[named_after]]`` words): the two to four characters right after the quote mark, when
        the division list holds them alone or with the end of a full name (a town's 某某镇)."""
        t = run.t
        places = data_gazetteer("places")
        for ws, _we, word in self.practices.find(t):
            for k in (2, 3, 4):
                s = ws - k
                if s < 1 or t[s - 1] not in QUOTES or not all_cjk(t[s:ws]):
                    continue
                name = t[s:ws]
                if name in places or any(name + end in places for end in self.full_end):
                    yield Candidate(s, ws, ws, f"{self.rule_file}:named_after", ["named_after", f"na={word}"])

    def town_candidates(self, run: Run, found: list[Candidate]) -> Iterator[Candidate]:
        """The towns and villages of a county the text names twice or more, by their short
        names (冉庄, 东孙庄 in a report of 清苑): a county's own report writes them without 镇, 乡
        or 村; and the towns and street offices of the one province the text names most, twice
        or more and more often than any county (吴淞, 陆家嘴 in a report of 上海). Each kind has a
        feature of its own (``gz=town``, ``gz=village``, ``gz=province_town``)."""
        t = run.t
        seen: dict[str, int] = {}
        for c in found:
            name = t[c.start : c.end]
            if name in self.towns or name in self.provinces:
                seen[name] = seen.get(name, 0) + 1
        # a county's short name that jieba knows as a common word of another kind (资源 of 资源县,
        # 合作 of 合作市, 振兴 of 振兴区) is written in most reports as that word: no county's towns
        freq, tag = run.lex.freq, run.lex.tag
        counties = [
            county
            for county, n in seen.items()
            if n >= 2 and county in self.towns and (freq(county) < _COUNTY_WORD or tag(county, "?") == "ns")
        ]
        names = dict.fromkeys(
            {town for county in counties for town in _names(self.towns[county])} - self.known.keys(), "town"
        )
        if counties:
            villages = self.villages()
            for county in counties:
                for village in _names(villages.get(county, ())):
                    names.setdefault(village, "village")
        # a province named more often than any county: a province's report, which names towns too
        top_county = max((n for name, n in seen.items() if name in self.towns), default=0)
        by_province = self.province_counts(lambda name: seen.get(name, 0))
        ranked = sorted(by_province.values(), reverse=True)
        if ranked and ranked[0] >= 2 and ranked[0] > top_county and ranked[1:2] != ranked[:1]:
            province = next(p for p, n in by_province.items() if n == ranked[0])
            for town in set(self.province_towns().get(province, "").split()) - self.known.keys():
                names.setdefault(town, "province_town")
        if not names:
            return
        for s, e, kind in Matcher(names).find(t):
            feats = [f"gz={kind}", f"gzl={min(e - s, 5)}"]
            if s == 0 or not all_cjk(t[s - 1 : s]) or run.lead_before(s):
                feats.append("rule")
            yield Candidate(s, e, e, f"gazetteer:{self.label.value}:town", feats)

    def province_towns(self) -> dict[str, str]:
        """Each province's towns and street offices by their short names, space-separated, under
        its full name (read on first use, by a text that names a province most; the rows stay the
        gazetteer's strings, split for the province a text names: split all at once they held
        five megabytes)."""
        with BUILD_LOCK:
            if self._province_towns is None:
                self._province_towns = data_gazetteer("province_towns")
        return self._province_towns

    def villages(self) -> dict[str, tuple[str, ...]]:
        """Each county's rows of villages by their short names, under the county's full and short
        names (read on first use: half a megabyte that most texts never need)."""
        with BUILD_LOCK:
            if self._villages is None:
                self._villages = self._by_county(data_gazetteer("villages"))
        return self._villages

    def _by_county(self, rows: dict[str, str]) -> dict[str, tuple[str, ...]]:
        """Each county's rows of space-separated names under the county's full and short names;
        counties of one name share them, and a short name that is also a province's (河北 of
        河北区) stays the province's.  The rows stay the gazetteer's strings, split only for the
        counties a text names (split all at once they held some ten megabytes)."""
        out: dict[str, tuple[str, ...]] = {}
        for county, names in rows.items():
            for key in {county, county_short(county)} - {""} - self.provinces.keys():
                out[key] = (*out.get(key, ()), names)
        return out

    def admissible(self, run: Run, c: Candidate) -> bool:
        """A division's short name (定南, 长丰) or two-character name (唐县, 成县) stands as a word of
        its own: no common word runs over either of its ends (保定南站 holds no 定南, 完成县城
        no 成县), unless a head follows it, or an organ of government follows it and nothing runs
        over its start (易县政府, not 完成县政府); a division named by a common word (城区) is none."""
        t = run.t
        whole = t[c.start : c.end]
        if not c.source.startswith("gazetteer"):
            # a division's full name, a known name and its unit, is no name part of a region
            # (青山区|地区生产总值: the district's GDP); a short one is (郑州|都市圈), as any
            # other name (江南|地区)
            name = t[c.start : c.head]
            places = data_gazetteer("places")
            return "hc=region" not in c.feats or not any(
                name.endswith(end) and name[: -len(end)] in places for end in self.full_end
            )
        if whole in self.generic:  # a division named by a common word (城区, 矿区) is read as the word
            return False
        lex = run.lex
        common = lex.freq(whole) >= 200 and lex.tag(whole, "n") not in ("ns", "nr", "nrt", "nz", "nt")
        if common and whole not in self.short_names:
            return False  # 小城镇, 老城区, 中心镇: a full name that is a common word is read as the word
        if whole not in self.short_names and len(whole) > 2:
            return True
        if t.startswith(self.division_after, c.end):
            return True
        if t.startswith(self.water_after, c.end):  # 长顺河 is a river, named after a place
            return False
        if t.startswith(self.organ_after, c.end) and (run.cuts_at(c.start) or not lex.crosses(t, c.start, 50)):
            return True  # 易县政府: the organ's word (县政府) runs over the end, the start stands free
        if run.cuts_at(c.start) and run.cuts_at(c.end):
            return True  # the best segmentation keeps it whole: 完成/长沙/机场, 美丽/江西
        if self.opens_word(run, c):
            return True  # 中国式, 中国共产党: a country or province opening a word of its own
        return not (c.start > 0 and lex.crosses(t, c.start, 50)) and not (c.end < run.n and lex.crosses(t, c.end, 50))

    def opens_word(self, run: Run, c: Candidate) -> bool:
        """Whether a country's or a province's name (中国, 河北) opens a longer dictionary word
        (中国式, 中国共产党, 河北梆子) at a word boundary: a place inside another name."""
        t = run.t
        whole = t[c.start : c.end]
        if data_gazetteer("places").get(whole) not in ("country", "province"):
            return False
        if c.start > 0 and not run.cuts_at(c.start) and run.lex.crosses(t, c.start, 50):
            return False
        freq = run.lex.freq
        return any(freq(t[c.start : e]) for e in range(c.end + 1, min(run.n, c.end + 6) + 1))

    def sure(self, run: Run, c: Candidate) -> bool:
        """A division's full name (保定市, 竞秀区, 东坪镇) that no common word runs into is a place."""
        t = run.t
        whole = t[c.start : c.end]
        if not c.source.startswith("gazetteer") or whole in self.short_names or len(whole) < 3:
            return False
        if data_gazetteer("places").get(whole) == "country" or self.is_generic(whole[:-1]):
            return False
        lex = run.lex
        return not (c.start > 0 and lex.crosses(t, c.start, 50)) and not (c.end < run.n and lex.crosses(t, c.end, 50))

    def short_forms(self, run: Run, c: Candidate) -> list[str]:
        """A village's or town's name without its head (李庄村 -> 李庄), when it is no common word."""
        name = run.t[c.start : c.end]
        for head in self.short_form_heads:
            if name.endswith(head) and len(name) - len(head) >= 2:
                short = name[: -len(head)]
                if not run.lex.is_word(short) and short not in data_gazetteer("places"):
                    return [short]
        return []

    def recurrence_ok(self, run: Run, s: int, e: int) -> bool:
        """A place is found again where it stands as a word of its own, not where it opens a
        longer name: a common word runs over its end, or a word of its own follows it that is a
        water word (涞源 + 湖, not 北京 + 河北) or a division's head making a division the
        gazetteer holds (三坡 + 镇; not 芜湖 + 省 of 省域, nor 李庄 + 乡 of 乡村)."""
        t = run.t
        if e < run.n and is_cjk(t[e]) and run.lex.crosses(t, e, 50):
            return False
        for w, water in self.longer_heads:
            # the head as a word of its own (not 李庄 + 乡村), a division's making a known name
            if t.startswith(w, e) and run.cuts_at(e + len(w)) and (water or t[s:e] + w in data_gazetteer("places")):
                return False
        return s == 0 or not is_cjk(t[s - 1]) or run.lead_before(s)

    def features(self, run: Run, c: Candidate) -> list[str]:
        t = run.t
        whole = t[c.start : c.end]
        f = []
        cls = self.known.get(whole)
        if cls:
            f.append(f"pk={cls}")
        if whole in data_gazetteer("water"):
            f.append("also=water")
        if t.startswith(self.division_after, c.end):
            f.append("then_head")
        elif t.startswith(self.organ_after, c.end):
            f.append("then_organ")
        if whole in run.memo("place:home", lambda: self.home(run)):
            f.append("home")
        return f

    def home(self, run: Run) -> frozenset[str]:
        """The names, full and short, of the county the text names most often (博野县, 博野):
        a county's own report writes its short name alone (美丽博野).  None where the text names
        a province more often than that county: a province's report, in which the county most
        named is a namesake (资源 of 资源县, 合作 of 合作市, 太湖 of 太湖县 beside the lake)."""
        best, top = None, 1
        for name, towns in self.towns.items():
            n = run.count(name)
            if n > top:
                best, top = towns, n
        if best is None:
            return frozenset()
        names = frozenset(name for name, towns in self.towns.items() if towns == best)
        provinces = self.province_counts(run.count)
        if sum(map(run.count, names)) <= max(provinces.values(), default=0):
            return frozenset()
        return names

    def province_counts(self, count: Callable[[str], int]) -> dict[str, int]:
        """How often the text names each province (``count`` of a name), full and short names
        together."""
        out: dict[str, int] = {}
        for name, province in self.provinces.items():
            n = count(name)
            if n:
                out[province] = out.get(province, 0) + n
        return out

    late = ("x_start", "x_end", "seg", "opens_word")

    def late_features(self, run: Run, c: Candidate) -> list[str]:
        """For a name from the gazetteer: whether a common word runs over its start (在内蒙古:
        在内) or its end, whether jieba's best cut has a boundary at each end, and whether it
        opens a word of its own (中国式)."""
        if not c.source.startswith("gazetteer"):
            return []
        t, lex = run.t, run.lex
        f = []
        if c.start > 0 and lex.crosses(t, c.start, 50):
            f.append("x_start")
        if c.end < run.n and lex.crosses(t, c.end, 50):
            f.append("x_end")
        f.append(f"seg={int(run.cuts_at(c.start))}{int(run.cuts_at(c.end))}")
        if self.opens_word(run, c):
            f.append("opens_word")
        return f


def _names(rows: tuple[str, ...]) -> frozenset[str]:
    """The names of a county's rows (``_by_county``)."""
    return frozenset(name for row in rows for name in row.split())
