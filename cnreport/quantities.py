"""Quantities: a number, its scale word and its unit, in one pass over the text.

The matcher is one regular expression built once from the rule data
(``rules/units.toml``, ``measure_words.toml``, ``scales.toml``,
``qualifiers.toml``); every repetition in it is bounded, so the cost is linear
in the length of the text whatever the text holds.  What a pattern cannot say
(dates that look like durations, ordinals, one-character idioms, money written
with a scale word and no currency) is decided per match below.

>>> from cnreport.normalize import normalize
>>> [(q.text, q.unit, q.value, q.approx) for q in extract_quantities(normalize("累计转运钛石膏4万余吨"))]
[('4万余吨', 't', Decimal('40000'), <Approx.MORE_THAN: 'more_than'>)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from .chars import RANGE_DASH
from .loader import QualifierRule, UnitRule, quantity_rules
from .normalize import Normalized
from .numbers import CN_DIGITS, CN_NUMERAL_CHARS, DIGIT_VALUES, NumberError, read_numeral, tidy
from .types import Approx, Kind, Quantity

__all__ = ["QuantityMatcher", "extract_quantities"]

_ARABIC = r"\d{1,3}(?:,\d{3}(?!\d)){1,6}(?:\.\d{1,12})?|\d{1,20}(?:\.\d{1,12})?"
_MASK = r"[xX]{1,8}(?:\.[xX]{1,6})?"
_CHINESE = f"[{CN_NUMERAL_CHARS}]{{1,40}}"
_NUM = f"(?:{_ARABIC}|{_MASK}|{_CHINESE})"
_RANGE = RANGE_DASH
_SINGLE_DIGITS = frozenset("一二两三四五六七八九十")
# Kinds for which a lone 一 is an idiom far more often than a count (一批, 一次性, 一度).
_LONE_ONE = "一"


def _alternation(words: list[tuple[str, tuple[str, ...]]]) -> str:
    """Longest first, each with its own ``(?!...)`` guard."""
    parts = []
    for word, not_before in sorted(words, key=lambda w: (-len(w[0]), w[0])):
        guard = f"(?!{'|'.join(n if n == '[A-Za-z]' else re.escape(n) for n in not_before)})" if not_before else ""
        parts.append(re.escape(word) + guard)
    return "|".join(parts)


@dataclass(frozen=True, slots=True)
class _Tables:
    pattern: re.Pattern[str]
    units: dict[str, UnitRule]
    scales: dict[str, int]
    inside: dict[str, Approx]
    before: tuple[QualifierRule, ...]
    after: tuple[QualifierRule, ...]
    phrases: tuple[str, ...]
    wild_phrases: tuple[str, ...]
    vague: tuple[str, ...]
    slogan_tags: frozenset[str]
    slogan_units: frozenset[str]
    cues: tuple[str, ...]


class QuantityMatcher:
    """Finds quantities; built once from the rule data and reusable across threads."""

    def __init__(self) -> None:
        rules = quantity_rules()
        units = {u.surface: u for u in rules.units}
        scales = dict(rules.scales)
        surfaces = [u.surface for u in rules.units]
        # A scale word does not eat the head of a unit: x.x千米 is km, not 千 + 米.
        scale_words = [
            (w, tuple(u[len(w) :] for u in surfaces if u.startswith(w) and u != w) + (("元",) if w == "个亿" else ()))
            for w in scales
        ]
        scale_alt = _alternation(scale_words)
        # Letter units (kg, KV, m) must not run into a following letter.
        unit_alt = _alternation(
            [(u.surface, u.not_before + (("[A-Za-z]",) if u.surface[-1].isascii() else ())) for u in rules.units]
        )
        inside = {q.word: q.approx for q in rules.qualifiers if q.position == "inside"}
        inside_alt = _alternation([(w, ()) for w in inside])
        pattern = (
            f"(?P<pct>百分之)(?P<pn>{_ARABIC}|{_MASK}|{_CHINESE})"
            f"|(?P<n1>{_NUM})(?P<s1>{scale_alt})?"
            f"(?:(?P<rng>{_RANGE})(?P<n2>{_NUM})(?P<s2>{scale_alt})?)?"
            f"(?P<q1>{inside_alt})?(?P<s3>{scale_alt})?(?P<q2>{inside_alt})?"
            f"(?:(?P<sp> )?(?P<unit>{unit_alt})"
            f"|[(（](?P<bs>{scale_alt})?(?P<bu>{unit_alt})[)）])?"
        )
        self._t = _Tables(
            pattern=re.compile(pattern),
            units=units,
            scales=scales,
            inside=inside,
            before=tuple(sorted((q for q in rules.qualifiers if q.position == "before"), key=lambda q: -len(q.word))),
            after=tuple(sorted((q for q in rules.qualifiers if q.position == "after"), key=lambda q: -len(q.word))),
            phrases=tuple(p for p in rules.phrases if not p.startswith("#")),
            wild_phrases=tuple(p[1:] for p in rules.phrases if p.startswith("#")),
            cues=rules.money_cues,
            vague=rules.vague,
            slogan_tags=frozenset(rules.slogan_tags),
            slogan_units=frozenset(rules.slogan_units),
        )

    # -- public -------------------------------------------------------------

    def extract(self, norm: Normalized) -> tuple[Quantity, ...]:
        """The quantities of ``norm``, in text order."""
        text = norm.text
        out: list[Quantity] = []
        for m in self._t.pattern.finditer(text):
            q = self._quantity(m, norm)
            if q is not None:
                out.append(q)
        return tuple(out)

    # -- per match ------------------------------------------------------------

    def _quantity(self, m: re.Match[str], norm: Normalized) -> Quantity | None:
        t = self._t
        text = norm.text
        if m.group("pct"):
            return self._percent_words(m, norm)
        n1 = m.group("n1")
        start = m.start("n1")
        if not self._number_ok(n1, start, text):
            return None
        unit_word = m.group("unit") or m.group("bu")
        scale_word = m.group("s1") or m.group("s3") or m.group("bs")
        n2 = m.group("n2")
        if n2 is not None and not self._number_ok(n2, m.start("n2"), text, inner=True):
            return None
        if unit_word is None:
            end = m.end()
            has_scale = bool(m.group("s1") or m.group("s2") or m.group("s3")) or _ends_with_scale(n2 or n1, t.scales)
            if not has_scale or not self._money_context(text, start, end):
                return None
            rule = t.units["元"]
        else:
            rule = t.units[unit_word]
            end = m.end("unit") if m.group("unit") else m.end("bu") + 1
        if not self._unit_ok(rule, n1, n2, start, m, text):
            return None
        if text.startswith(t.phrases, start) or text.startswith(t.wild_phrases, m.end("n1")):
            return None
        if rule.kind is Kind.COUNT and not (n1[0].isdigit() or n1[0] in "xX"):
            if _inside_quotes(text, start) or (rule.unit in t.slogan_units and self._slogan(text, end)):
                return None  # “三个全覆盖”, 三个狠抓, 四个不摘: a slogan

        factor = Decimal(t.scales[scale_word]) if scale_word else Decimal(1)
        pair = _adjacent_digits(n1, t.scales) if n2 is None else None
        v1: Decimal | None
        v2: Decimal | None
        try:
            if pair is not None:
                v1, v2 = pair
                n2 = n1
            else:
                v1 = read_numeral(n1)
                v2 = read_numeral(n2) if n2 is not None else None
        except NumberError:
            return None
        masked = v1 is None or (n2 is not None and v2 is None)
        value = low = high = None
        unit_factor = Decimal(rule.factor)
        if n2 is not None:
            f2 = Decimal(t.scales[m.group("s2")]) if m.group("s2") and pair is None else factor
            if not masked:
                assert v1 is not None and v2 is not None
                hi = v2 * f2
                if pair is not None:
                    f1 = f2
                elif m.group("s1"):
                    f1 = Decimal(t.scales[m.group("s1")])
                else:
                    f1 = _inherited_scale(v1, n2, f2, t.scales)
                lo = v1 * f1
                if lo >= hi:
                    return None
                low, high = tidy(lo * unit_factor), tidy(hi * unit_factor)
        elif v1 is not None:
            value = tidy(v1 * factor * unit_factor)

        approx = self._approx(m, text, start, end)
        if rule.kind is Kind.DURATION and rule.unit == "year" and _is_calendar_year(n1, n2, scale_word, approx):
            return None
        return Quantity(
            start=norm.to_original(start),
            end=norm.to_original(end),
            text=norm.original[norm.to_original(start) : norm.to_original(end)],
            kind=rule.kind,
            unit=rule.unit,
            value=value,
            approx=approx,
            masked=masked,
            low=low,
            high=high,
        )

    def _percent_words(self, m: re.Match[str], norm: Normalized) -> Quantity | None:
        try:
            value = read_numeral(m.group("pn"))
        except NumberError:
            return None
        start, end = m.start(), m.end()
        return Quantity(
            start=norm.to_original(start),
            end=norm.to_original(end),
            text=norm.original[norm.to_original(start) : norm.to_original(end)],
            kind=Kind.PERCENT,
            unit="%",
            value=None if value is None else tidy(value),
            approx=self._approx(m, norm.text, start, end),
            masked=value is None,
        )

    def _number_ok(self, num: str, start: int, text: str, *, inner: bool = False) -> bool:
        first = num[0]
        before = text[start - 1] if start else ""
        if first.isdigit() or first in "xX":
            # G530, PM2.5, 1.2.3, box: part of a code or word, not a number.
            if before and (before.isascii() and (before.isalnum() or before == ".")):
                return False
        elif not any(c in CN_DIGITS for c in num) and first not in "十拾":
            return False  # a bare scale word (千亩, 百日): left to the reader
        elif not inner and text[max(0, start - 2) : start].endswith(self._t.vague):
            return False  # 数十家, 几百人: vague
        if not inner and before == "第":
            return False  # an ordinal
        return True

    @staticmethod
    def _unit_ok(rule: UnitRule, n1: str, n2: str | None, start: int, m: re.Match[str], text: str) -> bool:
        chinese = not (n1[0].isdigit() or n1[0] in "xX")
        if rule.after == "arabic" and chinese:
            return False
        if rule.after == "single_digit":
            if chinese and n1 not in _SINGLE_DIGITS:
                return False
            if not chinese and not (n1.isdigit() and 0 < int(n1) <= 10):
                return False
        has_scale = bool(m.group("s1") or m.group("s3") or m.group("bs"))
        if n1 == _LONE_ONE and n2 is None and not has_scale and rule.kind is not Kind.MONEY:
            return False  # 一批, 一次性, 一度: idioms far more often than counts
        if rule.not_after and text[max(0, start - 4) : start].endswith(rule.not_after):
            return False  # 12时05分 is a time of day
        return True

    def _slogan(self, text: str, end: int) -> bool:
        """A count in Chinese numerals followed by a verb, adverb or numeral
        rather than the noun it counts (三个狠抓, 两个确保, 三个一批) is a slogan."""
        if not self._t.slogan_tags or end >= len(text) or not ("\u4e00" <= text[end] <= "\u9fff"):
            return False
        from .tokenize import jieba_pos_tokenizer

        for pair in jieba_pos_tokenizer().cut(text[end : end + 6]):
            return pair.flag in self._t.slogan_tags
        return False

    def _approx(self, m: re.Match[str], text: str, start: int, end: int) -> Approx | None:
        t = self._t
        inner = m.group("q1") if not m.group("pct") else None
        inner = inner or (m.group("q2") if not m.group("pct") else None)
        if inner:
            return t.inside[inner]
        for q in t.before:
            w = q.word
            if start >= len(w) and text.startswith(w, start - len(w)):
                head = text[max(0, start - len(w) - 4) : start - len(w)]
                if not any(head.endswith(x) for x in q.not_after):
                    return q.approx
        for q in t.after:
            if text.startswith(q.word, end):
                return q.approx
        return None

    def _money_context(self, text: str, start: int, end: int) -> bool:
        window = text[max(0, start - 12) : start] + "|" + text[end : end + 8]
        return any(c in window for c in self._t.cues)


_PAIR_DIGITS = DIGIT_VALUES


def _adjacent_digits(num: str, scales: dict[str, int]) -> tuple[Decimal, Decimal] | None:
    """两三 is 2-3, 三四十 is 30-40, 七八百 is 700-800: two neighbouring digits read as a range."""
    if len(num) < 2 or num[0] not in _PAIR_DIGITS or num[1] not in _PAIR_DIGITS:
        return None
    a, b = _PAIR_DIGITS[num[0]], _PAIR_DIGITS[num[1]]
    if not (0 < a < b <= a + 2):
        return None
    rest = num[2:]
    scale = 1 if not rest else 10 if rest == "十" else scales.get(rest)
    if scale is None:
        return None
    return Decimal(a * scale), Decimal(b * scale)


def _inside_quotes(text: str, start: int) -> bool:
    """Whether ``start`` sits inside a short “...” quotation."""
    head = text[max(0, start - 12) : start]
    return head.rfind("“") > head.rfind("”")


def _ends_with_scale(num: str, scales: dict[str, int]) -> bool:
    return num[-1] in "万亿" and not num[0].isdigit()


def _inherited_scale(v1: Decimal, n2: str, f2: Decimal, scales: dict[str, int]) -> Decimal:
    """The scale of a range's first bound that has none: 两到三万 is 2万-3万, 五十到一百 is 50-100."""
    if f2 != 1:
        return f2
    if n2[0].isdigit() or n2[0] in "xX":
        return Decimal(1)
    for word, factor in sorted(scales.items(), key=lambda s: -len(s[0])):
        if n2.endswith(word) and len(n2) > len(word) and word != "个亿":
            try:
                mantissa = read_numeral(n2[: -len(word)])
            except NumberError:
                return Decimal(1)
            if mantissa is not None and v1 <= mantissa:
                return Decimal(factor)
            return Decimal(1)
    return Decimal(1)


def _is_calendar_year(n1: str, n2: str | None, scale: str | None, approx: Approx | None) -> bool:
    """2020年, 2021-2025年, xxxx年: dates, not lengths of time."""
    if scale or approx:
        return False
    for num in (n1, n2):
        if num is None:
            continue
        if len(num) == 4 and ((num.isdigit() and 1000 <= int(num) <= 2200) or set(num) <= set("xX")):
            return True
    return False


@cache
def default_matcher() -> QuantityMatcher:
    """The matcher built from the installed rules, built on first use."""
    return QuantityMatcher()


def extract_quantities(norm: Normalized) -> tuple[Quantity, ...]:
    """The quantities of ``norm`` with the default rules."""
    return default_matcher().extract(norm)
