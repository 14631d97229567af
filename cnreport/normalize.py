"""Text normalisation that keeps every offset.

Rules match on a normalised copy of the text: full-width letters, digits and
punctuation become ASCII (as do the ratio colon ``∶``, the minus sign ``−``
and the yen sign ``￥``), no-break and ideographic spaces become spaces,
traditional characters become simplified ones, ``。``/``．`` used as a
decimal point by broken converters (``2。87億元``) becomes ``.``, a decimal
point that a PDF export spaced off its number (``1 . 57万家``) closes up, the
freed places written as trailing zeros of the fraction (``1.5700万家``: the
same value), and the line
breaks of text copied out of a CSV or JSON cell, written as the characters
``\\n`` or ``\\r\\n``, become spaces and a newline when they outnumber real
newlines (a year right after an escaped break is read as after a real one).

Every step maps one character to exactly one character, so the normalised
text has the length of the original and an offset in one is the same offset
in the other: ``Normalized.to_original`` is the identity, kept as the single
place to change should a future step need a real map.

>>> n = normalize("６１．５２億元")
>>> n.text
'61.52亿元'
>>> n.original[n.to_original(0):n.to_original(9)]
'６１．５２億元'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lazy import once

__all__ = ["ESCAPED_BREAK", "Normalized", "escaped_breaks", "normalize", "to_simplified_char"]

# U+FF01..U+FF5E are the full-width forms of U+0021..U+007E.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2007: 0x20, 0x202F: 0x20})
# The ratio colon (4.0∶37.7), the minus sign and the small hyphen (−12%), the
# wave dash (6〜8家) and the full-width yen sign (￥5600) in their ASCII forms.
_WIDTH.update({0x2236: ord(":"), 0x2212: ord("-"), 0xFE63: ord("-"), 0x301C: ord("~"), 0xFFE5: 0xA5})
# ``。`` or ``．`` between digits, followed by more digits and a scale word,
# currency or percent sign: a decimal point written by a broken converter.
_AFTER_NUMBER = "(?:[万亿千百元%％]|[萬億])"  # a scale word, currency or percent sign
_DECIMAL_STOP = re.compile(rf"(?<=\d)[。．](?=\d{{1,12}}\s?{_AFTER_NUMBER})")
# A decimal point with spaces before it (and maybe after it), as PDF exports leave them, in a
# number followed by a scale word, currency or percent sign (1 . 57万家, 2 . 26 万人). A point
# with a space after it only is left alone: 增长3. 2万户 may be a sentence's end in text written
# with ASCII marks.
_SPACES = " \u3000\u00a0"
_SPACED_POINT = re.compile(
    rf"(?<![\d.．])(\d{{1,12}})([{_SPACES}]+)([.．])([{_SPACES}]*)(\d{{1,12}})(?=[{_SPACES}]?{_AFTER_NUMBER})"
)
# A line break written as the characters \\n or \\r\\n (text copied out of a CSV or JSON cell).
ESCAPED_BREAK = re.compile(r"(?:\\r)?\\n")


def _closed_point(m: re.Match[str]) -> str:
    """``1 . 57`` as ``1.5700``: the digits closed up around the point, one trailing zero for each
    space taken out, so that the number keeps its value and its length; not where a point comes
    before it too (2 . 3 . 5万元 is no number)."""
    before = m.string[max(0, m.start() - 8) : m.start()].rstrip(_SPACES)  # a few places back
    if before.endswith((".", "．")):
        return m[0]
    return f"{m[1]}.{m[5]}{'0' * (len(m[2]) + len(m[4]))}"


def escaped_breaks(text: str) -> bool:
    """Whether ``text`` breaks its lines with escaped breaks: they outnumber real newlines."""
    return text.count("\\n") > text.count("\n")


def _real_breaks(text: str) -> str:
    """Escaped line breaks as spaces and a newline, when ``text`` breaks its lines with them."""
    if not escaped_breaks(text):
        return text
    return ESCAPED_BREAK.sub(lambda m: " " * (m.end() - m.start() - 1) + "\n", text)


@once
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def to_simplified_char(char: str) -> str:
    """The simplified form of one character, or the character itself."""
    out = _converter().convert(char)  # type: ignore[attr-defined]
    return out if len(out) == 1 else char


def _needs_conversion(cp: int) -> bool:
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF


@dataclass(frozen=True, slots=True)
class Normalized:
    """The caller's text and its normalised copy of the same length."""

    original: str
    text: str

    def to_original(self, offset: int) -> int:
        """The offset in ``original`` of an offset in ``text``."""
        return offset


def normalize(text: str) -> Normalized:
    """Normalise ``text`` one character for one character."""
    out = _SPACED_POINT.sub(_closed_point, _DECIMAL_STOP.sub(".", _real_breaks(text)))
    table: dict[int, int | str] = dict(_WIDTH)
    for char in set(out):
        cp = ord(char)
        if _needs_conversion(cp):
            simple = to_simplified_char(char)
            if simple != char:
                table[cp] = simple
    out = out.translate(table)
    assert len(out) == len(text)
    return Normalized(text, out)
