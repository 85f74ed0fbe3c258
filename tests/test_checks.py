"""Every finding code the tool emits (the catalogue `core.findings`: TEMPLATE.md §4 and the added codes): where
it fires, at exactly which sheet and cell, and the near miss where it must stay silent.

Workbooks are the official template filled from plain data (rows from row 4, columns in template order:
IKU A Kode Sasaran .. G Target, H Realisasi, K Capaian, L Kategori; Anggaran A Kode .. D Pagu, E Realisasi,
F Serapan, G Sisa; SDM B PNS, F Jumlah Pegawai, G Laki-laki, I S3, P Golongan IV, T JPT; PK C Target,
F Anggaran; Realisasi C Agregasi, D-G Target TW, H-K Realisasi TW, L Realisasi Tahunan).
Building one costs most of a second, so each theme builds one workbook of slips and one of near misses,
once per module, and every test reads the findings of those. FILE-UNREADABLE has its own tests (test_reader).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from lkip_xls import api
from lkip_xls.core import findings
from lkip_xls.core.model import Severity
from lkip_xls.text.finding_messages import finding_text

from .conftest import minimal_data, write_workbook

# Every code the tool can emit, FILE-UNREADABLE aside.
EMITTED_CODES = set(findings.CATALOGUE) - {"FILE-UNREADABLE"}


def where(result: api.FileResult, code: str) -> list[tuple[str, str | None, str | None]]:
    """(severity, sheet, cell) of every finding with this code, in the tool's order."""
    return [(f.severity.value, f.sheet, f.cell) for f in result.findings if f.code == code]


def the(result: api.FileResult, code: str, cell: str | None = None):
    """The one finding with this code (at this cell)."""
    found = [f for f in result.findings if f.code == code and (cell is None or f.cell == cell)]
    assert len(found) == 1, [(f.code, f.sheet, f.cell) for f in result.findings]
    return found[0]


def codes_of(result: api.FileResult) -> set[str]:
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


# =========================================================================== slips: where each code fires


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
    data["Identitas"].update({"Versi Template": 2, "Pemerintah Daerah": None, "NIP Kepala": "1234"})
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
def iku_slips(tmp_path_factory):
    """One slip per IKU row (rows 4-15); Rumus Indikator Turun T/R for the undefined capaian."""
    data = minimal_data()
    data["Identitas"]["Rumus Indikator Turun"] = "T/R"
    data["IKU"] = [
        iku("IKU1", Sasaran_Strategis="Sasaran satu", Realisasi="84 persen"),  # 4: not a number
        iku("IKU2", Arah="Ke atas"),  # 5: unknown arah
        iku("IKU3", Arah="Naik", Target="< 10", Realisasi=8),  # 6: '<' implies Turun
        iku("IKU4", Target=0, Realisasi=5),  # 7: target 0
        iku("IKU5", Target=5, Realisasi="belum rilis"),  # 8: realisasi not yet published
        iku("IKU6", Satuan="Nilai", Target=3, Realisasi=97.48),  # 9: 3249,33 %: a percentage against a score
        iku("IKU7", Target=10, Realisasi=6.17, **{"Capaian (%)": 61.68}),  # 10: typed 61,68, computed 61,70
        iku("IKU8", Target=80, Realisasi=84, Kategori="Rendah"),  # 11: 105 % is Sangat Tinggi
        iku("IKU9", Target=100, Realisasi="97.74"),  # 12: dot decimal
        iku("IKU10", Arah="Turun", Target=10, Realisasi=0),  # 13: T/R with realisasi 0
        iku("IKU1", Target=10, Realisasi=10),  # 14: IKU1 again
        iku("IKU11", Indikator_Kinerja=None),  # 15: no indicator name
    ]
    return checked(tmp_path_factory, "iku", data)


ANGGARAN_SLIPS = [
    # 4-6: program 1's pagu is the stale Tabel 2.7 figure: its kegiatan sum to 8.445.444.020 (NTT 2024).
    {"Kode": "1", "Uraian": "Program satu", "Kode Sasaran": "SS1", "Pagu (Rp)": 9393686020,
     "Realisasi (Rp)": 7980160052},
    {"Kode": "1.1", "Uraian": "Kegiatan 1.1", "Pagu (Rp)": 5000000000, "Realisasi (Rp)": 4800000000},
    {"Kode": "1.2", "Uraian": "Kegiatan 1.2", "Pagu (Rp)": 3445444020, "Realisasi (Rp)": 3180160052},
    # 7-9: program 2's pagu is one sen above its kegiatan (150.000.000,10 + 100.000.000,14 = 250.000.000,24).
    {"Kode": "2", "Uraian": "Program dua", "Kode Sasaran": "SS1", "Pagu (Rp)": Decimal("250000000.25"),
     "Realisasi (Rp)": 200000000},
    {"Kode": "2.1", "Uraian": "Kegiatan 2.1", "Pagu (Rp)": Decimal("150000000.10"), "Realisasi (Rp)": 120000000},
    {"Kode": "2.2", "Uraian": "Kegiatan 2.2", "Pagu (Rp)": Decimal("100000000.14"), "Realisasi (Rp)": 80000000},
    # 10-12: program 3 serves an unknown sasaran and its realisasi is 1.000.000 above its kegiatan's;
    # kegiatan 3.1 spends more than its pagu; kegiatan 3.2 carries a typed serapan and sisa that are off.
    {"Kode": "3", "Uraian": "Program tiga", "Kode Sasaran": "SS9", "Pagu (Rp)": 500000000,
     "Realisasi (Rp)": 451000000},
    {"Kode": "3.1", "Uraian": "Kegiatan 3.1", "Pagu (Rp)": 300000000, "Realisasi (Rp)": 320000000},
    {"Kode": "3.2", "Uraian": "Kegiatan 3.2", "Pagu (Rp)": 200000000, "Realisasi (Rp)": 130000000,
     "Serapan (%)": 65.02, "Sisa (Rp)": 70000001},
    # 13: a negative realisasi.
    {"Kode": "4", "Uraian": "Program empat", "Pagu (Rp)": 1000000, "Realisasi (Rp)": -5},
    # 14: JUMLAH: pagu = the top-level rows as typed; realisasi 47 short of them (8.631.160.047).
    {"Kode": None, "Uraian": "JUMLAH", "Pagu (Rp)": Decimal("10144686020.25"), "Realisasi (Rp)": 8631160000},
]


@pytest.fixture(scope="module")
def anggaran_slips(tmp_path_factory):
    data = minimal_data()
    data["Anggaran"] = ANGGARAN_SLIPS
    return checked(tmp_path_factory, "anggaran", data)


@pytest.fixture(scope="module")
def pk_slips(tmp_path_factory):
    data = minimal_data()
    data["IKU"].append(iku("IKU3", Target=70, Realisasi=70))  # row 6: not on the PK sheet
    data["PK"] = [
        {"Kode": "IKU1", "Target": 85, "Kode Program": "1", "Anggaran (Rp)": 600000},  # 4: IKU says 80
        {"Kode": "IKU2", "Target": 50, "Kode Program": "1", "Anggaran (Rp)": 500000},  # 5: 1.100.000 for pagu 1.000.000
        {"Kode": "IKU9", "Target": 10},  # 6: no such indicator
    ]
    return checked(tmp_path_factory, "pk", data)


@pytest.fixture(scope="module")
def triwulan_slips(tmp_path_factory):
    data = minimal_data()
    data["IKU"] += [iku("IKU3", Target=70, Realisasi=70), iku("IKU4", Target=55, Realisasi=55)]
    data["Realisasi"] = [
        tw("IKU1", "Kumulatif", [20, 20, 20, 20], [20.5, 21.25, 22, 21.5]),  # 4: 85,25 vs IKU 84
        tw("IKU2", "Rata-rata", [50, 50, 60, 60], [40, 40, 40, 40]),  # 5: target 55 vs IKU 50
        tw("IKU7", "Kumulatif", [1, 1, 1, 1], [1, 1, 1, 1]),  # 6: no such indicator
        tw("IKU3", "Total", [70, 70, 70, 70], [70, 70, 70, 70]),  # 7: not an aggregation
        tw("IKU4", "Akhir", [10, 25, 40, 55], [10, 25, 40, 55], annual=60),  # 8: typed 60, Akhir gives 55
    ]
    return checked(tmp_path_factory, "triwulan", data)


@pytest.fixture(scope="module")
def sdm_slips(tmp_path_factory):
    """One breakdown off per unit (no JUMLAH row), and a head count with a fraction."""
    data = minimal_data()
    data["SDM"] = [
        sdm("A", PNS=5, Non_ASN=1, Jumlah_Pegawai=5),  # 4: status 6 vs 5
        sdm("B", PNS=4, Jumlah_Pegawai=4, Laki_laki=2, Perempuan=3),  # 5: gender 5 vs 4
        sdm("C", PNS=3, Jumlah_Pegawai=3, S1_D4=2),  # 6: pendidikan 2 vs 3
        sdm("D", PNS=3, Jumlah_Pegawai=3, Golongan_IV=1, Golongan_III=1),  # 7: golongan 2 vs 3
        sdm("E", PNS=3, Jumlah_Pegawai=3, JPT=1, Pelaksana=3),  # 8: jabatan 4 vs 3
        sdm("F", Jumlah_Pegawai=2.5),  # 9: half a person, every breakdown left empty
    ]
    return checked(tmp_path_factory, "sdm", data)


@pytest.fixture(scope="module")
def sdm_total_slips(tmp_path_factory):
    """Consistent units; the JUMLAH row swaps Laki-laki and Perempuan (its own breakdown still adds up)."""
    data = minimal_data()
    data["SDM"] = [
        sdm("Sekretariat", PNS=3, Jumlah_Pegawai=3, Laki_laki=1, Perempuan=2),
        sdm("Bidang", PNS=2, Jumlah_Pegawai=2, Laki_laki=2, Perempuan=0),
        sdm("JUMLAH", PNS=5, Jumlah_Pegawai=5, Laki_laki=2, Perempuan=3),  # 6: the units give 3 L and 2 P
    ]
    return checked(tmp_path_factory, "sdm-total", data)


@pytest.fixture(scope="module")
def hierarchy_slips(tmp_path_factory):
    """Permendagri 13/2006 numbering: program 03 and its kegiatan 16.01, 16.02 (DOMAIN.md §4c)."""
    data = minimal_data()
    data["Anggaran"] = [
        {"Kode": "03", "Uraian": "Program Peningkatan Sarana Aparatur", "Kode Sasaran": "SS1", "Pagu (Rp)": 300,
         "Realisasi (Rp)": 270},
        {"Kode": "16.01", "Uraian": "Pengadaan kendaraan dinas", "Pagu (Rp)": 100, "Realisasi (Rp)": 90},  # 5
        {"Kode": "16.02", "Uraian": "Pemeliharaan gedung kantor", "Pagu (Rp)": 200, "Realisasi (Rp)": 180},
        {"Kode": None, "Uraian": "JUMLAH", "Pagu (Rp)": 300, "Realisasi (Rp)": 270},
    ]
    return checked(tmp_path_factory, "hierarchy", data)


@pytest.fixture(scope="module")
def arah_slips(tmp_path_factory):
    """Arah left empty on a price-variation indicator: read as Naik, 37,50 instead of 162,50."""
    data = minimal_data()
    data["IKU"] = [iku("IKU1", Sasaran_Strategis="Sasaran satu", Indikator_Kinerja="Koefisien variasi harga",
                       Target=8, Realisasi=3),
                   iku("IKU2")]
    return checked(tmp_path_factory, "arah", data)


# code -> (fixture, severity, sheet, every cell where it must fire in that workbook)
FIRES: dict[str, tuple[str, str, str, list[str | None]]] = {
    "SHEET-MISSING": ("structure_slips", "error", "Anggaran", [None]),
    "SHEET-EMPTY": ("structure_slips", "error", "IKU", ["A4"]),
    "HEADER-MISSING": ("structure_slips", "error", "PK", ["A1"]),
    "TEMPLATE-VERSION": ("identitas_slips", "error", "Identitas", ["B4"]),
    "IDENTITAS-EMPTY": ("identitas_slips", "error", "Identitas", ["B6"]),
    "IDENTITAS-INVALID": ("identitas_slips", "error", "Identitas", ["B9"]),
    "SKALA-INVALID": ("skala_slips", "error", "Skala", ["C4"]),
    "VALUE-NOT-NUMBER": ("iku_slips", "error", "IKU", ["H4"]),
    "ARAH-INVALID": ("iku_slips", "error", "IKU", ["F5"]),
    "ARAH-TARGET-MISMATCH": ("iku_slips", "warning", "IKU", ["F6"]),
    "TARGET-ZERO": ("iku_slips", "warning", "IKU", ["G7"]),
    "REALISASI-NA": ("iku_slips", "info", "IKU", ["H8"]),
    "CAPAIAN-EXTREME": ("iku_slips", "warning", "IKU", ["K9"]),
    "CAPAIAN-DIFFERS": ("iku_slips", "warning", "IKU", ["K10"]),
    "KATEGORI-DIFFERS": ("iku_slips", "warning", "IKU", ["L11"]),
    "NUMBER-FORMAT-UNUSUAL": ("iku_slips", "warning", "IKU", ["H12"]),
    "CAPAIAN-UNDEFINED": ("iku_slips", "warning", "IKU", ["K13"]),
    "KODE-DUPLICATE": ("iku_slips", "error", "IKU", ["C14"]),
    "REQUIRED-EMPTY": ("iku_slips", "error", "IKU", ["D15"]),
    "ANGGARAN-SUM-DIFFERS": ("anggaran_slips", "error", "Anggaran", ["D4", "D7", "E10"]),
    "SASARAN-UNKNOWN": ("anggaran_slips", "error", "Anggaran", ["C10"]),
    "REALISASI-OVER-PAGU": ("anggaran_slips", "error", "Anggaran", ["E11"]),
    "SERAPAN-DIFFERS": ("anggaran_slips", "warning", "Anggaran", ["F12"]),
    "SISA-DIFFERS": ("anggaran_slips", "warning", "Anggaran", ["G12"]),
    "VALUE-NEGATIVE": ("anggaran_slips", "error", "Anggaran", ["E13"]),
    "ANGGARAN-TOTAL-DIFFERS": ("anggaran_slips", "error", "Anggaran", ["E14"]),
    "PK-TARGET-DIFFERS": ("pk_slips", "error", "PK", ["C4"]),
    "PK-ANGGARAN-DIFFERS": ("pk_slips", "warning", "PK", ["F4"]),
    "PK-KODE-UNKNOWN": ("pk_slips", "warning", "PK", ["A6"]),
    "IKU-NOT-IN-PK": ("pk_slips", "warning", "IKU", ["C6"]),
    "TW-REALISASI-DIFFERS": ("triwulan_slips", "error", "IKU", ["H4"]),
    "TW-TARGET-DIFFERS": ("triwulan_slips", "warning", "IKU", ["G5"]),
    "TW-KODE-UNKNOWN": ("triwulan_slips", "warning", "Realisasi", ["A6"]),
    "AGREGASI-INVALID": ("triwulan_slips", "error", "Realisasi", ["C7"]),
    "TAHUNAN-DIFFERS": ("triwulan_slips", "warning", "Realisasi", ["L8"]),
    "SDM-STATUS-DIFFERS": ("sdm_slips", "error", "SDM", ["B4"]),
    "SDM-GENDER-DIFFERS": ("sdm_slips", "error", "SDM", ["G5"]),
    "SDM-PENDIDIKAN-DIFFERS": ("sdm_slips", "error", "SDM", ["I6"]),
    "SDM-GOLONGAN-DIFFERS": ("sdm_slips", "error", "SDM", ["P7"]),
    "SDM-JABATAN-DIFFERS": ("sdm_slips", "error", "SDM", ["T8"]),
    "VALUE-NOT-INTEGER": ("sdm_slips", "error", "SDM", ["F9"]),
    "SDM-TOTAL-DIFFERS": ("sdm_total_slips", "error", "SDM", ["G6", "H6"]),
    "ANGGARAN-HIERARCHY-UNCLEAR": ("hierarchy_slips", "error", "Anggaran", ["A5"]),
    "ARAH-MAYBE-TURUN": ("arah_slips", "warning", "IKU", ["F4"]),
}
SLIP_FIXTURES = sorted({fixture for fixture, *_ in FIRES.values()})


@pytest.mark.parametrize("code", sorted(FIRES))
def test_finding_fires_with_its_severity_at_exactly_its_cell(code, request):
    fixture, severity, sheet, cells = FIRES[code]
    result = request.getfixturevalue(fixture)
    assert where(result, code) == [(severity, sheet, cell) for cell in cells]


@pytest.mark.parametrize("fixture", SLIP_FIXTURES)
def test_slip_workbooks_raise_nothing_but_their_slips(fixture, request):
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
    assert finding_text(finding, "id").startswith("Realisasi 3 tertulis Rp451.000.000")


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
    assert "-0,02%" in finding_text(finding, "id")
    english = finding_text(finding, "en")
    assert "61.68%" in english and "differs from the computed 61.70%" in english


def test_capaian_extreme_quotes_the_capaian_with_indonesian_grouping(iku_slips):
    finding = the(iku_slips, "CAPAIAN-EXTREME")
    assert "3.249,33%" in finding_text(finding, "id") and "97,48" in finding_text(finding, "id")
    assert "3,249.33%" in finding_text(finding, "en") and "same unit" in finding_text(finding, "en")


def test_unusual_number_is_still_read_and_the_message_says_how(iku_slips):
    finding = the(iku_slips, "NUMBER-FORMAT-UNUSUAL")
    assert iku_slips.analysis.results.indicator("IKU9").indicator.actual == Decimal("97.74")
    assert "'97.74'" in finding_text(finding, "id") and "97,74" in finding_text(finding, "id")
    assert "titik sebagai tanda desimal" in finding_text(finding, "id")
    assert "dot as decimal mark" in finding_text(finding, "en")


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


def test_termasuk_batas_neither_ya_nor_tidak_reads_as_a_sentence_and_the_band_stays_inclusive(skala_slips):
    finding = the(skala_slips, "SKALA-INVALID")
    assert finding_text(finding, "id") == \
        "Termasuk Batas 'Mungkin' tidak dikenal. Pilih salah satu: Ya, Tidak (kosong berarti Ya)."
    assert finding_text(finding, "en") == \
        "Termasuk Batas 'Mungkin' is unknown. Choose one of: Ya, Tidak (empty means Ya)."
    assert [band.inclusive for band in skala_slips.analysis.data.custom_scale] == [True, True]


def test_duplicate_code_points_at_the_second_occurrence_only(iku_slips):
    assert iku_slips.analysis.data.indicators[0].cell("code") == "C4"
    assert the(iku_slips, "KODE-DUPLICATE").params["code"] == "IKU1"


# =========================================================================== near misses: where it stays silent

QUIET: set[str] = set()


def near_miss(*codes: str):
    """Register the codes a near-miss test covers (checked by the coverage test at the end)."""
    QUIET.update(codes)
    return lambda test: test


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


def indicator(result: api.FileResult, code: str):
    found = result.analysis.results.indicator(code)
    assert found is not None, code
    return found


def capaian(result: api.FileResult, code: str) -> Decimal | None:
    return indicator(result, code).value


def test_identitas_and_iku_near_misses_raise_no_finding_at_all(identitas_and_iku_near_misses):
    assert [(f.code, f.sheet, f.cell) for f in identitas_and_iku_near_misses.findings] == []


@near_miss("TEMPLATE-VERSION")
def test_template_version_typed_as_text_one_is_accepted(identitas_and_iku_near_misses):
    assert identitas_and_iku_near_misses.analysis.data.identitas.template_version == 1
    assert "TEMPLATE-VERSION" not in codes_of(identitas_and_iku_near_misses)


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


@near_miss("KODE-DUPLICATE")
def test_iku1_1_and_iku1_10_are_different_codes(identitas_and_iku_near_misses):
    assert "KODE-DUPLICATE" not in codes_of(identitas_and_iku_near_misses)
    assert capaian(identitas_and_iku_near_misses, "IKU1.10") == Decimal("125.00")  # T/R: 10 / 8


@near_miss("ARAH-INVALID")
def test_positif_and_negatif_are_accepted_as_arah(identitas_and_iku_near_misses):
    directions = [i.direction for i in identitas_and_iku_near_misses.analysis.data.indicators[:2]]
    assert directions == ["Naik", "Turun"]
    assert "ARAH-INVALID" not in codes_of(identitas_and_iku_near_misses)


@near_miss("ARAH-TARGET-MISMATCH")
def test_empty_arah_with_less_than_target_and_naik_with_a_range_do_not_disagree(identitas_and_iku_near_misses):
    assert indicator(identitas_and_iku_near_misses, "IKU1.2").indicator.direction == "Turun"
    assert capaian(identitas_and_iku_near_misses, "IKU1.3") == Decimal("100.00")  # 6 inside 3 - 10 (DOMAIN §1)
    assert "ARAH-TARGET-MISMATCH" not in codes_of(identitas_and_iku_near_misses)


@near_miss("TARGET-ZERO")
def test_small_target_and_a_band_starting_at_zero_are_not_zero_targets(identitas_and_iku_near_misses):
    assert capaian(identitas_and_iku_near_misses, "IKU1.4") == Decimal("100.00")
    assert capaian(identitas_and_iku_near_misses, "IKU1.5") == Decimal("100.00")
    assert "TARGET-ZERO" not in codes_of(identitas_and_iku_near_misses)


@near_miss("REALISASI-NA", "CAPAIAN-UNDEFINED")
def test_realisasi_zero_is_a_value_and_t_over_r_leaves_naik_indicators_alone(identitas_and_iku_near_misses):
    assert capaian(identitas_and_iku_near_misses, "IKU1.6") == Decimal("0.00")
    assert not {"REALISASI-NA", "CAPAIAN-UNDEFINED"} & codes_of(identitas_and_iku_near_misses)


@near_miss("CAPAIAN-EXTREME")
def test_capaian_of_exactly_1000_is_not_extreme(identitas_and_iku_near_misses):
    assert capaian(identitas_and_iku_near_misses, "IKU2.1") == Decimal("1000.00")
    assert "CAPAIAN-EXTREME" not in codes_of(identitas_and_iku_near_misses)


@near_miss("CAPAIAN-DIFFERS")
def test_typed_capaian_exactly_0_01_off_is_within_tolerance(identitas_and_iku_near_misses):
    assert capaian(identitas_and_iku_near_misses, "IKU2.2") == Decimal("61.70")
    assert indicator(identitas_and_iku_near_misses, "IKU2.2").indicator.typed_capaian == Decimal("61.69")
    assert "CAPAIAN-DIFFERS" not in codes_of(identitas_and_iku_near_misses)


@near_miss("KATEGORI-DIFFERS")
def test_typed_kategori_in_lower_case_is_the_same_kategori(identitas_and_iku_near_misses):
    assert indicator(identitas_and_iku_near_misses, "IKU2.2").category == "Rendah"
    assert "KATEGORI-DIFFERS" not in codes_of(identitas_and_iku_near_misses)


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
def anggaran_near_misses(tmp_path_factory):
    """Sums right to the sen (where floats drift), 1.1 beside 1.10, a JUMLAH that matches; Pagu header 'pagu'."""
    data = minimal_data()
    data["IKU"].append(iku("IKU3", "SS2", Sasaran_Strategis="Sasaran dua"))
    data["Anggaran"] = [
        # 4-7: 400.000.100,10 + 600.000.200,20 = 1.000.000.300,30 exactly; 1.1 is not the parent of 1.10.
        {"Kode": "1", "Uraian": "Program satu", "Kode Sasaran": "SS1", "Pagu (Rp)": 1000000300.30,
         "Realisasi (Rp)": 1000000300.30, "Serapan (%)": 100},
        {"Kode": "1.1", "Uraian": "Kegiatan 1.1", "Pagu (Rp)": 400000100.10, "Realisasi (Rp)": 400000100.10},
        {"Kode": "1.10", "Uraian": "Kegiatan 1.10", "Pagu (Rp)": 600000200.20, "Realisasi (Rp)": 600000200.20},
        {"Kode": "1.1.1", "Uraian": "Sub kegiatan 1.1.1", "Pagu (Rp)": "Rp 400.000.100,10",
         "Realisasi (Rp)": "400.000.100,10"},
        # 8-9: program 2 serves SS2; its kegiatan inherits it. 187.650.000 / 200.000.000 = 93,825 -> 93,83;
        # the typed 93,82 (what float rounding prints) is within 0,01.
        {"Kode": "2", "Uraian": "Program dua", "Kode Sasaran": "SS2", "Pagu (Rp)": 200000000,
         "Realisasi (Rp)": 187650000, "Serapan (%)": 93.82, "Sisa (Rp)": 12350000},
        {"Kode": "2.1", "Uraian": "Kegiatan 2.1", "Pagu (Rp)": 200000000, "Realisasi (Rp)": "187.650.000",
         "Sisa (Rp)": "Rp 12.350.000,-"},
        # 10: JUMLAH = the programs.
        {"Kode": None, "Uraian": "Jumlah", "Pagu (Rp)": "1.200.000.300,30", "Realisasi (Rp)": 1187650300.30,
         "Sisa (Rp)": 12350000},
    ]

    def loosen_headers(workbook):
        sheet = workbook["Anggaran"]
        assert (sheet["D3"].value, sheet["H3"].value) == ("Pagu (Rp)", "Keterangan")
        sheet["D3"].value = "  pagu "  # the unit is optional, case and spaces are free
        sheet["H3"].value = None  # an optional column removed

    return checked(tmp_path_factory, "anggaran-near", data, loosen_headers)


def budget(result: api.FileResult, code: str):
    found = result.analysis.results.budget_line(code)
    assert found is not None, code
    return found


def test_anggaran_near_misses_raise_no_finding_at_all(anggaran_near_misses):
    assert [(f.code, f.sheet, f.cell) for f in anggaran_near_misses.findings] == []


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
    assert anggaran_near_misses.analysis.results.total_budget == Decimal("1200000300.30")
    assert "ANGGARAN-TOTAL-DIFFERS" not in codes_of(anggaran_near_misses)


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


@near_miss("HEADER-MISSING")
def test_pagu_header_without_its_unit_and_a_removed_optional_column_are_accepted(anggaran_near_misses):
    assert anggaran_near_misses.analysis.data.layouts["Anggaran"].columns["budget"] == 4
    assert "HEADER-MISSING" not in codes_of(anggaran_near_misses)


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
    assert [(f.code, f.sheet, f.cell) for f in pk_near_misses.findings] == []


@near_miss("PK-TARGET-DIFFERS")
def test_pk_target_equal_in_another_spelling_is_not_flagged(pk_near_misses):
    assert [row.target.value for row in pk_near_misses.analysis.data.pk_rows] == \
        [Decimal("80.00"), Decimal("50.004"), Decimal(50), Decimal("25.0"), Decimal(10)]
    assert "PK-TARGET-DIFFERS" not in codes_of(pk_near_misses)


@near_miss("PK-KODE-UNKNOWN")
def test_pk_kode_with_stray_spaces_is_known(pk_near_misses):
    assert pk_near_misses.analysis.data.pk_rows[1].code == "IKU2"
    assert "PK-KODE-UNKNOWN" not in codes_of(pk_near_misses)


@near_miss("IKU-NOT-IN-PK")
def test_every_indicator_on_the_pk_sheet_is_not_flagged(pk_near_misses):
    assert "IKU-NOT-IN-PK" not in codes_of(pk_near_misses)


@near_miss("PK-ANGGARAN-DIFFERS")
def test_program_split_over_two_indicators_that_adds_up_to_its_pagu_is_not_flagged(pk_near_misses):
    assert [row.budget for row in pk_near_misses.analysis.data.pk_rows[:2]] == [400000, 600000]
    assert "PK-ANGGARAN-DIFFERS" not in codes_of(pk_near_misses)


@near_miss()
def test_pk_kode_repeated_for_a_further_program_is_not_a_duplicate(pk_near_misses):
    assert "KODE-DUPLICATE" not in codes_of(pk_near_misses)


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


def annual(result: api.FileResult, code: str) -> tuple[Decimal | None, Decimal | None]:
    row = next(q for q in result.analysis.results.quarters if q.row.code == code)
    return row.annual_target, row.annual_actual


def test_triwulan_near_misses_raise_no_finding_at_all(triwulan_near_misses):
    assert [(f.code, f.sheet, f.cell) for f in triwulan_near_misses.findings] == []


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


@near_miss("AGREGASI-INVALID")
def test_agregasi_in_capitals_or_without_its_hyphen_is_accepted(triwulan_near_misses):
    assert [q.aggregation for q in triwulan_near_misses.analysis.data.quarters] == \
        ["Kumulatif", "Akhir", "Rata-rata", "Akhir"]
    assert "AGREGASI-INVALID" not in codes_of(triwulan_near_misses)


@near_miss("TW-KODE-UNKNOWN")
def test_realisasi_kode_with_stray_spaces_is_known(triwulan_near_misses):
    assert "TW-KODE-UNKNOWN" not in codes_of(triwulan_near_misses)


@pytest.fixture(scope="module")
def sdm_near_misses(tmp_path_factory):
    data = minimal_data()
    data["SDM"] = [
        # 4: CPNS count in golongan and jabatan, PPPK in pendidikan only.
        sdm("Sekretariat", PNS=10, CPNS=2, PPPK=3, Non_ASN=5, Jumlah_Pegawai=20, Laki_laki=9, Perempuan=11,
            S2=3, S1_D4=9, SMA=3, Golongan_IV=2, Golongan_III=8, Golongan_II=2,
            JPT=1, Administrator=1, Pengawas=2, Fungsional=3, Pelaksana=5),
        # 5: contract staff only: pendidikan, golongan and jabatan left entirely empty.
        sdm("Tenaga kontrak", Non_ASN=6, Jumlah_Pegawai=6, Laki_laki=3, Perempuan=3),
        # 6: a '-' inside a group with values is 0.
        sdm("Bidang", PNS=4, Jumlah_Pegawai=4, Laki_laki=4, Perempuan="-", S1_D4=4, Golongan_III=4,
            Pengawas=1, Pelaksana=3),
        # 7: JUMLAH matches the units; its jabatan group is left empty.
        sdm("JUMLAH", PNS=14, CPNS=2, PPPK=3, Non_ASN=11, Jumlah_Pegawai=30, Laki_laki=16, Perempuan=14,
            S2=3, S1_D4=13, SMA=3, Golongan_IV=2, Golongan_III=12, Golongan_II=2),
    ]
    return checked(tmp_path_factory, "sdm-near", data)


def test_sdm_near_misses_raise_no_finding_at_all(sdm_near_misses):
    assert [(f.code, f.sheet, f.cell) for f in sdm_near_misses.findings] == []


@near_miss("SDM-STATUS-DIFFERS", "SDM-GENDER-DIFFERS")
def test_status_and_gender_adding_up_with_a_dash_for_zero_are_not_flagged(sdm_near_misses):
    assert sdm_near_misses.analysis.data.staff_units[2].counts["female"] is None
    assert not {"SDM-STATUS-DIFFERS", "SDM-GENDER-DIFFERS"} & codes_of(sdm_near_misses)


@near_miss("SDM-PENDIDIKAN-DIFFERS", "SDM-GOLONGAN-DIFFERS", "SDM-JABATAN-DIFFERS")
def test_group_left_entirely_empty_is_not_checked_and_cpns_pppk_count_where_they_belong(sdm_near_misses):
    contract = sdm_near_misses.analysis.data.staff_units[1]
    assert contract.counts["edu_s1"] is None and contract.counts["grade_3"] is None
    assert not {"SDM-PENDIDIKAN-DIFFERS", "SDM-GOLONGAN-DIFFERS", "SDM-JABATAN-DIFFERS"} & codes_of(sdm_near_misses)


@near_miss("SDM-TOTAL-DIFFERS")
def test_total_row_that_matches_with_an_empty_group_is_not_flagged(sdm_near_misses):
    assert sdm_near_misses.analysis.data.staff_units[3].is_total
    assert "SDM-TOTAL-DIFFERS" not in codes_of(sdm_near_misses)


@near_miss("VALUE-NOT-INTEGER")
def test_whole_head_counts_and_rupiah_with_sen_are_not_fractions(sdm_near_misses, anggaran_near_misses):
    assert "VALUE-NOT-INTEGER" not in codes_of(sdm_near_misses) | codes_of(anggaran_near_misses)


# =========================================================================== regressions: two bugs this file found
# Both were xfail(strict) here until lkip_xls was fixed (reader: an empty PK budget is no budget; calc: a zero
# target has no capaian under T/R either).


def test_pk_rows_that_state_no_budget_do_not_claim_a_zero_pk_budget(make_workbook):
    data = minimal_data()
    data["PK"] = [{"Kode": "IKU1", "Target": 80, "Kode Program": "1"},
                  {"Kode": "IKU2", "Target": 50, "Kode Program": "1"}]
    result = api.check_file(make_workbook(data))
    assert [row.budget for row in result.analysis.data.pk_rows] == [None, None]
    assert where(result, "PK-ANGGARAN-DIFFERS") == []


def test_turun_target_zero_under_t_over_r_is_a_target_zero_warning_and_left_out_of_the_average(make_workbook):
    data = minimal_data()
    data["Identitas"]["Rumus Indikator Turun"] = "T/R"
    data["IKU"][0].update({"Arah": "Turun", "Target": 0, "Realisasi": 5})
    result = api.check_file(make_workbook(data))
    assert where(result, "TARGET-ZERO") == [("warning", "IKU", "G4")]
    assert result.analysis.results.counted == 1


@near_miss("ANGGARAN-HIERARCHY-UNCLEAR")
def test_dotted_codes_with_sums_that_add_up_are_a_clear_hierarchy(anggaran_near_misses):
    assert "ANGGARAN-HIERARCHY-UNCLEAR" not in codes_of(anggaran_near_misses)
    assert anggaran_near_misses.analysis.results.total_absorption is not None


def test_an_unclear_hierarchy_states_no_total_and_checks_no_total_row(hierarchy_slips):
    assert hierarchy_slips.status == "errors"
    assert hierarchy_slips.analysis.results.hierarchy_unclear
    assert "ANGGARAN-TOTAL-DIFFERS" not in codes_of(hierarchy_slips)  # 600 against 300 would be a doubled total


@near_miss("ARAH-MAYBE-TURUN")
def test_arah_stated_or_a_neutral_name_is_not_flagged(identitas_and_iku_near_misses, arah_slips):
    assert "ARAH-MAYBE-TURUN" not in codes_of(identitas_and_iku_near_misses)
    assert arah_slips.analysis.data.indicators[0].direction == "Naik"  # warned, never changed
    assert arah_slips.analysis.results.indicators[0].value == Decimal("37.50")


# =========================================================================== coverage of this file


def test_every_emitted_code_has_a_firing_case_and_a_near_miss_here():
    assert EMITTED_CODES - set(FIRES) == set(), "codes without a case where they fire"
    assert EMITTED_CODES - QUIET == set(), "codes without a near miss"
    assert set(FIRES) - EMITTED_CODES == set(), "cases for codes the tool does not know"
    assert all(Severity(severity) for _, severity, _, _ in FIRES.values())

