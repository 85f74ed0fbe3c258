"""The command line through Typer's CliRunner: exit codes, JSON, outputs, and the published figures."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lkip_xls.cli import app

from .conftest import DATA, ROOT, SAMPLES

runner = CliRunner()
# `process samples/` reads the folder itself; the template version 2 samples sit in samples/v2/ (test_samples.py)
SAMPLE_NAMES = tuple(sorted(name for name in json.loads((DATA / "sample_expectations.json").read_text(encoding="utf-8"))
                            if "/" not in name))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> tuple[Path, dict]:
    """`lkip-xls process samples/ --json -` once for the module: (out_dir, {file: document})."""
    out_dir = tmp_path_factory.mktemp("out")
    before = {name: digest(SAMPLES / name) for name in SAMPLE_NAMES}
    result = runner.invoke(app, ["process", str(SAMPLES), "--out-dir", str(out_dir), "--json", "-", "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    assert {name: digest(SAMPLES / name) for name in SAMPLE_NAMES} == before, "an input was modified"
    document = json.loads(result.stdout)
    return out_dir, {f["file"]: f for f in document["files"]}


def test_every_sample_is_processed(processed):
    out_dir, files = processed
    assert set(files) == set(SAMPLE_NAMES)
    for name, document in files.items():
        assert document["status"] in ("ok", "errors")
        assert Path(document["outputs"]["hasil"]) == out_dir / name.replace(".xlsx", "_hasil.xlsx")


def test_json_reproduces_the_published_figures(processed, expectations):
    _, files = processed
    for name in SAMPLE_NAMES:
        expected, document = expectations[name], files[name]
        iku = {item["kode"]: item for item in document["iku"]}
        for code, figures in expected["iku"].items():
            assert iku[code]["capaian"] == float(figures["capaian"]), (name, code)
            assert iku[code]["kategori"] == figures["kategori"], (name, code)
        average = expected["rata_rata"]
        assert document["rata_rata"] == {"capaian": float(average["capaian"]), "kategori": average["kategori"],
                                         "jumlah_indikator": average["jumlah_indikator"]}, name
        assert document["anggaran"] == {**{k: float(v) for k, v in expected["anggaran"].items()},
                                        "sumber_dana": [], "pendapatan": None}, name  # version 1 samples


def test_ntt_published_headline(processed):
    _, files = processed
    ntt = files["ntt-2024.xlsx"]
    assert [i["capaian"] for i in ntt["iku"]] == [100.0, 100.0, 11.07]
    assert ntt["rata_rata"]["capaian"] == 70.36 and ntt["rata_rata"]["kategori"] == "Cukup Berhasil"


def test_hasil_workbook_holds_the_computed_values(processed):
    out_dir, _ = processed
    ntt = openpyxl.load_workbook(out_dir / "ntt-2024_hasil.xlsx")
    assert [ntt["IKU"][f"K{r}"].value for r in (4, 5, 6)] == [100, 100, 11.07]
    assert [ntt["IKU"][f"L{r}"].value for r in (4, 5, 6)] == ["Sangat Berhasil", "Sangat Berhasil", "Belum Berhasil"]
    anggaran = ntt["Anggaran"]
    program_7 = next(r for r in range(4, 70) if anggaran[f"A{r}"].value == "7")
    assert anggaran[f"F{program_7}"].value == 79.58  # 79,575 half-up
    assert anggaran[f"G{program_7}"].value == 24000000 - 19098000
    babel = openpyxl.load_workbook(out_dir / "babel-2020_hasil.xlsx")["IKU"]
    koefisien = next(r for r in range(4, 12) if babel[f"G{r}"].value == "< 11")
    assert babel[f"K{koefisien}"].value == 111.45
    pasuruan = openpyxl.load_workbook(out_dir / "pasuruan-2022_hasil.xlsx")["IKU"]
    assert pasuruan["K5"].value == 416.67
    program = openpyxl.load_workbook(out_dir / "pasuruan-2022-program_hasil.xlsx")["IKU"]
    turun = [program[f"K{r}"].value for r in range(4, 19) if program[f"F{r}"].value == "Turun"]
    assert turun == [117.4, 168.15]


def test_check_on_the_empty_template_says_what_is_missing():
    result = runner.invoke(app, ["check", str(ROOT / "template_workbook" / "lkip-template.xlsx")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for text in ("IDENTITAS-EMPTY", "Nama Instansi", "Pemerintah Daerah", "Tahun", "SHEET-EMPTY", "IKU", "Anggaran"):
        assert text in result.output


def test_check_writes_no_workbook_and_exit_0_with_warnings_only(tmp_path, make_workbook):
    path = make_workbook()
    result = runner.invoke(app, ["check", str(path), "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dinas.xlsx", "r.json"]
    document = json.loads((tmp_path / "r.json").read_text())
    assert document["files"][0]["rata_rata"] == {"capaian": 92.5, "kategori": "Sangat Tinggi", "jumlah_indikator": 2}
    assert document["files"][0]["sasaran"][0]["efisiensi"] == -0.6


def test_unreadable_file_exits_2_without_traceback_and_the_batch_goes_on(tmp_path, make_workbook):
    good = make_workbook()
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"this is not a workbook")
    result = runner.invoke(app, ["check", str(bad), str(good), "--json", "-"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    files = json.loads(result.stdout)["files"]
    assert [f["status"] for f in files] == ["unreadable", "ok"]
    assert files[0]["findings"][0]["code"] == "FILE-UNREADABLE"


def test_english_messages_with_lang_en(tmp_path):
    empty = ROOT / "template_workbook" / "lkip-template.xlsx"
    result = runner.invoke(app, ["check", str(empty), "--lang", "en"])
    assert "must be filled in" in result.output
    assert runner.invoke(app, ["check", str(empty), "--lang", "fr"]).exit_code == 2


def test_a_returned_hasil_file_is_refused_when_it_would_overwrite_itself(tmp_path, make_workbook):
    path = make_workbook()
    first = runner.invoke(app, ["process", str(path)])
    assert first.exit_code == 0, first.output
    hasil = tmp_path / "dinas_hasil.xlsx"
    before = digest(hasil)
    again = runner.invoke(app, ["process", str(hasil), "--json", "-"])
    assert again.exit_code == 2
    assert json.loads(again.stdout)["files"][0]["findings"][0]["code"] == "FILE-UNREADABLE"
    assert digest(hasil) == before
    elsewhere = runner.invoke(app, ["process", str(hasil), "--out-dir", str(tmp_path / "o")])
    assert elsewhere.exit_code == 0
    assert (tmp_path / "o" / "dinas_hasil.xlsx").exists()


def test_folder_argument_skips_own_outputs(tmp_path, make_workbook):
    make_workbook(name="a.xlsx")
    shutil.copy(tmp_path / "a.xlsx", tmp_path / "a_hasil.xlsx")
    (tmp_path / "notes.txt").write_text("x")
    result = runner.invoke(app, ["check", str(tmp_path), "--json", "-"])
    assert [f["file"] for f in json.loads(result.stdout)["files"]] == ["a.xlsx"]


def test_no_files_is_a_usage_error(tmp_path):
    assert runner.invoke(app, ["check", str(tmp_path)]).exit_code == 2


def test_every_command_has_help():
    for command in ("template", "check", "process"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_readme_documents_every_command_and_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("template", "check", "process"):
        assert f"lkip-xls {command}" in readme, command
    for option in ("--out-dir", "--json", "--lang", "--jobs", "--quiet", "--max-size"):
        assert option in readme, option


def test_outputs_are_ordinary_files_not_private_temporaries(tmp_path, make_workbook):
    import os
    import stat

    path = make_workbook()
    runner.invoke(app, ["process", str(path)])
    umask = os.umask(0)
    os.umask(umask)
    for name in ("dinas_hasil.xlsx", "dinas_ringkasan.xlsx"):
        mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
        assert mode == 0o666 & ~umask, (name, oct(mode))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".lkip-")]  # no temporary left behind


def test_the_console_script_exits_with_the_status_and_flushes_its_output(tmp_path):
    """`lkip-xls` (cli.main) leaves with os._exit: the exit status and every byte of output must survive."""
    import subprocess
    import sys

    run = [sys.executable, "-c", "import sys; from lkip_xls.cli import main; sys.argv[0] = 'lkip-xls'; main()"]
    checked = subprocess.run([*run, "check", str(SAMPLES / "ntt-2024.xlsx"), "--json", "-", "-q"],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 1  # the NTT sample has errors
    assert json.loads(checked.stdout)["files"][0]["status"] == "errors"
    assert "ntt-2024.xlsx" in checked.stderr
    missing = subprocess.run([*run, "check", str(tmp_path / "tidak-ada.xlsx")], capture_output=True, text=True,
                             timeout=120)
    assert missing.returncode == 2 and "FILE-UNREADABLE" in missing.stdout
    usage = subprocess.run([*run, "check", "--lang", "xx", "x.xlsx"], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "--lang" in usage.stderr
    version = subprocess.run([*run, "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("lkip-xls ")


def test_quiet_prints_only_the_closing_table(tmp_path, make_workbook):
    path = make_workbook()
    loud = CliRunner().invoke(app, ["check", str(path)])
    quiet = CliRunner().invoke(app, ["check", str(path), "-q"])
    assert loud.exit_code == quiet.exit_code == 0, quiet.output
    assert "0 kesalahan, 0 peringatan" in loud.output  # the per-file status line
    assert "0 kesalahan, 0 peringatan" not in quiet.output
    assert "Rata-rata capaian" in quiet.output and "dinas.xlsx" in quiet.output  # the closing table
