"""What the programme apps' demos (``<app>/demo.py``, run by ``manage.py demo_programmes``) share:
the demo province's busiest bases, a base's commune as a place, a made-up Vietnamese name."""

import random

from django.db.models import Count, Q

from org.models import Unit, UnitKind

from .demo_data import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES


def demo_bases(province: Unit, n: int) -> list[Unit]:
    """The province's ``n`` bases with the most members now (the demo's busiest)."""
    return list(
        Unit.objects.filter(
            path__startswith=province.path, kind=UnitKind.BASE, valid_to__isnull=True
        )
        .annotate(m=Count("memberships", filter=Q(memberships__ended_on__isnull=True)))
        .order_by("-m", "path")[:n]
    )


def place(unit: Unit) -> str:
    """The commune of a base as a place: "xã Bà Nà" for "Hội Chữ thập đỏ xã Bà Nà"."""
    return unit.name.removeprefix("Hội Chữ thập đỏ ")


def person_name(rng: random.Random, sex: str) -> str:
    """A full name drawn from the register demo's weighted family, middle and given names."""
    family = rng.choices([n for n, _w in FAMILY_NAMES], [w for _n, w in FAMILY_NAMES])[0]
    middles = MIDDLE_NAMES[sex]
    middle = rng.choices([n for n, _w in middles], [w for _n, w in middles])[0]
    return f"{family} {middle} {rng.choice(GIVEN_NAMES[sex])}"
