"""The summary workbook NAME_ringkasan.xlsx: narrative, tables, charts, languages, and how it prints."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lkip_xls import api
from lkip_xls.cli import app
from lkip_xls.outputs import summary
from lkip_xls.text import narrative
from lkip_xls.text.words import counted, terbilang

from .conftest import SAMPLES, minimal_data

SHEETS_ID = ["Ringkasan", "Capaian IKU", "Anggaran", "Efisiensi", "SDM", "Temuan"]
NTT_TOP_PAGU_WORDS = ("dua puluh miliar tujuh ratus tujuh puluh satu juta empat ratus sembilan puluh enam ribu "
                      "lima ratus dua puluh")


def analyse(name: str) -> api.Analysis:
    analysis = api.check_file(SAMPLES / name).analysis
    assert analysis is not None
    return analysis


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    """The summary of every sample (Indonesian), and of NTT in English."""
    folder = tmp_path_factory.mktemp("ringkasan")
    paths = {}
    for name in ("ntt-2024", "babel-2020", "pasuruan-2022", "pasuruan-2022-program"):
        paths[name] = folder / f"{name}_ringkasan.xlsx"
        summary.write_summary(analyse(f"{name}.xlsx"), paths[name], "id", f"{name}.xlsx")
    paths["ntt-en"] = folder / "ntt-2024_en_ringkasan.xlsx"
    summary.write_summary(analyse("ntt-2024.xlsx"), paths["ntt-en"], "en", "ntt-2024.xlsx")
    return paths


def narrative_text(path: Path, sheet: str = "Ringkasan") -> str:
    worksheet = openpyxl.load_workbook(path)[sheet]
    return " ".join(str(c.value) for c in worksheet["A"] if c.value is not None)


def rows_of(worksheet) -> list[list]:
    return [list(r) for r in worksheet.iter_rows(values_only=True)]


def find_row(worksheet, column: int, value) -> list:
    return next(r for r in rows_of(worksheet) if len(r) > column and r[column] == value)


# --------------------------------------------------------------------------- structure and figures


def test_sheets_follow_the_data(written):
    assert openpyxl.load_workbook(written["ntt-2024"]).sheetnames == SHEETS_ID
    pasuruan = openpyxl.load_workbook(written["pasuruan-2022"]).sheetnames
    assert pasuruan == [s for s in SHEETS_ID if s != "SDM"]  # no SDM sheet in that workbook


def test_capaian_table_holds_numbers_and_the_ntt_average(written):
    worksheet = openpyxl.load_workbook(written["ntt-2024"])["Capaian IKU"]
    header = find_row(worksheet, 0, "No")
    capaian, category = header.index("Capaian (%)"), header.index("Kategori")
    indicators = [r for r in rows_of(worksheet) if isinstance(r[0], (int, float)) and r[3]]
    assert [r[capaian] for r in indicators] == [100, 100, 11.07]
    assert [r[category] for r in indicators] == ["Sangat Berhasil", "Sangat Berhasil", "Belum Berhasil"]
    average = find_row(worksheet, 0, "Rata-rata capaian (3 indikator)")
    assert average[capaian] == 70.36 and average[category] == "Cukup Berhasil"
    cell = next(c for row in worksheet.iter_rows() for c in row if c.value == 11.07)
    assert cell.data_type == "n" and cell.number_format.endswith("0.00")
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")  # the worst category is red


def test_babel_koefisien_variasi_and_its_comparison_target(written):
    worksheet = openpyxl.load_workbook(written["babel-2020"])["Capaian IKU"]
    header = find_row(worksheet, 0, "No")
    row = find_row(worksheet, 3, "IKU3.1")
    assert row[header.index("Capaian (%)")] == 111.45
    assert row[header.index("Target")] == "< 11"
    assert row[header.index("Arah")] == "Turun"


def test_pasuruan_omset_capaian(written):
    worksheet = openpyxl.load_workbook(written["pasuruan-2022"])["Capaian IKU"]
    header = find_row(worksheet, 0, "No")
    assert find_row(worksheet, 3, "IKU2.1")[header.index("Capaian (%)")] == 416.67


def test_budget_sheet_marks_low_absorption_and_keeps_both_totals(written):
    worksheet = openpyxl.load_workbook(written["ntt-2024"])["Anggaran"]
    program_7 = find_row(worksheet, 0, "7")
    assert program_7[2:6] == [24000000, 19098000, 79.58, 4902000]
    assert program_7[6] == "Serapan < 90%"
    assert find_row(worksheet, 0, "2")[6] == ""
    assert find_row(worksheet, 1, "Jumlah program")[2] == 20771496520  # program 1's pagu as corrected
    jumlah = find_row(worksheet, 1, "JUMLAH (sebagaimana tertulis)")
    assert jumlah[2:5] == [20771496520, 18586962597, 89.48]
    pagu = next(c for row in worksheet.iter_rows() for c in row if c.value == 24000000)
    assert "#,##0" in pagu.number_format


def test_efficiency_and_staff_sheets(written):
    workbook = openpyxl.load_workbook(written["ntt-2024"])
    assert find_row(workbook["Efisiensi"], 0, "SS2")[7:9] == [-81.46, "Tidak Efisien"]
    sdm = workbook["SDM"]
    assert find_row(sdm, 0, "S1/D4")[1:3] == [42, 66.67]  # of 63 ASN
    assert find_row(sdm, 0, "JUMLAH")[1:8] == [63, 0, None, 60, 123, 59, 64]


def test_findings_sheet_lists_every_finding(written):
    worksheet = openpyxl.load_workbook(written["ntt-2024"])["Temuan"]
    codes = [r[1] for r in rows_of(worksheet) if r[0] in ("Kesalahan", "Peringatan")]
    assert len(codes) == 4 and codes.count("SDM-PENDIDIKAN-DIFFERS") == 2  # the rest is explained: info
    assert find_row(worksheet, 1, "ANGGARAN-TOTAL-DIFFERS")[2:4] == ["Anggaran", "D61"]
    assert find_row(worksheet, 1, "ANGGARAN-TOTAL-DIFFERS")[5] == "Anggaran!D4"  # Akibat dari


def test_charts_are_present(written):
    with zipfile.ZipFile(written["ntt-2024"]) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 4  # capaian (with its 100 % line), serapan, pendidikan, jabatan
    workbook = openpyxl.load_workbook(written["ntt-2024"])
    assert len(workbook["Capaian IKU"]._charts) == 1 and len(workbook["Anggaran"]._charts) == 1


def test_sheets_are_set_up_for_printing(written):
    workbook = openpyxl.load_workbook(written["ntt-2024"])
    for worksheet in workbook.worksheets:
        assert worksheet.page_setup.paperSize == 9, worksheet.title
        assert worksheet.sheet_properties.pageSetUpPr.fitToPage and worksheet.page_setup.fitToHeight == 0
    assert workbook["Capaian IKU"].page_setup.orientation == "landscape"
    assert workbook["Capaian IKU"].print_title_rows is None  # one page of table: no header above the chart's page
    assert workbook["Temuan"].print_title_rows == "$4:$4"


# --------------------------------------------------------------------------- the narrative


def test_ntt_narrative_states_the_published_figures(written):
    text = narrative_text(written["ntt-2024"])
    for expected in (
        "diukur dengan 3 (tiga) indikator kinerja utama (IKU) dalam 2 (dua) sasaran strategis",
        "2 (dua) indikator mencapai atau melampaui target dan 1 (satu) indikator belum mencapai target",
        "Rata-rata capaian kinerja sebesar 70,36% dengan kategori Cukup Berhasil",
        "sebesar 100,00% dari target 1,3% (realisasi 1,4%), kategori Sangat Berhasil",
        "capaian sebenarnya 107,69%",
        "meningkat 0,09 poin persen dibanding tahun 2023 (1,31%)",
        "menurun 17,47 poin persen dibanding tahun 2023 (23,56%)",
        "Terhadap target akhir Renstra sebesar 75%, realisasi tahun ini setara dengan 8,12%",
        f"Rp20.771.496.520 ({NTT_TOP_PAGU_WORDS} rupiah)",  # the programs, program 1's stale pagu corrected
        "Rp18.586.962.597 (delapan belas miliar",
        "atau serapan 89,48%",
        "Program Pengendalian Izin Usaha Industri (79,58%)",
        "efisiensi -81,46 poin (Tidak Efisien)",
        "tercatat 123 (seratus dua puluh tiga) orang",
        "49 orang dari 63 ASN atau 77,78% berpendidikan sarjana",
        "Menurut jabatan, dari 63 PNS dan CPNS terdapat 1 orang pejabat pimpinan tinggi, 4 orang pejabat "
        "administrator, 4 orang pejabat pengawas, 11 orang pejabat fungsional, dan 43 orang pelaksana.",
        "terdapat 7 orang golongan IV, 51 orang golongan III, dan 5 orang golongan II.",  # no "0 orang golongan I"
        "DRAF — masih ada 4 kesalahan",
    ):
        assert expected in text, expected
    # the corrected cells and the findings are told in the Temuan sheet, never in the report's prose
    for absent in ("Anggaran!D4", "SDM!G10", "pejabat struktural", "golongan I.", "SDM-PENDIDIKAN-DIFFERS", "Temuan"):
        assert absent not in text, absent
    assert "seluruh" not in text.split("Capaian per Sasaran")[0].lower()


def test_babel_narrative(written):
    text = narrative_text(written["babel-2020"])
    assert "Capaian kinerja indikator Terkendalnya harga kebutuhan pokok antar waktu (koefisien variasi) (IKU3.1) " \
           "tahun 2020 sebesar 111,45% dari target < 11% (realisasi 9,74%)" in text
    # Turun: lower than the target is better, never "melampaui target" (DOMAIN.md §1)
    assert "kategori Sangat Tinggi; realisasi lebih rendah dari target, lebih baik: indikator ini berarah turun" in text
    assert "Realisasi ini sudah lebih baik (lebih rendah) daripada target akhir Renstra sebesar 11%" in text
    # CAPAIAN-EXTREME is stated as a figure to check, never as an achievement
    assert "Capaian indikator Nilai Investasi Industri (IKU1.1) tahun 2020 terhitung 1.319,45%" in text
    assert "perlu diperiksa terlebih dahulu dan belum dapat dinyatakan sebagai capaian kinerja" in text
    assert "Capaian kinerja indikator Nilai Investasi Industri" not in text
    assert "Capaian 1 (satu) indikator melebihi 1.000% dan perlu diperiksa" in text
    assert "menurun US$115.031.119,46 (8,73%) dibanding tahun 2019 (US$1.318.136.726)" in text
    assert "DRAF" not in text  # warnings only: no draft mark
    # the published average (290,27) is stated as computed, never with a category: it rests on the 1.319,45%
    assert "Rata-rata capaian kinerja terhitung 290,27%, tetapi memuat capaian yang perlu diperiksa" in text
    assert "Rata-rata capaian kinerja sebesar" not in text


def test_babel_narrative_in_english_says_lower_is_better_and_checks_the_extreme_figure(tmp_path):
    analysis = api.check_file(SAMPLES / "babel-2020.xlsx").analysis
    text = " ".join(b.text for b in narrative.render(analysis, "en"))
    assert "the realisasi is below the target, which is better: for this indicator lower is better" in text
    assert "computes as 1,319.45%" in text and "needs checking first" in text
    assert "exceeded the target" not in text.split("(IKU3.1)")[1].split("(IKU4.1)")[0]


def test_english_summary_with_lang_en(written):
    workbook = openpyxl.load_workbook(written["ntt-en"])
    assert workbook.sheetnames == ["Summary", "IKU Achievement", "Budget", "Efficiency", "Staff", "Findings"]
    text = narrative_text(written["ntt-en"], "Summary")
    assert "measured with 3 (three) key performance indicators (IKU) under 2 (two) strategic objectives" in text
    assert "The average capaian is 70.36%, category Cukup Berhasil" in text
    assert "Rp20,771,496,520 (twenty billion, seven hundred and seventy-one million" in text
    assert text.startswith("DRAFT — 4 errors remain")
    assert "dengan kategori" not in text and "sebesar" not in text  # no Indonesian sentence left over


def test_never_says_all_reached_when_one_is_below(make_workbook):
    analysis = api.check_file(make_workbook()).analysis  # indicators at 105 % and 80 %
    text = " ".join(b.text for b in narrative.render(analysis))
    assert "1 (satu) indikator mencapai atau melampaui target dan 1 (satu) indikator belum mencapai target" in text
    assert "seluruh" not in text.lower().split("akuntabilitas keuangan")[0]


def test_says_all_reached_only_when_every_indicator_is(make_workbook):
    data = minimal_data()
    data["IKU"][1]["Realisasi"] = 50
    analysis = api.check_file(make_workbook(data)).analysis
    text = " ".join(b.text for b in narrative.render(analysis))
    assert "Dari 2 (dua) indikator tersebut, seluruhnya mencapai atau melampaui target." in text


def test_missing_realisasi_and_missing_staff_are_said_not_crashed(make_workbook, tmp_path):
    data = minimal_data()
    data["IKU"][1]["Realisasi"] = "belum rilis"
    analysis = api.check_file(make_workbook(data)).analysis
    text = " ".join(b.text for b in narrative.render(analysis))
    assert "1 (satu) indikator belum dapat dihitung capaiannya" in text
    assert "realisasinya belum tersedia (\"belum rilis\")" in text
    summary.write_summary(analysis, tmp_path / "x_ringkasan.xlsx")
    assert "SDM" not in openpyxl.load_workbook(tmp_path / "x_ringkasan.xlsx").sheetnames


@pytest.mark.parametrize(("amount", "words"), [
    (1670733000, "Satu miliar enam ratus tujuh puluh juta tujuh ratus tiga puluh tiga ribu rupiah"),
    (20771496520, "Dua puluh miliar tujuh ratus tujuh puluh satu juta empat ratus sembilan puluh enam ribu lima "
                  "ratus dua puluh rupiah"),
    (18586962597, "Delapan belas miliar lima ratus delapan puluh enam juta sembilan ratus enam puluh dua ribu lima "
                  "ratus sembilan puluh tujuh rupiah"),
    (1580565310, "Satu miliar lima ratus delapan puluh juta lima ratus enam puluh lima ribu tiga ratus sepuluh "
                 "rupiah"),
    (450000000, "Empat ratus lima puluh juta rupiah"),
    (311109030, "Tiga ratus sebelas juta seratus sembilan ribu tiga puluh rupiah"),
])
def test_terbilang_matches_the_ntt_report(amount, words):
    assert terbilang(Decimal(amount)) == words.lower()


def test_terbilang_sen_and_counts():
    assert terbilang(Decimal("1234567.41")) == ("satu juta dua ratus tiga puluh empat ribu lima ratus "
                                                "enam puluh tujuh rupiah empat puluh satu sen")
    assert counted(3) == "3 (tiga)" and counted(26) == "26 (dua puluh enam)"
    assert counted(6, "en") == "6 (six)"


def test_agency_text_starting_with_equals_stays_text(tmp_path):
    analysis = analyse("ntt-2024.xlsx")
    analysis.data.identitas.agency = '=HYPERLINK("http://example.com","klik")'
    analysis.results.indicators[0].indicator.name = "=1+1"
    analysis.results.indicators[0].indicator.sasaran_name = "@SUM(A1:A2)"
    next(b for b in analysis.results.budget if b.is_top_level).line.name = "+cmd|' /C calc'!A0"
    analysis.data.staff_units[0].unit = "-2+3"
    target = tmp_path / "x_ringkasan.xlsx"
    summary.write_summary(analysis, target)
    with zipfile.ZipFile(target) as archive:
        assert not any("<f>" in archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets"))
    workbook = openpyxl.load_workbook(target)
    assert workbook["Capaian IKU"]["A2"].value.startswith('=HYPERLINK("http://example.com","klik")')
    assert workbook["Capaian IKU"]["A2"].data_type == "s"
    assert find_row(workbook["Capaian IKU"], 4, "=1+1")[2] == "@SUM(A1:A2)"
    assert find_row(workbook["SDM"], 0, "-2+3")
    assert 'dengan 3 (tiga) indikator' in narrative_text(target)


# --------------------------------------------------------------------------- through the command line


def test_process_writes_the_summary_and_names_it_in_the_json(tmp_path):
    out = tmp_path / "X"
    result = CliRunner().invoke(app, ["process", str(SAMPLES / "ntt-2024.xlsx"), "--out-dir", str(out),
                                      "--json", "-"])
    assert result.exit_code == 1, result.output  # the published report has arithmetic slips
    document = json.loads(result.stdout)["files"][0]
    assert document["outputs"]["ringkasan"] == str(out / "ntt-2024_ringkasan.xlsx")
    assert openpyxl.load_workbook(out / "ntt-2024_ringkasan.xlsx").sheetnames == SHEETS_ID
    english = CliRunner().invoke(app, ["process", str(SAMPLES / "pasuruan-2022.xlsx"), "--out-dir", str(out),
                                       "--lang", "en"])
    assert english.exit_code == 0, english.output
    workbook = openpyxl.load_workbook(out / "pasuruan-2022_ringkasan.xlsx")
    assert workbook.sheetnames == ["Summary", "IKU Achievement", "Budget", "Efficiency", "Findings"]
    assert "The average capaian is 255.34%, category Sangat Tinggi" in narrative_text(
        out / "pasuruan-2022_ringkasan.xlsx", "Summary")


# --------------------------------------------------------------------------- a real spreadsheet program


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    return " ".join(text.split())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_libreoffice_prints_hasil_and_ringkasan(tmp_path):
    options = api.Options(out_dir=tmp_path / "out")
    result = api.process_file(SAMPLES / "ntt-2024.xlsx", options)
    hasil, ringkasan = Path(result.outputs["hasil"]), Path(result.outputs["ringkasan"])
    pdf_dir = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    completed = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(pdf_dir), str(hasil), str(ringkasan)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    assert completed.returncode == 0, completed.stderr
    summary_text = pdf_text(pdf_dir / "ntt-2024_ringkasan.pdf")
    for expected in ("Ringkasan Laporan Kinerja Tahun 2024", "3 (tiga) indikator kinerja utama",
                     "Rata-rata capaian kinerja sebesar 70,36% dengan kategori Cukup Berhasil",
                     "Rp20.771.496.520", NTT_TOP_PAGU_WORDS, "atau serapan 89,48%", "77,78%",
                     "Capaian Indikator Kinerja Utama", "70,36", "Cukup Berhasil", "20.771.496.520", "79,58",
                     "ANGGARAN-TOTAL-DIFFERS"):
        assert expected in summary_text, expected
    hasil_text = pdf_text(pdf_dir / "ntt-2024_hasil.pdf")
    assert "ANGGARAN-TOTAL-DIFFERS" in hasil_text and "Cukup Berhasil" in hasil_text
