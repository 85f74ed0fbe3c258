"""The streaming reader gives the same values and number formats as openpyxl."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from lkip_xls.fastread import FastWorkbook

from .conftest import SAMPLES


def openpyxl_rows(path, title):
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [tuple((c.value, c.number_format) for c in row if c.value is not None)
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
