"""The Word draft NAME_lkip.docx (python-docx): the outline of `text.outline` laid out on A4 pages.

No sentence is written here: every word comes from the outline (the narrative's blocks, the outline's headings,
captions, placeholders and table cells). A block's kind picks its paragraph style from KIND_STYLES; a kind not
listed there is an ordinary paragraph, so a new kind of the narrative shows up without a change here. Agency text
is written as plain runs (never a field or a link); characters XML cannot hold are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..rules.analysis import Analysis
from ..text import outline as report
from ..text.narrative import Block
from . import metrics
from .files import write_atomically

PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)  # A4
MARGINS = (Cm(2.5), Cm(2), Cm(2.5), Cm(2))  # left, right, top, bottom
TABLE_FONT, WIDE_TABLE_FONT = Pt(9), Pt(7.5)  # the smaller font when the columns' words do not fit at 9 pt
LANDSCAPE_COLUMNS = 8  # a table of this many columns or more goes on landscape pages when, upright, its
LANDSCAPE_LINES = 3  # text would wrap to more than this many lines in a cell
OPENERS = frozenset({"chapter", "section", "heading"})  # the blocks that open a part a wide table belongs to
CELL_PADDING = Cm(0.45)  # the cell's margins (0,19 cm each side) and a little room
HEADER_FILL = "D9E2F3"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class KindStyle:
    style: str
    bold: bool = False
    italic: bool = False
    colour: RGBColor | None = None
    align: int | None = None
    highlight: bool = False
    page_break: bool = False  # a new page before it


KIND_STYLES: dict[str, KindStyle] = {
    "title": KindStyle("Title", align=WD_ALIGN_PARAGRAPH.CENTER),
    "subtitle": KindStyle("Subtitle", align=WD_ALIGN_PARAGRAPH.CENTER),
    "draft": KindStyle("Normal", bold=True, colour=RGBColor(0xC0, 0x00, 0x00)),
    "chapter": KindStyle("Heading 1", align=WD_ALIGN_PARAGRAPH.CENTER, page_break=True),
    "section": KindStyle("Heading 2"),
    "heading": KindStyle("Heading 3"),
    "paragraph": KindStyle("Normal", align=WD_ALIGN_PARAGRAPH.JUSTIFY),
    "bullet": KindStyle("List Bullet", align=WD_ALIGN_PARAGRAPH.JUSTIFY),
    "note": KindStyle("Normal", italic=True),
    "placeholder": KindStyle("Normal", italic=True, colour=RGBColor(0x80, 0x60, 0x00), highlight=True),
}
PLAIN = KindStyle("Normal", align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def plain(text: str) -> str:
    """Text as Word can hold it: control characters (which XML refuses) left out."""
    return _XML_INVALID.sub("", text)


def _page(document: Document) -> None:  # type: ignore[valid-type]
    _orient(document.sections[0], landscape=False)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        document.styles[name].font.name = "Arial"


def _orient(section: object, landscape: bool) -> None:
    """A4 upright or on its side, with the same margins (left and right stay the binding's)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    width, height = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    section.page_width, section.page_height = width, height  # type: ignore[attr-defined]
    (section.left_margin, section.right_margin,  # type: ignore[attr-defined]
     section.top_margin, section.bottom_margin) = MARGINS  # type: ignore[attr-defined]


def _usable_width(landscape: bool = False) -> int:
    return int((PAGE_HEIGHT if landscape else PAGE_WIDTH) - MARGINS[0] - MARGINS[1])


def is_wide(table: report.Table) -> bool:
    """A table of LANDSCAPE_COLUMNS or more whose text, on an upright page, would need more than LANDSCAPE_LINES
    lines in some cell (the indicator tables with Realisasi Tahun Lalu and Renstra); narrower ones stay upright,
    in the smaller font when they need it."""
    if len(table.header) < LANDSCAPE_COLUMNS:
        return False
    usable = _usable_width()
    size, widths = _font(table, usable), column_widths(table, usable)
    return any(text_width(row[index], size, number in table.bold_rows)
               > LANDSCAPE_LINES * (widths[index] - CELL_PADDING)
               for index in range(len(table.header)) if not table.numeric[index]
               for number, row in enumerate(table.rows))


def _wide_tables(items: list) -> list[int]:
    """The indexes of the tables printed on their side: the wide ones and, so that a chapter's run of such tables
    does not turn the page back and forth, every table of LANDSCAPE_COLUMNS or more in the same run (up to a
    narrower table or a chapter or section heading)."""
    found: list[int] = []
    run: list[int] = []
    any_wide = False
    for index, item in enumerate([*items, None]):
        ends = item is None or (isinstance(item, report.Table) and len(item.header) < LANDSCAPE_COLUMNS) or (
            isinstance(item, Block) and item.kind in ("chapter", "section"))
        if ends:
            found += run if any_wide else []
            run, any_wide = [], False
        elif isinstance(item, report.Table):
            run.append(index)
            any_wide = any_wide or is_wide(item)
    return found


def landscape_items(items: list) -> list[bool]:
    """Which of the outline's items go on landscape pages: every wide table, with the text of its part around it
    (from the heading that opens the part, or the table before it, to the next heading or table), so that a
    sasaran's sentences, its table and its placeholders stay on one kind of page."""
    landscape = [False] * len(items)
    for index in _wide_tables(items):
        landscape[index] = True
        start = index
        while start > 0 and isinstance(items[start - 1], Block) and not landscape[start - 1]:
            start -= 1
            if items[start].kind in OPENERS:
                break
        if start > 0 and isinstance(items[start - 1], Block) and items[start - 1].kind == "section" and \
                isinstance(items[start], Block) and items[start].kind == "heading":
            start -= 1  # the section's heading goes with its first part, never alone at the foot of a page
        end = index + 1
        while end < len(items) and isinstance(items[end], Block) and items[end].kind not in OPENERS:
            end += 1
        for inside in range(start, end):
            landscape[inside] = True
    return landscape


def _block(document: Document, block: Block, new_page: bool = False) -> None:  # type: ignore[valid-type]
    look = KIND_STYLES.get(block.kind, PLAIN)
    paragraph = document.add_paragraph(style=look.style)
    if look.page_break and len(document.paragraphs) > 1 and not new_page:  # a new section starts a page itself
        paragraph.paragraph_format.page_break_before = True
    if look.align is not None:
        paragraph.alignment = look.align
    run = paragraph.add_run(plain(block.text))
    run.bold = look.bold or None
    run.italic = look.italic or None
    if look.colour is not None:
        run.font.color.rgb = look.colour
    if look.highlight:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "FFF2CC")
        run._r.get_or_add_rPr().append(shading)


def _shade(cell: object, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)


def _font(table: report.Table, usable: int) -> Pt:  # type: ignore[valid-type]
    """9 pt, or 7,5 pt when the columns' longest words (headers included) do not fit the width at 9 pt."""
    return TABLE_FONT if sum(_needed(table, TABLE_FONT)[1]) <= usable else WIDE_TABLE_FONT


def _cell(cell: object, text: str, bold: bool, right: bool, size: Pt) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    run = paragraph.add_run(plain(text))
    run.font.size = size
    run.bold = bold or None


BOLD, MARGIN = metrics.BOLD, 1.05  # MARGIN covers kerning-free rounding and the odd wider glyph


def text_width(text: str, size: Pt, bold: bool = False) -> int:
    """How wide `text` prints at most (EMU) in the draft's sans-serif font (see outputs/metrics)."""
    return int(metrics.ems(text) * size * (BOLD if bold else 1.0) * MARGIN)


def _needed(table: report.Table, size: Pt) -> tuple[list[int], list[int]]:  # type: ignore[valid-type]
    """Per column: what its cells need (a figure whole, a text's longest word), and that or its header's longest
    word, whichever is wider."""

    def longest_word(text: str, bold: bool = False) -> int:
        return max((text_width(w, size, bold) for w in text.split()), default=0)

    cells, needed = [], []
    for index, header in enumerate(table.header):
        widest = max([text_width(row[index], size, bold=number in table.bold_rows) if table.numeric[index]
                      else longest_word(row[index], bold=number in table.bold_rows)
                      for number, row in enumerate(table.rows)], default=0) + CELL_PADDING
        cells.append(widest)
        needed.append(max(widest, longest_word(header, bold=True) + CELL_PADDING))
    return cells, needed


def column_widths(table: report.Table, usable: int) -> list[int]:
    """Widths (EMU) that fit the page: a figure column as wide as its longest figure, every column at least as
    wide as its longest word (the bold header's included), so that no word breaks; what is left goes to the text
    columns by their weight (`Table.widths`). Too wide for that, the headers' long words wrap first; too wide even
    so, every column shrinks alike."""
    cells, needed = _needed(table, _font(table, usable))
    flexible = [w if not table.numeric[i] else 0 for i, w in enumerate(table.widths)]
    weight = sum(flexible) or 1
    spare = usable - sum(needed)
    if spare >= 0:
        return [n + int(spare * flexible[i] / weight) for i, n in enumerate(needed)]
    spare = usable - sum(cells)
    if spare >= 0:  # the headers' long words wrap, the cells do not
        extra = [n - c for n, c in zip(needed, cells, strict=True)]
        return [c + int(spare * e / (sum(extra) or 1)) for c, e in zip(cells, extra, strict=True)]
    return [int(n * usable / sum(needed)) for n in needed]


def _table(document: Document, table: report.Table, landscape: bool = False) -> None:  # type: ignore[valid-type]
    caption = document.add_paragraph(style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    run = caption.add_run(plain(table.caption))
    run.bold = True
    run.italic = False
    run.font.size = Pt(10)
    run.font.color.rgb = RGBColor(0, 0, 0)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    usable = _usable_width(landscape)
    widths, size = column_widths(table, usable), _font(table, usable)
    for index, column in enumerate(grid.columns):
        column.width = widths[index]
    for index, text in enumerate(table.header):
        cell = grid.rows[0].cells[index]
        _cell(cell, text, True, False, size)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell, HEADER_FILL)
    _repeat_header(grid.rows[0])
    for number, values in enumerate(table.rows):
        row = grid.rows[number + 1]
        for index, text in enumerate(values):
            _cell(row.cells[index], text, number in table.bold_rows, table.numeric[index], size)
    for row in grid.rows:
        for index, cell in enumerate(row.cells):
            cell.width = widths[index]
    document.add_paragraph()  # room before the next paragraph


def _page_header(document: Document, text: str) -> None:  # type: ignore[valid-type]
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(plain(text))
    run.bold = True
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def build(draft: report.Outline) -> Document:  # type: ignore[valid-type]
    document = Document()
    _page(document)
    document.core_properties.title = plain(draft.title)
    document.core_properties.author = "lkip-xls"
    if draft.header:
        _page_header(document, draft.header)
    first = document.paragraphs[0] if document.paragraphs else None
    current = False  # landscape
    for item, landscape in zip(draft.items, landscape_items(draft.items), strict=True):
        new_page = landscape != current
        if new_page:  # a section of its own, the page header carried over
            _orient(document.add_section(WD_SECTION.NEW_PAGE), landscape)
            current = landscape
        if isinstance(item, report.Table):
            _table(document, item, landscape)
        else:
            _block(document, item, new_page)
    if first is not None:  # the default template's empty first paragraph
        first._element.getparent().remove(first._element)
    return document


def write_docx(analysis: Analysis, target: Path, lang: str = "id", source: str | None = None) -> None:
    """Write NAME_lkip.docx for one analysed workbook, atomically; `source` names the input."""
    document = build(report.build(analysis, lang, source))
    write_atomically(target, lambda path: document.save(str(path)))

