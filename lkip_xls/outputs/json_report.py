"""The JSON view of the results (TEMPLATE.md §3): numbers rounded to 2 places, null where not computable."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..core.model import Finding
from ..core.numbers import round2
from ..rules.analysis import FileResult
from ..text.finding_messages import finding_text


def _number(value: Decimal | None) -> float | None:
    """A JSON number, or null: never NaN or Infinity, which strict JSON does not have."""
    if value is None or not value.is_finite():
        return None
    number = float(round2(value))
    return number if math.isfinite(number) else None


def _text(value: Any) -> Any:
    """Strings made writable as UTF-8: a file name that is not UTF-8 (its bytes kept by Python as surrogates)
    shows its odd bytes as \\xNN."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if isinstance(value, dict):
        return {_text(key): _text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_text(item) for item in value]
    return value


def finding_document(finding: Finding, lang: str) -> dict[str, Any]:
    """One finding; `expected` (a slip's likely right value) and `caused_by` only when there are any."""
    document: dict[str, Any] = {
        "severity": finding.severity.value,
        "code": finding.code,
        "sheet": finding.sheet,
        "cell": finding.cell,
        "message": finding_text(finding, lang),
    }
    if finding.expected is not None:
        document["expected"] = _number(finding.expected)
    if finding.caused_by:
        document["caused_by"] = list(finding.caused_by)
    return document


def file_document(result: FileResult, lang: str = "id") -> dict[str, Any]:
    document: dict[str, Any] = {
        "file": result.path.name,
        "path": str(result.path),
        "status": result.status,
        "findings": [finding_document(f, lang) for f in result.findings],
        "iku": [],
        "rata_rata": {"capaian": None, "kategori": None, "jumlah_indikator": 0},
        "sasaran": [],
        "anggaran": {"pagu": None, "realisasi": None, "serapan": None},
        "program": [],
        "tujuan": [],
        "renstra": [],
        "outputs": dict(result.outputs),
    }
    analysis = result.analysis
    if analysis is None:
        return document
    results, ident = analysis.results, analysis.data.identitas
    document["instansi"] = ident.agency
    document["pemerintah_daerah"] = ident.government
    document["tahun"] = ident.year
    document["tujuan"] = []
    for item in results.indicators:
        indicator = item.indicator
        direction = indicator.direction or "Naik"
        document["tujuan" if indicator.is_tujuan else "iku"].append({
            "kode": indicator.code,
            "sasaran": indicator.sasaran_code,
            "indikator": indicator.name,
            "arah": indicator.direction,
            "target": _number(indicator.target.number_for(direction)) if indicator.target else None,
            "realisasi": _number(indicator.actual),
            "capaian": _number(item.value),
            "kategori": item.category,
            "tingkat": indicator.level,
            "dirata_rata": indicator.averaged,
        })
    document["rata_rata"] = {
        "capaian": _number(results.average),
        "kategori": results.average_category,
        "jumlah_indikator": results.counted,
    }
    document["sasaran"] = [
        {
            "kode": s.code,
            "nama": s.name,
            "capaian": _number(s.capaian),
            "pagu": _number(s.budget),
            "realisasi": _number(s.spent),
            "serapan": _number(s.absorption),
            "efisiensi": _number(s.efficiency),
            "kategori_efisiensi": s.efficiency_category,
        }
        for s in results.sasaran
    ]
    stated = bool(results.budget) and not results.hierarchy_unclear  # never a total of an unclear hierarchy
    document["anggaran"] = {
        "pagu": _number(results.total_budget) if stated else None,
        "realisasi": _number(results.total_spent) if stated else None,
        "serapan": _number(results.total_absorption) if stated else None,
        "sumber_dana": [
            {"sumber_dana": source.source, "pagu": _number(source.budget) if stated else None,
             "realisasi": _number(source.spent) if stated else None,
             "serapan": _number(source.absorption) if stated else None}
            for source in results.by_source
        ],
        "pendapatan": {
            "target": _number(results.revenue_target) if stated else None,
            "realisasi": _number(results.revenue_actual) if stated else None,
            "persen": _number(results.revenue_percent) if stated else None,
        } if results.has_revenue else None,
    }
    document["program"] = program_documents(results.programs)
    document["renstra"] = renstra_documents(results.renstra)
    return document


def _target(target: Any, direction: str | None) -> float | None:
    return _number(target.number_for(direction or "Naik")) if target is not None else None


def renstra_documents(renstra: Iterable[Any]) -> list[dict[str, Any]]:
    """Renstra (TEMPLATE.md §5): per indicator, Target Akhir, the progress toward it (kemajuan: the indicator's
    capaian formula with Target Akhir as the target) and every year's target, realisasi and capaian."""
    documents = []
    for r in renstra:
        direction = r.indicator.direction if r.indicator is not None else None
        documents.append({
            "kode": r.row.code,
            "target_akhir": _target(r.final_target, direction),
            "kemajuan": _number(r.progress),
            "tahun": [{"tahun": y.year, "target": _target(y.target, direction), "realisasi": _number(y.actual),
                       "capaian": _number(y.capaian)} for y in r.years],
        })
    return documents


def program_documents(programs: Iterable[Any]) -> list[dict[str, Any]]:
    """Kinerja Program (TEMPLATE.md §5): capaian kinerja beside serapan, per program, kegiatan, sub kegiatan."""
    return [
        {
            "kode": p.code,
            "tingkat": p.level,
            "uraian": p.name,
            "capaian": _number(p.capaian),
            "kategori": p.category,
            "serapan": _number(p.absorption),
            "kategori_serapan": p.absorption_category,
            "efisiensi": _number(p.efficiency),
            "indikator": [
                {
                    "indikator": item.indicator.name,
                    "target": _number(item.indicator.target.number_for(item.indicator.direction or "Naik"))
                    if item.indicator.target else None,
                    "realisasi": _number(item.indicator.actual),
                    "capaian": _number(item.value),
                    "kategori": item.category,
                }
                for item in p.indicators
            ],
        }
        for p in programs
    ]


def document(results: Iterable[FileResult], lang: str = "id") -> dict[str, Any]:
    return {"files": [file_document(r, lang) for r in results]}


def dumps(results: Iterable[FileResult], lang: str = "id") -> str:
    """Strict JSON (no NaN, no Infinity), always encodable as UTF-8."""
    return json.dumps(_text(document(results, lang)), ensure_ascii=False, indent=2, allow_nan=False)
