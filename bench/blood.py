"""Blood benchmark: a million donors with five million donations, then the issue's three goals.

Data (PostgreSQL, set-based INSERT … SELECT over generate_series): the national tree of
bench/tree.py; DONORS people spread over the bases (one in three on call for the living blood
bank, blood groups in Vietnam's proportions, ages 18–65), DRIVES drives over ten years organised
by the bases, DONATIONS registrations with outcome "donated" (each drive's people distinct, a
person's donations about two years apart); the donors' denormalised columns (count, last
donation, next eligible date, 61st birthday) computed in one UPDATE from the registrations, as
blood.services.refresh_donors keeps them. VACUUM ANALYZE.

Figures:
  blood.eligibility_p95_ms   p95 of one eligibility check: the person and donor read, the rule in
                             force found, the verdict with its reasons (services.check)
    baseline: the same check with the last donation counted from the registrations (no
              denormalised columns)
  blood.roster_p95_ms        p95 of "who can give O+ (or another group) today" in the largest
                             province for its manager (selectors.roster: 200 longest rested)
    baseline: the same list computed from the registrations (last donation per donor by GROUP BY)
  blood.outcomes_500_s       recording 500 outcomes of one drive in one call
                             (services.record_outcomes: counts, roster dates, honours)
    baseline: the same 500 recorded one call per donor
Run again on a database that already holds the data, it skips the generation.
"""

import datetime
import random
import time

from _common import SCALE, emit, log, migrate, p95, red_cross_profile, timings_ms
from tree import build_tree

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from accounts.models import RoleAssignment
from blood import selectors, services
from blood.models import Donor, Drive, Registration
from org.models import Unit, UnitKind
from people.models import Person

DONORS, DONATIONS, N = (100_000, 500_000, 100) if SCALE == "small" else (1_000_000, 5_000_000, 200)
PER_DRIVE = 200
DRIVES = DONATIONS // PER_DRIVE
GOALS = {"eligibility_ms": 20, "roster_ms": 50, "outcomes_s": 1.0}
USER = "bench_blood_tinh"


def _sql(statement: str, params=None) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


def generate() -> None:
    if Donor.objects.count() >= DONORS:
        log("blood: donors already there")
        return
    t = time.perf_counter()
    bases = list(Unit.objects.filter(kind=UnitKind.BASE).order_by("path").values_list("pk", "path"))
    log(f"blood: {len(bases)} bases; people …")
    _sql("CREATE TEMP TABLE bench_base (i int primary key, id int, path text)")
    with connection.cursor() as cur:
        cur.executemany("INSERT INTO bench_base VALUES (%s, %s, %s)",
                        [(i, pk, path) for i, (pk, path) in enumerate(bases)])  # fmt: skip
    nb = len(bases)
    today = timezone.localdate()
    _sql(
        f"""
        INSERT INTO people_person (full_name, search_key, sort_key, sex, birth_date, birth_year,
            birth_precision, phone, address_code, address_detail, ethnicity, religion,
            occupation, unit_id, created_at, updated_at)
        SELECT 'Người Hiến ' || g, 'nguoi hien ' || g, 'hien ' || g,
               CASE WHEN g %% 2 = 0 THEN 'M' ELSE 'F' END,
               d, extract(year FROM d)::int, 'day', '09' || lpad((g %% 100000000)::text, 8, '0'),
               '', '', '', '', '', b.id, now(), now()
        FROM generate_series(1, {DONORS}) g
        CROSS JOIN LATERAL (SELECT %s::date - ((18 * 365) + (g::bigint * 7919) %% (47 * 365))::int AS d) dd
        JOIN bench_base b ON b.i = g %% {nb}
        """,
        [today],
    )
    log(f"blood: people {time.perf_counter() - t:.0f} s; donors …")
    # Groups: O 42%, B 30%, A 21%, AB 7%; Rh− 0.1%.
    _sql(
        f"""
        INSERT INTO blood_donor (person_id, unit_id, unit_path, abo, rh, group_source, on_call,
            opening_count, opening_source, recorded_count, last_kind, permanently_deferred,
            created_at, updated_at)
        SELECT p.id, p.unit_id, u.path,
               CASE WHEN p.id % 100 < 42 THEN 'O' WHEN p.id % 100 < 72 THEN 'B'
                    WHEN p.id % 100 < 93 THEN 'A' ELSE 'AB' END,
               CASE WHEN p.id % 1000 = 0 THEN '-' ELSE '+' END, 'centre', p.id % 3 = 0,
               0, '', 0, '', false, now(), now()
        FROM people_person p JOIN org_unit u ON u.id = p.unit_id
        WHERE p.full_name LIKE 'Người Hiến %'
        ORDER BY p.id LIMIT {DONORS}
        """
    )
    first = Donor.objects.order_by("pk").values_list("pk", flat=True).first()
    log(f"blood: donors {time.perf_counter() - t:.0f} s; drives …")
    start = today - datetime.timedelta(days=3650)
    _sql(
        f"""
        INSERT INTO blood_drive (unit_id, date, site, centre, campaign, target_units, note,
            cancel_reason, created_at)
        SELECT b.id, %s::date + (g * 3640 / {DRIVES}), 'Điểm hiến máu ' || g, 'Trung tâm máu',
               'red_sunday', {PER_DRIVE}, '', '', now()
        FROM generate_series(0, {DRIVES - 1}) g JOIN bench_base b ON b.i = g %% {nb}
        """,
        [start],
    )
    first_drive = Drive.objects.order_by("pk").values_list("pk", flat=True).first()
    log(f"blood: drives {time.perf_counter() - t:.0f} s; donations …")
    _sql(
        f"""
        INSERT INTO blood_registration (drive_id, person_id, unit_id, date, health,
            override_reason, outcome, volume_ml, kind, deferral_category, deferral_permanent,
            created_at)
        SELECT d.id, {first} + (g::bigint * 7919) % {DONORS}, d.unit_id, d.date, '{{}}', '',
               'donated', CASE WHEN g % 3 = 0 THEN 250 WHEN g % 3 = 1 THEN 350 ELSE 450 END,
               'whole', '', false, now()
        FROM generate_series(0, {DONATIONS - 1}) g
        JOIN blood_drive d ON d.id = {first_drive} + g / {PER_DRIVE}
        """
    )
    log(f"blood: donations {time.perf_counter() - t:.0f} s; donors' dates …")
    _sql(
        """
        UPDATE blood_donor dn SET recorded_count = r.n, last_donation_on = r.last,
               last_kind = 'whole', next_eligible_on = greatest(r.last + 84, p.birth_date + interval '18 years')::date,
               eligible_until = (p.birth_date + interval '61 years')::date
        FROM (SELECT person_id, count(*) n, max(date) last FROM blood_registration
              GROUP BY person_id) r, people_person p
        WHERE dn.person_id = r.person_id AND p.id = dn.person_id
        """
    )
    _sql(
        """
        UPDATE blood_donor dn SET next_eligible_on = (p.birth_date + interval '18 years')::date,
               eligible_until = (p.birth_date + interval '61 years')::date
        FROM people_person p WHERE p.id = dn.person_id AND dn.last_donation_on IS NULL
        """
    )
    log(f"blood: generated in {time.perf_counter() - t:.0f} s; analyse …")
    connection.commit() if not connection.get_autocommit() else None
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")


def province_manager(province: Unit):
    user, _created = get_user_model().objects.get_or_create(username=USER)
    RoleAssignment.objects.get_or_create(user=user, unit=province, role="manager")
    return user


def naive_roster(province: Unit, on: datetime.date):
    last = (
        Registration.objects.filter(unit__path__startswith=province.path, outcome="donated")
        .values("person_id")
        .annotate(n=Count("pk"), last=Max("date"))
    )
    ids = [r["person_id"] for r in last if r["last"] + datetime.timedelta(days=84) <= on]
    return list(
        Donor.objects.filter(pk__in=ids[:50_000], on_call=True, abo="O", rh="+").order_by(
            "last_donation_on"
        )[:200]
    )


def main() -> None:
    migrate()
    red_cross_profile()
    build_tree()
    generate()
    # The largest province: the one with the most donors.
    counts = {}
    for p in Unit.objects.filter(kind=UnitKind.PROVINCE):
        counts[p.pk] = Donor.objects.filter(unit_path__startswith=p.path).count()
    province = Unit.objects.get(pk=max(counts, key=counts.get))
    user = province_manager(province)
    donor_ids = list(
        Donor.objects.filter(unit_path__startswith=province.path).values_list("pk", flat=True)[
            :5000
        ]
    )
    rng = random.Random(17)
    today = timezone.localdate()

    def check():
        person = Person.objects.select_related("unit").get(pk=rng.choice(donor_ids))
        services.check(person, today, unit=person.unit)

    def check_naive():
        person = Person.objects.select_related("unit").get(pk=rng.choice(donor_ids))
        Registration.objects.filter(person=person, outcome="donated").aggregate(Max("date"))
        services.check(person, today, unit=person.unit)

    elig = timings_ms(check, N)
    elig_base = timings_ms(check_naive, N)
    emit("blood.eligibility_p95_ms", p95(elig), "ms", p95(elig_base), goal=GOALS["eligibility_ms"],
         donors=Donor.objects.count(), donations=DONATIONS, scale=SCALE)  # fmt: skip
    groups = [("O", "+"), ("A", "+"), ("B", "+"), ("AB", "+"), ("O", "-")]
    found = []

    def roster():
        abo, rh = rng.choice(groups)
        rows = selectors.roster(user, province, selectors.RosterQuery(abo=abo, rh=rh, on=today))
        found.append(len(rows))

    rost = timings_ms(roster, N)
    base = timings_ms(lambda: naive_roster(province, today), 5, warmup=1)
    emit("blood.roster_p95_ms", p95(rost), "ms", p95(base), goal=GOALS["roster_ms"],
         province_donors=counts[province.pk], median_found=sorted(found)[len(found) // 2],
         scale=SCALE)  # fmt: skip
    emit_outcomes(province, user, today)


def emit_outcomes(province: Unit, user, today) -> None:
    base = Unit.objects.filter(kind=UnitKind.BASE, path__startswith=province.path).first()
    people = list(
        Donor.objects.filter(unit_path__startswith=province.path)
        .exclude(last_donation_on__gte=today - datetime.timedelta(days=120))
        .values_list("pk", flat=True)[:1000]
    )

    def drive_with(pids):
        with transaction.atomic():
            d = Drive.objects.create(unit=base, date=today, site="Bench", centre="Bench",
                                     campaign="ad_hoc", target_units=500)  # fmt: skip
            Registration.objects.bulk_create(
                Registration(drive=d, person_id=pid, unit=base, date=today, weight_kg=60)
                for pid in pids
            )
        return d, list(d.registrations.values_list("pk", flat=True))

    def items(ids):
        return [{"registration": i, "outcome": "donated", "volume_ml": 350, "kind": "whole"}
                for i in ids]  # fmt: skip

    d, ids = drive_with(people[:500])
    t = time.perf_counter()
    services.record_outcomes(actor=user, drive=d, items=items(ids))
    batch = time.perf_counter() - t
    d2, ids2 = drive_with(people[500:1000])
    t = time.perf_counter()
    for i in ids2:
        services.record_outcomes(actor=user, drive=d2, items=items([i]))
    one_by_one = time.perf_counter() - t
    emit("blood.outcomes_500_s", batch, "s", one_by_one, goal=GOALS["outcomes_s"], scale=SCALE)


if __name__ == "__main__":
    main()
