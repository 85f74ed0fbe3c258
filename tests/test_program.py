"""Kinerja Program (TEMPLATE.md §5, DOMAIN.md §4b): capaian kinerja beside capaian keuangan, end to end."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl

from lkip_xls import api
from lkip_xls.core.model import Severity
from lkip_xls.outputs import json_report
from lkip_xls.rules import program

from .conftest import minimal_data, write_workbook


def program_data() -> dict:
    data = minimal_data()
    data["Anggaran"] = [
        {"Kode": "1", "Uraian": "Program satu", "Kode Sasaran": "SS1", "Pagu (Rp)": 1000000, "Realisasi (Rp)": 931000},
        {"Kode": "1.1", "Uraian": "Kegiatan satu", "Pagu (Rp)": 600000, "Realisasi (Rp)": 531000},
        {"Kode": "1.1.1", "Uraian": "Sub kegiatan satu", "Pagu (Rp)": 600000, "Realisasi (Rp)": 531000},
        {"Kode": "1.2", "Uraian": "Kegiatan dua", "Pagu (Rp)": 400000, "Realisasi (Rp)": 400000},
    ]
    data["Kinerja Program"] = [
        {"Kode": "1", "Indikator Kinerja": "Persentase layanan", "Satuan": "%", "Target": 80, "Realisasi": 84},
        {"Indikator Kinerja": "Opini BPK", "Satuan": "Predikat", "Target": "WTP", "Realisasi": "WDP"},
        {"Kode": "1.1", "Indikator Kinerja": "Dokumen", "Satuan": "Dokumen", "Target": 10, "Realisasi": 9,
         "Capaian (%)": 95},
        {"Kode": "1.1.1", "Indikator Kinerja": "Koefisien variasi", "Satuan": "%", "Arah": "Turun", "Target": 8,
         "Realisasi": 3},
        {"Kode": "9.9", "Indikator Kinerja": "Salah kode", "Target": 1, "Realisasi": 1},
    ]
    return data


def test_program_capaian_serapan_efficiency_and_findings(tmp_path):
    result = api.check_file(write_workbook(tmp_path / "program.xlsx", program_data()))
    programs = {p.code: p for p in result.analysis.results.programs}
    first = programs["1"]
    assert [i.value for i in first.indicators] == [Decimal("105.00"), Decimal("75.00")]
    assert first.capaian == Decimal("90.00") and first.category == "Tinggi"
    assert first.absorption == Decimal("93.10") and first.absorption_category == "Sangat Tinggi"
    assert first.efficiency == Decimal("-3.10") and first.efficiency_category == "Cukup Efisien"
    assert (first.level, first.name) == ("Program", "Program satu")
    assert (programs["1.1"].level, programs["1.1.1"].level) == ("Kegiatan", "Sub Kegiatan")
    assert programs["1.1.1"].capaian == Decimal("162.50")
    assert programs["9.9"].level is None and programs["9.9"].absorption is None
    found = {(f.code, f.cell) for f in result.findings}
    assert ("KINERJA-KODE-UNKNOWN", "A8") in found
    assert ("CAPAIAN-DIFFERS", "G6") in found
    unknown = next(f for f in result.findings if f.code == "KINERJA-KODE-UNKNOWN")
    assert unknown.severity is Severity.ERROR and unknown.sheet == "Kinerja Program"
    # these indicators never enter the IKU averages
    assert result.analysis.results.counted == 2



def test_kode_under_anggaran_tingkat_is_a_full_kode_or_a_label_unique_in_the_sheet(tmp_path):
    """Bangka Belitung numbering: program `03`, its kegiatan printed `16.01` (full Kode `03.16.01`)."""
    data = minimal_data()
    data["Anggaran"] = [
        {"Kode": "03.", "Uraian": "Program tiga", "Kode Sasaran": "SS1", "Pagu (Rp)": 300, "Realisasi (Rp)": 270,
         "Tingkat": "Program"},
        {"Kode": "16.01", "Uraian": "Kegiatan a", "Pagu (Rp)": 100, "Realisasi (Rp)": 90, "Tingkat": "Kegiatan"},
        {"Kode": "16.02", "Uraian": "Kegiatan b", "Pagu (Rp)": 200, "Realisasi (Rp)": 180, "Tingkat": "Kegiatan"},
        {"Kode": "04", "Uraian": "Program empat", "Pagu (Rp)": 100, "Realisasi (Rp)": 50, "Tingkat": "Program"},
        {"Kode": "1", "Uraian": "Kegiatan c", "Pagu (Rp)": 100, "Realisasi (Rp)": 50, "Tingkat": "Kegiatan"},
        {"Kode": "05", "Uraian": "Program lima", "Pagu (Rp)": 100, "Realisasi (Rp)": 100, "Tingkat": "Program"},
        {"Kode": "1", "Uraian": "Kegiatan d", "Pagu (Rp)": 100, "Realisasi (Rp)": 100, "Tingkat": "Kegiatan"},
    ]
    data["Kinerja Program"] = [
        {"Kode": "03", "Indikator Kinerja": "Program", "Target": 10, "Realisasi": 10},
        {"Kode": "16.01", "Indikator Kinerja": "Label", "Target": 10, "Realisasi": 5},
        {"Kode": "03.16.01", "Indikator Kinerja": "Full Kode", "Target": 10, "Realisasi": 10},
        {"Kode": "16.02.", "Indikator Kinerja": "Label with a dot", "Target": 10, "Realisasi": 10},
        {"Kode": "1", "Indikator Kinerja": "Two kegiatan carry this label", "Target": 1, "Realisasi": 1},
        {"Kode": "04.1", "Indikator Kinerja": "Full Kode of the first", "Target": 1, "Realisasi": 1},
    ]
    result = api.check_file(write_workbook(tmp_path / "tingkat.xlsx", data))
    programs = {p.code: p for p in result.analysis.results.programs}
    assert list(programs) == ["03", "03.16.01", "03.16.02", "1", "04.1"]
    kegiatan = programs["03.16.01"]
    assert (kegiatan.level, kegiatan.name, kegiatan.absorption) == ("Kegiatan", "Kegiatan a", Decimal("90.00"))
    assert [i.value for i in kegiatan.indicators] == [Decimal("50.00"), Decimal("100.00")]
    assert programs["03"].absorption == Decimal("90.00") and programs["03.16.02"].name == "Kegiatan b"
    assert programs["1"].level is None and programs["1"].absorption is None
    assert programs["04.1"].absorption == Decimal("50.00")
    unknown = [f.cell for f in result.findings if f.code == "KINERJA-KODE-UNKNOWN"]
    assert unknown == ["A8"]  # only the label two kegiatan share




def test_efficiency_methods():
    assert program.efficiency(Decimal(90), Decimal("93.10")) == Decimal("-3.10")
    assert program.efficiency(Decimal(90), Decimal("89.48"), "100-serapan") == Decimal("10.52")
    assert program.efficiency(Decimal(110), None, "pmk214", budget=Decimal(100), spent=Decimal(99),
                              average_cap=Decimal(105)) == Decimal("5.71")
    assert program.efficiency(None, Decimal(50)) is None


def test_hasil_json_and_summary_hold_the_program_figures(tmp_path):
    source = write_workbook(tmp_path / "program.xlsx", program_data())
    result = api.process_file(source)
    hasil = openpyxl.load_workbook(result.outputs["hasil"])["Kinerja Program"]
    assert hasil["G4"].value == 105 and hasil["H4"].value == "Sangat Tinggi" and hasil["I4"].value == 93.1
    assert hasil["G5"].value == 75 and hasil["I5"].value == 93.1
    assert hasil["G6"].value == 90 and hasil["I6"].value == 88.5
    document = json.loads(json_report.dumps([result]))["files"][0]
    first = document["program"][0]
    assert first == {
        "kode": "1", "tingkat": "Program", "uraian": "Program satu", "capaian": 90.0, "kategori": "Tinggi",
        "serapan": 93.1, "kategori_serapan": "Sangat Tinggi", "efisiensi": -3.1,
        "indikator": [
            {"indikator": "Persentase layanan", "target": 80.0, "realisasi": 84.0, "capaian": 105.0,
             "kategori": "Sangat Tinggi"},
            {"indikator": "Opini BPK", "target": 4.0, "realisasi": 3.0, "capaian": 75.0, "kategori": "Sedang"},
        ],
    }
    assert [p["tingkat"] for p in document["program"]] == ["Program", "Kegiatan", "Sub Kegiatan", None]


def test_summary_has_the_capaian_kinerja_dan_keuangan_table_chart_and_sentences(tmp_path):
    result = api.process_file(write_workbook(tmp_path / "program.xlsx", program_data()))
    workbook = openpyxl.load_workbook(result.outputs["ringkasan"])
    ws = workbook["Kinerja Program"]
    assert ws["A1"].value.startswith("Capaian Kinerja dan Keuangan")
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Tingkat")
    assert [c.value for c in ws[header]][:15] == [
        "Tingkat", "Kode", "Program / Kegiatan / Sub Kegiatan", "Indikator Kinerja", "Satuan", "Target", "Realisasi",
        "Capaian (%)", "Capaian Kinerja (%)", "Kategori Kinerja", "Pagu (Rp)", "Realisasi (Rp)",
        "Capaian Keuangan (%)", "Kategori Keuangan", "Efisiensi (poin)"]
    first = [c.value for c in ws[header + 1]][:15]
    assert first == ["Program", "1", "Program satu", "Persentase layanan", "%", 80, 84, 105, 90, "Tinggi", 1000000,
                     931000, 93.1, "Sangat Tinggi", -3.1]
    second = [c.value for c in ws[header + 2]][:8]
    assert second[3] == "Opini BPK" and second[7] == 75
    assert len(ws._charts) == 1  # noqa: SLF001 - openpyxl keeps read charts there
    sheet = workbook["Ringkasan"]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "• Program satu mencapai capaian kinerja 90,00% (kategori Tinggi) dengan serapan anggaran " \
           "93,10% (Sangat Tinggi)." in text


def test_recap_counts_the_programs_and_sets_capaian_kinerja_beside_keuangan(tmp_path):
    from lkip_xls.outputs import rekap_book
    from lkip_xls.rules.recap import build_rekap

    plain = api.check_file(write_workbook(tmp_path / "tanpa-program.xlsx", minimal_data()))
    with_programs = api.check_file(write_workbook(tmp_path / "program.xlsx", program_data()))
    rekap = build_rekap([plain, with_programs])
    row = next(r for r in rekap.rows if r.file == "program.xlsx")
    assert (row.programs, row.program_capaian, row.program_serapan) == (1, Decimal("90.00"), Decimal("93.10"))
    assert next(r for r in rekap.rows if r.file == "tanpa-program.xlsx").programs is None
    assert (rekap.programs, rekap.program_capaian, rekap.program_serapan) == (1, Decimal("90.00"), Decimal("93.10"))
    out = tmp_path / "rekap.xlsx"
    rekap_book.write_rekap(rekap, out)
    ws = openpyxl.load_workbook(out)["Kinerja Program"]
    values = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(values) if r[0] == "No")
    assert values[header][:6] == ["No", "Nama Instansi", "Jumlah Program", "Capaian Kinerja (%)",
                                  "Capaian Keuangan (%)", "Efisiensi (poin)"]
    assert values[header + 1][1:6] == ["Dinas Contoh", 1, 90, 93.1, -3.1]


def test_a_returned_hasil_gives_only_the_findings_that_remain(tmp_path):
    first = api.process_file(write_workbook(tmp_path / "program.xlsx", program_data()))
    again = api.check_file(Path(first.outputs["hasil"]))
    assert sorted((f.code, f.sheet, f.cell) for f in again.findings) == \
        sorted((f.code, f.sheet, f.cell) for f in first.findings)
    assert [p.capaian for p in again.analysis.results.programs] == \
        [p.capaian for p in first.analysis.results.programs]


def test_extreme_program_capaian_is_flagged_as_for_iku():
    """Pasuruan's Tabel 3.13: 433,33 against a target of 5 gives 8666,60 (CAPAIAN-EXTREME, as an IKU would)."""
    from .builders import analyse, minimal, program_indicator

    result = analyse(minimal(programs=[
        program_indicator("1", 5, 433.33),  # 4: 8666,60
        program_indicator("1.1", 100, 1000),  # 5: exactly 1000, not beyond
        program_indicator("1.1", 10, -101, inherited=True),  # 6: -1010
    ]))
    extreme = [(f.cell, f.severity, f.params["code"]) for f in result.findings if f.code == "CAPAIAN-EXTREME"]
    assert extreme == [("G4", Severity.WARNING, "1"), ("G6", Severity.WARNING, "1.1")]
