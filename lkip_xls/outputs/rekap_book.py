"""The recap workbook (XlsxWriter), in the manner of the summary workbook: Narasi, Rekap, Grafik, Kesalahan and,
for a folder `inbox` wrote, Pesan Masuk. Never prints, never exits."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..rules.facts import LOW_ABSORPTION
from ..rules.recap import TINGGI_THRESHOLD, Rekap
from ..text.finding_messages import finding_text
from ..text.format import number
from ..text.messages import ui
from ..text.recap import cap_cell, cap_text, notes, render_narrative, scale_name, table_notes, word
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

MARK_FILL, UNREADABLE_FILL = "#FCE4D6", "#FFC7CE"
# Percentages as st.number(2): "1.354,57", with the thousands separator the summary's 0.00 leaves out.

# a key of text.messages (ui), or "+" and a key of the recap's own words (text.recap.word)
COLUMNS = ("rekap.col.rank", "rekap.col.instansi", "rekap.col.pemda", "rekap.col.tahun", "col.indicators",
           "+col.counted", "+col.reached", "rekap.col.average", "col.category", "+col.scale", "+col.cap", "col.pagu",
           "col.spent", "col.serapan", "col.errors", "col.warnings", "col.status", "col.file", "col.note")
WIDTHS = [10, 34, 26, 7, 10, 10, 9, 11, 14, 19, 12, 18, 18, 10, 10, 10, 13, 24, 40]  # Peringkat on one line
COL_AVERAGE, COL_SERAPAN, COL_FILE, COL_NOTE = 7, 13, 17, 18
HELPER_100, HELPER_90, HELPER_LABEL, HELPER_NAME = len(WIDTHS) + 1, len(WIDTHS) + 2, len(WIDTHS) + 3, len(WIDTHS) + 4


def _title(ws: Any, st: Styles, rekap: Rekap, key: str, text: str | None = None) -> int:
    """Title (`text`, or the ui text of `key`, with the year or years) and the pemda; returns the header row."""
    lang = rekap.lang
    years = ", ".join(str(y) for y in rekap.years)
    title = (text or ui(key, lang)) + (" - " + ui("title.year", lang, year=years) if years else "")
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
    header_row(rows, st, header, [_header(k, lang) for k in COLUMNS], WIDTHS)
    labels = Counter(r.name for r in rekap.rows)
    row = first = header + 1
    for item in rekap.rows:
        fill = {"bg_color": UNREADABLE_FILL if not item.readable else MARK_FILL} if item.marked else {}
        status = ui(f"status.{item.status}", lang)
        note = "; ".join(notes(item, rekap.main_year, lang))
        centred = st.number(align="center", **fill)
        cells = [(item.rank, centred), (item.instansi, st.cell(**fill)),
                 (item.pemda, st.cell(**fill)), (item.tahun, st.get(num_format="0", border=1, align="center", **fill)),
                 (item.indicators, centred), (item.counted, centred), (item.reached, centred),
                 (item.average, st.number(2, **fill)), (item.category, st.cell(align="center", **fill)),
                 (scale_name(item.scale, lang) if item.readable else None, st.cell(align="center", **fill)),
                 (cap_cell(item, lang) if item.readable else None, st.cell(align="center", **fill)),
                 (item.pagu, st.money(**fill)),
                 (item.realisasi, st.money(**fill)), (item.serapan, st.number(2, **fill)),
                 (item.errors, st.number(align="center", **fill)), (item.warnings, st.number(align="center", **fill)),
                 (status, st.cell(align="center", **fill)), (item.file, st.cell(**fill)),
                 (note, st.cell(font_color="#C00000", **fill) if note else st.cell(**fill))]
        for col, (value, fmt) in enumerate(cells):
            put(ws, row, col, value, fmt)
        ws.write_number(row, HELPER_100, 100)
        ws.write_number(row, HELPER_90, float(LOW_ABSORPTION))
        label = item.name if labels[item.name] == 1 else f"{item.name} ({item.file})"
        ws.write_string(row, HELPER_NAME, label)  # the serapan chart's bars: no cap is involved
        if rekap.mixed_caps and item.average is not None:  # the capaian chart's bars: which ranking each is in
            label += f" [{cap_text(item.cap, lang)}]"
        ws.write_string(row, HELPER_LABEL, label)
        rows.set(row, row_height([(item.instansi or "", WIDTHS[1]), (item.pemda or "", WIDTHS[2]),
                                  (scale_name(item.scale, lang), WIDTHS[9]), (item.file, WIDTHS[COL_FILE]),
                                  (note, WIDTHS[COL_NOTE])]))
        row += 1
    last_read = first + len(rekap.read) - 1
    bold = {"bold": True}
    totals = [(None, st.cell(**bold)), (ui("rekap.row.total", lang), st.cell(**bold)), ("", st.cell(**bold)),
              ("", st.cell(**bold)), (rekap.indicators, st.number(align="center", **bold)),
              (rekap.counted, st.number(align="center", **bold)), (rekap.reached, st.number(align="center", **bold)),
              (rekap.average, st.number(2, **bold)), (rekap.average_category, st.cell(align="center", **bold)),
              (scale_name("permendagri86", lang), st.cell(align="center", **bold)), ("", st.cell(**bold)),
              (rekap.pagu, st.money(**bold)), (rekap.realisasi, st.money(**bold)),
              (rekap.serapan, st.number(2, **bold)),
              (rekap.error_count, st.number(align="center", **bold)),
              (rekap.warning_count, st.number(align="center", **bold)),
              (ui("rekap.row.read", lang, read=len(rekap.read), n=len(rekap.rows)), st.cell(align="center", **bold)),
              ("", st.cell(**bold)), (ui("rekap.row.note", lang), st.cell(italic=True))]
    for col, (value, fmt) in enumerate(totals):
        if value is None:
            ws.write_blank(row, col, None, fmt)
        else:
            put(ws, row, col, value, fmt)
    rows.set(row, row_height([(ui("rekap.row.note", lang), WIDTHS[COL_NOTE])]))
    marks = word("note.marks", lang, capaian=number(TINGGI_THRESHOLD, lang), serapan=number(LOW_ABSORPTION, lang))
    below = row + 2
    for line in [marks, *table_notes(rekap, lang)]:  # the marks; the rankings, the scales, what is counted
        ws.merge_range(below, 0, below, COL_NOTE, line, st.get(italic=True, font_size=9, text_wrap=True,
                                                                valign="top"))
        rows.set(below, row_height([(line, sum(WIDTHS))], size=9))
        below += 1
    for col in (HELPER_100, HELPER_90, HELPER_LABEL, HELPER_NAME):
        ws.set_column(col, col, None, None, {"hidden": True})
    ws.freeze_panes(header + 1, 2)
    ws.autofilter(header, 0, row - 1, len(WIDTHS) - 1)
    page(ws, lang, landscape=True, repeat_row=header)
    return sheet, first, last_read


def _header(key: str, lang: str) -> str:
    return word(key[1:], lang) if key.startswith("+") else ui(key, lang)


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
    specs = ((COL_AVERAGE, HELPER_100, HELPER_LABEL, "rekap.chart.capaian", 100, "capaian", [r.average for r in read]),
             (COL_SERAPAN, HELPER_90, HELPER_NAME, "rekap.chart.serapan", LOW_ABSORPTION, "serapan",
              [r.serapan for r in read]))
    row, starts = 2, []
    for column, helper, names, title, limit, mark, values in specs:
        starts.append(row)
        points = [{"fill": {"color": "#ED7D31" if mark in r.below else "#4472C4"}} for r in read]
        # labels at the bars' base: a value near the 100 % or 90 % line would sit on the line
        chart = bar_chart(workbook, sheet, (first, last, names), column, ui(title, lang), ui(title, lang),
                          points, st.locale + "#,##0.00", label_position="inside_base")
        target_line(chart, workbook, sheet, helper, first, last, ui("chart.line", lang, limit=number(limit, lang)))
        present = [float(v) for v in values if v is not None]
        axis: dict[str, Any] = {"min": min([0.0] + present), "num_format": st.locale + "0",
                                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
        if mark == "capaian" and rekap.mixed_caps:  # bars of different rankings side by side: say so
            ws.write_string(row, 0, word("note.chart.caps", lang), st.get(italic=True, font_size=9))
            row += 1
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
        finding = error.finding
        message = finding_text(finding, lang)
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
                  str(message.get("subject") or ""), listed or _problem(message, lang) or ui("rekap.no-workbook", lang),
                  sum(int(a.get("errors") or 0) for a in attachments),
                  sum(int(a.get("warnings") or 0) for a in attachments), str(message.get("reply") or ""))
        for col, value in enumerate(values):
            put(ws, row, col, value, st.number(align="center") if col in (0, 5, 6) else st.cell())
        rows.set(row, row_height([(values[4], widths[4]), (values[3], widths[3]), (values[2], widths[2])]))
        row += 1
    ws.freeze_panes(header + 1, 0)
    page(ws, lang, landscape=True, repeat_row=header)


def _problem(message: dict, lang: str) -> str:
    """Why a message was not processed, as `inbox` recorded it; '' for one that was."""
    problem = message.get("problem")
    text = problem.get("text") if isinstance(problem, dict) else None
    return str(text.get(lang) or text.get("id") or "") if isinstance(text, dict) else ""


def write_narrative(workbook: Any, st: Styles, rekap: Rekap) -> None:
    widths = [76, 14]
    ws = workbook.add_worksheet(ui("rekap.sheet.narasi", rekap.lang))
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    write_blocks(ws, Rows(ws), st, render_narrative(rekap), sum(widths))
    page(ws, rekap.lang, landscape=False)


def write_programs(workbook: Any, st: Styles, rekap: Rekap) -> None:
    """Kinerja Program per agency: how many programs, the mean capaian kinerja beside the mean capaian keuangan
    (serapan) of its programs, and the difference in percentage points."""
    lang = rekap.lang
    ws = workbook.add_worksheet(ui("rekap.sheet.program", lang))
    rows = Rows(ws)
    keys = ("col.no", "rekap.col.instansi", "rekap.col.programs", "col.capaian_kinerja", "col.capaian_keuangan",
            "col.efficiency", "col.file")
    widths = [5, 34, 11, 13, 13, 11, 24]
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    header = _title(ws, st, rekap, "rekap.title.program")
    header_row(rows, st, header, [ui(k, lang) for k in keys], widths)
    row = header + 1
    for index, item in enumerate(rekap.with_programs, start=1):
        gap = None if item.program_capaian is None or item.program_serapan is None \
            else item.program_capaian - item.program_serapan
        cells = [(index, st.number(align="center")), (item.name, st.cell()),
                 (item.programs, st.number(align="center")), (item.program_capaian, st.number(2)),
                 (item.program_serapan, st.number(2)), (gap, st.number(2)), (item.file, st.cell())]
        for col, (value, fmt) in enumerate(cells):
            put(ws, row, col, value, fmt)
        rows.set(row, row_height([(item.name, widths[1]), (item.file, widths[6])]))
        row += 1
    bold = {"bold": True}
    gap = None if rekap.program_capaian is None or rekap.program_serapan is None \
        else rekap.program_capaian - rekap.program_serapan
    totals = [("", st.cell(**bold)), (ui("rekap.row.total", lang), st.cell(**bold)),
              (rekap.programs, st.number(align="center", **bold)), (rekap.program_capaian, st.number(2, **bold)),
              (rekap.program_serapan, st.number(2, **bold)), (gap, st.number(2, **bold)), ("", st.cell(**bold))]
    for col, (value, fmt) in enumerate(totals):
        put(ws, row, col, value, fmt)
    ws.freeze_panes(header + 1, 2)
    page(ws, lang, landscape=True, repeat_row=header)


def write_money(workbook: Any, st: Styles, rekap: Rekap) -> None:
    """Spending per Sumber Dana (pagu, realisasi, serapan of each source) and Pendapatan (target, realisasi,
    capaian) per agency, with the totals over the agencies (TEMPLATE.md §5)."""
    lang = rekap.lang
    ws = workbook.add_worksheet(word("sheet.money", lang))
    rows = Rows(ws)
    sources = [s.source for s in rekap.sources]
    revenue = bool(rekap.with_revenue)
    headers = [ui("col.no", lang), ui("rekap.col.instansi", lang)]
    widths = [5, 34]
    for source in sources:
        headers += [word(f"col.source.{k}", lang, source=source) for k in ("pagu", "spent", "serapan")]
        widths += [18, 18, 14]
    if revenue:
        headers += [word(f"col.revenue.{k}", lang) for k in ("target", "actual", "percent")]
        widths += [18, 18, 14]
    headers.append(ui("col.file", lang))
    widths.append(24)
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    header = _title(ws, st, rekap, "", word("title.money", lang))
    header_row(rows, st, header, headers, widths)
    row = header + 1

    def amounts(by_source: dict[str, Any], target: Any, actual: Any, percent: Any, bold: bool = False) -> list:
        extra = {"bold": True} if bold else {}
        cells: list[tuple[Any, Any]] = []
        for source in sources:
            found = by_source.get(" ".join(source.split()).casefold())
            cells += [(found.budget if found else None, st.money(**extra)),
                      (found.spent if found else None, st.money(**extra)),
                      (found.absorption if found else None, st.number(2, **extra))]
        if revenue:
            cells += [(target, st.money(**extra)), (actual, st.money(**extra)), (percent, st.number(2, **extra))]
        return cells

    for index, item in enumerate(rekap.with_money, start=1):
        by_source = {" ".join(s.source.split()).casefold(): s for s in item.sources}
        cells = [(index, st.number(align="center")), (item.name, st.cell()),
                 *amounts(by_source, item.revenue_target, item.revenue_actual, item.revenue_percent),
                 (item.file, st.cell())]
        for col, (value, fmt) in enumerate(cells):
            if value is None:
                ws.write_blank(row, col, None, fmt)
            else:
                put(ws, row, col, value, fmt)
        rows.set(row, row_height([(item.name, widths[1]), (item.file, widths[-1])]))
        row += 1
    totals = {" ".join(s.source.split()).casefold(): s for s in rekap.sources}
    cells = [("", st.cell(bold=True)), (ui("rekap.row.total", lang), st.cell(bold=True)),
             *amounts(totals, rekap.revenue_target, rekap.revenue_actual, rekap.revenue_percent, bold=True),
             ("", st.cell(bold=True))]
    for col, (value, fmt) in enumerate(cells):
        if value is None:
            ws.write_blank(row, col, None, fmt)
        else:
            put(ws, row, col, value, fmt)
    note = word("note.money", lang)
    ws.merge_range(row + 2, 0, row + 2, len(widths) - 1, note, st.get(italic=True, font_size=9, text_wrap=True,
                                                                       valign="top"))
    rows.set(row + 2, row_height([(note, sum(widths))], size=9))
    ws.freeze_panes(header + 1, 2)
    page(ws, lang, landscape=True, repeat_row=header)


def build(workbook: Any, rekap: Rekap) -> None:
    """Add every sheet of the recap to an XlsxWriter workbook: Narasi first, then Rekap, charts, Kesalahan."""
    st = Styles(workbook, rekap.lang)
    workbook.set_properties({"title": ui("rekap.title", rekap.lang), "author": "lkip-xls"})
    write_narrative(workbook, st, rekap)
    source = write_table(workbook, st, rekap)
    write_charts(workbook, st, rekap, source)
    write_errors(workbook, st, rekap)
    if rekap.with_money:
        write_money(workbook, st, rekap)
    if rekap.with_programs:
        write_programs(workbook, st, rekap)
    if rekap.messages:
        write_messages(workbook, st, rekap)


def write_rekap(rekap: Rekap, path: Path, lang: str | None = None) -> None:
    """Write the recap workbook atomically (`lang` defaults to the language the recap was built in)."""
    if lang is not None and lang != rekap.lang:
        rekap = replace(rekap, lang=lang)
    write_workbook(path, lambda workbook: build(workbook, rekap))
