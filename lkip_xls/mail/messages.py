"""Mail for `inbox`: reading messages from files and folders, finding workbook attachments, drafting replies.

Everything that comes in a message is untrusted: header values are decoded, then cleaned of line breaks and
control characters before any use; names are sanitised before anything touches the disk; a message is read
with a size bound and parsed with a depth bound, and one that cannot be read becomes an `Incoming` with a
`problem` instead of an exception. Nothing in this module sends mail or opens a connection.

Longer than ~400 lines on purpose: reading mail and drafting replies share the sanitising of every header and name.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import stat
import textwrap
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.feedparser import BytesFeedParser
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import IO, Any

from ..core.names import WORKBOOK_SUFFIXES
from ..text.format import percent
from ..text.messages import ui

MIME_TYPES = {
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".xlsm": ("application", "vnd.ms-excel.sheet.macroEnabled.12"),
}
TEMPLATE_ATTACHMENT = "lkip-template.xlsx"
MAX_NAME = 80  # characters of a sanitised file name, extension included
MAX_FINDINGS = 10  # findings listed in a reply
MAX_NESTING = 10  # messages forwarded inside messages
MAX_PART_DEPTH = 32  # parts inside parts, of any kind
MAX_HEADER = 300  # characters kept of a header value
MAX_REFERENCES = 20  # Message-IDs kept in References
MAX_RECIPIENTS = 10  # addresses answered
HEAD_BYTES = 256 * 1024  # what is kept of a message too large to read: enough for its headers
CHUNK = 1024 * 1024  # reads are never larger
MB = 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")
_REPLY_PREFIX = re.compile(r"^\s*(re|aw|sv|balas)\s*:", re.IGNORECASE)
# C0 and C1 controls (CR/LF among them), line and paragraph separators, bidi embeddings/overrides/isolates
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[qQbB]\?[^?\s]*\?=")
_ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"\\]+@[^\s@<>()\[\],;:\"\\]+\.[^\s@<>()\[\],;:\"\\]+")


class SourceUnreadable(Exception):
    """A mail source given on the command line that is no folder and no regular file (a FIFO, a device), or
    does not exist: refused before anything is read."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


class _TooDeep(Exception):
    pass


@dataclass
class Attachment:
    """A workbook attachment as it arrived: its name as the sender gave it, and its bytes."""

    name: str
    data: bytes


@dataclass
class Incoming:
    """One received message, reduced to what `inbox` needs. Every text is cleaned (`clean`)."""

    message_id: str
    key: str  # a hash of (Message-ID, sender, raw message): names the message's folder and reply draft
    sender: str  # the From header as text
    reply_to: list[tuple[str, str]]  # (display name, address) to answer
    subject: str
    date: str
    references: str
    attachments: list[Attachment] = field(default_factory=list)
    source: str = ""
    imap_uid: str | None = None
    reply_to_differs: bool = False  # the Reply-To is on another domain than From
    problem: str | None = None  # why the message cannot be answered normally: too-large, too-deep, unreadable...
    detail: str = ""


@dataclass
class Skipped:
    """An entry of a mail folder that was not read: a symlink that dangles or leads out, a FIFO, a device."""

    path: str  # as it is, control characters included (undecodable bytes as U+FFFD)
    reason: str  # dangling, outside, not-regular, or an error's text


# --------------------------------------------------------------------------- header values

def clean(value: str, limit: int = MAX_HEADER) -> str:
    """One line of text: controls (CR/LF among them) become spaces, runs of space one, undecodable bytes U+FFFD,
    at most `limit` characters."""
    value = _SURROGATES.sub("\ufffd", value)
    return " ".join(_CONTROLS.sub(" ", value).split())[:limit]


def _raw_header(message: Message, name: str) -> str | None:
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return None


def _defuse(value: str) -> str:
    """A raw header value whose encoded words are decoded, cleaned and encoded again, so that no CR/LF or
    control character hides in one (the header classes refuse an address holding CR/LF with a ValueError)."""
    def again(match: re.Match[str]) -> str:
        try:
            text = clean(str(make_header(decode_header(match.group()))), 4 * MAX_HEADER)
        except (LookupError, ValueError, UnicodeError, AssertionError):
            text = clean(match.group())
        return "=?utf-8?b?" + base64.b64encode(text.encode("utf-8")).decode("ascii") + "?=" if text else ""

    return _ENCODED_WORD.sub(again, value)


def _header_object(message: Message, name: str) -> Any:
    raw = _raw_header(message, name)
    if raw is None:
        return None
    try:
        return policy.default.header_fetch_parse(name, _defuse(raw))
    except Exception:  # noqa: BLE001 - a malformed header must not stop the mailbox
        return None


def _header(message: Message, name: str, limit: int = MAX_HEADER) -> str:
    value = _header_object(message, name)
    return clean(str(value), limit) if value is not None else ""


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    """(display name, address) of an address header; addresses that are not plainly local@domain are dropped."""
    header = _header_object(message, name)
    try:
        found = [(a.display_name, a.addr_spec) for a in getattr(header, "addresses", ())]
    except Exception:  # noqa: BLE001
        return []
    usable = [(clean(display), clean(address)) for display, address in found]
    return [(display, address) for display, address in usable if _ADDRESS.fullmatch(address)][:MAX_RECIPIENTS]


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower().rstrip(".")


def _differs(reply_to: list[tuple[str, str]], senders: list[tuple[str, str]]) -> bool:
    domains = {_domain(address) for _, address in senders}
    return any(_domain(address) not in domains for _, address in reply_to)


def message_key(message_id: str, sender: str, raw: bytes) -> str:
    """Names a message's folder and draft: two different messages under one Message-ID get two keys, the same
    message read again (also from IMAP, with CRLF line ends) the same one."""
    body = hashlib.sha256(raw.replace(b"\r\n", b"\n").rstrip()).hexdigest()
    return hashlib.sha256(f"{message_id}\0{sender.lower()}\0{body}".encode("utf-8", "replace")).hexdigest()[:16]


def legacy_key(message_id: str) -> str:
    """The key of a message in an inbox.json of lkip-xls 0.x, where the Message-ID alone named it."""
    return hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()[:16]


# --------------------------------------------------------------------------- one message

def parse(message: Message, source: str = "", raw: bytes | None = None) -> Incoming:
    """The parts of a message that matter: headers to answer and the .xlsx/.xlsm attachments."""
    raw = raw if raw is not None else bytes(message)
    incoming = _headers(message, raw, source)
    incoming.attachments = list(workbook_attachments(message))
    return incoming


def _headers(message: Message, raw: bytes, source: str) -> Incoming:
    message_id = _header(message, "Message-ID")
    senders = _addresses(message, "From")
    reply_to = _addresses(message, "Reply-To")
    references = " ".join(_header(message, "References", 100 * MAX_HEADER).split()[-MAX_REFERENCES:])
    return Incoming(
        message_id=message_id, key=message_key(message_id, senders[0][1] if senders else "", raw),
        sender=_header(message, "From"), reply_to=reply_to or senders, reply_to_differs=_differs(reply_to, senders),
        subject=_header(message, "Subject"), date=_header(message, "Date"), references=references,
        source=clean(source, 4 * MAX_HEADER))


class _BoundedParser(BytesFeedParser):
    """The standard parser, refusing parts nested deeper than MAX_PART_DEPTH or messages forwarded inside more
    than MAX_NESTING others (a forward nested 1,000 deep would otherwise end in a RecursionError)."""

    def _new_message(self) -> None:
        stack = self._msgstack  # type: ignore[attr-defined]
        if len(stack) >= MAX_PART_DEPTH or \
                sum(part.get_content_maintype() == "message" for part in stack) > MAX_NESTING:
            raise _TooDeep
        super()._new_message()  # type: ignore[misc]


def _parse_raw(raw: bytes) -> EmailMessage:
    parser = _BoundedParser(policy=policy.default)
    parser.feed(raw)
    return parser.close()  # type: ignore[return-value]


def incoming_from_bytes(raw: bytes, source: str = "", size: int | None = None, limit: int | None = None) -> Incoming:
    """A message from its bytes; never raises. When `size` is over `limit`, `raw` is only the message's head:
    the message is refused as too large, answered from its headers."""
    if size is not None and limit is not None and size > limit:
        return refused(raw, source, "too-large", f"{size / MB:.1f} MB > {limit / MB:.1f} MB")
    try:
        return parse(_parse_raw(raw), source, raw)
    except _TooDeep:
        return refused(raw, source, "too-deep", str(MAX_NESTING))
    except RecursionError:
        return refused(raw, source, "too-deep", str(MAX_NESTING))
    except Exception as exc:  # noqa: BLE001 - one message that cannot be read must not stop the mailbox
        return refused(raw, source, "unreadable", clean(f"{type(exc).__name__}: {exc}", 200))


def parse_bytes(data: bytes, source: str = "") -> Incoming:
    return incoming_from_bytes(data, source)


def refused(raw: bytes, source: str, problem: str, detail: str = "") -> Incoming:
    """A message that cannot be answered normally: what its headers (from its first bytes) still tell."""
    head = raw[:HEAD_BYTES]
    try:
        incoming = _headers(BytesHeaderParser(policy=policy.default).parsebytes(head), raw, source)
    except Exception:  # noqa: BLE001 - not even the headers: the message is recorded without a sender
        incoming = Incoming(message_id="", key=message_key("", "", raw), sender="", reply_to=[], subject="",
                            date="", references="", source=clean(source, 4 * MAX_HEADER))
    incoming.problem, incoming.detail = problem, detail
    return incoming


def workbook_attachments(message: Message) -> Iterator[Attachment]:
    """Every part (also inside forwarded messages) whose file name ends in .xlsx or .xlsm."""
    for part in message.walk():
        if part.is_multipart():
            continue
        try:
            name = part.get_filename()
        except Exception:  # noqa: BLE001 - a part whose name cannot be read is no workbook we can answer
            continue
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


# --------------------------------------------------------------------------- sources

def message_limit(max_size: int) -> int:
    """The largest message read whole: `--max-size` plus a half, as base64 makes a workbook a third larger."""
    return max_size * 3 // 2


def check_source(path: Path) -> None:
    """A source must be a folder or a regular file: a FIFO or a device (/dev/zero) is refused before reading."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise SourceUnreadable(path, exc.strerror or type(exc).__name__) from exc
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        raise SourceUnreadable(path, "not-regular")


def read_source(path: Path, limit: int, skipped: list[Skipped] | None = None) -> Iterator[Incoming]:
    """Messages of a .eml file, an mbox file, a Maildir folder, or a folder of .eml files. In a folder, only
    regular files are read (a symlink only when it leads to one inside the folder); the others go to `skipped`.
    Never raises but SourceUnreadable for `path` itself (`check_source`)."""
    skipped = skipped if skipped is not None else []
    check_source(path)
    if not path.is_dir():
        yield from _read_file(path, limit, skipped)
        return
    if (path / "cur").is_dir() and (path / "new").is_dir():
        children = sorted(child for sub in ("new", "cur") for child in (path / sub).iterdir()
                          if not child.name.startswith("."))
    else:
        children = sorted(path.glob("*.eml"))
    root = path.resolve()
    for child in children:
        reason = _not_readable(child, root)
        if reason:
            skipped.append(Skipped(_path_text(child), reason))
        else:
            yield from _read_file(child, limit, skipped)


def _path_text(path: Path) -> str:
    return _SURROGATES.sub("\ufffd", str(path))


def _not_readable(child: Path, root: Path) -> str | None:
    try:
        if child.is_symlink() and not child.resolve(strict=True).is_relative_to(root):
            return "outside"
        mode = child.stat().st_mode
    except (OSError, RuntimeError):  # gone, dangling, a loop
        return "dangling"
    return None if stat.S_ISREG(mode) else "not-regular"


def _read_file(path: Path, limit: int, skipped: list[Skipped]) -> Iterator[Incoming]:
    source = str(path)
    try:
        handle = _open_regular(path)
    except OSError as exc:
        skipped.append(Skipped(_path_text(path), clean(exc.strerror or str(exc))))
        return
    with handle:  # one message at a time: an mbox is never held whole
        try:
            head = handle.read(5)
            handle.seek(0)
            if head == b"From ":
                yield from _mbox(handle, limit, source)
            else:
                data, size = _read_bounded(handle, limit)
                yield incoming_from_bytes(data, source, size, limit)
        except OSError as exc:
            skipped.append(Skipped(_path_text(path), clean(exc.strerror or str(exc))))


def _open_regular(path: Path) -> IO[bytes]:
    """Open without blocking (a FIFO put there meanwhile would hang an ordinary open) and only a regular file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not-regular")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_bounded(handle: IO[bytes], limit: int) -> tuple[bytes, int]:
    """The whole content when it is at most `limit` bytes; else its first HEAD_BYTES and its size."""
    declared = os.fstat(handle.fileno()).st_size
    if declared > limit:
        return handle.read(HEAD_BYTES), declared
    chunks: list[bytes] = []
    size = 0
    while chunk := handle.read(CHUNK):
        size += len(chunk)
        if size > limit:  # it grew meanwhile
            return b"".join(chunks)[:HEAD_BYTES], size
        chunks.append(chunk)
    return b"".join(chunks), size


def _mbox(handle: IO[bytes], limit: int, source: str) -> Iterator[Incoming]:
    """The messages of an mbox file, read line by line in bounded pieces (a line may be endless): each message
    whole up to `limit` bytes, the head of a larger one."""
    lines: list[bytes] | None = None
    size = number = 0
    at_line_start, in_from_line = True, False
    while line := handle.readline(CHUNK):
        starts, at_line_start = at_line_start, line.endswith(b"\n")
        if in_from_line:
            in_from_line = not at_line_start
            continue
        if starts and line.startswith(b"From "):
            if lines is not None:
                yield incoming_from_bytes(b"".join(lines), f"{source}#{number}", size, limit)
            lines, size, number, in_from_line = [], 0, number + 1, not at_line_start
            continue
        if lines is None:
            continue
        size += len(line)
        if size <= limit:
            lines.append(line)
        elif size - len(line) <= limit:  # just over: keep only the head
            lines = [b"".join(lines)[:HEAD_BYTES]]
    if lines is not None:
        yield incoming_from_bytes(b"".join(lines), f"{source}#{number}", size, limit)


# --------------------------------------------------------------------------- the reply draft

def reply_subject(subject: str, lang: str) -> str:
    subject = subject.strip() or ui("inbox.subject-default", lang)
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}"


def draft_reply(incoming: Incoming, summaries: list[dict[str, Any]], from_address: str, lang: str,
                folder: Path, signature: str | None = None) -> EmailMessage:
    """The reply to one message: headers that thread it and mark it a draft, the body (closed by `signature`, or
    by the From address), and the _hasil/_ringkasan workbooks (whose names in `summaries` are relative to
    `folder`); a message without a workbook gets the empty template attached."""
    reply = EmailMessage(policy=policy.default)
    reply["From"] = from_address
    reply["X-Unsent"] = "1"  # mail programs (Outlook, Thunderbird) open the file as a draft to edit and send
    reply["Message-ID"] = draft_message_id(from_address)
    if incoming.reply_to:
        reply["To"] = ", ".join(_format_address(name, address) for name, address in incoming.reply_to)
    reply["Subject"] = reply_subject(incoming.subject, lang)
    reply["Date"] = formatdate(localtime=True)
    if incoming.message_id:
        reply["In-Reply-To"] = incoming.message_id
        reply["References"] = " ".join(filter(None, [incoming.references, incoming.message_id]))
    reply["X-Lkip-Xls"] = "draft"
    name = incoming.reply_to[0][0] if incoming.reply_to else ""
    closing = closing_lines(signature, from_address, lang)
    if incoming.problem:
        reply.set_content(problem_body(name, incoming, closing, lang), cte="8bit")
        return reply
    reply.set_content(reply_body(name, summaries, closing, lang), cte="8bit")
    if not summaries:
        _attach_template(reply, lang)
    attached: set[Path] = set()
    for summary in summaries:
        for kind in ("hasil", "ringkasan"):
            output = (summary.get("outputs") or {}).get(kind)
            path = folder / Path(output).name if output else None
            if path is not None and path not in attached and path.is_file():
                attached.add(path)
                maintype, subtype = MIME_TYPES.get(path.suffix.lower(), MIME_TYPES[".xlsx"])
                reply.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return reply


def draft_message_id(from_address: str) -> str:
    """A Message-ID on the From address's domain, short enough to stay on one header line (a folded Message-ID
    is legal, yet some mail programs then fail to thread or to open the draft)."""
    domain = _domain(parseaddr(from_address)[1]) if "@" in from_address else ""
    domain = re.sub(r"[^a-z0-9.-]", "", domain).strip(".-")
    while len(domain) > 40 and "." in domain:  # a long domain keeps its last labels
        domain = domain.split(".", 1)[1]
    return f"<{uuid.uuid4().hex[:16]}.lkip@{domain[-40:].strip('.-') or 'localhost'}>"


def closing_lines(signature: str | None, from_address: str, lang: str) -> str:
    """Who signs the draft: `signature`; else the From address when it is a real one; else a placeholder the
    officer fills in before sending (never the tool's own lkip-xls@localhost)."""
    if signature and signature.strip():
        return signature.strip()
    address = parseaddr(from_address)[1]
    if address and not _domain(address).endswith("localhost"):
        return address
    return ui("inbox.signature-placeholder", lang)


def _attach_template(reply: EmailMessage, lang: str) -> None:
    """The empty template in the reply's language, for an agency that wrote without its workbook."""
    import tempfile

    from ..outputs.template import write_template

    with tempfile.TemporaryDirectory(prefix="lkip-xls-") as folder:
        path = Path(folder) / TEMPLATE_ATTACHMENT
        write_template(path, lang=lang)
        maintype, subtype = MIME_TYPES[".xlsx"]
        reply.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=TEMPLATE_ATTACHMENT)


def _format_address(name: str, address: str) -> str:
    from email.headerregistry import Address

    try:
        return str(Address(display_name=name, addr_spec=address))
    except (ValueError, IndexError):
        return address


def problem_text(incoming: Incoming, lang: str) -> str:
    """Why a message was not answered normally, in one sentence."""
    return ui(f"inbox.problem.{incoming.problem}", lang, detail=incoming.detail)


def problem_body(name: str, incoming: Incoming, sender: str, lang: str) -> str:
    """The short reply to a message that could not be processed: that, why, and what to send instead."""
    name = " ".join(name.split())
    lines = [ui("inbox.greeting", lang, name=name) if name else ui("inbox.greeting-anon", lang), "",
             ui("inbox.not-processed", lang, reason=problem_text(incoming, lang)), "",
             ui("inbox.closing", lang, sender=sender)]
    return "\n".join(_wrap(line) for line in lines) + "\n"


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
    """Mail lines stay under 78 characters; a finding's continuation lines are indented under its text; a text
    of several lines (the closing) is wrapped line by line."""
    if "\n" in line:
        return "\n".join(map(_wrap, line.split("\n")))
    indent = " " * (len(line) - len(line.lstrip()) + (3 if re.match(r"\s*\d+\. ", line) else 0))
    return textwrap.fill(line, width=76, subsequent_indent=indent, break_long_words=True,
                         break_on_hyphens=False) if len(line) > 76 else line


def _workbook_block(summary: dict[str, Any], lang: str) -> list[str]:
    status = summary["status"]
    lines = [ui("inbox.file", lang, name=summary["file"]),
             ui("inbox.status", lang, status=ui(f"status.{status}", lang))]
    if summary.get("copies", 1) > 1:
        lines.append(ui("inbox.copies", lang, copies=summary["copies"]))
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
