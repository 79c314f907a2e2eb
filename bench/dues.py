"""Dues benchmark: a million memberships, receipts for about 80% of members, then the two goals.

Data: the national tree of bench/tree.py, MEMBERS memberships from ``members.demo`` (full:
1,000,000; BENCH_SCALE=small: 50,000), one branch grown to at least TICK members who must pay,
receipts for about 80% of the active members for this year (one set-based INSERT … SELECT, receipt
numbers per base by row_number()), exemptions for about 1%. VACUUM ANALYZE.
Figures:
  dues.ticklist_300_s            recording a TICK-member branch tick-list: one POST of the tick-list
                                 page through Django's test client (slowest of RUNS after a warm-up)
    baseline: the same members recorded one by one (a record_payment service call per member)
  dues.province_rate_by_base_ms  p95 of the collection rate of every base of the largest province,
                                 as of today, in one grouped query (dues.selectors.rates_by_child);
                                 ``seq_scan_receipts`` says whether its plan reads every receipt
    baseline: the same figures asked base by base (one query per base)
  dues.rate_page_p95_ms          p95 of the dues page a user opens (GET /u/<id>/dues/, Django's test
                                 client: the whole request) for the largest province and for the
                                 whole country (``level``): today's rates, read from the figures
                                 the dashboards keep (current: refreshed after the receipts); with
                                 ``threads`` 3, three users opening it at once (a light soak);
    baseline: the same page counted from the registers (dues.selectors.rates_by_child: what the
              page did before, and still does for a past date or seconds after a write)
  dues.indicators_ms             p95 of the three dues indicators of the dashboards together
                                 (collection_rate, amount_collected, amount_remitted) for the
                                 largest province and for the whole country (``level``), with the
                                 median of each (informational, no goal)
Between runs the receipts just written are cancelled (a cancelled receipt never counts), so every
run records the same unpaid members again. Run again on a database that already holds the data
(DATABASE_URL of a kept cluster), it skips the generation and measures only.
"""

import math
import statistics
import time

from _common import SCALE, emit, log, migrate, p95, red_cross_profile, timings_ms
from registers import manager_client
from tree import build_tree

from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleAssignment
from dues import selectors, services
from dues.models import DuesPayment
from members import demo
from members.models import Membership
from org.models import Unit, UnitKind

MEMBERS, N = (50_000, 30) if SCALE == "small" else (1_000_000, 60)
TICK, RUNS = 300, 3
GOALS = {"ticklist_s": 1.0, "rate_ms": 500, "page_ms": 500}
SEED = 11
TICK_USER = "bench_chi_hoi"


def generate() -> None:
    if Membership.objects.count() >= MEMBERS:
        log("dues: memberships already there")
        return
    started = time.perf_counter()

    def progress(stats: demo.Stats) -> None:
        log(f"dues: {stats.memberships:,} memberships, {time.perf_counter() - started:.0f}s")

    demo.run(members=MEMBERS, seed=SEED, progress=progress)


def paying(unit: Unit, year: int, on) -> int:
    return selectors.must_pay(unit, year, on).count()


def grow_branch(province: Unit, year: int, on) -> Unit:
    """The branch of ``province`` with the most members who must pay, grown to TICK or more; on a
    database that already holds the data, the branch of the earlier run (its user's unit)."""
    earlier = RoleAssignment.objects.filter(user__username=TICK_USER).select_related("unit").first()
    if earlier is not None:
        log(f"dues: tick-list branch {earlier.unit.name} of an earlier run")
        return earlier.unit
    counts = (
        Membership.objects.filter(unit__path__startswith=province.path, unit__kind=UnitKind.BRANCH)
        .active_on(on)
        .filter(category="member")
        .values("unit")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    top = counts.first()
    branch = Unit.objects.get(pk=top["unit"]) if top else None
    if branch is None:
        branch = Unit.objects.filter(path__startswith=province.path, kind=UnitKind.BRANCH).first()
    have = paying(branch, year, on)
    if have < TICK:
        base = Unit.objects.get(path=branch.path[: 3 * Unit.steplen])
        siblings = Unit.objects.filter(
            path__startswith=base.path, kind=UnitKind.BRANCH, depth=base.depth + 1
        ).count()
        # About 72% of generated rows are members and ~86% of those still active.
        rows = math.ceil((TICK - have) * max(siblings, 1) / (0.72 * 0.86) * 1.4)
        log(f"dues: growing {branch.name} ({have} members) with {rows:,} rows in its base")
        demo.run(members=rows, seed=SEED + 1, bases=[base])
        have = paying(branch, year, on)
    log(f"dues: tick-list branch {branch.name}: {have} members who must pay")
    return branch


def seed_payments(year: int, on, skip: Unit) -> None:
    """Receipts for ~80% of active members (not in ``skip``), ~1% exemptions; set-based."""
    if DuesPayment.objects.filter(year=year).exists():
        log("dues: receipts already there")
        return
    t = time.perf_counter()
    base_len = 3 * Unit.steplen
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO dues_duespayment (membership_id, person_id, unit_id, unit_path, base_id,
                year, amount, paid_on, receipt_no, note, created_at, cancel_reason)
            SELECT m.id, m.person_id, m.unit_id, m.unit_path, b.id, %(year)s, 12000,
                GREATEST(%(paid_on)s::date - (m.id %% 60)::int, %(jan1)s::date),
                row_number() OVER (PARTITION BY b.id ORDER BY m.id), '', now(), ''
            FROM members_membership m
            JOIN org_unit b ON b.path = substr(m.unit_path, 1, %(base_len)s)
            WHERE m.category = 'member' AND m.joined_on <= %(on)s
              AND (m.ended_on IS NULL OR m.ended_on > %(on)s)
              AND m.unit_path NOT LIKE %(skip)s
              AND (hashtext(m.id::text) %% 100 + 100) %% 100 < 80
            """,
            {
                "year": year,
                "paid_on": on,
                "jan1": f"{year}-01-01",
                "on": on,
                "base_len": base_len,
                "skip": skip.path + "%",
            },
        )
        log(f"dues: {cur.rowcount:,} receipts in {time.perf_counter() - t:.1f}s")
        cur.execute(
            """
            INSERT INTO dues_receiptcounter (base_id, year, last)
            SELECT base_id, year, max(receipt_no) FROM dues_duespayment WHERE year = %s
            GROUP BY base_id, year
            """,
            [year],
        )
        cur.execute(
            """
            INSERT INTO dues_duesexemption (membership_id, person_id, unit_id, unit_path, base_id,
                year, decision_ref, decided_on, reason, created_at, revoke_reason)
            SELECT m.id, m.person_id, m.unit_id, m.unit_path, b.id, %(year)s, 'QĐ-bench',
                %(on)s, '', now(), ''
            FROM members_membership m
            JOIN org_unit b ON b.path = substr(m.unit_path, 1, %(base_len)s)
            WHERE m.category = 'member' AND m.joined_on <= %(on)s
              AND (m.ended_on IS NULL OR m.ended_on > %(on)s)
              AND m.unit_path NOT LIKE %(skip)s
              AND (hashtext(m.id::text) %% 100 + 100) %% 100 = 95
            """,
            {"year": year, "on": on, "base_len": base_len, "skip": skip.path + "%"},
        )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    log(f"dues: receipts, counters, exemptions, VACUUM ANALYZE {time.perf_counter() - t:.1f}s")


def cancel_all(branch: Unit, year: int) -> None:
    DuesPayment.objects.filter(
        unit_path__startswith=branch.path, year=year, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now(), cancel_reason="bench")


def bench_ticklist(branch: Unit, year: int, on) -> None:
    user, web = manager_client(TICK_USER, branch)
    url = reverse("dues:ticklist", args=[branch.pk])
    members = list(
        selectors.must_pay(branch, year, on).select_related("person", "unit").order_by("pk")[:TICK]
    )
    assert len(members) == TICK, len(members)
    ids = [str(m.pk) for m in members]
    form = {"year": str(year), "paid_on": on.isoformat(), "amount": "12000", "note": "", "ids": ids}

    def post() -> float:
        t = time.perf_counter()
        r = web.post(url, form)
        took = time.perf_counter() - t
        assert r.status_code == 302, (r.status_code, r.content[:2000])
        assert DuesPayment.objects.live().filter(unit=branch, year=year).count() == TICK
        cancel_all(branch, year)
        return took

    def one_by_one() -> float:
        t = time.perf_counter()
        for m in members:
            services.record_payment(actor=user, membership=m, year=year, paid_on=on)
        took = time.perf_counter() - t
        cancel_all(branch, year)
        return took

    post()  # warm-up
    fast = max(post() for _ in range(RUNS))
    slow = max(one_by_one() for _ in range(RUNS))
    emit(
        "dues.ticklist_300_s",
        fast,
        "s",
        baseline=slow,
        goal=GOALS["ticklist_s"],
        members=TICK,
        runs=RUNS,
        note="slowest of runs; baseline: one record_payment call per member",
    )
    t = time.perf_counter()
    r = web.get(url, {"year": year})
    page_ms = (time.perf_counter() - t) * 1000
    assert r.status_code == 200 and r.content.decode().count('name="ids"') >= TICK
    log(f"dues: tick-list page of {TICK}+ unpaid members rendered in {page_ms:.0f} ms")


def bench_rate(province: Unit, year: int, on) -> None:
    bases = list(
        Unit.objects.filter(
            path__startswith=province.path, kind=UnitKind.BASE, depth=province.depth + 1
        )
    )
    total, rows = selectors.rates_by_child(province, year, on)
    slow_rows = {b.pk: selectors.unit_rate(b, year, on) for b in bases}
    for r in rows:  # the one-query figures equal the base-by-base ones
        s = slow_rows[r.unit.pk]
        assert (r.members, r.paid, r.exempt) == (s.members, s.paid, s.exempt), r.unit
    fast = p95(timings_ms(lambda: selectors.rates_by_child(province, year, on), N))
    plan = rate_plan(province, year, on)
    slow = p95(
        timings_ms(lambda: [selectors.unit_rate(b, year, on) for b in bases], max(N // 10, 3), 1)
    )
    emit(
        "dues.province_rate_by_base_ms",
        fast,
        "ms",
        baseline=slow,
        goal=GOALS["rate_ms"],
        bases=len(bases),
        members_due=total.due,
        members=total.members,
        paid=total.paid,
        rate=round(total.rate or 0, 4),
        province=province.name,
        seq_scan_receipts="Seq Scan on dues_duespayment" in plan,
        note="p95; baseline: one query per base",
    )


def rate_plan(unit: Unit, year: int, on) -> str:
    """EXPLAIN of the grouped rate query (the plan the planner picks with today's statistics)."""
    seen = []

    def keep(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        selectors.rates_by_child(unit, year, on)
    sql, params = next((q, p) for q, p in seen if "GROUP BY key" in q)
    with connection.cursor() as cur:
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    log("dues: plan of the rate query\n" + plan)
    return plan


def bench_rate_page(province: Unit, year: int, on) -> None:
    import threading
    from unittest import mock

    from indicators import figures

    t = time.perf_counter()
    figures.refresh_all(keep=1)  # what `refresh_indicators --all` does after a bulk load
    log(f"dues: indicator figures of every unit in {time.perf_counter() - t:.0f}s")
    central = Unit.objects.get(path=province.path[: Unit.steplen])
    for level, unit, n in (("province", province, N // 2), ("central", central, max(N // 6, 5))):
        user, web = manager_client(f"bench_dues_{level}", unit)
        url = reverse("dues:home", args=[unit.pk])

        def page(web=web, url=url):
            r = web.get(url)
            assert r.status_code == 200, r.status_code

        def counted(web=web, url=url):
            with mock.patch("dues.selectors.rates._kept_reader", None):
                page(web, url)

        fast = timings_ms(page, n)
        emit(
            "dues.rate_page_p95_ms",
            p95(fast),
            "ms",
            baseline=p95(timings_ms(counted, max(n // 5, 3), 1)),
            goal=GOALS["page_ms"],
            level=level,
            unit_name=unit.name,
            threads=1,
            median_ms=round(statistics.median(fast), 1),
        )
        together: list[float] = []

        def opener(user=user, url=url, n=n, together=together):
            from django.db import connection as conn
            from django.test import Client

            c = Client()
            c.force_login(user)
            for _ in range(max(n // 3, 3)):
                t0 = time.perf_counter()
                assert c.get(url).status_code == 200
                together.append((time.perf_counter() - t0) * 1000)
            conn.close()

        threads = [threading.Thread(target=opener) for _ in range(3)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        emit(
            "dues.rate_page_p95_ms",
            p95(together),
            "ms",
            goal=GOALS["page_ms"],
            level=level,
            unit_name=unit.name,
            threads=3,
            median_ms=round(statistics.median(together), 1),
        )


def bench_indicators(province: Unit, year: int, on) -> None:
    central = Unit.objects.get(path=province.path[: Unit.steplen])
    for level, unit, n in (("province", province, N // 2), ("central", central, max(N // 10, 3))):
        parts: dict[str, list[float]] = {}

        def all_three(unit: Unit = unit, parts: dict = parts) -> None:
            for name in ("collection_rate", "amount_collected", "amount_remitted"):
                t = time.perf_counter()
                getattr(selectors, name)(unit, year, on)
                parts.setdefault(name, []).append((time.perf_counter() - t) * 1000)

        total = p95(timings_ms(all_three, n, 1))
        emit(
            "dues.indicators_ms",
            total,
            "ms",
            level=level,
            unit_name=unit.name,
            **{f"{k}_median_ms": round(statistics.median(v), 1) for k, v in parts.items()},
            runs=n,
            note="p95 of the three dues indicators of one unit together; no goal",
        )


def main() -> None:
    migrate()
    red_cross_profile()
    build_tree()
    generate()
    today = timezone.localdate()
    year = today.year
    by_province = {
        p.pk: Membership.objects.filter(unit_path__startswith=p.path).count()
        for p in Unit.objects.filter(kind=UnitKind.PROVINCE)
    }
    province = Unit.objects.get(pk=max(by_province, key=by_province.__getitem__))
    log(f"dues: largest province {province.name}: {by_province[province.pk]:,} memberships")
    branch = grow_branch(province, year, today)
    seed_payments(year, today, skip=branch)
    cancel_all(branch, year)
    bench_ticklist(branch, year, today)
    bench_rate(province, year, today)
    bench_rate_page(province, year, today)
    bench_indicators(province, year, today)


if __name__ == "__main__":
    main()
