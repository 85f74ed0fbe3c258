"""The summary's charts: titles with the agency, axis names, and the Grafik sheet for the charts of
tables longer than a page."""

from __future__ import annotations

from typing import Any

from ...rules.analysis import Analysis
from ...text.format import agency_name, short_name
from ...text.messages import ui
from ..sheets import (
    Rows,
    page,
    pixels,
    place_chart,
)


def axis_name(name: str | None) -> str:
    """A program's name on a chart axis: without the word "Program" every bar would start with, shortened."""
    text = " ".join((name or "").split())
    if text.lower().startswith("program ") and len(text) > len("program ") + 3:
        text = text[len("program "):]
    return short_name(text)


def chart_title(key: str, analysis: Analysis, lang: str) -> str:
    """A chart's title with the agency named with its Pemerintah Daerah on a second line, so that a chart pasted
    into another document still says whose figures it shows."""
    ident = analysis.data.identitas
    name = agency_name(ident.agency, ident.government)
    return ui(key, lang) + (f"\n{name}" if name else "")


def chart_or_defer(rows: Rows, chart: Any, row: int, size: tuple[int, int], widths: list[float],
                    repeat: int | None, charts: list[Any]) -> None:
    """A chart under its table when the table prints without repeated header rows; otherwise it waits for the
    Grafik sheet, so that no chart page prints under an orphan header row."""
    if repeat is None:
        place_chart(rows, chart, row, 1, size, pixels(widths), landscape=True)
    else:
        chart.set_size({"width": size[0], "height": size[1]})
        charts.append(chart)


def write_grafik(workbook: Any, lang: str, charts: list[Any]) -> None:
    """The charts of tables too long for one page: one chart per landscape page, no print titles."""
    ws = workbook.add_worksheet(ui("sheet.grafik", lang))
    ws.hide_gridlines(2)
    row, breaks = 0, []
    for chart in charts:
        if row:
            breaks.append(row)
        ws.insert_chart(row, 0, chart, {"x_offset": 4, "y_offset": 4})
        row += 30  # 30 rows of 15 points: more than a chart's height, less than a landscape page
    if breaks:
        ws.set_h_pagebreaks(breaks)
    page(ws, lang, landscape=True)
