from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnreport import NumberError, parse_number

# fmt: off
CASES = [
    ("六十一点五二亿", Decimal("6152000000")),
    ("两千零二十", Decimal(2020)),
    ("1.2万", Decimal(12000)),
    ("２．５", Decimal("2.5")),
    ("82,225.00", Decimal(82225)),
    ("三千万", Decimal(30000000)),
    ("两个亿", Decimal(200000000)),
    ("贰仟零贰拾", Decimal(2020)),
    ("兩萬", Decimal(20000)),
    ("一万二", Decimal(12000)),
    ("十", Decimal(10)),
    ("十二", Decimal(12)),
    ("零点五", Decimal("0.5")),
    ("二〇二〇", Decimal(2020)),
    ("6920.54万", Decimal(69205400)),
    ("1.2万亿", Decimal(1200000000000)),
    ("千", Decimal(1000)),
]
# fmt: on


@pytest.mark.parametrize(("text", "value"), CASES, ids=[c[0] for c in CASES])
def test_parse_number(text: str, value: Decimal) -> None:
    n = parse_number(text)
    assert n.value == value
    assert n.masked is False


@pytest.mark.parametrize("text", ["xx", "XX", "xx.xx", "x", "xxxx万"])
def test_masked(text: str) -> None:
    n = parse_number(text)
    assert n.value is None
    assert n.masked is True


@pytest.mark.parametrize("text", ["", "abc", "万元", "一企一策", "12a", "1.2.3", "点"])
def test_not_a_numeral_quotes_the_input(text: str) -> None:
    with pytest.raises(NumberError) as info:
        parse_number(text)
    assert repr(text) in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("text", ["一" * 20000, "1" * 200000])
def test_very_long_input_is_not_a_numeral(text: str) -> None:
    with pytest.raises(NumberError, match="longer than"):
        parse_number(text)


@pytest.mark.parametrize("bad", [None, 12, b"12", 1.5])
def test_wrong_type(bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        parse_number(bad)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**16 - 1), st.sampled_from(["low", "up"]))
def test_an2cn_round_trip(n: int, mode: str) -> None:
    assert parse_number(cn2an.an2cn(n, mode)).value == n


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_arabic_with_scale(n: int, cents: int) -> None:
    assert parse_number(f"{n}.{cents:02d}万").value == Decimal(f"{n}.{cents:02d}") * 10000
