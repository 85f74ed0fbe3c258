"""Root causes in words (rules.reconcile): what the figures that agree on a slip's right value are called, the
sentence a slip's finding adds, and the sentence of a finding that a slip elsewhere explains."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..core.model import Finding
from .format import number, percent, rupiah
from .messages import word

WITNESSES: dict[str, dict[str, str]] = {
    "children": {"id": "rinciannya", "en": "its children"},
    "parent": {"id": "induknya bersama rincian lainnya", "en": "its parent with the other lines"},
    "top-level": {"id": "baris-baris tingkat teratas", "en": "the top-level rows"},
    "total-row": {"id": "baris JUMLAH", "en": "the total row"},
    "pk": {"id": "anggaran PK", "en": "the PK budget"},
    "pagu": {"id": "pagu program di sheet Anggaran", "en": "the program's pagu on the Anggaran sheet"},
    "serapan": {"id": "serapan yang diketik", "en": "the typed serapan"},
    "sisa": {"id": "sisa yang diketik", "en": "the typed sisa"},
    "capaian": {"id": "capaian yang diketik", "en": "the typed capaian"},  # a Realisasi against its Data Dukung
    "amounts": {"id": "pagu dan realisasinya", "en": "its pagu and realisasi"},
    "units": {"id": "unit-unit kerja", "en": "the units"},
    "population": {"id": "{population} pada baris yang sama", "en": "{population} on the same row"},
    "group": {"id": "rincian menurut {group} pada baris yang sama", "en": "the {group} breakdown on the same row"},
}

_AND = {"id": "dan", "en": "and"}

SLIP: dict[str, str] = {
    "id": "{witnesses} sepakat pada {expected}: kemungkinan besar sel ini yang salah ketik dan itulah angka yang "
          "benar.",
    "en": "{witnesses} agree on {expected}: this cell is most likely the slip, and that is the right figure.",
}
EXPLAINED: dict[str, dict[str, str]] = {
    "": {
        "id": "Selisih ini akibat dari {causes} (lihat temuan di sana): dengan angka yang disarankan di sana, angka "
              "ini cocok.",
        "en": "This follows from {causes} (see the finding there): with the figure suggested there, this one "
              "agrees.",
    },
    "SERAPAN-DIFFERS": {
        "id": "Serapan yang diketik {typed} cocok dengan angka yang disarankan di {causes}; hasil hitung {computed} "
              "memakai angka yang tertulis di sana. Serapan ini tidak perlu diubah.",
        "en": "The typed serapan {typed} agrees with the figure suggested at {causes}; the computed {computed} "
              "uses the figure written there. This serapan need not change.",
    },
    "SISA-DIFFERS": {
        "id": "Sisa yang diketik {typed} cocok dengan angka yang disarankan di {causes}; hasil hitung {computed} "
              "memakai angka yang tertulis di sana. Sisa ini tidak perlu diubah.",
        "en": "The typed sisa {typed} agrees with the figure suggested at {causes}; the computed {computed} uses "
              "the figure written there. This sisa need not change.",
    },
}


def listing(items: list[str], lang: str) -> str:
    """'a', 'a dan b', 'a, b, dan c' ('and' in English)."""
    if len(items) <= 2:
        return f" {_AND[lang]} ".join(items)
    return ", ".join(items[:-1]) + f", {_AND[lang]} " + items[-1]


def witness_text(key: str, lang: str) -> str:
    kind, _, rest = key.partition(":")
    group, _, population = rest.partition(":")
    return WITNESSES[kind][lang].format(population=population, group=word(group, lang) if group else "")


def expected_text(finding: Finding, lang: str) -> str:
    """The likely right value as the code's figures read: rupiah, a percentage or a head count."""
    value: Decimal | None = finding.expected
    if value is None:
        return "-"
    if finding.code.startswith("ANGGARAN-") or finding.code in ("PK-ANGGARAN-DIFFERS", "SISA-DIFFERS"):
        return rupiah(value, lang)
    if finding.code == "SERAPAN-DIFFERS":
        return percent(value, lang)
    return number(value, lang)


def slip_sentence(finding: Finding, lang: str) -> str:
    witnesses = listing([witness_text(w, lang) for w in finding.witnesses], lang)
    text = SLIP[lang].format(witnesses=witnesses or "-", expected=expected_text(finding, lang))
    return text[0].upper() + text[1:]


def explained_text(finding: Finding, params: dict[str, Any], lang: str) -> str | None:
    """The whole message of a typed cell explained by a slip; None for the other codes (their own message stays)."""
    template = EXPLAINED.get(finding.code)
    if template is None:
        return None
    return template[lang].format(causes=listing(list(finding.caused_by), lang), **params)


def explained_sentence(finding: Finding, lang: str) -> str:
    return EXPLAINED[""][lang].format(causes=listing(list(finding.caused_by), lang))
