"""One worksheet: rows and cells found or created in order, values written, shared formulas re-homed."""

from __future__ import annotations

import bisect
import re

from lxml import etree

from .interface import CellPatch
from .ooxml import MAIN_TRANSITIONAL, XML_SPACE, _insert_in_order, _local, _number_text, _q, _XmlPart, _xstring
from .refs import col_letters, shift_formula, split_ref

# Worksheet children in schema order (CT_Worksheet).
_SHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
]

_CELL_ATTRIBUTES = {"r": 0, "s": 1, "t": 2, "cm": 3, "vm": 4, "ph": 5}


def _set_cell_attribute(c: etree._Element, name: str, value: str) -> None:
    """Set an attribute of <c>, keeping Excel's attribute order (r, s, t, cm, vm, ph) when it is new."""
    attrib = c.attrib
    if name in attrib:
        c.set(name, value)
        return
    rank = _CELL_ATTRIBUTES.get(name, 9)
    if all(_CELL_ATTRIBUTES.get(key, 9) <= rank for key in attrib.keys()):  # it goes last: no reordering
        c.set(name, value)
        return
    items = list(attrib.items()) + [(name, value)]
    items.sort(key=lambda item: _CELL_ATTRIBUTES.get(item[0], 9))
    c.attrib.clear()
    for key, item in items:
        c.set(key, item)


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
            appended = self._append_after_last(row_el, row, col)
            if appended is not None:
                return appended, True
            entry = self._row_cells(row_el, row)
        numbers, cells = entry
        c = cells.get(col)
        if c is not None:
            return c, False
        c = row_el.makeelement(self.q("c"), {"r": f"{col_letters(col)}{row}"})
        self._style_new(c, row_el, col)
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
        self._created(row_el, row, col)
        return c, True

    def _row_cells(self, row_el: etree._Element, row: int) -> tuple[list[int], dict[int, etree._Element]]:
        """The cells of a row by column (an `r` given to those without)."""
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
        return entry

    def _append_after_last(self, row_el: etree._Element, row: int, col: int) -> etree._Element | None:
        """A new last cell of a row whose last child is a cell left of `col` (the usual case of a computed
        column after the agency's): created without indexing the row's cells (their proxies cost memory)."""
        last = row_el[-1] if len(row_el) else None
        if last is None or last.tag != self.q("c"):
            return None
        ref = last.get("r")
        if not ref or split_ref(ref)[0] != row or split_ref(ref)[1] >= col:
            return None
        c = etree.SubElement(row_el, self.q("c"), {"r": f"{col_letters(col)}{row}"})
        self._style_new(c, row_el, col)
        self._created(row_el, row, col)
        return c

    def _style_new(self, c: etree._Element, row_el: etree._Element, col: int) -> None:
        """A new cell takes its row's style when the row has one, else its column's."""
        if row_el.get("customFormat") in ("1", "true") and row_el.get("s"):
            style = int(row_el.get("s"))
        else:
            style = self._column_style(col)
        if style:
            c.set("s", str(style))

    def _created(self, row_el: etree._Element, row: int, col: int) -> None:
        self._widen_spans(row_el, col)
        if self.min_max is None:
            self.min_max = [row, col, row, col]
        else:
            box = self.min_max
            box[:] = [min(box[0], row), min(box[1], col), max(box[2], row), max(box[3], col)]

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


def write_value(sheet: _Sheet, c: etree._Element, value, row: int, col: int,
                removed_masters: dict[str, tuple[int, int, str]]) -> bool:
    """Write a value into <c>, replacing its formula; True when it held one (see Formula cells)."""
    ns = sheet.ns
    removed = False
    anchor = None
    if len(c):  # a cell just created has no children: nothing to find or remove
        formula = c.find(_q(ns, "f"))
        removed = formula is not None
        if formula is not None:
            if formula.get("t") == "shared" and formula.get("si") is not None and (formula.text or "").strip():
                removed_masters[formula.get("si")] = (row, col, formula.text)
        for child in list(c):
            if _local(child) in ("f", "v", "is"):
                c.remove(child)
        anchor = c.find(_q(ns, "extLst"))
    attrib = c.attrib
    for attribute in ("t", "cm", "vm"):
        if attribute in attrib:
            del attrib[attribute]
    if value is None:
        return removed
    if isinstance(value, str):
        _set_cell_attribute(c, "t", "inlineStr")
        holder = etree.Element(_q(ns, "is"))
        t = etree.SubElement(holder, _q(ns, "t"), {XML_SPACE: "preserve"})
        t.text = _xstring(value)
    else:
        if isinstance(value, bool):
            _set_cell_attribute(c, "t", "b")
        if anchor is None:
            etree.SubElement(c, _q(ns, "v")).text = _number_text(value)
            return removed
        holder = etree.Element(_q(ns, "v"))
        holder.text = _number_text(value)
    if anchor is not None:
        anchor.addprevious(holder)
    else:
        c.append(holder)
    return removed


def rehome_shared(sheet: _Sheet, removed: dict[str, tuple[int, int, str]]) -> None:
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
