"""Time expressions resolved against a reference date.

The matcher is a registry of branches (``BRANCHES``): each shape of time
expression is one ``Branch`` with a name, the word tables of
``rules/times.toml`` it is built from, a function building its pattern (with
plain group names), the characters it can start with and a handler that turns
a match into days; its ``[[shape]]`` entry in ``times.toml`` says what it
reads and carries its examples.  A new shape is one entry in each.

One combined pattern, built once from the branches, finds every
expression in one pass over the normalised text: absolute dates and times
(``2021年03月09日 08:41:17``, ``2021-03-09``), years (``2018年``, ``今年``,
``xxxx年``) and their parts (``上半年``, ``一季度``, ``年底``), month ranges
and months (``1-6月``, ``6月份``, ``9月底``), as-of dates (``截至6月27日``,
``截止目前``), deadlines (``年底前``), periods (``今年以来``, ``去年同期``,
``近三年``, ``"十四五"期间``), days and weeks (``今天``, ``后天``, ``上周五``),
festivals (``春节前后``, ``国庆期间``; lunar days through the lunar-python package) and
clock times (``12:05``, ``下午3点``).  Expressions never overlap: the longest
reading wins.  ``当年``, ``次年``, ``上年度`` count from the nearest written
year before them in the sentence, ``当天``/``次日`` from the nearest day.

Each expression gets the inclusive days it covers, ``first_day`` and
``last_day``.  Absolute expressions resolve on their own; relative ones
(``今年``, ``1-6月``, ``截止目前``) resolve against ``reference`` only and stay
``None`` without it: the current date is never used.  Masked expressions
(``xxxx年``, ``x—x月份``) are kept with ``masked=True`` and no days.

>>> from cnreport.normalize import normalize
>>> [(t.text, t.kind.value, str(t.first_day), str(t.last_day))
...  for t in extract_times(normalize("1-6月产值比去年同期增长5%"), date(2020, 7, 30))]
[('1-6月', 'month_range', '2020-01-01', '2020-06-30'), ('去年同期', 'period', '2019-01-01', '2019-06-30')]
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from .chars import RANGE_DASH
from .lazy import once
from .loader import (
    Example,
    RuleError,
    UniqueSurfaces,
    entries,
    examples,
    on_forget,
    require,
    rule_files,
    string_list,
    where,
    word_entries,
)
from .normalize import Normalized, normalize
from .numbers import DIGIT_VALUES
from .types import Section, Stance, TimeExpression, TimeKind

__all__ = [
    "TimeRules",
    "after_part",
    "extract_times",
    "first_absolute_date",
    "outline_date",
    "review_spans",
    "reviewed_year",
    "time_rules",
]

_FILE = "times.toml"

# ---------------------------------------------------------------------------
# rules


@dataclass(frozen=True, slots=True)
class PartRule:
    """A part of a year: months ``lo``..``hi`` (``hi`` above 12 runs into the next year)."""

    word: str
    lo: int
    hi: int
    kind: TimeKind


@dataclass(frozen=True, slots=True)
class OccasionRule:
    """A festival or a named period of the year (春节, 国庆, 汛期)."""

    word: str
    fixed: tuple[tuple[int, int], tuple[int, int]] | None  # ((month, day), (month, day))
    lunar: str | None  # the name of a lunar_date table
    days: tuple[int, int]  # offsets from the lunar date, the solar term or the weekday
    holiday: tuple[int, int] | None  # offsets of the holiday (lunar) or None: the word's own days
    around: int
    holiday_fixed: tuple[tuple[int, int], tuple[int, int]] | None = None  # the holiday of a fixed one
    term: str | None = None  # a solar term, dated by the lunar calendar package
    weekday: tuple[int, int, int] | None = None  # (month, n, weekday 1-7): the n-th weekday of the month
    needs_year: bool = False  # read only after a year (2024年大雪) or before 节气


@dataclass(frozen=True, slots=True)
class LunarRule:
    """Words of written lunar dates: the marks (农历), month names (腊月) and the leap word (闰)."""

    marks: tuple[str, ...]
    months: dict[str, int]
    leap: tuple[str, ...]
    new_year: tuple[str, ...]  # 大年初五: the first month


@dataclass(frozen=True, slots=True)
class SuffixRule:
    word: str
    mode: str
    relative_only: bool
    not_before: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class TimeRules:
    """All the data the time matcher is built from (the matcher itself: ``_scanner``)."""

    relative_years: dict[str, int]
    relative_year_not_after: dict[str, tuple[str, ...]]
    relative_year_not_before: dict[str, tuple[str, ...]]
    anchored_years: frozenset[str]
    year_spans: dict[str, tuple[int, int]]
    bare_year_after: tuple[str, ...]  # 回首, 展望: a year written bare after them is one (回首2020，)
    bare_spans: dict[str, int]  # 五年 alone: a plan's years, the reviewed ones in a review
    bare_span_after: tuple[str, ...]  # 的, 关键: the words after which such a span is a noun
    bare_span_compared: tuple[str, ...]  # 相比: a plan before them is compared with, not the span's
    bare_span_guards: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    year_span_guards: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    anchored_spans: frozenset[str]
    relative_days: dict[str, int]
    relative_day_guards: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    anchored_days: frozenset[str]
    relative_weeks: dict[str, int]
    week_not_before: tuple[str, ...]
    week_parts: dict[str, tuple[int, int]]
    occasions: dict[str, OccasionRule]
    occasion_guards: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    occasion_tails: tuple[str, ...]
    occasion_around: tuple[str, ...]
    lunar_dates: dict[str, tuple[int, int]]  # name -> (lunar month, day)
    day_parts: dict[str, bool]
    clock_not_before: tuple[str, ...]
    clock_ratio_after: tuple[str, ...]
    relative_months: dict[str, int]
    parts: dict[str, PartRule]
    year_shorts: dict[str, PartRule]
    part_not_before: dict[str, tuple[str, ...]]
    short_not_before: dict[str, tuple[str, ...]]
    month_parts: dict[str, tuple[int, int]]
    month_part_not_before: dict[str, tuple[str, ...]]
    plans: dict[str, tuple[int, int]]
    plan_edges: dict[str, str]
    plan_edge_joins: tuple[str, ...]  # 规划, 的: between a plan and its edge word
    plan_needs: dict[str, tuple[str, ...]]  # 十五: a plan only right before 计划, 期间 ...
    as_of: tuple[str, ...]
    now: tuple[str, ...]
    until_now: tuple[str, ...]
    suffixes: dict[str, SuffixRule]
    bare_same_period: tuple[str, ...]
    base_after: tuple[str, ...]  # 比, 较: 去年 after them is a comparison's base
    base_of: tuple[str, ...]  # 去年, 去年底: the times that such a base is
    base_then: tuple[str, ...]  # 增长, 相比: what follows such a 去年
    ahead_cue: tuple[str, ...]  # 将, 预计: a deadline by them is still ahead
    span_prefixes: dict[str, str]
    span_prefix_not_after: dict[str, tuple[str, ...]]
    vague: tuple[str, ...]
    recurring: tuple[str, ...]
    example_reference: date | None
    review_until_month: int
    now_words: tuple[str, ...]
    shapes: dict[str, str]  # branch name -> what the shape reads
    short_year_window: tuple[int, int]  # a two-digit year falls in reference year + [first, last]
    short_year_ambiguous: tuple[str, ...]  # 三五年: two numerals that need a month or a part after them
    relative_quarters: dict[str, int]
    relative_centuries: dict[str, int]
    century_parts: dict[str, tuple[int, int]]
    decade_parts: dict[str, tuple[int, int]]
    offset_units: dict[str, str]
    offset_within_only: frozenset[str]  # 日: 90日内 is an offset, 30日前 a day of the month
    offset_directions: dict[str, str]
    offset_not_after: tuple[str, ...]
    weekday_words: tuple[str, ...]
    weekday_guards: tuple[tuple[str, ...], tuple[str, ...]]
    lunar: LunarRule
    bare_day_guards: tuple[tuple[str, ...], tuple[str, ...]]
    numeric_not_before: tuple[str, ...]
    range_open: tuple[str, ...]
    range_connectors: tuple[str, ...]
    range_close: tuple[str, ...]
    range_start: dict[str, tuple[str, ...]]  # 起 (not before 来, 步 ...)
    day_periods: tuple[str, ...]  # 白天, 午后: parts of a day written alone
    day_period_not_before: tuple[str, ...]
    examples: tuple[Example, ...] = field(repr=False)


_MODES = {"since", "deadline", "period", "same_period"}
_DIRECTIONS = {"back", "forward", "first"}
_OFFSET_UNITS = {"day", "workday", "week", "month", "quarter", "year", "hour", "quarter_hour", "minute", "second"}
_OFFSET_DIRECTIONS = {"after", "before", "within"}
_PART_KINDS = {"half": TimeKind.HALF, "quarter": TimeKind.QUARTER, "season": TimeKind.SEASON, "year": TimeKind.YEAR}


def _words_table(
    table: str, unique: UniqueSurfaces, exs: list[Example]
) -> list[tuple[str, dict[str, Any], tuple[str, ...]]]:
    return list(word_entries(_FILE, table, unique, exs, scope=table))


def _int_pair(entry: dict[str, Any], key: str, at: str, lo: int, hi: int) -> tuple[int, int]:
    value = require(entry, key, list, at)
    if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise RuleError(f"{at}: {key!r} must be a list of two integers")
    a, b = value
    if not (lo <= a <= b <= hi):
        raise RuleError(f"{at}: {key!r} must be [first, last] within {lo}..{hi}, got {value}")
    return a, b


def _day_pair(entry: dict[str, Any], key: str, at: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``[[month, day], [month, day]]`` of an entry, or None when the key is absent."""
    if key not in entry:
        return None
    value = require(entry, key, list, at)
    try:
        (m1, d1), (m2, d2) = value
        date(2000, m1, d1), date(2000, m2, d2)
    except (TypeError, ValueError) as e:
        raise RuleError(f"{at}: {key!r} must be [[month, day], [month, day]]: {e}") from None
    return (m1, d1), (m2, d2)


def _alt(words: Iterable[str]) -> str:
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in items)


def _guards(entry: dict[str, Any], at: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(not_after, not_before) of an entry; not_after items are single characters."""
    na = string_list(entry, "not_after", at)
    if any(len(c) != 1 for c in na):
        raise RuleError(f"{at}: 'not_after' items must be single characters")
    return na, string_list(entry, "not_before", at)


def _not_after(word: str, chars: tuple[str, ...]) -> str:
    """A look-behind placed after ``word``: the word does not follow one of ``chars``.

    Checked only once the word has matched, so it costs nothing at other positions.
    """
    if not chars:
        return ""
    cls = "".join(re.escape(c) for c in sorted(set(chars)))
    return f"(?<![{cls}]{re.escape(word)})"


def _guarded_words(guards: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> str:
    """An alternation of words, each with its own look-behind (not_after) and look-ahead (not_before)."""
    parts = []
    for w in sorted(guards, key=lambda w: (-len(w), w)):
        na, nb = guards[w]
        parts.append(re.escape(w) + _not_after(w, na) + (f"(?!{_alt(nb)})" if nb else ""))
    return "|".join(parts)


def _guarded(words_not_before: dict[str, tuple[str, ...]]) -> str:
    """An alternation of words, each with its own negative look-ahead."""
    parts = []
    for w in sorted(words_not_before, key=lambda w: (-len(w), w)):
        nb = words_not_before[w]
        parts.append(re.escape(w) + (f"(?!{_alt(nb)})" if nb else ""))
    return "|".join(parts)


@once
def time_rules() -> TimeRules:
    """The time rules of the package and of every installed rule pack."""
    exs: list[Example] = []
    unique = UniqueSurfaces("time word")

    rel_years: dict[str, int] = {}
    rel_years_na: dict[str, tuple[str, ...]] = {}
    rel_years_nb: dict[str, tuple[str, ...]] = {}
    anchored_years: set[str] = set()
    for at, entry, words in _words_table("relative_year", unique, exs):
        off = require(entry, "offset", int, at)
        na, nb = _guards(entry, at)
        rel_years.update(dict.fromkeys(words, off))
        rel_years_na.update(dict.fromkeys(words, na))
        rel_years_nb.update(dict.fromkeys(words, nb))
        if entry.get("anchor", False) is True:
            anchored_years.update(words)
    year_spans: dict[str, tuple[int, int]] = {}
    year_span_guards: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    anchored_spans: set[str] = set()
    for at, entry, words in _words_table("year_span", unique, exs):
        pair = _int_pair(entry, "years", at, -50, 50)
        guards = _guards(entry, at)
        for w in words:
            year_spans[w] = pair
            year_span_guards[w] = guards
        if entry.get("anchor", False) is True:
            anchored_spans.update(words)
    bare_spans: dict[str, int] = {}
    bare_span_guards: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    bare_span_after: list[str] = []
    bare_span_compared: list[str] = []
    for at, entry, words in _words_table("bare_span", unique, exs):
        bare_span_after.extend(string_list(entry, "after", at))
        bare_span_compared.extend(string_list(entry, "compared", at))
        n = require(entry, "years", int, at)
        if not 1 <= n <= 20:
            raise RuleError(f"{at}: 'years' must be 1..20")
        guards = _guards(entry, at)
        for w in words:
            bare_spans[w] = n
            bare_span_guards[w] = guards
    rel_days: dict[str, int] = {}
    day_guards: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    anchored_days: set[str] = set()
    for at, entry, words in _words_table("relative_day", unique, exs):
        off = require(entry, "offset", int, at)
        guards = _guards(entry, at)
        for w in words:
            rel_days[w] = off
            day_guards[w] = guards
        if entry.get("anchor", False) is True:
            anchored_days.update(words)
    rel_weeks: dict[str, int] = {}
    for at, entry, words in _words_table("relative_week", unique, exs):
        rel_weeks.update(dict.fromkeys(words, require(entry, "offset", int, at)))
    week_parts: dict[str, tuple[int, int]] = {}
    for at, entry, words in _words_table("week_part", unique, exs):
        week_parts.update(dict.fromkeys(words, _int_pair(entry, "days", at, 1, 7)))

    lunar_dates: dict[str, tuple[int, int]] = {}
    for source, i, entry in entries(_FILE, "lunar_date"):
        at = where(source, "lunar_date", i, entry)
        name = require(entry, "name", str, at)
        if name in lunar_dates:
            raise RuleError(f"{at}: lunar date {name!r} is defined twice")
        month, day = require(entry, "month", int, at), require(entry, "day", int, at)
        if not (1 <= abs(month) <= 12 and 1 <= day <= 30):
            raise RuleError(f"{at}: a lunar month is 1..12 (negative for a leap month) and a day 1..30")
        lunar_dates[name] = (month, day)
        exs.extend(examples(entry, at))
    occasions: dict[str, OccasionRule] = {}
    occasion_guards: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for at, entry, words in _words_table("occasion", unique, exs):
        fixed = _day_pair(entry, "on", at)
        holiday_fixed = _day_pair(entry, "holiday_on", at)
        lunar = entry.get("lunar")
        if lunar is not None and lunar not in lunar_dates:
            raise RuleError(f"{at}: no lunar_date table named {lunar!r}")
        term = entry.get("term")
        if term is not None and term not in solar_term_names():
            raise RuleError(f"{at}: {term!r} is not a solar term of the lunar calendar package")
        weekday = None
        if "weekday" in entry:
            wd = require(entry, "weekday", list, at)
            if len(wd) != 3 or not (1 <= wd[0] <= 12 and 1 <= abs(wd[1]) <= 5 and 1 <= wd[2] <= 7):
                raise RuleError(f"{at}: 'weekday' must be [month, n (negative: from the end), weekday 1-7]")
            weekday = (wd[0], wd[1], wd[2])
        if sum(x is not None for x in (fixed, lunar, term, weekday)) > 1:
            raise RuleError(f"{at}: give one of 'on', 'lunar', 'term', 'weekday'")
        offs = _int_pair(entry, "days", at, -60, 60) if "days" in entry else (0, 0)
        holiday = _int_pair(entry, "holiday", at, -60, 60) if "holiday" in entry else None
        around = entry.get("around", 0)
        if not isinstance(around, int) or isinstance(around, bool) or not 0 <= around <= 60:
            raise RuleError(f"{at}: 'around' must be a number of days 0..60")
        guards = _guards(entry, at)
        needs_year = entry.get("needs_year", False) is True
        for w in words:
            occasions[w] = OccasionRule(
                w, fixed, lunar, offs, holiday, around, holiday_fixed, term, weekday, needs_year
            )
            occasion_guards[w] = guards
    day_parts: dict[str, bool] = {}
    for at, entry, words in _words_table("day_part", unique, exs):
        day_parts.update(dict.fromkeys(words, require(entry, "pm", bool, at)))
    rel_months: dict[str, int] = {}
    for at, entry, words in _words_table("relative_month", unique, exs):
        off = require(entry, "offset", int, at)
        rel_months.update(dict.fromkeys(words, off))

    parts: dict[str, PartRule] = {}
    shorts: dict[str, PartRule] = {}
    part_nb: dict[str, tuple[str, ...]] = {}
    short_nb: dict[str, tuple[str, ...]] = {}
    for at, entry, words in _words_table("part", unique, exs):
        lo, hi = _int_pair(entry, "months", at, 1, 24)
        kind_name = require(entry, "kind", str, at)
        if kind_name not in _PART_KINDS:
            raise RuleError(f"{at}: kind must be one of {sorted(_PART_KINDS)}")
        nb = string_list(entry, "not_before", at)
        for w in words:
            parts[w] = PartRule(w, lo, hi, _PART_KINDS[kind_name])
            part_nb[w] = nb
        short = string_list(entry, "short", at)
        unique.add((f"short:{w}" for w in short), at)
        for w in short:
            shorts[w] = PartRule(w, lo, hi, TimeKind.SEASON)
            short_nb[w] = nb + string_list(entry, "short_not_before", at)

    month_parts: dict[str, tuple[int, int]] = {}
    month_nb: dict[str, tuple[str, ...]] = {}
    for at, entry, words in _words_table("month_part", unique, exs):
        lo, hi = _int_pair(entry, "days", at, 1, 31)
        nb = string_list(entry, "not_before", at)
        for w in words:
            month_parts[w] = (lo, hi)
            month_nb[w] = nb

    plans: dict[str, tuple[int, int]] = {}
    plan_needs: dict[str, tuple[str, ...]] = {}
    for at, entry, words in _words_table("plan_period", unique, exs):
        pair = _int_pair(entry, "years", at, 1900, 2200)
        plans.update(dict.fromkeys(words, pair))
        needs = string_list(entry, "only_before", at)
        if needs:
            plan_needs.update(dict.fromkeys(words, needs))
    edges: dict[str, str] = {}
    for at, entry, words in _words_table("plan_edge", unique, exs):
        edge = require(entry, "edge", str, at)
        if edge not in ("first", "last"):
            raise RuleError(f"{at}: edge must be 'first' or 'last'")
        edges.update(dict.fromkeys(words, edge))

    def flat(table: str) -> tuple[str, ...]:
        return tuple(w for _, _, words in _words_table(table, unique, exs) for w in words)

    as_of = flat("as_of")
    base_after: list[str] = []
    base_of: list[str] = []
    for at, entry, words in _words_table("base_after", unique, exs):
        base_after.extend(words)
        base_of.extend(string_list(entry, "of", at))
    now = flat("now")
    until_now = flat("until_now")
    bare_same = flat("bare_same_period")
    vague = flat("vague")
    recurring = flat("recurring")
    week_nb = flat("week_not_before")
    occasion_tails = flat("occasion_tail")
    occasion_around = flat("occasion_around")
    clock_nb = flat("clock_not_before")
    clock_ratio = flat("clock_not_after")

    suffixes: dict[str, SuffixRule] = {}
    for at, entry, words in _words_table("suffix", unique, exs):
        mode = require(entry, "mode", str, at)
        if mode not in _MODES:
            raise RuleError(f"{at}: mode must be one of {sorted(_MODES)}")
        after = entry.get("after", "any")
        if after not in ("any", "relative"):
            raise RuleError(f"{at}: 'after' must be 'any' or 'relative'")
        nb = string_list(entry, "not_before", at)
        for w in words:
            suffixes[w] = SuffixRule(w, mode, after == "relative", nb)

    span_prefixes: dict[str, str] = {}
    span_prefix_not_after: dict[str, tuple[str, ...]] = {}
    for at, entry, words in _words_table("span_prefix", unique, exs):
        direction = require(entry, "direction", str, at)
        if direction not in _DIRECTIONS:
            raise RuleError(f"{at}: direction must be one of {sorted(_DIRECTIONS)}")
        span_prefixes.update(dict.fromkeys(words, direction))
        na, nb = _guards(entry, at)
        if nb:
            raise RuleError(f"{at}: a span prefix takes 'not_after' only, not 'not_before'")
        span_prefix_not_after.update((w, na) for w in words if na)

    now_words = flat("now_word")
    review_until = 4
    for source, data in rule_files(_FILE):
        until = data.get("review_until_month", review_until)
        if not isinstance(until, int) or isinstance(until, bool) or not 0 <= until <= 12:
            raise RuleError(f"{source}: review_until_month must be a month number 0..12")
        review_until = until

    reference: date | None = None
    for source, data in rule_files(_FILE):
        ref = data.get("example_reference")
        if ref is not None:
            if not isinstance(ref, date) or isinstance(ref, datetime):
                raise RuleError(f"{source}: example_reference must be a date")
            reference = reference or ref

    shapes: dict[str, str] = {}
    known = {b.name for b in BRANCHES}
    for source, i, entry in entries(_FILE, "shape"):
        at = where(source, "shape", i, entry)
        name = require(entry, "name", str, at)
        if name not in known:
            raise RuleError(f"{at}: no branch named {name!r} (branches: {', '.join(sorted(known))})")
        if name in shapes:
            raise RuleError(f"{at}: shape {name!r} is described twice")
        shapes[name] = require(entry, "about", str, at)
        found = examples(entry, at)
        if not found:
            raise RuleError(f"{at}: a shape needs examples")
        exs.extend(found)
    missing = known - set(shapes)
    if missing and any(source == f"cnreport/rules/{_FILE}" for source, _ in rule_files(_FILE)):
        raise RuleError(f"cnreport/rules/{_FILE}: no [[shape]] entry for {', '.join(sorted(missing))}")

    window: tuple[int, int] = (-89, 10)
    ambiguous: tuple[str, ...] = ()
    for source, i, entry in entries(_FILE, "short_year"):
        at = where(source, "short_year", i, entry)
        window = _int_pair(entry, "window", at, -99, 99)
        if window[1] - window[0] != 99:
            raise RuleError(f"{at}: 'window' must span 100 years, e.g. [-89, 10]")
        ambiguous = string_list(entry, "ambiguous", at)
        exs.extend(examples(entry, at))

    def offsets(table: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for at, entry, words in _words_table(table, unique, exs):
            out.update(dict.fromkeys(words, require(entry, "offset", int, at)))
        return out

    def year_pairs(table: str, hi: int) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for at, entry, words in _words_table(table, unique, exs):
            out.update(dict.fromkeys(words, _int_pair(entry, "years", at, 0, hi)))
        return out

    def named(table: str, key: str, allowed: set[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for at, entry, words in _words_table(table, unique, exs):
            value = require(entry, key, str, at)
            if value not in allowed:
                raise RuleError(f"{at}: {key} must be one of {sorted(allowed)}")
            out.update(dict.fromkeys(words, value))
        return out

    def guards_of(table: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        na: tuple[str, ...] = ()
        nb: tuple[str, ...] = ()
        for source, i, entry in entries(_FILE, table):
            at = where(source, table, i, entry)
            a, b = _guards(entry, at)
            na, nb = na + a, nb + b
            exs.extend(examples(entry, at))
        return na, nb

    lunar_months: dict[str, int] = {}
    for at, entry, words in _words_table("lunar_month", unique, exs):
        month = require(entry, "month", int, at)
        if not 1 <= month <= 12:
            raise RuleError(f"{at}: a lunar month is 1..12")
        lunar_months.update(dict.fromkeys(words, month))
    offset_units: dict[str, str] = {}
    within_only: set[str] = set()
    for at, entry, words in _words_table("offset_unit", unique, exs):
        unit = require(entry, "unit", str, at)
        if unit not in _OFFSET_UNITS:
            raise RuleError(f"{at}: unit must be one of {sorted(_OFFSET_UNITS)}")
        offset_units.update(dict.fromkeys(words, unit))
        if entry.get("within_only", False) is True:
            within_only.update(words)
    range_start: dict[str, tuple[str, ...]] = {}
    for at, entry, words in _words_table("range_start", unique, exs):
        range_start.update(dict.fromkeys(words, string_list(entry, "not_before", at)))

    return TimeRules(
        relative_years=rel_years,
        relative_year_not_after=rel_years_na,
        relative_year_not_before=rel_years_nb,
        anchored_years=frozenset(anchored_years),
        year_spans=year_spans,
        bare_year_after=flat("bare_year_after"),
        bare_spans=bare_spans,
        bare_span_after=tuple(bare_span_after),
        bare_span_compared=tuple(bare_span_compared),
        bare_span_guards=bare_span_guards,
        year_span_guards=year_span_guards,
        anchored_spans=frozenset(anchored_spans),
        relative_days=rel_days,
        relative_day_guards=day_guards,
        anchored_days=frozenset(anchored_days),
        relative_weeks=rel_weeks,
        week_not_before=week_nb,
        week_parts=week_parts,
        occasions=occasions,
        occasion_guards=occasion_guards,
        occasion_tails=occasion_tails,
        occasion_around=occasion_around,
        lunar_dates=lunar_dates,
        day_parts=day_parts,
        clock_not_before=clock_nb,
        clock_ratio_after=clock_ratio,
        relative_months=rel_months,
        parts=parts,
        year_shorts=shorts,
        part_not_before=part_nb,
        short_not_before=short_nb,
        month_parts=month_parts,
        month_part_not_before=month_nb,
        plans=plans,
        plan_edges=edges,
        plan_edge_joins=flat("plan_edge_join"),
        plan_needs=plan_needs,
        as_of=as_of,
        now=now,
        until_now=until_now,
        suffixes=suffixes,
        bare_same_period=bare_same,
        base_after=tuple(base_after),
        base_of=tuple(base_of),
        base_then=flat("base_then"),
        ahead_cue=flat("ahead_cue"),
        span_prefixes=span_prefixes,
        span_prefix_not_after=span_prefix_not_after,
        vague=vague,
        recurring=recurring,
        example_reference=reference,
        review_until_month=review_until,
        now_words=now_words,
        shapes=shapes,
        short_year_window=window,
        short_year_ambiguous=ambiguous,
        relative_quarters=offsets("relative_quarter"),
        relative_centuries=offsets("relative_century"),
        century_parts=year_pairs("century_part", 99),
        decade_parts=year_pairs("decade_part", 9),
        offset_units=offset_units,
        offset_within_only=frozenset(within_only),
        offset_directions=named("offset_direction", "direction", _OFFSET_DIRECTIONS),
        offset_not_after=guards_of("offset_guard")[0],
        weekday_words=flat("weekday_word"),
        weekday_guards=guards_of("weekday_guard"),
        lunar=LunarRule(flat("lunar_mark"), lunar_months, flat("leap_word"), flat("lunar_new_year")),
        bare_day_guards=guards_of("bare_day"),
        numeric_not_before=flat("numeric_not_before"),
        range_open=flat("range_open"),
        range_connectors=flat("range_connector"),
        range_close=flat("range_close"),
        range_start=range_start,
        day_periods=flat("day_period"),
        day_period_not_before=guards_of("day_period_guard")[1],
        examples=tuple(exs),
    )


on_forget(time_rules.cache_clear)


# ---------------------------------------------------------------------------
# ---------------------------------------------------------------------------
# pattern fragments
#
# Each branch writes its pattern with plain group names (``y``, ``m``, ``d``,
# ``suf``).  The scanner joins the branches into one pattern without those
# groups to find where an expression starts and which branch reads it, then
# matches that branch's own pattern there; a handler reads its groups through
# a ``Hit``.

_CN_MONTH = "(?:十[一二]|[一二三四五六七八九十])"
_CN_DAY = "(?:[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_NUM_MONTH = rf"(?:\d{{1,2}}|[xX]{{1,2}}|{_CN_MONTH})"
_NUM_DAY = rf"(?:\d{{1,2}}|[xX]{{1,2}}|{_CN_DAY})"
_DASH = RANGE_DASH
_CN_SMALL = "[一二两三四五六七八九十]{1,3}"
_CN_HOUR = "(?:二十[一二三四]?|十[一二]?|[零一二两三四五六七八九])"
_CN_MINUTE = "(?:[二三四五]?十[一二三四五六七八九]?|零?[一二三四五六七八九])"
_NO_DIGIT_BEFORE = r"(?<![0-9A-Za-z.])"
_DIGIT_STARTS = "0123456789"
_CN_DIGIT_STARTS = "〇零○一二三四五六七八九十两"
_QUOTES = "“\"'‘"
_CN_COUNT = "(?:[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])"


def _suffix(r: TimeRules, relative: bool) -> str:
    """An optional suffix (以来, 前, 期间, 同期); ``relative``: also the suffixes only relative cores take (来)."""
    words = {s.word: s.not_before for s in r.suffixes.values() if relative or not s.relative_only}
    return f"(?P<suf>{_guarded(words)})?" if words else ""


def _pre(r: TimeRules, required: bool = False) -> str:
    """The as-of prefix (截至)."""
    if not r.as_of:
        return "(?!)" if required else ""
    return f"(?P<pre>{_alt(r.as_of)})" + ("" if required else "?")


def _clock(r: TimeRules) -> str:
    """12:05, 12时05分, 上午9时, 下午3点半: a day part, then a colon or a 时/点 hour."""
    guard = f"(?!{_alt(r.clock_not_before)})" if r.clock_not_before else ""
    ap = f"(?:(?P<ap>{_alt(r.day_parts)})\\s?)?" if r.day_parts else ""
    colon = r"(?P<hh>\d{1,2}):(?P<mi>\d{2})(?::(?P<ss>\d{2}))?(?![0-9:])(?:时(?![段期间]))?"
    unit = rf"(?P<ch>\d{{1,2}}|{_CN_HOUR})(?P<cu>[时点]){guard}(?:(?P<cm>\d{{1,2}}|{_CN_MINUTE})分|(?P<half>半))?"
    return f"{ap}(?:{colon}|{unit})"


def _day_part(r: TimeRules) -> str:
    """A clock time after a day (18日上午10时)."""
    return f"(?:\\s{{0,2}}{_clock(r)})?"


def _week_of(r: TimeRules, of: str) -> str:
    """第二周, 第3个星期日, 第一个周二: a week or a weekday counted in a month (``of`` = "m") or a year ("y")."""
    if not r.weekday_words:
        return "(?!)"
    days = "".join(w for w in r.week_parts if len(w) == 1 and w != "末")
    words = _alt(r.weekday_words)
    return rf"的?第(?P<{of}wn>\d{{1,2}}|{_CN_SMALL})(?P<{of}wg>个)?(?:{words})(?P<{of}wd>[{days}])?"


def _month(r: TimeRules) -> str:
    """6月, 6月份, 6月27日 (and its clock), 4月12-19日, 9月底, 6月第二周."""
    mp = {w: r.month_part_not_before.get(w, ()) for w in r.month_parts}
    mpart = f"|(?P<mp>{_guarded(mp)})" if mp else ""
    day = rf"(?P<d>{_NUM_DAY})(?:[日号]?\s?{_DASH}\s?(?P<d2>{_NUM_DAY}))?[日号]{_day_part(r)}"
    return rf"(?P<m>{_NUM_MONTH})月(?P<fen>份)?(?:{day}|{_week_of(r, 'm')}{mpart})?"


def _month_range() -> str:
    """1-6月, 一至六月份, 3、4月 (two months next to each other)."""
    return rf"(?P<r1>{_NUM_MONTH})(?:月份?)?\s?(?:{_DASH}|(?P<rpair>、))\s?(?P<r2>{_NUM_MONTH})月(?P<rfen>份)?"


def _year(r: TimeRules) -> str:
    """2018年, 二〇二〇年, 今年, xxxx年, 98年, 零七年."""
    alts = [
        # a space before 年 is left by converters of pages and PDFs (2016 年)
        rf"{_NO_DIGIT_BEFORE}(?P<ya>(?:1[89]|20)\d{{2}}|[xX]{{4}}) ?年度?",
        r"(?<![〇零○一二三四五六七八九十])(?P<yc>(?:一九|二[〇零○])[〇零○一二三四五六七八九]{2})年度?",
        r"(?<![0-9A-Za-z.])(?P<y2d>\d{2})年",
        r"(?<![〇零○一二三四五六七八九十两百千万第])(?P<y2c>[〇零○一二三四五六七八九]{2})年",
    ]
    if r.relative_years:
        words = []
        for w in sorted(r.relative_years, key=lambda w: (-len(w), w)):
            behind = _not_after(w, r.relative_year_not_after.get(w, ()))
            nb = r.relative_year_not_before.get(w, ())
            words.append(re.escape(w) + behind + (f"(?!{_alt(nb)})" if nb else ""))
        alts.append(f"(?P<yr>{'|'.join(words)})")
    return "(?:" + "|".join(alts) + ")"


_PART_EDGE = "(?:末|初|底)"


def _part(r: TimeRules) -> str:
    """上半年, 一季度, 年底 and an edge (一季度末); 一、二季度 is two quarters."""
    words = {w: r.part_not_before.get(w, ()) for w in r.parts}
    pair = "(?:第?(?P<qa>[一二三123])[、,和与及](?=第?[二三四234]季度))?"
    # a part that opens with 年 after a count is that count's (五年中, 三年底 are no 年中, 年底)
    counted = {w: nb for w, nb in words.items() if w.startswith("年")}
    rest = {w: nb for w, nb in words.items() if w not in counted}
    alts = [f"(?<![{_CN_DIGIT_STARTS}几多数])(?:{_guarded(counted)})" if counted else "", _guarded(rest)]
    return f"{pair}(?P<p>{'|'.join(a for a in alts if a)})(?P<pe>{_PART_EDGE})?"


def _lunar_mark(r: TimeRules) -> str:
    return f"(?:{_alt(r.lunar.marks)})?" if r.lunar.marks else ""


def _occasion_word(r: TimeRules) -> str:
    """春节, 农历中秋, 春节假期, 春节前后 after a year (2021年春节前后)."""
    tail = f"(?P<ot>{_alt(r.occasion_tails)})?" if r.occasion_tails else ""
    around = f"(?P<oar>{_alt(r.occasion_around)})?" if r.occasion_around else ""
    return f"{_lunar_mark(r)}(?P<ow>{_guarded_words(r.occasion_guards)}){tail}{around}"


def _first_months(r: TimeRules) -> str:
    """前十一个月, 后三个月, 前两个季度, 首月, 第8个月, 第37周: months or a week counted in a year."""
    num = rf"(?:\d{{1,2}}|{_CN_SMALL})"
    return (
        rf"(?:(?P<fl>前|头|后|最后)(?P<fn>{num})个?(?P<fu>月|季度)(?!份?[0-9一二三四五六七八九十])"
        rf"|(?P<first_month>首月)|第(?P<nth>{num})个月|{_week_of(r, 'y')})"
    )


def _year_tail(r: TimeRules) -> str:
    """What may follow a year: a festival, a part, a month range, a month, a short season (春, 底)."""
    tails = []
    if r.occasions:
        tails.append(_occasion_word(r))
    if r.parts:
        tails.append(_part(r))
    tails.append(_first_months(r))
    tails.append(_month_range())
    tails.append(_month(r))
    if r.year_shorts:
        tails.append(f"(?P<ys>{_guarded({w: r.short_not_before.get(w, ()) for w in r.year_shorts})})")
    return "(?:" + "|".join(tails) + ")?"


def _gate(*word_sets: Iterable[str], extra: str = "") -> str:
    """A one-character look-ahead: a branch that cannot start here fails at once."""
    chars = {w[0] for words in word_sets for w in words} | set(extra)
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


def _firsts(*word_sets: Iterable[str], extra: str = "") -> frozenset[str]:
    return frozenset({w[0] for words in word_sets for w in words} | set(extra))


# ---------------------------------------------------------------------------
# numbers and dates

_CN_DIGITS = DIGIT_VALUES


def _small_number(text: str) -> int | None:
    """``6`` -> 6, ``十二`` -> 12, ``二十三`` -> 23, ``两`` -> 2; masked or odd -> None."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" in text:
        head, _, tail = text.partition("十")
        if "十" in tail or len(head) > 1 or len(tail) > 1:
            return None
        tens = _CN_DIGITS[head] if head else 1
        return tens * 10 + (_CN_DIGITS[tail] if tail else 0)
    if len(text) == 1:
        return _CN_DIGITS[text]
    return None


def _cn_year(text: str) -> int:
    return int("".join(str(_CN_DIGITS[c]) for c in text))


def _is_masked(text: str | None) -> bool:
    return text is not None and ("x" in text or "X" in text)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _shift_years(d: date, n: int) -> date | None:
    y = d.year + n
    if not 1 <= y <= 9999:
        return None
    if d.day == calendar.monthrange(d.year, d.month)[1]:
        return _month_end(y, d.month)
    return date(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_DATEPARSER_SETTINGS = {
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
    "RELATIVE_BASE": datetime(2000, 1, 1),
}
# At most this many distinct complete dates of one text go to dateparser; the
# rest (identical for well-formed dates) are read from the matched digits.
_DATEPARSER_BUDGET = 256


@lru_cache(maxsize=4096)
def _dateparser_date(text: str) -> date | None:
    """A complete absolute date read by dateparser, or None (cached per string)."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return None
    try:
        found = dateparser.parse(text, languages=["zh"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises odd errors on odd input
        return None
    return found.date() if found is not None else None


# ---------------------------------------------------------------------------
# matching

Span = Callable[[int], "tuple[date, date] | None"]  # a year (or an anchor) -> (first, last)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: TimeKind
    first: date | None
    last: date | None
    masked: bool = False
    mode: str = ""  # "", "as_of", "since", "deadline", "period", "same_period", "day", "now"
    plain: bool = False  # a calendar expression with no prefix or suffix (can join a range)
    year: int | None = None  # the year a plain expression resolved to
    implicit_year: bool = False  # the year came from the reference date
    recompute: Span | None = None  # year -> (first, last) for an implicit-year plain expression
    shift: int = -1  # years back for same_period
    shift_abs: int | None = None
    explicit_year: bool = False  # the year is written out (2023年, 2020-07-30): an anchor for 当年
    anchor: str = ""  # "year" (当年, 上年度) or "day" (当天, 次日, a bare clock): counts from an anchor
    rebase: Callable[[Any], tuple[date, date] | None] | None = None  # anchor year or day -> (first, last)
    loose: bool = False  # 白天, 夜间 alone: a time only where a day before it in its sentence dates it
    years: int = 0  # 五年 alone: the span's years, forward from the reference, back in a review


class _Budget:
    __slots__ = ("left",)

    def __init__(self, n: int) -> None:
        self.left = n


@dataclass(slots=True)
class _Context:
    """What every handler reads besides its match: the rules, the reference date, the dateparser budget."""

    rules: TimeRules
    reference: date | None
    budget: _Budget


class Hit:
    """One match of one branch, read through the branch's own group names."""

    __slots__ = ("_m", "end", "start", "string")

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m
        self.start, self.end, self.string = m.start(), m.end(), m.string

    def get(self, name: str) -> str | None:
        """The text of group ``name``, None when it did not take part (or the branch has no such group)."""
        try:
            return self._m.group(name)
        except IndexError:
            return None

    def group(self, name: str) -> str:
        """The text of a group the branch always fills."""
        value = self.get(name)
        if value is None:
            raise LookupError(f"group {name!r} did not take part in the match")
        return value

    def start_of(self, name: str) -> int:
        return self._m.start(name)

    def end_of(self, name: str) -> int:
        return self._m.end(name)


def _calendar(h: Hit, rules: TimeRules) -> tuple[TimeKind, Span, bool] | None:
    """The kind of a calendar core, a function year -> (first, last) | None, and whether it is masked.

    None when the core is not a time (month 13, a Chinese month with nothing to anchor it).
    """
    r1, r2 = h.get("r1"), h.get("r2")
    if r1 is not None and r2 is not None:
        if _is_masked(r1) or _is_masked(r2):
            return TimeKind.MONTH_RANGE, lambda y: None, True
        m1, m2 = _small_number(r1), _small_number(r2)
        if m1 is None or m2 is None or not (1 <= m1 < m2 <= 12):
            return None
        if h.get("rpair") and m2 != m1 + 1:
            return None  # 3、5月: two months, not a range
        return TimeKind.MONTH_RANGE, lambda y: (date(y, m1, 1), _month_end(y, m2)), False
    raw_m = h.get("m")
    if raw_m is not None:
        raw_d = h.get("d")
        masked = _is_masked(raw_m) or _is_masked(raw_d)
        mp = h.get("mp")
        if not raw_m.isdigit() and not masked and not (raw_d or mp or h.get("fen") or h.get("mwn") or _year_written(h)):
            return None  # 一月一调度: a Chinese month needs a year, a day, 份 or a part
        if masked:
            if raw_d is not None:
                return (TimeKind.DATETIME if _has_clock(h) else TimeKind.DATE), lambda y: None, True
            return (TimeKind.SEASON if mp else TimeKind.MONTH), lambda y: None, True
        mo = _small_number(raw_m)
        if mo is None or not 1 <= mo <= 12:
            return None
        month = mo
        if raw_d is not None:
            kind = TimeKind.DATETIME if _has_clock(h) else TimeKind.DATE
            day = _small_number(raw_d)
            if day is None or not 1 <= day <= 31:
                return None
            the_day = day
            raw_d2 = h.get("d2")
            if raw_d2 is not None:  # 4月12-19日
                day2 = _small_number(raw_d2)
                if day2 is None or not day < day2 <= 31:
                    return None
                last_day = day2

                def days(y: int) -> tuple[date, date] | None:
                    d1, d2 = _safe_date(y, month, the_day), _safe_date(y, month, last_day)
                    return (d1, d2) if d1 and d2 else None

                return TimeKind.PERIOD, days, False

            def on_day(y: int) -> tuple[date, date] | None:
                d = _safe_date(y, month, the_day)
                return (d, d) if d else None

            return kind, on_day, False
        week = _week_in(h, "m")
        if week is not None:
            n, weekday = week
            return (
                (TimeKind.DATE if weekday else TimeKind.PERIOD),
                lambda y: _week_of_month(y, month, n, weekday),
                False,
            )
        if mp:
            lo, hi = rules.month_parts[mp]

            def month_part(y: int) -> tuple[date, date]:
                end = _month_end(y, month)
                return date(y, month, lo), date(y, month, min(hi, end.day))

            return TimeKind.SEASON, month_part, False
        return TimeKind.MONTH, lambda y: (date(y, month, 1), _month_end(y, month)), False
    part_word = h.get("p") or h.get("ys")
    if part_word:
        rule = rules.parts.get(part_word) or rules.year_shorts[part_word]
        edge = h.get("pe")
        lo, hi = rule.lo, rule.hi
        kind = rule.kind
        if edge in ("末", "底"):
            lo, kind = hi, TimeKind.SEASON
        elif edge == "初":
            hi, kind = lo, TimeKind.SEASON

        def part(y: int) -> tuple[date, date]:
            ly, lm = _add_months(y, 1, hi - 1)
            return date(y, lo, 1) if lo <= 12 else date(*_add_months(y, 1, lo - 1), 1), _month_end(ly, lm)

        qa = h.get("qa")
        if qa is not None:  # 一、二季度: from the first quarter named
            first_q = _small_number(qa) or 0
            if not 1 <= first_q < (lo + 2) // 3:
                return None
            lo, kind = first_q * 3 - 2, TimeKind.QUARTER
        return kind, part, False
    counted = _counted_months(h)
    if counted is not None:
        m1, m2, kind = counted
        return kind, lambda y: (date(y, m1, 1), _month_end(y, m2)), False
    week = _week_in(h, "y")
    if week is not None:
        n, weekday = week
        return (TimeKind.DATE if weekday else TimeKind.PERIOD), lambda y: _week_of_year(y, n, weekday), False
    return TimeKind.YEAR, lambda y: (date(y, 1, 1), date(y, 12, 31)), False


_WEEKDAY_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}


def _week_in(h: Hit, of: str) -> tuple[int, int] | None:
    """(n, weekday or 0) of 第n周 / 第n个星期三 in a month (``of`` = "m") or a year ("y")."""
    raw = h.get(f"{of}wn")
    if raw is None:
        return None
    n = _small_number(raw)
    if n is None or not 1 <= n <= 53:
        return None
    return n, _WEEKDAY_NUMBERS.get(h.get(f"{of}wd") or "", 0)


def _first_monday(y: int, m: int) -> date:
    first = date(y, m, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _week_of_month(y: int, m: int, n: int, weekday: int) -> tuple[date, date] | None:
    """Week n of a month starts on its n-th Monday; with a weekday, the n-th such day of the month."""
    if weekday:
        first = date(y, m, 1)
        day = first + timedelta(days=(weekday - 1 - first.weekday()) % 7 + 7 * (n - 1))
        return (day, day) if day.month == m else None
    monday = _first_monday(y, m) + timedelta(weeks=n - 1)
    return (monday, monday + timedelta(days=6)) if monday.month == m else None


def _week_of_year(y: int, n: int, weekday: int) -> tuple[date, date] | None:
    """Week n of a year starts on its n-th Monday (week 1 is the first week that starts in the year)."""
    monday = _first_monday(y, 1) + timedelta(weeks=n - 1)
    if monday.year != y:
        return None
    if weekday:
        day = monday + timedelta(days=weekday - 1)
        return day, day
    return monday, monday + timedelta(days=6)


def _counted_months(h: Hit) -> tuple[int, int, TimeKind] | None:
    """前十一个月 (January to November), 后三个月 (October to December), 前两个季度, 首月, 第8个月."""
    if h.get("first_month"):
        return 1, 1, TimeKind.MONTH
    nth = h.get("nth")
    if nth is not None:
        n = _small_number(nth)
        return (n, n, TimeKind.MONTH) if n is not None and 1 <= n <= 12 else None
    fl, fn, fu = h.get("fl"), h.get("fn"), h.get("fu")
    if fl is None or fn is None:
        return None
    n = _small_number(fn)
    if n is None:
        return None
    months = n * 3 if fu == "季度" else n
    if not 1 <= months <= 12:
        return None
    kind = TimeKind.QUARTER if fu == "季度" else TimeKind.MONTH_RANGE
    return (1, months, kind) if fl in ("前", "头") else (13 - months, 12, kind)


def _year_of(h: Hit, rules: TimeRules, reference: date | None) -> tuple[int | None, bool, bool, bool]:
    """(year, masked, implicit, relative) of a core; year None when it needs a reference that is missing."""
    ya, yc, yr = h.get("ya"), h.get("yc"), h.get("yr")
    if ya:
        if _is_masked(ya):
            return None, True, False, False
        return int(ya), False, False, False
    if yc:
        return _cn_year(yc), False, False, False
    short = h.get("y2d") or h.get("y2c")
    if short:
        yy = int(short) if short.isdigit() else _cn_year(short)
        return (_century(yy, reference, rules) if reference else None), False, False, False
    if yr:
        off = rules.relative_years[yr]
        return (reference.year + off if reference else None), False, False, True
    return (reference.year if reference else None), False, True, True


def _short_year_alone(h: Hit, rules: TimeRules) -> bool:
    """Whether a two-digit year may stand without a month or a part after it: 07年 and 零七年
    may, 20年 (twenty years) and 三五年 (three to five years) may not."""
    y2d, y2c = h.get("y2d"), h.get("y2c")
    if y2d is not None:
        return y2d.startswith("0")
    if y2c is not None:
        return y2c not in rules.short_year_ambiguous
    return True


def _year_written(h: Hit) -> bool:
    return any(h.get(g) for g in ("ya", "yc", "yr", "y2d", "y2c"))


def _century(yy: int, reference: date, rules: TimeRules) -> int:
    """The year ending in ``yy`` within the window of years around the reference (98 -> 1998)."""
    lo = reference.year + rules.short_year_window[0]
    return lo + (yy - lo) % 100


def _has_clock(h: Hit) -> bool:
    return h.get("hh") is not None or h.get("ch") is not None


def _clock_ok(h: Hit, rules: TimeRules | None = None) -> bool:
    """A valid time of day: hour 0-24 (1-12 after 下午), minutes and seconds 0-59."""
    hh, mi, ss, ch = h.get("hh"), h.get("mi"), h.get("ss"), h.get("ch")
    if hh is None and ch is None:
        return True
    if hh is not None and mi is not None:
        hour, minute = int(hh), int(mi)
        if ss is not None and int(ss) > 59:
            return False
    elif ch is not None:
        hour_n = _small_number(ch)
        cm = h.get("cm")
        minute_n = _small_number(cm.removeprefix("零")) if cm else 0
        if hour_n is None or minute_n is None:
            return False
        hour, minute = hour_n, minute_n
    else:
        return False
    ap = h.get("ap")
    if ap and rules is not None and rules.day_parts.get(ap) and not 1 <= hour <= 12:
        return False
    return (hour < 24 and minute <= 59) or (hour == 24 and minute == 0)


def _checked_date(text: str, y: int, mo: int, d: int, budget: _Budget) -> date | None:
    """A complete date: dateparser reads it when the budget allows, the digits otherwise."""
    own = _safe_date(y, mo, d)
    if own is None:
        return None
    if budget.left > 0:
        budget.left -= 1
        parsed = _dateparser_date(text)
        if parsed is not None:
            return parsed
    return own


def _apply_mode(f: _Found, mode: str, reference: date | None) -> _Found:
    if mode == "as_of":
        f.kind, f.mode = TimeKind.AS_OF, mode
        f.first = f.last
    elif mode == "since":
        f.kind, f.mode = TimeKind.PERIOD, mode
        if f.first is None or reference is None or f.first > reference:
            f.first = f.last = None
        else:
            f.last = reference
    elif mode == "deadline":
        f.kind, f.mode = TimeKind.DEADLINE, mode
        if f.last is not None and reference is not None and reference <= f.last:
            f.first = reference
    elif mode == "period":
        f.kind, f.mode = TimeKind.PERIOD, mode
    elif mode == "same_period":
        f.kind, f.mode = TimeKind.PERIOD, mode
    return f


def _mode_of(h: Hit, rules: TimeRules) -> str:
    if h.get("pre"):
        return "as_of"
    suf = h.get("suf")
    return rules.suffixes[suf].mode if suf else ""


def _date_text(h: Hit, start: int, day_end: int) -> str:
    """The substring from the year to the day, and the clock when there is one."""
    end = h.end_of("ss") if h.get("ss") else (h.end_of("mi") if h.get("mi") else day_end)
    return h.string[start:end]


# ---------------------------------------------------------------------------
# handlers: one per branch, each turning a Hit into a _Found (or None: not a time)


def _calendar_found(h: Hit, cx: _Context) -> _Found | None:
    """A year and its part, month range, month or day (2020年7月, 上半年, 1-6月, 6月27日)."""
    rules, reference = cx.rules, cx.reference
    if h.get("ow") is not None:
        return _occasion_found(h, cx)
    cal = _calendar(h, rules)
    if cal is None:
        return None
    kind, span, masked = cal
    if _has_clock(h) and not _clock_ok(h, rules):
        return None
    if kind == TimeKind.YEAR and not _short_year_alone(h, rules):
        return None
    year, year_masked, implicit, relative = _year_of(h, rules, reference)
    masked = masked or year_masked
    mode = _mode_of(h, rules)
    f = _Found(h.start, h.end, kind, None, None, masked, "", plain=not mode, implicit_year=implicit)
    f.explicit_year = _year_written(h) and not h.get("yr") and not masked
    yr = h.get("yr")
    if yr in rules.anchored_years and mode != "same_period" and not masked:
        off = rules.relative_years[yr]
        f.anchor, f.rebase = "year", lambda base: span(base + off)
    if mode == "same_period":
        f.shift = rules.relative_years.get(yr or "", -1) if relative else -1
        if not relative and year is not None:
            f.shift_abs = year
        return _apply_mode(f, mode, reference)
    if not masked and year is not None:
        rng = span(year)
        if rng is None:
            return None
        ya, raw_m = h.get("ya"), h.get("m")
        if kind in (TimeKind.DATE, TimeKind.DATETIME) and ya and raw_m is not None and raw_m.isdigit():
            day_end = h.end_of("d") + 1
            d = _checked_date(_date_text(h, h.start_of("ya"), day_end), year, rng[0].month, rng[0].day, cx.budget)
            rng = (d, d) if d else rng
        if implicit and reference is not None:
            # cumulative ranges (1-11月) and as-of dates are behind the reference: in a
            # January report, 1-11月 and 截至12月 belong to the year before
            later = (rng[1].year, rng[1].month) > (reference.year, reference.month)
            cumulative = kind == TimeKind.MONTH_RANGE and rng[0].month == 1
            if (mode == "since" and rng[0] > reference) or ((mode == "as_of" or cumulative) and later):
                year -= 1
                rng = span(year) or rng
        f.first, f.last = rng
        f.year = year
        if implicit:
            f.recompute = span
    return _apply_mode(f, mode, reference)


def _iso_found(h: Hit, cx: _Context) -> _Found | None:
    """2021-03-09, 2021/3/9, 2021.3.9 and a clock."""
    y, mo, d = int(h.group("y")), int(h.group("m")), int(h.group("d"))
    if not _clock_ok(h):
        return None
    own = _safe_date(y, mo, d)
    if own is None:
        return None
    when = own
    if h.group("sep") == "-":  # the ISO form; dateparser reads it with its own rules
        when = _checked_date(_date_text(h, h.start_of("y"), h.end_of("d")), y, mo, d, cx.budget) or own
    kind = TimeKind.DATETIME if h.get("hh") else TimeKind.DATE
    mode = _mode_of(h, cx.rules)
    f = _Found(h.start, h.end, kind, when, when, plain=not mode, year=y, explicit_year=True)
    if mode == "same_period":
        f.shift_abs = y
    return _apply_mode(f, mode, cx.reference)


def _titled(text: str, start: int) -> bool:
    """Whether a bracket opens right before ``start`` inside a title in 《》 (《某某规划（2021-2035）》),
    where two bare years are the span the title covers, not a price or a number."""
    if not (start and text[start - 1] in "（("):
        return False
    line = max(text.rfind("\n", 0, start), 0)
    return text.rfind("《", line, start) > text.rfind("》", line, start)


def _year_range_found(h: Hit, cx: _Context) -> _Found | None:
    """2021-2025年, 2021年至2025年, （2018-2035）."""
    y1, y2 = int(h.group("y1")), int(h.group("y2"))
    if y1 >= y2 or (h.get("br") is not None and not _titled(h.string, h.start)):
        return None
    f = _Found(h.start, h.end, TimeKind.PERIOD, date(y1, 1, 1), date(y2, 12, 31))
    mode = _mode_of(h, cx.rules)
    return _apply_mode(f, mode, cx.reference) if mode and mode != "same_period" else f


def _plan_found(h: Hit, cx: _Context) -> _Found:
    """“十四五”期间, 十三五末, “十五”计划 (the pattern holds 十五 to the words of ``only_before``)."""
    rules, reference = cx.rules, cx.reference
    word = h.group("w")
    y1, y2 = rules.plans[word]
    start, end = h.start, h.end
    q1, q2, suf, edge = h.get("q1"), h.get("q2") or h.get("q3"), h.get("suf"), h.get("e")
    if q1 and not q2:
        start += 1
    if q2 and not q1 and not (suf or edge):
        end -= 1
    f = _Found(start, end, TimeKind.PERIOD, date(y1, 1, 1), date(y2, 12, 31), years=y2 - y1 + 1)
    if edge:
        y = y2 if rules.plan_edges[edge] == "last" else y1
        f.first, f.last, f.years = date(y, 1, 1), date(y, 12, 31), 0
    elif suf and rules.suffixes[suf].mode == "since":
        f.mode, f.years = "since", 0
        f.last = reference if reference is not None and reference >= date(y1, 1, 1) else None
        if f.last is None:
            f.first = None
    return f


# the units a relative span counts in, and those that need 个 (三个月, not 三月)
_SPAN_UNITS = {
    "月": "month",
    "季度": "quarter",
    "星期": "week",
    "礼拜": "week",
    "周": "week",
    "年": "year",
    "天": "day",
    "小时": "hour",
    "钟头": "hour",
    "分钟": "minute",
}
_SPAN_COUNTED = frozenset({"月", "季度"})  # only after 个
_SPAN_BARE = frozenset({"年", "天", "周", "分钟"})  # never after 个


def _span_found(h: Hit, cx: _Context) -> _Found | None:
    """近三年, 三年来, 未来三年, 前5个月, 近20天, 过去两周, 四个多月以来, 2年半以来."""
    rules, reference = cx.rules, cx.reference
    prefix = h.get("p")
    t = "" if prefix else "2"
    direction = rules.span_prefixes[prefix] if prefix else "back"
    raw = h.group("n" + t)
    n = 0 if raw == "半" else _small_number(raw)
    unit = _SPAN_UNITS[h.get("ug" + t) or h.group("u" + t)]
    half = raw == "半" or any(h.get(g + t) for g in ("h", "hb", "ha"))
    many = any(h.get(g + t) for g in ("m", "mb", "ma"))
    if n is None or (n < 1 and not half):
        return None
    months = {"month": 1, "quarter": 3}.get(unit, 0) * n
    if direction == "first" and (not months or months > 12 or half or many):
        return None
    kind = TimeKind.MONTH_RANGE if direction == "first" else TimeKind.PERIOD
    f = _Found(h.start, h.end, kind, None, None)
    if reference is None or n > 100:
        return f
    r = reference
    reviewed = reviewed_year(r, rules)
    sign = -1 if direction == "back" else 1
    if direction == "first":
        f.first, f.last = date(r.year, 1, 1), _month_end(r.year, months)
    elif unit in ("day", "week", "hour", "minute"):
        days = {"day": n + (1 if half else 0), "week": 7 * n + (4 if half else 0)}.get(unit)
        if days is None:  # hours and minutes: whole days of them
            days = int((n + (0.5 if half else 0)) * (3600 if unit == "hour" else 60) // 86400)
        moved = r + timedelta(days=sign * days)
        f.first, f.last = (moved, r) if sign < 0 else (r, moved)
    elif half or many:
        # 四个多月以来, 4年多以来, 2年半以来: from the start of the month (or year) that far back
        total = (months or 12 * n) + (6 if half and unit == "year" else 0)
        y, mo = _add_months(r.year, r.month, sign * total)
        moved = date(y, mo, min(r.day, calendar.monthrange(y, mo)[1]))
        if half and unit != "year":
            moved += timedelta(days=sign * 15 * (3 if unit == "quarter" else 1))
        if sign < 0:
            f.first, f.last = (date(moved.year, 1, 1) if unit == "year" and not half else moved.replace(day=1)), r
        else:
            f.first, f.last = r, moved
    elif direction == "back":
        if months:
            y, mo = _add_months(r.year, r.month, -(months - 1))
            f.first, f.last = date(y, mo, 1), r
        else:
            # 五年来 in a January report: the five years up to the one it reviews
            f.first = date(reviewed - n + 1, 1, 1)
            f.last = r if reviewed == r.year else date(reviewed, 12, 31)
    else:
        if months:
            f.first = date(*_add_months(r.year, r.month, 1), 1)
            f.last = _month_end(*_add_months(r.year, r.month, months))
        else:
            f.first, f.last = date(reviewed + 1, 1, 1), date(reviewed + n, 12, 31)
    return f


@lru_cache(maxsize=4096)
def lunar_to_solar(year: int, month: int, day: int) -> date | None:
    """The Gregorian date of a lunar day (month < 0: a leap month), or None outside the calendar.

    >>> lunar_to_solar(2026, 1, 1)
    datetime.date(2026, 2, 17)
    """
    from lunar_python import Lunar

    try:
        solar = Lunar.fromYmd(year, month, day).getSolar()
        return date(solar.getYear(), solar.getMonth(), solar.getDay())
    except Exception:  # the package raises plain Exception for days it does not have
        return None


@once
def solar_term_names() -> frozenset[str]:
    """The names of the 24 solar terms, as the lunar-python package writes them."""
    from lunar_python import Lunar

    return frozenset(name for name in Lunar.JIE_QI_IN_USE if not name.isascii())


@lru_cache(maxsize=512)
def solar_terms(year: int) -> dict[str, date]:
    """The Gregorian days of the solar terms of a year (小寒 and 大寒 in its January), from lunar-python.

    >>> solar_terms(2021)["清明"]
    datetime.date(2021, 4, 4)
    """
    from lunar_python import Lunar

    try:
        table = Lunar.fromYmd(year, 6, 1).getJieQiTable()
    except Exception:  # outside the package's calendar
        return {}
    out: dict[str, date] = {}
    for key, solar in table.items():
        if solar.getYear() != year:
            continue
        name = key if not key.isascii() else solar.getLunar().getJieQi()
        if name:
            out[name] = date(solar.getYear(), solar.getMonth(), solar.getDay())
    return out


def reviewed_year(reference: date, rules: TimeRules | None = None) -> int:
    """The year a report of ``reference`` looks back on: the year before in its first
    months (a work report delivered in January reviews the past year), else its own."""
    until = (rules or time_rules()).review_until_month
    return reference.year - 1 if reference.month <= until else reference.year


def _relative_month_found(h: Hit, cx: _Context) -> _Found | None:
    """本月, 上月, 下月底, 上个月20号."""
    rules, reference = cx.rules, cx.reference
    mp, raw_d = h.get("mp"), h.get("d")
    if _has_clock(h) and not _clock_ok(h, rules):
        return None
    kind = TimeKind.SEASON if mp else TimeKind.MONTH
    day = None
    if raw_d is not None:
        day = _small_number(raw_d)
        if day is None or not 1 <= day <= 31:
            return None
        kind = TimeKind.DATETIME if _has_clock(h) else TimeKind.DATE
    f = _Found(h.start, h.end, kind, None, None, plain=not h.get("pre") and not h.get("suf"))
    if reference is not None:
        y, mo = _add_months(reference.year, reference.month, rules.relative_months[h.group("w")])
        f.first, f.last = date(y, mo, 1), _month_end(y, mo)
        if mp:
            lo, hi = rules.month_parts[mp]
            f.first, f.last = date(y, mo, lo), date(y, mo, min(hi, f.last.day))
        elif day is not None:
            d = _safe_date(y, mo, day)
            if d is None:
                return None
            f.first = f.last = d
    return _apply_mode(f, _mode_of(h, rules), reference)


def _relative_day_found(h: Hit, cx: _Context) -> _Found | None:
    """今天, 昨日, 明天上午9时; 当天 and 次日 count from a day before them (see _resolve_anchors)."""
    rules, reference = cx.rules, cx.reference
    if _has_clock(h) and not _clock_ok(h, rules):
        return None
    word = h.group("w")
    off = rules.relative_days[word]
    kind = TimeKind.DATETIME if _has_clock(h) else TimeKind.DATE
    f = _Found(h.start, h.end, kind, None, None)
    if word in rules.anchored_days:
        f.anchor = "day"
        f.rebase = lambda base: (base + timedelta(days=off),) * 2
    elif reference is not None:
        f.first = f.last = reference + timedelta(days=off)
    mode = _mode_of(h, rules)
    return _apply_mode(f, "" if mode == "same_period" else mode, reference)


def _week_found(h: Hit, cx: _Context) -> _Found:
    """本周 (Monday to Sunday), 上周五, 本周末."""
    rules, reference = cx.rules, cx.reference
    part = h.get("p")
    lo, hi = rules.week_parts[part] if part else (1, 7)
    kind = TimeKind.PERIOD if not part else (TimeKind.DATE if lo == hi else TimeKind.SEASON)
    f = _Found(h.start, h.end, kind, None, None)
    if reference is not None:
        monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=rules.relative_weeks[h.group("w")])
        f.first, f.last = monday + timedelta(days=lo - 1), monday + timedelta(days=hi - 1)
    mode = _mode_of(h, rules)
    return _apply_mode(f, "" if mode == "same_period" else mode, reference)


def _year_span_found(h: Hit, cx: _Context) -> _Found:
    """前两年: whole years before the anchor year, else before the reference year."""
    rules, reference = cx.rules, cx.reference
    word = h.group("w")
    lo, hi = rules.year_spans[word]

    def years(base: int) -> tuple[date, date] | None:
        return (date(base + lo, 1, 1), date(base + hi, 12, 31)) if 1 <= base + lo and base + hi <= 9999 else None

    f = _Found(h.start, h.end, TimeKind.PERIOD, None, None)
    if reference is not None:
        rng = years(reference.year)
        if rng:
            f.first, f.last = rng
    if word in rules.anchored_spans:
        f.anchor, f.rebase = "year", years
    return f


def _occasion_found(h: Hit, cx: _Context) -> _Found:
    """春节, 2021年春节前后, 国庆期间, 五一假期, 汛期前."""
    rules, reference = cx.rules, cx.reference
    rule = rules.occasions[h.group("ow")]
    mode = _mode_of(h, rules)
    if mode == "same_period":
        mode = "period"
    around = bool(h.get("oar"))
    holiday = bool(h.get("ot")) or mode == "period"

    def days(y: int) -> tuple[date, date] | None:
        if rule.fixed is not None:
            (m1, d1), (m2, d2) = rule.fixed
            first, last = _safe_date(y, m1, d1), _safe_date(y, m2, d2)
            if first is None or last is None:
                return None
            hol = (first, last)
            if rule.holiday_fixed is not None:
                (h1, e1), (h2, e2) = rule.holiday_fixed
                hf, hl = _safe_date(y, h1, e1), _safe_date(y, h2, e2)
                hol = (hf, hl) if hf and hl else hol
        else:
            base = _occasion_base(rule, y, rules)
            if base is None:
                return None
            first, last = base + timedelta(days=rule.days[0]), base + timedelta(days=rule.days[1])
            h_days = rule.holiday or rule.days
            hol = (base + timedelta(days=h_days[0]), base + timedelta(days=h_days[1]))
        if around:
            return first - timedelta(days=rule.around), last + timedelta(days=rule.around)
        if mode == "deadline":
            eve = first - timedelta(days=1)
            return eve, eve
        return hol if holiday else (first, last)

    year, masked, implicit, _ = _year_of(h, rules, reference)
    if implicit and mode == "deadline" and year is not None and reference is not None:
        # 春节前 in a December report: the coming festival, not the past one
        coming = days(year)
        if coming is not None and coming[1] < reference:
            year += 1
    kind = TimeKind.SEASON
    single = rule.fixed[0] == rule.fixed[1] if rule.fixed is not None else rule.days[0] == rule.days[1]
    if not (rule.fixed or rule.lunar or rule.term or rule.weekday):
        single = False
    if single and not around and not holiday:
        kind = TimeKind.DATE
    start, end = h.start, h.end
    q1, q2 = h.get("q1"), h.get("q2")
    if q1 and not q2:
        start += 1  # “五一劳动节 ...: the quote belongs to something longer
    if q2 and not q1 and end == h.end_of("q2"):
        end -= 1
    f = _Found(start, end, kind, None, None, masked, implicit_year=implicit)
    f.explicit_year = bool(h.get("ya") or h.get("yc")) and not masked
    if year is not None and not masked:
        rng = days(year)
        if rng:
            f.first, f.last = rng
            f.year = year
    if implicit:
        f.recompute = days
    yr = h.get("yr")
    if yr in rules.anchored_years and not masked:
        off = rules.relative_years[yr]
        f.anchor, f.rebase = "year", lambda base: days(base + off)
    return _apply_mode(f, mode, reference)


def _occasion_base(rule: OccasionRule, y: int, rules: TimeRules) -> date | None:
    """The day an occasion of year ``y`` counts from: its lunar day, its solar term or its weekday."""
    if rule.lunar is not None:
        return lunar_to_solar(y, *rules.lunar_dates[rule.lunar])
    if rule.term is not None:
        return solar_terms(y).get(rule.term)
    if rule.weekday is not None:
        month, n, weekday = rule.weekday
        if not 1 <= y <= 9999:
            return None
        if n > 0:
            rng = _week_of_month(y, month, n, weekday)
            return rng[0] if rng else None
        last = _month_end(y, month)
        return last - timedelta(days=(last.weekday() - (weekday - 1)) % 7 + 7 * (-n - 1))
    return None


def _clock_found(h: Hit, cx: _Context) -> _Found | None:
    """A time of day with no date next to it: kind time, the day of a day before it (see _resolve_anchors)."""
    rules = cx.rules
    if h.get("hh") is not None:
        if h.start > 0 and h.string[h.start - 1] in rules.clock_ratio_after:
            return None  # 比例为1:10
    elif not h.get("ap") and not (h.get("cm") or h.get("half")):
        ch = h.get("ch") or ""
        if h.get("cu") == "点" or not ch.isdigit():
            return None  # 3点 (three points), 一时 (for a while): a clock needs 上午/下午 or minutes
    if not _clock_ok(h, rules):
        return None
    # the day of a day before it in the sentence (see _resolve_anchors), else the reference day
    f = _Found(h.start, h.end, TimeKind.TIME, cx.reference, cx.reference, anchor="day", plain=True)
    f.rebase = lambda base: (base, base)
    return f


def _day_period_found(h: Hit, cx: _Context) -> _Found:
    """上午, 白天, 午后 alone: kind time, on the day of a day before it in the sentence; with
    none it is no time of the report's (夜间门诊, 向深夜要时间: when things happen, not a day),
    unless a range joins it to one (夜间至次日凌晨)."""
    f = _Found(h.start, h.end, TimeKind.TIME, cx.reference, cx.reference, anchor="day", plain=True, loose=True)
    f.rebase = lambda base: (base, base)
    return f


def _vague_found(h: Hit, cx: _Context) -> _Found:
    """近年来: a period, never resolved."""
    return _Found(h.start, h.end, TimeKind.PERIOD, None, None)


def _now_found(h: Hit, cx: _Context) -> _Found:
    """截止目前, 迄今: the reference date."""
    return _Found(h.start, h.end, TimeKind.AS_OF, cx.reference, cx.reference, mode="now")


def _same_period_found(h: Hit, cx: _Context) -> _Found:
    """比同期: paired with its sentence's period (see _pair_same_period)."""
    return _Found(h.start, h.end, TimeKind.PERIOD, None, None, mode="same_period")


def _range_day_found(h: Hit, cx: _Context) -> _Found:
    """The 20日 of 7月16日至20日: joined to the day before it (see _join_ranges)."""
    return _Found(h.start, h.end, TimeKind.DATE, None, None, mode="day")


def _relative_quarter_found(h: Hit, cx: _Context) -> _Found:
    """本季度, 上个季度, 上季度末: quarters counted from the reference's quarter."""
    rules, reference = cx.rules, cx.reference
    edge = h.get("pe")
    kind = TimeKind.SEASON if edge else TimeKind.QUARTER
    f = _Found(h.start, h.end, kind, None, None)
    if reference is not None:
        q = (reference.month - 1) // 3 + rules.relative_quarters[h.group("w")]
        y, m1 = _add_months(reference.year, 1, q * 3)
        m2 = m1 + 2
        if edge in ("末", "底"):
            m1 = m2
        elif edge == "初":
            m2 = m1
        f.first, f.last = date(y, m1, 1), _month_end(y, m2)
    return _apply_mode(f, _mode_of(h, rules), reference)


def _era_found(h: Hit, cx: _Context) -> _Found | None:
    """20世纪, 上世纪70年代, 九十年代末期, 本世纪初: centuries, decades and their parts."""
    rules, reference = cx.rules, cx.reference
    century: int | None = None  # the first year of the century
    rel, num = h.get("cr"), h.get("cn")
    if num is not None:
        n = _small_number(num) if not num.startswith("二十") else 20 + (_small_number(num[2:]) or 0)
        if n is None or not 1 <= n <= 99:
            return None
        century = (n - 1) * 100
    elif rel is not None:
        if reference is None:
            return _Found(h.start, h.end, TimeKind.PERIOD, None, None)
        century = (reference.year // 100 + rules.relative_centuries[rel]) * 100
    decade = h.get("dn") or h.get("dn2")
    part = h.get("ep")
    if decade is not None:
        tens = int(decade[0]) if decade[0].isdigit() else (0 if decade[0] == "零" else _CN_DIGITS[decade[0]])
        if century is None:
            base = reference.year if reference is not None else 1999
            start = base - (base - tens * 10) % 100  # the last such decade that starts by the reference year
        else:
            start = century + tens * 10
        lo, hi = rules.decade_parts[part] if part in rules.decade_parts else (0, 9)
        first, last = start + lo, start + hi
    elif century is not None:
        lo, hi = rules.century_parts[part] if part in rules.century_parts else (0, 99)
        first, last = century + lo, century + hi
    else:
        return None
    if not 1 <= first <= last <= 9999:
        return _Found(h.start, h.end, TimeKind.PERIOD, None, None)
    return _Found(h.start, h.end, TimeKind.PERIOD, date(first, 1, 1), date(last, 12, 31))


def _add_workdays(d: date, n: int) -> date:
    step = 1 if n >= 0 else -1
    left = abs(n)
    while left:
        d += timedelta(days=step)
        if d.weekday() < 5:
            left -= 1
    return d


def _offset_found(h: Hit, cx: _Context) -> _Found | None:
    """25天后, 两年前, 4周后, 两年半后, 90日内, 10个工作日内, 一小时前: counted from the reference."""
    rules, reference = cx.rules, cx.reference
    raw = h.group("n")
    n = 0 if raw == "半" else _small_number(raw)
    if n is None or n > 999:
        return None
    half = any(h.get(g) for g in ("hx", "h1", "h2", "h3")) or raw == "半"
    counted = h.get("ug")
    unit = rules.offset_units[f"个{counted}" if counted else (h.get("u") or h.group("uw"))]
    direction = rules.offset_directions[h.get("dir") or h.get("dirg") or h.group("dirw")]
    sign = -1 if direction == "before" else 1
    f = _Found(h.start, h.end, TimeKind.PERIOD if direction == "within" else TimeKind.DATE, None, None)
    if reference is None or (n == 0 and not half):
        return f
    r = reference
    if unit in ("hour", "quarter_hour", "minute", "second"):
        seconds = {"hour": 3600, "quarter_hour": 900, "minute": 60, "second": 1}[unit] * (n + (0.5 if half else 0))
        moved = r + timedelta(days=sign * int(seconds // 86400))
        f.first, f.last = (r, moved) if direction == "within" else (moved, moved)
        return f
    if unit in ("day", "workday", "week"):
        days = n * 7 + (3 if half else 0) if unit == "week" else n
        moved = _add_workdays(r, sign * n) if unit == "workday" else r + timedelta(days=sign * days)
        if direction == "within":
            f.first, f.last = r, moved
        elif unit == "week":
            monday = moved - timedelta(days=moved.weekday())
            f.kind, f.first, f.last = TimeKind.PERIOD, monday, monday + timedelta(days=6)
        else:
            f.first = f.last = moved
        return f
    months = n * {"month": 1, "quarter": 3, "year": 12}[unit] + (6 if unit == "year" and half else 0)
    if unit == "year" and not half and direction != "within":
        f.kind, f.first, f.last = TimeKind.YEAR, date(r.year + sign * n, 1, 1), date(r.year + sign * n, 12, 31)
        return f
    y, m = _add_months(r.year, r.month, sign * months)
    moved = date(y, m, min(r.day, calendar.monthrange(y, m)[1]))
    if half and unit != "year":
        moved += timedelta(days=sign * 15)
    if direction == "within":
        f.first, f.last = r, moved
    else:
        f.kind, f.first, f.last = TimeKind.MONTH, date(moved.year, moved.month, 1), _month_end(moved.year, moved.month)
    return f


def _weekday_found(h: Hit, cx: _Context) -> _Found:
    """周二, 星期天: that day of the reference week."""
    f = _Found(h.start, h.end, TimeKind.DATE, None, None, plain=True)
    if cx.reference is not None:
        monday = cx.reference - timedelta(days=cx.reference.weekday())
        f.first = f.last = monday + timedelta(days=_WEEKDAY_NUMBERS[h.group("p")] - 1)
    return _apply_mode(f, _mode_of(h, cx.rules), cx.reference)


def _bare_day_found(h: Hit, cx: _Context) -> _Found | None:
    """30日, 18日上午: the month of the nearest day before it in the sentence, else the reference month."""
    if _has_clock(h) and not _clock_ok(h, cx.rules):
        return None
    day = _small_number(h.group("d"))
    if day is None or not 1 <= day <= 31:
        return None
    kind = TimeKind.DATETIME if _has_clock(h) else TimeKind.DATE
    f = _Found(h.start, h.end, kind, None, None, plain=True, anchor="day")
    if cx.reference is not None:
        d = _safe_date(cx.reference.year, cx.reference.month, day)
        f.first, f.last = (d, d) if d else (None, None)

    def in_month_of(base: date) -> tuple[date, date] | None:
        d = _safe_date(base.year, base.month, day)
        return (d, d) if d else None

    f.rebase = in_month_of
    return _apply_mode(f, _mode_of(h, cx.rules), cx.reference)


_LUNAR_DAY_TENS = {"初": 0, "十": 10, "廿": 20, "卅": 30}


def _lunar_day(text: str) -> int | None:
    """初五 -> 5, 十五 -> 15, 廿二 -> 22, 卅 -> 30, 二十 -> 20, 18 -> 18, 初8 -> 8."""
    if text.isdigit():
        return int(text)
    head, tail = text[0], text[1:]
    if head in ("初", "廿", "卅"):
        if not tail:
            return _LUNAR_DAY_TENS[head] if head != "初" else None
        if head == "初" and tail == "十":
            return 10
        unit = int(tail) if tail.isdigit() else _CN_DIGITS.get(tail)
        return None if unit is None else _LUNAR_DAY_TENS[head] + unit
    return _small_number(text)


@lru_cache(maxsize=1024)
def lunar_month_days(year: int, month: int) -> tuple[date, date] | None:
    """The first and last Gregorian days of a lunar month (month < 0: a leap month), or None."""
    from lunar_python import LunarMonth

    first = lunar_to_solar(year, month, 1)
    if first is None:
        return None
    try:
        count = LunarMonth.fromYm(year, month).getDayCount()
    except Exception:  # outside the package's calendar
        return None
    return first, first + timedelta(days=count - 1)


def _lunar_found(h: Hit, cx: _Context) -> _Found | None:
    """农历八月十五, 腊月初十, 闰四月, 去年三月初三, 大年初三: written lunar dates."""
    rules, reference = cx.rules, cx.reference
    if _has_clock(h) and not _clock_ok(h, rules):
        return None
    raw_day: str | None
    if h.get("ny"):
        month, raw_day = 1, h.group("nd")
    else:
        word = h.get("lw")
        month_n = rules.lunar.months[word] if word else _small_number(h.group("lm"))
        if month_n is None or not 1 <= month_n <= 12:
            return None
        month, raw_day = (-month_n if h.get("lp") else month_n), h.get("ld")
    day = _lunar_day(raw_day) if raw_day else None
    if raw_day and (day is None or not 1 <= day <= 30):
        return None
    kind = (TimeKind.DATETIME if _has_clock(h) else TimeKind.DATE) if day else TimeKind.MONTH
    f = _Found(h.start, h.end, kind, None, None, plain=True)
    year, masked, implicit, _ = _year_of(h, rules, reference)
    if masked:
        f.masked = True
        return f
    yr = h.get("yr")
    if (yr or implicit) and reference is not None:
        # without a written year, the lunar year of the reference (and years counted from it)
        year = _lunar_year(reference) + (rules.relative_years[yr] if yr else 0)
    if year is None:
        return f
    if day:
        d = lunar_to_solar(year, month, day)
        if d is None:
            return None
        f.first = f.last = d
    else:
        rng = lunar_month_days(year, month)
        if rng is None:
            return None
        f.first, f.last = rng
    f.year = year
    return _apply_mode(f, _mode_of(h, rules), reference)


def _zodiac_found(h: Hit, cx: _Context) -> _Found:
    """农历牛年: the lunar year of that animal nearest the reference date (the later of two
    as near), from its new year's day to the eve of the next."""
    f = _Found(h.start, h.end, TimeKind.PERIOD, None, None)
    if cx.reference is None:
        return f
    animal = zodiac_animals().index(h.group("z"))  # 鼠 is 0: 2020 is a year of the rat
    base = _lunar_year(cx.reference)
    year = min((y for y in range(base - 6, base + 7) if (y - 2020) % 12 == animal), key=lambda y: (abs(y - base), -y))
    first, following = lunar_to_solar(year, 1, 1), lunar_to_solar(year + 1, 1, 1)
    if first is not None and following is not None:
        f.first, f.last = first, following - timedelta(days=1)
    return f


@once
def zodiac_animals() -> tuple[str, ...]:
    """The twelve animals of the lunar years, from the rat, as the lunar-python package writes them."""
    from lunar_python.util import LunarUtil

    return tuple(a for a in LunarUtil.SHENGXIAO if a)


@lru_cache(maxsize=1024)
def _lunar_year(day: date) -> int:
    from lunar_python import Solar

    year: int = Solar.fromYmd(day.year, day.month, day.day).getLunar().getYear()
    return year


def _numeric_found(h: Hit, cx: _Context) -> _Found | None:
    """20240307, 1999.08, 1999.08-2002.02, 2011.09-2013, 09-01, 6·30: dates and months in digits."""
    reference = cx.reference
    y = h.get("y") or h.get("y_")
    mo = h.get("m") or h.get("m_") or h.get("mm") or h.get("mm2") or h.get("md")
    d = h.get("d") or h.get("dd") or h.get("dd2") or h.get("dm")
    if mo is None:
        return None
    month = int(mo)
    if not 1 <= month <= 12:
        return None
    if d is not None:  # a day: 20240307, 09-01, 6·30
        day = int(d)
        if y is not None:
            when = _safe_date(int(y), month, day)
            if when is None:
                return None
            return _Found(h.start, h.end, TimeKind.DATE, when, when, plain=True, year=int(y), explicit_year=True)
        if _safe_date(2000, month, day) is None:
            return None
        f = _Found(h.start, h.end, TimeKind.DATE, None, None, plain=True, implicit_year=True)
        if _has_clock(h):
            if not _clock_ok(h, cx.rules):
                return None
            f.kind = TimeKind.DATETIME
        if reference is not None:
            when = _safe_date(reference.year, month, day)
            f.first = f.last = when
            f.year = reference.year
            f.recompute = lambda yr: (lambda w: (w, w) if w else None)(_safe_date(yr, month, day))
        return f
    if y is None:
        return None
    year = int(y)
    first, last = date(year, month, 1), _month_end(year, month)
    y2, m2 = h.get("y2"), h.get("m2")
    if y2 is not None:  # 1999.08-2002.02, 2011.09-2013
        year2 = int(y2)
        if m2 is not None:
            if not 1 <= int(m2) <= 12:
                return None
            last = _month_end(year2, int(m2))
        else:
            last = date(year2, 12, 31)
        if last <= first:
            return None
        return _Found(h.start, h.end, TimeKind.PERIOD, first, last, year=year, explicit_year=True)
    return _Found(h.start, h.end, TimeKind.MONTH, first, last, plain=True, year=year, explicit_year=True)


# ---------------------------------------------------------------------------
# the registry of branches


@dataclass(frozen=True, slots=True)
class Branch:
    """One shape of time expression.

    ``name`` is also the name of its ``[[shape]]`` entry in ``times.toml``,
    which describes it and carries its examples; ``tables`` are the word
    tables it is built from.  ``pattern`` builds its regular expression from
    the rules (None: the rules give it no words, the branch is off), with
    plain group names; ``starts`` gives the characters an expression of it
    can begin with; ``handler`` turns a match into days.  Branches are tried
    in registry order at each position: the first that matches wins there,
    and of overlapping expressions the longest is kept.
    """

    name: str
    tables: tuple[str, ...]
    pattern: Callable[[TimeRules], str | None]
    starts: Callable[[TimeRules], frozenset[str]]
    handler: Callable[[Hit, _Context], _Found | None]


def _p_iso_date(r: TimeRules) -> str:
    clock = r"(?:[\s\-]{0,2}(?P<hh>\d{1,2}):(?P<mi>\d{2})(?::(?P<ss>\d{2}))?(?![0-9:])(?:时(?![段期间]))?)?"
    return (
        _pre(r) + r"(?<![0-9./])(?P<y>(?:1[89]|20)\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)"
        r"(?P<d>\d{2}(?=\d{1,2}:\d{2})|\d{1,2}(?![0-9]))(?:日|号)?" + clock + _suffix(r, False)
    )


def _p_year_range(r: TimeRules) -> str:
    year = r"(?:1[89]|20)\d{2}"
    # without 年 only in brackets of their own inside a title, as a plan dates itself (《实施方案（2018-2035）》)
    return rf"(?<![0-9.])(?P<y1>{year})年?\s?{_DASH}\s?(?P<y2>{year})(?:年|(?P<br>(?=[)）])))" + _suffix(r, False)


def _p_bare_year(r: TimeRules) -> str | None:
    if not r.bare_year_after:
        return None
    return rf"(?:{_alt(r.bare_year_after)})(?P<y>(?:19|20)\d{{2}})(?![0-9.])(?=[，,。；;！!、]|$)"


def _bare_year_found(h: Hit, cx: _Context) -> _Found:
    """回首2020，审视2020: the year, without the verb before it."""
    y = int(h.group("y"))
    return _Found(h.start_of("y"), h.end, TimeKind.YEAR, date(y, 1, 1), date(y, 12, 31), year=y, explicit_year=True)


# what may stand right before a span alone: a mark that opens a clause (and the words of
# bare_span's `after`: …的五年, 关键五年, 经过五年)
_BARE_SPAN_OPEN = frozenset('，,。；;：:、！!？?\n\r“"（(')


def _p_bare_span(r: TimeRules) -> str | None:
    if not r.bare_spans:
        return None
    return _gate(r.bare_spans) + f"(?P<w>{_guarded_words(r.bare_span_guards)})"


def _bare_span_found(h: Hit, cx: _Context) -> _Found | None:
    """五年 alone as a noun of its own (极不平凡的五年, 五年的艰苦奋斗, ，五年新设…): the years
    of a plan, from the reference's on; a review section reads them back from its year (see
    _in_context).  Inside a clause (进出口总值五年累计…, 为期五年) it is part of a name or a
    duration, and not read."""
    text = h.string
    before = text[h.start - 1] if h.start else "\n"
    opened = before in _BARE_SPAN_OPEN or text.endswith(cx.rules.bare_span_after, 0, h.start)
    if not (opened or text.startswith("的", h.end)):
        return None
    n = cx.rules.bare_spans[h.group("w")]
    ref = cx.reference
    f = _Found(h.start, h.end, TimeKind.PERIOD, None, None, mode="bare_span", years=n)
    if ref is not None:
        f.first, f.last = date(ref.year, 1, 1), date(ref.year + n - 1, 12, 31)
    return f


def _p_plan(r: TimeRules) -> str | None:
    if not r.plans:
        return None
    # the quote may close after the join (“十三五规划”收官之年)
    joins = f"(?:{_alt(r.plan_edge_joins)})?(?P<q3>[”\"'’])?" if r.plan_edge_joins else ""
    edge = f"|{joins}(?P<e>{_alt(r.plan_edges)})" if r.plan_edges else ""
    since = _alt(w for w, s in r.suffixes.items() if s.mode in ("since", "period"))
    # 十五 and the plans before it only before a word of their only_before (“十五”计划, 九五期间),
    # quoted or not, and after no numeral or 第 (二十五期间): else the pattern leaves them to the
    # other branches (十五年来), and “八五”普法, the eighth programme of legal education, is none
    words = []
    for w in sorted(r.plans, key=lambda w: (-len(w), w)):
        needs = r.plan_needs.get(w)
        guard = f"(?<![{_CN_DIGIT_STARTS}百千万第])" if needs else ""
        ahead = f"(?=[”\"'’]?(?:{_alt(needs)}))" if needs else ""
        words.append(guard + re.escape(w) + ahead)
    return rf"(?P<q1>[“\"'‘])?(?P<w>{'|'.join(words)})(?P<q2>[”\"'’])?(?:(?P<suf>{since}){edge})?"


def _p_year_span(r: TimeRules) -> str | None:
    if not r.year_spans:
        return None
    return _gate(r.year_spans) + f"(?P<w>{_guarded_words(r.year_span_guards)})"


def _p_span(r: TimeRules) -> str | None:
    if not r.span_prefixes:
        return None
    num = rf"(?:\d{{1,3}}|{_CN_SMALL}|半)"
    # 以来 and the suffixes only relative cores take (来, 间), each with its guard (来自)
    since = {"以来": (), **{w: x.not_before for w, x in r.suffixes.items() if x.relative_only and x.mode == "since"}}
    tail = _guarded(since)

    def unit(t: str) -> str:
        counted = "|".join(w for w in _SPAN_UNITS if w not in _SPAN_BARE)
        bare = "|".join(w for w in _SPAN_UNITS if w not in _SPAN_COUNTED)
        return (
            rf"(?P<m{t}>多)?(?:个(?P<mb{t}>多)?(?P<h{t}>半)?(?P<ug{t}>{counted})|(?P<hb{t}>半)?(?P<u{t}>{bare}))"
            rf"(?P<ma{t}>多)?(?P<ha{t}>半)?"
        )

    # a prefix that ends a word of what stands before it is none (焕新的五年 is no 新的五年)
    prefixes: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
        w: (r.span_prefix_not_after.get(w, ()), ()) for w in r.span_prefixes
    }
    # a relative year that opens with a prefix (这一年) is that year, unless 来 follows (这一年来)
    own = [w for w in r.relative_years if w.startswith(tuple(r.span_prefixes))]
    not_own = rf"(?!(?:{_alt(own)})(?!以来|来))" if own else ""
    return (
        rf"(?:{not_own}(?P<p>{_guarded_words(prefixes)})的?(?P<n>{num}){unit('')}(?P<s>{tail})?"
        rf"|(?<![0-9一二两三四五六七八九十几数])(?P<n2>{num}){unit('2')}(?P<s2>{tail}))"
    )


def _p_vague(r: TimeRules) -> str | None:
    return f"(?P<w>{_alt(r.vague)})" if r.vague else None


def _p_occasion(r: TimeRules) -> str | None:
    if not r.occasions:
        return None
    tail = f"(?P<ot>{_alt(r.occasion_tails)})?" if r.occasion_tails else ""
    around = f"(?P<oar>{_alt(r.occasion_around)})|" if r.occasion_around else ""
    plain = {w: g for w, g in r.occasion_guards.items() if not r.occasions[w].needs_year}
    before_term = [re.escape(w) + "(?=节气)" for w in r.occasions if r.occasions[w].needs_year]
    words = "|".join([_guarded_words(plain), *before_term])
    return (
        _gate(r.occasions, r.as_of, r.lunar.marks, extra=_QUOTES)
        + _pre(r)
        + f"(?P<q1>[“\"'‘])?{_lunar_mark(r)}(?P<ow>{words})(?P<q2>[”\"'’])?{tail}"
        + f"(?:{around}{_suffix(r, False)})"
    )


def _p_year(r: TimeRules) -> str:
    return _pre(r) + _year(r) + _year_tail(r) + _suffix(r, True)


def _p_part(r: TimeRules) -> str | None:
    return _pre(r) + _part(r) + _suffix(r, False) if r.parts else None


def _p_month_range(r: TimeRules) -> str:
    return _pre(r) + _NO_DIGIT_BEFORE + _month_range() + _suffix(r, False)


def _p_month(r: TimeRules) -> str:
    return _pre(r) + _NO_DIGIT_BEFORE + _month(r) + _suffix(r, False)


def _p_relative_month(r: TimeRules) -> str | None:
    if not r.relative_months:
        return None
    mp = {w: r.month_part_not_before.get(w, ()) for w in r.month_parts}
    part = f"|(?P<mp>{_guarded(mp)})" if mp else ""
    day = rf"(?P<d>{_NUM_DAY})[日号]{_day_part(r)}"
    return _pre(r) + f"(?P<w>{_alt(r.relative_months)})(?:{day}{part})?" + _suffix(r, True)


def _p_relative_day(r: TimeRules) -> str | None:
    if not r.relative_days:
        return None
    return (
        _gate(r.relative_days, r.as_of)
        + _pre(r)
        + f"(?P<w>{_guarded_words(r.relative_day_guards)}){_day_part(r)}"
        + _suffix(r, True)
    )


def _p_week(r: TimeRules) -> str | None:
    if not r.relative_weeks:
        return None
    wnb = f"(?!{_alt(r.week_not_before)})" if r.week_not_before else ""
    day_word = f"(?:{_alt(r.weekday_words)})?" if r.weekday_words else ""
    wpart = f"(?:{day_word}(?P<p>{_alt(r.week_parts)}))?" if r.week_parts else ""
    return (
        _gate(r.relative_weeks, r.as_of) + _pre(r) + f"(?P<w>{_alt(r.relative_weeks)}){wnb}{wpart}" + _suffix(r, True)
    )


def _p_as_of_now(r: TimeRules) -> str | None:
    return _pre(r, required=True) + f"(?P<w>{_alt(r.now)})" if r.now else None


def _p_until_now(r: TimeRules) -> str | None:
    return f"(?P<w>{_alt(r.until_now)})" if r.until_now else None


def _p_same_period(r: TimeRules) -> str | None:
    if not r.bare_same_period:
        return None
    behind = "|".join(f"(?<={re.escape(w)})" for w in sorted(set(r.bare_same_period), key=len, reverse=True))
    return f"(?:{behind})(?P<w>同期)"


def _p_range_day(r: TimeRules) -> str:
    return rf"(?<=[至到\-—~])(?P<d>\d{{1,2}}|{_CN_DAY})[日号]"


def _p_relative_quarter(r: TimeRules) -> str | None:
    if not r.relative_quarters:
        return None
    return _pre(r) + f"(?P<w>{_alt(r.relative_quarters)})(?P<pe>{_PART_EDGE})?" + _suffix(r, True)


def _p_era(r: TimeRules) -> str:
    num = rf"(?:\d{{1,2}}|二十[一二三四五六七八九]?|{_CN_SMALL})"
    rel = f"(?P<cr>{_alt(r.relative_centuries)})" if r.relative_centuries else "(?!)"
    century = rf"(?:{rel}|(?<![0-9])(?P<cn>{num})世纪)"
    decade = r"(?P<{}>(?<![0-9])[1-9]0|(?<![一二三四五六七八九十])[一二三四五六七八九]十|零零)年代"
    parts = _alt({*r.century_parts, *r.decade_parts})
    part = f"(?P<ep>{parts})?" if parts else ""
    return rf"(?:{century}(?:{decade.format('dn')})?|{decade.format('dn2')}){part}"


def _p_offset(r: TimeRules) -> str | None:
    if not r.offset_units or not r.offset_directions:
        return None
    behind = "".join(re.escape(c) for c in sorted(set(r.offset_not_after)))
    guard = f"(?<![0-9.{behind}])" if behind else "(?<![0-9.])"
    num = rf"(?:\d{{1,3}}|{_CN_COUNT}|半)"
    dirs = _alt(r.offset_directions)
    plain = [w for w in r.offset_units if w not in r.offset_within_only and not w.startswith("个")]
    counted = [w[1:] for w in r.offset_units if w.startswith("个") and len(w) > 1]
    within = [w for w, d in r.offset_directions.items() if d == "within"]
    tails = [rf"(?P<hx>半)?(?P<u>{_alt(plain)})多?(?P<h2>半钟?)?(?P<dir>{dirs})"]
    if counted:  # 三个月后, 三个半月以内, 八个多月后
        tails.append(rf"个多?(?P<h1>半)?(?P<ug>{_alt(counted)})多?(?P<h3>半钟?)?(?P<dirg>{dirs})")
    if r.offset_within_only and within:  # 90日内
        tails.append(rf"(?P<uw>{_alt(r.offset_within_only)})(?P<dirw>{_alt(within)})")
    return guard + rf"(?P<n>{num})多?(?:{'|'.join(tails)})"


def _p_weekday(r: TimeRules) -> str | None:
    if not r.weekday_words or not r.week_parts:
        return None
    na, nb = r.weekday_guards
    behind = "".join(re.escape(c) for c in sorted(set(na)))
    guard = f"(?<![{behind}])" if behind else ""
    days = "".join(w for w in r.week_parts if len(w) == 1 and w != "末")
    ahead = f"(?!{_alt(nb)})" if nb else ""
    return guard + f"(?:{_alt(r.weekday_words)})(?P<p>[{days}]){ahead}{_day_part(r)}" + _suffix(r, False)


def _p_bare_day(r: TimeRules) -> str:
    na, nb = r.bare_day_guards
    behind = "".join(re.escape(c) for c in sorted(set(na)))
    ahead = f"(?!{_alt(nb)})" if nb else ""
    return rf"(?<![0-9A-Za-z.月/\-~{behind}])(?P<d>[12]?\d|3[01]|{_CN_DAY})日{ahead}{_day_part(r)}" + _suffix(r, False)


_LUNAR_MONTH = r"(?:十[一二]|[一二三四五六七八九十]|1[0-2]|0?[1-9])"
_LUNAR_DAY = (
    r"(?:初(?:十|[一二三四五六七八九]|\d{1,2})|廿[一二三四五六七八九]?|卅"
    r"|二十[一二三四五六七八九]?|三十|十[一二三四五六七八九]?|[一二三四五六七八九]|\d{1,2})"
)
# without a lunar mark, what makes a month and day lunar: a leap month, 正/冬/腊月, a day
# written 初X, 廿X, 卅, or a day in numerals with no 日/号 after it (八月十五, 8月十五)
_CN_DAY_WHOLE = "(?>二十[一二三四五六七八九]?|三十|十[一二三四五六七八九])"


def _p_lunar(r: TimeRules) -> str | None:
    lr = r.lunar
    if not lr.marks and not lr.months:
        return None
    mark = _alt(lr.marks) if lr.marks else "(?!)"
    named = _alt(lr.months) if lr.months else "(?!)"
    leap = _alt(lr.leap) if lr.leap else "(?!)"
    lunar_only = (
        rf"(?=(?:{leap})|(?:{named})月|{_LUNAR_MONTH}月(?:初[一二三四五六七八九十\d]|廿|卅)"
        rf"|{_LUNAR_MONTH}月{_CN_DAY_WHOLE}(?![日号0-9万亿千百个%]))"
    )
    month = rf"(?P<lp>{leap})?(?:(?P<lw>{named})|(?P<lm>{_LUNAR_MONTH}))月"
    day = rf"(?:(?P<ld>{_LUNAR_DAY})[日号]?)?"
    new_year = ""
    if lr.new_year:
        new_year = rf"(?P<ny>{_alt(lr.new_year)})(?P<nd>初(?:十|[一二三四五六七八九]|\d{{1,2}}))|"
    return (
        f"(?:{new_year}(?P<mk0>{mark})?{_year(r)}?(?P<mk>{mark})?"
        f"(?(mk0)|(?(mk)|{lunar_only})){month}{day})" + _day_part(r) + _suffix(r, False)
    )


def _p_zodiac(r: TimeRules) -> str | None:
    if not r.lunar.marks:
        return None
    return f"(?:{_alt(r.lunar.marks)})(?P<z>[{''.join(zodiac_animals())}])年(?![度份])"


def _p_numeric(r: TimeRules) -> str:
    nb = f"(?!\\s?(?:{_alt(r.numeric_not_before)}))" if r.numeric_not_before else ""
    year = r"(?:19|20)\d{2}"
    month2 = r"(?:0[1-9]|1[0-2])"
    day2 = r"(?:0[1-9]|[12]\d|3[01])"
    compact = rf"(?P<y>{year})(?P<m>{month2})(?P<d>{day2})(?![0-9]){nb}"
    dotted = (
        rf"(?P<y_>{year})\.(?P<m_>{month2})(?![0-9.])"
        rf"(?:\s?{_DASH}\s?(?P<y2>{year})(?:\.(?P<m2>{month2}))?(?![0-9.]))?{nb}"
    )
    # 09-01 needs a clock time or a range around it (page lists of dates are left alone)
    clock = r"(?:\s{1,2}(?P<hh>\d{1,2}):(?P<mi>\d{2})(?![0-9:])|(?=\s{0,2}[至到~—]))"
    month_day = (
        rf"(?P<mm>0[1-9]|1[0-2])-(?P<dd>{day2})(?![0-9\-.]){clock}"
        rf"|(?:(?<=[至到~—])|(?<=[至到~—]\s))(?P<mm2>0[1-9]|1[0-2])-(?P<dd2>{day2})(?![0-9\-.])"
        r"(?:\s{1,2}(?P<hh2>\d{1,2}):(?P<mi2>\d{2})(?![0-9:]))?"
        r"|(?P<md>1[0-2]|[1-9])[·•・](?P<dm>[12]\d|3[01]|[1-9])(?![0-9])"
    )
    return rf"(?<![0-9A-Za-z.\-/])(?:{compact}|{dotted}|{month_day})"


def _p_clock(r: TimeRules) -> str:
    return _gate(r.day_parts, extra=_DIGIT_STARTS + _CN_DIGIT_STARTS) + r"(?<![0-9A-Za-z.:])" + _clock(r)


def _p_day_period(r: TimeRules) -> str | None:
    words = {*r.day_parts, *r.day_periods}
    if not words:
        return None
    nb = r.day_period_not_before
    ahead = f"(?!{_alt(nb)})" if nb else ""
    return f"(?P<w>{_alt(words)})(?![0-9零一二两三四五六七八九十]){ahead}"


def _s_digits(r: TimeRules) -> frozenset[str]:
    return _firsts(r.as_of, extra=_DIGIT_STARTS)


def _s_calendar(r: TimeRules) -> frozenset[str]:
    return _firsts(r.as_of, r.relative_years, extra=_DIGIT_STARTS + _CN_DIGIT_STARTS + "xX")


BRANCHES: tuple[Branch, ...] = (
    Branch("iso_date", (), _p_iso_date, _s_digits, _iso_found),
    Branch("numeric", ("numeric_not_before",), _p_numeric, lambda r: frozenset(_DIGIT_STARTS), _numeric_found),
    Branch("year_range", ("suffix",), _p_year_range, lambda r: frozenset(_DIGIT_STARTS), _year_range_found),
    Branch("bare_year", ("bare_year_after",), _p_bare_year, lambda r: _firsts(r.bare_year_after), _bare_year_found),
    Branch(
        "plan",
        ("plan_period", "plan_edge", "plan_edge_join"),
        _p_plan,
        lambda r: _firsts(r.plans, extra=_QUOTES),
        _plan_found,
    ),
    Branch("year_span", ("year_span",), _p_year_span, lambda r: _firsts(r.year_spans), _year_span_found),
    Branch("bare_span", ("bare_span",), _p_bare_span, lambda r: _firsts(r.bare_spans), _bare_span_found),
    Branch(
        "span",
        ("span_prefix",),
        _p_span,
        lambda r: _firsts(r.span_prefixes, extra=_DIGIT_STARTS + _CN_DIGIT_STARTS + "半"),
        _span_found,
    ),
    Branch("vague", ("vague",), _p_vague, lambda r: _firsts(r.vague), _vague_found),
    Branch(
        "era",
        ("relative_century", "century_part", "decade_part"),
        _p_era,
        lambda r: _firsts(r.relative_centuries, extra=_DIGIT_STARTS + _CN_DIGIT_STARTS),
        _era_found,
    ),
    Branch(
        "offset",
        ("offset_unit", "offset_direction", "offset_guard"),
        _p_offset,
        lambda r: frozenset(_DIGIT_STARTS + _CN_DIGIT_STARTS + "百半"),
        _offset_found,
    ),
    Branch(
        "lunar",
        ("lunar_mark", "lunar_month", "leap_word", "lunar_new_year", "relative_year"),
        _p_lunar,
        lambda r: (
            _firsts(r.lunar.marks, r.lunar.months, r.lunar.leap, r.lunar.new_year, r.relative_years) | _s_calendar(r)
        ),
        _lunar_found,
    ),
    Branch("zodiac_year", ("lunar_mark",), _p_zodiac, lambda r: _firsts(r.lunar.marks), _zodiac_found),
    Branch(
        "occasion",
        ("occasion", "occasion_tail", "occasion_around", "lunar_date"),
        _p_occasion,
        lambda r: _firsts(r.occasions, r.as_of, r.lunar.marks, extra=_QUOTES),
        _occasion_found,
    ),
    Branch(
        "year",
        ("relative_year", "part", "month_part", "occasion", "suffix"),
        _p_year,
        _s_calendar,
        _calendar_found,
    ),
    Branch("part", ("part",), _p_part, lambda r: _firsts(r.parts, r.as_of, extra="第一二三123"), _calendar_found),
    Branch("month_range", (), _p_month_range, _s_calendar, _calendar_found),
    Branch("month", ("month_part", "day_part"), _p_month, _s_calendar, _calendar_found),
    Branch(
        "relative_month",
        ("relative_month",),
        _p_relative_month,
        lambda r: _firsts(r.relative_months, r.as_of),
        _relative_month_found,
    ),
    Branch(
        "relative_day",
        ("relative_day", "day_part"),
        _p_relative_day,
        lambda r: _firsts(r.relative_days, r.as_of),
        _relative_day_found,
    ),
    Branch(
        "relative_quarter",
        ("relative_quarter",),
        _p_relative_quarter,
        lambda r: _firsts(r.relative_quarters, r.as_of),
        _relative_quarter_found,
    ),
    Branch(
        "week",
        ("relative_week", "week_part", "week_not_before", "weekday_word"),
        _p_week,
        lambda r: _firsts(r.relative_weeks, r.as_of),
        _week_found,
    ),
    Branch(
        "weekday",
        ("weekday_word", "weekday_guard", "week_part"),
        _p_weekday,
        lambda r: _firsts(r.weekday_words),
        _weekday_found,
    ),
    Branch("as_of_now", ("as_of", "now"), _p_as_of_now, lambda r: _firsts(r.as_of), _now_found),
    Branch("until_now", ("until_now",), _p_until_now, lambda r: _firsts(r.until_now), _now_found),
    Branch("same_period", ("bare_same_period",), _p_same_period, lambda r: frozenset("同"), _same_period_found),
    Branch("range_day", (), _p_range_day, lambda r: frozenset(_DIGIT_STARTS + _CN_DIGIT_STARTS), _range_day_found),
    Branch(
        "bare_day",
        ("bare_day",),
        _p_bare_day,
        lambda r: frozenset(_DIGIT_STARTS + _CN_DIGIT_STARTS),
        _bare_day_found,
    ),
    Branch(
        "clock",
        ("day_part", "clock_not_before", "clock_not_after"),
        _p_clock,
        lambda r: _firsts(r.day_parts, extra=_DIGIT_STARTS + _CN_DIGIT_STARTS),
        _clock_found,
    ),
    Branch(
        "day_period",
        ("day_part", "day_period", "day_period_guard"),
        _p_day_period,
        lambda r: _firsts(r.day_parts, r.day_periods),
        _day_period_found,
    ),
)


_GROUP = re.compile(r"\(\?P<(\w+)>|\(\?P=(\w+)\)|\(\?\((\w+)\)")


def _lean(fragment: str, scope: str) -> str:
    """The fragment for the joined pattern: groups that nothing refers back to become
    non-capturing (a pattern with many groups is slow to try), the others get the
    branch's scope so that names of two branches never clash."""
    kept = {m.group(2) or m.group(3) for m in _GROUP.finditer(fragment) if m.group(2) or m.group(3)}

    def rename(m: re.Match[str]) -> str:
        if m.group(1):
            return f"(?P<{scope}{m.group(1)}>" if m.group(1) in kept else "(?:"
        if m.group(2):
            return f"(?P={scope}{m.group(2)})"
        return f"(?({scope}{m.group(3)})"

    return _GROUP.sub(rename, fragment)


@dataclass(frozen=True, slots=True)
class _Scanner:
    """The joined pattern that finds where an expression starts and which branch reads it,
    and each branch with its own pattern, matched again there for its groups.  A branch's
    own pattern is compiled the first time the branch matches (a text reads few of them,
    and compiling all of them is a tenth of a second at every start)."""

    pattern: re.Pattern[str]
    branches: dict[str, tuple[Branch, str]]
    compiled: dict[str, re.Pattern[str]] = field(default_factory=dict)

    def own(self, name: str) -> re.Pattern[str]:
        """The branch's own pattern (compiling twice in two threads is harmless)."""
        pattern = self.compiled.get(name)
        if pattern is None:
            pattern = self.compiled[name] = re.compile(self.branches[name][1])
        return pattern


@lru_cache(maxsize=8)
def _scanner(rules: TimeRules) -> _Scanner:
    """One pattern of every branch that the rules turn on, each branch its own named group."""
    parts: list[str] = []
    branches: dict[str, tuple[Branch, str]] = {}
    starts: set[str] = set()
    for branch in BRANCHES:
        fragment = branch.pattern(rules)
        if fragment is None:
            continue
        own = branch.starts(rules)
        gate = "(?=[" + "".join(re.escape(c) for c in sorted(own)) + "])"  # fails at once where it cannot start
        parts.append(f"(?P<{branch.name}>{gate}{_lean(fragment, branch.name + '__')})")
        branches[branch.name] = (branch, gate + fragment)
        starts |= own
    first = "(?=[" + "".join(re.escape(c) for c in sorted(starts)) + "])"
    return _Scanner(re.compile(first + "(?:" + "|".join(parts) + ")"), branches)


def _match(m: re.Match[str], scanner: _Scanner, cx: _Context) -> _Found | None:
    name = m.lastgroup
    if name is None or name not in scanner.branches:
        return None
    branch = scanner.branches[name][0]
    hit = scanner.own(name).match(m.string, m.start())  # the same pattern at the same place: the same span, with groups
    if hit is None or hit.end() != m.end():
        return None
    return branch.handler(Hit(hit), cx)


def _recurring(text: str, start: int, rules: TimeRules) -> bool:
    """每年年底, 每月15日: a repeated time, not a period."""
    return any(text.startswith(w, max(0, start - len(w))) and start >= len(w) for w in rules.recurring)


def _joinable(f: _Found) -> bool:
    """An expression with no prefix or suffix of its own can start or end a range."""
    return f.mode == "" and not f.masked and f.kind not in (TimeKind.AS_OF, TimeKind.DEADLINE)


def _joined(prev: _Found, f: _Found, text: str) -> _Found | None:
    """The range from ``prev`` to ``f``, or None when they do not make one."""
    first: date | None
    last: date | None
    if f.mode == "day":  # 7月16日至20日
        day = _small_number(text[f.start : f.end - 1])
        if prev.kind not in (TimeKind.DATE, TimeKind.DATETIME) or prev.first is None or day is None:
            return None
        d = _safe_date(prev.first.year, prev.first.month, day)
        if d is None or d <= prev.first:
            return None
        first, last = prev.first, d
    elif f.mode == "now":  # 从2005年起至今
        first, last = prev.first, f.last
    elif _joinable(f):
        first, last = prev.first, f.last
        if f.implicit_year and prev.year is not None and f.recompute is not None:
            # 2016年9月5日至9月18日; 12月25日至1月5日 runs into the next year
            rng = f.recompute(prev.year)
            if rng is not None and first is not None and rng[1] < first:
                rng = f.recompute(prev.year + 1)
            last = rng[1] if rng else None
    else:
        return None
    kind = TimeKind.PERIOD
    if prev.kind == TimeKind.MONTH and f.kind == TimeKind.MONTH and first and last and first.year == last.year:
        kind = TimeKind.MONTH_RANGE
    if first is None or last is None or last < first:
        first = last = None
    return replace(
        prev,
        end=f.end,
        kind=kind,
        first=first,
        last=last,
        masked=prev.masked or f.masked,
        plain=False,
        mode="range",
        loose=False,
    )


def _join_ranges(found: list[_Found], text: str, rules: TimeRules, reference: date | None) -> list[_Found]:
    """``2019年12月至2020年6月``, ``7月16日至20日``, ``从上个月到昨天``, ``自2021-03-02起至2021-03-09止``:
    two expressions joined by 至, 到 or a dash make one range; 从/自 before it and 止 after it
    belong to it.  ``X起`` alone runs from X to the reference date."""
    connectors = set(rules.range_connectors)
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and _joinable(prev):
            gap = text[prev.end : f.start]
            part = next((w for w in rules.day_parts if gap.startswith(w)), "")
            gap = gap[len(part) :]  # 昨天上午到后天下午
            now = f.mode == "now" and (gap == "" or gap in rules.range_start)
            if gap in connectors or now:
                joined = _joined(prev, f, text)
                if joined is not None:
                    out[-1] = joined
                    continue
        if f.mode != "day":
            out.append(f)
    for i, f in enumerate(out):
        low = out[i - 1].end if i else 0
        high = out[i + 1].start if i + 1 < len(out) else len(text)
        if f.mode == "" and f.first is not None and not f.masked:
            start_word = next((w for w in rules.range_start if text.startswith(w, f.end)), None)
            if start_word and f.end + len(start_word) <= high and reference is not None and f.first <= reference:
                after = text[f.end + len(start_word) : f.end + len(start_word) + 4]
                if not any(after.startswith(w) for w in rules.range_start[start_word]):
                    f.end += len(start_word)
                    f.kind, f.mode, f.last = TimeKind.PERIOD, "since", reference
        inner = text[f.start : f.end]
        if f.mode not in ("range", "since") and not any(c in inner for c in rules.range_connectors):
            continue
        opener = next(
            (w for w in rules.range_open if f.start - len(w) >= low and text.startswith(w, f.start - len(w))), None
        )
        if opener:
            f.start -= len(opener)
        closer = next((w for w in sorted(rules.range_close, key=len, reverse=True) if text.startswith(w, f.end)), None)
        if closer and f.end + len(closer) <= high:
            f.end += len(closer)
    return out


_SENTENCE_MARKS = "。！？!?\n"
_SENTENCE_END = re.compile(f"[{_SENTENCE_MARKS}]")


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``at`` starts."""
    return max((text.rfind(c, 0, at) for c in _SENTENCE_MARKS), default=-1) + 1


def _longest(found: list[_Found]) -> list[_Found]:
    """Expressions never overlap: of two that do, the longer stays (the earlier on a tie)."""
    out: list[_Found] = []
    for f in found:
        if out and f.start < out[-1].end:
            if f.end - f.start > out[-1].end - out[-1].start:
                out[-1] = f
            continue
        out.append(f)
    return out


def _resolve_anchors(found: list[_Found], text: str, reference: date | None) -> None:
    """当年, 上年度, 次年: the nearest written year before them in the same sentence;
    当天, 次日, a bare clock: the nearest single day before them in the same sentence.

    Without an anchor a year word keeps its reading against the reference and
    a day word stays unresolved.
    """
    if not any(f.anchor or f.mode == "bare_span" for f in found):
        return
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    year_at: tuple[int, int] | None = None  # (sentence, year)
    day_at: tuple[int, date] | None = None  # (sentence, day)
    plan_at: tuple[int, _Found] | None = None  # (sentence, a plan's whole years)
    rules = time_rules()
    connectors, compared = tuple(rules.range_connectors), rules.bare_span_compared
    for f in found:
        here = bisect.bisect_right(ends, f.start)
        if f.mode == "bare_span" and plan_at is not None and plan_at[0] == here:
            # “十三五”时期的五年: the plan's years, in a review or not, unless the sentence
            # compares with the plan (与“十四五”相比，五年累计…)
            if not any(w in text[plan_at[1].end : f.start] for w in compared):
                f.first, f.last, f.mode = plan_at[1].first, plan_at[1].last, ""
        if f.mode == "" and f.years == 5 and f.first is not None:
            plan_at = (here, f)
        if f.anchor and f.rebase is not None:
            base: Any = None
            if f.anchor == "year" and year_at is not None and year_at[0] == here:
                base = year_at[1]
            elif f.anchor == "day" and day_at is not None and day_at[0] == here:
                base = day_at[1]
            if base is not None:
                try:
                    rng = f.rebase(base)
                except (ValueError, OverflowError):
                    rng = None  # beyond the calendar (year 1 or 9999): stays unresolved
                if rng is not None:
                    f.first, f.last = rng
                    f.loose = False
                    if f.anchor == "year":
                        f.year, f.explicit_year = f.first.year, True
                    _apply_mode(f, f.mode, reference)
        if f.explicit_year and f.year is not None and not f.masked:
            year_at = (here, f.year)
        single = f.kind in (TimeKind.DATE, TimeKind.DATETIME, TimeKind.TIME)
        # a day part no day dates is no day for the next (深夜加班，白天巡查), unless a range
        # opens with it (夜间至次日)
        loose = f.loose and not text.startswith(connectors, f.end)
        if single and not loose and f.first is not None and f.first == f.last and not f.masked:
            day_at = (here, f.first)


_PAIR_REACH = 12  # expressions looked at on each side of a 同期


def _pair_same_period(found: list[_Found], text: str, reference: date | None) -> None:
    """去年同期: the period its sentence talks about, moved back a year.

    The partner is the nearest resolved expression before it in the same
    sentence, else the nearest after it; without one, the reference's
    year-to-date is used.
    """
    if not any(f.mode == "same_period" for f in found):
        return
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]

    def sentence(offset: int) -> int:
        return bisect.bisect_right(ends, offset)

    def usable(other: _Found) -> bool:
        return other.mode != "same_period" and other.first is not None and other.last is not None and not other.masked

    for i, f in enumerate(found):
        if f.mode != "same_period":
            continue
        here = sentence(f.start)
        partner = None
        for j in range(i - 1, max(-1, i - 1 - _PAIR_REACH), -1):
            if sentence(found[j].end - 1) != here:
                break
            if usable(found[j]):
                partner = found[j]
                break
        if partner is None:
            for j in range(i + 1, min(len(found), i + 1 + _PAIR_REACH)):
                if sentence(found[j].start) != here:
                    break
                if usable(found[j]):
                    partner = found[j]
                    break
        if partner is not None:
            assert partner.first is not None and partner.last is not None
            first, last = partner.first, partner.last
            if partner.kind == TimeKind.AS_OF:
                first = date(last.year, 1, 1)
        elif reference is not None:
            first, last = date(reference.year, 1, 1), reference
        else:
            continue
        shift = f.shift if f.shift_abs is None else f.shift_abs - first.year
        try:
            f.first, f.last = _shift_years(first, shift), _shift_years(last, shift)
        except (ValueError, OverflowError):
            f.first = f.last = None


def _scan(norm: Normalized, reference: date | None) -> list[_Found]:
    rules = time_rules()
    scanner = _scanner(rules)
    text = norm.text
    cx = _Context(rules, reference, _Budget(_DATEPARSER_BUDGET))
    found: list[_Found] = []
    for m in scanner.pattern.finditer(text):
        if _recurring(text, m.start(), rules):
            continue
        try:
            f = _match(m, scanner, cx)
        except (ValueError, OverflowError):  # beyond the calendar (year 1 or 9999): unresolved
            f = _match(m, scanner, _Context(rules, None, cx.budget))
        if f is not None and f.end > f.start:
            found.append(f)
    found = _longest(found)
    _resolve_anchors(found, text, reference)
    found = _join_ranges(found, text, rules, reference)
    _pair_same_period(found, text, reference)
    return [f for f in found if not f.loose]


def _in_context(
    found: list[_Found], norm: Normalized, review: Sequence[tuple[int, int, int]], reference: date
) -> list[_Found]:
    """Inside a review section relative words count from the year under review:
    上半年, 全年, 12月份, 9月3日 of a January report's review fall in the past year, and a
    deadline met then runs from that year's first day (汛期前完成了…: 1 January to 31 May of
    it, not the next flood season), when it falls before the reference; a deadline still
    ahead (2027年底前, a half-year summary's 年底前) runs from the reference.  Words that name the present
    themselves (今年, 去年, 今天: ``now_word``) keep the reference, except 去年同期, the
    review's period a year back."""
    rules = time_rules()
    out = list(found)
    scans: dict[date, dict[tuple[int, int], _Found]] = {}

    def read_at(day: date, f: _Found) -> _Found | None:
        if day not in scans:
            try:
                alt = _scan(norm, day)
            except (ValueError, OverflowError):
                alt = []
            scans[day] = {(a.start, a.end): a for a in alt}
        return scans[day].get((f.start, f.end))

    for k, f in enumerate(out):
        for start, end, year in review:
            if not start <= f.start < end:
                continue
            text = norm.text[f.start : f.end]
            # 去年同期 names the present, but the period it moves back is the review's own
            # (较去年同期增加48天 in a review of 2020 is 2019, not the start of the delivery year)
            # so is 去年 as a comparison's base (比去年提高3个位次: the year before the review's)
            t = norm.text
            base = (
                text in rules.base_of  # 比去年, 较去年底
                and t.endswith(rules.base_after, 0, f.start)
                and t[f.end : f.end + 4].lstrip("同期的年末底").startswith(rules.base_then)
            )
            # a 去年 of the sentence's own before it sets its 同期 (去年接待游客…，较去年同期增长)
            head = t[_sentence_start(t, f.start) : f.start]
            own = f.mode == "same_period" and any(w in head for w in rules.now_words)
            same = (f.mode == "same_period" and not own) or base
            if own or (same and year >= reference.year) or (not same and any(w in text for w in rules.now_words)):
                break  # a half-year summary's 去年同期 is its own year-to-date a year back
            try:
                first, last = date(year, 1, 1), date(year, 12, 31)
            except ValueError:
                break
            if f.mode == "bare_span":  # the years up to the one under review (极不平凡的五年)
                out[k] = replace(f, first=date(year - f.years + 1, 1, 1), last=last)
                break
            other = read_at(last, f)
            if other is not None and other.kind is TimeKind.DEADLINE:
                # met by the day of delivery: from the year's first day; a deadline still ahead
                # (2027年底前, a half-year summary's 年底前) runs from the day of delivery
                met = read_at(first, f)
                near = t[max(0, f.start - 4) : f.start] + t[f.end : f.end + 2]
                ahead = any(w in near for w in rules.ahead_cue)  # 春节前将完成…, 预计1月底前
                other = met if not ahead and met is not None and met.last is not None and met.last <= reference else f
            if other is not None:
                out[k] = other
            break
    return out


def _in_plan(found: list[_Found], norm: Normalized, plan: Sequence[tuple[int, int, int]]) -> list[_Found]:
    """Inside the plan of a year still ahead (二、2023年工作计划 of a summary dated December
    2022) relative words count from that year's first day: 年内, 全年, 上半年, 6月底前 are of
    2023.  Words that name the present (今年, 明年: ``now_word``) keep the report's own date,
    and so do spans of years (今后五年, 三年内)."""
    rules = time_rules()
    out = list(found)
    for start, end, year in plan:
        if not MINYEAR <= year <= MAXYEAR:
            continue
        inside = [k for k, f in enumerate(out) if start <= f.start < end]
        if not inside:
            continue
        try:
            again = {(a.start, a.end): a for a in _scan(norm, date(year, 1, 1))}
        except (ValueError, OverflowError):
            continue
        for k in inside:
            f = out[k]
            # spans of years count from the report's date (今后三年, 未来五年, 三年内), as words
            # that name the present do (明年)
            if f.kind is TimeKind.PERIOD or any(w in norm.text[f.start : f.end] for w in rules.now_words):
                continue
            other = again.get((f.start, f.end))
            if other is not None:
                out[k] = other
    return out


# a span of years in a heading (2023—2024年, 2023-2025年): more than one year
_YEAR_RANGE = re.compile(r"\d{4}\s*(?:年\s*)?[-—–~～至到]\s*\d{4}")


def plan_spans(sections: Sequence[Section], reference: date | None) -> tuple[tuple[int, int, int], ...]:
    """(start, end, year) of every top-level plan section whose heading names the year after
    the reference's alone (2023年工作计划 in a summary of December 2022)."""
    if reference is None:
        return ()
    # the next year alone, as a work plan names it; not a range (2023—2024年), not a distant
    # aim (2035年远景目标)
    return tuple(
        (sec.start, sec.end, reference.year + 1)
        for sec in sections
        if sec.stance == Stance.PLAN
        and {y for y, _part in _heading_years(sec.heading)} == {reference.year + 1}
        and not _YEAR_RANGE.search(sec.heading)
    )


def review_spans(sections: Sequence[Section], reference: date | None) -> tuple[tuple[int, int, int], ...]:
    """(start, end, year under review) of every top-level review section.

    The year is the latest year the heading names before the reference's year
    (2025年工作回顾), else the year the reference date looks back on."""
    if reference is None:
        return ()
    out = []
    for sec in sections:
        if sec.stance != Stance.REVIEW:
            continue
        # a year before the reference's, or its own when the heading reviews a part of it
        # (2025年上半年工作总结 of a report delivered in July 2025)
        # (a past year the heading names goes first: 2025年工作回顾及2026年一季度进展 reviews 2025)
        named = _heading_years(sec.heading)
        years = [y for y, _part in named if y < reference.year] or [
            y for y, part in named if part and y == reference.year
        ]
        out.append((sec.start, sec.end, max(years) if years else reviewed_year(reference)))
    return tuple(out)


def _heading_years(heading: str) -> list[tuple[int, bool]]:
    """The years a heading names, each with whether the heading names only a part of it
    (2023年上半年, 2023年1-6月, 2023年一季度)."""
    years = [int(y) for y in HEADING_YEAR.findall(heading)]
    if not years:
        return []
    parts = {d.year for d in _heading_parts(heading)}
    return [(y, y in parts) for y in years]


def _heading_parts(heading: str) -> tuple[date, ...]:
    """The last days of the parts of a year a heading names (2023年上半年 → 2023-06-30)."""
    if not HEADING_YEAR.search(heading):
        return ()
    return _parts_read(heading, time_rules())


@lru_cache(maxsize=1024)
def _parts_read(heading: str, rules: TimeRules) -> tuple[date, ...]:
    """``_heading_parts`` once per heading and rules (the rows ask about a section's heading
    again for each of its figures)."""
    return tuple(
        t.last_day
        for t in extract_times(normalize(heading), None)
        if t.kind in _PART_OF_YEAR and t.first_day is not None and t.last_day is not None
    )


# a year as headings and titles write it (2023年工作回顾)
HEADING_YEAR = re.compile(r"((?:19|20)\d{2})\s?年")


# what a review heading names of a year that is not over yet (2023年上半年工作总结)
_PART_OF_YEAR = frozenset({TimeKind.HALF, TimeKind.QUARTER, TimeKind.MONTH, TimeKind.MONTH_RANGE, TimeKind.DATE})


def after_part(heading: str, year: int) -> date | None:
    """The day after the latest part of ``year`` that ``heading`` names (某县2022年上半年工作
    总结 → 2022-07-01), None when it names no part of that year."""
    ends = [p for p in _heading_parts(heading) if p.year == year]
    try:
        return max(ends) + timedelta(days=1) if ends else None
    except OverflowError:
        return None


def outline_date(sections: Sequence[Section]) -> date | None:
    """The day a report that dates nothing else was delivered on at the earliest, as its
    top-level headings tell it: the day after the latest span a review heading names (2023年
    工作回顾 → 2024-01-01, 2023年上半年工作总结 → 2023-07-01, 2023年四季度工作总结 →
    2024-01-01), else the first day of the first year a plan heading names (2024年工作安排 →
    2024-01-01); None when they name none."""
    review: list[date] = []
    for sec in sections:
        if sec.stance != Stance.REVIEW:
            continue
        for y in {int(y) for y in HEADING_YEAR.findall(sec.heading)}:
            day = after_part(sec.heading, y)
            if day is None and y < MAXYEAR:
                day = date(y + 1, 1, 1)
            if day is not None:
                review.append(day)
    if review:
        return max(review)
    plan = [int(y) for s in sections if s.stance == Stance.PLAN for y in HEADING_YEAR.findall(s.heading)]
    return date(min(plan), 1, 1) if plan and MINYEAR <= min(plan) <= MAXYEAR else None


def extract_times(
    norm: Normalized,
    reference: date | None,
    review: Sequence[tuple[int, int, int]] = (),
    plan: Sequence[tuple[int, int, int]] = (),
) -> tuple[TimeExpression, ...]:
    """The time expressions of ``norm``, sorted by offset.

    ``reference`` resolves relative expressions; without it they stay
    unresolved (``first_day``/``last_day`` None).  ``review`` gives the spans of
    the review sections with their year under review (``review_spans``), ``plan``
    those of the plan sections of a year still ahead (``plan_spans``).
    """
    out = []
    found = _scan(norm, reference)
    if review and reference is not None:
        found = _in_context(found, norm, review, reference)
    if plan and reference is not None:
        found = _in_plan(found, norm, plan)
    # one object for equal texts and days (上半年, 2024-12-31): a long text repeats them
    # thousands of times
    shared: dict[Any, Any] = {}
    for f in found:
        first, last = (None, None) if f.masked else (f.first, f.last)
        if first is None or last is None:
            first = last = None
        else:
            first, last = shared.setdefault(first, first), shared.setdefault(last, last)
        start, end = norm.to_original(f.start), norm.to_original(f.end)
        text = norm.original[start:end]
        out.append(TimeExpression(start, end, shared.setdefault(text, text), f.kind, first, last, f.masked))
    return tuple(out)


def first_absolute_date(text: str) -> date | None:
    """The first complete, absolute date in ``text`` (``2020年07月30日``, ``2020-07-30``), or None.

    >>> first_absolute_date("发布日期:2021-08-12 09:40")
    datetime.date(2021, 8, 12)
    >>> first_absolute_date("今年6月27日") is None
    True
    """
    for f in _scan(normalize(text), None):
        if f.kind in (TimeKind.DATE, TimeKind.DATETIME) and f.first is not None and not f.masked:
            return f.first
    return None
