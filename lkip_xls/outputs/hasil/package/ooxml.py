"""OOXML basics: namespaces, content types, safe parsing, one XML part, text and numbers as OOXML writes them."""

from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

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
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")

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


def _xstring(text: str) -> str:
    """Text for an OOXML string: `_xHHHH_` protected, characters XML forbids escaped Excel's way."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _ILLEGAL_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _number_text(value: Decimal | int | float) -> str:
    if type(value) is not Decimal:  # a Decimal, the usual value, goes straight to its text
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
