"""Every user-facing sentence of lkip-xls, in Indonesian (default) and English, in one place.

Findings carry a code and numbers; this module turns them into text. Numbers are formatted the
Indonesian way in Indonesian text (1.234.567,89; 70,36%; Rp20.771.496.520) with Babel.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from babel.numbers import format_decimal

from ..core.model import Finding, Percent, Rupiah, Severity
from ..core.numbers import Target, TargetKind, quantize
from ..rules.analysis import Analysis

LANGS = ("id", "en")
_LOCALES = {"id": "id_ID", "en": "en_US"}


def number(value: Decimal | int | float | None, lang: str = "id", places: int | None = None) -> str:
    """A plain number; `places=None` keeps up to 4 decimals and drops trailing zeros."""
    if value is None:
        return "-"
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if places is None:
        value = quantize(value, Decimal("0.0001"))
        value = value.to_integral_value() if value == value.to_integral_value() else value.normalize()
        pattern = "#,##0.####"
    else:
        value = quantize(value, Decimal(1).scaleb(-places))
        pattern = "#,##0." + "0" * places if places else "#,##0"
    with localcontext() as context:  # Babel quantizes too: room for every digit of a stray 1e24
        context.prec = max(context.prec, value.adjusted() + 8)
        return format_decimal(value, format=pattern, locale=_LOCALES[lang], decimal_quantization=False)


def percent(value: Decimal | None, lang: str = "id") -> str:
    return "-" if value is None else number(value, lang, 2) + "%"


def rupiah(value: Decimal | None, lang: str = "id") -> str:
    if value is None:
        return "-"
    places = 0 if value == value.to_integral_value() else 2
    text = number(abs(value), lang, places)
    return ("-" if value < 0 else "") + "Rp" + text


def target_text(target: Target, lang: str = "id") -> str:
    if target.kind is TargetKind.RANGE:
        return f"{number(target.lower, lang)} - {number(target.upper, lang)}"
    prefix = "" if target.kind is TargetKind.VALUE else target.kind.value + " "
    return prefix + number(target.value, lang)


def _format_param(value: Any, lang: str) -> Any:
    if value is None:
        return "-"
    if isinstance(value, Target):
        return target_text(value, lang)
    if isinstance(value, Rupiah):
        return rupiah(value, lang)
    if isinstance(value, Percent):
        return percent(value, lang)
    if isinstance(value, Decimal):
        return number(value, lang)
    return value


# --------------------------------------------------------------------------- finding texts

FINDINGS: dict[str, dict[str, str]] = {
    "FILE-UNREADABLE": {
        "id": "Berkas tidak dapat dibaca: {reason}",
        "en": "The file cannot be read: {reason}",
    },
    "SHEET-MISSING": {
        "id": "Sheet '{sheet}' tidak ada. Tambahkan sheet ini dari template lkip-xls (lkip-xls template).",
        "en": "Sheet '{sheet}' is missing. Add it from the lkip-xls template (lkip-xls template).",
    },
    "SHEET-EMPTY": {
        "id": "Sheet '{sheet}' belum berisi data di bawah baris judul kolom. Isi minimal satu baris.",
        "en": "Sheet '{sheet}' has no data below its header row. Fill in at least one row.",
    },
    "HEADER-MISSING": {
        "id": "Judul kolom '{header}' tidak ditemukan dalam 10 baris pertama. Salin judul kolom dari template.",
        "en": "Column header '{header}' was not found in the first 10 rows. Copy the headers from the template.",
    },
    "TEMPLATE-VERSION": {
        "id": "Versi Template '{value}' tidak dikenal; lkip-xls ini membaca versi {expected}. Gunakan template "
              "terbaru (lkip-xls template) dan isi Versi Template = {expected}.",
        "en": "Template version '{value}' is unknown; this lkip-xls reads version {expected}. Use the current "
              "template (lkip-xls template) and set Versi Template = {expected}.",
    },
    "IDENTITAS-EMPTY": {
        "id": "Isian '{label}' pada sheet Identitas wajib diisi.",
        "en": "'{label}' on the Identitas sheet must be filled in.",
    },
    "IDENTITAS-INVALID": {
        "id": "Nilai '{value}' untuk '{label}' tidak sah: {expected}.",
        "en": "'{value}' is not a valid '{label}': {expected}.",
    },
    "REQUIRED-EMPTY": {
        "id": "Kolom '{header}' wajib diisi pada baris ini.",
        "en": "Column '{header}' must be filled in on this row.",
    },
    "VALUE-NOT-NUMBER": {
        "id": "'{value}' pada kolom '{header}' bukan angka. Ketik angka saja (mis. 1.234.567,89), tanpa satuan "
              "atau teks lain.",
        "en": "'{value}' in column '{header}' is not a number. Type the number only (e.g. 1.234.567,89), "
              "without units or other text.",
    },
    "VALUE-NEGATIVE": {
        "id": "Nilai {value} pada kolom '{header}' negatif; nilai ini tidak boleh kurang dari 0.",
        "en": "The value {value} in column '{header}' is negative; it cannot be below 0.",
    },
    "VALUE-NOT-INTEGER": {
        "id": "Nilai {value} pada kolom '{header}' harus bilangan bulat (jumlah orang).",
        "en": "The value {value} in column '{header}' must be a whole number (a head count).",
    },
    "NUMBER-FORMAT-UNUSUAL": {
        "id": "'{text}' pada kolom '{header}' dibaca sebagai {value} ({quirk}). Periksa; ketik dengan cara "
              "Indonesia: titik pemisah ribuan, koma desimal.",
        "en": "'{text}' in column '{header}' was read as {value} ({quirk}). Check it; type it the Indonesian "
              "way: dot for thousands, comma for decimals.",
    },
    "KODE-DUPLICATE": {
        "id": "Kode '{code}' sudah dipakai pada baris sebelumnya. Setiap kode harus unik.",
        "en": "Code '{code}' is already used on an earlier row. Every code must be unique.",
    },
    "ARAH-INVALID": {
        "id": "Arah '{value}' tidak dikenal. Pilih salah satu: {choices} (atau Positif/Negatif).",
        "en": "Direction '{value}' is unknown. Choose one of: {choices} (or Positif/Negatif).",
    },
    "AGREGASI-INVALID": {
        "id": "Agregasi '{value}' tidak dikenal. Pilih salah satu: {choices}.",
        "en": "Aggregation '{value}' is unknown. Choose one of: {choices}.",
    },
    "ARAH-TARGET-MISMATCH": {
        "id": "Arah '{direction}' tidak sejalan dengan target '{target}', yang menyiratkan arah {implied}. "
              "Capaian dihitung dengan arah '{direction}'; periksa kembali.",
        "en": "Direction '{direction}' disagrees with target '{target}', which implies {implied}. "
              "Capaian is computed with '{direction}'; please check.",
    },
    "TARGET-ZERO": {
        "id": "Target indikator {code} bernilai 0, sehingga capaian tidak dapat dihitung dan indikator ini tidak "
              "ikut dirata-rata. Periksa target sesuai Perjanjian Kinerja.",
        "en": "The target of indicator {code} is 0, so its capaian cannot be computed and it is left out of "
              "the average. Check the target against the Perjanjian Kinerja.",
    },
    "CAPAIAN-UNDEFINED": {
        "id": "Capaian indikator {code} tidak dapat dihitung dengan rumus T/R karena realisasinya 0; indikator "
              "ini tidak ikut dirata-rata.",
        "en": "The capaian of indicator {code} cannot be computed with the T/R formula because its realisasi "
              "is 0; it is left out of the average.",
    },
    "REALISASI-NA": {
        "id": "Realisasi indikator {code} belum tersedia ('{text}'); capaian tidak dihitung dan indikator ini "
              "tidak ikut dirata-rata (bukan dihitung 0).",
        "en": "The realisasi of indicator {code} is not available ('{text}'); no capaian is computed and it is "
              "left out of the average (not counted as 0).",
    },
    "CAPAIAN-EXTREME": {
        "id": "Capaian indikator {code} sebesar {capaian} (target {target}, realisasi {actual}, satuan "
              "'{unit}') jauh di luar kewajaran. Periksa apakah target dan realisasi memakai satuan yang sama.",
        "en": "The capaian of indicator {code} is {capaian} (target {target}, realisasi {actual}, unit "
              "'{unit}'), far out of range. Check that target and realisasi use the same unit.",
    },
    "CAPAIAN-DIFFERS": {
        "id": "Capaian yang diketik {typed} berbeda dari hasil hitung {computed} (selisih {diff}). lkip-xls "
              "menulis {computed}; perbaiki angka di laporan.",
        "en": "The typed capaian {typed} differs from the computed {computed} (difference {diff}). lkip-xls "
              "writes {computed}; correct the figure in the report.",
    },
    "KATEGORI-DIFFERS": {
        "id": "Kategori yang diketik '{typed}' berbeda dari hasil hitung '{computed}' menurut skala kategori. "
              "lkip-xls menulis '{computed}'.",
        "en": "The typed category '{typed}' differs from the computed '{computed}' on the workbook's scale. "
              "lkip-xls writes '{computed}'.",
    },
    "SISA-DIFFERS": {
        "id": "Sisa yang diketik {typed} berbeda dari pagu - realisasi = {computed} (selisih {diff}). lkip-xls "
              "menulis {computed}.",
        "en": "The typed sisa {typed} differs from pagu - realisasi = {computed} (difference {diff}). lkip-xls "
              "writes {computed}.",
    },
    "TAHUNAN-DIFFERS": {
        "id": "Realisasi Tahunan yang diketik {typed} berbeda dari hasil agregasi triwulan {computed} (selisih "
              "{diff}). lkip-xls menulis {computed}.",
        "en": "The typed yearly realisasi {typed} differs from the quarterly aggregate {computed} (difference "
              "{diff}). lkip-xls writes {computed}.",
    },
    "SERAPAN-DIFFERS": {
        "id": "Serapan yang diketik {typed} berbeda dari hasil hitung {computed} (selisih {diff}). lkip-xls "
              "menulis {computed}; perbaiki angka di laporan.",
        "en": "The typed serapan {typed} differs from the computed {computed} (difference {diff}). lkip-xls "
              "writes {computed}; correct the figure in the report.",
    },
    "PK-TARGET-DIFFERS": {
        "id": "Target PK indikator {code} ({pk}) tidak sama dengan target di sheet IKU ({iku}). Samakan "
              "dengan Perjanjian Kinerja yang berlaku.",
        "en": "The PK target of indicator {code} ({pk}) differs from the IKU sheet ({iku}). Use the target of "
              "the Perjanjian Kinerja in force in both.",
    },
    "PK-KODE-UNKNOWN": {
        "id": "Kode '{code}' pada sheet PK tidak ada di sheet IKU.",
        "en": "Code '{code}' on the PK sheet does not exist on the IKU sheet.",
    },
    "IKU-NOT-IN-PK": {
        "id": "Indikator {code} tidak tercantum di sheet PK.",
        "en": "Indicator {code} is not on the PK sheet.",
    },
    "PK-ANGGARAN-DIFFERS": {
        "id": "Anggaran PK program {program} sebesar {pk} tidak sama dengan pagu di sheet Anggaran ({pagu}); "
              "selisih {diff}. Samakan dengan DPA/PK yang berlaku.",
        "en": "The PK budget of program {program} is {pk} but its pagu on the Anggaran sheet is {pagu}; "
              "difference {diff}. Make them agree with the DPA/PK in force.",
    },
    "TW-REALISASI-DIFFERS": {
        "id": "Realisasi tahunan indikator {code} menurut triwulan ({aggregation}) adalah {annual}, tetapi sheet "
              "IKU mencatat {iku} (selisih {diff}).",
        "en": "The yearly realisasi of indicator {code} from its quarters ({aggregation}) is {annual}, but the "
              "IKU sheet says {iku} (difference {diff}).",
    },
    "TW-TARGET-DIFFERS": {
        "id": "Target tahunan indikator {code} menurut triwulan ({aggregation}) adalah {annual}, tetapi sheet "
              "IKU mencatat {iku} (selisih {diff}).",
        "en": "The yearly target of indicator {code} from its quarters ({aggregation}) is {annual}, but the "
              "IKU sheet says {iku} (difference {diff}).",
    },
    "TW-KODE-UNKNOWN": {
        "id": "Kode '{code}' pada sheet Realisasi tidak ada di sheet IKU.",
        "en": "Code '{code}' on the Realisasi sheet does not exist on the IKU sheet.",
    },
    "ANGGARAN-SUM-DIFFERS": {
        "id": "{column} {code} tertulis {value}, sedangkan jumlah {children} rincian di bawahnya {expected}; "
              "selisih {diff}. Periksa rincian yang terlewat, tergandakan, atau salah ketik.",
        "en": "{column} of {code} reads {value}, but its {children} direct children add up to {expected}; "
              "difference {diff}. Look for a missing, doubled or mistyped line.",
    },
    "ANGGARAN-TOTAL-DIFFERS": {
        "id": "{column} pada baris JUMLAH tertulis {value}, sedangkan jumlah program (baris tingkat teratas) "
              "{expected}; selisih {diff}.",
        "en": "{column} on the total row reads {value}, but the top-level rows add up to {expected}; "
              "difference {diff}.",
    },
    "REALISASI-OVER-PAGU": {
        "id": "Realisasi {code} ({spent}) melebihi pagu ({budget}) sebesar {diff}; belanja APBD tidak boleh "
              "melampaui pagu.",
        "en": "The realisasi of {code} ({spent}) exceeds its pagu ({budget}) by {diff}; APBD spending may not "
              "exceed the pagu.",
    },
    "SASARAN-UNKNOWN": {
        "id": "Kode Sasaran '{sasaran}' pada baris {code} tidak ada di sheet IKU.",
        "en": "Kode Sasaran '{sasaran}' on line {code} is not a sasaran of the IKU sheet.",
    },
    "SDM-DIFFERS": {
        "id": "Unit '{unit}': jumlah menurut {group} ({columns}) = {total}, seharusnya sama dengan {population} "
              "= {expected}; selisih {diff}.",
        "en": "Unit '{unit}': the {group} breakdown ({columns}) adds up to {total}, but it must equal "
              "{population} = {expected}; difference {diff}.",
    },
    "SDM-TOTAL-DIFFERS": {
        "id": "Kolom '{header}' pada baris JUMLAH tertulis {value}, sedangkan jumlah unit kerja {expected}; "
              "selisih {diff}.",
        "en": "Column '{header}' on the total row reads {value}, but the units add up to {expected}; "
              "difference {diff}.",
    },
}

_SDM_CODES = ("SDM-STATUS-DIFFERS", "SDM-GENDER-DIFFERS", "SDM-PENDIDIKAN-DIFFERS", "SDM-GOLONGAN-DIFFERS",
              "SDM-JABATAN-DIFFERS")

WORDS: dict[str, dict[str, str]] = {
    "comma-thousands": {"id": "koma sebagai pemisah ribuan", "en": "comma as thousands separator"},
    "irregular-grouping": {"id": "pengelompokan ribuan tidak biasa", "en": "irregular thousands grouping"},
    "dot-decimal": {"id": "titik sebagai tanda desimal", "en": "dot as decimal mark"},
    "english-format": {"id": "format angka Inggris", "en": "English number format"},
    "number": {"id": "harus berupa angka", "en": "must be a number"},
    "positive-number": {"id": "harus angka lebih dari 0", "en": "must be a number above 0"},
    "year": {"id": "harus tahun 2000-2100", "en": "must be a year 2000-2100"},
    "nip": {"id": "NIP harus 18 digit, diketik sebagai teks", "en": "a NIP has 18 digits, typed as text"},
    "choice": {"id": "pilih salah satu dari {choices}", "en": "choose one of {choices}"},
    "status": {"id": "status kepegawaian", "en": "employment status"},
    "gender": {"id": "jenis kelamin", "en": "gender"},
    "pendidikan": {"id": "pendidikan", "en": "education"},
    "golongan": {"id": "golongan", "en": "grade"},
    "jabatan": {"id": "jabatan", "en": "position"},
    "Pagu": {"id": "Pagu", "en": "Pagu"},
    "Realisasi": {"id": "Realisasi", "en": "Realisasi"},
    "rupiah": {"id": "rupiah", "en": "rupiah"},
    "sen": {"id": "sen", "en": "sen"},
    "minus": {"id": "minus", "en": "minus"},
}

UNREADABLE: dict[str, dict[str, str]] = {
    "not-found": {"id": "berkas tidak ditemukan.", "en": "file not found."},
    "not-a-file": {"id": "bukan berkas biasa.", "en": "not a regular file."},
    "not-xlsx": {"id": "bukan berkas Excel .xlsx.", "en": "not an Excel .xlsx file."},
    "corrupt": {"id": "berkas rusak atau terpotong ({detail}).", "en": "the file is corrupt or truncated "
                                                                      "({detail})."},
    "xls": {"id": "format Excel lama (.xls). Buka di Excel lalu simpan sebagai .xlsx.",
            "en": "old Excel format (.xls). Open it in Excel and save it as .xlsx."},
    "encrypted": {"id": "berkas dilindungi kata sandi (terenkripsi). Simpan ulang tanpa kata sandi.",
                  "en": "the workbook is password-protected (encrypted). Save it again without a password."},
    "ods": {"id": "berkas OpenDocument (.ods). Simpan sebagai .xlsx.",
            "en": "an OpenDocument spreadsheet (.ods). Save it as .xlsx."},
    "too-large": {"id": "isi berkas terlalu besar ({detail}); batas dapat diubah dengan --max-size.",
                  "en": "the file's content is too large ({detail}); change the limit with --max-size."},
    "too-many-cells": {"id": "sheet terlalu besar ({detail}).", "en": "a sheet is too large ({detail})."},
    "xml-attack": {"id": "berkas berisi XML berbahaya (entitas/DTD) dan ditolak.",
                   "en": "the file contains dangerous XML (entities/DTD) and was refused."},
    "output-is-input": {"id": "hasil akan menimpa berkas masukan; gunakan --out-dir ke folder lain.",
                        "en": "the output would overwrite the input; use --out-dir with another folder."},
    "output-collision": {"id": "hasilnya akan menimpa hasil {detail} dalam batch yang sama; ganti nama berkas "
                                "atau proses dengan --out-dir lain.",
                         "en": "its outputs would overwrite those of {detail} in the same batch; rename the file or "
                               "process it with another --out-dir."},
    "internal": {"id": "kesalahan internal lkip-xls ({detail}); mohon laporkan bersama berkasnya.",
                 "en": "internal lkip-xls error ({detail}); please report it with the file."},
    "write-failed": {"id": "hasil tidak dapat ditulis ({detail}).", "en": "the output cannot be written "
                                                                          "({detail})."},
}


def word(key: str, lang: str = "id", **params: Any) -> str:
    return WORDS[key][lang].format(**params)


def unreadable_reason(reason: str, detail: str = "", lang: str = "id") -> str:
    return UNREADABLE[reason][lang].format(detail=detail)


def finding_text(finding: Finding, lang: str = "id") -> str:
    """The message of a finding in the requested language."""
    lang = lang if lang in LANGS else "id"
    code = "SDM-DIFFERS" if finding.code in _SDM_CODES else finding.code
    template = FINDINGS.get(code, {}).get(lang)
    params = {key: _format_param(value, lang) for key, value in finding.params.items()}
    if finding.code == "IDENTITAS-INVALID":
        expected = str(finding.params.get("expected", ""))
        kind, _, choices = expected.partition(":")
        params["expected"] = word(kind, lang, choices=choices) if kind in WORDS else expected
    if finding.code == "NUMBER-FORMAT-UNUSUAL":
        params["quirk"] = word(str(finding.params.get("quirk")), lang)
    if finding.code in _SDM_CODES:
        params["group"] = word(str(finding.params.get("group")), lang)
    if finding.code == "FILE-UNREADABLE":
        params["reason"] = unreadable_reason(str(finding.params.get("reason")), str(finding.params.get("detail",
                                                                                                         "")), lang)
    if template is None:
        return finding.code
    try:
        return template.format(**params)
    except (KeyError, IndexError):  # a finding built with other params must still say something
        return f"{finding.code}: " + ", ".join(f"{k}={v}" for k, v in params.items())


# --------------------------------------------------------------------------- interface words

UI: dict[str, dict[str, str]] = {
    "severity.error": {"id": "Kesalahan", "en": "Error"},
    "severity.warning": {"id": "Peringatan", "en": "Warning"},
    "severity.info": {"id": "Info", "en": "Info"},
    "col.severity": {"id": "Tingkat", "en": "Severity"},
    "col.code": {"id": "Kode", "en": "Code"},
    "col.sheet": {"id": "Sheet", "en": "Sheet"},
    "col.cell": {"id": "Sel", "en": "Cell"},
    "col.message": {"id": "Pesan", "en": "Message"},
    "col.file": {"id": "Berkas", "en": "File"},
    "col.status": {"id": "Status", "en": "Status"},
    "col.errors": {"id": "Kesalahan", "en": "Errors"},
    "col.warnings": {"id": "Peringatan", "en": "Warnings"},
    "col.average": {"id": "Rata-rata capaian", "en": "Average capaian"},
    "status.ok": {"id": "baik", "en": "ok"},
    "status.errors": {"id": "ada kesalahan", "en": "errors"},
    "status.unreadable": {"id": "tidak terbaca", "en": "unreadable"},
    "no-findings": {"id": "Tidak ada temuan.", "en": "No findings."},
    "wrote": {"id": "Ditulis: {path}", "en": "Written: {path}"},
    "template-written": {"id": "Template ditulis ke {path}", "en": "Template written to {path}"},
    "no-files": {"id": "Tidak ada berkas .xlsx/.xlsm untuk diproses.", "en": "No .xlsx/.xlsm files to process."},
    "bad-lang": {"id": "Bahasa harus id atau en.", "en": "Language must be id or en."},
    "json-failed": {"id": "Dokumen JSON tidak dapat ditulis: {detail}", "en": "The JSON document cannot be written: "
                                                                             "{detail}"},
    "summary-line": {
        "id": "{errors} kesalahan, {warnings} peringatan, {infos} info. Rata-rata capaian {average} ({category}).",
        "en": "{errors} errors, {warnings} warnings, {infos} info. Average capaian {average} ({category}).",
    },
    # the summary workbook (NAME_ringkasan.xlsx)
    "sheet.ringkasan": {"id": "Ringkasan", "en": "Summary"},
    "sheet.capaian": {"id": "Capaian IKU", "en": "IKU Achievement"},
    "sheet.anggaran": {"id": "Anggaran", "en": "Budget"},
    "sheet.efisiensi": {"id": "Efisiensi", "en": "Efficiency"},
    "sheet.sdm": {"id": "SDM", "en": "Staff"},
    "sheet.temuan": {"id": "Temuan", "en": "Findings"},
    "title.year": {"id": "Tahun {year}", "en": "Year {year}"},
    "title.capaian": {"id": "Capaian Indikator Kinerja Utama", "en": "Achievement of the Key Performance Indicators"},
    "title.anggaran": {"id": "Realisasi Anggaran", "en": "Budget Realisation"},
    "title.efisiensi": {"id": "Efisiensi Penggunaan Anggaran per Sasaran Strategis",
                        "en": "Efficiency of Budget Use per Strategic Objective"},
    "title.sdm": {"id": "Komposisi Sumber Daya Manusia", "en": "Staff Composition"},
    "title.temuan": {"id": "Temuan Pemeriksaan Workbook", "en": "Findings of the Workbook Checks"},
    "col.no": {"id": "No", "en": "No"},
    "col.sasaran_code": {"id": "Kode Sasaran", "en": "Sasaran Code"},
    "col.sasaran": {"id": "Sasaran Strategis", "en": "Strategic Objective (Sasaran)"},
    "col.indicator": {"id": "Indikator Kinerja", "en": "Indicator"},
    "col.unit": {"id": "Satuan", "en": "Unit"},
    "col.direction": {"id": "Arah", "en": "Direction"},
    "col.target": {"id": "Target", "en": "Target"},
    "col.actual": {"id": "Realisasi", "en": "Realisasi"},
    "col.capaian": {"id": "Capaian (%)", "en": "Capaian (%)"},
    "col.uncapped": {"id": "Capaian Tanpa Batas (%)", "en": "Capaian Before Cap (%)"},
    "col.category": {"id": "Kategori", "en": "Category"},
    "col.program": {"id": "Program", "en": "Program"},
    "col.pagu": {"id": "Pagu (Rp)", "en": "Pagu (Rp)"},
    "col.spent": {"id": "Realisasi (Rp)", "en": "Realisasi (Rp)"},
    "col.serapan": {"id": "Serapan (%)", "en": "Serapan (%)"},
    "col.sisa": {"id": "Sisa (Rp)", "en": "Sisa (Rp)"},
    "col.note": {"id": "Keterangan", "en": "Note"},
    "col.indicators": {"id": "Jumlah Indikator", "en": "Indicators"},
    "col.efficiency": {"id": "Efisiensi (poin)", "en": "Efficiency (points)"},
    "col.efficiency_category": {"id": "Kategori Efisiensi", "en": "Efficiency Category"},
    "col.unit_kerja": {"id": "Unit Kerja", "en": "Unit"},
    "col.count": {"id": "Jumlah", "en": "Count"},
    "col.share": {"id": "%", "en": "%"},
    "row.average": {"id": "Rata-rata capaian ({n} indikator)", "en": "Average capaian ({n} indicators)"},
    "row.programs_total": {"id": "Jumlah program", "en": "Total of the programs"},
    "row.total_row": {"id": "JUMLAH (baris JUMLAH workbook)", "en": "JUMLAH (the workbook's total row)"},
    "row.unlinked": {"id": "Tidak terhubung ke sasaran", "en": "Not linked to a sasaran"},
    "row.total": {"id": "Jumlah", "en": "Total"},
    "heading.by_program": {"id": "Menurut program", "en": "By program"},
    "heading.by_sasaran": {"id": "Menurut sasaran strategis", "en": "By strategic objective (sasaran)"},
    "heading.units": {"id": "Pegawai per unit kerja", "en": "Staff per unit"},
    "mark.low": {"id": "Serapan < {limit}%", "en": "Serapan < {limit}%"},
    "mark.over": {"id": "Realisasi melebihi pagu", "en": "Realisasi above pagu"},
    "mark.total_differs": {"id": "Tidak sama dengan jumlah program", "en": "Differs from the total of the programs"},
    "note.cap": {"id": "Capaian setiap indikator dibatasi paling tinggi {cap}.",
                 "en": "The capaian of each indicator is capped at {cap}."},
    "note.average_cap": {"id": "Dalam rata-rata, capaian setiap indikator dibatasi paling tinggi {cap}.",
                         "en": "In the average, the capaian of each indicator is capped at {cap}."},
    "note.average_sasaran": {"id": "Rata-rata dihitung per sasaran strategis, kemudian dirata-ratakan.",
                             "en": "The average is taken per strategic objective first, then across them."},
    "note.axis": {"id": "Sumbu grafik dipotong pada {limit}; nilai sebenarnya tertera di atas batang.",
                  "en": "The chart's axis is cut at {limit}; the actual values are printed on the bars."},
    "note.efficiency": {
        "id": "Efisiensi = rata-rata capaian sasaran - serapan anggaran (poin persen): lebih dari {m} Efisien, "
              "-{m} sampai {m} Cukup Efisien, kurang dari -{m} Tidak Efisien.",
        "en": "Efficiency = mean capaian of the sasaran - budget absorption (percentage points): above {m} "
              "Efisien, -{m} to {m} Cukup Efisien, below -{m} Tidak Efisien.",
    },
    "note.sdm_total_row": {"id": "Komposisi menurut baris JUMLAH sheet SDM.",
                           "en": "Composition from the JUMLAH row of the SDM sheet."},
    "note.sdm_units": {"id": "Komposisi menurut jumlah seluruh unit kerja.",
                       "en": "Composition from the sum of all units."},
    "group.status": {"id": "Status kepegawaian (% dari seluruh pegawai)",
                     "en": "Employment status (% of all staff)"},
    "group.gender": {"id": "Jenis kelamin (% dari seluruh pegawai)", "en": "Gender (% of all staff)"},
    "group.pendidikan": {"id": "Pendidikan (% dari ASN)", "en": "Education (% of ASN)"},
    "group.golongan": {"id": "Golongan (% dari PNS dan CPNS)", "en": "Grade (% of PNS and CPNS)"},
    "group.jabatan": {"id": "Jabatan (% dari PNS dan CPNS)", "en": "Position (% of PNS and CPNS)"},
    "label.male": {"id": "Laki-laki", "en": "Male"},
    "label.female": {"id": "Perempuan", "en": "Female"},
    "chart.capaian": {"id": "Capaian kinerja per indikator (%)", "en": "Capaian per indicator (%)"},
    "chart.serapan": {"id": "Serapan anggaran per program (%)", "en": "Budget absorption per program (%)"},
    "chart.pendidikan": {"id": "Pendidikan ASN (orang)", "en": "Education of ASN (persons)"},
    "chart.jabatan": {"id": "Jabatan PNS dan CPNS (orang)", "en": "Positions of PNS and CPNS (persons)"},
    "chart.line": {"id": "Batas {limit}%", "en": "{limit}% line"},
    "footer": {"id": "lkip-xls - halaman &P dari &N", "en": "lkip-xls - page &P of &N"},
    # the regional recap (lkip-xls rekap)
    "rekap.sheet.narasi": {"id": "Narasi", "en": "Narrative"},
    "rekap.sheet.rekap": {"id": "Rekap", "en": "Recap"},
    "rekap.sheet.grafik": {"id": "Grafik", "en": "Charts"},
    "rekap.sheet.kesalahan": {"id": "Kesalahan", "en": "Errors"},
    "rekap.title": {"id": "Rekapitulasi Laporan Kinerja Instansi", "en": "Recap of the Agencies' Performance Reports"},
    "rekap.title.grafik": {"id": "Capaian dan Serapan Anggaran per Instansi",
                           "en": "Achievement and Budget Absorption per Agency"},
    "rekap.title.kesalahan": {"id": "Kesalahan pada Workbook Instansi", "en": "Errors in the Agencies' Workbooks"},
    "rekap.col.rank": {"id": "Peringkat", "en": "Rank"},
    "rekap.col.instansi": {"id": "Nama Instansi", "en": "Agency"},
    "rekap.col.pemda": {"id": "Pemerintah Daerah", "en": "Local Government"},
    "rekap.col.tahun": {"id": "Tahun", "en": "Year"},
    "rekap.col.average": {"id": "Rata-rata Capaian (%)", "en": "Average Capaian (%)"},
    "rekap.row.total": {"id": "Jumlah / rata-rata", "en": "Total / mean"},
    "rekap.row.read": {"id": "{read} dari {n} terbaca", "en": "{read} of {n} read"},
    "rekap.row.note": {"id": "Rata-rata = rata-rata dari rata-rata capaian instansi, kategori menurut skala "
                             "Permendagri 86/2017; serapan = jumlah realisasi / jumlah pagu.",
                       "en": "Mean = the mean of the agencies' average capaian, category on the Permendagri 86/2017 "
                             "scale; serapan = total realisasi / total pagu."},
    "rekap.note.marks": {"id": "Baris berwarna: rata-rata capaian < {capaian}%, serapan < {serapan}%, ada kesalahan, "
                               "atau berkas tidak terbaca. Peringkat menurut rata-rata capaian.",
                         "en": "Coloured rows: average capaian < {capaian}%, serapan < {serapan}%, errors, or an "
                               "unreadable file. Ranked by average capaian."},
    "rekap.note.capaian": {"id": "Rata-rata capaian < {limit}%", "en": "Average capaian < {limit}%"},
    "rekap.note.serapan": {"id": "Serapan < {limit}%", "en": "Serapan < {limit}%"},
    "rekap.note.errors": {"id": "{n} kesalahan", "en": "{n} errors"},
    "rekap.note.duplicate": {"id": "Duplikat: instansi yang sama juga di {files}",
                             "en": "Duplicate: the same agency is also in {files}"},
    "rekap.note.year": {"id": "Tahun {year} berbeda dari tahun rekap {main}",
                        "en": "Year {year} differs from the recap's year {main}"},
    "rekap.chart.capaian": {"id": "Rata-rata capaian per instansi (%)", "en": "Average capaian per agency (%)"},
    "rekap.chart.serapan": {"id": "Serapan anggaran per instansi (%)", "en": "Budget absorption per agency (%)"},
    "rekap.no-errors": {"id": "Tidak ada kesalahan.", "en": "No errors."},
    "rekap.sheet.pesan": {"id": "Pesan Masuk", "en": "Messages"},
    "rekap.title.pesan": {"id": "Pesan Masuk dan Draf Balasan", "en": "Incoming Messages and Reply Drafts"},
    "rekap.col.tanggal": {"id": "Tanggal", "en": "Date"},
    "rekap.col.pengirim": {"id": "Pengirim", "en": "Sender"},
    "rekap.col.subjek": {"id": "Subjek", "en": "Subject"},
    "rekap.col.lampiran": {"id": "Workbook terlampir (status)", "en": "Attached workbooks (status)"},
    "rekap.col.balasan": {"id": "Draf balasan", "en": "Reply draft"},
    "rekap.no-workbook": {"id": "tanpa workbook (diminta mengirim)", "en": "no workbook (asked to send one)"},
    "rekap.wrote-inbox": {"id": "Rekap ditulis: {path}", "en": "Recap written: {path}"},
    "rekap.skipped.twin": {"id": "Dilewati: {path} (dipakai {kept}, kiriman yang lebih baru)",
                           "en": "Skipped: {path} ({kept}, the newer submission, is used)"},
    "rekap.skipped.ringkasan": {"id": "Dilewati: {path} (ringkasan keluaran lkip-xls)",
                                "en": "Skipped: {path} (an lkip-xls summary output)"},
    "rekap.skipped.output": {"id": "Dilewati: {path} (berkas rekap itu sendiri)",
                             "en": "Skipped: {path} (the recap file itself)"},
    "rekap.write-failed": {"id": "Rekap tidak dapat ditulis: {detail}", "en": "The recap cannot be written: {detail}"},
    # `inbox`: the reply drafts
    "inbox.subject-default": {"id": "Laporan Kinerja", "en": "Performance report"},
    "inbox.greeting": {"id": "Yth. {name},", "en": "Dear {name},"},
    "inbox.greeting-anon": {"id": "Yth. Bapak/Ibu,", "en": "Dear Sir or Madam,"},
    "inbox.intro": {
        "id": "Terima kasih, workbook Laporan Kinerja yang Bapak/Ibu kirim sudah kami terima dan periksa. "
              "Berikut hasil pemeriksaannya.",
        "en": "Thank you: we have received the performance-report workbook you sent and checked it. "
              "The results follow.",
    },
    "inbox.file": {"id": "Berkas: {name}", "en": "File: {name}"},
    "inbox.status": {"id": "Status: {status}", "en": "Status: {status}"},
    "inbox.reused": {"id": "(Berkas yang sama sudah pernah kami periksa; hasil pemeriksaan itu kami sertakan.)",
                     "en": "(We had already checked this very file; the result of that check is attached.)"},
    "inbox.average": {"id": "Rata-rata capaian: {average} ({category})",
                      "en": "Average capaian: {average} ({category})"},
    "inbox.counts": {"id": "Jumlah kesalahan: {errors}; jumlah peringatan: {warnings}",
                     "en": "Errors: {errors}; warnings: {warnings}"},
    "inbox.findings-head": {"id": "Temuan ({shown} pertama dari {total}):",
                            "en": "Findings (the first {shown} of {total}):"},
    "inbox.findings-all": {"id": "Temuan:", "en": "Findings:"},
    "inbox.next-errors": {
        "id": "Langkah berikutnya: buka {hasil} terlampir, perbaiki sel yang berwarna merah (kesalahan) dan "
              "periksa sel kuning (peringatan); setiap sel bertanda memuat komentar, dan sheet Pemeriksaan memuat "
              "daftar lengkapnya. Setelah diperbaiki, kirim kembali berkas {hasil} sebagai balasan email ini.",
        "en": "What to do next: open the attached {hasil}, fix the red cells (errors) and look at the yellow "
              "cells (warnings); every marked cell has a comment, and the Pemeriksaan sheet lists them all. "
              "Then send {hasil} back as a reply to this email.",
    },
    "inbox.next-ok": {
        "id": "Tidak ada kesalahan. {hasil} dan {ringkasan} terlampir; periksa sel kuning (peringatan) bila ada. "
              "Bila ada perubahan, kirim kembali berkas {hasil} sebagai balasan email ini.",
        "en": "There are no errors. {hasil} and {ringkasan} are attached; look at the yellow cells (warnings) "
              "if any. If you change anything, send {hasil} back as a reply to this email.",
    },
    "inbox.next-unreadable": {
        "id": "Berkas ini tidak dapat dibaca. Mohon isi template Laporan Kinerja (dibuat dengan perintah "
              "`lkip-xls template` atau diminta kepada kami), simpan sebagai .xlsx, dan kirim kembali sebagai "
              "lampiran.",
        "en": "This file could not be read. Please fill in the performance-report template (made with "
              "`lkip-xls template` or ask us for it), save it as .xlsx and send it again as an attachment.",
    },
    "inbox.no-workbook": {
        "id": "Terima kasih atas email Bapak/Ibu. Kami tidak menemukan workbook Excel (.xlsx atau .xlsm) di "
              "dalamnya. Mohon kirimkan template Laporan Kinerja yang sudah diisi sebagai lampiran. Template "
              "kosong dapat dibuat dengan perintah `lkip-xls template` atau diminta kepada kami.",
        "en": "Thank you for your email. We found no Excel workbook (.xlsx or .xlsm) in it. Please send the "
              "filled-in performance-report template as an attachment. The empty template can be made with "
              "`lkip-xls template`, or ask us for it.",
    },
    "inbox.closing": {
        "id": "Hormat kami,\n{sender}\n\n(Disusun oleh lkip-xls dan diperiksa petugas sebelum dikirim.)",
        "en": "Kind regards,\n{sender}\n\n(Drafted by lkip-xls and reviewed before sending.)",
    },
    # `inbox`: the command line
    "inbox.message": {"id": "{sender} - {subject}", "en": "{sender} - {subject}"},
    "inbox.drafted": {"id": "Draf balasan: {path}", "en": "Reply draft: {path}"},
    "inbox.done": {
        "id": "{messages} pesan, {processed} lampiran diperiksa, {reused} sudah pernah diperiksa. Indeks: {index}",
        "en": "{messages} messages, {processed} attachments checked, {reused} already checked before. "
              "Index: {index}",
    },
    "inbox.no-source": {"id": "Berikan berkas .eml, mbox atau folder Maildir, atau --imap-host.",
                        "en": "Give .eml files, mbox files or Maildir folders, or --imap-host."},
    "inbox.no-password": {"id": "Kata sandi IMAP diberikan lewat variabel lingkungan LKIP_IMAP_PASSWORD.",
                          "en": "Give the IMAP password in the environment variable LKIP_IMAP_PASSWORD."},
    "inbox.no-user": {"id": "--imap-user wajib diisi bersama --imap-host.",
                      "en": "--imap-user is required with --imap-host."},
    "inbox.insecure-not-loopback": {
        "id": "--imap-insecure hanya untuk host loopback (127.0.0.1, ::1, localhost); gunakan IMAP dengan TLS.",
        "en": "--imap-insecure is for a loopback host only (127.0.0.1, ::1, localhost); use IMAP over TLS.",
    },
    "inbox.failed": {"id": "Kotak surat tidak dapat dibaca: {detail}", "en": "The mailbox could not be read: {detail}"},
}


def ui(key: str, lang: str = "id", **params: Any) -> str:
    lang = lang if lang in LANGS else "id"
    return UI[key][lang].format(**params)


def status_line(analysis: Analysis, lang: str) -> str:
    """"2 kesalahan, 1 peringatan, 0 info. Rata-rata capaian 70,36 % (Cukup Berhasil)." in one language."""
    return ui("summary-line", lang, errors=analysis.count(Severity.ERROR), warnings=analysis.count(Severity.WARNING),
              infos=analysis.count(Severity.INFO), average=percent(analysis.results.average, lang),
              category=analysis.results.average_category or "-")
