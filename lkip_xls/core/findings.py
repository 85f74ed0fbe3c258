"""Every finding code, declared once: its severity, the parameters its message needs, and where it points.

TEMPLATE.md §4 lists the codes of the contract; the codes the project added are below them. A finding is
raised only through `make`, which refuses an undeclared code, a severity the code may not take and missing or
unexpected parameters: a programming error caught by the tests, never a reaction to an agency's workbook.
Root causes (`rules.reconcile`) derive findings from raised ones: `explained` turns one into information
naming its causes, `slip` puts one's code and numbers at the cell of the slip.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from .model import Finding, Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


class Tag(StrEnum):
    STAFF = "staff"  # a check of the SDM sheet
    STAFF_GROUP = "staff-group"  # an SDM breakdown that must add up to its population (one shared text)
    TYPED = "typed"  # a computed cell where the agency had typed a value that differs from lkip-xls's


class CatalogueError(Exception):
    """A finding raised against its declaration: a bug in lkip-xls, not a problem of the workbook."""


@dataclass(frozen=True)
class Code:
    code: str
    severities: tuple[Severity, ...]  # the first is the only one when there is one
    params: tuple[str, ...]  # the parameters its message needs
    where: str  # the cell a person should look at (a `name` parameter: the Uraian of the line, or the name of the
    # indicator, that a `code` names, or None)
    tags: frozenset[Tag] = frozenset()

    @property
    def severity(self) -> Severity | None:
        """The code's severity when it has a single one."""
        return self.severities[0] if len(self.severities) == 1 else None


def _code(code: str, severities: Severity | tuple[Severity, ...], params: str, where: str,
          *tags: Tag) -> Code:
    return Code(code, severities if isinstance(severities, tuple) else (severities,), tuple(params.split()), where,
                frozenset(tags))


_STAFF_GROUP = ("unit group columns total population expected diff", "the group's first cell in that row",
                Tag.STAFF, Tag.STAFF_GROUP)

CODES: tuple[Code, ...] = (
    # TEMPLATE.md §4
    _code("FILE-UNREADABLE", ERROR, "reason detail", "no cell: the file (exit status 2)"),
    _code("SHEET-MISSING", ERROR, "sheet", "no cell"),
    _code("HEADER-MISSING", ERROR, "header", "A1 of the sheet"),
    _code("TEMPLATE-VERSION", (WARNING, ERROR), "value expected", "the Nilai cell (warning: missing, error: unknown)"),
    _code("IDENTITAS-EMPTY", ERROR, "label", "the Nilai cell"),
    _code("IDENTITAS-INVALID", ERROR, "label value expected", "the Nilai cell"),
    _code("REQUIRED-EMPTY", ERROR, "header", "the empty cell"),
    _code("VALUE-NOT-NUMBER", ERROR, "header value predicates", "the cell"),
    _code("VALUE-NEGATIVE", ERROR, "header value", "the cell (budget amounts, staff counts)"),
    _code("VALUE-NOT-INTEGER", ERROR, "header value", "the cell (staff counts)"),
    _code("KODE-DUPLICATE", ERROR, "code first",
          "the second occurrence's Kode cell (a Kode merged over both rows: the merge's visible top-left cell); "
          "`first` is the earlier row's Kode as typed (IKU1 before IKU1#1)"),
    _code("ARAH-INVALID", ERROR, "value choices", "the Arah cell"),
    _code("AGREGASI-INVALID", ERROR, "value choices", "the Agregasi cell"),
    _code("TARGET-ZERO", WARNING, "code name", "the Target cell"),
    _code("REALISASI-NA", INFO, "code name text", "the Realisasi cell"),
    _code("CAPAIAN-EXTREME", WARNING, "code name capaian target actual unit", "the Capaian cell"),
    _code("CAPAIAN-DIFFERS", WARNING, "typed computed diff", "the Capaian cell", Tag.TYPED),
    _code("SERAPAN-DIFFERS", WARNING, "typed computed diff", "the Serapan cell", Tag.TYPED),
    _code("PK-TARGET-DIFFERS", ERROR, "code name pk iku", "the PK Target cell"),
    _code("PK-KODE-UNKNOWN", WARNING, "code", "the PK Kode cell"),
    _code("IKU-NOT-IN-PK", WARNING, "code name", "the IKU Kode cell (only when a PK sheet exists)"),
    _code("PK-ANGGARAN-DIFFERS", WARNING, "program name pk pagu diff murni",
          "the PK Anggaran cell of the program's first row (murni: the Pagu Murni it equals, or None)"),
    _code("TW-REALISASI-DIFFERS", ERROR, "code name aggregation annual iku diff", "the IKU Realisasi cell"),
    _code("TW-TARGET-DIFFERS", WARNING, "code name aggregation annual iku diff", "the IKU Target cell"),
    _code("TW-KODE-UNKNOWN", WARNING, "code", "the Realisasi sheet's Kode cell"),
    _code("ANGGARAN-SUM-DIFFERS", ERROR, "column code name value expected diff children",
          "the parent's Pagu or Realisasi cell"),
    _code("ANGGARAN-TOTAL-DIFFERS", ERROR, "column value expected diff", "the total row's Pagu or Realisasi cell"),
    _code("REALISASI-OVER-PAGU", ERROR, "code name spent budget diff", "the Realisasi cell"),
    _code("SASARAN-UNKNOWN", ERROR, "code name sasaran", "the Kode Sasaran cell"),
    _code("SDM-STATUS-DIFFERS", ERROR, *_STAFF_GROUP),
    _code("SDM-GENDER-DIFFERS", ERROR, *_STAFF_GROUP),
    _code("SDM-PENDIDIKAN-DIFFERS", ERROR, *_STAFF_GROUP),
    _code("SDM-GOLONGAN-DIFFERS", ERROR, *_STAFF_GROUP),
    _code("SDM-JABATAN-DIFFERS", ERROR, *_STAFF_GROUP),
    _code("SDM-TOTAL-DIFFERS", ERROR, "header value expected diff", "the total row's cell of that column", Tag.STAFF),
    # added by lkip-xls (README, "New finding codes")
    _code("SHEET-EMPTY", ERROR, "sheet", "the first data row's first cell"),
    _code("NUMBER-FORMAT-UNUSUAL", WARNING, "header text value quirk", "the cell"),
    _code("ARAH-TARGET-MISMATCH", WARNING, "direction implied target", "the Arah cell"),
    _code("CAPAIAN-UNDEFINED", WARNING, "code name", "the Capaian cell (else the Realisasi cell)"),
    _code("KATEGORI-DIFFERS", WARNING, "typed computed", "the Kategori cell", Tag.TYPED),
    _code("SISA-DIFFERS", WARNING, "typed computed diff", "the Sisa cell", Tag.TYPED),
    _code("TAHUNAN-DIFFERS", WARNING, "typed computed diff", "the Realisasi Tahunan cell", Tag.TYPED),
    _code("SKALA-INVALID", ERROR, "value choices", "the Termasuk Batas cell of the Skala sheet"),
    _code("NUMBER-OUT-OF-RANGE", ERROR, "header value", "the cell (a number beyond 10^15, or not finite)"),
    _code("EXTERNAL-LINK", WARNING, "target",
          "the hyperlink's cell; no sheet and no cell for a link to another workbook (external link part)"),
    # reading real workbooks (TEMPLATE.md §4, §6; issue 13): a value that cannot be read is reported once, at its
    # cell, and everything that would use it is skipped
    _code("FORMULA-NO-VALUE", ERROR, "header formula", "a formula cell without a stored value lkip-xls cannot compute"),
    _code("CELL-ERROR", ERROR, "header error", "a cell holding an Excel error (#REF!, #DIV/0!...)"),
    _code("DATE-IN-NUMBER", ERROR, "header date typed example", "a number, target or code cell Excel made a date"),
    _code("KODE-AS-NUMBER", (ERROR, WARNING), "header code other likely",
          "a Kode stored as a number (error where the hierarchy or a join depends on digits Excel dropped)"),
    _code("INVISIBLE-CHARACTER", WARNING, "header characters",
          "a header, code or number cell from which invisible characters were removed"),
    _code("ROWS-AS-NOTES", INFO, "rows", "the first cell of the first row below a table read as a note"),
    # TEMPLATE.md §4, codes added with reading real workbooks (issue #14)
    _code("ANGGARAN-HIERARCHY-UNCLEAR", ERROR, "code name reason head",
          "the Kode cell of the first Anggaran row whose place in the hierarchy cannot be trusted"),
    _code("ARAH-MAYBE-TURUN", WARNING, "code name words",
          "the Arah cell of an indicator read as Naik (Arah empty) whose name says lower is better"),
    # TEMPLATE.md §5, Kinerja Program (issue #15)
    _code("KINERJA-KODE-UNKNOWN", ERROR, "code", "the Kode cell of the Kinerja Program row"),
    # template version 2, part 1 (TEMPLATE.md §5, issue #15)
    _code("TINGKAT-INVALID", ERROR, "value choices", "the Tingkat cell of the Anggaran sheet"),
    _code("TINGKAT-ORPHAN", ERROR, "level parent",
          "the Tingkat cell of a Kegiatan without a Program above it (or a Sub Kegiatan without a Kegiatan)"),
    _code("JENIS-INVALID", ERROR, "value choices", "the Jenis cell of the Anggaran sheet"),
    # template version 2, part 2: the plan and the evidence (TEMPLATE.md §4, §5, issue #16)
    _code("RENSTRA-KODE-UNKNOWN", WARNING, "code", "the Kode cell of the Renstra row"),
    _code("RENSTRA-TARGET-DIFFERS", WARNING, "code name column renstra iku header",
          "the IKU Target (or Target Akhir Renstra) cell that differs from the Renstra sheet"),
    _code("RENSTRA-REALISASI-DIFFERS", WARNING, "code name column renstra iku header",
          "the Renstra sheet's Realisasi cell of the report's year that differs from the IKU Realisasi"),
    _code("DATA-DUKUNG-DIFFERS", ERROR, "code name typed computed diff rumus a b source",
          "the Realisasi cell (IKU or Kinerja Program) that differs from its Data Dukung figure"),
    _code("DATA-DUKUNG-KODE-UNKNOWN", WARNING, "code", "the Kode cell of the Data Dukung row"),
    _code("DATA-DUKUNG-USED", INFO, "code name computed rumus a b source",
          "the empty Realisasi cell filled from its Data Dukung row"),
    _code("DATA-DUKUNG-SKIPPED", WARNING, "code name reason formula",
          "the Nilai B cell (B is 0) or the Nilai A / Nilai B cell without a value of a Data Dukung row"),
    _code("IKU-TINGKAT-INVALID", ERROR, "value choices", "the Tingkat cell of the IKU sheet"),
    _code("DIRATA-RATA-INVALID", ERROR, "value choices", "the Dirata-rata cell of the IKU sheet"),
    _code("RUMUS-INVALID", ERROR, "value choices", "the Rumus cell of the Data Dukung sheet"),
)

CATALOGUE: dict[str, Code] = {code.code: code for code in CODES}


def declared(code: str) -> Code:
    """The declaration of a code; CatalogueError for an undeclared one."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise CatalogueError(f"undeclared finding code {code!r}") from None


def tagged(tag: Tag) -> frozenset[str]:
    """The codes that carry a tag."""
    return frozenset(code.code for code in CODES if tag in code.tags)


def make(code: str, sheet: str | None, cell: str | None, /, severity: Severity | None = None,
         **params: Any) -> Finding:
    """A finding as its code declares it; `severity` only for a code that may take several."""
    entry = declared(code)
    if severity is None:
        if entry.severity is None:
            raise CatalogueError(f"{code} may be {_names(entry.severities)}: say which")
        severity = entry.severity
    elif severity not in entry.severities:
        raise CatalogueError(f"{code} may not be {severity.value} (only {_names(entry.severities)})")
    if params.keys() != set(entry.params):
        missing = sorted(set(entry.params) - params.keys())
        unexpected = sorted(params.keys() - set(entry.params))
        raise CatalogueError(f"{code}: missing parameters {missing}, unexpected {unexpected}")
    return Finding(severity, code, sheet, cell, params)


def explained(finding: Finding, causes: tuple[str, ...]) -> Finding:
    """A finding that slips elsewhere fully explain (rules.reconcile): information, naming those cells."""
    return replace(finding, severity=INFO, caused_by=causes)


def slip(source: Finding, sheet: str, cell: str, expected: Any, witnesses: tuple[str, ...]) -> Finding:
    """A slip at a cell that no check reported by itself: the code and numbers of the check it repairs, an error
    (a warning where the code may only be one), and the likely right value."""
    entry = declared(source.code)
    severity = ERROR if ERROR in entry.severities else entry.severities[0]
    return Finding(severity, source.code, sheet, cell, dict(source.params), expected=expected, witnesses=witnesses)


def _names(severities: Iterable[Severity]) -> str:
    return "/".join(s.value for s in severities)
