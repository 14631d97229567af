"""cnreport inside a spaCy pipeline, and the review page of the same report.

Run from the repository root (needs the spacy extra: pip install -e ".[spacy]"):

    .venv/bin/python examples/spacy_pipeline.py              # prints spans, entities, money
    .venv/bin/python examples/spacy_pipeline.py review.html  # also writes the review page
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import spacy

import cnreport

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> None:
    text = (HERE / "zone_half_year_2021.txt").read_text(encoding="utf-8")

    # cnreport's tokens (jieba with the library's lexicon) and the component
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "cnreport.Tokenizer.v1"}}})
    nlp.add_pipe("cnreport")
    doc = nlp(text)

    print(f"{len(doc)} tokens, {len(doc.spans['cnreport'])} spans, {len(doc.ents)} entities in doc.ents")
    print("spans by label:", dict(sorted(Counter(s.label_ for s in doc.spans["cnreport"]).items())))
    print("projects:")
    for ent in doc.ents:
        if ent.label_ == "PROJECT":
            print(f"  {ent.text}  [{ent.start_char}:{ent.end_char}]")
    print("money over 1亿元:")
    for span in doc.spans["cnreport"]:
        q = span._.cnreport
        if span.label_ == "MONEY" and q.value is not None and q.value >= 100_000_000:
            print(f"  {span.text}\t{q.value} {q.unit}\ttokens {span.start}-{span.end}")

    # the Report is on the Doc: its indicator rows are there too
    report = doc._.cnreport
    print(f"indicators: {len(report.indicators)}, projects: {len(report.projects)}")

    if argv:
        out = Path(argv[0])
        out.write_text(cnreport.render(report), encoding="utf-8")
        print(f"review page: {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
