"""The filled example of the template (`lkip-xls template --contoh`): a small, invented kabupaten dinas.

Written through `template.fill_template` like the samples, so the example is the template itself with rows
in it. It shows each part at least once: three IKU in two sasaran (one of them Turun), PK, quarterly
realisation, a budget by Tingkat (Program / Kegiatan / Sub Kegiatan) with Kode Sasaran links and a supporting
program left unlinked, two staff units and a JUMLAH row, and program / kegiatan indicators. Every sum holds:
it processes without an error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

EXAMPLE_NAME = "lkip-contoh.xlsx"  # the default file name of `template --contoh`

_PROGRAM_1 = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
_PROGRAM_2 = "PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI"
_PROGRAM_3 = "PROGRAM PEMBERDAYAAN USAHA MENENGAH, USAHA KECIL, DAN USAHA MIKRO (UMKM)"


def _budget(level: str, code: str, name: str, pagu: int, spent: int, **more: Any) -> dict[str, Any]:
    return {"Tingkat": level, "Kode": code, "Uraian": name, "Pagu (Rp)": pagu, "Realisasi (Rp)": spent, **more}


def _staff(unit: str, *counts: int) -> dict[str, Any]:
    headers = ("PNS", "CPNS", "PPPK", "Non ASN", "Jumlah Pegawai", "Laki-laki", "Perempuan", "S3", "S2", "S1/D4",
               "D1-D3", "SMA", "SMP", "SD", "Golongan IV", "Golongan III", "Golongan II", "Golongan I", "JPT",
               "Administrator", "Pengawas", "Fungsional", "Pelaksana")
    return {"Unit Kerja": unit, **dict(zip(headers, counts, strict=True))}


EXAMPLE: dict[str, Any] = {
    "Identitas": {
        "Versi Template": 2,
        "Nama Instansi": "Dinas Koperasi, Usaha Kecil dan Menengah",
        "Pemerintah Daerah": "Pemerintah Kabupaten Sukamaju (contoh)",
        "Tahun": 2024,
        "Nama Kepala": "Drs. Bambang Santoso, M.Si.",
        "NIP Kepala": "197003151995031002",
        "Skala Kategori": "permendagri86",
        "Rumus Indikator Turun": "2T-R",
        "Batas Rata-rata (%)": 120,
        "Dasar Rata-rata": "indikator",
        "Metode Efisiensi": "selisih",
        "Populasi Pendidikan": "ASN",
    },
    "IKU": [
        {"Kode Sasaran": "SS1", "Sasaran Strategis": "Meningkatnya kualitas kelembagaan koperasi", "Kode": "IKU1.1",
         "Indikator Kinerja": "Persentase koperasi sehat", "Satuan": "%", "Arah": "Naik", "Target": 60,
         "Realisasi": Decimal("63.5"), "Realisasi Tahun Lalu": Decimal("57.2"), "Target Akhir Renstra": 75},
        {"Kode Sasaran": "SS1", "Kode": "IKU1.2", "Indikator Kinerja": "Persentase koperasi tidak aktif",
         "Satuan": "%", "Arah": "Turun", "Target": 12, "Realisasi": Decimal("10.8"),
         "Realisasi Tahun Lalu": Decimal("14.1"), "Target Akhir Renstra": 8},
        {"Kode Sasaran": "SS2", "Sasaran Strategis": "Meningkatnya usaha mikro yang naik kelas", "Kode": "IKU2.1",
         "Indikator Kinerja": "Jumlah usaha mikro yang naik kelas", "Satuan": "Unit Usaha", "Arah": "Naik",
         "Target": 150, "Realisasi": 162, "Realisasi Tahun Lalu": 131, "Target Akhir Renstra": 200,
         "Keterangan": "Data Bidang UMKM per 31 Desember"},
    ],
    "PK": [
        {"Kode": "IKU1.1", "Indikator Kinerja": "Persentase koperasi sehat", "Target": 60,
         "Kode Program": "2.17.05", "Program": _PROGRAM_2, "Anggaran (Rp)": 485000000},
        {"Kode": "IKU1.2", "Indikator Kinerja": "Persentase koperasi tidak aktif", "Target": 12,
         "Kode Program": "2.17.05", "Program": _PROGRAM_2},  # the program's budget is stated once
        {"Kode": "IKU2.1", "Indikator Kinerja": "Jumlah usaha mikro yang naik kelas", "Target": 150,
         "Kode Program": "2.17.10", "Program": _PROGRAM_3, "Anggaran (Rp)": 1150000000},
    ],
    "Realisasi": [
        {"Kode": "IKU2.1", "Indikator Kinerja": "Jumlah usaha mikro yang naik kelas", "Agregasi": "Kumulatif",
         "Target TW I": 30, "Target TW II": 40, "Target TW III": 40, "Target TW IV": 40,
         "Realisasi TW I": 28, "Realisasi TW II": 45, "Realisasi TW III": 41, "Realisasi TW IV": 48},
    ],
    "Anggaran": [
        _budget("Program", "2.17.01", _PROGRAM_1, 2310000000, 2198450000, **{"Sumber Dana": "APBD",
                "Pagu Murni (Rp)": 2250000000}),
        _budget("Kegiatan", "2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                60000000, 58200000),
        _budget("Sub Kegiatan", "0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 25000000, 24500000),
        _budget("Sub Kegiatan", "0007", "Evaluasi Kinerja Perangkat Daerah", 35000000, 33700000),
        _budget("Kegiatan", "2.02", "Administrasi Keuangan Perangkat Daerah", 2250000000, 2140250000),
        _budget("Sub Kegiatan", "0001", "Penyediaan Gaji dan Tunjangan ASN", 2250000000, 2140250000),
        _budget("Program", "2.17.05", _PROGRAM_2, 485000000, 452375000, **{"Kode Sasaran": "SS1",
                "Sumber Dana": "APBD", "Pagu Murni (Rp)": 485000000}),
        _budget("Kegiatan", "2.01", "Pemeriksaan dan Pengawasan Koperasi yang Wilayah Keanggotaannya dalam "
                "Daerah Kabupaten/Kota", 485000000, 452375000),
        _budget("Sub Kegiatan", "0001", "Pemeriksaan dan Pengawasan Koperasi", 310000000, 291400000),
        _budget("Sub Kegiatan", "0002", "Penilaian Kesehatan Koperasi", 175000000, 160975000),
        _budget("Program", "2.17.10", _PROGRAM_3, 1150000000, 1093650000, **{"Kode Sasaran": "SS2",
                "Sumber Dana": "APBD", "Pagu Murni (Rp)": 1150000000}),
        _budget("Kegiatan", "2.01", "Pemberdayaan Usaha Mikro yang Dilakukan melalui Pendataan, Kemitraan, "
                "Kemudahan Perizinan, Penguatan Kelembagaan dan Koordinasi dengan Para Pemangku Kepentingan",
                1150000000, 1093650000),
        _budget("Sub Kegiatan", "0001", "Pelatihan dan Pendampingan Usaha Mikro", 720000000, 689400000),
        _budget("Sub Kegiatan", "0002", "Fasilitasi Kemitraan dan Pemasaran Produk Usaha Mikro", 430000000,
                404250000),
        {"Uraian": "JUMLAH", "Pagu (Rp)": 3945000000, "Realisasi (Rp)": 3744475000},
    ],
    "SDM": [
        _staff("Sekretariat", 12, 1, 2, 5, 20, 11, 9, 0, 3, 8, 2, 2, 0, 0, 3, 7, 3, 0, 1, 1, 3, 2, 6),
        _staff("Bidang Koperasi", 8, 0, 1, 3, 12, 7, 5, 0, 2, 5, 1, 1, 0, 0, 1, 5, 2, 0, 0, 1, 2, 1, 4),
        _staff("Bidang Usaha Mikro", 5, 0, 0, 2, 7, 3, 4, 0, 1, 3, 1, 0, 0, 0, 1, 3, 1, 0, 0, 1, 2, 0, 2),
        _staff("JUMLAH", 25, 1, 3, 10, 39, 21, 18, 0, 6, 16, 4, 3, 0, 0, 5, 15, 6, 0, 1, 3, 7, 3, 12),
    ],
    "Skala": [],
    "Kinerja Program": [
        {"Kode": "2.17.05", "Indikator Kinerja": "Persentase koperasi yang diperiksa dan diawasi", "Satuan": "%",
         "Arah": "Naik", "Target": 80, "Realisasi": 82},
        {"Kode": "2.17.05.2.01", "Indikator Kinerja": "Jumlah koperasi yang diperiksa", "Satuan": "Koperasi",
         "Arah": "Naik", "Target": 40, "Realisasi": 42},
        {"Kode": "2.17.10", "Indikator Kinerja": "Persentase usaha mikro yang dibina", "Satuan": "%",
         "Arah": "Naik", "Target": 25, "Realisasi": Decimal("23.4")},
        {"Kode": "2.17.10.2.01", "Indikator Kinerja": "Jumlah pelaku usaha mikro yang dilatih", "Satuan": "Orang",
         "Arah": "Naik", "Target": 200, "Realisasi": 200},
        {"Indikator Kinerja": "Jumlah produk usaha mikro yang difasilitasi pemasarannya", "Satuan": "Produk",
         "Arah": "Naik", "Target": 50, "Realisasi": 46},
    ],
    "Skala Predikat": [],
    "Renstra": [
        {"Kode": "IKU1.1", "Kondisi Awal": 50, "Target 2025": 65, "Target 2026": 70, "Target 2027": 75,
         "Target Akhir": 75},
    ],
    "Data Dukung": [
        {"Kode": "IKU1.1", "Rumus": "Persentase", "Uraian A": "Koperasi sehat", "Nilai A": 127,
         "Uraian B": "Koperasi aktif", "Nilai B": 200},
    ],
}
