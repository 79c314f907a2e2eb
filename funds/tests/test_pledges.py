import datetime

import pytest
from django.core.exceptions import ValidationError

from funds import selectors, services
from funds.models import Category, Direction, Frequency

D = datetime.date


def _give(actor, unit, on, amount, pledge):
    return services.record_entry(
        actor=actor, unit=unit, on=on, amount=amount, direction=Direction.IN,
        category=Category.DONATION, pledge=pledge,
    )  # fmt: skip


def test_it_compares_received_with_expected_for_a_monthly_pledge(tree, users, fund):
    u = users.base_editor
    # 200,000 a month from January: 1.5 M already received on 15/01 (fixture)
    assert selectors.pledge_status(fund.pledge, D(2024, 12, 31)) == {
        "received": 0, "expected": 0, "outstanding": 0,
    }  # fmt: skip
    services.end_pledge(actor=u, pledge=fund.pledge, end=D(2025, 12, 31))
    fund.pledge.refresh_from_db()
    assert selectors.pledge_status(fund.pledge, D(2026, 6, 30))["expected"] == 2_400_000
    st = selectors.pledge_status(fund.pledge, D(2025, 10, 1))
    assert st == {"received": 1_500_000, "expected": 2_000_000, "outstanding": 500_000}
    extra = _give(u, tree.b1, D(2025, 9, 1), 600_000, fund.pledge)
    assert selectors.pledge_status(fund.pledge, D(2025, 10, 1))["outstanding"] == 0
    # a reversed payment no longer counts
    services.reverse_entry(actor=u, entry=extra, on=D(2025, 9, 2), note="Trả lại")
    assert selectors.pledge_status(fund.pledge, D(2025, 10, 1))["received"] == 1_500_000
    (p,) = selectors.pledges_for(tree.b1, D(2025, 10, 1))
    assert (p.expected, p.received, p.outstanding) == (2_000_000, 1_500_000, 500_000)


def test_it_expects_a_one_off_pledge_once(tree, users, fund):
    p = services.create_pledge(
        actor=users.base_editor, donor=fund.org_donor, unit=tree.b1, amount=10_000_000,
        frequency=Frequency.ONE_OFF, start=D(2025, 3, 1), end=D(2025, 12, 1),
    )  # fmt: skip
    assert p.end is None
    assert selectors.pledge_status(p, D(2025, 2, 28))["expected"] == 0
    assert selectors.pledge_status(p, D(2026, 1, 1))["expected"] == 10_000_000
    _give(users.base_editor, tree.b1, D(2025, 3, 5), 4_000_000, p)
    assert selectors.pledge_status(p, D(2026, 1, 1))["outstanding"] == 6_000_000


def test_it_links_only_income_of_the_pledges_unit(tree, users, fund):
    u = users.province_manager
    with pytest.raises(ValidationError):
        _give(u, tree.b2, D(2025, 2, 1), 1000, fund.pledge)
    with pytest.raises(ValidationError):
        services.record_entry(
            actor=u, unit=tree.b1, on=D(2025, 2, 1), amount=1000, direction=Direction.OUT,
            category=Category.RELIEF, pledge=fund.pledge,
        )  # fmt: skip
    e = _give(u, tree.b1, D(2025, 2, 1), 1000, fund.pledge)
    assert e.donor == fund.person_donor  # the pledge's donor


def test_it_counts_calendar_months(tree):
    assert selectors.months_covered(D(2025, 1, 31), D(2025, 2, 1)) == 2
    assert selectors.months_covered(D(2025, 11, 1), D(2026, 1, 31)) == 3
    assert selectors.months_covered(D(2025, 2, 1), D(2025, 1, 31)) == 0


def test_it_refuses_a_donor_of_another_unit(tree, users, fund):
    with pytest.raises(ValidationError):
        services.record_entry(
            actor=users.central_admin, unit=tree.b2, on=D(2025, 2, 1), amount=1000,
            direction=Direction.IN, category=Category.DONATION, donor=fund.org_donor,
        )  # fmt: skip
    # a branch of b1 may use b1's donors
    e = services.record_entry(
        actor=users.central_admin, unit=tree.br1a, on=D(2025, 2, 1), amount=1000,
        direction=Direction.IN, category=Category.DONATION, donor=fund.org_donor,
    )  # fmt: skip
    assert e.donor == fund.org_donor
