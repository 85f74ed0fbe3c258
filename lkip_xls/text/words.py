"""Numbers as a report writes them in words: counts ('6 (enam)'), terbilang, ordinals, values with their satuan."""

from __future__ import annotations

from decimal import Decimal

from ..core.numbers import Target, TargetKind, round2
from . import format as fmt
from . import spelling
from .messages import word

WORDS_LIMIT = Decimal(10) ** 30  # sen are said only for amounts below this

_PERCENT_UNITS = frozenset({"%", "persen", "percent", "(%)"})
_RUPIAH_UNITS = frozenset({"rp", "rp.", "rupiah", "idr"})
_DOLLAR_UNITS = frozenset({"us$", "usd", "us $", "$"})
_CARDINALS = {"id": spelling.indonesian, "en": spelling.english}
_ORDINALS = {"id": spelling.indonesian_ordinal, "en": spelling.english_ordinal}


def spell(number: int | Decimal, lang: str = "id") -> str:
    """A whole number in words: 6 -> 'enam' (as num2words writes it; text/spelling.py)."""
    return _CARDINALS[lang](int(number))


def terbilang(amount: Decimal | int, lang: str = "id") -> str | None:
    """A rupiah amount in words, as formal text writes it in parentheses:
    20771496520 -> 'dua puluh miliar tujuh ratus tujuh puluh satu juta empat ratus sembilan puluh enam ribu lima
    ratus dua puluh rupiah'; sen, when there are any, follow ('... rupiah empat puluh satu sen').
    None for an amount too large to say (like num2words, Indonesian stops below 10^36, English below 10^306)."""
    amount = Decimal(amount)
    whole = int(abs(amount))
    sen = int(round2((abs(amount) - whole) * 100)) if abs(amount) < WORDS_LIMIT else 0
    try:
        text = f"{spell(whole, lang)} {word('rupiah', lang)}"
    except OverflowError:
        return None
    if sen:
        text += f" {spell(sen, lang)} {word('sen', lang)}"
    return f"{word('minus', lang)} {text}" if amount < 0 else text


def counted(number: int | Decimal, lang: str = "id") -> str:
    """Digits plus words, as reports write counts: '6 (enam)'."""
    return f"{fmt.number(int(number), lang, 0)} ({spell(number, lang)})"


def ordinal(number: int, lang: str = "id") -> str:
    """An ordinal in words: 2 -> 'kedua'."""
    return _ORDINALS[lang](number)


def quantity(value: Decimal | None, unit: str | None, lang: str = "id") -> str:
    """A value with its satuan: 1,4%; Rp14.157.209.890; US$1.203.105.606,54; 1.695 Unit."""
    if value is None:
        return "-"
    key = (unit or "").strip().lower()
    if key in _PERCENT_UNITS:
        return fmt.number(value, lang) + "%"
    if key in _RUPIAH_UNITS:
        return fmt.rupiah(value, lang)
    if key in _DOLLAR_UNITS:
        return ("-" if value < 0 else "") + "US$" + fmt.number(abs(value), lang)
    text = fmt.number(value, lang)
    return f"{text} {unit.strip()}" if unit and unit.strip() else text


def target_quantity(target: Target | None, unit: str | None, lang: str = "id") -> str:
    """A target with its satuan: 1,3%; < 11%; 3 - 10%."""
    if target is None:
        return "-"
    if target.kind is TargetKind.RANGE:
        return f"{fmt.number(target.lower, lang)} - {quantity(target.upper, unit, lang)}"
    if target.kind is TargetKind.VALUE:
        return quantity(target.value, unit, lang)
    return f"{target.kind.value} {quantity(target.value, unit, lang)}"


def is_percent_unit(unit: str | None) -> bool:
    """A satuan that means percent, so that a change in it is said in percentage points."""
    return (unit or "").strip().lower() in _PERCENT_UNITS
