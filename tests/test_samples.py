"""The samples: every published slip the template can express is found at its cell, and nothing else is
flagged (errors and warnings; REALISASI-NA infos aside)."""

from __future__ import annotations

import json

import pytest

from lkip_xls import api

from .conftest import DATA, ROOT, SAMPLES, content

NAMES = sorted(json.loads((DATA / "sample_expectations.json").read_text(encoding="utf-8")))


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
    built = tmp_path / name
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
