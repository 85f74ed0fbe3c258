"""The Capaian IKU and Kinerja Program sheets."""

from __future__ import annotations

from typing import Any

from ...core.numbers import TargetKind
from ...rules.analysis import Analysis
from ...rules.calc import EFFICIENT_MARGIN
from ...text.format import number, short_name
from ...text.messages import ui
from ...text.words import target_quantity
from ..sheets import (
    BLUE,
    CHART_CAP,
    ORANGE,
    Styles,
    bar_chart,
    header_row,
    note,
    page,
    pixels,
    places_of,
    put,
    row_height,
    target_line,
)
from .charts import axis_name, chart_or_defer, chart_title
from .common import EFFICIENCY_FILLS, amount_cell, category_colours, new_sheet, print_titles, write_title


def target_cell(target: Any, st: Any, lang: str) -> tuple[Any, Any]:
    """A target as a number where it is one value, else in words (range, predicate, below/above)."""
    if target is not None and target.kind is TargetKind.VALUE:
        return target.value, st.number(places_of(target.value))
    return (target_quantity(target, None, lang) if target else None), st.cell(align="right")


def write_capaian(workbook: Any, st: Styles, analysis: Analysis, lang: str, charts: list[Any]) -> None:
    """The sasaran indicators (a Tujuan indicator has its own table on the plan's sheet), one marked where it is
    left out of the averages (Dirata-rata Tidak)."""
    results, ident = analysis.results, analysis.data.identitas
    indicators = [r for r in results.indicators if not r.indicator.is_tujuan]
    capped = any(r.capaian.uncapped != r.value for r in indicators if r.value is not None)
    last_year = any(r.indicator.actual_last_year is not None for r in indicators)
    renstra = any(r.indicator.renstra_target is not None for r in indicators)
    keys = (["col.no", "col.sasaran_code", "col.sasaran", "col.code", "col.indicator", "col.unit", "col.direction"]
            + (["col.last_year"] if last_year else []) + ["col.target", "col.actual", "col.capaian"]
            + (["col.uncapped"] if capped else []) + (["col.renstra"] if renstra else []) + ["col.category"])
    widths = ([5, 9, 26, 15, 36, 9, 8] + ([14] if last_year else []) + [14, 17, 11] + ([12] if capped else [])
              + ([14] if renstra else []) + [17])
    ws, rows = new_sheet(workbook, "sheet.capaian", lang, widths)
    header = write_title(rows, st, analysis, "title.capaian", lang)
    header_row(rows, st, header, [ui(k, lang) for k in keys], widths)
    col_cap, col_cat = keys.index("col.capaian"), len(keys) - 1
    helper = col_cat + 2
    colours = category_colours(results.scale)
    first = row = header + 1
    groups: list[list[int]] = []  # [first row, last row] of each run of indicators of one sasaran
    for index, result in enumerate(indicators):
        ind = result.indicator
        previous = indicators[index - 1].indicator.sasaran_code if index else None
        if groups and ind.sasaran_code and ind.sasaran_code == previous:
            groups[-1][1] = row
        else:
            groups.append([row, row])
        fill = colours.get(result.category or "", ("#FFFFFF", BLUE))[0]
        cells: list[tuple[Any, Any]] = [
            (index + 1, st.number(align="center")), (ind.sasaran_code or "", st.cell()),
            (ind.sasaran_name or "", st.cell()), (ind.code or "", st.cell()),
            (ind.name or "" if ind.averaged else ui("mark.not_averaged", lang, name=ind.name or ""), st.cell()),
            (ind.unit or "", st.cell(align="center")), (ind.direction or "", st.cell(align="center")),
        ]
        if last_year:
            cells.append(amount_cell(ind.actual_last_year, st))
        cells += [
            target_cell(ind.target, st, lang),
            (ind.actual, st.number(places_of(ind.actual))) if ind.actual is not None
            else (ind.actual_text, st.cell(align="right")),
            (result.value, st.pct(bg_color=fill)),
        ]
        if capped:
            cells.append((result.capaian.uncapped, st.pct()))
        if renstra:
            cells.append(target_cell(ind.renstra_target, st, lang))  # every target form, like Target
        cells.append((result.category, st.cell(bg_color=fill, align="center")))
        for col, (value, fmt) in enumerate(cells):
            put(ws, row, col, value, fmt)
        ws.write_number(row, helper, 100)
        ws.write_string(row, helper + 1, short_name(ind.name or ind.code))
        rows.set(row, row_height([(ind.name or "", widths[4]), (ind.code or "", widths[3])]))
        row += 1
    last = row - 1
    for top, bottom in groups:  # a sasaran over several indicators: one merged cell for its code and name
        ind = indicators[top - first].indicator
        if bottom > top:
            for col, text in ((1, ind.sasaran_code or ""), (2, ind.sasaran_name or "")):
                ws.merge_range(top, col, bottom, col, "", st.cell())
                ws.write_string(top, col, text, st.cell())
        needed = row_height([(ind.sasaran_name or "", widths[2])])
        spread = sum(rows.heights[r] for r in range(top, bottom + 1))
        if needed > spread:
            rows.set(bottom, rows.heights[bottom] + needed - spread)
    if indicators:
        fill = colours.get(results.average_category or "", ("#FFFFFF", BLUE))[0]
        ws.merge_range(row, 0, row, col_cap - 1, "", st.cell(bold=True, align="right"))
        ws.write_string(row, 0, ui("row.average", lang, n=results.counted), st.cell(bold=True, align="right"))
        put(ws, row, col_cap, results.average, st.pct(bold=True, bg_color=fill))
        for col in range(col_cap + 1, col_cat):
            ws.write_blank(row, col, None, st.cell())
        put(ws, row, col_cat, results.average_category, st.cell(bold=True, bg_color=fill, align="center"))
        row += 1
    values = [r.value for r in indicators if r.value is not None]
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
    repeat = print_titles(rows, header, row, widths)
    if values:
        sheet = ui("sheet.capaian", lang)
        points = [{"fill": {"color": colours.get(r.category or "", ("", BLUE))[1]}} for r in indicators]
        chart = bar_chart(workbook, sheet, (first, last, helper + 1), col_cap, ui("col.capaian", lang),
                          chart_title("chart.capaian", analysis, lang), points, st.locale + "0.00", "inside_base")
        target_line(chart, workbook, sheet, helper, first, last, ui("chart.line", lang, limit=100))
        axis: dict[str, Any] = {"num_format": st.locale + "0", "major_gridlines": {"visible": True,
                                                                                   "line": {"color": "#D9D9D9"}}}
        if clipped:
            axis.update(max=float(CHART_CAP), min=min(0.0, float(min(values))))
        chart.set_y_axis(axis)
        size = (min(pixels(widths) - 20, 320 + 60 * len(values)), 380)
        chart_or_defer(rows, chart, row + 1, (int(size[0]), size[1]), widths, repeat, charts)
    ws.freeze_panes(header + 1, 0)
    page(ws, lang, landscape=True, repeat_row=repeat)


def write_program(workbook: Any, st: Styles, analysis: Analysis, lang: str, charts: list[Any]) -> None:
    """Capaian Kinerja dan Keuangan (Permendagri 86/2017 evaluation shape): per program, kegiatan and sub kegiatan
    its indicators, the capaian kinerja (their mean) beside the capaian keuangan (serapan), each classified, and
    the efficiency; then a chart of both per program, named by the program's Uraian."""
    results = analysis.results
    keys = ("col.level", "col.code", "col.uraian", "col.indicator", "col.unit", "col.target", "col.actual",
            "col.capaian", "col.capaian_kinerja", "col.category_kinerja", "col.pagu", "col.spent",
            "col.capaian_keuangan", "col.category_keuangan", "col.efficiency")
    widths = [12, 14, 32, 34, 9, 12, 12, 11, 11, 14, 17, 17, 11, 14, 11]
    ws, rows = new_sheet(workbook, "sheet.program", lang, widths)
    header = write_title(rows, st, analysis, "title.program", lang)
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
    repeat = print_titles(rows, header, row + 3, widths)
    charted = [p for p in results.programs if p.level == "Program"] or list(results.programs)
    charted = [p for p in charted if p.capaian is not None or p.absorption is not None]
    if charted:
        helper = len(keys) + 1
        first = header + 1
        for offset, item in enumerate(charted):
            ws.write_string(first + offset, helper, axis_name(item.name or item.code))
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
        chart.set_title({"name": chart_title("chart.program", analysis, lang), "name_font": {"size": 11}})
        chart.set_x_axis({"num_font": {"size": 9}})
        chart.set_y_axis({"num_format": st.locale + "0",
                          "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        chart.show_hidden_data()
        size = (min(pixels(widths) - 20, 360 + 120 * len(charted)), 360)
        chart_or_defer(rows, chart, row + 4, (int(size[0]), size[1]), widths, repeat, charts)
    ws.freeze_panes(header + 1, 0)
    page(ws, lang, landscape=True, repeat_row=repeat)
