"""The patch run: sheets dropped, cells patched, comments stripped and written, sheets added."""

from __future__ import annotations

import re
from decimal import Decimal
from operator import itemgetter
from pathlib import Path

from .comments import _SheetComments
from .interface import CellPatch, Patch, PatchResult
from .newsheet import _text
from .ooxml import CT_WORKSHEET, _number_text, _xstring
from .parts import _Package
from .refs import col_letters, split_ref
from .sheet import _set_cell_attribute, _Sheet, rehome_shared, write_value
from .splice import _SplicedSheet, cell_bytes, rewritten_cell, spliced_sheet
from .styles import _Styles
from .workbook import _Workbook, add_sheet, drop_sheet, holds_formula, select, set_recalc


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
        recalc = patch.recalc or (patch.recalc_if_formulas and self._any_formula())
        for name in patch.drop_sheets:
            drop_sheet(self, name)
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
            add_sheet(self, new)
        selected = [new for new in patch.new_sheets if new.selected]
        if selected:
            select(self, selected[-1].name)
        if recalc:
            set_recalc(self)
        for sheet in self.sheets.values():
            sheet.widen_dimension()

    def _any_formula(self) -> bool:
        """`has_formulas` on the source: whether a worksheet part holds a formula."""
        return any(part in self.pkg.original and holds_formula(self.pkg.read_original(part))
                   for part in self.workbook.sheets().values())

    def _patch_sheet(self, name: str, part: str, cells: dict[str, CellPatch],
                     comments: _SheetComments | None) -> None:
        sheet = self.sheets.get(part)
        if sheet is None:
            sheet = spliced_sheet(self.pkg, part)
            if sheet is not None:
                self.sheets[part] = sheet
            else:
                sheet = self.sheet(part)
        cells = sheet.to_anchors(cells)
        styles_needed = any(p.fill or p.fill_xml or p.number_format or p.percent or p.shrink
                            or p.style is not None for p in cells.values())
        styles = self.styles if styles_needed else None
        removed_masters: dict[str, tuple[int, int, str]] = {}
        ordered = sorted(((split_ref(ref), ref, p) for ref, p in cells.items()), key=itemgetter(0))
        needing = [item for item in ordered if _needs_cell(item[2])]  # a comment alone needs no <c>
        spliced = isinstance(sheet, _SplicedSheet)
        appendable: dict[int, bytes] = {}
        existing_cells: dict[int, dict] = {}
        if spliced:
            sheet.plan([position for position, _ref, _p in needing])
            appendable, existing_cells = sheet.appendable, sheet.existing
        derived: dict[tuple, int] = {}  # (style, the patch's style fields) -> the style the cell ends with
        percent_styles: dict[int, bool] = {}  # style -> whether a percentage written there is its fraction
        column_styles: dict[int, int] = {}  # column -> the style a new cell of a plain row takes
        for (row, col), ref, cell_patch in needing:
            if row in appendable:
                # the spliced rows: the cell's bytes written here (the thousands of cells of computed columns)
                in_row = existing_cells.get(row)
                existing = in_row.get(col) if in_row else None
                if existing is not None:  # a plain cell rewritten in place (a second run's computed cells)
                    attributes = existing[2]
                    old_style = None
                    for key, value in attributes:
                        if key == b"s":
                            old_style = value.decode()
                            break
                    style = self._derived(name, ref, cell_patch, int(old_style or 0), styles, derived)
                    new_style = str(style).encode() if (style or old_style is not None) \
                        and str(style) != old_style else None
                    written = _written(self._value(cell_patch, style, styles, percent_styles)) \
                        if cell_patch.write_value else None
                    sheet.replace(row, col, rewritten_cell(attributes, existing[3], new_style, written))
                    continue
                plain_row = b"customFormat" not in appendable[row]
                base = column_styles.get(col) if plain_row else None
                if base is None:
                    base = sheet.new_style(row, col)
                    if plain_row:
                        column_styles[col] = base
                style = self._derived(name, ref, cell_patch, base, styles, derived)
                value = cell_patch.value
                if cell_patch.write_value and type(value) is Decimal:  # the usual value: `_written`, in short
                    number = _number_text(self._value(cell_patch, style, styles, percent_styles))
                    kind, content = None, f"<v>{number}</v>"
                elif cell_patch.write_value:
                    kind, content = _written(self._value(cell_patch, style, styles, percent_styles))
                else:
                    kind, content = None, ""
                keep = base or style != 0  # as _set_cell_attribute would leave `s`
                sheet.append(row, col, cell_bytes(f"{col_letters(col)}{row}", str(style) if keep else None,
                                                  kind, content))
                continue
            c, created = sheet.cell(row, col)
            old_style = c.get("s")
            style = self._style(name, ref, cell_patch, int(old_style or 0), styles)
            if (style or old_style is not None) and str(style) != old_style:
                _set_cell_attribute(c, "s", str(style))
                sheet.xml.dirty = True
            if created:
                sheet.xml.dirty = True
            if cell_patch.write_value:
                value = self._value(cell_patch, style, styles)
                if write_value(sheet, c, value, row, col, removed_masters):
                    self.formula_removed = True
                sheet.xml.dirty = True
        if removed_masters:
            rehome_shared(sheet, removed_masters)
        wanted = [(row, col, p.comment) for (row, col), _ref, p in ordered if p.comment]
        if comments is None and wanted:
            comments = _SheetComments(self, name, part)
        if comments is not None:
            for row, col, text in wanted:
                comments.set_comment(row, col, text, self.patch.comment_author)
            comments.finish()

    def _style(self, name: str, ref: str, cell_patch: CellPatch, style: int, styles: _Styles | None) -> int:
        """The cellXfs index a patched cell ends with, from the one it has (fill, number format, shrink)."""
        if cell_patch.style is not None:
            if styles is None or not 0 <= cell_patch.style < styles.xf_count():
                raise ValueError(f"{name}!{ref}: no cell style {cell_patch.style}")
            style = cell_patch.style
        if styles is not None and cell_patch.fill and self.patch.on_fill is not None:
            self.patch.on_fill(name, ref, styles.fill_xml_of(style))
        if styles is not None and (cell_patch.fill or cell_patch.fill_xml or cell_patch.number_format
                                   or cell_patch.shrink):
            style = styles.derived(style, cell_patch.number_format, cell_patch.fill,
                                   None if cell_patch.fill else cell_patch.fill_xml, cell_patch.shrink)
        return style

    def _derived(self, name: str, ref: str, cell_patch: CellPatch, style: int, styles: _Styles | None,
                 known: dict[tuple, int]) -> int:
        """`_style`, remembered in `known` for each starting style and style fields of a patch: the same for the
        thousands of cells of a computed column (`_style` depends on nothing else: `derived` keeps its results,
        and a valid `CellPatch.style` stays valid as styles are only appended); the fill a cell loses is still
        reported for each cell."""
        key = (style, cell_patch.style, cell_patch.fill, cell_patch.fill_xml, cell_patch.number_format,
               cell_patch.shrink)
        found = known.get(key)
        if found is None:
            found = known[key] = self._style(name, ref, cell_patch, style, styles)
        elif styles is not None and cell_patch.fill and self.patch.on_fill is not None:
            first = cell_patch.style if cell_patch.style is not None else style
            self.patch.on_fill(name, ref, styles.fill_xml_of(first))
        return found

    @staticmethod
    def _value(cell_patch: CellPatch, style: int, styles: _Styles | None,
               percent_styles: dict[int, bool] | None = None):
        """The value written: a percentage into a %-formatted cell as its fraction (`percent_styles` remembers
        `styles.percent_style` for a patch of thousands of cells)."""
        value = cell_patch.value
        if not cell_patch.percent or value is None or styles is None:
            return value
        if type(value) is Decimal:
            percent = percent_styles.get(style) if percent_styles is not None else None
            if percent is None:
                percent = styles.percent_style(style)
                if percent_styles is not None:
                    percent_styles[style] = percent
            return value.scaleb(-2) if percent else value
        if not isinstance(value, str | bool) and styles.percent_style(style):
            value = (value if isinstance(value, Decimal) else Decimal(str(value))).scaleb(-2)
        return value


def _written(value) -> tuple[str | None, str]:
    """The `t` and the content `write_value` gives a cell for `value` (escaped as libxml2 writes it)."""
    if value is None:
        return None, ""
    if isinstance(value, str):
        return "inlineStr", f'<is><t xml:space="preserve">{_text(_xstring(value))}</t></is>'
    return ("b" if isinstance(value, bool) else None), f"<v>{_number_text(value)}</v>"


def _needs_cell(cell_patch: CellPatch) -> bool:
    return bool(cell_patch.write_value or cell_patch.fill or cell_patch.fill_xml or cell_patch.number_format
                or cell_patch.shrink or cell_patch.style is not None)


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
