"""Registers benchmark: a million memberships in the national tree; search, list, book export.

Data: the national tree of bench/tree.py, then MEMBERS memberships (full: 1,000,000;
BENCH_SCALE=small: 50,000) made by ``members.demo`` (the ``make_demo`` generator) across the
country, plus one base of Hà Nội grown to about 5,000 members for the book. VACUUM ANALYZE.
Figures (p95 through Django's test client unless said otherwise):
  members.demo_rows_per_s               generation + COPY speed (people and membership rows)
  members.register_search_p95_ms        "nguyen thi hoa"-style search, province manager, province
    baseline: the naive search (load every person of the scope, compare keys in Python)
  members.register_search_rows_p95_ms   the same, as typed in the box (htmx: the rows only)
  members.register_search_base_p95_ms   the same search (whole page) by a base manager, big base
  members.register_list_base_p95_ms     first page of the register, no search, base manager
  members.register_list_province_p95_ms the same for the province manager
  members.book_xlsx_s / members.book_pdf_s  member book of the 5,000-member base (slowest of 3 after a warm-up)
  people.api_search_base_p95_ms         GET /api/v1/people?q= ("nguyen", other common words, full
    names) by the manager of an ordinary base (a few hundred people) on the national database
    baseline: the scope applied after the search ("registered here OR a member here", the API's
    query until it started from the scope)
"""

import resource
import time

from _common import SCALE, emit, log, migrate, p95, red_cross_profile, timings_ms
from tree import build_tree

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Substr
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleAssignment
from members import demo
from members.models import Membership
from org.models import Unit
from people.models import Person

MEMBERS, N = (50_000, 30) if SCALE == "small" else (1_000_000, 100)
BOOK_MEMBERS = 5_000
# Rows to generate in the book's base so that about BOOK_MEMBERS are current members (category
# "member" is about 72% of the rows, and about 5% of those have left).
BOOK_ROWS = int(BOOK_MEMBERS / 0.72 / 0.86)
GOALS = {"search": 50, "list": 150, "book": 3}


def generate(province: Unit, book_base: Unit) -> None:
    if Membership.objects.count() >= MEMBERS:
        log("registers: memberships already there")
        return
    started = time.perf_counter()

    def progress(stats: demo.Stats) -> None:
        t = time.perf_counter() - started
        log(
            f"registers: {stats.memberships:,} memberships, {stats.people:,} people, {t:.0f}s, "
            f"{(stats.people + stats.memberships) / t:,.0f} rows/s"
        )

    stats = demo.run(members=MEMBERS, seed=3, progress=progress)
    elapsed = time.perf_counter() - started
    rows = stats.people + stats.memberships
    emit(
        "members.demo_rows_per_s",
        rows / elapsed,
        "rows/s",
        seconds=round(elapsed, 1),
        people=stats.people,
        memberships=stats.memberships,
        peak_rss_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    )
    demo.run(members=BOOK_ROWS, seed=4, bases=[book_base])
    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    log(f"registers: VACUUM ANALYZE {time.perf_counter() - t:.1f}s")


def manager_client(username: str, unit: Unit):
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        RoleAssignment.objects.create(user=user, unit=unit, role="manager")
    client = Client()
    client.force_login(user)
    return user, client


def main() -> None:
    migrate()
    red_cross_profile()
    build_tree()
    province = Unit.objects.filter(kind="province", admin_code="01").get()  # Hà Nội
    book_base = Unit.objects.subtree_of(province).filter(kind="base").order_by("path").first()
    generate(province, book_base)
    today = timezone.localdate()
    _user, prov_web = manager_client("bench_tinh_hv", province)
    _user, base_web = manager_client("bench_coso_hv", book_base)

    scope_people = Person.objects.filter(memberships__unit__path__startswith=province.path)
    keys = list(scope_people.order_by("?").values_list("search_key", flat=True)[: N * 2])
    base_keys = list(
        Person.objects.filter(memberships__unit__path__startswith=book_base.path)
        .order_by("?")
        .values_list("search_key", flat=True)[: N * 2]
    )
    extra = {
        "memberships": Membership.objects.count(),
        "people": Person.objects.count(),
        "scope_memberships": Membership.objects.filter(
            unit__path__startswith=province.path
        ).count(),
    }
    book_count = (
        Membership.objects.filter(unit__path__startswith=book_base.path, category="member")
        .active_on(today)
        .count()
    )

    def searcher(web, unit, pool):
        i = iter(range(10**9))
        page = reverse("members:register", args=[unit.pk])

        def run():
            r = web.get(page, {"q": pool[next(i) % len(pool)]})
            assert r.status_code == 200, r.status_code

        return run

    def typing(web, unit, pool):
        """The same search as a user typing in the box gets it: htmx asks for the rows only."""
        i = iter(range(10**9))
        page = reverse("members:register", args=[unit.pk])

        def run():
            r = web.get(page, {"q": pool[next(i) % len(pool)]}, HTTP_HX_REQUEST="true")
            assert r.status_code == 200, r.status_code

        return run

    def naive():
        q = keys[len(keys) // 2]
        hits = [k for k in scope_people.values_list("search_key", flat=True) if q in k]
        assert hits

    def lister(web, unit):
        page = reverse("members:register", args=[unit.pk])

        def run():
            r = web.get(page)
            assert r.status_code == 200, r.status_code

        return run

    emit(
        "members.register_search_p95_ms",
        p95(timings_ms(searcher(prov_web, province, keys), N)),
        "ms",
        baseline=p95(timings_ms(naive, max(N // 10, 5), warmup=1)),
        goal=GOALS["search"],
        **extra,
    )
    emit(
        "members.register_search_rows_p95_ms",
        p95(timings_ms(typing(prov_web, province, keys), N)),
        "ms",
        goal=GOALS["search"],
        **extra,
    )
    emit(
        "members.register_search_base_p95_ms",
        p95(timings_ms(searcher(base_web, book_base, base_keys), N)),
        "ms",
        goal=GOALS["search"],
        base_members=book_count,
    )
    emit(
        "members.register_list_base_p95_ms",
        p95(timings_ms(lister(base_web, book_base), N)),
        "ms",
        goal=GOALS["list"],
        base_members=book_count,
    )
    emit(
        "members.register_list_province_p95_ms",
        p95(timings_ms(lister(prov_web, province), N)),
        "ms",
        goal=GOALS["list"],
        **extra,
    )
    bench_people_api(province, book_base)
    for fmt in ("xlsx", "pdf"):
        page = reverse(f"member_exports:book_{fmt}", args=[book_base.pk])

        def export(page=page, fmt=fmt):
            r = base_web.get(page)
            assert r.status_code == 200, r.status_code
            assert r.content.startswith(b"PK" if fmt == "xlsx" else b"%PDF")

        emit(
            f"members.book_{fmt}_s",
            max(timings_ms(export, 3, warmup=1)) / 1000,
            "s",
            goal=GOALS["book"],
            base_members=book_count,
        )


def ordinary_base(province: Unit, skip: Unit) -> Unit:
    """The base of ``province`` with the median number of memberships (not the book's base)."""
    width = len(skip.path)
    counts = sorted(
        (r["n"], r["key"])
        for r in Membership.objects.filter(unit_path__startswith=province.path)
        .values(key=Substr("unit_path", 1, width))
        .annotate(n=Count("pk"))
        if r["key"] != skip.path
    )
    n, path = counts[len(counts) // 2]
    return Unit.objects.get(path=path)


def bench_people_api(province: Unit, book_base: Unit) -> None:
    base = ordinary_base(province, book_base)
    user, web = manager_client("bench_coso_api", base)
    in_base = Person.objects.filter(memberships__unit_path__startswith=base.path)
    pool = ["nguyen", "tran", "le", "thi", "van", "hoa", "minh", "nguyen thi", "huong", "lan"]
    pool += list(in_base.order_by("?").values_list("search_key", flat=True)[:10])
    i = iter(range(10**9))

    def search():
        r = web.get("/api/v1/people", {"q": pool[next(i) % len(pool)]})
        assert r.status_code == 200, r.status_code

    def naive():  # the scope applied after the search, through an OR (the API until now)
        q = pool[next(i) % len(pool)]
        people = Person.objects.visible_to(user).filter(search_key__contains=q)
        people.count()
        list(people.select_related("unit").order_by("sort_key", "pk")[:100])

    emit(
        "people.api_search_base_p95_ms",
        p95(timings_ms(search, N)),
        "ms",
        baseline=p95(timings_ms(naive, max(N // 20, 5), warmup=1)),
        goal=GOALS["search"],
        base_memberships=Membership.objects.filter(unit_path__startswith=base.path).count(),
        memberships=Membership.objects.count(),
        people=Person.objects.count(),
    )


if __name__ == "__main__":
    main()
