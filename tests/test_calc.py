"""The arithmetic against figures printed in the three reference reports (shared/reference/)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from lkip_xls.core.model import ScaleBand
from lkip_xls.core.numbers import default_direction, normalize_code, parse_target
from lkip_xls.rules import calc


def capaian(direction, target, actual, formula="2T-R", cap=None):
    return calc.capaian(direction, parse_target(target), D(actual), formula, D(cap) if cap else None)


@pytest.mark.parametrize(
    ("direction", "target", "actual", "expected", "source"),
    [
        ("Naik", "1,3", "1.40", "107.69", "NTT IKU1 uncapped"),
        ("Naik", "12,5", "12.80", "102.40", "NTT IKU2 uncapped"),
        ("Naik", "55", "6.09", "11.07", "NTT ekspor"),
        ("Naik", "14.157.209.890", "186797290000", "1319.45", "Babel investasi"),
        ("Naik", "1,37", "7.98", "582.48", "Babel tenaga kerja"),
        ("Naik", "1.835.337.899", "1203105606.54", "65.55", "Babel ekspor"),
        ("Turun", "< 11", "9.74", "111.45", "Babel koefisien variasi (2T-R)"),
        ("Naik", "10", "6.17", "61.70", "Babel BPSMB (printed 61,67 is the slip)"),
        ("Naik", "57", "40", "70.18", "Babel legalitas (narrative truncates to 70,17)"),
        ("Naik", "3", "3.34", "111.33", "Babel IKK"),
        ("Naik", "1", "4.1666667", "416.67", "Pasuruan omset, uncapped"),
        ("Turun", "10", "8.26", "117.40", "Pasuruan stabilisasi harga"),
        ("Turun", "20", "6.37", "168.15", "Pasuruan fluktuasi > 10%"),
        ("Naik", "5", "433.33", "8666.60", "Pasuruan IKM berkembang (printed 8666 truncated)"),
    ],
)
def test_capaian_reproduces_published_figures(direction, target, actual, expected, source):
    assert capaian(direction, target, actual).value == D(expected), source


def test_turun_alternative_formula_t_over_r():
    assert capaian("Turun", "11", "9.74", "T/R").value == D("112.94")
    assert capaian("Turun", "11", "0", "T/R").missing is calc.NoCapaian.ACTUAL_ZERO


def test_per_indicator_cap_keeps_the_uncapped_value():
    outcome = capaian("Naik", "1,3", "1.40", cap="100")
    assert outcome.value == D(100)
    assert outcome.uncapped == D("107.69")


@pytest.mark.parametrize(
    ("direction", "target", "actual", "expected"),
    [
        ("Tetap", "3 - 10", "5", "100"),
        ("Tetap", "3 - 10", "3", "100"),
        ("Tetap", "3 - 10", "10", "100"),
        ("Tetap", "3 - 10", "2.30", "76.67"),  # NTT price increase 2,30 below the band: R / lower
        ("Tetap", "3 - 10", "12", "80.00"),  # above: (2 x upper - R) / upper
        # PermenPAN-RB (Sistem Manajemen Kinerja), DOMAIN.md §1: inside the band 100; outside, the bound crossed
        ("Turun", "7 - 8", "6.5", "107.14"),  # (2 x 7 - 6,5) / 7
        ("Turun", "7 - 8", "9", "87.50"),  # (2 x 8 - 9) / 8
        ("Turun", "7 - 8", "7.5", "100"),
        ("Naik", "80 - 90", "70", "87.50"),  # 70 / 80
        ("Naik", "80 - 90", "92", "102.22"),  # 92 / 90
        ("Naik", "80 - 90", "85", "100"),
        ("Naik", "3 - 10", "6", "100"),  # inside the band, whatever the arah
        ("Turun", "3 - 10", "8", "100"),
        ("Naik", "5", "-8.08", "-161.60"),  # a negative growth rate: no floor
    ],
)
def test_range_targets_and_negative_realisations(direction, target, actual, expected):
    assert capaian(direction, target, actual).value == D(expected)


def test_target_zero_and_missing_realisation_give_no_capaian():
    assert capaian("Naik", "0", "5").missing is calc.NoCapaian.TARGET_ZERO
    assert calc.capaian("Naik", parse_target("5"), None).missing is calc.NoCapaian.ACTUAL_MISSING
    assert calc.capaian(None, parse_target("5"), D(5)).missing is calc.NoCapaian.NO_DIRECTION


def test_default_direction_follows_the_target():
    assert default_direction(parse_target("< 11")) == "Turun"
    assert default_direction(parse_target("3 - 10")) == "Tetap"
    assert default_direction(parse_target("80")) == "Naik"


@pytest.mark.parametrize(("target", "name", "direction"), [
    ("minimal 85", None, "Naik"), ("min. 85", None, "Naik"), ("paling sedikit 85", None, "Naik"),
    ("maksimal 10", None, "Turun"), ("maks. 10", None, "Turun"), ("paling banyak 10", None, "Turun"),
    ("minimal 76,61-88,30", None, "Naik"), ("maksimal 7-8", None, "Turun"),
    ("minimal kategori Baik (76,61-88,30)", None, "Naik"),
    ("76,61-88,30", "Indeks Kepuasan Masyarakat minimal kategori Baik", "Naik"),  # an IKM band is Naik, not Tetap
    ("7 - 8", "Inflasi maksimal", "Turun"),
    ("3 - 10", "Kenaikan harga barang pokok", "Tetap"),
])
def test_minimal_and_maksimal_in_the_target_or_the_name_give_the_direction(target, name, direction):
    assert default_direction(parse_target(target), name) == direction


def test_an_ikm_band_read_as_naik_rewards_a_score_above_it():
    target = parse_target("minimal 76,61-88,30")
    assert (target.lower, target.upper) == (D("76.61"), D("88.30"))
    assert calc.capaian(default_direction(target), target, D("90")).value == D("101.93")  # 90 / 88,30 = 101,925 half-up
    assert calc.capaian(default_direction(target), target, D("80")).value == D(100)


@pytest.mark.parametrize(
    ("scale", "value", "category"),
    [
        ("permendagri86", "91", "Sangat Tinggi"),
        ("permendagri86", "90.99", "Tinggi"),
        ("permendagri86", "90.4", "Tinggi"),  # the gap between 90 and 91 belongs to the lower band
        ("permendagri86", "76", "Tinggi"),
        ("permendagri86", "75.5", "Sedang"),
        ("permendagri86", "66", "Sedang"),
        ("permendagri86", "51", "Rendah"),
        ("permendagri86", "50.99", "Sangat Rendah"),
        ("permendagri86", "416.67", "Sangat Tinggi"),  # above 100: the top band
        ("kemenpan", "85", "Sangat Berhasil"),
        ("kemenpan", "84.99", "Berhasil"),
        ("kemenpan", "70.36", "Cukup Berhasil"),  # NTT's published average
        ("kemenpan", "54.99", "Belum Berhasil"),
        ("sakip", "90", "A"),  # lower bounds are exclusive
        ("sakip", "90.01", "AA"),
        ("sakip", "30", "D"),
        ("sakip", "-12", "D"),
    ],
)
def test_category_scales(scale, value, category):
    assert calc.classify(D(value), calc.SCALE_PRESETS[scale]) == category


def test_custom_scale_with_and_without_inclusive_bounds():
    bands = [ScaleBand(D(80), "Baik"), ScaleBand(D(60), "Cukup", inclusive=False), ScaleBand(None, "Kurang")]
    assert calc.classify(D(80), bands) == "Baik"
    assert calc.classify(D(60), bands) == "Kurang"
    assert calc.classify(D("60.01"), bands) == "Cukup"


def test_averages_of_ntt_by_indicator_and_by_sasaran():
    capped = {"SS1": [D(100), D(100)], "SS2": [D("11.07")]}
    assert calc.headline_average(capped, "indikator") == D("70.36")  # published: 70,36 Cukup Berhasil
    assert calc.headline_average(capped, "sasaran") == D("55.54")
    uncapped = {"SS1": [D("107.69"), D("102.40")], "SS2": [D("11.07")]}
    assert calc.headline_average(uncapped, "indikator") == D("73.72")


def test_averaging_cap_applies_only_inside_the_mean():
    values = [calc.for_average(v, D(110)) for v in (D("1319.45"), D("65.55"))]
    assert values == [D(110), D("65.55")]
    assert calc.mean(values) == D("87.78")


def test_babel_mean_of_its_own_indicators_is_not_the_printed_295_96():
    values = [D(v) for v in ("1319.45", "582.48", "65.55", "111.45", "0", "61.70", "70.18", "111.33")]
    assert calc.mean(values) == D("290.27")


def test_serapan_and_sisa_to_the_sen():
    assert calc.absorption(D(24000000), D(19098000)) == D("79.58")
    assert calc.absorption(D("20771496520"), D("18586962597")) == D("89.48")
    assert calc.absorption(D(0), D(5)) is None
    assert calc.remaining(D("1234567.41"), D("234567.40")) == D("1000000.01")


def test_parent_is_the_longest_dotted_prefix_segment_by_segment():
    known = frozenset({"3.30", "3.30.02", "1.1", "1"})
    assert calc.parent_code("3.30.02.2.01", known) == "3.30.02"
    assert calc.parent_code("1.10", known) == "1"
    assert calc.parent_code("1.1.5", known) == "1.1"
    assert calc.parent_code("7", known) is None
    assert normalize_code(" 01. ") == "01"


@pytest.mark.parametrize(
    ("values", "aggregation", "expected"),
    [
        ([D(25), D(25), None, None], "Kumulatif", D(50)),
        ([D(5), D(25), D(55), D(100)], "Akhir", D(100)),
        ([D(5), D(25), D(55), None], "Akhir", D(55)),
        ([D(80), D(90), None, None], "Rata-rata", D(85)),
        ([None, None, None, None], "Kumulatif", None),
    ],
)
def test_quarterly_aggregation(values, aggregation, expected):
    assert calc.aggregate_quarters(values, aggregation) == expected


@pytest.mark.parametrize(
    ("capaian_value", "serapan", "efficiency", "category"),
    [
        ("94", "78.96", "15.04", "Efisien"),  # Pasuruan Tabel 3.12
        ("100", "97", "3.00", "Cukup Efisien"),
        ("80", "85", "-5.00", "Cukup Efisien"),
        ("80", "85.01", "-5.01", "Tidak Efisien"),
    ],
)
def test_efficiency_per_sasaran(capaian_value, serapan, efficiency, category):
    value = calc.efficiency(D(capaian_value), D(serapan))
    assert value == D(efficiency)
    assert calc.efficiency_category(value) == category
    assert calc.efficiency(None, D(1)) is None


def test_a_kegiatan_given_to_another_sasaran_leaves_its_programs_sasaran():
    from lkip_xls.core.model import BudgetLine, Indicator, WorkbookData
    from lkip_xls.rules import compute

    data = WorkbookData()
    data.indicators = [Indicator("IKU", 4, {}, sasaran_code="SS1", code="A"),
                       Indicator("IKU", 5, {}, sasaran_code="SS2", code="B")]
    data.budget_lines = [
        BudgetLine("Anggaran", 4, {}, code="1", sasaran_code="SS1", budget=D(100), spent=D(80)),
        BudgetLine("Anggaran", 5, {}, code="1.1", sasaran_code="SS2", budget=D(40), spent=D(30)),
        BudgetLine("Anggaran", 6, {}, code="1.2", budget=D(60), spent=D(50)),
    ]
    results = compute.compute(data)
    by_code = {s.code: (s.budget, s.spent) for s in results.sasaran}
    assert by_code == {"SS1": (D(60), D(50)), "SS2": (D(40), D(30))}
