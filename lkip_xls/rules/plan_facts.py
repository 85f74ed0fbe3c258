"""The figures the summary states about the plan and the evidence (TEMPLATE.md §5, issue #16), as plain values:
no wording (the summary's tables and sentences are rendered in `text/` and `outputs/`).

`plan_facts(data, results)` gives, per workbook:
- `tujuan`: the Tujuan indicators (Tingkat Tujuan), their own table: in no average and no sasaran;
- `not_averaged`: the Kodes of sasaran indicators with Dirata-rata Tidak (reported, left out of every average);
- `year_on_year`: this year against last year, per indicator with Target Tahun Lalu or Realisasi Tahun Lalu:
  last year's capaian (Target Tahun Lalu, Realisasi Tahun Lalu, the indicator's own formula) and the change
  in poin persen, and the change of the realisasi;
- `renstra`: per Renstra row, every year's target, realisasi, capaian and change (`rules.plan.RenstraYear`),
  Target Akhir with its end year (the last Target YYYY column: "target akhir Renstra tahun …"), this year's
  realisasi and the kemajuan toward Target Akhir both ways (realisasi ÷ Target Akhir × 100, and the capaian
  formula with Target Akhir as the target);
- `comparisons`: per indicator with Nilai Nasional or Nilai Provinsi, realisasi ÷ figure × 100;
- `pk_changes`: the PK rows with a Target Awal (a PK Perubahan changed the target): reported, never checked;
- `evidence`: per Data Dukung row, the worked formula's inputs (Uraian/Nilai A and B, Rumus), its result, the
  Realisasi of the indicator it names, and whether they differ, whether the result filled an empty Realisasi, or
  why it could not be computed (`skipped`).
Every number is a Decimal (2 places where computed) or None where it cannot be said."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..core.model import Indicator, WorkbookData
from ..core.numbers import Target
from . import plan
from .compute import IndicatorResult, Results


@dataclass
class TujuanRow:
    code: str | None
    name: str | None
    unit: str | None
    direction: str | None
    target: Target | None
    actual: Decimal | None
    capaian: Decimal | None
    category: str | None


@dataclass
class YearOnYearRow:
    code: str | None
    name: str | None
    unit: str | None
    tujuan: bool
    target_last_year: Target | None
    actual_last_year: Decimal | None
    capaian_last_year: Decimal | None
    target: Target | None
    actual: Decimal | None
    capaian: Decimal | None
    change: Decimal | None  # capaian minus last year's capaian, poin persen
    actual_change: Decimal | None  # realisasi minus last year's realisasi


@dataclass
class RenstraFacts:
    code: str | None
    name: str | None
    unit: str | None
    baseline: Decimal | None  # Kondisi Awal
    years: list[plan.RenstraYear]
    final_target: Target | None
    end_year: int | None
    year: int | None  # the workbook's Tahun
    actual: Decimal | None  # this year's realisasi
    progress_ratio: Decimal | None  # realisasi ÷ Target Akhir × 100
    progress: Decimal | None  # the capaian formula with Target Akhir as the target (JSON `kemajuan`)
    direction: str | None = None  # the indicator's Arah: names the capaian formula of `progress`


@dataclass
class ComparisonRow:
    code: str | None
    name: str | None
    unit: str | None
    actual: Decimal | None
    national: Decimal | None
    national_percent: Decimal | None  # realisasi ÷ Nilai Nasional × 100
    provincial: Decimal | None
    provincial_percent: Decimal | None


@dataclass
class EvidenceFacts:
    code: str | None
    name: str | None  # the indicator's name; None when the Kode is unknown
    cell: str  # "Data Dukung!G5": where the computed realisasi is written
    formula: str | None  # the Rumus
    label_a: str | None
    value_a: Decimal | None
    label_b: str | None
    value_b: Decimal | None
    result: Decimal | None
    actual: Decimal | None  # the indicator's Realisasi (after filling)
    differs: bool  # DATA-DUKUNG-DIFFERS
    used: bool  # DATA-DUKUNG-USED: the result filled the empty Realisasi
    skipped: str | None  # zero | no-value | unreadable


@dataclass
class PKChange:
    code: str | None
    name: str | None
    initial: Target  # Target Awal: the first PK's target
    target: Target | None  # the final (checked) Target
    unit: str | None = None  # the IKU's Satuan, for the sentence


@dataclass
class PlanFacts:
    year: int | None
    tujuan: list[TujuanRow] = field(default_factory=list)
    not_averaged: list[str] = field(default_factory=list)
    year_on_year: list[YearOnYearRow] = field(default_factory=list)
    renstra: list[RenstraFacts] = field(default_factory=list)
    comparisons: list[ComparisonRow] = field(default_factory=list)
    evidence: list[EvidenceFacts] = field(default_factory=list)
    pk_changes: list[PKChange] = field(default_factory=list)


def _year_on_year(result: IndicatorResult, data: WorkbookData) -> YearOnYearRow | None:
    ind = result.indicator
    if ind.target_last_year is None and ind.actual_last_year is None:
        return None
    last = plan.last_year(ind, result.value, data)
    actual_change = ind.actual - ind.actual_last_year \
        if ind.actual is not None and ind.actual_last_year is not None else None
    return YearOnYearRow(ind.code, ind.name, ind.unit, ind.is_tujuan, last.target, last.actual, last.capaian,
                         ind.target, ind.actual, result.value, last.change, actual_change)


def _comparison(ind: Indicator) -> ComparisonRow | None:
    if ind.national is None and ind.provincial is None:
        return None
    return ComparisonRow(ind.code, ind.name, ind.unit, ind.actual, ind.national, plan.against(ind.actual, ind.national),
                         ind.provincial, plan.against(ind.actual, ind.provincial))


def plan_facts(data: WorkbookData, results: Results) -> PlanFacts:
    """What the summary's plan and evidence tables and sentences need (see the module's docstring)."""
    facts = PlanFacts(year=data.identitas.year)
    for result in results.indicators:
        ind = result.indicator
        if ind.is_tujuan:
            facts.tujuan.append(TujuanRow(ind.code, ind.name, ind.unit, ind.direction, ind.target, ind.actual,
                                          result.value, result.category))
        elif not ind.averaged and ind.code:
            facts.not_averaged.append(ind.code)
        row = _year_on_year(result, data)
        if row is not None:
            facts.year_on_year.append(row)
        comparison = _comparison(ind)
        if comparison is not None:
            facts.comparisons.append(comparison)
    for r in results.renstra:
        ind = r.indicator
        facts.renstra.append(RenstraFacts(
            r.row.code, ind.name if ind else None, ind.unit if ind else None, r.row.baseline, list(r.years),
            r.final_target, r.end_year, data.identitas.year, r.actual, r.progress_ratio, r.progress,
            ind.direction if ind else None))
    by_code = {i.code: i for i in data.indicators if i.code}
    facts.pk_changes = [PKChange(row.code, row.name or (by_code[row.code].name if row.code in by_code else None),
                                 row.target_initial, row.target,
                                 by_code[row.code].unit if row.code in by_code else None)
                        for row in data.pk_rows if row.target_initial is not None]
    for item in results.evidence:
        row, ind = item.row, item.indicator
        actual = ind.actual if ind is not None else None
        facts.evidence.append(EvidenceFacts(
            row.code, ind.name if ind else None, f"{row.sheet}!{row.cell('computed') or row.cell('code')}",
            row.formula, row.label_a, row.value_a, row.label_b, row.value_b, item.value, actual, item.differs,
            item.filled, item.skipped))
    return facts
