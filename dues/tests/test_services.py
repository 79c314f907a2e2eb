import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent
from dues import selectors, services
from dues.models import DuesPayment

from .factories import PAID_ON, YEAR, exempt, members, pay


def set_policy(unit, actor=None, **kw):
    values = {
        "year": YEAR,
        "amount": 12_000,
        "categories": ["member"],
        "exemption_cap_pct": 10,
        "share_branch": 50,
        "share_base": 30,
        "share_above": 20,
    } | kw
    return services.set_policy(actor=actor, unit=unit, **values)


def test_it_uses_the_national_default_without_any_policy(tree):
    p = selectors.effective_policy(tree.br1a, YEAR)
    assert p.unit_id is None
    assert (p.amount, p.categories, p.exemption_cap_pct) == (12_000, ["member"], 10)
    assert p.shares == {"branch": 50, "base": 30, "above": 20}


def test_it_inherits_the_nearest_ancestors_policy_for_the_year(tree):
    set_policy(tree.central, amount=12_000)
    set_policy(tree.p1, amount=20_000)
    assert selectors.effective_policy(tree.br1a, YEAR).amount == 20_000
    assert selectors.effective_policy(tree.br1a, YEAR).unit == tree.p1
    assert selectors.effective_policy(tree.b3, YEAR).amount == 12_000  # other province
    assert selectors.effective_policy(tree.br1a, YEAR + 1).unit_id is None  # another year


def test_it_refuses_a_policy_below_the_province_or_with_bad_shares(tree):
    with pytest.raises(ValidationError) as e:
        set_policy(tree.b1)
    assert "unit" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        set_policy(tree.p1, share_branch=50, share_base=30, share_above=30)
    assert "share_above" in e.value.message_dict


def test_it_updates_the_policy_in_place_and_audits(tree, users):
    set_policy(tree.p1, actor=users.province_manager, amount=15_000)
    set_policy(tree.p1, actor=users.province_manager, amount=16_000)
    assert selectors.effective_policy(tree.b1, YEAR).amount == 16_000
    assert AuditEvent.objects.filter(action="dues.policy.set").count() == 2


def test_it_numbers_receipts_per_base_and_year(tree):
    a = members(tree.br1a, 3)
    b = members(tree.br2a, 1)
    first = services.record_payments(
        actor=None, unit=tree.br1a, year=YEAR, paid_on=PAID_ON, memberships=a[:2]
    )
    assert sorted(p.receipt_no for p in first) == [1, 2]
    assert pay(a[2]).receipt_no == 3
    assert pay(b[0]).receipt_no == 1  # another base's book
    assert pay(b[0], year=YEAR - 1).receipt_no == 1  # another year
    assert first[0].amount == 12_000
    assert first[0].receipt_label == f"{YEAR}-00001"


def test_it_writes_one_audit_event_per_ticklist(tree):
    a = members(tree.br1a, 4)
    services.record_payments(actor=None, unit=tree.br1a, year=YEAR, paid_on=PAID_ON, memberships=a)
    events = AuditEvent.objects.filter(action="dues.ticklist.record")
    assert events.count() == 1
    assert events.get().data["count"] == 4
    assert events.get().data["total"] == 48_000


def test_it_refuses_a_second_live_receipt_and_rolls_back_the_whole_ticklist(tree):
    a = members(tree.br1a, 3)
    pay(a[0])
    with pytest.raises(ValidationError):
        services.record_payments(
            actor=None, unit=tree.br1a, year=YEAR, paid_on=PAID_ON, memberships=a
        )
    assert DuesPayment.objects.count() == 1


def test_it_refuses_members_outside_the_unit_or_not_paying(tree):
    (other,) = members(tree.br1b, 1)
    (vol,) = members(tree.br1a, 1, category="volunteer", year=1990)
    for m in (other, vol):
        with pytest.raises(ValidationError):
            services.record_payments(
                actor=None, unit=tree.br1a, year=YEAR, paid_on=PAID_ON, memberships=[m]
            )


def test_it_refuses_collecting_above_a_base_and_future_dates(tree):
    (m,) = members(tree.br1a, 1)
    with pytest.raises(ValidationError):
        services.record_payments(
            actor=None, unit=tree.p1, year=YEAR, paid_on=PAID_ON, memberships=[m]
        )
    with pytest.raises(ValidationError):
        pay(m, on=timezone.localdate() + datetime.timedelta(days=2))


def test_it_derives_status_as_of_a_date(tree):
    m, n, k = members(tree.br1a, 10)[:3]
    pay(m, on=datetime.date(2025, 3, 1))
    exempt(n, on=datetime.date(2025, 5, 1))
    before, after = datetime.date(2025, 2, 28), datetime.date(2025, 6, 1)
    assert selectors.status_of(m, YEAR, before) == selectors.UNPAID
    assert selectors.status_of(m, YEAR, after) == selectors.PAID
    assert selectors.status_of(n, YEAR, before) == selectors.UNPAID
    assert selectors.status_of(n, YEAR, after) == selectors.EXEMPT
    assert selectors.status_of(k, YEAR, after) == selectors.UNPAID
    rows = {r.membership.pk: r.status for r in selectors.ticklist(tree.br1a, YEAR, after)}
    assert (rows[m.pk], rows[n.pk], rows[k.pk]) == ("paid", "exempt", "unpaid")


def test_it_computes_collection_rate_without_exempt_members(tree):
    ms = members(tree.br1a, 10) + members(tree.br1b, 10)
    for m in ms[:6]:
        pay(m)
    exempt(ms[10])
    on = datetime.date(2025, 12, 31)
    # 6 paid ÷ (20 − 1 exempt)
    assert selectors.collection_rate(tree.b1, YEAR, on) == (6, 19, 6 / 19)
    assert selectors.collection_rate(tree.br1b, YEAR, on) == (0, 9, 0.0)
    assert selectors.collection_rate(tree.b2, YEAR, on) == (0, 0, None)
    total, rows = selectors.rates_by_child(tree.p1, YEAR, on)
    by_unit = {r.unit: (r.paid, r.due) for r in rows}
    assert by_unit == {tree.b1: (6, 19), tree.b2: (0, 0)}
    assert (total.paid, total.due) == (6, 19)


def test_it_excludes_cancelled_receipts_from_rates_and_totals(tree):
    a, b = members(tree.br1a, 2)
    p = pay(a)
    pay(b)
    on = datetime.date(2025, 12, 31)
    assert selectors.amount_collected(tree.b1, YEAR, on) == 24_000
    services.cancel_payment(actor=None, payment=p, reason="Ghi nhầm người")
    assert selectors.amount_collected(tree.b1, YEAR, on) == 12_000
    assert selectors.collection_rate(tree.b1, YEAR, on)[:2] == (1, 2)
    assert selectors.status_of(a, YEAR, on) == selectors.UNPAID
    assert selectors.remittance(tree.b1, YEAR, on).total.collected == 12_000
    # The receipt stays, cancelled, and the person may be recorded again with a new number.
    assert DuesPayment.objects.get(pk=p.pk).cancel_reason == "Ghi nhầm người"
    assert pay(a).receipt_no == 3


def test_it_refuses_cancelling_without_reason_or_twice(tree):
    (a,) = members(tree.br1a, 1)
    p = pay(a)
    with pytest.raises(ValidationError):
        services.cancel_payment(actor=None, payment=p, reason="  ")
    services.cancel_payment(actor=None, payment=p, reason="Trùng")
    with pytest.raises(ValidationError):
        services.cancel_payment(actor=None, payment=p, reason="Trùng")


def test_it_caps_exemptions_at_ten_percent_rounded_down(tree):
    ms = members(tree.br1a, 15) + members(tree.br1b, 9)  # 24 in the base: cap 2
    exempt(ms[0])
    exempt(ms[20])
    with pytest.raises(ValidationError) as e:
        exempt(ms[1])
    assert "tối đa 2" in str(e.value)
    assert selectors.exemption_cap(tree.b1, YEAR, PAID_ON) == (2, 24)


def test_it_frees_a_place_when_an_exemption_is_revoked(tree):
    ms = members(tree.br1a, 10)  # cap 1
    e = exempt(ms[0])
    with pytest.raises(ValidationError):
        exempt(ms[1])
    services.revoke_exemption(actor=None, exemption=e, reason="Đã có việc làm")
    exempt(ms[1])
    assert selectors.status_of(ms[0], YEAR, PAID_ON) == selectors.UNPAID


def test_it_refuses_exempting_someone_who_paid(tree):
    ms = members(tree.br1a, 10)
    pay(ms[0])
    with pytest.raises(ValidationError):
        exempt(ms[0])


def test_it_follows_a_policy_with_other_categories(tree):
    set_policy(tree.p1, categories=["member", "volunteer"])
    members(tree.br1a, 2)
    members(tree.br1a, 1, category="volunteer", year=1990)
    members(tree.b3, 1, category="volunteer", year=1990)
    on = datetime.date(2025, 12, 31)
    assert selectors.collection_rate(tree.b1, YEAR, on)[1] == 3
    assert selectors.collection_rate(tree.p2, YEAR, on)[1] == 0
    # From the top, each province's members count under its own policy.
    assert selectors.collection_rate(tree.central, YEAR, on)[1] == 3


def test_it_counts_a_member_paid_wherever_the_person_paid(tree):
    from members.services import transfer_membership

    a, b, c, d, *rest = members(tree.br1a, 10)  # 10: one exemption allowed
    pay(a)  # collected in p1, then the member moves to p2
    cancelled = pay(b)
    services.cancel_payment(actor=None, payment=cancelled, reason="Ghi nhầm người")
    pay(c, on=datetime.date(2025, 9, 1))  # paid after the day asked about
    exempt(d)
    moved = [
        transfer_membership(actor=None, membership=m, to_unit=tree.b3, on=datetime.date(2025, 6, 1))
        for m in (a, b, c, d)
    ]
    on = datetime.date(2025, 7, 1)
    # Receipts stay with the collecting unit (p1) but count for the person, now in p2.
    assert selectors.amount_collected(tree.p1, YEAR, on) == 12_000
    assert selectors.unit_rate(tree.b3, YEAR, on) == selectors.Rate(tree.b3, 4, 1, 1)
    assert selectors.unit_rate(tree.p1, YEAR, on) == selectors.Rate(tree.p1, 6, 0, 0)
    total, rows = selectors.rates_by_child(tree.p2, YEAR, on)
    assert (total.members, total.paid, total.exempt) == (4, 1, 1)
    assert [(r.unit, r.paid, r.due) for r in rows] == [(tree.b3, 1, 3)]
    total, rows = selectors.rates_by_child(tree.central, YEAR, on)
    assert (total.members, total.paid, total.exempt) == (10, 1, 1)
    assert [(r.unit, r.members, r.paid) for r in rows] == [(tree.p1, 6, 0), (tree.p2, 4, 1)]
    later = datetime.date(2025, 12, 31)
    assert selectors.unit_rate(tree.b3, YEAR, later) == selectors.Rate(tree.b3, 4, 2, 1)
    statuses = [selectors.status_of(m, YEAR, on) for m in moved]
    assert statuses == ["paid", "unpaid", "unpaid", "exempt"]
