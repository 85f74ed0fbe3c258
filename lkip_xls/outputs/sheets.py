"""XlsxWriter helpers shared by the summary (`summary`) and the recap (`rekap`): formats, row heights,
page setup, bar charts with a target line, and narrative blocks. Agency text always goes in as a string."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from ..text import narrative
from ..text.messages import ui
from . import files, metrics

PAPER_A4 = 9
CHART_CAP = Decimal(200)  # capaian above this is clipped on the chart (its label still shows the value)
CHAR_FACTOR = 1.05  # characters per column-width unit when estimating the height of wrapped text
DEFAULT_ROW = 15.0  # points
# Prose rows: the points of text, in DejaVu Sans widths (outputs/metrics), that a column-width unit holds on a
# line. LibreOffice gives about 7 (a unit is its default font's digit: DejaVu Sans's where Calibri is missing;
# measured on the recap's narrative), Excel about 6,7 (a unit is 7 px, Calibri about four fifths of DejaVu Sans):
# the lower, so that a row is never too short; each merged column adds its 5 px of padding (COLUMN_POINTS) and
# an indent level takes INDENT_POINTS.
UNIT_POINTS, COLUMN_POINTS = 6.7, 3.75
INDENT_POINTS = 12.0
LINE = 1.3  # line height / font size
# Printable area of A4 with the margins of page(): (width in pixels at 96 dpi, height in points).
PRINTABLE = {True: ((11.69 - 1.0) * 96, (8.27 - 1.3) * 72 - 20), False: ((8.27 - 1.0) * 96, (11.69 - 1.3) * 72 - 20)}
BLUE, ORANGE, HEADER = "#4472C4", "#ED7D31", "#1F4E78"


# Agency text never becomes a formula, a link or a number; the parts are built in memory (XlsxWriter's
# default writes every part to a temporary file first: a hundred file system calls per workbook).
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                    "in_memory": True}


def write_workbook(target: Path, build: Callable[[Any], None]) -> None:
    """A fresh XlsxWriter workbook filled by `build`, written atomically to `target`."""

    def save(path: Path) -> None:
        workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        try:
            build(workbook)
        finally:
            workbook.close()

    files.write_atomically(target, save)


class Styles:
    """The formats of one workbook, created once each."""

    def __init__(self, workbook: Any, lang: str):
        self.workbook = workbook
        self.locale = "[$-421]" if lang == "id" else ""
        self._cache: dict[tuple, Any] = {}

    def get(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
            self._cache[key] = self.workbook.add_format({**base, **props})
        return self._cache[key]

    def number(self, places: int = 0, **props: Any) -> Any:
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return self.get(num_format=self.locale + pattern, border=1, **props)

    def money(self, **props: Any) -> Any:
        return self.number(0, **props)

    def pct(self, **props: Any) -> Any:
        return self.get(num_format=self.locale + "0.00", border=1, **props)

    def cell(self, **props: Any) -> Any:
        return self.get(border=1, text_wrap=True, **props)

    def header(self) -> Any:
        return self.get(bold=True, font_color="#FFFFFF", bg_color=HEADER, border=1, text_wrap=True,
                        align="center", valign="vcenter")


class Rows:
    """Row heights set on one worksheet, so that a chart can be kept off a page break."""

    def __init__(self, ws: Any):
        self.ws = ws
        self.heights: dict[int, float] = {}

    def set(self, row: int, height: float) -> None:
        self.heights[row] = height
        self.ws.set_row(row, height)

    def used(self, upto: int) -> float:
        return sum(self.heights.get(r, DEFAULT_ROW) for r in range(upto))



def wrapped_lines(text: str, width: float) -> int:
    chars = max(1, int(width * CHAR_FACTOR))
    return sum(_lines(part, chars) for part in (text or "").split("\n"))


def _lines(part: str, chars: int) -> int:
    """The lines textwrap wraps `part` into at `chars` (at least one). A part no longer than a line, without a
    tab (the only character textwrap widens), is one line: textwrap is not asked (most cells of a table)."""
    if len(part) <= chars and "\t" not in part:
        return 1
    return max(1, len(textwrap.wrap(part, chars)))


def row_height(texts: list[tuple[str, float]], size: int = 11, padding: float = 3) -> float:
    """Height in points for a row whose wrapped cells hold `texts` [(text, column width)]."""
    lines = max([wrapped_lines(text, width) for text, width in texts] or [1])
    return round(max(DEFAULT_ROW, lines * size * 1.3 + padding), 1)


def prose_height(text: str, width: float, size: float = 11, padding: float = 3, indent: int = 0,
                 bold: bool = False, columns: int = 1) -> float:
    """Height in points for a row of wrapped prose (a narrative block) merged over `columns` columns of `width`
    units in all: the lines its words fill, measured rather than counted in characters (a count that allowed for
    the widest letters gave most paragraphs and indented bullets an empty line)."""
    room = width * UNIT_POINTS + columns * COLUMN_POINTS - indent * INDENT_POINTS
    lines = metrics.wrapped_lines(text, room, size, bold)
    return round(max(DEFAULT_ROW, lines * size * LINE + padding), 1)


def places_of(value: Decimal) -> int:
    """Decimals worth showing (at most 4): 1.4 -> 1, 1203105606.54 -> 2, 4.1666667 -> 4."""
    exponent = value.normalize().as_tuple().exponent
    return min(4, max(0, -exponent)) if isinstance(exponent, int) else 0


def put(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """Numbers as numbers, everything else as a string (never a formula); None shows as "-"."""
    if value is None:
        ws.write_string(row, col, "-", fmt)
    elif isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def page(ws: Any, lang: str, landscape: bool, repeat_row: int | None = None) -> None:
    ws.set_paper(PAPER_A4)
    ws.fit_to_pages(1, 0)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    ws.set_footer("&C" + ui("footer", lang))
    if repeat_row is not None:
        ws.repeat_rows(repeat_row)


def header_row(rows: Rows, st: Styles, row: int, headers: list[str], widths: list[float]) -> None:
    for col, text in enumerate(headers):
        rows.ws.write_string(row, col, text, st.header())
    rows.set(row, row_height([(h, w) for h, w in zip(headers, widths, strict=False)], padding=8))


def close_table(ws: Any, lang: str, header: int, end: int, columns: int, empty_text: str) -> None:
    """Finish a list sheet: a filter over its rows (or `empty_text` when there are none), the header frozen and
    repeated on every printed page, landscape."""
    if end > header + 1:
        ws.autofilter(header, 0, end - 1, columns - 1)
    else:
        ws.write_string(end, 0, empty_text)
    ws.freeze_panes(header + 1, 0)
    page(ws, lang, landscape=True, repeat_row=header)


def note(rows: Rows, st: Styles, row: int, text: str, width: float) -> None:
    rows.ws.write_string(row, 0, text, st.get(italic=True, font_size=9))
    rows.set(row, row_height([(text, width)], 9))


def bar_chart(workbook: Any, sheet: str, categories: tuple[int, int, int], values: int, name: str, title: str,
               points: list[dict] | None, label_format: str | None, label_position: str | None = None) -> Any:
    """A column chart over rows categories[0]..[1]: category column categories[2], value column `values`;
    `label_position` ("inside_base") keeps the value labels off a target line drawn across the bars' tops."""
    first, last, category_col = categories
    chart = workbook.add_chart({"type": "column"})
    labels: dict[str, Any] = {"value": True, "font": {"size": 8}}
    if label_position:
        labels.update(position=label_position, fill={"color": "#FFFFFF"}, border={"color": "#BFBFBF"})
    if label_format:
        labels["num_format"] = label_format
    series = {"name": name, "categories": [sheet, first, category_col, last, category_col],
              "values": [sheet, first, values, last, values], "gap": 60, "data_labels": labels,
              "fill": {"color": BLUE}}
    if points:
        series["points"] = points
    chart.add_series(series)
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_x_axis({"num_font": {"size": 9}})
    return chart


def target_line(chart: Any, workbook: Any, sheet: str, col: int, first: int, last: int, name: str) -> None:
    """The 100 % (or 90 %) line: a dashed line series over a hidden helper column."""
    line = workbook.add_chart({"type": "line"})
    line.add_series({"name": name, "values": [sheet, first, col, last, col],
                     "line": {"color": "#C00000", "width": 1.5, "dash_type": "dash"}, "marker": {"type": "none"}})
    chart.combine(line)
    chart.show_hidden_data()
    chart.set_legend({"position": "bottom", "delete_series": [0]})  # the bars have their own colours


def place_chart(rows: Rows, chart: Any, row: int, col: int, size: tuple[int, int], content_px: float,
                 landscape: bool) -> None:
    """Insert a chart at `row`; when it does not fit on the first printed page with what is above it, a page
    break puts it at the top of the next page rather than across a break."""
    width_px, height_pt = PRINTABLE[landscape]
    scale = min(1.0, width_px / max(content_px, size[0] + 1.0))
    page = height_pt / scale
    # Only the first page is estimated: it is the same in every program, while later page breaks depend on the
    # fonts at hand (LibreOffice without Calibri shrinks more). A chart that does not fit there starts a page.
    if rows.used(row) + size[1] * 0.75 > page:
        rows.ws.set_h_pagebreaks([row])
    chart.set_size({"width": size[0], "height": size[1]})
    rows.ws.insert_chart(row, col, chart, {"x_offset": 4, "y_offset": 4})


def pixels(widths: list[float]) -> float:
    return sum(w * 7 + 5 for w in widths)


def block_styles(st: Styles) -> dict[str, tuple[Any, int, int]]:
    """The format, font size and padding of each prose block kind (the summary's narrative and the recap's)."""
    return {
        "title": (st.get(bold=True, font_size=15, font_color=HEADER, text_wrap=True), 15, 8),
        "section": (st.get(bold=True, font_size=12, font_color="#FFFFFF", bg_color=HEADER, text_wrap=True,
                           valign="vcenter"), 12, 8),
        "heading": (st.get(bold=True, text_wrap=True), 11, 5),
        "paragraph": (st.get(text_wrap=True, align="justify"), 11, 7),
        "bullet": (st.get(text_wrap=True, indent=1, align="justify"), 11, 5),
        "note": (st.get(italic=True, font_size=9, font_color="#595959", text_wrap=True), 9, 4),
    }


def write_blocks(ws: Any, rows: Rows, st: Styles, blocks: list[narrative.Block], width: int) -> None:
    """Narrative blocks down a sheet, each merged over its first two columns (LibreOffice shrinks a sheet to
    the page width only when more than one column is used; one over-wide column would be cut at the margin)."""
    ws.hide_gridlines(2)
    styles = block_styles(st)
    row = 0
    for block in blocks:
        fmt, size, padding = styles[block.kind]
        text = "\u2022 " + block.text if block.kind == "bullet" else block.text
        if block.kind in ("section", "note") and row:
            row += 1  # an empty row before each section
        ws.merge_range(row, 0, row, 1, "", fmt)
        ws.write_string(row, 0, text, fmt)
        rows.set(row, prose_height(text, width, size, padding, indent=1 if block.kind == "bullet" else 0,
                                   bold=block.kind in ("title", "section", "heading"), columns=2))
        row += 1
    ws.activate()
