"""cnreport.dask on a real cluster of two worker processes gives what parse_many gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cnreport
from cnreport.tables import COLUMNS, TYPES, to_arrow

db = pytest.importorskip("dask.bag")
dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")

import cnreport.dask as cdask  # noqa: E402

TEXTS = [
    "一、上半年工作情况\n1-6月，园区完成规上工业总产值48.3亿元，同比增长9.6%。",
    "新签约项目12个，总投资86亿元；恒锐新材年产5万吨高性能树脂项目开工建设。",
    "",
    "全年新增市场主体1.2万户，城镇新增就业3200人，通顺河综合整治完工。",
    "二、下半年工作打算\n力争全年固定资产投资增长8%以上。",
    "今年以来，全镇招商引资到位资金xx亿元，新落户企业3-5家。",
]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def rows_of(frame: Any, name: str) -> list[dict[str, Any]]:
    """A computed table as plain rows, typed as pyarrow reads them."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    rows: list[dict[str, Any]] = table.select(
        list(cdask.DOCUMENT_TYPES if name == "documents" else TYPES[name])
    ).to_pylist()
    return rows


def expected(reports: list[Any], name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in reports:
        table = cnreport.tables(r)[name]
        if name == "documents":
            table = [{**row, "source": None, "encoding": None, "error": None} for row in table]
        rows.extend(table)
    typed: list[dict[str, Any]] = to_arrow(
        rows, cdask.DOCUMENT_TYPES if name == "documents" else TYPES[name]
    ).to_pylist()
    return typed


def test_tables_from_texts_equal_parse_many(client: Any) -> None:
    pairs = [(f"doc-{i}", t) for i, t in enumerate(TEXTS * 2)]
    frames = cdask.from_texts(db.from_sequence(pairs, npartitions=4))
    assert sorted(frames) == sorted(COLUMNS)
    computed = dask.compute(*frames.values())  # one parse per partition, on the cluster
    reports = list(cnreport.parse_many([t for _, t in pairs], doc_ids=[i for i, _ in pairs]))
    for name, frame in zip(frames, computed, strict=True):
        assert rows_of(frame, name) == expected(reports, name), name
    quantities = rows_of(computed[list(frames).index("quantities")], "quantities")
    assert [(q["doc_id"], q["text"], q["value"]) for q in quantities[:2]] == [
        ("doc-0", "48.3亿元", 4830000000.0),
        ("doc-0", "9.6%", 9.6),
    ]
    # the work really ran on the two worker processes
    assert len(client.scheduler_info()["workers"]) == 2


def test_plain_texts_get_partition_ids(client: Any) -> None:
    frames = cdask.from_texts(db.from_sequence(TEXTS[:4], npartitions=2))
    docs = frames["documents"].compute()  # type: ignore[no-untyped-call]
    assert list(docs["doc_id"]) == ["0:0", "0:1", "1:0", "1:1"]
    assert list(docs["chars"]) == [len(t) for t in TEXTS[:4]]


def test_tables_from_paths_read_on_the_workers(client: Any, tmp_path: Path) -> None:
    paths = []
    for i, text in enumerate(TEXTS):
        p = tmp_path / f"r{i}.txt"
        p.write_bytes(text.encode("gbk" if i % 2 else "utf-8"))
        paths.append(str(p))
    paths.append(str(tmp_path / "missing.txt"))
    frames = cdask.from_paths(db.from_sequence(paths, npartitions=3))
    documents, indicators = dask.compute(frames["documents"], frames["indicators"])
    docs = rows_of(documents, "documents")
    assert [(d["doc_id"], d["encoding"], d["error"]) for d in docs] == [
        *[(p, "gb18030" if i % 2 else "utf-8", None) for i, p in enumerate(paths[:-1])],
        (paths[-1], None, "no such file"),
    ]
    reports = list(cnreport.parse_many(TEXTS, doc_ids=paths[:-1]))
    assert rows_of(indicators, "indicators") == expected(reports, "indicators")


def test_an_item_of_a_bag_of_paths_that_is_no_path_is_an_error_of_its_own(client: Any, tmp_path: Path) -> None:
    # an int is no file descriptor here: read, it would take a worker's own stdin or socket
    p = tmp_path / "r.txt"
    p.write_text(TEXTS[1], encoding="utf-8")
    frames = cdask.from_paths(db.from_sequence([0, str(p), 3, None], npartitions=2))
    docs = rows_of(frames["documents"].compute(), "documents")
    assert [(d["doc_id"], d["error"]) for d in docs] == [
        ("0", "not a path: int"),
        (str(p), None),
        ("3", "not a path: int"),
        ("None", "not a path: NoneType"),
    ]


def test_not_a_bag() -> None:
    with pytest.raises(TypeError, match=r"expected a dask\.bag\.Bag, got list"):
        cdask.from_texts(TEXTS)  # type: ignore[arg-type]
