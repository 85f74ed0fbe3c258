"""Write-back into the agency's own workbook: computed values, highlighted findings, the Pemeriksaan sheet.

Everything else the agency wrote is kept: openpyxl keeps values, formulas, styles, merged cells, validations,
conditional formats, defined names, images and charts; `preserve` puts back the Excel 2010+ extensions
(x14 dropdowns, sparklines) that openpyxl drops.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, BUILTIN_FORMATS_REVERSE
from openpyxl.worksheet.hyperlink import Hyperlink

from ... import __version__
from ...core import schema
from ...core.findings import Tag, tagged
from ...core.model import Finding, Severity, SheetLayout
from ...core.numbers import round2
from ...read.previous import read_state
from ...rules.analysis import Analysis
from ...text.finding_messages import finding_text
from ...text.messages import status_line, ui
from .. import files
from ..template import COMPUTED_FILL
from . import preserve, state

AUTHOR = "lkip-xls"
FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
}
TYPED_CODES = tagged(Tag.TYPED)  # a computed cell the agency had typed into: remembered for the next run


@dataclass(frozen=True)
class Writeback:
    """Everything lkip-xls writes into the agency's workbook, taken from an analysis: small enough to hand to
    the helper process that writes the workbook while the summary is being written (see `helper`)."""

    computed: dict[str, dict[int, dict[str, Any]]]  # sheet spec name -> row -> column key -> value
    layouts: dict[str, SheetLayout]
    findings: list[Finding]
    status: str  # the Pemeriksaan sheet's first line
    lang: str

    @classmethod
    def of(cls, analysis: Analysis, lang: str) -> Writeback:
        return cls(computed_values(analysis), analysis.data.layouts, analysis.findings, status_line(analysis, lang),
                   lang)


def computed_values(analysis: Analysis) -> dict[str, dict[int, dict[str, Any]]]:
    """sheet spec name -> row -> column key -> the value lkip-xls writes."""
    results = analysis.results
    iku: dict[int, dict[str, Any]] = {}
    anggaran: dict[int, dict[str, Any]] = {}
    realisasi: dict[int, dict[str, Any]] = {}
    for result in results.indicators:
        iku[result.indicator.row] = {"capaian": result.value, "category": result.category}
    for budget in results.budget:
        anggaran[budget.line.row] = {"absorption": budget.absorption, "remaining": budget.remaining}
    for quarter in results.quarters:
        annual = quarter.annual_actual
        realisasi[quarter.row.row] = {"annual": None if annual is None else _round_annual(annual)}
    return {schema.IKU.name: iku, schema.ANGGARAN.name: anggaran, schema.REALISASI.name: realisasi}


def _round_annual(value: Decimal) -> Decimal:
    """A Rata-rata of quarters may repeat forever: 2 places; a whole number stays as it is."""
    return round2(value) if value != value.to_integral_value() else value


def write_hasil(source: Path, workbook: Any, writeback: Writeback, target: Path) -> None:
    """Write the agency's workbook (loaded from `source` by openpyxl) to `target` with lkip-xls's results in;
    the source file is only read."""
    state.undo(workbook, read_state(workbook))
    summary_title = _free_title(workbook, schema.PEMERIKSAAN_NAME)
    writer = state.StateWriter(workbook, summary_title)
    write_computed(workbook, writeback)
    mark_findings(workbook, writeback.findings, writer, writeback.lang)
    write_pemeriksaan(workbook, writeback, summary_title)

    def save(path: Path) -> None:
        workbook.save(path)
        preserve.restore_extensions(source, path)

    files.write_atomically(target, save)


def _free_title(workbook: Any, wanted: str) -> str:
    title, number = wanted, 1
    while title in workbook.sheetnames:
        number += 1
        title = f"{wanted} {number}"
    return title


def write_computed(workbook: Any, writeback: Writeback) -> None:
    # Style ids are looked up once in the workbook's style tables, not once per cell: on a province workbook
    # (20,000 computed cells) openpyxl's public `cell.fill = ...` hashed the fill for every cell and took
    # most of the write. The ids go straight into each cell's StyleArray, as openpyxl's descriptors do.
    fill_id = workbook._fills.add(COMPUTED_FILL)
    for spec_name, rows in writeback.computed.items():
        layout = writeback.layouts.get(spec_name)
        if layout is None:
            continue
        spec = schema.sheet_by_name(spec_name)
        worksheet = workbook[layout.title]
        columns = _computed_columns(worksheet, layout, spec)
        format_ids = {key: _number_format_id(workbook, spec.column(key).number_format) for key in columns}
        for row, cells in rows.items():
            for key, value in cells.items():
                cell = worksheet.cell(row=row, column=columns[key])
                if isinstance(cell, MergedCell):
                    continue  # inside a block the agency merged: its top-left cell speaks for it
                files.set_value(cell, value)  # a kustom category name is agency text
                if not cell._style:
                    cell._style = StyleArray()
                style = cell._style
                style.fillId = fill_id
                if format_ids[key] and (style.numFmtId == 0 or cell.number_format == "General"):
                    style.numFmtId = format_ids[key]


def _number_format_id(workbook: Any, number_format: str | None) -> int:
    """The id of a number format in the workbook's table (built in, or added); 0 (General) for none."""
    if not number_format:
        return 0
    if number_format in BUILTIN_FORMATS_REVERSE:
        return BUILTIN_FORMATS_REVERSE[number_format]
    return workbook._number_formats.add(number_format) + BUILTIN_FORMATS_MAX_SIZE


def _computed_columns(worksheet: Any, layout: SheetLayout, spec: schema.SheetSpec) -> dict[str, int]:
    """Where each computed column is; one the agency deleted is added after the last used column."""
    columns: dict[str, int] = {}
    next_free = max([*layout.columns.values(), worksheet.max_column]) + 1
    for column in spec.computed_columns:
        index = layout.columns.get(column.key)
        if index is None:
            index = next_free
            next_free += 1
            worksheet.cell(row=layout.header_row, column=index, value=column.header)
        columns[column.key] = index
    return columns


def mark_findings(workbook: Any, findings: list[Finding], writer: state.StateWriter, lang: str) -> None:
    """Fill each finding's cell (errors red, warnings yellow) and explain it in one comment per cell."""
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.sheet in workbook.sheetnames and finding.cell:
            by_cell[(finding.sheet, finding.cell)].append(finding)
    for (sheet, coordinate), cell_findings in by_cell.items():
        cell = _anchor(workbook[sheet], coordinate)
        writer.remember_style(sheet, cell)
        worst = min((f.severity for f in cell_findings), key=lambda s: s.rank)
        if worst in FILLS:
            cell.fill = FILLS[worst]
        lines = [f"[{ui('severity.' + f.severity.value, lang)}] {f.code}: {finding_text(f, lang)}"
                 for f in cell_findings]
        text = "lkip-xls:\n" + "\n\n".join(lines)
        if cell.comment is not None:
            text = f"{cell.comment.text}\n\n{text}"
        comment = Comment(text, AUTHOR)
        comment.width = 320
        comment.height = min(60 + 18 * (len(text) // 45 + len(lines)), 600)
        cell.comment = comment
        for finding in cell_findings:
            if finding.code in TYPED_CODES:
                writer.remember_typed(sheet, coordinate, _plain(finding.params.get("typed")),
                                      _plain(finding.params.get("computed")))


def _anchor(worksheet: Any, coordinate: str) -> Any:
    """The cell that shows a coordinate: the top-left cell of a merged block."""
    cell = worksheet[coordinate]
    if isinstance(cell, MergedCell):
        for block in worksheet.merged_cells.ranges:
            if coordinate in block:
                return worksheet.cell(row=block.min_row, column=block.min_col)
    return cell


def _plain(value: Any) -> Any:
    return Decimal(value) if isinstance(value, Decimal) else value


def write_pemeriksaan(workbook: Any, writeback: Writeback, title: str) -> None:
    """The findings as a table, errors first, each with a link to its cell; a status line on top."""
    sheet = workbook.create_sheet(title, 0)
    lang, findings = writeback.lang, writeback.findings
    sheet["A1"] = f"lkip-xls {__version__}: {writeback.status}"
    sheet["A1"].font = Font(bold=True, size=12)
    headers = [ui(k, lang) for k in ("col.severity", "col.code", "col.sheet", "col.cell", "col.message")]
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=3, column=index, value=header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
    for row, finding in enumerate(findings, start=4):
        values = [ui("severity." + finding.severity.value, lang), finding.code, finding.sheet or "",
                  finding.cell or "", finding_text(finding, lang)]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=index)
            files.set_value(cell, value)  # agency text is never a formula
            cell.alignment = Alignment(wrap_text=index == 5, vertical="top")
        if finding.severity in FILLS:
            sheet.cell(row=row, column=1).fill = FILLS[finding.severity]
        if finding.sheet in workbook.sheetnames and finding.cell:
            link = sheet.cell(row=row, column=4)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{finding.sheet}'!{finding.cell}")
            link.font = Font(color="0563C1", underline="single")
    for letter, width in zip("ABCDE", (12, 26, 14, 8, 100), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    if findings:
        sheet.auto_filter.ref = f"A3:E{3 + len(findings)}"
    for worksheet in workbook.worksheets:
        worksheet.sheet_view.tabSelected = False
    sheet.sheet_view.tabSelected = True
    workbook.active = 0
