"""Reported values (indicators.ReportedValue) in the roll-up: a unit's reported number replaces
its subtree's computed one, parents add it up, and the totals count the units that reported."""

from indicators.catalogue import (
    REPORTABLE,
    CompactFigures,
    ProfileSettings,
    apply_reported,
    compact,
    reported_key,
    source_of,
)
from indicators.figures.rollup import roll_up

CATS = {"member", "volunteer"}


def _members(total: dict) -> tuple[float | None, float | None]:
    f = CompactFigures(compact(total), None, ProfileSettings())
    return f.sum("a:member:"), f.sum("a:member:F:")


def test_a_reported_count_replaces_the_computed_one_and_keeps_the_parts():
    own = {"a:member:F:18-29": 3, "a:member:M:18-29": 2, "rep:members": 10}
    total = roll_up(own, [], is_base=False, categories=CATS)
    assert _members(total) == (10, 3)
    assert source_of("members", total) == ("reported", 0)
    assert source_of("members_female", total) == ("records", 0)
    assert source_of("growth_pct", total)[0] == "mixed"


def test_the_narrower_report_goes_first_whatever_the_order():
    own = {"a:member:F:18-29": 3, "rep:members": 10, "rep:members_female": 6}
    total = roll_up(own, [], is_base=False, categories=CATS)
    assert _members(total) == (10, 6)


def test_parents_add_reported_numbers_and_count_the_units():
    child = roll_up({"a:member:F:18-29": 3, "rep:members": 10}, [], is_base=False, categories=CATS)
    other = roll_up({"a:member:M:18-29": 1}, [], is_base=False, categories=CATS)
    parent = roll_up({}, [child, other], is_base=False, categories=CATS)
    assert _members(parent)[0] == 11
    assert "rep:members" not in parent
    assert source_of("members", parent) == ("mixed", 1)
    top = roll_up({"rep:members": 50}, [parent], is_base=False, categories=CATS)
    assert _members(top)[0] == 50 and source_of("members", top) == ("reported", 1)


def test_a_whole_key_and_a_number_only_reported():
    total = roll_up({"cad": 4, "rep:cadres": 0, "rep:gifts": 7}, [], is_base=False, categories=CATS)
    assert "cad" not in total  # reported zero: zero
    assert total[reported_key("gifts")] == 7 and reported_key("gifts") == "rp:gifts"
    parent = roll_up({}, [total, {"rp:gifts": 3}], is_base=False, categories=CATS)
    assert parent["rp:gifts"] == 10
    assert compact(parent)["rp:gifts"] == 10


def test_only_plain_counts_are_reportable():
    assert REPORTABLE["members"] == "a:member:"
    assert "dues_rate" not in REPORTABLE and "growth_pct" not in REPORTABLE
    t = {"a:member:F:x": 5}
    apply_reported(t, "members", 5)
    assert "a:member:~" not in t  # no correction when the records agree
