"""The _hasil workbook: marks where finance staff look, nothing of the agency's lost, nothing doubled."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from PIL import Image as PILImage

from lkip_xls import api
from lkip_xls.core import schema
from lkip_xls.core.model import Severity
from lkip_xls.outputs.hasil.annotate import AUTHOR, FILLS
from lkip_xls.read.previous import STATE_SHEET

from .conftest import SAMPLES, minimal_data, write_workbook

X14_VALIDATION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Daftar!$A$1:$A$3</xm:f></x14:formula1>'
    "<xm:sqref>M4:M20</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
)


def process(path: Path, out_dir: Path) -> api.FileResult:
    return api.process_file(path, api.Options(out_dir=out_dir))


def cells(path: Path, data_only: bool = False) -> dict:
    workbook = openpyxl.load_workbook(path, data_only=data_only)
    return {(ws.title, c.coordinate): c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None}


def marks(path: Path) -> dict:
    workbook = openpyxl.load_workbook(path)
    found = {}
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    found[(ws.title, cell.coordinate)] = (cell.comment.text, cell.fill.fgColor.rgb)
    return found


def sheet_xml(path: Path, name: str) -> str:
    from lkip_xls.read.ooxml import sheet_parts

    with zipfile.ZipFile(path) as archive:
        return archive.read(sheet_parts(archive)[name]).decode()


@pytest.fixture
def rich_workbook(tmp_path) -> Path:
    """An agency workbook with everything a plain openpyxl round trip might lose."""
    data = minimal_data()
    data["Anggaran"][0]["Pagu (Rp)"] = 1000001  # a slip: one rupiah more than its child
    data["IKU"][0]["Capaian (%)"] = 104  # typed, differs from 105
    path = write_workbook(tmp_path / "agency.xlsx", data)
    workbook = openpyxl.load_workbook(path)
    iku = workbook["IKU"]
    iku["M3"] = "Catatan Bidang"  # an extra column (Keterangan is M; N is extra)
    iku["N3"] = "Kolom Tambahan"
    iku["N4"] = "=G4*2"
    validation = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
    validation.add("N4:N10")
    iku.add_data_validation(validation)
    red = PatternFill("solid", fgColor=FILLS[Severity.ERROR])
    iku.conditional_formatting.add("H4:H10", CellIsRule(operator="lessThan", formula=["0"], fill=red))
    extra = workbook.create_sheet("Daftar")
    extra.append(["Pilihan A"])
    extra.append(["Pilihan B"])
    extra.append(["=A1&A2"])
    extra.merge_cells("A6:D6")
    extra["A6"] = "Disusun oleh Bidang Perencanaan"
    workbook.defined_names["DaftarPilihan"] = DefinedName("DaftarPilihan", attr_text="Daftar!$A$1:$A$3")
    picture = tmp_path / "logo.png"
    PILImage.new("RGB", (20, 20), "red").save(picture)
    extra.add_image(Image(str(picture)), "C2")
    workbook["Anggaran"]["B4"].comment = openpyxl.comments.Comment("Catatan keuangan", "Bendahara")
    workbook.save(path)
    # Excel 2010+ dropdown stored as an x14 extension: openpyxl alone would drop it.
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, blob in items:
            if item.filename == "xl/worksheets/sheet3.xml":  # IKU
                blob = blob.replace(b"</worksheet>", X14_VALIDATION.encode() + b"</worksheet>")
            target.writestr(item, blob)
    assert "CCE6A557" in sheet_xml(path, "IKU")
    return path


def test_input_is_never_modified(rich_workbook, tmp_path):
    before = hashlib.sha256(rich_workbook.read_bytes()).hexdigest()
    process(rich_workbook, tmp_path / "out")
    assert hashlib.sha256(rich_workbook.read_bytes()).hexdigest() == before


def test_every_agency_cell_survives_outside_the_computed_columns(rich_workbook, tmp_path):
    result = process(rich_workbook, tmp_path / "out")
    hasil = Path(result.outputs["hasil"])
    original, written = cells(rich_workbook), cells(hasil)
    computed = {("IKU", "K"), ("IKU", "L"), ("Anggaran", "F"), ("Anggaran", "G"), ("Realisasi", "L")}
    for (sheet, coordinate), value in original.items():
        if (sheet, coordinate.rstrip("0123456789")) in computed:
            continue
        assert written[(sheet, coordinate)] == value, (sheet, coordinate)
    workbook = openpyxl.load_workbook(hasil)
    iku = workbook["IKU"]
    assert iku["N4"].value == "=G4*2"
    assert "A6:D6" in {str(r) for r in workbook["Daftar"].merged_cells.ranges}
    assert any(str(v.sqref) == "N4:N10" for v in iku.data_validations.dataValidation)
    assert any(str(v.sqref).startswith("F4") for v in iku.data_validations.dataValidation)  # template dropdown
    assert "H4:H10" in {str(r.sqref) for r in iku.conditional_formatting}
    assert "DaftarPilihan" in workbook.defined_names
    assert len(workbook["Daftar"]._images) == 1
    assert workbook["Anggaran"]["B4"].comment.text == "Catatan keuangan"
    assert "CCE6A557" in sheet_xml(hasil, "IKU") and "Daftar!$A$1:$A$3" in sheet_xml(hasil, "IKU")


def test_computed_columns_hold_values_not_formulas(rich_workbook, tmp_path):
    hasil = Path(process(rich_workbook, tmp_path / "out").outputs["hasil"])
    iku = openpyxl.load_workbook(hasil)["IKU"]
    assert (iku["K4"].value, iku["L4"].value, iku["K5"].value) == (105, "Sangat Tinggi", 80)
    anggaran = openpyxl.load_workbook(hasil)["Anggaran"]
    assert (anggaran["F5"].value, anggaran["G5"].value) == (93.1, 69000)


def test_findings_are_marked_at_their_cells_with_one_comment_each(rich_workbook, tmp_path):
    hasil = Path(process(rich_workbook, tmp_path / "out").outputs["hasil"])
    found = marks(hasil)
    text, fill = found[("Anggaran", "D4")]
    assert "ANGGARAN-SUM-DIFFERS" in text and "Rp1.000.001" in text and "selisih Rp1" in text
    assert fill.endswith("FFC7CE")
    text, fill = found[("IKU", "K4")]
    assert "CAPAIAN-DIFFERS" in text and "104,00%" in text and fill.endswith("FFEB9C")
    comment = openpyxl.load_workbook(hasil)["Anggaran"]["D4"].comment
    assert comment.author == AUTHOR


def test_pemeriksaan_lists_every_finding_errors_first_with_links(rich_workbook, tmp_path):
    result = process(rich_workbook, tmp_path / "out")
    workbook = openpyxl.load_workbook(result.outputs["hasil"])
    assert workbook.sheetnames[0] == schema.PEMERIKSAAN_NAME
    sheet = workbook[schema.PEMERIKSAAN_NAME]
    assert "1 kesalahan" in sheet["A1"].value and "Rata-rata capaian" in sheet["A1"].value
    assert sheet["A2"].value.startswith("Langkah berikutnya: perbaiki setiap sel merah")
    assert [c.value for c in sheet[3]] == ["Tingkat", "Kode", "Sheet", "Sel", "Pesan", "Akibat dari"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == len(result.findings)
    ranks = [{"Kesalahan": 0, "Peringatan": 1, "Info": 2}[r[0]] for r in rows]
    assert ranks == sorted(ranks)
    assert sheet["D4"].hyperlink.location == "'Anggaran'!D4"
    assert workbook[STATE_SHEET].sheet_state == "veryHidden"


def test_processing_the_hasil_again_gives_the_same_findings_and_output(rich_workbook, tmp_path):
    first = process(rich_workbook, tmp_path / "one")
    second = process(Path(first.outputs["hasil"]), tmp_path / "two")
    assert [(f.code, f.sheet, f.cell) for f in second.findings] == [(f.code, f.sheet, f.cell) for f in first.findings]
    one, two = Path(first.outputs["hasil"]), Path(second.outputs["hasil"])
    assert marks(one) == marks(two)
    assert openpyxl.load_workbook(one).sheetnames == openpyxl.load_workbook(two).sheetnames
    assert cells(one) == cells(two)
    assert sheet_xml(two, "IKU").count("CCE6A557") == 1


def test_a_fixed_cell_loses_its_mark_and_gets_its_look_back(rich_workbook, tmp_path):
    first = process(rich_workbook, tmp_path / "one")
    returned = tmp_path / "returned.xlsx"
    workbook = openpyxl.load_workbook(first.outputs["hasil"])
    workbook["Anggaran"]["D4"].value = 1000000  # the finance officer corrects the pagu
    workbook.save(returned)
    second = process(returned, tmp_path / "two")
    assert "ANGGARAN-SUM-DIFFERS" not in {f.code for f in second.findings}
    fixed = openpyxl.load_workbook(second.outputs["hasil"])["Anggaran"]["D4"]
    original = openpyxl.load_workbook(rich_workbook)["Anggaran"]["D4"]
    assert fixed.comment is None
    assert fixed.fill.fgColor.rgb == original.fill.fgColor.rgb
    assert fixed.number_format == original.number_format and fixed.border.left.style == original.border.left.style
    kept = openpyxl.load_workbook(second.outputs["hasil"])["Anggaran"]["B4"].comment
    assert kept.text == "Catatan keuangan"


@pytest.mark.parametrize("edited", ['<fill><bogus xmlns="urn:x"/></fill>', "<fill>teks</fill>", "<fill><patternFill"])
def test_an_edited_state_fill_never_reaches_the_styles(rich_workbook, tmp_path, edited):
    first = process(rich_workbook, tmp_path / "one")
    returned = tmp_path / "returned.xlsx"
    workbook = openpyxl.load_workbook(first.outputs["hasil"])
    for row in workbook[STATE_SHEET].iter_rows():
        if row[0].value == "fill" and row[1].value == "Anggaran" and row[2].value == "D4":
            row[3].value = edited  # someone opened the hidden sheet and typed into it
    workbook["Anggaran"]["D4"].value = 1000000
    workbook.save(returned)
    second = process(returned, tmp_path / "two")
    assert second.status != "unreadable" and "hasil" in second.outputs
    with zipfile.ZipFile(second.outputs["hasil"]) as archive:
        styles = archive.read("xl/styles.xml")
    assert b"bogus" not in styles and b"teks" not in styles
    assert openpyxl.load_workbook(second.outputs["hasil"])["Anggaran"]["D4"].fill.patternType is None


def test_agency_text_never_becomes_a_formula_in_pemeriksaan(tmp_path):
    path = write_workbook(tmp_path / "f.xlsx", minimal_data())
    workbook = openpyxl.load_workbook(path)
    cell = workbook["Anggaran"]["C4"]
    cell.value = '=HYPERLINK("http://x")'
    cell.data_type = "s"  # typed as text by the agency
    workbook.save(path)
    result = process(path, tmp_path / "out")
    assert "SASARAN-UNKNOWN" in {f.code for f in result.findings}
    sheet = openpyxl.load_workbook(result.outputs["hasil"])[schema.PEMERIKSAAN_NAME]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_samples_hasil_highlight_the_published_slips(tmp_path, expectations):
    result = process(SAMPLES / "ntt-2024.xlsx", tmp_path)
    found = marks(Path(result.outputs["hasil"]))
    for expected in expectations["ntt-2024.xlsx"]["expected_findings"]:
        text, fill = found[(expected["sheet"], expected["cell"])]
        assert expected["code"] in text
        if expected["severity"] == "info":  # explained by a slip elsewhere: a comment, no highlight
            assert not fill.endswith(("FFC7CE", "FFEB9C")) and expected["caused_by"][0] in text
        else:
            assert fill.endswith("FFC7CE" if expected["severity"] == "error" else "FFEB9C")


def test_pemeriksaan_names_and_links_the_cause_of_an_explained_finding(tmp_path):
    result = process(SAMPLES / "ntt-2024.xlsx", tmp_path)
    sheet = openpyxl.load_workbook(result.outputs["hasil"])[schema.PEMERIKSAAN_NAME]
    by_cell = {(row[2].value, row[3].value): row for row in sheet.iter_rows(min_row=4)}
    total = by_cell[("Anggaran", "D61")]
    assert total[0].value == "Info" and total[5].value == "Anggaran!D4"
    assert total[5].hyperlink.location == "'Anggaran'!D4"
    assert by_cell[("Anggaran", "D4")][5].value is None
    assert "sepakat pada Rp8.445.444.020" in by_cell[("Anggaran", "D4")][4].value
    for row in by_cell.values():  # level, code, sheet and cell beside the first line of a long message
        assert {cell.alignment.vertical for cell in row if cell.value is not None} == {"top"}, row


def test_processing_a_hasil_with_a_root_cause_again_gives_the_same_findings(tmp_path):
    first = process(SAMPLES / "ntt-2024.xlsx", tmp_path / "one")
    second = process(Path(first.outputs["hasil"]), tmp_path / "two")
    assert [(f.code, f.severity, f.sheet, f.cell, f.expected, f.caused_by) for f in second.findings] == \
        [(f.code, f.severity, f.sheet, f.cell, f.expected, f.caused_by) for f in first.findings]
    serapan = openpyxl.load_workbook(first.outputs["hasil"])["Anggaran"]["F4"].value
    assert serapan in (94.49, 0.9449)  # computed on the corrected pagu, as the report prints it


def test_the_state_sheet_keeps_written_values_in_runs_and_a_format_2_state_reads_the_same(rich_workbook, tmp_path):
    from lkip_xls.read import guard, previous

    def state_of(path: Path) -> previous.PreviousState:
        view = guard.open_values(path, max_size=50 * 1024 * 1024)
        try:
            return previous.read_state(view)
        finally:
            view.close()

    hasil = Path(process(rich_workbook, tmp_path / "out").outputs["hasil"])
    workbook = openpyxl.load_workbook(hasil)
    rows = list(workbook[STATE_SHEET].iter_rows(values_only=True))
    assert rows[0][:2] == (previous.MARKER, 3)
    runs = [row for row in rows if row[0] == "wrote" and ":" in row[2]]
    assert runs and all(row[2].split(":")[0][0] == row[2].split(":")[1][0] for row in runs)  # one column each
    state = state_of(hasil)
    computed = {(ws, cell) for ws, cell in state.wrote}
    assert ("IKU", "K4") in computed and ("Anggaran", "F4") in computed
    # the same state written the format 2 way: one row per cell
    store = workbook[STATE_SHEET]
    store.delete_rows(2, store.max_row)
    store["B1"] = 2
    for (sheet, cell), value in state.wrote.items():
        store.append(["wrote", sheet, cell, value])
    for (sheet, cell), (typed, ours) in state.typed.items():
        store.append(["typed", sheet, cell, typed, ours])
    for (sheet, cell), fill in state.fills.items():
        store.append(["fill", sheet, cell, fill])
    for (sheet, cell), text in state.notes.items():
        store.append(["note", sheet, cell, text])
    older = tmp_path / "format2.xlsx"
    workbook.save(older)
    assert state_of(older) == state


def narrow_workbook(tmp_path: Path) -> Path:
    """The minimal workbook with the agency's computed columns made far too narrow for their values."""
    path = write_workbook(tmp_path / "sempit.xlsx", minimal_data())
    workbook = openpyxl.load_workbook(path)
    for sheet, letters in (("IKU", "KL"), ("Anggaran", "FG")):
        for letter in letters:
            workbook[sheet].column_dimensions[letter].width = 3
    workbook["Anggaran"]["G4"].alignment = openpyxl.styles.Alignment(wrap_text=True)  # wrap: numbers show ### too
    workbook.save(path)
    return path


def test_computed_numbers_shrink_to_fit_a_narrow_column_and_nothing_else_changes(tmp_path):
    path = narrow_workbook(tmp_path)
    first = process(path, tmp_path / "one")
    hasil = Path(first.outputs["hasil"])
    workbook = openpyxl.load_workbook(hasil)
    iku, anggaran = workbook["IKU"], workbook["Anggaran"]
    for cell in (iku["K4"], anggaran["F4"], anggaran["G4"], anggaran["G5"]):
        assert cell.alignment.shrink_to_fit and not cell.alignment.wrap_text, cell.coordinate
    assert not iku["L4"].alignment.shrink_to_fit  # text (Kategori) never shows "###": left as it is
    assert not iku["J4"].alignment.shrink_to_fit  # the agency's own cells keep their style
    assert iku.column_dimensions["K"].width == 3  # the agency's column widths stay (TEMPLATE.md §6)
    again = process(hasil, tmp_path / "two")
    styles = [zipfile.ZipFile(path).read("xl/styles.xml") for path in (hasil, again.outputs["hasil"])]
    assert styles[0] == styles[1]  # the returned _hasil: the shrinking style is reused, nothing appended


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and pdftotext needed")
def test_libreoffice_prints_no_hash_marks_in_narrow_computed_columns(tmp_path):
    path = narrow_workbook(tmp_path)
    hasil = Path(process(path, tmp_path / "out").outputs["hasil"])
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), str(hasil)], check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "pdf" / f"{hasil.stem}.pdf"), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    assert "###" not in text
