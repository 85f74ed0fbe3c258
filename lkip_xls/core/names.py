"""File names lkip-xls reads and writes: NAME_hasil.xlsx, NAME_ringkasan.xlsx and NAME_lkip.docx for NAME.xlsx."""

from __future__ import annotations

from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # what lkip-xls reads
HASIL_SUFFIX = "_hasil"
RINGKASAN_SUFFIX = "_ringkasan"
LKIP_SUFFIX = "_lkip"  # the Word draft of the report (process --docx)
OWN_OUTPUT_SUFFIXES = (HASIL_SUFFIX, RINGKASAN_SUFFIX)


def output_name(path: Path, suffix: str, extension: str | None = None) -> str:
    """NAME_hasil.xlsx for NAME.xlsx and for NAME_hasil.xlsx alike."""
    stem = path.stem
    if stem.endswith(HASIL_SUFFIX):
        stem = stem[: -len(HASIL_SUFFIX)]
    return f"{stem}{suffix}{extension or '.xlsx'}"


def output_paths(path: Path, out_dir: Path | None) -> dict[str, Path]:
    folder = out_dir if out_dir is not None else path.parent
    hasil_extension = ".xlsm" if path.suffix.lower() == ".xlsm" else ".xlsx"
    return {
        "hasil": folder / output_name(path, HASIL_SUFFIX, hasil_extension),
        "ringkasan": folder / output_name(path, RINGKASAN_SUFFIX),
        "lkip": folder / output_name(path, LKIP_SUFFIX, ".docx"),
    }
