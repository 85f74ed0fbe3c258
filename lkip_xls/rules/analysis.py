"""The analysis of one workbook: what was read, what was computed, what was found; and a file's result."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.errors import FileUnreadable
from ..core.findings import make
from ..core.model import Finding, Severity, WorkbookData
from ..read.guard import DEFAULT_MAX_SIZE
from ..read.previous import PreviousState
from . import checks, compute, direction, hierarchy, plan, program, reconcile


@dataclass
class Analysis:
    data: WorkbookData
    results: compute.Results
    findings: list[Finding]
    previous: PreviousState = field(default_factory=PreviousState)  # what an earlier run left in a _hasil
    sheet_order: list[str] = field(default_factory=list)  # the workbook's sheets, in tab order
    corrections: list[reconcile.Correction] = field(default_factory=list)  # slips the figures were corrected for

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


@dataclass
class FileResult:
    path: Path
    status: str  # "ok" | "errors" | "unreadable"
    analysis: Analysis | None = None
    findings: list[Finding] = field(default_factory=list)
    outputs: dict[str, str | None] = field(default_factory=lambda: {"hasil": None, "ringkasan": None})

    @property
    def exit_code(self) -> int:
        return {"ok": 0, "errors": 1, "unreadable": 2}[self.status]


@dataclass(frozen=True)
class Options:
    out_dir: Path | None = None
    lang: str = "id"
    max_size: int = DEFAULT_MAX_SIZE
    docx: bool = False  # process: also NAME_lkip.docx, the Word draft of the report


def sort_findings(findings: list[Finding], sheet_order: list[str] | None = None) -> list[Finding]:
    """Errors first, then by sheet (workbook order), row and column."""
    order = {name: i for i, name in enumerate(sheet_order or [])}

    def key(finding: Finding) -> tuple:
        row, column = _split_cell(finding.cell)
        return (finding.severity.rank, order.get(finding.sheet or "", len(order)), finding.sheet or "", row,
                len(column), column, finding.code)

    return sorted(findings, key=key)


def _split_cell(cell: str | None) -> tuple[int, str]:
    if not cell:
        return 0, ""
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0), letters


# Computed cells the agency may have typed into: (records of WorkbookData, column key, attribute).
TYPED_FIELDS = (
    ("indicators", "capaian", "typed_capaian"),
    ("indicators", "category", "typed_category"),
    ("budget_lines", "absorption", "typed_absorption"),
    ("budget_lines", "remaining", "typed_remaining"),
    ("quarters", "annual", "typed_annual"),
    ("program_indicators", "capaian", "typed_capaian"),
    ("program_indicators", "category", "typed_category"),
    ("program_indicators", "absorption", "typed_absorption"),
)


def _restore_typed(data: WorkbookData, previous: PreviousState) -> None:
    """In a returned _hasil file, a computed cell still holding lkip-xls's value stands for what the agency
    had typed there before, so that processing the file again gives the same findings."""
    if not (previous.typed or previous.wrote):
        return
    for records, key, attribute in TYPED_FIELDS:
        for record in getattr(data, records):
            cell = (record.sheet, record.cell(key))
            current = getattr(record, attribute)
            entry = previous.typed.get(cell)
            if entry is not None:
                agency, ours = entry
                if _same(current, ours):
                    setattr(record, attribute, agency if isinstance(agency, str) else _decimal(agency))
            elif cell in previous.wrote and _same(current, previous.wrote[cell]):
                setattr(record, attribute, None)  # lkip-xls's own value, not the agency's


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _same(current: Any, ours: Any) -> bool:
    if isinstance(current, str) or isinstance(ours, str):
        return str(current) == str(ours)
    return current is not None and ours is not None and _decimal(current) == _decimal(ours)


def analyse(data: WorkbookData, read_findings: list[Finding], previous: PreviousState | None = None,
            sheet_order: list[str] | None = None) -> Analysis:
    """Compute and check what was read from one workbook (with what an earlier run remembered in it)."""
    previous = previous or PreviousState()
    _restore_typed(data, previous)
    results = compute.compute(data)
    findings = read_findings + checks.run_checks(data, results) + list(direction.maybe_turun(data)) \
        + program.run_checks(data, results) + plan.run_checks(data, results)
    unclear = hierarchy.unclear(data, results)
    if unclear is not None:  # the sums of an untrustworthy hierarchy say nothing: the total row is not checked
        findings = [f for f in findings if f.code != "ANGGARAN-TOTAL-DIFFERS"] + [unclear]
    outcome = reconcile.reconcile(data, results, findings, budget=unclear is None)
    outcome.findings = plan.explain(outcome.findings, data, results)  # a Realisasi its Data Dukung contradicts
    if outcome.corrections:  # totals, serapan and the summary use the values the other figures agree on
        data, results = outcome.data, compute.compute(outcome.data)
    if unclear is not None:
        hierarchy.withhold_totals(results)
    return Analysis(data, results, sort_findings(outcome.findings, sheet_order), previous, list(sheet_order or []),
                    outcome.corrections)


def unreadable(path: Path, exc: FileUnreadable) -> FileResult:
    """The result of a file that could not be read at all (FILE-UNREADABLE, exit status 2)."""
    finding = make("FILE-UNREADABLE", None, None, reason=exc.reason, detail=exc.detail)
    return FileResult(path, "unreadable", findings=[finding])


def result_of(path: Path, analysis: Analysis) -> FileResult:
    return FileResult(path, "errors" if analysis.has_errors else "ok", analysis, analysis.findings)
