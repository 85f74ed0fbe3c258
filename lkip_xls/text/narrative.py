"""The narrative of the summary workbook: the figures of `rules.facts` rendered with Jinja2.

Every sentence lives in `templates/<lang>/ringkasan.j2`. The rendered text is a list of blocks, one per line
kind: a line starting with `# ` is the title, `## ` a section heading, `### ` a sub-heading, `- ` a bullet,
`> ` a note; other lines form paragraphs, which end at a blank line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined

from .. import __version__
from ..rules.analysis import Analysis
from ..rules.facts import Facts, facts
from . import causes
from . import format as fmt
from .words import counted, is_percent_unit, ordinal, quantity, spell, target_quantity, terbilang


@dataclass(frozen=True)
class Block:
    kind: str  # title | section | heading | paragraph | bullet | note
    text: str


_MARKERS = (("# ", "title"), ("## ", "section"), ("### ", "heading"), ("- ", "bullet"), ("> ", "note"))
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
        "witnesses": lambda keys: causes.listing([causes.witness_text(k, lang) for k in keys], lang),
    })
    env.tests["percent_unit"] = is_percent_unit
    return env


def render_text(the_facts: Facts, lang: str = "id") -> str:
    """The summary's narrative as marked-up text (see the module docstring), in `lang`."""
    template = environment(lang).get_template(f"{lang}/ringkasan.j2")
    return template.render(f=the_facts)


def blocks(text: str) -> list[Block]:
    """Split rendered text into blocks (see the module docstring): a marker line opens a block, the lines that
    follow it without a blank line continue it."""
    found: list[Block] = []
    kind: str | None = None
    lines: list[str] = []

    def flush() -> None:
        nonlocal kind
        if kind is not None and lines:
            found.append(Block(kind, _tidy(" ".join(lines))))
        kind = None
        lines.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        marked = next((k for marker, k in _MARKERS if line.startswith(marker)), None)
        if marked is not None:
            flush()
            kind = marked
            line = line.split(" ", 1)[1]
        elif kind is None:
            kind = "paragraph"
        lines.append(line)
    flush()
    return [b for b in found if b.text]


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    return _SPACE_AFTER.sub("(", _SPACE_BEFORE.sub(r"\1", text))


def render(analysis: Analysis, lang: str = "id", file: str | None = None) -> list[Block]:
    """The narrative of one analysed workbook, as blocks of text in `lang`."""
    return blocks(render_text(facts(analysis, file), lang))
