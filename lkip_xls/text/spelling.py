"""Whole numbers in words, Indonesian and English, by hand: the text num2words 0.5 writes, without importing it
(num2words loads every one of its ~50 languages on import: 10-15 ms of every `process`).

num2words stays the oracle of the tests (tests/test_spelling.py): the same words for every number, including where
it stops (OverflowError at 10^36 in Indonesian and 10^306 in English)."""

from __future__ import annotations

# ------------------------------------------------------------------------------------------------- Indonesian
_ID_DIGITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
# the name of 1000^k; beyond desiliun (10^33) num2words stops
_ID_SCALES = ("", "ribu", "juta", "miliar", "triliun", "kuadriliun", "kuantiliun", "sekstiliun", "septiliun",
              "oktiliun", "noniliun", "desiliun")
ID_LIMIT = 10 ** 36


def _id_below_100(n: int) -> list[str]:
    tens, unit = divmod(n, 10)
    if tens == 0:
        return [_ID_DIGITS[unit]] if unit else []
    if tens == 1:
        return ["sepuluh"] if unit == 0 else ["sebelas"] if unit == 1 else [_ID_DIGITS[unit], "belas"]
    return [_ID_DIGITS[tens], "puluh"] + ([_ID_DIGITS[unit]] if unit else [])


def _id_below_1000(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    head = [] if hundreds == 0 else ["seratus"] if hundreds == 1 else [_ID_DIGITS[hundreds], "ratus"]
    return head + _id_below_100(rest)


def indonesian(n: int) -> str:
    """0 -> 'nol', 1000 -> 'seribu', 1001000 -> 'satu juta satu ribu', -5 -> 'min lima'."""
    if n < 0:
        return "min " + indonesian(-n)
    if n >= ID_LIMIT:
        raise OverflowError(f"Number is too large to convert to words (abs({n}) > {ID_LIMIT}).")
    if n == 0:
        return "nol"
    groups = []  # groups of three digits, the highest first
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    groups.reverse()
    top = len(groups) - 1
    if top == 1 and groups[0] == 1:  # 1.xxx: 'seribu'; but 1.001.000 is 'satu juta satu ribu'
        words = ["seribu"] + _id_below_1000(groups[1])
    else:
        words = []
        for place, group in enumerate(groups):
            if group:
                words += _id_below_1000(group)
                if place < top:
                    words.append(_ID_SCALES[top - place])
    return " ".join(words)


def indonesian_ordinal(n: int) -> str:
    """1 -> 'pertama', 2 -> 'kedua', 100 -> 'keseratus'."""
    _check_ordinal(n)
    return "pertama" if n == 1 else "ke" + indonesian(n)


# ---------------------------------------------------------------------------------------------------- English
_EN_LOW = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
           "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _en_scales() -> tuple[str, ...]:
    """The name of 1000^k, k = 1..101: thousand, million, billion, ... novemnonagintillion, centillion (10^303);
    built the way num2words builds them (units + tens of the Latin names, then the irregular low ones)."""
    units = ["", "un", "duo", "tre", "quattuor", "quin", "sex", "sept", "octo", "novem"]
    tens = ["dec", "vigint", "trigint", "quadragint", "quinquagint", "sexagint", "septuagint", "octogint", "nonagint"]
    lows = ["m", "b", "tr", "quadr", "quint", "sext", "sept", "oct", "non"]
    regular = [unit + ten for ten in tens for unit in units]
    return ("thousand", *(stem + "illion" for stem in [*lows, *regular, "cent"]))


_EN_SCALES = _en_scales()
EN_LIMIT = 1000 ** (len(_EN_SCALES) + 1)  # 10^306
_EN_ORDINALS = {"one": "first", "two": "second", "three": "third", "four": "fourth", "five": "fifth",
                "six": "sixth", "seven": "seventh", "eight": "eighth", "nine": "ninth", "ten": "tenth",
                "eleven": "eleventh", "twelve": "twelfth"}


def _en_below_1000(n: int) -> str:
    if n < 20:
        return _EN_LOW[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _EN_TENS[tens] + ("-" + _EN_LOW[unit] if unit else "")
    hundreds, rest = divmod(n, 100)
    return f"{_EN_LOW[hundreds]} hundred" + (" and " + _en_below_1000(rest) if rest else "")


def english(n: int) -> str:
    """0 -> 'zero', 1001 -> 'one thousand and one', 1200300 -> 'one million, two hundred thousand, three hundred'."""
    if n < 0:
        return "minus " + english(-n)
    if n >= EN_LIMIT:
        raise OverflowError(f"abs({n}) must be less than {EN_LIMIT}.")
    if n < 1000:
        return _en_below_1000(n)
    groups = []  # groups of three digits, the lowest first
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    text = ""
    for place in range(len(groups) - 1, -1, -1):
        group = groups[place]
        if not group:
            continue
        part = _en_below_1000(group) + (" " + _EN_SCALES[place - 1] if place else "")
        if not text:
            text = part
        else:  # after a higher group: 'and' before what is left when it is below a hundred, a comma otherwise
            text += (" and " if place == 0 and group < 100 else ", ") + part
    return text


def english_ordinal(n: int) -> str:
    """1 -> 'first', 21 -> 'twenty-first', 100 -> 'one hundredth', 20 -> 'twentieth'."""
    _check_ordinal(n)
    head, _, last = english(n).rpartition(" ")
    stem, hyphen, word = last.rpartition("-")
    word = _EN_ORDINALS.get(word) or (word[:-1] + "ieth" if word.endswith("y") else word + "th")
    return (head + " " if head else "") + stem + hyphen + word


def _check_ordinal(n: int) -> None:
    if n != int(n):
        raise TypeError(f"Cannot treat float {n} as ordinal.")
    if n < 0:
        raise TypeError(f"Cannot treat negative num {n} as ordinal.")
