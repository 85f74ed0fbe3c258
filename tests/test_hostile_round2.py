"""Hostile input, round 2 (issue 12): every attack is refused or survived within seconds and bounded memory,
without a traceback; the rest of a batch goes on; no command overwrites an input."""

from __future__ import annotations

import json
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lkip_xls import api
from lkip_xls.cli import app
from lkip_xls.read import guard

from .conftest import SAMPLES, minimal_data, write_plain_workbook
from .test_hostile import reason, rezip

runner = CliRunner()
NTT = SAMPLES / "ntt-2024.xlsx"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_sheet(source: Path, target: Path, body: bytes | None = None, write=None, name: str = "Lain") -> Path:
    """`source` with one more worksheet (xl/worksheets/extra.xml) whose XML is `body`, or written by
    `write(stream)` (for parts too big to hold in memory)."""
    def change(member: str, data: bytes) -> bytes:
        if member == "[Content_Types].xml":
            return data.replace(b"</Types>", f'<Override PartName="/xl/worksheets/extra.xml" ContentType='
                                             f'"{CT_WORKSHEET}"/></Types>'.encode())
        if member == "xl/workbook.xml":
            return data.replace(b"</sheets>", f'<sheet xmlns:r="{REL_NS}" name="{name}" sheetId="999" '
                                              f'r:id="rIdX9"/></sheets>'.encode())
        if member == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", f'<Relationship Id="rIdX9" Type="{REL_NS}/worksheet" '
                                                     f'Target="worksheets/extra.xml"/></Relationships>'.encode())
        return data

    rezip(source, target, change)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/extra.xml", "w", force_zip64=True) as stream:
            if write is not None:
                write(stream)
            else:
                stream.write(body or b"")
    return target


SHEET_HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def both_refuse(path: Path, tmp_path: Path, why: str) -> None:
    assert reason(path) == why
    result = api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    assert result.status == "unreadable" and result.findings[0].params["reason"] == why
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


# --------------------------------------------------------------------------- what a part may make us allocate


@pytest.mark.parametrize("where", ["merge", "hyperlink", "comment"])
def test_a_whole_sheet_range_is_refused(tmp_path, where):
    def change(member: str, data: bytes) -> bytes:
        if where == "merge" and member == "xl/worksheets/sheet3.xml":
            return data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
                                                 b"</mergeCells>", 1)
        if where == "hyperlink" and member == "xl/worksheets/sheet3.xml":
            return data.replace(b"</sheetData>", b'</sheetData><hyperlinks><hyperlink ref="A1:XFD1048576" '
                                                 b'location="IKU!A1"/></hyperlinks>', 1)
        if where == "comment" and member == "xl/comments/comment2.xml":
            return re.sub(rb'ref="[A-Z]+\d+"', b'ref="A1:XFD1048576"', data, count=1)
        return data

    both_refuse(rezip(NTT, tmp_path / f"{where}.xlsx", change), tmp_path, "range-too-large")


def test_a_reference_outside_the_grid_is_refused(tmp_path):
    path = rezip(NTT, tmp_path / "luar.xlsx", lambda member, data: data.replace(
        b"</sheetData>", b'</sheetData><dataValidations count="1"><dataValidation sqref="A1:XFE2000000"/>'
                         b"</dataValidations>", 1) if member == "xl/worksheets/sheet3.xml" else data)
    both_refuse(path, tmp_path, "range-too-large")


def test_whole_column_validations_as_excel_writes_them_are_accepted(tmp_path):
    path = rezip(NTT, tmp_path / "kolom.xlsx", lambda member, data: data.replace(
        b"</sheetData>", b'</sheetData><dataValidations count="1"><dataValidation type="list" sqref="F4:F1048576 '
                         b'A1:XFD1048576"><formula1>"Naik,Turun"</formula1></dataValidation></dataValidations>', 1)
        if member == "xl/worksheets/sheet3.xml" else data)
    assert api.check_file(path).status == "errors"


def test_an_extra_sheet_of_small_cells_is_counted_while_streaming(tmp_path):
    """No <dimension>, rows and columns within their limits: only counting the cells finds it."""
    row = b"<row>" + b"<c><v>1</v></c>" * 1000 + b"</row>"

    def write(stream):
        stream.write(SHEET_HEAD + b"<sheetData>")
        for _ in range(guard.MAX_CELLS // 1000 + 1):
            stream.write(row)
        stream.write(b"</sheetData></worksheet>")

    both_refuse(add_sheet(NTT, tmp_path / "sel.xlsx", write=write), tmp_path, "too-many-cells")


def test_many_sheets_are_refused(tmp_path):
    def change(member: str, data: bytes) -> bytes:
        if member == "xl/workbook.xml":
            extra = b"".join(f'<sheet xmlns:r="{REL_NS}" name="S{i}" sheetId="{1000 + i}" r:id="rId1"/>'.encode()
                             for i in range(guard.MAX_SHEETS + 1))
            return data.replace(b"</sheets>", extra + b"</sheets>")
        return data

    both_refuse(rezip(NTT, tmp_path / "lembar.xlsx", change), tmp_path, "too-many-sheets")


def test_many_styles_are_refused(tmp_path):
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    path = rezip(NTT, tmp_path / "gaya.xlsx", lambda member, data: re.sub(
        rb"(<cellXfs[^>]*>)", lambda m: m.group(1) + xf * (guard.MAX_STYLES + 1), data, count=1)
        if member == "xl/styles.xml" else data)
    both_refuse(path, tmp_path, "too-many-styles")


def test_many_shared_strings_are_refused(tmp_path):
    def change(member: str, data: bytes) -> bytes:
        if member == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/xl/teks.xml" ContentType="application/vnd.'
                                             b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        if member == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", f'<Relationship Id="rIdS" Type="{REL_NS}/sharedStrings" '
                                                     f'Target="teks.xml"/></Relationships>'.encode())
        return data

    path = rezip(NTT, tmp_path / "teks.xlsx", change)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:  # found through its relationship
        archive.writestr("xl/teks.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                         + b"<si><t>a</t></si>" * (guard.MAX_STRINGS + 1) + b"</sst>")
    both_refuse(path, tmp_path, "too-many-strings")


def test_every_reason_has_its_words_in_both_languages():
    from lkip_xls.text.messages import UNREADABLE

    package = Path(api.__file__).parent
    reasons = {found for path in package.rglob("*.py")
               for found in re.findall(r'FileUnreadable\(\s*"([a-z0-9-]+)"', path.read_text(encoding="utf-8"))}
    assert reasons - set(UNREADABLE) == set()
    assert all(set(words) == {"id", "en"} for words in UNREADABLE.values())


def test_limits_are_constants_listed_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name in ("MAX_SHEETS", "MAX_CELLS", "MAX_WORKBOOK_CELLS", "MAX_STYLES", "MAX_STRINGS", "MAX_RANGES",
                 "MAX_MERGES", "MAX_ROWS", "MAX_COLUMNS", "MAX_MEMBERS"):
        assert f"{getattr(guard, name):,}" in readme, name


# --------------------------------------------------------------------------- one package reader


def decoy(tmp_path: Path) -> Path:
    """A package whose relationships name `xl/real.xml` as the workbook part (with its own sheets, strings and
    styles under other names) while a decoy `xl/workbook.xml` with other figures lies beside it."""
    real_data = minimal_data()
    real_data["Identitas"]["Nama Instansi"] = "Dinas Asli"
    fake_data = minimal_data()
    fake_data["Identitas"]["Nama Instansi"] = "Dinas Umpan"
    fake_data["IKU"][0]["Realisasi"] = 8
    real = write_plain_workbook(tmp_path / "real-src.xlsx", real_data)
    fake = write_plain_workbook(tmp_path / "fake-src.xlsx", fake_data)
    renames = [(b"xl/workbook.xml", b"xl/real.xml"), (b"_rels/workbook.xml.rels", b"_rels/real.xml.rels"),
               (b"worksheets/sheet", b"worksheets/real"), (b"sharedStrings.xml", b"realStrings.xml"),
               (b"styles.xml", b"realStyles.xml")]

    def renamed(text: bytes) -> bytes:
        for old, new in renames:
            text = text.replace(old, new)
        return text

    target = tmp_path / "umpan.xlsx"
    with zipfile.ZipFile(real) as src, zipfile.ZipFile(fake) as other, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith(".rels") or item.filename == "[Content_Types].xml":
                data = renamed(data)
            if item.filename == "[Content_Types].xml":  # the decoy is declared a workbook too
                data = data.replace(b"</Types>", b'<Override PartName="/xl/workbook.xml" ContentType="application/'
                                                 b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                                                 b"</Types>")
            dst.writestr(renamed(item.filename.encode()).decode(), data)
        for item in other.infolist():
            if item.filename.startswith(("xl/workbook.xml", "xl/_rels/workbook", "xl/worksheets/",
                                         "xl/sharedStrings", "xl/styles")):
                dst.writestr(item.filename, other.read(item))
    with zipfile.ZipFile(target) as archive:
        assert "xl/workbook.xml" in archive.namelist() and "xl/real.xml" in archive.namelist()
    return target


def test_a_decoy_workbook_part_is_never_read(tmp_path):
    path = decoy(tmp_path)
    checked = api.check_file(path)
    assert checked.status == "ok", [(f.code, f.cell) for f in checked.findings]
    assert checked.analysis.data.identitas.agency == "Dinas Asli"
    assert checked.analysis.results.indicators[0].indicator.actual == 84
    processed = api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    assert processed.analysis.data.identitas.agency == "Dinas Asli"
    again = api.check_file(Path(processed.outputs["hasil"]))
    assert again.analysis.data.identitas.agency == "Dinas Asli"
    assert [(i.indicator.code, i.value) for i in again.analysis.results.indicators] == \
        [(i.indicator.code, i.value) for i in checked.analysis.results.indicators]
    result = runner.invoke(app, ["rekap", str(path), "--out", str(tmp_path / "rekap.xlsx"), "--json", "-"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["instansi"] == "Dinas Asli"
    values = [v for row in openpyxl.load_workbook(tmp_path / "rekap.xlsx")["Rekap"].iter_rows(values_only=True)
              for v in row]
    assert "Dinas Asli" in values and "Dinas Umpan" not in values


def test_a_package_whose_relationships_name_no_workbook_is_not_an_xlsx(tmp_path):
    path = rezip(NTT, tmp_path / "tanpa.xlsx", lambda member, data: data.replace(b"officeDocument", b"other")
                 if member == "_rels/.rels" else data)
    both_refuse(path, tmp_path, "not-xlsx")


def test_a_sheet_whose_part_is_missing_is_corrupt(tmp_path):
    path = rezip(NTT, tmp_path / "hilang.xlsx", lambda member, data: None if member == "xl/worksheets/sheet6.xml"
                 else data)
    both_refuse(path, tmp_path, "corrupt")


# --------------------------------------------------------------------------- DTDs in every encoding


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_a_dtd_in_a_utf16_part_is_refused(tmp_path, encoding):
    laughs = '<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'

    def change(member: str, data: bytes) -> bytes:
        if member != "xl/styles.xml":
            return data
        text = data.decode("utf-8")
        text = re.sub(r"^<\?xml[^>]*\?>", "", text)
        bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff", "utf-16": ""}[encoding]
        return (bom + '<?xml version="1.0" encoding="UTF-16"?>' + laughs + text).encode(encoding)

    both_refuse(rezip(NTT, tmp_path / "u16.xlsx", change), tmp_path, "xml-attack")


def test_a_part_in_utf16_without_a_dtd_is_read(tmp_path):
    def change(member: str, data: bytes) -> bytes:
        if member != "xl/worksheets/sheet1.xml":
            return data
        text = re.sub(r"^<\?xml[^>]*\?>", "", data.decode("utf-8"))
        return ('\ufeff<?xml version="1.0" encoding="UTF-16"?>' + text).encode("utf-16-le")

    path = rezip(NTT, tmp_path / "u16.xlsx", change)
    assert api.check_file(path).status == api.check_file(NTT).status == "errors"


@pytest.mark.parametrize("encoding", ["UTF-7", "cp037"])
def test_an_encoding_ooxml_does_not_allow_is_refused(tmp_path, encoding):
    path = rezip(NTT, tmp_path / "enc.xlsx", lambda member, data: re.sub(
        rb'^<\?xml[^>]*\?>|^', f'<?xml version="1.0" encoding="{encoding}"?>'.encode(), data, count=1)
        if member == "xl/styles.xml" else data)
    both_refuse(path, tmp_path, "corrupt")


# --------------------------------------------------------------------------- messages


def ole_file(path: Path, streams: list[str], padding: int) -> Path:
    """A minimal OLE compound file: header, `padding` bytes of stream data, one FAT sector, one directory
    sector holding `streams` (after the root entry), in that order, as Excel puts big streams first."""
    size = 4096  # version 4: one FAT sector maps 1,024 sectors (4 MB)
    data_sectors = (padding + size - 1) // size
    fat_sector, directory_sector = data_sectors, data_sectors + 1
    assert directory_sector < size // 4
    header = bytearray(size)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHH", header, 0x1A, 0x3E, 4, 0xFFFE)
    struct.pack_into("<H", header, 0x1E, 12)
    struct.pack_into("<H", header, 0x20, 6)
    struct.pack_into("<II", header, 0x2C, 1, directory_sector)
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<III", header, 0x3C, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into("<I", header, 0x48, 0)
    struct.pack_into("<109I", header, 0x4C, fat_sector, *([0xFFFFFFFF] * 108))
    fat = [0xFFFFFFFF] * (size // 4)
    for i in range(data_sectors):
        fat[i] = i + 1 if i + 1 < data_sectors else 0xFFFFFFFE
    fat[fat_sector] = 0xFFFFFFFD
    fat[directory_sector] = 0xFFFFFFFE
    directory = bytearray(size)
    for index, name in enumerate(["Root Entry", *streams][:4]):
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory[index * 128:index * 128 + len(encoded)] = encoded
        struct.pack_into("<H", directory, index * 128 + 0x40, len(encoded))
        directory[index * 128 + 0x42] = 5 if index == 0 else 2
    body = b"\x11" * (data_sectors * size)
    path.write_bytes(bytes(header) + body + struct.pack(f"<{size // 4}I", *fat) + bytes(directory))
    return path


def test_an_encrypted_workbook_is_known_by_its_ole_directory_even_after_the_first_megabyte(tmp_path):
    encrypted = ole_file(tmp_path / "rahasia.xlsx", ["EncryptionInfo", "EncryptedPackage"], 3 * 1024 * 1024)
    assert encrypted.stat().st_size > 3 * 1024 * 1024
    assert reason(encrypted) == "encrypted"
    assert reason(ole_file(tmp_path / "lama.xls", ["Workbook", "\x05SummaryInformation"], 4096)) == "xls"


def test_a_broken_ole_file_is_still_told_apart_by_a_bounded_search(tmp_path):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * (2 * 1024 * 1024) + "EncryptedPackage".encode(
        "utf-16-le"))
    assert reason(path) == "encrypted"


def test_a_corrupt_deflate_stream_is_called_corrupt(tmp_path):
    path = rezip(NTT, tmp_path / "rusak.xlsx", lambda member, data: data)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet3.xml")
        offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw = bytearray(path.read_bytes())
    for i in range(offset + 40, offset + 60):
        raw[i] ^= 0xFF
    path.write_bytes(bytes(raw))
    both_refuse(path, tmp_path, "corrupt")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "internal" not in result.output and "internal" not in result.output.lower()


# --------------------------------------------------------------------------- no command overwrites an input


def test_process_json_onto_an_input_is_a_usage_error(tmp_path):
    path = write_plain_workbook(tmp_path / "X.xlsx", minimal_data())
    before = path.read_bytes()
    result = runner.invoke(app, ["process", str(path), "--out-dir", str(tmp_path / "out"), "--json", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and "--json" in result.output
    assert path.read_bytes() == before and not (tmp_path / "out").exists()


@pytest.mark.parametrize("output", ["X_hasil.xlsx", "X_ringkasan.xlsx"])
def test_process_json_onto_an_output_of_the_run_is_a_usage_error(tmp_path, output):
    path = write_plain_workbook(tmp_path / "X.xlsx", minimal_data())
    result = runner.invoke(app, ["process", str(path), "--json", str(tmp_path / output)])
    assert result.exit_code == 2 and "--json" in result.output, result.output
    assert not (tmp_path / output).exists()  # the JSON would have replaced the workbook just written


@pytest.mark.parametrize("command", ["check", "process"])
def test_json_onto_a_hard_link_or_symlink_of_an_input_is_a_usage_error(tmp_path, command):
    path = write_plain_workbook(tmp_path / "X.xlsx", minimal_data())
    (tmp_path / "keras.xlsx").hardlink_to(path)
    (tmp_path / "lunak.xlsx").symlink_to(path)
    before = path.read_bytes()
    for alias in ("keras.xlsx", "lunak.xlsx"):
        result = runner.invoke(app, [command, str(tmp_path), "--json", str(tmp_path / alias)])
        assert result.exit_code == 2, result.output
    assert path.read_bytes() == before


def test_rekap_out_onto_a_named_input_is_a_usage_error(tmp_path):
    a = write_plain_workbook(tmp_path / "A.xlsx", minimal_data())
    b = write_plain_workbook(tmp_path / "B.xlsx", minimal_data())
    before = a.read_bytes()
    result = runner.invoke(app, ["rekap", str(a), str(b), "--out", str(a)])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1 and "--out" in result.output
    assert a.read_bytes() == before
    (tmp_path / "link.xlsx").hardlink_to(b)
    result = runner.invoke(app, ["rekap", str(a), str(b), "--out", str(tmp_path / "link.xlsx")])
    assert result.exit_code == 2
    result = runner.invoke(app, ["rekap", str(a), str(b), "--out", str(tmp_path / "r.xlsx"), "--json", str(b)])
    assert result.exit_code == 2 and b.read_bytes() == (tmp_path / "link.xlsx").read_bytes()


def test_an_output_that_is_another_input_of_the_batch_is_refused(tmp_path):
    """`process a.xlsx a_ringkasan.xlsx`: a's summary would overwrite the second input."""
    a = write_plain_workbook(tmp_path / "a.xlsx", minimal_data())
    other = write_plain_workbook(tmp_path / "a_ringkasan.xlsx", minimal_data())
    before = other.read_bytes()
    results = api.process_files([a, other])
    assert results[0].status == "unreadable" and results[0].findings[0].params["reason"] == "output-is-input"
    assert other.read_bytes() == before


def test_process_onto_a_hard_link_of_its_own_input_is_refused(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "out").mkdir()
    source = write_plain_workbook(tmp_path / "src" / "X.xlsx", minimal_data())
    (tmp_path / "out" / "X_hasil.xlsx").hardlink_to(source)
    before = source.read_bytes()
    result = api.process_files([source], api.Options(out_dir=tmp_path / "out"))[0]
    assert result.status == "unreadable" and result.findings[0].params["reason"] == "output-is-input"
    assert source.read_bytes() == before


def test_template_never_overwrites_a_filled_workbook_but_regenerates_a_template(tmp_path):
    filled = write_plain_workbook(tmp_path / "laporan.xlsx", minimal_data())
    before = filled.read_bytes()
    result = runner.invoke(app, ["template", str(filled)])
    assert result.exit_code == 2 and filled.read_bytes() == before
    other = tmp_path / "catatan.xlsx"
    other.write_text("bukan workbook")
    assert runner.invoke(app, ["template", str(other)]).exit_code == 2
    assert runner.invoke(app, ["template", str(filled), "--force"]).exit_code == 2  # not even with --force
    assert filled.read_bytes() == before
    fresh = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["template", str(fresh)]).exit_code == 0
    again = runner.invoke(app, ["template", str(fresh)])  # any existing file needs --force
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(app, ["template", str(fresh), "--force"]).exit_code == 0


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("value", [1e308, -1e300, "1e999", 10**20, "999999999999 triliun"])
def test_absurd_numbers_are_a_finding_at_the_cell_and_json_stays_strict(tmp_path, value):
    data = minimal_data()
    placeholder = 123456.25 if value == "1e999" else value  # a number cell holding what no double can
    data["Anggaran"][0]["Pagu (Rp)"] = placeholder
    data["Anggaran"][1]["Pagu (Rp)"] = placeholder
    data["IKU"][0]["Realisasi"] = placeholder
    path = write_plain_workbook(tmp_path / "besar.xlsx", data)
    if value == "1e999":
        path = rezip(path, tmp_path / "inf.xlsx", lambda member, body: body.replace(
            b"<v>123456.25</v>", b"<v>1e999</v>") if member.startswith("xl/worksheets/") else body)
    result = runner.invoke(app, ["process", str(path), "--out-dir", str(tmp_path / "out"), "--json", "-"])
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    findings = document["files"][0]["findings"]
    assert len([f for f in findings if f["code"] == "NUMBER-OUT-OF-RANGE" and f["sheet"] == "Anggaran"]) == 2, \
        findings
    assert [f for f in findings if f["code"] == "NUMBER-OUT-OF-RANGE" and f["sheet"] == "IKU"]
    assert "internal" not in result.stdout


def test_tiny_residues_read_as_zero_and_capaian_stays_finite(tmp_path):
    data = minimal_data()
    data["IKU"][0]["Target"] = 1e-300
    data["IKU"][0]["Realisasi"] = 1e15
    result = runner.invoke(app, ["check", str(write_plain_workbook(tmp_path / "kecil.xlsx", data)), "--json", "-"])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))


def test_json_is_strict():
    from decimal import Decimal

    from lkip_xls.outputs import json_report

    assert json_report._number(Decimal("Infinity")) is None and json_report._number(Decimal("1e400")) is None
    with pytest.raises(ValueError):
        json.dumps(float("inf"), allow_nan=False)
    source = Path(json_report.__file__).read_text(encoding="utf-8")
    assert "allow_nan=False" in source


def test_a_file_name_that_is_not_utf8_never_crashes_json(tmp_path):
    import os
    import subprocess
    import sys

    folder = os.fsencode(tmp_path)
    name = folder + b"/laporan-\xff\xfe.xlsx"
    with open(name, "wb") as handle:
        handle.write(write_plain_workbook(tmp_path / "src.xlsx", minimal_data()).read_bytes())
    for target in ("-", str(tmp_path / "hasil.json")):
        done = subprocess.run([sys.executable, "-c", "from lkip_xls.cli import main; main()", "check",
                               os.fsdecode(name), "--json", target], capture_output=True, timeout=120,
                              env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"})
        assert done.returncode == 0, done.stderr
        assert b"Traceback" not in done.stderr + done.stdout
        text = done.stdout if target == "-" else Path(target).read_bytes()
        assert json.loads(text)["files"][0]["file"] == "laporan-\\xff\\xfe.xlsx"


# --------------------------------------------------------------------------- faults


def test_temporaries_of_a_killed_run_are_removed_by_the_next_run(tmp_path):
    import os
    import time

    from lkip_xls.outputs import files

    out = tmp_path / "out"
    out.mkdir()
    dead = out / f"{files.TEMP_PREFIX}999999-abc.xlsx"  # no such process
    old = out / ".lkip-lama.xlsx"  # an older version's name, two hours old
    alive = out / f"{files.TEMP_PREFIX}{os.getppid()}-def.xlsx"  # its writer still runs
    keep = out / "lkip-catatan.xlsx"
    for path in (dead, old, alive, keep):
        path.write_bytes(b"x")
    hour_ago = time.time() - 7200
    os.utime(old, (hour_ago, hour_ago))
    os.utime(dead, (files._STARTED - 60, files._STARTED - 60))  # older than this run
    path = write_plain_workbook(tmp_path / "X.xlsx", minimal_data())
    assert api.process_files([path], api.Options(out_dir=out))[0].status == "ok"
    assert not dead.exists() and not old.exists() and alive.exists() and keep.exists()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [alive.name]


@pytest.mark.parametrize("errno_name, reason_key", [("ENOSPC", "disk-full"), ("EACCES", "permission")])
def test_disk_full_and_permission_are_one_line(tmp_path, monkeypatch, errno_name, reason_key):
    import errno
    import os

    from lkip_xls.outputs import files

    def refuse(*_args, **_kwargs):
        raise OSError(getattr(errno, errno_name), os.strerror(getattr(errno, errno_name)))

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    path = write_plain_workbook(tmp_path / "X.xlsx", minimal_data())
    result = api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    assert result.status == "unreadable" and result.findings[0].params["reason"] == reason_key
    for args in (["template", str(tmp_path / "t.xlsx")], ["check", str(path), "--json", str(tmp_path / "x.json")],
                 ["rekap", str(path), "--out", str(tmp_path / "r.xlsx")]):
        outcome = runner.invoke(app, args)
        assert outcome.exit_code == 2, (args, outcome.output)
        assert "Traceback" not in outcome.output and outcome.exception is None or isinstance(
            outcome.exception, SystemExit)
        assert len([line for line in outcome.output.splitlines() if "ditulis" in line]) == 1, outcome.output


def killer(path: Path, options: api.Options):
    """A worker that dies like one the OOM killer took, on one file."""
    import os
    import signal

    if path.name.startswith("mati"):
        os.kill(os.getpid(), signal.SIGKILL)
    return REAL_CHECK(path, options)


REAL_CHECK = api.check_file


def test_a_dead_worker_fails_its_file_only_and_the_json_is_written(tmp_path, monkeypatch):
    from lkip_xls.batch import run_batch

    paths = [write_plain_workbook(tmp_path / f"{name}.xlsx", minimal_data()) for name in ("a", "mati", "b", "c")]
    results = run_batch(killer, paths, api.Options(), 2)
    assert [r.status for r in results] == ["ok", "unreadable", "ok", "ok"]
    assert results[1].findings[0].params["reason"] == "worker-died"
    monkeypatch.setattr(api, "check_file", killer)
    outcome = runner.invoke(app, ["check", *map(str, paths), "--jobs", "2", "--json", str(tmp_path / "x.json")])
    assert outcome.exit_code == 2 and "Traceback" not in outcome.output
    files = json.loads((tmp_path / "x.json").read_text())["files"]
    assert [f["status"] for f in files] == ["ok", "unreadable", "ok", "ok"]


# --------------------------------------------------------------------------- links out of the workbook


def test_external_links_are_kept_and_reported(tmp_path):
    def change(member: str, data: bytes) -> bytes:
        if member == "xl/worksheets/sheet3.xml":
            return data.replace(b"</sheetData>", f'</sheetData><hyperlinks><hyperlink ref="B5" xmlns:r="{REL_NS}" '
                                                 f'r:id="rIdJ"/><hyperlink ref="C5" xmlns:r="{REL_NS}" r:id="rIdW"/>'
                                                 f"</hyperlinks>".encode(), 1)
        if member == "xl/worksheets/_rels/sheet3.xml.rels":
            return data.replace(b"</Relationships>", f'<Relationship Id="rIdJ" Type="{REL_NS}/hyperlink" Target='
                                                     f'"javascript:alert(1)" TargetMode="External"/><Relationship '
                                                     f'Id="rIdW" Type="{REL_NS}/hyperlink" Target="https://bps.go.id/"'
                                                     f' TargetMode="External"/></Relationships>'.encode())
        if member == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", f'<Relationship Id="rIdE" Type="{REL_NS}/externalLink" '
                                                     f'Target="externalLinks/externalLink1.xml"/></Relationships>'
                                                     .encode())
        if member == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
                                             b'"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                                             b'externalLink+xml"/></Types>')
        return data

    path = rezip(NTT, tmp_path / "tautan.xlsx", change, )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", b'<externalLink xmlns="http://schemas.openxmlformats'
                         b'.org/spreadsheetml/2006/main"><externalBook xmlns:r="' + REL_NS.encode() +
                         b'" r:id="rId1"/></externalLink>')
        archive.writestr("xl/externalLinks/_rels/externalLink1.xml.rels",
                         f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="rId1" Type="{REL_NS}/externalLinkPath" Target="file:///\\\\server\\'
                         f'share\\pagu.xlsx" TargetMode="External"/></Relationships>')
    checked = api.check_file(path)
    links = sorted((f.sheet or "", f.cell or "", f.params["target"]) for f in checked.findings
                    if f.code == "EXTERNAL-LINK")
    assert links == [("", "", "file:///\\\\server\\share\\pagu.xlsx"), ("IKU", "B5", "javascript:alert(1)")]
    assert all(f.severity.value == "warning" for f in checked.findings if f.code == "EXTERNAL-LINK")
    processed = api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    assert {f.code for f in processed.findings} >= {"EXTERNAL-LINK"}
    with zipfile.ZipFile(processed.outputs["hasil"]) as archive:
        assert "xl/externalLinks/externalLink1.xml" in archive.namelist()


# --------------------------------------------------------------------------- check and process agree


FUZZ_MUTANTS = 40  # per sample here; `python -m tests.mutants 300` explores more
MEMORY_CAP_MB = 1024


@pytest.mark.parametrize("sample", ["ntt-2024.xlsx", "contoh-triwulan-2024.xlsx"])
def test_check_and_process_agree_on_package_mutants_under_a_memory_cap(tmp_path, sample):
    """Mutants of a sample (relationship targets, content types, ranges, truncated parts, bit flips, dropped
    parts, odd attributes), checked and processed in a subprocess limited to MEMORY_CAP_MB of address space
    and 30 s a file: nothing raises, and check and process give every mutant the same status."""
    import subprocess
    import sys

    from .mutants import make_mutants

    made = make_mutants(SAMPLES / sample, tmp_path, FUZZ_MUTANTS, seed=sum(map(ord, sample)))
    script = (
        "import json, resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP_MB} << 20, {MEMORY_CAP_MB} << 20))\n"
        "from pathlib import Path\n"
        "from tests.mutants import judge\n"
        "paths = [Path(p) for p in sys.argv[2:]]\n"
        "print(json.dumps(judge(paths, Path(sys.argv[1]), 30)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "out"), *(str(p) for p, _ in made)],
                          capture_output=True, text=True, timeout=600, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr[-3000:]
    mutation = {path.name: what for path, what in made}
    bad = [verdict | {"mutation": mutation[verdict["file"]]} for verdict in json.loads(done.stdout)
           if verdict.get("error") or verdict["check"] != verdict["process"]
           or verdict["check"] not in ("ok", "errors", "unreadable")]
    assert bad == []


def test_the_cli_on_mutants_exits_0_1_or_2_without_a_traceback(tmp_path):
    from .mutants import make_mutants

    made = make_mutants(NTT, tmp_path, 12, seed=5)
    for command in (["check"], ["process", "--out-dir", str(tmp_path / "out")]):
        result = runner.invoke(app, [*command, *(str(p) for p, _ in made), "--jobs", "1", "--json", "-", "-q"])
        assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output
        assert isinstance(result.exception, SystemExit | None), result.exception
        assert len(json.loads(result.stdout)["files"]) == len(made)


@pytest.mark.parametrize("member, old, new", [
    ("_rels/.rels", b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
     b"http://schgmas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"),
    ("xl/styles.xml", b'fontId="1"', b'fontId="A0"'),
    ("xl/worksheets/sheet5.xml", b' r="A4"', b' r="x"'),
    ("xl/worksheets/sheet3.xml", b"<row", b'<row spans="1-13"'),
    ("xl/comments/comment2.xml", b"</comment>", b"</coment>"),
])
def test_what_the_writer_could_not_take_is_refused_by_check_too(tmp_path, member, old, new):
    """Found by tests/mutants.py: check said "ok" or "errors" where process called the file corrupt."""
    path = rezip(NTT, tmp_path / "mutan.xlsx", lambda name, data: data.replace(old, new, 1) if name == member
                 else data)
    assert reason(path) in ("corrupt", "not-xlsx")
    assert api.process_file(path, api.Options(out_dir=tmp_path / "out")).status == "unreadable"


@pytest.mark.parametrize("xml, named", [
    (b'<row r="1" spans="1:2"><c r="A1" s="x"/></row>', 's="x"'),
    (b'<row r="1" spans="a-b"><c r="A1" s="x"/></row>', 'spans="a-b"'),
    (b'<x:row r="1"><x:c r="A1" s="1"/><x:c r="B1" s="1.5"/></x:row>', 's="1.5"'),
    (b'<cols><col min="1" max="two"/></cols>', 'max="two"'),
])
def test_a_sheet_attribute_that_is_no_whole_number_is_refused_and_the_first_one_named(xml, named):
    """The guard's two patterns of a sheet's whole-number attributes (a style index, a column range, spans)
    refuse as one pattern did, naming the first bad attribute of the part."""
    from lkip_xls.core.errors import FileUnreadable
    from lkip_xls.read import guard

    with pytest.raises(FileUnreadable) as refused:
        guard._NumericAttributes("xl/worksheets/sheet1.xml", guard._SHEET_NUMBERS).feed(xml)
    assert refused.value.reason == "corrupt" and named in refused.value.detail
    guard._NumericAttributes("xl/worksheets/sheet1.xml", guard._SHEET_NUMBERS).feed(
        b'<row r="1" spans="1:2 4:5"><c r="A1" s="12" t="s"><v>0</v></c></row><cols><col min="1" max="3"/></cols>')


def test_a_failure_of_the_analysis_is_reported_as_lkip_xls_own_never_as_a_corrupt_file(monkeypatch):
    """A bug in a rule (a ValueError deep in the analysis) once read 'berkas rusak atau terpotong': the agency
    would be told to resend a good file. It is an internal error, and the rest of the batch goes on."""
    from lkip_xls import batch
    from lkip_xls.rules.analysis import Options

    from .conftest import SAMPLES

    def broken(*args, **kwargs):
        raise ValueError("invalid literal for int() with base 10: '²'")

    monkeypatch.setattr(api, "analyse", broken)
    result, = batch.run_batch(api.check_file, [SAMPLES / "ntt-2024.xlsx"], Options(), jobs=1)
    assert result.status == "unreadable"
    assert [(f.code, f.params["reason"]) for f in result.findings] == [("FILE-UNREADABLE", "internal")]
