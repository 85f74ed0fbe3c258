"""Put back what openpyxl drops on load-and-save: the worksheet extension lists of Excel 2010+.

Excel stores dropdowns that point at other sheets, sparklines and some conditional formats as `x14`
extensions in the `<extLst>` at the end of a worksheet. openpyxl reads past them ("Data Validation extension
is not supported and will be removed"), so after saving, each worksheet's original `<extLst>` is copied into
the saved package, matched by sheet name.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

from ...read.ooxml import MAIN, REL, sheet_parts

PREFIXES = {  # the prefixes Excel itself uses, so that a copied extension reads as Excel wrote it
    "": MAIN,
    "r": REL,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "x14": "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main",
    "x14ac": "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac",
    "xm": "http://schemas.microsoft.com/office/excel/2006/main",
    "xr": "http://schemas.microsoft.com/office/spreadsheetml/2014/revision",
    "x15": "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main",
}
_PREFIX_OF = {uri: prefix for prefix, uri in PREFIXES.items()}


def _extension_list(xml: bytes) -> Element | None:
    if b"extLst" not in xml:  # a plain substring test spares parsing every sheet that has none
        return None
    root = fromstring(xml)
    return root.find(f"{{{MAIN}}}extLst")


def restore_extensions(original: Path, saved: Path) -> None:
    """Copy every worksheet's original <extLst> into `saved` where openpyxl left it out."""
    with zipfile.ZipFile(original) as source:
        source_parts = sheet_parts(source)
        extensions = {}
        for name, part in source_parts.items():
            if part in source.namelist():
                found = _extension_list(source.read(part))
                if found is not None and len(found):
                    extensions[name] = found
    if not extensions:
        return
    with zipfile.ZipFile(saved) as package:
        parts = sheet_parts(package)
        patched: dict[str, bytes] = {}
        for name, extension in extensions.items():
            part = parts.get(name)
            if part is None or part not in package.namelist():
                continue
            xml = package.read(part)
            if _extension_list(xml) is not None:
                continue  # openpyxl wrote one itself: leave it
            patched[part] = _insert(xml, extension)
    if patched:
        _rewrite(saved, patched)


def _insert(xml: bytes, extension: Element) -> bytes:
    """The extension list is the last child of <worksheet>."""
    text = serialize(extension)
    end = xml.rfind(b"</worksheet>")
    if end < 0:  # pragma: no cover - openpyxl always writes a closing tag
        return xml
    return xml[:end] + text.encode("utf-8") + xml[end:]


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        uri, _, local = name[1:].partition("}")
        return uri, local
    return "", name


def serialize(element: Element) -> str:
    """An element as text, every namespace it uses declared on it (main namespace as the default)."""
    from xml.sax.saxutils import escape, quoteattr  # imports urllib: only when a sheet has extensions

    prefixes: dict[str, str] = {}

    def prefix(uri: str) -> str:
        if uri not in prefixes:
            prefixes[uri] = _PREFIX_OF.get(uri, f"ns{len(prefixes)}")
        return prefixes[uri]

    def qualified(name: str) -> str:
        uri, local = _split(name)
        if not uri:
            return local
        tag_prefix = prefix(uri)
        return f"{tag_prefix}:{local}" if tag_prefix else local

    def write(node: Element) -> str:
        attributes = "".join(f" {qualified(k)}={quoteattr(v)}" for k, v in node.attrib.items())
        inner = escape(node.text or "") + "".join(write(child) + escape(child.tail or "") for child in node)
        tag = qualified(node.tag)
        return f"<{tag}{attributes}>{inner}</{tag}>"

    body = write(element)
    declarations = "".join(f' xmlns:{p}="{uri}"' if p else f' xmlns="{uri}"' for uri, p in prefixes.items())
    head, _, rest = body.partition(">")
    return head + declarations + ">" + rest


def _rewrite(package: Path, replacements: dict[str, bytes]) -> None:
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=package.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(package) as source, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = replacements.get(item.filename)
                if data is None:
                    with source.open(item) as stream, target.open(item, "w") as out:
                        shutil.copyfileobj(stream, out)
                else:
                    target.writestr(item, data)
        os.replace(temporary, package)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
