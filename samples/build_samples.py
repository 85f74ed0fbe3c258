"""Build the sample workbooks from samples/data/*.json by filling the official template.

    python samples/build_samples.py [OUT_DIR]       # default: writes samples/*.xlsx

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
    workbook = build_template(int(data.get("Identitas", {}).get("Versi Template", 1)))  # the samples are version 1
    fill_template(workbook, data)
    workbook.save(target)


def main(argv: list[str]) -> None:
    out_dir = Path(argv[1]) if len(argv) > 1 else HERE
    for source in sorted((HERE / "data").glob("*.json")):
        target = out_dir / f"{source.stem}.xlsx"
        build(source, target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv)
