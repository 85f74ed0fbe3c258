"""Arah left empty on a lower-is-better indicator (DOMAIN.md §1): the most common silent error in real reports.
The indicator is read as Naik, as the contract says; ARAH-MAYBE-TURUN warns when its name says otherwise. The
arah is never changed silently."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..core.findings import make
from ..core.model import Finding, WorkbookData
from ..core.numbers import stated_direction

# The one list of words that say lower is better in an indicator's name (Indonesian; matched as whole words).
LOWER_IS_BETTER = (
    "koefisien variasi", "fluktuasi", "inflasi", "penurunan", "kenaikan harga", "angka kematian",
    "tingkat pengangguran", "pengangguran", "kemiskinan", "pengaduan", "kasus", "angka kesakitan", "prevalensi",
    "stunting", "disparitas", "rasio gini", "indeks gini", "kecelakaan", "pelanggaran", "kriminalitas",
    "tunggakan", "temuan",
)
_WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in LOWER_IS_BETTER) + r")\b", re.IGNORECASE)


def lower_is_better_words(name: str | None) -> list[str]:
    """The words of LOWER_IS_BETTER found in a name, each once, in order."""
    return list(dict.fromkeys(m.group(1).casefold() for m in _WORDS.finditer(name or "")))


def maybe_turun(data: WorkbookData) -> Iterator[Finding]:
    """ARAH-MAYBE-TURUN at the Arah cell of an indicator read as Naik only because Arah was empty (its target
    and name state no direction) while its name says lower is better."""
    for indicator in data.indicators:
        if not indicator.direction_defaulted or indicator.direction != "Naik" or "target" in indicator.unreadable:
            continue  # an unreadable target may say `<` itself: it was reported at its cell
        if stated_direction(indicator.target, indicator.name) is not None:
            continue  # `>= 85` or "minimal" says Naik itself
        words = lower_is_better_words(indicator.name)
        if words:
            yield make("ARAH-MAYBE-TURUN", indicator.sheet,
                       indicator.cell("direction") or indicator.cell("code"), code=indicator.code or "?",
                       name=indicator.name, words=", ".join(words))
