"""Text wrapped into lines, as a PDF-to-text tool gives it: which breaks only wrap, the
joined text and its offsets, and parse reading through the wraps."""

from __future__ import annotations

import unicodedata
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnreport
from cnreport.entities import extract_entities
from cnreport.normalize import normalize
from cnreport.quantities import extract_quantities
from cnreport.wrapping import Joined, soft_breaks

SHARED = Path(__file__).resolve().parents[2] / "shared"

# one paragraph in the style of a zone's half-year summary, written for these tests
PARAGRAPH = (
    "上半年园区完成固定资产投资58.6亿元，同比增长12.5%，潴龙河大桥重建项目加快推进，"
    "拒马河综合治理工程全面开工，新建改建农村公路120公里，完成城区雨污分流改造工程，"
    "实施老旧小区改造工程18个，恒远化工有限公司年产5万吨硫酸项目竣工投产，总投资3.2亿元，"
    "金穗粮油完成技改，引进瑞丰门窗、青禾食品等企业12家。规上工业总产值48.3亿元，同比增长9.6%。"
)


def wrap_chars(text: str, width: int) -> str:
    """Every line cut after ``width`` characters, as a plain-text tool wraps."""
    return "\n".join("\n".join(line[i : i + width] for i in range(0, len(line), width)) for line in text.split("\n"))


def wrap_width(text: str, width: float) -> str:
    """Every line cut at a printed width (a half-width character takes half), as a PDF wraps."""
    out = []
    for line in text.split("\n"):
        cur, w = "", 0.0
        for c in line:
            cw = 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5
            if w + cw > width:
                out.append(cur)
                cur, w = "", 0.0
            cur += c
            w += cw
        out.append(cur)
    return "\n".join(out)


# -- which breaks wrap --------------------------------------------------------------


def test_a_wrapped_paragraph_loses_every_break_inside_a_sentence() -> None:
    text = wrap_chars(PARAGRAPH, 21)
    cuts = soft_breaks(text)
    assert [text[a - 2 : b + 2] for a, b in cuts] == [
        "，同\n比增",
        "快推\n进，",
        "建农\n村公",
        "工程\n，实",  # before a comma: no word runs over it, and it ends no sentence
        "有限\n公司",
        "3.\n2亿",  # a decimal point and its digits
        "、青\n禾食",
        ".3\n亿元",
    ]
    assert Joined.of(text).text == PARAGRAPH


def test_a_line_that_ends_a_sentence_keeps_its_break() -> None:
    # the first paragraph's last line runs to about the width and ends with 。: its break stays
    first = (
        "上半年园区完成固定资产投资58.6亿元，同比增长12.5%，潴龙河大桥重建项目加快推进，拒马河综合治理工程全面开工。"
    )
    second = "新建改建农村公路120公里，完成城区雨污分流改造工程，实施老旧小区改造工程18个。"
    text = wrap_chars(first, 20) + "\n" + wrap_chars(second, 20) + "\n" + wrap_chars(first, 20)
    joined = Joined.of(text)
    assert joined.text == first + "\n" + second + "\n" + first
    assert [text[a - 1 : b + 1] for a, b in joined.cuts if text[a - 1] in "。，"] == ["，\n同", "，\n同"]


def test_a_text_of_one_paragraph_per_line_has_no_wraps() -> None:
    text = (
        "一、上半年工作回顾\n"
        "上半年园区完成固定资产投资58.6亿元，同比增长12.5%，潴龙河大桥重建项目加快推进。\n"
        "（一）项目建设\n"
        "拒马河综合治理工程全面开工，恒远化工有限公司年产5万吨硫酸项目竣工投产，金穗粮油完成技改。\n"
        "（二）招商引资\n"
        "引进瑞丰门窗、青禾食品等企业12家，签约项目总投资23.5亿元。\n"
        "二、下半年工作安排\n"
        "加快城区雨污分流改造工程建设\n"
    )
    assert soft_breaks(text) == []
    assert Joined.of(text) == Joined(text)


def test_headings_of_one_length_do_not_make_a_text_wrapped() -> None:
    # five headings of about twenty characters, each before a paragraph that runs on far past them
    body = "全年新建改建农村公路120公里，完成城区雨污分流改造工程，实施老旧小区改造工程18个，群众满意度持续提升。"
    headings = [
        "（一）聚焦项目建设，推动园区扩容提质增效",
        "（二）聚焦招商引资，培育壮大新兴产业集群",
        "（三）聚焦生态治理，持续改善城乡人居环境",
        "（四）聚焦民生实事，提升群众获得感幸福感",
        "（五）聚焦改革创新，激发经营主体发展活力",
    ]
    text = "".join(f"{h}\n{body}\n" for h in headings)
    assert soft_breaks(text) == []


def test_windows_line_ends_and_spaces_around_a_wrap_go_with_it() -> None:
    lines = [PARAGRAPH[i : i + 21] for i in range(0, len(PARAGRAPH), 21)]
    text = "\r\n".join(f"  {line}  " for line in lines)
    joined = Joined.of(text)
    assert joined.wrapped
    a, b = joined.cuts[0]
    assert text[a:b] == "  \r\n  "
    assert joined.text.replace("\r\n", "").replace(" ", "") == PARAGRAPH


def test_a_pdf_wrap_by_printed_width_is_found_with_digits_on_the_lines() -> None:
    text = wrap_width(PARAGRAPH * 2, 20)
    cuts = soft_breaks(text)
    assert cuts
    assert [a for a, _b in cuts] == [i for i, c in enumerate(text) if c == "\n" and text[i - 1] != "。"]
    assert Joined.of(text).text == PARAGRAPH + PARAGRAPH


def test_too_few_or_too_short_lines_are_no_wrap() -> None:
    assert soft_breaks("推进恒远化工\n年产5万吨\n硫酸项目") == []  # lines narrower than a page's column
    assert soft_breaks(PARAGRAPH) == []
    assert soft_breaks("") == []


def test_bad_input() -> None:
    with pytest.raises(TypeError, match="soft_breaks needs a str, got bytes"):
        soft_breaks(PARAGRAPH.encode())  # type: ignore[arg-type]
    joined = Joined.of(wrap_chars(PARAGRAPH, 21))
    with pytest.raises(ValueError, match=r"0 <= start <= end <= \d+, got \(5, 3\)"):
        joined.span(5, 3)
    with pytest.raises(ValueError, match=r"got \(0, 999\)"):
        joined.span(0, 999)


# -- offsets ----------------------------------------------------------------------


def test_span_holds_the_breaks_inside_and_never_those_around() -> None:
    text = "今年以来新建改建农村公路120公里，潴龙\n河大桥重建项目加快推进，恒远化工有限公司\n年产5万吨硫酸项目竣工投产，完成城区雨污\n分流改造工程。"
    joined = Joined.of(text)
    assert joined.cuts == ((20, 21), (41, 42), (62, 63))
    s = joined.text.index("潴龙河大桥重建项目")
    assert joined.span(s, s + 9) == (18, 28)
    assert text[18:28] == "潴龙\n河大桥重建项目"
    s = joined.text.index("恒远化工有限公司")
    assert joined.span(s, s + 8) == (33, 41)  # a name ending right before a wrap does not take it
    s = joined.text.index("年产")
    assert joined.span(s, s + 2) == (42, 44)  # nor one starting right after it
    assert joined.span(0, 0) == (0, 0)
    assert joined.span(len(joined.text), len(joined.text)) == (len(text), len(text))


@given(st.integers(16, 40), st.data())
@settings(max_examples=60, deadline=None)
def test_span_maps_every_slice_back(width: int, data: st.DataObject) -> None:
    text = wrap_chars(PARAGRAPH * 2, width)
    joined = Joined.of(text)
    dropped = {i for a, b in joined.cuts for i in range(a, b)}
    kept = [i for i in range(len(text)) if i not in dropped]
    assert joined.text == "".join(text[i] for i in kept)
    a = data.draw(st.integers(0, len(joined.text) - 1))
    b = data.draw(st.integers(a + 1, len(joined.text)))
    assert joined.span(a, b) == (kept[a], kept[b - 1] + 1)
    assert joined.cut(text.upper()) == joined.text.upper()


# -- the layers read through the wraps ----------------------------------------------


def test_parse_reads_a_wrapped_report_as_the_unwrapped_one() -> None:
    ref = date(2021, 7, 1)
    plain = cnreport.parse(PARAGRAPH, reference_date=ref)
    text = wrap_chars(PARAGRAPH, 21)
    report = cnreport.parse(text, reference_date=ref)
    assert report.text == text
    assert [(e.name, e.label.value) for e in report.entities] == [(e.name, e.label.value) for e in plain.entities]
    assert [(q.unit, q.value) for q in report.quantities] == [(q.unit, q.value) for q in plain.quantities]
    assert [(p.name, p.company, p.status) for p in report.projects] == [
        (p.name, p.company, p.status) for p in plain.projects
    ]
    assert [(i.name, i.value.value if i.value else None) for i in report.indicators] == [
        (i.name, i.value.value if i.value else None) for i in plain.indicators
    ]
    # every span points into the caller's text, wraps inside it included
    for item in (*report.quantities, *report.entities, *report.times):
        assert text[item.start : item.end] == item.text
    company = next(e for e in report.entities if e.name == "恒远化工有限公司")
    assert company.text == "恒远化工有限\n公司"
    money = next(p.investment for p in report.projects if p.investment is not None)
    assert (money.text, money.value) == ("3.\n2亿元", 320000000)
    assert text[money.start : money.end] == money.text


def test_the_layers_alone_read_through_the_wraps() -> None:
    text = wrap_chars(PARAGRAPH, 21)
    norm = normalize(text)
    assert [e.name for e in extract_entities(norm) if e.label.value == "COMPANY"] == [
        "恒远化工有限公司",
        "金穗粮油",
        "瑞丰门窗",
        "青禾食品",
    ]
    assert [(q.text, q.value) for q in extract_quantities(norm) if q.unit == "km"] == [("120公里", 120)]


def test_an_unwrapped_report_is_read_as_before() -> None:
    text = PARAGRAPH + "\n" + PARAGRAPH
    report = cnreport.parse(text)
    assert Joined.of(normalize(text).text).wrapped is False
    assert [e.start for e in report.entities] == [e.start for e in cnreport.parse(PARAGRAPH).entities] + [
        e.start + len(PARAGRAPH) + 1 for e in cnreport.parse(PARAGRAPH).entities
    ]


@pytest.mark.skipif(not (SHARED / "reports").is_dir(), reason="needs ../shared/reports")
def test_no_real_report_as_published_is_taken_for_wrapped() -> None:
    files = sorted((SHARED / "reports").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.txt"))
    flagged = [f.name for f in files if soft_breaks(f.read_text(encoding="utf-8", errors="replace"))]
    assert flagged == []


_POOL = "园区企业项目工程河渠公司有限新建投资亿万元吨亩个家年月日0123456789.%，。、；：“”（）·—  "


@given(st.text(_POOL, min_size=60, max_size=400), st.integers(16, 40), st.booleans())
@settings(max_examples=80, deadline=None)
def test_any_wrapped_text_gives_offsets_into_itself(body: str, width: int, windows: bool) -> None:
    text = wrap_chars(body, width)
    if windows:
        text = text.replace("\n", "\r\n")
    cuts = soft_breaks(text)
    # the ranges are in order, apart, and each holds one line break and spaces around it
    assert all(a < b <= c < d for (a, b), (c, d) in pairwise(cuts))
    assert all(text[a:b].count("\n") == 1 and not text[a:b].replace("\n", "").strip(" \r\t\u3000") for a, b in cuts)
    report = cnreport.parse(text)
    assert report.text == text
    for item in (*report.quantities, *report.entities, *report.times):
        assert text[item.start : item.end] == item.text
    for row in (*report.indicators, *report.projects):
        assert 0 <= row.start <= row.end <= len(text)
