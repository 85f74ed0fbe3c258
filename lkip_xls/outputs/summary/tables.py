"""The SDM and Temuan sheets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...core.schema import SDM, STAFF_GROUPS
from ...rules.analysis import Analysis
from ...rules.facts import (
    count_sum,
    percent_of,
    staff_population,
    staff_unknown,
)
from ...text.finding_messages import finding_text
from ...text.messages import ui
from ..sheets import (
    Styles,
    bar_chart,
    close_table,
    header_row,
    note,
    page,
    put,
    row_height,
)
from .charts import chart_title
from .common import SEVERITY_FILLS, new_sheet, write_title


def write_sdm(workbook: Any, st: Styles, analysis: Analysis, lang: str) -> None:
    units = analysis.data.staff_units
    widths = [30, 10, 10, 10, 10, 10, 10, 10]
    ws, rows = new_sheet(workbook, "sheet.sdm", lang, widths)
    row = write_title(rows, st, analysis, "title.sdm", lang)
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
                              chart_title(charts[group.name], analysis, lang), None, None)
            chart.set_legend({"none": True})
            chart.set_y_axis({"min": 0, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
            chart.set_size({"width": 420, "height": 250})
            ws.insert_chart(row, 4, chart, {"x_offset": 10})
        row = last + 3
    page(ws, lang, landscape=False)


def write_temuan(workbook: Any, st: Styles, analysis: Analysis, lang: str) -> None:
    widths = [12, 26, 12, 8, 90, 18]
    ws, rows = new_sheet(workbook, "sheet.temuan", lang, widths)
    header = write_title(rows, st, analysis, "title.temuan", lang)
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
