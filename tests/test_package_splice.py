"""The spliced sheet path of the package patch (outputs/hasil/package/splice.py) against the lxml path.

The lxml path (`_Sheet`, the whole sheet parsed and serialised) is the reference: on generated sheets written
the way Excel and LibreOffice write them, on the rich fixtures and on every sample run through `process`, both
paths must give packages whose every part is the same canonical XML (the same bytes for other parts).
"""

from __future__ import annotations

import copy
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from lkip_xls.outputs.hasil.package import CellPatch, Patch, apply_patch, col_letters, splice
from tests.fixtures_ooxml import MAIN, MC, R, build_big, build_rich, rewrite_member
from tests.package_diff import read_parts
from tests.rich_lkip import build_rich_lkip
from tests.test_package_patch import standard_patch

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.xlsx"))
X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def canonical_parts(path: Path) -> dict[str, bytes]:
    result = {}
    for name, data in read_parts(path).items():
        if name.endswith((".xml", ".rels", ".vml")):
            data = etree.tostring(etree.fromstring(data, _PARSER), method="c14n")
        result[name] = data
    return result


def assert_same(fast: Path, slow: Path) -> None:
    a, b = canonical_parts(fast), canonical_parts(slow)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name


def both_ways(source: Path, folder: Path, patch_of, monkeypatch) -> tuple[Path, Path, int]:
    """`source` patched by the spliced path (every sheet eligible) and by the lxml path; how many sheets
    were spliced."""
    spliced = []
    original = splice.spliced_sheet

    def counting(pkg, part):
        sheet = original(pkg, part)
        if sheet is not None:
            spliced.append(part)
        return sheet

    monkeypatch.setattr(splice, "MIN_BYTES", 0)
    monkeypatch.setattr("lkip_xls.outputs.hasil.package.patch.spliced_sheet", counting)
    monkeypatch.setattr(splice, "ENABLED", True)
    fast = apply_patch(source, folder / "fast.xlsx", patch_of()) and folder / "fast.xlsx"
    monkeypatch.setattr(splice, "ENABLED", False)
    slow = apply_patch(source, folder / "slow.xlsx", patch_of()) and folder / "slow.xlsx"
    return fast, slow, len(spliced)


# ------------------------------------------------------------------------------------ generated sheets

texts = st.one_of(st.sampled_from(["Rp1.000 & <lebih>", "baris\r\nbaru", "_x0041_ tetap", "=SUM(A1)", "\x0b",
                                   " spasi ", "😀", ""]), st.text(max_size=12))
values = st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9,
                               max_value=10**9), st.integers(-10**6, 10**6), st.booleans(), st.none(), texts)
patches = st.builds(
    lambda value, write, fill, percent, fmt, comment, shrink: CellPatch(
        value, write, fill=fill, percent=percent, number_format=fmt, comment=comment, shrink=shrink),
    values, st.booleans(), st.sampled_from([None, None, "FFC7CE", "FFEB9C"]), st.booleans(),
    st.sampled_from([None, None, "0.00", "0.00%", "#,##0"]), st.sampled_from([None, None, "Periksa"]),
    st.booleans())


@st.composite
def sheets(draw):
    """A worksheet as Excel (spans, x14ac:dyDescent, compact) or LibreOffice (row attributes spelled out,
    customFormat rows, line breaks) writes it, and cells to patch."""
    style = draw(st.sampled_from(["excel", "libreoffice", "pretty"]))
    quote = draw(st.sampled_from(['"', "'"])) if style == "pretty" else '"'
    row_count = draw(st.integers(1, 12))
    rows = []
    present: dict[int, list[int]] = {}
    for row in range(1, row_count + 1):
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing row
        cols = sorted(draw(st.sets(st.integers(1, 6), max_size=5)))
        present[row] = cols
        cells = []
        for col in cols:
            ref = f"{col_letters(col)}{row}"
            kind = draw(st.sampled_from(["num", "str", "formula", "empty", "styled"]))
            s = f" s={quote}{draw(st.integers(0, 2))}{quote}" if kind in ("styled", "num") else ""
            if kind == "num":
                cells.append(f"<c r={quote}{ref}{quote}{s}><v>{draw(st.integers(-99, 999))}</v></c>")
            elif kind == "str":
                cells.append(f"<c r={quote}{ref}{quote} t={quote}inlineStr{quote}><is><t>a &amp; b &#65;</t></is></c>")
            elif kind == "formula":
                cells.append(f"<c r={quote}{ref}{quote}><f>1+1</f><v>2</v></c>")
            else:
                cells.append(f"<c r={quote}{ref}{quote}{s}/>")
        if style == "excel":
            attrs = f' r="{row}" spans="{cols[0] if cols else 1}:{cols[-1] if cols else 1}" x14ac:dyDescent="0.25"'
        elif style == "libreoffice":
            custom = draw(st.booleans())
            attrs = (f' r="{row}" s="{1 if custom else 0}" customFormat="{"true" if custom else "false"}" '
                     f'ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"')
        else:
            attrs = f"  r = {quote}{row}{quote}" + (f" spans={quote}1:3{quote}" if draw(st.booleans()) else "")
        end = "\n  " if style == "pretty" else ""
        if not cells and draw(st.booleans()):
            rows.append(f"<row{attrs}/>{end}")
        else:
            rows.append(f"<row{attrs}>{end.join(cells)}</row>{end}")
    if draw(st.booleans()):
        extension = '<extLst><ext uri="{x}"><c r="Z1"/></ext></extLst>'
        rows = [r.replace("</row>", extension + "</row>", 1) if i == 0 else r for i, r in enumerate(rows)]
    cols_xml = '<cols><col min="7" max="9" width="12" style="2" customWidth="1"/></cols>' if draw(st.booleans()) else ""
    merge = '<mergeCells count="1"><mergeCell ref="H2:I3"/></mergeCells>' if draw(st.booleans()) else ""
    root = (f'<worksheet xmlns="{MAIN}" xmlns:r="{R}" xmlns:mc="{MC}" xmlns:x14ac="{X14AC}" '
            'mc:Ignorable="x14ac">')
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{root}'
             f'<dimension ref="A1:F{row_count}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
             f'{cols_xml}<sheetData>{"".join(rows)}</sheetData>{merge}'
             '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
    targets = {}
    for row in range(1, row_count + 4):
        last = max(present.get(row, [0]), default=0)
        wanted = draw(st.sets(st.integers(1, 10), max_size=3))
        if draw(st.booleans()):
            wanted |= {last + 1, last + 3}  # the usual case: computed cells after the agency's
        for col in wanted:
            targets[f"{col_letters(col)}{row}"] = draw(patches)
    return sheet, targets


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=sheets())
def test_spliced_and_lxml_paths_give_the_same_package(case, tmp_path_factory, monkeypatch):
    sheet, targets = case
    folder = tmp_path_factory.mktemp("splice")
    base = build_big(folder / "base.xlsx", rows=2)
    source = rewrite_member(base, folder / "source.xlsx", "xl/worksheets/sheet1.xml", lambda _old: sheet.encode())
    fast, slow, count = both_ways(source, folder, lambda: Patch(cells={"Data": copy.deepcopy(targets)}), monkeypatch)
    assert count == (1 if targets else 0)
    assert_same(fast, slow)


def test_untouched_rows_keep_their_bytes_and_new_cells_are_appended(tmp_path, monkeypatch):
    rows = "".join(f"<row r='{r}'  spans='1:2'><c r='A{r}'><v>{r}</v></c><c r='B{r}' s='1'/></row>\n"
                   for r in range(1, 6))
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><dimension ref="A1:B5"/>'
             f'<sheetData>{rows}</sheetData></worksheet>')
    source = rewrite_member(build_big(tmp_path / "base.xlsx", rows=2), tmp_path / "source.xlsx",
                            "xl/worksheets/sheet1.xml", lambda _old: sheet.encode())
    patch = lambda: Patch(cells={"Data": {"D2": CellPatch("a & b", True), "C4": CellPatch(Decimal("1.50"), True)}})  # noqa: E731
    fast, slow, count = both_ways(source, tmp_path, patch, monkeypatch)
    assert count == 1
    out = read_parts(fast)["xl/worksheets/sheet1.xml"]
    for r in (1, 3, 5):  # copied as bytes: single quotes and double spaces kept
        assert f"<row r='{r}'  spans='1:2'><c r='A{r}'><v>{r}</v></c><c r='B{r}' s='1'/></row>\n".encode() in out
    assert (b"<row r='2'  spans='1:4'><c r='A2'><v>2</v></c><c r='B2' s='1'/>"
            b'<c r="D2" t="inlineStr"><is><t xml:space="preserve">a &amp; b</t></is></c></row>') in out
    assert b'<c r="C4"><v>1.5</v></c></row>' in out
    assert b'<dimension ref="A1:D5"/>' in out
    assert_same(fast, slow)


@pytest.mark.parametrize("cell, spliced", [
    ('<c r="C1"><f t="shared" ref="C1:C2" si="0">A1*2</f><v>2</v></c>', 0),  # shared formulas: the lxml path
    ('<c r="C1" t="inlineStr"><is><t>shared services</t></is></c>', 1),
])
def test_shared_formulas_take_the_lxml_path(cell, spliced, tmp_path, monkeypatch):
    rows = (f'<row r="1"><c r="A1"><v>1</v></c>{cell}</row>'
            '<row r="2"><c r="A2"><v>2</v></c><c r="C2"><f t="shared" si="0"/><v>4</v></c></row>'
            if "shared\"" in cell else f'<row r="1"><c r="A1"><v>1</v></c>{cell}</row>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><dimension ref="A1:C2"/>'
             f'<sheetData>{rows}</sheetData></worksheet>')
    source = rewrite_member(build_big(tmp_path / "base.xlsx", rows=2), tmp_path / "source.xlsx",
                            "xl/worksheets/sheet1.xml", lambda _old: sheet.encode())
    patch = lambda: Patch(cells={"Data": {"C1": CellPatch(Decimal(5), True), "D1": CellPatch("x", True)}})  # noqa: E731
    fast, slow, count = both_ways(source, tmp_path, patch, monkeypatch)
    assert count == spliced
    assert_same(fast, slow)


# ----------------------------------------------------------------------------- fixtures and samples


@pytest.mark.parametrize("build", [
    lambda folder: build_rich(folder / "rich.xlsx"),
    lambda folder: build_rich(folder / "rich.xlsm", macro=True),
])
def test_rich_fixtures_alike(build, tmp_path, monkeypatch):
    source = build(tmp_path)
    fast, slow, count = both_ways(source, tmp_path, standard_patch, monkeypatch)
    assert count >= 1
    assert_same(fast, slow)
    (tmp_path / "again").mkdir()
    again_fast, again_slow, _ = both_ways(fast, tmp_path / "again", standard_patch, monkeypatch)
    assert_same(again_fast, again_slow)


def _process(source: Path, folder: Path) -> Path:
    from lkip_xls import api

    folder.mkdir()
    result = api.process_file(source, api.Options(out_dir=folder))
    return Path(result.outputs["hasil"])


@pytest.mark.parametrize("name", [path.name for path in SAMPLES] + ["rich-lkip"])
def test_process_writes_the_same_hasil_both_ways(name, tmp_path, monkeypatch):
    source = build_rich_lkip(tmp_path / "rich-lkip.xlsx") if name == "rich-lkip" else \
        Path(shutil.copy(ROOT / "samples" / name, tmp_path / name))
    monkeypatch.setattr(splice, "MIN_BYTES", 0)
    monkeypatch.setattr(splice, "ENABLED", True)
    fast = _process(source, tmp_path / "fast")
    monkeypatch.setattr(splice, "ENABLED", False)
    slow = _process(source, tmp_path / "slow")
    assert_same(fast, slow)
    with zipfile.ZipFile(fast) as archive:  # a second run on the returned file, both ways too
        assert archive.testzip() is None
    monkeypatch.setattr(splice, "ENABLED", True)
    again_fast = _process(fast, tmp_path / "again-fast")
    monkeypatch.setattr(splice, "ENABLED", False)
    again_slow = _process(fast, tmp_path / "again-slow")
    assert_same(again_fast, again_slow)


# ------------------------------------------------------------------ the two scans of a row's cells

_CELL_PARTS = st.sampled_from([
    '<c r="{L}{R}"><v>1</v></c>', '<c r="{L}{R}" s="1"/>', '<c r="{L}{R}" s="2" t="inlineStr"><is><t>a</t></is></c>',
    '<c r="{L}{R}" t="s"><v>0</v></c>', '<c r="{L}{R}"><f>1+1</f><v>2</v></c>', "<c r='{L}{R}'><v>1</v></c>",
    '<c r="{L}{R}" s="1" x="a&amp;b"/>', '<c r="{L}{R}" s=\'"\'/>', '<c s="1" r="{L}{R}"/>', "<c><v>1</v></c>",
    '<c r="{l}{R}"/>', '<c r="{L}{R}"><v>1</v><c r="{L}{R}"/></c>', '<c r="{L}{R}"><v>1</v></c>junk</c>',
    '<c r="{L}{R}"><is><r><rPr><color rgb="FF000000"/></rPr><t>x</t></r></is></c>', '<c r="{L}{R}">text</c>',
    '<c r="{L}{R}" ><v>1</v></c>', '<c\tr="{L}{R}"/>', '<c r="{L}{R}"><extLst/></c>', '<c r="{L}0{R}"/>',
    '<c r="{L}{R}" cm="1"><v>1</v></c>', '<c r="{L}{R}"   s="3"\n/>', '<c r="ZZZ{R}"/>', '<c r="{L}{R}"></c>'])


@st.composite
def row_contents(draw):
    number = draw(st.integers(1, 30))
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        col = draw(st.integers(1, 9))
        other = draw(st.integers(0, 9)) == 0  # now and then a cell of another row
        parts.append(draw(_CELL_PARTS).format(L=col_letters(col), l=col_letters(col).lower(),
                                              R=number + 1 if other else number)
                     + draw(st.sampled_from(["", "", " ", "\n  "])))
    if draw(st.integers(0, 5)) == 0:
        parts.sort()  # columns in order more often
    wanted = sorted(draw(st.sets(st.integers(1, 10), min_size=1, max_size=3)))
    return "".join(parts).encode(), number, wanted


@settings(max_examples=500, deadline=None)
@given(case=row_contents())
def test_the_ordinary_scan_decides_a_row_as_the_cell_by_cell_scan(case):
    """`_scan_ordinary` (one regular-expression pass, for rows `_ORDINARY_ROW` matches) gives what
    `_scan_cells` gives, or leaves the row to it (None)."""
    content, number, wanted = case
    sheet = splice._SplicedSheet.__new__(splice._SplicedSheet)
    sheet._columns, sheet._shapes = {}, {}
    slow = sheet._scan_cells(content, 100, str(number).encode(), wanted)
    fast = sheet._scan_ordinary(content, 100, str(number).encode(), wanted) \
        if splice._ORDINARY_ROW.fullmatch(content) else None
    if fast is not None:
        assert fast == slow


@pytest.mark.parametrize("content", [
    b'<c r="A5"><v>1</v><c r="B5"/></c>',  # a cell inside a cell
    b'<c r="A5"><v>1</v></c><c r="F5"><f>A5</f><v>1</v></c>',  # a formula where the value goes
    b'<c r="A5"/><c r="F5" s="1" foo="x"/>',  # an unusual attribute
    b'<c r="F5"/><c r="A5"/>',  # out of order
    b'<c r="A5"/><c r="F6"/>',  # another row's cell
    b'<c r="A5"/><c r="A5"/>',  # twice the same
])
def test_the_ordinary_scan_never_takes_what_the_cell_by_cell_scan_refuses(content):
    sheet = splice._SplicedSheet.__new__(splice._SplicedSheet)
    sheet._columns, sheet._shapes = {}, {}
    assert sheet._scan_cells(content, 0, b"5", [6]) is None
    assert not splice._ORDINARY_ROW.fullmatch(content) or sheet._scan_ordinary(content, 0, b"5", [6]) is None


def test_the_ordinary_scan_takes_the_rows_of_a_returned_hasil():
    content = (b'<c r="A5" t="inlineStr"><is><t>1.01</t></is></c><c r="D5"><v>410775000</v></c>'
               b'<c r="F5" s="1"><v>99.58</v></c><c r="G5" s="3"><v>1714931</v></c>')
    sheet = splice._SplicedSheet.__new__(splice._SplicedSheet)
    sheet._columns, sheet._shapes = {}, {}
    assert splice._ORDINARY_ROW.fullmatch(content)
    fast = sheet._scan_ordinary(content, 0, b"5", [6, 7])
    assert fast is not None and sorted(fast[0]) == [6, 7] and fast[1] == 7
    assert fast == sheet._scan_cells(content, 0, b"5", [6, 7])


# ------------------------------------------------------------------ a plain cell's attributes, remembered

def _plain_reference(raw: bytes) -> list[tuple[bytes, bytes]] | None:
    """`_plain_cell`'s decision on a cell's attributes as it was before they were remembered: every attribute
    parsed each time."""
    if b"&" in raw or b"<" in raw:
        return None
    parsed = splice._ATTR.findall(raw)
    if not {name for name, _double, _single in parsed} <= splice._PLAIN_ATTRIBUTES:
        return None
    if b"'" in raw and any(b'"' in single for _name, _double, single in parsed):
        return None
    return [(name, double or single) for name, double, single in parsed]


_ATTRIBUTE_PARTS = st.sampled_from([' s="1"', ' s="12"', " s='3'", ' t="inlineStr"', ' t="n"', ' cm="1"',
                                    ' vm="2"', ' ph="1"', ' x="a"', " s='\"'", ' s = "4"', '\ts="5"', ' r="B7"',
                                    " t='b'", ' s="a&amp;b"', ' s=""'])


@settings(max_examples=400, deadline=None)
@given(ref=st.sampled_from(["A5", "F5", "ZZ5", "", "a'b"]), first=st.booleans(),
       parts=st.lists(_ATTRIBUTE_PARTS, max_size=4), empty=st.booleans())
def test_a_plain_cells_remembered_attributes_are_the_ones_parsed(ref, first, parts, empty):
    """`_plain_cell` remembers the attributes after a cell's reference: it decides every cell as parsing all its
    attributes each time did, whether or not the reference comes first."""
    attributes = "".join(parts)
    raw = (f' r="{ref}"' + attributes if first else attributes + f' r="{ref}"').encode()
    text = b"<c" + raw + (b"/>" if empty else b"><v>1</v></c>")
    match = splice._CELL.match(text)
    assert match is not None and match.group(1) == raw
    inner = b"" if empty else b"<v>1</v>"
    for _ in range(2):  # the second time from what was remembered
        found = splice._plain_cell(match, inner, 10, len(text))
        expected = _plain_reference(raw)
        assert (found is None) == (expected is None)
        if found is not None:
            assert found == (10 + match.start(), 10 + len(text), expected, inner)


# ------------------------------------------------------------------ the rows of a sheet, cut

def _rows_reference(data: bytes, body_start: int, body_end: int) -> list[tuple[int, int, int, int]] | None:
    """`_layout`'s cut of the rows as it was before a row's start tag and the whitespace before it were one
    match: whitespace, the start tag, `r` searched in its attributes, the first `</row>`."""
    rows, position, last = [], body_start, 0
    while True:
        position = splice._WHITESPACE.match(data, position, body_end).end()
        if position >= body_end:
            return rows
        match = splice._ROW.match(data, position, body_end)
        if match is None:
            return None
        r = splice._R.search(match.group(1))
        if r is None:
            return None
        number = int(r.group(1))
        if number <= last:
            return None
        last = number
        if match.group(2):
            end = match.end()
        else:
            close = data.find(b"</row>", match.end(), body_end)
            if close < 0:
                return None
            end = close + 6
        rows.append((number, match.start(), end, match.end()))
        position = end


_ROW_STARTS = st.sampled_from(['<row r="{n}">', '<row r="{n}" spans="1:5">', "<row r='{n}'>",
                               '<row spans="1:2" r="{n}">', '<row  r="{n}" >', '<row r="{n}"/>',
                               '<row r="{n}" ht="15" />', '<row>', '<row r="x">',
                               '<row r="{n}" r="{n}">', '<row\tr="{n}">', '<rows r="{n}">', '<row r="{n}"'])
_ROW_BODIES = st.sampled_from(['<c r="A{n}"><v>1</v></c></row>', "</row>", '<c r="A{n}"/>', "", "<c/></row >",
                               '<c r="B{n}" t="inlineStr"><is><t>&lt;/row</t></is></c></row>', "</row></row>"])


@settings(max_examples=500, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(1, 40), _ROW_STARTS, _ROW_BODIES, st.sampled_from(["", "", " ", "\r\n "])),
                     max_size=6), tail=st.sampled_from(["", " ", "x"]))
def test_the_rows_are_cut_as_before(rows, tail):
    """`_layout` cuts a sheet's rows (or refuses the sheet) exactly as the scan in steps did."""
    body = "".join(space + start.format(n=n) + ("" if start.endswith("/>") else content.format(n=n))
                   for n, start, content, space in rows) + tail
    data = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="' + MAIN.encode()
            + b'"><sheetData>' + body.encode() + b"</sheetData></worksheet>")
    layout = splice._layout(data)
    start = data.index(b"<sheetData>") + len(b"<sheetData>")
    expected = _rows_reference(data, start, data.index(b"</sheetData>"))
    assert (layout.rows if layout is not None else None) == expected


def _rewritten_reference(attributes, inner, style, written) -> bytes:
    """`rewritten_cell` as it was before what follows a cell's reference was remembered."""
    attributes = list(attributes)
    if style is not None:
        splice._set_attribute(attributes, b"s", style)
    if written is not None:
        attributes = [(key, value) for key, value in attributes if key not in (b"t", b"cm", b"vm")]
        kind, content = written
        if kind is not None:
            splice._set_attribute(attributes, b"t", kind.encode())
        inner = content.encode("utf-8")
    return b"<c" + b"".join([b' %b="%b"' % pair for pair in attributes]) + (b">" + inner + b"</c>" if inner else b"/>")


_PLAIN_PAIRS = st.lists(st.tuples(st.sampled_from([b"r", b"s", b"t", b"cm", b"vm", b"ph"]),
                                  st.sampled_from([b"A5", b"3", b"inlineStr", b"1", b""])), max_size=5)


@settings(max_examples=500, deadline=None)
@given(attributes=_PLAIN_PAIRS, inner=st.sampled_from([b"", b"<v>1</v>"]),
       style=st.sampled_from([None, b"0", b"7"]),
       written=st.sampled_from([None, (None, ""), (None, "<v>2.5</v>"), ("b", "<v>1</v>"),
                                ("inlineStr", '<is><t xml:space="preserve">é</t></is>')]))
def test_a_rewritten_cell_is_the_one_written_attribute_by_attribute(attributes, inner, style, written):
    """`rewritten_cell` remembers what follows a cell's reference: the same bytes as building them each time,
    whatever the attributes and their order (a reference first or not, twice, absent)."""
    for _ in range(2):
        assert splice.rewritten_cell(attributes, inner, style, written) == \
            _rewritten_reference(attributes, inner, style, written)
