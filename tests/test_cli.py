"""The ``cnreport`` command: outputs read back and checked, and every way a user can break it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import types
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cnreport
from cnreport import Report
from cnreport.batch import decode
from cnreport.cli import main

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ZONE_TEXT = "东湖经济开发区2021年上半年工作总结\n\n发布日期：2021-07-20\n\n一、上半年工作情况\n1-6月，全区完成规上工业总产值86.47亿元，同比增长23.6%；新签约项目12个，总投资46.8亿元。\n二、下半年工作打算\n力争全年规上工业总产值达到180亿元。\n"
TOWN_TEXT = (
    "桐溪镇2020年上半年工作报告\n\n今年以来，全镇固定资产投资完成8.7亿元，较上年同期增长3.6%；新增市场主体320户。\n"
)


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """A folder of two reports, one of them in a sub-folder, and a file that is not a report."""
    root = tmp_path / "reports"
    (root / "2021").mkdir(parents=True)
    (root / "2021" / "zone.txt").write_text(ZONE_TEXT, encoding="utf-8")
    (root / "town.txt").write_text(TOWN_TEXT, encoding="utf-8")
    (root / "notes.md").write_text("不是报告", encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------
# outputs


def test_jsonl_is_one_report_per_line_without_the_text(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", str(reports / "town.txt"), str(reports / "2021" / "zone.txt"))
    assert (code, err) == (0, "")
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["doc_id"] for d in docs] == [str(reports / "town.txt"), str(reports / "2021" / "zone.txt")]
    assert "text" not in docs[0]
    assert [q["text"] for q in docs[0]["quantities"]] == ["8.7亿元", "3.6%", "320户"]
    assert docs[1]["title"] == "东湖经济开发区2021年上半年工作总结"


def test_jsonl_with_text_round_trips_through_from_dict(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(reports), "--with-text", "--reference-date", "2021-07-20")
    assert code == 0
    got = [Report.from_dict(json.loads(line)) for line in out.splitlines()]
    files = [reports / "2021" / "zone.txt", reports / "town.txt"]
    want = [
        cnreport.parse(f.read_text(encoding="utf-8"), doc_id=str(f), reference_date=date(2021, 7, 20)) for f in files
    ]
    assert got == want


def test_each_line_is_the_reports_own_data(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The writer makes each item's data as it writes it; what comes out is ``to_dict()``."""
    f = reports / "2021" / "zone.txt"
    want = cnreport.parse(f.read_text(encoding="utf-8"), doc_id=str(f), reference_date=date(2021, 7, 20)).to_dict()
    want = json.loads(json.dumps(want, ensure_ascii=False))
    for argv in ((), ("--with-text",), ("--format", "json")):
        code, out, _ = run(capsys, "parse", str(f), "--reference-date", "2021-07-20", *argv)
        got = json.loads(out)
        assert code == 0 and got == (want if "--with-text" in argv else {k: v for k, v in want.items() if k != "text"})
        assert [e["text"] for e in got["entities"]][:1] == ["东湖经济开发区"]


def test_unreadable_inputs_are_named_and_the_others_written(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = reports / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02\xff" * 10)
    missing = reports / "missing.txt"
    code, out, err = run(capsys, "parse", str(bad), str(missing), str(reports / "town.txt"))
    assert code == 1
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == [str(reports / "town.txt")]
    assert err.splitlines() == [
        f"cnreport: {bad}: holds NUL bytes: binary data, not a text file (or name its encoding: --encoding, encoding= in Python)",
        f"cnreport: {missing}: no such file",
    ]


def test_parquet_tables_read_back(reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, _, err = run(capsys, "parse", str(reports), str(tmp_path / "missing.txt"), "-f", "parquet", "-o", str(out))
    assert code == 1 and "missing.txt: no such file" in err
    assert sorted(p.name for p in out.iterdir()) == [
        f"{t}.parquet" for t in ("documents", "entities", "indicators", "projects", "quantities", "sections", "times")
    ]
    zone, town = str(reports / "2021" / "zone.txt"), str(reports / "town.txt")
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert [(d["doc_id"], d["title"], d["published"], d["encoding"], d["error"]) for d in docs] == [
        (zone, "东湖经济开发区2021年上半年工作总结", date(2021, 7, 20), "utf-8", None),
        (town, "桐溪镇2020年上半年工作报告", None, "utf-8", None),
        (str(tmp_path / "missing.txt"), None, None, None, "no such file"),
    ]
    quantities = pq.read_table(out / "quantities.parquet")
    assert quantities.schema.field("value").type == pa.float64()
    rows = [(r["doc_id"], r["text"], r["value"]) for r in quantities.to_pylist()]
    assert rows == [
        (zone, "86.47亿元", 8647000000.0),
        (zone, "23.6%", 23.6),
        (zone, "12个", 12.0),
        (zone, "46.8亿元", 4680000000.0),
        (zone, "180亿元", 18000000000.0),
        (town, "8.7亿元", 870000000.0),
        (town, "3.6%", 3.6),
        (town, "320户", 320.0),
    ]
    indicators = pq.read_table(out / "indicators.parquet").to_pylist()
    first = indicators[0]
    assert (first["doc_id"], first["indicator"], first["value"], first["change"], first["period_first_day"]) == (
        zone,
        "industrial_output_above_size",
        8647000000.0,
        23.6,
        date(2021, 1, 1),
    )
    sections = pq.read_table(out / "sections.parquet").to_pylist()
    assert [(s["doc_id"], s["heading"], s["stance"]) for s in sections] == [
        (zone, "上半年工作情况", "review"),
        (zone, "下半年工作打算", "plan"),
    ]


def test_csv_tables_read_back(reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "csv"
    code, _, _ = run(capsys, "parse", str(reports / "town.txt"), "-f", "csv", "-o", str(out), "--with-text")
    assert code == 0
    with open(out / "quantities.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["text"], r["value"], r["approx"]) for r in rows] == [
        ("8.7亿元", "870000000", ""),
        ("3.6%", "3.6", ""),
        ("320户", "320", ""),
    ]
    with open(out / "documents.csv", encoding="utf-8", newline="") as f:
        (doc,) = list(csv.DictReader(f))
    assert doc["text"] == TOWN_TEXT and doc["chars"] == str(len(TOWN_TEXT))


def test_json_writes_one_file_per_report(reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "json"
    code, _, _ = run(capsys, "parse", str(reports), str(reports / "town.txt"), "-f", "json", "-o", str(out))
    assert code == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.json")) == [
        "2021/zone.json",
        "town-2.json",
        "town.json",
    ]
    assert json.loads((out / "2021" / "zone.json").read_text(encoding="utf-8"))["quantities"][0]["text"] == "86.47亿元"


def test_json_to_standard_output_is_indented(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(reports / "town.txt"), "-f", "json")
    assert code == 0 and out.startswith('{\n  "quantities": [')
    assert json.loads(out)["quantities"][2]["unit"] == "户"


def test_table_formats_need_a_directory(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", "x.txt", "-f", "parquet")
    assert (code, out) == (2, "")
    assert (
        err == "cnreport: -f parquet writes one file per table: give a directory with -o (see cnreport parse --help)\n"
    )


def test_a_table_format_over_a_file_says_it_writes_a_directory(
    reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("", encoding="utf-8")
    code, out, err = run(capsys, "parse", str(reports / "town.txt"), "-f", "csv", "-o", str(taken))
    assert (code, out) == (3, "")
    assert err == f"cnreport: {taken}: cannot write: File exists; this format writes a directory: name one with -o\n"
    # a named file under it is no directory format: the usual advice
    code, _, err = run(capsys, "panel", str(reports / "town.txt"), "-o", str(taken / "panel.csv"))
    assert code == 3 and "this format writes a directory" not in err and "write elsewhere with -o" in err


# ---------------------------------------------------------------------------
# table input


def _collection_rows() -> list[dict[str, Any]]:
    return [
        {"id": "zone-2021", "region": "东湖区", "year": 2021, "full_text": ZONE_TEXT},
        {"id": "town-2020", "region": "桐溪镇", "year": 2020, "full_text": TOWN_TEXT},
    ]


def _collection_csv(tmp_path: Path) -> Path:
    """The two reports as rows of a CSV table, the text in ``full_text``."""
    table = tmp_path / "collection.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "region", "year", "full_text"])
        writer.writeheader()
        writer.writerows(_collection_rows())
    return table


def test_csv_input_brings_its_other_columns_along(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = _collection_csv(tmp_path)
    code, out, _ = run(capsys, "parse", str(table), "--text-column", "full_text")
    assert code == 0
    docs = [json.loads(line) for line in out.splitlines()]
    assert [(d["doc_id"], d["fields"]) for d in docs] == [
        ("zone-2021", {"region": "东湖区", "year": "2021"}),
        ("town-2020", {"region": "桐溪镇", "year": "2020"}),
    ]
    assert docs[1]["quantities"][0]["text"] == "8.7亿元"
    code, _, err = run(capsys, "parse", str(table))
    assert code == 1
    assert err == (
        f"cnreport: {table}: no column 'text' (columns: id, region, year, full_text); "
        "name the text column with --text-column\n"
    )


def test_a_row_too_large_is_named_by_its_file_and_its_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = _collection_csv(tmp_path)
    limit = len(TOWN_TEXT.encode("utf-8"))
    code, out, err = run(capsys, "parse", str(table), "--text-column", "full_text", "--max-bytes", str(limit))
    assert code == 1
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == ["town-2020"]
    assert err == (
        f"cnreport: {table} (zone-2021): row 1: larger than {limit:,} bytes: split it, "
        "or raise the limit with --max-bytes\n"
    )


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_an_empty_text_cell_is_an_error_in_csv_and_in_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    rows = [{"id": "a", "text": TOWN_TEXT}, {"id": "b", "text": None}, {"id": "c", "text": TOWN_TEXT}]
    table = tmp_path / f"t.{kind}"
    if kind == "parquet":
        pq.write_table(pa.Table.from_pylist(rows), table)
    else:
        with open(table, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=["id", "text"])
            writer.writeheader()
            writer.writerows(rows)  # None is written as an empty cell
    code, out, err = run(capsys, "parse", str(table))
    assert code == 1
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == ["a", "c"]
    assert err == f"cnreport: {table} (b): row 2: the 'text' column is empty\n"


def test_a_doc_id_given_twice_is_said_once_and_both_documents_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"id": "a", "text": TOWN_TEXT}, {"id": "b", "text": TOWN_TEXT}, {"id": "a", "text": "新增企业3家。"}]
    rows.append({"id": "a", "text": "新增企业4家。"})
    table = tmp_path / "t.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "text"])
        writer.writeheader()
        writer.writerows(rows)
    code, out, err = run(capsys, "parse", str(table))
    assert code == 0
    docs = [json.loads(line) for line in out.splitlines()]
    assert [(d["doc_id"], d["quantities"][0]["text"]) for d in docs] == [
        ("a", "8.7亿元"),
        ("b", "8.7亿元"),
        ("a", "3家"),
        ("a", "4家"),
    ]
    assert err == f"cnreport: {table} (a): doc_id 'a' is given to more than one document; their rows share it\n"


def test_gbk_csv_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "gbk.csv"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["region", "text"])
    writer.writeheader()
    writer.writerow({"region": "桐溪镇", "text": TOWN_TEXT})
    table.write_bytes(buf.getvalue().encode("gbk"))
    code, out, _ = run(capsys, "parse", str(table))
    assert code == 0
    doc = json.loads(out)
    assert (doc["doc_id"], doc["fields"], doc["quantities"][0]["text"]) == (
        f"{table}#1",
        {"region": "桐溪镇"},
        "8.7亿元",
    )


def test_parquet_input_to_parquet_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "collection.parquet"
    pq.write_table(pa.Table.from_pylist(_collection_rows()), table)
    out = tmp_path / "out"
    code, _, _ = run(capsys, "parse", str(table), "--text-column", "full_text", "-f", "parquet", "-o", str(out))
    assert code == 0
    docs = pq.read_table(out / "documents.parquet")
    assert docs.schema.field("year").type == pa.int64()
    assert [(d["doc_id"], d["region"], d["year"], d["source"]) for d in docs.to_pylist()] == [
        ("zone-2021", "东湖区", 2021, str(table)),
        ("town-2020", "桐溪镇", 2020, str(table)),
    ]
    ids = {r["doc_id"] for r in pq.read_table(out / "quantities.parquet").to_pylist()}
    assert ids == {"zone-2021", "town-2020"}


# ---------------------------------------------------------------------------
# encodings, limits, processes


def test_a_gbk_file_gives_the_same_output_as_its_utf8_twin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "u.txt").write_bytes(ZONE_TEXT.encode("utf-8"))
    (tmp_path / "g.txt").write_bytes(ZONE_TEXT.encode("gbk"))
    (tmp_path / "b.txt").write_bytes(ZONE_TEXT.encode("utf-16"))
    code, out, _ = run(capsys, "parse", *(str(tmp_path / n) for n in ("u.txt", "g.txt", "b.txt")), "--with-text")
    assert code == 0
    docs = [json.loads(line) for line in out.splitlines()]
    for d in docs:
        d.pop("doc_id")
    assert docs[0] == docs[1] == docs[2]
    assert docs[0]["text"] == ZONE_TEXT


def test_forced_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "g.txt"
    f.write_bytes(TOWN_TEXT.encode("gb18030"))
    code, out, err = run(capsys, "parse", str(f), "--encoding", "utf-8")
    assert (code, out) == (1, "")
    assert err == f"cnreport: {f}: not valid utf-8 (byte 4); leave out --encoding to detect it, or name the right one\n"
    code, out, _ = run(capsys, "parse", str(f), "--encoding", "gbk")
    assert code == 0 and json.loads(out)["quantities"][0]["text"] == "8.7亿元"


def test_max_bytes_refuses_one_file_and_writes_the_others(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    size = len(TOWN_TEXT.encode("utf-8"))
    zone = reports / "2021" / "zone.txt"
    code, out, err = run(capsys, "parse", str(zone), str(reports / "town.txt"), "--max-bytes", str(size))
    assert code == 1
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == [str(reports / "town.txt")]
    assert err == f"cnreport: {zone}: larger than {size:,} bytes: split it, or raise the limit with --max-bytes\n"
    code, _, err = run(capsys, "parse", str(zone), "--max-bytes", "0")
    assert code == 2 and "expected a positive number of bytes" in err


def test_jobs_give_the_same_output(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(reports / "town.txt"), str(reports / "2021" / "zone.txt")] * 3
    _, one, _ = run(capsys, "parse", *files)
    code, two, _ = run(capsys, "parse", *files, "--jobs", "2")
    assert code == 0 and two == one and len(two.splitlines()) == 6


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(
    reports: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["parse", str(reports)]) == 0
    assert "2/2" in terminal.getvalue()
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["parse", str(reports), "--no-progress"]) == 0
    assert terminal.getvalue() == ""
    capsys.readouterr()


# ---------------------------------------------------------------------------
# help, version, usage errors, render


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"cnreport {cnreport.__version__}\n")
    code, out, _ = run(capsys, "parse", "--help")
    assert code == 0
    assert "cnreport parse reports/ -f parquet -o out/" in out and "exit codes: 0 all done" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["parse"], "the following arguments are required: PATH (see cnreport parse --help)"),
        (["parse", "a.txt", "-f", "xml"], "argument -f/--format: invalid choice: 'xml'"),
        (["parse", "a.txt", "--reference-date", "2021-02-30"], "expected a date like 2021-07-20, got '2021-02-30'"),
        (["parse", "a.txt", "--jobs", "0"], "expected a number of processes"),
        (["parse", "a.txt", "--encoding", "klingon"], "unknown encoding 'klingon': give a codec name such as utf-8"),
        (["parse", "a.txt", "--encoding", "base64"], "unknown encoding 'base64'"),
        (["panel", "reports", "-o", "p.csv", "--encoding", "klingon"], "unknown encoding 'klingon'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["panel", "reports", "-o", "panel.xlsx"], "panel.xlsx: the panel is written as .parquet, .csv or .jsonl"),
    ],
)
def test_usage_errors_are_one_line_with_exit_code_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and err.startswith("cnreport") and message in err


def test_render_without_the_review_page_fails_cleanly(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "cnreport.render", None)
    monkeypatch.delattr(cnreport, "render", raising=False)
    code, _, err = run(capsys, "render", str(reports / "town.txt"), "-o", str(tmp_path / "page.html"))
    assert code == 4
    assert err == "cnreport: this installation of cnreport has no review page (cnreport.render)\n"


def test_a_file_name_that_is_no_utf8_is_written_with_escapes(
    reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name in another encoding (GBK bytes of 报告, read by Python as lone surrogates) never
    stops a writer: every output names the file with its odd bytes as \\xNN escapes."""
    odd = os.fsdecode(os.fsencode(str(reports)) + b"/" + "报告".encode("gbk") + b".txt")
    Path(odd).write_text(TOWN_TEXT, encoding="utf-8")
    shown = str(reports) + "/\\xb1\\xa8\\xb8\\xe6.txt"
    code, out, err = run(capsys, "parse", odd)
    assert (code, err) == (0, "") and json.loads(out)["doc_id"] == shown
    code, out, err = run(capsys, "parse", str(reports))
    assert (code, err) == (0, "")
    docs = {d["doc_id"]: d for d in map(json.loads, out.splitlines())}
    assert [q["text"] for q in docs[shown]["quantities"]] == ["8.7亿元", "3.6%", "320户"]
    for fmt in ("csv", "json", "parquet"):
        code, _, err = run(capsys, "parse", str(reports), "-f", fmt, "-o", str(tmp_path / fmt))
        assert (code, err) == (0, ""), fmt
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8", newline="") as f:
        assert shown in {row["doc_id"] for row in csv.DictReader(f)}
    assert sorted(p.name for p in (tmp_path / "json").iterdir()) == ["2021", "_xb1_xa8_xb8_xe6.json", "town.json"]
    code, _, err = run(capsys, "panel", str(reports), "-o", str(tmp_path / "panel.csv"))
    assert (code, err) == (0, "") and shown in (tmp_path / "panel.csv").read_text(encoding="utf-8")


def test_render_reads_a_json_lines_file_of_one_report(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cnreport, "render", lambda report: f"<p>{report.title}</p>", raising=False)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    code, _, _ = run(capsys, "parse", str(reports / "town.txt"), "--with-text", "-o", str(one))
    assert code == 0
    code, out, err = run(capsys, "render", str(one), "-o", "-")
    assert (code, out, err) == (0, "<p>桐溪镇2020年上半年工作报告</p>", "")
    # a line separator inside the report's text (written unescaped) splits no line of the file
    odd = tmp_path / "odd.txt"
    odd.write_text(TOWN_TEXT.replace("今年以来", "今年以来\u2028"), encoding="utf-8")
    code, _, _ = run(capsys, "parse", str(odd), "--with-text", "-o", str(tmp_path / "odd.jsonl"))
    code, out, err = run(capsys, "render", str(tmp_path / "odd.jsonl"), "-o", "-")
    assert (code, out, err) == (0, "<p>桐溪镇2020年上半年工作报告</p>", "")
    two.write_text(one.read_text(encoding="utf-8") * 2, encoding="utf-8")
    code, out, err = run(capsys, "render", str(two), "-o", "-")
    assert (code, out) == (1, "")
    assert err == f"cnreport: {two}: holds 2 reports; render takes one (cnreport parse -f json writes a file per report)\n"


def test_render_writes_the_page(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[Report] = []

    def render(report: Report) -> str:
        seen.append(report)
        return "<html>" + "".join(f"<mark>{q.text}</mark>" for q in report.quantities) + "</html>"

    monkeypatch.setattr(cnreport, "render", render, raising=False)
    page = tmp_path / "page.html"
    code, _, err = run(capsys, "render", str(reports / "town.txt"), "-o", str(page))
    assert (code, err) == (0, "")
    assert page.read_text(encoding="utf-8") == "<html><mark>8.7亿元</mark><mark>3.6%</mark><mark>320户</mark></html>"
    # a report parsed earlier with its text renders the same
    parsed = tmp_path / "town.json"
    parsed.write_text(seen[0].to_json(), encoding="utf-8")
    code, out, _ = run(capsys, "render", str(parsed), "-o", "-")
    assert code == 0 and out == page.read_text(encoding="utf-8")
    # the module alone (before the package exports the function) works too
    monkeypatch.delattr(cnreport, "render")
    module = types.ModuleType("cnreport.render")
    module.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cnreport.render", module)
    code, out, _ = run(capsys, "render", str(parsed), "-o", "-")
    assert code == 0 and out == page.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# the real command in a real process: no traceback, ever

CLI = [sys.executable, "-m", "cnreport.cli"]


def shell(
    command: str, *, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` with ``$CLI`` standing for the cnreport command."""
    full_env = {**os.environ, "CLI": " ".join(CLI), **(env or {})}
    return subprocess.run(
        ["bash", "-c", command], input=stdin, capture_output=True, env=full_env, timeout=120, check=False
    )


def one_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1, text
    return text


def test_head_ends_quietly(reports: Path) -> None:
    files = " ".join([str(reports / "town.txt")] * 400)
    p = shell(f"$CLI parse {files} --with-text | head -n 1; exit ${{PIPESTATUS[0]}}")
    assert json.loads(p.stdout)["quantities"][0]["text"] == "8.7亿元"
    assert p.stderr == b""
    assert p.returncode == 141


def test_python_dash_m_cnreport_is_the_command(reports: Path) -> None:
    p = subprocess.run(
        [sys.executable, "-m", "cnreport", "parse", str(reports / "town.txt")], capture_output=True, check=False
    )
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["quantities"][0]["text"] == "8.7亿元"


def test_a_full_disk(reports: Path) -> None:
    p = shell(f"$CLI parse {reports} > /dev/full")
    assert p.returncode == 3
    assert (
        one_line(p.stderr)
        == "cnreport: standard output: cannot write: No space left on device; free space, or write elsewhere with -o\n"
    )


def test_closed_standard_output(reports: Path) -> None:
    p = shell(f"$CLI parse {reports} >&-")
    assert p.returncode == 3
    assert one_line(p.stderr) == "cnreport: standard output is closed: write to a file with -o\n"


def test_closed_standard_input() -> None:
    p = shell("$CLI parse - <&-")
    assert p.returncode == 1
    assert (
        one_line(p.stderr)
        == "cnreport: -: standard input is closed: pipe a report into it, or name files instead of -\n"
    )


def test_ascii_terminal(tmp_path: Path) -> None:
    f = tmp_path / "桐溪镇.txt"
    f.write_text(TOWN_TEXT, encoding="utf-8")
    p = shell(f"$CLI parse {f} {tmp_path / '缺失.txt'}", env={"PYTHONIOENCODING": "ascii"})
    assert p.returncode == 1
    assert p.stdout.isascii()
    assert json.loads(p.stdout)["quantities"][0]["text"] == "8.7亿元"
    assert "\\u7f3a\\u5931.txt: no such file" in one_line(p.stderr)


def test_gbk_on_standard_input() -> None:
    p = shell("$CLI parse -", stdin=TOWN_TEXT.encode("gbk"))
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert [q["text"] for q in doc["quantities"]] == ["8.7亿元", "3.6%", "320户"]
    assert doc["title"] == "桐溪镇2020年上半年工作报告"


def test_garbage_on_standard_input() -> None:
    p = shell("$CLI parse -", stdin=bytes([0x80, 0xFF, 0x81, 0x20, 0xFE, 0xFF]) * 50)
    assert p.returncode == 1 and p.stdout == b""
    assert (
        one_line(p.stderr)
        == "cnreport: -: cannot tell the encoding (not UTF-8, UTF-16, GB18030 or Big5); name it: --encoding, encoding= in Python\n"
    )


def test_dev_zero_is_refused() -> None:
    p = shell("$CLI parse /dev/zero --max-bytes 1M")
    assert p.returncode == 1 and p.stdout == b""
    assert (
        one_line(p.stderr)
        == "cnreport: /dev/zero: larger than 1,000,000 bytes: split it, or raise the limit with --max-bytes\n"
    )


def test_reference_date_at_the_end_of_the_calendar() -> None:
    p = shell("$CLI parse - --reference-date 9999-12-31", stdin="明年新增企业5家，去年新增3家。".encode())
    assert p.returncode in (0, 1)
    if p.returncode == 1:
        assert one_line(p.stderr).startswith("cnreport: -: cannot be parsed (")
    else:
        assert p.stderr == b""
        assert [q["text"] for q in json.loads(p.stdout)["quantities"]] == ["5家", "3家"]


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)
        self.closed = False


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200) | st.text(max_size=60).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_any_bytes_on_standard_input_give_json_or_one_line(
    data: bytes, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    code, out, err = run(capsys, "parse", "-", "--with-text")
    if code == 0:
        report = Report.from_dict(json.loads(out))
        assert (report.text, err) == (decode(data)[0], "")
    else:
        assert code == 1 and out == "" and len(err.splitlines()) == 1 and err.startswith("cnreport: -: ")


def test_table_input_with_odd_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    table = tmp_path / "odd.parquet"
    rows = [{"doc_id": "d1", "id": 7, "text": TOWN_TEXT, "blob": b"\x00\x01", "at": dt.time(9, 30), "title": "原标题"}]
    pq.write_table(pa.Table.from_pylist(rows), table)
    code, out, err = run(capsys, "parse", str(table))
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["doc_id"] == "d1"
    assert doc["fields"] == {"id": 7, "blob": "b'\\x00\\x01'", "at": "09:30:00", "input_title": "原标题"}


# ---------------------------------------------------------------------------
# rule packs

PACK_TEXT = "累计排查隐患点位260处次，完成投资3.2亿元。"


def test_a_faulty_rule_pack_is_one_line_and_the_reports_are_parsed(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CNREPORT_NO_PACKS", "")  # restored after the test, whatever main() sets
    (pack / "measure_words.toml").write_bytes('[[measure]]\nword = "处次"\n'.encode("gb18030"))
    report = tmp_path / "a.txt"
    report.write_text(PACK_TEXT, encoding="utf-8")
    code, out, err = run(capsys, "parse", str(report), str(report))
    assert code == 0
    assert [[q["text"] for q in json.loads(line)["quantities"]] for line in out.splitlines()] == [
        ["260处", "3.2亿元"]
    ] * 2
    assert err == (
        f"cnreport: rule pack 'test_pack' left out, the built-in rules go on without it: {pack / 'measure_words.toml'} "
        "is not UTF-8 (byte 20): save it as UTF-8 (fix the pack, uninstall it, or set CNREPORT_NO_PACKS=1)\n"
    )


def test_no_packs_turns_a_pack_off(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CNREPORT_NO_PACKS", "")  # restored after the test, whatever main() sets
    (pack / "measure_words.toml").write_text(
        '[[measure]]\nword = "处次"\nexamples = [{ text = "排查点位260处次", span = "260处次", value = 260 }]\n',
        encoding="utf-8",
    )
    report = tmp_path / "a.txt"
    report.write_text(PACK_TEXT, encoding="utf-8")
    code, out, err = run(capsys, "parse", str(report))
    assert (code, err) == (0, "")
    assert [q["text"] for q in json.loads(out)["quantities"]] == ["260处次", "3.2亿元"]
    code, out, err = run(capsys, "parse", str(report), "--no-packs")
    assert (code, err) == (0, "")
    assert [q["text"] for q in json.loads(out)["quantities"]] == ["260处", "3.2亿元"]
    assert os.environ["CNREPORT_NO_PACKS"] == "1"  # for the worker processes of --jobs


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_installed_pack_that_fails_at_import_is_reported_once(tmp_path: Path, jobs: str) -> None:
    site = tmp_path / "site"
    dist = site / "flood_rules-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: flood-rules\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[cnreport.rules]\nflood = flood_rules:RULES\n", encoding="utf-8")
    (site / "flood_rules.py").write_text("import flood_rules_data\nRULES = '.'\n", encoding="utf-8")
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(PACK_TEXT, encoding="utf-8")
    files = " ".join(str(tmp_path / f"{i}.txt") for i in range(4))
    p = shell(f"$CLI parse {files} --jobs {jobs}", env={"PYTHONPATH": str(site)})
    assert p.returncode == 0
    assert [json.loads(line)["quantities"][1]["text"] for line in p.stdout.splitlines()] == ["3.2亿元"] * 4
    assert one_line(p.stderr) == (
        "cnreport: rule pack 'flood' left out, the built-in rules go on without it: its entry point "
        "'flood_rules:RULES' fails: ModuleNotFoundError: No module named 'flood_rules_data' "
        "(fix the pack, uninstall it, or set CNREPORT_NO_PACKS=1)\n"
    )
    quiet = shell(f"$CLI parse {files} --jobs {jobs} --no-packs", env={"PYTHONPATH": str(site)})
    assert (quiet.returncode, quiet.stderr) == (0, b"")
