"""The writers' shortcuts give exactly what the general path gives (outputs/sheets, outputs/metrics, annotate,
outputs/hasil/package/ooxml)."""

from __future__ import annotations

import textwrap
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lkip_xls.outputs import metrics, sheets
from lkip_xls.outputs.hasil import annotate
from lkip_xls.outputs.hasil.package.ooxml import _number_text
from lkip_xls.read.previous import WROTE_RUN
from lkip_xls.text import narrative

_TEXT = st.text(alphabet=st.sampled_from(list("ab Wm.,\t\x0b\x0c\r\u3000\u00a0-_ij") + ["😀", "é"]), max_size=60)


@settings(max_examples=500, deadline=None)
@given(part=_TEXT, chars=st.integers(1, 40))
def test_a_short_part_is_one_line_as_textwrap_says(part, chars):
    assert sheets._lines(part, chars) == max(1, len(textwrap.wrap(part, chars)))


def _wrapped_lines_reference(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """metrics.wrapped_lines with every word measured afresh (as before the words' widths were remembered)."""
    factor = size * (metrics.BOLD if bold else 1.0)
    space = metrics.EM[" "] * factor
    count = 0
    for part in (text or "").split("\n"):
        lines, used = 1, 0.0
        for word in part.split():
            width = metrics.ems(word) * factor
            if used and used + space + width > width_pt:
                lines, used = lines + 1, 0.0
            if not used and width > width_pt:
                whole = int(width // max(width_pt, 1.0))
                lines, width = lines + whole, width - whole * width_pt
            used = used + space + width if used else width
        count += lines
    return max(1, count)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("aWm il.,\n%") + ["é"]), max_size=80),
       width=st.floats(1, 400), size=st.sampled_from([9, 10, 11, 12.5]), bold=st.booleans())
def test_remembered_word_widths_wrap_alike(text, width, size, bold):
    for _ in range(2):  # the second time every word's width is remembered
        assert metrics.wrapped_lines(text, width, size, bold) == _wrapped_lines_reference(text, width, size, bold)


def _number_text_reference(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "", "-") else text


class _Sub(Decimal):
    pass


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(st.decimals(allow_nan=False, allow_infinity=False), st.integers(), st.booleans(),
                       st.floats(allow_nan=False, allow_infinity=False),
                       st.decimals(allow_nan=False, allow_infinity=False).map(_Sub)))
def test_number_text_with_decimals_first(value):
    assert _number_text(value) == _number_text_reference(value)


def _cells_reference(line: str) -> tuple[str, ...]:
    """narrative._cells's loop, for every line."""
    cells, current, chars = [], [], iter(line)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
    cells.append("".join(current))
    return tuple(narrative._tidy(c) for c in cells)


@settings(max_examples=500, deadline=None)
@given(line=st.text(alphabet=st.sampled_from(list("ab |\\( ),.%\t") + ["é"]), max_size=40))
def test_table_cells_split_alike(line):
    assert narrative._cells(line) == _cells_reference(line)


def _wrote_reference(state, sheet: str, column: str, values: dict) -> None:
    """annotate._StateSheet.wrote with its run found one row at a time."""
    rows = sorted(values)
    start = 0
    while start < len(rows):
        end = start + 1
        while end < len(rows) and end - start < WROTE_RUN and rows[end] == rows[end - 1] + 1:
            end += 1
        first, last = rows[start], rows[end - 1]
        where = f"{column}{first}" if first == last else f"{column}{first}:{column}{last}"
        state.add(["wrote", sheet, where, *(values[row] for row in rows[start:end])])
        start = end


@settings(max_examples=300, deadline=None)
@given(rows=st.sets(st.integers(1, 2600), max_size=2400), gaps=st.booleans())
def test_state_runs_alike(rows, gaps):
    if not gaps:
        rows = set(range(4, 4 + len(rows)))  # one block, as a budget sheet's rows are
    values = {row: Decimal(row) / 7 for row in rows}
    fast, slow = annotate._StateSheet("Pemeriksaan"), annotate._StateSheet("Pemeriksaan")
    fast.wrote("Anggaran", "F", values)
    _wrote_reference(slow, "Anggaran", "F", values)
    assert fast.sheet.rows == slow.sheet.rows
