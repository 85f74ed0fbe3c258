"""`inbox`: answer the workbooks that agencies sent by mail. Never prints, never exits, never sends mail.

Messages come from files (`mail.read_source`) or an IMAP mailbox (`ImapMailbox`); each workbook attachment is
saved under OUT/lampiran/<message key>/, processed once per content hash (remembered in OUT/inbox.json), and
every message gets a reply draft OUT/balasan/<name>.eml for the tool owner to review and send.
"""

from __future__ import annotations

import hashlib
import imaplib
import json
import re
import ssl
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..core.errors import FileUnreadable
from ..core.model import Severity
from ..core.names import HASIL_SUFFIX, RINGKASAN_SUFFIX
from ..outputs import files
from ..rules.analysis import FileResult, Options, unreadable
from ..text.finding_messages import finding_text
from . import messages as mail

INDEX_NAME = "inbox.json"
ATTACHMENT_DIR = "lampiran"
REPLY_DIR = "balasan"
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
PASSWORD_VARIABLE = "LKIP_IMAP_PASSWORD"
DEFAULT_FROM = "lkip-xls@localhost"

Batch = Callable[[Sequence[Path]], list[FileResult]]


class InboxError(Exception):
    """A problem with the mailbox itself (connection, login, folder): the whole run stops, exit status 2."""


@dataclass
class MessageOutcome:
    incoming: mail.Incoming
    summaries: list[dict[str, Any]] = field(default_factory=list)
    reply: Path | None = None

    @property
    def exit_code(self) -> int:
        codes = {"ok": 0, "errors": 1, "unreadable": 2}
        return max((codes[s["status"]] for s in self.summaries), default=2 if self.incoming.problem else 0)


@dataclass
class InboxRun:
    outcomes: list[MessageOutcome]
    processed: int  # attachments processed in this run
    reused: int  # attachments answered from an earlier result
    index: Path
    skipped: list[mail.Skipped] = field(default_factory=list)  # entries of mail folders that were not read

    @property
    def exit_code(self) -> int:
        return max((o.exit_code for o in self.outcomes), default=0)


# --------------------------------------------------------------------------- the index

def load_index(out_dir: Path) -> dict[str, Any]:
    path = out_dir / INDEX_NAME
    empty: dict[str, Any] = {"version": 1, "messages": [], "attachments": {}}
    if not path.is_file():
        return empty
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty  # a damaged index only costs reprocessing
    if not isinstance(index, dict):
        return empty
    index.setdefault("messages", [])
    index.setdefault("attachments", {})
    return index


def save_index(out_dir: Path, index: dict[str, Any]) -> Path:
    target = out_dir / INDEX_NAME
    text = json.dumps(index, ensure_ascii=False, indent=2) + "\n"
    files.write_atomically(target, lambda path: path.write_text(text, encoding="utf-8"))
    return target


def summarise(result: FileResult, name: str) -> dict[str, Any]:
    """What a reply needs from one processed workbook, kept in the index so a resent file is answered again."""
    analysis = result.analysis
    findings = result.findings
    first = [{"severity": f.severity.value, "code": f.code, "sheet": f.sheet, "cell": f.cell,
              "message": {lang: finding_text(f, lang) for lang in ("id", "en")}} for f in findings[:mail.MAX_FINDINGS]]
    average = analysis.results.average if analysis else None
    return {
        "file": name, "status": result.status,
        "errors": analysis.count(Severity.ERROR) if analysis else 0,
        "warnings": analysis.count(Severity.WARNING) if analysis else 0,
        "average": None if average is None else float(average),
        "category": analysis.results.average_category if analysis else None,
        "total_findings": len(findings), "findings": first,
        # outputs are written into the index's own folder: names only, so the folder may move
        "outputs": {kind: Path(path).name if path else None for kind, path in result.outputs.items()},
    }


def inbox_messages(paths: Iterable[Path]) -> list[dict]:
    """The messages recorded by `lkip-xls inbox` in the inbox.json of every folder given, oldest first."""
    found: list[dict] = []
    for path in paths:
        if path.is_dir() and (path / INDEX_NAME).is_file():
            found.extend(load_index(path).get("messages", []))
    return sorted(found, key=lambda m: str(m.get("processed_at") or ""))


# --------------------------------------------------------------------------- one run

def run_inbox(messages: Iterable[mail.Incoming], out_dir: Path, options: Options, batch: Batch,
              from_address: str = DEFAULT_FROM, after_draft: Callable[[mail.Incoming], None] | None = None,
              now: Callable[[], datetime] = lambda: datetime.now(UTC), signature: str | None = None) -> InboxRun:
    """Save, process (through `batch`, once per content hash) and answer every message; update the index; then
    call `after_draft` (IMAP: mark seen) for every message that got a draft.

    Each message is handled in its own guard: one that cannot be read or answered (its `problem` set here or
    when it was read) gets an index entry with the reason and, when its sender's address is usable, a short
    draft saying so; the others go on."""
    out_dir.mkdir(parents=True, exist_ok=True)
    index = load_index(out_dir)
    known: dict[str, dict[str, Any]] = index["attachments"]
    options = Options(out_dir=out_dir, lang=options.lang, max_size=options.max_size)
    outcomes: list[MessageOutcome] = []
    pending: dict[str, tuple[Path, str]] = {}  # sha256 -> (saved file, name) to process in this run
    plans: dict[int, list[list[Any]]] = {}  # per outcome: [sha256, name, reused, copies]
    taken = _taken_names(out_dir, known)
    for incoming in messages:
        outcome = MessageOutcome(incoming)
        outcomes.append(outcome)
        if incoming.problem:
            continue
        try:
            plans[id(outcome)] = _plan(incoming, out_dir, options.max_size, known, pending, taken)
        except Exception as exc:  # noqa: BLE001 - one message must not stop the mailbox
            _fail(outcome, exc)
        incoming.attachments = []  # saved: the bytes need not stay in memory until the batch
    digests = list(pending)
    results = batch([pending[d][0] for d in digests]) if digests else []
    for digest, result in zip(digests, results, strict=True):
        known[digest] = summarise(result, pending[digest][1])
    reused = 0
    for outcome in outcomes:
        try:
            for digest, name, was_known, copies in plans.get(id(outcome), []):
                outcome.summaries.append(dict(known[digest], file=name, sha256=digest, reused=was_known,
                                              copies=copies))
            outcome.reply = write_reply(out_dir, outcome, from_address, options.lang, signature)
        except Exception as exc:  # noqa: BLE001
            _fail(outcome, exc)
            try:
                outcome.reply = write_reply(out_dir, outcome, from_address, options.lang, signature)
            except Exception:  # noqa: BLE001 - then without a draft, but in the index
                outcome.reply = None
        reused += sum(s["reused"] for s in outcome.summaries)
        _record(index, outcome, out_dir, now())
    saved = save_index(out_dir, index)
    if after_draft is not None:
        for outcome in outcomes:
            if outcome.reply is not None:
                after_draft(outcome.incoming)
    return InboxRun(outcomes, len(digests), reused, saved)


def _plan(incoming: mail.Incoming, out_dir: Path, max_size: int, known: dict[str, dict[str, Any]],
          pending: dict[str, tuple[Path, str]], taken: set[str]) -> list[list[Any]]:
    """[sha256, name, reused, copies] per distinct attachment of a message; new ones saved into `pending` (too
    large ones straight into `known`)."""
    plan: dict[str, list[Any]] = {}
    for attachment in incoming.attachments:
        digest = hashlib.sha256(attachment.data).hexdigest()
        if digest in plan:  # the same file attached again: answered once
            plan[digest][3] += 1
            continue
        if digest in known or digest in pending:
            plan[digest] = [digest, mail.safe_filename(attachment.name), True, 1]
            continue
        name = mail.safe_filename(attachment.name, taken)
        taken |= _aliases(name)
        if len(attachment.data) > max_size:
            detail = f"{len(attachment.data) / 1024 / 1024:.0f} MB > {max_size / 1024 / 1024:.0f} MB"
            known[digest] = summarise(unreadable(Path(name), FileUnreadable("too-large", detail)), name)
        else:
            pending[digest] = (_save(out_dir, incoming.key, name, attachment.data), name)
        plan[digest] = [digest, name, False, 1]
    return list(plan.values())


def _fail(outcome: MessageOutcome, exc: BaseException) -> None:
    outcome.incoming.problem = "failed"
    outcome.incoming.detail = mail.clean(f"{type(exc).__name__}: {exc}", 200)
    outcome.summaries = []


def _taken_names(out_dir: Path, known: dict[str, dict[str, Any]]) -> set[str]:
    """Names whose outputs already exist in out_dir: a new attachment must not overwrite them."""
    taken: set[str] = set()
    for entry in known.values():
        taken |= _aliases(str(entry.get("file") or ""))
    for path in out_dir.glob("*.xls[xm]"):
        stem = path.stem
        for suffix in (HASIL_SUFFIX, RINGKASAN_SUFFIX):
            if stem.endswith(suffix):
                taken |= _aliases(stem[: -len(suffix)] + ".xlsx")
    return taken


def _aliases(name: str) -> set[str]:
    """Every attachment name whose outputs would be those of `name` (X.xlsx, X.xlsm, X_hasil.xlsx...)."""
    if not name:
        return set()
    stem = Path(name).stem.lower()
    stem = stem[: -len(HASIL_SUFFIX)] if stem.endswith(HASIL_SUFFIX) else stem
    return {stem + extra + ext for extra in ("", HASIL_SUFFIX) for ext in mail.WORKBOOK_SUFFIXES}


def _save(out_dir: Path, key: str, name: str, data: bytes) -> Path:
    target = out_dir / ATTACHMENT_DIR / key / name
    files.write_atomically(target, lambda path: path.write_bytes(data))
    return target


def write_reply(out_dir: Path, outcome: MessageOutcome, from_address: str, lang: str,
                signature: str | None = None) -> Path | None:
    """The draft, named after the address answered and the message's key; none for a message that could not be
    processed and has no usable sender address."""
    incoming = outcome.incoming
    if incoming.problem and not incoming.reply_to:
        return None
    draft = mail.draft_reply(incoming, outcome.summaries, from_address, lang, out_dir, signature)
    address = incoming.reply_to[0][1] if incoming.reply_to else "tanpa-alamat"
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", address.split("@")[0])[:40].strip("_") or "pengirim"
    target = out_dir / REPLY_DIR / f"{stem}-{incoming.key}.eml"
    data = bytes(draft)
    files.write_atomically(target, lambda path: path.write_bytes(data))
    return target


def _record(index: dict[str, Any], outcome: MessageOutcome, out_dir: Path, when: datetime) -> None:
    incoming = outcome.incoming
    entry: dict[str, Any] = {
        "message_id": incoming.message_id, "key": incoming.key, "from": incoming.sender,
        "to": [address for _, address in incoming.reply_to], "reply_to_differs": incoming.reply_to_differs,
        "subject": incoming.subject, "date": incoming.date, "source": incoming.source,
        "attachments": [{"name": s["file"], "sha256": s["sha256"], "status": s["status"], "reused": s["reused"],
                         "copies": s["copies"], "errors": s["errors"], "warnings": s["warnings"],
                         "outputs": s["outputs"]}
                        for s in outcome.summaries],
        "reply": str(outcome.reply.relative_to(out_dir)) if outcome.reply else None,
        "processed_at": when.isoformat(timespec="seconds"),
    }
    if incoming.problem:
        entry["problem"] = {"code": incoming.problem, "detail": incoming.detail,
                            "text": {lang: mail.problem_text(incoming, lang) for lang in ("id", "en")}}
    # the same message again replaces its entry (also one an earlier version keyed by its Message-ID alone)
    replaced = {incoming.key, mail.legacy_key(incoming.message_id) if incoming.message_id else incoming.key}
    index["messages"] = [m for m in index["messages"] if m.get("key") not in replaced] + [entry]


# --------------------------------------------------------------------------- IMAP

@dataclass(frozen=True)
class ImapSettings:
    host: str
    user: str
    password: str
    port: int | None = None
    folder: str = "INBOX"
    insecure: bool = False
    all_messages: bool = False
    mark_seen: bool = False


def check_insecure(host: str) -> None:
    """Plain IMAP only to this machine: a password must never cross a network in clear text."""
    if host.strip("[]").lower() not in LOOPBACK_HOSTS:
        raise InboxError("insecure-not-loopback")


class ImapMailbox:
    """Unseen (or all) messages of one folder, fetched with BODY.PEEK so that reading marks nothing seen."""

    def __init__(self, settings: ImapSettings, timeout: float = 30.0):
        self.settings = settings
        if settings.insecure:
            check_insecure(settings.host)
        try:
            if settings.insecure:
                self.connection: imaplib.IMAP4 = imaplib.IMAP4(settings.host, settings.port or 143, timeout=timeout)
            else:
                self.connection = imaplib.IMAP4_SSL(settings.host, settings.port or 993,
                                                    ssl_context=ssl.create_default_context(), timeout=timeout)
            self.connection.login(settings.user, settings.password)
            status, data = self.connection.select(_quote(settings.folder))
            if status != "OK":
                raise InboxError(f"SELECT {settings.folder}: {_text(data)}")
        except (OSError, imaplib.IMAP4.error) as exc:
            raise InboxError(str(exc) or type(exc).__name__) from exc

    def messages(self, limit: int) -> Iterable[mail.Incoming]:
        """Each message whole when its RFC822.SIZE is at most `limit`; else only its header, refused as too large.
        A message that cannot be read becomes an Incoming with a problem; only the mailbox failing raises."""
        criterion = "ALL" if self.settings.all_messages else "UNSEEN"
        try:
            status, data = self.connection.uid("SEARCH", None, criterion)
            if status != "OK":
                raise InboxError(f"SEARCH: {_text(data)}")
            uids = [uid.decode("ascii") for uid in (data[0] or b"").split()]
            for uid in uids:
                source = f"imap://{self.settings.host}/{self.settings.folder};UID={uid}"
                size = self._size(uid)
                part = "BODY.PEEK[HEADER]" if size is not None and size > limit else "BODY.PEEK[]"
                status, data = self.connection.uid("FETCH", uid, f"({part})")
                raw = next((item[1] for item in data if isinstance(item, tuple)), None)
                if status != "OK" or raw is None:
                    continue
                incoming = mail.incoming_from_bytes(raw, source, max(size or 0, len(raw)), limit)
                incoming.imap_uid = uid
                yield incoming
        except (OSError, imaplib.IMAP4.error) as exc:
            raise InboxError(str(exc) or type(exc).__name__) from exc

    def _size(self, uid: str) -> int | None:
        status, data = self.connection.uid("FETCH", uid, "(RFC822.SIZE)")
        found = re.search(rb"RFC822\.SIZE (\d+)", b" ".join(d if isinstance(d, bytes) else b"" for d in data or []))
        return int(found.group(1)) if status == "OK" and found else None

    def mark_seen(self, incoming: mail.Incoming) -> None:
        if incoming.imap_uid is None:
            return
        try:
            self.connection.uid("STORE", incoming.imap_uid, "+FLAGS", "(\\Seen)")
        except (OSError, imaplib.IMAP4.error) as exc:
            raise InboxError(str(exc) or type(exc).__name__) from exc

    def close(self) -> None:
        try:
            self.connection.close()
            self.connection.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


def _quote(folder: str) -> str:
    return folder if re.fullmatch(r"[A-Za-z0-9._/-]+", folder) else '"' + folder.replace('"', '\\"') + '"'


def _text(data: Any) -> str:
    return " ".join(d.decode("utf-8", "replace") if isinstance(d, bytes) else str(d) for d in (data or []))
