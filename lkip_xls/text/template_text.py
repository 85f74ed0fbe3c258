"""The words of the template workbook, in Indonesian (default) and English: the Petunjuk sheet, the sheets'
titles and one-line instructions, the help comments of headers and Identitas labels, and the dropdown
prompts.

The Indonesian titles, instructions and help texts are declared with the columns in `core.schema` (one
description of the template); this module holds their English words, keyed by sheet name and column key, and
the Petunjuk in both languages. Sheet names, headers and Identitas labels are the contract's and never
translated.

Longer than ~400 lines on purpose: a catalogue of words (data), every template string in id and en.
"""

from __future__ import annotations

from typing import Any

from ..core import schema
from ..core.schema import Column, IdentitasField, SheetSpec

WORDS: dict[str, dict[str, str]] = {
    "required": {"id": " Wajib diisi.", "en": " Required."},
    "choose-one": {"id": "Pilih salah satu: {choices}", "en": "Choose one of: {choices}"},
    "or-type": {"id": " (atau ketik sendiri)", "en": " (or type your own)"},
    "kode-sasaran-prompt": {
        "id": "Pilih Kode Sasaran dari kolom Kode Sasaran sheet IKU. Baris kegiatan dan sub kegiatan di bawah "
              "program mewarisinya.",
        "en": "Choose a Kode Sasaran of the IKU sheet's Kode Sasaran column. Kegiatan and sub kegiatan rows "
              "below a program inherit it."},
    "kode-sasaran-error": {
        "id": "Kode Sasaran ini tidak ada di sheet IKU. Anggaran yang terhubung ke kode yang tidak dikenal tidak "
              "dihitung untuk sasaran mana pun.",
        "en": "This Kode Sasaran is not on the IKU sheet. A budget linked to an unknown code counts for no "
              "sasaran."},
    "example-title": {"id": "CONTOH", "en": "EXAMPLE"},
}

# Indonesian words of template version 2 that replace the schema's version 1 wording in the template (the
# schema's Anggaran instruction and Kode help describe dotted codes only)
INSTRUCTIONS_ID: dict[str, str] = {
    "Anggaran": "Program, kegiatan, sub kegiatan dengan kode bertitik, atau dengan kolom Tingkat dan penomoran apa "
                "pun; baris JUMLAH (Kode kosong) boleh ada. Isi Kode Sasaran pada baris program.",
}
COLUMNS_ID: dict[str, dict[str, str]] = {
    "Anggaran": {
        "code": "Kode bertitik: 3.30.02 (program), 3.30.02.2.01 (kegiatan), ... Dengan kolom Tingkat: penomoran apa "
                "pun (I, a, 1. atau 03, 16.01) atau kosong. Kosongkan pada baris JUMLAH.",
        "sasaran_code": "Kode Sasaran (sheet IKU) yang didukung program ini; baris di bawahnya mewarisi. Sasaran "
                        "yang tidak dihubungkan tidak mendapat efisiensi.",
    },
}

# English titles and instructions of the sheets (the Indonesian ones are in core.schema)
SHEETS_EN: dict[str, tuple[str, str]] = {
    "Identitas": ("Report identity", "Fill in the Nilai column. Do not change the Isian column."),
    "IKU": ("Key performance indicators (IKU)",
            "One row per indicator. Shaded columns are filled in by lkip-xls."),
    "PK": ("Performance agreement (PK)",
           "One row per indicator with its program; repeat the Kode for each further program."),
    "Realisasi": ("Quarterly realisation",
                  "Targets and realisations per quarter; Realisasi Tahunan is computed by Agregasi."),
    "Anggaran": ("Budget and spending",
                 "Programs, kegiatan and sub kegiatan with dotted codes, or with the Tingkat column and any "
                 "numbering; a JUMLAH row (empty Kode) may be present. Fill in Kode Sasaran on program rows."),
    "SDM": ("Staff per unit",
            "One row per unit; a JUMLAH row may be present. A group left entirely empty is not checked."),
    "Skala": ("Custom category scale",
              "Used only when Skala Kategori = kustom. A row with an empty Batas Bawah is the lowest category."),
    "Kinerja Program": ("Performance of programs, kegiatan and sub kegiatan",
                        "One row per indicator; an empty Kode = the next indicator of the Kode above. Shaded "
                        "columns are filled in by lkip-xls."),
    "Skala Predikat": ("Predicate scale",
                       "Optional. Built in: TMP 1, TW 2, WDP 3, WTP 4; D 1, C 2, CC 3, B 4, BB 5, A 6, AA 7. Rows "
                       "here add to or replace the built-in values."),
    "Renstra": ("Renstra targets and realisations",
                "One row per IKU indicator. The year headers may be changed (Target 2021, Realisasi 2021 ...) and "
                "more added."),
    "Data Dukung": ("Supporting data of realisations",
                    "Where a realisation comes from: Persentase A / B x 100, Pertumbuhan (A - B) / B x 100, Rasio "
                    "A / B, Selisih A - B. Shaded columns are filled in by lkip-xls."),
}

# English help of every column, by sheet name and column key (the Indonesian help is in core.schema)
COLUMNS_EN: dict[str, dict[str, str]] = {
    "Identitas": {"label": "Name of the item (do not change).", "value": "Value of the item."},
    "IKU": {
        "sasaran_code": "Code of the strategic objective (sasaran strategis), e.g. SS1.",
        "sasaran_name": "The strategic objective; enough on the first row of that sasaran.",
        "code": "Unique indicator code, e.g. IKU1.1.",
        "name": "Name of the performance indicator.",
        "unit": "Unit: %, Koperasi, Nilai, Rp ...",
        "direction": "Naik (higher is better), Turun (lower is better) or Tetap (within a range). Empty: Turun for "
                     "a < or ≤ target, Tetap for a range, otherwise Naik.",
        "target": "A number, a comparison (< 11) or a range (3 - 10).",
        "actual": "A number. Empty, N/A, - or 'belum rilis' when there is no data yet.",
        "actual_last_year": "Last year's realisation (optional).",
        "renstra_target": "Target of the Renstra's final year: a number, a comparison or a range, as Target "
                          "(optional).",
        "capaian": "Computed by lkip-xls.",
        "category": "Computed by lkip-xls with the category scale.",
        "note": "Free notes.",
        "level": "Sasaran (default) or Tujuan. A tujuan indicator is computed and checked but is in no average "
                 "and no sasaran.",
        "averaged": "Ya (default) or Tidak: the indicator is reported but not averaged.",
        "target_last_year": "Last year's target: with Realisasi Tahun Lalu it gives last year's capaian "
                            "(optional).",
        "national": "National figure to compare with (optional).",
        "provincial": "Provincial figure to compare with (optional).",
    },
    "PK": {
        "code": "Indicator code, as on the IKU sheet.",
        "name": "Indicator name as in the PK.",
        "target": "Target as in the PK.",
        "program_code": "Program code as on the Anggaran sheet.",
        "program_name": "Program name.",
        "budget": "The program's budget in the PK.",
        "target_initial": "The first PK's target when a PK Perubahan changed it (reported, not checked).",
    },
    "Realisasi": {
        "code": "Indicator code, as on the IKU sheet.",
        "name": "Indicator name.",
        "aggregation": "Kumulatif (sum of the quarters), Akhir (last quarter filled in) or Rata-rata (mean).",
        **{f"target_q{i}": f"Target of quarter {q}." for i, q in enumerate(("I", "II", "III", "IV"), start=1)},
        **{f"actual_q{i}": f"Realisation of quarter {q}." for i, q in enumerate(("I", "II", "III", "IV"), start=1)},
        "annual": "Computed by lkip-xls from the quarterly realisations.",
    },
    "Anggaran": {
        "code": "Dotted code: 3.30.02 (program), 3.30.02.2.01 (kegiatan), ... With the Tingkat column: any "
                "numbering (I, a, 1. or 03, 16.01) or none. Leave empty on the JUMLAH row.",
        "name": "Name of the program / kegiatan / sub kegiatan, or JUMLAH.",
        "sasaran_code": "The sasaran (Kode Sasaran of the IKU sheet) this program supports; the rows below it "
                        "inherit it. Unlinked sasaran get no efficiency.",
        "budget": "Budget (pagu) after the revision.",
        "spent": "Budget spent (realisasi).",
        "absorption": "Computed: realisasi / pagu x 100.",
        "remaining": "Computed: pagu - realisasi.",
        "note": "Free notes.",
        "level": "Program, Kegiatan or Sub Kegiatan. When filled in, the budget hierarchy follows Tingkat and row "
                 "order, and Kode may be empty or use any numbering (I, a, 1.).",
        "fund_source": "APBD, APBN Dekonsentrasi, APBN Tugas Pembantuan, DAK, BLUD... (free text); the rows below "
                       "inherit it.",
        "kind": "Belanja (default) or Pendapatan (retribusi, PAD: not counted in the spending totals).",
        "budget_initial": "Budget before the revision (APBD murni).",
    },
    "SDM": {
        "unit": "Name of the unit, or JUMLAH.",
        "pns": "Number of PNS.", "cpns": "Number of CPNS.", "pppk": "Number of PPPK.",
        "non_asn": "Contract / non-ASN staff.", "total": "All staff of this unit.",
        "male": "All male staff.", "female": "All female staff.",
        "edu_s3": "ASN with a doctorate (S3).", "edu_s2": "ASN with a master's degree (S2).",
        "edu_s1": "ASN with a bachelor's degree (S1) or D4.", "edu_diploma": "ASN with a diploma D1 to D3.",
        "edu_sma": "ASN with senior high school (SMA) or equivalent.", "edu_smp": "ASN with junior high school.",
        "edu_sd": "ASN with primary school.",
        "grade_4": "PNS and CPNS of grade IV.", "grade_3": "PNS and CPNS of grade III.",
        "grade_2": "PNS and CPNS of grade II.", "grade_1": "PNS and CPNS of grade I.",
        "jpt": "Senior executives (JPT, eselon II).", "administrator": "Administrators (eselon III).",
        "supervisor": "Supervisors (pengawas, eselon IV).", "functional": "Functional positions.",
        "executor": "Staff (pelaksana).",
    },
    "Skala": {
        "lower_bound": "Lower bound of the category.",
        "category": "Name of the category.",
        "inclusive": "Ya (default): a value equal to the bound belongs to this category.",
    },
    "Kinerja Program": {
        "code": "Code of the program / kegiatan / sub kegiatan as on the Anggaran sheet; leave empty for the next "
                "indicator of the same code.",
        "name": "Program (outcome) or kegiatan (output) indicator.",
        "unit": "Unit: %, Dokumen, Orang ...",
        "direction": "Naik, Turun or Tetap, as on the IKU sheet. Empty: by the target.",
        "target": "A number, a comparison (< 11), a range (3 - 10) or a predicate (WTP).",
        "actual": "A number or a predicate. Empty, N/A or - when there is no data yet.",
        "capaian": "Computed by lkip-xls.",
        "category": "Computed by lkip-xls with the category scale.",
        "absorption": "Computed: the serapan of the Anggaran row with this Kode.",
        "note": "Free notes.",
    },
    "Skala Predikat": {
        "predicate": "A predicate, e.g. Baik.",
        "value": "The predicate's value for computing capaian.",
    },
    "Renstra": {
        "code": "Indicator code, as on the IKU sheet.",
        "baseline": "Initial condition (the year before the Renstra).",
        **{f"target_{year}": f"Renstra target of {year}." for year in schema.RENSTRA_EXAMPLE_YEARS},
        **{f"realisasi_{year}": f"Realisation of {year}." for year in schema.RENSTRA_EXAMPLE_YEARS},
        "final_target": "Target of the Renstra's final year.",
    },
    "Data Dukung": {
        "code": "Code of an IKU or Kinerja Program indicator; KODE#2 for the second indicator of a code.",
        "formula": "Persentase, Pertumbuhan, Rasio or Selisih.",
        "label_a": "What A is (the numerator, or this year's value).",
        "value_a": "The number A.",
        "label_b": "What B is (the denominator, or last year's value).",
        "value_b": "The number B.",
        "computed": "Computed by lkip-xls from A and B.",
    },
}

FIELDS_EN: dict[str, str] = {
    "template_version": "Version of this template. Do not change.",
    "agency": "Full name of the agency, e.g. Dinas Perindustrian dan Perdagangan.",
    "government": "E.g. Pemerintah Provinsi Nusa Tenggara Timur.",
    "year": "Year of the report, 2000-2100.",
    "head_name": "Name of the head of the agency (optional).",
    "head_nip": "18 digits, typed as text (optional).",
    "scale": "permendagri86 (default), kemenpan, sakip, or kustom (fill in the Skala sheet).",
    "turun_formula": "Capaian formula of a lower-is-better indicator: 2T-R (default) or T/R.",
    "indicator_cap": "Upper limit of each indicator's capaian, e.g. 100. Leave empty for no limit.",
    "average_cap": "Limit applied to each capaian only when averaging, e.g. 110. Leave empty for none.",
    "average_basis": "indikator (default): the mean of all indicators; sasaran: the mean per sasaran first.",
    "efficiency_method": "selisih (default): mean capaian - serapan; 100-serapan; pmk214: (pagu x capaian - "
                         "realisasi) / (pagu x capaian) x 100.",
    "education_population": "ASN (default): education adds up to PNS + CPNS + PPPK; Semua: to Jumlah Pegawai.",
}


def word(key: str, lang: str = "id", **params: Any) -> str:
    entry = WORDS[key]
    return (entry.get(lang) or entry["id"]).format(**params)


def sheet_title(spec: SheetSpec, lang: str = "id") -> str:
    return SHEETS_EN[spec.name][0] if lang == "en" and spec.name in SHEETS_EN else spec.title


def sheet_instruction(spec: SheetSpec, lang: str = "id", version: int = schema.TEMPLATE_VERSION) -> str:
    if lang == "en" and spec.name in SHEETS_EN:
        return SHEETS_EN[spec.name][1]
    return INSTRUCTIONS_ID.get(spec.name, spec.instruction) if version >= 2 else spec.instruction


def column_help(spec: SheetSpec, column: Column, lang: str = "id", version: int = schema.TEMPLATE_VERSION) -> str:
    if lang == "en":
        return COLUMNS_EN.get(spec.name, {}).get(column.key, column.help)
    return COLUMNS_ID.get(spec.name, {}).get(column.key, column.help) if version >= 2 else column.help


def field_help(field: IdentitasField, lang: str = "id") -> str:
    text = FIELDS_EN.get(field.key, field.help) if lang == "en" else field.help
    return text + (word("required", lang) if field.required else "")


# ---- Petunjuk -------------------------------------------------------------------------------------------------

# what to write in each sheet, in the order of the template; a sheet not listed here is described by its title
# and instruction (so that a sheet added to the schema appears in Petunjuk by itself)
SHEET_STEPS: dict[str, dict[str, str]] = {
    "Identitas": {
        "id": "Identitas: nama instansi, pemerintah daerah, tahun, dan pilihan skala kategori, batas capaian, "
              "metode efisiensi dan populasi pendidikan.",
        "en": "Identitas: the agency's name, its government, the year, and the choices of category scale, "
              "capaian limits, efficiency method and education population."},
    "IKU": {
        "id": "IKU: satu baris per indikator kinerja utama: Kode Sasaran (mis. SS1), kode indikator, arah, "
              "target, realisasi.",
        "en": "IKU: one row per key performance indicator: Kode Sasaran (e.g. SS1), indicator code, direction, "
              "target, realisation."},
    "PK": {
        "id": "PK (tidak wajib): target dan anggaran program sesuai Perjanjian Kinerja.",
        "en": "PK (optional): targets and program budgets as in the performance agreement (Perjanjian Kinerja)."},
    "Realisasi": {
        "id": "Realisasi (tidak wajib): target dan realisasi per triwulan beserta cara agregasinya.",
        "en": "Realisasi (optional): targets and realisations per quarter with how they add up (Agregasi)."},
    "Anggaran": {
        "id": "Anggaran: program, kegiatan dan sub kegiatan, pagu dan realisasi. Induk harus sama dengan jumlah "
              "rinciannya sampai ke sen. Susunannya dibaca dengan salah satu dari dua cara:",
        "en": "Anggaran: programs, kegiatan and sub kegiatan with pagu and realisasi. A parent must equal the "
              "sum of its rows to the sen. Its structure is read in one of two ways:"},
    "SDM": {
        "id": "SDM (tidak wajib): jumlah pegawai per unit kerja menurut status, jenis kelamin, pendidikan, golongan "
              "dan jabatan.",
        "en": "SDM (optional): staff per unit by status, gender, education, grade (golongan) and position "
              "(jabatan)."},
    "Skala": {
        "id": "Skala (tidak wajib): hanya bila Skala Kategori = kustom.",
        "en": "Skala (optional): only when Skala Kategori = kustom."},
    "Kinerja Program": {
        "id": "Kinerja Program (tidak wajib): indikator program (outcome), kegiatan dan sub kegiatan (output) "
              "dengan Kode dari sheet Anggaran. Capaian, Kategori dan Serapan diisi lkip-xls; indikator ini "
              "tidak ikut rata-rata IKU.",
        "en": "Kinerja Program (optional): indicators of programs (outcome), kegiatan and sub kegiatan (output) "
              "with a Kode of the Anggaran sheet. lkip-xls fills in Capaian, Kategori and Serapan; these "
              "indicators are not in the IKU averages."},
    "Skala Predikat": {
        "id": "Skala Predikat (tidak wajib): nilai predikat (WTP, BB, Baik ...) yang dipakai sebagai target atau "
              "realisasi, bila berbeda dari nilai bawaan.",
        "en": "Skala Predikat (optional): the values of predicates (WTP, BB, Baik ...) used as targets or "
              "realisations, where they differ from the built-in ones."},
    "Renstra": {
        "id": "Renstra (tidak wajib): target dan realisasi tiap tahun Renstra (Target 2021, Realisasi 2021 ...) "
              "dan Target Akhir, per Kode IKU. lkip-xls menghitung capaian tiap tahun dan kemajuan terhadap "
              "target akhir.",
        "en": "Renstra (optional): the Renstra's target and realisation of each year (Target 2021, Realisasi "
              "2021 ...) and Target Akhir, per IKU Kode. lkip-xls computes each year's capaian and the progress "
              "toward the final target."},
    "Data Dukung": {
        "id": "Data Dukung (tidak wajib): asal angka realisasi (Nilai A dan B dengan Rumus Persentase, "
              "Pertumbuhan, Rasio atau Selisih); lkip-xls menghitungnya dan membandingkan dengan Realisasi.",
        "en": "Data Dukung (optional): where a realisation comes from (Nilai A and B with the Rumus Persentase, "
              "Pertumbuhan, Rasio or Selisih); lkip-xls computes it and compares it with the Realisasi."},
}

PETUNJUK: dict[str, dict[str, Any]] = {
    "title": {"id": "Petunjuk Pengisian Template Laporan Kinerja (lkip-xls, versi template {version})",
              "en": "How to fill in the performance-report template (lkip-xls, template version {version})"},
    "intro": {
        "id": "Template ini dipakai untuk menyusun angka Laporan Kinerja Instansi Pemerintah (LKIP/LKjIP): capaian "
              "indikator, anggaran dan pegawai. Setelah diisi, kirimkan berkas ini kepada pengelola lkip-xls. "
              "Anda akan menerima kembali berkas yang sama dengan hasil hitung dan tanda pada setiap sel yang "
              "perlu diperbaiki, serta ringkasan naratif yang siap dipakai di laporan.",
        "en": "This template holds the figures of a government performance report (LKIP/LKjIP): indicator "
              "achievements, budget and staff. Once filled in, send the file to whoever runs lkip-xls. You get "
              "the same file back with the computed columns and a mark on every cell to correct, and a narrative "
              "summary ready for the report."},
    "example": {
        "id": "Contoh yang sudah terisi: jalankan 'lkip-xls template --contoh' (berkas lkip-contoh.xlsx).",
        "en": "A filled-in example: run 'lkip-xls template --contoh' (file lkip-contoh.xlsx)."},
    "order": {"id": "Urutan pengisian", "en": "What to fill in, sheet by sheet"},
    "dotted": {
        "id": "   a. Kode bertitik (kolom Tingkat kosong): induk sebuah baris adalah baris dengan kode terpanjang "
              "yang menjadi awalan kodenya, dibandingkan per segmen: 3.30.02 induk dari 3.30.02.2.01; 1.1 bukan "
              "induk dari 1.10.",
        "en": "   a. Dotted codes (Tingkat empty): a row's parent is the row whose Kode is the longest proper "
              "prefix of its own, segment by segment: 3.30.02 is the parent of 3.30.02.2.01; 1.1 is not the "
              "parent of 1.10."},
    "tingkat": {
        "id": "   b. Kolom Tingkat (Program, Kegiatan, Sub Kegiatan): bila satu baris saja diisi, susunan mengikuti "
              "Tingkat dan urutan baris: Kegiatan milik Program terdekat di atasnya, Sub Kegiatan milik Kegiatan "
              "terdekat di atasnya. Kode boleh kosong atau memakai penomoran apa pun (I, a, 1. atau 03, 16.01); "
              "kode lengkap sebuah baris adalah kode-kode dari program ke bawah yang digabung dengan titik (I, "
              "I.a, I.a.1) dan hanya kode lengkap yang harus unik. Pakailah cara ini bila laporan Anda tidak "
              "memakai kode bertitik.",
        "en": "   b. The Tingkat column (Program, Kegiatan, Sub Kegiatan): as soon as one row has it, the structure "
              "follows Tingkat and row order: a Kegiatan belongs to the nearest Program above it, a Sub Kegiatan "
              "to the nearest Kegiatan above it. Kode may be empty or use any numbering (I, a, 1. or 03, 16.01); "
              "a row's full Kode is its codes from the program down joined by dots (I, I.a, I.a.1), and only "
              "full Kodes must be unique. Use this when your report has no dotted codes."},
    "anggaran-more": {
        "id": "   Baris JUMLAH: Kode kosong dan Uraian JUMLAH (tidak wajib). Sumber Dana (APBD, DAK, APBN ...) "
              "diwarisi rinciannya. Jenis Pendapatan untuk retribusi/PAD: tidak dihitung sebagai belanja.",
        "en": "   JUMLAH row: empty Kode and Uraian JUMLAH (optional). Sumber Dana (APBD, DAK, APBN ...) is "
              "inherited by the rows below. Jenis Pendapatan for revenue (retribusi, PAD): not counted as "
              "spending."},
    "link": {"id": "Menghubungkan anggaran dengan sasaran (Kode Sasaran)",
             "en": "Linking the budget to a sasaran (Kode Sasaran)"},
    "link-how": {
        "id": "- Pada sheet Anggaran, isi kolom Kode Sasaran pada baris program dengan Kode Sasaran dari sheet IKU "
              "(pilih dari daftar). Kegiatan dan sub kegiatan di bawahnya ikut terhubung; tidak perlu diisi lagi.",
        "en": "- On the Anggaran sheet, fill in Kode Sasaran on each program row with a Kode Sasaran of the IKU "
              "sheet (pick it from the list). Its kegiatan and sub kegiatan are linked with it; no need to fill "
              "them in."},
    "link-why": {
        "id": "- Dari hubungan ini lkip-xls menghitung pagu, realisasi, serapan dan efisiensi setiap sasaran. "
              "Sasaran yang tidak dihubungkan dengan baris anggaran mana pun tidak mendapat efisiensi. Program "
              "penunjang (administrasi perkantoran) boleh dibiarkan tanpa Kode Sasaran.",
        "en": "- From these links lkip-xls computes each sasaran's pagu, realisasi, serapan and efficiency. A "
              "sasaran that no budget row is linked to gets no efficiency. Supporting programs (office "
              "administration) may stay without a Kode Sasaran."},
    "rules": {"id": "Aturan umum", "en": "General rules"},
    "rule-names": {
        "id": "- Jangan mengubah nama sheet dan judul kolom (baris 3). Urutan kolom boleh diubah; kolom dan sheet "
              "tambahan boleh ada dan tidak akan diubah.",
        "en": "- Do not change sheet names or column headers (row 3); they stay in Indonesian. Columns may be "
              "reordered; extra columns and sheets are allowed and left untouched."},
    "rule-numbers": {
        "id": "- Angka ditulis dengan cara Indonesia: titik pemisah ribuan, koma desimal (1.234.567,89). Sel angka "
              "biasa juga boleh.",
        "en": "- Numbers may be written the Indonesian way: dot for thousands, comma for decimals "
              "(1.234.567,89). Plain number cells are fine too."},
    "rule-na": {
        "id": "- Realisasi yang belum ada: tulis N/A, - atau 'belum rilis'. Indikator itu tidak dihitung dan tidak "
              "ikut dirata-rata.",
        "en": "- A realisation not yet known: write N/A, - or 'belum rilis'. That indicator is not computed and "
              "not averaged."},
    "rule-target": {
        "id": "- Target boleh berupa angka (80), perbandingan (< 11, ≤ 7,82), rentang (3 - 10) atau predikat "
              "(WTP, BB).",
        "en": "- A target may be a number (80), a comparison (< 11, ≤ 7,82), a range (3 - 10) or a predicate "
              "(WTP, BB)."},
    "rule-computed": {
        "id": "- Kolom berwarna biru muda ({columns}) diisi otomatis oleh lkip-xls dan dikunci. Sheet dilindungi "
              "tanpa kata sandi hanya agar kolom itu tidak tertimpa; semua kolom isian terbuka untuk ribuan "
              "baris, dan baris boleh disisipkan. Untuk menghapus atau mengurutkan baris: Tinjau > Buka "
              "Proteksi Lembar (Review > Unprotect Sheet), tanpa kata sandi.",
        "en": "- The light blue columns ({columns}) are filled in by lkip-xls and locked. Sheets are protected "
              "without a password only so that those columns are not overwritten; every input column is open for "
              "thousands of rows, and rows may be inserted. To delete or sort rows: Review > Unprotect Sheet "
              "(no password)."},
    "rule-paste": {
        "id": "- Menempel data dari berkas lain (mis. 500 baris anggaran dari DPA): pakai Tempel Spesial > Nilai "
              "(Paste Special > Values) ke kolom isian agar format kolom template tetap.",
        "en": "- Pasting from another file (e.g. 500 budget lines from the DPA): use Paste Special > Values "
              "into the input columns so that the template's column formats stay."},
    "rule-colours": {
        "id": "- Pada berkas hasil: sel merah = kesalahan yang harus diperbaiki, sel kuning = peringatan yang perlu "
              "diperiksa. Arahkan kursor ke sel untuk membaca komentarnya; daftar lengkap ada di sheet "
              "Pemeriksaan.",
        "en": "- In the returned file: red cells = errors to correct, yellow cells = warnings to look at. Hover "
              "over a cell to read its comment; the full list is on the Pemeriksaan sheet."},
    "formulas": {"id": "Rumus yang dipakai", "en": "Formulas used"},
    "formula-capaian": {
        "id": "- Arah Naik: capaian = realisasi / target x 100. Arah Turun: (2 x target - realisasi) / target x "
              "100 (atau target / realisasi x 100 bila Rumus Indikator Turun = T/R). Arah Tetap (rentang): 100 di "
              "dalam rentang.",
        "en": "- Arah Naik: capaian = realisasi / target x 100. Arah Turun: (2 x target - realisasi) / target x "
              "100 (or target / realisasi x 100 when Rumus Indikator Turun = T/R). Arah Tetap (range): 100 "
              "within the range."},
    "formula-serapan": {
        "id": "- Serapan = realisasi / pagu x 100; Sisa = pagu - realisasi. Efisiensi (Metode Efisiensi selisih) "
              "= rata-rata capaian sasaran - serapan anggaran yang terhubung. Semua angka dibulatkan setengah ke "
              "atas sampai 2 desimal.",
        "en": "- Serapan = realisasi / pagu x 100; Sisa = pagu - realisasi. Efficiency (Metode Efisiensi "
              "selisih) = the sasaran's mean capaian - the serapan of its linked budget. Every figure is rounded "
              "half up to 2 decimals."},
}


def _p(key: str, lang: str, **params: Any) -> str:
    entry = PETUNJUK[key]
    return (entry.get(lang) or entry["id"]).format(**params)


def petunjuk_lines(version: int, lang: str = "id", sheets: tuple[SheetSpec, ...] | None = None,
                   ) -> list[tuple[str, str]]:
    """The Petunjuk sheet, line by line, each with its style: 'title', 'heading' or 'text'.

    `sheets` are the data sheets of the template being written (default: those of `version`).
    """
    specs = sheets if sheets is not None else tuple(s for s in schema.DATA_SHEETS if s.since <= version)
    computed = []
    for spec in specs:
        for column in spec.computed_columns:
            if column.since <= version and column.label not in computed:
                computed.append(column.label)
    lines: list[tuple[str, str]] = [
        (_p("title", lang, version=version), "title"), ("", "text"), (_p("intro", lang), "text"),
        (_p("example", lang), "text"), ("", "text"), (_p("order", lang), "heading")]
    for number, spec in enumerate(specs, start=1):
        step = SHEET_STEPS.get(spec.name)
        text = (step.get(lang) or step["id"]) if step else \
            f"{spec.name}: {sheet_title(spec, lang)}. {sheet_instruction(spec, lang)}"
        lines.append((f"{number}. {text}", "text"))
        if spec.name == schema.ANGGARAN.name:
            lines.append((_p("dotted", lang), "text"))
            if version >= 2:
                lines += [(_p("tingkat", lang), "text"), (_p("anggaran-more", lang), "text")]
    lines += [("", "text"), (_p("link", lang), "heading"), (_p("link-how", lang), "text"),
              (_p("link-why", lang), "text"), ("", "text"), (_p("rules", lang), "heading")]
    lines += [(_p(key, lang, columns=", ".join(computed)), "text")
              for key in ("rule-names", "rule-numbers", "rule-na", "rule-target", "rule-computed", "rule-paste",
                          "rule-colours")]
    lines += [("", "text"), (_p("formulas", lang), "heading"), (_p("formula-capaian", lang), "text"),
              (_p("formula-serapan", lang), "text")]
    return lines
