"""Time expressions: every rule example, a golden table, properties and hostile input."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnreport.loader import Example, RuleError
from cnreport.normalize import normalize
from cnreport.times import extract_times, first_absolute_date, time_rules
from cnreport.types import TimeExpression, TimeKind

RULES = time_rules()
EXAMPLES = RULES.examples
REF = date(2020, 7, 30)


def _times(text: str, reference: date | None = REF) -> tuple[TimeExpression, ...]:
    return extract_times(normalize(text), reference)


def _one(text: str, span: str, reference: date | None = REF) -> TimeExpression:
    found = {t.text: t for t in _times(text, reference)}
    assert span in found, f"{span!r} not found in {list(found)}"
    return found[span]


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.text}" for e in EXAMPLES])
def test_time_rule_example(example: Example) -> None:
    ref: Any = example.get("reference", RULES.example_reference)
    reference = None if ref is False else ref
    found = _times(example.text, reference)
    if example.get("none"):
        assert found == (), f"{example.source}: expected no time, got {[t.text for t in found]}"
        return
    span = example.get("span", example.text)
    t = next((t for t in found if t.text == span), None)
    assert t is not None, f"{example.source}: {span!r} not found in {[t.text for t in found]}"
    assert example.text[t.start : t.end] == span
    if example.get("kind") is not None:
        assert t.kind == TimeKind(example.get("kind")), example.source
    assert t.first_day == example.get("first"), example.source
    assert t.last_day == example.get("last"), example.source
    assert t.masked is bool(example.get("masked", False))


# fmt: off
GOLDEN = [
    # (text, span, reference, kind, first, last)
    ("1-6月全镇完成规上工业产值8.2亿元", "1-6月", REF, "month_range", date(2020, 1, 1), date(2020, 6, 30)),
    ("1—5月实现税收3200万元", "1—5月", REF, "month_range", date(2020, 1, 1), date(2020, 5, 31)),
    ("1~6月份新增市场主体420户", "1~6月份", REF, "month_range", date(2020, 1, 1), date(2020, 6, 30)),
    ("1-6月完成投资2亿元，比去年同期增长6%", "去年同期", REF, "period", date(2019, 1, 1), date(2019, 6, 30)),
    ("截至6月27日，已办结案件52件", "截至6月27日", REF, "as_of", date(2020, 6, 27), date(2020, 6, 27)),
    ("今年以来，园区新签约项目5个", "今年以来", REF, "period", date(2020, 1, 1), REF),
    ("“十四五”期间建成产业园区2个", "“十四五”期间", REF, "period", date(2021, 1, 1), date(2025, 12, 31)),
    ("\"十三五\"期间累计投入5亿元", "\"十三五\"期间", None, "period", date(2016, 1, 1), date(2020, 12, 31)),
    ("发布日期：2021年03月09日 08:41:17", "2021年03月09日 08:41:17", None, "datetime", date(2021, 3, 9), date(2021, 3, 9)),
    ("发布时间:2021-03-09", "2021-03-09", None, "date", date(2021, 3, 9), date(2021, 3, 9)),
    ("2023年9月25日召开推进会", "2023年9月25日", None, "date", date(2023, 9, 25), date(2023, 9, 25)),
    ("2018年，全镇完成造林2000亩", "2018年", None, "year", date(2018, 1, 1), date(2018, 12, 31)),
    ("2016 年，全县完成造林3000亩", "2016 年", None, "year", date(2016, 1, 1), date(2016, 12, 31)),
    ("截至2016 年底，累计建成5座", "截至2016 年底", REF, "as_of", date(2016, 12, 31), date(2016, 12, 31)),
    ("6月份完成验收", "6月份", REF, "month", date(2020, 6, 1), date(2020, 6, 30)),
    ("4月当月销售1.38亿元", "4月", REF, "month", date(2020, 4, 1), date(2020, 4, 30)),
    ("截止目前，累计接待客商30批次", "截止目前", REF, "as_of", REF, REF),
    ("上半年全镇固定资产投资达8.7亿元", "上半年", REF, "half", date(2020, 1, 1), date(2020, 6, 30)),
    ("下半年力争新开工项目10个", "下半年", REF, "half", date(2020, 7, 1), date(2020, 12, 31)),
    ("二季度降幅收窄", "二季度", REF, "quarter", date(2020, 4, 1), date(2020, 6, 30)),
    ("确保三季度前全面复工", "三季度前", REF, "deadline", REF, date(2020, 9, 30)),
    ("确保年底前完成拆迁", "年底前", REF, "deadline", REF, date(2020, 12, 31)),
    ("年初，与企业签订目标责任书", "年初", REF, "season", date(2020, 1, 1), date(2020, 1, 31)),
    ("力争9月底前投产", "9月底前", REF, "deadline", REF, date(2020, 9, 30)),
    ("12月31日前完成验收", "12月31日前", REF, "deadline", REF, date(2020, 12, 31)),
    ("今年新增高新技术企业3家", "今年", REF, "year", date(2020, 1, 1), date(2020, 12, 31)),
    ("去年全年完成产值20亿元", "去年全年", REF, "year", date(2019, 1, 1), date(2019, 12, 31)),
    ("去年底有效发明专利357件", "去年底", REF, "season", date(2019, 12, 1), date(2019, 12, 31)),
    ("明年计划完成改造", "明年", REF, "year", date(2021, 1, 1), date(2021, 12, 31)),
    ("近三年累计引进项目40个", "近三年", REF, "period", date(2018, 1, 1), REF),
    ("今年(截止11月)外出招商50次", "截止11月", date(2020, 12, 20), "as_of", date(2020, 11, 30), date(2020, 11, 30)),
    ("2021年至2025年", "2021年至2025年", None, "period", date(2021, 1, 1), date(2025, 12, 31)),
    ("2021-2025年", "2021-2025年", None, "period", date(2021, 1, 1), date(2025, 12, 31)),
    ("2019年3月至6月", "2019年3月至6月", REF, "month_range", date(2019, 3, 1), date(2019, 6, 30)),
    ("一至六月", "一至六月", REF, "month_range", date(2020, 1, 1), date(2020, 6, 30)),
    ("二〇二〇年七月三日", "二〇二〇年七月三日", None, "date", date(2020, 7, 3), date(2020, 7, 3)),
    ("1-11月规上产值增长4%", "1-11月", date(2021, 1, 15), "month_range", date(2020, 1, 1), date(2020, 11, 30)),
    ("今年1-2月", "今年1-2月", date(2020, 3, 10), "month_range", date(2020, 1, 1), date(2020, 2, 29)),
    ("1-2月比去年同期下降", "去年同期", date(2020, 3, 10), "period", date(2019, 1, 1), date(2019, 2, 28)),
    ("2020年2月30日", "2020年2月30日", REF, None, None, None),
]
# fmt: on


@pytest.mark.parametrize(("text", "span", "reference", "kind", "first", "last"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_golden(text: str, span: str, reference: date | None, kind: str | None, first: date, last: date) -> None:
    found = {t.text: t for t in _times(text, reference)}
    if kind is None:
        assert span not in found
        return
    t = found.get(span)
    assert t is not None, f"{span!r} not in {list(found)}"
    assert (t.kind.value, t.first_day, t.last_day) == (kind, first, last)
    assert text[t.start : t.end] == span


# fmt: off
# days, weeks, festivals, anchored years, joined forms and clock times
MORE_GOLDEN = [
    # (text, span, reference, kind, first, last)
    ("今天上午召开全区安全生产调度会", "今天", REF, "date", REF, REF),
    ("昨日全镇检查餐饮门店46家", "昨日", REF, "date", date(2020, 7, 29), date(2020, 7, 29)),
    ("昨天下午专家组完成现场核查", "昨天", REF, "date", date(2020, 7, 29), date(2020, 7, 29)),
    ("前天起开展夜间巡查", "前天起", REF, "period", date(2020, 7, 28), REF),
    ("明天起恢复正常供水", "明天", REF, "date", date(2020, 7, 31), date(2020, 7, 31)),
    ("后天上午9时举行开工仪式", "后天上午9时", REF, "datetime", date(2020, 8, 1), date(2020, 8, 1)),
    ("上周新增登记市场主体37户", "上周", REF, "period", date(2020, 7, 20), date(2020, 7, 26)),
    ("下周集中开展消防演练", "下周", REF, "period", date(2020, 8, 3), date(2020, 8, 9)),
    ("本周内完成台账整理", "本周", REF, "period", date(2020, 7, 27), date(2020, 8, 2)),
    ("本周末组织志愿者清理河道", "本周末", REF, "season", date(2020, 8, 1), date(2020, 8, 2)),
    ("春节期间共走访慰问困难党员86人", "春节期间", REF, "period", date(2020, 1, 24), date(2020, 1, 31)),
    ("2022年春节前后返乡人员明显增多", "2022年春节前后", None, "season", date(2022, 1, 25), date(2022, 2, 8)),
    ("力争2024年春节前实现通车", "2024年春节前", date(2023, 11, 2), "deadline", date(2023, 11, 2), date(2024, 2, 9)),
    ("元旦前完成年度考核", "元旦前", date(2020, 12, 1), "deadline", date(2020, 12, 1), date(2020, 12, 31)),
    ("确保春节前发放到位", "春节前", date(2020, 12, 10), "deadline", date(2020, 12, 10), date(2021, 2, 11)),
    ("“五一”期间全县接待游客12万人次", "“五一”期间", REF, "period", date(2020, 5, 1), date(2020, 5, 5)),
    ("劳动节期间无安全事故", "劳动节期间", REF, "period", date(2020, 5, 1), date(2020, 5, 5)),
    ("国庆节前完成主体工程", "国庆节前", REF, "deadline", REF, date(2020, 9, 30)),
    ("2021年国庆期间实现旅游收入", "2021年国庆期间", None, "period", date(2021, 10, 1), date(2021, 10, 7)),
    ("中秋节期间开展食品安全检查", "中秋节期间", REF, "period", date(2020, 10, 1), date(2020, 10, 3)),
    ("冬季供暖保障到位", "冬季", REF, "season", date(2020, 12, 1), date(2021, 2, 28)),
    ("2021年春完成补植", "2021年春", None, "season", date(2021, 3, 1), date(2021, 5, 31)),
    ("今年夏完成主体施工", "今年夏", REF, "season", date(2020, 6, 1), date(2020, 8, 31)),
    ("汛期共转移群众1200人", "汛期", REF, "season", date(2020, 6, 1), date(2020, 9, 30)),
    ("2023年全市规上产值增长7%，比上年度提高2个百分点", "上年度", REF, "year", date(2022, 1, 1), date(2022, 12, 31)),
    ("2017年完成土地征收，次年开工建设", "次年", None, "year", date(2018, 1, 1), date(2018, 12, 31)),
    ("2016年引进企业12家，当年实现税收800万元", "当年", REF, "year", date(2016, 1, 1), date(2016, 12, 31)),
    ("2019年6月通过验收，同年底投入运营", "同年底", REF, "season", date(2019, 12, 1), date(2019, 12, 31)),
    ("2022年产量回升，前两年受灾减产", "前两年", REF, "period", date(2020, 1, 1), date(2021, 12, 31)),
    ("2020年全年完成固定资产投资9亿元", "2020年全年", None, "year", date(2020, 1, 1), date(2020, 12, 31)),
    ("今年全年计划新建道路8公里", "今年全年", REF, "year", date(2020, 1, 1), date(2020, 12, 31)),
    ("2019年度考核位列全市第一", "2019年度", None, "year", date(2019, 1, 1), date(2019, 12, 31)),
    ("2020年7月全区用电量回升", "2020年7月", None, "month", date(2020, 7, 1), date(2020, 7, 31)),
    ("截至2020年6月30日，累计发放贷款3亿元", "截至2020年6月30日", None, "as_of", date(2020, 6, 30), date(2020, 6, 30)),
    ("2021年第二季度完成招标", "2021年第二季度", None, "quarter", date(2021, 4, 1), date(2021, 6, 30)),
    ("2019-2020年累计投入资金2亿元", "2019-2020年", None, "period", date(2019, 1, 1), date(2020, 12, 31)),
    ("2020年7月30日上午9时召开专题会议", "2020年7月30日上午9时", None, "datetime", date(2020, 7, 30), date(2020, 7, 30)),
    ("8月3日下午3点在镇政府召开推进会", "8月3日下午3点", REF, "datetime", date(2020, 8, 3), date(2020, 8, 3)),
    ("2021年3月9日12时05分发布预警", "2021年3月9日12时05分", None, "datetime", date(2021, 3, 9), date(2021, 3, 9)),
    ("9月1日开学，当天举行升旗仪式", "当天", REF, "date", date(2020, 9, 1), date(2020, 9, 1)),
    ("9月1日开学，当天上午8:30举行升旗仪式", "当天上午8:30", REF, "datetime", date(2020, 9, 1), date(2020, 9, 1)),
    ("9月1日开学，上午8:30举行升旗仪式", "上午8:30", REF, "time", date(2020, 9, 1), date(2020, 9, 1)),
    ("当天完成", "当天", REF, "date", None, None),
    ("下午3点准时开会", "下午3点", REF, "time", REF, REF),
    ("12:05系统自动推送", "12:05", REF, "time", REF, REF),
    ("12时05分发布暴雨蓝色预警", "12时05分", None, "time", None, None),
    ("提出3点意见", "3点", REF, None, None, None),
    ("能力靠后天培养", "后天", REF, None, None, None),
    ("如同年轻干部一样", "同年", REF, None, None, None),
    ("加上周边乡镇", "上周", REF, None, None, None),
    ("目前天气晴好", "前天", REF, None, None, None),
    ("按1:10比例配套", "1:10", REF, None, None, None),
    ("王国庆同志", "国庆", REF, None, None, None),
    ("一时难以完成", "一时", REF, None, None, None),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "span", "reference", "kind", "first", "last"), MORE_GOLDEN, ids=[f"{g[0]}|{g[1]}" for g in MORE_GOLDEN]
)
def test_more_golden(
    text: str, span: str, reference: date | None, kind: str | None, first: date | None, last: date | None
) -> None:
    found = {t.text: t for t in _times(text, reference)}
    if kind is None:
        assert not any(span in t for t in found), f"{span!r} read as a time: {list(found)}"
        return
    t = found.get(span)
    assert t is not None, f"{span!r} not in {list(found)}"
    assert (t.kind.value, t.first_day, t.last_day) == (kind, first, last)
    assert text[t.start : t.end] == span


# fmt: off
JOINED = [
    ("2020年全年完成产值", ["2020年全年"]),
    ("去年全年新增企业5家", ["去年全年"]),
    ("2020年7月新开工项目3个", ["2020年7月"]),
    ("截至2020年6月30日，累计完成", ["截至2020年6月30日"]),
    ("2021年第二季度完成", ["2021年第二季度"]),
    ("2019-2020年累计投入", ["2019-2020年"]),
    ("2021年春节前后", ["2021年春节前后"]),
    ("2020年7月30日上午9时召开", ["2020年7月30日上午9时"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "spans"), JOINED, ids=[j[0] for j in JOINED])
def test_joined_forms_are_one_expression(text: str, spans: list[str]) -> None:
    assert [t.text for t in _times(text)] == spans


def test_anchored_years_do_not_cross_sentences() -> None:
    text = "2016年建成投产。当年新增就业120人，次年达产。"
    got = {t.text: (t.first_day, t.last_day) for t in _times(text)}
    assert got["当年"] == (date(2020, 1, 1), date(2020, 12, 31))
    assert got["次年"] == (date(2021, 1, 1), date(2021, 12, 31))


def test_anchored_years_chain() -> None:
    text = "2017年签约，次年开工，当年完成投资2亿元"
    got = {t.text: t.first_day for t in _times(text, None)}
    assert got == {"2017年": date(2017, 1, 1), "次年": date(2018, 1, 1), "当年": date(2018, 1, 1)}


def test_same_period_of_an_anchored_year_pairs_as_before() -> None:
    t = _one("2023年1-6月，营业收入比上年同期增长8%", "上年同期")
    assert (t.first_day, t.last_day) == (date(2022, 1, 1), date(2022, 6, 30))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1990, max_value=2050))
def test_spring_festival_table_is_in_late_january_or_february(year: int) -> None:
    t = _one(f"{year}年春节", f"{year}年春节", None)
    assert t.first_day is not None and t.first_day.year == year
    assert date(year, 1, 21) <= t.first_day <= date(year, 2, 20)


def test_spring_festivals_are_a_lunar_year_apart() -> None:
    from cnreport.times import lunar_to_solar

    days = {y: lunar_to_solar(y, *RULES.lunar_dates["正月初一"]) for y in range(1950, 2101)}
    assert all(d is not None and d.year == y and d.month in (1, 2) for y, d in days.items())
    gaps = {(days[y + 1] - days[y]).days for y in range(1950, 2100)}  # type: ignore[operator]
    assert gaps <= {353, 354, 355, 383, 384, 385}  # common and leap lunar years


def test_leap_months_come_from_the_calendar_package() -> None:
    from cnreport.times import lunar_to_solar

    assert lunar_to_solar(2020, -4, 1) == date(2020, 5, 23)  # 闰四月初一
    assert lunar_to_solar(2021, -4, 1) is None  # 2021 has no leap fourth month


# fmt: off
UNRESOLVED = [
    ("1-6月完成产值", "1-6月"),
    ("今年以来新增企业", "今年以来"),
    ("截至6月27日", "截至6月27日"),
    ("去年同期", "去年同期"),
    ("上半年", "上半年"),
    ("近三年", "近三年"),
    ("截止目前", "截止目前"),
    ("年底前", "年底前"),
    ("本月", "本月"),
]
# fmt: on


@pytest.mark.parametrize(("text", "span"), UNRESOLVED)
def test_no_reference_leaves_relative_times_unresolved(text: str, span: str) -> None:
    t = _one(text, span, None)
    assert (t.first_day, t.last_day) == (None, None)


@pytest.mark.parametrize(
    ("text", "span"), [("xxxx年新建厂房", "xxxx年"), ("x—x月份，完成产值", "x—x月份"), ("xxxx年x月x日", "xxxx年x月x日")]
)
def test_masked_times_stay_masked(text: str, span: str) -> None:
    t = _one(text, span)
    assert t.masked is True
    assert (t.first_day, t.last_day) == (None, None)


def test_same_period_pairs_with_the_period_of_its_sentence() -> None:
    text = "截止目前，企业当月用电量已回升到去年同期水平；1-6月累计用电量为去年同期的90%左右。"
    pairs = [(t.text, t.first_day, t.last_day) for t in _times(text) if t.text == "去年同期"]
    assert pairs == [
        ("去年同期", date(2019, 7, 1), date(2019, 7, 31)),
        ("去年同期", date(2019, 1, 1), date(2019, 6, 30)),
    ]


def test_same_period_does_not_reach_into_another_sentence() -> None:
    text = "1-5月完成税收1亿元。上年同期为0.9亿元。"
    t = _one(text, "上年同期")
    assert (t.first_day, t.last_day) == (date(2019, 1, 1), date(2019, 7, 30))


def test_recurring_times_are_skipped() -> None:
    assert [t.text for t in _times("每月15日前通报，每年年底考核，每季度督导")] == []


def test_times_are_not_quantities_and_quantities_are_not_times() -> None:
    assert [t.text for t in _times("完成产值61.52亿元，增长12.5%，连续3个月正增长")] == ["连续3个月"]


def test_first_absolute_date() -> None:
    assert first_absolute_date("发布时间:2019-11-05 10:32 浏览次数:") == date(2019, 11, 5)
    assert first_absolute_date("——2021年1月8日在县人民代表大会上") == date(2021, 1, 8)
    assert first_absolute_date("时间：2020年7月") is None


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789年月日号-—至到截止今去明上下半季度前底初以来同期十四五“”xX一二三, 。\n")
            + list("春节国庆当次周本末天后午时点分:")
        ),
        max_size=60,
    )
)
def test_never_raises_and_offsets_hold(text: str) -> None:
    found = _times(text)
    last_end = 0
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.start >= last_end
        last_end = t.end
        assert (t.first_day is None) == (t.last_day is None)
        if t.first_day is not None and t.last_day is not None:
            assert t.first_day <= t.last_day or t.kind == TimeKind.DEADLINE


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_relative_times_follow_the_reference(reference: date) -> None:
    this_year = _one("今年新增企业", "今年", reference)
    assert (this_year.first_day, this_year.last_day) == (date(reference.year, 1, 1), date(reference.year, 12, 31))
    since = _one("今年以来完成投资", "今年以来", reference)
    assert (since.first_day, since.last_day) == (date(reference.year, 1, 1), reference)
    now = _one("截至目前", "截至目前", reference)
    assert now.first_day == now.last_day == reference


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_any_text(text: str) -> None:
    for t in _times(text):
        assert text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    "hostile",
    [
        "亿" * 4000,
        "1-" * 50000,
        "年" * 100000,
        "截至" * 50000,
        "去年同期" * 20000,
        "2020年1月1日，" * 20000,
        "十四五" * 30000,
        "x" * 100000 + "年",
    ],
    ids=lambda s: s[:6],
)
def test_hostile_input_keeps_offsets(hostile: str) -> None:
    # how fast: benchmarks/hostile.py; here only that nothing breaks
    found = _times(hostile)
    for t in found[:50]:
        assert hostile[t.start : t.end] == t.text


def test_duplicate_words_are_rejected(pack: Path) -> None:
    (pack / "times.toml").write_text(
        '[[relative_year]]\nwords = ["今年"]\noffset = 0\nexamples = ["今年"]\n', encoding="utf-8"
    )
    with pytest.raises(RuleError, match=r"test_pack.*relative_year #1.*今年.*already defined at cnreport/rules/times.toml"):
        time_rules()


def test_bad_mode_is_rejected(pack: Path) -> None:
    (pack / "times.toml").write_text(
        '[[suffix]]\nwords = ["以后"]\nmode = "later"\nexamples = ["今年以后"]\n', encoding="utf-8"
    )
    with pytest.raises(RuleError, match="mode must be one of"):
        time_rules()


# ---------------------------------------------------------------------------
# reference dates at the ends of the calendar (year 1, year 9999): the times
# that would fall outside it stay unresolved, nothing raises


# fmt: off
EDGE_CASES = [
    (date(9999, 12, 31), "明年一季度完成验收", "明年一季度"),
    (date(9999, 12, 31), "力争明年建成", "明年"),
    (date(9999, 12, 31), "明天召开推进会", "明天"),
    (date(9999, 12, 31), "下周一开工", "下周一"),
    (date(9999, 12, 31), "未来三年投资10亿元", "未来三年"),
    (date(9999, 6, 1), "签约后次年投产", "次年"),
    (date(1, 1, 1), "比上年增长5%", "上年"),
    (date(1, 1, 1), "前年完成改造", "前年"),
    (date(1, 1, 1), "近三年累计投资", "近三年"),
    (date(1, 1, 1), "昨天检查企业12家", "昨天"),
    (date(1, 1, 1), "1-6月产值比去年同期增长5%", "去年同期"),
]
# fmt: on


@pytest.mark.parametrize(("reference", "text", "span"), EDGE_CASES, ids=[f"{r.year}:{t}" for r, t, _ in EDGE_CASES])
def test_reference_at_the_ends_of_the_calendar_leaves_times_unresolved(reference: date, text: str, span: str) -> None:
    t = _one(text, span, reference)
    assert (t.first_day, t.last_day) == (None, None)


# ---------------------------------------------------------------------------
# the forms a reader meets beyond report style: one table, first and last days

SEP = date(2021, 9, 15)  # a Wednesday in September


def _d(text: str) -> date:
    return date.fromisoformat(text)


# fmt: off
SHAPES = [
    # (text, span, reference, first, last)
    # two-digit years: the year within [reference - 89, reference + 10]
    ("该厂98年4月建成投产", "98年4月", date(2001, 5, 10), "1998-04-01", "1998-04-30"),
    ("零九年十月十二号完成移交", "零九年十月十二号", SEP, "2009-10-12", "2009-10-12"),
    ("03年5月16日签订协议", "03年5月16日", SEP, "2003-05-16", "2003-05-16"),
    ("项目18年底通过验收", "18年底", SEP, "2018-12-01", "2018-12-31"),
    ("08年第二季度开工", "08年第二季度", date(2008, 3, 2), "2008-04-01", "2008-06-30"),
    ("九六年四季度出口回升", "九六年四季度", date(1999, 9, 2), "1996-10-01", "1996-12-31"),
    ("零八年端午举办龙舟赛", "零八年端午", date(2020, 7, 1), "2008-06-08", "2008-06-08"),
    # quarters
    ("一、二季度累计完成投资4亿元", "一、二季度", SEP, "2021-01-01", "2021-06-30"),
    ("三、四季度集中开工", "三、四季度", SEP, "2021-07-01", "2021-12-31"),
    ("本季度新增市场主体120户", "本季度", SEP, "2021-07-01", "2021-09-30"),
    ("上季度末贷款余额增加", "上季度末", SEP, "2021-06-01", "2021-06-30"),
    ("上个季度完成产值", "上个季度", SEP, "2021-04-01", "2021-06-30"),
    ("2023年前两个季度", "2023年前两个季度", SEP, "2023-01-01", "2023-06-30"),
    ("下季度初启动招标", "下季度初", SEP, "2021-10-01", "2021-10-31"),
    # first or last months of a year
    ("2024年前十一个月完成税收", "2024年前十一个月", SEP, "2024-01-01", "2024-11-30"),
    ("今年后三个月冲刺全年目标", "今年后三个月", SEP, "2021-10-01", "2021-12-31"),
    ("2020年后三个月", "2020年后三个月", SEP, "2020-10-01", "2020-12-31"),
    ("2012年首月实现开门红", "2012年首月", SEP, "2012-01-01", "2012-01-31"),
    ("1972年前两月", "1972年前两月", SEP, "1972-01-01", "1972-02-29"),
    # weeks: week n of a month or a year starts on its n-th Monday
    ("2021年第37周", "2021年第37周", SEP, "2021-09-13", "2021-09-19"),
    ("2020年第一周", "2020年第一周", SEP, "2020-01-06", "2020-01-12"),
    ("3月第二周开展督查", "3月第二周", SEP, "2021-03-08", "2021-03-14"),
    ("5月第2个星期六", "5月第2个星期六", SEP, "2021-05-08", "2021-05-08"),
    ("十月份的第二个周四", "十月份的第二个周四", SEP, "2021-10-14", "2021-10-14"),
    ("下周六组织义诊", "下周六", SEP, "2021-09-25", "2021-09-25"),
    ("上个礼拜天完成验收", "上个礼拜天", SEP, "2021-09-12", "2021-09-12"),
    ("上周星期三召开调度会", "上周星期三", SEP, "2021-09-08", "2021-09-08"),
    ("星期天安排值班", "星期天", SEP, "2021-09-19", "2021-09-19"),
    ("周一上报台账", "周一", SEP, "2021-09-13", "2021-09-13"),
    ("上上周检查门店", "上上周", SEP, "2021-08-30", "2021-09-05"),
    # day ranges and from-to ranges
    ("2018年5月7-11日举办展会", "2018年5月7-11日", SEP, "2018-05-07", "2018-05-11"),
    ("4月12日-19日开展集中整治", "4月12日-19日", SEP, "2021-04-12", "2021-04-19"),
    ("从3月1日到15日开展排查", "从3月1日到15日", SEP, "2021-03-01", "2021-03-15"),
    ("自2021-03-02起至2021-03-09止公示", "自2021-03-02起至2021-03-09止", SEP, "2021-03-02", "2021-03-09"),
    ("12月25日至1月5日开展冬季巡查", "12月25日至1月5日", SEP, "2021-12-25", "2022-01-05"),
    ("从上个月到昨天累计接访", "从上个月到昨天", SEP, "2021-08-01", "2021-09-14"),
    ("从2005年起至今累计投入", "从2005年起至今", SEP, "2005-01-01", "2021-09-15"),
    ("二〇一八年3月1日起施行", "二〇一八年3月1日起", SEP, "2018-03-01", "2021-09-15"),
    # numeric dates
    ("凭证号20240307", "20240307", SEP, "2024-03-07", "2024-03-07"),
    ("签约日期2022.11.23", "2022.11.23", SEP, "2022-11-23", "2022-11-23"),
    ("1999.08-2002.02任乡长", "1999.08-2002.02", SEP, "1999-08-01", "2002-02-28"),
    ("2011.09-2013在县委办工作", "2011.09-2013", SEP, "2011-09-01", "2013-12-31"),
    ("“6·30”专项行动", "6·30", SEP, "2021-06-30", "2021-06-30"),
    ("10-08 09:30发布预警", "10-08 09:30", SEP, "2021-10-08", "2021-10-08"),
    ("2019-06-0314:20受理", "2019-06-0314:20", SEP, "2019-06-03", "2019-06-03"),
    # days counted from the reference
    ("后天进行复查", "后天", SEP, "2021-09-17", "2021-09-17"),
    ("大后天开工", "大后天", SEP, "2021-09-18", "2021-09-18"),
    ("大前天到达", "大前天", SEP, "2021-09-12", "2021-09-12"),
    ("昨晚9时20分发生险情", "昨晚9时20分", SEP, "2021-09-14", "2021-09-14"),
    ("下月12号上午9点截止", "下月12号上午9点", SEP, "2021-10-12", "2021-10-12"),
    ("上个月20号发放到位", "上个月20号", SEP, "2021-08-20", "2021-08-20"),
    ("本月3日完成签约", "本月3日", SEP, "2021-09-03", "2021-09-03"),
    # offsets: N天后 is that day, N天内 the days up to it, N年前 that year
    ("25天后组织复查", "25天后", SEP, "2021-10-10", "2021-10-10"),
    ("12天内完成整改", "12天内", SEP, "2021-09-15", "2021-09-27"),
    ("两年前完成改造", "两年前", SEP, "2019-01-01", "2019-12-31"),
    ("三个月后投入使用", "三个月后", SEP, "2021-12-01", "2021-12-31"),
    ("4周后复工", "4周后", SEP, "2021-10-11", "2021-10-17"),
    ("90日内作出答复", "90日内", SEP, "2021-09-15", "2021-12-14"),
    ("5个工作日内办结", "5个工作日内", SEP, "2021-09-15", "2021-09-22"),
    ("半小时后恢复供电", "半小时后", SEP, "2021-09-15", "2021-09-15"),
    # a written year with 前 is a bound: up to the end of that year
    ("力争2030年前实现碳达峰", "2030年前", SEP, "2021-09-15", "2030-12-31"),
    ("二〇四〇年前基本实现", "二〇四〇年前", SEP, "2021-09-15", "2040-12-31"),
    # written lunar dates: the lunar year of the reference, or the year written before
    ("农历八月十五举办赏月晚会", "农历八月十五", SEP, "2021-09-21", "2021-09-21"),
    ("腊月初十发放到位", "腊月初十", SEP, "2022-01-12", "2022-01-12"),
    ("闰四月", "闰四月", date(2020, 7, 1), "2020-05-23", "2020-06-20"),
    ("2020年闰四月初一", "2020年闰四月初一", SEP, "2020-05-23", "2020-05-23"),
    ("正月十五闹元宵", "正月十五", SEP, "2021-02-26", "2021-02-26"),
    ("二零一五年农历正月十五", "二零一五年农历正月十五", SEP, "2015-03-05", "2015-03-05"),
    ("大年初三返岗", "大年初三", SEP, "2021-02-14", "2021-02-14"),
    ("前年八月十五", "前年八月十五", SEP, "2019-09-13", "2019-09-13"),
    ("冬月初一开始供暖", "冬月初一", SEP, "2021-12-04", "2021-12-04"),
    ("农历九月", "农历九月", date(2022, 7, 1), "2022-09-26", "2022-10-24"),
    # solar terms, dated by the lunar calendar package
    ("2024年春分", "2024年春分", SEP, "2024-03-20", "2024-03-20"),
    ("芒种时节抢收抢种", "芒种", SEP, "2021-06-05", "2021-06-05"),
    ("2021年冬至", "2021年冬至", SEP, "2021-12-21", "2021-12-21"),
    ("清明前后做好森林防火", "清明前后", SEP, "2021-04-04", "2021-04-04"),
    # festivals
    ("2021年母亲节", "2021年母亲节", SEP, "2021-05-09", "2021-05-09"),
    ("教师节表彰优秀教师", "教师节", SEP, "2021-09-10", "2021-09-10"),
    ("重阳节走访老人", "重阳节", SEP, "2021-10-14", "2021-10-14"),
    ("国庆假期接待游客", "国庆假期", SEP, "2021-10-01", "2021-10-07"),
    ("七夕举办集体婚礼", "七夕", SEP, "2021-08-14", "2021-08-14"),
    # centuries and decades
    ("上世纪70年代建成的厂房", "上世纪70年代", SEP, "1970-01-01", "1979-12-31"),
    ("二十世纪八十年代末期", "二十世纪八十年代末期", SEP, "1987-01-01", "1989-12-31"),
    ("本世纪初", "本世纪初", SEP, "2000-01-01", "2019-12-31"),
    ("80年代", "80年代", SEP, "1980-01-01", "1989-12-31"),
    # spans counted in days, weeks and months
    ("近20天新增病例为零", "近20天", SEP, "2021-08-26", "2021-09-15"),
    ("未来5天以晴为主", "未来5天", SEP, "2021-09-15", "2021-09-20"),
    ("过去一周共检查企业26家", "过去一周", SEP, "2021-09-08", "2021-09-15"),
    ("四个多月以来", "四个多月以来", SEP, "2021-05-01", "2021-09-15"),
    # a month and day without a year take the reference year: in September,
    # 3月8号 is the past March and 12月8号 the coming December
    ("3月8号完成验收", "3月8号", SEP, "2021-03-08", "2021-03-08"),
    ("12月8号完成验收", "12月8号", SEP, "2021-12-08", "2021-12-08"),
    # others
    ("今明两年新建学校4所", "今明两年", SEP, "2021-01-01", "2022-12-31"),
    ("2020年3、4月份", "2020年3、4月份", SEP, "2020-03-01", "2020-04-30"),
    ("二零二三年伊始", "二零二三年伊始", SEP, "2023-01-01", "2023-01-31"),
    ("8月1日开工，30日完工", "30日", SEP, "2021-08-30", "2021-08-30"),
    ("16:45发布通知", "16:45", SEP, "2021-09-15", "2021-09-15"),
]
# fmt: on


@pytest.mark.parametrize(("text", "span", "reference", "first", "last"), SHAPES, ids=[f"{s[0]}|{s[1]}" for s in SHAPES])
def test_shapes(text: str, span: str, reference: date, first: str, last: str) -> None:
    found = {t.text: t for t in _times(text, reference)}
    t = found.get(span)
    assert t is not None, f"{span!r} not in {list(found)}"
    assert text[t.start : t.end] == span
    assert (t.first_day, t.last_day) == (_d(first), _d(last))


def test_shapes_table_is_large() -> None:
    assert len(SHAPES) >= 80


def test_a_branch_pattern_is_compiled_when_the_branch_first_matches() -> None:
    from cnreport.times import _scanner, time_rules

    _scanner.cache_clear()
    scanner = _scanner(time_rules())
    assert scanner.compiled == {}
    found = extract_times(normalize("截至9月15日，全县完成投资"), date(2021, 10, 8))
    assert [(t.text, t.kind.value, t.first_day, t.last_day) for t in found] == [
        ("截至9月15日", "as_of", date(2021, 9, 15), date(2021, 9, 15))
    ]
    assert set(scanner.compiled) and set(scanner.compiled) <= set(scanner.branches)
    assert all(p.pattern == scanner.branches[name][1] for name, p in scanner.compiled.items())


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("全面完成“十五”计划目标", [("“十五”", date(2001, 1, 1), date(2005, 12, 31))]),
        ("九五期间", [("九五期间", date(1996, 1, 1), date(2000, 12, 31))]),
        # 十五 before no plan word is a number, and the other readings keep it
        ("十五年来，全县经济总量翻番", [("十五年来", date(2011, 1, 1), date(2025, 12, 31))]),
        ("十五天内办结", [("十五天内", date(2026, 1, 20), date(2026, 2, 4))]),
        ("推进“八五”普法", []),  # the eighth programme of legal education
        ("全县二十五期间", []),
        ("第十五期间", []),
    ],
)
def test_the_early_plans_only_before_a_plan_word(text: str, found: list[tuple[str, date, date]]) -> None:
    times = extract_times(normalize(text), date(2026, 1, 20))
    assert [(t.text, t.first_day, t.last_day) for t in times] == found


def test_a_deadline_met_in_a_review_falls_in_the_year_under_review() -> None:
    import cnreport

    text = (
        "一、2021年工作回顾\n汛期前完成了河道清淤。国庆前完成了城区亮化。年底前完成了危房改造。\n"
        "二、2022年工作安排\n汛期前完成清淤。年底前完成改造。\n"
    )
    r = cnreport.parse(text, reference_date=date(2022, 1, 27))
    days = [(t.text, t.first_day, t.last_day) for t in r.times if t.kind.value == "deadline"]
    assert days == [
        ("汛期前", date(2021, 1, 1), date(2021, 5, 31)),  # not the flood season of 2022
        ("国庆前", date(2021, 1, 1), date(2021, 9, 30)),
        ("年底前", date(2021, 1, 1), date(2021, 12, 31)),
        ("汛期前", date(2022, 1, 27), date(2022, 5, 31)),  # a plan's deadline runs from the day of delivery
        ("年底前", date(2022, 1, 27), date(2022, 12, 31)),
    ]


def test_a_plan_for_the_next_year_reads_its_relative_words_in_that_year() -> None:
    import cnreport

    text = (
        "一、2024年工作总结\n全年完成造林1.2万亩。\n"
        "二、2025年工作计划\n年内完成造林1.5万亩，6月底前完成补植，全年新增绿地20公顷，"
        "明年起推行林长制考核，今后五年森林覆盖率提高3个百分点。\n"
        "某县林业局\n2024年12月26日\n"
    )
    r = cnreport.parse(text)
    days = [(t.text, t.first_day, t.last_day) for t in r.times if not t.text.startswith("20")]
    assert days == [
        ("全年", date(2024, 1, 1), date(2024, 12, 31)),  # the review's
        ("年内", date(2025, 1, 1), date(2025, 12, 31)),
        ("6月底前", date(2025, 1, 1), date(2025, 6, 30)),
        ("全年", date(2025, 1, 1), date(2025, 12, 31)),
        ("明年", date(2025, 1, 1), date(2025, 12, 31)),  # names the present: from the report's date
        ("今后五年", date(2025, 1, 1), date(2029, 12, 31)),
    ]
    # a plan of the year the report is delivered in reads them from the report's own date
    r = cnreport.parse(text.replace("2024年12月26日", "2025年1月8日"))
    assert [(t.first_day, t.last_day) for t in r.times if t.text == "6月底前"] == [(date(2025, 1, 8), date(2025, 6, 30))]
    # so does a plan of a span of years or of a distant aim, and a span of years in any plan
    for heading in ("2025—2026年工作计划", "2035年远景目标"):
        r = cnreport.parse(text.replace("2025年工作计划", heading))
        assert [(t.first_day, t.last_day) for t in r.times if t.text == "年内"] == [(date(2024, 1, 1), date(2024, 12, 31))]
    r = cnreport.parse(text.replace("今后五年", "三年内"))
    assert [(t.first_day, t.last_day) for t in r.times if t.text == "三年内"] == [(date(2024, 12, 26), date(2027, 12, 26))]


def test_the_same_period_of_last_year_in_a_review_is_the_reviews_period_a_year_back() -> None:
    import cnreport

    text = (
        "一、2020年工作回顾\n优良天数较去年同期增加48天。上半年产值比去年同期增长5%。\n"
        "二、2021年工作安排\n力争上半年产值比去年同期增长6%。\n"
    )
    r = cnreport.parse(text, reference_date=date(2021, 2, 5))
    same = [(t.first_day, t.last_day) for t in r.times if t.text == "去年同期"]
    assert same == [
        (date(2019, 1, 1), date(2019, 12, 31)),  # the reviewed year 2020, a year back
        (date(2019, 1, 1), date(2019, 6, 30)),  # its 上半年 a year back
        (date(2020, 1, 1), date(2020, 6, 30)),  # a plan's: the delivery year's 上半年 a year back
    ]
    # a half-year summary's review is of its own year: its year-to-date, a year back
    mid = cnreport.parse("一、2020年上半年工作总结\n产值比去年同期增长5%。\n", reference_date=date(2020, 7, 30))
    assert [(t.first_day, t.last_day) for t in mid.times if t.text == "去年同期"] == [(date(2019, 1, 1), date(2019, 7, 30))]


def test_last_year_as_a_comparisons_base_in_a_review_is_the_year_before_the_review() -> None:
    import cnreport

    text = (
        "一、2021年工作回顾\n增速7.9%，全市第5，比去年提高3个位次。去年5月退出贫困县序列。\n"
        "二、2022年工作安排\n力争增速比去年提高1个百分点。\n"
    )
    r = cnreport.parse(text, reference_date=date(2022, 1, 27))
    got = [(t.text, t.first_day, t.last_day) for t in r.times if t.text.startswith("去年")]
    review_end = cnreport.parse("一、2025年工作回顾\n存款余额较去年底增加120亿元。\n", reference_date=date(2026, 1, 20))
    assert [(t.text, t.first_day) for t in review_end.times][1:] == [("去年底", date(2024, 12, 1))]
    assert got == [
        ("去年", date(2020, 1, 1), date(2020, 12, 31)),  # the base of the reviewed year's figure
        ("去年5月", date(2021, 5, 1), date(2021, 5, 31)),  # a date named from the day of delivery
        ("去年", date(2021, 1, 1), date(2021, 12, 31)),  # a plan's base: the year before delivery
    ]


def test_five_years_alone_are_a_plans_years_back_in_a_review_and_ahead_in_a_plan() -> None:
    import cnreport

    text = (
        "一、“十四五”时期和2025年工作回顾\n这是极不平凡的五年。外贸稳中提质，五年累计进出口3.8万亿元。\n"
        "二、“十五五”时期主要目标\n今后是爬坡过坎的五年。连续五年保持增长。编制五年规划。\n"
    )
    r = cnreport.parse(text, reference_date=date(2026, 1, 28))
    got = [(t.text, t.first_day, t.last_day) for t in r.times if "五年" in t.text and "五五" not in t.text]
    assert got == [
        ("五年", date(2021, 1, 1), date(2025, 12, 31)),
        ("五年", date(2021, 1, 1), date(2025, 12, 31)),
        ("五年", date(2026, 1, 1), date(2030, 12, 31)),
        ("连续五年", date(2021, 1, 1), date(2025, 12, 31)),
    ]


def test_what_a_review_of_this_round_found_stays_mended() -> None:
    import cnreport

    text = (
        "一、“十四五”时期和2025年工作回顾\n去年全市接待游客2000万人次，较去年同期增长12%。"
        "参与去年启动的老旧小区改造。目前项目进展顺利，春节前可实现通车。"
        "外贸稳中提质，进出口总值五年累计超过3.8万亿元。\n二、2026年重点工作\n"
    )
    r = cnreport.parse(text, reference_date=date(2026, 1, 20))
    days = [(t.text, t.first_day, t.last_day) for t in r.times]
    assert ("去年同期", date(2024, 1, 1), date(2024, 12, 31)) in days  # its sentence's 去年 a year back
    assert days.count(("去年", date(2025, 1, 1), date(2025, 12, 31))) == 2  # 参与去年: no comparison
    assert ("春节前", date(2026, 1, 20), date(2026, 2, 16)) in days  # still ahead: 可实现
    assert not [d for d in days if d[0] == "五年"]  # inside a row's name: no time
    assert [i.name for i in r.indicators if i.value is not None and i.value.unit == "CNY"] == ["进出口总值五年"]
