"""Build the sample workbooks from samples/data/*.json by filling the official template.

    python samples/build_samples.py [OUT_DIR]       # default: writes samples/*.xlsx and samples/v2/*.xlsx

`data/NAME.json` becomes `NAME.xlsx` and `data/v2/NAME.json` becomes `v2/NAME.xlsx` (the template version 2
samples sit in their own folder: they describe the same agencies and years as the version 1 samples, and a
folder of agencies, such as one `lkip-xls rekap` reads, should not hold one agency twice).

Each JSON holds one key per sheet (Identitas: label -> value; other sheets: a list of rows keyed by the
template headers); see samples/README.md for where every figure comes from. The Renstra sheet's year columns
are renamed to the plan's years, as the template invites ("Judul kolom tahun boleh diganti"): Target for every
year the data has, Realisasi from the first year through the workbook's Tahun, then Target Akhir.
"""

from __future__ import annotations

import json
import sys
from copy import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.comments import Comment

from lkip_xls.core import schema
from lkip_xls.outputs.template import build_template, fill_template

HERE = Path(__file__).resolve().parent


def build(source: Path, target: Path) -> None:
    data = json.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)
    workbook = build_template(int(data.get("Identitas", {}).get("Versi Template", 1)))
    rename_renstra_years(workbook, data)
    fill_template(workbook, data)
    workbook.save(target)


def _years(rows: list[dict[str, Any]], word: str) -> set[int]:
    return {int(key.split()[1]) for row in rows for key in row
            if key.startswith(word + " ") and key.split()[1].isdigit()}


def rename_renstra_years(workbook: Any, data: dict[str, Any]) -> None:
    """Kode | Kondisi Awal | Target <each year of the data> | Realisasi <first year .. Tahun> | Target Akhir, in
    place of the template's example years (header style, help comment and column style kept per kind)."""
    rows = data.get(schema.RENSTRA.name)
    if not rows or schema.RENSTRA.name not in workbook.sheetnames:
        return
    sheet, row = workbook[schema.RENSTRA.name], schema.HEADER_ROW
    targets, actuals = sorted(_years(rows, "Target")), _years(rows, "Realisasi")
    first, year = min(targets + sorted(actuals)), int(data["Identitas"]["Tahun"])
    actual_years = sorted(actuals | set(range(first, year + 1)))
    example = schema.RENSTRA_EXAMPLE_YEARS[0]
    prototypes = {}
    for column in range(1, sheet.max_column + 1):
        cell = sheet.cell(row=row, column=column)
        kind = "Target Akhir" if cell.value == "Target Akhir" else str(cell.value).split()[0]
        if kind in ("Target", "Realisasi", "Target Akhir") and kind not in prototypes:
            prototypes[kind] = (copy(cell._style), cell.comment, copy(sheet.column_dimensions[cell.column_letter]))
    wanted = [("Target", y) for y in targets] + [("Realisasi", y) for y in actual_years] + [("Target Akhir", None)]
    columns = 2 + len(wanted)
    if columns > sheet.max_column:
        raise ValueError(f"Renstra: {columns} columns, the template has {sheet.max_column}")
    for column, (kind, y) in enumerate(wanted, start=3):
        style, comment, dimension = prototypes[kind]
        cell = sheet.cell(row=row, column=column)
        cell._style = copy(style)
        cell.value = kind if y is None else f"{kind} {y}"
        text = comment.text if y is None else comment.text.replace(str(example), str(y))
        cell.comment = Comment(text, comment.author, width=comment.width, height=comment.height)
        target = sheet.column_dimensions[cell.column_letter]
        target._style, target.width = copy(dimension._style), dimension.width
    if sheet.max_column > columns:
        sheet.delete_cols(columns + 1, sheet.max_column - columns)


def main(argv: list[str]) -> None:
    out_dir = Path(argv[1]) if len(argv) > 1 else HERE
    for source in sorted((HERE / "data").rglob("*.json")):
        target = out_dir / source.relative_to(HERE / "data").with_suffix(".xlsx")
        target.parent.mkdir(parents=True, exist_ok=True)
        build(source, target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv)
