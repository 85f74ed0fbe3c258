"""What a caller builds: the patch (see the package docstring for what each field does)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)  # tens of thousands of them in a big patch
class CellPatch:
    value: Decimal | int | str | None = None
    write_value: bool = False
    percent: bool = False
    number_format: str | None = None
    fill: str | None = None
    comment: str | None = None
    style: int | None = None  # addition: set this cellXfs index first (e.g. to restore a style an earlier run kept)
    fill_xml: str | None = None  # addition: a `<fill>` element (no namespace) to give the cell, e.g. its own
                                 # fill back, as `Patch.on_fill` reported it when an earlier run replaced it
    shrink: bool = False  # addition: shrink to fit (and no wrap): a value wider than its column never shows "###"


@dataclass(slots=True)
class NewCell:
    value: Decimal | int | str | None
    bold: bool = False
    color: str | None = None
    fill: str | None = None
    wrap: bool = False
    link: str | None = None
    underline: bool = False


@dataclass
class NewSheet:
    name: str
    rows: dict[int, dict[int, NewCell]]
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)  # row -> height in points (wrapped text)
    state: str = "visible"
    position: int | None = None
    freeze_row: int | None = None
    autofilter: str | None = None
    selected: bool = False
    landscape: bool = False
    fit_width: bool = False
    print_title_rows: str | None = None


@dataclass
class Patch:
    cells: dict[str, dict[str, CellPatch]] = field(default_factory=dict)
    new_sheets: list[NewSheet] = field(default_factory=list)
    drop_sheets: list[str] = field(default_factory=list)
    strip_comments_by: str | None = "lkip-xls"
    # addition: sheet -> cell -> text; a comment there whose whole text is that text is removed too, whoever its
    # author (LibreOffice re-saves every comment with a blank author)
    strip_comments_with: dict[str, dict[str, str]] = field(default_factory=dict)
    recalc: bool = False
    # addition: `recalc` when any worksheet of the source holds a formula (`has_formulas`, decided from the bytes
    # the patch reads anyway)
    recalc_if_formulas: bool = False
    comment_author: str = "lkip-xls"  # addition: the author of the comments this patch writes
    # addition: called as (sheet, ref, fill) with the cell's former `<fill>` (no namespace) whenever `fill`
    # replaces it, before the new sheets are written (so that a state sheet can record it)
    on_fill: Callable[[str, str, str], None] | None = None


@dataclass
class PatchResult:
    warnings: list[str] = field(default_factory=list)


