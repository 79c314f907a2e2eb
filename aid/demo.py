"""The humanitarian work of the demo province (``manage.py demo_programmes``, ``make run``): a
dozen beneficiaries with their hardship categories in three bases, humanitarian addresses at each
step of their lifecycle, regular assistance, a Tháng Nhân đạo campaign last year and this year's
Tết Nhân ái with its recipient lists approved (the gifts' cash out of the bases' humanitarian
funds) and partly delivered. Everything goes through the services, as a user would do it."""

import datetime
import random

from core.vn import FEMALE, MALE
from funds import services as fund_services
from funds.models import Category, Direction, FundKind
from members.demo_shared import demo_bases, person_name
from org.models import Unit
from people.services import create_person

from . import services
from .models import (
    AddressStatus,
    CampaignKind,
    CloseReason,
    Delivery,
    HardshipCategory,
    ReviewOutcome,
    Source,
)

# (category codes, health, income) of the demo's households' heads.
SITUATIONS = [
    (("poor", "lonely_elderly"), "Cao huyết áp, đi lại khó khăn", "Trợ cấp xã hội 500.000 đ/tháng"),
    (("near_poor", "disabled"), "Khuyết tật vận động", "Bán vé số, thu nhập không ổn định"),
    (("poor", "seriously_ill"), "Ung thư, đang điều trị", "Không có thu nhập"),
    (("agent_orange",), "Nạn nhân chất độc da cam", "Con cái phụ giúp"),
    (("orphan", "poor_student"), "Khoẻ mạnh", "Ông bà nuôi, làm thuê"),
    (("lonely_elderly",), "Suy giảm trí nhớ", "Trợ cấp xã hội"),
    (("poor", "disaster_victim"), "Khoẻ mạnh", "Nhà bị sập do bão, làm thuê theo mùa"),
    (("policy_family", "near_poor"), "Bệnh tim mạch", "Lương hưu thấp"),
]


def _day(year: int, month: int, day: int, today: datetime.date) -> datetime.date:
    return min(datetime.date(year, month, day), today)


def _households(actor, bases, rng, today) -> list:
    """Twelve beneficiaries: four households' heads per base, a spouse or child with some."""
    heads = []
    for b_i, base in enumerate(bases):
        for i in range(4):
            cats, health, income = SITUATIONS[(b_i * 4 + i) % len(SITUATIONS)]
            sex = FEMALE if rng.random() < 0.55 else MALE
            old = "lonely_elderly" in cats or "agent_orange" in cats
            year = rng.randint(1935, 1955) if old else rng.randint(1960, 1990)
            person = create_person(
                actor=actor, unit=base, full_name=person_name(rng, sex), sex=sex,
                birth_year=year, address_detail=f"Tổ {rng.randint(1, 30)}",
                confirm_duplicate=True,
            )  # fmt: skip
            head = services.register_beneficiary(
                actor=actor, unit=base, person=person,
                since=datetime.date(today.year - 1 - i % 2, 1 + 2 * i, 10),
                categories=HardshipCategory.objects.filter(code__in=cats),
                health=health, income=income,
            )  # fmt: skip
            heads.append(head)
            if "orphan" in cats:
                sibling = create_person(
                    actor=actor, unit=base, full_name=person_name(rng, MALE), sex=MALE,
                    birth_year=today.year - rng.randint(8, 14), confirm_duplicate=True,
                )  # fmt: skip
                services.register_beneficiary(
                    actor=actor, unit=base, person=sibling, since=head.since,
                    categories=HardshipCategory.objects.filter(code="orphan"), head=head,
                    relation="sibling",
                )  # fmt: skip
    return heads


_S = AddressStatus
# The steps an address goes through to reach each status (closing: once supported).
PATH = {
    _S.PROPOSED: [], _S.SURVEYED: [_S.SURVEYED], _S.APPROVED: [_S.SURVEYED, _S.APPROVED],
    _S.SUPPORTED: [_S.SURVEYED, _S.APPROVED, _S.SUPPORTED],
    _S.CLOSED: [_S.SURVEYED, _S.APPROVED, _S.SUPPORTED],
}  # fmt: skip


def _addresses(actor, heads, today) -> int:
    """Addresses at every step: proposed, surveyed, approved, supported (with assistance), one
    closed once out of hardship."""
    last = today.year - 1
    S = AddressStatus
    steps = [S.PROPOSED, S.SURVEYED, S.APPROVED, S.SUPPORTED, S.SUPPORTED, S.SUPPORTED, S.CLOSED]
    for n, (head, target) in enumerate(zip(heads, steps, strict=False)):
        on = datetime.date(last, 3, 15)
        if n == 5 and datetime.date(today.year, 4, 1) <= today:  # one supported from this year
            on = datetime.date(today.year, 1, 15)
        address = services.propose_address(
            actor=actor, beneficiary=head, on=on, reason="Chi hội đề xuất qua bình xét ở thôn"
        )
        for k, to in enumerate(PATH[target]):
            on = on + datetime.timedelta(days=20 + 10 * k)
            address = services.advance_address(
                actor=actor, address=address, to=to, on=on,
                survey="Nhà tạm, không có người lao động chính" if to == AddressStatus.SURVEYED else "",
            )  # fmt: skip
        if target == AddressStatus.SUPPORTED:
            if address.review_due and address.review_due <= today:  # the yearly review, done
                services.review_address(
                    actor=actor, address=address, reviewed_on=address.review_due,
                    outcome=ReviewOutcome.ELIGIBLE, note="Hoàn cảnh chưa thay đổi",
                )  # fmt: skip
            for day in (datetime.date(last, 9, 5), datetime.date(today.year, 4, 5)):
                if not on <= day <= today:
                    continue
                services.record_assistance(
                    actor=actor, unit=head.unit, person=head.person, beneficiary=head,
                    on=day, cash=1_000_000, goods=500_000,
                    description="Hỗ trợ tiền mặt và gạo, sữa hằng quý", source=Source.FUND,
                )  # fmt: skip
        if target == AddressStatus.CLOSED:
            services.close_address(
                actor=actor, address=address, on=_day(today.year, 6, 30, today),
                reason=CloseReason.GRADUATED, note="Con đã đi làm, gia đình ổn định",
            )  # fmt: skip
    return len(steps)


def _campaign(actor, province, bases, heads, rng, *, name, kind, start, end, parcel, typed, today):
    """A campaign of the province with the bases taking part: one list per base, the first
    ``len(bases) - 1`` approved; every line of the first delivered, the second's in part."""
    campaign = services.create_campaign(
        actor=actor, unit=province, name=name, kind=kind, start=start, end=end,
        target_gifts=60, target_value=60 * (parcel[1] + parcel[2]),
        partners="Ngân hàng Nông nghiệp và Phát triển Nông thôn; các nhà hảo tâm",
    )  # fmt: skip
    ptype = services.add_parcel_type(
        actor=actor, campaign=campaign, name=parcel[0], cash=parcel[1], goods=parcel[2]
    )
    lists = []
    for i, base in enumerate(bases):
        services.set_participant(actor=actor, campaign=campaign, unit=base, target_gifts=20)
        rlist = services.create_list(
            actor=actor, campaign=campaign, unit=base, from_fund=True,
            title=f"Danh sách nhận quà {name} – {base.name}",
        )  # fmt: skip
        lines = [
            services.RecipientLine(line=n + 1, person_id=h.person_id, parcel_type_id=ptype.pk)
            for n, h in enumerate(h for h in heads if h.unit_id == base.pk)
        ]
        for _k in range(typed):
            sex = FEMALE if rng.random() < 0.6 else MALE
            lines.append(
                services.RecipientLine(
                    line=len(lines) + 1, full_name=person_name(rng, sex), sex=sex,
                    birth_year=rng.randint(1940, 1975), address=f"Tổ {rng.randint(1, 30)}",
                    parcel_type_id=ptype.pk,
                )
            )  # fmt: skip
        services.add_recipients(actor=actor, rlist=rlist, lines=lines)
        if i < len(bases) - 1:
            services.approve_list(actor=actor, rlist=rlist, on=min(start + datetime.timedelta(days=10), today))  # fmt: skip
            ids = list(rlist.lines.order_by("pk").values_list("pk", flat=True))
            cut = len(ids) if i == 0 else len(ids) * 2 // 3
            marks = dict.fromkeys(ids[:cut], Delivery.DELIVERED)
            if i:
                marks.update(dict.fromkeys(ids[cut : cut + 1], Delivery.ABSENT))
            services.record_deliveries(actor=actor, rlist=rlist, marks=marks)
        lists.append(rlist)
    return campaign


def add_demo(*, actor, province: Unit, rng: random.Random, today: datetime.date) -> str:
    """The aid demo of ``province``; returns one line saying what it made."""
    bases = demo_bases(province, 3)
    last = today.year - 1
    for base in bases:  # what the bases raised for the humanitarian fund
        for year in (last, today.year):
            fund_services.record_entry(
                actor=actor, unit=base, on=_day(year, 1, 5, today), amount=30_000_000,
                direction=Direction.IN, category=Category.DONATION, fund=FundKind.HUMANITARIAN,
                note="Các nhà hảo tâm ủng hộ Quỹ nhân đạo",
            )  # fmt: skip
    heads = _households(actor, bases, rng, today)
    addresses = _addresses(actor, heads, today)
    _campaign(
        actor, province, bases, heads, rng, name=f"Tháng Nhân đạo năm {last}",
        kind=CampaignKind.MONTH, start=datetime.date(last, 5, 1),
        end=datetime.date(last, 5, 31), parcel=("Suất quà Tháng Nhân đạo", 300_000, 200_000),
        typed=6, today=today,
    )  # fmt: skip
    _campaign(
        actor, province, bases, heads, rng, name=f"Tết Nhân ái {today.year}",
        kind=CampaignKind.TET, start=_day(today.year, 1, 2, today),
        end=_day(today.year, 2, 10, today), parcel=("Suất quà Tết", 500_000, 300_000),
        typed=10, today=today,
    )  # fmt: skip
    return (
        f"{len(heads)} hộ khó khăn ở {len(bases)} Hội cơ sở, {addresses} địa chỉ nhân đạo, "
        "2 đợt vận động có danh sách nhận quà"
    )
