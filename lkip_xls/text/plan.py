"""The words of the plan and the evidence (TEMPLATE.md §5): a Data Dukung formula as a worked sum
("1.916.311,34 ÷ 137.282.476,24 × 100% = 1,40%") and its rule in words, per language."""

from __future__ import annotations

from decimal import Decimal

from .format import number

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
