from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from functools import cache
from typing import Any

import cn2an
import pytest
from hypothesis import given, settings
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


# fmt: off
# Every numeral form a report, a contract or a reader writes.
FORMS = [
    ("肆佰叁拾萬", Decimal(4300000)),          # upper-case financial numerals, traditional 萬
    ("贰仟", Decimal(2000)),
    ("壹万二千三百四十五", Decimal(12345)),    # upper and lower case mixed
    ("陆拾", Decimal(60)),
    ("兩億", Decimal(200000000)),              # traditional
    ("參", None),                              # not a digit in simplified text: an error below
    ("负3.9", Decimal("-3.9")),                # signs
    ("-22.2", Decimal("-22.2")),
    ("－12", Decimal(-12)),
    ("−0.5", Decimal("-0.5")),
    ("负三点五", Decimal("-3.5")),
    ("两个半", Decimal("2.5")),                # halves
    ("一个半", Decimal("1.5")),
    ("十五半", Decimal("15.5")),
    ("半", Decimal("0.5")),
    ("百亿", Decimal(10000000000)),            # magnitude words
    ("千万", Decimal(10000000)),
    ("万亿", Decimal(1000000000000)),
    ("一万五", Decimal(15000)),                # colloquial
    ("三百五", Decimal(350)),
    ("零点一二三四五六七八九一二三四五六七八", Decimal("0.12345678912345678")),  # no float on the way
]
# fmt: on


@pytest.mark.parametrize(("text", "value"), [f for f in FORMS if f[1] is not None], ids=[f[0] for f in FORMS if f[1]])
def test_every_numeral_form(text: str, value: Decimal) -> None:
    assert parse_number(text).value == value


@pytest.mark.parametrize("text", ["參", "亿万", "百千万", "半半", "负"])
def test_not_numerals(text: str) -> None:
    with pytest.raises(NumberError):
        parse_number(text)


def test_values_do_not_depend_on_the_callers_decimal_context() -> None:
    """A caller's precision, rounding or traps never change a value (issue 12)."""
    import decimal

    import cnreport

    with decimal.localcontext() as ctx:
        ctx.prec = 4
        assert parse_number("12345.6万").value == Decimal(123456000)
        assert [q.value for q in cnreport.parse("到位资金12345.6万元").quantities] == [Decimal(123456000)]
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.Inexact] = True
        ctx.traps[decimal.Rounded] = True
        ctx.prec = 4
        assert [q.value for q in cnreport.parse("到位资金12345.6万元，占三分之一").quantities] == [
            Decimal(123456000), Decimal("0.333333333333333"),
        ]


def test_thirty_nines_and_a_scale_stay_exact() -> None:
    assert parse_number("9" * 30 + "亿").value == Decimal("9" * 30 + "00000000")
    assert parse_number("9" * 30 + "万亿").value == Decimal("9" * 30 + "0" * 12)


@pytest.mark.parametrize("mark", ["\u0301", "\u20e3", "\ufe0f", "\u200b", "\u00ad"])
def test_a_combining_mark_inside_a_number_drops_no_digit(mark: str) -> None:
    import cnreport

    assert parse_number(f"12{mark}345万").value == Decimal(123450000)
    text = f"投资12{mark}345万元"
    (q,) = cnreport.parse(text).quantities
    assert (q.value, q.text, text[q.start : q.end]) == (Decimal(123450000), f"12{mark}345万元", q.text)


@given(st.integers(min_value=1, max_value=10**12), st.sampled_from(["负", "-", "－", "−"]))
def test_signs(n: int, sign: str) -> None:
    assert parse_number(f"{sign}{n}").value == -n
    assert parse_number(f"{sign}{cn2an.an2cn(n, 'low')}").value == -n


@given(st.integers(min_value=0, max_value=10**9))
def test_halves(n: int) -> None:
    assert parse_number(f"{cn2an.an2cn(n, 'low')}个半").value == Decimal(n) + Decimal("0.5")


@cache
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_upper_case_traditional_and_full_width_give_the_same_value(n: int) -> None:
    s2t = _s2t()
    full = str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert parse_number(s2t.convert(cn2an.an2cn(n, "up"))).value == n
    assert parse_number(s2t.convert(cn2an.an2cn(n, "low"))).value == n
    assert parse_number(full).value == n


def test_cn2an_is_loaded_only_for_a_chinese_numeral_that_needs_it() -> None:
    # cn2an takes about 0.4 s to import: a process that meets only Arabic numbers never pays it
    code = (
        "import sys, cnreport\n"
        "a = cnreport.parse('全年完成投资1.5亿元，增长8%。')\n"
        "before = 'cn2an' in sys.modules\n"
        "b = cnreport.parse_number('三千二百零五')\n"
        "print(before, 'cn2an' in sys.modules, b.value)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "3205"]
