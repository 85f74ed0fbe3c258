"""Splitting a sheet's XML into rows that compiled patterns read whole and XML that expat reads.

Reading a sheet through expat costs a Python call per start tag, end tag and text (five or more a cell).
The sheets agencies send are machine-written, and almost every row is a run of cells of a few shapes:
`<c r="D5" s="3"><v>12</v></c>`, `<c r="A4" t="s"><v>7</v></c>`,
`<c r="B4" t="inlineStr"><is><t>x</t></is></c>`, `<c r="C4" s="2"/>`. `RowScanner` finds such a row with
one `re` match (C speed) and hands its cells to `fast_row` as tuples; anything else (a formula, rich text,
CDATA, a namespace prefix, odd attributes or white space, what follows `</sheetData>`) goes to expat, fed to
the same parser the rest of the sheet goes to. Leaving a row out of what expat reads keeps the XML
well-formed, as long as what is left out is a whole element: so the patterns only take a row where every `<`
read so far opened a tag (no comment, CDATA or processing instruction has been seen after the XML
declaration; after one, the rest of the sheet goes to expat), and `fast_row` only takes a row when the
collector is between rows (`clean`), where expat's handlers would do exactly what it does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# The text of a value or an inline string: no markup, no character a well-formed XML part cannot hold (expat
# would refuse it), no carriage return (expat turns it into a line feed), no ">" (no "]]>"), and of the
# references the five named entities and character references, which `unescape` replaces as expat does.
_NOT_XML = r"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"  # characters expat refuses
_TEXT = rf"(?:[^<>&\r{_NOT_XML}]+|&(?:amp|lt|gt|quot|apos|#[0-9]{{1,7}}|#x[0-9a-fA-F]{{1,6}});)++"
# A cell with its attributes in the order Excel, LibreOffice, openpyxl and XlsxWriter write them; the
# reference's row digits are not read (the collector places a cell by its row element), but they must be a
# row number.
_CELL = (r'<c r="(?P<letters>[A-Z]{1,3})[1-9][0-9]*+"(?: s="(?P<style>[0-9]{1,9})")?+'
         r'(?: t="(?P<kind>[a-zA-Z]{1,9})")?+(?:/>|>FORMULA'
         r'(?:<v>(?:(?P<integer>-?[0-9]{1,15})|(?P<raw>TEXT))</v>'
         r'|<is><t(?: xml:space="preserve")?+>(?P<inline>TEXT)</t></is>)?+</c>)')
_FORMULA = r'(?:(?P<formula_tag><f(?: [A-Za-z0-9]{1,5}="[^"<&>]*+")*+)(?:/>|>(?P<formula>TEXT)?+</f>))?+'
_NO_FORMULA = "(?P<formula_tag>)(?P<formula>)"  # the same groups, always empty: a sheet without formulas
_CELL_WITHOUT_FORMULA = _CELL.replace("FORMULA", _NO_FORMULA).replace("TEXT", _TEXT)
_CELL = _CELL.replace("FORMULA", _FORMULA).replace("TEXT", _TEXT)
_ATTRIBUTES = rf'(?: [A-Za-z_][A-Za-z0-9_.:-]*+="[^"<&\t\n\r{_NOT_XML}]*+")*+'  # expat changes none of them
_ROW_START = r'<row(?: r="(?P<number>[0-9]{1,9})")?+(?P<attrs>' + _ATTRIBUTES + ")"
# One or more such rows (or empty ones, <row r="7"/>), white space between them.
_RUN = re.compile(r"(?:[ \t\r\n]*+" + re.sub(r"\(\?P<\w+>", "(?:", _ROW_START + "(?:/>|>(?:" + _CELL + ")*+</row>)")
                  + ")++")
# In a run, findall gives a token per row start and per cell, in order: (letters, s, t, "<f" and the formula's
# attributes, the formula, <v> text when it is a whole number of up to 15 digits, other <v> text, inline text,
# r, the row's other attributes); a row start has no letters, a cell none of the last two.
TOKEN = re.compile(_CELL + "|" + _ROW_START + "/?>")
TOKEN_WITHOUT_FORMULA = re.compile(_CELL_WITHOUT_FORMULA + "|" + _ROW_START + "/?>")  # the same, faster
ATTRIBUTE = re.compile(r' ([^=]+)="([^"]*)"')
_PROLOG = re.compile(rb'(?:\xef\xbb\xbf)?<\?xml[^<>?]*\?>')
_UTF8 = re.compile(rb"""encoding\s*=\s*["']utf-?8["']""", re.IGNORECASE)
_START = b"<sheetData>"
_BETWEEN = " \t\n\r"  # white space between rows: character data the collector never keeps
_MAX_CARRY = 4 * 1024 * 1024  # a row longer than this (or no <sheetData> within it): expat reads the rest


_REFERENCE = re.compile(r"&(?:#([0-9]+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def unescape(text: str) -> str | None:
    """The references the patterns let through, replaced as expat replaces them; None when one names a
    character XML does not allow (expat refuses the part: it must say so)."""
    refused = False

    def character(found: re.Match) -> str:
        nonlocal refused
        if found.group(3):
            return _NAMED[found.group(3)]
        code = int(found.group(1)) if found.group(1) else int(found.group(2), 16)
        if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF:
            return chr(code)
        refused = True
        return ""

    replaced = _REFERENCE.sub(character, text)
    return None if refused else replaced


class RowScanner:
    """Feed a sheet part's bytes with `push`; runs of whole rows of the usual shapes go to `fast_rows(tokens)`
    (which says False, having done nothing, when it leaves the run to expat), the rest to `feed(data, final)`."""

    def __init__(self, feed: Callable[[bytes, bool], Any], fast_rows: Callable[[list], bool],
                 clean: Callable[[], bool]):
        self.feed, self.fast_rows, self.clean = feed, fast_rows, clean
        self.carry = b""
        self._stop = 0
        self.state = "prolog"  # then "rows", or "expat" for the rest of the part

    def push(self, data: bytes, final: bool = False) -> None:
        if self.state == "expat":
            self.feed(data, final)
            return
        data = self.carry + data if self.carry else data
        self.carry = b""
        if self.state == "prolog":
            start = data.find(_START)
            if start < 0:
                if final or len(data) > _MAX_CARRY:
                    self._give_up(data, final)
                else:
                    self.carry = data
                return
            cut = start + len(_START)
            if not self._plain_prolog(data[:start]):
                self._give_up(data, final)
                return
            self.feed(data[:cut], False)
            self.state, data = "rows", data[cut:]
        cut = data.rfind(b">") + 1  # text up to a tag's end: never inside a UTF-8 sequence
        try:
            text = data[:cut].decode("utf-8")
        except UnicodeDecodeError:
            self._give_up(data, final)
            return
        rest = self._rows(text)
        if rest is None:  # the rest of the part goes to expat
            self.feed(text[self._stop:].encode("utf-8") + data[cut:], final)
            self.state = "expat"
            return
        self.carry = text[rest:].encode("utf-8") + data[cut:]
        if final or len(self.carry) > _MAX_CARRY:
            self._give_up(self.carry, final)
            self.carry = b""

    def _give_up(self, data: bytes, final: bool) -> None:
        self.state = "expat"
        self.feed(data, final)

    @staticmethod
    def _plain_prolog(prolog: bytes) -> bool:
        """UTF-8, and after the XML declaration no comment, CDATA or processing instruction."""
        declaration = _PROLOG.match(prolog)
        if declaration is not None:
            if b"encoding" in declaration.group() and not _UTF8.search(declaration.group()):
                return False
            prolog = prolog[declaration.end():]
        elif prolog.startswith(b"\xef\xbb\xbf"):
            prolog = prolog[3:]
        prolog = prolog.lstrip(b" \t\r\n")
        return prolog.startswith(b"<") and b"<!" not in prolog and b"<?" not in prolog

    def _rows(self, text: str) -> int | None:
        """Read the rows of `text`; where the unread part begins, or None when the rest (from `_stop`) is for
        expat."""
        position, end = 0, len(text)
        match_run, fast_rows, clean = _RUN.match, self.fast_rows, self.clean
        while position < end:
            if text[position] in _BETWEEN:
                position += 1
                continue
            run = match_run(text, position) if clean() else None
            if run is not None:
                stop = run.end()
                tokens = TOKEN if text.find("<f", position, stop) >= 0 else TOKEN_WITHOUT_FORMULA
                if not fast_rows(tokens.findall(text, position, stop)):
                    self.feed(text[position:stop].encode("utf-8"), False)  # expat says what is wrong
                position = stop
                continue
            if not text.startswith("<row", position):
                self._stop = position
                return None  # </sheetData>, or an element lkip-xls does not know: expat reads on
            close = text.find("</row>", position)
            if close < 0:
                return position  # the row goes on in the next chunk
            close += len("</row>")
            piece = text[position:close]
            if "<!" in piece or "<?" in piece:
                self._stop = position
                return None
            self.feed(piece.encode("utf-8"), False)
            position = close
        return position
