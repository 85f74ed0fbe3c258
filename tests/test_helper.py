"""`process` on a lone file in two processes (lkip_xls.helper): the same outputs as in one, and every way the
helper can fail ends in one clear result with no output left behind."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lkip_xls import api, cli
from lkip_xls.core.errors import FileUnreadable
from lkip_xls.outputs import summary
from lkip_xls.outputs.hasil import annotate, helper
from lkip_xls.read import guard

from .conftest import SAMPLES
from .test_annotate import cells, marks

pytestmark = pytest.mark.skipif(not helper.available(), reason="needs fork")

ALONE = api.Options(second_process=False)
BESIDE = api.Options(second_process=True)


def process(path: Path, out_dir: Path, options: api.Options) -> api.FileResult:
    return api.process_file(path, api.Options(out_dir=out_dir, second_process=options.second_process))


def summary_cells(path: str) -> dict:
    return {(ws.title, c.coordinate): c.value for ws in openpyxl.load_workbook(path).worksheets
            for row in ws.iter_rows() for c in row if c.value is not None}


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("name", ["ntt-2024.xlsx", "babel-2020.xlsx", "pasuruan-2022.xlsx"])
def test_two_processes_write_what_one_writes(tmp_path, name):
    one = process(SAMPLES / name, tmp_path / "one", ALONE)
    two = process(SAMPLES / name, tmp_path / "two", BESIDE)
    assert two.status == one.status
    assert [(f.code, f.sheet, f.cell, f.params) for f in two.findings] == \
        [(f.code, f.sheet, f.cell, f.params) for f in one.findings]
    assert cells(Path(two.outputs["hasil"])) == cells(Path(one.outputs["hasil"]))
    assert marks(Path(two.outputs["hasil"])) == marks(Path(one.outputs["hasil"]))
    assert summary_cells(two.outputs["ringkasan"]) == summary_cells(one.outputs["ringkasan"])
    assert files(tmp_path / "two") == files(tmp_path / "one")  # no temporary file left


def test_a_returned_hasil_gives_the_same_result_in_two_processes(tmp_path):
    first = process(SAMPLES / "ntt-2024.xlsx", tmp_path / "first", ALONE)
    returned = Path(first.outputs["hasil"])
    one = process(returned, tmp_path / "one", ALONE)
    two = process(returned, tmp_path / "two", BESIDE)
    assert [(f.code, f.cell) for f in two.findings] == [(f.code, f.cell) for f in one.findings]
    assert cells(Path(two.outputs["hasil"])) == cells(Path(one.outputs["hasil"]))


def test_a_file_the_reader_refuses_stops_the_helper_and_writes_nothing(tmp_path):
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = process(broken, tmp_path / "out", BESIDE)
    assert result.status == "unreadable" and result.findings[0].code == "FILE-UNREADABLE"
    assert files(tmp_path / "out") == []


def raising(exc: BaseException):
    def fail(*args, **kwargs):
        raise exc

    return fail


# How the helper (or the summary beside it) can fail: what to patch, the reason reported, what stays written.
FAILURES = {
    "openpyxl cannot load it": (guard, "load", raising(FileUnreadable("corrupt", "openpyxl cannot")),
                                "corrupt", []),
    "disk full writing _hasil": (annotate, "write_hasil", raising(OSError(28, "No space left on device")),
                                 "write-failed", []),
    "the helper dies": (annotate, "write_hasil", lambda *args, **kwargs: os._exit(3), "internal", []),
    # as in one process: _hasil was written before the summary failed
    "summary not writable": (summary, "write_summary", raising(PermissionError(13, "Permission denied")),
                             "write-failed", ["dinas_hasil.xlsx"]),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_every_failure_is_reported_once_the_helper_is_heard(tmp_path, monkeypatch, make_workbook, failure):
    module, name, replacement, reason, left = FAILURES[failure]
    monkeypatch.setattr(module, name, replacement)  # the forked helper inherits the patch
    result = process(make_workbook(), tmp_path / "out", BESIDE)
    assert result.status == "unreadable"
    assert result.findings[0].params["reason"] == reason
    assert files(tmp_path / "out") == left


@pytest.mark.parametrize(("count", "jobs", "beside"), [(1, 2, True), (1, 1, False), (2, 2, False)])
def test_only_a_lone_file_with_a_core_to_spare_gets_a_helper(tmp_path, monkeypatch, make_workbook, count, jobs,
                                                             beside):
    used = []
    real = helper.process_in_two
    monkeypatch.setattr(helper, "process_in_two", lambda *args: used.append(args[0]) or real(*args))
    paths = [make_workbook(name=f"dinas{i}.xlsx") for i in range(count)]
    args = ["process", *map(str, paths), "--out-dir", str(tmp_path / "out"), "--jobs", str(jobs), "-q"]
    outcome = CliRunner().invoke(cli.app, args)
    assert outcome.exit_code == 0, outcome.output
    assert len(files(tmp_path / "out")) == 2 * count
    if count == 1:  # a batch runs in a pool whose workers do not see the patch, and never get a helper
        assert bool(used) is beside


def no_temporary_files(folder: Path) -> bool:
    return not folder.exists() or not any(p.name.startswith(".lkip-") for p in folder.iterdir())


@pytest.fixture
def deadline():
    """A hang fails the test after a minute instead of stopping the suite."""
    import signal

    def expired(*_):
        raise TimeoutError("hung")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("second_process", [False, True])
def test_a_hidden_value_under_a_merged_block_is_read_alike_by_every_path(tmp_path, make_workbook, second_process):
    """check, process in one process and process in two read the same values (the streaming reader)."""
    path = make_workbook()
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["IKU"]
    sheet["H5"] = 40
    sheet.merged_cells.ranges.add("H4:H5")  # a merge that keeps H5's value, as LibreOffice can
    workbook.save(path)
    checked = api.check_file(path)
    processed = process(path, tmp_path / "out", BESIDE if second_process else ALONE)
    assert [(f.code, f.cell) for f in processed.findings] == [(f.code, f.cell) for f in checked.findings]


def test_a_failure_before_the_hand_over_ends_the_helper(tmp_path, monkeypatch, make_workbook, deadline):
    monkeypatch.setattr(annotate.Writeback, "of", classmethod(raising(TypeError("a bug"))))
    with pytest.raises(TypeError):
        process(make_workbook(), tmp_path / "out", BESIDE)
    assert multiprocessing.active_children() == []
    assert files(tmp_path / "out") == []


def test_a_failing_analysis_ends_the_helper_at_once(tmp_path, monkeypatch, make_workbook, deadline):
    monkeypatch.setattr(api, "_analyse_file", raising(AttributeError("a bug in a check")))
    with pytest.raises(AttributeError):
        process(make_workbook(), tmp_path / "out", BESIDE)
    assert multiprocessing.active_children() == []
    assert files(tmp_path / "out") == []


@pytest.mark.parametrize("second_process", [False, True])
def test_a_summary_that_raises_leaves_no_temporary_file(tmp_path, monkeypatch, make_workbook, deadline,
                                                        second_process):
    monkeypatch.setattr(summary, "build", raising(ValueError("a bug in the summary")))
    with pytest.raises(ValueError):
        process(make_workbook(), tmp_path / "out", BESIDE if second_process else ALONE)
    assert no_temporary_files(tmp_path / "out")
