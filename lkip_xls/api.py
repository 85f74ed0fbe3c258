"""The library's front door: check and process files. Never prints, never exits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import batch
from .core.errors import FileUnreadable
from .core.names import output_paths
from .read import guard, previous, reader
from .rules.analysis import Analysis, FileResult, Options, analyse, result_of, unreadable

DEFAULT_OPTIONS = Options()

def _analyse_view(view: Any) -> Analysis:
    """Analyse a read-only view (streaming or over a loaded workbook), then close it; XML met broken while
    reading makes the file unreadable."""
    try:
        with guard.no_gc():  # a short-lived burst of objects: collecting cycles midway only costs time
            data, findings = reader.read_workbook(view)
            return analyse(data, findings, previous.read_state(view), list(view.sheetnames))
    except guard.READ_ERRORS as exc:
        raise guard.unreadable_from(exc) from exc
    finally:
        view.close()


def _analyse_file(path: Path, max_size: int) -> Analysis:
    return _analyse_view(guard.open_values(path, max_size=max_size))


def check_file(path: Path, options: Options = DEFAULT_OPTIONS) -> FileResult:
    """Read and validate only; nothing is written."""
    try:
        analysis = _analyse_view(guard.open_values(path, max_size=options.max_size))
    except FileUnreadable as exc:
        return unreadable(path, exc)
    return result_of(path, analysis)


def process_file(path: Path, options: Options = DEFAULT_OPTIONS) -> FileResult:
    """Validate, compute, and write NAME_hasil.xlsx (and the summary) next to the input or in out_dir."""
    from .outputs.hasil import helper

    targets = output_paths(path, options.out_dir)
    if any(_same_file(path, target) for target in targets.values()):
        return unreadable(path, FileUnreadable("output-is-input", str(path)))
    if options.second_process and helper.available():
        return helper.process_in_two(path, targets, options.lang, options.max_size, _analyse_file)
    return _process_in_one(path, targets, options)


def _process_in_one(path: Path, targets: dict[str, Path], options: Options) -> FileResult:
    """Analyse the file as `check` does (so that every path gives the same findings), then load it with
    openpyxl, write _hasil, then the summary."""
    from .outputs import summary
    from .outputs.hasil import annotate  # the writers are only needed here

    try:
        analysis = _analyse_view(guard.open_values(path, max_size=options.max_size))
        with guard.no_gc():
            workbook = guard.load(path, read_only=False, data_only=False, max_size=options.max_size)
    except FileUnreadable as exc:
        return unreadable(path, exc)
    result = result_of(path, analysis)
    try:
        with guard.no_gc():
            annotate.write_hasil(path, workbook, annotate.Writeback.of(analysis, options.lang), targets["hasil"])
        result.outputs["hasil"] = str(targets["hasil"])
        summary.write_summary(result.analysis, targets["ringkasan"], options.lang, path.name)
        result.outputs["ringkasan"] = str(targets["ringkasan"])
    except FileUnreadable as exc:
        return unreadable(path, exc)
    except OSError as exc:
        return unreadable(path, FileUnreadable("write-failed", str(exc)))
    return result


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


Progress = Callable[[FileResult], None]


def check_files(paths: Sequence[Path], options: Options = DEFAULT_OPTIONS, jobs: int | None = None,
                advance: Progress = lambda result: None) -> list[FileResult]:
    """`check_file` on every file (in `jobs` processes); results in input order."""
    return batch.run_batch(check_file, paths, options, jobs, advance)


def process_files(paths: Sequence[Path], options: Options = DEFAULT_OPTIONS, jobs: int | None = None,
                  advance: Progress = lambda result: None) -> list[FileResult]:
    """`process_file` on every file; a file whose outputs would overwrite an earlier file's is refused. A lone
    file may use a second core itself (`outputs.hasil.helper`)."""
    jobs = jobs or batch.cpu_count()
    if len(paths) == 1 and jobs >= 2:
        options = replace(options, second_process=True)
    collisions = batch.output_collisions(list(paths), options.out_dir)
    done = iter(batch.run_batch(process_file, [p for p in paths if p not in collisions], options, jobs, advance))
    return [unreadable(p, FileUnreadable("output-collision", collisions[p].name)) if p in collisions
            else next(done) for p in paths]
