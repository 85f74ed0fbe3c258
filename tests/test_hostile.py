"""Strange and hostile files end in FILE-UNREADABLE (exit 2), never a traceback; the rest of the batch goes on."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lkip_xls import api
from lkip_xls.cli import app
from lkip_xls.outputs import json_report as report
from lkip_xls.read import guard

from .conftest import DATA, SAMPLES, minimal_data, write_plain_workbook

runner = CliRunner()
SCHEMA = json.loads((DATA / "result.schema.json").read_text(encoding="utf-8"))


def rezip(source: Path, target: Path, change) -> Path:
    """Copy a workbook package member by member, letting `change(name, data)` alter (or drop, with None) each."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = change(item.filename, src.read(item.filename))
            if data is not None:
                dst.writestr(item.filename, data)
    return target


def reason(path: Path, **options) -> str:
    result = api.check_file(path, api.Options(**options))
    assert result.status == "unreadable", [(f.code, f.cell) for f in result.findings]
    return result.findings[0].params["reason"]


def test_truncated_zip(tmp_path):
    data = (SAMPLES / "ntt-2024.xlsx").read_bytes()
    path = tmp_path / "potong.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert reason(path) == "corrupt"


def test_a_part_that_is_not_xml(tmp_path):
    path = rezip(SAMPLES / "babel-2020.xlsx", tmp_path / "rusak.xlsx",
                 lambda name, data: b"<worksheet><row" if name == "xl/worksheets/sheet3.xml" else data)
    assert reason(path) == "corrupt"


def test_external_entity_is_refused(tmp_path, make_workbook):
    evil = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    path = rezip(make_workbook(), tmp_path / "xxe.xlsx",
                 lambda name, data: evil + data if name == "xl/sharedStrings.xml" or name.endswith("sheet2.xml")
                 else data)
    assert reason(path) == "xml-attack"


@pytest.mark.parametrize("part", ["xl/styles.xml", "docProps/core.xml", "xl/workbook.xml"])
def test_a_dtd_hidden_behind_a_long_comment_is_refused_by_every_command(tmp_path, make_workbook, part):
    """openpyxl parses some parts with lxml (entities unresolved, but the DTD not refused): the DTD check
    must not stop at the first bytes of a part when its prolog is padded."""
    laughs = (b'<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c SYSTEM "file:///etc/passwd">]>')

    def pad(name, data):
        if name != part:
            return data
        declaration, rest = (data.split(b"?>", 1)[0] + b"?>", data.split(b"?>", 1)[1]) \
            if data.startswith(b"<?xml") else (b"", data)
        return declaration + b"<!--" + b" " * 6000 + b"-->" + laughs + rest

    path = rezip(make_workbook(), tmp_path / "padded.xlsx", pad)
    assert reason(path) == "xml-attack"
    result = api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    assert result.status == "unreadable" and result.findings[0].params["reason"] == "xml-attack"
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_decompression_bomb_is_refused_by_declared_size_before_parsing(tmp_path, make_workbook):
    path = rezip(make_workbook(), tmp_path / "bom.xlsx", lambda name, data: data)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (3 * 1024 * 1024))  # 3 MB that packs into a few KB
    assert path.stat().st_size < 200_000
    assert reason(path, max_size=2 * 1024 * 1024) == "too-large"
    result = runner.invoke(app, ["check", str(path), "--max-size", "2"])
    assert result.exit_code == 2 and "--max-size" in result.output


def test_a_sheet_with_a_million_rows_is_refused_in_check_and_process(tmp_path):
    data = minimal_data()
    path = write_plain_workbook(tmp_path / "besar.xlsx", data)
    workbook = openpyxl.load_workbook(path)
    workbook["IKU"].cell(row=1_048_576, column=1, value="x")
    workbook.save(path)
    assert reason(path) == "too-many-cells"
    result = api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    assert result.status == "unreadable" and result.findings[0].params["reason"] == "too-many-cells"


def test_xlsm_is_processed_and_keeps_its_macros(tmp_path, make_workbook):
    macro = b"fake VBA project \x00\x01"

    def add_macro(name, data):
        if name == "[Content_Types].xml":
            return data.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/'
                                             b'vnd.ms-office.vbaProject"/></Types>')
        return data

    path = rezip(make_workbook(), tmp_path / "makro.xlsm", add_macro)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", macro)
    result = api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    assert result.status == "ok", [(f.code, f.cell) for f in result.findings]
    hasil = Path(result.outputs["hasil"])
    assert hasil.name == "makro_hasil.xlsm"
    with zipfile.ZipFile(hasil) as archive:
        assert archive.read("xl/vbaProject.bin") == macro


def test_a_batch_with_hostile_files_still_processes_the_good_ones(tmp_path, make_workbook):
    good = make_workbook(name="baik.xlsx")
    (tmp_path / "bukan.xlsx").write_text("hello")
    (tmp_path / "lama.xls").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 64)
    out = tmp_path / "out"
    result = runner.invoke(app, ["process", str(tmp_path / "bukan.xlsx"), str(good), str(tmp_path / "lama.xls"),
                                 "--out-dir", str(out), "--json", "-", "--jobs", "2"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    assert [(f["file"], f["status"]) for f in document["files"]] == [
        ("bukan.xlsx", "unreadable"), ("baik.xlsx", "ok"), ("lama.xls", "unreadable")]
    assert (out / "baik_hasil.xlsx").exists()
    assert "simpan sebagai .xlsx" in document["files"][2]["findings"][0]["message"]


def test_sample_json_validates_against_the_contract_schema(tmp_path):
    result = runner.invoke(app, ["check", str(SAMPLES), str(SAMPLES / "v2"), "--json", "-", "--jobs", "1"])
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    assert any(f["program"] and f["anggaran"]["sumber_dana"] for f in document["files"])  # the v2 samples


SHEETS = ["Identitas", "IKU", "Anggaran", "PK", "Realisasi", "SDM", "Skala", "Kinerja Program", "Skala Predikat"]
VALUES = st.one_of(
    st.none(), st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=12),
    st.text(st.characters(categories=("L", "N")), min_size=3000, max_size=3000),  # very long strings
    st.sampled_from(["-", "N/A", "< 11", "3 - 10", "1.234,5", "=SUM(D4:D9)", "JUMLAH", "Naik", "Kumulatif",
                     "kustom", "Tetap", "1.10", "(19)", "12,5%"]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(st.tuples(st.sampled_from(SHEETS), st.integers(1, 8), st.integers(1, 26), VALUES), max_size=30),
    renamed=st.sampled_from([None, ("IKU", "iku "), ("Anggaran", "Budget"), ("SDM", "S D M")]),
    merge=st.booleans(),
)
def test_generated_workbooks_never_crash_and_findings_name_real_cells(tmp_path, edits, renamed, merge):
    data = minimal_data() | {"PK": [{"Kode": "IKU1", "Target": 80}], "Realisasi": [], "SDM": [], "Skala": [],
                             "Kinerja Program": [{"Kode": "1", "Indikator Kinerja": "Ind", "Target": "WTP",
                                                  "Realisasi": 3}], "Skala Predikat": []}
    path = write_plain_workbook(tmp_path / "acak.xlsx", data)
    workbook = openpyxl.load_workbook(path)
    for sheet, row, column, value in edits:
        if sheet not in workbook.sheetnames:
            continue
        try:
            workbook[sheet].cell(row=row, column=column).value = value
        except Exception:  # noqa: BLE001 - openpyxl refuses some values; not what this test is about
            pass
    if renamed:
        workbook[renamed[0]].title = renamed[1]
    if merge:
        workbook.worksheets[1].merge_cells("A2:C3")
    workbook.save(path)
    result = api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    assert result.status in ("ok", "errors"), result.findings
    jsonschema.validate(report.document([result]), SCHEMA)
    names = openpyxl.load_workbook(path).sheetnames
    for finding in result.findings:
        if finding.cell is not None:
            assert finding.sheet in names


def test_limits_are_documented_constants():
    assert guard.DEFAULT_MAX_SIZE == 200 * 1024 * 1024
    assert guard.MAX_ROWS == 200_000
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "200 MB" in readme and "200,000 rows" in readme


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_keeps_input_order_and_reports_every_file_done(tmp_path, make_workbook, jobs):
    from lkip_xls.batch import run_batch

    paths = [make_workbook(name=f"opd-{i}.xlsx") for i in range(3)] + [tmp_path / "hilang.xlsx"]
    seen: list[str] = []
    results = run_batch(api.check_file, paths, api.Options(), jobs, lambda result: seen.append(result.path.name))
    assert [r.path for r in results] == paths
    assert sorted(seen) == sorted(p.name for p in paths)
    assert [r.status for r in results] == ["ok", "ok", "ok", "unreadable"]


# --------------------------------------------------------------------------- found in review


def test_agency_text_never_becomes_a_formula_in_hasil(tmp_path, make_workbook):
    """A kustom category name and a typed Kategori are agency text: stored as text in IKU and the state sheet."""
    data = minimal_data()
    data["Identitas"]["Skala Kategori"] = "kustom"
    data["Skala"] = [{"Batas Bawah (%)": 0, "Kategori": '=HYPERLINK("http://x.invalid/","x")'}]
    data["IKU"][0]["Kategori"] = '=WEBSERVICE("http://x.invalid/")'
    path = make_workbook(data)
    workbook = openpyxl.load_workbook(path)
    for coordinate in ("B4",):
        workbook["Skala"][coordinate].data_type = "s"
    workbook["IKU"]["L4"].data_type = "s"
    workbook.save(path)
    result = api.process_file(path, api.Options(out_dir=tmp_path / "out"))
    assert "KATEGORI-DIFFERS" in {f.code for f in result.findings}
    with zipfile.ZipFile(result.outputs["hasil"]) as archive:
        formulas = [name for name in archive.namelist()
                    if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]
    assert formulas == []


def test_brackets_in_agency_text_and_file_names_are_printed_as_they_are(tmp_path, make_workbook):
    data = minimal_data()
    data["IKU"][0]["Realisasi"] = "abc[/x]"
    path = make_workbook(data, name="laporan[b].xlsx")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "abc[/x]" in result.output and "laporan[b].xlsx" in result.output


def test_a_huge_declared_part_is_refused_before_it_is_read(tmp_path, make_workbook):
    path = rezip(make_workbook(), tmp_path / "bom.xlsx", lambda name, data: data)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"\0" * (3 * 1024 * 1024))
    assert reason(path, max_size=2 * 1024 * 1024) == "too-large"


def test_very_long_text_in_a_number_cell_is_refused_at_once_and_quoted_short(make_workbook):
    data = minimal_data()
    data["IKU"][0]["Target"] = "1" * 20000 + "x"
    result = api.check_file(make_workbook(data))
    finding = next(f for f in result.findings if f.code == "VALUE-NOT-NUMBER")
    assert finding.cell == "G4" and len(finding.params["value"]) <= 120


def test_a_tampered_state_sheet_cannot_delete_agency_sheets(tmp_path, make_workbook):
    first = api.process_file(make_workbook(), api.Options(out_dir=tmp_path / "one"))
    workbook = openpyxl.load_workbook(first.outputs["hasil"])
    workbook["_lkip_xls"]["C1"] = "IKU"
    workbook["_lkip_xls"].append(["style", "IKU", "not a cell", None, None])
    workbook.save(tmp_path / "returned.xlsx")
    second = api.process_file(tmp_path / "returned.xlsx", api.Options(out_dir=tmp_path / "two"))
    assert second.status in ("ok", "errors")
    assert "IKU" in openpyxl.load_workbook(second.outputs["hasil"]).sheetnames


def test_outputs_that_would_overwrite_each_other_in_a_batch_are_refused(tmp_path):
    data = minimal_data()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        write_plain_workbook(tmp_path / folder / "X.xlsx", data)
    out = tmp_path / "out"
    result = runner.invoke(app, ["process", str(tmp_path / "a" / "X.xlsx"), str(tmp_path / "b" / "X.xlsx"),
                                 "--out-dir", str(out), "--json", str(tmp_path / "baru" / "hasil.json")])
    assert result.exit_code == 2
    files = json.loads((tmp_path / "baru" / "hasil.json").read_text())["files"]
    assert [f["status"] for f in files] == ["ok", "unreadable"]
    assert "menimpa" in files[1]["findings"][0]["message"]
