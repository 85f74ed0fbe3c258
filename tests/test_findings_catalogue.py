"""The finding catalogue: every code declared once, raised only as declared, and every declared code has a
sentence in Indonesian and English whose placeholders are exactly the parameters it is given."""

from __future__ import annotations

import re
import string
from decimal import Decimal
from pathlib import Path

import pytest

from lkip_xls.core import findings
from lkip_xls.core.findings import CATALOGUE, CatalogueError, Tag, make
from lkip_xls.core.model import Finding, Percent, Severity
from lkip_xls.text.finding_messages import HINTS, INDICATOR_NAMED, MESSAGES, finding_text, render_params, template

PACKAGE = Path(__file__).resolve().parent.parent / "lkip_xls"
LANGS = ("id", "en")

# Parameters whose text is looked up rather than shown as given: a real key is needed.
SAMPLES: dict[str, dict[str, object]] = {
    "FILE-UNREADABLE": {"reason": "corrupt", "detail": "Bad CRC-32"},
    "IDENTITAS-INVALID": {"expected": "choice:Ya, Tidak"},
    "NUMBER-FORMAT-UNUSUAL": {"quirk": "dot-decimal"},
    "ANGGARAN-HIERARCHY-UNCLEAR": {"reason": "sum", "head": "03"},
    "DATA-DUKUNG-SKIPPED": {"reason": "zero", "formula": "Persentase"},
    "DATA-DUKUNG-DIFFERS": {"rumus": "Persentase"},
    "DATA-DUKUNG-USED": {"rumus": "Pertumbuhan"},
    **{code: {"group": "pendidikan"} for code in findings.tagged(Tag.STAFF_GROUP)},
}


def sample(code: str) -> Finding:
    """A finding of `code` with a value for every declared parameter."""
    entry = CATALOGUE[code]
    params: dict[str, object] = {name: Decimal("1234.5") for name in entry.params}
    params.update(SAMPLES.get(code, {}))
    return make(code, "IKU", "A1", entry.severities[0], **params)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_code_is_declared_once():
    codes = [entry.code for entry in findings.CODES]
    assert len(codes) == len(set(codes)) == len(CATALOGUE)
    assert all(re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+", code) for code in codes)
    assert all(entry.severities and entry.where for entry in findings.CODES)


NOT_CODES = {"UTF-8"}  # strings of that shape that are no finding code


def test_every_code_the_package_names_is_declared():
    named = {code for path in PACKAGE.rglob("*.py")
             for code in re.findall(r'"([A-Z]+(?:-[A-Z0-9]+)+)"', path.read_text(encoding="utf-8"))}
    assert named - set(CATALOGUE) - NOT_CODES == set()


def test_every_declared_code_has_a_message_in_both_languages_and_no_message_is_undeclared():
    assert set(MESSAGES) - set(CATALOGUE) == set(), "messages for undeclared codes"
    assert set(CATALOGUE) - set(MESSAGES) == set(), "codes without a message"
    assert all(set(MESSAGES[code]) == set(LANGS) for code in MESSAGES)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
@pytest.mark.parametrize("lang", LANGS)
def test_every_message_uses_exactly_the_parameters_of_its_code(code, lang):
    finding = sample(code)
    given = set(render_params(finding, lang))
    wanted = placeholders(template(code, lang))
    assert wanted - given == set(), "placeholders without a parameter"
    assert given - wanted == set(), "parameters the message does not use"
    text = finding_text(finding, lang)
    assert text and "{" not in text and not text.startswith(code)


def test_a_finding_text_never_falls_back():
    with pytest.raises(KeyError):
        finding_text(Finding(Severity.ERROR, "NO-SUCH-CODE", None, None), "id")
    with pytest.raises(KeyError):  # built around the catalogue, without its parameters
        finding_text(Finding(Severity.ERROR, "KODE-DUPLICATE", "IKU", "C5"), "en")


def test_agency_text_quoted_in_a_message_is_shortened_to_fit_one_cell():
    code = "K" * 32767  # the longest text an Excel cell holds, typed in PK!A4
    text = finding_text(make("PK-KODE-UNKNOWN", "PK", "A4", code=code))
    assert len(text) < 1000 and "K" * 400 in text and text.count("K") < 600


def test_make_refuses_an_undeclared_code():
    with pytest.raises(CatalogueError, match="undeclared"):
        make("KODE-UNKNOWN-TYPO", "IKU", "C4", code="IKU1")


def test_make_refuses_missing_and_unexpected_parameters():
    with pytest.raises(CatalogueError, match=r"missing parameters \['code', 'first'\]"):
        make("KODE-DUPLICATE", "IKU", "C4")
    with pytest.raises(CatalogueError, match=r"unexpected \['header'\]"):
        make("KODE-DUPLICATE", "IKU", "C4", code="IKU1", first="IKU1", header="Kode")


def test_make_gives_a_single_severity_and_refuses_another():
    assert make("KODE-DUPLICATE", "IKU", "C4", code="IKU1", first="IKU1").severity is Severity.ERROR
    with pytest.raises(CatalogueError, match="may not be warning"):
        make("KODE-DUPLICATE", "IKU", "C4", severity=Severity.WARNING, code="IKU1", first="IKU1")


def test_a_code_with_several_severities_must_be_told_which():
    assert CATALOGUE["TEMPLATE-VERSION"].severities == (Severity.WARNING, Severity.ERROR)
    with pytest.raises(CatalogueError, match="say which"):
        make("TEMPLATE-VERSION", "Identitas", "B4", value="", expected=1)
    found = make("TEMPLATE-VERSION", "Identitas", "B4", severity=Severity.WARNING, value="", expected=1)
    assert found.severity is Severity.WARNING
    with pytest.raises(CatalogueError):
        make("TEMPLATE-VERSION", "Identitas", "B4", severity=Severity.INFO, value="", expected=1)


def test_groups_of_codes():
    assert findings.tagged(Tag.STAFF_GROUP) == {"SDM-STATUS-DIFFERS", "SDM-GENDER-DIFFERS", "SDM-PENDIDIKAN-DIFFERS",
                                                "SDM-GOLONGAN-DIFFERS", "SDM-JABATAN-DIFFERS"}
    assert findings.tagged(Tag.STAFF) == findings.tagged(Tag.STAFF_GROUP) | {"SDM-TOTAL-DIFFERS"}
    assert findings.tagged(Tag.TYPED) == {"CAPAIAN-DIFFERS", "KATEGORI-DIFFERS", "SERAPAN-DIFFERS", "SISA-DIFFERS",
                                          "TAHUNAN-DIFFERS"}
    assert all(CATALOGUE[code].params[:2] == ("typed", "computed") for code in findings.tagged(Tag.TYPED))


@pytest.mark.parametrize("code", sorted(CATALOGUE))
@pytest.mark.parametrize("lang", LANGS)
def test_every_code_renders_as_a_slip_and_as_explained(code, lang):
    """Root causes: any finding may carry `expected` and what agrees on it, or be explained by other cells."""
    from dataclasses import replace

    from lkip_xls.core.findings import explained

    witnesses = ("children", "total-row", "pk", "population:gender:Jumlah Pegawai", "group:gender:Jumlah Pegawai")
    rooted = finding_text(replace(sample(code), expected=Decimal(16), witnesses=witnesses), lang)
    assert "{" not in rooted and ("sepakat pada" if lang == "id" else "agree on") in rooted
    caused = finding_text(explained(sample(code), ("Anggaran!D4", "Anggaran!D7")), lang)
    assert "{" not in caused and "Anggaran!D4" in caused and "Anggaran!D7" in caused


def percent_sample(code: str) -> Finding:
    """A finding of `code` whose every number is a percentage (as CAPAIAN-DIFFERS and SERAPAN-DIFFERS are)."""
    found = sample(code)
    params = {key: Percent(value) if type(value) is Decimal else value for key, value in found.params.items()}
    return Finding(found.severity, code, found.sheet, found.cell, params)


PERCENT_DIFFERENCE = re.compile(r"(selisih|difference)\s+-?\d[\d.,]*\s*%", re.IGNORECASE)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
@pytest.mark.parametrize("lang", LANGS)
def test_a_difference_of_two_percentages_is_said_in_percentage_points(code, lang):
    for finding in (sample(code), percent_sample(code)):
        text = finding_text(finding, lang)
        assert not PERCENT_DIFFERENCE.search(text), text  # "selisih 9,54%" reads as a relative change


@pytest.mark.parametrize("lang", LANGS)
def test_typed_percentages_differ_by_poin_persen(lang):
    found = make("CAPAIAN-DIFFERS", "IKU", "K5", typed=Percent("75"), computed=Percent("84.54"),
                 diff=Percent("-9.54"))
    assert ("-9,54 poin persen" if lang == "id" else "-9.54 percentage points") in finding_text(found, lang)


NAMED = sorted(code for code, entry in CATALOGUE.items() if "name" in entry.params and code not in INDICATOR_NAMED)


def test_the_budget_findings_that_name_a_line_carry_its_uraian():
    assert NAMED == ["ANGGARAN-HIERARCHY-UNCLEAR", "ANGGARAN-SUM-DIFFERS", "PK-ANGGARAN-DIFFERS",
                     "REALISASI-OVER-PAGU", "SASARAN-UNKNOWN"]


def test_every_finding_about_one_indicator_carries_its_name():
    """Issue #17: an indicator is named by its Kode and its name, as a program is by its Kode and Uraian."""
    about_one = {code for code, entry in CATALOGUE.items()
                 if re.search(r"indi[ck]ator \{code\}", MESSAGES[code]["id"] + MESSAGES[code]["en"])}
    assert about_one <= INDICATOR_NAMED
    assert all("name" in CATALOGUE[code].params for code in INDICATOR_NAMED)


@pytest.mark.parametrize("code", sorted(INDICATOR_NAMED))
@pytest.mark.parametrize("lang", LANGS)
def test_an_indicator_is_named_by_its_code_and_its_name_in_quotes(code, lang):
    found = sample(code)
    params = {**found.params, "code": "IKU1.1", "name": "Persentase kontribusi sektor industri " + "X" * 200}
    text = finding_text(Finding(found.severity, code, found.sheet, found.cell, params), lang)
    assert 'IKU1.1 "Persentase kontribusi sektor industri X' in text
    assert "X" * 100 not in text and "…\"" in text  # a long name is shortened inside its quotes
    unnamed = finding_text(Finding(found.severity, code, found.sheet, found.cell, {**params, "name": None}), lang)
    assert "IKU1.1" in unnamed and '"' not in unnamed.split("IKU1.1", 1)[1][:3] and "None" not in unnamed


@pytest.mark.parametrize("code", NAMED)
@pytest.mark.parametrize("lang", LANGS)
def test_a_program_is_named_by_its_code_and_its_uraian(code, lang):
    found = sample(code)
    key = "program" if "program" in found.params else "code"
    params = {**found.params, key: "1.02", "name": "Program Penunjang Urusan Pemerintahan Daerah " + "X" * 200}
    text = finding_text(Finding(found.severity, code, found.sheet, found.cell, params), lang)
    assert "1.02 Program Penunjang Urusan Pemerintahan Daerah X" in text
    assert "X" * 100 not in text and "…" in text  # a long Uraian is shortened
    unnamed = finding_text(Finding(found.severity, code, found.sheet, found.cell, {**params, "name": None}), lang)
    assert "1.02" in unnamed and "Penunjang" not in unnamed and "None" not in unnamed


HINTED = sorted(findings.tagged(Tag.STAFF) | {code for code in CATALOGUE if "TOTAL" in code})


@pytest.mark.parametrize("code", sorted(CATALOGUE))
@pytest.mark.parametrize("lang", LANGS)
def test_no_message_ends_on_a_bare_difference(code, lang):
    """A difference is followed by what to do (SDM, total rows, quarters...), never left as the last word."""
    whole = template(code, lang).rstrip()
    assert not re.search(r"\{diff\}\)?\.?$", whole), whole


@pytest.mark.parametrize("code", HINTED)
@pytest.mark.parametrize("lang", LANGS)
def test_staff_and_total_row_messages_end_with_a_hint(code, lang):
    last = re.split(r"(?<=\.)\s+", finding_text(sample(code), lang).strip())[-1]
    verbs = ("Perbaiki", "Periksa") if lang == "id" else ("Correct", "Look for")
    assert last.startswith(verbs), last


@pytest.mark.parametrize("code", sorted(HINTS))
@pytest.mark.parametrize("lang", LANGS)
def test_a_finding_a_slip_elsewhere_explains_gets_no_hint_to_change_its_own_figures(code, lang):
    from lkip_xls.core.findings import explained

    assert set(HINTS) <= set(CATALOGUE) and placeholders(HINTS[code][lang]) <= set(CATALOGUE[code].params)
    hint = HINTS[code][lang].format(**render_params(sample(code), lang))
    assert hint in finding_text(sample(code), lang)
    assert hint not in finding_text(explained(sample(code), ("Anggaran!D4",)), lang)
