"""Mail for `inbox`: reading messages from files and folders, finding workbook attachments, drafting replies.

Everything that comes in a message is untrusted: names are sanitised here before anything touches the disk.
Nothing in this module sends mail or opens a connection.
"""

from __future__ import annotations

import email
import hashlib
import mailbox
import re
import textwrap
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, getaddresses
from pathlib import Path
from typing import Any

from ..core.names import WORKBOOK_SUFFIXES
from ..text.format import percent
from ..text.messages import ui

MIME_TYPES = {
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".xlsm": ("application", "vnd.ms-excel.sheet.macroEnabled.12"),
}
MAX_NAME = 80  # characters of a sanitised file name, extension included
MAX_FINDINGS = 10  # findings listed in a reply
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_REPLY_PREFIX = re.compile(r"^\s*(re|aw|sv|balas)\s*:", re.IGNORECASE)


class SourceUnreadable(Exception):
    """A mail source (file or folder) that cannot be read as mail."""


@dataclass
class Attachment:
    """A workbook attachment as it arrived: its name as the sender gave it, and its bytes."""

    name: str
    data: bytes


@dataclass
class Incoming:
    """One received message, reduced to what `inbox` needs."""

    message_id: str
    key: str  # a hash of the Message-ID: names the message's folder and reply draft
    sender: str  # the From header as text
    reply_to: list[tuple[str, str]]  # (display name, address) to answer
    subject: str
    date: str
    references: str
    attachments: list[Attachment] = field(default_factory=list)
    source: str = ""
    imap_uid: str | None = None


def parse(message: EmailMessage, source: str = "") -> Incoming:
    """The parts of a message that matter: headers to answer and the .xlsx/.xlsm attachments."""
    message_id = str(message.get("Message-ID", "") or "").strip()
    basis = message_id or hashlib.sha256(bytes(message)).hexdigest()
    key = hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()[:16]
    answer = _addresses(message, "Reply-To") or _addresses(message, "From")
    return Incoming(
        message_id=message_id, key=key, sender=_header(message, "From"), reply_to=answer,
        subject=_header(message, "Subject"), date=_header(message, "Date"),
        references=_header(message, "References"), attachments=list(workbook_attachments(message)), source=source)


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - a malformed header must not stop the mailbox
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _addresses(message: EmailMessage, name: str) -> list[tuple[str, str]]:
    values = [str(v) for v in message.get_all(name, [])]
    return [(display, address) for display, address in getaddresses(values) if "@" in address]


def workbook_attachments(message: EmailMessage) -> Iterator[Attachment]:
    """Every part (also inside forwarded messages) whose file name ends in .xlsx or .xlsm."""
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if not name or not name.strip().lower().endswith(WORKBOOK_SUFFIXES):
            continue
        data = part.get_payload(decode=True)
        yield Attachment(name.strip(), data if isinstance(data, bytes) else b"")


def safe_filename(name: str, taken: set[str] | None = None) -> str:
    """A base name made of safe characters only, length-capped, not in `taken` (compared case-insensitively)."""
    base = re.split(r"[/\\]", name)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFKD", base) if not unicodedata.combining(ch))
    base = " ".join(_UNSAFE.sub("_", base).split())
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = suffix.lower() if "." + suffix.lower() in WORKBOOK_SUFFIXES else "xlsx"
    stem = re.sub(r"\.{2,}", ".", stem).strip(" ._-") or "lampiran"
    stem = stem[: MAX_NAME - len(suffix) - 5]
    taken = taken if taken is not None else set()
    candidate, number = f"{stem}.{suffix}", 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{stem}-{number}.{suffix}"
    return candidate


def read_source(path: Path) -> Iterator[Incoming]:
    """Messages of a .eml file, an mbox file, a Maildir folder, or a folder of .eml files."""
    try:
        if path.is_dir():
            if (path / "cur").is_dir() and (path / "new").is_dir():
                yield from _from_mailbox(mailbox.Maildir(path, factory=_parse_file, create=False), path)
            else:
                for child in sorted(path.glob("*.eml")):
                    yield from read_source(child)
            return
        with path.open("rb") as handle:
            head = handle.read(5)
        if head == b"From ":
            yield from _from_mailbox(mailbox.mbox(path, factory=_parse_file, create=False), path)
        else:
            with path.open("rb") as handle:
                yield parse(_parse_file(handle), str(path))
    except (OSError, mailbox.Error) as exc:
        raise SourceUnreadable(f"{path}: {exc}") from exc


def _parse_file(handle: Any) -> EmailMessage:
    return email.message_from_binary_file(handle, policy=policy.default)


def parse_bytes(data: bytes, source: str = "") -> Incoming:
    return parse(email.message_from_bytes(data, policy=policy.default), source)


def _from_mailbox(box: mailbox.Mailbox, path: Path) -> Iterator[Incoming]:
    for key in sorted(box.keys()):
        yield parse(box[key], f"{path}#{key}")


# --------------------------------------------------------------------------- the reply draft

def reply_subject(subject: str, lang: str) -> str:
    subject = subject.strip() or ui("inbox.subject-default", lang)
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}"


def draft_reply(incoming: Incoming, summaries: list[dict[str, Any]], from_address: str, lang: str,
                folder: Path) -> EmailMessage:
    """The reply to one message: headers that thread it, the body, and the _hasil/_ringkasan workbooks (whose
    names in `summaries` are relative to `folder`)."""
    reply = EmailMessage(policy=policy.default)
    reply["From"] = from_address
    if incoming.reply_to:
        reply["To"] = ", ".join(_format_address(name, address) for name, address in incoming.reply_to)
    reply["Subject"] = reply_subject(incoming.subject, lang)
    reply["Date"] = formatdate(localtime=True)
    if incoming.message_id:
        reply["In-Reply-To"] = incoming.message_id
        reply["References"] = " ".join(filter(None, [incoming.references, incoming.message_id]))
    reply["X-Lkip-Xls"] = "draft"
    name = incoming.reply_to[0][0] if incoming.reply_to else ""
    reply.set_content(reply_body(name, summaries, from_address, lang), cte="8bit")
    for summary in summaries:
        for kind in ("hasil", "ringkasan"):
            output = (summary.get("outputs") or {}).get(kind)
            path = folder / Path(output).name if output else None
            if path is not None and path.is_file():
                maintype, subtype = MIME_TYPES.get(path.suffix.lower(), MIME_TYPES[".xlsx"])
                reply.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return reply


def _format_address(name: str, address: str) -> str:
    from email.headerregistry import Address

    try:
        return str(Address(display_name=name, addr_spec=address))
    except (ValueError, IndexError):
        return address


def reply_body(name: str, summaries: list[dict[str, Any]], sender: str, lang: str) -> str:
    """The text of a reply: greeting, one block per workbook (or the request for one), what to do next."""
    name = " ".join(name.split())
    lines = [ui("inbox.greeting", lang, name=name) if name else ui("inbox.greeting-anon", lang), ""]
    if not summaries:
        lines += [ui("inbox.no-workbook", lang), ""]
    else:
        lines += [ui("inbox.intro", lang), ""]
        for summary in summaries:
            lines += _workbook_block(summary, lang) + [""]
    lines.append(ui("inbox.closing", lang, sender=sender))
    return "\n".join(_wrap(line) for line in lines) + "\n"


def _wrap(line: str) -> str:
    """Mail lines stay under 78 characters; a finding's continuation lines are indented under its text."""
    indent = " " * (len(line) - len(line.lstrip()) + (3 if re.match(r"\s*\d+\. ", line) else 0))
    return textwrap.fill(line, width=76, subsequent_indent=indent, break_long_words=True,
                         break_on_hyphens=False) if len(line) > 76 else line


def _workbook_block(summary: dict[str, Any], lang: str) -> list[str]:
    status = summary["status"]
    lines = [ui("inbox.file", lang, name=summary["file"]),
             ui("inbox.status", lang, status=ui(f"status.{status}", lang))]
    if summary.get("reused"):
        lines.append(ui("inbox.reused", lang))
    if status != "unreadable":
        average = summary.get("average")
        lines.append(ui("inbox.average", lang, average=percent(None if average is None else _decimal(average), lang),
                        category=summary.get("category") or "-"))
        lines.append(ui("inbox.counts", lang, errors=summary["errors"], warnings=summary["warnings"]))
    findings = summary.get("findings") or []
    if findings:
        total = summary.get("total_findings", len(findings))
        lines.append(ui("inbox.findings-head", lang, shown=len(findings), total=total) if total > len(findings)
                     else ui("inbox.findings-all", lang))
        for number, finding in enumerate(findings, 1):
            where = f"{finding['sheet']}!{finding['cell']}" if finding.get("sheet") and finding.get("cell") \
                else finding.get("sheet") or "-"
            message = finding["message"].get(lang) or finding["message"].get("id", "")
            lines.append(f"  {number}. [{ui('severity.' + finding['severity'], lang)}] {where} "
                         f"({finding['code']}): {message}")
    outputs = summary.get("outputs") or {}
    hasil = Path(outputs["hasil"]).name if outputs.get("hasil") else "_hasil"
    ringkasan = Path(outputs["ringkasan"]).name if outputs.get("ringkasan") else "_ringkasan"
    lines.append(ui(f"inbox.next-{status}", lang, hasil=hasil, ringkasan=ringkasan))
    return lines


def _decimal(value: Any) -> Any:
    from decimal import Decimal

    return Decimal(str(value))
