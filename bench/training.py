"""Training benchmark: certificates of a 700-trainee year as one PDF, and a province's active
volunteers over 200,000 volunteers and 5,000,000 hour records read from the stored figures.

Data (PostgreSQL, set-based INSERT … SELECT over generate_series): the national tree of
bench/tree.py; VOLUNTEERS people with a volunteer membership in the branches of the largest
province; ACTIVITIES activities of its bases over the last ten years and HOURS hour records
(1–8 h, each activity's volunteers distinct), so that part of the volunteers pass the "active"
rule (≥ 12 h or ≥ 3 activities in 12 months) and part do not; then the indicators' stored figures
refreshed for the year (indicators.figures.refresh.refresh_year). VACUUM ANALYZE.
For the certificates: 13 first-aid classes of one base in one year with 700 trainees (54 or 53
a class), all passed, certificates issued by the service (training.services.issue_certificates).

Figures:
  training.certificates_700_pdf_s   the 700 certificates of the year as one PDF (A4 landscape,
                                    a QR code each): read (training.printing.certificate_rows)
                                    and drawn (build_certificates_pdf), slowest of RUNS
    baseline: the 700 drawn one PDF per certificate (what printing one by one costs)
  training.active_volunteers_p95_ms p95 of the province's active-volunteer count read from the
                                    stored figures (indicators.selectors.values, indicator
                                    tr_active_volunteers), the value checked against the recount
    baseline: the same count computed from the hour records (training.figures own figures of the
              province's units: one grouped query over the hours in the window)
  training.issue_700_s              issuing the 700 certificates (13 calls of the service, numbers
                                    taken under the counter's lock), informational
BENCH_SCALE=small: 20,000 volunteers and 500,000 hour records (the PDF is the same 700).
"""

import datetime
import os
import time

from _common import SCALE, emit, log, migrate, p95, red_cross_profile, timings_ms
from tree import build_tree

from django.db import connection
from django.utils import timezone

from members.models import Membership
from org.models import Unit, UnitKind
from people.models import Person
from training import services
from training.models import Certificate, Course, Participant, RecognitionLevel, VolunteerRule
from training.presets import ensure_presets
from training.printing import build_certificates_pdf, certificate_rows

VOLUNTEERS, HOURS = (20_000, 500_000) if SCALE == "small" else (200_000, 5_000_000)
PER_ACTIVITY = 25
ACTIVITIES = HOURS // PER_ACTIVITY
TRAINEES, CLASSES, RUNS = 700, 13, 3
GOALS = {"pdf_s": 5.0, "active_ms": 200}
VERIFY = "https://hoi.example.vn/"


def _sql(statement: str, params=None) -> None:
    with connection.cursor() as cur:
        if params:
            cur.execute(statement, params)
        else:  # no parameters: a "%" is the modulo operator, not a placeholder
            cur.execute(statement)


def largest_province() -> Unit:
    """The province with the most bases."""
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE))
    paths = list(Unit.objects.filter(kind=UnitKind.BASE).values_list("path", flat=True))
    return max(provinces, key=lambda p: sum(1 for b in paths if b.startswith(p.path)))


def generate(province: Unit) -> None:
    if Membership.objects.filter(category="volunteer").count() >= VOLUNTEERS:
        log("training: volunteers already there")
        return
    t = time.perf_counter()
    today = timezone.localdate()
    branches = list(
        Unit.objects.filter(kind=UnitKind.BRANCH, path__startswith=province.path)
        .order_by("path")
        .values_list("pk", "path")
    )
    bases = list(
        Unit.objects.filter(kind=UnitKind.BASE, path__startswith=province.path)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    log(f"training: {len(bases)} bases, {len(branches)} branches; volunteers …")
    _sql("CREATE TEMP TABLE bench_branch (i int primary key, id int, path text)")
    _sql("CREATE TEMP TABLE bench_base (i int primary key, id int)")
    with connection.cursor() as cur:
        cur.executemany("INSERT INTO bench_branch VALUES (%s, %s, %s)",
                        [(i, pk, path) for i, (pk, path) in enumerate(branches)])  # fmt: skip
        cur.executemany("INSERT INTO bench_base VALUES (%s, %s)", list(enumerate(bases)))
    nbr, nb = len(branches), len(bases)
    _sql(
        f"""
        INSERT INTO people_person (full_name, search_key, sort_key, sex, birth_date, birth_year,
            birth_precision, phone, address_code, address_detail, ethnicity, religion,
            occupation, unit_id, created_at, updated_at)
        SELECT 'Tình Nguyện ' || g, 'tinh nguyen ' || g, 'nguyen ' || g,
               CASE WHEN g %% 5 < 3 THEN 'F' ELSE 'M' END,
               d, extract(year FROM d)::int, 'day', '', '', '', '', '', '', b.id, now(), now()
        FROM generate_series(1, {VOLUNTEERS}) g
        CROSS JOIN LATERAL (SELECT %s::date - ((16 * 365) + (g * 7919) %% (40 * 365)) AS d) dd
        JOIN bench_branch b ON b.i = g %% {nbr}
        """,
        [today],
    )
    first = Person.objects.filter(full_name="Tình Nguyện 1").values_list("pk", flat=True).first()
    _sql(
        f"""
        INSERT INTO members_membership (person_id, unit_id, unit_path, sort_key, search_key,
            category, card_number, joined_on, end_reason, end_note, note, created_at)
        SELECT p.id, p.unit_id, b.path, p.sort_key, p.search_key, 'volunteer', '',
               %s::date - 2000, '', '', '', now()
        FROM people_person p JOIN bench_branch b ON b.id = p.unit_id
        WHERE p.id BETWEEN {first} AND {first + VOLUNTEERS - 1}
        """,
        [today],
    )
    log(f"training: volunteers {time.perf_counter() - t:.0f} s; activities …")
    _sql(
        f"""
        INSERT INTO training_activity (unit_id, kind, "on", place, description, cancel_reason,
            created_at)
        SELECT b.id, 'first_aid', %s::date - (g * 3650 / {ACTIVITIES}), '', '', '', now()
        FROM generate_series(0, {ACTIVITIES - 1}) g JOIN bench_base b ON b.i = g %% {nb}
        """,
        [today],
    )
    first_act = _first_id("training_activity")
    log(f"training: activities {time.perf_counter() - t:.0f} s; hours …")
    # Activity a takes volunteers (a * 7919 + k * 104729) mod (4/5 V) for k < PER_ACTIVITY:
    # distinct within an activity; a fifth of the volunteers never serve, the others about 2.5
    # times a year of 1–8 hours over ten years, so the rule splits them.
    _sql(
        f"""
        INSERT INTO training_volunteerhours (activity_id, person_id, "on", hours, cancelled)
        SELECT a.id, {first} + ((g / {PER_ACTIVITY})::bigint * 7919
                                + (g % {PER_ACTIVITY}) * 104729) % {VOLUNTEERS * 4 // 5},
               a."on", 1 + (g % 8), false
        FROM generate_series(0, {HOURS - 1}) g
        JOIN training_activity a ON a.id = {first_act} + g / {PER_ACTIVITY}
        """
    )
    log(f"training: generated in {time.perf_counter() - t:.0f} s; analyse …")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")


def _first_id(table: str) -> int:
    with connection.cursor() as cur:
        cur.execute(f"SELECT min(id) FROM {table}")  # noqa: S608 - a fixed table name
        return cur.fetchone()[0]


def trainees_year(base: Unit, year: int) -> list:
    """13 classes of ``base`` in ``year`` with 700 passed trainees; their certificates."""
    course = Course.objects.get(code="SCC-CB")
    people = Person.objects.bulk_create(
        Person(full_name=f"Học Viên Sơ Cứu {i}", search_key=f"hoc vien {i}",
               sort_key=f"vien {i:04d}", sex="F" if i % 2 else "M", birth_year=1990 + i % 20,
               unit=base)
        for i in range(TRAINEES)
    )  # fmt: skip
    t = time.perf_counter()
    for c in range(CLASSES):
        day = datetime.date(year, 1 + c % 12, 5 + c // 12)
        cls = services.create_class(
            actor=None, unit=base, course=course, starts_on=day, ends_on=day, place="Hải Châu"
        )
        group = people[c::CLASSES]
        Participant.objects.bulk_create(
            Participant(training_class=cls, person=p, result="passed") for p in group
        )
        services.issue_certificates(actor=None, cls=cls, issued_on=day)
    return [time.perf_counter() - t]


def main() -> None:
    migrate()
    red_cross_profile()
    ensure_presets(Course, VolunteerRule, RecognitionLevel)
    build_tree()
    province = largest_province()
    generate(province)
    today = timezone.localdate()
    year = today.year - 1

    base = Unit.objects.filter(kind=UnitKind.BASE, path__startswith=province.path).first()
    certs = Certificate.objects.filter(unit=base, year=year)
    if certs.count() < TRAINEES:
        [issue_s] = trainees_year(base, year)
        emit("training.issue_700_s", issue_s, "s", scale=SCALE)
    assert certs.count() == TRAINEES

    def one_pdf() -> bytes:
        return build_certificates_pdf(certificate_rows(certs, VERIFY))

    pdf_times = timings_ms(one_pdf, RUNS, warmup=1)
    size = len(one_pdf())
    t = time.perf_counter()
    for pk in certs.values_list("pk", flat=True)[:100]:
        build_certificates_pdf(certificate_rows(Certificate.objects.filter(pk=pk), VERIFY))
    one_by_one = (time.perf_counter() - t) * TRAINEES / 100
    # ``load``: the machine's 1-minute load average then (the benchmark shares it).
    emit("training.certificates_700_pdf_s", max(pdf_times) / 1000, "s", one_by_one,
         goal=GOALS["pdf_s"], pages=TRAINEES, bytes=size, scale=SCALE,
         load=round(os.getloadavg()[0], 1))  # fmt: skip

    from indicators.catalogue import BY_CODE
    from indicators.figures.refresh import refresh_year
    from indicators.selectors import values
    from training.figures import own_figures

    t = time.perf_counter()
    refresh_year(today.year)
    log(f"training: figures refreshed in {time.perf_counter() - t:.0f} s")
    indicator = BY_CODE["tr_active_volunteers"]

    def stored() -> float | None:
        [row] = values([province], today.year, [indicator])
        return row.cells[indicator.code].value

    subtree = list(Unit.objects.filter(path__startswith=province.path).values_list("pk", flat=True))

    def recount() -> int:
        figs = own_figures(today.year, today, subtree)
        return sum(v for d in figs.values() for k, v in d.items() if k.startswith("tr:va:"))

    counted = recount()
    assert stored() == counted, (stored(), counted)
    read = timings_ms(stored, 200)
    direct = timings_ms(recount, 3, warmup=1)
    emit("training.active_volunteers_p95_ms", p95(read), "ms", p95(direct),
         goal=GOALS["active_ms"], active=counted, volunteers=VOLUNTEERS, hour_records=HOURS,
         scale=SCALE, load=round(os.getloadavg()[0], 1))  # fmt: skip


if __name__ == "__main__":
    main()
