"""The regional recap (`lkip-xls rekap`) as plain data: a row per agency workbook, ranked, marked and flagged
(duplicates, other years), with totals and every error. The wording is in `text/recap.py`, the workbook in
`outputs/rekap_book.py`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..core.model import Finding, Severity
from . import calc
from .analysis import FileResult
from .compute import SourceTotal
from .facts import LOW_ABSORPTION, program_facts

RECAP_SCALE = calc.SCALE_PRESETS["permendagri86"]  # the scale of the recap's mean, whatever the agencies use
TINGGI_THRESHOLD = Decimal(76)  # where "Tinggi" starts on RECAP_SCALE: an agency's average below it is marked


@dataclass
class AgencyRow:
    """One file, one agency."""

    file: str
    status: str  # ok | errors | unreadable
    instansi: str | None = None
    pemda: str | None = None
    tahun: int | None = None
    indicators: int | None = None  # every indicator, as the agency's summary counts them
    counted: int | None = None  # those with a computable capaian (the ones averaged)
    reached: int | None = None  # those whose capaian is at least 100 %: target met
    average: Decimal | None = None
    category: str | None = None  # on the agency's own scale
    scale: str | None = None  # the agency's Skala Kategori (permendagri86, kemenpan, sakip, kustom)
    cap: Decimal | None = None  # the cap its average works under (Batas Capaian, Batas Rata-rata: the lower)
    pagu: Decimal | None = None
    realisasi: Decimal | None = None
    serapan: Decimal | None = None
    errors: int | None = None
    warnings: int | None = None
    reason: tuple[str, str] | None = None  # why an unreadable file could not be read: (reason, detail)
    rank: int | None = None
    below: list[str] = field(default_factory=list)  # "capaian", "serapan", "errors"
    duplicates: list[str] = field(default_factory=list)  # other files of the same agency
    superseded: bool = False  # a duplicate given before another file of its agency: left out of the recap's means
    other_year: bool = False
    # Kinerja Program: how many programs, the mean of their capaian kinerja and of their serapan (keuangan)
    programs: int | None = None
    program_capaian: Decimal | None = None
    program_serapan: Decimal | None = None
    sources: list[SourceTotal] = field(default_factory=list)  # spending per Sumber Dana
    revenue_target: Decimal | None = None  # Jenis Pendapatan: target, realisasi, persen
    revenue_actual: Decimal | None = None
    revenue_percent: Decimal | None = None
    label: str = ""  # the name the recap shows: with its pemda when the recap spans several (see `name_rows`)

    @property
    def name(self) -> str:
        return self.label or self.instansi or self.file

    @property
    def readable(self) -> bool:
        return self.status != "unreadable"

    @property
    def marked(self) -> bool:
        return bool(self.below) or not self.readable


@dataclass
class CapGroup:
    """Agencies whose averages work under the same cap, ranked among themselves."""

    cap: Decimal | None
    rows: list[AgencyRow]


@dataclass
class ErrorRow:
    """One error of one file, for the Kesalahan sheet."""

    file: str
    instansi: str | None
    finding: Finding


@dataclass
class Rekap:
    """The whole recap: its rows, errors, years, duplicates and totals, in the language it was built in."""

    lang: str
    rows: list[AgencyRow]  # in rank order, unreadable files last
    errors: list[ErrorRow]
    years: list[int]
    main_year: int | None
    duplicates: list[list[AgencyRow]]
    indicators: int = 0
    average: Decimal | None = None  # the mean of the agencies' averages, each agency once (its last file)
    average_category: str | None = None  # on the Permendagri 86 scale
    pagu: Decimal = Decimal(0)
    realisasi: Decimal = Decimal(0)
    serapan: Decimal | None = None
    error_count: int = 0
    warning_count: int = 0
    low_capaian: Decimal = TINGGI_THRESHOLD  # the marks' thresholds, as the narrative states them
    low_absorption: Decimal = LOW_ABSORPTION
    counted: int = 0
    reached: int = 0
    groups: list[CapGroup] = field(default_factory=list)  # the rankings: one per cap, the largest first
    scales: dict[str, int] = field(default_factory=dict)  # Skala Kategori -> agencies, the most used first
    sources: list[SourceTotal] = field(default_factory=list)  # spending per Sumber Dana over every agency
    revenue_target: Decimal | None = None  # Jenis Pendapatan over the agencies that have it
    revenue_actual: Decimal | None = None
    revenue_percent: Decimal | None = None
    messages: list[dict] = field(default_factory=list)  # from the inbox.json of a folder `inbox` wrote
    programs: int = 0  # Kinerja Program over every agency: programs, means of the agencies' means
    program_capaian: Decimal | None = None
    program_serapan: Decimal | None = None

    @property
    def averaged(self) -> list[AgencyRow]:
        """The rows whose averages make the recap's mean: one per agency (of duplicates, the file given last)."""
        return [r for r in self.rows if r.readable and r.average is not None and not r.superseded]

    @property
    def averaged_files(self) -> list[AgencyRow]:
        """Every file with an average, duplicates included (as many as the ranking lists)."""
        return [r for r in self.rows if r.readable and r.average is not None]

    @property
    def mixed_caps(self) -> bool:
        """Averages under different caps: ranked apart, never against each other."""
        return len(self.groups) > 1

    @property
    def mixed_scales(self) -> bool:
        """Categories on different scales (a kustom scale is each agency's own)."""
        return len(self.scales) > 1 or self.scales.get("kustom", 0) > 1

    @property
    def with_money(self) -> list[AgencyRow]:
        """The agencies with budget totals per Sumber Dana or a Pendapatan: the Sumber Dana sheet's rows."""
        return [r for r in self.read if r.sources or r.revenue_target is not None]

    @property
    def with_revenue(self) -> list[AgencyRow]:
        """The agencies whose Pendapatan totals are stated."""
        return [r for r in self.read if r.revenue_target is not None and r.revenue_actual is not None]

    @property
    def with_programs(self) -> list[AgencyRow]:
        return [r for r in self.rows if r.programs]

    @property
    def messages_without_workbook(self) -> list[dict]:
        return [m for m in self.messages if not m.get("attachments") and not m.get("problem")]

    @property
    def read(self) -> list[AgencyRow]:
        return [r for r in self.rows if r.readable]

    @property
    def unreadable(self) -> list[AgencyRow]:
        return [r for r in self.rows if not r.readable]

    @property
    def with_errors(self) -> list[AgencyRow]:
        return [r for r in self.rows if r.status == "errors"]

    @property
    def ranked(self) -> list[AgencyRow]:
        return [r for r in self.rows if r.rank is not None]

    @property
    def below(self) -> list[AgencyRow]:
        return [r for r in self.rows if r.below]

    @property
    def mixed_years(self) -> bool:
        return len(self.years) > 1

    def government(self) -> str | None:
        """The pemda every readable file names, when they all name the same one."""
        names = {" ".join(r.pemda.split()) for r in self.read if r.pemda}
        return names.pop() if len(names) == 1 else None


def agency_row(result: FileResult) -> AgencyRow:
    """One file's row: its figures and what it falls below (capaian, serapan, errors); why, when unreadable."""
    row = AgencyRow(result.path.name, result.status)
    analysis = result.analysis
    if analysis is None:
        finding = result.findings[0] if result.findings else None
        params = finding.params if finding else {}
        row.reason = (str(params.get("reason", "internal")), str(params.get("detail", "")))
        return row
    ident, results = analysis.data.identitas, analysis.results
    row.instansi, row.pemda, row.tahun = ident.agency, ident.government, ident.year
    row.indicators, row.counted = len(results.indicators), results.counted
    row.reached = sum(1 for r in results.indicators if r.value is not None and r.value >= 100)
    row.average, row.category, row.scale = results.average, results.average_category, ident.scale
    row.cap = min((c for c in (ident.indicator_cap, ident.average_cap) if c is not None), default=None)
    if analysis.data.budget_lines and not results.hierarchy_unclear:
        row.pagu, row.realisasi = results.total_budget, results.total_spent
        row.serapan = results.total_absorption
        row.sources = list(results.by_source)
        row.revenue_target, row.revenue_actual = results.revenue_target, results.revenue_actual
        row.revenue_percent = results.revenue_percent
    row.errors, row.warnings = analysis.count(Severity.ERROR), analysis.count(Severity.WARNING)
    _programs(row, results)
    if row.average is not None and row.average < TINGGI_THRESHOLD:
        row.below.append("capaian")
    if row.serapan is not None and row.serapan < LOW_ABSORPTION:
        row.below.append("serapan")
    if row.errors:
        row.below.append("errors")
    return row


def _programs(row: AgencyRow, results: Any) -> None:
    """The agency's programs (Program level of its Kinerja Program sheet; every row when none is a program):
    their number and the means of their capaian kinerja and capaian keuangan."""
    programs = program_facts(results)
    if not programs:
        return
    row.programs = len(programs)
    row.program_capaian = calc.mean(p.capaian for p in programs if p.capaian is not None)
    row.program_serapan = calc.mean(p.absorption for p in programs if p.absorption is not None)


def _rank(rows: list[AgencyRow]) -> tuple[list[AgencyRow], list[CapGroup]]:
    """One ranking per cap (averages capped at 100 and uncapped ones are not comparable): the largest group
    first (then the lower cap, uncapped last); in each, highest average first, ties sharing a rank (1, 2, 2, 4).
    No average or unreadable: last, unranked."""
    by_cap: dict[Decimal | None, list[AgencyRow]] = {}
    for row in rows:
        if row.average is not None:
            by_cap.setdefault(row.cap, []).append(row)
    groups = [CapGroup(cap, sorted(members, key=lambda r: (-r.average, r.instansi or r.file, r.file)))
              for cap, members in sorted(by_cap.items(), key=lambda item: (-len(item[1]), item[0] is None,
                                                                           item[0] or 0))]
    for group in groups:
        for index, row in enumerate(group.rows):
            previous = group.rows[index - 1] if index else None
            row.rank = previous.rank if previous is not None and previous.average == row.average else index + 1
    rest = [r for r in rows if r.average is None]
    return [r for g in groups for r in g.rows] + sorted(rest, key=lambda r: (not r.readable, r.file)), groups


def name_rows(rows: list[AgencyRow]) -> None:
    """Each row's label: the agency with its pemda when the recap spans several pemda (two provinces' "Dinas
    Perindustrian" told apart), unless the name already says it; the file when there is no name."""
    several = len({_normal(r.pemda) for r in rows if r.readable and r.pemda}) > 1
    for row in rows:
        name = " ".join((row.instansi or "").split()) or row.file
        pemda = " ".join((row.pemda or "").split())
        place = pemda.removeprefix("Pemerintah ").strip()
        if several and pemda and place.casefold() not in name.casefold():
            name = f"{name} ({pemda})"
        row.label = name


def _scales(rows: list[AgencyRow]) -> dict[str, int]:
    counts = Counter(r.scale for r in rows if r.scale and r.average is not None)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _sources(rows: list[AgencyRow]) -> list[SourceTotal]:
    """Spending per Sumber Dana over every agency, in order of first appearance; an amount that rests on a value
    an agency's workbook cannot give is not stated (None), never counted as 0."""
    totals: dict[str, list[Decimal | None]] = {}
    names: dict[str, str] = {}
    for row in rows:
        for source in row.sources:
            key = _normal(source.source)
            names.setdefault(key, " ".join(source.source.split()))
            pair = totals.setdefault(key, [Decimal(0), Decimal(0)])
            for index, value in enumerate((source.budget, source.spent)):
                pair[index] = None if value is None or pair[index] is None else pair[index] + value
    return [SourceTotal(names[key], budget, spent,
                        calc.absorption(budget, spent) if budget is not None and spent is not None else None)
            for key, (budget, spent) in totals.items()]


def _normal(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _flag_duplicates(rows: list[AgencyRow]) -> list[list[AgencyRow]]:
    groups: dict[tuple, list[AgencyRow]] = {}
    for row in rows:
        if row.readable and row.instansi:
            groups.setdefault((_normal(row.instansi), _normal(row.pemda), row.tahun), []).append(row)
    found = [sorted(group, key=lambda r: r.file) for group in groups.values() if len(group) > 1]
    for group in found:
        for row in group:
            row.duplicates = [other.file for other in group if other is not row]
    return found


def _supersede(given: list[AgencyRow]) -> None:
    """Of the files of one agency (same instansi, pemda and tahun), the one given last (command-line order, a
    folder's files by name) stands for it in the recap's means; the others are marked `superseded`."""
    last: dict[tuple, AgencyRow] = {}
    for row in given:
        if row.readable and row.instansi:
            key = (_normal(row.instansi), _normal(row.pemda), row.tahun)
            if key in last:
                last[key].superseded = True
            last[key] = row


def used_file(group: list[AgencyRow]) -> AgencyRow:
    """The file of a duplicate group that the recap's means use."""
    return next(row for row in group if not row.superseded)


def _main_year(years: list[int]) -> int | None:
    """The year most files report (the latest among equals): the year the recap is about."""
    if not years:
        return None
    counts = Counter(years)
    return max(counts, key=lambda year: (counts[year], year))


def build_rekap(results: list[FileResult], lang: str = "id") -> Rekap:
    """A row per file (unreadable ones too), ranked, marked and flagged, with totals and every error."""
    built = [agency_row(result) for result in results]
    rows, groups = _rank(built)
    name_rows(rows)
    duplicates = _flag_duplicates(rows)
    _supersede(built)
    years = sorted({r.tahun for r in rows if r.tahun is not None})
    main_year = _main_year([r.tahun for r in rows if r.tahun is not None])
    for row in rows:
        row.other_year = len(years) > 1 and row.tahun is not None and row.tahun != main_year
    errors = [ErrorRow(result.path.name, row.label if result.analysis else None, finding)
              for result, row in zip(results, built, strict=True) for finding in result.findings
              if finding.severity is Severity.ERROR]
    read = [r for r in rows if r.readable]
    distinct = [r for r in read if not r.superseded]  # each agency once: duplicate files are not averaged twice
    average = calc.mean(r.average for r in distinct if r.average is not None)
    # every total, count and mean over the agencies, each once (its file given last); the files' own errors and
    # warnings are counted per file, since each file sent has to be fixed
    pagu = sum((r.pagu for r in distinct if r.pagu is not None), Decimal(0))
    realisasi = sum((r.realisasi for r in distinct if r.realisasi is not None), Decimal(0))
    rekap = Rekap(lang, rows, errors, years, main_year, duplicates,
                  indicators=sum(r.indicators or 0 for r in distinct), average=average,
                  average_category=calc.classify(average, RECAP_SCALE), pagu=pagu, realisasi=realisasi,
                  serapan=calc.absorption(pagu, realisasi), error_count=sum(r.errors or 0 for r in read),
                  warning_count=sum(r.warnings or 0 for r in read))
    rekap.counted, rekap.reached = sum(r.counted or 0 for r in distinct), sum(r.reached or 0 for r in distinct)
    rekap.groups, rekap.scales, rekap.sources = groups, _scales(distinct), _sources(distinct)
    revenue = [r for r in rekap.with_revenue if not r.superseded]
    if revenue:
        rekap.revenue_target = sum((r.revenue_target for r in revenue), Decimal(0))
        rekap.revenue_actual = sum((r.revenue_actual for r in revenue), Decimal(0))
        rekap.revenue_percent = calc.absorption(rekap.revenue_target, rekap.revenue_actual)
    rekap.programs = sum(r.programs or 0 for r in distinct)
    rekap.program_capaian = calc.mean(r.program_capaian for r in distinct if r.program_capaian is not None)
    rekap.program_serapan = calc.mean(r.program_serapan for r in distinct if r.program_serapan is not None)
    return rekap
