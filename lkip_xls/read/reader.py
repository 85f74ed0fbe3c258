"""A workbook's streaming view (`fastread`) -> typed records that remember their cells (TEMPLATE.md §1 matching
rules). Every sheet name and header comes from `core.schema`; every finding is raised through `core.findings`."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from ..core import findings as catalogue
from ..core import schema
from ..core.model import (
    BudgetLine,
    Finding,
    Indicator,
    PKRow,
    QuarterRow,
    ScaleBand,
    Severity,
    SheetLayout,
    StaffUnit,
    WorkbookData,
    column_letter,
)
from ..core.numbers import NotANumber, Target, default_direction, normalize_code, parse_number, parse_target
from ..core.schema import Kind, SheetSpec, normalize_label


def _blank_value(value: Any) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


class CellValue(NamedTuple):
    value: Any
    number_format: str | None
    coordinate: str

    @property
    def blank(self) -> bool:
        return _blank_value(self.value)


INVALID = object()  # a cell whose text is no number: already reported


class Findings(list[Finding]):
    def add(self, code: str, sheet: str | None, cell: str | None, /, severity: Severity | None = None,
            **params: Any) -> None:
        """A finding of the catalogue, with the agency's text in its parameters clipped."""
        clipped = {k: _clip(v) if isinstance(v, str) else v for k, v in params.items()}
        self.append(catalogue.make(code, sheet, cell, severity, **clipped))


def _clip(text: str, limit: int = 120) -> str:
    """Agency text quoted in a message: a 30,000-character cell is not repeated in every output."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- tables


def find_sheet(workbook: Any, spec_name: str) -> Any | None:
    wanted = normalize_label(spec_name)
    for title in workbook.sheetnames:
        if normalize_label(title) == wanted:
            return workbook[title]
    return None


def read_table(worksheet: Any, spec: SheetSpec, findings: Findings) -> tuple[SheetLayout | None, list[dict]]:
    """Find the header row (rows 1-10), then read every non-empty data row below it; `worksheet.iter_values()`
    gives (row number, [(value, number_format), ...]) for the rows that have cells."""
    wanted = {normalize_label(c.header): c.key for c in spec.columns}
    required = {c.key for c in spec.columns if c.required}
    rows: Iterator[tuple[int, list[Any]]] = worksheet.iter_values()
    header_row, columns, best = None, {}, {}
    widest = 0  # the last column holding a cell in any row: a computed column the agency deleted goes after it
    for number, cells in rows:
        widest = max(widest, len(cells))
        found: dict[str, int] = {}
        for index, (value, _fmt) in enumerate(cells, start=1):
            key = wanted.get(normalize_label(value)) if isinstance(value, str) else None
            if key and key not in found:
                found[key] = index
        if required <= found.keys():
            header_row, columns = number, found
            break
        if len(found) > len(best):
            best = found
        if number >= schema.MAX_HEADER_ROW:
            break
    if header_row is None:
        for column in spec.columns:
            if column.required and column.key not in best:
                findings.add("HEADER-MISSING", worksheet.title, "A1", header=column.header)
        return None, []
    records: list[dict] = []
    last_row = header_row
    letters = {key: column_letter(index) for key, index in columns.items()}
    width = max(columns.values())
    for number, cells in rows:
        widest = max(widest, len(cells))
        if len(cells) < width:
            cells = cells + [(None, None)] * (width - len(cells))
        if all(_blank_value(cells[index - 1][0]) for index in columns.values()):
            continue
        record: dict[str, CellValue] = {
            key: CellValue(*cells[index - 1], f"{letters[key]}{number}") for key, index in columns.items()
        }
        record["_row"] = number  # type: ignore[assignment]
        records.append(record)
        last_row = number
    return SheetLayout(spec.name, worksheet.title, header_row, columns, last_row, widest), records


class RowReader:
    """Typed access to one data row; parse problems become findings at the cell."""

    def __init__(self, spec: SheetSpec, record: dict, findings: Findings, layout: SheetLayout):
        self.spec = spec
        self.sheet = layout.title
        self.record = record
        self.row: int = record["_row"]
        self.findings = findings
        self.cells = layout.row_cells(self.row)

    def cell(self, key: str) -> CellValue | None:
        return self.record.get(key)

    def coordinate(self, key: str) -> str | None:
        return self.cells.get(key)

    def header(self, key: str) -> str:
        return self.spec.column(key).header

    def text(self, key: str, required: bool = False) -> str | None:
        cell = self.cell(key)
        if cell is None or cell.blank:
            if required:
                self.findings.add("REQUIRED-EMPTY", self.sheet, self.coordinate(key), header=self.header(key))
            return None
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())

    def code(self, key: str, required: bool = False) -> str | None:
        return normalize_code(self.text(key, required))

    def _parse(self, cell: CellValue, header: str, parser: Any) -> Any:
        """parser(value, number_format), with VALUE-NOT-NUMBER for text that is no number (returns INVALID)
        and NUMBER-FORMAT-UNUSUAL for a number read in a non-Indonesian way."""
        try:
            parsed = parser(cell.value, cell.number_format)
        except NotANumber:
            self.findings.add("VALUE-NOT-NUMBER", self.sheet, cell.coordinate, header=header, value=str(cell.value))
            return INVALID
        if parsed is not None and parsed.quirk is not None:
            self.findings.add("NUMBER-FORMAT-UNUSUAL", self.sheet, cell.coordinate, header=header,
                              text=str(cell.value), value=parsed.value, quirk=parsed.quirk.value)
        return parsed

    def number(self, key: str, *, missing_as_zero: bool = False) -> Decimal | None:
        cell = self.cell(key)
        if cell is None:
            return Decimal(0) if missing_as_zero else None
        parsed = self._parse(cell, self.header(key), parse_number)
        if parsed is INVALID:
            return None
        if parsed.value is None and missing_as_zero:
            return Decimal(0)
        return parsed.value

    def amount(self, key: str, *, integer: bool = False) -> Decimal | None:
        """Money and staff counts: empty or '-' is 0; negative (and, for counts, fractions) are errors."""
        value = self.number(key, missing_as_zero=not integer)
        coordinate, header = self.coordinate(key), self.header(key)
        if value is not None and value < 0:
            self.findings.add("VALUE-NEGATIVE", self.sheet, coordinate, header=header, value=value)
        elif integer and value is not None and value != value.to_integral_value():
            self.findings.add("VALUE-NOT-INTEGER", self.sheet, coordinate, header=header, value=value)
        return value

    def target(self, key: str) -> Target | None:
        cell = self.cell(key)
        if cell is None:
            return None
        target = self._parse(cell, self.header(key), parse_target)
        if target is INVALID:
            return None
        if target is None:
            self.findings.add("REQUIRED-EMPTY", self.sheet, cell.coordinate, header=self.header(key))
        return target

    def choice(self, key: str, aliases: dict[str, str], code: str) -> tuple[str | None, bool]:
        """(value, valid): an empty cell is (None, True); text outside the list is (None, False), reported
        with `code`."""
        text = self.text(key)
        if text is None:
            return None, True
        value = aliases.get(text.casefold())
        if value is None:
            self.findings.add(code, self.sheet, self.coordinate(key), value=text,
                              choices=", ".join(dict.fromkeys(aliases.values())))
            return None, False
        return value, True


def _is_total_label(text: str | None) -> bool:
    return text is not None and text.strip().casefold() in schema.TOTAL_LABELS


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
    _read_indicators(data, tables.get(schema.IKU.name, []), findings)
    _read_pk(data, tables.get(schema.PK.name, []), findings)
    _read_quarters(data, tables.get(schema.REALISASI.name, []), findings)
    _read_budget(data, tables.get(schema.ANGGARAN.name, []), findings)
    _read_staff(data, tables.get(schema.SDM.name, []), findings)
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
            seen[field.key] = record["value"]
    ident = data.identitas
    header_cell = layout.coordinate("value", layout.header_row)
    for field in schema.IDENTITAS_FIELDS:
        cell = seen.get(field.key)
        coordinate = cell.coordinate if cell else header_cell
        ident.cells[field.key] = coordinate
        if cell is None or cell.blank:
            if field.key == "template_version":
                findings.add("TEMPLATE-VERSION", layout.title, coordinate, severity=Severity.WARNING,
                             expected=schema.TEMPLATE_VERSION, value="")
            elif field.required:
                findings.add("IDENTITAS-EMPTY", layout.title, coordinate, label=field.label)
            continue
        value, problem = _identitas_value(field, cell)
        if field.key == "template_version":
            if value != schema.TEMPLATE_VERSION:
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


def _read_indicators(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    spec = schema.IKU
    layout = data.layouts.get(spec.name)
    if layout is None:
        return
    names: dict[str, str] = {}
    for record in records:
        row = RowReader(spec, record, findings, layout)
        sasaran_code = row.code("sasaran_code", required=True)
        sasaran_name = row.text("sasaran_name")
        if sasaran_code is not None:
            if sasaran_name is not None:
                names.setdefault(sasaran_code, sasaran_name)
            elif sasaran_code not in names:
                row.text("sasaran_name", required=True)
            sasaran_name = names.get(sasaran_code, sasaran_name)
        code = row.code("code", required=True)
        target = row.target("target")
        name = row.text("name", required=True)
        direction, valid = row.choice("direction", ARAH_ALIASES, "ARAH-INVALID")
        implied = target.implied_direction if target else None
        defaulted = direction is None and valid
        if defaulted:
            direction = default_direction(target, name)
        elif direction is not None and implied in ("Naik", "Turun") and direction != implied:
            findings.add("ARAH-TARGET-MISMATCH", layout.title, row.coordinate("direction"), direction=direction,
                         implied=implied, target=str(row.cell("target").value))
        actual = row.number("actual")
        actual_cell = row.cell("actual")
        actual_text = None
        if actual is None and actual_cell is not None and not _unparseable(actual_cell):
            actual_text = "" if actual_cell.blank else str(actual_cell.value).strip()
        typed = row.cell("capaian")
        data.indicators.append(Indicator(
            sheet=layout.title, row=row.row, cells=row.cells,
            sasaran_code=sasaran_code, sasaran_name=sasaran_name, code=code,
            name=name, unit=row.text("unit"),
            direction=direction, direction_defaulted=defaulted, target=target, actual=actual, actual_text=actual_text,
            actual_last_year=row.number("actual_last_year"), renstra_target=row.number("renstra_target"),
            typed_capaian=_typed_number(typed), typed_category=row.text("category"), note=row.text("note"),
        ))


def _blank(cell: CellValue | None) -> bool:
    return cell is None or cell.blank


def _unparseable(cell: CellValue) -> bool:
    try:
        parse_number(cell.value, cell.number_format)
    except NotANumber:
        return True
    return False


def _typed_number(cell: CellValue | None) -> Decimal | None:
    """What the agency typed in a computed cell (compared, then overwritten); anything unreadable is ignored."""
    if cell is None:
        return None
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
        data.pk_rows.append(PKRow(
            sheet=layout.title, row=row.row, cells=row.cells,
            code=row.code("code", required=True), name=row.text("name"), target=row.target("target"),
            program_code=row.code("program_code"), program_name=row.text("program_name"),
            budget=None if _blank(row.cell("budget")) else row.amount("budget"),
        ))


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
        data.quarters.append(QuarterRow(
            sheet=layout.title, row=row.row, cells=row.cells,
            code=row.code("code", required=True), name=row.text("name"), aggregation=aggregation,
            targets=[row.number(f"target_q{i}") for i in range(1, 5)],
            actuals=[row.number(f"actual_q{i}") for i in range(1, 5)],
            typed_annual=_typed_number(row.cell("annual")),
        ))


def _read_budget(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    spec = schema.ANGGARAN
    layout = data.layouts.get(spec.name)
    if layout is None:
        return
    for record in records:
        row = RowReader(spec, record, findings, layout)
        name = row.text("name")
        code = row.code("code")
        is_total = code is None and _is_total_label(name)
        if code is None and not is_total:
            row.text("code", required=True)
        if name is None:
            row.text("name", required=True)
        data.budget_lines.append(BudgetLine(
            sheet=layout.title, row=row.row, cells=row.cells, code=code, name=name,
            sasaran_code=row.code("sasaran_code"), is_total=is_total,
            budget=row.amount("budget") or Decimal(0),
            spent=row.amount("spent") or Decimal(0),
            typed_absorption=_typed_number(row.cell("absorption")),
            typed_remaining=_typed_number(row.cell("remaining")),
        ))


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
        data.staff_units.append(StaffUnit(sheet=layout.title, row=row.row, cells=row.cells, unit=unit,
                                          counts=counts, is_total=_is_total_label(unit)))
