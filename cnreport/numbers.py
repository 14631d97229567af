"""Numerals: Arabic, full-width, Chinese (through cn2an), with scale words, or masked.

>>> parse_number("六十一点五二亿").value
Decimal('6152000000')
>>> parse_number("两千零二十").value
Decimal('2020')
>>> parse_number("1.2万").value
Decimal('12000')
>>> parse_number("２．５").value
Decimal('2.5')
>>> parse_number("xx.xx")
Number(text='xx.xx', value=None, masked=True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

import cn2an

from .loader import quantity_rules
from .normalize import normalize

__all__ = [
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "DIGIT_VALUES",
    "Number",
    "NumberError",
    "parse_number",
    "read_numeral",
    "tidy",
]

# Characters that are a Chinese digit (as opposed to a scale word or 点).
CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
# The value of each lower-case digit, also when written one by one (二〇二〇, 二○二○).
DIGIT_VALUES = {"零": 0, "〇": 0, "○": 0, "两": 2} | {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
CN_NUMERAL_CHARS = CN_DIGITS + "十拾百佰千仟万亿点"
_TEN = "十拾"
# The longest numeral read: an2cn writes 9999999999999999 in 31 characters.
_MAX_LEN = 64

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
_MASKED = re.compile(r"[xX]+(?:\.[xX]+)?")
_CHINESE = re.compile(f"[{CN_NUMERAL_CHARS}]+")


class NumberError(ValueError):
    """The string is not a numeral; the message quotes it."""


@dataclass(frozen=True, slots=True)
class Number:
    """A numeral read from text: ``value`` is None when the digits are masked."""

    text: str
    value: Decimal | None
    masked: bool = False


@cache
def _scales() -> tuple[tuple[str, int], ...]:
    return tuple(sorted(quantity_rules().scales, key=lambda s: -len(s[0])))


def tidy(value: Decimal) -> Decimal:
    """``Decimal('6152000000.00')`` as ``Decimal('6152000000')``, ``2.50`` as ``2.5``."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _cn2an(text: str) -> Decimal:
    try:
        out = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        raise NumberError(f"not a numeral: {text!r}") from None
    return Decimal(str(out))


def _chinese(text: str) -> Decimal:
    if not any(c in CN_DIGITS for c in text):
        # a bare scale word: 十 is 10, 百 is 100, 千亩 is a thousand mu.
        if text[0] in _TEN and len(text) == 1:
            return Decimal(10)
        factor = dict(_scales()).get(text)
        if factor is not None:
            return Decimal(factor)
        if text[0] in _TEN:
            return _cn2an(text)
        raise NumberError(f"not a numeral: {text!r}")
    try:
        return _cn2an(text)
    except NumberError:
        pass
    # 六十一点五二亿: cn2an does not take a decimal before a scale word.
    for word, factor in _scales():
        if text.endswith(word) and len(text) > len(word):
            return _chinese(text[: -len(word)]) * factor
    raise NumberError(f"not a numeral: {text!r}")


def read_numeral(text: str) -> Decimal | None:
    """The value of a normalised numeral without scale suffix; None when masked.

    Raises NumberError when ``text`` is not a numeral.
    """
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


def parse_number(text: str) -> Number:
    """Read a whole numeral string, scale words applied.

    Arabic (``1.2万``, ``82,225.00``), full-width (``６１．５２``), Chinese
    (``六十一点五二亿``, ``两千零二十``, upper-case ``贰仟零贰拾``, traditional
    ``兩萬``) and masked (``xx.xx``, ``XX万``: ``value`` None, ``masked`` True).
    Raises ``NumberError`` (a ``ValueError``) quoting ``text`` when it is not a
    numeral, and ``TypeError`` when it is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_number needs a str, got {type(text).__name__}")
    if len(text) > _MAX_LEN:
        raise NumberError(f"not a numeral (longer than {_MAX_LEN} characters): {text[:20]!r}...")
    norm = normalize(text).text.strip()
    if not norm:
        raise NumberError(f"not a numeral: {text!r}")
    if not _CHINESE.fullmatch(norm):
        for word, factor in _scales():
            if norm.endswith(word) and len(norm) > len(word):
                head = norm[: -len(word)]
                if not _CHINESE.fullmatch(head) or word == "个亿":
                    try:
                        value = read_numeral(head)
                    except NumberError:
                        raise NumberError(f"not a numeral: {text!r}") from None
                    return Number(text, None if value is None else tidy(value * factor), value is None)
    try:
        value = read_numeral(norm)
    except NumberError:
        raise NumberError(f"not a numeral: {text!r}") from None
    return Number(text, None if value is None else tidy(value), value is None)
