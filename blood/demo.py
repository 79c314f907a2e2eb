"""The blood programme of the demo province (``manage.py demo_programmes``, ``make run``): a
Chủ nhật Đỏ drive last year and a Lễ hội Xuân hồng drive this year in the busiest base, members
registered with their blood group and weight, outcomes recorded (donated, deferred on the spot,
absent), a few regular donors reaching an honour milestone (5, 10, 15 donations) and honoured.
Everything goes through the services, as a user would do it."""

import datetime
import random

from members.demo_shared import demo_bases, place
from members.models import Membership
from org.models import Unit
from people.models import Person

from . import services
from .models import Abo, Campaign, DeferralCategory, Honour, Kind, Outcome, Rh


def _donors(base: Unit, on: datetime.date) -> list[Person]:
    """The base's current members aged 18 to 60 on ``on`` (a person once)."""
    ids = (
        Membership.objects.filter(unit_path__startswith=base.path, ended_on__isnull=True)
        .values_list("person_id", flat=True)
        .distinct()
    )
    return list(
        Person.objects.filter(
            pk__in=ids,
            birth_date__lte=on.replace(year=on.year - 18, day=1),
            birth_date__gt=on.replace(year=on.year - 60, day=1),
        ).order_by("pk")
    )


def _drive(actor, rng, base, people, *, on, campaign, site, regulars=()):
    """A drive of ``base`` on ``on`` with ``people`` registered and their outcomes."""
    drive = services.create_drive(
        actor=actor, unit=base, date=on, site=site, campaign=campaign,
        centre="Trung tâm Truyền máu khu vực Đà Nẵng", target_units=len(people) + 10,
    )  # fmt: skip
    items = []
    for n, person in enumerate(people):
        weight = rng.randint(50, 75) if person not in regulars else 60
        reg = services.register(actor=actor, drive=drive, person=person, weight_kg=str(weight))
        if person in regulars:
            item = {"outcome": Outcome.DONATED, "volume_ml": 350, "kind": Kind.WHOLE}
        elif n % 10 == 7:
            item = {"outcome": Outcome.DEFERRED, "deferred_until": on + datetime.timedelta(days=30),
                    "deferral_category": rng.choice([DeferralCategory.HAEMOGLOBIN, DeferralCategory.PRESSURE])}  # fmt: skip
        elif n % 10 == 9:
            item = {"outcome": Outcome.ABSENT}
        else:
            volume = 350 if weight < 60 else rng.choice([350, 350, 450])
            item = {"outcome": Outcome.DONATED, "volume_ml": volume, "kind": Kind.WHOLE}
        items.append({"registration": reg.pk, **item})
    services.record_outcomes(actor=actor, drive=drive, items=items)
    return drive


def add_demo(*, actor, province: Unit, rng: random.Random, today: datetime.date) -> str:
    """The blood demo of ``province``; returns one line saying what it made."""
    base, *others = demo_bases(province, 3)
    last_on = datetime.date(today.year - 1, 9, 14)
    this_on = min(datetime.date(today.year, 3, 8), today - datetime.timedelta(days=1))
    pool = list(dict.fromkeys(p for u in (base, *others) for p in _donors(u, this_on)))
    rng.shuffle(pool)
    k = min(len(pool), 40)
    if k < 10:
        return "chưa đủ hội viên để tạo đợt hiến máu mẫu"
    lo, hi = k * 3 // 10, k * 6 // 10
    first, second = pool[:hi], pool[lo:k]
    # Regular donors who gave before the software (4, 9 or 14 times, the last long ago): the
    # first two reach a milestone at last year's drive, the other three at this year's.
    regulars = pool[:2] + pool[hi : hi + 3]
    for person, count in zip(regulars, (4, 9, 4, 9, 14), strict=True):
        services.update_donor(
            actor=actor, person=person, abo=rng.choice(list(Abo.values)), rh=Rh.POS,
            on_call=True, opening_count=count, opening_source="Giấy chứng nhận hiến máu tình nguyện",
            opening_last_on=datetime.date(today.year - 2, 6, 1),
        )  # fmt: skip
    for person in pool[lo + 3 : hi]:
        services.update_donor(
            actor=actor, person=person, abo=rng.choice(list(Abo.values)), rh=Rh.POS, on_call=True
        )
    drives = [
        _drive(actor, rng, base, first, on=last_on, campaign=Campaign.RED_SUNDAY,
               site=f"Nhà văn hoá {place(base)}", regulars=regulars[:2]),
        _drive(actor, rng, base, second, on=this_on, campaign=Campaign.PINK_SPRING,
               site=f"Hội trường UBND {place(base)}", regulars=regulars[2:]),
    ]  # fmt: skip
    honours = list(Honour.objects.filter(unit__path__startswith=province.path, awarded_on=None))
    earlier = [h for h in honours if h.reached_on.year < today.year]
    if earlier:
        services.award_honours(
            actor=actor, honours=earlier, on=min(datetime.date(today.year, 1, 9), today)
        )
    donated = sum(d.registrations.filter(outcome=Outcome.DONATED).count() for d in drives)
    return (
        f"{len(drives)} đợt hiến máu ở {base.name}, {donated} lượt hiến, "
        f"{len(honours)} người đạt mốc tôn vinh"
    )
