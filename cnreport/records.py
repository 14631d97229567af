"""Indicator rows and project rows, built from the quantities, entities, times and outline.

A report states its figures in clauses: ``1至6月全镇规上企业工业总产值预计达61.52亿元，
同比增长12.5%``.  The text is cut into sentences (``。；``) and clauses (``，``
outside brackets); in each clause a figure's name is the text before it, its
change (``同比增长``), progress (``完成全年任务的``) and status (``预计``,
``力争``) come from the words around it, its period from the nearest time
expression of the clause, sentence or paragraph.  The words are data in
``rules/records.toml`` and ``rules/indicators.toml``.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import MAXYEAR, MINYEAR, date, timedelta
from decimal import Decimal
from itertools import accumulate, pairwise
from typing import Any

from .chars import CJK_CHAR, SENTENCE_END
from .entities.toolkit import past_note
from .lazy import once
from .loader import (
    Example,
    RuleError,
    UniqueSurfaces,
    on_forget,
    quantity_rules,
    require,
    table_words,
    word_entries,
)
from .normalize import Normalized, normalize
from .numbers import parse_number
from .segment import lexicon, word_table
from .structure import line_breaks, title_stance
from .times import review_spans, reviewed_year
from .types import (
    Approx,
    Basis,
    Change,
    Entity,
    Indicator,
    Kind,
    Label,
    ProjectRecord,
    Quantity,
    Report,
    Stance,
    Status,
    TimeExpression,
    TimeKind,
)

__all__ = ["RecordRules", "build_records", "record_rules"]

_LEVEL_KINDS = frozenset(Kind) - {Kind.VOLTAGE}  # 750千伏 names a class of works, never a level
# How far before a figure its name, change words and status words are looked for.
_REACH = 40
# how far back in its sentence a row looks for the place it is of (a sentence of thousands of
# names is read near the row)
_REGION_REACH = 200
# the bounds written after a level or a tier (亿元以上, 省级以上)
_BOUNDS = ("以上", "以下")
_CLAUSE_END = ","
# a count after a work its verb opens (新建某变电站一座, 新建某小学2所)
_NUMBER = "[0-9一二两三四五六七八九十百千]+"
_COUNT_AFTER = re.compile(_NUMBER + "[\u4e00-\u9fff]?")
_OPEN = "("
_CLOSE = ")"
# the unit of a multiple (增长2.4倍), a change whatever the level's unit
_MULTIPLE = "倍"
# stripped from the ends of a name (normalised text: full-width forms are ASCII)
_PUNCT = " \t、:\"“”‘’'《》〈〉【】[]{}()·-—"
_HEADING_PERIODS = frozenset({TimeKind.YEAR, TimeKind.HALF, TimeKind.QUARTER, TimeKind.MONTH, TimeKind.MONTH_RANGE})
_PART_OF_YEAR = _HEADING_PERIODS - {TimeKind.YEAR}
_RANGE_JOINS = frozenset({"-", "—", "–", "~", "～", "——", "至", "到"})
# what may open the noun a count counts: a quote mark or a title mark (两届“某某”论坛, 3部《某某》)
_NOUN_OPENERS = frozenset("“‘《\"'")
_LIST_HEAD = re.compile(r"([^,。;、()]{1,24}?项目)\s?([0-9一二三四五六七八九十两百xX]{1,4}个)?$")


@dataclass(frozen=True, slots=True)
class RecordRules:
    """The words of ``rules/records.toml`` and ``rules/indicators.toml``."""

    up: tuple[str, ...]
    down: tuple[str, ...]
    flat: tuple[str, ...]
    year_on_year: tuple[str, ...]
    previous_period: tuple[str, ...]
    compare_up: tuple[str, ...]
    compared_up: tuple[str, ...]
    compared_down: tuple[str, ...]
    not_compared: tuple[str, ...]
    followed: tuple[str, ...]
    compare_down: tuple[str, ...]
    progress: tuple[str, ...]
    progress_openers: tuple[str, ...]
    progress_ends: tuple[str, ...]
    change_fillers: tuple[str, ...]
    progress_fillers: tuple[str, ...]
    not_period: tuple[str, ...]
    not_topic: tuple[str, ...]
    named_times: tuple[str, ...]
    investment: tuple[str, ...]
    capacity: tuple[str, ...]
    investment_lead: tuple[str, ...]
    nominal: tuple[str, ...]
    takes_object: tuple[str, ...]
    not_after: tuple[str, ...]
    untold: re.Pattern[str] | None
    aim_openers: tuple[str, ...]
    aims: tuple[str, ...]
    conditions: tuple[str, ...]
    particles: tuple[str, ...]
    list_ends: tuple[str, ...]
    list_group: re.Pattern[str] | None
    built: tuple[str, ...]
    built_stages: tuple[str, ...]
    longest_status: int
    target: tuple[str, ...]
    estimate: tuple[str, ...]
    lead: tuple[str, ...]
    trail: tuple[str, ...]
    predicate: tuple[str, ...]
    keep: tuple[str, ...]
    statuses: tuple[tuple[str, tuple[str, ...]], ...]
    synonyms: tuple[tuple[str, str], ...]
    actual: tuple[str, ...] = ()
    not_cue: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    verb_nouns: tuple[str, ...] = ()
    verb_suffixes: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    level_words: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    group_money: tuple[str, ...] = ()
    group_heads: tuple[str, ...] = ()
    group_gap: tuple[str, ...] = ()
    counted: tuple[str, ...] = ()
    unit_ends: tuple[str, ...] = ()
    from_place: tuple[str, ...] = ()
    shared_tails: tuple[str, ...] = ()
    passed_marks: tuple[str, ...] = ()
    deadline: tuple[str, ...] = ()
    noun_then: tuple[str, ...] = ()
    rate_words: tuple[str, ...] = ()
    stage_order: tuple[str, ...] = ()
    inner_verbs: tuple[str, ...] = ()
    share_words: tuple[str, ...] = ()
    list_verbs: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    level_nouns: tuple[str, ...] = ()
    measured_verbs: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    not_base: tuple[str, ...] = ()
    day_counts: tuple[str, ...] = ()
    after_noun: tuple[str, ...] = ()
    count_heads: tuple[str, ...] = ()
    count_approx: tuple[str, ...] = ()
    shared_figure: tuple[str, ...] = ()
    not_shared: tuple[str, ...] = ()
    count_up: tuple[str, ...] = ()
    count_down: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    whole_ends: tuple[str, ...] = ()
    narrowing: tuple[str, ...] = ()
    ranks: tuple[str, ...] = ()
    split_names: tuple[tuple[str, tuple[str, ...]], ...] = ()
    base_before: tuple[str, ...] = ()
    from_words: tuple[str, ...] = ()
    from_fillers: tuple[str, ...] = ()
    yearly: tuple[str, ...] = ()
    review_not_cue: tuple[str, ...] = ()
    carried: tuple[str, ...] = ()
    spending: tuple[str, ...] = ()
    spent_on: tuple[str, ...] = ()
    spent: tuple[str, ...] = ()
    size_words: tuple[str, ...] = ()
    not_spent: tuple[str, ...] = ()
    abbreviations: tuple[tuple[str, str], ...] = ()
    by_suffix: dict[str, str] = field(default_factory=dict, repr=False)
    whole_ids: frozenset[str] = frozenset()  # ids a name takes only when it is one of theirs whole
    # what a table cell holds that is no row's label: a unit (亿元, 万吨, %) or a change word (增长)
    cell_words: frozenset[str] = frozenset()
    suffix_lengths: tuple[int, ...] = ()
    # ``regions`` as one pattern, built once with the rules (全省, not 全省级)
    region_words: re.Pattern[str] | None = field(default=None, repr=False)
    examples: tuple[Example, ...] = field(default=(), repr=False)


def _longest_first(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@once
def record_rules() -> RecordRules:
    """The record rules of the package and installed rule packs (read once)."""
    exs: list[Example] = []
    tables = {
        "change": (
            "up",
            "down",
            "flat",
            "year_on_year",
            "previous_period",
            "compare_up",
            "compared_up",
            "compared_down",
            "not_compared",
            "compare_down",
            "fillers",
            "not_period",
            "not_topic",
            "named_times",
            "not_base",
            "base_before",
            "from_words",
            "from_fillers",
            "yearly",
        ),
        "progress": ("words", "fillers", "openers", "ends"),
        "projects": (
            "investment",
            "investment_lead",
            "spending",
            "spent_on",
            "spent",
            "size_words",
            "not_spent",
            "capacity",
            "nominal",
            "takes_object",
            "not_after",
            "negations",
            "manners",
            "aims",
            "times",
            "aim_openers",
            "passed",
            "deadline",
            "followed",
            "conditions",
            "particles",
            "list_ends",
            "list_nouns",
            "built",
            "built_stages",
            "stage_order",
        ),
        "status": ("target", "estimate", "actual", "not_cue", "review_not_cue", "carried"),
        "names": (
            "lead",
            "trail",
            "predicate",
            "keep",
            "verbs",
            "verb_nouns",
            "verb_suffixes",
            "objects",
            "regions",
            "level_words",
            "tiers",
            "share_words",
            "list_verbs",
            "stages",
            "level_nouns",
            "measured_verbs",
            "levels",
            "day_counts",
            "after_noun",
            "count_heads",
            "count_approx",
            "shared_figure",
            "not_shared",
            "count_up",
            "count_down",
            "measures",
            "whole_ends",
            "narrowing",
            "ranks",
            "group_money",
            "group_heads",
            "group_gap",
            "counted",
            "unit_ends",
            "from_place",
            "shared_tails",
            "noun_then",
            "rate_words",
            "inner_verbs",
        ),
    }
    data = {
        f"{table}.{key}": words
        for table, keys in tables.items()
        for key, words in table_words("records.toml", table, keys, exs).items()
    }
    statuses: list[tuple[str, tuple[str, ...]]] = []
    for at, entry, words in word_entries("records.toml", "project_status", UniqueSurfaces("status word"), exs):
        statuses.append((require(entry, "id", str, at), words))
    synonyms: list[tuple[str, str]] = []
    whole_ids: set[str] = set()
    names = UniqueSurfaces("indicator name")
    for at, entry, words in word_entries("indicators.toml", "indicator", names, exs, "names"):
        iid = require(entry, "id", str, at)
        synonyms.extend((name, iid) for name in words)
        whole = entry.get("whole", False)
        if not isinstance(whole, bool):
            raise RuleError(f"{at}: 'whole' must be true or false")
        if whole:
            whole_ids.add(iid)
    synonyms.sort(key=lambda s: (-len(s[0]), s[0]))
    splits: list[tuple[str, tuple[str, ...]]] = []
    for at, entry, words in word_entries("records.toml", "split_name", UniqueSurfaces("split word"), exs):
        into = tuple(require(entry, "into", list, at))
        if len(into) < 2 or not all(isinstance(w, str) and w for w in into):
            raise RuleError(f"{at}: 'into' must list two or more words")
        splits.extend((w, into) for w in words)

    abbreviations: list[tuple[str, str]] = []
    for at, entry, words in word_entries("records.toml", "abbreviation", UniqueSurfaces("abbreviation"), exs):
        full = require(entry, "full", str, at)
        abbreviations.extend((w, full) for w in words)

    def get(key: str) -> tuple[str, ...]:
        return _longest_first(data.get(key, []))

    status_ids = {sid for sid, _words in statuses}
    built_stages = tuple(data.get("projects.built_stages", []))
    stage_order = tuple(data.get("projects.stage_order", []))
    unknown = (set(built_stages) | set(stage_order)) - status_ids
    if unknown:
        raise RuleError(f"records.toml: [projects] names no status of [[project_status]]: {sorted(unknown)}")
    if data.get("projects.built") and len(built_stages) != 2:
        raise RuleError("records.toml: [projects] built_stages must name two statuses, a review's and a plan's")

    return RecordRules(
        up=get("change.up"),
        down=get("change.down"),
        flat=get("change.flat"),
        year_on_year=get("change.year_on_year"),
        previous_period=get("change.previous_period"),
        compare_up=get("change.compare_up"),
        compared_up=get("change.compared_up"),
        compared_down=get("change.compared_down"),
        not_compared=get("change.not_compared"),
        followed=get("projects.followed"),
        compare_down=get("change.compare_down"),
        progress=get("progress.words"),
        progress_openers=get("progress.openers"),
        progress_ends=get("progress.ends"),
        change_fillers=get("change.fillers"),
        progress_fillers=get("progress.fillers"),
        not_period=get("change.not_period"),
        not_topic=get("change.not_topic"),
        named_times=get("change.named_times"),
        base_before=get("change.base_before"),
        from_words=get("change.from_words"),
        from_fillers=get("change.from_fillers"),
        yearly=get("change.yearly"),
        investment=get("projects.investment"),
        capacity=get("projects.capacity"),
        investment_lead=get("projects.investment_lead"),
        spending=get("projects.spending"),
        spent_on=_longest_first(get("projects.spent_on")),
        spent=get("projects.spent"),
        size_words=get("projects.size_words"),
        not_spent=get("projects.not_spent"),
        nominal=get("projects.nominal"),
        takes_object=get("projects.takes_object"),
        not_after=get("projects.not_after"),
        aim_openers=get("projects.aim_openers"),
        passed_marks=get("projects.passed"),
        deadline=get("projects.deadline"),
        aims=_longest_first(get("projects.aims")),
        untold=_untold(get("projects.negations"), get("projects.manners"), get("projects.aims"), get("projects.times")),
        conditions=get("projects.conditions"),
        particles=get("projects.particles"),
        list_ends=get("projects.list_ends"),
        list_group=_list_group(get("projects.list_ends"), get("projects.list_nouns")),
        built=get("projects.built"),
        built_stages=built_stages,
        stage_order=stage_order,
        longest_status=max((len(w) for _sid, words in statuses for w in (*words, *get("projects.built"))), default=0),
        target=get("status.target"),
        estimate=get("status.estimate"),
        lead=get("names.lead"),
        trail=get("names.trail"),
        predicate=get("names.predicate"),
        keep=get("names.keep"),
        statuses=tuple(statuses),
        synonyms=tuple(synonyms),
        actual=get("status.actual"),
        not_cue=get("status.not_cue"),
        review_not_cue=get("status.review_not_cue"),
        carried=get("status.carried"),
        verbs=get("names.verbs"),
        verb_nouns=get("names.verb_nouns"),
        verb_suffixes=get("names.verb_suffixes"),
        objects=get("names.objects"),
        regions=get("names.regions"),
        level_words=get("names.level_words"),
        tiers=get("names.tiers"),
        group_money=get("names.group_money"),
        group_heads=get("names.group_heads"),
        group_gap=get("names.group_gap"),
        counted=get("names.counted"),
        unit_ends=get("names.unit_ends"),
        from_place=get("names.from_place"),
        shared_tails=get("names.shared_tails"),
        noun_then=get("names.noun_then"),
        rate_words=get("names.rate_words"),
        inner_verbs=get("names.inner_verbs"),
        share_words=get("names.share_words"),
        list_verbs=get("names.list_verbs"),
        stages=get("names.stages"),
        level_nouns=get("names.level_nouns"),
        measured_verbs=get("names.measured_verbs"),
        levels=get("names.levels"),
        not_base=get("change.not_base"),
        day_counts=get("names.day_counts"),
        after_noun=get("names.after_noun"),
        count_heads=get("names.count_heads"),
        count_approx=get("names.count_approx"),
        shared_figure=get("names.shared_figure"),
        not_shared=get("names.not_shared"),
        count_up=get("names.count_up"),
        count_down=get("names.count_down"),
        measures=get("names.measures"),
        whole_ends=get("names.whole_ends"),
        narrowing=get("names.narrowing"),
        ranks=get("names.ranks"),
        split_names=tuple(sorted(splits, key=lambda x: -len(x[0]))),
        abbreviations=tuple(sorted(abbreviations, key=lambda x: -len(x[0]))),
        by_suffix=dict(synonyms),
        whole_ids=frozenset(whole_ids),
        suffix_lengths=tuple(sorted({len(n) for n, _ in synonyms}, reverse=True)),
        region_words=_words_pattern(get("names.regions"), r"(?![级域])"),
        cell_words=_cell_words(
            get("change.up")
            + get("change.down")
            + get("change.year_on_year")
            + get("change.previous_period")
            + get("names.lead")
            + get("names.trail")
        ),
        examples=tuple(exs),
    )


on_forget(record_rules.cache_clear)


# ---------------------------------------------------------------------------
# text structure


@dataclass(frozen=True, slots=True)
class _Clause:
    start: int
    end: int
    sentence: int  # index of the sentence
    paragraph: int  # index of the paragraph


_DELIMS = re.compile("[" + re.escape(SENTENCE_END + _CLAUSE_END + _OPEN + _CLOSE) + "]")


class _Clauses(Sequence[_Clause]):
    """The clauses of a text in four integer arrays (``code``: their type), a ``_Clause``
    made on each access: a long report has hundreds of thousands, which as objects took most
    of the memory the records needed."""

    __slots__ = ("ends", "paragraphs", "sentences", "starts")

    def __init__(self, code: str) -> None:
        self.starts = array(code)
        self.ends = array(code)
        self.sentences = array(code)
        self.paragraphs = array(code)

    def append(self, start: int, end: int, sentence: int, paragraph: int) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.sentences.append(sentence)
        self.paragraphs.append(paragraph)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> _Clause:  # type: ignore[override]
        return _Clause(self.starts[i], self.ends[i], self.sentences[i], self.paragraphs[i])

    def __iter__(self) -> Iterator[_Clause]:
        return map(_Clause, self.starts, self.ends, self.sentences, self.paragraphs)


class _Spans(Sequence[tuple[int, int]]):
    """(start, end) spans in two integer arrays, sorted by start."""

    __slots__ = ("ends", "starts")

    def __init__(self, code: str) -> None:
        self.starts = array(code)
        self.ends = array(code)

    def append(self, span: tuple[int, int]) -> None:
        self.starts.append(span[0])
        self.ends.append(span[1])

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> tuple[int, int]:  # type: ignore[override]
        return self.starts[i], self.ends[i]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends, strict=True)


def _offsets(text: str) -> str:
    """The array type code that holds every offset of ``text``: 4 bytes each below 2**31."""
    return "i" if array("i").itemsize >= 4 and len(text) < 2**31 else "q"


def _clauses(text: str) -> tuple[_Clauses, _Spans, _Spans]:
    """Clauses, sentence spans, and the spans of top-level brackets (open, close).

    Only the delimiter characters are visited (one regex pass)."""
    code = _offsets(text)
    clauses = _Clauses(code)
    sentences = _Spans(code)
    brackets = _Spans(code)
    depth = opened = 0
    start = sent_start = 0
    sentence = paragraph = 0
    n = len(text)
    for m in _DELIMS.finditer(text):
        i = m.start()
        ch = text[i]
        if ch in _OPEN:
            if depth == 0:
                opened = i
            depth += 1
            continue
        if ch in _CLOSE:
            if depth:
                depth -= 1
                if depth == 0:
                    brackets.append((opened, i))
            continue
        end_sentence = ch in SENTENCE_END
        if not end_sentence and (
            depth or (ch == "," and 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit())
        ):
            continue
        if i > start:
            clauses.append(start, i, sentence, paragraph)
        start = i + 1
        if end_sentence:
            if i > sent_start:
                sentences.append((sent_start, i))
            sent_start = i + 1
            sentence = len(sentences)
            if depth:
                brackets.append((opened, i))
            depth = 0
            if ch == "\n":
                paragraph += 1
    if n > start:
        clauses.append(start, n, sentence, paragraph)
    if n > sent_start:
        sentences.append((sent_start, n))
    if depth:
        brackets.append((opened, n))
    return clauses, sentences, brackets


def _first_word(s: str) -> str:
    """The longest dictionary word of two to four characters ``s`` opens with, or ""."""
    freq = word_table().freq
    return next((s[:k] for k in (4, 3, 2) if k <= len(s) and freq(s[:k])), "")


def _opens_word(s: str) -> bool:
    """Whether ``s`` opens with a dictionary word of two to four characters."""
    return bool(_first_word(s))


def _strip_words(s: str, lead: tuple[str, ...], trail: tuple[str, ...], keep: tuple[str, ...] = ()) -> str:
    changed = True
    while changed and s:
        changed = False
        s = s.strip(_PUNCT)
        if s.startswith(lead) and s not in keep:  # most names open with no lead word: one test
            for w in lead:
                if s.startswith(w):
                    if len(w) == 1 and _opens_word(s):
                        continue  # 并 of 并购重组, 可 of 可再生能源, 共 of 共享: a word's first character
                    s, changed = s[len(w) :], True
                    break
        if s.endswith(keep) or not s.endswith(trail):
            continue
        for w in trail:
            if s.endswith(w):
                s, changed = s[: -len(w)], True
                break
    return s.strip(_PUNCT)


# ---------------------------------------------------------------------------
# indicators


@dataclass(slots=True)
class _Row:
    """An Indicator while it is being built (its change and progress arrive from
    later clauses); ``fields()`` hands its values to the frozen Indicator."""

    start: int
    end: int
    name: str
    value: Quantity | None = None
    change: Change | None = None
    progress: Quantity | None = None
    period: TimeExpression | None = None
    status: Status = Status.ACTUAL
    stance: Stance = Stance.OTHER
    region: str | None = None
    # named by a clause whose figure is a threshold it passed (地区生产总值连跨两个万亿元台阶):
    # a row only when a later clause of the sentence gives it a change or a level
    subject: bool = False

    def fields(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclass_fields(self) if f.name != "subject"}


class _Builder:
    def __init__(self, report: Report, norm: Normalized | None = None) -> None:
        self.report = report
        self.rules = record_rules()
        self.text = (norm if norm is not None and norm.original is report.text else normalize(report.text)).text
        self.clauses, self.sentences, self.brackets = _clauses(self.text)
        self.clause_starts = self.clauses.starts
        self.sentence_starts = self.sentences.starts
        breaks = line_breaks(self.text)  # also the escaped \\n of text copied out of a CSV cell
        code = self.clause_starts.typecode
        self.newlines = array(code, (a for a, _ in breaks))
        self.newline_ends = array(code, (b for _, b in breaks))
        self.bracket_starts = self.brackets.starts

        self.all_times = list(report.times)
        self.all_time_starts = [t.start for t in self.all_times]
        # periods: not comparison bases (去年同期), not times inside brackets, nor a part of a
        # plan's name (实现2035年远景目标)
        self.times = [
            t
            for t in report.times
            if t.kind is not TimeKind.TIME
            and not (t.kind is TimeKind.DATE and "·" in t.text)  # 新余“1·24”火灾: an event's name
            and not any(w in t.text for w in self.rules.not_period)
            and not self.text[max(0, t.start - 2) : t.start].endswith(self.rules.base_before)
            and not self.text.startswith(self.rules.named_times, t.end)
            and self._bracket(t.start) is None
        ]
        self.time_starts = [t.start for t in self.times]
        self.project_entities = [e for e in report.entities if e.label is Label.PROJECT]
        self.project_starts = [e.start for e in self.project_entities]
        self.project_starts_set = frozenset(self.project_starts)
        self.project_reach = list(accumulate((e.end for e in self.project_entities), max))
        self._kept: dict[int, bool] = {}  # _kept_away, by a project's start
        self._aims: dict[int, bool] = {}  # _aimed, by the index of the clause a walk back starts at
        self._title_named: tuple[tuple[TimeExpression, ...], Stance | None] | None = None  # _title_time
        self._hits: tuple[list[int], list[tuple[int, int, str]]] | None = None  # _status_hits
        self._before: dict[tuple[int, int], tuple[str, int, int] | None] = {}  # _status_before
        self._hit_ok: dict[int, bool] = {}  # _counts
        self.places = [e for e in report.entities if e.label is Label.PLACE]
        self.named = [e for e in report.entities if e.label is not Label.PLACE]
        self.named_starts = [e.start for e in self.named]
        self.named_reach = list(accumulate((e.end for e in self.named), max))
        self.place_starts = [e.start for e in self.places]
        self.quantity_starts = [q.start for q in report.quantities]
        # the notes that explain a report's terms, one a line ([3]一村一品：是指…): no figures
        self.glossary = [(m.start(), m.end()) for m in _GLOSSARY_LINE.finditer(self.text)]
        # or all that follows a heading of notes in the report's last half (附：名词解释, ※注释※)
        heads = [m.start() for m in _GLOSSARY_HEADING.finditer(self.text, len(self.text) // 2)]
        if heads:
            self.glossary = [g for g in self.glossary if g[1] <= heads[-1]] + [(heads[-1], len(self.text))]
        self.glossary_starts = [a for a, _ in self.glossary]

    # -- helpers -----------------------------------------------------------

    def _in_glossary(self, at: int) -> bool:
        i = bisect_left(self.glossary_starts, at + 1) - 1
        return i >= 0 and self.glossary[i][0] <= at < self.glossary[i][1]

    def _bracket(self, at: int) -> tuple[int, int] | None:
        """The top-level bracket span that ``at`` sits inside, if any."""
        i = bisect_left(self.bracket_starts, at) - 1
        if i >= 0 and self.brackets[i][0] < at < self.brackets[i][1]:
            return self.brackets[i]
        return None

    def _times_in(self, a: int, b: int, *, every: bool = False) -> list[TimeExpression]:
        times, starts = (self.all_times, self.all_time_starts) if every else (self.times, self.time_starts)
        i = bisect_left(starts, a)
        out = []
        while i < len(times) and times[i].start < b:
            if times[i].end <= b:
                out.append(times[i])
            i += 1
        return out

    def _first_time(self, a: int, b: int) -> TimeExpression | None:
        i = bisect_left(self.time_starts, a)
        if i < len(self.times) and self.times[i].end <= b:
            return self.times[i]
        return None

    def _last_time(self, a: int, b: int) -> TimeExpression | None:
        i = bisect_left(self.time_starts, b) - 1
        while i >= 0 and self.times[i].start >= a:
            if self.times[i].end <= b:
                return self.times[i]
            i -= 1
        return None

    def _compared(self, t: TimeExpression) -> bool:
        """Whether the clause of a year ``t`` compares it with a year more than one before it or
        with a plan (2025年服务业占比较2020年提高3个百分点): the end of a span's change, not a
        frame (2026年全市生产总值比2025年增长5.5% is a year on the year before)."""
        if t.first_day is None or t.last_day is None or t.first_day.year != t.last_day.year:
            return False
        c = self._clause_at(t.start)
        m = _COMPARED.search(self.text, t.end, c.end if c is not None else t.end + _REACH)
        if m is None:
            return False
        base = m.group(1)
        return base is None or t.first_day.year - int(base) > 1

    def _plan_named(self, t: TimeExpression) -> bool:
        """Whether a plan's span, written bare inside its clause, names a thing acted on and not
        the sentence's time (落实“十五五”园区发展规划，…; 建设“十四五”批复的基地，…), unlike the
        plan itself or its aims (完成“十四五”规划目标任务，…年均增长6.1%)."""
        if not _BARE_PLAN.fullmatch(t.text) or _PLAN_FRAME.match(self.text, t.end):
            return False
        c = self._clause_at(t.start)
        return c is not None and t.start > c.start

    def _period(self, clause: _Clause, at: int) -> TimeExpression | None:
        """The last time of the clause before ``at``, else the first of the sentence
        before the clause, else the first of the paragraph before the sentence."""
        own = self._last_time(max(clause.start, at - 2 * _REACH), at)
        if own is not None and not own.text.startswith(self.rules.not_topic):
            return own  # not how long a figure has held (连续6年稳定在325天)
        s_start, _ = self.sentences[clause.sentence] if clause.sentence < len(self.sentences) else (clause.start, 0)
        lead = self._clause_at(s_start)
        earlier = self._first_time(s_start, min(clause.start, lead.end if lead is not None else clause.start))
        if earlier is not None and not earlier.text.startswith(self.rules.not_topic) and not self._plan_named(earlier):
            return earlier  # not how long a figure has held (增速连续30个月居全国前列，…)
        # parts of one sentence joined by ； share the time its first part opens with
        # (2020年生产总值达到…；一般公共预算收入增长到…)
        i = clause.sentence
        while 0 < i < len(self.sentences) and self.text[self.sentences[i][0] - 1] == ";":
            i -= 1
            first = self._clause_at(self.sentences[i][0])
            if first is not None:
                opening = self._first_time(first.start, first.end)
                if opening is not None and opening.start - first.start <= 2:
                    return opening
        k = bisect_left(self.newlines, s_start) - 1
        p_start = self.newline_ends[k] if k >= 0 else 0
        sec = self.report.section_at(s_start)
        if sec is not None:
            # a paragraph never starts before its heading; a heading run into its paragraph opens
            # it only with a time of its own ((一)“十五五”发展目标。到2030年，… but not
            # 一、外贸较快增长。1-10月，…)
            inline = sec.heading_end > p_start and not self._times_in(sec.heading_start, sec.heading_end)
            p_start = max(p_start, sec.heading_end if inline else sec.start)
        j = bisect_left(self.sentence_starts, p_start)
        if j + 1 < len(self.sentences) and self.sentences[j + 1][0] < s_start:
            a, b = self.sentences[j]
            if b - a <= _SALUTATION and "!" in self.text[a : b + 1] and not self._times_in(a, b):
                j += 1  # 各位代表！刚刚过去的2020年，…: the salutation opens no time
        if j < len(self.sentences) and self.sentences[j][0] < s_start:
            # the paragraph's opening sentence sets its time (刚刚过去的2025年，…); no other sentence
            # does, nor a duration there (连续24个月保持两位数增长)
            a, b = self.sentences[j]
            k = bisect_left(self.time_starts, a)
            while k < len(self.times) and self.times[k].end <= b:
                t = self.times[k]
                if not t.text.startswith(self.rules.not_topic):
                    # as its frame, near its start (刚刚过去的2025年，…; after a label's colon: 奋斗目标
                    # 是：到2007年，…), not inside it (全省生产总值连跨3个台阶，2025年人均生产总值…)
                    label = max(a, self.text.rfind("：", a, t.start) + 1, self.text.rfind(":", a, t.start) + 1)
                    if t.start - label <= _OPENING_REACH and not self._compared(t):
                        return t
                    if _BARE_PLAN.fullmatch(t.text) and _PLAN_FRAME.match(self.text, t.end):
                        return t  # 我们编制了“十五五”规划纲要，…: the plan the paragraph is about
                    break
                k += 1
        section = self._section_time(at) or self._section_year(at)
        if section is not None:
            return section
        title = self._title_time(at)
        if title is None or title.first_day is None or title.last_day is None:
            return title
        s_end = self.sentences[clause.sentence][1] if clause.sentence < len(self.sentences) else clause.end
        for t in self._times_in(s_start, s_end, every=True):
            if t.first_day is None or t.last_day is None or self.text.endswith(self.rules.base_before, 0, t.start):
                continue  # a span (连续3年) or a comparison's base (较2023年同期) dates nothing
            if t.first_day < title.first_day or t.last_day > title.last_day:
                return None  # a time of the sentence outside the title's (2023年同期，…): not the title's
        return title

    def _title_time(self, at: int) -> TimeExpression | None:
        """The period the report's title names, for a figure that neither its own words, its
        paragraph nor its section dates: the part of a year a summary covers (某县2024年上半年工作
        总结, 2024年1-6月经济运行情况), or the year a summary or a plan is of (2024年工作总结,
        2025年工作要点); in a plan section, the last of two the title names (上半年工作情况及下半年
        工作计划), or a plan's own; outside a review or a plan section, only the time of a title
        that is a summary's or a plan's alone. The year of a government work report's title
        (2026年政府工作报告) is when it is delivered, not what its figures cover: none."""
        if self._title_named is None:
            self._title_named = ((), None)
            title = self.report.title
            at_title = self.text.find(title) if title else -1
            if title and at_title >= 0:
                found = [
                    t
                    for t in self._times_in(at_title, at_title + len(title), every=True)
                    if t.kind in _HEADING_PERIODS and t.first_day is not None
                ]
                self._title_named = (tuple(found), title_stance(title))
        named, title = self._title_named
        if not named:
            return None
        section = self._stance(at)
        if section is Stance.PLAN:
            return named[-1] if len(named) > 1 or title is Stance.PLAN else None
        if section is Stance.REVIEW:
            return named[0] if title is not Stance.PLAN else None
        # a section of neither: the title's one time where the title is a summary's or a plan's
        # only (not 2024年计划执行情况与2025年计划草案)
        if len(named) > 1:
            return None
        return (
            named[0]
            if title in (Stance.REVIEW, Stance.PLAN) or (title is None and named[0].kind in _PART_OF_YEAR)
            else None
        )

    def _section_time(self, at: int) -> TimeExpression | None:
        """The year or part of one its section's heading names (2025年工作回顾, 上半年工作回顾),
        else the whole years it names (“十五五”时期主要目标), innermost first; of a heading that
        names two (“十四五”时期和2025年工作回顾), the one the text last turned to (``_turned_to``)."""
        chain = []
        level = self.report.sections
        while level:
            sec = next((x for x in level if x.start <= at < x.end), None)
            if sec is None:
                break
            chain.append(sec)
            level = sec.children
        for sec in reversed(chain):
            times = self._times_in(sec.heading_start, sec.heading_end)
            named = [t for t in times if (t.kind in _HEADING_PERIODS and t.first_day is not None) or _whole_years(t)]
            if len(named) > 1:
                turned = self._turned_to(named, sec.heading_end, at)
                if turned is not None:
                    return turned
            for t in times:
                if t.kind in _HEADING_PERIODS and t.first_day is not None:
                    if len(named) > 1 and named[0] is not t and _whole_years(named[0]):
                        return named[0]  # “十四五”时期和2025年: the span is reviewed first
                    return t
            # “十五五”时期主要目标任务: whole years, when the heading names no single one
            span = next((t for t in times if _whole_years(t)), None)
            if span is not None:
                return span
        return None

    def _turned_to(self, named: list[TimeExpression], a: int, at: int) -> TimeExpression | None:
        """Of the times a heading names, the one whose days the last time opening a sentence
        between ``a`` and ``at`` has (刚刚过去的2025年…, 五年来，…, 今后五年，…): a review of a
        year and a plan's span turns from one to the other."""
        i = bisect_left(self.time_starts, at) - 1
        while i >= 0 and self.times[i].start >= a:
            t = self.times[i]
            i -= 1
            k = bisect_left(self.sentence_starts, t.start + 1) - 1
            if k < 0 or t.start - self.sentence_starts[k] > _OPENING_REACH:
                continue
            if self._plan_named(t) or self._compared(t):
                continue  # 出台“十五五”支持稀土产业…的政策: a plan acted on turns nothing, nor does the
                # end of a comparison (2025年服务业占比较2020年提高…, within a five-year review)
            days = (t.first_day, t.last_day)
            hit = next((h for h in named if (h.first_day, h.last_day) == days), None)
            if hit is not None and t.first_day is not None:
                return hit
        return None

    def _section_year(self, at: int) -> TimeExpression | None:
        """In a report delivered early in the year (it reviews the year before), a top-level
        review section whose heading names no time covers the year under review, and a
        plan section the year of the report: a time of no text at the heading's start."""
        ref = self.report.reference_date
        sec = next((x for x in self.report.sections if x.start <= at < x.end), None)
        if ref is None or sec is None or reviewed_year(ref) == ref.year:
            return None
        if sec.stance is Stance.REVIEW:
            year = next((y for s, e, y in review_spans((sec,), ref) if s == sec.start), ref.year - 1)
        elif sec.stance is Stance.PLAN and not self._times_in(sec.heading_start, sec.heading_end):
            year = ref.year
        else:
            return None
        if not MINYEAR <= year <= MAXYEAR:
            return None  # a reference date at the calendar's edge (0001-01-01): no year before it
        at = sec.heading_start
        return TimeExpression(at, at, "", TimeKind.YEAR, date(year, 1, 1), date(year, 12, 31))

    def _status(self, clause: _Clause, at: int) -> Status:
        """From the clause itself, else the lead clause of its sentence, else, for a
        series of sentences joined by ；, the nearest lead clause before it with a cue
        of its own; a clause that opens with a completion verb (完成, 实现) is a result
        of its own, and so are the items after it (预计生产总值增长5%；完成投资75亿元；
        存贷款余额分别达到…: only the first is an estimate)."""
        stance = self._stance(at)
        done = Status.TARGET if stance is Stance.PLAN else Status.ACTUAL
        review = stance is Stance.REVIEW
        # the plan a figure is the progress of is no cue (分别完成年计划的118%)
        at = clause.start + len(self._unplanned(self.text[clause.start : at]))
        heads = [self._uncued(self.text[max(clause.start, at - _REACH) : at], review)]
        sentence = clause.sentence
        own = self.text[clause.start : at].lstrip(_PUNCT)
        cues = self.rules.target + self.rules.estimate
        if own.startswith(self.rules.actual) and not any(w in heads[0] for w in cues):
            return done
        for head in heads:
            if any(w in head for w in self.rules.target):
                return Status.TARGET
            if any(w in head for w in self.rules.estimate):
                return Status.ESTIMATE
        if not review and not any(w in heads[0] for w in self.rules.actual) and self._aimed(clause):
            if not self._begun(clause, at):
                return Status.TARGET
        for _ in range(12):
            if sentence >= len(self.sentences):
                break
            s_start, _end = self.sentences[sentence]
            lead = self._clause_at(s_start)
            if lead is not None:
                head = self._uncued(self.text[lead.start : min(lead.end, at, lead.start + _REACH)], review)
                # in a review section an aim of the sentence's lead (推进倍增计划，新增企业1家)
                # is not the status of the results after it
                if not review and any(w in head for w in self.rules.target):
                    return Status.TARGET
                if any(w in head for w in self.rules.estimate):
                    return Status.ESTIMATE
                if head.lstrip(_PUNCT).startswith(self.rules.actual):
                    return done
            if sentence == 0 or self.text[s_start - 1] != ";":
                break
            sentence -= 1
        return done

    def _aimed(self, clause: _Clause) -> bool:
        """Whether an earlier clause of the sentence opens with an aim (力争, 确保) and a figure of
        its own, with no figure before it in the sentence, which the clauses after it share
        (…，力争生产总值增长6%，财政收入增长5%), no clause between opening with a result (完成,
        实现). An aim with no figure (确保经济平稳运行，生产总值增长6.5%; 力争上游) says how results
        were reached, not what they are to be."""
        k = bisect_left(self.clause_starts, clause.start) - 1
        seen = []  # the clauses walked back over share the answer: each is read once a report
        answer = False
        while k >= 0 and self.clauses.sentences[k] == clause.sentence:
            if k in self._aims:
                answer = self._aims[k]
                break
            seen.append(k)
            a, b = self.clauses.starts[k], self.clauses.ends[k]
            own = self._uncued(self.text[a:b]).lstrip(_PUNCT)
            if own.startswith(self.rules.carried):
                # a figure of its own, and none before it in the sentence (增长7.6%，确保…，…: results
                # reported around an aim)
                s_start = self.sentences[clause.sentence][0]
                i = bisect_left(self.quantity_starts, a)
                answer = (
                    i < len(self.quantity_starts)
                    and self.quantity_starts[i] < b
                    and bisect_left(self.quantity_starts, s_start) == i
                )
                break
            if own.removeprefix("实际").startswith(self.rules.actual):
                break  # 完成投资45亿元, 实际完成投资45亿元: a result
            k -= 1
        for j in seen:
            self._aims[j] = answer
        return answer

    def _begun(self, clause: _Clause, at: int) -> bool:
        """Whether the figure's period had begun a month or more before the report's date
        (上半年…，确保安全生产，产值增长8% in a summary of July, 全年… in one of December:
        results, whatever aim opens a clause before them)."""
        ref = self.report.reference_date
        if ref is None:
            return False
        period = self._period(clause, at)
        return period is not None and period.first_day is not None and period.first_day <= ref - timedelta(days=30)

    def _unplanned(self, head: str) -> str:
        """``head`` before the progress phrase it ends with (完成年度投资计划的), if any."""
        cut = self._progress(head)
        return head if cut is None else cut

    def _uncued(self, head: str, review: bool = False) -> str:
        """``head`` without the phrases that hold a cue word and are none (稳预期, 争取到位),
        and in a review section without the words that report a result there (全年争取上级资金)."""
        for w in (*self.rules.not_cue, *(self.rules.review_not_cue if review else ())):
            head = head.replace(w, "")
        return _QUOTED_NAME.sub("", head)  # a name in quotes holds no cue (享受“雨露计划”的…)

    def _stance(self, at: int) -> Stance:
        sec = self.report.section_at(at)
        return sec.stance if sec is not None else Stance.OTHER

    def _region(self, clause: _Clause, at: int) -> str | None:
        own = self._region_in(clause.start, at)
        if own is not None or clause.sentence >= len(self.sentences):
            return own
        # else the sentence's subject: a place that opens it (六安市坚持生态优先，森林覆盖率…;
        # 在浦东新区，…)
        s_start = self.sentences[clause.sentence][0]
        lead = self.text[s_start : s_start + 1]
        first = s_start + 1 if lead == "在" else s_start
        i = bisect_left(self.place_starts, first)
        if (
            i < len(self.places)
            and self.places[i].start == first
            and self.places[i].end <= clause.start
            and "\n" not in self.text[first : clause.start]  # not a title's place over its text
        ):
            p = self.places[i]
            if not self._inside_name(p.start, p.end) and not self._inside_project(p.start, p.end):
                return p.text
        return None

    def _region_in(self, s_start: int, at: int) -> str | None:
        """The last place before ``at`` from ``s_start`` on that is no part of a name or quotation."""
        i = bisect_left(self.place_starts, at) - 1
        since = max(s_start, at - _REGION_REACH)
        while i >= 0 and self.places[i].start >= since:
            p = self.places[i]
            i -= 1
            # not a place inside a work's name past its start (合浦至湛江铁路) nor in a quotation
            # that holds more than the place (“中国深度”, 《上海市…条例》; “长株潭” is one)
            if (
                p.end > at
                or self._quoted(p.start, p.end, s_start)
                or self.text.startswith(self.rules.from_place, p.end)
            ):
                continue  # 港澳台商投资企业: who invests, not where
            if self._inside_project(p.start, p.end) and not self._project_opens(p.start):
                continue
            if self._inside_name(p.start, p.end) and not self._unit_work(p):
                continue  # 柳林公园, 江西农商联合银行, 赣南实验室: a place in a name is no region
            return p.text
        return None

    def _unit_work(self, place: Entity) -> bool:
        """Whether ``place`` is a division that opens a work's name (涞水县城区供水工程): the
        region of the work's rows."""
        return self._project_opens(place.start) and place.text.endswith(self.rules.unit_ends)

    def _inside_name(self, a: int, b: int) -> bool:
        """Whether ``[a, b)`` is a part of a longer company, project or water body's name."""
        i = bisect_left(self.named_starts, a + 1) - 1
        return i >= 0 and self.named_reach[i] >= b and (self.named[i].start, self.named_reach[i]) != (a, b)

    def _quoted(self, a: int, b: int, since: int) -> bool:
        """Whether ``[a, b)`` stands inside quote or title marks opened after ``since`` that
        hold more than it."""
        t = self.text
        for open_, close in (("“", "”"), ("‘", "’"), ("《", "》"), ("「", "」")):
            k = t.rfind(open_, since, a)
            if k > t.rfind(close, since, a):
                return not (k == a - 1 and t.startswith(close, b))
        if t.count('"', since, a) % 2:
            return not (t.endswith('"', since, a) and t.startswith('"', b))
        return False

    def _project_opens(self, at: int) -> bool:
        """Whether a project's name starts at ``at`` (涞水县城区供水工程)."""
        i = bisect_left(self.project_starts, at)
        return i < len(self.project_starts) and self.project_starts[i] == at

    def _attributive(self, q: Quantity) -> bool:
        """A count followed by the noun it counts: 3家化工企业, 3个亿元项目; money that
        bounds a noun: 10亿元以上重大产业项目, 5亿元及以上的项目."""
        if q.kind is Kind.MONEY:
            return bool(_BOUND_NOUN.match(self.text, q.end)) or (
                q.approx in (Approx.MORE_THAN, Approx.AT_LEAST) and self._noun_after(q.end)
            )
        if q.kind is not Kind.COUNT or q.end >= len(self.text):
            return False
        end = self._spec_end(self._past_approx(q))
        if end < len(self.text) and self.text[end] in _NOUN_OPENERS:  # 举办两届“某某”论坛: a quoted noun
            end += 1
        if end >= len(self.text) or not CJK_CHAR.match(self.text[end]):
            return False
        if self.text[end] in "和及与" and _FIGURE_NEXT.match(self.text, end + 1):
            return False  # 分别新增12项和44项: the next figure of a list, no noun
        return not self.text.startswith(self.rules.predicate, end)

    def _spec_end(self, at: int) -> int:
        """Past the voltage classes that open a noun at ``at`` (750千伏和330千伏电网工程) or a grade
        written with digits or letters (2家4A级景区, 3家AAA级景区), or ``at``."""
        grade = _GRADE.match(self.text, at)
        if grade is not None:
            return grade.end()
        end = at
        for v in self._quantities(at, at + 24):
            if v.start != end or v.kind is not Kind.VOLTAGE:
                break
            end = v.end
            if self.text.startswith(_LIST_JOINS, end) and any(
                x.start == end + 1 and x.kind is Kind.VOLTAGE for x in self._quantities(end + 1, end + 2)
            ):
                end += 1
        return end

    def _policy_count(self, q: Quantity) -> bool:
        """A count that closes a quotation of six characters at most names a policy (出台“26条”,
        “八抓20项”): a quantity, but no figure of a row."""
        if q.kind is not Kind.COUNT or not self.text.startswith("”", q.end):
            return False
        opening = self.text.rfind("“", max(0, q.end - 7), q.start + 1)
        return opening >= 0 and "”" not in self.text[opening : q.end]

    def _noun_after(self, at: int) -> bool:
        """Whether a noun (jieba's tag) follows ``at``, after a 的: 超10亿元重大项目14个 and
        经济总量超500亿元的县域 bound the noun, they are no level of their own."""
        if self.text.startswith("的", at):
            at += 1
        rest = self.text[at : at + 8]
        if not rest or not CJK_CHAR.match(rest[0]):
            return False
        table = word_table()
        word = rest[: table.cut_ends(rest)[1]]
        return len(word) > 1 and table.tag(word, "").startswith("n") and not rest.startswith(self.rules.level_nouns)

    def _next_item(self, last: _Row, start: int) -> bool:
        """Whether only 、 (after the last row's approximation word) stands between the last row
        and ``start``: 新开工43个以上、竣工38个以上."""
        end = self._past_approx(last.value) if last.value is not None and last.value.end == last.end else last.end
        return self.text[end:start] == "、"

    def _past_approx(self, q: Quantity) -> int:
        """Where the noun a count counts would start: after an approximation word that
        stands between them (3个以上先进制造业集群, 5家左右验证中心)."""
        for w in self.rules.count_approx:
            if self.text.startswith(w, q.end):
                return q.end + len(w)
        return q.end

    def _counted(self, clause: _Clause, q: Quantity) -> _Row | None:
        """新创建2个国家级乡村振兴示范县, 81项民生工程扎实推进: a count whose noun runs to
        the end of its clause (a project-status phrase aside) and ends with one of the
        nouns things are counted in is a row named by that noun."""
        at = self._past_approx(q)
        spec = self._spec_end(at)  # 20个500千伏输变电工程: the class is part of the noun
        rest = self.text[spec : clause.end].split("、", 1)[0]  # 5家验证中心、10家中试平台: one noun each
        noun = rest.rstrip(_PUNCT)
        for w in self.rules.after_noun:
            if noun.endswith(w):
                noun = noun[: -len(w)]
                break
        else:  # 30个专项债项目通过国家审批: the noun ends where a predicate of it opens
            for w in self.rules.noun_then:
                k = noun.find(w)
                if k > 0 and noun[:k].endswith(self.rules.count_heads):
                    noun = noun[:k]
                    break
        if not (2 <= len(noun) <= 16 and noun.endswith(self.rules.count_heads)) or not _ALL_CJK.fullmatch(noun):
            return None
        if (noun in self.rules.count_heads and spec == at) or any(w in noun for w in ("的", *_LIST_JOINS[1:])):
            return None  # 2个项目 names nothing (2家4A级景区 does); 41个村的整治项目 counts villages
        end = spec + len(noun)  # the row ends with the noun, whatever the name is made of
        noun = self.text[at:spec] + noun
        verb = next((v for v in self.rules.list_verbs if self.text.endswith(v, 0, q.start)), None)
        if verb is not None:  # 新增1家上市企业: the count of new ones, named as 新增城镇就业 is
            noun = verb + noun
        row = self._row(clause, q.start - len(verb or ""), q, noun)
        row.end = end
        return row

    def _subject(self, clause: _Clause, pos: int, q: Quantity) -> _Row | None:
        """The indicator a clause names before a count of thresholds it passed (全省地区生产总值
        连跨两个万亿元台阶): the longest opening of the name that ends with an indicator of
        ``rules/indicators.toml`` (地区生产总值 of 地区生产总值连跨).  The row waits for a change
        or a level in a later clause of the sentence (，年均增长5.7%; ，达到1.5万亿元) and is
        dropped without one."""
        name, start = self._name(pos, q.start)
        k = next((k for k in range(len(name), 1, -1) if self.indicator_id(name[:k]) is not None), 0)
        name = name[:k]
        if not _valid(name):
            return None
        row = self._row(clause, start, q, name)
        row.value, row.end, row.subject = None, start + len(name), True
        return row

    def _name(self, a: int, b: int) -> tuple[str, int]:
        """The name written between ``a`` and ``b`` and where it starts."""
        # cut at time expressions: the name is the last stretch of text without one (not at a
        # part of a day, which a name may hold: 夜间门诊, 全天运能)
        cut = a
        for t in self._times_in(max(a, b - 2 * _REACH), b, every=True):
            if t.end <= b and t.kind is not TimeKind.TIME:
                rest = self.text[t.end : b].strip(_PUNCT)
                if rest and t.text.startswith(self.rules.not_topic) and not self._clean(rest)[0]:
                    b = t.start  # 优良天数连续6年稳定在325天: named before how long it has held
                elif rest:
                    cut = t.end
                else:
                    b = t.start
                    # 死亡人数比2020年分别下降: the base word before the time is not the name's
                    base = next((w for w in self.rules.base_before if self.text.endswith(w, cut, b)), "")
                    if base and not self.text.endswith(self.rules.share_words, cut, b - len(base)):  # 占比 stays
                        b -= len(base)
        raw = self.text[cut:b]
        cell = _name_cell(raw, self.rules.cell_words)
        if cell is not None:  # 云溪锦程纺织有限公司    18.6    12.4%: a table's cells, the name is the row's label
            raw, b = raw[cell[0] : cell[1]], cut + cell[1]
            cut += cell[0]
        note = _FOOTNOTE.search(raw)
        if note is not None:  # 减税降费[1]2.43亿元: a footnote marker is not the name's
            raw, b = raw[: note.start()], cut + note.start()
        # the name is the noun phrase nearest the figure: after the last list
        # separator or bracket, and after the last 的 unless the 的 belongs to the
        # name (相当于生产总值的比例, 5亿元以上的项目)
        for sep in (":", "：", "、", ")", "）", "的"):
            k = raw.rfind(sep)
            while sep == "、" and k > 0 and (self._level_item(raw, k, cut + k) or _in_brackets(raw, k)):
                k = raw.rfind(sep, 0, k - 1)  # 省、市重点项目, 二、三级医院: one name's levels; 新(改、扩)建
            if k < 0:
                continue
            if sep == "的" and (len(raw) - k - 1 < 2 or _OF_IN_NAME.search(raw[:k])):
                continue
            if sep == ")" and _INLINE_BRACKET.search(raw[: k + 2]):
                continue  # 中欧班列(成渝)年开行量: a bracket inside the name
            cut, raw = cut + k + 1, raw[k + 1 :]
        name, off = self._clean(raw)
        if not name or name in self.rules.verbs:  # 加快推进4万亩…, 谋划110kV…: a verb names nothing
            return "", b
        start = cut + off
        place = self._place_starting(start, b)
        # a place that opens the name is its region (a division opening a work's name too:
        # 涞水县城区供水工程), not where it opens a firm's name or another work's (宁德时代配套企业,
        # 青川至广元高速公路…)
        if (
            place is not None
            and not self.text.startswith(("级", *self.rules.from_place), place.end)
            and (not self._inside_name(place.start, place.end) or self._unit_work(place))
        ):
            rest, rest_off = self._clean(self.text[place.end : b])
            if _valid(rest):
                name, start = rest, place.end + rest_off
        return name, start

    def _level_item(self, raw: str, k: int, at: int) -> bool:
        """Whether the item before the 、 at ``k`` of ``raw`` (``at`` in the text) is one
        character of a level or a numeral standing as a word of its own (省 of 谋划省、市重点项目,
        二 of 预约二、三级医院), which the items after it share their noun with: not a list
        marker (一、市场主体), not a level that opens a word (省、市场), not in a 分别 list, whose
        items are its rows' (二、三产业增加值分别增长6%、7%)."""
        c, d = raw[k - 1], raw[k + 1 : k + 2]
        levels = self.rules.levels
        if c not in levels or not d or d not in levels:
            return False
        table = word_table()
        if c in _NUMERAL_CHARS:
            if k < 2 or not CJK_CHAR.match(raw[k - 2]) or not table.cuts_at(raw[:k], k - 1):
                return False
        elif (k > 1 and not table.cuts_at(raw[:k], k - 1)) or not table.cuts_at(self.text, at + 2):
            return False
        clause = _CLAUSE_BREAK.search(self.text, at)
        return "分别" not in self.text[at : clause.start() if clause else len(self.text)]

    def _clean(self, raw: str) -> tuple[str, int]:
        """A name as written without what surrounds it, and its offset in ``raw``:
        lead-ins, trailing verbs, a verb of doing at the start (发放创业担保贷款), what
        stands before an object verb (边境村新建各类棚室), the items before 等 or before
        a sum (集成电路、人工智能三大先导产业), region words and quote marks."""
        r = self.rules
        s, off = raw, 0
        acted = False  # a verb of doing opened it: what follows is its object, not a subject
        marker = _LIST_MARKER.match(s)
        if marker is not None:  # ①完成投资, ⑥建设地面停车位: a list's number is no part of a name
            s, off = s[marker.end() :], marker.end()
        for w in r.objects:
            k = s.rfind(w)
            if k > 0 and _valid(s[k + len(w) :].strip(_PUNCT)):
                s, off = s[k + len(w) :], off + k + len(w)
        for pattern in (_ETC, _SUM):
            m = max(pattern.finditer(s), key=lambda x: x.start(), default=None)
            if m is not None and _valid(s[m.end() :].strip(_PUNCT)):
                s, off = s[m.end() :], off + m.end()
        while True:
            t = _strip_words(s, r.lead, r.trail, r.keep)
            if not t:
                return "", 0
            k = s.find(t)
            s, off = t, off + k
            verbs = [v for v in r.verbs if s.startswith(v)]
            # the longest verb the name opens with, with 率 or 额 after it, is a rate or an
            # amount (建成投用率, 建成率和接入率), not a verb of doing
            longest = max(verbs, key=len, default="")
            if longest and _verb_suffixed(s, len(longest), r.verb_suffixes):
                break
            verb = next((v for v in verbs if len(s) - len(v) >= 3 and not s.startswith(r.verb_nouns)), None)
            if verb is None:
                break
            s, off = s[len(verb) :], off + len(verb)
            acted = True
        if r.region_words is not None:
            s = r.region_words.sub("", s) or s
        for w in r.inner_verbs:  # 规上工业企业实现营业收入: the subject's measure, 规上工业企业营业收入
            k = s.find(w)
            rest = s[k + len(w) :]
            if not acted and k >= 2 and _valid(rest) and _noun_ending(s[:k]) and not rest.startswith(r.verb_suffixes):
                s = s[:k] + s[k + len(w) :]
        # 分别 inside a name that keeps its verb (甲和乙分别完成投资) is no part of it
        return s.replace("“", "").replace("”", "").replace("‘", "").replace("’", "").replace("分别", ""), off

    def _place_starting(self, at: int, b: int) -> Entity | None:
        i = bisect_left(self.place_starts, at)
        if i < len(self.places) and self.places[i].start == at and self.places[i].end < b:
            return self.places[i]
        return None

    def indicator_id(self, name: str) -> str | None:
        """The id of the longest synonym that ends ``name``; none where what stands before the
        synonym narrows it to a part or a unit (对东盟进出口, 亩均税收: ``names.narrowing``) or
        makes it a share (民生支出占…), nor where anything does for an id marked ``whole``
        (现代服务业增加值 is no services_value_added)."""
        by_suffix = self.rules.by_suffix
        for length in self.rules.suffix_lengths:
            iid = by_suffix.get(name[-length:]) if length <= len(name) else None
            if iid is not None:
                part = name[:-length]
                if part.startswith(self.rules.narrowing) or any(w in part for w in self.rules.share_words):
                    return None  # 民生支出占一般公共预算支出: a share of it
                return None if part and iid in self.rules.whole_ids else iid
        return None

    def _change(self, prefix: str) -> tuple[Basis, int, str, str] | None:
        """``(basis, sign, against, rest)`` when ``prefix`` ends with a change phrase."""
        r = self.rules
        p = prefix.rstrip(_PUNCT)
        for filler in self.rules.change_fillers:
            if p.endswith(filler):
                p = p[: -len(filler)]
        compared = self._compared_with(prefix.rstrip(_PUNCT))  # right before the figure: not 多达, 高达
        if compared is not None:
            return compared  # 比全省平均水平高出2.3个百分点: the base before the word
        for words, sign in ((r.compare_up, 1), (r.compare_down, -1)):
            for w in words:
                k = p.rfind(w)
                if k >= 0 and len(p) - k - len(w) <= 8 and not p.endswith("不", 0, k):  # 不低于 is a bound
                    against = p[k + len(w) :].strip(_PUNCT)
                    return Basis.COMPARISON, sign, against, p[:k]
        sign = 0
        for words, s in ((r.up, 1), (r.down, -1)):
            for w in words:
                if p.endswith(w):
                    sign, p = s, p[: -len(w)]
                    break
            if sign:
                break
        if not sign:
            return None
        p = p.rstrip(_PUNCT)
        if p.endswith("了"):
            p = p[:-1]
        if p.endswith("分别"):  # 同比分别增长10%、13%: the basis stands before 分别
            p = p[:-2]
        for w in r.previous_period:
            if p.endswith(w):
                return Basis.PREVIOUS_PERIOD, sign, "", p[: -len(w)]
        for w in r.year_on_year:
            if p.endswith(w):
                return Basis.YEAR_ON_YEAR, sign, "", p[: -len(w)]
        year = _BASE_YEAR.search(p)
        base = next((w for w in r.base_before if year is not None and p.endswith(w, 0, year.start())), "")
        if year is not None and base and not p.endswith(r.not_base, 0, year.start() - len(base) + 1):
            # 比2020年增长58.1%: against a year named, not the year before (占比2020年提高: a share's year)
            return Basis.COMPARISON, sign, year.group(1).translate(_NO_QUOTES), p[: year.start() - len(base)]
        return Basis.YEAR_ON_YEAR, sign, "", p

    def _compared_with(self, p: str) -> tuple[Basis, int, str, str] | None:
        """``(basis, sign, against, rest)`` when ``p`` ends with 比 or 较, what is compared with
        and a word of ``compared_up`` or ``compared_down`` (比全省平均水平高, 较常年偏多)."""
        r = self.rules
        for words, sign in ((r.compared_up, 1), (r.compared_down, -1)):
            word = next((x for x in words if p.endswith(x)), None)
            if word is None:
                continue
            if p.endswith((*r.up, *r.down)):
                return None  # 减少, 提高: a change word
            head = p[: -len(word)]
            k = max(head.rfind("比"), head.rfind("较"))
            against = head[k + 1 :].strip(_PUNCT)
            table = word_table()
            if (
                k < 0
                or not (table.cuts_at(p, k) and table.cuts_at(p, k + 1))  # 比赛, 比较, 评比: no base
                or not 0 < len(against) <= 12
                or against.startswith(r.not_compared)
                or head.endswith(r.not_base, 0, k + 1)
            ):
                return None  # 比重高, 占比低: a share, not a comparison
            if head[k:] in r.year_on_year:  # 比上年高
                return Basis.YEAR_ON_YEAR, sign, "", p[:k]
            return Basis.COMPARISON, sign, against.translate(_NO_QUOTES), p[:k]  # 比全省平均水平高
        return None

    def _progress(self, prefix: str) -> str | None:
        p = prefix.rstrip(_PUNCT)
        for filler in self.rules.progress_fillers:
            if p.endswith(filler):
                p = p[: -len(filler)]
        for w in self.rules.progress:
            if p.endswith(w):
                return p[: -len(w)]
        end = next((w for w in self.rules.progress_ends if p.endswith(w)), None)
        if end is None:
            return None
        head = p[: -len(end)]
        for k in range(len(head) - 1, max(-1, len(head) - 9), -1):  # the opener nearest the end
            opener = next((o for o in self.rules.progress_openers if head.startswith(o, k)), None)
            if opener is not None:
                between = head[k + len(opener) :]
                if len(between) <= 6 and (not between or _ALL_CJK.fullmatch(between)):
                    return head[:k]
                return None
        return None

    # -- rows ----------------------------------------------------------------

    def indicators(self, held: frozenset[int] = frozenset()) -> tuple[Indicator, ...]:
        """The indicator rows; ``held``, the starts of the figures project rows hold as their
        investment (投资28亿元的某热电项目), are one project's money and make no row."""
        qs = [q for q in self.report.quantities if q.kind in _LEVEL_KINDS and q.start not in held]
        starts = [q.start for q in qs]
        rows: list[_Row] = []
        last: _Row | None = None
        group: list[_Row] = []  # the rows of the last 分别 list of the sentence
        last_sentence = -1
        for clause in self.clauses:
            if clause.sentence != last_sentence:
                last, last_sentence, group = None, clause.sentence, []
            if self.glossary and self._in_glossary(clause.start):
                continue
            i = bisect_left(starts, clause.start)
            pos = clause.start
            found_any = False
            while i < len(qs) and qs[i].end <= clause.end:
                q = qs[i]
                i += 1
                if self._bracket(q.start) is not None or self._inside_project(q.start, q.end) or self._policy_count(q):
                    continue
                if self._attributive(q):
                    counted = self._counted(clause, q)
                    if counted is not None:
                        rows.append(counted)
                        found_any, last, group, pos = True, counted, [], counted.end
                    elif last is None:
                        subject = self._subject(clause, pos, q)
                        if subject is not None:
                            rows.append(subject)
                            found_any, last, pos = True, subject, q.end
                    continue
                found_any = True
                pos = max(pos, q.start - _REACH)
                prefix = self.text[pos : q.start]
                spread = self._spread_changes(group, clause, pos, q, prefix, qs, i) if group else None
                if spread is None and not group and "分别" in prefix:
                    # 接待游客700万人次，旅游总收入30亿元，同比分别增长16.7%、20%: the levels
                    # before it in the sentence, each a row of its own, take the changes in turn
                    spread = self._spread_changes(self._levels_before(rows, clause), clause, pos, q, prefix, qs, i)
                if spread is not None:  # 较年初分别增长15.8%、14.7% after a 分别 list of levels
                    i += spread
                    pos = qs[i - 1].end
                    group = []
                    continue
                listed = self._bare_list(clause, pos, q, prefix)
                if listed:  # 分别达820万、760万人次
                    rows.extend(listed)
                    last, group, pos = listed[-1], listed, q.end
                    continue
                row = self._figure(clause, pos, q, prefix, last)
                if row is None:
                    continue  # its words may name the next figure (其中10亿元项目1个)
                pos = q.end
                upper = self._range_end(q) if row.change is not None and row.value is None else None
                if upper is not None:
                    while i < len(qs) and qs[i].start < upper.end:
                        i += 1
                    pos = upper.end
                elif row is not last:
                    extra = self._distribute(row, q, clause, qs, i)
                    if extra:
                        group = [row, *extra]
                        rows.append(row)
                        rows.extend(extra[:-1])
                        last = extra[-2] if len(extra) > 1 else row
                        row = extra[-1]
                        i += len(extra)
                        pos = (row.value or q).end if row.value is not None else qs[i - 1].end
                    else:
                        group = []
                        twins = self._shared(row, q)
                        if twins:  # 甲和乙参保率均保持96%以上: one figure, a row per name
                            rows.append(row)
                            rows.extend(twins[:-1])
                            last = twins[-2] if len(twins) > 1 else row
                            row = twins[-1]
                if row is not last:
                    rows.append(row)
                    last = row
                else:
                    row.end = max(row.end, q.end)
            if not found_any:
                flat = self._flat(clause, last)
                if flat is not None and flat is not last:
                    rows.append(flat)
                    last = flat
        rows = [r for r in rows if not (r.subject and r.value is None and r.change is None)]
        shared = {r.start for r, nxt in pairwise(rows) if r.start == nxt.start}
        for r in rows:
            if r.start not in shared:
                self._listed(r)
        ref = self.report.reference_date
        for r in rows:
            # a figure of a period that ends after the report's year is an aim (到2030年);
            # the report's own year is not enough (全年 of a review the outline missed)
            if r.status is Status.ACTUAL and ref is not None and r.period is not None:
                if r.period.last_day is not None and r.period.last_day.year > ref.year:
                    r.status = Status.TARGET
        names: dict[str, str] = {}  # one object per name (地区生产总值), however many rows
        out = []
        rows.reverse()
        while rows:  # each draft freed as its row is made (a long text has 100,000 rows)
            r = rows.pop()
            name = self._expanded(r.name)
            r.name = names.setdefault(name, name)
            out.append(Indicator(indicator=self.indicator_id(r.name), **r.fields()))
        return tuple(out)

    def _flat(self, clause: _Clause, last: _Row | None) -> _Row | None:
        """A clause with no figure that says a level held (同比持平): the row before it gains a
        change of nothing (…3亿元，同比持平), or, after a name and a basis of its own (居民消费价格
        同比持平), it is a row of that name with that change."""
        raw = self.text[clause.start : clause.end]
        tail = raw.strip(_PUNCT)
        if not tail.endswith(self.rules.flat):  # most clauses: no word of a level held at their end
            return None
        at = clause.start + len(raw) - len(raw.lstrip(_PUNCT))
        for basis in ("", *self.rules.year_on_year):
            head = next((tail[: -len(basis + f)] for f in self.rules.flat if tail.endswith(basis + f)), None)
            if head is None or (head and not basis):
                continue
            change = Change(Decimal(0), "%", Basis.YEAR_ON_YEAR)
            if not head:
                if last is None:
                    return None
                last.change, last.end = change, clause.end
                return last
            name, start = self._name(at, at + len(head))
            if not _valid(name):
                return None
            return _Row(
                start=start,
                end=clause.end,
                name=name,
                change=change,
                period=self._period(clause, start),
                status=self._status(clause, start),
                stance=self._stance(start),
                region=self._region(clause, start),
            )
        return None

    def _expanded(self, name: str) -> str:
        """A name that opens with an abbreviation, written in full (一产增加值 → 第一产业增加值)."""
        for short, full in self.rules.abbreviations:
            if name.startswith(short):
                return full + name[len(short) :]
        return name

    def _figure(self, clause: _Clause, pos: int, q: Quantity, prefix: str, last: _Row | None) -> _Row | None:
        change = self._change(prefix)
        if change is None and q.unit == _MULTIPLE and _MULTIPLES_AFTER_OF.search(self.text, 0, q.start):
            return None  # 是全年一般公共预算收入的6倍(、8倍): a multiple of another figure, no level of its name
        if q.kind not in (Kind.PERCENT, Kind.PERCENTAGE_POINT, Kind.MONEY):
            # 优良天数305天，较去年增加51天: a change in a level's own unit goes to that level
            if change is not None and last is not None and last.change is None and last.value is not None:
                name, _ = self._name(pos, pos + len(change[3]))
                # or a multiple, in any unit (总算力突破1.3万PF、增长20倍)
                if not _valid(name) and (last.value.unit == q.unit or q.unit == _MULTIPLE):
                    basis, sign, against, _rest = change
                    last.change = _change_of(q, sign, q.unit, basis, against)
                    return last
            # 科技型企业数增长4.9倍: a change of its own name, and so is one against a base
            # written out (地下水位同比上升1.2米, 粮食产量比上年增加2万吨)
            if q.unit != _MULTIPLE and not (
                change is not None
                and any(
                    w in prefix[len(change[3]) :]
                    for w in (*self.rules.year_on_year, *self.rules.base_before)  # 较2015年增加64天
                )
            ):
                change = None
        if change is None and q.kind in (Kind.PERCENT, Kind.PERCENTAGE_POINT):
            head = self._progress(prefix)
            if head is not None:
                name, start = self._name(pos, pos + len(head))
                if not _valid(name):
                    if last is not None:
                        last.progress = q
                        return last
                    return None
                row = self._row(clause, start, q, name)
                row.progress, row.value = q, None
                return row
        if change is not None:
            basis, sign, against, rest = change
            unit = "pp" if q.kind is Kind.PERCENTAGE_POINT else q.unit
            ch = _change_of(q, sign, unit, basis, against, self._range_end(q))
            name, start = self._name(pos, pos + len(rest))
            if name.startswith(self.rules.ranks):
                name = ""  # 达到5.5万亿元、稳居全国前十强、增长4.8%: a rank names nothing
            if not _valid(name) and last is not None and last.change is None:
                if not _other_unit(last, q):
                    last.change = ch
                    return last
                # 带动农户136户，户均增收4800元: a change in another unit is no change of that row
                name, start = self._name(pos, q.start)
                if not _valid(name) or name in self.rules.up or name in self.rules.down:
                    return None  # 人均比去年降低34元: no name of its own
                return self._row(clause, start, q, name)
            if (
                not _valid(name)
                and last is not None
                and last.change is not None
                and _from_to(last.change)
                and ch.unit != last.change.unit
                and any(w in self.text[last.end : q.start] for w in self.rules.yearly)
            ):
                # 从87.55亿元增长到118.32亿元，年均增长5%: the pair's rate, a row of the same name
                twin = _Row(**last.fields())
                twin.start, twin.end, twin.value, twin.change = q.start - len(prefix) + len(rest), q.end, None, ch
                return twin
            at = pos + len(rest)
            if (
                not _valid(name)
                and last is not None
                and last.change is not None
                and self._only_times(last.end, at, _CLAUSE_MARKS)
                and (
                    len(self._times_in(last.end, at)) == 1
                    or (
                        not self._times_in(last.end, at)
                        and basis is not last.change.basis
                        and ch.unit == last.change.unit  # ，高出全国3个百分点: a gap of the rate, not a change
                        and not _from_to(last.change)  # 从…增长到…，增长33%: the pair's own change
                        and "分别" not in self.text[last.end : q.start]  # a list's figures, its items'
                    )
                )
            ):
                # 年均增长6.5%，2022年增长4.8%: a time alone is the row before it in that time
                # (not a list of times, whose 分别 pairs them with a list of figures); 同比增长6.1%，
                # 环比下降0.4%: a basis of its own is the row before it against that basis
                twin = _Row(**last.fields())
                twin.start, twin.end, twin.value, twin.change = at, q.end, None, ch
                twin.period = self._period(clause, at)
                twin.status = self._status(clause, at)
                return twin
            if not _valid(name):
                return None
            row = self._row(clause, start, q, self._inherited(name, start, last, q))
            row.value, row.change = None, ch
            return row
        k = max((self.text.rfind(w, pos, q.start) for w in self.rules.from_words), default=-1)
        if k >= 0 and self._only_times(k + 1, q.start, self.rules.from_fillers):
            return None  # the start of a from-to pair (从12件, 由上半年5.5%, 由平均2900元): read with its end
        if k >= 0:
            starts = [x for x in self._quantities(k, q.start) if x.unit == q.unit and x.value is not None]
            if starts:
                name, start = self._name(pos, k)
                if _valid(name):
                    # 非化石能源发电装机达到1.39亿千瓦，占比由31%提升至54%: a share of the row before
                    row = self._row(clause, start, q, self._inherited(name, start, last, q))
                    row.change = Change(
                        None, q.unit, Basis.COMPARISON, q.masked, starts[0].text, from_value=starts[0].value
                    )
                    row.period = self._period(clause, k)  # 年末…从上半年5.5%降到5.3%: the end's time
                    return row
        name, start = self._name(pos, q.start)
        if not _valid(name):
            written = self.text[pos : q.start].strip(_PUNCT)
            if written in self.rules.stages and last is not None and self.text[last.end : pos + 1].strip() == "、":
                staged = self._inherited(written, q.start - len(written), last, q)  # 开工20个、建成15个
                if staged != written:
                    return self._row(clause, q.start - len(written), q, staged)
            return self._named_after(clause, pos, q) or self._unnamed_level(clause, q, last)
        if name in self.rules.measured_verbs:  # 新建20公里城市道路: named by what is built
            after = self._named_after(clause, pos, q)
            if after is not None:
                return after
        if q.kind is Kind.DURATION and not name.endswith(self.rules.day_counts):
            return None
        if name in self.rules.level_words and last is not None and last.value is None:
            last.value, last.end = q, max(last.end, q.end)  # 外贸进出口增长8.4%，总额突破8000亿元
            return last
        if name in self.rules.group_money:
            owner = _OWNED.match(self.text, self._past_approx(q))
            noun = owner.group(1) if owner is not None else ""
            ends = [noun.rfind(h) + len(h) for h in self.rules.group_heads if h in noun]
            if ends:  # 总投资50亿元的重点项目19个, 的16个城建重点项目开工, 的水利工程和交通项目
                return self._row(clause, start, q, noun[: max(ends)] + name)
        return self._row(clause, start, q, self._inherited(name, start, last, q))

    def _named_after(self, clause: _Clause, pos: int, q: Quantity) -> _Row | None:
        """加快推进4万亩高标准农田建设: a measure of land, length, weight or volume after a verb
        alone (of ``verbs``, or ``measured_verbs``: 完成43.6万平方米旧住房改造) is a row named by
        the noun that follows it to the end of its clause (a verb of progress aside), when the
        noun holds no 的 and opens with no verb of its own."""
        if q.kind not in _MEASURED:
            return None
        before = self.text[pos : q.start].strip(_PUNCT)
        verb = next((v for v in self.rules.measured_verbs if before.endswith(v)), None)
        if self._clean(before)[0] not in self.rules.verbs and (
            verb is None or self._clean(before[: -len(verb)])[0]  # 年内完成: lead words before it only
        ):
            return None
        noun, *rest = self.text[self._past_approx(q) : clause.end].split("、", 1)
        noun = noun.rstrip(_PUNCT)
        for w in self.rules.after_noun:
            if noun.endswith(w):
                noun = noun[: -len(w)]
                break
        if not (2 <= len(noun) <= 12 and _ALL_CJK.fullmatch(noun)) or "的" in noun:
            return None
        if rest and len(noun) <= 2:
            return None  # 新建34公里供水、供热、排水管网: the first of the things the head is of
        if noun.startswith(self.rules.verbs) or noun.startswith(self.rules.lead):
            return None
        row = self._row(clause, q.start, q, noun)
        row.end = q.end + len(noun)
        return row

    def _unnamed_level(self, clause: _Clause, q: Quantity, last: _Row | None) -> _Row | None:
        """A level with no name of its own (达到10.3万亿元, 增至5户, 累计达到1100座) read with
        the row before it in the sentence: the level of a row that has only a change
        (地区生产总值增长5.5%、达到10.3万亿元); the level after a count of the change in
        the same unit (纳税企业净增2户、增至5户); the total after a count of new ones
        (新增公园127座，累计达到1100座: a row of its own, named without 新增); the level after a
        bound it passed (突破3万亿元、达3.6万亿元)."""
        r = self.rules
        if last is None or q.kind is Kind.DURATION or q.value is None:
            return None
        # what stands before the level in its clause is only a verb (、达到, 累计达到), not
        # nothing (the next value of a list, 16.7%、20%) nor words the name was cut from
        own = self.text[max(clause.start, last.end) : q.start]
        if (
            self.text[last.end : q.start] in ("", "、")
            and last.value is not None
            and last.change is None
            and last.value.end == last.end
            and last.value.unit != q.unit
            and {last.value.kind, q.kind} <= {Kind.COUNT, *_MEASURED}
            # after 、 a count and a measure (100宗、4325.94亩), written together any two
            # (636户1443人); never one measure twice (52万吨、10.4亿斤)
            and (
                q.kind != last.value.kind
                if self.text[last.end : q.start]
                else q.kind not in _MEASURED or q.kind != last.value.kind
            )
            and not self._attributive(q)  # 111户、233户D级农房: a count of another noun
        ):
            # 监测对象636户1443人, 供地100宗、4325.94亩: one thing counted in two units, a row each
            twin = _Row(**last.fields())
            twin.start, twin.end, twin.value = q.start, q.end, q
            return twin
        if not own.strip(_PUNCT) or _strip_words(own, r.lead, r.trail):
            return None
        # a row with only a change, or a threshold's subject with nothing yet (跨越3个千亿元台阶，达到1.5万亿元)
        waiting = last.change.from_value is None if last.change is not None else last.subject
        if last.value is None and waiting:
            last.value, last.end = q, max(last.end, q.end)
            return last
        if last.value is None or last.value.unit != q.unit or last.change is not None or last.value.value is None:
            return None
        level = last.value.value
        if last.value.approx is Approx.MORE_THAN and q.approx is None and q.value > level:
            if any(w in own for w in r.target):  # 确保突破30亿元、力争32亿元: two aims, a row each
                return self._row(clause, q.start, q, last.name)
            last.value, last.end = q, max(last.end, q.end)  # 突破3万亿元、达3.6万亿元: the bound, then the level
            return last
        for words, sign in ((r.count_up, 1), (r.count_down, -1)):
            verb = next((v for v in words if last.name.endswith(v)), None)
            if verb is not None and _valid(last.name[: -len(verb)]):
                last.name = last.name[: -len(verb)]
                last.change = Change(sign * level, q.unit, Basis.YEAR_ON_YEAR, last.value.masked)
                last.value, last.end = q, max(last.end, q.end)
                return last
        verb = next((v for v in r.list_verbs if last.name.startswith(v)), None)
        if verb is not None and _valid(last.name[len(verb) :]):
            return self._row(clause, q.start, q, last.name[len(verb) :])
        return None

    def _only_times(self, a: int, b: int, fillers: tuple[str, ...] = ()) -> bool:
        """Nothing but time expressions and ``fillers`` (or nothing) between ``a`` and ``b``."""
        at = a
        for t in self._times_in(a, b, every=True):
            if _strip_words(self.text[at : t.start], fillers, fillers):
                return False
            at = t.end
        return not _strip_words(self.text[at:b], fillers, fillers)

    def _inherited(self, name: str, start: int, last: _Row | None, q: Quantity | None = None) -> str:
        """A name completed by the row before it in the sentence: a share of it
        (占规上工业产值比重), its rate of change (增速高于全市…), a bound that names no noun
        (其中5亿元以上11个 after 亿元以上项目50个),
        or an item of a list its verb opens (新增规上企业12家、科技型中小企业40家)."""
        r = self.rules
        if last is None or not last.name:
            return name
        if name.startswith(r.share_words) and not last.name.startswith(r.share_words):
            return last.name + name
        if name in r.rate_words and last.change is not None and not last.name.endswith(name):
            return last.name + name  # 增加值增长10.2%，增速高于全市2.3个百分点: the rate of that row
        if name in r.measures and self._next_item(last, start):
            # 储能材料产值增长25%、税收增长13%: a bare measure is of the row's subject
            m = max((m for m in r.measures if last.name.endswith(m) and m != name), key=len, default=None)
            if m is not None and len(last.name) > len(m):
                return last.name[: -len(m)] + name
        for bound in _BOUNDS:
            k = last.name.rfind(bound)
            if name.endswith(bound) and k >= 0 and len(last.name) - k - len(bound) >= 2:
                return name + last.name[k + len(bound) :]
        tier = self._tier(name, last.name, part=self.text.endswith("其中", 0, start))
        if tier is not None:
            return tier
        place = self._place_starting(start, start + len(name) + 1)
        figure = last.value or last.change
        if place is not None and place.text == name != last.name and q is not None and figure is not None:
            # 全市生产总值增长6.5%，其中青山区增长7.2%: a place alone is the row before it there (the
            # clause's region), where its figure is of the same unit (not 总投资150亿元，其中深圳12个)
            if figure.unit == q.unit:
                return last.name
        part = self._part_name(name, start, last, q)
        if part is not None:
            return part
        if name in r.stages and self._next_item(last, start):
            # 重大项目开工390个、竣工437个: a stage alone is of the row's subject
            stage = max((s for s in r.stages if last.name.endswith(s) and s != name), key=len, default=None)
            if stage is not None and len(last.name) > len(stage) + 1:
                return last.name[: -len(stage)] + name
        if (
            name in r.group_money
            and last.value is not None
            and last.value.kind is Kind.COUNT
            and last.name.endswith(r.group_heads)
            and self.text[self._past_approx(last.value)] in "、,，"
            and self._only_times(self._past_approx(last.value) + 1, start, r.group_gap)
        ):
            # 储备项目109个、总投资407亿元; 重点项目19个，年内完成投资6.5亿元: those projects' money
            return last.name + ("完成" if self.text.endswith("完成", 0, start) else "") + name
        if name in r.group_money and last.value is not None and last.value.kind is Kind.MONEY:
            # 重点项目42个，总投资186亿元，上半年完成投资38.5亿元: the money after the group's total
            # is the same projects' too
            stem = next((last.name[: -len(m)] for m in r.group_money if last.name.endswith(m)), "")
            if (
                stem.endswith(r.group_heads)
                and stem + name != last.name
                and self.text[self._past_approx(last.value)] in "、,，"
                and self._only_times(self._past_approx(last.value) + 1, start, r.group_gap)
            ):
                return stem + ("完成" if self.text.endswith("完成", 0, start) else "") + name
        verb = next((v for v in r.list_verbs if last.name.startswith(v)), None)
        if verb is not None and name in r.level_words and _valid(last.name[len(verb) :]):
            return last.name[len(verb) :] + name  # 新增上市公司6家、总数48家: the total of what is new
        if (
            verb is not None
            and not name.startswith(verb)
            and last.value is not None
            and (
                self.text[last.value.end : start] == "、"
                # 新增高新技术企业6家，“专精特新”企业2家: a comma between counts of the same kind
                or (
                    self.text[last.value.end : start].rstrip(_QUOTES) in _CLAUSE_MARKS
                    and q is not None
                    and q.kind is Kind.COUNT
                    and last.value.kind is Kind.COUNT
                )
            )
            and not _has_verb(name)
            # 规模以上工业企业达到112家: a count with a verb of its own is a total, not new ones
            and not (q is not None and self._words_after(name, start, q.start))
        ):
            return verb + name
        return name

    def _part_name(self, name: str, start: int, last: _Row, q: Quantity | None) -> str | None:
        """The name of a part after 其中 that names only what it is a part of (居民人均可支配收入…，
        其中城镇居民21380元、农村居民9650元: 城镇居民人均可支配收入, 农村居民人均可支配收入;
        农作物播种面积38万亩，其中小麦22万亩: 小麦播种面积), where its figure is of the unit of the
        row before: the item's ending that opens that row's name, the row's head word the item
        ends with (the next item of the list), or the row's measure after a short item."""
        figure = last.value
        if q is None or figure is None or figure.unit != q.unit or last.name.startswith(name):
            return None
        clause = self._clause_at(start)
        opened = self.text.endswith("其中", 0, start)
        if not opened and not (
            self._next_item(last, start) and clause is not None and "其中" in self.text[clause.start : start]
        ):
            return None
        for j in range(min(len(name), len(last.name) - 2), 1, -1):
            if name.endswith(last.name[:j]):
                return name + last.name[j:]  # 城镇居民 + 居民人均可支配收入
        k = last.name.find(name[-2:], 1)
        if not opened and k > 0 and len(last.name) - k - 2 >= 2:
            return name + last.name[k + 2 :]  # 农村居民 after 城镇居民人均可支配收入
        measure = max((m for m in self.rules.measures if last.name.endswith(m)), key=len, default="")
        if measure and len(name) <= 4 and not name.endswith(self.rules.measures) and len(last.name) > len(measure):
            return name + measure  # 小麦 + 播种面积
        return None

    def _words_after(self, name: str, start: int, end: int) -> bool:
        """Whether words stand between a name written from ``start`` and a figure at ``end``
        (a verb stripped from the name: 达到, 累计), quote marks aside."""
        written = self.text[start:end].translate(_NO_QUOTES)
        return written.strip(_PUNCT) != name

    def _distribute(self, row: _Row, q: Quantity, clause: _Clause, qs: list[Quantity], i: int) -> list[_Row]:
        """分别 lists: 城镇、农村居民收入分别增长4.4%、5.9% gives one row per value, each with
        its name; values sharing one unit (分别达820万、760万人次) all take it."""
        k = self.text.rfind("分别", clause.start, q.start)
        listed = row.start > 0 and self.text[row.start - 1] == "、" and self.text.startswith(row.name, row.start)
        if (k < 0 or k < row.start) and not listed:
            return []  # without 分别, names joined by 、 before values joined by 、 (供热、燃气管网80、60公里)
        more: list[Quantity] = []
        prev = q
        while i + len(more) < len(qs):
            nxt = qs[i + len(more)]
            gap = self.text[prev.end : nxt.start]
            gap = next((gap[len(w) :] for w in self.rules.count_approx if gap.startswith(w)), gap)
            if nxt.end > clause.end or gap not in _LIST_JOINS:  # 分别增长5%左右、6%以上
                break
            if k < row.start and (
                self._attributive(nxt) or (nxt.unit != q.unit and row.name not in self.rules.measures)
            ):
                break  # without 分别, figures of their own (22个、千万元以上项目; 56个、1.2万户)
            more.append(nxt)
            prev = nxt
        if not more:
            return []
        names = self._list_names(row, len(more) + 1)
        if names is None:
            return []
        last_q = more[-1]
        if row.value is not None and row.change is None:
            # 分别达820万、760万人次: a number written without a unit takes the one the list ends with
            shared = [x for x in (q, *more[:-1]) if _BARE_NUMBER.fullmatch(x.text) and last_q.unit != x.unit]
            if shared and not _BARE_NUMBER.fullmatch(last_q.text):
                fixed = {x.start: replace(x, kind=last_q.kind, unit=last_q.unit) for x in shared}
                row.value = fixed.get(q.start, q)
                more = [fixed.get(x.start, x) for x in more]
        out = []
        row.name = names[0]
        for name, extra in zip(names[1:], more, strict=True):
            twin = _Row(**row.fields())
            twin.name = name
            twin.end = extra.end
            if row.change is not None and row.value is None:
                ch = row.change
                sign = -1 if ch.value is not None and ch.value < 0 else 1
                twin.change = _change_of(extra, sign, ch.unit, ch.basis, ch.against)
            elif row.progress is not None and row.value is None:
                twin.progress = extra  # 甲、乙分别完成年计划的118%、249%
            else:
                twin.value = extra
            out.append(twin)
        # a qualifier or unit written once at the end belongs to every value (增长5%、6.5%左右)
        if row.change is not None and row.value is None and row.change.approx is None and last_q.approx is not None:
            for r in (row, *out):
                if r.change is not None and r.change.approx is None:
                    r.change = replace(r.change, approx=last_q.approx)
        # and so does one before the first (分别突破1.5万亿元、1.4万亿元) or after the last level
        if row.value is not None and row.change is None:
            levels = [r.value for r in (row, *out) if r.value is not None]
            first, end = levels[0], levels[-1]
            lead = first.approx is not None and not self.text.startswith((*self.rules.count_approx, "多"), first.end)
            trail = end.approx is not None and self.text.startswith(self.rules.shared_tails, end.end)  # not 300余家
            qualifier = first.approx if lead else end.approx if trail else None
            same_unit = len({v.unit for v in levels}) == 1  # 1.2万人、5.5%以内: the bound is the rate's
            if qualifier is not None and same_unit and sum(v.approx is not None for v in levels) == 1:
                for r in (row, *out):
                    if r.value is not None and r.value.approx is None:
                        r.value = replace(r.value, approx=qualifier)
        return out

    def _shared(self, row: _Row, q: Quantity) -> list[_Row]:
        """One figure for several names: 均 after a list of names (基本养老保险和医疗保险参保率
        均保持96%以上, 甲率、乙率均达到95%), or 分别 after one name with a pair word and a
        single figure (城乡居民人均可支配收入分别增长7%以上): ``row`` takes the first name,
        and a row with the same figure follows for each other name."""
        lo = max(row.start, q.start - 8)
        pad = min(lo, 3)  # a word of not_shared may start before the gap (人|均可支配收入)
        gap = self.text[lo - pad : q.start]
        for w in self.rules.not_shared:
            gap = gap.replace(w, "#" * len(w))
        if not any(w in gap[pad:] for w in self.rules.shared_figure) and not self.text.endswith("各", 0, q.start):
            return []  # 公厕和口袋公园各5个: 各 right before the figure gives it to each
        for n in range(6, 1, -1):
            names = self._list_names(row, n)
            if names is not None:
                break
        else:
            return []
        row.name = names[0]
        out = []
        for name in names[1:]:
            twin = _Row(**row.fields())
            twin.name = name
            out.append(twin)
        return out

    def _bare_list(self, clause: _Clause, pos: int, q: Quantity, prefix: str) -> list[_Row] | None:
        """接待游客分别达820万、760万人次: numbers of a 分别 list written without a unit take the
        unit (and the scale word, 370、204亿元) of the figure that ends the list; one row each."""
        m = _BARE_LIST.search(prefix)
        if m is None or q.value is None or q.kind in (Kind.PERCENT, Kind.PERCENTAGE_POINT):
            return None
        head = _BARE_NUMBER.match(q.text)
        if head is None or head.end() == len(q.text):
            return None
        try:
            own = parse_number(head.group()).value
        except ValueError:
            return None
        scale = head.group().lstrip("0123456789.,")
        values: list[Quantity] = []
        for item in _BARE_ITEM.finditer(m.group(1)):
            at = pos + m.start(1) + item.start(1)
            number = item.group(1)
            try:
                value = parse_number(number if number.endswith(scale) or not scale else number + scale).value
            except ValueError:
                return None
            if value is None or own is None:
                return None
            text = self.report.text[at : at + len(number)]
            values.append(Quantity(at, at + len(number), text, q.kind, q.unit, value))
        if not values or self._change(prefix[: m.start()]) is not None:
            return None
        name, start = self._name(pos, pos + m.start())
        if not _valid(name):
            return None
        first = self._row(clause, start, values[0], name)
        names = self._list_names(first, len(values) + 1)
        if names is None:
            return None
        out = [first]
        for name_i, v in zip(names[1:], [*values[1:], q], strict=True):
            twin = _Row(**first.fields())
            twin.name, twin.value, twin.end = name_i, v, v.end
            out.append(twin)
        first.name = names[0]
        return out

    def _levels_before(self, rows: list[_Row], clause: _Clause) -> list[_Row]:
        """The rows at the end of ``rows`` that stand in ``clause``'s sentence with a level and
        no change, in order."""
        s_start = self.sentences[clause.sentence][0] if clause.sentence < len(self.sentences) else clause.start
        run: list[_Row] = []
        for r in reversed(rows):
            if r.start < s_start or r.value is None or r.change is not None:
                break
            run.append(r)
        run.reverse()
        return run

    def _spread_changes(
        self, group: list[_Row], clause: _Clause, pos: int, q: Quantity, prefix: str, qs: list[Quantity], i: int
    ) -> int | None:
        """存贷款余额分别达到370亿元、204亿元，较年初分别增长15.8%、14.7%: a list of changes
        in a later clause of the sentence goes to the rows of the 分别 list, one each, when
        it has no name of its own and as many values (two or more need no 分别 of their
        own: 分别达到38506元和23294元，同比增长9%和12%).  The number of further values taken,
        or None."""
        if q.kind not in (Kind.PERCENT, Kind.PERCENTAGE_POINT, Kind.MONEY):
            return None
        change = self._change(prefix)
        if change is None:
            return None
        basis, sign, against, rest = change
        name, _ = self._name(pos, pos + len(rest))
        if _valid(name) or any(r.change is not None or r.value is None for r in group):
            return None
        values = [q]
        while i + len(values) - 1 < len(qs):
            nxt = qs[i + len(values) - 1]
            if nxt.end > clause.end or self.text[values[-1].end : nxt.start] not in _LIST_JOINS:
                break
            values.append(nxt)
        if len(values) < len(group) and "分别" in prefix and len(values) >= 2:
            group = group[-len(values) :]  # the rows nearest the changes (the levels before them)
        if len(values) != len(group) or (len(values) < 2 and "分别" not in prefix):
            return None
        shared = values[-1].approx
        for r, v in zip(group, values, strict=True):
            unit = "pp" if v.kind is Kind.PERCENTAGE_POINT else v.unit
            r.change = _change_of(v, sign, unit, basis, against)
            if r.change is not None and r.change.approx is None and shared is not None:
                r.change = replace(r.change, approx=shared)
            r.end = max(r.end, v.end)
        return len(values) - 1

    def _tier(self, name: str, before: str, *, part: bool) -> str | None:
        """``before`` at the tier ``name`` alone gives (``names.tiers``, with 以上 or 以下): 市级
        after 培训县级骨干教师 is 培训市级骨干教师. Where ``name`` is a ``part`` of ``before`` (after
        其中), a verb of ``list_verbs`` that opens ``before`` is dropped (其中国家级7家 after
        新增省级以上某某企业 is 国家级某某企业); an item of its list keeps it (新增国家级某某企业2家、
        省级8家). None where ``name`` is no tier alone or ``before`` holds none with a noun after it."""
        tiers = self.rules.tiers
        if name.removesuffix(_BOUNDS[0]).removesuffix(_BOUNDS[1]) not in tiers:
            return None
        at = min((k for k in (before.find(r) for r in tiers) if k >= 0), default=-1)
        if at < 0:
            return None
        own = max((r for r in tiers if before.startswith(r, at)), key=len)
        end = at + len(own)
        for bound in _BOUNDS:
            if before.startswith(bound, end):
                end += len(bound)
        if len(before) - end < 2:
            return None
        head = before[:at]
        verb = next((v for v in self.rules.list_verbs if head.startswith(v)), "") if part else ""
        return head[len(verb) :] + name + before[end:]

    def _whole(self, items: list[str]) -> frozenset[str]:
        """The items before the last that need no part of it: one that ends with an indicator's
        name (社会消费品零售总额、限额以上消费品零售额: not 社会消费品零售总额零售额) or with a
        measure of its own (进口货值、跨境电商销售额: not 进口货值销售额)."""
        ends, names = self.rules.whole_ends, [name for name, _ in self.rules.synonyms]
        return frozenset(it for it in items[:-1] if it.endswith(ends) or any(it.endswith(name) for name in names))

    def _list_names(self, row: _Row, n: int) -> list[str] | None:
        """The n names of a 分别 list: items joined by 、 before the row's name, each
        completed by the last one's ending (城镇、农村居民收入), items before 等 taking
        what follows it (食品、信息等产业增加值), or one name with a pair word."""
        at = row.start
        while at > 0 and self.text[at - 1] in _QUOTES:
            at -= 1
        if not (at > 0 and self.text[at - 1] == "、"):  # 金融业、软件和信息服务业: the list is 、's
            for join in _LIST_JOINS[1:]:  # 城镇和农村居民人均可支配收入; 签约项目数与合同额
                parts = _split_at_join(row.name, join)
                if len(parts) == n and all(parts):
                    # 全部财政收入和公共财政预算收入: the first is whole, not 全部财政收入收入
                    return _completed(parts, joined=True, whole=self._whole(parts), measures=self.rules.measures)
        items: list[str] = []
        tail = ""
        if at > 0 and self.text[at - 1] == "等" and row.start - at <= 1:
            tail, at = row.name, at - 1
        else:
            items = [row.name]
        while len(items) < n:
            if items or not tail:
                if at <= 0 or self.text[at - 1] != "、":
                    break
                at -= 1
            b = at
            while b > 0 and self.text[b - 1] in _QUOTES:
                b -= 1
            j = b
            while j > 0 and CJK_CHAR.match(self.text[j - 1]) and b - j < 24:
                j -= 1
            item = self._clean(self.text[j:b])[0]  # 改造老旧供热、燃气管网: no verb of doing
            if not item or (j > 0 and self.text[j - 1].isdigit()):
                break  # 停车位1076个、公厕…: a measure word after a figure is no item
            items.insert(0, item)
            at = j
            while at > 0 and self.text[at - 1] in _QUOTES:
                at -= 1
        if len(items) == n - 1 and not tail:
            # 甲、乙和丙分别…: the last item holds two names joined by 和, each whole
            for join in _LIST_JOINS[1:]:
                pair = _split_at_join(items[-1], join)
                if len(pair) == 2 and len(pair[0]) >= 2 and len(pair[1]) >= 2:
                    return [*items[:-1], *pair]
        if len(items) == n:
            full = "、".join(items)
            for word, into in self.rules.split_names:
                # 存、贷款余额 is one name split; 城乡居民养老金、低保标准 are two items
                if not tail and "、" in word and word in full and len(into) == n:
                    return [full.replace(word, w, 1) for w in into]
            if tail:
                return [it + tail for it in items]
            return _completed(items, whole=self._whole(items), measures=self.rules.measures, counted=self.rules.counted)
        for word, into in self.rules.split_names:
            if word in row.name and len(into) == n:
                return [row.name.replace(word, w, 1) for w in into]
        return None

    def _listed(self, row: _Row) -> None:
        """A row named by the last of several items before one figure (新改扩建中小学、幼儿园120所,
        专项债、国债项目17个) is named by them all: the figure is theirs together.  Not items
        before 等, which the name after it covers, nor ones that each have the figure (各1家)."""
        at, q = row.start, row.value
        if q is None or not (at > 0 and self.text[at - 1] == "、" and self.text.startswith(row.name, at)):
            return
        between = self.text[at : q.start]
        if "等" in row.name or any(w in between for w in (*self.rules.shared_figure, "分别", "各")):
            return
        if self.text.startswith(_LIST_JOINS, q.end) and _FIGURE_NEXT.match(self.text, q.end + 1):
            return  # 800公里、600公里: values of a list of their own
        items = [row.name]
        c = self._clause_at(at)
        lo = c.start if c is not None else max(0, at - _REACH)
        while at > lo and self.text[at - 1] == "、" and len(items) < 5:
            j = at - 1
            while j > lo and CJK_CHAR.match(self.text[j - 1]) and at - 1 - j < 12:
                j -= 1
            if j == at - 1 or any(x.end > j - 2 for x in self._quantities(max(lo, j - 12), at - 1)):
                return  # 16处、启动8处; 产值超二百亿、: an item after or holding a figure
            items.insert(0, self.text[j : at - 1])
            at = j
        if at > lo and self.text[at - 1] not in ",，;；:：":
            return  # an item longer than a name, or cut at a quote mark: not a list of names
        first, start = self._name(at, at + len(items[0]))
        if not first or first in _NUMERAL_CHARS or not items[0].endswith(first):
            return  # 一、市场主体: a list's marker (大、中型餐饮单位 is a list)
        earlier = [first, *items[1:-1]]
        if not all(self._verb_led(it) == it for it in earlier):  # 新建、改扩建中小学: verbs of one noun
            if self.indicator_id(row.name) is not None or self._verb_led(row.name):
                return  # 稳就业、城镇新增就业1.2万人; 推进城市更新、改造老旧小区56个: the last item's own
            # a verb opening the first item may govern them all (新建街角绿地、口袋公园10个); past it,
            # and in the other items, a verb makes a clause of its own (狠抓财源建设、…)
            head = first
            for _ in range(3):  # 改造提升通村道路、村内街道: the verbs the first item opens with
                head = head[len(self._verb_led(head)) :]
            nouns = [head, *items[1:-1]]
            if any(not it or self._verb_led(it) or any(v in it for v in self.rules.verbs) for it in nouns):
                return
            if any(len(it) > 2 and _predicated(it) for it in earlier):
                return  # 财政实力不断增强、税收占比…; 城乡面貌焕然一新、…: a clause that says how
        name = "、".join([first, *items[1:]])
        if _valid(name):
            row.name, row.start = name, start

    def _verb_led(self, s: str) -> str:
        """The verb ``s`` opens with: one of ``names.verbs``, ``objects`` or ``measured_verbs``, or
        a dictionary word tagged a verb."""
        r = self.rules
        verb = max((v for v in (*r.verbs, *r.objects, *r.measured_verbs) if s.startswith(v)), key=len, default="")
        if verb:
            return verb
        if s.endswith(r.verb_suffixes):
            return ""  # 满意率, 建成投用率: a rate, not a verb's object
        word = _first_word(s)
        return word if word and word_table().tag(word, "") == "v" else ""

    def _range_end(self, q: Quantity) -> Quantity | None:
        """The upper bound when ``q`` is the lower bound of a range written as two figures (5%—5.5%, 5.5%至6%)."""
        i = bisect_left(self.quantity_starts, q.end)
        qs = self.report.quantities
        if i >= len(qs) or q.value is None:
            return None
        nxt = qs[i]
        between = self.text[q.end : nxt.start]
        if nxt.unit == q.unit and nxt.value is not None and between in _RANGE_JOINS:
            return nxt
        return None

    def _row(self, clause: _Clause, start: int, q: Quantity, name: str) -> _Row:
        return _Row(
            start=min(start, q.start),
            end=q.end,
            name=name,
            value=q,
            period=self._period(clause, q.start),
            status=self._status(clause, q.start),
            stance=self._stance(q.start),
            region=self._region(clause, q.start),
        )

    # -- projects --------------------------------------------------------------

    def _status_word(self, a: int, b: int, *, last: bool) -> str | None:
        """The status word nearest ``b`` (``last``) or nearest ``a``, within ``_REACH``."""
        if last:
            a = max(a, b - _REACH)
        else:
            b = min(b, a + _REACH)
        hit = self._status_at(a, b, last=last)
        return hit[0] if hit else None

    def _status_hits(self) -> tuple[list[int], list[tuple[int, int, str]]]:
        """Every status word of the text, sorted by start, and their starts: found once, so that
        a clause of a thousand names is read once, not once per name.  Whether one counts (it
        stands as a word, outside the projects' names) is read when it is reached (``_counts``)."""
        if self._hits is None:
            t = self.text
            hits = []
            for sid, words in (*self.rules.statuses, (_BUILT, self.rules.built)):
                for w in words:
                    k = t.find(w)
                    while k >= 0:
                        hits.append((k, k + len(w), sid))
                        k = t.find(w, k + 1)
            hits.sort()
            self._hits = ([h[0] for h in hits], hits)
        return self._hits

    def _counts(self, k: int) -> bool:
        """Whether the ``k``-th status word of ``_status_hits`` counts: it stands as a word
        (``_stage_word``) outside the projects' names (read once, when first reached)."""
        ok = self._hit_ok.get(k)
        if ok is None:
            a, b, _ = self._status_hits()[1][k]
            ok = self._hit_ok[k] = (
                not self._inside_project(a, b) and self._stage_word(a, b) and not self._untold(self._word_start(k))
            )
        return ok

    def _word_start(self, k: int) -> int:
        """Where the longest status word that holds the ``k``-th one starts (开工 of 即将开工建设:
        the start of 开工建设, whose denial or aim is its parts')."""
        starts, hits = self._status_hits()
        a, b, _ = hits[k]
        j = bisect_left(starts, a - self.rules.longest_status)
        a = min((h[0] for h in hits[j:k] if h[1] >= b), default=a)
        for _ in range(4):  # words written one after another (尚未建成投用: 投用's denial is 建成's)
            j = bisect_left(starts, a - self.rules.longest_status)
            joined = [
                h[0] for h in hits[j:k] if h[1] == a or (h[1] < a and not self._strip_particles(self.text[h[1] : a]))
            ]
            before = min(joined, default=a)  # 开工建设并投产: a particle between
            if before == a:
                break
            a = before
        return a

    def _untold(self, a: int) -> bool:
        """Whether the status word at ``a`` tells no stage: denied (尚未开工, 未能按期开工), or,
        outside a plan section, aimed at (拟于明年开工, 计划8月投产), or in a clause that opens
        with an aim or an estimate (力争某项目10月份竣工, 预计某工程年底建成)."""
        pattern = self.rules.untold
        hit = pattern.search(self.text, max(0, a - _UNTOLD_REACH), a) if pattern is not None else None
        if hit is not None and hit.groupdict().get("neg") is not None:
            return True
        followed = self.rules.followed
        if hit is not None and any(w in self.text[max(0, hit.start("aim") - 4) : hit.start("aim")] for w in followed):
            hit = None  # 按计划开工, 按年度计划建成: a plan followed, no aim
        if self._stance(a) is Stance.PLAN:
            return False
        clause = self._clause_at(a)
        return (
            hit is not None
            or (clause is not None and self.text[clause.start : a].lstrip(_PUNCT).startswith(self.rules.aim_openers))
            or self._dated_later(a)
        )

    def _dated_later(self, a: int) -> bool:
        """Whether the status word at ``a`` is dated after the report: a time right before it
        (particles between) that starts after the report's reference date, or a deadline
        (``projects.deadline``: 年底前) that ends after it, not one told as passed (已于).  In a
        summary of July, 某项目10月份竣工 and 某项目年底前投入使用 name stages aimed at; 今年正式投产
        and 本月投产 are not.  Not in a report of the months that look back on the year before (a
        work report of January, ``reviewed_year``), whose 12月 and 年底前 may be the past year's."""
        ref = self.report.reference_date
        if ref is None or reviewed_year(ref) != ref.year:
            return False
        when = self._last_time(max(0, a - _UNTOLD_REACH), a)
        if when is None or when.first_day is None or when.last_day is None:
            return False
        if self._strip_particles(self.text[when.end : a]) or self.text.endswith(self.rules.passed_marks, 0, when.start):
            return False
        deadline = when.text.endswith(self.rules.deadline)
        return when.first_day > ref or (deadline and when.last_day > ref)

    def _inside_project(self, a: int, b: int) -> bool:
        """Whether ``[a, b)`` is inside a project's name (续建 of 甲续建配套工程 is no status word)."""
        i = bisect_left(self.project_starts, a + 1) - 1
        return i >= 0 and self.project_reach[i] >= b

    def _status_at(self, a: int, b: int, *, last: bool) -> tuple[str, int, int] | None:
        """The status word in ``[a, b)`` nearest ``b`` (``last``) or nearest ``a``, and where
        it stands; of words that end together (开工建设, 建设) the longest, and of words written
        one after another from ``a`` on the last (竣工投产: 投产) that is no noun (完成建设: 完成)."""
        starts, hits = self._status_hits()
        longest = self.rules.longest_status
        if last:
            best: tuple[int, int, str] | None = None
            k = bisect_left(starts, b) - 1
            while k >= 0 and starts[k] >= a and (best is None or starts[k] + longest >= best[1]):
                h = hits[k]
                if (
                    h[1] <= b
                    and (best is None or (h[1], h[1] - h[0]) > (best[1], best[1] - best[0]))
                    and self._counts(k)
                ):
                    best = h
                k -= 1
            return (best[2], best[0], best[1]) if best is not None else None
        stage = self._first_hit(a, b)
        if stage is None:
            return None
        nominal = self.rules.nominal
        end = stage[1]
        # words written together: the last tells (竣工投产, 建成并投产, 加快推进前期工作), not a noun (完成建设)
        while True:
            nxt = self._first_hit(end, b)
            if nxt is None or nxt[0] != end:  # after particles (建成并投产), not into a word (建成并网)
                window = self.text[end : min(b, end + 4)]
                gap = len(window) - len(self._strip_particles(window, lead=True))
                nxt = self._first_hit(end + gap, b) if gap else None
                if nxt is None or nxt[0] != end + gap:
                    break
            if self.text[nxt[0] : nxt[1]] not in nominal:
                stage = nxt
            end = nxt[1]
        return stage[2], stage[0], stage[1]

    def _first_hit(self, a: int, b: int) -> tuple[int, int, str] | None:
        """The status word that starts first in ``[a, b)`` and ends by ``b``, the longest of those
        that start there."""
        starts, hits = self._status_hits()
        k = bisect_left(starts, a)
        found: tuple[int, int, str] | None = None
        while k < len(hits) and hits[k][0] < b and (found is None or hits[k][0] == found[0]):
            h = hits[k]
            if h[1] <= b and (found is None or h[1] > found[1]) and self._counts(k):
                found = h
            k += 1
        return found

    def _stage_word(self, a: int, b: int) -> bool:
        """Whether the status word at ``[a, b)`` stands as a word: no condition after it (建成后),
        unless a project starts there (建成后湖公园), and jieba's cut has a boundary at its end
        (not 动工 of 联动工程, 复工 of 修复工程, 建成 of 建成区); it may end a longer word (全面完成,
        基本建成)."""
        t = self.text
        if t.startswith(self.rules.conditions, b) and b not in self.project_starts_set:
            return False
        return b >= len(t) or word_table().cuts_at(t, b)

    def _own(self, end: int, at: int) -> bool:
        """Whether the status word at ``at``, after a project ending at ``end`` in its clause, is
        that project's: where other projects stand between, the project is an item of their list
        (甲、乙等项目建设: 建设 is 甲's too), not the subject of words of its own (甲主体基本成型、
        乙竣工: 竣工 is 乙's)."""
        t = self.text
        i = bisect_left(self.project_starts, end)
        if not (i < len(self.project_starts) and self.project_starts[i] < at):
            return True
        while end < at and t[end] in _QUOTES:
            end += 1
        return t.startswith(_LIST_JOINS, end) or t.startswith(self.rules.list_ends, end)

    def _project_status(self, start: int, end: int, clause: _Clause | None) -> str | None:
        """A project's status, from its own clause: the predicate after it (某项目已竣工投产), else
        the verb before it (开工建设某项目), a list's shared verb or predicate included (加快推进
        甲、乙、丙等项目建设); a word of ``nominal`` after the name (完成某工程建设: 建设) only where
        no verb stands before it; no word of another item of the list (甲主体完工、乙竣工), and no
        verb that another project follows (建成甲、开工乙: 开工 is 乙's).  Only when the clause
        has none, a bare predicate that opens the next clause of its sentence with no project
        before it (某项目总投资3亿元，已开工建设), past a clause or two of its size (某项目，总投资
        3亿元，已开工建设)."""
        if clause is None:
            return self._status_word(end, self._sentence_end(end), last=False)
        t = self.text
        end = past_note(t, end)  # 某项目(总投资2亿元，已完成投资1.1亿元)，正在进行场地平整
        after = self._status_at(end, clause.end, last=False)
        if after is not None and (self._opens_project(after[2]) or not self._own(end, after[1])):
            after = None
        if after is not None and t[after[1] : after[2]] in self.rules.takes_object:
            # 甲完成部分主体施工: the stage of the object, if one is named; 甲完成, 甲完成建设: done
            rest = self._strip_particles(t[after[2] : clause.end])
            if rest:
                obj = self._status_at(after[2], clause.end, last=False)
                if obj is not None and (self._opens_project(obj[2]) or not self._own(end, obj[1])):
                    obj = None  # 甲完成征地拆迁、乙开工建设: 开工建设 is 乙's
                if obj is None or t[obj[1] : obj[2]] not in self.rules.nominal:
                    after = obj
        if after is not None and t[after[1] : after[2]] not in self.rules.nominal:
            return self._passed(after[0], clause)
        before = self._status_before(clause.start, start)
        if before is not None and self._measured_object(before, start):
            # 完成投资5000万元的甲项目: 甲 is what was done, the investment its measure
            verb = next((w for w in self.rules.takes_object if t.startswith(w, before[1])), None)
            if verb is not None:
                before = self._status_at(before[1], before[1] + len(verb), last=False) or before
        if before is not None:
            return before[0]
        if after is not None:
            return after[0]
        return self._next_predicate(clause)

    def _passed(self, status: str, clause: _Clause) -> str:
        """``status``, or the later stage a bare predicate of the next clause gives (某项目完成土地
        平整，已开工建设; 设备调试完毕，已正式投产): the stages of ``projects.stage_order`` follow one
        another, and the last one named is where the project stands."""
        order = self.rules.stage_order
        if status not in order:
            return status
        later = self._next_predicate(clause, opening=True)
        return later if later in order and order.index(later) > order.index(status) else status

    def _next_predicate(self, clause: _Clause, *, opening: bool = False) -> str | None:
        """The status of a bare predicate that opens the clause after ``clause`` in its sentence,
        past a clause or two of the project's size (某项目，总投资3亿元，已开工建设); with
        ``opening``, only one that particles alone stand before (，目前已开工建设; not ，15条高速
        公路建成通车 nor ，力争年内竣工)."""
        t = self.text
        span = self._clause_after(clause)
        for _ in range(2):  # past the clauses that give its size (某项目，总投资3亿元，已开工建设)
            if span is None or not self._opens_investment(t[span[0] : span[1]].lstrip(_PUNCT)):
                break
            span = self._clause_after(self._clause_at(span[0]))
        if span is None:
            return None
        a, b = span
        later = self._status_at(a, b, last=False)
        if later is None or self._strip_particles(t[later[2] : b]) or t[later[1] : later[2]] in self.rules.nominal:
            return None  # a verb with an object of its own (,建成万亩林带) is another's
        if opening:
            head = t[a : later[1]].lstrip(_PUNCT)
            if self._strip_particles(head) or any(w in head for w in self.rules.aims):
                return None  # not ，15条高速公路建成通车, nor ，将正式投产
        i = bisect_left(self.project_starts, a)
        if i < len(self.project_starts) and self.project_starts[i] < later[1]:
            return None  # the clause's own subject (,乙等项目开工建设)
        return later[0]

    def _measured_object(self, verb: tuple[str, int, int], start: int) -> bool:
        """Whether a money figure and 的 stand between a verb and the project after it
        (完成投资5000万元的甲项目)."""
        q = self._money_of(start)
        return q is not None and q.start == verb[2]

    def _strip_particles(self, s: str, *, lead: bool = False) -> str:
        """``s`` without the particles of ``particles`` and spaces at its ends (at its start only
        with ``lead``): 已, 了, 正在 (甲已建成, 建成了)."""
        words = self.rules.particles
        while True:
            s0 = s
            s = s.lstrip(" \t\u3000")
            s = next((s[len(w) :] for w in words if s.startswith(w)), s)
            if not lead:
                s = s.rstrip(" \t\u3000")
                s = next((s[: -len(w)] for w in words if s.endswith(w)), s)
            if s == s0:
                return s

    def _status_before(self, a: int, b: int) -> tuple[str, int, int] | None:
        """The status word in ``[a, b)`` nearest ``b`` that is not the noun of the item before in
        a list (完成甲建设及乙: 建设 is 甲's; 完成 is 乙's too).  No status word inside a
        project's name is one (``_status_hits``: 甲续建配套工程、乙)."""
        t = self.text
        passed = []
        hit = None
        while (a, b) not in self._before:  # each word passed over once, however long the list
            passed.append((a, b))
            hit = self._status_at(a, b, last=True)
            if hit is None:
                break
            _, k, e = hit
            if not (t[k:e] in self.rules.nominal and t.startswith(_LIST_JOINS, e)):
                break
            b, hit = k, None
        else:
            hit = self._before[(a, b)]
        for key in passed:
            self._before[key] = hit
        return hit

    def _opens_project(self, at: int) -> bool:
        """Whether a project starts at ``at`` or right after a lead-in word there (建成|甲, 开工建设|乙)."""
        i = bisect_left(self.project_starts, at)
        if i == len(self.project_starts) or self.project_starts[i] - at > 2:
            return False
        return _ALL_CJK.fullmatch(self.text[at : self.project_starts[i]] or "了") is not None

    def _list_head(self, at: int) -> tuple[str, int, int] | None:
        """For an item inside brackets: the heading before the bracket, its start, and the bracket's end."""
        span = self._bracket(at)
        if span is None:
            return None
        open_at, close_at = span
        m = _LIST_HEAD.search(self.text, max(0, open_at - 30), open_at)
        if m is None:
            return None
        head = _strip_words(m.group(1), self.rules.lead, ())
        return head, m.start(1), close_at

    def _quantities(self, a: int, b: int) -> list[Quantity]:
        """The quantities that start in ``[a, b)``."""
        qs = self.report.quantities
        i = bisect_left(self.quantity_starts, a)
        out = []
        while i < len(qs) and qs[i].start < b:
            out.append(qs[i])
            i += 1
        return out

    def _group_total(self, close_at: int) -> Quantity | None:
        after = self.text[close_at + 1 : close_at + 12]
        for q in self._quantities(close_at + 1, close_at + 13):
            if q.kind is Kind.MONEY:
                between = after[: q.start - close_at - 1]
                if any(w in between for w in self.rules.investment):
                    return q
        return None

    def _money(self, p: Entity) -> tuple[Quantity | None, Quantity | None]:
        """A project's investment (its size: 总投资3亿元) and the money spent on it (完成投资
        9.8亿元): a figure with a word of ``spent`` shortly before it is money spent, unless its
        investment word names the size (完成总投资12亿元的某项目); money put into the work a verb
        opens (筹措2亿元实施某工程, 某公司投资3亿元建设某项目) is its investment, or money spent
        where a word of ``spent`` stands before it or the text gives the size too."""
        investment = spent = None
        for q in self._investments(p):
            if self._spent_worded(q):
                spent = spent or q
            else:
                investment = investment or q
        if spent is None:
            put = self._spent_on_project(p)  # 投入3亿元实施某工程，项目总投资10亿元: put in, of a size
            if put is not None and (investment is not None or self._spent_worded(put)):
                spent = put
            elif put is not None:
                investment = put
        return investment, spent

    def _spent_worded(self, q: Quantity) -> bool:
        """Whether a word of ``spent`` stands in the five characters before ``q`` and none of
        ``size_words`` (完成投资, 累计投入; not 完成总投资)."""
        head = self.text[max(0, q.start - 5) : q.start]
        return any(w in head for w in self.rules.spent) and not any(w in head for w in self.rules.size_words)

    def _investments(self, p: Entity) -> Iterator[Quantity]:
        """The money figures that are the project's own, in order: one with an investment word
        and 的 right before the project (总投资3亿元的某项目; 某公司投资3亿元建设的某项目), or after
        it in its clause or in a bracket right after it (某项目(总投资3亿元)), or opening a clause
        after it."""
        for q in self._quantities(max(0, p.start - 40), p.end + 31):
            if q.kind is not Kind.MONEY:
                continue
            gap = self.text[q.end : p.start]
            gap = next((gap[len(w) :] for w in self.rules.spent_on if gap.startswith(w)), gap)
            if q.end <= p.start and len(gap) <= 2 and gap.startswith("的") and not self._in_list(p):
                if self._invested(q, self.rules.investment):
                    yield q
            if p.end <= q.start <= p.end + 30:
                between = self.text[p.end : q.start]
                note = q.end < past_note(self.text, p.end)
                if note:  # inside the note right after it, all of it the project's: 某项目(全长5公里，投资3亿元)
                    between = between[1:]
                if any(c in between for c in _NOT_OWN) or any(w in between for w in self.rules.list_ends):
                    continue
                head, comma, between = between.rpartition(",")
                own, *rest = head.split(",")
                if (
                    q.start > p.end + 10
                    and not note
                    and not (
                        comma
                        and all(self._opens_investment(part.lstrip()) for part in rest)
                        and (rest or any(w in own for w in self.rules.investment))
                    )
                ):
                    continue  # further than the next clause only past clauses of its money (，总投资5亿元，完成…)
                if comma and (not self._opens_investment(between.lstrip()) or self._listed_after(p)):
                    continue  # a clause of its own gives only the project's (…项目竣工,总投资3亿元), not a list's
                if self.text.startswith("的", q.end):
                    continue  # the money of what it names next (完成投资5000万元的某工程)
                if any(w in between for w in self.rules.investment):
                    yield q

    def _investor(self, p: Entity, by_end: dict[int, Entity]) -> Entity | None:
        """The company that invests the project's money written before it (由某公司投资3亿元建设的
        某项目, 某公司投资3亿元的某项目, 某公司投资3亿元建设某项目): a company right before the
        investment word."""
        q = next((q for q in self._investments(p) if q.end <= p.start), None) or self._spent_on_project(p)
        if q is None:
            return None
        t = self.text
        word = next((w for w in self.rules.investment if t.endswith(w, 0, q.start)), None)
        if word is None:
            return None
        at = q.start - len(word)
        while True:  # 某公司计划投资, 某公司总投资
            lead = next((w for w in self.rules.investment_lead if t.endswith(w, 0, at)), None)
            if lead is None or at - len(lead) <= 0:
                break
            if at - len(lead) in by_end:
                at -= len(lead)
                break
            at -= len(lead)
        return by_end.get(at)

    def _spent_on_project(self, p: Entity) -> Quantity | None:
        """Money spent on the project where no figure is its own (投资1.7亿元完成|甲), not on
        the list it opens (投资1亿元完成甲、乙) nor on a part of the work (甲配套管网)."""
        if self._in_list(p) or self.text.startswith(_LIST_JOINS, p.end) or not self._whole_object(p.end):
            return None
        return self._spent_on(p.start)

    def _opens_investment(self, s: str) -> bool:
        """Whether ``s`` opens with an investment word, after words of ``investment_lead`` only
        (总投资, 计划总投资: not 工业投资)."""
        while True:
            if s.startswith(self.rules.investment):
                return True
            lead = next((w for w in self.rules.investment_lead if s.startswith(w)), None)
            if lead is None:
                return False
            s = s[len(lead) :]

    def _listed_after(self, p: Entity) -> bool:
        """Whether ``p`` is an item of a list after another project (甲、乙开工建设，完成投资5亿元:
        the money of the clause after is the list's)."""
        i = bisect_left(self.project_starts, p.start) - 1
        return (
            i >= 0
            and self.project_entities[i].end < p.start
            and _joins_only(self.text[self.project_entities[i].end : p.start])
        )

    def _in_list(self, p: Entity) -> bool:
        """Whether ``p`` opens a list of names (甲、乙等项目, 甲和乙), whose figure before is the list's."""
        t = self.text
        if t.startswith(self.rules.list_ends, p.end):
            return True
        i = bisect_left(self.project_starts, p.end)
        return i < len(self.project_starts) and _joins_only(t[p.end : self.project_starts[i]])

    def _capacity(self, p: Entity) -> Quantity | None:
        for q in self._quantities(p.start, p.end):
            if q.end <= p.end and q.kind is not Kind.MONEY:
                if any(w in self.text[max(p.start, q.start - 4) : q.start] for w in self.rules.capacity):
                    return q
        return None

    def projects(self) -> tuple[ProjectRecord, ...]:
        out: list[ProjectRecord] = []
        companies = [e for e in self.report.entities if e.label is Label.COMPANY]
        by_start = {c.start: c for c in companies}
        by_end = {c.end: c for c in companies}
        lists = self._project_lists()
        for i, p in enumerate(self.project_entities):
            if self._kept_away(p.start) or (self.glossary and self._in_glossary(p.start)):
                continue  # 防止“形象工程”, and the notes that explain a report's terms
            company = by_start.get(p.start)
            if company is None or company.end > p.end:  # a list item that is its company alone (甲、乙等项目)
                company = by_end.get(p.start) or self._investor(p, by_end)
            out.append(self._project(p.start, p.end, p.text, company.text if company else None, p, lists[i]))
        for c in companies:
            i = bisect_left(self.project_starts, c.start + 1) - 1
            if i >= 0 and c.start < self.project_entities[i].end:
                continue  # named inside a project: the project's row carries it
            head = self._list_head(c.start)
            if head is not None:
                out.append(self._project(c.start, c.end, c.text, c.text, None))
        out.sort(key=lambda r: (r.start, r.end))
        return tuple(out)

    def _kept_away(self, at: int) -> bool:
        """Whether a word of ``not_after`` stands right before a quoted name at ``at`` (防止|“形象
        工程”), or before the first of a list of them (严防“甲”“乙”, 严把“甲”、“乙”); a name not in
        quote marks is a work to be built (严把某工程质量关)."""
        seen = []
        while at not in self._kept:  # back to the list's first name, which tells
            seen.append(at)
            a = at
            while a > 0 and self.text[a - 1] in _QUOTES + "、":
                a -= 1
            i = bisect_left(self.project_starts, at) - 1
            if not (a < at and i >= 0 and a <= self.project_entities[i].end <= at):
                clause = self._clause_at(at)
                head = self.text[max(clause.start if clause else 0, a - 12) : a].translate(_NO_QUOTES)
                quoted = self.text[at] in _QUOTES or any(c in _QUOTES for c in self.text[a:at])
                self._kept[at] = quoted and any(head.endswith(w) for w in self.rules.not_after)
                break
            at = self.project_entities[i].start
        for p in seen:
            self._kept[p] = self._kept[at]
        return self._kept[at]

    def _project_lists(self) -> list[tuple[str | None, Quantity | None]]:
        """For each project, the name and the total of the list of projects it stands in, where
        the text gives them: 总投资27.9亿元的甲、乙等“十大项目” gives 甲 and 乙 the group “十大项目”
        and its total 27.9亿元; 甲、乙等投资29.2亿元的11个项目 the group 11个项目 and 29.2亿元.
        The items of a list are projects joined by its joins and quote marks only."""
        t, ps = self.text, self.project_entities
        out: list[tuple[str | None, Quantity | None]] = [(None, None)] * len(ps)
        i = 0
        while i < len(ps):
            j = i  # the list's last item
            while j + 1 < len(ps) and ps[j + 1].start > ps[j].end and _joins_only(t[ps[j].end : ps[j + 1].start]):
                j += 1
            m = self.rules.list_group.match(t, ps[j].end) if self.rules.list_group else None
            if m:
                total = (
                    self._money_of(ps[i].start)
                    or self._spent_on(ps[i].start)
                    or self._money_of(m.start("group"))
                    or self._money_opening_after(m.end())
                )
                group = m.group("group").strip()
                out[i : j + 1] = [(group, total)] * (j + 1 - i)
            i = j + 1
        return out

    def _clause_after(self, clause: _Clause | None) -> tuple[int, int] | None:
        """Where the clause after ``clause`` in its sentence starts and ends, if one does."""
        if clause is None:
            return None
        k = bisect_left(self.clause_starts, clause.end)
        if k == len(self.clauses) or self.clauses.sentences[k] != clause.sentence:
            return None
        return self.clauses.starts[k], self.clauses.ends[k]

    def _money_opening_after(self, at: int) -> Quantity | None:
        """The money figure of the clause after the one ``at`` stands in, in its sentence, where
        that clause opens with an investment word (甲、乙等3个项目开工建设，总投资23.7亿元)."""
        span = self._clause_after(self._clause_at(at))
        if span is None:
            return None
        a, b = span
        if not self._opens_investment(self.text[a:b].lstrip(_PUNCT)):
            return None
        q = next((q for q in self._quantities(a, b) if q.kind is Kind.MONEY), None)
        if q is None or self.text[q.end : b].strip(_PUNCT) or self._spent_worded(q):
            return None  # not the money of a noun after it (投资10亿元的丙工程), nor money spent
        return q

    def _money_of(self, at: int) -> Quantity | None:
        """A money figure with an investment word before it and 的 after it, right before ``at``
        (总投资27.9亿元的|甲)."""
        if not self.text.endswith("的", 0, at):
            return None
        q = self._money_ending_at(at - 1)
        return q if q is not None and self._invested(q, self.rules.investment) else None

    def _spent_on(self, at: int) -> Quantity | None:
        """The money put into the work that starts at ``at``: a figure right before a verb of
        ``spent_on`` that stands right before ``at``, after a word of ``investment`` or of
        ``spending`` (投资1.7亿元完成|甲, 筹措2亿元实施|甲), and no word of ``not_spent`` (争取
        中央预算内投资3亿元实施甲 is funding won, 节约投资 money saved)."""
        t = self.text
        verb = next((w for w in self.rules.spent_on if t.endswith(w, 0, at)), None)
        if verb is None:
            return None
        q = self._money_ending_at(at - len(verb))
        if q is None or not self._invested(q, (*self.rules.investment, *self.rules.spending)):
            return None
        if any(w in t[max(0, q.start - 10) : q.start] for w in self.rules.not_spent):
            return None
        return q

    def _money_ending_at(self, end: int) -> Quantity | None:
        """The money figure that ends at ``end``, if one does."""
        qs = self._quantities(max(0, end - 30), end)
        q = qs[-1] if qs else None
        return q if q is not None and q.kind is Kind.MONEY and q.end == end else None

    def _invested(self, q: Quantity, words: Sequence[str]) -> bool:
        """Whether one of ``words`` stands in the six characters before ``q`` (总投资, 筹措资金)."""
        return any(w in self.text[max(0, q.start - 6) : q.start] for w in words)

    def _whole_object(self, end: int) -> bool:
        """Whether the work a verb opens ends at ``end``: the clause ends there, after a word of
        ``nominal`` (完成甲建设) or a count (新建甲一座) at most; not 甲配套管网, 甲征地拆迁."""
        t = self.text
        rest = next((w for w in self.rules.nominal if t.startswith(w, end)), "")
        end += len(rest)
        count = _COUNT_AFTER.match(t, end)
        if count:
            end = count.end()
        return end >= len(t) or t[end] in SENTENCE_END + _CLAUSE_END

    def _project(
        self,
        start: int,
        end: int,
        name: str,
        company: str | None,
        p: Entity | None,
        listed: tuple[str | None, Quantity | None] = (None, None),
    ) -> ProjectRecord:
        clause = self._clause_at(start)
        head = self._list_head(start)
        group, total = listed
        status: str | None
        if head is not None:
            group, head_start, close_at = head
            status = self._status_word(head_start, head_start + len(group) + 2, last=True)
            total = self._group_total(close_at)
        else:
            status = self._project_status(start, end, clause)
        if status == _BUILT:  # 新建某项目: built in a review, to be built in a plan
            stance = self._stance(start)
            status = {Stance.REVIEW: self.rules.built_stages[0], Stance.PLAN: self.rules.built_stages[1]}.get(stance)
        investment, spent = self._money(p) if p is not None else (None, None)
        return ProjectRecord(
            start=start,
            end=end,
            name=name,
            company=company,
            investment=investment,
            spent=spent,
            capacity=self._capacity(p) if p is not None else None,
            status=status,
            period=self._project_period(clause, start, end),
            group=group,
            group_total=total,
            stance=self._stance(start),
        )

    def _project_period(self, clause: _Clause | None, at: int, end: int) -> TimeExpression | None:
        """A project row's period: a time right after its name, or after 已于 or an aim, that a
        status word follows (某项目10月份竣工, 拟于明年开工), else its clause's, as an indicator's, but not a span that
        opens more than ``_HISTORY`` years before its section's (始建于70年代, 近8年累计…: the
        history of the work, not the time of its stage; a five-year review's 五年来 stays), which
        gives the section's."""
        if clause is None:
            return None
        after = self._first_time(end, min(clause.end, end + _OPENING_REACH))
        gap = "" if after is None else self.text[end : after.start]
        gap = gap.lstrip("已")  # 已于2024年6月建成
        gap = next((gap[len(w) :] for w in self.rules.aims if gap.startswith(w)), gap).lstrip("于在")
        if after is None or gap or after.kind is TimeKind.PERIOD or not self._stage_after(after.end):
            # right after the name or an aim, a date or a deadline (某项目10月份竣工, 拟于明年开工),
            # not a span of years (近3年累计…) nor a time after other words (始建于1985年, 原计划2023年)
            period = self._period(clause, at)
        else:
            period = after
        if period is None or period.kind is not TimeKind.PERIOD or period.first_day is None:
            return period
        section = self._section_time(at) or self._section_year(at)
        if section is None or section.first_day is None or period.first_day.year >= section.first_day.year - _HISTORY:
            return period
        return section

    def _stage_after(self, at: int) -> bool:
        """Whether a status word follows the time ending at ``at`` within a few characters
        (10月份竣工, 4月份正式投产, 年内全面完工), not another verb (已于2021年列入省重大项目:
        that year is no stage's)."""
        starts, _hits = self._status_hits()  # any status word, told or aimed at (拟于明年开工)
        i = bisect_left(starts, at)
        return i < len(starts) and starts[i] <= at + _STAGE_GAP

    def _clause_at(self, at: int) -> _Clause | None:
        i = bisect_left(self.clause_starts, at + 1) - 1
        if i >= 0 and self.clause_starts[i] <= at < self.clauses.ends[i]:
            return self.clauses[i]
        return None

    def _sentence_end(self, at: int) -> int:
        i = bisect_left(self.sentence_starts, at + 1) - 1
        if i >= 0 and at <= self.sentences[i][1]:  # a name may end right at the sentence's mark
            return self.sentences[i][1]
        return min(len(self.text), at + _REACH)


# the marks between the clauses of a sentence
_CLAUSE_MARKS = ("，", ",")
# the most characters between a project's time and its status word (6月底前具备开园条件: 具备)
_STAGE_GAP = 4
# how far before a status word its denial or aim is looked for (计划于2025年10月: 9)
_UNTOLD_REACH = 14
# a 的 that belongs to the name: a ratio (相当于生产总值的比例, 占…的比重) or a bound (5亿元以上的项目)
_OF_IN_NAME = re.compile(r"占|相当于|以上$|以下$")
# 进博会等境内外展会: the name is what follows 等 (not 高等, 同等, 等级)
_ETC = re.compile(r"(?<![高中初同平相对均优超次特上下])等(?![级于同待候])")
# 集成电路、人工智能三大先导产业: the name starts at the sum (not 第三大)
_SUM = re.compile(r"(?<=[\u4e00-\u9fff])(?<!第)(?=[两二三四五六七八九十]大[\u4e00-\u9fff])")
# a name in Latin capitals (CPI, GDP)
_ACRONYM = re.compile(r"[A-Z]{2,}[0-9.]*")
# money that bounds the noun after it (10亿元以上重大产业项目, 5亿元及以上的项目)
_BOUND_NOUN = re.compile(r"及?以[上下]的?(?!目标|水平|规模)[\u4e00-\u9fff]")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]+")
# a grade that opens a counted noun: 4A级景区, AAAA级景区, 3星级酒店
_GRADE = re.compile(r"(?:[0-9]?[A-Z]{1,5}|[0-9])[级星](?:级)?(?=[\u4e00-\u9fff])")
# a short bracket between two parts of one name, ending at the end of the string
_INLINE_BRACKET = re.compile(r"[\u4e00-\u9fff]\((?:[\u4e00-\u9fff、]{1,6}\)[\u4e00-\u9fff]|[0-9]\)型)$")
_QUOTES = "“”‘’\"'"
_NO_QUOTES = str.maketrans("", "", _QUOTES)
# what joins the items of a 分别 list
_LIST_JOINS = ("、", "和", "及", "与")
# what stands right before a multiple of another figure: 的, or 的 and multiples before it (的2倍和)
_MULTIPLES_AFTER_OF = re.compile(r"的(?:[0-9.]+倍[、和及与])*$")
# a note that explains a term, on a line of its own: a footnote's marker, the term, a colon
_GLOSSARY_LINE = re.compile(r"(?m)^[ \t\u3000]*[\[【][0-9]{1,3}[\]】][^\n:：。]{1,24}[:：][^\n]*")
# a year or a plan a change is measured against, at the end of what precedes the change (比2020年,
# 较2020年末, 较“十三五”)
_BASE_YEAR = re.compile(
    r"((?:19|20)[0-9]{2}年(?:末|底)?|(?:[0-9]{1,2}[-—－~至])?[0-9]{1,2}月(?:份|末|底)?|(?:前三|[一二三四])季度(?:末)?|常年|"
    r"[“\"‘']?十[一二三四五]?五[”\"’']?(?:末|时期|期末|期间)?|(?:上)?年初|上年末|上年底|去年底)(?:相比)?$"
)
# the longest sentence that may open a paragraph as a salutation, ending with ! (各位代表！)
_SALUTATION = 8
# how far into its paragraph the year may stand that opens a paragraph of that year (刚刚过去的2025年)
_OPENING_REACH = 12
# the numerals of names.levels, which need a character before them (not a list marker: 一、)
_NUMERAL_CHARS = frozenset("一二三四五六七八九十")
# a five-year plan written bare, and what may follow it when it is the time of its sentence
# (“十四五”时期, “十五五”规划, “十三五”各项目标; not 出台“十五五”支持…的政策)
_BARE_PLAN = re.compile(r"“?十[一二三四五六七八九]?五”?")
_PLAN_FRAME = re.compile(r"时期|期间|以来|末|内|中|规划|目标|各项|[，,：:是]")
_COMPARED = re.compile(r"(?:较|比|与)(?:((?:19|20)[0-9]{2})年|[“\"]?十[一二三四五]?五)")
# the works a sum of money belongs to, after 的 and before their count (总投资50亿元的重点项目19个)
_OWNED = re.compile(f"的(?:{_NUMBER}[个项批处])?([\u4e00-\u9fff]{{2,14}})")
_CLAUSE_BREAK = re.compile("[" + re.escape(SENTENCE_END + _CLAUSE_END + ":") + "]")
# a figure opening what follows (44项, 五成)
_FIGURE_NEXT = re.compile(r"[0-9零〇一二两三四五六七八九十百千万xX]")
# the numbers of a list's items written as one character (①, ⑴, ⒈, ❶)
_LIST_MARKER = re.compile("[\u2460-\u249b\u2776-\u2793]+|[0-9]{1,2}[.．](?![0-9])")
# a heading of such notes on a line of its own
_GLOSSARY_HEADING = re.compile(
    r"(?m)^[ \t\u3000※*【\[]*(?:附(?:件[0-9]*|录)?[ \t\u3000:：]*)?"
    r"(?:名词|词语|术语)?(?:解释|注释)[ \t\u3000※*:：】\]]*\r?$"
)
# the kinds of figure that _named_after reads with the noun after them
_MEASURED = frozenset({Kind.AREA, Kind.LENGTH, Kind.MASS, Kind.VOLUME})
# a short name in quote marks (“雨露计划”, "十四五"规划): a programme's, whose words are no cues
_QUOTED_NAME = re.compile(r"[“\"][^”\"]{1,16}[”\"]")
# what between a project and a figure after it makes the figure another's: a new clause or
# sentence, a list's next item (甲、乙投资5亿元); a list's end (等) is one of ``list_ends``
_NOT_OWN = "。;、()"
# how many years before its section's a project's period may open (a five-year plan's span);
# a span opening earlier is the work's history (始建于70年代)
_HISTORY = 5
# the stage of a verb of building (``built``), which its section tells
_BUILT = "=built"
# what may stand between the names of a list: its joins, quote marks and spaces (甲、乙, “甲”“乙”)
_JOINS_ONLY = re.compile(r"[、和及与“”‘’\"' \t\u3000]+")


def _verb_suffixed(s: str, k: int, suffixes: tuple[str, ...]) -> bool:
    """Whether the verb ``s[:k]`` closes a word with one of ``suffixes`` that ends the name
    or the first item of a list (建成投用率, 建成率和接入率; not 打造数字化工厂)."""
    return any(s.startswith(x, k) and (k + len(x) == len(s) or s[k + len(x)] in "和、与及") for x in suffixes)


def _joins_only(s: str) -> bool:
    """Whether ``s`` holds nothing but the joins of a list (、, 和, 及, 与), quote marks and spaces."""
    return _JOINS_ONLY.fullmatch(s) is not None


def _split_at_join(name: str, join: str) -> list[str]:
    """``name`` cut at every ``join`` that stands as a word of its own: not the 及 of 普及率 nor
    the 和 of 和谐 (a dictionary word of two characters runs over it)."""
    freq = word_table().freq
    parts, start = [], 0
    k = name.find(join)
    while k >= 0:
        if not (k > 0 and freq(name[k - 1 : k + 1])) and not freq(name[k : k + 2]):
            parts.append(name[start:k])
            start = k + len(join)
        k = name.find(join, k + 1)
    parts.append(name[start:])
    return parts


# a footnote marker written right before a figure ([1], 【2】, ［3］)
_FOOTNOTE = re.compile(r"[\[【［]\d{1,2}[\]】］]\s*$")
# what parts the cells of a table row: a tab, a bar, or two spaces or more after a word of two
# characters or more (letter-spaced text, 全  县  生  产, has single characters between its spaces)
_CELL_BREAK = re.compile(r"\s*[\t|｜]\s*|(?<=\S\S) {2,}|(?<=\S\S)\u3000+")
# a cell that holds a figure or a row number, not a name (18.6, 0.8亿元, 12.4%, 1)
_FIGURE_CELL = re.compile(r"\s*[-+－]?[0-9.,]+\s*(?:%|[\u4e00-\u9fff]{1,3})?\s*")


def _cell_words(changes: Sequence[str]) -> frozenset[str]:
    """The units of the quantity rules, with a scale word before them or not (元, 亿元, 万吨, %),
    and the change, base and lead-in words: what a table's unit and change cells hold, and the
    verbs prose a layout spaced sets apart (地区生产总值  实现  285.6亿元)."""
    rules = quantity_rules()
    units = {u.surface for u in rules.units} | {"%", "％", "‰"}
    return frozenset(units | {w + u for w, _ in rules.scales for u in units} | set(changes))


def _name_cell(raw: str, skip: frozenset[str]) -> tuple[int, int] | None:
    """Where the name stands in ``raw``, the text before a figure, when ``raw`` holds the cells
    of a table row: the last cell that is no figure, no row number and none of ``skip`` (a unit,
    a change word: 指标  单位  数值  增长  8.2%), when such a cell stands between it and the
    figure. None otherwise (规模以上  工业增加值增长8%, prose a layout spaced)."""
    breaks = list(_CELL_BREAK.finditer(raw))
    if not breaks:
        return None
    starts = [0, *(m.end() for m in breaks)]
    ends = [*(m.start() for m in breaks), len(raw)]

    def label(a: int, e: int) -> bool:
        piece = raw[a:e].strip()
        return bool(piece) and not _FIGURE_CELL.fullmatch(piece) and piece not in skip

    # a tab or a bar parts cells for sure; spaces may be prose a layout spaced
    skipped = any(c in m.group() for m in breaks for c in "\t|｜")
    for a, e in zip(reversed(starts), reversed(ends), strict=True):
        if label(a, e):
            # the text right before the figure names it where no figure, unit or word cell stands
            # between (规上工业企业  新增  35家: prose a layout spaced)
            return (a, e) if skipped else None
        skipped = skipped or bool(raw[a:e].strip())
    return None


# a number written without a unit of its own (820万, 1.5亿)
_BARE_NUMBER = re.compile(r"[0-9][0-9.,]*[万亿千百]*|[零〇一二两三四五六七八九十百千万亿]+")
# 分别达820万、 before the last figure of a list: the numbers with no unit of their own
_BARE_LIST = re.compile(r"分别[\u4e00-\u9fff]{0,4}?((?:(?:[0-9][0-9.,]*[万亿千百]*)[、和及与])+)$")
_BARE_ITEM = re.compile(r"([0-9][0-9.,]*[万亿千百]*)[、和及与]")


def _signed(value: Decimal | None, sign: int) -> Decimal | None:
    return None if value is None else value * sign


def _change_of(q: Quantity, sign: int, unit: str, basis: Basis, against: str, upper: Quantity | None = None) -> Change:
    """A change from its figure: 增长5%左右 keeps 左右; 增长6%—6.5% (one quantity with
    low/high, or two quantities joined by a dash: ``upper``) is a range."""
    low, high = _signed(q.low, sign), _signed(q.high, sign)
    value = _signed(q.value, sign)
    approx = q.approx
    if upper is not None:
        low, high, value = value, _signed(upper.value, sign), None
        approx = upper.approx or approx
    if low is not None and high is not None:
        low, high = min(low, high), max(low, high)
        value = None
    return Change(value, unit, basis, q.masked, against, approx=approx, low=low, high=high)


def _untold(
    negations: Sequence[str], manners: Sequence[str], aims: Sequence[str], times: Sequence[str]
) -> re.Pattern[str] | None:
    """What stands right before a status word that tells no stage: a denial and a manner
    (未能按期), or an aim and a time (计划于8月, 力争年底前), to the status word's start."""
    if not negations and not aims:
        return None
    manner = f"(?:{_alternation(manners)})?" if manners else ""
    when = "[" + "".join(re.escape(c) for c in "".join(times)) + "]*" if times else ""
    parts = []
    if negations:
        parts.append(f"(?P<neg>{_alternation(negations)}){manner}")
    if aims:
        parts.append(f"(?P<aim>{_alternation(aims)})(?:于|在)?{when}")
    return re.compile("(?:" + "|".join(parts) + r")\Z")


def _list_group(ends: Sequence[str], nouns: Sequence[str]) -> re.Pattern[str] | None:
    """What closes a list of projects and names it: a word of ``ends``, then the group up to one
    of ``nouns`` with its quote mark (等“十大项目”, 等投资29.2亿元的11个项目: the group after 的);
    a noun alone (等项目) names no group."""
    if not ends or not nouns:
        return None
    end = "|".join(map(re.escape, sorted(ends, key=len, reverse=True)))
    noun = "|".join(map(re.escape, sorted(nouns, key=len, reverse=True)))
    return re.compile(f'(?:{end})(?:[^,;。、()]{{0,16}}?的)?(?P<group>[^,;。、()的]{{1,14}}?(?:{noun})[”"]?)')


def _words_pattern(words: Sequence[str], after: str = "") -> re.Pattern[str] | None:
    """Any of ``words`` (longest first) followed by ``after``; None for no words."""
    if not words:
        return None
    return re.compile("(?:" + _alternation(words) + ")" + after)


def _alternation(words: Sequence[str]) -> str:
    """``words`` as alternatives of a pattern, longest first."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _has_verb(name: str) -> bool:
    """Whether jieba's best cut of ``name`` holds a word its dictionary tags as a verb."""
    table = word_table()
    ends = table.cut_ends(name)
    return any(table.tag(name[a:b]) == "v" for a, b in pairwise(ends))


@once
def _whole_words() -> frozenset[str]:
    """The names the library keeps whole (indicator names, places: ``segment.lexicon()``)."""
    return frozenset(lexicon())


def _near_cut(word: str, k: int) -> int:
    """The word boundary of ``word`` nearest ``k``, inside the word: a boundary of jieba's
    best cut that falls inside no indicator name or place name (城镇、农村居民人均可支配收入
    is not cut after 农村居民, which is one of jieba's words)."""
    n = len(word)
    whole = _whole_words()
    inside: set[int] = set()
    for a in range(n - 1):
        for b in range(a + 2, n + 1):
            if word[a:b] in whole:
                inside.update(range(a + 1, b))
    inner = [c for c in word_table().cut_ends(word) if 0 < c < n and c not in inside]
    return min(inner, key=lambda c: (abs(c - k), c)) if inner else k


on_forget(_whole_words.cache_clear)  # rule packs add names


def _whole_years(t: TimeExpression) -> bool:
    """Whether ``t`` is a period of whole years (“十五五”时期, 2021—2025年)."""
    if t.kind is not TimeKind.PERIOD or t.first_day is None or t.last_day is None:
        return False
    return (t.first_day.month, t.first_day.day, t.last_day.month, t.last_day.day) == (1, 1, 12, 31)


def _completed(
    items: list[str],
    *,
    joined: bool = False,
    whole: frozenset[str] = frozenset(),
    measures: tuple[str, ...] = (),
    counted: tuple[str, ...] = (),
) -> list[str]:
    """The names of list items written with one shared part: 城镇、农村居民收入 (the items
    before the last take its ending) or 签约项目数与合同额 (the items after the first, when
    shorter, take its beginning: ``joined``, parts of one name joined by 与/和).  The
    parts are cut at word boundaries.  Where the last item is a thing and one of ``measures``,
    an item as long as the last takes the measure (新能源汽车用电池、工业机器人产量), as does any
    item when that thing joins two words (金融业、软件和信息服务业增加值: 金融业增加值).  An item
    that ends with a measure is whole, and then the list is one of indicators: an item that
    counts people or firms (``counted``) where the last item does not is whole (进口货值、入境
    游客、离岛免税销售额: not 入境游客销售额; 规上工业增加值、新能源汽车、光伏电池产量 gives
    新能源汽车产量)."""
    first, last = items[0], items[-1]
    if joined and len(items) == 2 and len(last) < len(first) - 1:
        head = first[: _near_cut(first, len(first) - len(last))]
        return [first, head + last]
    measure = max((m for m in measures if last.endswith(m) and len(last) > len(m) + 1), key=len, default="")
    thing = last[: len(last) - len(measure)].replace("及相关", "")  # 文化及相关产业 is one
    related = last.find("及相关")
    mixed = any(it in whole or it.endswith(measures) for it in items[:-1])
    if last in measures:  # 亩均产值、税收: a bare measure is of the first item's subject
        own = max((m for m in measures if first.endswith(m) and m != last), key=len, default="")
        if own and len(first) > len(own):
            return [first, *(it if it not in measures else first[: -len(own)] + it for it in items[1:])]
    out = []
    for it in items[:-1]:
        if it in whole or it.endswith(measures):
            out.append(it)  # 规模工业企业利润、服务业企业营收: a measure of its own
        elif related > 0:
            out.append(it + last[related + 3 :])  # 电子信息、文化及相关产业增加值: 电子信息产业增加值
        elif measure and mixed and it.endswith(counted) and not thing.endswith(counted):
            out.append(it)  # 进口货值、入境游客、离岛免税销售额: a count of people or firms, no measure
        elif measure and (len(it) >= len(last) or any(j in thing for j in _LIST_JOINS[1:])):
            out.append(it + measure)  # 新能源汽车用电池、工业机器人产量
        elif len(it) >= len(last):
            out.append(it)
        else:
            tail = last[_near_cut(last, len(it)) :]
            shared = last.find(it[-2:], 1) if len(it) >= 4 else -1
            if shared > 0 and len(last) - shared - 2 >= 2 and shared + 2 in word_table().cut_ends(last):
                tail = last[shared + 2 :]  # 甲公园项目、乙厂项目完成投资: the item's head word is the last's
            level = last.find("级")
            if it.endswith("级") and 0 < level < len(last) - 2:
                tail = last[level + 1 :]  # 国家级、省级专精特新企业: 国家级专精特新企业
            if measure and len(tail) < len(measure):
                tail = measure  # 医保、养老保险参保率
            if len(tail) > 2 and tail.startswith(it[-2:]):
                tail = tail[2:]  # 农业产业、文化旅游产业园: not 农业产业产业园
            out.append(it + tail if len(tail) > 1 else it)  # 产业园、产业强镇: no one character
    return [*out, last]


def _noun_ending(s: str) -> bool:
    """Whether ``s`` ends with a noun by jieba's tags of its best cut (规上工业企业, 开发区; not
    努力, 首次, 可): a subject a verb inside a name follows."""
    table = word_table()
    ends = table.cut_ends(s)
    if not ends:
        return False
    last = s[ends[-2] if len(ends) > 1 else 0 : ends[-1]]
    return table.tag(last, "").startswith("n") and len(s) >= 2


def _predicated(s: str) -> bool:
    """Whether ``s`` says how something goes rather than names it: it holds an adverb or an idiom
    (不断, 持续, 焕然一新) or ends with an adjective (成果丰硕), by jieba's tags of its best cut."""
    table = word_table()
    ends = table.cut_ends(s)
    words = [s[a:b] for a, b in pairwise((0, *ends))]
    tags = [table.tag(w, "") for w in words if w]
    return bool(tags) and (any(t in ("d", "vd", "ad", "i") for t in tags) or tags[-1] == "a")


def _in_brackets(s: str, k: int) -> bool:
    """Whether position ``k`` of ``s`` stands inside a bracket opened and closed in ``s``."""
    return s.rfind("(", 0, k) > s.rfind(")", 0, k) and s.find(")", k) >= 0


def _from_to(change: Change | None) -> bool:
    """Whether ``change`` is a from-to pair's, which holds no rate (从12件提高到19件)."""
    return change is not None and change.from_value is not None and change.value is None


def _valid(name: str) -> bool:
    return (
        2 <= len(name) <= 30
        and bool(CJK_CHAR.search(name) or _ACRONYM.fullmatch(name))
        and not _FIGURE_ONLY.fullmatch(name)
    )


def _other_unit(row: _Row, q: Quantity) -> bool:
    """Whether the change ``q`` measures another kind of thing than ``row``'s level (a sum of
    money after a count of households), so that it cannot be that level's change; a percent
    or points may change any level, 万人 a count of 人次, 万吨 a weight in 斤."""
    value = row.value
    return value is not None and q.kind not in (Kind.PERCENT, Kind.PERCENTAGE_POINT) and value.kind is not q.kind


# a figure or a count of years standing where a name would (较…末的9323.1亿元增加…, 5年提升…): no name
_FIGURE_ONLY = re.compile(r"[0-9.]+(?:亿元|万元|元|亿|万|年|个月|天|%)")


def build_records(
    report: Report, norm: Normalized | None = None
) -> tuple[tuple[Indicator, ...], tuple[ProjectRecord, ...]]:
    """The indicator rows and project rows of a report whose layers are filled in.

    ``norm``, the report text already normalised, saves normalising it again."""
    if not report.quantities and not report.entities:
        return (), ()
    b = _Builder(report, norm)
    projects = b.projects()
    # the money a project row holds is that project's size, not a figure of the report; money
    # spent (完成投资1.22万亿元, of a programme's works) is one
    text = report.text
    held = frozenset(
        q.start
        for p in projects
        for q in (p.investment, p.spent)
        if q is not None and not any(w in text[max(0, q.start - 5) : q.start] for w in b.rules.actual)
    )
    return b.indicators(held), projects
