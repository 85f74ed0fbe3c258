"""A workbook's streaming view (`fastread`) -> typed records that remember their cells (TEMPLATE.md §1 matching
rules). Every sheet name and header comes from `core.schema`; every finding is raised through `core.findings`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from ..core import schema
from ..core.model import (
    BudgetLine,
    EvidenceRow,
    Finding,
    Indicator,
    PKRow,
    ProgramIndicator,
    QuarterRow,
    Record,
    RenstraRow,
    ScaleBand,
    Severity,
    SheetLayout,
    StaffUnit,
    WorkbookData,
)
from ..core.numbers import (
    NotANumber,
    Target,
    default_direction,
    parse_number,
    plain_number,
)
from ..core.schema import Kind, normalize_label
from .cells import CellValue, Findings, RowReader, _clip, _first_word, _is_total_label, _squeezed
from .formulas import ExcelError, Formula
from .table import cell_of, find_sheet, read_table

# --------------------------------------------------------------------------- sheets


def read_workbook(workbook: Any) -> tuple[WorkbookData, list[Finding]]:
    """Read every sheet of the template from a workbook's streaming view (`fastread.FastWorkbook`)."""
    findings = Findings()
    data = WorkbookData()
    tables: dict[str, list[dict]] = {}
    for spec in schema.DATA_SHEETS:
        worksheet = find_sheet(workbook, spec.name)
        if worksheet is None:
            if spec.required:
                findings.add("SHEET-MISSING", spec.name, None, sheet=spec.name)
            continue
        layout, records = read_table(worksheet, spec, findings)
        if layout is not None:
            data.layouts[spec.name] = layout
            tables[spec.name] = records
    if schema.IDENTITAS.name in tables:
        _read_identitas(data, tables[schema.IDENTITAS.name], findings)
    if data.identitas.scale == "kustom":
        _read_scale(data, tables.get(schema.SKALA.name), findings)
    from . import program  # Skala Predikat before any target; Kinerja Program after the budget
    program.read_predicates(data, tables.get(schema.SKALA_PREDIKAT.name), findings)
    _read_indicators(data, tables.get(schema.IKU.name, []), findings)
    _read_pk(data, tables.get(schema.PK.name, []), findings)
    _read_quarters(data, tables.get(schema.REALISASI.name, []), findings)
    _read_budget(data, tables.get(schema.ANGGARAN.name, []), findings)
    _read_staff(data, tables.get(schema.SDM.name, []), findings)
    program.read_program(data, tables.get(schema.KINERJA_PROGRAM.name, []), findings)
    from . import plan  # Renstra and Data Dukung name IKU and Kinerja Program indicators
    plan.read_renstra(data, tables.get(schema.RENSTRA.name, []), findings)
    plan.read_evidence(data, tables.get(schema.DATA_DUKUNG.name, []), findings)
    _judge_numeric_codes(data, findings)
    for spec in (schema.IKU, schema.ANGGARAN):
        layout = data.layouts.get(spec.name)
        if layout is not None and not tables[spec.name]:
            findings.add("SHEET-EMPTY", layout.title, layout.coordinate(spec.columns[0].key, layout.header_row + 1),
                         sheet=spec.name)
    return data, findings


def _read_identitas(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    layout = data.layouts[schema.IDENTITAS.name]
    fields = {normalize_label(f.label): f for f in schema.IDENTITAS_FIELDS}
    seen: dict[str, CellValue] = {}
    for record in records:
        label = record.get("label")
        field = fields.get(normalize_label(label.value)) if label and isinstance(label.value, str) else None
        if field is not None and field.key not in seen:
            seen[field.key] = cell_of(record, "value", layout.letters["value"])
    ident = data.identitas
    header_cell = layout.coordinate("value", layout.header_row)
    for field in schema.IDENTITAS_FIELDS:
        cell = seen.get(field.key)
        coordinate = cell.coordinate if cell else header_cell
        ident.cells[field.key] = coordinate
        if cell is not None and isinstance(cell.value, (ExcelError, Formula)):
            if isinstance(cell.value, ExcelError):
                findings.once("CELL-ERROR", layout.title, coordinate, header=field.label, error=str(cell.value))
            else:
                findings.once("FORMULA-NO-VALUE", layout.title, coordinate, header=field.label,
                              formula=_clip(str(cell.value), 80))
            continue
        if cell is None or cell.blank:
            if field.key == "template_version":
                findings.add("TEMPLATE-VERSION", layout.title, coordinate, severity=Severity.WARNING,
                             expected=schema.TEMPLATE_VERSION, value="")
            elif field.required:
                findings.add("IDENTITAS-EMPTY", layout.title, coordinate, label=field.label)
            continue
        value, problem = _identitas_value(field, cell)
        if field.key == "template_version":
            if value not in schema.TEMPLATE_VERSIONS:
                findings.add("TEMPLATE-VERSION", layout.title, coordinate, severity=Severity.ERROR,
                             expected=schema.TEMPLATE_VERSION, value=str(cell.value))
            ident.template_version = value
            continue
        if problem is not None:
            findings.add("IDENTITAS-INVALID", layout.title, coordinate, label=field.label, value=str(cell.value),
                         expected=problem)
            continue
        setattr(ident, field.key, value)


def _identitas_value(field: schema.IdentitasField, cell: CellValue) -> tuple[Any, str | None]:
    """(value, None) or (None, what was expected)."""
    raw = cell.value
    if field.kind is Kind.TEXT:
        return " ".join(str(raw).split()), None
    if field.kind is Kind.NUMBER:
        try:
            number = parse_number(raw, cell.number_format).value
        except NotANumber:
            return None, "number"
        if number is None or (field.key != "template_version" and number <= 0):
            return None, "positive-number"
        return number, None
    if field.kind is Kind.YEAR:
        try:
            number = parse_number(raw).value
        except NotANumber:
            return None, "year"
        if number is None or number != number.to_integral_value() or not 2000 <= number <= 2100:
            return None, "year"
        return int(number), None
    if field.kind is Kind.NIP:
        text = "".join(str(raw).split()) if isinstance(raw, str) else None
        if text is None or len(text) != 18 or not text.isdigit():
            return None, "nip"
        return text, None
    if field.kind is Kind.CHOICE:
        text = " ".join(str(raw).split()).casefold()
        for choice in field.choices:
            if choice.casefold() == text:
                return choice, None
        return None, "choice:" + ", ".join(field.choices)
    raise AssertionError(field.kind)  # pragma: no cover


def _read_scale(data: WorkbookData, records: list[dict] | None, findings: Findings) -> None:
    spec = schema.SKALA
    if records is None:
        findings.add("SHEET-MISSING", spec.name, None, sheet=spec.name)
        return
    layout = data.layouts[spec.name]
    for record in records:
        row = RowReader(spec, record, findings, layout)
        category = row.text("category", required=True)
        lower = row.number("lower_bound")
        inclusive, _ = row.choice("inclusive", YES_NO_ALIASES, "SKALA-INVALID")
        if category is not None:
            data.custom_scale.append(ScaleBand(lower, category, inclusive != "Tidak"))
    if not data.custom_scale:
        findings.add("SHEET-EMPTY", layout.title, layout.coordinate("lower_bound", layout.header_row + 1),
                     sheet=spec.name)


ARAH_ALIASES = schema.ARAH_ALIASES
YES_NO_ALIASES = {c.casefold(): c for c in schema.YES_NO_CHOICES}
AGREGASI_ALIASES = {c.casefold(): c for c in schema.AGREGASI_CHOICES} | {"rata rata": "Rata-rata",
                                                                         "ratarata": "Rata-rata"}


class Measure(NamedTuple):
    name: str | None
    target: Target | None
    direction: str | None
    defaulted: bool  # Arah was empty: the direction comes from the target or the name
    actual: Decimal | None
    actual_text: str | None  # what stood in a Realisasi that is no value (N/A, belum rilis); "" when empty


def read_measure(row: RowReader, layout: SheetLayout, findings: Findings, unit: str | None = None) -> Measure:
    """An indicator's name, target, arah and realisasi, read alike for IKU and Kinerja Program: predicates as
    values, an empty Arah defaulted from the target or the name, a stated Arah the target contradicts reported."""
    target = row.target("target", unit, predicates=True)
    name = row.text("name", required=True)
    direction, valid = row.choice("direction", ARAH_ALIASES, "ARAH-INVALID")
    implied = target.implied_direction if target else None
    defaulted = direction is None and valid
    if defaulted:
        direction = default_direction(target, name)
    elif direction is not None and implied in ("Naik", "Turun") and direction != implied:
        findings.add("ARAH-TARGET-MISMATCH", layout.title, row.coordinate("direction"), direction=direction,
                     implied=implied, target=str(row.cell("target").value))
    actual = row.number("actual", na_ok=True, unit=unit, predicates=True)
    actual_cell = row.cell("actual")
    actual_text = None
    if actual is None and actual_cell is not None and "actual" not in row.unreadable:
        actual_text = "" if actual_cell.blank else str(actual_cell.value).strip()
    return Measure(name, target, direction, defaulted, actual, actual_text)


def _read_indicators(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    spec = schema.IKU
    layout = data.layouts.get(spec.name)
    if layout is None:
        return
    names: dict[str, str] = {}
    for record in records:
        row = RowReader(spec, record, findings, layout)
        level, _ = row.choice("level", _LEVEL_ALIASES, "IKU-TINGKAT-INVALID", key_of=_first_word)
        tujuan = level == "Tujuan"  # a tujuan indicator belongs to no sasaran: its Kode Sasaran may stay empty
        sasaran_code = row.code("sasaran_code", required=not tujuan)
        sasaran_name = row.text("sasaran_name")
        if sasaran_code is not None:
            if sasaran_name is not None:
                names.setdefault(sasaran_code, sasaran_name)
            elif sasaran_code not in names and not tujuan:
                row.text("sasaran_name", required=True)
            sasaran_name = names.get(sasaran_code, sasaran_name)
        code = row.code("code", required=True)
        unit = row.text("unit")
        name, target, direction, defaulted, actual, actual_text = read_measure(row, layout, findings, unit)
        typed = row.stored("capaian")
        data.indicators.append(row.done(Indicator(
            sheet=layout.title, row=row.row, cells=row.cells,
            sasaran_code=sasaran_code, sasaran_name=sasaran_name, code=code,
            name=name, unit=unit,
            direction=direction, direction_defaulted=defaulted, target=target, actual=actual, actual_text=actual_text,
            actual_last_year=row.number("actual_last_year", unit=unit),
            renstra_target=optional_target(row, "renstra_target", unit),
            typed_capaian=_typed_number(typed), typed_category=row.text("category"), note=row.text("note"),
            level=level or "Sasaran",
            averaged=row.choice("averaged", YES_NO_ALIASES, "DIRATA-RATA-INVALID", key_of=_first_word)[0] != "Tidak",
            target_last_year=optional_target(row, "target_last_year", unit),
            national=row.number("national", na_ok=True, unit=unit),
            provincial=row.number("provincial", na_ok=True, unit=unit),
        )))


_LEVEL_ALIASES = {c.casefold(): c for c in schema.LEVEL_IKU_CHOICES}


def optional_target(row: RowReader, key: str, unit: str | None = None) -> Target | None:
    """A target column that may stay empty: every form the Target column takes (number, `< 11`, `3 - 10`,
    a predicate); None when empty or unreadable (then reported at its cell)."""
    cell = row.cell(key)
    if cell is None or cell.blank:
        return None
    return row.target(key, unit, predicates=True)


def _blank(cell: CellValue | None) -> bool:
    return cell is None or cell.blank


def _typed_number(cell: CellValue | None) -> Decimal | None:
    """What the agency typed in a computed cell (compared, then overwritten); anything unreadable is ignored."""
    if cell is None or cell.value is None:
        return None
    plain = plain_number(cell.value, cell.number_format)
    if plain is not None:  # the usual number: what parse_number gives
        return plain
    try:
        return parse_number(cell.value, cell.number_format).value
    except NotANumber:
        return None


def _read_pk(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    spec = schema.PK
    layout = data.layouts.get(spec.name)
    if layout is None:
        return
    for record in records:
        row = RowReader(spec, record, findings, layout)
        data.pk_rows.append(row.done(PKRow(
            sheet=layout.title, row=row.row, cells=row.cells,
            code=row.code("code", required=True), name=row.text("name"), target=row.target("target", predicates=True),
            program_code=row.code("program_code"), program_name=row.text("program_name"),
            budget=None if _blank(row.stored("budget")) else row.amount("budget"),
            target_initial=optional_target(row, "target_initial"),
        )))


def _read_quarters(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    spec = schema.REALISASI
    layout = data.layouts.get(spec.name)
    if layout is None:
        return
    for record in records:
        row = RowReader(spec, record, findings, layout)
        aggregation, valid = row.choice("aggregation", AGREGASI_ALIASES, "AGREGASI-INVALID")
        if aggregation is None and valid:
            row.text("aggregation", required=True)
        data.quarters.append(row.done(QuarterRow(
            sheet=layout.title, row=row.row, cells=row.cells,
            code=row.code("code", required=True), name=row.text("name"), aggregation=aggregation,
            targets=[row.number(f"target_q{i}") for i in range(1, 5)],
            actuals=[row.number(f"actual_q{i}", na_ok=True) for i in range(1, 5)],
            typed_annual=_typed_number(row.stored("annual")),
        )))


def _read_budget(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    spec = schema.ANGGARAN
    layout = data.layouts.get(spec.name)
    if layout is None:
        return
    for record in records:
        row = RowReader(spec, record, findings, layout)
        name = row.text("name")
        code = row.code("code")
        level, level_valid = row.choice("level", _TINGKAT_ALIASES, "TINGKAT-INVALID", key_of=_squeezed)
        kind, _ = row.choice("kind", _JENIS_ALIASES, "JENIS-INVALID", key_of=_first_word)
        is_total = code is None and level is None and _is_total_label(name)
        if name is None:
            row.text("name", required=True)
        line = row.done(BudgetLine(
            sheet=layout.title, row=row.row, cells=row.cells, code=code, name=name,
            sasaran_code=row.code("sasaran_code"), is_total=is_total,
            budget=row.amount("budget"), spent=row.amount("spent"),  # empty is 0; None: unreadable
            typed_absorption=_typed_number(row.stored("absorption")),
            typed_remaining=_typed_number(row.stored("remaining")),
            level=level, fund_source=row.text("fund_source"), kind=kind,
            budget_initial=None if _blank(row.stored("budget_initial")) else row.amount("budget_initial"),
        ))
        if not level_valid:
            line.level = ""  # reported: a row in the hierarchy whose place is unknown
        data.budget_lines.append(line)
    _same_sources(data.budget_lines)
    if any(line.level for line in data.budget_lines):
        _levels(data.budget_lines, findings)
    else:
        for line in data.budget_lines:
            line.level = None
            if line.code is None and not line.is_total and "code" not in line.unreadable:
                findings.add("REQUIRED-EMPTY", line.sheet, line.cell("code"), header=spec.column("code").header)


_TINGKAT_ALIASES = {_squeezed(c): c for c in schema.TINGKAT_CHOICES}  # `sub kegiatan`, `SUB-KEGIATAN`, `Sub_Kegiatan`
_JENIS_ALIASES = {c.casefold(): c for c in schema.JENIS_CHOICES}  # by the first word: "Pendapatan Daerah"
_DEPTH = {"Program": 0, "Kegiatan": 1, "Sub Kegiatan": 2}


def _same_sources(lines: list[BudgetLine]) -> None:
    """Sumber Dana typed in another case or spacing ("APBD ", "apbd") is one source, named as first typed."""
    first: dict[str, str] = {}
    for line in lines:
        if line.fund_source:
            line.fund_source = first.setdefault(line.fund_source.casefold(), line.fund_source)


def _levels(lines: list[BudgetLine], findings: Findings) -> None:
    """The hierarchy from Tingkat and row order (TEMPLATE.md §5): a Kegiatan belongs to the nearest Program
    above it, a Sub Kegiatan to the nearest Kegiatan above it; the full Kode is the labels from the program
    down joined by dots, an empty label being the row's place among its siblings (1, 2...). A row whose place
    cannot be known (no Tingkat, an unknown one, no parent above) is reported at its Tingkat cell, and its Kode
    is unreadable: the budget totals are then not stated."""
    header = schema.ANGGARAN.column("level").header
    chain: list[str] = []  # full Kodes of the current Program, Kegiatan
    siblings: dict[str | None, int] = {}
    for line in lines:
        if line.is_total:
            continue
        line.by_level = True
        line.label = line.code
        depth = _DEPTH.get(line.level or "")
        if line.level is None:
            findings.add("REQUIRED-EMPTY", line.sheet, line.cell("level"), header=header)
        elif depth is not None and depth > len(chain):
            findings.add("TINGKAT-ORPHAN", line.sheet, line.cell("level"), level=line.level,
                         parent=schema.TINGKAT_CHOICES[depth - 1])
        if depth is None or depth > len(chain):
            line.unreadable.add("code")
            line.causes["code"] = (line.sheet, line.cell("level") or "")
            line.code = line.label
            continue
        del chain[depth:]
        parent = chain[-1] if chain else None
        siblings[parent] = siblings.get(parent, 0) + 1
        label = (line.label or "").strip().rstrip(".").strip() or str(siblings[parent])
        line.parent_code = parent
        line.code = label if parent is None else f"{parent}.{label}"
        chain.append(line.code)


def _read_staff(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    spec = schema.SDM
    layout = data.layouts.get(spec.name)
    if layout is None:
        return
    count_columns = [c for c in spec.columns if c.kind is Kind.COUNT and c.key in layout.columns]
    for record in records:
        row = RowReader(spec, record, findings, layout)
        unit = row.text("unit", required=True)
        counts = {c.key: row.amount(c.key, integer=True) for c in count_columns}
        data.staff_units.append(row.done(StaffUnit(sheet=layout.title, row=row.row, cells=row.cells, unit=unit,
                                                   counts=counts, is_total=_is_total_label(unit))))


def _judge_numeric_codes(data: WorkbookData, findings: Findings) -> None:
    """KODE-AS-NUMBER for every code Excel kept as a number: an error where another code of the workbook shows
    that digits were dropped (3.3 among 3.30.01, 3.30.02: the hierarchy or a join depends on them; the code is
    then unreadable), else a warning."""
    if not findings.numeric_codes:
        return
    codes: set[str] = set()
    for records, keys in ((data.indicators, ("code", "sasaran_code")), (data.pk_rows, ("code", "program_code")),
                          (data.quarters, ("code",)), (data.budget_lines, ("code", "sasaran_code")),
                          (data.program_indicators, ("code",)), (data.renstra, ("code",)),
                          (data.evidence, ("code",))):
        for record in records:
            codes.update(c for c in (getattr(record, k) for k in keys) if c)
    for record, key, text, coordinate in findings.numeric_codes:
        other = likely = ""
        for zeros in ("0", "00"):
            candidate = text + zeros
            match = next((c for c in sorted(codes) if c != text and (c == candidate or c.startswith(candidate + "."))),
                         None)
            if match is not None:
                other, likely = match, candidate
                break
        severity = Severity.ERROR if other else Severity.WARNING
        if other:
            record.unreadable.add(key)
        header = schema.sheet_by_name(_spec_of(record)).column(key).header
        findings.add("KODE-AS-NUMBER", record.sheet, coordinate, severity=severity, header=header, code=text,
                     other=other, likely=likely)


def _spec_of(record: Record) -> str:
    return {Indicator: schema.IKU.name, PKRow: schema.PK.name, QuarterRow: schema.REALISASI.name,
            BudgetLine: schema.ANGGARAN.name, StaffUnit: schema.SDM.name,
            ProgramIndicator: schema.KINERJA_PROGRAM.name, RenstraRow: schema.RENSTRA.name,
            EvidenceRow: schema.DATA_DUKUNG.name}[type(record)]

