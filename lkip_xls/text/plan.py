"""The words of the plan and the evidence (TEMPLATE.md §5): a Data Dukung formula as a worked sum
("1.916.311,34 ÷ 137.282.476,24 × 100% = 1,40%") and its rule in words, per language; the summary's and the
Word draft's tables of the plan and the evidence (`tables`: Tujuan, this year against last year, Renstra years
and progress, national and provincial figures, Data Dukung, PK Target Awal), cells as text, captions unnumbered
(the sentences are in `templates/<lang>/ringkasan.j2`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..core.numbers import Target
from ..rules.plan_facts import EvidenceFacts, PlanFacts, YearOnYearRow
from .format import number, target_text
from .messages import lookup

# The rule of each Rumus, in words (A and B as the Data Dukung sheet names them).
RULES: dict[str, dict[str, str]] = {
    "Persentase": {"id": "Persentase = Nilai A ÷ Nilai B × 100%", "en": "Persentase = Nilai A ÷ Nilai B × 100%"},
    "Pertumbuhan": {"id": "Pertumbuhan = (Nilai A − Nilai B) ÷ Nilai B × 100%",
                    "en": "Pertumbuhan (growth) = (Nilai A − Nilai B) ÷ Nilai B × 100%"},
    "Rasio": {"id": "Rasio = Nilai A ÷ Nilai B", "en": "Rasio (ratio) = Nilai A ÷ Nilai B"},
    "Selisih": {"id": "Selisih = Nilai A − Nilai B", "en": "Selisih (difference) = Nilai A − Nilai B"},
}
_PERCENT = ("Persentase", "Pertumbuhan")


def rule_text(rumus: str | None, lang: str = "id") -> str:
    return RULES.get(rumus or "", {}).get(lang, rumus or "-")


def worked_formula(rumus: str | None, a: Decimal | None, b: Decimal | None, result: Decimal | None,
                   lang: str = "id") -> str:
    """The sum as a report prints it: '1.916.311,34 ÷ 137.282.476,24 × 100% = 1,40%'; '-' for a result that
    could not be computed."""
    left, right = number(a, lang), number(b, lang)
    sums = {"Persentase": f"{left} ÷ {right} × 100%", "Pertumbuhan": f"({left} − {right}) ÷ {right} × 100%",
            "Rasio": f"{left} ÷ {right}", "Selisih": f"{left} − {right}"}
    text = sums.get(rumus or "", f"{left}, {right}")
    if result is None:
        return text
    value = number(result, lang, 2) + ("%" if rumus in _PERCENT else "")
    return f"{text} = {value}"


def labelled_rule(rumus: str | None, label_a: str | None, label_b: str | None, lang: str = "id") -> str:
    """The rule with the Uraian of A and B: 'PDRB sektor ÷ PDRB total × 100%' (Nilai A / Nilai B where the
    agency gave no Uraian)."""
    a, b = label_a or "Nilai A", label_b or "Nilai B"
    sums = {"Persentase": f"{a} ÷ {b} × 100%", "Pertumbuhan": f"({a} − {b}) ÷ {b} × 100%", "Rasio": f"{a} ÷ {b}",
            "Selisih": f"{a} − {b}"}
    return sums.get(rumus or "", f"{a}, {b}")


# --------------------------------------------------------------------------- the tables of the plan and evidence

WORDS: dict[str, dict[str, str]] = {
    "caption.tujuan": {"id": "Capaian Indikator Tujuan{year}", "en": "Goal Indicators (Tujuan){year}"},
    "caption.year_on_year": {"id": "Perbandingan Capaian Tahun {year} dengan Tahun {last}",
                             "en": "Achievement in {year} compared with {last}"},
    "caption.year_on_year_plain": {"id": "Perbandingan Capaian Tahun Ini dengan Tahun Lalu",
                                   "en": "Achievement this Year compared with Last Year"},
    "caption.renstra": {"id": "Target dan Realisasi Renstra per Tahun",
                        "en": "Renstra Targets and Realisation by Year"},
    "caption.renstra_progress": {"id": "Kemajuan terhadap Target Akhir Renstra",
                                 "en": "Progress toward the Renstra Final Target"},
    "caption.comparison": {"id": "Perbandingan Realisasi dengan Angka Nasional dan Provinsi{year}",
                           "en": "Realisation compared with National and Provincial Figures{year}"},
    "caption.evidence": {"id": "Data Dukung Perhitungan Realisasi{year}",
                         "en": "Supporting Data of the Realisation{year}"},
    "caption.pk_changes": {"id": "Perubahan Target Perjanjian Kinerja{year}",
                           "en": "Targets changed in the Performance Agreement{year}"},
    "caption.year": {"id": " Tahun {year}", "en": ", {year}"},
    "col.indicator": {"id": "Indikator Kinerja", "en": "Indicator"},
    "col.tujuan": {"id": "Indikator Tujuan", "en": "Goal Indicator"},
    "col.unit": {"id": "Satuan", "en": "Unit"},
    "col.target": {"id": "Target", "en": "Target"},
    "col.actual": {"id": "Realisasi", "en": "Realisation"},
    "col.capaian": {"id": "Capaian (%)", "en": "Achievement (%)"},
    "col.category": {"id": "Kategori", "en": "Category"},
    "col.target_y": {"id": "Target {year}", "en": "Target {year}"},
    "col.actual_y": {"id": "Realisasi {year}", "en": "Realisation {year}"},
    "col.capaian_y": {"id": "Capaian {year} (%)", "en": "Achievement {year} (%)"},
    "col.target_last": {"id": "Target Tahun Lalu", "en": "Target Last Year"},
    "col.actual_last": {"id": "Realisasi Tahun Lalu", "en": "Realisation Last Year"},
    "col.capaian_last": {"id": "Capaian Tahun Lalu (%)", "en": "Achievement Last Year (%)"},
    "col.change": {"id": "Perubahan Capaian (poin persen)", "en": "Change (percentage points)"},
    "col.year": {"id": "Tahun", "en": "Year"},
    "col.baseline": {"id": "Kondisi Awal", "en": "Baseline"},
    "col.final": {"id": "Target Akhir Renstra {year}", "en": "Renstra Final Target {year}"},
    "col.final_plain": {"id": "Target Akhir Renstra", "en": "Renstra Final Target"},
    "col.ratio": {"id": "Realisasi ÷ Target Akhir (%)", "en": "Realisation ÷ Final Target (%)"},
    "col.progress": {"id": "Kemajuan menurut Rumus Capaian (%)", "en": "Progress by the Achievement Formula (%)"},
    "col.national": {"id": "Angka Nasional", "en": "National Figure"},
    "col.national_pct": {"id": "Realisasi ÷ Nasional (%)", "en": "Realisation ÷ National (%)"},
    "col.provincial": {"id": "Angka Provinsi", "en": "Provincial Figure"},
    "col.provincial_pct": {"id": "Realisasi ÷ Provinsi (%)", "en": "Realisation ÷ Provincial (%)"},
    "col.computation": {"id": "Perhitungan", "en": "Computation"},
    "col.result": {"id": "Hasil", "en": "Result"},
    "col.stated": {"id": "Realisasi Tercantum", "en": "Stated Realisation"},
    "col.initial": {"id": "Target Awal (PK)", "en": "Initial Target (PK)"},
    "col.final_pk": {"id": "Target PK Perubahan", "en": "Target after the Change"},
    "mark.not_averaged": {"id": "(tidak dirata-rata)", "en": "(not averaged)"},
    "mark.filled": {"id": "{value} (dari data dukung)", "en": "{value} (from the supporting data)"},
    "mark.none": {"id": "-", "en": "-"},
}


def word(key: str, lang: str, **params: object) -> str:
    """One of this module's own words (WORDS) in `lang`."""
    return lookup(WORDS, key, lang, **params)


@dataclass(frozen=True)
class PlanTable:
    """One table of the plan and the evidence, every cell text; `caption` without a number (each renderer
    numbers it), `numeric` marks right-aligned columns, `widths` are relative."""

    key: str  # tujuan | year_on_year | renstra | renstra_progress | comparison | evidence | pk_changes
    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    numeric: list[bool]


def _name(name: str | None, code: str | None) -> str:
    return name or code or ""


def _target(target: Target | None, lang: str) -> str:
    return "-" if target is None else target_text(target, lang)


def year_on_year_rows(facts: PlanFacts) -> list[YearOnYearRow]:
    """The indicators with last year's target (so last year's capaian can be said): the comparison's rows."""
    return [r for r in facts.year_on_year if r.target_last_year is not None]


def stated_evidence(facts: PlanFacts) -> list[EvidenceFacts]:
    """The Data Dukung rows of a known indicator: the report states these (an unknown Kode is a finding only)."""
    return [e for e in facts.evidence if e.name is not None]


def tables(facts: PlanFacts | None, lang: str = "id") -> list[PlanTable]:
    """The plan's and the evidence's tables in report order, each only where the workbook has its data."""
    if facts is None:
        return []
    year = facts.year
    caption_year = word("caption.year", lang, year=year) if year else ""
    found: list[PlanTable] = []
    pct = lambda v: number(v, lang, 2)  # noqa: E731
    num = lambda v: number(v, lang)  # noqa: E731
    if facts.tujuan:
        found.append(PlanTable(
            "tujuan", word("caption.tujuan", lang, year=caption_year),
            [word(k, lang) for k in ("col.tujuan", "col.unit", "col.target", "col.actual", "col.capaian",
                                     "col.category")],
            [[_name(t.name, t.code), t.unit or "", _target(t.target, lang), num(t.actual), pct(t.capaian),
              t.category or "-"] for t in facts.tujuan],
            [4.5, 1.1, 1.3, 1.3, 1.3, 1.6], [False, False, True, True, True, False]))
    rows = year_on_year_rows(facts)
    if rows:
        if year:
            last = year - 1
            header = [word("col.indicator", lang), word("col.target_y", lang, year=last),
                      word("col.actual_y", lang, year=last), word("col.capaian_y", lang, year=last),
                      word("col.target_y", lang, year=year), word("col.actual_y", lang, year=year),
                      word("col.capaian_y", lang, year=year), word("col.change", lang)]
            caption = word("caption.year_on_year", lang, year=year, last=last)
        else:
            header = [word(k, lang) for k in ("col.indicator", "col.target_last", "col.actual_last", "col.capaian_last",
                                              "col.target", "col.actual", "col.capaian", "col.change")]
            caption = word("caption.year_on_year_plain", lang)
        found.append(PlanTable("year_on_year", caption, header, [
            [_name(r.name, r.code), _target(r.target_last_year, lang), num(r.actual_last_year),
             pct(r.capaian_last_year), _target(r.target, lang), num(r.actual), pct(r.capaian),
             _signed(r.change, lang)] for r in rows],
            [4, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.4], [False] + [True] * 7))
    if facts.renstra:
        body: list[list[str]] = []
        for r in facts.renstra:
            for index, y in enumerate(r.years):
                body.append([_name(r.name, r.code) if index == 0 else "", str(y.year), _target(y.target, lang),
                             num(y.actual), pct(y.capaian), _signed(y.capaian_change, lang)])
        found.append(PlanTable(
            "renstra", word("caption.renstra", lang),
            [word(k, lang) for k in ("col.indicator", "col.year", "col.target", "col.actual", "col.capaian",
                                     "col.change")], body,
            [4, 0.9, 1.3, 1.3, 1.3, 1.5], [False, True, True, True, True, True]))
        ends = {r.end_year for r in facts.renstra}
        final = (word("col.final", lang, year=ends.pop()) if len(ends) == 1 and None not in ends
                 else word("col.final_plain", lang))
        found.append(PlanTable(
            "renstra_progress", word("caption.renstra_progress", lang),
            [word("col.indicator", lang), word("col.baseline", lang), final,
             word("col.actual_y", lang, year=year) if year else word("col.actual", lang), word("col.ratio", lang),
             word("col.progress", lang)],
            [[_name(r.name, r.code), num(r.baseline), _target(r.final_target, lang), num(r.actual),
              pct(r.progress_ratio), pct(r.progress)] for r in facts.renstra],
            [4, 1.2, 1.4, 1.3, 1.5, 1.6], [False] + [True] * 5))
    if facts.comparisons:
        national = any(c.national is not None for c in facts.comparisons)
        provincial = any(c.provincial is not None for c in facts.comparisons)
        header = [word(k, lang) for k in ("col.indicator", "col.unit", "col.actual")]
        widths, numeric = [4.0, 1.1, 1.3], [False, False, True]
        if national:
            header += [word("col.national", lang), word("col.national_pct", lang)]
            widths, numeric = widths + [1.3, 1.4], numeric + [True, True]
        if provincial:
            header += [word("col.provincial", lang), word("col.provincial_pct", lang)]
            widths, numeric = widths + [1.3, 1.4], numeric + [True, True]
        body = []
        for c in facts.comparisons:
            row = [_name(c.name, c.code), c.unit or "", num(c.actual)]
            if national:
                row += [num(c.national), pct(c.national_percent)]
            if provincial:
                row += [num(c.provincial), pct(c.provincial_percent)]
            body.append(row)
        found.append(PlanTable("comparison", word("caption.comparison", lang, year=caption_year), header, body,
                               widths, numeric))
    evidence = stated_evidence(facts)
    if evidence:
        found.append(PlanTable(
            "evidence", word("caption.evidence", lang, year=caption_year),
            [word(k, lang) for k in ("col.indicator", "col.computation", "col.result", "col.stated")],
            [[_name(e.name, e.code),
              f"{rule_text(e.formula, lang).split(' = ', 1)[0]} = {labelled_rule(e.formula, e.label_a, e.label_b)}"
              f" = {worked_formula(e.formula, e.value_a, e.value_b, e.result, lang)}",
              _result(e, lang), _stated(e, lang)] for e in evidence],
            [3, 5.5, 1.2, 1.4], [False, False, True, True]))
    if facts.pk_changes:
        found.append(PlanTable(
            "pk_changes", word("caption.pk_changes", lang, year=caption_year),
            [word(k, lang) for k in ("col.indicator", "col.unit", "col.initial", "col.final_pk")],
            [[_name(c.name, c.code), c.unit or "", _target(c.initial, lang), _target(c.target, lang)]
             for c in facts.pk_changes], [4.5, 1.2, 1.6, 1.6], [False, False, True, True]))
    return found


def _signed(value: Decimal | None, lang: str) -> str:
    if value is None:
        return "-"
    text = number(value, lang, 2)
    return "+" + text if value > 0 else text.replace("-", "−")


def _result(e: EvidenceFacts, lang: str) -> str:
    if e.result is None:
        return "-"
    return number(e.result, lang, 2) + ("%" if e.formula in _PERCENT else "")


def _stated(e: EvidenceFacts, lang: str) -> str:
    if e.actual is None:
        return "-"
    return word("mark.filled", lang, value=number(e.actual, lang)) if e.used else number(e.actual, lang)
