"""The summary workbook NAME_ringkasan.xlsx (XlsxWriter): the narrative, then the tables and charts behind it.

Every cell of agency text is written with `write_string` (and the workbook refuses to turn strings into
formulas or links), so a name that starts with "=" stays text. Figures are numbers with number formats; in
Indonesian the formats carry the id-ID locale tag so that LibreOffice shows 1.234.567,89 whatever its own
locale (Excel follows the reader's system settings).

Longer than ~400 lines on purpose: one function per sheet of the summary workbook, sharing its formats; each is
short.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.model import Severity
from ..core.numbers import TargetKind
from ..core.schema import SDM, STAFF_GROUPS
from ..rules.analysis import Analysis
from ..rules.calc import EFFICIENT_MARGIN
from ..rules.facts import (
    LOW_ABSORPTION,
    BudgetFacts,
    count_sum,
    facts,
    percent_of,
    staff_population,
    staff_unknown,
)
from ..text import narrative
from ..text.finding_messages import finding_text
from ..text.format import agency_name, number, short_name
from ..text.messages import ui
from ..text.words import target_quantity
from .narrative_sheet import PAGE_FOOTER, write_narrative
from .sheets import (
    BLUE,
    CHART_CAP,
    ORANGE,
    PRINTABLE,
    Rows,
    Styles,
    bar_chart,
    close_table,
    header_row,
    note,
    page,
    pixels,
    place_chart,
    places_of,
    put,
    row_height,
    target_line,
    write_workbook,
)

SEVERITY_FILLS = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#FFEB9C", Severity.INFO: "#DDEBF7"}
CATEGORY_FILLS = ("#C6EFCE", "#E2EFDA", "#FFEB9C", "#FCE4D6", "#FFC7CE")  # best to worst
CATEGORY_BARS = ("#2E8B57", "#8DC26F", "#E6B422", "#F08C3C", "#D64541")
EFFICIENCY_FILLS = {"Efisien": "#C6EFCE", "Cukup Efisien": "#FFEB9C", "Tidak Efisien": "#FFC7CE"}


# --------------------------------------------------------------------------- helpers


def _sheet(workbook: Any, key: str, lang: str, widths: list[float]) -> tuple[Any, Rows]:
    ws = workbook.add_worksheet(ui(key, lang))
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)
    return ws, Rows(ws)


def _title(rows: Rows, st: Styles, analysis: Analysis, key: str, lang: str) -> int:
    """Title and agency lines; returns the next free row."""
    ident = analysis.data.identitas
    title = ui(key, lang) + (" - " + ui("title.year", lang, year=ident.year) if ident.year else "")
    rows.ws.write_string(0, 0, title, st.get(bold=True, font_size=14))
    rows.set(0, 21)
    name = agency_name(ident.agency, ident.government)
    if name:
        rows.ws.write_string(1, 0, name, st.get(bold=True))
    return 3


def _axis_name(name: str | None) -> str:
    """A program's name on a chart axis: without the word "Program" every bar would start with, shortened."""
    text = " ".join((name or "").split())
    if text.lower().startswith("program ") and len(text) > len("program ") + 3:
        text = text[len("program "):]
    return short_name(text)


def _chart_title(key: str, analysis: Analysis, lang: str) -> str:
    """A chart's title with the agency named with its Pemerintah Daerah on a second line, so that a chart pasted
    into another document still says whose figures it shows."""
    ident = analysis.data.identitas
    name = agency_name(ident.agency, ident.government)
    return ui(key, lang) + (f"\n{name}" if name else "")


def _print_titles(rows: Rows, header: int, end: int, widths: list[float]) -> int | None:
    """The header row to repeat on every printed page, only when the tables above row `end` run past the first
    page; otherwise None, so that a chart printed on a page of its own has no orphan header row above it."""
    width_px, height_pt = PRINTABLE[True]
    scale = min(1.0, width_px / pixels(widths))
    return header if rows.used(end) > height_pt / scale else None


def _chart_or_defer(rows: Rows, chart: Any, row: int, size: tuple[int, int], widths: list[float],
                    repeat: int | None, charts: list[Any]) -> None:
    """A chart under its table when the table prints without repeated header rows; otherwise it waits for the
    Grafik sheet, so that no chart page prints under an orphan header row."""
    if repeat is None:
        place_chart(rows, chart, row, 1, size, pixels(widths), landscape=True)
    else:
        chart.set_size({"width": size[0], "height": size[1]})
        charts.append(chart)


def write_grafik(workbook: Any, lang: str, charts: list[Any]) -> None:
    """The charts of tables too long for one page: one chart per landscape page, no print titles."""
    ws = workbook.add_worksheet(ui("sheet.grafik", lang))
    ws.hide_gridlines(2)
    row, breaks = 0, []
    for chart in charts:
        if row:
            breaks.append(row)
        ws.insert_chart(row, 0, chart, {"x_offset": 4, "y_offset": 4})
        row += 30  # 30 rows of 15 points: more than a chart's height, less than a landscape page
    if breaks:
        ws.set_h_pagebreaks(breaks)
    page(ws, lang, landscape=True)


def _amount(value: Decimal | None, st: Styles) -> tuple[Any, Any]:
    """A figure the agency typed (last year's realisasi, the Renstra target), empty when it gave none."""
    return (value, st.number(places_of(value))) if value is not None else ("", st.cell(align="right"))


def category_colours(scale: Any) -> dict[str, tuple[str, str]]:
    """category -> (cell fill, bar colour), from green (best band) to red (worst)."""
    bands = sorted(scale, key=lambda b: (b.lower is None, -(b.lower or 0)))
    last = max(1, len(bands) - 1)
    colours = {}
    for index, band in enumerate(bands):
        position = round(index * (len(CATEGORY_FILLS) - 1) / last)
        colours[band.category] = (CATEGORY_FILLS[position], CATEGORY_BARS[position])
    return colours


# --------------------------------------------------------------------------- the sheets


def write_ringkasan(workbook: Any, st: Styles, blocks: list[narrative.Block], lang: str) -> None:
    write_narrative(workbook, st, ui("sheet.ringkasan", lang), blocks, lang)


def write_capaian(workbook: Any, st: Styles, analysis: Analysis, lang: str, charts: list[Any]) -> None:
    results, ident = analysis.results, analysis.data.identitas
    capped = any(r.capaian.uncapped != r.value for r in results.indicators if r.value is not None)
    last_year = any(r.indicator.actual_last_year is not None for r in results.indicators)
    renstra = any(r.indicator.renstra_target is not None for r in results.indicators)
    keys = (["col.no", "col.sasaran_code", "col.sasaran", "col.code", "col.indicator", "col.unit", "col.direction"]
            + (["col.last_year"] if last_year else []) + ["col.target", "col.actual", "col.capaian"]
            + (["col.uncapped"] if capped else []) + (["col.renstra"] if renstra else []) + ["col.category"])
    widths = ([5, 9, 26, 15, 36, 9, 8] + ([14] if last_year else []) + [14, 17, 11] + ([12] if capped else [])
              + ([14] if renstra else []) + [17])
    ws, rows = _sheet(workbook, "sheet.capaian", lang, widths)
    header = _title(rows, st, analysis, "title.capaian", lang)
    header_row(rows, st, header, [ui(k, lang) for k in keys], widths)
    col_cap, col_cat = keys.index("col.capaian"), len(keys) - 1
    helper = col_cat + 2
    colours = category_colours(results.scale)
    first = row = header + 1
    groups: list[list[int]] = []  # [first row, last row] of each run of indicators of one sasaran
    for index, result in enumerate(results.indicators):
        ind = result.indicator
        previous = results.indicators[index - 1].indicator.sasaran_code if index else None
        if groups and ind.sasaran_code and ind.sasaran_code == previous:
            groups[-1][1] = row
        else:
            groups.append([row, row])
        fill = colours.get(result.category or "", ("#FFFFFF", BLUE))[0]
        target = ind.target
        cells: list[tuple[Any, Any]] = [
            (index + 1, st.number(align="center")), (ind.sasaran_code or "", st.cell()),
            (ind.sasaran_name or "", st.cell()), (ind.code or "", st.cell()), (ind.name or "", st.cell()),
            (ind.unit or "", st.cell(align="center")), (ind.direction or "", st.cell(align="center")),
        ]
        if last_year:
            cells.append(_amount(ind.actual_last_year, st))
        cells += [
            (target.value, st.number(places_of(target.value))) if target and target.kind is TargetKind.VALUE
            else (target_quantity(target, None, lang) if target else None, st.cell(align="right")),
            (ind.actual, st.number(places_of(ind.actual))) if ind.actual is not None
            else (ind.actual_text, st.cell(align="right")),
            (result.value, st.pct(bg_color=fill)),
        ]
        if capped:
            cells.append((result.capaian.uncapped, st.pct()))
        if renstra:
            cells.append(_amount(ind.renstra_target, st))
        cells.append((result.category, st.cell(bg_color=fill, align="center")))
        for col, (value, fmt) in enumerate(cells):
            put(ws, row, col, value, fmt)
        ws.write_number(row, helper, 100)
        ws.write_string(row, helper + 1, short_name(ind.name or ind.code))
        rows.set(row, row_height([(ind.name or "", widths[4]), (ind.code or "", widths[3])]))
        row += 1
    last = row - 1
    for top, bottom in groups:  # a sasaran over several indicators: one merged cell for its code and name
        ind = results.indicators[top - first].indicator
        if bottom > top:
            for col, text in ((1, ind.sasaran_code or ""), (2, ind.sasaran_name or "")):
                ws.merge_range(top, col, bottom, col, "", st.cell())
                ws.write_string(top, col, text, st.cell())
        needed = row_height([(ind.sasaran_name or "", widths[2])])
        spread = sum(rows.heights[r] for r in range(top, bottom + 1))
        if needed > spread:
            rows.set(bottom, rows.heights[bottom] + needed - spread)
    if results.indicators:
        fill = colours.get(results.average_category or "", ("#FFFFFF", BLUE))[0]
        ws.merge_range(row, 0, row, col_cap - 1, "", st.cell(bold=True, align="right"))
        ws.write_string(row, 0, ui("row.average", lang, n=results.counted), st.cell(bold=True, align="right"))
        put(ws, row, col_cap, results.average, st.pct(bold=True, bg_color=fill))
        for col in range(col_cap + 1, col_cat):
            ws.write_blank(row, col, None, st.cell())
        put(ws, row, col_cat, results.average_category, st.cell(bold=True, bg_color=fill, align="center"))
        row += 1
    values = [r.value for r in results.indicators if r.value is not None]
    clipped = bool(values) and max(values) > CHART_CAP
    notes = [ui("note.cap", lang, cap=number(ident.indicator_cap, lang) + "%")] if ident.indicator_cap else []
    if ident.average_cap is not None:
        notes.append(ui("note.average_cap", lang, cap=number(ident.average_cap, lang) + "%"))
    if ident.average_basis == "sasaran":
        notes.append(ui("note.average_sasaran", lang))
    if clipped:
        notes.append(ui("note.axis", lang, limit=number(CHART_CAP, lang) + "%"))
    for text in notes:
        note(rows, st, row, text, sum(widths))
        row += 1
    ws.set_column(helper, helper + 1, None, None, {"hidden": True})
    repeat = _print_titles(rows, header, row, widths)
    if values:
        sheet = ui("sheet.capaian", lang)
        points = [{"fill": {"color": colours.get(r.category or "", ("", BLUE))[1]}} for r in results.indicators]
        chart = bar_chart(workbook, sheet, (first, last, helper + 1), col_cap, ui("col.capaian", lang),
                          _chart_title("chart.capaian", analysis, lang), points, st.locale + "0.00", "inside_base")
        target_line(chart, workbook, sheet, helper, first, last, ui("chart.line", lang, limit=100))
        axis: dict[str, Any] = {"num_format": st.locale + "0", "major_gridlines": {"visible": True,
                                                                                   "line": {"color": "#D9D9D9"}}}
        if clipped:
            axis.update(max=float(CHART_CAP), min=min(0.0, float(min(values))))
        chart.set_y_axis(axis)
        size = (min(pixels(widths) - 20, 320 + 60 * len(values)), 380)
        _chart_or_defer(rows, chart, row + 1, (int(size[0]), size[1]), widths, repeat, charts)
    ws.freeze_panes(header + 1, 0)
    page(ws, lang, landscape=True, repeat_row=repeat)


def write_anggaran(workbook: Any, st: Styles, analysis: Analysis, budget: BudgetFacts | None,
                   lang: str, charts: list[Any]) -> None:
    results = analysis.results
    widths = [12, 48, 18, 18, 11, 18, 26]
    ws, rows = _sheet(workbook, "sheet.anggaran", lang, widths)
    row = _title(rows, st, analysis, "title.anggaran", lang)
    headers = [ui(k, lang) for k in ("col.code", "col.program", "col.pagu", "col.spent", "col.serapan", "col.sisa",
                                     "col.note")]
    ws.write_string(row, 0, ui("heading.by_program", lang), st.get(bold=True))
    header = row + 1
    header_row(rows, st, header, headers, widths)
    first = row = header + 1
    helper = len(widths) + 1
    limit = number(LOW_ABSORPTION, lang)
    programs = budget.programs if budget else []
    for program in programs:
        notes = [ui("mark.low", lang, limit=limit)] if program.low else []
        if program.remaining is not None and program.remaining < 0:
            notes.append(ui("mark.over", lang))
        _amount_row(rows, st, row, (program.code or "", program.name or ""), program.budget, program.spent,
                    program.absorption, "; ".join(notes), widths, mark=bool(notes))
        ws.write_number(row, helper, float(LOW_ABSORPTION))
        ws.write_string(row, helper + 1, _axis_name(program.name or program.code))
        row += 1
    last = row - 1
    if budget:
        known = budget.top_pagu is not None and budget.top_realisasi is not None
        top_serapan = percent_of(budget.top_realisasi, budget.top_pagu) if known else None
        _amount_row(rows, st, row, ("", ui("row.programs_total", lang)), budget.top_pagu, budget.top_realisasi,
                    top_serapan, "", widths, bold=True)
        row += 1
        if budget.total_pagu is not None and budget.total_realisasi is not None:
            _amount_row(rows, st, row, ("", ui("row.total_row", lang)), budget.total_pagu, budget.total_realisasi,
                        percent_of(budget.total_realisasi, budget.total_pagu),
                        ui("mark.total_differs", lang) if budget.differs else "", widths, mark=budget.differs,
                        bold=True)
            row += 1
    row += 1
    sasaran = [s for s in results.sasaran if s.budget is not None]
    if sasaran:
        ws.write_string(row, 0, ui("heading.by_sasaran", lang), st.get(bold=True))
        keys = ("col.sasaran_code", "col.sasaran", "col.pagu", "col.spent", "col.serapan", "col.sisa")
        header_row(rows, st, row + 1, [ui(k, lang) for k in keys], widths)
        row += 2
        for item in sasaran:
            _amount_row(rows, st, row, (item.code, item.name or ""), item.budget, item.spent, item.absorption,
                        None, widths)
            row += 1
        if budget and budget.unlinked and budget.top_realisasi is not None:
            spent = budget.top_realisasi - sum((s.spent or Decimal(0) for s in sasaran), Decimal(0))
            _amount_row(rows, st, row, ("", ui("row.unlinked", lang)), budget.unlinked, spent,
                        percent_of(spent, budget.unlinked), None, widths)
            row += 1
    row = _anggaran_v2(rows, st, analysis, row, widths, lang)
    ws.set_column(helper, helper + 1, None, None, {"hidden": True})
    repeat = _print_titles(rows, header, row, widths)
    if any(p.absorption is not None for p in programs):
        sheet = ui("sheet.anggaran", lang)
        points = [{"fill": {"color": ORANGE if p.low else BLUE}} for p in programs]
        chart = bar_chart(workbook, sheet, (first, last, helper + 1), 4, ui("col.serapan", lang),
                          _chart_title("chart.serapan", analysis, lang), points, st.locale + "0.00", "inside_base")
        target_line(chart, workbook, sheet, helper, first, last, ui("chart.line", lang, limit=limit))
        highest = max(float(p.absorption or 0) for p in programs)
        chart.set_y_axis({"min": 0, "max": 100 if highest <= 100 else None, "num_format": st.locale + "0",
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        size = (int(min(pixels(widths) - 20, 320 + 60 * len(programs))), 360)
        _chart_or_defer(rows, chart, row + 1, size, widths, repeat, charts)
    ws.freeze_panes(header + 1, 0)
    page(ws, lang, landscape=True, repeat_row=repeat)


def _anggaran_v2(rows: Rows, st: Styles, analysis: Analysis, row: int, widths: list[float], lang: str) -> int:
    """Template version 2: spending per Sumber Dana, revenue (Jenis Pendapatan), Pagu Murni beside Pagu."""
    ws, results = rows.ws, analysis.results
    if results.by_source:
        ws.write_string(row, 0, ui("heading.by_source", lang), st.get(bold=True))
        keys = ("col.source", "col.pagu", "col.spent", "col.serapan", "col.sisa")
        header_row(rows, st, row + 1, ["", *(ui(k, lang) for k in keys)], widths)
        row += 2
        for source in results.by_source:
            _amount_row(rows, st, row, ("", source.source), source.budget, source.spent, source.absorption, None,
                        widths)
            row += 1
        row += 1
    revenue = [r for r in results.budget if r.revenue and r.line.code]
    if revenue:
        ws.write_string(row, 0, ui("heading.revenue", lang), st.get(bold=True))
        keys = ("col.code", "col.program", "col.revenue_target", "col.revenue_actual", "col.revenue_percent")
        header_row(rows, st, row + 1, [ui(k, lang) for k in keys], widths[:5])
        row += 2
        for item in revenue:
            _amount_row(rows, st, row, (item.line.code or "", item.line.name or ""), item.line.budget,
                        item.line.spent, item.absorption, None, widths, blank_sisa=True)
            row += 1
        if results.revenue_target is not None:
            _amount_row(rows, st, row, ("", ui("row.total", lang)), results.revenue_target, results.revenue_actual,
                        results.revenue_percent, None, widths, bold=True, blank_sisa=True)
            row += 1
        row += 1
    murni = [r for r in results.budget if r.line.budget_initial is not None and r.line.code]
    if murni:
        ws.write_string(row, 0, ui("heading.pagu_murni", lang), st.get(bold=True))
        keys = ("col.code", "col.program", "col.pagu_murni", "col.pagu", "col.pagu_change")
        header_row(rows, st, row + 1, [ui(k, lang) for k in keys], widths[:5])
        row += 2
        for item in murni:
            line = item.line
            put(ws, row, 0, line.code or "", st.cell())
            put(ws, row, 1, line.name or "", st.cell())
            put(ws, row, 2, line.budget_initial, st.money())
            put(ws, row, 3, line.budget, st.money())
            change = line.budget - line.budget_initial if line.budget is not None else None
            put(ws, row, 4, change, st.money())
            row += 1
        row += 1
    return row


def _amount_row(rows: Rows, st: Styles, row: int, labels: tuple[str, str], pagu: Decimal | None,
                spent: Decimal | None,
                serapan: Decimal | None, note: str | None, widths: list[float], mark: bool = False,
                bold: bool = False, blank_sisa: bool = False) -> None:
    """One line of a budget table: code, name, pagu, realisasi, serapan, sisa and (with note) Keterangan."""
    ws, extra = rows.ws, ({"bold": True} if bold else {})
    put(ws, row, 0, labels[0], st.cell(**extra))
    put(ws, row, 1, labels[1], st.cell(**extra))
    put(ws, row, 2, pagu, st.money(**extra))
    put(ws, row, 3, spent, st.money(**extra))
    put(ws, row, 4, serapan, st.pct(**extra, **({"bg_color": "#FCE4D6"} if mark else {})))
    if not blank_sisa:
        put(ws, row, 5, pagu - spent if pagu is not None and spent is not None else None, st.money(**extra))
    if note is not None:
        put(ws, row, 6, note, st.cell(**extra, **({"font_color": "#C00000"} if note else {})))
    rows.set(row, row_height([(labels[1], widths[1]), (note or "", widths[6])]))


def write_efisiensi(workbook: Any, st: Styles, analysis: Analysis, lang: str) -> None:
    widths = [10, 44, 11, 11, 18, 18, 11, 11, 16]
    ws, rows = _sheet(workbook, "sheet.efisiensi", lang, widths)
    header = _title(rows, st, analysis, "title.efisiensi", lang)
    keys = ("col.sasaran_code", "col.sasaran", "col.indicators", "col.capaian", "col.pagu", "col.spent",
            "col.serapan", "col.efficiency", "col.efficiency_category")
    header_row(rows, st, header, [ui(k, lang) for k in keys], widths)
    row = header + 1
    for item in analysis.results.sasaran:
        fill = EFFICIENCY_FILLS.get(item.efficiency_category or "", "#FFFFFF")
        cells = [(item.code, st.cell()), (item.name or "", st.cell()), (item.indicators, st.number(align="center")),
                 (item.capaian, st.pct()), (item.budget, st.money()), (item.spent, st.money()),
                 (item.absorption, st.pct()), (item.efficiency, st.pct(bg_color=fill)),
                 (item.efficiency_category, st.cell(bg_color=fill, align="center"))]
        for col, (value, fmt) in enumerate(cells):
            put(ws, row, col, value, fmt)
        rows.set(row, row_height([(item.name or "", widths[1])]))
        row += 1
    margin = number(EFFICIENT_MARGIN, lang)
    method = analysis.data.identitas.efficiency_method
    key = "note.efficiency" if method == "selisih" else f"note.efficiency.{method}"
    note(rows, st, row + 1, ui(key, lang, m=margin) + " "
         + ui("note.efficiency_convention", lang, m=margin), sum(widths))
    ws.freeze_panes(header + 1, 0)
    page(ws, lang, landscape=True, repeat_row=header)


def write_program(workbook: Any, st: Styles, analysis: Analysis, lang: str, charts: list[Any]) -> None:
    """Capaian Kinerja dan Keuangan (Permendagri 86/2017 evaluation shape): per program, kegiatan and sub kegiatan
    its indicators, the capaian kinerja (their mean) beside the capaian keuangan (serapan), each classified, and
    the efficiency; then a chart of both per program, named by the program's Uraian."""
    results = analysis.results
    keys = ("col.level", "col.code", "col.uraian", "col.indicator", "col.unit", "col.target", "col.actual",
            "col.capaian", "col.capaian_kinerja", "col.category_kinerja", "col.pagu", "col.spent",
            "col.capaian_keuangan", "col.category_keuangan", "col.efficiency")
    widths = [12, 14, 32, 34, 9, 12, 12, 11, 11, 14, 17, 17, 11, 14, 11]
    ws, rows = _sheet(workbook, "sheet.program", lang, widths)
    header = _title(rows, st, analysis, "title.program", lang)
    header_row(rows, st, header, [ui(k, lang) for k in keys], widths)
    colours = category_colours(results.scale)
    row = header + 1
    for item in results.programs:
        kinerja = colours.get(item.category or "", ("#FFFFFF", BLUE))[0]
        keuangan = colours.get(item.absorption_category or "", ("#FFFFFF", BLUE))[0]
        fill = EFFICIENCY_FILLS.get(item.efficiency_category or "", "#FFFFFF")
        for index, result in enumerate(item.indicators):
            ind = result.indicator
            target = ind.target
            cells: list[tuple[Any, Any]] = [
                (item.level or "", st.cell()), (item.code, st.cell()), (item.name or "", st.cell()),
                (ind.name or "", st.cell()), (ind.unit or "", st.cell(align="center")),
                (target.value, st.number(places_of(target.value))) if target and target.kind is TargetKind.VALUE
                else (target_quantity(target, None, lang) if target else None, st.cell(align="right")),
                (ind.actual, st.number(places_of(ind.actual))) if ind.actual is not None
                else (ind.actual_text, st.cell(align="right")),
                (result.value, st.pct()),
            ]
            if index == 0:
                cells += [(item.capaian, st.pct(bg_color=kinerja)),
                          (item.category, st.cell(bg_color=kinerja, align="center")),
                          (item.budget, st.money()), (item.spent, st.money()),
                          (item.absorption, st.pct(bg_color=keuangan)),
                          (item.absorption_category, st.cell(bg_color=keuangan, align="center")),
                          (item.efficiency, st.pct(bg_color=fill))]
            else:
                cells[:3] = [("", st.cell())] * 3
                cells += [("", st.cell())] * 7
            for col, (value, fmt) in enumerate(cells):
                put(ws, row, col, value, fmt)
            rows.set(row, row_height([(item.name or "" if index == 0 else "", widths[2]),
                                      (ind.name or "", widths[3])]))
            row += 1
    note(rows, st, row + 1, ui("note.program", lang), sum(widths))
    note(rows, st, row + 2, ui("note.efficiency", lang, m=number(EFFICIENT_MARGIN, lang)), sum(widths))
    repeat = _print_titles(rows, header, row + 3, widths)
    charted = [p for p in results.programs if p.level == "Program"] or list(results.programs)
    charted = [p for p in charted if p.capaian is not None or p.absorption is not None]
    if charted:
        helper = len(keys) + 1
        first = header + 1
        for offset, item in enumerate(charted):
            ws.write_string(first + offset, helper, _axis_name(item.name or item.code))
            put(ws, first + offset, helper + 1, item.capaian, st.pct())
            put(ws, first + offset, helper + 2, item.absorption, st.pct())
        last = first + len(charted) - 1
        ws.set_column(helper, helper + 2, None, None, {"hidden": True})
        sheet = ui("sheet.program", lang)
        chart = workbook.add_chart({"type": "column"})
        labels = {"value": True, "font": {"size": 8}, "num_format": st.locale + "0.00", "position": "inside_base",
                  "fill": {"color": "#FFFFFF"}, "border": {"color": "#BFBFBF"}}
        for col, name, colour in ((helper + 1, ui("col.capaian_kinerja", lang), BLUE),
                                  (helper + 2, ui("col.capaian_keuangan", lang), ORANGE)):
            chart.add_series({"name": name, "categories": [sheet, first, helper, last, helper],
                              "values": [sheet, first, col, last, col], "gap": 60, "data_labels": labels,
                              "fill": {"color": colour}})
        chart.set_title({"name": _chart_title("chart.program", analysis, lang), "name_font": {"size": 11}})
        chart.set_x_axis({"num_font": {"size": 9}})
        chart.set_y_axis({"num_format": st.locale + "0",
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.show_hidden_data()
        size = (min(pixels(widths) - 20, 360 + 120 * len(charted)), 360)
        _chart_or_defer(rows, chart, row + 4, (int(size[0]), size[1]), widths, repeat, charts)
    ws.freeze_panes(header + 1, 0)
    page(ws, lang, landscape=True, repeat_row=repeat)


def write_sdm(workbook: Any, st: Styles, analysis: Analysis, lang: str) -> None:
    units = analysis.data.staff_units
    widths = [30, 10, 10, 10, 10, 10, 10, 10]
    ws, rows = _sheet(workbook, "sheet.sdm", lang, widths)
    row = _title(rows, st, analysis, "title.sdm", lang)
    labels = {c.key: c.header for c in SDM.columns}
    labels.update(male=ui("label.male", lang), female=ui("label.female", lang))
    keys = ["pns", "cpns", "pppk", "non_asn", "total", "male", "female"]
    ws.write_string(row, 0, ui("heading.units", lang), st.get(bold=True))
    header = row + 1
    header_row(rows, st, header, [ui("col.unit_kerja", lang)] + [labels[k] for k in keys], widths)
    row = header + 1
    for unit in units:
        bold = {"bold": True} if unit.is_total else {}
        put(ws, row, 0, unit.unit or "", st.cell(**bold))
        for col, key in enumerate(keys, start=1):
            value = unit.counts.get(key)
            if key in unit.unreadable:  # reported at its cell; never shown as 0 or empty
                put(ws, row, col, "?", st.number(**bold))
            elif value is None:  # a column the agency left empty stays empty
                ws.write_blank(row, col, None, st.number(**bold))
            else:
                put(ws, row, col, value, st.number(**bold))
        row += 1
    counts, from_total = staff_population(units)
    unknown = staff_unknown(units)
    note(rows, st, row, ui("note.sdm_total_row" if from_total else "note.sdm_units", lang), sum(widths))
    row += 2
    population = {"status": counts.get("total"), "gender": counts.get("total"),
                  "pendidikan": (counts.get("total") if analysis.data.identitas.education_population == "Semua"
                                 else count_sum(counts, ("pns", "cpns", "pppk"), unknown)),
                  "golongan": count_sum(counts, ("pns", "cpns"), unknown),
                  "jabatan": count_sum(counts, ("pns", "cpns"), unknown)}
    charts = {"pendidikan": "chart.pendidikan", "jabatan": "chart.jabatan"}
    sheet = ui("sheet.sdm", lang)
    for group in STAFF_GROUPS:
        values = [counts.get(k) for k in group.columns]
        if all(v is None for v in values) or any(k in unknown for k in group.columns):
            continue  # empty, or resting on a count that cannot be read
        base = population[group.name]
        headers = [ui(f"group.{group.name}", lang), ui("col.count", lang), ui("col.share", lang)]
        header_row(rows, st, row, headers, widths)
        first = row + 1
        total = sum(v or 0 for v in values)
        lines = [(labels[k], counts.get(k) or 0, {}) for k in group.columns]
        lines.append((ui("row.total", lang), total, {"bold": True}))
        for offset, (label, count, extra) in enumerate(lines, start=1):
            put(ws, row + offset, 0, label, st.cell(**extra))
            put(ws, row + offset, 1, count, st.number(**extra))
            put(ws, row + offset, 2, percent_of(Decimal(count), Decimal(base or 0)), st.pct(**extra))
        last = row + len(group.columns)
        if group.name in charts:
            title = ui(charts[group.name], lang)
            chart = bar_chart(workbook, sheet, (first, last, 0), 1, title,
                              _chart_title(charts[group.name], analysis, lang), None, None)
            chart.set_legend({"none": True})
            chart.set_y_axis({"min": 0, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
            chart.set_size({"width": 420, "height": 250})
            ws.insert_chart(row, 4, chart, {"x_offset": 10})
        row = last + 3
    page(ws, lang, landscape=False)


def write_temuan(workbook: Any, st: Styles, analysis: Analysis, lang: str) -> None:
    widths = [12, 26, 12, 8, 90, 18]
    ws, rows = _sheet(workbook, "sheet.temuan", lang, widths)
    header = _title(rows, st, analysis, "title.temuan", lang)
    keys = ("col.severity", "col.code", "col.sheet", "col.cell", "col.message", "col.caused_by")
    header_row(rows, st, header, [ui(k, lang) for k in keys], widths)
    row = header + 1
    for finding in analysis.findings:
        message = finding_text(finding, lang)
        put(ws, row, 0, ui("severity." + finding.severity.value, lang),
            st.cell(bg_color=SEVERITY_FILLS[finding.severity]))
        values = (finding.code, finding.sheet or "", finding.cell or "", message, ", ".join(finding.caused_by))
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, st.cell())
        rows.set(row, row_height([(message, widths[4]), (finding.code, widths[1])]))
        row += 1
    close_table(ws, lang, header, row, len(widths), ui("no-findings", lang))


# --------------------------------------------------------------------------- the workbook


def build(workbook: Any, analysis: Analysis, lang: str = "id", source: str | None = None) -> None:
    """Add every sheet of the summary to an XlsxWriter workbook."""
    st = Styles(workbook, lang)
    figures = facts(analysis, source)
    workbook.set_properties({"title": ui("sheet.ringkasan", lang), "author": "lkip-xls"})
    write_ringkasan(workbook, st, narrative.blocks(narrative.render_text(figures, lang)), lang)
    charts: list[Any] = []  # charts of long tables, for the Grafik sheet
    write_capaian(workbook, st, analysis, lang, charts)
    if analysis.results.budget and not analysis.results.hierarchy_unclear:
        write_anggaran(workbook, st, analysis, figures.budget, lang, charts)
    if analysis.results.sasaran:
        write_efisiensi(workbook, st, analysis, lang)
    if analysis.results.programs:
        write_program(workbook, st, analysis, lang, charts)
    if analysis.data.staff_units:
        write_sdm(workbook, st, analysis, lang)
    if charts:
        write_grafik(workbook, lang, charts)
    write_temuan(workbook, st, analysis, lang)
    for worksheet in workbook.worksheets():
        worksheet.set_footer(PAGE_FOOTER)  # page numbers only: no tool's name under a report section


def write_summary(analysis: Analysis, target: Path, lang: str = "id", source: str | None = None) -> None:
    """Write NAME_ringkasan.xlsx for one analysed workbook, atomically; `source` names the input in the text."""
    write_workbook(target, lambda workbook: build(workbook, analysis, lang, source))
