"""Root causes (TEMPLATE.md §4, "Root causes"): one slip, one finding.

The sums and cross-checks of a workbook are written here as constraints over cells: a budget parent equals
the sum of its children and a total row the sum of the top-level rows (pagu and realisasi separately), a PK
budget equals the pagu of its program, a typed serapan equals realisasi / pagu x 100 (within 0,01) and a
typed sisa pagu - realisasi; every SDM breakdown of a row equals its population, and the SDM total row equals
the sum of the units, column by column. The disagreeing constraints fall into connected groups (two share a
cell). For each group lkip-xls looks for the fewest cells whose correction makes every constraint they touch
hold: first one cell, then two (`MAX_CELLS` bounds the search for two). A correction must be determined by
the other figures (one value, not a range), a rupiah amount with at most two decimals and a head count a whole
number, neither below 0. Where exactly one smallest set exists, those cells are the slips; otherwise (a tie,
or no set within the bound) the group's findings stay as the checks reported them.

Longer than ~400 lines on purpose: one algorithm (the model of constraints, its groups, the search, the
rewriting of findings) whose invariants hold only together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from itertools import combinations

from ..core import schema
from ..core.findings import explained, slip
from ..core.model import BudgetLine, Finding, PKRow, WorkbookData
from ..core.numbers import TWO_PLACES
from . import calc
from .compute import Results

MAX_CELLS = 60  # a group whose disagreeing sums involve more cells is searched for single slips only
MAX_PAIRS = 5000  # and the search for two stops (leaving the group as it is) past this many pairs

CellKey = tuple[str, str]  # (sheet title, A1 coordinate)
FindingKey = tuple[str, str, str]  # (code, sheet, cell) of the finding a failing constraint gives


def ref(key: CellKey) -> str:
    """'Anggaran!D4'."""
    return f"{key[0]}!{key[1]}"


@dataclass
class Slot:
    """A cell a correction may change."""

    key: CellKey
    value: Decimal
    kind: str  # "rupiah" | "count" | "typed" (a computed cell the agency typed into: never applied)
    subject: str  # what the narrative calls it: a budget line's or PK program's name, a unit
    column: str  # the column's header
    code: str | None = None  # the budget line's or PK program's code
    apply: Callable[[WorkbookData, Decimal], None] | None = None


@dataclass
class Constraint:
    """Σ terms[cell] x value = 0; or, for a typed serapan, typed = realisasi / pagu x 100 within 0,01."""

    kind: str  # children | total | pk | serapan | sisa | group | column
    terms: dict[CellKey, int]
    finding: FindingKey | None
    head: CellKey | None = None  # the parent, the total cell, the pagu, the typed cell: the side it is read from
    ratio: tuple[CellKey, CellKey, CellKey] | None = None  # serapan: (typed, realisasi, pagu)
    label: str = ""  # SDM: the group's name (group) and its population's columns

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return self.ratio if self.ratio is not None else tuple(self.terms)

    def holds(self, values: dict[CellKey, Decimal]) -> bool:
        if self.ratio is not None:
            typed, spent, budget = (values[k] for k in self.ratio)
            computed = calc.absorption(budget, spent)
            return computed is None or abs(typed - computed) <= calc.PERCENT_TOLERANCE
        return sum((values[k] * c for k, c in self.terms.items()), Decimal(0)) == 0

    def witness(self, key: CellKey) -> str:
        """What this constraint is, seen from one of its cells: the figures that say what the cell should be."""
        own = key == self.head
        if self.kind == "children":
            return "children" if own else "parent"
        if self.kind == "total":
            return "top-level" if own else "total-row"
        if self.kind == "pk":
            return "pk" if own else "pagu"
        if self.kind in ("serapan", "sisa"):
            return "amounts" if own else self.kind
        if self.kind == "group":
            return f"population:{self.label}" if self.terms.get(key) == 1 else f"group:{self.label}"
        return "units" if own else "total-row"


@dataclass(frozen=True)
class Correction:
    """One slip lkip-xls corrected for its totals and summary: the cell, what it says, what the rest agrees on."""

    sheet: str
    cell: str
    subject: str
    column: str
    typed: Decimal
    expected: Decimal
    witnesses: tuple[str, ...]
    money: bool = True  # a rupiah amount (Anggaran, PK); otherwise a head count (SDM)
    code: str | None = None  # the budget line's or PK program's code

    @property
    def ref(self) -> str:
        return f"{self.sheet}!{self.cell}"


@dataclass
class Outcome:
    findings: list[Finding]
    data: WorkbookData
    corrections: list[Correction] = field(default_factory=list)


# --------------------------------------------------------------------------- the constraints of a workbook


class _Model:
    def __init__(self) -> None:
        self.slots: dict[CellKey, Slot] = {}
        self.constraints: list[Constraint] = []

    def slot(self, sheet: str, cell: str | None, value: Decimal | None, kind: str, subject: str, column: str,
             apply: Callable[[WorkbookData, Decimal], None] | None = None, code: str | None = None) -> CellKey | None:
        """The cell as a slot of the model; None for a cell without a value lkip-xls could read, so that every
        constraint through it is left out (the checks skip it too: one unreadable value, one finding)."""
        if cell is None or value is None:
            return None
        key = (sheet, cell)
        self.slots.setdefault(key, Slot(key, value, kind, subject, column, code, apply))
        return key

    def add(self, constraint: Constraint) -> None:
        if all(k is not None for k in constraint.cells) and constraint.cells:
            self.constraints.append(constraint)


_MONEY = tuple((key, schema.ANGGARAN.column(key).label) for key in ("budget", "spent"))


def _line_subject(line: BudgetLine) -> str:
    return line.name or line.code or str(line.row)


def _set_line(index: int, attribute: str) -> Callable[[WorkbookData, Decimal], None]:
    def apply(data: WorkbookData, value: Decimal) -> None:
        data.budget_lines[index] = replace(data.budget_lines[index], **{attribute: value})
    return apply


def _set_pk(index: int) -> Callable[[WorkbookData, Decimal], None]:
    def apply(data: WorkbookData, value: Decimal) -> None:
        data.pk_rows[index] = replace(data.pk_rows[index], budget=value)
    return apply


def _set_count(index: int, key: str) -> Callable[[WorkbookData, Decimal], None]:
    def apply(data: WorkbookData, value: Decimal) -> None:
        unit = data.staff_units[index]
        data.staff_units[index] = replace(unit, counts={**unit.counts, key: value})
    return apply


def _budget_constraints(model: _Model, data: WorkbookData, results: Results) -> None:
    lines = data.budget_lines
    position = {id(line): i for i, line in enumerate(lines)}
    money: dict[tuple[int, str], CellKey | None] = {}
    for i, line in enumerate(lines):
        for key, label in _MONEY:
            money[(i, key)] = model.slot(line.sheet, line.cell(key), getattr(line, key), "rupiah",
                                         _line_subject(line), label, _set_line(i, key), line.code)
    children: dict[str, list[int]] = {}
    for result in results.budget:
        if result.parent is not None:
            children.setdefault(result.parent, []).append(position[id(result.line)])
    seen: set[str] = set()
    for i, line in enumerate(lines):  # as checks.budget_sums: the first line of a code is the parent
        if line.code is None or line.code not in children or line.code in seen:
            continue
        seen.add(line.code)
        for key, _ in _MONEY:
            head = money[(i, key)]
            kids = [money[(k, key)] for k in children[line.code]]
            if head is None or None in kids:
                continue
            terms = {head: 1}
            for kid in kids:
                terms[kid] = terms.get(kid, 0) - 1  # type: ignore[index]
            model.add(Constraint("children", terms, ("ANGGARAN-SUM-DIFFERS", head[0], head[1]), head))
    tops = [position[id(r.line)] for r in results.budget if r.is_top_level and not r.revenue]
    for i, line in enumerate(lines):  # as checks.budget_total
        if not line.is_total:
            continue
        for key, _ in _MONEY:
            head = money[(i, key)]
            parts = [money[(k, key)] for k in tops]
            if head is None or None in parts:
                continue
            terms = {head: 1}
            for part in parts:
                terms[part] = terms.get(part, 0) - 1  # type: ignore[index]
            model.add(Constraint("total", terms, ("ANGGARAN-TOTAL-DIFFERS", head[0], head[1]), head))
    for result in results.budget:  # typed serapan and sisa
        i = position[id(result.line)]
        line, budget, spent = result.line, money[(i, "budget")], money[(i, "spent")]
        if budget is None or spent is None:
            continue
        if line.typed_absorption is not None and line.cell("absorption"):
            typed = model.slot(line.sheet, line.cell("absorption"), line.typed_absorption, "typed",
                               _line_subject(line), schema.ANGGARAN.column("absorption").label)
            assert typed is not None
            model.add(Constraint("serapan", {}, ("SERAPAN-DIFFERS", typed[0], typed[1]), typed,
                                 ratio=(typed, spent, budget)))
        if line.typed_remaining is not None and line.cell("remaining"):
            typed = model.slot(line.sheet, line.cell("remaining"), line.typed_remaining, "typed",
                               _line_subject(line), schema.ANGGARAN.column("remaining").label)
            assert typed is not None
            model.add(Constraint("sisa", {typed: 1, budget: -1, spent: 1}, ("SISA-DIFFERS", typed[0], typed[1]),
                                 typed))
    _pk_constraints(model, data, money)


def _pk_constraints(model: _Model, data: WorkbookData, money: dict[tuple[int, str], CellKey | None]) -> None:
    """As checks.pk_budget: the PK budgets of a program code add up to the pagu of that code."""
    first: dict[str, PKRow] = {}
    cells: dict[str, list[CellKey | None]] = {}
    for i, row in enumerate(data.pk_rows):
        if row.program_code is None:
            continue
        first.setdefault(row.program_code, row)
        if row.budget is not None:
            subject = row.program_name or row.program_code
            cells.setdefault(row.program_code, []).append(
                model.slot(row.sheet, row.cell("budget"), row.budget, "rupiah", subject,
                           schema.PK.column("budget").header, _set_pk(i), row.program_code))
    pagu = {line.code: i for i, line in enumerate(data.budget_lines) if line.code}
    for code, parts in cells.items():
        if code not in pagu or None in parts:
            continue
        head = money[(pagu[code], "budget")]
        where = first[code].cell("budget")
        if head is None or where is None:
            continue
        terms: dict[CellKey, int] = {head: -1}
        for part in parts:
            terms[part] = terms.get(part, 0) + 1  # type: ignore[index]
        model.add(Constraint("pk", terms, ("PK-ANGGARAN-DIFFERS", first[code].sheet, where), head))


def _staff_constraints(model: _Model, data: WorkbookData) -> None:
    headers = {c.key: c.header for c in schema.SDM.columns}
    units = data.staff_units

    def count(i: int, key: str) -> CellKey | None:
        unit = units[i]
        return model.slot(unit.sheet, unit.cell(key), unit.counts.get(key) or Decimal(0), "count",
                          unit.unit or str(unit.row), headers[key], _set_count(i, key))

    for i, unit in enumerate(units):  # as checks.staff_groups
        for group in schema.staff_groups(data.identitas.education_population):
            columns = [k for k in group.columns if k in unit.counts]
            population = [k for k in group.population if k in unit.counts]
            if not columns or not population or all(unit.counts[k] is None for k in columns):
                continue
            code = f"SDM-{group.name.upper()}-DIFFERS"
            first = unit.cell(columns[0])
            if first is None:
                continue
            terms: dict[CellKey | None, int] = {count(i, k): 1 for k in columns}
            terms.update({count(i, k): -1 for k in population})
            if None in terms:
                continue
            model.add(Constraint("group", terms, (code, unit.sheet, first), None,  # type: ignore[arg-type]
                                 label=f"{group.name}:{'+'.join(headers[k] for k in population)}"))
    members = [i for i, u in enumerate(units) if not u.is_total]
    group_of = {c.key: c.group for c in schema.SDM.columns}
    for t, total in enumerate(units):  # as checks.staff_total
        if not total.is_total:
            continue
        for key in total.counts:
            group = group_of.get(key)
            siblings = [k for k, g in group_of.items() if g == group and k in total.counts] if group else [key]
            if all(total.counts[k] is None for k in siblings):
                continue
            head = count(t, key)
            parts = [count(i, key) for i in members if key in units[i].counts]
            if head is None or None in parts:
                continue
            terms = {head: 1}
            for part in parts:
                terms[part] = terms.get(part, 0) - 1  # type: ignore[index]
            model.add(Constraint("column", terms, ("SDM-TOTAL-DIFFERS", head[0], head[1]), head))


# --------------------------------------------------------------------------- the search


class _Under:
    """A set of cells that could make everything hold, but with more than one value: no likely value."""


UNDER = _Under()


def _solve(unknowns: list[CellKey], equations: list[tuple[dict[CellKey, int], Fraction]]
           ) -> dict[CellKey, Fraction] | _Under | None:
    """Gaussian elimination over a handful of unknowns: the unique solution, UNDER, or None (inconsistent)."""
    rows = [[Fraction(coefs.get(u, 0)) for u in unknowns] + [rhs] for coefs, rhs in equations]
    n, pivot_row, pivots = len(unknowns), 0, []
    for column in range(n):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][column] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][column]
        rows[pivot_row] = [v / lead for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivots.append(column)
        pivot_row += 1
    if any(all(v == 0 for v in row[:n]) and row[n] != 0 for row in rows):
        return None
    if len(pivots) < n:
        return UNDER
    return {unknowns[c]: rows[i][n] for i, c in enumerate(pivots)}


class _Search:
    def __init__(self, model: _Model):
        self.model = model
        self.values = {key: slot.value for key, slot in model.slots.items()}
        self.by_cell: dict[CellKey, list[Constraint]] = {}
        for constraint in model.constraints:
            for key in constraint.cells:
                self.by_cell.setdefault(key, []).append(constraint)

    def touched(self, cells: Iterable[CellKey]) -> list[Constraint]:
        seen: dict[int, Constraint] = {}
        for key in cells:
            for constraint in self.by_cell.get(key, ()):
                seen.setdefault(id(constraint), constraint)
        return list(seen.values())

    def attempt(self, cells: tuple[CellKey, ...], violated: list[Constraint]
                ) -> dict[CellKey, Decimal] | _Under | None:
        """The values that make every constraint over `cells` hold, when the other figures fix them."""
        touched = self.touched(cells)
        ids = {id(c) for c in touched}
        if any(id(v) not in ids for v in violated):
            return None
        slots = self.model.slots
        linear = [k for k in cells if slots[k].kind != "typed" or _in_linear(k, touched)]
        equations = []
        for constraint in touched:
            if constraint.ratio is not None:
                continue
            coefs = {k: c for k, c in constraint.terms.items() if k in cells}
            rest = sum((Fraction(self.values[k]) * c for k, c in constraint.terms.items() if k not in cells),
                       Fraction(0))
            equations.append((coefs, -rest))
        solved = _solve(linear, equations)
        if solved is None or isinstance(solved, _Under):
            return solved
        values = dict(self.values)
        new: dict[CellKey, Decimal] = {}
        for key, fraction in solved.items():
            value = Decimal(fraction.numerator) / Decimal(fraction.denominator)
            if not _acceptable(value, slots[key].kind):
                return None
            values[key] = new[key] = value
        for constraint in touched:  # a typed serapan in the set takes the serapan of the corrected amounts
            if constraint.ratio is not None and constraint.ratio[0] in cells:
                _, spent, budget = constraint.ratio
                computed = calc.absorption(values[budget], values[spent])
                if computed is None:
                    return None
                values[constraint.ratio[0]] = new[constraint.ratio[0]] = computed
        if any(key not in new or new[key] == self.values[key] for key in cells):
            return None  # a cell left as it is is no correction: a smaller set would do
        if not all(c.holds(values) for c in touched):
            return None
        return new

    def resolve(self, violated: list[Constraint]) -> dict[CellKey, Decimal] | None:
        """The one smallest correction of a group, or None (a tie, or nothing within the bound)."""
        cell_sets = [set(c.cells) for c in violated]
        common = sorted(set.intersection(*cell_sets))
        outcome = self._unique(((key,) for key in common), violated) if common else None
        if outcome is not None:
            return outcome or None
        involved = sorted(set.union(*cell_sets))
        if len(involved) > MAX_CELLS:
            return None
        outside = sorted({k for key in common for c in self.by_cell.get(key, ()) for k in c.cells} - set(involved))
        pairs = [p for p in combinations(involved, 2) if all(p[0] in s or p[1] in s for s in cell_sets)]
        pairs += [(key, other) for key in common for other in outside]
        if len(pairs) > MAX_PAIRS:
            return None
        return self._unique(iter(pairs), violated) or None

    def _unique(self, candidates: Iterator[tuple[CellKey, ...]], violated: list[Constraint]
                ) -> dict[CellKey, Decimal] | None:
        """The one answer among the candidates; {} when some could fix the group but not as the one answer
        (a tie); None when none could."""
        found: list[dict[CellKey, Decimal]] = []
        ambiguous = False
        for cells in candidates:
            outcome = self.attempt(cells, violated)
            if outcome is None:
                continue
            if isinstance(outcome, _Under):
                ambiguous = True
                continue
            found.append(outcome)
        if not found and not ambiguous:
            return None
        return found[0] if len(found) == 1 and not ambiguous else {}


def _in_linear(key: CellKey, constraints: list[Constraint]) -> bool:
    return any(c.ratio is None and key in c.terms for c in constraints)


def _acceptable(value: Decimal, kind: str) -> bool:
    if kind == "count":
        return value >= 0 and value == value.to_integral_value()
    if kind == "rupiah":
        return value >= 0 and value == value.quantize(TWO_PLACES)
    return True


def _groups(violated: list[Constraint]) -> list[list[Constraint]]:
    """Connected groups: two disagreeing constraints belong together when they share a cell."""
    parent = list(range(len(violated)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[CellKey, int] = {}
    for i, constraint in enumerate(violated):
        for key in constraint.cells:
            if key in owner:
                parent[find(i)] = find(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[Constraint]] = {}
    for i, constraint in enumerate(violated):
        groups.setdefault(find(i), []).append(constraint)
    return list(groups.values())


# --------------------------------------------------------------------------- findings and corrections


_DIFFERS = "-DIFFERS"  # the end of every code a constraint names (ANGGARAN-SUM-DIFFERS, SDM-..-DIFFERS...)


def reconcile(data: WorkbookData, results: Results, findings: list[Finding], budget: bool = True) -> Outcome:
    """Find the slips behind the disagreeing sums; `budget=False` leaves the Anggaran and PK sums alone (a budget
    hierarchy that cannot be trusted)."""
    if not any(finding.code.endswith(_DIFFERS) for finding in findings):
        # Every constraint's finding is a *-DIFFERS code, and only a group whose findings were reported is
        # explained: with none reported there is nothing to do (the usual workbook; building the model of a
        # province budget's 10,000 lines took a tenth of a second).
        return Outcome(findings, data)
    model = _Model()
    if budget:
        _budget_constraints(model, data, results)
    _staff_constraints(model, data)
    index: dict[FindingKey, int] = {}
    for i, finding in enumerate(findings):
        if finding.sheet is not None and finding.cell is not None:
            index.setdefault((finding.code, finding.sheet, finding.cell), i)
    search = _Search(model)
    violated = [c for c in model.constraints if not c.holds(search.values)]
    updated = list(findings)
    corrected = replace(data, budget_lines=list(data.budget_lines), pk_rows=list(data.pk_rows),
                        staff_units=list(data.staff_units))
    corrections: list[Correction] = []
    changed = False
    for group in _groups(violated):
        if any(c.finding not in index for c in group):
            continue  # a disagreement no check reported (a value it skipped): not ours to explain
        solution = search.resolve(group)
        if solution is None:
            continue
        extra = _apply(solution, group, search, index, updated)
        changed = True
        for key, value in solution.items():
            slot = model.slots[key]
            if slot.apply is not None:
                slot.apply(corrected, value)
                corrections.append(Correction(key[0], key[1], slot.subject, slot.column, slot.value, value,
                                              _witnesses(key, search), slot.kind == "rupiah", slot.code))
        updated.extend(extra)
    if not changed:
        return Outcome(findings, data)
    return Outcome(updated, corrected if corrections else data, corrections)


def _witnesses(key: CellKey, search: _Search) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.witness(key) for c in search.by_cell.get(key, ())))


def _apply(solution: dict[CellKey, Decimal], group: list[Constraint], search: _Search, index: dict[FindingKey, int],
           findings: list[Finding]) -> list[Finding]:
    """Mark the slips' findings (expected, witnesses) and the findings they explain (info, caused_by); the slips
    that no check reported at their own cell get a finding there. Returns those new findings."""
    rooted: set[CellKey] = set()
    for constraint in group:
        assert constraint.finding is not None
        i = index[constraint.finding]
        cell = (constraint.finding[1], constraint.finding[2])
        if cell in solution:
            findings[i] = replace(findings[i], expected=solution[cell], witnesses=_witnesses(cell, search))
            rooted.add(cell)
        else:
            causes = tuple(ref(k) for k in sorted(solution) if k in constraint.cells)
            findings[i] = explained(findings[i], causes)
    extra = []
    for key in sorted(set(solution) - rooted):
        repaired = next(c for c in group if key in c.cells)
        assert repaired.finding is not None
        source = findings[index[repaired.finding]]
        extra.append(slip(source, key[0], key[1], solution[key], _witnesses(key, search)))
    return extra
