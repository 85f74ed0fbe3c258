"""The arithmetic lkip-xls computes for formula cells without a stored value (read.formulas)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lkip_xls.read import formulas
from lkip_xls.read.formulas import CannotEvaluate, Evaluator, ExcelError, Formula, Grid, excel_number, shift


def evaluator(sheets: dict[str, dict[str, object]], hidden: dict[str, set[int]] | None = None) -> Evaluator:
    """Sheets of {"A1": value}; a value "=..." is a formula without a stored value."""
    grids = {}
    for title, cells in sheets.items():
        grid = Grid(hidden_rows=(hidden or {}).get(title, set()))
        for ref, value in cells.items():
            letters = ref.rstrip("0123456789")
            row, column = int(ref[len(letters):]), formulas.column_index(letters)
            if isinstance(value, str) and value.startswith("="):
                value = Formula(value[1:], title, row, column)
                if "SUBTOTAL" in value.text:
                    grid.subtotals.add((row, column))
            grid.cells[(row, column)] = value
            grid.max_row, grid.max_column = max(grid.max_row, row), max(grid.max_column, column)
        grids[title] = grid
    return Evaluator(list(sheets), grids.get)


def value(sheets: dict[str, dict[str, object]], ref: str, sheet: str | None = None, **kw) -> object:
    title = sheet or next(iter(sheets))
    cell = sheets[title][ref]
    assert isinstance(cell, str)
    letters = ref.rstrip("0123456789")
    formula = Formula(cell[1:], title, int(ref[len(letters):]), formulas.column_index(letters))
    return evaluator(sheets, **kw).value(formula)


@pytest.mark.parametrize("text, expected", [
    ("=A1+A2*2", Decimal("5.5")),
    ("=(A1+A2)*2", Decimal(7)),
    ("=-A1+-(-A2)", Decimal("0.5")),
    ("=A1/4", Decimal("0.375")),
    ("=A2*10%", Decimal("0.2")),
    ("=SUM(A1:A3, 1, A1)", Decimal("6")),  # A3 is text: a range leaves it out
    ("=SUM(A:A)", Decimal("3.5")),
    ("=ROUND(2.675,2)+ROUNDUP(1.01,0)+ROUNDDOWN(-1.99,0)", Decimal("3.68")),
    ("=ROUND(1234567,-3)", Decimal("1235000")),
    ("=$A$1+A$2+$A2", Decimal("5.5")),
    ("=1/3*3", Decimal(1)),  # 15 significant digits, as Excel
])
def test_arithmetic(text, expected):
    assert value({"S": {"A1": 1.5, "A2": 2, "A3": "catatan", "B1": text}}, "B1") == expected


def test_references_across_sheets_quoted_names_and_formulas_followed_once():
    sheets = {
        "Anggaran": {"A1": "='Data Pagu 2024'!B2+Sheet2!A1", "A2": "=A1*2"},
        "Data Pagu 2024": {"B2": "=B3+1", "B3": 99},
        "Sheet2": {"A1": 0.5},
    }
    assert value(sheets, "A2") == Decimal("201")
    quoted = {"S": {"A1": "='It''s'!A1"}, "It's": {"A1": 7}}
    assert value(quoted, "A1") == 7


def test_subtotal_leaves_out_nested_subtotals_and_109_hidden_rows():
    sheets = {"S": {"A1": 10, "A2": 20, "A3": "=SUBTOTAL(9,A1:A2)", "A4": 5, "A5": "=SUBTOTAL(9,A1:A4)",
                    "A6": "=SUBTOTAL(109,A1:A4)", "A7": "=SUM(A1:A4)"}}
    assert value(sheets, "A5") == 35
    assert value(sheets, "A6", hidden={"S": {2}}) == 15
    assert value(sheets, "A7") == 65  # SUM counts the subtotal


def test_errors_propagate_and_division_by_zero_is_an_error():
    assert value({"S": {"A1": ExcelError("#REF!"), "A2": "=A1+1"}}, "A2") == "#REF!"
    assert value({"S": {"A1": 0, "A2": "=5/A1"}}, "A2") == ExcelError("#DIV/0!")
    assert value({"S": {"A1": ExcelError("#N/A"), "A2": "=SUM(A1:A1)"}}, "A2") == "#N/A"


@pytest.mark.parametrize("text", [
    "=VLOOKUP(A1,B:C,2,0)", "=A1&\"x\"", "=IF(A1>1,1,0)", "=A1^2", "=Total", "=[1]Sheet1!A1", "=A2*1",
    "=SUM(", "=NoSuchSheet!A1", "=A1:A3*2", "=SUBTOTAL(1,A1:A3)", "=ROUND(A1)", "=",
])
def test_what_it_does_not_compute_is_said(text):
    with pytest.raises(CannotEvaluate):
        value({"S": {"A1": 2, "A2": "teks", "A3": 3, "B1": text}}, "B1")


def test_cycles_depth_and_work_are_bounded(monkeypatch):
    with pytest.raises(CannotEvaluate, match="circular"):
        value({"S": {"A1": "=A2", "A2": "=A1+1"}}, "A1")
    chain = {f"A{i}": f"=A{i + 1}+1" for i in range(1, 100)} | {"A100": 0}
    with pytest.raises(CannotEvaluate, match="deep"):
        value({"S": chain}, "A1")
    monkeypatch.setattr(formulas, "MAX_WORK", 50)
    with pytest.raises(CannotEvaluate, match="too much"):
        value({"S": {f"A{i}": i for i in range(1, 100)} | {"B1": "=SUM(A1:A99)"}}, "B1")


def test_a_failure_is_remembered_and_its_origin_found():
    sheets = {"S": {"A1": "=VLOOKUP(1,B:C,2,0)", "A2": 5, "A3": "=SUM(A1:A2)", "A4": "=A3*2",
                    "B5": ExcelError("#REF!")}}
    ev = evaluator(sheets)
    for ref in ("A3", "A4"):
        row = int(ref[1:])
        with pytest.raises(CannotEvaluate):
            ev.value(Formula(sheets["S"][ref][1:], "S", row, 1))
    assert ev.origin("S", 4, 1) == ("S", 1, 1)
    assert ev.origin("S", 2, 1) == ("S", 2, 1)
    assert ev.origin("S", 5, 2) == ("S", 5, 2)


def test_shared_formulas_shift_relative_references_only():
    assert shift("D4-E4", 2, 0) == "D6-E6"
    assert shift("SUM($D$4:D4)*'Data 1'!B$2+C4", 1, 1) == "SUM($D$4:E5)*'Data 1'!C$2+D5"
    assert shift('A1&"B2"', 1, 0) == 'A2&"B2"'


def test_cell_numbers_are_what_excel_shows():
    assert excel_number("874999.81999999995") == Decimal("874999.82")
    assert excel_number("0.1") == Decimal("0.1") and excel_number("3") == 3 and excel_number("3.0") == 3
    assert excel_number("1.5E-7") == Decimal("1.5E-7")
    assert excel_number("12345678901234567890") == 12345678901234567890


@pytest.mark.parametrize("text", ["=" + "(" * 5000 + "1" + ")" * 5000, "=" + "-" * 5000 + "1",
                                  "=" + "+".join(["A1"] * 3000), "=1E+999999*1E+999999",
                                  "=" + "SUM(" * 3000 + "1" + ")" * 3000])
def test_hostile_formulas_are_refused_not_crashed(text):
    with pytest.raises(CannotEvaluate):
        value({"S": {"A1": 1, "B1": text}}, "B1")


def test_a_long_formula_of_plain_arithmetic_is_computed():
    text = "=" + "+".join(f"A{i}" for i in range(1, 301)) + "*-1"
    assert value({"S": {f"A{i}": 1 for i in range(1, 301)} | {"B1": text}}, "B1") == 298


def test_a_reference_to_text_gives_the_text_and_to_an_empty_cell_zero():
    sheets = {"S": {"A1": "Program satu", "B1": "=A1", "B2": "=C9", "B3": "=TRUE"}}
    assert value(sheets, "B1") == "Program satu"
    assert value(sheets, "B2") == 0
    with pytest.raises(CannotEvaluate):
        value(sheets, "B3")
