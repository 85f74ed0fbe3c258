"""The sheet of the plan and the evidence (template version 2): the tables of `text.plan.tables` (Tujuan, this
year against last year, Renstra years and progress, national and provincial figures, Data Dukung, PK Target
Awal), one under the other, numbered, each only where the workbook has its data. Their sentences are on the
narrative sheet. Cells are text as a report prints them (every one written with `write_string`), numbers
right-aligned; the sheet prints landscape, one page wide.

The sheet has one wide first column (the indicator) and SPREAD narrower ones; a table with fewer columns spreads
its other columns over them by their relative widths (merged cells), so that every table fills the page width."""

from __future__ import annotations

from typing import Any

from ...rules.analysis import Analysis
from ...rules.facts import Facts
from ...text import plan
from ...text.messages import ui
from ..sheets import Styles, page, row_height
from .common import new_sheet, write_title

FIRST, OTHER, SPREAD = 34.0, 13.0, 7
WIDTHS = [FIRST] + [OTHER] * SPREAD


def spans(widths: list[float]) -> list[tuple[int, int]]:
    """The sheet columns (first, last) of each table column: the first in column A, the others over B.. by their
    relative widths, each at least one column."""
    rest = widths[1:]
    if not rest:
        return [(0, SPREAD)]
    if len(rest) >= SPREAD:
        return [(0, 0)] + [(i, i) for i in range(1, len(rest) + 1)]
    total, found, start, share = sum(rest), [(0, 0)], 1, 0.0
    for index, width in enumerate(rest):
        share += width
        left = len(rest) - index - 1  # columns still to place, each needs one
        end = min(max(start, round(share / total * SPREAD)), SPREAD - left)
        found.append((start, end))
        start = end + 1
    return found


def write_plan(workbook: Any, st: Styles, analysis: Analysis, figures: Facts, lang: str) -> None:
    """The sheet, when the workbook has any of its data."""
    tables = plan.tables(figures.plan, lang)
    if not tables:
        return
    ws, rows = new_sheet(workbook, "sheet.rencana", lang, WIDTHS)
    row = write_title(rows, st, analysis, "title.rencana", lang)
    caption = st.get(bold=True, text_wrap=True)
    for number, table in enumerate(tables, start=1):
        columns = spans(table.widths)
        sizes = [sum(WIDTHS[a:b + 1]) for a, b in columns]
        text = f"{ui('word.table', lang)} {number}. {table.caption}"
        ws.merge_range(row, 0, row, len(WIDTHS) - 1, "", caption)
        ws.write_string(row, 0, text, caption)
        row += 1
        cells = [(table.header, [st.header()] * len(table.header), 8)]
        for values in table.rows:
            formats = [st.cell(align="right" if numeric else "left") for numeric in table.numeric]
            cells.append((values, formats, 3))
        for values, formats, padding in cells:
            for (first, last), value, fmt in zip(columns, values, formats, strict=False):
                if last > first:
                    ws.merge_range(row, first, row, last, "", fmt)
                ws.write_string(row, first, value, fmt)
            rows.set(row, row_height(list(zip(values, sizes, strict=False)), padding=padding))
            row += 1
        row += 1
    page(ws, lang, landscape=True)
