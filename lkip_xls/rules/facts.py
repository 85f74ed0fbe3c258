"""The figures a summary states, as plain values computed from one Analysis: counts, averages, budget and
staff totals, the flags of DOMAIN.md §4-5. No wording: the sentences are in `text/templates/<lang>/ringkasan.j2`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .. import __version__
from ..core.model import ScaleBand, Severity, StaffUnit
from ..core.numbers import Target, TargetKind, round2
from ..core.schema import SDM, STAFF_GROUPS
from . import calc
from .analysis import Analysis
from .compute import BudgetResult, IndicatorResult, Results, SasaranResult
from .plan_facts import PlanFacts, plan_facts
from .program import ProgramResult
from .reconcile import Correction

LOW_ABSORPTION = Decimal(90)  # serapan below this is named in the narrative (DOMAIN.md §4)
# Efficiency flags of DOMAIN.md §5 ("serapan high with capaian low, capaian >= 100 with serapan near 0").
HIGH_ABSORPTION, VERY_LOW_CAPAIAN = Decimal(90), Decimal(50)
NEAR_ZERO_ABSORPTION = Decimal(10)


def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole x 100, half-up to 2 places; None when it cannot be said (0 or absurdly large)."""
    try:
        return round2(part / whole * 100) if whole else None
    except InvalidOperation:
        return None


@dataclass
class IndicatorFacts:
    code: str | None
    name: str | None
    unit: str | None
    direction: str | None
    target: Target | None
    actual: Decimal | None
    actual_text: str | None
    capaian: Decimal | None
    uncapped: Decimal | None
    capped: bool
    category: str | None
    status: str | None  # above | met | below; None without capaian
    missing: str | None  # calc.NoCapaian value
    last_year: Decimal | None
    delta: Decimal | None  # realisasi minus last year's
    change: Decimal | None  # relative change in percent
    renstra: Decimal | None
    renstra_progress: Decimal | None
    extreme: bool = False  # CAPAIAN-EXTREME: a figure to check (target and realisasi on different scales?)
    band: bool = False  # a range target
    averaged: bool = True  # Dirata-rata Tidak: reported in its sasaran, in no average


@dataclass
class SasaranFacts:
    code: str | None
    name: str | None
    indicators: list[IndicatorFacts]
    capaian: Decimal | None = None
    category: str | None = None
    reached: int = 0
    budget: Decimal | None = None
    spent: Decimal | None = None
    absorption: Decimal | None = None
    efficiency: Decimal | None = None
    efficiency_category: str | None = None
    high_spend_low_result: bool = False
    result_without_spend: bool = False
    budget_unknown: bool = False


@dataclass
class ProgramFacts:
    code: str | None
    name: str | None
    budget: Decimal | None  # None: a value lkip-xls cannot read (reported at its cell)
    spent: Decimal | None
    absorption: Decimal | None
    remaining: Decimal | None

    @property
    def low(self) -> bool:
        return self.absorption is not None and self.absorption < LOW_ABSORPTION


@dataclass
class BudgetFacts:
    pagu: Decimal | None  # None: not stated, it would rest on a cell lkip-xls cannot read (`unknown`)
    realisasi: Decimal | None
    serapan: Decimal | None
    sisa: Decimal | None
    sisa_pct: Decimal | None
    from_total_row: bool
    top_pagu: Decimal | None
    top_realisasi: Decimal | None
    total_pagu: Decimal | None  # the agency's JUMLAH row
    total_realisasi: Decimal | None
    differs: bool  # the JUMLAH row disagrees with the sum of the programs
    programs: list[ProgramFacts]
    low: list[ProgramFacts]
    measured: int  # programs with a serapan (pagu not 0)
    unlinked: Decimal | None  # pagu of the top-level lines linked to no sasaran
    unknown: list[str] = field(default_factory=list)  # "Anggaran!D7": the cells that leave a total unstated


@dataclass
class StaffFacts:
    from_total_row: bool
    counts: dict[str, int | None]  # column key -> count; None when the whole column is empty or unknown
    total: int | None
    asn: int | None
    pns_cpns: int | None
    degree: int | None
    degree_pct: Decimal | None
    structural: int | None
    unknown: list[str] = field(default_factory=list)  # "SDM!C7": counts that cannot be read leave totals unstated


@dataclass
class ScaleRow:
    """One band of the workbook's category scale, best first: capaian from `lower` (inclusive or not) up to the
    next band's lower bound `upper` (exclusive; None for the top band); `lower` None for the bottom band."""

    category: str
    lower: Decimal | None
    upper: Decimal | None
    inclusive: bool = True


@dataclass
class FindingFacts:
    errors: int
    warnings: int
    infos: int


@dataclass
class Facts:
    """Everything the narrative states, computed from one Analysis."""

    version: str
    file: str | None
    agency: str | None
    government: str | None
    year: int | None
    n: int
    n_sasaran: int
    counted: int
    reached: int
    below: int
    missing: int
    capped: int
    extreme: int  # capaian flagged CAPAIAN-EXTREME: stated as needing a check, never as an achievement
    average: Decimal | None
    average_category: str | None
    average_basis: str
    indicator_cap: Decimal | None
    average_cap: Decimal | None
    sasaran: list[SasaranFacts]
    budget: BudgetFacts | None
    staff: StaffFacts | None
    findings: FindingFacts
    corrections: list[Correction] = field(default_factory=list)  # slips the figures were corrected for
    budget_unclear: str | None = None  # the Kode cell of ANGGARAN-HIERARCHY-UNCLEAR: no budget figure stated
    programs: list[ProgramResult] = field(default_factory=list)  # Kinerja Program: the programs' sentences
    efficiency_margin: Decimal = calc.EFFICIENT_MARGIN
    efficiency_method: str = "selisih"  # Identitas Metode Efisiensi
    low_absorption: Decimal = LOW_ABSORPTION
    scale: list[ScaleRow] = field(default_factory=list)  # the workbook's category scale, best band first
    turun_formula: str = "2T-R"  # Identitas Rumus Turun
    formulas: list[str] = field(default_factory=list)  # the capaian formulas the indicators use: naik, turun,
    # range (a band target): the formula paragraph names only these
    plan: PlanFacts | None = None  # the plan and the evidence (template version 2): tujuan, last year, Renstra...


def indicator_facts(result: IndicatorResult, turun_formula: str = "2T-R") -> IndicatorFacts:
    ind, outcome = result.indicator, result.capaian
    uncapped = outcome.uncapped
    status = None
    if uncapped is not None:
        status = "above" if uncapped > 100 else "met" if uncapped == 100 else "below"
    delta = change = None
    if ind.actual is not None and ind.actual_last_year is not None:
        delta = ind.actual - ind.actual_last_year
        change = percent_of(delta, abs(ind.actual_last_year))
    progress = None
    if ind.renstra_target is not None and ind.actual is not None and ind.direction in ("Naik", "Turun"):
        try:
            progress = round2(calc.raw_capaian(ind.direction, ind.renstra_target, ind.actual, turun_formula))
        except (ZeroDivisionError, InvalidOperation):
            progress = None
    return IndicatorFacts(
        code=ind.code, name=ind.name, unit=ind.unit, direction=ind.direction, target=ind.target,
        actual=ind.actual, actual_text=ind.actual_text, capaian=outcome.value, uncapped=uncapped,
        capped=outcome.value is not None and uncapped is not None and outcome.value != uncapped,
        category=result.category, status=status, missing=outcome.missing.value if outcome.missing else None,
        last_year=ind.actual_last_year, delta=delta, change=change,
        renstra=ind.renstra_target.number_for(ind.direction or "Naik") if ind.renstra_target else None,
        renstra_progress=progress,
        extreme=calc.is_extreme(uncapped),
        band=ind.target is not None and ind.target.kind is TargetKind.RANGE,
        averaged=ind.averaged,
    )


def sasaran_groups(analysis: Analysis) -> list[SasaranFacts]:
    """Indicators grouped by sasaran in sheet order; indicators without a Kode Sasaran form a last group."""
    results = analysis.results
    turun_formula = analysis.data.identitas.turun_formula
    by_code: dict[str, SasaranResult] = {s.code: s for s in results.sasaran}
    groups: dict[str, SasaranFacts] = {}
    for result in results.indicators:
        if result.indicator.is_tujuan:
            continue  # tujuan indicators: their own table (rules.plan.plan_facts), in no sasaran
        key = result.indicator.sasaran_code or ""
        group = groups.get(key)
        if group is None:
            group = groups[key] = SasaranFacts(key or None, result.indicator.sasaran_name, [])
        elif not group.name and result.indicator.sasaran_name:
            group.name = result.indicator.sasaran_name
        group.indicators.append(indicator_facts(result, turun_formula))
    ordered = [g for k, g in groups.items() if k] + ([groups[""]] if "" in groups else [])
    for group in ordered:
        group.reached = sum(1 for i in group.indicators if i.capaian is not None and i.capaian >= 100)
        computed = by_code.get(group.code or "")
        if computed is None:
            continue
        group.capaian = computed.capaian
        group.category = calc.classify(computed.capaian, results.scale)
        group.budget, group.spent, group.absorption = computed.budget, computed.spent, computed.absorption
        group.efficiency, group.efficiency_category = computed.efficiency, computed.efficiency_category
        group.budget_unknown = computed.budget_unknown
        if group.capaian is not None and group.absorption is not None:
            group.high_spend_low_result = group.absorption >= HIGH_ABSORPTION and group.capaian < VERY_LOW_CAPAIAN
            group.result_without_spend = group.capaian >= 100 and group.absorption < NEAR_ZERO_ABSORPTION
    return ordered


def scale_rows(bands: list[ScaleBand] | tuple[ScaleBand, ...]) -> list[ScaleRow]:
    """The scale as a table: best band first, each with the next band's lower bound as its upper bound."""
    ordered = sorted(bands, key=lambda b: (b.lower is None, -(b.lower or 0)))
    rows, upper = [], None
    for band in ordered:
        rows.append(ScaleRow(band.category, band.lower, upper, band.inclusive))
        upper = band.lower if band.lower is not None else upper
    return rows


def formulas_used(analysis: Analysis) -> list[str]:
    """Which capaian formulas the indicators with a capaian use, in the order the formula paragraph says them."""
    used: set[str] = set()
    for result in analysis.results.indicators:
        ind = result.indicator
        if result.capaian.value is None or ind.target is None:
            continue
        if ind.target.kind is TargetKind.RANGE:
            used.add("range")
        elif ind.direction == "Turun":
            used.add("turun")
        else:
            used.add("naik")
    return [k for k in ("naik", "turun", "range") if k in used]


def top_level(results: Results) -> list[BudgetResult]:
    return [b for b in results.budget if b.is_top_level and not b.revenue]  # revenue is not spending


def total_row(results: Results) -> BudgetResult | None:
    totals = [b for b in results.budget if b.line.is_total]
    return totals[-1] if totals else None


def budget_facts(analysis: Analysis, groups: list[SasaranFacts]) -> BudgetFacts | None:
    """The headline budget: computed, the sum of the top-level lines (as in the JSON); the agency's JUMLAH row
    only when there are no top-level lines. A JUMLAH row that disagrees is said in the text."""
    results = analysis.results
    tops = top_level(results)
    total = total_row(results)
    if (not tops and total is None) or results.hierarchy_unclear:
        return None
    programs = [ProgramFacts(b.line.code, b.line.name, b.line.budget, b.line.spent, b.absorption, b.remaining)
                for b in tops]
    top_pagu, top_spent = results.total_budget, results.total_spent
    unknown = [f"{sheet}!{cell}" for sheet, cell in results.budget_unknown]
    if total is not None and not tops:
        pagu, spent = total.line.budget, total.line.spent
        unknown = ["!".join(total.line.cause(k)) for k in ("budget", "spent") if getattr(total.line, k) is None]
    else:
        pagu, spent = top_pagu, top_spent
    known = pagu is not None and spent is not None
    linked = [g.budget for g in groups if g.budget is not None]
    unlinked = top_pagu - sum(linked, Decimal(0)) if linked and top_pagu is not None else None
    total_known = total is not None and total.line.budget is not None and total.line.spent is not None
    return BudgetFacts(
        pagu=pagu, realisasi=spent, serapan=calc.absorption(pagu, spent) if known else None,
        sisa=pagu - spent if known else None,
        sisa_pct=calc.absorption(pagu, pagu - spent) if known else None, from_total_row=total is not None,
        top_pagu=top_pagu, top_realisasi=top_spent,
        total_pagu=total.line.budget if total is not None else None,
        total_realisasi=total.line.spent if total is not None else None,
        differs=total_known and bool(tops) and top_pagu is not None and top_spent is not None
        and (total.line.budget != top_pagu or total.line.spent != top_spent),
        programs=programs, low=[p for p in programs if p.low],
        measured=sum(1 for p in programs if p.absorption is not None), unlinked=unlinked or None,
        unknown=list(dict.fromkeys(unknown)),
    )


def _population_rows(units: list[StaffUnit]) -> tuple[list[StaffUnit], bool]:
    totals = [u for u in units if u.is_total]
    return ([totals[-1]] if totals else [u for u in units if not u.is_total]), bool(totals)


def staff_population(units: list[StaffUnit]) -> tuple[dict[str, int | None], bool]:
    """The counts of the JUMLAH row when there is one, otherwise the sum of the units; None for empty columns
    and for columns with a count that cannot be read (see `staff_unknown`)."""
    keys = [c.key for c in SDM.columns if c.kind.value == "count"]
    rows, from_total = _population_rows(units)
    unknown = staff_unknown(units)
    counts: dict[str, int | None] = {}
    for key in keys:
        values = [u.counts.get(key) for u in rows if u.counts.get(key) is not None]
        counts[key] = int(sum(values, Decimal(0))) if values and key not in unknown else None
    return counts, from_total


def staff_unknown(units: list[StaffUnit]) -> dict[str, list[str]]:
    """Column key -> the cells ("SDM!C7") of the population's rows whose count cannot be read."""
    rows, _ = _population_rows(units)
    unknown: dict[str, list[str]] = {}
    for unit in rows:
        for key in sorted(unit.unreadable):
            if key in unit.counts:
                unknown.setdefault(key, []).append("!".join(unit.cause(key)))
    return unknown


def count_sum(counts: dict[str, int | None], keys: tuple[str, ...],
              unknown: dict[str, list[str]] | None = None) -> int | None:
    """The sum of the columns that have counts; None when none has, or when one of them cannot be read."""
    if unknown and any(k in unknown for k in keys):
        return None
    values = [counts[k] for k in keys if counts.get(k) is not None]
    return sum(values) if values else None


def staff_facts(analysis: Analysis) -> StaffFacts | None:
    units = analysis.data.staff_units
    if not units:
        return None
    counts, from_total = staff_population(units)
    unknown = staff_unknown(units)
    for group in STAFF_GROUPS:  # a breakdown with a count that cannot be read is not stated at all
        if any(k in unknown for k in group.columns):
            counts.update(dict.fromkeys(group.columns))
    asn = count_sum(counts, ("pns", "cpns", "pppk"), unknown)
    degree = count_sum(counts, ("edu_s3", "edu_s2", "edu_s1"), unknown)
    total = counts.get("total") if "total" not in unknown else None
    if total is None and "total" not in unknown:
        total = count_sum(counts, ("pns", "cpns", "pppk", "non_asn"), unknown)
    return StaffFacts(
        from_total_row=from_total, counts=counts, total=total, asn=asn,
        pns_cpns=count_sum(counts, ("pns", "cpns"), unknown), degree=degree,
        degree_pct=percent_of(Decimal(degree), Decimal(asn)) if degree is not None and asn else None,
        structural=count_sum(counts, ("jpt", "administrator", "supervisor"), unknown),
        unknown=[cell for cells in unknown.values() for cell in cells],
    )


def finding_facts(analysis: Analysis) -> FindingFacts:
    return FindingFacts(analysis.count(Severity.ERROR), analysis.count(Severity.WARNING),
                        analysis.count(Severity.INFO))


def facts(analysis: Analysis, file: str | None = None) -> Facts:
    """Everything the narrative states about one analysed workbook; `file` names the input."""
    results, ident = analysis.results, analysis.data.identitas
    groups = sasaran_groups(analysis)
    indicators = [i for g in groups for i in g.indicators]
    return Facts(
        version=__version__, file=file, agency=ident.agency, government=ident.government, year=ident.year,
        n=len(indicators), n_sasaran=sum(1 for g in groups if g.code),
        counted=sum(1 for i in indicators if i.capaian is not None),
        reached=sum(1 for i in indicators if i.capaian is not None and i.capaian >= 100),
        below=sum(1 for i in indicators if i.capaian is not None and i.capaian < 100),
        missing=sum(1 for i in indicators if i.capaian is None),
        capped=sum(1 for i in indicators if i.capped),
        extreme=sum(1 for i in indicators if i.extreme),
        average=results.average, average_category=results.average_category, average_basis=ident.average_basis,
        indicator_cap=ident.indicator_cap, average_cap=ident.average_cap,
        sasaran=groups, budget=budget_facts(analysis, groups), staff=staff_facts(analysis),
        findings=finding_facts(analysis), corrections=list(analysis.corrections),
        budget_unclear=next((f"{f.sheet}!{f.cell}" for f in analysis.findings
                             if f.code == "ANGGARAN-HIERARCHY-UNCLEAR"), None),
        programs=program_facts(results),
        efficiency_method=ident.efficiency_method,
        scale=scale_rows(list(results.scale)), turun_formula=ident.turun_formula,
        formulas=formulas_used(analysis),
        plan=plan_facts(analysis.data, results),
    )


def program_facts(results: Results) -> list[ProgramResult]:
    """The programs of the Kinerja Program sheet the narrative names (kegiatan and sub kegiatan are in the
    summary's table): those at the Program level, or every row when no Kode is a program."""
    programs = [p for p in results.programs if p.level == "Program"]
    return programs or [p for p in results.programs if p.level is not None]
