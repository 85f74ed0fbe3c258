"""The command line through Typer's CliRunner: exit codes, JSON, outputs, and the published figures."""

from __future__ import annotations

import hashlib
import json
import re
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


# --------------------------------------------------------------------------- help in one language

COMMANDS = ("template", "check", "process", "inbox", "rekap")
ENGLISH_CLICK = ("Usage", "Options", "Arguments", "Commands", "Show this message", "[default", "[required]",
                 "<path>", "<str>", "<int", "<text>", "Exit status", "Error", "Missing", "No such option")
INDONESIAN = ("Cara pakai", "Opsi", "Argumen", "Perintah", "Tampilkan", "bawaan", "wajib", "Status keluar",
              "berkas", "Kesalahan", "belum diberikan", "tidak dikenal")


def helps(*prefix: str, env: dict | None = None) -> dict[str, str]:
    """`--help` of the group and of every command, by command ("" for the group)."""
    found = {}
    for command in ("", *COMMANDS):
        result = CliRunner().invoke(app, [*prefix, *([command] if command else []), "--help"], env=env)
        assert result.exit_code == 0, result.output
        found[command] = result.output
    return found


def words_in(text: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w<\[]){re.escape(w)}(?!\w)", text)]


def test_every_command_and_option_has_its_help_in_both_languages():
    from typer.main import get_command

    from lkip_xls.cli import LkipCommand
    from lkip_xls.text.messages import HELP, parameter_help

    group = get_command(app)
    assert set(group.commands) == set(COMMANDS)
    for name, command in [("root", group), *group.commands.items()]:
        assert name == "root" or isinstance(command, LkipCommand), name  # its usage line and --help translated
        assert f"cmd.{name}" in HELP, name
        for param in command.params:
            for lang in ("id", "en"):
                assert parameter_help("opt", name, param.name, lang), (name, param.name, lang)
                takes_value = not getattr(param, "is_flag", False) and not hasattr(param.type, "choices")
                if takes_value:
                    assert parameter_help("metavar", name, param.name, lang), (name, param.name, lang)
    assert all(set(pair) == {"id", "en"} for pair in HELP.values())


def test_help_in_indonesian_has_no_english_click_words():
    for command, text in helps().items():
        assert "Cara pakai" in text and "Tampilkan bantuan ini lalu keluar." in text, command
        assert words_in(text, ENGLISH_CLICK) == [], (command, text)


def test_help_in_english_has_no_indonesian_words():
    for found in (helps("--lang", "en"), helps(env={"LKIP_LANG": "en"})):
        for command, text in found.items():
            assert "Usage" in text and "Show this message and exit." in text, command
            assert words_in(text, INDONESIAN) == [], (command, text)
    for command in COMMANDS:  # --lang en anywhere on the line
        text = CliRunner().invoke(app, [command, "--help", "--lang", "en"]).output
        assert "Usage" in text and words_in(text, INDONESIAN) == [], (command, text)
    text = CliRunner().invoke(app, ["--lang=en", "--help"]).output
    assert "Commands" in text and words_in(text, INDONESIAN) == [], text


def test_help_shows_the_choices_of_lang_and_the_exit_codes_in_words():
    for lang, found in (("id", helps()), ("en", helps(env={"LKIP_LANG": "en"}))):
        for command, text in found.items():
            assert "--lang" in text and "<id|en>" in text, (lang, command)
            flat = " ".join(text.split())
            for code in "012":
                assert re.search(rf"\b{code} = \w+", flat), (lang, command, code)


def test_plain_help_without_rich_is_in_one_language_too(monkeypatch):
    import typer.core

    monkeypatch.setattr(typer.core, "HAS_RICH", False)  # as with TYPER_USE_RICH=0
    indonesian = CliRunner().invoke(app, ["check", "--help"]).output
    assert "Argumen:" in indonesian and "Opsi:" in indonesian and "[bawaan: 200" in indonesian
    assert "[wajib]" in indonesian and words_in(indonesian, ENGLISH_CLICK) == [], indonesian
    english = CliRunner().invoke(app, ["check", "--help"], env={"LKIP_LANG": "en"}).output
    assert "Options:" in english and words_in(english, INDONESIAN) == [], english
    assert "Perintah:" in CliRunner().invoke(app, ["--help"]).output


def test_process_help_names_both_outputs():
    for env in (None, {"LKIP_LANG": "en"}):
        text = CliRunner().invoke(app, ["process", "--help"], env=env).output
        assert "_hasil" in text and "_ringkasan" in text


@pytest.mark.parametrize(("args", "indonesian", "english"), [
    (["check"], "Kesalahan: Argumen 'BERKAS...' belum diberikan.", "Error: Missing argument 'FILE...'."),
    (["check", "--bogus", "x.xlsx"], "Kesalahan: Opsi --bogus tidak dikenal.", "Error: No such option: --bogus."),
    (["check", "--jobs", "0", "x.xlsx"], "Kesalahan: Nilai '--jobs' / '-j' tidak sah: 0 di luar rentang",
     "Error: Invalid value for '--jobs' / '-j': 0 is not in the range"),
    (["check", "--json"], "Kesalahan: Opsi --json memerlukan nilai.", "Error: Option --json requires a value."),
    (["template", "a.xlsx", "b.xlsx"], "Kesalahan: Argumen berlebih: b.xlsx.",
     "Error: Unexpected extra arguments: b.xlsx."),
    (["chek"], "Kesalahan: Perintah chek tidak dikenal.", "Error: No such command chek."),
    (["inbox", "x.eml"], "Kesalahan: Opsi '--out-dir' / '-o' wajib diberikan.",
     "Error: Missing option '--out-dir' / '-o'."),
])
def test_usage_errors_are_one_line_in_the_chosen_language(args, indonesian, english):
    for env, extra, expected in ((None, [], indonesian), ({"LKIP_LANG": "en"}, [], english),
                                 (None, ["--lang", "en"], english)):
        result = CliRunner().invoke(app, [*extra, *args], env=env)
        assert result.exit_code == 2, result.output
        assert result.stdout == "", result.stdout
        assert result.stderr.count("\n") == 1 and result.stderr.startswith(expected), (env, extra, result.stderr)


def test_a_language_that_is_not_offered_is_refused_in_the_language_in_force():
    result = CliRunner().invoke(app, ["check", "x.xlsx", "--lang", "fr"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Kesalahan: Nilai '--lang' tidak sah: 'fr' bukan salah satu dari 'id', 'en'.")
    result = CliRunner().invoke(app, ["check", "x.xlsx", "--lang", "fr"], env={"LKIP_LANG": "en"})
    assert result.stderr.startswith("Error: Invalid value for '--lang': 'fr' is not one of 'id', 'en'.")


def test_lkip_lang_and_a_group_lang_set_the_commands_language():
    empty = str(ROOT / "template_workbook" / "lkip-template.xlsx")
    assert "must be filled in" in CliRunner().invoke(app, ["check", empty], env={"LKIP_LANG": "en"}).output
    assert "must be filled in" in CliRunner().invoke(app, ["--lang", "en", "check", empty]).output
    assert "must be filled in" not in CliRunner().invoke(app, ["check", empty]).output  # Indonesian by default
    ours = CliRunner().invoke(app, ["check", empty, "--lang", "id"], env={"LKIP_LANG": "en"}).output
    assert "must be filled in" not in ours  # the option wins over the variable


def test_requested_lang_reads_the_arguments_before_click():
    from lkip_xls.cli import requested_lang

    assert requested_lang([], {}) == "id"
    assert requested_lang([], {"LKIP_LANG": "en"}) == "en"
    assert requested_lang([], {"LKIP_LANG": "fr"}) == "id"
    assert requested_lang(["check", "--lang", "en", "x"], {}) == "en"
    assert requested_lang(["check", "--lang=en"], {}) == "en"
    assert requested_lang(["--lang", "en", "check", "--lang", "id"], {"LKIP_LANG": "en"}) == "id"  # the last
    assert requested_lang(["check", "--lang", "fr"], {"LKIP_LANG": "en"}) == "en"
    assert requested_lang(["check", "--", "--lang", "en"], {}) == "id"  # a file named --lang after --


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


def test_without_standalone_mode_a_command_s_exit_status_is_returned(tmp_path, monkeypatch):
    """`app(args, standalone_mode=False)` returns the status check, process and their usage errors end with (as
    Click returns a command's typer.Exit), rather than raising SystemExit."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "lkip-template.xlsx").write_bytes(b"x")
    sample = str(SAMPLES / "ntt-2024.xlsx")
    assert app(["check", sample, "-q", "--jobs=1"], standalone_mode=False) == 1  # --jobs=1: Typer reads the line
    assert app(["check", str(tmp_path / "empty"), "--jobs=1"], standalone_mode=False) == 2  # no file
    assert app(["check", sample, "--json=" + sample], standalone_mode=False) == 2  # --json would overwrite it
    assert app(["template"], standalone_mode=False) == 2  # there already
