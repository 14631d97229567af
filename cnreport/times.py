"""Time expressions resolved against a reference date.

One combined pattern, built once from ``rules/times.toml``, finds every
expression in one pass over the normalised text: absolute dates and times
(``2021年03月09日 08:41:17``, ``2021-03-09``), years (``2018年``, ``今年``,
``xxxx年``) and their parts (``上半年``, ``一季度``, ``年底``), month ranges
and months (``1-6月``, ``6月份``, ``9月底``), as-of dates (``截至6月27日``,
``截止目前``), deadlines (``年底前``), periods (``今年以来``, ``去年同期``,
``近三年``, ``"十四五"期间``).

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
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from .chars import RANGE_DASH
from .loader import (
    Example,
    RuleError,
    UniqueSurfaces,
    entries,
    examples,
    require,
    rule_files,
    string_list,
    where,
)
from .normalize import Normalized, normalize
from .numbers import DIGIT_VALUES
from .types import TimeExpression, TimeKind

__all__ = ["TimeRules", "extract_times", "first_absolute_date", "time_rules"]

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
class SuffixRule:
    word: str
    mode: str
    relative_only: bool
    not_before: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimeRules:
    """All the data the time matcher is built from, and the pattern built from it."""

    relative_years: dict[str, int]
    relative_year_not_after: dict[str, tuple[str, ...]]
    relative_months: dict[str, int]
    parts: dict[str, PartRule]
    year_shorts: dict[str, PartRule]
    part_not_before: dict[str, tuple[str, ...]]
    month_parts: dict[str, tuple[int, int]]
    month_part_not_before: dict[str, tuple[str, ...]]
    plans: dict[str, tuple[int, int]]
    plan_edges: dict[str, str]
    as_of: tuple[str, ...]
    now: tuple[str, ...]
    until_now: tuple[str, ...]
    suffixes: dict[str, SuffixRule]
    bare_same_period: tuple[str, ...]
    span_prefixes: dict[str, str]
    vague: tuple[str, ...]
    recurring: tuple[str, ...]
    example_reference: date | None
    pattern: re.Pattern[str] = field(repr=False, compare=False)
    examples: tuple[Example, ...] = field(default=(), repr=False, compare=False)


_MODES = {"since", "deadline", "period", "same_period"}
_DIRECTIONS = {"back", "forward", "first"}
_PART_KINDS = {"half": TimeKind.HALF, "quarter": TimeKind.QUARTER, "season": TimeKind.SEASON}


def _words_table(
    table: str, unique: UniqueSurfaces, exs: list[Example]
) -> list[tuple[str, dict[str, Any], tuple[str, ...]]]:
    out = []
    for source, i, entry in entries(_FILE, table):
        at = where(source, table, i, entry)
        words = string_list(entry, "words", at, required=True)
        unique.add((f"{table}:{w}" for w in words), at)
        exs.extend(examples(entry, at))
        out.append((at, entry, words))
    return out


def _int_pair(entry: dict[str, Any], key: str, at: str, lo: int, hi: int) -> tuple[int, int]:
    value = require(entry, key, list, at)
    if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise RuleError(f"{at}: {key!r} must be a list of two integers")
    a, b = value
    if not (lo <= a <= b <= hi):
        raise RuleError(f"{at}: {key!r} must be [first, last] within {lo}..{hi}, got {value}")
    return a, b


def _alt(words: object) -> str:
    items = sorted(set(words), key=lambda w: (-len(w), w))  # type: ignore[call-overload]
    return "|".join(re.escape(w) for w in items)


def _guarded(words_not_before: dict[str, tuple[str, ...]]) -> str:
    """An alternation of words, each with its own negative look-ahead."""
    parts = []
    for w in sorted(words_not_before, key=lambda w: (-len(w), w)):
        nb = words_not_before[w]
        parts.append(re.escape(w) + (f"(?!{_alt(nb)})" if nb else ""))
    return "|".join(parts)


@cache
def time_rules() -> TimeRules:
    """The time rules of the package and of every installed rule pack."""
    exs: list[Example] = []
    unique = UniqueSurfaces("time word")

    rel_years: dict[str, int] = {}
    rel_years_na: dict[str, tuple[str, ...]] = {}
    for at, entry, words in _words_table("relative_year", unique, exs):
        off = require(entry, "offset", int, at)
        rel_years.update(dict.fromkeys(words, off))
        rel_years_na.update(dict.fromkeys(words, string_list(entry, "not_after", at)))
    rel_months: dict[str, int] = {}
    for at, entry, words in _words_table("relative_month", unique, exs):
        off = require(entry, "offset", int, at)
        rel_months.update(dict.fromkeys(words, off))

    parts: dict[str, PartRule] = {}
    shorts: dict[str, PartRule] = {}
    part_nb: dict[str, tuple[str, ...]] = {}
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
            part_nb[w] = nb

    month_parts: dict[str, tuple[int, int]] = {}
    month_nb: dict[str, tuple[str, ...]] = {}
    for at, entry, words in _words_table("month_part", unique, exs):
        lo, hi = _int_pair(entry, "days", at, 1, 31)
        nb = string_list(entry, "not_before", at)
        for w in words:
            month_parts[w] = (lo, hi)
            month_nb[w] = nb

    plans: dict[str, tuple[int, int]] = {}
    for at, entry, words in _words_table("plan_period", unique, exs):
        pair = _int_pair(entry, "years", at, 1900, 2200)
        plans.update(dict.fromkeys(words, pair))
    edges: dict[str, str] = {}
    for at, entry, words in _words_table("plan_edge", unique, exs):
        edge = require(entry, "edge", str, at)
        if edge not in ("first", "last"):
            raise RuleError(f"{at}: edge must be 'first' or 'last'")
        edges.update(dict.fromkeys(words, edge))

    def flat(table: str) -> tuple[str, ...]:
        return tuple(w for _, _, words in _words_table(table, unique, exs) for w in words)

    as_of = flat("as_of")
    now = flat("now")
    until_now = flat("until_now")
    bare_same = flat("bare_same_period")
    vague = flat("vague")
    recurring = flat("recurring")

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
    for at, entry, words in _words_table("span_prefix", unique, exs):
        direction = require(entry, "direction", str, at)
        if direction not in _DIRECTIONS:
            raise RuleError(f"{at}: direction must be one of {sorted(_DIRECTIONS)}")
        span_prefixes.update(dict.fromkeys(words, direction))

    reference: date | None = None
    for source, data in rule_files(_FILE):
        ref = data.get("example_reference")
        if ref is not None:
            if not isinstance(ref, date) or isinstance(ref, datetime):
                raise RuleError(f"{source}: example_reference must be a date")
            reference = reference or ref

    fields = dict(
        relative_years=rel_years,
        relative_year_not_after=rel_years_na,
        relative_months=rel_months,
        parts=parts,
        year_shorts=shorts,
        part_not_before=part_nb,
        month_parts=month_parts,
        month_part_not_before=month_nb,
        plans=plans,
        plan_edges=edges,
        as_of=as_of,
        now=now,
        until_now=until_now,
        suffixes=suffixes,
        bare_same_period=bare_same,
        span_prefixes=span_prefixes,
        vague=vague,
        recurring=recurring,
        example_reference=reference,
    )
    pattern = _build_pattern(**fields)  # type: ignore[arg-type]
    return TimeRules(**fields, pattern=pattern, examples=tuple(exs))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# the pattern

_CN_MONTH = "(?:十[一二]|[一二三四五六七八九十])"
_CN_DAY = "(?:[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_NUM_MONTH = rf"(?:\d{{1,2}}|[xX]{{1,2}}|{_CN_MONTH})"
_NUM_DAY = rf"(?:\d{{1,2}}|[xX]{{1,2}}|{_CN_DAY})"
_DASH = RANGE_DASH
_CN_SMALL = "[一二两三四五六七八九十]{1,3}"
_NO_DIGIT_BEFORE = r"(?<![0-9A-Za-z.])"


def _build_pattern(
    *,
    relative_years: dict[str, int],
    relative_year_not_after: dict[str, tuple[str, ...]],
    relative_months: dict[str, int],
    parts: dict[str, PartRule],
    year_shorts: dict[str, PartRule],
    part_not_before: dict[str, tuple[str, ...]],
    month_parts: dict[str, tuple[int, int]],
    month_part_not_before: dict[str, tuple[str, ...]],
    plans: dict[str, tuple[int, int]],
    plan_edges: dict[str, str],
    as_of: tuple[str, ...],
    now: tuple[str, ...],
    until_now: tuple[str, ...],
    suffixes: dict[str, SuffixRule],
    bare_same_period: tuple[str, ...],
    span_prefixes: dict[str, str],
    vague: tuple[str, ...],
    recurring: tuple[str, ...],
    example_reference: date | None,
) -> re.Pattern[str]:
    def suffix(b: str, relative: bool) -> str:
        words = {s.word: s.not_before for s in suffixes.values() if relative or not s.relative_only}
        return f"(?P<{b}_suf>{_guarded(words)})?" if words else ""

    def pre(b: str, required: bool = False) -> str:
        if not as_of:
            return "(?!)" if required else ""
        return f"(?P<{b}_pre>{_alt(as_of)})" + ("" if required else "?")

    def month(b: str) -> str:
        mp = {w: month_part_not_before.get(w, ()) for w in month_parts}
        mpart = f"|(?P<{b}_mp>{_guarded(mp)})" if mp else ""
        clock = rf"(?:\s{{0,2}}(?P<{b}_hh>\d{{1,2}}):(?P<{b}_mi>\d{{2}})(?::(?P<{b}_ss>\d{{2}}))?(?![0-9:]))?"
        return (
            rf"(?P<{b}_m>{_NUM_MONTH})月(?P<{b}_fen>份)?"
            rf"(?:(?P<{b}_d>{_NUM_DAY})[日号]{clock}{mpart})?"
        )

    def mrange(b: str) -> str:
        return rf"(?P<{b}_r1>{_NUM_MONTH})(?:月份?)?\s?{_DASH}\s?(?P<{b}_r2>{_NUM_MONTH})月(?P<{b}_rfen>份)?"

    def year(b: str) -> str:
        alts = [
            rf"{_NO_DIGIT_BEFORE}(?P<{b}_ya>(?:1[89]|20)\d{{2}}|[xX]{{4}})年度?",
            rf"(?<![〇零○一二三四五六七八九十])(?P<{b}_yc>(?:一九|二[〇零○])[〇零○一二三四五六七八九]{{2}})年度?",
        ]
        if relative_years:
            words = []
            for w in sorted(relative_years, key=lambda w: (-len(w), w)):
                behind = "".join(f"(?<!{re.escape(c)})" for c in relative_year_not_after.get(w, ()))
                words.append(behind + re.escape(w))
            alts.append(f"(?P<{b}_yr>{'|'.join(words)})")
        return "(?:" + "|".join(alts) + ")"

    part_words = {w: part_not_before.get(w, ()) for w in parts}
    short_words = {w: part_not_before.get(w, ()) for w in year_shorts}
    part_edge = "(?:末|初|底)"

    def year_tail(b: str) -> str:
        tails = []
        if part_words:
            tails.append(f"(?P<{b}_p>{_guarded(part_words)})(?P<{b}_pe>{part_edge})?")
        tails.append(mrange(b))
        tails.append(month(b))
        if short_words:
            tails.append(f"(?P<{b}_ys>{_guarded(short_words)})")
        return "(?:" + "|".join(tails) + ")?"

    branches: dict[str, str] = {}
    clock_a = r"(?:\s{1,2}(?P<A_hh>\d{1,2}):(?P<A_mi>\d{2})(?::(?P<A_ss>\d{2}))?(?![0-9:]))?"
    branches["A"] = (
        pre("A") + r"(?<![0-9.\-/])(?P<A_y>(?:1[89]|20)\d{2})(?P<A_sep>[-/.])(?P<A_m>\d{1,2})(?P=A_sep)"
        r"(?P<A_d>\d{1,2})(?![0-9])" + clock_a + suffix("A", False)
    )
    branches["B"] = (
        r"(?<![0-9.])(?P<B_y1>(?:1[89]|20)\d{2})年?\s?"
        + _DASH
        + r"\s?(?P<B_y2>(?:1[89]|20)\d{2})年"
        + suffix("B", False)
    )
    if plans:
        edge = f"|(?P<C_e>{_alt(plan_edges)})" if plan_edges else ""
        since = _alt(w for w, s in suffixes.items() if s.mode in ("since", "period"))
        branches["C"] = (
            rf"(?P<C_q1>[“\"'‘])?(?P<C_w>{_alt(plans)})(?P<C_q2>[”\"'’])?"
            rf"(?:(?P<C_suf>{since}){edge})?"
        )
    if span_prefixes:
        num = rf"(?:\d{{1,2}}|{_CN_SMALL})"
        lai = suffixes.get("来")
        lai_guard = f"(?!{_alt(lai.not_before)})" if lai and lai.not_before else ""
        branches["D"] = (
            rf"(?:(?P<D_p>{_alt(span_prefixes)})(?P<D_n>{num})(?P<D_u>个月|年)(?P<D_s>以来|来)?"
            rf"|(?<![0-9一二两三四五六七八九十])(?P<D_n2>{num})(?P<D_u2>个月|年)(?P<D_s2>以来|来){lai_guard})"
        )
    if vague:
        branches["E"] = f"(?P<E_w>{_alt(vague)})"
    branches["F"] = pre("F") + year("F") + year_tail("F") + suffix("F", True)
    if part_words:
        branches["G"] = pre("G") + f"(?P<G_p>{_guarded(part_words)})(?P<G_pe>{part_edge})?" + suffix("G", False)
    branches["H"] = pre("H") + _NO_DIGIT_BEFORE + mrange("H") + suffix("H", False)
    branches["I"] = pre("I") + _NO_DIGIT_BEFORE + month("I") + suffix("I", False)
    if relative_months:
        mp = {w: month_part_not_before.get(w, ()) for w in month_parts}
        j_part = f"(?P<J_mp>{_guarded(mp)})?" if mp else ""
        branches["J"] = pre("J") + f"(?P<J_w>{_alt(relative_months)})" + j_part + suffix("J", True)
    if now:
        branches["K"] = pre("K", required=True) + f"(?P<K_w>{_alt(now)})"
    if until_now:
        branches["L"] = f"(?P<L_w>{_alt(until_now)})"
    if bare_same_period:
        behind = "|".join(f"(?<={re.escape(w)})" for w in sorted(set(bare_same_period), key=len, reverse=True))
        branches["M"] = f"(?:{behind})(?P<M_w>同期)"
    branches["N"] = r"(?<=[至到\-—~])(?P<N_d>\d{1,2})[日号]"
    # every expression starts with one of these characters: a cheap first test at each position
    starts = set("0123456789xX“\"'‘〇零○一二三四五六七八九十两同")
    for words in (relative_years, relative_months, parts, plans, as_of, until_now, vague, span_prefixes):
        starts.update(w[0] for w in words)
    first = "(?=[" + "".join(re.escape(c) for c in sorted(starts)) + "])"
    return re.compile(first + "(?:" + "|".join(f"(?P<{b}>{p})" for b, p in branches.items()) + ")")


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
    return bool(text) and ("x" in text or "X" in text)  # type: ignore[operator]


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
    recompute: Any = None  # year -> (first, last) for an implicit-year plain expression
    shift: int = -1  # years back for same_period
    shift_abs: int | None = None


class _Budget:
    __slots__ = ("left",)

    def __init__(self, n: int) -> None:
        self.left = n


def _calendar(m: re.Match[str], b: str, rules: TimeRules) -> tuple[TimeKind, Any, bool] | None:
    """The kind of a calendar core, a function year -> (first, last) | None, and whether it is masked.

    None when the core is not a time (month 13, a Chinese month with nothing to anchor it).
    """
    g = m.groupdict()
    masked = False
    if g.get(f"{b}_r1") is not None:
        r1, r2 = g[f"{b}_r1"], g[f"{b}_r2"]
        masked = _is_masked(r1) or _is_masked(r2)
        if masked:
            return TimeKind.MONTH_RANGE, lambda y: None, True
        m1, m2 = _small_number(r1), _small_number(r2)
        if m1 is None or m2 is None or not (1 <= m1 < m2 <= 12):
            return None
        return TimeKind.MONTH_RANGE, lambda y: (date(y, m1, 1), _month_end(y, m2)), False
    if g.get(f"{b}_m") is not None:
        raw_m, raw_d = g[f"{b}_m"], g.get(f"{b}_d")
        masked = _is_masked(raw_m) or _is_masked(raw_d)
        mp = g.get(f"{b}_mp")
        if (
            not raw_m.isdigit()
            and not masked
            and not (raw_d or mp or g.get(f"{b}_fen") or g.get(f"{b}_ya") or g.get(f"{b}_yc") or g.get(f"{b}_yr"))
        ):
            return None  # 一月一调度: a Chinese month needs a year, a day, 份 or a part
        mo = None if masked else _small_number(raw_m)
        if not masked and (mo is None or not 1 <= mo <= 12):
            return None
        if raw_d is not None:
            kind = TimeKind.DATETIME if g.get(f"{b}_hh") else TimeKind.DATE
            if masked:
                return kind, lambda y: None, True
            day = _small_number(raw_d)
            if day is None or not 1 <= day <= 31:
                return None

            def on_day(y: int) -> tuple[date, date] | None:
                d = _safe_date(y, mo, day)  # type: ignore[arg-type]
                return (d, d) if d else None

            return kind, on_day, False
        if masked:
            return (TimeKind.SEASON if mp else TimeKind.MONTH), lambda y: None, True
        if mp:
            lo, hi = rules.month_parts[mp]

            def month_part(y: int) -> tuple[date, date]:
                end = _month_end(y, mo)  # type: ignore[arg-type]
                return date(y, mo, lo), date(y, mo, min(hi, end.day))  # type: ignore[arg-type]

            return TimeKind.SEASON, month_part, False
        return TimeKind.MONTH, lambda y: (date(y, mo, 1), _month_end(y, mo)), False  # type: ignore[arg-type]
    part_word = g.get(f"{b}_p") or g.get(f"{b}_ys")
    if part_word:
        rule = rules.parts.get(part_word) or rules.year_shorts[part_word]
        edge = g.get(f"{b}_pe")
        lo, hi = rule.lo, rule.hi
        kind = rule.kind
        if edge in ("末", "底"):
            lo, kind = hi, TimeKind.SEASON
        elif edge == "初":
            hi, kind = lo, TimeKind.SEASON

        def part(y: int) -> tuple[date, date]:
            ly, lm = _add_months(y, 1, hi - 1)
            return date(y, lo, 1) if lo <= 12 else date(*_add_months(y, 1, lo - 1), 1), _month_end(ly, lm)

        return kind, part, False
    return TimeKind.YEAR, lambda y: (date(y, 1, 1), date(y, 12, 31)), False


def _year_of(m: re.Match[str], b: str, rules: TimeRules, reference: date | None) -> tuple[int | None, bool, bool, bool]:
    """(year, masked, implicit, relative) of a core; year None when it needs a reference that is missing."""
    g = m.groupdict()
    ya, yc, yr = g.get(f"{b}_ya"), g.get(f"{b}_yc"), g.get(f"{b}_yr")
    if ya:
        if _is_masked(ya):
            return None, True, False, False
        return int(ya), False, False, False
    if yc:
        return _cn_year(yc), False, False, False
    if yr:
        off = rules.relative_years[yr]
        return (reference.year + off if reference else None), False, False, True
    return (reference.year if reference else None), False, True, True


def _clock_ok(m: re.Match[str], b: str) -> bool:
    hh, mi, ss = m.group(f"{b}_hh"), m.group(f"{b}_mi"), m.groupdict().get(f"{b}_ss")
    if hh is None:
        return True
    return int(hh) <= 24 and int(mi) <= 59 and (ss is None or int(ss) <= 59)


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


def _mode_of(m: re.Match[str], b: str, rules: TimeRules) -> str:
    if m.groupdict().get(f"{b}_pre"):
        return "as_of"
    suf = m.groupdict().get(f"{b}_suf")
    return rules.suffixes[suf].mode if suf else ""


def _calendar_found(
    m: re.Match[str], b: str, rules: TimeRules, reference: date | None, budget: _Budget
) -> _Found | None:
    cal = _calendar(m, b, rules)
    if cal is None:
        return None
    kind, span, masked = cal
    if b in ("F", "I") and m.group(f"{b}_hh") is not None and not _clock_ok(m, b):
        return None
    year, year_masked, implicit, relative = _year_of(m, b, rules, reference)
    masked = masked or year_masked
    mode = _mode_of(m, b, rules)
    f = _Found(m.start(), m.end(), kind, None, None, masked, "", plain=not mode, implicit_year=implicit)
    if mode == "same_period":
        f.shift = rules.relative_years.get(m.group(f"{b}_yr") or "", -1) if relative else -1
        if not relative and year is not None:
            f.shift_abs = year
        return _apply_mode(f, mode, reference)
    if not masked and year is not None:
        rng = span(year)
        if rng is None:
            return None
        g = m.groupdict()
        if kind in (TimeKind.DATE, TimeKind.DATETIME) and g.get(f"{b}_ya") and g[f"{b}_m"].isdigit():
            day_end = m.end(f"{b}_d") + 1
            d = _checked_date(_date_text(m, m.start(f"{b}_ya"), day_end, b), year, rng[0].month, rng[0].day, budget)
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


def _date_text(m: re.Match[str], start: int, day_end: int, b: str) -> str:
    """The substring from the year to the day, and the clock when there is one."""
    g = m.groupdict()
    end = m.end(f"{b}_ss") if g.get(f"{b}_ss") else (m.end(f"{b}_mi") if g.get(f"{b}_mi") else day_end)
    return m.string[start:end]


def _iso_found(m: re.Match[str], rules: TimeRules, reference: date | None, budget: _Budget) -> _Found | None:
    y, mo, d = int(m.group("A_y")), int(m.group("A_m")), int(m.group("A_d"))
    if not _clock_ok(m, "A"):
        return None
    own = _safe_date(y, mo, d)
    if own is None:
        return None
    when = own
    if m.group("A_sep") == "-":  # the ISO form; dateparser reads it with its own rules
        when = _checked_date(_date_text(m, m.start("A_y"), m.end("A_d"), "A"), y, mo, d, budget) or own
    kind = TimeKind.DATETIME if m.group("A_hh") else TimeKind.DATE
    mode = _mode_of(m, "A", rules)
    f = _Found(m.start(), m.end(), kind, when, when, plain=not mode, year=y)
    if mode == "same_period":
        f.shift_abs = y
    return _apply_mode(f, mode, reference)


def _year_range_found(m: re.Match[str], rules: TimeRules, reference: date | None) -> _Found | None:
    y1, y2 = int(m.group("B_y1")), int(m.group("B_y2"))
    if y1 >= y2:
        return None
    f = _Found(m.start(), m.end(), TimeKind.PERIOD, date(y1, 1, 1), date(y2, 12, 31))
    mode = _mode_of(m, "B", rules)
    return _apply_mode(f, mode, reference) if mode and mode != "same_period" else f


def _plan_found(m: re.Match[str], rules: TimeRules, reference: date | None) -> _Found:
    y1, y2 = rules.plans[m.group("C_w")]
    start, end = m.start(), m.end()
    q1, q2 = m.group("C_q1"), m.group("C_q2")
    if q1 and not q2:
        start += 1
    if q2 and not q1 and not (m.group("C_suf") or m.group("C_e")):
        end -= 1
    f = _Found(start, end, TimeKind.PERIOD, date(y1, 1, 1), date(y2, 12, 31))
    edge = m.groupdict().get("C_e")
    suf = m.group("C_suf")
    if edge:
        y = y2 if rules.plan_edges[edge] == "last" else y1
        f.first, f.last = date(y, 1, 1), date(y, 12, 31)
    elif suf and rules.suffixes[suf].mode == "since":
        f.mode = "since"
        f.last = reference if reference and reference >= f.first else None  # type: ignore[operator]
        if f.last is None:
            f.first = None
    return f


def _span_found(m: re.Match[str], rules: TimeRules, reference: date | None) -> _Found | None:
    prefix = m.group("D_p")
    if prefix:
        direction = rules.span_prefixes[prefix]
        n, unit = _small_number(m.group("D_n")), m.group("D_u")
    else:
        direction = "back"
        n, unit = _small_number(m.group("D_n2")), m.group("D_u2")
    if n is None or n < 1:
        return None
    months = unit == "个月"
    if direction == "first" and (not months or n > 12):
        return None
    kind = TimeKind.MONTH_RANGE if direction == "first" else TimeKind.PERIOD
    f = _Found(m.start(), m.end(), kind, None, None)
    if reference is None or n > 100:
        return f
    r = reference
    if direction == "first":
        f.first, f.last = date(r.year, 1, 1), _month_end(r.year, n)
    elif direction == "back":
        if months:
            y, mo = _add_months(r.year, r.month, -(n - 1))
            f.first = date(y, mo, 1)
        else:
            f.first = date(r.year - n + 1, 1, 1)
        f.last = r
    else:
        if months:
            f.first = date(*_add_months(r.year, r.month, 1), 1)
            f.last = _month_end(*_add_months(r.year, r.month, n))
        else:
            f.first, f.last = date(r.year + 1, 1, 1), date(r.year + n, 12, 31)
    return f


def _relative_month_found(m: re.Match[str], rules: TimeRules, reference: date | None) -> _Found:
    mp = m.groupdict().get("J_mp")
    f = _Found(m.start(), m.end(), TimeKind.SEASON if mp else TimeKind.MONTH, None, None)
    if reference is not None:
        y, mo = _add_months(reference.year, reference.month, rules.relative_months[m.group("J_w")])
        f.first, f.last = date(y, mo, 1), _month_end(y, mo)
        if mp:
            lo, hi = rules.month_parts[mp]
            f.first, f.last = date(y, mo, lo), date(y, mo, min(hi, f.last.day))
    mode = _mode_of(m, "J", rules)
    return _apply_mode(f, mode, reference)


def _match(m: re.Match[str], rules: TimeRules, reference: date | None, budget: _Budget) -> _Found | None:
    b = m.lastgroup
    if b == "A":
        return _iso_found(m, rules, reference, budget)
    if b == "B":
        return _year_range_found(m, rules, reference)
    if b == "C":
        return _plan_found(m, rules, reference)
    if b == "D":
        return _span_found(m, rules, reference)
    if b == "E":
        return _Found(m.start(), m.end(), TimeKind.PERIOD, None, None)
    if b in ("F", "G", "H", "I"):
        return _calendar_found(m, b, rules, reference, budget)
    if b == "J":
        return _relative_month_found(m, rules, reference)
    if b in ("K", "L"):
        return _Found(m.start(), m.end(), TimeKind.AS_OF, reference, reference, mode="now")
    if b == "M":
        return _Found(m.start(), m.end(), TimeKind.PERIOD, None, None, mode="same_period")
    if b == "N":
        return _Found(m.start(), m.end(), TimeKind.DATE, None, None, mode="day")
    return None


def _recurring(text: str, start: int, rules: TimeRules) -> bool:
    """每年年底, 每月15日: a repeated time, not a period."""
    return any(text.startswith(w, max(0, start - len(w))) and start >= len(w) for w in rules.recurring)


_CONNECTORS = frozenset({"至", "到", "-", "—", "–", "~", "——", "至到"})


def _join_ranges(found: list[_Found], text: str) -> list[_Found]:
    """``2019年12月至2020年6月``, ``7月16日至20日``: two plain expressions joined by 至 or a dash."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        joinable = (
            prev is not None and prev.plain and text[prev.end : f.start] in _CONNECTORS and (f.plain or f.mode == "day")
        )
        if not joinable or prev is None:
            if f.mode != "day":
                out.append(f)
            continue
        first, last = prev.first, f.last
        kind = TimeKind.PERIOD
        if f.mode == "day":
            if prev.kind != TimeKind.DATE or prev.first is None:
                continue
            day = int(text[f.start : f.end - 1])
            d = _safe_date(prev.first.year, prev.first.month, day)
            if d is None or d <= prev.first:
                continue
            last = d
        elif f.implicit_year and prev.year is not None and f.recompute is not None:
            rng = f.recompute(prev.year)
            last = rng[1] if rng else None
        if prev.kind == TimeKind.MONTH and f.kind == TimeKind.MONTH and first and last and first.year == last.year:
            kind = TimeKind.MONTH_RANGE
        if first is None or last is None or last < first:
            first = last = None
        out[-1] = replace(
            prev, end=f.end, kind=kind, first=first, last=last, masked=prev.masked or f.masked, plain=False
        )
    return out


_SENTENCE_END = re.compile("[。！？!?\n]")
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
        f.first, f.last = _shift_years(first, shift), _shift_years(last, shift)


def _scan(norm: Normalized, reference: date | None) -> list[_Found]:
    rules = time_rules()
    text = norm.text
    budget = _Budget(_DATEPARSER_BUDGET)
    found: list[_Found] = []
    for m in rules.pattern.finditer(text):
        if _recurring(text, m.start(), rules):
            continue
        f = _match(m, rules, reference, budget)
        if f is not None and f.end > f.start:
            found.append(f)
    found = _join_ranges(found, text)
    _pair_same_period(found, text, reference)
    return found


def extract_times(norm: Normalized, reference: date | None) -> tuple[TimeExpression, ...]:
    """The time expressions of ``norm``, sorted by offset.

    ``reference`` resolves relative expressions; without it they stay
    unresolved (``first_day``/``last_day`` None).
    """
    out = []
    for f in _scan(norm, reference):
        first, last = (None, None) if f.masked else (f.first, f.last)
        if first is None or last is None:
            first = last = None
        start, end = norm.to_original(f.start), norm.to_original(f.end)
        out.append(TimeExpression(start, end, norm.original[start:end], f.kind, first, last, f.masked))
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
