"""The narrative sheet of the summary workbook: `text.narrative` blocks down a sheet of four columns.

Prose is merged over the four columns (LibreOffice shrinks a sheet to the page width only when more than one
column is used); a `Table` puts its columns side by side, its last column merged up to the sheet's last; a
`Placeholder` is a pale yellow, dashed box with its label in bold and the agency's hint in italics; the draft
mark is a red band at the top. Every text goes in with `write_string`/`write_rich_string`: never a formula.
"""

from __future__ import annotations

from typing import Any

from ...text import narrative
from ..sheets import Rows, Styles, block_styles, page, prose_height, row_height

WIDTHS = [24.0, 30.0, 18.0, 14.0]
LAST = len(WIDTHS) - 1
PAGE_FOOTER = "&C&P / &N"  # page numbers only: no tool's name under a report section
DRAFT_RED, PLACEHOLDER_FILL = "#C00000", "#FFF2CC"


def _styles(st: Styles) -> dict[str, tuple[Any, int, int]]:
    return {
        **block_styles(st),
        "draft": (st.get(bold=True, font_size=13, font_color=DRAFT_RED, bg_color="#FFC7CE", border=2,
                         border_color=DRAFT_RED, align="center", valign="vcenter", text_wrap=True), 13, 10),
        "placeholder": (st.get(text_wrap=True, bg_color=PLACEHOLDER_FILL, border=3, border_color="#BF8F00",
                               font_color="#7F6000"), 11, 8),
    }


def _merged(ws: Any, row: int, first: int, last: int, text: str, fmt: Any) -> None:
    if last > first:
        ws.merge_range(row, first, row, last, "", fmt)
    ws.write_string(row, first, text, fmt)


def _table(ws: Any, rows: Rows, st: Styles, table: narrative.Table, row: int) -> int:
    """Caption, header and rows of one table; returns the next free row."""
    columns = max([len(table.header)] + [len(r) for r in table.rows] + [1])
    spans = [(i, i) for i in range(min(columns, LAST + 1) - 1)] + [(min(columns, LAST + 1) - 1, LAST)]
    width = [sum(WIDTHS[a:b + 1]) for a, b in spans]
    caption = st.get(bold=True, align="center", text_wrap=True)
    _merged(ws, row, 0, LAST, table.text, caption)
    rows.set(row, row_height([(table.text, sum(WIDTHS))], padding=4))
    row += 1
    if table.header:
        for (first, last), text in zip(spans, table.header, strict=False):
            _merged(ws, row, first, last, text, st.header())
        rows.set(row, row_height(list(zip(table.header, width, strict=False)), padding=8))
        row += 1
    for cells in table.rows:
        for index, ((first, last), text) in enumerate(zip(spans, cells, strict=False)):
            align = table.align[index] if index < len(table.align) else "l"
            _merged(ws, row, first, last, text, st.cell(align="right" if align == "r" else "left"))
        rows.set(row, row_height(list(zip(cells, width, strict=False))))
        row += 1
    return row


def write_narrative(workbook: Any, st: Styles, name: str, blocks: list[narrative.Block], lang: str) -> None:
    """The narrative sheet `name`: every block of the narrative, in order, set up to print on A4 portrait."""
    ws = workbook.add_worksheet(name)
    for index, width in enumerate(WIDTHS):
        ws.set_column(index, index, width)
    ws.hide_gridlines(2)
    rows = Rows(ws)
    styles = _styles(st)
    total = sum(WIDTHS)
    row, previous = 0, None
    for block in blocks:
        spaced = block.kind in ("section", "table", "placeholder") or (block.kind == "heading" and previous != "title")
        previous = block.kind
        if spaced and row:
            row += 1  # an empty row before each section, sasaran, table and box to fill in
        if isinstance(block, narrative.Table):
            row = _table(ws, rows, st, block, row) + 1
            continue
        fmt, size, padding = styles.get(block.kind, styles["paragraph"])
        if isinstance(block, narrative.Placeholder):
            ws.merge_range(row, 0, row, LAST, "", fmt)
            label = st.get(bold=True, font_color="#7F6000")
            hint = st.get(italic=True, font_color="#7F6000")
            ws.write_rich_string(row, 0, label, block.label + ": ", hint, block.hint, fmt)
            text = block.text
            rows.set(row, max(prose_height(text, total, size, padding, columns=len(WIDTHS)), 45.0))  # room to write
        else:
            text = "\u2022 " + block.text if block.kind == "bullet" else block.text
            _merged(ws, row, 0, LAST, text, fmt)
            rows.set(row, prose_height(text, total, size, padding, indent=1 if block.kind == "bullet" else 0,
                                       bold=block.kind in ("title", "section", "heading", "draft"),
                                       columns=len(WIDTHS)))
        row += 1
        if block.kind == "draft":
            row += 1
    page(ws, lang, landscape=False)
    ws.set_footer(PAGE_FOOTER)
    ws.activate()
