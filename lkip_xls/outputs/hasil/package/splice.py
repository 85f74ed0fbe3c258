"""A big worksheet patched without parsing all of it: the rows that only gain new last cells are spliced as bytes.

`_Sheet` parses a worksheet into one lxml tree and serialises it again. For a sheet of 10,000 budget lines
that each gain two computed cells after the agency's, that is most of `_hasil`'s time (the tree, 20,000 new
elements made from Python, the serialisation). Here the worksheet's bytes are cut once by a streaming scan:
the part before `<sheetData>`'s rows, each `<row r=…>` element, the part after them. Then

- in a row (without an extension list) whose patched cells are each either new after its last cell or an
  existing plain cell (a value or nothing; no formula, extension or unusual attribute; the computed cells of
  a returned `_hasil`), the new `<c>` elements are written as text and inserted before its `</row>` (its
  `spans` hint widened) and the plain cells rewritten in place, exactly as `_Sheet` and `write_value` would
  make them;
- every other patched row, and every row that does not exist yet, goes to the lxml path: the tree parsed
  here is the worksheet without the rows nobody touches (sheetViews, cols, mergeCells, legacyDrawing... are
  all in it, so that comments, views, the dimension and the merged blocks work as before);
- untouched rows are copied as bytes.

On serialisation the tree's rows are put back among the other rows by row number. The result is the same
XML as `_Sheet` gives (tests/test_package_splice.py compares canonical XML on generated sheets), except that
untouched rows and the start tags of appended rows keep their original bytes (quotes, spacing).

A sheet is spliced only when the scan can be sure of what it cuts: UTF-8, the main namespace as the default
one (no prefix on `sheetData`, `row`, `c`), no comment, CDATA section or processing instruction after the
declaration, every row with an `r` in increasing order and only whitespace between rows, no shared formula
(replacing a shared formula's master re-homes formulas all over the sheet). Anything else takes `_Sheet`, and
so does a sheet under MIN_BYTES (its whole tree is cheap).
"""

from __future__ import annotations

import functools
import re
from itertools import pairwise

from .ooxml import MAX_ROW, _declaration, _q, _XmlPart
from .refs import col_letters, split_ref
from .sheet import _Sheet

ENABLED = True  # tests switch it off to get the reference (lxml) output
MIN_BYTES = 1 << 16  # smaller sheets gain nothing: the whole tree is cheap

_ATTRS = rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*"
_ROW = re.compile(rb"<row" + _ATTRS + rb"(/?)>")
# A row's start tag after whitespace, for `_layout`: `_ROW` (group 1) with the usual first attribute
# ` r="12"` taken apart (group 2); group 3 the attributes, 4 the "/" of an empty row.
_ROW_AFTER_SPACE = re.compile(rb"[ \t\r\n]*(<row(?: r=\"([0-9]+)\")?" + _ATTRS + rb"(/?)>)")
_CELL = re.compile(rb"<c" + _ATTRS + rb"(/?)>")
_SHEET_DATA = re.compile(rb"<sheetData" + _ATTRS + rb"(/?)>")
_ATTR = re.compile(rb"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_SPANS = re.compile(rb"(\sspans\s*=\s*)([\"'])(\d+):(\d+)\2")
_WHITESPACE = re.compile(rb"[ \t\r\n]*")
_R = re.compile(rb"\sr\s*=\s*[\"'](\d+)[\"']")
_CELL_R = re.compile(rb"\sr\s*=\s*[\"']([^\"']*)[\"']")
_CELL_START_NEXT = b" \t\r\n"
_SHARED = re.compile(rb"<f\s[^>]*?\bt\s*=\s*[\"']shared[\"']")
_PLAIN_ATTRIBUTES = {b"r", b"s", b"t", b"cm", b"vm", b"ph"}
# A row's content made only of cells each starting `<c r="A1"` (upper-case letters, double quotes), with
# double-quoted attributes without `<`, and a content that opens no other cell and closes none before its end,
# whitespace between them: the cells of Excel, LibreOffice and openpyxl. `_scan_ordinary` reads such a row.
# (The content is `[^<]*` runs between the `<` that are allowed: one step per run, not per byte.)
_ORDINARY_CELL = (rb'<c r="[A-Z]{1,3}[0-9]+"(?:[ \t\r\n]+[^\s=/>"<]+="[^"<]*")*[ \t\r\n]*'
                  rb"(?:/>|>[^<]*(?:<(?!c[\s/>]|/c>)[^<]*)*</c>)")
_ORDINARY_ROW = re.compile(rb"(?:[ \t\r\n]*" + _ORDINARY_CELL + rb")*[ \t\r\n]*")
_ORDINARY_REFS = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"')
_Found = tuple[int, int, list[tuple[bytes, bytes]], bytes]  # start, end, attributes and content of a cell


def _plain_cell(match: re.Match, inner: bytes, tag_end: int, cell_end: int) -> _Found | None:
    """A wanted existing cell (its `_CELL` match and content) as `self.existing` keeps it, or None when it is
    not plain: a formula, an extension, text outside an element, an unusual attribute or a value with `&`, `"`
    or `<` (outside names and values the attributes hold only spaces, `=` and quotes)."""
    if b"<f" in inner or b"<extLst" in inner or (inner and not inner.startswith(b"<")):
        return None
    raw = match.group(1)
    if b"&" in raw or b"<" in raw:
        return None
    if raw.startswith(b' r="'):  # the usual start: its reference alone, the rest (` s="5"`...) seen before
        close = raw.find(b'"', 4)
        rest = _plain_attributes(raw[close + 1:])
        attributes = None if rest is None else [(b"r", raw[4:close]), *rest]
    else:
        attributes = _plain_attributes(raw)
    if attributes is None:
        return None
    return tag_end + match.start(), tag_end + cell_end, list(attributes), inner


@functools.lru_cache(maxsize=1024)
def _plain_attributes(raw: bytes) -> tuple[tuple[bytes, bytes], ...] | None:
    """The (name, value) pairs of a plain cell's attributes (`raw`, without `&` or `<`), or None when one is
    unusual or a single-quoted value holds a double quote. A cell's attributes after its reference repeat from
    row to row (` s="5"`, ` s="7" t="inlineStr"`): remembered (tests/test_package_splice.py: the same as
    without)."""
    parsed = _ATTR.findall(raw)  # (name, double-quoted value, single-quoted value): b"" for the other
    if not {name for name, _double, _single in parsed} <= _PLAIN_ATTRIBUTES:
        return None
    if b"'" in raw and any(b'"' in single for _name, _double, single in parsed):
        return None
    return tuple((name, double or single) for name, double, single in parsed)


def _attrs(raw: bytes) -> dict[bytes, bytes]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(raw)}


class _Layout:
    """Where the rows of a worksheet's bytes are: (row number, start, end, end of its start tag)."""

    def __init__(self, data: bytes, body_start: int, body_end: int, rows: list[tuple[int, int, int, int]]):
        self.data = data
        self.body_start = body_start
        self.body_end = body_end
        self.rows = rows
        self.index = {row[0]: position for position, row in enumerate(rows)}


def _layout(data: bytes) -> _Layout | None:
    """The rows of `data` cut by a streaming scan, or None when the sheet is not one the scan is sure of."""
    if _declaration(data) is None or b"<!--" in data or b"<![CDATA[" in data or b"<!DOCTYPE" in data \
            or b"<!ENTITY" in data:
        return None
    if data.count(b"<?") > (1 if data.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml") else 0):
        return None
    if data.count(b"<sheetData") != 1 or data.count(b"</sheetData>") != 1:
        return None
    start = _SHEET_DATA.search(data)
    if start is None or start.group(2):
        return None  # no <sheetData> element with rows (a self-closed one holds nothing to keep)
    body_start = start.end()
    body_end = data.find(b"</sheetData>", body_start)
    body = data[body_start:body_end]
    if b"shared" in body and _SHARED.search(body):
        return None
    rows: list[tuple[int, int, int, int]] = []
    position = body_start
    last = 0
    match_row = _ROW_AFTER_SPACE.match
    find = data.find
    while True:
        match = match_row(data, position, body_end)
        if match is None:  # nothing but whitespace may follow the last row
            if _WHITESPACE.match(data, position, body_end).end() < body_end:
                return None
            break
        digits = match.group(2)
        if digits is None:  # `r` not the first attribute, or written another way
            r = _R.search(match.group(3))
            if r is None:
                return None
            digits = r.group(1)
        number = int(digits)
        if number <= last:
            return None
        last = number
        tag_end = match.end()
        if match.group(4):
            end = tag_end
        else:
            close = find(b"</row>", tag_end, body_end)
            if close < 0:
                return None
            end = close + 6
        rows.append((number, match.start(1), end, tag_end))
        position = end
    return _Layout(data, body_start, body_end, rows)


class _SplicedPart(_XmlPart):
    """A worksheet part whose tree holds only the rows the lxml path needs; the rest is kept as bytes."""

    def __init__(self, name: str, layout: _Layout):
        self.name = name
        self.dirty = False
        self.layout = layout
        self.appended: dict[int, list[tuple[int, bytes]]] = {}  # row -> its new cells (column, <c>), in order
        self.replaced: dict[int, list[tuple[int, int, bytes]]] = {}  # row -> (start, end, new <c>) in order
        self.load([])

    def load(self, tree_rows: list[int]) -> None:
        """Parse the worksheet with these rows only (the others are kept as bytes)."""
        layout = self.layout
        data = layout.data
        pieces = [data[:layout.body_start]]
        for number in tree_rows:
            _n, start, end, _t = layout.rows[layout.index[number]]
            pieces.append(data[start:end])
        pieces.append(data[layout.body_end:])
        dirty = self.dirty
        _XmlPart.__init__(self, self.name, b"".join(pieces))
        self.dirty = dirty

    def serialize(self) -> bytes:
        text = super().serialize()
        if text.count(b"<sheetData") != 1:
            raise AssertionError("a spliced sheet lost its sheetData")
        start = _SHEET_DATA.search(text)
        if start.group(2):
            head, tree_body, tail = text[:start.start()], b"", text[start.end():]
        else:
            end = text.index(b"</sheetData>", start.end())
            head, tree_body, tail = text[:start.start()], text[start.end():end], text[end + len(b"</sheetData>"):]
        tree_rows: list[tuple[int, bytes]] = []
        for match in _ROW.finditer(tree_body):
            number = int(_attrs(match.group(1))[b"r"])
            end = match.end() if match.group(2) else tree_body.index(b"</row>", match.end()) + 6
            tree_rows.append((number, tree_body[match.start():end]))
        layout, data = self.layout, self.layout.data
        out = [head, b"<sheetData>"]
        add = out.append
        position = layout.body_start
        pending = iter(tree_rows)
        following = next(pending, None)
        for number, start, end, tag_end in layout.rows:
            add(data[position:start])  # the whitespace before the row (lxml puts a new row after it too)
            while following is not None and following[0] < number:
                add(following[1])  # a row created by the lxml path
                following = next(pending, None)
            position = end
            if following is not None and following[0] == number:
                add(following[1])
                following = next(pending, None)
                continue
            new = self.appended.get(number)
            replaced = self.replaced.get(number)
            if new is None and replaced is None:
                add(data[start:end])
                continue
            tag = data[start:tag_end]
            if new is not None:
                low, high = new[0][0], new[-1][0]
                spans = _SPANS.search(tag) if b"spans" in tag else None
                if spans is not None:
                    first, last = int(spans.group(3)), int(spans.group(4))
                    if low < first or high > last:
                        tag = (tag[:spans.start()] + spans.group(1) + spans.group(2)
                               + f"{min(first, low)}:{max(last, high)}".encode() + spans.group(2)
                               + tag[spans.end():])
            add(tag)
            if replaced is None:
                add(data[tag_end:end - 6])
            else:
                at = tag_end
                for cell_start, cell_end, cell in replaced:
                    add(data[at:cell_start])
                    add(cell)
                    at = cell_end
                add(data[at:end - 6])
            if new is not None:
                add(b"".join([cell for _col, cell in new]))
            add(b"</row>")
        add(data[position:layout.body_end])
        while following is not None:
            add(following[1])
            following = next(pending, None)
        add(b"</sheetData>")
        add(tail)
        return b"".join(out)


class _SplicedSheet(_Sheet):
    """`_Sheet` over a `_SplicedPart`: the rows in `appendable` take their new cells as text."""

    def __init__(self, part: _SplicedPart):
        super().__init__(part)
        self.part = part
        self.appendable: dict[int, bytes] = {}  # row -> its start tag's attributes
        # row -> column -> (start, end, attributes, content) of each existing plain cell patched in place
        self.existing: dict[int, dict[int, tuple[int, int, list[tuple[bytes, bytes]], bytes]]] = {}
        self._columns: dict[bytes, int] = {}  # column letters -> number
        self._shapes: dict[tuple[bytes, ...], int] = {}  # a row's cells' letters -> its last column, 0: unordered

    def plan(self, cells: list[tuple[int, int]]) -> None:
        """Decide for each patched row (cells: (row, column) needing a <c>, in order) how it is written, and
        parse the rows the lxml path needs."""
        layout = self.part.layout
        data = layout.data
        wanted: dict[int, list[int]] = {}
        for row, col in cells:
            wanted.setdefault(row, []).append(col)  # in column order
        tree_rows = []
        # After a row with cells to rewrite, the next is tried as replaceable first: in a returned _hasil every
        # row has its computed cells to rewrite. The decision is the same in either order: a row whose new cells
        # all come after its last one is replaceable with nothing to replace (`existing` holds none of its cells).
        replacing = False
        for row, cols in wanted.items():
            position = layout.index.get(row)
            if position is None:
                continue  # a new row: created by the lxml path in the tree
            info = None
            for test in (self._replaceable, self._appendable) if replacing else (self._appendable, self._replaceable):
                info = test(data, layout.rows[position], row, cols)
                if info is not None:
                    break
            replacing = bool(self.existing.get(row))
            if info is None:
                tree_rows.append(row)
            else:
                self.appendable[row] = info
        if tree_rows:
            self.part.load(sorted(tree_rows))
            _Sheet.__init__(self, self.part)

    def _appendable(self, data: bytes, row: tuple[int, int, int, int], number: int,
                    cols: list[int]) -> bytes | None:
        """A row whose patched cells are all new after its last cell (the usual first run): its start tag's
        attributes, or None."""
        first_col = cols[0]
        _n, start, end, tag_end = row
        if data[tag_end - 2:tag_end] == b"/>":
            return None
        content_end = end - 6
        content = data[tag_end:content_end]
        if b"<extLst" in content or b"xmlns" in content:
            return None
        stripped = content.rstrip(b" \t\r\n")
        if not (stripped.endswith(b"</c>") or stripped.endswith(b"/>")):
            return None
        position = len(content)
        while True:
            position = content.rfind(b"<c", 0, position)
            if position < 0:
                return None
            following = content[position + 2:position + 3]
            if following in (b">", b"/"):
                return None  # a cell without a reference
            if following and following in _CELL_START_NEXT:
                break
        match = _CELL.match(content, position)
        if match is None:
            return None
        ref = _CELL_R.search(match.group(1))
        if ref is None:
            return None
        ref = ref.group(1)
        letters = ref.rstrip(b"0123456789")
        cell_col = self._column(letters) if 1 <= number <= MAX_ROW and ref[len(letters):] == str(number).encode() \
            else None
        if cell_col is not None:  # "F12" in row 12: split_ref's answer, from the letters' column remembered
            cell_row = number
        else:
            try:
                cell_row, cell_col = split_ref(ref.decode("ascii"))
            except (ValueError, UnicodeDecodeError):
                return None
        if cell_row != number or cell_col >= first_col:
            return None
        # the last <c> found must be the row's last child: nothing but its end and whitespace after it
        if match.group(2):
            after = match.end()
        else:
            after = content.find(b"</c>", match.end())
            if after < 0:
                return None
            after += 4
        if content[after:].strip(b" \t\r\n"):
            return None
        return data[start + 4:tag_end]

    def _replaceable(self, data: bytes, row: tuple[int, int, int, int], number: int,
                     cols: list[int]) -> bytes | None:
        """A row whose patched cells are each either an existing plain cell (a value or nothing: no formula,
        extension or unusual attribute) or new after the row's last cell: the plain cells are noted in
        `self.existing` to be rewritten in place; None when the lxml path must take the row."""
        _n, start, end, tag_end = row
        if data[tag_end - 2:tag_end] == b"/>":
            return None
        content = data[tag_end:end - 6]
        if b"<extLst" in content or b"xmlns" in content:
            return None
        row_digits = str(number).encode()
        scanned = None
        if _ORDINARY_ROW.fullmatch(content):
            scanned = self._scan_ordinary(content, tag_end, row_digits, cols)
        if scanned is None:
            scanned = self._scan_cells(content, tag_end, row_digits, cols)
        if scanned is None:
            return None
        found, last_col = scanned
        if any(col not in found and col <= last_col for col in cols):
            return None  # a new cell between existing ones: the lxml path inserts it
        self.existing[number] = found
        return data[start + 4:tag_end]

    def _column(self, letters: bytes) -> int | None:
        """The column of a cell reference's letters (remembered), None when they are not a column."""
        col = self._columns.get(letters)
        if col is None:
            try:
                col = split_ref(letters.decode("ascii") + "1")[1]
            except (ValueError, UnicodeDecodeError):
                return None
            self._columns[letters] = col
        return col

    def _scan_cells(self, content: bytes, tag_end: int, row_digits: bytes,
                    cols: list[int]) -> tuple[dict[int, _Found], int] | None:
        """The row's cells one by one: the wanted ones that exist (each plain) and the last cell's column; None
        when a cell is not one the splice can be sure of (no reference, another row's, out of order, inside
        another cell, something after the last) or a wanted one is not plain."""
        found: dict[int, _Found] = {}
        last_col = 0
        position = 0
        wanted = set(cols)
        for match in _CELL.finditer(content):
            if match.start() < position:
                return None  # a <c> inside a cell
            ref = _CELL_R.search(match.group(1))
            if ref is None:
                return None
            ref = ref.group(1)
            letters = ref.rstrip(b"0123456789")
            cell_col = self._column(letters)
            if cell_col is None or ref[len(letters):] != row_digits or cell_col <= last_col:
                return None
            last_col = cell_col
            if match.group(2):
                cell_end, inner = match.end(), b""
            else:
                close = content.find(b"</c>", match.end())
                if close < 0:
                    return None
                cell_end, inner = close + 4, content[match.end():close]
            position = cell_end
            if cell_col in wanted:
                plain = _plain_cell(match, inner, tag_end, cell_end)
                if plain is None:
                    return None
                found[cell_col] = plain
        if content[position:].strip(b" \t\r\n"):
            return None  # something after the last cell
        return found, last_col

    def _scan_ordinary(self, content: bytes, tag_end: int, row_digits: bytes,
                       cols: list[int]) -> tuple[dict[int, _Found], int] | None:
        """`_scan_cells` for a row `_ORDINARY_ROW` matched (cells one after the other, each `<c r="…"` first,
        none inside another): the references come from one regular-expression pass, the order of a row's
        column letters is checked once for all the rows that have the same, and only the wanted cells are
        looked at, instead of a loop over every cell (most of the patch of a returned `_hasil`, whose 10,000
        budget lines each have their two computed cells rewritten). None: ask `_scan_cells` (which then
        refuses the row too, or decides it; tests/test_package_splice.py compares the two)."""
        refs = _ORDINARY_REFS.findall(content)
        if not refs:
            return {}, 0
        letters, digits = zip(*refs, strict=True)
        if digits.count(row_digits) != len(digits):
            return None  # a cell of another row
        last_col = self._shapes.get(letters)
        if last_col is None:
            numbers = [self._column(column) for column in letters]
            ordered = None not in numbers and all(a < b for a, b in pairwise(numbers))
            last_col = self._shapes[letters] = numbers[-1] if ordered else 0
        if not last_col:
            return None  # columns out of order, or not columns
        found: dict[int, _Found] = {}
        for col in cols:
            if col > last_col:
                continue
            at = content.find(b'<c r="' + col_letters(col).encode() + row_digits + b'"')
            if at < 0:
                continue  # a new cell between existing ones: refused by the caller
            match = _CELL.match(content, at)
            if match is None:
                return None
            if match.group(2):
                cell_end, inner = match.end(), b""
            else:
                close = content.find(b"</c>", match.end())
                cell_end, inner = close + 4, content[match.end():close]
            plain = _plain_cell(match, inner, tag_end, cell_end)
            if plain is None:
                return None
            found[col] = plain
        return found, last_col

    def replace(self, row: int, col: int, cell: bytes) -> None:
        """An existing cell's new bytes."""
        cell_start, cell_end, _attributes, _inner = self.existing[row][col]
        self.part.replaced.setdefault(row, []).append((cell_start, cell_end, cell))
        self.part.dirty = True

    def new_style(self, row: int, col: int) -> int:
        """The style a new cell of an appendable row takes (`_Sheet._style_new`)."""
        raw = self.appendable[row]
        if b"customFormat" in raw:
            attributes = _attrs(raw)
            if attributes.get(b"customFormat") in (b"1", b"true") and attributes.get(b"s"):
                return int(attributes[b"s"])
        return self._column_style(col)

    def append(self, row: int, col: int, cell: bytes) -> None:
        """A new cell after the row's others (calls come in row and column order)."""
        new = self.part.appended.get(row)
        if new is None:
            self.part.appended[row] = [(col, cell)]
        else:
            new.append((col, cell))
        self.part.dirty = True

    def widen_dimension(self) -> None:
        appended = self.part.appended
        if appended:
            rows = list(appended)
            low = min(new[0][0] for new in appended.values())
            high = max(new[-1][0] for new in appended.values())
            box = [min(rows), low, max(rows), high]
            if self.min_max is not None:
                old = self.min_max
                box = [min(box[0], old[0]), min(box[1], old[1]), max(box[2], old[2]), max(box[3], old[3])]
            self.min_max = box
        super().widen_dimension()


def spliced_sheet(pkg, part: str) -> _SplicedSheet | None:
    """The sheet `part` cut for splicing, or None when the lxml path should take it."""
    part = pkg.canonical(part)
    if not ENABLED or part in pkg.xml_parts:
        return None
    data = pkg.read(part)
    if len(data) < MIN_BYTES:
        return None
    layout = _layout(data)
    if layout is None:
        return None
    sheet_part = _SplicedPart(part, layout)
    root = sheet_part.root
    data_el = root.find(_q(sheet_part.root.nsmap.get(None, "") or "", "sheetData"))
    if root.prefix is not None or None not in root.nsmap or data_el is None or data_el.prefix is not None:
        return None
    pkg.xml_parts[part] = sheet_part
    return _SplicedSheet(sheet_part)


_RANKS = {b"r": 0, b"s": 1, b"t": 2, b"cm": 3, b"vm": 4, b"ph": 5}


def _set_attribute(attributes: list[tuple[bytes, bytes]], name: bytes, value: bytes) -> None:
    """`sheet._set_cell_attribute` on a list of (name, value)."""
    for index, (key, _old) in enumerate(attributes):
        if key == name:
            attributes[index] = (name, value)
            return
    rank = _RANKS.get(name, 9)
    last = all(_RANKS.get(key, 9) <= rank for key, _value in attributes)
    attributes.append((name, value))
    if not last:
        attributes.sort(key=lambda item: _RANKS.get(item[0], 9))


def rewritten_cell(attributes: list[tuple[bytes, bytes]], inner: bytes, style: bytes | None,
                   written: tuple[str | None, str] | None) -> bytes:
    """An existing plain cell as `_Sheet` and `write_value` leave it: `style` set as its `s` (None: kept),
    `written` = (its new `t` or None, its new escaped content) when a value is written (its v/is replaced)."""
    kind = None if written is None else written[0]
    if attributes and attributes[0][0] == b"r":
        # The usual cell, its reference first: it stays first (no attribute of a plain cell ranks before `r`), and
        # what follows it is the same for thousands of cells (remembered; tests/test_package_splice.py).
        start = b'<c r="' + attributes[0][1] + b'"' \
            + _rewritten_attributes(tuple(attributes[1:]), style, kind, written is not None)
    else:
        start = b"<c" + _rewritten_attributes(tuple(attributes), style, kind, written is not None)
    if written is not None:
        inner = written[1].encode("utf-8")
    return start + (b">" + inner + b"</c>" if inner else b"/>")


@functools.lru_cache(maxsize=1024)
def _rewritten_attributes(attributes: tuple[tuple[bytes, bytes], ...], style: bytes | None, kind: str | None,
                          write: bool) -> bytes:
    """`rewritten_cell`'s attributes, written: `style` set as `s`, and when a value is `write`n its `t`, `cm`
    and `vm` gone and `kind` its new `t`."""
    changed = list(attributes)
    if style is not None:
        _set_attribute(changed, b"s", style)
    if write:
        changed = [(key, value) for key, value in changed if key not in (b"t", b"cm", b"vm")]
        if kind is not None:
            _set_attribute(changed, b"t", kind.encode())
    return b"".join([b' %b="%b"' % pair for pair in changed])


def cell_bytes(ref: str, style: str | None, kind: str | None, content: str) -> bytes:
    """A new <c> as libxml2 serialises it: `content` is already escaped."""
    attributes = f'<c r="{ref}"' + (f' s="{style}"' if style is not None else "") \
        + (f' t="{kind}"' if kind is not None else "")
    return (attributes + (f">{content}</c>" if content else "/>")).encode("utf-8")

