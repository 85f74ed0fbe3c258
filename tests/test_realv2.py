"""Template version 2 on real input (TEMPLATE.md §5, §6): the v2 sheets and columns as agencies fill them
(`tests/realv2_book.py`), through `check` and `process`, a returned `_hasil` and a LibreOffice round trip."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkip_xls import api
from lkip_xls.core import schema
from lkip_xls.outputs import json_report
from lkip_xls.read.cells import _first_word, _squeezed
from lkip_xls.read.table import _year_columns, _year_of
from lkip_xls.rules import plan
from lkip_xls.text.finding_messages import finding_text

from . import realv2_book as book

D = Decimal


def found(result) -> list[tuple[str, str | None, str | None]]:
    return sorted((f.code, f.sheet, f.cell) for f in result.findings)


def extra(result) -> list[tuple[str, str | None, str | None]]:
    """The findings beyond those of the unchanged workbook."""
    return [f for f in found(result) if f not in book.EXPECTED]


def document(result) -> dict:
    files = json.loads(json_report.dumps([result]))["files"][0]
    for key in ("file", "path", "sha256", "outputs"):
        files.pop(key, None)
    return files


def agree(path: Path):
    """check and process give the same findings, and the returned `_hasil` exactly those again."""
    checked, processed = api.check_file(path), api.process_file(path)
    assert found(checked) == found(processed)
    returned = api.check_file(Path(processed.outputs["hasil"]))
    assert found(returned) == found(processed)
    return checked


# --------------------------------------------------------------------------- the workbook as agencies make it


def test_a_v2_workbook_made_by_hand_reads_every_new_sheet_and_column(tmp_path):
    result = agree(book.build(tmp_path / "dinas.xlsx"))
    assert found(result) == sorted(book.EXPECTED)
    data, results = result.analysis.data, result.analysis.results
    # IKU Tingkat / Dirata-rata in other case, Target Tahun Lalu, Nilai Nasional; PK Target Awal
    assert [(i.code, i.level, i.averaged) for i in data.indicators] == [
        ("IKU1", "Sasaran", True), ("IKU2", "Sasaran", True), ("IKU3", "Sasaran", False), ("T1", "Tujuan", True)]
    assert data.indicators[0].target_last_year.value == D(38) and data.indicators[0].national == D("45.5")
    assert data.pk_rows[0].target_initial.value == D(38)
    # Anggaran: "kegiatan", "sub kegiatan", "SUB-KEGIATAN", "pendapatan daerah", "APBD " and "DAK  "
    assert [(line.level, line.kind) for line in data.budget_lines] == [
        ("Program", "Belanja"), ("Kegiatan", None), ("Sub Kegiatan", None), ("Kegiatan", None),
        ("Sub Kegiatan", None), ("Program", "Pendapatan")]
    assert (results.total_budget, results.total_spent) == (D(1000000000), D(900000000))
    assert [(s.source, s.budget, s.spent) for s in results.by_source] == [
        ("APBD", D(600000000), D(550000000)), ("DAK", D(400000000), D(350000000))]
    assert (results.revenue_target, results.revenue_actual) == (D(50000000), D(52000000))
    # Data Dukung: "persentase", "Rp 84" and "200" typed as text; the Kinerja Program's second indicator
    assert [(e.row.code, e.value) for e in results.evidence] == [
        ("IKU1", D("42.00")), ("IKU2", D("5.77")), ("2.17.02#2", D("90.00"))]
    assert data.indicators[0].actual == D("42.00") and data.indicators[0].actual_from_evidence
    # Renstra: "Target\n2022", "TARGET 2023", "Target Tahun 2024"; the note row below is no indicator
    renstra = results.renstra
    assert [r.row.code for r in renstra] == ["IKU1", "IKU2"]
    assert [(y.year, y.target.value, y.actual) for y in renstra[0].years][:3] == [
        (2022, D(32), D(33)), (2023, D(35), D(36)), (2024, D(40), D("42.00"))]
    assert [p.code for p in results.programs] == ["2.17.02", "2.17.02.2.01"]


@pytest.mark.parametrize("saved_by", ["openpyxl", "xml", "libreoffice"])
def test_a_hasil_fixed_and_returned_gives_only_the_findings_that_remain(tmp_path, saved_by):
    from .test_hasil_package import set_cell_openpyxl, set_cell_xml

    if saved_by == "libreoffice" and shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    processed = api.process_file(book.build(tmp_path / "dinas.xlsx", edit=_formulas))
    hasil = Path(processed.outputs["hasil"])
    fixed = tmp_path / "kembali" / hasil.name
    fixed.parent.mkdir()
    if saved_by == "xml":
        set_cell_xml(hasil, fixed, "IKU", "H5", "5.77")
    else:
        set_cell_openpyxl(hasil, fixed, "IKU", "H5", 5.77)  # the Realisasi its Data Dukung gives
    if saved_by == "libreoffice":
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                        "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(fixed)], check=True,
                       capture_output=True, timeout=180)
        fixed = tmp_path / "lo" / fixed.name
    again = api.check_file(fixed)
    assert found(again) == sorted(set(book.EXPECTED) - {("DATA-DUKUNG-DIFFERS", "IKU", "H5")})
    assert [e.value for e in again.analysis.results.evidence] == [D("42.00"), D("5.77"), D("90.00")]


# --------------------------------------------------------------------------- formulas and cell errors


def _formulas(wb) -> None:
    dukung = wb["Data Dukung"]
    dukung["D4"], dukung["F4"], dukung["F5"] = "=40+44", "=SUM(100,100)", "=100+4"
    wb["Renstra"]["E4"] = "=D4+5"  # Target Tahun 2024: "35" + 5


def test_formulas_without_stored_values_are_computed(tmp_path):
    result = agree(book.build(tmp_path / "rumus.xlsx", edit=_formulas))
    assert found(result) == sorted(book.EXPECTED)
    assert [e.value for e in result.analysis.results.evidence] == [D("42.00"), D("5.77"), D("90.00")]
    assert result.analysis.results.renstra[0].years[2].target.value == D(40)


def test_a_formula_that_cannot_be_computed_is_never_zero(tmp_path):
    def vlookup(wb):
        wb["Data Dukung"]["D4"] = '=VLOOKUP("x",H1:I2,2,FALSE)'
        wb["Renstra"]["C5"] = "=IF(A1,1,2)"

    result = agree(book.build(tmp_path / "vlookup.xlsx", edit=vlookup))
    assert ("FORMULA-NO-VALUE", "Data Dukung", "D4") in extra(result)
    assert not [f for f in found(result) if f[0] == "REALISASI-NA"]  # one slip, one finding: D4 says why
    assert ("FORMULA-NO-VALUE", "Renstra", "C5") in extra(result)
    evidence = result.analysis.results.evidence[0]
    assert (evidence.value, evidence.skipped) == (None, "unreadable")
    assert result.analysis.data.indicators[0].actual is None  # not filled with a 0
    first = result.analysis.results.renstra[1].years[0]
    assert (first.year, first.target, first.actual) == (2022, None, D("4.2"))  # the target unread, never 0


def test_a_cell_error_in_nilai_b_is_reported_there_only(tmp_path):
    def div0(wb):
        wb["Data Dukung"]["F5"] = "=1/0"

    result = agree(book.build(tmp_path / "div0.xlsx", edit=div0))
    assert extra(result) == [("CELL-ERROR", "Data Dukung", "F5")]
    assert ("DATA-DUKUNG-DIFFERS", "IKU", "H5") not in found(result)  # nothing to compare
    assert result.analysis.results.evidence[1].value is None


# --------------------------------------------------------------------------- merged, hidden, notes, Kode


def test_a_kode_merged_over_data_dukung_rows_is_the_same_indicator_twice_and_the_first_wins(tmp_path):
    def merged(wb):
        ws = wb["Data Dukung"]
        ws.insert_rows(5)
        second = ["Persentase", "Koperasi sehat (SIMKOP)", 80, "Koperasi aktif", 200]
        for column, value in zip("BCDEF", second, strict=True):
            ws[f"{column}5"] = value
        ws.merge_cells("A4:A5")

    result = agree(book.build(tmp_path / "merged.xlsx", edit=merged))
    # at the merged Kode the reader sees (A4), never at A5 hidden under the merge
    assert extra(result) == [("KODE-DUPLICATE", "Data Dukung", "A4"), ("ROWS-AS-NOTES", "Data Dukung", "A8")]
    evidence = result.analysis.results.evidence
    assert [(e.row.code, e.value, e.duplicate) for e in evidence[:2]] == [("IKU1", D("42.00"), False),
                                                                          ("IKU1", D("40.00"), True)]
    assert result.analysis.data.indicators[0].actual == D("42.00")  # the first row fills, the second never


def test_the_same_indicator_named_twice_as_kode_and_kode_hash_1(tmp_path):
    def twice(wb):
        ws = wb["Data Dukung"]
        ws.insert_rows(5)
        for column, value in zip("ABDF", ["IKU1#1", "Persentase", 80, 200], strict=True):
            ws[f"{column}5"] = value

    result = agree(book.build(tmp_path / "twice.xlsx", edit=twice))
    assert ("KODE-DUPLICATE", "Data Dukung", "A5") in extra(result)
    duplicate = next(f for f in result.findings if f.code == "KODE-DUPLICATE")
    assert finding_text(duplicate, "id").startswith(
        "Kode 'IKU1#1' dan Kode 'IKU1' pada baris sebelumnya menunjuk indikator yang sama")
    assert finding_text(duplicate, "en").startswith(
        "Code 'IKU1#1' and Code 'IKU1' on an earlier row name the same indicator")
    assert "sudah dipakai" not in finding_text(duplicate, "id")
    assert ("DATA-DUKUNG-DIFFERS", "IKU", "H4") not in found(result)  # never compared with the filled figure


def test_an_iku_kode_hash_1_is_that_indicator_and_a_missing_n_is_unknown(tmp_path):
    def hashes(wb):
        wb["Data Dukung"]["A4"] = "IKU1#1"
        wb["Data Dukung"]["A6"] = "2.17.02#5"

    result = agree(book.build(tmp_path / "hash.xlsx", edit=hashes))
    assert extra(result) == [("DATA-DUKUNG-KODE-UNKNOWN", "Data Dukung", "A6")]
    assert result.analysis.data.indicators[0].actual == D("42.00")
    assert result.analysis.results.evidence[2].value == D("90.00")  # still computed and written back


def test_an_unknown_kode_merged_over_data_dukung_rows_is_reported_once_at_the_merge(tmp_path):
    def merged(wb):
        ws = wb["Data Dukung"]
        ws.insert_rows(5)
        for column, value in zip("BDF", ["Persentase", 80, 200], strict=True):
            ws[f"{column}5"] = value
        ws["A4"] = "IKU9"
        ws.merge_cells("A4:A5")

    result = agree(book.build(tmp_path / "unknown.xlsx", edit=merged))
    # IKU1's Realisasi stays empty: the unknown Kode says why, no REALISASI-NA and no KODE-DUPLICATE beside it
    assert [f for f in extra(result) if f[0] != "ROWS-AS-NOTES"] == [("DATA-DUKUNG-KODE-UNKNOWN", "Data Dukung",
                                                                        "A4")]
    assert ("DATA-DUKUNG-USED", "IKU", "H4") not in found(result)
    assert not [f for f in found(result) if f[0] in ("REALISASI-NA", "KODE-DUPLICATE")]
    assert result.analysis.data.indicators[0].actual is None


def test_a_kode_merged_over_renstra_rows_is_a_duplicate_left_out_of_the_figures(tmp_path):
    def merged(wb):
        ws = wb["Renstra"]
        ws.insert_rows(5)
        ws["E5"] = 99
        ws.merge_cells("A4:A5")

    result = agree(book.build(tmp_path / "renstra.xlsx", edit=merged))
    assert extra(result) == [("KODE-DUPLICATE", "Renstra", "A4"), ("ROWS-AS-NOTES", "Renstra", "A7")]
    assert [r.row.code for r in result.analysis.results.renstra] == ["IKU1", "IKU2"]
    assert ("RENSTRA-TARGET-DIFFERS", "IKU", "G4") not in found(result)  # the 99 of the second row: unused


def test_a_merged_kinerja_program_kode_unknown_is_reported_once(tmp_path):
    def unknown(wb):
        wb["Kinerja Program"]["A4"] = "9.9"

    result = agree(book.build(tmp_path / "kp.xlsx", edit=unknown))
    assert [f for f in extra(result) if f[1] == "Kinerja Program"] == [("KINERJA-KODE-UNKNOWN", "Kinerja Program",
                                                                         "A4")]
    indicators = result.analysis.data.program_indicators
    assert [(i.code, i.code_inherited) for i in indicators[:2]] == [("9.9", False), ("9.9", True)]


def test_hidden_rows_are_read_like_any_row(tmp_path):
    def hidden(wb):
        wb["Data Dukung"].row_dimensions[5].hidden = True
        wb["Renstra"].row_dimensions[4].hidden = True

    result = agree(book.build(tmp_path / "hidden.xlsx", edit=hidden))
    assert found(result) == sorted(book.EXPECTED)
    assert len(result.analysis.results.evidence) == 3 and len(result.analysis.results.renstra) == 2


def test_notes_and_signatures_under_the_v2_tables_are_no_rows(tmp_path):
    def notes(wb):
        wb["Skala Predikat"].append(["Sumber: PermenPAN-RB Nomor 88 Tahun 2021"])
        program = wb["Kinerja Program"]
        program.append([])
        program.append(["Catatan: indikator kegiatan dari Renja 2024"])
        program.append(["Kepala Dinas", None, None, None, None, "Drs. Budi Santoso"])

    result = agree(book.build(tmp_path / "catatan.xlsx", edit=notes))
    assert extra(result) == [("ROWS-AS-NOTES", "Kinerja Program", "A8"), ("ROWS-AS-NOTES", "Skala Predikat", "A5")]
    assert len(result.analysis.data.program_indicators) == 3


def test_a_predicate_left_without_its_nilai_is_still_a_row(tmp_path):
    def empty(wb):
        wb["Skala Predikat"].append(["Sangat Baik"])

    result = api.check_file(book.build(tmp_path / "predikat.xlsx", edit=empty))
    assert extra(result) == [("REQUIRED-EMPTY", "Skala Predikat", "B5")]


@pytest.mark.parametrize(("a", "b", "value"), [
    ("1.916.311,34", "137.282.476,24", D("1.40")),
    ("Rp 1.000.000", "Rp. 4.000.000,-", D("25.00")),
    ("85,5%", "90 %", D("95.00")),
    (" 42 ", "100", D("42.00")),
])
def test_text_numbers_pasted_into_nilai_a_and_b(tmp_path, a, b, value):
    rows = [list(book.DUKUNG_ROWS[0]), *book.DUKUNG_ROWS[1:]]
    rows[0][3], rows[0][5] = a, b
    result = api.check_file(book.build(tmp_path / "teks.xlsx", dukung_rows=rows))
    assert result.analysis.results.evidence[0].value == value
    assert not [f for f in extra(result) if f[1] == "Data Dukung"]


def test_a_word_in_nilai_a_is_reported_at_its_cell_and_nothing_is_filled(tmp_path):
    rows = [list(book.DUKUNG_ROWS[0]), *book.DUKUNG_ROWS[1:]]
    rows[0][3] = "sekitar delapan puluh"
    result = agree(book.build(tmp_path / "kata.xlsx", dukung_rows=rows))
    assert ("VALUE-NOT-NUMBER", "Data Dukung", "D4") in extra(result)
    assert result.analysis.data.indicators[0].actual is None


# --------------------------------------------------------------------------- Renstra year headers


@pytest.mark.parametrize("headers", [
    ["Kode", "Kondisi Awal", "Target 2022", "Target 2023", "Target 2024", "Target 2025", "Target 2026",
     "Realisasi 2022", "Realisasi 2023", "Target Akhir"],
    ["KODE", "Kondisi Awal (2021)", "Target (2022)", "Target Th. 2023", "target-2024", "Target Thn 2025",
     "TARGET\n2026 (%)", "Realisasi Tahun 2022", "REALISASI\n2023", "Target Akhir Renstra (2026)"],
    ["Kode", "Kondisi Awal Tahun 2021", "Target-2022", "Target Tahun\n2023", "Target Thn. 2024", "target 2025",
     "Target 2026", "Realisasi Th 2022", "Realisasi (2023)", "Target Akhir Periode Renstra 2026"],
])
def test_renstra_year_headers_as_typed(tmp_path, headers):
    result = api.check_file(book.build(tmp_path / "tahun.xlsx", renstra_headers=headers))
    years = result.analysis.results.renstra[0].years
    assert [(y.year, y.target.value, y.actual) for y in years] == [
        (2022, D(32), D(33)), (2023, D(35), D(36)), (2024, D(40), D("42.00")), (2025, D(45), None),
        (2026, D(50), None)]
    first = result.analysis.data.renstra[0]
    assert (first.baseline, first.final_target.value) == (D(30), D(50))
    assert result.analysis.results.renstra[0].progress == D("84.00")


def _group_below(wb) -> None:
    ws = wb["Renstra"]
    ws.delete_rows(1, ws.max_row)
    ws.append(["RENSTRA"])
    ws.append(["Kode", "Kondisi Awal", "Target", None, None, None, None, "Realisasi", None, "Target Akhir"])
    ws.append([None, None, 2022, 2023, "2024", "Tahun 2025", 2026, 2022, "2023", None])
    ws.merge_cells("C2:G2")
    ws.merge_cells("H2:I2")
    ws.merge_cells("A2:A3")
    for row in book.RENSTRA_ROWS:
        ws.append(row)


def _group_above(wb) -> None:
    ws = wb["Renstra"]
    ws.delete_rows(1, ws.max_row)
    ws.append([None, None, "Target Kinerja pada Tahun", None, None, None, None, "Realisasi", None, None])
    ws.append(["Kode", "Kondisi Awal", 2022, 2023, 2024, 2025, 2026, 2022, 2023, "Target Akhir"])
    ws.merge_cells("C1:G1")
    for row in book.RENSTRA_ROWS:
        ws.append(row)


@pytest.mark.parametrize("layout", [_group_below, _group_above])
def test_renstra_years_typed_as_numbers_under_a_target_group(tmp_path, layout):
    result = agree(book.build(tmp_path / "grup.xlsx", edit=layout))
    assert [f for f in found(result) if f[1] == "Renstra"] == []
    years = result.analysis.results.renstra[1].years
    assert [(y.year, y.target.value, y.actual) for y in years] == [
        (2022, D(4), D("4.2")), (2023, D("4.5"), D("4.4")), (2024, D(5), D("5.5")), (2025, D("5.5"), None),
        (2026, D(6), None)]


def test_a_year_without_a_group_is_no_column():
    cells = [(v, None) for v in ("Kode", 2022, 2023)]
    assert _year_columns(schema.RENSTRA, cells, [(None, None)] * 3, {}) == {}
    assert _year_columns(schema.RENSTRA, cells, [(None, None), ("Target", None), (None, None)], {}) == \
        {"target_2022": 2, "target_2023": 3}
    assert _year_columns(schema.RENSTRA, cells, [(None, None), ("Keterangan", None), (None, None)], {}) == {}


# --------------------------------------------------------------------------- choices as typed


@pytest.mark.parametrize(("typed", "level"), [("sub kegiatan", "Sub Kegiatan"), ("SUB-KEGIATAN", "Sub Kegiatan"),
                                               ("Sub_Kegiatan", "Sub Kegiatan"), ("subkegiatan", "Sub Kegiatan"),
                                               (" PROGRAM ", "Program")])
def test_tingkat_in_other_case_and_spelling(typed, level):
    from lkip_xls.read.reader import _TINGKAT_ALIASES
    assert _TINGKAT_ALIASES.get(_squeezed(" ".join(typed.split()))) == level


@pytest.mark.parametrize(("typed", "kind"), [("pendapatan daerah", "Pendapatan"), ("Pendapatan Asli Daerah",
                                                                                  "Pendapatan"),
                                             ("BELANJA LANGSUNG", "Belanja"), ("bukan belanja", None)])
def test_jenis_by_its_first_word(typed, kind):
    from lkip_xls.read.reader import _JENIS_ALIASES
    assert _JENIS_ALIASES.get(_first_word(typed)) == kind


def test_iku_tingkat_and_dirata_rata_by_their_first_word_and_a_missing_national_figure_in_words(tmp_path):
    def words(wb):
        iku = wb["IKU"]
        iku["N4"], iku["N7"], iku["O6"] = "Sasaran Strategis", "Tujuan Renstra", "tidak (tata kelola)"
        iku["Q4"], iku["R4"] = "tidak tersedia", "belum tersedia"

    result = agree(book.build(tmp_path / "kata.xlsx", edit=words))
    assert found(result) == sorted(book.EXPECTED)
    indicators = result.analysis.data.indicators
    assert [(i.level, i.averaged) for i in indicators] == [("Sasaran", True), ("Sasaran", True), ("Sasaran", False),
                                                           ("Tujuan", True)]
    assert (indicators[0].national, indicators[0].provincial) == (None, None)


def test_sumber_dana_in_another_case_is_one_source_named_as_first_typed(tmp_path):
    def lower(wb):
        wb["Anggaran"]["J5"] = "apbd"  # the kegiatan's source: its program's, typed again in lower case

    result = api.check_file(book.build(tmp_path / "sumber.xlsx", edit=lower))
    assert [(s.source, s.budget) for s in result.analysis.results.by_source] == [
        ("APBD", D(600000000)), ("DAK", D(400000000))]


# --------------------------------------------------------------------------- never crash, exact Decimals


_numbers = st.decimals(min_value=D("-1e12"), max_value=D("1e12"), allow_nan=False, allow_infinity=False, places=4)


@given(formula=st.sampled_from(schema.RUMUS_CHOICES), a=_numbers, b=_numbers)
def test_every_rumus_is_exact_half_up(formula, a, b):
    fa, fb = Fraction(a), Fraction(b)
    exact = {"Persentase": lambda: fa / fb * 100, "Pertumbuhan": lambda: (fa - fb) / fb * 100,
             "Rasio": lambda: fa / fb, "Selisih": lambda: fa - fb}[formula]
    if b == 0 and formula != "Selisih":
        with pytest.raises(ZeroDivisionError):
            plan.evaluate(formula, a, b)
        return
    value = plan.evaluate(formula, a, b)
    assert isinstance(value, Decimal) and value.as_tuple().exponent == -2
    expected = exact()
    hundredths = abs(expected) * 100
    rounded = int(hundredths) + (1 if hundredths - int(hundredths) >= Fraction(1, 2) else 0)
    assert Fraction(value) == (rounded if expected >= 0 else -rounded) / Fraction(100)


_cell = st.one_of(st.none(), st.integers(-10**6, 10**6), st.text(max_size=20),
                  st.sampled_from(["Target", "Realisasi", "Tahun 2024", "2024", "Target Kinerja", "Th. 2030"]),
                  st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**6, max_value=10**6),
                  st.floats(allow_nan=True, allow_infinity=True), st.booleans())


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(header=st.text(max_size=40), cells=st.lists(_cell, max_size=12), groups=st.lists(_cell, max_size=12))
def test_renstra_year_headers_never_crash(header, cells, groups):
    key = schema.RENSTRA.pattern_key(schema.normalize_label(header))
    assert key is None or schema.year_of(key) is not None
    try:
        years = _year_columns(schema.RENSTRA, [(c, None) for c in cells], [(g, None) for g in groups], {})
    except (OverflowError, ValueError):
        pytest.fail("a year cell made the reader crash")
    for key, index in years.items():
        assert schema.YEAR_RANGE[0] <= schema.year_of(key) <= schema.YEAR_RANGE[1]
        assert _year_of(cells[index - 1]) == schema.year_of(key)


# --------------------------------------------------------------------------- LibreOffice


def _everything(wb) -> None:
    """Formulas, years typed as numbers under a merged Target group, a Kode merged over Data Dukung rows, a
    hidden row, a cell error."""
    _formulas(wb)
    _group_below(wb)
    ws = wb["Data Dukung"]
    ws.insert_rows(5)
    ws["B5"], ws["D5"], ws["F5"] = "Rasio", "=2*21", 1
    ws.merge_cells("A4:A5")
    ws.row_dimensions[5].hidden = True
    ws["F6"] = "=1/0"


@pytest.mark.parametrize("edit", [_formulas, _everything])
def test_libreoffice_round_trip_gives_the_same_json(tmp_path, edit):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    original = book.build(tmp_path / "dinas.xlsx", edit=edit)
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "xlsx", "--outdir", str(out), str(original)], check=True, capture_output=True,
                   timeout=180)
    again = agree(out / "dinas.xlsx")  # formulas now with the values LibreOffice stored
    assert document(again) == document(api.check_file(original))
    if edit is _formulas:
        assert found(again) == sorted(book.EXPECTED)
    else:
        assert extra(again) == [("CELL-ERROR", "Data Dukung", "F6"), ("KODE-DUPLICATE", "Data Dukung", "A4"),
                                ("ROWS-AS-NOTES", "Data Dukung", "A8")]


# --------------------------------------------------------------------------- formulas in Nilai A, generated


def _expressions():
    leaf = st.decimals(min_value=D(-9999), max_value=D(9999), places=2, allow_nan=False, allow_infinity=False)
    leaves = leaf.map(lambda d: (f"{d:f}", Fraction(d)))

    def combine(children):
        divisor = st.sampled_from([1, 2, 4, 5, 8, 0]).map(lambda n: (str(n), Fraction(n)))
        plain = st.tuples(children, st.sampled_from("+-*"), children).map(_join)
        divided = st.tuples(children, st.just("/"), divisor).map(_join)
        return st.one_of(plain, divided)

    return st.recursive(leaves, combine, max_leaves=6)


def _join(parts):
    (left, x), operator, (right, y) = parts
    if x is None or y is None:
        return f"({left}{operator}{right})", None
    if operator == "/":
        return f"({left}/{right})", None if y == 0 else x / y
    return f"({left}{operator}{right})", {"+": x + y, "-": x - y, "*": x * y}[operator]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(expression=_expressions())
def test_a_formula_in_nilai_a_without_a_stored_value_is_computed_exactly_or_reported(tmp_path, expression):
    text, exact = expression

    def formula(wb):
        dukung = wb["Data Dukung"]
        dukung["B4"], dukung["D4"], dukung["F4"] = "Selisih", f"={text}", 0

    result = api.check_file(book.build(tmp_path / "rumus.xlsx", edit=formula))
    evidence = result.analysis.results.evidence[0]
    if exact is None:  # a division by zero somewhere: the cell's error, never a number
        assert evidence.value is None and ("CELL-ERROR", "Data Dukung", "D4") in found(result)
        return
    if abs(exact) >= 10**12:
        return  # beyond Excel's 15 significant digits with the cents: read as Excel rounds it (or out of range)
    hundredths = abs(exact) * 100
    rounded = int(hundredths) + (1 if hundredths - int(hundredths) >= Fraction(1, 2) else 0)
    assert Fraction(evidence.value) == (rounded if exact >= 0 else -rounded) / Fraction(100)
