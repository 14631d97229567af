"""Every example of every quantity rule entry, run as one test each."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cnreport.loader import quantity_rules
from cnreport.normalize import normalize
from cnreport.quantities import extract_quantities

EXAMPLES = quantity_rules().examples


def _id(ex):  # type: ignore[no-untyped-def]
    return ex.text


@pytest.mark.parametrize("example", EXAMPLES, ids=[_id(e) for e in EXAMPLES])
def test_quantity_rule_example(example) -> None:  # type: ignore[no-untyped-def]
    found = extract_quantities(normalize(example.text))
    if example.get("none"):
        assert found == (), f"{example.source}: expected no quantity, got {[q.text for q in found]}"
        return
    span = example.get("span", example.text)
    by_text = {q.text: q for q in found}
    assert span in by_text, f"{example.source}: {span!r} not found in {[q.text for q in found]}"
    q = by_text[span]
    assert example.text[q.start : q.end] == span
    if example.get("unit") is not None:
        assert q.unit == example.get("unit"), example.source
    if example.get("kind") is not None:
        assert q.kind.value == example.get("kind"), example.source
    masked = bool(example.get("masked", False))
    assert q.masked is masked
    if example.get("low") is not None or example.get("high") is not None:
        assert q.value is None
        assert q.low == Decimal(str(example.get("low")))
        assert q.high == Decimal(str(example.get("high")))
    elif masked:
        assert q.value is None
    else:
        assert q.value == Decimal(str(example.get("value")))
    assert (q.approx.value if q.approx else None) == example.get("approx")


def test_unit_and_measure_examples_check_kind_and_unit() -> None:
    checked = [ex for ex in EXAMPLES if ex.source.split(":")[1].strip().startswith(("unit", "measure"))]
    assert checked
    assert all(ex.get("none") or (ex.get("kind") and ex.get("unit")) for ex in checked)


def test_every_unit_entry_has_an_example() -> None:
    rules = quantity_rules()
    sources = {ex.source for ex in rules.examples}
    assert {u.where for u in rules.units} <= sources
