"""text.spelling writes numbers in words by hand; num2words (the library it replaced) is the oracle: the same words
for every whole number, the same ordinals, and an OverflowError where num2words stops."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from lkip_xls.core.numbers import round2
from lkip_xls.text import spelling
from lkip_xls.text.messages import word
from lkip_xls.text.words import WORDS_LIMIT, counted, ordinal, spell, terbilang

LIMITS = {"id": 10 ** 36, "en": 10 ** 306}
LANGS = st.sampled_from(["id", "en"])


def oracle(number: int, lang: str, to: str = "cardinal") -> str:
    try:
        return num2words(number, lang=lang, to=to)
    except OverflowError:
        return "OverflowError"


def ours(number: int, lang: str) -> str:
    try:
        return spell(number, lang)
    except OverflowError:
        return "OverflowError"


def edges() -> list[int]:
    """0, 1, 10, 11, 100, ..., every power of ten and its neighbours up to past the English limit, digit patterns
    that exercise 'seribu', 'sebelas', 'and' and the comma."""
    numbers = {0, 1, 10, 11, 12, 19, 20, 21, 99, 100, 101, 110, 111, 999, 1000, 1001, 1010, 1100, 1111, 10_001,
               100_001, 1_000_001, 1_001_000, 1_000_100, 1_011_000, 2_000_011, 11_000, 111_111_111}
    for exponent in range(0, 310):
        numbers.update({10 ** exponent - 1, 10 ** exponent, 10 ** exponent + 1, 10 ** exponent + 99,
                        10 ** exponent + 100, 7 * 10 ** exponent, 10 ** exponent + 1000})
    return sorted(numbers)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_edges_are_num2words_words(lang):
    assert [ours(n, lang) for n in edges()] == [oracle(n, lang) for n in edges()]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_first_hundred_thousand_are_num2words_words(lang):
    """Every number a count, a budget line in thousands or a sen can be, word for word."""
    assert [n for n in range(100_000) if spell(n, lang) != num2words(n, lang=lang)] == []


@settings(max_examples=3000, deadline=None)
@given(number=st.one_of(st.integers(0, 10 ** 15), st.integers(0, 10 ** 36 + 10 ** 30), st.integers(0, 10 ** 310),
                        st.integers(0, 300).flatmap(lambda digits: st.integers(0, 10 ** digits))),
       lang=LANGS)
def test_every_whole_number_is_num2words_words(number, lang):
    assert ours(number, lang) == oracle(number, lang)


@settings(max_examples=500, deadline=None)
@given(number=st.integers(-(10 ** 36) + 1, -1), lang=LANGS)
def test_negative_numbers_too(number, lang):
    assert spell(number, lang) == num2words(number, lang=lang)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_where_num2words_stops_we_stop(lang):
    limit = LIMITS[lang]
    assert spell(limit - 1, lang) == num2words(limit - 1, lang=lang)
    for number in (limit, limit + 1, 10 * limit):
        with pytest.raises(OverflowError):
            num2words(number, lang=lang)
        with pytest.raises(OverflowError):
            spell(number, lang)
    assert terbilang(Decimal(limit), lang) is None and terbilang(Decimal(-limit), lang) is None
    below = Decimal(limit) - Decimal(limit).scaleb(-3)  # 999 followed by zeros: exact within 28 digits
    assert terbilang(below, lang) == f"{num2words(int(below), lang=lang)} {word('rupiah', lang)}"
    # 10^n - 1 with more than 28 nines: abs() rounds it to 10^n, past the limit, with num2words as without
    for amount in (Decimal(limit - 1), Decimal(-limit + 1)):
        assert terbilang(amount, lang) is None and terbilang_through_num2words(amount, lang) is None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_ordinals_are_num2words_ordinals(lang):
    numbers = [*range(0, 2000), *edges()]
    numbers = [n for n in numbers if n < LIMITS[lang]]
    assert [ordinal(n, lang) for n in numbers] == [num2words(n, lang=lang, to="ordinal") for n in numbers]


@settings(max_examples=500, deadline=None)
@given(number=st.integers(0, 10 ** 36 - 1), lang=LANGS)
def test_any_ordinal_is_num2words_ordinal(number, lang):
    assert ordinal(number, lang) == num2words(number, lang=lang, to="ordinal")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_negative_ordinal_is_refused_like_num2words(lang):
    with pytest.raises(TypeError):
        num2words(-1, lang=lang, to="ordinal")
    with pytest.raises(TypeError):
        ordinal(-1, lang)


def terbilang_through_num2words(amount: Decimal, lang: str) -> str | None:
    """words.terbilang as it was, through num2words."""
    whole = int(abs(amount))
    sen = int(round2((abs(amount) - whole) * 100)) if abs(amount) < WORDS_LIMIT else 0
    try:
        text = f"{num2words(whole, lang=lang)} {word('rupiah', lang)}"
    except OverflowError:
        return None
    if sen:
        text += f" {num2words(sen, lang=lang)} {word('sen', lang)}"
    return f"{word('minus', lang)} {text}" if amount < 0 else text


@settings(max_examples=1000, deadline=None)
@given(amount=st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10 ** 15,
                                    max_value=10 ** 15),
                        st.integers(-(10 ** 40), 10 ** 40).map(Decimal)), lang=LANGS)
def test_terbilang_is_num2words_words(amount, lang):
    assert terbilang(amount, lang) == terbilang_through_num2words(amount, lang)


def test_known_texts():
    assert terbilang(Decimal("20771496520")) == ("dua puluh miliar tujuh ratus tujuh puluh satu juta empat ratus "
                                                 "sembilan puluh enam ribu lima ratus dua puluh rupiah")
    assert spell(1000) == "seribu" and spell(1_001_000) == "satu juta satu ribu" and spell(11) == "sebelas"
    assert spell(1001, "en") == "one thousand and one"
    assert spell(1_200_300, "en") == "one million, two hundred thousand, three hundred"
    assert ordinal(1) == "pertama" and ordinal(2) == "kedua" and ordinal(2, "en") == "second"
    assert ordinal(20, "en") == "twentieth" and ordinal(101, "en") == "one hundred and first"
    assert counted(6) == "6 (enam)" and counted(Decimal(1500), "en") == "1,500 (one thousand, five hundred)"
    assert spelling.english(10 ** 303) == "one centillion"


def test_spelling_loads_no_num2words():
    import subprocess
    import sys
    probe = ("import sys; from lkip_xls.text import words; words.terbilang(1234); words.ordinal(2, 'en'); "
             "print('num2words' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
