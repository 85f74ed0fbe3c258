"""Every finding code the rules emit: where it fires, at exactly which sheet and cell, and the near miss where it
must stay silent.

The data are model records built in memory (tests/builders.py) on the rows and cells of the template, handed
straight to `rules.analysis.analyse`: no workbook, no file. Template columns: IKU A Kode Sasaran .. G Target,
H Realisasi, K Capaian, L Kategori; Anggaran A Kode .. D Pagu, E Realisasi, F Serapan, G Sisa; SDM B PNS,
F Jumlah Pegawai, G Laki-laki, I S3, P Golongan IV, T JPT; PK C Target, F Anggaran; Realisasi C Agregasi, D-G Target
TW, H-K Realisasi TW, L Realisasi Tahunan. The codes of reading (a cell that is no number, a missing sheet or header,
Identitas values, ...) are tested end to end, through filled templates, in test_reader.py; FILE-UNREADABLE too.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from lkip_xls.core import findings
from lkip_xls.core.model import Severity
from lkip_xls.rules.analysis import Analysis
from lkip_xls.text.finding_messages import finding_text

from .builders import (
    analyse,
    budget_line,
    evidence_row,
    identitas,
    indicator,
    minimal,
    minimal_budget,
    minimal_indicators,
    pk_row,
    program_indicator,
    quarter_row,
    renstra_row,
    staff_unit,
)
from .test_reader import READ_FIRES, READ_QUIET, codes_of, the, where

# Every code the tool can emit, FILE-UNREADABLE aside.
EMITTED_CODES = set(findings.CATALOGUE) - {"FILE-UNREADABLE"}


# =========================================================================== slips: where each code fires


@pytest.fixture(scope="module")
def iku_slips() -> Analysis:
    """One slip per IKU row, rows 7-14; row 4 is IKU1 for the duplicate of row 14. Rows 4-6, 12 and 15 hold the
    reading slips in test_reader's workbook. Rumus Indikator Turun T/R for the undefined capaian."""
    return analyse(minimal(identitas=identitas(turun_formula="T/R"), indicators=[
        indicator("IKU1", sasaran_name="Sasaran satu"),  # 4
        indicator("IKU4", 0, 5, row=7),  # 7: target 0
        indicator("IKU5", 5, None, actual_text="belum rilis"),  # 8: realisasi not yet published
        indicator("IKU6", 3, 97.48, unit="Nilai"),  # 9: 3249,33 %: a percentage against a score
        indicator("IKU7", 10, 6.17, typed_capaian=61.68),  # 10: typed 61,68, computed 61,70
        indicator("IKU8", 80, 84, typed_category="Rendah"),  # 11: 105 % is Sangat Tinggi
        indicator("IKU10", 10, 0, direction="Turun", row=13),  # 13: T/R with realisasi 0
        indicator("IKU1", 10, 10),  # 14: IKU1 again
    ]))


@pytest.fixture(scope="module")
def anggaran_slips() -> Analysis:
    return analyse(minimal(budget=[
        # 4-6: program 1's pagu is the stale Tabel 2.7 figure: its kegiatan sum to 8.445.444.020 (NTT 2024).
        budget_line("1", 9393686020, 7980160052, sasaran="SS1"),
        budget_line("1.1", 5000000000, 4800000000),
        budget_line("1.2", 3445444020, 3180160052),
        # 7-9: program 2's pagu is one sen above its kegiatan (150.000.000,10 + 100.000.000,14 = 250.000.000,24).
        budget_line("2", "250000000.25", 200000000, sasaran="SS1"),
        budget_line("2.1", "150000000.10", 120000000),
        budget_line("2.2", "100000000.14", 80000000),
        # 10-12: program 3 serves an unknown sasaran and its realisasi is 1.000.000 above its kegiatan's;
        # kegiatan 3.1 spends more than its pagu; kegiatan 3.2 carries a typed serapan and sisa that are off.
        budget_line("3", 500000000, 451000000, sasaran="SS9"),
        budget_line("3.1", 300000000, 320000000),
        budget_line("3.2", 200000000, 130000000, typed_serapan=65.02, typed_sisa=70000001),
        # 13: a negative realisasi, as read (the reader reports it: VALUE-NEGATIVE in test_reader).
        budget_line("4", 1000000, -5),
        # 14: JUMLAH: pagu = the top-level rows as typed; realisasi 47 short of them (8.631.160.047).
        budget_line(None, "10144686020.25", 8631160000, name="JUMLAH"),
    ]))


@pytest.fixture(scope="module")
def pk_slips() -> Analysis:
    return analyse(minimal(indicators=[*minimal_indicators(), indicator("IKU3", 70, 70)], pk=[  # IKU3: not on PK
        pk_row("IKU1", 85, program="1", budget=600000),  # 4: IKU says 80
        pk_row("IKU2", 50, program="1", budget=500000),  # 5: 1.100.000 for pagu 1.000.000
        pk_row("IKU9", 10),  # 6: no such indicator
    ]))


@pytest.fixture(scope="module")
def triwulan_slips() -> Analysis:
    return analyse(minimal(
        indicators=[*minimal_indicators(), indicator("IKU3", 70, 70), indicator("IKU4", 55, 55)],
        quarters=[
            quarter_row("IKU1", "Kumulatif", [20, 20, 20, 20], [20.5, 21.25, 22, 21.5]),  # 4: 85,25 vs IKU 84
            quarter_row("IKU2", "Rata-rata", [50, 50, 60, 60], [40, 40, 40, 40]),  # 5: target 55 vs IKU 50
            quarter_row("IKU7", "Kumulatif", [1, 1, 1, 1], [1, 1, 1, 1]),  # 6: no such indicator
            # 7 (test_reader): an Agregasi that is none.
            quarter_row("IKU4", "Akhir", [10, 25, 40, 55], [10, 25, 40, 55], typed_annual=60, row=8),  # 8: 55
        ]))


@pytest.fixture(scope="module")
def sdm_slips() -> Analysis:
    """One breakdown off per unit (no JUMLAH row); row 9 (a head count with a fraction) is in test_reader."""
    return analyse(minimal(staff=[
        staff_unit("A", PNS=5, Non_ASN=1, Jumlah_Pegawai=5),  # 4: status 6 vs 5
        staff_unit("B", PNS=4, Jumlah_Pegawai=4, Laki_laki=2, Perempuan=3),  # 5: gender 5 vs 4
        staff_unit("C", PNS=3, Jumlah_Pegawai=3, S1_D4=2),  # 6: pendidikan 2 vs 3
        staff_unit("D", PNS=3, Jumlah_Pegawai=3, Golongan_IV=1, Golongan_III=1),  # 7: golongan 2 vs 3
        staff_unit("E", PNS=3, Jumlah_Pegawai=3, JPT=1, Pelaksana=3),  # 8: jabatan 4 vs 3
    ]))


@pytest.fixture(scope="module")
def sdm_total_slips() -> Analysis:
    """Consistent units; the JUMLAH row swaps Laki-laki and Perempuan (its own breakdown still adds up)."""
    return analyse(minimal(staff=[
        staff_unit("Sekretariat", PNS=3, Jumlah_Pegawai=3, Laki_laki=1, Perempuan=2),
        staff_unit("Bidang", PNS=2, Jumlah_Pegawai=2, Laki_laki=2, Perempuan=0),
        staff_unit("JUMLAH", PNS=5, Jumlah_Pegawai=5, Laki_laki=2, Perempuan=3),  # 6: the units give 3 L and 2 P
    ]))


@pytest.fixture(scope="module")
def hierarchy_slips() -> Analysis:
    """Permendagri 13/2006 numbering: program 03 and its kegiatan 16.01, 16.02 (DOMAIN.md §4c)."""
    return analyse(minimal(budget=[
        budget_line("03", 300, 270, name="Program Peningkatan Sarana Aparatur", sasaran="SS1"),  # 4
        budget_line("16.01", 100, 90, name="Pengadaan kendaraan dinas"),  # 5
        budget_line("16.02", 200, 180, name="Pemeliharaan gedung kantor"),  # 6
        budget_line(None, 300, 270, name="JUMLAH"),  # 7
    ]))


@pytest.fixture(scope="module")
def arah_slips() -> Analysis:
    """Arah left empty on a price-variation indicator: read as Naik, 37,50 instead of 162,50."""
    return analyse(minimal(indicators=[indicator("IKU1", 8, 3, name="Koefisien variasi harga"),
                                       indicator("IKU2")]))


@pytest.fixture(scope="module")
def program_slips() -> Analysis:
    """Kinerja Program rows 4-7: a Kode that is in Anggaran with a second indicator below it (Kode empty; WDP
    against WTP as values 3 and 4), a kegiatan, and a Kode that is no Anggaran Kode."""
    return analyse(minimal(programs=[
        program_indicator("1", 80, 84),  # 4
        program_indicator("1", 4, 3, inherited=True),  # 5
        program_indicator("1.1", 10, 9, typed_absorption="93.10"),  # 6: typed as computed
        program_indicator("9.9", 1, 1),  # 7: no such Kode in Anggaran
    ]))


@pytest.fixture(scope="module")
def plan_slips() -> Analysis:
    """Template version 2, Tahun 2024 (IKU G Target, H Realisasi, J Target Akhir Renstra; Renstra A Kode; Data
    Dukung A Kode, F Nilai B). IKU1's Realisasi 1,50 where its Data Dukung gives 1.916.311,34 / 137.282.476,24 x
    100 = 1,40 (H4); IKU2's empty Realisasi filled from Pertumbuhan (110 - 100) / 100 x 100 = 10 (H5); IKU3's
    Target 50 and Target Akhir Renstra 60 where the Renstra says 55 for 2024 and 70 at the end (G6, J6); a
    Renstra Kode X9 no IKU has (Renstra A5); IKU3's Renstra Realisasi 2024 41 against the IKU's 40; a Data
    Dukung Kode Z (A6) and a Rasio over B = 0 (F7)."""
    return analyse(minimal(
        identitas=identitas(template_version=2),
        indicators=[indicator("IKU1", 80, "1.50", sasaran_name="Sasaran satu", direction="Naik"),  # 4
                    indicator("IKU2", 50, None, direction="Naik"),  # 5
                    indicator("IKU3", 50, 40, direction="Naik", renstra_target=60)],  # 6
        renstra=[renstra_row("IKU3", targets={2023: 45, 2024: 55}, actuals={2024: 41}, final=70),  # 4
                 renstra_row("X9", targets={2024: 1})],  # 5
        evidence=[evidence_row("IKU1", "Persentase", "1916311.34", "137282476.24"),  # 4
                  evidence_row("IKU2", "Pertumbuhan", 110, 100),  # 5
                  evidence_row("Z", "Selisih", 3, 1),  # 6
                  evidence_row("IKU3", "Rasio", 1, 0)],  # 7
    ))


# code -> (fixture, severity, sheet, every cell where it must fire in that data)
FIRES: dict[str, tuple[str, str, str, list[str | None]]] = {
    "KINERJA-KODE-UNKNOWN": ("program_slips", "error", "Kinerja Program", ["A7"]),
    "ANGGARAN-HIERARCHY-UNCLEAR": ("hierarchy_slips", "error", "Anggaran", ["A5"]),
    "ARAH-MAYBE-TURUN": ("arah_slips", "warning", "IKU", ["F4"]),
    "TARGET-ZERO": ("iku_slips", "warning", "IKU", ["G7"]),
    "REALISASI-NA": ("iku_slips", "info", "IKU", ["H8"]),
    "CAPAIAN-EXTREME": ("iku_slips", "warning", "IKU", ["K9"]),
    "CAPAIAN-DIFFERS": ("iku_slips", "warning", "IKU", ["K10"]),
    "KATEGORI-DIFFERS": ("iku_slips", "warning", "IKU", ["L11"]),
    "CAPAIAN-UNDEFINED": ("iku_slips", "warning", "IKU", ["K13"]),
    "KODE-DUPLICATE": ("iku_slips", "error", "IKU", ["C14"]),
    "ANGGARAN-SUM-DIFFERS": ("anggaran_slips", "error", "Anggaran", ["D4", "D7", "E10"]),
    "SASARAN-UNKNOWN": ("anggaran_slips", "error", "Anggaran", ["C10"]),
    "REALISASI-OVER-PAGU": ("anggaran_slips", "error", "Anggaran", ["E11"]),
    "SERAPAN-DIFFERS": ("anggaran_slips", "warning", "Anggaran", ["F12"]),
    "SISA-DIFFERS": ("anggaran_slips", "warning", "Anggaran", ["G12"]),
    "ANGGARAN-TOTAL-DIFFERS": ("anggaran_slips", "error", "Anggaran", ["E14"]),
    "PK-TARGET-DIFFERS": ("pk_slips", "error", "PK", ["C4"]),
    "PK-ANGGARAN-DIFFERS": ("pk_slips", "warning", "PK", ["F4"]),
    "PK-KODE-UNKNOWN": ("pk_slips", "warning", "PK", ["A6"]),
    "IKU-NOT-IN-PK": ("pk_slips", "warning", "IKU", ["C6"]),
    "TW-REALISASI-DIFFERS": ("triwulan_slips", "error", "IKU", ["H4"]),
    "TW-TARGET-DIFFERS": ("triwulan_slips", "warning", "IKU", ["G5"]),
    "TW-KODE-UNKNOWN": ("triwulan_slips", "warning", "Realisasi", ["A6"]),
    "TAHUNAN-DIFFERS": ("triwulan_slips", "warning", "Realisasi", ["L8"]),
    "SDM-STATUS-DIFFERS": ("sdm_slips", "error", "SDM", ["B4"]),
    "SDM-GENDER-DIFFERS": ("sdm_slips", "error", "SDM", ["G5"]),
    "SDM-PENDIDIKAN-DIFFERS": ("sdm_slips", "error", "SDM", ["I6"]),
    "SDM-GOLONGAN-DIFFERS": ("sdm_slips", "error", "SDM", ["P7"]),
    "SDM-JABATAN-DIFFERS": ("sdm_slips", "error", "SDM", ["T8"]),
    "SDM-TOTAL-DIFFERS": ("sdm_total_slips", "error", "SDM", ["G6", "H6"]),
    "DATA-DUKUNG-DIFFERS": ("plan_slips", "error", "IKU", ["H4"]),
    "DATA-DUKUNG-USED": ("plan_slips", "info", "IKU", ["H5"]),
    "RENSTRA-TARGET-DIFFERS": ("plan_slips", "warning", "IKU", ["G6", "J6"]),
    "RENSTRA-KODE-UNKNOWN": ("plan_slips", "warning", "Renstra", ["A5"]),
    "RENSTRA-REALISASI-DIFFERS": ("plan_slips", "warning", "Renstra", ["Q4"]),
    "DATA-DUKUNG-KODE-UNKNOWN": ("plan_slips", "warning", "Data Dukung", ["A6"]),
    "DATA-DUKUNG-SKIPPED": ("plan_slips", "warning", "Data Dukung", ["F7"]),
}
SLIP_FIXTURES = sorted({fixture for fixture, *_ in FIRES.values()})


@pytest.mark.parametrize("code", sorted(FIRES))
def test_finding_fires_with_its_severity_at_exactly_its_cell(code, request):
    fixture, severity, sheet, cells = FIRES[code]
    result = request.getfixturevalue(fixture)
    assert where(result, code) == [(severity, sheet, cell) for cell in cells]


@pytest.mark.parametrize("fixture", SLIP_FIXTURES)
def test_slip_data_raise_nothing_but_their_slips(fixture, request):
    expected = sorted((code, sheet, cell) for code, (name, _, sheet, cells) in FIRES.items() if name == fixture
                      for cell in cells)
    found = sorted((f.code, f.sheet, f.cell) for f in request.getfixturevalue(fixture).findings)
    assert found == expected


@pytest.mark.parametrize("fixture", SLIP_FIXTURES)
def test_every_finding_renders_a_full_sentence_in_both_languages(fixture, request):
    for finding in request.getfixturevalue(fixture).findings:
        for lang in ("id", "en"):
            text = finding_text(finding, lang)
            assert "{" not in text and not text.startswith(finding.code), (finding.code, lang, text)


# --------------------------------------------------------------------------- a few slips in detail


def test_parent_pagu_one_sen_off_is_an_error_at_the_parent_pagu_cell(anggaran_slips):
    finding = the(anggaran_slips, "ANGGARAN-SUM-DIFFERS", "D7")
    assert finding.params["value"] == Decimal("250000000.25")
    assert finding.params["expected"] == Decimal("250000000.24")
    assert finding.params["diff"] == Decimal("0.01")
    assert "Rp0,01" in finding_text(finding, "id") and "Rp250.000.000,24" in finding_text(finding, "id")
    assert "Rp0.01" in finding_text(finding, "en")


def test_stale_program_pagu_message_quotes_rupiah_the_indonesian_way(anggaran_slips):
    finding = the(anggaran_slips, "ANGGARAN-SUM-DIFFERS", "D4")
    text = finding_text(finding, "id")
    for figure in ("Rp9.393.686.020", "Rp8.445.444.020", "Rp948.242.000", "2 rincian"):
        assert figure in text, text
    english = finding_text(finding, "en")
    assert "Rp948,242,000" in english and "direct children add up to" in english
    assert "selisih" not in english and "tertulis" not in english


def test_parent_realisasi_off_is_reported_at_the_realisasi_cell_and_says_realisasi(anggaran_slips):
    finding = the(anggaran_slips, "ANGGARAN-SUM-DIFFERS", "E10")
    assert (finding.params["column"], finding.params["diff"]) == ("Realisasi", Decimal(1000000))
    assert finding_text(finding, "id").startswith("Realisasi 3 Uraian 3 tertulis Rp451.000.000")  # Kode and Uraian


def test_total_row_message_names_the_shortfall(anggaran_slips):
    finding = the(anggaran_slips, "ANGGARAN-TOTAL-DIFFERS")
    assert finding.params["expected"] == Decimal("8631160047")
    assert "Rp8.631.160.000" in finding_text(finding, "id") and "-Rp47" in finding_text(finding, "id")
    assert "total row" in finding_text(finding, "en")


def test_typed_sisa_one_rupiah_off_is_quoted_in_rupiah(anggaran_slips):
    text = finding_text(the(anggaran_slips, "SISA-DIFFERS"), "id")
    assert "Rp70.000.001" in text and "Rp70.000.000" in text and "Rp1" in text


def test_capaian_differs_quotes_percentages_with_a_decimal_comma(iku_slips):
    finding = the(iku_slips, "CAPAIAN-DIFFERS")
    assert "61,68%" in finding_text(finding, "id") and "61,70%" in finding_text(finding, "id")
    assert "-0,02 poin persen" in finding_text(finding, "id")  # a difference of percentages: points
    english = finding_text(finding, "en")
    assert "61.68%" in english and "differs from the computed 61.70%" in english


def test_capaian_extreme_quotes_the_capaian_with_indonesian_grouping(iku_slips):
    finding = the(iku_slips, "CAPAIAN-EXTREME")
    assert "3.249,33%" in finding_text(finding, "id") and "97,48" in finding_text(finding, "id")
    assert "3,249.33%" in finding_text(finding, "en") and "same unit" in finding_text(finding, "en")


def test_quarterly_realisasi_message_quotes_both_figures(triwulan_slips):
    finding = the(triwulan_slips, "TW-REALISASI-DIFFERS")
    assert finding.params["annual"] == Decimal("85.25") and finding.params["iku"] == Decimal(84)
    text = finding_text(finding, "id")
    assert "85,25" in text and "Kumulatif" in text and "selisih 1,25" in text
    assert "yearly realisasi" in finding_text(finding, "en") and "85.25" in finding_text(finding, "en")


def test_sdm_group_message_names_the_group_in_each_language(sdm_slips):
    finding = the(sdm_slips, "SDM-GENDER-DIFFERS")
    assert "jenis kelamin" in finding_text(finding, "id") and "= 5" in finding_text(finding, "id")
    assert "gender breakdown" in finding_text(finding, "en")


def test_duplicate_code_points_at_the_second_occurrence_only(iku_slips):
    assert iku_slips.data.indicators[0].cell("code") == "C4"
    assert the(iku_slips, "KODE-DUPLICATE").params["code"] == "IKU1"


# =========================================================================== near misses: where it stays silent

QUIET: set[str] = set()


def near_miss(*codes: str):
    """Register the codes a near-miss test covers (checked by the coverage test at the end)."""
    QUIET.update(codes)
    return lambda test: test


def no_findings(result: Analysis) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.sheet, f.cell) for f in result.findings]


@pytest.fixture(scope="module")
def indicator_near_misses() -> Analysis:
    """IKU rows that look like slips but are not, on the rows of test_reader's near-miss workbook; T/R."""
    return analyse(minimal(identitas=identitas(turun_formula="T/R"), indicators=[
        indicator("IKU1.1", 100, 97.74, sasaran_name="Sasaran satu", row=5),  # 5
        indicator("IKU1.10", 10, 8, direction="Turun"),  # 6
        indicator("IKU1.4", "0 - 5", 3, row=9),  # 9: Tetap, inside the band: 100
        indicator("IKU1.5", Decimal("0.5"), 0.5),  # 10: a small target, not a zero one
        indicator("IKU1.6", 5, 0, direction="Naik"),  # 11: realisasi 0 is a value, T/R is only for Turun
        indicator("IKU2.1", 10, 100, sasaran="SS2", sasaran_name="Sasaran dua", unit="Nilai"),  # 12
        indicator("IKU2.2", 10, 6.17, sasaran="SS2", typed_category="rendah", typed_capaian=61.69),  # 13
    ]))


def capaian(result: Analysis, code: str) -> Decimal | None:
    found = result.results.indicator(code)
    assert found is not None, code
    return found.value


def test_indicator_near_misses_raise_no_finding_at_all(indicator_near_misses):
    assert no_findings(indicator_near_misses) == []


@near_miss("KODE-DUPLICATE")
def test_iku1_1_and_iku1_10_are_different_codes(indicator_near_misses):
    assert "KODE-DUPLICATE" not in codes_of(indicator_near_misses)
    assert capaian(indicator_near_misses, "IKU1.10") == Decimal("125.00")  # T/R: 10 / 8


@near_miss("TARGET-ZERO")
def test_small_target_and_a_band_starting_at_zero_are_not_zero_targets(indicator_near_misses):
    assert capaian(indicator_near_misses, "IKU1.4") == Decimal("100.00")
    assert capaian(indicator_near_misses, "IKU1.5") == Decimal("100.00")
    assert "TARGET-ZERO" not in codes_of(indicator_near_misses)


@near_miss("REALISASI-NA", "CAPAIAN-UNDEFINED")
def test_realisasi_zero_is_a_value_and_t_over_r_leaves_naik_indicators_alone(indicator_near_misses):
    assert capaian(indicator_near_misses, "IKU1.6") == Decimal("0.00")
    assert not {"REALISASI-NA", "CAPAIAN-UNDEFINED"} & codes_of(indicator_near_misses)


@near_miss("CAPAIAN-EXTREME")
def test_capaian_of_exactly_1000_is_not_extreme(indicator_near_misses):
    assert capaian(indicator_near_misses, "IKU2.1") == Decimal("1000.00")
    assert "CAPAIAN-EXTREME" not in codes_of(indicator_near_misses)


@near_miss("CAPAIAN-DIFFERS")
def test_typed_capaian_exactly_0_01_off_is_within_tolerance(indicator_near_misses):
    assert capaian(indicator_near_misses, "IKU2.2") == Decimal("61.70")
    assert indicator_near_misses.results.indicator("IKU2.2").indicator.typed_capaian == Decimal("61.69")
    assert "CAPAIAN-DIFFERS" not in codes_of(indicator_near_misses)


@near_miss("KATEGORI-DIFFERS")
def test_typed_kategori_in_lower_case_is_the_same_kategori(indicator_near_misses):
    assert indicator_near_misses.results.indicator("IKU2.2").category == "Rendah"
    assert "KATEGORI-DIFFERS" not in codes_of(indicator_near_misses)


@pytest.fixture(scope="module")
def anggaran_near_misses() -> Analysis:
    """Sums right to the sen, 1.1 beside 1.10, a JUMLAH that matches (test_reader reads the same rows typed as
    floats and text)."""
    indicators = [*minimal_indicators(), indicator("IKU3", sasaran="SS2", sasaran_name="Sasaran dua")]
    return analyse(minimal(indicators=indicators, budget=[
        # 4-7: 400.000.100,10 + 600.000.200,20 = 1.000.000.300,30 exactly; 1.1 is not the parent of 1.10.
        budget_line("1", "1000000300.30", "1000000300.30", sasaran="SS1", typed_serapan=100),
        budget_line("1.1", "400000100.10", "400000100.10"),
        budget_line("1.10", "600000200.20", "600000200.20"),
        budget_line("1.1.1", "400000100.10", "400000100.10"),
        # 8-9: program 2 serves SS2; its kegiatan inherits it. 187.650.000 / 200.000.000 = 93,825 -> 93,83;
        # the typed 93,82 (what float rounding prints) is within 0,01.
        budget_line("2", 200000000, 187650000, sasaran="SS2", typed_serapan=93.82, typed_sisa=12350000),
        budget_line("2.1", 200000000, 187650000, typed_sisa=12350000),
        # 10: JUMLAH = the programs.
        budget_line(None, "1200000300.30", "1187650300.30", name="Jumlah", typed_sisa=12350000),
    ]))


def budget(result: Analysis, code: str):
    found = result.results.budget_line(code)
    assert found is not None, code
    return found


def test_anggaran_near_misses_raise_no_finding_at_all(anggaran_near_misses):
    assert no_findings(anggaran_near_misses) == []


@near_miss("ANGGARAN-SUM-DIFFERS")
def test_parent_equal_to_its_children_to_the_sen_is_not_flagged(anggaran_near_misses):
    assert budget(anggaran_near_misses, "1").line.budget == Decimal("1000000300.3")
    assert budget(anggaran_near_misses, "1.1.1").line.budget == Decimal("400000100.10")
    assert "ANGGARAN-SUM-DIFFERS" not in codes_of(anggaran_near_misses)


@near_miss()
def test_1_1_is_not_the_parent_of_1_10(anggaran_near_misses):
    assert budget(anggaran_near_misses, "1.10").parent == "1"
    assert budget(anggaran_near_misses, "1.1.1").parent == "1.1"
    assert "ANGGARAN-SUM-DIFFERS" not in codes_of(anggaran_near_misses)


@near_miss("ANGGARAN-TOTAL-DIFFERS")
def test_total_row_that_matches_the_programs_is_not_flagged(anggaran_near_misses):
    assert anggaran_near_misses.results.total_budget == Decimal("1200000300.30")
    assert "ANGGARAN-TOTAL-DIFFERS" not in codes_of(anggaran_near_misses)


@near_miss("ANGGARAN-HIERARCHY-UNCLEAR")
def test_dotted_codes_with_sums_that_add_up_are_a_clear_hierarchy(anggaran_near_misses):
    assert "ANGGARAN-HIERARCHY-UNCLEAR" not in codes_of(anggaran_near_misses)
    assert anggaran_near_misses.results.total_absorption is not None


def test_an_unclear_hierarchy_states_no_total_and_checks_no_total_row(hierarchy_slips):
    assert hierarchy_slips.has_errors
    assert hierarchy_slips.results.hierarchy_unclear
    assert "ANGGARAN-TOTAL-DIFFERS" not in codes_of(hierarchy_slips)  # 600 against 300 would be a doubled total


@near_miss("ARAH-MAYBE-TURUN")
def test_arah_stated_or_a_neutral_name_is_not_flagged(indicator_near_misses, arah_slips):
    assert "ARAH-MAYBE-TURUN" not in codes_of(indicator_near_misses)
    assert arah_slips.data.indicators[0].direction == "Naik"  # warned, never changed
    assert arah_slips.results.indicators[0].value == Decimal("37.50")


@near_miss("REALISASI-OVER-PAGU")
def test_realisasi_exactly_equal_to_pagu_is_allowed(anggaran_near_misses):
    assert budget(anggaran_near_misses, "1").absorption == Decimal("100.00")
    assert "REALISASI-OVER-PAGU" not in codes_of(anggaran_near_misses)


@near_miss("SERAPAN-DIFFERS")
def test_serapan_typed_within_0_01_is_not_flagged(anggaran_near_misses):
    assert budget(anggaran_near_misses, "2").absorption == Decimal("93.83")  # 93,825 half-up
    assert "SERAPAN-DIFFERS" not in codes_of(anggaran_near_misses)


@near_miss("SISA-DIFFERS")
def test_typed_sisa_equal_to_pagu_minus_realisasi_is_not_flagged(anggaran_near_misses):
    assert budget(anggaran_near_misses, "2.1").line.typed_remaining == Decimal(12350000)
    assert "SISA-DIFFERS" not in codes_of(anggaran_near_misses)


@near_miss("SASARAN-UNKNOWN")
def test_kode_sasaran_inherited_by_children_is_not_unknown(anggaran_near_misses):
    assert budget(anggaran_near_misses, "2.1").sasaran == "SS2"
    assert budget(anggaran_near_misses, "1.1.1").sasaran == "SS1"
    assert "SASARAN-UNKNOWN" not in codes_of(anggaran_near_misses)


@pytest.fixture(scope="module")
def pk_near_misses() -> Analysis:
    """The PK targets as read from test_reader's PK near-miss workbook ("80,00", 50.004, "25,0", "<10")."""
    return analyse(minimal(
        indicators=[*minimal_indicators(), indicator("IKU3", 25, 25, unit="Koperasi"), indicator("IKU4", "< 10", 8)],
        budget=[*minimal_budget(), budget_line("2", 500000, 400000, sasaran="SS1"), budget_line("2.1", 500000, 400000)],
        pk=[
            pk_row("IKU1", Decimal("80.00"), program="1", budget=400000),  # 4
            pk_row("IKU2", Decimal("50.004"), program="1", budget=600000),  # 5: a percentage, within 0,01
            pk_row("IKU2", 50, program="2", budget=500000),  # 6: a further program
            pk_row("IKU3", Decimal("25.0")),  # 7: a count, compared exactly
            pk_row("IKU4", "<10"),  # 8
        ]))


def test_pk_near_misses_raise_no_finding_at_all(pk_near_misses):
    assert no_findings(pk_near_misses) == []


@near_miss("PK-TARGET-DIFFERS")
def test_pk_target_within_0_01_for_a_percentage_and_equal_for_a_count_is_not_flagged(pk_near_misses):
    assert [row.target.value for row in pk_near_misses.data.pk_rows] == \
        [Decimal("80.00"), Decimal("50.004"), Decimal(50), Decimal("25.0"), Decimal(10)]
    assert "PK-TARGET-DIFFERS" not in codes_of(pk_near_misses)


@near_miss("IKU-NOT-IN-PK")
def test_every_indicator_on_the_pk_sheet_is_not_flagged(pk_near_misses):
    assert "IKU-NOT-IN-PK" not in codes_of(pk_near_misses)


@near_miss("PK-ANGGARAN-DIFFERS")
def test_program_split_over_two_indicators_that_adds_up_to_its_pagu_is_not_flagged(pk_near_misses):
    assert [row.budget for row in pk_near_misses.data.pk_rows[:2]] == [400000, 600000]
    assert "PK-ANGGARAN-DIFFERS" not in codes_of(pk_near_misses)


@near_miss()
def test_pk_kode_repeated_for_a_further_program_is_not_a_duplicate(pk_near_misses):
    assert "KODE-DUPLICATE" not in codes_of(pk_near_misses)


@pytest.fixture(scope="module")
def triwulan_near_misses() -> Analysis:
    return analyse(minimal(
        indicators=[indicator("IKU1", 50, 52, sasaran_name="Sasaran satu", unit="Koperasi"),
                    indicator("IKU2", 100, 90), indicator("IKU3", 80, 81.33, unit="Nilai"), indicator("IKU4", 40, 33)],
        quarters=[
            quarter_row("IKU1", "Kumulatif", [None, 25, None, 25], [10, 15, 12, 15], typed_annual=52),  # 25 + 25
            quarter_row("IKU2", "Akhir", [5, 25, 55, 100], [5, 20, 50, 90]),  # 5: the last quarter, not the sum
            quarter_row("IKU3", "Rata-rata", [80, 80, 80, 80], [80, 81, 83, None], typed_annual=81.33),  # 81,333...
            quarter_row("IKU4", "Akhir", [10, 20, 30, 40], [12, 22, 33, None]),  # 7: TW IV not reported yet
        ]))


def annual(result: Analysis, code: str) -> tuple[Decimal | None, Decimal | None]:
    row = next(q for q in result.results.quarters if q.row.code == code)
    return row.annual_target, row.annual_actual


def test_triwulan_near_misses_raise_no_finding_at_all(triwulan_near_misses):
    assert no_findings(triwulan_near_misses) == []


@near_miss("TW-REALISASI-DIFFERS")
def test_quarterly_akhir_aggregation_that_matches_is_not_flagged(triwulan_near_misses):
    assert annual(triwulan_near_misses, "IKU2") == (Decimal(100), Decimal(90))
    assert annual(triwulan_near_misses, "IKU4") == (Decimal(40), Decimal(33))
    assert "TW-REALISASI-DIFFERS" not in codes_of(triwulan_near_misses)


@near_miss("TW-TARGET-DIFFERS")
def test_kumulatif_target_25_plus_25_equals_the_iku_target_50(triwulan_near_misses):
    assert annual(triwulan_near_misses, "IKU1") == (Decimal(50), Decimal(52))
    assert "TW-TARGET-DIFFERS" not in codes_of(triwulan_near_misses)


@near_miss("TAHUNAN-DIFFERS")
def test_typed_rata_rata_yearly_realisasi_within_0_01_is_not_flagged(triwulan_near_misses):
    assert annual(triwulan_near_misses, "IKU3")[1] == Decimal(244) / 3
    assert "TAHUNAN-DIFFERS" not in codes_of(triwulan_near_misses)


@pytest.fixture(scope="module")
def sdm_near_misses() -> Analysis:
    return analyse(minimal(staff=[
        # 4: CPNS count in golongan and jabatan, PPPK in pendidikan only.
        staff_unit("Sekretariat", PNS=10, CPNS=2, PPPK=3, Non_ASN=5, Jumlah_Pegawai=20, Laki_laki=9, Perempuan=11,
                   S2=3, S1_D4=9, SMA=3, Golongan_IV=2, Golongan_III=8, Golongan_II=2,
                   JPT=1, Administrator=1, Pengawas=2, Fungsional=3, Pelaksana=5),
        # 5: contract staff only: pendidikan, golongan and jabatan left entirely empty.
        staff_unit("Tenaga kontrak", Non_ASN=6, Jumlah_Pegawai=6, Laki_laki=3, Perempuan=3),
        # 6: an empty count ('-' on the sheet) inside a group with values is 0.
        staff_unit("Bidang", PNS=4, Jumlah_Pegawai=4, Laki_laki=4, Perempuan=None, S1_D4=4, Golongan_III=4,
                   Pengawas=1, Pelaksana=3),
        # 7: JUMLAH matches the units; its jabatan group is left empty.
        staff_unit("JUMLAH", PNS=14, CPNS=2, PPPK=3, Non_ASN=11, Jumlah_Pegawai=30, Laki_laki=16, Perempuan=14,
                   S2=3, S1_D4=13, SMA=3, Golongan_IV=2, Golongan_III=12, Golongan_II=2),
    ]))


def test_sdm_near_misses_raise_no_finding_at_all(sdm_near_misses):
    assert no_findings(sdm_near_misses) == []


@near_miss("SDM-STATUS-DIFFERS", "SDM-GENDER-DIFFERS")
def test_status_and_gender_adding_up_with_an_empty_count_for_zero_are_not_flagged(sdm_near_misses):
    assert sdm_near_misses.data.staff_units[2].counts["female"] is None
    assert not {"SDM-STATUS-DIFFERS", "SDM-GENDER-DIFFERS"} & codes_of(sdm_near_misses)


@near_miss("SDM-PENDIDIKAN-DIFFERS", "SDM-GOLONGAN-DIFFERS", "SDM-JABATAN-DIFFERS")
def test_group_left_entirely_empty_is_not_checked_and_cpns_pppk_count_where_they_belong(sdm_near_misses):
    contract = sdm_near_misses.data.staff_units[1]
    assert contract.counts["edu_s1"] is None and contract.counts["grade_3"] is None
    assert not {"SDM-PENDIDIKAN-DIFFERS", "SDM-GOLONGAN-DIFFERS", "SDM-JABATAN-DIFFERS"} & codes_of(sdm_near_misses)


@near_miss("KINERJA-KODE-UNKNOWN")
def test_program_kode_of_anggaran_and_inherited_kode_are_not_unknown(program_slips):
    assert [f.cell for f in program_slips.findings if f.code == "KINERJA-KODE-UNKNOWN"] == ["A7"]
    first = program_slips.results.programs[0]
    assert [i.value for i in first.indicators] == [Decimal("105.00"), Decimal("75.00")]
    assert first.capaian == Decimal("90.00") and first.absorption == Decimal("93.10")
    assert program_slips.results.counted == 2  # never in the IKU average


@near_miss("SDM-TOTAL-DIFFERS")
def test_total_row_that_matches_with_an_empty_group_is_not_flagged(sdm_near_misses):
    assert sdm_near_misses.data.staff_units[3].is_total
    assert "SDM-TOTAL-DIFFERS" not in codes_of(sdm_near_misses)


@near_miss("DATA-DUKUNG-DIFFERS", "DATA-DUKUNG-USED", "DATA-DUKUNG-KODE-UNKNOWN", "DATA-DUKUNG-SKIPPED",
           "RENSTRA-TARGET-DIFFERS", "RENSTRA-KODE-UNKNOWN", "RENSTRA-REALISASI-DIFFERS")
def test_agreeing_plan_and_evidence_raise_nothing():
    """A Realisasi within 0,01 of its Data Dukung (79,575 rounds half-up to 79,58), a typed Realisasi (not
    filled), a Kinerja Program Kode#2, a Selisih over B = 0, Renstra targets equal to IKU's (a range too)."""
    result = analyse(minimal(
        identitas=identitas(template_version=2),
        indicators=[indicator("IKU1", 80, "79.58", sasaran_name="Sasaran satu", direction="Naik"),
                    indicator("IKU2", "3 - 10", 5, renstra_target="3 - 8")],
        programs=[program_indicator("1", 80, 84), program_indicator("1", 10, "1.5", inherited=True)],
        renstra=[renstra_row("IKU2", targets={2024: "3 - 10"}, actuals={2024: 5}, final="3 - 8")],
        evidence=[evidence_row("IKU1", "Persentase", 19098000, 24000000),
                  evidence_row("1#2", "Selisih", "1.5", 0)],
    ))
    assert no_findings(result) == []
    assert [e.value for e in result.results.evidence] == [Decimal("79.58"), Decimal("1.50")]
    assert result.results.evidence[1].indicator is result.data.program_indicators[1]


# =========================================================================== regressions
# Was xfail(strict) until lkip_xls was fixed (calc: a zero target has no capaian under T/R either). Its sibling,
# an empty PK budget is no budget (a reading bug), is in test_reader.


def test_turun_target_zero_under_t_over_r_is_a_target_zero_warning_and_left_out_of_the_average():
    result = analyse(minimal(identitas=identitas(turun_formula="T/R"), indicators=[
        indicator("IKU1", 0, 5, sasaran_name="Sasaran satu", direction="Turun"), indicator("IKU2", 50, 40)]))
    assert where(result, "TARGET-ZERO") == [("warning", "IKU", "G4")]
    assert result.results.counted == 1


# =========================================================================== coverage of this file and test_reader


def test_every_emitted_code_has_a_firing_case_and_a_near_miss_here_or_in_test_reader():
    fires, quiet = set(FIRES) | set(READ_FIRES), QUIET | READ_QUIET
    assert EMITTED_CODES - fires == set(), "codes without a case where they fire"
    assert EMITTED_CODES - quiet == set(), "codes without a near miss"
    assert fires - EMITTED_CODES == set(), "cases for codes the tool does not know"
    assert set(FIRES).isdisjoint(READ_FIRES), "a code fired both by a rule and by the reader"
    assert all(Severity(severity) for _, severity, _, _ in [*FIRES.values(), *READ_FIRES.values()])
