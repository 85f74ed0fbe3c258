"""Finding a template table in a sheet: the header row (rows 1-10, a group row or a two-row header
tolerated), the data rows below it, merged labels spread over their rows, notes under the table, formulas
without stored values (TEMPLATE.md §1, §6)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..core import schema
from ..core.model import (
    SheetLayout,
    column_letter,
)
from ..core.schema import Kind, SheetSpec, normalize_label
from .cells import CellValue, Findings, _blank_value, _is_total_label, cell_of, strip_invisible
from .formulas import CannotEvaluate, Formula

# --------------------------------------------------------------------------- tables


def find_sheet(workbook: Any, spec_name: str) -> Any | None:
    wanted = normalize_label(spec_name)
    for title in workbook.sheetnames:
        if normalize_label(strip_invisible(title)[0]) == wanted:
            return workbook[title]
    return None


def read_table(worksheet: Any, spec: SheetSpec, findings: Findings) -> tuple[SheetLayout | None, list[dict]]:
    """Find the header row (rows 1-10), then read every non-empty data row below it; `worksheet.iter_values()`
    gives (row number, [(value, number_format), ...]) for the rows that have cells. A record maps the key of
    each column of the table to its CellValue, except the columns past the row's last cell: those cells are
    empty, and left out (7 of the 12 cells of a budget row; `cell_of` gives them), so that a key absent from
    the record is a column the table has or not as the layout says.

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
    above: tuple[int, dict[str, int], dict[str, tuple[int, int, str]], list[Any]] | None = None
    header_values: list[Any] = []
    widest = 0  # the last column holding a cell in any row: a computed column the agency deleted goes after it
    for number, cells in rows:
        widest = max(widest, len(cells))
        found: dict[str, int] = {}
        marks: dict[str, tuple[int, int, str]] = {}
        for index, (value, _fmt) in enumerate(cells, start=1):
            if not isinstance(value, str):
                continue
            value, removed = strip_invisible(value)
            label = normalize_label(value)
            key = wanted.get(label) or (spec.pattern_key(label) or spec.pattern_key(_loose(value))
                                        or spec.alias_key(label) if spec.patterns or spec.aliases else None)
            if key and key not in found:
                found[key] = index
                marks[key] = (number, index, removed)
        if required <= found.keys():
            header_row, columns, header_cells = number, found, marks
            if above is not None and above[0] == number - 1:  # "Target" merged above years typed in this row
                columns = columns | _year_columns(spec, cells, above[3], columns)
            header_values = cells
            break
        if above is not None and above[0] == number - 1:
            upper = {k: i for k, i in above[1].items() if i not in found.values()}
            merged = upper | found
            if required <= merged.keys() and len(set(merged.values())) == len(merged):
                header_row, columns = number, merged
                header_cells = {k: v for k, v in above[2].items() if k in upper} | marks
                columns = columns | _year_columns(spec, cells, above[3], columns)
                header_values = cells
                break
        if len(found) > len(best):
            best = found
        above = (number, found, marks, cells)
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
    plain = {key for key in columns if spec.column(key).kind is Kind.TEXT}  # free text: cleaned without a word
    places = [(key, index - 1, letters[key], key not in plain) for key, index in columns.items()]
    notes: list[int] = []  # rows below the table read as notes (the trailing ones)
    # The cells of the last records that may be notes: a note fills one or two cells (`_note_like`), so a row
    # filling three cells of the table is none, and only the rows after the last such row are kept (and
    # judged, from the end, once the table is read).
    tail: list[list[Any]] = []
    first = True
    title = worksheet.title
    for number, cells in rows:
        if len(cells) > widest:
            widest = len(cells)
        if first and _column_numbers(cells):
            continue  # "1 2 3 4 ..." or "(1) (2) (3) ..." under the headers, as printed reports number columns
        if first and spec.patterns:  # the years under a "Target" / "Realisasi" group of the header row
            years = _year_columns(spec, cells, header_values, columns)
            if years:
                columns = columns | years
                letters = {key: column_letter(index) for key, index in columns.items()}
                places = [(key, index - 1, letters[key], key not in plain) for key, index in columns.items()]
                continue
        first = False
        # the hot path of every sheet (10,000 budget rows): one plain loop, a CellValue made without its __new__
        row = str(number)
        record: dict[str, CellValue] = {}
        filled = 0  # the table's cells holding something (after invisible characters are removed)
        invisible = None
        present = len(cells)  # a row's cells stop at its last non-empty one
        for key, index, letter, report in places:
            if index >= present:
                continue  # past the row's last cell: left out, read as empty (`cell_of`, RowReader.cell)
            value, number_format = cells[index]
            if value.__class__ is str:
                if not value.isascii():
                    value, removed = strip_invisible(value)
                    if removed and report:
                        invisible = (invisible or []) + [(key, letter + row, removed)]
                if value.strip():
                    filled += 1
            elif value is not None:
                filled += 1
            record[key] = _cell_value(CellValue, (value, number_format, letter + row))
        if not filled:
            continue
        if invisible:
            for key, coordinate, removed in invisible:
                findings.add("INVISIBLE-CHARACTER", title, coordinate, header=spec.column(key).header,
                             characters=removed)
        record["_row"] = number  # type: ignore[assignment]
        records.append(record)
        if filled > 2:  # three filled cells (the columns are distinct): no note, nor any row above it
            tail.clear()
        else:
            tail.append(cells)
    while tail and _note_like(tail[-1], columns, spec) \
            and (spec.name not in _LABEL_TABLES or _sentence_note(records[-1], spec)):
        tail.pop()
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


_cell_value = tuple.__new__


def _loose(value: str) -> str:
    """A header with its spaces collapsed and its case folded, a trailing "(2021)" kept."""
    return " ".join(value.split()).casefold()


def _year_columns(spec: SheetSpec, cells: list[Any], group_cells: list[Any], taken: dict[str, int]) -> dict[str, int]:
    """Year columns of a header on two rows: years in `cells` (2021 as a number, "2021", "Tahun 2021") under a
    group in `group_cells` ("Target", "Realisasi", "Target Kinerja Tahun") standing over the first of a run of
    years (merged over them or not: merged ranges are known only once the sheet is read, and a merged group's
    text is in its first cell). Keys already read from a header are kept."""
    if not spec.patterns:
        return {}
    found: dict[str, int] = {}
    group_at: dict[int, str | None] = {}
    for index, (value, _fmt) in enumerate(group_cells, start=1):
        if isinstance(value, str) and value.strip():
            group_at[index] = _group_of(value)
    current: str | None = None
    for index, (value, _fmt) in enumerate(cells, start=1):
        year = _year_of(value)
        if year is None:
            current = None
            continue
        if index in group_at:
            current = group_at[index]
        if current is None:
            continue
        key = spec.pattern_key(f"{current} {year}")
        if key is not None and key not in taken and key not in found and index not in taken.values():
            found[key] = index
    return found


def _group_of(value: str) -> str | None:
    label = normalize_label(strip_invisible(value)[0])
    for group, pattern in schema.YEAR_GROUPS.items():
        if pattern.fullmatch(label):
            return group
    return None


def _year_of(value: Any) -> int | None:
    """2021 for a year cell: the number 2021 or the text "2021", "Tahun 2021"; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite() or number != number.to_integral_value() or abs(number) > 10_000:
            return None
        year = int(number)
    elif isinstance(value, str):
        match = schema.YEAR_CELL.fullmatch(" ".join(strip_invisible(value)[0].split()).casefold())
        if match is None:
            return None
        year = int(match.group(1))
    else:
        return None
    return year if schema.YEAR_RANGE[0] <= year <= schema.YEAR_RANGE[1] else None


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
    filled = []
    for index, (value, _fmt) in enumerate(cells, start=1):
        if value is None or (value.__class__ is str and not value.strip()):
            continue
        if len(filled) == 2:
            return False  # a third filled cell: data (most rows stop here)
        filled.append((index, value))
    if not filled:
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


def _sentence_note(record: dict, spec: SheetSpec) -> bool:
    """Under Skala Predikat (a table of labels, where a lone text is a row), a note is a sentence with no value:
    "Sumber: PermenPAN-RB 88/2021" (a colon, or more than four words), never a short predicate such as
    "Sangat Baik" left without its Nilai."""
    value = record.get("value")  # None: past the row's last cell, empty
    if spec.name != schema.SKALA_PREDIKAT.name or (value is not None and not value.blank):
        return False
    texts = [c.value for k, c in record.items() if isinstance(c, CellValue) and not c.blank]
    return any(":" in t or len(t.split()) > 4 for t in texts if isinstance(t, str))


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
    letters = {key: column_letter(index) for key, index in columns.items()}
    for top, left, bottom, right in merged:
        source = by_row.get(top)
        key = key_at.get(left)
        if source is None or key is None or cell_of(source, key, letters[key]).blank:
            continue
        cell = source[key]
        covered = [k for k, i in columns.items() if left <= i <= right]
        if spec.name == schema.ANGGARAN.name and key == "code" and "name" in covered \
                and _is_total_label(str(cell.value)):
            for record in (by_row.get(r) for r in range(top, bottom + 1)):
                if record is not None:
                    record["name"] = CellValue(cell.value, cell.number_format,
                                               cell_of(record, "name", letters["name"]).coordinate)
                    record["code"] = CellValue(None, None, cell_of(record, "code", letters["code"]).coordinate)
            continue
        if not spec.column(key).spread:
            continue
        for row in range(top + 1, bottom + 1):
            record = by_row.get(row)
            if record is not None and cell_of(record, key, letters[key]).blank:
                record[key] = CellValue(cell.value, cell.number_format, f"{letters[key]}{row}")
                record.setdefault("_spread", set()).add(key)  # the value is the merged cell's, not the row's own
                record.setdefault("_merged_from", {})[key] = cell.coordinate


def _compute_formulas(worksheet: Any, records: list[dict]) -> None:
    """Formula cells without a trusted value get the value lkip-xls computes; those it cannot compute keep
    their `Formula` (FORMULA-NO-VALUE where the value is used)."""
    if not getattr(worksheet, "formulas", True):
        return  # the sheet holds no formula without a trusted value (fastread counts them)
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


