"""Indicators benchmark: dashboards at 1,000,000 and 5,000,000 memberships (BENCH_SCALE=small:
50,000 and 250,000), in the national tree of bench/tree.py, data from ``members.demo``.

At each size: a full recount (``refresh_indicators --all``, the bulk-load path), VACUUM ANALYZE,
then (p95 through Django's test client, warm):
  indicators.national_dashboard_p95_ms   the central unit's dashboard (34 provinces), superuser
  indicators.province_dashboard_p95_ms   Hà Nội's dashboard (its bases), province manager
    baseline: the same figures (members, volunteers, youth, joined, left, growth for the unit
    and each child unit) by direct aggregate queries over the memberships
  indicators.refresh_all_s               the full recount
  indicators.refresh_after_write_ms      one admission, then the task's refresh (dirty units only)
And once: indicators.dashboard_cost_ratio (p95 at the large size ÷ p95 at the small one).
"""

import datetime
import time

from _common import SCALE, emit, log, migrate, p95, red_cross_profile, timings_ms
from tree import build_tree

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleAssignment
from indicators import figures
from indicators.selectors import children_on
from members import demo
from members.models import Membership
from members.selectors import joined_between, left_between
from members.services import admit_member
from org.models import Unit
from people.services import create_person

SIZES, N, NB = ((50_000, 250_000), 30, 3) if SCALE == "small" else ((1_000_000, 5_000_000), 60, 3)
GOALS = {"national": 100, "province": 50, "ratio": 1.5}


def grow_to(total: int) -> None:
    have = Membership.objects.count()
    if have >= total:
        return
    started = time.perf_counter()
    demo.run(members=total - have, seed=10 + have // 1000, progress=lambda s: log(
        f"indicators: +{s.memberships:,} memberships, {time.perf_counter() - started:.0f}s"))  # fmt: skip
    log(f"indicators: {Membership.objects.count():,} memberships")


def direct(unit: Unit) -> dict:
    """The dashboard's membership figures straight from the memberships (the baseline)."""
    today = timezone.localdate()
    start, after = datetime.date(today.year, 1, 1), today + datetime.timedelta(days=1)
    before = datetime.date(today.year - 1, 12, 31)
    out = {}
    for u in [unit, *children_on(unit, today)]:
        active = Membership.objects.in_subtree_on(u, today).active_on(today)
        out[u.pk] = {
            "by_cat_sex": list(active.values("category", "person__sex").annotate(n=Count("id"))),
            "joined": joined_between(u, start, after).filter(category="member").count(),
            "left": left_between(u, start, after).filter(category="member").count(),
            "before": Membership.objects.in_subtree_on(u, before)
            .active_on(before)
            .filter(category="member")
            .count(),
        }
    return out


def client_for(username: str, unit: Unit | None) -> Client:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if unit is None and not user.is_superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    if created and unit is not None:
        RoleAssignment.objects.create(user=user, unit=unit, role="manager")
    c = Client()
    c.force_login(user)
    return c


def main() -> None:
    migrate()
    red_cross_profile()
    central = build_tree()
    province = Unit.objects.filter(kind="province", admin_code="01").get()  # Hà Nội
    national_web = client_for("bench_tw_ct", None)
    province_web = client_for("bench_tinh_ct", province)
    measured = {}
    for size in SIZES:
        grow_to(size)
        t = time.perf_counter()
        rows = figures.refresh_all()
        refresh_s = time.perf_counter() - t
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
        memberships = Membership.objects.count()
        emit("indicators.refresh_all_s", refresh_s, "s", rows=rows, memberships=memberships)

        def page(web, unit):
            url = reverse("indicators:dashboard", args=[unit.pk])

            def run():
                r = web.get(url)
                assert r.status_code == 200, r.status_code

            return run

        for key, web, unit in (
            ("national", national_web, central),
            ("province", province_web, province),
        ):
            value = p95(timings_ms(page(web, unit), N))
            base = p95(timings_ms(lambda u=unit: direct(u), NB, warmup=1))
            measured[(key, size)] = value
            emit(f"indicators.{key}_dashboard_p95_ms", value, "ms", baseline=base,
                 goal=GOALS[key], memberships=memberships)  # fmt: skip

        branch = Unit.objects.filter(kind="branch", path__startswith=province.path).first()

        def write_and_refresh(branch=branch):
            with transaction.atomic():
                person = create_person(actor=None, unit=branch, full_name="Người Thử Nghiệm",
                                       sex="F", birth_year=1990, confirm_duplicate=True)  # fmt: skip
                admit_member(actor=None, person=person, unit=branch, category="member",
                             joined_on=timezone.localdate())  # fmt: skip
            figures.refresh_dirty()

        emit("indicators.refresh_after_write_ms",
             p95(timings_ms(write_and_refresh, 10, warmup=1)), "ms", memberships=memberships)  # fmt: skip

    small, large = SIZES
    for key in ("national", "province"):
        emit(f"indicators.dashboard_cost_ratio_{key}", measured[(key, large)] / measured[(key, small)],
             "ratio", goal=GOALS["ratio"], sizes=list(SIZES))  # fmt: skip


if __name__ == "__main__":
    main()
