"""COMPANY: enterprises, by their registered or short names.

Candidates come from head words (有限公司, 集团, 支行, 科技, 化工) at every
plausible start, from the items of lists the text presents as companies
(甲、乙等5家企业; 新增规上企业3家(甲、乙)), and from the trade names of
``data/brands.txt`` that open another proposal (中海油 of 中海油装备智能制造).  A
company that won is found again wherever its name, or its short form without
place and suffix, recurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..types import Label
from .base import (
    ABBREVIATION,
    GENERIC,
    HEAD,
    NOT_AFTER,
    HeadLabel,
    brand_names,
    data_gazetteer,
    pattern_table,
    relative,
)
from .registry import HeadRule, Table, patterns_of, read_table, register, words_of
from .toolkit import (
    CORPUS_BUCKETS,
    LIST_END,
    MASK,
    NAME_SHAPE,
    NAME_TAGS,
    Candidate,
    Matcher,
    all_cjk,
    bracket_items,
    bucket,
    clause_start,
    is_cjk,
)

if TYPE_CHECKING:
    from .core import Run

__all__ = ["Companies"]

_SEP = re.compile("、")
_OTHER_LATIN = re.compile("[A-WYZa-wyz]")  # a Latin letter no mask is written with
# a string found in this many training reports or more is a word of the reports (the top
# bucket of the corpus statistic the model reads, ``cg=8``)
COMMON_IN_REPORTS = 8
# the head classes of what a firm makes or trades (科技, 化工; 化纤, 胶带 from the trade list):
# followed by ``[[not_after]]`` they make a phrase (科技创新), and they close sectors as often as firms
PRODUCT_CLASSES = ("industry", "trade")


def _common_noun(run: Run, name: str) -> bool:
    """Whether ``name`` is one common word of jieba's dictionary, no name (科技, 技术; not 长城)."""
    lex = run.lex
    return lex.freq(name) >= 2000 and lex.tag(name, "n") not in NAME_TAGS


@register
class Companies(HeadLabel):
    label = Label.COMPANY
    rule_file = "companies.toml"
    tables = (
        HEAD,
        pattern_table("list_cue"),
        pattern_table("bracket_cue"),
        Table("prefix_cue", ("words",)),
        pattern_table("project_list"),
        pattern_table("frame"),
        GENERIC,
        NOT_AFTER,
        Table("not_again_before", ("words",)),
        Table("registered_form", ("words",)),
        pattern_table("branch"),
        Table("not_inside", ("words",)),
        pattern_table("then_project"),
    )
    default_min = 2
    default_max = 8
    back = 30
    list_floor = 0.2  # the items of a list share their label (docs/entities.md)
    name_list_floor = 0.1  # the more readily where an item reads as no common words
    opening_floor = 0.5  # and so do the names that open the items of a list
    mention_pool = 0.05  # and a name proposed in several places is read from all of them (docs/entities.md)
    agreement_cap = 0.6  # a name the rest of the text reads otherwise is dropped (docs/entities.md)
    plain_list_cap = 0.9  # and so is a name among list items that read as common words
    recurs = True
    generic_pair_is_read = True  # 大华|科技, 新奥|燃气
    sure_over_short = True  # 华远光电集团股份有限公司 over 华远光电: the model scores them nearly the same
    counts_name_part = True  # the corpus statistics count the name part too (ncg=)
    gazetteer = "companies"

    def __init__(self) -> None:
        super().__init__()
        self.list_cues = patterns_of(self.rule_file, self.table("list_cue"), self.examples)
        self.bracket_cues = patterns_of(self.rule_file, self.table("bracket_cue"), self.examples)
        # the one-character levels of a division (the places' head words: 省, 市, 县), which
        # alone before a firm's name make it the firm's branch there (市农发行)
        self.levels = frozenset(
            w
            for _at, entry in read_table("places.toml", HEAD, [])
            if entry.get("class") == "division"
            for w in entry.get("words", ())
            if len(w) == 1
        )
        # the head words of the projects' plants (电厂, 水厂, 热电厂): no firm's name ends with one
        self.plants = tuple(
            w
            for _at, entry in read_table("projects.toml", HEAD, [])
            if entry.get("class") == "plant"
            for w in entry.get("words", ())
        )
        # the one-character names of the provinces: a name of two to four of them alone is an area
        self.abbreviations = frozenset(words_of("places.toml", ABBREVIATION, []))
        self.forms = tuple(
            sorted((w for h in self.heads if h.cls in ("form", "bank") for w in h.words), key=len, reverse=True)
        )
        self.form_words = frozenset(w for h in self.heads if h.cls == "form" for w in h.words)
        self.industry = frozenset(w for h in self.heads if h.cls == "industry" for w in h.words)
        self.prefix_cues = Matcher({w: w for w in words_of(self.rule_file, self.table("prefix_cue"), self.examples)})
        self.project_lists = patterns_of(self.rule_file, self.table("project_list"), self.examples)
        self.frames = patterns_of(self.rule_file, self.table("frame"), self.examples)
        self.not_again_before = words_of(self.rule_file, self.table("not_again_before"), self.examples)
        # longest first: a registered name loses the longest form it ends with
        self.registered = tuple(
            sorted(words_of(self.rule_file, self.table("registered_form"), self.examples), key=len, reverse=True)
        )
        self.not_inside = words_of(self.rule_file, self.table("not_inside"), self.examples)
        self.branches = patterns_of(self.rule_file, self.table("branch"), self.examples)
        self.then_project = patterns_of(self.rule_file, self.table("then_project"), self.examples)

    def skip_head(self, run: Run, hs: int, he: int, rule: HeadRule) -> bool:
        """An industry word followed by what makes it a phrase (科技创新), or a one-character
        head inside a common word (厂 in 工厂), closes no name."""
        return (rule.cls in PRODUCT_CLASSES and run.t.startswith(self.not_after, he)) or self.inside_word(run, hs, he)

    def propose(self, run: Run) -> Iterator[Candidate]:
        found = list(self._propose(run))
        yield from found
        yield from self.brand_candidates(run, found)

    def brand_candidates(self, run: Run, found: list[Candidate]) -> Iterator[Candidate]:
        """A trade name that opens another proposal (中海油 of 中海油装备智能制造, 潍柴 of
        潍柴动力): a brand at the head of its product line, works or plot is a company of its own."""
        if not found:
            return  # the list is read on the first text that has a proposal
        brands = brand_names()
        t = run.t
        seen: set[tuple[int, int]] = set()
        for c in found:
            s = c.start
            for e in range(s + 2, min(s + 6, c.end)):
                if (s, e) not in seen and t[s:e] in brands:
                    seen.add((s, e))
                    yield Candidate(s, e, e, "brand", ["brand_pre"])

    def _propose(self, run: Run) -> Iterator[Candidate]:
        yield from self.head_candidates(run)
        yield from self.name_candidates(run)
        yield from self.prefix_candidates(run)
        t = run.t
        for cue_id, items in self._cued_lists(run):
            yield from self._items(run, items, f"list:{cue_id}")
        for cue_id, pattern in self.bracket_cues:
            for m in pattern.finditer(t):
                yield from self._items(run, bracket_items(t, m.end()), f"list:{cue_id}", bracket=True)

    def _cued_lists(self, run: Run) -> Iterator[tuple[str, list[tuple[int, int]]]]:
        """``(cue id, items)`` (the last item first) of each list the text presents as companies: two
        items or more (甲和乙2家企业 has two), or one closed by 等."""
        t = run.t
        for cue_id, pattern in self.list_cues:
            for m in pattern.finditer(t):
                items = run.ex.shared.list_items(t, m.start(), run.joins_at)
                if len(items) < 2 and not (m.group().startswith(LIST_END) or t[m.start() - 1 : m.start()] == LIST_END):
                    continue
                yield cue_id, items

    def _verb_starts(self, run: Run) -> frozenset[int]:
        """Where a lead-in word of two characters or more or a build word starts (签约, 落户, 开工)."""

        def build() -> frozenset[int]:
            starts = {s for s, e, cls in run.lead_spans() if cls != "conjunction" and e - s >= 2}
            return frozenset(starts.union(run.build_starts()))

        return run.memo("company:verb_starts", build)

    def prefix_candidates(self, run: Run) -> Iterator[Candidate]:
        """The openings of works names (华泰锂电隔膜项目, 恒光二期): the company that builds them."""
        t = run.t
        for h, _he, word in self.prefix_cues.find(t):
            cs = clause_start(t, h, 40)
            i = run.rule_start(cs, h, 2)
            yield from self._prefixes(run, i, h, f"prefix:{word}", whole=True)
        for cue_id, pattern in self.project_lists:
            for m in pattern.finditer(t):
                items = run.ex.shared.list_items(t, m.start(), run.joins_at)  # last item first
                for k, (s, e) in enumerate(items):
                    i = run.rule_start(s, e, 2) if k == len(items) - 1 else s
                    yield from self._prefixes(run, i, e, f"prefix:{cue_id}", whole=True)
        # the items of any short 、-list (甲、乙等合作; 甲、乙和丙三条产业链): the model decides
        for m in _SEP.finditer(t):
            j = m.start()
            a = j
            while a > 0 and j - a < 8 and is_cjk(t[a - 1]):
                a -= 1
            bounded = a == 0 or not is_cjk(t[a - 1]) or t[a - 1] == "、"
            if 2 <= j - a <= 6 and bounded:
                yield Candidate(a, j, j, "list:any", ["cue=any"])
            # the first item after the conjunction that opens its clause (与甲、乙合作), or that
            # follows the clause's lead-in words (全年与甲、乙签约)
            if bounded and j - a > 2:
                conj = run.ex.shared.conjunctions
                for p in range(j - 2, a, -1):  # the last such conjunction before the item
                    if t[p - 1] in conj and (p - 1 == a or run.lead_before(p - 1)):
                        if j - p <= 6:
                            yield Candidate(p, j, j, "list:any", ["cue=any", "after_conj"])
                        break
            b = j + 1
            while b < run.n and b - j <= 7 and is_cjk(t[b]) and not run.ends_item_at(b):
                b += 1
            if 3 <= b - j <= 7 and (b >= run.n or not is_cjk(t[b]) or run.ends_item_at(b)):
                yield Candidate(j + 1, b, b, "list:any", ["cue=any"])
            elif b - j > 7:
                # the last item running into the verb that ends the list (甲、乙签约落户)
                verbs = self._verb_starts(run)
                lex = run.lex
                for q in range(j + 3, j + 8):
                    if (q in verbs or lex.tag(t[q : q + 2], "") == "v") and run.cuts_at(q):
                        yield Candidate(j + 1, q, q, "list:any", ["cue=any", "then_verb"])
                        break
        for cue_id, pattern in self.frames:
            for m in pattern.finditer(t):
                a, b = m.span("name")
                s = a
                for j in range(a, b + 1):
                    if j == b or t[j] == "、":
                        if j - s >= 2:
                            yield Candidate(s, j, j, f"list:{cue_id}", [f"cue={cue_id}", "rule"])
                        s = j + 1

    def _prefixes(self, run: Run, i: int, end: int, source: str, *, whole: bool) -> Iterator[Candidate]:
        t = run.t
        if i >= end or not is_cjk(t[i]):
            return
        top = min(end - i, 8) if whole else min(end - i - 1, 8)
        lex = run.lex
        for k in range(2, top + 1):
            e = i + k
            if not all_cjk(t[i:e]):
                break
            if e < end and lex.crosses(t, e, 500):  # an opening that ends inside a common word
                continue
            feats = [f"pk={k}"]
            if e == end:
                feats.append("whole_item")
            yield Candidate(i, e, e, source, feats, group=("p", i))

    def _items(
        self, run: Run, items: list[tuple[int, int]], source: str, *, bracket: bool = False
    ) -> Iterator[Candidate]:
        n = len(items)
        for k, (s, e) in enumerate(items):
            first = (k == n - 1) if not bracket else (k == 0)
            if e - s < 2:
                continue
            feats = [
                source.replace("list:", "cue="),
                f"items={bucket(n, (1, 2, 3, 5))}",
                "pos=first" if first else "pos=item",
            ]
            if first and not bracket:
                for p, rel in run.name_starts(e, 2, min(12, e - s), back=e - s):
                    if p >= s:
                        yield Candidate(p, e, e, source, [*feats, relative(rel), *(["rule"] if rel == 0 else [])])
            else:
                yield Candidate(s, e, e, source, [*feats, "rule"] if 2 <= e - s <= 10 else feats)

    def admissible(self, run: Run, c: Candidate) -> bool:
        """A company's name holds two Chinese characters or more and none of ``[[not_inside]]``
        (unless the shipped list of companies holds it: 美的集团), opens with neither a digit nor
        a lead-in word (unless a listed name that a form or bank word closes opens it: 建设银行),
        has a name part that is more than generic words, is no form word alone (有限公司,
        集团公司), is not masked: no mask character (原x集团, 某某公司) unless it is a letter
        of a Latin name, and does not end with a plant's head word of the projects' rules
        (电厂, 水厂: 钦州电厂 and 新水厂 are works) unless the shipped list holds it."""
        t = run.t
        name = t[c.start : c.end]
        if sum(1 for ch in name if is_cjk(ch)) < 2:
            return False
        if any(w in name for w in self.not_inside) and name not in self.known:
            return False
        if name[0].isdigit() or (not MASK.isdisjoint(name) and not _OTHER_LATIN.search(name)):
            return False
        if "gen" in c.feats or name in self.form_words:
            return False  # a head after generic words only (上市公司, 重点企业), or a form alone (有限公司): a kind
        if c.source.startswith("list") and _common_noun(run, name):  # 科技、金融等行业: no company
            return False
        if name.endswith(self.plants) and name not in self.known:
            return False  # 钦州电厂, 新水厂: a plant is a works, not a firm
        if len(name) <= 4 and self.abbreviations.issuperset(name) and name not in self.known:
            return False  # 川渝, 沪苏浙: provinces by their one-character names, an area (粤桂 is listed)
        return not run.ex.shared.opens_with_lead(name) or self._opens_with_listed_form(name)

    def _opens_with_listed_form(self, name: str) -> bool:
        """Whether ``name`` opens with a listed company's name that a form or bank word closes
        (建设银行, 建设银行城东支行): a lead-in word that opens such a name is part of it."""
        known = self.known
        return any(name[:k] in known and name[:k].endswith(self.forms) for k in range(len(name), 3, -1))

    def sure(self, run: Run, c: Candidate) -> bool:
        """A registered name (某某科技有限公司) from where the rules start it, whose own part is
        a name and not generic words, is a company."""
        t = run.t
        whole = t[c.start : c.end]
        if (
            ("gz=central" in c.feats or "gz=major" in c.feats)
            and (len(whole) >= 3 or not run.lex.freq(whole))
            and run.cuts_at(c.start)
            and run.cuts_at(c.end)  # not 中国石油 of 中国石油大学, 中国电子 of 中国电子信息
            and not (c.start and t[c.start - 1] in self.levels)  # 市农发行: a city's branch
            and c.start not in run.memo("place_ends", lambda: {p.end for p in run.accepted.get("PLACE", ())})
        ):
            # a central enterprise's or a major firm's name (中国建设银行, 宁德时代, 中海油), not
            # one a place opens (株洲中车: the firm's plant in that city)
            return True
        if "rule" not in c.feats or "hc=form" not in c.feats or not whole.endswith(self.registered):
            return False
        name = whole[: -len(next(f for f in self.registered if whole.endswith(f)))]
        if not (2 <= len(name) <= 20 and sum(is_cjk(ch) for ch in name) >= 2) or self.is_generic(name):
            return False
        return not _common_noun(run, name)  # what a firm does, not who it is (技术|有限公司)

    def widen(self, run: Run, chosen: list[Candidate]) -> list[Candidate]:
        """A registered name, or a central enterprise's, followed by a branch's tail that opens
        with a place the text names (某某股份有限公司 + 唐县支行, 某某有限公司 + 九江分公司, 农发行 +
        保定分行) is the branch's name: the name taken reaches to the tail's end, and what else
        was taken inside the tail gives way."""
        if not self.branches or not chosen:
            return chosen
        t = run.t
        wide: dict[int, Candidate] = {}
        for k, c in enumerate(chosen):
            name = t[c.start : c.end]
            if not name.endswith(self.registered) and self.known.get(name) != "central":
                continue
            for _id, pattern in self.branches:
                m = pattern.match(t, c.end)
                if m and run.starts_with_accepted("PLACE", c.end, m.end()):
                    wide[k] = Candidate(c.start, m.end(), m.end(), c.source, c.feats, score=c.score, group=c.group)
                    break
        if not wide:
            return chosen
        out = []
        for k, c in enumerate(chosen):
            if k in wide:
                out.append(wide[k])
            elif not any(w.start < c.end and c.start < w.end for w in wide.values()):
                out.append(c)
        return out

    def features(self, run: Run, c: Candidate) -> list[str]:
        t = run.t
        name = t[c.start : c.head]
        places = data_gazetteer("places")
        f = []
        for k in (4, 3, 2):
            if name[:k] in places and len(name) > k:
                f.append(f"pp={places[name[:k]]}")
                break
        known = self.known
        for k in range(min(len(name) - 1, 6), 1, -1):  # opens with a listed company (新强联精密轴承)
            if name[:k] in known:
                f.append(f"kp={known[name[:k]]}")
                break
        industry = self.industry
        if any(name[i : i + k] in industry for k in (2, 3) for i in range(len(name) - k + 1)):
            f.append("ind_in")
        if any(p.match(t, c.end, c.end + 14) for _id, p in self.then_project):
            f.append("then_project")
        if t.startswith((LIST_END, "、"), c.end):
            f.append("then_list")
        f.extend(self.evidence(run, c))
        # how many training reports write the name part (a sector, 康养 of 康养食品, is in many;
        # a firm's own name in few): the corpus statistic of the name, not only of the whole
        model = run.ex.model
        if model is not None and c.start < c.head < c.end:
            f.append(f"ncg={bucket(model.corpus_df.get(name, 0), CORPUS_BUCKETS)}")
        # a trade name (the name part, or the whole when it has none), or one opening it
        brands = brand_names()
        own = name or t[c.start : c.end]
        if own in brands:
            f.append("kb=w" if run.lex.freq(own) else "kb=1")
        else:
            for k in range(min(len(own) - 1, 5), 1, -1):
                if own[:k] in brands:
                    f.append(f"kbp={k}")
                    break
        return f

    late = NAME_SHAPE

    def late_features(self, run: Run, c: Candidate) -> list[str]:
        return run.name_shape(c)

    # -- evidence elsewhere in the text ---------------------------------------------

    def _evidence(self, run: Run) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """Built once per text: the two to six characters before each organisational form,
        bank's or firm's head (公司, 集团, 银行, 合作社: name -> [head offsets]); and the items
        of the lists the text presents as companies (name -> [item starts]; the first item by
        its last two to six characters, where the name may start)."""
        return run.memo("company:evidence", lambda: self._build_evidence(run))

    def _build_evidence(self, run: Run) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        t = run.t
        heads: dict[str, list[int]] = {}
        for hs, he, rule in self.head_matcher.find(t):
            # an industry word closes generic phrases too often (新能源, 数字科技): forms only
            if rule.cls in PRODUCT_CLASSES or self.skip_head(run, hs, he, rule):
                continue
            for k in range(2, 7):
                a = hs - k
                if a < 0 or not is_cjk(t[a]):
                    break
                heads.setdefault(t[a:hs], []).append(hs)
        lists: dict[str, list[int]] = {}
        for _cue_id, items in self._cued_lists(run):
            for k, (s, e) in enumerate(items):
                if k < len(items) - 1:
                    lists.setdefault(t[s:e], []).append(s)
                else:
                    for a in range(max(s, e - 6), e - 1):
                        lists.setdefault(t[a:e], []).append(a)
        return heads, lists

    def evidence(self, run: Run, c: Candidate) -> list[str]:
        """Whether the name part (the whole candidate when it has no head) occurs elsewhere in
        the text closed by an organisational form (宏瑞 in 宏瑞数字化物流园 where 宏瑞公司
        stands too), or as an item of a list of companies (宏瑞 where 宏瑞、嘉诚等企业 stands)."""
        heads, lists = self._evidence(run)
        name = run.t[c.start : c.head] if c.head > c.start else run.t[c.start : c.end]
        f = []
        if any(hs != c.head for hs in heads.get(name, ())):
            f.append("seen_head")
        if any(a != c.start for a in lists.get(name, ())):
            f.append("seen_list")
        return f

    # -- recurrence --------------------------------------------------------------------

    def short_forms(self, run: Run, c: Candidate) -> list[str]:
        """The name without the place before it and the form after it (宁川恒远化工有限公司 -> 恒远化工);
        none where what is left is a word the reports use everywhere: a string found in
        ``COMMON_IN_REPORTS`` training reports or more (the model's corpus statistics) is the
        firm's sector, not its name (临川文旅集团 leaves 文旅, which every report writes)."""
        name = run.t[c.start : c.end]
        places = data_gazetteer("places")
        for k in (4, 3, 2):
            if name[:k] in places and len(name) - k >= 4:
                name = name[k:]
                break
        for form in self.forms:
            if name.endswith(form) and len(name) - len(form) >= 2:
                name = name[: -len(form)]
                break
        for word in sorted(self.industry, key=len, reverse=True):  # 恒远化工科技 -> 恒远化工 -> ...
            if name.endswith(word) and len(name) - len(word) >= 4:
                name = name[: -len(word)]
                break
        if name != run.t[c.start : c.end] and 2 <= len(name) <= 8 and all_cjk(name) and not self.is_generic(name):
            model = run.ex.model
            if model is not None and model.corpus_df.get(name, 0) >= COMMON_IN_REPORTS:
                return []
            if not run.lex.is_word(name):
                return [name]
        return []

    def recurrence_ok(self, run: Run, s: int, e: int) -> bool:
        t = run.t
        if e < run.n and t.startswith(self.not_again_before, e):
            return False
        return s == 0 or not all_cjk(t[s - 1]) or run.lead_before(s)
