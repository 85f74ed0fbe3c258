"""Patch an .xlsx/.xlsm package in place of an openpyxl load-and-save: a generic, domain-free engine.

`apply_patch(source, target, patch)` copies the zip package of `source` to `target` and rewrites only the
parts that must change. It imports only the standard library and lxml.

How parts are found
    Exactly as Excel finds them: `_rels/.rels` (officeDocument relationship) -> the workbook part, whatever
    its name -> its relationships -> worksheets, styles, calcChain; a sheet's relationships -> comments,
    VML drawing (the one its `<legacyDrawing r:id>` names), threaded comments. Content types come from
    `[Content_Types].xml` (Default by extension, Override by part). New parts get names that collide with no
    existing part (case-insensitively), fresh `rIdN` ids and an Override content type (or none when a
    Default for their extension already gives the right type).

What is copied byte for byte
    Every part that is not changed is copied with its compressed bytes untouched (the zip is written by a
    small writer here: local header, raw data, central directory; no recompression, no private zipfile API).
    Member order is kept, `[Content_Types].xml` is written first. A part that is removed and written again
    in the same run (an earlier run's own sheet, comments) keeps its former place in the member order.
    Changed and new parts are deflated. Parts with a DTD (`<!DOCTYPE`/`<!ENTITY`) are refused (ValueError),
    and XML is parsed with entity resolution, network access and DTD loading off.

Changed worksheets
    Only the patched `<c>` elements change (value, `t`, `s`; `cm`/`vm` metadata of a replaced value are
    dropped). A sheet part is rewritten only when one of its cells really changes, or its `<legacyDrawing>`,
    or its `tabSelected` (see Workbook); a patch with only a comment needs no `<c>` and creates none.
    A missing cell is created in column order, a missing row in row order; a new cell takes the
    row's style when the row has `customFormat="1"`, else its column's style. `<dimension ref>` is widened
    (never narrowed) when a new cell falls outside it, and a row's single-range `spans` hint likewise.
    Rows or cells written without an `r` attribute get an explicit one in the rows that are patched.
    Everything else is re-serialised by lxml from the parsed tree: same elements, attributes, prefixes and
    namespace declarations; the original XML declaration bytes are kept verbatim.
    `<legacyDrawing>` is added or removed when comments are added or all removed.
    Text is written as an inline string (`t="inlineStr"`), never into sharedStrings; text beginning with
    "=" is therefore never a formula. Characters XML 1.0 forbids are written as `_xHHHH_`, and a literal
    `_xHHHH_` in the text is protected as `_x005F_xHHHH_` (Excel's own convention). Numbers are written in
    Decimal's plain notation, trailing fractional zeros removed (no exponent, never through float).

Formula cells (the choice documented here)
    A formula is never overwritten silently by a cached value: when `write_value` is asked for a cell that
    holds a formula, the formula is REPLACED by the value (the computed columns are lkip-xls's own, and the
    product promises values, not formulas). Then `xl/calcChain.xml` (its relationship and Override) is
    removed, since it would list a cell that no longer has a formula. When the replaced cell is the master
    of a shared formula, every other cell of that group that keeps its formula gets the master's formula
    translated to its own position (relative references shifted) as an ordinary formula, so that nothing
    depends on the removed master. A patch that only restyles or comments a formula cell keeps `<f>` and
    its cached `<v>` untouched. Writing into a non-anchor cell of an array formula range is not prevented.

Percent
    `percent=True` divides the value by 100 (exactly, Decimal.scaleb) when the cell's number format, after
    `number_format` has been applied if it was, is a percentage format (a `%` outside quotes, brackets and
    escapes). `CellPatch.style` (an addition) sets a cellXfs index before fill and number format apply.

Styles
    cellXfs, fonts, fills and numFmts entries are only appended (their `count` updated); an identical
    existing entry is reused instead, so applying a patch to its own output appends nothing. A new number
    format gets a numFmtId >= 164 not in use; built-in codes use their built-in id. dxfs, cellStyleXfs,
    cellStyles, colors and extLst are untouched. A workbook without a styles part gets a minimal one
    (`styles.xml` beside the workbook part, the name openpyxl reads).

Comments
    Legacy comments part + VML drawing (shapes `_x0000_sN`, Note client data, zero-based row/column). A
    comment written by the patch has author `Patch.comment_author` ("lkip-xls"). A cell that already has
    another author's comment keeps it, and the patch's text is appended as one more run beginning with the
    separator "\\n\\n<author>:\\n". `strip_comments_by` first removes, on every sheet, the comments of that
    author and that separator's tail from other authors' comments (their text is otherwise kept exactly),
    with the VML Note shapes of removed comments; a sheet left without comments loses its comments part,
    its VML part when that holds nothing else (form controls stay) and has no relationships of its own,
    their relationships and Overrides and `<legacyDrawing>`. The unused author entry is removed when it is
    the last one (removing another would renumber the authorIds of other comments). Threaded comments, the
    persons part and the "[Threaded comment]" placeholder notes (author "tc={...}") are never touched; a
    cell with a threaded comment gets no legacy comment. An existing VML part (which may hold form
    controls) receives the new shapes, with shape ids after the highest in use; a new VML part uses an
    `o:idmap` block no other VML part of the package uses. A VML part lxml cannot parse is left alone:
    no comment of that sheet is added or stripped, and a warning is returned.

Workbook
    New sheets: unique sheetId and part name, rId, Override, inserted at `position` in `<sheets>`; every
    `localSheetId` at or after it is shifted, `activeTab`/`firstSheet` of every workbookView follow. A
    `selected` sheet becomes `activeTab` and `tabSelected` is removed from the other sheets' sheetViews
    (those sheet parts change only there). Dropped sheets lose their `<sheet>`, relationship, part, the
    part's relationships, every part reachable only from it, Overrides, defined names local to it (later
    `localSheetId`s shift down) and their workbookView indices follow; calcChain is removed as well when a
    dropped sheet held formulas. `recalc` sets `<calcPr fullCalcOnLoad="1">` (created in schema order).
    `docProps/app.xml` is left byte-identical (its TitlesOfParts is informative; Excel and LibreOffice
    rewrite it and do not check it), so after adding or dropping sheets it may list the former sheets.
    `.xlsm`: the vbaProject part, its relationship and the macro-enabled content type are copied untouched.

`apply_patch` returns a `PatchResult` (warnings); callers may ignore it.
"""

from __future__ import annotations

import bisect
import copy
import functools
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

__all__ = ["CellPatch", "NewCell", "NewSheet", "Patch", "PatchResult", "apply_patch", "read_package_sheets"]

# --------------------------------------------------------------------------------------------- interface


@dataclass
class CellPatch:
    value: Decimal | int | str | None = None
    write_value: bool = False
    percent: bool = False
    number_format: str | None = None
    fill: str | None = None
    comment: str | None = None
    style: int | None = None  # addition: set this cellXfs index first (e.g. to restore a style an earlier run kept)
    fill_xml: str | None = None  # addition: a `<fill>` element (no namespace) to give the cell, e.g. its own
                                 # fill back, as `Patch.on_fill` reported it when an earlier run replaced it


@dataclass
class NewCell:
    value: Decimal | int | str | None
    bold: bool = False
    color: str | None = None
    fill: str | None = None
    wrap: bool = False
    link: str | None = None
    underline: bool = False


@dataclass
class NewSheet:
    name: str
    rows: dict[int, dict[int, NewCell]]
    widths: dict[int, float] = field(default_factory=dict)
    state: str = "visible"
    position: int | None = None
    freeze_row: int | None = None
    autofilter: str | None = None
    selected: bool = False
    landscape: bool = False
    fit_width: bool = False
    print_title_rows: str | None = None


@dataclass
class Patch:
    cells: dict[str, dict[str, CellPatch]] = field(default_factory=dict)
    new_sheets: list[NewSheet] = field(default_factory=list)
    drop_sheets: list[str] = field(default_factory=list)
    strip_comments_by: str | None = "lkip-xls"
    # addition: sheet -> cell -> text; a comment there whose whole text is that text is removed too, whoever its
    # author (LibreOffice re-saves every comment with a blank author)
    strip_comments_with: dict[str, dict[str, str]] = field(default_factory=dict)
    recalc: bool = False
    comment_author: str = "lkip-xls"  # addition: the author of the comments this patch writes
    # addition: called as (sheet, ref, fill) with the cell's former `<fill>` (no namespace) whenever `fill`
    # replaces it, before the new sheets are written (so that a state sheet can record it)
    on_fill: Callable[[str, str, str], None] | None = None


@dataclass
class PatchResult:
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- constants

PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TRANSITIONAL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_TRANSITIONAL = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
X_NS = "urn:schemas-microsoft-com:office:excel"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"

MAX_ROW = 1048576
MAX_COL = 16384

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False,
                          huge_tree=False, strip_cdata=False)

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)', 7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy",
    16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "m/d/yy h:mm", 37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
_BUILTIN_BY_CODE = {code: num for num, code in BUILTIN_FORMATS.items()}

# Worksheet children in schema order (CT_Worksheet).
_SHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
]
_WORKBOOK_ORDER = [
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets", "functionGroups",
    "externalReferences", "definedNames", "calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
    "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst",
]
_STYLES_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                 "tableStyles", "colors", "extLst"]
_FONT_ORDER = {name: i for i, name in enumerate(
    ["b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name",
     "family", "charset", "scheme"])}

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_SHAPE_ID = re.compile(r"^_x0000_s(\d+)$")
_LEGACY_DRAWING = re.compile(rb"<(?:[\w.-]+:)?legacyDrawing\b[^>]*?\bid\s*=\s*[\"']([^\"']+)")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


# --------------------------------------------------------------------------------------------- small helpers


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _order_name(el: etree._Element) -> str:
    """The local name an element counts as for schema order; mc:AlternateContent counts as its first choice."""
    if isinstance(el.tag, str) and el.tag == _q(MC_NS, "AlternateContent"):
        for choice in el:
            for child in choice:
                if isinstance(child.tag, str):
                    return _local(child)
    return _local(el)


def _insert_in_order(parent: etree._Element, new: etree._Element, order: list[str]) -> None:
    """Insert `new` before the first child that comes after it in `order` (unknown children are skipped)."""
    rank = order.index(_local(new))
    after = set(order[rank + 1:])
    for index, child in enumerate(parent):
        if isinstance(child.tag, str) and _order_name(child) in after:
            parent.insert(index, new)
            return
    parent.append(new)


def col_letters(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@functools.lru_cache(maxsize=4096)
def _col_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


@functools.lru_cache(maxsize=65536)
def split_ref(ref: str) -> tuple[int, int]:
    """"H5" -> (5, 8)."""
    match = _CELL_REF.match(ref.strip())
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    row, col = int(match.group(2)), _col_number(match.group(1))
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        raise ValueError(f"cell reference out of range: {ref!r}")
    return row, col


def _xstring(text: str) -> str:
    """Text for an OOXML string: `_xHHHH_` protected, characters XML forbids escaped Excel's way."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _ILLEGAL_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _number_text(value: Decimal | int | float) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "", "-"):
        text = "0"
    return text


def _argb(rgb: str) -> str:
    value = rgb.strip().lstrip("#").upper()
    if not re.fullmatch(r"[0-9A-F]{6}([0-9A-F]{2})?", value):
        raise ValueError(f"not an RGB colour: {rgb!r}")
    return value if len(value) == 8 else "FF" + value


def is_percent_format(code: str | None) -> bool:
    if not code:
        return False
    stripped = re.sub(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]', "", code)
    return "%" in stripped


_CELL_ATTRIBUTES = {"r": 0, "s": 1, "t": 2, "cm": 3, "vm": 4, "ph": 5}


def _set_cell_attribute(c: etree._Element, name: str, value: str) -> None:
    """Set an attribute of <c>, keeping Excel's attribute order (r, s, t, cm, vm, ph) when it is new."""
    if name in c.attrib:
        c.set(name, value)
        return
    items = list(c.attrib.items()) + [(name, value)]
    items.sort(key=lambda item: _CELL_ATTRIBUTES.get(item[0], 9))
    c.attrib.clear()
    for key, item in items:
        c.set(key, item)


def _key(el: etree._Element) -> tuple:
    """Identity of a styles entry: tag, attributes, text, children (whitespace between elements ignored)."""
    return (el.tag, tuple(sorted(el.attrib.items())), (el.text or "").strip(),
            tuple(_key(child) for child in el if isinstance(child.tag, str)))


def _check_no_dtd(data: bytes, name: str) -> None:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError(f"{name}: a part with a DTD is refused")


def _parse(data: bytes, name: str) -> etree._ElementTree:
    _check_no_dtd(data, name)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _PARSER))
    except etree.XMLSyntaxError as error:
        raise ValueError(f"{name}: not well-formed XML ({error})") from error
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ValueError(f"{name}: a part with a DTD is refused")
    return tree


def _declaration(data: bytes) -> bytes | None:
    """The original XML declaration (and the whitespace after it), kept verbatim; None when not UTF-8."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if data[start:start + 5] != b"<?xml":
        return b"" if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    end = data.find(b"?>", start)
    if end < 0:
        return None
    decl = data[start:end + 2]
    match = re.search(rb"encoding\s*=\s*[\"']([^\"']+)", decl)
    if match and match.group(1).lower().replace(b"-", b"") not in (b"utf8",):
        return None
    end += 2
    while end < len(data) and data[end:end + 1] in b" \t\r\n":
        end += 1
    return data[:end]


class _XmlPart:
    def __init__(self, name: str, data: bytes):
        self.name = name
        self.tree = _parse(data, name)
        self.root = self.tree.getroot()
        self.decl = _declaration(data)
        self.dirty = False

    def serialize(self) -> bytes:
        if self.decl is None:
            info = self.tree.docinfo
            return etree.tostring(self.tree, xml_declaration=True, encoding=info.encoding or "UTF-8",
                                  standalone=info.standalone)
        return self.decl + etree.tostring(self.tree, encoding="UTF-8", xml_declaration=False)


# --------------------------------------------------------------------------------------------- zip writer


def _dos_time(date_time: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time[:6]
    year = max(year, 1980)
    return ((year - 1980) << 9) | (month << 5) | day, (hour << 11) | (minute << 5) | (second // 2)


def _strip_zip64_extra(extra: bytes) -> bytes:
    out = bytearray()
    index = 0
    while index + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[index:index + 4])
        if kind != 1:
            out += extra[index:index + 4 + size]
        index += 4 + size
    return bytes(out)


class _ZipWriter:
    """A plain zip writer (no zip64) that can copy a member's compressed bytes unchanged."""

    def __init__(self, path: Path):
        self.fp = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.central: list[bytes] = []
        self.names: set[str] = set()

    def _entry(self, name: str, method: int, flags: int, date_time: tuple[int, ...], crc: int, csize: int,
               usize: int, extra: bytes, data: bytes, create: tuple[int, int] = (20, 0), external: int = 0,
               comment: bytes = b"") -> None:
        if name in self.names:
            raise ValueError(f"duplicate zip member {name!r}")
        self.names.add(name)
        if csize > 0xFFFFFFFE or usize > 0xFFFFFFFE or self.fp.tell() > 0xFFFFFFFE:
            raise ValueError("package too large (zip64 is not written)")
        try:
            raw_name = name.encode("ascii")
            flags &= ~0x800
        except UnicodeEncodeError:
            raw_name = name.encode("utf-8")
            flags |= 0x800
        flags &= ~0x08  # sizes are in the local header: no data descriptor
        version = 20 if method == zipfile.ZIP_DEFLATED else 10
        date, time = _dos_time(date_time)
        offset = self.fp.tell()
        self.fp.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", version, flags, method, time, date, crc, csize, usize,
                                  len(raw_name), len(extra)))
        self.fp.write(raw_name)
        self.fp.write(extra)
        self.fp.write(data)
        self.central.append(struct.pack(
            "<4s2B5H3L5H2L", b"PK\x01\x02", create[0], create[1], version, flags, method, time, date, crc, csize,
            usize, len(raw_name), len(extra), len(comment), 0, 0, external, offset) + raw_name + extra + comment)

    def copy_raw(self, info: zipfile.ZipInfo, raw: bytes) -> None:
        self._entry(info.filename, info.compress_type, info.flag_bits, info.date_time, info.CRC, info.compress_size,
                    info.file_size, _strip_zip64_extra(info.extra), raw, (info.create_version, info.create_system),
                    info.external_attr, info.comment)

    def write(self, name: str, data: bytes, date_time: tuple[int, ...] = (1980, 1, 1, 0, 0, 0),
              external: int = 0) -> None:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        self._entry(name, zipfile.ZIP_DEFLATED, 0, date_time, zlib.crc32(data), len(packed), len(data), b"",
                    packed, external=external)

    def close(self) -> None:
        start = self.fp.tell()
        for record in self.central:
            self.fp.write(record)
        size = self.fp.tell() - start
        count = len(self.central)
        if count > 0xFFFE:
            raise ValueError("too many zip members")
        self.fp.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
        self.fp.close()


# --------------------------------------------------------------------------------------------- package


@dataclass
class _Rel:
    id: str
    type: str
    part: str | None  # resolved part name; None when external
    el: etree._Element

    @property
    def kind(self) -> str:
        return self.type.rstrip("/").rpartition("/")[2]


def _rels_name(source: str) -> str:
    directory, _, base = source.rpartition("/")
    return f"{directory}/_rels/{base}.rels" if directory else f"_rels/{base}.rels"


class _Rels:
    def __init__(self, pkg: _Package, source: str):
        self.pkg = pkg
        self.source = source
        self.name = _rels_name(source)
        self.xml: _XmlPart | None = pkg.xml(self.name) if pkg.exists(self.name) else None

    def items(self) -> list[_Rel]:
        if self.xml is None:
            return []
        rels = []
        for el in self.xml.root.iter(_q(PKG_REL, "Relationship")):
            part = None
            if el.get("TargetMode", "Internal") != "External":
                part = self.pkg.resolve(self.source, el.get("Target", ""))
            rels.append(_Rel(el.get("Id", ""), el.get("Type", ""), part, el))
        return rels

    def of_kind(self, kind: str) -> list[_Rel]:
        return [rel for rel in self.items() if rel.kind == kind]

    def by_id(self, rid: str | None) -> _Rel | None:
        for rel in self.items():
            if rel.id == rid:
                return rel
        return None

    def add(self, type_uri: str, part: str) -> str:
        if self.xml is None:
            self.xml = self.pkg.create_xml(
                self.name, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                           b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
            self.pkg.content_types.ensure(self.name, CT_RELS)
        used = {rel.id for rel in self.items()}
        number = 1
        while f"rId{number}" in used:
            number += 1
        rid = f"rId{number}"
        start = posixpath.dirname(self.source) or "."
        etree.SubElement(self.xml.root, _q(PKG_REL, "Relationship"),
                         {"Id": rid, "Type": type_uri, "Target": posixpath.relpath(part, start)})
        self.xml.dirty = True
        return rid

    def remove(self, rid: str) -> None:
        rel = self.by_id(rid)
        if rel is not None and self.xml is not None:
            self.xml.root.remove(rel.el)
            self.xml.dirty = True


class _ContentTypes:
    NAME = "[Content_Types].xml"

    def __init__(self, pkg: _Package):
        self.xml = pkg.xml(self.NAME)
        self.root = self.xml.root
        self.ns = etree.QName(self.root).namespace or CT_NS

    def _override(self, part: str) -> etree._Element | None:
        wanted = "/" + part.lower()
        for el in self.root.iter(_q(self.ns, "Override")):
            if el.get("PartName", "").lower() == wanted:
                return el
        return None

    def _default(self, part: str) -> str | None:
        extension = part.rpartition(".")[2].lower() if "." in part.rpartition("/")[2] else ""
        for el in self.root.iter(_q(self.ns, "Default")):
            if el.get("Extension", "").lower() == extension:
                return el.get("ContentType")
        return None

    def of(self, part: str) -> str | None:
        override = self._override(part)
        return override.get("ContentType") if override is not None else self._default(part)

    def ensure(self, part: str, content_type: str) -> None:
        if self.of(part) == content_type:
            return
        override = self._override(part)
        if override is not None:
            override.set("ContentType", content_type)
        else:
            etree.SubElement(self.root, _q(self.ns, "Override"), {"PartName": "/" + part, "ContentType": content_type})
        self.xml.dirty = True

    def remove(self, part: str) -> None:
        override = self._override(part)
        if override is not None:
            self.root.remove(override)
            self.xml.dirty = True


class _Package:
    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        self.infos = self.zip.infolist()
        self.original: dict[str, zipfile.ZipInfo] = {}
        for info in self.infos:
            if info.filename in self.original:
                raise ValueError(f"duplicate zip member {info.filename!r}")
            if info.flag_bits & 0x1:
                raise ValueError("encrypted package")
            self.original[info.filename] = info
        self.lower = {name.lower(): name for name in self.original}
        self.data: dict[str, bytes] = {}
        self.new_order: list[str] = []
        self.removed: set[str] = set()
        self.xml_parts: dict[str, _XmlPart] = {}
        self.rels_cache: dict[str, _Rels] = {}
        if _ContentTypes.NAME not in self.original:
            raise ValueError("not an OOXML package: [Content_Types].xml is missing")
        self.content_types = _ContentTypes(self)

    def close(self) -> None:
        self.zip.close()

    # names
    def canonical(self, name: str) -> str:
        return self.lower.get(name.lower(), name)

    def resolve(self, source: str, target: str) -> str:
        target = unquote(target.partition("#")[0])
        if target.startswith("/"):
            name = target.lstrip("/")
        else:
            name = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
        return self.canonical(name)

    def exists(self, name: str) -> bool:
        name = self.canonical(name)
        return name not in self.removed and (name in self.original or name in self.data)

    def free_name(self, pattern: str) -> str:
        """pattern with {n}: the first name not in use (also not among earlier runs' removed parts now)."""
        number = 1
        while self.exists(pattern.format(n=number)) or pattern.format(n=number).lower() in self._pending_lower():
            number += 1
        return pattern.format(n=number)

    def _pending_lower(self) -> set[str]:
        return {name.lower() for name in self.data if name not in self.removed}

    def all_parts(self) -> list[str]:
        names = [name for name in self.original if name not in self.removed]
        names += [name for name in self.new_order if name not in self.removed and name not in self.original]
        return names

    # content
    def read(self, name: str) -> bytes:
        name = self.canonical(name)
        if name in self.removed:
            raise KeyError(name)
        if name in self.xml_parts and self.xml_parts[name].dirty:
            return self.xml_parts[name].serialize()
        if name in self.data:
            return self.data[name]
        return self.zip.read(self.original[name])

    def xml(self, name: str) -> _XmlPart:
        name = self.canonical(name)
        part = self.xml_parts.get(name)
        if part is None:
            part = _XmlPart(name, self.read(name))
            self.xml_parts[name] = part
        return part

    def create_xml(self, name: str, data: bytes) -> _XmlPart:
        self._register(name)
        self.data[name] = data
        part = _XmlPart(name, data)
        part.dirty = True
        self.xml_parts[name] = part
        return part

    def write(self, name: str, data: bytes) -> None:
        self._register(name)
        self.data[name] = data
        self.xml_parts.pop(name, None)

    def _register(self, name: str) -> None:
        name = self.canonical(name)
        self.removed.discard(name)
        self.lower[name.lower()] = name
        if name not in self.original and name not in self.new_order:
            self.new_order.append(name)

    def remove(self, name: str) -> None:
        name = self.canonical(name)
        self.removed.add(name)
        self.data.pop(name, None)
        self.xml_parts.pop(name, None)
        self.rels_cache.pop(name, None)
        self.content_types.remove(name)

    def rels(self, source: str) -> _Rels:
        rels = self.rels_cache.get(source)
        if rels is None:
            rels = _Rels(self, source)
            self.rels_cache[source] = rels
        return rels

    def remove_with_orphans(self, name: str) -> None:
        """Remove a part, its relationships part, and every part only it (transitively) points to."""
        pending = [name]
        while pending:
            current = pending.pop()
            if not self.exists(current):
                continue
            targets = [rel.part for rel in self.rels(current).items() if rel.part]
            rels_name = _rels_name(current)
            self.remove(current)
            if self.exists(rels_name):
                self.remove(rels_name)
            self.rels_cache.pop(current, None)
            for target in targets:
                if target and self.exists(target) and not self._referenced(target):
                    pending.append(target)

    def _referenced(self, target: str) -> bool:
        for name in self.all_parts():
            if not name.endswith(".rels"):
                continue
            source = self._source_of_rels(name)
            if source is not None and source != "" and not self.exists(source):
                continue
            for rel in self.rels(source if source is not None else "").items():
                if rel.part == target:
                    return True
        return False

    @staticmethod
    def _source_of_rels(rels_name: str) -> str | None:
        directory, _, base = rels_name.rpartition("/")
        if not directory.endswith("_rels") or not base.endswith(".rels"):
            return None
        parent = directory[: -len("_rels")].rstrip("/")
        base = base[: -len(".rels")]
        return f"{parent}/{base}" if parent else base

    # output
    def save(self, target: Path) -> None:
        for part in list(self.xml_parts.values()):
            if part.name.endswith(".rels") and len(part.root) == 0 and part.dirty:
                self.remove(part.name)
        order = self.all_parts()
        if _ContentTypes.NAME in order:
            order.remove(_ContentTypes.NAME)
            order.insert(0, _ContentTypes.NAME)
        writer = _ZipWriter(target)
        ok = False
        try:
            with open(self.zip.filename, "rb") as source:
                for name in order:
                    info = self.original.get(name)
                    part = self.xml_parts.get(name)
                    if part is not None and part.dirty:
                        content = part.serialize()
                    elif name in self.data:
                        content = self.data[name]
                    elif info is not None and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                        writer.copy_raw(info, self._raw(source, info))
                        continue
                    else:
                        content = self.zip.read(info)
                    if info is not None:
                        writer.write(name, content, info.date_time, info.external_attr)
                    else:
                        writer.write(name, content)
            ok = True
        finally:
            writer.close()
            if not ok:
                Path(target).unlink(missing_ok=True)  # never leave half a package behind

    @staticmethod
    def _raw(source, info: zipfile.ZipInfo) -> bytes:
        source.seek(info.header_offset)
        header = source.read(30)
        if header[:4] != b"PK\x03\x04":
            raise ValueError(f"{info.filename}: bad local header")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        source.seek(info.header_offset + 30 + name_length + extra_length)
        raw = source.read(info.compress_size)
        if len(raw) != info.compress_size:
            raise ValueError(f"{info.filename}: truncated")
        return raw


# --------------------------------------------------------------------------------------------- formulas


_REF_AT = re.compile(
    r"(?P<c1>\$?)(?P<col>[A-Za-z]{1,3})(?P<r1>\$?)(?P<row>[0-9]{1,7})"
    r"|(?P<cc1>\$?)(?P<colA>[A-Za-z]{1,3}):(?P<cc2>\$?)(?P<colB>[A-Za-z]{1,3})"
    r"|(?P<rr1>\$?)(?P<rowA>[0-9]{1,7}):(?P<rr2>\$?)(?P<rowB>[0-9]{1,7})")
_NAME_CHAR = re.compile(r"[A-Za-z0-9_.\\?$]")


def shift_formula(formula: str, drow: int, dcol: int) -> str:
    """A shared formula's text moved by (drow, dcol): relative A1 references shift, absolute ones stay."""
    out: list[str] = []
    index = 0
    length = len(formula)

    def shift_col(dollar: str, letters: str) -> str | None:
        number = _col_number(letters)
        if not dollar:
            number += dcol
        return None if not 1 <= number <= MAX_COL else dollar + col_letters(number)

    def shift_row(dollar: str, digits: str) -> str | None:
        number = int(digits)
        if not dollar:
            number += drow
        return None if not 1 <= number <= MAX_ROW else dollar + str(number)

    while index < length:
        char = formula[index]
        if char == '"':
            end = index + 1
            while end < length:
                if formula[end] == '"':
                    if end + 1 < length and formula[end + 1] == '"':
                        end += 2
                        continue
                    break
                end += 1
            out.append(formula[index:end + 1])
            index = end + 1
            continue
        if char == "'":
            end = index + 1
            while end < length:
                if formula[end] == "'":
                    if end + 1 < length and formula[end + 1] == "'":
                        end += 2
                        continue
                    break
                end += 1
            out.append(formula[index:end + 1])
            index = end + 1
            continue
        if char == "[":
            depth, end = 0, index
            while end < length:
                if formula[end] == "[":
                    depth += 1
                elif formula[end] == "]":
                    depth -= 1
                    if depth == 0:
                        break
                end += 1
            out.append(formula[index:end + 1])
            index = end + 1
            continue
        previous = formula[index - 1] if index else ""
        if _NAME_CHAR.match(char) and not (previous and _NAME_CHAR.match(previous) and previous != "$"):
            match = _REF_AT.match(formula, index)
            if match:
                end = match.end()
                following = formula[end] if end < length else ""
                if not (following and (_NAME_CHAR.match(following) or following in "(!")):
                    replaced: str | None
                    if match.group("col"):
                        col = _col_number(match.group("col"))
                        row = int(match.group("row"))
                        if col > MAX_COL or row > MAX_ROW or row == 0:
                            replaced = match.group()
                        else:
                            a = shift_col(match.group("c1"), match.group("col"))
                            b = shift_row(match.group("r1"), match.group("row"))
                            replaced = None if a is None or b is None else a + b
                    elif match.group("colA"):
                        a = shift_col(match.group("cc1"), match.group("colA"))
                        b = shift_col(match.group("cc2"), match.group("colB"))
                        replaced = None if a is None or b is None else f"{a}:{b}"
                    else:
                        a = shift_row(match.group("rr1"), match.group("rowA"))
                        b = shift_row(match.group("rr2"), match.group("rowB"))
                        replaced = None if a is None or b is None else f"{a}:{b}"
                    out.append("#REF!" if replaced is None else replaced)
                    index = end
                    continue
            end = index
            while end < length and _NAME_CHAR.match(formula[end]):
                end += 1
            out.append(formula[index:end])
            index = end
            continue
        out.append(char)
        index += 1
    return "".join(out)


# --------------------------------------------------------------------------------------------- styles


class _Styles:
    def __init__(self, ctx: _Context):
        pkg, workbook = ctx.pkg, ctx.workbook
        rels = workbook.rels.of_kind("styles")
        if rels and rels[0].part and pkg.exists(rels[0].part):
            self.xml = pkg.xml(rels[0].part)
        else:
            name = posixpath.join(posixpath.dirname(workbook.part), "styles.xml")  # where openpyxl looks
            if pkg.exists(name):
                name = pkg.free_name(posixpath.join(posixpath.dirname(workbook.part), "styles{n}.xml"))
            self.xml = pkg.create_xml(name, _MINIMAL_STYLES.format(ns=workbook.ns).encode())
            workbook.rels.add(workbook.relns + "/styles", name)
            pkg.content_types.ensure(name, CT_STYLES)
        self.root = self.xml.root
        self.ns = etree.QName(self.root).namespace or MAIN_TRANSITIONAL
        self._keys: dict[str, dict[tuple, int]] = {}
        self._derived: dict[tuple, int] = {}
        self._percent: dict[int, bool] = {}

    def _collection(self, local: str, create: bool = True) -> etree._Element | None:
        el = self.root.find(_q(self.ns, local))
        if el is None and create:
            el = etree.Element(_q(self.ns, local), {"count": "0"})
            _insert_in_order(self.root, el, _STYLES_ORDER)
            self.xml.dirty = True
        return el

    def _entries(self, local: str) -> list[etree._Element]:
        collection = self._collection(local, create=False)
        return [] if collection is None else [el for el in collection if isinstance(el.tag, str)]

    def _append(self, local: str, entry: etree._Element) -> int:
        """The index of an identical entry, or of `entry` appended."""
        keys = self._keys.get(local)
        if keys is None:
            keys = {}
            for index, el in enumerate(self._entries(local)):
                keys.setdefault(_key(el), index)
            self._keys[local] = keys
        key = _key(entry)
        if key in keys:
            return keys[key]
        collection = self._collection(local)
        index = len(self._entries(local))
        collection.append(entry)
        if collection.get("count") is not None or local != "numFmts":
            collection.set("count", str(index + 1))
        keys[key] = index
        self.xml.dirty = True
        return index

    def xf(self, index: int) -> etree._Element:
        entries = self._entries("cellXfs")
        if 0 <= index < len(entries):
            return entries[index]
        if entries:
            return entries[0]
        return etree.Element(_q(self.ns, "xf"), {"numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0",
                                                 "xfId": "0"})

    def xf_count(self) -> int:
        return len(self._entries("cellXfs"))

    def format_code(self, num_fmt_id: int) -> str | None:
        for el in self._entries("numFmts"):
            if el.get("numFmtId") == str(num_fmt_id):
                return el.get("formatCode")
        return BUILTIN_FORMATS.get(num_fmt_id)

    def is_general(self, xf: etree._Element) -> bool:
        code = self.format_code(int(xf.get("numFmtId", "0") or 0))
        return int(xf.get("numFmtId", "0") or 0) == 0 or (code or "").lower() == "general"

    def number_format_id(self, code: str) -> int:
        if code in _BUILTIN_BY_CODE:
            return _BUILTIN_BY_CODE[code]
        used = set()
        for el in self._entries("numFmts"):
            if el.get("formatCode") == code:
                return int(el.get("numFmtId"))
            used.add(int(el.get("numFmtId", "0")))
        number = 164
        while number in used:
            number += 1
        self._append("numFmts", etree.Element(_q(self.ns, "numFmt"), {"numFmtId": str(number), "formatCode": code}))
        return number

    def fill_id(self, rgb: str) -> int:
        fill = etree.Element(_q(self.ns, "fill"))
        pattern = etree.SubElement(fill, _q(self.ns, "patternFill"), {"patternType": "solid"})
        etree.SubElement(pattern, _q(self.ns, "fgColor"), {"rgb": _argb(rgb)})
        etree.SubElement(pattern, _q(self.ns, "bgColor"), {"indexed": "64"})
        return self._append("fills", fill)

    def font_id(self, bold: bool, color: str | None, underline: bool) -> int:
        if not (bold or color or underline):
            return 0
        fonts = self._entries("fonts")
        font = copy.deepcopy(fonts[0]) if fonts else etree.Element(_q(self.ns, "font"))
        for child in list(font):
            if _local(child) in ("b", "u") or (color and _local(child) == "color") or not isinstance(child.tag, str):
                font.remove(child)
        if bold:
            font.append(etree.Element(_q(self.ns, "b")))
        if underline:
            font.append(etree.Element(_q(self.ns, "u")))
        if color:
            font.append(etree.Element(_q(self.ns, "color"), {"rgb": _argb(color)}))
        font[:] = sorted(font, key=lambda el: _FONT_ORDER.get(_local(el), 99))
        return self._append("fonts", font)

    def add_xf(self, xf: etree._Element) -> int:
        return self._append("cellXfs", xf)

    def fill_xml_of(self, style: int) -> str:
        """The `<fill>` of a cell style, serialised without namespace (as `CellPatch.fill_xml` takes it)."""
        fills = self._entries("fills")
        index = int(self.xf(style).get("fillId", "0") or 0)
        if not 0 <= index < len(fills):
            return "<fill><patternFill patternType=\"none\"/></fill>"
        plain = copy.deepcopy(fills[index])
        plain.tail = None
        for el in plain.iter():
            if isinstance(el.tag, str):
                el.tag = etree.QName(el).localname
        etree.cleanup_namespaces(plain)
        return etree.tostring(plain, encoding="unicode")

    def fill_id_from_xml(self, text: str) -> int:
        fill = etree.fromstring(text.encode("utf-8"), _PARSER)
        if etree.QName(fill).localname != "fill":
            raise ValueError(f"not a <fill>: {text[:60]!r}")
        for el in fill.iter():
            if isinstance(el.tag, str):
                el.tag = _q(self.ns, etree.QName(el).localname)
        return self._append("fills", fill)

    def derived(self, style: int, number_format: str | None, fill: str | None, fill_xml: str | None = None) -> int:
        """The cellXfs index of `style` with a number format (only over General) and a solid fill (or a given
        `<fill>`) applied."""
        cache_key = (style, number_format, fill, fill_xml)
        if cache_key in self._derived:
            return self._derived[cache_key]
        base = self.xf(style)
        xf = copy.deepcopy(base)
        xf.tail = None
        changed = False
        if number_format is not None and self.is_general(base):
            number = self.number_format_id(number_format)
            if number != int(base.get("numFmtId", "0") or 0):
                xf.set("numFmtId", str(number))
                xf.set("applyNumberFormat", "1")
                changed = True
        if fill is not None or fill_xml is not None:
            fill_id = self.fill_id(fill) if fill is not None else self.fill_id_from_xml(fill_xml or "")
            if str(fill_id) != (base.get("fillId") or "0"):
                xf.set("fillId", str(fill_id))
                xf.set("applyFill", "1")
                changed = True
        result = style
        if changed and (_key(xf) != _key(base) or style >= self.xf_count()):
            result = self.add_xf(xf)
        self._derived[cache_key] = result
        return result

    def percent_style(self, style: int) -> bool:
        if style not in self._percent:
            xf = self.xf(style)
            self._percent[style] = is_percent_format(self.format_code(int(xf.get("numFmtId", "0") or 0)))
        return self._percent[style]


_MINIMAL_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<styleSheet xmlns="{ns}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


# --------------------------------------------------------------------------------------------- workbook


class _Workbook:
    def __init__(self, pkg: _Package):
        self.pkg = pkg
        office = pkg.rels("").of_kind("officeDocument")
        if not office or not office[0].part or not pkg.exists(office[0].part):
            raise ValueError("no workbook part: _rels/.rels has no officeDocument relationship")
        self.part = office[0].part
        self.relns = office[0].type.rstrip("/").rpartition("/")[0] or REL_TRANSITIONAL
        self.xml = pkg.xml(self.part)
        self.root = self.xml.root
        self.ns = etree.QName(self.root).namespace or MAIN_TRANSITIONAL
        self.rels = pkg.rels(self.part)
        sheets = self.root.find(self.q("sheets"))
        if sheets is None:
            raise ValueError("workbook has no <sheets>")
        self.sheets_el = sheets

    def q(self, local: str) -> str:
        return _q(self.ns, local)

    def sheet_elements(self) -> list[etree._Element]:
        return [el for el in self.sheets_el if isinstance(el.tag, str) and _local(el) == "sheet"]

    def sheets(self) -> dict[str, str]:
        result = {}
        for el in self.sheet_elements():
            rel = self.rels.by_id(el.get(_q(self.relns, "id")))
            if rel is not None and rel.part:
                result[el.get("name", "")] = rel.part
        return result

    def defined_names(self) -> list[etree._Element]:
        names = self.root.find(self.q("definedNames"))
        return [] if names is None else [el for el in names if isinstance(el.tag, str)]

    def views(self) -> list[etree._Element]:
        views = self.root.find(self.q("bookViews"))
        return [] if views is None else [el for el in views if isinstance(el.tag, str)]

    def remove_part_rel(self, kind: str) -> None:
        for rel in self.rels.of_kind(kind):
            if rel.part:
                self.pkg.remove(rel.part)
            self.rels.remove(rel.id)
            self.xml.dirty = True


def _read_workbook(path: Path) -> dict[str, str]:
    pkg = _Package(path)
    try:
        return _Workbook(pkg).sheets()
    finally:
        pkg.close()


def read_package_sheets(path: Path) -> dict[str, str]:
    """Sheet name -> part name (e.g. "xl/worksheets/sheet1.xml"), found through the relationships."""
    return _read_workbook(Path(path))


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def has_formulas(path: Path) -> bool:
    """Whether any worksheet of the package holds a formula (whose cached value a written cell may change)."""
    with zipfile.ZipFile(path) as archive:
        for part in _read_workbook(Path(path)).values():
            try:
                with archive.open(part) as stream:
                    tail = b""
                    while chunk := stream.read(1 << 20):
                        if _FORMULA.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
            except KeyError:
                continue
    return False


# --------------------------------------------------------------------------------------------- sheets


class _Sheet:
    """One worksheet's XML, with row and cell lookup built only for what is patched."""

    def __init__(self, xml: _XmlPart):
        self.xml = xml
        self.root = xml.root
        self.ns = etree.QName(self.root).namespace or MAIN_TRANSITIONAL
        data = self.root.find(self.q("sheetData"))
        if data is None:
            data = etree.Element(self.q("sheetData"))
            _insert_in_order(self.root, data, _SHEET_ORDER)
        self.data = data
        self._rows: dict[int, etree._Element] | None = None
        self._row_numbers: list[int] = []
        self._cells: dict[int, tuple[list[int], dict[int, etree._Element]]] = {}
        self._cols: list[tuple[int, int, int]] | None = None
        self.min_max: list[int] | None = None  # [min_row, min_col, max_row, max_col] of created cells

    def q(self, local: str) -> str:
        return _q(self.ns, local)

    def merged(self) -> list[tuple[int, int, int, int]]:
        """The merged blocks of the sheet as (first row, first column, last row, last column)."""
        blocks = []
        merges = self.root.find(self.q("mergeCells"))
        for merge in merges if merges is not None else ():
            ref = merge.get("ref", "") if isinstance(merge.tag, str) else ""
            first, _, last = ref.partition(":")
            try:
                (r1, c1), (r2, c2) = split_ref(first), split_ref(last or first)
            except ValueError:
                continue
            blocks.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        return blocks

    def to_anchors(self, cells: dict[str, CellPatch]) -> dict[str, CellPatch]:
        """A merged block shows only its top-left cell: a patch on another cell of the block goes to that cell
        (its fill and comment; a value written there would be hidden, so it is not written)."""
        blocks = self.merged()
        if not blocks:
            return cells
        result: dict[str, CellPatch] = {}
        moved: list[tuple[str, CellPatch]] = []
        for ref, cell_patch in cells.items():
            row, col = split_ref(ref)
            block = next((b for b in blocks if b[0] <= row <= b[2] and b[1] <= col <= b[3]), None)
            if block is None or (row, col) == (block[0], block[1]):
                result[ref] = cell_patch
            else:
                moved.append((col_letters(block[1]) + str(block[0]), cell_patch))
        for anchor, cell_patch in moved:
            target = result.get(anchor)
            if target is None:
                result[anchor] = CellPatch(fill=cell_patch.fill, fill_xml=cell_patch.fill_xml,
                                           comment=cell_patch.comment)
                continue
            target.fill = target.fill or cell_patch.fill
            if cell_patch.comment:
                target.comment = f"{target.comment}\n\n{cell_patch.comment}" if target.comment else cell_patch.comment
        return result

    def _index(self) -> dict[int, etree._Element]:
        if self._rows is None:
            rows: dict[int, etree._Element] = {}
            number = 0
            tag = self.q("row")
            for row in self.data.iterchildren(tag):
                r = row.get("r")
                number = int(r) if r else number + 1
                if not r:
                    row.set("r", str(number))
                rows[number] = row
            self._rows = rows
            self._row_numbers = sorted(rows)
        return self._rows

    def _column_style(self, col: int) -> int:
        if self._cols is None:
            self._cols = []
            cols = self.root.find(self.q("cols"))
            if cols is not None:
                for el in cols:
                    if isinstance(el.tag, str) and el.get("style"):
                        self._cols.append((int(el.get("min", "0")), int(el.get("max", "0")), int(el.get("style"))))
        for low, high, style in self._cols:
            if low <= col <= high:
                return style
        return 0

    def cell(self, row: int, col: int) -> tuple[etree._Element, bool]:
        """The <c> element at (row, col), created (in order) when missing; True when created."""
        rows = self._index()
        row_el = rows.get(row)
        if row_el is None:
            row_el = etree.Element(self.q("row"), {"r": str(row)})
            position = bisect.bisect_left(self._row_numbers, row)
            if position < len(self._row_numbers):
                self._rows[self._row_numbers[position]].addprevious(row_el)
            else:
                self.data.append(row_el)
            self._row_numbers.insert(position, row)
            rows[row] = row_el
        entry = self._cells.get(row)
        if entry is None:
            cells: dict[int, etree._Element] = {}
            number = 0
            for c in row_el.iterchildren(self.q("c")):
                ref = c.get("r")
                number = split_ref(ref)[1] if ref else number + 1
                if not ref:
                    c.set("r", f"{col_letters(number)}{row}")
                cells[number] = c
            entry = (sorted(cells), cells)
            self._cells[row] = entry
        numbers, cells = entry
        c = cells.get(col)
        if c is not None:
            return c, False
        c = etree.Element(self.q("c"), {"r": f"{col_letters(col)}{row}"})
        if row_el.get("customFormat") in ("1", "true") and row_el.get("s"):
            style = int(row_el.get("s"))
        else:
            style = self._column_style(col)
        if style:
            c.set("s", str(style))
        position = bisect.bisect_left(numbers, col)
        if position < len(numbers):
            cells[numbers[position]].addprevious(c)
        else:
            last = cells[numbers[-1]] if numbers else None
            if last is not None:
                last.addnext(c)
            else:
                extension = row_el.find(self.q("extLst"))
                if extension is not None:
                    extension.addprevious(c)
                else:
                    row_el.append(c)
        numbers.insert(position, col)
        cells[col] = c
        self._widen_spans(row_el, col)
        if self.min_max is None:
            self.min_max = [row, col, row, col]
        else:
            box = self.min_max
            box[:] = [min(box[0], row), min(box[1], col), max(box[2], row), max(box[3], col)]
        return c, True

    @staticmethod
    def _widen_spans(row_el: etree._Element, col: int) -> None:
        spans = row_el.get("spans")
        if spans and re.fullmatch(r"\d+:\d+", spans):
            low, high = (int(part) for part in spans.split(":"))
            if col < low or col > high:
                row_el.set("spans", f"{min(low, col)}:{max(high, col)}")

    def widen_dimension(self) -> None:
        if self.min_max is None:
            return
        dimension = self.root.find(self.q("dimension"))
        if dimension is None:
            return
        ref = dimension.get("ref", "")
        try:
            if ":" in ref:
                first, last = ref.split(":")
                (r1, c1), (r2, c2) = split_ref(first), split_ref(last)
            else:
                r1, c1 = r2, c2 = split_ref(ref)
        except ValueError:
            return
        box = self.min_max
        new = [min(r1, box[0]), min(c1, box[1]), max(r2, box[2]), max(c2, box[3])]
        if new != [r1, c1, r2, c2]:
            dimension.set("ref", f"{col_letters(new[1])}{new[0]}:{col_letters(new[3])}{new[2]}")

    def legacy_drawing(self) -> etree._Element | None:
        return self.root.find(self.q("legacyDrawing"))


# --------------------------------------------------------------------------------------------- comments


def _comment_texts(text_el: etree._Element, ns: str) -> list[etree._Element]:
    """The <t> elements of a rich string, in order: a direct <t>, then each run's <t>."""
    result = []
    for child in text_el:
        if child.tag == _q(ns, "t"):
            result.append(child)
        elif child.tag == _q(ns, "r"):
            t = child.find(_q(ns, "t"))
            if t is not None:
                result.append(t)
    return result


def _strip_tail(text_el: etree._Element, ns: str, separator: str) -> bool:
    """Remove `separator` and everything after it from a rich string; True when something was removed."""
    texts = _comment_texts(text_el, ns)

    def holder(t: etree._Element) -> etree._Element:
        return t if t.getparent() is text_el else t.getparent()

    for position, t in enumerate(texts):
        content = t.text or ""
        found = content.find(separator)
        if found < 0:
            continue
        for later in texts[position + 1:]:
            text_el.remove(holder(later))
        if found == 0 and holder(t) is not t:
            text_el.remove(holder(t))
        else:
            t.text = content[:found]
        return True
    return False


class _Vml:
    def __init__(self, xml: _XmlPart):
        self.xml = xml
        self.root = xml.root
        self.notes: dict[tuple[int, int], etree._Element] = {}
        self.ids: set[int] = set()
        for shape in self.root.iter(_q(V_NS, "shape")):
            data = shape.find(_q(X_NS, "ClientData"))
            if data is not None and data.get("ObjectType") == "Note":
                row, col = data.findtext(_q(X_NS, "Row")), data.findtext(_q(X_NS, "Column"))
                if row is not None and col is not None and row.strip().isdigit() and col.strip().isdigit():
                    self.notes.setdefault((int(row) + 1, int(col) + 1), shape)
        for el in self.root.iter():
            if not isinstance(el.tag, str):
                continue
            for attribute in ("id", _q(O_NS, "spid")):
                match = _SHAPE_ID.match(el.get(attribute, ""))
                if match:
                    self.ids.add(int(match.group(1)))

    def blocks(self) -> list[int]:
        idmap = self.root.find(f"{_q(O_NS, 'shapelayout')}/{_q(O_NS, 'idmap')}")
        if idmap is None:
            return []
        return [int(part) for part in re.findall(r"\d+", idmap.get("data", ""))]

    def remove_note(self, row: int, col: int) -> None:
        shape = self.notes.pop((row, col), None)
        if shape is not None:
            for attribute in ("id", _q(O_NS, "spid")):
                match = _SHAPE_ID.match(shape.get(attribute, ""))
                if match:
                    self.ids.discard(int(match.group(1)))
            shape.getparent().remove(shape)
            self.xml.dirty = True

    def holds_other_shapes(self) -> bool:
        keep = {_q(O_NS, "shapelayout"), _q(V_NS, "shapetype")}
        return any(isinstance(el.tag, str) and el.tag not in keep for el in self.root)

    def add_note(self, row: int, col: int) -> None:
        if (row, col) in self.notes:
            return
        if not any(el.get("id") == "_x0000_t202" for el in self.root.iter(_q(V_NS, "shapetype"))):
            shapetype = etree.Element(_q(V_NS, "shapetype"), {
                "id": "_x0000_t202", "coordsize": "21600,21600", _q(O_NS, "spt"): "202",
                "path": "m,l,21600r21600,l21600,xe"})
            etree.SubElement(shapetype, _q(V_NS, "stroke"), {"joinstyle": "miter"})
            etree.SubElement(shapetype, _q(V_NS, "path"), {"gradientshapeok": "t", _q(O_NS, "connecttype"): "rect"})
            layout = self.root.find(_q(O_NS, "shapelayout"))
            if layout is not None:
                layout.addnext(shapetype)
            else:
                self.root.insert(0, shapetype)
        blocks = self.blocks()
        first = (min(blocks) if blocks else 1) * 1024
        number = max(max(self.ids, default=0), first) + 1
        self.ids.add(number)
        if blocks and number // 1024 not in blocks:
            idmap = self.root.find(f"{_q(O_NS, 'shapelayout')}/{_q(O_NS, 'idmap')}")
            idmap.set(_q(V_NS, "ext"), "edit")
            idmap.set("data", ",".join(str(b) for b in sorted(set(blocks) | {number // 1024})))
        z_index = len(self.notes) + 1
        shape = etree.SubElement(self.root, _q(V_NS, "shape"), {
            "id": f"_x0000_s{number}", "type": "#_x0000_t202",
            "style": f"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:216pt;height:86pt;"
                     f"z-index:{z_index};visibility:hidden",
            "fillcolor": "#ffffe1", _q(O_NS, "insetmode"): "auto"})
        etree.SubElement(shape, _q(V_NS, "fill"), {"color2": "#ffffe1"})
        etree.SubElement(shape, _q(V_NS, "shadow"), {"on": "t", "color": "black", "obscured": "t"})
        etree.SubElement(shape, _q(V_NS, "path"), {_q(O_NS, "connecttype"): "none"})
        textbox = etree.SubElement(shape, _q(V_NS, "textbox"), {"style": "mso-direction-alt:auto"})
        etree.SubElement(textbox, "div", {"style": "text-align:left"})
        data = etree.SubElement(shape, _q(X_NS, "ClientData"), {"ObjectType": "Note"})
        etree.SubElement(data, _q(X_NS, "MoveWithCells"))
        etree.SubElement(data, _q(X_NS, "SizeWithCells"))
        top = max(row - 2, 0)
        etree.SubElement(data, _q(X_NS, "Anchor")).text = f"{col}, 15, {top}, 10, {col + 3}, 15, {top + 5}, 4"
        etree.SubElement(data, _q(X_NS, "AutoFill")).text = "False"
        etree.SubElement(data, _q(X_NS, "Row")).text = str(row - 1)
        etree.SubElement(data, _q(X_NS, "Column")).text = str(col - 1)
        self.notes[(row, col)] = shape
        self.xml.dirty = True


_VML_NEW = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml"\r\n xmlns:o="urn:schemas-microsoft-com:office:office"\r\n'
    ' xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n <o:shapelayout v:ext="edit">\r\n'
    '  <o:idmap v:ext="edit" data="{block}"/>\r\n </o:shapelayout><v:shapetype id="_x0000_t202"'
    ' coordsize="21600,21600" o:spt="202"\r\n  path="m,l,21600r21600,l21600,xe">\r\n'
    '  <v:stroke joinstyle="miter"/>\r\n  <v:path gradientshapeok="t" o:connecttype="rect"/>\r\n'
    ' </v:shapetype></xml>')
_COMMENTS_NEW = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                 '<comments xmlns="{ns}"><authors/><commentList/></comments>')


class _SheetComments:
    """The legacy comments of one sheet (comments part + VML), created lazily."""

    def __init__(self, ctx: _Context, sheet_name: str, part: str):
        self.ctx = ctx
        self.pkg = ctx.pkg
        self.name = sheet_name
        self.part = part
        self.rels = self.pkg.rels(part)
        self.usable = True
        comments = [rel for rel in self.rels.of_kind("comments") if rel.part and self.pkg.exists(rel.part)]
        self.comments_rel = comments[0] if comments else None
        self.cxml = self.pkg.xml(self.comments_rel.part) if self.comments_rel else None
        self.vml_rel = self._vml_rel()
        self.vml: _Vml | None = None
        if self.vml_rel is not None:
            try:
                self.vml = _Vml(self.pkg.xml(self.vml_rel.part))
            except ValueError as error:
                if "DTD" in str(error):
                    raise
                self.usable = False
                ctx.result.warnings.append(f"{sheet_name}: the VML drawing {self.vml_rel.part} cannot be parsed; "
                                           "its comments were left as they are")
        self.threaded: set[str] = set()
        for rel in self.rels.of_kind("threadedComment"):
            if rel.part and self.pkg.exists(rel.part):
                for el in self.pkg.xml(rel.part).root.iter():
                    if isinstance(el.tag, str) and _local(el) == "threadedComment" and el.get("ref"):
                        self.threaded.add(el.get("ref").replace("$", "").upper())

    def _vml_rel(self) -> _Rel | None:
        """The VML part the sheet's <legacyDrawing r:id> names (a legacyDrawingHF's VML is another one)."""
        if not self.rels.of_kind("vmlDrawing"):
            return None
        if self.part in self.ctx.sheets:
            legacy = self.ctx.sheet(self.part).legacy_drawing()
            rid = None if legacy is None else legacy.get(_q(self.ctx.workbook.relns, "id"))
        else:
            match = _LEGACY_DRAWING.search(self.pkg.read(self.part))
            rid = match.group(1).decode() if match else None
        rel = self.rels.by_id(rid) if rid else None
        return rel if rel is not None and rel.part and self.pkg.exists(rel.part) else None

    # comments part
    @property
    def ns(self) -> str:
        return etree.QName(self.cxml.root).namespace or MAIN_TRANSITIONAL

    def _authors(self) -> etree._Element:
        authors = self.cxml.root.find(_q(self.ns, "authors"))
        if authors is None:
            authors = etree.Element(_q(self.ns, "authors"))
            self.cxml.root.insert(0, authors)
        return authors

    def _list(self) -> etree._Element:
        comment_list = self.cxml.root.find(_q(self.ns, "commentList"))
        if comment_list is None:
            comment_list = etree.SubElement(self.cxml.root, _q(self.ns, "commentList"))
            authors = self.cxml.root.find(_q(self.ns, "authors"))
            if authors is not None:
                authors.addnext(comment_list)
        return comment_list

    def _author_names(self) -> list[str]:
        return [el.text or "" for el in self._authors() if isinstance(el.tag, str)]

    def comments(self) -> list[etree._Element]:
        if self.cxml is None:
            return []
        return [el for el in self._list() if isinstance(el.tag, str)]

    @staticmethod
    def _ref(comment: etree._Element) -> str:
        return comment.get("ref", "").replace("$", "").upper()

    def strip(self, author: str, texts: dict[str, str] | None = None) -> None:
        if self.cxml is None or not self.usable:
            return
        texts = {ref.replace("$", "").upper(): _xstring(text) for ref, text in (texts or {}).items()}
        names = self._author_names()
        separator = f"\n\n{author}:\n"
        for comment in self.comments():
            ref = self._ref(comment)
            if ref in self.threaded:
                continue
            try:
                owner = names[int(comment.get("authorId", "0"))]
            except (ValueError, IndexError):
                owner = ""
            if owner.startswith("tc="):
                continue
            body = comment.find(_q(self.ns, "text"))
            if owner == author or (ref in texts and body is not None and texts[ref] == "".join(
                    t.text or "" for t in _comment_texts(body, self.ns))):
                comment.getparent().remove(comment)
                self.cxml.dirty = True
                if self.vml is not None:
                    try:
                        self.vml.remove_note(*split_ref(ref))
                    except ValueError:
                        pass
            else:
                text = comment.find(_q(self.ns, "text"))
                if text is not None and _strip_tail(text, self.ns, separator):
                    self.cxml.dirty = True
        self._drop_unused_author(author)

    def _drop_unused_author(self, author: str) -> None:
        authors = [el for el in self._authors() if isinstance(el.tag, str)]
        if authors and authors[-1].text == author:
            last = str(len(authors) - 1)
            if not any(comment.get("authorId") == last for comment in self.comments()):
                self._authors().remove(authors[-1])
                self.cxml.dirty = True

    def _author_id(self, author: str) -> int:
        names = self._author_names()
        if author in names:
            return names.index(author)
        etree.SubElement(self._authors(), _q(self.ns, "author")).text = author
        return len(names)

    def _ensure_parts(self) -> None:
        ctx, pkg = self.ctx, self.pkg
        if self.cxml is None:
            name = pkg.free_name(posixpath.join(posixpath.dirname(ctx.workbook.part), "comments{n}.xml"))
            self.cxml = pkg.create_xml(name, _COMMENTS_NEW.format(ns=ctx.sheet(self.part).ns).encode())
            pkg.content_types.ensure(name, CT_COMMENTS)
            rid = self.rels.add(ctx.workbook.relns + "/comments", name)
            self.comments_rel = self.rels.by_id(rid)
        if self.vml is None:
            name = pkg.free_name(posixpath.join(posixpath.dirname(ctx.workbook.part), "drawings/vmlDrawing{n}.vml"))
            xml = pkg.create_xml(name, _VML_NEW.format(block=ctx.free_vml_block()).encode())
            pkg.content_types.ensure(name, CT_VML)
            rid = self.rels.add(ctx.workbook.relns + "/vmlDrawing", name)
            self.vml_rel = self.rels.by_id(rid)
            self.vml = _Vml(xml)
            sheet = ctx.sheet(self.part)
            legacy = etree.Element(sheet.q("legacyDrawing"), {_q(ctx.workbook.relns, "id"): rid})
            _insert_in_order(sheet.root, legacy, _SHEET_ORDER)
            sheet.xml.dirty = True

    def set_comment(self, row: int, col: int, text: str, author: str) -> None:
        ref = f"{col_letters(col)}{row}"
        if not self.usable or ref in self.threaded:
            return
        existing = {self._ref(comment): comment for comment in self.comments()}.get(ref)
        self._ensure_parts()
        ns = self.ns
        text = _xstring(text)
        if existing is not None:
            names = self._author_names()
            try:
                owner = names[int(existing.get("authorId", "0"))]
            except (ValueError, IndexError):
                owner = ""
            if owner.startswith("tc="):
                return
            body = existing.find(_q(ns, "text"))
            if body is None:
                body = etree.SubElement(existing, _q(ns, "text"))
            if owner == author:
                for child in list(body):
                    body.remove(child)
                t = etree.SubElement(body, _q(ns, "t"))
                t.text = text
                t.set(XML_SPACE, "preserve")
            else:
                _strip_tail(body, ns, f"\n\n{author}:\n")
                run = etree.Element(_q(ns, "r"))
                t = etree.SubElement(run, _q(ns, "t"), {XML_SPACE: "preserve"})
                t.text = f"\n\n{author}:\n{text}"
                texts = _comment_texts(body, ns)
                if texts:
                    last = texts[-1]
                    (last if last.getparent() is body else last.getparent()).addnext(run)
                else:
                    body.append(run)
        else:
            comment = etree.SubElement(self._list(), _q(ns, "comment"),
                                       {"ref": ref, "authorId": str(self._author_id(author)), "shapeId": "0"})
            body = etree.SubElement(comment, _q(ns, "text"))
            t = etree.SubElement(body, _q(ns, "t"), {XML_SPACE: "preserve"})
            t.text = text
        self.cxml.dirty = True
        self.vml.add_note(row, col)

    def finish(self) -> None:
        """Remove the comments part, and the VML when it holds nothing else, when no comment is left."""
        if self.cxml is None or not self.usable or self.comments():
            return
        pkg = self.pkg
        pkg.remove(self.cxml.name)
        self.rels.remove(self.comments_rel.id)
        self.cxml = None
        if self.vml is not None and not self.vml.holds_other_shapes() and not pkg.exists(
                _rels_name(self.vml_rel.part)):
            pkg.remove(self.vml_rel.part)
            self.rels.remove(self.vml_rel.id)
            sheet = self.ctx.sheet(self.part)
            legacy = sheet.legacy_drawing()
            if legacy is not None and legacy.get(_q(self.ctx.workbook.relns, "id")) == self.vml_rel.id:
                sheet.root.remove(legacy)
                sheet.xml.dirty = True
            self.vml = None


# --------------------------------------------------------------------------------------------- the patch run


class _Context:
    def __init__(self, pkg: _Package, patch: Patch):
        self.pkg = pkg
        self.patch = patch
        self.result = PatchResult()
        self.workbook = _Workbook(pkg)
        self._styles: _Styles | None = None
        self.sheets: dict[str, _Sheet] = {}
        self.formula_removed = False

    @property
    def styles(self) -> _Styles:
        if self._styles is None:
            self._styles = _Styles(self)
        return self._styles

    def sheet(self, part: str) -> _Sheet:
        sheet = self.sheets.get(part)
        if sheet is None:
            sheet = _Sheet(self.pkg.xml(part))
            self.sheets[part] = sheet
        return sheet

    def free_vml_block(self) -> int:
        used = {0}
        for name in self.pkg.all_parts():
            if name.lower().endswith(".vml"):
                for match in re.finditer(rb"idmap[^>]*?data\s*=\s*[\"']([\d,\s]+)", self.pkg.read(name)):
                    used.update(int(part) for part in re.findall(rb"\d+", match.group(1)))
        return max(used) + 1

    # ------------------------------------------------------------------ run
    def run(self) -> None:
        patch = self.patch
        for name in patch.drop_sheets:
            self.drop_sheet(name)
        sheets = self.workbook.sheets()
        for name in patch.cells:
            if name not in sheets:
                raise ValueError(f"no sheet named {name!r} to patch")
        stripped: dict[str, _SheetComments] = {}
        if patch.strip_comments_by:
            for name, part in sheets.items():
                if self.pkg.content_types.of(part) == CT_WORKSHEET and self.pkg.rels(part).of_kind("comments"):
                    comments = _SheetComments(self, name, part)
                    comments.strip(patch.strip_comments_by, patch.strip_comments_with.get(name, {}))
                    stripped[name] = comments
        for name, cells in patch.cells.items():
            if cells:
                self._patch_sheet(name, sheets[name], cells, stripped.pop(name, None))
        for comments in stripped.values():
            comments.finish()
        if self.formula_removed:  # before new parts take relationship ids, so that a second run picks the same
            self.workbook.remove_part_rel("calcChain")
        for new in patch.new_sheets:
            self.add_sheet(new)
        selected = [new for new in patch.new_sheets if new.selected]
        if selected:
            self.select(selected[-1].name)
        if patch.recalc:
            self.set_recalc()
        for sheet in self.sheets.values():
            sheet.widen_dimension()

    def _patch_sheet(self, name: str, part: str, cells: dict[str, CellPatch],
                     comments: _SheetComments | None) -> None:
        sheet = self.sheet(part)
        cells = sheet.to_anchors(cells)
        styles_needed = any(p.fill or p.fill_xml or p.number_format or p.percent or p.style is not None
                            for p in cells.values())
        styles = self.styles if styles_needed else None
        removed_masters: dict[str, tuple[int, int, str]] = {}
        ordered = sorted(((split_ref(ref), ref, p) for ref, p in cells.items()), key=lambda item: item[0])
        for (row, col), ref, cell_patch in ordered:
            if not (cell_patch.write_value or cell_patch.fill or cell_patch.fill_xml or cell_patch.number_format
                    or cell_patch.style is not None):
                continue  # a comment alone needs no <c>
            c, created = sheet.cell(row, col)
            old_style = c.get("s")
            style = int(old_style or 0)
            if cell_patch.style is not None:
                if styles is None or not 0 <= cell_patch.style < styles.xf_count():
                    raise ValueError(f"{name}!{ref}: no cell style {cell_patch.style}")
                style = cell_patch.style
            if styles is not None and cell_patch.fill and self.patch.on_fill is not None:
                self.patch.on_fill(name, ref, styles.fill_xml_of(style))
            if styles is not None and (cell_patch.fill or cell_patch.fill_xml or cell_patch.number_format):
                style = styles.derived(style, cell_patch.number_format, cell_patch.fill,
                                       None if cell_patch.fill else cell_patch.fill_xml)
            if (style or old_style is not None) and str(style) != old_style:
                _set_cell_attribute(c, "s", str(style))
                sheet.xml.dirty = True
            if created:
                sheet.xml.dirty = True
            if cell_patch.write_value:
                value = cell_patch.value
                if (cell_patch.percent and value is not None and not isinstance(value, str | bool)
                        and styles is not None and styles.percent_style(style)):
                    value = (value if isinstance(value, Decimal) else Decimal(str(value))).scaleb(-2)
                self._write_value(sheet, c, value, row, col, removed_masters)
                sheet.xml.dirty = True
        if removed_masters:
            self._rehome_shared(sheet, removed_masters)
        wanted = [(row, col, p.comment) for (row, col), _ref, p in ordered if p.comment]
        if comments is None and wanted:
            comments = _SheetComments(self, name, part)
        if comments is not None:
            for row, col, text in wanted:
                comments.set_comment(row, col, text, self.patch.comment_author)
            comments.finish()

    def _write_value(self, sheet: _Sheet, c: etree._Element, value, row: int, col: int,
                     removed_masters: dict[str, tuple[int, int, str]]) -> None:
        ns = sheet.ns
        formula = c.find(_q(ns, "f"))
        if formula is not None:
            self.formula_removed = True
            if formula.get("t") == "shared" and formula.get("si") is not None and (formula.text or "").strip():
                removed_masters[formula.get("si")] = (row, col, formula.text)
        for child in list(c):
            if _local(child) in ("f", "v", "is"):
                c.remove(child)
        for attribute in ("t", "cm", "vm"):
            c.attrib.pop(attribute, None)
        if value is None:
            return
        anchor = c.find(_q(ns, "extLst"))
        if isinstance(value, str):
            _set_cell_attribute(c, "t", "inlineStr")
            holder = etree.Element(_q(ns, "is"))
            t = etree.SubElement(holder, _q(ns, "t"), {XML_SPACE: "preserve"})
            t.text = _xstring(value)
        else:
            if isinstance(value, bool):
                _set_cell_attribute(c, "t", "b")
            holder = etree.Element(_q(ns, "v"))
            holder.text = _number_text(value)
        if anchor is not None:
            anchor.addprevious(holder)
        else:
            c.append(holder)

    @staticmethod
    def _rehome_shared(sheet: _Sheet, removed: dict[str, tuple[int, int, str]]) -> None:
        """Give the cells of a shared formula whose master was replaced their own translated formula."""
        for formula in sheet.data.iter(_q(sheet.ns, "f")):
            si = formula.get("si")
            if formula.get("t") != "shared" or si not in removed:
                continue
            row0, col0, text = removed[si]
            row, col = split_ref(formula.getparent().get("r", "A1"))
            formula.text = shift_formula(text, row - row0, col - col0)
            for attribute in ("t", "si", "ref"):
                formula.attrib.pop(attribute, None)

    # ------------------------------------------------------------------ sheets of the workbook
    def drop_sheet(self, name: str) -> None:
        workbook = self.workbook
        elements = workbook.sheet_elements()
        for index, el in enumerate(elements):
            if el.get("name") != name:
                continue
            rid = el.get(_q(workbook.relns, "id"))
            rel = workbook.rels.by_id(rid)
            el.getparent().remove(el)
            workbook.xml.dirty = True
            if rel is not None:
                workbook.rels.remove(rid)
                if rel.part and self.pkg.exists(rel.part):
                    if re.search(rb"<(?:[\w.-]+:)?f[\s>/]", self.pkg.read(rel.part)):
                        workbook.remove_part_rel("calcChain")
                    self.sheets.pop(rel.part, None)
                    self.pkg.remove_with_orphans(rel.part)
            self._shift_indices(index, -1)
            return

    def _shift_indices(self, index: int, delta: int) -> None:
        """Sheet `index` removed (delta -1) or inserted (delta +1): follow in defined names and views."""
        workbook = self.workbook
        for el in workbook.defined_names():
            local = el.get("localSheetId")
            if local is None or not local.isdigit():
                continue
            number = int(local)
            if delta < 0 and number == index:
                el.getparent().remove(el)
            elif number > index or (delta > 0 and number == index):
                el.set("localSheetId", str(number + delta))
        names = workbook.root.find(workbook.q("definedNames"))
        if names is not None and not len(names):
            workbook.root.remove(names)
        count = len(workbook.sheet_elements())
        for view in workbook.views():
            for attribute in ("activeTab", "firstSheet"):
                value = view.get(attribute)
                if value is None or not value.isdigit():
                    continue
                number = int(value)
                if delta > 0:
                    if number > index or (number == index and attribute == "activeTab"):
                        number += 1
                elif number > index:
                    number -= 1
                number = max(0, min(number, count - 1))
                if attribute == "activeTab" and delta < 0:
                    number = self._visible_near(number)
                view.set(attribute, str(number))
        workbook.xml.dirty = True

    def _visible_near(self, index: int) -> int:
        elements = self.workbook.sheet_elements()
        order = list(range(index, len(elements))) + list(range(index - 1, -1, -1))
        for candidate in order:
            if elements[candidate].get("state", "visible") == "visible":
                return candidate
        return index

    def add_sheet(self, new: NewSheet) -> None:
        workbook, pkg = self.workbook, self.pkg
        name = new.name
        if (not name or len(name) > 31 or _SHEET_NAME_BAD.search(name) or name.startswith("'")
                or name.endswith("'") or _ILLEGAL_XML.search(name)):
            raise ValueError(f"not a valid sheet name: {name!r}")
        if name.lower() in (el.get("name", "").lower() for el in workbook.sheet_elements()):
            raise ValueError(f"a sheet named {name!r} already exists")
        if new.state not in ("visible", "hidden", "veryHidden"):
            raise ValueError(f"not a sheet state: {new.state!r}")
        part = pkg.free_name(posixpath.join(posixpath.dirname(workbook.part), "worksheets/sheet{n}.xml"))
        pkg.write(part, self._sheet_xml(new))
        pkg.content_types.ensure(part, CT_WORKSHEET)
        rid = workbook.rels.add(workbook.relns + "/worksheet", part)
        elements = workbook.sheet_elements()
        ids = [int(el.get("sheetId")) for el in elements if (el.get("sheetId") or "").isdigit()]
        attributes = {"name": name, "sheetId": str(max(ids, default=0) + 1)}
        if new.state != "visible":
            attributes["state"] = new.state
        attributes[_q(workbook.relns, "id")] = rid
        sheet_el = etree.Element(workbook.q("sheet"), attributes)
        position = len(elements) if new.position is None else max(0, min(new.position, len(elements)))
        if position < len(elements):
            elements[position].addprevious(sheet_el)
            self._shift_indices(position, +1)
        else:
            workbook.sheets_el.append(sheet_el)
        workbook.xml.dirty = True
        quoted = "'" + name.replace("'", "''") + "'"
        if new.print_title_rows:
            self._define_name("_xlnm.Print_Titles", position, f"{quoted}!{new.print_title_rows}")
        if new.autofilter:
            first, _, last = new.autofilter.partition(":")
            r1, c1 = split_ref(first)
            r2, c2 = split_ref(last or first)
            self._define_name("_xlnm._FilterDatabase", position,
                              f"{quoted}!${col_letters(c1)}${r1}:${col_letters(c2)}${r2}", hidden=True)

    def _define_name(self, name: str, local: int, value: str, hidden: bool = False) -> None:
        workbook = self.workbook
        names = workbook.root.find(workbook.q("definedNames"))
        if names is None:
            names = etree.Element(workbook.q("definedNames"))
            _insert_in_order(workbook.root, names, _WORKBOOK_ORDER)
        attributes = {"name": name, "localSheetId": str(local)}
        if hidden:
            attributes["hidden"] = "1"
        etree.SubElement(names, workbook.q("definedName"), attributes).text = value
        workbook.xml.dirty = True

    def select(self, name: str) -> None:
        workbook = self.workbook
        elements = workbook.sheet_elements()
        index = next(i for i, el in enumerate(elements) if el.get("name") == name)
        views = workbook.views()
        if not views:
            book_views = etree.Element(workbook.q("bookViews"))
            _insert_in_order(workbook.root, book_views, _WORKBOOK_ORDER)
            views = [etree.SubElement(book_views, workbook.q("workbookView"))]
        views[0].set("activeTab", str(index))
        if int(views[0].get("firstSheet", "0") or 0) > index:
            views[0].set("firstSheet", str(index))
        workbook.xml.dirty = True
        target = workbook.sheets()[name]
        for part in workbook.sheets().values():
            if part == target or not self.pkg.exists(part):
                continue
            if not re.search(rb"tabSelected\s*=\s*[\"'](1|true)", self.pkg.read(part)):
                continue
            xml = self.pkg.xml(part)
            for view in xml.root.iter():
                if isinstance(view.tag, str) and _local(view) == "sheetView" and view.get("tabSelected") is not None:
                    del view.attrib["tabSelected"]
                    xml.dirty = True

    def set_recalc(self) -> None:
        workbook = self.workbook
        calc = workbook.root.find(workbook.q("calcPr"))
        if calc is None:
            calc = etree.Element(workbook.q("calcPr"))
            _insert_in_order(workbook.root, calc, _WORKBOOK_ORDER)
        if calc.get("fullCalcOnLoad") != "1":
            calc.set("fullCalcOnLoad", "1")
            workbook.xml.dirty = True

    # ------------------------------------------------------------------ new sheet XML
    def _sheet_xml(self, new: NewSheet) -> bytes:
        ns, relns = self.workbook.ns, self.workbook.relns
        q = lambda local: _q(ns, local)  # noqa: E731
        root = etree.Element(q("worksheet"), nsmap={None: ns, "r": relns})
        if new.fit_width:
            etree.SubElement(etree.SubElement(root, q("sheetPr")), q("pageSetUpPr"), {"fitToPage": "1"})
        cells = [(row, col) for row, columns in new.rows.items() for col in columns]
        for row, col in cells:
            if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
                raise ValueError(f"{new.name}: cell ({row}, {col}) out of range")
        if cells:
            low = f"{col_letters(min(c for _, c in cells))}{min(r for r, _ in cells)}"
            high = f"{col_letters(max(c for _, c in cells))}{max(r for r, _ in cells)}"
            etree.SubElement(root, q("dimension"), {"ref": low if low == high else f"{low}:{high}"})
        views = etree.SubElement(root, q("sheetViews"))
        view = etree.SubElement(views, q("sheetView"), {"workbookViewId": "0"})
        if new.selected:
            view.set("tabSelected", "1")
        if new.freeze_row and new.freeze_row > 1:
            top = f"A{new.freeze_row}"
            etree.SubElement(view, q("pane"), {"ySplit": str(new.freeze_row - 1), "topLeftCell": top,
                                                "activePane": "bottomLeft", "state": "frozen"})
            etree.SubElement(view, q("selection"), {"pane": "bottomLeft", "activeCell": top, "sqref": top})
        etree.SubElement(root, q("sheetFormatPr"), {"defaultRowHeight": "15"})
        if new.widths:
            cols = etree.SubElement(root, q("cols"))
            for col in sorted(new.widths):
                etree.SubElement(cols, q("col"), {"min": str(col), "max": str(col),
                                                   "width": _number_text(Decimal(str(new.widths[col]))),
                                                   "customWidth": "1"})
        data = etree.SubElement(root, q("sheetData"))
        links = []
        style_cache: dict[tuple, int] = {}
        for row in sorted(new.rows):
            row_el = etree.SubElement(data, q("row"), {"r": str(row)})
            for col in sorted(new.rows[row]):
                cell = new.rows[row][col]
                ref = f"{col_letters(col)}{row}"
                c = etree.SubElement(row_el, q("c"), {"r": ref})
                style = self._new_cell_style(cell, style_cache)
                if style:
                    c.set("s", str(style))
                if isinstance(cell.value, str):
                    c.set("t", "inlineStr")
                    t = etree.SubElement(etree.SubElement(c, q("is")), q("t"), {XML_SPACE: "preserve"})
                    t.text = _xstring(cell.value)
                elif cell.value is not None:
                    if isinstance(cell.value, bool):
                        c.set("t", "b")
                    etree.SubElement(c, q("v")).text = _number_text(cell.value)
                if cell.link:
                    links.append((ref, cell.link))
        if new.autofilter:
            etree.SubElement(root, q("autoFilter"), {"ref": new.autofilter})
        if links:
            hyperlinks = etree.SubElement(root, q("hyperlinks"))
            for ref, location in links:
                etree.SubElement(hyperlinks, q("hyperlink"), {"ref": ref, "location": _ILLEGAL_XML.sub("", location)})
        etree.SubElement(root, q("pageMargins"), {"left": "0.7", "right": "0.7", "top": "0.75", "bottom": "0.75",
                                                   "header": "0.3", "footer": "0.3"})
        if new.landscape or new.fit_width:
            setup = etree.SubElement(root, q("pageSetup"), {"paperSize": "9"})
            if new.landscape:
                setup.set("orientation", "landscape")
            if new.fit_width:
                setup.set("fitToWidth", "1")
                setup.set("fitToHeight", "0")
        return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                + etree.tostring(root, encoding="UTF-8", xml_declaration=False))

    def _new_cell_style(self, cell: NewCell, cache: dict[tuple, int]) -> int:
        key = (cell.bold, cell.color, cell.fill, cell.wrap, cell.underline)
        if not any(key):
            return 0
        if key not in cache:
            styles = self.styles
            ns = styles.ns
            font = styles.font_id(cell.bold, cell.color, cell.underline)
            fill = styles.fill_id(cell.fill) if cell.fill else 0
            xf = etree.Element(_q(ns, "xf"), {"numFmtId": "0", "fontId": str(font), "fillId": str(fill),
                                              "borderId": "0", "xfId": "0"})
            if font:
                xf.set("applyFont", "1")
            if fill:
                xf.set("applyFill", "1")
            if cell.wrap:
                xf.set("applyAlignment", "1")
                etree.SubElement(xf, _q(ns, "alignment"), {"vertical": "top", "wrapText": "1"})
            cache[key] = styles.add_xf(xf)
        return cache[key]


def apply_patch(source: Path, target: Path, patch: Patch) -> PatchResult:
    """Write `target`: the package of `source` with `patch` applied (`source` is only read)."""
    source, target = Path(source), Path(target)
    if source.resolve() == target.resolve():
        raise ValueError("apply_patch writes a new file: target must differ from source")
    pkg = _Package(source)
    try:
        context = _Context(pkg, patch)
        context.run()
        pkg.save(target)
    finally:
        pkg.close()
    return context.result
