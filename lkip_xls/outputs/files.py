"""Writing outputs atomically: a temporary file in the target's folder, renamed into place."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

# Every temporary lkip-xls writes lies beside its output as `.lkip-tmp-<pid>-<random><suffix>`. A run that
# was killed leaves its temporaries behind; the next run that writes into that folder removes those whose
# writer no longer runs and that are older than that run, and any older than STALE_AFTER seconds (a writer on
# another machine sharing the folder, a reused process id). Nothing else is ever removed.
TEMP_PREFIX = ".lkip-tmp-"
STALE_AFTER = 3600
_TEMPORARY = re.compile(r"\.lkip-(?:tmp-(\d+)-)?[\w-]+(\.\w+)?")  # ".lkip-xxxx.xlsx" from before 0.3 too
_STARTED = time.time()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


class StagedOutput:
    """An output written beside its target under a temporary name; it takes the target's name only when
    committed, and is removed otherwise (so a half-written or unwanted file never appears)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=target.suffix,
                                             dir=target.parent)
        os.close(handle)
        self.path = Path(temporary)

    def commit(self) -> None:
        os.chmod(self.path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files to share
        os.replace(self.path, self.target)

    def discard(self) -> None:
        with suppress(FileNotFoundError):
            os.unlink(self.path)

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write to a temporary file in the target's folder, then rename it over the target. A failure to write
    is an OSError, whichever library wrote (XlsxWriter wraps it)."""
    with StagedOutput(target) as staged:
        try:
            write(staged.path)
        except Exception as exc:
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else exc.__cause__
            if not isinstance(exc, OSError) and isinstance(cause, OSError):  # xlsxwriter's FileCreateError
                raise cause from exc
            raise
        staged.commit()


def failure_reason(error: OSError) -> str:
    """The reason (text.messages.UNREADABLE) for an output that could not be written."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk-full"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission"
    return "write-failed"


def sweep_temporaries(folders: Iterable[Path]) -> None:
    """Remove what killed runs left in these folders (see TEMP_PREFIX); never raises."""
    now = time.time()
    for folder in set(folders):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            found = _TEMPORARY.fullmatch(entry.name)
            if not found or not entry.is_file(follow_symlinks=False):
                continue
            with suppress(OSError):
                modified = entry.stat(follow_symlinks=False).st_mtime
                pid = int(found.group(1)) if found.group(1) else None
                orphaned = pid is not None and pid != os.getpid() and not _running(pid) and modified < _STARTED
                if orphaned or now - modified > STALE_AFTER:
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True
