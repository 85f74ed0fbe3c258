"""Reading filled workbooks: matching rules of TEMPLATE.md §1 and the structural findings at their cells."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkip_xls import api
from lkip_xls.core.model import Severity
from lkip_xls.read import guard

from .conftest import minimal_data, write_plain_workbook, write_workbook


def analyse(path):
    return api.check_file(path)


def codes(result):
    return {(f.code, f.sheet, f.cell) for f in result.findings}


def test_minimal_workbook_reads_cleanly(make_workbook):
    result = analyse(make_workbook())
    assert result.status == "ok"
    assert [f for f in result.findings if f.severity is not Severity.INFO] == []
    assert [i.code for i in result.analysis.data.indicators] == ["IKU1", "IKU2"]


def test_headers_match_loosely_in_any_order_below_a_title(tmp_path):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "  identitas "
    ws.append(["Isian", "Nilai"])
    for row in (["Versi Template", 1], ["nama  instansi", "Dinas X"], ["Pemerintah Daerah", "Kota Y"],
                ["TAHUN", 2023]):
        ws.append(row)
    iku = workbook.create_sheet("IKU")
    iku.append(["Laporan IKU Dinas X"])
    iku.append([])
    iku.append(["catatan"])
    iku.append(["Realisasi", "TARGET (angka)", "kode", "Indikator   Kinerja", "Sasaran Strategis", "Kode Sasaran",
                "Kolom Tambahan"])
    iku.append([45, 50, "I1", "Ind", "Sas", "S1", "abaikan"])
    iku.append([])
    iku.append([60, 50, "I2", "Ind 2", None, "S1", None])
    anggaran = workbook.create_sheet("ANGGARAN")
    anggaran.append(["Kode", "Uraian", "Pagu", "Realisasi (Rp)"])
    anggaran.append(["1", "Program", 100, 90])
    workbook.create_sheet("Lain-lain").append(["sheet tambahan"])
    path = tmp_path / "loose.xlsx"
    workbook.save(path)
    result = analyse(path)
    assert result.status == "ok", [(f.code, f.cell) for f in result.findings]
    indicators = result.analysis.data.indicators
    assert [(i.code, i.row, i.cell("actual")) for i in indicators] == [("I1", 5, "A5"), ("I2", 7, "A7")]
    assert [r.value for r in result.analysis.results.indicators] == [Decimal("90.00"), Decimal("120.00")]
    assert indicators[1].sasaran_name == "Sas"  # inherited from the first row of its sasaran


def test_missing_required_sheet_and_header(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "IKU"
    workbook["IKU"].append(["Kode", "Indikator Kinerja", "Target"])
    path = tmp_path / "partial.xlsx"
    workbook.save(path)
    found = codes(analyse(path))
    assert ("SHEET-MISSING", "Identitas", None) in found
    assert ("SHEET-MISSING", "Anggaran", None) in found
    assert ("HEADER-MISSING", "IKU", "A1") in found


def test_identitas_checks_at_the_nilai_cell(make_workbook):
    data = minimal_data()
    data["Identitas"].update({"Versi Template": 2, "Tahun": 1999, "Skala Kategori": "bagus",
                              "NIP Kepala": "1234", "Batas Capaian (%)": "seratus"})
    data["Identitas"]["Nama Instansi"] = None
    found = codes(analyse(make_workbook(data)))
    assert ("TEMPLATE-VERSION", "Identitas", "B4") in found
    assert ("IDENTITAS-EMPTY", "Identitas", "B5") in found
    assert ("IDENTITAS-INVALID", "Identitas", "B7") in found
    assert ("IDENTITAS-INVALID", "Identitas", "B9") in found
    assert ("IDENTITAS-INVALID", "Identitas", "B10") in found
    assert ("IDENTITAS-INVALID", "Identitas", "B12") in found


def test_missing_template_version_is_a_warning(make_workbook):
    data = minimal_data()
    data["Identitas"]["Versi Template"] = None
    result = analyse(make_workbook(data))
    version = [f for f in result.findings if f.code == "TEMPLATE-VERSION"]
    assert [(f.severity, f.cell) for f in version] == [(Severity.WARNING, "B4")]
    assert result.status == "ok"


def test_row_level_findings_name_the_cell(make_workbook):
    data = minimal_data()
    data["IKU"][0].update({"Arah": "Ke atas", "Realisasi": "84 persen"})
    data["IKU"][1].update({"Target": 0, "Kode": "IKU1"})
    data["IKU"].append({"Kode Sasaran": "SS2", "Kode": "IKU3", "Target": 5, "Realisasi": "belum rilis"})
    data["Anggaran"][1]["Pagu (Rp)"] = -5
    found = codes(analyse(make_workbook(data)))
    assert ("ARAH-INVALID", "IKU", "F4") in found
    assert ("VALUE-NOT-NUMBER", "IKU", "H4") in found
    assert ("TARGET-ZERO", "IKU", "G5") in found
    assert ("KODE-DUPLICATE", "IKU", "C5") in found
    assert ("REQUIRED-EMPTY", "IKU", "B6") in found  # first row of sasaran SS2 without its name
    assert ("REQUIRED-EMPTY", "IKU", "D6") in found
    assert ("REALISASI-NA", "IKU", "H6") in found
    assert ("VALUE-NEGATIVE", "Anggaran", "D5") in found


def test_capaian_extreme_and_percent_formatted_cells(tmp_path):
    data = minimal_data()
    data["IKU"][0].update({"Target": 3, "Realisasi": 97.48})
    path = write_workbook(tmp_path / "p.xlsx", data)
    workbook = openpyxl.load_workbook(path)
    workbook["IKU"]["H5"].value = 0.4
    workbook["IKU"]["H5"].number_format = "0%"
    workbook.save(path)
    result = analyse(path)
    assert ("CAPAIAN-EXTREME", "IKU", "K4") in codes(result)
    assert result.analysis.data.indicators[1].actual == Decimal("40.0")


def test_encrypted_xls_and_ods_are_refused_with_a_reason(tmp_path):
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100
    (tmp_path / "old.xls").write_bytes(ole)
    (tmp_path / "secret.xlsx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    import zipfile

    with zipfile.ZipFile(tmp_path / "calc.ods", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    reasons = {name: analyse(tmp_path / name).findings[0].params["reason"] for name in ("old.xls", "secret.xlsx",
                                                                                       "calc.ods")}
    assert reasons == {"old.xls": "xls", "secret.xlsx": "encrypted", "calc.ods": "ods"}


def test_entity_declarations_are_refused(tmp_path, make_workbook):
    import zipfile

    source = make_workbook()
    target = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE lol [<!ENTITY lol "lol">]>' + data
            dst.writestr(item, data)
    result = analyse(target)
    assert result.status == "unreadable" and result.findings[0].params["reason"] == "xml-attack"


PRINTABLE = st.characters(categories=("L", "N", "P", "S", "Zs"))
TYPED = st.sampled_from(["-", "N/A", "< 11", "3 - 10", "1.234,5", "=1+1", "JUMLAH", "Naik", "Turun"])
CELL_VALUES = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                        st.text(PRINTABLE, max_size=30), st.booleans(), TYPED)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["IKU", "Anggaran", "Identitas", "PK", "Realisasi", "SDM"]),
                          st.integers(1, 12), st.integers(1, 14), CELL_VALUES), max_size=25))
def test_reading_never_crashes_and_every_finding_names_a_real_cell(tmp_path, cells):
    path = write_plain_workbook(tmp_path / "fuzz.xlsx", minimal_data() | {"PK": [], "Realisasi": [], "SDM": []})
    workbook = openpyxl.load_workbook(path)
    for sheet, row, column, value in cells:
        try:
            workbook[sheet].cell(row=row, column=column).value = value
        except Exception:  # noqa: BLE001 - openpyxl refuses some characters; not what this test is about
            pass
    workbook.save(path)
    result = analyse(path)
    assert result.status in ("ok", "errors")
    sheets = openpyxl.load_workbook(path).sheetnames
    for finding in result.findings:
        assert finding.sheet is None or finding.sheet in sheets or finding.code == "SHEET-MISSING"
        if finding.cell:
            assert finding.cell[0].isalpha() and finding.cell[-1].isdigit()


def test_size_limit_is_checked_before_parsing(make_workbook):
    path = make_workbook()
    result = api.check_file(path, api.Options(max_size=1000))
    assert result.findings[0].params["reason"] == "too-large"
    assert guard.DEFAULT_MAX_SIZE == 200 * 1024 * 1024
