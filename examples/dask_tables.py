"""Parse the example reports on a Dask cluster and print their indicator table.

Run from the repository root:  .venv/bin/python examples/dask_tables.py
Needs: pip install 'cnreport[dask]'.  Point ``Client`` at a real scheduler address
(``Client("tcp://scheduler:8786")``) to run the same code on a cluster.
"""

from __future__ import annotations

from pathlib import Path

import dask
import dask.bag as db
from distributed import Client, LocalCluster

import cnreport.dask

HERE = Path(__file__).resolve().parent


def main() -> None:
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster):
        paths = db.from_sequence(sorted(str(p) for p in HERE.glob("*.txt")), npartitions=2)
        frames = cnreport.dask.from_paths(paths)  # read, decoded and parsed on the workers
        documents, indicators = dask.compute(frames["documents"], frames["indicators"])
    print("documents:")
    for row in documents[["doc_id", "title", "error"]].itertuples(index=False):
        print(f"  {Path(row.doc_id).name}\t{row.title}\terror={row.error}")
    named = indicators[indicators.indicator.notna()]
    print(f"indicators: {len(indicators)} rows, {len(named)} with a canonical id:")
    columns = ["doc_id", "name", "indicator", "value", "unit", "change", "period", "status"]
    for row in named[columns].itertuples(index=False):
        fields = [Path(row.doc_id).name, row.name, row.indicator, row.value, row.unit, row.change, row.status]
        print("  " + "\t".join(str(f) for f in fields))


if __name__ == "__main__":
    main()
