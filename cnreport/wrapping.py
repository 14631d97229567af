r"""Line breaks that only wrap a paragraph, as text taken out of a PDF has them.

A PDF-to-text tool breaks every line at the page's width, in the middle of a
sentence and of a name (``…推进潴龙\n河大桥重建…``).  Read as it stands, each such
break ends a clause and cuts the name in two.  :func:`soft_breaks` finds the breaks
that wrap.  A text is wrapped when five lines or more stop inside a word (a Chinese
character, a letter or a digit on both sides of the break) at about the width their
middle one has (in characters, or in printed width where a half-width character takes
half, as a PDF wraps), most of those carry the marks of running prose (，、；。), and few
lines of the text run past that width.  Then a break after a line of about that width is
a wrap, unless the line ends a sentence (。, ：), the next line opens a list item or a
heading (2. | 二是 | （三）), or the next line is short and ends no sentence (a heading, a
field such as 来源：某某日报).

A text written one paragraph to a line (a web page, a document saved as text) has
none: its lines have no common width.  Nor has a list, a table or a page's links:
their lines stop without the marks of prose, or open items.

Such a tool also spaces out the characters of a justified or spaced-out line
(``政 府 工 作 报 告``): :func:`letter_spaces` finds the one space between each two characters
of a stretch of five or more that stand alone, most of them Chinese.  Some editors and
typesetters put a space wherever Chinese meets a number or a Latin word (``完成 12.5 亿元``):
:func:`typeset_spaces` finds those spaces in a text whose prose puts one at most such places.
The wraps of a letter-spaced text are found on the text without its spaces.

:class:`Joined` is the text with those breaks (and the spaces around them) and spaces taken
out, with the map of each of its characters back to the caller's text; :func:`read`
runs a layer on the joined text and moves what it finds back to the caller's text.

>>> text = ("今年以来新建改建农村公路120公里，潴\n龙河大桥重建项目加快推进，恒远化工有限\n"
...         "公司年产5万吨硫酸项目竣工投产，完成城\n区雨污分流改造工程，实施老旧小区改造工\n"
...         "程18个，新建口袋公园6个，金穗粮油完\n成技术改造，引进瑞丰门窗、青禾食品等企\n业12家。")
>>> soft_breaks(text)
[(19, 20), (39, 40), (59, 60), (79, 80), (99, 100), (119, 120)]
>>> j = Joined.of(text)
>>> j.text[18:42]
'潴龙河大桥重建项目加快推进，恒远化工有限公司年产'
>>> j.span(18, 27), text[18:28]
((18, 28), '潴\n龙河大桥重建项目')
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, is_dataclass, replace
from statistics import median
from typing import Any, TypeVar

from .chars import CJK, CJK_CHAR
from .normalize import Normalized
from .types import SPAN_FIELDS

__all__ = ["Joined", "letter_spaces", "read", "soft_breaks", "typeset_spaces"]

T = TypeVar("T")

_SPACE = " \t\u3000\u00a0"
_SPACE_CR = _SPACE + "\r"
_ENDS = frozenset("。！？；：!?;:")  # what ends a sentence (or opens a list: 主要有：)
_CLOSE = frozenset("”’」』）)】》")  # a quote or bracket closed after a sentence's end
_PROSE = re.compile("[，、；。,;]")  # the marks running prose carries on every line or so
# what prints at half the width of a Chinese character: Latin, digits and their marks, the
# half-width forms
_HALF = re.compile("[\u0000-\u10ff\uff61-\uffdc\uffe8-\uffee]")
_MIN_LINES = 5  # lines stopping inside a word at the width that a wrapped text shows
_MIN_WIDTH = 16.0  # the narrowest wrap width taken for one (a column of a PDF page)
_SLACK = 2.0  # how far short of the width a wrapped line may stop, in full-width characters
_OVER = 0.1  # the share of the lines of about the width or wider that may run past it
_CUT = 0.25  # the share of the lines stopping inside a word at the width that cut a word in two


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


def _line(text: str, start: int) -> tuple[int, int, int]:
    """``(first, end, next)`` of the line that starts at ``start``: its content without the
    spaces around it, and where the next line starts (``len(text) + 1`` after the last)."""
    nl = text.find("\n", start)
    if nl < 0:
        nl = len(text)
    end = nl
    while end > start and text[end - 1] in _SPACE_CR:
        end -= 1
    first = start
    while first < end and text[first] in _SPACE:
        first += 1
    return first, end, nl + 1


def _measures(text: str, a: int, b: int) -> tuple[float, float]:
    """The length of ``text[a:b]`` and its printed width in full-width characters."""
    return float(b - a), b - a - 0.5 * len(_HALF.findall(text, a, b))


def soft_breaks(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` ranges of ``text`` that only wrap a line: each a line break
    (``\\n`` or ``\\r\\n``) with the spaces that end the line before it and open the line
    after it.  Empty unless the text is wrapped (see the module's docstring)."""
    if not isinstance(text, str):
        raise TypeError(f"soft_breaks needs a str, got {type(text).__name__}")
    if text.count("\n") < _MIN_LINES:
        return []
    n = len(text)
    shortest = _MIN_WIDTH - _SLACK  # no line narrower than this can be a wrapped one
    # The breaks after lines that could be wrapped ones, in flat arrays (a long text has a
    # hundred thousand lines): the line's first character, the break's start and end, and
    # whether the line stops inside a word (1) or elsewhere in a sentence (0)
    firsts, starts, ends, inside = array("q"), array("q"), array("q"), array("b")
    start = 0
    while start <= n:
        first, end, nxt = _line(text, start)
        if nxt > n:
            break
        after = nxt
        while after < n and text[after] in _SPACE:
            after += 1
        if end - first >= shortest and after < n and text[after] not in "\r\n" and not _item(text, after):
            word = _inside_word(text, end, after)
            if word or not _ends_sentence(text, end):
                firsts.append(first)
                starts.append(end)
                ends.append(after)
                inside.append(word)
        start = nxt
    words = [i for i, w in enumerate(inside) if w]
    if len(words) < _MIN_LINES:
        return []
    # a PDF wraps at a printed width, a plain-text tool at a number of characters: the measure
    # the lines stopping inside a word agree on better is the one
    per_line = [_measures(text, firsts[i], starts[i]) for i in words]
    best: tuple[float, int, float] | None = None
    for k in (1, 0):
        width = median(m[k] for m in per_line)
        share = sum(abs(m[k] - width) <= _SLACK for m in per_line) / len(per_line)
        if width >= _MIN_WIDTH and (best is None or share > best[0]):
            best = (share, k, width)
    if best is None:
        return []
    _share, k, width = best
    low = width - _SLACK
    # running prose: most of those lines carry a mark of it (a list, a table, a page's links
    # do not)
    at_width = [i for i, m in zip(words, per_line, strict=True) if m[k] >= low]
    if len(at_width) < _MIN_LINES or 2 * sum(bool(_PROSE.search(text, firsts[i], starts[i])) for i in at_width) < len(
        at_width
    ):
        return []
    # a wrap falls anywhere, so about half of those breaks cut a word of the dictionary in two
    # (潴龙|河, 有限|公司); the lines of a list, a poem or a page's headlines end where words do
    cut = [_cuts_word(text, firsts[i], starts[i], ends[i]) for i in at_width]
    if sum(cut) < max(2, _CUT * len(at_width)):
        return []
    # few lines run past the width: headings of one length do not make a text wrapped when
    # its paragraphs run on far past them
    wide = over = 0
    start = 0
    while start <= n:
        first, end, nxt = _line(text, start)
        if end - first >= low:
            m = _measures(text, first, end)[k]
            wide += m >= low
            over += m > width + _SLACK
        start = nxt
    if over > _OVER * wide:
        return []
    # a line of about the width breaks inside its sentence; the line after it runs on to the
    # width too, or ends the sentence (a short line that ends no sentence is a heading or a
    # field of its own: 来源：某某日报)
    cuts: list[tuple[int, int]] = []
    for i in range(len(starts)):
        if _measures(text, firsts[i], starts[i])[k] < low:
            continue
        first, end, _nxt = _line(text, ends[i])
        if end > first and (
            _measures(text, first, end)[k] >= low or _ends_sentence(text, end) or text[end - 1] in "，、,"
        ):
            cuts.append((starts[i], ends[i]))
    return cuts


# A letter-spaced stretch: five characters or more that stand alone, each but the last
# followed by one space (a PDF-to-text tool spaces out the characters of a justified or a
# spaced-out line: 政 府 工 作 报 告); most of them Chinese, so that letters or numbers written
# with spaces (A B C, 1 2 3) stay as they are
_LETTER_SPACED = re.compile(r"(?<!\S)\S(?: \S){4,}(?!\S)")


def letter_spaces(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` ranges of ``text`` that only space out its characters: the one space
    between each two characters of a stretch of five or more that stand alone, written one
    character, one space, most of them Chinese (``政 府 工 作 报 告``, ``恒 远 化 工 有 限 公 司``).
    A space between two words (``好品山东 商行天下``), two spaces, or a name of two characters
    spaced out to the width of three (``许 喆``) are not such spaces."""
    if not isinstance(text, str):
        raise TypeError(f"letter_spaces needs a str, got {type(text).__name__}")
    cuts: list[tuple[int, int]] = []
    if " " not in text:
        return cuts
    for m in _LETTER_SPACED.finditer(text):
        a, b = m.span()
        if 2 * len(CJK_CHAR.findall(text, a, b)) > (b - a + 1) // 2:  # most of its characters
            cuts.extend((i, i + 1) for i in range(a + 1, b, 2))
    return cuts


_MIN_SPACES = 5  # a typesetter's spaces that a text shows, at the least
_BREAK = re.compile("\n")
# the number that opens a line (after its indent), as a list item's does
_LINE_NUMBER = re.compile(r"[ \t]*[0-9]{1,3}")
# where Chinese meets a letter or a digit, with one space between (the space first, so that a
# text with few spaces is scanned fast), and without
_SPACED_MEET = re.compile(f" (?:(?<=[{CJK}] )(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%] )(?=[{CJK}]))")
_MEETS = re.compile(f"(?<=[{CJK}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[{CJK}])")


def typeset_spaces(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each space a typesetter put between Chinese and a letter or a
    digit (``完成 12.5 亿元``, ``G4 京港澳高速``), in a text whose prose puts one at most such places
    (five or more on lines with the marks of prose, and more of them than such places written
    together); empty in a text that writes them together, where such a space separates two
    things (a table's cells).  A space after the number that opens a line (a list item's) is
    none."""
    if not isinstance(text, str):
        raise TypeError(f"typeset_spaces needs a str, got {type(text).__name__}")
    spaced: list[tuple[int, int]] = []
    in_prose = 0
    lines: list[int] = []  # where each line starts, found on the first space
    prose: dict[int, bool] = {}  # whether each line (by its start) carries a mark of prose
    for m in _SPACED_MEET.finditer(text):
        at = m.start()
        if not lines:
            lines = [0, *(b.end() for b in _BREAK.finditer(text))]
        k = bisect_right(lines, at) - 1
        start = lines[k]
        if _LINE_NUMBER.fullmatch(text, start, at):
            continue  # after the number that opens a line: a list item's (1 某某项目)
        spaced.append((at, at + 1))
        if start not in prose:
            end = lines[k + 1] if k + 1 < len(lines) else len(text)
            prose[start] = _PROSE.search(text, start, end) is not None
        in_prose += prose[start]
    # taken for typeset by the spaces of its prose (a table's rows carry no marks of it); then
    # the spaces of its headings and tables go as well
    if in_prose < _MIN_SPACES or in_prose <= sum(1 for _m in _MEETS.finditer(text)):
        return []
    return spaced


def _cuts_word(text: str, first: int, end: int, nxt: int) -> bool:
    """Whether a break between ``end`` and ``nxt`` cuts a word of jieba's dictionary (or a run
    of digits) in two: the best cut of the joined characters around it has no boundary there
    (the dictionary is read on first use)."""
    from .segment import word_table

    left = text[max(first, end - 8) : end]
    joined = left + text[nxt : nxt + 8]
    return 0 < len(left) < len(joined) and not word_table().cuts_at(joined, len(left))


def _item(text: str, at: int) -> bool:
    """Whether a list item or a heading opens at ``at``: a marker of the outline's rules
    (``rules/outline.toml``: 2. | 二是 | (三)), save a 、 left where a numeral was lost, which
    a wrap before a list's next item leaves as well."""
    from .structure import document_rules

    rules = document_rules()
    m = rules.marker_pattern.match(text, at)
    return m is not None and m.lastgroup is not None and rules.markers[int(m.lastgroup[1:])][0] != "lost numeral"


@dataclass(frozen=True, slots=True)
class Joined:
    """A text with its soft line breaks, letter spaces and a typesetter's spaces taken out.

    ``text`` is the joined text; ``cuts`` the ``(start, end)`` ranges of the original taken
    out (:func:`soft_breaks`, :func:`letter_spaces`, :func:`typeset_spaces`), empty when the
    text has none and ``text`` is the original.  ``span`` maps the joined text's offsets back to the original's."""

    text: str
    # the cuts' starts and ends in the original, where each stands in the joined text, and
    # how many characters the cuts up to each took out (flat arrays: a long text has many)
    _starts: array[int]
    _ends: array[int]
    _at: array[int]
    _removed: array[int]

    @classmethod
    def of(cls, original: str) -> Joined:
        """``original`` joined over its :func:`soft_breaks`, :func:`letter_spaces` and
        :func:`typeset_spaces`."""
        spaced = sorted(set(letter_spaces(original) + typeset_spaces(original)))
        if spaced:
            # the wraps of a letter-spaced text are found on the text without its spaces (its
            # lines' widths and the words cut are those of the text written without them), and
            # each break, line ends and the spaces around them only, is apart from the spaces
            inner = cls._from(original, spaced)
            breaks = [inner.span(a, b) for a, b in soft_breaks(inner.text)]
            cuts = sorted(spaced + breaks)
        else:
            cuts = soft_breaks(original)
        return cls._from(original, cuts)

    @classmethod
    def _from(cls, original: str, cuts: list[tuple[int, int]]) -> Joined:
        """``original`` with ``cuts`` (in order, apart) taken out."""
        starts, ends = array("q", (a for a, _b in cuts)), array("q", (b for _a, b in cuts))
        at, removed = array("q"), array("q", [0])
        for a, b in cuts:
            at.append(a - removed[-1])
            removed.append(removed[-1] + b - a)
        return cls(_without(original, starts, ends) if cuts else original, starts, ends, at, removed)

    @property
    def wrapped(self) -> bool:
        """Whether any break or space was taken out."""
        return len(self._starts) > 0

    @property
    def cuts(self) -> tuple[tuple[int, int], ...]:
        """The ranges of the original taken out, in order."""
        return tuple(zip(self._starts, self._ends, strict=True))

    def cut(self, s: str) -> str:
        """``s``, a string of the original's length (its normalised form), with the same
        ranges taken out: the joined form of a copy that keeps every offset."""
        return _without(s, self._starts, self._ends) if self.wrapped else s

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
        each span's ``text`` read there; a name (``name``, ``heading``) stays joined.  A record
        held in two places (a quantity in the quantities and in an indicator row) is moved
        once and stays one object.  ``item`` itself is left as it is."""
        return self._restore(item, original, {}) if self.wrapped else item

    def _restore(self, item: Any, original: str, done: dict[int, tuple[Any, Any]]) -> Any:
        if isinstance(item, tuple):
            return tuple(self._restore(x, original, done) for x in item)
        if not is_dataclass(item) or isinstance(item, type):
            return item
        hit = done.get(id(item))
        if hit is not None:
            return hit[1]
        changes = {
            f.name: self._restore(value, original, done)
            for f in fields(item)
            if isinstance(value := getattr(item, f.name), tuple) or _is_record(value)
        }
        changes.update(self._spans(item, original))
        moved = replace(item, **changes) if changes else item
        done[id(item)] = (item, moved)  # the item is kept alive, so its id stays its own
        return moved

    def _move(self, item: Any, original: str) -> None:
        """``restore`` in place, for records that no one else holds yet: a layer's fresh
        output, which a long text holds a hundred thousand of (a copy would double them).
        A record held in two places is one a record's field holds (a row's quantity, one of
        the report's quantities too): only those are remembered, and each is moved once."""
        self._move_in(item, original, dict.fromkeys(map(id, _held(item)), False))

    def _move_in(self, item: Any, original: str, held: dict[int, bool]) -> None:
        if isinstance(item, tuple):
            for x in item:
                self._move_in(x, original, held)
            return
        if not _is_record(item):
            return
        key = id(item)
        if key in held:
            if held[key]:
                return
            held[key] = True
        for f in fields(item):
            self._move_in(getattr(item, f.name), original, held)
        for name, value in self._spans(item, original).items():
            object.__setattr__(item, name, value)  # a frozen record, not yet handed out

    def _spans(self, item: Any, original: str) -> dict[str, Any]:
        """The record's span fields moved to the original, and its ``text`` read there."""
        out: dict[str, Any] = {}
        for a_name, b_name in SPAN_FIELDS:
            if hasattr(item, a_name):
                a, b = self.span(getattr(item, a_name), getattr(item, b_name))
                out[a_name], out[b_name] = a, b
                if a_name == "start" and hasattr(item, "text"):
                    # the record's own string where no break falls inside (most spans):
                    # equal texts stay one object, as the layer made them
                    text = original[a:b]
                    out["text"] = item.text if item.text == text else text
        return out

    def _original(self, i: int) -> int:
        """The original's offset of the joined text's character ``i``."""
        return i + self._removed[bisect_right(self._at, i)]


def read(norm: Normalized, layer: Callable[[Normalized], T]) -> T:
    """What ``layer`` finds in ``norm``; in a wrapped or spaced text, read with the wraps and
    spaces taken out and moved back to the caller's text as ``Joined.restore`` moves it (in
    place: what ``layer`` returns must be its own new records)."""
    joined = Joined.of(norm.text)
    if not joined.wrapped:
        return layer(norm)
    original = norm.original
    inner = Normalized(joined.cut(original), joined.text)
    del norm  # the normalised copy of a text the caller no longer holds is freed
    found = layer(inner)
    joined._move(found, original)
    return found


def _is_record(value: Any) -> bool:
    return is_dataclass(value) and not isinstance(value, type)


def _held(item: Any) -> Iterator[Any]:
    """The records that a record's field holds, inside ``item`` (a record or a tuple)."""
    if isinstance(item, tuple):
        for x in item:
            yield from _held(x)
    elif _is_record(item):
        for f in fields(item):
            value = getattr(item, f.name)
            if _is_record(value):
                yield value
                yield from _held(value)
            elif isinstance(value, tuple):
                yield from _held(value)


def _without(s: str, starts: array[int], ends: array[int]) -> str:
    """``s`` with the ranges ``starts[i]:ends[i]`` (in order, apart) taken out."""
    parts = []
    at = 0
    for a, b in zip(starts, ends, strict=True):
        parts.append(s[at:a])
        at = b
    parts.append(s[at:])
    return "".join(parts)
