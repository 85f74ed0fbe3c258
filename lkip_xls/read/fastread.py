"""A streaming, read-only view of an .xlsx for reading values fast and in bounded memory.

openpyxl builds a cell object (and, outside read-only mode, a whole workbook) for every cell; reading the
template's sheets only needs each cell's cached value and number format. This module reads the sheet XML
a chunk at a time: rows of the usual shapes through `rowscan`'s compiled patterns (`_RowCollector.fast_rows`),
the others through an event parser (expat), with the same results (tests/test_rowscan.py). `reader` takes
`sheetnames`, `workbook[name]`, `worksheet.title` and `worksheet.iter_values()` (sparse rows of (value, number
format)); `previous.read_state` takes `worksheet.iter_rows(values_only=True)`, which reads like openpyxl's
read-only rows.

Longer than ~400 lines on purpose: the workbook view, the expat row collector and its scanned rows share the
per-cell hot path and its state; kept together for speed and so that the two paths are read side by side.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple
from xml.parsers import expat

from defusedxml.ElementTree import iterparse

from ..core.errors import FileUnreadable
from ..core.numformats import BUILTIN_FORMATS
from .formulas import Evaluator, ExcelError, Formula, Grid, excel_number, shift
from .guard import MAX_COLUMNS, MAX_ROWS
from .ooxml import MAIN, Package
from .rowscan import ATTRIBUTE, RowScanner, unescape

_T = f"{{{MAIN}}}t"
_SI = f"{{{MAIN}}}si"
_R = f"{{{MAIN}}}r"


_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_EPOCH = dt.datetime(1899, 12, 30)


def is_date_format(number_format: str | None) -> bool:
    if not number_format:
        return False
    return _DATE_CODE.search(_STRIP.sub("", number_format.split(";")[0])) is not None


def from_excel(serial: float) -> dt.datetime:
    return _EPOCH + dt.timedelta(days=serial)


class Cell(NamedTuple):
    """A cell as the reader needs it; a plain pair, so rows go to the reader without conversion."""

    value: Any
    number_format: str | None


EMPTY = Cell(None, None)


_FULL_CALC = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"')
MAX_GRID_CELLS = 500_000  # non-empty cells of one sheet kept for computing formulas (about 125 MB at most)
STATE_SHEET = "_lkip_xls"  # the state an earlier run of lkip-xls left in a _hasil (read.previous)


class FastWorkbook:
    def __init__(self, path: Path):
        self._archive = zipfile.ZipFile(path)
        self.package = Package(self._archive)
        self._parts = {name: part for name, part, kind in self.package.sheets if part and kind == "worksheet"}
        self.sheetnames = list(self._parts)
        self._strings: list[str] | None = None
        self.links: list = []  # links out of the workbook the guard found (guard.Link)
        # member name -> a worksheet's bytes the guard read (guard.Inspection.sheets), taken by its first reading
        self.checked: dict[str, bytes] = {}
        self._formats: list[str] | None = None
        self._grids: dict[str, Grid | None] = {}
        self._evaluator: Evaluator | None = None
        self.scan = True  # False: every row through expat, what the fast scan must give exactly (tests compare)
        # A program that wrote formulas without computing them asks for "recalculate on open" and stores no
        # value or 0: such a 0 is not trusted. lkip-xls asks for it too in a _hasil, whose values Excel computed.
        self.recalc = (bool(_FULL_CALC.search(self._workbook_xml())) and STATE_SHEET not in self._parts)

    def _workbook_xml(self) -> bytes:
        """The workbook part, found through the package's relationships (never a decoy xl/workbook.xml)."""
        with self.package.open(self.package.workbook_part) as stream:
            return stream.read(1024 * 1024)

    def __getitem__(self, name: str) -> FastSheet:
        return FastSheet(self, name, self._parts[name])

    @property
    def evaluator(self) -> Evaluator:
        """Computes formula cells that hold no trusted value (read.formulas), reading the sheets they need."""
        if self._evaluator is None:
            self._evaluator = Evaluator(self.sheetnames, self.grid)
        return self._evaluator

    def grid(self, title: str) -> Grid | None:
        """A second pass over one sheet: every non-empty cell, numbers undisturbed by date formats."""
        if title not in self._grids:
            part = self._parts.get(title)
            grid = None
            if part is not None and part in self._archive.namelist():
                grid = Grid()
                rows = _RowCollector(title, self, dates=False)
                with self._archive.open(part) as stream:
                    for batch in _read_rows(stream, rows, self.scan):
                        for number, cells in batch:
                            for column, cell in enumerate(cells, start=1):
                                if cell.value is not None:
                                    grid.cells[(number, column)] = cell.value
                                    grid.max_column = max(grid.max_column, column)
                            grid.max_row = max(grid.max_row, number)
                        if len(grid.cells) > MAX_GRID_CELLS:
                            break  # memory stays bounded; formulas on such a sheet are FORMULA-NO-VALUE
                grid.subtotals, grid.hidden_rows = rows.subtotals, rows.hidden_rows
                if len(grid.cells) > MAX_GRID_CELLS:
                    grid = None
            self._grids[title] = grid
        return self._grids[title]

    def close(self) -> None:
        self._archive.close()
        self.checked = {}  # sheets never read (an agency's own sheets): their bytes go now

    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            part = self.package.workbook_related("sharedStrings")
            if part is not None:
                with self.package.open(part) as stream:
                    for _event, element in iterparse(stream, events=("end",)):
                        if element.tag == _SI:
                            self._strings.append(_text_of(element))
                            element.clear()
        return self._strings

    def formats(self) -> list[str]:
        """The number format of every cell style (xf) index."""
        if self._formats is None:
            self._formats = []
            part = self.package.workbook_related("styles")
            if part is not None:
                custom: dict[int, str] = {}
                with self.package.open(part) as stream:
                    in_cell_xfs = False
                    for event, element in iterparse(stream, events=("start", "end")):
                        local = element.tag.rpartition("}")[2]
                        if event == "start" and local == "cellXfs":
                            in_cell_xfs = True
                        elif event == "end" and local == "cellXfs":
                            in_cell_xfs = False
                        elif event == "end" and local == "numFmt":
                            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "General")
                        elif event == "start" and local == "xf" and in_cell_xfs:
                            number = int(element.get("numFmtId", "0"))
                            self._formats.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
        return self._formats


def _text_of(element: Any) -> str:
    """The text of a shared or inline string: plain, or rich runs joined; phonetic hints (rPh) left out."""
    direct = element.find(_T)
    parts = [direct.text or ""] if direct is not None else []
    parts += [t.text or "" for run in element.findall(_R) for t in run.findall(_T)]
    return "".join(parts)


class FastSheet:
    def __init__(self, workbook: FastWorkbook, title: str, part: str):
        self.workbook = workbook
        self.title = title
        self.part = part
        self.merged: list[tuple[int, int, int, int]] = []  # (top, left, bottom, right): known once read
        self.formulas = True  # whether a cell holds a Formula (no trusted value): known once read

    def iter_values(self) -> Iterator[tuple[int, list[Cell]]]:
        """(row number, cells) for every row that has cells; empty rows are not yielded. A formula cell without
        a value lkip-xls can trust holds a `Formula`; an error cell an `ExcelError`. Once the rows are read,
        `merged` holds the sheet's merged ranges (they follow the cells in the XML)."""
        rows = _RowCollector(self.title, self.workbook)
        checked = self.workbook.checked.pop(self.workbook.package.find(self.part) or "", None)
        with self.workbook.package.open(self.part) if checked is None else io.BytesIO(checked) as stream:
            for batch in _read_rows(stream, rows, self.workbook.scan):
                yield from batch
        self.merged = rows.merged
        self.formulas = rows.formulas > 0

    def iter_rows(self, values_only: bool = False) -> Iterator[tuple]:
        return dense_rows(self.iter_values(), values_only)


_CHUNK = 256 * 1024


def _read_rows(stream: Any, rows: _RowCollector, scan: bool = True) -> Iterator[list[tuple[int, list[Cell]]]]:
    """The rows of a sheet part, a batch per chunk read: the usual rows read whole by `rowscan`'s patterns,
    the rest by expat (every row when `scan` is False)."""
    parser = _expat_parser(rows)
    push = RowScanner(parser.Parse, rows.fast_rows, rows.clean).push if scan else parser.Parse
    while chunk := stream.read(_CHUNK):
        push(chunk, False)
        yield rows.take()
    push(b"", True)
    yield rows.take()


def _refuse(*_args: Any) -> None:
    raise ValueError("xml-attack: DTD or entity declaration")


def _expat_parser(rows: _RowCollector) -> Any:
    parser = expat.ParserCreate()  # no namespace processing: faster; prefixes are stripped by hand
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.buffer_text = True
    parser.StartElementHandler = rows.start
    parser.EndElementHandler = rows.end
    parser.CharacterDataHandler = rows.text
    return parser


class _RowCollector:
    """expat handlers that turn <row><c><v>..</v></c></row> into lists of Cells."""

    def __init__(self, title: str, workbook: FastWorkbook, dates: bool = True):
        self.title = title
        self.workbook = workbook
        # Per cell style index: its number format, and whether that format shows a date (decided once).
        self.formats = [(number_format, dates and is_date_format(number_format))
                        for number_format in workbook.formats()]
        self.recalc = workbook.recalc
        self.formula_attrs: dict[str, str] | None = None
        self.formula_text: str | None = None
        self.shared: dict[str, tuple[str, int, int]] = {}  # shared formula index -> (text, row, column)
        self.subtotals: set[tuple[int, int]] = set()
        self.hidden_rows: set[int] = set()
        self.merged: list[tuple[int, int, int, int]] = []
        self.formulas = 0  # cells given a Formula
        self.column_of: dict[str, int] = {}  # "AB" -> 28, decided once per column
        self.style_of: dict[str | None, tuple[str | None, bool]] = {}  # s="3" -> (format, is a date), once
        self.row_attributes: dict[str, tuple[bool, bool]] = {}  # see _row_attributes
        self.scanned_columns: dict[str, int] = {}  # "AB" -> 28 for fast_rows: only columns within the limit
        self.strings: list[str] | None = None
        self.done: list[tuple[int, list[Cell]]] = []
        self.row_number = 0
        self.cells: list[Cell] | None = None
        self.cell_attrs: dict[str, str] | None = None
        self.position = 0
        self.text_parts: list[str] = []
        self.collect = False  # inside <v>, or <t> of an inline string (not of a phonetic hint)
        self.inline: list[str] | None = None
        self.in_phonetic = False
        self.value_text: str | None = None

    def take(self) -> list[tuple[int, list[Cell]]]:
        done, self.done = self.done, []
        return done

    def clean(self) -> bool:
        """Between rows, where expat's handlers would read a row exactly as `fast_rows` does."""
        return self.cells is None and self.cell_attrs is None and not self.collect and not self.in_phonetic

    def fast_rows(self, tokens: list[tuple[str, ...]]) -> bool:
        """`_scan_rows`; when it leaves the rows to expat, the formula count it made is undone (what it noted of
        shared formulas and SUBTOTALs, expat notes again the same)."""
        formulas, number = self.formulas, self.row_number
        if self._scan_rows(tokens):
            return True
        self.formulas, self.row_number = formulas, number
        return False

    def _scan_rows(self, tokens: list[tuple[str, ...]]) -> bool:
        """Rows `rowscan` matched whole, as its tokens: a row start (r when it comes first, the other attributes
        as written) or a cell (column letters, s, t, the <v> text when it is a whole number, any other <v>
        text, the inline string's text); "" for what is not there. Makes of them what `start`, `end` and
        `_finish_cell` make of the same rows; says False (having changed nothing) where expat must read them
        (an attribute twice, an r elsewhere, too many rows or columns), so that what is wrong is said as before."""
        done: list[tuple[int, list[Cell]]] = []
        hidden_rows: list[int] = []
        number, column, size = self.row_number, 0, 0  # size: len(cells)
        cells: list[Cell] = []
        columns, style_of, row_attributes = self.scanned_columns, self.style_of, self.row_attributes
        new_cell, date_of = _new_cell, _date_of
        for letters, style, kind, formula_tag, formula, integer, raw, inline, number_text, attributes in tokens:
            if not letters:  # a row starts
                number = int(number_text) if number_text else number + 1
                if attributes:
                    usable, hidden = row_attributes.get(attributes) or self._row_attributes(attributes)
                    if not usable:
                        return False
                    if hidden:
                        hidden_rows.append(number)
                if number > MAX_ROWS:
                    return False
                cells, column, size = [], 0, 0
                done.append((number, cells))
                continue
            column = columns.get(letters)
            if column is None:  # a column not met yet: within the limit, or expat says what is wrong
                column = _column_index(letters)
                if column > MAX_COLUMNS:
                    return False
                columns[letters] = column
            number_format, is_date = style_of.get(style) or self._style(style)
            if formula_tag:  # <f ...>: the value as _finish_cell gives it
                value = self._scanned_formula(number, column, kind or "n", is_date, formula_tag[2:], formula,
                                              integer or raw, inline)
                if value is _REFUSED:
                    return False
            elif not kind:
                if integer:  # the usual cell: a whole number (excel_number's int)
                    value: Any = date_of(int(integer)) if is_date else int(integer)
                elif raw:  # another number
                    if "&" in raw and (raw := unescape(raw)) is None:  # type: ignore[assignment]
                        return False  # a reference to a character XML does not allow: expat says so
                    value = _value("n", raw, None, None, is_date)
                else:
                    value = None
            elif kind == "inlineStr":
                value = inline or None
                if value and "&" in value and (value := unescape(value)) is None:
                    return False
            else:
                if kind == "s" and self.strings is None:
                    self.strings = self.workbook.strings()
                if "&" in raw and (raw := unescape(raw)) is None:  # type: ignore[assignment]
                    return False
                value = _value(kind, integer or raw or None, None, self.strings, is_date)
            if column == size + 1:  # the usual order: the next column
                cells.append(new_cell(Cell, (value, number_format)))
                size = column
                continue
            if column > size:
                cells.extend([EMPTY] * (column - size))
                size = column
            cells[column - 1] = new_cell(Cell, (value, number_format))
        self.row_number, self.position = number, column
        self.hidden_rows.update(hidden_rows)
        self.done += done
        return True

    def _scanned_formula(self, number: int, column: int, kind: str, is_date: bool, attributes: str, text: str,
                         raw: str, inline: str) -> Any:
        """A formula cell of a scanned row through `_formula_value`, as expat's handlers would have left the
        collector; _REFUSED where expat must read it (an attribute twice, a reference XML does not allow)."""
        pairs = ATTRIBUTE.findall(attributes)
        texts = [unescape(part) if "&" in part else part for part in (text, raw, inline)]
        if None in texts or len(dict(pairs)) != len(pairs):
            return _REFUSED
        text, raw, inline = texts  # type: ignore[assignment]
        self.formula_attrs, self.formula_text, self.value_text = dict(pairs), text, raw or None
        self.row_number = number
        value = self._formula_value(kind, column, is_date, inline or None)
        self.formula_attrs = self.formula_text = self.value_text = None
        return value

    def _row_attributes(self, attributes: str) -> tuple[bool, bool]:
        """Whether a row's attributes (but a first r) leave it to `fast_rows` (no attribute twice, no other r),
        and whether they hide it; decided once for each way of writing them (most rows repeat the same)."""
        pairs = ATTRIBUTE.findall(attributes)
        attrs = dict(pairs)
        found = (len(attrs) == len(pairs) and "r" not in attrs, attrs.get("hidden") in ("1", "true"))
        if len(self.row_attributes) < 10_000:
            self.row_attributes[attributes] = found
        return found

    def start(self, name: str, attrs: dict[str, str]) -> None:
        # The hot path: <c> and <v> once per cell, tested first; a prefixed name (x:c) is stripped by hand.
        local = name if ":" not in name else name.rpartition(":")[2]
        if local == "c":
            if self.cells is not None:
                self.cell_attrs, self.value_text, self.inline = attrs, None, None
                self.formula_attrs = self.formula_text = None
                self.position += 1
        elif self.cell_attrs is not None:
            if local == "v":
                self.collect, self.text_parts = True, []
            elif local == "f":
                self.formula_attrs, self.collect, self.text_parts = attrs, True, []
            elif local == "is":
                self.inline = []
            elif local == "rPh":
                self.in_phonetic = True
            elif local == "t" and self.inline is not None and not self.in_phonetic:
                self.collect, self.text_parts = True, []
            elif local == "row":  # a row inside an unclosed cell: as before, a new row
                self._start_row(attrs)
        elif local == "row":
            self._start_row(attrs)
        elif local == "mergeCell":
            area = _area(attrs.get("ref", ""))
            if area is not None:
                self.merged.append(area)

    def _start_row(self, attrs: dict[str, str]) -> None:
        self.row_number = int(attrs.get("r") or self.row_number + 1)
        if self.row_number > MAX_ROWS:
            raise FileUnreadable("too-many-cells", f"{self.title}: > {MAX_ROWS} rows")
        self.cells, self.position = [], 0
        if attrs.get("hidden") in ("1", "true"):
            self.hidden_rows.add(self.row_number)

    def text(self, data: str) -> None:
        if self.collect:
            self.text_parts.append(data)

    def end(self, name: str) -> None:
        local = name if ":" not in name else name.rpartition(":")[2]
        if local == "v":
            if self.collect:
                parts = self.text_parts
                self.value_text, self.collect = parts[0] if len(parts) == 1 else "".join(parts), False
        elif local == "c":
            if self.cell_attrs is not None and self.cells is not None:
                self._finish_cell()
        elif local == "row":
            if self.cells is not None:
                self.done.append((self.row_number, self.cells))
                self.cells = None
        elif local == "f" and self.collect:
            self.formula_text, self.collect = "".join(self.text_parts), False
        elif local == "t" and self.collect:
            assert self.inline is not None
            self.inline.append("".join(self.text_parts))
            self.collect = False
        elif local == "rPh":
            self.in_phonetic = False

    def _finish_cell(self) -> None:
        attrs, cells = self.cell_attrs, self.cells
        assert attrs is not None and cells is not None
        reference = attrs.get("r", "")
        letters = reference.rstrip("0123456789")
        column = self.column_of.get(letters)
        if column is None:
            column = self.column_of[letters] = _column_index(letters)
        if reference and (not column or len(letters) == len(reference) or reference[len(letters)] == "0"):
            # what the writer could not place either (r="x", "A", "A0"): the file is corrupt for both
            raise ValueError(f"{self.title}: not a cell reference: {reference[:20]!r}")
        column = column or self.position  # no reference: the next one
        self.position = column
        if column > MAX_COLUMNS:
            raise FileUnreadable("too-many-cells", f"{self.title}: > {MAX_COLUMNS} columns")
        if column > len(cells):
            if column == len(cells) + 1:
                cells.append(EMPTY)
            else:
                cells.extend([EMPTY] * (column - len(cells)))
        kind = attrs.get("t", "n")
        style = attrs.get("s")
        number_format, is_date = self.style_of.get(style) or self._style(style)
        if self.formula_attrs is None:
            raw = self.value_text
            if kind == "n" and raw:  # the usual cell: a number
                try:
                    value: Any = excel_number(raw.strip())
                except (ValueError, ArithmeticError):
                    value = raw
                else:
                    if is_date:
                        value = _date_of(value)
            else:
                if kind == "s" and self.strings is None:
                    self.strings = self.workbook.strings()
                inline = "".join(self.inline) if self.inline is not None else None
                value = _value(kind, raw, inline, self.strings, is_date)
        else:
            inline = "".join(self.inline) if self.inline is not None else None
            value = self._formula_value(kind, column, is_date, inline)
        cells[column - 1] = _new_cell(Cell, (value, number_format))
        self.cell_attrs = None

    def _style(self, style: str | None) -> tuple[str | None, bool]:
        """The number format of a cell style (its s attribute) and whether it shows a date, decided once."""
        index = int(style or 0)
        found = self.formats[index] if index < len(self.formats) else ("General", False)
        self.style_of[style] = found
        return found

    def _formula_value(self, kind: str, column: int, is_date: bool, inline: str | None) -> Any:
        """A formula cell's value (from formula_attrs, formula_text and value_text): the value stored with it, or
        a `Formula` when that value cannot be trusted."""
        if self._untrusted(kind):
            self.formulas += 1
            return Formula(self._formula(column), self.title, self.row_number, column)
        if kind == "s" and self.strings is None:
            self.strings = self.workbook.strings()
        value = _value(kind, self.value_text, inline, self.strings, is_date)
        text = self._formula(column)  # a shared formula's first cell, or a SUBTOTAL: remembered
        if isinstance(value, ExcelError):
            value.formula = text  # to find the cell an error comes from
        return value

    def _untrusted(self, kind: str) -> bool:
        """A formula's stored value is used, unless there is none, or it is the 0 (or "") a program stores when
        it asks for recalculation on open without computing anything."""
        raw = self.value_text
        if raw is None or (raw == "" and kind != "str"):
            return True
        return self.recalc and (raw.strip() in ("0", "") and kind in ("n", "str"))

    def _formula(self, column: int) -> str:
        """The formula's text at this cell (a shared formula's, shifted from its first cell)."""
        attrs, text = self.formula_attrs or {}, self.formula_text or ""
        if attrs.get("t") == "shared":
            index = attrs.get("si", "")
            if text:
                self.shared[index] = (text, self.row_number, column)
            elif index in self.shared:
                first, row, first_column = self.shared[index]
                text = shift(first, self.row_number - row, column - first_column)
        if "SUBTOTAL" in text.upper():
            self.subtotals.add((self.row_number, column))
        return text


def _column_index(letters: str) -> int:
    """'AB' (or '$AB') -> 28; 0 when it is no column (empty, more than 3 letters, other characters)."""
    letters = letters.replace("$", "")
    if not 1 <= len(letters) <= 3:
        return 0
    index = 0
    for char in letters:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            index = index * 26 + ord(char) - 96
        else:
            return 0
    return index


def _area(reference: str) -> tuple[int, int, int, int] | None:
    """'A5:B8' -> (5, 1, 8, 2)."""
    first, _, last = reference.partition(":")
    corners = []
    for part in (first, last or first):
        letters = part.rstrip("0123456789")
        digits = part[len(letters):]
        if not letters or not digits:
            return None
        corners.append((int(digits), _column_index(letters)))
    (top, left), (bottom, right) = corners
    return min(top, bottom), min(left, right), max(top, bottom), max(left, right)


def _value(kind: str, raw: str | None, inline: str | None, strings: list[str] | None, is_date: bool) -> Any:
    if kind == "inlineStr":
        return inline
    if raw is None or (raw == "" and kind != "str"):
        return None
    if kind == "s":
        index = int(raw)
        return strings[index] if strings is not None and 0 <= index < len(strings) else None
    if kind == "str":
        return raw
    if kind == "e":
        return ExcelError(raw.strip())
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return raw  # an ISO date as text: not a number for lkip-xls
    try:
        number = excel_number(raw.strip())
    except (ValueError, ArithmeticError):
        return raw
    return _date_of(number) if is_date else number


def _date_of(number: Any) -> Any:
    try:
        return from_excel(float(number))
    except (ValueError, OverflowError):
        return number


_REFUSED = object()  # what _scanned_formula says of a cell that expat must read
_new_cell = tuple.__new__  # Cell(value, format) without NamedTuple's Python-level __new__


def dense_rows(rows: Iterator[tuple[int, list[Cell]]], values_only: bool) -> Iterator[tuple]:
    """Rows from row 1 with the empty ones filled in, like openpyxl's read-only iter_rows."""
    last = 0
    for number, cells in rows:
        for _ in range(last + 1, number):
            yield ()
        last = number
        yield tuple(c.value for c in cells) if values_only else tuple(cells)
