"""The styles part: entries appended only, identical ones reused; derived cell styles cached."""

from __future__ import annotations

import copy
import posixpath
import re
from typing import TYPE_CHECKING

from lxml import etree

from ....core.numformats import BUILTIN_FORMATS
from .ooxml import _PARSER, CT_STYLES, MAIN_TRANSITIONAL, _insert_in_order, _local, _q

if TYPE_CHECKING:
    from .patch import _Context

_BUILTIN_BY_CODE = {code: num for num, code in BUILTIN_FORMATS.items()}

_STYLES_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                 "tableStyles", "colors", "extLst"]
_FONT_ORDER = {name: i for i, name in enumerate(
    ["b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name",
     "family", "charset", "scheme"])}


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



def _key(el: etree._Element) -> tuple:
    """Identity of a styles entry: tag, attributes, text, children (whitespace between elements ignored)."""
    return (el.tag, tuple(sorted(el.attrib.items())), (el.text or "").strip(),
            tuple(_key(child) for child in el if isinstance(child.tag, str)))


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
        self._lists: dict[str, list[etree._Element]] = {}  # the entries of each collection (appended to only)
        self._fill_xml: dict[int, str] = {}

    def _collection(self, local: str, create: bool = True) -> etree._Element | None:
        el = self.root.find(_q(self.ns, local))
        if el is None and create:
            el = etree.Element(_q(self.ns, local), {"count": "0"})
            _insert_in_order(self.root, el, _STYLES_ORDER)
            self.xml.dirty = True
        return el

    def _entries(self, local: str) -> list[etree._Element]:
        entries = self._lists.get(local)
        if entries is None:
            collection = self._collection(local, create=False)
            entries = [] if collection is None else [el for el in collection if isinstance(el.tag, str)]
            self._lists[local] = entries
        return entries

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
        entries = self._entries(local)
        index = len(entries)
        collection.append(entry)
        entries.append(entry)
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
        known = self._fill_xml.get(style)
        if known is None:
            known = self._fill_xml_of(style)
            if 0 <= style < self.xf_count():  # a style out of range stands for the first one, until appended
                self._fill_xml[style] = known
        return known

    def _fill_xml_of(self, style: int) -> str:
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

    def derived(self, style: int, number_format: str | None, fill: str | None, fill_xml: str | None = None,
                shrink: bool = False) -> int:
        """The cellXfs index of `style` with a number format (only over General), a solid fill (or a given
        `<fill>`) and shrink to fit applied."""
        cache_key = (style, number_format, fill, fill_xml, shrink)
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
        if shrink and _shrink_to_fit(xf, self.ns):
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


def _shrink_to_fit(xf: etree._Element, ns: str) -> bool:
    """Give `xf` shrink to fit, without wrap (Excel ignores shrink on a wrapped cell, and a number never wraps:
    it shows "###"); True when that changed it. `<alignment>` is the xf's first child (CT_Xf)."""
    alignment = xf.find(_q(ns, "alignment"))
    if alignment is None:
        alignment = etree.Element(_q(ns, "alignment"))
        xf.insert(0, alignment)
    elif alignment.get("shrinkToFit") in ("1", "true") and alignment.get("wrapText") not in ("1", "true"):
        return False
    alignment.set("shrinkToFit", "1")
    alignment.attrib.pop("wrapText", None)
    xf.set("applyAlignment", "1")
    return True


_MINIMAL_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<styleSheet xmlns="{ns}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
