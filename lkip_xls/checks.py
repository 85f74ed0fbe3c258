"""One small function per rule; each takes the records and the computed results and returns findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from . import calc
from .compute import Results
from .model import Finding, Percent, Severity, WorkbookData

Check = Callable[[WorkbookData, Results], Iterator[Finding]]


def _finding(severity: Severity, code: str, sheet: str, cell: str | None, /, **params: object) -> Finding:
    return Finding(severity, code, sheet, cell, params)


def target_zero(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.indicators:
        indicator = result.indicator
        if result.capaian.missing is calc.NoCapaian.TARGET_ZERO:
            yield _finding(Severity.WARNING, "TARGET-ZERO", indicator.sheet, indicator.cell("target"),
                           code=indicator.code or "?")


def capaian_undefined(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.indicators:
        indicator = result.indicator
        if result.capaian.missing is calc.NoCapaian.ACTUAL_ZERO:
            yield _finding(Severity.WARNING, "CAPAIAN-UNDEFINED", indicator.sheet, indicator.cell("capaian")
                           or indicator.cell("actual"), code=indicator.code or "?")


def realisasi_missing(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for indicator in data.indicators:
        if indicator.actual is None and indicator.actual_text is not None:
            yield _finding(Severity.INFO, "REALISASI-NA", indicator.sheet, indicator.cell("actual"),
                           code=indicator.code or "?", text=indicator.actual_text)


def capaian_extreme(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.indicators:
        indicator, value = result.indicator, result.capaian.uncapped
        if value is not None and abs(value) > calc.EXTREME_CAPAIAN:
            assert indicator.target is not None and indicator.actual is not None
            yield _finding(Severity.WARNING, "CAPAIAN-EXTREME", indicator.sheet,
                           indicator.cell("capaian") or indicator.cell("actual"),
                           code=indicator.code or "?", capaian=Percent(value), target=indicator.target.value,
                           actual=indicator.actual, unit=indicator.unit or "")


def capaian_typed(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """The agency typed a capaian that differs from ours by more than 0,01."""
    for result in results.indicators:
        indicator, typed, computed = result.indicator, result.indicator.typed_capaian, result.value
        if typed is not None and computed is not None and abs(typed - computed) > TOLERANCE:
            yield _finding(Severity.WARNING, "CAPAIAN-DIFFERS", indicator.sheet, indicator.cell("capaian"),
                           code=indicator.code or "?", typed=Percent(typed), computed=Percent(computed),
                           diff=Percent(typed - computed))


def serapan_typed(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.budget:
        line, typed, computed = result.line, result.line.typed_absorption, result.absorption
        if typed is not None and computed is not None and abs(typed - computed) > TOLERANCE:
            yield _finding(Severity.WARNING, "SERAPAN-DIFFERS", line.sheet, line.cell("absorption"),
                           code=line.code or line.name or "?", typed=Percent(typed), computed=Percent(computed),
                           diff=Percent(typed - computed))


TOLERANCE = calc.PERCENT_TOLERANCE

CHECKS: tuple[Check, ...] = (
    target_zero,
    capaian_undefined,
    realisasi_missing,
    capaian_extreme,
    capaian_typed,
    serapan_typed,
)


def run_checks(data: WorkbookData, results: Results) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(data, results)]
