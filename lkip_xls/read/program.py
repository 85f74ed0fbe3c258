"""The sheets of TEMPLATE.md §5 about programs: Skala Predikat (predicates read as values) and Kinerja Program
(indicators of programs, kegiatan and sub kegiatan)."""

from __future__ import annotations

from ..core import schema
from ..core.model import ProgramIndicator, WorkbookData
from ..core.numbers import predicate_table
from .reader import Findings, RowReader, _typed_number, read_measure


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
        inherited = "code" in record.get("_spread", ())  # a Kode merged over several rows: the first row's
        if code is None and "code" not in row.unreadable:
            if above is None:
                row.code("code", required=True)
            else:
                code, inherited = above, True
        if code is not None:
            above = code
        name, target, direction, defaulted, actual, actual_text = read_measure(row, layout, findings)
        data.program_indicators.append(row.done(ProgramIndicator(
            sheet=layout.title, row=row.row, cells=row.cells, code=code, code_inherited=inherited,
            name=name, unit=row.text("unit"), direction=direction, direction_defaulted=defaulted,
            target=target, actual=actual, actual_text=actual_text,
            typed_capaian=_typed_number(row.stored("capaian")), typed_category=row.text("category"),
            typed_absorption=_typed_number(row.stored("absorption")), note=row.text("note"),
        )))
