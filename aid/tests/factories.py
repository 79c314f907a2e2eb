"""Small factories for the aid tests."""

import datetime

from aid import services
from aid.models import HardshipCategory
from people.models import Person
from people.services import create_person

D = datetime.date


def person(actor, unit, name="Nguyễn Thị Hoa", year=1950, sex="F", **extra) -> Person:
    return create_person(
        actor=actor, unit=unit, full_name=name, birth_year=year, sex=sex,
        confirm_duplicate=True, **extra,
    )  # fmt: skip


def beneficiary(actor, unit, name="Nguyễn Thị Hoa", categories=("poor",), **extra):
    p = person(actor, unit, name, **extra)
    return services.register_beneficiary(
        actor=actor, unit=unit, person=p, since=D(2024, 1, 5),
        categories=HardshipCategory.objects.filter(code__in=categories),
        health="Tai biến, liệt nửa người", income="Không có thu nhập ổn định",
    )  # fmt: skip


def campaign(actor, unit, participants=(), name="Tết Nhân ái 2025"):
    c = services.create_campaign(
        actor=actor, unit=unit, name=name, kind="tet", start=D(2025, 1, 2), end=D(2025, 2, 10),
        target_gifts=100, target_value=50_000_000,
    )  # fmt: skip
    services.add_parcel_type(actor=actor, campaign=c, name="Suất quà Tết", cash=300_000, goods=200_000)  # fmt: skip
    for u, gifts in participants:
        services.set_participant(actor=actor, campaign=c, unit=u, target_gifts=gifts)
    return c


def line(n=1, name="Trần Văn Bình", year=1948, sex="M", cccd="", address="Tổ 5", **kw):
    return services.RecipientLine(
        line=n, full_name=name, birth_year=year, sex=sex, cccd=cccd, address=address, **kw
    )
