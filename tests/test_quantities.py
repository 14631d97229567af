"""Golden table of quantities in report-style sentences, and the negatives."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnreport
from cnreport.loader import Example
from cnreport.normalize import normalize
from cnreport.quantities import extra_rules, extract_quantities

# fmt: off
# (sentence, quantity text, kind, unit, value, approx, masked, low, high)
GOLDEN = [
    ("今年上半年规上工业总产值达61.52亿元", "61.52亿元", "money", "CNY", 6152000000, None, False, None, None),
    ("争取专项债资金1.2万亿元", "1.2万亿元", "money", "CNY", 1200000000000, None, False, None, None),
    ("镇财政拨付三千万元用于道路改造", "三千万元", "money", "CNY", 30000000, None, False, None, None),
    ("计划总投资两个亿，建设标准厂房", "两个亿", "money", "CNY", 200000000, None, False, None, None),
    ("园区税收收入6920.54万元", "6920.54万元", "money", "CNY", 69205400, None, False, None, None),
    ("村集体经济收入达82,225.00元", "82,225.00元", "money", "CNY", 82225, None, False, None, None),
    ("完成固定资产投资６１．５２亿元", "６１．５２亿元", "money", "CNY", 6152000000, None, False, None, None),
    ("全年完成投資2。87億元", "2。87億元", "money", "CNY", 287000000, None, False, None, None),
    ("實現稅收兩萬元", "兩萬元", "money", "CNY", 20000, None, False, None, None),
    ("招商引资到位六十一点五二亿元", "六十一点五二亿元", "money", "CNY", 6152000000, None, False, None, None),
    ("自营出口实现xxxx万美元，增幅", "xxxx万美元", "money", "USD", None, None, True, None, None),
    ("引进欧资1500万欧元", "1500万欧元", "money", "EUR", 15000000, None, False, None, None),
    ("单笔授信两到三万港元", "两到三万港元", "money", "HKD", None, None, False, 20000, 30000),
    ("扶持资金1万-5万元不等", "1万-5万元", "money", "CNY", None, None, False, 10000, 50000),
    ("计划投资约XX万元新建4个项目", "XX万元", "money", "CNY", None, "about", True, None, None),
    ("工业增加值同比增长12.5%", "12.5%", "percent", "%", 12.5, None, False, None, None),
    ("贫困发生率降至百分之四十以下", "百分之四十", "percent", "%", 40, "at_most", False, None, None),
    ("近六成农户加入合作社", "六成", "percent", "%", 60, "nearly", False, None, None),
    ("增速高于全市3.6个百分点", "3.6个百分点", "percentage_point", "pp", 3.6, None, False, None, None),
    ("外出招商52批次", "52批次", "count", "批次", 52, None, False, None, None),
    ("培训农民工8000余人次", "8000余人次", "count", "人次", 8000, "more_than", False, None, None),
    ("辖区内十余家企业受益", "十余家", "count", "家", 10, "more_than", False, None, None),
    ("走访两家企业", "两家", "count", "家", 2, None, False, None, None),
    ("每个专班联系6-8家企业", "6-8家", "count", "家", None, None, False, 6, 8),
    ("专班联系6至8家企业", "6至8家", "count", "家", None, None, False, 6, 8),
    ("按常住人口25.37(万人)计", "25.37(万人)", "count", "人", 253700, None, False, None, None),
    ("新增市场主体1.9万家", "1.9万家", "count", "家", 19000, None, False, None, None),
    ("完成土地流转324亩", "324亩", "area", "mu", 324, None, False, None, None),
    ("新建厂房8万平方米", "8万平方米", "area", "m2", 80000, None, False, None, None),
    ("园区规划总面积13.62平方公里", "13.62平方公里", "area", "km2", 13.62, None, False, None, None),
    ("粮食总产700亿斤", "700亿斤", "mass", "jin", 70000000000, None, False, None, None),
    ("转运固废4万余吨", "4万余吨", "mass", "t", 40000, "more_than", False, None, None),
    ("新建管网12.5公里", "12.5公里", "length", "km", 12.5, None, False, None, None),
    ("用能增量6万吨标煤以上", "6万吨标煤", "energy", "tce", 60000, "more_than", False, None, None),
    ("装机容量1.3亿千瓦", "1.3亿千瓦", "power", "kW", 130000000, None, False, None, None),
    ("全社会用电量8100亿千瓦时", "8100亿千瓦时", "electricity", "kWh", 810000000000, None, False, None, None),
    ("架设10KV线路", "10KV", "voltage", "kV", 10, None, False, None, None),
    ("连续3个月保持正增长", "3个月", "duration", "month", 3, None, False, None, None),
    ("外出招商34天", "34天", "duration", "day", 34, None, False, None, None),
    ("企业数量是去年的2.5倍", "2.5倍", "other", "倍", 2.5, None, False, None, None),
    ("超过50%的农户", "50%", "percent", "%", 50, "more_than", False, None, None),
    ("不低于XX万元", "XX万元", "money", "CNY", None, "at_least", True, None, None),
    ("建成区面积约5平方公里", "5平方公里", "area", "km2", 5, "about", False, None, None),
    ("订单饱和度78.8%左右", "78.8%", "percent", "%", 78.8, "about", False, None, None),
    ("共清理x万多个小广告", "x万多个", "count", "个", None, "more_than", True, None, None),
    ("帮扶两三家困难企业", "两三家", "count", "家", None, None, False, 2, 3),
    ("吸纳三四十人就业", "三四十人", "count", "人", None, None, False, 30, 40),
    ("争取资金七八百万元", "七八百万元", "money", "CNY", None, None, False, 7000000, 8000000),
    ("完成投资1000多万元", "1000多万元", "money", "CNY", 10000000, "more_than", False, None, None),
    ("实现销售2亿多元", "2亿多元", "money", "CNY", 200000000, "more_than", False, None, None),
    ("总投资800万—1000万元", "800万—1000万元", "money", "CNY", None, None, False, 8000000, 10000000),
    ("新建光伏30万千瓦", "30万千瓦", "power", "kW", 300000, None, False, None, None),
    ("单位GDP能耗同比下降0.3个百分点", "0.3个百分点", "percentage_point", "pp", 0.3, None, False, None, None),
    # a bare scale word with 余 or 多 after it needs no qualifier before it
    ("园区吸引配套企业千余家", "千余家", "count", "家", 1000, "more_than", False, None, None),
    ("组织志愿者百余人开展清河行动", "百余人", "count", "人", 100, "more_than", False, None, None),
    # an alternative measure word in brackets stands between the unit and its qualifier
    ("配发辅助器具300台(件)以上", "300台", "count", "台", 300, "more_than", False, None, None),
    ("更新教学设备1200台（套）左右", "1200台", "count", "台", 1200, "about", False, None, None),
]
# fmt: on


def test_a_slogan_the_text_quotes_is_one_without_its_quotes_too() -> None:
    text = "全力办好“四件大事”。年内扎实推进强边四件大事，新建四件展品。"
    assert [q.text for q in cnreport.parse(text).quantities] == ["四件"]  # the exhibits only
    assert [q.text for q in cnreport.parse("扎实推进强边四件大事").quantities] == ["四件"]


def test_a_count_inside_a_companys_name_is_no_quantity() -> None:
    r = cnreport.parse("三棵树公司纳税额突破5000万元。")
    assert [(e.text, e.label.value) for e in r.entities] == [("三棵树公司", "COMPANY")]
    assert [q.text for q in r.quantities] == ["5000万元"]
    assert [q.text for q in cnreport.parse("村民在院前种植三棵树。").quantities] == ["三棵"]


@pytest.mark.parametrize(("sentence", "text", "kind", "unit", "value", "approx", "masked", "low", "high"), GOLDEN,
                         ids=[g[0] for g in GOLDEN])
def test_golden(sentence, text, kind, unit, value, approx, masked, low, high) -> None:  # type: ignore[no-untyped-def]
    found = [q for q in cnreport.parse(sentence).quantities if q.text == text]
    assert len(found) == 1, [q.text for q in cnreport.parse(sentence).quantities]
    q = found[0]
    assert sentence[q.start : q.end] == text
    assert q.kind.value == kind
    assert q.unit == unit
    assert q.value == (None if value is None else Decimal(str(value)))
    assert (q.approx.value if q.approx else None) == approx
    assert q.masked is masked
    assert q.low == (None if low is None else Decimal(str(low)))
    assert q.high == (None if high is None else Decimal(str(high)))


# Sentences in which nothing is a quantity: dates, ordinals, markers, codes, set phrases.
NEGATIVES = [
    "2020年7月30日召开会议",
    "1-6月全区经济运行平稳",
    "截至4月份，各项工作有序推进",
    "第三批次检查已经结束",
    "一、上半年工作情况",
    "(一)落实双招双引",
    "1.聚焦主导产业",
    "拨打12315平台热线",
    "G530安置房项目加快建设",
    "根据国发〔2021〕7号文件",
    "联系电话0728-6666666",
    "实行一企一策精准帮扶",
    "打好三大攻坚战",
    "谋划十四五发展规划",
    "压实食品安全两个责任",
    "落实3+3+N工作机制",
    "同比增长42",
    "12时05分发布",
    "2021-2025年发展规划",
    "xxxx年以来",
    "一批项目相继落地",
    "学习贯彻九届四次全会精神",
    "每万人口拥有量达标",
    "申报亿元项目",
    "构建三位一体格局",
    "推出“五个一”服务举措",
    "PM2.5浓度持续下降",
    "带动数十家企业转型",
    "吸引上百家客商",
    "新增几十个岗位",
    "万元GDP能耗持续下降",
]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_not_a_quantity(sentence: str) -> None:
    assert [q.text for q in cnreport.parse(sentence).quantities] == []


def test_every_number_with_a_unit_in_a_list_is_separate() -> None:
    text = "新建年产10万吨硫酸，1万吨磷酸铁及1万吨氯化钙生产线"
    assert [(q.text, int(q.value)) for q in cnreport.parse(text).quantities] == [
        ("10万吨", 100000), ("1万吨", 10000), ("1万吨", 10000),
    ]


def test_count_before_yiyuan_project_is_a_count() -> None:
    qs = cnreport.parse("签约3个亿元项目").quantities
    assert [(q.text, q.unit, int(q.value)) for q in qs] == [("3个", "个", 3)]


def test_bare_scale_is_money_only_with_a_money_word_nearby() -> None:
    assert [q.text for q in cnreport.parse("缺口为xxx万。").quantities] == ["xxx万"]
    assert cnreport.parse("全镇常住人口3.2万。").quantities == ()


def test_sorted_and_offsets_point_into_the_caller_text() -> None:
    text = "投資６億元，新增企業１２家，增長１５．５％"
    qs = cnreport.parse(text).quantities
    assert [q.start for q in qs] == sorted(q.start for q in qs)
    assert [text[q.start : q.end] for q in qs] == ["６億元", "１２家", "１５．５％"]
    assert [q.value for q in qs] == [Decimal(600000000), Decimal(12), Decimal("15.5")]


# ---------------------------------------------------------------------------
# Every form of tests/data/quantity_forms.tsv: one case a line.

FORMS_FILE = Path(__file__).parent / "data" / "quantity_forms.tsv"


def _forms() -> list[tuple[str, ...]]:
    rows = []
    for line in FORMS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows


FORMS = _forms()


def _expected(kind: str, value: str) -> dict[str, object]:
    """The fields a form's ``value`` column asks for."""
    d = Decimal
    if value == "masked":
        return {"value": None, "masked": True}
    if ".." in value:
        low, high = value.split("..")
        return {"value": None, "low": d(low), "high": d(high)}
    if "->" in value:
        a, b = value.split("->")
        return {"value": d(a), "to": d(b)}
    if kind == "ratio":
        parts = tuple(d(p) for p in value.split(":"))
        return {"parts": parts, "value": parts[0] / parts[1] if len(parts) == 2 else None}
    if kind == "fraction":
        num, den = (d(p) for p in value.split("/"))
        return {"parts": (num, den)}
    return {"value": d(value)}


def test_the_table_is_large_and_covers_every_form() -> None:
    assert len(FORMS) >= 200
    assert {f[0] for f in FORMS} >= {
        "range", "magnitude", "vague", "list", "money", "upper", "sign", "half", "unit", "rate",
        "ratio", "fraction", "proportion", "change", "width",
    }


@pytest.mark.parametrize(
    ("form", "sentence", "span", "kind", "unit", "value", "approx"), FORMS, ids=[f"{f[0]}:{f[1]}" for f in FORMS]
)
def test_form(form: str, sentence: str, span: str, kind: str, unit: str, value: str, approx: str) -> None:
    found = cnreport.parse(sentence).quantities
    assert all(sentence[q.start : q.end] == q.text for q in found)
    if span == "-":
        assert [q.text for q in found] == []
        return
    by_text = [q for q in found if q.text == span]
    assert len(by_text) == 1, [q.text for q in found]
    q = by_text[0]
    assert (q.kind.value, q.unit) == (kind, unit)
    assert (q.approx.value if q.approx else "-") == approx
    for name, want in _expected(kind, value).items():
        got = getattr(q, name)
        if name == "value" and kind in ("ratio", "fraction") and want is not None and got is not None:
            assert abs(got - want) < Decimal("1e-12")  # type: ignore[operator]
        else:
            assert got == want, name
    if kind == "fraction":
        num, den = q.parts
        assert abs(q.value - num / den) < Decimal("1e-12")  # type: ignore[operator]


# ---------------------------------------------------------------------------
# The examples of the rule tables that only the quantity matcher reads
# (subunits, currency before the number, denominators, half, ratio, change,
# proportions, fractions, upper-case money, signs): each one is a test.

EXTRA = extra_rules().examples


@pytest.mark.parametrize("example", EXTRA, ids=[e.text for e in EXTRA])
def test_extra_rule_example(example: Example) -> None:
    found = extract_quantities(normalize(example.text))
    if example.get("none"):
        assert found == (), f"{example.source}: expected no quantity, got {[q.text for q in found]}"
        return
    by_text = {q.text: q for q in found}
    span = example.get("span", example.text)
    assert span in by_text, f"{example.source}: {span!r} not found in {list(by_text)}"
    q = by_text[span]
    for name in ("kind", "unit"):
        if example.get(name) is not None:
            got = q.kind.value if name == "kind" else q.unit
            assert got == example.get(name), example.source
    if example.get("low") is not None:
        assert (q.low, q.high) == (Decimal(str(example.get("low"))), Decimal(str(example.get("high"))))
    if example.get("value") is not None:
        assert q.value == Decimal(str(example.get("value"))), example.source
    if example.get("parts") is not None:
        assert q.parts == tuple(Decimal(str(p)) for p in example.get("parts"))
    if example.get("to") is not None:
        assert q.to == Decimal(str(example.get("to")))
    assert (q.approx.value if q.approx else None) == example.get("approx")
    assert q.masked is bool(example.get("masked", False))


def test_every_extra_table_has_examples() -> None:
    sources = {e.source.split(": ")[1].split(" ")[0] for e in EXTRA}
    assert sources >= {
        "subunit", "[currency_before]", "denominator", "[half]", "[ratio]", "[change]", "proportion",
        "[fraction]", "[financial_money]", "[minus]",
    }


# ---------------------------------------------------------------------------
# Traditional characters and full-width forms give the values of the simplified text.


@cache
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


_FULL = {cp: cp + 0xFEE0 for cp in range(0x21, 0x7F)}


def _values(text: str) -> list[tuple[object, ...]]:
    return [(q.start, q.end, q.kind, q.unit, q.value, q.low, q.high, q.approx, q.masked, q.parts, q.to)
            for q in cnreport.parse(text).quantities]


@settings(deadline=None, max_examples=150)
@given(st.sampled_from([f[1] for f in FORMS]), st.booleans(), st.booleans())
def test_traditional_and_full_width_read_like_simplified(sentence: str, traditional: bool, full_width: bool) -> None:
    other = sentence
    if traditional:
        converted = _s2t().convert(other)
        if len(converted) == len(other):  # keep the offsets comparable
            other = converted
    if full_width:
        other = other.translate(_FULL)
    assert _values(other) == _values(sentence)
