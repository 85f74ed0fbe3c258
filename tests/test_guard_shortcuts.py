"""The guard's shortcuts on sheet XML give what its exact patterns give (read/guard.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkip_xls.core.errors import FileUnreadable
from lkip_xls.read import guard

PIECES = [b"<c ", b"<c>", b"<c/>", b"<c\t", b"<c\n", b"<c\r", b"<c\x0b", b"<c\x0c", b"<col ", b"<cols>", b"<x:c ",
          b"<cfRule ", b" c ", b"<", b"c", b":c", b"<is>", b"<row ", b'r="A1" ', b' s="3"', b' s="x"', b" s='1'",
          b' style="2"', b' min="a"', b' max="9"', b' spans="1:5"', b' spans="x"', b">", b"/>", b' t="s"',
          b"<c", b' xmlns="x"', b"\tstyle='q'", b"\nmin = 'a'", b"spans='1:2 3:4'", b"\tspans=\"1:2 x\"", b"s",
          b" ", b"ref", b"sq", b' ref="A1:B2"', b"\tsqref='C3 D4'", b' sqref="A1 ref=\'B2\'"', b"xref=", b'"', b"'",
          b"=", b"<mergeCell", b"<hyperlink", b' r:id="rId1"']
soup = st.lists(st.sampled_from(PIECES), max_size=40).map(b"".join)


@settings(max_examples=2000, deadline=None)
@given(data=soup)
def test_cell_count_is_the_patterns(data):
    assert guard._cell_tags(data) == len(guard._CELL_TAG.findall(data))


def _exact(data: bytes) -> str | None:
    try:
        guard._NumericAttributes("p", guard._SHEET_NUMBERS).feed(data)
    except FileUnreadable as error:
        return str(error)
    return None


def _scanned(data: bytes) -> str | None:
    scan = guard._SheetScan("Sheet", "p")
    try:
        scan.feed(data)
    except FileUnreadable as error:
        return str(error)
    return None


@settings(max_examples=2000, deadline=None)
@given(data=soup)
def test_numeric_attributes_refused_alike(data):
    assert _scanned(data) == _exact(data)


@pytest.mark.parametrize("data, refused", [
    (b'<row r="1" spans="1:5"><c r="A1" s="3"/></row>', False),
    (b'<row r="1"><c r="A1" s="x"/></row>', True),
    (b'<row r="1" spans="1:x"><c r="A1"/></row>', True),
    (b'<cols><col min="1" max="z"/></cols>', True),
])
def test_examples(data, refused):
    assert (_scanned(data) is not None) is refused


@settings(max_examples=2000, deadline=None)
@given(data=soup)
def test_range_attributes_are_the_patterns(data):
    """The "ref"-led search finds every range attribute the pattern finds, the same matches (groups, places)."""
    def spans(matches):
        return [(found.span(), found.groups()) for found in matches]

    assert spans(guard._range_attributes(data)) == spans(guard._RANGE_ATTRIBUTE.finditer(data))


@settings(max_examples=2000, deadline=None)
@given(data=soup)
def test_searches_after_white_space_are_the_patterns(data):
    """_after_space finds what the pattern starting with \\s finds, for each pattern the guard gives it."""
    def found(match):
        return match and (match.span(), match.group())

    pairs = [(guard._SHEET_NUMBERS[1], guard._SPANS_TAIL), *guard._SHEET_NUMBER_VALUES]
    for pattern, tail in pairs:
        assert found(guard._after_space(pattern, tail, data)) == found(pattern.search(data))
