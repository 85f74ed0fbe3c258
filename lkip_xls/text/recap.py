"""The recap's wording: the Keterangan of a row, and the narrative for the head of region
(`templates/<lang>/rekap.j2`)."""

from __future__ import annotations

from ..rules.facts import LOW_ABSORPTION
from ..rules.recap import TINGGI_THRESHOLD, AgencyRow, Rekap
from .format import number
from .messages import ui, unreadable_reason
from .narrative import Block, blocks, environment


def notes(row: AgencyRow, main_year: int | None, lang: str, flags: bool = True) -> list[str]:
    """What the Keterangan column says about one row: why it is marked (and, with `flags`, flagged as a duplicate
    or another year), or why it is unreadable."""
    if not row.readable:
        return [unreadable_reason(*row.reason, lang)] if row.reason else []
    said = []
    if "capaian" in row.below:
        said.append(ui("rekap.note.capaian", lang, limit=number(TINGGI_THRESHOLD, lang)))
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


def render_narrative(rekap: Rekap, lang: str | None = None) -> list[Block]:
    """The narrative for the head of region, from templates/<lang>/rekap.j2."""
    lang = lang or rekap.lang
    template = environment(lang).get_template(f"{lang}/rekap.j2")
    return blocks(template.render(r=rekap, government=rekap.government(),
                                  reasons=lambda row: notes(row, rekap.main_year, lang, flags=False)))
