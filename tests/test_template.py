"""The generated template: sheets, headers, help, dropdowns, shading and locks, print setup, English, the filled
example, and a template filled by hand (openpyxl, then LibreOffice) that processes with everything computed."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from lkip_xls import api
from lkip_xls.api import Options
from lkip_xls.cli import app
from lkip_xls.core import schema
from lkip_xls.outputs.template import COMPUTED_FILL, INPUT_ROWS, build_template
from lkip_xls.outputs.template_example import EXAMPLE_NAME
from lkip_xls.text import template_text

from .conftest import ROOT, content

COMMITTED = ROOT / "template_workbook" / "lkip-template.xlsx"
SOFFICE = shutil.which("soffice")
runner = CliRunner()


def full_content(path: Path) -> dict:
    """`content` plus what it leaves out and the template sets: column styles, print setup, defined names."""
    workbook = openpyxl.load_workbook(path)
    found = content(path)
    for ws in workbook.worksheets:
        found["sheets"][ws.title] |= {
            "columns": {k: (d.min, d.max, d.number_format, d.fill.fgColor.rgb, d.protection.locked)
                        for k, d in ws.column_dimensions.items() if d.has_style},
            "print": (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight,
                      ws.sheet_properties.pageSetUpPr.fitToPage, str(ws.print_title_rows)),
            "heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height},
        }
    found["names"] = {name: value.attr_text for name, value in workbook.defined_names.items()}
    return found


def locked(ws, row: int, column: int) -> bool:
    """Whether Excel treats the cell as locked: its own style if the cell is stored, else its column's."""
    if (row, column) in ws._cells:
        return ws.cell(row=row, column=column).protection.locked
    for dimension in ws.column_dimensions.values():
        if dimension.min and dimension.max and dimension.min <= column <= dimension.max and dimension.has_style:
            return dimension.protection.locked
    return True  # Excel's default


def header_columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[schema.HEADER_ROW] if c.value}


# ---- the committed template -------------------------------------------------------------------------------

def test_template_command_writes_the_committed_template(tmp_path):
    target = tmp_path / "lkip-template.xlsx"
    result = runner.invoke(app, ["template", str(target)])
    assert result.exit_code == 0, result.output
    assert full_content(target) == full_content(COMMITTED), \
        "regenerate: lkip-xls template template_workbook/lkip-template.xlsx --force"


def test_every_sheet_has_title_instruction_and_headers_on_row_3():
    workbook = openpyxl.load_workbook(COMMITTED)
    assert workbook.sheetnames[0] == "Petunjuk"
    assert workbook.sheetnames[1:] == [s.name for s in schema.DATA_SHEETS]
    for spec in schema.DATA_SHEETS:
        ws = workbook[spec.name]
        assert ws["A1"].value == spec.title
        assert ws["A2"].value == template_text.sheet_instruction(spec)
        headers = [c.value for c in ws[schema.HEADER_ROW]][: len(spec.columns)]
        assert headers == [c.header for c in spec.columns]
        for cell in ws[schema.HEADER_ROW][: len(spec.columns)]:
            assert cell.comment is not None and cell.comment.author == "lkip-xls"


def test_computed_columns_are_shaded_and_locked_and_inputs_are_open_for_thousands_of_rows():
    workbook = openpyxl.load_workbook(COMMITTED)
    for spec in schema.DATA_SHEETS:
        ws = workbook[spec.name]
        assert ws.protection.sheet and ws.protection.password is None, spec.name  # no password
        if spec is schema.IDENTITAS:
            assert not locked(ws, 4, 2) and locked(ws, 4, 1)  # values open, labels locked
            continue
        for index, column in enumerate(spec.columns, start=1):
            assert locked(ws, schema.HEADER_ROW, index), (spec.name, column.header)  # the headers
            for row in (schema.HEADER_ROW + 1, 503, 2003, 20000):  # a pasted budget of 500 lines, and more
                assert locked(ws, row, index) == column.computed, (spec.name, column.header, row)
        assert not locked(ws, 10, len(spec.columns) + 1)  # an agency's own column next to the table
    iku = workbook["IKU"]
    capaian = iku.column_dimensions[get_column_letter(header_columns(iku)["Capaian (%)"])]
    assert capaian.fill.fgColor.rgb.endswith(COMPUTED_FILL.fgColor.rgb[-6:]) and capaian.number_format == "0.00"
    anggaran = workbook["Anggaran"]
    assert anggaran.column_dimensions["D"].number_format == "#,##0"
    assert anggaran.column_dimensions["A"].number_format == "@"  # 3.30 stays 3.30
    assert all(ws.max_row <= schema.HEADER_ROW for ws in workbook.worksheets[2:])  # nothing styled below


def test_dropdowns_for_arah_agregasi_and_identitas_choices():
    workbook = openpyxl.load_workbook(COMMITTED)
    formulas = {ws: [v.formula1 for v in workbook[ws].data_validations.dataValidation]
                for ws in ("IKU", "Realisasi", "Identitas", "Skala")}
    assert '"Naik,Turun,Tetap"' in formulas["IKU"]
    assert '"Kumulatif,Akhir,Rata-rata"' in formulas["Realisasi"]
    assert '"permendagri86,kemenpan,sakip,kustom"' in formulas["Identitas"]
    assert '"2T-R,T/R"' in formulas["Identitas"]
    assert '"indikator,sasaran"' in formulas["Identitas"]
    arah = next(v for v in workbook["IKU"].data_validations.dataValidation if v.formula1 == '"Naik,Turun,Tetap"')
    assert str(arah.sqref) == f"F4:F{3 + INPUT_ROWS}" and INPUT_ROWS >= 2000


def test_anggaran_kode_sasaran_dropdown_lists_the_iku_kode_sasaran_cells():
    workbook = openpyxl.load_workbook(COMMITTED)
    anggaran, iku = workbook["Anggaran"], workbook["IKU"]
    column = get_column_letter(header_columns(anggaran)["Kode Sasaran"])
    validation = next(v for v in anggaran.data_validations.dataValidation if str(v.sqref).startswith(column))
    assert str(validation.sqref) == f"{column}4:{column}{3 + INPUT_ROWS}"
    assert validation.type == "list" and validation.errorStyle == "warning"  # another code: a warning only
    source = get_column_letter(header_columns(iku)["Kode Sasaran"])
    assert workbook.defined_names[validation.formula1].attr_text == f"IKU!${source}$4:${source}${3 + INPUT_ROWS}"
    assert "IKU" in validation.prompt


def test_identitas_lists_every_label_with_defaults():
    ws = openpyxl.load_workbook(COMMITTED)["Identitas"]
    count = len(schema.IDENTITAS_FIELDS)
    rows = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(4, 4 + count)}
    assert list(rows) == [f.label for f in schema.IDENTITAS_FIELDS]
    assert rows["Versi Template"] == 2
    assert (rows["Metode Efisiensi"], rows["Populasi Pendidikan"]) == ("selisih", "ASN")
    assert rows["Skala Kategori"] == "permendagri86"


def test_version_2_dropdowns_and_free_sumber_dana():
    workbook = openpyxl.load_workbook(COMMITTED)
    validations = {v.formula1: v for v in workbook["Anggaran"].data_validations.dataValidation}
    assert validations['"Program,Kegiatan,Sub Kegiatan"'].showErrorMessage
    assert validations['"Belanja,Pendapatan"'].showErrorMessage
    free = validations['"APBD,APBN Dekonsentrasi,APBN Tugas Pembantuan,DAK,BLUD"']
    assert not free.showErrorMessage  # any other source may be typed
    identitas = {v.formula1 for v in workbook["Identitas"].data_validations.dataValidation}
    assert {'"selisih,100-serapan,pmk214"', '"ASN,Semua"'} <= identitas


def test_version_1_template_is_still_built_without_the_version_2_additions():
    workbook = build_template(1)
    assert workbook["Anggaran"]["A2"].value == schema.ANGGARAN.instruction  # dotted codes only in version 1
    headers = [c.value for c in workbook["Anggaran"][3] if c.value]
    assert headers[-1] == "Keterangan" and "Tingkat" not in headers
    assert workbook["Identitas"]["B4"].value == 1
    assert "Kinerja Program" not in workbook.sheetnames


# ---- Petunjuk ---------------------------------------------------------------------------------------------

def petunjuk_text(workbook) -> str:
    return "\n".join(str(c.value) for c in workbook["Petunjuk"]["A"] if c.value)


def test_petunjuk_explains_tingkat_and_linking_the_budget_to_a_sasaran():
    text = petunjuk_text(openpyxl.load_workbook(COMMITTED))
    assert "versi template 2" in text
    assert "Kolom Tingkat (Program, Kegiatan, Sub Kegiatan)" in text and "Kode bertitik" in text
    assert "Kegiatan milik Program terdekat di atasnya" in text and "I.a.1" in text
    assert "Kode Sasaran" in text and "tidak mendapat efisiensi" in text
    assert "tanpa kata sandi" in text and "lkip-xls template --contoh" in text
    for column in ("Capaian", "Kategori", "Serapan", "Sisa", "Realisasi Tahunan"):  # the computed columns
        assert column in text
    for spec in schema.DATA_SHEETS:  # every sheet of the schema has its step
        assert f". {spec.name}" in text or f". {spec.name} (" in text, spec.name
    anggaran = openpyxl.load_workbook(COMMITTED)["Anggaran"]
    assert "kolom Tingkat" in anggaran["A2"].value and "Tingkat" in anggaran["A3"].comment.text
    assert "tidak mendapat efisiensi" in anggaran["C3"].comment.text
    version_1 = "\n".join(t for t, _ in template_text.petunjuk_lines(1))
    assert "Tingkat (Program" not in version_1 and "Kinerja Program" not in version_1


def test_a_sheet_added_to_the_schema_appears_in_petunjuk_by_itself():
    extra = schema.SheetSpec("Lampiran", "Lampiran Data", "Satu baris per rumus.", columns=(),
                             required=False)
    lines = template_text.petunjuk_lines(2, "id", (*schema.DATA_SHEETS, extra))
    assert any("Lampiran: Lampiran Data. Satu baris per rumus." in text for text, _ in lines)


def test_petunjuk_rows_are_high_enough_for_their_wrapped_text():
    ws = openpyxl.load_workbook(COMMITTED)["Petunjuk"]
    for cell in ws["A"]:
        if cell.value and len(cell.value) > 130:
            assert ws.row_dimensions[cell.row].height >= 30, cell.value


# ---- English --------------------------------------------------------------------------------------------

def test_lang_en_writes_english_instructions_and_help_but_the_contract_names(tmp_path):
    target = tmp_path / "en.xlsx"
    assert runner.invoke(app, ["template", str(target), "--lang", "en"]).exit_code == 0
    workbook = openpyxl.load_workbook(target)
    english, indonesian = petunjuk_text(workbook), petunjuk_text(openpyxl.load_workbook(COMMITTED))
    assert english.startswith("How to fill in the performance-report template")
    assert "Linking the budget to a sasaran (Kode Sasaran)" in english and "gets no efficiency" in english
    assert "kode" not in english.replace("Kode", "").replace("kode_", "")  # no Indonesian sentences left
    assert workbook.sheetnames == openpyxl.load_workbook(COMMITTED).sheetnames
    for spec in schema.DATA_SHEETS:
        ws = workbook[spec.name]
        assert ws["A1"].value == template_text.SHEETS_EN[spec.name][0] != spec.title
        for column, cell in zip(spec.columns, ws[schema.HEADER_ROW], strict=False):
            assert cell.value == column.header  # the contract's header
            assert cell.comment.text == template_text.COLUMNS_EN[spec.name][column.key] != column.help
    identitas = workbook["Identitas"]
    for row, field in enumerate(schema.IDENTITAS_FIELDS, start=4):
        assert identitas.cell(row=row, column=1).value == field.label  # the contract's label
        assert identitas.cell(row=row, column=1).comment.text.startswith(template_text.FIELDS_EN[field.key])
    tingkat = next(v for v in workbook["Anggaran"].data_validations.dataValidation
                   if v.formula1 == '"Program,Kegiatan,Sub Kegiatan"')
    assert tingkat.error.startswith("Choose one of") and english != indonesian


def test_every_sheet_column_and_identitas_label_has_english_help():
    """A sheet or column added to the schema needs its English words in text/template_text.py."""
    for spec in schema.DATA_SHEETS:
        assert spec.name in template_text.SHEETS_EN, spec.name
        for column in spec.columns:
            assert column.key in template_text.COLUMNS_EN.get(spec.name, {}), (spec.name, column.key)
    assert {f.key for f in schema.IDENTITAS_FIELDS} <= set(template_text.FIELDS_EN)


# ---- print setup ----------------------------------------------------------------------------------------

def test_every_sheet_prints_landscape_one_page_wide_with_its_header_row():
    workbook = openpyxl.load_workbook(COMMITTED)
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert not ws.print_area  # a filled sheet prints all its rows
        if ws.title != "Petunjuk":
            assert str(ws.print_title_rows) == "$3:$3", ws.title


def pdf_pages(path: Path, out: Path) -> int:
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{out}/lo", "--convert-to", "pdf",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(out / f"{path.stem}.pdf")], check=True, capture_output=True, text=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdfinfo") is None, reason="needs soffice and pdfinfo")
def test_the_empty_template_prints_on_a_page_or_so_per_sheet_with_libreoffice(tmp_path):
    pages = pdf_pages(COMMITTED, tmp_path)
    sheets = len(openpyxl.load_workbook(COMMITTED).sheetnames)
    assert sheets <= pages <= sheets + 3, pages  # Petunjuk takes up to 3 pages; it was 28 before


# ---- data loss ------------------------------------------------------------------------------------------

def test_template_never_replaces_a_file_the_user_did_not_mean(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["template", "--contoh"]).exit_code == 0
    example = tmp_path / EXAMPLE_NAME
    before = example.read_bytes()
    again = runner.invoke(app, ["template", "--contoh"])
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(app, ["template", str(example), "--force"]).exit_code == 2  # a filled workbook
    assert runner.invoke(app, ["template", "--contoh", "--force"]).exit_code == 2
    assert example.read_bytes() == before
    assert runner.invoke(app, ["template"]).exit_code == 0
    assert runner.invoke(app, ["template", "lkip-template.xlsx", "--contoh"]).exit_code == 2


# ---- the filled example ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("contoh")
    result = runner.invoke(app, ["template", "--contoh", str(folder / EXAMPLE_NAME)])
    assert result.exit_code == 0, result.output
    processed = api.process_file(folder / EXAMPLE_NAME, Options(out_dir=folder / "out"))
    return folder / EXAMPLE_NAME, processed


def test_the_example_processes_with_no_finding_and_every_part_computed(example):
    path, result = example
    assert result.status == "ok" and result.findings == []
    analysis = result.analysis
    assert [i.code for i in analysis.data.indicators] == ["IKU1.1", "IKU1.2", "IKU2.1"]
    assert any(i.direction == "Turun" for i in analysis.data.indicators)
    hasil = openpyxl.load_workbook(result.outputs["hasil"])
    iku = hasil["IKU"]
    assert [iku[f"K{r}"].value for r in (4, 5, 6)] == [105.83, 110, 108]
    anggaran = hasil["Anggaran"]
    assert [anggaran[f"F{r}"].value for r in (4, 10, 14, 18)] == [95.17, 93.27, 95.1, 94.92]
    program = hasil["Kinerja Program"]
    assert [program[f"G{r}"].value for r in range(4, 9)] == [102.5, 105, 93.6, 100, 92]
    assert [program[f"I{r}"].value for r in range(4, 9)] == [93.27, 93.27, 95.1, 95.1, 95.1]
    assert hasil["Realisasi"]["L4"].value == 162


def test_the_example_links_budget_to_sasaran_by_tingkat_and_states_efficiency(example, tmp_path):
    path, _ = example
    result = runner.invoke(app, ["check", str(path), "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    import json

    document = json.loads((tmp_path / "r.json").read_text())["files"][0]
    assert [(s["kode"], s["pagu"], s["efisiensi"]) for s in document["sasaran"]] == [
        ("SS1", 485000000.0, 14.65), ("SS2", 1150000000.0, 12.9)]
    assert document["anggaran"]["pagu"] == 3945000000.0
    levels = {p["kode"]: p["tingkat"] for p in document["program"]}
    assert levels == {"2.17.05": "Program", "2.17.05.2.01": "Kegiatan", "2.17.10": "Program",
                      "2.17.10.2.01": "Kegiatan"}


def test_the_example_is_the_template_with_rows_in_it(example):
    path, _ = example
    workbook, template = openpyxl.load_workbook(path), openpyxl.load_workbook(COMMITTED)
    assert workbook.sheetnames == template.sheetnames
    assert workbook["Petunjuk"]["A1"].value.startswith("CONTOH: ")
    anggaran = workbook["Anggaran"]
    assert anggaran["A4"].number_format == "@" and not anggaran["A4"].protection.locked  # the column's style
    assert not anggaran["D4"].protection.locked and anggaran["D4"].number_format == "#,##0"
    assert anggaran.protection.sheet and workbook["SDM"].protection.sheet
    for ws in workbook.worksheets[1:]:
        assert ws.page_setup.orientation == "landscape"


# ---- a template filled by hand ----------------------------------------------------------------------------

IDENTITAS = {"Nama Instansi": "Dinas Uji Coba", "Pemerintah Daerah": "Pemerintah Kota Uji", "Tahun": 2024,
             "Skala Kategori": "kustom", "Metode Efisiensi": "selisih"}
ROWS = {
    "IKU": [
        ("SS1", "Meningkatnya mutu layanan", "IKU1.1", "Persentase layanan tepat waktu", "%", "Naik", "60", "63,5"),
        ("SS1", None, "IKU1.2", "Persentase pengaduan berulang", "%", "Turun", "12", "10,8"),
        ("SS2", "Meningkatnya usaha mikro", "IKU2.1", "Jumlah usaha mikro dibina", "Unit", "Naik", "200", "150"),
    ],
    "PK": [("IKU1.1", "Persentase layanan tepat waktu", "60", "I", "Program Mutu Layanan", 500000000),
           ("IKU1.2", "Persentase pengaduan berulang", "12", "I", "Program Mutu Layanan", None),
           ("IKU2.1", "Jumlah usaha mikro dibina", "200", "II", "Program Usaha Mikro", 250000000)],
    "Realisasi": [("IKU2.1", "Jumlah usaha mikro dibina", "Kumulatif", 50, 50, 50, 50, 30, 40, 40, 40)],
    # Kode, Uraian, Kode Sasaran, Pagu, Realisasi, (Serapan, Sisa computed), Keterangan, Tingkat, Sumber Dana,
    # Jenis, Pagu Murni
    "Anggaran": [
        ("I", "Program Mutu Layanan", "SS1", 500000000, 460000000, None, None, None, "Program", "APBD", None,
         450000000),
        ("a", "Kegiatan Pelayanan", None, 500000000, 460000000, None, None, None, "Kegiatan"),
        ("1", "Sub Kegiatan Loket", None, 300000000, 290000000, None, None, None, "Sub Kegiatan"),
        ("2", "Sub Kegiatan Daring", None, 200000000, 170000000, None, None, None, "Sub Kegiatan"),
        ("II", "Program Usaha Mikro", "SS2", 250000000, 200000000, None, None, None, "Program", "DAK"),
        ("a", "Kegiatan Pembinaan", None, 250000000, 200000000, None, None, None, "Kegiatan"),
        ("1", "Sub Kegiatan Pelatihan", None, 250000000, 200000000, None, None, None, "Sub Kegiatan"),
        ("III", "Retribusi Pelayanan", None, 100000000, 112500000, None, None, None, "Program", "APBD",
         "Pendapatan"),
        (None, "JUMLAH", None, 750000000, 660000000),
    ],
    "SDM": [("Sekretariat", 10, 0, 2, 3, 15, 8, 7, 0, 2, 8, 1, 1, 0, 0, 2, 6, 2, 0, 1, 1, 2, 2, 4),
            ("JUMLAH", 10, 0, 2, 3, 15, 8, 7, 0, 2, 8, 1, 1, 0, 0, 2, 6, 2, 0, 1, 1, 2, 2, 4)],
    "Skala": [(90, "Sangat Baik", "Ya"), (75, "Baik", "Ya"), (60, "Cukup", "Ya"), (None, "Kurang")],
    "Kinerja Program": [
        ("I", "Persentase layanan sesuai standar", "%", "Naik", "80", "82"),
        ("I.a", "Jumlah dokumen layanan", "Dokumen", "Naik", "10", "9"),
        (None, "Indeks kepuasan layanan", "Nilai", None, "Baik", "Memuaskan"),
        ("II.a.1", "Jumlah peserta pelatihan", "Orang", "Naik", "100", "60"),
    ],
    "Skala Predikat": [("Baik", 3), ("Memuaskan", 4)],
}


def fill_by_hand(path: Path) -> None:
    """What an agency does: open the template, type into the cells under the headers, save."""
    workbook = openpyxl.load_workbook(COMMITTED)
    identitas = workbook["Identitas"]
    labels = {identitas.cell(row=r, column=1).value: r for r in range(4, identitas.max_row + 1)}
    for label, value in IDENTITAS.items():
        identitas.cell(row=labels[label], column=2, value=value)
    for sheet, rows in ROWS.items():
        ws = workbook[sheet]
        for row, values in enumerate(rows, start=4):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    ws.cell(row=row, column=column, value=value)
    workbook.save(path)


EXPECTED = {  # sheet -> cell -> the value lkip-xls computes (checked by hand)
    "IKU": {"K4": 105.83, "L4": "Sangat Baik", "K5": 110, "L5": "Sangat Baik", "K6": 75, "L6": "Baik"},
    "Realisasi": {"L4": 150},
    "Anggaran": {"F4": 92, "G4": 40000000, "F6": 96.67, "F8": 80, "G8": 50000000, "F12": 88, "G12": 90000000},
    "Kinerja Program": {"G4": 102.5, "H4": "Sangat Baik", "I4": 92, "G5": 90, "G6": 133.33, "I5": 92,
                        "G7": 60, "H7": "Cukup", "I7": 80},
}


def assert_processed(path: Path, out: Path) -> None:
    result = api.process_file(path, Options(out_dir=out))
    assert result.status == "ok"
    assert [(f.code, f.sheet, f.cell) for f in result.findings] == []  # not even an info
    hasil = openpyxl.load_workbook(result.outputs["hasil"])
    for sheet, cells in EXPECTED.items():
        for cell, value in cells.items():
            assert hasil[sheet][cell].value == value, (sheet, cell, hasil[sheet][cell].value)
    results = result.analysis.results
    sasaran = {s.code: (s.capaian, s.absorption, s.efficiency) for s in results.sasaran}
    assert sasaran == {"SS1": (Decimal("107.92"), Decimal("92.00"), Decimal("15.92")),
                       "SS2": (Decimal("75.00"), Decimal("80.00"), Decimal("-5.00"))}
    assert (results.total_budget, results.total_spent) == (Decimal(750000000), Decimal(660000000))
    assert (results.revenue_target, results.revenue_actual) == (Decimal(100000000), Decimal(112500000))
    assert [s.source for s in results.by_source] == ["APBD", "DAK"]
    assert [(p.code, p.capaian) for p in results.programs] == [
        ("I", Decimal("102.50")), ("I.a", Decimal("111.67")), ("II.a.1", Decimal("60.00"))]
    assert len(result.analysis.data.staff_units) == 2


def test_a_template_filled_by_hand_round_trips(tmp_path):
    path = tmp_path / "tangan.xlsx"
    fill_by_hand(path)
    assert_processed(path, tmp_path / "out")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_template_filled_and_saved_by_libreoffice_round_trips(tmp_path):
    filled = tmp_path / "isi" / "tangan.xlsx"
    filled.parent.mkdir()
    fill_by_hand(filled)
    saved = tmp_path / "lo"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(filled)],
                   check=True, capture_output=True, timeout=180)
    path = saved / "tangan.xlsx"
    workbook = openpyxl.load_workbook(path)  # LibreOffice kept the protection, the locks and the dropdowns
    assert workbook["IKU"].protection.sheet and workbook["Kinerja Program"].protection.sheet
    assert locked(workbook["IKU"], 4, 11) and not locked(workbook["IKU"], 4, 7)
    assert any(v.formula1 == '"Program,Kegiatan,Sub Kegiatan"'
               for v in workbook["Anggaran"].data_validations.dataValidation)
    assert_processed(path, tmp_path / "out")


def test_a_budget_of_500_pasted_lines_is_open_read_and_computed_to_its_last_row(tmp_path):
    workbook = openpyxl.load_workbook(COMMITTED)
    for label, value in (("Nama Instansi", "Dinas Uji"), ("Pemerintah Daerah", "Pemerintah Kota Uji"),
                         ("Tahun", 2024)):
        row = next(r for r in range(4, 20) if workbook["Identitas"].cell(row=r, column=1).value == label)
        workbook["Identitas"].cell(row=row, column=2, value=value)
    workbook["IKU"].append(["SS1", "Sasaran", "IKU1", "Indikator", "%", "Naik", "80", "84"])
    anggaran = workbook["Anggaran"]
    lines = [("1", "Program", "SS1", 499 * 1000000, 499 * 900000)]
    lines += [(f"1.{n}", f"Kegiatan {n}", None, 1000000, 900000) for n in range(1, 500)]
    for row, line in enumerate(lines, start=4):  # what Paste Special > Values into A4:E503 leaves
        assert not any(locked(anggaran, row, column) for column in range(1, 6))
        for column, value in enumerate(line, start=1):
            anggaran.cell(row=row, column=column, value=value)
    path = tmp_path / "dpa.xlsx"
    workbook.save(path)
    result = api.process_file(path, Options(out_dir=tmp_path / "out"))
    assert result.status == "ok" and len(result.analysis.data.budget_lines) == 500
    hasil = openpyxl.load_workbook(result.outputs["hasil"])["Anggaran"]
    last = hasil["F503"]
    assert last.value == 90 and last.protection.locked and last.fill.fgColor.rgb.endswith("DDEBF7")
    assert hasil["G503"].value == 100000 and hasil["G503"].number_format == "#,##0"
