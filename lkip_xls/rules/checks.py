"""One small function per rule; each takes the records and the computed results and returns findings.

Comparisons (TEMPLATE.md §4): rupiah and staff counts exactly, percentages within 0,01.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from ..core import schema
from ..core.findings import make
from ..core.model import BudgetLine, Finding, Indicator, Percent, Record, Rupiah, StaffUnit, WorkbookData
from ..core.numbers import Target, TargetKind, round2
from . import calc
from .compute import Results

Check = Callable[[WorkbookData, Results], Iterator[Finding]]
TOLERANCE = calc.PERCENT_TOLERANCE
ZERO = Decimal(0)


def _differs(a: Decimal, b: Decimal, exact: bool) -> bool:
    return a != b if exact else abs(a - b) > TOLERANCE


# --------------------------------------------------------------------------- codes


def duplicate_codes(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """A Kode used twice on IKU, Anggaran or Realisasi: an error at the second occurrence. With Anggaran
    Tingkat, the full Kode (I.a.1) must be unique; the rows under a repeated one are not reported again."""
    for records in (data.indicators, data.budget_lines, data.quarters):
        seen: set[str] = set()
        repeated: set[str] = set()
        for record in records:
            code = getattr(record, "code", None)
            if code is None or "code" in record.unreadable:  # (not readable: 10,000 budget lines)
                continue
            if code in seen:
                if getattr(record, "parent_code", None) not in repeated:
                    yield make("KODE-DUPLICATE", record.sheet, record.visible_cell("code"), code=code, first=code)
                repeated.add(code)
            seen.add(code)


# --------------------------------------------------------------------------- indicators


def target_zero(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.indicators:
        indicator = result.indicator
        if result.capaian.missing is calc.NoCapaian.TARGET_ZERO:
            yield make("TARGET-ZERO", indicator.sheet, indicator.cell("target"),
                       code=indicator.code or "?", name=indicator.name)


def capaian_undefined(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.indicators:
        indicator = result.indicator
        if result.capaian.missing is calc.NoCapaian.ACTUAL_ZERO:
            yield make("CAPAIAN-UNDEFINED", indicator.sheet,
                       indicator.cell("capaian") or indicator.cell("actual"), code=indicator.code or "?",
                       name=indicator.name)


def realisasi_missing(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for indicator in data.indicators:
        if indicator.actual is None and indicator.actual_text is not None:
            yield make("REALISASI-NA", indicator.sheet, indicator.cell("actual"),
                       code=indicator.code or "?", name=indicator.name, text=indicator.actual_text)


def capaian_extreme(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.indicators:
        indicator, value = result.indicator, result.capaian.uncapped
        if calc.is_extreme(value):
            assert indicator.target is not None and indicator.actual is not None
            yield make("CAPAIAN-EXTREME", indicator.sheet,
                       indicator.cell("capaian") or indicator.cell("actual"),
                       code=indicator.code or "?", name=indicator.name, capaian=Percent(value),
                       target=indicator.target.value,
                       actual=indicator.actual, unit=indicator.unit or "")


# --------------------------------------------------------------------------- typed computed cells


def capaian_typed(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """The agency typed a capaian that differs from ours by more than 0,01."""
    for result in results.indicators:
        indicator, typed, computed = result.indicator, result.indicator.typed_capaian, result.value
        if typed is not None and computed is not None and _differs(typed, computed, exact=False):
            yield make("CAPAIAN-DIFFERS", indicator.sheet, indicator.cell("capaian"), typed=Percent(typed),
                       computed=Percent(computed), diff=Percent(typed - computed))


def category_typed(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.indicators:
        typed = result.indicator.typed_category
        if typed and result.category and typed.casefold() != result.category.casefold():
            yield make("KATEGORI-DIFFERS", result.indicator.sheet, result.indicator.cell("category"), typed=typed,
                       computed=result.category)


def serapan_typed(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.budget:
        line, typed, computed = result.line, result.line.typed_absorption, result.absorption
        if typed is not None and computed is not None and _differs(typed, computed, exact=False):
            yield make("SERAPAN-DIFFERS", line.sheet, line.cell("absorption"), typed=Percent(typed),
                       computed=Percent(computed), diff=Percent(typed - computed))


def sisa_typed(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.budget:
        line, typed = result.line, result.line.typed_remaining
        if typed is not None and result.remaining is not None and typed != result.remaining:
            yield make("SISA-DIFFERS", line.sheet, line.cell("remaining"), typed=Rupiah(typed),
                       computed=Rupiah(result.remaining), diff=Rupiah(typed - result.remaining))


def annual_typed(data: WorkbookData, results: Results) -> Iterator[Finding]:
    for result in results.quarters:
        typed, computed = result.row.typed_annual, result.annual_actual
        if typed is not None and computed is not None and _differs(typed, round2(computed), exact=False):
            yield make("TAHUNAN-DIFFERS", result.row.sheet, result.row.cell("annual"), typed=typed,
                       computed=round2(computed), diff=round2(typed - computed))


# --------------------------------------------------------------------------- anggaran


_MONEY_COLUMNS = tuple((key, schema.ANGGARAN.column(key).label) for key in ("budget", "spent"))  # Pagu, Realisasi


def budget_sums(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """Every parent equals the sum of its direct children, pagu and realisasi separately, to the sen."""
    children: dict[str, list] = defaultdict(list)
    for result in results.budget:
        if result.parent is not None:
            children[result.parent].append(result.line)
    seen: set[str] = set()
    every_code = not any("code" in r.line.unreadable for r in results.budget)  # the usual budget: none to doubt
    for result in results.budget:
        line = result.line
        if line.code is None or line.code not in children or line.code in seen:
            continue
        seen.add(line.code)
        kids = children[line.code]
        if not every_code and not all(record.readable("code") for record in (line, *kids)):
            continue  # a code whose digits Excel dropped: which lines are children is not known
        for key, label in _MONEY_COLUMNS:
            value = getattr(line, key)
            amounts = [getattr(kid, key) for kid in kids]
            if value is None or any(amount is None for amount in amounts):
                continue  # a value that cannot be read is reported at its cell, not again in a sum
            expected = sum(amounts, ZERO)
            if value != expected:
                yield make("ANGGARAN-SUM-DIFFERS", line.sheet, line.cell(key), column=label,
                           code=line.code, name=line.name, value=Rupiah(value), expected=Rupiah(expected),
                           diff=Rupiah(value - expected), children=len(kids))


def budget_total(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """The JUMLAH/TOTAL row equals the sum of the top-level rows."""
    expected = {"budget": results.total_budget, "spent": results.total_spent}
    for line in data.budget_lines:
        if not line.is_total:
            continue
        for key, label in _MONEY_COLUMNS:
            value = getattr(line, key)
            if value is None or expected[key] is None:
                continue
            if value != expected[key]:
                yield make("ANGGARAN-TOTAL-DIFFERS", line.sheet, line.cell(key), column=label,
                           value=Rupiah(value), expected=Rupiah(expected[key]),
                           diff=Rupiah(value - expected[key]))


def spent_over_budget(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """Realisasi above pagu is an error in spending; revenue (Jenis Pendapatan) may exceed its target."""
    revenue = {id(r.line) for r in results.budget if r.revenue}
    for line in data.budget_lines:
        if id(line) in revenue:
            continue
        if line.spent is not None and line.budget is not None and line.spent > line.budget:
            yield make("REALISASI-OVER-PAGU", line.sheet, line.cell("spent"),
                       code=line.code or line.name or "?", name=_name(line), spent=Rupiah(line.spent),
                       budget=Rupiah(line.budget), diff=Rupiah(line.spent - line.budget))


def _name(line: BudgetLine) -> str | None:
    """The Uraian a message names a line by beside its Kode (None when the Kode is missing and the Uraian stands
    in for it)."""
    return line.name if line.code else None


def unknown_sasaran(data: WorkbookData, results: Results) -> Iterator[Finding]:
    known = {i.sasaran_code for i in data.indicators if i.sasaran_code}
    for line in data.budget_lines:
        if line.sasaran_code and line.sasaran_code not in known and line.readable("sasaran_code"):
            yield make("SASARAN-UNKNOWN", line.sheet, line.cell("sasaran_code"),
                       code=line.code or line.name or "?", name=_name(line), sasaran=line.sasaran_code)


# --------------------------------------------------------------------------- PK


def _targets_differ(a: Target, b: Target, indicator: Indicator) -> bool:
    exact = (indicator.unit or "").strip() != "%"
    if a.kind is not b.kind:
        return True
    if _differs(a.value, b.value, exact):
        return True
    if a.kind is TargetKind.RANGE:
        return _differs(a.upper or ZERO, b.upper or ZERO, exact)
    return False


def pk_against_iku(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """PK targets equal the IKU targets; indicators missing on either side."""
    if not data.has_sheet(schema.PK.name):
        return
    indicators = {i.code: i for i in data.indicators if i.code}
    codes_known = all(i.readable("code") for i in data.indicators)
    reported: set[str] = set()
    for row in data.pk_rows:
        if row.code is None or not row.readable("code"):
            continue
        indicator = indicators.get(row.code)
        if indicator is None:
            if row.code not in reported and codes_known:
                reported.add(row.code)
                yield make("PK-KODE-UNKNOWN", row.sheet, row.cell("code"), code=row.code)
            continue
        if row.target is not None and indicator.target is not None and _targets_differ(row.target, indicator.target,
                                                                                      indicator):
            yield make("PK-TARGET-DIFFERS", row.sheet, row.cell("target"), code=row.code, name=indicator.name,
                       pk=row.target, iku=indicator.target)
    in_pk = {row.code for row in data.pk_rows}
    pk_known = all(row.readable("code") for row in data.pk_rows)
    for indicator in data.indicators:  # a PK commits sasaran targets: a Tujuan indicator need not be in it
        if indicator.code and indicator.code not in in_pk and indicator.readable("code") and pk_known \
                and not indicator.is_tujuan:
            yield make("IKU-NOT-IN-PK", indicator.sheet, indicator.cell("code"),
                       code=indicator.code, name=indicator.name)


def pk_budget(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """The PK budget of each program code equals the pagu of that code on the Anggaran sheet."""
    first_row: dict[str, Record] = {}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    unknown: set[str] = set()  # programs with a PK budget or a code that cannot be read
    for row in data.pk_rows:
        if row.program_code is None:
            continue
        first_row.setdefault(row.program_code, row)  # the program's first row, budget or not (TEMPLATE §4)
        if not row.readable("budget", "program_code"):
            unknown.add(row.program_code)
        elif row.budget is not None:
            totals[row.program_code] += row.budget
    if not totals:
        return  # no PK budget to compare: no look-up over the budget lines
    pagu = {line.code: line.budget for line in data.budget_lines if line.code}
    murni = {line.code: line.budget_initial for line in data.budget_lines if line.code}
    names = {line.code: line.name for line in data.budget_lines if line.code}
    unknown |= {line.code for line in data.budget_lines if line.code and not line.readable("code", "budget")}
    codes_known = all(line.readable("code") for line in data.budget_lines)
    for code, total in totals.items():
        budget = pagu.get(code)
        if code in unknown or (budget is None and not codes_known):
            continue
        if budget is None or budget != total:
            row = first_row[code]
            yield make("PK-ANGGARAN-DIFFERS", row.sheet, row.cell("budget"), program=code, name=names.get(code),
                       pk=Rupiah(total), pagu=Rupiah(budget) if budget is not None else None,
                       diff=Rupiah(total - budget) if budget is not None else Rupiah(total),
                       murni=Rupiah(total) if murni.get(code) == total else None)


# --------------------------------------------------------------------------- triwulan


def quarters_against_iku(data: WorkbookData, results: Results) -> Iterator[Finding]:
    indicators = {i.code: i for i in data.indicators if i.code}
    for result in results.quarters:
        row = result.row
        if row.code is None or not row.readable("code"):
            continue
        indicator = indicators.get(row.code)
        if indicator is None:
            if all(i.readable("code") for i in data.indicators):
                yield make("TW-KODE-UNKNOWN", row.sheet, row.cell("code"), code=row.code)
            continue
        aggregation = row.aggregation or "?"
        annual = result.annual_actual
        if not indicator.readable("actual"):
            annual = None  # reported at the IKU cell; nothing to compare with
        if annual is not None and (indicator.actual is None or _differs(round2(annual), indicator.actual, False)):
            yield make("TW-REALISASI-DIFFERS", indicator.sheet, indicator.cell("actual"),
                       code=row.code, name=indicator.name, aggregation=aggregation, annual=round2(annual),
                       iku=indicator.actual,
                       diff=round2(annual - indicator.actual) if indicator.actual is not None else None)
        annual_target = result.annual_target
        target = indicator.target
        if annual_target is not None and target is not None and target.kind is not TargetKind.RANGE:
            if _differs(round2(annual_target), target.value, False):
                yield make("TW-TARGET-DIFFERS", indicator.sheet, indicator.cell("target"),
                           code=row.code, name=indicator.name, aggregation=aggregation, annual=round2(annual_target),
                           iku=target.value, diff=round2(annual_target - target.value))


# --------------------------------------------------------------------------- SDM


def _present(unit: StaffUnit, keys: Iterable[str]) -> list[str]:
    return [k for k in keys if k in unit.counts]


def staff_groups(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """Every breakdown of a row adds up to its population; a group left entirely empty is not checked."""
    headers = {c.key: c.header for c in schema.SDM.columns}
    for unit in data.staff_units:
        for group in schema.staff_groups(data.identitas.education_population):
            columns = _present(unit, group.columns)
            population = _present(unit, group.population)
            if not columns or not population or all(unit.counts[k] is None for k in columns):
                continue
            if not unit.readable(*columns, *population):
                continue  # a count that cannot be read is reported at its cell, not again in its group
            total = sum((unit.counts[k] or ZERO for k in columns), ZERO)
            expected = sum((unit.counts[k] or ZERO for k in population), ZERO)
            if total != expected:
                yield make(f"SDM-{group.name.upper()}-DIFFERS", unit.sheet, unit.cell(columns[0]),
                           unit=unit.unit or "?", group=group.name, columns="+".join(headers[k] for k in columns),
                           total=total, population="+".join(headers[k] for k in population), expected=expected,
                           diff=total - expected)


def staff_total(data: WorkbookData, results: Results) -> Iterator[Finding]:
    """The JUMLAH row's cells equal the column sums of the unit rows."""
    units = [u for u in data.staff_units if not u.is_total]
    group_of = {c.key: c.group for c in schema.SDM.columns}
    for total_row in (u for u in data.staff_units if u.is_total):
        for key, value in total_row.counts.items():
            group = group_of.get(key)
            siblings = [k for k, g in group_of.items() if g == group and k in total_row.counts] if group else [key]
            if all(total_row.counts[k] is None for k in siblings):
                continue
            if not total_row.readable(key) or not all(u.readable(key) for u in units):
                continue
            expected = sum((u.counts.get(key) or ZERO for u in units), ZERO)
            if (value or ZERO) != expected:
                header = schema.SDM.column(key).header
                yield make("SDM-TOTAL-DIFFERS", total_row.sheet, total_row.cell(key),
                           header=header, value=value or ZERO, expected=expected, diff=(value or ZERO) - expected)


CHECKS: tuple[Check, ...] = (
    duplicate_codes,
    target_zero,
    capaian_undefined,
    realisasi_missing,
    capaian_extreme,
    capaian_typed,
    category_typed,
    serapan_typed,
    sisa_typed,
    annual_typed,
    budget_sums,
    budget_total,
    spent_over_budget,
    unknown_sasaran,
    pk_against_iku,
    pk_budget,
    quarters_against_iku,
    staff_groups,
    staff_total,
)


def run_checks(data: WorkbookData, results: Results) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(data, results)]
