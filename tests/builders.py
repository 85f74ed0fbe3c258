"""Test data as the reader would hand it to the rules: model records placed on the template's rows and cells.

    data = workbook(
        indicators=[indicator("IKU1", 80, 84), indicator("IKU2", "< 10", 8, row=7)],
        budget=[budget_line("1", 1_000_000, 931_000, sasaran="SS1"), budget_line("1.1", 1_000_000, 931_000)],
    )
    analysis = analyse(data)  # rules.analysis.analyse(data, []): no workbook, no file

Records without a `row` follow the one before them, from the first data row of the template (row 4); their
cells come from a `SheetLayout` with the template's columns (IKU G Target, Anggaran D Pagu, SDM F Jumlah Pegawai
...), so that a finding names the cell a filled template would have (`Anggaran!D5`).
Numbers may be given as int, float (read by its repr, as the reader does) or str; a target given as text is parsed
like the Target column (`"< 10"`, `"3 - 10"`, `"0,5"`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from lkip_xls.core import schema
from lkip_xls.core.model import (
    BudgetLine,
    EvidenceRow,
    Identitas,
    Indicator,
    PKRow,
    ProgramIndicator,
    QuarterRow,
    Record,
    RenstraRow,
    ScaleBand,
    SheetLayout,
    StaffUnit,
    WorkbookData,
)
from lkip_xls.core.numbers import Target, TargetKind, default_direction, parse_target
from lkip_xls.rules import analysis

Number = int | float | str | Decimal


def layout(spec_name: str, last_row: int = schema.HEADER_ROW) -> SheetLayout:
    """The layout of a sheet of the generated template: headers on row 3, columns in schema order from A."""
    spec = schema.sheet_by_name(spec_name)
    columns = {column.key: index for index, column in enumerate(spec.columns, start=1)}
    return SheetLayout(spec.name, spec.name, schema.HEADER_ROW, columns, last_row, max(columns.values()))


def decimal(value: Number | None) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def as_target(value: Number | Target | None) -> Target | None:
    """80 -> a plain target; "< 10", "3 - 10" -> a comparison or a range, as the Target column reads them."""
    if value is None or isinstance(value, Target):
        return value
    if isinstance(value, str):
        return parse_target(value)
    return Target(TargetKind.VALUE, decimal(value))


def _is_total_label(text: str | None) -> bool:
    return text is not None and text.strip().casefold() in schema.TOTAL_LABELS


# --------------------------------------------------------------------------- records (row 0: not placed yet)


def identitas(*, template_version: Number = 1, agency: str = "Dinas Contoh",
              government: str = "Pemerintah Kota Contoh", year: int = 2024, indicator_cap: Number | None = None,
              average_cap: Number | None = None, **choices: Any) -> Identitas:
    """Identitas with the template's Nilai cells (B4 Versi Template ... B14 Dasar Rata-rata).

    `choices`: head_name, head_nip, scale, turun_formula, average_basis as the reader stores them.
    """
    cells = {f.key: f"B{row}" for row, f in enumerate(schema.IDENTITAS_FIELDS, start=schema.HEADER_ROW + 1)}
    return Identitas(template_version=decimal(template_version), agency=agency, government=government, year=year,
                     indicator_cap=decimal(indicator_cap), average_cap=decimal(average_cap), cells=cells, **choices)


_default_identitas = identitas


def indicator(code: str | None, target: Number | Target | None = 80, actual: Number | None = 80, *,
              sasaran: str | None = "SS1", sasaran_name: str | None = None, name: str | None = None,
              unit: str | None = "%", direction: str | None = None, actual_text: str | None = None,
              typed_capaian: Number | None = None, typed_category: str | None = None, row: int = 0,
              level: str = "Sasaran", averaged: bool = True, target_last_year: Number | Target | None = None,
              actual_last_year: Number | None = None, renstra_target: Number | Target | None = None,
              national: Number | None = None, provincial: Number | None = None) -> Indicator:
    """One IKU row. `direction` None is the Arah left empty: the reader's default from the target (Naik, Turun
    for `<`, Tetap for a range). `actual_text`: what stood in an empty Realisasi (N/A, belum rilis). Template
    version 2: `level` (Tingkat Sasaran/Tujuan), `averaged` (Dirata-rata), last year's target and realisasi,
    Target Akhir Renstra, Nilai Nasional / Provinsi."""
    parsed = as_target(target)
    name = f"Indikator {code}" if name is None else name
    return Indicator(sheet="IKU", row=row, cells={}, sasaran_code=sasaran, sasaran_name=sasaran_name, code=code,
                     name=name, unit=unit, direction=direction or default_direction(parsed, name),
                     direction_defaulted=direction is None, target=parsed, actual=decimal(actual),
                     actual_text=actual_text, typed_capaian=decimal(typed_capaian), typed_category=typed_category,
                     level=level, averaged=averaged, target_last_year=as_target(target_last_year),
                     actual_last_year=decimal(actual_last_year), renstra_target=as_target(renstra_target),
                     national=decimal(national), provincial=decimal(provincial))


def program_indicator(code: str | None, target: Number | Target | None = 80, actual: Number | None = 80, *,
                      name: str | None = None, direction: str | None = None, inherited: bool = False,
                      typed_capaian: Number | None = None, typed_absorption: Number | None = None,
                      row: int = 0) -> ProgramIndicator:
    """One Kinerja Program row (`inherited`: its Kode cell was empty and the Kode is the one above)."""
    parsed = as_target(target)
    name = f"Indikator program {code}" if name is None else name
    return ProgramIndicator(sheet="Kinerja Program", row=row, cells={}, code=code, code_inherited=inherited,
                            name=name, direction=direction or default_direction(parsed, name),
                            direction_defaulted=direction is None, target=parsed, actual=decimal(actual),
                            typed_capaian=decimal(typed_capaian), typed_absorption=decimal(typed_absorption))


def pk_row(code: str | None, target: Number | Target | None, *, program: str | None = None,
           budget: Number | None = None, row: int = 0) -> PKRow:
    """One PK row: the indicator's PK target, and the program (with its PK budget) it names."""
    return PKRow(sheet="PK", row=row, cells={}, code=code, name=f"Indikator {code}", target=as_target(target),
                 program_code=program, budget=decimal(budget))


def renstra_row(code: str | None, *, targets: dict[int, Number | Target | None] | None = None,
                actuals: dict[int, Number | None] | None = None, final: Number | Target | None = None,
                baseline: Number | None = None, row: int = 0) -> RenstraRow:
    """One Renstra row: `targets` and `actuals` by year (the sheet's Target YYYY / Realisasi YYYY), Target Akhir."""
    return RenstraRow(sheet="Renstra", row=row, cells={}, code=code, baseline=decimal(baseline),
                      targets={y: as_target(v) for y, v in (targets or {}).items()},
                      actuals={y: decimal(v) for y, v in (actuals or {}).items()}, final_target=as_target(final))


def evidence_row(code: str | None, formula: str | None, a: Number | None, b: Number | None, *,
                 label_a: str | None = "A", label_b: str | None = "B", row: int = 0) -> EvidenceRow:
    """One Data Dukung row: Kode (IKU, Kinerja Program or KODE#n), Rumus, Nilai A and Nilai B."""
    return EvidenceRow(sheet="Data Dukung", row=row, cells={}, code=code, formula=formula, label_a=label_a,
                       value_a=decimal(a), label_b=label_b, value_b=decimal(b))


def quarter_row(code: str | None, aggregation: str | None, targets: Sequence[Number | None],
                actuals: Sequence[Number | None], *, typed_annual: Number | None = None, row: int = 0) -> QuarterRow:
    """One row of the Realisasi sheet: Agregasi (Kumulatif, Akhir, Rata-rata), TW I-IV targets and actuals."""
    return QuarterRow(sheet="Realisasi", row=row, cells={}, code=code, name=f"Indikator {code}",
                      aggregation=aggregation, targets=[decimal(v) for v in targets],
                      actuals=[decimal(v) for v in actuals], typed_annual=decimal(typed_annual))


def budget_line(code: str | None, pagu: Number, spent: Number, *, name: str | None = None,
                sasaran: str | None = None, typed_serapan: Number | None = None, typed_sisa: Number | None = None,
                row: int = 0) -> BudgetLine:
    """One Anggaran row. No code and a name JUMLAH or TOTAL make it the total row, as on the sheet."""
    name = (f"Uraian {code}" if code else "JUMLAH") if name is None else name
    return BudgetLine(sheet="Anggaran", row=row, cells={}, code=code, name=name, sasaran_code=sasaran,
                      budget=decimal(pagu), spent=decimal(spent), typed_absorption=decimal(typed_serapan),
                      typed_remaining=decimal(typed_sisa), is_total=code is None and _is_total_label(name))


_STAFF_COLUMNS = [c for c in schema.SDM.columns if c.kind is schema.Kind.COUNT]


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_STAFF_KEYS = {_squash(c.header): c.key for c in _STAFF_COLUMNS}


def staff_unit(unit: str, row: int = 0, **counts: Number | None) -> StaffUnit:
    """One SDM row; counts named by their header with `_` for what is not a letter or digit (PNS, Non_ASN,
    Jumlah_Pegawai, Laki_laki, S1_D4, Golongan_IV, JPT, Pelaksana...). A column not named is left empty."""
    values: dict[str, Decimal | None] = {c.key: None for c in _STAFF_COLUMNS}
    for header, value in counts.items():
        values[_STAFF_KEYS[_squash(header)]] = decimal(value)
    return StaffUnit(sheet="SDM", row=row, cells={}, unit=unit, counts=values, is_total=_is_total_label(unit))


# --------------------------------------------------------------------------- a workbook


def _place(records: Iterable[Record], sheet: SheetLayout) -> None:
    following = sheet.header_row + 1
    for record in records:
        record.row = record.row or following
        record.cells = sheet.row_cells(record.row)
        following = record.row + 1
        sheet.last_row = max(sheet.last_row, record.row)


def _inherit_sasaran_names(indicators: Iterable[Indicator]) -> None:
    """The Sasaran Strategis is typed on the first row of its sasaran only; the reader gives it to the others."""
    names: dict[str, str] = {}
    for record in indicators:
        if record.sasaran_code is None:
            continue
        if record.sasaran_name is not None:
            names.setdefault(record.sasaran_code, record.sasaran_name)
        record.sasaran_name = names.get(record.sasaran_code, record.sasaran_name)


def workbook(*, identitas: Identitas | None = None, indicators: Sequence[Indicator] = (),
             budget: Sequence[BudgetLine] = (), pk: Sequence[PKRow] | None = None,
             quarters: Sequence[QuarterRow] | None = None, staff: Sequence[StaffUnit] | None = None,
             custom_scale: Sequence[ScaleBand] | None = None,
             programs: Sequence[ProgramIndicator] | None = None, renstra: Sequence[RenstraRow] | None = None,
             evidence: Sequence[EvidenceRow] | None = None) -> WorkbookData:
    """WorkbookData with the required sheets (Identitas, IKU, Anggaran) and the optional ones given (None: the
    sheet is absent, [] : present without rows). `custom_scale`: the bands of the Skala sheet (Skala Kategori
    kustom)."""
    data = WorkbookData(identitas=identitas or _default_identitas(), indicators=list(indicators),
                        budget_lines=list(budget), pk_rows=list(pk or []), quarters=list(quarters or []),
                        staff_units=list(staff or []), custom_scale=list(custom_scale or []),
                        program_indicators=list(programs or []), renstra=list(renstra or []),
                        evidence=list(evidence or []))
    _inherit_sasaran_names(data.indicators)
    data.layouts["Identitas"] = layout("Identitas", schema.HEADER_ROW + len(schema.IDENTITAS_FIELDS))
    sheets = {"IKU": data.indicators, "Anggaran": data.budget_lines, "PK": pk, "Realisasi": quarters, "SDM": staff,
              "Kinerja Program": None if programs is None else data.program_indicators,
              "Renstra": None if renstra is None else data.renstra,
              "Data Dukung": None if evidence is None else data.evidence}
    for name, records in sheets.items():
        if records is None:
            continue
        data.layouts[name] = layout(name)
        _place(records, data.layouts[name])
    if renstra is not None:  # the years the rows name, beside the template's own
        sheet = data.layouts["Renstra"]
        years = sorted({y for r in data.renstra for y in (*r.targets, *r.actuals)} - set(schema.RENSTRA_EXAMPLE_YEARS))
        for key in [f"{kind}_{y}" for kind in ("target", "realisasi") for y in years]:
            sheet.columns[key] = max(sheet.columns.values()) + 1
        sheet.__post_init__()
        _place(data.renstra, sheet)
    if custom_scale is not None:
        data.layouts["Skala"] = layout("Skala", schema.HEADER_ROW + len(custom_scale))
    return data


def minimal_indicators() -> list[Indicator]:
    """The IKU rows of conftest.MINIMAL: IKU1 80 -> 84 (Arah Naik) and IKU2 50 -> 40 (Arah empty), both of SS1."""
    return [indicator("IKU1", 80, 84, sasaran_name="Sasaran satu", name="Ind satu", direction="Naik"),
            indicator("IKU2", 50, 40, name="Ind dua")]


def minimal_budget() -> list[BudgetLine]:
    """The Anggaran rows of conftest.MINIMAL: program 1 (SS1) and its one kegiatan, 1.000.000 and 931.000."""
    return [budget_line("1", 1000000, 931000, name="Program satu", sasaran="SS1"),
            budget_line("1.1", 1000000, 931000, name="Kegiatan satu")]


def minimal(**sheets: Any) -> WorkbookData:
    """The small valid workbook of conftest.MINIMAL, with any of `workbook`'s arguments given instead."""
    return workbook(**({"indicators": minimal_indicators(), "budget": minimal_budget()} | sheets))


def analyse(data: WorkbookData) -> analysis.Analysis:
    """Compute and check in-memory data as `api.check_file` does after reading (no findings from reading)."""
    return analysis.analyse(data, [])
