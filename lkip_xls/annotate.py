"""Write-back into the agency's own workbook: computed columns filled in as values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from . import schema, workbook_io
from .api import Analysis
from .model import SheetLayout


def computed_values(analysis: Analysis) -> dict[str, dict[int, dict[str, Any]]]:
    """sheet spec name -> row -> column key -> the value lkip-xls writes."""
    results = analysis.results
    values: dict[str, dict[int, dict[str, Any]]] = {"IKU": {}, "Anggaran": {}, "Realisasi": {}}
    for result in results.indicators:
        values["IKU"][result.indicator.row] = {"capaian": result.value, "category": result.category}
    for budget in results.budget:
        values["Anggaran"][budget.line.row] = {"absorption": budget.absorption, "remaining": budget.remaining}
    for quarter in results.quarters:
        values["Realisasi"][quarter.row.row] = {"annual": quarter.annual_actual}
    return values


def write_hasil(source: Path, analysis: Analysis, target: Path, lang: str = "id",
                max_size: int = workbook_io.DEFAULT_MAX_SIZE) -> None:
    """Copy the agency's workbook to `target` with lkip-xls's results written in; the source is only read."""
    workbook = workbook_io.load(source, read_only=False, data_only=False, max_size=max_size)
    write_computed(workbook, analysis)
    workbook_io.write_atomically(target, workbook.save)


def write_computed(workbook: Any, analysis: Analysis) -> None:
    for spec_name, rows in computed_values(analysis).items():
        layout = analysis.data.layouts.get(spec_name)
        if layout is None:
            continue
        worksheet = workbook[layout.title]
        columns = _computed_columns(worksheet, layout, schema.sheet_by_name(spec_name))
        for row, cells in rows.items():
            for key, value in cells.items():
                cell = worksheet.cell(row=row, column=columns[key])
                cell.value = value
                column = schema.sheet_by_name(spec_name).column(key)
                if isinstance(value, Decimal) and column.number_format and cell.number_format == "General":
                    cell.number_format = column.number_format


def _computed_columns(worksheet: Any, layout: SheetLayout, spec: schema.SheetSpec) -> dict[str, int]:
    """Where each computed column is; one the agency deleted is added after the last used column."""
    columns: dict[str, int] = {}
    next_free = max([*layout.columns.values(), worksheet.max_column]) + 1
    for column in spec.computed_columns:
        index = layout.columns.get(column.key)
        if index is None:
            index = next_free
            next_free += 1
            worksheet.cell(row=layout.header_row, column=index, value=column.header)
        columns[column.key] = index
    return columns
