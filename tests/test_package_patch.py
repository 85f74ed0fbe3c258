"""The package patch engine behind _hasil: only what is patched changes, everything else stays as it was."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import uuid
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from lkip_xls.outputs.hasil.package import (
    CellPatch,
    NewCell,
    NewSheet,
    Patch,
    apply_patch,
    has_formulas,
    read_package_sheets,
    shift_formula,
)
from tests.fixtures_ooxml import CHECKBOX, PRINTER_SETTINGS, VBA_PROJECT, build_big, build_rich, rewrite_member
from tests.package_diff import (
    canonical_part,
    content_types,
    diff_packages,
    raw_members,
    read_parts,
    styles_appended_only,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS = {"m": MAIN}
SHEET1 = "xl/worksheets/sheet1.xml"
SHEET2 = "xl/worksheets/sheet2.xml"
ALWAYS_KEPT = ["xl/sharedStrings.xml", "xl/threadedComments/threadedComment1.xml", "xl/persons/person.xml",
               "xl/drawings/drawing1.xml", "xl/printerSettings/printerSettings1.bin", "customXml/item1.xml",
               "customXml/itemProps1.xml", "customXml/_rels/item1.xml.rels", "docProps/app.xml", "docProps/core.xml",
               "xl/worksheets/_rels/sheet1.xml.rels", "_rels/.rels", SHEET2]
SOFFICE = shutil.which("soffice")


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fixtures")
    return {
        "rich": build_rich(folder / "rich.xlsx"),
        "alt": build_rich(folder / "alt.xlsx", workbook_part="xl/workbook2.xml"),
        "xlsm": build_rich(folder / "rich.xlsm", macro=True),
    }


def standard_patch(**changes) -> Patch:
    """What lkip-xls does: computed column values, highlights with comments, the Pemeriksaan sheet."""
    cells = {
        "IKU": {
            "E4": CellPatch(Decimal("105"), True, fill="FFC7CE", comment="Capaian dihitung ulang: 105,00"),
            "E5": CellPatch(Decimal("80"), True),
            "E6": CellPatch(Decimal("90"), True),
            "E7": CellPatch(Decimal("122.86"), True),
            "G5": CellPatch(Decimal("97.5"), True, percent=True),
            "H4": CellPatch(number_format="0.00", fill="FFEB9C"),
            "H5": CellPatch(Decimal("12"), True, number_format="0.00"),
            "C4": CellPatch(comment="Target lebih kecil dari tahun lalu"),
            "B4": CellPatch(fill="FFC7CE", comment="Indikator tidak ada di Renstra"),
            "J10": CellPatch("=1+1", True),
            "K12": CellPatch(Decimal("-0.00"), True, fill="FFC7CE", comment="Sel baru"),
        },
        "Anggaran": {"B3": CellPatch(fill="FFEB9C", comment="Pagu berbeda dari DPA")},
    }
    rows = {1: {1: NewCell("Tingkat", bold=True, fill="DDEBF7"), 2: NewCell("Kode", bold=True),
                3: NewCell("Sel", bold=True), 4: NewCell("Pesan", bold=True, wrap=True)}}
    rows[2] = {1: NewCell("error", color="C00000"), 2: NewCell("IKU-CAPAIAN"),
               3: NewCell("IKU!E4", link="'IKU'!E4", underline=True, color="0563C1"),
               4: NewCell("Capaian <105> & \x0b \"x\" 😀", wrap=True)}
    rows[3] = {1: NewCell(Decimal("1.50")), 2: NewCell(7), 4: NewCell("=SUM(A1:A2)")}
    new_sheets = [
        NewSheet("Pemeriksaan", rows, widths={1: 10, 4: 60.5}, position=0, freeze_row=2, autofilter="A1:D3",
                 selected=True, landscape=True, fit_width=True, print_title_rows="$1:$1"),
        NewSheet("_lkip_state", {1: {1: NewCell("state")}}, state="veryHidden"),
    ]
    patch = Patch(cells=cells, new_sheets=new_sheets, drop_sheets=["Pemeriksaan", "_lkip_state"])
    for key, value in changes.items():
        setattr(patch, key, value)
    return patch


def cell(parts: dict[str, bytes], part: str, ref: str) -> etree._Element | None:
    root = etree.fromstring(parts[part])
    found = root.findall(f".//m:c[@r='{ref}']", NS)
    assert len(found) <= 1
    return found[0] if found else None


def without_calc_chain(data: bytes) -> bytes:
    """A [Content_Types].xml or .rels part without its calcChain entry."""
    root = etree.fromstring(data)
    for el in list(root):
        if "calcChain" in (el.get("PartName", "") + el.get("Target", "")):
            root.remove(el)
    return etree.tostring(root)


def load(path: Path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, **options)


def patched(source: Path, target: Path, patch: Patch) -> dict[str, bytes]:
    apply_patch(source, target, patch)
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert archive.infolist()[0].filename == "[Content_Types].xml"
    return read_parts(target)


# ------------------------------------------------------------------------------------------- reading


def test_read_package_sheets_follows_relationships(fixtures):
    assert read_package_sheets(fixtures["rich"]) == {"IKU": SHEET1, "Anggaran": SHEET2}
    assert read_package_sheets(fixtures["alt"]) == {"IKU": SHEET1, "Anggaran": SHEET2}
    assert "xl/workbook.xml" not in read_parts(fixtures["alt"])


def test_shift_formula():
    assert shift_formula("D4/C4*100", 2, 0) == "D6/C6*100"
    assert shift_formula("SUM($B$2:B4)+Anggaran!C4+'Data 2'!A1", 1, 1) == "SUM($B$2:C5)+Anggaran!D5+'Data 2'!B2"
    assert shift_formula('IF(A1="B2",LOG10(B2),A:A)', 1, 1) == 'IF(B2="B2",LOG10(C3),B:B)'
    assert shift_formula("Tabel1[[#This Row],[Pagu]]*A$1+$A1+1:1", 3, 0) == "Tabel1[[#This Row],[Pagu]]*A$1+$A4+4:4"
    assert shift_formula("A1", -1, 0) == "#REF!"
    assert shift_formula("Sheet1!A1+AB1!C3", 1, 0) == "Sheet1!A2+AB1!C4"


# ------------------------------------------------------------------------------------------- invariants


def test_only_the_patched_cells_change(fixtures, tmp_path):
    source = read_parts(fixtures["rich"])
    out = patched(fixtures["rich"], tmp_path / "out.xlsx", standard_patch())
    diff = diff_packages(source, out)
    assert diff.removed == {"xl/calcChain.xml"}  # formulas of E4:E7 were replaced by values
    assert diff.added == {"xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml", "xl/comments2.xml",
                          "xl/drawings/vmlDrawing2.vml", "xl/worksheets/_rels/sheet2.xml.rels"}
    assert diff.changed_names == {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", SHEET1,
                                  SHEET2, "xl/styles.xml", "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml"}
    sheet1 = diff.changed[SHEET1]
    assert sheet1.cells == {"E4", "E5", "E6", "E7", "G5", "H4", "H5", "B4", "J10", "K12"}
    assert sheet1.elements == {"dimension", "row:10", "row:12"}
    sheet2 = diff.changed[SHEET2]
    assert sheet2.cells == {"B3"}
    assert sheet2.elements == {"legacyDrawing", "sheetViews"}  # the comment's VML; tabSelected moved
    assert styles_appended_only(source["xl/styles.xml"], out["xl/styles.xml"]) == []
    for name in ALWAYS_KEPT:
        if name != SHEET2:
            assert out[name] == source[name], name


def test_unchanged_members_are_copied_raw(fixtures, tmp_path):
    target = tmp_path / "out.xlsx"
    apply_patch(fixtures["rich"], target, Patch(cells={"Anggaran": {"C2": CellPatch(Decimal("1"), True)}}))
    before, after = raw_members(fixtures["rich"]), raw_members(target)
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed == {SHEET2, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                       "xl/calcChain.xml"}
    with zipfile.ZipFile(fixtures["rich"]) as a, zipfile.ZipFile(target) as b:
        assert [i.filename for i in a.infolist() if i.filename != "xl/calcChain.xml"] == [
            i.filename for i in b.infolist()]


def test_formula_cells_keep_formula_and_cached_value(fixtures, tmp_path):
    out = patched(fixtures["rich"], tmp_path / "out.xlsx", Patch(cells={"IKU": {
        "D8": CellPatch(fill="FFC7CE", comment="Jumlah?"), "C8": CellPatch(number_format="0.00")}}))
    for ref, formula in (("D8", "SUM(D4:D7)"), ("C8", "SUM(C4:C7)")):
        c = cell(out, SHEET1, ref)
        assert c.findtext("m:f", namespaces=NS) == formula and c.findtext("m:v", namespaces=NS) == "300"
    assert "xl/calcChain.xml" in out  # no formula was replaced
    assert cell(out, SHEET1, "E5").find("m:f", NS).get("si") == "0"


def test_replacing_a_shared_formula_master_keeps_the_other_formulas(fixtures, tmp_path):
    out = patched(fixtures["rich"], tmp_path / "out.xlsx", Patch(cells={"IKU": {"E4": CellPatch(1, True)}}))
    assert cell(out, SHEET1, "E4").find("m:f", NS) is None
    for row in (5, 6, 7):
        f = cell(out, SHEET1, f"E{row}").find("m:f", NS)
        assert f.text == f"D{row}/C{row}*100" and not f.attrib
    assert "xl/calcChain.xml" not in out
    assert "calcChain" not in out["[Content_Types].xml"].decode()
    assert "calcChain" not in out["xl/_rels/workbook.xml.rels"].decode()
    values = load(tmp_path / "out.xlsx")["IKU"]
    assert values["E4"].value == 1 and values["E6"].value == "=D6/C6*100"


def test_values_formats_and_fills(fixtures, tmp_path):
    source = read_parts(fixtures["rich"])
    out = patched(fixtures["rich"], tmp_path / "out.xlsx", standard_patch())
    styles = etree.fromstring(out["xl/styles.xml"])
    xfs = styles.find("m:cellXfs", NS)
    fills = styles.find("m:fills", NS)
    assert cell(out, SHEET1, "G5").findtext("m:v", namespaces=NS) == "0.975"  # 97.5 % into a 0.00% cell
    e4 = cell(out, SHEET1, "E4")
    assert e4.findtext("m:v", namespaces=NS) == "105" and e4.get("t") is None
    xf = xfs[int(e4.get("s"))]
    assert int(e4.get("s")) >= 7  # appended
    assert xf.get("numFmtId") == "164" and xf.get("applyFill") == "1"  # a copy of xf 3 with the fill
    assert fills[int(xf.get("fillId"))].find("m:patternFill/m:fgColor", NS).get("rgb") == "FFFFC7CE"
    h4 = xfs[int(cell(out, SHEET1, "H4").get("s"))]  # General: gets the number format (built-in 2) and fill
    assert h4.get("numFmtId") == "2" and fills[int(h4.get("fillId"))].find(
        "m:patternFill/m:fgColor", NS).get("rgb") == "FFFFEB9C"
    assert cell(out, SHEET1, "H5").get("s") == "5"  # already formatted (#,##0.00): untouched style
    b4 = cell(out, SHEET1, "B4")
    assert b4.get("t") == "s" and b4.findtext("m:v", namespaces=NS) == "11"  # value kept, only the style
    j10 = cell(out, SHEET1, "J10")
    assert j10.get("t") == "inlineStr" and j10.findtext("m:is/m:t", namespaces=NS) == "=1+1"
    assert j10.find("m:f", NS) is None
    k12 = cell(out, SHEET1, "K12")
    assert k12.findtext("m:v", namespaces=NS) == "0"
    assert out["xl/sharedStrings.xml"] == source["xl/sharedStrings.xml"]
    wb = load(tmp_path / "out.xlsx", data_only=True)
    iku = wb["IKU"]
    assert iku["E4"].value == 105 and iku["E7"].value == pytest.approx(122.86)
    assert iku["G5"].value == pytest.approx(0.975) and iku["G5"].number_format == "0.00%"
    assert iku["H4"].number_format == "0.00" and iku["H4"].fill.fgColor.rgb == "FFFFEB9C"
    assert iku["J10"].value == "=1+1" and iku["D8"].value == 300
    assert iku["A1"].value == "Capaian Kinerja 2024"


def test_x14_extensions_drawings_and_printer_settings_survive(fixtures, tmp_path):
    source = read_parts(fixtures["rich"])
    out = patched(fixtures["rich"], tmp_path / "out.xlsx", standard_patch())

    def extensions(data: bytes) -> list[bytes]:
        root = etree.fromstring(data)
        found = root.findall("m:extLst", NS) + root.findall("m:conditionalFormatting", NS)
        return [etree.tostring(el, method="c14n") for el in found]

    assert extensions(out[SHEET1]) == extensions(source[SHEET1])
    assert b"x14:id>{00000000-000E-0000-0000-000001000000}" in out[SHEET1]
    assert out["xl/printerSettings/printerSettings1.bin"] == PRINTER_SETTINGS
    root = etree.fromstring(out[SHEET1])
    assert root.find("m:pageSetup", NS).get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")


def test_threaded_comments_are_never_touched(fixtures, tmp_path):
    source = read_parts(fixtures["rich"])
    out = patched(fixtures["rich"], tmp_path / "out.xlsx", standard_patch())
    for name in ("xl/threadedComments/threadedComment1.xml", "xl/persons/person.xml"):
        assert out[name] == source[name]
    comments = etree.fromstring(out["xl/comments1.xml"])
    b4 = comments.find(".//m:comment[@ref='B4']", NS)
    original = etree.fromstring(source["xl/comments1.xml"]).find(".//m:comment[@ref='B4']", NS)
    assert etree.tostring(b4, method="c14n") == etree.tostring(original, method="c14n")
    assert "lkip-xls" not in "".join(b4.itertext())


def test_another_authors_note_gets_our_text_and_strip_restores_it(fixtures, tmp_path):
    source = read_parts(fixtures["rich"])
    patch = standard_patch()
    patch.new_sheets[0].selected = False  # a selected sheet unselects Anggaran, which dropping does not undo
    out = patched(fixtures["rich"], tmp_path / "out.xlsx", patch)
    c4 = etree.fromstring(out["xl/comments1.xml"]).find(".//m:comment[@ref='C4']", NS)
    assert "".join(c4.itertext()) == ("Budi:\nTarget sesuai Renstra & PK 2024"
                                      "\n\nlkip-xls:\nTarget lebih kecil dari tahun lalu")
    wb = load(tmp_path / "out.xlsx")
    assert wb["IKU"]["C4"].comment.author == "Budi"
    assert wb["IKU"]["E4"].comment.text == "Capaian dihitung ulang: 105,00"
    assert wb["IKU"]["E4"].comment.author == "lkip-xls"
    vml = out["xl/drawings/vmlDrawing1.vml"].decode()
    assert vml.count('ObjectType="Note"') == 4 and vml.count('id="_x0000_s1027"') == 1
    # stripping (and dropping our sheets) gives back the original package
    back = patched(tmp_path / "out.xlsx", tmp_path / "back.xlsx",
                   Patch(drop_sheets=["Pemeriksaan", "_lkip_state"]))
    diff = diff_packages(source, back)
    assert diff.added == set() and diff.removed == {"xl/calcChain.xml"}
    # our values and fills stay written; comments, VML, legacyDrawing, sheets and names come back
    for name in diff.changed_names - {"xl/styles.xml", SHEET1, SHEET2}:
        assert canonical_part(back[name]) == canonical_part(without_calc_chain(source[name])), name
    assert diff.changed[SHEET1].elements == {"dimension", "row:10", "row:12"}
    assert diff.changed[SHEET2].elements == set() and diff.changed[SHEET2].cells == {"B3"}


def test_applying_the_patch_to_its_own_output_changes_nothing(fixtures, tmp_path):
    first = patched(fixtures["rich"], tmp_path / "first.xlsx", standard_patch())
    second = patched(tmp_path / "first.xlsx", tmp_path / "second.xlsx", standard_patch())
    assert set(first) == set(second)
    assert [name for name in first if first[name] != second[name]] == []
    third = patched(tmp_path / "second.xlsx", tmp_path / "third.xlsx", standard_patch())
    assert third == first


def test_strip_alone_removes_every_trace_of_our_comments(fixtures, tmp_path):
    source = read_parts(fixtures["rich"])
    patch = Patch(cells={"Anggaran": {"B3": CellPatch(comment="a"), "C9": CellPatch(comment="b")}})
    patched(fixtures["rich"], tmp_path / "out.xlsx", patch)
    back = patched(tmp_path / "out.xlsx", tmp_path / "back.xlsx", Patch())
    diff = diff_packages(source, back)
    assert diff.added == diff.removed == set()
    assert diff.changed[SHEET2].cells == set() and diff.changed[SHEET2].elements == set()  # C9: no <c> for a note
    for name in diff.changed_names:
        assert canonical_part(back[name]) == canonical_part(source[name]), name


def test_drop_sheets_removes_all_traces(fixtures, tmp_path):
    source = read_parts(fixtures["rich"])
    patched(fixtures["rich"], tmp_path / "out.xlsx", Patch(new_sheets=[
        NewSheet("Pemeriksaan", {1: {1: NewCell("x")}}, position=0, autofilter="A1:A1", print_title_rows="$1:$1"),
        NewSheet("_state", {1: {1: NewCell("y")}}, state="veryHidden", position=1)]))
    middle = read_parts(tmp_path / "out.xlsx")
    apply_patch(tmp_path / "out.xlsx", tmp_path / "comment.xlsx",
                Patch(cells={"Pemeriksaan": {"A1": CellPatch(comment="on our sheet")}}))
    back = patched(tmp_path / "comment.xlsx", tmp_path / "back.xlsx", Patch(drop_sheets=["Pemeriksaan", "_state"]))
    assert "Pemeriksaan" in middle["xl/workbook.xml"].decode()
    diff = diff_packages(source, back)
    assert diff.added == diff.removed == set()
    for name in diff.changed_names - {"xl/styles.xml"}:
        assert canonical_part(back[name]) == canonical_part(source[name]), name
    assert b"Pemeriksaan" not in b"".join(back.values())


def test_a_new_first_sheet_shifts_local_names_and_active_tab(fixtures, tmp_path):
    out = patched(fixtures["rich"], tmp_path / "out.xlsx", Patch(new_sheets=[
        NewSheet("Pemeriksaan", {1: {1: NewCell("x")}}, position=0, print_title_rows="$1:$1")]))
    workbook = etree.fromstring(out["xl/workbook.xml"])
    names = {(el.get("name"), el.text): el.get("localSheetId") for el in workbook.find("m:definedNames", NS)}
    assert names == {("_xlnm.Print_Area", "Anggaran!$A$1:$C$5"): "2", ("_xlnm.Print_Area", "IKU!$A$1:$H$8"): "1",
                     ("Pagu", "Anggaran!$B$2:$B$4"): None, ("_xlnm.Print_Titles", "'Pemeriksaan'!$1:$1"): "0"}
    assert workbook.find("m:bookViews/m:workbookView", NS).get("activeTab") == "2"
    assert [el.get("name") for el in workbook.find("m:sheets", NS)] == ["Pemeriksaan", "IKU", "Anggaran"]
    assert out[SHEET2] == read_parts(fixtures["rich"])[SHEET2]  # not selected: the Anggaran tab stays selected
    wb = load(tmp_path / "out.xlsx")
    assert wb.sheetnames == ["Pemeriksaan", "IKU", "Anggaran"]
    assert wb["IKU"].print_area == "'IKU'!$A$1:$H$8"


def test_new_sheet_content(fixtures, tmp_path):
    out = patched(fixtures["rich"], tmp_path / "out.xlsx", standard_patch())
    workbook = etree.fromstring(out["xl/workbook.xml"])
    sheets = [(el.get("name"), el.get("state")) for el in workbook.find("m:sheets", NS)]
    assert sheets == [("Pemeriksaan", None), ("IKU", None), ("Anggaran", None), ("_lkip_state", "veryHidden")]
    assert workbook.find("m:bookViews/m:workbookView", NS).get("activeTab") == "0"
    assert b"tabSelected" not in out[SHEET2]
    ids = [el.get("sheetId") for el in workbook.find("m:sheets", NS)]
    assert len(set(ids)) == 4
    wb = load(tmp_path / "out.xlsx")
    sheet = wb["Pemeriksaan"]
    assert sheet["A1"].value == "Tingkat" and sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb == "FFDDEBF7"
    assert sheet["C2"].hyperlink.location == "'IKU'!E4" and sheet["C2"].font.u == "single"
    assert sheet["C2"].hyperlink.target is None
    assert sheet["D2"].value == 'Capaian <105> & _x000B_ "x" 😀' and sheet["D2"].alignment.wrap_text
    assert sheet["D3"].value == "=SUM(A1:A2)" and sheet["D3"].data_type == "s"
    assert sheet["A3"].value == 1.5 and sheet["B3"].value == 7
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D3"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    assert sheet.column_dimensions["D"].width == 60.5
    assert wb["_lkip_state"].sheet_state == "veryHidden" and wb.active.title == "Pemeriksaan"


def test_non_standard_workbook_part_and_xlsm(fixtures, tmp_path):
    alt = patched(fixtures["alt"], tmp_path / "alt.xlsx", standard_patch())
    assert "xl/workbook2.xml" in alt and "xl/workbook.xml" not in alt
    assert "Pemeriksaan" in alt["xl/workbook2.xml"].decode()
    assert "xl/_rels/workbook2.xml.rels" in alt and "xl/calcChain.xml" not in alt
    source = read_parts(fixtures["xlsm"])
    out = patched(fixtures["xlsm"], tmp_path / "out.xlsm", standard_patch())
    assert out["xl/vbaProject.bin"] == source["xl/vbaProject.bin"] == VBA_PROJECT
    types = content_types(out)
    assert types["xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert types["xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    assert b"vbaProject" in out["xl/_rels/workbook.xml.rels"]
    wb = load(tmp_path / "out.xlsm", keep_vba=True)
    assert wb.vba_archive is not None and wb["IKU"]["E4"].value == 105


def test_new_sheet_name_and_patch_errors(fixtures, tmp_path):
    with pytest.raises(ValueError):
        apply_patch(fixtures["rich"], tmp_path / "x.xlsx", Patch(new_sheets=[NewSheet("iku", {})]))
    with pytest.raises(ValueError):
        apply_patch(fixtures["rich"], tmp_path / "x.xlsx", Patch(new_sheets=[NewSheet("a/b", {})]))
    with pytest.raises(ValueError):
        apply_patch(fixtures["rich"], tmp_path / "x.xlsx", Patch(cells={"Nope": {"A1": CellPatch(1, True)}}))
    with pytest.raises(ValueError):
        apply_patch(fixtures["rich"], fixtures["rich"], Patch())


def test_a_part_with_a_dtd_is_refused(fixtures, tmp_path):
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(fixtures["rich"]) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == SHEET2:
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "b">]>', 1)
            target.writestr(info, data)
    with pytest.raises(ValueError, match="DTD"):
        apply_patch(bad, tmp_path / "out.xlsx", Patch(cells={"Anggaran": {"A1": CellPatch(1, True)}}))


def test_recalc_sets_full_calc_on_load(fixtures, tmp_path):
    out = patched(fixtures["rich"], tmp_path / "out.xlsx", Patch(recalc=True))
    assert etree.fromstring(out["xl/workbook.xml"]).find("m:calcPr", NS).get("fullCalcOnLoad") == "1"
    big = build_big(tmp_path / "big.xlsx", rows=3)
    out = patched(big, tmp_path / "big_out.xlsx", Patch(recalc=True))
    assert b'<calcPr calcId="191029" fullCalcOnLoad="1"/>' in out["xl/workbook.xml"]


def test_form_controls_in_the_vml_are_kept(fixtures, tmp_path):
    # a checkbox in IKU's VML: a new note takes the next free shape id
    with_box = rewrite_member(fixtures["rich"], tmp_path / "box.xlsx", "xl/drawings/vmlDrawing1.vml",
                              lambda data: data.replace(b"</xml>", CHECKBOX.encode() + b"</xml>"))
    out = patched(with_box, tmp_path / "out.xlsx", Patch(cells={"IKU": {"A8": CellPatch(comment="baru")}}))
    vml = out["xl/drawings/vmlDrawing1.vml"].decode()
    assert 'id="_x0000_s1031"' in vml and 'ObjectType="Checkbox"' in vml
    # our only note shares a VML with a checkbox: stripping removes the comments part, keeps the VML
    first = patched(fixtures["rich"], tmp_path / "first.xlsx",
                    Patch(cells={"Anggaran": {"B3": CellPatch(comment="a")}}))
    with_box = rewrite_member(tmp_path / "first.xlsx", tmp_path / "box2.xlsx", "xl/drawings/vmlDrawing2.vml",
                              lambda data: data.replace(b"</xml>", CHECKBOX.encode() + b"</xml>"))
    back = patched(with_box, tmp_path / "back.xlsx", Patch())
    assert "xl/comments2.xml" in first and "xl/comments2.xml" not in back
    assert "ObjectType=\"Note\"" not in back["xl/drawings/vmlDrawing2.vml"].decode()
    assert b"legacyDrawing" in back[SHEET2] and b"vmlDrawing2" in back["xl/worksheets/_rels/sheet2.xml.rels"]
    assert b"comments" not in back["xl/worksheets/_rels/sheet2.xml.rels"]
    assert b"comments2" not in back["[Content_Types].xml"]
    load(tmp_path / "back.xlsx")


def test_a_package_without_styles_gets_a_minimal_styles_part(tmp_path):
    plain = build_big(tmp_path / "plain.xlsx", rows=5, styles=False)
    out = patched(plain, tmp_path / "out.xlsx", Patch(cells={"Data": {"B2": CellPatch(fill="FFC7CE")}}))
    assert "xl/styles.xml" in out and b"styles.xml" in out["xl/_rels/workbook.xml.rels"]
    assert content_types(out)["xl/styles.xml"].endswith("styles+xml")
    assert load(tmp_path / "out.xlsx")["Data"]["B2"].fill.fgColor.rgb == "FFFFC7CE"


# ------------------------------------------------------------------------------------------- LibreOffice


def _soffice(tmp_path: Path, target: str, files: list[Path]) -> Path:
    outdir = tmp_path / f"lo-{target.split(':')[0]}"
    profile = f"file:///tmp/lo-{uuid.uuid4().hex}"
    try:
        subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={profile}", "--convert-to", target,
                        "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=60)
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    return outdir


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_every_output_and_its_own_output_patches_alike(fixtures, tmp_path):
    # a package written by LibreOffice: shared strings everywhere, no x14ac, its own styles and VML
    lo = _soffice(tmp_path, "xlsx", [fixtures["rich"]]) / "rich.xlsx"
    source = read_parts(lo)
    patch = standard_patch()
    patch.cells["IKU"]["B4"] = CellPatch(fill="FFC7CE", comment="on LibreOffice's note")
    out = patched(lo, tmp_path / "lo_out.xlsx", patch)
    diff = diff_packages(source, out)
    assert diff.changed[SHEET1].cells == {"E4", "E5", "E6", "E7", "G5", "H4", "H5", "B4", "J10", "K12"}
    assert diff.changed[SHEET1].elements <= {"dimension", "row:10", "row:12"}
    assert styles_appended_only(source["xl/styles.xml"], out["xl/styles.xml"]) == []
    assert cell(out, SHEET1, "G5").findtext("m:v", namespaces=NS) == "0.975"
    kept = [name for name in source if name not in diff.changed_names and name not in diff.removed]
    assert "xl/sharedStrings.xml" in kept and "xl/drawings/drawing1.xml" in kept
    again = patched(tmp_path / "lo_out.xlsx", tmp_path / "lo_again.xlsx", patch)
    assert again == out
    wb = load(tmp_path / "lo_out.xlsx", data_only=True)
    assert wb["IKU"]["E4"].value == 105 and "lkip-xls:" in wb["IKU"]["B4"].comment.text
    files = [tmp_path / "lo_out.xlsx"]
    for name, suffix in (("rich", ".xlsx"), ("alt", ".xlsx"), ("xlsm", ".xlsm")):
        files.append(tmp_path / f"{name}_out{suffix}")
        apply_patch(fixtures[name], files[-1], standard_patch())
    pdfs = _soffice(tmp_path, "pdf", files)
    for path in files:
        pdf = pdfs / (path.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000, path


# ------------------------------------------------------------------------------------------- property


_text = st.text(st.sampled_from(list("ab =<>&\"'_x0") + ["\x0b", "\x01", "\r", "\n", "😀", "é", "\t"]), max_size=12)
_decimal = st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
_patch = st.builds(
    CellPatch,
    value=st.one_of(st.none(), _decimal, st.integers(-10**6, 10**6), _text),
    write_value=st.booleans(),
    percent=st.booleans(),
    number_format=st.sampled_from([None, "0.00", "0.00%", "#,##0.0"]),
    fill=st.sampled_from([None, "FFC7CE", "FFEB9C"]),
    comment=st.one_of(st.none(), _text.filter(bool)),
)
_refs = st.sampled_from(["A1", "B4", "C4", "E4", "E5", "E7", "G4", "G5", "H5", "D8", "I9", "Z30", "B2", "AA1"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(iku=st.dictionaries(_refs, _patch, max_size=6), anggaran=st.dictionaries(_refs, _patch, max_size=3))
def test_random_patches_keep_the_package_sound(fixtures, tmp_path, iku, anggaran):
    source = read_parts(fixtures["rich"])
    target = tmp_path / f"random-{uuid.uuid4().hex}.xlsx"
    out = patched(fixtures["rich"], target, Patch(cells={"IKU": iku, "Anggaran": anggaran}))
    load(target)
    diff = diff_packages(source, out)
    possible = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", SHEET1, SHEET2,
                "xl/styles.xml", "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml"}
    assert diff.changed_names <= possible
    assert diff.removed <= {"xl/calcChain.xml"}
    assert diff.added <= {"xl/comments2.xml", "xl/drawings/vmlDrawing2.vml", "xl/worksheets/_rels/sheet2.xml.rels"}
    for name, part in diff.changed.items():
        if name in (SHEET1, SHEET2):
            wanted = set(iku if name == SHEET1 else anggaran)
            assert part.cells <= wanted | {"E5", "E6", "E7"}, name  # a replaced master re-homes its group
    assert styles_appended_only(source["xl/styles.xml"], out["xl/styles.xml"]) == []
    again = patched(target, target.with_name(target.stem + "-again.xlsx"), Patch(cells={"IKU": iku,
                                                                                    "Anggaran": anggaran}))
    assert set(again) == set(out)
    target.unlink()


# ------------------------------------------------------------------------------------------- speed


def test_speed_of_a_big_sheet(tmp_path, capsys):
    big = build_big(tmp_path / "big.xlsx", rows=10000)
    cells = {}
    for row in range(1, 10001):
        cells[f"D{row}"] = CellPatch(Decimal(row) / 7, True, fill="FFC7CE" if row % 10 == 0 else None)
        cells[f"E{row}"] = CellPatch(Decimal("97.5"), True, percent=True,
                                     comment="Capaian di luar rentang" if row % 50 == 0 else None)
    start = time.perf_counter()
    apply_patch(big, tmp_path / "big_out.xlsx", Patch(cells={"Data": cells}))
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    apply_patch(tmp_path / "big_out.xlsx", tmp_path / "big_again.xlsx", Patch(cells={"Data": cells}))
    again = time.perf_counter() - start
    out = read_parts(tmp_path / "big_out.xlsx")
    assert cell(out, "xl/worksheets/sheet1.xml", "E10000").findtext("m:v", namespaces=NS) == "0.975"
    with capsys.disabled():
        print(f"\n[speed] 10,000 rows, 20,000 patched cells (1,000 fills, 200 comments): {elapsed:.2f} s; "
              f"again on its own output (strip + re-add): {again:.2f} s")


@pytest.mark.parametrize(("selected", "text", "removed"), [
    ('tabSelected="1"', "x", True), ("tabSelected='true'", "x", True), ('tabSelected="0"', "x", False),
    ('tabSelected="0"', 'tabSelected="1"', True),  # the former view's value is not 1, but the sheet's text says so
    ('tabSelected="&#49;"', "x", True), (None, 'tabSelected="1"', False)])
def test_a_patched_sheet_loses_its_selection_as_its_new_xml_says(fixtures, tmp_path, selected, text, removed):
    """A patched sheet's views are read from its tree instead of its new XML (a big sheet need not be written
    twice): a view's `tabSelected` goes when that XML holds a selection (the rule read on any sheet's bytes)."""
    def change(data: bytes) -> bytes:
        return data.replace(b'tabSelected="1"', selected.encode() if selected else b"")

    source = rewrite_member(fixtures["rich"], tmp_path / "in.xlsx", SHEET2, change)
    patch = Patch(cells={"Anggaran": {"C2": CellPatch(text, write_value=True)}},
                  new_sheets=[NewSheet("Pemeriksaan", {1: {1: NewCell("x")}}, position=0, selected=True)])
    out = patched(source, tmp_path / "out.xlsx", patch)
    view = etree.fromstring(out[SHEET2]).find("m:sheetViews/m:sheetView", NS)
    assert view.get("tabSelected") is None if removed or not selected else view.get("tabSelected") is not None


def _without_formulas(data: bytes) -> bytes:
    return re.sub(rb"<(\w+:)?f[ >/].*?(?:</(\w+:)?f>|/>)", b"", data)


@pytest.mark.parametrize("change", ["none", "no-formulas", "prefixed", "formula-only-in-text"])
def test_recalc_if_formulas_is_has_formulas_of_the_source(fixtures, tmp_path, change):
    """`Patch.recalc_if_formulas` asks for recalculation exactly when `has_formulas(source)` says so (a dropped
    sheet's formulas count: the source is asked), from the bytes the patch reads."""
    source = fixtures["rich"]
    if change != "none":
        for name in (SHEET1, SHEET2):
            def edit(data: bytes, name: str = name) -> bytes:
                data = _without_formulas(data)
                if change == "prefixed" and name == SHEET2:
                    data = data.replace(b'<c r="B5" s="6">',
                                        b'<c r="B5" s="6"><x:f xmlns:x="%b">B4</x:f>' % MAIN.encode())
                if change == "formula-only-in-text":
                    data = data.replace(b"<dimension", b"<!-- f --><dimension")
                return data
            source = rewrite_member(source, tmp_path / f"{name.replace('/', '_')}.xlsx", name, edit)
    expected = has_formulas(source)
    assert expected == (change in ("none", "prefixed"))
    for asked in (False, True):
        out = patched(source, tmp_path / f"out{asked}.xlsx", Patch(recalc_if_formulas=asked, drop_sheets=["IKU"]))
        calc = etree.fromstring(out["xl/workbook.xml"]).find("m:calcPr", NS)
        assert (calc is not None and calc.get("fullCalcOnLoad") == "1") == (asked and expected)
