"""The rules of the aid services: the address lifecycle and its reviews, one parcel per person
per campaign across units, the fund entries of money assistance and of approved lists."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from aid import selectors, services
from aid.models import (
    AddressStatus,
    Delivery,
    HardshipCategory,
    ListStatus,
    Recipient,
)
from core.models import AuditEvent
from funds.models import Entry
from org.models import PeriodLock
from people.models import Person

from .factories import D, beneficiary, campaign, line, person

# --- lifecycle and reviews --------------------------------------------------------------------


def test_an_address_goes_through_its_lifecycle_each_step_dated_with_who_and_why(users, tree):
    ed = users.base_editor
    b = beneficiary(ed, tree.b1)
    a = services.propose_address(actor=ed, beneficiary=b, on=D(2024, 2, 1), reason="Tổ 5 đề xuất")
    with pytest.raises(ValidationError, match="Đã khảo sát|khảo sát"):
        services.advance_address(actor=ed, address=a, to="surveyed", on=D(2024, 2, 5))
    with pytest.raises(ValidationError, match="không chuyển sang"):
        services.advance_address(actor=ed, address=a, to="approved", on=D(2024, 2, 5))
    services.advance_address(actor=ed, address=a, to="surveyed", on=D(2024, 2, 5), survey="Nhà dột")
    with pytest.raises(ValidationError, match="trước ngày của bước trước"):
        services.advance_address(actor=ed, address=a, to="approved", on=D(2024, 2, 4))
    a = services.advance_address(actor=ed, address=a, to="approved", on=D(2024, 2, 29))
    assert a.review_due == D(2025, 2, 28)  # a year after approval (no 29 February in 2025)
    a = services.advance_address(actor=ed, address=a, to="supported", on=D(2024, 3, 1))
    a = services.close_address(actor=ed, address=a, on=D(2024, 12, 1), reason="graduated")
    steps = list(a.steps.values_list("status", "on", "by__username", "reason"))
    assert steps == [
        ("proposed", D(2024, 2, 1), "coso_nhap", "Tổ 5 đề xuất"),
        ("surveyed", D(2024, 2, 5), "coso_nhap", ""),
        ("approved", D(2024, 2, 29), "coso_nhap", ""),
        ("supported", D(2024, 3, 1), "coso_nhap", ""),
        ("closed", D(2024, 12, 1), "coso_nhap", ""),
    ]
    assert a.review_due is None and a.close_reason == "graduated"
    # A closed address frees the beneficiary for a new proposal; an open one does not.
    a2 = services.propose_address(actor=ed, beneficiary=b, on=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="đang mở"):
        services.propose_address(actor=ed, beneficiary=b, on=D(2025, 1, 2))
    assert a2.status == AddressStatus.PROPOSED
    assert AuditEvent.objects.filter(action__startswith="aid.address.").count() == 6


def _approved(actor, unit, name="Nguyễn Thị Hoa"):
    on = D(2023, 3, 10)
    b = beneficiary(actor, unit, name)
    a = services.propose_address(actor=actor, beneficiary=b, on=on)
    services.advance_address(actor=actor, address=a, to="surveyed", on=on, survey="Khảo sát")
    return services.advance_address(actor=actor, address=a, to="approved", on=on)


def test_review_due_dates_overdue_list_and_on_time(users, tree):
    ed = users.base_editor
    a = _approved(ed, tree.b1)
    assert a.review_due == D(2024, 3, 10)
    late = _approved(ed, tree.br1a, name="Lê Văn Tám")
    # On time: the next review is due a year after the one answered.
    r = services.review_address(actor=ed, address=a, reviewed_on=D(2024, 3, 10), outcome="eligible")
    a.refresh_from_db()
    assert (r.due, a.review_due) == (D(2024, 3, 10), D(2025, 3, 10))
    # Overdue: listed from the day after its due date, for the base and its province.
    overdue = selectors.overdue_reviews(users.province_manager, tree.p1, on=D(2024, 3, 11))
    assert [x.pk for x in overdue] == [late.pk]
    assert not selectors.overdue_reviews(users.sibling, tree.b2, on=D(2024, 3, 11))
    assert not selectors.overdue_reviews(ed, tree.b1, on=D(2024, 3, 10))
    # Late by more than a year: the next due date is a year after the review itself.
    r2 = services.review_address(
        actor=ed, address=late, reviewed_on=D(2025, 6, 1), outcome="eligible"
    )
    late.refresh_from_db()
    assert r2.due == D(2024, 3, 10) and late.review_due == D(2026, 6, 1)
    # A review that closes the address.
    services.review_address(actor=ed, address=a, reviewed_on=D(2025, 3, 1), outcome="close")
    a.refresh_from_db()
    assert a.status == "closed" and a.close_reason == "ineligible" and a.review_due is None
    with pytest.raises(ValidationError, match="chưa đến kỳ rà soát"):
        services.review_address(actor=ed, address=a, reviewed_on=D(2025, 3, 2), outcome="eligible")


def test_a_locked_period_refuses_dated_writes(users, tree):
    ed = users.base_editor
    b = beneficiary(ed, tree.b1)
    PeriodLock.objects.create(
        unit=tree.p1, start=D(2024, 1, 1), end=D(2024, 6, 30), label="6 tháng đầu năm 2024",
        locked_by=users.province_manager, locked_at=timezone.now(),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="khoá sổ"):
        services.propose_address(actor=ed, beneficiary=b, on=D(2024, 3, 1))
    services.propose_address(actor=ed, beneficiary=b, on=D(2024, 7, 1))


def test_province_extends_the_categories_its_units_use(users, tree):
    cat = services.add_category(
        actor=users.province_manager, unit=tree.p1, name="Hộ có người tâm thần"
    )
    ed = users.base_editor
    b = beneficiary(ed, tree.b1, categories=())
    services.update_beneficiary(actor=ed, beneficiary=b, categories=[cat], health="", income="")
    assert [c.name for c in b.categories.all()] == ["Hộ có người tâm thần"]
    p = person(users.other_province, tree.b3, "Phạm Văn Long")
    with pytest.raises(ValidationError, match="không dùng được"):
        services.register_beneficiary(
            actor=users.other_province,
            unit=tree.b3,
            person=p,
            since=D(2024, 1, 1),
            categories=[cat],
        )
    with pytest.raises(ValidationError, match="cấp tỉnh"):
        services.add_category(actor=users.base_manager, unit=tree.b1, name="Khác")
    assert HardshipCategory.objects.filter(unit__isnull=True).count() == 11


def test_a_household_member_points_at_its_head(users, tree):
    ed = users.base_editor
    head = beneficiary(ed, tree.b1)
    child = person(ed, tree.b1, "Nguyễn Văn An", year=2012, sex="M")
    m = services.register_beneficiary(
        actor=ed, unit=tree.b1, person=child, since=D(2024, 1, 5), head=head, relation="child"
    )
    assert list(head.household.all()) == [m] and m.get_relation_display() == "Con"
    with pytest.raises(ValidationError, match="Địa chỉ nhân đạo đứng tên chủ hộ"):
        services.propose_address(actor=ed, beneficiary=m, on=D(2024, 2, 1))


# --- assistance and the fund ------------------------------------------------------------------


def test_money_from_the_fund_writes_its_entry_and_withdrawing_reverses_it(users, tree):
    ed = users.base_editor
    b = beneficiary(ed, tree.b1)
    a = services.record_assistance(
        actor=ed, unit=tree.b1, person=b.person, beneficiary=b, on=D(2025, 1, 20),
        cash=500_000, goods=300_000, description="Tiền và gạo", source="fund",
    )  # fmt: skip
    e = a.fund_entry
    assert (e.amount, e.direction, e.category, e.fund.kind) == (
        500_000,
        "out",
        "relief",
        "humanitarian",
    )
    other = services.record_assistance(
        actor=ed, unit=tree.b1, person=b.person, on=D(2025, 1, 21), goods=100_000,
        description="Chăn ấm", source="partner", partner="Công ty A",
    )  # fmt: skip
    assert other.fund_entry is None  # goods from a partner never touch the fund
    services.withdraw_assistance(actor=ed, assistance=a, on=D(2025, 1, 22), reason="Ghi nhầm")
    rev = Entry.objects.get(reverses=e)
    assert (rev.direction, rev.amount, rev.on) == ("in", 500_000, D(2025, 1, 22))
    with pytest.raises(ValidationError, match="đã được rút"):
        services.withdraw_assistance(actor=ed, assistance=a, on=D(2025, 1, 22), reason="x")


# --- one parcel per person per campaign -------------------------------------------------------


@pytest.fixture
def tet(users, tree):
    return campaign(users.province_manager, tree.p1, [(tree.b1, 50), (tree.b2, 30)])


def test_one_parcel_per_person_across_two_units(users, tree, tet):
    l1 = services.create_list(actor=users.base_editor, campaign=tet, unit=tree.b1)
    l2 = services.create_list(actor=users.province_manager, campaign=tet, unit=tree.b2)
    services.add_recipients(actor=users.base_editor, rlist=l1, lines=[line(1, cccd="048048123456")])
    # The same CCCD from the other base: refused, saying which unit listed the person and when.
    with pytest.raises(services.LinesRefused) as e:
        services.add_recipients(
            actor=users.province_manager, rlist=l2,
            lines=[line(1, "Lê Thị Cúc", 1960, "F"), line(2, cccd="048048123456")],
        )  # fmt: skip
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert e.value.lines == [
        (
            2,
            f"đã có trong danh sách nhận quà của đợt này tại Hội Chữ thập đỏ phường Hải Châu (ngày {today})",
        )
    ]
    assert not l2.lines.exists()  # nothing half-written: Lê Thị Cúc was not added either
    assert not Person.objects.filter(full_name="Lê Thị Cúc").exists()


def test_a_person_outside_the_scope_is_not_revealed(users, tree, tet):
    holder = person(users.other_province, tree.b3, "Trần Văn Bình", 1948, "M", cccd="048048123456")
    l1 = services.create_list(actor=users.base_editor, campaign=tet, unit=tree.b1)
    with pytest.raises(services.LinesRefused) as e:
        services.add_recipients(
            actor=users.base_editor, rlist=l1, lines=[line(1, cccd="048048123456")]
        )
    [(n, why)] = e.value.lines
    assert "đơn vị khác" in why and "Trần" not in why and tree.b3.name not in why
    assert not Recipient.objects.filter(person=holder).exists()


def test_bad_lines_are_each_reported_and_nothing_is_written(users, tree, tet):
    l1 = services.create_list(actor=users.base_editor, campaign=tet, unit=tree.b1)
    with pytest.raises(services.LinesRefused) as e:
        services.add_recipients(
            actor=users.base_editor, rlist=l1,
            lines=[
                line(1), line(2),  # the same name and year twice
                line(3, "Hoa"), line(4, year=None), line(5, "Lê Văn Tư", cccd="12345"),
                line(6, "Đỗ Thị Mai", 1990, "F", cccd="048048123456"),  # the CCCD says 1948, male
            ],
        )  # fmt: skip
    reasons = dict(e.value.lines)
    assert reasons[2] == "trùng với dòng 1 của danh sách này"
    assert reasons[3] == "cần ghi đủ họ và tên" and reasons[4] == "thiếu năm sinh"
    assert "12 chữ số" in reasons[5] and "không khớp" in reasons[6]
    assert 1 not in reasons and not Recipient.objects.exists()


def test_a_beneficiary_is_listed_by_identity_and_matched_by_name_and_year(users, tree, tet):
    ed = users.base_editor
    b = beneficiary(ed, tree.br1a, "Võ Thị Sáu", year=1940)
    l1 = services.create_list(actor=ed, campaign=tet, unit=tree.b1)
    services.add_recipients(
        actor=ed, rlist=l1, lines=[services.RecipientLine(line=1, person_id=b.person_id)]
    )
    # Typed again (no CCCD) in a list of a branch of the same base: the same person, refused.
    l2 = services.create_list(actor=ed, campaign=tet, unit=tree.br1b)
    with pytest.raises(services.LinesRefused, match="đã có trong danh sách"):
        services.add_recipients(actor=ed, rlist=l2, lines=[line(1, "Võ Thị  Sáu", 1940, "F")])


def test_approving_a_list_writes_one_entry_and_withdrawing_frees_the_people(users, tree, tet):
    ed = users.base_editor
    rl = services.create_list(actor=ed, campaign=tet, unit=tree.b1, from_fund=True)
    services.add_recipients(
        actor=ed,
        rlist=rl,
        lines=[line(1), line(2, "Lê Thị Cúc", 1960, "F"), line(3, "Hồ Văn Út", 1955)],
    )
    services.approve_list(actor=users.base_manager, rlist=rl, on=D(2025, 1, 25))
    rl.refresh_from_db()
    entry = rl.fund_entry
    assert Entry.objects.count() == 1  # one entry for the list, not one per line
    assert (entry.amount, entry.direction, entry.document_number) == (900_000, "out", f"DS-{rl.pk}")
    assert entry.attachment.name.endswith(".xlsx")  # the list goes with the entry
    with pytest.raises(ValidationError, match="đã duyệt"):
        services.add_recipients(actor=ed, rlist=rl, lines=[line(4, "Mai Văn Năm", 1950)])
    # Withdrawn: the entry reversed, the people free for another list.
    services.withdraw_list(actor=users.base_manager, rlist=rl, on=D(2025, 1, 26), reason="Sai đợt")
    rl.refresh_from_db()
    assert rl.status == ListStatus.WITHDRAWN
    assert Entry.objects.get(reverses=entry).direction == "in"
    other = services.create_list(actor=users.province_manager, campaign=tet, unit=tree.b2)
    services.add_recipients(actor=users.province_manager, rlist=other, lines=[line(1)])
    assert Recipient.objects.filter(removed_at__isnull=True).count() == 1


def test_deliveries_one_post_one_event_and_a_delivered_list_cannot_be_withdrawn(users, tree, tet):
    ed = users.base_editor
    rl = services.create_list(actor=ed, campaign=tet, unit=tree.b1)
    services.add_recipients(actor=ed, rlist=rl, lines=[line(1), line(2, "Lê Thị Cúc", 1960, "F")])
    r1, r2 = rl.lines.order_by("pk")
    with pytest.raises(ValidationError, match="đã duyệt"):
        services.record_deliveries(actor=ed, rlist=rl, marks={r1.pk: "delivered"})
    services.approve_list(actor=ed, rlist=rl, on=D(2025, 1, 25))
    counts = services.record_deliveries(
        actor=ed, rlist=rl, marks={r1.pk: "delivered", r2.pk: "absent"}
    )
    assert counts == {"delivered": 1, "absent": 1}
    r1.refresh_from_db()
    assert r1.delivery == Delivery.DELIVERED and r1.delivered_at is not None
    assert AuditEvent.objects.filter(action="aid.list.deliver").count() == 1
    with pytest.raises(ValidationError, match="Đã phát quà cho 1 người"):
        services.withdraw_list(actor=ed, rlist=rl, on=D(2025, 1, 26), reason="x")
    foreign = services.create_list(actor=users.province_manager, campaign=tet, unit=tree.b2)
    services.add_recipients(
        actor=users.province_manager, rlist=foreign, lines=[line(1, "Hà Văn Một", 1950)]
    )
    with pytest.raises(ValidationError, match="không thuộc danh sách"):
        services.record_deliveries(actor=ed, rlist=rl, marks={foreign.lines.get().pk: "delivered"})


def test_progress_rolls_up_to_each_participating_unit(users, tree, tet):
    ed = users.base_editor
    rl = services.create_list(actor=ed, campaign=tet, unit=tree.br1a)
    services.add_recipients(actor=ed, rlist=rl, lines=[line(1), line(2, "Lê Thị Cúc", 1960, "F")])
    rows = {p.unit.pk: p for p in selectors.progress(users.province_manager, tet)}
    assert (rows[tree.b1.pk].gifts, rows[tree.b1.pk].value, rows[tree.b1.pk].percent) == (
        2,
        1_000_000,
        4,
    )
    assert rows[tree.b2.pk].gifts == 0
    # A base sees its own row only.
    assert [p.unit for p in selectors.progress(ed, tet)] == [tree.b1]
