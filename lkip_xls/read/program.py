"""The sheets of TEMPLATE.md §5 about programs: Skala Predikat (predicates read as values) and Kinerja Program
(indicators of programs, kegiatan and sub kegiatan)."""

from __future__ import annotations

from ..core import schema
from ..core.model import ProgramIndicator, WorkbookData
from ..core.numbers import default_direction, predicate_table
from .reader import ARAH_ALIASES, Findings, RowReader, _typed_number


def read_predicates(data: WorkbookData, records: list[dict] | None, findings: Findings) -> None:
    """The built-in predicates, with the Skala Predikat sheet's rows added or overriding them."""
    extra = {}
    layout = data.layouts.get(schema.SKALA_PREDIKAT.name)
    if layout is not None:
        for record in records or []:
            row = RowReader(schema.SKALA_PREDIKAT, record, findings, layout)
            name = row.text("predicate", required=True)
            value = row.number("value")
            if value is None and "value" not in row.unreadable:
                row.text("value", required=True)
            if name is not None and value is not None:
                extra[name] = value
    findings.predicates = predicate_table(extra)
    data.predicates = findings.predicates


def read_program(data: WorkbookData, records: list[dict], findings: Findings) -> None:
    """One indicator per row; a row with an empty Kode belongs to the Kode above it."""
    spec = schema.KINERJA_PROGRAM
    layout = data.layouts.get(spec.name)
    if layout is None:
        return
    above: str | None = None
    for record in records:
        row = RowReader(spec, record, findings, layout)
        code = row.code("code")
        inherited = False
        if code is None and "code" not in row.unreadable:
            if above is None:
                row.code("code", required=True)
            else:
                code, inherited = above, True
        if code is not None:
            above = code
        target = row.target("target", predicates=True)
        name = row.text("name", required=True)
        direction, valid = row.choice("direction", ARAH_ALIASES, "ARAH-INVALID")
        implied = target.implied_direction if target else None
        defaulted = direction is None and valid
        if defaulted:
            direction = default_direction(target, name)
        elif direction is not None and implied in ("Naik", "Turun") and direction != implied:
            findings.add("ARAH-TARGET-MISMATCH", layout.title, row.coordinate("direction"), direction=direction,
                         implied=implied, target=str(row.cell("target").value))
        actual = row.number("actual", na_ok=True, predicates=True)
        actual_cell = row.cell("actual")
        actual_text = None
        if actual is None and actual_cell is not None and "actual" not in row.unreadable:
            actual_text = "" if actual_cell.blank else str(actual_cell.value).strip()
        data.program_indicators.append(row.done(ProgramIndicator(
            sheet=layout.title, row=row.row, cells=row.cells, code=code, code_inherited=inherited,
            name=name, unit=row.text("unit"), direction=direction, direction_defaulted=defaulted,
            target=target, actual=actual, actual_text=actual_text,
            typed_capaian=_typed_number(row.cell("capaian")), typed_category=row.text("category"),
            typed_absorption=_typed_number(row.cell("absorption")), note=row.text("note"),
        )))
