"""The summary workbook NAME_ringkasan.xlsx (XlsxWriter): the narrative, then the tables and charts behind it.

Every cell of agency text is written with `write_string` (and the workbook refuses to turn strings into
formulas or links), so a name that starts with "=" stays text. Figures are numbers with number formats; in
Indonesian the formats carry the id-ID locale tag so that LibreOffice shows 1.234.567,89 whatever its own
locale (Excel follows the reader's system settings).

One module per group of sheets: `prose` (the narrative sheet), `capaian` (Capaian IKU, Kinerja Program),
`budget` (Anggaran, Efisiensi), `plan` (Rencana dan Data Dukung: the tables of the plan and the evidence),
`tables` (SDM, Temuan), `charts` (chart titles and names, the Grafik sheet),
`common` (colours, titles, print titles).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...rules.analysis import Analysis
from ...rules.facts import facts
from ...text import narrative
from ...text.messages import ui
from ..sheets import Styles, write_workbook
from .budget import write_anggaran, write_efisiensi
from .capaian import write_capaian, write_program
from .charts import write_grafik
from .plan import write_plan
from .prose import PAGE_FOOTER, write_narrative
from .tables import write_sdm, write_temuan


def write_ringkasan(workbook: Any, st: Styles, blocks: list[narrative.Block], lang: str) -> None:
    write_narrative(workbook, st, ui("sheet.ringkasan", lang), blocks, lang)


def build(workbook: Any, analysis: Analysis, lang: str = "id", source: str | None = None) -> None:
    """Add every sheet of the summary to an XlsxWriter workbook."""
    st = Styles(workbook, lang)
    figures = facts(analysis, source)
    workbook.set_properties({"title": ui("sheet.ringkasan", lang), "author": "lkip-xls"})
    write_ringkasan(workbook, st, narrative.blocks(narrative.render_text(figures, lang)), lang)
    charts: list[Any] = []  # charts of long tables, for the Grafik sheet
    write_capaian(workbook, st, analysis, lang, charts)
    write_plan(workbook, st, analysis, figures, lang)  # template version 2: Tujuan, Renstra, Data Dukung...
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
