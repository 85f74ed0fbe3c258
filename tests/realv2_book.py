"""A template-v2 workbook made the way agencies make them (not by `lkip-xls template`): a title above the
headers, every v2 sheet and column, merged Kode cells, formulas, notes under the tables, a hidden row, year
headers as people type them, numbers pasted as text. `build(path, **changes)` writes it with openpyxl.

The workbook is correct except for the slips listed in EXPECTED (code, sheet, cell)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

IDENTITAS = [("Versi Template", 2), ("Nama Instansi", "Dinas Koperasi dan UKM"),
             ("Pemerintah Daerah", "Pemerintah Kabupaten Contoh"), ("Tahun", 2024)]

IKU_HEADERS = ["Kode Sasaran", "Sasaran Strategis", "Kode", "Indikator Kinerja", "Satuan", "Arah", "Target",
               "Realisasi", "Realisasi Tahun Lalu", "Target Akhir Renstra", "Capaian (%)", "Kategori", "Keterangan",
               "Tingkat", "Dirata-rata", "Target Tahun Lalu", "Nilai Nasional", "Nilai Provinsi"]
IKU_ROWS = [  # rows 4..8
    ["SS1", "Meningkatnya daya saing koperasi", "IKU1", "Persentase koperasi sehat", "%", "Naik", "40", None,
     "35", "50", None, None, None, "sasaran", "ya", "38", "45,5", "N/A"],  # Realisasi from Data Dukung (42,00)
    [None, None, "IKU2", "Pertumbuhan UMKM", "%", "Naik", 5, "5,5", None, None, None, None, None, "Sasaran", "Ya",
     None, None, None],  # Data Dukung: (110 - 104) / 104 x 100 = 5,77 -> differs
    [None, None, "IKU3", "Opini BPK", "Predikat", "Naik", "WTP", "opini wtp", None, None, None, None, None,
     "Sasaran", "Tidak", None, None, None],
    [None, None, "T1", "Kontribusi UMKM terhadap PDRB", "%", "Naik", 60, "61,2", None, None, None, None, None,
     "TUJUAN", None, "59", None, None],
]

PK_HEADERS = ["Kode", "Indikator Kinerja", "Target", "Kode Program", "Program", "Anggaran (Rp)", "Target Awal"]
PK_ROWS = [["IKU1", "Persentase koperasi sehat", "40", "2.17.02", "Program pengawasan koperasi", None, "38"],
           ["IKU2", "Pertumbuhan UMKM", 5, None, None, None, None],
           ["IKU3", "Opini BPK", "WTP", None, None, None, None],
           ["T1", "Kontribusi UMKM terhadap PDRB", 60, None, None, None, None]]

ANGGARAN_HEADERS = ["Kode", "Uraian", "Kode Sasaran", "Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)", "Sisa (Rp)",
                    "Keterangan", "Tingkat", "Sumber Dana", "Jenis", "Pagu Murni (Rp)"]
ANGGARAN_ROWS = [
    ["2.17.02", "Program Pengawasan Koperasi", "SS1", "Rp 1.000.000.000", 900000000, None, None, None, "Program",
     "APBD ", "Belanja", 1100000000],
    ["2.01", "Pemeriksaan koperasi", None, 600000000, 550000000, None, None, None, "kegiatan", "APBD", None, None],
    ["0001", "Pemeriksaan kesehatan koperasi", None, 600000000, 550000000, None, None, None, "sub kegiatan", None,
     None, None],
    ["2.02", "Pengawasan koperasi", None, 400000000, 350000000, None, None, None, "Kegiatan", "DAK  ", None, None],
    ["0001", "Penilaian kesehatan KSP", None, 400000000, 350000000, None, None, None, "SUB-KEGIATAN", None, None,
     None],
    ["4.1", "Retribusi pelayanan koperasi", None, 50000000, 52000000, None, None, None, "Program", None,
     "pendapatan daerah", None],
]

KINERJA_HEADERS = ["Kode", "Indikator Kinerja", "Satuan", "Arah", "Target", "Realisasi", "Capaian (%)", "Kategori",
                   "Serapan (%)", "Keterangan"]
KINERJA_ROWS = [["2.17.02", "Persentase koperasi yang diawasi", "%", "Naik", 80, 84, None, None, None, None],
                [None, "Jumlah koperasi yang diperiksa", "Koperasi", "Naik", 100, 90, None, None, None, None],
                ["2.17.02.2.01", "Koperasi diperiksa", "Koperasi", "Naik", 50, 50, None, None, None, None]]

RENSTRA_HEADERS = ["Kode", "Kondisi Awal", "Target\n2022", "TARGET 2023", "Target Tahun 2024", "Target 2025",
                   "Target 2026", "Realisasi\n2022", "Realisasi 2023", "Target Akhir"]
RENSTRA_ROWS = [["IKU1", "30", "32", "35", "40", "45", "50", "33", "36", "50"],
                ["IKU2", 3, 4, "4,5", 5, "5,5", 6, "4,2", "4,4", 6]]

DUKUNG_HEADERS = ["Kode", "Rumus", "Uraian A", "Nilai A", "Uraian B", "Nilai B", "Realisasi (Dihitung)"]
DUKUNG_ROWS = [["IKU1", "persentase", "Koperasi sehat", "Rp 84", "Koperasi aktif", "200", None],
               ["IKU2", "Pertumbuhan", "UMKM 2024", "110", "UMKM 2023", "104", None],
               ["2.17.02#2", "Persentase", "Diperiksa", 90, "Direncanakan", 100, None]]

EXPECTED = [  # (code, sheet, cell) of a correct reading of the workbook above
    ("DATA-DUKUNG-DIFFERS", "IKU", "H5"),
    ("DATA-DUKUNG-USED", "IKU", "H4"),
    ("ROWS-AS-NOTES", "Anggaran", "A10"),
    ("ROWS-AS-NOTES", "Data Dukung", "A7"),
    ("ROWS-AS-NOTES", "Renstra", "A6"),
]


def _table(ws: Any, title: str, headers: list[str], rows: list[list[Any]], note: str | None = None) -> None:
    ws.append([title])
    ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    if note:
        ws.append([note])


def build(path: Path, *, renstra_headers: list[str] | None = None, dukung_rows: list[list[Any]] | None = None,
          edit: Any = None) -> Path:
    """The workbook; `edit(workbook)` changes it before it is saved."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Identitas"
    ws.append(["Isian", "Nilai"])
    for label, value in IDENTITAS:
        ws.append([label, value])
    _table(wb.create_sheet("IKU"), "INDIKATOR KINERJA UTAMA", IKU_HEADERS, IKU_ROWS)
    wb["IKU"].merge_cells("A4:A6")
    wb["IKU"].merge_cells("B4:B6")
    _table(wb.create_sheet("PK"), "PERJANJIAN KINERJA", PK_HEADERS, PK_ROWS)
    _table(wb.create_sheet("Anggaran"), "ANGGARAN", ANGGARAN_HEADERS, ANGGARAN_ROWS, "Sumber: DPA 2024")
    _table(wb.create_sheet("Kinerja Program"), "KINERJA PROGRAM", KINERJA_HEADERS, KINERJA_ROWS)
    wb["Kinerja Program"].merge_cells("A4:A5")
    _table(wb.create_sheet("Skala Predikat"), "SKALA PREDIKAT", ["Predikat", "Nilai"], [["Baik Sekali", 90]])
    _table(wb.create_sheet("Renstra"), "RENSTRA 2022-2026", renstra_headers or RENSTRA_HEADERS, RENSTRA_ROWS,
           "Sumber: Renstra Dinas 2022-2026")
    _table(wb.create_sheet("Data Dukung"), "DATA DUKUNG", DUKUNG_HEADERS,
           DUKUNG_ROWS if dukung_rows is None else dukung_rows, "Sumber: BPS")
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path
