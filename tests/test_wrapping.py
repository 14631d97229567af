"""Text wrapped into lines, as a PDF-to-text tool gives it: which breaks only wrap, the
joined text and its offsets, and parse reading through the wraps."""

from __future__ import annotations

import unicodedata
from datetime import date
from itertools import pairwise
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnreport
from cnreport import wrapping
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
    # the first paragraph fills its last line to the width and ends with 。: its break stays
    first = "全年新建改建农村公路120公里，完成城区雨污分流改造工程，实施老旧小区改造工程18个，新建口袋公园6个，群众满意度提升。"
    assert len(first) % 20 == 0
    text = wrap_chars(first, 20) + "\n" + wrap_chars(PARAGRAPH, 20)
    joined = Joined.of(text)
    assert joined.wrapped
    assert joined.text == first + "\n" + PARAGRAPH


def test_a_line_before_a_list_item_keeps_its_break() -> None:
    lines = wrap_chars(PARAGRAPH * 2, 21).split("\n")
    item = "二是加快推进潴龙河大桥重建项目和拒马河综合治理工程建设进度，确保年底前完工。"
    assert lines[2][-1].isalnum()  # the line before the item stops inside a word
    lines[3:3] = [item]
    joined = Joined.of("\n".join(lines))
    assert joined.wrapped
    assert f"\n{item}" in joined.text


def test_a_line_before_a_short_field_keeps_its_break() -> None:
    lines = wrap_chars(PARAGRAPH * 2, 21).split("\n")
    assert lines[2][-1].isalnum()
    lines[3:3] = ["来源：定兴县人民政府办公室"]  # short, and ends no sentence
    joined = Joined.of("\n".join(lines))
    assert joined.wrapped
    assert "\n来源：定兴县人民政府办公室\n" in joined.text


def test_a_line_short_of_the_width_keeps_its_break() -> None:
    # fourteen characters that stop inside a word, between a sentence's end and a paragraph
    # wrapped at 20
    first = "全年新建改建农村公路120公里，完成城区雨污分流改造工程，实施老旧小区改造工程18个，新建口袋公园6个，群众满意度提升。"
    short = "加快城区雨污分流改造工程建设"
    text = wrap_chars(first, 20) + "\n" + short + "\n" + wrap_chars(PARAGRAPH, 20)
    joined = Joined.of(text)
    assert joined.wrapped
    assert joined.text == first + "\n" + short + "\n" + PARAGRAPH


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
    joined = Joined.of(text)
    assert (joined.wrapped, joined.text is text, joined.cuts) == (False, True, ())


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
    # each wrap takes the spaces around it, and the \r\n, with it; the other breaks stay whole
    assert all(text[a:b] == "  \r\n  " for a, b in joined.cuts)
    assert len(joined.cuts) == len(lines) - 1 - sum(line[-1] in "。" for line in lines[:-1])
    assert joined.text == "  " + PARAGRAPH + "  "


def test_a_pdf_wrap_by_printed_width_is_found_with_digits_on_the_lines() -> None:
    text = wrap_width(PARAGRAPH * 2, 20)
    cuts = soft_breaks(text)
    assert cuts
    assert [a for a, _b in cuts] == [i for i, c in enumerate(text) if c == "\n" and text[i - 1] != "。"]
    assert Joined.of(text).text == PARAGRAPH + PARAGRAPH


def test_too_few_or_too_narrow_lines_are_no_wrap() -> None:
    assert soft_breaks(PARAGRAPH) == []
    assert soft_breaks("") == []
    # four lines stopping inside a word: too few to tell a wrap; five are enough
    assert soft_breaks(wrap_chars(PARAGRAPH[:123], 21)) == []
    assert soft_breaks(wrap_chars(PARAGRAPH[:144], 21)) != []
    # lines narrower than a page's column
    assert soft_breaks(wrap_chars(PARAGRAPH * 3, 12)) == []
    assert soft_breaks(wrap_chars(PARAGRAPH * 3, 16)) != []


def test_lines_of_no_common_width_are_no_wrap() -> None:
    # every line stops inside a word, at widths from 18 to 46
    widths = [18, 33, 25, 46, 21, 38, 30, 42, 19, 35]
    body, lines = PARAGRAPH * 3, []
    for w in widths:
        lines.append(body[:w])
        body = body[w:]
    text = "\n".join(lines)
    assert all(line[-1].isalnum() for line in lines)
    assert soft_breaks(text) == []
    used = "".join(lines)
    assert soft_breaks(wrap_chars(used, 20)) != []  # the same text wrapped at one width


def test_a_pdf_wrap_is_found_by_printed_width_where_character_counts_differ() -> None:
    # lines full of digits and Latin letters hold more characters in the same width
    body = "".join(
        f"第{i}批次5G基站和IDC机房扩容工程完成投资{i * 3}.{i}亿元，"
        + ("新建光缆1234.56公里和PON端口8800个，" if i % 2 else "新建光缆百余公里，")
        for i in range(1, 9)
    )
    text = wrap_width(body, 20)
    lengths = [len(line) for line in text.split("\n")[:-1]]
    assert max(lengths) - min(lengths) > 4  # too far apart for the character count to tell a width
    cuts = soft_breaks(text)
    assert [a for a, _b in cuts] == [i for i, c in enumerate(text) if c == "\n"]
    assert Joined.of(text).text == body


def test_a_list_a_table_or_a_page_header_is_no_wrap() -> None:
    project_list = (
        "2024年重点建设项目\n1.恒远化工有限公司年产5万吨硫酸项目\n2.金穗粮油年产10万吨面粉深加工项目\n"
        "3.瑞丰门窗年产20万平方米铝合金门窗项目\n4.青禾食品年产3万吨速冻食品加工项目\n"
        "5.潴龙河大桥重建工程及连接线建设项目\n6.拒马河综合治理工程二期生态修复项目\n"
    )
    points = "".join(f"{n}是加快推进潴龙河大桥重建项目和拒马河综合治理工程建设\n" for n in "一二三四五六")
    table = "序号\t项目名称\t建设单位\t总投资(亿元)\n" + "".join(
        f"{i}\t年产{i}万吨硫酸及配套设施项目\t恒远化工有限公司第{i}分公司\t{i}.2\n" for i in range(1, 8)
    )
    header = (
        "定兴县2024年政府工作报告全文发布\n发布时间：2024-01-20 10:30:00\n来源：定兴县人民政府办公室\n"
        "定兴县人民政府县长在县第十七届人民代表大会第四次会议上所作的政府工作报告全文\n"
        "上一篇：关于做好2024年春节期间安全生产工作的通知\n下一篇：定兴县召开2024年重点项目建设推进会议\n"
    )
    for text in (project_list, points, table, header, header + project_list):
        assert soft_breaks(text) == [], text[:20]


def test_lines_that_end_where_words_end_are_no_wrap() -> None:
    # a list without markers, slogans and a page's headlines: lines of one width, with commas,
    # that stop between two characters of a word but never cut a word of the dictionary
    projects = "".join(
        f"{name}有限公司{what}，总投资{money}亿元\n"
        for name, what, money in [
            ("恒远化工", "年产5万吨硫酸项目", "3.2"),
            ("金穗粮油", "面粉深加工扩建项目", "1.8"),
            ("瑞丰门窗", "铝合金门窗生产线", "2.5"),
            ("青禾食品", "速冻食品冷链项目", "1.1"),
            ("宏达纺织", "年产万吨纺纱项目", "4.6"),
            ("东方新材", "碳纤维复合材料项目", "0.9"),
        ]
    )
    slogans = (
        "坚持党的全面领导，确保正确政治方向\n坚持以人民为中心，增进民生福祉水平\n"
        "坚持新发展理念，推动经济高质量发展\n坚持深化改革开放，激发市场主体活力\n"
        "坚持系统观念统筹，守住安全发展底线\n坚持全面从严治党，锻造过硬干部队伍\n"
    )
    headlines = (
        "县长主持召开常务会议，研究部署重点工作\n全县安全生产工作会议召开，压实各方责任\n"
        "我县召开优化营商环境推进会，聚焦企业诉求\n县领导调研重点项目建设，强调加快施工进度\n"
        "全县秋粮收购工作有序推进，农民增收有保障\n县人大常委会开展执法检查，推动法律落实\n"
    )
    for text in (projects, slogans, headlines, PARAGRAPH + "\n" + headlines + PARAGRAPH):
        assert soft_breaks(text) == [], text[:20]
    assert [p.name for p in cnreport.parse(projects).projects][:2] == [
        "恒远化工有限公司年产5万吨硫酸项目",
        "金穗粮油有限公司面粉深加工扩建项目",
    ]


def test_a_number_cut_before_its_decimal_point_is_joined() -> None:
    text = wrap_chars(PARAGRAPH * 2, 26)
    assert "增长12\n.5%" in text  # the wrap falls between 12 and .5%
    assert "同比增长12.5%" in Joined.of(text).text
    assert [(q.text, q.value) for q in cnreport.parse(text).quantities if "\n" in q.text] == [
        ("12\n.5%", 12.5),
        ("12.5\n%", 12.5),
    ]


def test_escaped_line_breaks_are_read_as_normalize_reads_them() -> None:
    # a wrapped text copied out of a CSV cell: its breaks are the characters \n
    text = wrap_chars(PARAGRAPH * 2, 21).replace("\n", "\\n")
    report = cnreport.parse(text)
    assert Joined.of(normalize(text).text).wrapped
    assert "恒远化工有限公司" in {e.name for e in report.entities}
    for item in (*report.quantities, *report.entities, *report.times):
        assert text[item.start : item.end] == item.text


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
    text = (
        "今年以来新建改建农村公路120公里，潴\n龙河大桥重建项目加快推进，恒远化工有限\n公司年产5万吨硫酸项目竣工投产，完成城\n"
        "区雨污分流改造工程，实施老旧小区改造工\n程18个，新建口袋公园6个，金穗粮油完\n成技术改造，引进瑞丰门窗、青禾食品等企\n业12家。"
    )
    joined = Joined.of(text)
    assert joined.cuts == ((19, 20), (39, 40), (59, 60), (79, 80), (99, 100), (119, 120))
    s = joined.text.index("潴龙河大桥重建项目")
    assert joined.span(s, s + 9) == (18, 28)
    assert text[18:28] == "潴\n龙河大桥重建项目"
    s = joined.text.index("公司年产")
    assert joined.span(s, s + 2) == (40, 42)  # a name starting right after a wrap does not take it
    s = joined.text.index("恒远化工有限")
    assert joined.span(s, s + 6) == (33, 39)  # nor one ending right before it
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
    # a quantity held by a row is the report's own, moved once
    assert any(q is money for q in report.quantities)


def test_the_site_s_matter_of_a_wrapped_page_is_found_in_the_caller_s_text() -> None:
    head = "园区上半年工作总结\n来源：某某日报\n"
    tail = "\n分享到：\n上一篇：某某县2020年工作总结\n"
    text = head + wrap_chars(PARAGRAPH * 2, 21) + tail
    report = cnreport.parse(text, reference_date=date(2021, 7, 1))
    assert report.page_end == text.index("分享到")
    assert [(s.kind.value, text[s.start : s.end]) for s in report.site] == [
        ("field", "来源：某某日报"),
        ("tail", tail[1:]),
    ]
    assert all(e.start < report.page_end for e in report.entities)


def test_a_name_no_wrap_cuts_keeps_one_string_object() -> None:
    """Moving the findings back to the caller's text keeps each one's own string where no
    break falls inside it: a name written twice unbroken is one object, its name the same."""
    text = wrap_chars(PARAGRAPH + PARAGRAPH, 21)
    report = cnreport.parse(text)
    whole: dict[str, set[int]] = {}
    broken = set()
    for e in report.entities:
        assert text[e.start : e.end] == e.text
        if "\n" in e.text:
            broken.add(e.name)
            assert e.text.replace("\n", "") == e.name
        else:
            assert e.text is e.name
            whole.setdefault(e.text, set()).add(id(e.text))
    assert {name: len(ids) for name, ids in whole.items() if len(ids) > 1} == {}
    assert {"恒远化工有限公司", "拒马河综合治理工程"} <= broken
    assert {"恒远化工有限公司", "拒马河综合治理工程", "瑞丰门窗"} <= set(whole)


def test_the_outline_of_a_wrapped_report_holds() -> None:
    heading1, heading2 = "一、上半年工作回顾", "二、下半年工作安排"
    plain_text = f"{heading1}\n{PARAGRAPH}\n{heading2}\n{PARAGRAPH}\n"
    text = f"{heading1}\n{wrap_chars(PARAGRAPH, 21)}\n{heading2}\n{wrap_chars(PARAGRAPH, 21)}\n"
    plain, report = cnreport.parse(plain_text), cnreport.parse(text)
    assert [(s.heading, s.level) for s in report.sections] == [(s.heading, s.level) for s in plain.sections]
    assert [s.heading for s in report.sections] == ["上半年工作回顾", "下半年工作安排"]
    for section in report.sections:
        assert text[section.heading_start : section.heading_end] == section.heading
    second = report.sections[1]
    assert (second.start, second.end) == (text.index(heading2), len(text))
    assert report.section_at(text.index("恒远化工", second.start)) == second


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
    # one paragraph to a line, with headings: many lines, none of them a wrap
    text = "一、上半年工作回顾\n" + "\n".join([PARAGRAPH] * 6) + "\n二、下半年工作安排\n" + PARAGRAPH
    report = cnreport.parse(text)
    assert Joined.of(normalize(text).text).wrapped is False
    with mock.patch("cnreport.wrapping.soft_breaks", return_value=[]):
        before = cnreport.parse(text)
    assert report == before


@pytest.mark.skipif(not (SHARED / "reports").is_dir(), reason="needs ../shared/reports")
def test_no_real_report_as_published_nor_a_piece_of_one_is_taken_for_wrapped() -> None:
    files = sorted((SHARED / "reports").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    assert [f.name for f, t in zip(files, texts, strict=True) if soft_breaks(t)] == []
    # a section or a cell of a report: every run of 8 or 20 lines
    pieces = []
    for f, t in zip(files, texts, strict=True):
        lines = t.split("\n")
        for size in (8, 20):
            for s in range(0, max(1, len(lines) - size + 1), 2):
                if soft_breaks("\n".join(lines[s : s + size])):
                    pieces.append((f.name, s, size))
    assert pieces == []


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


def test_restore_copies_and_keeps_one_object_for_a_record_held_twice() -> None:
    text = wrap_chars(PARAGRAPH * 2, 21)
    joined = Joined.of(text)
    inner = cnreport.parse(joined.text, reference_date=date(2021, 7, 1))
    moved = joined.restore(inner, text)
    # the records of the joined text are left as they were; the copies point into ``text``
    assert [e.text for e in inner.entities] == [joined.text[e.start : e.end] for e in inner.entities]
    assert [e.text for e in moved.entities] == [text[e.start : e.end] for e in moved.entities]
    assert "恒远化工有限\n公司" in [e.text for e in moved.entities]
    row = next(p for p in moved.projects if p.investment is not None)
    assert any(q is row.investment for q in moved.quantities)
    assert moved.to_dict() == cnreport.parse(text, reference_date=date(2021, 7, 1)).to_dict() | {"text": joined.text}


def test_moving_in_place_moves_a_record_held_twice_once() -> None:
    """A layer's records are moved back in place; a record that two rows' fields and the
    quantities hold is moved once (moved twice, its span would shift past its text)."""
    from cnreport.types import Indicator, Kind, Quantity

    text = wrap_chars(PARAGRAPH * 2, 21)
    joined = Joined.of(text)
    at = joined.text.rindex("48.3亿元")
    assert joined.span(0, at)[1] > at  # breaks fall before it: its span moves

    def layer(norm: object) -> tuple[object, ...]:
        q = Quantity(at, at + 6, joined.text[at : at + 6], Kind.MONEY, "CNY")
        return (q, Indicator(at - 7, at + 6, "产值", value=q), Indicator(at - 7, at + 6, "产值", progress=q))

    q, first, second = wrapping.read(normalize(text), layer)
    assert first.value is q and second.progress is q
    assert (text[q.start : q.end], q.text) == ("48.3亿元", "48.3亿元")
    assert text[first.start : first.end].endswith("48.3亿元")
