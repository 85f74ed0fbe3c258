"""The message of every finding code, in Indonesian (default) and English.

A finding carries a code and numbers (`core.findings` declares which); this module turns them into a sentence.
A code without a text, or a text whose placeholders do not fit the declared parameters, is a bug that
`tests/test_findings_catalogue.py` catches; `finding_text` never falls back to something else.

Longer than ~400 lines on purpose: a catalogue of sentences (data): one message per finding code, in id and en.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core import findings
from ..core.model import Finding, Percent
from . import causes, plan
from .format import LANGS, number, param_text
from .messages import WORDS, unreadable_reason, word

# The five SDM breakdowns share one text.
_STAFF_GROUP_TEXT: dict[str, str] = {
    "id": "Unit '{unit}': jumlah menurut {group} ({columns}) = {total}, seharusnya sama dengan {population} "
          "= {expected}; selisih {diff}.",
    "en": "Unit '{unit}': the {group} breakdown ({columns}) adds up to {total}, but it must equal "
          "{population} = {expected}; difference {diff}.",
}

MESSAGES: dict[str, dict[str, str]] = {
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
              "atau teks lain.{predicates}",
        "en": "'{value}' in column '{header}' is not a number. Type the number only (e.g. 1.234.567,89), "
              "without units or other text.{predicates}",
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
    "KODE-DUPLICATE": {  # `first`: said only when the earlier row's Kode is written otherwise (IKU1, IKU1#1)
        "id": "Kode '{code}'{first}",
        "en": "Code '{code}'{first}",
    },
    "ARAH-INVALID": {
        "id": "Arah '{value}' tidak dikenal. Pilih salah satu: {choices} (atau Positif/Negatif).",
        "en": "Direction '{value}' is unknown. Choose one of: {choices} (or Positif/Negatif).",
    },
    "AGREGASI-INVALID": {
        "id": "Agregasi '{value}' tidak dikenal. Pilih salah satu: {choices}.",
        "en": "Aggregation '{value}' is unknown. Choose one of: {choices}.",
    },
    "SKALA-INVALID": {
        "id": "Termasuk Batas '{value}' tidak dikenal. Pilih salah satu: {choices} (kosong berarti Ya).",
        "en": "Termasuk Batas '{value}' is unknown. Choose one of: {choices} (empty means Ya).",
    },
    "NUMBER-OUT-OF-RANGE": {
        "id": "'{value}' pada kolom '{header}' di luar rentang angka yang wajar (paling besar 10^15, "
              "yaitu 1.000 triliun). Periksa salah ketik.",
        "en": "'{value}' in column '{header}' is beyond any reasonable number (at most 10^15, that is "
              "1,000 trillion). Check for a typing slip.",
    },
    "EXTERNAL-LINK": {
        "id": "Tautan ke luar workbook: {target}. lkip-xls menyimpannya apa adanya; pastikan tautan ini memang "
              "dimaksud sebelum membukanya (tautan javascript:, file: atau ke berkas lain bisa berbahaya).",
        "en": "A link out of the workbook: {target}. lkip-xls keeps it as it is; make sure it is intended "
              "before opening it (javascript:, file: or links to other files can be dangerous).",
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
              "lkip-xls menulis '{computed}'; perbaiki kategori di laporan.",
        "en": "The typed category '{typed}' differs from the computed '{computed}' on the workbook's scale. "
              "lkip-xls writes '{computed}'; correct the category in the report.",
    },
    "SISA-DIFFERS": {
        "id": "Sisa yang diketik {typed} berbeda dari pagu - realisasi = {computed} (selisih {diff}). lkip-xls "
              "menulis {computed}; perbaiki angka di laporan.",
        "en": "The typed sisa {typed} differs from pagu - realisasi = {computed} (difference {diff}). lkip-xls "
              "writes {computed}; correct the figure in the report.",
    },
    "TAHUNAN-DIFFERS": {
        "id": "Realisasi Tahunan yang diketik {typed} berbeda dari hasil agregasi triwulan {computed} (selisih "
              "{diff}). lkip-xls menulis {computed}; perbaiki angka di laporan.",
        "en": "The typed yearly realisasi {typed} differs from the quarterly aggregate {computed} (difference "
              "{diff}). lkip-xls writes {computed}; correct the figure in the report.",
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
        "id": "Kode '{code}' pada sheet PK tidak ada di sheet IKU. Gunakan Kode indikator yang tertulis di sheet "
              "IKU.",
        "en": "Code '{code}' on the PK sheet does not exist on the IKU sheet. Use the Kode of an indicator on "
              "the IKU sheet.",
    },
    "IKU-NOT-IN-PK": {
        "id": "Indikator {code} tidak tercantum di sheet PK. Tambahkan barisnya di sheet PK bila indikator ini "
              "diperjanjikan dalam Perjanjian Kinerja.",
        "en": "Indicator {code} is not on the PK sheet. Add its row to the PK sheet if the Perjanjian Kinerja "
              "includes it.",
    },
    "PK-ANGGARAN-DIFFERS": {
        "id": "Anggaran PK program {program} sebesar {pk} tidak sama dengan pagu di sheet Anggaran ({pagu}); "
              "selisih {diff}.{murni}",
        "en": "The PK budget of program {program} is {pk} but its pagu on the Anggaran sheet is {pagu}; "
              "difference {diff}.{murni}",
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
        "id": "Kode '{code}' pada sheet Realisasi tidak ada di sheet IKU. Gunakan Kode indikator yang tertulis "
              "di sheet IKU.",
        "en": "Code '{code}' on the Realisasi sheet does not exist on the IKU sheet. Use the Kode of an "
              "indicator on the IKU sheet.",
    },
    "ANGGARAN-SUM-DIFFERS": {
        "id": "{column} {code} tertulis {value}, sedangkan jumlah {children} rincian di bawahnya {expected}; "
              "selisih {diff}.",
        "en": "{column} of {code} reads {value}, but its {children} direct children add up to {expected}; "
              "difference {diff}.",
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
        "id": "Kode Sasaran '{sasaran}' pada baris {code} tidak ada di sheet IKU. Gunakan Kode Sasaran yang "
              "tertulis di sheet IKU.",
        "en": "Kode Sasaran '{sasaran}' on line {code} is not a sasaran of the IKU sheet. Use a Kode Sasaran "
              "of the IKU sheet.",
    },
    "FORMULA-NO-VALUE": {
        "id": "Sel kolom '{header}' berisi rumus {formula} tanpa nilai tersimpan, dan lkip-xls tidak dapat "
              "menghitungnya; nilainya tidak dibaca (bukan 0) dan pemeriksaan yang memakainya dilewati. Buka dan "
              "simpan ulang berkas di Excel atau LibreOffice agar nilainya tersimpan.",
        "en": "The '{header}' cell holds the formula {formula} without a stored value, and lkip-xls cannot "
              "compute it; it is not read (not as 0) and the checks that would use it are skipped. Open the file "
              "in Excel or LibreOffice and save it again so that the value is stored.",
    },
    "CELL-ERROR": {
        "id": "Sel kolom '{header}' berisi galat Excel {error} ({meaning}): rumusnya rusak. Nilainya tidak dibaca "
              "(bukan 0) dan pemeriksaan yang memakainya dilewati. Perbaiki rumusnya atau ketik nilainya.",
        "en": "The '{header}' cell holds the Excel error {error} ({meaning}): its formula is broken. It is not "
              "read (not as 0) and the checks that would use it are skipped. Repair the formula or type the value.",
    },
    "DATE-IN-NUMBER": {
        "id": "Excel mengubah isian kolom '{header}' menjadi tanggal {date}; kemungkinan yang diketik adalah "
              "'{typed}'. Nilainya tidak dibaca. Format sel sebagai Teks (Format Cells > Text) lalu ketik ulang, "
              "atau ketik dengan tanda petik di depan: {example}",
        "en": "Excel turned the '{header}' entry into the date {date}; what was typed was probably '{typed}'. "
              "It is not read. Format the cell as Text (Format Cells > Text) and type it again, or type it with "
              "a leading apostrophe: {example}",
    },
    "KODE-AS-NUMBER": {
        "id": "Kode '{code}' pada kolom '{header}' disimpan Excel sebagai angka, sehingga angka 0 di belakang bisa "
              "hilang (3.30 menjadi 3.3).{clue} Format sel sebagai Teks lalu ketik ulang kodenya, atau awali "
              "dengan tanda petik: '{likely_or_code}.",
        "en": "Code '{code}' in column '{header}' is stored by Excel as a number, so trailing zeros can be lost "
              "(3.30 becomes 3.3).{clue} Format the cell as Text and type the code again, or start it with an "
              "apostrophe: '{likely_or_code}.",
    },
    "INVISIBLE-CHARACTER": {
        "id": "Sel kolom '{header}' berisi karakter tak terlihat ({characters}), biasanya tersalin dari PDF atau "
              "halaman web; lkip-xls membacanya tanpa karakter itu. Ketik ulang isi sel agar bersih.",
        "en": "The '{header}' cell holds invisible characters ({characters}), usually pasted from a PDF or a web "
              "page; lkip-xls reads it without them. Type the cell's content again to clean it.",
    },
    "ROWS-AS-NOTES": {
        "id": "Baris {rows} di bawah tabel dibaca sebagai catatan (sumber data, tanda tangan), bukan data, "
              "sehingga tidak diperiksa.",
        "en": "Rows {rows} below the table are read as notes (a source, a signature), not as data, so they are "
              "not checked.",
    },
    "ANGGARAN-HIERARCHY-UNCLEAR": {
        "id": "Letak baris {code} dalam hierarki anggaran tidak dapat dipastikan: {reason}. Karena itu lkip-xls tidak "
              "menyatakan total anggaran, serapan, maupun efisiensi (menjumlahkan baris yang hierarkinya tidak jelas "
              "dapat menghitung program dan kegiatannya dua kali). Beri setiap baris kode bertitik (program 1, "
              "kegiatan 1.1, sub kegiatan 1.1.1), atau isi kolom Tingkat (Program/Kegiatan/Sub Kegiatan) dari "
              "template versi 2.",
        "en": "The place of line {code} in the budget hierarchy cannot be trusted: {reason}. lkip-xls therefore "
              "states no budget total, serapan or efficiency (summing lines of unknown nesting may count a program "
              "and its kegiatan twice). Give every line a dotted code (program 1, kegiatan 1.1, sub kegiatan "
              "1.1.1), or fill in the Tingkat column (Program/Kegiatan/Sub Kegiatan) of template version 2.",
    },
    "KINERJA-KODE-UNKNOWN": {
        "id": "Kode '{code}' pada sheet Kinerja Program tidak ada di sheet Anggaran, sehingga serapan anggarannya "
              "tidak dapat dicari. Gunakan Kode program, kegiatan atau sub kegiatan dari sheet Anggaran.",
        "en": "Kode '{code}' of the Kinerja Program sheet is not in the Anggaran sheet, so its budget absorption "
              "cannot be found. Use the Kode of a program, kegiatan or sub kegiatan of the Anggaran sheet.",
    },
    "ARAH-MAYBE-TURUN": {
        "id": "Arah indikator {code} kosong sehingga dibaca Naik (makin tinggi makin baik), padahal namanya "
              "({words}) menandakan makin rendah makin baik. Isi Arah dengan Turun bila memang demikian; lkip-xls "
              "tidak mengubah arah tanpa diminta.",
        "en": "Arah of indicator {code} is empty, so it is read as Naik (higher is better), but its name "
              "({words}) suggests lower is better. Fill in Turun if so; lkip-xls never changes the arah by itself.",
    },
    "TINGKAT-INVALID": {
        "id": "Tingkat '{value}' tidak dikenal. Pilih salah satu: {choices}. Tanpa Tingkat yang jelas, letak baris "
              "ini dalam hierarki tidak diketahui dan total anggaran tidak dinyatakan.",
        "en": "Tingkat '{value}' is unknown. Choose one of: {choices}. Without a clear Tingkat the line's place in "
              "the hierarchy is unknown and no budget total is stated.",
    },
    "TINGKAT-ORPHAN": {
        "id": "Baris bertingkat {level} ini tidak memiliki {parent} di atasnya. Sisipkan baris {parent} induknya "
              "atau perbaiki Tingkat; sampai itu total anggaran tidak dinyatakan.",
        "en": "This {level} line has no {parent} above it. Insert its {parent} line or fix the Tingkat; until "
              "then no budget total is stated.",
    },
    "JENIS-INVALID": {
        "id": "Jenis '{value}' tidak dikenal. Pilih salah satu: {choices} (kosong berarti Belanja).",
        "en": "Jenis '{value}' is unknown. Choose one of: {choices} (empty means Belanja).",
    },
    "RENSTRA-KODE-UNKNOWN": {
        "id": "Kode '{code}' pada sheet Renstra tidak ada di sheet IKU, sehingga target Renstra-nya tidak dapat "
              "dibandingkan. Gunakan Kode indikator dari sheet IKU.",
        "en": "Kode '{code}' of the Renstra sheet is not in the IKU sheet, so its Renstra targets cannot be "
              "compared. Use the Kode of an indicator of the IKU sheet.",
    },
    "RENSTRA-TARGET-DIFFERS": {
        "id": "{header} indikator {code} ({iku}) tidak sama dengan '{column}' pada sheet Renstra ({renstra}). "
              "Periksa mana yang berlaku (Renstra atau perubahannya) dan samakan keduanya.",
        "en": "{header} of indicator {code} ({iku}) differs from '{column}' of the Renstra sheet ({renstra}). "
              "Check which one is in force (the Renstra or its revision) and make them agree.",
    },
    "RENSTRA-REALISASI-DIFFERS": {
        "id": "'{column}' indikator {code} pada sheet Renstra ({renstra}) tidak sama dengan {header} di sheet IKU "
              "({iku}). Realisasi tahun laporan harus sama di kedua sheet: periksa mana yang benar dan samakan.",
        "en": "'{column}' of indicator {code} in the Renstra sheet ({renstra}) differs from its {header} in the IKU "
              "sheet ({iku}). The report year's realisasi must be the same in both: check which is right and make "
              "them agree.",
    },
    "DATA-DUKUNG-DIFFERS": {
        "id": "Realisasi indikator {code} tertulis {typed}, sedangkan Data Dukung ({source}) menghasilkan "
              "{worked} ({rule}); selisih {diff}. Periksa angka A dan B atau realisasinya.",
        "en": "The realisasi of indicator {code} reads {typed}, but its Data Dukung ({source}) gives {worked} "
              "({rule}); difference {diff}. Check A and B or the realisasi.",
    },
    "DATA-DUKUNG-KODE-UNKNOWN": {
        "id": "Kode '{code}' pada sheet Data Dukung bukan Kode indikator IKU maupun Kinerja Program, sehingga "
              "hasilnya tidak dibandingkan dengan realisasi mana pun. Gunakan Kode IKU, Kode Kinerja Program, "
              "atau KODE#2 untuk indikator kedua dari kode yang sama.",
        "en": "Kode '{code}' of the Data Dukung sheet is neither an IKU nor a Kinerja Program Kode, so its result "
              "is compared with no realisasi. Use an IKU Kode, a Kinerja Program Kode, or KODE#2 for the second "
              "indicator of a Kode.",
    },
    "DATA-DUKUNG-USED": {
        "id": "Realisasi indikator {code} kosong; dipakai hasil Data Dukung ({source}): {worked} ({rule}).",
        "en": "The realisasi of indicator {code} is empty; the Data Dukung figure ({source}) is used: {worked} "
              "({rule}).",
    },
    "DATA-DUKUNG-SKIPPED": {
        "id": "Data Dukung indikator {code} ({formula}) tidak dapat dihitung: {reason}. Realisasinya tidak "
              "dibandingkan dengan Data Dukung.",
        "en": "The Data Dukung of indicator {code} ({formula}) cannot be computed: {reason}. Its realisasi is not "
              "compared with it.",
    },
    "IKU-TINGKAT-INVALID": {
        "id": "Tingkat '{value}' tidak dikenal. Pilih salah satu: {choices} (kosong berarti Sasaran); indikator "
              "ini dibaca sebagai indikator sasaran.",
        "en": "Tingkat '{value}' is unknown. Choose one of: {choices} (empty means Sasaran); this indicator is "
              "read as a sasaran indicator.",
    },
    "DIRATA-RATA-INVALID": {
        "id": "Dirata-rata '{value}' tidak dikenal. Pilih salah satu: {choices} (kosong berarti Ya); indikator "
              "ini ikut dirata-rata.",
        "en": "Dirata-rata '{value}' is unknown. Choose one of: {choices} (empty means Ya); this indicator is "
              "averaged.",
    },
    "RUMUS-INVALID": {
        "id": "Rumus '{value}' tidak dikenal. Pilih salah satu: {choices}; baris Data Dukung ini tidak dihitung.",
        "en": "Rumus '{value}' is unknown. Choose one of: {choices}; this Data Dukung row is not computed.",
    },
    **{code: _STAFF_GROUP_TEXT for code in sorted(findings.tagged(findings.Tag.STAFF_GROUP))},
    "SDM-TOTAL-DIFFERS": {
        "id": "Kolom '{header}' pada baris JUMLAH tertulis {value}, sedangkan jumlah unit kerja {expected}; "
              "selisih {diff}.",
        "en": "Column '{header}' on the total row reads {value}, but the units add up to {expected}; "
              "difference {diff}.",
    },
}


_POINTS = {"id": "{n} poin persen", "en": "{n} percentage points"}
# The findings about one indicator, which name it by its Kode and its name (issue #17: never by Kode alone)
INDICATOR_NAMED = frozenset({"TARGET-ZERO", "REALISASI-NA", "CAPAIAN-EXTREME", "CAPAIAN-UNDEFINED", "PK-TARGET-DIFFERS",
                             "IKU-NOT-IN-PK", "TW-REALISASI-DIFFERS", "TW-TARGET-DIFFERS", "ARAH-MAYBE-TURUN",
                             "DATA-DUKUNG-DIFFERS", "DATA-DUKUNG-USED", "DATA-DUKUNG-SKIPPED",
                             "RENSTRA-TARGET-DIFFERS", "RENSTRA-REALISASI-DIFFERS"})
NAME_LIMIT = 80  # characters of a line's Uraian beside its Kode in a message


# What to do, after a message: left out when a slip elsewhere explains the finding (its own figures need no change).
_STAFF_GROUP_HINT: dict[str, str] = {
    "id": "Perbaiki angka rincian atau {population} pada baris ini sampai sama.",
    "en": "Correct the breakdown or {population} on this row until they agree.",
}
HINTS: dict[str, dict[str, str]] = {
    "ANGGARAN-SUM-DIFFERS": {"id": "Periksa rincian yang terlewat, tergandakan, atau salah ketik.",
                             "en": "Look for a missing, doubled or mistyped line."},
    "ANGGARAN-TOTAL-DIFFERS": {"id": "Periksa program yang terlewat, tergandakan, atau salah ketik, atau perbaiki "
                                     "angka baris JUMLAH.",
                               "en": "Look for a missing, doubled or mistyped program, or correct the total row."},
    "PK-ANGGARAN-DIFFERS": {"id": "Samakan dengan DPA/PK yang berlaku.",
                            "en": "Make them agree with the DPA/PK in force."},
    "TW-REALISASI-DIFFERS": {"id": "Periksa angka triwulan dan realisasi di sheet IKU, lalu samakan.",
                             "en": "Check the quarters and the IKU realisasi and make them agree."},
    "TW-TARGET-DIFFERS": {"id": "Periksa target triwulan dan target di sheet IKU, lalu samakan.",
                          "en": "Check the quarterly targets and the IKU target and make them agree."},
    "REALISASI-OVER-PAGU": {"id": "Periksa realisasi dan pagu baris ini menurut DPA dan laporan realisasi.",
                            "en": "Check this line's realisasi and pagu against the DPA and the spending report."},
    **{code: _STAFF_GROUP_HINT for code in sorted(findings.tagged(findings.Tag.STAFF_GROUP))},
    "SDM-TOTAL-DIFFERS": {"id": "Periksa unit kerja yang terlewat atau salah ketik, atau perbaiki angka baris JUMLAH.",
                          "en": "Look for a missing or mistyped unit, or correct the total row."},
}


def template(code: str, lang: str) -> str:
    """The whole message of a code: its sentence and, where there is one, what to do."""
    hint = HINTS.get(code)
    return MESSAGES[code][lang] + (" " + hint[lang] if hint else "")


def render_params(finding: Finding, lang: str) -> dict[str, Any]:
    """The parameters of a finding as its message shows them (numbers formatted, codes put into words): a
    difference of two percentages in percentage points, a line's Kode with its Uraian."""
    raw = finding.params
    params = {key: param_text(value, lang) for key, value in raw.items()}
    if isinstance(raw.get("diff"), Percent):  # 9,54 poin persen, never "selisih 9,54%"
        params["diff"] = _POINTS[lang].format(n=number(raw["diff"], lang, 2))
    if "name" in raw:
        _named(params, raw, "program" if "program" in raw else "code", finding.code in INDICATOR_NAMED)
    prepare = _PREPARE.get(finding.code)
    if prepare is not None:
        prepare(params, raw, lang)
    return params


def _named(params: dict[str, Any], raw: dict[str, Any], key: str, quoted: bool = False) -> None:
    """'1.02 Program Penunjang Urusan …': the Kode a message names, with the line's Uraian when there is one; an
    indicator's name (`quoted`) in quotes, as it does not start with a word that says where it begins:
    'IKU1.1 "Persentase kontribusi …"'."""
    name = " ".join(str(raw.get("name") or "").split())
    if len(name) > NAME_LIMIT:
        name = name[: NAME_LIMIT - 1].rstrip() + "…"
    if name and name != str(raw.get(key) or ""):
        params[key] = f'{params[key]} "{name}"' if quoted else f"{params[key]} {name}"
    del params["name"]


def finding_text(finding: Finding, lang: str = "id") -> str:
    """The message of a finding in the requested language; a slip's finding adds what the other figures agree
    on, a finding a slip explains says so (text.causes)."""
    lang = lang if lang in LANGS else "id"
    params = render_params(finding, lang)
    if finding.caused_by:
        whole = causes.explained_text(finding, params, lang)
        if whole is not None:
            return whole
    text = (MESSAGES[finding.code][lang] if finding.caused_by else template(finding.code, lang)).format(**params)
    if finding.expected is not None:
        text += " " + causes.slip_sentence(finding, lang)
    if finding.caused_by:
        text += " " + causes.explained_sentence(finding, lang)
    return text


def _identitas_expected(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    expected = str(raw["expected"])
    kind, _, choices = expected.partition(":")
    params["expected"] = word(kind, lang, choices=choices) if kind in WORDS else expected


_MURNI = {"id": " Anggaran PK sama dengan Pagu Murni ({murni}): PK belum diperbarui setelah perubahan anggaran?",
          "en": " The PK budget equals the Pagu Murni ({murni}): was the PK not updated after the budget change?"}


def _murni(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    params["murni"] = "" if raw.get("murni") is None else _MURNI[lang].format(murni=params["murni"])


def _quirk(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    params["quirk"] = word(str(raw["quirk"]), lang)


def _staff_group(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    params["group"] = word(str(raw["group"]), lang)


_ERROR_MEANING = {
    "#REF!": {"id": "merujuk sel yang sudah dihapus", "en": "it refers to a deleted cell"},
    "#DIV/0!": {"id": "pembagian dengan nol", "en": "a division by zero"},
    "#VALUE!": {"id": "teks dipakai dalam hitungan", "en": "text used in arithmetic"},
    "#NAME?": {"id": "nama fungsi atau rentang tidak dikenal", "en": "an unknown function or range name"},
    "#NUM!": {"id": "angka di luar jangkauan", "en": "a number out of range"},
    "#NULL!": {"id": "dua rentang yang tidak beririsan", "en": "two ranges that do not intersect"},
    "#N/A": {"id": "nilai tidak ditemukan", "en": "a value not found"},
}
_CHARACTER_NAMES = {
    "U+200B": {"id": "spasi lebar nol", "en": "zero-width space"},
    "U+200C": {"id": "pemisah lebar nol", "en": "zero-width non-joiner"},
    "U+200D": {"id": "penyambung lebar nol", "en": "zero-width joiner"},
    "U+2060": {"id": "penyambung kata", "en": "word joiner"},
    "U+00AD": {"id": "tanda hubung lunak", "en": "soft hyphen"},
    "U+FEFF": {"id": "penanda BOM", "en": "byte order mark"},
}


def _cell_error(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    meaning = _ERROR_MEANING.get(str(raw["error"]).upper())
    params["meaning"] = meaning[lang] if meaning else {"id": "galat", "en": "an error"}[lang]


def _characters(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    names = []
    for point in str(raw["characters"]).split(", "):
        name = _CHARACTER_NAMES.get(point)
        names.append(f"{name[lang]} {point}" if name else point)
    params["characters"] = ", ".join(names)


def _kode_as_number(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    other, likely = str(raw["other"] or ""), str(raw["likely"] or "")
    if other:
        params["clue"] = {
            "id": f" Kode lain seperti '{other}' menunjukkan bahwa yang dimaksud mungkin '{likely}', sehingga "
                  "susunan induk-rincian dan pencocokan kode tidak dapat dipastikan; kode ini tidak dipakai dan "
                  "jumlah yang bergantung padanya tidak dinyatakan.",
            "en": f" Another code such as '{other}' suggests that '{likely}' was meant, so the hierarchy and the "
                  "matching of codes cannot be trusted; this code is not used and totals that depend on it are "
                  "not stated.",
        }[lang]
    else:
        params["clue"] = ""
    params["likely_or_code"] = likely or str(raw["code"])
    del params["other"], params["likely"]  # part of the clue's sentence
_HIERARCHY_REASONS: dict[str, dict[str, str]] = {
    "empty": {"id": "kodenya kosong", "en": "its code is empty"},
    "numbering": {"id": "kodenya berupa penomoran (I, a, 1.), bukan kode bertitik",
                  "en": "its code is a numbering (I, a, 1.), not a dotted code"},
    "sum": {"id": "pagu dan realisasi baris {head} di atasnya sama dengan jumlah baris ini dan baris-baris "
                  "berikutnya, padahal kodenya tidak menunjukkan bahwa baris-baris itu rincian {head}",
            "en": "the pagu and realisasi of line {head} above it equal the sum of this line and the lines below "
                  "it, while the codes do not make them children of {head}"},
    "name": {"id": "uraiannya menyebut Kegiatan/Sub Kegiatan, tetapi kodenya tidak diawali kode program mana pun",
             "en": "its Uraian says Kegiatan/Sub Kegiatan, but its code does not start with the code of a program"},
}


def _hierarchy(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    params["reason"] = _HIERARCHY_REASONS[str(raw["reason"])][lang].format(head=raw["head"])
    del params["head"]


def _unreadable(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    del params["detail"]  # part of the reason's sentence
    params["reason"] = unreadable_reason(str(raw["reason"]), str(raw["detail"]), lang)


def _predicates(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    known = str(raw["predicates"] or "")
    params["predicates"] = {
        "id": f" Predikat yang dikenal (sheet Skala Predikat dapat menambahnya): {known}.",
        "en": f" The predicates lkip-xls knows (the Skala Predikat sheet can add more): {known}.",
    }[lang] if known else ""


_DUPLICATE = {
    "same": {"id": " sudah dipakai pada baris sebelumnya. Setiap kode harus unik.",
             "en": " is already used on an earlier row. Every code must be unique."},
    "other": {"id": " dan Kode '{first}' pada baris sebelumnya menunjuk indikator yang sama (Kode tanpa #n berarti "
                    "#1), sehingga indikator ini tercatat dua kali dan baris ini tidak dipakai. Hapus salah satu "
                    "baris atau perbaiki kodenya.",
              "en": " and Code '{first}' on an earlier row name the same indicator (a Kode without #n means #1), "
                    "so the indicator is entered twice and this row is not used. Delete one of the rows or correct "
                    "its code."},
}


def _duplicate(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    """'IKU1' twice: already used; 'IKU1#1' after 'IKU1': the two name the same indicator."""
    same = str(raw.get("first") or raw["code"]) == str(raw["code"])
    params["first"] = _DUPLICATE["same" if same else "other"][lang].format(first=params["first"])


def _evidence(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    """The Data Dukung sum worked out and its rule in words; A, B and the Rumus are part of them."""
    params["worked"] = plan.worked_formula(raw["rumus"], raw["a"], raw["b"], raw["computed"], lang)
    params["rule"] = plan.rule_text(raw["rumus"], lang)
    for key in ("rumus", "a", "b", "computed"):
        del params[key]


_SKIP_REASONS = {
    "zero": {"id": "Nilai B sama dengan 0 (pembagian dengan nol)", "en": "Nilai B is 0 (division by zero)"},
    "no-value": {"id": "Nilai A atau Nilai B tidak berisi angka (N/A atau -)",
                 "en": "Nilai A or Nilai B holds no number (N/A or -)"},
}


def _skipped(params: dict[str, Any], raw: dict[str, Any], lang: str) -> None:
    params["reason"] = _SKIP_REASONS[str(raw["reason"])][lang]


_PREPARE: dict[str, Callable[[dict[str, Any], dict[str, Any], str], None]] = {
    "DATA-DUKUNG-DIFFERS": _evidence,
    "DATA-DUKUNG-USED": _evidence,
    "DATA-DUKUNG-SKIPPED": _skipped,
    "KODE-DUPLICATE": _duplicate,
    "VALUE-NOT-NUMBER": _predicates,
    "IDENTITAS-INVALID": _identitas_expected,
    "NUMBER-FORMAT-UNUSUAL": _quirk,
    "PK-ANGGARAN-DIFFERS": _murni,
    "FILE-UNREADABLE": _unreadable,
    "CELL-ERROR": _cell_error,
    "INVISIBLE-CHARACTER": _characters,
    "KODE-AS-NUMBER": _kode_as_number,
    "ANGGARAN-HIERARCHY-UNCLEAR": _hierarchy,
    **{code: _staff_group for code in findings.tagged(findings.Tag.STAFF_GROUP)},
}
