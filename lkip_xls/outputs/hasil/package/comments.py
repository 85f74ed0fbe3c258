"""Legacy comments of a sheet: the comments part and its VML drawing, stripped, added and removed."""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from lxml import etree

from .ooxml import (
    CT_COMMENTS,
    CT_VML,
    MAIN_TRANSITIONAL,
    O_NS,
    V_NS,
    X_NS,
    XML_SPACE,
    _insert_in_order,
    _local,
    _q,
    _XmlPart,
    _xstring,
)
from .parts import _Rel, _rels_name
from .refs import col_letters, split_ref
from .sheet import _SHEET_ORDER

if TYPE_CHECKING:
    from .patch import _Context

_SHAPE_ID = re.compile(r"^_x0000_s(\d+)$")
_LEGACY_DRAWING = re.compile(rb"<(?:[\w.-]+:)?legacyDrawing\b[^>]*?\bid\s*=\s*[\"']([^\"']+)")


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
