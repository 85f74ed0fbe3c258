"""`lkip-xls inbox` against hostile mail (issue 12): every attack is survived in a separate process within 30 s
and 500 MB, with no traceback, and the rest of the mailbox is answered. The messages are built with the email
library; headers it refuses to set (an encoded CR/LF, a raw ESC) go in through the compat32 policy, which
stores values as given."""

from __future__ import annotations

import email
import json
import mailbox
import os
import resource
import subprocess
import sys
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from lkip_xls.cli import _term
from lkip_xls.mail import messages as mail

from .conftest import SAMPLES
from .test_inbox import drafts, imap_server, message, read_draft, seen_uids  # noqa: F401 - imap_server: fixture

SECONDS = 30
MEMORY = 500 * 1024 * 1024
GOOD = ("Dinas Baik <baik@kota.go.id>", "LKjIP", "<baik-1@kota.go.id>")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`lkip-xls inbox ARGS` in its own process: it must end within SECONDS, peak under MEMORY, and print no
    traceback."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", "from lkip_xls.cli import main; main()", "inbox", *args],
                          capture_output=True, text=True, timeout=SECONDS, errors="surrogateescape",
                          env={**os.environ, "COLUMNS": "200", **(env or {})})
    assert time.monotonic() - start < SECONDS
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 < MEMORY
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def good_message(make_workbook=None) -> EmailMessage:
    data = make_workbook().read_bytes() if make_workbook else (SAMPLES / "ntt-2024.xlsx").read_bytes()
    return message(*GOOD, [("baik.xlsx", data)])


def raw_with(msg: EmailMessage, **headers: str) -> bytes:
    """The message's bytes with headers (Reply_To for Reply-To) set to raw values."""
    raw = email.message_from_bytes(bytes(msg), policy=policy.compat32)
    for name, value in headers.items():
        name = name.replace("_", "-")
        if name in raw:
            raw.replace_header(name, value)
        else:
            raw[name] = value
    return raw.as_bytes()


def body(draft: EmailMessage) -> str:
    """The draft's text on one line (it is wrapped at 76 characters)."""
    return " ".join(draft.get_body(("plain",)).get_content().split())


def index_of(out: Path) -> list[dict]:
    return json.loads((out / "inbox.json").read_text(encoding="utf-8"))["messages"]


def entry(out: Path, message_id: str) -> dict:
    found = [m for m in index_of(out) if m["message_id"] == message_id]
    assert len(found) == 1, index_of(out)
    return found[0]


def assert_good_answered(out: Path) -> None:
    draft = drafts(out)[GOOD[2]]
    assert "70,36%" in body(draft)
    assert entry(out, GOOD[2]).get("problem") is None


# --------------------------------------------------------------------------- headers

def test_encoded_crlf_and_controls_in_headers_are_cleaned_and_the_message_answered(tmp_path):
    hostile = raw_with(message("x <x@kota.go.id>", "LKjIP", "<x@kota.go.id>", []),
                       From="=?utf-8?q?Dinas=0D=0ABcc:_boss@evil.example?= <dinas@kota.go.id>",
                       Reply_To="=?utf-8?q?Sekretariat=0D=0ABcc:_x@evil.example?= <sekretariat@kota.go.id>",
                       Message_ID="=?utf-8?q?<crlf@kota.go.id>=0D=0ABcc:_boss@evil.example?=",
                       Subject="Laporan \x1b[2J\x07 =?utf-8?q?=1B]0;pwned=07_2024?=")
    folder = tmp_path / "surat"
    folder.mkdir()
    (folder / "1-hostile.eml").write_bytes(hostile)
    (folder / "2-good.eml").write_bytes(bytes(good_message()))
    out = tmp_path / "out"
    done = run(str(folder), "--out-dir", str(out), "--jobs", "1")
    assert done.returncode == 1, done.stdout  # the good workbook has errors; nothing unreadable
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout

    assert_good_answered(out)
    [hostile_entry] = [m for m in index_of(out) if m["message_id"] != GOOD[2]]
    assert hostile_entry["message_id"] == "<crlf@kota.go.id> Bcc: boss@evil.example"
    assert hostile_entry["from"] == '"Dinas Bcc: boss@evil.example" <dinas@kota.go.id>'
    assert hostile_entry["subject"] == "Laporan [2J ]0;pwned 2024"
    assert hostile_entry["to"] == ["sekretariat@kota.go.id"] and not hostile_entry["reply_to_differs"]
    draft = read_draft(out / hostile_entry["reply"])
    assert draft["To"].addresses[0].addr_spec == "sekretariat@kota.go.id" and len(draft["To"].addresses) == 1
    assert "Bcc" not in draft and draft["Subject"] == "Re: Laporan [2J ]0;pwned 2024"
    assert "\r" not in str(draft["In-Reply-To"]) and "\n" not in str(draft["In-Reply-To"])


def test_header_values_are_decoded_then_cleaned():
    assert mail.clean("a\r\n\tb\x1b[31m\x9b\u202ec \udcff") == "a b [31m c \ufffd"
    raw = raw_with(message("x <x@kota.go.id>", "s", "<m@kota>", []), From="=?utf-8?q?A=0Db?= <a@kota.go.id>")
    incoming = mail.parse_bytes(raw)
    assert incoming.sender == "A b <a@kota.go.id>" and incoming.reply_to == [("A b", "a@kota.go.id")]
    assert incoming.problem is None


def test_terminal_output_escapes_control_characters(tmp_path):
    assert _term("Dinas\x1b[2J\x07 \x9b\u202e.xlsx") == "Dinas\\x1b[2J\\x07 \\x9b\\u202e.xlsx"
    folder = tmp_path / "surat"
    folder.mkdir()
    os.mkfifo(folder / "jebakan\x1b[2J\x07.eml")
    (folder / "baik.eml").write_bytes(bytes(good_message()))
    done = run(str(folder), "--out-dir", str(tmp_path / "out"), "--jobs", "1")
    assert "jebakan\\x1b[2J\\x07.eml (bukan berkas biasa)" in done.stdout
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert_good_answered(tmp_path / "out")


# --------------------------------------------------------------------------- one message, its own guard

def nested(depth: int, inner: EmailMessage, sender: str | None = "Penerus <terus@kota.go.id>") -> bytes:
    """`inner` forwarded `depth` times, each forward a message/rfc822 around the previous one (built by
    prefixing: the email library's generator itself recurses per level)."""
    raw = bytes(inner)
    for level in range(depth):
        wrapper = EmailMessage()
        if sender:
            wrapper["From"] = sender
        wrapper["Subject"] = f"Fwd {level}"
        wrapper["Message-ID"] = f"<fwd-{level}@kota.go.id>"
        wrapper["MIME-Version"] = "1.0"
        wrapper["Content-Type"] = "message/rfc822"
        wrapper.set_payload("")
        raw = bytes(wrapper).rstrip(b"\n") + b"\n\n" + raw
    return raw


def test_a_forward_nested_a_thousand_deep_is_refused_with_a_reply_and_the_rest_answered(tmp_path):
    ntt = (SAMPLES / "ntt-2024.xlsx").read_bytes()
    inner = message("Asal <asal@kota.go.id>", "LKjIP", "<inner@kota.go.id>", [("dalam.xlsx", ntt)])
    (tmp_path / "1-deep.eml").write_bytes(nested(1000, inner))
    (tmp_path / "2-shallow.eml").write_bytes(nested(3, inner))
    (tmp_path / "3-good.eml").write_bytes(bytes(good_message()))
    out = tmp_path / "out"
    done = run(*(str(p) for p in sorted(tmp_path.glob("*.eml"))), "--out-dir", str(out), "--jobs", "1")
    assert done.returncode == 2, done.stdout
    assert_good_answered(out)
    deep = entry(out, "<fwd-999@kota.go.id>")
    assert deep["problem"]["code"] == "too-deep" and deep["attachments"] == []
    text = body(read_draft(out / deep["reply"]))
    assert "tidak dapat kami proses" in text and "lebih dari 10 lapis" in text
    assert "Tidak diproses: email berisi email terusan bertingkat" in done.stdout
    shallow = entry(out, "<fwd-2@kota.go.id>")  # three forwards deep: the workbook is found and answered
    assert [a["name"] for a in shallow["attachments"]] == ["dalam.xlsx"] and "problem" not in shallow
    import openpyxl

    rows = [row for row in openpyxl.load_workbook(out / "rekap.xlsx")["Pesan Masuk"].iter_rows(values_only=True)
            if row[3] == "Fwd 999"]
    assert rows[0][4] == "email berisi email terusan bertingkat lebih dari 10 lapis."


def test_a_message_that_fails_while_answered_gets_an_entry_and_the_run_goes_on(tmp_path, monkeypatch):
    from lkip_xls.api import InboxSettings, inbox
    from lkip_xls.mail import inbox as inbox_lib
    from lkip_xls.rules.analysis import Options

    (tmp_path / "1.eml").write_bytes(bytes(message("Rusak <rusak@kota.go.id>", "x", "<rusak@kota>", [])))
    (tmp_path / "2.eml").write_bytes(bytes(good_message()))
    draft = mail.draft_reply

    def failing(incoming, *args):
        if incoming.message_id == "<rusak@kota>" and not incoming.problem:
            raise ValueError("boom")
        return draft(incoming, *args)

    monkeypatch.setattr(inbox_lib.mail, "draft_reply", failing)
    out = tmp_path / "out"
    outcome = inbox(InboxSettings([tmp_path / "1.eml", tmp_path / "2.eml"]), out, Options(), jobs=1)
    assert outcome.run.exit_code == 2
    failed = entry(out, "<rusak@kota>")
    assert failed["problem"]["code"] == "failed" and "ValueError: boom" in failed["problem"]["detail"]
    assert "tidak dapat kami proses" in body(read_draft(out / failed["reply"]))
    assert_good_answered(out)


# --------------------------------------------------------------------------- sizes and sources

def test_messages_over_the_size_bound_are_refused_and_the_rest_answered(tmp_path):
    big = message("Besar <besar@kota.go.id>", "LKjIP besar", "<besar@kota.go.id>",
                  [("besar.xlsx", os.urandom(2 * 1024 * 1024))])
    folder = tmp_path / "surat"
    folder.mkdir()
    (folder / "1-big.eml").write_bytes(bytes(big))
    with open(folder / "2-sparse.eml", "wb") as handle:  # 4 GB of zeros, no header at all
        handle.truncate(4 * 1024 ** 3)
    (folder / "3-good.eml").write_bytes(bytes(good_message()))
    box = mailbox.mbox(tmp_path / "surat.mbox")
    for msg in (big, good_message()):
        box.add(msg)
    box.close()
    with open(tmp_path / "surat.mbox", "ab") as handle:  # and a last message that is one endless line
        handle.write(b"From x Mon Mar  3 08:00:00 2025\nFrom: Baris <baris@kota.go.id>\n\n" + b"A" * 5 * 1024 * 1024)

    for source in (folder, tmp_path / "surat.mbox"):
        out = tmp_path / f"out-{source.name}"
        done = run(str(source), "--out-dir", str(out), "--max-size", "1", "--jobs", "1")
        assert done.returncode == 2, done.stdout
        assert_good_answered(out)
        refused = entry(out, "<besar@kota.go.id>")
        assert refused["problem"]["code"] == "too-large" and refused["attachments"] == []
        assert "MB > 1.5 MB" in refused["problem"]["detail"]
        assert "ukuran email melebihi batas" in body(read_draft(out / refused["reply"]))
    zeros = [m for m in index_of(tmp_path / "out-surat") if m["source"].endswith("2-sparse.eml")]
    assert zeros[0]["problem"]["code"] == "too-large" and zeros[0]["reply"] is None
    line = [m for m in index_of(tmp_path / "out-surat.mbox") if m["from"].startswith("Baris")]
    assert line[0]["problem"]["code"] == "too-large" and line[0]["reply"]


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_device_or_fifo_source_is_refused_in_one_line(tmp_path, kind):
    source = Path("/dev/zero") if kind == "device" else tmp_path / "pipa"
    if kind == "fifo":
        os.mkfifo(source)
    done = run(str(source), "--out-dir", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stdout.strip() == f"Sumber surat ditolak: {source} (bukan berkas biasa)"
    assert not (tmp_path / "out" / "inbox.json").exists()


def test_maildir_reads_only_regular_files_inside_it(tmp_path):
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    maildir.add(good_message())
    inside = maildir.add(message("Dalam <dalam@kota.go.id>", "x", "<dalam@kota>", []))
    new = tmp_path / "Maildir" / "new"
    outside = tmp_path / "rahasia.eml"
    outside.write_bytes(bytes(message("Luar <luar@kota.go.id>", "x", "<luar@kota>", [])))
    (new / "1.dangling").symlink_to(tmp_path / "tidak-ada")
    (new / "2.outside").symlink_to(outside)
    (new / "3.inside").symlink_to(new / inside)
    (new / "4.loop").symlink_to(new / "4.loop")
    os.mkfifo(new / "5.fifo")
    out = tmp_path / "out"
    done = run(str(tmp_path / "Maildir"), "--out-dir", str(out), "--jobs", "1")
    assert done.returncode == 1, done.stdout
    assert_good_answered(out)
    ids = sorted(m["message_id"] for m in index_of(out))
    assert ids == ["<baik-1@kota.go.id>", "<dalam@kota>"]  # the symlink inside leads to the same message
    for name, reason in (("1.dangling", "tautan simbolik yang putus"), ("2.outside", "tautan simbolik ke luar"),
                         ("4.loop", "tautan simbolik yang putus"), ("5.fifo", "bukan berkas biasa")):
        assert f"{new / name} ({reason}" in done.stdout, done.stdout


# --------------------------------------------------------------------------- collisions and copies

def test_one_message_id_from_two_senders_gets_two_drafts(tmp_path):
    ntt = (SAMPLES / "ntt-2024.xlsx").read_bytes()
    first = message("Dinas A <a@kota.go.id>", "LKjIP", "<sama@kota.go.id>", [("a.xlsx", ntt)])
    second = message("Dinas B <b@kota.go.id>", "LKjIP", "<sama@kota.go.id>", [])
    for number, msg in enumerate((first, second)):
        (tmp_path / f"{number}.eml").write_bytes(bytes(msg))
    out = tmp_path / "out"
    sources = [str(tmp_path / "0.eml"), str(tmp_path / "1.eml")]
    run(*sources, "--out-dir", str(out), "--jobs", "1")
    entries = index_of(out)
    assert sorted(m["to"][0] for m in entries) == ["a@kota.go.id", "b@kota.go.id"]
    assert len({m["key"] for m in entries}) == 2 and len({m["reply"] for m in entries}) == 2
    assert len(list((out / "balasan").glob("*.eml"))) == 2
    run(*sources, "--out-dir", str(out), "--jobs", "1")  # read again: the same two entries, not four
    assert len(index_of(out)) == 2 and len(list((out / "balasan").glob("*.eml"))) == 2


def test_identical_attachments_are_processed_and_attached_once(tmp_path, make_workbook):
    data = make_workbook().read_bytes()
    msg = message("Dinas <d@kota.go.id>", "LKjIP", "<salinan@kota>", [("dinas.xlsx", data)] * 500)
    (tmp_path / "a.eml").write_bytes(bytes(msg))
    out = tmp_path / "out"
    done = run(str(tmp_path / "a.eml"), "--out-dir", str(out), "--lang", "en", "--jobs", "1")
    assert done.returncode == 0, done.stdout
    assert "1 attachment checked" in done.stdout  # "1 attachments" before the review of #17
    draft = drafts(out)["<salinan@kota>"]
    assert sorted(p.get_filename() for p in draft.iter_attachments()) == ["dinas_hasil.xlsx", "dinas_ringkasan.xlsx"]
    assert "attached 500 times to the same email; we checked it once" in body(draft)
    [attachment] = entry(out, "<salinan@kota>")["attachments"]
    assert attachment["copies"] == 500


# --------------------------------------------------------------------------- Reply-To

def test_a_reply_to_on_another_domain_is_used_but_flagged(tmp_path, make_workbook):
    data = make_workbook().read_bytes()
    other = message("Dinas <dinas@kota.go.id>", "LKjIP", "<lain@kota>", [("dinas.xlsx", data)],
                    reply_to="Penipu <minta@evil.example>")
    same = message("Dinas <dinas@kota.go.id>", "LKjIP", "<sama@kota>", [], reply_to="Sekretariat <sek@KOTA.go.id>")
    (tmp_path / "1.eml").write_bytes(bytes(other))
    (tmp_path / "2.eml").write_bytes(bytes(same))
    out = tmp_path / "out"
    done = run(str(tmp_path / "1.eml"), str(tmp_path / "2.eml"), "--out-dir", str(out), "--jobs", "1")
    assert entry(out, "<lain@kota>")["reply_to_differs"] is True
    assert entry(out, "<sama@kota>")["reply_to_differs"] is False
    assert str(drafts(out)["<lain@kota>"]["To"]) == "Penipu <minta@evil.example>"
    assert done.stdout.count("Perhatian: Reply-To (minta@evil.example) berbeda domain dengan From") == 1
    english = run(str(tmp_path / "1.eml"), "--out-dir", str(out), "--lang", "en")
    assert "Note: the Reply-To (minta@evil.example) is on another domain than From" in english.stdout


# --------------------------------------------------------------------------- IMAP

def test_imap_mark_seen_goes_on_past_a_hostile_message(tmp_path, imap_server):  # noqa: F811 - the fixture
    ntt = (SAMPLES / "ntt-2024.xlsx").read_bytes()
    inner = message("Asal <asal@kota.go.id>", "LKjIP", "<inner@kota.go.id>", [("dalam.xlsx", ntt)])
    imap_server.deliver(raw_with(message("x <x@kota.go.id>", "LKjIP", "<x@kota>", []),
                                 From="=?utf-8?q?Dinas=0D=0ABcc:_x@evil.example?= <dinas@kota.go.id>",
                                 Message_ID="=?utf-8?q?<crlf@kota.go.id>=0D=0A?="), "m0")
    imap_server.deliver(nested(1000, inner), "m1")
    imap_server.deliver(nested(1000, inner, sender=None), "m2")  # and without a sender to answer
    imap_server.deliver(bytes(message("Besar <besar@kota.go.id>", "LKjIP", "<besar@kota.go.id>",
                                      [("besar.xlsx", os.urandom(2 * 1024 * 1024))])), "m3")
    imap_server.deliver(bytes(good_message()), "m4")
    out = tmp_path / "out"
    done = run("--imap-host", imap_server.host, "--imap-port", str(imap_server.port), "--imap-user",
               imap_server.user, "--imap-insecure", "--out-dir", str(out), "--jobs", "1", "--mark-seen",
               "--max-size", "1", env={"LKIP_IMAP_PASSWORD": imap_server.password})
    assert done.returncode == 2, done.stdout + imap_server.log.read_text()
    assert_good_answered(out)
    assert "<crlf@kota.go.id>" in drafts(out)
    assert entry(out, "<besar@kota.go.id>")["problem"]["code"] == "too-large"  # by RFC822.SIZE, header only
    entries = index_of(out)
    assert len(entries) == 5 and sum(1 for m in entries if m.get("problem")) == 3
    assert "Tanpa draf balasan" in done.stdout
    assert len(seen_uids(imap_server)) == 4  # every message with a draft; the one without stays unseen


def test_an_entry_keyed_by_the_message_id_alone_is_replaced_not_doubled(tmp_path):
    (tmp_path / "a.eml").write_bytes(bytes(message("D <d@kota.go.id>", "x", "<lama@kota>", [])))
    out = tmp_path / "out"
    out.mkdir()
    old = {"message_id": "<lama@kota>", "key": mail.legacy_key("<lama@kota>"), "attachments": [], "reply": None}
    (out / "inbox.json").write_text(json.dumps({"version": 1, "messages": [old], "attachments": {}}))
    run(str(tmp_path / "a.eml"), "--out-dir", str(out))
    [new] = index_of(out)
    assert new["key"] != old["key"] and new["reply"]
