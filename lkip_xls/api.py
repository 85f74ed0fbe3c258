"""The library's front door: check and process one file. Never prints, never exits."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .core.errors import FileUnreadable
from .core.model import Finding, Severity, WorkbookData
from .read import guard, previous, reader
from .rules import checks, compute

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")  # what lkip-xls reads
HASIL_SUFFIX = "_hasil"
RINGKASAN_SUFFIX = "_ringkasan"


@dataclass
class Analysis:
    data: WorkbookData
    results: compute.Results
    findings: list[Finding]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def status_line(self, lang: str) -> str:
        """"2 kesalahan, 1 peringatan, 0 info. Rata-rata capaian 70,36 % (Cukup Berhasil)." in one language."""
        from .text.messages import percent, ui

        return ui("summary-line", lang, errors=self.count(Severity.ERROR), warnings=self.count(Severity.WARNING),
                  infos=self.count(Severity.INFO), average=percent(self.results.average, lang),
                  category=self.results.average_category or "-")


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
    max_size: int = guard.DEFAULT_MAX_SIZE
    # `process`: write _hasil in a forked helper process while this one checks the file and writes the
    # summary (`helper`); for a lone file on a machine with a core to spare.
    second_process: bool = False


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
)


def _restore_typed(data: WorkbookData, previous: previous.PreviousState) -> None:
    """In a returned _hasil file, a computed cell still holding lkip-xls's value stands for what the agency
    had typed there before, so that processing the file again gives the same findings."""
    if not previous.typed:
        return
    for records, key, attribute in TYPED_FIELDS:
        for record in getattr(data, records):
            entry = previous.typed.get((record.sheet, record.cell(key)))
            if entry is None:
                continue
            agency, ours = entry
            if _same(getattr(record, attribute), ours):
                setattr(record, attribute, agency if isinstance(agency, str) else _decimal(agency))


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _same(current: Any, ours: Any) -> bool:
    if isinstance(current, str) or isinstance(ours, str):
        return str(current) == str(ours)
    return current is not None and ours is not None and _decimal(current) == _decimal(ours)


def analyse(workbook: Any) -> Analysis:
    """Read, compute and check an openpyxl workbook (opened with data_only=True)."""
    data, findings = reader.read_workbook(workbook)
    _restore_typed(data, previous.read_state(workbook))
    results = compute.compute(data)
    findings = findings + checks.run_checks(data, results)
    return Analysis(data, results, sort_findings(findings, list(workbook.sheetnames)))


def unreadable(path: Path, exc: FileUnreadable) -> FileResult:
    finding = Finding(Severity.ERROR, "FILE-UNREADABLE", None, None, {"reason": exc.reason, "detail": exc.detail})
    return FileResult(path, "unreadable", findings=[finding])


def _analyse_view(view: Any) -> Analysis:
    """Analyse a read-only view (streaming or over a loaded workbook), then close it; XML met broken while
    reading makes the file unreadable."""
    try:
        with guard.no_gc():  # a short-lived burst of objects: collecting cycles midway only costs time
            return analyse(view)
    except guard.READ_ERRORS as exc:
        raise guard.unreadable_from(exc) from exc
    finally:
        view.close()


def check_file(path: Path, options: Options = Options()) -> FileResult:
    """Read and validate only; nothing is written."""
    try:
        analysis = _analyse_view(guard.open_values(path, max_size=options.max_size))
    except FileUnreadable as exc:
        return unreadable(path, exc)
    return _result(path, analysis)


def _result(path: Path, analysis: Analysis) -> FileResult:
    status = "errors" if analysis.has_errors else "ok"
    return FileResult(path, status, analysis, analysis.findings)


def workbooks_in(folder: Path) -> list[Path]:
    """Every .xlsx/.xlsm directly inside a folder, sorted; Excel's lock files (~$) and hidden files left out."""
    return [child for child in sorted(folder.iterdir())
            if child.suffix.lower() in WORKBOOK_SUFFIXES and child.is_file() and not child.name.startswith(("~$", "."))]


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
    }


def output_collisions(paths: list[Path], out_dir: Path | None) -> dict[Path, Path]:
    """Files of one batch whose outputs would overwrite an earlier file's (a/X.xlsx and b/X.xlsx into one
    --out-dir, or X.xlsx beside X.xlsm): file -> the earlier file it collides with."""
    owner: dict[Path, Path] = {}
    collisions: dict[Path, Path] = {}
    for path in paths:
        targets = [t.resolve() if t.parent.exists() else t for t in output_paths(path, out_dir).values()]
        earlier = next((owner[t] for t in targets if t in owner), None)
        if earlier is not None:
            collisions[path] = earlier
            continue
        owner.update({t: path for t in targets})
    return collisions


def process_file(path: Path, options: Options = Options()) -> FileResult:
    """Validate, compute, and write NAME_hasil.xlsx (and the summary) next to the input or in out_dir."""
    from .outputs.hasil import helper

    targets = output_paths(path, options.out_dir)
    if any(_same_file(path, target) for target in targets.values()):
        return unreadable(path, FileUnreadable("output-is-input", str(path)))
    if options.second_process and helper.available():
        return helper.process_in_two(path, targets, options.lang, options.max_size)
    return _process_in_one(path, targets, options)


def _process_in_one(path: Path, targets: dict[str, Path], options: Options) -> FileResult:
    """Analyse the file as `check` does (so that every path gives the same findings), then load it with
    openpyxl, write _hasil, then the summary."""
    from .outputs import summary
    from .outputs.hasil import annotate  # the writers are only needed here

    try:
        analysis = _analyse_view(guard.open_values(path, max_size=options.max_size))
        with guard.no_gc():
            workbook = guard.load(path, read_only=False, data_only=False, max_size=options.max_size)
    except FileUnreadable as exc:
        return unreadable(path, exc)
    result = _result(path, analysis)
    try:
        with guard.no_gc():
            annotate.write_hasil(path, workbook, annotate.Writeback.of(analysis, options.lang), targets["hasil"])
        result.outputs["hasil"] = str(targets["hasil"])
        summary.write_summary(result.analysis, targets["ringkasan"], options.lang, path.name)
        result.outputs["ringkasan"] = str(targets["ringkasan"])
    except FileUnreadable as exc:
        return unreadable(path, exc)
    except OSError as exc:
        return unreadable(path, FileUnreadable("write-failed", str(exc)))
    return result


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
