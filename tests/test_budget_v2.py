"""Template version 2, the budget half (TEMPLATE.md §5, DOMAIN.md §4, §4c; issue #15): Anggaran Tingkat, Jenis,
Sumber Dana and Pagu Murni, read end to end through real workbooks.

Anggaran columns of the template: A Kode, B Uraian, C Kode Sasaran, D Pagu, E Realisasi, F Serapan, G Sisa,
H Keterangan, then version 2's I Tingkat, J Sumber Dana, K Jenis, L Pagu Murni.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from lkip_xls import api

from .conftest import minimal_data, write_workbook


def line(code: str | None, name: str, budget: Any, spent: Any, tingkat: str | None = None, **more: Any) -> dict:
    row: dict[str, Any] = {"Kode": code, "Uraian": name, "Pagu (Rp)": budget, "Realisasi (Rp)": spent}
    if tingkat is not None:
        row["Tingkat"] = tingkat
    names = {"Kode_Sasaran": "Kode Sasaran", "Sumber_Dana": "Sumber Dana", "Pagu_Murni": "Pagu Murni (Rp)"}
    row.update({names.get(k, k): v for k, v in more.items()})
    return row


def check(tmp_path, rows: list[dict], version: int = 2) -> api.FileResult:
    data = minimal_data()
    data["Identitas"]["Versi Template"] = version
    data["Anggaran"] = rows
    return api.check_file(write_workbook(tmp_path / "v2.xlsx", data))


def codes(result: api.FileResult) -> list[tuple[str, str | None]]:
    return [(f.code, f.cell) for f in result.findings]


# --------------------------------------------------------------------------- Tingkat: the hierarchy without dots


BABEL = [  # Permendagri 13/2006 numbering: program 03, its kegiatan 16.01 (Bangka Belitung)
    line("03", "Program Pelayanan Administrasi Perkantoran", 300, 270, "Program", Kode_Sasaran="SS1"),
    line("16.01", "Penyediaan Jasa Surat Menyurat", 100, 90, "Kegiatan"),
    line("16.02", "Penyediaan Jasa Kebersihan Kantor", 200, 180, "Kegiatan"),
    line("07", "Program Peningkatan Kapasitas Sumber Daya Aparatur", 50, 40, "Program", Kode_Sasaran="SS1"),
    line("16.01", "Pendidikan dan Pelatihan Formal", 50, 40, "Kegiatan"),
    line(None, "JUMLAH", 350, 310),
]

ROMAN = [  # roman / letter / number labels that repeat under different parents
    line("I", "Program Satu", 600, 500, "Program", Kode_Sasaran="SS1"),
    line("a", "Kegiatan Satu", 400, 350, "Kegiatan"),
    line("1.", "Sub Kegiatan Satu", 150, 100, "Sub Kegiatan"),
    line("2.", "Sub Kegiatan Dua", 250, 250, "Sub Kegiatan"),
    line("b", "Kegiatan Dua", 200, 150, "Kegiatan"),
    line("1.", "Sub Kegiatan Satu", 200, 150, "Sub Kegiatan"),
    line("II", "Program Dua", 100, 100, "Program", Kode_Sasaran="SS1"),
    line("a", "Kegiatan Satu", 100, 100, "Kegiatan"),
    line(None, "JUMLAH", 700, 600),
]

NO_CODES = [
    line(None, "Program Satu", 600, 500, "Program", Kode_Sasaran="SS1"),
    line(None, "Kegiatan Satu", 400, 350, "Kegiatan"),
    line(None, "Sub Kegiatan Satu", 400, 350, "Sub Kegiatan"),
    line(None, "Kegiatan Dua", 200, 150, "Kegiatan"),
    line(None, "Program Dua", 100, 100, "Program", Kode_Sasaran="SS1"),
    line(None, "JUMLAH", 700, 600),
]


@pytest.mark.parametrize(("rows", "budget", "spent", "full"), [
    (BABEL, 350, 310, ["03", "03.16.01", "03.16.02", "07", "07.16.01"]),
    (ROMAN, 700, 600, ["I", "I.a", "I.a.1", "I.a.2", "I.b", "I.b.1", "II", "II.a"]),
    (NO_CODES, 700, 600, ["1", "1.1", "1.1.1", "1.2", "2"]),
], ids=["babel-03-16.01", "roman-I-a-1", "no-codes"])
def test_tingkat_gives_the_hierarchy_and_the_right_totals(tmp_path, rows, budget, spent, full):
    result = check(tmp_path, rows)
    assert codes(result) == []  # no HIERARCHY-UNCLEAR, no doubled total, no duplicate label, no empty Kode
    results = result.analysis.results
    assert (results.total_budget, results.total_spent) == (budget, spent)
    assert results.total_absorption == round(Decimal(spent) / budget * 100, 2)
    assert [r.line.code for r in results.budget if not r.line.is_total] == full
    assert [r.line.code for r in results.budget if r.is_top_level] == [full[0], *[c for c in full[1:] if "." not in c]]
    sasaran = results.sasaran[0]
    assert (sasaran.budget, sasaran.spent) == (budget, spent)


def test_babel_numbering_without_tingkat_is_still_refused(tmp_path):
    rows = [{k: v for k, v in row.items() if k != "Tingkat"} for row in BABEL]
    result = check(tmp_path, rows)
    assert "ANGGARAN-HIERARCHY-UNCLEAR" in {code for code, _ in codes(result)}
    assert result.analysis.results.total_absorption is None


def test_a_wrong_parent_sum_under_tingkat_is_found_at_the_parent(tmp_path):
    rows = [dict(row) for row in ROMAN]
    rows[1]["Pagu (Rp)"] = 401  # kegiatan I.a: its sub kegiatan add up to 400
    rows[0]["Pagu (Rp)"] = 601
    rows[-1]["Pagu (Rp)"] = 701
    result = check(tmp_path, rows)
    found = {(f.code, f.cell) for f in result.findings}
    assert ("ANGGARAN-HIERARCHY-UNCLEAR", "A4") not in found
    assert any(f.code == "ANGGARAN-SUM-DIFFERS" and f.cell == "D5" for f in result.findings)


def test_only_full_kodes_must_be_unique(tmp_path):
    rows = [dict(row) for row in ROMAN]
    rows[4]["Kode"] = "a"  # a second kegiatan 'a' under program I: full Kode I.a twice
    result = check(tmp_path, rows)
    assert [(f.code, f.cell, f.params["code"]) for f in result.findings if f.code == "KODE-DUPLICATE"] == [
        ("KODE-DUPLICATE", "A8", "I.a")]


def test_a_kegiatan_without_a_program_above_states_no_total(tmp_path):
    rows = [line("a", "Kegiatan lepas", 10, 5, "Kegiatan"), *ROMAN]
    result = check(tmp_path, rows)
    assert [(f.code, f.cell) for f in result.findings if f.code.startswith("TINGKAT")] == [("TINGKAT-ORPHAN", "I4")]
    assert result.analysis.results.total_budget is None


# --------------------------------------------------------------------------- Jenis Pendapatan


def test_pendapatan_is_checked_but_left_out_of_spending(tmp_path):
    rows = [
        line("1", "Program Satu", 600, 500, Kode_Sasaran="SS1"),
        line("1.1", "Kegiatan Satu", 600, 500),
        line("9", "Pendapatan Retribusi", 1000, 1250, Jenis="Pendapatan"),  # above target: no error
        line("9.1", "Retribusi Pasar", 1000, 1250),  # inherits Pendapatan
        line(None, "JUMLAH", 600, 500),  # the total row sums spending only
    ]
    result = check(tmp_path, rows)
    assert codes(result) == []
    results = result.analysis.results
    assert (results.total_budget, results.total_spent) == (600, 500)
    assert (results.revenue_target, results.revenue_actual, results.revenue_percent) == (1000, 1250, 125)
    assert (results.sasaran[0].budget, results.sasaran[0].spent) == (600, 500)


def test_pendapatan_sums_are_still_checked(tmp_path):
    rows = [
        line("1", "Program Satu", 600, 500, Kode_Sasaran="SS1"),
        line("9", "Pendapatan Retribusi", 1000, 1250, Jenis="Pendapatan"),
        line("9.1", "Retribusi Pasar", 900, 1250),
    ]
    result = check(tmp_path, rows)
    assert [(f.code, f.cell) for f in result.findings] == [("ANGGARAN-SUM-DIFFERS", "D5")]


def test_no_pendapatan_no_revenue_figures(tmp_path):
    results = check(tmp_path, ROMAN).analysis.results
    assert not results.has_revenue and results.revenue_target is None


# --------------------------------------------------------------------------- Sumber Dana


def test_totals_per_sumber_dana_inherit_and_never_count_twice(tmp_path):
    rows = [
        line("1", "Program Satu", 600, 500, Kode_Sasaran="SS1", Sumber_Dana="APBD"),
        line("1.1", "Kegiatan Satu", 400, 300),  # APBD, inherited
        line("1.2", "Kegiatan Dua", 200, 200, Sumber_Dana="DAK"),  # leaves the program's APBD
        line("2", "Program Dua", 100, 50, Kode_Sasaran="SS1", Sumber_Dana="APBN Dekonsentrasi"),
        line("9", "Pendapatan", 70, 80, Jenis="Pendapatan", Sumber_Dana="APBD"),  # not spending
    ]
    result = check(tmp_path, rows)
    assert codes(result) == []
    by_source = [(s.source, s.budget, s.spent, s.absorption) for s in result.analysis.results.by_source]
    assert by_source == [("APBD", 400, 300, 75), ("DAK", 200, 200, 100), ("APBN Dekonsentrasi", 100, 50, 50)]


# --------------------------------------------------------------------------- versions


def test_a_version_1_workbook_reads_as_before(tmp_path):
    result = check(tmp_path, minimal_data()["Anggaran"], version=1)
    assert codes(result) == []
    assert result.analysis.results.total_budget == 1_000_000


# --------------------------------------------------------------------------- JSON


def test_json_gives_sumber_dana_and_pendapatan(tmp_path):
    import json

    import jsonschema

    from lkip_xls.outputs import json_report

    from .conftest import DATA

    rows = [
        line("1", "Program Satu", 600, 500, Kode_Sasaran="SS1", Sumber_Dana="APBD"),
        line("9", "Pendapatan Retribusi", 1000, 1250, Jenis="Pendapatan"),
    ]
    document = json.loads(json_report.dumps([check(tmp_path, rows)]))
    jsonschema.validate(document, json.loads((DATA / "result.schema.json").read_text(encoding="utf-8")))
    anggaran = document["files"][0]["anggaran"]
    assert anggaran["sumber_dana"] == [{"sumber_dana": "APBD", "pagu": 600, "realisasi": 500, "serapan": 83.33}]
    assert anggaran["pendapatan"] == {"target": 1000, "realisasi": 1250, "persen": 125}
    assert anggaran["pagu"] == 600
    plain = json.loads(json_report.dumps([check(tmp_path, ROMAN)]))["files"][0]["anggaran"]
    assert plain["pendapatan"] is None and plain["sumber_dana"] == []


# --------------------------------------------------------------------------- Identitas


@pytest.mark.parametrize(("populasi", "fires"), [(None, False), ("ASN", False), ("Semua", True)])
def test_populasi_pendidikan_semua_checks_education_against_jumlah_pegawai(tmp_path, populasi, fires):
    data = minimal_data()
    data["Identitas"]["Versi Template"] = 2
    if populasi:
        data["Identitas"]["Populasi Pendidikan"] = populasi
    # 10 ASN and 2 contract staff; education given for the ASN only
    data["SDM"] = [{"Unit Kerja": "Sekretariat", "PNS": 10, "Non ASN": 2, "Jumlah Pegawai": 12, "S1/D4": 10}]
    result = api.check_file(write_workbook(tmp_path / "sdm.xlsx", data))
    assert result.analysis.data.identitas.education_population == (populasi or "ASN")
    assert ("SDM-PENDIDIKAN-DIFFERS" in {f.code for f in result.findings}) is fires


def test_metode_efisiensi_is_read_with_its_default(tmp_path):
    data = minimal_data()
    data["Identitas"].update({"Versi Template": 2, "Metode Efisiensi": "PMK214"})
    assert api.check_file(write_workbook(tmp_path / "m.xlsx", data)).analysis.data.identitas.efficiency_method == (
        "pmk214")


@pytest.mark.parametrize(("method", "cap", "expected"), [
    (None, None, Decimal("-0.60")),  # selisih: mean capaian 92,5 - serapan 93,1
    ("selisih", None, Decimal("-0.60")),
    ("100-serapan", None, Decimal("6.90")),
    ("pmk214", None, Decimal("-0.65")),  # (1.000.000 x 0,925 - 931.000) / 925.000 x 100
    ("pmk214", 100, Decimal("-3.44")),  # IKU1's 105 capped at 100: capaian 0,90
])
def test_metode_efisiensi_per_sasaran(tmp_path, method, cap, expected):
    data = minimal_data()
    data["Identitas"]["Versi Template"] = 2
    if method:
        data["Identitas"]["Metode Efisiensi"] = method
    if cap:
        data["Identitas"]["Batas Rata-rata (%)"] = cap
    sasaran = api.check_file(write_workbook(tmp_path / "e.xlsx", data)).analysis.results.sasaran[0]
    assert sasaran.efficiency == expected


def test_summary_gives_sources_revenue_pagu_murni_and_names_the_bands_a_convention(tmp_path):
    import openpyxl

    data = minimal_data()
    data["Identitas"]["Versi Template"] = 2
    data["Anggaran"] = [
        line("1", "Program Satu", 600, 500, Kode_Sasaran="SS1", Sumber_Dana="APBD", Pagu_Murni=650),
        line("9", "Retribusi", 1000, 1250, Jenis="Pendapatan"),
    ]
    path = write_workbook(tmp_path / "s.xlsx", data)
    api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    workbook = openpyxl.load_workbook(tmp_path / "out" / "s_ringkasan.xlsx")
    cells = list(workbook["Anggaran"].iter_rows(values_only=True))
    flat = [c for row in cells for c in row if c is not None]
    assert "Menurut sumber dana (belanja)" in flat and "APBD" in flat
    assert any(row[:5] == ("", "Jumlah", 1000, 1250, 125) for row in cells)
    assert any(row[:5] == ("1", "Program Satu", 650, 600, -50) for row in cells)
    efisiensi = " ".join(str(c) for row in workbook["Efisiensi"].iter_rows(values_only=True) for c in row if c)
    assert "konvensi aplikasi e-SAKIP, bukan ketentuan peraturan" in efisiensi


# --------------------------------------------------------------------------- Pagu Murni and the PK


@pytest.mark.parametrize(("pk_budget", "says_murni"), [(650, True), (640, False)])
def test_pk_budget_equal_to_the_pagu_murni_is_named_so(tmp_path, pk_budget, says_murni):
    from lkip_xls.text.finding_messages import finding_text

    data = minimal_data()
    data["Identitas"]["Versi Template"] = 2
    data["Anggaran"] = [line("1", "Program Satu", 600, 500, Kode_Sasaran="SS1", Pagu_Murni=650)]
    data["PK"] = [{"Kode": "IKU1", "Target": 80, "Kode Program": "1", "Anggaran (Rp)": pk_budget},
                  {"Kode": "IKU2", "Target": 50}]
    result = api.check_file(write_workbook(tmp_path / "pk.xlsx", data))
    finding = next(f for f in result.findings if f.code == "PK-ANGGARAN-DIFFERS")
    assert ("Pagu Murni" in finding_text(finding, "id")) is says_murni
    assert ("Pagu Murni" in finding_text(finding, "en")) is says_murni


# --------------------------------------------------------------------------- counts typed with their unit


@pytest.mark.parametrize(("satuan", "typed", "value", "unusual"), [
    ("pelaku usaha", "150 pelaku usaha", 150, True),
    ("pelaku usaha", "150 Pelaku", 150, True),  # the words start the Satuan
    ("Koperasi", "1.250 koperasi", 1250, True),
    ("pelaku usaha", "150 orang", None, False),  # other words: not a number
    ("pelaku usaha", "150", 150, False),
])
def test_a_count_typed_with_its_unit_is_read_with_a_warning(tmp_path, satuan, typed, value, unusual):
    data = minimal_data()
    data["IKU"][0].update({"Satuan": satuan, "Target": 100, "Realisasi": typed})
    result = api.check_file(write_workbook(tmp_path / "u.xlsx", data))
    indicator = result.analysis.data.indicators[0]
    assert indicator.actual == value
    found = {f.code for f in result.findings if f.cell == "H4"}
    assert found == ({"NUMBER-FORMAT-UNUSUAL"} if unusual else set() if value is not None else {"VALUE-NOT-NUMBER"})


def test_us_dollar_is_stripped_like_rupiah():
    from lkip_xls.core.numbers import parse_number, without_unit

    assert parse_number("US$ 1.500").value == 1500
    assert parse_number("USD 2.000,50").value == Decimal("2000.50")
    assert without_unit("150 pelaku usaha", None) is None


@pytest.mark.parametrize(("method", "words"), [
    ("selisih", "selisih rata-rata capaian"), ("100-serapan", "100 dikurangi serapan"), ("pmk214", "PMK 214")])
def test_narrative_names_the_method_and_the_bands_a_convention(tmp_path, method, words):
    from lkip_xls.rules.facts import facts
    from lkip_xls.text import narrative

    data = minimal_data()
    data["Identitas"].update({"Versi Template": 2, "Metode Efisiensi": method})
    analysis = api.check_file(write_workbook(tmp_path / "n.xlsx", data)).analysis
    text = " ".join(narrative.render_text(facts(analysis), "id").split())
    assert words in text
    assert "konvensi aplikasi e-SAKIP, bukan ketentuan peraturan" in text
    english = " ".join(narrative.render_text(facts(analysis), "en").split())
    assert "convention of e-SAKIP software, not a regulation" in english
