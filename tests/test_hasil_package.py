"""Acceptance tests of `_hasil` by patching the agency's package (TEMPLATE.md §3 and §6).

Every sample, and an LKIP workbook built the way Excel 365 leaves it (`tests/rich_lkip.py`), also as an .xlsm
and as LibreOffice re-saves it: only what lkip-xls writes differs between the input and its `_hasil`; the
agency's rich parts survive; a percent-formatted computed cell holds the fraction; a `_hasil` that comes back
(not saved, saved by openpyxl, saved by LibreOffice) with one red cell fixed gives exactly the findings that
remain; LibreOffice opens every `_hasil`.

LibreOffice runs three times in this module: one call turns the rich workbook and the edited `_hasil` files
into LibreOffice packages, one prints every `_hasil` to PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
import warnings
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from lkip_xls import api
from lkip_xls.core import schema
from lkip_xls.outputs.hasil.annotate import computed_values
from lkip_xls.outputs.hasil.package import read_package_sheets
from lkip_xls.read.previous import STATE_SHEET
from tests.conftest import SAMPLES, minimal_data, write_workbook
from tests.fixtures_ooxml import PRINTER_SETTINGS, THREAD_ID, VBA_PROJECT, rewrite_member
from tests.package_diff import content_types, diff_packages, read_parts, styles_appended_only
from tests.rich_lkip import FORMULAS, PRINT_AREA, RICH_RUNS, THREADED_CELL, build_rich_lkip

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"m": MAIN, "x14": "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"}
ML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
WORKSHEET, COMMENTS = f"{ML}.worksheet+xml", f"{ML}.comments+xml"
VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
WROTE_ITSELF = {"CAPAIAN-DIFFERS", "SERAPAN-DIFFERS", "SISA-DIFFERS"}
SAMPLE_NAMES = sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*.xlsx"))  # v2/ too
RICH = ["rich.xlsx", "rich_macro.xlsm", pytest.param("rich_lo.xlsx", marks=needs_soffice)]

# The one red cell fixed in the fix-and-return loop: file -> (sheet, cell, the right value)
NTT_FIX = ("Anggaran", "D4", 8445444020)  # the stale program pagu of Tabel 2.7; its kegiatan sum to this
MINIMAL_FIX = ("Anggaran", "D4", 1000000)  # one rupiah more than its only kegiatan
FIXES = {"ntt-2024.xlsx": NTT_FIX, "rich.xlsx": NTT_FIX, "minimal.xlsx": MINIMAL_FIX}


def soffice(files: list[Path], target: str, outdir: Path) -> Path:
    """Convert `files` in one LibreOffice run with a private profile; the folder of the results."""
    profile = Path(f"/tmp/lo-{uuid.uuid4().hex}")
    try:
        subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", target,
                        "--outdir", str(outdir), *map(str, files)], check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return outdir


def process(path: Path, out_dir: Path) -> api.FileResult:
    result = api.process_file(path, api.Options(out_dir=out_dir))
    assert result.status != "unreadable", (path, result.findings)
    return result


def hasil_of(result: api.FileResult) -> Path:
    return Path(result.outputs["hasil"])


def finding_keys(result: api.FileResult) -> list[tuple[str, str | None, str | None]]:
    return sorted((f.code, f.sheet, f.cell) for f in result.findings)


def load(path: Path, **options) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes about the x14 extensions it cannot keep
        return openpyxl.load_workbook(path, **options)


def minimal_with_slip(path: Path) -> Path:
    data = minimal_data()
    data["Anggaran"][0]["Pagu (Rp)"] = 1000001
    return write_workbook(path, data)


def set_cell_xml(source: Path, target: Path, sheet: str, ref: str, value: int) -> Path:
    """Copy a package with one numeric cell changed in the sheet XML (no office suite involved)."""
    def change(data: bytes) -> bytes:
        root = etree.fromstring(data)
        c = root.find(f".//m:c[@r='{ref}']", NS)
        for child in list(c):
            if etree.QName(child).localname in ("f", "v", "is"):
                c.remove(child)
        c.attrib.pop("t", None)
        etree.SubElement(c, f"{{{MAIN}}}v").text = str(value)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return rewrite_member(source, target, read_package_sheets(source)[sheet], change)


def set_cell_openpyxl(source: Path, target: Path, sheet: str, ref: str, value: int) -> Path:
    workbook = load(source)
    workbook[sheet][ref].value = value
    workbook.save(target)
    return target


# ------------------------------------------------------------------------------------------- fixtures


@dataclass
class Run:
    source: Path
    result: api.FileResult

    @property
    def hasil(self) -> Path:
        return hasil_of(self.result)


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hasil_package")


@pytest.fixture(scope="module")
def inputs(work) -> dict[str, Path]:
    """Every input by name: the samples, the rich workbook (.xlsx and .xlsm), the minimal workbook with a slip."""
    folder = work / "in"
    folder.mkdir()
    found = {name: SAMPLES / name for name in SAMPLE_NAMES}
    found["rich.xlsx"] = build_rich_lkip(folder / "rich.xlsx")
    found["rich_macro.xlsm"] = build_rich_lkip(folder / "rich_macro.xlsm", macro=True)
    found["minimal.xlsx"] = minimal_with_slip(folder / "minimal.xlsx")
    return found


@pytest.fixture(scope="module")
def runs(inputs, work) -> dict[str, Run]:
    """Each input processed once (lazily)."""
    class Runs(dict):
        def __missing__(self, name: str) -> Run:
            run = self[name] = Run(inputs[name], process(inputs[name], work / "out" / name.replace(".", "_")))
            return run

    return Runs()


@pytest.fixture(scope="module")
def libreoffice(inputs, runs, work) -> dict[str, Path]:
    """One LibreOffice run: the rich workbook re-saved by LibreOffice (`rich_lo.xlsx`), and for each file of
    FIXES its `_hasil` with the red cell fixed in the XML, then re-saved by LibreOffice (`returned_lo/NAME`)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = work / "lo-in"
    folder.mkdir()
    edited = []
    for name, (sheet, ref, value) in FIXES.items():
        edited.append(set_cell_xml(runs[name].hasil, folder / f"returned_{Path(name).stem}.xlsx", sheet, ref, value))
    outdir = soffice([inputs["rich.xlsx"], *edited], "xlsx", work / "lo-out")
    converted = {"rich_lo.xlsx": outdir / "rich_lo.xlsx"}
    (outdir / "rich.xlsx").rename(converted["rich_lo.xlsx"])
    for name in FIXES:
        converted[f"returned_lo/{name}"] = outdir / f"returned_{Path(name).stem}.xlsx"
    for path in converted.values():
        assert path.exists(), path
    inputs["rich_lo.xlsx"] = converted["rich_lo.xlsx"]
    return converted


def run_of(name: str, runs, request) -> Run:
    if name == "rich_lo.xlsx":
        request.getfixturevalue("libreoffice")
    return runs[name]


# ------------------------------------------------------------------------------------- 1. only what lkip-xls writes


def written_cells(analysis) -> dict[str, set[str]]:
    """sheet -> the cells lkip-xls may change: the computed columns over the data rows, and finding cells."""
    results = analysis.results
    rows = {schema.IKU.name: [r.indicator.row for r in results.indicators],
            schema.ANGGARAN.name: [b.line.row for b in results.budget],
            schema.REALISASI.name: [q.row.row for q in results.quarters],
            schema.KINERJA_PROGRAM.name: [i.indicator.row for p in results.programs for i in p.indicators],
            schema.DATA_DUKUNG.name: [e.row.row for e in results.evidence]}  # Realisasi (Dihitung)
    allowed: dict[str, set[str]] = defaultdict(set)
    for spec_name, data_rows in rows.items():
        layout = analysis.data.layouts.get(spec_name)
        if layout is None:
            continue
        for column in schema.sheet_by_name(spec_name).computed_columns:
            letter = layout.letters[column.key]  # every input here has every computed column
            allowed[layout.title] |= {f"{letter}{row}" for row in data_rows}
    for finding in analysis.findings:
        if finding.sheet and finding.cell:
            allowed[finding.sheet].add(finding.cell)
    return allowed


def check_only_written_differs(source: Path, result: api.FileResult) -> None:
    hasil = hasil_of(result)
    before, after = read_parts(source), read_parts(hasil)
    diff = diff_packages(before, after)
    types_before, types_after = content_types(before), content_types(after)
    sheets = read_package_sheets(source)
    title_of = {part: title for title, part in sheets.items()}
    new_sheets = {part for title, part in read_package_sheets(hasil).items() if title not in sheets}
    assert {title for title, part in read_package_sheets(hasil).items() if part in new_sheets} == {
        schema.PEMERIKSAAN_NAME, STATE_SHEET}
    assert diff.removed == set()
    for name in diff.added - new_sheets:  # comments of a sheet that had none
        assert types_after.get(name) in (COMMENTS, VML) or name.endswith(".rels"), name
    workbook_part = _workbook_part(before)
    allowed_parts = {"[Content_Types].xml", workbook_part, _rels_name(workbook_part), _styles_part(before)}
    allowed = written_cells(result.analysis)
    for name, change in diff.changed.items():
        kind = types_before.get(name)
        if kind == WORKSHEET:
            title = title_of[name]
            assert change.cells <= allowed[title], (title, sorted(change.cells - allowed[title]))
            assert change.elements <= {"dimension", "sheetViews", "legacyDrawing"}, (title, change.elements)
        elif kind in (COMMENTS, VML):
            pass
        elif name.endswith(".rels") and name != _rels_name(workbook_part):  # a sheet's: relationships only added
            old, new = (_relationships(parts[name]) for parts in (before, after))
            assert old <= new, name
        else:
            assert name in allowed_parts, name
    assert styles_appended_only(before[_styles_part(before)], after[_styles_part(before)]) == []
    written = load(hasil, data_only=True)
    for spec_name, rows in computed_values(result.analysis).items():  # every computed value is there
        layout = result.analysis.data.layouts.get(spec_name)
        for row, values in rows.items():
            for key, value in values.items():
                cell = written[layout.title][f"{layout.letters[key]}{row}"]
                if isinstance(value, Decimal) and cell.number_format.endswith("%"):
                    value = value.scaleb(-2)
                assert cell.value == (float(value) if isinstance(value, Decimal) else value), (cell, value)
    marked = {(f.sheet, f.cell) for f in result.findings if f.cell and f.severity.value in ("error", "warning")}
    changed = {(title_of[name], cell) for name, change in diff.changed.items() if name in title_of
               for cell in change.cells}
    assert marked <= changed  # every finding's cell got its fill


def _workbook_part(parts: dict[str, bytes]) -> str:
    root = etree.fromstring(parts["_rels/.rels"])
    target = next(el.get("Target") for el in root if el.get("Type").endswith("/officeDocument"))
    return target.lstrip("/")


def _rels_name(part: str) -> str:
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels"


def _relationships(data: bytes) -> set[tuple[str, str]]:
    return {(el.get("Type"), el.get("Target").lstrip("/")) for el in etree.fromstring(data)}


def _styles_part(parts: dict[str, bytes]) -> str:
    return next(name for name, kind in content_types(parts).items() if kind == f"{ML}.styles+xml")


@pytest.mark.parametrize("name", SAMPLE_NAMES + RICH)
def test_only_what_lkip_xls_writes_differs(name, runs, request):
    run = run_of(name, runs, request)
    check_only_written_differs(run.source, run.result)


# ------------------------------------------------------------------------------------------- 2. rich parts survive


def cell_element(parts: dict[str, bytes], part: str, ref: str) -> etree._Element:
    found = etree.fromstring(parts[part]).findall(f".//m:c[@r='{ref}']", NS)
    assert len(found) == 1, (part, ref)
    return found[0]


def comments_of(parts: dict[str, bytes], sheet_part: str) -> dict[str, tuple[str, str]]:
    """cell -> (author, text) of a sheet's legacy comments."""
    rels = etree.fromstring(parts[_rels_name(sheet_part)])
    target = next(el.get("Target") for el in rels if el.get("Type").endswith("/comments"))
    name = target.lstrip("/") if target.startswith("/") else _join(sheet_part, target)
    root = etree.fromstring(parts[name])
    authors = [a.text for a in root.find("m:authors", NS)]
    return {c.get("ref"): (authors[int(c.get("authorId"))], "".join(c.find("m:text", NS).itertext()))
            for c in root.find("m:commentList", NS)}


def _join(part: str, target: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


@pytest.mark.parametrize("name", RICH)
def test_the_agencys_rich_parts_survive(name, runs, request):
    run = run_of(name, runs, request)
    before, after = read_parts(run.source), read_parts(run.hasil)
    sheets, sheets_after = read_package_sheets(run.source), read_package_sheets(run.hasil)
    assert sheets_after.items() >= sheets.items()
    excel = name != "rich_lo.xlsx"  # LibreOffice drops threaded comments, persons, printer settings, calcChain

    # formulas keep <f> and their stored <v>
    for (sheet, ref), (formula, value) in FORMULAS.items():
        c = cell_element(after, sheets[sheet], ref)
        assert (c.findtext("m:f", namespaces=NS), c.findtext("m:v", namespaces=NS)) == (formula, value), ref
        assert etree.tostring(c, method="c14n") == etree.tostring(cell_element(before, sheets[sheet], ref),
                                                                  method="c14n")

    # IKU's extensions: sparklines, the x14 dropdown, the data bar and its x14:id link, element for element
    iku_before, iku_after = (etree.fromstring(parts[sheets["IKU"]]) for parts in (before, after))
    for path in ("m:extLst", "m:conditionalFormatting", "m:pageSetup", "m:dataValidations"):
        old, new = iku_before.find(path, NS), iku_after.find(path, NS)
        if old is not None:
            assert etree.tostring(new, method="c14n") == etree.tostring(old, method="c14n"), path
    ext = iku_after.find("m:extLst", NS)
    assert len(ext.findall(".//x14:sparkline", NS)) == 3
    link = iku_after.findtext(".//m:conditionalFormatting//x14:id", namespaces=NS)
    assert link and ext.find(f".//x14:cfRule[@id='{link}']", NS) is not None
    if excel:
        assert ext.find(".//x14:dataValidation", NS) is not None  # LibreOffice makes it a plain dropdown

    # the rich text run is still in sharedStrings and reads as one text
    strings = after[next(n for n, k in content_types(after).items() if k == f"{ML}.sharedStrings+xml")]
    assert strings == before[next(n for n, k in content_types(before).items() if k == f"{ML}.sharedStrings+xml")]
    runs_xml = etree.fromstring(strings).findall(".//m:si/m:r", NS)
    assert [r.findtext("m:t", namespaces=NS) for r in runs_xml[:2]] == list(RICH_RUNS)
    assert run.result.analysis.data.identitas.agency == "".join(RICH_RUNS)

    # the text box on Anggaran
    anggaran = etree.fromstring(after[sheets["Anggaran"]])
    drawing_rid = anggaran.find("m:drawing", NS).get(f"{{{REL}}}id")
    rels = etree.fromstring(after[_rels_name(sheets["Anggaran"])])
    target = next(el.get("Target") for el in rels if el.get("Id") == drawing_rid)
    drawing = target.lstrip("/") if target.startswith("/") else _join(sheets["Anggaran"], target)
    assert after[drawing] == before[drawing] and b"TextBox 1" in after[drawing]

    # the threaded-comment cell: marked (its fill), its placeholder note kept, no legacy note of lkip-xls added
    sheet, ref = THREADED_CELL
    assert (("CAPAIAN-DIFFERS", sheet, ref) in finding_keys(run.result))
    note_author, note = comments_of(after, sheets[sheet])[ref]
    assert note.startswith("[Threaded comment]") and "Capaian 99" in note
    assert cell_element(after, sheets[sheet], ref).get("s") != cell_element(before, sheets[sheet], ref).get("s")
    if excel:
        assert note_author == f"tc={THREAD_ID}" and "CAPAIAN-DIFFERS" not in note
        for part in ("xl/threadedComments/threadedComment1.xml", "xl/persons/person.xml", "xl/calcChain.xml",
                     "customXml/item1.xml", "customXml/itemProps1.xml", "docProps/core.xml", "docProps/app.xml"):
            assert after[part] == before[part], part
        assert after["xl/printerSettings/printerSettings1.bin"] == PRINTER_SETTINGS
        iku_rels = after[_rels_name(sheets["IKU"])]
        assert b"threadedComment" in iku_rels and b"printerSettings1.bin" in iku_rels

    # the print area still names Anggaran, at Anggaran's new position
    workbook = etree.fromstring(after[_workbook_part(after)])
    order = [el.get("name") for el in workbook.find("m:sheets", NS)]
    areas = {int(el.get("localSheetId")): el.text for el in workbook.iterfind(".//m:definedName", NS)
             if el.get("name") == "_xlnm.Print_Area"}
    assert areas[order.index("Anggaran")].replace("'", "").replace("$", "") == PRINT_AREA.replace("$", "")

    if name.endswith(".xlsm"):
        assert run.hasil.suffix == ".xlsm"
        assert after["xl/vbaProject.bin"] == VBA_PROJECT
        types = content_types(after)
        assert types["xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
        assert types[_workbook_part(after)] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


# ------------------------------------------------------------------------------------------- 3. percent formats


def test_percent_formatted_computed_cells_hold_the_fraction(tmp_path):
    path = write_workbook(tmp_path / "persen.xlsx", minimal_data())
    workbook = openpyxl.load_workbook(path)
    for row in (4, 5):
        workbook["IKU"][f"K{row}"].number_format = "0.00%"
        workbook["Anggaran"][f"F{row}"].number_format = "0%"
    workbook["IKU"]["K4"] = 1.05  # the agency typed the right capaian as a percentage
    workbook["IKU"]["K5"] = 0.75  # and a wrong one: 75 % where 80 % is right
    workbook.save(path)
    first = process(path, tmp_path / "one")
    assert [(f.code, f.cell, f.params["typed"]) for f in first.findings] == [("CAPAIAN-DIFFERS", "K5", 75)]
    hasil = hasil_of(first)
    parts = read_parts(hasil)
    sheets = read_package_sheets(hasil)
    assert cell_element(parts, sheets["IKU"], "K4").findtext("m:v", namespaces=NS) == "1.05"  # 105 -> 105,00 %
    assert cell_element(parts, sheets["IKU"], "K5").findtext("m:v", namespaces=NS) == "0.8"
    assert cell_element(parts, sheets["Anggaran"], "F4").findtext("m:v", namespaces=NS) == "0.931"  # shows 93 %
    values = load(hasil)
    assert (values["IKU"]["K4"].number_format, values["Anggaran"]["F4"].number_format) == ("0.00%", "0%")
    assert values["Anggaran"]["G4"].value == 69000  # Sisa is money: never divided
    again = process(hasil, tmp_path / "two")
    assert finding_keys(again) == finding_keys(first)  # the agency's 75 % still, nothing about what lkip-xls wrote
    assert read_parts(hasil_of(again)) == parts


# ------------------------------------------------------------------------------------------- 4. fix and return


def three_runs(path: Path, out: Path) -> list[api.FileResult]:
    """Process a file, then its _hasil, then that one's _hasil; no duplicated anything: the last two equal."""
    results = [process(path, out / "1")]
    for step in ("2", "3"):
        results.append(process(hasil_of(results[-1]), out / step))
    return results


@pytest.mark.parametrize("name", ["ntt-2024.xlsx", "rich.xlsx", "minimal.xlsx"])
def test_returned_unchanged_gives_the_same_hasil(name, runs, work):
    first = runs[name].result
    results = three_runs(hasil_of(first), work / "unchanged" / name)
    for result in results:
        assert finding_keys(result) == finding_keys(first)
        assert read_parts(hasil_of(result)) == read_parts(hasil_of(first))


def check_returned(name: str, returned: Path, original: Path, out: Path, runs) -> None:
    """The returned file gives the findings of the original with the same fix; the fixed cell is itself again;
    three runs of it add nothing."""
    sheet, ref, value = FIXES[name]
    out.mkdir(parents=True, exist_ok=True)
    fixed_original = set_cell_xml(original, out / f"fixed_{Path(name).stem}.xlsx", sheet, ref, value)
    expected = process(fixed_original, out / "expected")
    results = three_runs(returned, out / "returned")
    first = results[0]
    assert finding_keys(first) == finding_keys(expected)
    assert (sheet, ref) not in {(f.sheet, f.cell) for f in first.findings}
    wrote = set(runs[name].result.analysis.previous.wrote) | _wrote(runs[name].hasil)
    for finding in first.findings:  # a value lkip-xls wrote is never taken for the agency's
        if finding.code in WROTE_ITSELF and (finding.sheet, finding.cell) in wrote:
            assert finding_keys(expected).count((finding.code, finding.sheet, finding.cell)) == 1
    cell = load(hasil_of(first))[sheet][ref]
    before = load(original)[sheet][ref]
    assert cell.comment is None
    assert (cell.fill.patternType, cell.fill.fgColor.rgb) == (before.fill.patternType, before.fill.fgColor.rgb)
    assert cell.value == value
    parts = [read_parts(hasil_of(result)) for result in results]
    assert parts[1] == parts[2]
    assert set(parts[0]) == set(parts[1])
    workbook = load(hasil_of(results[2]))
    assert workbook.sheetnames.count(schema.PEMERIKSAAN_NAME) == 1 and workbook.sheetnames.count(STATE_SHEET) == 1
    assert [c.value for c in workbook[schema.PEMERIKSAAN_NAME]["B"][3:] if c.value] == [
        f.code for f in first.findings]


def _wrote(hasil: Path) -> set[tuple[str, str]]:
    rows = load(hasil)[STATE_SHEET].iter_rows(values_only=True)
    return {(row[1], row[2]) for row in rows if row and row[0] == "wrote"}


# openpyxl saves formulas without a stored value: lkip-xls computes them (read/formulas.py)
@pytest.mark.parametrize("name", ["ntt-2024.xlsx", "minimal.xlsx", "rich.xlsx"])
def test_fixed_and_saved_by_openpyxl(name, runs, inputs, work):
    sheet, ref, value = FIXES[name]
    out = work / "openpyxl" / name
    out.mkdir(parents=True)
    returned = set_cell_openpyxl(runs[name].hasil, out / f"returned_{Path(name).stem}.xlsx", sheet, ref, value)
    check_returned(name, returned, inputs[name], out, runs)


@pytest.mark.parametrize("name", ["ntt-2024.xlsx", "minimal.xlsx", "rich.xlsx"])
def test_fixed_and_saved_by_libreoffice(name, runs, inputs, libreoffice, work):
    returned = libreoffice[f"returned_lo/{name}"]
    with zipfile.ZipFile(returned) as archive:  # LibreOffice keeps the state sheet, as a hidden one
        assert b'state="hidden"' in archive.read(_workbook_part(read_parts(returned)))
    check_returned(name, returned, inputs[name], work / "libreoffice" / name, runs)


# ------------------------------------------------------------------------------------------- 5. LibreOffice opens it


@needs_soffice
def test_libreoffice_opens_every_hasil(runs, libreoffice, work):
    names = SAMPLE_NAMES + ["rich.xlsx", "rich_macro.xlsm", "rich_lo.xlsx", "minimal.xlsx"]
    files = [runs[name].hasil for name in names]
    assert len({f.stem for f in files}) == len(files)
    pdfs = soffice(files, "pdf", work / "pdf")
    for path in files:
        pdf = pdfs / f"{path.stem}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 1000, path
        if PDFTOTEXT:
            text = subprocess.run([PDFTOTEXT, "-l", "3", str(pdf), "-"], capture_output=True, text=True,
                                  timeout=60, check=True).stdout
            assert "Tingkat" in text, path


def test_own_comments_are_found_by_their_text_when_the_author_was_lost(runs, inputs, work):
    """LibreOffice re-saves every comment with a blank author: lkip-xls still knows its own (no LibreOffice
    needed here, the authors are blanked in the XML)."""
    first = runs["minimal.xlsx"]
    out = work / "blank-authors"
    out.mkdir()
    sheet, ref, value = MINIMAL_FIX
    part = next(name for name, kind in content_types(read_parts(first.hasil)).items() if kind == COMMENTS
                and b'ref="' + ref.encode() + b'"' in read_parts(first.hasil)[name])

    def blank_authors(data: bytes) -> bytes:
        root = etree.fromstring(data)
        for author in root.find("m:authors", NS):
            author.text = " "
        return etree.tostring(root)

    blanked = rewrite_member(first.hasil, out / "blanked.xlsx", part, blank_authors)
    again = process(blanked, out / "again")
    assert finding_keys(again) == finding_keys(first.result)
    notes = comments_of(read_parts(hasil_of(again)), read_package_sheets(blanked)[sheet])
    assert sum("ANGGARAN-SUM-DIFFERS" in text for _, text in notes.values()) == 1  # not twice
    returned = set_cell_xml(blanked, out / "returned.xlsx", sheet, ref, value)
    fixed = process(returned, out / "fixed")
    notes = comments_of(read_parts(hasil_of(fixed)), read_package_sheets(returned)[sheet])
    assert ref not in notes and not any("ANGGARAN-SUM-DIFFERS" in text for _, text in notes.values())
