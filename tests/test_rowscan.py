"""The fast scan of sheet XML (read.rowscan) gives exactly what expat's handlers give: values, number formats,
merged ranges, formulas, hidden rows, subtotals, and the same exception for what cannot be read."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.parsers.expat import ExpatError

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkip_xls.read import fastread
from lkip_xls.read.fastread import FastWorkbook
from lkip_xls.read.rowscan import RowScanner, unescape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_PART = "xl/worksheets/sheet1.xml"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> bytes:
    """A package (XlsxWriter's) with shared strings and number formats (dates among them): the sheet is swapped."""
    path = tmp_path_factory.mktemp("rowscan") / "base.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    for column, number_format in enumerate(["0.00%", "dd/mm/yyyy", "#,##0", "@", "h:mm"]):
        sheet.write_number(0, column, 1, book.add_format({"num_format": number_format}))
    for row, text in enumerate(["satu", "dua", "tiga", "satu & dua", " spasi "]):
        sheet.write_string(row + 1, 0, text)
    book.close()
    return path.read_bytes()


def with_sheet(base: bytes, path: Path, sheet: bytes) -> Path:
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, sheet if info.filename == SHEET_PART else source.read(info))
    return path


def read(path: Path, scan: bool, recalc: bool | None = None) -> tuple:
    """Everything the reader takes from the sheet, or the exception it raised, as text (Decimal('1.50') and
    Decimal('1.5') differ)."""
    workbook = FastWorkbook(path)
    workbook.scan = scan
    if recalc is not None:
        workbook.recalc = recalc  # whether a 0 stored with a formula is trusted
    try:
        sheet = workbook["Data"]
        try:
            rows = repr(list(sheet.iter_values()))
        except Exception as exc:  # noqa: BLE001 - the same exception is the point
            # expat's position in XML that is not well-formed counts only the bytes expat was given (the guard
            # refuses such a part before anything reads it)
            message = str(exc).partition(": line ")[0] if isinstance(exc, ExpatError) else str(exc)
            return ("raised", type(exc).__name__, message)
        grid = workbook.grid("Data")
        grid_state = None if grid is None else repr((sorted(grid.cells.items()), grid.max_row, grid.max_column,
                                                      sorted(grid.subtotals), sorted(grid.hidden_rows)))
        return rows, sheet.merged, sheet.formulas, grid_state
    finally:
        workbook.close()


# --------------------------------------------------------------------------- sheet XML of every shape

TEXT = st.lists(st.sampled_from(list("abc XYZ019.-&<>\"'\t\n\r") + ["é", "漢", "😀", "]]>", "</row>", '<row r="9">']),
                max_size=8).map("".join)


def escaped(text: str, how: str) -> str:
    """Text as a writer puts it in XML: escaped as usual, with ">" left bare, as character references, or in
    CDATA (where it can be)."""
    if how == "cdata" and "]]>" not in text:
        return f"<![CDATA[{text}]]>"
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    if how == "refs":
        return "".join(f"&#{ord(c)};" if c in "é\r" else f"&#x{ord(c):x};" if c == ">" else c for c in text)
    text = text.replace("\r", "&#13;")
    return text.replace(">", "&gt;") if how == "usual" else text.replace("]]>", "]]&gt;")


NUMBERS = st.one_of(
    st.integers(-10**20, 10**20).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1.5E-7", "1e3", "-0", "007", " 12 ", "\n12\t", "abc", "1_000", "12.50", "1E+400", "NaN",
                     "inf", "-", "²", "12&amp;3", "45292", "45292.5", "0", ""]),
)


def rarely(draw, odd: int) -> bool:
    """True `odd` times in a hundred: a sheet is mostly of the usual shapes (the scan's rows), with odd ones in
    between (expat's rows) as often as the sheet's oddness says."""
    return 50 <= draw(st.integers(0, 99)) < 50 + odd  # not at the ends, which hypothesis draws often


USUAL_VALUES = ["n", "n", "n", "s", "inline", "inline", "text", "bool", "error", "none", "formula", "formula alone",
                "subtotal", "shared first", "shared", "array", "formula text"]
ODD_VALUES = ["rich", "phonetic", "empty v", "v/", "row in it", "comment", "formula twice"]


@st.composite
def cells(draw, p: str, last_column: int, odd: int) -> str:
    """One <c> of any shape; `p` is the namespace prefix ("" or "x:")."""
    column = last_column + draw(st.sampled_from([1, 1, 1, 2, 5, 0, -1]))
    letters = openpyxl.utils.get_column_letter(max(column, 1))
    reference = f"{letters}9" if not rarely(draw, odd) else draw(st.sampled_from(
        [None, f"{letters.lower()}3", f"${letters}$3", f"{letters}0", "1A", "AAAA1", "ZZZ1", f"{letters}12345"]))
    style = draw(st.sampled_from([None, None, "0", "1", "2", "3", "4", "5", "9", "02"]))
    kind = draw(st.sampled_from([None, None, None, None, "n", "s", "inlineStr", "str", "b", "e", "d", "zz"]))
    quote = "'" if rarely(draw, odd) else '"'
    attrs = [(name, value) for name, value in (("r", reference), ("s", style), ("t", kind)) if value is not None]
    if rarely(draw, odd):
        attrs.reverse()
    if rarely(draw, odd):
        attrs.append(("cm", "1"))
    space = draw(st.sampled_from(["  ", "\n"])) if rarely(draw, odd) else " "
    opening = f"<{p}c" + "".join(f"{space}{name}={quote}{value}{quote}" for name, value in attrs)
    how = draw(st.sampled_from(["bare", "refs", "cdata"])) if rarely(draw, odd) else "usual"
    text = escaped(draw(TEXT), how)
    preserve = draw(st.sampled_from(["", "", ' xml:space="preserve"']))
    value = {
        "n": f"<{p}v>{escaped(draw(NUMBERS), 'usual')}</{p}v>",
        "s": f"<{p}v>{draw(st.sampled_from(['0', '1', '3', '4', '-1', '99', ' 2 ', 'x']))}</{p}v>",
        "inline": f"<{p}is><{p}t{preserve}>{text}</{p}t></{p}is>",
        "rich": f"<{p}is><{p}r><{p}rPr><{p}b/></{p}rPr><{p}t>{text}</{p}t></{p}r><{p}r><{p}t>b</{p}t></{p}r></{p}is>",
        "phonetic": f'<{p}is><{p}t>{text}</{p}t><{p}rPh sb="0" eb="1"><{p}t>ふ</{p}t></{p}rPh></{p}is>',
        "text": f"<{p}v>{text}</{p}v>",
        "bool": f"<{p}v>{draw(st.sampled_from(['1', '0', 'true']))}</{p}v>",
        "error": f"<{p}v>{draw(st.sampled_from(['#DIV/0!', '#N/A', ' #REF! ']))}</{p}v>",
        "empty v": f"<{p}v></{p}v>",
        "v/": f"<{p}v/>",
        "formula": f"<{p}f>SUM(A1:B1)</{p}f><{p}v>{escaped(draw(NUMBERS), 'usual')}</{p}v>",
        "formula alone": f"<{p}f>1+1</{p}f>",
        "subtotal": f"<{p}f>SUBTOTAL(9,A1:A3)</{p}f><{p}v>0</{p}v>",
        "shared first": f'<{p}f t="shared" ref="A1:A9" si="0">A1*2</{p}f><{p}v>2</{p}v>',
        "shared": f'<{p}f t="shared" si="0"/>' + draw(st.sampled_from(["", f"<{p}v>4</{p}v>", f"<{p}v>0</{p}v>"])),
        "array": f'<{p}f t="array" ref="{letters}9" ca="1">IF(A1&gt;0,"a&amp;b",B1)</{p}f>'
                 + draw(st.sampled_from(["", f"<{p}v>{text}</{p}v>", f"<{p}v>0</{p}v>", f"<{p}v></{p}v>"])),
        "formula text": f"<{p}f>{text}</{p}f><{p}v>{escaped(draw(NUMBERS), 'usual')}</{p}v>",
        "formula twice": f'<{p}f t="shared" t="shared" si="1"/>',
        "none": "",
        # what is not in a cell of a real sheet, but is well-formed: a row in a cell, a comment hiding rows
        "row in it": f'<{p}row r="70"/><{p}v>1</{p}v>',
        "comment": f'<!-- </{p}c></{p}row><{p}row r="80"><{p}c r="A80"><{p}v>8</{p}v></{p}c></{p}row> -->',
    }[draw(st.sampled_from(ODD_VALUES if rarely(draw, odd) else USUAL_VALUES))]
    if not value and draw(st.booleans()):
        return opening + "/>", column
    return f"{opening}>{value}</{p}c>", column


@st.composite
def sheets(draw) -> bytes:
    odd = draw(st.sampled_from([0, 2, 10, 40]))  # how often a shape is one the scan leaves to expat
    p = "x:" if rarely(draw, odd) else ""
    ns = f'xmlns:x="{MAIN}"' if p else f'xmlns="{MAIN}"'
    rows, number = [], 0
    for _ in range(draw(st.integers(0, 12))):
        number += draw(st.sampled_from([1, 1, 1, 2, 0]))
        attrs = [("r", draw(st.sampled_from([str(number)] * 6 + [None, "0", f"0{number}"])))]
        if rarely(draw, odd):
            attrs[0] = ("r", draw(st.sampled_from([" 5", "200001"])))
        attrs += draw(st.lists(st.sampled_from([("spans", "1:5"), ("hidden", "1"), ("hidden", "true"),
                                                ("hidden", "0"), ("ht", "15"), ("x14ac:dyDescent", "0.25"),
                                                ("customFormat", "1")]), max_size=3,
                                               unique_by=lambda attribute: attribute[0]))
        if rarely(draw, odd):
            attrs.append(("r", "7"))
        if rarely(draw, odd):
            attrs.reverse()
        opening = f"<{p}row" + "".join(f' {name}="{value}"' for name, value in attrs if value is not None)
        parts, column = [], 0
        for _ in range(draw(st.integers(0, 6))):
            cell, column = draw(cells(p, column, odd))
            parts.append(cell)
        if not parts and draw(st.booleans()):
            rows.append(opening + "/>")
        else:
            rows.append(f"{opening}>{''.join(parts)}</{p}row>")
    between = draw(st.sampled_from(["<!-- c -->", "<?pi x?>"])) if rarely(draw, odd) else \
        draw(st.sampled_from(["", "", "\n", "\r\n  "]))
    body = between.join(rows)
    areas = draw(st.sampled_from([[], ["A1:B2"], ["C3:C5", "D1"]]))
    merges = "".join(f'<{p}mergeCell ref="{area}"/>' for area in areas)
    merges = f"<{p}mergeCells>{merges}</{p}mergeCells>" if merges else ""
    declaration = draw(st.sampled_from(['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n',
                                        "<?xml version='1.0' encoding='utf-8'?>", "", "\ufeff"]))
    if rarely(draw, odd):
        declaration = draw(st.sampled_from(['<?xml version="1.0"?><!-- made by hand -->\n',
                                            '<!-- <sheetData><row r="5"><c r="A5"><v>5</v></c></row> -->',
                                            '<?xml version="1.0" encoding="ISO-8859-1"?>']))
    data = (f'{declaration}<{p}worksheet {ns}><{p}dimension ref="A1"/><{p}sheetData>{body}</{p}sheetData>'
            f'{merges}</{p}worksheet>')
    if rarely(draw, odd):
        return ('<?xml version="1.0" encoding="UTF-16"?>' + data.replace(declaration, "", 1)).encode("utf-16")
    return data.encode("latin-1", "xmlcharrefreplace") if "8859" in declaration else data.encode("utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(sheet=sheets(), chunk=st.sampled_from([1, 7, 64, 500, 256 * 1024]), recalc=st.booleans())
def test_the_scan_reads_every_shape_as_expat_does(base, tmp_path, monkeypatch, sheet, chunk, recalc):
    path = with_sheet(base, tmp_path / "sheet.xlsx", sheet)
    monkeypatch.setattr(fastread, "_CHUNK", chunk)
    assert read(path, scan=True, recalc=recalc) == read(path, scan=False, recalc=recalc)


def test_the_usual_rows_are_scanned_and_the_others_go_to_expat(base, tmp_path):
    """Not a vacuous comparison: plain rows never reach expat, a rich text row does, and both read right."""
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Kode &amp; nama</t></is></c><c r="C1" s="2"><v>45292</v></c>'
            '<c r="D1" s="1"><v>0.975</v></c><c r="E1" t="s"><v>1</v></c><c r="F1"><f>D1*2</f><v>1.95</v></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c></row>'
            '<row r="4" hidden="1"><c r="B4"><v>-7</v></c></row>')
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()
    path = with_sheet(base, tmp_path / "s.xlsx", sheet)
    fed: list[bytes] = []
    workbook = FastWorkbook(path)
    collector = fastread._RowCollector("Data", workbook)
    parser = fastread._expat_parser(collector)

    def feed(data: bytes, final: bool) -> None:
        fed.append(data)
        parser.Parse(data, final)

    scanner = RowScanner(feed, collector.fast_rows, collector.clean)
    scanner.push(sheet, False)
    scanner.push(b"", True)
    assert b"".join(fed) == (f'<worksheet xmlns="{MAIN}"><sheetData>'.encode() +
                             b'<row r="2"><c r="A2" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c>'
                             b'</row></sheetData></worksheet>')
    values = [(number, [cell.value for cell in row]) for number, row in collector.take()]
    assert values == [(1, ["Kode & nama", None, dt.datetime(2024, 1, 1), Decimal("0.975"), "dua", Decimal("1.95")]),
                      (2, ["rich"]), (4, [None, -7])]
    assert collector.hidden_rows == {4}
    assert read(path, scan=True) == read(path, scan=False)
    workbook.close()


def test_unescape_replaces_references_as_xml_does():
    assert unescape("&amp;lt; &lt;&gt;&quot;&apos;&amp;amp;") == "&lt; <>\"'&amp;"
    assert unescape("&#8804; 7,82 &#xa7;3.3 &#38;lt; &#13;&#x1F600;") == "\u2264 7,82 \xa73.3 &lt; \r\U0001f600"
    for refused in ("&#1;", "&#xFFFE;", "&#55296;", "&#1114112;", "&#x110000;", "&#0;"):
        assert unescape(f"a{refused}b") is None, refused


PLAIN = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>baris {n}</t></is></c><c r="B{n}" s="3"><v>{n}000</v></c></row>'
MERGES = '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'


def plain(*numbers: int) -> str:
    return "".join(PLAIN.format(n=n) for n in numbers)


@pytest.mark.parametrize("prolog, rows, merges, encoding", [
    # what could make the scan take for a row what expat does not read as one
    ('<?xml version="1.0"?><!-- <sheetData>' + plain(9) + " -->", plain(1, 2), MERGES, "utf-8"),
    ("", plain(1) + '<row r="2"><c r="A2"><f>1</f><v>1</v></c><!-- </row>' + plain(3) + " --></row>" + plain(4),
     MERGES, "utf-8"),
    ("", plain(1) + '<row r="2"><c r="A2" t="str"><f>"x"</f><v><![CDATA[</row>' + plain(3) + "]]></v></c></row>"
     + plain(4), "", "utf-8"),
    ("", plain(1) + '<row r="2"><c r="A2"><?pi </row>' + plain(3) + "?></c></row>" + plain(4), "", "utf-8"),
    ("", plain(1) + "<row r='2'/><!-- </row>" + plain(3) + " -->" + plain(4), MERGES, "utf-8"),
    # a row inside a cell leaves expat's collector inside that cell: the rows after it are expat's too
    ("", '<row r="1"><c r="A1" s="1"><row r="70"/><v>1</v></c></row>' + plain(2, 3), MERGES, "utf-8"),
    ("", '<row r="1"><c r="A1"><is><rPh><row r="70"><c r="A70"><v>7</v></c></row></rPh><t>x</t></is></c></row>'
     + plain(2), MERGES, "utf-8"),
    ("", '<row r="1"><c r="A1"><is><rPh><row r="70"><c r="A70"/></row>' + plain(71) + "</rPh></is></c></row>"
     + plain(2), MERGES, "utf-8"),
    # encodings: Latin-1 and UTF-16 parts are expat's
    ('<?xml version="1.0" encoding="ISO-8859-1"?>', plain(1) + '<row r="2"><c r="A2" t="inlineStr"><is><t>é</t></is>'
     "</c></row>", "", "latin-1"),
    ('<?xml version="1.0" encoding="ISO-8859-1"?>', plain(1) + '<row r="2"><c r="A2" t="inlineStr"><is><t>Ã©</t>'
     "</is></c></row>", "", "latin-1"),
    ('<?xml version="1.0" encoding="UTF-16"?>', plain(1, 2), MERGES, "utf-16"),
    ("\ufeff", plain(1, 2), MERGES, "utf-8"),
    # what expat's collector refuses, in rows of the usual shapes: the same exception
    ("", plain(1) + '<row r="2"><c r="ZZZ2"><v>1</v></c></row>', "", "utf-8"),
    ("", plain(1) + '<row r="2">' + "".join(f'<c r="{openpyxl.utils.get_column_letter(c)}2"><v>1</v></c>'
                                            for c in range(1, 2003)) + "</row>", "", "utf-8"),
    ("", plain(1) + '<row r="200001"><c r="A2"><v>1</v></c></row>', "", "utf-8"),
    ("", plain(1) + '<row r="2"><c r="A0"><v>1</v></c></row>', "", "utf-8"),
    ("", plain(1) + '<row r="2"><c r="A2" t="s"><v>x</v></c></row>', "", "utf-8"),
    ("", plain(1) + '<row r="2"><c r="A2" t="inlineStr"><is><t>a&#1;</t></is></c></row>', "", "utf-8"),
    ("", plain(1) + '<row r="2"><c r="A2" t="str"><v>&#xFFFE;</v></c></row>', "", "utf-8"),
    ("", plain(1) + '<row r="2"><c r="A2"><v>1&#xD800;</v></c></row>', "", "utf-8"),
    ("", plain(1) + '<row r="2" spans="1:2" spans="1:2"><c r="A2"><v>1</v></c></row>', "", "utf-8"),
    ("", plain(1) + '<row><c r="A2"><v>1</v></c></row><row hidden="1"/><row r="0"/><row/>', "", "utf-8"),
    ("", plain(1) + '<row><c r="A2"><f>1</f><v>1</v></c></row><row spans="1:1" r="7"><c r="A7"><v>1</v></c></row>'
     + '<row><c r="A8"><f>SUBTOTAL(9,A1:A7)</f></c></row>', "", "utf-8"),
    ("", plain(1) + '<row r="2"><c r="A2"><f t="shared" t="shared" si="0">1</f><v>1</v></c></row>', "", "utf-8"),
    ("", plain(1) + '<row r="2"><c r="A2"><f>"&#1;"</f><v>1</v></c></row>', "", "utf-8"),
])
def test_what_the_scan_must_leave_to_expat(base, tmp_path, monkeypatch, prolog, rows, merges, encoding):
    sheet = f'{prolog}<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData>{merges}</worksheet>'.encode(encoding)
    path = with_sheet(base, tmp_path / "s.xlsx", sheet)
    for chunk in (5, 100, 256 * 1024):
        monkeypatch.setattr(fastread, "_CHUNK", chunk)
        assert read(path, scan=True) == read(path, scan=False)


def test_a_row_open_around_sheet_data_is_expat_s(base, tmp_path):
    """expat's collector is inside a row there (the rows in sheetData replace it): nothing is scanned."""
    sheet = f'<worksheet xmlns="{MAIN}"><row r="9"><sheetData>{plain(1, 2)}</sheetData></row></worksheet>'.encode()
    path = with_sheet(base, tmp_path / "s.xlsx", sheet)
    assert read(path, scan=True) == read(path, scan=False)
