"""The empty template workbook, generated from `schema` (TEMPLATE.md §1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from ..core import schema
from ..core.schema import Kind, SheetSpec
from . import files

AUTHOR = "lkip-xls"
DATA_ROWS = 200  # rows below the header that are pre-formatted for input
COMPUTED_FILL = PatternFill("solid", fgColor=schema.COMPUTED_FILL)
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

PETUNJUK_LINES: tuple[tuple[str, bool], ...] = (
    ("Petunjuk Pengisian Template Laporan Kinerja (lkip-xls, versi template 1)", True),
    ("", False),
    ("Template ini dipakai untuk menyusun angka Laporan Kinerja Instansi Pemerintah (LKIP/LKjIP): capaian "
     "indikator, anggaran dan pegawai. Setelah diisi, kirimkan berkas ini kepada pengelola lkip-xls. Anda akan "
     "menerima kembali berkas yang sama dengan hasil hitung dan tanda pada setiap sel yang perlu diperbaiki, "
     "serta ringkasan naratif yang siap dipakai di laporan.", False),
    ("", False),
    ("Urutan pengisian", True),
    ("1. Identitas: nama instansi, pemerintah daerah, tahun, dan pilihan skala kategori serta batas capaian.", False),
    ("2. IKU: satu baris per indikator kinerja utama: kode sasaran, kode indikator, arah, target, realisasi.", False),
    ("3. Anggaran: program, kegiatan, sub kegiatan dengan kode bertitik (3.30.02, 3.30.02.2.01, ...), pagu dan "
     "realisasi. Induk harus sama dengan jumlah rinciannya sampai ke sen.", False),
    ("4. PK (tidak wajib): target dan anggaran program sesuai Perjanjian Kinerja.", False),
    ("5. Realisasi (tidak wajib): target dan realisasi per triwulan beserta cara agregasinya.", False),
    ("6. SDM (tidak wajib): jumlah pegawai per unit kerja menurut status, jenis kelamin, pendidikan, golongan "
     "dan jabatan.", False),
    ("7. Skala (tidak wajib): hanya bila Skala Kategori = kustom.", False),
    ("", False),
    ("Aturan umum", True),
    ("- Jangan mengubah nama sheet dan judul kolom (baris 3). Urutan kolom boleh diubah; kolom dan sheet "
     "tambahan boleh ada dan tidak akan diubah.", False),
    ("- Angka ditulis dengan cara Indonesia: titik pemisah ribuan, koma desimal (1.234.567,89). Sel angka "
     "biasa juga boleh.", False),
    ("- Realisasi yang belum ada: tulis N/A, - atau 'belum rilis'. Indikator itu tidak dihitung dan tidak ikut "
     "dirata-rata.", False),
    ("- Target boleh berupa angka (80), perbandingan (< 11, ≤ 7,82) atau rentang (3 - 10).", False),
    ("- Kolom berwarna biru muda (Capaian, Kategori, Serapan, Sisa, Realisasi Tahunan) diisi otomatis oleh "
     "lkip-xls dan dikunci.", False),
    ("- Pada berkas hasil: sel merah = kesalahan yang harus diperbaiki, sel kuning = peringatan yang perlu "
     "diperiksa. Arahkan kursor ke sel untuk membaca komentarnya; daftar lengkap ada di sheet Pemeriksaan.", False),
    ("", False),
    ("Rumus yang dipakai", True),
    ("- Arah Naik: capaian = realisasi / target x 100. Arah Turun: (2 x target - realisasi) / target x 100 "
     "(atau target / realisasi x 100 bila Rumus Indikator Turun = T/R). Arah Tetap (rentang): 100 di dalam "
     "rentang.", False),
    ("- Serapan = realisasi / pagu x 100; Sisa = pagu - realisasi. Semua angka dibulatkan setengah ke atas "
     "sampai 2 desimal.", False),
)


def build_template(version: int = schema.TEMPLATE_VERSION) -> Workbook:
    """The template of `version` (the current one by default; version 1 leaves out what version 2 added)."""
    workbook = Workbook()
    petunjuk = workbook.active
    petunjuk.title = schema.PETUNJUK_NAME
    _petunjuk(petunjuk)
    for spec in schema.DATA_SHEETS:
        if spec.since > version:
            continue
        worksheet = workbook.create_sheet(spec.name)
        if spec is schema.IDENTITAS:
            _identitas(worksheet, version)
        else:
            _table(worksheet, spec, version)
    return workbook


def fill_template(workbook: Any, data: dict[str, Any]) -> None:
    """Fill a template built by `build_template` from plain data (used by the samples and the tests).

    `data["Identitas"]` maps labels to values; every other key is a sheet name with a list of rows keyed by
    the template headers, written from the row below the header row. A sheet absent from `data` is removed.
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
                worksheet.cell(row=offset, column=columns[label]).value = value


def write_template(path: Path) -> None:
    workbook = build_template()
    files.write_atomically(path, workbook.save)


def _petunjuk(worksheet: Any) -> None:
    worksheet.column_dimensions["A"].width = 120
    for row, (text, bold) in enumerate(PETUNJUK_LINES, start=1):
        cell = worksheet.cell(row=row, column=1, value=text or None)
        cell.font = TITLE_FONT if row == 1 else Font(bold=bold)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _title(worksheet: Any, spec: SheetSpec) -> None:
    worksheet["A1"] = spec.title
    worksheet["A1"].font = TITLE_FONT
    worksheet["A2"] = spec.instruction
    worksheet["A2"].font = Font(italic=True, color="595959")
    worksheet.freeze_panes = f"A{schema.HEADER_ROW + 1}"


def _header(worksheet: Any, index: int, header: str, help_text: str, width: int) -> None:
    cell = worksheet.cell(row=schema.HEADER_ROW, column=index, value=header)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    comment = Comment(help_text, AUTHOR)
    comment.width, comment.height = 260, 90
    cell.comment = comment
    worksheet.column_dimensions[get_column_letter(index)].width = width


def _table(worksheet: Any, spec: SheetSpec, version: int) -> None:
    _title(worksheet, spec)
    worksheet.row_dimensions[schema.HEADER_ROW].height = 32
    first, last = schema.HEADER_ROW + 1, schema.HEADER_ROW + DATA_ROWS
    for index, column in enumerate((c for c in spec.columns if c.since <= version), start=1):
        _header(worksheet, index, column.header, column.help, column.width)
        letter = get_column_letter(index)
        for row in range(first, last + 1):
            cell = worksheet.cell(row=row, column=index)
            cell.border = BORDER
            if column.number_format:
                cell.number_format = column.number_format
            if column.kind in (Kind.CODE, Kind.TEXT):
                cell.number_format = "@"
            if column.computed:
                cell.fill = COMPUTED_FILL
                cell.protection = Protection(locked=True)
            else:
                cell.protection = Protection(locked=False)
        if column.choices:
            _dropdown(worksheet, column.choices, f"{letter}{first}:{letter}{last}", column.header, column.free)
    if spec.computed_columns:
        _protect(worksheet)


def _identitas(worksheet: Any, version: int) -> None:
    spec = schema.IDENTITAS
    _title(worksheet, spec)
    for index, column in enumerate(spec.columns, start=1):
        _header(worksheet, index, column.header, column.help, column.width)
    fields = (f for f in schema.IDENTITAS_FIELDS if f.since <= version)
    for row, field in enumerate(fields, start=schema.HEADER_ROW + 1):
        label = worksheet.cell(row=row, column=1, value=field.label)
        label.font = Font(bold=field.required)
        label.border = BORDER
        label.comment = Comment(field.help + (" Wajib diisi." if field.required else ""), AUTHOR)
        example = version if field.key == "template_version" else field.example
        value = worksheet.cell(row=row, column=2, value=example)
        value.border = BORDER
        value.protection = Protection(locked=False)
        if field.kind in (Kind.NIP, Kind.TEXT):
            value.number_format = "@"
        if field.choices:
            _dropdown(worksheet, field.choices, value.coordinate, field.label)
    _protect(worksheet)


def _dropdown(worksheet: Any, choices: tuple[str, ...], cells: str, header: str, free: bool = False) -> None:
    """A list of choices; `free`: a suggestion only, any other text is accepted (no error message)."""
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    validation.error = f"Pilih salah satu: {', '.join(choices)}"
    validation.errorTitle = header
    validation.prompt = f"{header}: {', '.join(choices)}" + (" (atau ketik sendiri)" if free else "")
    validation.showErrorMessage = not free
    validation.showInputMessage = True
    validation.add(cells)
    worksheet.add_data_validation(validation)


def _protect(worksheet: Any) -> None:
    """Lock the computed cells; everything an agency needs (rows, columns, formats, sorting) stays allowed."""
    worksheet.protection = SheetProtection(
        sheet=True, formatCells=False, formatColumns=False, formatRows=False, insertColumns=False,
        insertRows=False, insertHyperlinks=False, deleteColumns=False, deleteRows=False, sort=False,
        autoFilter=False, pivotTables=False, selectLockedCells=False, selectUnlockedCells=False,
    )
