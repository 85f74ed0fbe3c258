"""The words of the interface, in Indonesian (default) and English: headings, labels, status lines, the
reasons a file cannot be read, and the words finding messages and the narrative put inside their sentences.

The findings' own sentences are in `finding_messages`; number formatting in `format`.

Longer than ~400 lines on purpose: a catalogue of words (data): every interface string, in id and en.
"""

from __future__ import annotations

from typing import Any

from ..core.model import Severity
from ..rules.analysis import Analysis
from .format import LANGS, percent

WORDS: dict[str, dict[str, str]] = {
    "comma-thousands": {"id": "koma sebagai pemisah ribuan", "en": "comma as thousands separator"},
    "irregular-grouping": {"id": "pengelompokan ribuan tidak biasa", "en": "irregular thousands grouping"},
    "dot-decimal": {"id": "titik sebagai tanda desimal", "en": "dot as decimal mark"},
    "english-format": {"id": "format angka Inggris", "en": "English number format"},
    "unit-words": {"id": "satuan diketik bersama angka", "en": "the unit typed with the number"},
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
    "html": {"id": "berkas ini sebenarnya halaman web (HTML) yang disimpan aplikasi web dengan nama Excel, bukan "
                   "buku kerja Excel. Buka di Excel, lalu Simpan Sebagai (Save As) 'Excel Workbook (.xlsx)'.",
             "en": "this file is really a web page (HTML) saved by a web application under an Excel name, not an "
                   "Excel workbook. Open it in Excel, then Save As 'Excel Workbook (.xlsx)'."},
    "xml2003": {"id": "berkas ini berformat XML Spreadsheet 2003, bukan .xlsx. Buka di Excel, lalu Simpan Sebagai "
                      "(Save As) 'Excel Workbook (.xlsx)'.",
                "en": "this file is an XML Spreadsheet 2003, not an .xlsx. Open it in Excel, then Save As 'Excel "
                      "Workbook (.xlsx)'."},
    "strict": {"id": "berkas disimpan sebagai 'Strict Open XML Spreadsheet'. Buka di Excel, lalu simpan sebagai "
                     "Excel Workbook (.xlsx) biasa.",
               "en": "the file was saved as a 'Strict Open XML Spreadsheet'. Open it in Excel and save it as a "
                     "plain Excel Workbook (.xlsx)."},
    "xls": {"id": "format Excel lama (.xls). Buka di Excel lalu simpan sebagai .xlsx.",
            "en": "old Excel format (.xls). Open it in Excel and save it as .xlsx."},
    "encrypted": {"id": "berkas dilindungi kata sandi (terenkripsi). Simpan ulang tanpa kata sandi.",
                  "en": "the workbook is password-protected (encrypted). Save it again without a password."},
    "ods": {"id": "berkas OpenDocument (.ods). Simpan sebagai .xlsx.",
            "en": "an OpenDocument spreadsheet (.ods). Save it as .xlsx."},
    "too-large": {"id": "isi berkas terlalu besar ({detail}); batas dapat diubah dengan --max-size.",
                  "en": "the file's content is too large ({detail}); change the limit with --max-size."},
    "too-many-cells": {"id": "sheet terlalu besar ({detail}).", "en": "a sheet is too large ({detail})."},
    "too-many-sheets": {"id": "terlalu banyak sheet ({detail}).", "en": "too many sheets ({detail})."},
    "too-many-styles": {"id": "terlalu banyak gaya sel ({detail}); salin isinya ke workbook baru.",
                        "en": "too many cell styles ({detail}); copy the content into a new workbook."},
    "too-many-strings": {"id": "terlalu banyak teks dalam workbook ({detail}).",
                         "en": "too much text in the workbook ({detail})."},
    "range-too-large": {"id": "rentang sel tidak wajar ({detail}).", "en": "an unreasonable cell range ({detail})."},
    "worker-died": {"id": "proses pemeriksaan berkas ini berhenti mendadak ({detail}), mungkin kehabisan memori.",
                    "en": "the process checking this file stopped abruptly ({detail}), perhaps out of memory."},
    "disk-full": {"id": "disk penuh; hasil tidak dapat ditulis ({detail}).",
                  "en": "the disk is full; the output cannot be written ({detail})."},
    "permission": {"id": "tidak ada izin menulis hasil ({detail}).",
                   "en": "no permission to write the output ({detail})."},
    "xml-attack": {"id": "berkas berisi XML berbahaya (entitas/DTD) dan ditolak.",
                   "en": "the file contains dangerous XML (entities/DTD) and was refused."},
    "output-is-input": {"id": "hasil akan menimpa berkas masukan ({detail}); gunakan --out-dir ke folder lain.",
                        "en": "the output would overwrite an input ({detail}); use --out-dir with another folder."},
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
    "col.caused_by": {"id": "Akibat dari", "en": "Caused by"},
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
    "example-written": {"id": "Contoh terisi ditulis ke {path}", "en": "Filled-in example written to {path}"},
    "no-files": {"id": "Tidak ada berkas .xlsx/.xlsm untuk diproses.", "en": "No .xlsx/.xlsm files to process."},
    "bad-lang": {"id": "Bahasa harus id atau en.", "en": "Language must be id or en."},
    "overwrites-input": {"id": "{option} {path} adalah berkas masukan dan tidak akan ditimpa; pilih nama lain.",
                         "en": "{option} {path} is one of the input files and is not overwritten; choose another "
                               "name."},
    "overwrites-output": {"id": "{option} {path} adalah berkas keluaran dari perintah ini dan tidak akan ditimpa; "
                                "pilih nama lain.",
                          "en": "{option} {path} is one of the outputs of this command and is not overwritten; choose "
                                "another name."},
    "pemeriksaan.next": {
        "id": "Langkah berikutnya: perbaiki setiap sel merah (kesalahan) dan periksa sel kuning (peringatan) di "
              "sheet yang ditunjuk (klik selnya), lalu kirim kembali berkas ini. Baris Info hanya menjelaskan.",
        "en": "Next: fix every red cell (error) and check every yellow cell (warning) on the sheet named (click "
              "the cell), then send this file back. Info rows only explain.",
    },
    "pemeriksaan.none": {"id": "Tidak ada temuan: berkas ini siap dipakai.",
                         "en": "No findings: this file is ready to use."},
    "template-exists-force": {"id": "{path} sudah ada dan tidak ditimpa; pilih nama lain, atau tambahkan --force.",
                              "en": "{path} already exists and is not overwritten; choose another name, or add "
                                    "--force."},
    "template-exists": {"id": "{path} sudah berisi workbook yang diisi dan tidak akan ditimpa; pilih nama lain.",
                        "en": "{path} already holds a filled-in workbook and is not overwritten; choose another "
                              "name."},
    "cannot-write": {"id": "{path} tidak dapat ditulis: {reason}", "en": "{path} cannot be written: {reason}"},
    "json-failed": {"id": "Dokumen JSON tidak dapat ditulis: {detail}", "en": "The JSON document cannot be written: "
                                                                             "{detail}"},
    "summary-line": {
        "id": "{errors} kesalahan, {warnings} peringatan, {infos} info. Rata-rata capaian {average} ({category}).",
        "en": "{errors} error{errors_s}, {warnings} warning{warnings_s}, {infos} info. Average capaian {average} "
              "({category}).",
    },
    # the summary workbook (NAME_ringkasan.xlsx)
    "sheet.ringkasan": {"id": "Ringkasan", "en": "Summary"},
    "sheet.capaian": {"id": "Capaian IKU", "en": "IKU Achievement"},
    "sheet.anggaran": {"id": "Anggaran", "en": "Budget"},
    "sheet.efisiensi": {"id": "Efisiensi", "en": "Efficiency"},
    "sheet.sdm": {"id": "SDM", "en": "Staff"},
    "sheet.program": {"id": "Kinerja Program", "en": "Program Performance"},
    "title.program": {"id": "Capaian Kinerja dan Keuangan", "en": "Performance and Budget Achievement"},
    "col.level": {"id": "Tingkat", "en": "Level"},
    "col.uraian": {"id": "Program / Kegiatan / Sub Kegiatan", "en": "Program / Kegiatan / Sub Kegiatan"},
    "col.capaian_kinerja": {"id": "Capaian Kinerja (%)", "en": "Capaian Kinerja (%)"},
    "col.category_kinerja": {"id": "Kategori Kinerja", "en": "Performance Category"},
    "col.capaian_keuangan": {"id": "Capaian Keuangan (%)", "en": "Capaian Keuangan (%)"},
    "col.category_keuangan": {"id": "Kategori Keuangan", "en": "Budget Category"},
    "chart.program": {"id": "Capaian kinerja dan keuangan per program (%)",
                      "en": "Performance and budget achievement per program (%)"},
    "sheet.temuan": {"id": "Temuan", "en": "Findings"},
    "sheet.grafik": {"id": "Grafik", "en": "Charts"},
    "sheet.rencana": {"id": "Rencana dan Data Dukung", "en": "Plan and Evidence"},
    "word.table": {"id": "Tabel", "en": "Table"},
    "mark.not_averaged": {"id": "{name} (tidak dirata-rata)", "en": "{name} (not averaged)"},
    "title.rencana": {"id": "Tujuan, Tahun Lalu, Renstra, Pembanding, dan Data Dukung",
                      "en": "Goals, Last Year, Renstra, Comparisons and Supporting Data"},
    "title.year": {"id": "Tahun {year}", "en": "Year {year}"},
    "title.capaian": {"id": "Capaian Indikator Kinerja Utama", "en": "Achievement of the Key Performance Indicators"},
    "title.anggaran": {"id": "Realisasi Anggaran", "en": "Budget Realisation"},
    "title.efisiensi": {"id": "Efisiensi Penggunaan Anggaran per Sasaran Strategis",
                        "en": "Efficiency of Budget Use per Strategic Objective"},
    "title.sdm": {"id": "Komposisi Sumber Daya Manusia", "en": "Staff Composition"},
    "title.temuan": {"id": "Temuan Pemeriksaan Data", "en": "Findings of the Data Checks"},
    "col.no": {"id": "No", "en": "No"},
    "col.sasaran_code": {"id": "Kode Sasaran", "en": "Sasaran Code"},
    "col.sasaran": {"id": "Sasaran Strategis", "en": "Strategic Objective (Sasaran)"},
    "col.indicator": {"id": "Indikator Kinerja", "en": "Indicator"},
    "col.unit": {"id": "Satuan", "en": "Unit"},
    "col.direction": {"id": "Arah", "en": "Direction"},
    "col.target": {"id": "Target", "en": "Target"},
    "col.actual": {"id": "Realisasi", "en": "Realisasi"},
    "col.capaian": {"id": "Capaian (%)", "en": "Capaian (%)"},
    "col.last_year": {"id": "Realisasi Tahun Lalu", "en": "Last Year's Realisasi"},
    "col.renstra": {"id": "Target Akhir Renstra", "en": "End-of-Renstra Target"},
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
    "row.average": {"id": "Rata-rata capaian ({n} indikator)", "en": "Average capaian ({n} indicator{n_s})"},
    "row.programs_total": {"id": "Jumlah program", "en": "Total of the programs"},
    "row.total_row": {"id": "JUMLAH (sebagaimana tertulis)", "en": "JUMLAH (as written)"},
    "row.unlinked": {"id": "Tidak terhubung ke sasaran", "en": "Not linked to a sasaran"},
    "row.total": {"id": "Jumlah", "en": "Total"},
    "heading.by_program": {"id": "Menurut program", "en": "By program"},
    "heading.by_sasaran": {"id": "Menurut sasaran strategis", "en": "By strategic objective (sasaran)"},
    "heading.units": {"id": "Pegawai per unit kerja", "en": "Staff per unit"},
    "heading.by_source": {"id": "Menurut sumber dana (belanja)", "en": "By source of funds (spending)"},
    "heading.revenue": {"id": "Pendapatan (bukan belanja; tidak termasuk jumlah di atas)",
                        "en": "Revenue (not spending; not in the totals above)"},
    "heading.pagu_murni": {"id": "Pagu murni dan pagu setelah perubahan", "en": "Pagu before and after the change"},
    "col.source": {"id": "Sumber Dana", "en": "Source of funds"},
    "col.revenue_target": {"id": "Target (Rp)", "en": "Target (Rp)"},
    "col.revenue_actual": {"id": "Realisasi (Rp)", "en": "Realisasi (Rp)"},
    "col.revenue_percent": {"id": "Capaian (%)", "en": "Achieved (%)"},
    "col.pagu_murni": {"id": "Pagu Murni (Rp)", "en": "Pagu Murni (Rp)"},
    "col.pagu_change": {"id": "Perubahan (Rp)", "en": "Change (Rp)"},
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
    "note.program": {
        "id": "Capaian kinerja = rata-rata capaian indikator program/kegiatan/sub kegiatan; capaian keuangan = "
              "serapan anggaran program/kegiatan/sub kegiatan itu. Keduanya diberi kategori dengan skala yang "
              "dipakai untuk capaian indikator; efisiensi = capaian kinerja - capaian keuangan (poin persen).",
        "en": "Capaian kinerja = mean capaian of the indicators of the program/kegiatan/sub kegiatan; capaian "
              "keuangan = budget absorption of that program/kegiatan/sub kegiatan. Both are classified with the "
              "scale used for the indicators' capaian; efficiency = capaian kinerja - capaian keuangan (percentage "
              "points).",
    },
    "note.efficiency": {
        "id": "Efisiensi = rata-rata capaian sasaran - serapan anggaran (poin persen): lebih dari {m} Efisien, "
              "-{m} sampai {m} Cukup Efisien, kurang dari -{m} Tidak Efisien.",
        "en": "Efficiency = mean capaian of the sasaran - budget absorption (percentage points): above {m} "
              "Efisien, -{m} to {m} Cukup Efisien, below -{m} Tidak Efisien.",
    },
    "note.efficiency.100-serapan": {
        "id": "Efisiensi = 100 - serapan anggaran (poin persen): lebih dari {m} Efisien, -{m} sampai {m} Cukup "
              "Efisien, kurang dari -{m} Tidak Efisien.",
        "en": "Efficiency = 100 - budget absorption (percentage points): above {m} Efisien, -{m} to {m} Cukup "
              "Efisien, below -{m} Tidak Efisien.",
    },
    "note.efficiency.pmk214": {
        "id": "Efisiensi menurut PMK 214/PMK.02/2017 = (pagu x capaian - realisasi) / (pagu x capaian) x 100, "
              "capaian sebagai pecahan (110% = 1,10): lebih dari {m} Efisien, -{m} sampai {m} Cukup Efisien, "
              "kurang dari -{m} Tidak Efisien.",
        "en": "Efficiency by PMK 214/PMK.02/2017 = (pagu x capaian - realisasi) / (pagu x capaian) x 100, capaian "
              "as a fraction (110% = 1.10): above {m} Efisien, -{m} to {m} Cukup Efisien, below -{m} Tidak "
              "Efisien.",
    },
    "note.efficiency_convention": {
        "id": "Ambang ±{m} poin adalah konvensi aplikasi e-SAKIP, bukan ketentuan peraturan.",
        "en": "The ±{m} point bands are a convention of e-SAKIP software, not a regulation.",
    },
    "note.sdm_total_row": {"id": "Komposisi menurut baris JUMLAH data pegawai.",
                           "en": "Composition from the JUMLAH row of the staff data."},
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
    "footer": {"id": "Halaman &P dari &N", "en": "Page &P of &N"},  # no tool name under a report page
    # the regional recap (lkip-xls rekap)
    "rekap.default-out-exists": {
        "id": "{path} sudah ada dan bukan rekap lkip-xls, jadi tidak ditimpa; sebutkan berkas rekap dengan --out.",
        "en": "{path} already exists and is not an lkip-xls recap, so it is not overwritten; name the recap file "
              "with --out.",
    },
    "rekap.sheet.narasi": {"id": "Narasi", "en": "Narrative"},
    "rekap.sheet.rekap": {"id": "Rekap", "en": "Recap"},
    "rekap.sheet.grafik": {"id": "Grafik", "en": "Charts"},
    "rekap.sheet.kesalahan": {"id": "Kesalahan", "en": "Errors"},
    "rekap.sheet.program": {"id": "Kinerja Program", "en": "Program Performance"},
    "rekap.title.program": {"id": "Capaian Kinerja dan Keuangan Program per Instansi",
                            "en": "Performance and Budget Achievement of the Programs per Agency"},
    "rekap.col.programs": {"id": "Jumlah Program", "en": "Programs"},
    "rekap.title": {"id": "Rekapitulasi Laporan Kinerja Instansi", "en": "Recap of the Agencies' Performance Reports"},
    "rekap.title.grafik": {"id": "Capaian dan Serapan Anggaran per Instansi",
                           "en": "Achievement and Budget Absorption per Agency"},
    "rekap.title.kesalahan": {"id": "Kesalahan pada Berkas Instansi", "en": "Errors in the Agencies' Files"},
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
    "rekap.note.errors": {"id": "{n} kesalahan", "en": "{n} error{n_s}"},
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
    "rekap.col.lampiran": {"id": "Berkas Excel terlampir (status)", "en": "Attached workbooks (status)"},
    "rekap.col.balasan": {"id": "Draf balasan", "en": "Reply draft"},
    "rekap.no-workbook": {"id": "tanpa berkas Excel (diminta mengirim)", "en": "no workbook (asked to send one)"},
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
        "id": "Terima kasih, berkas Excel Laporan Kinerja yang Bapak/Ibu kirim sudah kami terima dan periksa. "
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
        "id": "Berkas ini tidak dapat dibaca. Mohon isi template Laporan Kinerja (kami kirimkan bila diminta), "
              "simpan sebagai Excel Workbook (.xlsx), dan kirim kembali sebagai lampiran.",
        "en": "This file could not be read. Please fill in the performance-report template (we send it on "
              "request), save it as an Excel Workbook (.xlsx) and send it again as an attachment.",
    },
    "inbox.no-workbook": {
        "id": "Terima kasih atas email Bapak/Ibu. Kami tidak menemukan berkas Excel (.xlsx atau .xlsm) di "
              "dalamnya. Template Laporan Kinerja yang masih kosong kami lampirkan (lkip-template.xlsx): mohon "
              "diisi dan dikirim kembali sebagai lampiran balasan email ini.",
        "en": "Thank you for your email. We found no Excel workbook (.xlsx or .xlsm) in it. The empty "
              "performance-report template is attached (lkip-template.xlsx): please fill it in and send it back "
              "as an attachment in reply to this email.",
    },
    "inbox.copies": {"id": "(Berkas ini terlampir {copies} kali dalam email yang sama; kami periksa sekali.)",
                     "en": "(This file was attached {copies} time{copies_s} to the same email; we checked it once.)"},
    "inbox.not-processed": {
        "id": "Mohon maaf, email Bapak/Ibu tidak dapat kami proses: {reason} Mohon kirim kembali berkas Excel "
              "Laporan Kinerja (.xlsx) sebagai lampiran biasa dalam email baru.",
        "en": "We are sorry: your email could not be processed. {reason} Please send the performance-report "
              "workbook (.xlsx) again, as an ordinary attachment of a new email.",
    },
    "inbox.problem.too-large": {"id": "ukuran email melebihi batas ({detail}).",
                                "en": "The email is larger than the limit ({detail})."},
    "inbox.problem.too-deep": {"id": "email berisi email terusan bertingkat lebih dari {detail} lapis.",
                               "en": "The email holds forwarded emails nested more than {detail} deep."},
    "inbox.problem.unreadable": {"id": "email tidak dapat dibaca ({detail}).",
                                 "en": "The email could not be read ({detail})."},
    "inbox.problem.failed": {"id": "terjadi kesalahan saat memproses email ({detail}).",
                             "en": "An error occurred while processing the email ({detail})."},
    "inbox.closing": {
        "id": "Hormat kami,\n{sender}\n\n(Disusun oleh lkip-xls dan diperiksa petugas sebelum dikirim.)",
        "en": "Kind regards,\n{sender}\n\n(Drafted by lkip-xls and reviewed before sending.)",
    },
    "inbox.signature-placeholder": {"id": "[nama, jabatan dan nomor telepon petugas]",
                                    "en": "[name, position and telephone of the officer]"},
    # `inbox`: the command line
    "inbox.message": {"id": "{sender} - {subject}", "en": "{sender} - {subject}"},
    "inbox.drafted": {"id": "Draf balasan: {path}", "en": "Reply draft: {path}"},
    "inbox.no-draft": {"id": "Tanpa draf balasan: alamat pengirim tidak dapat dipakai.",
                       "en": "No reply draft: the sender's address cannot be used."},
    "inbox.not-processed-line": {"id": "Tidak diproses: {reason}", "en": "Not processed: {reason}"},
    "inbox.reply-to-differs": {
        "id": "Perhatian: Reply-To ({reply_to}) berbeda domain dengan From; draf ditujukan ke Reply-To. Periksa "
              "sebelum mengirim.",
        "en": "Note: the Reply-To ({reply_to}) is on another domain than From; the draft is addressed to the "
              "Reply-To. Check before sending.",
    },
    "inbox.skipped": {"id": "Dilewati: {path} ({reason})", "en": "Skipped: {path} ({reason})"},
    "inbox.skip.dangling": {"id": "tautan simbolik yang putus", "en": "a dangling symbolic link"},
    "inbox.skip.outside": {"id": "tautan simbolik ke luar folder", "en": "a symbolic link out of the folder"},
    "inbox.skip.not-regular": {"id": "bukan berkas biasa", "en": "not a regular file"},
    "inbox.source-refused": {"id": "Sumber surat ditolak: {path} ({reason})",
                             "en": "Mail source refused: {path} ({reason})"},
    "inbox.done": {
        "id": "{messages} pesan, {processed} lampiran diperiksa, {reused} sudah pernah diperiksa. Indeks: {index}",
        "en": "{messages} message{messages_s}, {processed} attachment{processed_s} checked, {reused} already "
              "checked before. Index: {index}",
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
    "inbox.rekap-exists": {
        "id": "rekap.xlsx di folder keluaran sudah ada dan bukan rekap lkip-xls, jadi tidak ditimpa; pindahkan "
              "berkas itu atau pilih folder lain dengan --out-dir.",
        "en": "rekap.xlsx in the output folder already exists and is not an lkip-xls recap, so it is not "
              "overwritten; move that file or choose another folder with --out-dir.",
    },
    "inbox.failed": {"id": "Kotak surat tidak dapat dibaca: {detail}", "en": "The mailbox could not be read: {detail}"},
}


def lookup(table: dict[str, dict[str, str]], key: str, lang: str = "id", **params: Any) -> str:
    """Entry `key` of a words table in `lang` (Indonesian for an unknown language), filled with `params`; a
    count `n` also gives `{n_s}`, the English plural ending ("1 error", "2 errors"), which the Indonesian texts
    do not use. The one look-up behind `ui` and the outline's, the plan's and the recap's own words."""
    lang = lang if lang in LANGS else "id"
    plurals = {f"{name}_s": "" if value == 1 else "s" for name, value in params.items()
               if isinstance(value, int) and not isinstance(value, bool)}
    return table[key][lang].format(**plurals, **params)


def ui(key: str, lang: str = "id", **params: Any) -> str:
    """The interface text `key` in `lang` (see `lookup`)."""
    return lookup(UI, key, lang, **params)


def status_line(analysis: Analysis, lang: str) -> str:
    """"2 kesalahan, 1 peringatan, 0 info. Rata-rata capaian 70,36 % (Cukup Berhasil)." in one language."""
    return ui("summary-line", lang, errors=analysis.count(Severity.ERROR), warnings=analysis.count(Severity.WARNING),
              infos=analysis.count(Severity.INFO), average=percent(analysis.results.average, lang),
              category=analysis.results.average_category or "-")


# --------------------------------------------------------------------------- help texts of the command line
# `cli/commands.py` looks every help text up here when the command line starts, in the language of `--lang` (or
# LKIP_LANG): a command's help under `cmd.<command>`, its exit codes under `exit.<command>` (else `exit.files`),
# an option's or argument's help under `opt.<command>.<parameter>` or `opt.<parameter>` (the parameter's Python
# name), its placeholder under `metavar.<command>.<parameter>` or `metavar.<parameter>`, and the words Click and
# Typer would print in English under `click.*`. A new option needs one `opt.` pair (and a `metavar.` pair when
# it takes a value that is not a choice); tests/test_cli.py fails without them.

HELP: dict[str, dict[str, str]] = {
    # Click's and Typer's own words
    "click.usage": {"id": "Cara pakai", "en": "Usage"},
    "click.options": {"id": "Opsi", "en": "Options"},
    "click.arguments": {"id": "Argumen", "en": "Arguments"},
    "click.commands": {"id": "Perintah", "en": "Commands"},
    "click.options-metavar": {"id": "[OPSI]", "en": "[OPTIONS]"},
    "click.commands-metavar": {"id": "PERINTAH [ARGUMEN]...", "en": "COMMAND [ARGS]..."},
    "click.default": {"id": "[bawaan: {}]", "en": "[default: {}]"},
    "click.required": {"id": "[wajib]", "en": "[required]"},
    "click.envvar": {"id": "[variabel lingkungan: {}]", "en": "[env var: {}]"},
    "click.deprecated": {"id": "(usang) ", "en": "(deprecated) "},
    "click.help-option": {"id": "Tampilkan bantuan ini lalu keluar.", "en": "Show this message and exit."},
    "click.error": {"id": "Kesalahan", "en": "Error"},
    "click.aborted": {"id": "Dibatalkan.", "en": "Aborted."},
    "click.see-help": {"id": "Lihat '{command} --help'.", "en": "See '{command} --help'."},
    "click.rich-help": {"id": "Lihat [blue]'{command_path} {help_option}'[/].",
                        "en": "Try [blue]'{command_path} {help_option}'[/] for help."},
    "click.missing-argument": {"id": "Argumen {name} belum diberikan.", "en": "Missing argument {name}."},
    "click.missing-option": {"id": "Opsi {name} wajib diberikan.", "en": "Missing option {name}."},
    "click.missing-command": {"id": "Perintah belum diberikan.", "en": "Missing command."},
    "click.no-such-option": {"id": "Opsi {name} tidak dikenal.", "en": "No such option: {name}."},
    "click.possible-options": {"id": "Mungkin maksudnya: {names}.", "en": "Possible options: {names}."},
    "click.no-such-command": {"id": "Perintah {name} tidak dikenal.", "en": "No such command {name}."},
    "click.did-you-mean": {"id": "Mungkin maksudnya: {names}.", "en": "Did you mean {names}?"},
    "click.requires-value": {"id": "Opsi {name} memerlukan nilai.", "en": "Option {name} requires a value."},
    "click.takes-no-value": {"id": "Opsi {name} tidak menerima nilai.", "en": "Option {name} does not take a value."},
    "click.extra-arguments": {"id": "Argumen berlebih: {names}.", "en": "Unexpected extra arguments: {names}."},
    "click.invalid-value": {"id": "Nilai {name} tidak sah: {reason}", "en": "Invalid value for {name}: {reason}"},
    "click.not-a-choice": {"id": "{value} bukan salah satu dari {choices}.", "en": "{value} is not one of {choices}."},
    "click.not-a-number": {"id": "{value} bukan angka.", "en": "{value} is not a number."},
    "click.out-of-range": {"id": "{value} di luar rentang {range}.", "en": "{value} is not in the range {range}."},
    # commands: the first paragraph is the one line of the command list
    "cmd.root": {
        "id": "lkip-xls: periksa, hitung dan ringkas workbook Laporan Kinerja (LKIP/LKjIP).\n\n"
              "Bahasa bantuan dan pesan: --lang id|en (atau variabel lingkungan LKIP_LANG); bawaan id.",
        "en": "lkip-xls: check, compute and summarise performance-report (LKIP/LKjIP) workbooks.\n\n"
              "Language of help and messages: --lang id|en (or the environment variable LKIP_LANG); default id.",
    },
    "cmd.template": {
        "id": "Tulis template kosong untuk diisi instansi (atau, dengan --contoh, contoh yang sudah terisi).\n\n"
              "Berkas yang sudah ada hanya ditimpa dengan --force, dan hanya bila berupa template kosong; "
              "workbook yang sudah diisi tidak pernah ditimpa.",
        "en": "Write the empty template for the agencies to fill in (or, with --contoh, a filled-in example).\n\n"
              "An existing file is replaced only with --force, and only when it is an empty template; a "
              "filled-in workbook is never replaced.",
    },
    "cmd.check": {
        "id": "Baca dan periksa workbook saja; tidak menulis workbook.\n\n"
              "Setiap temuan dicetak dengan sheet dan selnya.",
        "en": "Read and check workbooks only; no workbook is written.\n\n"
              "Every finding is printed with its sheet and cell.",
    },
    "cmd.process": {
        "id": "Periksa, hitung, lalu tulis NAMA_hasil.xlsx dan NAMA_ringkasan.xlsx untuk setiap berkas.\n\n"
              "NAMA_hasil.xlsx: workbook instansi sendiri dengan kolom hitungan terisi (capaian, kategori, "
              "serapan, sisa), sel bermasalah berwarna (merah: kesalahan, kuning: peringatan) dan sheet "
              "Pemeriksaan. NAMA_ringkasan.xlsx: narasi Bab III dengan tabel dan grafik. Dengan --docx juga "
              "NAMA_lkip.docx, draf laporan dalam Word. Semuanya ditulis ke --out-dir (bawaan: folder berkas "
              "masukan); berkas masukan tidak pernah diubah.",
        "en": "Check, compute, then write NAME_hasil.xlsx and NAME_ringkasan.xlsx for every file.\n\n"
              "NAME_hasil.xlsx: the agency's own workbook with the computed columns filled in (capaian, "
              "category, serapan, sisa), problem cells coloured (red: error, yellow: warning) and a Pemeriksaan "
              "sheet. NAME_ringkasan.xlsx: the Bab III narrative with tables and charts. With --docx also "
              "NAME_lkip.docx, a Word draft of the report. All go to --out-dir (default: the input's folder); "
              "the input file is never modified.",
    },
    "cmd.inbox": {
        "id": "Periksa workbook lampiran email dan tulis draf balasan; tidak mengirim apa pun.\n\n"
              "Hasil, lampiran (lampiran/), draf balasan (balasan/), inbox.json dan rekap.xlsx ditulis ke "
              "--out-dir. Kata sandi IMAP hanya dari variabel lingkungan LKIP_IMAP_PASSWORD.",
        "en": "Check the workbooks that came by mail and draft the replies; nothing is sent.\n\n"
              "Outputs, attachments (lampiran/), reply drafts (balasan/), inbox.json and rekap.xlsx go to "
              "--out-dir. The IMAP password comes only from the environment variable LKIP_IMAP_PASSWORD.",
    },
    "cmd.rekap": {
        "id": "Rekap banyak workbook instansi dalam satu workbook untuk pemda atau provinsi.\n\n"
              "Folder berarti semua .xlsx/.xlsm di dalamnya, termasuk NAMA_hasil.xlsx yang dikirim kembali "
              "(yang lebih baru dipakai); berkas _ringkasan dilewati.",
        "en": "Recap many agencies' workbooks in one workbook for the pemda or province.\n\n"
              "A folder means every .xlsx/.xlsm in it, including returned NAME_hasil.xlsx files (the newer one "
              "is used); _ringkasan files are skipped.",
    },
    # exit codes, in words
    "exit.root": {
        "id": "Status keluar: 0 = terbaca tanpa kesalahan (peringatan boleh); 1 = terbaca, ada kesalahan; "
              "2 = berkas tidak terbaca atau perintah salah pakai. Untuk banyak berkas: yang tertinggi.",
        "en": "Exit status: 0 = read without errors (warnings allowed); 1 = read, with errors; 2 = a file could "
              "not be read, or a usage error. For many files: the highest.",
    },
    "exit.files": {
        "id": "Status keluar: 0 = semua berkas terbaca tanpa kesalahan (peringatan boleh); 1 = ada berkas dengan "
              "kesalahan; 2 = ada berkas yang tidak terbaca, atau perintah salah pakai.",
        "en": "Exit status: 0 = every file read without errors (warnings allowed); 1 = a file has errors; "
              "2 = a file could not be read, or a usage error.",
    },
    "exit.template": {
        "id": "Status keluar: 0 = template ditulis; 1 = tidak dipakai; 2 = berkas sudah ada, tidak dapat "
              "ditulis, atau perintah salah pakai.",
        "en": "Exit status: 0 = template written; 1 = not used; 2 = the file exists already, cannot be written, "
              "or a usage error.",
    },
    "exit.inbox": {
        "id": "Status keluar: 0 = tidak ada kesalahan; 1 = ada workbook dengan kesalahan; 2 = ada lampiran atau "
              "email yang tidak terbaca, kotak surat tidak dapat dibaca, atau perintah salah pakai.",
        "en": "Exit status: 0 = no errors; 1 = a workbook has errors; 2 = an attachment or a message could not "
              "be read, the mailbox could not be read, or a usage error.",
    },
    # options and arguments (by their Python name)
    "opt.version": {"id": "Tampilkan versi lalu keluar.", "en": "Show the version and exit."},
    "opt.lang": {"id": "Bahasa bantuan, pesan dan hasil.", "en": "Language of help, messages and outputs."},
    "opt.files": {"id": "Workbook .xlsx/.xlsm atau folder (semua .xlsx/.xlsm di dalamnya, tanpa _hasil/_ringkasan "
                        "buatan lkip-xls).",
                  "en": "Workbooks (.xlsx/.xlsm) or folders (every .xlsx/.xlsm in them, without lkip-xls's own "
                        "_hasil/_ringkasan)."},
    "opt.rekap.files": {"id": "Workbook .xlsx/.xlsm atau folder (termasuk _hasil yang dikirim kembali).",
                        "en": "Workbooks (.xlsx/.xlsm) or folders (returned _hasil files included)."},
    "opt.json_path": {"id": "Tulis juga dokumen JSON ke BERKAS, atau '-' ke keluaran standar.",
                      "en": "Also write the JSON document to FILE, or '-' for standard output."},
    "opt.jobs": {"id": "Jumlah proses paralel (bawaan: jumlah CPU).",
                 "en": "Number of parallel processes (default: the number of CPUs)."},
    "opt.max_size": {"id": "Tolak workbook yang isinya lebih besar dari batas ini, dalam MB.",
                     "en": "Refuse workbooks whose content is larger than this, in MB."},
    "opt.quiet": {"id": "Hanya tampilkan tabel ringkasan.", "en": "Print only the summary table."},
    "opt.template.path": {"id": "Berkas yang ditulis (bawaan lkip-template.xlsx; dengan --contoh lkip-contoh.xlsx).",
                          "en": "The file to write (default lkip-template.xlsx; with --contoh lkip-contoh.xlsx)."},
    "opt.template.example": {"id": "Tulis contoh yang sudah terisi (instansi rekaan) alih-alih template kosong.",
                             "en": "Write a filled-in example (an invented agency) instead of the empty template."},
    "opt.template.force": {"id": "Timpa berkas yang sudah ada bila berupa template kosong (workbook yang sudah "
                                 "diisi tidak pernah ditimpa).",
                           "en": "Replace an existing file when it is an empty template (a filled-in workbook "
                                 "is never replaced)."},
    "opt.process.out_dir": {"id": "Folder untuk NAMA_hasil.xlsx dan NAMA_ringkasan.xlsx (bawaan: folder berkas "
                                  "masukan).",
                            "en": "Folder for NAME_hasil.xlsx and NAME_ringkasan.xlsx (default: the input's "
                                  "folder)."},
    "opt.process.docx": {"id": "Tulis juga NAMA_lkip.docx: draf Laporan Kinerja dalam Word (Bab I-IV, tabel "
                                 "bernomor, isian untuk OPD; bertanda DRAF selama masih ada kesalahan).",
                           "en": "Also write NAME_lkip.docx: a Word draft of the performance report (Bab I-IV, "
                                 "numbered tables, placeholders for the agency; marked DRAFT while errors remain)."},
    "opt.inbox.out_dir": {"id": "Folder untuk hasil, lampiran, draf balasan, inbox.json dan rekap.xlsx.",
                          "en": "Folder for the outputs, attachments, reply drafts, inbox.json and rekap.xlsx."},
    "opt.rekap.out": {"id": "Workbook rekap yang ditulis.", "en": "The recap workbook to write."},
    "opt.sources": {"id": "Berkas .eml, berkas mbox, folder Maildir atau folder berisi .eml.",
                    "en": ".eml files, mbox files, Maildir folders or folders of .eml files."},
    "opt.all_messages": {"id": "IMAP: baca semua pesan, bukan hanya yang belum dibaca.",
                         "en": "IMAP: read every message, not only the unseen ones."},
    "opt.mark_seen": {"id": "IMAP: tandai pesan sudah dibaca setelah drafnya ditulis.",
                      "en": "IMAP: mark a message seen once its draft is written."},
    "opt.imap_host": {"id": "Server IMAP (TLS, port 993).", "en": "IMAP server (TLS, port 993)."},
    "opt.imap_port": {"id": "Port IMAP (bawaan 993; 143 dengan --imap-insecure).",
                      "en": "IMAP port (default 993; 143 with --imap-insecure)."},
    "opt.imap_user": {"id": "Nama pengguna IMAP (wajib bersama --imap-host).",
                      "en": "IMAP user name (required with --imap-host)."},
    "opt.folder": {"id": "Folder IMAP yang dibaca.", "en": "The IMAP folder to read."},
    "opt.imap_insecure": {"id": "IMAP tanpa TLS, hanya ke 127.0.0.1, ::1 atau localhost (untuk pengujian).",
                          "en": "Plain IMAP without TLS, to 127.0.0.1, ::1 or localhost only (for tests)."},
    "opt.from_address": {"id": "Alamat pengirim draf (bawaan: pengguna IMAP).",
                         "en": "From address of the drafts (default: the IMAP user)."},
    "opt.signature": {"id": "Penutup draf: nama, jabatan, telepon; '\\n' memisahkan baris (bawaan: alamat --from).",
                      "en": "Closing lines of the drafts: name, office, phone; '\\n' separates lines (default: "
                            "the --from address)."},
    # placeholders of values
    "metavar.files": {"id": "BERKAS...", "en": "FILE..."},
    "metavar.rekap.files": {"id": "BERKAS|FOLDER...", "en": "FILE|FOLDER..."},
    "metavar.sources": {"id": "SUMBER...", "en": "SOURCE..."},
    "metavar.path": {"id": "BERKAS", "en": "FILE"},
    "metavar.out": {"id": "BERKAS", "en": "FILE"},
    "metavar.out_dir": {"id": "FOLDER", "en": "DIR"},
    "metavar.json_path": {"id": "BERKAS|-", "en": "FILE|-"},
    "metavar.jobs": {"id": "N", "en": "N"},
    "metavar.max_size": {"id": "MB", "en": "MB"},
    "metavar.imap_host": {"id": "HOST", "en": "HOST"},
    "metavar.imap_port": {"id": "PORT", "en": "PORT"},
    "metavar.imap_user": {"id": "NAMA", "en": "USER"},
    "metavar.folder": {"id": "FOLDER", "en": "FOLDER"},
    "metavar.from_address": {"id": "ALAMAT", "en": "ADDRESS"},
    "metavar.signature": {"id": "TEKS", "en": "TEXT"},
}


def help_text(key: str, lang: str = "id") -> str:
    lang = lang if lang in LANGS else "id"
    return HELP[key][lang]


def parameter_help(kind: str, command: str, name: str, lang: str = "id") -> str | None:
    """`kind` ("opt", "metavar", "cmd" or "exit") of a command's parameter: the command's own entry first, then the
    shared one; None when there is neither."""
    for key in (f"{kind}.{command}.{name}", f"{kind}.{name}"):
        if key in HELP:
            return help_text(key, lang)
    return None
