"""The package: its parts (read lazily, parsed once), relationships and content types."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from .ooxml import CT_NS, CT_RELS, PKG_REL, _q, _XmlPart
from .zipio import _ZipWriter, read_raw


@dataclass
class _Rel:
    id: str
    type: str
    part: str | None  # resolved part name; None when external
    el: etree._Element

    @property
    def kind(self) -> str:
        return self.type.rstrip("/").rpartition("/")[2]


def _rels_name(source: str) -> str:
    directory, _, base = source.rpartition("/")
    return f"{directory}/_rels/{base}.rels" if directory else f"_rels/{base}.rels"


class _Rels:
    def __init__(self, pkg: _Package, source: str):
        self.pkg = pkg
        self.source = source
        self.name = _rels_name(source)
        self.xml: _XmlPart | None = pkg.xml(self.name) if pkg.exists(self.name) else None

    def items(self) -> list[_Rel]:
        if self.xml is None:
            return []
        rels = []
        for el in self.xml.root.iter(_q(PKG_REL, "Relationship")):
            part = None
            if el.get("TargetMode", "Internal") != "External":
                part = self.pkg.resolve(self.source, el.get("Target", ""))
            rels.append(_Rel(el.get("Id", ""), el.get("Type", ""), part, el))
        return rels

    def of_kind(self, kind: str) -> list[_Rel]:
        return [rel for rel in self.items() if rel.kind == kind]

    def by_id(self, rid: str | None) -> _Rel | None:
        for rel in self.items():
            if rel.id == rid:
                return rel
        return None

    def add(self, type_uri: str, part: str) -> str:
        if self.xml is None:
            self.xml = self.pkg.create_xml(
                self.name, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                           b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
            self.pkg.content_types.ensure(self.name, CT_RELS)
        used = {rel.id for rel in self.items()}
        number = 1
        while f"rId{number}" in used:
            number += 1
        rid = f"rId{number}"
        start = posixpath.dirname(self.source) or "."
        etree.SubElement(self.xml.root, _q(PKG_REL, "Relationship"),
                         {"Id": rid, "Type": type_uri, "Target": posixpath.relpath(part, start)})
        self.xml.dirty = True
        return rid

    def remove(self, rid: str) -> None:
        rel = self.by_id(rid)
        if rel is not None and self.xml is not None:
            self.xml.root.remove(rel.el)
            self.xml.dirty = True


class _ContentTypes:
    NAME = "[Content_Types].xml"

    def __init__(self, pkg: _Package):
        self.xml = pkg.xml(self.NAME)
        self.root = self.xml.root
        self.ns = etree.QName(self.root).namespace or CT_NS

    def _override(self, part: str) -> etree._Element | None:
        wanted = "/" + part.lower()
        for el in self.root.iter(_q(self.ns, "Override")):
            if el.get("PartName", "").lower() == wanted:
                return el
        return None

    def _default(self, part: str) -> str | None:
        extension = part.rpartition(".")[2].lower() if "." in part.rpartition("/")[2] else ""
        for el in self.root.iter(_q(self.ns, "Default")):
            if el.get("Extension", "").lower() == extension:
                return el.get("ContentType")
        return None

    def of(self, part: str) -> str | None:
        override = self._override(part)
        return override.get("ContentType") if override is not None else self._default(part)

    def ensure(self, part: str, content_type: str) -> None:
        if self.of(part) == content_type:
            return
        override = self._override(part)
        if override is not None:
            override.set("ContentType", content_type)
        else:
            etree.SubElement(self.root, _q(self.ns, "Override"), {"PartName": "/" + part, "ContentType": content_type})
        self.xml.dirty = True

    def remove(self, part: str) -> None:
        override = self._override(part)
        if override is not None:
            self.root.remove(override)
            self.xml.dirty = True


class _Package:
    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        self.infos = self.zip.infolist()
        self.original: dict[str, zipfile.ZipInfo] = {}
        for info in self.infos:
            if info.filename in self.original:
                raise ValueError(f"duplicate zip member {info.filename!r}")
            if info.flag_bits & 0x1:
                raise ValueError("encrypted package")
            self.original[info.filename] = info
        self.lower = {name.lower(): name for name in self.original}
        self.data: dict[str, bytes] = {}
        self.new_order: list[str] = []
        self.removed: set[str] = set()
        self.xml_parts: dict[str, _XmlPart] = {}
        self.rels_cache: dict[str, _Rels] = {}
        self.originals: dict[str, bytes] = {}  # member -> its bytes, as read
        if _ContentTypes.NAME not in self.original:
            raise ValueError("not an OOXML package: [Content_Types].xml is missing")
        self.content_types = _ContentTypes(self)

    def close(self) -> None:
        self.zip.close()

    # names
    def canonical(self, name: str) -> str:
        return self.lower.get(name.lower(), name)

    def resolve(self, source: str, target: str) -> str:
        target = unquote(target.partition("#")[0])
        if target.startswith("/"):
            name = target.lstrip("/")
        else:
            name = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
        return self.canonical(name)

    def exists(self, name: str) -> bool:
        name = self.canonical(name)
        return name not in self.removed and (name in self.original or name in self.data)

    def free_name(self, pattern: str) -> str:
        """pattern with {n}: the first name not in use (also not among earlier runs' removed parts now)."""
        number = 1
        while self.exists(pattern.format(n=number)) or pattern.format(n=number).lower() in self._pending_lower():
            number += 1
        return pattern.format(n=number)

    def _pending_lower(self) -> set[str]:
        return {name.lower() for name in self.data if name not in self.removed}

    def all_parts(self) -> list[str]:
        names = [name for name in self.original if name not in self.removed]
        names += [name for name in self.new_order if name not in self.removed and name not in self.original]
        return names

    # content
    def read(self, name: str) -> bytes:
        name = self.canonical(name)
        if name in self.removed:
            raise KeyError(name)
        if name in self.xml_parts and self.xml_parts[name].dirty:
            return self.xml_parts[name].serialize()
        if name in self.data:
            return self.data[name]
        return self.read_original(name)

    def read_original(self, name: str) -> bytes:
        """The uncompressed bytes of the source's member `name` (exactly so named), remembered: a sheet is read
        for its formulas, its rows and its views, and decompressed once."""
        data = self.originals.get(name)
        if data is None:
            data = self.originals[name] = self.zip.read(self.original[name])
        return data

    def xml(self, name: str) -> _XmlPart:
        name = self.canonical(name)
        part = self.xml_parts.get(name)
        if part is None:
            part = _XmlPart(name, self.read(name))
            self.xml_parts[name] = part
        return part

    def create_xml(self, name: str, data: bytes) -> _XmlPart:
        self._register(name)
        self.data[name] = data
        part = _XmlPart(name, data)
        part.dirty = True
        self.xml_parts[name] = part
        return part

    def write(self, name: str, data: bytes) -> None:
        self._register(name)
        self.data[name] = data
        self.xml_parts.pop(name, None)

    def _register(self, name: str) -> None:
        name = self.canonical(name)
        self.removed.discard(name)
        self.lower[name.lower()] = name
        if name not in self.original and name not in self.new_order:
            self.new_order.append(name)

    def remove(self, name: str) -> None:
        name = self.canonical(name)
        self.removed.add(name)
        self.data.pop(name, None)
        self.xml_parts.pop(name, None)
        self.rels_cache.pop(name, None)
        self.content_types.remove(name)

    def rels(self, source: str) -> _Rels:
        rels = self.rels_cache.get(source)
        if rels is None:
            rels = _Rels(self, source)
            self.rels_cache[source] = rels
        return rels

    def remove_with_orphans(self, name: str) -> None:
        """Remove a part, its relationships part, and every part only it (transitively) points to."""
        pending = [name]
        while pending:
            current = pending.pop()
            if not self.exists(current):
                continue
            targets = [rel.part for rel in self.rels(current).items() if rel.part]
            rels_name = _rels_name(current)
            self.remove(current)
            if self.exists(rels_name):
                self.remove(rels_name)
            self.rels_cache.pop(current, None)
            for target in targets:
                if target and self.exists(target) and not self._referenced(target):
                    pending.append(target)

    def _referenced(self, target: str) -> bool:
        for name in self.all_parts():
            if not name.endswith(".rels"):
                continue
            source = self._source_of_rels(name)
            if source is not None and source != "" and not self.exists(source):
                continue
            for rel in self.rels(source if source is not None else "").items():
                if rel.part == target:
                    return True
        return False

    @staticmethod
    def _source_of_rels(rels_name: str) -> str | None:
        directory, _, base = rels_name.rpartition("/")
        if not directory.endswith("_rels") or not base.endswith(".rels"):
            return None
        parent = directory[: -len("_rels")].rstrip("/")
        base = base[: -len(".rels")]
        return f"{parent}/{base}" if parent else base

    # output
    def save(self, target: Path) -> None:
        for part in list(self.xml_parts.values()):
            if part.name.endswith(".rels") and len(part.root) == 0 and part.dirty:
                self.remove(part.name)
        order = self.all_parts()
        if _ContentTypes.NAME in order:
            order.remove(_ContentTypes.NAME)
            order.insert(0, _ContentTypes.NAME)
        writer = _ZipWriter(target)
        ok = False
        try:
            with open(self.zip.filename, "rb") as source:
                for name in order:
                    info = self.original.get(name)
                    part = self.xml_parts.get(name)
                    if part is not None and part.dirty:
                        content = part.serialize()
                    elif name in self.data:
                        content = self.data[name]
                    elif info is not None and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                        writer.copy_raw(info, read_raw(source, info))
                        continue
                    else:
                        content = self.zip.read(info)
                    if info is not None:
                        writer.write(name, content, info.date_time, info.external_attr)
                    else:
                        writer.write(name, content)
            ok = True
        finally:
            writer.close()
            if not ok:
                Path(target).unlink(missing_ok=True)  # never leave half a package behind
