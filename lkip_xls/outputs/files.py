"""Writing outputs: atomically (a temporary file in the target's folder, renamed into place), and agency text
kept as text in openpyxl cells."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def set_value(cell: Any, value: Any) -> None:
    """Put a value in an openpyxl cell; text always stays text (openpyxl would turn "=..." into a formula)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def append_values(worksheet: Any, values: list[Any]) -> None:
    """worksheet.append() for a row that may hold agency text: every string stays a string."""
    row = worksheet.max_row + 1 if worksheet.max_row > 1 or worksheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        if value is not None:
            set_value(worksheet.cell(row=row, column=column), value)


class StagedOutput:
    """An output written beside its target under a temporary name; it takes the target's name only when
    committed, and is removed otherwise (so a half-written or unwanted file never appears)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".lkip-", suffix=target.suffix, dir=target.parent)
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
    """Write to a temporary file in the target's folder, then rename it over the target."""
    with StagedOutput(target) as staged:
        write(staged.path)
        staged.commit()
