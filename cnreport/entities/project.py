"""PROJECT: named projects and works.

Candidates come from head words (项目, 工程, a phase, a facility word) at every
plausible start, from quoted programmes (“千村示范”工程), and from the items of
lists the text presents as projects (甲、乙等5个项目).  A section or phase after
a name extends it (某某高铁(北段)).  The model reads whether the clause presents
works as built (开工, 建成, 通车) and whether a company opens the name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..types import Label
from .base import GENERIC, HEAD, NOT_AFTER, HeadLabel, pattern_table, relative
from .registry import Table, pattern_union, patterns_of, register, words_of
from .toolkit import HARD, SOFT, Candidate, Matcher, bracket_items, bucket, clause_start, list_items_before

if TYPE_CHECKING:
    from .core import Run

__all__ = ["Projects"]

_CLOSE_QUOTES = '”"’」』'
_OPEN_QUOTES = '“"‘「『'


@register
class Projects(HeadLabel):
    label = Label.PROJECT
    rule_file = "projects.toml"
    tables = (
        HEAD,
        pattern_table("section"),
        pattern_table("list_cue"),
        pattern_table("bracket_cue"),
        Table("tail", ("words",), ("class",), unique=True),
        GENERIC,
        NOT_AFTER,
        Table("built_after", ("words",)),
        pattern_table("output"),
        Table("not_inside", ("words",)),
        Table("clause_word", ("words",)),
    )
    default_min = 2
    default_max = 40
    back = 60
    counts_name_nothing = False

    def __init__(self) -> None:
        super().__init__()
        self.sections = patterns_of(self.rule_file, self.table("section"), self.examples)
        self.list_cues = patterns_of(self.rule_file, self.table("list_cue"), self.examples)
        self.bracket_cues = patterns_of(self.rule_file, self.table("bracket_cue"), self.examples)
        tails: dict[str, tuple[str, str]] = {}
        for _at, entry in self._read("tail"):
            for w in entry["words"]:
                tails[w] = (w, str(entry.get("class", "after")))
        self.tails = Matcher(tails)
        self.built_after = words_of(self.rule_file, self.table("built_after"), self.examples)
        self.output = pattern_union(self.rule_file, self.table("output"), self.examples)
        self.not_inside = words_of(self.rule_file, self.table("not_inside"), self.examples)
        clause = sorted(words_of(self.rule_file, self.table("clause_word"), self.examples), key=len, reverse=True)
        self.clause_words = re.compile("|".join(map(re.escape, clause))) if clause else None
        # the words that make a name a project's for sure (项目, 工程): the heads of class "project"
        self.project_words = tuple(w for h in self.heads if h.cls == "project" for w in h.words)

    def propose(self, run: Run) -> Iterator[Candidate]:
        t = run.t
        base = list(self.head_candidates(run))
        for hs, he, rule in self.head_matcher.find(t):
            # “千村示范”工程: a quoted programme name
            if hs > 1 and t[hs - 1] in _CLOSE_QUOTES and rule.cls == "project":
                q = max(t.rfind(c, max(0, hs - 30), hs - 1) for c in _OPEN_QUOTES)
                if q >= 0 and not any(c in HARD and c not in _OPEN_QUOTES + _CLOSE_QUOTES for c in t[q + 1 : hs - 1]):
                    base.append(Candidate(q, he, hs, f"quote:{self.rule_file}", ["quoted", "rule"]))
                    base.append(Candidate(q + 1, hs - 1, hs - 1, f"quote:{self.rule_file}", ["quoted_inner"]))
        for cue_id, pattern in self.list_cues:
            for m in pattern.finditer(t):
                items = run.ex.shared.list_items(t, m.start(), run.joins_at)
                n = len(items)
                for k, (s, e) in enumerate(items):
                    if e - s < 2:
                        continue
                    feats = [f"cue={cue_id}", f"items={bucket(n, (1, 2, 3, 5))}"]
                    if k == n - 1:
                        for p, rel in run.name_starts(e, 2, min(30, e - s), back=e - s):
                            base.append(
                                Candidate(
                                    p,
                                    e,
                                    e,
                                    f"list:{cue_id}",
                                    [*feats, "pos=first", relative(rel), *(["rule"] if rel == 0 else [])],
                                    group=("h", e),
                                )
                            )
                    else:
                        base.append(Candidate(s, e, e, f"list:{cue_id}", [*feats, "pos=item", "rule"]))
        # 项目3个(甲、乙、丙): the items of a bracketed list the text counts as projects
        for cue_id, pattern in self.bracket_cues:
            for m in pattern.finditer(t):
                items = bracket_items(t, m.end())
                feats = [f"cue={cue_id}", f"items={bucket(len(items), (1, 2, 3, 5))}", "pos=item", "rule"]
                base.extend(Candidate(s, e, e, f"list:{cue_id}", feats) for s, e in items if e - s >= 2)
        # 推进某某建设, 某某建成通车: the works a build word follows
        for ts, te, (word, cls) in self.tails.find(t):
            if ts < 2:
                continue
            for p, rel in run.name_starts(ts, 2, 20, back=24):
                feats = [f"tail={word}", relative(rel), *(["rule"] if rel == 0 else [])]
                base.append(Candidate(p, ts, ts, f"tail:{self.rule_file}", feats, group=("t", ts)))
                if cls == "works":
                    base.append(Candidate(p, te, ts, f"tail:{self.rule_file}", [*feats, "tail_in"], group=("t", ts)))
        # 甲、乙、丙铁路: the items before a head that the list shares
        heads = sorted({c.head for c in base if c.source.startswith(self.rule_file)})
        for h in heads:
            cs = clause_start(t, h, self.back)
            # a list shares the head of its last item when that item is a name from its start (甲、乙、
            # 丙铁路), not a clause that a lead-in word runs on (甲、乙、丙在某地设立生产基地)
            if cs > 1 and t[cs - 1] == "、" and run.rule_start(cs, h, 2) == cs:
                for s, e in list_items_before(t, cs - 1)[:12]:
                    if 2 <= e - s <= 20:
                        base.append(Candidate(s, e, e, f"list:shared:{self.rule_file}", ["shared_head", "pos=item"]))
        yield from self.with_sections(run, base, self.sections)

    def admissible(self, run: Run, c: Candidate) -> bool:
        """A project's name holds no 的 outside quotes, no word of the clause around it
        (``[[clause_word]]``: 已, 正在, 因) and opens with a name, not a mark."""
        name = run.t[c.start : c.end]
        if any(w in name for w in self.not_inside) and not any(q in name for q in _OPEN_QUOTES):
            return False
        if self.clause_words is not None:
            for m in self.clause_words.finditer(run.t, c.start, c.end):
                a, b = m.span()
                # a word of the cut; one character only before a longer word (已/纳入, not 环/已/胺)
                if run.cuts_at(a) and run.cuts_at(b) and (b - a > 1 or (b + 1 < run.n and not run.cuts_at(b + 1))):
                    return False
        return name[0] not in "、,.;:)" and not run.ex.shared.opens_with_lead(name)

    def sure(self, run: Run, c: Candidate) -> bool:
        """A works named by its output (年产5万吨某某项目), from where the rules start it, with
        no second name joined to it, is a project."""
        name = run.t[c.start : c.end]
        return (
            "rule" in c.feats
            and self.output is not None
            and self.output.search(run.t, c.start, c.head) is not None
            and name.endswith(self.project_words)
            and "、" not in name
            and not any(w in name for w in run.ex.shared.list_joins)
            and not run.ex.shared.opens_with_lead(name)
        )

    def features(self, run: Run, c: Candidate) -> list[str]:
        t = run.t
        f = []
        # the clause around the candidate (40 characters each way at most): does it present
        # works as built?
        stops = run.hard_marks()
        j = bisect_left(stops, c.start)
        a = max(c.start - 40, stops[j - 1] + 1 if j > 0 else 0)
        k = bisect_left(stops, c.end)
        b = min(c.end + 40, stops[k] if k < len(stops) else run.n)
        cues = run.build_starts()
        i = bisect_left(cues, a)
        if i < len(cues) and cues[i] < b:
            f.append("build")
        co = run.starts_with_accepted("COMPANY", c.start, c.end)
        if co:
            f.append("co_first" if co < c.end else "co_same")
        if self.output is not None and self.output.search(t, c.start, c.head):
            f.append("output")
        after = run.right(c.end)  # past a bracketed figure after the name
        if t[after : after + 1] in SOFT:
            f.append("then_sep")
        conjunctions = run.ex.shared.conjunctions
        for k in range(c.start, c.end):  # two names joined (甲路和乙路): where, and what follows
            if t[k] in conjunctions:
                f.append(f"conj={'head' if k < c.start + 2 else 'mid'}")
                f.append(f"conj_r={t[k + 1 : k + 3]}")
                break
        if t.startswith(self.built_after, after):
            f.append("then_build")
        return f + run.context_pairs(c)
