"""The template workbook, generated from `schema` (TEMPLATE.md §1, §5), empty or filled with the example.

Input columns are styled as whole columns (`<col style>`: unlocked, number format, border), not cell by
cell: every row an agency types or pastes, however many, is open and formatted, and the sheet's used range
(what Excel and LibreOffice print) stays the rows that hold something. Computed columns are shaded and locked;
every sheet is protected without a password.
"""

from __future__ import annotations

from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from ..core import schema
from ..core.schema import Kind, SheetSpec
from ..text import template_text as words
from . import files

AUTHOR = "lkip-xls"
INPUT_ROWS = 2000  # rows below the header that the dropdowns cover (every row of an input column is open)
SPARE_COLUMNS = 10  # open columns right of a table, for the agency's own columns
COMPUTED_FILL = PatternFill("solid", fgColor=schema.COMPUTED_FILL)
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
OPEN = Protection(locked=False)
LOCKED = Protection(locked=True)
PLAIN = Alignment(vertical="bottom")  # a cell style of its own, so that the title rows' empty cells are written
PETUNJUK_WIDTH = 120
PETUNJUK_LINE = 125  # characters of a wrapped Petunjuk line (at most): each row is as high as its lines
KODE_SASARAN_NAME = "DaftarKodeSasaran"  # the defined name of the IKU Kode Sasaran cells (Anggaran dropdown)


def build_template(version: int = schema.TEMPLATE_VERSION, lang: str = "id") -> Workbook:
    """The template of `version` (the current one by default; version 1 leaves out what version 2 added),
    with its instructions and help in `lang` (sheet names, headers and Identitas labels stay the contract's)."""
    workbook = Workbook()
    petunjuk = workbook.active
    petunjuk.title = schema.PETUNJUK_NAME
    specs = tuple(s for s in schema.DATA_SHEETS if s.since <= version)
    _petunjuk(petunjuk, words.petunjuk_lines(version, lang, specs))
    for spec in specs:
        worksheet = workbook.create_sheet(spec.name)
        if spec is schema.IDENTITAS:
            _identitas(worksheet, version, lang)
        else:
            _table(worksheet, spec, version, lang)
        _print_setup(worksheet, title_rows=True)
    _kode_sasaran_dropdown(workbook, version, lang)
    return workbook


def fill_template(workbook: Any, data: dict[str, Any]) -> None:
    """Fill a template built by `build_template` from plain data (the example, the samples and the tests).

    `data["Identitas"]` maps labels to values; every other key is a sheet name with a list of rows keyed by
    the template headers, written from the row below the header row. A sheet absent from `data` is removed;
    an empty list keeps it empty. A written cell takes its column's style (format, border, lock).
    """
    identitas = workbook[schema.IDENTITAS.name]
    label_rows = {schema.normalize_label(identitas.cell(row=r, column=1).value): r
                  for r in range(schema.HEADER_ROW + 1, identitas.max_row + 1)}
    for label, value in data.get(schema.IDENTITAS.name, {}).items():
        identitas.cell(row=label_rows[schema.normalize_label(label)], column=2).value = value
    for spec in schema.DATA_SHEETS:
        if spec is schema.IDENTITAS:
            continue
        rows = data.get(spec.name)
        if spec.name not in workbook.sheetnames:
            continue  # a sheet of a later template version than the one built
        if rows is None:
            del workbook[spec.name]
            continue
        worksheet = workbook[spec.name]
        columns = {schema.normalize_label(worksheet.cell(row=schema.HEADER_ROW, column=i).value): i
                   for i in range(1, worksheet.max_column + 1)}
        for offset, row in enumerate(rows, start=schema.HEADER_ROW + 1):
            for header, value in row.items():
                label = schema.normalize_label(header)
                if label not in columns and spec.pattern_key(label):  # a Renstra year the template does not show
                    columns[label] = worksheet.max_column + 1
                    worksheet.cell(row=schema.HEADER_ROW, column=columns[label]).value = header
                index = columns[label]
                cell = worksheet.cell(row=offset, column=index)
                dimension = worksheet.column_dimensions.get(get_column_letter(index))
                if dimension is not None and dimension.has_style and not cell.has_style:
                    cell._style = copy(dimension._style)
                cell.value = value


def write_template(path: Path, lang: str = "id", example: bool = False) -> None:
    """The empty template, or (`example`) the template filled with the example agency (outputs.template_example)."""
    workbook = build_template(lang=lang)
    if example:
        from .template_example import EXAMPLE

        fill_template(workbook, EXAMPLE)
        _mark_example(workbook, lang)
    files.write_atomically(path, workbook.save)


def _mark_example(workbook: Any, lang: str) -> None:
    """Petunjuk's title says the file is an example (the data sheets keep their contract titles)."""
    title = workbook[schema.PETUNJUK_NAME]["A1"]
    title.value = f"{words.word('example-title', lang)}: {title.value}"


def _petunjuk(worksheet: Any, lines: list[tuple[str, str]]) -> None:
    worksheet.column_dimensions["A"].width = PETUNJUK_WIDTH
    for row, (text, style) in enumerate(lines, start=1):
        cell = worksheet.cell(row=row, column=1, value=text or None)
        cell.font = TITLE_FONT if style == "title" else Font(bold=style == "heading")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        wrapped = -(-len(text) // PETUNJUK_LINE)
        if wrapped > 1:  # neither Excel nor LibreOffice grows a row for wrapped text that a program wrote
            worksheet.row_dimensions[row].height = 15 * wrapped + 2
    _print_setup(worksheet, title_rows=False)


def _title(worksheet: Any, spec: SheetSpec, lang: str, width: int, version: int) -> None:
    for column in range(1, width + 1):  # explicit plain cells: the title rows take no column style
        for row in range(1, schema.HEADER_ROW):
            worksheet.cell(row=row, column=column).alignment = PLAIN
    worksheet["A1"] = words.sheet_title(spec, lang)
    worksheet["A1"].font = TITLE_FONT
    worksheet["A2"] = words.sheet_instruction(spec, lang, version)
    worksheet["A2"].font = Font(italic=True, color="595959")
    worksheet.freeze_panes = f"A{schema.HEADER_ROW + 1}"


def _header(worksheet: Any, index: int, header: str, help_text: str, width: int) -> None:
    cell = worksheet.cell(row=schema.HEADER_ROW, column=index, value=header)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    cell.protection = LOCKED
    comment = Comment(help_text, AUTHOR)
    comment.width, comment.height = 260, 90
    cell.comment = comment
    longest_word = max(len(word) for word in header.split())  # a header wraps between words, never inside one
    worksheet.column_dimensions[get_column_letter(index)].width = max(width, round(longest_word * 1.2 + 2))


def _table(worksheet: Any, spec: SheetSpec, version: int, lang: str) -> None:
    columns = [c for c in spec.columns if c.since <= version]
    _title(worksheet, spec, lang, len(columns), version)
    worksheet.row_dimensions[schema.HEADER_ROW].height = 32
    first, last = schema.HEADER_ROW + 1, schema.HEADER_ROW + INPUT_ROWS
    for index, column in enumerate(columns, start=1):
        _header(worksheet, index, column.header, words.column_help(spec, column, lang, version), column.width)
        letter = get_column_letter(index)
        dimension = worksheet.column_dimensions[letter]  # the style of every cell of the column
        dimension.border = BORDER
        if column.number_format:
            dimension.number_format = column.number_format
        if column.kind in (Kind.CODE, Kind.TEXT):
            dimension.number_format = "@"
        if column.computed:
            dimension.fill = COMPUTED_FILL
            dimension.protection = LOCKED
        else:
            dimension.protection = OPEN
        if column.choices:
            _dropdown(worksheet, column.choices, f"{letter}{first}:{letter}{last}", column.header, lang,
                      column.free)
    spare = worksheet.column_dimensions[get_column_letter(len(columns) + 1)]
    spare.min, spare.max = len(columns) + 1, len(columns) + SPARE_COLUMNS
    spare.protection = OPEN
    _protect(worksheet)


def _identitas(worksheet: Any, version: int, lang: str) -> None:
    spec = schema.IDENTITAS
    _title(worksheet, spec, lang, len(spec.columns), version)
    for index, column in enumerate(spec.columns, start=1):
        _header(worksheet, index, column.header, words.column_help(spec, column, lang), column.width)
    fields = (f for f in schema.IDENTITAS_FIELDS if f.since <= version)
    for row, field in enumerate(fields, start=schema.HEADER_ROW + 1):
        label = worksheet.cell(row=row, column=1, value=field.label)
        label.font = Font(bold=field.required)
        label.border = BORDER
        label.comment = Comment(words.field_help(field, lang), AUTHOR)
        example = version if field.key == "template_version" else field.example
        value = worksheet.cell(row=row, column=2, value=example)
        value.border = BORDER
        value.protection = OPEN
        if field.kind in (Kind.NIP, Kind.TEXT):
            value.number_format = "@"
        if field.choices:
            _dropdown(worksheet, field.choices, value.coordinate, field.label, lang)
    _protect(worksheet)


def _dropdown(worksheet: Any, choices: tuple[str, ...], cells: str, header: str, lang: str,
              free: bool = False) -> None:
    """A list of choices; `free`: a suggestion only, any other text is accepted (no error message)."""
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    validation.error = words.word("choose-one", lang, choices=", ".join(choices))
    validation.errorTitle = header
    validation.prompt = f"{header}: {', '.join(choices)}" + (words.word("or-type", lang) if free else "")
    validation.promptTitle = header
    validation.showErrorMessage = not free
    validation.showInputMessage = True
    validation.add(cells)
    worksheet.add_data_validation(validation)


def _kode_sasaran_dropdown(workbook: Any, version: int, lang: str) -> None:
    """Anggaran Kode Sasaran: a list of the IKU sheet's Kode Sasaran cells (through a defined name, which every
    Excel accepts in a list); another code is warned about, not refused (SASARAN-UNKNOWN reports it)."""
    iku, anggaran = schema.IKU, schema.ANGGARAN

    def letter(spec: SheetSpec, key: str) -> str:
        keys = [c.key for c in spec.columns if c.since <= version]
        return get_column_letter(keys.index(key) + 1)

    first, last = schema.HEADER_ROW + 1, schema.HEADER_ROW + INPUT_ROWS
    source = letter(iku, "sasaran_code")
    workbook.defined_names[KODE_SASARAN_NAME] = DefinedName(
        KODE_SASARAN_NAME, attr_text=f"{iku.name}!${source}${first}:${source}${last}")
    target = letter(anggaran, "sasaran_code")
    header = anggaran.column("sasaran_code").header
    validation = DataValidation(type="list", formula1=KODE_SASARAN_NAME, allow_blank=True)
    validation.errorStyle = "warning"
    validation.errorTitle = validation.promptTitle = header
    validation.error = words.word("kode-sasaran-error", lang)
    validation.prompt = words.word("kode-sasaran-prompt", lang)
    validation.showErrorMessage = validation.showInputMessage = True
    validation.add(f"{target}{first}:{target}{last}")
    workbook[anggaran.name].add_data_validation(validation)


def _protect(worksheet: Any) -> None:
    """Lock the computed cells (no password); everything an agency needs (rows, columns, formats) stays
    allowed."""
    worksheet.protection = SheetProtection(
        sheet=True, formatCells=False, formatColumns=False, formatRows=False, insertColumns=False,
        insertRows=False, insertHyperlinks=False, deleteColumns=False, deleteRows=False, sort=False,
        autoFilter=False, pivotTables=False, selectLockedCells=False, selectUnlockedCells=False,
    )


def _print_setup(worksheet: Any, title_rows: bool) -> None:
    """Landscape, one page wide, the header row on every page. No fixed print area: a sheet prints its used
    rows, which the column styles do not extend (the empty template prints a page per sheet)."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_options.horizontalCentered = True
    worksheet.page_margins.left = worksheet.page_margins.right = 0.4
    if title_rows:
        worksheet.print_title_rows = f"{schema.HEADER_ROW}:{schema.HEADER_ROW}"
