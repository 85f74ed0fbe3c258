"""Hand-written OOXML packages, as Excel 365 writes them, for tests of the package patch engine.

`build_rich(path)` writes a workbook with two sheets, IKU and Anggaran, holding: shared strings with a
rich-text run, formulas with cached values (a shared formula group and a SUM), a `0.00%` cell, a threaded
comment (persons part, the legacy "[Threaded comment]" placeholder and its VML shape), a legacy note by
another author, a text box drawing, a sparkline group, an x14 data validation and a data bar with its x14
extension, printer settings, a custom XML part, print areas (`_xlnm.Print_Area` with localSheetId), a
global defined name and calcChain. `workbook_part` puts the workbook at a non-standard name (found only
through `_rels/.rels`); `macro=True` makes it an .xlsm with `xl/vbaProject.bin`.

`rewrite_member` copies a package with one member changed (CHECKBOX is a VML form control to put in).
`build_big(path, rows)` writes a plain sheet of `rows` rows (five columns) for speed checks.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
XR = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision"
XR2 = "http://schemas.microsoft.com/office/spreadsheetml/2015/revision2"
XR3 = "http://schemas.microsoft.com/office/spreadsheetml/2016/revision3"
TC = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

THREAD_ID = "{5B2A7C11-2F53-4C1B-9C1D-2D8C5E0B1A01}"
PERSON_ID = "{0D1E2F30-4A5B-4C6D-8E9F-A0B1C2D3E4F5}"
PRINTER_SETTINGS = bytes(range(256)) * 4  # a binary DEVMODE stand-in
VBA_PROJECT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"VBA project stand-in" * 20

SHEET_ROOT = (f'<worksheet xmlns="{MAIN}" xmlns:r="{R}" xmlns:mc="{MC}" mc:Ignorable="x14ac xr xr2 xr3" '
              f'xmlns:x14ac="{X14AC}" xmlns:xr="{XR}" xmlns:xr2="{XR2}" xmlns:xr3="{XR3}" '
              'xr:uid="{{{uid}}}">')

SHARED_STRINGS = [
    # 0: rich text run
    '<si><r><rPr><b/><sz val="11"/><color rgb="FFC00000"/><rFont val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></rPr><t>Capaian</t></r><r><rPr><sz val="11"/><color theme="1"/><rFont val="Calibri"/>'
    '<family val="2"/><scheme val="minor"/></rPr><t xml:space="preserve"> Kinerja 2024</t></r></si>',
    "<si><t>Kode</t></si>", "<si><t>Indikator</t></si>", "<si><t>Target</t></si>", "<si><t>Realisasi</t></si>",
    "<si><t>Capaian</t></si>", "<si><t>Sumber</t></si>", "<si><t>IKU1</t></si>", "<si><t>IKU2</t></si>",
    "<si><t>IKU3</t></si>", "<si><t>IKU4</t></si>", "<si><t>Persentase layanan tepat waktu</t></si>",
    "<si><t>Indeks kepuasan masyarakat</t></si>", "<si><t>Jumlah dokumen</t></si>",
    "<si><t>Nilai SAKIP</t></si>", "<si><t>BPS</t></si>", "<si><t>Program</t></si>", "<si><t>Pagu</t></si>",
    "<si><t>Program A</t></si>", "<si><t>Program B</t></si>", "<si><t>Program C</t></si>",
    "<si><t>Jumlah</t></si>", "<si><t xml:space=\"preserve\">Persen </t></si>",
]


def _row(number: int, cells: str, spans: str = "1:8") -> str:
    return f'<row r="{number}" spans="{spans}" x14ac:dyDescent="0.25">{cells}</row>'


def sheet1_xml() -> str:
    data = [
        _row(1, '<c r="A1" s="1" t="s"><v>0</v></c>'),
        _row(3, '<c r="A3" s="1" t="s"><v>1</v></c><c r="B3" s="1" t="s"><v>2</v></c><c r="C3" s="1" t="s"><v>3</v>'
                '</c><c r="D3" s="1" t="s"><v>4</v></c><c r="E3" s="1" t="s"><v>5</v></c><c r="F3" s="1" t="s">'
                '<v>6</v></c><c r="G3" s="1" t="s"><v>22</v></c>'),
    ]
    targets = [(80, 84), (50, 40), (100, 90), (70, 86)]
    for index, (target, real) in enumerate(targets):
        row = 4 + index
        capaian = real / target * 100
        formula = ('<f t="shared" ref="E4:E7" si="0">D4/C4*100</f>' if index == 0 else '<f t="shared" si="0"/>')
        cells = (f'<c r="A{row}" t="s"><v>{7 + index}</v></c><c r="B{row}" t="s"><v>{11 + index}</v></c>'
                 f'<c r="C{row}"><v>{target}</v></c><c r="D{row}"><v>{real}</v></c>'
                 f'<c r="E{row}" s="3">{formula}<v>{capaian:.15g}</v></c>')
        if index == 0:
            cells += '<c r="F4" s="4" t="s"><v>15</v></c><c r="G4" s="2"><v>0.5</v></c><c r="H4"><v>7</v></c>'
        elif index == 1:
            cells += '<c r="G5" s="2"/><c r="H5" s="5"><v>1234.5</v></c>'
        data.append(_row(row, cells))
    data.append(_row(8, '<c r="A8" s="1" t="s"><v>21</v></c><c r="C8"><f>SUM(C4:C7)</f><v>300</v></c>'
                        '<c r="D8"><f>SUM(D4:D7)</f><v>300</v></c>'))
    ext = (
        '<extLst>'
        f'<ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}"><x14:conditionalFormattings>'
        f'<x14:conditionalFormatting xmlns:xm="{XM}"><x14:cfRule type="dataBar" '
        'id="{00000000-000E-0000-0000-000001000000}"><x14:dataBar minLength="0" maxLength="100" gradient="0">'
        '<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/><x14:negativeFillColor rgb="FFFF0000"/>'
        '<x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule><xm:sqref>D4:D7</xm:sqref>'
        '</x14:conditionalFormatting></x14:conditionalFormattings></ext>'
        f'<ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}"><x14:dataValidations count="1" '
        f'xmlns:xm="{XM}"><x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" '
        'xr:uid="{6F1D3B8E-1111-4C2A-9E77-0123456789AB}"><x14:formula1><xm:f>Anggaran!$A$2:$A$4</xm:f>'
        '</x14:formula1><xm:sqref>F4:F7</xm:sqref></x14:dataValidation></x14:dataValidations></ext>'
        f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}"><x14:sparklineGroups '
        f'xmlns:xm="{XM}"><x14:sparklineGroup displayEmptyCellsAs="gap" '
        'xr2:uid="{A1B2C3D4-0000-4000-8000-000000000001}"><x14:colorSeries rgb="FF376092"/>'
        '<x14:colorNegative rgb="FFD00000"/><x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/>'
        '<x14:colorFirst rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/>'
        '<x14:colorLow rgb="FFD00000"/><x14:sparklines>'
        + "".join(f"<x14:sparkline><xm:f>IKU!C{r}:D{r}</xm:f><xm:sqref>I{r}</xm:sqref></x14:sparkline>"
                  for r in range(4, 8))
        + '</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>')
    return (
        DECL + SHEET_ROOT.format(uid="11111111-2222-4333-8444-555555555555")
        + '<sheetPr codeName="Sheet1"/><dimension ref="A1:H8"/><sheetViews><sheetView workbookViewId="0">'
        '<selection activeCell="B2" sqref="B2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>'
        '<cols><col min="2" max="2" width="34.7109375" customWidth="1"/></cols>'
        '<sheetData>' + "".join(data) + '</sheetData>'
        '<conditionalFormatting sqref="D4:D7"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/>'
        '<cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"'
        f' xmlns:x14="{X14}"><x14:id>{{00000000-000E-0000-0000-000001000000}}</x14:id></ext></extLst></cfRule>'
        '</conditionalFormatting>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" r:id="rId1"/>'
        '<drawing r:id="rId2"/><legacyDrawing r:id="rId3"/>' + ext + '</worksheet>')


def sheet2_xml() -> str:
    rows = [_row(1, '<c r="A1" s="1" t="s"><v>16</v></c><c r="B1" s="1" t="s"><v>17</v></c>', "1:3")]
    for index, pagu in enumerate((1000000, 2500000, 750000)):
        row = 2 + index
        rows.append(_row(row, f'<c r="A{row}" t="s"><v>{18 + index}</v></c><c r="B{row}" s="6"><v>{pagu}</v></c>'
                              f'<c r="C{row}"><f>B{row}*0.9</f><v>{pagu * 0.9:.15g}</v></c>', "1:3"))
    rows.append(_row(5, '<c r="A5" s="1" t="s"><v>21</v></c><c r="B5" s="6"><f>SUM(B2:B4)</f><v>4250000</v></c>'
                        '<c r="C5"><f>SUM(C2:C4)</f><v>3825000</v></c>', "1:3"))
    return (
        DECL + SHEET_ROOT.format(uid="22222222-2222-4333-8444-555555555555")
        + '<dimension ref="A1:C5"/><sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="B3" sqref="B3"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>'
        '<sheetData>' + "".join(rows) + '</sheetData>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')


STYLES = (
    DECL + f'<styleSheet xmlns="{MAIN}" xmlns:mc="{MC}" mc:Ignorable="x14ac x16r2 xr" xmlns:x14ac="{X14AC}" '
    'xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main" '
    f'xmlns:xr="{XR}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/>'
    '<numFmt numFmtId="165" formatCode="_-&quot;Rp&quot;* #,##0_-;\\-&quot;Rp&quot;* #,##0_-;_-&quot;Rp&quot;* '
    '&quot;-&quot;_-;_-@_-"/></numFmts>'
    '<fonts count="2" x14ac:knownFonts="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/>'
    '<family val="2"/><scheme val="minor"/></font><font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/>'
    '<family val="2"/><scheme val="minor"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="1"><dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/>'
    '</patternFill></fill></dxf></dxfs><tableStyles count="0" defaultTableStyle="TableStyleMedium2" '
    'defaultPivotStyle="PivotStyleLight16"/>'
    f'<extLst><ext uri="{{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}}" xmlns:x14="{X14}">'
    '<x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext></extLst></styleSheet>')

COMMENTS = (
    DECL + f'<comments xmlns="{MAIN}" xmlns:mc="{MC}" mc:Ignorable="xr" xmlns:xr="{XR}">'
    f'<authors><author>tc={THREAD_ID}</author><author>Budi</author></authors><commentList>'
    f'<comment ref="B4" authorId="0" shapeId="0" xr:uid="{THREAD_ID}"><text><t>[Threaded comment]\n\n'
    'Your version of Excel allows you to read this threaded comment; however, any edits to it will get removed if'
    ' the file is opened in a newer version of Excel. Learn more: https://go.microsoft.com/fwlink/?linkid=870924'
    '\n\nComment:\n    Sumber data dari BPS?</t></text></comment>'
    '<comment ref="C4" authorId="1" shapeId="0" xr:uid="{7A3C9E10-5555-4A1B-8C2D-000000000002}"><text><r><rPr><b/>'
    '<sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t>Budi:</t></r><r><rPr>'
    '<sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">\n'
    'Target sesuai Renstra &amp; PK 2024</t></r></text></comment></commentList></comments>')


def _vml_note(number: int, row: int, col: int) -> str:
    return (
        f'<v:shape id="_x0000_s{number}" type="#_x0000_t202" style=\'position:absolute;\r\n'
        f'  margin-left:107.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:{number - 1024};\r\n'
        '  visibility:hidden\' fillcolor="#ffffe1" o:insetmode="auto">\r\n  <v:fill color2="#ffffe1"/>\r\n'
        '  <v:shadow on="t" color="black" obscured="t"/>\r\n  <v:path o:connecttype="none"/>\r\n'
        '  <v:textbox style=\'mso-direction-alt:auto\'>\r\n   <div style=\'text-align:left\'></div>\r\n'
        '  </v:textbox>\r\n  <x:ClientData ObjectType="Note">\r\n   <x:MoveWithCells/>\r\n   <x:SizeWithCells/>\r\n'
        f'   <x:Anchor>\r\n    {col + 1}, 15, {row}, 2, {col + 3}, 15, {row + 4}, 16</x:Anchor>\r\n'
        f'   <x:AutoFill>False</x:AutoFill>\r\n   <x:Row>{row}</x:Row>\r\n   <x:Column>{col}</x:Column>\r\n'
        '  </x:ClientData>\r\n </v:shape>')


VML = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml"\r\n xmlns:o="urn:schemas-microsoft-com:office:office"\r\n'
    ' xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n <o:shapelayout v:ext="edit">\r\n'
    '  <o:idmap v:ext="edit" data="1"/>\r\n </o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600"'
    ' o:spt="202"\r\n  path="m,l,21600r21600,l21600,xe">\r\n  <v:stroke joinstyle="miter"/>\r\n'
    '  <v:path gradientshapeok="t" o:connecttype="rect"/>\r\n </v:shapetype>'
    + _vml_note(1025, 3, 1) + _vml_note(1026, 3, 2) + '</xml>')

DRAWING = (
    DECL + '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor editAs="oneCell">'
    '<xdr:from><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>10</xdr:row><xdr:rowOff>0</xdr:rowOff>'
    '</xdr:from><xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>14</xdr:row><xdr:rowOff>0'
    '</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1">'
    '<a:extLst><a:ext uri="{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}"><a16:creationId '
    'xmlns:a16="http://schemas.microsoft.com/office/drawing/2014/main" id="{12345678-0000-4000-8000-0000000000AA}"/>'
    '</a:ext></a:extLst></xdr:cNvPr><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="6000000" '
    'y="1905000"/><a:ext cx="1828800" cy="762000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525" cmpd="sng"><a:solidFill>'
    '<a:srgbClr val="404040"/></a:solidFill></a:ln></xdr:spPr><xdr:txBody><a:bodyPr vertOverflow="clip" '
    'horzOverflow="clip" wrap="square" rtlCol="0" anchor="t"/><a:lstStyle/><a:p><a:r><a:rPr lang="id-ID" '
    'sz="1100"/><a:t>Catatan: data triwulan IV masih sementara</a:t></a:r></a:p></xdr:txBody></xdr:sp>'
    '<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>')

THREADED = (
    DECL + f'<ThreadedComments xmlns="{TC}" xmlns:x="{MAIN}"><threadedComment ref="B4" dT="2024-03-01T09:30:00.00"'
    f' personId="{PERSON_ID}" id="{THREAD_ID}"><text>Sumber data dari BPS?</text></threadedComment>'
    '</ThreadedComments>')
PERSONS = (
    DECL + f'<personList xmlns="{TC}" xmlns:x="{MAIN}"><person displayName="Sari Wulandari" id="{PERSON_ID}" '
    'userId="sari@example.go.id" providerId="None"/></personList>')

CUSTOM_ITEM = '<?xml version="1.0" encoding="UTF-8" standalone="no"?><b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography" SelectedStyle="/APA.XSL" StyleName="APA" Version="6"/>'  # noqa: E501
CUSTOM_PROPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\r\n<ds:datastoreItem '
    'ds:itemID="{9E2D5F1A-3B4C-4D5E-8F60-718293A4B5C6}" '
    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef '
    'ds:uri="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"/></ds:schemaRefs>'
    '</ds:datastoreItem>')

CALC_CHAIN = (DECL + f'<calcChain xmlns="{MAIN}"><c r="E4" i="1" l="1"/><c r="E5"/><c r="E6"/><c r="E7"/><c r="C8"/>'
              '<c r="D8"/><c r="C2" i="2"/><c r="C3"/><c r="C4"/><c r="B5"/><c r="C5"/></calcChain>')


def workbook_xml(macro: bool) -> str:
    code_name = ' codeName="ThisWorkbook"' if macro else ""
    return (
        DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{R}" xmlns:mc="{MC}" mc:Ignorable="x15 xr xr6 xr10 xr2" '
        'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" '
        f'xmlns:xr="{XR}" xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" '
        'xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10" '
        f'xmlns:xr2="{XR2}"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27425"/>'
        f'<workbookPr{code_name} defaultThemeVersion="166925"/>'
        f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x15"><x15ac:absPath '
        'url="C:\\Users\\sari\\Documents\\LKIP\\" '
        'xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice>'
        '</mc:AlternateContent><xr:revisionPtr revIDLastSave="0" documentId="13_ncr:1_{0C2E4F60-8A1B-4C3D-9E5F-'
        '112233445566}" xr6:coauthVersionLast="47" xr6:coauthVersionMax="47" '
        'xr10:uidLastSave="{00000000-0000-0000-0000-000000000000}"/><bookViews><workbookView xWindow="-120" '
        'yWindow="-120" windowWidth="29040" windowHeight="15720" activeTab="1" '
        'xr2:uid="{00000000-000D-0000-FFFF-FFFF00000000}"/></bookViews><sheets><sheet name="IKU" sheetId="1" '
        'r:id="rId1"/><sheet name="Anggaran" sheetId="2" r:id="rId2"/></sheets><definedNames>'
        '<definedName name="_xlnm.Print_Area" localSheetId="1">Anggaran!$A$1:$C$5</definedName>'
        '<definedName name="_xlnm.Print_Area" localSheetId="0">IKU!$A$1:$H$8</definedName>'
        '<definedName name="Pagu">Anggaran!$B$2:$B$4</definedName></definedNames><calcPr calcId="191029"/>'
        '<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}" '
        'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:workbookPr '
        'chartTrackingRefBase="1"/></ext></extLst></workbook>')


def _rels(*items: tuple[str, str, str]) -> str:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items)
    return DECL + f'<Relationships xmlns="{PKG}">{body}</Relationships>'


APP = (DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
       'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft '
       'Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector '
       'size="4" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>2'
       '</vt:i4></vt:variant><vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>3'
       '</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="5" baseType="lpstr">'
       '<vt:lpstr>IKU</vt:lpstr><vt:lpstr>Anggaran</vt:lpstr><vt:lpstr>Anggaran!Print_Area</vt:lpstr><vt:lpstr>'
       'IKU!Print_Area</vt:lpstr><vt:lpstr>Pagu</vt:lpstr></vt:vector></TitlesOfParts><AppVersion>16.0300'
       '</AppVersion></Properties>')
CORE = (DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:creator>Sari</dc:creator><cp:lastModifiedBy>Sari</cp:lastModifiedBy><dcterms:created '
        'xsi:type="dcterms:W3CDTF">2024-01-05T02:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">'
        '2024-03-01T09:31:00Z</dcterms:modified></cp:coreProperties>')


def build_rich(path: Path, *, workbook_part: str = "xl/workbook.xml", macro: bool = False) -> Path:
    """Write the rich fixture package to `path` (see the module docstring)."""
    wb_dir = posixpath.dirname(workbook_part)
    wb_base = posixpath.basename(workbook_part)
    main_type = ("application/vnd.ms-excel.sheet.macroEnabled.main+xml" if macro
                 else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = [
        (f"/{workbook_part}", main_type),
        ("/xl/worksheets/sheet1.xml", f"{ml}.worksheet+xml"),
        ("/xl/worksheets/sheet2.xml", f"{ml}.worksheet+xml"),
        ("/xl/styles.xml", f"{ml}.styles+xml"),
        ("/xl/sharedStrings.xml", f"{ml}.sharedStrings+xml"),
        ("/xl/drawings/drawing1.xml", "application/vnd.openxmlformats-officedocument.drawing+xml"),
        ("/xl/comments1.xml", f"{ml}.comments+xml"),
        ("/xl/threadedComments/threadedComment1.xml", "application/vnd.ms-excel.threadedcomments+xml"),
        ("/xl/persons/person.xml", "application/vnd.ms-excel.person+xml"),
        ("/xl/calcChain.xml", f"{ml}.calcChain+xml"),
        ("/xl/printerSettings/printerSettings1.bin", f"{ml}.printerSettings"),
        ("/customXml/itemProps1.xml", "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    ]
    defaults = [("rels", "application/vnd.openxmlformats-package.relationships+xml"), ("xml", "application/xml"),
                ("vml", "application/vnd.openxmlformats-officedocument.vmlDrawing")]
    if macro:
        defaults.append(("bin", "application/vnd.ms-office.vbaProject"))
    content_types = (DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     + "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in defaults)
                     + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides) + "</Types>")

    def rel_to(target: str) -> str:
        return posixpath.relpath(target, wb_dir or ".")

    workbook_rels = [
        ("rId1", f"{REL}/worksheet", rel_to("xl/worksheets/sheet1.xml")),
        ("rId2", f"{REL}/worksheet", rel_to("xl/worksheets/sheet2.xml")),
        ("rId4", f"{REL}/styles", rel_to("xl/styles.xml")),
        ("rId5", f"{REL}/sharedStrings", rel_to("xl/sharedStrings.xml")),
        ("rId6", f"{REL}/calcChain", rel_to("xl/calcChain.xml")),
        ("rId7", "http://schemas.microsoft.com/office/2017/10/relationships/person", rel_to("xl/persons/person.xml")),
    ]
    if macro:
        workbook_rels.append(("rId8", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                              rel_to("xl/vbaProject.bin")))
    strings = (DECL + f'<sst xmlns="{MAIN}" count="{len(SHARED_STRINGS) + 14}" uniqueCount="{len(SHARED_STRINGS)}">'
               + "".join(SHARED_STRINGS) + "</sst>")
    parts: list[tuple[str, str | bytes]] = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", _rels(
            ("rId3", f"{REL}/extended-properties", "docProps/app.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "docProps/core.xml"),
            ("rId1", f"{REL}/officeDocument", workbook_part))),
        (workbook_part, workbook_xml(macro)),
        (f"{wb_dir}/_rels/{wb_base}.rels", _rels(*workbook_rels)),
        ("xl/worksheets/sheet1.xml", sheet1_xml()),
        ("xl/worksheets/sheet2.xml", sheet2_xml()),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", strings),
        ("xl/drawings/drawing1.xml", DRAWING),
        ("xl/worksheets/_rels/sheet1.xml.rels", _rels(
            ("rId1", f"{REL}/printerSettings", "../printerSettings/printerSettings1.bin"),
            ("rId2", f"{REL}/drawing", "../drawings/drawing1.xml"),
            ("rId3", f"{REL}/vmlDrawing", "../drawings/vmlDrawing1.vml"),
            ("rId4", f"{REL}/comments", "../comments1.xml"),
            ("rId5", "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
             "../threadedComments/threadedComment1.xml"))),
        ("xl/printerSettings/printerSettings1.bin", PRINTER_SETTINGS),
        ("xl/comments1.xml", COMMENTS),
        ("xl/drawings/vmlDrawing1.vml", VML),
        ("xl/threadedComments/threadedComment1.xml", THREADED),
        ("xl/persons/person.xml", PERSONS),
        ("xl/calcChain.xml", CALC_CHAIN),
        ("customXml/item1.xml", CUSTOM_ITEM),
        ("customXml/_rels/item1.xml.rels", _rels(
            ("rId1", f"{REL}/customXmlProps", "itemProps1.xml"))),
        ("customXml/itemProps1.xml", CUSTOM_PROPS),
        ("docProps/core.xml", CORE),
        ("docProps/app.xml", APP),
    ]
    if macro:
        parts.insert(9, ("xl/vbaProject.bin", VBA_PROJECT))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return path


def rewrite_member(source: Path, target: Path, name: str, change) -> Path:
    """Copy a package, with member `name` replaced by change(old bytes) (None drops it)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == name:
                data = change(data)
                if data is None:
                    continue
            new.writestr(info, data)
    return target


CHECKBOX = (
    '<v:shape id="_x0000_s1030" type="#_x0000_t201" style="position:absolute;margin-left:200pt;margin-top:20pt;'
    'width:80pt;height:18pt;z-index:9" filled="f" stroked="f" o:insetmode="auto"><v:textbox '
    'style="mso-direction-alt:auto"><div style="text-align:left"><font face="Tahoma" size="160" color="auto">'
    'Selesai</font></div></v:textbox><x:ClientData ObjectType="Checkbox"><x:Anchor>5, 0, 1, 0, 6, 0, 2, 0'
    '</x:Anchor><x:AutoFill>False</x:AutoFill><x:Checked>1</x:Checked></x:ClientData></v:shape>')


def build_big(path: Path, rows: int = 10000, styles: bool = True) -> Path:
    """A package with one sheet "Data" of `rows` rows x 5 columns (text, numbers, a formula), plus styles."""
    body = []
    style = ' s="2"' if styles else ""
    for row in range(1, rows + 1):
        body.append(f'<row r="{row}" spans="1:5"><c r="A{row}" t="inlineStr"><is><t>Baris {row}</t></is></c>'
                    f'<c r="B{row}"><v>{row * 3}</v></c><c r="C{row}"><v>{row * 2}</v></c>'
                    f'<c r="D{row}"><f>B{row}/C{row}*100</f><v>150</v></c><c r="E{row}"{style}><v>0.5</v></c></row>')
    sheet = (DECL + f'<worksheet xmlns="{MAIN}" xmlns:r="{R}"><dimension ref="A1:E{rows}"/><sheetData>'
             + "".join(body) + '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
             'header="0.3" footer="0.3"/></worksheet>')
    ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    style_parts = [("xl/styles.xml", STYLES)] if styles else []
    style_rel = [("rId2", f"{REL}/styles", "styles.xml")] if styles else []
    style_type = f'<Override PartName="/xl/styles.xml" ContentType="{ml}.styles+xml"/>' if styles else ""
    parts = [
        ("[Content_Types].xml", DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         f'<Override PartName="/xl/workbook.xml" ContentType="{ml}.sheet.main+xml"/>'
         f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ml}.worksheet+xml"/>'
         f'{style_type}</Types>'),
        ("_rels/.rels", _rels(("rId1", f"{REL}/officeDocument", "xl/workbook.xml"))),
        ("xl/workbook.xml", DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{R}"><bookViews><workbookView/></bookViews>'
         '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>'),
        ("xl/_rels/workbook.xml.rels", _rels(("rId1", f"{REL}/worksheet", "worksheets/sheet1.xml"), *style_rel)),
        ("xl/worksheets/sheet1.xml", sheet),
        *style_parts,
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts:
            archive.writestr(name, content)
    return path
