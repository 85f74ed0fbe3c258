"""`process` on one file with two cores: a forked helper process loads the agency's workbook with openpyxl
and writes `_hasil`, while this process reads and checks the file with the streaming reader (as `check`
does) and writes `_ringkasan`.

openpyxl's load and save are most of the time `process` takes on a big workbook and cannot be split;
reading, checking and writing the summary can run beside them. The helper gets only the `Writeback` (the
computed values, the layouts and the findings), never the whole analysis. The summary is written under a
temporary name and takes its own only once the helper reports `_hasil` written; a summary that cannot be
written leaves `_hasil` in place, as in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.errors import FileUnreadable
from ...read import guard
from ..files import StagedOutput
from . import annotate

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...rules.analysis import Analysis, FileResult

WRITTEN = "written"


def available() -> bool:
    """A helper is forked from this process (it inherits the imported modules and starts at once)."""
    return "fork" in multiprocessing.get_all_start_methods()


def process_in_two(path: Path, targets: dict[str, Path], lang: str, max_size: int,
                   analyse_file: Callable[[Path, int], Analysis]) -> FileResult:
    """`analyse_file(path, max_size)` reads and checks the file as `check` does, in this process."""
    from ...rules.analysis import result_of, unreadable

    try:
        guard.inspect(path, max_size)  # a hostile or broken file is refused before anything is forked
    except FileUnreadable as exc:
        return unreadable(path, exc)
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    writer = context.Process(target=_write_hasil, args=(ours, theirs, path, targets["hasil"], max_size),
                             name="lkip-xls-hasil", daemon=True)
    writer.start()
    theirs.close()
    analysis = None
    try:
        analysis = analyse_file(path, max_size)
        failure = _write_summary_beside(ours, analysis, targets["ringkasan"], lang, path.name)
    except FileUnreadable as exc:
        failure = exc
    finally:
        if analysis is None:
            writer.kill()  # still loading or waiting for the write-back: it has written nothing
        ours.close()  # the helper, if it still waits, reads the end of the pipe and stops
        writer.join()
    if failure is not None:
        return unreadable(path, failure)
    result = result_of(path, analysis)
    result.outputs = {name: str(target) for name, target in targets.items()}
    return result


def _write_summary_beside(connection: Connection, analysis: Analysis, target: Path, lang: str,
                          name: str) -> FileUnreadable | None:
    """Hand the write-back to the helper, write the summary meanwhile, and let it take its name only when the
    helper has written `_hasil`; None when both outputs are in place, else why not."""
    # Pickled here, sent by a thread: the helper reads only once it has loaded the workbook, and the summary is
    # to be written meanwhile (a thread writing bytes to a pipe leaves the interpreter to the summary).
    message = pickle.dumps(annotate.Writeback.of(analysis, lang), protocol=pickle.HIGHEST_PROTOCOL)
    sender = threading.Thread(target=_send, args=(connection, message), daemon=True)
    sender.start()
    try:
        return _summary_then_outcome(connection, analysis, target, lang, name)
    finally:
        sender.join()


def _summary_then_outcome(connection: Connection, analysis: Analysis, target: Path, lang: str,
                          name: str) -> FileUnreadable | None:
    from .. import summary  # imported after the fork: the helper does not need it

    try:
        staged = StagedOutput(target)
    except OSError as exc:
        return _outcome(connection) or FileUnreadable("write-failed", str(exc))
    with staged:  # the temporary file goes, whatever happens, unless it was renamed into place
        try:
            summary.write_summary(analysis, staged.path, lang, name)
        except OSError as exc:
            return _outcome(connection) or FileUnreadable("write-failed", str(exc))  # hear the helper out
        failure = _outcome(connection)
        if failure is None:
            try:
                staged.commit()
            except OSError as exc:
                failure = FileUnreadable("write-failed", str(exc))
        return failure


def _send(connection: Connection, message: bytes) -> None:
    try:
        connection.send_bytes(message)
    except (BrokenPipeError, OSError):
        pass  # the helper gave up on the file (it could not load it) and said why


def _outcome(connection: Connection) -> FileUnreadable | None:
    """Wait for the helper: None once `_hasil` is written, else why not."""
    try:
        message = connection.recv()
    except (EOFError, OSError):
        return FileUnreadable("internal", "the process writing _hasil ended without a word")
    return None if message == WRITTEN else FileUnreadable(*message)


def _write_hasil(parents_end: Connection, connection: Connection, path: Path, target: Path, max_size: int) -> None:
    """The helper: load, wait for the write-back, write `_hasil`, say how it went (one message)."""
    parents_end.close()  # else the helper would hold the pipe open itself and never see the parent go
    gc.disable()  # a short-lived process holding one workbook: a collection would only walk all of it for nothing
    try:
        workbook = guard.load(path, read_only=False, data_only=False, max_size=max_size)
        try:
            writeback = connection.recv()
        except EOFError:
            return  # the parent gave up on the file: nothing to write
        annotate.write_hasil(path, workbook, writeback, target)
        message: object = WRITTEN
    except KeyboardInterrupt:
        return  # Ctrl-C reached the whole process group: the parent reports it, and write_hasil left no file
    except FileUnreadable as exc:
        message = (exc.reason, exc.detail)
    except OSError as exc:
        message = ("write-failed", str(exc))
    except Exception as exc:  # noqa: BLE001 - the parent must hear of every failure, never a silent exit
        message = ("internal", f"{type(exc).__name__}: {exc}")
    try:
        connection.send(message)
    except (BrokenPipeError, OSError):
        pass
    finally:
        connection.close()
