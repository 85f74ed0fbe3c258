"""`lkip-xls rekap`: the regional recap workbook, read back with openpyxl."""

from __future__ import annotations

import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lkip_xls import api, batch
from lkip_xls.cli import app
from lkip_xls.outputs import rekap_book
from lkip_xls.rules.analysis import FileResult
from lkip_xls.rules.recap import RECAP_SCALE, TINGGI_THRESHOLD, build_rekap
from lkip_xls.text.recap import render_narrative, table_notes

from . import builders as b
from .conftest import SAMPLES, minimal_data, write_workbook

runner = CliRunner()
RENAMED = "  DINAS Perindustrian dan  Perdagangan Provinsi Nusa Tenggara Timur "


def rows_of(ws) -> list[tuple]:
    return [row for row in ws.iter_rows(values_only=True)]


def table(path: Path, sheet: str = "Rekap") -> dict[str, dict]:
    """File name -> {header: value} for every agency row of the recap sheet, plus the totals row under ''."""
    ws = openpyxl.load_workbook(path)[sheet]
    values = rows_of(ws)
    header_index = next(i for i, row in enumerate(values) if row[0] in ("Peringkat", "Rank"))
    headers = values[header_index]
    found: dict[str, dict] = {}
    for row in values[header_index + 1:]:
        if not any(v not in (None, "") for v in row[:15]):
            break
        record = dict(zip(headers, row, strict=False))
        record["_row"] = header_index + 1 + len(found) + 1
        key = record.get("Berkas") or record.get("File") or ""
        found[key] = record
    return found


def fill(path: Path, row: int) -> str | None:
    return openpyxl.load_workbook(path)["Rekap"].cell(row, 2).fill.fgColor.rgb


@pytest.fixture(scope="module")
def kiriman(tmp_path_factory) -> Path:
    """The samples, a hostile file, a renamed copy of NTT's agency, a `_hasil` twin and a `_ringkasan` file."""
    folder = tmp_path_factory.mktemp("kiriman")
    for sample in SAMPLES.glob("*.xlsx"):
        shutil.copy(sample, folder / sample.name)
    (folder / "rusak.xlsx").write_bytes(b"bukan workbook")
    copy = openpyxl.load_workbook(SAMPLES / "ntt-2024.xlsx")
    identitas = copy["Identitas"]
    for row in identitas.iter_rows():
        if row[0].value == "Nama Instansi":
            row[1].value = RENAMED
    copy.save(folder / "salinan-dinas.xlsx")
    shutil.copy(SAMPLES / "contoh-triwulan-2024.xlsx", folder / "contoh-triwulan-2024_hasil.xlsx")
    shutil.copy(SAMPLES / "babel-2020.xlsx", folder / "babel-2020_ringkasan.xlsx")
    return folder


@pytest.fixture(scope="module")
def recap(kiriman, tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("rekap") / "rekap.xlsx"
    result = runner.invoke(app, ["rekap", str(kiriman), "--out", str(out), "--jobs", "1"])
    return out, result


def test_every_file_has_a_row_and_the_sheets_come_narrative_first(recap):
    out, result = recap
    assert result.exit_code == 2, result.output  # rusak.xlsx cannot be read
    assert openpyxl.load_workbook(out).sheetnames == ["Narasi", "Rekap", "Grafik", "Kesalahan"]
    assert set(table(out)) - {""} == {"babel-2020.xlsx", "contoh-triwulan-2024_hasil.xlsx", "ntt-2024.xlsx",
                                      "salinan-dinas.xlsx", "pasuruan-2022.xlsx", "pasuruan-2022-program.xlsx",
                                      "rusak.xlsx"}


def test_hasil_twin_replaces_its_original_and_ringkasan_is_skipped(recap):
    out, result = recap
    rows = table(out)
    assert "contoh-triwulan-2024.xlsx" not in rows and "babel-2020_ringkasan.xlsx" not in rows
    assert "contoh-triwulan-2024.xlsx" in result.output and "contoh-triwulan-2024_hasil.xlsx" in result.output


def test_ntt_row_reproduces_the_published_average_and_its_errors(recap):
    out, _ = recap
    ntt = table(out)["ntt-2024.xlsx"]
    assert ntt["Rata-rata Capaian (%)"] == 70.36
    assert ntt["Kategori"] == "Cukup Berhasil"
    assert ntt["Kesalahan"] == 4  # the stale pagu and the short Laki-laki: one error each, not three and two
    assert ntt["Serapan (%)"] == 89.48  # as the report prints it: program 1's pagu corrected
    assert ntt["Status"] == "ada kesalahan"
    assert "Rata-rata capaian < 76%" in ntt["Keterangan"] and "Serapan < 90%" in ntt["Keterangan"]


def test_totals_sum_the_budgets_and_average_the_averages(recap, expectations):
    out, _ = recap
    rows = table(out)
    # each agency once, with the file given last (a folder's files by name): ntt-2024 and salinan-dinas are one
    # agency, pasuruan-2022-program and pasuruan-2022 another; the totals add each agency once, too
    superseded = {"ntt-2024.xlsx", "pasuruan-2022-program.xlsx"}
    agencies = [r for name, r in rows.items() if name and r["Status"] != "tidak terbaca" and name not in superseded]
    totals = rows[""]
    pagu = sum(Decimal(str(r["Pagu (Rp)"])) for r in agencies)
    realisasi = sum(Decimal(str(r["Realisasi (Rp)"])) for r in agencies)
    assert totals["Nama Instansi"] == "Jumlah / rata-rata"
    assert Decimal(str(totals["Pagu (Rp)"])) == pagu
    assert Decimal(str(totals["Realisasi (Rp)"])) == realisasi
    assert totals["Serapan (%)"] == float(round(realisasi / pagu * 100, 2))
    averages = [Decimal(str(r["Rata-rata Capaian (%)"])) for name, r in rows.items()
                if name and r["Status"] != "tidak terbaca" and name not in superseded]
    assert len(averages) == 4
    assert totals["Rata-rata Capaian (%)"] == float(round(sum(averages) / len(averages), 2))
    files = [r for name, r in rows.items() if name and r["Status"] != "tidak terbaca"]
    assert totals["Kesalahan"] == sum(r["Kesalahan"] for r in files)  # every file sent has its errors to fix
    assert totals["Jumlah Indikator"] == sum(r["Jumlah Indikator"] for r in agencies)
    assert totals["Status"] == "6 dari 7 terbaca"
    ntt = expectations["ntt-2024.xlsx"]["anggaran"]
    assert rows["ntt-2024.xlsx"]["Pagu (Rp)"] == float(ntt["pagu"])


def test_ranks_follow_the_average_and_unreadable_files_come_last_unranked(recap):
    out, _ = recap
    rows = [r for name, r in table(out).items() if name]
    ranked = [r for r in rows if r["Peringkat"] is not None and r["Peringkat"] != "-"]
    assert [r["Berkas"] for r in ranked][:2] == ["pasuruan-2022-program.xlsx", "babel-2020.xlsx"]
    # one ranking per capaian cap: the uncapped agencies (the larger group) first, then NTT's cap of 100 %
    assert [r["Batas Capaian (%)"] for r in ranked] == ["tanpa batas"] * 4 + ["100"] * 2  # never a bare "-"
    for cap in ("tanpa batas", "100"):
        averages = [r["Rata-rata Capaian (%)"] for r in ranked if r["Batas Capaian (%)"] == cap]
        assert averages == sorted(averages, reverse=True)
    assert [r["Peringkat"] for r in ranked] == [1, 2, 3, 4, 1, 1]
    # NTT and its renamed copy share the average, hence the rank
    assert table(out)["ntt-2024.xlsx"]["Peringkat"] == table(out)["salinan-dinas.xlsx"]["Peringkat"] == 1
    last = rows[-1]
    assert last["Berkas"] == "rusak.xlsx" and last["Peringkat"] == "-"
    assert last["Status"] == "tidak terbaca" and "bukan berkas Excel" in last["Keterangan"]


def test_agencies_below_thresholds_are_filled_and_the_others_are_not(recap):
    out, _ = recap
    rows = table(out)
    assert fill(out, rows["ntt-2024.xlsx"]["_row"]) == "FFFCE4D6"
    assert fill(out, rows["pasuruan-2022.xlsx"]["_row"]) == "FFFCE4D6"  # serapan 70,29
    assert fill(out, rows["contoh-triwulan-2024_hasil.xlsx"]["_row"]) == "FFFCE4D6"  # one error
    assert fill(out, rows["rusak.xlsx"]["_row"]) == "FFFFC7CE"
    assert fill(out, rows["babel-2020.xlsx"]["_row"]) in (None, "00000000")


def test_number_formats_and_print_settings(recap):
    out, _ = recap
    ws = openpyxl.load_workbook(out)["Rekap"]
    row = table(out)["ntt-2024.xlsx"]["_row"]
    assert ws.cell(row, 12).number_format.endswith("#,##0")  # Pagu
    assert ws.cell(row, 8).number_format.endswith("0.00")  # Rata-rata Capaian
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$4:$4"
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_kesalahan_lists_every_error_of_every_agency(recap):
    out, _ = recap
    ws = openpyxl.load_workbook(out)["Kesalahan"]
    lines = [r for r in rows_of(ws)[4:] if r[0] is not None]
    per_file: dict[str, int] = {}
    for line in lines:
        per_file[line[1]] = per_file.get(line[1], 0) + 1
    assert per_file == {"contoh-triwulan-2024_hasil.xlsx": 1, "ntt-2024.xlsx": 4, "salinan-dinas.xlsx": 4,
                        "rusak.xlsx": 1}
    ntt = [line for line in lines if line[1] == "ntt-2024.xlsx"]
    assert {"ANGGARAN-SUM-DIFFERS", "SDM-GENDER-DIFFERS"} <= {line[3] for line in ntt}
    assert "ANGGARAN-TOTAL-DIFFERS" not in {line[3] for line in ntt}  # explained by D4: information
    assert all(line[4] and line[5] and line[6] for line in ntt)


def test_both_charts_are_present(recap):
    out, _ = recap
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart") and n.endswith(".xml")]
        assert len(charts) == 2
        text = " ".join(archive.read(n).decode() for n in charts)
    assert "Rata-rata capaian per instansi" in text and "Serapan anggaran per instansi" in text


def test_mixed_years_and_duplicates_are_flagged_in_notes_and_narrative(recap):
    out, _ = recap
    rows = table(out)
    assert "Tahun 2020 berbeda" in rows["babel-2020.xlsx"]["Keterangan"]
    assert "Duplikat" in rows["ntt-2024.xlsx"]["Keterangan"] and "salinan-dinas.xlsx" in rows["ntt-2024.xlsx"][
        "Keterangan"]
    assert "Duplikat" in rows["pasuruan-2022.xlsx"]["Keterangan"]
    assert "Duplikat" not in rows["babel-2020.xlsx"]["Keterangan"]
    text = " ".join(str(r[0]) for r in rows_of(openpyxl.load_workbook(out)["Narasi"]) if r[0])
    assert "3 (tiga) tahun yang berbeda (2020, 2022, dan 2024)" in text
    assert "ntt-2024.xlsx dan salinan-dinas.xlsx" in text
    assert "7 (tujuh) berkas" in text and "1 (satu) berkas tidak dapat dibaca" in text
    assert "Dinas Perindustrian dan Perdagangan Kota Pasuruan (708,87%)" in text  # the highest
    assert "Nusa Tenggara Timur (70,36%)" in text  # the lowest


def test_english_recap(kiriman, tmp_path):
    out = tmp_path / "recap.xlsx"
    result = runner.invoke(app, ["rekap", str(kiriman / "ntt-2024.xlsx"), str(kiriman / "babel-2020.xlsx"),
                                 "--out", str(out), "--lang", "en", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Narrative", "Recap", "Charts", "Errors"]
    text = " ".join(str(r[0]) for r in rows_of(workbook["Narrative"]) if r[0])
    assert text.startswith("Recap of the Agencies' Performance Reports")
    assert "2 (two) agency performance-report files" in text
    assert "Average capaian < 76%" in table(out, "Recap")["ntt-2024.xlsx"]["Note"]


def test_exit_status_is_that_of_check_and_the_recap_is_always_written(tmp_path):
    for files, expected in (([SAMPLES / "babel-2020.xlsx"], 0), ([SAMPLES / "ntt-2024.xlsx"], 1)):
        out = tmp_path / f"rekap-{expected}.xlsx"
        result = runner.invoke(app, ["rekap", *map(str, files), "--out", str(out), "--jobs", "1"])
        assert result.exit_code == expected, result.output
        assert out.exists()
    bad = tmp_path / "lama.xlsx"
    bad.write_bytes(b"not a workbook")
    result = runner.invoke(app, ["rekap", str(bad), "--out", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 2 and (tmp_path / "r.xlsx").exists()
    assert table(tmp_path / "r.xlsx")["lama.xlsx"]["Status"] == "tidak terbaca"


def test_json_lists_every_file_like_check(kiriman, tmp_path):
    result = runner.invoke(app, ["rekap", str(kiriman / "ntt-2024.xlsx"), "--out", str(tmp_path / "r.xlsx"),
                                 "--json", "-", "--jobs", "1"])
    document = json.loads(result.stdout)
    assert [f["file"] for f in document["files"]] == ["ntt-2024.xlsx"]
    assert document["files"][0]["rata_rata"]["capaian"] == 70.36


def test_agency_text_is_never_a_formula(tmp_path):
    path = write_workbook(tmp_path / "rumus.xlsx", minimal_data())
    workbook = openpyxl.load_workbook(path)
    for row in workbook["Identitas"].iter_rows():
        texts = {"Nama Instansi": "=HYPERLINK(\"http://x\",\"klik\")", "Pemerintah Daerah": "=1+1"}
        if row[0].value in texts:
            row[1].value = texts[row[0].value]
            row[1].data_type = "s"  # typed as text by the agency, not a formula
    workbook.save(path)
    out = tmp_path / "rekap.xlsx"
    runner.invoke(app, ["rekap", str(path), "--out", str(out)])
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)
    row = table(out)["rumus.xlsx"]
    assert row["Nama Instansi"] == "=HYPERLINK(\"http://x\",\"klik\")" and row["Pemerintah Daerah"] == "=1+1"


def test_the_output_is_not_read_back_as_an_agency(tmp_path):
    shutil.copy(SAMPLES / "babel-2020.xlsx", tmp_path / "babel-2020.xlsx")
    for _ in range(2):
        result = runner.invoke(app, ["rekap", str(tmp_path), "--out", str(tmp_path / "rekap.xlsx")])
        assert result.exit_code == 0, result.output
    assert set(table(tmp_path / "rekap.xlsx")) == {"babel-2020.xlsx", ""}


def test_out_naming_an_agency_workbook_of_a_folder_is_refused_not_overwritten(tmp_path):
    shutil.copy(SAMPLES / "babel-2020.xlsx", tmp_path / "babel-2020.xlsx")
    victim = shutil.copy(SAMPLES / "ntt-2024.xlsx", tmp_path / "ntt-2024_hasil.xlsx")
    before = Path(victim).read_bytes()
    result = runner.invoke(app, ["rekap", str(tmp_path), "--out", str(victim)])
    assert result.exit_code == 2, result.output
    assert Path(victim).read_bytes() == before


def test_build_rekap_ranks_ties_together_and_flags_duplicates(tmp_path):
    first = write_workbook(tmp_path / "a.xlsx", minimal_data())
    second = write_workbook(tmp_path / "b.xlsx", minimal_data())
    result = build_rekap([api.check_file(first), api.check_file(second)], "id")
    assert [r.rank for r in result.rows] == [1, 1]
    assert [r.duplicates for r in result.rows] == [["b.xlsx"], ["a.xlsx"]]
    assert not result.mixed_years and result.years == [2024]
    assert result.average == result.rows[0].average



def test_agencies_are_marked_below_where_tinggi_starts_on_the_recap_scale():
    tinggi = next(band for band in RECAP_SCALE if band.category == "Tinggi")
    assert TINGGI_THRESHOLD == tinggi.lower


def test_rekap_inputs_keep_the_hasil_twin_even_when_named_explicitly(tmp_path):
    for name in ("x.xlsx", "x_hasil.xlsx", "x_ringkasan.xlsx", "y.xlsm"):
        (tmp_path / name).write_bytes(b"")
    kept, skipped = batch.rekap_inputs([tmp_path / "x.xlsx", tmp_path])
    assert [p.name for p in kept] == ["x_hasil.xlsx", "y.xlsm"]
    assert sorted((p.name, why) for p, why in skipped) == [("x.xlsx", "twin"), ("x_ringkasan.xlsx", "ringkasan")]


# ------------------------------------------------------------------- recap rules on in-memory workbooks (#15, #17)


def result_of(name: str, data) -> FileResult:
    analysis = b.analyse(data)
    return FileResult(Path(name), "errors" if any(f.severity.value == "error" for f in analysis.findings) else "ok",
                      analysis, list(analysis.findings))


def agency(name: str, averages: tuple, *, cap=None, scale: str = "permendagri86",
           pemda: str = "Pemerintah Kota Contoh", agency_name: str | None = None, budget=None) -> FileResult:
    """An agency whose indicators reach `averages` (target 100, realisasi as given; None: realisasi N/A); each
    file its own agency ("Dinas A" for a.xlsx) unless `agency_name` says otherwise (a duplicate)."""
    agency_name = agency_name or f"Dinas {Path(name).stem.upper()}"
    indicators = [b.indicator(f"IKU{i}", 100, value, actual_text=None if value is not None else "N/A")
                  for i, value in enumerate(averages, start=1)]
    ident = b.identitas(agency=agency_name, government=pemda, indicator_cap=cap, scale=scale)
    return result_of(name, b.minimal(identitas=ident, indicators=indicators, **({"budget": budget} if budget else {})))


def narrative_text(rekap) -> str:
    return " ".join(block.text for block in render_narrative(rekap))


def test_jumlah_indikator_counts_every_indicator_and_targets_met_are_counted_apart():
    rekap = build_rekap([agency("a.xlsx", (120, 100, 80, None))])
    row = rekap.rows[0]
    assert (row.indicators, row.counted, row.reached) == (4, 3, 2)  # N/A counts as an indicator, not as 0
    assert (rekap.indicators, rekap.counted, rekap.reached) == (4, 3, 2)
    text = narrative_text(rekap)
    assert "4 (empat) indikator" in text and "3 (tiga) indikator" in text and "2 (dua) indikator mencapai" in text


def test_averages_under_different_caps_are_ranked_apart_and_the_note_names_the_caps():
    rekap = build_rekap([agency("bebas1.xlsx", (150,)), agency("batas.xlsx", (130,), cap=100),
                         agency("bebas2.xlsx", (90,)), agency("batas2.xlsx", (95,), cap=100),
                         agency("batas120.xlsx", (200,), cap=120)])
    assert [(g.cap, [r.file for r in g.rows]) for g in rekap.groups] == [
        (Decimal(100), ["batas.xlsx", "batas2.xlsx"]), (None, ["bebas1.xlsx", "bebas2.xlsx"]),
        (Decimal(120), ["batas120.xlsx"])]
    assert [(r.file, r.rank) for r in rekap.ranked] == [("batas.xlsx", 1), ("batas2.xlsx", 2), ("bebas1.xlsx", 1),
                                                         ("bebas2.xlsx", 2), ("batas120.xlsx", 1)]
    assert rekap.mixed_caps
    ranking = table_notes(rekap, "id")[0]
    assert "terpisah per batas capaian" in ranking
    assert "batas 100% (2 instansi); tanpa batas (2 instansi); batas 120% (1 instansi)" in ranking
    assert "capped at 100% (2 agencies)" in table_notes(rekap, "en")[0]
    assert "capped at 120% (1 agency)" in table_notes(rekap, "en")[0]
    text = narrative_text(rekap)
    assert "batas capaian berbeda" in text and "Batas 100%: tertinggi" in text


def test_one_cap_and_one_scale_are_said_once_and_rank_together():
    rekap = build_rekap([agency("a.xlsx", (150,)), agency("b.xlsx", (90,))])
    assert not rekap.mixed_caps and not rekap.mixed_scales
    assert [r.rank for r in rekap.rows] == [1, 2]
    said = table_notes(rekap, "id")
    assert said[0].startswith("Peringkat menurut rata-rata capaian") and "tanpa batas" in said[0]
    assert "skala Permendagri 86/2017 yang dipakai semua instansi" in said[1]
    assert "batas capaian berbeda" not in narrative_text(rekap)


def test_categories_of_different_scales_are_named_under_the_table_and_in_the_narrative():
    rekap = build_rekap([agency("a.xlsx", (80,)), agency("b.xlsx", (80,), scale="kemenpan")])
    assert rekap.mixed_scales
    assert [r.category for r in rekap.rows] == ["Tinggi", "Berhasil"]
    said = " ".join(table_notes(rekap, "id"))
    assert "KemenPAN-RB (1 instansi); Permendagri 86/2017 (1 instansi)" in said
    assert "tidak dapat dibandingkan" in narrative_text(rekap)


def test_two_provinces_dinas_are_told_apart_by_their_pemda(tmp_path):
    results = [agency("ntt.xlsx", (90,), agency_name="Dinas Perindustrian", pemda="Pemerintah Provinsi NTT"),
               agency("babel.xlsx", (80,), agency_name="Dinas Perindustrian", pemda="Pemerintah Provinsi Babel")]
    rekap = build_rekap(results)
    assert [r.name for r in rekap.rows] == ["Dinas Perindustrian (Pemerintah Provinsi NTT)",
                                            "Dinas Perindustrian (Pemerintah Provinsi Babel)"]
    assert not rekap.duplicates
    text = narrative_text(rekap)
    assert "Dinas Perindustrian (Pemerintah Provinsi NTT) (90,00%)" in text
    out = tmp_path / "rekap.xlsx"
    rekap_book.write_rekap(rekap, out)
    with zipfile.ZipFile(out) as archive:
        charts = " ".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart"))
    assert "Pemerintah Provinsi Babel" in charts  # the chart's axis labels
    # one pemda for all: the names stay as they are (the title says the pemda)
    alone = build_rekap([agency("a.xlsx", (90,), agency_name="Dinas A"),
                         agency("b.xlsx", (80,), agency_name="Dinas B")])
    assert [r.name for r in alone.rows] == ["Dinas A", "Dinas B"]
    # a name that already says its place is not repeated
    said = build_rekap([agency("x.xlsx", (90,), agency_name="Dinas Kota Contoh"),
                        agency("y.xlsx", (90,), agency_name="Dinas Y", pemda="Pemerintah Kota Lain")])
    assert "Dinas Kota Contoh" in [r.name for r in said.rows]


def money_budget() -> list:
    lines = [b.budget_line("1", 1000, 900, name="Program APBD", sasaran="SS1"),
             b.budget_line("1.1", 1000, 900, name="Kegiatan APBD"),
             b.budget_line("2", 400, 100, name="Program dekonsentrasi", sasaran="SS1"),
             b.budget_line("2.1", 400, 100, name="Kegiatan dekonsentrasi"),
             b.budget_line("9", 500, 650, name="Retribusi")]
    lines[0].fund_source, lines[2].fund_source = "APBD", "APBN Dekonsentrasi"
    lines[4].kind = "Pendapatan"
    return lines


def test_sumber_dana_and_pendapatan_per_agency_and_in_total(tmp_path):
    one = agency("a.xlsx", (100,), budget=money_budget(), agency_name="Dinas A")
    other_lines = money_budget()[:2]
    other_lines[0].fund_source = "apbd "  # the same source, typed otherwise
    two = agency("b.xlsx", (100,), budget=other_lines, agency_name="Dinas B")
    plain = agency("c.xlsx", (100,), agency_name="Dinas C")
    rekap = build_rekap([one, two, plain])
    row = next(r for r in rekap.rows if r.file == "a.xlsx")
    assert [(s.source, s.budget, s.spent) for s in row.sources] == [("APBD", 1000, 900),
                                                                   ("APBN Dekonsentrasi", 400, 100)]
    assert (row.revenue_target, row.revenue_actual, row.revenue_percent) == (500, 650, Decimal("130.00"))
    assert row.pagu == 1400  # revenue is not spending
    assert [(s.source, s.budget, s.spent, s.absorption) for s in rekap.sources] == [
        ("APBD", 2000, 1800, Decimal("90.00")), ("APBN Dekonsentrasi", 400, 100, Decimal("25.00"))]
    assert (rekap.revenue_target, rekap.revenue_actual) == (500, 650)
    assert [r.file for r in rekap.with_money] == ["a.xlsx", "b.xlsx"]
    out = tmp_path / "rekap.xlsx"
    rekap_book.write_rekap(rekap, out)
    ws = openpyxl.load_workbook(out)["Sumber Dana"]
    values = rows_of(ws)
    header = next(i for i, r in enumerate(values) if r[0] == "No")
    assert values[header][1:10] == ("Nama Instansi", "Pagu APBD (Rp)", "Realisasi APBD (Rp)", "Serapan APBD (%)",
                                    "Pagu APBN Dekonsentrasi (Rp)", "Realisasi APBN Dekonsentrasi (Rp)",
                                    "Serapan APBN Dekonsentrasi (%)", "Target Pendapatan (Rp)",
                                    "Realisasi Pendapatan (Rp)")
    assert values[header + 1][1:11] == ("Dinas A", 1000, 900, 90, 400, 100, 25, 500, 650, 130)
    assert values[header + 2][1:7] == ("Dinas B", 1000, 900, 90, None, None)  # no such source: empty, not 0
    assert values[header + 3][1:5] == ("Jumlah / rata-rata", 2000, 1800, 90)
    text = narrative_text(rekap)
    assert "APBN Dekonsentrasi: pagu Rp400, realisasi Rp100, serapan 25,00%" in text
    assert "Pendapatan 1 (satu) instansi ditargetkan Rp500" in text
    english = tmp_path / "en.xlsx"
    rekap_book.write_rekap(rekap, english, lang="en")
    assert "Fund Sources" in openpyxl.load_workbook(english).sheetnames


def _written(rekap, path: Path) -> Path:
    rekap_book.write_rekap(rekap, path)
    return path


def test_a_recap_without_sources_or_revenue_has_no_sumber_dana_sheet(tmp_path):
    rekap = build_rekap([agency("a.xlsx", (100,))])
    assert not rekap.with_money and rekap.sources == [] and rekap.revenue_target is None
    assert "Sumber Dana" not in openpyxl.load_workbook(_written(rekap, tmp_path / "r.xlsx")).sheetnames


def test_the_rekap_sheet_has_the_new_columns_and_the_notes_under_the_table(tmp_path):
    rekap = build_rekap([agency("a.xlsx", (120, None)), agency("b.xlsx", (80,), cap=100, scale="kemenpan")])
    out = _written(rekap, tmp_path / "r.xlsx")
    rows = table(out)
    assert (rows["a.xlsx"]["Jumlah Indikator"], rows["a.xlsx"]["Indikator Terhitung"],
            rows["a.xlsx"]["Mencapai Target"]) == (2, 1, 1)
    assert (rows["b.xlsx"]["Skala Kategori"], rows["b.xlsx"]["Batas Capaian (%)"]) == ("KemenPAN-RB", "100")
    assert (rows[""]["Jumlah Indikator"], rows[""]["Indikator Terhitung"], rows[""]["Mencapai Target"]) == (3, 2, 1)
    below = " ".join(str(r[0]) for r in rows_of(openpyxl.load_workbook(out)["Rekap"]) if r[0])
    assert "terpisah per batas capaian" in below and "KemenPAN-RB (1 instansi)" in below


def test_the_capaian_chart_says_which_cap_each_bar_works_under_when_caps_differ(tmp_path):
    rekap = build_rekap([agency("a.xlsx", (150,), agency_name="Dinas A"),
                         agency("b.xlsx", (90,), cap=100, agency_name="Dinas B")])
    out = _written(rekap, tmp_path / "r.xlsx")
    workbook = openpyxl.load_workbook(out)
    rows = [r for r in rows_of(workbook["Rekap"]) if r[rekap_book.HELPER_LABEL]]
    assert sorted(r[rekap_book.HELPER_LABEL] for r in rows) == ["Dinas A [tanpa batas]", "Dinas B [batas 100%]"]
    assert sorted(r[rekap_book.HELPER_NAME] for r in rows) == ["Dinas A", "Dinas B"]  # serapan has no cap
    assert "batas capaian berbeda" in str(workbook["Grafik"]["A3"].value)
    with zipfile.ZipFile(out) as package:
        charts = [package.read(n).decode() for n in sorted(package.namelist()) if n.startswith("xl/charts/chart")]
    label, name = (openpyxl.utils.get_column_letter(c + 1) for c in (rekap_book.HELPER_LABEL, rekap_book.HELPER_NAME))
    assert f"${label}$" in charts[0].split("<c:cat>")[1] and f"${name}$" in charts[1].split("<c:cat>")[1]
    for chart in charts:  # value labels at the bars' base, off the 100 % and 90 % lines; 1.354,57 grouped
        assert '<c:dLblPos val="inBase"/>' in chart and "#,##0.00" in chart


def test_one_agency_sent_twice_is_not_its_own_highest_and_lowest():
    rekap = build_rekap([agency("a.xlsx", (150,), agency_name="Dinas A"),
                         agency("b.xlsx", (70,), cap=100, agency_name="Dinas B"),
                         agency("b-v2.xlsx", (70,), cap=100, agency_name="Dinas B")])
    text = narrative_text(rekap)
    assert "Batas 100%: Dinas B (70,00%)." in text and "terendah Dinas B" not in text
    assert "sheet" not in text and "workbook" not in text  # the head of region reads a report, not a tool


def test_recap_percentages_above_a_thousand_are_grouped(tmp_path):
    rekap = build_rekap([agency("a.xlsx", (Decimal("1354.57"),))])
    ws = openpyxl.load_workbook(_written(rekap, tmp_path / "r.xlsx"))["Rekap"]
    formats = {cell.number_format for row in ws.iter_rows() for cell in row if cell.value == 1354.57}
    assert formats and all("#,##0.00" in f for f in formats)


def test_the_narrative_states_the_programs_capaian_kinerja_beside_keuangan(tmp_path):
    from .test_program import program_data

    with_programs = api.check_file(write_workbook(tmp_path / "program.xlsx", program_data()))
    rekap = build_rekap([with_programs, agency("a.xlsx", (100,))])
    text = narrative_text(rekap)
    assert "Kinerja Program" in text and "1 (satu) instansi melaporkan" in text
    assert "capaian kinerja program per instansi 90,00%" in text and "(serapan) 93,10%" in text
    assert "Program Performance" in " ".join(block.text for block in render_narrative(rekap, "en"))
    assert "Kinerja Program" not in narrative_text(build_rekap([agency("a.xlsx", (100,))]))


def test_the_indonesian_recap_narrative_says_lembar_and_berkas_never_sheet_or_workbook():
    from lkip_xls.text import recap

    source = (Path(recap.__file__).parent / "templates" / "id" / "rekap.j2").read_text(encoding="utf-8")
    import re

    prose = re.sub(r"{[{%].*?[%}]}", "", source.split("-#}", 1)[1])  # the words, without comment and code
    assert "sheet" not in prose.lower() and "workbook" not in prose.lower()
    assert "lembar Kesalahan" in prose and "berkasnya memuat kesalahan" in prose


def test_the_narrative_says_in_words_why_an_agency_needs_attention_and_names_a_file_only_for_duplicates():
    rekap = build_rekap([agency("a.xlsx", (50,), agency_name="Dinas A"),
                         agency("b.xlsx", (60,), agency_name="Dinas B"),
                         agency("b2.xlsx", (60,), agency_name="Dinas B")])
    text = narrative_text(rekap)
    assert "Dinas A: rata-rata capaian kurang dari 76%." in text and "a.xlsx" not in text.split("Perhatian")[1]
    assert "Dinas B (b.xlsx): rata-rata capaian kurang dari 76%." in text  # two files of one agency: which one
    assert "Sebanyak 2 (dua) instansi (3 (tiga) berkas) berada di bawah batas" in text  # agencies, not files
    assert "<" not in text
    english = " ".join(block.text for block in render_narrative(rekap, "en"))
    assert "Dinas A: average capaian under 76%." in english


def test_english_recap_counts_agree_with_their_nouns():
    rekap = build_rekap([agency("a.xlsx", (50,), agency_name="Dinas A")])
    english = " ".join(block.text for block in render_narrative(rekap, "en"))
    assert "covers 1 (one) agency performance-report file." in english
    assert "of 1 (one) agency is" in english and "1 (one) agency is below" in english
    assert "1 (one) agencies" not in english


def test_default_out_never_replaces_a_file_the_user_did_not_name(tmp_path, monkeypatch):
    """`rekap` without --out writes ./rekap.xlsx: an unrelated file there is refused (exit 2), an earlier recap
    is replaced, and naming the file with --out is the user's say-so."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLES / "babel-2020.xlsx", tmp_path / "babel-2020.xlsx")
    stranger = tmp_path / "rekap.xlsx"
    stranger.write_text("catatan rapat, bukan rekap")
    for lang, words in (("id", "--out"), ("en", "name the recap file with --out")):
        result = runner.invoke(app, ["rekap", "babel-2020.xlsx", "--lang", lang])
        assert result.exit_code == 2, result.output
        assert words in result.output and len(result.output.strip().splitlines()) == 1
        assert stranger.read_text() == "catatan rapat, bukan rekap"

    stranger.unlink()
    assert runner.invoke(app, ["rekap", "babel-2020.xlsx"]).exit_code == 0  # nothing there: written
    assert batch.is_earlier_recap(stranger)
    again = runner.invoke(app, ["rekap", "babel-2020.xlsx"])  # an earlier recap of ours: replaced
    assert again.exit_code == 0, again.output

    stranger.write_text("catatan rapat")
    named = runner.invoke(app, ["rekap", "babel-2020.xlsx", "--out", "rekap.xlsx"])
    assert named.exit_code == 0, named.output
    assert batch.is_earlier_recap(stranger)


def test_the_mean_counts_each_agency_once_with_the_file_given_last():
    """Two files of Dinas B (as samples + samples/v2 give them): the mean is over 2 agencies, with b2's average."""
    rekap = build_rekap([agency("a.xlsx", (50,), agency_name="Dinas A"),
                         agency("b.xlsx", (90,), agency_name="Dinas B"),
                         agency("b2.xlsx", (70,), agency_name="Dinas B")])
    assert rekap.average == Decimal("60.00")  # (50 + 70) / 2, not (50 + 90 + 70) / 3
    assert [r.file for r in rekap.averaged] == ["b2.xlsx", "a.xlsx"]
    assert len(rekap.averaged_files) == 3 and [r.file for r in rekap.rows if r.superseded] == ["b.xlsx"]
    text = narrative_text(rekap)
    assert "rata-rata capaian kinerja 2 (dua) instansi (3 (tiga) berkas;" in text
    assert "rata-rata rekap memakai b2.xlsx" in text
    assert any("atas 2 instansi (3 berkas)" in note for note in table_notes(rekap, "id"))
    english = " ".join(block.text for block in render_narrative(rekap, "en"))
    assert "of 2 (two) agencies (3 (three) files;" in english and "the recap's mean uses b2.xlsx" in english

    other_year = build_rekap([agency("a.xlsx", (50,), agency_name="Dinas A"),
                              agency("b.xlsx", (90,), agency_name="Dinas A", pemda="Pemerintah Kota Lain")])
    assert other_year.average == Decimal("70.00") and not any(r.superseded for r in other_year.rows)
    assert not any("berkas)" in note for note in table_notes(other_year, "id"))


# Prose rows as LibreOffice printed them (measured on `rekap samples samples/v2`, narrative merged over 90 units
# in two columns): (text, indented bullet, lines).
PRINTED = [
    ("Kategori setiap instansi pada lembar Rekap mengikuti skala kategori instansi itu sendiri (Permendagri 86/2017 "
     "dan KemenPAN-RB); kategori dari skala yang berbeda tidak dapat dibandingkan langsung.", False, 2),
    ("\u2022 Tanpa batas: tertinggi Dinas Perindustrian dan Perdagangan Kota Pasuruan (708,87%), terendah Dinas "
     "Koperasi dan UKM Kota Contoh (103,72%).", True, 2),
    ("\u2022 APBN Tugas Pembantuan: pagu Rp1.494.253.000, realisasi Rp1.411.453.310, serapan 94,46%.", True, 1),
    ("Berkas yang terbaca memuat seluruhnya 51 (lima puluh satu) indikator kinerja utama; capaian 45 (empat puluh "
     "lima) indikator di antaranya dapat dihitung, dan 31 (tiga puluh satu) indikator mencapai atau melampaui "
     "targetnya (capaian 100% atau lebih). Rata-rata dari rata-rata capaian kinerja 8 (delapan) instansi adalah "
     "255,57%, dengan kategori Sangat Tinggi menurut skala Permendagri 86/2017. Angka ini menggabungkan rata-rata "
     "yang dihitung dengan batas capaian berbeda (tanpa batas dan batas 100%), sehingga instansi hanya "
     "diperingkat di dalam kelompok batas yang sama:", False, 6),
]


@pytest.mark.parametrize(("text", "bullet", "lines"), PRINTED)
def test_prose_rows_are_as_high_as_their_printed_lines_no_empty_line_below(text, bullet, lines):
    from lkip_xls.outputs import sheets

    height = sheets.prose_height(text, 90, 11, 5 if bullet else 7, indent=int(bullet), columns=2)
    assert height == round(max(sheets.DEFAULT_ROW, lines * 11 * sheets.LINE + (5 if bullet else 7)), 1)


def test_the_recap_narrative_rows_get_the_measured_heights(tmp_path):
    rekap = build_rekap([agency("a.xlsx", (50,), agency_name="Dinas A")])
    out = tmp_path / "rekap.xlsx"
    rekap_book.write_rekap(rekap, out, "id")
    ws = openpyxl.load_workbook(out).worksheets[0]
    from lkip_xls.outputs import sheets

    for row in range(1, ws.max_row + 1):
        text = ws.cell(row, 1).value
        if isinstance(text, str) and ws.cell(row, 1).alignment.indent:  # a bullet: its indent taken off once
            expected = sheets.prose_height(text, 90, 11, 5, indent=1, columns=2)  # whole pixels in the file
            assert abs(ws.row_dimensions[row].height - expected) < 0.76
            assert ws.row_dimensions[row].height < 11 * sheets.LINE * 2  # one printed line, no empty one
