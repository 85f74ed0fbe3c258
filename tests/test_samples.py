"""The samples: every published slip the template can express is found at its cell, and nothing else is
flagged (errors and warnings; REALISASI-NA infos aside). The template version 2 samples (`samples/v2/`) also
reproduce the published program tables, budget totals by source, pendapatan and efficiency."""

from __future__ import annotations

import json

import pytest

from lkip_xls import api
from lkip_xls.outputs import json_report

from .conftest import DATA, ROOT, SAMPLES, content

NAMES = sorted(json.loads((DATA / "sample_expectations.json").read_text(encoding="utf-8")))
V2_NAMES = [name for name in NAMES if name.startswith("v2/")]


@pytest.mark.parametrize("name", NAMES)
def test_sample_findings_are_exactly_the_published_slips(name, expectations):
    result = api.check_file(SAMPLES / name)
    found = sorted((f.code, f.severity.value, f.sheet, f.cell) for f in result.findings if f.code != "REALISASI-NA")
    expected = sorted((e["code"], e["severity"], e["sheet"], e["cell"])
                      for e in expectations[name]["expected_findings"])
    assert found == expected


@pytest.mark.parametrize("name", NAMES)
def test_sample_status_follows_its_errors(name, expectations):
    has_errors = any(e["severity"] == "error" for e in expectations[name]["expected_findings"])
    assert api.check_file(SAMPLES / name).status == ("errors" if has_errors else "ok")


@pytest.mark.parametrize("name", NAMES)
def test_committed_sample_is_built_from_its_json(name, tmp_path):
    """samples/*.xlsx are generated: edit samples/data/*.json and run samples/build_samples.py."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_samples", ROOT / "samples" / "build_samples.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    built = tmp_path / name.replace("/", "-")
    builder.build(ROOT / "samples" / "data" / name.replace(".xlsx", ".json"), built)
    assert content(built) == content(SAMPLES / name)


@pytest.mark.parametrize("name", NAMES)
def test_sample_slips_carry_their_likely_value_and_explained_findings_name_them(name, expectations):
    """A root cause (TEMPLATE.md §4): `expected` at the slip, `caused_by` on what it explains."""
    result = api.check_file(SAMPLES / name)
    found = {(f.code, f.sheet, f.cell): f for f in result.findings}
    for e in expectations[name]["expected_findings"]:
        finding = found[(e["code"], e["sheet"], e["cell"])]
        assert finding.expected == e.get("expected")
        assert list(finding.caused_by) == e.get("caused_by", [])


def _figures(document: dict) -> dict:
    """The figures of a JSON document that the expectations pin, in the expectations' shape."""
    return {
        "iku": {i["kode"]: {"capaian": i["capaian"], "kategori": i["kategori"]} for i in document["iku"]},
        "rata_rata": document["rata_rata"],
        "anggaran": {k: document["anggaran"][k] for k in ("pagu", "realisasi", "serapan")},
        "sumber_dana": document["anggaran"]["sumber_dana"],
        "pendapatan": document["anggaran"]["pendapatan"],
        "sasaran": {s["kode"]: {"serapan": s["serapan"], "efisiensi": s["efisiensi"]} for s in document["sasaran"]},
        "program": {p["kode"]: {k: p[k] for k in ("tingkat", "capaian", "kategori", "serapan", "kategori_serapan",
                                                  "efisiensi")} for p in document["program"]},
    }


@pytest.mark.parametrize("name", V2_NAMES)
def test_v2_sample_json_reproduces_the_published_figures(name):
    """Published figure -> the tool's JSON value: programs, budget by source, pendapatan, efficiency."""
    expected = json.loads((DATA / "sample_expectations.json").read_text(encoding="utf-8"))[name]
    document = json_report.file_document(api.check_file(SAMPLES / name))
    found = _figures(document)
    for key in found:
        assert found[key] == expected[key], (name, key)


def test_v2_samples_extend_the_v1_samples_without_changing_their_headline(expectations):
    """Same IKU figures as the version 1 sample of the same report; only the new sheets and columns add."""
    for name in V2_NAMES:
        v1 = name.removeprefix("v2/").replace("-v2", "")
        assert expectations[name]["iku"] == expectations[v1]["iku"], name
        assert expectations[name]["rata_rata"] == expectations[v1]["rata_rata"], name


def test_ntt_v2_budget_by_source_pendapatan_and_100_minus_serapan(expectations):
    ntt = json_report.file_document(api.check_file(SAMPLES / "v2/ntt-2024-v2.xlsx"))
    sources = {s["sumber_dana"]: (s["pagu"], s["realisasi"], s["serapan"]) for s in ntt["anggaran"]["sumber_dana"]}
    assert sources == {"APBD": (20771496520, 18586962597, 89.48),
                       "APBN Dekonsentrasi": (176480000, 169112000, 95.83),
                       "APBN Tugas Pembantuan": (1494253000, 1411453310, 94.46)}
    assert ntt["anggaran"]["pendapatan"] == {"target": 450000000, "realisasi": 311109030, "persen": 69.14}
    programs = {p["kode"]: p for p in ntt["program"]}
    assert [programs[str(n)]["efisiensi"] for n in range(1, 9)] == [5.51, 5.03, 2.43, 4.27, 8.08, 15.28, 20.42, 0.31]
    assert programs["7"]["serapan"] == 79.58  # 79,575 half-up
    assert programs["6.1.2"]["capaian"] == 100.0  # Tabel 3.17 fisik 404/330 capped as printed
    assert all(f["code"] != "REALISASI-OVER-PAGU" for f in ntt["findings"])  # revenue 114,44 above target


def test_babel_v2_printed_codes_join_kinerja_program_to_anggaran():
    babel = json_report.file_document(api.check_file(SAMPLES / "v2/babel-2020-v2.xlsx"))
    programs = {p["kode"]: p for p in babel["program"]}
    assert (programs["03.16.04"]["uraian"], programs["03.16.04"]["serapan"]) == (
        "Pelaksanaan Pengawasan dan Pengendalian Industri", 90.72)
    assert programs["02.02.01"]["capaian"] == 52.0 and programs["05.18.04"]["capaian"] == 540.0
    assert programs["01"]["indikator"][0]["capaian"] == 100.0  # SAKIP predicate target 3, realisasi 3
    assert all(f["code"] != "KINERJA-KODE-UNKNOWN" for f in babel["findings"])
