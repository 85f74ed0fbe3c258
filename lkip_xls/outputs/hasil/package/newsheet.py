"""The XML of a new sheet (cells, styles, views, filters, links, page setup)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lxml import etree

from .interface import NewCell, NewSheet
from .ooxml import _ILLEGAL_XML, MAX_COL, MAX_ROW, _number_text, _q, _xstring
from .refs import col_letters

if TYPE_CHECKING:
    from .patch import _Context


def sheet_xml(ctx: _Context, new: NewSheet) -> bytes:
    """The worksheet part of a new sheet, its cell styles appended to the styles part."""
    ns, relns = ctx.workbook.ns, ctx.workbook.relns
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
    etree.SubElement(root, q("sheetData"))
    data, links = _sheet_data(ctx, new)
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
    head, _, tail = etree.tostring(root, encoding="UTF-8", xml_declaration=False).partition(b"<sheetData/>")
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + head + data + tail


def _sheet_data(ctx: _Context, new: NewSheet) -> tuple[bytes, list[tuple[str, str]]]:
    """The `<sheetData>` of a new sheet, written as text (the same bytes lxml would give, many times faster:
    a state sheet has tens of thousands of cells), and the cells' links."""
    out = ["<sheetData>"]
    links = []
    style_cache: dict[tuple, int] = {}
    for row in sorted(new.rows):
        cells = new.rows[row]
        height = new.heights.get(row)
        opening = f'<row r="{row}" ht="{_number_text(Decimal(str(height)))}" customHeight="1"' if height else \
            f'<row r="{row}"'
        if not cells:
            out.append(opening + "/>")
            continue
        out.append(opening + ">")
        for col in sorted(cells):
            cell = cells[col]
            ref = f"{col_letters(col)}{row}"
            style = _new_cell_style(ctx, cell, style_cache) \
                if cell.bold or cell.color or cell.fill or cell.wrap or cell.underline else 0  # the state's cells
            start = f'<c r="{ref}" s="{style}"' if style else f'<c r="{ref}"'
            value = cell.value
            if isinstance(value, str):
                out.append(f'{start} t="inlineStr"><is><t xml:space="preserve">{_text(_xstring(value))}</t></is></c>')
            elif value is None:
                out.append(start + "/>")
            elif isinstance(value, bool):
                out.append(f'{start} t="b"><v>{_number_text(value)}</v></c>')
            else:
                out.append(f"{start}><v>{_number_text(value)}</v></c>")
            if cell.link:
                links.append((ref, cell.link))
        out.append("</row>")
    out.append("</sheetData>")
    return "".join(out).encode("utf-8"), links


def _text(text: str) -> str:
    """Text content escaped as libxml2 escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _new_cell_style(ctx: _Context, cell: NewCell, cache: dict[tuple, int]) -> int:
    key = (cell.bold, cell.color, cell.fill, cell.wrap, cell.underline)
    if not any(key):
        return 0
    if key not in cache:
        styles = ctx.styles
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
