"""Numerals: Arabic, full-width, Chinese (through cn2an), with scale words, or masked.

>>> parse_number("六十一点五二亿").value
Decimal('6152000000')
>>> parse_number("两千零二十").value
Decimal('2020')
>>> parse_number("1.2万").value
Decimal('12000')
>>> parse_number("２．５").value
Decimal('2.5')
>>> parse_number("肆佰叁拾萬").value
Decimal('4300000')
>>> parse_number("负3.9").value
Decimal('-3.9')
>>> parse_number("两个半").value
Decimal('2.5')
>>> parse_number("百亿").value
Decimal('10000000000')
>>> parse_number("xx.xx")
Number(text='xx.xx', value=None, masked=True)

Every computation runs in a private :mod:`decimal` context (:func:`exact`), so
the caller's precision, rounding and traps never change a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from functools import lru_cache

from .lazy import once
from .loader import on_forget, quantity_rules, tolerate_packs
from .normalize import normalize

__all__ = [
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "DIGIT_VALUES",
    "FINANCIAL_DIGITS",
    "MAGNITUDE_CHARS",
    "Number",
    "NumberError",
    "divide",
    "exact",
    "magnitude",
    "parse_number",
    "read_numeral",
    "strip_marks",
    "tidy",
]

# Characters that are a Chinese digit (as opposed to a scale word or 点).
CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
# The upper-case digits of contracts and invoices (大写数字).
FINANCIAL_DIGITS = "壹贰叁肆伍陆柒捌玖"
# The value of each digit, also when written one by one (二〇二〇, 二○二○).
DIGIT_VALUES = (
    {"零": 0, "〇": 0, "○": 0, "两": 2}
    | {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
    | {c: i for i, c in enumerate(FINANCIAL_DIGITS, start=1)}
)
CN_NUMERAL_CHARS = CN_DIGITS + "十拾百佰千仟万亿点"
# Characters that are a power of ten on their own; a run of them in rising
# order is a magnitude word (百亿, 千万, 万亿).
MAGNITUDE_CHARS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4, "亿": 10**8}
_TEN = "十拾"
# The longest numeral read: an2cn writes 9999999999999999 in 31 characters.
_MAX_LEN = 64

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
_MASKED = re.compile(r"[xX]+(?:\.[xX]+)?")
_CHINESE = re.compile(f"[{CN_NUMERAL_CHARS}]+")
_SIGN = re.compile(r"^(?:负|-|\+|正)")
_HALF = re.compile(r"(?:个)?半$")

# Combining marks, variation selectors and invisible format characters: they
# carry no digit, and a number with one inside is read as if it were absent.
MARKS = (
    "\u00ad\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u20d0-\u20ff\u302a-\u302f\u3099\u309a\ufe00-\ufe0f\ufe20-\ufe2f\ufeff"
    "\U000e0100-\U000e01ef"
)
_MARK_RE = re.compile(f"[{MARKS}]")

# Exact for every numeral this module reads (64 characters at most, times a
# scale of 10**16): a hundred digits leave room to spare.
_EXACT = Context(prec=100, rounding=ROUND_HALF_EVEN, Emax=999999, Emin=-999999, traps=[InvalidOperation, Overflow])
# Quotients (ratios, fractions) are rounded to 15 significant digits, which a
# float (and so JSON) carries unchanged: to_dict/from_dict keep the value.
_QUOTIENT = Context(prec=15, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, Overflow, DivisionByZero])


# Set while a block runs in the library's context, so that the helpers below
# do not enter it again for every number (entering copies the context).
_INSIDE: ContextVar[bool] = ContextVar("cnreport_exact", default=False)


@contextmanager
def exact() -> Iterator[None]:
    """Run the block in the library's own decimal context, whatever the caller's."""
    if _INSIDE.get():
        yield
        return
    token = _INSIDE.set(True)
    try:
        with localcontext(_EXACT):
            yield
    finally:
        _INSIDE.reset(token)


def divide(a: Decimal, b: Decimal) -> Decimal:
    """``a / b`` to 15 significant digits, in the library's own context."""
    with localcontext(_QUOTIENT):
        return tidy(a / b)


def strip_marks(text: str) -> str:
    """``text`` without combining marks and invisible format characters."""
    return _MARK_RE.sub("", text)


class NumberError(ValueError):
    """The string is not a numeral; the message quotes it."""


@dataclass(frozen=True, slots=True)
class Number:
    """A numeral read from text: ``value`` is None when the digits are masked."""

    text: str
    value: Decimal | None
    masked: bool = False


@once
def _scales() -> tuple[tuple[str, int], ...]:
    return tuple(sorted(quantity_rules().scales, key=lambda s: -len(s[0])))


on_forget(_scales.cache_clear)


def tidy(value: Decimal) -> Decimal:
    """``Decimal('6152000000.00')`` as ``Decimal('6152000000')``, ``2.50`` as ``2.5``."""
    if not _INSIDE.get():
        with exact():
            return _tidy(value)
    return _tidy(value)


def _tidy(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def magnitude(text: str) -> int | None:
    """The value of a bare magnitude word, else None: one scale character
    (百, 千, 万, 亿) or two in rising order ending in 万 or 亿 (十万, 千万, 百亿,
    万亿).  Runs like 百千万 or 亿万 are slogans or vague, not magnitudes.

    >>> magnitude("千万"), magnitude("万亿"), magnitude("亿万"), magnitude("百千万")
    (10000000, 1000000000000, None, None)
    """
    if len(text) == 1:
        return MAGNITUDE_CHARS.get(text)
    if len(text) != 2 or text[1] not in "万亿":
        return None
    a, b = MAGNITUDE_CHARS.get(text[0]), MAGNITUDE_CHARS[text[1]]
    return a * b if a is not None and a < b else None


def _cn2an(text: str) -> Decimal:
    import cn2an  # imported on first use: it takes about 0.4 s, and most numbers never need it

    try:
        out = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        raise NumberError(f"not a numeral: {text!r}") from None
    return Decimal(str(out))


@lru_cache(maxsize=4096)
def _chinese(text: str) -> Decimal:
    """The value of a Chinese numeral (cached: reports repeat the same few)."""
    if not any(c in CN_DIGITS for c in text):
        # a bare scale word: 十 is 10, 百 is 100, 千亩 is a thousand mu, 百亿 ten billion.
        if text[0] in _TEN and len(text) == 1:
            return Decimal(10)
        factor = dict(_scales()).get(text) or magnitude(text)
        if factor is not None:
            return Decimal(factor)
        if text[0] in _TEN:
            return _cn2an(text)
        raise NumberError(f"not a numeral: {text!r}")
    if text.count("点") == 1 and not text.endswith("点"):
        whole, frac = text.split("点")
        if all(c in DIGIT_VALUES for c in frac):
            # 六十一点五二: the digits after 点 one by one, exactly (cn2an goes through float).
            head = Decimal(0) if whole in ("", "零", "〇") else _chinese(whole)
            return head + Decimal("0." + "".join(str(DIGIT_VALUES[c]) for c in frac))
    try:
        return _cn2an(text)
    except NumberError:
        pass
    # 六十一点五二亿: cn2an does not take a decimal before a scale word.
    for word, factor in _scales():
        if factor >= 10_000 and text.endswith(word) and len(text) > len(word):
            return _chinese(text[: -len(word)]) * factor
    # 一亿八千四百, 三亿一千: sections of 亿 and 万 written without the 零 cn2an asks for
    for sep, factor in (("亿", 10**8), ("万", 10**4)):
        left, found, right = text.rpartition(sep)
        if found and left:
            return _chinese(left) * factor + (_chinese(right) if right else Decimal(0))
    raise NumberError(f"not a numeral: {text!r}")


def read_numeral(text: str) -> Decimal | None:
    """The value of a normalised numeral without scale suffix; None when masked.

    Raises NumberError when ``text`` is not a numeral.
    """
    if not _INSIDE.get():
        with exact():
            return _read_numeral(text)
    return _read_numeral(text)


def _read_numeral(text: str) -> Decimal | None:
    if _ARABIC.fullmatch(text):
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise NumberError(f"not a numeral: {text!r}") from None
    if _MASKED.fullmatch(text):
        return None
    if _CHINESE.fullmatch(text):
        return _chinese(text)
    raise NumberError(f"not a numeral: {text!r}")


def _unsigned(norm: str, text: str) -> Decimal | None:
    if not _CHINESE.fullmatch(norm):
        for word, factor in _scales():
            if norm.endswith(word) and len(norm) > len(word):
                head = norm[: -len(word)]
                if not _CHINESE.fullmatch(head) or word == "个亿":
                    try:
                        value = read_numeral(head)
                    except NumberError:
                        raise NumberError(f"not a numeral: {text!r}") from None
                    return None if value is None else value * factor
    try:
        return read_numeral(norm)
    except NumberError:
        raise NumberError(f"not a numeral: {text!r}") from None


on_forget(_chinese.cache_clear)


@tolerate_packs
def parse_number(text: str) -> Number:
    """Read a whole numeral string, scale words applied.

    Arabic (``1.2万``, ``82,225.00``), full-width (``６１．５２``), Chinese
    (``六十一点五二亿``, ``两千零二十``, upper-case ``贰仟零贰拾``, traditional
    ``兩萬``, magnitude words ``百亿``), signed (``负3.9``, ``-22.2``), with a
    half (``两个半``, ``十五半``) and masked (``xx.xx``, ``XX万``: ``value``
    None, ``masked`` True).  Combining marks and invisible characters inside
    the numeral are ignored.  Raises ``NumberError`` (a ``ValueError``)
    quoting ``text`` when it is not a numeral, and ``TypeError`` when it is
    not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_number needs a str, got {type(text).__name__}")
    if len(text) > _MAX_LEN:
        raise NumberError(f"not a numeral (longer than {_MAX_LEN} characters): {text[:20]!r}...")
    norm = strip_marks(normalize(text).text).strip().replace(" ", "")
    with exact():
        negative = False
        sign = _SIGN.match(norm)
        if sign and len(norm) > len(sign.group()):
            negative = sign.group() in ("负", "-")
            norm = norm[sign.end() :]
        half = Decimal(0)
        h = _HALF.search(norm)
        if norm == "半":
            norm, half = "零", Decimal("0.5")
        elif h and h.start() > 0:
            head = norm[: h.start()]
            if head.isdigit() or all(c in CN_NUMERAL_CHARS and c != "点" for c in head):
                norm, half = head, Decimal("0.5")
        if not norm:
            raise NumberError(f"not a numeral: {text!r}")
        value = _unsigned(norm, text)
        if value is None:
            return Number(text, None, True)
        value += half
        return Number(text, tidy(-value if negative else value), False)
