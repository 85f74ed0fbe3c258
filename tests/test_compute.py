"""What `rules.compute` makes of one workbook's records under the choices of its Identitas (caps, averaging basis,
scale, Turun formula) and its budget (efficiency per sasaran): in memory, no workbook. The arithmetic itself,
against published figures, is in test_calc."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from lkip_xls.core.model import ScaleBand
from lkip_xls.rules.compute import compute

from .builders import budget_line, identitas, indicator, workbook

# SS1: 120 against 80 (150 %) and 90 against 100 (90 %); SS2: 25 against 50 (50 %).
THREE = (("IKU1", 80, 120, "SS1"), ("IKU2", 100, 90, "SS1"), ("IKU3", 50, 25, "SS2"))


def three_indicators(**choices):
    return workbook(identitas=identitas(**choices),
                    indicators=[indicator(code, target, actual, sasaran=sasaran) for code, target, actual, sasaran
                                in THREE])


@pytest.mark.parametrize(
    ("choices", "capaian_iku1", "average", "category"),
    [
        ({}, "150.00", "96.67", "Sangat Tinggi"),  # no cap: (150 + 90 + 50) / 3
        ({"indicator_cap": 100}, "100.00", "80.00", "Tinggi"),  # the capped value is printed and averaged
        ({"average_cap": 110}, "150.00", "83.33", "Tinggi"),  # printed uncapped, 110 enters the mean
        ({"average_basis": "sasaran"}, "150.00", "85.00", "Tinggi"),  # (120 + 50) / 2
        ({"scale": "kemenpan"}, "150.00", "96.67", "Sangat Berhasil"),
        ({"scale": "sakip"}, "150.00", "96.67", "AA"),
    ],
)
def test_identitas_caps_basis_and_scale_shape_the_headline_average(choices, capaian_iku1, average, category):
    results = compute(three_indicators(**choices))
    assert results.indicator("IKU1").value == D(capaian_iku1)
    assert results.indicator("IKU1").capaian.uncapped == D("150.00")
    assert (results.average, results.average_category, results.counted) == (D(average), category, 3)


def test_kustom_scale_classifies_by_the_bands_of_the_skala_sheet():
    bands = [ScaleBand(D(100), "Tercapai"), ScaleBand(D(60), "Cukup", inclusive=False), ScaleBand(None, "Kurang")]
    data = workbook(identitas=identitas(scale="kustom"), custom_scale=bands,
                    indicators=[indicator("IKU1", 100, 100), indicator("IKU2", 100, 60), indicator("IKU3", 100, 61)])
    assert [r.category for r in compute(data).indicators] == ["Tercapai", "Kurang", "Cukup"]


@pytest.mark.parametrize(
    ("formula", "expected"),
    [("2T-R", "111.45"), ("T/R", "112.94")],  # Babel koefisien variasi: target < 11, realisasi 9,74
)
def test_turun_formula_of_the_identitas_applies_to_a_less_than_target(formula, expected):
    data = workbook(identitas=identitas(turun_formula=formula), indicators=[indicator("IKU1", "< 11", 9.74)])
    result = compute(data).indicator("IKU1")
    assert (result.indicator.direction, result.value) == ("Turun", D(expected))


def test_efficiency_per_sasaran_is_its_mean_capaian_minus_the_serapan_of_its_programs():
    data = workbook(
        indicators=[indicator("IKU1", 100, 94), indicator("IKU2", 100, 60, sasaran="SS2")],
        budget=[budget_line("1", 100000000, 78960000, sasaran="SS1"), budget_line("1.1", 100000000, 78960000)],
    )
    by_code = {s.code: s for s in compute(data).sasaran}
    pasuruan = by_code["SS1"]  # Pasuruan Tabel 3.12: 94 - 78,96
    assert (pasuruan.capaian, pasuruan.absorption, pasuruan.efficiency) == (D(94), D("78.96"), D("15.04"))
    assert pasuruan.efficiency_category == "Efisien"
    assert (by_code["SS2"].budget, by_code["SS2"].efficiency) == (None, None)  # no program: no efficiency
