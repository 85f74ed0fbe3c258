"""Root causes (TEMPLATE.md §4, rules.reconcile): the fewest cells whose correction makes every sum hold are the
slips; what they explain becomes information naming them; a tie leaves the findings as the checks gave them.
Workbooks are built in memory from model objects."""

from __future__ import annotations

from decimal import Decimal

from lkip_xls.core.model import BudgetLine, PKRow, Severity, StaffUnit, WorkbookData
from lkip_xls.rules.analysis import analyse

D = Decimal
BUDGET_COLUMNS = {"code": "A", "name": "B", "budget": "D", "spent": "E", "absorption": "F", "remaining": "G"}
STAFF_COLUMNS = {"unit": "A", "pns": "B", "cpns": "C", "pppk": "D", "non_asn": "E", "total": "F", "male": "G",
                 "female": "H"}


def line(row: int, code: str | None, budget: int, spent: int, name: str | None = None,
         serapan: str | None = None) -> BudgetLine:
    cells = {key: f"{letter}{row}" for key, letter in BUDGET_COLUMNS.items()}
    return BudgetLine("Anggaran", row, cells, code=code, name=name or (code and f"Baris {code}") or "JUMLAH",
                      budget=D(budget), spent=D(spent), typed_absorption=D(serapan) if serapan else None,
                      is_total=code is None)


def unit(row: int, name: str, **counts: int | None) -> StaffUnit:
    cells = {key: f"{letter}{row}" for key, letter in STAFF_COLUMNS.items()}
    values = {key: (None if counts.get(key) is None else D(counts[key])) for key in STAFF_COLUMNS if key != "unit"}
    return StaffUnit("SDM", row, cells, unit=name, counts=values, is_total=name == "JUMLAH")


def pk(row: int, program: str, budget: int) -> PKRow:
    return PKRow("PK", row, {"code": f"A{row}", "budget": f"F{row}"}, code="IKU1", program_code=program,
                 budget=D(budget))


def found(analysis) -> list[tuple[str, str, str, str, Decimal | None, tuple[str, ...]]]:
    return [(f.severity.value, f.code, f.sheet, f.cell, f.expected, f.caused_by) for f in analysis.findings]


def test_a_stale_program_pagu_is_the_one_root_of_its_sum_the_total_row_pk_and_serapan():
    data = WorkbookData(budget_lines=[
        line(4, "1", 150, 90, serapan="90"), line(5, "1.1", 40, 30), line(6, "1.2", 60, 60),
        line(7, "2", 50, 50), line(8, "2.1", 50, 50),
        line(9, None, 150, 140),
    ], pk_rows=[pk(4, "1", 100), pk(5, "2", 50)])
    analysis = analyse(data, [])
    assert found(analysis) == [
        ("error", "ANGGARAN-SUM-DIFFERS", "Anggaran", "D4", D(100), ()),
        ("info", "SERAPAN-DIFFERS", "Anggaran", "F4", None, ("Anggaran!D4",)),
        ("info", "ANGGARAN-TOTAL-DIFFERS", "Anggaran", "D9", None, ("Anggaran!D4",)),
        ("info", "PK-ANGGARAN-DIFFERS", "PK", "F4", None, ("Anggaran!D4",)),
    ]
    assert analysis.findings[0].witnesses == ("children", "total-row", "serapan", "pk")
    assert analysis.results.total_budget == 150 and analysis.results.total_absorption == D("93.33")
    assert analysis.results.budget_line("1").absorption == D("90.00")
    [correction] = analysis.corrections
    assert (correction.ref, correction.typed, correction.expected) == ("Anggaran!D4", 150, 100)


def test_two_wrong_kegiatan_under_a_right_program_are_two_roots():
    data = WorkbookData(budget_lines=[
        line(4, "1", 100, 100), line(5, "1.1", 45, 40), line(6, "1.1.1", 40, 40),
        line(7, "1.2", 65, 60), line(8, "1.2.1", 60, 60), line(9, None, 100, 100),
    ])
    analysis = analyse(data, [])
    assert found(analysis) == [
        ("error", "ANGGARAN-SUM-DIFFERS", "Anggaran", "D5", D(40), ()),
        ("error", "ANGGARAN-SUM-DIFFERS", "Anggaran", "D7", D(60), ()),
        ("info", "ANGGARAN-SUM-DIFFERS", "Anggaran", "D4", None, ("Anggaran!D5", "Anggaran!D7")),
    ]
    assert [c.ref for c in analysis.corrections] == ["Anggaran!D5", "Anggaran!D7"]


def test_a_parent_against_its_children_with_nothing_else_to_decide_is_a_tie_left_as_it_is():
    data = WorkbookData(budget_lines=[line(4, "1", 110, 100), line(5, "1.1", 40, 40), line(6, "1.2", 60, 60)])
    analysis = analyse(data, [])
    assert found(analysis) == [("error", "ANGGARAN-SUM-DIFFERS", "Anggaran", "D4", None, ())]
    assert analysis.corrections == [] and analysis.results.total_budget == 110


def test_one_staff_count_explains_its_row_and_the_total_row_with_a_finding_of_its_own():
    """Perempuan typed one short: the gender group (reported at its first cell, Laki-laki) and the total row's
    Perempuan disagree; the slip gets a finding at its own cell."""
    data = WorkbookData(staff_units=[
        unit(4, "Sekretariat", pns=10, total=10, male=6, female=4),
        unit(5, "Bidang", pns=8, non_asn=2, total=10, male=5, female=4),
        unit(6, "JUMLAH", pns=18, non_asn=2, total=20, male=11, female=9),
    ])
    analysis = analyse(data, [])
    assert found(analysis) == [
        ("error", "SDM-GENDER-DIFFERS", "SDM", "H5", D(5), ()),
        ("info", "SDM-GENDER-DIFFERS", "SDM", "G5", None, ("SDM!H5",)),
        ("info", "SDM-TOTAL-DIFFERS", "SDM", "H6", None, ("SDM!H5",)),
    ]
    assert analysis.findings[0].severity is Severity.ERROR
    assert analysis.data.staff_units[1].counts["female"] == 5  # the summary counts the corrected figure


def test_two_units_off_in_opposite_directions_are_a_tie():
    """One unit's education 10 for 9 and another's 8 for 9, column totals right (NTT Tabel 1.3): no single
    cell, and several pairs, would do: the findings stay."""
    data = WorkbookData(staff_units=[
        unit(4, "A", pns=9, total=9, male=4, female=6),
        unit(5, "B", pns=9, total=9, male=5, female=3),
        unit(6, "JUMLAH", pns=18, total=18, male=9, female=9),
    ])
    analysis = analyse(data, [])
    assert found(analysis) == [("error", "SDM-GENDER-DIFFERS", "SDM", "G4", None, ()),
                               ("error", "SDM-GENDER-DIFFERS", "SDM", "G5", None, ())]


def test_separate_slips_are_judged_separately():
    data = WorkbookData(
        budget_lines=[line(4, "1", 150, 90), line(5, "1.1", 100, 90), line(6, None, 100, 90)],
        staff_units=[unit(4, "A", pns=9, total=9, male=4, female=4), unit(5, "JUMLAH", pns=9, total=9, male=4,
                                                                         female=5)])
    analysis = analyse(data, [])
    assert found(analysis) == [
        ("error", "ANGGARAN-SUM-DIFFERS", "Anggaran", "D4", D(100), ()),
        ("error", "SDM-GENDER-DIFFERS", "SDM", "H4", D(5), ()),
        ("info", "ANGGARAN-TOTAL-DIFFERS", "Anggaran", "D6", None, ("Anggaran!D4",)),
        ("info", "SDM-GENDER-DIFFERS", "SDM", "G4", None, ("SDM!H4",)),
        ("info", "SDM-TOTAL-DIFFERS", "SDM", "H5", None, ("SDM!H4",)),
    ]


def test_a_typed_serapan_alone_off_is_its_own_root_and_corrects_no_amount():
    data = WorkbookData(budget_lines=[line(4, "1", 100, 90, serapan="99"), line(5, "1.1", 100, 90),
                                      line(6, None, 100, 90)])
    analysis = analyse(data, [])
    assert found(analysis) == [("warning", "SERAPAN-DIFFERS", "Anggaran", "F4", D("90.00"), ())]
    assert analysis.findings[0].witnesses == ("amounts",)
    assert analysis.corrections == []


def test_a_workbook_whose_sums_all_hold_builds_no_model(monkeypatch):
    """Nothing disagrees, nothing to explain: the model of every line is not built (a province budget's 10,000
    lines cost a tenth of a second), and the findings and data come back as they were."""
    from lkip_xls.rules import reconcile

    def no_model() -> None:
        raise AssertionError("the model was built")

    data = WorkbookData(budget_lines=[line(4, "1", 100, 90), line(5, "1.1", 100, 90), line(6, None, 100, 90)],
                        staff_units=[unit(4, "Sekretariat", pns=3, cpns=0, pppk=0, non_asn=1, total=4, male=2,
                                          female=2)])
    monkeypatch.setattr(reconcile, "_Model", no_model)
    analysis = analyse(data, [])
    assert found(analysis) == [] and analysis.corrections == []
    assert analysis.results.total_budget == 100
