"""`lkip-xls inbox`: messages from .eml, mbox, Maildir and a real IMAP server become checked workbooks and
reply drafts; nothing is sent, nothing is written outside --out-dir."""

from __future__ import annotations

import email
import imaplib
import json
import mailbox
import shutil
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lkip_xls.cli import app
from lkip_xls.mail import messages as mail

from .conftest import SAMPLES

runner = CliRunner()
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def message(sender: str, subject: str, message_id: str, attachments: list[tuple[str, bytes]],
            reply_to: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "bappeda@kota.go.id"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 03 Mar 2025 08:00:00 +0700"
    msg["Message-ID"] = message_id
    if reply_to:
        msg["Reply-To"] = reply_to
    msg.set_content("Dengan hormat, terlampir LKjIP kami.")
    for name, data in attachments:
        msg.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    return msg


def agency_messages() -> list[EmailMessage]:
    ntt = (SAMPLES / "ntt-2024.xlsx").read_bytes()
    return [
        message("Yohanes Koperasi <dinas@ntt.go.id>", "LKjIP Dinas Koperasi 2024", "<ntt-1@ntt.go.id>",
                [("ntt-2024.xlsx", ntt), ("../../evil.xlsx", b"this is no zip, only a hostile name")],
                reply_to="Sekretariat <sekretariat@ntt.go.id>"),
        message("Dinas Lupa <lupa@kota.go.id>", "Re: laporan", "<lupa-1@kota.go.id>", []),
    ]


def read_draft(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def drafts(out: Path) -> dict[str, EmailMessage]:
    """Reply drafts by the Message-ID they answer."""
    return {str(d["In-Reply-To"]): d for d in map(read_draft, sorted((out / "balasan").glob("*.eml")))}


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def invoke(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, ["inbox", *args], env=env)


@pytest.fixture
def eml_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "surat"
    folder.mkdir()
    for number, msg in enumerate(agency_messages()):
        (folder / f"{number}.eml").write_bytes(bytes(msg))
    return folder


def test_eml_messages_get_reply_drafts_with_figures_and_workbooks(tmp_path, eml_dir):
    out = tmp_path / "out"
    before = files_under(tmp_path)
    result = invoke(*map(str, sorted(eml_dir.glob("*.eml"))), "--out-dir", str(out), "--jobs", "1")
    assert result.exit_code == 2, result.output  # the hostile attachment is unreadable
    assert {p for p in files_under(tmp_path) - before if out not in p.parents} == set()

    replies = drafts(out)
    ntt = replies["<ntt-1@ntt.go.id>"]
    assert ntt["To"] == "Sekretariat <sekretariat@ntt.go.id>"  # Reply-To wins over From
    assert ntt["Subject"] == "Re: LKjIP Dinas Koperasi 2024"
    assert ntt["References"] == "<ntt-1@ntt.go.id>"
    assert ntt["From"] == "lkip-xls@localhost"
    body = ntt.get_body(("plain",)).get_content()
    for text in ("Yth. Sekretariat", "70,36%", "Cukup Berhasil", "Jumlah kesalahan: 4; jumlah peringatan: 0",
                 "Anggaran!D4", "ntt-2024_hasil.xlsx", "merah", "evil.xlsx", "tidak terbaca"):
        assert text in body, text
    attached = {part.get_filename(): part.get_content_type() for part in ntt.iter_attachments()}
    assert attached == {"ntt-2024_hasil.xlsx": "/".join(XLSX), "ntt-2024_ringkasan.xlsx": "/".join(XLSX)}

    lupa = replies["<lupa-1@kota.go.id>"]
    assert lupa["Subject"] == "Re: laporan"  # no double Re:
    assert "lkip-template.xlsx" in lupa.get_body(("plain",)).get_content()
    assert {part.get_filename() for part in lupa.iter_attachments()} == {"lkip-template.xlsx"}
    for draft in replies.values():  # mail programs open them as drafts, not as received mail
        assert draft["X-Unsent"] == "1" and draft["Message-ID"] and draft["Date"]
    assert len({draft["Message-ID"] for draft in replies.values()}) == len(replies)

    # the hostile name lands inside lampiran/<hash>/ under a safe name
    saved = sorted(p.name for p in (out / "lampiran").rglob("*.xlsx"))
    assert saved == ["evil.xlsx", "ntt-2024.xlsx"]
    assert (out / "ntt-2024_hasil.xlsx").is_file() and (out / "ntt-2024_ringkasan.xlsx").is_file()


def test_signature_closes_every_draft(tmp_path, eml_dir):
    out = tmp_path / "out"
    invoke(*map(str, sorted(eml_dir.glob("*.eml"))), "--out-dir", str(out), "--jobs", "1", "--from",
           "bappeda@kota.go.id", "--signature", "Siti Aminah\\nSubbidang Evaluasi, Bappeda\\nTelp. 0380-123456")
    for draft in drafts(out).values():
        body = draft.get_body(("plain",)).get_content()
        assert "Siti Aminah\nSubbidang Evaluasi, Bappeda\nTelp. 0380-123456" in body
        assert draft["Message-ID"].endswith("@kota.go.id>")


def test_index_records_every_message_and_a_second_run_reuses_results(tmp_path, eml_dir):
    out = tmp_path / "out"
    sources = list(map(str, sorted(eml_dir.glob("*.eml"))))
    invoke(*sources, "--out-dir", str(out), "--jobs", "1")
    hasil_time = (out / "ntt-2024_hasil.xlsx").stat().st_mtime_ns
    index = json.loads((out / "inbox.json").read_text(encoding="utf-8"))
    entries = {m["message_id"]: m for m in index["messages"]}
    ntt = entries["<ntt-1@ntt.go.id>"]
    assert ntt["from"] == "Yohanes Koperasi <dinas@ntt.go.id>" and ntt["subject"] == "LKjIP Dinas Koperasi 2024"
    assert ntt["date"] and ntt["processed_at"] and (out / ntt["reply"]).is_file()
    assert [(a["name"], a["status"]) for a in ntt["attachments"]] == [("ntt-2024.xlsx", "errors"),
                                                                      ("evil.xlsx", "unreadable")]
    assert ntt["attachments"][0]["outputs"] == {"hasil": "ntt-2024_hasil.xlsx", "ringkasan": "ntt-2024_ringkasan.xlsx"}
    assert len(ntt["attachments"][0]["sha256"]) == 64
    assert entries["<lupa-1@kota.go.id>"]["attachments"] == []

    again = invoke(*sources, "--out-dir", str(out), "--lang", "en")
    assert again.exit_code == 2
    assert "0 attachments checked, 2 already checked before" in again.output
    assert (out / "ntt-2024_hasil.xlsx").stat().st_mtime_ns == hasil_time  # not processed twice
    index = json.loads((out / "inbox.json").read_text(encoding="utf-8"))
    assert len(index["messages"]) == 2  # updated, not appended twice
    body = drafts(out)["<ntt-1@ntt.go.id>"].get_body(("plain",)).get_content()
    assert "Average capaian: 70.36% (Cukup Berhasil)" in body and "already checked" in body
    assert len(list(drafts(out)["<ntt-1@ntt.go.id>"].iter_attachments())) == 2


def test_mbox_and_maildir_sources(tmp_path):
    box_path = tmp_path / "surat.mbox"
    box = mailbox.mbox(box_path)
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    for msg in agency_messages():
        box.add(msg)
        maildir.add(msg)
    box.close()
    for source in (box_path, tmp_path / "Maildir"):
        out = tmp_path / f"out-{source.name}"
        result = invoke(str(source), "--out-dir", str(out), "--jobs", "1")
        assert result.exit_code == 2, result.output
        assert set(drafts(out)) == {"<ntt-1@ntt.go.id>", "<lupa-1@kota.go.id>"}


def test_clean_workbook_exits_zero_and_a_resent_result_exits_with_its_status(tmp_path, make_workbook):
    clean = make_workbook().read_bytes()
    (tmp_path / "a.eml").write_bytes(bytes(message("Dinas <d@kota.go.id>", "LKjIP", "<ok@kota>",
                                                   [("dinas.xlsx", clean)])))
    out = tmp_path / "out"
    assert invoke(str(tmp_path / "a.eml"), "--out-dir", str(out)).exit_code == 0
    ntt = (SAMPLES / "ntt-2024.xlsx").read_bytes()
    (tmp_path / "b.eml").write_bytes(bytes(message("NTT <n@ntt.go.id>", "LKjIP", "<err@ntt>", [("x.xlsx", ntt)])))
    assert invoke(str(tmp_path / "b.eml"), "--out-dir", str(out)).exit_code == 1


def test_same_name_from_two_agencies_does_not_overwrite_outputs(tmp_path, make_workbook):
    first = make_workbook().read_bytes()
    second = (SAMPLES / "ntt-2024.xlsx").read_bytes()
    for number, data in enumerate((first, second)):
        msg = message(f"Dinas {number} <d{number}@kota.go.id>", "LKjIP", f"<m{number}@kota>", [("lkip.xlsx", data)])
        (tmp_path / f"{number}.eml").write_bytes(bytes(msg))
    out = tmp_path / "out"
    invoke(str(tmp_path / "0.eml"), str(tmp_path / "1.eml"), "--out-dir", str(out))
    assert (out / "lkip_hasil.xlsx").is_file() and (out / "lkip-2_hasil.xlsx").is_file()


@pytest.mark.parametrize(("name", "expected"), [
    ("../../evil.xlsx", "evil.xlsx"),
    ("..\\..\\windows\\evil.XLSM", "evil.xlsm"),
    ("/etc/passwd", "passwd.xlsx"),
    ("..xlsx", "lampiran.xlsx"),
    ("Laporan Kinerja; rm -rf ~.xlsx", "Laporan Kinerja_ rm -rf.xlsx"),
    ("Rekapitulasi Évaluasi\n\t2024.xlsx", "Rekapitulasi Evaluasi_2024.xlsx"),
    ("Capaian Dinas Koperasi (final) 2024 – revisi.xlsx", "Capaian Dinas Koperasi _final_ 2024 _ revisi.xlsx"),
])
def test_attachment_names_are_sanitised(name, expected):
    assert mail.safe_filename(name) == expected


def test_attachment_names_are_capped_and_collision_free():
    long = mail.safe_filename("a" * 500 + ".xlsx")
    assert len(long) <= mail.MAX_NAME and long.endswith(".xlsx")
    assert mail.safe_filename("Data.xlsx", {"data.xlsx", "data-2.xlsx"}) == "Data-3.xlsx"


def test_oversized_attachment_is_unreadable_and_not_saved(tmp_path):
    big = b"PK\x03\x04" + b"\0" * (1024 * 1024 + 10)
    (tmp_path / "a.eml").write_bytes(bytes(message("D <d@kota.go.id>", "LKjIP", "<big@kota>", [("big.xlsx", big)])))
    out = tmp_path / "out"
    result = invoke(str(tmp_path / "a.eml"), "--out-dir", str(out), "--max-size", "1")
    assert result.exit_code == 2
    assert not list((out / "lampiran").rglob("*.xlsx")) if (out / "lampiran").exists() else True
    assert "terlalu besar" in drafts(out)["<big@kota>"].get_body(("plain",)).get_content()


def test_usage_errors(tmp_path):
    assert invoke("--out-dir", str(tmp_path)).exit_code == 2
    refused = invoke("--out-dir", str(tmp_path), "--imap-host", "mail.example.org", "--imap-user", "u",
                     "--imap-insecure", env={"LKIP_IMAP_PASSWORD": "x"})
    assert refused.exit_code == 2 and "loopback" in refused.output
    no_password = invoke("--out-dir", str(tmp_path), "--imap-host", "127.0.0.1", "--imap-user", "u",
                         "--imap-insecure", env={"LKIP_IMAP_PASSWORD": ""})
    assert no_password.exit_code == 2 and "LKIP_IMAP_PASSWORD" in no_password.output
    assert "--password" not in invoke("--help").output


# --------------------------------------------------------------------------- a real IMAP server

@pytest.fixture
def imap_server(tmp_path):
    from . import dovecot

    if dovecot.binary() is None:
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd); the IMAP test needs a real server")

    with dovecot.running(tmp_path / "dovecot") as server:
        yield server


def seen_uids(server) -> list[bytes]:
    connection = imaplib.IMAP4(server.host, server.port)
    try:
        connection.login(server.user, server.password)
        connection.select("INBOX", readonly=True)
        return connection.uid("SEARCH", None, "SEEN")[1][0].split()
    finally:
        connection.logout()


def test_imap_mailbox_on_a_real_dovecot(tmp_path, imap_server):
    for number, msg in enumerate(agency_messages()):
        imap_server.deliver(bytes(msg), f"m{number}")
    out = tmp_path / "out"
    imap = ["--imap-host", imap_server.host, "--imap-port", str(imap_server.port), "--imap-user", imap_server.user,
            "--imap-insecure", "--out-dir", str(out), "--jobs", "1"]
    env = {"LKIP_IMAP_PASSWORD": imap_server.password}

    peek = invoke(*imap, env=env)
    assert peek.exit_code == 2, peek.output + imap_server.log.read_text()
    assert set(drafts(out)) == {"<ntt-1@ntt.go.id>", "<lupa-1@kota.go.id>"}
    ntt = drafts(out)["<ntt-1@ntt.go.id>"]
    assert ntt["From"] == imap_server.user
    assert "70,36%" in ntt.get_body(("plain",)).get_content()
    assert seen_uids(imap_server) == []  # BODY.PEEK: reading marks nothing seen

    marked = invoke(*imap, "--mark-seen", env=env)
    assert marked.exit_code == 2 and "0 lampiran diperiksa, 2 sudah pernah diperiksa" in marked.output
    assert len(seen_uids(imap_server)) == 2

    shutil.rmtree(out / "balasan")
    nothing = invoke(*imap, env=env)
    assert nothing.exit_code == 0 and "0 pesan" in nothing.output
    assert not (out / "balasan").exists()
    assert len(json.loads((out / "inbox.json").read_text(encoding="utf-8"))["messages"]) == 2

    everything = invoke(*imap, "--all", env=env)
    assert everything.exit_code == 2 and len(drafts(out)) == 2

    wrong = invoke(*imap, env={"LKIP_IMAP_PASSWORD": "salah"})
    assert wrong.exit_code == 2 and "Kotak surat tidak dapat dibaca" in wrong.output
    assert "Traceback" not in wrong.output


def test_readme_documents_inbox():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for text in ("lkip-xls inbox", "--imap-insecure", "LKIP_IMAP_PASSWORD", "--mark-seen", "inbox.json"):
        assert text in readme, text


def test_inbox_writes_one_recap_with_every_agency_and_a_row_per_message(tmp_path, eml_dir):
    import openpyxl

    out = tmp_path / "out"
    invoke(*map(str, sorted(eml_dir.glob("*.eml"))), "--out-dir", str(out), "--jobs", "1")
    workbook = openpyxl.load_workbook(out / "rekap.xlsx")
    assert workbook.sheetnames[0] == "Narasi" and "Pesan Masuk" in workbook.sheetnames
    recap = [row for row in workbook["Rekap"].iter_rows(values_only=True) if "ntt-2024_hasil.xlsx" in row]
    assert len(recap) == 1  # the agency answered, from its _hasil
    messages = [row for row in workbook["Pesan Masuk"].iter_rows(min_row=5, values_only=True) if row[0]]
    assert [(row[2], row[4]) for row in messages] == [
        ("Yohanes Koperasi <dinas@ntt.go.id>", "ntt-2024.xlsx (ada kesalahan); evil.xlsx (tidak terbaca)"),
        ("Dinas Lupa <lupa@kota.go.id>", "tanpa berkas Excel (diminta mengirim)"),
    ]
    assert messages[0][5] == 4 and str(messages[0][7]).startswith("balasan/")
    narrative = " ".join(str(c.value) for row in workbook["Narasi"].iter_rows() for c in row if c.value)
    assert "2 (dua) pesan diterima, 1 (satu) di antaranya tanpa berkas laporan" in narrative
    again = runner.invoke(app, ["rekap", str(out), "--out", str(tmp_path / "r.xlsx"), "-q"])
    assert "Pesan Masuk" in openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames, again.output


# ------------------------------------------------------------------- review of issue #17: the drafts as sent

def test_a_draft_without_signature_or_real_sender_asks_the_officer_to_sign(tmp_path, eml_dir):
    out = tmp_path / "out"
    invoke(*map(str, sorted(eml_dir.glob("*.eml"))), "--out-dir", str(out), "--jobs", "1")
    for draft in drafts(out).values():
        body = draft.get_body(("plain",)).get_content()
        assert "Hormat kami,\n[nama, jabatan dan nomor telepon petugas]" in body
        assert "lkip-xls@localhost" not in body  # the tool's own address never signs a letter


def test_a_real_from_address_signs_when_there_is_no_signature():
    assert mail.closing_lines(None, "Bappeda <evaluasi@bappeda.go.id>", "id") == "evaluasi@bappeda.go.id"
    assert mail.closing_lines("  ", "lkip-xls@localhost", "en") == "[name, position and telephone of the officer]"
    assert mail.closing_lines("Siti\nBappeda", "evaluasi@bappeda.go.id", "id") == "Siti\nBappeda"


def test_the_message_id_of_a_draft_stays_on_one_header_line(tmp_path, eml_dir):
    out = tmp_path / "out"
    invoke(*map(str, sorted(eml_dir.glob("*.eml"))), "--out-dir", str(out), "--jobs", "1", "--from",
           "petugas.evaluasi.kinerja@bappeda.provinsi-nusa-tenggara-timur.go.id")
    for path in (out / "balasan").glob("*.eml"):
        head = path.read_bytes().split(b"\n\n", 1)[0].decode("ascii")
        line = next(line for line in head.splitlines() if line.startswith("Message-ID:"))
        assert line.startswith("Message-ID: <") and line.endswith(">") and len(line) <= 78, line


def test_the_english_reply_without_a_workbook_attaches_the_english_template(tmp_path, eml_dir):
    import io

    import openpyxl

    out = tmp_path / "out"
    runner.invoke(app, ["--lang", "en", "inbox", *map(str, sorted(eml_dir.glob("*.eml"))), "--out-dir", str(out),
                        "--jobs", "1"])
    lupa = drafts(out)["<lupa-1@kota.go.id>"]
    body = lupa.get_body(("plain",)).get_content()
    assert "Kind regards,\n[name, position and telephone of the officer]" in body
    template = next(lupa.iter_attachments()).get_payload(decode=True)
    petunjuk = openpyxl.load_workbook(io.BytesIO(template))["Petunjuk"]
    assert str(petunjuk["A1"].value).startswith("How to fill in")


def test_a_foreign_rekap_xlsx_in_the_out_dir_stops_the_run_before_anything_is_written(tmp_path, eml_dir):
    out = tmp_path / "out"
    out.mkdir()
    stranger = out / "rekap.xlsx"
    stranger.write_text("bukan rekap")
    result = invoke(*map(str, sorted(eml_dir.glob("*.eml"))), "--out-dir", str(out), "--jobs", "1")
    assert result.exit_code == 2, result.output
    assert "--out-dir" in result.output
    assert stranger.read_text() == "bukan rekap"
    assert files_under(out) == {stranger}
