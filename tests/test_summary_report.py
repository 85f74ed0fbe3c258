"""The summary reads as a report section (issue #17): only report prose in the narrative sheet, a DRAF mark while
errors remain, the scale table and formula paragraph, placeholders for the agency, no repeated sentences, the
agency named with its Pemerintah Daerah, and charts named by names, not codes."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from lkip_xls import api
from lkip_xls.core.findings import CATALOGUE
from lkip_xls.core.model import Severity
from lkip_xls.outputs import summary
from lkip_xls.rules.facts import facts
from lkip_xls.text import narrative
from lkip_xls.text.format import agency_name, short_name

from . import builders as b
from .conftest import SAMPLES

SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.xlsx"))
NARRATIVE = {"id": "Ringkasan", "en": "Summary"}
HINT = {"id": "[diisi OPD:", "en": "[to be filled in by the agency:"}
TOOL_WORDS = ("lkip-xls", "Temuan", "Findings", "sheet ", "sel ", "proses ulang", "process the workbook")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, api.Analysis]]:
    folder = tmp_path_factory.mktemp("report")
    written = {}
    for name in SAMPLE_NAMES:
        analysis = api.check_file(SAMPLES / f"{name}.xlsx").analysis
        assert analysis is not None
        for lang in ("id", "en"):
            target = folder / f"{name}_{lang}_ringkasan.xlsx"
            summary.write_summary(analysis, target, lang, f"{name}.xlsx")
            written[name, lang] = (target, analysis)
    return written


def sheet_cells(path: Path, sheet: str) -> list[str]:
    worksheet = openpyxl.load_workbook(path)[sheet]
    return [str(c.value) for row in worksheet.iter_rows() for c in row if c.value is not None]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.;:!?])\s+(?=[A-Z\"(])", text) if s.strip()]


# --------------------------------------------------------------------------- every sample, both languages


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_narrative_sheet_reads_as_a_report_section(outputs, name, lang):
    path, analysis = outputs[name, lang]
    cells = sheet_cells(path, NARRATIVE[lang])
    text = " ".join(cells)
    errors = analysis.count(Severity.ERROR)
    mark = f"DRAF — masih ada {errors} kesalahan" if lang == "id" else "DRAFT — "
    # the DRAF mark at the very top iff errors remain
    assert cells[0].startswith(mark) == bool(errors), cells[0]
    assert ("DRAF" in text) == bool(errors)
    # no finding code, no pointer to the findings sheet, no tool vocabulary
    for code in CATALOGUE:
        assert code not in text, code
    for word in TOOL_WORDS:
        assert word not in text, word
    # no sentence said twice (placeholder labels are labels, not sentences)
    prose = [c for c in cells if len(c) > 40]
    repeated = [s for s, n in Counter(s for c in prose for s in sentences(c)).items() if n > 1]
    assert not repeated, repeated
    # the scale table with every band of the workbook's scale
    caption = "Tabel 3.1 Skala kategori capaian" if lang == "id" else "Table 3.1 Capaian category scale"
    assert caption in cells
    for band in analysis.results.scale:
        assert band.category in cells
    # Faktor pendukung / penghambat / upaya for every sasaran
    sasaran = [s for s in facts(analysis).sasaran if s.code]
    assert sum(c.count(HINT[lang]) for c in cells) == 3 * len(sasaran)
    # the agency named with its Pemerintah Daerah
    ident = analysis.data.identitas
    full = agency_name(ident.agency, ident.government)
    assert full in cells
    assert ident.government.split(" ", 1)[1] in full  # "Pemerintah Kota Pasuruan" -> "... Kota Pasuruan"
    # page numbers only in the footer of every sheet
    for worksheet in openpyxl.load_workbook(path).worksheets:
        assert "lkip-xls" not in (worksheet.oddFooter.center.text or ""), worksheet.title


def test_placeholders_are_styled_apart_from_the_prose(outputs):
    path, _ = outputs["ntt-2024", "id"]
    worksheet = openpyxl.load_workbook(path)["Ringkasan"]
    boxes = [c for row in worksheet.iter_rows() for c in row if c.value and "[diisi OPD:" in str(c.value)]
    prose = next(c for row in worksheet.iter_rows() for c in row if c.value and str(c.value).startswith("Pada tahun"))
    assert boxes and all(c.fill.fgColor.rgb != prose.fill.fgColor.rgb for c in boxes)
    assert str(boxes[0].value).startswith("Faktor pendukung: [diisi OPD: faktor yang mendukung capaian sasaran SS1]")
    draft = worksheet["A1"]
    assert draft.value == "DRAF — masih ada 4 kesalahan" and draft.font.b and draft.font.color.rgb.endswith("C00000")


def test_capaian_sheet_has_last_year_and_renstra_columns_when_the_workbook_has_them(outputs, tmp_path):
    path, _ = outputs["ntt-2024", "id"]
    worksheet = openpyxl.load_workbook(path)["Capaian IKU"]
    header = [c.value for c in worksheet[4]]
    assert header.index("Realisasi Tahun Lalu") < header.index("Target") < header.index("Capaian (%)") \
        < header.index("Target Akhir Renstra") < header.index("Kategori")
    row = next(r for r in worksheet.iter_rows(min_row=5, values_only=True) if r[3] == "IKU2.1")
    assert row[header.index("Realisasi Tahun Lalu")] == 23.56 and row[header.index("Target Akhir Renstra")] == 75
    assert row[header.index("Capaian (%)")] == 11.07
    analysis = b.analyse(b.minimal())  # no indicator has either figure: no empty columns
    summary.write_summary(analysis, tmp_path / "m_ringkasan.xlsx")
    header = [c.value for c in openpyxl.load_workbook(tmp_path / "m_ringkasan.xlsx")["Capaian IKU"][4]]
    assert "Realisasi Tahun Lalu" not in header and "Target Akhir Renstra" not in header


def test_charts_name_indicators_and_programs_and_keep_labels_off_the_lines(outputs):
    path, analysis = outputs["pasuruan-2022-program", "id"]
    with zipfile.ZipFile(path) as archive:
        charts = {n: archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")}
    bars = [xml for xml in charts.values() if "<c:barChart>" in xml]
    assert bars
    for xml in bars:
        assert '<c:dLblPos val="inBase"/>' in xml  # never at the bar's top, where the 90 %/100 % lines run
        assert "Kota Pasuruan" in xml  # the chart says whose figures it shows
    workbook = openpyxl.load_workbook(path)
    worksheet = workbook["Anggaran"]
    categories = re.search(r"<c:cat>.*?<c:f>'?Anggaran'?!\$([A-Z]+)\$", charts_for(charts, "Serapan")).group(1)
    names = [c.value for c in worksheet[categories] if c.value]
    assert names and all(not re.fullmatch(r"[\d.]+", n) for n in names)  # names, not "3.30.02"
    assert any(n.startswith("PENINGKATAN SARANA DISTRIBUSI") for n in names)  # "PROGRAM" on every bar is dropped
    assert all(len(n) <= 40 for n in names)


def charts_for(charts: dict[str, str], title: str) -> str:
    return next(xml for xml in charts.values() if title in xml)


def test_a_long_capaian_table_repeats_its_header_a_short_one_does_not(tmp_path):
    many = [b.indicator(f"IKU{i}", 80, 70 + i % 30, sasaran=f"SS{i % 5 + 1}", name=f"Indikator nomor {i}")
            for i in range(60)]
    summary.write_summary(b.analyse(b.minimal(indicators=many)), tmp_path / "long_ringkasan.xlsx")
    summary.write_summary(b.analyse(b.minimal()), tmp_path / "short_ringkasan.xlsx")
    long = openpyxl.load_workbook(tmp_path / "long_ringkasan.xlsx")
    assert long["Capaian IKU"].print_title_rows == "$4:$4"
    # its chart goes to a sheet of charts that prints no header row, rather than under an orphan one
    assert not long["Capaian IKU"]._charts and len(long["Grafik"]._charts) == 1
    assert long["Grafik"].print_title_rows is None and long.sheetnames[-2:] == ["Grafik", "Temuan"]
    short = openpyxl.load_workbook(tmp_path / "short_ringkasan.xlsx")
    assert short["Capaian IKU"].print_title_rows is None and len(short["Capaian IKU"]._charts) == 1
    assert "Grafik" not in short.sheetnames


# --------------------------------------------------------------------------- the rules behind the prose


def render(data, lang: str = "id") -> list[narrative.Block]:
    return narrative.blocks(narrative.render_text(facts(b.analyse(data)), lang))


def text_of(blocks: list[narrative.Block]) -> str:
    return " ".join(x.text for x in blocks)


def test_sasaran_without_budget_are_named_in_one_sentence():
    indicators = [b.indicator(f"IKU{i}", 80, 84, sasaran=f"SS{i}", sasaran_name=f"Sasaran nomor {i}")
                  for i in range(1, 13)]
    budget = [b.budget_line("1", 1000000, 931000, name="Program satu", sasaran="SS1")]
    for lang, phrase in (("id", "belum dikaitkan dengan anggaran"), ("en", "not yet linked to the budget")):
        text = text_of(render(b.minimal(indicators=indicators, budget=budget), lang))
        assert text.count(phrase) == 1
        sentence = next(s for s in sentences(text) if phrase in s)
        assert all(f"Sasaran nomor {i} (SS{i})" in sentence for i in range(2, 13))
        assert "Sasaran nomor 1 (SS1)" not in sentence
        assert "tidak ada baris anggaran" not in text and "Kode Sasaran" not in text


def test_a_one_indicator_sasaran_states_its_figure_once():
    data = b.minimal(indicators=[b.indicator("IKU1", 80, 84, sasaran_name="Sasaran satu", direction="Naik")])
    blocks = render(data)
    part = text_of(blocks).split("Sasaran 1:")[1].split("Akuntabilitas Keuangan")[0]
    assert part.count("105,00%") == 1


def test_serapan_known_is_never_said_unavailable():
    """A sasaran with budget lines whose indicators have no capaian: its serapan is stated, and the reason that
    no efficiency is computed is the capaian, never "serapan tidak tersedia"."""
    data = b.minimal(indicators=[b.indicator("IKU1", 80, None, actual_text="N/A", sasaran_name="Sasaran satu")])
    text = text_of(render(data))
    assert "tidak tersedia" not in text.replace("realisasinya belum tersedia", "")
    assert "serapan anggaran 93,10%, tetapi capaian kinerjanya belum dapat dihitung" in text
    english = text_of(render(data, "en"))
    assert "budget absorption 93.10%, but its capaian cannot be computed yet" in english
    assert "not available" not in english.replace("realisasi is not available", "")


def test_staff_prose_omits_zero_groups_and_uses_current_position_terms():
    staff = [b.staff_unit("Sekretariat", PNS=10, Jumlah_Pegawai=10, Laki_laki=6, Perempuan=4, Golongan_IV=3,
                          Golongan_III=7, Golongan_II=0, Golongan_I=0, JPT=0, Administrator=1, Pengawas=2,
                          Fungsional=3, Pelaksana=4)]
    text = text_of(render(b.minimal(staff=staff)))
    assert "terdapat 3 orang golongan IV dan 7 orang golongan III." in text
    assert not re.search(r"\b0 orang", text) and "struktural" not in text and "pimpinan tinggi" not in text
    assert "1 orang pejabat administrator, 2 orang pejabat pengawas, 3 orang pejabat fungsional, dan 4 orang " \
           "pelaksana" in text
    english = text_of(render(b.minimal(staff=staff), "en"))
    assert "structural" not in english and not re.search(r"\b0 in grade", english)
    assert "By grade (golongan), 3 in grade IV and 7 in grade III." in english


def test_formula_paragraph_names_only_the_formulas_the_workbook_uses():
    naik = text_of(render(b.minimal()))
    assert "capaian = realisasi ÷ target × 100%" in naik and "makin rendah realisasinya makin baik" not in naik
    turun = [b.indicator("IKU1", "< 11", Decimal_str("9.74"), sasaran_name="Harga", name="Koefisien variasi harga",
                         direction="Turun")]
    text = text_of(render(b.minimal(indicators=turun)))
    assert "capaian = (2 × target − realisasi) ÷ target × 100%" in text and "realisasi ÷ target × 100%" not in text
    t_over_r = b.identitas(turun_formula="T/R")
    text = text_of(render(b.minimal(indicators=turun, identitas=t_over_r)))
    assert "capaian = target ÷ realisasi × 100%" in text
    band = [b.indicator("IKU1", "3 - 10", 5, sasaran_name="Harga", direction="Tetap")]
    assert "target berupa rentang" in text_of(render(b.minimal(indicators=band)))
    capped = text_of(render(b.minimal(identitas=b.identitas(indicator_cap=100, average_basis="sasaran"))))
    assert "Capaian setiap indikator dibatasi paling tinggi 100%." in capped
    assert "rata-rata capaian setiap sasaran strategis" in capped


def Decimal_str(value: str):  # noqa: N802 - a Decimal from text, as a typed cell holds it
    from decimal import Decimal
    return Decimal(value)


def test_scale_table_is_the_workbooks_scale():
    blocks = render(b.minimal(identitas=b.identitas(scale="sakip")))
    table = next(x for x in blocks if isinstance(x, narrative.Table))
    assert table.text == "Tabel 3.1 Skala kategori capaian" and table.header == ("Capaian (%)", "Kategori")
    assert table.rows[0] == ("> 90", "AA") and table.rows[1] == ("> 80 s.d. < 90", "A")
    assert table.rows[-1] == ("< 30", "D")
    default = next(x for x in render(b.minimal()) if isinstance(x, narrative.Table))
    assert default.rows[0] == ("≥ 91", "Sangat Tinggi") and default.rows[-1] == ("< 51", "Sangat Rendah")


def test_blocks_parse_tables_placeholders_and_the_draft_mark():
    text = ("!! DRAF — masih ada 2 kesalahan\n\n|= Tabel 1\n|# A | B\n|< l | r\n| x \\| y | 1\n| z\\\\ | 2\n\n"
            "?? Faktor pendukung :: [diisi OPD: apa]\n\nSatu paragraf\nberlanjut.\n")
    blocks = narrative.blocks(text)
    assert blocks[0] == narrative.Block("draft", "DRAF — masih ada 2 kesalahan")
    table = blocks[1]
    assert isinstance(table, narrative.Table) and table.kind == "table" and table.text == "Tabel 1"
    assert table.header == ("A", "B") and table.align == ("l", "r")
    assert table.rows == (("x | y", "1"), ("z\\", "2"))
    assert blocks[2] == narrative.Placeholder("placeholder", "Faktor pendukung: [diisi OPD: apa]",
                                              label="Faktor pendukung", hint="[diisi OPD: apa]")
    assert blocks[3] == narrative.Block("paragraph", "Satu paragraf berlanjut.")
    cell = narrative.environment("id").filters["cell"]
    assert narrative.blocks("|= T\n| " + cell("a|b\\c") + " | d\n")[0].rows == (("a|b\\c", "d"),)


@pytest.mark.parametrize(("agency", "government", "expected"), [
    ("Dinas Perindustrian dan Perdagangan", "Pemerintah Provinsi Nusa Tenggara Timur",
     "Dinas Perindustrian dan Perdagangan Provinsi Nusa Tenggara Timur"),
    ("Dinas Perindustrian dan Perdagangan Kota Pasuruan", "Pemerintah Kota Pasuruan",
     "Dinas Perindustrian dan Perdagangan Kota Pasuruan"),
    ("Dinas Koperasi", "Pemerintah Daerah Kabupaten Sikka", "Dinas Koperasi Kabupaten Sikka"),
    ("Dinas Koperasi", None, "Dinas Koperasi"),
    (None, "Pemerintah Kota Contoh", None),
])
def test_agency_name_carries_its_pemda(agency, government, expected):
    assert agency_name(agency, government) == expected


def test_short_name_cuts_at_a_word():
    assert short_name("Program Perencanaan") == "Program Perencanaan"
    long = "PROGRAM STABILISASI HARGA BARANG KEBUTUHAN POKOK DAN BARANG PENTING"
    assert short_name(long) == "PROGRAM STABILISASI HARGA BARANG…" and len(short_name(long)) <= 40


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_each_indicator_has_its_own_paragraph(outputs, name, lang):
    """A Jinja2 tag closing a line swallows its newline: two indicators' sentences must never share a cell."""
    path, _ = outputs[name, lang]
    opening = {"id": ("Capaian kinerja indikator ", "Capaian indikator "),
               "en": ("The capaian of the indicator ",)}[lang]
    for text in sheet_cells(path, NARRATIVE[lang]):
        assert sum(text.count(o) for o in opening) <= 1, text


def test_no_average_or_efficiency_rests_on_a_capaian_that_needs_checking():
    """DOMAIN.md §1: a capaian above 1000 % is never stated as an achievement, so neither is an average or an
    efficiency that rests on it; the other sasaran keep theirs."""
    indicators = [b.indicator("IKU1", 5, 433.33, sasaran="SS1", sasaran_name="Sasaran satu"),
                  b.indicator("IKU2", 30, 30.3, sasaran="SS1", sasaran_name="Sasaran satu"),
                  b.indicator("IKU3", 80, 84, sasaran="SS2", sasaran_name="Sasaran dua"),
                  b.indicator("IKU4", 80, 88, sasaran="SS2", sasaran_name="Sasaran dua")]
    budget = [b.budget_line("1", 1000000, 931000, name="Program satu", sasaran="SS1")]
    data = b.minimal(indicators=indicators, budget=budget)
    text = text_of(render(data))
    assert "sehingga belum dapat dinyatakan beserta kategorinya" in text
    assert "Rata-rata capaian sasaran ini terhitung" in text and "Rata-rata capaian kinerja terhitung" in text
    assert "efisiensinya\n" not in text and "belum dapat dinilai karena capaian salah satu indikatornya" in text
    assert "(Efisien)" not in text
    assert "Rata-rata capaian sasaran ini sebesar 107,50%" in text  # Sasaran dua is unaffected
    english = text_of(render(data, "en"))
    assert "The average capaian computes to" in english and "cannot be judged yet" in english


def test_program_sentences_name_each_program_once_and_never_judge_a_figure_to_check():
    """Pasuruan's RKPD annex: 'PROGRAM PERENCANAAN …' with its 8666 % indicator is neither 'Program PROGRAM …'
    nor given a category or an efficiency verdict."""
    analysis = api.check_file(SAMPLES / "v2" / "pasuruan-2022-v2.xlsx").analysis
    for lang in ("id", "en"):
        texts = [block.text for block in narrative.render(analysis, lang)]
        assert not any("Program PROGRAM" in t for t in texts)
        planning = [t for t in texts if t.startswith("PROGRAM PERENCANAAN DAN PEMBANGUNAN INDUSTRI")]
        assert len(planning) == 1 and ("8.666,60%" in planning[0] or "8,666.60%" in planning[0]), planning
        assert "Sangat Tinggi)" not in planning[0].split("78,96%")[0].split("78.96%")[0]
        assert "Efisien" not in planning[0] and "Efficien" not in planning[0]
