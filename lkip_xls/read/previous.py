"""What an earlier run of lkip-xls left in a `_hasil` workbook: a very hidden sheet `_lkip_xls`.

It records, for every cell lkip-xls highlighted, the fill the cell had before (so that a corrected cell gets
its own look back), what the agency had typed into a computed cell where it differed (so that the same
finding comes back while the agency has not changed that cell), and every computed value lkip-xls wrote (so
that a value lkip-xls wrote itself is never reported as typed by the agency), and the text of every comment
lkip-xls wrote (LibreOffice keeps the text but not the author, so the comment is found by its text). LibreOffice
turns a very hidden sheet into a hidden one; either is found by name.

Format 3 writes the values of a run of consecutive cells of one column in one row: `wrote`, the sheet, the
run ("H4:H1003"), then the values side by side (at most WROTE_RUN, so that a LibreOffice limited to 1024
columns keeps them all); a run of one cell is written as a cell, as format 2 wrote every value. Both are read.

Format 1 (written through openpyxl up to lkip-xls 0.1) kept each marked cell's whole style in the state
sheet; only which cells were marked can be read from it, and their fill is given back as "no fill".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

STATE_SHEET = "_lkip_xls"
_CELL = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,6}")
_RUN = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6}):\1([1-9][0-9]{0,6})")
OWN_SUMMARY = re.compile(r"Pemeriksaan( \d+)?")  # the only sheet names an earlier run may have added
MARKER = "lkip-xls state"
FORMAT = 3
WROTE_RUN = 1000  # values in one state row at most
NO_FILL = '<fill><patternFill patternType="none"/></fill>'

Cell = tuple[str, str]  # (sheet name, A1 coordinate)


@dataclass
class PreviousState:
    fills: dict[Cell, str] = field(default_factory=dict)  # a marked cell -> its own <fill> before the mark
    typed: dict[Cell, tuple[Any, Any]] = field(default_factory=dict)  # computed cell -> (agency's, lkip-xls's)
    wrote: dict[Cell, Any] = field(default_factory=dict)  # computed cell -> the value lkip-xls wrote there
    notes: dict[Cell, str] = field(default_factory=dict)  # commented cell -> the comment text lkip-xls wrote
    summary_sheet: str | None = None
    present: bool = False  # the workbook holds a state sheet at all


def read_state(workbook: Any) -> PreviousState:
    """The state left by an earlier run (empty when there is none), read from a streaming view."""
    state = PreviousState()
    if STATE_SHEET not in workbook.sheetnames:
        return state
    rows = workbook[STATE_SHEET].iter_rows(values_only=True)
    header = next(rows, None)
    if not header or header[0] != MARKER:
        return state
    state.present = True
    summary = header[2] if len(header) > 2 else None
    state.summary_sheet = summary if isinstance(summary, str) and OWN_SUMMARY.fullmatch(summary) else None
    for row in rows:
        kind, sheet, cell, first, second = (tuple(row) + (None,) * 5)[:5]
        if kind == "wrote" and isinstance(sheet, str) and isinstance(cell, str) and _RUN.fullmatch(cell):
            _read_run(state, sheet, cell, tuple(row)[3:])
            continue
        if not isinstance(sheet, str) or not isinstance(cell, str) or not _CELL.fullmatch(cell):
            continue  # a state sheet someone edited by hand
        key = (sheet, cell)
        if kind == "fill":
            state.fills[key] = first if isinstance(first, str) and valid_fill(first) else NO_FILL
        elif kind == "style":  # format 1
            state.fills[key] = NO_FILL
        elif kind == "typed":
            state.typed[key] = (first, second)
        elif kind == "wrote":
            state.wrote[key] = first
        elif kind == "note" and isinstance(first, str):
            state.notes[key] = first
    return state


_PATTERNS = {"none", "solid", "mediumGray", "darkGray", "lightGray", "darkHorizontal", "darkVertical", "darkDown",
             "darkUp", "darkGrid", "darkTrellis", "lightHorizontal", "lightVertical", "lightDown", "lightUp",
             "lightGrid", "lightTrellis", "gray125", "gray0625"}
_COLOR_VALUES = {"rgb": re.compile(r"[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?"), "theme": re.compile(r"\d{1,3}"),
                 "indexed": re.compile(r"\d{1,3}"), "auto": re.compile(r"[01]|true|false"),
                 "tint": re.compile(r"-?\d+(\.\d+)?([eE]-?\d+)?")}
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE]-?\d+)?")


def valid_fill(text: str) -> bool:
    """Whether a `fill` row of the state sheet holds a <fill> as lkip-xls writes one (one patternFill or
    gradientFill of the styles schema). The state sheet can be edited by anyone: what goes back into the
    package's styles must be something Excel accepts, or the `_hasil` would be corrupt."""
    from xml.etree.ElementTree import ParseError

    from defusedxml.ElementTree import fromstring
    try:
        fill = fromstring(text)
    except (ParseError, ValueError):
        return False
    if fill.tag != "fill" or fill.attrib or (fill.text or "").strip() or len(fill) != 1:
        return False
    inner = fill[0]
    if (inner.tail or "").strip():
        return False
    if inner.tag == "patternFill":
        if set(inner.attrib) - {"patternType"} or inner.get("patternType", "none") not in _PATTERNS:
            return False
        tags = [child.tag for child in inner]
        return tags in ([], ["fgColor"], ["bgColor"], ["fgColor", "bgColor"]) and all(map(_valid_color, inner))
    if inner.tag == "gradientFill":
        if set(inner.attrib) - {"type", "degree", "left", "right", "top", "bottom"} or inner.get(
                "type", "linear") not in ("linear", "path") or not all(
                _NUMBER.fullmatch(value) for name, value in inner.attrib.items() if name != "type"):
            return False
        return all(stop.tag == "stop" and set(stop.attrib) == {"position"} and _NUMBER.fullmatch(stop.get("position"))
                   and len(stop) == 1 and stop[0].tag == "color" and _valid_color(stop[0]) for stop in inner)
    return False


def _valid_color(color: Any) -> bool:
    return (not len(color) and not (color.text or "").strip() and not (color.tail or "").strip()
            and all(name in _COLOR_VALUES and _COLOR_VALUES[name].fullmatch(value)
                    for name, value in color.attrib.items()))


def _read_run(state: PreviousState, sheet: str, run: str, values: tuple) -> None:
    """A format 3 row: the values written into a run of cells of one column."""
    column, first, last = _RUN.fullmatch(run).groups()
    first_row, last_row = int(first), int(last)
    if not 0 <= last_row - first_row < WROTE_RUN:
        return  # a state sheet someone edited by hand
    for offset in range(last_row - first_row + 1):
        state.wrote[(sheet, f"{column}{first_row + offset}")] = values[offset] if offset < len(values) else None
