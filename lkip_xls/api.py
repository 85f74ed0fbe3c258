"""The library's front door: check and process files. Never prints, never exits."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import batch
from .core.errors import FileUnreadable
from .core.findings import make
from .core.names import output_paths
from .read import guard, previous, reader
from .rules.analysis import Analysis, FileResult, Options, analyse, result_of, unreadable

DEFAULT_OPTIONS = Options()

def _analyse_view(view: Any) -> Analysis:
    """Analyse a read-only view (streaming or over a loaded workbook), then close it; XML met broken while
    reading makes the file unreadable. A failure of the analysis itself is lkip-xls's, not the file's: it is
    not dressed up as a corrupt file (the batch reports it as an internal error)."""
    try:
        with guard.no_gc():  # a short-lived burst of objects: collecting cycles midway only costs time
            data, findings = reader.read_workbook(view)
            findings += [make("EXTERNAL-LINK", link.sheet, link.cell, target=_shortened(link.target))
                         for link in getattr(view, "links", ())]
            state, sheetnames = previous.read_state(view), list(view.sheetnames)
    except guard.READ_ERRORS as exc:
        raise guard.unreadable_from(exc) from exc
    finally:
        view.close()
    with guard.no_gc():
        return analyse(data, findings, state, sheetnames)


def _shortened(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


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
    """Validate and compute as `check` does, then write NAME_hasil.xlsx (the agency's package with the results
    patched in) and NAME_ringkasan.xlsx next to the input or in out_dir; with `options.docx` also
    NAME_lkip.docx, the Word draft of the report."""
    from .outputs import files, summary
    from .outputs.hasil import annotate  # the writers are only needed here

    targets = output_paths(path, options.out_dir)
    if any(batch.same_file(path, target) for target in targets.values()):
        return unreadable(path, FileUnreadable("output-is-input", str(path)))
    try:
        analysis = _analyse_file(path, options.max_size)
    except FileUnreadable as exc:
        return unreadable(path, exc)
    result = result_of(path, analysis)
    try:
        with guard.no_gc():  # tens of thousands of short-lived objects, few cycles: collecting only costs time
            annotate.write_hasil(path, annotate.Writeback.of(analysis, options.lang), targets["hasil"])
            result.outputs["hasil"] = str(targets["hasil"])
            summary.write_summary(analysis, targets["ringkasan"], options.lang, path.name)
            result.outputs["ringkasan"] = str(targets["ringkasan"])
            if options.docx:
                from .outputs import docx

                docx.write_docx(analysis, targets["lkip"], options.lang, path.name)
                result.outputs["lkip"] = str(targets["lkip"])
    except FileUnreadable as exc:
        return unreadable(path, exc)
    except OSError as exc:
        return unreadable(path, FileUnreadable(files.failure_reason(exc), exc.strerror or str(exc)))
    except (ValueError, KeyError, SyntaxError) as exc:  # a part the package patch cannot take (lxml's errors are
        return unreadable(path, guard.unreadable_from(exc))  # SyntaxErrors): the file is refused, never a traceback
    return result


Progress = Callable[[FileResult], None]


def check_files(paths: Sequence[Path], options: Options = DEFAULT_OPTIONS, jobs: int | None = None,
                advance: Progress = lambda result: None) -> list[FileResult]:
    """`check_file` on every file (in `jobs` processes); results in input order."""
    return batch.run_batch(check_file, paths, options, jobs, advance)


def process_files(paths: Sequence[Path], options: Options = DEFAULT_OPTIONS, jobs: int | None = None,
                  advance: Progress = lambda result: None) -> list[FileResult]:
    """`process_file` on every file; a file whose outputs would overwrite an input of the batch (its own or
    another's) or an earlier file's outputs is refused."""
    from .outputs import files

    files.sweep_temporaries(output_paths(path, options.out_dir)["hasil"].parent for path in paths)
    overwriting = batch.overwriting_inputs(paths, options.out_dir)
    collisions = batch.output_collisions([p for p in paths if p not in overwriting], options.out_dir)
    refused = {p: FileUnreadable("output-is-input", str(victim)) for p, victim in overwriting.items()}
    refused |= {p: FileUnreadable("output-collision", other.name) for p, other in collisions.items()}
    done = iter(batch.run_batch(process_file, [p for p in paths if p not in refused], options, jobs, advance))
    return [unreadable(p, refused[p]) if p in refused else next(done) for p in paths]


# --------------------------------------------------------------------------- the recap and the mailbox

INBOX_REKAP_NAME = "rekap.xlsx"  # written by `inbox` into its --out-dir


@dataclass
class RecapRun:
    results: list[FileResult]  # one per file, as `check` gives them
    out: Path  # the recap workbook written


def rekap(paths: Sequence[Path], out: Path, options: Options = DEFAULT_OPTIONS, jobs: int | None = None,
          advance: Progress = lambda result: None, folders: Sequence[Path] = ()) -> RecapRun:
    """Check every file and write one recap workbook; the messages of an inbox.json in any of `folders` go into
    it too. OSError when the recap cannot be written."""
    from .mail.inbox import inbox_messages
    from .outputs.rekap_book import write_rekap
    from .rules.recap import build_rekap

    results = check_files(paths, options, jobs, advance)
    built = build_rekap(results, options.lang)
    built.messages = inbox_messages(folders)
    write_rekap(built, out, options.lang)
    return RecapRun(results, out)


@dataclass
class InboxSettings:
    sources: Sequence[Path] = ()  # .eml files, mbox files, Maildir folders, folders of .eml files
    imap: Any = None  # mail.inbox.ImapSettings, or None
    from_address: str | None = None
    signature: str | None = None  # the drafts' closing lines (name, office, phone); default: the From address


@dataclass
class InboxOutcome:
    run: Any  # mail.inbox.InboxRun
    recap: RecapRun


def inbox(settings: InboxSettings, out_dir: Path, options: Options = DEFAULT_OPTIONS,
          jobs: int | None = None) -> InboxOutcome:
    """Answer every message of the sources (and the IMAP mailbox): process each workbook once, draft a reply per
    message (a short one saying why for a message that cannot be processed), update OUT/inbox.json, then write
    OUT/rekap.xlsx for every agency answered so far. Raises mail.inbox.InboxError, mail.messages.SourceUnreadable
    (a source that is no file or folder, checked before anything is read) or OSError when a mailbox or the
    folder is unusable."""
    from .mail import inbox as inbox_lib
    from .mail import messages as mail

    options = replace(options, out_dir=out_dir)
    recap_out = out_dir / INBOX_REKAP_NAME
    if (recap_out.exists() or recap_out.is_symlink()) and not batch.is_earlier_recap(recap_out):
        raise inbox_lib.InboxError("rekap-exists")  # a file of the user's, before anything is read or written
    for source in settings.sources:  # a FIFO or a device is refused before anything is read
        mail.check_source(source)
    limit = mail.message_limit(options.max_size)
    mailbox = None
    skipped: list = []

    def incoming() -> Iterator:  # read one message at a time, as run_inbox goes
        for source in settings.sources:
            yield from mail.read_source(source, limit, skipped)
        if mailbox is not None:
            yield from mailbox.messages(limit)

    try:
        if settings.imap is not None:
            mailbox = inbox_lib.ImapMailbox(settings.imap)
        after = mailbox.mark_seen if mailbox is not None and settings.imap.mark_seen else None
        sender = settings.from_address or (settings.imap.user if settings.imap else None) or inbox_lib.DEFAULT_FROM
        run = inbox_lib.run_inbox(incoming(), out_dir, options, lambda paths: process_files(paths, options, jobs),
                                  sender, after, signature=settings.signature)
        run.skipped = skipped
    finally:
        if mailbox is not None:
            mailbox.close()
    recap_paths, _ = batch.rekap_inputs([out_dir], exclude=recap_out)
    return InboxOutcome(run, rekap(recap_paths, recap_out, options, jobs, folders=[out_dir]))
