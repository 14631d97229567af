"""Reports on a Dask cluster: a bag of texts or of paths in, one Dask DataFrame per table out.

``from_texts(bag)`` takes a ``dask.bag.Bag`` of report texts (or of
``(doc_id, text)`` pairs); ``from_paths(bag)`` one of file paths, read and
decoded on the workers as ``cnreport parse`` reads files.  Both return a dict
of lazy Dask DataFrames keyed by table name: ``quantities``, ``entities``,
``times``, ``indicators``, ``projects``, ``sections`` and ``documents`` (one
row per input, with an ``error`` column for an input that could not be read or
parsed).  The columns are those of ``cnreport.tables`` with pyarrow-backed
types; every table is built from one parse of each partition, so compute the
tables you need together (``dask.compute(*frames.values())``) or ``persist``
them.  Needs ``pip install 'cnreport[dask]'``.

>>> import dask.bag as db
>>> import cnreport.dask
>>> frames = cnreport.dask.from_texts(db.from_sequence([("a", "新增企业8家。"), ("b", "完成投资1.2亿元。")]))
>>> frames["quantities"].compute(scheduler="sync")[["doc_id", "text", "value"]].to_dict("records")
[{'doc_id': 'a', 'text': '8家', 'value': 8.0}, {'doc_id': 'b', 'text': '1.2亿元', 'value': 120000000.0}]
"""

from __future__ import annotations

import operator
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from .batch import DEFAULT_MAX_BYTES, Failure, ReadError, parse_many, read_text
from .tables import COLUMNS, SOURCED_DOCUMENTS, TYPES, ColumnType, tables, to_arrow

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = ["DOCUMENT_TYPES", "from_paths", "from_texts"]

DOCUMENT_TYPES: dict[str, ColumnType] = dict(SOURCED_DOCUMENTS)
"""The columns of the ``documents`` table here: those of ``cnreport.tables`` and where each input came from."""


def _types(name: str) -> dict[str, ColumnType]:
    return DOCUMENT_TYPES if name == "documents" else TYPES[name]


def _frame(name: str, rows: list[dict[str, Any]]) -> pandas.DataFrame:
    import pandas as pd

    return to_arrow(rows, _types(name)).to_pandas(types_mapper=pd.ArrowDtype)


def _partition(
    items: Iterable[Any],
    partition: int,
    paths: bool,
    reference_date: date | None,
    gazetteer: Mapping[str, Iterable[str]] | None,
    encoding: str | None,
    max_bytes: int,
) -> dict[str, pandas.DataFrame]:
    """Parse one partition: every table as a pandas DataFrame."""
    docs: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        doc: dict[str, Any] = {"source": None, "encoding": None, "error": None, "text": None}
        if paths:
            doc["doc_id"] = doc["source"] = str(item)
            try:
                doc["text"], doc["encoding"] = read_text(item, encoding=encoding, max_bytes=max_bytes)
            except ReadError as exc:
                doc["error"] = str(exc)
            except TypeError:
                doc["error"] = f"not a path: {type(item).__name__}"
        elif isinstance(item, tuple | list) and len(item) == 2:
            doc["doc_id"], doc["text"] = str(item[0]), item[1]
        else:
            doc["doc_id"], doc["text"] = f"{partition}:{i}", item
        docs.append(doc)
    readable = [d for d in docs if d["error"] is None]
    results = parse_many(
        [d["text"] for d in readable],
        reference_date=reference_date,
        gazetteer=gazetteer,
        doc_ids=[d["doc_id"] for d in readable],
    )
    for doc, parsed in zip(readable, results, strict=True):
        doc["result"] = parsed
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in COLUMNS}
    for doc in docs:
        meta = {"doc_id": doc["doc_id"], "source": doc["source"], "encoding": doc["encoding"], "error": doc["error"]}
        result = doc.get("result")
        if isinstance(result, Failure):
            meta["error"] = f"{result.error}: {result.message}"
        elif result is not None:
            for name, table_rows in tables(result).items():
                if name == "documents":
                    meta = {**table_rows[0], **meta}
                else:
                    rows[name].extend(table_rows)
        rows["documents"].append(meta)
    return {name: _frame(name, rows[name]) for name in COLUMNS}


def _frames(
    bag: dask.bag.Bag,
    paths: bool,
    reference_date: date | None,
    gazetteer: Mapping[str, Iterable[str]] | None,
    encoding: str | None,
    max_bytes: int,
) -> dict[str, dask.dataframe.DataFrame]:
    try:
        import dask.bag as db
        import dask.dataframe as dd
        from dask.delayed import delayed
    except ImportError:
        raise ImportError("cnreport.dask needs Dask: pip install 'cnreport[dask]'") from None
    if not isinstance(bag, db.Bag):
        raise TypeError(f"expected a dask.bag.Bag, got {type(bag).__name__}: make one with dask.bag.from_sequence")
    from .report import _check_gazetteer, _check_reference

    reference = _check_reference(reference_date)
    names = _check_gazetteer(gazetteer)
    parsed = [
        delayed(_partition, pure=True)(part, i, paths, reference, names, encoding, max_bytes)
        for i, part in enumerate(typing.cast(Any, bag).to_delayed())
    ]
    return {
        name: dd.from_delayed(
            [delayed(operator.getitem, pure=True)(p, name) for p in parsed], meta=_frame(name, []), verify_meta=False
        )
        for name in COLUMNS
    }


def from_texts(
    bag: dask.bag.Bag,
    *,
    reference_date: date | None = None,
    gazetteer: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, dask.dataframe.DataFrame]:
    """One Dask DataFrame per table from a bag of texts, or of ``(doc_id, text)`` pairs.

    A text without an id gets ``"<partition>:<position>"``.  ``reference_date``
    and ``gazetteer`` are as for ``cnreport.parse``.
    """
    return _frames(bag, False, reference_date, gazetteer, None, DEFAULT_MAX_BYTES)


def from_paths(
    bag: dask.bag.Bag,
    *,
    reference_date: date | None = None,
    gazetteer: Mapping[str, Iterable[str]] | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, dask.dataframe.DataFrame]:
    """One Dask DataFrame per table from a bag of file paths, read on the workers.

    Each path is its report's ``doc_id``.  Files are decoded as by
    ``cnreport.batch.read_text`` (``encoding`` forces one); a file that cannot
    be read, or is larger than ``max_bytes``, has its reason in the
    ``documents`` table's ``error`` column and no other rows.
    """
    return _frames(bag, True, reference_date, gazetteer, encoding, max_bytes)
