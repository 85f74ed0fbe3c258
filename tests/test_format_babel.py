"""text.format writes numbers by hand; Babel (the library it replaced) is the oracle: the same text for every value."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from lkip_xls.core.numbers import quantize
from lkip_xls.text import format as text_format


def babel_number(value, lang: str = "id", places: int | None = None) -> str:
    """text.format.number as it was, through Babel."""
    if value is None:
        return "-"
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if places is None:
        value = quantize(value, Decimal("0.0001"))
        value = value.to_integral_value() if value == value.to_integral_value() else value.normalize()
        pattern = "#,##0.####"
    else:
        value = quantize(value, Decimal(1).scaleb(-places))
        pattern = "#,##0." + "0" * places if places else "#,##0"
    with localcontext() as context:
        context.prec = max(context.prec, value.adjusted() + 8)
        text = format_decimal(value, format=pattern, locale=text_format._LOCALES[lang], decimal_quantization=False)
    # the one deliberate difference: a value that rounds to zero is written without Babel's minus sign
    return text.removeprefix("-") if value == 0 else text


decimals = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-10**15, max_value=10**15),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e26"), max_value=Decimal("1e26")),
    st.integers(min_value=-10**20, max_value=10**20).map(Decimal),
    st.sampled_from([Decimal(text) for text in ("0", "-0", "-0.001", "0.005", "-0.005", "0.00005", "999.995",
                                                "999999.99999", "1E+3", "1E+24", "-1E-7", "123456789.125")]),
)


@settings(max_examples=3000, deadline=None)
@given(value=decimals, lang=st.sampled_from(["id", "en"]), places=st.sampled_from([None, 0, 1, 2, 4]))
def test_number_is_babels_text(value, lang, places):
    assert text_format.number(value, lang, places) == babel_number(value, lang, places)


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(st.integers(min_value=-10**12, max_value=10**12),
                       st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)),
       lang=st.sampled_from(["id", "en"]), places=st.sampled_from([None, 0, 2]))
def test_ints_and_floats_too(value, lang, places):
    assert text_format.number(value, lang, places) == babel_number(value, lang, places)


@pytest.mark.parametrize("value, lang, expected", [
    (Decimal("20771496520"), "id", "Rp20.771.496.520"),
    (Decimal("-1234.5"), "id", "-Rp1.234,50"),
    (Decimal("1234.5"), "en", "Rp1,234.50"),
])
def test_rupiah(value, lang, expected):
    assert text_format.rupiah(value, lang) == expected


def test_percent_and_negative_zero():
    assert text_format.percent(Decimal("70.355"), "id") == "70,36%"
    assert text_format.percent(Decimal("-0.001"), "en") == "0.00%"  # Babel: "-0.00%"
    assert text_format.number(Decimal("-0.00004"), "id") == "0" and text_format.percent(Decimal("-0.01")) == "-0,01%"


def test_formatting_loads_no_babel():
    import subprocess
    import sys
    probe = ("import sys; from decimal import Decimal; from lkip_xls.text import format as f; "
             "f.number(Decimal('1234.5')); print('babel' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
