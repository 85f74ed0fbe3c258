"""The plan and the evidence in the report (issue #16, summary part): Tujuan, Dirata-rata Tidak, this year against
last year, the Renstra years and the kemajuan toward Target Akhir, national and provincial figures, Data Dukung as
worked formulas and PK Target Awal, each as a table and as sentences, in the summary workbook (narrative sheet and
the Rencana dan Data Dukung sheet) and in the Word draft; nothing of it where a workbook has none of the data."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
import openpyxl
import pytest

from lkip_xls import api
from lkip_xls.core.findings import CATALOGUE
from lkip_xls.outputs import docx as docx_output
from lkip_xls.outputs import summary
from lkip_xls.rules.facts import facts
from lkip_xls.text import narrative, outline

from .builders import analyse, evidence_row, identitas, indicator, minimal, renstra_row
from .conftest import SAMPLES, write_workbook
from .test_plan import v2_data
from .test_summary_report import TOOL_WORDS

PLAN_SHEET = {"id": "Rencana dan Data Dukung", "en": "Plan and Evidence"}
NARRATIVE = {"id": "Ringkasan", "en": "Summary"}


def report_data() -> dict:
    """test_plan's version 2 workbook with a provincial figure beside the national one."""
    data = v2_data()
    data["IKU"][0]["Nilai Provinsi"] = "1,6"
    return data


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("planreport")
    analysis = api.check_file(write_workbook(folder / "rencana.xlsx", report_data())).analysis
    assert analysis is not None
    paths = {}
    for lang in ("id", "en"):
        book, draft = folder / f"rencana_{lang}_ringkasan.xlsx", folder / f"rencana_{lang}_lkip.docx"
        summary.write_summary(analysis, book, lang, "rencana.xlsx")
        docx_output.write_docx(analysis, draft, lang, "rencana.xlsx")
        paths[lang] = (book, draft)
    return paths


def sheet_rows(path: Path, sheet: str) -> list[list[str]]:
    worksheet = openpyxl.load_workbook(path)[sheet]
    return [[str(c) for c in row if c is not None] for row in worksheet.iter_rows(values_only=True)
            if any(c is not None for c in row)]


def table_after(rows: list[list[str]], caption: str) -> list[list[str]]:
    """The header and body rows of the table captioned `caption` (up to the next caption)."""
    start = next(i for i, r in enumerate(rows) if r and r[0].endswith(caption))
    end = next((i for i in range(start + 1, len(rows)) if rows[i][0].startswith(("Tabel ", "Table "))), len(rows))
    return rows[start + 1:end]


def docx_table(document, caption: str) -> list[list[str]]:
    """The cells of the Word table whose caption paragraph ends with `caption` (the paragraph before it)."""
    body = document.element.body
    previous = None
    for child in body.iterchildren():
        if child.tag.endswith("}tbl") and previous is not None and previous.endswith(caption):
            table = next(t for t in document.tables if t._tbl is child)
            return [[c.text for c in row.cells] for row in table.rows]
        if child.tag.endswith("}p"):
            previous = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
    raise AssertionError(f"no table captioned {caption}")


# --------------------------------------------------------------------------- the summary workbook


def test_summary_sheet_holds_every_table_with_the_figures(written):
    rows = sheet_rows(written["id"][0], PLAN_SHEET["id"])
    assert table_after(rows, "Capaian Indikator Tujuan Tahun 2024") == [
        ["Indikator Tujuan", "Satuan", "Target", "Realisasi", "Capaian (%)", "Kategori"],
        ["Pertumbuhan ekonomi", "%", "5", "5,5", "110,00", "Sangat Tinggi"]]
    assert table_after(rows, "Perbandingan Capaian Tahun 2024 dengan Tahun 2023") == [
        ["Indikator Kinerja", "Target 2023", "Realisasi 2023", "Capaian 2023 (%)", "Target 2024", "Realisasi 2024",
         "Capaian 2024 (%)", "Perubahan Capaian (poin persen)"],
        ["Kontribusi sektor", "2", "1,2", "60,00", "2", "1,5", "75,00", "+15,00"]]
    renstra = table_after(rows, "Target dan Realisasi Renstra per Tahun")
    assert [r[-5:] for r in renstra[1:]] == [
        ["2021", "1,2", "1,1", "91,67", "-"], ["2022", "1,5", "1,3", "86,67", "−5,00"],
        ["2023", "1,8", "1,2", "66,67", "−20,00"], ["2024", "2,1", "1,5", "71,43", "+4,76"],
        ["2025", "2,5", "-", "-", "-"], ["2026", "3", "-", "-", "-"]]
    assert table_after(rows, "Kemajuan terhadap Target Akhir Renstra") == [
        ["Indikator Kinerja", "Kondisi Awal", "Target Akhir Renstra 2026", "Realisasi 2024",
         "Realisasi ÷ Target Akhir (%)", "Kemajuan menurut Rumus Capaian (%)"],
        ["Kontribusi sektor", "1", "3", "1,5", "50,00", "50,00"]]
    assert table_after(rows, "Perbandingan Realisasi dengan Angka Nasional dan Provinsi Tahun 2024")[1] == [
        "Kontribusi sektor", "%", "1,5", "1,25", "120,00", "1,6", "93,75"]
    assert table_after(rows, "Data Dukung Perhitungan Realisasi Tahun 2024")[1:] == [
        ["Kontribusi sektor", "Persentase = PDRB sektor ÷ PDRB total × 100% = 1.916.311,34 ÷ 137.282.476,24 × 100% "
         "= 1,40%", "1,40%", "1,5"],
        ["Ind dua", "Persentase = Nilai A ÷ Nilai B × 100% = 45 ÷ 90 × 100% = 50,00%", "50,00%",
         "50 (dari data dukung)"]]
    assert table_after(rows, "Perubahan Target Perjanjian Kinerja Tahun 2024")[1] == [
        "Kontribusi sektor", "%", "1,8", "2"]
    captions = [r[0] for r in rows if r[0].startswith("Tabel ")]
    assert [c.split(".")[0] for c in captions] == [f"Tabel {n}" for n in range(1, 8)]  # numbered in order


def test_summary_narrative_states_each_part_in_report_prose(written):
    text = " ".join(" ".join(r) for r in sheet_rows(written["id"][0], NARRATIVE["id"]))
    for sentence in (
        "Capaian indikator tujuan Pertumbuhan ekonomi (T1) tahun 2024 sebesar 110,00% dari target 5%",
        "Indikator Indeks tata kelola disajikan tanpa ikut dirata-rata",
        "Dibanding tahun 2023, capaian meningkat pada 1 (satu) indikator: Kontribusi sektor (IKU1) dari 60,00% "
        "menjadi 75,00% atau naik 15,00 poin persen.",
        "Capaian indikator Kontribusi sektor (IKU1) terhadap target tahunan Renstra: 2021 sebesar 91,67%, 2022 "
        "sebesar 86,67%, 2023 sebesar 66,67%, dan 2024 sebesar 71,43%.",
        "terhadap target akhir Renstra tahun 2026 (3%) dengan realisasi tahun 2024 1,5%: realisasi ÷ target akhir "
        "× 100% = 50,00%, yang juga merupakan rumus capaian indikator ini.",  # Naik: one formula, said once
        "lebih tinggi dari angka nasional 1,25% (realisasi ÷ angka nasional × 100% = 120,00%) dan lebih rendah dari "
        "angka provinsi 1,6% (realisasi ÷ angka provinsi × 100% = 93,75%).",
        "Persentase = PDRB sektor ÷ PDRB total × 100% = 1.916.311,34 ÷ 137.282.476,24 × 100% = 1,40%; hasil ini "
        "berbeda dengan realisasi yang tercantum (1,5), dan capaian dalam laporan ini dihitung dari realisasi yang "
        "tercantum, 1,5.",
        "karena realisasinya belum diisi, hasil ini dipakai sebagai realisasi indikator tersebut.",
        "Target awal PK indikator Kontribusi sektor (IKU1) sebesar 1,8% diubah menjadi 2% pada PK Perubahan.",
    ):
        assert sentence in text, sentence
    # the Renstra sheet's sentence replaces the IKU column's: Target Akhir said once
    assert "Terhadap target akhir Renstra sebesar" not in text
    for code in CATALOGUE:
        assert code not in text, code
    for word in TOOL_WORDS:
        assert word not in text, word


def test_summary_in_english(written):
    book = written["en"][0]
    text = " ".join(" ".join(r) for r in sheet_rows(book, NARRATIVE["en"]))
    assert "Progress of Kontribusi sektor (IKU1) toward the Renstra final target for 2026 (3%)" in text
    assert "1,916,311.34 ÷ 137,282,476.24 × 100% = 1.40%" in text
    assert "The initial PK target of Kontribusi sektor (IKU1), 1.8%, was changed to 2%" in text
    rows = sheet_rows(book, PLAN_SHEET["en"])
    assert table_after(rows, "Goal Indicators (Tujuan), 2024")[1] == [
        "Pertumbuhan ekonomi", "%", "5", "5.5", "110.00", "Sangat Tinggi"]
    for word in TOOL_WORDS:
        assert word not in text, word


def test_capaian_sheet_leaves_tujuan_out_and_marks_not_averaged(written):
    rows = sheet_rows(written["id"][0], "Capaian IKU")
    names = [c for r in rows for c in r]
    assert "Pertumbuhan ekonomi" not in names and "T1" not in names
    assert "Indeks tata kelola (tidak dirata-rata)" in names
    assert ["Rata-rata capaian (2 indikator)", "87.5", "Tinggi"] in rows


# --------------------------------------------------------------------------- the Word draft


def test_docx_numbers_each_table_in_its_chapter_with_the_figures(written):
    document = docx.Document(str(written["id"][1]))
    paragraphs = [p.text for p in document.paragraphs]
    captions = [p for p in paragraphs if p.startswith("Tabel ")]
    for caption in ("Tabel 2.3 Perubahan Target Perjanjian Kinerja Tahun 2024",
                    "Tabel 3.3 Capaian Indikator Tujuan Tahun 2024",
                    "Tabel 3.5 Perbandingan Capaian Tahun 2024 dengan Tahun 2023",
                    "Tabel 3.6 Target dan Realisasi Renstra per Tahun",
                    "Tabel 3.7 Kemajuan terhadap Target Akhir Renstra",
                    "Tabel 3.8 Perbandingan Realisasi dengan Angka Nasional dan Provinsi Tahun 2024",
                    "Tabel 3.9 Data Dukung Perhitungan Realisasi Tahun 2024"):
        assert caption in captions, (caption, captions)
    assert docx_table(document, "Capaian Indikator Tujuan Tahun 2024")[1] == [
        "Pertumbuhan ekonomi", "%", "5", "5,5", "110,00", "Sangat Tinggi"]
    assert docx_table(document, "Kemajuan terhadap Target Akhir Renstra")[1] == [
        "Kontribusi sektor", "1", "3", "1,5", "50,00", "50,00"]
    assert docx_table(document, "Perbandingan Capaian Tahun 2024 dengan Tahun 2023")[1][-2:] == ["75,00", "+15,00"]
    assert docx_table(document, "Data Dukung Perhitungan Realisasi Tahun 2024")[2][-1] == "50 (dari data dukung)"
    assert docx_table(document, "Perubahan Target Perjanjian Kinerja Tahun 2024")[1][2:] == ["1,8", "2"]
    sasaran = docx_table(document, "Capaian Indikator Sasaran Sasaran satu")
    assert [r[0] for r in sasaran[1:]] == ["Kontribusi sektor", "Ind dua", "Indeks tata kelola (tidak dirata-rata)"]
    text = " ".join(paragraphs)
    for section in ("3.2 Capaian Indikator Tujuan", "3.4 Perbandingan Capaian dengan Tahun Lalu",
                    "3.5 Capaian terhadap Target Renstra", "3.6 Perbandingan dengan Angka Nasional dan Provinsi",
                    "3.7 Data Dukung Perhitungan Realisasi", "2.3 Perubahan Perjanjian Kinerja"):
        assert section in paragraphs, section
    assert "kemajuan" in text.lower() and "target akhir Renstra tahun 2026" in text
    assert "1.916.311,34 ÷ 137.282.476,24 × 100% = 1,40%" in text


# --------------------------------------------------------------------------- rules of the wording, in memory


def rendered(data) -> str:
    return " ".join(b.text for b in narrative.render(analyse(data)))


def test_last_year_in_one_sentence_per_direction_not_one_per_indicator():
    text = rendered(minimal(indicators=[
        indicator("IKU1", 80, 84, sasaran_name="S", target_last_year=75, actual_last_year=60),
        indicator("IKU2", 50, 50, target_last_year=50, actual_last_year=40),
        indicator("IKU3", 50, 40, target_last_year=50, actual_last_year=45),
        indicator("IKU4", 50, 50, target_last_year=50, actual_last_year=50),
    ]))
    assert text.count("capaian meningkat pada 2 (dua) indikator: Indikator IKU1 (IKU1) dari 80,00% menjadi "
                      "105,00% atau naik 25,00 poin persen; Indikator IKU2 (IKU2) dari 80,00% menjadi 100,00% atau "
                      "naik 20,00 poin persen.") == 1
    assert "Capaian menurun pada 1 (satu) indikator: Indikator IKU3 (IKU3) dari 90,00% menjadi 80,00% atau turun " \
           "10,00 poin persen." in text
    assert "Capaian 1 (satu) indikator sama dengan tahun 2023: Indikator IKU4 (IKU4) (100,00%)." in text


def test_renstra_turun_names_its_own_formula_and_both_figures():
    text = rendered(minimal(
        identitas=identitas(year=2023),
        indicators=[indicator("IKU1", 80, 84, sasaran_name="S"), indicator("IKU2", "< 11", 9, direction="Turun")],
        renstra=[renstra_row("IKU2", targets={2023: "< 11", 2026: "< 8"}, final="< 8")]))
    assert ("terhadap target akhir Renstra tahun 2026 (< 8%) dengan realisasi tahun 2023 9%: realisasi ÷ target "
            "akhir × 100% = 112,50%; menurut rumus capaian indikator ini ((2 × target akhir − realisasi) ÷ target "
            "akhir × 100%) = 87,50%.") in text


def test_data_dukung_that_cannot_be_computed_says_why_and_an_unknown_kode_is_left_to_the_findings():
    text = rendered(minimal(evidence=[evidence_row("IKU1", "Persentase", 5, 0),
                                      evidence_row("X9", "Persentase", 5, 10)]))
    assert "Realisasi Ind satu (IKU1) belum dapat dihitung dari data dukungnya karena nilai pembaginya 0." in text
    assert "X9" not in text


def test_tujuan_without_capaian_and_no_plan_section_without_its_data():
    text = rendered(minimal(indicators=[indicator("IKU1", 80, 84, sasaran_name="S"),
                                        indicator("T1", 5, None, sasaran=None, level="Tujuan")]))
    assert "Capaian indikator tujuan Indikator T1 (T1) belum dapat dihitung karena realisasinya belum tersedia." in text
    for heading in ("Perbandingan Capaian dengan Tahun Lalu", "Capaian terhadap Target Renstra", "Angka Nasional",
                    "Data Dukung", "Perubahan Perjanjian Kinerja"):
        assert heading not in text


# --------------------------------------------------------------------------- version 1: unchanged


@pytest.mark.parametrize("name", sorted(p.stem for p in SAMPLES.glob("*.xlsx")))
def test_a_v1_workbook_says_nothing_of_the_plan(name):
    analysis = api.check_file(SAMPLES / f"{name}.xlsx").analysis
    the_facts = facts(analysis, name)
    for lang in ("id", "en"):
        # the narrative is exactly what it is without the plan's facts
        assert narrative.render_text(the_facts, lang) == \
            narrative.render_text(dataclasses.replace(the_facts, plan=None), lang)
        keys = {i.key for i in outline.build(analysis, lang).items if isinstance(i, outline.Table)}
        assert not keys & {"tujuan", "year_on_year", "renstra", "renstra_progress", "comparison", "evidence",
                           "pk_changes"}
