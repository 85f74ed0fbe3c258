"""The Word draft NAME_lkip.docx (`process --docx`): the LKIP outline, read back with python-docx, and printed by
LibreOffice."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import jsonschema
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

from lkip_xls import api
from lkip_xls.cli import app
from lkip_xls.core.findings import CATALOGUE
from lkip_xls.outputs import docx as docx_output
from lkip_xls.outputs import json_report
from lkip_xls.rules.calc import SCALE_PRESETS
from lkip_xls.text import narrative, outline
from lkip_xls.text.outline import LEFT_OUT, SECTION_KEYS, scale_rows

from .conftest import DATA, SAMPLES, minimal_data, write_workbook

SAMPLE_NAMES = sorted(str(p.relative_to(SAMPLES)) for p in [*SAMPLES.glob("*.xlsx"), *SAMPLES.glob("v2/*.xlsx")])
CHAPTERS_ID = ["BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA", "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP"]
CAPTION = re.compile(r"^Tabel (\d+)\.(\d+) \S")


def process(source: Path, out: Path, lang: str = "id") -> tuple[api.FileResult, dict]:
    result = api.process_file(source, api.Options(out_dir=out, lang=lang, docx=True))
    return result, json_report.file_document(result, lang)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, tuple[Document, dict]]:
    """Every sample's Word draft (Indonesian) with its JSON document."""
    out = tmp_path_factory.mktemp("docx")
    found = {}
    for name in SAMPLE_NAMES:
        result, document = process(SAMPLES / name, out)
        found[name] = (Document(result.outputs["lkip"]), document)
    return found


def body(document: Document) -> list[Paragraph | DocxTable]:
    """Paragraphs and tables in document order."""
    items: list[Paragraph | DocxTable] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            items.append(Paragraph(child, document))
        elif child.tag.endswith("}tbl"):
            items.append(DocxTable(child, document))
    return items


def tables(document: Document) -> dict[str, list[list[str]]]:
    """Each table's cells by its caption (the Caption paragraph just before it)."""
    found: dict[str, list[list[str]]] = {}
    caption = None
    for item in body(document):
        if isinstance(item, Paragraph):
            if item.style.name == "Caption":
                caption = item.text
        else:
            assert caption is not None, "a table without a caption"
            found[caption] = [[cell.text for cell in row.cells] for row in item.rows]
            caption = None
    return found


def table(document: Document, caption_part: str) -> list[list[str]]:
    matches = [rows for caption, rows in tables(document).items() if caption_part in caption]
    assert len(matches) == 1, (caption_part, list(tables(document)))
    return matches[0]


def headings(document: Document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def all_text(document: Document) -> str:
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    header = [p.text for s in document.sections for p in s.header.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells + header)


def id_number(value: float | None, places: int = 2) -> str:
    """A JSON figure as the Indonesian draft writes it (1.234.567,89), independently of lkip_xls.text."""
    if value is None:
        return "-"
    exact = Decimal(str(value))
    if places == 0 and exact != exact.to_integral_value():
        places = 2
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}".replace(",", "#").replace(".", ",").replace("#", ".")


def row_starting(rows: list[list[str]], first: str) -> list[str]:
    found = [row for row in rows if row[0] == first]
    assert len(found) == 1, (first, rows)
    return found[0]


def column(rows: list[list[str]], header: str) -> int:
    return rows[0].index(header)


# --------------------------------------------------------------------------- the outline


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_chapters_in_order_and_no_empty_heading(drafts, name):
    document, _ = drafts[name]
    assert headings(document, 1) == CHAPTERS_ID
    items = body(document)
    for index, item in enumerate(items):
        if isinstance(item, Paragraph) and item.style.name.startswith("Heading"):
            assert item.text.strip(), f"an empty heading in {name}"
            following = next((i for i in items[index + 1:] if not isinstance(i, Paragraph) or i.text.strip()), None)
            assert following is not None, f"{item.text!r} ends the document"
            level = int(item.style.name.split()[-1])
            if level > 1 and isinstance(following, Paragraph) and following.style.name.startswith("Heading"):
                assert int(following.style.name.split()[-1]) > level, f"{item.text!r} has no content"
    sections = headings(document, 2)
    assert [s.split(" ", 1)[0] for s in sections[:3]] == ["1.1", "1.2", "1.3"]
    assert "2.2 Perjanjian Kinerja" in sections and "3.1 Capaian Kinerja Organisasi" in sections


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_tables_are_numbered_per_chapter_and_each_has_a_caption(drafts, name):
    document, _ = drafts[name]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == len(document.tables) == len(tables(document))
    numbers = [tuple(int(n) for n in CAPTION.match(c).groups()) for c in captions]  # type: ignore[union-attr]
    chapters = sorted({c for c, _ in numbers})
    for chapter in chapters:
        assert [n for c, n in numbers if c == chapter] == list(range(1, 1 + sum(c == chapter for c, _ in numbers)))
    assert captions[[c for c, _ in numbers].index(3)] == "Tabel 3.1 Skala Nilai Peringkat Kinerja"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_key_cells_equal_the_json_figures(drafts, name):
    document, figures = drafts[name]
    recap = table(document, "Capaian Kinerja per Sasaran Strategis")
    capaian = column(recap, "Capaian (%)")
    for sasaran in figures["sasaran"]:
        assert row_starting(recap, sasaran["kode"])[capaian] == id_number(sasaran["capaian"]), sasaran["kode"]
    average = recap[-1]
    assert average[1].startswith("Rata-rata capaian (")
    assert average[capaian] == id_number(figures["rata_rata"]["capaian"])
    assert average[capaian + 1] == figures["rata_rata"]["kategori"]
    capaian_of = {}  # indicator -> its Capaian (%) cells in the per-sasaran tables
    for caption, rows in tables(document).items():
        if "Capaian Indikator" in caption:
            at = column(rows, "Capaian (%)")
            for row in rows[1:]:
                capaian_of.setdefault(row[0].removesuffix(" (tidak dirata-rata)"), []).append(row[at])
    for item in figures["iku"]:
        assert set(capaian_of[item["indikator"]]) == {id_number(item["capaian"])}, item["kode"]
    anggaran = figures["anggaran"]
    budget = table(document, "Realisasi Anggaran per Program")
    total = row_starting(budget, "")
    assert total[1] == "Jumlah program"
    assert total[2:5] == [id_number(anggaran["pagu"], 0), id_number(anggaran["realisasi"], 0),
                          id_number(anggaran["serapan"])]
    if figures.get("program"):  # Kinerja Program (template version 2)
        programs = table(document, "Capaian Kinerja dan Keuangan Program dan Kegiatan")
        for item in figures["program"]:
            row = row_starting(programs, item["kode"])
            assert [row[2], row[6], row[7]] == [id_number(item["capaian"]), id_number(item["serapan"]),
                                                id_number(item["efisiensi"])], item["kode"]
    efficiency = table(document, "Efisiensi Penggunaan Anggaran")
    at = column(efficiency, "Efisiensi (poin)")
    for sasaran in figures["sasaran"]:
        row = row_starting(efficiency, sasaran["kode"])
        assert row[at] == id_number(sasaran["efisiensi"])
        assert row[at + 1] == (sasaran["kategori_efisiensi"] or "")


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_draft_mark_while_errors_remain(drafts, name):
    document, figures = drafts[name]
    errors = sum(1 for f in figures["findings"] if f["severity"] == "error")
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    marks = [p.text for p in document.paragraphs if p.text.startswith("DRAF")]
    if errors:
        assert header.strip() == "DRAF"
        assert len(marks) == 1 and marks[0].startswith(f"DRAF — masih ada {errors} (")
    else:
        assert "DRAF" not in header and not marks


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_placeholders_for_the_agency(drafts, name):
    document, figures = drafts[name]
    text = [p.text for p in document.paragraphs]
    coded = len(figures["sasaran"])
    for what in ("faktor pendukung", "faktor penghambat", "upaya dan langkah"):
        assert sum(t.startswith(f"[diisi OPD: {what}") for t in text) == coded, what
    assert "[diisi OPD: latar belakang" in all_text(document)
    closing = text[text.index("BAB IV PENUTUP") + 1]
    assert closing.startswith("[diisi OPD: simpulan")


# The narrative (ringkasan.j2) still names a finding code in the sentence on an extreme capaian; the summary's
# rework (issue #17) takes checking notes out of the prose. This mark fails (strictly) once it has.
CODES_STILL_IN_NARRATIVE: set[str] = set()


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="CAPAIAN-EXTREME named in ringkasan.j2"))
    if n in CODES_STILL_IN_NARRATIVE else n for n in SAMPLE_NAMES])
def test_no_finding_code_in_the_draft(drafts, name):
    document, _ = drafts[name]
    text = all_text(document)
    assert not [code for code in CATALOGUE if code in text]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_outline_own_words_hold_no_finding_code(name):
    analysis = api.check_file(SAMPLES / name).analysis
    assert analysis is not None
    draft = outline.build(analysis, "id", name)
    narrative_texts = {b.text for b in narrative.render(analysis, "id", name)}
    own = [i.text for i in draft.items if isinstance(i, narrative.Block) and i.text not in narrative_texts]
    own += [cell for i in draft.items if isinstance(i, outline.Table) for cell in [i.caption, *i.header]
            + [c for row in i.rows for c in row]]
    assert not [code for code in CATALOGUE if any(code in text for text in own)]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_one_source_of_sentences_every_report_block_of_the_narrative_is_in_the_draft(drafts, name):
    """The prose is the summary's narrative: every block of its report sections is a paragraph of the draft,
    and the checking section is not."""
    document, _ = drafts[name]
    analysis = api.check_file(SAMPLES / name).analysis
    assert analysis is not None
    blocks = narrative.render(analysis, "id", name)
    paragraphs = {p.text for p in document.paragraphs}
    key = None
    for block in blocks:
        if block.kind == "section":
            key = SECTION_KEYS.get(block.text, "other")
            continue
        if key is None:
            continue  # the summary's own title lines
        if isinstance(block, (narrative.Table, narrative.Placeholder)):
            continue  # the draft numbers its own tables and placeholders
        if key in LEFT_OUT:
            assert block.text not in paragraphs
        else:
            assert block.text in paragraphs, block.text


def test_english_draft(tmp_path):
    result, figures = process(SAMPLES / "ntt-2024.xlsx", tmp_path, "en")
    document = Document(result.outputs["lkip"])
    assert headings(document, 1) == ["CHAPTER I INTRODUCTION", "CHAPTER II PERFORMANCE PLANNING",
                                     "CHAPTER III PERFORMANCE ACCOUNTABILITY", "CHAPTER IV CONCLUSION"]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Table 3.1 Performance Rating Scale" in captions
    assert document.sections[0].header.paragraphs[0].text == "DRAFT"
    assert "[to be filled in by the agency: the factors that supported this objective]" in all_text(document)
    recap = table(document, "Performance per Strategic Objective")
    assert recap[-1][3] == f"{figures['rata_rata']['capaian']:.2f}" == "70.36"
    assert "Tabel" not in all_text(document) and "diisi OPD" not in all_text(document)


def test_scale_table_states_each_band_once_with_its_bounds():
    assert scale_rows(SCALE_PRESETS["kemenpan"], "id") == [
        ["≥ 85", "Sangat Berhasil"], ["≥ 75 s.d. < 85", "Berhasil"], ["≥ 55 s.d. < 75", "Cukup Berhasil"],
        ["< 55", "Belum Berhasil"]]
    sakip = scale_rows(SCALE_PRESETS["sakip"], "en")
    assert sakip[0] == ["> 90", "AA"] and sakip[1] == ["> 80 to ≤ 90", "A"] and sakip[-1] == ["≤ 30", "D"]


# --------------------------------------------------------------------------- template version 2


def v2_data() -> dict:
    data = minimal_data()
    data["Identitas"]["Versi Template"] = 2
    data["Anggaran"] = [
        {"Kode": "1", "Uraian": "Program satu", "Kode Sasaran": "SS1", "Pagu (Rp)": 1000000,
         "Realisasi (Rp)": 931000, "Sumber Dana": "APBD", "Pagu Murni (Rp)": 900000},
        {"Kode": "1.1", "Uraian": "Kegiatan satu", "Pagu (Rp)": 600000, "Realisasi (Rp)": 531000},
        {"Kode": "1.2", "Uraian": "Kegiatan dua", "Pagu (Rp)": 400000, "Realisasi (Rp)": 400000, "Sumber Dana": "DAK"},
        {"Kode": "9", "Uraian": "Pendapatan Retribusi", "Pagu (Rp)": 1000, "Realisasi (Rp)": 1250,
         "Jenis": "Pendapatan"},
    ]
    data["Kinerja Program"] = [
        {"Kode": "1", "Indikator Kinerja": "Persentase layanan", "Satuan": "%", "Target": 80, "Realisasi": 84},
        {"Indikator Kinerja": "Opini BPK", "Satuan": "Predikat", "Target": "WTP", "Realisasi": "WDP"},
        {"Kode": "1.1", "Indikator Kinerja": "Dokumen", "Satuan": "Dokumen", "Target": 10, "Realisasi": 9},
    ]
    return data


def test_template_version_2_tables(tmp_path):
    source = write_workbook(tmp_path / "v2.xlsx", v2_data())
    result, figures = process(source, tmp_path / "out")
    document = Document(result.outputs["lkip"])
    program = table(document, "Capaian Kinerja dan Keuangan Program dan Kegiatan")
    first = row_starting(program, "1")
    expected = figures["program"][0]
    assert first[1] == "Program satu"
    assert first[2] == id_number(expected["capaian"]) and first[6] == id_number(expected["serapan"])
    assert first[7] == id_number(expected["efisiensi"])
    sources = table(document, "Realisasi Belanja menurut Sumber Dana")
    for item in figures["anggaran"]["sumber_dana"]:
        row = row_starting(sources, item["sumber_dana"])
        assert row[1:4] == [id_number(item["pagu"], 0), id_number(item["realisasi"], 0), id_number(item["serapan"])]
    revenue = table(document, "Target dan Realisasi Pendapatan")
    assert revenue[-1][2:] == [id_number(figures["anggaran"]["pendapatan"]["target"], 0),
                               id_number(figures["anggaran"]["pendapatan"]["realisasi"], 0),
                               id_number(figures["anggaran"]["pendapatan"]["persen"])]
    murni = table(document, "Pagu Murni")
    assert row_starting(murni, "1")[2:] == ["900.000", "1.000.000", "100.000"]
    assert any(h.endswith(" Capaian Kinerja dan Keuangan Program") for h in headings(document, 2))


# --------------------------------------------------------------------------- agency text, the command line


def test_agency_text_stays_plain_text(tmp_path):
    analysis = api.check_file(SAMPLES / "ntt-2024.xlsx").analysis
    assert analysis is not None
    analysis.data.identitas.agency = '=HYPERLINK("http://example.com","klik")'
    analysis.results.indicators[0].indicator.name = "=1+1 { PAGE } \x07bel"
    analysis.data.staff_units[0].unit = "<b>Sekretariat</b> & co"
    target = tmp_path / "x_lkip.docx"
    docx_output.write_docx(analysis, target)
    import zipfile

    with zipfile.ZipFile(target) as archive:
        xml = archive.read("word/document.xml").decode()
    assert not re.search(r"<w:(fldSimple|instrText|hyperlink|fldChar)\b", xml)
    text = all_text(Document(target))
    assert '=HYPERLINK("http://example.com","klik")' in text
    assert "=1+1 { PAGE } bel" in text and "<b>Sekretariat</b> & co" in text
    assert [p.name for p in tmp_path.iterdir()] == ["x_lkip.docx"]  # no temporary left behind


def test_process_docx_flag_writes_the_draft_and_names_it_in_the_json(tmp_path):
    out = tmp_path / "out"
    source = SAMPLES / "pasuruan-2022.xlsx"
    plain = CliRunner().invoke(app, ["process", str(source), "--out-dir", str(out), "--json", "-", "-q"])
    assert plain.exit_code == 0, plain.output
    assert "lkip" not in json.loads(plain.stdout)["files"][0]["outputs"]
    assert not (out / "pasuruan-2022_lkip.docx").exists()
    with_docx = CliRunner().invoke(app, ["process", str(source), "--out-dir", str(out), "--docx", "--json", "-",
                                         "-q"])
    assert with_docx.exit_code == 0, with_docx.output
    jsonschema.validate(json.loads(with_docx.stdout), json.loads((DATA / "result.schema.json").read_text()))
    outputs = json.loads(with_docx.stdout)["files"][0]["outputs"]
    assert outputs["lkip"] == str(out / "pasuruan-2022_lkip.docx")
    assert headings(Document(outputs["lkip"]), 1) == CHAPTERS_ID
    assert "--docx" in CliRunner().invoke(app, ["process", "--help"]).output


# --------------------------------------------------------------------------- a real word processor


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_libreoffice_prints_the_draft(tmp_path):
    result, _ = process(SAMPLES / "ntt-2024.xlsx", tmp_path / "out")
    pdf_dir = tmp_path / "pdf"
    completed = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(pdf_dir), result.outputs["lkip"]],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    assert completed.returncode == 0, completed.stderr
    pdf = pdf_dir / "ntt-2024_lkip.pdf"
    assert pdf.exists(), completed.stdout + completed.stderr  # LibreOffice Writer is needed for a .docx
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True,
                                   timeout=60).stdout.split())
    for expected in ("BAB I PENDAHULUAN", "BAB III AKUNTABILITAS KINERJA", "Tabel 3.1 Skala Nilai Peringkat Kinerja",
                     "70,36", "Cukup Berhasil", "20.771.496.520", "DRAF", "[diisi OPD: faktor pendukung"):
        assert expected in text, expected
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    assert 5 <= int(re.search(r"Pages:\s+(\d+)", pages).group(1)) <= 20  # type: ignore[union-attr]


def test_a_sparse_workbook_gives_a_draft_without_empty_sections_and_never_a_zero_for_an_unread_value(tmp_path):
    data = minimal_data()
    data["IKU"][1]["Realisasi"] = "belum rilis"
    data["Anggaran"][0]["Pagu (Rp)"] = "seribu"  # cannot be read: no total is stated, and never as 0
    result, figures = process(write_workbook(tmp_path / "jarang.xlsx", data), tmp_path / "out")
    document = Document(result.outputs["lkip"])
    assert headings(document, 1) == CHAPTERS_ID
    assert "[diisi OPD: gambaran sumber daya manusia]" in all_text(document)  # no SDM sheet
    rows = table(document, "Capaian Indikator Sasaran")
    assert row_starting(rows, "Ind dua")[column(rows, "Realisasi")] == "belum rilis"
    assert row_starting(rows, "Ind dua")[column(rows, "Capaian (%)")] == "-"
    budget = table(document, "Realisasi Anggaran per Program")
    assert row_starting(budget, "1")[2:] == ["-", "931.000", "-"]
    assert row_starting(budget, "")[1:] == ["Jumlah program", "-", "931.000", "-"]
    items = body(document)
    for index, item in enumerate(items[:-1]):
        following = items[index + 1]
        if isinstance(item, Paragraph) and item.style.name == "Heading 2":
            assert not (isinstance(following, Paragraph) and following.style.name in ("Heading 1", "Heading 2"))
    assert figures["status"] == "errors" and "DRAF" in document.sections[0].header.paragraphs[0].text


def test_the_renderer_takes_any_block_kind_and_sizes_figure_columns_to_their_figures():
    table = outline.Table("t", "Tabel 1.1 Contoh", ["Uraian", "Pagu (Rp)"],
                          [["Program satu yang namanya panjang sekali", "20.771.496.520"], ["Jumlah", "9"]],
                          [4, 1], [False, True], frozenset({1}))
    draft = outline.Outline("Judul", None, [narrative.Block("title", "Judul"),
                                             narrative.Block("a-kind-added-later", "Teks baru"), table])
    document = docx_output.build(draft)
    paragraphs = {p.text: p.style.name for p in document.paragraphs}
    assert paragraphs["Teks baru"] == "Normal" and paragraphs["Judul"] == "Title"
    assert [c.text for c in document.tables[0].rows[1].cells] == ["Program satu yang namanya panjang sekali",
                                                                  "20.771.496.520"]
    widths = docx_output.column_widths(table, docx_output._usable_width())  # noqa: SLF001
    assert sum(widths) <= docx_output._usable_width()  # noqa: SLF001
    assert widths[1] >= docx_output.text_width("20.771.496.520", docx_output.TABLE_FONT)
    assert widths[0] > widths[1]  # the spare width goes to the text


# --------------------------------------------------------------------------- report prose, not tool words

TOOL_WORDS = re.compile(r"workbook|\bsheet\b|\bsel\b|\bcell\b|lkip-xls|diproses ulang|processed again", re.I)


def test_the_outline_own_words_hold_no_tool_vocabulary():
    assert not [(key, lang, text) for key, texts in outline.WORDS.items() for lang, text in texts.items()
                if TOOL_WORDS.search(text)]


@pytest.mark.parametrize(("lang", "expected"), [
    ("id", "DRAF — masih ada 1 (satu) kesalahan dalam data laporan. Angka dalam draf ini dapat berubah setelah "
           "kesalahan diperbaiki dan data diperiksa ulang."),
    ("en", "DRAFT — the report's data still holds 1 (one) error. The figures of this draft may change once the "
           "error is corrected and the data is checked again.")])
def test_draft_mark_in_report_words_with_one_error(lang, expected):
    from . import builders as b
    analysis = b.analyse(b.minimal(budget=[b.budget_line("1", 1000, 1200, name="Program satu", sasaran="SS1")]))
    draft = [i.text for i in outline.build(analysis, lang).items
             if isinstance(i, narrative.Block) and i.kind == "draft"]
    assert draft == [expected]


def test_draft_mark_counts_several_errors_in_english():
    from . import builders as b
    analysis = b.analyse(b.minimal(budget=[b.budget_line("1", 1000, 1200, name="Program satu", sasaran="SS1"),
                                           b.budget_line("1.1", 1000, 1200, name="Kegiatan satu")]))
    draft = [i.text for i in outline.build(analysis, "en").items
             if isinstance(i, narrative.Block) and i.kind == "draft"]
    assert draft and draft[0].startswith("DRAFT — the report's data still holds 2 (two) errors.")


def _docx_table(header: list[str], rows: list[list[str]], widths: list[float], numeric: list[bool]):
    return outline.Table("t", "Tabel 1.1 Contoh", header, rows, widths, numeric)


def test_no_column_is_narrower_than_its_longest_header_word_at_the_tables_font():
    """Table 1.1 of NTT: 'Perempuan' (bold, 7,5 or 9 pt) split 'Perempua|n' when the estimate was too small."""
    header = ["Unit Kerja", "PNS", "CPNS", "PPPK", "Non ASN", "Jumlah Pegawai", "Laki-laki", "Perempuan"]
    rows = [["Dekranasda Provinsi NTT", "23", "", "", "", "23", "12", "11"]]
    table = _docx_table(header, rows, [3, 1, 1, 1, 1, 1, 1, 1], [False] + [True] * 7)
    usable = docx_output._usable_width()  # noqa: SLF001
    size = docx_output._font(table, usable)  # noqa: SLF001
    widths = docx_output.column_widths(table, usable)
    padding = docx_output.CELL_PADDING
    for text, width in zip(header, widths, strict=True):
        assert width - padding >= max(docx_output.text_width(w, size, bold=True) for w in text.split()), text
    # the estimate is at least DejaVu Sans Bold's real advance width (LibreOffice's stand-in for Arial, the widest
    # of the fonts a draft prints in): 'Perempuan' is 6,44 em, 'Indikator' 5,14 em, 'Realisasi' 5,02 em
    for word, ems in (("Perempuan", 6.44), ("Indikator", 5.14), ("Realisasi", 5.02), ("Kinerja", 4.02)):
        assert docx_output.text_width(word, Pt(10), bold=True) >= ems * Pt(10)
    assert not docx_output.is_wide(table)  # short unit names: upright, no landscape page


def test_a_nine_column_indicator_table_goes_on_a_landscape_section_with_its_sasaran_text(drafts):
    document, _ = drafts["ntt-2024.xlsx"]
    sections = document.sections
    assert [s.orientation for s in sections][:1] == [WD_ORIENT.PORTRAIT]
    assert any(s.orientation == WD_ORIENT.LANDSCAPE and s.page_width > s.page_height for s in sections)
    assert sections[-1].orientation == WD_ORIENT.PORTRAIT  # back upright after the sasaran
    items = outline.build(api.check_file(SAMPLES / "ntt-2024.xlsx").analysis, "id", "ntt-2024.xlsx").items
    flags = docx_output.landscape_items(items)
    for item, landscape in zip(items, flags, strict=True):
        if isinstance(item, outline.Table):
            assert landscape == (len(item.header) >= 8 and item.key.startswith("sasaran:")), item.caption
    first = flags.index(True)
    assert isinstance(items[first], narrative.Block) and items[first].kind == "section"  # with its heading
    table = next(i for i in items if isinstance(i, outline.Table) and i.key.startswith("sasaran:"))
    widths = docx_output.column_widths(table, docx_output._usable_width(landscape=True))  # noqa: SLF001
    upright = docx_output.column_widths(table, docx_output._usable_width())  # noqa: SLF001
    assert widths[0] > 2 * upright[0]  # "Indikator Kinerja" has room for its words, not one per line
    assert docx_output._font(table, docx_output._usable_width(landscape=True)) == docx_output.TABLE_FONT  # noqa: SLF001
