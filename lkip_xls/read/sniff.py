"""What a file that is not a plain .xlsx really is, said in words an agency can act on: a web page an
application saved as `.xls` (HTML, or the XML Spreadsheet 2003 of older exports), or a workbook Excel saved as
"Strict Open XML Spreadsheet", whose namespaces the package patch of `_hasil` does not speak."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..core.errors import FileUnreadable

HEAD = 2048
_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta)\b",
                   re.IGNORECASE | re.DOTALL)
_XML2003 = re.compile(rb"urn:schemas-microsoft-com:office:spreadsheet")
STRICT = b"purl.oclc.org/ooxml/"  # the namespaces and relationship types of Strict Open XML


def check(path: Path) -> None:
    """FileUnreadable("html" | "xml2003" | "strict") for those files; nothing for anything else (the guard
    judges the rest)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD)
    except OSError:
        return
    text = _decoded(head)
    if _HTML.match(text):
        raise FileUnreadable("html")
    if text.lstrip().startswith(b"<?xml") and _XML2003.search(text):
        raise FileUnreadable("xml2003")
    if head.startswith(b"PK") and _strict(path):
        raise FileUnreadable("strict")


def _decoded(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes: a UTF-8 BOM dropped, UTF-16 decoded."""
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    return head


def _strict(path: Path) -> bool:
    """Whether the package's root relationships point at a Strict Open XML workbook."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("_rels/.rels") as stream:
            return STRICT in stream.read(64 * 1024)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError, NotImplementedError):
        return False  # the guard says what is wrong with it
