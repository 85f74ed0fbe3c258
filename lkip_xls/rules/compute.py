"""Apply the arithmetic of `calc` to one workbook's records: the numbers every output shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.model import BudgetLine, Indicator, QuarterRow, ScaleBand, WorkbookData
from . import calc, plan, program


@dataclass
class IndicatorResult:
    indicator: Indicator
    capaian: calc.Capaian
    category: str | None

    @property
    def value(self) -> Decimal | None:
        return self.capaian.value


@dataclass
class BudgetResult:
    line: BudgetLine
    absorption: Decimal | None
    remaining: Decimal | None  # None when pagu or realisasi cannot be read
    parent: str | None = None  # code of the parent line
    sasaran: str | None = None  # effective Kode Sasaran (inherited from the parent)
    is_top_level: bool = False
    fund_source: str | None = None  # effective Sumber Dana (inherited from the parent)
    revenue: bool = False  # Jenis Pendapatan (inherited from the parent): not spending


@dataclass
class SasaranResult:
    code: str
    name: str | None
    indicators: int
    capaian: Decimal | None  # mean of its indicators (averaging cap applied)
    budget: Decimal | None = None
    spent: Decimal | None = None
    absorption: Decimal | None = None
    efficiency: Decimal | None = None
    efficiency_category: str | None = None
    budget_unknown: bool = False  # its budget would rest on a value that cannot be read: not stated


@dataclass
class SourceTotal:
    source: str
    budget: Decimal | None  # None: rests on a value that cannot be read
    spent: Decimal | None
    absorption: Decimal | None


@dataclass
class QuarterResult:
    row: QuarterRow
    annual_target: Decimal | None
    annual_actual: Decimal | None


@dataclass
class Results:
    scale: Sequence[ScaleBand]
    indicators: list[IndicatorResult] = field(default_factory=list)
    average: Decimal | None = None
    average_category: str | None = None
    counted: int = 0  # indicators with a computable capaian
    sasaran: list[SasaranResult] = field(default_factory=list)
    budget: list[BudgetResult] = field(default_factory=list)
    total_budget: Decimal | None = Decimal(0)  # None: not stated, it would rest on a value lkip-xls cannot read
    total_spent: Decimal | None = Decimal(0)
    total_absorption: Decimal | None = None
    # The cells (sheet, A1) whose unreadable value or code leaves the budget totals unstated.
    budget_unknown: list[tuple[str, str]] = field(default_factory=list)
    # Jenis Pendapatan (top-level revenue lines): target, realisasi, persen; None when there is none
    revenue_target: Decimal | None = None
    revenue_actual: Decimal | None = None
    revenue_percent: Decimal | None = None
    has_revenue: bool = False
    by_source: list[SourceTotal] = field(default_factory=list)  # spending per Sumber Dana, in order of appearance
    hierarchy_unclear: bool = False  # ANGGARAN-HIERARCHY-UNCLEAR: no budget total, serapan or efficiency stated
    quarters: list[QuarterResult] = field(default_factory=list)
    programs: list[program.ProgramResult] = field(default_factory=list)  # Kinerja Program, in the sheet's order
    evidence: list[plan.EvidenceResult] = field(default_factory=list)  # Data Dukung, in the sheet's order
    renstra: list[plan.RenstraResult] = field(default_factory=list)  # Renstra, in the sheet's order

    def indicator(self, code: str) -> IndicatorResult | None:
        return next((r for r in self.indicators if r.indicator.code == code), None)

    def budget_line(self, code: str) -> BudgetResult | None:
        return next((b for b in self.budget if b.line.code == code), None)


def scale_of(data: WorkbookData) -> Sequence[ScaleBand]:
    if data.identitas.scale == "kustom":
        return data.custom_scale
    return calc.SCALE_PRESETS.get(data.identitas.scale, calc.SCALE_PRESETS["permendagri86"])


def compute(data: WorkbookData) -> Results:
    ident = data.identitas
    results = Results(scale=scale_of(data))
    results.evidence = plan.compute_evidence(data)
    plan.fill_actuals(results.evidence)  # an empty Realisasi takes its Data Dukung figure before any capaian
    for indicator in data.indicators:
        outcome = calc.capaian(indicator.direction, indicator.target, indicator.actual, ident.turun_formula,
                               ident.indicator_cap)
        results.indicators.append(IndicatorResult(indicator, outcome, calc.classify(outcome.value, results.scale)))
    _averages(data, results)
    _budget(data, results)
    _sasaran_budget(results, ident.efficiency_method)
    results.quarters = [
        QuarterResult(row,
                      _aggregate(row.targets, row.aggregation, _readable(row, "target")),
                      _aggregate(row.actuals, row.aggregation, _readable(row, "actual")))
        for row in data.quarters
    ]
    results.programs = program.compute_programs(data, results)
    results.renstra = plan.compute_renstra(data)
    return results


def _readable(row: QuarterRow, prefix: str) -> bool:
    return row.readable(*(f"{prefix}_q{i}" for i in range(1, 5)))


def _aggregate(values: list[Decimal | None], aggregation: str | None, readable: bool = True) -> Decimal | None:
    """The year's figure from the quarters; unknown (None) when a quarter cannot be read."""
    return None if aggregation is None or not readable else calc.aggregate_quarters(values, aggregation)


def _averages(data: WorkbookData, results: Results) -> None:
    ident = data.identitas
    by_sasaran: dict[str, list[Decimal]] = {}
    names: dict[str, str | None] = {}
    counts: dict[str, int] = {}
    for result in results.indicators:
        if result.indicator.is_tujuan:
            continue  # a tujuan indicator: its own table, in no sasaran and no average
        key = result.indicator.sasaran_code or ""
        names.setdefault(key, result.indicator.sasaran_name)
        counts[key] = counts.get(key, 0) + 1
        bucket = by_sasaran.setdefault(key, [])
        if result.value is not None and result.indicator.averaged:  # Dirata-rata Tidak: reported, not averaged
            bucket.append(calc.for_average(result.value, ident.average_cap))
    results.counted = sum(len(v) for v in by_sasaran.values())
    results.average = calc.headline_average(by_sasaran, ident.average_basis)
    results.average_category = calc.classify(results.average, results.scale)
    results.sasaran = [
        SasaranResult(code, names.get(code), counts[code], calc.mean(values))
        for code, values in by_sasaran.items() if code
    ]


def _budget(data: WorkbookData, results: Results) -> None:
    lines = [line for line in data.budget_lines if not line.is_total and line.code is not None]
    known = frozenset(line.code for line in lines if line.code)
    effective: dict[str, tuple[str | None, str | None, bool]] = {}
    absorption, remaining, parent_code = calc.absorption, calc.remaining, calc.parent_code  # 10,000 lines
    append = results.budget.append
    for line in data.budget_lines:
        budget, spent = line.budget, line.spent
        if budget is not None and spent is not None:
            result = BudgetResult(line, absorption(budget, spent), remaining(budget, spent))
        else:
            result = BudgetResult(line, None, None)
        if line.code is not None and not line.is_total:
            # with Tingkat, the reader gave the parent (row order); else the longest dotted prefix
            result.parent = line.parent_code if line.by_level else parent_code(line.code, known)
            result.is_top_level = result.parent is None
        append(result)
    # Parents come before children in most sheets, but not always: resolve inheritance by code length. (A parent's
    # code has fewer dots than its child's: when every parent is above its children, row order gives the same.)
    order = [r for r in results.budget if r.line.code]
    if not _parents_first(order):
        order.sort(key=lambda r: r.line.code.count("."))
    for result in order:
        sasaran, source, revenue = effective.get(result.parent or "", (None, None, False))
        line = result.line
        result.sasaran = line.sasaran_code or sasaran
        result.fund_source = line.fund_source or source
        result.revenue = line.kind == "Pendapatan" if line.kind else revenue
        effective.setdefault(line.code, (result.sasaran, result.fund_source, result.revenue))
    top = [r for r in results.budget if r.is_top_level and not r.revenue]
    # A code whose digits Excel dropped leaves the hierarchy, and so every total, uncertain.
    results.budget_unknown = [line.cause("code") for line in data.budget_lines if "code" in line.unreadable]
    hierarchy = not results.budget_unknown
    for key in ("budget", "spent"):
        blocked = [r.line.cause(key) for r in top if getattr(r.line, key) is None]
        results.budget_unknown += blocked
        total = sum((getattr(r.line, key) for r in top), Decimal(0)) if hierarchy and not blocked else None
        setattr(results, f"total_{key}", total)
    if results.total_budget is not None and results.total_spent is not None:
        results.total_absorption = calc.absorption(results.total_budget, results.total_spent)
    _revenue(results, hierarchy)
    _sources(results, hierarchy)


def _parents_first(order: list[BudgetResult]) -> bool:
    """Whether every line's parent has a line above it."""
    seen: set[str] = set()
    for result in order:
        if result.parent is not None and result.parent not in seen:
            return False
        seen.add(result.line.code)  # type: ignore[arg-type]
    return True


def _revenue(results: Results, hierarchy: bool) -> None:
    """Jenis Pendapatan: the top revenue lines (a revenue line under a spending one counts at its own level)."""
    revenue = [r for r in results.budget if r.revenue and r.line.code]
    if revenue:  # (most budgets have no revenue line: no look-up to build)
        by_code = {r.line.code: r for r in results.budget if r.line.code}
        revenue = [r for r in revenue if r.parent is None or not by_code[r.parent].revenue]
    results.has_revenue = bool(revenue)
    if not revenue or not hierarchy or any(r.line.budget is None or r.line.spent is None for r in revenue):
        return
    results.revenue_target = sum((r.line.budget for r in revenue), Decimal(0))
    results.revenue_actual = sum((r.line.spent for r in revenue), Decimal(0))
    results.revenue_percent = calc.absorption(results.revenue_target, results.revenue_actual)


def _sources(results: Results, hierarchy: bool) -> None:
    """Spending per Sumber Dana: the head line of each source's branch; a child given another source than its
    parent's leaves the parent's source (never one rupiah in two sources)."""
    if not any(r.fund_source for r in results.budget):
        results.by_source = []  # no Sumber Dana anywhere: every line is inside its parent's (none)
        return
    by_code = {r.line.code: r for r in results.budget if r.line.code}
    totals: dict[str, list[Decimal | None]] = {}
    for r in results.budget:
        if not r.line.code or r.revenue:
            continue
        parent = by_code[r.parent] if r.parent is not None else None
        parent_source = parent.fund_source if parent is not None and not parent.revenue else None
        if r.fund_source == parent_source:
            continue  # inside its parent's amounts
        for source, sign in ((r.fund_source, 1), (parent_source, -1)):
            if not source:
                continue
            pair = totals.setdefault(source, [Decimal(0), Decimal(0)])
            for index, value in enumerate((r.line.budget, r.line.spent)):
                known = value is not None and pair[index] is not None and hierarchy
                pair[index] = pair[index] + sign * value if known else None
    results.by_source = [
        SourceTotal(source, budget, spent,
                    calc.absorption(budget, spent) if budget is not None and spent is not None else None)
        for source, (budget, spent) in totals.items()
    ]


def _sasaran_budget(results: Results, method: str = "selisih") -> None:
    """A sasaran's budget: the head lines of its branches, less any kegiatan inside them that is given to another
    sasaran (never a line and its child twice, never one rupiah in two sasaran)."""
    by_code = {r.line.code: r for r in results.budget if r.line.code}
    budget: dict[str, Decimal] = {}
    spent: dict[str, Decimal] = {}
    unknown: set[str] = set()  # sasaran whose amounts would rest on a value that cannot be read
    hierarchy = not any("code" in r.line.unreadable for r in results.budget)
    for r in results.budget:
        parent_sasaran = by_code[r.parent].sasaran if r.parent is not None else None
        if not r.line.code or r.sasaran == parent_sasaran or r.revenue:
            continue  # not the head of a branch: its amounts are inside its parent's
        amounts = (r.line.budget, r.line.spent)
        for code, sign in ((r.sasaran, 1), (parent_sasaran, -1)):  # a kegiatan given to another sasaran
            if not code:                                          # leaves its program's sasaran
                continue
            if amounts[0] is None or amounts[1] is None or not hierarchy or not r.line.readable("sasaran_code"):
                unknown.add(code)
                budget.setdefault(code, Decimal(0))
                spent.setdefault(code, Decimal(0))
                continue
            budget[code] = budget.get(code, Decimal(0)) + sign * amounts[0]
            spent[code] = spent.get(code, Decimal(0)) + sign * amounts[1]
    for sasaran in results.sasaran:
        sasaran.budget_unknown = sasaran.code in unknown
        if sasaran.code not in budget or sasaran.code in unknown:
            continue
        sasaran.budget = budget[sasaran.code]
        sasaran.spent = spent[sasaran.code]
        sasaran.absorption = calc.absorption(sasaran.budget, sasaran.spent)
        sasaran.efficiency = calc.efficiency_by(method, sasaran.capaian, sasaran.budget, sasaran.spent,
                                                sasaran.absorption)
        sasaran.efficiency_category = calc.efficiency_category(sasaran.efficiency)
