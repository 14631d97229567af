"""cnreport.panel and `cnreport panel`: tidy rows, the duplicate rule, manifests, and the panel of the real reports."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import cnreport
from cnreport import Failure
from cnreport.cli import main
from cnreport.panel import COLUMNS, ManifestError, load_manifest

SHARED_REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports"

REVIEW_AND_PLAN = (
    "清河县2021年政府工作报告\n"
    "一、2020年工作回顾\n"
    "全年地区生产总值预计55亿元。全年地区生产总值完成56亿元，增长5.9%。"
    "一般公共预算收入完成3.1亿元。地区生产总值增长5.9%，好于预期。\n"
    "二、2021年工作安排\n"
    "地区生产总值增长6%以上，一般公共预算收入增长5%。\n"
)


def pick(rows: list[dict[str, Any]], *columns: str) -> list[tuple[Any, ...]]:
    return [tuple(r[c] for c in columns) for r in rows]


def test_rows_have_every_column_and_the_duplicate_rule() -> None:
    r = cnreport.parse(REVIEW_AND_PLAN, doc_id="qinghe-2021", reference_date=date(2021, 2, 1))
    rows = cnreport.panel([r])
    assert all(tuple(row) == COLUMNS for row in rows)
    assert pick(rows, "indicator", "value", "change", "status", "mentions", "conflicts") == [
        # the estimate (55亿元) gives way to the actual figure, quoted twice
        ("gdp", 5600000000, 5.9, "actual", 2, 0),
        ("general_public_budget_revenue", 310000000, None, "actual", 1, 0),
        # targets are rows of their own
        ("gdp", None, 6, "target", 1, 0),
        ("general_public_budget_revenue", None, 5, "target", 1, 0),
    ]
    first = rows[0]
    assert REVIEW_AND_PLAN[first["start"] : first["end"]].startswith("地区生产总值完成56亿元")
    # the region and year come from the title when nothing else gives them
    assert {(row["region"], row["year"]) for row in rows} == {("清河县", 2021)}


def test_a_change_on_the_period_before_is_a_row_of_its_own_and_a_from_to_pair_a_quote() -> None:
    text = (
        "一、2025年工作回顾\n全年社会消费品零售总额同比增长6.1%，环比下降0.4%。常住人口城镇化率达到58.1%。"
        "常住人口城镇化率由52.2%提高到58.1%。\n"
    )
    rows = cnreport.panel([cnreport.parse(text, doc_id="a")])
    got = sorted((r["name"], r["value"], r["change"], r["change_basis"], r["mentions"]) for r in rows)
    assert got == [
        ("常住人口城镇化率", 58.1, None, None, 2),
        ("社会消费品零售总额", None, -0.4, "previous_period", 1),
        ("社会消费品零售总额", None, 6.1, "year_on_year", 1),
    ]
    # a gap to another area is a row of its own beside the change on the year before
    text = "一、2024年工作回顾\n全年一般公共预算收入比全省平均水平高2个百分点。\n（一）财政\n全年一般公共预算收入增长8%。\n"
    rows = cnreport.panel([cnreport.parse(text, doc_id="b")])
    assert sorted((r["change"], r["change_basis"], r["change_against"]) for r in rows) == [
        (2, "comparison", "全省平均水平"),
        (8, "year_on_year", None),
    ]
    # a level with its gap to another area is that level quoted again
    text = "一、2024年工作回顾\n全县森林覆盖率达到45.2%，高于全省平均水平3.1个百分点。\n（一）生态\n全县森林覆盖率达到45.2%。\n"
    rows = cnreport.panel([cnreport.parse(text, doc_id="c")])
    assert [(r["value"], r["change"], r["mentions"]) for r in rows] == [(45.2, 3.1, 2)]


def test_without_the_rule_every_row_stays() -> None:
    r = cnreport.parse(REVIEW_AND_PLAN, doc_id="qinghe-2021")
    rows = cnreport.panel([r], dedupe=False)
    assert pick(rows, "indicator", "value", "change", "status") == [
        ("gdp", 5500000000, None, "estimate"),
        ("gdp", 5600000000, 5.9, "actual"),
        ("general_public_budget_revenue", 310000000, None, "actual"),
        ("gdp", None, 5.9, "actual"),
        ("gdp", None, 6, "target"),
        ("general_public_budget_revenue", None, 5, "target"),
    ]
    assert all(row["mentions"] == 1 for row in rows)


def test_disagreeing_figures_keep_the_first_and_count_the_others() -> None:
    text = "一、2020年工作回顾\n全年固定资产投资完成33.3亿元。全年固定资产投资完成35亿元。"
    rows = cnreport.panel([cnreport.parse(text, reference_date=date(2021, 2, 1))])
    assert pick(rows, "indicator", "value", "mentions", "conflicts") == [("fixed_asset_investment", 3330000000, 1, 1)]


def test_documents_are_never_merged_and_failures_are_skipped() -> None:
    a = cnreport.parse(REVIEW_AND_PLAN, doc_id="a")
    b = cnreport.parse(REVIEW_AND_PLAN, doc_id="b")
    failed = Failure(1, "x", "TypeError", "text must be str")
    rows = cnreport.panel([a, failed, b])
    assert [row["doc_id"] for row in rows] == ["a"] * 4 + ["b"] * 4


def test_manifest_gives_region_and_year_by_id_file_name_or_stem() -> None:
    reports = [
        cnreport.parse(REVIEW_AND_PLAN, doc_id=d) for d in ("reports/qinghe-2021.txt", "east.txt", "plain", "nobody")
    ]
    manifest: dict[str, dict[str, Any]] = {
        "qinghe-2021": {"region": "河北省保定市清河", "year": "2021"},
        "east.txt": {"region": "东区", "year": 2020},
        "plain": {"region": "", "year": None},
    }
    rows = cnreport.panel(reports, manifest=manifest)
    by_doc = {row["doc_id"]: (row["region"], row["year"]) for row in rows}
    assert by_doc == {
        "reports/qinghe-2021.txt": ("河北省保定市清河", 2021),
        "east.txt": ("东区", 2020),
        "plain": ("清河县", 2021),  # empty entries fall back to the title
        "nobody": ("清河县", 2021),
    }


def test_manifest_files(tmp_path: Path) -> None:
    as_list = tmp_path / "list.json"
    as_list.write_text(json.dumps([{"id": "a", "region": "甲县", "year": 2020}]), encoding="utf-8")
    as_object = tmp_path / "object.json"
    as_object.write_text(json.dumps({"a": {"region": "甲县", "year": 2020}}), encoding="utf-8")
    as_csv = tmp_path / "m.csv"
    as_csv.write_text("\ufeffid,region,year\na,甲县,2020\n", encoding="utf-8")
    assert load_manifest(as_list) == load_manifest(as_object) == {"a": {"id": "a", "region": "甲县", "year": 2020}}
    assert load_manifest(as_csv) == {"a": {"id": "a", "region": "甲县", "year": "2020"}}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.json", b'[{"region": 1}]', "entry 1 has no id"),
        ("m.json", b'[{"id": "a"}, {"id": "a"}]', "id 'a' appears twice (entries 1 and 2)"),
        ("m.json", b"{not json", "not valid JSON (line 1)"),
        ("m.json", b"[1, 2]", "expected a list of objects with id, region and year"),
        ("m.csv", "id,region\na,甲县\n".encode("gbk"), "not UTF-8; save the manifest as UTF-8"),
        ("m.xlsx", b"", "a manifest is a .json or .csv file"),
    ],
)
def test_bad_manifests_are_named(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_bad_arguments() -> None:
    with pytest.raises(TypeError, match="reports must be an iterable of Report, got one Report"):
        cnreport.panel(cnreport.parse("新增企业3家"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="manifest must be a mapping"):
        cnreport.panel([], manifest=[("a", {})])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="reports must be an iterable of Report, got NoneType"):
        cnreport.panel(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("item", ["新增企业3家", None, 7, {"doc_id": "a"}])
def test_an_item_that_is_no_report_is_refused_not_skipped(item: object) -> None:
    report = cnreport.parse(REVIEW_AND_PLAN, doc_id="a")
    with pytest.raises(TypeError, match=f"reports must hold Report .*got {type(item).__name__} at position 1"):
        cnreport.panel([report, item])


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2020, 2020),
        (2020.0, 2020),
        ("2020", 2020),
        (" 2020.0 ", 2020),
        ("２０２０", 2020),
        (None, 2021),
        ("", 2021),
        (float("nan"), 2021),
    ],
)
def test_a_manifest_year_may_be_written_as_pandas_writes_it(year: object, expected: int) -> None:
    report = cnreport.parse(REVIEW_AND_PLAN, doc_id="a")
    rows = cnreport.panel([report], manifest={"a": {"year": year}})
    assert {row["year"] for row in rows} == {expected}  # empty: the title's year


def test_a_manifest_year_may_come_out_of_numpy_or_pandas() -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    report = cnreport.parse(REVIEW_AND_PLAN, doc_id="a")
    for year, expected in [(np.int64(2020), 2020), (np.float64(2020.0), 2020), (pd.NA, 2021), (pd.NaT, 2021)]:
        rows = cnreport.panel([report], manifest={"a": {"year": year}})
        assert {row["year"] for row in rows} == {expected}, year


@pytest.mark.parametrize("year", ["abc", "2020.5", 2020.5, True, "二〇二〇", [2020], "1e3"])
def test_a_manifest_year_that_is_no_whole_number_is_an_error(year: object) -> None:
    report = cnreport.parse(REVIEW_AND_PLAN, doc_id="a")
    with pytest.raises(ValueError, match=f"manifest entry for 'a': the year {re.escape(repr(year))} is no year"):
        cnreport.panel([report], manifest={"a": {"year": year}})


def test_a_manifest_file_with_a_year_that_is_no_year_is_named(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("id,region,year\na,甲县,2020\nb,乙县,abc\n", encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert (
        str(info.value)
        == f"{path}: entry 2 (b): the year 'abc' is no year: give a whole number such as 2021, or leave it empty"
    )


# ---------------------------------------------------------------------------
# the command


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    root.mkdir()
    (root / "qinghe-2021.txt").write_text(REVIEW_AND_PLAN, encoding="utf-8")
    (root / "east-2020.txt").write_bytes(REVIEW_AND_PLAN.replace("清河县", "南湖区").encode("gbk"))
    (root / "manifest.csv").write_text("id,region,year\nqinghe-2021,河北省清河,2021\n", encoding="utf-8")
    return root


def test_panel_command_uses_the_manifest_inside_the_folder(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "panel.parquet"
    assert main(["panel", str(folder), "-o", str(out)]) == 0
    rows = pq.read_table(out).to_pylist()
    assert pick(rows, "doc_id", "region", "year", "indicator", "value", "status", "period_first_day") == [
        # no manifest entry and no date of its own: the headings date it (2020年工作回顾 → 2021)
        (str(folder / "east-2020.txt"), "南湖区", 2021, "gdp", 5600000000.0, "actual", date(2020, 1, 1)),
        (
            str(folder / "east-2020.txt"),
            "南湖区",
            2021,
            "general_public_budget_revenue",
            310000000.0,
            "actual",
            date(2020, 1, 1),
        ),
        (str(folder / "east-2020.txt"), "南湖区", 2021, "gdp", None, "target", date(2021, 1, 1)),
        (
            str(folder / "east-2020.txt"),
            "南湖区",
            2021,
            "general_public_budget_revenue",
            None,
            "target",
            date(2021, 1, 1),
        ),
        # the review section of a 2021 report looks back on 2020
        (str(folder / "qinghe-2021.txt"), "河北省清河", 2021, "gdp", 5600000000.0, "actual", date(2020, 1, 1)),
        (
            str(folder / "qinghe-2021.txt"),
            "河北省清河",
            2021,
            "general_public_budget_revenue",
            310000000.0,
            "actual",
            date(2020, 1, 1),
        ),
        (str(folder / "qinghe-2021.txt"), "河北省清河", 2021, "gdp", None, "target", date(2021, 1, 1)),
        (
            str(folder / "qinghe-2021.txt"),
            "河北省清河",
            2021,
            "general_public_budget_revenue",
            None,
            "target",
            date(2021, 1, 1),
        ),
    ]
    capsys.readouterr()


def test_panel_command_with_a_named_manifest_to_csv(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "other.json"
    manifest.write_text(json.dumps([{"id": "east-2020", "region": "东区", "year": 2020}]), encoding="utf-8")
    out = tmp_path / "panel.csv"
    assert main(["panel", str(folder), "-o", str(out), "--manifest", str(manifest)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    east = [line.split(",") for line in lines[1:] if "east-2020" in line]
    # every row of the document named in the manifest takes its region and year
    assert east and all(row[1:3] == ["东区", "2020"] for row in east)
    assert {row[COLUMNS.index("status")] for row in east if row[3] == "gdp"} == {"actual", "target"}


def test_panel_command_warns_of_a_manifest_with_no_region_or_year(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "other.csv"
    manifest.write_text("file,place,yr\neast-2020,东区,2020\n", encoding="utf-8")
    out = tmp_path / "panel.csv"
    assert main(["panel", str(folder), "-o", str(out), "--manifest", str(manifest), "--no-progress"]) == 0
    assert capsys.readouterr().err == (
        "cnreport: warning: the manifest gives no region, year or published value (columns: file, place, yr); "
        "region and year come from the reports' titles\n"
    )
    manifest.write_text("file,place\neast-2020,东区,2020\n", encoding="utf-8")  # a row longer than its header
    assert main(["panel", str(folder), "-o", str(out), "--manifest", str(manifest), "--no-progress"]) == 0
    assert "columns: file, place)" in capsys.readouterr().err
    manifest.write_text("file,region\neast-2020,东区\n", encoding="utf-8")  # one of them is enough
    assert main(["panel", str(folder), "-o", str(out), "--manifest", str(manifest), "--no-progress"]) == 0
    assert capsys.readouterr().err == ""


def test_panel_command_fails_a_table_row_whose_year_is_no_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "reports.csv"
    rows = [("a", REVIEW_AND_PLAN, "2021.0"), ("b", REVIEW_AND_PLAN, "n/a"), ("c", REVIEW_AND_PLAN, "")]
    with table.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("id", "text", "year"), *rows])
    out = tmp_path / "panel.csv"
    assert main(["panel", str(table), "-o", str(out), "--no-progress"]) == 1
    assert "the year 'n/a' is no year" in capsys.readouterr().err
    with out.open(encoding="utf-8") as f:
        years = {(row["doc_id"], row["year"]) for row in csv.DictReader(f)}
    assert years == {("a", "2021"), ("c", "2021")}  # c: the title's year


def test_panel_command_names_a_bad_manifest(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "manifest.csv").write_text("region,year\n甲县,2020\n", encoding="utf-8")
    assert main(["panel", str(folder), "-o", str(tmp_path / "panel.parquet")]) == 1
    assert capsys.readouterr().err == (
        f"cnreport: {folder / 'manifest.csv'}: entry 1 has no id (give an id, doc_id or file column); "
        "fix it or name another with --manifest\n"
    )


# ---------------------------------------------------------------------------
# the panel of ../shared/reports, checked against the texts by hand


@pytest.fixture(scope="module")
def real_panel(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    if not (SHARED_REPORTS / "manifest.json").is_file():
        pytest.skip("../shared/reports is not present")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path_factory.mktemp("panel") / "panel.parquet"
    assert main(["panel", str(SHARED_REPORTS), "-o", str(out), "--jobs", "2", "--no-progress"]) == 0
    rows = pq.read_table(out).to_pylist()
    by_key: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        by_key.setdefault((Path(row["doc_id"]).stem, row["indicator"] or row["name"], row["status"]), []).append(row)
    return by_key


def test_real_panel_covers_the_reports_with_the_manifest_regions(
    real_panel: dict[tuple[str, str, str], list[dict[str, Any]]],
) -> None:
    manifest = {e["id"]: e for e in json.loads((SHARED_REPORTS / "manifest.json").read_text(encoding="utf-8"))}
    docs = {stem for stem, _, _ in real_panel}
    assert len(docs) >= 75  # nearly every report states figures
    for rows in real_panel.values():
        for row in rows:
            entry = manifest[Path(row["doc_id"]).stem]
            assert (row["region"], row["year"]) == (entry["region"], entry["year"])


# Each value below was read off the report's text by hand.
# fmt: off
HAND_CHECKED = [
    # 全市生产总值达到5.67万亿元、增长5.4%
    ("prov-shanghai-2026", "gdp", "actual", "生产总值", {"value": 5.67e12, "unit": "CNY", "change": 5.4, "value_text": "5.67万亿元", "region": "上海市", "year": 2026}),
    # 地方一般公共预算收入达到8500亿元、增长1.5%
    ("prov-shanghai-2026", "general_public_budget_revenue", "actual", "一般公共预算收入", {"value": 8.5e11, "change": 1.5, "value_text": "8500亿元"}),
    # 预计全县生产总值完成56亿元，同比增长5.9% (a 2021 report on 2020)
    ("county-boye-2021", "gdp", "estimate", "生产总值", {"value": 5.6e9, "change": 5.9, "period_first_day": date(2020, 1, 1), "region": "河北省保定市博野"}),
    # 实际利用外资599万美元
    ("county-boye-2021", "foreign_capital_used", "estimate", "实际利用外资", {"value": 5.99e6, "unit": "USD"}),
    # 今年经济社会发展主要预期目标是：生产总值增长9%以上
    ("county-boye-2021", "gdp", "target", "生产总值", {"value": None, "change": 9.0, "period_first_day": date(2021, 1, 1)}),
    # 今年的主要预期目标是：地区生产总值同比增长6.5%以上
    ("county-tangxian-2022", "gdp", "target", "地区生产总值", {"change": 6.5, "period_first_day": date(2022, 1, 1), "year": 2022}),
    # 全省地区生产总值5.3万亿元、增长5.5%
    ("prov-anhui-2026", "gdp", "actual", "地区生产总值", {"value": 5300000000000.0, "change": 5.5, "period_first_day": date(2025, 1, 1), "region": "安徽省"}),
]
# fmt: on


@pytest.mark.parametrize(
    ("doc", "indicator", "status", "name", "expected"),
    HAND_CHECKED,
    ids=[f"{d}-{i}-{s}" for d, i, s, _, _ in HAND_CHECKED],
)
def test_real_panel_rows(
    real_panel: dict[tuple[str, str, str], list[dict[str, Any]]],
    doc: str,
    indicator: str,
    status: str,
    name: str,
    expected: dict[str, Any],
) -> None:
    # the name as written ends with the indicator's name (a lead-in such as 主要预期目标是: may precede it)
    rows = [
        r
        for r in real_panel[(doc, indicator, status)]
        if r["name"].endswith(name) and not r["name"].endswith("人均" + name)
    ]
    row = rows[0]
    assert {k: row[k] for k in expected} == expected
    text = (SHARED_REPORTS / f"{doc}.txt").read_text(encoding="utf-8")
    if row["value_text"] is not None:
        assert row["value_text"] in text[row["start"] : row["end"]]
