"""Houses (status flow, support by source, tranches from the fund and their reversal), capital
groups (balances, lending no more than in hand, repaying no more than owed, overdue) and
check-up / kitchen events (counts by sex and age band, value by source, people served)."""

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from funds.models import Entry
from projects import selectors, services
from projects.models import HouseStatus

from .factories import D, households


def test_a_house_goes_proposed_approved_building_handed_over(users, tree):
    ed = users.base_editor
    [h] = households(ed, tree.b1, 1)
    house = services.propose_house(actor=ed, unit=tree.b1, household=h, kind="new", location="Thôn Nà Pài",
                                   commune_code="20194", estimated_cost=80_000_000, on=D(2025, 3, 1))  # fmt: skip
    with pytest.raises(ValidationError, match="không chuyển sang"):
        services.advance_house(actor=ed, house=house, to="building", on=D(2025, 3, 2))
    with pytest.raises(ValidationError, match="đã được duyệt"):
        services.pay_tranche(actor=ed, house=house, kind="start", on=D(2025, 3, 2), amount=1)
    services.advance_house(actor=ed, house=house, to="approved", on=D(2025, 3, 5))
    services.advance_house(actor=ed, house=house, to="building", on=D(2025, 4, 1))
    with pytest.raises(ValidationError, match="trước ngày của bước trước"):
        services.advance_house(actor=ed, house=house, to="handed", on=D(2025, 3, 31))
    house = services.advance_house(actor=ed, house=house, to="handed", on=D(2025, 7, 1))
    assert (house.status, house.started_on, house.handed_over_on) == (HouseStatus.HANDED_OVER, D(2025, 4, 1), D(2025, 7, 1))  # fmt: skip
    assert list(house.steps.values_list("status", flat=True)) == ["proposed", "approved", "building", "handed"]  # fmt: skip
    with pytest.raises(ValidationError, match="chữ số"):
        services.propose_house(actor=ed, unit=tree.b1, household=h, kind="new", location="x", commune_code="AB1", on=D(2025, 3, 1))  # fmt: skip


def test_tranches_write_fund_entries_and_a_cancelled_tranche_reverses_its_entry(users, tree):
    ed = users.base_editor
    [h] = households(ed, tree.b1, 1)
    house = services.propose_house(actor=ed, unit=tree.b1, household=h, kind="repair", location="Tổ 3", on=D(2025, 3, 1))  # fmt: skip
    services.advance_house(actor=ed, house=house, to="approved", on=D(2025, 3, 5))
    services.add_support(actor=ed, house=house, source="fund", amount=40_000_000)
    services.add_support(actor=ed, house=house, source="sponsor", name="Công ty Điện lực", amount=30_000_000)  # fmt: skip
    with pytest.raises(ValidationError, match="lớn hơn 0"):
        services.add_support(actor=ed, house=house, source="household", amount=0)
    t1 = services.pay_tranche(
        actor=ed, house=house, kind="start", on=D(2025, 3, 10), amount=20_000_000
    )
    t2 = services.pay_tranche(actor=ed, house=house, kind="completion", on=D(2025, 6, 10), amount=20_000_000)  # fmt: skip
    e = t1.fund_entry
    assert (e.amount, e.direction, e.category, e.fund.kind, e.on) == (20_000_000, "out", "relief", "humanitarian", D(2025, 3, 10))  # fmt: skip
    assert "Tổ 3" not in e.note and h.person.full_name in e.note
    with pytest.raises(ValidationError, match="huỷ các đợt chi"):
        services.cancel_house(actor=ed, house=house, on=D(2025, 6, 11), reason="Hộ chuyển đi")
    services.cancel_tranche(actor=ed, tranche=t2, on=D(2025, 6, 12), reason="Chi nhầm")
    reversal = Entry.objects.get(reverses=t2.fund_entry)
    assert (reversal.amount, reversal.on) == (20_000_000, D(2025, 6, 12))
    with pytest.raises(ValidationError, match="đã được huỷ"):
        services.cancel_tranche(actor=ed, tranche=t2, on=D(2025, 6, 12), reason="lần nữa")
    assert Entry.objects.filter(unit=tree.b1).count() == 3
    assert selectors.house_supports([house]) == {house.pk: 70_000_000}


def test_capital_group_balances_outstanding_and_overdue(users, tree):
    ed = users.base_editor
    a, b = households(ed, tree.b1, 2)
    g = services.create_group(actor=ed, unit=tree.b1, name="Tổ giúp nhau làm kinh tế thôn Nà Pài", founded_on=D(2024, 1, 1))  # fmt: skip
    assert g.rate == 0
    ma = services.add_member(actor=ed, group=g, person=a.person, joined_on=D(2024, 1, 1))
    mb = services.add_member(actor=ed, group=g, person=b.person, joined_on=D(2024, 1, 1))
    with pytest.raises(ValidationError, match="đã là thành viên"):
        services.add_member(actor=ed, group=g, person=a.person, joined_on=D(2024, 2, 1))
    services.contribute(actor=ed, group=g, on=D(2024, 1, 5), amount=10_000_000, source="Hội Chữ thập đỏ tỉnh")  # fmt: skip
    services.contribute(actor=ed, group=g, on=D(2024, 1, 5), amount=2_000_000, member=ma)
    with pytest.raises(ValidationError, match="chỉ còn 12.000.000"):
        services.lend(actor=ed, group=g, member=ma, on=D(2024, 2, 1), amount=12_000_001, due=D(2025, 2, 1))  # fmt: skip
    la = services.lend(actor=ed, group=g, member=ma, on=D(2024, 2, 1), amount=6_000_000, due=D(2025, 2, 1))  # fmt: skip
    services.lend(
        actor=ed, group=g, member=mb, on=D(2024, 2, 1), amount=5_000_000, due=D(2027, 2, 1)
    )
    with pytest.raises(ValidationError, match="trước ngày vay"):
        services.lend(actor=ed, group=g, member=mb, on=D(2024, 2, 1), amount=1, due=D(2024, 1, 31))
    services.repay(actor=ed, loan=la, on=D(2024, 8, 1), amount=2_000_000)
    with pytest.raises(ValidationError, match="Chỉ còn nợ 4.000.000"):
        services.repay(actor=ed, loan=la, on=D(2024, 9, 1), amount=4_000_001)
    bal = selectors.group_balances([g], today=D(2025, 3, 1))[g.pk]
    assert bal == {"contributed": 12_000_000, "lent": 11_000_000, "repaid": 2_000_000,
                   "outstanding": 9_000_000, "overdue": 4_000_000, "overdue_loans": 1,
                   "in_hand": 3_000_000}  # fmt: skip
    assert (
        selectors.group_balances([g], today=D(2025, 2, 1))[g.pk]["overdue"] == 0
    )  # due day itself


def test_a_member_leaves_once_paid_up_and_mistaken_entries_are_cancelled_in_order(users, tree):
    ed = users.base_editor
    a, b = households(ed, tree.b1, 2)
    g = services.create_group(actor=ed, unit=tree.b1, name="Tổ vốn thôn 2", founded_on=D(2024, 1, 1))  # fmt: skip
    ma = services.add_member(actor=ed, group=g, person=a.person, joined_on=D(2024, 1, 1))
    mb = services.add_member(actor=ed, group=g, person=b.person, joined_on=D(2024, 1, 1))
    big = services.contribute(actor=ed, group=g, on=D(2024, 1, 5), amount=10_000_000, source="Hội")
    typo = services.contribute(actor=ed, group=g, on=D(2024, 1, 5), amount=1_000_000, member=mb)
    loan = services.lend(actor=ed, group=g, member=ma, on=D(2024, 2, 1), amount=8_000_000, due=D(2025, 2, 1))  # fmt: skip
    paid = services.repay(actor=ed, loan=loan, on=D(2024, 6, 1), amount=3_000_000)
    # The 10 million were lent out: cancelling them would leave the group below zero.
    with pytest.raises(ValidationError, match="đã cho vay phần vốn này"):
        services.cancel_contribution(actor=ed, contribution=big, reason="Ghi nhầm")
    with pytest.raises(ValidationError, match="bắt buộc"):
        services.cancel_contribution(actor=ed, contribution=typo, reason=" ")
    services.cancel_contribution(actor=ed, contribution=typo, reason="Ghi trùng")
    with pytest.raises(ValidationError, match="đã huỷ"):
        services.cancel_contribution(actor=ed, contribution=typo, reason="Ghi trùng")
    with pytest.raises(ValidationError, match="còn nợ tổ 5.000.000"):
        services.leave_group(actor=ed, member=ma, on=D(2024, 7, 1))
    with pytest.raises(ValidationError, match="huỷ các lần trả nợ trước"):
        services.cancel_loan(actor=ed, loan=loan, reason="Ghi nhầm người vay")
    services.cancel_repayment(actor=ed, repayment=paid, reason="Ghi nhầm số tiền")
    services.cancel_loan(actor=ed, loan=loan, reason="Ghi nhầm người vay")
    assert selectors.group_balances([g], today=D(2024, 7, 1))[g.pk] == {
        "contributed": 10_000_000, "lent": 0, "repaid": 0, "outstanding": 0, "overdue": 0,
        "overdue_loans": 0, "in_hand": 10_000_000,
    }  # fmt: skip
    with pytest.raises(ValidationError, match="trước ngày vào tổ"):
        services.leave_group(actor=ed, member=ma, on=D(2023, 12, 31))
    m = services.leave_group(actor=ed, member=ma, on=D(2024, 7, 1))
    assert m.left_on == D(2024, 7, 1)
    with pytest.raises(ValidationError, match="Người vay phải là thành viên"):
        services.lend(actor=ed, group=g, member=m, on=D(2024, 8, 1), amount=1, due=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="đã rời tổ"):
        services.leave_group(actor=ed, member=ma, on=D(2024, 7, 2))
    assert services.add_member(
        actor=ed, group=g, person=a.person, joined_on=D(2024, 9, 1)
    )  # rejoins
    actions = list(AuditEvent.objects.filter(action__startswith="projects.group.").values_list("action", flat=True))  # fmt: skip
    assert {"projects.group.leave", "projects.group.contribution.cancel", "projects.group.loan.cancel",
            "projects.group.repayment.cancel"} <= set(actions)  # fmt: skip


def test_an_event_keeps_counts_value_by_source_and_the_people_served(users, tree):
    ed = users.base_editor
    [h] = households(ed, tree.b1, 1)
    with pytest.raises(ValidationError, match="nam cộng số nữ"):
        services.record_event(actor=ed, unit=tree.b1, kind="checkup", on=D(2025, 5, 1), place="Trạm y tế", count=10, male=6, female=5)  # fmt: skip
    with pytest.raises(ValidationError, match="nhóm tuổi"):
        services.record_event(actor=ed, unit=tree.b1, kind="checkup", on=D(2025, 5, 1), place="Trạm y tế", count=10, children=6, elderly=5)  # fmt: skip
    e = services.record_event(
        actor=ed, unit=tree.b1, kind="checkup", on=D(2025, 5, 1), place="Trạm y tế xã",
        partners="Bệnh viện đa khoa tỉnh; Công ty Dược", services=["checkup", "medicine", "gifts"],
        count=500, male=200, female=300, values=[("partner", "Công ty Dược", 150_000_000), ("fund", "", 20_000_000)],
        served=[services.Served(beneficiary=h), services.Served(full_name="Bàn Thị Mây", birth_year=1950, sex="F")],
    )  # fmt: skip
    assert e.value == 170_000_000
    assert list(e.served.values_list("full_name", "beneficiary_id")) == [(h.person.full_name, h.pk), ("Bàn Thị Mây", None)]  # fmt: skip
    services.cancel_event(actor=ed, event=e, reason="Ghi trùng")
    with pytest.raises(ValidationError, match="đã huỷ"):
        services.add_served(actor=ed, event=e, served=[services.Served(full_name="A")])
