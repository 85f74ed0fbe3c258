"""Shared by the summary's sheets: colours, a new sheet, its title lines, print titles."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...core.model import Severity
from ...rules.analysis import Analysis
from ...text.format import agency_name
from ...text.messages import ui
from ..sheets import (
    PRINTABLE,
    Rows,
    Styles,
    pixels,
    places_of,
)

SEVERITY_FILLS = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#FFEB9C", Severity.INFO: "#DDEBF7"}
CATEGORY_FILLS = ("#C6EFCE", "#E2EFDA", "#FFEB9C", "#FCE4D6", "#FFC7CE")  # best to worst
CATEGORY_BARS = ("#2E8B57", "#8DC26F", "#E6B422", "#F08C3C", "#D64541")
EFFICIENCY_FILLS = {"Efisien": "#C6EFCE", "Cukup Efisien": "#FFEB9C", "Tidak Efisien": "#FFC7CE"}


def new_sheet(workbook: Any, key: str, lang: str, widths: list[float]) -> tuple[Any, Rows]:
    ws = workbook.add_worksheet(ui(key, lang))
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    return ws, Rows(ws)


def write_title(rows: Rows, st: Styles, analysis: Analysis, key: str, lang: str) -> int:
    """Title and agency lines; returns the next free row."""
    ident = analysis.data.identitas
    title = ui(key, lang) + (" - " + ui("title.year", lang, year=ident.year) if ident.year else "")
    rows.ws.write_string(0, 0, title, st.get(bold=True, font_size=14))
    rows.set(0, 21)
    name = agency_name(ident.agency, ident.government)
    if name:
        rows.ws.write_string(1, 0, name, st.get(bold=True))
    return 3


def print_titles(rows: Rows, header: int, end: int, widths: list[float]) -> int | None:
    """The header row to repeat on every printed page, only when the tables above row `end` run past the first
    page; otherwise None, so that a chart printed on a page of its own has no orphan header row above it."""
    width_px, height_pt = PRINTABLE[True]
    scale = min(1.0, width_px / pixels(widths))
    return header if rows.used(end) > height_pt / scale else None


def amount_cell(value: Decimal | None, st: Styles) -> tuple[Any, Any]:
    """A figure the agency typed (last year's realisasi, the Renstra target), empty when it gave none."""
    return (value, st.number(places_of(value))) if value is not None else ("", st.cell(align="right"))


def category_colours(scale: Any) -> dict[str, tuple[str, str]]:
    """category -> (cell fill, bar colour), from green (best band) to red (worst)."""
    bands = sorted(scale, key=lambda b: (b.lower is None, -(b.lower or 0)))
    last = max(1, len(bands) - 1)
    colours = {}
    for index, band in enumerate(bands):
        position = round(index * (len(CATEGORY_FILLS) - 1) / last)
        colours[band.category] = (CATEGORY_FILLS[position], CATEGORY_BARS[position])
    return colours
