r"""Line breaks that only wrap a paragraph, as text taken out of a PDF has them.

A PDF-to-text tool breaks every line at the page's width, in the middle of a
sentence and of a name (``…推进潴龙\n河大桥重建…``).  Read as it stands, each such
break ends a clause and cuts the name in two.  :func:`soft_breaks` finds the breaks
that wrap: in a text whose lines mostly run to one width and stop between two
characters of a word, each break after a line of about that width that does not end
a sentence.  A text written one paragraph to a line (a web page, a document saved as
text) has none: its lines have no common width, and a line that stops short of it
(a heading, a paragraph's last line) keeps its break.

:class:`Joined` is the text with those breaks (and the spaces around them) taken
out, with the map of each of its characters back to the caller's text, so that a
layer can read the joined text and still report offsets into the original.

>>> text = ("今年以来新建改建农村公路120公里，潴龙\n河大桥重建项目加快推进，恒远化工有限公司\n"
...         "年产5万吨硫酸项目竣工投产，完成城区雨污\n分流改造工程。")
>>> soft_breaks(text)
[(20, 21), (41, 42), (62, 63)]
>>> j = Joined.of(text)
>>> j.text[18:42]
'潴龙河大桥重建项目加快推进，恒远化工有限公司年产'
>>> j.span(18, 27), text[18:28]
((18, 28), '潴龙\n河大桥重建项目')
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, fields, is_dataclass, replace
from statistics import median
from typing import Any, TypeVar

__all__ = ["Joined", "soft_breaks"]

T = TypeVar("T")
# the span fields of the records (an entity, a section's heading) and the field that holds
# the span's string
_SPANS = (("start", "end", "text"), ("heading_start", "heading_end", ""))

_SPACE = " \t\u3000\u00a0"
_SPACE_CR = _SPACE + "\r"
_ENDS = frozenset("。！？；：!?;:")  # what ends a sentence (or opens a list: 主要有：)
_CLOSE = frozenset("”’」』）)】》")  # a quote or bracket closed after a sentence's end
# what prints at half the width of a Chinese character: Latin, digits and their marks, the
# half-width forms
_HALF = re.compile("[\u0000-\u10ff\uff61-\uffdc\uffe8-\uffee]")
_MIN_LINES = 3  # wrapped lines a text needs before its breaks are read as wraps
_MIN_WIDTH = 16.0  # the narrowest wrap width taken for one (a column of a PDF page)
_SLACK = 2.0  # how far short of the width a wrapped line may stop, in full-width characters
_SHARE = 0.5  # the share of the candidate lines that must lie within the slack of the width
_OVER = 0.1  # the share of the lines of about the width or wider that may run past it


def _inside_word(text: str, end: int, nxt: int) -> bool:
    """Whether a line that ends at ``end`` and one that starts at ``nxt`` may be one word
    or number cut in two: a Chinese character, a letter or a digit on both sides, or a
    decimal point and a digit (3. | 2亿元).  Such breaks tell the width a text wraps at."""
    last, first = text[end - 1], text[nxt]
    if last.isalnum():
        return first.isalnum()
    return last == "." and first.isdigit() and end > 1 and text[end - 2].isdigit()


def _ends_sentence(text: str, end: int) -> bool:
    """Whether the line that ends at ``end`` ends a sentence (。 or 。” ...): a paragraph that
    happens to fill its last line keeps its break."""
    last = text[end - 1]
    if last in _CLOSE and end > 1:
        last = text[end - 2]
    return last in _ENDS


def soft_breaks(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` ranges of ``text`` that only wrap a line: each a line break
    (``\\n`` or ``\\r\\n``) with the spaces that end the line before it and open the line
    after it.  Empty unless the text is wrapped (see the module's docstring)."""
    if not isinstance(text, str):
        raise TypeError(f"soft_breaks needs a str, got {type(text).__name__}")
    if text.count("\n") < _MIN_LINES:
        return []
    # every line's content, and the breaks between two lines: (line, start, end) of each
    # break inside a word, and of each other break inside a sentence (arrays: a long text
    # has a hundred thousand lines)
    firsts, ends = array("q"), array("q")
    inside, other = array("q"), array("q")
    start = 0
    n = len(text)
    while True:
        nl = text.find("\n", start)
        if nl < 0:
            break
        end = nl
        while end > start and text[end - 1] in _SPACE_CR:
            end -= 1
        nxt = nl + 1
        while nxt < n and text[nxt] in _SPACE:
            nxt += 1
        first = start
        while first < end and text[first] in _SPACE:
            first += 1
        firsts.append(first)
        ends.append(end)
        if end > start and nxt < n and text[nxt] not in "\r\n":
            if _inside_word(text, end, nxt):
                inside.extend((len(ends) - 1, end, nxt))
            elif not _ends_sentence(text, end):
                other.extend((len(ends) - 1, end, nxt))
        start = nl + 1
    last = n
    while last > start and text[last - 1] in _SPACE_CR:
        last -= 1
    firsts.append(start)  # the line after the last break
    ends.append(last)
    if len(inside) < 3 * _MIN_LINES:
        return []
    # each line's length and printed width
    measures = (
        array("d", (b - a for a, b in zip(firsts, ends, strict=True))),
        array("d", (b - a - 0.5 * len(_HALF.findall(text, a, b)) for a, b in zip(firsts, ends, strict=True))),
    )
    # a PDF wraps at a printed width, a plain-text tool at a number of characters: the measure
    # the lines agree on better is the one; and few lines run past the width (headings of
    # one length do not make a text wrapped: its paragraphs run on far past them)
    best: tuple[float, array[float], float] | None = None
    for m in measures[::-1]:
        found = [m[i] for i in inside[::3]]
        width = median(found)
        share = sum(abs(f - width) <= _SLACK for f in found) / len(found)
        if width >= _MIN_WIDTH and share >= _SHARE and (best is None or share > best[0]):
            best = (share, m, width)
    if best is None:
        return []
    _share, m, width = best
    low = width - _SLACK
    wide = sum(x >= low for x in m)
    if sum(x > width + _SLACK for x in m) > _OVER * wide:
        return []
    # a line of about the width breaks inside its sentence: after a word's character, a mark
    # (，| 、| “) or before one (3 | %); and the line after it runs on to the width too, or
    # ends the sentence (a short line that ends no sentence is a heading or a field of its
    # own: 来源：某某日报)
    cuts = []
    for breaks in (inside, other):
        for j in range(0, len(breaks), 3):
            i, a, b = breaks[j : j + 3]
            if m[i] < low:
                continue
            e = ends[i + 1]
            if m[i + 1] >= low or (e > firsts[i + 1] and (_ends_sentence(text, e) or text[e - 1] in "，、,")):
                cuts.append((a, b))
    return sorted(cuts)


@dataclass(frozen=True, slots=True)
class Joined:
    """A text with its soft line breaks taken out.

    ``text`` is the joined text; ``cuts`` the ``(start, end)`` ranges of the original taken
    out (:func:`soft_breaks`), empty when the text is not wrapped and ``text`` is the
    original.  ``span`` maps the joined text's offsets back to the original's."""

    text: str
    cuts: tuple[tuple[int, int], ...] = ()
    # where each cut stands in the joined text, and how many characters the cuts up to
    # each one took out (``_removed[0]`` is 0)
    _at: tuple[int, ...] = ()
    _removed: tuple[int, ...] = (0,)

    @classmethod
    def of(cls, original: str) -> Joined:
        """``original`` joined over its :func:`soft_breaks`."""
        cuts = tuple(soft_breaks(original))
        if not cuts:
            return cls(original)
        at: list[int] = []
        removed = [0]
        for a, b in cuts:
            at.append(a - removed[-1])
            removed.append(removed[-1] + b - a)
        return cls(_without(original, cuts), cuts, tuple(at), tuple(removed))

    @property
    def wrapped(self) -> bool:
        """Whether any break was taken out."""
        return bool(self.cuts)

    def cut(self, s: str) -> str:
        """``s``, a string of the original's length (its normalised form), with the same
        ranges taken out: the joined form of a copy that keeps every offset."""
        return _without(s, self.cuts) if self.cuts else s

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original's ``(start, end)`` of the joined text's ``[start, end)``: it holds the
        breaks that fall inside, never those around it."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span needs 0 <= start <= end <= {len(self.text)}, got ({start}, {end})")
        a = self._original(start)
        return (a, a) if end == start else (a, self._original(end - 1) + 1)

    def restore(self, item: T, original: str) -> T:
        """``item`` of the joined text (a record with ``start`` and ``end``, such as an entity,
        a tuple of them, or a record holding them) with every span moved to ``original`` and
        each span's ``text`` read there; a name (``name``, ``heading``) stays joined."""
        return self._restore(item, original) if self.cuts else item

    def _restore(self, item: Any, original: str) -> Any:
        if isinstance(item, tuple):
            return tuple(self._restore(x, original) for x in item)
        if not is_dataclass(item) or isinstance(item, type):
            return item
        changes: dict[str, Any] = {}
        names = set()
        for f in fields(item):
            names.add(f.name)
            value = getattr(item, f.name)
            if isinstance(value, tuple) or (is_dataclass(value) and not isinstance(value, type)):
                changes[f.name] = self._restore(value, original)
        for start, end, text in _SPANS:
            if start in names:
                a, b = self.span(getattr(item, start), getattr(item, end))
                changes[start], changes[end] = a, b
                if text in names:
                    changes[text] = original[a:b]
        return replace(item, **changes) if changes else item

    def _original(self, i: int) -> int:
        """The original's offset of the joined text's character ``i``."""
        return i + self._removed[bisect_right(self._at, i)]


def _without(s: str, cuts: tuple[tuple[int, int], ...]) -> str:
    """``s`` with the ranges ``cuts`` (in order, apart) taken out."""
    parts = []
    at = 0
    for a, b in cuts:
        parts.append(s[at:a])
        at = b
    parts.append(s[at:])
    return "".join(parts)
