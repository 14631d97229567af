"""Indicator and project rows from report-style sentences."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import cnreport
from cnreport.records import record_rules


def _row(i: cnreport.Indicator) -> tuple[Any, ...]:
    ch = i.change
    return (
        i.name,
        i.indicator,
        i.value.text if i.value else None,
        (ch.value, ch.unit, ch.basis.value, ch.masked, ch.against) if ch else None,
        i.progress.text if i.progress else None,
        i.status.value,
    )


D = Decimal
YOY = "year_on_year"
# fmt: off
GOLDEN = [
    ("全镇1至6月规上企业工业总产值预计达61.52亿元。", [
        ("规上企业工业总产值", "industrial_output_above_size", "61.52亿元", None, None, "estimate"),
    ]),
    ("今年以来规模以上工业产值实现12.1亿元，较上年同期增长2%。", [
        ("规模以上工业产值", "industrial_output_above_size", "12.1亿元", (D(2), "%", YOY, False, ""), None, "actual"),
    ]),
    ("工业技改投资完成45.7亿元，同比增长40.2%；固定资产投资增长13.5%。", [
        ("工业技改投资", "technical_renovation_investment", "45.7亿元", (D("40.2"), "%", YOY, False, ""), None, "actual"),
        ("固定资产投资", "fixed_asset_investment", None, (D("13.5"), "%", YOY, False, ""), None, "actual"),
    ]),
    ("外贸出口完成xxxxx万美元，比去年同期增长xx.xx%。", [
        ("外贸出口", "exports", "xxxxx万美元", (None, "%", YOY, True, ""), None, "actual"),
    ]),
    ("税收入库5200万元，完成全年任务的60%。", [
        ("税收入库", "tax_revenue", "5200万元", None, "60%", "actual"),
    ]),
    ("快检应完成12000批次，实际完成13500批次，完成率112.5%。", [
        ("快检应完成", None, "12000批次", None, None, "actual"),
        ("实际完成", None, "13500批次", None, "112.5%", "actual"),
    ]),
    ("入库税收xxxx万元，较去年同期增加xxx万元，完成全年任务的xx.xx%。", [
        ("入库税收", "tax_revenue", "xxxx万元", (None, "CNY", YOY, True, ""), "xx.xx%", "actual"),
    ]),
    ("确保年内工业总产值达到XX亿元。", [
        ("工业总产值", "industrial_output", "XX亿元", None, None, "target"),
    ]),
    ("力争年内新增规上工业企业2家。", [
        ("新增规上工业企业", "new_enterprises_above_size", "2家", None, None, "target"),
    ]),
    ("环境投诉件数同比减少45%。", [
        ("环境投诉件数", None, None, (D(-45), "%", YOY, False, ""), None, "actual"),
    ]),
    ("规上工业增加值下降18.3%。", [
        ("规上工业增加值", "industrial_value_added", None, (D("-18.3"), "%", YOY, False, ""), None, "actual"),
    ]),
    ("一般公共预算收入实现XX亿元，同比持平。", [
        ("一般公共预算收入", "general_public_budget_revenue", "XX亿元", (D(0), "%", YOY, False, ""), None, "actual"),
    ]),
    ("全县工业增速高于全省22.7个百分点。", [
        ("工业增速", None, None, (D("22.7"), "pp", "comparison", False, "全省"), None, "actual"),
    ]),
    # a rate named alone after a row that changed is that row's rate
    ("外贸进出口总额同比下降4.3%，降幅较一季度收窄2.1个百分点。", [
        ("外贸进出口总额", "foreign_trade", None, (D("-4.3"), "%", YOY, False, ""), None, "actual"),
        ("外贸进出口总额降幅", None, None, (D("-2.1"), "pp", "comparison", False, "一季度"), None, "actual"),
    ]),
    # 分别 is no part of a name that keeps its verb; an item takes the measure after its head word
    ("上半年，柳岸生态公园项目和城南污水处理厂项目分别完成投资1.2亿元、0.8亿元。", [
        ("柳岸生态公园项目完成投资", None, "1.2亿元", None, None, "actual"),
        ("城南污水处理厂项目完成投资", None, "0.8亿元", None, None, "actual"),
    ]),
    # a part after 其中 named only by what it is a part of takes the rest of that row's name
    ("全县居民人均可支配收入14260元，其中城镇居民21380元、农村居民9650元；农作物播种面积38万亩，其中小麦22万亩。", [
        ("居民人均可支配收入", "disposable_income", "14260元", None, None, "actual"),
        ("城镇居民人均可支配收入", "urban_disposable_income", "21380元", None, None, "actual"),
        ("农村居民人均可支配收入", "rural_disposable_income", "9650元", None, None, "actual"),
        ("农作物播种面积", None, "38万亩", None, None, "actual"),
        ("小麦播种面积", None, "22万亩", None, None, "actual"),
    ]),
    # a net gain on a base is the level's change
    ("全县规上工业企业达到56家，较年初净增4家。", [
        ("规上工业企业", None, "56家", (D(4), "家", "comparison", False, "年初"), None, "actual"),
    ]),
    ("预计全年工业总产值可达120亿，同比增长8.5%；外贸出口3000万美元，同比增长5%。", [
        ("工业总产值", "industrial_output", "120亿", (D("8.5"), "%", YOY, False, ""), None, "estimate"),
        ("外贸出口", "exports", "3000万美元", (D(5), "%", YOY, False, ""), None, "estimate"),
    ]),
    ("今年重点项目共27个，其中省级重点项目1个，总投资175.1亿元。", [
        ("重点项目", None, "27个", None, None, "actual"),
        ("省级重点项目", None, "1个", None, None, "actual"),
        ("省级重点项目总投资", "total_investment", "175.1亿元", None, None, "actual"),
    ]),
    ("今年以来引进3个亿元项目，其中20亿元项目1个。", [
        ("亿元项目", None, "3个", None, None, "actual"),
        ("20亿元项目", None, "1个", None, None, "actual"),
    ]),
    # a clause that names an indicator by the thresholds it passed: the next clause's figure is its
    ("五年来全市地区生产总值迈上两个千亿元台阶，年均增长6.1%。", [
        ("地区生产总值", "gdp", None, (D("6.1"), "%", YOY, False, ""), None, "actual"),
    ]),
    ("一般公共预算收入连续跨过2个百亿元关口，达到238亿元。", [
        ("一般公共预算收入", "general_public_budget_revenue", "238亿元", None, None, "actual"),
    ]),
    # ... and no row when nothing follows it, nor when what it names is no indicator
    ("全市地区生产总值迈上两个千亿元台阶。新引进3个“链主”企业。", []),
]
# fmt: on


@pytest.mark.parametrize(("text", "rows"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_indicator_rows(text: str, rows: list[tuple[Any, ...]]) -> None:
    got = cnreport.parse(text).indicators
    assert [_row(i) for i in got] == rows
    for i in got:
        assert 0 <= i.start < i.end <= len(text)


def test_indicator_rule_examples() -> None:
    rules = record_rules()
    for ex in rules.examples:
        if ex.get("name") is None:
            continue
        rows = cnreport.parse(ex.text).indicators
        names = [r.name for r in rows]
        assert ex.get("name") in names, (ex.source, ex.text, names)
        row = rows[names.index(ex.get("name"))]
        if ex.get("value") is not None:
            assert row.value is not None and row.value.value == D(str(ex.get("value"))), ex.text
        if ex.get("masked"):
            assert row.value is not None and row.value.masked
        if ex.get("period") is not None:
            assert row.period is not None and row.period.text == ex.get("period"), (ex.text, row.period)


def test_change_and_status_examples() -> None:
    for ex in record_rules().examples:
        rows = cnreport.parse(ex.text).indicators
        if ex.get("change") is not None:
            changes = [r.change for r in rows if r.change is not None]
            assert len(changes) == 1, ex.text
            assert changes[0].value == D(str(ex.get("change"))), ex.text
            assert changes[0].basis.value == ex.get("basis"), ex.text
            assert changes[0].against == ex.get("against", ""), ex.text
        if ex.get("progress") is not None:
            assert [r.progress.value for r in rows if r.progress] == [D(str(ex.get("progress")))], ex.text
        project = "project_status" in ex.source or "[projects]" in ex.source
        if ex.get("status") is not None and not project:
            assert rows and rows[-1].status.value == ex.get("status"), ex.text
        elif ex.get("status") is not None:
            want = None if ex.get("status") == "-" else ex.get("status")
            assert [p.status for p in cnreport.parse(ex.text).projects] == [want], ex.text
        if ex.get("investment") is not None or ex.get("spent") is not None:
            (p,) = cnreport.parse(ex.text).projects
            for key in ("investment", "spent"):
                if ex.get(key) is not None:
                    want = None if ex.get(key) == "-" else ex.get(key)
                    got = getattr(p, key)
                    assert (got.text if got else None) == want, (key, ex.text)
            assert (p.capacity.text if p.capacity else None) == ex.get("capacity"), ex.text


def test_rows_round_trip() -> None:
    r = cnreport.parse("全镇固定资产投资完成8.7亿元，较上年同期增长3.6%。", reference_date=date(2020, 7, 30))
    assert cnreport.Report.from_dict(r.to_dict()) == r
    row = r.to_dict()["indicators"][0]
    assert row["change"] == {
        "value": 3.6,
        "unit": "%",
        "basis": "year_on_year",
        "masked": False,
        "against": "",
        "approx": None,
        "low": None,
        "high": None,
        "from_value": None,
    }


@pytest.mark.parametrize("value", [None, "新增企业3家", {"doc_id": "a"}])
def test_tables_take_a_report_only(value: object) -> None:
    with pytest.raises(TypeError, match=f"tables takes one Report .*got {type(value).__name__}"):
        cnreport.tables(value)  # type: ignore[arg-type]


def test_tables_are_flat_rows_with_the_document_id() -> None:
    import csv
    import io

    from cnreport.tables import COLUMNS

    r = cnreport.parse("全镇固定资产投资完成8.7亿元，较上年同期增长3.6%；新增企业5家。", doc_id="town-2020")
    tables = cnreport.tables(r)
    assert set(tables) == set(COLUMNS)
    ind = tables["indicators"][0]
    assert ind["doc_id"] == "town-2020"
    assert (ind["name"], ind["indicator"], ind["value"], ind["unit"], ind["change"], ind["change_basis"]) == (
        "固定资产投资",
        "fixed_asset_investment",
        870000000,
        "CNY",
        3.6,
        "year_on_year",
    )
    assert [q["text"] for q in tables["quantities"]] == ["8.7亿元", "3.6%", "5家"]
    for name, rows in tables.items():
        for row in rows:
            assert tuple(row) == COLUMNS[name]
            assert all(v is None or isinstance(v, str | int | float | bool) for v in row.values())
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS[name])
        writer.writeheader()
        writer.writerows(rows)


def test_how_long_a_figure_has_held_is_no_period_of_the_sentence() -> None:
    text = "一、2025年工作回顾\n工业增加值增速连续30个月居全省前列,规模以上工业企业达到1832户。"
    rows = [(i.name, i.period.text if i.period else None) for i in cnreport.parse(text).indicators]
    assert rows == [("规模以上工业企业", "2025年")]


def test_a_count_with_a_verb_of_its_own_after_a_list_of_new_ones_is_a_total() -> None:
    text = "新增规上企业12家、高新技术企业32家,规模以上工业企业达到112家。"
    rows = [(i.name, i.indicator) for i in cnreport.parse(text).indicators]
    assert rows == [
        ("新增规上企业", "new_enterprises_above_size"),
        ("新增高新技术企业", "new_high_tech_enterprises"),
        ("规模以上工业企业", None),
    ]


def test_the_notes_that_explain_terms_give_no_rows() -> None:
    text = (
        "一、2023年工作回顾\n全县新增规上企业12家,地区生产总值增长6%。\n注释:\n"
        "[1]“百强工程”:指用五年时间培育营业收入过亿元企业10家。\n"
        "【2】一村一品:是指以村为单位发展1至2个主导产业。"
    )
    names = [i.name for i in cnreport.parse(text).indicators]
    assert names == ["新增规上企业", "地区生产总值"]


@pytest.mark.parametrize(("heading", "end"), [("附：名词解释", "\n"), ("【名词解释】", "\n"), ("※注释※", "\r\n")])
def test_nothing_after_a_heading_of_notes_gives_rows(heading: str, end: str) -> None:
    # numbered 1. and 2., and a definition on the line below its term: the heading tells
    text = (
        "一、2023年工作回顾\n全县新增规上企业12家，地区生产总值增长6%，城北污水处理厂建成投用。\n"
        "二、2024年工作安排\n力争地区生产总值增长6.5%，开工建设县人民医院新院区。\n"
        f"{heading}\n1.“双百工程”：指三年内培育营业收入过亿元企业100家。\n"
        "2.“一网通办”：\n依托政务服务平台实现事项办理时限压缩50%。"
    ).replace("\n", end)
    r = cnreport.parse(text)
    assert [(i.name, i.value.text if i.value else i.change.value) for i in r.indicators] == [
        ("新增规上企业", "12家"),
        ("地区生产总值", Decimal("6")),
        ("地区生产总值", Decimal("6.5")),
    ]
    assert [p.name for p in r.projects] == ["城北污水处理厂", "县人民医院新院区"]


def test_a_change_against_a_year_named_is_a_comparison_with_it() -> None:
    rows = [
        (i.name, i.change.basis.value, i.change.against)
        for i in cnreport.parse("全市有效发明专利比2020年增长58.1%，第三产业占比2024年提高2个百分点。").indicators
        if i.change
    ]
    assert rows == [("有效发明专利", "comparison", "2020年"), ("第三产业占比", "year_on_year", "")]
    # against the start of the year: a balance's change since 年初, not on the year before
    rows = [
        (i.name, i.change.value, i.change.basis.value, i.change.against)
        for i in cnreport.parse("各项贷款余额较年初增加21.3亿元，不良贷款率比年初下降0.4个百分点。").indicators
    ]
    assert rows == [("贷款余额", D(2130000000), "comparison", "年初"), ("不良贷款率", D("-0.4"), "comparison", "年初")]
    # against the half year before: the previous period's
    rows = [(i.name, i.change.basis.value) for i in cnreport.parse("规上工业增加值增速较上半年提高1.2个百分点。").indicators]
    assert rows == [("规上工业增加值增速", "previous_period")]


def test_under_a_span_and_a_year_the_paragraphs_before_the_years_review_the_span() -> None:
    text = (
        "某省政府工作报告\n——2026年1月20日在某省人民代表大会上\n各位代表：\n"
        "一、“十四五”时期和2025年工作回顾\n全省城镇新增就业累计达到520万人。\n"
        "刚刚过去的2025年，全省城镇新增就业达到110万人。\n二、2026年重点工作\n"
    )
    rows = [(i.value.text, i.period.first_day, i.period.last_day) for i in cnreport.parse(text).indicators]
    assert rows == [("520万人", date(2021, 1, 1), date(2025, 12, 31)), ("110万人", date(2025, 1, 1), date(2025, 12, 31))]
    # the year named first is reviewed first
    text = text.replace("“十四五”时期和2025年", "2025年和“十四五”时期")
    assert [i.period.first_day for i in cnreport.parse(text).indicators] == [date(2025, 1, 1), date(2025, 1, 1)]


def test_under_a_year_and_a_span_the_text_turns_to_the_span() -> None:
    text = (
        "某省政府工作报告\n——2026年1月20日在某省人民代表大会上\n各位代表：\n"
        "一、2025年及“十四五”时期工作回顾\n过去一年，全省城镇新增就业110万人。\n"
        "五年来，我们砥砺前行。\n——民生持续改善。城镇新增就业累计达到520万人。\n"
        "二、“十四五”时期成就和“十五五”时期主要目标\n今后五年，我们将接续奋斗。\n——全省生产总值年均增长5%左右。\n"
    )
    rows = [(i.value.text if i.value else i.change.value, i.period.first_day) for i in cnreport.parse(text).indicators]
    assert rows == [("110万人", date(2025, 1, 1)), ("520万人", date(2021, 1, 1)), (Decimal("5"), date(2026, 1, 1))]


def test_a_time_inside_a_sentences_matter_does_not_turn_the_section() -> None:
    # 落实“十五五”…规划 names the span as a thing acted on, not as the frame of what follows
    text = (
        "某区政府工作报告\n——2026年1月22日在某区人民代表大会上\n各位代表：\n"
        "一、“十五五”时期主要目标和2026年重点工作\n“十五五”时期，全区生产总值年均增长5.5%左右。\n"
        "今年是“十五五”开局之年。\n做强园区经济。落实“十五五”园区发展规划，新建标准厂房20万平方米。\n"
    )
    rows = [(i.value.text if i.value else i.change.value, i.period.text) for i in cnreport.parse(text).indicators]
    assert rows == [(Decimal("5.5"), "“十五五”时期"), ("20万平方米", "2026年")]


def test_an_events_dotted_date_and_a_part_of_a_day_give_no_period_and_cut_no_name() -> None:
    text = "一、2025年工作回顾\n汲取“3·18”火灾事故教训，全县火灾起数下降12%。建成夜间消费集聚区4个。\n"
    rows = [(i.name, i.period.text if i.period else None) for i in cnreport.parse(text).indicators]
    assert rows == [("火灾起数", "2025年"), ("夜间消费集聚区", "2025年")]


def test_a_sentence_that_opens_with_a_time_and_states_no_figure_turns_the_section() -> None:
    plan = (
        "二、“十五五”时期主要目标和2026年重点工作\n今后五年，全区生产总值年均增长6%左右。\n"
        "2026年全区上下要重点抓好以下工作。\n（一）扩大有效投资。实施重点项目80个。\n"
    )
    review = (
        "一、“十四五”时期和2025年工作回顾\n过去一年，我们稳中求进。\n五年来我们始终坚持发展第一要务。\n"
        "全区地区生产总值年均增长6.2%。\n2025年服务业占比较2020年提高3个百分点。规上工业增加值年均增长8%。\n"
    )
    done = "一、2025年工作回顾\n圆满完成“十四五”规划目标任务，全区生产总值年均增长6.1%。\n"

    def periods(text: str) -> list[str | None]:
        rows = cnreport.parse(text, reference_date=date(2026, 1, 20)).indicators
        return [i.period.text if i.period else None for i in rows]

    assert periods(plan) == ["今后五年", "2026年"]
    # a year on the year before is no comparison that keeps the section from turning
    yoy = plan.replace("2026年全区上下要重点抓好以下工作。", "2026年全区生产总值比2025年增长5.5%左右。")
    assert periods(yoy + "一般公共预算收入增长5%。\n")[-1] == "2026年"
    # a sentence that opens with the year, figures or not, or names it after a lead-in
    for opener in ("今年重点抓好八个方面工作。", "2026年全区地区生产总值增长5.5%左右。", "综合考虑各方面因素，2026年主要预期目标是："):
        assert periods(plan.replace("2026年全区上下要重点抓好以下工作。", opener))[-1] == "2026年"
    # a sentence with a figure of its own year turns nothing
    assert periods(review) == ["“十四五”时期", "2025年", "“十四五”时期"]
    assert periods(done) == ["“十四五”"]


def test_the_opening_sentences_time_dates_its_paragraph_when_it_opens_it() -> None:
    def periods(text: str) -> list[str | None]:
        rows = cnreport.parse("一、2025年工作回顾\n" + text + "\n", reference_date=date(2026, 1, 20)).indicators
        return [i.period.text if i.period else None for i in rows]

    assert periods("过去五年全县生产总值年均增长6%。一般公共预算收入年均增长8%。") == ["过去五年", "过去五年"]
    assert periods("上半年全县规上工业增加值增长8%。社会消费品零售总额增长5%。") == ["上半年", "上半年"]
    # not a year named inside the opening sentence, after a figure of its own: the five years
    text = "五年来，我们砥砺前行。\n全县生产总值连跨两个百亿元台阶，2025年人均生产总值达到6万元。规上工业增加值年均增长9%。"
    rows = cnreport.parse("一、“十四五”时期和2025年工作回顾\n" + text + "\n", reference_date=date(2026, 1, 20)).indicators
    assert [i.period.text for i in rows if i.period] == ["2025年", "“十四五”时期"]


def test_a_salutation_opening_a_paragraph_gives_way_to_the_sentence_after_it() -> None:
    text = (
        "一、“十三五”时期工作回顾\n五年来，全县生产总值年均增长6.2%。\n"
        "各位代表！刚刚过去的2020年，极不平凡。全县一般公共预算收入7.04亿元。\n"
    )
    rows = [(i.name, i.period.text) for i in cnreport.parse(text, reference_date=date(2021, 1, 20)).indicators]
    assert rows == [("生产总值", "五年来"), ("一般公共预算收入", "2020年")]


@pytest.mark.parametrize(
    ("text", "iid"),
    [
        ("全市服务业增加值增长6%", "services_value_added"),
        ("现代服务业增加值增长8%", None),  # a part: the id is marked whole
        ("外贸进口增长5%", "imports"),
        ("机电产品进口增长5%", None),
        ("城镇新增就业3.2万人", "new_urban_jobs"),
        ("年均新增城镇就业3万人", None),  # 年均 narrows
        ("脱贫地区农村居民人均可支配收入增长7%", None),  # a part of the rural households
        ("民生支出占一般公共预算支出的80%", None),  # a share
        ("一般公共预算支出完成156亿元", "general_public_budget_expenditure"),
        ("规上工业增加值增长8%", "industrial_value_added"),
        ("规上服务业增加值增长5%", None),
        ("全市出口增长5%", "exports"),
        ("“新三样”产品出口增长20%", None),
        ("其中工业税收增长7.3%", None),
        ("民营企业进出口增长9%", None),
    ],
)
def test_headline_ids_and_their_parts(text: str, iid: str | None) -> None:
    assert [i.indicator for i in cnreport.parse(text).indicators] == [iid]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("打造“中国深度”品牌，全市旅游收入增长12%。", None),  # a slogan's place
        ('打造"中国深度"品牌，全市旅游收入增长12%。', None),
        ("徐汇区生产总值增长6%。", "徐汇区"),
        ("“长株潭”地区生产总值增长6%。", "长株潭"),  # a quotation that is the place
        ("涞水县城区供水工程完成投资2亿元。", "涞水县"),  # the place a work's name opens with
        ("建成南湖公园，全市新增绿地120公顷。", None),  # another clause's, and a park's
        ("引进北京中科集团，新增就业岗位800个。", None),
        ("六安市坚持生态优先，森林覆盖率达到45.6%。", "六安市"),  # the sentence's subject
    ],
)
def test_a_place_quoted_or_inside_a_works_name_is_no_region(text: str, region: str | None) -> None:
    assert [i.region for i in cnreport.parse(text).indicators] == [region]


def test_a_projects_own_money_is_no_indicator_row() -> None:
    r = cnreport.parse("投资28亿元的城东热电项目顺利竣工，全年完成固定资产投资30亿元。")
    assert [(p.name, p.investment.text if p.investment else None) for p in r.projects] == [("城东热电项目", "28亿元")]
    assert [(i.name, i.value.text) for i in r.indicators if i.value] == [("固定资产投资", "30亿元")]


def test_a_count_that_names_a_policy_gives_no_row() -> None:
    r = cnreport.parse("出台稳增长“26条”政策措施，新增“专精特新”企业26家。")
    assert [q.text for q in r.quantities] == ["26条", "26家"]  # both quantities, as the guide has it
    assert [(i.name, i.value.text) for i in r.indicators if i.value] == [("新增专精特新企业", "26家")]


def test_a_figure_or_a_count_of_years_is_no_name() -> None:
    # the change after them is the row's before them, not a row named 5年 or 9323.1亿元
    text = "高新技术产业产值占比达到55.7%、5年提升10.6个百分点。地区生产总值达到1369.7亿元,较上年末的932.3亿元增加437.4亿元。"
    rows = [
        (i.name, i.value.text if i.value else None, i.change.value if i.change else None)
        for i in cnreport.parse(text).indicators
    ]
    assert rows == [
        ("高新技术产业产值占比", "55.7%", Decimal("10.6")),
        ("地区生产总值", "1369.7亿元", Decimal("43740000000")),
    ]


def test_a_join_inside_a_word_parts_no_names() -> None:
    # 及 of 普及率 is no join; 和 between two names is
    text = "农村供电可靠率、自来水普及率分别达99.9%、94.5%;城镇和农村居民人均可支配收入分别增长5%和7%。"
    names = [i.name for i in cnreport.parse(text).indicators]
    assert names == ["农村供电可靠率", "自来水普及率", "城镇居民人均可支配收入", "农村居民人均可支配收入"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first of two names joined by 和 that ends with an indicator's own ending is whole
        ("全县财政总收入和一般公共预算收入均增长9%以上。", ["财政总收入", "一般公共预算收入"]),
        ("空气质量综合指数和PM2.5平均浓度均下降8%。", ["空气质量综合指数", "PM2.5平均浓度"]),
        ("受污染耕地安全利用率和污染地块安全利用率均保持100%。", ["受污染耕地安全利用率", "污染地块安全利用率"]),
        # a first part that is no name of its own still takes the last one's ending
        ("城镇和农村居民人均可支配收入均增长6%。", ["城镇居民人均可支配收入", "农村居民人均可支配收入"]),
    ],
)
def test_two_names_joined_by_a_word_share_a_figure_whole(text: str, expected: list[str]) -> None:
    assert [i.name for i in cnreport.parse(text).indicators] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a tier alone after a row whose name holds another is that row at this tier
        ("全年培训乡村教师800名、市级120名、省级30名。", ["培训乡村教师", "市级", "省级"]),
        ("培训县级农技人员600名、市级80名、省级20名。", ["培训县级农技人员", "培训市级农技人员", "培训省级农技人员"]),
        # a part of the new ones (其中) drops the verb of the list; an item of the list keeps it
        ("新增省级以上绿色工厂12家，其中国家级3家。", ["新增省级以上绿色工厂", "国家级绿色工厂"]),
        ("新增国家级科技企业孵化器2家、省级6家。", ["新增国家级科技企业孵化器", "新增省级科技企业孵化器"]),
    ],
)
def test_a_tier_alone_names_the_row_before_at_that_tier(text: str, expected: list[str]) -> None:
    assert [i.name for i in cnreport.parse(text).indicators] == expected


def test_a_part_or_a_figure_per_unit_of_an_indicator_takes_no_id() -> None:
    text = "全县外贸进出口增长10%,其中对东盟进出口增长8%;税收收入增长5%,亩均税收增长12%;人均地区生产总值8万元。"
    ids = [(i.name, i.indicator) for i in cnreport.parse(text).indicators]
    assert ids == [
        ("外贸进出口", "foreign_trade"),
        ("对东盟进出口", None),
        ("税收收入", "tax_revenue"),
        ("亩均税收", None),
        ("人均地区生产总值", "gdp_per_capita"),
    ]


def test_two_multiples_of_earlier_figures_make_no_rows() -> None:
    text = "一、过去五年工作回顾\n全县生产总值和财政收入分别是2020年的1.6倍和2倍。"
    assert [i.name for i in cnreport.parse(text).indicators] == []


def test_a_list_verb_reaches_a_quoted_count_after_a_comma() -> None:
    text = "新增高新技术企业6家,“专精特新”企业2家。"
    assert [i.name for i in cnreport.parse(text).indicators] == ["新增高新技术企业", "新增专精特新企业"]


def test_a_multiple_of_another_figure_is_no_level_of_it() -> None:
    # X是Y的6倍 says how X compares with Y: Y is not 6倍
    text = "一、2024年工作回顾\n全县土地出让收入突破12亿元,是全年一般公共预算收入的4倍;新增企业5家,增长2倍。"
    rows = [
        (i.name, i.value.text if i.value else None, i.change.value if i.change else None)
        for i in cnreport.parse(text).indicators
    ]
    assert rows == [("土地出让收入", "12亿元", None), ("新增企业", "5家", Decimal(2))]


def test_tables_and_the_panel_keep_ranges_approximations_and_from_values() -> None:
    text = (
        "二、2021年工作安排\n地区生产总值增长5.5%—6%，固定资产投资增长6.5%左右，"
        "发明专利授权量从12件提高到19件，新增规上企业3-5家。从82.3提升至88.1。"
    )
    report = cnreport.parse(text, doc_id="plan")
    keys = ("value", "value_low", "value_high", "change", "change_approx", "change_low", "change_high", "change_from")
    rows = [tuple(row[k] for k in ("name", *keys)) for row in cnreport.tables(report)["indicators"]]
    assert rows == [
        ("地区生产总值", None, None, None, None, None, 5.5, 6, None),
        ("固定资产投资", None, None, None, 6.5, "about", None, None, None),
        ("发明专利授权量", 19, None, None, None, None, None, None, 12),
        ("新增规上企业", None, 3, 5, None, None, None, None, None),
    ]
    panel = [
        (
            row["name"],
            row["low"],
            row["high"],
            row["change_approx"],
            row["change_low"],
            row["change_high"],
            row["change_from"],
        )
        for row in cnreport.panel([report])
    ]
    assert panel == [
        ("地区生产总值", None, None, None, 5.5, 6, None),
        ("固定资产投资", None, None, "about", None, None, None),
        ("发明专利授权量", None, None, None, None, None, 12),
        ("新增规上企业", 3, 5, None, None, None, None),
    ]
    assert [(q["text"], q["value"], q["to"]) for q in cnreport.tables(report)["quantities"]][-1] == (
        "82.3提升至88.1",
        82.3,
        88.1,
    )


def test_two_change_ranges_of_one_figure_are_a_conflict_not_one_quote() -> None:
    text = "二、2025年工作安排\n全县地区生产总值增长5%—6%。\n三、主要目标\n全县地区生产总值增长7%—8%。"
    rows = cnreport.panel([cnreport.parse(text)])
    assert [(r["change_low"], r["change_high"], r["mentions"], r["conflicts"]) for r in rows] == [(5, 6, 1, 1)]


def test_arrow_tables_hold_a_text_with_a_lone_surrogate() -> None:
    # a str may hold a surrogate alone (text decoded with surrogateescape); UTF-8, and so Arrow
    # and Parquet, cannot: it is written as U+FFFD, one character for one, and offsets still hold
    pq = pytest.importorskip("pyarrow.parquet")
    import io

    from cnreport.tables import TYPES, to_arrow

    text = "园区\udc8a企业新增5家，全年完成投资2.4亿元。"
    r = cnreport.parse(text, doc_id="zone\ud800-2021")
    arrow = {name: to_arrow(rows, TYPES[name]) for name, rows in cnreport.tables(r).items()}
    assert arrow["documents"].column("doc_id").to_pylist() == ["zone\ufffd-2021"]
    assert arrow["quantities"].column("text").to_pylist() == ["5家", "2.4亿元"]
    assert arrow["quantities"].column("start").to_pylist() == [text.index("5家"), text.index("2.4")]
    for table in arrow.values():
        pq.write_table(table, io.BytesIO())
    assert to_arrow([{"text": "a\ud800\udfffb"}], {"text": "str"}).column("text").to_pylist() == ["a\ufffd\ufffdb"]


def _project(p: cnreport.ProjectRecord) -> tuple[Any, ...]:
    return (
        p.name,
        p.company,
        p.investment.text if p.investment else None,
        p.spent.text if p.spent else None,
        p.capacity.text if p.capacity else None,
        p.status,
        p.group,
        p.group_total.text if p.group_total else None,
    )


# fmt: off
PROJECTS = [
    ("在建项目2个(瑞丰化工年产2万吨碳酸酯项目、恒通药业原料药生产线项目等)，总投资41.3亿元。", [
        ("瑞丰化工年产2万吨碳酸酯项目", "瑞丰化工", None, None, "2万吨", "under_construction", "在建项目", "41.3亿元"),
        ("恒通药业原料药生产线项目", "恒通药业", None, None, None, "under_construction", "在建项目", "41.3亿元"),
    ]),
    ("推动新签约项目3个(蓝海科技、和顺气体、华源能源)，到位资金5亿元。", [
        ("蓝海科技", "蓝海科技", None, None, None, "signed", "新签约项目", None),
        ("和顺气体", "和顺气体", None, None, None, "signed", "新签约项目", None),
        ("华源能源", "华源能源", None, None, None, "signed", "新签约项目", None),
    ]),
    ("年产7000吨电池材料生产线项目总投资4.15亿元，已开工建设。", [
        ("年产7000吨电池材料生产线项目", None, "4.15亿元", None, "7000吨", "started", None, None),
    ]),
    ("宏达纺织二期项目投资3.2亿元，目前已竣工投产。", [
        ("宏达纺织二期项目", "宏达纺织", "3.2亿元", None, None, "in_production", None, None),
    ]),
    # the status of each project's own clause, not of the clause after it
    ("加快推进西环路北延工程，开工建设南湖大桥，建成城东小学。", [
        ("西环路北延工程", None, None, None, None, "under_construction", None, None),
        ("南湖大桥", None, None, None, None, "started", None, None),
        ("城东小学", None, None, None, None, "completed", None, None),
    ]),
    # 建设 after the name is its noun: the verb before tells the stage
    ("完成县医院门诊楼项目建设，启动城北污水处理厂二期工程。", [
        ("县医院门诊楼项目", None, None, None, None, "completed", None, None),
        ("城北污水处理厂二期工程", None, None, None, None, "started", None, None),
    ]),
    # a list shares the verb before it; a verb that another project follows is that one's
    ("加快推进青石路改造工程、滨河公园、体育中心等项目建设。建成城东小学、开工城西实验中学。", [
        ("青石路改造工程", None, None, None, None, "under_construction", None, None),
        ("滨河公园", None, None, None, None, "under_construction", None, None),
        ("体育中心", None, None, None, None, "under_construction", None, None),
        ("城东小学", None, None, None, None, "completed", None, None),
        ("城西实验中学", None, None, None, None, "started", None, None),
    ]),
    # in service; a name right before the full stop reads no status from the next sentence
    ("城北快速路建成通车，县人民医院新院区正式开诊。滨河公园项目。引进专家5人。", [
        ("城北快速路", None, None, None, None, "in_production", None, None),
        ("县人民医院新院区", None, None, None, None, "in_production", None, None),
        ("滨河公园项目", None, None, None, None, None, None, None),
    ]),
    # 建成后 is a condition, not a stage; a figure of the list is no item's own
    ("康达生物扩能项目总投资5亿元，建成后年产值可达10亿元。总投资9亿元的云岭文化城、东湖酒店等项目加快建设。", [
        ("康达生物扩能项目", "康达生物", "5亿元", None, None, None, None, None),
        ("云岭文化城", None, None, None, None, "under_construction", None, None),
        ("东湖酒店", None, None, None, None, "under_construction", None, None),
    ]),
    # a list item that is its company alone has that company
    ("推进雄泰新能源、睿安天地等项目落地。", [
        ("雄泰新能源", "雄泰新能源", None, None, None, "settled", None, None),
        ("睿安天地", "睿安天地", None, None, None, "settled", None, None),
    ]),
    # a status word inside another word is none (动工 of 联动工程, 复工 of 修复工程); a chain
    # that opens with a plan is a plan; a task of the project done is not the project done (its
    # land taken: preparing)
    ("实施拒马河生态修复工程，推进南湖大桥、北湖大桥等联动工程。谋划实施大庄物流园项目，完成城西物流园项目土地征迁。", [
        ("拒马河生态修复工程", None, None, None, None, "under_construction", None, None),
        ("南湖大桥", None, None, None, None, "under_construction", "联动工程", None),
        ("北湖大桥", None, None, None, None, "under_construction", "联动工程", None),
        ("大庄物流园项目", None, None, None, None, "preparing", None, None),
        ("城西物流园项目", None, None, None, None, "preparing", None, None),
    ]),
    # a status word of another item of the list is not this one's (甲建设及乙, 甲续建配套工程、乙)
    ("完成城东污水泵站建设及纬三路亮化工程，推进前进渠续建配套工程、柳溪湿地公园等项目建设。", [
        ("城东污水泵站", None, None, None, None, "completed", None, None),
        ("纬三路亮化工程", None, None, None, None, "completed", None, None),
        ("前进渠续建配套工程", None, None, None, None, "under_construction", None, None),
        ("柳溪湿地公园", None, None, None, None, "under_construction", None, None),
    ]),
    # a project after 完成投资…的 is done; 完成投资 after it is under way
    ("完成投资5000万元的府河加固扩容项目。南湖湿地项目完成投资3000万元。", [
        ("府河加固扩容项目", None, None, "5000万元", None, "completed", None, None),
        ("南湖湿地项目", None, None, "3000万元", None, "under_construction", None, None),
    ]),
    # the clause after gives a bare predicate only, not a verb with its own object
    ("推进城南物流园项目，加快产业聚集。城北污水处理厂项目总投资2亿元，年底建成并网。", [
        ("城南物流园项目", None, None, None, None, "under_construction", None, None),
        ("城北污水处理厂项目", None, "2亿元", None, None, "in_production", None, None),
    ]),
    # a verb before a list reaches its last item, whatever work on it follows
    ("完成迎宾路西延、新华西路和中心西路改建。", [
        ("迎宾路西延", None, None, None, None, "completed", None, None),
        ("新华西路", None, None, None, None, "completed", None, None),
        ("中心西路改建", None, None, None, None, "completed", None, None),
    ]),
    # a list closed by 等 and its name gives its items that group, and the total before it
    ("总投资9亿元的城东文化城、城西古镇文化产业园等“三大文旅项目”加快建设。", [
        ("城东文化城", None, None, None, None, "under_construction", "“三大文旅项目”", "9亿元"),
        ("城西古镇文化产业园", None, None, None, None, "under_construction", "“三大文旅项目”", "9亿元"),
        ("三大文旅项目", None, None, None, None, "under_construction", None, None),
    ]),
    # a status word after another item that has words of its own is that item's
    ("南湖大桥主体结构基本成型、北湖大桥竣工。南湖公园完成征地拆迁、北湖公园开工建设。", [
        ("南湖大桥", None, None, None, None, None, None, None),
        ("北湖大桥", None, None, None, None, "completed", None, None),
        ("南湖公园", None, None, None, None, "preparing", None, None),
        ("北湖公园", None, None, None, None, "started", None, None),
    ]),
    # a quoted name is the object of nothing past its quote marks (its 征地 is preparing, not done);
    # 后 opening a name is no condition
    ("完成“城北污水处理厂”征地拆迁。建成后湖公园和南湖大桥。", [
        ("城北污水处理厂", None, None, None, None, "preparing", None, None),
        ("后湖公园", None, None, None, None, "completed", None, None),
        ("南湖大桥", None, None, None, None, "completed", None, None),
    ]),
    # each figure of a list of its own is its item's; 建设 alone in the next clause tells no stage
    ("建成总投资9亿元的城北污水处理厂、总投资5亿元的城南污水处理厂。城南物流园项目总投资3亿元，由县城投公司负责建设。", [
        ("城北污水处理厂", None, "9亿元", None, None, "completed", None, None),
        ("城南污水处理厂", None, "5亿元", None, None, "completed", None, None),
        ("城南物流园项目", None, "3亿元", None, None, None, None, None),
    ]),
    # a work named without quote marks after 严把 is one to be built well
    ("严把城北污水处理厂二期工程质量关。", [
        ("城北污水处理厂二期工程", None, None, None, None, None, None, None),
    ]),
    # names to be kept away from are no projects
    ("严防“面子工程”“政绩工程”，坚决防止“形象工程”。", []),
    # the notes that explain a report's terms give no rows
    ("今年开工建设城北污水处理厂二期工程。\n[2]“百村提升”工程：对全县一百个村的道路、供水和环境的整治提升工程。", [
        ("城北污水处理厂二期工程", None, None, None, None, "started", None, None),
    ]),
    # a list's total may open the clause after the list's own
    ("瑞泰光电镜片项目、华卓精密轴承项目等3个项目开工建设，总投资23.7亿元。", [
        ("瑞泰光电镜片项目", "瑞泰光电", None, None, None, "started", "3个项目", "23.7亿元"),
        ("华卓精密轴承项目", "华卓精密", None, None, None, "started", "3个项目", "23.7亿元"),
    ]),
    # money in a clause after a list of projects is the list's; a clause of a project's money may
    # stand between it and another (总投资…，累计完成投资…)
    ("城东污水处理厂项目、城西物流园项目开工建设，完成投资5亿元。城北水厂扩建工程总投资5亿元，累计完成投资3.2亿元。", [
        ("城东污水处理厂项目", None, None, None, None, "started", None, None),
        ("城西物流园项目", None, None, None, None, "started", None, None),
        ("城北水厂扩建工程", None, "5亿元", "3.2亿元", None, None, None, None),
    ]),
    # the company that invests the money written before a project is its company
    ("由金川食品有限公司投资1.5亿元建设的年产5000吨速冻食品项目已签约落地。宏达纺织有限公司计划投资3亿元的年产1000万米高档面料项目开工建设。", [
        ("年产5000吨速冻食品项目", "金川食品有限公司", "1.5亿元", None, "5000吨", "settled", None, None),
        ("年产1000万米高档面料项目", "宏达纺织有限公司", "3亿元", None, "1000万米", "started", None, None),
    ]),
    # money put into the work a verb opens is its investment, or its list's total; funding won is not
    ("筹措2.6亿元实施城乡供水一体化工程。投资1.8亿元完成城南大道、滨河公园等9个绿化亮化项目。"
     "投资900万元新建城东小学教学楼项目、城西小学运动场项目。争取资金3亿元实施城北水厂扩建工程。", [
        ("城乡供水一体化工程", None, "2.6亿元", None, None, "under_construction", None, None),
        ("城南大道", None, None, None, None, "completed", "9个绿化亮化项目", "1.8亿元"),
        ("滨河公园", None, None, None, None, "completed", "9个绿化亮化项目", "1.8亿元"),
        ("城东小学教学楼项目", None, None, None, None, None, None, None),
        ("城西小学运动场项目", None, None, None, None, None, None, None),
        ("城北水厂扩建工程", None, None, None, None, "under_construction", None, None),
    ]),
    # a figure in brackets right after a project is a note on it: its investment, or money
    # spent where 完成 says so, wherever it stands in the note; a phase in brackets stays part of the name
    ("恒达大道改造工程（全长5.6公里，投资1.2亿元）已建成通车。", [
        ("恒达大道改造工程", None, "1.2亿元", None, None, "in_production", None, None),
    ]),
    ("城西污水处理厂扩建项目（总投资1.5亿元）已开工建设。一是凯丰纸业技改项目（投资8000万元），"
     "已建成投产；二是城北物流园项目（总投资2亿元，已完成投资1.1亿元），正在进行场地平整。"
     "县第二人民医院迁建工程（一期）主体封顶。", [
        ("城西污水处理厂扩建项目", None, "1.5亿元", None, None, "started", None, None),
        ("凯丰纸业技改项目", "凯丰纸业", "8000万元", None, None, "in_production", None, None),
        ("城北物流园项目", None, "2亿元", "1.1亿元", None, "preparing", None, None),
        ("县第二人民医院迁建工程（一期）", None, None, None, None, "under_construction", None, None),
    ]),
]
# fmt: on


def test_new_ones_right_before_their_figure_change_the_level_before() -> None:
    def rows(text: str) -> list[tuple[Any, ...]]:
        return [
            (i.name, i.value.text if i.value else None, str(i.change.value) if i.change else None)
            for i in cnreport.parse(text).indicators
        ]

    assert rows("全县规上工业企业达到86家，新增12家。") == [("规上工业企业", "86家", "12")]
    # new ones of another noun are a row of their own, a grade opening the noun included
    assert rows("全县A级旅游景区达到11家，新增2家4A级景区。") == [
        ("A级旅游景区", "11家", None),
        ("新增4A级景区", "2家", None),
    ]
    assert rows("城镇新增就业3260人，新增市场主体2310户。") == [("城镇新增就业", "3260人", None), ("新增市场主体", "2310户", None)]


def test_a_stage_dated_after_the_report_is_aimed_at_not_reached() -> None:
    # a summary of July: a stage due by the year's end or in October is not the project's yet;
    # one due by the end of June, or told as passed, is
    text = (
        "2023年上半年工作总结\n城东热源厂项目年底前投入使用。城西污水处理厂扩建项目10月份竣工。"
        "南湖大桥项目6月底前建成通车。北环路改造工程已于5月底前完工。"
    )
    got = [(p.name, p.status) for p in cnreport.parse(text, reference_date=date(2023, 7, 10)).projects]
    assert got == [
        ("城东热源厂项目", None),
        ("城西污水处理厂扩建项目", None),
        ("南湖大桥项目", "in_production"),
        ("北环路改造工程", "completed"),
    ]
    # a time the report's date falls in is no later stage: 今年正式投产, 本月投产
    text = "2023年上半年工作总结\n城东热源厂项目今年正式投产。城西污水处理厂扩建项目本月建成投用。"
    got = [(p.name, p.status) for p in cnreport.parse(text, reference_date=date(2023, 7, 10)).projects]
    assert got == [("城东热源厂项目", "in_production"), ("城西污水处理厂扩建项目", "in_production")]
    # a report of January looks back on the year before, whose 12月 and 年底前 it may write
    # without the year, by a heading or by its title alone
    for head in ("一、2023年工作回顾", "某县2023年工作总结"):
        review = head + "\n城东热源厂项目年底前投入使用。城西污水处理厂扩建项目12月竣工。"
        got = [(p.name, p.status) for p in cnreport.parse(review, reference_date=date(2024, 1, 20)).projects]
        assert got == [("城东热源厂项目", "in_production"), ("城西污水处理厂扩建项目", "completed")]
    # with no date to read it against, as before
    got = [(p.name, p.status) for p in cnreport.parse("城东热源厂项目年底前投入使用。").projects]
    assert got == [("城东热源厂项目", "in_production")]


@pytest.mark.parametrize(("text", "rows"), PROJECTS, ids=[p[0] for p in PROJECTS])
def test_project_rows(text: str, rows: list[tuple[Any, ...]]) -> None:
    assert [_project(p) for p in cnreport.parse(text).projects] == rows


@pytest.mark.parametrize(
    ("text", "status", "period"),
    [
        # a denied stage is none
        ("城南物流园项目尚未开工。", None, None),
        ("城南物流园项目未能按期开工。", None, None),
        # nor is one aimed at outside a plan, right before it or by the clause's opening word
        ("城南物流园项目拟于明年开工。", None, "明年"),
        ("城南物流园项目即将开工建设。", None, None),
        ("城北水厂扩建工程完成设备安装，计划8月投产。", None, None),
        ("力争城南污水处理厂二期工程10月份竣工。", None, "10月份"),
        # in a plan the stage aimed at is the row's; its time right after the name is its period
        ("二、2026年工作安排\n力争城南污水处理厂二期工程10月份竣工。", "completed", "10月份"),
        # a plan followed is no aim
        ("一、2024年工作回顾\n城西物流园项目按计划开工建设。", "started", "2024年"),
        # a plan followed, a stage once held, and a year of another verb
        ("一、2024年工作回顾\n城东污水处理厂项目按年度计划建成投用。", "in_production", "2024年"),
        ("一、2024年工作回顾\n城西物流园区项目原暂缓开工，今年已开工建设。", "started", "2024年"),
        ("一、2024年工作回顾\n城西物流园项目已于2021年列入省重大项目，今年6月建成投产。", "in_production", "2024年"),
        # a time after other words is the work's history, not its stage's
        ("一、2024年工作回顾\n城东水厂项目始建于1985年，今年完成改造升级。", None, "2024年"),
        # the words written after a denied or aimed one share its lot
        ("城西物流园项目尚未建成投用。", None, None),
        ("城西物流园项目尚未开工建设并投产。", None, None),
        ("县人民医院新院区项目即将建成投用。", None, None),
        ("一、2024年工作回顾\n城南污水处理厂二期工程已于2024年6月建成投产。", "in_production", "2024年6月"),
        # halted work is suspended
        ("城南物流园项目因资金问题暂缓建设。", "suspended", None),
        ("城南物流园项目已暂停施工。", "suspended", None),
        ("城西物流园项目暂缓开工。", "suspended", None),
    ],
)
def test_a_project_stage_denied_or_aimed_at(text: str, status: str | None, period: str | None) -> None:
    [row] = cnreport.parse(text).projects
    assert (row.status, row.period.text if row.period else None) == (status, period)


def test_a_project_s_period_is_the_time_after_its_name() -> None:
    text = "确保城北水厂扩建工程年底前建成试产，力争城南污水处理厂二期工程10月份竣工。"
    got = [(p.name, p.period.text if p.period else None) for p in cnreport.parse(text).projects]
    assert got == [("城北水厂扩建工程", "年底前"), ("城南污水处理厂二期工程", "10月份")]


def test_a_project_s_history_is_not_its_period() -> None:
    # a span opening decades or many years before the reviewed year is the work's history; a
    # five-year review's own span stays
    text = (
        "一、2023年工作回顾\n始建于70年代的城东水厂完成改造。近8年累计投资建设城西公园。"
        "五年来建成城南污水处理厂。"
    )
    got = [(p.name, p.period.text if p.period else None) for p in cnreport.parse(text, reference_date=date(2024, 1, 20)).projects]
    assert got == [("城东水厂", "2023年"), ("城西公园", "2023年"), ("城南污水处理厂", "五年来")]


# Rows of the development reports checked by hand: (report, offset of the value in the
# report, indicator id, amount, unit, change, period, status). A row whose sentence names
# no time takes its section's (上半年工作情况: the first half). Offsets, not sentences:
# the reports stay in ../shared.
# fmt: off
DEVSET_ROWS: list[tuple[Any, ...]] = [
    ('000', 280, 'industrial_output_above_size', 6152000000.0, 'CNY', None, ('2020-01-01', '2020-06-30'), 'estimate'),
    ('000', 296, 'fixed_asset_investment', 256000000.0, 'CNY', None, ('2020-01-01', '2020-06-30'), 'estimate'),
    ('000', 313, 'tax_revenue', 69205400.0, 'CNY', None, ('2020-01-01', '2020-05-31'), 'actual'),
    ('000', 933, None, 27.0, '个', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 945, None, 1.0, '个', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 954, None, 3.0, '个', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 963, None, 22.0, '个', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 977, None, 3.0, '个', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 983, 'total_investment', 17512600000.0, 'CNY', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 1007, None, 2.0, '个', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 1057, 'total_investment', 650000000.0, 'CNY', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 1067, None, 10.0, '个', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 1130, 'total_investment', 7314000000.0, 'CNY', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 1144, None, 5.0, '个', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 1181, 'total_investment', 5870000000.0, 'CNY', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 1192, None, 11.0, '个', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('000', 1241, 'total_investment', 3678600000.0, 'CNY', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('002', 382, 'industrial_sales', 926000000.0, 'CNY', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('002', 401, None, 138000000.0, 'CNY', None, ('2020-04-01', '2020-04-30'), 'actual'),
    ('002', 460, 'industrial_output_above_size', 1210000000.0, 'CNY', 2.0, ('2020-01-01', '2020-06-30'), 'actual'),
    ('002', 484, 'high_tech_output', 670000000.0, 'CNY', 12.5, ('2020-01-01', '2020-06-30'), 'actual'),
    ('002', 508, 'fixed_asset_investment', 870000000.0, 'CNY', 3.6, ('2020-01-01', '2020-06-30'), 'actual'),
    ('002', 541, None, 28.5, '%', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('002', 560, None, 10.0, '家', None, ('2020-01-01', '2020-06-30'), 'actual'),
    ('002', 573, 'rd_expenditure', 9700000.0, 'CNY', None, ('2020-01-01', '2020-06-30'), 'actual'),
]
# fmt: on


def test_devset_indicator_rows(shared: Any) -> None:
    """Every hand-checked row of the development reports, field by field."""
    docs = {name[:3]: name for name in (p.name for p in (shared / "corpus").glob("*.txt"))}
    parsed: dict[str, Any] = {}
    for doc, offset, indicator, amount, unit, change, period, status in DEVSET_ROWS:
        if doc not in parsed:
            parsed[doc] = cnreport.parse((shared / "corpus" / docs[doc]).read_text(encoding="utf-8"))
        found = [i for i in parsed[doc].indicators if i.value is not None and i.value.start == offset]
        assert len(found) == 1, (doc, offset)
        i = found[0]
        got = (
            i.indicator,
            float(i.value.value) if i.value and i.value.value is not None else None,
            i.value.unit if i.value else None,
            float(i.change.value) if i.change and i.change.value is not None else None,
            (str(i.period.first_day), str(i.period.last_day)) if i.period else None,
            i.status.value,
        )
        assert got == (indicator, amount, unit, change, period, status), (doc, offset)


# ---------------------------------------------------------------------------
# changes with ranges and qualifiers, names without lead-ins, periods from the section

_TARGETS = (
    "2024年某县政府工作报告\n——2024年1月18日在某县人民代表大会上\n各位代表：\n"
    "一、2023年工作回顾\n全县生产总值增长6.1%，城镇调查失业率4.8%。\n"
    "二、2024年工作安排\n主要预期目标是：生产总值增长5.5%—6%，一般公共预算收入增长5%以上，"
    "社会消费品零售总额增长7%左右，居民消费价格涨幅3%左右，城镇调查失业率控制在5.5%以内。\n"
)


def _target_rows() -> list[tuple[Any, ...]]:
    r = cnreport.parse(_TARGETS)
    out = []
    for i in r.indicators:
        ch = i.change
        out.append(
            (
                i.name,
                (i.value.value, i.value.approx.value if i.value.approx else None) if i.value else None,
                (ch.value, ch.low, ch.high, ch.unit, ch.approx.value if ch.approx else None) if ch else None,
                (str(i.period.first_day), str(i.period.last_day)) if i.period else None,
                i.status.value,
            )
        )
    return out


def test_target_rows_keep_ranges_and_qualifiers_and_take_the_section_year() -> None:
    y23, y24 = ("2023-01-01", "2023-12-31"), ("2024-01-01", "2024-12-31")
    assert _target_rows() == [
        ("生产总值", None, (Decimal("6.1"), None, None, "%", None), y23, "actual"),
        ("城镇调查失业率", (Decimal("4.8"), None), None, y23, "actual"),
        ("生产总值", None, (None, Decimal("5.5"), Decimal("6"), "%", None), y24, "target"),
        ("一般公共预算收入", None, (Decimal("5"), None, None, "%", "more_than"), y24, "target"),
        ("社会消费品零售总额", None, (Decimal("7"), None, None, "%", "about"), y24, "target"),
        ("居民消费价格", None, (Decimal("3"), None, None, "%", "about"), y24, "target"),
        ("城镇调查失业率", (Decimal("5.5"), "at_most"), None, y24, "target"),
    ]


def test_a_range_that_arrives_as_one_quantity_is_one_change() -> None:
    from cnreport.records import _change_of
    from cnreport.types import Approx, Basis, Kind, Quantity

    q = Quantity(0, 9, "6%—6.5%", Kind.PERCENT, "%", None, Approx.ABOUT, low=Decimal("6"), high=Decimal("6.5"))
    ch = _change_of(q, 1, "%", Basis.YEAR_ON_YEAR, "")
    assert (ch.value, ch.low, ch.high, ch.approx) == (None, Decimal("6"), Decimal("6.5"), Approx.ABOUT)
    down = _change_of(q, -1, "%", Basis.YEAR_ON_YEAR, "")
    assert (down.low, down.high) == (Decimal("-6.5"), Decimal("-6"))


def test_a_period_never_comes_from_an_earlier_sentence_of_the_paragraph() -> None:
    text = "一、主要指标\n园区建设有序推进，新建厂房3栋。1-9月工业投资增长8%。规上企业达到42家。\n"
    rows = {i.name: i for i in cnreport.parse(text, reference_date=date(2021, 10, 8)).indicators}
    assert rows["工业投资"].period is not None and rows["工业投资"].period.text == "1-9月"
    assert rows["规上企业"].period is None


def test_a_from_to_pair_gives_the_end_and_its_start() -> None:
    (row,) = cnreport.parse("全县专利授权量从12件提高到19件。").indicators
    assert (row.name, row.value.text if row.value else None) == ("专利授权量", "19件")
    assert row.change is not None and (row.change.value, row.change.from_value, row.change.unit) == (None, 12, "件")


def test_fen_bie_lists_give_one_row_per_value() -> None:
    rows = cnreport.parse(
        "城镇、农村常住居民人均可支配收入分别增长4.4%、5.9%。一二三产增加值分别增长4%、5.5%、6%左右。"
    ).indicators
    got = [
        (r.name, r.change.value if r.change else None, r.change.approx.value if r.change and r.change.approx else None)
        for r in rows
    ]
    assert got == [
        ("城镇常住居民人均可支配收入", Decimal("4.4"), None),
        ("农村常住居民人均可支配收入", Decimal("5.9"), None),
        ("第一产业增加值", Decimal("4"), "about"),
        ("第二产业增加值", Decimal("5.5"), "about"),
        ("第三产业增加值", Decimal("6"), "about"),
    ]


def test_fen_bie_changes_in_a_later_clause_go_to_each_row() -> None:
    text = "全区金融机构存贷款余额分别达到512亿元、318亿元，比年初分别增长9.2%、11.4%。"
    rows = cnreport.parse(text, reference_date=date(2024, 1, 20)).indicators
    got = [(r.name, r.value.value if r.value else None, r.change.value if r.change else None) for r in rows]
    assert got == [
        ("金融机构存款余额", Decimal("51200000000"), Decimal("9.2")),
        ("金融机构贷款余额", Decimal("31800000000"), Decimal("11.4")),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first number has no unit of its own and takes the one the list ends with
        (
            "城区和乡村接待游客分别达820万、760万人次。",
            [("城区接待游客", "8200000", "人次"), ("乡村接待游客", "7600000", "人次")],
        ),
        (
            "城镇和农村旅游收入分别达35亿、12亿元。",
            [("城镇旅游收入", "3500000000", "CNY"), ("农村旅游收入", "1200000000", "CNY")],
        ),
        # with the scale word too (370、204亿元 is 370亿元 and 204亿元)
        (
            "城镇、农村存款余额分别为370、204亿元。",
            [("城镇存款余额", "37000000000", "CNY"), ("农村存款余额", "20400000000", "CNY")],
        ),
        ("城镇、农村新增就业分别为3200、1800人。", [("城镇新增就业", "3200", "人"), ("农村新增就业", "1800", "人")]),
    ],
)
def test_fen_bie_values_share_the_last_unit(text: str, expected: list[tuple[str, str, str]]) -> None:
    rows = cnreport.parse(text, reference_date=date(2024, 1, 20)).indicators
    got = [(r.name, str(r.value.value) if r.value else None, r.value.unit if r.value else None) for r in rows]
    assert got == expected
    for r in rows:
        assert r.value is not None and text[r.value.start : r.value.end] == r.value.text


def test_an_estimate_does_not_run_past_a_completion_verb_in_a_series() -> None:
    text = "预计全县生产总值增长5.5%左右；完成固定资产投资40亿元，增长8%；存贷款余额分别达到90亿元、60亿元；万元GDP能耗下降3%。"
    rows = cnreport.parse(text, reference_date=date(2024, 1, 20)).indicators
    assert [(r.name, r.status.value) for r in rows] == [
        ("生产总值", "estimate"),
        ("固定资产投资", "actual"),
        ("存款余额", "actual"),
        ("贷款余额", "actual"),
        ("万元GDP能耗", "actual"),
    ]


def test_rows_of_a_january_report_take_the_year_its_sections_name() -> None:
    """A report delivered in January reviews the year before: rows of a review section
    whose heading names no time fall in that year, rows of the plan section in the
    report's own year; a sentence's own time still decides."""
    text = (
        "某县政府工作报告\n——2026年1月20日在某县第十八届人民代表大会第五次会议上\n各位代表：\n"
        "一、工作回顾\n地区生产总值增长5.2%，新增规上工业企业12家。上半年完成固定资产投资18亿元。\n"
        "二、重点工作\n地区生产总值增长5.5%左右，上半年完成固定资产投资20亿元。\n"
    )
    rows = [
        (i.name, i.status.value, i.period.first_day if i.period else None, i.period.last_day if i.period else None)
        for i in cnreport.parse(text).indicators
    ]
    assert rows == [
        ("地区生产总值", "actual", date(2025, 1, 1), date(2025, 12, 31)),
        ("新增规上工业企业", "actual", date(2025, 1, 1), date(2025, 12, 31)),
        ("固定资产投资", "actual", date(2025, 1, 1), date(2025, 6, 30)),
        ("地区生产总值", "target", date(2026, 1, 1), date(2026, 12, 31)),
        ("固定资产投资", "target", date(2026, 1, 1), date(2026, 6, 30)),
    ]


def test_a_duration_is_a_row_only_when_its_name_counts_days() -> None:
    rows = cnreport.parse("全年空气质量优良天数318天，较上年增加12天；连续3年获评先进县。").indicators
    assert [(i.name, i.value.text if i.value else None, i.change.value if i.change else None) for i in rows] == [
        ("空气质量优良天数", "318天", D(12)),
    ]


def test_levels_without_names_and_counted_nouns_are_read_only_when_the_text_says_so() -> None:
    def rows(text: str) -> list[tuple[Any, ...]]:
        return [
            (i.name, i.value.text if i.value else None, i.change.value if i.change else None)
            for i in cnreport.parse(text).indicators
        ]

    # a level after a change takes it only with a verb of its own between them
    assert rows("城镇化率提高1.1个百分点、达到61.5%。") == [("城镇化率", "61.5%", D("1.1"))]
    assert ("新增高新技术企业", "8家", None) in rows("新增高新技术企业8家、累计达到42家。")
    assert ("高新技术企业", "42家", None) in rows("新增高新技术企业8家、累计达到42家。")
    assert rows("治安案件发案数同比下降12%，成功创建平安村(社区)9个。") == [("治安案件发案数", None, D(-12))]
    # a count of villages is no count of the projects named after them; a bare head names nothing
    assert rows("推进5个乡镇32个村的污水治理工程。") == []
    assert rows("新开工东环路等3个项目。") == []
    assert rows("新开工东环路等3个交通项目。") == [("交通项目", "3个", None)]


def test_a_counted_row_named_with_its_verb_spans_verb_count_and_noun() -> None:
    # the name joins the verb before the count to the noun after it; the span runs from the verb
    # to the noun's end, inside the text even where the noun ends it
    for text, span in (("今年新增3家上市企业", (2, 10)), ("全县净增2家上市企业，新建1个园区。", (2, 10))):
        rows = cnreport.parse(text).indicators
        assert (rows[0].name[2:], text[rows[0].start : rows[0].end]) == ("上市企业", text[span[0] : span[1]])
        assert (rows[0].start, rows[0].end) == span
    # the same in a text wrapped into lines, whose rows are moved back to the caller's text
    body = "今年园区招商引资成效明显，全年签约项目十二个，总投资四十余亿元，新开工项目九个，竣工投产项目五个，年末新增1家上市企业"
    text = "\n".join(body[i : i + 12] for i in range(0, len(body), 12))
    last = cnreport.parse(text).indicators[-1]
    assert (last.name, text[last.start : last.end], last.end) == ("新增上市企业", "新增1家上市企业", len(text))


def test_a_reference_date_at_the_edge_of_the_calendar_leaves_the_section_year_unknown() -> None:
    # a review section of a report delivered early in the year covers the year before; there is
    # none before year 1, and the rows keep no period instead of failing
    text = "某县政府工作报告\n一、过去一年工作回顾\n全县规上工业增加值增长8%，新增市场主体1200户。\n二、今年工作安排\n力争地区生产总值增长6%。"
    for ref in (date(1, 1, 1), date(1, 2, 1)):
        rows = cnreport.parse(text, reference_date=ref).indicators
        assert [(r.name, r.period.first_day if r.period else None) for r in rows] == [
            ("规上工业增加值", None),
            ("新增市场主体", None),
            ("地区生产总值", date(1, 1, 1)),
        ]
    rows = cnreport.parse(text, reference_date=date(2021, 2, 1)).indicators
    assert [r.period.first_day for r in rows if r.period] == [date(2020, 1, 1), date(2020, 1, 1), date(2021, 1, 1)]


def test_changes_written_once_after_several_levels_go_to_them_in_turn() -> None:
    def rows(text: str) -> list[tuple[Any, ...]]:
        return [
            (i.name, i.value.text if i.value else None, i.change.value if i.change else None)
            for i in cnreport.parse(text).indicators
        ]

    # levels each in a clause of its own, then 同比分别: one change each, in order
    assert rows("全年接待游客310万人次，旅游综合收入26亿元，同比分别增长12%、15%。") == [
        ("接待游客", "310万人次", D(12)),
        ("旅游综合收入", "26亿元", D(15)),
    ]
    # a 分别 list of levels, then 同比分别 (the basis before 分别 is no name)
    assert rows("城乡居民人均可支配收入分别达到31200元、15800元，同比分别增长6.1%、7.3%。") == [
        ("城镇居民人均可支配收入", "31200元", D("6.1")),
        ("农村居民人均可支配收入", "15800元", D("7.3")),
    ]
    # the base word before a time is not the name's (死亡人数比2020年), but 占比 keeps its 比
    assert rows("生产安全事故起数、死亡人数比2020年分别下降21.4%、18.2%。") == [
        ("生产安全事故起数", None, D("-21.4")),
        ("死亡人数", None, D("-18.2")),
    ]
    assert rows("第三产业占比2020年提高2个百分点。") == [("第三产业占比", None, D(2))]


def test_progress_against_a_plan_goes_to_its_level_and_through_a_fen_bie_list() -> None:
    def rows(text: str) -> list[tuple[Any, ...]]:
        return [
            (i.name, i.value.text if i.value else None, i.progress.value if i.progress else None)
            for i in cnreport.parse(text).indicators
        ]

    # an opener, a few words and an end make the phrase (占年度投资计划的, 完成下达任务的)
    assert rows("全年完成项目投资9.2亿元，占年度投资计划的108%。") == [("项目投资", "9.2亿元", D(108))]
    assert rows("改造农村户厕1.3万座，完成下达任务的112%。") == [("改造农村户厕", "1.3万座", D(112))]
    # a 分别 list of progress figures gives each its own, not a level
    assert [r[2] for r in rows("城镇新增就业、创业担保贷款发放分别完成年计划的103%、121%。")] == [D(103), D(121)]
    assert rows("第三产业占地区生产总值的比重为52%。") == [("第三产业占地区生产总值的比重", "52%", None)]
    # the plan a result is measured against is no aim: in a review the rows are results
    review = "一、2025年工作回顾\n全县重点项目完成年度投资计划的121%，城镇新增就业完成年计划的103%。\n"
    rows_ = cnreport.parse(review, reference_date=date(2026, 1, 20)).indicators
    assert [(i.progress.value if i.progress else None, i.status.value) for i in rows_] == [
        (D(121), "actual"),
        (D(103), "actual"),
    ]


def test_a_change_over_a_from_to_span_makes_no_row_and_two_aims_make_two() -> None:
    from cnreport.types import Approx

    rows = cnreport.parse("全市生产总值从2100亿元增长到2800亿元，增长33%。").indicators
    assert [(i.name, i.value.text if i.value else None) for i in rows] == [("生产总值", "2800亿元")]
    plan = "二、2026年工作安排\n一般公共预算收入确保突破30亿元、力争32亿元。\n"
    rows = cnreport.parse(plan, reference_date=date(2026, 1, 20)).indicators
    assert [(i.name, i.value.text, i.value.approx) for i in rows if i.value] == [
        ("一般公共预算收入", "30亿元", Approx.MORE_THAN),
        ("一般公共预算收入", "32亿元", None),
    ]


def test_items_before_one_figure_name_it_together() -> None:
    def names(text: str) -> list[tuple[str, str | None]]:
        return [(i.name, i.value.text if i.value else None) for i in cnreport.parse(text).indicators]

    assert names("全年谋划专项债、国债项目21个。") == [("专项债、国债项目", "21个")]
    assert names("办理人大代表建议、政协委员提案88件。") == [("人大代表建议、政协委员提案", "88件")]
    # not values of their own, nor items that each have the figure, nor items before 等
    # a clause before a headline figure, before an item with its own verb, or saying how, is no item
    assert names("财政实力不断增强、税收占比达到75%。") == [("税收占比", "75%")]
    assert names("新增国家级、省级专精特新企业各3家。")[0][0] == "新增国家级专精特新企业"
    assert names("全力稳就业、城镇新增就业1.2万人。") == [("城镇新增就业", "1.2万人")]
    assert names("全力推进城市更新、改造老旧小区56个。") == [("改造老旧小区", "56个")]
    assert names("新建街角绿地、口袋公园10个。") == [("新建街角绿地、口袋公园", "10个")]
    # one thing counted in two units, written together: a row each
    assert names("全年新纳入监测对象215户508人。") == [("新纳入监测对象", "215户"), ("新纳入监测对象", "508人")]
    assert names("全年粮食总产量52万吨、10.4亿斤。") == [("粮食总产量", "52万吨")]  # one measure twice
    # not a count of another noun after it (120户困难家庭)
    assert all(v != "120户" for _, v in names("新增低保42户、120户困难家庭纳入救助。"))
    # 各 right before one figure gives it to each name
    assert names("新增口袋公园和街角游园各8个。") == [("新增口袋公园", "8个"), ("新增街角游园", "8个")]
    assert names("建成停车位620个、公厕和驿站各4个。") == [("停车位", "620个"), ("公厕", "4个"), ("驿站", "4个")]
    # figures joined by 、 after names joined by 、 pair off with them, 分别 or not
    assert names("全年粮食播种面积、产量稳定在52万亩、24万吨。") == [("粮食播种面积", "52万亩"), ("粮食产量", "24万吨")]
    assert names("新增省级专精特新企业、瞪羚企业各2家。")[0][0] != "省级专精特新企业、瞪羚企业"
    assert all("示范区" not in n for n, _ in names("建成乡村振兴示范区、示范村等15个。"))
    assert names("完成矿山修复12处、启动6处。") == [("矿山修复", "12处"), ("启动", "6处")]


def test_a_rate_after_a_from_to_pair_is_a_row_of_its_own() -> None:
    text = "五年来，全县一般公共预算收入从4.1亿元增长到6.3亿元，年均增长9%；城镇调查失业率由5.6%降至5.2%。"
    rows = [
        (i.name, i.value.text if i.value else None, i.change.value, i.change.unit, i.change.from_value)
        for i in cnreport.parse(text).indicators
    ]
    assert rows == [
        ("一般公共预算收入", "6.3亿元", None, "CNY", D(410000000)),
        ("一般公共预算收入", None, D(9), "%", None),
        ("城镇调查失业率", "5.2%", None, "%", D("5.6")),
    ]


def test_a_multiple_is_a_change_of_the_level_before_it_or_of_its_own_name() -> None:
    def rows(text: str) -> list[tuple[Any, ...]]:
        return [
            (
                i.name,
                i.value.text if i.value else None,
                i.change.value if i.change else None,
                i.change.unit if i.change else None,
            )
            for i in cnreport.parse(text).indicators
        ]

    assert rows("光伏装机达到420万千瓦、增长1.6倍。") == [("光伏装机", "420万千瓦", D("1.6"), "倍")]
    assert rows("跨境电商交易额增长3.5倍。") == [("跨境电商交易额", None, D("3.5"), "倍")]
    # a change in another unit than the level's is no change of it
    assert rows("优良天数305天，较去年增加51天。") == [("优良天数", "305天", D(51), "day")]


def test_a_row_in_a_five_year_section_takes_the_plan_years() -> None:
    text = (
        "某省政府工作报告\n——2026年1月22日在某省人民代表大会上\n各位代表：\n"
        "一、“十五五”时期主要目标任务\n到2030年，地区生产总值年均增长5%左右，研发经费投入强度达到3%。\n"
        "二、2026年重点工作\n地区生产总值增长5.5%左右。\n"
    )
    rows = [
        (i.name, i.period.first_day if i.period else None, i.period.last_day if i.period else None)
        for i in cnreport.parse(text).indicators
    ]
    assert rows == [
        ("地区生产总值", date(2030, 1, 1), date(2030, 12, 31)),
        ("研发经费投入强度", date(2030, 1, 1), date(2030, 12, 31)),
        ("地区生产总值", date(2026, 1, 1), date(2026, 12, 31)),
    ]
    text = text.replace("到2030年，", "")
    rows = [
        (i.name, i.period.first_day if i.period else None, i.period.last_day if i.period else None)
        for i in cnreport.parse(text).indicators
    ]
    assert rows[:2] == [
        ("地区生产总值", date(2026, 1, 1), date(2030, 12, 31)),
        ("研发经费投入强度", date(2026, 1, 1), date(2030, 12, 31)),
    ]


def test_status_in_a_review_section_is_the_clause_own() -> None:
    # in a review section an aim named by the sentence's lead (倍增计划) and a word that
    # reports a result there (争取上级资金) leave the results actual; a plan keeps its aims
    text = (
        "某县政府工作报告\n"
        "一、2025年工作回顾\n"
        "实施科技企业倍增计划，新增高新技术企业3家。全年争取上级资金6.5亿元。\n"
        "二、2026年工作安排\n"
        "实施科技企业倍增计划，新增高新技术企业5家。\n"
    )
    rows = {(r.name, r.value.text if r.value else None): r.status.value for r in cnreport.parse(text).indicators}
    assert rows == {
        ("新增高新技术企业", "3家"): "actual",
        ("上级资金", "6.5亿元"): "actual",
        ("新增高新技术企业", "5家"): "target",
    }


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        # an aim that opens a clause with a figure holds for the figures of the clauses after it
        ("全县经济运行平稳，力争地区生产总值增长6%，一般公共预算收入增长5%。", ["target", "target"]),
        # an aim with no figure says how results were reached; 争取 often reports funds won
        (
            "今年以来，全县坚持稳中求进，确保经济平稳运行，地区生产总值增长6.5%，规上工业增加值增长8.2%。",
            ["actual", "actual"],
        ),
        ("去年，全县力争上游，地区生产总值增长6%，城镇新增就业5200人。", ["actual", "actual"]),
        ("截至6月底，争取到位资金5亿元，新增贷款12亿元。", ["actual", "actual"]),
        ("全年我们确保了经济稳定运行，实现地区生产总值增长5.8%，财政收入增长4.2%。", ["actual", "actual"]),
        # an aim among results reported before it carries nothing, nor past a clause of a result
        (
            "全年规上工业增加值增长7.6%，确保重点企业产值达到300亿元以上，规上工业营业收入增长5.5%。",
            ["actual", "target", "actual"],
        ),
        (
            "上半年，全县确保固定资产投资增长10%以上，实际完成投资45亿元，工业投资增长15%。",
            ["target", "actual", "actual"],
        ),
        # an estimate is not carried, and holds across results
        ("全县地区生产总值完成100亿元，预计增长8%，固定资产投资50亿元。", ["actual", "actual"]),
        ("预计全年财政收入完成12亿元，增长9%，其中税收收入完成8亿元，增长6%。", ["estimate", "estimate"]),
        # nor into figures of a period that had begun a month before the report's date
        (
            "某区2024年工作总结\n2024年12月20日\n全年，力争规上工业产值增长8%，固定资产投资增长5%。",
            ["target", "actual"],
        ),
        (
            "某区2024年上半年工作总结\n2024年7月5日\n下半年，力争规上工业产值增长8%，固定资产投资增长5%。",
            ["target", "target"],
        ),
    ],
)
def test_an_opening_aim_holds_for_the_clauses_after_it(text: str, statuses: list[str]) -> None:
    assert [r.status.value for r in cnreport.parse(text).indicators] == statuses


@pytest.mark.parametrize(
    ("text", "region", "name"),
    [
        ("三是完成小型水库除险加固15座。", None, "小型水库除险加固"),  # a point's enumerator opens no name
        ("二是全镇新增规上企业6家。", None, "新增规上企业"),
        ("全年引进宁德时代配套企业3家。", None, "宁德时代配套企业"),  # a place inside a firm's name stays
        ("桐溪镇新增规上企业6家。", "桐溪镇", "新增规上企业"),  # a place before the name is its region
        ("涞水县城区供水工程完成投资1.2亿元。", "涞水县", "城区供水工程完成投资"),  # so is a county opening a work
        # a place that names who invests is no region
        ("外商及港澳台商投资企业增加值下降3.6%。", None, "外商及港澳台商投资企业增加值"),
        ("白水县商品房销售面积下降6.3%。", "白水县", "商品房销售面积"),
        ("港澳台商投资企业增加值下降3.6%。", None, "港澳台商投资企业增加值"),
        ("江苏籍游客达到120万人次。", "江苏", "籍游客"),
    ],
)
def test_where_a_name_begins(text: str, region: str | None, name: str) -> None:
    rows = cnreport.parse(text).indicators
    assert [(r.region, r.name) for r in rows] == [(region, name)]


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # a change against another basis right after a row's change is that row against it
        (
            "社会消费品零售总额同比增长6.1%，环比下降0.4%。",
            [("社会消费品零售总额", "6.1", "year_on_year", ""), ("社会消费品零售总额", "-0.4", "previous_period", "")],
        ),
        # but not a gap in points after a rate, which is the rate's, nor a list's figures
        ("一般公共预算收入增长8%，高出全国3个百分点。", [("一般公共预算收入", "8", "year_on_year", "")]),
        (
            "全县城镇居民人均可支配收入增长6.2%，比全省平均水平高1.1个百分点。",
            [("城镇居民人均可支配收入", "6.2", "year_on_year", "")],
        ),
        (
            "全县农民人均可支配收入比全市平均水平高1.4个百分点。",
            [("农民人均可支配收入", "1.4", "comparison", "全市平均水平")],
        ),
        # a level that held, with a basis of its own, is a row with no change
        (
            "10月份，居民消费价格同比持平，环比下降0.2%。",
            [("居民消费价格", "0", "year_on_year", ""), ("居民消费价格", "-0.2", "previous_period", "")],
        ),
        # a change in another kind of measure than the row's level is a figure of its own; in
        # another unit of the same kind it is the level's change
        ("带动农户136户，户均增收4800元。", [("带动农户", None, None, None), ("户均增收", None, None, None)]),
        ("全年接待游客520万人次，比上年增加50万人。", [("接待游客", "500000", "year_on_year", "")]),
        ("全县粮食总产量10.5亿斤，比上年增加1.2万吨。", [("粮食总产量", "12000", "year_on_year", "")]),
        # a base with 的 in it, and a word that holds the compared one
        ("全县人均地区生产总值较全省的平均水平低8500元。", [("人均地区生产总值", "-8500", "comparison", "全省的平均水平")]),
        ("全县城镇化率比全省平均水平高出2.3个百分点。", [("城镇化率", "2.3", "comparison", "全省平均水平")]),
        # 比 of a word (比赛, 比较) is no base
        ("全县参加技能比赛的选手多320人。", [("选手多", None, None, None)]),
        # 多达, 高达 compare nothing
        ("全区参与企业多达300家。", [("参与企业", None, None, None)]),
        ("全县与沿线国家贸易额高达50亿元。", [("与沿线国家贸易额", None, None, None)]),
        # compared with a span of months, or with the usual year
        ("1-10月，固定资产投资降幅比1-9月收窄1.3个百分点。", [("固定资产投资降幅", "-1.3", "comparison", "1-9月")]),
        ("汛期降雨量682毫米，较常年偏多23%。", [("降雨量", "23", "comparison", "常年")]),
        # a share's 比 and a change word's last character compare nothing
        ("存贷比同比提高6个百分点。", [("存贷比", "6", "year_on_year", "")]),
        ("群众环境投诉件数同比减少45%。", [("群众环境投诉件数", "-45", "year_on_year", "")]),
    ],
)
def test_changes_against_another_basis(text: str, rows: list[tuple[str, str | None, str | None, str | None]]) -> None:
    got = [
        (r.name, *((str(r.change.value), r.change.basis.value, r.change.against) if r.change else (None, None, None)))
        for r in cnreport.parse(text).indicators
    ]
    assert got == rows


def test_a_heading_run_into_its_paragraph_does_not_hide_the_paragraph_s_time() -> None:
    # a heading with no time, on the line of its paragraph: the paragraph's first sentence sets the time
    text = "一、外贸进出口较快增长。1-10月，全市进出口总额612.3亿元，增长9.8%。其中，出口418.5亿元，增长14.2%。"
    got = [(r.name, r.period.text if r.period else None) for r in cnreport.parse(text).indicators]
    assert got == [("进出口总额", "1-10月"), ("出口", "1-10月")]
    # a heading with a time of its own keeps it for its paragraph
    text = "（一）“十五五”发展目标。到2030年，经济实力明显增强。主要目标是：地区生产总值年均增长5%以上。"
    got = [(r.name, r.period.text if r.period else None) for r in cnreport.parse(text).indicators]
    assert got == [("地区生产总值", "“十五五”")]


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # cells parted by spaces, a tab or bars: the name is the row's label, not the cells before the figure
        (
            "企业名称        产值      增速\n云溪锦程纺织有限公司    18.6    12.4%\n宏达化工有限公司    9.2    -3.1%",
            [("云溪锦程纺织有限公司", "12.4%"), ("宏达化工有限公司", "-3.1%")],
        ),
        ("| 1 | 潴龙河综合治理工程 | 0.8亿元 |", [("潴龙河综合治理工程", "0.8亿元")]),
        ("企业名称\t产值\n云溪锦程纺织有限公司\t18.6亿元", [("云溪锦程纺织有限公司", "18.6亿元")]),
    ],
)
def test_a_table_row_s_name_is_its_label(text: str, rows: list[tuple[str, str]]) -> None:
    assert [(r.name, r.value.text if r.value else None) for r in cnreport.parse(text).indicators] == rows


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # a unit column and a change column are no labels
        ("地区生产总值    亿元    320.5    增速    6.2%", [("地区生产总值", None)]),
        ("规上工业增加值    万元    1205    增长    8.2%", [("规上工业增加值", None)]),
        # prose a layout spaced is no table: the text right before the figure names it, and a verb
        # set apart is no name
        ("城东片区    地区生产总值增长7%", [("城东片区    地区生产总值", None)]),
        ("全县地区生产总值  实现  285.6亿元。", [("地区生产总值", "285.6亿元")]),
    ],
)
def test_a_table_s_unit_and_change_cells_are_no_labels(text: str, rows: list[tuple[str, str]]) -> None:
    assert [(r.name, r.value.text if r.value else None) for r in cnreport.parse(text).indicators] == rows


def test_a_place_alone_after_a_row_is_that_row_there() -> None:
    text = "全市地区生产总值增长6.5%，其中青山区增长7.2%，白水区增长6.1%。"
    rows = [(r.name, r.indicator, r.region, str(r.change.value)) for r in cnreport.parse(text).indicators if r.change]
    assert rows == [
        ("地区生产总值", "gdp", None, "6.5"),
        ("地区生产总值", "gdp", "青山区", "7.2"),
        ("地区生产总值", "gdp", "白水区", "6.1"),
    ]
    # a figure of another unit is no figure of that row (a count after money)
    rows = cnreport.parse("全年引进项目32个，总投资150亿元，其中城东片区12个。").indicators
    assert [(r.name, r.value.text if r.value else None) for r in rows][-1] != ("引进项目总投资", "12个")


def test_a_time_alone_after_a_row_is_that_row_in_that_time() -> None:
    text = "全县生产总值增长5.2%，一季度增长4.1%，2023年增长6%。"
    rows = [
        (r.name, r.period.text if r.period else None, str(r.change.value))
        for r in cnreport.parse(text, reference_date=date(2024, 1, 15)).indicators
        if r.change
    ]
    assert rows == [("生产总值", None, "5.2"), ("生产总值", "一季度", "4.1"), ("生产总值", "2023年", "6")]
    # a time ahead makes it a target; a list of times is a 分别 list's, not paired here
    rows = [
        (r.period.text if r.period else None, str(r.change.value), r.status.value)
        for r in cnreport.parse("今年生产总值增长5%，明年增长7%。", reference_date=date(2024, 1, 15)).indicators
        if r.change
    ]
    assert rows == [("今年", "5", "actual"), ("明年", "7", "target")]
    text = "全省生产总值增长6%，2024年、2025年分别增长6.5%、7%。"
    pairs = [(r.period.text if r.period else None, str(r.change.value)) for r in cnreport.parse(text).indicators if r.change]
    assert ("2025年", "6.5") not in pairs


def test_clauses_sentences_and_brackets_of_a_text() -> None:
    """The clause table the records are read from: spans, sentence and paragraph numbers."""
    from cnreport.normalize import normalize
    from cnreport.records import _Clause, _clauses

    text = normalize("一、产业发展。全区新增企业5家（含外资2家），产值增长8%；\n投资10亿元").text
    clauses, sentences, brackets = _clauses(text)
    assert [(text[c.start : c.end], c.sentence, c.paragraph) for c in clauses] == [
        ("一、产业发展", 0, 0),
        ("全区新增企业5家(含外资2家)", 1, 0),
        ("产值增长8%", 1, 0),
        ("投资10亿元", 2, 1),
    ]
    assert clauses[1] == list(clauses)[1] == _Clause(7, 22, 1, 0)
    assert [text[a:b] for a, b in sentences] == ["一、产业发展", "全区新增企业5家(含外资2家),产值增长8%", "投资10亿元"]
    assert sentences[-1] == (text.index("投"), len(text))
    assert [text[a : b + 1] for a, b in brackets] == ["(含外资2家)"]


TITLED = {
    # a half-year summary: its title dates what no sentence, paragraph or section does
    "青山县2024年上半年工作总结\n\n一、主要指标完成情况\n税收收入完成2.6亿元。\n二、下半年工作打算\n新增规上企业5家。\n": [
        ("税收收入", "2024-01-01", "2024-06-30"),
        ("新增规上企业", "2024-07-01", "2024-12-31"),
    ],
    # a summary and a plan: a plan section takes the second time, not the first
    "青山县2024年上半年工作情况及下半年工作计划\n\n一、工作开展情况\n税收收入完成2.6亿元。\n二、工作计划\n新增规上企业5家。\n": [
        ("税收收入", "2024-01-01", "2024-06-30"),
        ("新增规上企业", "2024-07-01", "2024-12-31"),
    ],
    # a plan: its year
    "青山县2025年工作要点\n\n一、主要目标\n新增规上企业5家。\n": [("新增规上企业", "2025-01-01", "2025-12-31")],
    # a government work report's title dates its delivery, not its figures
    "2026年青山县政府工作报告\n\n各位代表：\n全县生产总值达到120亿元。\n": [("生产总值", None, None)],
}


@pytest.mark.parametrize("text", list(TITLED), ids=range(len(TITLED)))
def test_title_period_dates_rows_nothing_else_dates(text: str) -> None:
    got = [
        (i.name, i.period and str(i.period.first_day), i.period and str(i.period.last_day))
        for i in cnreport.parse(text).indicators
    ]
    assert got == TITLED[text]
