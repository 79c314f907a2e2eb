import datetime

import pytest
from django.core.exceptions import ValidationError

from dues import selectors, services
from funds.services import reverse_entry, transfer_between_units

from .factories import YEAR, members, pay

ON = datetime.date(2025, 12, 31)
DAY = datetime.date(2025, 6, 1)


@pytest.fixture
def collected(tree):
    for m in members(tree.br1a, 3):  # 36.000 đ
        pay(m)
    for m in members(tree.br1b, 2):  # 24.000 đ
        pay(m)
    (m,) = members(tree.br2a, 1)
    pay(m)


def test_it_says_what_each_level_owes_upward(tree, collected):
    s = selectors.remittance(tree.b1, YEAR, ON)
    lines = {line.unit: line for line in s.lines}
    # A branch owes the base's 30% and the level above's 20%.
    assert (lines[tree.br1a].collected, lines[tree.br1a].owed, lines[tree.br1a].kept) == (
        36_000,
        18_000,
        18_000,
    )
    assert lines[tree.br1b].owed == 12_000
    # The base owes the level above 20% of everything collected in it, to the province.
    assert (s.upward.collected, s.upward.owed, s.upward.outstanding) == (60_000, 12_000, 12_000)
    assert s.recipient == tree.p1
    # Its own line: receives the branches' 30.000, owes the province 12.000, keeps 18.000.
    own = s.lines[-1]
    assert (own.unit, own.own, own.received, own.owed, own.kept) == (
        tree.b1,
        True,
        30_000,
        12_000,
        18_000,
    )
    # The total is the sum of the lines; what stays in the base is all but the province's part.
    assert (s.total.collected, s.total.received, s.total.kept, s.total.owed) == (
        60_000,
        30_000,
        48_000,
        42_000,
    )
    branch = selectors.remittance(tree.br1a, YEAR, ON)
    assert branch.recipient == tree.b1 and branch.upward.owed == branch.total.owed == 18_000
    province = selectors.remittance(tree.p1, YEAR, ON)
    assert {line.unit: line.owed for line in province.lines} == {
        tree.b1: 12_000,
        tree.b2: 2_400,
        tree.p1: 0,
    }
    assert province.lines[-1].received == province.lines[-1].kept == 14_400
    assert province.upward.owed == 0 and province.recipient is None
    assert province.total.kept == province.total.collected == 72_000  # all stays in p1


def test_it_counts_fund_transfers_with_the_dues_year_as_remitted(tree, collected):
    transfer_between_units(
        actor=None, from_unit=tree.br1a, to_unit=tree.b1, amount=18_000, on=DAY, dues_year=YEAR
    )
    out = services.remit_dues(actor=None, unit=tree.b1, year=YEAR, amount=10_000, on=DAY)
    assert out.counterparty_unit == tree.p1 and out.dues_year == YEAR
    # A transfer for another year or without a dues year does not count.
    transfer_between_units(actor=None, from_unit=tree.b1, to_unit=tree.p1, amount=999, on=DAY)
    s = selectors.remittance(tree.b1, YEAR, ON)
    lines = {line.unit: line for line in s.lines}
    assert (lines[tree.br1a].transferred, lines[tree.br1a].outstanding) == (18_000, 0)
    assert lines[tree.br1b].outstanding == 12_000
    assert (s.upward.transferred, s.upward.outstanding) == (10_000, 2_000)
    assert (s.total.transferred, s.total.outstanding) == (28_000, 14_000)  # the lines' sums
    assert s.received == 18_000
    assert selectors.amount_remitted(tree.b1, YEAR, ON) == 10_000
    assert selectors.amount_remitted(tree.b1, YEAR, DAY - datetime.timedelta(days=1)) == 0
    assert selectors.amount_remitted(tree.br1a, YEAR, ON) == 18_000
    assert selectors.amount_collected(tree.p1, YEAR, ON) == 72_000
    # A reversed transfer no longer counts.
    reverse_entry(actor=None, entry=out, on=DAY, note="Nhầm số tiền")
    assert selectors.amount_remitted(tree.b1, YEAR, ON) == 0


def test_it_refuses_remitting_from_the_province(tree, collected):
    with pytest.raises(ValidationError):
        services.remit_dues(actor=None, unit=tree.p1, year=YEAR, amount=1_000, on=DAY)


def test_it_sends_the_above_share_to_the_parent_when_the_policy_says_so(tree):
    services.set_policy(
        actor=None, unit=tree.p1, year=YEAR, amount=12_000, categories=["member"],
        exemption_cap_pct=10, share_branch=50, share_base=30, share_above=20, receiving_level="parent",
    )  # fmt: skip
    assert selectors.recipient_of(tree.b1, selectors.effective_policy(tree.b1, YEAR)) == tree.p1
    assert selectors.recipient_of(tree.br1a, selectors.effective_policy(tree.br1a, YEAR)) == tree.b1
