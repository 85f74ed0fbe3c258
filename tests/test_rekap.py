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
from lkip_xls.rules.recap import RECAP_SCALE, TINGGI_THRESHOLD, build_rekap

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
    agencies = [r for name, r in rows.items() if name and r["Status"] != "tidak terbaca"]
    totals = rows[""]
    pagu = sum(Decimal(str(r["Pagu (Rp)"])) for r in agencies)
    realisasi = sum(Decimal(str(r["Realisasi (Rp)"])) for r in agencies)
    assert totals["Nama Instansi"] == "Jumlah / rata-rata"
    assert Decimal(str(totals["Pagu (Rp)"])) == pagu
    assert Decimal(str(totals["Realisasi (Rp)"])) == realisasi
    assert totals["Serapan (%)"] == float(round(realisasi / pagu * 100, 2))
    averages = [Decimal(str(r["Rata-rata Capaian (%)"])) for r in agencies]
    assert totals["Rata-rata Capaian (%)"] == float(round(sum(averages) / len(averages), 2))
    assert totals["Kesalahan"] == sum(r["Kesalahan"] for r in agencies)
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
    assert [r["Batas Capaian (%)"] for r in ranked] == ["-"] * 4 + ["100"] * 2
    for cap in ("-", "100"):
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
