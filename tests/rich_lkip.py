"""An LKIP workbook as Excel 365 leaves it after an agency worked in it (a test helper).

`build_rich_lkip(path)` starts from `samples/ntt-2024.xlsx` (a workbook lkip-xls reads, with its published
slips) and puts in, at the XML level, the parts of `tests/fixtures_ooxml.py` that a plain load-and-save would
lose:

- IKU: the agency typed 99 as Capaian of IKU1.2 (K5), so K5 is a finding cell (CAPAIAN-DIFFERS), and K5 holds
  a threaded comment (threadedComments part, persons part, the legacy "[Threaded comment]" placeholder note by
  author `tc={...}` and its VML shape); a data bar with its x14 extension on H4:H6; an x14 dropdown pointing at
  another sheet; a sparkline group in column N; printer settings (pageSetup r:id -> .bin).
- Anggaran: a text box drawing; formulas with cached values (kegiatan 1.1 pagu `SUM(D6:D10)`, program 3 and 4
  pagu, JUMLAH realisasi over the programs); a print area.
- SDM: Jumlah Pegawai formulas with cached values (`SUM(B4:E4)`, the JUMLAH row `SUM(F4:F11)`).
- Identitas: Nama Instansi is a rich-text shared string (two runs, the first bold).
- The package: customXml item, calcChain, persons. `macro=True` gives an .xlsm with vbaProject.bin.

`FORMULAS` lists every formula put in as (sheet, cell) -> (formula, cached value).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from lkip_xls.outputs.hasil.package import read_package_sheets
from tests.fixtures_ooxml import (
    CUSTOM_ITEM,
    CUSTOM_PROPS,
    DRAWING,
    PERSON_ID,
    PERSONS,
    PRINTER_SETTINGS,
    REL,
    TC,
    THREAD_ID,
    VBA_PROJECT,
    X14,
    XM,
)

ROOT = Path(__file__).resolve().parent.parent
NTT = ROOT / "samples" / "ntt-2024.xlsx"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
V = "urn:schemas-microsoft-com:vml"
O = "urn:schemas-microsoft-com:office:office"  # noqa: E741
X = "urn:schemas-microsoft-com:office:excel"
ML = "application/vnd.openxmlformats-officedocument.spreadsheetml"

THREADED_CELL = ("IKU", "K5")
RICH_TEXT = ("Identitas", "B5")
RICH_RUNS = ("Dinas Perindustrian dan Perdagangan", " Provinsi Nusa Tenggara Timur")
FORMULAS = {
    ("Anggaran", "D5"): ("SUM(D6:D10)", "52860600"),
    ("Anggaran", "D35"): ("D36+D38", "1032015100"),
    ("Anggaran", "D40"): ("SUM(D41,D43,D45)", "134445800"),
    ("Anggaran", "E61"): ("E4+E32+E35+E40+E47+E51+E55+E58", "18586962597"),
    ("SDM", "F4"): ("SUM(B4:E4)", "23"),
    ("SDM", "F12"): ("SUM(F4:F11)", "123"),
}
PRINT_AREA = "Anggaran!$A$1:$H$61"
DATABAR_ID = "{00000000-000E-0000-0000-000001000000}"

_SHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
]

IKU_EXTENSIONS = (
    f'<extLst xmlns="{MAIN}">'
    f'<ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}"><x14:conditionalFormattings>'
    f'<x14:conditionalFormatting xmlns:xm="{XM}"><x14:cfRule type="dataBar" id="{DATABAR_ID}">'
    '<x14:dataBar minLength="0" maxLength="100" gradient="0"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/>'
    '<x14:negativeFillColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule>'
    '<xm:sqref>H4:H6</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>'
    f'<ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}"><x14:dataValidations count="1" '
    f'xmlns:xm="{XM}"><x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    '<x14:formula1><xm:f>PK!$A$4:$A$11</xm:f></x14:formula1><xm:sqref>M4:M6</xm:sqref></x14:dataValidation>'
    '</x14:dataValidations></ext>'
    f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}"><x14:sparklineGroups '
    f'xmlns:xm="{XM}"><x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/>'
    '<x14:colorNegative rgb="FFD00000"/><x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/>'
    '<x14:colorFirst rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/>'
    '<x14:colorLow rgb="FFD00000"/><x14:sparklines>'
    + "".join(f"<x14:sparkline><xm:f>IKU!G{r}:H{r}</xm:f><xm:sqref>N{r}</xm:sqref></x14:sparkline>"
              for r in range(4, 7))
    + '</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>')
IKU_DATABAR = (
    f'<conditionalFormatting xmlns="{MAIN}" sqref="H4:H6"><cfRule type="dataBar" priority="1"><dataBar>'
    '<cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst>'
    f'<ext uri="{{B025F937-C7B1-47D3-B67F-A62EFF666E3E}}" xmlns:x14="{X14}"><x14:id>{DATABAR_ID}</x14:id></ext>'
    '</extLst></cfRule></conditionalFormatting>')
THREADED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    f'<ThreadedComments xmlns="{TC}" xmlns:x="{MAIN}"><threadedComment ref="{THREADED_CELL[1]}" '
    f'dT="2024-03-01T09:30:00.00" personId="{PERSON_ID}" id="{THREAD_ID}"><text>Capaian 99: dibulatkan ke bawah '
    'sesuai arahan Bappeda?</text></threadedComment></ThreadedComments>')
PLACEHOLDER = ("[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; however, "
               "any edits to it will get removed if the file is opened in a newer version of Excel. Learn more: "
               "https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:\n    Capaian 99: dibulatkan ke bawah "
               "sesuai arahan Bappeda?")


def _q(local: str, ns: str = MAIN) -> str:
    return f"{{{ns}}}{local}"


def _insert(root: etree._Element, element: etree._Element) -> None:
    """Put a worksheet child where the schema wants it."""
    rank = _SHEET_ORDER.index(etree.QName(element).localname)
    for index, child in enumerate(root):
        if _SHEET_ORDER.index(etree.QName(child).localname) > rank:
            root.insert(index, element)
            return
    root.append(element)


def _cell(root: etree._Element, ref: str) -> etree._Element:
    return root.find(f".//{_q('c')}[@r='{ref}']")


def _set_formula(root: etree._Element, ref: str, formula: str, value: str) -> None:
    c = _cell(root, ref)
    for child in list(c):
        c.remove(child)
    c.attrib.pop("t", None)
    etree.SubElement(c, _q("f")).text = formula
    etree.SubElement(c, _q("v")).text = value


def _rels(pairs: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in pairs)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="{PKG}">{body}'
            '</Relationships>').encode()


def _add_rel(data: bytes, rid: str, kind: str, target: str) -> bytes:
    root = etree.fromstring(data)
    etree.SubElement(root, f"{{{PKG}}}Relationship", Id=rid, Type=kind, Target=target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_rich_lkip(path: Path, macro: bool = False, source: Path = NTT) -> Path:
    """Write the rich LKIP workbook to `path` (see the module docstring)."""
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheets = read_package_sheets(source)
    overrides: list[tuple[str, str]] = []
    defaults: list[tuple[str, str]] = [("bin", f"{ML}.printerSettings")]

    # IKU: typed capaian 99 under a threaded comment; extensions; data bar; printer settings
    iku_part = sheets["IKU"]
    iku = etree.fromstring(parts[iku_part])
    k5 = _cell(iku, THREADED_CELL[1])
    k5.find(_q("v")).text = "99"
    _insert(iku, etree.fromstring(IKU_DATABAR))
    _insert(iku, etree.fromstring(f'<pageSetup xmlns="{MAIN}" xmlns:r="{REL}" paperSize="9" orientation="landscape"'
                                  ' r:id="rIdPrinter1"/>'))
    _insert(iku, etree.fromstring(IKU_EXTENSIONS))
    parts[iku_part] = _serialize(iku)
    iku_rels = _rels_name(iku_part)
    parts[iku_rels] = _add_rel(parts[iku_rels], "rIdPrinter1", f"{REL}/printerSettings",
                               "/xl/printerSettings/printerSettings1.bin")
    parts[iku_rels] = _add_rel(parts[iku_rels], "rIdThread1",
                               "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
                               "/xl/threadedComments/threadedComment1.xml")
    parts["xl/printerSettings/printerSettings1.bin"] = PRINTER_SETTINGS
    parts["xl/threadedComments/threadedComment1.xml"] = THREADED.encode()
    overrides.append(("/xl/threadedComments/threadedComment1.xml", "application/vnd.ms-excel.threadedcomments+xml"))
    parts["xl/persons/person.xml"] = PERSONS.encode()
    overrides.append(("/xl/persons/person.xml", "application/vnd.ms-excel.person+xml"))
    _add_placeholder_note(parts, iku_rels)

    # Anggaran: text box, formulas with cached values
    anggaran_part = sheets["Anggaran"]
    anggaran = etree.fromstring(parts[anggaran_part])
    _insert(anggaran, etree.fromstring(f'<drawing xmlns="{MAIN}" xmlns:r="{REL}" r:id="rIdDrawing1"/>'))
    sdm_part = sheets["SDM"]
    sdm = etree.fromstring(parts[sdm_part])
    for (sheet, ref), (formula, value) in FORMULAS.items():
        _set_formula(anggaran if sheet == "Anggaran" else sdm, ref, formula, value)
    parts[anggaran_part] = _serialize(anggaran)
    parts[sdm_part] = _serialize(sdm)
    anggaran_rels = _rels_name(anggaran_part)
    parts[anggaran_rels] = _add_rel(parts[anggaran_rels], "rIdDrawing1", f"{REL}/drawing",
                                    "/xl/drawings/drawing1.xml")
    parts["xl/drawings/drawing1.xml"] = DRAWING.encode()
    overrides.append(("/xl/drawings/drawing1.xml", "application/vnd.openxmlformats-officedocument.drawing+xml"))

    # Identitas: a rich-text shared string
    identitas_part = sheets["Identitas"]
    identitas = etree.fromstring(parts[identitas_part])
    b5 = _cell(identitas, RICH_TEXT[1])
    for child in list(b5):
        b5.remove(child)
    b5.set("t", "s")
    etree.SubElement(b5, _q("v")).text = "0"
    parts[identitas_part] = _serialize(identitas)
    first, second = RICH_RUNS
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><r><rPr><b/><sz val="11"/><color rgb="FF1F4E78"/>'
        f'<rFont val="Calibri"/><family val="2"/><scheme val="minor"/></rPr><t>{first}</t></r><r><rPr>'
        '<sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/><scheme val="minor"/></rPr>'
        f'<t xml:space="preserve">{second}</t></r></si></sst>').encode()
    overrides.append(("/xl/sharedStrings.xml", f"{ML}.sharedStrings+xml"))

    # workbook: print area, persons, shared strings, calcChain, customXml
    workbook_root = etree.fromstring(parts["xl/workbook.xml"])
    names = workbook_root.find(_q("definedNames"))
    sheet_names = [el.get("name") for el in workbook_root.find(_q("sheets"))]
    defined = etree.SubElement(names, _q("definedName"), name="_xlnm.Print_Area",
                               localSheetId=str(sheet_names.index("Anggaran")))
    defined.text = PRINT_AREA
    parts["xl/workbook.xml"] = _serialize(workbook_root)
    workbook_rels = "xl/_rels/workbook.xml.rels"
    for rid, kind, target in (
            ("rIdPersons", "http://schemas.microsoft.com/office/2017/10/relationships/person", "persons/person.xml"),
            ("rIdStrings", f"{REL}/sharedStrings", "sharedStrings.xml"),
            ("rIdCalc", f"{REL}/calcChain", "calcChain.xml"),
            ("rIdCustom", f"{REL}/customXml", "../customXml/item1.xml")):
        parts[workbook_rels] = _add_rel(parts[workbook_rels], rid, kind, target)
    sheet_ids = {name: index + 1 for index, name in enumerate(sheet_names)}
    chain = "".join(f'<c r="{ref}" i="{sheet_ids[sheet]}"/>' for sheet, ref in FORMULAS)
    parts["xl/calcChain.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<calcChain '
                                 f'xmlns="{MAIN}">{chain}</calcChain>').encode()
    overrides.append(("/xl/calcChain.xml", f"{ML}.calcChain+xml"))
    parts["customXml/item1.xml"] = CUSTOM_ITEM.encode()
    parts["customXml/itemProps1.xml"] = CUSTOM_PROPS.encode()
    parts["customXml/_rels/item1.xml.rels"] = _rels([("rId1", f"{REL}/customXmlProps", "itemProps1.xml")])
    overrides.append(("/customXml/itemProps1.xml",
                      "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"))
    if macro:
        parts["xl/vbaProject.bin"] = VBA_PROJECT
        overrides.append(("/xl/vbaProject.bin", "application/vnd.ms-office.vbaProject"))
        parts[workbook_rels] = _add_rel(parts[workbook_rels], "rIdVba",
                                        "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                                        "vbaProject.bin")

    types = etree.fromstring(parts["[Content_Types].xml"])
    for extension, kind in defaults:
        etree.SubElement(types, f"{{{CT}}}Default", Extension=extension, ContentType=kind)
    for name, kind in overrides:
        etree.SubElement(types, f"{{{CT}}}Override", PartName=name, ContentType=kind)
    if macro:
        for el in types:
            if el.get("PartName") == "/xl/workbook.xml":
                el.set("ContentType", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    parts["[Content_Types].xml"] = _serialize(types)

    order = ["[Content_Types].xml", *[name for name in parts if name != "[Content_Types].xml"]]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 3, 1, 9, 31, 0)), parts[name],
                             zipfile.ZIP_DEFLATED)
    return path


def _rels_name(part: str) -> str:
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels"


def _add_placeholder_note(parts: dict[str, bytes], sheet_rels: str) -> None:
    """The legacy note Excel writes beside a threaded comment: author tc={id}, the placeholder text, a VML shape."""
    rels = etree.fromstring(parts[sheet_rels])
    targets = {el.get("Type").rpartition("/")[2]: el.get("Target").lstrip("/") for el in rels}
    comments_part, vml_part = targets["comments"], targets["vmlDrawing"]
    comments = etree.fromstring(parts[comments_part])
    authors = comments.find(_q("authors"))
    etree.SubElement(authors, _q("author")).text = f"tc={THREAD_ID}"
    comment = etree.SubElement(comments.find(_q("commentList")), _q("comment"), ref=THREADED_CELL[1],
                               authorId=str(len(authors) - 1), shapeId="0")
    comment.set("{http://schemas.microsoft.com/office/spreadsheetml/2014/revision}uid", THREAD_ID)
    etree.SubElement(etree.SubElement(comment, _q("text")), _q("t")).text = PLACEHOLDER
    parts[comments_part] = _serialize(comments)
    vml = etree.fromstring(parts[vml_part])
    shape = etree.SubElement(vml, f"{{{V}}}shape", id="_x0000_s1100", type="#_x0000_t202",
                             style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:108pt;"
                                   "height:59.25pt;z-index:20;visibility:hidden",
                             fillcolor="#ffffe1")
    shape.set(f"{{{O}}}insetmode", "auto")
    etree.SubElement(shape, f"{{{V}}}fill", color2="#ffffe1")
    etree.SubElement(etree.SubElement(shape, f"{{{V}}}textbox"), "div", style="text-align:left")
    data = etree.SubElement(shape, f"{{{X}}}ClientData", ObjectType="Note")
    etree.SubElement(data, f"{{{X}}}MoveWithCells")
    etree.SubElement(data, f"{{{X}}}SizeWithCells")
    etree.SubElement(data, f"{{{X}}}AutoFill").text = "False"
    etree.SubElement(data, f"{{{X}}}Row").text = "4"
    etree.SubElement(data, f"{{{X}}}Column").text = "10"
    parts[vml_part] = etree.tostring(vml)
