"""One data row of a template sheet read cell by cell: typed values, and the findings about a cell's value
(reported once, at the cell; a value that cannot be read leaves its key in `unreadable`, never 0 or empty)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

from ..core import findings as catalogue
from ..core import schema
from ..core.model import (
    Finding,
    Record,
    RowCells,
    Severity,
    SheetLayout,
    column_letter,
)
from ..core.numbers import (
    NotANumber,
    NumberOutOfRange,
    Quirk,
    Target,
    normalize_code,
    parse_number,
    parse_target,
    plain_number,
    predicate_names,
    predicate_table,
    without_unit,
)
from ..core.schema import SheetSpec
from .formulas import ExcelError, Formula


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
_PLAIN = frozenset((str, int, Decimal, type(None)))  # values that are neither errors, formulas nor dates


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



INVISIBLE = {"\u200b": "U+200B", "\u200c": "U+200C", "\u200d": "U+200D", "\u2060": "U+2060", "\u00ad": "U+00AD",
             "\ufeff": "U+FEFF"}  # pasted from PDFs and web pages: zero-width spaces, joiners, soft hyphen, BOM
_INVISIBLE_TABLE = str.maketrans(dict.fromkeys(INVISIBLE, None))
_HAS_INVISIBLE = re.compile("[" + "".join(INVISIBLE) + "]").search


def strip_invisible(value: Any) -> tuple[Any, str]:
    """(value without invisible characters, the code points removed: "U+200B, U+00AD" or "")."""
    if value.__class__ is not str or value.isascii() or not _HAS_INVISIBLE(value):
        return value, ""
    found = ", ".join(dict.fromkeys(INVISIBLE[ch] for ch in value if ch in INVISIBLE))
    return value.translate(_INVISIBLE_TABLE), found


def cell_of(record: dict, key: str, letter: str) -> CellValue:
    """A record's cell in a column of its table (`letter`): the empty cell read_table left out past the row's
    last cell is made here."""
    cell = record.get(key)
    return CellValue(None, None, f"{letter}{record['_row']}") if cell is None else cell


_NOTHING: frozenset[str] = frozenset()
_NO_CAUSES = MappingProxyType({})


class RowReader:
    """Typed access to one data row; parse problems become findings at the cell. A value that cannot be read
    (a formula without value, an Excel error, text that is no number, a date in a number, a code whose digits
    Excel dropped) is reported once at its cell, its key goes into `unreadable`, and it reads as None: never
    as 0 or empty. `done(record)` hands the set to the record."""

    __slots__ = ("spec", "sheet", "record", "row", "findings", "cells", "columns", "unreadable", "causes",
                 "_numeric_codes")

    def __init__(self, spec: SheetSpec, record: dict, findings: Findings, layout: SheetLayout):
        self.spec = spec
        self.sheet = layout.title
        self.record = record
        self.row: int = record["_row"]
        self.findings = findings
        self.cells = RowCells(layout.letters, self.row)  # layout.row_cells(row), without the call (per row)
        self.columns = layout.columns
        # made when a value cannot be read (`_unread`) or a code is a number: most rows have neither
        self.unreadable: set[str] | frozenset[str] = _NOTHING
        self.causes: dict[str, tuple[str, str]] = _NO_CAUSES  # type: ignore[assignment]
        self._numeric_codes: tuple[tuple[str, str, str | None], ...] = ()

    def done(self, record: Record) -> Record:
        if self.unreadable:  # (most rows: nothing to hand over)
            record.unreadable |= self.unreadable
            record.causes.update(self.causes)
        if self.record.get("_merged_from"):
            record.merged_from = dict(self.record["_merged_from"])
        for key, text, coordinate in self._numeric_codes:
            self.findings.numeric_codes.append((record, key, text, coordinate))
        return record

    def cell(self, key: str) -> CellValue | None:
        """The cell of a column of the table (an empty one past the row's last cell, which read_table leaves
        out of the record); None for a column the table does not have."""
        if key in self.columns:
            return cell_of(self.record, key, self.cells.letters[key])
        return self.record.get(key)

    def stored(self, key: str) -> CellValue | None:
        """The record's cell, None for an empty one past the row's last cell (as for a column the table does not
        have): for what reads both alike (`_typed_number`, `_blank`), without making the empty cell."""
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
        if value.__class__ in _PLAIN:  # the usual cell: nothing to report
            return cell
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

    def _unread(self, key: str) -> None:
        if self.unreadable is _NOTHING:
            self.unreadable, self.causes = set(), {}
        self.unreadable.add(key)  # type: ignore[union-attr]

    def _cannot(self, key: str, cell: CellValue, code: str, **params: Any) -> None:
        self._unread(key)
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
        cell = self.record.get(key)
        value = None if cell is None else cell.value
        if value is not None and value.__class__ is not str:  # text and empty cells have nothing to report
            cell = self._readable(key)
            value = None if cell is None else cell.value
        if value.__class__ is str:
            joined = " ".join(value.split())
            if joined:
                return joined
            value = None  # only spaces: empty (CellValue.blank)
        if value is None:
            if required and key not in self.unreadable:
                self.findings.add("REQUIRED-EMPTY", self.sheet, self.coordinate(key), header=self.header(key))
            return None
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return _number_text(value, None)
        return " ".join(str(value).split())

    def code(self, key: str, required: bool = False) -> str | None:
        """A code as the agency sees it: a code Excel keeps as a number (3.30 as 3.3) is read through its number
        format (`0.00` gives "3.30") and remembered for KODE-AS-NUMBER; one Excel made a date is unreadable."""
        cell = self.record.get(key)
        value = None if cell is None else cell.value
        if (value is None or value.__class__ is str) and key not in self.unreadable:
            return normalize_code(self.text(key, required))  # text or empty: nothing to read as a number
        cell = self._readable(key, numeric=True)
        if key in self.unreadable:
            return None
        if cell is not None and isinstance(cell.value, (float, Decimal)) and not cell.blank:
            text = _number_text(cell.value, cell.number_format)
            if Decimal(str(cell.value)) != Decimal(str(cell.value)).to_integral_value():
                self._numeric_codes += ((key, text, cell.coordinate),)
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
            self._unread(key)
            self.findings.once("NUMBER-OUT-OF-RANGE", self.sheet, cell.coordinate, header=self.header(key),
                               value=str(cell.value))
            return INVALID
        except NotANumber:
            self._unread(key)
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
        cell = self.record.get(key)
        if cell is None or cell[0] is None:  # no column, or an empty cell (parse_number reads None as no value)
            return Decimal(0) if missing_as_zero else None
        plain = plain_number(cell[0], cell[1])
        if plain is not None:  # the usual number: what parse_number gives, with nothing to report
            return plain
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
        if value is not None and value < 0:
            self.findings.add("VALUE-NEGATIVE", self.sheet, self.coordinate(key), header=self.header(key),
                              value=value)
        elif integer and value is not None and value != value.to_integral_value():
            self.findings.add("VALUE-NOT-INTEGER", self.sheet, self.coordinate(key), header=self.header(key),
                              value=value)
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

    def choice(self, key: str, aliases: dict[str, str], code: str,
               key_of: Any = str.casefold) -> tuple[str | None, bool]:
        """(value, valid): an empty cell is (None, True); text outside the list is (None, False), reported
        with `code`; an unreadable cell is (None, False), reported as such. `key_of(text)` is looked up in
        `aliases` (its case folded by default)."""
        text = self.text(key)
        if text is None:
            return None, key not in self.unreadable
        value = aliases.get(key_of(text))
        if value is None:
            self.findings.add(code, self.sheet, self.coordinate(key), value=text,
                              choices=", ".join(dict.fromkeys(aliases.values())))
            return None, False
        return value, True


def _squeezed(text: str) -> str:
    """A choice compared without case, spaces, hyphens, underscores or dots: `SUB-KEGIATAN` -> `subkegiatan`."""
    return re.sub(r"[\s\-_.]+", "", text).casefold()


def _first_word(text: str) -> str:
    """A choice named by its first word: "Pendapatan Daerah" -> "pendapatan"."""
    return text.split()[0].strip(".,:;").casefold() if text.split() else ""


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


