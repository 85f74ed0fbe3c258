"""Budget hierarchy without dotted codes (DOMAIN.md §4c): notice when the Kode column cannot be a hierarchy, and
then state no budget total anywhere (ANGGARAN-HIERARCHY-UNCLEAR) rather than a doubled one.

The signs, in row order, the first one met is reported at its row's Kode cell:
- an empty Kode on a budget line (not the JUMLAH row);
- numbering instead of codes: a roman numeral or a single letter as a segment (`I`, `II`, `a`, `b.1`);
- a top-level row whose Uraian says "Kegiatan" or "Sub Kegiatan" while another row's says "Program";
- a top-level row whose pagu and realisasi both equal the sum of the top-level rows that directly follow it
  (Permendagri 13/2006 numbering: program `03` followed by its kegiatan `16.01`, `16.02`), reported at the
  first of those rows.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..core.findings import make
from ..core.model import BudgetLine, Finding, WorkbookData
from .compute import Results

_NUMBERING = re.compile(r"^(?:[IVXLC]+|[ivxlc]+|[A-Za-z])$")
_KEGIATAN = re.compile(r"^(?:sub[\s-]*)?kegiatan\b", re.IGNORECASE)
_PROGRAM = re.compile(r"^program\b", re.IGNORECASE)


def unclear(data: WorkbookData, results: Results) -> Finding | None:
    """ANGGARAN-HIERARCHY-UNCLEAR at the first row whose place in the hierarchy cannot be trusted, or None. A
    budget whose totals already rest on a cell lkip-xls could not read (a code kept as a number, a broken
    amount) was reported at that cell: one slip, one finding."""
    if results.budget_unknown or any(line.by_level for line in data.budget_lines):
        return None  # with Tingkat, the hierarchy is given by level and row order
    top = {id(r.line) for r in results.budget if r.is_top_level}
    lines = [line for line in data.budget_lines if not line.is_total]
    has_program = any(_PROGRAM.match((line.name or "").strip()) for line in lines)
    for index, line in enumerate(lines):
        if line.code is None and "code" not in line.unreadable:
            return _finding(line, "empty")
        if line.code is None:
            continue
        if not line.code.replace(".", "").isdigit() \
                and any(_NUMBERING.match(segment) for segment in line.code.split(".")):  # digits: no letter
            return _finding(line, "numbering")
        if id(line) not in top:
            continue
        if has_program and _KEGIATAN.match((line.name or "").strip()):
            return _finding(line, "name")
        follower = _nested_below(line, lines[index + 1:], top)
        if follower is not None:
            return _finding(follower, "sum", head=line.code)
    return None


def _nested_below(head: BudgetLine, following: list[BudgetLine], top: set[int]) -> BudgetLine | None:
    """The first of the top-level rows right below `head` whose amounts add up to head's, when they do."""
    if head.budget is None or head.spent is None or head.budget <= 0:
        return None
    budget = spent = Decimal(0)
    for line in following:
        if id(line) not in top or line.code is None or line.budget is None or line.spent is None:
            return None
        budget += line.budget
        spent += line.spent
        if budget == head.budget and spent == head.spent:
            return following[0]
        if budget > head.budget:
            return None
    return None


def _finding(line: BudgetLine, reason: str, head: str = "") -> Finding:
    return make("ANGGARAN-HIERARCHY-UNCLEAR", line.sheet, line.cell("code") or line.cell("name"),
                code=line.code or line.name or str(line.row), name=line.name if line.code else None, reason=reason,
                head=head)


def withhold_totals(results: Results) -> None:
    """No budget total, serapan or efficiency when the hierarchy cannot be trusted: a sum of rows whose nesting
    is unknown may count a kegiatan and its program twice."""
    results.hierarchy_unclear = True
    results.total_absorption = None
    for sasaran in results.sasaran:
        sasaran.budget = sasaran.spent = sasaran.absorption = sasaran.efficiency = None
        sasaran.efficiency_category = None
