"""The sheets of TEMPLATE.md §5 about the plan and the evidence: Renstra (targets and realisations over the
plan's years, headers `Target YYYY` / `Realisasi YYYY` for any years) and Data Dukung (where a realisasi comes
from). A value that cannot be read is reported at its cell and stays None: never 0."""

from __future__ import annotations

from ..core import schema
from ..core.model import EvidenceRow, RenstraRow, WorkbookData
from .reader import Findings, RowReader, optional_target

RUMUS_ALIASES = {c.casefold(): c for c in schema.RUMUS_CHOICES}


def read_renstra(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    """One IKU indicator per row; every `Target YYYY` and `Realisasi YYYY` column the sheet has, by year."""
    spec = schema.RENSTRA
    layout = data.layouts.get(spec.name)
    if layout is None:
        return
    years = sorted({y for key in layout.columns if (y := schema.year_of(key)) is not None})
    for record in records:
        row = RowReader(spec, record, findings, layout)
        code = row.code("code", required=True)
        targets = {year: optional_target(row, f"target_{year}") for year in years
                   if f"target_{year}" in layout.columns}
        actuals = {year: row.number(f"realisasi_{year}", na_ok=True, predicates=True) for year in years
                   if f"realisasi_{year}" in layout.columns}
        data.renstra.append(row.done(RenstraRow(
            sheet=layout.title, row=row.row, cells=row.cells, code=code,
            baseline=row.number("baseline", na_ok=True, predicates=True), targets=targets, actuals=actuals,
            final_target=optional_target(row, "final_target"),
        )))


def read_evidence(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    """One computation per row: Kode, Rumus, A and B (the typed Realisasi (Dihitung) is lkip-xls's: ignored)."""
    spec = schema.DATA_DUKUNG
    layout = data.layouts.get(spec.name)
    if layout is None:
        return
    for record in records:
        row = RowReader(spec, record, findings, layout)
        code = row.code("code", required=True)
        formula, valid = row.choice("formula", RUMUS_ALIASES, "RUMUS-INVALID")
        if formula is None and valid:
            row.text("formula", required=True)
        values = {}
        for key in ("value_a", "value_b"):
            values[key] = row.number(key)
            if values[key] is None and key not in row.unreadable:
                row.text(key, required=True)  # REQUIRED-EMPTY: an empty A or B is no 0
        data.evidence.append(row.done(EvidenceRow(
            sheet=layout.title, row=row.row, cells=row.cells, code=code, formula=formula,
            label_a=row.text("label_a"), value_a=values["value_a"], label_b=row.text("label_b"),
            value_b=values["value_b"],
        )))
