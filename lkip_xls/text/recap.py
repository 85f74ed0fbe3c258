"""The recap's wording: the Keterangan of a row, the notes under the Rekap table, the words of its newer columns
and sheets, and the narrative for the head of region (`templates/<lang>/rekap.j2`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..rules.facts import LOW_ABSORPTION
from ..rules.recap import TINGGI_THRESHOLD, AgencyRow, Rekap, used_file
from .format import LANGS, number
from .messages import lookup, ui, unreadable_reason
from .narrative import Block, blocks, environment

# The recap's own words (its columns and sheets added with issues #15 and #17); the older ones are in
# text.messages (ui keys "rekap.*").
WORDS: dict[str, dict[str, str]] = {
    "col.counted": {"id": "Indikator Terhitung", "en": "Computable"},
    "col.reached": {"id": "Mencapai Target", "en": "Target Met"},
    "col.scale": {"id": "Skala Kategori", "en": "Category Scale"},
    "col.cap": {"id": "Batas Capaian (%)", "en": "Capaian Cap (%)"},
    "col.source.pagu": {"id": "Pagu {source} (Rp)", "en": "Pagu {source} (Rp)"},
    "col.source.spent": {"id": "Realisasi {source} (Rp)", "en": "Realisasi {source} (Rp)"},
    "col.source.serapan": {"id": "Serapan {source} (%)", "en": "Serapan {source} (%)"},
    "col.revenue.target": {"id": "Target Pendapatan (Rp)", "en": "Revenue Target (Rp)"},
    "col.revenue.actual": {"id": "Realisasi Pendapatan (Rp)", "en": "Revenue Realised (Rp)"},
    "col.revenue.percent": {"id": "Capaian Pendapatan (%)", "en": "Revenue Achieved (%)"},
    "sheet.money": {"id": "Sumber Dana", "en": "Fund Sources"},
    "title.money": {"id": "Anggaran per Sumber Dana dan Pendapatan per Instansi",
                    "en": "Budget per Fund Source and Revenue per Agency"},
    "note.money": {"id": "Pagu dan realisasi per sumber dana hanya memuat belanja; pendapatan (Jenis Pendapatan) "
                         "dicatat terpisah dan tidak ikut dalam pagu, realisasi, maupun serapan. Sel kosong: "
                         "instansi itu tidak memiliki sumber dana atau pendapatan tersebut.",
                   "en": "Pagu and realisasi per fund source hold spending only; revenue (Jenis Pendapatan) is "
                         "listed apart and is in no pagu, realisasi or serapan. An empty cell: the agency has no "
                         "such source or revenue."},
    "note.marks": {"id": "Baris berwarna: rata-rata capaian < {capaian}%, serapan < {serapan}%, ada kesalahan, atau "
                         "berkas tidak terbaca.",
                   "en": "Coloured rows: average capaian < {capaian}%, serapan < {serapan}%, errors, or an unreadable "
                         "file."},
    "note.chart.caps": {"id": "Rata-rata instansi dihitung dengan batas capaian berbeda (tertera dalam kurung siku "
                              "pada nama); bandingkan batang hanya dalam kelompok batas yang sama.",
                        "en": "The agencies' averages work under different capaian caps (in square brackets after "
                              "each name); compare bars only within the same cap."},
    "reason.capaian": {"id": "rata-rata capaian kurang dari {limit}%", "en": "average capaian under {limit}%"},
    "reason.serapan": {"id": "serapan anggaran kurang dari {limit}%", "en": "budget absorption under {limit}%"},
    "no-cap": {"id": "tanpa batas", "en": "no cap"},
    "cap": {"id": "batas {cap}%", "en": "capped at {cap}%"},
    "cap.group": {"id": "{cap} ({n} instansi)", "en": "{cap} ({n} agencies)"},
    "cap.group.one": {"id": "{cap} (1 instansi)", "en": "{cap} (1 agency)"},
    "note.ranking.mixed": {"id": "Peringkat disusun terpisah per batas capaian, karena rata-rata capaian dengan batas "
                                 "yang berbeda tidak sebanding: {groups}. Kolom Batas Capaian menunjukkan kelompok "
                                 "setiap instansi.",
                           "en": "Ranks are given separately per capaian cap, since averages under different caps "
                                 "are not comparable: {groups}. The Capaian Cap column shows each agency's group."},
    "note.ranking.one": {"id": "Peringkat menurut rata-rata capaian; semua instansi memakai batas capaian yang sama "
                               "({cap}).",
                         "en": "Ranked by average capaian; every agency works under the same capaian cap ({cap})."},
    "note.scales.mixed": {"id": "Kategori menurut skala masing-masing instansi, yang berbeda-beda: {scales}; kategori "
                                "dari skala yang berbeda tidak dapat dibandingkan langsung. Kategori baris Jumlah "
                                "menurut skala Permendagri 86/2017.",
                          "en": "Categories are on each agency's own scale, and the scales differ: {scales}; "
                                "categories of different scales cannot be compared directly. The total row's "
                                "category is on the Permendagri 86/2017 scale."},
    "note.scales.one": {"id": "Kategori menurut skala {scale} yang dipakai semua instansi.",
                        "en": "Categories on the {scale} scale every agency uses."},
    "note.average.distinct": {"id": "Rata-rata baris Jumlah dihitung atas {agencies} instansi ({files} berkas): "
                                    "instansi yang tercantum di lebih dari satu berkas dihitung sekali, dengan "
                                    "berkas yang disebut terakhir.",
                              "en": "The total row's average is over {agencies} agencies ({files} files): an agency "
                                    "that appears in more than one file counts once, with the file given last."},
    "note.indicators": {"id": "Jumlah Indikator = seluruh indikator kinerja utama; Indikator Terhitung = yang "
                              "capaiannya dapat dihitung (yang dirata-rata); Mencapai Target = capaian ≥ 100%.",
                        "en": "Indicators = every key performance indicator; Computable = those whose capaian can "
                              "be computed (the ones averaged); Target Met = capaian ≥ 100%."},
}

SCALE_NAMES: dict[str, dict[str, str]] = {
    "permendagri86": {"id": "Permendagri 86/2017", "en": "Permendagri 86/2017"},
    "kemenpan": {"id": "KemenPAN-RB", "en": "KemenPAN-RB"},
    "sakip": {"id": "SAKIP (AA-D)", "en": "SAKIP (AA-D)"},
    "kustom": {"id": "kustom (skala instansi sendiri)", "en": "custom (the agency's own)"},
}


def word(key: str, lang: str, **params: Any) -> str:
    """One of this module's own words (WORDS) in `lang`."""
    return lookup(WORDS, key, lang, **params)


def scale_name(scale: str | None, lang: str) -> str:
    entry = SCALE_NAMES.get(scale or "")
    return entry[lang if lang in LANGS else "id"] if entry else (scale or "-")


def cap_text(cap: Decimal | None, lang: str) -> str:
    """'batas 100%' or 'tanpa batas'."""
    return word("no-cap", lang) if cap is None else word("cap", lang, cap=number(cap, lang))


def cap_cell(row: AgencyRow, lang: str) -> str:
    """The Batas Capaian column of a row: the cap, 'tanpa batas' without one, '-' without an average."""
    if row.average is None:
        return "-"
    return word("no-cap", lang) if row.cap is None else number(row.cap, lang)


def _group(name: str, n: int, lang: str) -> str:
    """'batas 100% (2 instansi)', 'capped at 100% (1 agency)'."""
    return word("cap.group.one" if n == 1 else "cap.group", lang, cap=name, n=n)


def table_notes(rekap: Rekap, lang: str) -> list[str]:
    """The notes under the Rekap table: how it is ranked (one ranking per cap), on which scales the categories
    are, and what the indicator columns count."""
    said = []
    if rekap.mixed_caps:
        groups = "; ".join(_group(cap_text(g.cap, lang), sum(1 for r in g.rows if not r.superseded), lang)
                           for g in rekap.groups)
        said.append(word("note.ranking.mixed", lang, groups=groups))
    elif rekap.groups:
        said.append(word("note.ranking.one", lang, cap=cap_text(rekap.groups[0].cap, lang)))
    if rekap.mixed_scales:
        scales = "; ".join(_group(scale_name(s, lang), n, lang) for s, n in rekap.scales.items())
        said.append(word("note.scales.mixed", lang, scales=scales))
    elif rekap.scales:
        said.append(word("note.scales.one", lang, scale=scale_name(next(iter(rekap.scales)), lang)))
    agencies, files = len(rekap.averaged), len(rekap.averaged_files)
    if files > agencies:
        said.append(word("note.average.distinct", lang, agencies=agencies, files=files))
    said.append(word("note.indicators", lang))
    return said


def notes(row: AgencyRow, main_year: int | None, lang: str, flags: bool = True) -> list[str]:
    """What the Keterangan column says about one row: why it is marked (and, with `flags`, flagged as a duplicate
    or another year), or why it is unreadable."""
    if not row.readable:
        return [unreadable_reason(*row.reason, lang)] if row.reason else []
    said = []
    if "capaian" in row.below:
        said.append(ui("rekap.note.capaian", lang, limit=number(TINGGI_THRESHOLD, lang)))
    if "serapan" in row.below:
        said.append(ui("rekap.note.serapan", lang, limit=number(LOW_ABSORPTION, lang)))
    if "errors" in row.below:
        said.append(ui("rekap.note.errors", lang, n=row.errors))
    if not flags:
        return said
    if row.duplicates:
        said.append(ui("rekap.note.duplicate", lang, files=", ".join(row.duplicates)))
    if row.other_year:
        said.append(ui("rekap.note.year", lang, year=row.tahun, main=main_year))
    return said


def reasons(row: AgencyRow, lang: str) -> list[str]:
    """Why the narrative lists a row among those that need attention, in words ("serapan anggaran kurang dari
    90%"), where the Keterangan column has the table's shorthand ("Serapan < 90%")."""
    said = []
    if "capaian" in row.below:
        said.append(word("reason.capaian", lang, limit=number(TINGGI_THRESHOLD, lang)))
    if "serapan" in row.below:
        said.append(word("reason.serapan", lang, limit=number(LOW_ABSORPTION, lang)))
    if "errors" in row.below:
        said.append(ui("rekap.note.errors", lang, n=row.errors))
    return said


def several(rows: list[AgencyRow]) -> bool:
    """Whether a ranking has a highest and a lowest worth naming: two files of one agency with one average (a
    duplicate) are not their own highest and lowest."""
    return len({(row.name, row.average) for row in rows}) > 1


def render_narrative(rekap: Rekap, lang: str | None = None) -> list[Block]:
    """The narrative for the head of region, from templates/<lang>/rekap.j2."""
    lang = lang or rekap.lang
    template = environment(lang).get_template(f"{lang}/rekap.j2")
    return blocks(template.render(r=rekap, government=rekap.government(),
                                  reasons=lambda row: reasons(row, lang),
                                  cap=lambda group: cap_text(group.cap, lang), several=several, used=used_file,
                                  caps=[cap_text(g.cap, lang) for g in rekap.groups],
                                  scales=[scale_name(key, lang) for key in rekap.scales]))
