"""Training and volunteer work of the demo province (``manage.py demo_programmes``, ``make run``):
a basic first-aid class last year and one this year, members enrolled with a few people typed in,
the roll call of each day, results (passed, failed, absent at the test) and numbered certificates
for those who passed; volunteer activities of both years with each volunteer's hours.
Everything goes through the services, as a user would do it."""

import datetime
import random
from decimal import Decimal

from members.demo_shared import demo_bases, place
from members.models import Membership
from org.models import Unit
from people.models import Person

from . import services
from .models import ActivityKind, Course, Result

COURSE = "SCC-CB"  # Sơ cấp cứu cơ bản, a preset course
TYPED = [("Nguyễn Thị Thu Trang", "F", 2002), ("Lê Quang Huy", "M", 1999)]
ACTIVITIES = [
    (
        ActivityKind.FIRST_AID,
        "Trực sơ cấp cứu tại giải chạy bộ của thành phố",
        "Công viên Biển Đông",
        (3, 6),
    ),
    (ActivityKind.ENVIRONMENT, "Ra quân vệ sinh môi trường bãi biển", "Bãi biển Mỹ Khê", (2, 4)),
    (
        ActivityKind.SOCIAL,
        "Thăm, dọn nhà cho người cao tuổi neo đơn",
        "Các thôn, tổ dân phố",
        (2, 5),
    ),
    (ActivityKind.BLOOD, "Vận động, đón tiếp người hiến máu", "Điểm hiến máu của xã", (4, 8)),
]


def _people(base: Unit, category: str | None = None) -> list[Person]:
    rows = Membership.objects.filter(unit_path__startswith=base.path, ended_on__isnull=True)
    if category:
        rows = rows.filter(category=category)
    return list(Person.objects.filter(pk__in=rows.values("person_id")).order_by("pk"))


def _class(actor, rng, base, course, people, *, starts_on: datetime.date) -> int:
    """A two-day class of ``base``: enrolment, roll calls, results, certificates. Returns how
    many passed."""
    ends_on = starts_on + datetime.timedelta(days=1)
    cls = services.create_class(
        actor=actor, unit=base, course=course, starts_on=starts_on, ends_on=ends_on,
        title=f"Lớp sơ cấp cứu cơ bản {place(base)}", place=f"Hội trường UBND {place(base)}",
        partner="Trung tâm Y tế quận", capacity=30,
    )  # fmt: skip
    services.enrol_people(actor=actor, cls=cls, people=people)
    for name, sex, year in TYPED:
        services.enrol_typed(actor=actor, cls=cls, full_name=name, sex=sex, birth_year=year)
    parts = list(cls.participants.order_by("pk"))
    for n, day in enumerate((starts_on, ends_on)):
        present = [p.pk for i, p in enumerate(parts) if (i + n) % 9]
        services.record_attendance(actor=actor, cls=cls, day=day, present_ids=present)
    results: dict[int, tuple[str, Decimal | None]] = {}
    for i, p in enumerate(parts):
        if i % 9 == 8:
            results[p.pk] = (Result.ABSENT, None)
        elif i % 7 == 6:
            results[p.pk] = (Result.FAILED, Decimal(rng.randint(35, 49)))
        else:
            results[p.pk] = (Result.PASSED, Decimal(rng.randint(60, 98)))
    services.record_results(actor=actor, cls=cls, results=results)
    passed = [p for p in parts if results[p.pk][0] == Result.PASSED]
    services.issue_certificates(
        actor=actor, cls=cls, issued_on=ends_on + datetime.timedelta(days=7), participants=passed
    )
    return len(passed)


def _activities(actor, rng, base, volunteers, today) -> tuple[int, int]:
    """Volunteer activities of ``base`` over last year and this year; (activities, hours)."""
    count = hours_total = 0
    for year in (today.year - 1, today.year):
        for n, (kind, description, where, (low, high)) in enumerate(ACTIVITIES):
            on = min(datetime.date(year, 2 + 3 * n, 10 + n), today)
            crew = rng.sample(volunteers, min(len(volunteers), rng.randint(5, 10)))
            hours = {p: rng.randint(low, high) for p in crew}
            services.record_activity(
                actor=actor, unit=base, kind=kind, on=on, hours=hours, description=description,
                place=where,
            )  # fmt: skip
            count += 1
            hours_total += sum(hours.values())
    return count, hours_total


def add_demo(*, actor, province: Unit, rng: random.Random, today: datetime.date) -> str:
    """The training demo of ``province``; returns one line saying what it made."""
    bases = demo_bases(province, 3)
    course = Course.objects.get(code=COURSE, unit__isnull=True)
    passed = 0
    for base, starts_on in (
        (bases[0], datetime.date(today.year - 1, 10, 10)),
        (bases[1 % len(bases)], min(datetime.date(today.year, 4, 11), today - datetime.timedelta(days=9))),
    ):  # fmt: skip
        people = _people(base)
        chosen = rng.sample(people, min(len(people), 16))
        passed += _class(actor, rng, base, course, chosen, starts_on=starts_on)
    count = hours = 0
    for base in bases[:2]:
        # The base's volunteers and Red Cross youth (everyone, in a base without them).
        volunteers = _people(base, "volunteer") + _people(base, "youth") or _people(base)
        c, h = _activities(actor, rng, base, volunteers, today)
        count, hours = count + c, hours + h
    return f"2 lớp sơ cấp cứu, {passed} người được cấp chứng nhận, {count} hoạt động tình nguyện, {hours} giờ"
