"""Quantities: a number, its scale word and its unit, in one pass over the text.

The matcher is one regular expression built once from the rule data
(``rules/units.toml``, ``measure_words.toml``, ``scales.toml``,
``qualifiers.toml``); every repetition in it is bounded and the scan only
moves forward, so the cost is linear in the length of the text whatever the
text holds.  What a pattern cannot say (dates that look like durations,
ordinals, one-character idioms, money written with a scale word and no
currency, a unit shared by the items of a list) is decided per match below.

>>> from cnreport.normalize import normalize
>>> [(q.text, q.unit, q.value, q.approx) for q in extract_quantities(normalize("累计转运钛石膏4万余吨"))]
[('4万余吨', 't', Decimal('40000'), <Approx.MORE_THAN: 'more_than'>)]
>>> [(q.text, q.unit, q.low, q.high) for q in extract_quantities(normalize("奖补1万元--5万元"))]
[('1万元--5万元', 'CNY', Decimal('10000'), Decimal('50000'))]
>>> [(q.text, q.kind.value, q.unit, q.value) for q in extract_quantities(normalize("低保标准645元/月"))]
[('645元/月', 'rate', 'CNY/month', Decimal('645'))]

Forms read beyond the annotation guide are listed in docs/quantities.md.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from . import wrapping
from .chars import CJK_CHAR, LIST_SEPARATORS, QUANTITY_DASH, SENTENCE_END
from .lazy import once
from .loader import (
    Example,
    QualifierRule,
    RuleError,
    UniqueSurfaces,
    UnitRule,
    entries,
    examples,
    on_forget,
    quantity_rules,
    require,
    rule_files,
    string_list,
    where,
)
from .normalize import Normalized
from .numbers import (
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    DIGIT_VALUES,
    FINANCIAL_DIGITS,
    MARKS,
    NumberError,
    divide,
    exact,
    magnitude,
    read_numeral,
    tidy,
)
from .types import Approx, Kind, Quantity

__all__ = ["QuantityMatcher", "QuantityRulesExtra", "extra_rules", "extract_quantities"]

_SCALE_CHARS = "十百千万亿"
_COUNTED_TAGS = frozenset({"n", "nr", "nz", "ng"})  # jieba's tags of a noun a number counts
# what ends a clause or a list item in the normalised text (，and ； are written , and ;)
_CLAUSE_MARKS = re.compile("[" + re.escape(SENTENCE_END + ",:、") + "]")
_ARABIC = r"\d{1,3}(?:,\d{3}(?!\d)){1,6}(?:\.\d{1,12})?|\d{1,20}(?:\.\d{1,12})?"
_MASK = r"[xX]{1,8}(?:\.[xX]{1,6})?"
_CHINESE = f"[{CN_NUMERAL_CHARS}]{{1,40}}"
_NUM = f"(?:{_ARABIC}|{_MASK}|{_CHINESE})"
_SIGN = "负|-"
_DEC = r"\d{1,6}(?:\.\d{1,6})?"
# The digits of a subunit: 6角, 三毛, 又三美分.
_MINOR_DIGITS = "零一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾"
_MDIG = rf"\d{{1,2}}|[{_MINOR_DIGITS}]{{1,3}}"
_SINGLE_DIGITS = frozenset("一二两三四五六七八九十")
# Kinds for which a lone 一 is an idiom far more often than a count (一批, 一次性, 一度).
_LONE_ONE = "一"
# the cardinal-only form of two: a count that opens with it never ranks (两届, 两期)
_CARDINAL_TWO = "两"
_UNITLESS = ""
_MARK_RE = re.compile(f"[{MARKS}]")
# a short quotation that opens with a count in Chinese numerals (“四件大事”, “两个确保”)
_QUOTED_COUNT = re.compile(f"“([{CN_NUMERAL_CHARS}]{{1,3}}[\u4e00-\u9fff]{{1,6}})”")
# what may follow the noun a count counts and close it (三个示范工程和…, 三个老旧小区的改造)
_NOUN_CLOSERS = "和及与、的等"


# ---------------------------------------------------------------------------
# rule data beyond what loader.quantity_rules() reads


@dataclass(frozen=True, slots=True)
class Subunit:
    """A smaller unit of a currency (角, 分, 美分) and what it is worth."""

    word: str
    currency: str
    factor: Decimal
    after: frozenset[str]
    not_before: tuple[str, ...] = ()
    alone: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuantityRulesExtra:
    """The tables of units.toml that the quantity matcher alone reads.

    See the comments in ``cnreport/rules/units.toml`` and docs/quantities.md.
    """

    subunits: tuple[Subunit, ...]
    currency_before: tuple[tuple[str, str], ...]
    denominators: tuple[tuple[str, str], ...]
    half_not_before: tuple[str, ...]
    ratio_cues: tuple[str, ...]
    change_from: tuple[str, ...]
    change_verbs: tuple[str, ...]
    proportions: tuple[tuple[str, str], ...]
    financial_unit: str
    minus_after: tuple[str, ...] = ()
    examples: tuple[Example, ...] = field(default=(), repr=False)


def _table(name: str, table: str) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{source}: [{table}]", data[table]) for source, data in rule_files(name) if table in data]


@once
def extra_rules() -> QuantityRulesExtra:
    """The quantity tables of ``units.toml`` that ``loader.quantity_rules`` does not read."""
    exs: list[Example] = []
    money = {u.surface: u.unit for u in quantity_rules().units if u.kind is Kind.MONEY}

    subunits: list[Subunit] = []
    seen = UniqueSurfaces("subunit")
    for source, i, entry in entries("units.toml", "subunit"):
        at = where(source, "subunit", i, entry)
        words = string_list(entry, "words", at, required=True)
        currency = require(entry, "currency", str, at)
        after = string_list(entry, "after", at, required=True)
        try:
            factor = Decimal(require(entry, "factor", str, at))
        except InvalidOperation:
            raise RuleError(f"{at}: 'factor' must be a decimal string such as \"0.1\"") from None
        if not 0 < factor < 1:
            raise RuleError(f"{at}: 'factor' must lie between 0 and 1")
        seen.add(words, at)
        exs.extend(examples(entry, at))
        not_before = string_list(entry, "not_before", at)
        alone = string_list(entry, "alone", at)
        seen.add(alone, at)
        subunits.extend(Subunit(w, currency, factor, frozenset(after), not_before, alone) for w in words)

    before: list[tuple[str, str]] = []
    for at, section in _table("units.toml", "currency_before"):
        for word in string_list(section, "words", at):
            if word not in money:
                raise RuleError(f"{at}: {word!r} is not a money unit of units.toml")
            before.append((word, money[word]))
        for pair in section.get("symbols", []):
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and p for p in pair)):
                raise RuleError(f"{at}: each of 'symbols' must be a [symbol, currency code] pair")
            before.append((pair[0], pair[1]))
        exs.extend(examples(section, at))

    denominators: list[tuple[str, str]] = []
    seen = UniqueSurfaces("denominator")
    for source, i, entry in entries("units.toml", "denominator"):
        at = where(source, "denominator", i, entry)
        words = string_list(entry, "words", at, required=True)
        code = require(entry, "code", str, at)
        seen.add(words, at)
        exs.extend(examples(entry, at))
        denominators.extend((w, code) for w in words)

    proportions: list[tuple[str, str]] = []
    seen = UniqueSurfaces("proportion")
    for source, i, entry in entries("units.toml", "proportion"):
        at = where(source, "proportion", i, entry)
        words = string_list(entry, "words", at, required=True)
        unit = require(entry, "unit", str, at)
        seen.add(words, at)
        exs.extend(examples(entry, at))
        proportions.extend((w, unit) for w in words)

    half: list[str] = []
    cues: list[str] = []
    change_from: list[str] = []
    verbs: list[str] = []
    financial = "元"
    minus: list[str] = []
    for at, section in _table("units.toml", "minus"):
        minus.extend(string_list(section, "after", at))
        exs.extend(examples(section, at))
    for at, section in _table("units.toml", "half"):
        half.extend(string_list(section, "not_before", at))
        exs.extend(examples(section, at))
    for at, section in _table("units.toml", "ratio"):
        cues.extend(string_list(section, "cues", at))
        exs.extend(examples(section, at))
    for at, section in _table("units.toml", "change"):
        change_from.extend(string_list(section, "from", at))
        verbs.extend(string_list(section, "verbs", at))
        exs.extend(examples(section, at))
    for at, section in _table("units.toml", "fraction"):
        exs.extend(examples(section, at))
    for at, section in _table("units.toml", "financial_money"):
        financial = require(section, "unit", str, at)
        if financial not in money:
            raise RuleError(f"{at}: {financial!r} is not a money unit of units.toml")
        exs.extend(examples(section, at))

    return QuantityRulesExtra(
        tuple(subunits),
        tuple(before),
        tuple(denominators),
        tuple(half),
        tuple(cues),
        tuple(change_from),
        tuple(verbs),
        tuple(proportions),
        financial,
        tuple(minus),
        tuple(exs),
    )


# ---------------------------------------------------------------------------
# building the pattern


def _guarded(word: str, not_before: tuple[str, ...], tails: dict[str, tuple[str, ...]]) -> str:
    """``word(?!a|b)``; a guard that is the head of an after-qualifier (以 of
    以上) does not block that qualifier: 200所以上 is 200 所, more than."""
    guards = []
    for n in not_before:
        if n == "[A-Za-z]":
            guards.append(n)
            continue
        rest = tails.get(n, ())
        guards.append(re.escape(n) + (f"(?!{'|'.join(re.escape(r) for r in rest)})" if rest else ""))
    return re.escape(word) + (f"(?!{'|'.join(guards)})" if guards else "")


def _alternation(words: list[tuple[str, tuple[str, ...]]], tails: dict[str, tuple[str, ...]] | None = None) -> str:
    """Longest first, each with its own ``(?!...)`` guard."""
    return "|".join(_guarded(w, nb, tails or {}) for w, nb in sorted(words, key=lambda w: (-len(w[0]), w[0])))


@dataclass(frozen=True, slots=True)
class _Surface:
    """What a unit surface in the pattern stands for."""

    rule: UnitRule
    factor: Decimal = Decimal(1)  # 美分 is a hundredth of a dollar
    half: bool = False  # 个半月: the number plus one half


@dataclass(frozen=True, slots=True)
class _Tables:
    pattern: re.Pattern[str]
    unit_start: re.Pattern[str]
    surfaces: dict[str, _Surface]
    scales: dict[str, int]
    inside: dict[str, Approx]
    before: tuple[QualifierRule, ...]
    before_by_last: dict[str, tuple[QualifierRule, ...]]
    after: tuple[QualifierRule, ...]
    phrases: tuple[str, ...]
    wild_phrases: tuple[str, ...]
    vague: tuple[str, ...]
    ordinal_before: tuple[str, ...]
    slogan_tags: frozenset[str]
    slogan_units: frozenset[str]
    slogan_heads: tuple[str, ...]
    slogan_works: tuple[str, ...]
    cues: tuple[str, ...]
    money_levels: tuple[str, ...]
    vague_scale: tuple[str, ...]
    subunits: dict[str, Subunit]
    currency_before: dict[str, str]
    generic_yuan: frozenset[str]
    denominators: dict[str, str]
    measure_words: frozenset[str]
    ratio_cues: tuple[str, ...]
    proportions: dict[str, str]
    financial: UnitRule
    minus_after: tuple[str, ...]


@dataclass(slots=True)
class _Bare:
    """A number with no unit, kept until the lists around it are known."""

    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    masked: bool
    raw: Decimal | None  # the value before its scale word
    has_scale: bool
    financial: bool
    approx: Approx | None
    ordinal: bool = False


@dataclass(slots=True)
class _Found:
    """A quantity and how it was read, for the list pass."""

    q: Quantity
    rule: UnitRule | None = None
    scale: Decimal | None = None


# the fields of a quantity that hold one number
_NUMBERS = ("value", "low", "high", "to")


class _View:
    """The normalised text without combining marks, with the map back to offsets."""

    __slots__ = ("_slogans", "index", "numbers", "original", "strings", "text")

    def __init__(self, norm: Normalized) -> None:
        self.original = norm.original
        self._slogans: tuple[str, ...] | None = None
        # one object for equal texts (同比增长5%) and numbers (5.0, by digits and exponent, so
        # not 5): a long text repeats them thousands of times
        self.strings: dict[str, str] = {}
        self.numbers: dict[Any, Decimal] = {}
        self.index: array[int] | None = None
        if _MARK_RE.search(norm.text) is None:
            self.text = norm.text
            return
        keep = [i for i, c in enumerate(norm.text) if not _MARK_RE.match(c)]
        self.index = array("q", keep)
        self.text = "".join(norm.text[i] for i in keep)

    def slogans(self) -> tuple[str, ...]:
        """The short quotations of the text that open with a count in Chinese numerals
        (“四件大事”): the report's own slogans, which it may also write without quotes."""
        if self._slogans is None:
            self._slogans = tuple(sorted({m.group(1) for m in _QUOTED_COUNT.finditer(self.text)}))
        return self._slogans

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        if self.index is None:
            a, b = start, end
        else:
            a = self.index[start] if start < len(self.index) else len(self.original)
            b = self.index[end - 1] + 1 if end > 0 else 0
        text = self.original[a:b]
        return a, b, self.strings.setdefault(text, text)


class QuantityMatcher:
    """Finds quantities; built once from the rule data and reusable across threads."""

    def __init__(self) -> None:
        rules = quantity_rules()
        extra = extra_rules()
        scales = dict(rules.scales)
        surfaces: dict[str, _Surface] = {u.surface: _Surface(u) for u in rules.units}
        for u in rules.units:
            if u.surface.startswith("个") and len(u.surface) > 1:  # 3个半月
                surfaces.setdefault("个半" + u.surface[1:], _Surface(u, half=True))
        money = {u.unit: u for u in rules.units if u.kind is Kind.MONEY}
        subunits = {s.word: s for s in extra.subunits}
        for s in extra.subunits:
            alone = ((s.word,) if len(s.word) > 1 else ()) + s.alone  # 50美分, 三毛钱 on their own
            for word in alone:
                if s.currency in money:
                    rule = UnitRule(word, Kind.MONEY, s.currency, 1, s.not_before, "any", "units.toml: subunit")
                    surfaces.setdefault(word, _Surface(rule, s.factor))
        names = list(surfaces)
        after_words = [q.word for q in rules.qualifiers if q.position == "after"]
        tails = {
            n: tuple(w[len(n) :] for w in after_words if w.startswith(n) and w != n)
            for u in rules.units
            for n in u.not_before
        }
        # A scale word does not eat the head of a unit: x.x千米 is km, not 千 + 米; nor is 个亿
        # one before 元 (3个亿元项目, 3个亿元重点工程: what the number counts), unless a qualifier
        # stands inside it (3个多亿元 is an amount) and no noun it counts follows (3个多亿元项目).
        counted = ("元以上", "元以下", *(f"元{mid}{noun}" for mid in ("", "的") for noun in rules.money_counted))
        scale_words = [
            (
                w,
                tuple(u[len(w) :] for u in names if u.startswith(w) and u != w)
                + ((counted if "多" in w else ("元",)) if w.startswith("个") else ()),
            )
            for w in scales
        ]
        scale_alt = _alternation(scale_words)
        # Letter units (kg, KV, m) must not run into a following letter.
        unit_alt = _alternation(
            [(name, s.rule.not_before + (("[A-Za-z]",) if name[-1].isascii() else ())) for name, s in surfaces.items()],
            tails,
        )
        inside = {q.word: q.approx for q in rules.qualifiers if q.position == "inside"}
        inside_alt = _alternation([(w, ()) for w in inside])
        spaced: list[tuple[str, tuple[str, ...]]] = [
            (q.word, ()) for q in rules.qualifiers if q.position == "inside" and q.after_space
        ]
        space_before_inside = f"(?: (?={_alternation(spaced)}))?" if spaced else ""
        measure_words = frozenset(u.surface for u in rules.units if u.kind is Kind.COUNT)
        denominators = {
            u.surface: u.unit
            for u in rules.units
            if u.kind not in (Kind.PERCENT, Kind.PERCENTAGE_POINT, Kind.OTHER, Kind.MONEY)
        }
        denominators |= {u.surface: u.unit for u in rules.units if u.kind is Kind.MONEY and len(u.surface) > 1}
        denominators["元"] = "CNY"
        denominators |= dict(extra.denominators)
        den_alt = _alternation([(w, ("[A-Za-z]",) if w[-1].isascii() else ()) for w in denominators])
        minor_alt = _alternation([(s.word, s.not_before) for s in extra.subunits])
        cur_alt = _alternation([(w, ()) for w, _ in extra.currency_before])
        prop_alt = _alternation([(w, ()) for w, _ in extra.proportions])
        from_alt = _alternation([(w, ()) for w in extra.change_from])
        verb_alt = _alternation([(w, ()) for w in extra.change_verbs])
        half_guard = f"(?!{'|'.join(re.escape(w) for w in extra.half_not_before)})" if extra.half_not_before else ""
        dash = QUANTITY_DASH
        # A Chinese numeral does not swallow the head of a unit: 百万千瓦 is 百万 千瓦, 两千米 is 两 千米.
        heads = {c: sorted({n[1:] for n in names if n[0] == c and len(n) > 1}) for c in CN_NUMERAL_CHARS}
        plain = "".join(c for c in CN_NUMERAL_CHARS if not heads[c])
        guarded = "|".join(f"{c}(?!{'|'.join(re.escape(r) for r in heads[c])})" for c in CN_NUMERAL_CHARS if heads[c])
        chinese = f"(?:[{plain}]|{guarded}){{1,40}}" if guarded else _CHINESE
        num = f"(?:{_ARABIC}|{_MASK}|{chinese})"
        pattern = (
            # 2.27:1, 4.0:37.7:58.3
            rf"(?P<ratio>{_DEC}(?: ?: ?{_DEC}){{1,6}})(?![\d.:])"
            # 1/10
            r"|(?P<fa>\d{1,4})/(?P<fb>\d{1,5})(?![\d/.])"
            # 百分之五十, 千分之三, 百分之五到百分之八
            f"|(?P<prop>{prop_alt}) ?(?P<psg>{_SIGN})?(?P<pn>{num})"
            f"(?:(?P<prng>{dash})(?:{prop_alt})? ?(?P<psg2>{_SIGN})?(?P<pn2>{num}))?"
            # 三分之一
            f"|(?P<fden>[{CN_DIGITS}十拾百佰千仟]{{1,6}}|\\d{{1,5}})分之(?P<fnum>{_ARABIC}|{chinese})"
            # 从82.3提升至88.1
            f"|(?:{from_alt})(?P<csg>{_SIGN})?(?P<c1>{_ARABIC})(?:{verb_alt})(?P<csg2>{_SIGN})?(?P<c2>{_ARABIC})"
            # the number and its unit, with all that may stand around them
            f"|(?:(?P<cur>{cur_alt}) ?)?"
            f"(?P<sign>{_SIGN})?(?P<n1>{num})(?: ?(?P<s1>{scale_alt}))?"
            f"(?:(?P<u1>{unit_alt})?(?:[(（]含[)）])?(?P<rng>{dash})"
            f"(?P<sign2>{_SIGN})?(?P<n2>{num})(?: ?(?P<s2>{scale_alt}))?)?"
            f"(?:{space_before_inside}(?P<q1>{inside_alt}))?(?P<s3>{scale_alt})?(?P<q2>{inside_alt})?"
            f"(?:(?P<sp> )?(?P<unit>{unit_alt})(?P<half>半{half_guard})?"
            f"(?:(?P<per>/|每)(?P<ds>{scale_alt})?(?P<den>{den_alt})(?:/(?P<den2>{den_alt}))?)?"
            f"|[(（](?P<bs>{scale_alt})?(?P<bu>{unit_alt})[)）])?"
            f"(?P<tail>(?:又|零)?(?P<ma>{_MDIG})(?P<mwa>{minor_alt})(?:(?P<mb>{_MDIG})(?P<mwb>{minor_alt}))?钱?)?"
        )
        before = tuple(sorted((q for q in rules.qualifiers if q.position == "before"), key=lambda q: -len(q.word)))
        by_last = {c: tuple(q for q in before if q.word[-1] == c) for c in {q.word[-1] for q in before}}
        # Every match starts with one of these: a cheap test before the long alternation.
        starts = [w for w, _ in extra.currency_before] + [w for w, _ in extra.proportions] + list(extra.change_from)
        first = "".join(sorted(set("0123456789xX-负" + CN_NUMERAL_CHARS + "".join(w[0] for w in starts))))
        cny = money["CNY"].surface if "CNY" in money else "元"
        generic = frozenset(
            u.surface for u in rules.units if u.kind is Kind.MONEY and u.unit == "CNY" and "人民币" not in u.surface
        )
        financial_rule = next(u for u in rules.units if u.surface == extra.financial_unit)
        self._t = _Tables(
            pattern=re.compile(f"(?=[{re.escape(first)}])(?:{pattern})"),
            unit_start=re.compile(f"(?:{unit_alt})"),
            surfaces=surfaces,
            scales=scales,
            inside=inside,
            before=before,
            before_by_last=by_last,
            after=tuple(sorted((q for q in rules.qualifiers if q.position == "after"), key=lambda q: -len(q.word))),
            phrases=tuple(p for p in rules.phrases if not p.startswith("#")),
            wild_phrases=tuple(p[1:] for p in rules.phrases if p.startswith("#")),
            cues=rules.money_cues,
            money_levels=rules.money_levels,
            vague_scale=rules.vague_scale,
            vague=rules.vague,
            ordinal_before=tuple(sorted(rules.ordinal_before, key=len, reverse=True)),
            slogan_tags=frozenset(rules.slogan_tags),
            slogan_units=frozenset(rules.slogan_units),
            slogan_heads=rules.slogan_heads,
            slogan_works=rules.slogan_works,
            subunits=subunits,
            currency_before=dict(extra.currency_before),
            generic_yuan=generic | {cny},
            denominators=denominators,
            measure_words=measure_words,
            ratio_cues=extra.ratio_cues,
            proportions=dict(extra.proportions),
            financial=financial_rule,
            minus_after=extra.minus_after,
        )

    # -- public -------------------------------------------------------------

    def extract(self, norm: Normalized) -> tuple[Quantity, ...]:
        """The quantities of ``norm``, in text order.  A text wrapped into lines (out of a PDF)
        is read with the wraps taken out (``cnreport.wrapping``): 12 and 0公里 on two lines are
        120公里, whose span holds the break."""
        return wrapping.read(norm, self._extract)

    def _extract(self, norm: Normalized) -> tuple[Quantity, ...]:
        view = _View(norm)
        text = view.text
        found: list[_Found | _Bare] = []
        pos = 0
        with exact():
            while True:
                m = self._t.pattern.search(text, pos)
                if m is None:
                    break
                got, nxt = self._match(m, view)
                found.extend(got)
                pos = max(nxt, m.start() + 1)
            return tuple(sorted(self._lists(found, view), key=lambda q: (q.start, q.end)))

    # -- per match ------------------------------------------------------------

    def _match(self, m: re.Match[str], view: _View) -> tuple[list[_Found | _Bare], int]:
        """What the match gives, and where to look next."""
        if m.group("ratio"):
            return self._ratio(m, view), m.end()
        if m.group("fa"):
            return self._slash_fraction(m, view), m.end()
        if m.group("prop"):
            return self._proportion(m, view), m.end()
        if m.group("fden"):
            return self._fraction(m, view), m.end()
        if m.group("c1"):
            got = self._change(m, view)
            return (got, m.end()) if got else ([], m.start("csg2") if m.group("csg2") else m.start("c2"))
        return self._main(m, view)

    def _quantity(self, view: _View, start: int, end: int, kind: Kind, unit: str, **kw: Any) -> Quantity:
        a, b, text = view.span(start, end)
        for key in _NUMBERS:
            d = kw.get(key)
            if d is not None:
                kw[key] = view.numbers.setdefault(d.as_tuple(), d)
        return Quantity(start=a, end=b, text=text, kind=kind, unit=unit, **kw)

    def _ratio(self, m: re.Match[str], view: _View) -> list[_Found | _Bare]:
        text = view.text
        start, end = m.span("ratio")
        raw = m.group("ratio")
        before = text[start - 1] if start else ""
        if before and (before.isdigit() or before in ".:/-" or (before.isascii() and before.isalpha())):
            return []
        cue = any(c in text[max(0, start - 10) : start] for c in self._t.ratio_cues)
        if "." not in raw and not cue:
            return []  # 09:30:00 is a time of day
        parts = tuple(tidy(Decimal(p.strip())) for p in raw.split(":"))
        value = divide(parts[0], parts[1]) if len(parts) == 2 and parts[1] != 0 else None
        approx = self._approx(text, start, end, None)
        q = self._quantity(view, start, end, Kind.RATIO, _UNITLESS, value=value, approx=approx, parts=parts)
        return [_Found(q)]

    def _slash_fraction(self, m: re.Match[str], view: _View) -> list[_Found | _Bare]:
        text = view.text
        start, end = m.start("fa"), m.end("fb")
        before = text[start - 1] if start else ""
        if before and (before.isdigit() or before in "./:-" or (before.isascii() and before.isalpha())):
            return []
        a, b = Decimal(m.group("fa")), Decimal(m.group("fb"))
        if not 0 < a < b:
            return []
        approx = self._approx(text, start, end, None)
        q = self._quantity(view, start, end, Kind.FRACTION, _UNITLESS, value=divide(a, b), approx=approx, parts=(a, b))
        return [_Found(q)]

    def _fraction(self, m: re.Match[str], view: _View) -> list[_Found | _Bare]:
        text = view.text
        start, end = m.start("fden"), m.end("fnum")
        if start and text[start - 1] == "第":
            return []
        try:
            den, num = read_numeral(m.group("fden")), read_numeral(m.group("fnum"))
        except NumberError:
            return []
        if den is None or num is None or den == 0:
            return []
        num, den = tidy(num), tidy(den)
        approx = self._approx(text, start, end, None)
        q = self._quantity(
            view, start, end, Kind.FRACTION, _UNITLESS, value=divide(num, den), approx=approx, parts=(num, den)
        )
        return [_Found(q)]

    def _proportion(self, m: re.Match[str], view: _View) -> list[_Found | _Bare]:
        text = view.text
        try:
            value = read_numeral(m.group("pn"))
            value2 = read_numeral(m.group("pn2")) if m.group("pn2") else None
        except NumberError:
            return []
        if value is not None and m.group("psg"):
            value = -value
        if value2 is not None and m.group("psg2"):
            value2 = -value2
        start, end = m.start(), m.end()
        unit = self._t.proportions[m.group("prop")]
        masked = value is None or (m.group("pn2") is not None and value2 is None)
        kw: dict[str, Any] = {"approx": self._approx(text, start, end, None), "masked": masked}
        if m.group("pn2") is None:
            kw["value"] = None if value is None else tidy(value)
        elif not masked:
            assert value is not None and value2 is not None
            if value >= value2:
                return []
            kw["low"], kw["high"] = tidy(value), tidy(value2)
        return [_Found(self._quantity(view, start, end, Kind.PERCENT, unit, **kw))]

    def _change(self, m: re.Match[str], view: _View) -> list[_Found | _Bare]:
        text = view.text
        end = m.end("c2")
        nxt = text[end : end + 1]
        if nxt and ((nxt.isalnum() and not ("\u4e00" <= nxt <= "\u9fff")) or nxt in "%‰.:/-"):
            return []
        if self._t.unit_start.match(text, end) or (nxt and nxt in CN_NUMERAL_CHARS + "年月日号时点期届次余多"):
            return []
        before = text[m.start() - 1] if m.start() else ""
        if before.isdigit():
            return []
        v1, v2 = Decimal(m.group("c1").replace(",", "")), Decimal(m.group("c2").replace(",", ""))
        if m.group("csg"):
            v1 = -v1
        if m.group("csg2"):
            v2 = -v2
        start = m.start("csg") if m.group("csg") else m.start("c1")
        q = self._quantity(view, start, end, Kind.INDEX, _UNITLESS, value=tidy(v1), to=tidy(v2))
        return [_Found(q)]

    def _main(self, m: re.Match[str], view: _View) -> tuple[list[_Found | _Bare], int]:
        t = self._t
        text = view.text
        n1, n2 = m.group("n1"), m.group("n2")
        n1_start = m.start("n1")
        sign = m.group("sign")
        if sign and not self._minus_ok(text, m.start("sign"), sign):
            sign = None
        cur = m.group("cur")
        start = m.start("cur") if cur else (m.start("sign") if sign else n1_start)
        # Where to look next when this match gives nothing: a failed range
        # leaves its second bound to be read on its own.
        resume = m.end()
        if n2 is not None:
            resume = m.start("sign2") if m.group("sign2") else m.start("n2")
        unit_word = m.group("unit") or m.group("bu")

        ok = self._number_ok(n1, n1_start, text, qualify_at=start)
        if ok and unit_word is not None and n2 is None and self._continues_ordinal(text, n1_start, unit_word):
            ok = None  # 十三届六次、七次: the next item of a list an ordinal opens
        if ok is None and unit_word is None and n2 is None:  # 第1、2批: an ordinal that starts a list
            return [_Bare(start, m.end("n1"), None, None, None, False, None, False, False, None, True)], m.end("n1")
        if not ok:
            return [], resume
        if n2 is not None and not self._number_ok(n2, m.start("n2"), text, inner=True):
            return [], resume

        u1 = m.group("u1")
        if n2 is not None and u1 is not None:
            first, second = t.surfaces[u1], t.surfaces[unit_word] if unit_word else None
            if second is None or (first.rule.kind, first.rule.unit) != (second.rule.kind, second.rule.unit):
                # 3吨-5家: not a range; the first part alone, the second from its own start.
                return self._single(view, start, m.end("u1"), n1, m.group("s1"), u1, sign, cur), resume

        surface = t.surfaces[unit_word] if unit_word else None
        rule = surface.rule if surface else None
        if (
            rule is not None
            and rule.unit == "year"
            and _is_calendar_year(n1, n2, m.group("s1"), None)
            and self._approx(text, start, m.end("unit") if m.group("unit") else m.end(), None) is None
            and not m.group("q1")
        ):
            return [], resume  # 2020年, 2021-2025年: a date (the common case, settled early)
        if unit_word is None:
            end = m.start("tail") if m.group("tail") else m.end()
        elif m.group("unit"):
            end = m.end("unit")
        else:
            end = m.end("bu") + 1

        # money in two units: 50元6角3分, 十块三毛, 两美元又三美分
        minor = Decimal(0)
        tail_ok = False
        if m.group("tail") and rule is not None and m.group("unit") and not m.group("half") and not m.group("den"):
            got_minor = self._minor(m, unit_word, rule)
            if got_minor is not None:
                minor, currency = got_minor
                tail_ok = True
                if rule.kind is not Kind.MONEY:  # 块 followed by 毛 is money
                    rule = UnitRule(rule.surface, Kind.MONEY, currency, 1)
                end = m.end("tail")

        half = bool(surface and surface.half)
        if m.group("half") and n2 is None and not m.group("s1") and not m.group("s3"):
            half = True
            end = m.end("half")
        den = None
        if m.group("den") and rule is not None and not m.group("half"):
            den = self._denominator(m, rule)
            if den is not None:
                end = m.end("den2") if m.group("den2") else m.end("den")

        if rule is None:
            if cur and (end >= len(text) or text[end] not in "年月日号时点期届次周岁个"):
                rule = UnitRule(cur, Kind.MONEY, t.currency_before[cur], 1)
            elif cur:
                return [], resume
            else:
                # Kept only when it may be money or an item of a list.
                near_list = text[end : end + 1] in LIST_SEPARATORS or text[start - 1 : start] in LIST_SEPARATORS
                if near_list and (start == 0 or text[start - 1] in "\n\r\t (（"):
                    near_list = False  # 一、 at the head of a line: a section marker
                if (
                    near_list
                    or _ends_with_scale(n2 or n1)
                    or m.group("s1")
                    or m.group("s2")
                    or m.group("s3")
                    or (n2 is None and _financial(n1))
                ) and not (text[end : end + 1] == "级" and magnitude(n1) is not None):
                    return [self._bare(m, view, start, end, n1, n2, sign)], end
                return [], end
        elif cur and rule.kind is Kind.MONEY and unit_word in t.generic_yuan:
            rule = UnitRule(rule.surface, Kind.MONEY, t.currency_before[cur], rule.factor)
        elif cur and rule.kind is not Kind.MONEY:
            start = m.start("sign") if sign else n1_start  # 人民币贷款余额增长12%: the prefix is no currency here

        if not tail_ok and not self._unit_ok(rule, n1, n2, n1_start, m, text, half, surface):
            return [], resume
        if text[end : end + 1] == "级" and magnitude(n1) is not None:
            return [], resume  # 千亿级, 千万千瓦级: a class, not an amount
        if text.startswith(t.phrases, n1_start) or text.startswith(t.wild_phrases, m.end("n1")):
            return [], resume
        if rule.kind is Kind.COUNT and not (n1[0].isdigit() or n1[0] in "xX"):
            if (
                _inside_quotes(text, n1_start)
                or (rule.unit in t.slogan_units and self._slogan(text, end))
                or text.startswith(view.slogans(), n1_start)
            ):
                return [], resume  # “三个全覆盖”, 三个狠抓, 四个不摘, 四件大事 quoted elsewhere: a slogan

        scale = self._scale(m)
        values = self._values(m, n1, n2, scale, sign)
        if values is None:
            if n2 is not None and u1 is not None:
                # 5万元-3万元 is no range: the first part alone.
                return self._single(view, start, m.end("u1"), n1, m.group("s1"), u1, sign, cur), resume
            return [], resume
        v, low, high, masked = values
        if half and v is not None and v != v.to_integral_value():
            return [], resume  # 1.5吨半
        unit_factor = Decimal(rule.factor) * (surface.factor if surface and rule is surface.rule else Decimal(1))
        value = None
        if v is not None:
            extra = minor + (Decimal("0.5") if half else Decimal(0))
            value = tidy(v * unit_factor + (-extra if v < 0 else extra))
        if low is not None and high is not None:
            low, high = tidy(low * unit_factor), tidy(high * unit_factor)

        approx = self._approx(text, start, end, self._inner(m))
        if rule.kind is Kind.DURATION and rule.unit == "year" and _is_calendar_year(n1, n2, m.group("s1"), approx):
            return [], resume
        kind, unit = rule.kind, rule.unit
        if den is not None:
            kind, unit = Kind.RATE, f"{rule.unit}/{den}"
        q = self._quantity(view, start, end, kind, unit, value=value, approx=approx, masked=masked, low=low, high=high)
        return [_Found(q, rule if den is None else None, scale)], end

    def _single(
        self,
        view: _View,
        start: int,
        end: int,
        n1: str,
        s1: str | None,
        unit_word: str,
        sign: str | None,
        cur: str | None,
    ) -> list[_Found | _Bare]:
        """The first bound of a failed range, with its own unit (3吨 of 3吨-5家)."""
        t = self._t
        surface = t.surfaces[unit_word]
        rule = surface.rule
        if cur and rule.kind is Kind.MONEY and unit_word in t.generic_yuan:
            rule = UnitRule(rule.surface, Kind.MONEY, t.currency_before[cur], rule.factor)
        if rule.after != "any" and not (n1[0].isdigit() or n1[0] in "xX"):
            return []
        try:
            v = read_numeral(n1)
        except NumberError:
            return []
        factor = Decimal(t.scales[s1]) if s1 else Decimal(1)
        approx = self._approx(view.text, start, end, None)
        if rule.kind is Kind.DURATION and rule.unit == "year" and _is_calendar_year(n1, None, s1, approx):
            return []
        value = None if v is None else tidy((-v if sign else v) * factor * Decimal(rule.factor) * surface.factor)
        q = self._quantity(view, start, end, rule.kind, rule.unit, value=value, approx=approx, masked=v is None)
        return [_Found(q, rule, factor)]

    def _scale(self, m: re.Match[str]) -> Decimal:
        t = self._t
        s1, s3, bs = m.group("s1"), m.group("s3"), m.group("bs")
        factor = Decimal(1)
        if s1:
            factor = Decimal(t.scales[s1])
        if s3 and m.group("n2") is None:
            factor *= Decimal(t.scales[s3])  # 3千万亿: 千万 then 亿
        elif s3 and not s1:
            factor = Decimal(t.scales[s3])
        if bs:
            factor = Decimal(t.scales[bs])
        return factor

    def _values(
        self, m: re.Match[str], n1: str, n2: str | None, factor: Decimal, sign: str | None
    ) -> tuple[Decimal | None, Decimal | None, Decimal | None, bool] | None:
        """``(value, low, high, masked)`` before the unit's own factor, or None."""
        t = self._t
        pair = _adjacent_digits(n1, t.scales) if n2 is None else None
        if pair is None and (_one_by_one(n1) or (n2 is not None and _one_by_one(n2))):
            return None  # 唯一一家, 统一一个: 一一 is no eleven
        v1: Decimal | None
        v2: Decimal | None
        try:
            if pair is not None:
                v1, v2 = pair
            else:
                v1 = read_numeral(n1)
                v2 = read_numeral(n2) if n2 is not None else None
        except NumberError:
            return None
        masked = v1 is None or (n2 is not None and v2 is None)
        if sign and v1 is not None:
            v1 = -v1
        if m.group("sign2") and v2 is not None:
            v2 = -v2
        if n2 is None and pair is None:
            return (None if v1 is None else v1 * factor), None, None, masked
        if masked:
            return None, None, None, True
        assert v1 is not None and v2 is not None
        if pair is not None or n2 is None:
            return None, v1 * factor, v2 * factor, False
        f2 = Decimal(t.scales[m.group("s2")]) if m.group("s2") else factor
        if m.group("s1"):
            f1 = Decimal(t.scales[m.group("s1")])
        else:
            f1 = _inherited_scale(v1, n2, v2, f2, t.scales)
            if v1 * f1 >= v2 * f2:
                f1 = Decimal(1)  # 从6000到2万港元: the first bound stands as written
        lo, hi = v1 * f1, v2 * f2
        if lo >= hi:
            return None
        return None, lo, hi, False

    def _minor(self, m: re.Match[str], unit_word: str, rule: UnitRule) -> tuple[Decimal, str] | None:
        """The value of the subunits after the main unit, and their currency."""
        t = self._t
        if m.group("n2") is not None or m.group("s1") or m.group("s3"):
            return None
        total = Decimal(0)
        currency = None
        last = Decimal(1)
        for digits, word in ((m.group("ma"), m.group("mwa")), (m.group("mb"), m.group("mwb"))):
            if digits is None:
                continue
            sub = t.subunits[word]
            if unit_word not in sub.after or sub.factor >= last or (currency and sub.currency != currency):
                return None
            if rule.kind is Kind.MONEY and rule.unit != sub.currency:
                return None
            try:
                n = read_numeral(digits)
            except NumberError:
                return None
            if n is None or n != n.to_integral_value() or not 0 <= n * sub.factor < last:
                return None
            total += n * sub.factor
            currency, last = sub.currency, sub.factor
        return (total, currency) if currency else None

    def _denominator(self, m: re.Match[str], rule: UnitRule) -> str | None:
        t = self._t
        out = ""
        for name in ("den", "den2"):
            word = m.group(name)
            if word is None:
                continue
            if m.group("per") == "每" and word in t.measure_words and rule.kind is not Kind.MONEY:
                return None  # 5个每个: not a rate
            code = t.denominators[word]
            if name == "den" and m.group("ds"):
                code = f"{t.scales[m.group('ds')]}{code}"
            out += "/" + code
        return out[1:] or None

    def _bare(
        self, m: re.Match[str], view: _View, start: int, end: int, n1: str, n2: str | None, sign: str | None
    ) -> _Bare:
        """A number with no unit: money, a member of a list, or nothing (decided later)."""
        scale = self._scale(m)
        has_scale = bool(m.group("s1") or m.group("s2") or m.group("s3")) or _ends_with_scale(n2 or n1)
        values = self._values(m, n1, n2, scale, sign)
        financial = n2 is None and _financial(n1)
        approx = self._approx(view.text, start, end, self._inner(m))
        if magnitude(n1) is not None and approx is None:
            has_scale = False  # 百亿 alone is read as money only with a qualifier: 投资超百亿, 百亿以上
        if values is None:
            return _Bare(start, end, None, None, None, False, None, False, False, None, ordinal=False)
        v, low, high, masked = values
        raw = None
        if n2 is None and v is not None and _adjacent_digits(n1, self._t.scales) is None:
            raw = v / scale  # exact: the scale is a power of ten
        return _Bare(start, end, v, low, high, masked, raw, has_scale or financial, financial, approx)

    # -- the items of a list ---------------------------------------------------

    def _lists(self, found: list[_Found | _Bare], view: _View) -> list[Quantity]:
        """Numbers with no unit take the unit of the list they belong to
        (分别达820万、760万人次); a list of amounts with a money word nearby is
        money (跨越3万亿、4万亿、5万亿); anything else with no unit is dropped."""
        t = self._t
        text = view.text
        out: list[Quantity] = []
        i = 0
        while i < len(found):
            item = found[i]
            if isinstance(item, _Found):
                out.append(item.q)
                i += 1
                continue
            chain: list[_Found | _Bare] = [item]
            j = i + 1
            while j < len(found) and isinstance(chain[-1], _Bare):
                nxt = found[j]
                gap = text[chain[-1].end : _start(nxt, view)]
                if gap not in LIST_SEPARATORS:
                    break
                chain.append(nxt)
                j += 1
            i = j
            bares = [b for b in chain if isinstance(b, _Bare)]
            last = chain[-1]
            if bares[0].ordinal:
                continue  # 第1、2批: ordinals, the last one too
            if isinstance(last, _Found) and last.rule is not None and len(chain) > 1:
                for b in bares:
                    q = self._inherit(b, last, view)
                    if q is not None:
                        out.append(q)
                out.append(last.q)
                continue
            if isinstance(last, _Found):
                out.append(last.q)
            money = any(b.has_scale for b in bares) and self._money_context(text, bares[0].start, bares[-1].end)
            for b in bares:
                if b.ordinal or (b.value is None and b.low is None and not b.masked):
                    continue
                if b.financial or (money and b.has_scale):
                    rule = t.financial if b.financial else t.surfaces["元"].rule
                    out.append(self._from_bare(b, view, rule.kind, rule.unit, b.value, b.low, b.high))
        return out

    def _inherit(self, b: _Bare, last: _Found, view: _View) -> Quantity | None:
        """A number of a list with the unit (and the scale, when it has none) of the list's last item."""
        rule = last.rule
        if b.ordinal or rule is None or (b.value is None and b.low is None and not b.masked):
            return None
        if b.end - b.start < 2 and not view.text[b.start].isdigit():
            return None  # 二、三次管网, 队伍、7套: one Chinese character is no list item
        if b.has_scale and last.scale == 1:
            return None  # 近千亿、4个: an amount before a count
        factor = Decimal(rule.factor)
        value, low, high = b.value, b.low, b.high
        if not b.has_scale and last.scale is not None and b.raw is not None:
            value = b.raw * last.scale
        if rule.kind is Kind.DURATION and rule.unit == "year" and value is not None and value >= 1000:
            return None
        return self._from_bare(
            b,
            view,
            rule.kind,
            rule.unit,
            None if value is None else tidy(value * factor),
            None if low is None else tidy(low * factor),
            None if high is None else tidy(high * factor),
        )

    def _from_bare(
        self,
        b: _Bare,
        view: _View,
        kind: Kind,
        unit: str,
        value: Decimal | None,
        low: Decimal | None,
        high: Decimal | None,
    ) -> Quantity:
        return self._quantity(
            view,
            b.start,
            b.end,
            kind,
            unit,
            value=None if value is None else tidy(value),
            approx=b.approx,
            masked=b.masked,
            low=low,
            high=high,
        )

    # -- checks ----------------------------------------------------------------

    def _number_ok(self, num: str, start: int, text: str, *, inner: bool = False, qualify_at: int = -1) -> bool | None:
        """Whether ``num`` at ``start`` can be a quantity's number; None for an ordinal."""
        first = num[0]
        before = text[start - 1] if start else ""
        if first.isdigit() or first in "xX":
            # G530, PM2.5, 1.2.3, box: part of a code or word, not a number.
            if before and (before.isascii() and (before.isalnum() or before == ".")):
                return False
            # 40.8 2 亿元, 2 . 26 万人: the tail of a number split by stray spaces.
            if before == " " and start >= 2 and (text[start - 2].isdigit() or text[start - 2] == "."):
                return False
        elif not any(c in CN_DIGITS for c in num) and first not in "十拾":
            # A bare scale word: 千万人次, 超百亿美元, 超万人 and 千余家 are read; 千亩, 百日,
            # 万元GDP, 千亿级 (a class, not an amount) and 人/百亿元 (a denominator) are not.
            mag = magnitude(num)
            qualified = (qualify_at >= 0 and self._before(text, qualify_at) is not None) or text.startswith(
                ("余", "多"), start + len(num)
            )
            if mag is None or (len(num) < 2 and not qualified) or before == "/":
                return False
            if before == "个" and start >= 2 and (text[start - 2] in CN_DIGITS or text[start - 2].isdigit()):
                return False  # 3个万亿元大关, like 3个亿元项目: what is counted, not an amount
            if not inner and text[max(0, start - 2) : start].endswith(self._t.vague + self._t.vague_scale):
                return False  # 数百家, 上千人: vague
        elif not inner and text[max(0, start - 2) : start].endswith(self._t.vague):
            return False  # 数十家, 几百人: vague
        if not inner and self._after_ordinal_word(text, start):
            return None  # an ordinal: 第三批, 十三届六次全会
        return True

    def _continues_ordinal(self, text: str, start: int, unit: str) -> bool:
        """Whether the number at ``start`` follows, across a list separator, items with the same
        measure word of which the first is an ordinal (七次 of 十三届六次、七次)."""
        i = start
        for _ in range(8):  # items back to the ordinal that opens the list
            if i == 0 or text[i - 1] not in LIST_SEPARATORS or not text.endswith(unit, 0, i - 1):
                return False
            k = i - 1 - len(unit)
            a = k
            while a > 0 and (text[a - 1] in CN_NUMERAL_CHARS or text[a - 1].isdigit()):
                a -= 1
            if a == k:
                return False
            if self._after_ordinal_word(text, a):
                return True
            i = a
        return False

    def _after_ordinal_word(self, text: str, at: int) -> bool:
        """Whether a word that makes the next number an ordinal (第, 届) ends at ``at``."""
        return text.endswith(self._t.ordinal_before, max(0, at - 4), at)

    @staticmethod
    def _unit_ok(
        rule: UnitRule,
        n1: str,
        n2: str | None,
        start: int,
        m: re.Match[str],
        text: str,
        half: bool,
        surface: _Surface | None = None,
    ) -> bool:
        chinese = not (n1[0].isdigit() or n1[0] in "xX")
        if rule.after == "arabic" and chinese and not (rule.kind is Kind.COUNT and n1.startswith(_CARDINAL_TWO)):
            return False  # 十三届, 三期 are ordinals, 两度, 两年行动 no amounts; 两 counts (连续两届, 分两期)
        if rule.after == "single_digit":
            if chinese and n1 not in _SINGLE_DIGITS:
                return False
            if not chinese and not (n1.isdigit() and 0 < int(n1) <= 10):
                return False
        has_scale = bool(m.group("s1") or m.group("s3") or m.group("bs"))
        money = rule.kind is Kind.MONEY and (surface is None or surface.factor == 1)
        if n1 == _LONE_ONE and n2 is None and not has_scale and not money and not half:
            return False  # 一批, 一次性, 一度, 每一分钱: idioms far more often than counts
        if rule.not_after and text[max(0, start - 4) : start].endswith(rule.not_after):
            return False  # 12时05分 is a time of day
        return True

    def _slogan(self, text: str, end: int) -> bool:
        """A count in Chinese numerals followed by a verb, adverb or numeral
        rather than the noun it counts (三个狠抓, 两个确保, 三个一批) is a slogan."""
        if not self._t.slogan_tags or end >= len(text) or not ("\u4e00" <= text[end] <= "\u9fff"):
            return False
        if text[end] in _SCALE_CHARS:
            rest = text[end : end + 6].lstrip(_SCALE_CHARS)
            if not rest.startswith(("分", "年")):  # 六个百分之百, 两个百年: slogans
                return False  # 两个万亿元台阶, 五个千亩示范区: things sized by an amount
        word, tag = _first_word(text[end : end + 6])
        if tag not in self._t.slogan_tags:
            return False
        # 三个示范工程, 三个老旧小区: a head of works or places right after that word closes the
        # noun counted (not 三个狠抓项目建设, where the head is the verb's object)
        close = end + len(word)
        if not word.endswith(self._t.slogan_heads):  # 老旧小区, 出入口: the word is the noun
            found = next(  # else a head within two characters of it (老 + 旧小区)
                ((k, h) for k in range(close, close + 3) for h in self._t.slogan_heads if text.startswith(h, k)),
                None,
            )
            if found is None or not all(CJK_CHAR.match(c) for c in text[close : found[0]]):
                return True
            close = found[0] + len(found[1])
        after = text[close : close + 1]
        if not after or after in _NOUN_CLOSERS or not CJK_CHAR.match(after):
            return False
        # 五个重大工程建设, 三个老旧小区改造: a work's noun after a modifier (not a verb's object:
        # 三个狠抓项目建设)
        return tag == "v" or not text.startswith(self._t.slogan_works, close)

    def _before(self, text: str, start: int) -> Approx | None:
        if not start:
            return None
        for q in self._t.before_by_last.get(text[start - 1], ()):
            w = q.word
            if start >= len(w) and text.startswith(w, start - len(w)):
                head = text[max(0, start - len(w) - 4) : start - len(w)]
                if not any(head.endswith(x) for x in q.not_after):
                    return q.approx
        return None

    def _inner(self, m: re.Match[str]) -> str | None:
        """The qualifier inside a match: written between the number and its unit (8000余人次),
        or held by its scale word (3个多亿)."""
        inner = m.group("q1") or m.group("q2")
        if inner:
            return inner
        scales = [s for s in (m.group("s1"), m.group("s3")) if s]
        return next((w for s in scales for w in self._t.inside if w in s), None)

    def _approx(self, text: str, start: int, end: int, inner: str | None) -> Approx | None:
        t = self._t
        if inner:
            return t.inside[inner]
        found = self._before(text, start)
        if found is not None:
            return found
        if end < len(text) and text[end] in "(（":
            # 300台(件)以上: one alternative measure word in brackets stands before the qualifier
            word = text[end + 1 : end + 2]
            if text[end + 2 : end + 3] in (")", "）") and "\u4e00" <= word <= "\u9fff" and word not in CN_NUMERAL_CHARS:
                end += 3
        for q in t.after:
            if text.startswith(q.word, end):
                return q.approx
        return None

    def _minus_ok(self, text: str, at: int, sign: str) -> bool:
        """A hyphen is a minus sign unless it joins two numbers or words (1-6月,
        G5-1); 负 only after the words of ``[minus]`` or a non-Chinese character."""
        before = text[at - 1] if at else ""
        if not before:
            return True
        if sign == "-":
            return not (before.isdigit() or (before.isascii() and before.isalpha()) or before in "%)）")
        return not ("\u4e00" <= before <= "\u9fff") or before in self._t.minus_after

    def _money_context(self, text: str, start: int, end: int) -> bool:
        """Whether a money word stands near a bare scale number (资金3000万) in its own clause or
        list item: 收入 of the clause before (收入增长7.9%，71.3万监测对象) says nothing of it."""
        before = _CLAUSE_MARKS.split(text[max(0, start - 12) : start])[-1]
        after = _CLAUSE_MARKS.split(text[end : end + 8], maxsplit=1)[0]
        cues = self._t.cues
        if not any(c in before + "|" + after for c in cues):
            return False
        if after and "\u4e00" <= after[0] <= "\u9fff":
            # a noun right after the number is what it counts (补贴惠及120余万婴幼儿), unless it
            # is a money word itself (XX亿资金缺口)
            first, tag = _first_word(after)
            if tag in _COUNTED_TAGS and not any(c in first for c in cues):
                return after.startswith(self._t.money_levels)
        return True


def _first_word(text: str) -> tuple[str, str]:
    """The first word of jieba's best cut of ``text`` and its tag in jieba's dictionary."""
    from .segment import word_table

    table = word_table()
    first = text[: table.cut_ends(text)[1]]
    return first, table.tag(first, "")


def _start(item: _Found | _Bare, view: _View) -> int:
    """The start of an item in the view's text (quantities hold caller offsets)."""
    if isinstance(item, _Bare):
        return item.start
    if view.index is None:
        return item.q.start
    # Rare: the text had combining marks; find the view offset of the caller offset.
    from bisect import bisect_left

    return bisect_left(view.index, item.q.start)


def _financial(num: str) -> bool:
    """肆佰叁拾萬, 贰仟: only upper-case digits and scale words, two characters or more."""
    if len(num) < 2 or not any(c in FINANCIAL_DIGITS for c in num):
        return False
    return all(c in FINANCIAL_DIGITS or c in "零拾佰仟万亿" for c in num)


def _one_by_one(num: str) -> bool:
    """一一, 九九: Chinese digits written one by one with no 十, 百 or 千 between them, which a
    year is written in but no count or amount of a report (二〇二一 is a time's)."""
    return len(num) >= 2 and all(c in DIGIT_VALUES and c not in FINANCIAL_DIGITS for c in num)


def _adjacent_digits(num: str, scales: dict[str, int]) -> tuple[Decimal, Decimal] | None:
    """两三 is 2-3, 三四十 is 30-40, 七八百 is 700-800: two neighbouring digits read as a range."""
    if len(num) < 2 or num[0] not in DIGIT_VALUES or num[1] not in DIGIT_VALUES:
        return None
    if num[0] in FINANCIAL_DIGITS or num[1] in FINANCIAL_DIGITS:
        return None
    a, b = DIGIT_VALUES[num[0]], DIGIT_VALUES[num[1]]
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


def _ends_with_scale(num: str) -> bool:
    return num[-1] in "万亿" and not num[0].isdigit()


def _inherited_scale(v1: Decimal, n2: str, v2: Decimal, f2: Decimal, scales: dict[str, int]) -> Decimal:
    """The scale of a range's first bound that has none: 两到三万 is 2万-3万,
    一千到两千万 is 1000万-2000万, 五十到一百 is 50-100."""
    if f2 != 1:
        return f2
    if n2[0].isdigit() or n2[0] in "xX":
        return Decimal(1)
    for word, factor in sorted(scales.items(), key=lambda s: -len(s[0])):
        if n2.endswith(word) and len(n2) > len(word) and not word.startswith("个"):
            try:
                mantissa = read_numeral(n2[: -len(word)])
            except NumberError:
                continue
            # 两千万 is 两千 × 万 (not 两 × 千万) when the first bound is 一千.
            if mantissa is not None and mantissa * factor == v2 and v1 <= mantissa:
                return Decimal(factor)
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


@once
def default_matcher() -> QuantityMatcher:
    """The matcher built from the installed rules, built on first use."""
    return QuantityMatcher()


on_forget(extra_rules.cache_clear, default_matcher.cache_clear)


def extract_quantities(norm: Normalized) -> tuple[Quantity, ...]:
    """The quantities of ``norm`` with the default rules."""
    return default_matcher().extract(norm)
