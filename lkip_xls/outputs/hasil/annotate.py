"""`_hasil`: the agency's own package with lkip-xls's results patched in (TEMPLATE.md §6).

What lkip-xls writes: the computed cells (values that respect each cell's number format), the fill and a
comment on every finding's cell, a first sheet `Pemeriksaan`, and a very hidden state sheet (`read.previous`).
Everything else stays byte for byte: `package.apply_patch` rewrites only those cells, the styles it appends
to, the comments parts, and the workbook part's sheet list. An earlier run's own sheets, comments and fills
are taken out first, so that processing a returned `_hasil` gives the same output again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ... import __version__
from ...core import schema
from ...core.findings import Tag, tagged
from ...core.model import Finding, Severity, SheetLayout, column_letter
from ...core.numbers import round2
from ...read.previous import FORMAT, MARKER, STATE_SHEET, WROTE_RUN, PreviousState
from ...rules.analysis import Analysis
from ...text.finding_messages import finding_text
from ...text.messages import status_line, ui
from .. import files
from ..sheets import row_height
from .package import CellPatch, NewCell, NewSheet, Patch, apply_patch

AUTHOR = "Pemeriksaan lkip-xls"  # not "lkip-xls": the template's header notes carry that name and stay
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C"}
HEADER_FILL, HEADER_FONT, LINK_FONT = "1F4E78", "FFFFFF", "0563C1"
TYPED_CODES = tagged(Tag.TYPED)  # a computed cell the agency had typed into: remembered for the next run
PEMERIKSAAN_WIDTHS = {1: 12, 2: 30, 3: 16, 4: 8, 5: 100, 6: 18}  # the longest code on one line


@dataclass(frozen=True)
class Writeback:
    """Everything lkip-xls writes into the agency's workbook, taken from an analysis."""

    computed: dict[str, dict[int, dict[str, Any]]]  # sheet spec name -> row -> column key -> value
    layouts: dict[str, SheetLayout]
    findings: list[Finding]
    status: str  # the Pemeriksaan sheet's first line
    lang: str
    previous: PreviousState
    sheet_order: list[str]

    @classmethod
    def of(cls, analysis: Analysis, lang: str) -> Writeback:
        return cls(computed_values(analysis), analysis.data.layouts, analysis.findings, status_line(analysis, lang),
                   lang, analysis.previous, analysis.sheet_order)


def computed_values(analysis: Analysis) -> dict[str, dict[int, dict[str, Any]]]:
    """sheet spec name -> row -> column key -> the value lkip-xls writes."""
    results = analysis.results
    values: dict[str, dict[int, dict[str, Any]]] = {schema.IKU.name: {}, schema.ANGGARAN.name: {},
                                                    schema.REALISASI.name: {}}
    for result in results.indicators:
        values[schema.IKU.name][result.indicator.row] = {"capaian": result.value, "category": result.category}
    for budget in results.budget:
        values[schema.ANGGARAN.name][budget.line.row] = {"absorption": budget.absorption,
                                                         "remaining": budget.remaining}
    for quarter in results.quarters:
        annual = quarter.annual_actual
        values[schema.REALISASI.name][quarter.row.row] = {"annual": None if annual is None else _round_annual(annual)}
    values[schema.KINERJA_PROGRAM.name] = {
        item.indicator.row: {"capaian": item.value, "category": item.category, "absorption": item.absorption}
        for program in results.programs for item in program.indicators}
    values[schema.DATA_DUKUNG.name] = {item.row.row: {"computed": item.value} for item in results.evidence}
    return values


def _round_annual(value: Decimal) -> Decimal:
    """A Rata-rata of quarters may repeat forever: 2 places; a whole number stays as it is."""
    return round2(value) if value != value.to_integral_value() else value


def write_hasil(source: Path, writeback: Writeback, target: Path) -> None:
    """Write `target`: the package of `source` with lkip-xls's results patched in; `source` is only read."""
    files.write_atomically(target, lambda path: apply_patch(source, path, build_patch(source, writeback)))


def build_patch(source: Path, writeback: Writeback) -> Patch:
    previous = writeback.previous
    sheets = [name for name in writeback.sheet_order if name not in _own_sheets(previous)]
    summary_title = _free_title(sheets, schema.PEMERIKSAAN_NAME)
    state = _StateSheet(summary_title)
    cells: dict[str, dict[str, CellPatch]] = defaultdict(dict)
    for (sheet, cell), fill in previous.fills.items():  # every earlier mark goes; the marks of now come back
        if sheet in sheets:
            cells[sheet][cell] = CellPatch(fill_xml=fill)
    wrote_any = _patch_computed(cells, writeback, state)
    marked = _patch_findings(cells, writeback, sheets, state)

    def remember_fill(sheet: str, cell: str, fill: str) -> None:
        # A computed cell's own shading is not a mark; a cell the patch did not name is the top-left cell of a
        # merged block that one of its other cells' findings marks.
        if (sheet, cell) in marked or cell not in cells[sheet]:
            state.fill(sheet, cell, previous.fills.get((sheet, cell), fill))

    return Patch(cells=dict(cells), new_sheets=[pemeriksaan_sheet(writeback, summary_title, sheets), state.sheet],
                 drop_sheets=[name for name in writeback.sheet_order if name in _own_sheets(previous)],
                 strip_comments_by=AUTHOR, strip_comments_with=_own_notes(previous, sheets),
                 recalc_if_formulas=wrote_any, comment_author=AUTHOR, on_fill=remember_fill)


def _own_sheets(previous: PreviousState) -> set[str]:
    """The sheets an earlier run added: its state sheet and its Pemeriksaan sheet."""
    own = {STATE_SHEET}
    if previous.summary_sheet:
        own.add(previous.summary_sheet)
    return own


def _own_notes(previous: PreviousState, sheets: list[str]) -> dict[str, dict[str, str]]:
    """The comments an earlier run wrote, by sheet: found by their text when their author was lost."""
    notes: dict[str, dict[str, str]] = defaultdict(dict)
    for (sheet, cell), text in previous.notes.items():
        if sheet in sheets:
            notes[sheet][cell] = text
    return dict(notes)


def _free_title(sheets: list[str], wanted: str) -> str:
    taken = {name.casefold() for name in sheets}
    title, number = wanted, 1
    while title.casefold() in taken:
        number += 1
        title = f"{wanted} {number}"
    return title


class _StateSheet:
    """The very hidden sheet that remembers what this run wrote (see `read.previous`)."""

    def __init__(self, summary_title: str):
        self.sheet = NewSheet(STATE_SHEET, {1: _row([MARKER, FORMAT, summary_title])}, state="veryHidden")
        self._next = 2

    def add(self, values: list[Any]) -> None:
        self.sheet.rows[self._next] = _row(values)
        self._next += 1

    def fill(self, sheet: str, cell: str, fill: str) -> None:
        self.add(["fill", sheet, cell, fill])

    def wrote(self, sheet: str, column: str, values: dict[int, Any]) -> None:
        """The values written into one column (row -> value): one state row per run of consecutive rows, the
        values side by side after the run's range (a run of one is a cell, as in format 2)."""
        rows = sorted(values)
        start = 0
        while start < len(rows):
            end = start + min(WROTE_RUN, len(rows) - start)
            if rows[end - 1] - rows[start] != end - 1 - start:  # not one whole run (rows are distinct and sorted)
                end = start + 1
                while end < len(rows) and end - start < WROTE_RUN and rows[end] == rows[end - 1] + 1:
                    end += 1
            first, last = rows[start], rows[end - 1]
            where = f"{column}{first}" if first == last else f"{column}{first}:{column}{last}"
            self.add(["wrote", sheet, where, *(values[row] for row in rows[start:end])])
            start = end


def _row(values: list[Any]) -> dict[int, NewCell]:
    return {column: NewCell(value) for column, value in enumerate(values, start=1) if value is not None}


def _patch_computed(cells: dict[str, dict[str, CellPatch]], writeback: Writeback, state: _StateSheet) -> bool:
    """The computed columns (values in the cell's own number format, shaded as in the template; a number shrinks
    to fit the agency's column rather than show "###"); True when any value was written."""
    wrote = False
    for spec_name, rows in writeback.computed.items():
        layout = writeback.layouts.get(spec_name)
        if layout is None or not rows:
            continue
        spec = schema.sheet_by_name(spec_name)
        columns = _computed_columns(cells, layout, spec)
        sheet_cells = cells[layout.title]
        written: dict[str, dict[int, Any]] = defaultdict(dict)
        how: dict[str, tuple[str, bool, str | None]] = {}  # key -> letters, numeric, number format: once a column
        for row, values in rows.items():
            for key, value in values.items():
                found = how.get(key)
                if found is None:
                    column = spec.column(key)
                    found = how[key] = (columns[key], column.kind is not schema.Kind.TEXT, column.number_format)
                letters, numeric, number_format = found
                sheet_cells[f"{letters}{row}"] = CellPatch(
                    value=value, write_value=True, percent=numeric, number_format=number_format,
                    fill=schema.COMPUTED_FILL, shrink=numeric)
                written[letters][row] = value
                wrote = True
        for letters, values in written.items():
            state.wrote(layout.title, letters, values)
    return wrote


def _computed_columns(cells: dict[str, dict[str, CellPatch]], layout: SheetLayout,
                      spec: schema.SheetSpec) -> dict[str, str]:
    """Where each computed column is; one the agency deleted gets its header after the last used column."""
    letters: dict[str, str] = {}
    next_free = max([*layout.columns.values(), layout.last_column]) + 1
    for column in spec.computed_columns:
        index = layout.columns.get(column.key)
        if index is None:
            index = next_free
            next_free += 1
            cells[layout.title][f"{column_letter(index)}{layout.header_row}"] = CellPatch(
                value=column.header, write_value=True)
        letters[column.key] = column_letter(index)
    return letters


def _patch_findings(cells: dict[str, dict[str, CellPatch]], writeback: Writeback, sheets: list[str],
                    state: _StateSheet) -> set[tuple[str, str]]:
    """Fill each finding's cell (errors red, warnings yellow) and explain it in one comment per cell; the cells
    marked."""
    lang = writeback.lang
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in writeback.findings:
        if finding.sheet in sheets and finding.cell:
            by_cell[(finding.sheet, finding.cell)].append(finding)
    marked = set()
    for (sheet, coordinate), found in by_cell.items():
        worst = min((f.severity for f in found), key=lambda s: s.rank)
        text = "\n\n".join(f"[{ui('severity.' + f.severity.value, lang)}] {f.code}: {finding_text(f, lang)}"
                           for f in found)
        patch = cells[sheet].get(coordinate) or CellPatch()
        patch.comment = text
        state.add(["note", sheet, coordinate, text])
        if worst in FILLS:
            patch.fill, patch.fill_xml = FILLS[worst], None
            marked.add((sheet, coordinate))
        cells[sheet][coordinate] = patch
        for finding in found:
            if finding.code in TYPED_CODES:
                state.add(["typed", sheet, coordinate, _plain(finding.params.get("typed")),
                           _plain(finding.params.get("computed"))])
    return marked


def _plain(value: Any) -> Any:
    return Decimal(value) if isinstance(value, Decimal) else value


def _cause_cell(causes: tuple[str, ...], sheets: list[str]) -> NewCell:
    """'Anggaran!D4' (and any further causes), linked to the first."""
    sheet, _, cell = causes[0].rpartition("!")
    linked = sheet in sheets and bool(cell)
    return NewCell(", ".join(causes), link=f"'{sheet}'!{cell}" if linked else None,
                   color=LINK_FONT if linked else None, underline=linked)


def pemeriksaan_sheet(writeback: Writeback, title: str, sheets: list[str]) -> NewSheet:
    """The findings as a table, errors first, each with a link to its cell and, for a finding a slip elsewhere
    explains, a link to (the first of) its causes; a status line on top."""
    lang, findings = writeback.lang, writeback.findings
    rows: dict[int, dict[int, NewCell]] = {1: {1: NewCell(f"lkip-xls {__version__}: {writeback.status}", bold=True)}}
    headers = [ui(k, lang) for k in ("col.severity", "col.code", "col.sheet", "col.cell", "col.message",
                                     "col.caused_by")]
    rows[2] = {1: NewCell(ui("pemeriksaan.next" if findings else "pemeriksaan.none", lang))}  # what to do now
    rows[3] = {i: NewCell(h, bold=True, color=HEADER_FONT, fill=HEADER_FILL) for i, h in enumerate(headers, 1)}
    heights: dict[int, float] = {}
    for row, finding in enumerate(findings, start=4):
        linked = finding.sheet in sheets and bool(finding.cell)
        message = finding_text(finding, lang)
        heights[row] = row_height([(message, PEMERIKSAAN_WIDTHS[5])], size=10)  # wrapped: no row overlaps the next
        # every cell wrapped, so aligned at the top: a finding's code and cell beside its message's first line
        rows[row] = {
            1: NewCell(ui("severity." + finding.severity.value, lang), fill=FILLS.get(finding.severity), wrap=True),
            2: NewCell(finding.code, wrap=True),
            3: NewCell(finding.sheet or "", wrap=True),
            4: NewCell(finding.cell or "", link=f"'{finding.sheet}'!{finding.cell}" if linked else None,
                       color=LINK_FONT if linked else None, underline=linked, wrap=True),
            5: NewCell(message, wrap=True),
        }
        if finding.caused_by:
            rows[row][6] = replace(_cause_cell(finding.caused_by, sheets), wrap=True)
    return NewSheet(title, rows, widths=dict(PEMERIKSAAN_WIDTHS), heights=heights, position=0, freeze_row=4,
                    autofilter=f"A3:F{3 + len(findings)}" if findings else None, selected=True, landscape=True,
                    fit_width=True, print_title_rows="$3:$3")
