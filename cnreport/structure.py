"""Title, publication date, issuer, document number and outline of a report.

The document layer reads the text line by line, once:

* the **header zone** is the run of lines before the first heading or body
  paragraph.  Its labelled fields (``发布日期:``, ``来源:``, ``文号:``,
  ``名称:``; ``rules/headers.toml``) give ``published``, ``issuer``,
  ``doc_number`` and ``title``; a bare date line there (``2021-11-02
  08:15:30``) gives ``published`` too; the first plain line is the title.
* without a header date, the **signature** date at the end (a line that is
  only ``2020年7月3日``) or the date in the **subtitle**
  (``——2020年8月4日在…会议上``) is used.
* **page chrome** (下载, 打印, 扫一扫, 阅读全文 ...) is never the title nor a heading.
* the **outline** is built from heading markers at the start of a line (一、,
  (一), 1., (1), 一是 ...; ``rules/outline.toml``) and short bare heading
  lines (上半年工作回顾).  A heading becomes the child of the nearest heading
  before it whose marker ranks higher; a section ends where the next heading
  of the same or a higher level starts, or at the end of the text.  Each
  section has a ``stance`` (review, plan, problem, other) from its heading's
  words, else its parent's.

>>> from cnreport.normalize import normalize
>>> text = "某镇工作总结\\n发布日期:2021-03-09\\n一、上半年工作回顾\\n(一)抓招商\\n二、下半年工作打算\\n"
>>> doc = extract_document(normalize(text))
>>> doc.title, doc.published
('某镇工作总结', datetime.date(2021, 3, 9))
>>> [(s.level, s.heading, s.stance.value) for top in doc.sections for s in top.walk()]
[(1, '上半年工作回顾', 'review'), (2, '抓招商', 'review'), (1, '下半年工作打算', 'plan')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from .lazy import once
from .loader import (
    Example,
    RuleError,
    UniqueSurfaces,
    entries,
    examples,
    on_forget,
    regex,
    require,
    rule_files,
    string_list,
    table_words,
    where,
    word_entries,
)
from .normalize import ESCAPED_BREAK, Normalized, escaped_breaks, normalize
from .times import HEADING_YEAR, first_absolute_date
from .types import Section, Stance

__all__ = ["DocumentInfo", "DocumentRules", "document_rules", "extract_document", "line_breaks", "title_stance"]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    title: str | None = None
    published: date | None = None
    issuer: str | None = None
    doc_number: str | None = None
    sections: tuple[Section, ...] = ()
    page_date: date | None = None
    # where the site's own matter after the report starts (分享到, 相关文章, a tag cloud),
    # an offset into the text; None when the text runs to its end as a report
    page_end: int | None = None
    # the page's own fields in the header (来源：某某日报, 作者：…, 阅读：), each a label and its
    # value as (start, end) offsets into the text, in order: the site's words, not the report's
    page_fields: tuple[tuple[int, int], ...] = ()


# ---------------------------------------------------------------------------
# rules

_FIELDS = ("title", "published", "issuer", "doc_number", "other")


@dataclass(frozen=True, slots=True)
class DocumentRules:
    """The data the document layer is built from (``headers.toml``, ``outline.toml``)."""

    labels: tuple[tuple[str, str, int], ...]  # (label, field, priority)
    label_pattern: re.Pattern[str]
    empty_values: frozenset[str]
    chrome: tuple[tuple[str, int], ...]  # (word, max_line)
    chrome_patterns: tuple[re.Pattern[str], ...]
    markers: tuple[tuple[str, int], ...]  # (id, rank), in the order of the marker pattern's groups
    marker_pattern: re.Pattern[str]
    bare_words: tuple[str, ...]
    bare_max: int
    stance_pattern: re.Pattern[str] | None
    stance_of_word: dict[str, Stance]
    title_words: tuple[str, ...] = ()
    dated_titles: tuple[str, ...] = ()
    past_year: re.Pattern[str] | None = None  # 刚刚过去的2016年: the year a report calls just past
    offices: tuple[str, ...] = ()
    delegate: re.Pattern[str] | None = None
    page_end: tuple[str, ...] = ()
    annex: frozenset[str] = frozenset()
    document_examples: tuple[Example, ...] = field(default=(), repr=False)
    header_examples: tuple[Example, ...] = field(default=(), repr=False)
    chrome_examples: tuple[Example, ...] = field(default=(), repr=False)
    outline_examples: tuple[Example, ...] = field(default=(), repr=False)
    stance_examples: tuple[Example, ...] = field(default=(), repr=False)


def _label_regex(label: str) -> str:
    """A label that may carry spaces between its characters (索 引 号)."""
    return r"\s{0,3}".join(re.escape(c) for c in label)


def _alt(words: object) -> str:
    items = sorted(set(words), key=lambda w: (-len(w), w))  # type: ignore[call-overload]
    return "|".join(re.escape(w) for w in items)


@once
def document_rules() -> DocumentRules:
    """The header, chrome and outline rules of the package and of every installed rule pack."""
    header_exs: list[Example] = []
    chrome_exs: list[Example] = []
    outline_exs: list[Example] = []
    stance_exs: list[Example] = []

    labels: list[tuple[str, str, int]] = []
    seen_labels = UniqueSurfaces("header label")
    for source, i, entry in entries("headers.toml", "field"):
        at = where(source, "field", i, entry)
        name = require(entry, "field", str, at)
        if name not in _FIELDS:
            raise RuleError(f"{at}: field must be one of {list(_FIELDS)}")
        words = string_list(entry, "labels", at, required=True)
        seen_labels.add(words, at)
        header_exs.extend(examples(entry, at))
        labels.extend((w, name, k) for k, w in enumerate(words))
    ordered = sorted(labels, key=lambda lab: -len(lab[0]))
    label_pattern = re.compile(
        r"(?<![\u4e00-\u9fff])(?:"
        + "|".join(f"(?P<L{k}>{_label_regex(lab)})" for k, (lab, _, _) in enumerate(ordered))
        + r")\s{0,3}[:：]"
    )

    empty: set[str] = set()
    chrome: list[tuple[str, int]] = []
    patterns: list[re.Pattern[str]] = []
    seen_chrome = UniqueSurfaces("chrome word")
    for source, data in rule_files("headers.toml"):
        table = data.get("empty_values", {})
        empty.update(string_list(table, "words", f"{source}: [empty_values]"))
    for source, i, entry in entries("headers.toml", "chrome"):
        at = where(source, "chrome", i, entry)
        words = string_list(entry, "words", at, required=True)
        max_line = entry.get("max_line", 16)
        if not isinstance(max_line, int) or max_line < 1:
            raise RuleError(f"{at}: 'max_line' must be a positive integer")
        seen_chrome.add(words, at)
        chrome_exs.extend(examples(entry, at))
        chrome.extend((w, max_line) for w in words)
    for source, i, entry in entries("headers.toml", "chrome_pattern"):
        at = where(source, "chrome_pattern", i, entry)
        pat = regex(entry, "pattern", at)
        if pat is None:
            raise RuleError(f"{at}: missing 'pattern'")
        chrome_exs.extend(examples(entry, at))
        patterns.append(pat)

    markers: list[tuple[str, int]] = []
    marker_parts: list[str] = []
    seen_markers = UniqueSurfaces("marker id")
    for source, i, entry in entries("outline.toml", "marker"):
        at = where(source, "marker", i, entry)
        mid = require(entry, "id", str, at)
        rank = require(entry, "rank", int, at)
        pat = regex(entry, "pattern", at)
        if pat is None:
            raise RuleError(f"{at}: missing 'pattern'")
        if pat.groups:
            raise RuleError(f"{at}: the pattern must not capture groups; use (?:...)")
        seen_markers.add([mid], at)
        outline_exs.extend(examples(entry, at))
        marker_parts.append(f"(?P<M{len(markers)}>{pat.pattern})")
        markers.append((mid, rank))
    marker_pattern = re.compile("|".join(marker_parts) if marker_parts else "(?!)")

    bare_words: list[str] = []
    bare_max = 20
    for source, data in rule_files("outline.toml"):
        table = data.get("bare_heading")
        if table is None:
            continue
        at = f"{source}: [bare_heading]"
        bare_words.extend(string_list(table, "words", at))
        bare_max = table.get("max_length", bare_max)
        if not isinstance(bare_max, int):
            raise RuleError(f"{at}: 'max_length' must be an integer")
        outline_exs.extend(examples(table, at))

    stance_of_word: dict[str, Stance] = {}
    seen_stance = UniqueSurfaces("stance word")
    for source, i, entry in entries("outline.toml", "stance"):
        at = where(source, "stance", i, entry)
        name = require(entry, "stance", str, at)
        try:
            stance = Stance(name)
        except ValueError:
            raise RuleError(f"{at}: stance must be one of {[s.value for s in Stance]}") from None
        words = string_list(entry, "words", at)
        ends = string_list(entry, "ends", at)
        seen_stance.add(words, at)
        seen_stance.add((f"{w}$" for w in ends), at)
        stance_exs.extend(examples(entry, at))
        stance_of_word.update(dict.fromkeys(words, stance))
        stance_of_word.update({f"{w}$": stance for w in ends})
    doc_exs: list[Example] = []
    titles = table_words("headers.toml", "title", ["words", "dated"], doc_exs)
    title_words = titles["words"]
    signature = table_words("headers.toml", "signature", ["offices"], doc_exs)["offices"]
    delegate = None
    for source, data in rule_files("headers.toml"):
        if "signature" in data:
            delegate = regex(data["signature"], "delegate", f"{source}: [signature]") or delegate
    page_end: list[str] = []
    for _at, _entry, words in word_entries("headers.toml", "page_end", UniqueSurfaces("page end word"), doc_exs):
        page_end.extend(words)
    annex = table_words("outline.toml", "annex", ["words"], outline_exs)["words"]
    past = table_words("headers.toml", "past_year", ["words"], doc_exs)["words"]
    # the whole year, not a part of it or a day in it (刚刚过去的2016年春节期间, …年上半年)
    past_year = re.compile(rf"(?:{_alt(past)})\s?((?:19|20)\d{{2}})\s?年(?=[，,。、；;！!是里中\s])") if past else None

    stance_pattern = None
    if stance_of_word:
        anywhere = [w for w in stance_of_word if not w.endswith("$")]
        at_end = [w[:-1] for w in stance_of_word if w.endswith("$")]
        alts = []
        if anywhere:
            alts.append(f"(?P<w>{_alt(anywhere)})")
        if at_end:
            alts.append(rf"(?P<e>{_alt(at_end)})$")
        stance_pattern = re.compile("|".join(alts))

    return DocumentRules(
        labels=tuple(ordered),
        label_pattern=label_pattern,
        empty_values=frozenset(empty),
        chrome=tuple(chrome),
        chrome_patterns=tuple(patterns),
        markers=tuple(markers),
        marker_pattern=marker_pattern,
        bare_words=tuple(bare_words),
        bare_max=bare_max,
        stance_pattern=stance_pattern,
        stance_of_word=stance_of_word,
        title_words=tuple(title_words),
        dated_titles=tuple(titles["dated"]),
        past_year=past_year,
        offices=tuple(sorted(signature, key=len, reverse=True)),
        delegate=delegate,
        page_end=tuple(page_end),
        annex=frozenset(annex),
        document_examples=tuple(doc_exs),
        header_examples=tuple(header_exs),
        chrome_examples=tuple(chrome_exs),
        outline_examples=tuple(outline_exs),
        stance_examples=tuple(stance_exs),
    )


on_forget(document_rules.cache_clear)


# ---------------------------------------------------------------------------
# lines

_BARE_RANK = 0  # bare heading lines rank with 第一部分, above 一、
_MAX_HEADER_LINES = 20
_MAX_SIGNATURE_LINES = 10
_SENTENCE = re.compile(r"[。；;！!？?]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PUNCT = re.compile(r"[，,。.；;：:！!？?、“”\"'‘’()《》【】\[\]]")
_HEADING_END = re.compile(r"[。；;！!？?:：]")
_GENERIC_LABEL = re.compile(r"\s[\u4e00-\u9fff][\u4e00-\u9fff\s]{0,8}[:：]")
_TOC_TAIL = re.compile(r"(?:[\u4e00-\u9fff)]\s{0,3}\d{1,4}|[….·]{2,}\s{0,3}\d{1,4})$")
_DATE_LINE = re.compile(
    r"^[-•·*\s]{0,4}(?:(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日"
    r"|[一二][〇零○一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
)
_JUNK_PREFIX = re.compile(r"^[\d+\-•·*#]{1,12}\s{1,4}(?=\S)")
_SUBTITLE = re.compile(r"^(?:——|--|—|-{1,2}|\(|（)")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # first non-space character
    end: int  # after the last non-space character
    text: str


# Text copied out of a CSV or JSON cell keeps its line breaks as the two
# characters \\n (or \\r\\n): they break lines when they outnumber real ones.
_BREAK = re.compile(r"\n|" + ESCAPED_BREAK.pattern)


def _breaks(text: str) -> re.Pattern[str]:
    return _BREAK if escaped_breaks(text) else _NEWLINE


_NEWLINE = re.compile("\n")


def line_breaks(text: str) -> list[tuple[int, int]]:
    r"""(start, end) of every line break of ``text``: a newline, or the escaped ``\n`` (``\r\n``)
    of text copied out of a CSV or JSON cell when those outnumber real newlines."""
    return [m.span() for m in _breaks(text).finditer(text)]


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for m in [*_breaks(text).finditer(text), None]:
        stop = len(text) if m is None else m.start()
        raw = text[pos:stop]
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            out.append(_Line(start, start + len(stripped), stripped))
        if m is not None:
            pos = m.end()
    return out


def _is_chrome(line: str, rules: DocumentRules) -> bool:
    for word, max_line in rules.chrome:
        if len(line) <= max_line and word in line:
            return True
    return any(p.search(line) for p in rules.chrome_patterns)


def _is_date_line(line: str) -> bool:
    """A line that starts with a complete date and says little else (2021-11-02 08:15:30 412)."""
    m = _DATE_LINE.match(line)
    if m is None:
        return False
    rest = line[m.end() :]
    return len(rest) <= 24 and not _SENTENCE.search(rest) and "," not in rest and "，" not in rest


def _labelled(line: str, rules: DocumentRules) -> list[tuple[str, int, re.Match[str], int]]:
    """(field, priority, label match, end) for every label of a header line: its value runs
    from the label to the next label or the end of the line."""
    found = list(rules.label_pattern.finditer(line))
    out = []
    for k, m in enumerate(found):
        _, name, priority = rules.labels[int((m.lastgroup or "L0")[1:])]
        out.append((name, priority, m, found[k + 1].start() if k + 1 < len(found) else len(line)))
    return out


def _fields(line: str, rules: DocumentRules) -> list[tuple[str, int, str]]:
    """(field, priority, value) for every labelled value of a header line."""
    out = []
    for name, priority, m, stop in _labelled(line, rules):
        value = line[m.end() : stop]
        generic = _GENERIC_LABEL.search(value)
        if generic:
            value = value[: generic.start()]
        out.append((name, priority, value.strip(_SEPARATORS).strip()))
    return out


def _heading_text(line: _Line, offset: int) -> tuple[int, int, str] | None:
    """The heading after a marker: up to the first sentence end, without trailing punctuation."""
    rest = line.text[offset:]
    stop = _HEADING_END.search(rest)
    head = rest[: stop.start()] if stop else rest
    opened = max(head.rfind("（"), head.rfind("("))
    if opened > 0 and not any(c in head[opened:] for c in "）)"):
        head = head[:opened]  # 重点企业运行情况（单位：亿元）: a note the colon cut, not the heading's
    stripped = head.rstrip(" ，,、")
    lead = len(stripped) - len(stripped.lstrip())
    stripped = stripped.strip()
    if not stripped:
        return None
    start = line.start + offset + lead
    return start, start + len(stripped), stripped


# ---------------------------------------------------------------------------
# header


@dataclass(slots=True)
class _Header:
    title: str | None = None
    published: date | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date_line: date | None = None
    clock_line: date | None = None
    subtitle: date | None = None
    first_plain: str | None = None
    named: str | None = None  # the longest plain line holding a title word
    signer: str | None = None  # a signature line (省长 某某) or a name alone under the title


_SQUEEZE = re.compile(r"[\s?？\ufffd]+")
_NAME_ONLY = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff·\s?]{1,6}$")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")


def _squeezed(text: str) -> str:
    return _SQUEEZE.sub("", text)


def _signature_line(line: str, rules: DocumentRules) -> bool:
    bare = _squeezed(line)
    return len(bare) <= 30 and not _PUNCT.search(bare) and any(w in bare for w in rules.offices)


def _read_header(zone: list[_Line], rules: DocumentRules) -> _Header:
    head = _Header()
    best: dict[str, tuple[int, str]] = {}
    for i, line in enumerate(zone):
        fields = _fields(line.text, rules)
        if fields:
            for name, priority, value in fields:
                if name == "other" or not value or value in rules.empty_values:
                    continue
                if name == "published" and first_absolute_date(value) is None:
                    continue
                if name not in best or priority < best[name][0]:
                    best[name] = (priority, value)
            continue
        if _is_chrome(line.text, rules):
            continue
        if _is_date_line(line.text):
            when = first_absolute_date(line.text)
            if _CLOCK.search(line.text):
                head.clock_line = head.clock_line or when
            else:
                head.date_line = head.date_line or when
            continue
        if _SUBTITLE.match(line.text):
            if head.subtitle is None and len(line.text) <= 80:
                head.subtitle = first_absolute_date(line.text)
            continue
        if _signature_line(line.text, rules):
            head.signer = head.signer or line.text
            continue
        if head.named is not None and head.signer is None and _NAME_ONLY.match(line.text):
            # a name alone under the title block, unless it is the value of the page's field
            # above it (来源：⏎宁夏日报客户端)
            if not any(w in line.text for w in rules.title_words) and not (
                i and _value_below(zone[i - 1].text, line.text, rules, None)
            ):
                head.signer = line.text
                continue
        if _plain(line.text):
            plain = _JUNK_PREFIX.sub("", line.text)
            if head.first_plain is None:
                head.first_plain = plain
            if any(w in plain for w in rules.title_words):
                # a later line that holds the first one whole is its fuller form (工作报告 < 2024年某县政府工作报告)
                if head.named is None or _squeezed(head.named) in _squeezed(plain):
                    head.named = plain
    if "title" in best:
        head.title = best["title"][1]
    if "published" in best:
        head.published = first_absolute_date(best["published"][1])
    if "issuer" in best:
        head.issuer = best["issuer"][1]
    if "doc_number" in best:
        head.doc_number = best["doc_number"][1]
    return head


def _signature(lines: list[_Line], rules: DocumentRules) -> tuple[date | None, str | None]:
    """The date a report is signed with at its end, and the line above it when it names the issuer."""
    seen = 0
    for k in range(len(lines) - 1, -1, -1):
        line = lines[k]
        if _is_chrome(line.text, rules):
            continue
        seen += 1
        if seen > _MAX_SIGNATURE_LINES:
            break
        m = _DATE_LINE.match(line.text)
        if m is None or line.text[m.end() :].strip():
            continue
        when = first_absolute_date(line.text)
        if when is None:
            continue
        issuer = None
        if k > 0:
            above = lines[k - 1].text
            if len(above) <= 30 and not _PUNCT.search(above) and not _is_chrome(above, rules):
                issuer = above
        return when, issuer
    return None, None


# ---------------------------------------------------------------------------
# outline


@dataclass(slots=True)
class _Node:
    rank: int
    level: int
    marker: str
    heading: str
    start: int
    heading_start: int
    heading_end: int
    end: int = 0
    children: list[_Node] = field(default_factory=list)
    annex: bool = False


def _marker_at(line: _Line, rules: DocumentRules) -> tuple[int, int] | None:
    """(rank, marker length) when the line starts with a heading marker."""
    m = rules.marker_pattern.match(line.text)
    if m is None or m.lastgroup is None:
        return None
    return rules.markers[int(m.lastgroup[1:])][1], m.end()


_BARE_PUNCT = re.compile(r"[，,。.；;：:！!？?、()【】\[\]]")  # quotes allowed: “十四五”时期工作回顾


def _is_bare_heading(line: _Line, rules: DocumentRules) -> bool:
    text = line.text
    if not 4 <= len(text) <= rules.bare_max or _BARE_PUNCT.search(text) or " " in text:
        return False
    if _is_date_line(text) or any(c.isdigit() for c in text[-2:]):
        return False
    return any(w in text for w in rules.bare_words)


def _stance_of(heading: str, rules: DocumentRules, *, ends: bool = True) -> Stance | None:
    """The stance a heading's own words give, OTHER for a mixed heading, None when it has none.

    ``ends=False`` leaves out the words that count only at the end of a heading (成效,
    情况): under a plan section, 加快释放改革开放成效 names an aim, not a look back."""
    if rules.stance_pattern is None:
        return None
    found: list[tuple[Stance, int, int]] = []
    for m in rules.stance_pattern.finditer(heading):
        if not ends and not m.groupdict().get("w"):
            continue
        word = m.group("w") if m.groupdict().get("w") else m.group(0) + "$"
        stance = rules.stance_of_word.get(word)
        if stance is not None:
            found.append((stance, m.start(), m.end()))
    if not found:
        return None
    last = found[-1]
    for stance, _, end in reversed(found[:-1]):
        if stance != last[0]:
            between = heading[end : last[1]]
            if any(c in between for c in "和及暨与"):
                return Stance.OTHER
            break
    return last[0]


def title_stance(title: str) -> Stance | None:
    """The stance a report's title gives by its words (某县2024年上半年工作总结: review; 某县2025年
    工作要点: plan), OTHER for a title with words of both, however joined (总结和打算, 工作总结
    工作计划), None when it has none (政府工作报告)."""
    rules = document_rules()
    if rules.stance_pattern is None:
        return None
    found = set()
    for m in rules.stance_pattern.finditer(title):
        word = m.group("w") if m.groupdict().get("w") else m.group(0) + "$"
        stance = rules.stance_of_word.get(word)
        if stance is not None:
            found.add(stance)
    if not found:
        return None
    return found.pop() if len(found) == 1 else Stance.OTHER


def _title_like(heading: str) -> bool:
    return len(heading) <= 16 and not re.search(r"[，,、。；;]", heading)


def _year_stance(heading: str, year: int | None) -> Stance | None:
    """关于2026年工作 in a report of 2026 looks ahead; a year before the report's looks back."""
    m = HEADING_YEAR.search(heading)
    if m is None or year is None:
        return None
    return Stance.REVIEW if int(m.group(1)) < year else Stance.PLAN


def _freeze(node: _Node, parent: Stance, rules: DocumentRules, year: int | None = None) -> Section:
    own = _stance_of(node.heading, rules, ends=parent in (Stance.OTHER, Stance.REVIEW))
    if node.annex:
        own = Stance.OTHER
    elif own is None and node.level == 1:
        own = _year_stance(node.heading, year)
    if own is None or (parent != Stance.OTHER and not _title_like(node.heading)):
        stance = parent
    else:
        stance = own
    return Section(
        level=node.level,
        marker=node.marker,
        heading=node.heading,
        start=node.start,
        end=node.end,
        heading_start=node.heading_start,
        heading_end=node.heading_end,
        stance=stance,
        children=tuple(_freeze(c, stance, rules) for c in node.children),
    )


_ANNEX_MARKS = re.compile(r"[※*＊:：\s【】\[\]]")
_ANNEX_DECORATION = re.compile(r"^(?:附\s{0,2}[:：]?)|" + _ANNEX_MARKS.pattern)
_ANNEX_RANK = -1  # above every marker: an annex closes every open section


def _is_annex(line: _Line, rules: DocumentRules) -> bool:
    if len(line.text) > 14:
        return False
    # 附：名词解释 is the annex 名词解释; 附件 and 附录 keep their 附
    return _ANNEX_DECORATION.sub("", line.text) in rules.annex or _ANNEX_MARKS.sub("", line.text) in rules.annex


def _chrome_follows(lines: list[_Line], k: int, rules: DocumentRules, tail: Sequence[_Line]) -> bool:
    """Whether only page chrome follows line ``k`` (附件: then 扫一扫…, 关闭窗口), in the report's
    ``lines`` and the first lines of the site's ``tail``: an annex heading there is chrome too."""
    after = [x.text for x in [*lines[k + 1 : k + 6], *tail][:5] if x.text.strip()]
    return bool(after) and all(_is_chrome(x, rules) for x in after)


def _outline(
    lines: list[_Line],
    first: int,
    text: str,
    rules: DocumentRules,
    end: int,
    year: int | None = None,
    tail: Sequence[_Line] = (),
) -> tuple[Section, ...]:
    roots: list[_Node] = []
    stack: list[_Node] = []
    for k in range(first, len(lines)):
        line = lines[k]
        annex = _is_annex(line, rules) and not _chrome_follows(lines, k, rules, tail)
        if not annex and _is_chrome(line.text, rules):
            continue
        marker = None if annex else _marker_at(line, rules)
        if annex:
            rank = _ANNEX_RANK
            found: tuple[int, int, str] | None = (line.start, line.end, line.text)
            marker_text = ""
        elif marker is not None:
            rank, length = marker
            found = _heading_text(line, length)
            if found is None or (not _SENTENCE.search(line.text) and _TOC_TAIL.search(found[2])):
                continue  # an empty marker or a table-of-contents entry (…工作安排12)
            marker_text = text[line.start : line.start + length].strip()
        elif _is_bare_heading(line, rules):
            rank = _BARE_RANK
            found = (line.start, line.end, line.text)
            marker_text = ""
        else:
            continue
        if found is None:
            continue
        while stack and stack[-1].rank >= rank:
            stack.pop().end = line.start
        h_start, h_end, _ = found
        node = _Node(rank, len(stack) + 1, marker_text, text[h_start:h_end], line.start, h_start, h_end)
        node.annex = annex
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    for node in stack:
        node.end = end
    return tuple(_freeze(n, Stance.OTHER, rules, year) for n in roots)


# ---------------------------------------------------------------------------


def _zone_end(lines: list[_Line], rules: DocumentRules) -> int:
    """The index of the first line after the header zone."""
    for k, line in enumerate(lines[:_MAX_HEADER_LINES]):
        if rules.label_pattern.search(line.text) or _is_chrome(line.text, rules) or _is_date_line(line.text):
            continue
        marker = _marker_at(line, rules)
        if marker is not None:
            found = _heading_text(line, marker[1])
            if found is not None and not _SENTENCE.search(line.text) and _TOC_TAIL.search(found[2]):
                continue
            return k
        if _SENTENCE.search(line.text) or len(line.text) > 60:
            return k
    return min(len(lines), _MAX_HEADER_LINES)


_SALUTATION = re.compile(r"^(?:各位代表|各位委员|同志们)")
_MAX_PREAMBLE_LINES = 60


def _page_end(lines: list[_Line], rules: DocumentRules) -> int:
    """The index of the line where the site's own matter starts after the report (分享到), else
    len(lines): the first page-end line after the last line of prose (``_PROSE``), in the last
    two thirds of the text's characters.  The site's matter is short lines that end no sentence
    (buttons, titles of other pages, tags), so a box of links inside an article (相关阅读) with
    the report going on after it ends nothing; by characters, not lines, since the site's matter
    may have more lines than a short report."""
    if not lines:
        return 0
    third = bisect_left([line.start for line in lines], lines[-1].end // 3)
    after = third
    for k in range(len(lines) - 1, third - 1, -1):
        if _PROSE.search(lines[k].text):
            after = k + 1
            break
    for k in range(after, len(lines)):
        line = lines[k].text
        if len(line) <= 20 and line.startswith(rules.page_end):
            return k
    return len(lines)


# a line of prose: one that ends a sentence or a clause (a closing quote or bracket may follow).
# The titles of other pages, buttons and tags after a report end none
_PROSE = re.compile(r"^.{15,}[。！？；!?;][”’」』)）]?$")


def _preamble_end(lines: list[_Line], rules: DocumentRules) -> int:
    """Up to the salutation (各位代表：) when there is one near the top, else the header zone."""
    for k, line in enumerate(lines[:_MAX_PREAMBLE_LINES]):
        if _SALUTATION.match(line.text) and len(line.text) <= 16:
            return k
    return _zone_end(lines, rules)


def extract_document(norm: Normalized) -> DocumentInfo:
    """The metadata and outline of ``norm``."""
    rules = document_rules()
    text = norm.text
    lines = _lines(text)
    if not lines:
        return DocumentInfo()
    last = _page_end(lines, rules)
    end = lines[last].start if last < len(lines) else len(text)
    lines, tail = lines[:last], lines[last : last + 5]
    if not lines:  # nothing but the site's matter
        return DocumentInfo(page_end=norm.to_original(end))
    zone = _preamble_end(lines, rules)
    head = _read_header(lines[:zone], rules)
    signed, signer = _signature(lines[zone:], rules)
    page_date = head.published or head.clock_line
    published = head.subtitle or head.date_line or signed or page_date
    # a plain line with no title word names the document only where the document goes on
    # after it: a text of one line (增长5%) is content, not a title
    first_plain = head.first_plain if len(lines) > 1 else None
    title = head.title or head.named or first_plain
    issuer = head.issuer or head.signer or signer
    if issuer is None and rules.delegate is not None:
        for line in lines[zone : zone + 4]:
            m = rules.delegate.search(line.text)
            if m:
                issuer = m.group(1).strip()
                break
    return DocumentInfo(
        title=_original(norm, text, title),
        published=published,
        issuer=_original(norm, text, issuer),
        doc_number=_original(norm, text, head.doc_number),
        sections=_outline(
            lines, zone, norm.original, rules, norm.to_original(end), published.year if published else None, tail
        ),
        page_date=page_date,
        page_end=norm.to_original(end) if end < len(text) else None,
        page_fields=tuple(
            (norm.to_original(a), norm.to_original(b)) for a, b in _page_fields(lines[:zone], rules, title)
        ),
    )


def dated_year(title: str | None) -> int | None:
    """The year a title of a report of the kind that names the year it is delivered in
    (``[title] dated`` of headers.toml: 2021年某县政府工作报告, 某镇2020年上半年工作总结),
    when it names one year; None for other titles (关于2022年决算的报告 reviews a year it
    was not delivered in) and for titles of no year or several."""
    if not title:
        return None
    text = normalize(title).text
    if not any(w in text for w in document_rules().dated_titles):
        return None
    years = set(HEADING_YEAR.findall(text))
    return int(years.pop()) if len(years) == 1 else None


def past_year(text: str) -> int | None:
    """The year a report is delivered in by the year it calls just past (刚刚过去的2016年 →
    2017), when it names one such year; None when it names none or several."""
    pattern = document_rules().past_year
    if pattern is None:
        return None
    years = {int(y) for y in pattern.findall(text)}
    return years.pop() + 1 if len(years) == 1 else None


def _page_fields(zone: list[_Line], rules: DocumentRules, title: str | None) -> list[tuple[int, int]]:
    """The spans of the header's fields that the page gives of itself (field ``other``: 来源,
    作者, 阅读 ...), each from its label to the next label or the end of its line.  A label that
    closes its line with no value has it on the next line (阅读：⏎350, 内容摘要：⏎ the page's
    summary of the report), unless that line holds a label or the title."""
    out: list[tuple[int, int]] = []
    for i, line in enumerate(zone):
        out.extend(
            (line.start + m.start(), line.start + len(line.text[:stop].rstrip(_SEPARATORS)))
            for name, _p, m, stop in _labelled(line.text, rules)
            if name == "other"
        )
        below = zone[i + 1] if i + 1 < len(zone) else None
        if below is not None and _value_below(line.text, below.text, rules, title):
            out.append((below.start, below.start + len(below.text.rstrip(_SEPARATORS))))
    return out


def _plain(line: str) -> bool:
    """A line of a title's length that is no sentence and no label (2024年某县政府工作报告)."""
    return (
        4 <= len(line) <= 80
        and not _SENTENCE.search(line)
        and not line.endswith((":", "："))
        and not _CONTROL.search(line)  # control characters: binary matter, no title
    )


def _may_be_title(line: str, rules: DocumentRules) -> bool:
    """A plain line that holds a title word."""
    return _plain(line) and any(w in line for w in rules.title_words)


def _value_below(line: str, below: str, rules: DocumentRules, title: str | None) -> bool:
    """Whether ``below`` is the value of a page field that closes ``line`` with none (阅读：⏎350):
    the line's last label is of field ``other`` with nothing after it, and ``below`` holds no
    label and is no title (it holds no title word, nor ``title``)."""
    labels = _labelled(line, rules)
    if not labels or labels[-1][0] != "other" or line[labels[-1][2].end() :].strip(_SEPARATORS):
        return False
    if (title and title in below) or _may_be_title(below, rules) or _is_date_line(below):
        return False
    return not rules.label_pattern.search(below)


# what stands between a header's fields on one line (来源：某某日报 | 作者：…), broken
# characters of a space among them (作者：中国县域????来源：…)
_SEPARATORS = " \t\u3000|丨｜?？\ufffd"


def _original(norm: Normalized, text: str, value: str | None) -> str | None:
    """A value as the caller wrote it (the normalised text maps one to one onto the original)."""
    if not value:
        return None
    at = text.find(value)
    if at < 0:
        return value
    return norm.original[norm.to_original(at) : norm.to_original(at + len(value))]
