"""The OOXML package as lkip-xls reads it: namespaces, and every part found the way Excel finds it.

No part is found by its usual name. `_rels/.rels` names the workbook part (its officeDocument relationship),
the workbook part's relationships name its worksheets, shared strings, styles and external links, a sheet's
relationships its comments and hyperlinks; `[Content_Types].xml` says what each part is. A decoy
`xl/workbook.xml` beside the workbook part that `_rels/.rels` names is never read. The guard, the streaming
reader and the `_hasil` writer (`outputs.hasil.package`, which follows the same relationships) all read the
same parts. Part names compare without case, as OPC says; a target is resolved against its source's folder.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote

from defusedxml.ElementTree import fromstring

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"

# The content types a workbook part may have (.xlsx, .xlsm, and their templates; Strict uses the same).
WORKBOOK_TYPES = frozenset(
    f"application/vnd.{kind}+xml" for kind in (
        "openxmlformats-officedocument.spreadsheetml.sheet.main",
        "openxmlformats-officedocument.spreadsheetml.template.main",
        "ms-excel.sheet.macroEnabled.main",
        "ms-excel.template.macroEnabled.main",
    ))
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# The namespaces of relationship types (Transitional, Strict): the workbook's r:id attributes are in the one
# its officeDocument relationship uses.
RELATIONSHIP_NAMESPACES = (REL, "http://purl.oclc.org/ooxml/officeDocument/relationships")


class PackageError(ValueError):
    """The package does not hold together (no workbook part, a sheet whose part is missing...): corrupt."""


@dataclass(frozen=True)
class Rel:
    id: str
    type: str
    target: str
    part: str | None  # the part it names inside the package, None for an external target

    @property
    def kind(self) -> str:
        """The last segment of its type: worksheet, sharedStrings, styles, externalLink, hyperlink..."""
        return self.type.rstrip("/").rpartition("/")[2]


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def rels_name(source: str) -> str:
    """The relationships part of a part ("" for the package itself)."""
    directory, _, base = source.rpartition("/")
    return f"{directory}/_rels/{base}.rels" if directory else f"_rels/{base}.rels"


class Package:
    """The parts of an opened zip, found through the content types and the relationships."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.lower = {info.filename.lower(): info.filename for info in archive.infolist()}
        self._rels: dict[str, list[Rel]] = {}

    def find(self, name: str) -> str | None:
        """The member that holds a part name (compared without case), or None."""
        return self.lower.get(name.lower())

    def read(self, name: str) -> bytes:
        member = self.find(name)
        if member is None:
            raise PackageError(f"part {name} is missing")
        return self.archive.read(member)

    def open(self, name: str):
        member = self.find(name)
        if member is None:
            raise PackageError(f"part {name} is missing")
        return self.archive.open(member)

    def resolve(self, source: str, target: str) -> str:
        """A relationship's target as a part name (the writer's rule: fragment dropped, %-escapes undone)."""
        target = unquote(target.partition("#")[0])
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))

    def rels(self, source: str) -> list[Rel]:
        """The relationships of a part ("" for the package)."""
        if source not in self._rels:
            found: list[Rel] = []
            name = rels_name(source)
            if self.find(name) is not None:
                for element in fromstring(self.read(name)).iter(f"{{{PKG_REL}}}Relationship"):
                    target = element.get("Target", "")
                    external = element.get("TargetMode", "Internal") == "External"
                    found.append(Rel(element.get("Id", ""), element.get("Type", ""), target,
                                     None if external else self.resolve(source, target)))
            self._rels[source] = found
        return self._rels[source]

    def related(self, source: str, kind: str) -> list[Rel]:
        return [rel for rel in self.rels(source) if rel.kind == kind]

    @cached_property
    def content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """(overrides by lower-case part name, defaults by lower-case extension)."""
        overrides: dict[str, str] = {}
        defaults: dict[str, str] = {}
        if self.find(CONTENT_TYPES) is None:
            raise PackageError("[Content_Types].xml is missing")
        for element in fromstring(self.read(CONTENT_TYPES)):
            if not isinstance(element.tag, str):
                continue
            if local(element.tag) == "Override":
                overrides[element.get("PartName", "").lstrip("/").lower()] = element.get("ContentType", "")
            elif local(element.tag) == "Default":
                defaults[element.get("Extension", "").lower()] = element.get("ContentType", "")
        return overrides, defaults

    def content_type(self, part: str) -> str | None:
        overrides, defaults = self.content_types
        if part.lower() in overrides:
            return overrides[part.lower()]
        base = part.rpartition("/")[2]
        return defaults.get(base.rpartition(".")[2].lower()) if "." in base else None

    @cached_property
    def _office(self) -> Rel:
        office = [rel for rel in self.rels("") if rel.kind == "officeDocument" and rel.part]
        if not office or office[0].type.rstrip("/").rpartition("/")[0] not in RELATIONSHIP_NAMESPACES:
            raise PackageError("_rels/.rels names no workbook part")
        return office[0]

    @cached_property
    def workbook_part(self) -> str:
        """The part `_rels/.rels` names as the office document; PackageError when there is none."""
        office = [self._office]
        part = self.find(office[0].part or "")
        if part is None:
            raise PackageError(f"the workbook part {office[0].part} is missing")
        if self.content_type(part) not in WORKBOOK_TYPES:
            raise PackageError(f"{part} is not declared a workbook in [Content_Types].xml")
        return part

    @cached_property
    def sheets(self) -> list[tuple[str, str | None, str]]:
        """(name, part, relationship kind) of every sheet of the workbook, in tab order; part None when the
        sheet's relationship is missing or external."""
        workbook = fromstring(self.read(self.workbook_part))
        by_id = {rel.id: rel for rel in self.rels(self.workbook_part)}
        found = []
        for element in workbook.iter():
            if not isinstance(element.tag, str) or local(element.tag) != "sheet":
                continue
            rid = element.get(f"{{{self._office.type.rstrip('/').rpartition('/')[0]}}}id")
            rel = by_id.get(rid or "")
            part = self.find(rel.part) if rel is not None and rel.part else None
            found.append((element.get("name", ""), part, rel.kind if rel is not None else ""))
        return found

    def workbook_related(self, kind: str) -> str | None:
        """The first part of a kind the workbook relates to (sharedStrings, styles), when it exists."""
        for rel in self.related(self.workbook_part, kind):
            if rel.part and self.find(rel.part) is not None:
                return self.find(rel.part)
        return None


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part that holds it, found through the relationships (worksheets only)."""
    return {name: part for name, part, kind in Package(archive).sheets if part is not None and kind == "worksheet"}
