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
