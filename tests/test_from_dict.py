"""``from_dict`` reads back what ``to_dict`` gave and refuses anything else with a clear error."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnreport
from cnreport import Quantity, Report

TEXT = "一、上半年工作情况\n1-6月，全区完成固定资产投资12.5亿元，同比增长8.2%；新签约项目6个，通顺河整治完工。"


@pytest.fixture
def data() -> dict[str, Any]:
    return cnreport.parse(TEXT, reference_date=date(2021, 7, 20), doc_id="zone-2021h1").to_dict()


def test_round_trip(data: dict[str, Any]) -> None:
    r = Report.from_dict(json.loads(json.dumps(data)))
    assert r == cnreport.parse(TEXT, reference_date=date(2021, 7, 20), doc_id="zone-2021h1")
    assert r.quantities[0].value == Decimal("1250000000")


def test_unknown_key_is_refused(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"Report\.from_dict: unknown key 'region'; Report has text, quantities"):
        Report.from_dict({**data, "region": "东湖区"})


def test_unknown_key_in_a_nested_item_names_its_path(data: dict[str, Any]) -> None:
    data["quantities"][1]["precision"] = 2
    with pytest.raises(ValueError, match=r"quantities\[1\]: unknown key 'precision'"):
        Report.from_dict(data)


@pytest.mark.parametrize(
    ("path", "value", "error", "message"),
    [
        (
            ("quantities", 0, "value"),
            "1250000000",
            TypeError,
            r"quantities\[0\]\.value must be a number, got str '1250000000'",
        ),
        (("quantities", 0, "start"), "3", TypeError, r"quantities\[0\]\.start must be an integer, got str"),
        (("quantities", 0, "start"), 3.0, TypeError, r"quantities\[0\]\.start must be an integer, got float"),
        (("quantities", 0, "start"), True, TypeError, r"quantities\[0\]\.start must be an integer, got bool"),
        (("quantities", 0, "masked"), 0, TypeError, r"quantities\[0\]\.masked must be true or false, got int"),
        (("quantities", 0, "kind"), "money2", ValueError, r"quantities\[0\]\.kind must be one of 'money', 'percent'"),
        (("quantities", 0, "text"), None, TypeError, r"quantities\[0\]\.text must not be null"),
        (("quantities", 0, "value"), float("nan"), ValueError, r"quantities\[0\]\.value must be a finite number"),
        (("quantities",), {"start": 0}, TypeError, r"Report\.quantities must be a list, got dict"),
        (("reference_date",), 20210720, TypeError, r"Report\.reference_date must be an ISO date string"),
        (("reference_date",), "2021-13-01", ValueError, r"Report\.reference_date must be an ISO date like"),
        (("text",), b"bytes", TypeError, r"Report\.text must be a string, got bytes"),
        (("indicators", 0, "change"), [8.2, "%"], TypeError, r"indicators\[0\]\.change needs a dict, got list"),
        (("sections", 0, "children"), "none", TypeError, r"sections\[0\]\.children must be a list, got str"),
        # offsets must point into the text, and an item's text be the text at its offsets
        (("quantities", 0, "start"), -5, ValueError, r"quantities\[0\]\.start and .*\.end must be offsets with 0 <= start <= end, got -5"),
        (("quantities", 0, "end"), 1, ValueError, r"must be offsets with 0 <= start <= end, got \d+ and 1"),
        (("quantities", 0, "end"), 10_000, ValueError, r"quantities\[0\]\.end is 10000, past the end of the text \(\d+ characters\)"),
        (("quantities", 0, "text"), "13.5亿元", ValueError, r"quantities\[0\]\.text is '13\.5亿元' but the text at \d+:\d+ is '12\.5亿元'"),
        (("indicators", 0, "value", "start"), 500, ValueError, r"indicators\[0\]\.value\.start and .* 0 <= start <= end, got 500"),
        (("sections", 0, "heading_end"), 9_999, ValueError, r"sections\[0\]\.heading_end is 9999, past the end of the text"),
        (("sections", 0, "start"), -1, ValueError, r"sections\[0\]\.start and .*\.end must be offsets"),
    ],
)
def test_wrong_types_are_refused(
    data: dict[str, Any], path: tuple[Any, ...], value: object, error: type[Exception], message: str
) -> None:
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(error, match=message):
        Report.from_dict(data)


def test_an_item_alone_needs_ordered_offsets() -> None:
    with pytest.raises(ValueError, match=r"Quantity\.start and Quantity\.end must be offsets with 0 <= start <= end, got 5 and 2"):
        Quantity.from_dict({"start": 5, "end": 2, "text": "8个", "kind": "count", "unit": "个"})


def test_missing_required_key_is_named() -> None:
    with pytest.raises(TypeError, match=r"Quantity\.from_dict: missing required keys 'kind', 'unit'"):
        Quantity.from_dict({"start": 0, "end": 2, "text": "8个"})
    with pytest.raises(TypeError, match=r"Report\.from_dict needs a dict, got list"):
        Report.from_dict([])  # type: ignore[arg-type]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["quantities", "sections", "indicators", "projects", "times", "entities", "text", "published"]),
    json_values,
)
def test_any_json_gives_a_report_or_a_clear_error(key: str, value: object) -> None:
    base = cnreport.parse(TEXT, reference_date=date(2021, 7, 20)).to_dict()
    base[key] = value
    try:
        Report.from_dict(base)
    except (TypeError, ValueError) as exc:
        assert str(exc).startswith(("Report", "Report.")), exc
