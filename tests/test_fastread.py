"""The streaming reader gives the same values and number formats as openpyxl."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from lkip_xls.read.fastread import FastWorkbook
from lkip_xls.read.formulas import significant

from .conftest import SAMPLES


def as_excel_shows(value):
    """openpyxl's floats as lkip-xls reads numbers: Decimals of 15 significant digits, never floats."""
    return significant(Decimal(repr(value))) if isinstance(value, float) else value


def openpyxl_rows(path, title):
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [tuple((as_excel_shows(c.value), c.number_format) for c in row if c.value is not None)
            for row in workbook[title].iter_rows()]
    workbook.close()
    return [r for r in rows if r]


def fast_rows(path, title):
    workbook = FastWorkbook(path)
    rows = [tuple((c.value, c.number_format) for c in row if c.value is not None)
            for row in workbook[title].iter_rows()]
    workbook.close()
    return [r for r in rows if r]


@pytest.mark.parametrize("name", ["ntt-2024.xlsx", "babel-2020.xlsx"])
def test_samples_read_the_same(name):
    path = SAMPLES / name
    for title in openpyxl.load_workbook(path, read_only=True).sheetnames:
        assert fast_rows(path, title) == openpyxl_rows(path, title), title


def test_odd_cells_read_the_same(tmp_path):
    path = tmp_path / "odd.xlsx"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Data"
    ws["A1"] = CellRichText(["kaya ", TextBlock(InlineFont(b=True), "tebal")])
    ws["B1"] = True
    ws["C1"] = dt.datetime(2024, 1, 6)
    ws["D1"] = 0.9748
    ws["D1"].number_format = "0.00%"
    ws["E1"] = "#DIV/0!"
    ws["A3"] = 12345678901234
    ws["F5"] = -1.5e-7
    workbook.save(path)
    assert fast_rows(path, "Data") == openpyxl_rows(path, "Data")


def test_inline_strings_and_cached_formula_results(tmp_path):
    path = tmp_path / "inline.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})  # writes inline strings
    sheet = book.add_worksheet("S")
    sheet.write_string(0, 0, "teks")
    sheet.write_formula(0, 1, "=1+1", None, 2)
    sheet.write_number(2, 3, 7)
    book.close()
    assert fast_rows(path, "S") == [(("teks", "General"), (2, "General")), ((7, "General"),)]


def test_process_reads_cached_formula_results_and_keeps_the_formulas(tmp_path):
    from lkip_xls import api
    from lkip_xls.core import schema

    path = tmp_path / "rumus.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ident = book.add_worksheet("Identitas")
    ident.write_row(0, 0, ["Isian", "Nilai"])
    for row, (label, value) in enumerate([("Versi Template", 1), ("Nama Instansi", "Dinas A"),
                                          ("Pemerintah Daerah", "Kota B"), ("Tahun", 2024)], start=1):
        ident.write_row(row, 0, [label, value])
    iku = book.add_worksheet("IKU")
    iku.write_row(0, 0, [c.header for c in schema.IKU.columns])
    iku.write_row(1, 0, ["S1", "Sasaran", "I1", "Indikator", "%", "Naik", 80])
    iku.write_formula(1, 7, "=40*2", None, 80)  # realisasi computed by a formula, cached 80
    anggaran = book.add_worksheet("Anggaran")
    anggaran.write_row(0, 0, [c.header for c in schema.ANGGARAN.columns])
    anggaran.write_row(1, 0, ["1", "Program", "S1"])
    anggaran.write_formula(1, 3, "=D3+D4", None, 300)
    anggaran.write_formula(1, 4, "=E3+E4", None, 250)
    anggaran.write_row(2, 0, ["1.1", "Kegiatan a", None, 100, 100])
    anggaran.write_row(3, 0, ["1.2", "Kegiatan b", None, 200, 150])
    book.close()
    checked = api.check_file(path)
    processed = api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    assert processed.status == checked.status == "ok", [(f.code, f.cell) for f in processed.findings]
    assert [(f.code, f.cell) for f in processed.findings] == [(f.code, f.cell) for f in checked.findings]
    assert processed.analysis.results.indicators[0].value == 100
    assert processed.analysis.results.total_budget == 300
    hasil = openpyxl.load_workbook(processed.outputs["hasil"])
    assert hasil["Anggaran"]["D2"].value == "=D3+D4"
    assert hasil["Anggaran"]["F2"].value == 83.33


@pytest.mark.parametrize("limit", [None, 12_000])
def test_sheets_the_guard_read_are_read_as_from_the_package(monkeypatch, tmp_path, limit):
    """open_values hands the worksheets' bytes the guard decompressed (and checked) to the reader: they are the
    package's own bytes, read into the same rows; past guard.KEEP_LIMIT a sheet is read from the package."""
    import zipfile

    from lkip_xls.read import guard

    from .rich_lkip import build_rich_lkip

    if limit is not None:
        monkeypatch.setattr(guard, "KEEP_LIMIT", limit)
    paths = sorted(SAMPLES.glob("*.xlsx")) + [build_rich_lkip(tmp_path / "rich.xlsm", macro=True)]
    kept_any = left_any = False
    for path in paths:
        view = guard.open_values(path)
        checked = dict(view.checked)
        with zipfile.ZipFile(path) as archive:
            for member, data in checked.items():
                assert data == archive.read(member)
        assert sum(map(len, checked.values())) <= guard.KEEP_LIMIT
        kept_any = kept_any or bool(checked)
        left_any = left_any or len(checked) < len(view.sheetnames)
        plain = FastWorkbook(path)
        assert not plain.checked
        for title in view.sheetnames:
            assert list(view[title].iter_values()) == list(plain[title].iter_values()), (path, title)
        assert not view.checked  # each taken by its first reading
        view.close()
        plain.close()
    assert kept_any and (left_any or limit is None)
