"""README against the command line (as sqlite-utils' test_docs): every command and option documented, and the
first screen (Panduan singkat) still gives the two set-up commands, and they still do what it says."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from lkip_xls.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
GROUP = get_command(app)
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.M | re.S)
FIRST_SCREEN = README[: README.index("\n# Reference (English)")]


def long_options(command) -> list[str]:
    return [opt for param in command.params for opt in param.opts if opt.startswith("--")]


@pytest.mark.parametrize("name", sorted(GROUP.commands))
def test_every_command_and_its_options_are_in_the_readme(name):
    assert f"lkip-xls {name}" in README, name
    for option in long_options(GROUP.commands[name]):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README), (name, option)


def test_the_group_options_are_in_the_readme():
    for option in long_options(GROUP):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README), option


def test_the_first_screen_is_the_indonesian_guide_with_exactly_the_two_set_up_commands():
    headings = re.findall(r"^#+ .*$", FIRST_SCREEN, re.M)
    assert headings[:2] == ["# lkip-xls", "## Panduan singkat"]
    blocks = [block.strip() for block in FENCE.findall(FIRST_SCREEN)]
    assert blocks == [
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/lkip-xls process "
        "samples/ntt-2024.xlsx --out-dir out",
        ".venv/bin/pytest",
    ]
    assert FENCE.findall(README)[:2] == FENCE.findall(FIRST_SCREEN)  # nothing fenced before them
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-e '.[test]'" in ci and ci.rstrip().endswith(".venv/bin/pytest")  # CI does what the README says


def test_the_first_screen_names_the_five_commands_the_outputs_the_colours_and_the_exit_codes():
    for command in sorted(GROUP.commands):
        assert f"`lkip-xls {command}" in FIRST_SCREEN, command
    for text in ("_hasil.xlsx", "_ringkasan.xlsx", "rekap.xlsx", "balasan/", "--out-dir", "Merah", "Kuning",
                 "Biru muda", "Pemeriksaan", "--lang en", "LKIP_LANG", "Status keluar", "0 =", "1 =", "2 ="):
        assert text in FIRST_SCREEN, text


def test_the_set_up_command_processes_the_sample_as_the_first_screen_says(tmp_path):
    """The first command's lkip-xls part, run: exit status 1 (the published report's slips) and the two
    outputs the Panduan names."""
    command = FENCE.findall(FIRST_SCREEN)[0].strip().split(" && ")[-1]
    args = shlex.split(command)
    assert args[0] == ".venv/bin/lkip-xls"
    args = [str(ROOT / arg) if arg.startswith("samples/") else arg for arg in args[1:]]
    args[args.index("--out-dir") + 1] = str(tmp_path / "out")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    for name in re.findall(r"`out/([\w-]+\.xlsx)`", FIRST_SCREEN):
        assert (tmp_path / "out" / name).is_file(), name
    assert re.findall(r"`out/([\w-]+\.xlsx)`", FIRST_SCREEN) == ["ntt-2024_hasil.xlsx", "ntt-2024_ringkasan.xlsx"]
