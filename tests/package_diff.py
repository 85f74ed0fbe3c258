"""Compare two OOXML packages part by part (a test helper, importable by any test).

`diff_packages(a, b)` reports the parts added, removed and changed (by uncompressed bytes). For a changed
worksheet part it also says which cells differ (`<c>` compared canonically, cell by cell) and which other
elements differ: the worksheet's children other than `<sheetData>` (canonical XML, by local name), the root's
attributes ("@root"), and rows whose own attributes differ ("row:N"). `styles_appended_only(a, b)` lists
every way a styles part changed other than entries appended to a collection and `count` attributes.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass
class PartChange:
    name: str
    cells: set[str] = field(default_factory=set)
    elements: set[str] = field(default_factory=set)


@dataclass
class PackageDiff:
    added: set[str]
    removed: set[str]
    changed: dict[str, PartChange]

    @property
    def changed_names(self) -> set[str]:
        return set(self.changed)


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def content_types(parts: dict[str, bytes]) -> dict[str, str]:
    """Part name -> content type, from Default and Override entries."""
    root = etree.fromstring(parts["[Content_Types].xml"], _PARSER)
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "") for el in root if _local(el) == "Default"}
    overrides = {el.get("PartName", "").lstrip("/").lower(): el.get("ContentType", "")
                 for el in root if _local(el) == "Override"}
    result = {}
    for name in parts:
        kind = overrides.get(name.lower())
        if kind is None:
            kind = defaults.get(name.rpartition(".")[2].lower(), "")
        result[name] = kind
    return result


def _local(el: etree._Element) -> str:
    return el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""


def canonical(el: etree._Element) -> bytes:
    return etree.tostring(el, method="c14n")


def canonical_part(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data, _PARSER), method="c14n")


def sheet_cells(root: etree._Element) -> tuple[dict[str, bytes], dict[str, tuple]]:
    """Cells (coordinate -> canonical <c>) and rows (number -> attributes) of a worksheet root."""
    cells: dict[str, bytes] = {}
    rows: dict[str, tuple] = {}
    data = root.find(f"{{{MAIN}}}sheetData")
    if data is None:
        return cells, rows
    for row in data:
        if _local(row) != "row":
            continue
        rows[row.get("r", "")] = tuple(sorted(row.attrib.items()))
        for c in row:
            if _local(c) == "c":
                cells[c.get("r", "")] = canonical(c)
    return cells, rows


def sheet_changes(a: bytes, b: bytes) -> tuple[set[str], set[str]]:
    """(cells whose <c> differs, other elements that differ) between two worksheet parts."""
    root_a, root_b = etree.fromstring(a, _PARSER), etree.fromstring(b, _PARSER)
    cells_a, rows_a = sheet_cells(root_a)
    cells_b, rows_b = sheet_cells(root_b)
    cells = {ref for ref in set(cells_a) | set(cells_b) if cells_a.get(ref) != cells_b.get(ref)}
    elements = {f"row:{number}" for number in set(rows_a) | set(rows_b)
                if rows_a.get(number) != rows_b.get(number) and number in rows_a and number in rows_b}
    elements |= {f"row:{number}" for number in set(rows_a) ^ set(rows_b)}
    if dict(root_a.attrib) != dict(root_b.attrib) or root_a.nsmap != root_b.nsmap:
        elements.add("@root")

    def children(root: etree._Element) -> Counter:
        return Counter((_local(child) or "#", canonical(child)) for child in root
                       if isinstance(child.tag, str) and _local(child) != "sheetData")

    difference = (children(root_a) - children(root_b)) + (children(root_b) - children(root_a))
    elements |= {name for name, _ in difference}
    return cells, elements


def diff_packages(a: Path | dict[str, bytes], b: Path | dict[str, bytes]) -> PackageDiff:
    parts_a = a if isinstance(a, dict) else read_parts(a)
    parts_b = b if isinstance(b, dict) else read_parts(b)
    types_b = content_types(parts_b)
    changed = {}
    for name in set(parts_a) & set(parts_b):
        if parts_a[name] == parts_b[name]:
            continue
        change = PartChange(name)
        if types_b.get(name) == WORKSHEET:
            change.cells, change.elements = sheet_changes(parts_a[name], parts_b[name])
        changed[name] = change
    return PackageDiff(set(parts_b) - set(parts_a), set(parts_a) - set(parts_b), changed)


def styles_appended_only(a: bytes, b: bytes) -> list[str]:
    """Problems found: anything in styles `b` that is not `a` plus appended entries and updated counts."""
    root_a, root_b = etree.fromstring(a, _PARSER), etree.fromstring(b, _PARSER)
    problems = []
    children_a = {_local(el): el for el in root_a if isinstance(el.tag, str)}
    children_b = {_local(el): el for el in root_b if isinstance(el.tag, str)}
    for name in set(children_a) - set(children_b):
        problems.append(f"{name} removed")
    for name, el_b in children_b.items():
        el_a = children_a.get(name)
        entries_b = [canonical(child) for child in el_b if isinstance(child.tag, str)]
        if el_a is None:
            if name != "numFmts":
                problems.append(f"{name} added")
            continue
        entries_a = [canonical(child) for child in el_a if isinstance(child.tag, str)]
        if entries_b[:len(entries_a)] != entries_a:
            problems.append(f"{name}: existing entries changed")
        attributes_a = {k: v for k, v in el_a.attrib.items() if k != "count"}
        attributes_b = {k: v for k, v in el_b.attrib.items() if k != "count"}
        if attributes_a != attributes_b:
            problems.append(f"{name}: attributes changed")
        if el_b.get("count") is not None and el_b.get("count") != str(len(entries_b)):
            problems.append(f"{name}: count {el_b.get('count')} for {len(entries_b)} entries")
    return problems


def raw_members(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """Member name -> (CRC, compressed size, compressed bytes), read from the local headers."""
    import struct

    result = {}
    with zipfile.ZipFile(path) as archive, open(path, "rb") as handle:
        for info in archive.infolist():
            handle.seek(info.header_offset)
            header = handle.read(30)
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            handle.seek(info.header_offset + 30 + name_length + extra_length)
            result[info.filename] = (info.CRC, info.compress_size, handle.read(info.compress_size))
    return result
