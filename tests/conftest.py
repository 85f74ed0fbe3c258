"""Shared fixtures: paths, and a small valid workbook built from plain data."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lkip_xls.outputs.template import build_template, fill_template

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"

MINIMAL: dict[str, Any] = {
    "Identitas": {"Versi Template": 1, "Nama Instansi": "Dinas Contoh", "Pemerintah Daerah": "Pemerintah Kota Contoh",
                  "Tahun": 2024},
    "IKU": [
        {"Kode Sasaran": "SS1", "Sasaran Strategis": "Sasaran satu", "Kode": "IKU1", "Indikator Kinerja": "Ind satu",
         "Satuan": "%", "Arah": "Naik", "Target": 80, "Realisasi": 84},
        {"Kode Sasaran": "SS1", "Kode": "IKU2", "Indikator Kinerja": "Ind dua", "Satuan": "%", "Target": 50,
         "Realisasi": 40},
    ],
    "Anggaran": [
        {"Kode": "1", "Uraian": "Program satu", "Kode Sasaran": "SS1", "Pagu (Rp)": 1000000,
         "Realisasi (Rp)": 931000},
        {"Kode": "1.1", "Uraian": "Kegiatan satu", "Pagu (Rp)": 1000000, "Realisasi (Rp)": 931000},
    ],
}


def minimal_data() -> dict[str, Any]:
    return copy.deepcopy(MINIMAL)


def write_workbook(path: Path, data: dict[str, Any]) -> Path:
    workbook = build_template()
    fill_template(workbook, data)
    workbook.save(path)
    return path


def write_plain_workbook(path: Path, data: dict[str, Any]) -> Path:
    """The same data in an unstyled workbook (headers on row 1): fast, for property tests."""
    import openpyxl

    from lkip_xls.core import schema

    workbook = openpyxl.Workbook()
    identitas = workbook.active
    identitas.title = "Identitas"
    identitas.append(["Isian", "Nilai"])
    for label, value in data.get("Identitas", {}).items():
        identitas.append([label, value])
    for spec in schema.DATA_SHEETS[1:]:
        rows = data.get(spec.name)
        if rows is None:
            continue
        worksheet = workbook.create_sheet(spec.name)
        headers = [c.header for c in spec.columns]
        worksheet.append(headers)
        for row in rows:
            worksheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


@pytest.fixture
def make_workbook(tmp_path: Path):
    """make_workbook(data, name='x.xlsx') -> path of a template filled with data."""

    def make(data: dict[str, Any] | None = None, name: str = "dinas.xlsx") -> Path:
        return write_workbook(tmp_path / name, minimal_data() if data is None else data)

    return make


def content(path: Path) -> dict:
    """Everything a user sees in a workbook, without timestamps."""
    workbook = openpyxl.load_workbook(path)
    sheets = {}
    for ws in workbook.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None or cell.comment or cell.fill.fgColor.rgb not in (None, "00000000"):
                    cells[cell.coordinate] = (cell.value, cell.comment.text if cell.comment else None,
                                              cell.number_format, cell.fill.fgColor.rgb, cell.protection.locked,
                                              cell.font.b)
        sheets[ws.title] = {
            "cells": cells,
            "validations": sorted((str(v.sqref), v.formula1) for v in ws.data_validations.dataValidation),
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "freeze": ws.freeze_panes,
            "protected": ws.protection.sheet,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        }
    return {"order": workbook.sheetnames, "sheets": sheets}


@pytest.fixture(scope="session")
def expectations() -> dict[str, Any]:
    return json.loads((DATA / "sample_expectations.json").read_text(encoding="utf-8"), parse_float=Decimal)
