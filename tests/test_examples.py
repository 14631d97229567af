"""The shipped example reports parse as documented, and the quickstart runs."""

from __future__ import annotations

import runpy
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import cnreport

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_zone_report_headline_figures() -> None:
    r = cnreport.parse((EXAMPLES / "zone_half_year_2021.txt").read_text(encoding="utf-8"))
    assert (r.published, r.page_date) == (date(2021, 7, 16), date(2021, 7, 20))  # signed, then put online
    rows = {i.name: i for i in r.indicators if i.stance.value == "other"}
    out = rows["规上工业总产值"]
    assert out.indicator == "industrial_output_above_size"
    assert out.value is not None and out.value.value == Decimal("8647000000")
    assert out.change is not None and out.change.value == Decimal("23.6")
    assert out.period is not None and (out.period.first_day, out.period.last_day) == (
        date(2021, 1, 1),
        date(2021, 6, 30),
    )
    exports = rows["外贸出口"]
    assert exports.value is not None and (exports.value.unit, exports.value.value) == ("USD", Decimal(48300000))
    masked = [q.text for q in r.quantities if q.masked]
    assert "xx亿元" in masked and "XX家" in masked
    ranges = [(q.low, q.high) for q in r.quantities if q.text == "3-5家"]
    assert ranges[0] == (Decimal(3), Decimal(5))


def test_town_report_numerals() -> None:
    text = (EXAMPLES / "town_report_2020.txt").read_text(encoding="utf-8")
    r = cnreport.parse(text)
    by_text = {q.text: q for q in r.quantities}
    assert by_text["十余家"].value == Decimal(10) and by_text["十余家"].approx is cnreport.Approx.MORE_THAN
    assert all(text[q.start : q.end] == q.text for q in r.quantities)


def test_quickstart_runs(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLES / "quickstart.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "86.47亿元\tCNY\t8647000000" in out
    assert out.splitlines()[-1].startswith("json: {")


def _env_with_venv() -> dict[str, str]:
    """PATH with this interpreter's bin directory first, so `cnreport` and `python` are the ones under test."""
    import os
    import sys

    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_cli_to_parquet_example(tmp_path: Path) -> None:
    import subprocess

    pytest.importorskip("pyarrow")
    p = subprocess.run(
        ["bash", str(EXAMPLES / "cli_to_parquet.sh"), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=_env_with_venv(),
        timeout=300,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0] == "documents: 2"
    assert "  zone_half_year_2021.txt\t柳湾经济开发区2021年上半年工作总结与下半年工作打算\t2021-07-16\tutf-8" in lines
    assert "  柳湾经济开发区\t2021\tindustrial_output_above_size\t8647000000 CNY\tactual" in lines
    assert "  柳湾经济开发区\t2021\tindustrial_output_above_size\t18000000000 CNY\ttarget" in lines
    tables = sorted(f.name for f in (tmp_path / "out" / "tables").iterdir())
    assert tables == [
        f"{t}.parquet" for t in ("documents", "entities", "indicators", "projects", "quantities", "sections", "times")
    ]


def test_dask_example() -> None:
    import subprocess
    import sys

    pytest.importorskip("distributed")
    p = subprocess.run(
        [sys.executable, str(EXAMPLES / "dask_tables.py")], capture_output=True, text=True, timeout=300, check=False
    )
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert "  zone_half_year_2021.txt\t柳湾经济开发区2021年上半年工作总结与下半年工作打算\terror=<NA>" in lines
    assert (
        "  zone_half_year_2021.txt\t规上工业总产值\tindustrial_output_above_size\t8647000000.0\tCNY\t23.6\tactual"
        in lines
    )
