"""The plan and the evidence (TEMPLATE.md §5, issue #16): Data Dukung, Renstra years, Tujuan and Dirata-rata,
last year's capaian, national and provincial figures. Rules in memory (tests/builders.py); reading, write-back
and JSON end to end through a real version 2 workbook."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from lkip_xls import api
from lkip_xls.core.model import Severity
from lkip_xls.outputs import json_report
from lkip_xls.rules import plan
from lkip_xls.rules.plan_facts import plan_facts
from lkip_xls.text.finding_messages import finding_text

from .builders import (
    analyse,
    evidence_row,
    identitas,
    indicator,
    minimal,
    pk_row,
    program_indicator,
    renstra_row,
)
from .conftest import minimal_data, write_workbook

D = Decimal


# --------------------------------------------------------------------------- Data Dukung arithmetic


@pytest.mark.parametrize(("formula", "a", "b", "expected"), [
    ("Persentase", "1916311.34", "137282476.24", "1.40"),  # NTT's PDRB share
    ("Persentase", "19098000", "24000000", "79.58"),  # 79,575: half-up, where float round() gives 79,57
    ("Pertumbuhan", "92", "100", "-8.00"),  # a negative growth stays negative
    ("Rasio", "7", "3", "2.33"),
    ("Selisih", "3", "10", "-7.00"),
    ("Selisih", "3", "0", "3.00"),  # no division: B = 0 is fine
])
def test_each_rumus_in_decimal_half_up(formula, a, b, expected):
    assert plan.evaluate(formula, D(a), D(b)) == D(expected)


@pytest.mark.parametrize("formula", ["Persentase", "Pertumbuhan", "Rasio"])
def test_a_division_by_zero_is_refused(formula):
    with pytest.raises(ZeroDivisionError):
        plan.evaluate(formula, D(1), D(0))


def test_unreadable_or_missing_inputs_are_skipped_never_counted_as_zero():
    unreadable = evidence_row("IKU1", "Persentase", None, 5)
    unreadable.unreadable.add("value_a")  # reported by the reader at its cell
    missing = evidence_row("IKU2", "Persentase", 4, None)  # N/A typed in Nilai B
    result = analyse(minimal(indicators=[indicator("IKU1", 80, None, sasaran_name="S", actual_text=""),
                                         indicator("IKU2", 50, 40)], evidence=[unreadable, missing]))
    assert [(e.value, e.skipped) for e in result.results.evidence] == [(None, "unreadable"), (None, "no-value")]
    assert result.data.indicators[0].actual is None  # not filled with 0
    assert [(f.code, f.cell) for f in result.findings if f.code.startswith("DATA-DUKUNG")] == \
        [("DATA-DUKUNG-SKIPPED", "F5")]
    # one slip, one finding: the reader's finding at Nilai A says why IKU1's empty Realisasi stays empty
    assert [(f.code, f.cell) for f in result.findings if f.code == "REALISASI-NA"] == []


def test_an_empty_realisasi_keeps_realisasi_na_unless_a_data_dukung_finding_explains_it():
    def na_cells(*evidence, indicators=None):
        indicators = indicators or [indicator("IKU1", 80, None, sasaran_name="S", actual_text=""),
                                    indicator("IKU2", 50, None, actual_text="belum rilis")]
        result = analyse(minimal(indicators=indicators, evidence=list(evidence)))
        return [f.cell for f in result.findings if f.code == "REALISASI-NA"]

    assert na_cells() == ["H4", "H5"]  # no Data Dukung: the empty Realisasi is said, once
    assert na_cells(evidence_row("IKU1", "Persentase", 4, 0)) == ["H5"]  # B = 0: DATA-DUKUNG-SKIPPED says why
    assert na_cells(evidence_row("IKU9", "Persentase", 4, 5)) == ["H5"]  # DATA-DUKUNG-KODE-UNKNOWN: the row meant
    assert na_cells(evidence_row("IKU2", "Persentase", 4, 0)) == ["H4", "H5"]  # typed 'belum rilis': the agency's
    two_empty = [indicator("IKU1", 80, None, sasaran_name="S", actual_text=""),
                 indicator("IKU2", 50, None, actual_text="")]
    assert na_cells(evidence_row("IKU9", "Persentase", 4, 5), indicators=two_empty) == ["H4", "H5"]  # 1 for 2


def test_differs_names_both_figures_and_the_formula_in_words():
    result = analyse(minimal(indicators=[indicator("IKU1", 80, "1.50", sasaran_name="S")],
                             evidence=[evidence_row("IKU1", "Persentase", "1916311.34", "137282476.24")]))
    finding = next(f for f in result.findings if f.code == "DATA-DUKUNG-DIFFERS")
    text = finding_text(finding, "id")
    assert "1,5" in text and "1.916.311,34 ÷ 137.282.476,24 × 100% = 1,40%" in text and "Nilai A ÷ Nilai B" in text
    assert "Data Dukung!G4" in text
    assert "1,916,311.34 ÷ 137,282,476.24 × 100% = 1.40%" in finding_text(finding, "en")
    assert result.results.indicators[0].value == D("1.88")  # the typed Realisasi stays the one computed with


def test_a_filled_realisasi_is_used_in_the_capaian_and_the_average():
    result = analyse(minimal(indicators=[indicator("IKU1", 10, None, sasaran_name="S"), indicator("IKU2", 50, 50)],
                             evidence=[evidence_row("IKU1", "Pertumbuhan", 112, 100)]))
    assert result.data.indicators[0].actual == D("12.00")
    assert result.results.indicators[0].value == D("120.00")
    assert result.results.average == D("110.00") and result.results.counted == 2
    assert [(f.code, f.severity) for f in result.findings] == [("DATA-DUKUNG-USED", Severity.INFO)]


def test_a_typed_na_is_the_agencys_word_and_is_not_filled():
    result = analyse(minimal(indicators=[indicator("IKU1", 10, None, sasaran_name="S", actual_text="belum rilis")],
                             evidence=[evidence_row("IKU1", "Pertumbuhan", 112, 100)]))
    assert result.data.indicators[0].actual is None
    assert [f.code for f in result.findings] == ["REALISASI-NA"]


def test_kinerja_program_kode_hash_n_names_the_nth_indicator_and_its_realisasi_cell():
    result = analyse(minimal(programs=[program_indicator("1", 80, 84), program_indicator("1", 10, 9, inherited=True)],
                             evidence=[evidence_row("1#2", "Rasio", 18, 2), evidence_row("1", "Persentase", 21, 25),
                                       evidence_row("1#3", "Selisih", 1, 1)]))
    assert [(f.code, f.sheet, f.cell) for f in result.findings] == [
        ("DATA-DUKUNG-KODE-UNKNOWN", "Data Dukung", "A6")]  # 18/2 = 9 and 21/25 = 84: both agree
    differing = analyse(minimal(programs=[program_indicator("1", 80, 84), program_indicator("1", 10, 9,
                                                                                             inherited=True)],
                                evidence=[evidence_row("1#2", "Rasio", 20, 2)]))
    assert [(f.code, f.sheet, f.cell) for f in differing.findings] == [("DATA-DUKUNG-DIFFERS", "Kinerja Program", "F5")]


def test_root_cause_a_typed_capaian_that_follows_the_data_dukung_makes_the_realisasi_the_slip():
    """Realisasi 1,50 typed, Data Dukung 1,40, typed Capaian 1,75 = 1,40 / 80: the Realisasi is the one slip."""
    result = analyse(minimal(indicators=[indicator("IKU1", 80, "1.50", sasaran_name="S", typed_capaian="1.75")],
                             evidence=[evidence_row("IKU1", "Persentase", "1916311.34", "137282476.24")]))
    differs = next(f for f in result.findings if f.code == "DATA-DUKUNG-DIFFERS")
    capaian = next(f for f in result.findings if f.code == "CAPAIAN-DIFFERS")
    assert differs.severity is Severity.ERROR and differs.expected == D("1.40")
    assert capaian.severity is Severity.INFO and capaian.caused_by == ("IKU!H4",)
    # the slip's message names what agrees with the Data Dukung figure (it once raised KeyError: no traceback)
    assert finding_text(differs, "id").endswith("Capaian yang diketik sepakat pada 1,4: kemungkinan besar sel ini "
                                                "yang salah ketik dan itulah angka yang benar.")
    assert "The typed capaian agree on 1.4:" in finding_text(differs, "en")
    # a typed Capaian that agrees with neither figure: both findings stay as they are
    neither = analyse(minimal(indicators=[indicator("IKU1", 80, "1.50", sasaran_name="S", typed_capaian="5")],
                              evidence=[evidence_row("IKU1", "Persentase", "1916311.34", "137282476.24")]))
    assert {(f.code, f.severity) for f in neither.findings} == {("DATA-DUKUNG-DIFFERS", Severity.ERROR),
                                                                 ("CAPAIAN-DIFFERS", Severity.WARNING)}
    assert all(f.expected is None and not f.caused_by for f in neither.findings)


# --------------------------------------------------------------------------- Tujuan, Dirata-rata, comparisons


def test_tujuan_is_computed_and_checked_but_in_no_average_and_no_sasaran():
    result = analyse(minimal(indicators=[
        indicator("T1", 0, 5, sasaran=None, level="Tujuan"),  # checked: TARGET-ZERO
        indicator("T2", 10, 5, sasaran="SS1", level="Tujuan"),
        indicator("IKU1", 80, 84, sasaran_name="S"),
    ]))
    assert [(f.code, f.cell) for f in result.findings] == [("TARGET-ZERO", "G4")]
    assert result.results.indicators[1].value == D("50.00")
    assert result.results.average == D("105.00") and result.results.counted == 1
    assert [(s.code, s.indicators, s.capaian) for s in result.results.sasaran] == [("SS1", 1, D("105.00"))]
    facts = plan_facts(result.data, result.results)
    assert [(t.code, t.capaian) for t in facts.tujuan] == [("T1", None), ("T2", D("50.00"))]


def test_tujuan_missing_from_the_pk_is_not_flagged_but_a_sasaran_indicator_is():
    """A PK commits sasaran targets (Pasuruan's and Bangka Belitung's PK list no tujuan indicator): IKU-NOT-IN-PK
    only for a sasaran indicator, a Tujuan one on the PK is still compared."""
    result = analyse(minimal(
        indicators=[indicator("IKU1", 80, 84, sasaran_name="S"), indicator("IKU2", 80, 84, sasaran_name="S"),
                    indicator("T1", 10, 5, sasaran=None, level="Tujuan"),
                    indicator("T2", 10, 5, sasaran=None, level="Tujuan")],
        pk=[pk_row("IKU1", 80), pk_row("T2", 12)]))
    assert sorted((f.code, f.sheet, f.cell) for f in result.findings) == [
        ("IKU-NOT-IN-PK", "IKU", "C5"), ("PK-TARGET-DIFFERS", "PK", "C5")]


def test_dirata_rata_tidak_is_reported_in_its_sasaran_but_left_out_of_every_average():
    result = analyse(minimal(indicators=[indicator("IKU1", 80, 84, sasaran_name="S"),
                                         indicator("IKU2", 50, 100, averaged=False)]))
    assert result.results.indicators[1].value == D("200.00")
    assert result.results.average == D("105.00") and result.results.counted == 1
    assert [(s.indicators, s.capaian) for s in result.results.sasaran] == [(2, D("105.00"))]
    assert plan_facts(result.data, result.results).not_averaged == ["IKU2"]


def test_last_year_capaian_and_the_change_in_poin_persen():
    result = analyse(minimal(indicators=[
        indicator("IKU1", 80, 84, sasaran_name="S", target_last_year=75, actual_last_year=60),
        indicator("IKU2", "< 11", "9.74", target_last_year="< 12", actual_last_year=12),  # Turun: (2T - R) / T
        indicator("IKU3", 50, 40),
    ]))
    rows = plan_facts(result.data, result.results).year_on_year
    assert [(r.code, r.capaian_last_year, r.capaian, r.change, r.actual_change) for r in rows] == [
        ("IKU1", D("80.00"), D("105.00"), D("25.00"), D(24)),
        ("IKU2", D("100.00"), D("111.45"), D("11.45"), D("-2.26")),
    ]


def test_national_and_provincial_figures_as_realisasi_over_figure():
    result = analyse(minimal(indicators=[indicator("IKU1", 80, "5.1", sasaran_name="S", national="5.05",
                                                   provincial=0),
                                         indicator("IKU2", 50, None, national=4)]))
    rows = plan_facts(result.data, result.results).comparisons
    assert [(r.code, r.national_percent, r.provincial_percent) for r in rows] == [
        ("IKU1", D("100.99"), None), ("IKU2", None, None)]  # a 0 figure or no realisasi: nothing stated


# --------------------------------------------------------------------------- Renstra


def test_renstra_capaian_per_year_change_and_progress_toward_target_akhir():
    result = analyse(minimal(
        identitas=identitas(year=2023, indicator_cap=100),
        indicators=[indicator("IKU1", 80, 84, sasaran_name="S", direction="Naik", renstra_target=100),
                    indicator("IKU2", "< 11", 9, direction="Turun")],
        renstra=[renstra_row("IKU1", targets={2021: 70, 2022: 75, 2023: 80, 2024: 90, 2025: 100},
                             actuals={2021: 63, 2022: 90}, final=100, baseline=60),
                 renstra_row("IKU2", targets={2023: "< 11", 2026: "< 8"}, final="< 8")],
    ))
    first, second = result.results.renstra
    assert [(y.year, y.actual, y.capaian, y.change, y.capaian_change, y.from_iku) for y in first.years] == [
        (2021, D(63), D("90.00"), None, None, False),
        (2022, D(90), D("100"), D(27), D("10.00"), False),  # 120 capped by Batas Capaian 100
        (2023, D(84), D("100"), D(-6), D(0), True),  # this year's realisasi from the IKU sheet
        (2024, None, None, None, None, False), (2025, None, None, None, None, False)]  # targets only
    assert (first.end_year, first.actual, first.progress_ratio, first.progress) == (2025, D(84), D("84.00"),
                                                                                    D("84.00"))
    # Turun: realisasi 9 against Target Akhir < 8 -> (2 x 8 - 9) / 8 = 87,50; 9 / 8 = 112,50 as a plain ratio
    assert (second.end_year, second.progress, second.progress_ratio) == (2026, D("87.50"), D("112.50"))
    assert not [f for f in result.findings if f.code.startswith("RENSTRA")]
    facts = plan_facts(result.data, result.results).renstra
    assert (facts[0].baseline, facts[0].year, facts[0].end_year, facts[1].name) == (D(60), 2023, 2025,
                                                                                    "Indikator IKU2")


# --------------------------------------------------------------------------- end to end


def v2_data() -> dict:
    """A version 2 workbook: a Tujuan indicator, a Dirata-rata Tidak one, last year's figures, a national figure,
    a Renstra sheet with 2021-2026 (years the template does not show) and a Data Dukung sheet."""
    data = minimal_data()
    data["Identitas"]["Versi Template"] = 2
    data["IKU"] = [
        {"Kode Sasaran": "SS1", "Sasaran Strategis": "Sasaran satu", "Kode": "IKU1", "Indikator Kinerja": "Kontribusi "
         "sektor", "Satuan": "%", "Arah": "Naik", "Target": 2, "Realisasi": "1,50", "Target Tahun Lalu": 2,
         "Realisasi Tahun Lalu": "1,2", "Nilai Nasional": "1,25", "Target Akhir Renstra": 3},  # 4
        {"Kode Sasaran": "SS1", "Kode": "IKU2", "Indikator Kinerja": "Ind dua", "Satuan": "%", "Target": 50,
         "Realisasi": None},  # 5: filled from Data Dukung
        {"Kode Sasaran": "SS1", "Kode": "IKU3", "Indikator Kinerja": "Indeks tata kelola", "Satuan": "Nilai",
         "Target": 80, "Realisasi": 100, "Dirata-rata": "Tidak"},  # 6
        {"Kode": "T1", "Indikator Kinerja": "Pertumbuhan ekonomi", "Satuan": "%", "Target": 5, "Realisasi": "5,5",
         "Tingkat": "Tujuan"},  # 7
    ]
    data["PK"] = [{"Kode": k, "Target": t, "Target Awal": a} for k, t, a in
                  (("IKU1", 2, "1,8"), ("IKU2", 50, None), ("IKU3", 80, None), ("T1", 5, None))]
    data["Renstra"] = [
        {"Kode": "IKU1", "Kondisi Awal": 1, "Target 2021": "1,2", "Target 2022": "1,5", "Target 2023": "1,8",
         "Target 2024": "2,1", "Target 2025": "2,5", "Target 2026": 3, "Realisasi 2021": "1,1",
         "Realisasi 2022": "1,3", "Realisasi 2023": "1,2", "Target Akhir": 3},  # 4: 2024 target 2,1 vs IKU 2
    ]
    data["Data Dukung"] = [
        {"Kode": "IKU1", "Rumus": "Persentase", "Uraian A": "PDRB sektor", "Nilai A": "1.916.311,34",
         "Uraian B": "PDRB total", "Nilai B": "137.282.476,24"},  # 4: 1,40 against 1,50
        {"Kode": "IKU2", "Rumus": "Persentase", "Nilai A": 45, "Nilai B": 90},  # 5: 50 fills the empty Realisasi
    ]
    return data


def codes_cells(findings) -> list[tuple[str, str | None, str | None]]:
    return sorted((f.code, f.sheet, f.cell) for f in findings)


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plan")
    return api.process_file(write_workbook(folder / "rencana.xlsx", v2_data()))


def test_end_to_end_findings_and_figures(processed):
    assert codes_cells(processed.findings) == [
        ("DATA-DUKUNG-DIFFERS", "IKU", "H4"), ("DATA-DUKUNG-USED", "IKU", "H5"),
        ("RENSTRA-TARGET-DIFFERS", "IKU", "G4")]
    data, results = processed.analysis.data, processed.analysis.results
    assert data.pk_rows[0].target_initial.value == D("1.8")
    assert results.average == D("87.50")  # (75 + 100) / 2: IKU3 (Dirata-rata Tidak) and T1 (Tujuan) left out
    renstra = results.renstra[0]
    assert [y.year for y in renstra.years] == [2021, 2022, 2023, 2024, 2025, 2026]
    assert [y.capaian for y in renstra.years][:4] == [D("91.67"), D("86.67"), D("66.67"), D("71.43")]
    assert renstra.progress == D("50.00") and renstra.end_year == 2026


def test_end_to_end_json(processed):
    document = json.loads(json_report.dumps([processed]))["files"][0]
    assert [i["kode"] for i in document["iku"]] == ["IKU1", "IKU2", "IKU3"]
    assert [(i["tingkat"], i["dirata_rata"]) for i in document["iku"]] == [("Sasaran", True), ("Sasaran", True),
                                                                           ("Sasaran", False)]
    assert document["iku"][1]["realisasi"] == 50.0 and document["iku"][1]["capaian"] == 100.0
    assert document["tujuan"] == [{"kode": "T1", "sasaran": None, "indikator": "Pertumbuhan ekonomi", "arah": "Naik",
                                   "target": 5.0, "realisasi": 5.5, "capaian": 110.0, "kategori": "Sangat Tinggi",
                                   "tingkat": "Tujuan", "dirata_rata": True}]
    assert document["rata_rata"] == {"capaian": 87.5, "kategori": "Tinggi", "jumlah_indikator": 2}
    assert document["renstra"] == [{"kode": "IKU1", "target_akhir": 3.0, "kemajuan": 50.0, "tahun": [
        {"tahun": 2021, "target": 1.2, "realisasi": 1.1, "capaian": 91.67},
        {"tahun": 2022, "target": 1.5, "realisasi": 1.3, "capaian": 86.67},
        {"tahun": 2023, "target": 1.8, "realisasi": 1.2, "capaian": 66.67},
        {"tahun": 2024, "target": 2.1, "realisasi": 1.5, "capaian": 71.43},
        {"tahun": 2025, "target": 2.5, "realisasi": None, "capaian": None},
        {"tahun": 2026, "target": 3.0, "realisasi": None, "capaian": None}]}]
    differs = next(f for f in document["findings"] if f["code"] == "DATA-DUKUNG-DIFFERS")
    assert "1.916.311,34 ÷ 137.282.476,24 × 100% = 1,40%" in differs["message"]


def test_end_to_end_realisasi_dihitung_is_written_back_and_a_returned_hasil_gives_the_same(processed):
    hasil = Path(processed.outputs["hasil"])
    sheet = openpyxl.load_workbook(hasil)["Data Dukung"]
    header = [c.value for c in sheet[3]]
    column = header.index("Realisasi (Dihitung)") + 1
    assert [sheet.cell(row=r, column=column).value for r in (4, 5)] == [1.4, 50]
    assert openpyxl.load_workbook(hasil)["IKU"]["H5"].value is None  # the agency's empty Realisasi stays empty
    again = api.check_file(hasil)
    assert codes_cells(again.findings) == codes_cells(processed.findings)
    assert [e.value for e in again.analysis.results.evidence] == [D("1.40"), D("50.00")]


def test_plan_facts_of_the_workbook(processed):
    facts = plan_facts(processed.analysis.data, processed.analysis.results)
    assert [(t.code, t.capaian) for t in facts.tujuan] == [("T1", D("110.00"))]
    assert facts.not_averaged == ["IKU3"]
    assert [(c.code, c.initial.value, c.target.value) for c in facts.pk_changes] == [("IKU1", D("1.8"), D(2))]
    assert [(r.code, r.capaian_last_year, r.change) for r in facts.year_on_year] == [("IKU1", D("60.00"), D("15.00"))]
    assert [(r.code, r.national_percent) for r in facts.comparisons] == [("IKU1", D("120.00"))]
    first, second = facts.evidence
    assert (first.label_a, first.value_a, first.result, first.actual, first.differs, first.used) == \
        ("PDRB sektor", D("1916311.34"), D("1.40"), D("1.50"), True, False)
    assert (second.result, second.used, second.differs, second.cell) == (D("50.00"), True, False, "Data Dukung!G5")


def test_end_to_end_json_follows_the_schema(processed):
    import jsonschema

    from .conftest import DATA

    schema = json.loads((DATA / "result.schema.json").read_text(encoding="utf-8"))
    document = json.loads(json_report.dumps([processed]))
    jsonschema.validate(document, schema)
    document["files"][0]["tujuan"][0]["tingkat"] = "Sasaran"  # a tujuan listed as a sasaran indicator
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
    document["files"][0]["tujuan"][0]["tingkat"] = "Tujuan"
    jsonschema.validate(document, schema)
    document["files"][0]["renstra"][0]["tahun"][0]["tahun"] = "2021"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_plan_findings_name_the_indicator_by_its_code_and_its_name(lang):
    """DATA-DUKUNG-DIFFERS / -USED / -SKIPPED and RENSTRA-TARGET-DIFFERS say which indicator, not only its Kode."""
    result = analyse(minimal(
        identitas=identitas(template_version=2),
        indicators=[indicator("IKU1", 80, "1.50", sasaran_name="S", name="Kontribusi sektor industri"),
                    indicator("IKU2", 10, None, name="Pertumbuhan ekspor"),
                    indicator("IKU3", 50, 40, name="Indeks kepuasan")],
        evidence=[evidence_row("IKU1", "Persentase", "1916311.34", "137282476.24"),
                  evidence_row("IKU2", "Pertumbuhan", 112, 100), evidence_row("IKU3", "Persentase", 4, 0)],
        renstra=[renstra_row("IKU1", targets={2024: 90})]))
    texts = {f.code: finding_text(f, lang) for f in result.findings}
    assert 'IKU1 "Kontribusi sektor industri"' in texts["DATA-DUKUNG-DIFFERS"]
    assert 'IKU2 "Pertumbuhan ekspor"' in texts["DATA-DUKUNG-USED"]
    assert 'IKU3 "Indeks kepuasan"' in texts["DATA-DUKUNG-SKIPPED"]
    assert 'IKU1 "Kontribusi sektor industri"' in texts["RENSTRA-TARGET-DIFFERS"]


# --------------------------------------------------------------------------- a fresh-eyes review's cases


def test_an_iku_row_without_kode_never_takes_another_indicators_data_dukung():
    """An empty IKU Kode (reported at its cell) matched every Data Dukung Kode: IKU2's figure filled it."""
    result = analyse(minimal(indicators=[indicator("IKU1", 10, 12, sasaran_name="S"),
                                         indicator(None, 10, None, sasaran_name="S"),
                                         indicator("IKU2", 50, None, sasaran_name="S")],
                             evidence=[evidence_row("IKU2", "Persentase", 1, 2)]))
    assert result.data.indicators[1].actual is None
    assert result.data.indicators[2].actual == D("50.00")
    assert result.results.evidence[0].indicator is result.data.indicators[2]
    codes = [f.code for f in result.findings]
    assert "KODE-DUPLICATE" not in codes and "DATA-DUKUNG-KODE-UNKNOWN" not in codes


def test_a_data_dukung_kode_that_ends_in_a_superscript_is_an_unknown_kode_not_an_unreadable_file():
    result = analyse(minimal(programs=[program_indicator("1", 80, 84)],
                             evidence=[evidence_row("1#\u00b2", "Persentase", 21, 25)]))
    assert [f.code for f in result.findings] == ["DATA-DUKUNG-KODE-UNKNOWN"]


def test_no_renstra_change_is_stated_across_a_year_left_out():
    result = analyse(minimal(
        identitas=identitas(year=2024, indicator_cap=100),
        indicators=[indicator("IKU1", 80, 84, sasaran_name="S", direction="Naik")],
        renstra=[renstra_row("IKU1", targets={2022: 70, 2024: 80}, actuals={2022: 63}, final=100)]))
    years = result.results.renstra[0].years
    assert [(y.year, y.change, y.capaian_change) for y in years] == [(2022, None, None), (2024, None, None)]


def test_a_renstra_realisasi_of_the_report_year_that_is_not_the_iku_realisasi_is_flagged_at_the_renstra_cell():
    """Babel 2020: Tabel 3.4 (Renstra) gives the cumulative 4.253.824.484.802 where Tabel 3.2 (IKU) gives
    186.797.290.000 for Nilai Investasi Industri."""
    result = analyse(minimal(
        identitas=identitas(year=2020),
        indicators=[indicator("IKU1.1", 14157209890, 186797290000, sasaran_name="S", unit="Rp", direction="Naik")],
        renstra=[renstra_row("IKU1.1", targets={2020: 14157209890}, actuals={2019: 5, 2020: 4253824484802})]))
    found = [(f.code, f.sheet, f.severity) for f in result.findings if f.code.startswith("RENSTRA")]
    assert found == [("RENSTRA-REALISASI-DIFFERS", "Renstra", Severity.WARNING)]
    text = finding_text([f for f in result.findings if f.code == "RENSTRA-REALISASI-DIFFERS"][0], "id")
    same = analyse(minimal(identitas=identitas(year=2020), indicators=[indicator("IKU1.1", 10, 12, sasaran_name="S")],
                           renstra=[renstra_row("IKU1.1", targets={2020: 10}, actuals={2020: 12})]))
    assert not [f for f in same.findings if f.code.startswith("RENSTRA")]
    assert "4.253.824.484.802" in text and "186.797.290.000" in text and "IKU1.1" in text
