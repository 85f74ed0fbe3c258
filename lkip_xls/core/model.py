"""Plain records: what a workbook says, and what lkip-xls found in it. No openpyxl, no printing."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .numbers import Target, predicate_table


class Rupiah(Decimal):
    """A finding parameter that reads as money: Rp1.234.567 (sen shown only when there are any)."""


class Percent(Decimal):
    """A finding parameter that reads as a percentage with 2 places: 70,36%."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem at one cell, as `core.findings` declares its code. Its text is rendered per language by
    `text.finding_messages` (params hold the numbers)."""

    severity: Severity
    code: str
    sheet: str | None
    cell: str | None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # Root causes (rules.reconcile): the likely right value of a slip's cell, what agrees on it, and for a
    # finding that a slip elsewhere explains, the cells of those slips ("Anggaran!D4").
    expected: Decimal | None = field(default=None, compare=False, hash=False)
    witnesses: tuple[str, ...] = field(default=(), compare=False, hash=False)
    caused_by: tuple[str, ...] = field(default=(), compare=False, hash=False)


@dataclass
class SheetLayout:
    """Where a sheet of the template sits in a filled workbook."""

    spec_name: str
    title: str  # the sheet's real name in the workbook
    header_row: int
    columns: dict[str, int]  # column key -> 1-based column index
    last_row: int
    last_column: int = 0  # the last column holding any cell, in any row of the sheet

    def __post_init__(self) -> None:
        self.letters = {key: column_letter(index) for key, index in self.columns.items()}

    def coordinate(self, key: str, row: int) -> str | None:
        letter = self.letters.get(key)
        return None if letter is None else f"{letter}{row}"

    def row_cells(self, row: int) -> RowCells:
        """Column key -> coordinate for every column of the sheet on one row."""
        return RowCells(self.letters, row)


class RowCells(Mapping[str, str]):
    """Column key -> A1 coordinate on one row, made when asked: a province workbook has 10,000 budget rows of
    14 columns, and a dict of their coordinates per row held 11 MB for the whole run."""

    __slots__ = ("letters", "row")

    def __init__(self, letters: dict[str, str], row: int):
        self.letters = letters  # shared by every row of the sheet (SheetLayout.letters)
        self.row = row

    def __getitem__(self, key: str) -> str:
        return f"{self.letters[key]}{self.row}"

    def get(self, key: str, default: Any = None) -> Any:
        letter = self.letters.get(key)
        return default if letter is None else f"{letter}{self.row}"

    def __iter__(self) -> Iterator[str]:
        return iter(self.letters)

    def __len__(self) -> int:
        return len(self.letters)

    def __contains__(self, key: object) -> bool:
        return key in self.letters

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[Any, ...]:  # pickled to the batch's parent: the letters once per sheet
        return RowCells, (self.letters, self.row)


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass
class Record:
    """Common to every data row: where it is."""

    sheet: str
    row: int
    cells: Mapping[str, str]  # column key -> A1 coordinate (RowCells, or a dict)
    # Column keys whose value could not be read (a formula without value, an Excel error, text that is no
    # number, a date, a code whose digits Excel dropped): reported once at the cell; the value is None and never
    # counted as 0 or empty, and every check or total that would use it is skipped.
    unreadable: set[str] = field(default_factory=set, kw_only=True)
    # An unreadable key whose formula fails only because of another cell read as data: (sheet, A1) of that cell,
    # where the finding is.
    causes: dict[str, tuple[str, str]] = field(default_factory=dict, kw_only=True)
    # Column keys whose value is a merged cell's, spread over this row (a Kode merged over two rows): key -> A1
    # of the merge's top-left cell, the one a reader sees (this row's own cell is hidden under the merge).
    merged_from: dict[str, str] | None = field(default=None, kw_only=True)

    def cell(self, key: str) -> str | None:
        return self.cells.get(key)

    def visible_cell(self, key: str) -> str | None:
        """The cell a reader sees for `key`: the merge's top-left cell when the value is spread from a merge."""
        return (self.merged_from or {}).get(key) or self.cell(key)

    def cause(self, key: str) -> tuple[str, str]:
        """Where the finding about an unreadable key is: its own cell, or the cell its value rests on."""
        return self.causes.get(key) or (self.sheet, self.cell(key) or "")

    def readable(self, *keys: str) -> bool:
        return not self.unreadable or self.unreadable.isdisjoint(keys)  # most records: every value was read


@dataclass
class Identitas:
    template_version: Decimal | None = None
    agency: str | None = None
    government: str | None = None
    year: int | None = None
    head_name: str | None = None
    head_nip: str | None = None
    scale: str = "permendagri86"
    turun_formula: str = "2T-R"
    indicator_cap: Decimal | None = None
    average_cap: Decimal | None = None
    average_basis: str = "indikator"
    efficiency_method: str = "selisih"  # template version 2
    education_population: str = "ASN"
    cells: dict[str, str] = field(default_factory=dict)  # field key -> coordinate of its Nilai cell


@dataclass
class Indicator(Record):
    sasaran_code: str | None = None
    sasaran_name: str | None = None
    code: str | None = None
    name: str | None = None
    unit: str | None = None
    direction: str | None = None  # Naik / Turun / Tetap after defaults; None when invalid
    direction_defaulted: bool = False  # Arah was empty: the direction comes from the target or the name
    target: Target | None = None
    actual: Decimal | None = None
    actual_text: str | None = None  # what stood in the cell when actual is missing (N/A, belum rilis)
    actual_last_year: Decimal | None = None
    renstra_target: Target | None = None  # Target Akhir Renstra: every form a Target takes
    typed_capaian: Decimal | None = None
    typed_category: str | None = None
    note: str | None = None
    # template version 2 (TEMPLATE.md §5)
    level: str = "Sasaran"  # Tingkat: Sasaran or Tujuan (own table, in no average and no sasaran)
    averaged: bool = True  # Dirata-rata: Tidak leaves it out of every average (still reported)
    target_last_year: Target | None = None
    national: Decimal | None = None  # Nilai Nasional
    provincial: Decimal | None = None  # Nilai Provinsi
    actual_from_evidence: bool = False  # an empty Realisasi filled from its Data Dukung row (DATA-DUKUNG-USED)

    @property
    def is_tujuan(self) -> bool:
        return self.level == "Tujuan"

    @property
    def in_average(self) -> bool:
        """Counted in the headline average and its sasaran's: a sasaran-level indicator with Dirata-rata Ya."""
        return self.averaged and not self.is_tujuan


@dataclass
class PKRow(Record):
    code: str | None = None
    name: str | None = None
    target: Target | None = None
    program_code: str | None = None
    program_name: str | None = None
    budget: Decimal | None = None
    target_initial: Target | None = None  # Target Awal (before a PK Perubahan): reported, not checked


@dataclass
class QuarterRow(Record):
    code: str | None = None
    name: str | None = None
    aggregation: str | None = None
    targets: list[Decimal | None] = field(default_factory=list)
    actuals: list[Decimal | None] = field(default_factory=list)
    typed_annual: Decimal | None = None


@dataclass
class BudgetLine(Record):
    code: str | None = None
    name: str | None = None
    sasaran_code: str | None = None
    budget: Decimal | None = Decimal(0)  # None: unreadable (see Record.unreadable); empty is 0
    spent: Decimal | None = Decimal(0)
    typed_absorption: Decimal | None = None
    typed_remaining: Decimal | None = None
    is_total: bool = False
    # template version 2 (TEMPLATE.md §5)
    level: str | None = None  # Tingkat: Program / Kegiatan / Sub Kegiatan
    label: str | None = None  # the Kode as typed; with Tingkat, `code` is the full Kode (labels joined by dots)
    by_level: bool = False  # the hierarchy comes from Tingkat and row order: `parent_code` is the parent
    parent_code: str | None = None
    fund_source: str | None = None  # Sumber Dana as typed (children inherit it: see rules.compute)
    kind: str | None = None  # Jenis: Belanja / Pendapatan; None: as its parent (default Belanja)
    budget_initial: Decimal | None = None  # Pagu Murni


@dataclass
class ProgramIndicator(Record):
    """A row of the Kinerja Program sheet: one indicator of a program, kegiatan or sub kegiatan."""

    code: str | None = None  # the Anggaran Kode (an empty Kode takes the one above)
    code_inherited: bool = False
    name: str | None = None
    unit: str | None = None
    direction: str | None = None
    direction_defaulted: bool = False
    target: Target | None = None
    actual: Decimal | None = None
    actual_text: str | None = None
    typed_capaian: Decimal | None = None
    typed_category: str | None = None
    typed_absorption: Decimal | None = None
    note: str | None = None
    actual_from_evidence: bool = False  # an empty Realisasi filled from its Data Dukung row (DATA-DUKUNG-USED)


@dataclass
class RenstraRow(Record):
    """A row of the Renstra sheet: one IKU indicator's targets and realisations over the plan's years."""

    code: str | None = None
    baseline: Decimal | None = None  # Kondisi Awal
    targets: dict[int, Target | None] = field(default_factory=dict)  # year -> Target YYYY (None: empty/unread)
    actuals: dict[int, Decimal | None] = field(default_factory=dict)  # year -> Realisasi YYYY
    final_target: Target | None = None  # Target Akhir


@dataclass
class EvidenceRow(Record):
    """A row of the Data Dukung sheet: where one indicator's realisasi comes from (A and B, and the Rumus)."""

    code: str | None = None  # an IKU Kode, a Kinerja Program Kode, or KODE#n for its n-th indicator
    formula: str | None = None  # Persentase / Pertumbuhan / Rasio / Selisih
    label_a: str | None = None
    value_a: Decimal | None = None
    label_b: str | None = None
    value_b: Decimal | None = None


@dataclass
class StaffUnit(Record):
    unit: str | None = None
    counts: dict[str, Decimal | None] = field(default_factory=dict)
    is_total: bool = False


@dataclass(frozen=True)
class ScaleBand:
    lower: Decimal | None  # None: the category below every band
    category: str
    inclusive: bool = True


@dataclass
class WorkbookData:
    """Everything read from one agency workbook."""

    identitas: Identitas = field(default_factory=Identitas)
    indicators: list[Indicator] = field(default_factory=list)
    pk_rows: list[PKRow] = field(default_factory=list)
    quarters: list[QuarterRow] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    staff_units: list[StaffUnit] = field(default_factory=list)
    custom_scale: list[ScaleBand] = field(default_factory=list)
    program_indicators: list[ProgramIndicator] = field(default_factory=list)  # the Kinerja Program sheet
    predicates: dict[str, Decimal] = field(default_factory=predicate_table)  # Skala Predikat, built in + sheet
    renstra: list[RenstraRow] = field(default_factory=list)  # the Renstra sheet
    evidence: list[EvidenceRow] = field(default_factory=list)  # the Data Dukung sheet
    layouts: dict[str, SheetLayout] = field(default_factory=dict)  # spec name -> layout

    def has_sheet(self, spec_name: str) -> bool:
        return spec_name in self.layouts
