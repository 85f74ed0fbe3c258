"""The patch run: sheets dropped, cells patched, comments stripped and written, sheets added."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from .comments import _SheetComments
from .interface import CellPatch, Patch, PatchResult
from .ooxml import CT_WORKSHEET
from .parts import _Package
from .refs import split_ref
from .sheet import _set_cell_attribute, _Sheet, rehome_shared, write_value
from .styles import _Styles
from .workbook import _Workbook, add_sheet, drop_sheet, select, set_recalc


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
        if patch.recalc:
            set_recalc(self)
        for sheet in self.sheets.values():
            sheet.widen_dimension()

    def _patch_sheet(self, name: str, part: str, cells: dict[str, CellPatch],
                     comments: _SheetComments | None) -> None:
        sheet = self.sheet(part)
        cells = sheet.to_anchors(cells)
        styles_needed = any(p.fill or p.fill_xml or p.number_format or p.percent or p.shrink
                            or p.style is not None for p in cells.values())
        styles = self.styles if styles_needed else None
        removed_masters: dict[str, tuple[int, int, str]] = {}
        ordered = sorted(((split_ref(ref), ref, p) for ref, p in cells.items()), key=lambda item: item[0])
        for (row, col), ref, cell_patch in ordered:
            if not (cell_patch.write_value or cell_patch.fill or cell_patch.fill_xml or cell_patch.number_format
                    or cell_patch.shrink or cell_patch.style is not None):
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
            if styles is not None and (cell_patch.fill or cell_patch.fill_xml or cell_patch.number_format
                                       or cell_patch.shrink):
                style = styles.derived(style, cell_patch.number_format, cell_patch.fill,
                                       None if cell_patch.fill else cell_patch.fill_xml, cell_patch.shrink)
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
