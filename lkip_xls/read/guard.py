"""Opening untrusted workbooks safely: what a package may make lkip-xls read or allocate is checked before any
XML is parsed.

Longer than ~400 lines on purpose: every limit a package may hit is here, so that one file says everything lkip-
xls refuses and why.
"""

from __future__ import annotations

import codecs
import gc
import itertools
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.parsers import expat
from xml.parsers.expat import ExpatError

from ..core.errors import FileUnreadable
from . import sniff
from .ooxml import CONTENT_TYPES, Package, PackageError

DEFAULT_MAX_SIZE = 200 * 1024 * 1024  # declared uncompressed size of all parts of a workbook
MAX_MEMBERS = 10_000  # parts of a package
MAX_SHEETS = 1_000  # sheets of a workbook
MAX_ROWS = 200_000  # per sheet, by its declared dimension and by every row read
MAX_COLUMNS = 2_000  # per sheet, likewise
MAX_CELLS = 500_000  # cells of one worksheet, counted while streaming it (never taken from <dimension>)
MAX_WORKBOOK_CELLS = 2_000_000  # cells of all worksheets together
MAX_STYLES = 65_536  # entries of each kind in the styles part: xf, font, fill, border, numFmt, dxf (Excel: 64,000)
MAX_STRINGS = 1_000_000  # entries of the shared strings part, counted
MAX_RANGES = 50_000  # ranges named by ref/sqref attributes in one worksheet (merges, links, validations...)
MAX_MERGES = 10_000  # merged ranges of one worksheet
# A merged range or a hyperlink may cover at most MAX_CELLS cells; a comment is anchored on one cell; no
# reference may leave Excel's grid (XFD1048576). Nothing in lkip-xls expands a range into its cells.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
OLE_DIRECTORY_SECTORS = 4_096  # directory sectors of an OLE file walked to tell an encrypted workbook from .xls

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTED_STREAMS = ("EncryptedPackage", "EncryptionInfo")
_XML_NAMES = (".xml", ".rels", ".vml")
HEAD_SIZE = 4096  # bytes of each XML part read before parsing: its prolog and the start of its root element
_CHUNK = 1024 * 1024
_MAX_CARRY = 1024 * 1024  # an unfinished tag carried from one chunk to the next


@dataclass(frozen=True)
class Link:
    """A link out of the workbook that `_hasil` keeps: a hyperlink (sheet and cell) or an external link part
    (no sheet, no cell)."""

    sheet: str | None
    cell: str | None
    target: str


@dataclass
class Inspection:
    links: list[Link] = field(default_factory=list)
    # The worksheets' bytes as the check read them (decompressed, their CRC checked), member name -> bytes, when
    # asked (`keep`): the reader takes them instead of decompressing each sheet a second time.
    sheets: dict[str, bytes] = field(default_factory=dict)


KEEP_LIMIT = 16 * 1024 * 1024  # worksheet bytes kept for the reader at most: memory stays small on a big file


def inspect(path: Path, max_size: int = DEFAULT_MAX_SIZE, keep: bool = False) -> Inspection:
    """Refuse what is not a plain, bounded .xlsx/.xlsm before any of it is parsed: what every part may make
    lkip-xls read or allocate is checked here, for `check` and `process` alike. Returns what a reader should
    mention (links that lead out of the workbook) and, with `keep`, the worksheets' bytes (up to KEEP_LIMIT)."""
    if not path.exists():
        raise FileUnreadable("not-found", str(path))
    if not path.is_file():
        raise FileUnreadable("not-a-file", str(path))
    with path.open("rb") as handle:
        head = handle.read(8)
        if head == _OLE_MAGIC:
            raise FileUnreadable("encrypted" if _ole_is_encrypted(handle, max_size) else "xls")
    sniff.check(path)  # a web page saved as .xls, a Strict Open XML workbook: said in words an agency can act on
    if not head.startswith(_ZIP_MAGICS):
        raise FileUnreadable("not-xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_package(archive, max_size, keep)
    except zipfile.BadZipFile as exc:
        raise FileUnreadable("corrupt", str(exc)) from exc
    except (OSError, EOFError, RuntimeError, NotImplementedError, zlib.error, ValueError, SyntaxError,
            ExpatError) as exc:  # truncated members, odd compression, broken relationships
        raise FileUnreadable(_reason_for(exc), _short(exc)) from exc


def _inspect_package(archive: zipfile.ZipFile, max_size: int, keep: bool = False) -> Inspection:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise FileUnreadable("too-large", f"{len(members)} parts")
    declared = sum(m.file_size for m in members)
    if declared > max_size:  # before any member is read: a bomb is refused by what it declares
        raise FileUnreadable("too-large", f"{declared / 1024 / 1024:.0f} MB > {max_size / 1024 / 1024:.0f} MB")
    lower_names = [m.filename.lower() for m in members]
    if len(set(lower_names)) != len(lower_names):  # OPC part names compare without case
        raise FileUnreadable("corrupt", "a part name occurs twice")
    if any(m.flag_bits & 0x1 for m in members):
        raise FileUnreadable("encrypted")
    names = {m.filename for m in members}
    if "mimetype" in names:
        with archive.open("mimetype") as stream:
            if b"opendocument" in stream.read(200):
                raise FileUnreadable("ods")
    package = Package(archive)
    if package.find(CONTENT_TYPES) is None:
        raise FileUnreadable("not-xlsx")
    try:
        workbook = package.workbook_part
    except PackageError as exc:
        raise FileUnreadable("not-xlsx", str(exc)) from exc
    sheets = package.sheets
    if len(sheets) > MAX_SHEETS:
        raise FileUnreadable("too-many-sheets", f"{len(sheets)} > {MAX_SHEETS}")
    feeds: dict[str, Callable[[bytes], None]] = {workbook: _NumericAttributes(workbook, _WORKBOOK_NUMBERS).feed}
    for kind, limit, reason in (("styles", MAX_STYLES, "too-many-styles"),
                                ("sharedStrings", MAX_STRINGS, "too-many-strings")):
        part = package.workbook_related(kind)
        if part is not None:
            count = _EntryCount(part, kind, limit, reason).feed
            numbers = _NumericAttributes(part, _STYLE_NUMBERS).feed

            def both(data: bytes, count=count, numbers=numbers) -> None:
                count(data)
                numbers(data)

            feeds[part] = both if kind == "styles" else count
    scans: list[_SheetScan] = []
    for name, part, kind in sheets:
        if kind != "worksheet":
            continue
        if part is None:
            raise FileUnreadable("corrupt", f"sheet {name!r}: its part is missing")
        scans.append(_SheetScan(name, part))
        feeds[part] = scans[-1].feed
        for rel in package.rels(part):
            member = package.find(rel.part) if rel.part else None
            if rel.kind in ("comments", "threadedComment") and member is not None:
                feeds[member] = _CommentScan(name).feed
    inspection = Inspection()
    kept = {scan.part for scan in scans} if keep else set()
    room = KEEP_LIMIT
    for member in members:  # every XML part: its encoding, no DTD, well-formed, and counted
        if _is_xml(package, member.filename) or member.filename in feeds:
            wanted = member.filename in kept and member.file_size <= room
            data = _check_xml_part(archive, member, feeds.get(member.filename), keep=wanted)
            if data is not None:
                inspection.sheets[member.filename] = data
                room -= len(data)
    total = 0
    for scan in scans:
        total += scan.cells
        if total > MAX_WORKBOOK_CELLS:
            raise FileUnreadable("too-many-cells", f"> {MAX_WORKBOOK_CELLS:,} cells in all")
        rels = {rel.id: rel for rel in package.rels(scan.part)}
        for ref, rid in scan.hyperlinks:
            rel = rels.get(rid)
            if rel is not None and rel.part is None and _is_unusual_link(rel.target):
                inspection.links.append(Link(scan.title, ref.split(":")[0].replace("$", ""), rel.target))
    for rel in package.related(workbook, "externalLink"):
        targets = [r.target for r in package.rels(rel.part or "") if r.part is None] if rel.part else []
        inspection.links.extend(Link(None, None, target) for target in targets or [rel.target])
    return inspection


def _is_xml(package: Package, name: str) -> bool:
    if name.lower().endswith(_XML_NAMES):
        return True
    # "xml" also stands in "openxmlformats", the prefix of binary parts' types too (printer settings, VBA): an
    # XML part's type ends in +xml or is plain XML, or is the VML drawing type (VML is XML)
    content_type = (package.content_type(name) or "").split(";")[0].strip().lower()
    if content_type.startswith("image/"):
        return False  # an SVG picture is the agency's, never parsed
    return (content_type.endswith("+xml") or content_type in ("application/xml", "text/xml")
            or content_type == "application/vnd.openxmlformats-officedocument.vmldrawing")


def _is_unusual_link(target: str) -> bool:
    """A hyperlink to anything but a web page or an e-mail address (javascript:, file:, a UNC path...)."""
    scheme = target.strip().split(":", 1)[0].lower() if ":" in target else ""
    return scheme not in ("http", "https", "mailto")


# --------------------------------------------------------------------------- one XML part


_UTF8_LIKE = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252"}
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


def _encoding_of(name: str, head: bytes) -> str:
    """The codec a part is written in, from its byte order mark or its first bytes (XML's own rules); only
    UTF-8 (or an ASCII-compatible 8-bit code) and UTF-16 are accepted, as OOXML allows."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"<\x00\x00\x00", b"\x00\x00\x00<")):
        raise FileUnreadable("corrupt", f"{name}: UTF-32 is not an OOXML encoding")
    if head.startswith((b"\xff\xfe", b"<\x00")):
        return "utf-16-le"
    if head.startswith((b"\xfe\xff", b"\x00<")):
        return "utf-16-be"
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    declared = _DECLARED_ENCODING.match(body)
    if declared and declared.group(1).decode("ascii", "replace").strip().lower() not in _UTF8_LIKE:
        raise FileUnreadable("corrupt", f"{name}: encoding {declared.group(1).decode('ascii', 'replace')!r}")
    return "utf-8"


def _check_xml_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo,
                    feed: Callable[[bytes], None] | None = None, keep: bool = False) -> bytes | None:
    """Refuse a DTD (in any encoding), an encoding OOXML does not allow, and XML that is not well-formed (the
    writer parses what the checker may not); read the part whole (its CRC and deflate stream are checked on
    the way), giving it to `feed` as UTF-8 in chunks that never end inside a tag. With `keep`, returns the
    part's bytes as read (None otherwise)."""
    kept: list[bytes] | None = [] if keep else None
    with archive.open(member) as stream:
        raw = stream.read(HEAD_SIZE)
        encoding = _encoding_of(member.filename, raw)
        head = raw if encoding == "utf-8" else raw.decode(encoding, errors="ignore").encode("utf-8")
        _refuse_doctype(member.filename, head, full=len(raw) >= HEAD_SIZE)
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _no_dtd
        chunks = _utf8_chunks(itertools.chain([raw], iter(lambda: stream.read(_CHUNK), b"")), encoding)
        try:
            for chunk, raw_chunk in chunks:
                parser.Parse(raw_chunk, False)
                if feed is not None:
                    feed(chunk)
                if kept is not None:
                    kept.append(raw_chunk)
            parser.Parse(b"", True)
        except ExpatError as exc:
            raise FileUnreadable("corrupt", f"{member.filename}: {exc}") from exc
    return None if kept is None else b"".join(kept)


def _no_dtd(*_args: Any) -> None:
    raise FileUnreadable("xml-attack", "DTD")


def _utf8_chunks(raw_chunks: Iterator[bytes], encoding: str) -> Iterator[tuple[bytes, bytes]]:
    """(UTF-8 text that never ends inside a tag (up to _MAX_CARRY bytes), the raw bytes it came with)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace") if encoding != "utf-8" else None
    carry = b""
    for raw in raw_chunks:
        chunk = decoder.decode(raw).encode("utf-8", "replace") if decoder is not None else raw
        data = carry + chunk
        cut = data.rfind(b"<")
        if cut >= 0 and data.find(b">", cut) < 0 and len(data) - cut <= _MAX_CARRY:
            data, carry = data[:cut], data[cut:]
        else:
            carry = b""
        yield data, raw
    if carry:
        yield carry, b""


def _refuse_doctype(name: str, head: bytes, full: bool) -> None:
    """No part of an OOXML package needs a DTD: one that has it is an entity attack (billion laughs, XXE).
    A DTD can only stand before the root element, so a part whose root element has not begun within its
    first HEAD_SIZE bytes (a prolog padded with a long comment, say) is refused too."""
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise FileUnreadable("xml-attack", name)
    if full and not _root_begins(head):
        raise FileUnreadable("xml-attack", f"{name}: no root element in its first {HEAD_SIZE} bytes")


def _root_begins(head: bytes) -> bool:
    """Whether the root element's start tag begins in `head` (UTF-8), after the XML declaration, comments,
    processing instructions and white space."""
    position = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while position < len(head) and head[position] in b" \t\r\n":
            position += 1
        for opening, closing in ((b"<?", b"?>"), (b"<!--", b"-->")):
            if head.startswith(opening, position):
                end = head.find(closing, position + len(opening))
                if end < 0:
                    return False
                position = end + len(closing)
                break
        else:
            return head.startswith(b"<", position) and not head.startswith(b"<!", position)


# --------------------------------------------------------------------------- counting what a part holds

_TAG_ATTRIBUTES = rb"""((?:[^>"']|"[^"]*"|'[^']*')*)"""
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_RANGE_ATTRIBUTE = re.compile(rb"""\s((?:sq)?ref)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG_NAME = re.compile(rb"<(?:[\w.-]+:)?([\w.-]+)")
_ID_ATTRIBUTE = re.compile(rb"""\s[\w.-]+:id\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,8})")
_STYLE_TAG = re.compile(rb"<(?:[\w.-]+:)?(numFmt|font|fill|border|xf|dxf)[\s/>]")
_STRING_TAG = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")


def _cell(reference: str) -> tuple[int, int] | None:
    """(row, column) of an A1 reference, or None when it is none."""
    found = _REFERENCE.fullmatch(reference)
    if not found:
        return None
    column = 0
    for char in found.group(1).upper():
        column = column * 26 + ord(char) - 64
    return int(found.group(2)), column


def range_size(reference: str) -> tuple[int, int] | None:
    """(rows, columns) that an A1 range (or one cell) spans; None when it is not one. Bounds only: a range
    is never expanded into its cells."""
    first, _, last = reference.partition(":")
    start, end = _cell(first), _cell(last or first)
    if start is None or end is None:
        return None
    for row, column in (start, end):
        if not (1 <= row <= EXCEL_ROWS and 1 <= column <= EXCEL_COLUMNS):
            raise FileUnreadable("range-too-large", f"{reference} lies outside the sheet")
    return abs(end[0] - start[0]) + 1, abs(end[1] - start[1]) + 1


class _SheetScan:
    """Counts a worksheet's cells and ranges from its XML as it streams by; refuses at the first excess."""

    def __init__(self, title: str, part: str):
        self.title, self.part = title, part
        self.cells = self.ranges = self.merges = 0
        self.hyperlinks: list[tuple[str, str]] = []  # (ref, relationship id) of links to outside

    def feed(self, data: bytes) -> None:
        self.cells += _cell_tags(data)
        # the first pattern's match ends with a match of one of _SHEET_NUMBER_VALUES: without one, only the
        # second can match
        value = any(_after_space(pattern, tail, data) for pattern, tail in _SHEET_NUMBER_VALUES)
        first = _SHEET_NUMBERS[0].search(data) if value else None
        _refuse_first(self.part, [first, _after_space(_SHEET_NUMBERS[1], _SPANS_TAIL, data)])
        if self.cells > MAX_CELLS:
            raise FileUnreadable("too-many-cells", f"{self.title}: > {MAX_CELLS:,} cells")
        for found in _range_attributes(data):
            start = data.rfind(b"<", 0, found.start())
            tag = _TAG_NAME.match(data, start) if start >= 0 else None
            name = tag.group(1).decode("ascii", "replace") if tag else ""
            value = (found.group(2) if found.group(2) is not None else found.group(3)).decode("utf-8", "replace")
            self._ranges(name, value, data[start:found.start()] + data[found.end():data.find(b">", found.end())])

    def _ranges(self, tag: str, value: str, rest: bytes) -> None:
        for reference in value.split():
            self.ranges += 1
            if self.ranges > MAX_RANGES:
                raise FileUnreadable("range-too-large", f"{self.title}: > {MAX_RANGES:,} ranges")
            size = range_size(reference)
            if size is None:
                continue
            rows, columns = size
            if tag == "dimension" and (rows > MAX_ROWS or columns > MAX_COLUMNS):
                raise FileUnreadable("too-many-cells", f"{self.title}: {reference}")
            if tag in ("mergeCell", "hyperlink") and rows * columns > MAX_CELLS:
                raise FileUnreadable("range-too-large", f"{self.title}: {tag} {reference}")
        if tag == "mergeCell":
            self.merges += 1
            if self.merges > MAX_MERGES:
                raise FileUnreadable("range-too-large", f"{self.title}: > {MAX_MERGES:,} merged ranges")
        elif tag == "hyperlink":
            rid = _ID_ATTRIBUTE.search(rest)
            if rid:
                self.hyperlinks.append((value, (rid.group(1) or rid.group(2) or b"").decode("utf-8", "replace")))


class _CommentScan:
    def __init__(self, title: str):
        self.title = title

    def feed(self, data: bytes) -> None:
        for found in _RANGE_ATTRIBUTE.finditer(data):
            value = (found.group(2) if found.group(2) is not None else found.group(3)).decode("utf-8", "replace")
            size = range_size(value.strip())
            if size is not None and size != (1, 1):
                raise FileUnreadable("range-too-large", f"{self.title}: a comment anchored on {value}")


# Attributes that must hold a whole number (what the writer reads as one); a regex that matches only a value
# that is not one, so that valid parts cost no Python work per attribute.
_WORKBOOK_NUMBERS = re.compile(rb"""\s(?:firstSheet|activeTab|sheetId|localSheetId)\s*=\s*["'](?![0-9]{1,9}["'])""")
_STYLE_NUMBERS = re.compile(rb"""\s(?:numFmtId|fontId|fillId|borderId|xfId)\s*=\s*["'](?![0-9]{1,9}["'])""")
_SPANS_VALUE = rb"""spans\s*=\s*["'](?![0-9]{1,5}:[0-9]{1,5}(?:\s+[0-9]{1,5}:[0-9]{1,5})*["'])"""
_SPANS_TAIL = re.compile(_SPANS_VALUE)  # _SHEET_NUMBERS[1] without its leading \s: found by its literal "spans"
# Two patterns, not one alternation: the second branch (starting with \s) kept the engine from scanning for
# "<", and the alternation took half of the guard's time on a province workbook (a third as two patterns).
_SHEET_NUMBERS = (re.compile(rb"""<(?:[\w.-]+:)?(?:c|row|col)\s[^>]*?\s(?:s|style|min|max)\s*=\s*["']"""
                             rb"""(?![0-9]{1,9}["'])"""),
                  re.compile(rb"""\s""" + _SPANS_VALUE))


# The tail every match of _SHEET_NUMBERS[0] ends with (\s(?:s|style|min|max)..., as two patterns): a quick
# search for it decides whether that pattern runs at all. Each is searched from its literal (see _after_space).
_NOT_A_NUMBER = rb"""\s*=\s*["'](?![0-9]{1,9}["'])"""
_SHEET_NUMBER_VALUES = tuple((re.compile(rb"\s" + tail), re.compile(tail)) for tail in (
    rb"s(?:tyle)?" + _NOT_A_NUMBER, rb"m(?:in|ax)" + _NOT_A_NUMBER))  # (\s + tail, tail): see _after_space


_OTHER_C_TAG = re.compile(rb"<c(?=[^\s/>])")  # "<c" that begins another name (<col, <cfRule...)


def _cell_tags(data: bytes) -> int:
    """len(_CELL_TAG.findall(data)), by counting: every "<c" but those that begin another tag's name or end
    the data (two scans of the data, not one per byte that may follow "<c"); a prefixed tag (`<x:c `) takes
    the pattern."""
    if b":c" in data:
        return len(_CELL_TAG.findall(data))
    return data.count(b"<c") - len(_OTHER_C_TAG.findall(data)) - data.endswith(b"<c")


def _after_space(pattern: re.Pattern[bytes], tail: re.Pattern[bytes], data: bytes) -> re.Match[bytes] | None:
    """pattern.search(data) for a pattern that is \\s followed by `tail`, a pattern with a literal start: the
    regex engine finds a literal fast, but tries a pattern that starts with \\s at every white space (a tenth
    of the guard's time on a province workbook). Each place `tail` matches is tried one byte before."""
    position = 1
    while (found := tail.search(data, position)) is not None:
        match = pattern.match(data, found.start() - 1)
        if match is not None:
            return match
        position = found.start() + 1
    return None


def _range_attributes(data: bytes) -> Iterator[re.Match[bytes]]:
    """_RANGE_ATTRIBUTE.finditer(data), the same matches, tried only where "ref" stands (" ref=" or " sqref=")
    instead of at every white space."""
    end = 0  # where the last match ended: matches never overlap
    at = data.find(b"ref")
    while at >= 0:
        for start in (at - 3, at - 1):  # " sqref" begins three bytes before "ref", " ref" one
            found = _RANGE_ATTRIBUTE.match(data, start) if start >= end else None
            if found is not None:
                yield found
                end = found.end()
                break
        at = data.find(b"ref", max(at + 1, end))


class _NumericAttributes:
    def __init__(self, part: str, pattern: re.Pattern[bytes] | tuple[re.Pattern[bytes], ...]):
        self.part = part
        self.patterns = pattern if isinstance(pattern, tuple) else (pattern,)

    def feed(self, data: bytes) -> None:
        _refuse_first(self.part, [pattern.search(data) for pattern in self.patterns])


def _refuse_first(part: str, found: list[re.Match[bytes] | None]) -> None:
    """Refuse the part for the first attribute found (the first in the part, as one pattern found it)."""
    matches = [match for match in found if match is not None]
    if matches:
        first = min(matches, key=lambda match: match.start())
        attribute = first.string[first.start():first.end() + 12].decode("utf-8", "replace").strip()
        raise FileUnreadable("corrupt", f"{part}: {attribute} is not a whole number")


class _EntryCount:
    """Counts the entries of the styles part (per kind) or of the shared strings part; refuses at the first
    excess."""

    def __init__(self, part: str, kind: str, limit: int, reason: str):
        self.part, self.limit, self.reason = part, limit, reason
        self.pattern = _STYLE_TAG if kind == "styles" else _STRING_TAG
        self.counts: dict[bytes, int] = {}

    def feed(self, data: bytes) -> None:
        for found in self.pattern.finditer(data):
            name = found.group(1) if self.pattern is _STYLE_TAG else b"si"
            self.counts[name] = self.counts.get(name, 0) + 1
            if self.counts[name] > self.limit:
                raise FileUnreadable(self.reason, f"{self.part}: > {self.limit:,} {name.decode()}")


# --------------------------------------------------------------------------- OLE files: .xls or encrypted


def _ole_is_encrypted(handle: BinaryIO, max_size: int) -> bool:
    """Whether an OLE compound file is an encrypted OOXML workbook (a stream named EncryptedPackage or
    EncryptionInfo in its directory), rather than an old .xls. The directory is walked through the FAT; a
    file whose structure cannot be followed is searched (up to max_size bytes) for those names."""
    try:
        names = _ole_directory_names(handle)
    except (ValueError, OSError, struct.error):
        names = None
    if names is not None:
        return any(name in names for name in _ENCRYPTED_STREAMS)
    handle.seek(0)
    marks = [name.encode("utf-16-le") for name in _ENCRYPTED_STREAMS]
    tail, read = b"", 0
    while read < max_size and (chunk := handle.read(_CHUNK)):
        read += len(chunk)
        if any(mark in tail + chunk for mark in marks):
            return True
        tail = chunk[-64:]
    return False


def _ole_directory_names(handle: BinaryIO) -> set[str]:
    handle.seek(0)
    header = handle.read(512)
    if len(header) < 512:
        raise ValueError("short OLE header")
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        raise ValueError("odd sector size")
    size = 1 << shift
    handle.seek(0, 2)
    sectors = handle.tell() // size
    fat_count, first_directory = struct.unpack_from("<II", header, 0x2C)
    difat_first, difat_count = struct.unpack_from("<II", header, 0x44)
    fat_sectors = list(struct.unpack_from("<109I", header, 0x4C))[:min(fat_count, 109)]
    sector, seen = difat_first, 0
    while len(fat_sectors) < fat_count and sector < sectors and seen < difat_count:
        entries = struct.unpack(f"<{size // 4}I", _sector(handle, sector, size))
        fat_sectors.extend(entries[:-1])
        sector, seen = entries[-1], seen + 1
    fat_sectors = fat_sectors[:fat_count]
    per_sector = size // 4

    def next_sector(current: int) -> int:
        index, offset = divmod(current, per_sector)
        if index >= len(fat_sectors) or fat_sectors[index] >= sectors:
            raise ValueError("FAT out of range")
        return struct.unpack_from("<I", _sector(handle, fat_sectors[index], size), offset * 4)[0]

    names: set[str] = set()
    sector, visited = first_directory, set()
    while sector < sectors and len(visited) < OLE_DIRECTORY_SECTORS and sector not in visited:
        visited.add(sector)
        data = _sector(handle, sector, size)
        for offset in range(0, size, 128):
            length = struct.unpack_from("<H", data, offset + 0x40)[0]
            if 2 <= length <= 64:
                names.add(data[offset:offset + length - 2].decode("utf-16-le", errors="replace"))
        sector = next_sector(sector)
    if not visited:
        raise ValueError("no directory")
    return names


def _sector(handle: BinaryIO, number: int, size: int) -> bytes:
    handle.seek((number + 1) * size)
    data = handle.read(size)
    if len(data) < size:
        raise ValueError("short sector")
    return data


def open_values(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> Any:
    """A streaming read-only view (cached values and number formats) for checking: fast, bounded memory."""
    from .fastread import FastWorkbook

    inspection = inspect(path, max_size, keep=True)
    try:
        workbook = FastWorkbook(path)
    except READ_ERRORS as exc:
        raise FileUnreadable(_reason_for(exc), _short(exc)) from exc
    workbook.links = inspection.links
    workbook.checked = inspection.sheets  # the sheets' bytes the check read: not decompressed again
    return workbook


# SyntaxError covers xml.etree's ParseError; defusedxml's refusals are ValueErrors
READ_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, SyntaxError, OSError, EOFError,
               RuntimeError, ExpatError, zlib.error)


def unreadable_from(exc: Exception) -> FileUnreadable:
    return FileUnreadable(_reason_for(exc), _short(exc))


def _reason_for(exc: Exception) -> str:
    name = type(exc).__name__
    if name in ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "NotSupportedError"):
        return "xml-attack"
    return "corrupt"


def _short(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cycle collector while openpyxl builds or writes a workbook (a tenth of the time on a big one)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
