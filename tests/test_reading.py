"""Reading what the agency meant (issue 13): workbooks built the way Excel, LibreOffice and generators write them,
with the habits real LKIP workbooks have. Each case reads the right numbers, raises no false finding and gives the
one expected finding at its cell; a total that would rest on what cannot be read is not stated."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from lkip_xls import api
from lkip_xls.outputs import json_report
from lkip_xls.rules.analysis import Options
from lkip_xls.text.finding_messages import finding_text
from lkip_xls.text.narrative import render

from .excel_xml import (
    ANGGARAN_HEADERS,
    DAY_MONTH,
    GENERAL,
    IDENTITAS,
    IKU_HEADERS,
    SHORT_DATE,
    TWO_PLACES,
    C,
    book,
    lkip,
    table,
)

SOFFICE = shutil.which("soffice")


def found(result: api.FileResult) -> list[tuple[str, str, str | None, str | None]]:
    return sorted((f.code, f.severity.value, f.sheet, f.cell) for f in result.findings)


def check_and_process(path: Path, tmp_path: Path) -> api.FileResult:
    """`check` and `process` agree (findings and JSON); the checked result."""
    checked = api.check_file(path)
    processed = api.process_file(path, Options(out_dir=tmp_path / "out"))
    assert processed.status == checked.status != "unreadable", checked.findings
    assert found(processed) == found(checked)
    without_outputs = [json_report.file_document(r) | {"outputs": None} for r in (checked, processed)]
    assert without_outputs[0] == without_outputs[1]
    return checked


def anggaran_json(result: api.FileResult) -> dict:
    anggaran = json.loads(json.dumps(json_report.file_document(result)))["anggaran"]
    return {key: anggaran[key] for key in ("pagu", "realisasi", "serapan")}  # the totals (v2 adds per source)


# --------------------------------------------------------------------------- formulas without stored values


def generator_budget(path: Path, stored: object) -> Path:
    """A budget sheet as a script writes it: formulas only (no value, or the 0 XlsxWriter stores), recalculation
    asked on open; program and total are SUBTOTALs (the total leaves the nested one out), a kegiatan's pagu
    comes from another sheet with a space in its name, the Sisa column holds =D-E."""
    def f(text: str) -> C:
        return C(stored, f=text)

    anggaran = table(ANGGARAN_HEADERS, [
        ["1", "Program satu", "SS1", f("SUBTOTAL(9,D3:D4)"), f("SUBTOTAL(9,E3:E4)"), None, f("D2-E2")],
        ["1.1", "Kegiatan satu", None, f("'Data Pagu'!B2"), f("ROUND('Data Pagu'!C2,2)"), None, f("D3-E3")],
        ["1.2", "Kegiatan dua", None, f("$D$3*2+(-1)"), f("SUM(E3,E3)-0.5"), None, f("D4-E4")],
        [None, "JUMLAH", None, f("SUBTOTAL(9,D2:D4)"), f("SUBTOTAL(109,E2:E4)"), None, f("D5-E5")],
    ])
    return lkip(path, anggaran=anggaran, full_calc=True,
                other={"Data Pagu": {"A1": "Kegiatan", "B1": "Pagu", "C1": "Realisasi", "A2": "1.1",
                                     "B2": 600000.5, "C2": C(400000.255)}})


@pytest.mark.parametrize("stored", [None, 0], ids=["no-value", "xlsxwriter-zero"])
def test_formulas_a_generator_wrote_are_computed_not_read_as_zero(tmp_path, stored):
    result = check_and_process(generator_budget(tmp_path / "skrip.xlsx", stored), tmp_path)
    assert found(result) == []
    lines = {line.code or line.name: line for line in result.analysis.data.budget_lines}
    assert (lines["1.1"].budget, lines["1.1"].spent) == (Decimal("600000.5"), Decimal("400000.26"))
    assert (lines["1.2"].budget, lines["1.2"].spent) == (Decimal("1200000"), Decimal("800000.02"))
    assert (lines["1"].budget, lines["JUMLAH"].budget) == (Decimal("1800000.5"), Decimal("1800000.5"))
    assert anggaran_json(result) == {"pagu": 1800000.5, "realisasi": 1200000.28, "serapan": 66.67}


def test_a_formula_it_cannot_compute_is_reported_once_and_no_total_is_stated(tmp_path):
    path = generator_budget(tmp_path / "vlookup.xlsx", None)
    anggaran = openpyxl.load_workbook(path)  # only to find the cells; the file is rewritten by hand below
    assert anggaran["Anggaran"]["D3"].value == "='Data Pagu'!B2"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet3.xml"] = parts["xl/worksheets/sheet3.xml"].replace(
        b"<f>'Data Pagu'!B2</f>", b"<f>VLOOKUP(A3,'Data Pagu'!A:B,2,FALSE)</f>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = check_and_process(path, tmp_path)
    # D3 cannot be computed; the program (D2), the kegiatan built on it (D4) and JUMLAH (D5) follow from it
    assert found(result) == [("FORMULA-NO-VALUE", "error", "Anggaran", "D3")]
    finding = result.findings[0]
    assert "VLOOKUP" in finding_text(finding, "id") and "simpan ulang" in finding_text(finding, "id")
    assert result.analysis.results.total_budget is None
    assert anggaran_json(result) == {"pagu": None, "realisasi": 1200000.28, "serapan": None}
    text = " ".join(block.text for block in render(result.analysis, "id"))
    assert "belum disajikan karena sebagian angka anggarannya belum lengkap" in text  # never as 0
    assert "Anggaran!D3" not in text  # the cell is named in Temuan, not in the report's prose


def test_excel_stored_values_are_used_and_a_float_sisa_is_what_excel_shows(tmp_path):
    """Excel stores 1000000.5 - 125000.68 as 874999.81999999995: that is 874.999,82, as the typed Sisa says."""
    anggaran = table(ANGGARAN_HEADERS, [
        ["1", "Program", "SS1", 1000000.5, 125000.68, None, C(874999.81999999995, f="D2-E2")],
        ["1.1", "Kegiatan", None, C(1000000.5, f="SUM(D4:D5)"), C(125000.68, f="SUM(E4:E5)"), None,
         C(874999.81999999995, f="D3-E3")],
        ["1.1.1", "Sub satu", None, 500000.25, 100000.34, None, C(399999.91, f="D4-E4", shared=("0", "G4:G5"))],
        ["1.1.2", "Sub dua", None, 500000.25, 25000.34, None, C(474999.91, shared=("0", None))],
    ])
    result = check_and_process(lkip(tmp_path / "excel.xlsx", anggaran=anggaran), tmp_path)
    assert found(result) == []
    assert result.analysis.data.budget_lines[0].typed_remaining == Decimal("874999.82")


# --------------------------------------------------------------------------- error values


def test_error_values_are_reported_at_their_cell_and_the_totals_on_them_are_not_stated(tmp_path):
    iku = table(IKU_HEADERS, [
        ["SS1", "Sasaran satu", "IKU1", "Indikator satu", "%", "Naik", 80, C("#N/A", t="e")],
        ["SS1", None, "IKU2", "Indikator dua", "%", "Naik", 80, 84],
    ])
    anggaran = table(ANGGARAN_HEADERS, [
        ["1", "Program", "SS1", C("#REF!", t="e", f="SUM(D3:D4)"), 900, None, None],
        ["1.1", "Kegiatan satu", None, C("#REF!", t="e", f="#REF!*2"), 400],
        ["1.2", "Kegiatan dua", None, 500, 500],
        [None, "JUMLAH", None, C("#REF!", t="e", f="D2"), 900],
    ])
    result = check_and_process(lkip(tmp_path / "ref.xlsx", iku=iku, anggaran=anggaran), tmp_path)
    assert found(result) == [("CELL-ERROR", "error", "Anggaran", "D3"), ("REALISASI-NA", "info", "IKU", "H2")]
    text = finding_text(next(f for f in result.findings if f.code == "CELL-ERROR"), "id")
    assert "#REF!" in text and "rumusnya rusak" in text
    assert anggaran_json(result) == {"pagu": None, "realisasi": 900.0, "serapan": None}
    assert result.analysis.results.average == 105  # IKU1 is not counted as 0


# --------------------------------------------------------------------------- dates, codes, characters


def test_ranges_excel_made_dates_are_reported_with_what_was_typed(tmp_path):
    iku = table(IKU_HEADERS, [
        ["SS1", "Sasaran satu", "IKU1", "Inflasi", "%", None, C(45568, style=DAY_MONTH), 3.2],  # 3 October 2024
        ["SS1", None, "IKU2", "Rasio", "Rasio", "Naik", C(45323, style=SHORT_DATE), 0.6],  # 1 February 2024
        ["SS1", None, "IKU3", "Indeks", "Nilai", "Naik", "3 - 10", 6],
    ])
    result = check_and_process(lkip(tmp_path / "tanggal.xlsx", iku=iku), tmp_path)
    assert found(result) == [("DATE-IN-NUMBER", "error", "IKU", "G2"), ("DATE-IN-NUMBER", "error", "IKU", "G3")]
    typed = [(f.params["typed"], f.params["example"]) for f in result.findings]
    assert typed == [("3-10", "'3 - 10"), ("1/2", "'1/2")]
    assert "'3 - 10" in finding_text(result.findings[0], "id")
    assert result.analysis.results.counted == 1


def test_codes_excel_kept_as_numbers(tmp_path):
    """3.30 typed into a General cell is the number 3.3: its programs 3.30.01 and 3.30.02 lose their parent and
    the total would double; in a `0.00` cell 3.31 shows and reads "3.31" (a warning: type codes as text)."""
    anggaran = table(ANGGARAN_HEADERS, [
        [C(3.3, style=GENERAL), "Urusan perdagangan", "SS1", 300, 250],
        ["3.30.01", "Program satu", None, 100, 100],
        ["3.30.02", "Program dua", None, 200, 150],
        [C(3.31, style=TWO_PLACES), "Urusan lain", "SS1", 50, 50],
        [None, "JUMLAH", None, 350, 300],
    ])
    iku = table(IKU_HEADERS, [["SS1", "Sasaran satu", C(1.1), "Indikator", "%", "Naik", 80, 84]])
    result = check_and_process(lkip(tmp_path / "kode.xlsx", iku=iku, anggaran=anggaran), tmp_path)
    assert found(result) == [("KODE-AS-NUMBER", "error", "Anggaran", "A2"),
                             ("KODE-AS-NUMBER", "warning", "Anggaran", "A5"),
                             ("KODE-AS-NUMBER", "warning", "IKU", "C2")]
    lines = result.analysis.data.budget_lines
    assert [line.code for line in lines] == ["3.3", "3.30.01", "3.30.02", "3.31", None]
    assert anggaran_json(result) == {"pagu": None, "realisasi": None, "serapan": None}  # never 650 (doubled)
    error = finding_text(result.findings[0], "id")
    assert "'3.30'" in error and "3.30.01" in error


def test_invisible_characters_in_a_header_a_code_and_a_number_are_removed_with_a_warning(tmp_path):
    iku = table(["Kode Sasaran", "Sasaran Strategis", "Kode\u200b", "Indikator Kinerja", "Satuan", "Arah",
                 "Tar\u00adget", "Realisasi"], [
        ["SS1\u2060", "Sasaran satu", "IKU1", "Indikator\u200b satu", "%", "Naik", "80", "8\u200b4,5\ufeff"],
    ])
    result = check_and_process(lkip(tmp_path / "zwsp.xlsx", iku=iku), tmp_path)
    assert found(result) == [("INVISIBLE-CHARACTER", "warning", "IKU", cell) for cell in ("A2", "C1", "G1", "H2")]
    indicator = result.analysis.data.indicators[0]
    assert (indicator.sasaran_code, indicator.actual, indicator.name) == ("SS1", Decimal("84.5"), "Indikator satu")
    texts = {f.cell: finding_text(f, "id") for f in result.findings}
    assert "spasi lebar nol U+200B" in texts["H2"] and "penanda BOM U+FEFF" in texts["H2"]
    assert "tanda hubung lunak U+00AD" in texts["G1"]


# --------------------------------------------------------------------------- merged cells, headers, notes


def test_merged_labels_count_for_every_row_and_a_merged_jumlah_is_the_total_row(tmp_path):
    iku = table(IKU_HEADERS, [
        ["SS1", "Sasaran satu", "IKU1", "Indikator satu", "%", "Naik", 80, 84],
        [None, None, "IKU2", "Indikator dua", "%", "Naik", 50, 40],
        [None, None, "IKU3", "Indikator tiga", "%", "Naik", 90, 90],
    ])
    anggaran = table(ANGGARAN_HEADERS, [
        ["1", "Program satu", "SS1", 1000, 900],
        ["1.1", "Kegiatan", None, 1000, 900],
        ["JUMLAH", None, None, 1000, 900],
    ])
    sdm = table(["Unit Kerja", "PNS", "Jumlah Pegawai"], [["Sekretariat", 3, 3], [None, 2, 2]])
    path = lkip(tmp_path / "merge.xlsx", iku=iku, anggaran=anggaran, other={"SDM": sdm},
                merges={"IKU": ["A2:A4", "B2:B4"], "Anggaran": ["A4:B4"], "SDM": ["A2:A3"]})
    result = check_and_process(path, tmp_path)
    assert found(result) == []
    assert [i.sasaran_code for i in result.analysis.data.indicators] == ["SS1", "SS1", "SS1"]
    total = result.analysis.data.budget_lines[-1]
    assert (total.is_total, total.code, total.name) == (True, None, "JUMLAH")
    assert anggaran_json(result)["pagu"] == 1000.0
    assert [u.unit for u in result.analysis.data.staff_units] == ["Sekretariat", "Sekretariat"]


def test_a_header_over_two_rows_is_read(tmp_path):
    """Kode .. Satuan merged over rows 3-4, a merged "Tahun 2024" above Target | Realisasi on row 4."""
    iku = {"A1": "IKU Dinas Contoh 2024"}
    for index, header in enumerate(IKU_HEADERS[:6]):
        iku[f"{chr(65 + index)}3"] = header
    iku |= {"G3": "Tahun 2024", "G4": "Target", "H4": "Realisasi"}
    iku |= {"A5": "SS1", "B5": "Sasaran", "C5": "IKU1", "D5": "Indikator", "E5": "%", "F5": "Naik", "G5": 80, "H5": 84}
    merges = {"IKU": [f"{chr(65 + i)}3:{chr(65 + i)}4" for i in range(6)] + ["G3:H3"]}
    result = check_and_process(lkip(tmp_path / "dua-baris.xlsx", iku=iku, merges=merges), tmp_path)
    assert found(result) == []
    assert result.analysis.data.layouts["IKU"].header_row == 4
    assert result.analysis.results.average == 105


def test_notes_and_a_signature_below_the_table_are_one_info(tmp_path):
    anggaran = table(ANGGARAN_HEADERS, [
        ["1", "Program satu", "SS1", 1000, 900],
        ["1.1", "Kegiatan", None, 1000, 900],
        [None, "JUMLAH", None, 1000, 900],
        ["Sumber: DPA 2024", None],
        [None, None],
        [None, "Kepala Dinas,", None, None, None],
        [None, "Drs. Contoh Saja, M.Si", None],
        [None, "NIP. 19700101 199001 1 001", None],
    ])
    result = check_and_process(lkip(tmp_path / "catatan.xlsx", anggaran=anggaran), tmp_path)
    assert found(result) == [("ROWS-AS-NOTES", "info", "Anggaran", "A5")]
    assert result.findings[0].params["rows"] == "5, 7–9"
    assert "baris 5, 7–9" in finding_text(result.findings[0], "id").lower()
    assert len(result.analysis.data.budget_lines) == 3


# --------------------------------------------------------------------------- files that are not plain .xlsx


def test_an_html_table_saved_as_xls_says_it_is_a_web_page(tmp_path):
    path = tmp_path / "laporan.xls"
    path.write_text("<html><head><meta charset='utf-8'></head><body><table><tr><td>Kode</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    result = api.check_file(path)
    assert result.status == "unreadable" and result.findings[0].params["reason"] == "html"
    assert "halaman web" in finding_text(result.findings[0], "id")


def test_a_strict_open_xml_workbook_is_refused_with_how_to_save_it(tmp_path):
    path = lkip(tmp_path / "strict.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = api.check_file(path)
    assert result.status == "unreadable" and result.findings[0].params["reason"] == "strict"
    assert "Excel Workbook (.xlsx) biasa" in finding_text(result.findings[0], "id")


# --------------------------------------------------------------------------- LibreOffice re-saves


def _libreoffice(tmp_path: Path, files: list[Path]) -> Path:
    outdir = tmp_path / "lo"
    profile = f"file:///tmp/lo-{uuid.uuid4().hex}"
    try:
        subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "xlsx",
                        "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    return outdir


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_same_workbooks_resaved_by_libreoffice_read_the_same(tmp_path):
    sources = tmp_path / "src"
    sources.mkdir()
    generator_budget(sources / "skrip.ods.xlsx", None)
    iku = table(IKU_HEADERS, [
        ["SS1", "Sasaran satu", "IKU1", "Indikator satu", "%", "Naik", 80, 84],
        [None, None, "IKU2", "Indikator dua", "%", "Naik", C(45568, style=DAY_MONTH), 40],
    ])
    anggaran = table(ANGGARAN_HEADERS, [
        ["1", "Program satu", "SS1", 1000, 900], ["1.1", "Kegiatan", None, 1000, 900],
        ["JUMLAH", None, None, 1000, 900],
    ])
    lkip(sources / "gabung.xlsx", iku=iku, anggaran=anggaran, merges={"IKU": ["A2:A3", "B2:B3"],
                                                                       "Anggaran": ["A4:B4"]})
    outdir = _libreoffice(tmp_path, sorted(sources.iterdir()))
    budget = api.check_file(outdir / "skrip.ods.xlsx")
    assert found(budget) == []
    assert anggaran_json(budget) == {"pagu": 1800000.5, "realisasi": 1200000.28, "serapan": 66.67}
    merged = api.check_file(outdir / "gabung.xlsx")
    assert found(merged) == [("DATE-IN-NUMBER", "error", "IKU", "G3")]
    assert merged.findings[0].params["typed"] == "3-10"
    assert [i.sasaran_code for i in merged.analysis.data.indicators] == ["SS1", "SS1"]
    assert anggaran_json(merged)["pagu"] == 1000.0


def test_book_helper_writes_what_openpyxl_reads(tmp_path):
    path = book(tmp_path / "x.xlsx", {"S": {"A1": "teks", "B1": 2.5, "C1": C(None, f="A1")}})
    sheet = openpyxl.load_workbook(path)["S"]
    assert (sheet["A1"].value, sheet["B1"].value, sheet["C1"].value) == ("teks", 2.5, "=A1")


# --------------------------------------------------------------------------- nothing follows from an unreadable value

SDM_HEADERS = ["Unit Kerja", "PNS", "CPNS", "PPPK", "Non ASN", "Jumlah Pegawai", "Laki-laki", "Perempuan"]
PK_HEADERS = ["Kode", "Indikator Kinerja", "Target", "Kode Program", "Program", "Anggaran (Rp)"]
TW_HEADERS = ["Kode", "Indikator Kinerja", "Agregasi", "Target TW I", "Target TW II", "Target TW III",
              "Target TW IV", "Realisasi TW I", "Realisasi TW II", "Realisasi TW III", "Realisasi TW IV"]


def test_staff_quarters_and_pk_skip_what_cannot_be_read(tmp_path):
    sdm = table(SDM_HEADERS, [
        ["Sekretariat", C("#VALUE!", t="e"), 0, 0, 1, 4, 2, 2],  # the status group rests on B2
        ["Bidang", 2, 0, 0, 0, "dua", 1, 1],  # Jumlah Pegawai is no number: status and gender are not checked
    ])
    quarters = table(TW_HEADERS, [
        ["IKU1", "Indikator satu", "Kumulatif", 20, 20, 20, 20, 21, C("#DIV/0!", t="e"), 21, 21],
    ])
    pk = table(PK_HEADERS, [
        ["IKU1", "Indikator satu", C(45568, style=DAY_MONTH), "1", "Program satu", C(None, f="VLOOKUP(D2,X,2)")],
    ])
    path = lkip(tmp_path / "lewati.xlsx", other={"SDM": sdm, "Realisasi": quarters, "PK": pk}, full_calc=True)
    result = check_and_process(path, tmp_path)
    assert found(result) == [("CELL-ERROR", "error", "Realisasi", "I2"), ("CELL-ERROR", "error", "SDM", "B2"),
                             ("DATE-IN-NUMBER", "error", "PK", "C2"), ("FORMULA-NO-VALUE", "error", "PK", "F2"),
                             ("VALUE-NOT-NUMBER", "error", "SDM", "F3")]
    assert result.analysis.results.quarters[0].annual_actual is None
    text = " ".join(block.text for block in render(result.analysis, "id"))
    assert "Jumlah pegawai Dinas Contoh Kota Contoh belum disajikan" in text and "SDM!F3" not in text
    english = " ".join(block.text for block in render(result.analysis, "en"))
    assert "are not stated yet because their figures are incomplete" in english


def test_a_row_numbering_the_columns_under_the_headers_is_not_data(tmp_path):
    iku = table(IKU_HEADERS, [["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"], DEFAULT_ROW])
    anggaran = table(ANGGARAN_HEADERS, [[1, 2, 3, 4, 5, 6, 7], ["1", "Program", "SS1", 10, 9],
                                        ["1.1", "Kegiatan", None, 10, 9]])
    result = check_and_process(lkip(tmp_path / "nomor.xlsx", iku=iku, anggaran=anggaran), tmp_path)
    assert found(result) == []
    assert [i.code for i in result.analysis.data.indicators] == ["IKU1"]
    assert anggaran_json(result)["pagu"] == 10.0


DEFAULT_ROW = ["SS1", "Sasaran satu", "IKU1", "Indikator satu", "%", "Naik", 80, 84]


def test_a_sheet_too_large_to_compute_on_gives_formula_no_value_not_memory(tmp_path, monkeypatch):
    from lkip_xls.read import fastread

    monkeypatch.setattr(fastread, "MAX_GRID_CELLS", 10)
    result = api.check_file(generator_budget(tmp_path / "besar.xlsx", None))
    assert {f.code for f in result.findings} == {"FORMULA-NO-VALUE"}
    assert anggaran_json(result) == {"pagu": None, "realisasi": None, "serapan": None}


def test_invisible_characters_in_a_sheet_name_do_not_hide_the_sheet(tmp_path):
    path = book(tmp_path / "nama.xlsx", {"Identitas": IDENTITAS, "IKU\u200b": table(IKU_HEADERS, [DEFAULT_ROW]),
                                         "Anggaran": table(ANGGARAN_HEADERS, [["1", "Program", "SS1", 10, 9]])})
    assert found(api.check_file(path)) == []
