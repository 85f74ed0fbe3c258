"""A workbook's streaming view (`fastread`) -> typed records that remember their cells (TEMPLATE.md §1 matching
rules). Every sheet name and header comes from `core.schema`; every finding is raised through `core.findings`."""

from __future__ import annotations

import datetime as dt
import re
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
    ProgramIndicator,
    QuarterRow,
    Record,
    ScaleBand,
    Severity,
    SheetLayout,
    StaffUnit,
    WorkbookData,
    column_letter,
)
from ..core.numbers import (
    NotANumber,
    NumberOutOfRange,
    Quirk,
    Target,
    default_direction,
    normalize_code,
    parse_number,
    parse_target,
    predicate_names,
    predicate_table,
    without_unit,
)
from ..core.schema import Kind, SheetSpec, normalize_label
from .formulas import CannotEvaluate, ExcelError, Formula


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
    """The findings of reading one workbook, and what reading remembers until every sheet is read."""

    def __init__(self) -> None:
        super().__init__()
        self._once: set[tuple[str, str | None, str | None]] = set()
        self.numeric_codes: list[tuple[Record, str, str, str | None]] = []  # record, key, text, coordinate
        self.tables: dict[str, tuple[set[int], set[int]]] = {}  # sheet -> rows and columns read as data
        self.evaluator: Any = None  # read.formulas.Evaluator of the workbook, once a sheet is read
        self.predicates: dict[str, Decimal] = predicate_table()  # Skala Predikat, for targets and realisasi

    def add(self, code: str, sheet: str | None, cell: str | None, /, severity: Severity | None = None,
            **params: Any) -> None:
        """A finding of the catalogue, with the agency's text in its parameters clipped."""
        clipped = {k: _clip(v) if isinstance(v, str) else v for k, v in params.items()}
        self.append(catalogue.make(code, sheet, cell, severity, **clipped))

    def once(self, code: str, sheet: str | None, cell: str | None, /, **params: Any) -> None:
        """A finding about a cell's value, however often the value is asked for."""
        if (code, sheet, cell) not in self._once:
            self._once.add((code, sheet, cell))
            self.add(code, sheet, cell, **params)


def _clip(text: str, limit: int = 120) -> str:
    """Agency text quoted in a message: a 30,000-character cell is not repeated in every output."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- tables


def find_sheet(workbook: Any, spec_name: str) -> Any | None:
    wanted = normalize_label(spec_name)
    for title in workbook.sheetnames:
        if normalize_label(strip_invisible(title)[0]) == wanted:
            return workbook[title]
    return None


INVISIBLE = {"\u200b": "U+200B", "\u200c": "U+200C", "\u200d": "U+200D", "\u2060": "U+2060", "\u00ad": "U+00AD",
             "\ufeff": "U+FEFF"}  # pasted from PDFs and web pages: zero-width spaces, joiners, soft hyphen, BOM
_INVISIBLE_TABLE = str.maketrans(dict.fromkeys(INVISIBLE, None))


def strip_invisible(value: Any) -> tuple[Any, str]:
    """(value without invisible characters, the code points removed: "U+200B, U+00AD" or "")."""
    if value.__class__ is not str or not any(ch in value for ch in INVISIBLE):
        return value, ""
    found = ", ".join(dict.fromkeys(INVISIBLE[ch] for ch in value if ch in INVISIBLE))
    return value.translate(_INVISIBLE_TABLE), found


def read_table(worksheet: Any, spec: SheetSpec, findings: Findings) -> tuple[SheetLayout | None, list[dict]]:
    """Find the header row (rows 1-10), then read every non-empty data row below it; `worksheet.iter_values()`
    gives (row number, [(value, number_format), ...]) for the rows that have cells.

    Headers match with invisible characters removed, and may stand on two rows (a group header such as a
    merged "Tahun 2024" above Target | Realisasi): the lower row names the columns it has, the upper row the
    others. Below the table, rows that hold only one or two texts (a source note, a signature) are notes, not
    data. A merged label counts for every row of its range; formula cells without a trusted value are computed
    (`read.formulas`) or left as `Formula` for the row reader to report."""
    wanted = {normalize_label(c.header): c.key for c in spec.columns}
    required = {c.key for c in spec.columns if c.required}
    rows: Iterator[tuple[int, list[Any]]] = worksheet.iter_values()
    header_row, columns, best = None, {}, {}
    header_cells: dict[str, tuple[int, int, str]] = {}  # key -> (row, column, invisible characters)
    above: tuple[int, dict[str, int], dict[str, tuple[int, int, str]]] | None = None
    widest = 0  # the last column holding a cell in any row: a computed column the agency deleted goes after it
    for number, cells in rows:
        widest = max(widest, len(cells))
        found: dict[str, int] = {}
        marks: dict[str, tuple[int, int, str]] = {}
        for index, (value, _fmt) in enumerate(cells, start=1):
            if not isinstance(value, str):
                continue
            value, removed = strip_invisible(value)
            key = wanted.get(normalize_label(value))
            if key and key not in found:
                found[key] = index
                marks[key] = (number, index, removed)
        if required <= found.keys():
            header_row, columns, header_cells = number, found, marks
            break
        if above is not None and above[0] == number - 1:
            upper = {k: i for k, i in above[1].items() if i not in found.values()}
            merged = upper | found
            if required <= merged.keys() and len(set(merged.values())) == len(merged):
                header_row, columns = number, merged
                header_cells = {k: v for k, v in above[2].items() if k in upper} | marks
                break
        if len(found) > len(best):
            best = found
        above = (number, found, marks)
        if number >= schema.MAX_HEADER_ROW:
            break
    if header_row is None:
        for column in spec.columns:
            if column.required and column.key not in best:
                findings.add("HEADER-MISSING", worksheet.title, "A1", header=column.header)
        return None, []
    for key, (row, index, removed) in header_cells.items():
        if removed:
            findings.add("INVISIBLE-CHARACTER", worksheet.title, f"{column_letter(index)}{row}",
                         header=spec.column(key).header, characters=removed)
    records: list[dict] = []
    letters = {key: column_letter(index) for key, index in columns.items()}
    width = max(columns.values())
    plain = {key for key in columns if spec.column(key).kind is Kind.TEXT}  # free text: cleaned without a word
    notes: list[int] = []  # rows below the table read as notes (the trailing ones)
    first = True
    for number, cells in rows:
        widest = max(widest, len(cells))
        if first and _column_numbers(cells):
            continue  # "1 2 3 4 ..." or "(1) (2) (3) ..." under the headers, as printed reports number columns
        first = False
        if len(cells) < width:
            cells = cells + [(None, None)] * (width - len(cells))
        stripped = {key: (strip_invisible(cells[index - 1][0]), cells[index - 1][1]) for key, index in columns.items()}
        if all(_blank_value(value) for (value, _removed), _fmt in stripped.values()):
            continue
        record: dict[str, CellValue] = {}
        for key, ((value, removed), number_format) in stripped.items():
            coordinate = f"{letters[key]}{number}"
            if removed and key not in plain:
                findings.add("INVISIBLE-CHARACTER", worksheet.title, coordinate, header=spec.column(key).header,
                             characters=removed)
            record[key] = CellValue(value, number_format, coordinate)
        record["_row"] = number  # type: ignore[assignment]
        record["_note"] = _note_like(cells, columns, spec)  # type: ignore[assignment]
        records.append(record)
    while records and records[-1]["_note"] and spec.name not in _LABEL_TABLES:
        notes.insert(0, records.pop()["_row"])
    if notes:
        findings.add("ROWS-AS-NOTES", worksheet.title, f"A{notes[0]}", rows=_row_ranges(notes))
    _spread_merged(getattr(worksheet, "merged", ()), records, columns, spec)
    _compute_formulas(worksheet, records)
    if findings.evaluator is None and hasattr(worksheet, "workbook"):
        findings.evaluator = worksheet.workbook.evaluator
    findings.tables[worksheet.title] = ({record["_row"] for record in records},
                                        {index for key, index in columns.items() if not spec.column(key).computed})
    last_row = records[-1]["_row"] if records else header_row
    return SheetLayout(spec.name, worksheet.title, header_row, columns, last_row, widest), records


_NUMBERING = re.compile(r"^\(?(\d{1,2})\)?$")


def _column_numbers(cells: list[Any]) -> bool:
    """A row numbering the columns 1, 2, 3... (or (1), (2), (3)...), at least three of them."""
    numbers = []
    for value, _fmt in cells:
        if _blank_value(value):
            continue
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            text = str(value)
        elif isinstance(value, str):
            text = value.strip()
        else:
            return False
        match = _NUMBERING.match(text)
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


# tables of labels, where a lone text is a row
_LABEL_TABLES = (schema.IDENTITAS.name, schema.SKALA.name, schema.SKALA_PREDIKAT.name)
_CODE_LIKE = re.compile(r"^[\w.\-/]{1,20}$")


def _note_like(cells: list[Any], columns: dict[str, int], spec: SheetSpec) -> bool:
    """A row holding text in one or two cells only, none of it a total label or a code in a Kode column: a
    note or a signature line if it comes after the table."""
    filled = [(index, value) for index, (value, _fmt) in enumerate(cells, start=1) if not _blank_value(value)]
    if not 1 <= len(filled) <= 2:
        return False
    kinds = {index: spec.column(key).kind for key, index in columns.items()}
    for index, value in filled:
        if value.__class__ is not str or _is_total_label(value):
            return False
        text = value.strip()
        if kinds.get(index) is Kind.CODE and _CODE_LIKE.match(text) and any(ch.isdigit() for ch in text) \
                and not (text.isdigit() and len(text) > 12):  # a NIP (18 digits) is no code
            return False
    return True


def _row_ranges(rows: list[int]) -> str:
    """[45, 46, 47, 50] -> '45–47, 50'."""
    parts: list[str] = []
    start = previous = rows[0]
    for row in rows[1:] + [None]:  # type: ignore[list-item]
        if row is not None and row == previous + 1:
            previous = row
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if row is not None:
            start = previous = row
    return ", ".join(parts)


def _spread_merged(merged: Any, records: list[dict], columns: dict[str, int], spec: SheetSpec) -> None:
    """A merged label counts for every row of its range: Kode Sasaran and Sasaran Strategis over their
    indicators, Unit Kerja, a PK Kode over its programs; `JUMLAH` merged across Kode and Uraian is the total
    row's Uraian (not a Kode)."""
    if not merged:
        return
    by_row = {record["_row"]: record for record in records}
    key_at = {index: key for key, index in columns.items()}
    for top, left, bottom, right in merged:
        source = by_row.get(top)
        key = key_at.get(left)
        if source is None or key is None or source[key].blank:
            continue
        cell = source[key]
        covered = [k for k, i in columns.items() if left <= i <= right]
        if spec.name == schema.ANGGARAN.name and key == "code" and "name" in covered \
                and _is_total_label(str(cell.value)):
            for record in (by_row.get(r) for r in range(top, bottom + 1)):
                if record is not None:
                    record["name"] = CellValue(cell.value, cell.number_format, record["name"].coordinate)
                    record["code"] = CellValue(None, None, record["code"].coordinate)
            continue
        if not spec.column(key).spread:
            continue
        for row in range(top + 1, bottom + 1):
            record = by_row.get(row)
            if record is not None and record[key].blank:
                record[key] = CellValue(cell.value, cell.number_format, record[key].coordinate)


def _compute_formulas(worksheet: Any, records: list[dict]) -> None:
    """Formula cells without a trusted value get the value lkip-xls computes; those it cannot compute keep
    their `Formula` (FORMULA-NO-VALUE where the value is used)."""
    evaluator = None
    for record in records:
        for key, cell in record.items():
            if not isinstance(cell, CellValue) or not isinstance(cell.value, Formula):
                continue
            if evaluator is None:
                evaluator = worksheet.workbook.evaluator
            try:
                value = evaluator.value(cell.value)
            except CannotEvaluate:
                continue
            record[key] = CellValue(value, cell.number_format, cell.coordinate)


class RowReader:
    """Typed access to one data row; parse problems become findings at the cell. A value that cannot be read
    (a formula without value, an Excel error, text that is no number, a date in a number, a code whose digits
    Excel dropped) is reported once at its cell, its key goes into `unreadable`, and it reads as None: never
    as 0 or empty. `done(record)` hands the set to the record."""

    def __init__(self, spec: SheetSpec, record: dict, findings: Findings, layout: SheetLayout):
        self.spec = spec
        self.sheet = layout.title
        self.record = record
        self.row: int = record["_row"]
        self.findings = findings
        self.cells = layout.row_cells(self.row)
        self.columns = layout.columns
        self.unreadable: set[str] = set()
        self.causes: dict[str, tuple[str, str]] = {}
        self._numeric_codes: list[tuple[str, str, str | None]] = []

    def done(self, record: Record) -> Record:
        record.unreadable |= self.unreadable
        record.causes.update(self.causes)
        for key, text, coordinate in self._numeric_codes:
            self.findings.numeric_codes.append((record, key, text, coordinate))
        return record

    def cell(self, key: str) -> CellValue | None:
        return self.record.get(key)

    def coordinate(self, key: str) -> str | None:
        return self.cells.get(key)

    def header(self, key: str) -> str:
        return self.spec.column(key).header

    def _readable(self, key: str, *, numeric: bool = False, na_ok: bool = False) -> CellValue | None:
        """The cell, or None when it is absent or its value cannot be read (then reported, once)."""
        cell = self.cell(key)
        if cell is None:
            return None
        value = cell.value
        if isinstance(value, ExcelError):
            if na_ok and value.upper() == "#N/A":
                return cell  # "no value", as a typed N/A
            return self._cannot(key, cell, "CELL-ERROR", error=str(value))
        if isinstance(value, Formula):
            return self._cannot(key, cell, "FORMULA-NO-VALUE", formula=_clip(str(value), 80))
        if numeric and isinstance(value, (dt.date, dt.time)):
            typed = _typed_as(value, cell.number_format)
            return self._cannot(key, cell, "DATE-IN-NUMBER", date=_date_text(value), typed=typed,
                                example="'" + typed.replace("-", " - "))
        return cell

    def _cannot(self, key: str, cell: CellValue, code: str, **params: Any) -> None:
        self.unreadable.add(key)
        origin = self._origin(key) if code in ("CELL-ERROR", "FORMULA-NO-VALUE") else None
        if origin is not None:  # a total built on a broken cell of the table: reported there, once
            self.causes[key] = (origin[0], f"{column_letter(origin[2])}{origin[1]}")
            return None
        self.findings.once(code, self.sheet, cell.coordinate, header=self.header(key), **params)
        return None

    def _origin(self, key: str) -> tuple[str, int, int] | None:
        """The cell, itself read as data, because of which this cell's value cannot be read; None when the
        cell is broken by itself (or by a cell outside the tables)."""
        evaluator = self.findings.evaluator
        if evaluator is None or key not in self.columns:
            return None
        here = (self.sheet, self.row, self.columns[key])
        origin = evaluator.origin(*here)
        rows, columns = self.findings.tables.get(origin[0], (set(), set()))
        return origin if origin != here and origin[1] in rows and origin[2] in columns else None

    def text(self, key: str, required: bool = False) -> str | None:
        cell = self._readable(key)
        if cell is None or cell.blank:
            if required and key not in self.unreadable:
                self.findings.add("REQUIRED-EMPTY", self.sheet, self.coordinate(key), header=self.header(key))
            return None
        value = cell.value
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return _number_text(value, None)
        return " ".join(str(value).split())

    def code(self, key: str, required: bool = False) -> str | None:
        """A code as the agency sees it: a code Excel keeps as a number (3.30 as 3.3) is read through its number
        format (`0.00` gives "3.30") and remembered for KODE-AS-NUMBER; one Excel made a date is unreadable."""
        cell = self._readable(key, numeric=True)
        if key in self.unreadable:
            return None
        if cell is not None and isinstance(cell.value, (float, Decimal)) and not cell.blank:
            text = _number_text(cell.value, cell.number_format)
            if Decimal(str(cell.value)) != Decimal(str(cell.value)).to_integral_value():
                self._numeric_codes.append((key, text, cell.coordinate))
            return normalize_code(text)
        if cell is not None and isinstance(cell.value, int) and not isinstance(cell.value, bool):
            return normalize_code(_number_text(cell.value, cell.number_format))
        return normalize_code(self.text(key, required))

    def _parse(self, cell: CellValue, key: str, parser: Any, unit: str | None = None,
               predicates: bool = False) -> Any:
        """parser(value, number_format), with VALUE-NOT-NUMBER for text that is no number (returns INVALID, the
        key unreadable) and NUMBER-FORMAT-UNUSUAL for a number read in a non-Indonesian way or typed with the
        indicator's unit (`unit`: its Satuan)."""
        value, quirk = cell.value, None
        if isinstance(value, str):
            bare = without_unit(value, unit)
            if bare is not None:
                value, quirk = bare, Quirk.UNIT_WORDS
        try:
            parsed = parser(value, cell.number_format, self.findings.predicates if predicates else None)
        except NumberOutOfRange:
            self.unreadable.add(key)
            self.findings.once("NUMBER-OUT-OF-RANGE", self.sheet, cell.coordinate, header=self.header(key),
                               value=str(cell.value))
            return INVALID
        except NotANumber:
            self.unreadable.add(key)
            known = predicate_names(self.findings.predicates) if predicates and isinstance(cell.value, str) else ""
            self.findings.once("VALUE-NOT-NUMBER", self.sheet, cell.coordinate, header=self.header(key),
                               value=str(cell.value), predicates=known)
            return INVALID
        quirk = (parsed.quirk if parsed is not None else None) or quirk
        if parsed is not None and quirk is not None:
            self.findings.once("NUMBER-FORMAT-UNUSUAL", self.sheet, cell.coordinate, header=self.header(key),
                               text=str(cell.value), value=parsed.value, quirk=quirk.value)
        return parsed

    def number(self, key: str, *, missing_as_zero: bool = False, na_ok: bool = False,
               unit: str | None = None, predicates: bool = False) -> Decimal | None:
        """The cell's number; None when empty (0 with `missing_as_zero`) or unreadable (see `unreadable`). With
        `predicates`, a known predicate (WTP, BB, A (80)) reads as its value."""
        if self.cell(key) is None:
            return Decimal(0) if missing_as_zero else None
        cell = self._readable(key, numeric=True, na_ok=na_ok)
        if cell is None:
            return None
        parsed = self._parse(cell, key, parse_number, unit, predicates)
        if parsed is INVALID:
            return None
        if parsed.value is None and missing_as_zero:
            return Decimal(0)
        return parsed.value

    def amount(self, key: str, *, integer: bool = False) -> Decimal | None:
        """Money and staff counts: empty or '-' is 0 for money (None for a count); negative (and, for counts,
        fractions) are errors; None also when unreadable."""
        value = self.number(key, missing_as_zero=not integer)
        coordinate, header = self.coordinate(key), self.header(key)
        if value is not None and value < 0:
            self.findings.add("VALUE-NEGATIVE", self.sheet, coordinate, header=header, value=value)
        elif integer and value is not None and value != value.to_integral_value():
            self.findings.add("VALUE-NOT-INTEGER", self.sheet, coordinate, header=header, value=value)
        return value

    def target(self, key: str, unit: str | None = None, predicates: bool = False) -> Target | None:
        if self.cell(key) is None:
            return None
        cell = self._readable(key, numeric=True)
        if cell is None:
            return None
        target = self._parse(cell, key, parse_target, unit, predicates)
        if target is INVALID:
            return None
        if target is None:
            self.findings.add("REQUIRED-EMPTY", self.sheet, cell.coordinate, header=self.header(key))
        return target

    def choice(self, key: str, aliases: dict[str, str], code: str) -> tuple[str | None, bool]:
        """(value, valid): an empty cell is (None, True); text outside the list is (None, False), reported
        with `code`; an unreadable cell is (None, False), reported as such."""
        text = self.text(key)
        if text is None:
            return None, key not in self.unreadable
        value = aliases.get(text.casefold())
        if value is None:
            self.findings.add(code, self.sheet, self.coordinate(key), value=text,
                              choices=", ".join(dict.fromkeys(aliases.values())))
            return None, False
        return value, True


def _number_text(value: Any, number_format: str | None) -> str:
    """A number as Excel shows it in a cell formatted `0`, `0.0`, `0.00`... (decimals kept), else as General
    does (3.30 kept as the number 3.3 shows "3.3")."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    section = (number_format or "").split(";")[0]
    fixed = re.fullmatch(r"[#,]*0(?:\.(0+))?", section.replace('"', ""))
    if fixed:
        places = len(fixed.group(1) or "")
        return f"{number:.{places}f}"
    text = f"{number.normalize():f}" if number != number.to_integral_value() else str(int(number))
    return text


def _date_text(value: dt.date | dt.time) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y") if value.time() == dt.time(0) else value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return value.strftime("%H:%M")


def _typed_as(value: dt.date | dt.time, number_format: str | None) -> str:
    """What the agency probably typed before Excel made it a date: "3-10" (3 October), "1/2" (1 February)."""
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    number_format = (number_format or "").casefold()
    if "/" in number_format or number_format == "mm-dd-yy":  # the short date of the locale: "1/2" typed
        separator = "/"
    else:
        separator = "." if "." in number_format else "-"
    return f"{value.day}{separator}{value.month}"


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
    from . import program  # Skala Predikat before any target; Kinerja Program after the budget
    program.read_predicates(data, tables.get(schema.SKALA_PREDIKAT.name), findings)
    _read_indicators(data, tables.get(schema.IKU.name, []), findings)
    _read_pk(data, tables.get(schema.PK.name, []), findings)
    _read_quarters(data, tables.get(schema.REALISASI.name, []), findings)
    _read_budget(data, tables.get(schema.ANGGARAN.name, []), findings)
    _read_staff(data, tables.get(schema.SDM.name, []), findings)
    program.read_program(data, tables.get(schema.KINERJA_PROGRAM.name, []), findings)
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
            seen[field.key] = record["value"]
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
        unit = row.text("unit")
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
        typed = row.cell("capaian")
        data.indicators.append(row.done(Indicator(
            sheet=layout.title, row=row.row, cells=row.cells,
            sasaran_code=sasaran_code, sasaran_name=sasaran_name, code=code,
            name=name, unit=unit,
            direction=direction, direction_defaulted=defaulted, target=target, actual=actual, actual_text=actual_text,
            actual_last_year=row.number("actual_last_year", unit=unit),
            renstra_target=row.number("renstra_target", unit=unit),
            typed_capaian=_typed_number(typed), typed_category=row.text("category"), note=row.text("note"),
        )))


def _blank(cell: CellValue | None) -> bool:
    return cell is None or cell.blank


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
        data.pk_rows.append(row.done(PKRow(
            sheet=layout.title, row=row.row, cells=row.cells,
            code=row.code("code", required=True), name=row.text("name"), target=row.target("target", predicates=True),
            program_code=row.code("program_code"), program_name=row.text("program_name"),
            budget=None if _blank(row.cell("budget")) else row.amount("budget"),
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
            typed_annual=_typed_number(row.cell("annual")),
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
        level, level_valid = row.choice("level", _TINGKAT_ALIASES, "TINGKAT-INVALID")
        kind, _ = row.choice("kind", _JENIS_ALIASES, "JENIS-INVALID")
        is_total = code is None and level is None and _is_total_label(name)
        if name is None:
            row.text("name", required=True)
        line = row.done(BudgetLine(
            sheet=layout.title, row=row.row, cells=row.cells, code=code, name=name,
            sasaran_code=row.code("sasaran_code"), is_total=is_total,
            budget=row.amount("budget"), spent=row.amount("spent"),  # empty is 0; None: unreadable
            typed_absorption=_typed_number(row.cell("absorption")),
            typed_remaining=_typed_number(row.cell("remaining")),
            level=level, fund_source=row.text("fund_source"), kind=kind,
            budget_initial=None if _blank(row.cell("budget_initial")) else row.amount("budget_initial"),
        ))
        if not level_valid:
            line.level = ""  # reported: a row in the hierarchy whose place is unknown
        data.budget_lines.append(line)
    if any(line.level for line in data.budget_lines):
        _levels(data.budget_lines, findings)
    else:
        for line in data.budget_lines:
            line.level = None
            if line.code is None and not line.is_total and "code" not in line.unreadable:
                findings.add("REQUIRED-EMPTY", line.sheet, line.cell("code"), header=spec.column("code").header)


_TINGKAT_ALIASES = {c.casefold(): c for c in schema.TINGKAT_CHOICES} | {"subkegiatan": "Sub Kegiatan",
                                                                       "sub-kegiatan": "Sub Kegiatan"}
_JENIS_ALIASES = {c.casefold(): c for c in schema.JENIS_CHOICES}
_DEPTH = {"Program": 0, "Kegiatan": 1, "Sub Kegiatan": 2}


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
                          (data.program_indicators, ("code",))):
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
            ProgramIndicator: schema.KINERJA_PROGRAM.name}[type(record)]
