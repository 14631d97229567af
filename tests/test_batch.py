"""parse_many keeps order and every document; decode reads every encoding reports come in, never garbled."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnreport
from cnreport import Failure, Report, batch
from cnreport.batch import ReadError, decode, find_reports, read_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

TEXTS = [
    "一、上半年工作情况\n1-6月，园区完成规上工业总产值48.3亿元，同比增长9.6%。",
    "新签约项目12个，总投资86亿元；开工建设恒锐新材年产5万吨高性能树脂项目。",
    "",
    "全年新增市场主体1.2万户，城镇新增就业3200人。",
    "二、下半年工作打算\n力争全年固定资产投资增长8%以上。",
]


@pytest.mark.parametrize("n_process", [1, 2])
def test_results_equal_parse_in_input_order(n_process: int) -> None:
    ids = [f"doc-{i}" for i in range(len(TEXTS))]
    got = list(
        cnreport.parse_many(
            TEXTS * 3, n_process=n_process, batch_size=2, doc_ids=ids * 3, reference_date=date(2021, 7, 20)
        )
    )
    want = [
        cnreport.parse(t, doc_id=i, reference_date=date(2021, 7, 20)) for t, i in zip(TEXTS * 3, ids * 3, strict=True)
    ]
    assert got == want
    assert [q.text for q in want[0].quantities] == ["48.3亿元", "9.6%"]


def test_gazetteer_reaches_the_workers() -> None:
    text = "与青禾科技签订合作协议。"
    got = list(cnreport.parse_many([text] * 3, n_process=2, batch_size=1, gazetteer={"COMPANY": ["青禾科技"]}))
    assert all(isinstance(r, Report) for r in got)
    assert [[e.text for e in r.entities if e.label.value == "COMPANY"] for r in got] == [["青禾科技"]] * 3  # type: ignore[union-attr]


def _flaky_parse(text: str, **kwargs: object) -> Report:
    if text == "BOOM":
        raise RuntimeError("rule table broken")
    if text == "CRASH":
        os._exit(3)  # a worker dying (killed, out of memory)
    return cnreport.parse(text, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_failing_document_yields_a_failure_in_its_place(n_process: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # workers that are forks of this process inherit the patched function
    monkeypatch.setattr(batch, "parse", _flaky_parse)
    fork = multiprocessing.get_context("fork")
    monkeypatch.setattr(batch.multiprocessing, "get_context", lambda method=None: fork)
    texts: list[object] = ["新增企业1家", "BOOM", "新增企业2家", b"\xe6\x96\xb0", "新增企业3家", "新增企业4家"]
    if n_process > 1:
        texts[4] = "CRASH"
    got = list(cnreport.parse_many(texts, n_process=n_process, batch_size=2))  # type: ignore[arg-type]
    assert len(got) == 6
    assert got[1] == Failure(1, None, "RuntimeError", "rule table broken")
    assert isinstance(got[3], Failure) and got[3].error == "TypeError" and "got bytes" in got[3].message
    counts = {i: r.quantities[0].text for i, r in enumerate(got) if isinstance(r, Report)}
    if n_process == 1:
        assert counts == {0: "1家", 2: "2家", 4: "3家", 5: "4家"}
    else:
        assert counts == {0: "1家", 2: "2家", 5: "4家"}
        crashed = got[4]
        assert isinstance(crashed, Failure) and (crashed.index, crashed.error) == (4, "BrokenProcessPool")
        assert "died" in crashed.message


@pytest.mark.parametrize("n_process", [1, 2])
def test_input_is_consumed_lazily(n_process: int) -> None:
    endless = itertools.cycle(["新增企业3家"])
    first = list(itertools.islice(cnreport.parse_many(endless, n_process=n_process, batch_size=4), 10))
    assert [r.quantities[0].value for r in first] == [3] * 10  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_process": 0}, ValueError, "n_process must be a positive int or -1"),
        ({"batch_size": 0}, ValueError, "batch_size must be a positive int, got 0"),
        ({"reference_date": "2021-07-20"}, TypeError, "reference_date must be a datetime.date"),
        ({"gazetteer": {"COMPANY": "青禾科技"}}, TypeError, "must be a list of names"),
        ({"doc_ids": "a"}, TypeError, "doc_ids must be an iterable read alongside the texts, got str"),
        ({"doc_ids": 7}, TypeError, "doc_ids must be an iterable read alongside the texts, got int"),
        ({"reference_dates": 7}, TypeError, "reference_dates must be an iterable read alongside the texts"),
        ({"doc_ids": ["a", "b"]}, ValueError, "doc_ids must hold one value per text: 2 values for 1 text"),
        ({"reference_dates": []}, ValueError, "reference_dates must hold one value per text: 0 values for 1 text"),
    ],
)
def test_bad_options_raise_at_once(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        cnreport.parse_many(["新增企业3家"], **kwargs)  # type: ignore[arg-type]


def test_one_string_is_not_a_batch() -> None:
    with pytest.raises(TypeError, match="texts must be an iterable of str"):
        cnreport.parse_many("新增企业3家")


@pytest.mark.parametrize("texts", [None, 5, 2.5])
def test_texts_that_are_no_iterable_are_refused_by_type(texts: object) -> None:
    with pytest.raises(TypeError, match=f"texts must be an iterable of str .*got {type(texts).__name__}"):
        cnreport.parse_many(texts)  # type: ignore[arg-type]


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_doc_id_of_the_wrong_type_fails_its_own_text_only(n_process: int) -> None:
    texts = ["新增企业3家。", "完成投资1亿元。", "新建道路2公里。", "新增就业500人。"]
    got = list(cnreport.parse_many(texts, n_process=n_process, batch_size=1, doc_ids=["a", "b", 3, "d"]))
    assert [(type(r).__name__, r.doc_id) for r in got] == [
        ("Report", "a"),
        ("Report", "b"),
        ("Failure", None),
        ("Report", "d"),
    ]
    assert got[2] == Failure(2, None, "TypeError", "doc_ids must hold str or None, got int at position 2")
    assert [q.text for q in got[3].quantities] == ["500人"]  # type: ignore[union-attr]


@pytest.mark.parametrize("n_process", [1, 2])
def test_an_iterator_of_doc_ids_that_runs_out_is_noticed_after_every_text(n_process: int) -> None:
    texts = ["新增企业3家。", "完成投资1亿元。", "新建道路2公里。"]
    results = cnreport.parse_many(iter(texts), n_process=n_process, batch_size=1, doc_ids=iter(["a"]))
    got = []
    with pytest.raises(ValueError, match=r"doc_ids ran out after 1 value \(3 texts\)"):
        for result in results:
            got.append(result)
    assert [r.doc_id for r in got] == ["a", None, None]
    assert [[q.text for q in r.quantities] for r in got] == [["3家"], ["1亿元"], ["2公里"]]  # type: ignore[union-attr]


def test_an_endless_iterator_of_doc_ids_is_read_as_far_as_the_texts_go() -> None:
    texts = ["新增企业3家。", "完成投资1亿元。"]
    ids = (f"doc-{i}" for i in itertools.count())
    assert [r.doc_id for r in cnreport.parse_many(texts, doc_ids=ids)] == ["doc-0", "doc-1"]


# ---------------------------------------------------------------------------
# decoding

ZONE = (EXAMPLES / "zone_half_year_2021.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ZONE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + ZONE.encode("utf-8"), "utf-8-sig"),
        (ZONE.encode("utf-16"), "utf-16"),
        (ZONE.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
        (ZONE.encode("utf-16-le"), "utf-16-le"),
        (ZONE.encode("utf-32"), "utf-32"),
        (ZONE.encode("gbk"), "gb18030"),
        (ZONE.encode("gb18030"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom-le", "utf-16-bom-be", "utf-16-le-no-bom", "utf-32", "gbk", "gb18030"],
)
def test_decode_gives_the_same_text(data: bytes, encoding: str) -> None:
    assert decode(data) == (ZONE, encoding)


@pytest.mark.parametrize("text", ["新增3家", "园区", "完成投资2亿元", "同比增长12.5%"])
def test_short_gbk_is_not_read_as_big5(text: str) -> None:
    assert decode(text.encode("gbk")) == (text, "gb18030")


def test_big5_is_read_as_big5() -> None:
    text = "今年上半年，園區完成規上工業總產值48.3億元，同比增長9.6%，新簽約項目12個。"
    assert decode(text.encode("big5")) == (text, "big5")


def test_traditional_text_in_gbk() -> None:
    text = "今年上半年，園區完成規上工業總產值48.3億元，同比增長9.6%，新簽約項目12個。"
    assert decode(text.encode("gbk")) == (text, "gb18030")


def test_a_gbk_file_parses_the_same_as_its_utf8_twin(tmp_path: Path) -> None:
    (tmp_path / "u.txt").write_bytes(ZONE.encode("utf-8"))
    (tmp_path / "g.txt").write_bytes(ZONE.encode("gbk"))
    u, g = (cnreport.parse(read_text(tmp_path / n)[0]) for n in ("u.txt", "g.txt"))
    assert u == g
    assert [q.text for q in g.quantities][:2] == [q.text for q in u.quantities][:2]
    assert g.title == "柳湾经济开发区2021年上半年工作总结与下半年工作打算"


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        (bytes(64), None, "holds NUL bytes: binary data"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "binary data"),
        (b"\xff\xfe\x00\xd8", None, "utf-16 byte order mark but is not valid utf-16"),
        ("新增企业".encode("gbk"), "utf-8", "not valid utf-8 (byte 0)"),
        (b"abc", "klingon", "unknown encoding 'klingon'"),
        (bytes([0x80, 0xFF, 0x81, 0x20, 0xFE, 0xFF]), None, "cannot tell the encoding"),
    ],
)
def test_undecodable_bytes_raise_read_error(data: bytes, encoding: str | None, message: str) -> None:
    with pytest.raises(ReadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode(data, encoding)


def test_forced_encoding_wins() -> None:
    assert decode("新增企業".encode("big5"), "big5") == ("新增企業", "big5")
    assert decode(b"\xef\xbb\xbfabc", "utf-8") == ("abc", "utf-8-sig")


@pytest.mark.parametrize("path", [0, 3, None, 2.5, True, ["a.txt"]])
def test_read_text_takes_paths_only(path: object) -> None:
    # open() would take an int for a file descriptor: read it, and close it
    with pytest.raises(TypeError, match=f"path must be a str, bytes or os.PathLike, got {type(path).__name__}"):
        read_text(path)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("max_bytes", "error"), [(-1, ValueError), (1.5, TypeError), (None, TypeError), (True, TypeError)]
)
def test_read_text_takes_a_byte_limit_of_zero_or_more(tmp_path: Path, max_bytes: object, error: type) -> None:
    p = tmp_path / "r.txt"
    p.write_text("新增企业3家", encoding="utf-8")
    with pytest.raises(error, match="max_bytes must be"):
        read_text(p, max_bytes=max_bytes)  # type: ignore[arg-type]


@pytest.mark.parametrize("codec", ["base64", "rot13", "zlib"])
def test_a_codec_that_is_no_text_encoding_is_refused_by_name(codec: str) -> None:
    with pytest.raises(ReadError, match=f"unknown encoding '{codec}'"):
        decode("新增企业3家".encode(), codec)


@pytest.mark.parametrize("n_process", [1, 2])
def test_an_error_of_the_callers_input_comes_after_every_text_sent_before_it(n_process: int) -> None:
    texts = ["新增企业1家。", "新增企业2家。", "新增企业3家。", "新增企业4家。", "新增企业5家。"]
    dates = (date.fromisoformat(s) for s in ["2021-01-01"] * 4 + ["not a date"])
    got = []
    with pytest.raises(ValueError, match="Invalid isoformat string"):
        for result in cnreport.parse_many(texts, n_process=n_process, batch_size=1, reference_dates=dates):
            got.append(result)
    assert [[q.text for q in r.quantities] for r in got] == [["1家"], ["2家"], ["3家"], ["4家"]]  # type: ignore[union-attr]


def test_a_link_to_nowhere_in_a_directory_is_found_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("新增企业3家", encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "gone.txt")
    assert find_reports(tmp_path) == [tmp_path / "a.txt", tmp_path / "b.txt"]
    with pytest.raises(ReadError, match="no such file"):
        read_text(tmp_path / "b.txt")


def test_read_text_refuses_more_than_max_bytes(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes("新增企业8家。".encode() * 100)
    assert read_text(f, max_bytes=1900)[0].startswith("新增企业8家。")
    with pytest.raises(ReadError, match="larger than 1,899 bytes"):
        read_text(f, max_bytes=1899)
    with pytest.raises(ReadError, match="larger than 1,000 bytes"):
        read_text("/dev/zero", max_bytes=1000)
    with pytest.raises(ReadError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(ReadError, match="is a directory"):
        read_text(tmp_path)


@pytest.mark.parametrize("n_process", [1, 2])
def test_each_text_can_have_its_own_reference_date(n_process: int) -> None:
    texts = ["今年新增企业8家。"] * 3
    refs = [date(2020, 3, 1), None, date(2022, 3, 1)]
    got = list(cnreport.parse_many(texts, n_process=n_process, reference_date=date(2021, 3, 1), reference_dates=refs))
    assert [r.times[0].first_day for r in got] == [date(2020, 1, 1), date(2021, 1, 1), date(2022, 1, 1)]  # type: ignore[union-attr]
    # a reference date of the wrong type fails its own text, not the batch
    bad = list(cnreport.parse_many(texts, n_process=n_process, reference_dates=["2020-01-01", None, None]))  # type: ignore[list-item]
    assert isinstance(bad[0], Failure) and bad[0].error == "TypeError"
    assert bad[0].message.startswith("reference_dates at position 0: reference_date must be a datetime.date")
    assert [type(r).__name__ for r in bad[1:]] == ["Report", "Report"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=100).map(lambda s: s.encode("gb18030")))
def test_any_bytes_decode_or_raise_read_error(data: bytes) -> None:
    try:
        text, encoding = decode(data)
    except ReadError as exc:
        assert str(exc)
    else:
        assert data.decode(encoding) == text


def test_tables_of_a_failure_keep_the_document_with_its_error() -> None:
    results = list(cnreport.parse_many(["全年完成投资3亿元。", 123, ""], doc_ids=["a", "b", "c"]))
    docs = [row for r in results for row in cnreport.tables(r)["documents"]]
    assert [(d["doc_id"], d["chars"], d["error"]) for d in docs] == [
        ("a", 10, None),
        ("b", None, "TypeError: text must be str, got int"),
        ("c", 0, None),
    ]
    assert all(rows == [] for name, rows in cnreport.tables(results[1]).items() if name != "documents")
