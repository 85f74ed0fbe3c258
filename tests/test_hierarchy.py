"""Budget hierarchy without dotted codes (DOMAIN.md §4c): ANGGARAN-HIERARCHY-UNCLEAR at the first row whose place
cannot be trusted, and then no budget total anywhere (never a doubled one, never status ok); and Arah left
empty on a lower-is-better indicator (ARAH-MAYBE-TURUN). Workbooks are built in memory from model objects."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from lkip_xls.core.model import BudgetLine, Indicator, WorkbookData
from lkip_xls.core.numbers import parse_target
from lkip_xls.outputs.json_report import file_document
from lkip_xls.rules.analysis import analyse, result_of
from lkip_xls.rules.facts import facts
from lkip_xls.text import narrative

D = Decimal


def line(row: int, code: str | None, name: str, budget: int, spent: int) -> BudgetLine:
    cells = {"code": f"A{row}", "name": f"B{row}", "budget": f"D{row}", "spent": f"E{row}"}
    return BudgetLine("Anggaran", row, cells, code=code, name=name, budget=D(budget), spent=D(spent),
                      is_total=code is None and name == "JUMLAH")


def indicator(name: str, target: str = "8", arah: str | None = None, code: str = "IKU1") -> Indicator:
    cells = {"code": "C4", "direction": "F4", "target": "G4"}
    parsed = parse_target(target)
    from lkip_xls.core.numbers import default_direction
    return Indicator("IKU", 4, cells, sasaran_code="SS1", sasaran_name="S", code=code, name=name, unit="%",
                     direction=arah or default_direction(parsed, name), direction_defaulted=arah is None,
                     target=parsed, actual=D(3))


PERMENDAGRI_13 = [  # program 03 and its kegiatan 16.01, 16.02: the codes make them three programs
    line(4, "03", "Program Peningkatan Sarana dan Prasarana Aparatur", 300, 270),
    line(5, "16.01", "Pengadaan kendaraan dinas", 100, 90),
    line(6, "16.02", "Pemeliharaan gedung kantor", 200, 180),
    line(7, None, "JUMLAH", 300, 270),
]
NUMBERING = [
    line(4, "I", "Program Pelayanan Administrasi", 300, 270),
    line(5, "a", "Kegiatan Penyediaan Jasa Surat Menyurat", 300, 270),
    line(6, "1", "Sub Kegiatan Penyediaan Alat Tulis", 300, 270),
    line(7, None, "JUMLAH", 300, 270),
]
NAMES = [
    line(4, "1", "Program Penunjang", 300, 270),
    line(5, "2", "Kegiatan Administrasi Keuangan", 100, 90),
    line(6, "3", "Sub Kegiatan Penyediaan Gaji", 100, 90),
]
NO_CODES = [
    line(4, None, "Program Penunjang", 300, 270),
    line(5, None, "Kegiatan Administrasi Keuangan", 300, 270),
    line(6, None, "JUMLAH", 300, 270),
]


@pytest.mark.parametrize(("lines", "cell", "reason"), [
    (PERMENDAGRI_13, "A5", "sum"),
    (NUMBERING, "A4", "numbering"),
    (NAMES, "A5", "name"),
    (NO_CODES, "A4", "empty"),
], ids=["03-16.01", "I-a-1.", "kegiatan-named", "no-codes"])
def test_codes_that_cannot_be_a_hierarchy_state_no_budget_total(lines, cell, reason):
    analysis = analyse(WorkbookData(budget_lines=list(lines)), [])
    unclear = [f for f in analysis.findings if f.code == "ANGGARAN-HIERARCHY-UNCLEAR"]
    assert [(f.severity.value, f.sheet, f.cell, f.params["reason"]) for f in unclear] == \
        [("error", "Anggaran", cell, reason)]
    assert "ANGGARAN-TOTAL-DIFFERS" not in {f.code for f in analysis.findings}  # no doubled total, not even there
    result = result_of(Path("dinas.xlsx"), analysis)
    assert result.status == "errors"
    assert file_document(result)["anggaran"] == {"pagu": None, "realisasi": None, "serapan": None,
                                                 "sumber_dana": [], "pendapatan": None}
    assert facts(analysis).budget is None
    text = " ".join(b.text for b in narrative.render(analysis))
    assert "Total anggaran, realisasi, dan serapan belum disajikan" in text  # report prose: the fix is in Temuan
    assert "ANGGARAN-HIERARCHY-UNCLEAR" not in text and text.startswith("DRAF — masih ada 1 kesalahan")
    assert "Rp600" not in text


def test_dotted_codes_and_a_program_without_kegiatan_are_a_clear_hierarchy():
    lines = [line(4, "1", "Program satu", 300, 270), line(5, "1.1", "Kegiatan satu", 300, 270),
             line(6, "2", "Program dua", 100, 90), line(7, "3", "Program tiga", 50, 40),
             line(8, "BTL", "Belanja Tidak Langsung", 70, 60), line(9, None, "JUMLAH", 520, 460)]
    analysis = analyse(WorkbookData(budget_lines=lines), [])
    assert analysis.findings == []
    assert analysis.results.total_budget == 520 and not analysis.results.hierarchy_unclear


@pytest.mark.parametrize("name", ["Koefisien variasi harga barang pokok", "Tingkat inflasi daerah",
                                  "Jumlah pengaduan konsumen", "Angka kematian ibu"])
def test_arah_left_empty_on_a_lower_is_better_name_warns_at_the_arah_cell(name):
    analysis = analyse(WorkbookData(indicators=[indicator(name)]), [])
    assert [(f.code, f.severity.value, f.cell) for f in analysis.findings] == [("ARAH-MAYBE-TURUN", "warning", "F4")]
    assert analysis.data.indicators[0].direction == "Naik"  # never changed silently
    assert analysis.results.indicators[0].value == D("37.50")


@pytest.mark.parametrize(("name", "target", "arah"), [
    ("Koefisien variasi harga", "8", "Naik"),  # stated by the agency
    ("Koefisien variasi harga", "8", "Turun"),
    ("Koefisien variasi harga", "< 8", None),  # the target says Turun
    ("Koefisien variasi harga", "maksimal 8", None),
    ("Penurunan angka kemiskinan minimal", "8", None),  # the name says minimal: Naik on purpose
    ("Persentase kontribusi sektor industri", "8", None),
])
def test_no_arah_warning_when_the_direction_is_stated_or_the_name_is_neutral(name, target, arah):
    analysis = analyse(WorkbookData(indicators=[indicator(name, target, arah)]), [])
    assert "ARAH-MAYBE-TURUN" not in {f.code for f in analysis.findings}
