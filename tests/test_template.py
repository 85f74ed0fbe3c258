"""The generated template: sheets, headers, help, dropdowns, shading and locks; the committed copy stays equal."""

from __future__ import annotations

import openpyxl
from typer.testing import CliRunner

from lkip_xls.cli import app
from lkip_xls.core import schema
from lkip_xls.outputs.template import COMPUTED_FILL

from .conftest import ROOT, content

COMMITTED = ROOT / "template_workbook" / "lkip-template.xlsx"


def test_template_command_writes_the_committed_template(tmp_path):
    target = tmp_path / "lkip-template.xlsx"
    result = CliRunner().invoke(app, ["template", str(target)])
    assert result.exit_code == 0, result.output
    assert content(target) == content(COMMITTED), \
        "regenerate: lkip-xls template template_workbook/lkip-template.xlsx --force"


def test_every_sheet_has_title_instruction_and_headers_on_row_3():
    workbook = openpyxl.load_workbook(COMMITTED)
    assert workbook.sheetnames[0] == "Petunjuk"
    for spec in schema.DATA_SHEETS:
        ws = workbook[spec.name]
        assert ws["A1"].value == spec.title
        assert ws["A2"].value == spec.instruction
        headers = [c.value for c in ws[schema.HEADER_ROW]][: len(spec.columns)]
        assert headers == [c.header for c in spec.columns]
        for cell in ws[schema.HEADER_ROW][: len(spec.columns)]:
            assert cell.comment is not None and cell.comment.author == "lkip-xls"


def test_computed_columns_are_shaded_and_locked_and_inputs_are_open():
    ws = openpyxl.load_workbook(COMMITTED)["IKU"]
    capaian, target = ws["K4"], ws["G4"]
    assert ws["K3"].value == "Capaian (%)"
    assert capaian.fill.fgColor.rgb.endswith(COMPUTED_FILL.fgColor.rgb[-6:])
    assert capaian.protection.locked and ws.protection.sheet
    assert not target.protection.locked
    assert capaian.number_format == "0.00"
    assert openpyxl.load_workbook(COMMITTED)["Anggaran"]["D4"].number_format == "#,##0"


def test_dropdowns_for_arah_agregasi_and_identitas_choices():
    workbook = openpyxl.load_workbook(COMMITTED)
    formulas = {ws: [v.formula1 for v in workbook[ws].data_validations.dataValidation]
                for ws in ("IKU", "Realisasi", "Identitas", "Skala")}
    assert '"Naik,Turun,Tetap"' in formulas["IKU"]
    assert '"Kumulatif,Akhir,Rata-rata"' in formulas["Realisasi"]
    assert '"permendagri86,kemenpan,sakip,kustom"' in formulas["Identitas"]
    assert '"2T-R,T/R"' in formulas["Identitas"]
    assert '"indikator,sasaran"' in formulas["Identitas"]


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
    from lkip_xls.outputs.template import build_template

    workbook = build_template(1)
    headers = [c.value for c in workbook["Anggaran"][3] if c.value]
    assert headers[-1] == "Keterangan" and "Tingkat" not in headers
    assert workbook["Identitas"]["B4"].value == 1
