"""The Anggaran and Efisiensi sheets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...rules.analysis import Analysis
from ...rules.calc import EFFICIENT_MARGIN
from ...rules.facts import (
    LOW_ABSORPTION,
    BudgetFacts,
    percent_of,
)
from ...text.format import number
from ...text.messages import ui
from ..sheets import (
    BLUE,
    ORANGE,
    Rows,
    Styles,
    bar_chart,
    header_row,
    note,
    page,
    pixels,
    put,
    row_height,
    target_line,
)
from .charts import axis_name, chart_or_defer, chart_title
from .common import EFFICIENCY_FILLS, new_sheet, print_titles, write_title


def write_anggaran(workbook: Any, st: Styles, analysis: Analysis, budget: BudgetFacts | None,
                   lang: str, charts: list[Any]) -> None:
    results = analysis.results
    widths = [12, 48, 18, 18, 11, 18, 26]
    ws, rows = new_sheet(workbook, "sheet.anggaran", lang, widths)
    row = write_title(rows, st, analysis, "title.anggaran", lang)
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
        amount_row(rows, st, row, (program.code or "", program.name or ""), program.budget, program.spent,
                    program.absorption, "; ".join(notes), widths, mark=bool(notes))
        ws.write_number(row, helper, float(LOW_ABSORPTION))
        ws.write_string(row, helper + 1, axis_name(program.name or program.code))
        row += 1
    last = row - 1
    if budget:
        known = budget.top_pagu is not None and budget.top_realisasi is not None
        top_serapan = percent_of(budget.top_realisasi, budget.top_pagu) if known else None
        amount_row(rows, st, row, ("", ui("row.programs_total", lang)), budget.top_pagu, budget.top_realisasi,
                    top_serapan, "", widths, bold=True)
        row += 1
        if budget.total_pagu is not None and budget.total_realisasi is not None:
            amount_row(rows, st, row, ("", ui("row.total_row", lang)), budget.total_pagu, budget.total_realisasi,
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
            amount_row(rows, st, row, (item.code, item.name or ""), item.budget, item.spent, item.absorption,
                        None, widths)
            row += 1
        if budget and budget.unlinked and budget.top_realisasi is not None:
            spent = budget.top_realisasi - sum((s.spent or Decimal(0) for s in sasaran), Decimal(0))
            amount_row(rows, st, row, ("", ui("row.unlinked", lang)), budget.unlinked, spent,
                        percent_of(spent, budget.unlinked), None, widths)
            row += 1
    row = anggaran_v2(rows, st, analysis, row, widths, lang)
    ws.set_column(helper, helper + 1, None, None, {"hidden": True})
    repeat = print_titles(rows, header, row, widths)
    if any(p.absorption is not None for p in programs):
        sheet = ui("sheet.anggaran", lang)
        points = [{"fill": {"color": ORANGE if p.low else BLUE}} for p in programs]
        chart = bar_chart(workbook, sheet, (first, last, helper + 1), 4, ui("col.serapan", lang),
                          chart_title("chart.serapan", analysis, lang), points, st.locale + "0.00", "inside_base")
        target_line(chart, workbook, sheet, helper, first, last, ui("chart.line", lang, limit=limit))
        highest = max(float(p.absorption or 0) for p in programs)
        chart.set_y_axis({"min": 0, "max": 100 if highest <= 100 else None, "num_format": st.locale + "0",
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        size = (int(min(pixels(widths) - 20, 320 + 60 * len(programs))), 360)
        chart_or_defer(rows, chart, row + 1, size, widths, repeat, charts)
    ws.freeze_panes(header + 1, 0)
    page(ws, lang, landscape=True, repeat_row=repeat)


def anggaran_v2(rows: Rows, st: Styles, analysis: Analysis, row: int, widths: list[float], lang: str) -> int:
    """Template version 2: spending per Sumber Dana, revenue (Jenis Pendapatan), Pagu Murni beside Pagu."""
    ws, results = rows.ws, analysis.results
    if results.by_source:
        ws.write_string(row, 0, ui("heading.by_source", lang), st.get(bold=True))
        keys = ("col.source", "col.pagu", "col.spent", "col.serapan", "col.sisa")
        header_row(rows, st, row + 1, ["", *(ui(k, lang) for k in keys)], widths)
        row += 2
        for source in results.by_source:
            amount_row(rows, st, row, ("", source.source), source.budget, source.spent, source.absorption, None,
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
            amount_row(rows, st, row, (item.line.code or "", item.line.name or ""), item.line.budget,
                        item.line.spent, item.absorption, None, widths, blank_sisa=True)
            row += 1
        if results.revenue_target is not None:
            amount_row(rows, st, row, ("", ui("row.total", lang)), results.revenue_target, results.revenue_actual,
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


def amount_row(rows: Rows, st: Styles, row: int, labels: tuple[str, str], pagu: Decimal | None,
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
    ws, rows = new_sheet(workbook, "sheet.efisiensi", lang, widths)
    header = write_title(rows, st, analysis, "title.efisiensi", lang)
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
