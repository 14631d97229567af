"""Fuzzing every way text gets in: ``parse``, ``parse_number``, ``tokenize``, ``Report.from_dict``
and the command line's reading of files and standard input.

Each property says: no crash, offsets that hold, and the same input giving the same output in
another thread and in another process (with another hash seed, so that nothing depends on the
order of a set or a dict built from strings).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cnreport
from cnreport import NumberError, Report, Token
from cnreport.batch import decode
from cnreport.cli import main

# Pieces of the way reports write, so that random text reaches deep into every layer.
PIECES = [
    *"0123456789０１２３.。．,，、；：:%％-—～~至到亿万千百十一二两三四五六七八九零〇余多约近超元吨亩家个项年月日第（）()“”\n 　xX",
    "有限公司", "科技", "集团", "项目", "工程", "河", "渠", "湖", "水库", "省", "市", "县", "区", "镇", "村",
    "经济开发区", "年产", "同比增长", "较上年", "个百分点", "亿元", "万元", "平方米", "万吨", "人次",
    "今年以来", "上半年", "1-6月", "截至", "去年", "明年", "一季度", "十四五", "春节", "2023年",
    "一、", "（一）", "1.", "完成", "实现", "力争", "预计", "达到", "新签约", "开工", "竣工", "投资",
    "规上工业总产值", "固定资产投资", "地区生产总值", "工作总结", "政府工作报告", "发布日期：",
    "xx.xx亿元", "XX万元", "兩", "億", "萬", "🙂", "\u0301", "\u200b", "\x00", "\ud800",
    "\t", "\t3\t", "长沙", "壤塘",
    "来源：", "阅读：", "分享到：", "上一篇：", "扫一扫", "附件", "新的五年", "焕新", "建成率和接入率均为", "湖南段",
]
REPORTISH = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
ANY_TEXT = st.text(max_size=300) | REPORTISH


def test_rows_of_a_table_pasted_with_tabs_give_their_figures() -> None:
    # a tab after a dictionary word once sent a word lookup across the dictionary's own fields
    report = cnreport.parse("序号\t乡镇\t投资\n1\t东坡镇\t25万元\n2\t壤塘\t3亿元")
    assert [(q.text, q.value, q.unit) for q in report.quantities] == [
        ("25万元", Decimal(250000), "CNY"),
        ("3亿元", Decimal(300000000), "CNY"),
    ]


def _spans(report: Report) -> list[tuple[int, int, str]]:
    out = [(x.start, x.end, x.text) for x in (*report.quantities, *report.entities, *report.times)]
    for row in (*report.indicators, *report.projects):
        out.append((row.start, row.end, report.text[row.start : row.end]))
    for top in report.sections:
        for sec in top.walk():
            out.append((sec.start, sec.end, report.text[sec.start : sec.end]))
    return out


def _check_site(report: Report) -> None:
    """The page's own matter: spans in order and apart inside the text, one tail at most, last
    and running to the end, and no finding that starts inside any of them."""
    at = 0
    for i, s in enumerate(report.site):
        assert at <= s.start <= s.end <= len(report.text)
        if s.kind.value == "tail":
            assert (i, s.end, report.page_end) == (len(report.site) - 1, len(report.text), s.start)
        at = s.end
    if not any(s.kind.value == "tail" for s in report.site):
        assert report.page_end is None
    for x in (*report.quantities, *report.entities, *report.times):
        assert not any(s.start <= x.start < s.end for s in report.site), x


def _check_tokens(text: str, tokens: tuple[Token, ...]) -> None:
    last = 0
    for t in tokens:
        assert text[t.start : t.end] == t.text and last <= t.start < t.end
        assert text[last : t.start].strip() == ""
        last = t.end
    assert text[last:].strip() == ""


# ---------------------------------------------------------------------------
# parse


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, st.sampled_from([None, date(2021, 7, 20), date(1, 1, 1), date(9999, 12, 31)]))
def test_parse_gives_true_offsets_and_round_trips(text: str, reference: date | None) -> None:
    report = cnreport.parse(text, reference_date=reference)
    for start, end, piece in _spans(report):
        assert 0 <= start <= end <= len(text) and text[start:end] == piece
    _check_site(report)
    saved = report.to_json().encode("utf-8")  # any text's report saves as UTF-8, a surrogate alone too
    assert Report.from_dict(json.loads(saved)) == report
    assert cnreport.parse(text, reference_date=reference) == report


REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports"
ODD = ["\n", "\r\n", "\u3000", " ", "\u200b", "\ufeff", "\t", "\x00", "\ud800", "🙂", "\u0301", "（", "）", "“", "、", "—", "%", "至"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_real_text_edited_at_random_and_wrapped_into_lines_keeps_every_offset(data: st.DataObject) -> None:
    # a stretch of a real report, edited (characters put in, taken out, repeated) and, at times,
    # cut into lines of one width as a copy out of a PDF is; rows and sections included
    files = sorted(REPORTS.glob("*.txt")) if REPORTS.is_dir() else []
    if not files:
        pytest.skip("../shared/reports is not present")
    source = data.draw(st.sampled_from(files)).read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(source) - 1))
    text = source[start : start + data.draw(st.sampled_from([40, 300, 1500]))]
    for _ in range(data.draw(st.integers(0, 8))):
        at = data.draw(st.integers(0, len(text)))
        edit = data.draw(st.sampled_from(["odd", "cut", "repeat"]))
        if edit == "odd":
            text = text[:at] + data.draw(st.sampled_from(ODD)) + text[at:]
        elif edit == "cut":
            text = text[:at] + text[at + data.draw(st.integers(1, 5)) :]
        else:
            text = text[:at] + text[at : at + data.draw(st.integers(1, 40))] + text[at:]
    width = data.draw(st.sampled_from([0, 8, 17, 30, 45]))
    if width:
        text = "\n".join(text[i : i + width] for i in range(0, len(text), width))
    reference = data.draw(st.sampled_from([None, date(2026, 1, 20), date(1, 1, 1), date(9999, 12, 31)]))
    report = cnreport.parse(text, reference_date=reference)
    for start, end, piece in _spans(report):
        assert 0 <= start <= end <= len(text) and text[start:end] == piece
    _check_site(report)
    assert Report.from_dict(json.loads(report.to_json())) == report


# ---------------------------------------------------------------------------
# parse_number


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40) | st.lists(st.sampled_from(PIECES[:80]), max_size=12).map("".join))
def test_parse_number_gives_a_number_or_a_number_error(text: str) -> None:
    try:
        n = cnreport.parse_number(text)
    except NumberError as exc:
        assert repr(text[:20]) in str(exc) or repr(text) in str(exc)
        return
    assert n.text == text
    assert (n.value is None) == n.masked
    if n.value is not None:
        assert isinstance(n.value, Decimal) and n.value.is_finite()
    assert cnreport.parse_number(text) == n


# ---------------------------------------------------------------------------
# tokenize


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT, st.sampled_from(["jieba", "char"]))
def test_tokens_of_text_and_of_report_hold_their_offsets(text: str, segmenter: str) -> None:
    _check_tokens(text, cnreport.tokenize(text, segmenter))
    report = cnreport.parse(text)
    tokens = cnreport.tokenize(report, segmenter)
    _check_tokens(text, tokens)
    edges = {t.start for t in tokens} | {t.end for t in tokens}
    for item in (*report.quantities, *report.entities):
        if item.text.strip() == item.text:
            assert item.start in edges and item.end in edges, item


# ---------------------------------------------------------------------------
# Report.from_dict on any JSON

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=10,
)
KEYS = ["text", "quantities", "entities", "times", "sections", "indicators", "projects", "title", "published",
        "reference_date", "doc_id", "warnings", "start", "end", "value", "unit", "kind", "label"]  # fmt: skip


def _mutate(data: Any, path: list[int], value: Any) -> Any:
    """``data`` with the node reached by ``path`` (child indices, modulo) replaced by ``value``."""
    if not path or not isinstance(data, dict | list) or not data:
        return value
    if isinstance(data, dict):
        key = sorted(data)[path[0] % len(data)]
        return {**data, key: _mutate(data[key], path[1:], value)}
    i = path[0] % len(data)
    return [*data[:i], _mutate(data[i], path[1:], value), *data[i + 1 :]]


BASE = cnreport.parse(
    "一、上半年工作情况\n1-6月，全区完成固定资产投资12.5亿元，同比增长8.2%；瑞丰科技年产5万吨项目开工，通顺河整治完工。",
    reference_date=date(2021, 7, 20),
).to_dict()


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), JSON, max_size=6)
    | st.builds(_mutate, st.just(BASE), st.lists(st.integers(0, 50), max_size=5), JSON)
)
def test_from_dict_gives_a_report_or_a_clear_error(data: dict[str, Any]) -> None:
    try:
        report = Report.from_dict(data)
    except (TypeError, ValueError) as exc:
        assert str(exc).startswith("Report"), exc
    else:
        assert Report.from_dict(report.to_dict()) == report


# ---------------------------------------------------------------------------
# the command line reading files and standard input

BYTES = (
    st.binary(max_size=400)
    | ANY_TEXT.map(lambda s: s.encode("utf-8", "surrogatepass"))
    | REPORTISH.map(lambda s: s.encode("gb18030", "replace"))
    | REPORTISH.map(lambda s: s.encode("utf-16", "surrogatepass"))
    | REPORTISH.map(lambda s: s.encode("big5", "replace"))
)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = __import__("io").BytesIO(data)
        self.closed = False


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=BYTES, where=st.sampled_from(["file", "stdin"]))
def test_the_command_reads_any_bytes_into_json_or_one_line(
    data: bytes, where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if where == "file":
        path = tmp_path / "in.txt"
        path.write_bytes(data)
        name = str(path)
    else:
        monkeypatch.setattr(sys, "stdin", _Stdin(data))
        name = "-"
    code = main(["parse", name, "--with-text", "--no-progress"])
    out, err = capsys.readouterr()
    if code == 0:
        assert err == ""
        report = Report.from_dict(json.loads(out))
        assert report.text == decode(data)[0]
        for start, end, piece in _spans(report):
            assert report.text[start:end] == piece
    else:
        assert code == 1 and out == "" and len(err.splitlines()) == 1 and err.startswith(f"cnreport: {name}: ")


# ---------------------------------------------------------------------------
# the same output in threads and in other processes


def _as_json(texts: list[str]) -> list[str]:
    return [cnreport.parse(t, reference_date=date(2022, 3, 1)).to_json() for t in texts]


# A fresh process: with "threads", eight threads parse at once from the first call, while the
# rules and jieba's dictionary are being built.
SCRIPT = """
import json, sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
import cnreport
texts = json.load(sys.stdin)
def one(t):
    return cnreport.parse(t, reference_date=date(2022, 3, 1)).to_json()
if sys.argv[1] == "threads":
    with ThreadPoolExecutor(8) as pool:
        json.dump(list(pool.map(one, texts)), sys.stdout)
else:
    json.dump([one(t) for t in texts], sys.stdout)
"""


@settings(max_examples=4, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=20, max_size=120).map("".join), min_size=12, max_size=12))
def test_the_same_input_gives_the_same_output_in_threads_and_processes(texts: list[str]) -> None:
    here = _as_json(texts)
    with ThreadPoolExecutor(4) as pool:
        threads = list(pool.map(lambda t: _as_json([t])[0], texts * 2))
    assert threads == here * 2
    workers = [
        r.to_json()  # type: ignore[union-attr]
        for r in cnreport.parse_many(texts, n_process=2, batch_size=3, reference_date=date(2022, 3, 1))
    ]
    assert workers == here
    for seed, how in (("1", "threads"), ("2", "one by one")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        p = subprocess.run(
            [sys.executable, "-c", SCRIPT, how], input=json.dumps(texts), capture_output=True, text=True, env=env
        )
        assert p.returncode == 0 and p.stderr == "", p.stderr
        assert json.loads(p.stdout) == here
