"""Reading filled workbooks: matching rules of TEMPLATE.md §1, and every finding of reading at its cell."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkip_xls import api
from lkip_xls.core.model import Severity
from lkip_xls.read import guard
from lkip_xls.text.finding_messages import finding_text

from . import builders
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
    data["Identitas"].update({"Versi Template": 3, "Tahun": 1999, "Skala Kategori": "bagus",
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


# =========================================================================== findings of reading, cell by cell
# Each code the reader emits, at exactly which sheet and cell, and the near miss where it must stay silent; the
# rules' codes are tested in memory in test_checks.py. Workbooks are the official template filled from plain data
# (rows from row 4, columns in template order); building one costs most of a second, so each theme builds one
# workbook, once per module, and every test reads the findings of those.


def where(result, code: str) -> list[tuple[str, str | None, str | None]]:
    """(severity, sheet, cell) of every finding with this code, in the tool's order (a FileResult or Analysis)."""
    return [(f.severity.value, f.sheet, f.cell) for f in result.findings if f.code == code]


def the(result, code: str, cell: str | None = None):
    """The one finding with this code (at this cell)."""
    found = [f for f in result.findings if f.code == code and (cell is None or f.cell == cell)]
    assert len(found) == 1, [(f.code, f.sheet, f.cell) for f in result.findings]
    return found[0]


def codes_of(result) -> set[str]:
    return {f.code for f in result.findings}


def checked(tmp_path_factory: pytest.TempPathFactory, name: str, data: dict[str, Any], tweak=None) -> api.FileResult:
    """Fill the template with `data` (then let `tweak` edit the saved workbook) and check it."""
    path = write_workbook(tmp_path_factory.mktemp(name) / f"{name}.xlsx", data)
    if tweak is not None:
        workbook = openpyxl.load_workbook(path)
        tweak(workbook)
        workbook.save(path)
    return api.check_file(path)


def iku(code: str, sasaran: str = "SS1", **columns: Any) -> dict[str, Any]:
    """One IKU row: plain defaults (target 80, realisasi 80) unless a column says otherwise."""
    row = {"Kode Sasaran": sasaran, "Kode": code, "Indikator Kinerja": f"Indikator {code}", "Satuan": "%",
           "Target": 80, "Realisasi": 80}
    row.update({header.replace("_", " "): value for header, value in columns.items()})
    return row


def tw(code: str, aggregation: str, targets: list, actuals: list, annual: Any = None) -> dict[str, Any]:
    """One row of the Realisasi (triwulan) sheet."""
    row: dict[str, Any] = {"Kode": code, "Indikator Kinerja": f"Indikator {code}", "Agregasi": aggregation}
    for number, target, actual in zip(("I", "II", "III", "IV"), targets, actuals, strict=True):
        row[f"Target TW {number}"] = target
        row[f"Realisasi TW {number}"] = actual
    row["Realisasi Tahunan"] = annual
    return row


def sdm(unit: str, **counts: Any) -> dict[str, Any]:
    """One SDM row; keyword names are the headers with '_' for ' ' and '/' (S1_D4), '-' as in D1_D3."""
    names = {"Non_ASN": "Non ASN", "Jumlah_Pegawai": "Jumlah Pegawai", "Laki_laki": "Laki-laki",
             "S1_D4": "S1/D4", "D1_D3": "D1-D3", "Golongan_IV": "Golongan IV", "Golongan_III": "Golongan III",
             "Golongan_II": "Golongan II", "Golongan_I": "Golongan I"}
    return {"Unit Kerja": unit} | {names.get(k, k): v for k, v in counts.items()}


# --------------------------------------------------------------------------- slips: where each reading code fires


@pytest.fixture(scope="module")
def structure_slips(tmp_path_factory):
    """IKU with a header row and no data, no Anggaran sheet, and the PK's Target header renamed."""
    data = minimal_data()
    data["IKU"] = []
    del data["Anggaran"]
    data["PK"] = [{"Kode": "IKU1", "Target": 80}]

    def rename_pk_target(workbook):
        assert workbook["PK"]["C3"].value == "Target"
        workbook["PK"]["C3"].value = "Target PK Awal"

    return checked(tmp_path_factory, "structure", data, rename_pk_target)


@pytest.fixture(scope="module")
def identitas_slips(tmp_path_factory):
    """Identitas rows: B4 Versi Template, B5 Nama Instansi, B6 Pemerintah Daerah, B7 Tahun, ... B9 NIP Kepala."""
    data = minimal_data()
    data["Identitas"].update({"Versi Template": 3, "Pemerintah Daerah": None, "NIP Kepala": "1234"})
    return checked(tmp_path_factory, "identitas", data)


@pytest.fixture(scope="module")
def skala_slips(tmp_path_factory):
    """A custom scale whose first band says 'Mungkin' under Termasuk Batas (Skala C4)."""
    data = minimal_data()
    data["Identitas"]["Skala Kategori"] = "kustom"
    data["Skala"] = [{"Batas Bawah (%)": 90, "Kategori": "Tinggi", "Termasuk Batas": "Mungkin"},
                     {"Batas Bawah (%)": None, "Kategori": "Rendah"}]
    return checked(tmp_path_factory, "skala", data)


@pytest.fixture(scope="module")
def hostile_slips(tmp_path_factory):
    """A realisasi of 10^20 (IKU H5) and a javascript: hyperlink on IKU D4."""
    data = minimal_data()
    data["IKU"][1]["Realisasi"] = 1e20

    def link(workbook):
        workbook["IKU"]["D4"].hyperlink = "javascript:alert(1)"

    return checked(tmp_path_factory, "hostile", data, link)


@pytest.fixture(scope="module")
def tingkat_slips(tmp_path_factory):
    """Anggaran with Tingkat (version 2; I Tingkat, K Jenis): a Kegiatan before any Program (I4), an unknown
    Tingkat (I6) and an unknown Jenis (K7)."""
    data = minimal_data()
    data["Identitas"]["Versi Template"] = 2
    data["Anggaran"] = [
        {"Kode": "a", "Uraian": "Kegiatan lepas", "Pagu (Rp)": 0, "Realisasi (Rp)": 0, "Tingkat": "Kegiatan"},
        {"Kode": "I", "Uraian": "Program satu", "Kode Sasaran": "SS1", "Pagu (Rp)": 1000, "Realisasi (Rp)": 900,
         "Tingkat": "Program"},
        {"Kode": "x", "Uraian": "Bidang", "Pagu (Rp)": 0, "Realisasi (Rp)": 0, "Tingkat": "Bidang"},
        {"Kode": "a", "Uraian": "Kegiatan satu", "Pagu (Rp)": 1000, "Realisasi (Rp)": 900, "Tingkat": "kegiatan",
         "Jenis": "Hibah"},
    ]
    return checked(tmp_path_factory, "tingkat", data)


@pytest.fixture(scope="module")
def reading_slips(tmp_path_factory):
    """What real workbooks hold (issue 13): a formula lkip-xls cannot compute without a stored value (IKU H4), an
    Excel error (IKU H5), a range Excel made a date (IKU G6), a zero-width space in a number (IKU G7), a source
    note under the IKU table (row 9), an urusan code kept as the number 3.3 among 3.30.x codes (Anggaran A4)."""
    import datetime as dt

    data = minimal_data()
    data["IKU"] = [
        iku("IKU1", Sasaran_Strategis="Sasaran satu", Realisasi="=VLOOKUP(C4,Data!A:B,2,0)"),  # 4
        iku("IKU2", Realisasi="#REF!"),  # 5
        iku("IKU3", Target=dt.datetime(2024, 10, 3), Realisasi=5),  # 6: "3-10" typed
        iku("IKU4", Target="80\u200b"),  # 7
        iku("IKU5"),  # 8
        {"Kode Sasaran": "Sumber: Renstra 2021-2026"},  # 9: a note
    ]
    data["Anggaran"] = [
        {"Kode": 3.3, "Uraian": "Urusan", "Kode Sasaran": "SS1", "Pagu (Rp)": 300, "Realisasi (Rp)": 300},  # 4
        {"Kode": "3.30.01", "Uraian": "Program A", "Pagu (Rp)": 100, "Realisasi (Rp)": 100},  # 5
        {"Kode": "3.30.02", "Uraian": "Program B", "Pagu (Rp)": 200, "Realisasi (Rp)": 200},  # 6
        {"Kode": None, "Uraian": "JUMLAH", "Pagu (Rp)": 300, "Realisasi (Rp)": 300},  # 7
    ]

    def general_format(workbook):
        workbook["Anggaran"]["A4"].number_format = "General"
        workbook["IKU"]["G6"].number_format = "d-mmm"

    return checked(tmp_path_factory, "reading", data, general_format)


@pytest.fixture(scope="module")
def cell_slips(tmp_path_factory):
    """Cells the reader must flag, on the rows they had when rule and reading slips shared one sheet; the rows
    between them (the rule slips, in memory in test_checks) are left blank, and the reader skips them."""
    data = minimal_data()
    data["IKU"] = [
        iku("IKU1", Sasaran_Strategis="Sasaran satu", Realisasi="84 persen"),  # 4: not a number
        iku("IKU2", Arah="Ke atas"),  # 5: unknown arah
        iku("IKU3", Arah="Naik", Target="< 10", Realisasi=8),  # 6: '<' implies Turun
        {}, {}, {}, {}, {},  # 7-11
        iku("IKU9", Target=100, Realisasi="97.74"),  # 12: dot decimal
        {}, {},  # 13-14
        iku("IKU11", Indikator_Kinerja=None),  # 15: no indicator name
    ]
    # Anggaran 13: a negative realisasi.
    data["Anggaran"] = [{}] * 9 + [{"Kode": "4", "Uraian": "Program empat", "Pagu (Rp)": 1000000,
                                    "Realisasi (Rp)": -5}]
    data["Realisasi"] = [{}] * 3 + [tw("IKU3", "Total", [70, 70, 70, 70], [70, 70, 70, 70])]  # 7: no aggregation
    data["SDM"] = [{}] * 5 + [sdm("F", Jumlah_Pegawai=2.5)]  # 9: half a person, every breakdown left empty
    return checked(tmp_path_factory, "cells", data)


@pytest.fixture(scope="module")
def plan_choice_slips(tmp_path_factory):
    """Version 2 choices: an IKU Tingkat 'Misi' (N4), a Dirata-rata 'Kadang' (O5), a Data Dukung Rumus 'Kali'
    (Data Dukung B4)."""
    data = minimal_data()
    data["Identitas"]["Versi Template"] = 2
    data["IKU"][0]["Tingkat"] = "Misi"
    data["IKU"][1]["Dirata-rata"] = "Kadang"
    data["Data Dukung"] = [{"Kode": "IKU1", "Rumus": "Kali", "Nilai A": 1, "Nilai B": 2}]
    return checked(tmp_path_factory, "plan_choices", data)


# code -> (fixture, severity, sheet, every cell where it must fire in that workbook)
READ_FIRES: dict[str, tuple[str, str, str, list[str | None]]] = {
    "SHEET-MISSING": ("structure_slips", "error", "Anggaran", [None]),
    "SHEET-EMPTY": ("structure_slips", "error", "IKU", ["A4"]),
    "HEADER-MISSING": ("structure_slips", "error", "PK", ["A1"]),
    "TEMPLATE-VERSION": ("identitas_slips", "error", "Identitas", ["B4"]),
    "IDENTITAS-EMPTY": ("identitas_slips", "error", "Identitas", ["B6"]),
    "IDENTITAS-INVALID": ("identitas_slips", "error", "Identitas", ["B9"]),
    "SKALA-INVALID": ("skala_slips", "error", "Skala", ["C4"]),
    "NUMBER-OUT-OF-RANGE": ("hostile_slips", "error", "IKU", ["H5"]),
    "FORMULA-NO-VALUE": ("reading_slips", "error", "IKU", ["H4"]),
    "CELL-ERROR": ("reading_slips", "error", "IKU", ["H5"]),
    "DATE-IN-NUMBER": ("reading_slips", "error", "IKU", ["G6"]),
    "INVISIBLE-CHARACTER": ("reading_slips", "warning", "IKU", ["G7"]),
    "ROWS-AS-NOTES": ("reading_slips", "info", "IKU", ["A9"]),
    "KODE-AS-NUMBER": ("reading_slips", "error", "Anggaran", ["A4"]),
    "EXTERNAL-LINK": ("hostile_slips", "warning", "IKU", ["D4"]),
    "VALUE-NOT-NUMBER": ("cell_slips", "error", "IKU", ["H4"]),
    "ARAH-INVALID": ("cell_slips", "error", "IKU", ["F5"]),
    "ARAH-TARGET-MISMATCH": ("cell_slips", "warning", "IKU", ["F6"]),
    "NUMBER-FORMAT-UNUSUAL": ("cell_slips", "warning", "IKU", ["H12"]),
    "REQUIRED-EMPTY": ("cell_slips", "error", "IKU", ["D15"]),
    "VALUE-NEGATIVE": ("cell_slips", "error", "Anggaran", ["E13"]),
    "AGREGASI-INVALID": ("cell_slips", "error", "Realisasi", ["C7"]),
    "VALUE-NOT-INTEGER": ("cell_slips", "error", "SDM", ["F9"]),
    "TINGKAT-ORPHAN": ("tingkat_slips", "error", "Anggaran", ["I4"]),
    "TINGKAT-INVALID": ("tingkat_slips", "error", "Anggaran", ["I6"]),
    "JENIS-INVALID": ("tingkat_slips", "error", "Anggaran", ["K7"]),
    "IKU-TINGKAT-INVALID": ("plan_choice_slips", "error", "IKU", ["N4"]),
    "DIRATA-RATA-INVALID": ("plan_choice_slips", "error", "IKU", ["O5"]),
    "RUMUS-INVALID": ("plan_choice_slips", "error", "Data Dukung", ["B4"]),
}
READ_SLIP_FIXTURES = sorted({fixture for fixture, *_ in READ_FIRES.values()})


@pytest.mark.parametrize("code", sorted(READ_FIRES))
def test_reading_finding_fires_with_its_severity_at_exactly_its_cell(code, request):
    fixture, severity, sheet, cells = READ_FIRES[code]
    result = request.getfixturevalue(fixture)
    assert where(result, code) == [(severity, sheet, cell) for cell in cells]


@pytest.mark.parametrize("fixture", READ_SLIP_FIXTURES)
def test_reading_slip_workbooks_raise_nothing_but_their_slips(fixture, request):
    expected = sorted((code, sheet, cell) for code, (name, _, sheet, cells) in READ_FIRES.items() if name == fixture
                      for cell in cells)
    found = sorted((f.code, f.sheet, f.cell) for f in request.getfixturevalue(fixture).findings)
    assert found == expected


@pytest.mark.parametrize("fixture", READ_SLIP_FIXTURES)
def test_every_reading_finding_renders_a_full_sentence_in_both_languages(fixture, request):
    for finding in request.getfixturevalue(fixture).findings:
        for lang in ("id", "en"):
            text = finding_text(finding, lang)
            assert "{" not in text and not text.startswith(finding.code), (finding.code, lang, text)


def test_unusual_number_is_still_read_and_the_message_says_how(cell_slips):
    finding = the(cell_slips, "NUMBER-FORMAT-UNUSUAL")
    assert cell_slips.analysis.results.indicator("IKU9").indicator.actual == Decimal("97.74")
    assert "'97.74'" in finding_text(finding, "id") and "97,74" in finding_text(finding, "id")
    assert "titik sebagai tanda desimal" in finding_text(finding, "id")
    assert "dot as decimal mark" in finding_text(finding, "en")


# --------------------------------------------------------------------------- near misses: where reading stays silent

READ_QUIET: set[str] = set()


def near_miss(*codes: str):
    """Register the codes a near-miss test covers (checked by the coverage test of test_checks)."""
    READ_QUIET.update(codes)
    return lambda test: test


def no_findings(result) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.sheet, f.cell) for f in result.findings]


@pytest.fixture(scope="module")
def identitas_and_iku_near_misses(tmp_path_factory):
    """Valid but unusual Identitas values, and IKU rows that look like slips but are not. IKU row 4 is blank."""
    data = minimal_data()
    data["Identitas"].update({"Versi Template": "1", "Tahun": 2100, "Nama Kepala": None,
                              "NIP Kepala": "19651231 198602 1 041", "Skala Kategori": "PERMENDAGRI86",
                              "Rumus Indikator Turun": "t/r"})
    data["IKU"] = [
        {},  # 4: blank; the data start on row 5
        iku("IKU1.1", Sasaran_Strategis="Sasaran satu", Arah="Positif", Target=100, Realisasi="97,74"),  # 5
        iku("IKU1.10", Arah="negatif", Target=10, Realisasi=8),  # 6: no Sasaran Strategis below its first row
        iku("IKU1.2", Target="< 10", Realisasi=8),  # 7: Arah empty: Turun from the '<'
        iku("IKU1.3", Arah="Naik", Target="3 - 10", Realisasi=6),  # 8: a range under Naik: inside it, 100
        iku("IKU1.4", Target="0 - 5", Realisasi=3),  # 9: Tetap, inside the band: 100
        iku("IKU1.5", Target="0,5", Realisasi=0.5),  # 10: a small target, not a zero one
        iku("IKU1.6", Arah="Naik", Target=5, Realisasi=0),  # 11: realisasi 0 is a value, T/R is only for Turun
        iku("IKU2.1", "SS2", Sasaran_Strategis="Sasaran dua", Satuan="Nilai", Target=10, Realisasi=100),  # 12
        iku("IKU2.2", "SS2", Target=10, Realisasi=6.17, Kategori="rendah", **{"Capaian (%)": 61.69}),  # 13
        iku("IKU2.3", "SS2", Target=5, Realisasi="-8,08"),  # 14: a negative growth rate
        iku("IKU2.4", "SS2", Target=10, Realisasi="12,5%"),  # 15
    ]
    return checked(tmp_path_factory, "iku-near", data)


def capaian(result: api.FileResult, code: str) -> Decimal | None:
    found = result.analysis.results.indicator(code)
    assert found is not None, code
    return found.value


def test_identitas_and_iku_near_misses_raise_no_finding_at_all(identitas_and_iku_near_misses):
    assert no_findings(identitas_and_iku_near_misses) == []


@near_miss("TEMPLATE-VERSION")
def test_template_version_typed_as_text_one_is_accepted(identitas_and_iku_near_misses):
    assert identitas_and_iku_near_misses.analysis.data.identitas.template_version == 1
    assert "TEMPLATE-VERSION" not in codes_of(identitas_and_iku_near_misses)


@near_miss("TINGKAT-ORPHAN", "TINGKAT-INVALID", "JENIS-INVALID")
def test_tingkat_and_jenis_in_any_case_with_labels_repeated_are_read(tmp_path):
    data = minimal_data()
    data["Anggaran"] = [
        {"Kode": "I", "Uraian": "Program", "Kode Sasaran": "SS1", "Pagu (Rp)": 30, "Realisasi (Rp)": 20,
         "Tingkat": "PROGRAM"},
        {"Kode": "a", "Uraian": "Kegiatan", "Pagu (Rp)": 30, "Realisasi (Rp)": 20, "Tingkat": " kegiatan "},
        {"Kode": "1.", "Uraian": "Sub", "Pagu (Rp)": 30, "Realisasi (Rp)": 20, "Tingkat": "sub kegiatan"},
        {"Kode": "a", "Uraian": "Retribusi", "Pagu (Rp)": 5, "Realisasi (Rp)": 9, "Tingkat": "Program",
         "Jenis": "pendapatan"},
    ]
    result = api.check_file(write_workbook(tmp_path / "tingkat.xlsx", data))
    assert no_findings(result) == []
    assert [line.code for line in result.analysis.data.budget_lines] == ["I", "I.a", "I.a.1", "a"]
    assert result.analysis.results.total_budget == 30


@near_miss("IDENTITAS-EMPTY")
def test_optional_nama_kepala_left_empty_is_not_reported(identitas_and_iku_near_misses):
    assert identitas_and_iku_near_misses.analysis.data.identitas.head_name is None
    assert "IDENTITAS-EMPTY" not in codes_of(identitas_and_iku_near_misses)


@near_miss("IDENTITAS-INVALID")
def test_nip_with_spaces_year_2100_and_choices_in_other_case_are_valid(identitas_and_iku_near_misses):
    identitas = identitas_and_iku_near_misses.analysis.data.identitas
    assert (identitas.head_nip, identitas.year) == ("196512311986021041", 2100)
    assert (identitas.scale, identitas.turun_formula) == ("permendagri86", "T/R")
    assert "IDENTITAS-INVALID" not in codes_of(identitas_and_iku_near_misses)


@near_miss("SHEET-EMPTY")
def test_iku_whose_first_row_is_blank_is_not_empty(identitas_and_iku_near_misses):
    first = identitas_and_iku_near_misses.analysis.data.indicators[0]
    assert (first.code, first.row) == ("IKU1.1", 5)
    assert "SHEET-EMPTY" not in codes_of(identitas_and_iku_near_misses)


@near_miss("SHEET-MISSING")
def test_absent_optional_sheets_are_not_missing(identitas_and_iku_near_misses):
    assert not {"PK", "Realisasi", "SDM"} & set(identitas_and_iku_near_misses.analysis.data.layouts)
    assert "SHEET-MISSING" not in codes_of(identitas_and_iku_near_misses)


@near_miss("REQUIRED-EMPTY")
def test_sasaran_name_only_on_the_first_row_of_its_sasaran_is_enough(identitas_and_iku_near_misses):
    second = identitas_and_iku_near_misses.analysis.data.indicators[1]
    assert (second.code, second.sasaran_name) == ("IKU1.10", "Sasaran satu")
    assert "REQUIRED-EMPTY" not in codes_of(identitas_and_iku_near_misses)


@near_miss("ARAH-INVALID")
def test_positif_and_negatif_are_accepted_as_arah(identitas_and_iku_near_misses):
    directions = [i.direction for i in identitas_and_iku_near_misses.analysis.data.indicators[:2]]
    assert directions == ["Naik", "Turun"]
    assert "ARAH-INVALID" not in codes_of(identitas_and_iku_near_misses)


@near_miss("ARAH-TARGET-MISMATCH")
def test_empty_arah_with_less_than_target_and_naik_with_a_range_do_not_disagree(identitas_and_iku_near_misses):
    assert identitas_and_iku_near_misses.analysis.results.indicator("IKU1.2").indicator.direction == "Turun"
    assert capaian(identitas_and_iku_near_misses, "IKU1.3") == Decimal("100.00")  # 6 inside 3 - 10 (DOMAIN §1)
    assert "ARAH-TARGET-MISMATCH" not in codes_of(identitas_and_iku_near_misses)


@near_miss("VALUE-NEGATIVE")
def test_negative_realisasi_of_a_growth_rate_is_allowed(identitas_and_iku_near_misses):
    assert capaian(identitas_and_iku_near_misses, "IKU2.3") == Decimal("-161.60")
    assert "VALUE-NEGATIVE" not in codes_of(identitas_and_iku_near_misses)


@near_miss("NUMBER-FORMAT-UNUSUAL", "VALUE-NOT-NUMBER")
def test_indonesian_decimal_comma_and_a_percent_sign_read_silently(identitas_and_iku_near_misses):
    assert capaian(identitas_and_iku_near_misses, "IKU1.1") == Decimal("97.74")
    assert capaian(identitas_and_iku_near_misses, "IKU2.4") == Decimal("125.00")
    assert not {"NUMBER-FORMAT-UNUSUAL", "VALUE-NOT-NUMBER"} & codes_of(identitas_and_iku_near_misses)


@pytest.fixture(scope="module")
def amounts_near_misses(tmp_path_factory):
    """Rupiah typed as floats and text that add up to the sen, head counts with a '-'; Pagu header 'pagu'.
    The same figures, as the reader gives them, are the near misses of the budget and SDM rules in test_checks."""
    data = minimal_data()
    data["IKU"].append(iku("IKU3", "SS2", Sasaran_Strategis="Sasaran dua"))
    data["Anggaran"] = [
        # 4-7: 400.000.100,10 + 600.000.200,20 = 1.000.000.300,30 exactly (in floats it drifts).
        {"Kode": "1", "Uraian": "Program satu", "Kode Sasaran": "SS1", "Pagu (Rp)": 1000000300.30,
         "Realisasi (Rp)": 1000000300.30, "Serapan (%)": 100},
        {"Kode": "1.1", "Uraian": "Kegiatan 1.1", "Pagu (Rp)": 400000100.10, "Realisasi (Rp)": 400000100.10},
        {"Kode": "1.10", "Uraian": "Kegiatan 1.10", "Pagu (Rp)": 600000200.20, "Realisasi (Rp)": 600000200.20},
        {"Kode": "1.1.1", "Uraian": "Sub kegiatan 1.1.1", "Pagu (Rp)": "Rp 400.000.100,10",
         "Realisasi (Rp)": "400.000.100,10"},
        {"Kode": "2", "Uraian": "Program dua", "Kode Sasaran": "SS2", "Pagu (Rp)": 200000000,
         "Realisasi (Rp)": 187650000, "Serapan (%)": 93.82, "Sisa (Rp)": 12350000},
        {"Kode": "2.1", "Uraian": "Kegiatan 2.1", "Pagu (Rp)": 200000000, "Realisasi (Rp)": "187.650.000",
         "Sisa (Rp)": "Rp 12.350.000,-"},
        {"Kode": None, "Uraian": "Jumlah", "Pagu (Rp)": "1.200.000.300,30", "Realisasi (Rp)": 1187650300.30,
         "Sisa (Rp)": 12350000},
    ]
    data["SDM"] = [
        sdm("Sekretariat", PNS=10, CPNS=2, PPPK=3, Non_ASN=5, Jumlah_Pegawai=20, Laki_laki=9, Perempuan=11,
            S2=3, S1_D4=9, SMA=3, Golongan_IV=2, Golongan_III=8, Golongan_II=2,
            JPT=1, Administrator=1, Pengawas=2, Fungsional=3, Pelaksana=5),
        sdm("Tenaga kontrak", Non_ASN=6, Jumlah_Pegawai=6, Laki_laki=3, Perempuan=3),
        sdm("Bidang", PNS=4, Jumlah_Pegawai=4, Laki_laki=4, Perempuan="-", S1_D4=4, Golongan_III=4,
            Pengawas=1, Pelaksana=3),  # 6: a '-' inside a group with values
        sdm("JUMLAH", PNS=14, CPNS=2, PPPK=3, Non_ASN=11, Jumlah_Pegawai=30, Laki_laki=16, Perempuan=14,
            S2=3, S1_D4=13, SMA=3, Golongan_IV=2, Golongan_III=12, Golongan_II=2),
    ]

    def loosen_headers(workbook):
        sheet = workbook["Anggaran"]
        assert (sheet["D3"].value, sheet["H3"].value) == ("Pagu (Rp)", "Keterangan")
        sheet["D3"].value = "  pagu "  # the unit is optional, case and spaces are free
        sheet["H3"].value = None  # an optional column removed

    return checked(tmp_path_factory, "amounts-near", data, loosen_headers)


def test_amounts_near_misses_raise_no_finding_at_all(amounts_near_misses):
    assert no_findings(amounts_near_misses) == []


def test_rupiah_typed_as_floats_or_text_are_read_to_the_sen_and_a_dash_is_no_count(amounts_near_misses):
    data = amounts_near_misses.analysis.data
    lines = {line.code: line for line in data.budget_lines}
    assert lines["1"].budget == Decimal("1000000300.30") and lines["1.1.1"].budget == Decimal("400000100.10")
    assert lines["2.1"].spent == Decimal(187650000) and lines["2.1"].typed_remaining == Decimal(12350000)
    assert lines[None].budget == Decimal("1200000300.30") and lines[None].is_total
    assert data.staff_units[2].counts["female"] is None


@near_miss("HEADER-MISSING")
def test_pagu_header_without_its_unit_and_a_removed_optional_column_are_accepted(amounts_near_misses):
    assert amounts_near_misses.analysis.data.layouts["Anggaran"].columns["budget"] == 4
    assert "HEADER-MISSING" not in codes_of(amounts_near_misses)


@near_miss("VALUE-NOT-INTEGER")
def test_whole_head_counts_and_rupiah_with_sen_are_not_fractions(amounts_near_misses):
    assert "VALUE-NOT-INTEGER" not in codes_of(amounts_near_misses)


@pytest.fixture(scope="module")
def pk_near_misses(tmp_path_factory):
    data = minimal_data()
    data["IKU"] += [iku("IKU3", Satuan="Koperasi", Target=25, Realisasi=25),
                    iku("IKU4", Target="< 10", Realisasi=8)]
    data["Anggaran"] += [
        {"Kode": "2", "Uraian": "Program dua", "Kode Sasaran": "SS1", "Pagu (Rp)": 500000, "Realisasi (Rp)": 400000},
        {"Kode": "2.1", "Uraian": "Kegiatan 2.1", "Pagu (Rp)": 500000, "Realisasi (Rp)": 400000},
    ]
    data["PK"] = [
        {"Kode": "IKU1", "Target": "80,00", "Kode Program": "1", "Anggaran (Rp)": 400000},  # 4
        {"Kode": " IKU2 ", "Target": 50.004, "Kode Program": "1", "Anggaran (Rp)": 600000},  # 5: % within 0,01
        {"Kode": "IKU2", "Target": 50, "Kode Program": "2", "Anggaran (Rp)": 500000},  # 6: a further program
        {"Kode": "IKU3", "Target": "25,0"},  # 7: a count, compared exactly
        {"Kode": "IKU4", "Target": "<10"},  # 8
    ]
    return checked(tmp_path_factory, "pk-near", data)


def test_pk_near_misses_raise_no_finding_at_all(pk_near_misses):
    assert no_findings(pk_near_misses) == []


@near_miss("PK-TARGET-DIFFERS")
def test_pk_target_equal_in_another_spelling_is_not_flagged(pk_near_misses):
    assert [row.target.value for row in pk_near_misses.analysis.data.pk_rows] == \
        [Decimal("80.00"), Decimal("50.004"), Decimal(50), Decimal("25.0"), Decimal(10)]
    assert "PK-TARGET-DIFFERS" not in codes_of(pk_near_misses)


@near_miss("PK-KODE-UNKNOWN")
def test_pk_kode_with_stray_spaces_is_known(pk_near_misses):
    assert pk_near_misses.analysis.data.pk_rows[1].code == "IKU2"
    assert "PK-KODE-UNKNOWN" not in codes_of(pk_near_misses)


@pytest.fixture(scope="module")
def triwulan_near_misses(tmp_path_factory):
    data = minimal_data()
    data["IKU"] = [
        iku("IKU1", Sasaran_Strategis="Sasaran satu", Satuan="Koperasi", Target=50, Realisasi=52),
        iku("IKU2", Target=100, Realisasi=90),
        iku("IKU3", Satuan="Nilai", Target=80, Realisasi=81.33),
        iku("IKU4", Target=40, Realisasi=33),
    ]
    data["Realisasi"] = [
        tw("IKU1", "KUMULATIF", ["-", 25, None, 25], [10, 15, 12, 15], annual=52),  # 4: 25 + 25 = 50
        tw("IKU2", "Akhir", [5, 25, 55, 100], [5, 20, 50, 90]),  # 5: the last quarter, not the sum
        tw("IKU3", "rata rata", [80, 80, 80, 80], [80, 81, 83, None], annual=81.33),  # 6: 81,333...
        tw(" IKU4 ", "Akhir", [10, 20, 30, 40], [12, 22, 33, None]),  # 7: TW IV not reported yet
    ]
    return checked(tmp_path_factory, "triwulan-near", data)


def test_triwulan_near_misses_raise_no_finding_at_all(triwulan_near_misses):
    assert no_findings(triwulan_near_misses) == []
    assert triwulan_near_misses.analysis.data.quarters[0].targets == [None, Decimal(25), None, Decimal(25)]


@near_miss("AGREGASI-INVALID")
def test_agregasi_in_capitals_or_without_its_hyphen_is_accepted(triwulan_near_misses):
    assert [q.aggregation for q in triwulan_near_misses.analysis.data.quarters] == \
        ["Kumulatif", "Akhir", "Rata-rata", "Akhir"]
    assert "AGREGASI-INVALID" not in codes_of(triwulan_near_misses)


@near_miss("TW-KODE-UNKNOWN")
def test_realisasi_kode_with_stray_spaces_is_known(triwulan_near_misses):
    assert triwulan_near_misses.analysis.data.quarters[3].code == "IKU4"
    assert "TW-KODE-UNKNOWN" not in codes_of(triwulan_near_misses)


# --------------------------------------------------------------------------- a reading regression


def test_pk_rows_that_state_no_budget_do_not_claim_a_zero_pk_budget(make_workbook):
    # Was xfail(strict) until the reader was fixed: an empty PK budget is no budget.
    data = minimal_data()
    data["PK"] = [{"Kode": "IKU1", "Target": 80, "Kode Program": "1"},
                  {"Kode": "IKU2", "Target": 50, "Kode Program": "1"}]
    result = api.check_file(make_workbook(data))
    assert [row.budget for row in result.analysis.data.pk_rows] == [None, None]
    assert where(result, "PK-ANGGARAN-DIFFERS") == []


# --------------------------------------------------------------------------- the builders of test_checks


def test_builders_give_the_records_the_reader_reads_from_the_template(make_workbook):
    """tests/builders.py stands in for the reader in test_checks: same records, rows, cells and layouts."""
    data = minimal_data()
    data["IKU"].append(iku("IKU3", "SS2", Sasaran_Strategis="Sasaran dua", Target="< 10", Realisasi=None,
                           **{"Capaian (%)": 61.5, "Kategori": "Sedang"}))
    data["Anggaran"].append({"Kode": None, "Uraian": "JUMLAH", "Pagu (Rp)": 1000000, "Realisasi (Rp)": 931000,
                             "Serapan (%)": 93.1, "Sisa (Rp)": 69000})
    data["PK"] = [{"Kode": "IKU1", "Indikator Kinerja": "Indikator IKU1", "Target": "3 - 10", "Kode Program": "1",
                   "Anggaran (Rp)": 1000000}]
    data["Realisasi"] = [tw("IKU1", "Akhir", [20, 40, 60, 80], [21, 42, 63, None], annual=63)]
    data["SDM"] = [sdm("Sekretariat", PNS=2, Jumlah_Pegawai=2, Laki_laki=1, Perempuan=1, Golongan_III=2),
                   sdm("Jumlah", PNS=2, Jumlah_Pegawai=2)]
    read = api.check_file(make_workbook(data)).analysis.data
    built = builders.minimal(
        indicators=[*builders.minimal_indicators(),
                    builders.indicator("IKU3", "< 10", None, sasaran="SS2", sasaran_name="Sasaran dua",
                                       actual_text="", typed_capaian=61.5, typed_category="Sedang")],
        budget=[*builders.minimal_budget(),
                builders.budget_line(None, 1000000, 931000, typed_serapan=93.1, typed_sisa=69000)],
        pk=[builders.pk_row("IKU1", "3 - 10", program="1", budget=1000000)],
        quarters=[builders.quarter_row("IKU1", "Akhir", [20, 40, 60, 80], [21, 42, 63, None], typed_annual=63)],
        staff=[builders.staff_unit("Sekretariat", PNS=2, Jumlah_Pegawai=2, Laki_laki=1, Perempuan=1,
                                   Golongan_III=2),
               builders.staff_unit("Jumlah", PNS=2, Jumlah_Pegawai=2)],
    )
    for records in ("identitas", "indicators", "budget_lines", "pk_rows", "quarters", "staff_units", "layouts"):
        assert getattr(built, records) == getattr(read, records), records
    assert built == read


def test_termasuk_batas_neither_ya_nor_tidak_reads_as_a_sentence_and_the_band_stays_inclusive(skala_slips):
    finding = the(skala_slips, "SKALA-INVALID")
    assert finding_text(finding, "id") == \
        "Termasuk Batas 'Mungkin' tidak dikenal. Pilih salah satu: Ya, Tidak (kosong berarti Ya)."
    assert finding_text(finding, "en") == \
        "Termasuk Batas 'Mungkin' is unknown. Choose one of: Ya, Tidak (empty means Ya)."
    assert [band.inclusive for band in skala_slips.analysis.data.custom_scale] == [True, True]


@pytest.fixture(scope="module")
def skala_near_misses(tmp_path_factory):
    """A custom scale with Termasuk Batas in other cases, and left empty."""
    data = minimal_data()
    data["Identitas"]["Skala Kategori"] = "Kustom"
    data["Skala"] = [{"Batas Bawah (%)": 90, "Kategori": "Tinggi", "Termasuk Batas": "TIDAK"},
                     {"Batas Bawah (%)": 50, "Kategori": "Sedang", "Termasuk Batas": " ya "},
                     {"Batas Bawah (%)": None, "Kategori": "Rendah"}]
    return checked(tmp_path_factory, "skala-near", data)


@near_miss("SKALA-INVALID")
def test_termasuk_batas_in_any_case_or_empty_is_accepted(skala_near_misses):
    assert [(f.code, f.sheet, f.cell) for f in skala_near_misses.findings] == []
    assert [band.inclusive for band in skala_near_misses.analysis.data.custom_scale] == [False, True, True]


@near_miss("NUMBER-OUT-OF-RANGE", "EXTERNAL-LINK")
def test_numbers_up_to_ten_to_the_fifteen_residues_and_web_links_are_accepted(tmp_path_factory):
    data = minimal_data()
    data["Anggaran"][0]["Pagu (Rp)"] = data["Anggaran"][1]["Pagu (Rp)"] = 10**15
    data["IKU"][1]["Realisasi"] = 1e-12  # Excel's rounding residue: shown as 0, read as 0

    def links(workbook):
        workbook["IKU"]["D4"].hyperlink = "https://bps.go.id/"
        workbook["IKU"]["D5"].hyperlink = "mailto:bappeda@contoh.go.id"

    result = checked(tmp_path_factory, "hostile-near", data, links)
    assert [(f.code, f.sheet, f.cell) for f in result.findings] == []
    assert result.analysis.data.indicators[1].actual == 0


def test_what_cannot_be_read_is_never_a_number_and_nothing_follows_from_it(reading_slips):
    analysis = reading_slips.analysis
    first, second, third = (analysis.results.indicator(c).indicator for c in ("IKU1", "IKU2", "IKU3"))
    assert (first.actual, second.actual, third.target) == (None, None, None)
    assert {"actual"} <= first.unreadable and {"target"} <= third.unreadable
    assert analysis.results.indicator("IKU4").indicator.target.value == 80  # the value is still read
    assert [i.indicator.code for i in analysis.results.indicators] == ["IKU1", "IKU2", "IKU3", "IKU4", "IKU5"]
    # 3.3 may be 3.30, the parent of 3.30.01 and 3.30.02: no budget total is stated, no sum is checked
    assert analysis.results.total_budget is None and analysis.results.total_spent is None
    assert analysis.results.budget_unknown == [("Anggaran", "A4")]
    date = the(reading_slips, "DATE-IN-NUMBER")
    assert (date.params["typed"], date.params["example"]) == ("3-10", "'3 - 10")
    assert "'3-10'" in finding_text(date, "id") and "Teks" in finding_text(date, "id")
    assert "#REF!" in finding_text(the(reading_slips, "CELL-ERROR"), "id")
    assert "simpan ulang" in finding_text(the(reading_slips, "FORMULA-NO-VALUE"), "id")
    kode = finding_text(the(reading_slips, "KODE-AS-NUMBER"), "id")
    assert "'3.3'" in kode and "'3.30'" in kode and "3.30.01" in kode
    assert "spasi lebar nol U+200B" in finding_text(the(reading_slips, "INVISIBLE-CHARACTER"), "id")
    assert the(reading_slips, "ROWS-AS-NOTES").params["rows"] == "9"


@pytest.fixture(scope="module")
def reading_near_misses(tmp_path_factory):
    """Formulas lkip-xls computes, #N/A as a realisasi, a date in Keterangan, whole-number codes, NBSP in a number,
    a last Anggaran row holding only a code and a name."""
    import datetime as dt

    data = minimal_data()
    data["IKU"] = [
        iku("IKU1", Sasaran_Strategis="Sasaran satu", Target="=40+40", Realisasi="=ROUND(G4*1.05,2)",
            Keterangan=dt.datetime(2024, 12, 31)),  # 4
        iku("IKU2", Target="80\u00a0", Realisasi="#N/A"),  # 5: NBSP is white space, #N/A "no value"
    ]
    data["Anggaran"] = [
        {"Kode": 1, "Uraian": "Program satu", "Kode Sasaran": "SS1", "Pagu (Rp)": "=SUM(D5:D6)",
         "Realisasi (Rp)": "=SUBTOTAL(9,E5:E6)"},  # 4
        {"Kode": "1.1", "Uraian": "Kegiatan satu", "Pagu (Rp)": 600000, "Realisasi (Rp)": 531000},  # 5
        {"Kode": "1.2", "Uraian": "Kegiatan dua", "Pagu (Rp)": "=D5*2/3", "Realisasi (Rp)": "=-(-400000)"},  # 6
        {"Kode": "1.3", "Uraian": "Kegiatan tiga"},  # 7: no amounts yet, still a row
    ]
    return checked(tmp_path_factory, "reading-near", data)


@near_miss("FORMULA-NO-VALUE", "CELL-ERROR", "DATE-IN-NUMBER", "KODE-AS-NUMBER", "INVISIBLE-CHARACTER",
           "ROWS-AS-NOTES")
def test_formulas_it_computes_na_dates_in_text_whole_codes_and_a_last_code_row_raise_nothing(reading_near_misses):
    assert [(f.code, f.sheet, f.cell) for f in reading_near_misses.findings] == [("REALISASI-NA", "IKU", "H5")]
    results = reading_near_misses.analysis.results
    assert capaian(reading_near_misses, "IKU1") == 105
    assert (results.total_budget, results.total_spent) == (1000000, 931000)
    assert [r.line.code for r in results.budget] == ["1", "1.1", "1.2", "1.3"]


# --------------------------------------------------------------------------- predicates (TEMPLATE.md §5)


def test_predicates_are_read_as_values_end_to_end(tmp_path):
    data = minimal_data()
    data["IKU"][0].update({"Indikator Kinerja": "Opini BPK", "Satuan": "Predikat", "Target": "Opini WTP",
                           "Realisasi": "WDP"})
    data["IKU"][1].update({"Indikator Kinerja": "Nilai SAKIP", "Satuan": "Nilai", "Target": "A (80)",
                           "Realisasi": "A (85,10)"})
    result = analyse(write_workbook(tmp_path / "predikat.xlsx", data))
    assert not [f for f in result.findings if f.code == "VALUE-NOT-NUMBER"]
    first, second = result.analysis.results.indicators
    assert first.value == Decimal("75.00") and first.indicator.target.value == 4 and first.indicator.actual == 3
    assert second.value == Decimal("106.38")


def test_skala_predikat_sheet_adds_predicates_and_unknown_ones_are_listed(tmp_path):
    data = minimal_data()
    data["IKU"][0].update({"Target": "Baik", "Realisasi": "Cukup"})
    data["IKU"][1].update({"Target": "Baik", "Realisasi": "Sedang sekali"})
    data["Skala Predikat"] = [{"Predikat": "Baik", "Nilai": 4}, {"Predikat": "Cukup", "Nilai": 3}]
    result = analyse(write_workbook(tmp_path / "skala.xlsx", data))
    first, second = result.analysis.results.indicators
    assert first.value == Decimal("75.00") and second.value is None
    unknown = [f for f in result.findings if f.code == "VALUE-NOT-NUMBER"]
    assert [(f.sheet, f.cell) for f in unknown] == [("IKU", "H5")]
    text = finding_text(unknown[0], "id")
    assert "Sedang sekali" in text and "WTP 4" in text and "BAIK 4" in text and "CUKUP 3" in text
    assert "predicates" in finding_text(unknown[0], "en")


@near_miss("IKU-TINGKAT-INVALID", "DIRATA-RATA-INVALID", "RUMUS-INVALID")
def test_plan_choices_in_any_case_are_read(tmp_path):
    data = minimal_data()
    data["Identitas"]["Versi Template"] = 2
    data["IKU"][0].update({"Tingkat": " TUJUAN ", "Kode Sasaran": None, "Sasaran Strategis": None})
    data["IKU"][1].update({"Sasaran Strategis": "Sasaran satu", "Tingkat": "sasaran", "Dirata-rata": "tidak"})
    data["Data Dukung"] = [{"Kode": "IKU2", "Rumus": "persentase", "Nilai A": 2, "Nilai B": 5}]
    result = api.check_file(write_workbook(tmp_path / "plan.xlsx", data))
    assert no_findings(result) == []  # a tujuan indicator needs no Kode Sasaran
    first, second = result.analysis.data.indicators
    assert (first.level, first.averaged, second.level, second.averaged) == ("Tujuan", True, "Sasaran", False)
    assert result.analysis.data.evidence[0].formula == "Persentase"
