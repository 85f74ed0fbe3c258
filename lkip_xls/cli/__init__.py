"""The command line: parse options, call the library, print, exit. No arithmetic here.

Two modules. This one is what `check` and `process` need to run and print: `main` (the console script and
`python -m lkip_xls`), the closing table, the output of each file. `commands.py` is the Typer application
(`app`: every command, its options and their help in one language, Click's errors in one line; see its
docstring); `from lkip_xls.cli import app` imports it.

Typer is imported only when it is needed: `main` runs a plain `check` or `process` line itself (`_plain_run`:
only the options it knows, each value one Click would take as it is) and hands every other line (help, an
option it does not know, a value Click would refuse or convert, another command) to Typer. Importing Typer
and building the application is a fifth of `check`'s start-up; tests/test_startup.py runs both ways on the
same lines and compares what they print and exit with.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .. import api, batch
from ..api import FileResult, Options
from ..core.model import Severity
from ..core.names import output_paths
from ..read.guard import DEFAULT_MAX_SIZE
from ..text.format import LANGS, percent
from ..text.messages import help_text, status_line, ui, unreadable_reason

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")

LANG_VARIABLE = "LKIP_LANG"


def requested_lang(args: list[str], environ: dict[str, str] | os._Environ[str] = os.environ) -> str:
    """The language of this run, known before Click parses anything: the last `--lang X` / `--lang=X` among
    the arguments (up to `--`), else LKIP_LANG, else id; a value that is no language is ignored here (Click
    then refuses it in the language found otherwise)."""
    found = environ.get(LANG_VARIABLE, "id")
    found = found if found in LANGS else "id"
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = args[index + 1] if arg == "--lang" and index + 1 < len(args) else arg.removeprefix("--lang=")
        if arg.startswith("--lang") and value in LANGS:
            found = value
    return found


MB = 1024 * 1024
DEFAULT_MAX_MB = DEFAULT_MAX_SIZE // MB  # --max-size is given in MB
_TYPER_NAMES = ("app", "LkipCommand", "LkipGroup")


def __getattr__(name: str) -> Any:
    """The Typer application and its classes (commands.py), imported at first use."""
    if name in _TYPER_NAMES:
        from . import commands

        return getattr(commands, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _console(stderr: bool = False) -> Output:
    """Rich markup and emoji codes are off: file names, sheet names and agency text may hold [brackets] and
    :colons:."""
    return Output(stderr)


class Output:
    """Standard output (or error, `stderr`) as the commands print to it: a Rich console, created at the first
    print (importing Rich is a sixth of `check`'s start-up), and a table that `print_table` writes itself when
    it is plain (see `plain_table`)."""

    def __init__(self, stderr: bool = False):
        self.stderr = stderr
        self.width = None if sys.stdout.isatty() else 160
        self._rich: Console | None = None

    @property
    def rich(self) -> Console:
        if self._rich is None:
            from rich.console import Console

            self._rich = Console(stderr=self.stderr, width=self.width, soft_wrap=False, markup=False,
                                 highlight=False, emoji=False)
        return self._rich

    def print(self, *objects: Any, **options: Any) -> None:
        self.rich.print(*objects, **options)

    def print_table(self, headers: list[str], rows: list[list[str]]) -> None:
        """A table as Rich prints it (heavy head, no colours when not on a terminal)."""
        stream = sys.stderr if self.stderr else sys.stdout
        text = plain_table(headers, rows, self.width) if self.width and _plain_stream(stream) else None
        if text is None:
            from rich.table import Table

            table = Table()
            for header in headers:
                table.add_column(header)
            for row in rows:
                table.add_row(*row)
            self.rich.print(table)
            return
        stream.write(text)
        stream.flush()  # as Rich does after each print


def _plain_stream(stream: Any) -> bool:
    """Whether Rich would print to `stream` without colours or styles and with its Unicode box: not a terminal
    (nor said to be one by FORCE_COLOR or TTY_COMPATIBLE), a UTF-8 stream, not Jupyter, not Windows' console."""
    if any(name in os.environ for name in ("FORCE_COLOR", "TTY_COMPATIBLE")) or sys.platform == "win32":
        return False
    import builtins

    if hasattr(builtins, "get_ipython") or hasattr(stream, "rich_proxied_file"):
        return False
    try:
        return not stream.isatty() and (getattr(stream, "encoding", None) or "utf-8").lower().startswith("utf")
    except (AttributeError, ValueError):  # a closed stream: Rich says what happens
        return False


_PLAIN_CELL = re.compile(r"(?:[!-~]+(?: [!-~]+)*)?")  # printable ASCII, single spaces between words


def plain_table(headers: list[str], rows: list[list[str]], width: int) -> str | None:
    """The text Rich's Table() prints for these cells on a console `width` columns wide without colours, or
    None when a cell is not plain (printable ASCII, no leading, trailing or double spaces: one column per
    character, nothing Rich would wrap, strip or measure otherwise) or the table does not fit in `width`. Rich
    is then used; tests/test_startup.py compares the two."""
    cells = [headers, *rows]
    if not all(_PLAIN_CELL.fullmatch(cell) for row in cells for cell in row):
        return None
    widths = [max(len(row[index]) for row in cells) for index in range(len(headers))]
    if sum(widths) + 3 * len(widths) + 1 > width:  # one space either side of a cell, a bar between cells
        return None

    def rule(left: str, line: str, middle: str, right: str) -> str:
        return left + middle.join(line * (size + 2) for size in widths) + right

    def row(texts: list[str], bar: str) -> str:
        return bar + bar.join(f" {text.ljust(size)} " for text, size in zip(texts, widths, strict=True)) + bar

    lines = [rule("┏", "━", "┳", "┓"), row(headers, "┃"), rule("┡", "━", "╇", "┩"),
             *(row(cells, "│") for cells in rows), rule("└", "─", "┴", "┘")]
    return "\n".join(lines) + "\n"


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _term(value: object) -> str:
    """Text from outside (mail senders, subjects, file names) made safe to print: every C0/C1 control (ESC,
    BEL, CR, LF...) and bidi override shows as a visible escape such as \\x1b instead of acting on the terminal."""
    def visible(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL_CHARS.sub(visible, str(value))


# What `main` leaves for os._exit to drop, instead of freeing it object by object as `_run` ends (0,02–0,03 s
# of CPU after a province workbook). Only the console script fills it (its first item is `main`): a program that
# calls the CLI in a loop, as the tests do, frees each run's results as usual.
_KEPT_TO_EXIT: list[object] = []


def main() -> None:
    """The console script. It leaves without the interpreter's teardown, which frees every object one by one
    (a tenth of a second after a province workbook): outputs are closed and renamed by then, and the
    standard streams are flushed here. The results of `check`/`process` are kept to the end for the same
    reason (`_KEPT_TO_EXIT`)."""
    _KEPT_TO_EXIT.append(main)
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 is printed as its bytes
        with suppress(AttributeError, ValueError):
            stream.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
    try:
        code: object = _plain_run(sys.argv[1:])
        if code is None:
            from .commands import app

            app()
            code = 0
    except SystemExit as exc:
        code = exc.code
    except OSError as exc:  # standard output on a full disk, a closed pipe: one line, never a traceback
        code = _stream_failed(exc)
    if isinstance(code, str):  # what sys.exit("message") would print
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
    except OSError as exc:
        code = _stream_failed(exc)
    with suppress(OSError):
        sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0)


_VALUE_OPTIONS = {"--json": "json", "--lang": "lang", "--jobs": "jobs", "-j": "jobs", "--max-size": "max_size",
                  "--out-dir": "out_dir", "-o": "out_dir"}
_FLAG_OPTIONS = {"--quiet": "quiet", "-q": "quiet", "--docx": "docx"}
_PROCESS_ONLY = {"out_dir", "docx"}
_WHOLE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")  # what --jobs and --max-size (at least 1) take as it is


def _plain_line(args: list[str]) -> dict[str, Any] | None:
    """`check` or `process` with files and options as Click would read them, or None when Typer must read the
    line: another command, help, an option not listed above (or `--opt=value`, `-qj2`, `--`), a value Click
    would refuse or convert (a language not offered, a number that is not a plain whole number ≥ 1, a value
    that starts with "-" but "--json -"), a path Click refuses (there and unreadable), no file, a shell
    completion request."""
    if not args or args[0] not in RUNNERS or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None
    line: dict[str, Any] = {"command": args[0], "files": [], "quiet": False, "docx": False}
    rest = iter(args[1:])
    for arg in rest:
        name = _VALUE_OPTIONS.get(arg) or _FLAG_OPTIONS.get(arg)
        if name in _PROCESS_ONLY and args[0] != "process":
            return None
        if arg in _FLAG_OPTIONS:
            line[name] = True
        elif name is not None:
            value = next(rest, None)
            if value is None or (value.startswith("-") and not (name == "json" and value == "-")):
                return None
            if (name == "lang" and value not in LANGS) or (name in ("jobs", "max_size")
                                                           and not _WHOLE_NUMBER.fullmatch(value)):
                return None
            if name == "out_dir" and not _click_would_take(value):
                return None
            line[name] = value
        elif arg.startswith("-") or not _click_would_take(arg):
            return None
        else:
            line["files"].append(Path(arg))
    return line if line["files"] else None


def _click_would_take(path: str) -> bool:
    """Click's check of a path argument (typer: readable=True, exists=False): refused only when it is there and
    cannot be read."""
    try:
        os.stat(path)
    except OSError:
        return True
    except ValueError:  # a NUL in the name: Click's own message
        return False
    return os.access(path, os.R_OK)


def _plain_run(args: list[str]) -> int | None:
    """Run a plain `check`/`process` line without Typer (see the module docstring) and return its exit status;
    None when Typer must read the line. What Click does around a command is done here too: Ctrl-C prints a new
    line and "Dibatalkan." (status 1), a closed pipe is silenced (status 1)."""
    line = _plain_line(args)
    if line is None:
        return None
    lang = requested_lang(args)  # what Typer gives --lang by default (LkipGroup); the line's own --lang wins
    options = replace(_options(line.get("lang", lang), int(line.get("max_size", DEFAULT_MAX_MB)),
                               Path(line["out_dir"]) if "out_dir" in line else None), docx=line["docx"])
    jobs = int(line["jobs"]) if "jobs" in line else None
    try:
        try:
            _run(line["command"], line["files"], options, line.get("json"), jobs, line["quiet"])
        except (EOFError, KeyboardInterrupt):
            print(file=sys.stderr, flush=True)
            print(help_text("click.aborted", lang), file=sys.stderr, flush=True)
            return 1
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            from typer._click.utils import PacifyFlushWrapper

            sys.stdout, sys.stderr = PacifyFlushWrapper(sys.stdout), PacifyFlushWrapper(sys.stderr)
            return 1
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 0
    return 0


class CommandExit(SystemExit):
    """How `_run` and the usage errors end a command: a SystemExit for `main` and `_plain_run`; under Typer,
    LkipGroup.main takes its status as Click takes a typer.Exit (returned when not in standalone mode)."""


def _stream_failed(error: OSError) -> int:
    from ..outputs import files as output_files

    with suppress(OSError):
        lang = requested_lang(sys.argv[1:])
        reason = unreadable_reason(output_files.failure_reason(error), error.strerror or str(error), lang)
        os.write(2, (ui("cannot-write", lang, path="stdout", reason=reason) + "\n").encode("utf-8", "replace"))
    return 2


def _usage_error(message: str) -> None:
    """A usage error: one line on standard error, exit status 2."""
    _console(stderr=True).print(message, highlight=False)
    raise CommandExit(2)



def _refuse_overwriting(option: str, output: Path | None, inputs: list[Path], lang: str) -> None:
    """An output (--json, --out) that is one of the inputs, through any link, is a usage error."""
    if output is None:
        return
    victim = next((path for path in inputs if batch.same_file(output, path)), None)
    if victim is not None:
        _usage_error(ui("overwrites-input", lang, option=option, path=output))

def _options(lang: str, max_size_mb: int, out_dir: Path | None = None) -> Options:
    return Options(out_dir=out_dir, lang=lang, max_size=max_size_mb * MB)


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        import typer

        raise typer.BadParameter(ui("bad-lang"), param_hint="--lang")


RUNNERS = {"check": api.check_files, "process": api.process_files}


def _with_progress(work: Callable[[Callable[[FileResult], None]], T], total: int, quiet: bool) -> T:
    """`work(advance)` with a progress bar on standard error when that is a terminal, there is more than one
    file, and --quiet is not given."""
    if quiet or total <= 1 or not sys.stderr.isatty():
        return work(lambda result: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=_console(stderr=True).rich, transient=True) as progress:
        task = progress.add_task("lkip-xls", total=total)
        return work(lambda result: progress.advance(task))


def _json_target(json_path: str | None) -> Path | None:
    return Path(json_path) if json_path and json_path != "-" else None


def _write_json(results: list[FileResult], json_path: str | None, lang: str) -> None:
    if not json_path:
        return
    from ..outputs import files as output_files
    from ..outputs import json_report as report

    text = report.dumps(results, lang) + "\n"
    if json_path == "-":
        sys.stdout.write(text)
        return
    target = Path(json_path)
    output_files.sweep_temporaries([target.parent])
    try:
        output_files.write_atomically(target, lambda path: path.write_text(text, encoding="utf-8"))
    except OSError as exc:
        reason = unreadable_reason(output_files.failure_reason(exc), exc.strerror or str(exc), lang)
        _console(stderr=True).print(ui("json-failed", lang, detail=reason), highlight=False)
        raise CommandExit(2) from None


def _run(command: str, files: list[Path], options: Options, json_path: str | None, jobs: int | None,
         quiet: bool) -> None:
    _check_lang(options.lang)
    paths = batch.expand_inputs(files)
    lang = options.lang
    console = _console(stderr=json_path == "-")
    if not paths:
        console.print(ui("no-files", lang))
        raise CommandExit(2)
    _refuse_overwriting("--json", _json_target(json_path), [*files, *paths], lang)
    json_target = _json_target(json_path)
    if command == "process" and json_target is not None and any(
            batch.same_file(json_target, target) for path in paths
            for target in output_paths(path, options.out_dir).values()):
        _usage_error(ui("overwrites-output", lang, option="--json", path=json_target))  # a _hasil replaced by JSON
    results = _with_progress(lambda advance: RUNNERS[command](paths, options, jobs, advance), len(paths),
                             quiet)
    if _KEPT_TO_EXIT:
        _KEPT_TO_EXIT.append(results)
    if not quiet:  # --quiet: the closing table only
        for result in results:
            _print_file(console, result, lang)
    if len(results) > 1 or quiet:
        _print_summary(console, results, lang)
    _write_json(results, json_path, lang)
    raise CommandExit(max(r.exit_code for r in results))


def _status(result: FileResult, lang: str) -> str:
    return ui(f"status.{result.status}", lang)


def _print_file(console: Output, result: FileResult, lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..text.finding_messages import finding_text

    analysis = result.analysis
    line = Text(str(result.path), style="bold") + Text(f": {_status(result, lang)}")
    if analysis is not None:
        line += " - " + status_line(analysis, lang)
    console.print(line, highlight=False)
    if result.findings:
        table = Table(show_lines=False, expand=False)
        causes = any(f.caused_by for f in result.findings)
        for key in ("col.severity", "col.code", "col.sheet", "col.cell", "col.message") + (
                ("col.caused_by",) if causes else ()):
            table.add_column(ui(key, lang), overflow="fold")
        for finding in result.findings:
            row = [ui(f"severity.{finding.severity.value}", lang), finding.code, finding.sheet or "",
                   finding.cell or "", finding_text(finding, lang)]
            table.add_row(*row, *([", ".join(finding.caused_by)] if causes else []))
        console.print(table)
    elif analysis is not None:
        console.print(ui("no-findings", lang))
    for output in result.outputs.values():
        if output:
            console.print(ui("wrote", lang, path=output), highlight=False)


def _print_summary(console: Output, results: list[FileResult], lang: str) -> None:
    rows = []
    for result in results:
        analysis = result.analysis
        errors = analysis.count(Severity.ERROR) if analysis else 1
        warnings = analysis.count(Severity.WARNING) if analysis else 0
        average = percent(analysis.results.average, lang) if analysis else "-"
        rows.append([result.path.name, _status(result, lang), str(errors), str(warnings), average])
    console.print_table([ui(key, lang) for key in ("col.file", "col.status", "col.errors", "col.warnings",
                                                   "col.average")], rows)
