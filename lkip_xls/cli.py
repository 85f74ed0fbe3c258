"""The command line: parse options, call the library, print, exit. No arithmetic here.

Longer than ~400 lines on purpose: one Typer command per verb with its options and help; no logic.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__, api, batch
from .api import FileResult, Options
from .core.model import Severity
from .core.names import HASIL_SUFFIX, output_paths
from .outputs import files as output_files
from .outputs import json_report as report
from .read.guard import DEFAULT_MAX_SIZE
from .text.finding_messages import finding_text
from .text.format import LANGS, percent
from .text.messages import UI, status_line, ui, unreadable_reason

T = TypeVar("T")

app = typer.Typer(
    help="lkip-xls: periksa, hitung dan ringkas workbook Laporan Kinerja (LKIP/LKjIP). "
         "(Check, compute and summarise LKIP workbooks.)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

MB = 1024 * 1024
DEFAULT_MAX_MB = DEFAULT_MAX_SIZE // MB  # --max-size is given in MB


LangOption = Annotated[str, typer.Option("--lang", help="Bahasa pesan: id (bawaan) atau en. (Message language.)")]
JsonOption = Annotated[str | None, typer.Option(
    "--json", help="Tulis dokumen JSON ke PATH, atau '-' ke keluaran standar. (Write the JSON document.)")]
JobsOption = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=1, help="Jumlah proses paralel (bawaan: jumlah CPU). (Parallel processes.)")]
MaxSizeOption = Annotated[int, typer.Option(
    "--max-size", min=1, help="Batas ukuran isi workbook dalam MB (bawaan 200). (Size limit in MB.)")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Hanya tampilkan ringkasan. (Summary only.)")]
FilesArgument = Annotated[list[Path], typer.Argument(
    help="Berkas .xlsx/.xlsm atau folder. (Workbooks or folders.)", show_default=False)]


def _console(stderr: bool = False) -> Console:
    """Rich markup and emoji codes are off: file names, sheet names and agency text may hold [brackets] and
    :colons:."""
    return Console(stderr=stderr, width=None if sys.stdout.isatty() else 160, soft_wrap=False, markup=False,
                   highlight=False, emoji=False)


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _term(value: object) -> str:
    """Text from outside (mail senders, subjects, file names) made safe to print: every C0/C1 control (ESC,
    BEL, CR, LF...) and bidi override shows as a visible escape such as \\x1b instead of acting on the terminal."""
    def visible(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL_CHARS.sub(visible, str(value))


def main() -> None:
    """The console script. It leaves without the interpreter's teardown, which frees every object one by one
    (a tenth of a second after a province workbook): outputs are closed and renamed by then, and the
    standard streams are flushed here."""
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 is printed as its bytes
        with suppress(AttributeError, ValueError):
            stream.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
    try:
        app()
        code: object = 0
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


def _stream_failed(error: OSError) -> int:
    with suppress(OSError):
        reason = unreadable_reason(output_files.failure_reason(error), error.strerror or str(error))
        os.write(2, (ui("cannot-write", "id", path="stdout", reason=reason) + "\n").encode("utf-8", "replace"))
    return 2


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lkip-xls {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Tampilkan versi. (Show the version.)")] = False,
) -> None:
    """lkip-xls: periksa, hitung dan ringkas workbook Laporan Kinerja."""


@app.command()
def template(
    path: Annotated[Path | None, typer.Argument(
        help="Berkas tujuan (bawaan lkip-template.xlsx, dengan --contoh lkip-contoh.xlsx). (Output file.)",
        show_default=False)] = None,
    lang: LangOption = "id",
    example: Annotated[bool, typer.Option(
        "--contoh", help="Tulis contoh yang sudah terisi. (Write a filled-in example.)")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Timpa berkas yang sudah ada (tidak pernah workbook yang sudah diisi). "
                        "(Replace an existing file, never a filled-in workbook.)")] = False,
) -> None:
    """Tulis template kosong, atau contoh terisi. (Write the empty template, or a filled-in example.)"""
    from .outputs.template import write_template
    from .outputs.template_example import EXAMPLE_NAME

    _check_lang(lang)
    path = path or Path(EXAMPLE_NAME if example else "lkip-template.xlsx")
    if path.exists() and not force:
        _usage_error(ui("template-exists-force", lang, path=path))
    if path.exists() and not _is_empty_template(path):
        _usage_error(ui("template-exists", lang, path=path))
    output_files.sweep_temporaries([path.parent])
    _writing(lambda: write_template(path, lang, example), lang, path)
    typer.echo(ui("example-written" if example else "template-written", lang, path=path))


def _is_empty_template(path: Path) -> bool:
    """Whether an existing file may be replaced by the template: an lkip-xls template with nothing filled in
    (regenerating a template is fine; a filled-in workbook, or any other file, is never overwritten)."""
    analysis = api.check_file(path).analysis
    if analysis is None:
        return False
    data = analysis.data
    return not (data.indicators or data.budget_lines or data.identitas.agency)


def _writing(write: Callable[[], T], lang: str, path: Path | str = "") -> T:
    """Run a write; a full disk or a refused permission is one line on standard error and exit status 2."""
    try:
        return write()
    except OSError as exc:
        reason = unreadable_reason(output_files.failure_reason(exc), exc.strerror or str(exc), lang)
        _usage_error(ui("cannot-write", lang, path=path or exc.filename or "", reason=reason))
        raise  # not reached: _usage_error exits


def _usage_error(message: str) -> None:
    """A usage error: one line on standard error, exit status 2."""
    _console(stderr=True).print(message, highlight=False)
    raise typer.Exit(2)


def _refuse_overwriting(option: str, output: Path | None, inputs: list[Path], lang: str) -> None:
    """An output (--json, --out) that is one of the inputs, through any link, is a usage error."""
    if output is None:
        return
    victim = next((path for path in inputs if batch.same_file(output, path)), None)
    if victim is not None:
        _usage_error(ui("overwrites-input", lang, option=option, path=output))


@app.command()
def check(
    files: FilesArgument,
    json_path: JsonOption = None,
    lang: LangOption = "id",
    jobs: JobsOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_MB,
    quiet: QuietOption = False,
) -> None:
    """Baca dan periksa saja; tidak menulis workbook. (Read and validate only.)"""
    _run("check", files, _options(lang, max_size), json_path, jobs, quiet)


@app.command()
def process(
    files: FilesArgument,
    out_dir: Annotated[Path | None, typer.Option(
        "--out-dir", "-o", help="Folder hasil (bawaan: folder berkas masukan). (Output folder.)")] = None,
    json_path: JsonOption = None,
    lang: LangOption = "id",
    jobs: JobsOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_MB,
    quiet: QuietOption = False,
) -> None:
    """Periksa, hitung, dan tulis NAMA_hasil.xlsx untuk setiap berkas. (Validate, compute, write outputs.)"""
    options = _options(lang, max_size, out_dir)
    _run("process", files, options, json_path, jobs, quiet)


@app.command()
def inbox(
    sources: Annotated[list[Path] | None, typer.Argument(
        help="Berkas .eml, mbox atau folder Maildir. (Mail files or folders.)", show_default=False)] = None,
    out_dir: Annotated[Path, typer.Option(
        "--out-dir", "-o", help="Folder hasil, lampiran, draf balasan dan inbox.json. (Output folder.)")] = ...,
    lang: LangOption = "id",
    jobs: JobsOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_MB,
    all_messages: Annotated[bool, typer.Option(
        "--all", help="IMAP: semua pesan, bukan hanya yang belum dibaca. (All messages, not only unseen.)")] = False,
    mark_seen: Annotated[bool, typer.Option(
        "--mark-seen", help="IMAP: tandai dibaca setelah draf ditulis. (Mark seen after drafting.)")] = False,
    imap_host: Annotated[str | None, typer.Option("--imap-host", help="Server IMAP. (IMAP server.)")] = None,
    imap_port: Annotated[int | None, typer.Option(
        "--imap-port", help="Port IMAP (bawaan 993 TLS, 143 tanpa TLS). (IMAP port.)")] = None,
    imap_user: Annotated[str | None, typer.Option("--imap-user", help="Pengguna IMAP. (IMAP user.)")] = None,
    folder: Annotated[str, typer.Option("--folder", help="Folder IMAP. (IMAP folder.)")] = "INBOX",
    imap_insecure: Annotated[bool, typer.Option(
        "--imap-insecure", help="IMAP tanpa TLS, hanya ke 127.0.0.1/::1/localhost. (Plain IMAP, loopback only.)",
    )] = False,
    from_address: Annotated[str | None, typer.Option(
        "--from", help="Alamat pengirim draf (bawaan: pengguna IMAP). (From address of the drafts.)")] = None,
    signature: Annotated[str | None, typer.Option(
        "--signature", help="Penutup draf: nama, jabatan, telepon; '\\n' memisah baris (bawaan: alamat --from). "
                            "(Closing lines of the drafts.)")] = None,
    quiet: QuietOption = False,
) -> None:
    """Periksa workbook lampiran email dan tulis draf balasan; tidak mengirim apa pun.
    (Check mailed workbooks and draft the replies; nothing is sent.)"""
    from .mail import inbox as inbox_lib
    from .mail import messages as mail

    _check_lang(lang)
    console = _console()
    if not sources and not imap_host:
        console.print(ui("inbox.no-source", lang))
        raise typer.Exit(2)
    imap = None
    if imap_host:
        if not imap_user:
            raise typer.BadParameter(ui("inbox.no-user", lang), param_hint="--imap-user")
        password = os.environ.get(inbox_lib.PASSWORD_VARIABLE)
        if not password:
            console.print(ui("inbox.no-password", lang))
            raise typer.Exit(2)
        imap = inbox_lib.ImapSettings(imap_host, imap_user, password, imap_port, folder, imap_insecure,
                                      all_messages, mark_seen)
    closing = signature.replace("\\n", "\n") if signature else None
    settings = api.InboxSettings(sources or [], imap, from_address, closing)
    try:
        outcome = api.inbox(settings, out_dir, _options(lang, max_size, out_dir), jobs)
    except inbox_lib.InboxError as exc:
        key = str(exc)
        console.print(ui(f"inbox.{key}", lang) if f"inbox.{key}" in UI else ui("inbox.failed", lang, detail=_term(key)),
                      highlight=False)
        raise typer.Exit(2) from None
    except mail.SourceUnreadable as exc:  # a FIFO, a device, a path that is not there: one line, nothing read
        reason = ui(f"inbox.skip.{exc.reason}", lang) if f"inbox.skip.{exc.reason}" in UI else exc.reason
        console.print(ui("inbox.source-refused", lang, path=_term(exc.path), reason=_term(reason)), highlight=False)
        raise typer.Exit(2) from None
    except OSError as exc:  # an output folder that cannot be used
        console.print(ui("inbox.failed", lang, detail=_term(exc)), highlight=False)
        raise typer.Exit(2) from None
    run = outcome.run
    for skip in run.skipped:
        reason = ui(f"inbox.skip.{skip.reason}", lang) if f"inbox.skip.{skip.reason}" in UI else skip.reason
        console.print(ui("inbox.skipped", lang, path=_term(skip.path), reason=_term(reason)), highlight=False)
    for message in run.outcomes:
        incoming = message.incoming
        if quiet:
            continue
        console.print(ui("inbox.message", lang, sender=_term(incoming.sender), subject=_term(incoming.subject)),
                      highlight=False)
        if incoming.reply_to_differs:
            to = ", ".join(address for _, address in incoming.reply_to)
            console.print("  " + ui("inbox.reply-to-differs", lang, reply_to=_term(to)), highlight=False)
        if incoming.problem:
            console.print("  " + ui("inbox.not-processed-line", lang, reason=_term(mail.problem_text(incoming, lang))),
                          highlight=False)
        for summary in message.summaries:
            console.print(f"  {_term(summary['file'])}: {ui('status.' + summary['status'], lang)}", highlight=False)
        console.print("  " + (ui("inbox.drafted", lang, path=_term(message.reply)) if message.reply
                              else ui("inbox.no-draft", lang)), highlight=False)
    console.print(ui("inbox.done", lang, messages=len(run.outcomes), processed=run.processed, reused=run.reused,
                     index=_term(run.index)), highlight=False)
    _print_summary(console, outcome.recap.results, lang)
    console.print(ui("wrote", lang, path=outcome.recap.out), highlight=False)
    raise typer.Exit(run.exit_code)


@app.command()
def rekap(
    files: FilesArgument,
    out: Annotated[Path, typer.Option("--out", help="Workbook rekap (bawaan: rekap.xlsx). (Recap workbook.)")
                   ] = Path("rekap.xlsx"),
    json_path: JsonOption = None,
    lang: LangOption = "id",
    jobs: JobsOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_MB,
    quiet: QuietOption = False,
) -> None:
    """Rekap banyak workbook instansi dalam satu workbook. (One recap workbook from many agency workbooks.)"""

    _check_lang(lang)
    to_stdout = json_path == "-"
    console = _console(stderr=to_stdout)
    named = [path for path in files if not path.is_dir()]
    _refuse_overwriting("--out", out, named, lang)
    paths, skipped = batch.rekap_inputs(files, exclude=out)
    if any(why == "output" for _path, why in skipped) and not batch.is_earlier_recap(out):
        _usage_error(ui("overwrites-input", lang, option="--out", path=out))  # an agency's workbook in a folder
    _refuse_overwriting("--json", _json_target(json_path), [*named, *paths], lang)
    for path, why in skipped:
        kept = path.with_name(f"{path.stem}{HASIL_SUFFIX}{path.suffix}")
        console.print(ui(f"rekap.skipped.{why}", lang, path=path, kept=kept.name), highlight=False)
    if not paths:
        console.print(ui("no-files", lang))
        raise typer.Exit(2)
    options = _options(lang, max_size)
    output_files.sweep_temporaries([out.parent])
    try:
        run = _with_progress(lambda advance: api.rekap(paths, out, options, jobs, advance, folders=files), len(paths),
                             quiet)
    except OSError as exc:
        reason = unreadable_reason(output_files.failure_reason(exc), exc.strerror or str(exc), lang)
        console.print(ui("rekap.write-failed", lang, detail=reason), highlight=False)
        raise typer.Exit(2) from None
    _print_summary(console, run.results, lang)
    console.print(ui("wrote", lang, path=out), highlight=False)
    _write_json(run.results, json_path, lang)
    raise typer.Exit(max(r.exit_code for r in run.results))


def _options(lang: str, max_size_mb: int, out_dir: Path | None = None) -> Options:
    return Options(out_dir=out_dir, lang=lang, max_size=max_size_mb * MB)


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise typer.BadParameter(ui("bad-lang"), param_hint="--lang")


RUNNERS = {"check": api.check_files, "process": api.process_files}


def _with_progress(work: Callable[[Callable[[FileResult], None]], T], total: int, quiet: bool) -> T:
    """`work(advance)` with a progress bar on standard error when that is a terminal, there is more than one
    file, and --quiet is not given."""
    if quiet or total <= 1 or not sys.stderr.isatty():
        return work(lambda result: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=_console(stderr=True), transient=True) as progress:
        task = progress.add_task("lkip-xls", total=total)
        return work(lambda result: progress.advance(task))


def _json_target(json_path: str | None) -> Path | None:
    return Path(json_path) if json_path and json_path != "-" else None


def _write_json(results: list[FileResult], json_path: str | None, lang: str) -> None:
    if not json_path:
        return
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
        raise typer.Exit(2) from None


def _run(command: str, files: list[Path], options: Options, json_path: str | None, jobs: int | None,
         quiet: bool) -> None:
    _check_lang(options.lang)
    paths = batch.expand_inputs(files)
    lang = options.lang
    console = _console(stderr=json_path == "-")
    if not paths:
        console.print(ui("no-files", lang))
        raise typer.Exit(2)
    _refuse_overwriting("--json", _json_target(json_path), [*files, *paths], lang)
    json_target = _json_target(json_path)
    if command == "process" and json_target is not None and any(
            batch.same_file(json_target, target) for path in paths
            for target in output_paths(path, options.out_dir).values()):
        _usage_error(ui("overwrites-output", lang, option="--json", path=json_target))  # a _hasil replaced by JSON
    results = _with_progress(lambda advance: RUNNERS[command](paths, options, jobs, advance), len(paths),
                             quiet)
    if not quiet:  # --quiet: the closing table only
        for result in results:
            _print_file(console, result, lang)
    if len(results) > 1 or quiet:
        _print_summary(console, results, lang)
    _write_json(results, json_path, lang)
    raise typer.Exit(max(r.exit_code for r in results))


def _status(result: FileResult, lang: str) -> str:
    return ui(f"status.{result.status}", lang)


def _print_file(console: Console, result: FileResult, lang: str) -> None:
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


def _print_summary(console: Console, results: list[FileResult], lang: str) -> None:
    table = Table()
    for key in ("col.file", "col.status", "col.errors", "col.warnings", "col.average"):
        table.add_column(ui(key, lang))
    for result in results:
        analysis = result.analysis
        errors = analysis.count(Severity.ERROR) if analysis else 1
        warnings = analysis.count(Severity.WARNING) if analysis else 0
        average = percent(analysis.results.average, lang) if analysis else "-"
        table.add_row(result.path.name, _status(result, lang), str(errors), str(warnings), average)
    console.print(table)


if __name__ == "__main__":  # pragma: no cover
    main()
