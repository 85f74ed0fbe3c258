"""The samples: every published slip the template can express is found at its cell, and nothing else is
flagged (errors and warnings; REALISASI-NA infos aside). The template version 2 samples (`samples/v2/`) also
reproduce the published program tables, budget totals by source, pendapatan and efficiency, and the plan and
the evidence (Renstra years, Data Dukung, tujuan, last year, national figures: the `plan` pins)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

from lkip_xls import api
from lkip_xls.outputs import json_report
from lkip_xls.rules.plan_facts import plan_facts

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
        "iku": {i["kode"]: {"capaian": i["capaian"], "kategori": i["kategori"]} for i in document["iku"]
                if i["dirata_rata"]},  # the not-averaged ones are pinned in `plan`
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


# --------------------------------------------------------------------------- the plan and the evidence (#16)

_STEP = re.compile(r"([a-z_]+)(?:\[([^\]]*)\])?")
_KEYS = ("kode", "code", "cell", "tahun", "year")


def _field(node: Any, name: str) -> Any:
    return node[name] if isinstance(node, dict) else getattr(node, name)


def _has(node: Any, name: str) -> bool:
    return name in node if isinstance(node, dict) else hasattr(node, name)


def _resolve(document: dict, facts: Any, path: str) -> Any:
    """`renstra[T1].tahun[2022].capaian` in the JSON document, `facts.evidence[Data Dukung!G4].result` in
    rules.plan_facts: a [key] picks the list item whose kode / code / cell / tahun / year is that key."""
    node: Any = {"facts": facts, **document}
    for name, key in _STEP.findall(path):
        node = _field(node, name)
        if key:
            node = next(item for item in node if any(str(_field(item, k)) == key for k in _KEYS if _has(item, k)))
    return node


def _same(found: Any, expected: Any) -> bool:
    if found is None or expected is None or isinstance(expected, bool):
        return found is expected or found == expected and type(found) is type(expected)
    return Decimal(str(found)) == Decimal(str(expected))


def _plan_of(name: str) -> tuple[dict, Any]:
    result = api.check_file(SAMPLES / name)
    return json_report.file_document(result), plan_facts(result.analysis.data, result.analysis.results)


@pytest.mark.parametrize("name", V2_NAMES)
def test_v2_sample_plan_and_evidence_reproduce_the_published_figures(name):
    """Published figure -> the tool's value (JSON `renstra`, `tujuan`, `iku`; the summary's facts for Data Dukung,
    last year and national figures). `printed` is what the report prints (None: not printed)."""
    expected = json.loads((DATA / "sample_expectations.json").read_text(encoding="utf-8"))[name]["plan"]
    document, facts = _plan_of(name)
    wrong = [(pin["path"], _resolve(document, facts, pin["path"]), pin["value"]) for pin in expected["pins"]
             if not _same(_resolve(document, facts, pin["path"]), pin["value"])]
    assert wrong == []
    assert [t["kode"] for t in document["tujuan"]] == expected["tujuan"]
    assert facts.not_averaged == expected["not_averaged"]


def test_v2_tujuan_and_not_averaged_indicators_stay_out_of_every_average():
    """The reports average sasaran indicators only: the version 2 samples (with tujuan and not-averaged
    indicators) give the version 1 samples' headline and sasaran averages, computed, not copied."""
    for name in V2_NAMES:
        v2, _ = _plan_of(name)
        v1 = json_report.file_document(api.check_file(SAMPLES / name.removeprefix("v2/").replace("-v2", "")))
        assert v2["rata_rata"] == v1["rata_rata"], name
        before = {s["kode"]: s["capaian"] for s in v1["sasaran"]}
        assert {s["kode"]: s["capaian"] for s in v2["sasaran"] if s["kode"] in before} == before, name
        assert all(s["capaian"] is None for s in v2["sasaran"] if s["kode"] not in before), name
        known = {i["kode"] for i in v1["iku"]}
        assert all(not i["dirata_rata"] for i in v2["iku"] if i["kode"] not in known), name
        assert all(t["sasaran"] is None and t["tingkat"] == "Tujuan" for t in v2["tujuan"]), name
        assert not {t["kode"] for t in v2["tujuan"]} & {i["kode"] for i in v2["iku"]}, name


def test_v2_samples_have_their_plan_sheets():
    """The three reports' Renstra, Data Dukung, tujuan and national figures are in the version 2 samples."""
    for name, renstra, evidence, tujuan, national in [("v2/ntt-2024-v2.xlsx", 3, 3, 0, 3),
                                                      ("v2/babel-2020-v2.xlsx", 12, 1, 3, 0),
                                                      ("v2/pasuruan-2022-v2.xlsx", 3, 13, 1, 0)]:
        document, facts = _plan_of(name)
        assert (len(document["renstra"]), len(facts.evidence), len(document["tujuan"]), len(facts.comparisons)) \
            == (renstra, evidence, tujuan, national), name
