"""The LKIP outline of the Word draft (`outputs/docx`): chapters, the narrative's blocks in report order, numbered
tables and the placeholders the agency fills in.

One source of sentences: the prose is the summary's narrative (`narrative.render_text` over `rules.facts`, the
same Jinja2 template as the `_ringkasan` workbook), cut into its sections and placed in the chapters of an LKIP
(Permenpan RB 53/2014): Bab I (staff), Bab II (Perjanjian Kinerja), Bab III (capaian, program, anggaran,
efisiensi), Bab IV. This module adds only the outline's own words (chapter headings, table captions and column
labels, placeholders, the DRAF mark) and the tables' cells as text; a renderer lays the items out without
writing a word of its own.

Longer than ~400 lines on purpose: one function per part of the outline, sharing the word table; each is short.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.model import ScaleBand, Severity
from ..core.numbers import Target
from ..core.schema import SDM, STAFF_GROUPS
from ..rules.analysis import Analysis
from ..rules.facts import Facts, SasaranFacts, count_sum, facts, percent_of, staff_population, staff_unknown
from . import format as fmt
from . import narrative, plan
from .messages import lookup, ui
from .narrative import Block
from .words import counted

# The outline's own words; everything else is the narrative's or the summary's (`messages.ui`).
WORDS: dict[str, dict[str, str]] = {
    "title": {"id": "Laporan Kinerja Instansi Pemerintah", "en": "Government Agency Performance Report"},
    "title.year": {"id": "Tahun {year}", "en": "{year}"},
    "draft": {"id": "DRAF — masih ada {n} kesalahan dalam data laporan. Angka dalam draf ini dapat berubah "
                    "setelah kesalahan diperbaiki dan data diperiksa ulang.",
              "en": "DRAFT — the report's data still holds {n} errors. The figures of this draft may change "
                    "once the errors are corrected and the data is checked again."},
    "draft.one": {"id": "DRAF — masih ada {n} kesalahan dalam data laporan. Angka dalam draf ini dapat berubah "
                        "setelah kesalahan diperbaiki dan data diperiksa ulang.",
                  "en": "DRAFT — the report's data still holds {n} error. The figures of this draft may change "
                        "once the error is corrected and the data is checked again."},
    "draft.header": {"id": "DRAF", "en": "DRAFT"},
    "table": {"id": "Tabel", "en": "Table"},
    "chapter.1": {"id": "BAB I PENDAHULUAN", "en": "CHAPTER I INTRODUCTION"},
    "chapter.2": {"id": "BAB II PERENCANAAN KINERJA", "en": "CHAPTER II PERFORMANCE PLANNING"},
    "chapter.3": {"id": "BAB III AKUNTABILITAS KINERJA", "en": "CHAPTER III PERFORMANCE ACCOUNTABILITY"},
    "chapter.4": {"id": "BAB IV PENUTUP", "en": "CHAPTER IV CONCLUSION"},
    "section.background": {"id": "Latar Belakang", "en": "Background"},
    "section.staff": {"id": "Sumber Daya Manusia", "en": "Human Resources"},
    "section.issues": {"id": "Isu Strategis", "en": "Strategic Issues"},
    "section.renstra": {"id": "Rencana Strategis", "en": "Strategic Plan (Renstra)"},
    "section.pk": {"id": "Perjanjian Kinerja", "en": "Performance Agreement (Perjanjian Kinerja)"},
    "section.capaian": {"id": "Capaian Kinerja Organisasi", "en": "Organisational Performance"},
    "placeholder": {"id": "[diisi OPD: {what}]", "en": "[to be filled in by the agency: {what}]"},
    "fill.background": {"id": "latar belakang, kedudukan, tugas pokok dan fungsi, serta struktur organisasi",
                        "en": "background, position, duties and functions, and organisation chart"},
    "fill.staff": {"id": "gambaran sumber daya manusia", "en": "an overview of the staff"},
    "fill.issues": {"id": "isu strategis dan permasalahan utama yang dihadapi",
                    "en": "the strategic issues and main problems faced"},
    "fill.renstra": {"id": "visi, misi, tujuan, dan sasaran Rencana Strategis",
                     "en": "the vision, mission, goals and objectives of the Strategic Plan"},
    "fill.pk": {"id": "uraian Perjanjian Kinerja", "en": "a description of the Performance Agreement"},
    "fill.pendukung": {"id": "faktor pendukung keberhasilan sasaran ini",
                       "en": "the factors that supported this objective"},
    "fill.penghambat": {"id": "faktor penghambat pencapaian sasaran ini",
                        "en": "the factors that hindered this objective"},
    "fill.upaya": {"id": "upaya dan langkah perbaikan ke depan", "en": "the steps taken and planned"},
    "fill.penutup": {"id": "simpulan atas capaian kinerja, kendala utama, dan langkah perbaikan ke depan",
                     "en": "conclusions on performance, the main obstacles and the steps ahead"},
    "caption.staff_units": {"id": "Jumlah Pegawai per Unit Kerja", "en": "Staff per Unit"},
    "caption.staff_groups": {"id": "Komposisi Pegawai", "en": "Staff Composition"},
    "caption.pk": {"id": "Perjanjian Kinerja{year}", "en": "Performance Agreement{year}"},
    "caption.pk_programs": {"id": "Program dan Anggaran Perjanjian Kinerja{year}",
                            "en": "Programs and Budget of the Performance Agreement{year}"},
    "caption.scale": {"id": "Skala Nilai Peringkat Kinerja", "en": "Performance Rating Scale"},
    "caption.sasaran_recap": {"id": "Capaian Kinerja per Sasaran Strategis{year}",
                              "en": "Performance per Strategic Objective{year}"},
    "caption.sasaran": {"id": "Capaian Indikator Sasaran {name}", "en": "Indicators of Objective {name}"},
    "caption.no_sasaran": {"id": "Capaian Indikator tanpa Sasaran Strategis",
                           "en": "Indicators without a Strategic Objective"},
    "caption.program": {"id": "Capaian Kinerja dan Keuangan Program dan Kegiatan{year}",
                        "en": "Performance and Budget of Programs and Activities{year}"},
    "caption.budget": {"id": "Realisasi Anggaran per Program{year}", "en": "Budget Realisation per Program{year}"},
    "caption.budget_sasaran": {"id": "Realisasi Anggaran per Sasaran Strategis{year}",
                               "en": "Budget Realisation per Strategic Objective{year}"},
    "caption.by_source": {"id": "Realisasi Belanja menurut Sumber Dana{year}",
                          "en": "Spending by Source of Funds{year}"},
    "caption.revenue": {"id": "Target dan Realisasi Pendapatan{year}", "en": "Revenue Target and Realisation{year}"},
    "caption.pagu_murni": {"id": "Pagu Murni dan Pagu setelah Perubahan{year}",
                           "en": "Pagu before and after the Change{year}"},
    "caption.efficiency": {"id": "Efisiensi Penggunaan Anggaran per Sasaran Strategis{year}",
                           "en": "Efficiency of Budget Use per Strategic Objective{year}"},
    "caption.year": {"id": " Tahun {year}", "en": ", {year}"},
    "col.range": {"id": "Rentang Capaian (%)", "en": "Capaian range (%)"},
    "col.last_year": {"id": "Realisasi {year}", "en": "Realisasi {year}"},
    "col.last_year_plain": {"id": "Realisasi Tahun Lalu", "en": "Realisasi Last Year"},
    "col.renstra": {"id": "Target Akhir Renstra", "en": "Renstra Final Target"},
    "col.renstra_progress": {"id": "Capaian thd. Renstra (%)", "en": "Toward Renstra (%)"},
    "col.budget_pk": {"id": "Anggaran (Rp)", "en": "Budget (Rp)"},
    "col.group": {"id": "Uraian", "en": "Item"},
    "range.top": {"id": "{op} {a}", "en": "{op} {a}"},
    "range.between": {"id": "{a} s.d. {op} {b}", "en": "{a} to {op} {b}"},
    "range.bottom": {"id": "{op} {b}", "en": "{op} {b}"},
    "unknown": {"id": "?", "en": "?"},
}

# The narrative's sections (`## ` lines of ringkasan.j2) by their heading, in each language; a heading not
# listed here is kept, at the end of Bab III.
SECTION_KEYS: dict[str, str] = {
    "Capaian Kinerja Secara Umum": "general", "Overall Performance": "general",
    "Capaian per Sasaran Strategis": "sasaran", "Performance per Strategic Objective": "sasaran",
    "Akuntabilitas Keuangan": "budget", "Financial Accountability": "budget",
    "Efisiensi Penggunaan Anggaran": "efficiency", "Efficiency of Budget Use": "efficiency",
    "Capaian Kinerja dan Keuangan Program": "programs",
    "Performance and Budget Achievement of the Programs": "programs",
    "Sumber Daya Manusia": "staff", "Staff": "staff",
    "Hasil Pemeriksaan Workbook": "checks", "Workbook Checks": "checks",
    "Capaian Indikator Tujuan": "tujuan", "Goal Indicators": "tujuan",
    "Perbandingan Capaian dengan Tahun Lalu": "year_on_year", "Achievement Compared with Last Year": "year_on_year",
    "Capaian terhadap Target Renstra": "renstra", "Achievement against the Renstra Targets": "renstra",
    "Perbandingan dengan Angka Nasional dan Provinsi": "comparison",
    "Comparison with National and Provincial Figures": "comparison",
    "Data Dukung Perhitungan Realisasi": "evidence", "Supporting Data of the Realisation": "evidence",
    "Perubahan Perjanjian Kinerja": "pk_changes", "Changes to the Performance Agreement": "pk_changes",
}
# The plan's and the evidence's sections (template version 2), each with its tables of `plan.tables`, in the order
# of Bab III after the sasaran (Permenpan RB 53/2014: this year against last year, against the Renstra, against
# national figures), then where each realisasi comes from.
PLAN_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("year_on_year", ("year_on_year",)), ("renstra", ("renstra", "renstra_progress")),
    ("comparison", ("comparison",)), ("evidence", ("evidence",)))
LEFT_OUT = frozenset({"checks"})  # the checking notes belong to the summary workbook, not to the report
FRONT_KINDS = frozenset({"title", "heading", "draft"})  # the summary's own title lines, replaced by the report's


def word(key: str, lang: str, **params: object) -> str:
    """One of this module's own words (WORDS) in `lang`."""
    return lookup(WORDS, key, lang, **params)


@dataclass(frozen=True)
class Table:
    """A numbered table: every cell already text. `numeric` marks right-aligned columns, `widths` are relative."""

    key: str  # what the table shows: "scale", "pk", "sasaran:SS1", "budget"... (for tests and renderers)
    caption: str  # "Tabel 3.1 Skala Nilai Peringkat Kinerja"
    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    numeric: list[bool]
    bold_rows: frozenset[int] = frozenset()  # totals, group labels


Item = Block | Table


@dataclass
class Outline:
    title: str
    header: str | None  # a mark on every page (DRAF while errors remain)
    items: list[Item] = field(default_factory=list)


class _Builder:
    """Items in order, with the chapter and table numbers."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.items: list[Item] = []
        self.chapter = 0
        self.sections = 0
        self.tables = 0

    def block(self, kind: str, text: str) -> None:
        self.items.append(Block(kind, text))

    def blocks(self, blocks: Iterable[Block]) -> None:
        self.items.extend(blocks)

    def open_chapter(self, key: str) -> None:
        self.chapter += 1
        self.sections = self.tables = 0
        self.block("chapter", word(key, self.lang))

    def section(self, text: str) -> None:
        self.sections += 1
        self.block("section", f"{self.chapter}.{self.sections} {text}")

    def placeholder(self, what: str) -> None:
        self.block("placeholder", word("placeholder", self.lang, what=word(what, self.lang)))

    def table(self, key: str, caption: str, header: list[str], rows: list[list[str]], widths: list[float],
              numeric: list[bool], bold_rows: Iterable[int] = ()) -> None:
        if not rows:
            return
        self.tables += 1
        number = f"{word('table', self.lang)} {self.chapter}.{self.tables}"
        self.items.append(Table(key, f"{number} {caption}", header, rows, widths, numeric, frozenset(bold_rows)))


# --------------------------------------------------------------------------- the narrative in sections


def sections(blocks: list[Block]) -> tuple[list[Block], list[tuple[str, Block, list[Block]]]]:
    """The blocks before the first section, then each section as (key, heading, blocks)."""
    front: list[Block] = []
    found: list[tuple[str, Block, list[Block]]] = []
    for block in blocks:
        if block.kind == "section":
            found.append((SECTION_KEYS.get(block.text, "other"), block, []))
        elif found:
            found[-1][2].append(block)
        else:
            front.append(block)
    return front, found


# --------------------------------------------------------------------------- cells as text


class _Cells:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def num(self, value: Decimal | int | None, places: int | None = None) -> str:
        return fmt.number(value, self.lang, places)

    def pct(self, value: Decimal | None) -> str:
        return fmt.number(value, self.lang, 2)

    def money(self, value: Decimal | None) -> str:
        if value is None:
            return "-"
        return fmt.number(value, self.lang, 0 if value == value.to_integral_value() else 2)

    def target(self, target: Target | None) -> str:
        return "-" if target is None else fmt.target_text(target, self.lang)

    def text(self, value: str | None) -> str:
        return value or ""


# --------------------------------------------------------------------------- the chapters


def build(analysis: Analysis, lang: str = "id", file: str | None = None) -> Outline:
    """The Word draft's outline of one analysed workbook, in `lang`."""
    the_facts = facts(analysis, file)
    summary_only = (narrative.Table, narrative.Placeholder)  # the outline numbers its own tables and boxes
    front, parts = sections([b for b in narrative.blocks(narrative.render_text(the_facts, lang))
                             if not isinstance(b, summary_only)])
    by_key: dict[str, tuple[Block, list[Block]]] = {}
    others: list[tuple[Block, list[Block]]] = []
    for key, heading, blocks in parts:
        if key == "other":
            others.append((heading, blocks))
        elif key not in LEFT_OUT:
            by_key.setdefault(key, (heading, blocks))
    ident = analysis.data.identitas
    year = word("title.year", lang, year=ident.year) if ident.year else ""
    title = word("title", lang) + (f" {year}" if year else "")
    errors = analysis.count(Severity.ERROR)
    out = _Builder(lang)
    out.block("title", title)
    for line in (ident.agency, ident.government):
        if line:
            out.block("subtitle", line)
    kept_front = [b for b in front if b.kind not in FRONT_KINDS]
    if errors and not any(b.kind == "draft" for b in kept_front):
        out.block("draft", word("draft.one" if errors == 1 else "draft", lang, n=counted(errors, lang)))
    out.blocks(kept_front)
    cells = _Cells(lang)
    caption_year = word("caption.year", lang, year=ident.year) if ident.year else ""

    out.open_chapter("chapter.1")
    out.section(word("section.background", lang))
    out.placeholder("fill.background")
    _staff(out, analysis, by_key.get("staff"), cells)
    out.section(word("section.issues", lang))
    out.placeholder("fill.issues")

    out.open_chapter("chapter.2")
    out.section(word("section.renstra", lang))
    out.placeholder("fill.renstra")
    out.section(word("section.pk", lang))
    out.placeholder("fill.pk")
    _pk(out, analysis, cells, caption_year)
    plan_tables = {t.key: t for t in plan.tables(the_facts.plan, lang)}
    _plan_section(out, by_key.get("pk_changes"), plan_tables, ("pk_changes",))

    out.open_chapter("chapter.3")
    _capaian(out, analysis, the_facts, by_key, cells, caption_year, plan_tables)
    for key, table_keys in PLAN_SECTIONS:
        _plan_section(out, by_key.get(key), plan_tables, table_keys)
    if "programs" in by_key or analysis.results.programs:
        _programs(out, analysis, by_key.get("programs"), cells, caption_year)
    if "budget" in by_key:
        _budget(out, analysis, the_facts, by_key["budget"], cells, caption_year)
    if "efficiency" in by_key:
        _efficiency(out, analysis, by_key["efficiency"], cells, caption_year)
    for heading, blocks in others:
        out.section(heading.text)
        out.blocks(blocks)

    out.open_chapter("chapter.4")
    out.placeholder("fill.penutup")
    return Outline(title, word("draft.header", lang) if errors else None, out.items)


def _staff(out: _Builder, analysis: Analysis, part: tuple[Block, list[Block]] | None, cells: _Cells) -> None:
    lang = out.lang
    out.section(part[0].text if part else word("section.staff", lang))
    if part:
        out.blocks(part[1])
    else:
        out.placeholder("fill.staff")
    units = analysis.data.staff_units
    if not units:
        return
    labels = {c.key: c.header for c in SDM.columns}
    labels.update(male=ui("label.male", lang), female=ui("label.female", lang))
    keys = ["pns", "cpns", "pppk", "non_asn", "total", "male", "female"]
    rows, bold = [], []
    for unit in units:
        row = [cells.text(unit.unit)]
        for key in keys:
            value = unit.counts.get(key)
            row.append(word("unknown", lang) if key in unit.unreadable else "" if value is None else cells.num(value))
        if unit.is_total:
            bold.append(len(rows))
        rows.append(row)
    out.table("staff_units", word("caption.staff_units", lang), [ui("col.unit_kerja", lang)]
              + [labels[k] for k in keys], rows, [3.2] + [1.0] * len(keys), [False] + [True] * len(keys), bold)
    counts, _ = staff_population(units)
    unknown = staff_unknown(units)
    population = {"status": counts.get("total"), "gender": counts.get("total"),
                  "pendidikan": (counts.get("total") if analysis.data.identitas.education_population == "Semua"
                                 else count_sum(counts, ("pns", "cpns", "pppk"), unknown)),
                  "golongan": count_sum(counts, ("pns", "cpns"), unknown),
                  "jabatan": count_sum(counts, ("pns", "cpns"), unknown)}
    rows, bold = [], []
    for group in STAFF_GROUPS:
        values = [counts.get(k) for k in group.columns]
        if all(v is None for v in values) or any(k in unknown for k in group.columns):
            continue  # empty, or resting on a count that cannot be read
        base = population[group.name]
        bold.append(len(rows))
        rows.append([ui(f"group.{group.name}", lang), "", ""])
        for key in group.columns:
            count = counts.get(key) or 0
            rows.append([labels[key], cells.num(count), cells.pct(percent_of(Decimal(count), Decimal(base or 0)))])
    out.table("staff_groups", word("caption.staff_groups", lang),
              [word("col.group", lang), ui("col.count", lang), ui("col.share", lang)], rows, [4, 1.2, 1.2],
              [False, True, True], bold)


def _pk(out: _Builder, analysis: Analysis, cells: _Cells, caption_year: str) -> None:
    lang = out.lang
    rows: list[list[str]] = []
    previous = None
    for number, result in enumerate(analysis.results.indicators, start=1):
        ind = result.indicator
        sasaran = ind.sasaran_name or ind.sasaran_code or ""
        rows.append([str(number), "" if sasaran == previous else sasaran, cells.text(ind.name or ind.code),
                     cells.target(ind.target), cells.text(ind.unit)])
        previous = sasaran
    out.table("pk", word("caption.pk", lang, year=caption_year),
              [ui(k, lang) for k in ("col.no", "col.sasaran", "col.indicator", "col.target", "col.unit")], rows,
              [0.5, 3, 4, 1.2, 1.2], [True, False, False, True, False])
    programs: dict[str, list[str]] = {}
    for pk in analysis.data.pk_rows:
        if pk.program_code or pk.program_name:
            key = pk.program_code or pk.program_name or ""
            programs.setdefault(key, [cells.text(pk.program_code), cells.text(pk.program_name),
                                      cells.money(pk.budget)])
    if not programs:
        for budget in analysis.results.budget:
            if budget.is_top_level and not budget.revenue and not budget.line.is_total:
                programs.setdefault(budget.line.code or budget.line.name or "", [
                    cells.text(budget.line.code), cells.text(budget.line.name), cells.money(budget.line.budget)])
    out.table("pk_programs", word("caption.pk_programs", lang, year=caption_year),
              [ui("col.code", lang), ui("col.program", lang), word("col.budget_pk", lang)], list(programs.values()),
              [1.2, 5, 2], [False, False, True])


def scale_rows(scale: Iterable[ScaleBand], lang: str) -> list[list[str]]:
    """The category scale, best band first: its range of capaian and its category."""
    cells = _Cells(lang)
    bands = sorted(scale, key=lambda b: (b.lower is None, -(b.lower or 0)))
    rows = []
    above = None
    for band in bands:
        if band.lower is not None:
            low_op = "≥" if band.inclusive else ">"
            if above is None:
                text = word("range.top", lang, op=low_op, a=cells.num(band.lower))
            else:
                text = word("range.between", lang, a=f"{low_op} {cells.num(band.lower)}",
                            op="<" if above.inclusive else "≤", b=cells.num(above.lower))
        else:
            if above is None:
                continue
            text = word("range.bottom", lang, op="<" if above.inclusive else "≤", b=cells.num(above.lower))
        rows.append([text, band.category])
        above = band
    return rows


def _plan_section(out: _Builder, part: tuple[Block, list[Block]] | None, tables: dict[str, plan.PlanTable],
                  keys: tuple[str, ...]) -> None:
    """One section of the plan and the evidence: the narrative's heading and sentences, then its tables."""
    if part is None:
        return
    out.section(part[0].text)
    out.blocks(part[1])
    for key in keys:
        table = tables.get(key)
        if table is not None:
            out.table(table.key, table.caption, table.header, table.rows, table.widths, table.numeric)


def _capaian(out: _Builder, analysis: Analysis, the_facts: Facts,
             by_key: dict[str, tuple[Block, list[Block]]], cells: _Cells, caption_year: str,
             plan_tables: dict[str, plan.PlanTable] | None = None) -> None:
    lang = out.lang
    results = analysis.results
    out.section(word("section.capaian", lang))
    out.table("scale", word("caption.scale", lang), [word("col.range", lang), ui("col.category", lang)],
              scale_rows(results.scale, lang), [2, 2], [False, False])
    general = by_key.get("general")
    if general:
        out.blocks(general[1])
    rows = [[cells.text(s.code), cells.text(s.name), str(len(s.indicators)), cells.pct(s.capaian),
             cells.text(s.category)] for s in the_facts.sasaran if s.code]
    if results.average is not None:
        rows.append(["", ui("row.average", lang, n=results.counted), "", cells.pct(results.average),
                     cells.text(results.average_category)])
    out.table("sasaran_recap", word("caption.sasaran_recap", lang, year=caption_year),
              [ui(k, lang) for k in ("col.sasaran_code", "col.sasaran", "col.indicators", "col.capaian",
                                     "col.category")], rows, [1.1, 4.5, 1.1, 1.1, 1.6],
              [False, False, True, True, False], [len(rows) - 1] if results.average is not None else [])
    _plan_section(out, by_key.get("tujuan"), plan_tables or {}, ("tujuan",))
    part = by_key.get("sasaran")
    if part is None:
        return
    out.section(part[0].text)
    groups = the_facts.sasaran
    headings = [i for i, b in enumerate(part[1]) if b.kind == "heading"]
    if len(headings) != len(groups):  # the narrative and the facts disagree on the groups: tables at the end
        out.blocks(part[1])
        for group in groups:
            _sasaran_table(out, analysis, group, cells)
        return
    out.blocks(part[1][:headings[0]] if headings else part[1])
    for index, group in enumerate(groups):
        end = headings[index + 1] if index + 1 < len(headings) else len(part[1])
        out.blocks(part[1][headings[index]:end])
        _sasaran_table(out, analysis, group, cells)
        if group.code:
            for what in ("fill.pendukung", "fill.penghambat", "fill.upaya"):
                out.placeholder(what)


def _sasaran_table(out: _Builder, analysis: Analysis, group: SasaranFacts, cells: _Cells) -> None:
    lang = out.lang
    indicators = group.indicators
    year = analysis.data.identitas.year
    last_year = any(i.last_year is not None for i in indicators)
    renstra = any(i.renstra is not None for i in indicators)
    header = [ui(k, lang) for k in ("col.indicator", "col.unit", "col.target", "col.actual", "col.capaian",
                                    "col.category")]
    widths, numeric = [4.0, 1.1, 1.1, 1.1, 1.1, 1.5], [False, False, True, True, True, False]
    if last_year:
        header.insert(3, word("col.last_year", lang, year=year - 1) if year else word("col.last_year_plain", lang))
        widths.insert(3, 1.1)
        numeric.insert(3, True)
    if renstra:
        header += [word("col.renstra", lang), word("col.renstra_progress", lang)]
        widths += [1.1, 1.1]
        numeric += [True, True]
    rows = []
    for i in indicators:
        actual = cells.num(i.actual) if i.actual is not None else cells.text(i.actual_text) or "-"
        name = cells.text(i.name or i.code) + ("" if i.averaged else " " + plan.word("mark.not_averaged", lang))
        row = [name, cells.text(i.unit), cells.target(i.target), actual, cells.pct(i.capaian), cells.text(i.category)]
        if last_year:
            row.insert(3, cells.num(i.last_year))
        if renstra:
            row += [cells.num(i.renstra), cells.pct(i.renstra_progress)]
        rows.append(row)
    code = group.code
    caption = (word("caption.sasaran", lang, name=group.name or code) if code
               else word("caption.no_sasaran", lang))
    out.table(f"sasaran:{code or ''}", caption, header, rows, widths, numeric)


def _programs(out: _Builder, analysis: Analysis, part: tuple[Block, list[Block]] | None, cells: _Cells,
              caption_year: str) -> None:
    lang = out.lang
    if part is None and not analysis.results.programs:
        return
    out.section(part[0].text if part else ui("sheet.program", lang))
    if part:
        out.blocks(part[1])
    rows, bold = [], []
    for item in analysis.results.programs:
        if item.level == "Program":
            bold.append(len(rows))
        rows.append([cells.text(item.code), cells.text(item.name), cells.pct(item.capaian), cells.text(item.category),
                     cells.money(item.budget), cells.money(item.spent), cells.pct(item.absorption),
                     cells.pct(item.efficiency)])
    header = [ui(k, lang) for k in ("col.code", "col.uraian", "col.capaian_kinerja", "col.category_kinerja",
                                    "col.pagu", "col.spent", "col.capaian_keuangan", "col.efficiency")]
    out.table("program", word("caption.program", lang, year=caption_year), header, rows,
              [1.3, 3.6, 1.1, 1.3, 1.7, 1.7, 1.1, 1.1], [False, False, True, False, True, True, True, True], bold)


def _budget(out: _Builder, analysis: Analysis, the_facts: Facts, part: tuple[Block, list[Block]], cells: _Cells,
            caption_year: str) -> None:
    lang = out.lang
    results = analysis.results
    out.section(part[0].text)
    out.blocks(part[1])
    budget = the_facts.budget
    if budget is None:
        return

    def amounts(pagu: Decimal | None, spent: Decimal | None, serapan: Decimal | None = None) -> list[str]:
        known = pagu is not None and spent is not None
        if serapan is None and known:
            serapan = percent_of(spent, pagu)  # type: ignore[arg-type]
        return [cells.money(pagu), cells.money(spent), cells.pct(serapan)]

    rows = [[cells.text(p.code), cells.text(p.name), *amounts(p.budget, p.spent, p.absorption)]
            for p in budget.programs]
    bold = []
    if rows:
        bold.append(len(rows))
        rows.append(["", ui("row.programs_total", lang), *amounts(budget.top_pagu, budget.top_realisasi)])
    money_header = [ui(k, lang) for k in ("col.pagu", "col.spent", "col.serapan")]  # sisa: in the text
    widths, numeric = [1.2, 4.2, 1.9, 1.9, 1.1], [False, False, True, True, True]
    out.table("budget", word("caption.budget", lang, year=caption_year),
              [ui("col.code", lang), ui("col.program", lang), *money_header], rows, widths, numeric, bold)
    linked = [s for s in results.sasaran if s.budget is not None]
    rows = [[cells.text(s.code), cells.text(s.name), *amounts(s.budget, s.spent, s.absorption)] for s in linked]
    out.table("budget_sasaran", word("caption.budget_sasaran", lang, year=caption_year),
              [ui("col.sasaran_code", lang), ui("col.sasaran", lang), *money_header], rows, widths, numeric)
    rows = [[cells.text(s.source), *amounts(s.budget, s.spent, s.absorption)] for s in results.by_source]
    out.table("by_source", word("caption.by_source", lang, year=caption_year),
              [ui("col.source", lang), *money_header], rows, [5.4, 1.9, 1.9, 1.1], [False] + [True] * 3)
    revenue = [r for r in results.budget if r.revenue and r.line.code]
    rows = [[cells.text(r.line.code), cells.text(r.line.name), cells.money(r.line.budget), cells.money(r.line.spent),
             cells.pct(r.absorption)] for r in revenue]
    bold = []
    if rows and results.revenue_target is not None:
        bold.append(len(rows))
        rows.append(["", ui("row.total", lang), cells.money(results.revenue_target),
                     cells.money(results.revenue_actual), cells.pct(results.revenue_percent)])
    out.table("revenue", word("caption.revenue", lang, year=caption_year),
              [ui(k, lang) for k in ("col.code", "col.program", "col.revenue_target", "col.revenue_actual",
                                     "col.revenue_percent")], rows, [1.2, 5.1, 2, 2, 1.7],
              [False, False, True, True, True], bold)
    murni = [r.line for r in results.budget if r.line.budget_initial is not None and r.line.code]
    rows = [[cells.text(line.code), cells.text(line.name), cells.money(line.budget_initial), cells.money(line.budget),
             cells.money(line.budget - line.budget_initial if line.budget is not None else None)] for line in murni]
    out.table("pagu_murni", word("caption.pagu_murni", lang, year=caption_year),
              [ui(k, lang) for k in ("col.code", "col.program", "col.pagu_murni", "col.pagu", "col.pagu_change")],
              rows, [1.2, 4.6, 2, 2, 2], [False, False, True, True, True])


def _efficiency(out: _Builder, analysis: Analysis, part: tuple[Block, list[Block]], cells: _Cells,
                caption_year: str) -> None:
    lang = out.lang
    out.section(part[0].text)
    out.blocks(part[1])
    rows = [[cells.text(s.code), cells.text(s.name), cells.pct(s.capaian), cells.pct(s.absorption),
             cells.pct(s.efficiency), cells.text(s.efficiency_category)] for s in analysis.results.sasaran]
    out.table("efficiency", word("caption.efficiency", lang, year=caption_year),
              [ui(k, lang) for k in ("col.sasaran_code", "col.sasaran", "col.capaian", "col.serapan",
                                     "col.efficiency", "col.efficiency_category")], rows,
              [1.2, 4.4, 1.2, 1.2, 1.2, 1.6], [False, False, True, True, True, False])
