"""The regional recap (`lkip-xls rekap`): one workbook for a pemda or province from many agency workbooks.

`build_rekap` turns checked files into plain data (a row per agency, totals, ranks, marks, flags, every error);
`write_rekap` writes it with XlsxWriter in the manner of the summary workbook. Never prints, never exits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.model import Finding, Severity
from ..rules import calc
from ..rules.analysis import FileResult
from ..rules.facts import LOW_ABSORPTION
from ..text import narrative
from ..text.messages import finding_text, number, ui, unreadable_reason
from .sheets import (
    CHART_CAP,
    Rows,
    Styles,
    bar_chart,
    close_table,
    header_row,
    page,
    put,
    row_height,
    target_line,
    write_blocks,
    write_workbook,
)

LOW_CAPAIAN = Decimal(76)  # below "Tinggi" on the Permendagri 86/2017 scale
NARRATIVE_SCALE = calc.SCALE_PRESETS["permendagri86"]
MARK_FILL, UNREADABLE_FILL = "#FCE4D6", "#FFC7CE"


# --------------------------------------------------------------------------- which files


# --------------------------------------------------------------------------- the recap as plain data


@dataclass
class AgencyRow:
    """One file, one agency."""

    file: str
    status: str  # ok | errors | unreadable
    instansi: str | None = None
    pemda: str | None = None
    tahun: int | None = None
    indicators: int | None = None
    average: Decimal | None = None
    category: str | None = None  # on the agency's own scale
    pagu: Decimal | None = None
    realisasi: Decimal | None = None
    serapan: Decimal | None = None
    errors: int | None = None
    warnings: int | None = None
    reason: tuple[str, str] | None = None  # why an unreadable file could not be read: (reason, detail)
    rank: int | None = None
    below: list[str] = field(default_factory=list)  # "capaian", "serapan", "errors"
    duplicates: list[str] = field(default_factory=list)  # other files of the same agency
    other_year: bool = False

    @property
    def name(self) -> str:
        return self.instansi or self.file

    @property
    def readable(self) -> bool:
        return self.status != "unreadable"

    @property
    def marked(self) -> bool:
        return bool(self.below) or not self.readable


@dataclass
class ErrorRow:
    file: str
    instansi: str | None
    finding: Finding

    def message(self, lang: str) -> str:
        return finding_text(self.finding, lang)


@dataclass
class Rekap:
    lang: str
    rows: list[AgencyRow]  # in rank order, unreadable files last
    errors: list[ErrorRow]
    years: list[int]
    main_year: int | None
    duplicates: list[list[AgencyRow]]
    indicators: int = 0
    average: Decimal | None = None  # the mean of the agencies' averages
    average_category: str | None = None  # on the Permendagri 86 scale
    pagu: Decimal = Decimal(0)
    realisasi: Decimal = Decimal(0)
    serapan: Decimal | None = None
    error_count: int = 0
    warning_count: int = 0
    low_capaian: Decimal = LOW_CAPAIAN
    low_absorption: Decimal = LOW_ABSORPTION
    messages: list[dict] = field(default_factory=list)  # from the inbox.json of a folder `inbox` wrote

    @property
    def messages_without_workbook(self) -> list[dict]:
        return [m for m in self.messages if not m.get("attachments")]

    @property
    def read(self) -> list[AgencyRow]:
        return [r for r in self.rows if r.readable]

    @property
    def unreadable(self) -> list[AgencyRow]:
        return [r for r in self.rows if not r.readable]

    @property
    def with_errors(self) -> list[AgencyRow]:
        return [r for r in self.rows if r.status == "errors"]

    @property
    def ranked(self) -> list[AgencyRow]:
        return [r for r in self.rows if r.rank is not None]

    @property
    def below(self) -> list[AgencyRow]:
        return [r for r in self.rows if r.below]

    @property
    def mixed_years(self) -> bool:
        return len(self.years) > 1

    def government(self) -> str | None:
        """The pemda every readable file names, when they all name the same one."""
        names = {" ".join(r.pemda.split()) for r in self.read if r.pemda}
        return names.pop() if len(names) == 1 else None


def agency_row(result: FileResult) -> AgencyRow:
    row = AgencyRow(result.path.name, result.status)
    analysis = result.analysis
    if analysis is None:
        finding = result.findings[0] if result.findings else None
        params = finding.params if finding else {}
        row.reason = (str(params.get("reason", "internal")), str(params.get("detail", "")))
        return row
    ident, results = analysis.data.identitas, analysis.results
    row.instansi, row.pemda, row.tahun = ident.agency, ident.government, ident.year
    row.indicators, row.average, row.category = results.counted, results.average, results.average_category
    if analysis.data.budget_lines:
        row.pagu, row.realisasi = results.total_budget, results.total_spent
        row.serapan = results.total_absorption
    row.errors, row.warnings = analysis.count(Severity.ERROR), analysis.count(Severity.WARNING)
    if row.average is not None and row.average < LOW_CAPAIAN:
        row.below.append("capaian")
    if row.serapan is not None and row.serapan < LOW_ABSORPTION:
        row.below.append("serapan")
    if row.errors:
        row.below.append("errors")
    return row


def _rank(rows: list[AgencyRow]) -> list[AgencyRow]:
    """Highest average first, ties sharing a rank (1, 2, 2, 4); no average or unreadable: last, unranked."""
    scored = sorted((r for r in rows if r.average is not None), key=lambda r: (-r.average, r.name, r.file))
    for index, row in enumerate(scored):
        previous = scored[index - 1] if index else None
        row.rank = previous.rank if previous is not None and previous.average == row.average else index + 1
    rest = [r for r in rows if r.average is None]
    return scored + sorted(rest, key=lambda r: (not r.readable, r.file))


def _normal(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _flag_duplicates(rows: list[AgencyRow]) -> list[list[AgencyRow]]:
    groups: dict[tuple, list[AgencyRow]] = {}
    for row in rows:
        if row.readable and row.instansi:
            groups.setdefault((_normal(row.instansi), _normal(row.pemda), row.tahun), []).append(row)
    found = [sorted(group, key=lambda r: r.file) for group in groups.values() if len(group) > 1]
    for group in found:
        for row in group:
            row.duplicates = [other.file for other in group if other is not row]
    return found


def _main_year(years: list[int]) -> int | None:
    """The year most files report (the latest among equals): the year the recap is about."""
    if not years:
        return None
    counts = Counter(years)
    return max(counts, key=lambda year: (counts[year], year))


def notes(row: AgencyRow, main_year: int | None, lang: str, flags: bool = True) -> list[str]:
    """What the Keterangan column says about one row: why it is marked (and, with `flags`, flagged as a duplicate
    or another year), or why it is unreadable."""
    if not row.readable:
        return [unreadable_reason(*row.reason, lang)] if row.reason else []
    said = []
    if "capaian" in row.below:
        said.append(ui("rekap.note.capaian", lang, limit=number(LOW_CAPAIAN, lang)))
    if "serapan" in row.below:
        said.append(ui("rekap.note.serapan", lang, limit=number(LOW_ABSORPTION, lang)))
    if "errors" in row.below:
        said.append(ui("rekap.note.errors", lang, n=row.errors))
    if not flags:
        return said
    if row.duplicates:
        said.append(ui("rekap.note.duplicate", lang, files=", ".join(row.duplicates)))
    if row.other_year:
        said.append(ui("rekap.note.year", lang, year=row.tahun, main=main_year))
    return said


def build_rekap(results: list[FileResult], lang: str = "id") -> Rekap:
    """A row per file (unreadable ones too), ranked, marked and flagged, with totals and every error."""
    rows = _rank([agency_row(result) for result in results])
    duplicates = _flag_duplicates(rows)
    years = sorted({r.tahun for r in rows if r.tahun is not None})
    main_year = _main_year([r.tahun for r in rows if r.tahun is not None])
    for row in rows:
        row.other_year = len(years) > 1 and row.tahun is not None and row.tahun != main_year
    errors = [ErrorRow(result.path.name, result.analysis.data.identitas.agency if result.analysis else None, finding)
              for result in results for finding in result.findings if finding.severity is Severity.ERROR]
    read = [r for r in rows if r.readable]
    average = calc.mean(r.average for r in read if r.average is not None)
    pagu = sum((r.pagu for r in read if r.pagu is not None), Decimal(0))
    realisasi = sum((r.realisasi for r in read if r.realisasi is not None), Decimal(0))
    return Rekap(lang, rows, errors, years, main_year, duplicates,
                 indicators=sum(r.indicators or 0 for r in read), average=average,
                 average_category=calc.classify(average, NARRATIVE_SCALE), pagu=pagu, realisasi=realisasi,
                 serapan=calc.absorption(pagu, realisasi), error_count=sum(r.errors or 0 for r in read),
                 warning_count=sum(r.warnings or 0 for r in read))


def render_narrative(rekap: Rekap, lang: str | None = None) -> list[narrative.Block]:
    """The narrative for the head of region, from templates/<lang>/rekap.j2."""
    lang = lang or rekap.lang
    template = narrative.environment(lang).get_template(f"{lang}/rekap.j2")
    return narrative.blocks(template.render(r=rekap, government=rekap.government(),
                                            reasons=lambda row: notes(row, rekap.main_year, lang, flags=False)))


# --------------------------------------------------------------------------- the workbook

COLUMNS = ("rekap.col.rank", "rekap.col.instansi", "rekap.col.pemda", "rekap.col.tahun", "col.indicators",
           "rekap.col.average", "col.category", "col.pagu", "col.spent", "col.serapan", "col.errors",
           "col.warnings", "col.status", "col.file", "col.note")
WIDTHS = [6, 34, 26, 7, 10, 11, 14, 18, 18, 10, 10, 10, 13, 24, 40]
COL_AVERAGE, COL_SERAPAN = 5, 9
HELPER_100, HELPER_90, HELPER_LABEL = len(WIDTHS) + 1, len(WIDTHS) + 2, len(WIDTHS) + 3


def _title(ws: Any, st: Styles, rekap: Rekap, key: str) -> int:
    """Title (with the year or years) and the pemda; returns the header row."""
    lang = rekap.lang
    years = ", ".join(str(y) for y in rekap.years)
    title = ui(key, lang) + (" - " + ui("title.year", lang, year=years) if years else "")
    ws.write_string(0, 0, title, st.get(bold=True, font_size=14))
    ws.set_row(0, 21)
    government = rekap.government()
    if government:
        ws.write_string(1, 0, government, st.get(bold=True))
    return 3


def write_table(workbook: Any, st: Styles, rekap: Rekap) -> tuple[str, int, int]:
    """The Rekap sheet; returns (sheet name, first and last row of the readable agencies) for the charts."""
    lang = rekap.lang
    sheet = ui("rekap.sheet.rekap", lang)
    ws = workbook.add_worksheet(sheet)
    rows = Rows(ws)
    for index, width in enumerate(WIDTHS):
        ws.set_column(index, index, width)
    header = _title(ws, st, rekap, "rekap.title")
    header_row(rows, st, header, [ui(k, lang) for k in COLUMNS], WIDTHS)
    labels = Counter(r.name for r in rekap.rows)
    row = first = header + 1
    for item in rekap.rows:
        fill = {"bg_color": UNREADABLE_FILL if not item.readable else MARK_FILL} if item.marked else {}
        status = ui(f"status.{item.status}", lang)
        note = "; ".join(notes(item, rekap.main_year, lang))
        cells = [(item.rank, st.number(align="center", **fill)), (item.instansi, st.cell(**fill)),
                 (item.pemda, st.cell(**fill)), (item.tahun, st.get(num_format="0", border=1, align="center", **fill)),
                 (item.indicators, st.number(align="center", **fill)), (item.average, st.pct(**fill)),
                 (item.category, st.cell(align="center", **fill)), (item.pagu, st.money(**fill)),
                 (item.realisasi, st.money(**fill)), (item.serapan, st.pct(**fill)),
                 (item.errors, st.number(align="center", **fill)), (item.warnings, st.number(align="center", **fill)),
                 (status, st.cell(align="center", **fill)), (item.file, st.cell(**fill)),
                 (note, st.cell(font_color="#C00000", **fill) if note else st.cell(**fill))]
        for col, (value, fmt) in enumerate(cells):
            put(ws, row, col, value, fmt)
        ws.write_number(row, HELPER_100, 100)
        ws.write_number(row, HELPER_90, float(LOW_ABSORPTION))
        label = item.name if labels[item.name] == 1 else f"{item.name} ({item.file})"
        ws.write_string(row, HELPER_LABEL, label)
        rows.set(row, row_height([(item.instansi or "", WIDTHS[1]), (item.pemda or "", WIDTHS[2]),
                                  (item.file, WIDTHS[13]), (note, WIDTHS[14])]))
        row += 1
    last_read = first + len(rekap.read) - 1
    bold = {"bold": True}
    totals = [(None, st.cell(**bold)), (ui("rekap.row.total", lang), st.cell(**bold)), ("", st.cell(**bold)),
              ("", st.cell(**bold)), (rekap.indicators, st.number(align="center", **bold)),
              (rekap.average, st.pct(**bold)), (rekap.average_category, st.cell(align="center", **bold)),
              (rekap.pagu, st.money(**bold)), (rekap.realisasi, st.money(**bold)), (rekap.serapan, st.pct(**bold)),
              (rekap.error_count, st.number(align="center", **bold)),
              (rekap.warning_count, st.number(align="center", **bold)),
              (ui("rekap.row.read", lang, read=len(rekap.read), n=len(rekap.rows)), st.cell(align="center", **bold)),
              ("", st.cell(**bold)), (ui("rekap.row.note", lang), st.cell(italic=True))]
    for col, (value, fmt) in enumerate(totals):
        if value is None:
            ws.write_blank(row, col, None, fmt)
        else:
            put(ws, row, col, value, fmt)
    rows.set(row, row_height([(ui("rekap.row.note", lang), WIDTHS[14])]))
    note = ui("rekap.note.marks", lang, capaian=number(LOW_CAPAIAN, lang), serapan=number(LOW_ABSORPTION, lang))
    ws.write_string(row + 2, 0, note, st.get(italic=True, font_size=9))
    for col in (HELPER_100, HELPER_90, HELPER_LABEL):
        ws.set_column(col, col, None, None, {"hidden": True})
    ws.freeze_panes(header + 1, 2)
    ws.autofilter(header, 0, row - 1, len(WIDTHS) - 1)
    page(ws, lang, landscape=True, repeat_row=header)
    return sheet, first, last_read


def write_charts(workbook: Any, st: Styles, rekap: Rekap, source: tuple[str, int, int]) -> None:
    """Average capaian per agency (100 % line) and serapan per agency (90 % line), on their own sheet."""
    sheet, first, last = source
    if last < first:
        return
    lang = rekap.lang
    ws = workbook.add_worksheet(ui("rekap.sheet.grafik", lang))
    ws.hide_gridlines(2)
    ws.write_string(0, 0, ui("rekap.title.grafik", lang), st.get(bold=True, font_size=14))
    read = rekap.read
    width = int(min(1000, 360 + 70 * len(read)))
    specs = ((COL_AVERAGE, HELPER_100, "rekap.chart.capaian", 100, "capaian", [r.average for r in read]),
             (COL_SERAPAN, HELPER_90, "rekap.chart.serapan", LOW_ABSORPTION, "serapan", [r.serapan for r in read]))
    row, starts = 2, []
    for column, helper, title, limit, mark, values in specs:
        starts.append(row)
        points = [{"fill": {"color": "#ED7D31" if mark in r.below else "#4472C4"}} for r in read]
        chart = bar_chart(workbook, sheet, (first, last, HELPER_LABEL), column, ui(title, lang), ui(title, lang),
                          points, st.locale + "0.00")
        target_line(chart, workbook, sheet, helper, first, last, ui("chart.line", lang, limit=number(limit, lang)))
        present = [float(v) for v in values if v is not None]
        axis: dict[str, Any] = {"min": min([0.0] + present), "num_format": st.locale + "0",
                                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
        if present and max(present) <= 100:
            axis["max"] = 100  # LibreOffice ignores a minimum of 0 without a maximum
        elif present and max(present) > float(CHART_CAP):
            axis["max"] = float(CHART_CAP)
            ws.write_string(row, 0, ui("note.axis", lang, limit=number(CHART_CAP, lang) + "%"),
                            st.get(italic=True, font_size=9))
            row += 1
        chart.set_y_axis(axis)
        chart.set_size({"width": width, "height": 380})
        ws.insert_chart(row, 0, chart, {"x_offset": 4, "y_offset": 4})
        row += 21
    ws.set_h_pagebreaks(starts[1:])  # one chart per printed page
    page(ws, lang, landscape=True)


def write_errors(workbook: Any, st: Styles, rekap: Rekap) -> None:
    lang = rekap.lang
    widths = [5, 24, 30, 22, 11, 7, 80]
    ws = workbook.add_worksheet(ui("rekap.sheet.kesalahan", lang))
    rows = Rows(ws)
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    header = _title(ws, st, rekap, "rekap.title.kesalahan")
    keys = ("col.no", "col.file", "rekap.col.instansi", "col.code", "col.sheet", "col.cell", "col.message")
    header_row(rows, st, header, [ui(k, lang) for k in keys], widths)
    row = header + 1
    for index, error in enumerate(rekap.errors, start=1):
        finding, message = error.finding, error.message(lang)
        values = (index, error.file, error.instansi or "", finding.code, finding.sheet or "", finding.cell or "",
                  message)
        for col, value in enumerate(values):
            put(ws, row, col, value, st.number(align="center") if col == 0 else st.cell())
        rows.set(row, row_height([(message, widths[6]), (error.instansi or "", widths[2]),
                                  (error.file, widths[1])]))
        row += 1
    close_table(ws, lang, header, row, len(widths), ui("rekap.no-errors", lang))


def write_messages(workbook: Any, st: Styles, rekap: Rekap) -> None:
    """A row per message that came in: who sent what, what was found, where the reply draft is."""
    lang = rekap.lang
    widths = [5, 20, 30, 36, 40, 11, 11, 34]
    ws = workbook.add_worksheet(ui("rekap.sheet.pesan", lang))
    rows = Rows(ws)
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    header = _title(ws, st, rekap, "rekap.title.pesan")
    keys = ("col.no", "rekap.col.tanggal", "rekap.col.pengirim", "rekap.col.subjek", "rekap.col.lampiran",
            "col.errors", "col.warnings", "rekap.col.balasan")
    header_row(rows, st, header, [ui(k, lang) for k in keys], widths)
    row = header + 1
    for index, message in enumerate(rekap.messages, start=1):
        attachments = message.get("attachments") or []
        listed = "; ".join(f"{a.get('name')} ({ui('status.' + str(a.get('status')), lang)})" for a in attachments)
        values = (index, str(message.get("date") or ""), str(message.get("from") or ""),
                  str(message.get("subject") or ""), listed or ui("rekap.no-workbook", lang),
                  sum(int(a.get("errors") or 0) for a in attachments),
                  sum(int(a.get("warnings") or 0) for a in attachments), str(message.get("reply") or ""))
        for col, value in enumerate(values):
            put(ws, row, col, value, st.number(align="center") if col in (0, 5, 6) else st.cell())
        rows.set(row, row_height([(values[4], widths[4]), (values[3], widths[3]), (values[2], widths[2])]))
        row += 1
    ws.freeze_panes(header + 1, 0)
    page(ws, lang, landscape=True, repeat_row=header)


def write_narrative(workbook: Any, st: Styles, rekap: Rekap) -> None:
    widths = [76, 14]
    ws = workbook.add_worksheet(ui("rekap.sheet.narasi", rekap.lang))
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    write_blocks(ws, Rows(ws), st, render_narrative(rekap), sum(widths))
    page(ws, rekap.lang, landscape=False)


def build(workbook: Any, rekap: Rekap) -> None:
    """Add every sheet of the recap to an XlsxWriter workbook: Narasi first, then Rekap, charts, Kesalahan."""
    st = Styles(workbook, rekap.lang)
    workbook.set_properties({"title": ui("rekap.title", rekap.lang), "author": "lkip-xls"})
    write_narrative(workbook, st, rekap)
    source = write_table(workbook, st, rekap)
    write_charts(workbook, st, rekap, source)
    write_errors(workbook, st, rekap)
    if rekap.messages:
        write_messages(workbook, st, rekap)


def write_rekap(rekap: Rekap, path: Path, lang: str | None = None) -> None:
    """Write the recap workbook atomically (`lang` defaults to the language the recap was built in)."""
    if lang is not None and lang != rekap.lang:
        rekap = replace(rekap, lang=lang)
    write_workbook(path, lambda workbook: build(workbook, rekap))

