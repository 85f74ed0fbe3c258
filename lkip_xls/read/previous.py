"""What lkip-xls changed in a `_hasil` workbook, kept in a very hidden sheet so that it can be undone.

Processing a returned `_hasil` file first restores every cell it had marked (its original style and
comment), so that a corrected cell loses its highlight, and remembers what the agency had typed into a
computed cell, so that the same findings come back while the agency has not changed that cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

STATE_SHEET = "_lkip_xls"
_OWN_SUMMARY = re.compile(r"Pemeriksaan( \d+)?")
MARKER = "lkip-xls state"
FORMAT = 1


@dataclass
class MarkedCell:
    sheet: str
    cell: str
    comment_text: str | None  # the comment the cell had before lkip-xls; None: lkip-xls added one
    comment_author: str | None
    style_row: int  # the row of the state sheet whose column F carries the original style


@dataclass
class PreviousState:
    marked: list[MarkedCell] = field(default_factory=list)
    typed: dict[tuple[str, str], tuple[Any, Any]] = field(default_factory=dict)  # (sheet, cell) -> (agency, ours)
    summary_sheet: str | None = None


def read_state(workbook: Any) -> PreviousState:
    """The state left by an earlier run (empty when there is none); works on read-only workbooks."""
    state = PreviousState()
    if STATE_SHEET not in workbook.sheetnames:
        return state
    rows = workbook[STATE_SHEET].iter_rows(values_only=True)
    header = next(rows, None)
    if not header or header[0] != MARKER:
        return state
    state.summary_sheet = header[2] if len(header) > 2 else None
    for number, row in enumerate(rows, start=2):
        kind, sheet, cell, first, second = (tuple(row) + (None,) * 5)[:5]
        if kind == "style":
            state.marked.append(MarkedCell(sheet, cell, first, second, number))
        elif kind == "typed":
            state.typed[(sheet, cell)] = (first, second)
    return state
