"""The arithmetic of budget and staff sheets, for formula cells that hold no value lkip-xls can trust.

A workbook written by a script or a generator (openpyxl, XlsxWriter, web applications) stores its formulas
without computing them: no value, or a 0 with "recalculate on open". Reading those cells as 0 or empty would
make every total wrong. lkip-xls computes the arithmetic such sheets use (TEMPLATE.md §6): references (same
sheet or another, `'Sheet name'!A1`, absolute or not), ranges, `+ - * /`, unary minus, `%`, parentheses,
SUM, SUBTOTAL(9/109, ...), ROUND/ROUNDUP/ROUNDDOWN and numbers, in Decimal. Each cell is computed once,
lazily, following references to other formulas; cycles, depth and work are bounded. Anything else raises
`CannotEvaluate`, which the reader reports as FORMULA-NO-VALUE at the cell. An Excel error the arithmetic
meets (a `#REF!` cell, a division by zero) is returned as an `ExcelError`, which the reader reports as
CELL-ERROR.

Longer than ~400 lines on purpose: one evaluator whose tokenizer, parser and interpreter share its bounds
(depth, work, range size); split, the bounds would be checked in three places.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from typing import Any

MAX_DEPTH = 60  # formulas that follow formulas; deeper chains are not what a budget sheet holds
MAX_NESTING = 64  # parentheses and functions inside one formula (Excel's own limit)
MAX_TEXT = 8192  # characters of one formula (Excel's own limit)
MAX_WORK = 2_000_000  # cells visited for one workbook, ranges included (the guard bounds a sheet's size too)
SIGNIFICANT = 15  # Excel keeps 15 significant digits; so does every number lkip-xls reads from a cell

ERROR_VALUES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!", "#PYTHON!")


class ExcelError(str):
    """An Excel error value (`t="e"`): #REF!, #DIV/0!, #VALUE!, #NAME?, #NUM!, #NULL!, #N/A. A str, so that it
    prints and compares as the text Excel shows; `formula` is the text of the formula that gave it, if any."""

    formula: str | None = None


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell without a value lkip-xls can trust: its text (shared formulas already shifted to this
    cell) and where it is."""

    text: str
    sheet: str
    row: int
    column: int

    def __str__(self) -> str:
        return "=" + self.text


class CannotEvaluate(Exception):
    """A formula outside the arithmetic lkip-xls computes (a function it does not know, a name, text...);
    `cell` is (sheet, row, column) of the formula that failed by itself, once known."""

    cell: tuple[str, int, int] | None = None


@dataclass
class Grid:
    """Every non-empty cell of a sheet as the evaluator needs it: (row, column) -> number, text, bool,
    ExcelError or Formula; which cells hold a SUBTOTAL (a SUBTOTAL leaves them out) and which rows are hidden
    (SUBTOTAL(109) leaves them out)."""

    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    subtotals: set[tuple[int, int]] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    max_row: int = 0
    max_column: int = 0


def excel_number(raw: str) -> int | Decimal:
    """A number as a cell stores it, as Excel shows it: 15 significant digits (874999.81999999995 is
    874.999,82), an int when it is whole. Never a float: every comparison is between Decimals."""
    if "." not in raw and "e" not in raw and "E" not in raw:
        return int(raw)
    value = Decimal(raw)
    return significant(value)


def significant(value: Decimal) -> int | Decimal:
    if not value.is_finite():
        return value
    try:
        if len(value.as_tuple().digits) > SIGNIFICANT:
            value = value.quantize(Decimal(1).scaleb(value.adjusted() - SIGNIFICANT + 1), rounding=ROUND_HALF_EVEN)
        if value.adjusted() < 18 and value == value.to_integral_value():
            return int(value)
        return value.normalize()
    except ArithmeticError:  # beyond what a Decimal context holds: no number an agency typed
        return value


# --------------------------------------------------------------------------- tokens

_SHEET = r"(?:'(?:[^']|'')+'|[A-Za-z_\u00c0-\uffff][\w.\u00c0-\uffff]*)!"
_CELL = r"\$?[A-Za-z]{1,3}\$?\d+"
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<string>\"(?:[^\"]|\"\")*\")"
    r"|(?P<error>#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A))"
    r"|(?P<func>(?:_xlfn\.)?[A-Za-z][A-Za-z0-9_.]*)(?=\()"
    rf"|(?P<ref>(?:{_SHEET})?(?:{_CELL}(?::{_CELL})?|\$?[A-Za-z]{{1,3}}:\$?[A-Za-z]{{1,3}}|\$?\d+:\$?\d+))"
    r"(?![\w(!])"
    r"|(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<bool>(?:TRUE|FALSE)\b)"
    r"|(?P<op>[-+*/^%(),:;&=<>])"
    r"|(?P<name>[A-Za-z_\\][\w.]*)"
)


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, position) of every token but white space; CannotEvaluate for what is no token."""
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise CannotEvaluate(f"cannot read {text[position:position + 10]!r}")
        kind = match.lastgroup or ""
        if kind != "space":
            yield kind, match.group(), position
        position = match.end()


_PART = re.compile(r"(\$?)([A-Za-z]{1,3})?(\$?)(\d+)?")


def shift(text: str, rows: int, columns: int) -> str:
    """A shared formula's text moved from its first cell by (rows, columns): relative references move,
    absolute ($) ones stay; what is not a reference is copied as it is."""
    if not rows and not columns:
        return text
    out: list[str] = []
    last = 0
    try:
        for kind, token, position in tokens(text):
            if kind != "ref":
                continue
            sheet, _, body = token.rpartition("!")
            moved = ":".join(_shift_part(part, rows, columns) for part in body.split(":"))
            out.append(text[last:position] + (sheet + "!" if sheet else "") + moved)
            last = position + len(token)
    except CannotEvaluate:
        return text
    out.append(text[last:])
    return "".join(out)


def _shift_part(part: str, rows: int, columns: int) -> str:
    match = _PART.fullmatch(part)
    if match is None:  # pragma: no cover - the token pattern only lets references through
        return part
    col_abs, letters, row_abs, digits = match.groups()
    result = ""
    if letters:
        index = column_index(letters)
        result += col_abs + (letters if col_abs else column_name(max(1, index + columns)))
    if digits:
        result += row_abs + (digits if row_abs else str(max(1, int(digits) + rows)))
    return result


def column_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index


def column_name(index: int) -> str:
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class _Range:
    sheet: str
    top: int
    left: int
    bottom: int
    right: int

    @property
    def single(self) -> bool:
        return self.top == self.bottom and self.left == self.right


class Evaluator:
    """Computes Formula cells of one workbook; `grid(title)` gives a sheet's Grid (None for no such sheet)."""

    def __init__(self, sheetnames: list[str], grid: Callable[[str], Grid | None]):
        self._titles = {name.casefold(): name for name in sheetnames}
        self._grid = grid
        self._memo: dict[tuple[str, int, int], Any] = {}
        self._active: set[tuple[str, int, int]] = set()
        self._work = 0

    def value(self, formula: Formula) -> Decimal | str:
        """The formula's value: a Decimal, an ExcelError, or the text of a cell it refers to (`='Data'!B5` copying
        a program's name); CannotEvaluate when lkip-xls cannot compute it."""
        result = self._formula(formula, 0)
        if result is None:
            return Decimal(0)  # a reference to an empty cell shows 0
        if isinstance(result, (Decimal, str)):
            return result
        raise CannotEvaluate("not a number")

    def _formula(self, formula: Formula, depth: int) -> Any:
        key = (formula.sheet, formula.row, formula.column)
        if key in self._memo:
            outcome = self._memo[key]
            if isinstance(outcome, CannotEvaluate):
                raise outcome
            return outcome
        if key in self._active:
            raise CannotEvaluate("circular reference")
        if depth > MAX_DEPTH:
            raise CannotEvaluate("formulas nested too deep")
        self._active.add(key)
        try:
            try:
                outcome = _Parser(self, formula, depth).run()
                if isinstance(outcome, Decimal):
                    outcome = Decimal(significant(outcome))
            except ArithmeticError as exc:  # a Decimal overflow: numbers no budget holds
                raise CannotEvaluate("number out of range") from exc
            except RecursionError as exc:  # pragma: no cover - the limits above come first
                raise CannotEvaluate("formulas nested too deep") from exc
        except CannotEvaluate as exc:
            if exc.cell is None:
                exc.cell = key
            self._memo[key] = exc
            raise
        finally:
            self._active.discard(key)
        self._memo[key] = outcome
        return outcome

    def origin(self, sheet: str, row: int, column: int) -> tuple[str, int, int]:
        """Where a value that cannot be read comes from: the first cell its formula refers to that cannot be read
        either (followed to its own origin), or the cell itself. One broken cell is then reported once, not at
        every total built on it."""
        seen: set[tuple[str, int, int]] = set()
        here = (sheet, row, column)
        while here not in seen:
            seen.add(here)
            try:
                value = self.grid(here[0]).cells.get(here[1:])
                if isinstance(value, Formula):
                    self._formula(value, 0)  # an error value: look for the cell it comes from
            except CannotEvaluate as exc:
                return exc.cell or here  # the formula that failed by itself
            found = self._unreadable_reference(*here)
            if found is None:
                return here
            here = found
        return here

    def _unreadable_reference(self, sheet: str, row: int, column: int) -> tuple[str, int, int] | None:
        try:
            value = self.grid(sheet).cells.get((row, column))
            text = value.text if isinstance(value, Formula) else getattr(value, "formula", None)
            if not text:
                return None
            for kind, token, _ in tokens(text.lstrip("=")):
                if kind != "ref":
                    continue
                area = _reference(token, sheet, self.sheet_title)
                for r, c in self._filled(area):
                    if self._cannot_read(area.sheet, r, c):
                        return (area.sheet, r, c)
        except CannotEvaluate:
            return None
        return None

    def _cannot_read(self, sheet: str, row: int, column: int) -> bool:
        """Whether a cell holds an error value, stored or computed."""
        value = self.grid(sheet).cells.get((row, column))
        if isinstance(value, ExcelError):
            return True
        if isinstance(value, Formula):
            try:
                return isinstance(self._formula(value, 0), ExcelError)
            except CannotEvaluate:
                return False
        return False

    def sheet_title(self, name: str) -> str:
        title = self._titles.get(name.casefold())
        if title is None:
            raise CannotEvaluate(f"no sheet {name!r}")
        return title

    def grid(self, title: str) -> Grid:
        grid = self._grid(title)
        if grid is None:
            raise CannotEvaluate(f"sheet {title!r} cannot be read")
        return grid

    def cell(self, sheet: str, row: int, column: int, depth: int) -> Any:
        """A referenced cell's value: None (empty), Decimal, str, bool or ExcelError."""
        self.spend(1)
        value = self.grid(sheet).cells.get((row, column))
        if isinstance(value, Formula):
            return self._formula(value, depth + 1)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Decimal(significant(Decimal(repr(value)) if isinstance(value, float) else Decimal(value)))
        return value

    def cells(self, area: _Range, depth: int) -> Iterator[tuple[int, int, Any]]:
        """(row, column, value) of the non-empty cells of a range, row by row."""
        for row, column in self._filled(area):
            yield row, column, self.cell(area.sheet, row, column, depth)

    def _filled(self, area: _Range) -> Iterator[tuple[int, int]]:
        """The coordinates of a range's non-empty cells, row by row; the work is counted."""
        grid = self.grid(area.sheet)
        bottom, right = min(area.bottom, grid.max_row), min(area.right, grid.max_column)
        size = max(0, bottom - area.top + 1) * max(0, right - area.left + 1)
        if size <= 4 * len(grid.cells) + 16:
            self.spend(size)
            coordinates: Any = ((r, c) for r in range(area.top, bottom + 1) for c in range(area.left, right + 1))
        else:  # a whole column or a huge range: walk the cells the sheet has
            self.spend(len(grid.cells))
            coordinates = sorted(k for k in grid.cells if area.top <= k[0] <= bottom and area.left <= k[1] <= right)
        return (k for k in coordinates if k in grid.cells)

    def spend(self, amount: int) -> None:
        self._work += amount
        if self._work > MAX_WORK:
            raise CannotEvaluate("too much to compute")


_ROUNDING = {"ROUND": ROUND_HALF_UP, "ROUNDUP": ROUND_UP, "ROUNDDOWN": ROUND_DOWN}
_MAX_ROW, _MAX_COLUMN = 1_048_576, 16_384


class _Parser:
    """Recursive descent over one formula's tokens, computing as it goes (Excel's precedence: unary minus,
    %, ^ is refused, then * /, then + -)."""

    def __init__(self, evaluator: Evaluator, formula: Formula, depth: int):
        self.evaluator = evaluator
        self.formula = formula
        self.depth = depth
        text = formula.text.strip()
        if text.startswith("="):
            text = text[1:]
        if len(text) > MAX_TEXT:
            raise CannotEvaluate("formula too long")
        self.tokens = list(tokens(text))
        self.position = 0
        self.nesting = 0

    def run(self) -> Any:
        if not self.tokens:
            raise CannotEvaluate("empty formula")
        value = self.scalar(self.expression())
        if self.position != len(self.tokens):
            raise CannotEvaluate(f"unexpected {self.tokens[self.position][1]!r}")
        return value

    # -- token helpers
    def peek(self) -> tuple[str, str] | None:
        if self.position < len(self.tokens):
            kind, text, _ = self.tokens[self.position]
            return kind, text
        return None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise CannotEvaluate("formula ends too early")
        self.position += 1
        return token

    def expect(self, text: str) -> None:
        kind, found = self.take()
        if found != text:
            raise CannotEvaluate(f"expected {text!r}, found {found!r}")

    def at(self, *texts: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "op" and token[1] in texts

    # -- grammar
    def expression(self) -> Any:
        value = self.term()
        while self.at("+", "-"):
            operator = self.take()[1]
            right = self.term()
            value = _arith(operator, self.number(value), self.number(right))
        if self.at("&", "=", "<", ">"):
            raise CannotEvaluate("text or comparison operators")
        return value

    def term(self) -> Any:
        value = self.unary()
        while self.at("*", "/"):
            operator = self.take()[1]
            right = self.unary()
            value = _arith(operator, self.number(value), self.number(right))
        return value

    def unary(self) -> Any:
        if self.at("-", "+"):
            sign = self.take()[1]
            self.nesting += 1
            if self.nesting > MAX_NESTING:
                raise CannotEvaluate("too many signs")
            try:
                value = self.number(self.unary())
            finally:
                self.nesting -= 1
            return value if isinstance(value, ExcelError) or sign == "+" else -value
        value = self.primary()
        while self.at("%"):
            self.take()
            value = self.number(value)
            value = value if isinstance(value, ExcelError) else value / 100
        if self.at("^"):
            raise CannotEvaluate("powers")
        return value

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "number":
            return Decimal(text)
        if kind == "ref":
            return self.reference(text)
        if kind == "error":
            return ExcelError(text.upper())
        if kind == "func" or (kind == "op" and text == "("):
            self.nesting += 1
            if self.nesting > MAX_NESTING:
                raise CannotEvaluate("formula nested too deep")
            try:
                if kind == "func":
                    return self.function(text.upper().removeprefix("_XLFN."))
                value = self.expression()
                self.expect(")")
                return value
            finally:
                self.nesting -= 1
        if kind == "bool":
            return text.upper() == "TRUE"
        raise CannotEvaluate(f"{text!r} is not arithmetic lkip-xls computes")

    def reference(self, text: str) -> _Range:
        return _reference(text, self.formula.sheet, self.evaluator.sheet_title)

    def function(self, name: str) -> Any:
        self.expect("(")
        arguments: list[Any] = []
        if not self.at(")"):
            arguments.append(self.expression())
            while self.at(",", ";"):
                self.take()
                arguments.append(self.expression())
        self.expect(")")
        if name == "SUM":
            return self.total(arguments, skip_subtotals=False, skip_hidden=False)
        if name == "SUBTOTAL":
            if not arguments:
                raise CannotEvaluate("SUBTOTAL without arguments")
            kind = self.number(arguments[0])
            if isinstance(kind, ExcelError):
                return kind
            if kind not in (9, 109):
                raise CannotEvaluate(f"SUBTOTAL({kind})")
            return self.total(arguments[1:], skip_subtotals=True, skip_hidden=kind == 109)
        if name in _ROUNDING:
            if len(arguments) != 2:
                raise CannotEvaluate(f"{name} takes 2 arguments")
            value, places = self.number(arguments[0]), self.number(arguments[1])
            for item in (value, places):
                if isinstance(item, ExcelError):
                    return item
            digits = int(places)  # Excel truncates the number of digits
            try:
                return value.quantize(Decimal(1).scaleb(-digits), rounding=_ROUNDING[name])
            except InvalidOperation as exc:
                raise CannotEvaluate(f"{name} out of range") from exc
        raise CannotEvaluate(f"function {name}")

    def total(self, arguments: list[Any], skip_subtotals: bool, skip_hidden: bool) -> Any:
        """SUM: numbers of ranges (text, booleans and empty cells left out), and direct values."""
        result = Decimal(0)
        for argument in arguments:
            if isinstance(argument, _Range):
                grid = self.evaluator.grid(argument.sheet)
                for row, column, value in self.evaluator.cells(argument, self.depth):
                    if skip_subtotals and (row, column) in grid.subtotals:
                        continue
                    if skip_hidden and row in grid.hidden_rows:
                        continue
                    if isinstance(value, ExcelError):
                        return value
                    if isinstance(value, Decimal):
                        result += value
                continue
            value = self.number(argument)
            if isinstance(value, ExcelError):
                return value
            result += value
        return result

    # -- values
    def scalar(self, value: Any) -> Any:
        if isinstance(value, _Range):
            if not value.single:
                raise CannotEvaluate("a range where one value is needed")
            return self.evaluator.cell(value.sheet, value.top, value.left, self.depth)
        return value

    def number(self, value: Any) -> Decimal | ExcelError:
        """A value in arithmetic: empty is 0, TRUE is 1, text that is a plain number is that number."""
        value = self.scalar(value)
        if value is None:
            return Decimal(0)
        if isinstance(value, ExcelError):
            return value
        if isinstance(value, bool):
            return Decimal(int(value))
        if isinstance(value, Decimal):
            return value
        if isinstance(value, (int, float)):
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if isinstance(value, str):
            text = value.strip()
            if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", text):
                return Decimal(text)
            raise CannotEvaluate(f"text {value[:20]!r} in arithmetic")
        raise CannotEvaluate(f"value {value!r}")


def _reference(text: str, sheet: str, sheet_title: Callable[[str], str]) -> _Range:
    """A reference token ("'Data Pagu'!$B$2:B9", "D5") as a range of `sheet` unless it names its own."""
    sheet_part, _, body = text.rpartition("!")
    if sheet_part:
        name = sheet_part[1:-1].replace("''", "'") if sheet_part.startswith("'") else sheet_part
        sheet = sheet_title(name)
    first, _, second = body.partition(":")
    top, left = _corner(first, low=True)
    bottom, right = _corner(second or first, low=False)
    if not second:
        bottom, right = top, left
    if top > bottom:
        top, bottom = bottom, top
    if left > right:
        left, right = right, left
    return _Range(sheet, top, left, bottom, right)


def _corner(part: str, low: bool) -> tuple[int, int]:
    match = _PART.fullmatch(part)
    if match is None or not (match.group(2) or match.group(4)):
        raise CannotEvaluate(f"reference {part!r}")
    _, letters, _, digits = match.groups()
    column = column_index(letters) if letters else (1 if low else _MAX_COLUMN)
    row = int(digits) if digits else (1 if low else _MAX_ROW)
    if row < 1:
        raise CannotEvaluate(f"reference {part!r}")
    return row, column


def _arith(operator: str, left: Decimal | ExcelError, right: Decimal | ExcelError) -> Decimal | ExcelError:
    if isinstance(left, ExcelError):
        return left
    if isinstance(right, ExcelError):
        return right
    try:
        if operator == "+":
            return left + right
        if operator == "-":
            return left - right
        if operator == "*":
            return left * right
        if right == 0:
            return ExcelError("#DIV/0!")
        return left / right
    except ArithmeticError as exc:
        raise CannotEvaluate("number out of range") from exc
