"""Undo what an earlier run marked in a `_hasil` workbook, and record what this run marks (see
`read.previous`)."""

from __future__ import annotations

from copy import copy
from typing import Any

from ...read.previous import _OWN_SUMMARY, FORMAT, MARKER, STATE_SHEET, PreviousState
from ..files import append_values


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
