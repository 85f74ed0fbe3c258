"""Build the sample workbooks from samples/data/*.json by filling the official template.

    python samples/build_samples.py            # writes samples/*.xlsx

Each JSON holds one key per sheet (Identitas: label -> value; other sheets: a list of rows keyed by the
template headers). Rows are written from the row below the template's header row, in list order.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from lkip_xls import schema
from lkip_xls.template import build_template

HERE = Path(__file__).resolve().parent


def fill(workbook: Any, data: dict[str, Any]) -> None:
    identitas = workbook["Identitas"]
    label_rows = {schema.normalize_label(identitas.cell(row=r, column=1).value): r
                  for r in range(schema.HEADER_ROW + 1, identitas.max_row + 1)}
    for label, value in data["Identitas"].items():
        identitas.cell(row=label_rows[schema.normalize_label(label)], column=2, value=value)
    for spec in schema.DATA_SHEETS:
        if spec is schema.IDENTITAS:
            continue
        rows = data.get(spec.name)
        if rows is None:
            del workbook[spec.name]  # the report has no such table: the optional sheet is absent
            continue
        worksheet = workbook[spec.name]
        columns = {schema.normalize_label(c.header): i for i, c in enumerate(spec.columns, start=1)}
        for offset, row in enumerate(rows, start=schema.HEADER_ROW + 1):
            for header, value in row.items():
                worksheet.cell(row=offset, column=columns[schema.normalize_label(header)], value=value)


def build(source: Path, target: Path) -> None:
    data = json.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)
    workbook = build_template()
    fill(workbook, data)
    workbook.save(target)


def main(argv: list[str]) -> None:
    out_dir = Path(argv[1]) if len(argv) > 1 else HERE
    for source in sorted((HERE / "data").glob("*.json")):
        target = out_dir / f"{source.stem}.xlsx"
        build(source, target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv)
