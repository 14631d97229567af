"""The document layer: header fields, chrome, outline, stances, and the development set's outlines."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnreport.loader import Example, RuleError, entries, examples, where
from cnreport.normalize import normalize
from cnreport.structure import DocumentInfo, _is_chrome, _stance_of, document_rules, extract_document, past_year
from cnreport.types import Report, Section, Stance

DATA = Path(__file__).parent / "data"
BODY = "现在，我向大会报告上半年工作情况，请予审议。\n"


def _doc(text: str) -> DocumentInfo:
    return extract_document(normalize(text))


def _outline(doc: DocumentInfo) -> list[tuple[int, str, str, str]]:
    return [(s.level, s.marker, s.heading, s.stance.value) for top in doc.sections for s in top.walk()]


# ---------------------------------------------------------------------------
# every example of the rule files


def _field_examples() -> list[tuple[str, Example]]:
    out = []
    for source, i, entry in entries("headers.toml", "field"):
        for ex in examples(entry, where(source, "field", i, entry)):
            out.append((entry["field"], ex))
    return out


FIELD_EXAMPLES = _field_examples()
RULES = document_rules()


@pytest.mark.parametrize(("name", "example"), FIELD_EXAMPLES, ids=[e.text for _, e in FIELD_EXAMPLES])
def test_header_field_example(name: str, example: Example) -> None:
    doc = _doc(example.text + "\n\n" + BODY)
    if name == "other":
        assert (doc.title, doc.issuer, doc.doc_number) == (None, None, None)
        return
    got: Any = getattr(doc, name)
    expected = None if example.get("none") else example.get("value")
    assert got == expected, example.source


PAST_YEAR_EXAMPLES = [e for e in RULES.document_examples if "[past_year]" in e.source]


@pytest.mark.parametrize("example", PAST_YEAR_EXAMPLES, ids=[e.text for e in PAST_YEAR_EXAMPLES])
def test_past_year_example(example: Example) -> None:
    expected = None if example.get("none") else example.get("year")
    assert past_year(normalize(example.text).text) == expected, example.source


def test_a_report_dated_only_by_the_year_it_calls_past_resolves_against_the_next() -> None:
    import cnreport

    text = "一、过去五年工作回顾\n刚刚过去的2016年，是不平凡的一年。全年完成投资5亿元。\n"
    r = cnreport.parse(text)
    assert r.reference_date == date(2017, 1, 1) and "the year it calls just past" in r.warnings[0]
    days = {t.text: (t.first_day, t.last_day) for t in r.times}
    assert days["全年"] == (date(2016, 1, 1), date(2016, 12, 31))
    # headings that name a year win over it, and two years called past name none
    assert cnreport.parse("一、2020年工作回顾\n" + text).reference_date == date(2021, 1, 1)
    assert cnreport.parse(text + "刚刚过去的2015年，…\n").reference_date is None


@pytest.mark.parametrize("example", RULES.chrome_examples, ids=[e.text for e in RULES.chrome_examples])
def test_chrome_example(example: Example) -> None:
    assert _is_chrome(normalize(example.text).text, RULES) is bool(example.get("chrome")), example.source


@pytest.mark.parametrize("example", RULES.outline_examples, ids=[e.text for e in RULES.outline_examples])
def test_outline_example(example: Example) -> None:
    text = BODY + example.text + "\n"
    doc = _doc(text)
    if example.get("none"):
        assert doc.sections == (), example.source
        return
    assert doc.sections, example.source
    sec = doc.sections[0]
    assert sec.heading == example.get("heading"), example.source
    assert sec.marker == example.get("marker", ""), example.source
    assert text[sec.heading_start : sec.heading_end] == sec.heading


@pytest.mark.parametrize("example", RULES.stance_examples, ids=[e.text for e in RULES.stance_examples])
def test_stance_example(example: Example) -> None:
    assert (_stance_of(example.text, RULES) or Stance.OTHER).value == example.get("stance"), example.source


# ---------------------------------------------------------------------------
# metadata

HEADER_REPORT = """某某经济开发区2021年上半年工作总结

公开方式: 主动公开 索 引 号: 014500278/2021-004512 发布机构: 某某高新区管委会 发文日期: 2021年07月26日 09:10:11 文  号:无 发布日期: 2021年07月28日 10:00:00 名  称: 某某经济开发区2021年上半年工作总结

发布时间:2021-07-28 10:00

今年以来，开发区统筹推进各项工作。1-6月完成规上工业产值30.5亿元，比去年同期增长15%。

一、上半年工作开展情况

(一)项目建设提速。一是签约项目增多。上半年新签约项目6个。二是开工项目增多。

(二)营商环境优化。

二、存在的问题

三、下半年工作打算

(一)抓招商。力争年底前再签约项目5个。

用手机扫一扫,打开本页

我要纠错 打印本页 关闭窗口
"""


def test_header_fields_give_the_metadata() -> None:
    doc = _doc(HEADER_REPORT)
    assert doc.title == "某某经济开发区2021年上半年工作总结"
    assert doc.published == date(2021, 7, 28)
    assert doc.issuer == "某某高新区管委会"
    assert doc.doc_number == "014500278/2021-004512"


def test_header_outline_and_stances() -> None:
    doc = _doc(HEADER_REPORT)
    assert _outline(doc) == [
        (1, "一、", "上半年工作开展情况", "review"),
        (2, "(一)", "项目建设提速", "review"),
        (2, "(二)", "营商环境优化", "review"),
        (1, "二、", "存在的问题", "problem"),
        (1, "三、", "下半年工作打算", "plan"),
        (2, "(一)", "抓招商", "plan"),
    ]


def test_signature_date_when_there_is_no_header() -> None:
    text = (
        "某镇2020年上半年工作总结\n\n上半年，全镇完成固定资产投资5亿元。\n\n一、主要做法\n\n"
        "加强项目调度。\n\n二、下半年工作安排\n\n抓好项目开工。\n\n某镇人民政府\n2020年7月6日\n\n附件:\n"
    )
    doc = _doc(text)
    assert doc.published == date(2020, 7, 6)
    assert doc.issuer == "某镇人民政府"
    assert doc.title == "某镇2020年上半年工作总结"


def test_subtitle_date_when_there_is_no_header_nor_signature() -> None:
    text = (
        "某镇2020年上半年经济运行情况报告\n\n——2020年8月4日在某镇第十届人民代表大会第三次会议上\n\n李 某 某\n\n各位代表:\n\n"
        "下面，我代表镇人民政府向大会报告工作，请予审议。\n\n上半年主要工作回顾\n\n一、经济运行稳中有进\n\n上半年完成产值9亿元。\n\n"
        "下半年重点工作打算\n\n一、聚焦项目建设\n\n力争新开工项目5个。\n"
    )
    doc = _doc(text)
    assert doc.published == date(2020, 8, 4)
    assert doc.title == "某镇2020年上半年经济运行情况报告"
    assert _outline(doc) == [
        (1, "", "上半年主要工作回顾", "review"),
        (2, "一、", "经济运行稳中有进", "review"),
        (1, "", "下半年重点工作打算", "plan"),
        (2, "一、", "聚焦项目建设", "plan"),
    ]


def test_no_date_anywhere() -> None:
    doc = _doc("(二)加快项目建设。全年新开工项目8个。\n三、强化生态治理\n")
    assert (doc.title, doc.published) == (None, None)
    assert _outline(doc) == [(1, "(二)", "加快项目建设", "other"), (1, "三、", "强化生态治理", "other")]


def test_page_chrome_is_neither_title_nor_heading() -> None:
    text = (
        "- 18.5 KB\n- 2021-11-02 发布\n- 2、本文档来自网友投稿，仅供参考。\n- 网站客服QQ:12345678\n"
        "某园区2020年工作总结和2021年工作计划\n一、主要指标完成情况\n完成产值10亿元。\n"
        "阅读全文\n分享:\n打开微信扫一扫，把本文转给好友\n"
    )
    doc = _doc(text)
    assert doc.title == "某园区2020年工作总结和2021年工作计划"
    assert doc.published == date(2021, 11, 2)
    assert _outline(doc) == [(1, "一、", "主要指标完成情况", "review")]


def test_a_bracket_a_heading_s_colon_leaves_open_is_no_part_of_it() -> None:
    text = BODY + "二、重点企业运行情况（单位：亿元）\n锦程纺织产值18.6亿元。\n三、农业（粮食）生产：稳中有增\n"
    assert [h for _level, _marker, h, _stance in _outline(_doc(text))] == ["重点企业运行情况", "农业（粮食）生产"]


def test_table_of_contents_lines_are_not_headings() -> None:
    text = "工作总结汇编(3篇)\n2.某局2022年度工作总结12\n3.某县2022年度工作总结23\n一、上半年工作完成情况\n完成产值。\n"
    assert _outline(_doc(text)) == [(1, "一、", "上半年工作完成情况", "review")]


def test_lost_numeral_marker_and_enumeration() -> None:
    text = (
        BODY
        + "、存在的问题\n一是市场低迷。产品价格下跌。\n二是要素紧张。\n、下一步工作安排\n(一)强化调度。每月通报。\n"
    )
    assert _outline(_doc(text)) == [
        (1, "、", "存在的问题", "problem"),
        (2, "一是", "市场低迷", "problem"),
        (2, "二是", "要素紧张", "problem"),
        (1, "、", "下一步工作安排", "plan"),
        (2, "(一)", "强化调度", "plan"),
    ]


def test_child_with_its_own_stance_heading() -> None:
    text = BODY + "一、上半年工作回顾\n(一)招商引资。签约5个。\n(二)存在问题\n企业困难较多。\n二、下半年工作思路\n"
    assert _outline(_doc(text)) == [
        (1, "一、", "上半年工作回顾", "review"),
        (2, "(一)", "招商引资", "review"),
        (2, "(二)", "存在问题", "problem"),
        (1, "二、", "下半年工作思路", "plan"),
    ]


def test_an_aim_in_a_plan_heading_is_no_look_back() -> None:
    # 成效 and 情况 at a heading's end look back, except under a plan, where they name an aim
    text = BODY + "一、2026年重点工作\n(一)加快释放改革开放成效\n扩大开放。\n(二)全面掌握企业用工情况\n按月调度。\n二、主要做法和工作成效\n"
    assert _outline(_doc(text)) == [
        (1, "一、", "2026年重点工作", "plan"),
        (2, "(一)", "加快释放改革开放成效", "plan"),
        (2, "(二)", "全面掌握企业用工情况", "plan"),
        (1, "二、", "主要做法和工作成效", "review"),
    ]


def test_an_annex_with_nothing_but_page_chrome_is_no_section() -> None:
    text = BODY + "一、2026年重点工作\n扩大开放。\n附件\n1.名词一：解释一句话。\n"
    assert [x for x in _outline(_doc(text)) if x[0] == 1][-1] == (1, "", "附件", "other")
    chrome = BODY + "一、2026年重点工作\n扩大开放。\n附件:\n扫一扫，在手机上打开此页\n关闭窗口\n"
    assert _outline(_doc(chrome)) == [(1, "一、", "2026年重点工作", "plan")]


# a county report as a news site prints it: the report, then the site's own matter
SITE_PAGE = (
    "2024年某某县政府工作报告\n各位代表：\n一、2023年工作回顾\n全县完成地区生产总值98.6亿元，同比增长5.1%。\n"
    "二、2024年工作安排\n加快清水河综合治理，推进东城新区建设。\n"
    "分享到：\nQQ空间\n新浪微博\n上一篇：\n2023年某某县政府工作报告\n相关文章\n03-30\n"
    "某市某区2022年政府工作报告\n阅读排行\n甲市2021年政府工作报告\n乙县2023年政府工作报告\n标签云\n北京市\n2025年\n"
)


def test_the_site_matter_after_a_report_is_the_page_end() -> None:
    doc = _doc(SITE_PAGE)
    end = SITE_PAGE.index("分享到")
    assert doc.page_end == end
    assert doc.sections[-1].end <= end
    assert _doc(SITE_PAGE[:end]).page_end is None  # no site matter: the report runs to the end


def test_the_page_s_own_fields_are_site_matter() -> None:
    text = (
        "2024年某某县政府工作报告\n时间：2024-02-06 作者：中国县域 来源：某某县政府网 阅读：\n"
        "各位代表：\n一、2023年工作回顾\n全县完成地区生产总值98.6亿元。\n"
    )
    doc = _doc(text)
    fields = [text[a:b].strip() for a, b in doc.page_fields]
    assert fields == ["作者：中国县域", "来源：某某县政府网", "阅读："]
    assert doc.page_date == date(2024, 2, 6) and doc.title == "2024年某某县政府工作报告"


def test_a_page_field_with_its_value_on_the_next_line() -> None:
    # the page's summary repeats the report's opening; a label before the title leaves it alone
    text = (
        "字号：\n2024年某某县政府工作报告\n阅读：\n350\n内容摘要：\n"
        "——2024年1月20日在某某县人民代表大会上 各位代表：全县完成地区生产总值98.6亿元......\n"
        "——2024年1月20日在某某县第十八届人民代表大会第三次会议上\n各位代表：\n全县完成地区生产总值98.6亿元。\n"
    )
    doc = _doc(text)
    fields = [text[a:b] for a, b in doc.page_fields]
    assert fields == ["字号：", "阅读：", "350", "内容摘要：", text.split("\n")[5]]
    assert doc.title == "2024年某某县政府工作报告" and doc.published == date(2024, 1, 20)


def test_a_page_field_s_value_below_the_title_is_no_issuer() -> None:
    # 来源：⏎ and the newspaper's name alone on the next line: a short plain line under the
    # title, but the page's field, not the name of the one who delivers the report
    text = (
        "2026年某某省政府工作报告\n发表时间：\n2026-02-09 09:45:30\n来源：\n某某日报客户端\n阅读量：\n"
        "政府工作报告\n——2026年2月3日在某某省第十四届人民代表大会第四次会议上\n省人民政府省长 王某某\n"
        "各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n"
    )
    doc = _doc(text)
    assert doc.issuer == "省人民政府省长 王某某"
    assert [text[a:b] for a, b in doc.page_fields] == ["来源：", "某某日报客户端", "阅读量："]
    assert (doc.published, doc.page_date) == (date(2026, 2, 3), date(2026, 2, 9))
    # with no signature line, the value still names no issuer
    doc = _doc(text.replace("省人民政府省长 王某某\n", ""))
    assert doc.issuer != "某某日报客户端"


def test_a_title_or_a_date_under_an_empty_page_field_stays_what_it_is() -> None:
    # a counter with no value, then the title with no title word: the title, no field
    text = "浏览次数：\n关于某镇2023年工作情况的汇报\n各位代表：\n现在，我代表镇政府向大会报告工作。\n"
    doc = _doc(text)
    assert doc.title == "关于某镇2023年工作情况的汇报"
    assert [text[a:b] for a, b in doc.page_fields] == ["浏览次数："]
    # a date line under it is the page's date, not the counter's value
    text = "2024年某县政府工作报告\n阅读：\n2024-01-25\n各位代表：\n现在，我代表县政府向大会报告工作。\n"
    doc = _doc(text)
    assert doc.published == date(2024, 1, 25)
    assert [text[a:b] for a, b in doc.page_fields] == ["阅读："]
    # broken characters between fields are no part of them
    text = "2024年某县政府工作报告\n时间：2024-01-14????作者：中国县域????来源：政府网????阅读：\n各位代表：\n"
    assert [text[a:b] for a, b in _doc(text).page_fields] == ["作者：中国县域", "来源：政府网", "阅读："]


def test_a_short_report_before_many_lines_of_site_matter_still_ends() -> None:
    # the site's matter has more lines than the report: its start lies in the first third of the lines
    body = "各位代表：\n" + "全县实施清水河综合治理，完成河道清淤12公里，新建污水管网8公里，城乡面貌持续改善。\n" * 4
    tail = "分享到：\n" + "".join(f"03-{d:02d}\n某县202{d % 6}年政府工作报告\n" for d in range(1, 16))
    assert _doc(body + tail).page_end == len(body)


def test_prose_after_a_page_end_word_keeps_the_report_going() -> None:
    text = (
        BODY
        + "一、上半年工作回顾\n完成产值10亿元。\n相关报道：\n"
        + "下半年，我们将紧盯年度目标任务，加快重点项目建设，强化要素保障，全力以赴稳增长、促改革、调结构、惠民生、防风险。\n"
    )
    doc = _doc(text)
    assert doc.page_end is None
    assert doc.sections[-1].end == len(text)


def test_a_box_of_links_inside_an_article_ends_nothing() -> None:
    # a 相关阅读 box between two parts of a report: the report goes on after it, in short lines
    text = (
        BODY
        + "一、2023年工作回顾\n全年新增市场主体2100户，同比增长6.2%。\n相关阅读：\n某县召开政府常务会议\n"
        + "二、2024年工作安排\n（一）新建污水管网8公里。\n（二）重点项目完成投资12亿元；\n"
        + "分享到：\nQQ空间\n某市2023年政府工作报告\n"
    )
    doc = _doc(text)
    assert doc.page_end == text.index("分享到")
    assert [s.heading for s in doc.sections] == ["2023年工作回顾", "2024年工作安排"]


def test_section_at_finds_the_innermost_section() -> None:
    doc = _doc(HEADER_REPORT)
    report = Report(text=HEADER_REPORT, sections=doc.sections)
    at = HEADER_REPORT.index("上半年新签约项目")
    sec = report.section_at(at)
    assert sec is not None and sec.heading == "项目建设提速" and sec.stance == Stance.REVIEW
    sec = report.section_at(HEADER_REPORT.index("年底前"))
    assert sec is not None and sec.heading == "抓招商" and sec.stance == Stance.PLAN
    assert report.section_at(HEADER_REPORT.index("今年以来")) is None


def test_sections_nest_and_end_where_the_next_one_starts() -> None:
    doc = _doc(HEADER_REPORT)
    tops = doc.sections
    assert [s.end for s in tops[:-1]] == [s.start for s in tops[1:]]
    assert tops[-1].end == len(HEADER_REPORT)
    for top in tops:
        _check_nesting(top, HEADER_REPORT)


def _check_nesting(sec: Section, text: str) -> None:
    assert sec.start <= sec.heading_start < sec.heading_end <= sec.end
    assert text[sec.heading_start : sec.heading_end] == sec.heading
    for child in sec.children:
        assert sec.start < child.start and child.end <= sec.end and child.level == sec.level + 1
        _check_nesting(child, text)


def test_full_width_text_keeps_offsets() -> None:
    text = "某镇工作总结\n发布日期：２０２０年０７月３０日\n（一）抓项目建设。全年开工５个。\n"
    doc = _doc(text)
    assert doc.published == date(2020, 7, 30)
    sec = doc.sections[0]
    assert (sec.marker, sec.heading) == ("（一）", "抓项目建设")


# ---------------------------------------------------------------------------
# properties and hostile input


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("一二三、()（）1.是要上半年工作回顾计划存在问题发布日期:2021-03-09\n 。，")),
        max_size=120,
    )
)
def test_never_raises_and_sections_hold(text: str) -> None:
    doc = _doc(text)
    for top in doc.sections:
        _check_nesting(top, text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["分享到：", "相关文章", "标签：", "上一篇：", "某县2024年政府工作报告", "完成产值10亿元。", "一、工作回顾"]),
        max_size=30,
    ),
    st.integers(min_value=0, max_value=3),
)
def test_the_page_end_opens_a_line_of_site_matter_after_the_last_sentence(lines: list[str], prose: int) -> None:
    sentence = "全县上下围绕年度目标任务，狠抓项目建设和招商引资，经济运行总体平稳、稳中有进，民生事业持续改善。"
    text = "\n".join([BODY.strip(), *lines, *[sentence] * prose])
    doc = _doc(text)
    if prose or not lines:
        assert doc.page_end is None  # the text ends with a sentence of the report's
        return
    if lines[-1] in ("分享到：", "相关文章", "标签：", "上一篇："):
        assert doc.page_end is not None  # the last line is the site's, after the report's last sentence
    if doc.page_end is not None:
        assert text[doc.page_end :].startswith(tuple(RULES.page_end)) and text[doc.page_end - 1] == "\n"
        assert doc.page_end >= len(text) // 3
        assert all(top.end <= doc.page_end for top in doc.sections)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text(text: str) -> None:
    _doc(text)


@pytest.mark.parametrize(
    "hostile",
    ["一、标题\n" * 20000, "(一)" * 100000, "\n" * 200000, "发布日期:" * 20000, "一是" * 50000 + "\n", "亿" * 4000],
    ids=lambda s: s[:4],
)
def test_hostile_input_gives_a_document(hostile: str) -> None:
    # how fast: benchmarks/hostile.py; here only that the outline stays well formed
    doc = _doc(hostile)
    for top in doc.sections:
        _check_nesting(top, hostile)


def test_bad_marker_regex_is_rejected(pack: Path) -> None:
    (pack / "outline.toml").write_text(
        '[[marker]]\nid = "broken"\npattern = "(一"\nrank = 1\nexamples = ["一"]\n', encoding="utf-8"
    )
    with pytest.raises(RuleError, match=r"test_pack.*outline.toml: marker #1.*bad regex"):
        document_rules()


# ---------------------------------------------------------------------------
# the development set

SHARED = Path(__file__).resolve().parents[2] / "shared"

# The development reports' metadata and top level, checked by hand: (report, offset
# and length of the title line, delivery date, page date, [(heading offset, stance,
# number of subsections)]).  Offsets, not sentences: the reports stay in ../shared.
# fmt: off
DEVSET_DOCUMENTS: list[tuple[Any, ...]] = [
    ("000", 0, 24, "2020-07-03", "2020-07-30", [(327, "review", 4), (4052, "plan", 6)]),
    ("001", 0, 26, "2023-09-25", "2023-09-25", [
        (170, "review", 5), (1117, "review", 3), (1952, "review", 7), (3600, "problem", 0),
        (4659, "plan", 7), (5823, "review", 7), (9499, "problem", 3), (10075, "plan", 6)]),
    ("002", 0, 19, "2020-07-16", "2020-07-29", [(176, "review", 4), (2075, "plan", 4)]),
    ("003", 200, 24, "2021-04-17", None, [
        (227, "review", 0), (568, "review", 5), (4402, "problem", 4), (5622, "other", 0), (6175, "plan", 5)]),
    ("004", None, 0, None, None, [(3, "other", 0), (705, "other", 3)]),
]
# fmt: on


@pytest.mark.parametrize("row", DEVSET_DOCUMENTS, ids=[r[0] for r in DEVSET_DOCUMENTS])
def test_development_set_outline_and_metadata(row: tuple[Any, ...]) -> None:
    doc_id, title_at, title_len, published, page_date, tops = row
    paths = sorted((SHARED / "corpus").glob(f"{doc_id}_*.txt"))
    if not paths:
        pytest.skip("../shared (development set) is not present")
    text = paths[0].read_text(encoding="utf-8")
    doc = _doc(text)
    if title_at is None:
        assert doc.title is None
    else:
        assert doc.title == text[title_at : title_at + title_len]
    assert (str(doc.published) if doc.published else None) == published
    assert (str(doc.page_date) if doc.page_date else None) == page_date
    assert [(s.heading_start, s.stance.value, len(s.children)) for s in doc.sections] == tops
    for top in doc.sections:
        _check_nesting(top, text)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("\x00\x01\x02增长5%\x00", None),  # binary matter is no title
        ("全县新增市场主体320户", None),  # one line with no title word is content
        ("桐溪镇2024年工作总结", "桐溪镇2024年工作总结"),  # one line that names a report is one
        ("桐溪镇2024年上半年工作情况\n全镇新增市场主体320户。", "桐溪镇2024年上半年工作情况"),
        ("首页 > 政务公开 > 工作总结\n桐溪镇2024年上半年工作情况\n全镇新增市场主体320户。", "桐溪镇2024年上半年工作情况"),
        ("当前位置：首页 > 政务公开\n桐溪镇2024年上半年工作情况\n全镇新增市场主体320户。", "桐溪镇2024年上半年工作情况"),
    ],
)
def test_what_is_no_title(text: str, title: str | None) -> None:
    assert _doc(text).title == title
