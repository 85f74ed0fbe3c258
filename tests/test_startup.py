"""What the command line imports and prints without Rich: lazy imports still give working commands, and the
closing table written by hand is Rich's, byte for byte (lkip_xls/cli/__init__.py)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkip_xls import cli

from .conftest import SAMPLES

# printable ASCII with runs of spaces (not plain), a non-ASCII letter, a wide character and a tab (not plain)
text = st.lists(st.sampled_from([*"aZ09-_.,%()[]:", " ", "  ", "é", "宽", "\t", "Rata-rata capaian"]),
                max_size=12).map("".join)


def rich_table(headers: list[str], rows: list[list[str]], width: int) -> str:
    from rich.console import Console
    from rich.table import Table

    out = io.StringIO()
    console = Console(file=out, width=width, soft_wrap=False, markup=False, highlight=False, emoji=False,
                      force_jupyter=False, legacy_windows=False, _environ={})
    table = Table()
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    return out.getvalue()


@settings(max_examples=400, deadline=None)
@given(columns=st.integers(1, 6), data=st.data(), width=st.sampled_from([20, 60, 160]))
def test_the_plain_table_is_rich_s_table(columns, data, width):
    headers = data.draw(st.lists(text, min_size=columns, max_size=columns))
    rows = data.draw(st.lists(st.lists(text, min_size=columns, max_size=columns), max_size=5))
    plain = cli.plain_table(headers, rows, width)
    if plain is not None:
        assert plain == rich_table(headers, rows, width)


def test_the_plain_table_gives_way_to_rich_when_it_does_not_fit_or_is_not_plain():
    assert cli.plain_table(["a"], [["x" * 156]], 160) == rich_table(["a"], [["x" * 156]], 160)
    assert cli.plain_table(["a"], [["x" * 157]], 160) is None  # 161 columns: Rich folds it
    assert cli.plain_table(["a"], [["café"]], 160) is None
    assert cli.plain_table(["a"], [["two  spaces"]], 160) is None


def fresh(code: str) -> str:
    """Standard output of `code` in a new interpreter (nothing imported by the tests leaks into it)."""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


HEAVY = ("rich", "lxml", "xlsxwriter", "openpyxl", "jinja2", "docx", "typer", "click")


def test_importing_the_command_line_imports_no_writer_nor_rich_nor_typer():
    loaded = json.loads(fresh("import json, sys; import lkip_xls.cli; print(json.dumps(sorted(sys.modules)))"))
    assert not [name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY]
    # what only a finding table, JSON or a written file needs
    assert not {"lkip_xls.text.finding_messages", "lkip_xls.outputs.files", "lkip_xls.cli.commands"} & set(loaded)


def test_check_quiet_from_a_fresh_interpreter_prints_rich_s_table_without_rich():
    """`check -q` on a sample: the status, the closing table as Rich prints it, and Rich never imported."""
    sample = SAMPLES / "ntt-2024.xlsx"
    code = ("import json, sys\n"
            "from lkip_xls.cli import app\n"
            f"sys.argv = ['lkip-xls', 'check', {str(sample)!r}, '-q']\n"
            "try:\n    app()\nexcept SystemExit as exit:\n    code = exit.code\n"
            "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'lxml'))]))\n")
    *table, last = fresh(code).splitlines(keepends=True)
    code, heavy = json.loads(last)
    assert code == 1 and heavy == []
    assert "".join(table) == rich_table(["Berkas", "Status", "Kesalahan", "Peringatan", "Rata-rata capaian"],
                                        [["ntt-2024.xlsx", "ada kesalahan", "4", "0", "70,36%"]], 160)


def typer_run(args: list[str]) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    result = CliRunner().invoke(cli.app, args)
    return result.exit_code, result.stdout, result.stderr


def plain_run(args: list[str], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli._plain_run(args)
    assert code is not None, "Typer was asked to read a plain line"
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("args", [
    ["check", "{ntt}", "-q"],
    ["check", "{ntt}", "{babel}", "--lang", "en"],
    ["check", "{babel}", "--json", "-", "-q", "-j", "1"],
    ["check", "--max-size", "1", "{ntt}"],
    ["check", "{missing}", "--quiet", "--lang", "en", "--lang", "id"],
    ["check", "{samples}", "-q", "--jobs", "2"],
    ["check", "{ntt}", "--json", "{ntt}"],
    ["process", "{babel}", "-o", "{out}", "--json", "{out}/r.json", "-q"],
    ["process", "{babel}", "--out-dir", "{out}"],
])
def test_a_plain_line_runs_as_typer_runs_it(args, tmp_path, capsys):
    """The same line through Typer (CliRunner) and without it (cli._plain_run): the same output, errors and
    exit status."""
    names = {"ntt": SAMPLES / "ntt-2024.xlsx", "babel": SAMPLES / "babel-2020.xlsx", "samples": SAMPLES,
             "missing": tmp_path / "tidak-ada.xlsx", "out": tmp_path / "out"}
    line = [arg.format(**names) for arg in args]
    plain = plain_run(line, capsys)
    assert plain == typer_run(line)
    assert plain[0] in (0, 1, 2) and plain[1] + plain[2]


@pytest.mark.parametrize("args", [
    [], ["check"], ["check", "--help"], ["--lang", "en", "check", "x.xlsx"], ["check", "x.xlsx", "--lang", "fr"],
    ["check", "x.xlsx", "--jobs", "0"], ["check", "x.xlsx", "-j", "02"], ["check", "x.xlsx", "--max-size", "1e3"],
    ["check", "x.xlsx", "--json=r.json"], ["check", "x.xlsx", "-qj2"], ["check", "--", "x.xlsx"],
    ["check", "-", "-q"], ["check", "x.xlsx", "--json", "--quiet"], ["check", "x.xlsx", "--docx"],
    ["check", "x.xlsx", "--out-dir", "o"], ["process", "x.xlsx", "-o"], ["check", "x.xlsx", "--verbose"],
    ["rekap", "x.xlsx"], ["template"], ["--version"],
])
def test_every_other_line_is_typer_s(args):
    assert cli._plain_line(args) is None


def test_a_shell_completion_request_is_typer_s(monkeypatch):
    assert cli._plain_line(["check", "x.xlsx"]) is not None
    monkeypatch.setenv("_LKIP_XLS_COMPLETE", "bash_complete")
    assert cli._plain_line(["check", "x.xlsx"]) is None


def test_an_unreadable_path_is_typer_s(tmp_path, monkeypatch):
    """Click refuses a path that is there but cannot be read (root reads everything: os.access is asked)."""
    there = tmp_path / "a.xlsx"
    there.write_bytes(b"")
    assert cli._plain_line(["check", str(there)]) is not None
    monkeypatch.setattr(cli.os, "access", lambda path, mode: False)
    assert cli._plain_line(["check", str(there)]) is None
    assert cli._plain_line(["check", str(tmp_path / "not-there.xlsx")]) is not None


def test_the_console_script_runs_a_plain_line_without_typer():
    code = ("import sys, json, os\n"
            "import lkip_xls.cli as cli\n"
            f"code = cli._plain_run(['check', {str(SAMPLES / 'babel-2020.xlsx')!r}, '-q'])\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click', 'rich'))\n"
            "print(json.dumps([code, heavy]))")
    code, loaded = json.loads(fresh(code).splitlines()[-1])
    assert code == 0 and loaded == []


def test_only_the_console_script_keeps_results_to_its_exit(capsys):
    """main() leaves the results for os._exit to drop; a program calling the CLI (the tests) frees them."""
    cli._plain_run(["check", str(SAMPLES / "babel-2020.xlsx"), "-q"])
    assert cli._KEPT_TO_EXIT == []
    code = ("import sys, lkip_xls.cli as cli\n"
            "sys.argv = ['lkip-xls', 'check', sys.argv[1], '-q']\n"
            "import os\n"
            "os._exit = lambda code: print(code, [type(kept).__name__ for kept in cli._KEPT_TO_EXIT])\n"
            "cli.main()\n")
    run = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "babel-2020.xlsx")], capture_output=True,
                         text=True, timeout=120)
    assert run.stdout.splitlines()[-1] == "0 ['function', 'list']"
