"""The reader's fast paths give exactly what the general paths give (issue #11: speed with outputs unchanged).

Each fast path is compared with the general code it shortens, on values and number formats drawn by hypothesis:
`numbers.plain_number` with `parse_number`; `RowReader.text`/`code`/`number`/`amount` and `_typed_number` with
the general code they had before the fast paths (kept here as `GeneralRowReader`); `read_table`'s notes, judged
only for the trailing rows that may be notes, with `_note_like` asked of every row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkip_xls.core import schema
from lkip_xls.core.model import SheetLayout
from lkip_xls.core.numbers import NotANumber, normalize_code, parse_number, plain_number
from lkip_xls.read import table
from lkip_xls.read.cells import INVALID, CellValue, Findings, RowReader, _number_text
from lkip_xls.read.formulas import ExcelError, Formula
from lkip_xls.read.reader import _typed_number

# --------------------------------------------------------------------------- values and formats

FORMATS = st.one_of(st.none(), st.sampled_from(["General", "0", "0.00", "#,##0", "#,##0.00", "0%", "0.00%",
                                                '"%"0', '0"%"', "0\\%", "mm-dd-yy", "d/m/yyyy", "@", ""]),
                    st.text(max_size=8))
BIG = 10 ** 15
INTS = st.one_of(st.integers(-1000, 1000), st.integers(-BIG - 5, BIG + 5), st.integers(-(10 ** 30), 10 ** 30),
                 st.sampled_from([0, BIG, -BIG, BIG + 1, -BIG - 1]))
DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=Decimal("-1e16"), max_value=Decimal("1e16"), places=3),
    st.sampled_from([Decimal("0"), Decimal("-0"), Decimal("0.00"), Decimal("1e-9"), Decimal("-1e-9"),
                     Decimal("9.99e-10"), Decimal("1e15"), Decimal("1.0e15"), Decimal("1e15") + 1, Decimal("-1e15"),
                     Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("2.50")]))
TEXTS = st.one_of(st.text(max_size=12),
                  st.sampled_from(["", " ", "  \n", "\u00a0", "-", "N/A", "belum rilis", "1.234.567,89", "12,5",
                                   "97.74", "3.30", " 3.01. ", "1 . 2", "WTP", "JUMLAH", "Rp 1.000,-", "(19)",
                                   "150 pelaku usaha", "Sumber: BPS", "a\u200bb"]))
VALUES = st.one_of(st.none(), st.booleans(), INTS, DECIMALS, TEXTS,
                   st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([ExcelError("#N/A"), ExcelError("#DIV/0!"), dt.datetime(2024, 3, 10),
                                    dt.date(2024, 1, 2), dt.time(3, 10), Formula("A1+1", "Anggaran", 4, 4)]))


def _same(a: Any, b: Any) -> bool:
    """Equal, of the same type and shown alike (Decimal("0") is not Decimal("0.00") in an output)."""
    return type(a) is type(b) and repr(a) == repr(b)


@given(VALUES, FORMATS)
@settings(max_examples=2000)
def test_plain_number_is_parse_number(value: Any, number_format: str | None) -> None:
    plain = plain_number(value, number_format)
    if plain is None:  # declined: text, a percentage, None, out of range, negligible, not finite, ...
        accepted_kind = value.__class__ in (int, Decimal) and not (number_format and "%" in number_format)
        if accepted_kind and value.__class__ is int:
            assert abs(value) > 10 ** 15
        elif accepted_kind:
            assert not value.is_finite() or not Decimal("1e-9") <= abs(value) <= Decimal(10) ** 15
        return
    assert value.__class__ in (int, Decimal) and not (number_format and "%" in number_format)
    parsed = parse_number(value, number_format)
    assert parsed.quirk is None and _same(plain, parsed.value)


@given(st.sampled_from([int, Decimal]), st.sampled_from(["0%", "0.00%", "#,##0%", '"%"0', "0\\%"]))
def test_plain_number_declines_every_percentage(kind: type, number_format: str) -> None:
    assert plain_number(kind(5), number_format) is None


# --------------------------------------------------------------------------- RowReader


class GeneralRowReader(RowReader):
    """The general code of `RowReader.text`, `code`, `number` and `amount` before their fast paths."""

    __slots__ = ()

    def text(self, key: str, required: bool = False) -> str | None:
        cell = self._readable(key)
        value = None if cell is None else cell.value
        if value is None or (value.__class__ is str and not value.strip()):  # empty (CellValue.blank)
            if required and key not in self.unreadable:
                self.findings.add("REQUIRED-EMPTY", self.sheet, self.coordinate(key), header=self.header(key))
            return None
        if value.__class__ is str:
            return " ".join(value.split())
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return _number_text(value, None)
        return " ".join(str(value).split())

    def code(self, key: str, required: bool = False) -> str | None:
        cell = self._readable(key, numeric=True)
        if key in self.unreadable:
            return None
        if cell is not None and isinstance(cell.value, (float, Decimal)) and not cell.blank:
            text = _number_text(cell.value, cell.number_format)
            if Decimal(str(cell.value)) != Decimal(str(cell.value)).to_integral_value():
                self._numeric_codes += ((key, text, cell.coordinate),)
            return normalize_code(text)
        if cell is not None and isinstance(cell.value, int) and not isinstance(cell.value, bool):
            return normalize_code(_number_text(cell.value, cell.number_format))
        return normalize_code(self.text(key, required))

    def number(self, key: str, *, missing_as_zero: bool = False, na_ok: bool = False,
               unit: str | None = None, predicates: bool = False) -> Decimal | None:
        if self.cell(key) is None:
            return Decimal(0) if missing_as_zero else None
        cell = self._readable(key, numeric=True, na_ok=na_ok)
        if cell is None:
            return None
        parsed = self._parse(cell, key, parse_number, unit, predicates)
        if parsed is INVALID:
            return None
        if parsed.value is None and missing_as_zero:
            return Decimal(0)
        return parsed.value

    def amount(self, key: str, *, integer: bool = False) -> Decimal | None:
        value = self.number(key, missing_as_zero=not integer)
        coordinate, header = self.coordinate(key), self.header(key)
        if value is not None and value < 0:
            self.findings.add("VALUE-NEGATIVE", self.sheet, coordinate, header=header, value=value)
        elif integer and value is not None and value != value.to_integral_value():
            self.findings.add("VALUE-NOT-INTEGER", self.sheet, coordinate, header=header, value=value)
        return value


def _general_typed_number(cell: CellValue | None) -> Decimal | None:
    if cell is None:
        return None
    try:
        return parse_number(cell.value, cell.number_format).value
    except NotANumber:
        return None


SPEC = schema.ANGGARAN
LAYOUT = SheetLayout(SPEC.name, "Anggaran", 3, {"code": 1, "name": 2, "budget": 4, "spent": 5}, 9)
CALLS = st.sampled_from([
    ("text", {}), ("text", {"required": True}), ("code", {}), ("code", {"required": True}),
    ("number", {}), ("number", {"missing_as_zero": True}), ("number", {"na_ok": True}),
    ("number", {"unit": "pelaku usaha"}), ("number", {"predicates": True}),
    ("amount", {}), ("amount", {"integer": True}),
])


def _outcome(reader_class: type[RowReader], record: dict, calls: list[tuple[str, dict]]) -> tuple:
    findings = Findings()
    row = reader_class(SPEC, dict(record), findings, LAYOUT)
    results = []
    for method, options in calls:
        for key in ("budget", "name", "fund_source"):  # a column of the layout, and one the sheet lacks
            try:
                results.append((type(value := getattr(row, method)(key, **options)), repr(value)))
            except Exception as exc:  # noqa: BLE001 - the same failure on both paths is equal too
                results.append((type(exc), str(exc)))
    found = [(f.severity, f.code, f.sheet, f.cell, repr(sorted(f.params.items()))) for f in findings]
    return results, found, sorted(row.unreadable), sorted(row.causes.items()), list(row._numeric_codes)


@given(VALUES, FORMATS, VALUES, st.lists(CALLS, min_size=1, max_size=4))
@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
def test_row_reader_fast_paths_are_the_general_path(value: Any, number_format: str | None, other: Any,
                                                    calls: list[tuple[str, dict]]) -> None:
    record = {"_row": 9, "budget": CellValue(value, number_format, "D9"), "name": CellValue(other, None, "B9")}
    assert _outcome(RowReader, record, calls) == _outcome(GeneralRowReader, record, calls)


@given(VALUES, FORMATS)
@settings(max_examples=1000)
def test_typed_number_fast_path_is_the_general_path(value: Any, number_format: str | None) -> None:
    cell = CellValue(value, number_format, "F9")
    assert _same(_typed_number(cell), _general_typed_number(cell))
    assert _typed_number(None) is None


# --------------------------------------------------------------------------- notes under a table


class Sheet:
    """A streaming sheet as read_table sees it."""

    merged = ()
    formulas = False

    def __init__(self, title: str, rows: list[tuple[int, list[tuple[Any, Any]]]]):
        self.title = title
        self.rows = rows

    def iter_values(self):
        return iter(self.rows)


NOTE_VALUES = st.one_of(st.none(), st.sampled_from(["", " ", "\u200b", "\u200b ", "JUMLAH", "Jumlah ", "3.01",
                                                    "3.01.02", "SS1", "123456789012345678", "Sumber: BPS 2024",
                                                    "Kepala Dinas", "Sangat Baik", "Nilai", "dicetak oleh sistem "
                                                    "pada tanggal 3", "ttd"]),
                        st.integers(0, 99), st.decimals(places=2, allow_nan=False, allow_infinity=False))
# sparse rows, as notes and signatures are: most cells empty
CELLS = st.lists(st.tuples(st.one_of(st.none(), st.none(), st.none(), NOTE_VALUES), st.sampled_from([None, "General"])),
                 max_size=7)


def _general_record(cells: list, number: int, columns: dict[str, int]) -> dict:
    from lkip_xls.core.model import column_letter
    from lkip_xls.read.cells import strip_invisible

    cells = cells + [(None, None)] * (max(columns.values()) - len(cells))
    record: dict[str, Any] = {key: CellValue(strip_invisible(cells[index - 1][0])[0], cells[index - 1][1],
                                             f"{column_letter(index)}{number}") for key, index in columns.items()}
    return record | {"_row": number}


def _expected(spec: schema.SheetSpec, rows: list, monkeypatch: Any) -> tuple[list[int], list[int]]:
    """Every row judged by `_note_like` (the code before the fast path), the trailing notes popped."""
    with monkeypatch.context() as patch:
        patch.setattr(table, "_note_like", lambda *_: False)
        layout, records = table.read_table(Sheet(spec.name, rows), spec, Findings())
    cells_of = dict(rows)
    notes: list[int] = []
    while records and table._note_like(cells_of[records[-1]["_row"]], layout.columns, spec) and (
            spec.name not in table._LABEL_TABLES or table._sentence_note(records[-1], spec)):
        notes.insert(0, records.pop()["_row"])
    return [r["_row"] for r in records], notes


@given(st.sampled_from([schema.ANGGARAN, schema.SDM, schema.SKALA_PREDIKAT, schema.IDENTITAS]),
       st.lists(CELLS, min_size=1, max_size=12))
@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_notes_judged_from_the_end_are_every_row_judged(monkeypatch: Any, spec: schema.SheetSpec,
                                                        body: list[list[tuple[Any, Any]]]) -> None:
    header = [(column.header, "General") for column in spec.columns]
    rows = [(1, header)] + [(number, cells) for number, cells in enumerate(body, start=2)]
    findings = Findings()
    layout, records = table.read_table(Sheet(spec.name, rows), spec, findings)
    kept, notes = _expected(spec, rows, monkeypatch)
    assert [r["_row"] for r in records] == kept
    cells_of = dict(rows)
    for record in records:  # each record as the general code makes it: the row padded, every cell cleaned
        general = _general_record(cells_of[record["_row"]], record["_row"], layout.columns)
        left_out = general.keys() - record.keys()  # past the row's last cell: empty, and left out
        assert all(layout.columns[key] > len(cells_of[record["_row"]]) for key in left_out)
        assert {key: table.cell_of(record, key, layout.letters[key]) for key in left_out} | record == general
        assert all(type(cell) is CellValue for key, cell in record.items() if key != "_row")
    from lkip_xls.core.model import column_letter
    from lkip_xls.read.cells import strip_invisible

    reported = {key for key in layout.columns if spec.column(key).kind is not schema.Kind.TEXT}
    invisible = [f"{column_letter(layout.columns[key])}{number}" for number in kept + notes for key in reported
                 if len(cells_of[number]) >= layout.columns[key]
                 and strip_invisible(cells_of[number][layout.columns[key] - 1][0])[1]]
    assert sorted(f.cell for f in findings if f.code == "INVISIBLE-CHARACTER") == sorted(invisible)
    stated = [f.params["rows"] for f in findings if f.code == "ROWS-AS-NOTES"]
    assert stated == ([table._row_ranges(notes)] if notes else [])


# --------------------------------------------------------------------------- the analysis


def _general_parent_code(code: str, known: frozenset[str]) -> str | None:
    parts = code.split(".")
    for size in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:size])
        if prefix in known:
            return prefix
    return None


SEGMENTS = st.sampled_from(["", "1", "01", "3", "0001", "a", "I", "2"])
CODES = st.lists(SEGMENTS, min_size=1, max_size=5).map(".".join)


@given(CODES, st.frozensets(CODES, max_size=8))
@settings(max_examples=1000)
def test_parent_code_fast_path_is_the_loop(code: str, known: frozenset[str]) -> None:
    from lkip_xls.rules.calc import parent_code

    assert parent_code(code, known) == _general_parent_code(code, known)


@given(st.lists(st.sampled_from(["code", "budget", "spent", "name"]), max_size=3),
       st.lists(st.sampled_from(["code", "budget", "spent", "name"]), max_size=3))
def test_readable_is_no_key_unreadable(unreadable: list[str], keys: list[str]) -> None:
    from lkip_xls.core.model import BudgetLine

    line = BudgetLine(sheet="Anggaran", row=4, cells={}, unreadable=set(unreadable))
    assert line.readable(*keys) == (not set(unreadable) & set(keys))


@given(st.lists(st.sampled_from(["1", "01", "0001", "9", "a", "I", "iv", "B", "x1", "١", "²", ""]), min_size=1,
                max_size=4).map(".".join))
def test_a_code_of_digits_has_no_numbering_segment(code: str) -> None:
    """hierarchy.unclear asks its pattern of every segment only for a code that is not all digits and dots."""
    from lkip_xls.rules.hierarchy import _NUMBERING

    if code.replace(".", "").isdigit():
        assert not any(_NUMBERING.match(segment) for segment in code.split("."))


def _general_revenue(results: Any, hierarchy: bool) -> None:
    from lkip_xls.rules import calc

    by_code = {r.line.code: r for r in results.budget if r.line.code}
    revenue = [r for r in results.budget if r.revenue and r.line.code
               and (r.parent is None or not by_code[r.parent].revenue)]
    results.has_revenue = bool(revenue)
    if not revenue or not hierarchy or any(r.line.budget is None or r.line.spent is None for r in revenue):
        return
    results.revenue_target = sum((r.line.budget for r in revenue), Decimal(0))
    results.revenue_actual = sum((r.line.spent for r in revenue), Decimal(0))
    results.revenue_percent = calc.absorption(results.revenue_target, results.revenue_actual)


def _general_sources(results: Any, hierarchy: bool) -> None:
    from lkip_xls.rules import calc
    from lkip_xls.rules.compute import SourceTotal

    by_code = {r.line.code: r for r in results.budget if r.line.code}
    totals: dict[str, list[Decimal | None]] = {}
    for r in results.budget:
        if not r.line.code or r.revenue:
            continue
        parent = by_code[r.parent] if r.parent is not None else None
        parent_source = parent.fund_source if parent is not None and not parent.revenue else None
        if r.fund_source == parent_source:
            continue
        for source, sign in ((r.fund_source, 1), (parent_source, -1)):
            if not source:
                continue
            pair = totals.setdefault(source, [Decimal(0), Decimal(0)])
            for index, value in enumerate((r.line.budget, r.line.spent)):
                known = value is not None and pair[index] is not None and hierarchy
                pair[index] = pair[index] + sign * value if known else None  # type: ignore[operator]
    results.by_source = [
        SourceTotal(source, budget, spent,
                    calc.absorption(budget, spent) if budget is not None and spent is not None else None)
        for source, (budget, spent) in totals.items()
    ]


BUDGET_LINES = st.lists(st.tuples(
    st.sampled_from(["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1", "2.1.1", "3.1", None]),
    st.one_of(st.none(), st.integers(0, 1000).map(Decimal)), st.one_of(st.none(), st.integers(0, 1000).map(Decimal)),
    st.sampled_from([None, "SS1", "SS2"]), st.sampled_from([None, None, "APBD", "DAK", ""]),
    st.sampled_from([None, None, "Belanja", "Pendapatan"])), max_size=12)


@given(BUDGET_LINES)
@settings(max_examples=500, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_budget_inheritance_and_totals_fast_paths(monkeypatch: Any, rows: list[tuple]) -> None:
    """Row order when every parent is above its children (else by code length); no Sumber Dana and no revenue
    line: the same results as the general code."""
    from lkip_xls.core.model import BudgetLine
    from lkip_xls.rules import compute

    from . import builders

    def data() -> Any:
        lines = [BudgetLine(sheet="Anggaran", row=4 + i, cells={}, code=code, name=f"Uraian {code}",
                            budget=budget, spent=spent, sasaran_code=sasaran, fund_source=source, kind=kind)
                 for i, (code, budget, spent, sasaran, source, kind) in enumerate(rows)]
        return builders.workbook(indicators=builders.minimal_indicators(), budget=lines)

    fast = repr(compute.compute(data()))
    with monkeypatch.context() as patch:
        patch.setattr(compute, "_parents_first", lambda order: False)
        patch.setattr(compute, "_revenue", _general_revenue)
        patch.setattr(compute, "_sources", _general_sources)
        general = repr(compute.compute(data()))
    assert fast == general


def _general_budget_sums(data: Any, results: Any) -> list:
    from collections import defaultdict

    from lkip_xls.core.findings import make
    from lkip_xls.core.model import Rupiah
    from lkip_xls.rules.checks import _MONEY_COLUMNS, ZERO

    children: dict[str, list] = defaultdict(list)
    for result in results.budget:
        if result.parent is not None:
            children[result.parent].append(result.line)
    seen: set[str] = set()
    found = []
    for result in results.budget:
        line = result.line
        if line.code is None or line.code not in children or line.code in seen:
            continue
        seen.add(line.code)
        kids = children[line.code]
        if not all(record.readable("code") for record in (line, *kids)):
            continue
        for key, label in _MONEY_COLUMNS:
            value = getattr(line, key)
            if value is None or any(getattr(kid, key) is None for kid in kids):
                continue
            expected = sum((getattr(kid, key) for kid in kids), ZERO)
            if value != expected:
                found.append(make("ANGGARAN-SUM-DIFFERS", line.sheet, line.cell(key), column=label,
                                  code=line.code, name=line.name, value=Rupiah(value), expected=Rupiah(expected),
                                  diff=Rupiah(value - expected), children=len(kids)))
    return found


@given(BUDGET_LINES, st.lists(st.booleans(), min_size=12, max_size=12))
@settings(max_examples=500)
def test_budget_sums_fast_path_is_the_general_path(rows: list[tuple], doubted: list[bool]) -> None:
    from lkip_xls.core.model import BudgetLine
    from lkip_xls.rules import checks, compute

    from . import builders

    lines = [BudgetLine(sheet="Anggaran", row=4 + i, cells={}, code=code, name=f"Uraian {code}", budget=budget,
                        spent=spent, unreadable={"code"} if doubt else set())
             for i, ((code, budget, spent, *_), doubt) in enumerate(zip(rows, doubted, strict=False))]
    data = builders.workbook(indicators=builders.minimal_indicators(), budget=lines)
    results = compute.compute(data)

    def shown(findings: list) -> list:
        return [(f.code, f.cell, repr(sorted(f.params.items()))) for f in findings]

    assert shown(list(checks.budget_sums(data, results))) == shown(_general_budget_sums(data, results))


# --------------------------------------------------------------------------- cells past a row's end


def _padded_read_table(*args: Any) -> tuple:
    """read_table as it was before it left out the cells past a row's last one: every column in every record."""
    layout, records = _READ_TABLE(*args)
    if layout is not None:
        for record in records:
            for key, letter in layout.letters.items():
                record.setdefault(key, CellValue(None, None, f"{letter}{record['_row']}"))
    return layout, records


_READ_TABLE = table.read_table


def _read(path: Any) -> tuple:
    from lkip_xls.read import guard, reader

    view = guard.open_values(path)
    try:
        data, findings = reader.read_workbook(view)
    finally:
        view.close()
    return data, [(f.code, f.sheet, f.cell, f.severity, sorted(f.params.items(), key=str)) for f in findings]


def test_cells_left_out_past_a_rows_end_read_as_empty(monkeypatch: Any, tmp_path: Any) -> None:
    """Every workbook reads alike (records, findings) whether the empty cells past a row's end are in the record
    or left out: samples (short rows, merged Kodes, notes) and a rich Excel-365-like package."""
    from lkip_xls.read import reader
    from tests.conftest import SAMPLES, minimal_data, write_plain_workbook
    from tests.rich_lkip import build_rich_lkip

    paths = sorted(SAMPLES.glob("*.xlsx")) + sorted((SAMPLES / "v2").glob("*.xlsx"))
    paths.append(build_rich_lkip(tmp_path / "rich.xlsx"))
    short = minimal_data()  # unstyled rows that stop before Target (REQUIRED-EMPTY) or Realisasi (no actual)
    for row, stop in zip(short["IKU"], ("Target", "Realisasi"), strict=True):
        del row["Realisasi"]
        if stop == "Target":
            del row["Target"]
    short["Skala Predikat"] = [{"Predikat": "Sangat Baik"}, {"Predikat": "Sumber: PermenPAN-RB 88/2021"}]
    paths.append(write_plain_workbook(tmp_path / "short.xlsx", short))
    left_out = []

    def counting(*args: Any) -> tuple:
        layout, records = _READ_TABLE(*args)
        left_out.extend(key for record in records for key in (layout.columns if layout else ()) if key not in record)
        return layout, records

    for path in paths:
        with monkeypatch.context() as patch:
            patch.setattr(reader, "read_table", counting)
            data, findings = _read(path)
        with monkeypatch.context() as patch:
            patch.setattr(reader, "read_table", _padded_read_table)
            general_data, general_findings = _read(path)
        assert findings == general_findings, path
        assert repr(data) == repr(general_data), path
    assert left_out  # rows do stop before their table's last column
