"""What the command line imports and prints without Rich: lazy imports still give working commands, and the
closing table written by hand is Rich's, byte for byte (lkip_xls/cli.py)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

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


HEAVY = ("rich", "lxml", "xlsxwriter", "openpyxl", "jinja2", "docx", "typer.rich_utils")


def test_importing_the_command_line_imports_no_writer_nor_rich():
    loaded = json.loads(fresh("import json, sys; import lkip_xls.cli; print(json.dumps(sorted(sys.modules)))"))
    assert not [name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY]


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
