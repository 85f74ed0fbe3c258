"""The narrative of the summary workbook: the figures of `rules.facts` rendered with Jinja2.

Every sentence lives in `templates/<lang>/ringkasan.j2`. The rendered text is a list of blocks, renderer-neutral
(the summary sheet and the Word draft render the same list). Each block is a small frozen dataclass with a
`kind` and a `text`:

- `draft` (`Block`, line `!! text`): the draft mark at the top while errors remain ("DRAF — masih ada 4
  kesalahan"); render it so that nobody pastes it by mistake.
- `title` (`# text`), `section` (`## text`, a chapter part), `heading` (`### text`, one sasaran),
  `paragraph` (any other line; a blank line ends it), `bullet` (`- text`), `note` (`> text`): all `Block`.
- `table` (`Table`): `|= caption` opens it, `|# a | b` gives the header, `|< l | r` the alignment per column,
  `| a | b` one row. `text` is the caption ("Tabel 3.1 ..."), `header` the column names, `rows` the cells
  (strings, already formatted), `align` "l" or "r" per column.
- `placeholder` (`Placeholder`, line `?? label :: hint`): a part the agency writes itself; `label` is what it
  is ("Faktor pendukung"), `hint` the bracketed hint ("[diisi OPD: ...]"), `text` both ("Faktor pendukung:
  [diisi OPD: ...]") for a renderer that knows only `Block`; render it distinctly.

Lines that follow a marker line without a blank line continue its block. In a table line cells are separated
by `|`; agency text in a cell goes through the `cell` filter, which escapes `|` and `\\` with a backslash.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined

from .. import __version__
from ..rules import calc
from ..rules.analysis import Analysis
from ..rules.facts import Facts, facts
from . import format as fmt
from . import plan
from .words import counted, is_percent_unit, ordinal, quantity, spell, target_quantity, terbilang


@dataclass(frozen=True)
class Block:
    kind: str  # draft | title | section | heading | paragraph | bullet | note | table | placeholder
    text: str


@dataclass(frozen=True)
class Table(Block):
    """A numbered table: `text` is the caption; every cell a formatted string."""

    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    align: tuple[str, ...] = ()  # "l" | "r" per column


@dataclass(frozen=True)
class Placeholder(Block):
    """A part of the report the agency writes itself: `label` is what it is, `hint` the bracketed hint, `text`
    the two as one line."""

    label: str = ""
    hint: str = ""


_MARKERS = (("!! ", "draft"), ("# ", "title"), ("## ", "section"), ("### ", "heading"), ("- ", "bullet"),
            ("> ", "note"), ("?? ", "placeholder"), ("|= ", "table"))
_SPACE_BEFORE = re.compile(r"\s+([,.;:)])")
_SPACE_AFTER = re.compile(r"\(\s+")
_SPACES = re.compile(r"[ \t]+")


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept in the user's cache folder (compiling them costs a fifth of a second per run);
    no cache at all where that folder cannot be written."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lkip-xls" / f"jinja-{__version__}"
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(base)) if os.access(base, os.W_OK) else None


@cache
def environment(lang: str) -> Environment:
    env = Environment(loader=PackageLoader("lkip_xls.text", "templates"), autoescape=False, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      bytecode_cache=_bytecode_cache())
    env.filters.update({
        "num": lambda v, places=None: fmt.number(v, lang, places),
        "pct": lambda v: fmt.percent(v, lang),
        "rp": lambda v: fmt.rupiah(v, lang),
        "words": lambda n: spell(n, lang),
        "counted": lambda n: counted(n, lang),
        "terbilang": lambda v: terbilang(v, lang),
        "ordinal": lambda n: ordinal(n, lang),
        "qty": lambda v, unit: quantity(v, unit, lang),
        "target": lambda t, unit: target_quantity(t, unit, lang),
        "points": lambda v: fmt.number(v, lang, 2),
        "cell": lambda v: str(v).replace("\\", "\\\\").replace("|", "\\|"),
        "instansi": lambda agency, government: fmt.agency_name(agency, government),
    })
    env.filters.update({  # a Data Dukung row (rules.plan_facts.EvidenceFacts) as a report prints it
        "rumus": lambda e: plan.rule_text(e.formula, lang).split(" = ", 1)[0],
        "labelled": lambda e: plan.labelled_rule(e.formula, e.label_a, e.label_b, lang),
        "worked": lambda e: plan.worked_formula(e.formula, e.value_a, e.value_b, e.result, lang),
    })
    env.globals.update(year_on_year_rows=plan.year_on_year_rows, stated_evidence=plan.stated_evidence)
    env.tests["percent_unit"] = is_percent_unit
    env.tests["extreme"] = calc.is_extreme  # a capaian the text never states as an achievement
    return env


def render_text(the_facts: Facts, lang: str = "id") -> str:
    """The summary's narrative as marked-up text (see the module docstring), in `lang`."""
    template = environment(lang).get_template(f"{lang}/ringkasan.j2")
    return template.render(f=the_facts)


def _cells(line: str) -> tuple[str, ...]:
    """The cells of one table line: split at `|`, where `\\x` stands for x (see the `cell` filter)."""
    if "\\" not in line:  # nothing escaped (most lines): the same cells as the loop below, at C speed
        return tuple(_tidy(c) for c in line.split("|"))
    cells, current, chars = [], [], iter(line)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
    cells.append("".join(current))
    return tuple(_tidy(c) for c in cells)


def blocks(text: str) -> list[Block]:
    """Split rendered text into blocks (see the module docstring): a marker line opens a block, the lines that
    follow it without a blank line continue it; table lines (`|# `, `| `) add to the table just opened."""
    found: list[Block] = []
    kind: str | None = None
    lines: list[str] = []
    table: dict | None = None

    def flush() -> None:
        nonlocal kind, table
        if table is not None:
            found.append(Table("table", _tidy(table["caption"]), table["header"], tuple(table["rows"]),
                               table["align"]))
            table = None
        elif kind == "placeholder" and lines:
            label, _, hint = " ".join(lines).partition("::")
            label, hint = _tidy(label), _tidy(hint)
            found.append(Placeholder("placeholder", f"{label}: {hint}", label=label, hint=hint))
        elif kind is not None and lines:
            found.append(Block(kind, _tidy(" ".join(lines))))
        kind = None
        lines.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if table is not None and line.startswith("|# "):
            table["header"] = _cells(line[3:])
            continue
        if table is not None and line.startswith("|< "):
            table["align"] = tuple(c.strip() for c in line[3:].split("|"))
            continue
        if table is not None and line.startswith("| "):
            table["rows"].append(_cells(line[2:]))
            continue
        marked = next((k for marker, k in _MARKERS if line.startswith(marker)), None)
        if marked is not None:
            flush()
            kind = marked
            line = line.split(" ", 1)[1]
            if marked == "table":
                table = {"caption": line, "header": (), "rows": [], "align": ()}
                continue
        elif kind is None:
            kind = "paragraph"
        lines.append(line)
    flush()
    return [b for b in found if b.text or isinstance(b, Table)]


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_AFTER.sub("(", _SPACE_BEFORE.sub(r"\1", text))


def render(analysis: Analysis, lang: str = "id", file: str | None = None) -> list[Block]:
    """The narrative of one analysed workbook, as blocks of text in `lang`."""
    return blocks(render_text(facts(analysis, file), lang))
