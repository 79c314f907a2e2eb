"""History benchmark (issue 14): the country's tree before 1/7/2025 and the reform replayed.

Data: the association set up empty; the reference data of the 63 old provinces (vietnamadminunits)
and the 34 current ones (vietnam-provinces); for Đà Nẵng (48) the old tree is built first, MEMBERS
people are admitted between 2013 and 2024 on the old wards of quận Hải Châu and a few other old
communes, then the reform is replayed; every other province is attached in one go (build +
replay). The indicators are then refreshed (refresh_all).
Figures:
  history.legacy_load_s       load_admin_units --legacy for the provinces measured (one
                              transaction per current province)
  history.replay_s            build the pre-reform tree and replay the reform for the provinces
                              measured (``provinces``, ``old_units``, ``new_units``); with
                              BENCH_SCALE=small a set of provinces, and ``extrapolated_country_s``
                              scales the time by old communes (the replay's unit of work)
    goal: whole country (all 63 old provinces) <= 120 s
  history.district_dashboard_2019_p95_ms
                              p95 of GET /u/<quận Hải Châu>/indicators/?year=2019 (Django's test
                              client, a manager of today's Đà Nẵng), after the replay
    goal: <= 100 ms
Run: scripts/with-postgres.sh .venv/bin/python bench/history.py   (BENCH_SCALE=small: 6 provinces)
"""

import datetime
import random
import time

from _common import SCALE, emit, log, migrate, p95, red_cross_profile, timings_ms

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from accounts.models import RoleAssignment
from indicators import figures, selectors
from indicators.catalogue import BY_CODE
from members.services import admit_member
from org.legacy_areas import load_legacy_areas, new_province_codes
from org.models import LegacyArea, Unit, UnitKind
from org.services import setup_association
from org.services.history import attach_history, build_history, replay_reform
from people.services import create_person

SMALL = ["48", "46", "51", "92", "01", "79"]  # Đà Nẵng, Huế, Quảng Ngãi, Cần Thơ, Hà Nội, HCM
MEMBERS = 1000
GOALS = {"replay_s": 120.0, "dashboard_ms": 100.0}
HAI_CHAU = "492"


def admit_history(central: Unit) -> None:
    """MEMBERS people on old communes of Đà Nẵng, most on quận Hải Châu's wards, 2013–2024."""
    rng = random.Random(14)
    hai_chau = list(
        Unit.objects.filter(kind=UnitKind.BASE, path__startswith=district().path, depth__gt=3)
    )
    others = list(
        Unit.objects.filter(kind=UnitKind.BASE, valid_to__isnull=True, depth=4).exclude(
            pk__in=[u.pk for u in hai_chau]
        )[:40]
    )
    for i in range(MEMBERS):
        unit = rng.choice(hai_chau) if i % 3 else rng.choice(others)
        joined = datetime.date(rng.randint(2013, 2024), rng.randint(1, 12), rng.randint(1, 28))
        person = create_person(
            actor=None,
            unit=unit,
            full_name=f"Nguyễn Văn Lịch Sử {i}",
            sex=rng.choice("MF"),
            birth_year=rng.randint(1950, 2000),
            confirm_duplicate=True,
        )
        admit_member(actor=None, person=person, unit=unit, category="member", joined_on=joined)


def district() -> Unit:
    return Unit.objects.get(kind=UnitKind.DISTRICT, admin_code=HAI_CHAU)


def main() -> None:
    migrate()
    red_cross_profile()
    central = setup_association(actor=None, preset="red_cross")
    codes = SMALL if SCALE == "small" else new_province_codes()
    if Unit.objects.filter(kind=UnitKind.DISTRICT).exists():
        log("history: the tree is already there; measuring the dashboard only")
    else:
        t = time.perf_counter()
        for code in codes:
            load_legacy_areas(code)
        load_s = time.perf_counter() - t
        emit("history.legacy_load_s", load_s, "s", provinces=len(codes), scale=SCALE)
        old_units = LegacyArea.objects.filter(new_province_code__in=codes).count()
        communes = LegacyArea.objects.filter(new_province_code__in=codes, level="commune").count()
        t = time.perf_counter()
        build_history(actor=None, central=central, province_code="48")
        built_s = time.perf_counter() - t
        admit_history(central)
        log(f"history: {MEMBERS} members admitted on the old tree of 48")
        t = time.perf_counter()
        replay_reform(actor=None, central=central, province_code="48")
        for code in codes:
            if code == "48":
                continue
            attach_history(actor=None, central=central, province_code=code)
            log(f"history: {code} done")
        replay_s = built_s + time.perf_counter() - t
        country = LegacyArea.objects.count() if SCALE != "small" else None
        extra = {
            "provinces": len(codes),
            "old_units": old_units,
            "old_communes": communes,
            "new_units": Unit.objects.filter(valid_to__isnull=True).count(),
            "scale": SCALE,
        }
        if SCALE == "small":
            # 10,035 old communes in the country (vietnamadminunits 1.0.4).
            extra["extrapolated_country_s"] = round(replay_s * 10_035 / max(communes, 1), 1)
        else:
            extra["legacy_units"] = country
        emit("history.replay_s", replay_s, "s", GOALS["replay_s"], **extra)
        t = time.perf_counter()
        figures.refresh_all()
        log(f"history: figures refreshed in {time.perf_counter() - t:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    d = district()
    city = Unit.objects.get(kind=UnitKind.PROVINCE, admin_code="48", valid_to__isnull=True)
    user, _created = get_user_model().objects.get_or_create(username="bench_danang")
    RoleAssignment.objects.get_or_create(user=user, unit=city, defaults={"role": "manager"})
    client = Client()
    client.force_login(user)
    url = f"/u/{d.pk}/indicators/?year=2019"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    [row] = selectors.values([d], 2019, [BY_CODE["members"]])
    members_2019 = row.cells["members"].value
    times = timings_ms(lambda: client.get(url), 40)
    emit(
        "history.district_dashboard_2019_p95_ms",
        p95(times),
        "ms",
        GOALS["dashboard_ms"],
        members_2019=members_2019,
        scale=SCALE,
    )


if __name__ == "__main__":
    main()
