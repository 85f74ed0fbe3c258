"""Kinerja Program (TEMPLATE.md §5, DOMAIN.md §4b): the capaian kinerja of each program, kegiatan and sub
kegiatan (the mean of its indicators' capaian, after Batas Capaian) beside its capaian keuangan (the serapan of
its Anggaran row), both classified with the workbook's scale, and its efficiency. These indicators never enter
the IKU averages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..core.findings import make
from ..core.model import BudgetLine, Finding, Percent, ProgramIndicator, ScaleBand, WorkbookData
from ..core.numbers import HUNDRED, round2
from . import calc

if TYPE_CHECKING:
    from .compute import BudgetResult, Results

LEVELS = ("Program", "Kegiatan", "Sub Kegiatan")


@dataclass
class ProgramIndicatorResult:
    indicator: ProgramIndicator
    capaian: calc.Capaian
    category: str | None
    absorption: Decimal | None  # the serapan of the Anggaran row with the indicator's Kode

    @property
    def value(self) -> Decimal | None:
        return self.capaian.value


@dataclass
class ProgramResult:
    """One program, kegiatan or sub kegiatan of the Kinerja Program sheet, in the sheet's order."""

    code: str
    level: str | None  # Program / Kegiatan / Sub Kegiatan; None when the Kode is not in Anggaran
    name: str | None  # the Anggaran Uraian
    indicators: list[ProgramIndicatorResult] = field(default_factory=list)
    capaian: Decimal | None = None  # capaian kinerja: mean of its indicators' capaian
    category: str | None = None
    budget: Decimal | None = None
    spent: Decimal | None = None
    absorption: Decimal | None = None  # capaian keuangan
    absorption_category: str | None = None
    efficiency: Decimal | None = None
    efficiency_category: str | None = None

    @property
    def extreme(self) -> bool:
        """An indicator's capaian beyond ±1000 %: the capaian kinerja rests on a figure to check (DOMAIN.md §1)."""
        return any(calc.is_extreme(r.capaian.uncapped) for r in self.indicators)


def level_of(budget: BudgetResult, by_code: dict[str, BudgetResult]) -> str:
    """The line's Tingkat when the sheet gives one, else its depth in the dotted hierarchy: a top-level line is
    a Program, its children Kegiatan, anything deeper a Sub Kegiatan."""
    stated = getattr(budget.line, "tingkat", None) or getattr(budget, "tingkat", None)
    if stated:
        return str(stated)
    depth, parent, seen = 0, budget.parent, set()
    while parent is not None and parent in by_code and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = by_code[parent].parent
    return LEVELS[min(depth, len(LEVELS) - 1)]


def efficiency(capaian: Decimal | None, absorption: Decimal | None, method: str = "selisih", *,
               budget: Decimal | None = None, spent: Decimal | None = None,
               average_cap: Decimal | None = None) -> Decimal | None:
    """A program's efficiency by the Metode Efisiensi (DOMAIN.md §5): `selisih` capaian kinerja - serapan;
    `100-serapan`; `pmk214` (pagu x capaian - realisasi) / (pagu x capaian) x 100, capaian as a fraction capped
    by Batas Rata-rata."""
    if method == "100-serapan":
        return None if absorption is None else round2(HUNDRED - absorption)
    if method == "pmk214":
        if capaian is None or budget is None or spent is None:
            return None
        weighted = budget * calc.for_average(capaian, average_cap) / HUNDRED
        return None if weighted == 0 else round2((weighted - spent) / weighted * HUNDRED)
    return calc.efficiency(capaian, absorption)


def _bare(label: str) -> str:
    return label.strip().rstrip(".").strip()


def code_resolver(lines: Sequence[BudgetLine]) -> Callable[[str], str | None]:
    """The Anggaran Kode a Kinerja Program Kode means (TEMPLATE.md §5): a full Kode, or, under Anggaran Tingkat,
    a label as typed (`16.01`, `01.`) that is unique in the sheet; None when it is neither."""
    full = {line.code for line in lines if line.code and not line.is_total}
    labels: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        if line.by_level and line.label and line.code and not line.is_total:
            labels[_bare(line.label)].append(line.code)

    def resolve(code: str) -> str | None:
        if code in full:
            return code
        found = labels.get(_bare(code), [])
        return found[0] if len(found) == 1 else None

    return resolve


def compute_programs(data: WorkbookData, results: Results) -> list[ProgramResult]:
    if not data.program_indicators:
        return []  # no Kinerja Program: nothing to look up among 10,000 budget lines
    ident = data.identitas
    scale: Sequence[ScaleBand] = results.scale
    by_code = {b.line.code: b for b in results.budget if b.line.code and not b.line.is_total}
    resolve = code_resolver(data.budget_lines)
    method = getattr(ident, "efficiency_method", None) or "selisih"
    programs: dict[str, ProgramResult] = {}
    for indicator in data.program_indicators:
        if indicator.code is None:
            continue
        code = resolve(indicator.code) or indicator.code  # the full Kode: `16.01` and `03.16.01` are one kegiatan
        budget = by_code.get(code)
        program = programs.get(code)
        if program is None:
            program = programs[code] = ProgramResult(
                code, level_of(budget, by_code) if budget else None, budget.line.name if budget else None)
            if budget is not None:
                program.budget, program.spent, program.absorption = budget.line.budget, budget.line.spent, \
                    budget.absorption
        outcome = calc.capaian(indicator.direction, indicator.target, indicator.actual, ident.turun_formula,
                               ident.indicator_cap)
        program.indicators.append(ProgramIndicatorResult(indicator, outcome, calc.classify(outcome.value, scale),
                                                         program.absorption))
    for program in programs.values():
        program.capaian = calc.mean(r.value for r in program.indicators if r.value is not None)
        program.category = calc.classify(program.capaian, scale)
        program.absorption_category = calc.classify(program.absorption, scale)
        program.efficiency = efficiency(program.capaian, program.absorption, method, budget=program.budget,
                                        spent=program.spent, average_cap=ident.average_cap)
        program.efficiency_category = calc.efficiency_category(program.efficiency)
    return list(programs.values())


# --------------------------------------------------------------------------- checks


def _differs(typed: Decimal, computed: Decimal) -> bool:
    return abs(typed - computed) > calc.PERCENT_TOLERANCE


def kode_unknown(data: WorkbookData, results: Any) -> Iterator[Finding]:
    """A Kinerja Program Kode that is no Kode of the Anggaran sheet: its serapan cannot be found."""
    if not data.budget_lines or not data.program_indicators:
        return
    resolve = code_resolver(data.budget_lines)
    for indicator in data.program_indicators:
        if indicator.code is not None and not indicator.code_inherited and resolve(indicator.code) is None:
            yield make("KINERJA-KODE-UNKNOWN", indicator.sheet, indicator.cell("code"), code=indicator.code)


def typed_values(data: WorkbookData, results: Any) -> Iterator[Finding]:
    """Capaian, Kategori and Serapan the agency typed in the sheet's computed columns that differ from ours."""
    for program in results.programs:
        for result in program.indicators:
            indicator = result.indicator
            typed, computed = indicator.typed_capaian, result.value
            if typed is not None and computed is not None and _differs(typed, computed):
                yield make("CAPAIAN-DIFFERS", indicator.sheet, indicator.cell("capaian"), typed=Percent(typed),
                           computed=Percent(computed), diff=Percent(typed - computed))
            category = indicator.typed_category
            if category and result.category and category.casefold() != result.category.casefold():
                yield make("KATEGORI-DIFFERS", indicator.sheet, indicator.cell("category"), typed=category,
                           computed=result.category)
            typed, computed = indicator.typed_absorption, result.absorption
            if typed is not None and computed is not None and _differs(typed, computed):
                yield make("SERAPAN-DIFFERS", indicator.sheet, indicator.cell("absorption"), typed=Percent(typed),
                           computed=Percent(computed), diff=Percent(typed - computed))


def extreme(data: WorkbookData, results: Any) -> Iterator[Finding]:
    """CAPAIAN-EXTREME as for IKU: an uncapped capaian beyond ±1000 % (units mixed up, or a typing slip)."""
    for program in results.programs:
        for result in program.indicators:
            indicator, value = result.indicator, result.capaian.uncapped
            if calc.is_extreme(value):
                assert indicator.target is not None and indicator.actual is not None
                yield make("CAPAIAN-EXTREME", indicator.sheet, indicator.cell("capaian") or indicator.cell("actual"),
                           code=indicator.code or program.code, name=indicator.name, capaian=Percent(value),
                           target=indicator.target.value, actual=indicator.actual, unit=indicator.unit or "")


def run_checks(data: WorkbookData, results: Any) -> list[Finding]:
    return [*kode_unknown(data, results), *extreme(data, results), *typed_values(data, results)]
