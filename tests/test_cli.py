from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnreport.cli import main


def test_parse_prints_one_json_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.txt"
    a.write_text("完成投资2.56亿元，新增企业12家。", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("\ufeff同比增长12.5%", encoding="utf-8")
    assert main(["parse", str(a), str(b)]) == 0
    lines = capsys.readouterr().out.splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["doc_id"] for d in docs] == [str(a), str(b)]
    assert [q["text"] for q in docs[0]["quantities"]] == ["2.56亿元", "12家"]
    assert docs[1]["quantities"][0]["value"] == 12.5
    assert docs[1]["text"] == "同比增长12.5%"


def test_unreadable_file_is_reported_and_others_still_parse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text("新增企业3家", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    missing = tmp_path / "missing.txt"
    assert main(["parse", str(bad), str(missing), str(good), "--no-text"]) == 1
    captured = capsys.readouterr()
    docs = [json.loads(line) for line in captured.out.splitlines()]
    assert [d["doc_id"] for d in docs] == [str(good)]
    assert "text" not in docs[0]
    assert "bad.txt" in captured.err and "missing.txt" in captured.err
