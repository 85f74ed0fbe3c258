"""Build the sample workbooks from samples/data/*.json by filling the official template.

    python samples/build_samples.py [OUT_DIR]       # default: writes samples/*.xlsx and samples/v2/*.xlsx

`data/NAME.json` becomes `NAME.xlsx` and `data/v2/NAME.json` becomes `v2/NAME.xlsx` (the template version 2
samples sit in their own folder: they describe the same agencies and years as the version 1 samples, and a
folder of agencies, such as one `lkip-xls rekap` reads, should not hold one agency twice).

Each JSON holds one key per sheet (Identitas: label -> value; other sheets: a list of rows keyed by the
template headers); see samples/README.md for where every figure comes from.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from lkip_xls.outputs.template import build_template, fill_template

HERE = Path(__file__).resolve().parent


def build(source: Path, target: Path) -> None:
    data = json.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)
    workbook = build_template(int(data.get("Identitas", {}).get("Versi Template", 1)))
    fill_template(workbook, data)
    workbook.save(target)


def main(argv: list[str]) -> None:
    out_dir = Path(argv[1]) if len(argv) > 1 else HERE
    for source in sorted((HERE / "data").rglob("*.json")):
        target = out_dir / source.relative_to(HERE / "data").with_suffix(".xlsx")
        target.parent.mkdir(parents=True, exist_ok=True)
        build(source, target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv)
