"""The long-running projects of the demo province (``manage.py demo_programmes``, ``make run``):
a cow bank over three generations (a cow given to a household, its calf passed on to the next
household, that calf's own calf passed on again), a Red Cross house with its supports and a paid
tranche, a capital group with contributions, loans and repayments, a free check-up event.
The households are aid's beneficiaries; everything goes through the services."""

import datetime
import random

from aid import services as aid_services
from aid.models import Beneficiary, HardshipCategory
from core.vn import FEMALE, MALE
from members.demo_shared import demo_bases, person_name, place
from members.models import Membership
from org.models import Unit
from people.models import Person
from people.services import create_person

from . import services
from .models import EventKind, HouseKind, HouseStatus, SupportSource, TrancheKind
from .services.common import add_months


def _household(actor, rng, base: Unit, since: datetime.date, cats=("poor",)) -> Beneficiary:
    sex = FEMALE if rng.random() < 0.5 else MALE
    person = create_person(
        actor=actor, unit=base, full_name=person_name(rng, sex), sex=sex,
        birth_year=rng.randint(1960, 1985), address_detail=f"Tổ {rng.randint(1, 30)}",
        confirm_duplicate=True,
    )  # fmt: skip
    return aid_services.register_beneficiary(
        actor=actor, unit=base, person=person, since=since,
        categories=HardshipCategory.objects.filter(code__in=cats),
        income="Chăn nuôi, làm thuê theo mùa vụ",
    )  # fmt: skip


def _cows(actor, rng, base: Unit, today: datetime.date) -> int:
    """The chain: cow → calf passed on → the calf's calf passed on. Returns the animals."""
    y = today.year
    homes = [_household(actor, rng, base, datetime.date(y - 3, 1, 5)) for _ in range(4)]
    cow = services.acquire_cow(
        actor=actor, unit=base, tag="BCTĐ-01", breed="Bò lai Sind", born_on=datetime.date(y - 5, 4, 1),
        acquired_on=datetime.date(y - 3, 2, 10), value=18_000_000,
        donor="Công ty Cổ phần Sữa Việt Nam",
    )  # fmt: skip
    services.give_cow(actor=actor, animal=cow, household=homes[0], on=datetime.date(y - 3, 2, 15))
    for home in homes[2:]:
        services.add_waiting(
            actor=actor, unit=base, household=home, since=datetime.date(y - 3, 3, 1),
            note="Có chuồng trại, có người chăm sóc",
        )  # fmt: skip
    calf = services.record_birth(
        actor=actor, mother=cow, born_on=datetime.date(y - 3, 11, 20), sex="F", tag="BCTĐ-02"
    )
    services.pass_on(actor=actor, calf=calf, on=datetime.date(y - 2, 6, 1), household=homes[1])
    animals = 2
    born = datetime.date(y - 1, 12, 2)
    if born <= today:
        grandcalf = services.record_birth(
            actor=actor, mother=calf, born_on=born, sex="F", tag="BCTĐ-03"
        )
        animals += 1
        on = datetime.date(y, 6, 10)
        if on <= today:
            services.pass_on(actor=actor, calf=grandcalf, on=on)  # the first on the waiting list
    return animals


def _house(actor, rng, base: Unit, today: datetime.date) -> None:
    y = today.year
    home = _household(actor, rng, base, datetime.date(y - 1, 8, 1), cats=("poor", "disaster_victim"))  # fmt: skip
    house = services.propose_house(
        actor=actor, unit=base, household=home, kind=HouseKind.NEW,
        location=f"Tổ {rng.randint(1, 30)}, {place(base)}", on=datetime.date(y - 1, 10, 5),
        estimated_cost=90_000_000, note="Nhà tạm bị sập sau bão",
    )  # fmt: skip
    services.advance_house(
        actor=actor, house=house, to=HouseStatus.APPROVED, on=datetime.date(y - 1, 11, 2)
    )
    services.add_support(actor=actor, house=house, source=SupportSource.FUND, amount=40_000_000)
    services.add_support(
        actor=actor, house=house, source=SupportSource.SPONSOR, amount=30_000_000,
        name="Ngân hàng TMCP Công Thương Việt Nam",
    )  # fmt: skip
    services.add_support(actor=actor, house=house, source=SupportSource.HOUSEHOLD, amount=20_000_000)  # fmt: skip
    services.advance_house(
        actor=actor, house=house, to=HouseStatus.BUILDING, on=datetime.date(y - 1, 12, 1)
    )
    services.pay_tranche(
        actor=actor, house=house, kind=TrancheKind.START, on=datetime.date(y - 1, 12, 1),
        amount=20_000_000,
    )  # fmt: skip


def _group(actor, rng, base: Unit, today: datetime.date) -> int:
    y = today.year
    ids = Membership.objects.filter(unit_path__startswith=base.path, ended_on__isnull=True)
    people = list(Person.objects.filter(pk__in=ids.values("person_id"), sex=FEMALE).order_by("pk"))
    people = rng.sample(people, min(len(people), 8))
    founded = datetime.date(y - 1, 3, 1)
    group = services.create_group(
        actor=actor, unit=base, name=f"Tổ phụ nữ giúp nhau làm kinh tế {place(base)}",
        founded_on=founded, rate=0, note="Vốn quay vòng, không lấy lãi",
    )  # fmt: skip
    members = [
        services.add_member(actor=actor, group=group, person=p, joined_on=founded) for p in people
    ]
    services.contribute(
        actor=actor, group=group, on=founded, amount=20_000_000,
        source="Hội Chữ thập đỏ thành phố hỗ trợ vốn",
    )  # fmt: skip
    for m in members:
        services.contribute(actor=actor, group=group, on=founded, amount=500_000, member=m)
    purposes = ["Nuôi heo", "Mua máy may", "Buôn bán nhỏ", "Trồng rau sạch", "Nuôi gà"]
    # Three loans of last year repaid a quarter at a time, two of this year still running.
    starts = [datetime.date(y - 1, 4 + i, 1) for i in range(3)]
    starts += [min(datetime.date(y, 3 + 2 * i, 1), today) for i in range(2)]
    for member, on, purpose in zip(members, starts, purposes, strict=False):
        loan = services.lend(
            actor=actor, group=group, member=member, on=on, amount=4_000_000,
            due=add_months(on, 12), purpose=purpose,
        )  # fmt: skip
        for quarter in (3, 6, 9, 12):
            pay_on = add_months(on, quarter)
            if pay_on <= today and services.owed_on(loan) > 0:
                services.repay(actor=actor, loan=loan, on=pay_on, amount=1_000_000)
    return len(starts[: len(members)])


def _checkup(actor, province: Unit, base: Unit, today: datetime.date) -> None:
    on = min(datetime.date(today.year, 7, 27), today)
    served = [
        services.Served(beneficiary=b)
        for b in Beneficiary.objects.filter(unit=base, head__isnull=True).order_by("pk")[:4]
    ]
    services.record_event(
        actor=actor, unit=province, kind=EventKind.CHECKUP, on=on, place=f"Trạm y tế {place(base)}",
        partners="Bệnh viện Đà Nẵng; Công ty Dược phẩm Trung ương", count=320, male=130,
        female=190, services=["checkup", "medicine", "gifts"],
        values=[("partner", "Công ty Dược phẩm Trung ương", 48_000_000), ("fund", "", 12_000_000)],
        served=served, note="Khám bệnh, cấp thuốc miễn phí cho người cao tuổi, gia đình chính sách",
    )  # fmt: skip


def add_demo(*, actor, province: Unit, rng: random.Random, today: datetime.date) -> str:
    """The projects demo of ``province``; returns one line saying what it made."""
    bases = demo_bases(province, 3)
    animals = _cows(actor, rng, bases[0], today)
    _house(actor, rng, bases[1 % len(bases)], today)
    loans = _group(actor, rng, bases[2 % len(bases)], today)
    _checkup(actor, province, bases[0], today)
    return (
        f"ngân hàng bò {animals} con qua 3 thế hệ, 1 nhà Chữ thập đỏ, 1 tổ vốn với {loans} khoản "
        "vay, 1 đợt khám bệnh"
    )
