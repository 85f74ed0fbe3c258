"""Reading numbers and targets the way Indonesian agencies type them (DOMAIN.md §7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkip_xls.core.numbers import (
    NotANumber,
    Quirk,
    TargetKind,
    format_id,
    parse_number,
    parse_predicate,
    parse_target,
    parse_text,
    predicate_names,
    predicate_table,
    round2,
)


@pytest.mark.parametrize(
    ("text", "value", "quirk"),
    [
        ("1.234.567,89", "1234567.89", None),
        ("1.234", "1234", None),
        ("12,5", "12.5", None),
        ("12,5%", "12.5", None),
        ("4,166 %", "4.166", None),
        ("Rp 1.540.501.783,-", "1540501783", None),
        ("Rp 22.605.800, -", "22605800", None),
        ("Rp.369,6 miliar", "369600000000", None),
        ("(19)", "-19", None),
        ("-8,08", "-8.08", None),
        ("Rp - 9.878.392", "-9878392", None),
        ("11.427 .794 .400", "11427794400", None),
        ("2,678,400", "2678400", Quirk.COMMA_THOUSANDS),
        ("101453.120", "101453120", Quirk.IRREGULAR_GROUPING),
        ("97.74", "97.74", Quirk.DOT_DECIMAL),
        ("0.094", "0.094", Quirk.DOT_DECIMAL),
        ("1.15", "1.15", Quirk.DOT_DECIMAL),
        ("2,678,400.50", "2678400.50", Quirk.ENGLISH_FORMAT),
    ],
)
def test_text_numbers_read_as_domain_rules_say(text, value, quirk):
    parsed = parse_text(text)
    assert parsed.value == Decimal(value)
    assert parsed.quirk == quirk


@pytest.mark.parametrize("text", ["", " ", "-", "•", "N/A", "n/a", "belum rilis", "Belum Rilis"])
def test_missing_tokens_mean_no_value(text):
    assert parse_text(text).value is None


@pytest.mark.parametrize("text", ["132 Orang", "18;25", "100;11", "1.2.3", "abc", "1,2,3.4.5", "25:28", "12,5,6,"])
def test_text_that_is_no_number_is_refused(text):
    with pytest.raises(NotANumber):
        parse_text(text)


def test_percent_formatted_number_cell_holds_a_fraction():
    assert parse_number(0.9748, "0.00%").value == Decimal("97.48")
    assert parse_number(0.9748, "General").value == Decimal("0.9748")
    assert parse_number(97.48, '0.00"%"').value == Decimal("97.48")  # a literal % sign is not a % format


def test_true_numbers_keep_their_shortest_decimal_form():
    assert parse_number(1203105606.54).value == Decimal("1203105606.54")
    assert parse_number(7).value == Decimal(7)


@pytest.mark.parametrize("value", [True, dt.datetime(2024, 1, 6), dt.time(6, 42), float("nan")])
def test_dates_booleans_and_nan_are_not_numbers(value):
    with pytest.raises(NotANumber):
        parse_number(value)


def test_half_up_rounding_is_not_float_rounding():
    assert round2(Decimal(19098000) / Decimal(24000000) * 100) == Decimal("79.58")
    assert round(19098000 / 24000000 * 100, 2) == 79.57  # the trap DOMAIN.md warns about


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False,
                   allow_infinity=False))
def test_any_decimal_written_the_indonesian_way_parses_back_to_itself(value):
    assert parse_text(format_id(value, 2)).value == value


@given(st.integers(min_value=0, max_value=10**15))
def test_any_integer_with_thousand_dots_parses_back(value):
    assert parse_text(format_id(Decimal(value), 0)).value == value


@given(st.text(max_size=40))
def test_parser_either_reads_or_refuses_never_crashes(text):
    try:
        parse_text(text)
        parse_target(text)
    except NotANumber:
        pass


@pytest.mark.parametrize(
    ("text", "kind", "value", "upper"),
    [
        ("< 11", TargetKind.LESS, "11", None),
        ("<11", TargetKind.LESS, "11", None),
        ("≤7,82", TargetKind.LESS_EQUAL, "7.82", None),
        (">= 90", TargetKind.GREATER_EQUAL, "90", None),
        ("3 - 10", TargetKind.RANGE, "3", "10"),
        ("3–10", TargetKind.RANGE, "3", "10"),
        ("3 s.d. 10", TargetKind.RANGE, "3", "10"),
        ("-5", TargetKind.VALUE, "-5", None),
        ("0,1 %", TargetKind.VALUE, "0.1", None),
    ],
)
def test_targets_numbers_comparisons_and_ranges(text, kind, value, upper):
    target = parse_target(text)
    assert target.kind is kind
    assert target.value == Decimal(value)
    assert target.upper == (Decimal(upper) if upper else None)


def test_target_direction_implied_by_comparison_and_range():
    assert parse_target("< 11").implied_direction == "Turun"
    assert parse_target("> 5").implied_direction == "Naik"
    assert parse_target("3 - 10").implied_direction == "Tetap"
    assert parse_target("3 - 10").number_for("Turun") == 10
    assert parse_target("3 - 10").number_for("Naik") == 3


# --------------------------------------------------------------------------- predicates (TEMPLATE.md §5)


@pytest.mark.parametrize(
    ("text", "value"),
    [("WTP", "4"), ("wdp", "3"), (" Opini WTP ", "4"), ("opini  TMP", "1"), ("TW", "2"),
     ("Predikat BB", "5"), ("AA", "7"), ("d", "1"), ("CC", "3"), ("A (80)", "80"), ("A (85,10)", "85.10"),
     ("(4) WTP", "4"), ("Predikat A (80)", "80")],
)
def test_known_predicates_read_as_their_values(text, value):
    table = predicate_table()
    assert parse_predicate(text, table) == Decimal(value)
    assert parse_number(text, None, table).value == Decimal(value)
    target = parse_target(text, None, table)
    assert target is not None and target.kind is TargetKind.VALUE and target.value == Decimal(value)


@pytest.mark.parametrize("text", ["Baik", "WTP plus", "Sangat (80)", "Opini"])
def test_unknown_predicates_are_no_numbers(text):
    table = predicate_table()
    assert parse_predicate(text, table) is None
    with pytest.raises(NotANumber):
        parse_number(text, None, table)
    with pytest.raises(NotANumber):
        parse_target(text, None, table)


def test_predicates_are_read_only_with_a_table():
    with pytest.raises(NotANumber):
        parse_number("WTP")
    with pytest.raises(NotANumber):
        parse_target("WTP")


def test_a_sheet_adds_and_overrides_predicates():
    table = predicate_table({"Baik": Decimal(3), "wtp": Decimal(10)})
    assert parse_predicate("baik", table) == 3
    assert parse_predicate("Opini WTP", table) == 10
    assert parse_predicate("WDP", table) == 3
    assert "BAIK 3" in predicate_names(table) and predicate_names(predicate_table()).startswith("TMP 1, TW 2")


def test_numbers_and_targets_are_unchanged_with_a_table():
    table = predicate_table()
    assert parse_number("12,5", None, table).value == Decimal("12.5")
    assert parse_target("3 - 10", None, table).kind is TargetKind.RANGE
    assert parse_target("< 11", None, table).kind is TargetKind.LESS
