"""Spaces inside a report's lines: letter-spaced text (every character followed by a space, as
a PDF-to-text tool writes a justified line) read as if written without them, and a space
between two words (a table's cells, a list written with spaces) a boundary no name runs over."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnreport
from cnreport.entities import EntityExtractor, extract_entities
from cnreport.entities.core import separated
from cnreport.entities.train import proposals
from cnreport.normalize import normalize
from cnreport.quantities import extract_quantities
from cnreport.wrapping import Joined, letter_spaces, typeset_spaces

SHARED = Path(__file__).resolve().parents[2] / "shared"

# written for these tests, in the style of a zone's summary
SENTENCE = "上半年园区引进恒远化工有限公司年产5万吨硫酸项目，总投资3.2亿元，完成潴龙河综合治理工程。"


def spaced_out(text: str) -> str:
    return " ".join(text)


def entities(text: str) -> list[tuple[str, str]]:
    return [(e.label.value, e.text) for e in cnreport.parse(text).entities]


# -- letter spaces ----------------------------------------------------------------


def test_letter_spaces_are_the_single_spaces_of_a_stretch_of_five_characters_or_more() -> None:
    assert letter_spaces("政 府 工 作 报 告") == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    assert letter_spaces("首页 政 府 工 作 报 告 2026") == [(4, 5), (6, 7), (8, 9), (10, 11), (12, 13)]
    assert letter_spaces("首页政 府 工 作 报") == []  # 政 stands in a word: four alone
    assert letter_spaces("年 产 5 万 吨") == [(1, 2), (3, 4), (5, 6), (7, 8)]  # digits of a spaced line too


@pytest.mark.parametrize(
    "text",
    [
        "县长 许 喆",  # a name spaced out to three characters' width: too short
        "政 府 工 作",  # four characters: too short to tell
        "好品山东 商行天下",  # a space between two words
        "政  府  工  作  报  告",  # two spaces: a layout of its own, not letter spacing
        "A B C D E F",  # letters spaced out: most of a stretch must be Chinese
        "1 2 3 4 5 6",
        "甲 乙 B C D E",  # half Chinese is not most
        "",
        "完成投资 12.5 亿元，新建 3 个项目",
    ],
)
def test_no_letter_spaces_where_the_spaces_separate_words(text: str) -> None:
    assert letter_spaces(text) == []
    assert Joined.of(text).text == text


def test_letter_spaces_need_a_str() -> None:
    with pytest.raises(TypeError, match="letter_spaces needs a str, got bytes"):
        letter_spaces(b"a b c d e")  # type: ignore[arg-type]


def test_a_letter_spaced_sentence_is_read_as_written_without_its_spaces() -> None:
    text = spaced_out(SENTENCE)
    assert Joined.of(text).text == SENTENCE
    r = cnreport.parse(text)
    assert r.text == text
    got = [(e.label.value, e.name, e.text) for e in r.entities]
    assert got == [
        ("COMPANY", "恒远化工有限公司", "恒 远 化 工 有 限 公 司"),
        ("PROJECT", "恒远化工有限公司年产5万吨硫酸项目", "恒 远 化 工 有 限 公 司 年 产 5 万 吨 硫 酸 项 目"),
        ("WATER", "潴龙河", "潴 龙 河"),
        ("PROJECT", "潴龙河综合治理工程", "潴 龙 河 综 合 治 理 工 程"),
    ]
    assert [(q.text, str(q.value), q.unit) for q in r.quantities] == [
        ("5 万 吨", "50000", "t"),
        ("3 . 2 亿 元", "320000000", "CNY"),
    ]
    for item in (*r.entities, *r.quantities):
        assert text[item.start : item.end] == item.text
    assert [(p.name, p.company, str(p.investment.value)) for p in r.projects if p.investment] == [
        ("恒远化工有限公司年产5万吨硫酸项目", "恒远化工有限公司", "320000000")
    ]


def test_the_layers_read_a_letter_spaced_text_alone_as_parse_does() -> None:
    text = spaced_out(SENTENCE)
    r = cnreport.parse(text)
    assert extract_entities(normalize(text)) == r.entities
    assert extract_quantities(normalize(text)) == r.quantities


def test_a_letter_spaced_title_is_read_as_one_word() -> None:
    text = "政 府 工 作 报 告\n——2026年1月10日在某某县第十八届人民代表大会第五次会议上\n" + SENTENCE
    assert cnreport.parse(text).title == "政府工作报告"


def test_a_short_letter_spaced_line_keeps_its_break() -> None:
    line = spaced_out(SENTENCE[:20])
    text = "\n".join([line] * 8)
    joined = Joined.of(text)
    assert joined.text == "\n".join([SENTENCE[:20]] * 8)
    assert all(text[a:b] == " " for a, b in joined.cuts)


def test_a_letter_spaced_text_wrapped_into_lines_loses_its_spaces_and_its_wraps() -> None:
    paragraph = SENTENCE * 6
    lines = [paragraph[i : i + 18] for i in range(0, len(paragraph), 18)]
    text = "\n".join(spaced_out(line) for line in lines)
    joined = Joined.of(text)
    assert joined.text == paragraph
    assert sum(text[a:b] == "\n" for a, b in joined.cuts) == len(lines) - 1
    r = cnreport.parse(text)
    assert [q.value for q in r.quantities][:2] == [50000, 320000000]
    assert {e.name for e in r.entities} >= {"恒远化工有限公司", "潴龙河综合治理工程"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="河北恒远化工有限公司项目建设投资完成", min_size=5, max_size=40), min_size=1, max_size=5)
)
def test_spacing_out_lines_of_chinese_and_joining_them_gives_the_lines_back(lines: list[str]) -> None:
    text = "\n".join(spaced_out(line) for line in lines)
    joined = Joined.of(text)
    assert joined.text == "\n".join(lines)
    for k in range(len(joined.text) + 1):  # every offset maps back into the caller's text
        a, b = joined.span(0, k)
        assert text[a:b].replace(" ", "") == joined.text[:k]


# -- a typesetter's spaces between Chinese and numbers or letters ------------------------

TYPESET = (
    "2026 年上半年园区完成固定资产投资 58.6 亿元，同比增长 12.5%，恒远化工有限公司年产 5 万吨硫酸项目"
    "竣工投产，G4 京港澳高速连接线新建 3 公里，引进 Mini LED 模组项目 2 个。"
)


def test_a_typesetters_spaces_are_taken_out_where_the_text_puts_them_at_most_such_places() -> None:
    joined = Joined.of(TYPESET)
    assert joined.text == (
        "2026年上半年园区完成固定资产投资58.6亿元，同比增长12.5%，恒远化工有限公司年产5万吨硫酸项目"
        "竣工投产，G4京港澳高速连接线新建3公里，引进Mini LED模组项目2个。"
    )
    assert "Mini LED" in joined.text  # a space between two letters stays
    plain = cnreport.parse(joined.text)
    r = cnreport.parse(TYPESET)
    assert [(e.label.value, e.name) for e in r.entities] == [(e.label.value, e.name) for e in plain.entities]
    assert [(q.unit, q.value) for q in r.quantities] == [(q.unit, q.value) for q in plain.quantities]
    for item in (*r.entities, *r.quantities):
        assert TYPESET[item.start : item.end] == item.text


@pytest.mark.parametrize(
    "text",
    [
        "年产5万吨硫酸项目 3.2亿元\n潴龙河综合治理工程 0.8亿元",  # a table's cells: too few
        TYPESET.replace(" ", "", 8),  # most of its places written together
        "",
    ],
)
def test_no_typesetters_spaces_where_the_text_writes_chinese_and_numbers_together(text: str) -> None:
    assert typeset_spaces(text) == []


def test_typeset_spaces_need_a_str() -> None:
    with pytest.raises(TypeError, match="typeset_spaces needs a str, got int"):
        typeset_spaces(12)  # type: ignore[arg-type]


# -- spaces between words -----------------------------------------------------------


def test_separated_writes_the_spaces_between_words_as_tabs_and_keeps_the_length() -> None:
    text = "| 1 | 恒远化工有限公司 | 年产 5 万吨项目 | Mini LED |\n2 瑞丰门窗  青禾食品"
    out = separated(text)
    assert len(out) == len(text)
    # a number that opens one line only may be a quantity's (110 千伏变电站): it stays
    assert out.replace("\t", "_") == "| 1 |_恒远化工有限公司_|_年产 5 万吨项目_| Mini LED |\n2 瑞丰门窗__青禾食品"
    # a name written with a space between words is cut there: the rules cannot tell it from cells
    assert separated("西门子 (中国) 有限公司") == "西门子\t(中国)\t有限公司"
    assert separated("2024 年完成 12.5 亿元") == "2024 年完成 12.5 亿元"  # a number and its word stay
    assert separated("") == ""


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="恒远公司项目 A1.\n|、", max_size=60))
def test_separated_changes_only_spaces_into_tabs(text: str) -> None:
    out = separated(text)
    assert len(out) == len(text)
    for a, b in zip(text, out, strict=True):
        assert a == b or (a == " " and b == "\t")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a table with spaces around its cells, as a word processor exports it
        (
            "| 1 | 年产5万吨硫酸项目 | 恒远化工有限公司 | 3.2 |",
            [("PROJECT", "年产5万吨硫酸项目"), ("COMPANY", "恒远化工有限公司")],
        ),
        # cells separated by spaces only
        (
            "年产5万吨硫酸项目 恒远化工有限公司 3.2亿元",
            [("PROJECT", "年产5万吨硫酸项目"), ("COMPANY", "恒远化工有限公司")],
        ),
        # a number that opens a line is part of the name (110 千伏, 1 号线)
        ("新建项目：\n110 千伏变电站工程\n", [("PROJECT", "110 千伏变电站工程")]),
        # a space after a sentence's end
        ("全年新开工项目28个。 城西污水处理厂投入运行。", [("PROJECT", "城西污水处理厂")]),
    ],
)
def test_no_name_runs_over_a_space_between_words(text: str, expected: list[tuple[str, str]]) -> None:
    assert [x for x in entities(text) if x[0] != "PLACE"] == expected


def test_a_works_list_gives_whole_lines_with_their_numbers() -> None:
    """Which items the model takes is its decision; each one it takes is a whole line, with the
    number that opens it and never running into the next line."""
    lines = ["1 号线二期工程", "3 号线一期工程"]
    found = [x for x in entities("建成地铁：\n" + "\n".join(lines) + "\n") if x[0] != "PLACE"]
    assert ("PROJECT", "1 号线二期工程") in found
    assert all(label == "PROJECT" and name in lines for label, name in found)
    # written without the space, the best proposal is the same whole line; the space does change
    # some features (the name's length, the number as a name of its own), so whether a line near
    # the threshold is taken may go either way
    text = "建成地铁：\n" + "\n".join(w.replace(" ", "") for w in lines) + "\n"
    best = max(proposals(EntityExtractor(), text)["PROJECT"], key=lambda p: p[2])
    assert text[best[0] : best[1]] == "1号线二期工程"
    unspaced = entities(text)
    assert all(label == "PROJECT" and name in [w.replace(" ", "") for w in lines] for label, name in unspaced if label != "PLACE")


def test_a_space_inside_a_latin_name_or_beside_a_number_stays_in_the_span() -> None:
    def projects(text: str) -> list[tuple[str, str]]:
        return [(e.text, e.name) for e in cnreport.parse(text).entities if e.label.value == "PROJECT"]

    assert projects("锦华光电Mini LED模组项目建成投产。") == [("锦华光电Mini LED模组项目", "锦华光电Mini LED模组项目")]
    # the name leaves out a space beside a Chinese character, as the text without it reads
    assert projects("恒远化工有限公司年产 5 万吨硫酸项目竣工。") == [
        ("恒远化工有限公司年产 5 万吨硫酸项目", "恒远化工有限公司年产5万吨硫酸项目")
    ]


def test_a_text_without_spaces_between_words_is_read_as_before() -> None:
    with mock.patch("cnreport.entities.core.separated", side_effect=AssertionError("not needed")):
        assert ("COMPANY", "恒远化工有限公司") in entities(SENTENCE)


def test_a_users_name_with_a_space_is_still_found() -> None:
    got = extract_entities(normalize("引进青禾 食品公司。"), gazetteer={"COMPANY": ["青禾 食品公司"]})
    assert [(e.label.value, e.text, e.name) for e in got] == [("COMPANY", "青禾 食品公司", "青禾食品公司")]


def test_the_numbers_of_a_long_numbered_list_are_no_typesetters_spaces() -> None:
    items = [
        "恒远化工年产5万吨硫酸项目",
        "潴龙河综合治理工程",
        "城东污水处理厂扩建工程",
        "滨河公园二期工程",
        "金穗粮油技改项目",
    ]
    text = "重点项目：\n" + "\n".join(f"{k} {item}，已完成投资。" for k, item in enumerate(items, 1))
    assert typeset_spaces(text) == []
    assert Joined.of(text).text == text


def test_a_tables_rows_are_no_typesetters_spaces() -> None:
    rows = [
        f"{name} {k}.{k} 亿元 2026 年"
        for k, name in enumerate(["甲项目", "乙项目", "丙工程", "丁工程", "戊项目", "己项目"], 1)
    ]
    assert typeset_spaces("\n".join(rows)) == []


@pytest.mark.skipif(not (SHARED / "reports").is_dir(), reason="needs ../shared/reports")
def test_no_report_as_published_is_taken_for_spaced_but_the_spaced_out_titles() -> None:
    spaced = set()
    paths = sorted((SHARED / "reports").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.txt"))
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        norm = normalize(text).text
        spaced |= {norm[a - 1 : b + 1] for a, b in letter_spaces(norm)}
    # the cuts fall inside the spaced-out title of the county reports only
    assert spaced == {"政 府", "府 工", "工 作", "作 报", "报 告"}
    assert not any(typeset_spaces(normalize(p.read_text(encoding="utf-8", errors="replace")).text) for p in paths)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年开展培训70 余场次。", ("70 余场次", "70", "场次", "more_than")),
        ("共有8000 余人次参加。", ("8000 余人次", "8000", "人次", "more_than")),
    ],
)
def test_a_space_before_more_than_keeps_the_quantity_whole(text: str, expected: tuple[str, str, str, str]) -> None:
    (q,) = cnreport.parse(text).quantities
    assert (q.text, str(q.value), q.unit, q.approx.value if q.approx else None) == expected


def test_no_quantity_of_a_space_and_many() -> None:
    # 多项 here is "several", not "more than ... items"
    assert [q.text for q in cnreport.parse("全区增速 5.2 多项指标位居全市前列。").quantities] == []


# -- a decimal point spaced off its number -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年新增市场主体 3 . 42万家，带动就业", ("3 . 42万家", 34200, "家")),
        ("完成固定资产投资 18 . 6 亿元，同比增长", ("18 . 6 亿元", 1860000000, "CNY")),
        ("规上工业增加值增长 7 .5%", ("7 .5%", 7.5, "%")),
        ("实现税收１２ ．０８亿元", ("１２ ．０８亿元", 1208000000, "CNY")),
    ],
)
def test_a_decimal_point_spaced_off_its_number_is_read_as_a_point(text: str, expected: tuple[str, float, str]) -> None:
    quantities = cnreport.parse(text).quantities
    assert [(q.text, float(q.value), q.unit) for q in quantities if q.value is not None] == [expected]
    assert [text[q.start : q.end] for q in quantities] == [expected[0]]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("出口额增长3. 2万户农户受益", "3. 2"),  # a space after the point only: maybe a sentence's end
        ("按第3 . 1条执行", "3 . 1"),  # no scale word, currency or percent sign after it
        ("共2 . 3 . 5万元", "2 . 3 . 5"),  # two points: no number
    ],
)
def test_a_spaced_point_is_closed_up_only_before_a_scale_currency_or_percent(text: str, kept: str) -> None:
    n = normalize(text)
    assert len(n.text) == len(text)
    at = text.index(kept)
    assert n.text[at : at + len(kept)] == kept
