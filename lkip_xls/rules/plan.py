"""The plan and the evidence (TEMPLATE.md §5, issue #16): Data Dukung (a realisasi computed from its A and B),
the Renstra's years (capaian per year, the change year to year, the progress toward Target Akhir), last year's
capaian, the national and provincial comparison, and their checks. Pure functions over the model: no workbook,
no wording.

Root cause (one slip, one finding): when a Realisasi differs from its Data Dukung (DATA-DUKUNG-DIFFERS) and the
agency's typed Capaian also differs from lkip-xls's (CAPAIAN-DIFFERS), but that typed Capaian is what the
Data Dukung figure gives, the Realisasi is the slip: DATA-DUKUNG-DIFFERS carries the Data Dukung figure as
`expected` and CAPAIAN-DIFFERS becomes information caused by the Realisasi cell. Otherwise both stay."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ..core import schema
from ..core.findings import explained, make
from ..core.model import (
    EvidenceRow,
    Finding,
    Indicator,
    ProgramIndicator,
    RenstraRow,
    WorkbookData,
)
from ..core.numbers import HUNDRED, Target, round2
from . import calc

if TYPE_CHECKING:
    from .compute import Results


# --------------------------------------------------------------------------- Data Dukung


def evaluate(formula: str, a: Decimal, b: Decimal) -> Decimal:
    """A Data Dukung Rumus, rounded half-up to 2 places: Persentase A / B x 100, Pertumbuhan (A - B) / B x 100,
    Rasio A / B, Selisih A - B. ZeroDivisionError when B is 0 (all but Selisih)."""
    if formula == "Selisih":
        return round2(a - b)
    if b == 0:
        raise ZeroDivisionError
    if formula == "Persentase":
        return round2(a / b * HUNDRED)
    if formula == "Pertumbuhan":
        return round2((a - b) / b * HUNDRED)
    if formula == "Rasio":
        return round2(a / b)
    raise ValueError(formula)


@dataclass
class EvidenceResult:
    """One Data Dukung row: what it computes and the indicator it names (None: its Kode is unknown)."""

    row: EvidenceRow
    value: Decimal | None  # the computed realisasi; None when it cannot be computed (see `skipped`)
    indicator: Indicator | ProgramIndicator | None = None
    skipped: str | None = None  # "zero" (B is 0), "no-value" (A or B is N/A or -), "unreadable" (reported there)
    duplicate: bool = False  # an earlier row names the same indicator (or Kode): computed, never used or compared
    first_code: str | None = None  # a duplicate's: the Kode of that earlier row as typed (IKU1 before IKU1#1)

    @property
    def filled(self) -> bool:
        """Its figure stands in the indicator's empty Realisasi (DATA-DUKUNG-USED)."""
        return self.indicator is not None and self.indicator.actual_from_evidence and \
            self.indicator.actual == self.value

    @property
    def differs(self) -> bool:
        """The indicator's typed Realisasi is more than 0,01 from its figure (DATA-DUKUNG-DIFFERS)."""
        return self.value is not None and self.indicator is not None and self.indicator.actual is not None \
            and not self.indicator.actual_from_evidence and abs(self.indicator.actual - self.value) > \
            calc.PERCENT_TOLERANCE


def resolve(code: str, data: WorkbookData) -> Indicator | ProgramIndicator | None:
    """The indicator a Data Dukung Kode names: an IKU Kode, else a Kinerja Program Kode (its first indicator),
    `KODE#n` its n-th."""
    base, _, number = code.partition("#")
    for indicator in data.indicators:
        if indicator.code is not None and indicator.code in (code, base.strip() if number.strip() == "1" else None):
            return indicator  # an IKU Kode names one indicator: `KODE#1` is the same
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses
    index = int(number) - 1 if re.fullmatch(r"[0-9]+", number.strip()) else 0 if not number else -1
    if index < 0:
        return None
    base = base.strip()
    indicators = [p for p in data.program_indicators if p.code == base]
    return indicators[index] if index < len(indicators) else None


def compute_evidence(data: WorkbookData) -> list[EvidenceResult]:
    """Every row's figure; a row naming an indicator (or, unknown, a Kode) an earlier row names is `duplicate`:
    the first row is the indicator's Data Dukung (KODE-DUPLICATE at the later one)."""
    results = []
    seen: dict[object, str | None] = {}
    for row in data.evidence:
        indicator = resolve(row.code, data) if row.code else None
        identity = id(indicator) if indicator is not None else row.code
        repeated = identity is not None and identity in seen
        results.append(_evidence(row, indicator))
        results[-1].duplicate = repeated
        if repeated:
            results[-1].first_code = seen[identity]
        else:
            seen[identity] = row.code
    return results


def _evidence(row: EvidenceRow, indicator: Indicator | ProgramIndicator | None) -> EvidenceResult:
    if not row.readable("value_a", "value_b", "formula") or row.formula is None:
        return EvidenceResult(row, None, indicator, "unreadable")
    if row.value_a is None or row.value_b is None:
        return EvidenceResult(row, None, indicator, "no-value")
    try:
        value = evaluate(row.formula, row.value_a, row.value_b)
    except ZeroDivisionError:
        return EvidenceResult(row, None, indicator, "zero")
    except InvalidOperation:  # pragma: no cover - numbers are bounded by the reader
        return EvidenceResult(row, None, indicator, "unreadable")
    return EvidenceResult(row, value, indicator)


def fill_actuals(evidence: list[EvidenceResult]) -> None:
    """An empty Realisasi takes the figure its first computable Data Dukung row gives; the indicator remembers
    it (DATA-DUKUNG-USED). An unreadable one stays unread, and a typed N/A or `belum rilis` is the agency's
    word that there is no value (REALISASI-NA): neither is filled. Idempotent."""
    for item in evidence:
        indicator = item.indicator
        if item.value is None or indicator is None or indicator.actual_from_evidence or item.duplicate:
            continue
        if indicator.actual is None and indicator.readable("actual") and not indicator.actual_text:
            indicator.actual = item.value
            indicator.actual_text = None
            indicator.actual_from_evidence = True


# --------------------------------------------------------------------------- Renstra


@dataclass
class RenstraYear:
    year: int
    target: Target | None
    actual: Decimal | None
    capaian: Decimal | None  # the indicator's own capaian formula, Batas Capaian applied
    change: Decimal | None = None  # realisasi minus the previous year's realisasi
    capaian_change: Decimal | None = None  # capaian minus the previous year's, in poin persen
    from_iku: bool = False  # the workbook's Tahun without a Renstra realisasi: the IKU Realisasi


@dataclass
class RenstraResult:
    row: RenstraRow
    indicator: Indicator | None
    years: list[RenstraYear] = field(default_factory=list)
    final_target: Target | None = None
    end_year: int | None = None  # the last year with a target: "target akhir Renstra tahun ..."
    actual: Decimal | None = None  # this year's realisasi (IKU, else Renstra's Realisasi of the Tahun)
    progress_ratio: Decimal | None = None  # realisasi / Target Akhir x 100
    progress: Decimal | None = None  # the indicator's capaian formula with Target Akhir as the target (kemajuan)


def _capaian(direction: str | None, target: Target | None, actual: Decimal | None, turun: str,
             cap: Decimal | None = None) -> Decimal | None:
    try:
        return calc.capaian(direction, target, actual, turun, cap).value
    except InvalidOperation:
        return None


def compute_renstra(data: WorkbookData) -> list[RenstraResult]:
    ident = data.identitas
    by_code = {i.code: i for i in data.indicators if i.code}
    results = []
    seen: set[str] = set()
    for row in data.renstra:
        if row.code is not None and row.readable("code") and row.code in seen:
            continue  # KODE-DUPLICATE: the first row is the indicator's
        seen.add(row.code or "")
        indicator = by_code.get(row.code or "")
        direction = indicator.direction if indicator else "Naik"
        result = RenstraResult(row, indicator, final_target=row.final_target)
        previous: RenstraYear | None = None
        for year in sorted(set(row.targets) | set(row.actuals)):
            actual, from_iku = row.actuals.get(year), False
            if actual is None and indicator is not None and year == ident.year and indicator.actual is not None \
                    and row.readable(f"realisasi_{year}"):
                actual, from_iku = indicator.actual, True
            target = row.targets.get(year)
            if target is None and actual is None:
                if not (row.readable(f"target_{year}") and row.readable(f"realisasi_{year}")):
                    previous = None  # a year we could not read: no change is stated across it
                continue  # a year column this row leaves empty (the template shows five years)
            item = RenstraYear(year, target, actual,
                               _capaian(direction, target, actual, ident.turun_formula, ident.indicator_cap),
                               from_iku=from_iku)
            if previous is not None and previous.year == year - 1:  # a change is from one year to the next
                if actual is not None and previous.actual is not None:
                    item.change = actual - previous.actual
                if item.capaian is not None and previous.capaian is not None:
                    item.capaian_change = item.capaian - previous.capaian
            previous = item
            result.years.append(item)
        target_years = [y for y, t in row.targets.items() if t is not None]
        result.end_year = max(target_years) if target_years else None
        this_year = next((y for y in result.years if y.year == ident.year), None)
        result.actual = indicator.actual if indicator is not None and indicator.actual is not None else \
            this_year.actual if this_year is not None else None
        if result.final_target is not None and result.actual is not None and direction:
            number = result.final_target.number_for(direction)
            result.progress_ratio = round2(result.actual / number * HUNDRED) if number else None
            result.progress = _capaian(direction, result.final_target, result.actual, ident.turun_formula)
        results.append(result)
    return results


# --------------------------------------------------------------------------- one indicator's comparisons


@dataclass(frozen=True)
class LastYear:
    target: Target | None
    actual: Decimal | None
    capaian: Decimal | None  # last year's capaian (Target Tahun Lalu, Realisasi Tahun Lalu)
    change: Decimal | None  # this year's capaian minus last year's, in poin persen


def last_year(indicator: Indicator, capaian: Decimal | None, data: WorkbookData) -> LastYear:
    ident = data.identitas
    last = _capaian(indicator.direction, indicator.target_last_year, indicator.actual_last_year,
                    ident.turun_formula, ident.indicator_cap)
    change = capaian - last if capaian is not None and last is not None else None
    return LastYear(indicator.target_last_year, indicator.actual_last_year, last, change)


def against(actual: Decimal | None, figure: Decimal | None) -> Decimal | None:
    """realisasi / Nilai Nasional (or Provinsi) x 100, half-up to 2 places; None without both or on a 0."""
    if actual is None or figure is None or figure == 0:
        return None
    return round2(actual / figure * HUNDRED)


# --------------------------------------------------------------------------- checks


def renstra_checks(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """RENSTRA-KODE-UNKNOWN at a Renstra Kode that is no IKU Kode; RENSTRA-TARGET-DIFFERS at the IKU Target
    (the Renstra target of the workbook's Tahun) and at the IKU Target Akhir Renstra (the Renstra Target Akhir);
    RENSTRA-REALISASI-DIFFERS at the Renstra Realisasi of the workbook's Tahun that is not the IKU Realisasi."""
    from .checks import _targets_differ  # the comparison PK-TARGET-DIFFERS makes: exact unless the satuan is %
    if not data.has_sheet(schema.RENSTRA.name):
        return
    codes_known = all(i.readable("code") and i.code is not None for i in data.indicators)  # else: not "unknown"
    year = data.identitas.year
    seen: set[str] = set()
    iku_codes = {i.code for i in data.indicators}
    for row in data.renstra:
        if row.code is not None and row.readable("code"):
            merged_unknown = codes_known and row.code not in iku_codes and "code" in (row.merged_from or {})
            if row.code in seen and not merged_unknown:  # an unknown Kode merged over rows: reported once, below
                yield make("KODE-DUPLICATE", row.sheet, row.visible_cell("code"), code=row.code, first=row.code)
            seen.add(row.code)
    for result in results.renstra:
        row, indicator = result.row, result.indicator
        if row.code is None or not row.readable("code"):
            continue
        if indicator is None:
            if codes_known:
                yield make("RENSTRA-KODE-UNKNOWN", row.sheet, row.cell("code"), code=row.code)
            continue
        planned = row.targets.get(year) if year is not None else None
        if planned is not None and indicator.target is not None and _targets_differ(planned, indicator.target,
                                                                                    indicator):
            yield make("RENSTRA-TARGET-DIFFERS", indicator.sheet, indicator.cell("target"), code=row.code,
                       name=indicator.name,
                       column=schema.RENSTRA.column(f"target_{year}").header, renstra=planned,
                       iku=indicator.target, header=schema.IKU.column("target").header)
        typed = row.actuals.get(year) if year is not None else None
        if typed is not None and indicator.actual is not None and typed != indicator.actual:
            # the IKU sheet is the report's own figure; the Renstra copy of it is the cell to look at
            yield make("RENSTRA-REALISASI-DIFFERS", row.sheet, row.cell(f"realisasi_{year}"), code=row.code,
                       name=indicator.name, column=schema.RENSTRA.column(f"realisasi_{year}").header,
                       renstra=typed, iku=indicator.actual, header=schema.IKU.column("actual").header)
        final = row.final_target
        if final is not None and indicator.renstra_target is not None and _targets_differ(
                final, indicator.renstra_target, indicator):
            yield make("RENSTRA-TARGET-DIFFERS", indicator.sheet, indicator.cell("renstra_target"), code=row.code,
                       name=indicator.name,
                       column=schema.RENSTRA.column("final_target").header, renstra=final,
                       iku=indicator.renstra_target, header=schema.IKU.column("renstra_target").header)


def _subject(indicator: Indicator | ProgramIndicator) -> str:
    return indicator.code or indicator.name or "?"


def evidence_checks(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """DATA-DUKUNG-KODE-UNKNOWN, DATA-DUKUNG-SKIPPED (B is 0; A or B has no value), DATA-DUKUNG-USED (an empty
    Realisasi filled) and DATA-DUKUNG-DIFFERS (a Realisasi more than 0,01 from its Data Dukung figure)."""
    # an IKU row whose Kode is empty or unreadable (reported there) may be the one a Kode names: not "unknown"
    codes_known = all(i.readable("code") and i.code is not None for i in data.indicators) and \
        all(p.readable("code") for p in data.program_indicators)
    for item in results.evidence:
        row, indicator = item.row, item.indicator
        if item.duplicate:
            merged_unknown = indicator is None and codes_known and "code" in (row.merged_from or {})
            if not merged_unknown:  # an unknown Kode merged over rows: DATA-DUKUNG-KODE-UNKNOWN at the merge only
                yield make("KODE-DUPLICATE", row.sheet, row.visible_cell("code"), code=row.code,
                           first=item.first_code or row.code)
            continue  # the first row is the indicator's Data Dukung
        if indicator is None and row.code is not None and row.readable("code") and codes_known:
            yield make("DATA-DUKUNG-KODE-UNKNOWN", row.sheet, row.cell("code"), code=row.code)
        name = indicator.name if indicator is not None else None
        if item.skipped == "zero":
            yield make("DATA-DUKUNG-SKIPPED", row.sheet, row.cell("value_b"), code=row.code or "?",
                       name=name, reason="zero", formula=row.formula)
        elif item.skipped == "no-value":
            key = "value_a" if row.value_a is None else "value_b"
            yield make("DATA-DUKUNG-SKIPPED", row.sheet, row.cell(key), code=row.code or "?", name=name,
                       reason="no-value", formula=row.formula)
        if item.value is None or indicator is None:
            continue
        words = dict(rumus=row.formula, a=row.value_a, b=row.value_b, computed=item.value,
                     source=f"{row.sheet}!{row.cell('computed') or row.cell('code')}")
        if item.filled:
            yield make("DATA-DUKUNG-USED", indicator.sheet, indicator.cell("actual"), code=_subject(indicator),
                       name=indicator.name, **words)
        elif item.differs:
            yield make("DATA-DUKUNG-DIFFERS", indicator.sheet, indicator.cell("actual"), code=_subject(indicator),
                       name=indicator.name, typed=indicator.actual, diff=indicator.actual - item.value, **words)


def run_checks(data: WorkbookData, results: Results) -> list[Finding]:
    return [*renstra_checks(data, results), *evidence_checks(data, results)]


def _without_explained_na(findings: list[Finding], data: WorkbookData, results: Results) -> list[Finding]:
    """One slip, one finding: an empty Realisasi that its Data Dukung could not fill gets no REALISASI-NA beside
    the finding that says why (at the Data Dukung row: a formula without value, an error, N/A, B = 0; or a
    Data Dukung Kode that names no indicator, DATA-DUKUNG-KODE-UNKNOWN, when there are at least as many of those
    rows as empty Realisasi without a Data Dukung row). A Realisasi typed N/A or `belum rilis` keeps it."""
    if not results.evidence:
        return findings
    own = {id(e.indicator): e for e in results.evidence if e.indicator is not None and not e.duplicate}
    empty = [i for i in data.indicators if i.actual is None and i.actual_text == "" and i.readable("actual")]
    explained_cells = {(i.sheet, i.cell("actual")) for i in empty if id(i) in own and own[id(i)].value is None}
    orphans = [i for i in empty if id(i) not in own]
    unknown = sum(1 for f in findings if f.code == "DATA-DUKUNG-KODE-UNKNOWN")
    if orphans and unknown >= len(orphans):
        explained_cells |= {(i.sheet, i.cell("actual")) for i in orphans}
    return [f for f in findings if not (f.code == "REALISASI-NA" and (f.sheet, f.cell) in explained_cells)]


def explain(findings: list[Finding], data: WorkbookData, results: Results) -> list[Finding]:
    """The root-cause rule of this module's docstring: a Realisasi that differs from its Data Dukung, whose
    typed Capaian agrees with the Data Dukung figure, is the one slip; and no REALISASI-NA where a Data Dukung
    finding already says why the empty Realisasi was not filled."""
    findings = _without_explained_na(findings, data, results)
    differs = {(f.sheet, f.cell): f for f in findings if f.code == "DATA-DUKUNG-DIFFERS"}
    if not differs:
        return findings
    ident = data.identitas
    replacements: dict[int, Finding] = {}
    capaian_at = {(f.sheet, f.cell): i for i, f in enumerate(findings) if f.code == "CAPAIAN-DIFFERS"}
    index_of = {id(f): i for i, f in enumerate(findings)}
    for indicator in [*data.indicators, *data.program_indicators]:
        finding = differs.get((indicator.sheet, indicator.cell("actual")))
        position = capaian_at.get((indicator.sheet, indicator.cell("capaian")))
        if finding is None or position is None or indicator.typed_capaian is None:
            continue
        expected = finding.params["computed"]
        would = _capaian(indicator.direction, indicator.target, expected, ident.turun_formula, ident.indicator_cap)
        if would is None or abs(would - indicator.typed_capaian) > calc.PERCENT_TOLERANCE:
            continue
        cause = f"{indicator.sheet}!{indicator.cell('actual')}"
        # the witness is a kind of figure (text.causes.WITNESSES), as the reconciliation's are: the typed Capaian
        replacements[index_of[id(finding)]] = replace(finding, expected=expected, witnesses=("capaian",))
        replacements[position] = explained(findings[position], (cause,))
    return [replacements.get(i, f) for i, f in enumerate(findings)]

