"""Opening untrusted workbooks safely: what a package may make lkip-xls read or allocate is checked before any
XML is parsed."""

from __future__ import annotations

import gc
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from ..core.errors import FileUnreadable
from . import sniff

DEFAULT_MAX_SIZE = 200 * 1024 * 1024  # declared uncompressed size of all parts of a workbook
MAX_MEMBERS = 10_000
MAX_ROWS = 200_000  # per sheet, by its declared dimension
MAX_COLUMNS = 2_000

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


def inspect(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> None:
    """Refuse what is not a plain, reasonably sized .xlsx/.xlsm before any XML is parsed."""
    if not path.exists():
        raise FileUnreadable("not-found", str(path))
    if not path.is_file():
        raise FileUnreadable("not-a-file", str(path))
    with path.open("rb") as handle:
        head = handle.read(8)
        if head == _OLE_MAGIC:
            handle.seek(0)
            if _ENCRYPTED_MARK in handle.read(1024 * 1024):
                raise FileUnreadable("encrypted")
            raise FileUnreadable("xls")
    sniff.check(path)  # a web page saved as .xls, a Strict Open XML workbook: said in words an agency can act on
    if not head.startswith(_ZIP_MAGICS):
        raise FileUnreadable("not-xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if len(members) > MAX_MEMBERS:
                raise FileUnreadable("too-large", f"{len(members)} parts")
            declared = sum(m.file_size for m in members)
            if declared > max_size:  # before any member is read: a bomb is refused by what it declares
                raise FileUnreadable("too-large", f"{declared / 1024 / 1024:.0f} MB > {max_size / 1024 / 1024:.0f} MB")
            if "mimetype" in names:
                with archive.open("mimetype") as stream:
                    if b"opendocument" in stream.read(200):
                        raise FileUnreadable("ods")
            if "[Content_Types].xml" not in names:
                raise FileUnreadable("not-xlsx")
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(member) as stream:
                        head = stream.read(HEAD_SIZE)
                    _refuse_doctype(member, head)
                    _refuse_huge_dimension(member, head)
    except zipfile.BadZipFile as exc:
        raise FileUnreadable("corrupt", str(exc)) from exc
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:  # truncated members, odd compression
        raise FileUnreadable("corrupt", str(exc) or type(exc).__name__) from exc


HEAD_SIZE = 4096  # bytes of each XML part read before parsing: its prolog and the start of its root element


def _refuse_doctype(member: zipfile.ZipInfo, head: bytes) -> None:
    """No part of an OOXML package needs a DTD: one that has it is an entity attack (billion laughs, XXE).
    A DTD can only stand before the root element, so a part whose root element has not begun within its
    first HEAD_SIZE bytes (a prolog padded with a long comment, say) is refused too: not every parser
    openpyxl uses refuses a DTD itself."""
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise FileUnreadable("xml-attack", member.filename)
    if len(head) >= HEAD_SIZE and not _root_begins(head):
        raise FileUnreadable("xml-attack", f"{member.filename}: no root element in its first {HEAD_SIZE} bytes")


def _root_begins(head: bytes) -> bool:
    """Whether the root element's start tag begins in `head`, after the XML declaration, comments,
    processing instructions and white space."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, rare but allowed
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
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


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')


def _refuse_huge_dimension(member: zipfile.ZipInfo, head: bytes) -> None:
    """A worksheet declares its used range near its start: refuse a million rows before openpyxl builds them."""
    if not member.filename.startswith("xl/worksheets/"):
        return
    found = _DIMENSION.search(head)
    if found:
        columns = 0
        for char in found.group(1).decode():
            columns = columns * 26 + ord(char) - 64
        rows = int(found.group(2))
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            raise FileUnreadable("too-many-cells", f"{member.filename}: {rows} x {columns}")


def load(path: Path, *, read_only: bool, data_only: bool, max_size: int = DEFAULT_MAX_SIZE) -> Any:
    """An openpyxl workbook, or FileUnreadable; macros of an .xlsm are kept for writing back."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    inspect(path, max_size)
    keep_vba = path.suffix.lower() == ".xlsm" and not read_only
    try:
        with warnings.catch_warnings():  # openpyxl warns about parts it skips; `preserve` puts them back
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=read_only, data_only=data_only, keep_vba=keep_vba,
                                              keep_links=True)
    except FileUnreadable:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError,
            IndexError, OSError, EOFError, SyntaxError) as exc:
        # SyntaxError covers xml.etree's ParseError; defusedxml's refusals are ValueErrors.
        raise FileUnreadable(_reason_for(exc), _short(exc)) from exc
    _check_dimensions(workbook)
    return workbook


def open_values(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> Any:
    """A streaming read-only view (cached values and number formats) for checking: fast, bounded memory."""
    from .fastread import FastWorkbook

    inspect(path, max_size)
    try:
        return FastWorkbook(path)
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError, OSError, EOFError) as exc:
        raise FileUnreadable(_reason_for(exc), _short(exc)) from exc


# SyntaxError covers xml.etree's ParseError; defusedxml's refusals are ValueErrors
READ_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, SyntaxError, OSError, EOFError,
               RuntimeError, ExpatError)


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


def _check_dimensions(workbook: Any) -> None:
    for worksheet in workbook.worksheets:
        max_row = getattr(worksheet, "max_row", 0) or 0
        max_column = getattr(worksheet, "max_column", 0) or 0
        if max_row > MAX_ROWS or max_column > MAX_COLUMNS:
            raise FileUnreadable("too-many-cells", f"{worksheet.title}: {max_row} x {max_column}")


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
