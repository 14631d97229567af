#!/usr/bin/env bash
# From a folder of reports to Parquet tables and a panel, with the command line.
#
#   bash examples/cli_to_parquet.sh [OUT]        (OUT defaults to ./cnreport-out)
#
# Needs cnreport with Parquet support: pip install 'cnreport[parquet]'.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-cnreport-out}"

# One Parquet file per table (quantities, entities, times, indicators, projects, sections,
# documents), every row with the document id. --jobs 2 parses in two processes.
cnreport parse "$here" -f parquet -o "$out/tables" --jobs 2 --no-progress

# The same reports as a region x year x indicator panel. The two examples carry their region
# and year in the title; a manifest.json or manifest.csv in the folder would take precedence.
cnreport panel "$here" -o "$out/panel.parquet" --no-progress

# Read the results back with pyarrow.
python - "$out" <<'PY'
import sys
from pathlib import Path

import pyarrow.parquet as pq

out = Path(sys.argv[1])
documents = pq.read_table(out / "tables" / "documents.parquet")
print("documents:", documents.num_rows)
for row in documents.select(["doc_id", "title", "published", "encoding"]).to_pylist():
    print(f"  {Path(row['doc_id']).name}\t{row['title']}\t{row['published']}\t{row['encoding']}")
indicators = pq.read_table(out / "tables" / "indicators.parquet")
print("indicators:", indicators.num_rows)
panel = pq.read_table(out / "panel.parquet").to_pylist()
print("panel rows:", len(panel))
for row in panel:
    if row["indicator"] and row["value"] is not None:
        print(f"  {row['region']}\t{row['year']}\t{row['indicator']}\t{row['value']:.0f} {row['unit']}\t{row['status']}")
PY
