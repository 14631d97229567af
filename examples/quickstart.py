"""Parse the example half-year summary and print a few of its layers.

Run from the repository root:  .venv/bin/python examples/quickstart.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import cnreport
from cnreport import Kind

HERE = Path(__file__).resolve().parent


def main() -> None:
    text = (HERE / "zone_half_year_2021.txt").read_text(encoding="utf-8")
    report = cnreport.parse(text)

    print("money:")
    for q in report.quantities:
        if q.kind is Kind.MONEY:
            print(f"  {q.text}\t{q.unit}\t{q.value}")

    by_label: dict[str, list[str]] = defaultdict(list)
    for e in report.entities:
        by_label[e.label.value].append(e.text)
    print("entities:" if by_label else "entities: none found")
    for label, names in sorted(by_label.items()):
        print(f"  {label}: {'、'.join(names)}")

    print("json:", report.to_json()[:300])


if __name__ == "__main__":
    main()
