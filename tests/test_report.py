"""The Report contract: types, errors, serialisation, offsets, never raising on text."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnreport
from cnreport import Report

SAMPLE = "1-6月园区完成规上工业总产值61.52亿元，同比增长12.5%；新落户企业5家，引进外资到位资金3.1亿元。"


@pytest.mark.parametrize(
    ("bad", "message"),
    [(b"abc", "bytes: decode it first"), (None, "NoneType"), (12, "int"), (["a"], "list")],
)
def test_wrong_text_type_names_what_was_given(bad: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        cnreport.parse(bad)  # type: ignore[arg-type]


def test_bad_options() -> None:
    with pytest.raises(TypeError, match="reference_date"):
        cnreport.parse("x", reference_date="2020-07-30")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="COMPANY"):
        cnreport.parse("x", gazetteer={"FIRM": ["某某科技"]})
    with pytest.raises(TypeError, match="list of names"):
        cnreport.parse("x", gazetteer={"COMPANY": "某某科技"})


def test_results_are_frozen() -> None:
    r = cnreport.parse(SAMPLE)
    with pytest.raises(AttributeError):
        r.quantities[0].value = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        r.title = "x"  # type: ignore[misc]


def test_to_dict_is_plain_json_and_round_trips() -> None:
    r = cnreport.parse(SAMPLE, reference_date=date(2020, 7, 30), doc_id="a.txt")
    data = r.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["quantities"][0] == {
        "start": 15, "end": 22, "text": "61.52亿元", "kind": "money", "unit": "CNY",
        "value": 6152000000, "approx": None, "masked": False, "low": None, "high": None,
        "parts": [], "to": None,
    }
    assert data["reference_date"] == "2020-07-30"
    assert Report.from_dict(data) == r
    assert "61.52亿元" in r.to_json()


def test_tokens_are_a_function_of_the_report_and_keep_quantities_whole() -> None:
    r = cnreport.parse(SAMPLE)
    tokens = cnreport.tokenize(r)
    assert "61.52亿元" in [t.text for t in tokens]
    assert all(SAMPLE[t.start : t.end] == t.text for t in tokens)
    assert "tokens" not in r.to_dict()


def _items(r: Report):  # type: ignore[no-untyped-def]
    yield from r.quantities
    yield from r.entities
    yield from r.times


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_never_raises_and_offsets_hold(text: str) -> None:
    r = cnreport.parse(text)
    for item in _items(r):
        assert text[item.start : item.end] == item.text


REPORTISH = st.lists(
    st.sampled_from(
        [*list("0123456789０１２３４.。．,xX-至到%亿万千百十一二两三四五六七八九零余多约近超以上左右元美吨亩家个人次批项年月日第（）()、，；“”億萬兩"), "公司", "有限公司", "科技", "项目", "工程", "河", "渠", "省", "市", "区", "镇", "村", "园区", "年产", "在建项目", "同比增长", "今年以来", "截至", "上半年", "一、", "（一）", "\n", "等", "集团"]
    ),
    max_size=200,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(REPORTISH)
def test_reportish_text_round_trips(text: str) -> None:
    r = cnreport.parse(text)
    for item in _items(r):
        assert text[item.start : item.end] == item.text
    for row in (*r.indicators, *r.projects):
        assert 0 <= row.start <= row.end <= len(text)
    for top in r.sections:
        for sec in top.walk():
            assert 0 <= sec.start <= sec.end <= len(text)
    assert Report.from_dict(json.loads(r.to_json())) == r


def test_odd_and_large_inputs() -> None:
    for text in ["", " ", "\x00\x01", "🙂" * 100, "亿" * 4000, "1" * 5000 + "亿元", "x" * 3000 + "万元"]:
        r = cnreport.parse(text)
        assert all(text[q.start : q.end] == q.text for q in r.quantities)


def test_a_report_without_any_date_warns_and_names_the_fix() -> None:
    import cnreport as _c

    r = _c.parse("上半年完成投资3亿元，今年力争新增企业5家。")
    assert r.reference_date is None and r.warnings and "reference_date=" in r.warnings[0]
    assert all(t.first_day is None for t in r.times)
    dated = _c.parse("上半年完成投资3亿元。", reference_date=date(2021, 7, 1))
    assert dated.warnings == () and dated.times[0].first_day == date(2021, 1, 1)


def test_a_report_dated_only_by_its_headings_resolves_against_their_year() -> None:
    import cnreport as _c

    text = "一、2023年工作回顾\n全年完成投资3亿元。\n二、2024年工作安排\n今年力争完成投资4亿元。\n"
    r = _c.parse(text)
    assert r.published is None and r.reference_date == date(2024, 1, 1)
    assert "2024-01-01" in r.warnings[0] and "reference_date=" in r.warnings[0]
    assert "工作回顾" not in r.warnings[0]  # the warning says what was done, with no example that reads as a finding
    days = {t.text: (t.first_day, t.last_day) for t in r.times}
    assert days["全年"] == (date(2023, 1, 1), date(2023, 12, 31))
    assert days["今年"] == (date(2024, 1, 1), date(2024, 12, 31))
    # a date passed by the caller wins, and then nothing is inferred
    assert _c.parse(text, reference_date=date(2025, 2, 1)).warnings == ()


def test_escaped_line_breaks_of_a_table_cell_read_as_real_ones() -> None:
    import cnreport as _c

    # text taken out of a CSV or JSON cell: its line breaks are the characters \\r\\n
    real = "一、2018年工作回顾\n2018年，全县完成投资3亿元。\n二、2019年工作安排\n2019年力争新增企业5家。\n"
    cell = real.replace("\n", "\\r\\n")
    a, b = _c.parse(real), _c.parse(cell)
    assert [(t.text, t.first_day) for t in b.times] == [(t.text, t.first_day) for t in a.times]
    assert [t.text for t in b.times] == ["2018年", "2018年", "2019年", "2019年"]
    assert [q.text for q in b.quantities] == ["3亿元", "5家"]
    assert all(cell[x.start : x.end] == x.text for x in (*b.times, *b.quantities))
    assert [s.heading for s in b.sections] == [s.heading for s in a.sections] == ["2018年工作回顾", "2019年工作安排"]
    # a text with more real newlines than escaped ones keeps its backslashes as they are
    assert _c.parse("路径C:\\new\n2018年\n2019年\n").times[0].text == "2018年"


def test_a_page_date_of_another_year_gives_way_to_the_headings() -> None:
    import cnreport as _c

    # a report of 2022 posted again in 2023: the page's date is all the text gives
    text = (
        "2022年某县政府工作报告\n时间：2023-01-24\n"
        "一、2021年工作回顾\n全年完成投资3亿元。\n二、2022年工作安排\n今年力争完成投资4亿元。\n"
    )
    r = _c.parse(text)
    assert r.page_date == date(2023, 1, 24) and r.reference_date == date(2022, 1, 1)
    days = {t.text: t.first_day for t in r.times}
    assert days["全年"] == date(2021, 1, 1) and days["今年"] == date(2022, 1, 1)
    assert "page" in r.warnings[0] and "reference_date=" in r.warnings[0]


def test_a_report_dated_by_nothing_but_its_title_resolves_against_the_title_s_year() -> None:
    import cnreport as _c

    # a summary of the report posted two years later, with no headings: the title's year
    page = "某某区2021年政府工作报告\n时间：2023-03-30\n今年全区力争新开工项目40个，上半年完成投资20亿元。\n"
    r = _c.parse(page)
    assert (r.page_date, r.reference_date) == (date(2023, 3, 30), date(2021, 1, 1))
    assert "2021-01-01" in r.warnings[0] and "title" in r.warnings[0]
    days = {t.text: (t.first_day, t.last_day) for t in r.times}
    assert days["今年"] == (date(2021, 1, 1), date(2021, 12, 31))
    assert days["上半年"] == (date(2021, 1, 1), date(2021, 6, 30))
    # the year written in full-width digits is the same year
    assert _c.parse(page.replace("2021", "２０２１")).reference_date == date(2021, 1, 1)
    # a half-year summary with no date at all: its half of the year named
    r = _c.parse("园区2020年上半年工作总结\n今年以来，园区新签约项目12个。\n")
    assert r.reference_date == date(2020, 7, 1)  # the day after the half it names
    assert [(t.text, t.first_day, t.last_day) for t in r.times if t.text == "今年以来"] == [
        ("今年以来", date(2020, 1, 1), date(2020, 7, 1))
    ]
    # known by its year alone, the reference gives no day: 今年以来 ends on a day nobody knows
    r = _c.parse("园区2020年工作总结\n今年以来，园区新签约项目12个。\n")
    assert r.reference_date == date(2020, 1, 1)
    assert [(t.text, t.first_day, t.last_day) for t in r.times if t.text == "今年以来"] == [("今年以来", None, None)]
    # a page of the title's own year keeps its date
    same = "某某区2021年政府工作报告\n时间：2021-03-30\n今年全区力争新开工项目40个。\n"
    assert (_c.parse(same).reference_date, _c.parse(same).warnings) == (date(2021, 3, 30), ())


def test_a_title_s_year_that_is_not_the_year_of_delivery_dates_nothing() -> None:
    import cnreport as _c

    # the headings, where they name a year, go before the title: a report on last year's plan
    text = (
        "关于2023年国民经济和社会发展计划执行情况的报告\n时间：2024-01-25\n一、2023年计划执行情况\n"
        "全年完成固定资产投资52亿元。\n二、2024年工作安排\n今年全县地区生产总值预期增长6%左右。\n"
    )
    assert _c.parse(text).reference_date == date(2024, 1, 25)
    assert _c.parse(text.replace("时间：2024-01-25\n", "")).reference_date == date(2024, 1, 1)
    # a final account names the year before the one it is delivered in: the page's date holds
    final = "关于2022年市级决算的报告\n发布时间：2023-07-28\n今年以来，全市财政收入稳步增长。\n"
    assert (_c.parse(final).reference_date, _c.parse(final).warnings) == (date(2023, 7, 28), ())
    # a year after the page's own date is a goal, not the year of delivery
    plan = "某县国民经济和社会发展第十四个五年规划和2035年远景目标纲要\n发布时间：2021-03-05\n今年力争增长7%。\n"
    assert _c.parse(plan).reference_date == date(2021, 3, 5)
    # a title of two years tells none: the headings do
    text = "某县2020年工作总结和2021年工作计划\n一、2020年工作回顾\n全年完成投资3亿元。\n"
    assert _c.parse(text).reference_date == date(2021, 1, 1)


def test_the_site_spans_read_back_only_in_order() -> None:
    text = "来源：某某日报\n正文。\n分享到："
    good = [{"start": 0, "end": 7, "kind": "field"}, {"start": 12, "end": 16, "kind": "tail"}]
    assert Report.from_dict({"text": text, "site": good}).page_end == 12
    for bad, why in [
        ([{"start": 12, "end": 14, "kind": "tail"}], "tail"),
        ([{"start": 12, "end": 16, "kind": "tail"}, {"start": 0, "end": 7, "kind": "field"}], "last span"),
        ([{"start": 5, "end": 9, "kind": "field"}, {"start": 0, "end": 7, "kind": "field"}], "before"),
        ([{"start": 0, "end": 17, "kind": "field"}], "past the end"),
        ([{"start": 0, "end": 7, "kind": "header"}], "must be one of"),
    ]:
        with pytest.raises(ValueError, match=why):
            Report.from_dict({"text": text, "site": bad})


@pytest.mark.parametrize("form", ["crlf", "escaped", "fullwidth"])
def test_the_site_spans_point_into_the_caller_s_text(form: str) -> None:
    text = "2024年某某县政府工作报告\n来源：某某县融媒体中心\n各位代表：\n全县完成地区生产总值98.6亿元，增长5.2%。\n分享到：\n上一篇：某某县2023年政府工作报告\n"
    if form == "crlf":
        text = text.replace("\n", "\r\n")
    elif form == "escaped":
        text = text.replace("\n", "\\n")
    else:
        text = text.replace("98.6", "９８．６").replace("：", ":")
    r = cnreport.parse(text)
    assert [(s.kind.value, text[s.start : s.end]) for s in r.site] == [
        ("field", text[text.index("来源") : text.index("中心") + 2]),
        ("tail", text[text.index("分享到") :]),
    ]
    assert [q.text for q in r.quantities] == ["９８．６亿元" if form == "fullwidth" else "98.6亿元", "5.2%"]


def test_the_year_under_review_resolves_a_review_section() -> None:
    import cnreport as _c

    text = (
        "2025年某县政府工作报告\n——2026年1月20日在某县人民代表大会上\n各位代表：\n"
        "一、2025年工作回顾\n过去一年，全县上半年完成投资8亿元，12月份新开工项目3个。五年来累计投资90亿元。\n"
        "二、2026年工作安排\n今年上半年力争完成投资9亿元。今后五年再投资100亿元。\n"
    )
    r = _c.parse(text)
    assert r.published == date(2026, 1, 20)
    days = {(t.text, t.start > text.index("二、")): (t.first_day, t.last_day) for t in r.times}
    assert days[("过去一年", False)] == (date(2025, 1, 1), date(2025, 12, 31))
    assert days[("上半年", False)] == (date(2025, 1, 1), date(2025, 6, 30))
    assert days[("12月份", False)] == (date(2025, 12, 1), date(2025, 12, 31))
    assert days[("五年来", False)] == (date(2021, 1, 1), date(2025, 12, 31))
    assert days[("今年上半年", True)] == (date(2026, 1, 1), date(2026, 6, 30))
    assert days[("今后五年", True)] == (date(2026, 1, 1), date(2030, 12, 31))


# written for this test: a name, a figure, a period and an indicator, each twice
_REPEATS = (
    "上半年全区完成固定资产投资12.5亿元，同比增长5.0%，绿源科技年产3万吨项目开工；"
    "下半年完成固定资产投资12.5亿元，同比增长5%，绿源科技扩建项目竣工，滹沱河治理工程完工。\n"
    "上半年滹沱河沿岸新增造林1.2万亩。"
)


def _one_object_per_value(report: cnreport.Report) -> dict[str, set[int]]:
    """For each kind of repeated text or value, how many distinct objects hold it."""
    objects: dict[str, set[int]] = {}
    for q in report.quantities:
        objects.setdefault(f"quantity {q.text}", set()).add(id(q.text))
        objects.setdefault(f"value {q.value}", set()).add(id(q.value))
    for e in report.entities:
        objects.setdefault(f"entity {e.text}", set()).update({id(e.text), id(e.name)})
    for t in report.times:
        objects.setdefault(f"time {t.text}", set()).add(id(t.text))
    for i in report.indicators:
        objects.setdefault(f"indicator {i.name}", set()).add(id(i.name))
    return objects


def test_equal_texts_and_values_are_one_object() -> None:
    """A long text holds hundreds of thousands of findings; equal texts, names and numbers
    share one object (the memory target of docs/performance.md)."""
    report = cnreport.parse(_REPEATS)
    counts = {k: len(v) for k, v in _one_object_per_value(report).items()}
    assert {k: v for k, v in counts.items() if v > 1} == {}
    # 5.0% and 5% are one number; equal values of different texts are shared too
    assert [str(q.value) for q in report.quantities if q.unit == "%"] == ["5", "5"]
    assert {k for k in counts if k.startswith(("entity", "time", "indicator"))} == {
        "entity 绿源科技",
        "entity 绿源科技年产3万吨项目",
        "entity 绿源科技扩建项目",
        "entity 滹沱河",
        "entity 滹沱河治理工程",
        "time 上半年",
        "time 下半年",
        "indicator 固定资产投资",
        "indicator 滹沱河沿岸新增造林",
    }


def test_to_json_saves_as_utf8_whatever_surrogates_the_text_holds() -> None:
    import json

    import cnreport as _c

    # a surrogate alone reads back as itself; a high one right before a low one would read back as
    # one character, and is written as two U+FFFD, so every offset still holds
    alone = _c.parse("新增企业\udcff3家\ud800")
    assert _c.Report.from_dict(json.loads(alone.to_json().encode("utf-8"))) == alone
    paired = _c.parse("\ud800\udc00新增企业3家")
    back = _c.Report.from_dict(json.loads(paired.to_json().encode("utf-8")))
    assert back.text == "\ufffd\ufffd新增企业3家"
    assert [(q.start, q.end, back.text[q.start : q.end]) for q in back.quantities] == [(6, 8, "3家")]


def test_the_site_matter_after_a_report_gives_no_findings() -> None:
    from tests.test_structure import SITE_PAGE

    report = cnreport.parse(SITE_PAGE)
    end = SITE_PAGE.index("分享到")
    assert [(q.text, q.start) for q in report.quantities] == [
        ("98.6亿元", SITE_PAGE.index("98.6亿元")),
        ("5.1%", SITE_PAGE.index("5.1%")),
    ]
    assert all(x.start < end for x in (*report.entities, *report.times))
    assert ("清水河", "WATER") in {(e.text, e.label.value) for e in report.entities}
    assert "北京市" not in {e.text for e in report.entities}
    assert [t.text for t in report.times if t.text.startswith("2025")] == []
    # the same report without the site's matter reads the same
    bare = cnreport.parse(SITE_PAGE[:end])
    assert (bare.quantities, bare.entities, bare.times) == (report.quantities, report.entities, report.times)
    # and the report says where the site's matter starts, in its JSON too
    assert report.page_end == end
    assert [(s.kind.value, s.start, s.end) for s in report.site if s.kind.value == "tail"] == [
        ("tail", end, len(SITE_PAGE))
    ]
    assert (bare.page_end, [s for s in bare.site if s.kind.value == "tail"]) == (None, [])
    back = cnreport.Report.from_dict(json.loads(report.to_json()))
    assert (back.site, back.page_end) == (report.site, end)
    assert cnreport.tables(report)["documents"][0]["page_end"] == end
    assert cnreport.tables(bare)["documents"][0]["page_end"] is None


def test_the_page_s_own_fields_give_no_findings() -> None:
    text = (
        "2026年某省政府工作报告\n来源：某省日报 时间：2026-02-11\n作者：中国县域\n各位代表：\n"
        "过去一年，全省地区生产总值增长5.4%，长江干流水质稳定在Ⅱ类。\n"
    )
    report = cnreport.parse(text)
    assert [(e.text, e.label.value) for e in report.entities] == [("长江", "WATER")]
    assert report.page_date == date(2026, 2, 11)
    assert [(s.kind.value, text[s.start : s.end]) for s in report.site] == [
        ("field", "来源：某省日报"),
        ("field", "作者：中国县域"),
    ]
    assert report.page_end is None
    assert [q.text for q in report.quantities] == ["5.4%"]


def test_the_page_s_summary_of_the_report_is_not_read_twice() -> None:
    text = (
        "2024年某某县政府工作报告\n内容摘要：\n各位代表：全县完成地区生产总值98.6亿元，清水河治理......\n"
        "各位代表：\n全县完成地区生产总值98.6亿元，清水河综合治理全面完成。\n"
    )
    report = cnreport.parse(text)
    body = text.rindex("各位代表")
    assert [(q.text, q.start) for q in report.quantities] == [("98.6亿元", text.index("98.6亿元", body))]
    assert [(e.text, e.start) for e in report.entities if e.label.value == "WATER"] == [
        ("清水河", text.index("清水河", body))
    ]


def test_a_half_year_heading_dates_a_report_in_its_own_year() -> None:
    import cnreport as _c

    text = "一、2023年上半年工作总结\n上半年完成投资3亿元。\n二、下半年工作安排\n今年力争完成投资7亿元。\n"
    r = _c.parse(text)
    assert r.reference_date == date(2023, 7, 1)  # the day after the half it reviews
    days = {t.text: (t.first_day, t.last_day) for t in r.times}
    assert days["上半年"] == (date(2023, 1, 1), date(2023, 6, 30))
    assert days["今年"] == (date(2023, 1, 1), date(2023, 12, 31))
    # a page dated in that year is then the report's own date, not a later posting
    page = "发布时间：2023-07-20\n" + text
    assert _c.parse(page).reference_date == date(2023, 7, 20)
    # a review of the last quarter or of December dates the report in the next year
    q4 = "一、2023年第四季度工作总结\n四季度完成投资。\n二、下步工作打算\n全年完成投资目标。\n"
    assert _c.parse(q4).reference_date == date(2024, 1, 1)
    assert {t.text: t.first_day for t in _c.parse(q4).times}["全年"] == date(2024, 1, 1)
    # a past year the heading names goes before a part of the next (…及2026年一季度进展)
    both = "一、2025年工作回顾及2026年一季度进展\n全年完成投资。\n二、2026年重点工作\n"
    assert {t.text: t.first_day for t in _c.parse(both).times}["全年"] == date(2025, 1, 1)


def test_a_reference_known_by_its_year_alone_gives_no_day() -> None:
    import cnreport as _c

    text = "一、2017年工作回顾\n截至目前完成投资5亿元。\n二、2018年工作安排\n元旦开展慰问，今天起实施。今年完成投资8亿元。\n"
    r = _c.parse(text)
    assert r.reference_date == date(2018, 1, 1)  # the year the headings point to: its day is unknown
    days = {t.text: (t.first_day, t.last_day) for t in r.times}
    assert days["截至目前"] == (None, None) and days["今天起"] == (None, None)
    assert days["元旦"] == (date(2018, 1, 1), date(2018, 1, 1))  # a day the text names keeps it
    assert days["今年"] == (date(2018, 1, 1), date(2018, 12, 31))
    # a date the caller gives is a day
    given = _c.parse(text, reference_date=date(2018, 1, 20))
    assert {t.text: t.first_day for t in given.times}["截至目前"] == date(2018, 1, 20)


def test_a_half_year_summary_dated_by_its_title_alone_reads_its_own_half() -> None:
    import cnreport as _c

    text = "某县2022年上半年工作总结\n一、上半年工作完成情况\n上半年完成投资3亿元，1-6月新增企业5家。\n二、下半年工作打算\n全年力争完成投资8亿元。\n"
    r = _c.parse(text)
    assert r.reference_date == date(2022, 7, 1)  # the day after the half its title names
    days = {t.text: (t.first_day, t.last_day) for t in r.times}
    assert days["上半年"] == (date(2022, 1, 1), date(2022, 6, 30))  # not the half of 2021
    assert days["1-6月"] == (date(2022, 1, 1), date(2022, 6, 30))
    assert days["全年"] == (date(2022, 1, 1), date(2022, 12, 31))
    # a summary of the last quarter stays in its year
    q4 = _c.parse("某县2023年第四季度工作总结\n四季度完成投资。全年完成投资9亿元。\n")
    assert q4.reference_date == date(2023, 1, 1)
    assert {t.text: t.first_day for t in q4.times}["全年"] == date(2023, 1, 1)
