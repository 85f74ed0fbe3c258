"""The one description of the lkip-xls template (TEMPLATE.md §1).

Template generation, reading, header matching and write-back are all driven by the
declarations below; no other module names a sheet or a column header.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum

TEMPLATE_VERSION = 2  # what `lkip-xls template` writes
TEMPLATE_VERSIONS = (1, 2)  # what a workbook may say (TEMPLATE.md §5: a v1 workbook reads as before)
HEADER_ROW = 3  # where the generated template puts the headers
COMPUTED_FILL = "DDEBF7"  # the shade of the columns lkip-xls computes, in the template and in _hasil
MAX_HEADER_ROW = 10  # the header row of a filled workbook is searched in rows 1..10


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # identifiers kept as text ("1.10" is not 1.1)
    NUMBER = "number"
    MONEY = "money"  # rupiah, may carry sen
    PERCENT = "percent"
    COUNT = "count"  # non-negative integer (staff)
    TARGET = "target"  # number, comparison (< 11) or range (3 - 10)
    CHOICE = "choice"
    YEAR = "year"
    NIP = "nip"


NUMBER_FORMATS = {
    Kind.MONEY: "#,##0",  # Excel shows #.##0 under an Indonesian locale
    Kind.PERCENT: "0.00",
    Kind.COUNT: "0",
}

ARAH_CHOICES = ("Naik", "Turun", "Tetap")
ARAH_ALIASES = {"naik": "Naik", "positif": "Naik", "turun": "Turun", "negatif": "Turun", "tetap": "Tetap"}
AGREGASI_CHOICES = ("Kumulatif", "Akhir", "Rata-rata")
SCALE_CHOICES = ("permendagri86", "kemenpan", "sakip", "kustom")
TURUN_FORMULA_CHOICES = ("2T-R", "T/R")
AVERAGE_BASIS_CHOICES = ("indikator", "sasaran")
YES_NO_CHOICES = ("Ya", "Tidak")
# template version 2 (TEMPLATE.md §5)
TINGKAT_CHOICES = ("Program", "Kegiatan", "Sub Kegiatan")
JENIS_CHOICES = ("Belanja", "Pendapatan")
SUMBER_DANA_CHOICES = ("APBD", "APBN Dekonsentrasi", "APBN Tugas Pembantuan", "DAK", "BLUD")
EFFICIENCY_METHOD_CHOICES = ("selisih", "100-serapan", "pmk214")
EDUCATION_POPULATION_CHOICES = ("ASN", "Semua")
LEVEL_IKU_CHOICES = ("Sasaran", "Tujuan")  # IKU Tingkat
RUMUS_CHOICES = ("Persentase", "Pertumbuhan", "Rasio", "Selisih")  # Data Dukung
RENSTRA_EXAMPLE_YEARS = tuple(range(2025, 2030))  # the years the generated template's Renstra sheet shows
TOTAL_LABELS = ("jumlah", "total")


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: Kind
    help: str
    required: bool = False  # the header must be present for the sheet to be read
    computed: bool = False  # filled in by lkip-xls, shaded and locked in the template
    choices: tuple[str, ...] = ()
    width: int = 14
    group: str | None = None  # SDM breakdown the column belongs to
    spread: bool = False  # a label merged over several rows counts for every row of the range
    text: bool = False  # formatted as Text in the template, so that Excel never makes it a date or a number
    since: int = 1  # the template version that added it (`build_template(1)` leaves it out)
    free: bool = False  # choices are a suggestion: the dropdown accepts any text

    @property
    def number_format(self) -> str | None:
        if self.text or self.kind in (Kind.CODE, Kind.TARGET):  # "3-10" and "3.30" stay what was typed
            return "@"
        return NUMBER_FORMATS.get(self.kind)

    @property
    def label(self) -> str:
        """The header without its unit, as sentences name the column: 'Pagu (Rp)' -> 'Pagu'."""
        return _UNIT_SUFFIX.sub("", self.header)


YEAR_RANGE = (1990, 2100)  # the years a Renstra header may name


@dataclass(frozen=True)
class ColumnPattern:
    """A family of headers with a year: `regex` matches the normalized header (group 1: the year); the column's
    key is `prefix_YYYY` and its header `header.format(year)`."""

    regex: str
    prefix: str
    header: str
    kind: Kind
    help: str
    width: int = 11

    def column(self, year: int) -> Column:
        return Column(self.header.format(year), f"{self.prefix}_{year}", self.kind, self.help.format(year),
                      width=self.width, since=2)

    def column_for_key(self, key: str) -> Column | None:
        head, _, year = key.rpartition("_")
        if head != self.prefix or not year.isdigit():
            return None
        return self.column(int(year))


def year_of(key: str) -> int | None:
    """2023 for a pattern key such as `realisasi_2023`; None for any other key."""
    _, _, year = key.rpartition("_")
    return int(year) if year.isdigit() and len(year) == 4 else None


@dataclass(frozen=True)
class SheetSpec:
    name: str
    title: str
    instruction: str
    columns: tuple[Column, ...]
    required: bool
    help: str = ""
    since: int = 1  # the template version that added it
    # headers that follow a pattern ("Target 2021", "Realisasi 2023"): any year gives a column of that kind
    patterns: tuple[ColumnPattern, ...] = ()
    # other headers agencies type for a column: (regex over the normalized header, the column's key)
    aliases: tuple[tuple[str, str], ...] = ()

    def column(self, key: str) -> Column:
        column = self._by_key.get(key)
        if column is not None:
            return column
        for pattern in self.patterns:
            column = pattern.column_for_key(key)
            if column is not None:
                return column
        raise KeyError(key)

    @functools.cached_property
    def _by_key(self) -> dict[str, Column]:
        """Column key -> column, the first of a key (asked 20,000 times while a province workbook is written)."""
        by_key: dict[str, Column] = {}
        for column in self.columns:
            by_key.setdefault(column.key, column)
        return by_key

    def pattern_key(self, normalized_header: str) -> str | None:
        """The column key of a header that follows one of the sheet's patterns ("target 2031" -> target_2031)."""
        for pattern in self.patterns:
            match = re.fullmatch(pattern.regex, normalized_header.strip())
            if match and YEAR_RANGE[0] <= int(match.group(1)) <= YEAR_RANGE[1]:
                return f"{pattern.prefix}_{match.group(1)}"
        return None

    def alias_key(self, normalized_header: str) -> str | None:
        """The key of a header typed another way ("target akhir renstra 2026" -> final_target)."""
        for regex, key in self.aliases:
            if re.fullmatch(regex, normalized_header.strip()):
                return key
        return None

    @property
    def computed_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.computed)


@dataclass(frozen=True)
class IdentitasField:
    label: str
    key: str
    kind: Kind
    help: str
    required: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    example: object = None
    since: int = 1  # the template version that added it


IDENTITAS_FIELDS: tuple[IdentitasField, ...] = (
    IdentitasField("Versi Template", "template_version", Kind.NUMBER,
                   "Versi template ini. Jangan diubah.", required=True, example=TEMPLATE_VERSION),
    IdentitasField("Nama Instansi", "agency", Kind.TEXT,
                   "Nama lengkap perangkat daerah, mis. Dinas Perindustrian dan Perdagangan.", required=True),
    IdentitasField("Pemerintah Daerah", "government", Kind.TEXT,
                   "Mis. Pemerintah Provinsi Nusa Tenggara Timur.", required=True),
    IdentitasField("Tahun", "year", Kind.YEAR, "Tahun laporan, angka 2000-2100.", required=True),
    IdentitasField("Nama Kepala", "head_name", Kind.TEXT, "Nama kepala perangkat daerah (tidak wajib)."),
    IdentitasField("NIP Kepala", "head_nip", Kind.NIP, "18 digit, ketik sebagai teks (tidak wajib)."),
    IdentitasField("Skala Kategori", "scale", Kind.CHOICE,
                   "permendagri86 (bawaan), kemenpan, sakip, atau kustom (isi sheet Skala).",
                   default="permendagri86", choices=SCALE_CHOICES, example="permendagri86"),
    IdentitasField("Rumus Indikator Turun", "turun_formula", Kind.CHOICE,
                   "Rumus capaian indikator yang makin kecil makin baik: 2T-R (bawaan) atau T/R.",
                   default="2T-R", choices=TURUN_FORMULA_CHOICES, example="2T-R"),
    IdentitasField("Batas Capaian (%)", "indicator_cap", Kind.NUMBER,
                   "Batas atas capaian tiap indikator, mis. 100. Kosongkan bila tidak dibatasi."),
    IdentitasField("Batas Rata-rata (%)", "average_cap", Kind.NUMBER,
                   "Batas capaian yang dipakai hanya saat merata-rata, mis. 110. Kosongkan bila tidak ada."),
    IdentitasField("Dasar Rata-rata", "average_basis", Kind.CHOICE,
                   "indikator (bawaan): rata-rata semua indikator; sasaran: rata-rata per sasaran dahulu.",
                   default="indikator", choices=AVERAGE_BASIS_CHOICES, example="indikator"),
    IdentitasField("Metode Efisiensi", "efficiency_method", Kind.CHOICE,
                   "selisih (bawaan): rata-rata capaian - serapan; 100-serapan; pmk214: (pagu x capaian - "
                   "realisasi) / (pagu x capaian) x 100.",
                   default="selisih", choices=EFFICIENCY_METHOD_CHOICES, example="selisih", since=2),
    IdentitasField("Populasi Pendidikan", "education_population", Kind.CHOICE,
                   "ASN (bawaan): pendidikan = PNS + CPNS + PPPK; Semua: pendidikan = Jumlah Pegawai.",
                   default="ASN", choices=EDUCATION_POPULATION_CHOICES, example="ASN", since=2),
)

IDENTITAS = SheetSpec(
    name="Identitas",
    title="Identitas Laporan Kinerja",
    instruction="Isi kolom Nilai. Jangan mengubah kolom Isian.",
    required=True,
    columns=(
        Column("Isian", "label", Kind.TEXT, "Nama isian (jangan diubah).", required=True, width=26),
        Column("Nilai", "value", Kind.TEXT, "Nilai isian.", required=True, width=60),
    ),
)

IKU = SheetSpec(
    name="IKU",
    title="Indikator Kinerja Utama (IKU)",
    instruction="Satu baris per indikator. Kolom berwarna diisi otomatis oleh lkip-xls.",
    required=True,
    columns=(
        Column("Kode Sasaran", "sasaran_code", Kind.CODE, "Kode sasaran strategis, mis. SS1.", required=True,
               width=12, spread=True),
        Column("Sasaran Strategis", "sasaran_name", Kind.TEXT,
               "Uraian sasaran strategis; cukup diisi pada baris pertama sasaran itu.", required=True, width=36,
               spread=True),
        Column("Kode", "code", Kind.CODE, "Kode indikator yang unik, mis. IKU1.1.", required=True, width=10),
        Column("Indikator Kinerja", "name", Kind.TEXT, "Nama indikator kinerja.", required=True, width=44),
        Column("Satuan", "unit", Kind.TEXT, "Satuan: %, Koperasi, Nilai, Rp ...", width=10, spread=True),
        Column("Arah", "direction", Kind.CHOICE,
               "Naik (makin besar makin baik), Turun (makin kecil makin baik) atau Tetap (dalam rentang). "
               "Kosong: Turun untuk target < atau ≤, Tetap untuk rentang, selain itu Naik.",
               choices=ARAH_CHOICES, width=9),
        Column("Target", "target", Kind.TARGET,
               "Angka, perbandingan (< 11) atau rentang (3 - 10).", required=True, width=14),
        Column("Realisasi", "actual", Kind.NUMBER,
               "Angka. Kosong, N/A, - atau 'belum rilis' bila belum ada data.", required=True, width=14, text=True),
        Column("Realisasi Tahun Lalu", "actual_last_year", Kind.NUMBER, "Realisasi tahun sebelumnya (tidak wajib).",
               width=14),
        Column("Target Akhir Renstra", "renstra_target", Kind.TARGET,
               "Target tahun akhir Renstra: angka, perbandingan atau rentang seperti Target (tidak wajib).",
               width=14),
        Column("Capaian (%)", "capaian", Kind.PERCENT, "Dihitung oleh lkip-xls.", computed=True, width=12),
        Column("Kategori", "category", Kind.TEXT, "Dihitung oleh lkip-xls menurut skala kategori.", computed=True,
               width=16),
        Column("Keterangan", "note", Kind.TEXT, "Catatan bebas.", width=30),
        # template version 2: after the version 1 columns, so that a version 1 sheet keeps its letters
        Column("Tingkat", "level", Kind.CHOICE,
               "Sasaran (bawaan) atau Tujuan. Indikator tujuan dihitung dan diperiksa, tetapi tidak masuk "
               "rata-rata maupun sasaran mana pun.", choices=LEVEL_IKU_CHOICES, width=10, since=2),
        Column("Dirata-rata", "averaged", Kind.CHOICE,
               "Ya (bawaan) atau Tidak: indikator dilaporkan tetapi tidak ikut dirata-rata.",
               choices=YES_NO_CHOICES, width=11, since=2),
        Column("Target Tahun Lalu", "target_last_year", Kind.TARGET,
               "Target tahun sebelumnya: dengan Realisasi Tahun Lalu memberi capaian tahun lalu (tidak wajib).",
               width=14, since=2),
        Column("Nilai Nasional", "national", Kind.NUMBER, "Angka nasional pembanding (tidak wajib).", width=12,
               since=2),
        Column("Nilai Provinsi", "provincial", Kind.NUMBER, "Angka provinsi pembanding (tidak wajib).", width=12,
               since=2),
    ),
)

PK = SheetSpec(
    name="PK",
    title="Perjanjian Kinerja (PK)",
    instruction="Satu baris per indikator beserta programnya; ulangi Kode untuk program berikutnya.",
    required=False,
    columns=(
        Column("Kode", "code", Kind.CODE, "Kode indikator, sama dengan sheet IKU.", required=True, width=10,
               spread=True),
        Column("Indikator Kinerja", "name", Kind.TEXT, "Nama indikator sesuai PK.", width=44, spread=True),
        Column("Target", "target", Kind.TARGET, "Target sesuai PK.", required=True, width=14),
        Column("Kode Program", "program_code", Kind.CODE, "Kode program sesuai sheet Anggaran.", width=14),
        Column("Program", "program_name", Kind.TEXT, "Nama program.", width=40),
        Column("Anggaran (Rp)", "budget", Kind.MONEY, "Anggaran program dalam PK.", width=18),
        Column("Target Awal", "target_initial", Kind.TARGET,
               "Target PK awal bila PK Perubahan mengubahnya (dilaporkan, tidak diperiksa).", width=14, since=2),
    ),
)

REALISASI = SheetSpec(
    name="Realisasi",
    title="Realisasi Triwulan",
    instruction="Target dan realisasi per triwulan; Realisasi Tahunan dihitung menurut Agregasi.",
    required=False,
    columns=(
        Column("Kode", "code", Kind.CODE, "Kode indikator, sama dengan sheet IKU.", required=True, width=10,
               spread=True),
        Column("Indikator Kinerja", "name", Kind.TEXT, "Nama indikator.", width=40),
        Column("Agregasi", "aggregation", Kind.CHOICE,
               "Kumulatif (jumlah triwulan), Akhir (triwulan terakhir yang terisi) atau Rata-rata.",
               required=True, choices=AGREGASI_CHOICES, width=12),
        *(Column(f"Target TW {q}", f"target_q{i}", Kind.NUMBER, f"Target triwulan {q}.", required=True, width=11)
          for i, q in enumerate(("I", "II", "III", "IV"), start=1)),
        *(Column(f"Realisasi TW {q}", f"actual_q{i}", Kind.NUMBER, f"Realisasi triwulan {q}.", required=True,
                 width=11)
          for i, q in enumerate(("I", "II", "III", "IV"), start=1)),
        Column("Realisasi Tahunan", "annual", Kind.NUMBER, "Dihitung oleh lkip-xls dari realisasi triwulan.",
               computed=True, width=12),
    ),
)

ANGGARAN = SheetSpec(
    name="Anggaran",
    title="Anggaran dan Realisasi",
    instruction="Program, kegiatan, sub kegiatan dengan kode bertitik; baris JUMLAH (Kode kosong) boleh ada.",
    required=True,
    columns=(
        Column("Kode", "code", Kind.CODE,
               "Kode bertitik: 3.30.02 (program), 3.30.02.2.01 (kegiatan), ... Kosongkan pada baris JUMLAH.",
               required=True, width=18),
        Column("Uraian", "name", Kind.TEXT, "Nama program / kegiatan / sub kegiatan, atau JUMLAH.", required=True,
               width=48),
        Column("Kode Sasaran", "sasaran_code", Kind.CODE,
               "Kode sasaran (sheet IKU) yang didukung; baris di bawahnya mewarisi.", width=12),
        Column("Pagu (Rp)", "budget", Kind.MONEY, "Pagu anggaran (setelah perubahan).", required=True, width=18),
        Column("Realisasi (Rp)", "spent", Kind.MONEY, "Realisasi anggaran.", required=True, width=18),
        Column("Serapan (%)", "absorption", Kind.PERCENT, "Dihitung: realisasi / pagu x 100.", computed=True,
               width=11),
        Column("Sisa (Rp)", "remaining", Kind.MONEY, "Dihitung: pagu - realisasi.", computed=True, width=18),
        Column("Keterangan", "note", Kind.TEXT, "Catatan bebas.", width=30),
        # template version 2: after the version 1 columns, so that a version 1 sheet keeps its letters
        Column("Tingkat", "level", Kind.CHOICE,
               "Program, Kegiatan atau Sub Kegiatan. Bila diisi, susunan anggaran mengikuti Tingkat dan urutan "
               "baris, dan Kode boleh kosong atau memakai penomoran apa pun (I, a, 1.).",
               choices=TINGKAT_CHOICES, width=13, since=2),
        Column("Sumber Dana", "fund_source", Kind.TEXT,
               "APBD, APBN Dekonsentrasi, APBN Tugas Pembantuan, DAK, BLUD... (teks bebas); baris di bawahnya "
               "mewarisi.", choices=SUMBER_DANA_CHOICES, width=16, since=2, free=True),
        Column("Jenis", "kind", Kind.CHOICE,
               "Belanja (bawaan) atau Pendapatan (retribusi, PAD: tidak dihitung dalam jumlah belanja).",
               choices=JENIS_CHOICES, width=12, since=2),
        Column("Pagu Murni (Rp)", "budget_initial", Kind.MONEY, "Pagu sebelum perubahan (APBD murni).", width=18,
               since=2),
    ),
)


def _staff(header: str, key: str, group: str | None, help_text: str) -> Column:
    return Column(header, key, Kind.COUNT, help_text, width=9, group=group)


SDM = SheetSpec(
    name="SDM",
    title="Sumber Daya Manusia (pegawai per unit kerja)",
    instruction="Satu baris per unit kerja; baris JUMLAH boleh ada. Kelompok yang dikosongkan seluruhnya tidak "
                "diperiksa.",
    required=False,
    columns=(
        Column("Unit Kerja", "unit", Kind.TEXT, "Nama unit kerja, atau JUMLAH.", required=True, width=28,
               spread=True),
        _staff("PNS", "pns", "status", "Jumlah PNS."),
        _staff("CPNS", "cpns", "status", "Jumlah CPNS."),
        _staff("PPPK", "pppk", "status", "Jumlah PPPK."),
        _staff("Non ASN", "non_asn", "status", "Tenaga kontrak / non ASN."),
        _staff("Jumlah Pegawai", "total", None, "Seluruh pegawai unit ini."),
        _staff("Laki-laki", "male", "gender", "Seluruh pegawai laki-laki."),
        _staff("Perempuan", "female", "gender", "Seluruh pegawai perempuan."),
        _staff("S3", "edu_s3", "pendidikan", "ASN berpendidikan S3."),
        _staff("S2", "edu_s2", "pendidikan", "ASN berpendidikan S2."),
        _staff("S1/D4", "edu_s1", "pendidikan", "ASN berpendidikan S1 atau D4."),
        _staff("D1-D3", "edu_diploma", "pendidikan", "ASN berpendidikan D1 sampai D3."),
        _staff("SMA", "edu_sma", "pendidikan", "ASN berpendidikan SMA/sederajat."),
        _staff("SMP", "edu_smp", "pendidikan", "ASN berpendidikan SMP."),
        _staff("SD", "edu_sd", "pendidikan", "ASN berpendidikan SD."),
        _staff("Golongan IV", "grade_4", "golongan", "PNS dan CPNS golongan IV."),
        _staff("Golongan III", "grade_3", "golongan", "PNS dan CPNS golongan III."),
        _staff("Golongan II", "grade_2", "golongan", "PNS dan CPNS golongan II."),
        _staff("Golongan I", "grade_1", "golongan", "PNS dan CPNS golongan I."),
        _staff("JPT", "jpt", "jabatan", "Jabatan pimpinan tinggi (eselon II)."),
        _staff("Administrator", "administrator", "jabatan", "Administrator (eselon III)."),
        _staff("Pengawas", "supervisor", "jabatan", "Pengawas (eselon IV)."),
        _staff("Fungsional", "functional", "jabatan", "Jabatan fungsional."),
        _staff("Pelaksana", "executor", "jabatan", "Pelaksana."),
    ),
)

SKALA = SheetSpec(
    name="Skala",
    title="Skala Kategori Kustom",
    instruction="Dipakai hanya bila Skala Kategori = kustom. Baris dengan Batas Bawah kosong = kategori terbawah.",
    required=False,
    columns=(
        Column("Batas Bawah (%)", "lower_bound", Kind.NUMBER, "Batas bawah kategori.", required=True, width=14),
        Column("Kategori", "category", Kind.TEXT, "Nama kategori.", required=True, width=24),
        Column("Termasuk Batas", "inclusive", Kind.CHOICE, "Ya (bawaan): nilai = batas masuk kategori ini.",
               choices=YES_NO_CHOICES, width=14),
    ),
)

KINERJA_PROGRAM = SheetSpec(
    name="Kinerja Program",
    since=2,
    title="Kinerja Program, Kegiatan dan Sub Kegiatan",
    instruction="Satu baris per indikator; Kode kosong = indikator berikutnya dari Kode di atasnya. Kolom berwarna "
                "diisi otomatis oleh lkip-xls.",
    required=False,
    columns=(
        Column("Kode", "code", Kind.CODE, "Kode program / kegiatan / sub kegiatan sesuai sheet Anggaran; kosongkan "
               "untuk indikator berikutnya dari kode yang sama.", required=True, width=18, spread=True),
        Column("Indikator Kinerja", "name", Kind.TEXT, "Indikator program (outcome) atau kegiatan (output).",
               required=True, width=44),
        Column("Satuan", "unit", Kind.TEXT, "Satuan: %, Dokumen, Orang ...", width=10),
        Column("Arah", "direction", Kind.CHOICE,
               "Naik, Turun atau Tetap, seperti pada sheet IKU. Kosong: menurut target.", choices=ARAH_CHOICES,
               width=9),
        Column("Target", "target", Kind.TARGET, "Angka, perbandingan (< 11), rentang (3 - 10) atau predikat (WTP).",
               required=True, width=14),
        Column("Realisasi", "actual", Kind.NUMBER, "Angka atau predikat. Kosong, N/A atau - bila belum ada data.",
               required=True, width=14, text=True),
        Column("Capaian (%)", "capaian", Kind.PERCENT, "Dihitung oleh lkip-xls.", computed=True, width=12),
        Column("Kategori", "category", Kind.TEXT, "Dihitung oleh lkip-xls menurut skala kategori.", computed=True,
               width=16),
        Column("Serapan (%)", "absorption", Kind.PERCENT, "Dihitung: serapan anggaran baris Anggaran dengan Kode "
               "ini.", computed=True, width=11),
        Column("Keterangan", "note", Kind.TEXT, "Catatan bebas.", width=30),
    ),
)

SKALA_PREDIKAT = SheetSpec(
    name="Skala Predikat",
    since=2,
    title="Skala Predikat",
    instruction="Tidak wajib. Bawaan: TMP 1, TW 2, WDP 3, WTP 4; D 1, C 2, CC 3, B 4, BB 5, A 6, AA 7. Baris di "
                "sini menambah atau mengganti nilai bawaan.",
    required=False,
    columns=(
        Column("Predikat", "predicate", Kind.TEXT, "Predikat, mis. Baik.", required=True, width=18),
        Column("Nilai", "value", Kind.NUMBER, "Nilai predikat untuk menghitung capaian.", required=True, width=10),
    ),
)

# "Target 2021", "TARGET\n2021", "Target Tahun 2021", "Target Th. 2021", "Target-2021", "Target (2021)"
_YEAR = r"[\s\-]*(?:(?:tahun|thn\.?|th\.?)\s*)?\(?(\d{4})\)?"
_RENSTRA_PATTERNS = (
    ColumnPattern(r"target" + _YEAR, "target", "Target {}", Kind.TARGET, "Target Renstra tahun {}."),
    ColumnPattern(r"realisasi" + _YEAR, "realisasi", "Realisasi {}", Kind.NUMBER, "Realisasi tahun {}."),
)
_ANY_YEAR = r"(?:[\s\-]*(?:(?:tahun|thn\.?|th\.?)\s*)?\(?\d{4}\)?)?"  # an optional year after a header
# a group header over year columns (the years typed below or above it as 2021 or "Tahun 2021")
YEAR_GROUPS = {"target": re.compile(r"target(?: kinerja)?(?: (?:pada )?tahun)?(?: renstra)?"),
               "realisasi": re.compile(r"realisasi(?: kinerja)?(?: (?:pada )?tahun)?")}
YEAR_CELL = re.compile(r"(?:(?:tahun|thn\.?|th\.?)\s*)?(\d{4})")

RENSTRA = SheetSpec(
    name="Renstra",
    since=2,
    title="Target dan Realisasi Renstra",
    instruction="Satu baris per indikator IKU. Judul kolom tahun boleh diganti (Target 2021, Realisasi 2021 ...) "
                "dan ditambah.",
    required=False,
    patterns=_RENSTRA_PATTERNS,
    aliases=((r"target akhir(?: (?:periode )?renstra)?" + _ANY_YEAR, "final_target"),  # "Target Akhir 2026"
             (r"kondisi awal(?: renstra)?" + _ANY_YEAR, "baseline")),  # "Kondisi Awal Tahun 2021"
    columns=(
        Column("Kode", "code", Kind.CODE, "Kode indikator, sama dengan sheet IKU.", required=True, width=10,
               spread=True),
        Column("Kondisi Awal", "baseline", Kind.NUMBER, "Kondisi awal (tahun sebelum Renstra).", width=12),
        *(_RENSTRA_PATTERNS[0].column(year) for year in RENSTRA_EXAMPLE_YEARS),
        *(_RENSTRA_PATTERNS[1].column(year) for year in RENSTRA_EXAMPLE_YEARS),
        Column("Target Akhir", "final_target", Kind.TARGET, "Target tahun akhir Renstra.", width=12),
    ),
)

DATA_DUKUNG = SheetSpec(
    name="Data Dukung",
    since=2,
    title="Data Dukung Realisasi",
    instruction="Asal angka realisasi: Persentase A / B x 100, Pertumbuhan (A - B) / B x 100, Rasio A / B, "
                "Selisih A - B. Kolom berwarna diisi otomatis oleh lkip-xls.",
    required=False,
    columns=(
        Column("Kode", "code", Kind.CODE, "Kode indikator IKU atau Kinerja Program; KODE#2 untuk indikator kedua "
               "dari kode yang sama.", required=True, width=14, spread=True),
        Column("Rumus", "formula", Kind.CHOICE, "Persentase, Pertumbuhan, Rasio atau Selisih.", required=True,
               choices=RUMUS_CHOICES, width=13),
        Column("Uraian A", "label_a", Kind.TEXT, "Uraian angka A (pembilang, atau nilai tahun ini).", width=36),
        Column("Nilai A", "value_a", Kind.NUMBER, "Angka A.", required=True, width=18),
        Column("Uraian B", "label_b", Kind.TEXT, "Uraian angka B (penyebut, atau nilai tahun lalu).", width=36),
        Column("Nilai B", "value_b", Kind.NUMBER, "Angka B.", required=True, width=18),
        Column("Realisasi (Dihitung)", "computed", Kind.PERCENT, "Dihitung oleh lkip-xls dari A dan B.",
               computed=True, width=14),
    ),
)

PETUNJUK_NAME = "Petunjuk"
PEMERIKSAAN_NAME = "Pemeriksaan"

DATA_SHEETS: tuple[SheetSpec, ...] = (IDENTITAS, IKU, PK, REALISASI, ANGGARAN, SDM, SKALA, KINERJA_PROGRAM,
                                      SKALA_PREDIKAT, RENSTRA, DATA_DUKUNG)


@dataclass(frozen=True)
class StaffGroup:
    """A breakdown of the SDM sheet and the population it must add up to."""

    name: str
    columns: tuple[str, ...]
    population: tuple[str, ...] = field(default=())


STAFF_GROUPS: tuple[StaffGroup, ...] = (
    StaffGroup("status", ("pns", "cpns", "pppk", "non_asn"), ("total",)),
    StaffGroup("gender", ("male", "female"), ("total",)),
    StaffGroup("pendidikan", tuple(c.key for c in SDM.columns if c.group == "pendidikan"), ("pns", "cpns", "pppk")),
    StaffGroup("golongan", tuple(c.key for c in SDM.columns if c.group == "golongan"), ("pns", "cpns")),
    StaffGroup("jabatan", tuple(c.key for c in SDM.columns if c.group == "jabatan"), ("pns", "cpns")),
)



def staff_groups(education_population: str = "ASN") -> tuple[StaffGroup, ...]:
    """The SDM breakdowns; Identitas `Populasi Pendidikan` = `Semua` checks pendidikan against Jumlah Pegawai."""
    if education_population != "Semua":
        return STAFF_GROUPS
    return tuple(StaffGroup(g.name, g.columns, ("total",)) if g.name == "pendidikan" else g for g in STAFF_GROUPS)


_UNIT_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")
_SPACES = re.compile(r"\s+")


def normalize_label(text: object) -> str:
    """Sheet names, headers and labels match after trimming, collapsing spaces, ignoring case and a unit."""
    if text is None:
        return ""
    flat = _SPACES.sub(" ", str(text)).strip()
    flat = _UNIT_SUFFIX.sub("", flat)
    return flat.casefold()


def sheet_by_name(name: str) -> SheetSpec:
    for spec in DATA_SHEETS:
        if spec.name == name:
            return spec
    raise KeyError(name)
