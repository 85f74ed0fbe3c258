"""Numbers, money, percentages and targets as people read them: the Indonesian way in Indonesian text
(1.234.567,89; 70,36%; Rp20.771.496.520), the English way in English. Written by hand: Babel's output for
these locales and patterns (tests/test_format_babel.py compares them), without loading its locale data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..core.model import Percent, Rupiah
from ..core.numbers import Target, TargetKind, quantize

LANGS = ("id", "en")
_LOCALES = {"id": "id_ID", "en": "en_US"}  # the Babel/CLDR locales whose symbols _SYMBOLS copies
_SYMBOLS = {"id": (".", ","), "en": (",", ".")}  # (thousands separator, decimal mark)


def _grouped(value: Decimal, lang: str) -> str:
    """`value` in plain notation with its own digits (no rounding): Babel's "#,##0.###" with
    decimal_quantization=False, where the pattern's fraction digits are already in the value."""
    group, mark = _SYMBOLS[lang]
    text = format(value.copy_abs(), "f")
    whole, _, fraction = text.partition(".")
    if len(whole) > 3:
        head = len(whole) % 3 or 3
        whole = whole[:head] + "".join(group + whole[i:i + 3] for i in range(head, len(whole), 3))
    # a value that rounds to zero has no sign: "-0,00%" reads as a loss where there is none (Babel keeps it)
    return ("-" if value.is_signed() and value != 0 else "") + whole + (mark + fraction if fraction else "")


def number(value: Decimal | int | float | None, lang: str = "id", places: int | None = None) -> str:
    """A plain number; `places=None` keeps up to 4 decimals and drops trailing zeros."""
    if value is None:
        return "-"
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if places is None:
        value = quantize(value, Decimal("0.0001"))
        value = value.to_integral_value() if value == value.to_integral_value() else value.normalize()
    else:
        value = quantize(value, Decimal(1).scaleb(-places))
    return _grouped(value, lang)


def percent(value: Decimal | None, lang: str = "id") -> str:
    return "-" if value is None else number(value, lang, 2) + "%"


def rupiah(value: Decimal | None, lang: str = "id") -> str:
    if value is None:
        return "-"
    places = 0 if value == value.to_integral_value() else 2
    text = number(abs(value), lang, places)
    return ("-" if value < 0 else "") + "Rp" + text


def target_text(target: Target, lang: str = "id") -> str:
    if target.kind is TargetKind.RANGE:
        return f"{number(target.lower, lang)} - {number(target.upper, lang)}"
    prefix = "" if target.kind is TargetKind.VALUE else target.kind.value + " "
    return prefix + number(target.value, lang)


QUOTE_LIMIT = 500  # characters of agency text (a Kode, a unit's name) quoted in one message


def param_text(value: Any, lang: str) -> Any:
    """A finding parameter as its message shows it: money, percentages, targets and numbers formatted; agency
    text shortened to QUOTE_LIMIT, so that a message stays within what one Excel cell holds (32.767
    characters) in Pemeriksaan, the cell comments and the state sheet."""
    if isinstance(value, str) and len(value) > QUOTE_LIMIT:
        return value[: QUOTE_LIMIT - 1] + "…"
    if value is None:
        return "-"
    if isinstance(value, Target):
        return target_text(value, lang)
    if isinstance(value, Rupiah):
        return rupiah(value, lang)
    if isinstance(value, Percent):
        return percent(value, lang)
    if isinstance(value, Decimal):
        return number(value, lang)
    return value


_GOVERNMENT_PREFIXES = ("pemerintah daerah ", "pemerintah ", "pemda ")


def region_of(government: str | None) -> str | None:
    """The region of a Pemerintah Daerah as a name carries it: "Pemerintah Provinsi Nusa Tenggara Timur" ->
    "Provinsi Nusa Tenggara Timur"; None without one."""
    text = " ".join((government or "").split())
    for prefix in _GOVERNMENT_PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
            break
    return text or None


def agency_name(agency: str | None, government: str | None) -> str | None:
    """The agency named with its Pemerintah Daerah, so that two provinces' dinas can be told apart:
    ("Dinas Perindustrian dan Perdagangan", "Pemerintah Provinsi NTT") -> "Dinas Perindustrian dan Perdagangan
    Provinsi NTT"; a name that already ends with (or holds) its region stays as it is. None without an agency."""
    name = " ".join((agency or "").split())
    if not name:
        return None
    region = region_of(government)
    if not region or region.lower() in name.lower():
        return name
    return f"{name} {region}"


def short_name(text: str | None, limit: int = 40) -> str:
    """A long name shortened for a chart axis: cut at a word boundary before `limit` characters, with "…"."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-(") + "…"
