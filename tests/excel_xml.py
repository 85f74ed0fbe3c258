"""Workbooks written the way Excel and the generators agencies use write them: raw SpreadsheetML, cell by cell.

`C(value, style=..., f=..., t=...)` is one cell: a formula with or without a stored value, an error (`t="e"`),
a number in a given number format. `book(path, sheets, merges=..., full_calc=...)` writes the package; strings
go to the shared string table as Excel puts them. `lkip(path, **sheets)` is a small LKIP workbook (Identitas
filled, IKU and Anggaran headers on row 1) with the given sheets' rows replacing the defaults.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
ML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# style index -> number format id: General, 0.00, d-mmm (a typed "3-10"), the locale's short date (a typed
# "1/2"), Text, #,##0, 0.00%
GENERAL, TWO_PLACES, DAY_MONTH, SHORT_DATE, TEXT, THOUSANDS, PERCENT = range(7)
_FORMAT_IDS = (0, 2, 16, 14, 49, 3, 10)
QUOTE = {'"': "&quot;"}


@dataclass
class C:
    """One cell: value (str, number, None), style index, formula text (without '='), type (e for an error)."""

    value: Any = None
    style: int = 0
    f: str | None = None
    t: str | None = None
    shared: tuple[str, str | None] | None = None  # (si, ref of the group on its first cell)


def _column(ref: str) -> str:
    return ref.rstrip("0123456789")


def _row(ref: str) -> int:
    return int(ref[len(_column(ref)):])


def _col_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


def _cell_xml(ref: str, cell: Any, strings: dict[str, int]) -> str:
    if not isinstance(cell, C):
        cell = C(cell)
    style = f' s="{cell.style}"' if cell.style else ""
    formula = ""
    if cell.f is not None or cell.shared is not None:
        attrs = ""
        if cell.shared is not None:
            si, group = cell.shared
            attrs = f' t="shared" si="{si}"' + (f' ref="{group}"' if group else "")
        formula = f"<f{attrs}>{escape(cell.f)}</f>" if cell.f else f"<f{attrs}/>"
    value = cell.value
    if cell.t == "e":
        return f'<c r="{ref}"{style} t="e">{formula}<v>{escape(str(value))}</v></c>'
    if value is None:
        return f'<c r="{ref}"{style}>{formula}</c>' if (formula or style) else ""
    if isinstance(value, str):
        if formula:
            return f'<c r="{ref}"{style} t="str">{formula}<v>{escape(value)}</v></c>'
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}"{style} t="s"><v>{index}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b">{formula}<v>{int(value)}</v></c>'
    return f'<c r="{ref}"{style}>{formula}<v>{value}</v></c>'


def _sheet_xml(cells: dict[str, Any], merges: list[str], strings: dict[str, int], hidden: set[int]) -> str:
    rows: dict[int, list[tuple[int, str]]] = {}
    for ref, cell in cells.items():
        xml = _cell_xml(ref, cell, strings)
        if xml:
            rows.setdefault(_row(ref), []).append((_col_index(_column(ref)), xml))
    hide = ' hidden="1"'
    body = "".join(
        f'<row r="{number}"{hide if number in hidden else ""}>'
        + "".join(xml for _, xml in sorted(rows[number])) + "</row>"
        for number in sorted(rows))
    merged = (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
              + "</mergeCells>") if merges else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheetData>{body}</sheetData>{merged}"
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')


def book(path: Path, sheets: dict[str, dict[str, Any]], merges: dict[str, list[str]] | None = None,
         full_calc: bool = False, hidden_rows: dict[str, set[int]] | None = None) -> Path:
    """Write an .xlsx whose sheets hold exactly these cells ({title: {"A1": value or C(...)}})."""
    merges = merges or {}
    strings: dict[str, int] = {}
    sheet_parts = [_sheet_xml(cells, merges.get(title, []), strings, (hidden_rows or {}).get(title, set()))
                   for title, cells in sheets.items()]
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" count="{len(strings)}" '
           f'uniqueCount="{len(strings)}">'
           + "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings) + "</sst>")
    apply = ' applyNumberFormat="1"'
    xfs = "".join(f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0"{apply if i else ""}/>'
                  for i in _FORMAT_IDS)
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
              '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
              '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
              'patternType="gray125"/></fill></fills><borders count="1"><border/></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              f'<cellXfs count="{len(_FORMAT_IDS)}">{xfs}</cellXfs>'
              '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
    calc = '<calcPr calcId="191029" fullCalcOnLoad="1"/>' if full_calc else '<calcPr calcId="191029"/>'
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
                f'xmlns:r="{REL}"><bookViews><workbookView/></bookViews><sheets>'
                + "".join(f'<sheet name="{escape(title, QUOTE)}" sheetId="{i}" r:id="rId{i}"/>'
                          for i, title in enumerate(sheets, start=1))
                + f"</sheets>{calc}</workbook>")
    count = len(sheets)
    rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, count + 1))
            + f'<Relationship Id="rId{count + 1}" Type="{REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{count + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>")
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/xl/workbook.xml" ContentType="{ML}.sheet.main+xml"/>'
             + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ML}.worksheet+xml"/>'
                       for i in range(1, count + 1))
             + f'<Override PartName="/xl/styles.xml" ContentType="{ML}.styles+xml"/>'
             f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ML}.sharedStrings+xml"/></Types>')
    root = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", root)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/sharedStrings.xml", sst)
        for index, xml in enumerate(sheet_parts, start=1):
            archive.writestr(f"xl/worksheets/sheet{index}.xml", xml)
    return path


IDENTITAS = {"A1": "Isian", "B1": "Nilai", "A2": "Versi Template", "B2": 1, "A3": "Nama Instansi",
             "B3": "Dinas Contoh", "A4": "Pemerintah Daerah", "B4": "Kota Contoh", "A5": "Tahun", "B5": 2024}
IKU_HEADERS = ["Kode Sasaran", "Sasaran Strategis", "Kode", "Indikator Kinerja", "Satuan", "Arah", "Target",
               "Realisasi"]
ANGGARAN_HEADERS = ["Kode", "Uraian", "Kode Sasaran", "Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)", "Sisa (Rp)"]


def table(headers: list[str], rows: list[list[Any]], first: int = 1) -> dict[str, Any]:
    """Headers on row `first`, then the rows (None leaves a cell out)."""
    cells: dict[str, Any] = {}
    for offset, values in enumerate([headers, *rows]):
        for index, value in enumerate(values):
            if value is not None:
                cells[f"{chr(65 + index)}{first + offset}"] = value
    return cells


DEFAULT_IKU = [["SS1", "Sasaran satu", "IKU1", "Indikator satu", "%", "Naik", 80, 84]]
DEFAULT_ANGGARAN = [["1", "Program satu", "SS1", 1000000, 931000], ["1.1", "Kegiatan satu", None, 1000000, 931000]]


def lkip(path: Path, *, iku: dict[str, Any] | None = None, anggaran: dict[str, Any] | None = None,
         other: dict[str, dict[str, Any]] | None = None, merges: dict[str, list[str]] | None = None,
         full_calc: bool = False) -> Path:
    sheets = {"Identitas": IDENTITAS, "IKU": iku if iku is not None else table(IKU_HEADERS, DEFAULT_IKU),
              "Anggaran": anggaran if anggaran is not None else table(ANGGARAN_HEADERS, DEFAULT_ANGGARAN)}
    sheets.update(other or {})
    return book(path, sheets, merges, full_calc)
