"""Patch an .xlsx/.xlsm package in place of an openpyxl load-and-save: a generic, domain-free engine.

`apply_patch(source, target, patch)` copies the zip package of `source` to `target` and rewrites only the
parts that must change. It imports only the standard library, lxml and the table of built-in number
formats (`core.numformats`).

How parts are found
    Exactly as Excel finds them: `_rels/.rels` (officeDocument relationship) -> the workbook part, whatever
    its name -> its relationships -> worksheets, styles, calcChain; a sheet's relationships -> comments,
    VML drawing (the one its `<legacyDrawing r:id>` names), threaded comments. Content types come from
    `[Content_Types].xml` (Default by extension, Override by part). New parts get names that collide with no
    existing part (case-insensitively), fresh `rIdN` ids and an Override content type (or none when a
    Default for their extension already gives the right type).

What is copied byte for byte
    Every part that is not changed is copied with its compressed bytes untouched (the zip is written by a
    small writer here: local header, raw data, central directory; no recompression, no private zipfile API).
    Member order is kept, `[Content_Types].xml` is written first. A part that is removed and written again
    in the same run (an earlier run's own sheet, comments) keeps its former place in the member order.
    Changed and new parts are deflated. Parts with a DTD (`<!DOCTYPE`/`<!ENTITY`) are refused (ValueError),
    and XML is parsed with entity resolution, network access and DTD loading off.

Changed worksheets
    Only the patched `<c>` elements change (value, `t`, `s`; `cm`/`vm` metadata of a replaced value are
    dropped). A sheet part is rewritten only when one of its cells really changes, or its `<legacyDrawing>`,
    or its `tabSelected` (see Workbook); a patch with only a comment needs no `<c>` and creates none.
    A missing cell is created in column order, a missing row in row order; a new cell takes the
    row's style when the row has `customFormat="1"`, else its column's style. `<dimension ref>` is widened
    (never narrowed) when a new cell falls outside it, and a row's single-range `spans` hint likewise.
    Rows or cells written without an `r` attribute get an explicit one in the rows that are patched.
    Everything else is re-serialised by lxml from the parsed tree: same elements, attributes, prefixes and
    namespace declarations; the original XML declaration bytes are kept verbatim. A big sheet (`splice`)
    is cut into rows by a byte scan first: only the patched rows that need it are parsed, cells new after a
    row's last cell and existing plain cells are written as text, and every other row keeps its bytes (the
    same XML as the tree gives, canonically: tests/test_package_splice.py).
    `<legacyDrawing>` is added or removed when comments are added or all removed.
    Text is written as an inline string (`t="inlineStr"`), never into sharedStrings; text beginning with
    "=" is therefore never a formula. Characters XML 1.0 forbids are written as `_xHHHH_`, and a literal
    `_xHHHH_` in the text is protected as `_x005F_xHHHH_` (Excel's own convention). Numbers are written in
    Decimal's plain notation, trailing fractional zeros removed (no exponent, never through float).

Formula cells (the choice documented here)
    A formula is never overwritten silently by a cached value: when `write_value` is asked for a cell that
    holds a formula, the formula is REPLACED by the value (the computed columns are lkip-xls's own, and the
    product promises values, not formulas). Then `xl/calcChain.xml` (its relationship and Override) is
    removed, since it would list a cell that no longer has a formula. When the replaced cell is the master
    of a shared formula, every other cell of that group that keeps its formula gets the master's formula
    translated to its own position (relative references shifted) as an ordinary formula, so that nothing
    depends on the removed master. A patch that only restyles or comments a formula cell keeps `<f>` and
    its cached `<v>` untouched. Writing into a non-anchor cell of an array formula range is not prevented.

Percent
    `percent=True` divides the value by 100 (exactly, Decimal.scaleb) when the cell's number format, after
    `number_format` has been applied if it was, is a percentage format (a `%` outside quotes, brackets and
    escapes). `CellPatch.style` (an addition) sets a cellXfs index before fill and number format apply.

Styles
    cellXfs, fonts, fills and numFmts entries are only appended (their `count` updated); an identical
    existing entry is reused instead, so applying a patch to its own output appends nothing. A new number
    format gets a numFmtId >= 164 not in use; built-in codes use their built-in id. dxfs, cellStyleXfs,
    cellStyles, colors and extLst are untouched. `CellPatch.shrink` (an addition) gives the derived style
    `<alignment shrinkToFit="1">` without `wrapText`, so that a number wider than its column shrinks rather
    than shows "###" (the column's width is the agency's and stays). A workbook without a styles part gets a minimal one
    (`styles.xml` beside the workbook part, the name openpyxl reads).

Comments
    Legacy comments part + VML drawing (shapes `_x0000_sN`, Note client data, zero-based row/column). A
    comment written by the patch has author `Patch.comment_author` ("lkip-xls"). A cell that already has
    another author's comment keeps it, and the patch's text is appended as one more run beginning with the
    separator "\\n\\n<author>:\\n". `strip_comments_by` first removes, on every sheet, the comments of that
    author and that separator's tail from other authors' comments (their text is otherwise kept exactly),
    with the VML Note shapes of removed comments; a sheet left without comments loses its comments part,
    its VML part when that holds nothing else (form controls stay) and has no relationships of its own,
    their relationships and Overrides and `<legacyDrawing>`. The unused author entry is removed when it is
    the last one (removing another would renumber the authorIds of other comments). Threaded comments, the
    persons part and the "[Threaded comment]" placeholder notes (author "tc={...}") are never touched; a
    cell with a threaded comment gets no legacy comment. An existing VML part (which may hold form
    controls) receives the new shapes, with shape ids after the highest in use; a new VML part uses an
    `o:idmap` block no other VML part of the package uses. A VML part lxml cannot parse is left alone:
    no comment of that sheet is added or stripped, and a warning is returned.

Workbook
    New sheets: unique sheetId and part name, rId, Override, inserted at `position` in `<sheets>`; every
    `localSheetId` at or after it is shifted, `activeTab`/`firstSheet` of every workbookView follow. A
    `selected` sheet becomes `activeTab` and `tabSelected` is removed from the other sheets' sheetViews
    (those sheet parts change only there). Dropped sheets lose their `<sheet>`, relationship, part, the
    part's relationships, every part reachable only from it, Overrides, defined names local to it (later
    `localSheetId`s shift down) and their workbookView indices follow; calcChain is removed as well when a
    dropped sheet held formulas. `recalc` sets `<calcPr fullCalcOnLoad="1">` (created in schema order);
    `recalc_if_formulas` (an addition) does so when a worksheet of the source holds a formula (as `has_formulas`
    says, from the bytes the patch reads: each member is decompressed once in a run).
    `docProps/app.xml` is left byte-identical (its TitlesOfParts is informative; Excel and LibreOffice
    rewrite it and do not check it), so after adding or dropping sheets it may list the former sheets.
    `.xlsm`: the vbaProject part, its relationship and the macro-enabled content type are copied untouched.

`apply_patch` returns a `PatchResult` (warnings); callers may ignore it.

Where each part of this lives
    `interface` (what callers build: Patch, CellPatch, NewSheet...), `patch` (the run), `zipio` (the zip
    writer and raw copy), `ooxml` (namespaces, parsing, an XML part, text and numbers as OOXML writes them),
    `refs` (cell references, shared formulas moved), `parts` (package, relationships, content types),
    `styles`, `sheet` (cells of a worksheet, values, shared formulas), `splice` (a big worksheet's rows patched
    as bytes), `comments` (comments and VML),
    `workbook` (sheets added and dropped, defined names, views, calcPr), `newsheet` (a new sheet's XML).
"""

from .interface import CellPatch, NewCell, NewSheet, Patch, PatchResult
from .patch import apply_patch
from .refs import col_letters, shift_formula, split_ref
from .styles import is_percent_format
from .workbook import has_formulas, read_package_sheets

__all__ = ["CellPatch", "NewCell", "NewSheet", "Patch", "PatchResult", "apply_patch", "col_letters", "has_formulas",
           "is_percent_format", "read_package_sheets", "shift_formula", "split_ref"]
