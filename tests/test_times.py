"""Time expressions: every rule example, a golden table, properties and hostile input."""

from __future__ import annotations

import time
from datetime import date
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
    ("去年全年完成产值20亿元", "去年", REF, "year", date(2019, 1, 1), date(2019, 12, 31)),
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
    assert [t.text for t in _times("完成产值61.52亿元，增长12.5%，连续3个月正增长")] == []


def test_first_absolute_date() -> None:
    assert first_absolute_date("发布时间:2019-11-05 10:32 浏览次数:") == date(2019, 11, 5)
    assert first_absolute_date("——2021年1月8日在县人民代表大会上") == date(2021, 1, 8)
    assert first_absolute_date("时间：2020年7月") is None


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789年月日号-—至到截止今去明上下半季度前底初以来同期十四五“”xX一二三, 。\n")
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
def test_hostile_input_is_linear(hostile: str) -> None:
    started = time.perf_counter()
    found = _times(hostile)
    assert time.perf_counter() - started < 10
    for t in found[:50]:
        assert hostile[t.start : t.end] == t.text


def test_duplicate_words_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    import cnreport.times as times_module

    data = {
        "relative_year": [
            {"words": ["今年"], "offset": 0, "examples": ["今年"]},
            {"words": ["今年"], "offset": 0, "examples": ["今年"]},
        ]
    }
    monkeypatch.setattr(times_module, "rule_files", lambda name: (("pack:times.toml", data),))
    monkeypatch.setattr(
        times_module,
        "entries",
        lambda name, table: ((("pack:times.toml", i, e)) for i, e in enumerate(data.get(table, []))),
    )
    with pytest.raises(RuleError, match=r"pack:times.toml: relative_year #2.*今年"):
        times_module.time_rules.__wrapped__()


def test_bad_mode_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    import cnreport.times as times_module

    data = {"suffix": [{"words": ["以后"], "mode": "later", "examples": ["今年以后"]}]}
    monkeypatch.setattr(times_module, "rule_files", lambda name: (("pack:times.toml", data),))
    monkeypatch.setattr(
        times_module,
        "entries",
        lambda name, table: ((("pack:times.toml", i, e)) for i, e in enumerate(data.get(table, []))),
    )
    with pytest.raises(RuleError, match="mode must be one of"):
        times_module.time_rules.__wrapped__()
