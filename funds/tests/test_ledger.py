import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import AuditEvent
from funds import selectors, services
from funds.models import Category, Direction, Entry

D = datetime.date


def _in(actor, unit, on, amount, category=Category.DONATION, **kw):
    return services.record_entry(
        actor=actor,
        unit=unit,
        on=on,
        amount=amount,
        direction=Direction.IN,
        category=category,
        **kw,
    )


def _out(actor, unit, on, amount, category=Category.RELIEF, **kw):
    return services.record_entry(
        actor=actor,
        unit=unit,
        on=on,
        amount=amount,
        direction=Direction.OUT,
        category=category,
        **kw,
    )


def test_it_computes_balance_as_of_a_date(tree, users):
    u = users.base_manager
    _in(u, tree.b1, D(2025, 1, 10), 3_000_000)
    _out(u, tree.b1, D(2025, 2, 1), 500_000)
    _in(u, tree.br1a, D(2025, 2, 5), 100_000)
    assert selectors.balance(tree.b1, D(2025, 1, 9)) == 0
    assert selectors.balance(tree.b1, D(2025, 1, 10)) == 3_000_000
    assert selectors.balance(tree.b1, D(2025, 3, 1)) == 2_500_000
    assert selectors.balance(tree.b1, D(2025, 3, 1), subtree=True) == 2_600_000
    assert selectors.balance(tree.b2, D(2025, 3, 1)) == 0


def test_it_keeps_balance_across_a_closed_period_and_a_reversal(tree, users):
    u = users.base_manager
    good = _in(u, tree.b1, D(2025, 1, 10), 2_000_000)
    wrong = _in(u, tree.b1, D(2025, 1, 20), 900_000)
    services.close_period(actor=u, unit=tree.b1, through=D(2025, 1, 31))
    assert selectors.balance(tree.b1, D(2025, 1, 31)) == 2_900_000
    # Inside the closed period nothing can be written, not even the correction.
    with pytest.raises(ValidationError):
        _in(u, tree.b1, D(2025, 1, 31), 1)
    with pytest.raises(ValidationError):
        services.reverse_entry(actor=u, entry=wrong, on=D(2025, 1, 25), note="nhầm")
    rev = services.reverse_entry(actor=u, entry=wrong, on=D(2025, 2, 3), note="Ghi nhầm số tiền")
    assert rev.reverses == wrong and rev.direction == Direction.OUT and rev.amount == 900_000
    # The closed period's balance is unchanged; the correction counts from its own date.
    assert selectors.balance(tree.b1, D(2025, 1, 31)) == 2_900_000
    assert selectors.balance(tree.b1, D(2025, 2, 2)) == 2_900_000
    assert selectors.balance(tree.b1, D(2025, 2, 3)) == 2_000_000
    # Totals are net of the reversal: donations fell, nothing was spent.
    t = selectors.totals(tree.b1, D(2025, 1, 1), D(2025, 12, 31))
    assert t["donation"] == {"in": 2_000_000, "out": 0}
    assert t["relief"] == {"in": 0, "out": 0}
    with pytest.raises(ValidationError):
        services.reverse_entry(actor=u, entry=wrong, on=D(2025, 2, 4), note="lần hai")
    with pytest.raises(ValidationError):
        services.reverse_entry(actor=u, entry=rev, on=D(2025, 2, 4), note="đảo của đảo")
    assert good.pk and Entry.objects.filter(unit=tree.b1).count() == 3


def test_it_refuses_to_move_the_close_date_backwards_or_to_today(tree, users):
    u = users.base_manager
    services.close_period(actor=u, unit=tree.b1, through=D(2025, 3, 31))
    with pytest.raises(ValidationError):
        services.close_period(actor=u, unit=tree.b1, through=D(2025, 2, 28))
    with pytest.raises(ValidationError):
        services.close_period(actor=u, unit=tree.b1, through=timezone.localdate())
    # Closing one unit does not close its children.
    _in(u, tree.br1a, D(2025, 3, 1), 10_000)
    assert AuditEvent.objects.filter(action="funds.period.close").count() == 1


def test_it_writes_both_sides_of_a_transfer(tree, users):
    u = users.province_manager
    _in(u, tree.b1, D(2025, 1, 2), 1_000_000)
    out, inc = services.transfer_between_units(
        actor=u, from_unit=tree.b1, to_unit=tree.p1, amount=400_000, on=D(2025, 1, 5),
        category=Category.RELIEF,
    )  # fmt: skip
    assert out.transfer_id == inc.transfer_id is not None
    assert (out.unit, out.direction, out.counterparty_unit) == (tree.b1, "out", tree.p1)
    assert (inc.unit, inc.direction, inc.counterparty_unit) == (tree.p1, "in", tree.b1)
    assert out.fund.kind == inc.fund.kind == "humanitarian"
    assert selectors.balance(tree.b1, D(2025, 1, 5)) == 600_000
    assert selectors.balance(tree.p1, D(2025, 1, 5)) == 400_000
    # Inside the province the transfer cancels out.
    assert selectors.balance(tree.p1, D(2025, 1, 5), subtree=True) == 1_000_000
    assert AuditEvent.objects.filter(action="funds.entry.record").count() == 3


def test_it_leaves_nothing_when_one_side_of_a_transfer_fails(tree, users):
    u = users.province_manager
    services.close_period(actor=u, unit=tree.p1, through=D(2025, 1, 31))
    with pytest.raises(ValidationError):
        services.transfer_between_units(
            actor=u, from_unit=tree.b1, to_unit=tree.p1, amount=400_000, on=D(2025, 1, 5)
        )
    assert Entry.objects.count() == 0
    assert not AuditEvent.objects.filter(action="funds.entry.record").exists()


def test_it_reverses_both_sides_of_a_transfer(tree, users):
    u = users.province_manager
    out, inc = services.transfer_between_units(
        actor=u, from_unit=tree.b1, to_unit=tree.p1, amount=400_000, on=D(2025, 1, 5)
    )
    rev = services.reverse_entry(actor=u, entry=inc, on=D(2025, 1, 6), note="Chuyển nhầm")
    assert rev.reverses == inc
    assert Entry.objects.filter(reverses=out).exists()
    assert selectors.balance(tree.b1, D(2025, 1, 6)) == 0
    assert selectors.balance(tree.p1, D(2025, 1, 6)) == 0


def test_it_rejects_bad_amounts_and_dates(tree, users):
    u = users.base_manager
    for bad in (0, -5, 1.5, True):
        with pytest.raises(ValidationError):
            _in(u, tree.b1, D(2025, 1, 1), bad)
    with pytest.raises(ValidationError):
        _in(u, tree.b1, timezone.localdate() + datetime.timedelta(days=1), 10)
    with pytest.raises(ValidationError):
        services.record_entry(
            actor=u, unit=tree.b1, on=D(2025, 1, 1), amount=10, direction="sideways",
            category=Category.OTHER,
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(unit=tree.b1, on=D(2025, 1, 1), amount=0, direction="in",
                             category="other")  # fmt: skip


def test_it_counts_bases_meeting_the_fund_target_in_one_query(
    tree, users, django_assert_num_queries
):
    u = users.central_admin
    _in(u, tree.b1, D(2025, 1, 1), 4_000_000)
    _in(u, tree.br1a, D(2025, 1, 2), 1_000_000)  # the base's branches count toward it
    _in(u, tree.b2, D(2025, 1, 1), 6_000_000)
    _out(u, tree.b2, D(2025, 6, 1), 2_000_000)
    _in(u, tree.b3, D(2025, 1, 1), 5_000_000)
    with django_assert_num_queries(1):
        assert selectors.bases_with_balance_at_least(tree.central, D(2025, 3, 1)) == (3, 3)
    assert selectors.bases_with_balance_at_least(tree.central, D(2025, 6, 1)) == (2, 3)
    assert selectors.bases_with_balance_at_least(tree.p1, D(2025, 6, 1)) == (1, 2)
    assert selectors.bases_with_balance_at_least(tree.b1, D(2025, 6, 1)) == (1, 1)
    assert selectors.bases_with_balance_at_least(tree.br1a, D(2025, 6, 1)) == (0, 0)
    assert selectors.bases_with_balance_at_least(tree.p1, D(2025, 6, 1), 1) == (2, 2)
    assert selectors.fund_balance(tree.b2, D(2025, 6, 1)) == 4_000_000


def test_it_totals_by_category_in_one_query(tree, users, django_assert_num_queries):
    u = users.base_manager
    _in(u, tree.b1, D(2025, 1, 1), 100, Category.FUNDRAISING, campaign="Tết nhân ái")
    _out(u, tree.b1, D(2025, 1, 2), 40, Category.RELIEF, campaign="Tết nhân ái")
    _in(u, tree.b1, D(2024, 12, 31), 7, Category.OTHER)
    with django_assert_num_queries(1):
        t = selectors.totals(tree.b1, D(2025, 1, 1), D(2025, 1, 31))
    assert set(t) == set(Category.values)
    assert t["fundraising"]["in"] == 100 and t["relief"]["out"] == 40 and t["other"]["in"] == 0
    assert selectors.totals_by_campaign(tree.b1, D(2025, 1, 1), D(2025, 1, 31)) == [
        {"campaign": "Tết nhân ái", "in": 100, "out": 40}
    ]
