"""The arithmetic of DOMAIN.md §1-5 as pure functions over Decimals. No workbooks, no wording."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ..core.model import ScaleBand
from ..core.numbers import HUNDRED, Target, TargetKind, round2

EXTREME_CAPAIAN = Decimal(1000)
PERCENT_TOLERANCE = Decimal("0.01")  # percentages compare within 0,01; rupiah and head counts exactly
EFFICIENT_MARGIN = Decimal(5)


def is_extreme(capaian: Decimal | None) -> bool:
    """A capaian beyond ±1000 %: target and realisasi are almost always on different scales (DOMAIN.md §1)."""
    return capaian is not None and abs(capaian) > EXTREME_CAPAIAN


class NoCapaian(StrEnum):
    """Why an indicator has no capaian."""

    NO_TARGET = "no-target"
    TARGET_ZERO = "target-zero"
    ACTUAL_MISSING = "actual-missing"
    ACTUAL_ZERO = "actual-zero"  # T/R with R = 0
    NO_DIRECTION = "no-direction"


@dataclass(frozen=True)
class Capaian:
    value: Decimal | None  # rounded half-up to 2 places, per-indicator cap applied
    uncapped: Decimal | None = None
    missing: NoCapaian | None = None


def raw_capaian(direction: str, target: Target, actual: Decimal, turun_formula: str = "2T-R") -> Decimal:
    """Unrounded capaian in percent. Raises ZeroDivisionError when it cannot be computed.

    A range (DOMAIN.md §1, the rule of PermenPAN-RB's Sistem Manajemen Kinerja): inside it, bounds included,
    100; outside it, the bound the realisasi crossed is the target and the arah's formula applies. Naik: above
    the band R / upper, below it R / lower. Turun: below (2 lower - R) / lower, above (2 upper - R) / upper.
    Tetap (stay within the band): both sides fall short, below R / lower, above (2 upper - R) / upper."""
    if target.kind is TargetKind.RANGE or direction == "Tetap":
        lower = target.lower
        upper = target.upper if target.upper is not None else target.value
        if lower <= actual <= upper:
            return HUNDRED
        bound = lower if actual < lower else upper
        if direction == "Tetap":
            return (actual / _nonzero(lower) if actual < lower else (2 * upper - actual) / _nonzero(upper)) * HUNDRED
        return _formula(direction, bound, actual, turun_formula)
    return _formula(direction, target.number_for(direction), actual, turun_formula)


def _formula(direction: str, number: Decimal, actual: Decimal, turun_formula: str) -> Decimal:
    if direction == "Turun":
        if turun_formula == "T/R":
            return number / _nonzero(actual) * HUNDRED
        return (2 * number - actual) / _nonzero(number) * HUNDRED
    return actual / _nonzero(number) * HUNDRED


def _nonzero(value: Decimal) -> Decimal:
    if value == 0:
        raise ZeroDivisionError
    return value


def capaian(direction: str | None, target: Target | None, actual: Decimal | None,
            turun_formula: str = "2T-R", cap: Decimal | None = None) -> Capaian:
    """Capaian of one indicator: rounded half-up to 2 places, then capped."""
    if direction is None:
        return Capaian(None, missing=NoCapaian.NO_DIRECTION)
    if target is None:
        return Capaian(None, missing=NoCapaian.NO_TARGET)
    if actual is None:
        return Capaian(None, missing=NoCapaian.ACTUAL_MISSING)
    if target_is_zero(target, direction):  # also under T/R, where 0 / R would look like a capaian of 0
        return Capaian(None, missing=NoCapaian.TARGET_ZERO)
    try:
        value = round2(raw_capaian(direction, target, actual, turun_formula))
    except ZeroDivisionError:
        zero_actual = direction == "Turun" and turun_formula == "T/R" and actual == 0
        return Capaian(None, missing=NoCapaian.ACTUAL_ZERO if zero_actual else NoCapaian.TARGET_ZERO)
    capped = min(value, cap) if cap is not None else value
    return Capaian(capped, uncapped=value)


def target_is_zero(target: Target | None, direction: str | None) -> bool:
    """A target of 0 has no capaian; a Tetap band may start at 0 (only a realisasi below it divides by 0)."""
    if target is None or direction is None or direction == "Tetap" or target.kind is TargetKind.RANGE:
        return False  # a band may start at 0: only a realisasi below it divides by 0
    return target.number_for(direction) == 0


# --------------------------------------------------------------------------- categories

SCALE_PRESETS: dict[str, tuple[ScaleBand, ...]] = {
    "permendagri86": (
        ScaleBand(Decimal(91), "Sangat Tinggi"), ScaleBand(Decimal(76), "Tinggi"), ScaleBand(Decimal(66), "Sedang"),
        ScaleBand(Decimal(51), "Rendah"), ScaleBand(None, "Sangat Rendah"),
    ),
    "kemenpan": (
        ScaleBand(Decimal(85), "Sangat Berhasil"), ScaleBand(Decimal(75), "Berhasil"),
        ScaleBand(Decimal(55), "Cukup Berhasil"), ScaleBand(None, "Belum Berhasil"),
    ),
    "sakip": tuple(
        ScaleBand(Decimal(bound), label, inclusive=False)
        for bound, label in ((90, "AA"), (80, "A"), (70, "BB"), (60, "B"), (50, "CC"), (30, "C"))
    ) + (ScaleBand(None, "D"),),
}


def classify(value: Decimal | None, bands: Sequence[ScaleBand]) -> str | None:
    """The category of a 2-place value; a value above 100 falls in the top band."""
    if value is None:
        return None
    bottom = None
    for band in sorted((b for b in bands if b.lower is not None), key=lambda b: b.lower, reverse=True):
        assert band.lower is not None
        if value > band.lower or (band.inclusive and value == band.lower):
            return band.category
    for band in bands:
        if band.lower is None:
            bottom = band.category
    return bottom


# --------------------------------------------------------------------------- averages


def mean(values: Iterable[Decimal]) -> Decimal | None:
    items = list(values)
    if not items:
        return None
    return round2(sum(items, Decimal(0)) / len(items))


def for_average(value: Decimal, average_cap: Decimal | None) -> Decimal:
    """The value an indicator brings into the mean: min(capaian, cap) under an averaging cap."""
    return min(value, average_cap) if average_cap is not None else value


def headline_average(values_by_sasaran: dict[str, list[Decimal]], basis: str) -> Decimal | None:
    """Mean over indicators, or over sasaran means (each rounded as a report would print it)."""
    if basis == "sasaran":
        return mean(m for m in (mean(v) for v in values_by_sasaran.values()) if m is not None)
    return mean(v for values in values_by_sasaran.values() for v in values)


# --------------------------------------------------------------------------- budget


def absorption(budget: Decimal, spent: Decimal) -> Decimal | None:
    """Serapan = realisasi / pagu x 100, half-up to 2 places; no serapan on a zero pagu."""
    if budget == 0:
        return None
    return round2(spent / budget * HUNDRED)


def remaining(budget: Decimal, spent: Decimal) -> Decimal:
    return budget - spent


def parent_code(code: str, known: set[str] | frozenset[str]) -> str | None:
    """The longest proper dotted prefix of `code` among `known`, compared segment by segment."""
    head = code.rpartition(".")[0]
    if head in known and "." in code:  # the loop's first try, quicker: the usual parent is one segment up
        return head
    parts = code.split(".")
    for size in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:size])
        if prefix in known:
            return prefix
    return None


# --------------------------------------------------------------------------- quarters


def aggregate_quarters(values: Sequence[Decimal | None], aggregation: str) -> Decimal | None:
    """Kumulatif: the sum; Akhir: the last quarter with a value; Rata-rata: the mean of those with a value."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if aggregation == "Kumulatif":
        return sum(present, Decimal(0))
    if aggregation == "Akhir":
        return present[-1]
    if aggregation == "Rata-rata":
        return sum(present, Decimal(0)) / len(present)
    raise ValueError(aggregation)


# --------------------------------------------------------------------------- efficiency


def efficiency(mean_capaian: Decimal | None, serapan: Decimal | None) -> Decimal | None:
    """Efisiensi of a sasaran: mean capaian minus serapan, in percentage points (DOMAIN.md §5)."""
    if mean_capaian is None or serapan is None:
        return None
    return round2(mean_capaian - serapan)


def efficiency_by(method: str, mean_capaian: Decimal | None, budget: Decimal | None, spent: Decimal | None,
                  serapan: Decimal | None) -> Decimal | None:
    """Efisiensi of a sasaran by Identitas `Metode Efisiensi` (DOMAIN.md §5, TEMPLATE.md §5): `selisih` mean
    capaian - serapan; `100-serapan`; `pmk214` (pagu x capaian - realisasi) / (pagu x capaian) x 100, capaian as
    a fraction (110 % = 1,10; the mean capaian already carries the averaging cap). Without a Kinerja Program
    sheet, each program of the sasaran has the sasaran's capaian, so the sums over its programs are the
    sasaran's pagu and realisasi."""
    if method == "100-serapan":
        return None if serapan is None or mean_capaian is None else round2(HUNDRED - serapan)
    if method == "pmk214":
        if mean_capaian is None or budget is None or spent is None:
            return None
        earned = budget * mean_capaian / HUNDRED
        return None if earned <= 0 else round2((earned - spent) / earned * HUNDRED)
    return efficiency(mean_capaian, serapan)


def efficiency_category(value: Decimal | None) -> str | None:
    if value is None:
        return None
    if value > EFFICIENT_MARGIN:
        return "Efisien"
    if value < -EFFICIENT_MARGIN:
        return "Tidak Efisien"
    return "Cukup Efisien"
