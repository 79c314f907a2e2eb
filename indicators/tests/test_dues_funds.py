"""Dues and fund indicators: stored figures on hand-computed data, equal to the dues and funds
selectors' direct answers, kept current by the dues and funds writes, read in a fixed number of
queries whatever the number of units and receipts beneath."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dues import selectors as dues_selectors
from dues import services as dues_services
from dues.tests.factories import exempt, members, pay
from funds import selectors as funds_selectors
from funds.models import Category, Direction
from funds.services import record_entry, reverse_entry, transfer_between_units
from indicators import figures, selectors
from indicators.catalogue import BY_CODE
from indicators.models import DirtyUnit, UnitFigure
from members.services import transfer_membership
from members.tests.factories import make_member
from org.models import Unit
from org.services import create_unit

D = datetime.date
Y = 2025
END = D(2025, 12, 31)
CODES = ["dues_rate", "dues_collected", "dues_remitted", "fund_balance", "dues_fund_balance",
         "bases_fund_ok"]  # fmt: skip


def _values(unit, year):
    [row] = selectors.values([unit], year, [BY_CODE[c] for c in CODES])
    return {c: row.cells[c].value for c in CODES}


@pytest.fixture
def books(tree):
    """Dues and fund entries of 2025 (and a few of 2026) across both provinces."""
    # p1 makes volunteers pay too and exempts up to half; p2 keeps the default (members only).
    dues_services.set_policy(
        actor=None, unit=tree.p1, year=Y, amount=12_000, categories=["member", "volunteer"],
        exemption_cap_pct=50, share_branch=50, share_base=30, share_above=20,
    )  # fmt: skip
    a1, a2, a3, a4 = members(tree.br1a, 4)
    (v1,) = members(tree.br1a, 1, category="volunteer")
    c1, c2 = members(tree.br1b, 2)
    (d1,) = members(tree.br2a, 1)
    (e1,) = members(tree.b3, 1)
    members(tree.b3, 1, category="volunteer")  # not due under the default policy
    pay(a1)
    pay(a2, amount=20_000)
    dues_services.cancel_payment(actor=None, payment=pay(a3), reason="Ghi nhầm người")
    exempt(a4)
    pay(v1, on=D(2025, 4, 1))
    # c1 paid in br1b, then moved to br2a: paid there, collected by br1b
    c1_receipt = pay(c1, on=D(2025, 2, 1))
    transfer_membership(actor=None, membership=c1, to_unit=tree.br2a, on=D(2025, 5, 1))
    # c2: exempted then revoked; paid 2025's dues only in 2026 (after the period's end)
    e = exempt(c2, ref="QĐ-02")
    dues_services.revoke_exemption(actor=None, exemption=e, reason="Đã có việc làm")
    pay(c2, on=D(2026, 1, 5))
    # d1: exempt, and paid all the same: counts as paid
    exempt(d1, on=D(2025, 6, 1), ref="QĐ-03")
    pay(d1, on=D(2025, 7, 1))

    day = D(2025, 6, 1)
    record_entry(actor=None, unit=tree.b1, on=D(2025, 1, 10), amount=5_000_000,
                 direction=Direction.IN, category=Category.DONATION)  # fmt: skip
    dues_services.remit_dues(actor=None, unit=tree.br1a, year=Y, amount=22_000, on=day)
    out = dues_services.remit_dues(actor=None, unit=tree.br1b, year=Y, amount=6_000, on=day)
    reverse_entry(actor=None, entry=out, on=D(2025, 7, 1), note="Nộp nhầm")
    dues_services.remit_dues(actor=None, unit=tree.b1, year=Y, amount=11_200, on=D(2025, 9, 1))
    dues_services.remit_dues(actor=None, unit=tree.br2a, year=Y, amount=6_000, on=D(2025, 8, 1))
    dues_services.remit_dues(actor=None, unit=tree.b2, year=Y, amount=2_400, on=D(2025, 9, 1))
    # between siblings and between provinces, with the dues year; one without it
    transfer_between_units(actor=None, from_unit=tree.b1, to_unit=tree.b2, amount=1_000,
                           on=D(2025, 10, 1), dues_year=Y)  # fmt: skip
    transfer_between_units(actor=None, from_unit=tree.p1, to_unit=tree.p2, amount=500,
                           on=D(2025, 10, 1), dues_year=Y)  # fmt: skip
    transfer_between_units(actor=None, from_unit=tree.b1, to_unit=tree.p1, amount=999,
                           on=D(2025, 10, 1))  # fmt: skip
    # 2025's dues sent in 2026: not remitted as of 31/12/2025
    transfer_between_units(actor=None, from_unit=tree.br1b, to_unit=tree.b1, amount=1_000,
                           on=D(2026, 1, 10), dues_year=Y)  # fmt: skip
    # 2026: br1a's donation lifts b1's fund (with its branches) over 5.000.000 đ
    record_entry(actor=None, unit=tree.br1a, on=D(2026, 2, 1), amount=100_000,
                 direction=Direction.IN, category=Category.DONATION)  # fmt: skip
    figures.refresh_all()
    return {"e1": e1, "c1_receipt": c1_receipt}


def test_it_works_out_the_dues_rate_as_paid_over_due_less_exempt(tree, books):
    # br1a: a1, a2, v1 paid; a3's receipt cancelled; a4 exempt → 3 ÷ (5 − 1)
    assert _values(tree.br1a, Y)["dues_rate"] == 75
    # br1b: c1 left in May; c2's exemption revoked and paid only in 2026 → 0 ÷ 1
    assert _values(tree.br1b, Y)["dues_rate"] == 0
    # br2a: d1 paid (though exempt), c1 paid in br1b before moving in → 2 ÷ 2
    assert _values(tree.br2a, Y)["dues_rate"] == 100
    assert _values(tree.b1, Y)["dues_rate"] == 60  # 3 ÷ (6 − 1)
    assert _values(tree.p1, Y)["dues_rate"] == pytest.approx(500 / 7)  # 5 ÷ (8 − 1)
    assert _values(tree.b3, Y)["dues_rate"] == 0  # e1 unpaid; the volunteer is not due there
    assert _values(tree.central, Y)["dues_rate"] == pytest.approx(62.5)  # 5 ÷ (9 − 1)
    assert _values(tree.p1, 2024)["dues_rate"] == 0  # 2024's dues: due, nobody paid


def test_it_adds_up_the_dues_collected_without_cancelled_or_late_receipts(tree, books):
    assert _values(tree.br1a, Y)["dues_collected"] == 44_000  # 12.000 + 20.000 + 12.000
    assert _values(tree.br1b, Y)["dues_collected"] == 12_000  # c1's; c2's was paid in 2026
    assert _values(tree.b1, Y)["dues_collected"] == 56_000
    assert _values(tree.p1, Y)["dues_collected"] == 68_000
    assert _values(tree.central, Y)["dues_collected"] == 68_000
    assert _values(tree.br1b, 2026)["dues_collected"] == 0  # 2025's dues, whenever paid


def test_it_counts_as_remitted_only_what_left_the_subtree(tree, books):
    v = {u: _values(getattr(tree, u), Y)["dues_remitted"] for u in vars(tree)}
    assert v["br1a"] == 22_000
    assert v["br1b"] == 0  # reversed; the 2026 transfer is after the period
    assert v["b1"] == 12_200  # 11.200 to p1 + 1.000 to b2; its branches' went to b1 itself
    assert v["b2"] == 2_400  # b1's 1.000 came in, not out
    assert v["p1"] == 500  # to p2; b1 → b2 stayed inside p1
    assert v["br2a"] == 6_000  # to b2
    assert v["p2"] == 0 and v["b3"] == 0
    assert v["central"] == 0  # nothing left the whole tree


def test_it_shows_the_humanitarian_fund_balance_with_the_units_below(tree, books):
    # Dues never enter the humanitarian fund: the branches' is empty, b1's is its donation less
    # the 999 đ it sent p1 without a dues year.
    assert _values(tree.br1a, Y)["fund_balance"] == 0
    assert _values(tree.br1b, Y)["fund_balance"] == 0
    assert _values(tree.b1, Y)["fund_balance"] == 4_999_001
    assert _values(tree.p1, Y)["fund_balance"] == 5_000_000
    assert _values(tree.central, Y)["fund_balance"] == 5_000_000  # transfers cancel out
    assert _values(tree.b1, 2026)["fund_balance"] == 4_999_001 + 100_000


def test_it_keeps_the_dues_in_the_dues_funds_where_they_were_collected(tree, books):
    # br1a: 56.000 received, 22.000 sent to b1; a3's receipt was cancelled after 2025 (today):
    # its reversal is dated then, so 2025's books stay as they were
    assert _values(tree.br1a, Y)["dues_fund_balance"] == 34_000
    today = figures.period_end(D.today().year)
    assert funds_selectors.fund_balance(tree.br1a, today, kind="dues") == 22_000
    # br1b: c1's 12.000 (its 6.000 sent and reversed); c2's receipt of 2026 counts from then on
    assert _values(tree.br1b, Y)["dues_fund_balance"] == 12_000
    assert _values(tree.br1b, 2026)["dues_fund_balance"] == 12_000 + 12_000 - 1_000
    # b1 alone: 22.000 in, 11.200 to p1, 1.000 to b2; with its branches: all it collected less
    # what left the subtree
    assert funds_selectors.fund_balance(tree.b1, END, kind="dues") == 9_800
    # (2025's receipts in b1: 56.000 live and a3's 12.000, cancelled in a later year)
    assert _values(tree.b1, Y)["dues_fund_balance"] == 68_000 - 12_200
    assert _values(tree.p1, Y)["dues_fund_balance"] == 68_000 + 12_000 - 500  # with d1's
    assert _values(tree.central, Y)["dues_fund_balance"] == 80_000


def test_it_counts_bases_whose_fund_with_its_branches_reaches_five_million(tree, books):
    # 2025: b1's own ledger is over 5.000.000 đ but br1a's transfer out takes it below
    assert _values(tree.b1, Y)["bases_fund_ok"] == 0
    assert _values(tree.p1, Y)["bases_fund_ok"] == 0
    assert _values(tree.b1, 2026)["bases_fund_ok"] == 100
    assert _values(tree.p1, 2026)["bases_fund_ok"] == 50
    assert _values(tree.central, 2026)["bases_fund_ok"] == pytest.approx(100 / 3)
    assert _values(tree.br1a, 2026)["bases_fund_ok"] is None  # no base below a branch


def _direct(unit, year):
    on = figures.period_end(year)
    paid, due, rate = dues_selectors.collection_rate(unit, year, on)
    meeting, bases = funds_selectors.bases_with_balance_at_least(unit, on)
    return {
        "dues_rate": None if rate is None else rate * 100,
        "dues_collected": dues_selectors.amount_collected(unit, year, on),
        "dues_remitted": dues_selectors.amount_remitted(unit, year, on),
        "fund_balance": funds_selectors.fund_balance(unit, on, subtree=True),
        "dues_fund_balance": funds_selectors.fund_balance(unit, on, kind="dues", subtree=True),
        "bases_fund_ok": meeting * 100 / bases if bases else None,
    }


def _assert_equal_to_selectors(tree, years):
    for unit in Unit.objects.all():
        for year in years:
            got, want = _values(unit, year), _direct(unit, year)
            if unit.kind not in ("central", "province", "base"):
                want["bases_fund_ok"] = got["bases_fund_ok"]  # the selector skips other kinds
            assert got == pytest.approx(want), (unit.name, year)


def test_it_equals_the_dues_and_funds_selectors_for_every_unit(tree, books):
    _assert_equal_to_selectors(tree, [2024, Y, 2026])


def test_it_marks_the_units_of_every_dues_and_fund_write_and_refreshes_them(tree, books):
    assert not DirtyUnit.objects.exists()
    pay(books["e1"], on=D(2025, 11, 1))
    assert set(DirtyUnit.objects.values_list("unit_id", "since")) == {(tree.b3.pk, D(Y, 1, 1))}
    figures.refresh_dirty()
    assert _values(tree.b3, Y)["dues_rate"] == 100
    assert _values(tree.p2, Y)["dues_collected"] == 12_000
    assert _values(tree.central, Y)["dues_rate"] == pytest.approx(75)  # 6 ÷ 8

    out, _in = transfer_between_units(actor=None, from_unit=tree.b3, to_unit=tree.p2,
                                      amount=3_000, on=D(2025, 12, 1), dues_year=Y)  # fmt: skip
    assert set(DirtyUnit.objects.values_list("unit_id", flat=True)) == {tree.b3.pk, tree.p2.pk}
    figures.refresh_dirty()
    assert _values(tree.b3, Y)["dues_remitted"] == 3_000
    assert _values(tree.p2, Y)["dues_remitted"] == 0
    assert _values(tree.b3, Y)["fund_balance"] == 0  # dues stay out of the humanitarian fund
    assert _values(tree.b3, Y)["dues_fund_balance"] == 12_000 - 3_000
    reverse_entry(actor=None, entry=out, on=D(2025, 12, 2), note="Sai")
    assert DirtyUnit.objects.filter(unit=tree.b3, since=D(2025, 12, 2)).exists()
    figures.refresh_dirty()
    assert _values(tree.b3, Y)["dues_remitted"] == 0

    # Cancelling c1's receipt (collected by br1b) marks br2a too, where c1 is now a member.
    dues_services.cancel_payment(actor=None, payment=books["c1_receipt"], reason="Trùng")
    assert set(DirtyUnit.objects.values_list("unit_id", flat=True)) == {tree.br1b.pk, tree.br2a.pk}
    figures.refresh_dirty()
    assert _values(tree.br2a, Y)["dues_rate"] == 50
    assert _values(tree.br1b, Y)["dues_collected"] == 0

    # A policy change marks its whole subtree: p2's volunteers must pay from now on.
    dues_services.set_policy(
        actor=None, unit=tree.p2, year=Y, amount=12_000, categories=["member", "volunteer"],
        exemption_cap_pct=10, share_branch=50, share_base=30, share_above=20,
    )  # fmt: skip
    assert set(DirtyUnit.objects.values_list("unit_id", flat=True)) == {tree.p2.pk, tree.b3.pk}
    figures.refresh_dirty()
    assert _values(tree.b3, Y)["dues_rate"] == 50  # e1 paid, the volunteer not
    _assert_equal_to_selectors(tree, [Y, 2026])


def test_it_refreshes_dues_and_funds_incrementally_to_a_full_recount(tree, users):
    figures.refresh_all()
    # dues and fund writes, consumed by the incremental refresh
    _write_books(tree)
    assert DirtyUnit.objects.exists()
    figures.refresh_dirty()
    incremental = {(r.unit_id, r.year): r.figures for r in UnitFigure.objects.all()}
    figures.refresh_all()
    assert incremental == {(r.unit_id, r.year): r.figures for r in UnitFigure.objects.all()}
    assert _values(tree.p1, Y)["dues_remitted"] == 500


def _write_books(tree):
    (m,) = members(tree.br1a, 1)
    pay(m)
    dues_services.remit_dues(actor=None, unit=tree.br1a, year=Y, amount=6_000, on=D(2025, 6, 1))
    dues_services.remit_dues(actor=None, unit=tree.b1, year=Y, amount=2_400, on=D(2025, 7, 1))
    transfer_between_units(actor=None, from_unit=tree.b1, to_unit=tree.b2, amount=1_000,
                           on=D(2025, 8, 1), dues_year=Y)  # fmt: skip
    transfer_between_units(actor=None, from_unit=tree.p1, to_unit=tree.p2, amount=500,
                           on=D(2025, 8, 1), dues_year=Y)  # fmt: skip


def _dashboard_queries(client, unit):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("indicators:dashboard", args=[unit.pk]), {"year": Y})
    assert r.status_code == 200
    return len(ctx.captured_queries), r


def test_it_reads_the_dashboard_in_the_same_queries_whatever_lies_beneath(tree, users, login):
    client = login(users.central_admin)
    figures.refresh_all()
    _dashboard_queries(client, tree.p1)  # warm: the session, the profile cache
    before, _r = _dashboard_queries(client, tree.p1)
    # more bases, branches, members, receipts and transfers beneath p1
    for i in range(3):
        base = create_unit(actor=None, parent=tree.p1, name=f"Hội cơ sở {i}", kind="base",
                           valid_from=D(2020, 1, 1))  # fmt: skip
        branch = create_unit(actor=None, parent=base, name=f"Chi hội {i}", kind="branch",
                             valid_from=D(2020, 1, 1))  # fmt: skip
        for m in members(branch, 3):
            pay(m)
        make_member(None, branch, joined=D(2021, 1, 1))
        record_entry(actor=None, unit=base, on=D(2025, 2, 1), amount=6_000_000,
                     direction=Direction.IN, category=Category.DONATION)  # fmt: skip
        dues_services.remit_dues(actor=None, unit=branch, year=Y, amount=1_000, on=D(2025, 5, 1))
    _write_books(tree)
    figures.refresh_dirty()
    after, r = _dashboard_queries(client, tree.p1)
    assert after == before
    rows = {row.unit.name: row for row, _cells in r.context["table"]}
    assert rows["Hội cơ sở 0"].cells["dues_collected"].value == 36_000
    assert rows["Hội cơ sở 0"].cells["bases_fund_ok"].value == 100
    assert r.context["d"].own.cells["bases_fund_ok"].value == 60  # 3 of 5 bases
