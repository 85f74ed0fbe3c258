"""What lkip-xls changed in a `_hasil` workbook, kept in a very hidden sheet so that it can be undone.

Processing a returned `_hasil` file first restores every cell it had marked (its original style and
comment), so that a corrected cell loses its highlight, and remembers what the agency had typed into a
computed cell, so that the same findings come back while the agency has not changed that cell.
"""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from ...read.guard import append_values

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


def undo(workbook: Any, state: PreviousState) -> None:
    """Give every marked cell its original look and comment back; drop lkip-xls's own sheets."""
    if STATE_SHEET not in workbook.sheetnames:
        return
    from openpyxl.comments import Comment  # only when writing, so that checking never imports openpyxl

    store = workbook[STATE_SHEET]
    for marked in state.marked:
        if marked.sheet not in workbook.sheetnames or not isinstance(marked.cell, str):
            continue
        try:
            cell = workbook[marked.sheet][marked.cell]
        except (ValueError, KeyError, TypeError, AttributeError):  # a state sheet someone edited by hand
            continue
        if not hasattr(cell, "comment") or isinstance(cell, tuple):
            continue
        cell._style = copy(store.cell(row=marked.style_row, column=6)._style)
        cell.comment = Comment(marked.comment_text, marked.comment_author or "") if marked.comment_text else None
    summary = state.summary_sheet
    if isinstance(summary, str) and _OWN_SUMMARY.fullmatch(summary) and summary in workbook.sheetnames:
        del workbook[summary]  # only a sheet lkip-xls names itself; a tampered name cannot drop agency data
    del workbook[STATE_SHEET]


class StateWriter:
    """Records, before lkip-xls touches a cell, what it looked like."""

    def __init__(self, workbook: Any, summary_sheet: str):
        self.sheet = workbook.create_sheet(STATE_SHEET)
        self.sheet.sheet_state = "veryHidden"
        append_values(self.sheet, [MARKER, FORMAT, summary_sheet])
        self._seen: set[tuple[str, str]] = set()

    def remember_style(self, worksheet_title: str, cell: Any) -> None:
        key = (worksheet_title, cell.coordinate)
        if key in self._seen:
            return
        self._seen.add(key)
        comment = cell.comment
        append_values(self.sheet, ["style", worksheet_title, cell.coordinate, comment.text if comment else None,
                           comment.author if comment else None])
        self.sheet.cell(row=self.sheet.max_row, column=6)._style = copy(cell._style)

    def remember_typed(self, worksheet_title: str, coordinate: str, agency: Any, ours: Any) -> None:
        append_values(self.sheet, ["typed", worksheet_title, coordinate, agency, ours])
