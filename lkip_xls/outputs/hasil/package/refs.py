"""Cell references and column letters; a shared formula moved to another cell."""

from __future__ import annotations

import functools
import re

from .ooxml import MAX_COL, MAX_ROW

_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


@functools.lru_cache(maxsize=MAX_COL)
def col_letters(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@functools.lru_cache(maxsize=4096)
def _col_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


@functools.lru_cache(maxsize=65536)
def split_ref(ref: str) -> tuple[int, int]:
    """"H5" -> (5, 8)."""
    match = _CELL_REF.match(ref.strip())
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    row, col = int(match.group(2)), _col_number(match.group(1))
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        raise ValueError(f"cell reference out of range: {ref!r}")
    return row, col


_REF_AT = re.compile(
    r"(?P<c1>\$?)(?P<col>[A-Za-z]{1,3})(?P<r1>\$?)(?P<row>[0-9]{1,7})"
    r"|(?P<cc1>\$?)(?P<colA>[A-Za-z]{1,3}):(?P<cc2>\$?)(?P<colB>[A-Za-z]{1,3})"
    r"|(?P<rr1>\$?)(?P<rowA>[0-9]{1,7}):(?P<rr2>\$?)(?P<rowB>[0-9]{1,7})")
_NAME_CHAR = re.compile(r"[A-Za-z0-9_.\\?$]")


def _closing_quote(formula: str, start: int) -> int:
    """The index of the quote that closes the one at `start` (a doubled quote stands for itself), or the
    formula's end when none does."""
    quote, end = formula[start], start + 1
    while end < len(formula):
        if formula[end] == quote:
            if end + 1 < len(formula) and formula[end + 1] == quote:
                end += 2
                continue
            break
        end += 1
    return end


def shift_formula(formula: str, drow: int, dcol: int) -> str:
    """A shared formula's text moved by (drow, dcol): relative A1 references shift, absolute ones stay."""
    out: list[str] = []
    index = 0
    length = len(formula)

    def shift_col(dollar: str, letters: str) -> str | None:
        number = _col_number(letters)
        if not dollar:
            number += dcol
        return None if not 1 <= number <= MAX_COL else dollar + col_letters(number)

    def shift_row(dollar: str, digits: str) -> str | None:
        number = int(digits)
        if not dollar:
            number += drow
        return None if not 1 <= number <= MAX_ROW else dollar + str(number)

    while index < length:
        char = formula[index]
        if char in "\"'":  # a string or a quoted sheet name, copied as it is
            end = _closing_quote(formula, index)
            out.append(formula[index:end + 1])
            index = end + 1
            continue
        if char == "[":
            depth, end = 0, index
            while end < length:
                if formula[end] == "[":
                    depth += 1
                elif formula[end] == "]":
                    depth -= 1
                    if depth == 0:
                        break
                end += 1
            out.append(formula[index:end + 1])
            index = end + 1
            continue
        previous = formula[index - 1] if index else ""
        if _NAME_CHAR.match(char) and not (previous and _NAME_CHAR.match(previous) and previous != "$"):
            match = _REF_AT.match(formula, index)
            if match:
                end = match.end()
                following = formula[end] if end < length else ""
                if not (following and (_NAME_CHAR.match(following) or following in "(!")):
                    replaced: str | None
                    if match.group("col"):
                        col = _col_number(match.group("col"))
                        row = int(match.group("row"))
                        if col > MAX_COL or row > MAX_ROW or row == 0:
                            replaced = match.group()
                        else:
                            a = shift_col(match.group("c1"), match.group("col"))
                            b = shift_row(match.group("r1"), match.group("row"))
                            replaced = None if a is None or b is None else a + b
                    elif match.group("colA"):
                        a = shift_col(match.group("cc1"), match.group("colA"))
                        b = shift_col(match.group("cc2"), match.group("colB"))
                        replaced = None if a is None or b is None else f"{a}:{b}"
                    else:
                        a = shift_row(match.group("rr1"), match.group("rowA"))
                        b = shift_row(match.group("rr2"), match.group("rowB"))
                        replaced = None if a is None or b is None else f"{a}:{b}"
                    out.append("#REF!" if replaced is None else replaced)
                    index = end
                    continue
            end = index
            while end < length and _NAME_CHAR.match(formula[end]):
                end += 1
            out.append(formula[index:end])
            index = end
            continue
        out.append(char)
        index += 1
    return "".join(out)
